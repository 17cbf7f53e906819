/*
 * oidc.h — OpenID Connect tokens: a JWT (compact JWS) checked against the
 * provider's keys (a JWKS) and the claims a relying party must check, and
 * the random values and PKCE challenge of the authorization code flow.
 *
 * Pure: no network, no clock, no store.  The caller passes the JWKS it
 * fetched (oidc_provider.c keeps it) and the instant to judge by, so a test
 * runs with fixed keys and a fixed clock (tests/unit/test_oidc.c).
 *
 * What is checked (OpenID Connect Core §3.1.3.7, RFC 7519, RFC 8725):
 *  - the header's alg is one of RS256, PS256, ES256 — never "none" nor an
 *    HMAC (whose key would be the public one); a "crit" header is refused;
 *  - the signature, against the key whose kid the header names (or, with no
 *    kid, any key of the alg's type); a key's own "alg" and "use" must agree
 *    and an RSA key has at least 2048 bits;
 *  - iss equal to the issuer, byte for byte; aud the audience or an array
 *    holding it; azp, when present and expected, the client;
 *  - exp required, nbf and iat when present, each with the clock skew given;
 *  - nonce, when one is expected, equal (compared in constant time);
 *  - sub a non-empty string.
 * Every refusal is ERR_UNAUTH with a message code (sso.*) that names no
 * secret: a token's bytes never appear in a message.
 */
#ifndef SKJOLD_OIDC_H
#define SKJOLD_OIDC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"

#define OIDC_JWT_MAX 16384      /* bytes of a token we look at */
#define OIDC_SKEW_DEFAULT_S 60  /* the default clock skew */
#define OIDC_SKEW_MAX_S 600

struct oidc_expect {
	const char *issuer;   /* iss, exactly */
	const char *audience; /* in aud */
	const char *azp;      /* when given and the token has azp: equal (the client id); NULL: not checked */
	const char *nonce;    /* NULL: none expected (an access token) */
	int64_t now_s;        /* the instant to judge by (Unix seconds) */
	long skew_s;          /* allowed clock difference, 0..OIDC_SKEW_MAX_S */
};

/*
 * Check jwt against jwks (a JSON object with "keys") and x.  On success
 * *claims is the payload (a new reference).  *kid_unknown (may be NULL) is
 * set when the header names a kid the JWKS does not hold: the caller may
 * fetch the keys again once (a provider's key rotation) and retry.
 */
int oidc_jwt_verify(const char *jwt, json_t *jwks, const struct oidc_expect *x, json_t **claims, bool *kid_unknown,
		    struct errinfo *e);

/* A claim as text: a string, or a number or boolean rendered; NULL when absent or another type. */
const char *oidc_claim_text(json_t *claims, const char *name, struct arena *a);

/* nbytes random bytes as base64url without padding (state, nonce, code verifier), in a. */
char *oidc_random(struct arena *a, size_t nbytes);
/* The PKCE S256 challenge of verifier: base64url(SHA-256(verifier)) without padding, in a. */
char *oidc_pkce_s256(struct arena *a, const char *verifier);
/* base64url (padding optional) to bytes; -1 when not base64url.  *out is malloc'ed with a NUL after. */
int oidc_b64url_decode(const char *s, size_t len, unsigned char **out, size_t *outlen);

#endif
