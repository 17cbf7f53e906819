/*
 * test_hooksig.c — the webhook signature: HMAC-SHA256 against RFC 4231's
 * published vectors (test case 2, and 6 for a key longer than a block), the
 * header over "<t>.<body>" against a value computed by hand (Python's hmac,
 * as docs/webhooks.md verifies it), and new secrets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "hooksig.h"

static void hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

static void test_hmac_rfc4231_case2(void **state)
{
	(void)state;
	unsigned char mac[32];
	char h[65];
	const char *data = "what do ya want for nothing?";
	hooksig_hmac("Jefe", 4, data, strlen(data), mac);
	hex(mac, sizeof mac, h);
	assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_hmac_rfc4231_case6(void **state)
{
	(void)state;
	unsigned char key[131], mac[32];
	char h[65];
	memset(key, 0xaa, sizeof key);
	const char *data = "Test Using Larger Than Block-Size Key - Hash Key First";
	hooksig_hmac(key, sizeof key, data, strlen(data), mac);
	hex(mac, sizeof mac, h);
	assert_string_equal(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_header(void **state)
{
	(void)state;
	char out[HOOKSIG_HEADER_LEN];
	const char *body = "{\"event\":\"ping\"}";
	/* hmac.new(b"whsec_00112233", b'1700000000.{"event":"ping"}', hashlib.sha256).hexdigest() */
	hooksig_header("whsec_00112233", 1700000000, body, strlen(body), out);
	assert_string_equal(out, "t=1700000000,v1=57ca32d752060fdad6a82bfbff80983defa74a90f4402a6207052caac42538ca");
	/* another time, another signature: the timestamp is signed */
	hooksig_header("whsec_00112233", 1700000001, body, strlen(body), out);
	assert_null(strstr(out, "57ca32d7"));
}

static void test_secret(void **state)
{
	(void)state;
	char a[HOOKSIG_SECRET_LEN + 1], b[HOOKSIG_SECRET_LEN + 1];
	hooksig_secret(a);
	hooksig_secret(b);
	assert_int_equal(strlen(a), HOOKSIG_SECRET_LEN);
	assert_memory_equal(a, "whsec_", 6);
	assert_int_equal(strspn(a + 6, "0123456789abcdef"), 2 * HOOKSIG_SECRET_BYTES);
	assert_string_not_equal(a, b);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_rfc4231_case2),
		cmocka_unit_test(test_hmac_rfc4231_case6),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
