/*
 * etag.c — object versions as strong ETags (see etag.h).
 */
#include "etag.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

void etag_of_bytes(const char *data, size_t len, char out[ETAG_LEN])
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, ETAG_LEN, "\"%s\"", hex);
}

void etag_of_json(const json_t *j, char out[ETAG_LEN])
{
	char *data = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	ASSERT(data);
	etag_of_bytes(data, strlen(data), out);
	free(data);
}

bool etag_matches(const char *cond, const char *etag)
{
	const char *bare = etag + 1; /* the hex between the quotes */
	size_t bare_len = strlen(etag) - 2;
	const char *p = cond;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return true;
		bool weak = n >= 2 && !strncmp(p, "W/", 2);
		const char *t = p;
		size_t tn = n;
		if (tn >= 2 && t[0] == '"' && t[tn - 1] == '"') {
			t++;
			tn -= 2;
		}
		if (!weak && tn == bare_len && !memcmp(t, bare, tn))
			return true;
		p += n;
		if (end)
			p = end + 1;
	}
	return false;
}
