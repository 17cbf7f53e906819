/*
 * test_oidc.c — the JWT validator of OpenID Connect (src/access/oidc.c) with
 * keys made here and a fixed clock: RS256, PS256 and ES256 accepted; "none",
 * HS256, a bad signature, an unknown kid, a key of the wrong type, the wrong
 * issuer or audience, an expired or future token, the clock skew's edges,
 * a wrong or missing nonce, a missing sub and malformed tokens refused; and
 * the PKCE S256 challenge of RFC 7636 Appendix B.
 *
 * Tokens are signed by the test itself with OpenSSL, so the validator is
 * held to the JWS form (RFC 7515, RFC 7518 §3) rather than to its own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "oidc.h"

#define NOW 1800000000LL
#define ISS "https://idp.example.test/realms/skjold"
#define AUD "skjold-web"

static EVP_PKEY *rsa, *rsa2, *ec;
static json_t *jwks;
static struct arena A;

static char *b64(const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *s = arena_alloc(&A, len);
	sodium_bin2base64(s, len, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return s;
}

static char *b64s(const char *s) { return b64((const unsigned char *)s, strlen(s)); }

static char *bn_b64(EVP_PKEY *k, const char *name)
{
	BIGNUM *bn = NULL;
	assert_int_equal(EVP_PKEY_get_bn_param(k, name, &bn), 1);
	unsigned char buf[512];
	int n = BN_bn2bin(bn, buf);
	BN_free(bn);
	return b64(buf, (size_t)n);
}

static json_t *rsa_jwk(EVP_PKEY *k, const char *kid)
{
	return json_pack("{ssssssssss}", "kty", "RSA", "kid", kid, "use", "sig", "n", bn_b64(k, OSSL_PKEY_PARAM_RSA_N),
			 "e", bn_b64(k, OSSL_PKEY_PARAM_RSA_E));
}

static json_t *ec_jwk(EVP_PKEY *k, const char *kid)
{
	unsigned char pt[65];
	size_t n = 0;
	assert_int_equal(EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt, &n), 1);
	assert_int_equal(n, 65);
	return json_pack("{ssssssssss}", "kty", "EC", "kid", kid, "crv", "P-256", "x", b64(pt + 1, 32), "y",
			 b64(pt + 33, 32));
}

static int setup(void **state)
{
	(void)state;
	assert_true(sodium_init() >= 0);
	arena_init(&A);
	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	rsa2 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(rsa);
	assert_non_null(rsa2);
	assert_non_null(ec);
	jwks = json_pack("{s[ooo]}", "keys", rsa_jwk(rsa, "r1"), ec_jwk(ec, "e1"),
			 json_pack("{ssssssss}", "kty", "oct", "kid", "h1", "k", "c2VjcmV0", "alg", "HS256"));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(rsa2);
	EVP_PKEY_free(ec);
	json_decref(jwks);
	arena_free(&A);
	return 0;
}

/* header.payload signed with key under alg ("none": no signature). */
static char *sign(const char *alg, const char *kid, EVP_PKEY *key, json_t *payload)
{
	json_t *h = json_pack("{ss}", "alg", alg);
	if (kid)
		json_object_set_new(h, "kid", json_string(kid));
	char *hs = json_dumps(h, JSON_COMPACT), *ps = json_dumps(payload, JSON_COMPACT);
	char *input = arena_printf(&A, "%s.%s", b64s(hs), b64s(ps));
	free(hs);
	free(ps);
	json_decref(h);
	json_decref(payload);
	if (!strcmp(alg, "none"))
		return arena_printf(&A, "%s.", input);
	if (!strcmp(alg, "HS256")) {
		unsigned char mac[32];
		crypto_auth_hmacsha256_state st;
		crypto_auth_hmacsha256_init(&st, (const unsigned char *)"secret", 6);
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)input, strlen(input));
		crypto_auth_hmacsha256_final(&st, mac);
		return arena_printf(&A, "%s.%s", input, b64(mac, 32));
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	assert_int_equal(EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, key), 1);
	if (!strcmp(alg, "PS256")) {
		EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
		EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
	}
	unsigned char sig[512];
	size_t slen = sizeof sig;
	assert_int_equal(EVP_DigestSign(md, sig, &slen, (const unsigned char *)input, strlen(input)), 1);
	EVP_MD_CTX_free(md);
	if (!strcmp(alg, "ES256")) { /* DER to R || S */
		const unsigned char *p = sig;
		ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)slen);
		unsigned char rs[64];
		BN_bn2binpad(ECDSA_SIG_get0_r(s), rs, 32);
		BN_bn2binpad(ECDSA_SIG_get0_s(s), rs + 32, 32);
		ECDSA_SIG_free(s);
		return arena_printf(&A, "%s.%s", input, b64(rs, 64));
	}
	return arena_printf(&A, "%s.%s", input, b64(sig, slen));
}

static json_t *claims(void)
{
	return json_pack("{sssssssIsIss}", "iss", ISS, "aud", AUD, "sub", "u-123", "exp", (json_int_t)(NOW + 300), "iat",
			 (json_int_t)(NOW - 10), "nonce", "n-0S6_WzA2Mj");
}

static const struct oidc_expect expect = {.issuer = ISS, .audience = AUD, .azp = AUD, .nonce = "n-0S6_WzA2Mj",
					  .now_s = NOW, .skew_s = 60};

/* Verify and return the error's message code ("" when it passes). */
static const char *check(const char *jwt, const struct oidc_expect *x, bool *kid_unknown)
{
	struct errinfo e = {0};
	json_t *c = NULL;
	int rc = oidc_jwt_verify(jwt, jwks, x ? x : &expect, &c, kid_unknown, &e);
	if (!rc) {
		assert_non_null(c);
		assert_string_equal(json_string_value(json_object_get(c, "sub")), "u-123");
		json_decref(c);
		return "";
	}
	assert_int_equal(rc, ERR_UNAUTH);
	assert_null(c);
	return arena_strdup(&A, e.msg_code);
}

static void test_accepted_algs(void **state)
{
	(void)state;
	assert_string_equal(check(sign("RS256", "r1", rsa, claims()), NULL, NULL), "");
	assert_string_equal(check(sign("PS256", "r1", rsa, claims()), NULL, NULL), "");
	assert_string_equal(check(sign("ES256", "e1", ec, claims()), NULL, NULL), "");
	/* no kid: any key of the type */
	assert_string_equal(check(sign("RS256", NULL, rsa, claims()), NULL, NULL), "");
	/* aud as an array holding ours */
	json_t *c = claims();
	json_object_set_new(c, "aud", json_pack("[ss]", "other", AUD));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "");
}

static void test_refused_algs(void **state)
{
	(void)state;
	assert_string_equal(check(sign("none", NULL, NULL, claims()), NULL, NULL), "sso.token_alg");
	assert_string_equal(check(sign("none", "r1", NULL, claims()), NULL, NULL), "sso.token_alg");
	assert_string_equal(check(sign("HS256", "h1", NULL, claims()), NULL, NULL), "sso.token_alg");
	assert_string_equal(check(sign("HS256", "r1", NULL, claims()), NULL, NULL), "sso.token_alg");
	/* an RSA key named by an EC alg, and the reverse */
	assert_string_equal(check(sign("ES256", "r1", ec, claims()), NULL, NULL), "sso.token_signature");
	assert_string_equal(check(sign("RS256", "e1", rsa, claims()), NULL, NULL), "sso.token_signature");
}

static void test_signature(void **state)
{
	(void)state;
	bool unknown = true;
	/* signed by another key under a known kid */
	assert_string_equal(check(sign("RS256", "r1", rsa2, claims()), NULL, &unknown), "sso.token_signature");
	assert_false(unknown);
	/* a kid the JWKS does not hold: the caller may fetch the keys again */
	assert_string_equal(check(sign("RS256", "r2", rsa2, claims()), NULL, &unknown), "sso.token_kid");
	assert_true(unknown);
	/* one byte of the payload changed after signing */
	char *t = sign("RS256", "r1", rsa, claims());
	char *dot = strchr(t, '.');
	dot[3] = dot[3] == 'A' ? 'B' : 'A';
	assert_string_not_equal(check(t, NULL, NULL), "");
	/* a signature of the wrong length for ES256 */
	t = sign("ES256", "e1", ec, claims());
	static const unsigned char zero[48];
	t = arena_printf(&A, "%.*s.%s", (int)(strrchr(t, '.') - t), t, b64(zero, sizeof zero));
	assert_string_equal(check(t, NULL, NULL), "sso.token_signature");
}

static void test_claims(void **state)
{
	(void)state;
	json_t *c = claims();
	json_object_set_new(c, "iss", json_string(ISS "/"));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_issuer");
	c = claims();
	json_object_set_new(c, "aud", json_string("skjold-api"));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_audience");
	c = claims();
	json_object_set_new(c, "azp", json_string("another-client"));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_audience");
	c = claims();
	json_object_del(c, "sub");
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_claim");
	c = claims();
	json_object_del(c, "exp");
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_claim");
	/* nonce: wrong, missing; none expected for an access token */
	c = claims();
	json_object_set_new(c, "nonce", json_string("n-0S6_WzA2MJ"));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_nonce");
	c = claims();
	json_object_del(c, "nonce");
	const char *t = sign("RS256", "r1", rsa, c);
	assert_string_equal(check(t, NULL, NULL), "sso.token_nonce");
	struct oidc_expect at = expect;
	at.nonce = NULL;
	assert_string_equal(check(t, &at, NULL), "");
}

static void test_clock(void **state)
{
	(void)state;
	struct oidc_expect x = expect;
	json_t *c = claims();
	json_object_set_new(c, "exp", json_integer(NOW - 60)); /* expired a minute ago: the skew's edge */
	const char *t = sign("RS256", "r1", rsa, c);
	assert_string_equal(check(t, &x, NULL), "sso.token_expired");
	x.now_s = NOW - 1;
	assert_string_equal(check(t, &x, NULL), "");
	x = expect;
	x.skew_s = 0;
	c = claims();
	json_object_set_new(c, "exp", json_integer(NOW));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), &x, NULL), "sso.token_expired");
	/* not yet valid: nbf and iat beyond the skew */
	c = claims();
	json_object_set_new(c, "nbf", json_integer(NOW + 61));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_not_yet");
	c = claims();
	json_object_set_new(c, "nbf", json_integer(NOW + 60));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "");
	c = claims();
	json_object_set_new(c, "iat", json_integer(NOW + 120));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_not_yet");
	c = claims();
	json_object_set_new(c, "iat", json_string("yesterday"));
	assert_string_equal(check(sign("RS256", "r1", rsa, c), NULL, NULL), "sso.token_claim");
}

static void test_malformed(void **state)
{
	(void)state;
	assert_string_equal(check("", NULL, NULL), "sso.token_malformed");
	assert_string_equal(check("abc", NULL, NULL), "sso.token_malformed");
	assert_string_equal(check("a.b", NULL, NULL), "sso.token_malformed");
	assert_string_equal(check("a.b.c.d", NULL, NULL), "sso.token_malformed");
	assert_string_equal(check("!!.??.**", NULL, NULL), "sso.token_malformed");
	char *t = arena_printf(&A, "%s.%s.AAAA", b64s("[1]"), b64s("{}"));
	assert_string_equal(check(t, NULL, NULL), "sso.token_malformed");
	t = arena_printf(&A, "%s.%s.AAAA", b64s("{\"alg\":\"RS256\",\"alg\":\"none\"}"), b64s("{}"));
	assert_string_equal(check(t, NULL, NULL), "sso.token_malformed");
	t = arena_printf(&A, "%s.%s.AAAA", b64s("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}"), b64s("{}"));
	assert_string_equal(check(t, NULL, NULL), "sso.token_malformed");
	char *big = arena_alloc(&A, OIDC_JWT_MAX + 2);
	memset(big, 'a', OIDC_JWT_MAX + 1);
	big[OIDC_JWT_MAX + 1] = 0;
	big[10] = big[20] = '.';
	assert_string_equal(check(big, NULL, NULL), "sso.token_malformed");
}

static void test_pkce(void **state)
{
	(void)state;
	/* RFC 7636 Appendix B */
	assert_string_equal(oidc_pkce_s256(&A, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
			    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	const char *s1 = oidc_random(&A, 32), *s2 = oidc_random(&A, 32);
	assert_int_equal(strlen(s1), 43);
	assert_string_not_equal(s1, s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_algs), cmocka_unit_test(test_refused_algs),
		cmocka_unit_test(test_signature),     cmocka_unit_test(test_claims),
		cmocka_unit_test(test_clock),         cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_pkce),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
