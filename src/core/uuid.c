/*
 * uuid.c — name-based UUIDs, version 5 (RFC 9562 §5.5).
 *
 * The namespace's 16 bytes and the name's bytes are hashed with SHA-1
 * (GnuTLS's gnutls_hash_fast, as TOTP's HMAC-SHA-1 in totp.c); the first 16
 * bytes of the digest become the UUID, with the version (5) in the high
 * nibble of byte 6 and the RFC 9562 variant (10xx) in byte 8.  SHA-1 is the
 * algorithm the RFC names for version 5: it makes identifiers, not secrets.
 */
#include "uuid.h"

#include <gnutls/crypto.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* The 16 bytes of a UUID's text form (8-4-4-4-12 hex digits); false when it is not one. */
static bool uuid_parse(const char *s, unsigned char out[16])
{
	char hex[33];
	size_t k = 0, n = 0;
	if (!s || strlen(s) != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash != (s[i] == '-'))
			return false;
		if (!dash)
			hex[k++] = s[i];
	}
	hex[k] = '\0';
	return sodium_hex2bin(out, 16, hex, k, NULL, &n, NULL) == 0 && n == 16;
}

bool uuid_v5(const char *ns, const char *name, char out[UUID_LEN])
{
	unsigned char nsb[16], digest[20];
	out[0] = '\0';
	if (!uuid_parse(ns, nsb))
		return false;
	size_t n = strlen(name);
	unsigned char *msg = xmalloc(16 + n);
	memcpy(msg, nsb, 16);
	memcpy(msg + 16, name, n);
	int rc = gnutls_hash_fast(GNUTLS_DIG_SHA1, msg, 16 + n, digest);
	free(msg);
	if (rc < 0)
		return false;
	digest[6] = (unsigned char)((digest[6] & 0x0f) | 0x50);
	digest[8] = (unsigned char)((digest[8] & 0x3f) | 0x80);
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		snprintf(p, 3, "%02x", digest[i]);
		p += 2;
	}
	*p = '\0';
	return true;
}
