/*
 * test_saml.c — SAML's service provider (src/access/saml.c) where no IdP is
 * needed: xs:dateTime reading, settings refused by name (a certificate that
 * is not PEM, metadata without an IdP), skjold's metadata, the AuthnRequest
 * by HTTP-Redirect (signed, with the RelayState, to the IdP's service), and
 * answers refused before any user is looked at (none, not base64, not XML,
 * well-formed but unsigned).  The whole flow against a real IdP is
 * tests/sso/test_saml.sh's.
 *
 * The SP's key and certificate are made here with OpenSSL; the IdP's
 * metadata carries the same certificate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "saml.h"

#define SP "https://skjold.test/saml"
#define ACS "https://skjold.test/api/v1/auth/saml/acs"
#define IDP "https://idp.test/saml2/idp/metadata.php"
#define SSO "https://idp.test/saml2/idp/SSOService.php"

static struct arena A;
static char *key_pem, *cert_pem, *idp_meta;

static char *pem(int (*write)(BIO *, void *), void *obj)
{
	BIO *b = BIO_new(BIO_s_mem());
	assert_int_equal(write(b, obj), 1);
	char *data;
	long n = BIO_get_mem_data(b, &data);
	char *out = arena_alloc(&A, (size_t)n + 1);
	memcpy(out, data, (size_t)n);
	out[n] = 0;
	BIO_free(b);
	return out;
}

static int write_key(BIO *b, void *k) { return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL); }
static int write_cert(BIO *b, void *c) { return PEM_write_bio_X509(b, c); }

static int setup(void **state)
{
	(void)state;
	assert_true(sodium_init() >= 0);
	arena_init(&A);
	EVP_PKEY *k = EVP_RSA_gen(2048);
	X509 *c = X509_new();
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), 1);
	X509_gmtime_adj(X509_getm_notBefore(c), 0);
	X509_gmtime_adj(X509_getm_notAfter(c), 86400);
	X509_set_pubkey(c, k);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_ASC, (const unsigned char *)"skjold.test", -1,
				   -1, 0);
	X509_set_issuer_name(c, X509_get_subject_name(c));
	assert_true(X509_sign(c, k, EVP_sha256()) > 0);
	key_pem = pem(write_key, k);
	cert_pem = pem(write_cert, c);
	/* the certificate's body, as metadata carries it */
	const char *b = strstr(cert_pem, "\n") + 1, *e = strstr(cert_pem, "-----END");
	char *body = arena_alloc(&A, (size_t)(e - b) + 1), *o = body;
	for (; b < e; b++)
		if (*b != '\n')
			*o++ = *b;
	*o = 0;
	idp_meta = arena_printf(
		&A,
		"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
		"xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" IDP "\">"
		"<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
		"<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s"
		"</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
		"<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"" SSO "\"/>"
		"</md:IDPSSODescriptor></md:EntityDescriptor>",
		body);
	X509_free(c);
	EVP_PKEY_free(k);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static void test_time(void **state)
{
	(void)state;
	assert_int_equal(saml_time("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(saml_time("2026-12-07T01:02:03Z"), 1796605323);
	assert_int_equal(saml_time("2026-12-07T01:02:03.123456Z"), 1796605323);
	assert_int_equal(saml_time("2026-12-07T01:02:03"), -1);      /* no zone: refused, never guessed */
	assert_int_equal(saml_time("2026-12-07T01:02:03+01:00"), -1);
	assert_int_equal(saml_time("2026-13-07T01:02:03Z"), -1);
	assert_int_equal(saml_time("tomorrow"), -1);
	assert_int_equal(saml_time(NULL), -1);
}

static void test_bad_settings(void **state)
{
	(void)state;
	struct errinfo e = {0};
	struct saml_settings s = {.sp_entity_id = SP, .acs_url = ACS, .sp_key_pem = key_pem, .sp_cert_pem = "not a cert",
				  .idp_metadata_xml = idp_meta, .skew_s = 60};
	assert_int_equal(saml_init(&s, &e), ERR_INVALID);
	assert_string_equal(e.field, "--saml-sp-cert-file");
	s.sp_cert_pem = cert_pem;
	s.idp_metadata_xml = "<not-metadata/>";
	memset(&e, 0, sizeof e);
	assert_int_equal(saml_init(&s, &e), ERR_INVALID);
	assert_string_equal(e.field, "--saml-idp-metadata-file");
	assert_false(saml_on());
	const char *url, *id;
	memset(&e, 0, sizeof e);
	assert_int_equal(saml_login("r", &A, &url, &id, &e), ERR_NOTFOUND);
}

static void test_metadata_and_login(void **state)
{
	(void)state;
	struct errinfo e = {0};
	struct saml_settings s = {.sp_entity_id = SP, .acs_url = ACS, .sp_key_pem = key_pem, .sp_cert_pem = cert_pem,
				  .idp_metadata_xml = idp_meta, .skew_s = 60};
	assert_int_equal(saml_init(&s, &e), 0);
	assert_true(saml_on());
	assert_string_equal(saml_idp(), IDP);
	const char *m = saml_metadata();
	assert_non_null(strstr(m, "entityID=\"" SP "\""));
	assert_non_null(strstr(m, "Location=\"" ACS "\""));
	assert_non_null(strstr(m, "WantAssertionsSigned=\"true\""));
	assert_non_null(strstr(m, "<ds:X509Certificate>MII"));
	assert_non_null(strstr(m, "use=\"encryption\"")); /* the same key decrypts encrypted assertions */
	const char *url, *id, *url2, *id2;
	assert_int_equal(saml_login("relay-1", &A, &url, &id, &e), 0);
	assert_true(!strncmp(url, SSO "?SAMLRequest=", strlen(SSO "?SAMLRequest=")));
	assert_non_null(strstr(url, "RelayState=relay-1"));
	assert_non_null(strstr(url, "&Signature="));
	assert_true(strlen(id) > 16);
	assert_int_equal(saml_login("relay-2", &A, &url2, &id2, &e), 0);
	assert_string_not_equal(id, id2); /* each request its own ID: InResponseTo tells them apart */
}

static const char *b64(const char *s)
{
	size_t n = strlen(s), len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(&A, len);
	sodium_bin2base64(out, len, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

static void test_refused_answers(void **state)
{
	(void)state;
	struct saml_answer a;
	struct errinfo e = {0};
	assert_int_equal(saml_response("", 1800000000, &A, &a, &e), ERR_INVALID);
	assert_string_equal(e.msg_code, "saml.no_response");
	memset(&e, 0, sizeof e);
	assert_int_equal(saml_response("%%% not base64 %%%", 1800000000, &A, &a, &e), ERR_INVALID);
	assert_string_equal(e.msg_code, "saml.malformed");
	memset(&e, 0, sizeof e);
	assert_int_equal(saml_response(b64("<html>no</html>"), 1800000000, &A, &a, &e), ERR_INVALID);
	assert_string_equal(e.msg_code, "saml.malformed");
	/* well formed, from the IdP, for us, in time, and unsigned: refused for that */
	const char *unsigned_answer =
		"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
		"xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\" "
		"IssueInstant=\"2027-01-15T08:00:00Z\" Destination=\"" ACS "\" InResponseTo=\"_q1\">"
		"<saml:Issuer>" IDP "</saml:Issuer>"
		"<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
		"<saml:Assertion ID=\"_a1\" Version=\"2.0\" IssueInstant=\"2027-01-15T08:00:00Z\">"
		"<saml:Issuer>" IDP "</saml:Issuer>"
		"<saml:Subject><saml:NameID>anne</saml:NameID>"
		"<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
		"<saml:SubjectConfirmationData NotOnOrAfter=\"2027-01-15T08:05:00Z\" Recipient=\"" ACS "\" "
		"InResponseTo=\"_q1\"/></saml:SubjectConfirmation></saml:Subject>"
		"<saml:Conditions NotBefore=\"2027-01-15T07:59:30Z\" NotOnOrAfter=\"2027-01-15T08:05:00Z\">"
		"<saml:AudienceRestriction><saml:Audience>" SP "</saml:Audience></saml:AudienceRestriction>"
		"</saml:Conditions></saml:Assertion></samlp:Response>";
	memset(&e, 0, sizeof e);
	assert_int_equal(saml_response(b64(unsigned_answer), saml_time("2027-01-15T08:01:00Z"), &A, &a, &e), ERR_UNAUTH);
	assert_string_equal(e.msg_code, "saml.signature");
	assert_null(a.attributes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_bad_settings),
		cmocka_unit_test(test_metadata_and_login),
		cmocka_unit_test(test_refused_answers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
