/*
 * hooksig.h — the signature of a webhook delivery (docs/webhooks.md).
 *
 * X-Skjold-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>, the HMAC keyed
 * with the endpoint's secret (its text as given at creation) over
 * "<t>.<body>": the receiver recomputes it, compares in constant time,
 * rejects an old t and a delivery id it has seen (X-Skjold-Delivery), so a
 * captured delivery cannot be replayed.
 */
#ifndef SKJOLD_HOOKSIG_H
#define SKJOLD_HOOKSIG_H

#include <stddef.h>
#include <stdint.h>

#define HOOKSIG_SECRET_BYTES 32
/* the secret's text: "whsec_" and 64 hex digits */
#define HOOKSIG_SECRET_LEN (6 + 2 * HOOKSIG_SECRET_BYTES)
/* "t=" 20 digits ",v1=" 64 hex digits and the NUL */
#define HOOKSIG_HEADER_LEN 96

/* HMAC-SHA256 of msg under key (any length: RFC 2104, RFC 4231). */
void hooksig_hmac(const void *key, size_t keylen, const void *msg, size_t len, unsigned char out[32]);
/* A new random secret (libsodium's randombytes): out gets HOOKSIG_SECRET_LEN characters and the NUL. */
void hooksig_secret(char out[HOOKSIG_SECRET_LEN + 1]);
/* The header value "t=T,v1=HEX" for body signed at t with secret. */
void hooksig_header(const char *secret, int64_t t, const char *body, size_t len, char out[HOOKSIG_HEADER_LEN]);

#endif
