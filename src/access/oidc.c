/*
 * oidc.c — a JWT checked against a JWKS and the claims (oidc.h).
 *
 * Keys are imported from their JWK members with OpenSSL 3 (EVP_PKEY_fromdata:
 * n and e for RSA, the P-256 point x, y for EC) and the signature checked with
 * EVP_DigestVerify: PKCS #1 v1.5 for RS256, PSS with a salt as long as the
 * digest for PS256 (RFC 7518 §3.5), and for ES256 the JWS form R || S turned
 * into the DER that OpenSSL verifies.  Base64url and SHA-256 are libsodium's.
 */
#include "oidc.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int oidc_b64url_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
	*out = malloc(len * 3 / 4 + 2);
	if (!*out)
		return -1;
	const char *end;
	if (sodium_base642bin(*out, len * 3 / 4 + 1, s, len, NULL, outlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    end != s + len) {
		free(*out);
		*out = NULL;
		return -1;
	}
	(*out)[*outlen] = 0;
	return 0;
}

static char *b64url(struct arena *a, const unsigned char *bin, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *s = arena_alloc(a, len);
	sodium_bin2base64(s, len, bin, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return s;
}

char *oidc_random(struct arena *a, size_t nbytes)
{
	unsigned char buf[64];
	ASSERT(nbytes <= sizeof buf);
	randombytes_buf(buf, nbytes);
	return b64url(a, buf, nbytes);
}

char *oidc_pkce_s256(struct arena *a, const char *verifier)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	return b64url(a, h, sizeof h);
}

const char *oidc_claim_text(json_t *claims, const char *name, struct arena *a)
{
	json_t *v = json_object_get(claims, name);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

/* ---- keys ---- */

static BIGNUM *jwk_bn(json_t *jwk, const char *member)
{
	const char *s = json_string_value(json_object_get(jwk, member));
	unsigned char *bin;
	size_t n;
	if (!s || oidc_b64url_decode(s, strlen(s), &bin, &n) || !n) {
		if (s)
			free(bin);
		return NULL;
	}
	BIGNUM *bn = BN_bin2bn(bin, (int)n, NULL);
	free(bin);
	return bn;
}

static EVP_PKEY *rsa_key(json_t *jwk)
{
	BIGNUM *n = jwk_bn(jwk, "n"), *ex = jwk_bn(jwk, "e");
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	if (!n || !ex || !b || BN_num_bits(n) < 2048 || !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, ex) || !(params = OSSL_PARAM_BLD_to_param(b)) ||
	    !(ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(b);
	BN_free(n);
	BN_free(ex);
	return pkey;
}

static EVP_PKEY *ec_key(json_t *jwk)
{
	const char *crv = json_string_value(json_object_get(jwk, "crv"));
	const char *xs = json_string_value(json_object_get(jwk, "x")), *ys = json_string_value(json_object_get(jwk, "y"));
	if (!crv || strcmp(crv, "P-256") || !xs || !ys)
		return NULL;
	unsigned char *x = NULL, *y = NULL;
	size_t xn = 0, yn = 0;
	EVP_PKEY *pkey = NULL;
	if (!oidc_b64url_decode(xs, strlen(xs), &x, &xn) && !oidc_b64url_decode(ys, strlen(ys), &y, &yn) &&
	    xn == 32 && yn == 32) {
		unsigned char pt[65];
		pt[0] = 0x04;
		memcpy(pt + 1, x, 32);
		memcpy(pt + 33, y, 32);
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0),
			OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof pt),
			OSSL_PARAM_construct_end(),
		};
		EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
		if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
		    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
			pkey = NULL;
		EVP_PKEY_CTX_free(ctx);
	}
	free(x);
	free(y);
	return pkey;
}

/* The algorithms we accept and the key type each needs. */
static const struct {
	const char *alg, *kty;
} algs[] = {{"RS256", "RSA"}, {"PS256", "RSA"}, {"ES256", "EC"}};

/* ES256's R || S (64 bytes) as a DER ECDSA-Sig-Value; *der malloc'ed by OpenSSL. */
static int es256_der(const unsigned char *sig, size_t n, unsigned char **der, int *derlen)
{
	if (n != 64)
		return -1;
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, 32, NULL), *ss = BN_bin2bn(sig + 32, 32, NULL);
	if (!s || !r || !ss || !ECDSA_SIG_set0(s, r, ss)) {
		ECDSA_SIG_free(s);
		BN_free(r);
		BN_free(ss);
		return -1;
	}
	*der = NULL;
	*derlen = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	return *derlen > 0 ? 0 : -1;
}

static bool verify_with(EVP_PKEY *pkey, const char *alg, const unsigned char *data, size_t dlen,
			const unsigned char *sig, size_t slen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	bool ok = false;
	if (!md || EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, pkey) <= 0)
		goto out;
	if (!strcmp(alg, "PS256") && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
				      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0))
		goto out;
	if (!strcmp(alg, "RS256") && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0)
		goto out;
	if (!strcmp(alg, "ES256")) {
		int derlen;
		if (es256_der(sig, slen, &der, &derlen))
			goto out;
		ok = EVP_DigestVerify(md, der, (size_t)derlen, data, dlen) == 1;
	} else {
		ok = EVP_DigestVerify(md, sig, slen, data, dlen) == 1;
	}
out:
	OPENSSL_free(der);
	EVP_MD_CTX_free(md);
	return ok;
}

/* Does jwk fit alg (its type, and its own alg and use when it states them)? */
static bool key_fits(json_t *jwk, const char *alg, const char *kty)
{
	const char *k = json_string_value(json_object_get(jwk, "kty"));
	const char *ka = json_string_value(json_object_get(jwk, "alg"));
	const char *use = json_string_value(json_object_get(jwk, "use"));
	return k && !strcmp(k, kty) && (!ka || !strcmp(ka, alg)) && (!use || !strcmp(use, "sig"));
}

/*
 * Check the signature over data with the JWKS's key named kid (any fitting
 * key when kid is NULL).  1: verified; 0: a key was tried and failed, or
 * none fits; -1: kid names no key at all.
 */
static int signature_ok(json_t *jwks, const char *kid, const char *alg, const char *kty, const unsigned char *data,
			size_t dlen, const unsigned char *sig, size_t slen)
{
	json_t *keys = json_object_get(jwks, "keys");
	size_t i;
	json_t *jwk;
	bool named = false;
	json_array_foreach(keys, i, jwk)
	{
		const char *k = json_string_value(json_object_get(jwk, "kid"));
		if (kid && (!k || strcmp(k, kid)))
			continue;
		named = true;
		if (!key_fits(jwk, alg, kty))
			continue;
		EVP_PKEY *pkey = !strcmp(kty, "RSA") ? rsa_key(jwk) : ec_key(jwk);
		bool ok = pkey && verify_with(pkey, alg, data, dlen, sig, slen);
		EVP_PKEY_free(pkey);
		if (ok)
			return 1;
	}
	return kid && !named ? -1 : 0;
}

/* ---- claims ---- */

static bool aud_has(json_t *aud, const char *want)
{
	if (json_is_string(aud))
		return !strcmp(json_string_value(aud), want);
	size_t i;
	json_t *v;
	json_array_foreach(aud, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), want)) return true;
	return false;
}

static bool ct_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int claims_check(json_t *c, const struct oidc_expect *x, struct errinfo *e)
{
	const char *iss = json_string_value(json_object_get(c, "iss"));
	if (!iss || strcmp(iss, x->issuer))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_issuer", NULL);
	if (!aud_has(json_object_get(c, "aud"), x->audience))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_audience", NULL);
	const char *azp = json_string_value(json_object_get(c, "azp"));
	if (x->azp && azp && strcmp(azp, x->azp))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_audience", NULL);
	const char *sub = json_string_value(json_object_get(c, "sub"));
	if (!sub || !*sub)
		return err_setm(e, ERR_UNAUTH, "", "sso.token_claim", "claim", "sub", NULL);
	json_t *exp = json_object_get(c, "exp"), *nbf = json_object_get(c, "nbf"), *iat = json_object_get(c, "iat");
	if (!json_is_number(exp))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_claim", "claim", "exp", NULL);
	if ((nbf && !json_is_number(nbf)) || (iat && !json_is_number(iat)))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_claim", "claim", nbf && !json_is_number(nbf) ? "nbf" : "iat",
				NULL);
	if (x->nonce && !iat) /* an ID token carries iat (Core §2) */
		return err_setm(e, ERR_UNAUTH, "", "sso.token_claim", "claim", "iat", NULL);
	double now = (double)x->now_s, skew = (double)x->skew_s;
	if (now >= json_number_value(exp) + skew)
		return err_setm(e, ERR_UNAUTH, "", "sso.token_expired", NULL);
	if ((nbf && now + skew < json_number_value(nbf)) || (iat && now + skew < json_number_value(iat)))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_not_yet", NULL);
	if (x->nonce) {
		const char *nonce = json_string_value(json_object_get(c, "nonce"));
		if (!nonce || !ct_equal(nonce, x->nonce))
			return err_setm(e, ERR_UNAUTH, "", "sso.token_nonce", NULL);
	}
	return 0;
}

/* ---- the token ---- */

static json_t *part_json(const char *s, size_t len)
{
	unsigned char *bin;
	size_t n;
	if (oidc_b64url_decode(s, len, &bin, &n))
		return NULL;
	json_t *v = json_loadb((const char *)bin, n, JSON_REJECT_DUPLICATES, NULL);
	free(bin);
	if (v && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

int oidc_jwt_verify(const char *jwt, json_t *jwks, const struct oidc_expect *x, json_t **claims, bool *kid_unknown,
		    struct errinfo *e)
{
	*claims = NULL;
	if (kid_unknown)
		*kid_unknown = false;
	size_t len = jwt ? strlen(jwt) : 0;
	const char *d1 = jwt ? strchr(jwt, '.') : NULL, *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!len || len > OIDC_JWT_MAX || !d1 || !d2 || strchr(d2 + 1, '.'))
		return err_setm(e, ERR_UNAUTH, "", "sso.token_malformed", NULL);
	json_t *hdr = part_json(jwt, (size_t)(d1 - jwt));
	json_t *body = hdr ? part_json(d1 + 1, (size_t)(d2 - d1 - 1)) : NULL;
	unsigned char *sig = NULL;
	size_t slen = 0;
	int rc = 0;
	if (!hdr || !body || oidc_b64url_decode(d2 + 1, strlen(d2 + 1), &sig, &slen)) {
		rc = err_setm(e, ERR_UNAUTH, "", "sso.token_malformed", NULL);
		goto out;
	}
	const char *alg = json_string_value(json_object_get(hdr, "alg"));
	const char *kty = NULL;
	for (size_t i = 0; alg && i < sizeof algs / sizeof algs[0]; i++)
		if (!strcmp(alg, algs[i].alg))
			kty = algs[i].kty;
	if (!kty) {
		char shown[16];
		snprintf(shown, sizeof shown, "%s", alg ? alg : "");
		for (char *p = shown; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				*p = '?';
		rc = err_setm(e, ERR_UNAUTH, "", "sso.token_alg", "alg", shown, NULL);
		goto out;
	}
	if (json_object_get(hdr, "crit")) {
		rc = err_setm(e, ERR_UNAUTH, "", "sso.token_malformed", NULL);
		goto out;
	}
	json_t *kidv = json_object_get(hdr, "kid");
	if (kidv && !json_is_string(kidv)) {
		rc = err_setm(e, ERR_UNAUTH, "", "sso.token_malformed", NULL);
		goto out;
	}
	int ok = signature_ok(jwks, json_string_value(kidv), alg, kty, (const unsigned char *)jwt, (size_t)(d2 - jwt),
			      sig, slen);
	if (ok < 0 && kid_unknown)
		*kid_unknown = true;
	if (ok != 1) {
		rc = err_setm(e, ERR_UNAUTH, "", ok < 0 ? "sso.token_kid" : "sso.token_signature", NULL);
		goto out;
	}
	if ((rc = claims_check(body, x, e)))
		goto out;
	*claims = json_incref(body);
out:
	free(sig);
	json_decref(hdr);
	json_decref(body);
	return rc;
}
