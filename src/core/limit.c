/*
 * limit.c — the checks behind limit.h: one text's encoding and length, one
 * list's size, each failing with ERR_INVALID that names the field and says
 * the maximum.
 */
#include "limit.h"

#include <stdio.h>

int limit_text(const char *s, size_t len, size_t max, const char *field, const char *what, struct errinfo *e)
{
	size_t ok = limit_utf8_prefix((const unsigned char *)s, len);
	if (ok < len && s[ok] == 0)
		return err_setm(e, ERR_INVALID, field, "limit.nul", "key", what, NULL);
	if (ok < len)
	{
		char at[24];
		snprintf(at, sizeof at, "%zu", ok + 1);
		return err_setm(e, ERR_INVALID, field, "limit.utf8", "key", what, "byte", at, NULL);
	}
	if (len > max)
	{
		char mx[24], got[24];
		snprintf(mx, sizeof mx, "%zu", max);
		snprintf(got, sizeof got, "%zu", len);
		return err_setm(e, ERR_INVALID, field, "limit.text", "key", what, "max", mx, "given", got, NULL);
	}
	return 0;
}

int limit_id(const char *s, size_t len, const char *field, const char *what, struct errinfo *e)
{
	int rc = limit_text(s, len, LIMIT_ID, field, what, e);
	for (size_t i = 0; !rc && i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			rc = err_setm(e, ERR_INVALID, field, "limit.control", "key", what, NULL);
	return rc;
}

int limit_list(size_t n, size_t max, const char *field, const char *what, struct errinfo *e)
{
	if (n > max)
	{
		char mx[24], got[24];
		snprintf(mx, sizeof mx, "%zu", max);
		snprintf(got, sizeof got, "%zu", n);
		return err_setm(e, ERR_INVALID, field, "limit.list", "key", what, "max", mx, "given", got, NULL);
	}
	return 0;
}

/*
 * Follows RFC 3629 table 3-7: the second byte's range depends on the first
 * byte, which excludes overlong forms, surrogates and values over U+10FFFF.
 */
size_t limit_utf8_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char b = s[i];
		if (b >= 0x01 && b <= 0x7f) {
			i++;
			continue;
		}
		size_t len;
		unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
		if (b >= 0xc2 && b <= 0xdf) {
			len = 2;
		} else if (b >= 0xe0 && b <= 0xef) {
			len = 3;
			if (b == 0xe0)
				lo = 0xa0; /* overlong below U+0800 */
			else if (b == 0xed)
				hi = 0x9f; /* surrogates U+D800..U+DFFF */
		} else if (b >= 0xf0 && b <= 0xf4) {
			len = 4;
			if (b == 0xf0)
				lo = 0x90; /* overlong below U+10000 */
			else if (b == 0xf4)
				hi = 0x8f; /* above U+10FFFF */
		} else {
			return i; /* NUL, stray continuation, C0/C1 overlong lead, F5..FF */
		}
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return i;
		i += len;
	}
	return n;
}
