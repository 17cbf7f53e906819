/*
 * hooksig.c — signing webhook deliveries (hooksig.h): HMAC-SHA256 through
 * libsodium's crypto_auth_hmacsha256 (which takes a key of any length), the
 * signed text "<t>.<body>" and the header it goes out in.
 */
#include "hooksig.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void hooksig_hmac(const void *key, size_t keylen, const void *msg, size_t len, unsigned char out[32])
{
	crypto_auth_hmacsha256_state s;
	crypto_auth_hmacsha256_init(&s, key, keylen);
	crypto_auth_hmacsha256_update(&s, msg, len);
	crypto_auth_hmacsha256_final(&s, out);
	sodium_memzero(&s, sizeof s);
}

void hooksig_secret(char out[HOOKSIG_SECRET_LEN + 1])
{
	unsigned char raw[HOOKSIG_SECRET_BYTES];
	randombytes_buf(raw, sizeof raw);
	memcpy(out, "whsec_", 6);
	sodium_bin2hex(out + 6, 2 * HOOKSIG_SECRET_BYTES + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void hooksig_header(const char *secret, int64_t t, const char *body, size_t len, char out[HOOKSIG_HEADER_LEN])
{
	char ts[24];
	int tl = snprintf(ts, sizeof ts, "%" PRId64 ".", t);
	crypto_auth_hmacsha256_state s;
	unsigned char mac[32];
	crypto_auth_hmacsha256_init(&s, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)ts, (size_t)tl);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_memzero(&s, sizeof s);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(out, HOOKSIG_HEADER_LEN, "t=%" PRId64 ",v1=%s", t, hex);
}
