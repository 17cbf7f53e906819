/*
 * lei.c — identifiers on the regulators' forms (lei.h).
 */
#include "lei.h"

#include <string.h>

bool lei_valid(const char *s)
{
	if (!s || strlen(s) != 20)
		return false;
	unsigned rem = 0;
	for (int i = 0; i < 20; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		} else if (c >= 'A' && c <= 'Z' && i < 18) {
			unsigned v = (unsigned)(c - 'A') + 10; /* two digits */
			rem = (rem * 100 + v) % 97;
		} else {
			return false; /* lower case, punctuation, or a letter among the check digits */
		}
	}
	return rem == 1;
}

bool authority_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 2 && n <= 32 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

bool email_valid(const char *s)
{
	if (!s)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';')
			return false;
	const char *dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1];
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool phone_valid(const char *s)
{
	if (!s)
		return false;
	const char *p = s;
	if (*p == '+')
		p++;
	/* [1-9]\d{1,14} */
	if (*p < '1' || *p > '9')
		return false;
	int n = 0;
	while (digit(*p) && n < 15)
		p++, n++;
	if (n < 2)
		return false;
	/* (\s?\(\d+\))? */
	const char *q = p;
	if (*q == ' ')
		q++;
	if (*q == '(') {
		q++;
		if (!digit(*q))
			return false;
		while (digit(*q))
			q++;
		if (*q != ')')
			return false;
		p = q + 1;
	}
	/* ([-\s.]?\d+)* — a greedy run of digits after the first 15 is a group too */
	while (*p) {
		if (*p == '-' || *p == ' ' || *p == '.')
			p++;
		if (!digit(*p))
			return false;
		while (digit(*p))
			p++;
	}
	return true;
}
