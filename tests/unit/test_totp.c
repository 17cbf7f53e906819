/*
 * test_totp.c — RFC 6238 codes, the verification window and replay
 * information, RFC 4648 base32, new secrets and the otpauth:// URI.
 *
 * Expected values are the published ones, not totp.c's output: RFC 6238
 * Appendix B (SHA-1, 8 digits), RFC 4226 Appendix D (the 6-digit HOTP
 * values for counters 0..9, which are the TOTP codes at t = 30 * counter)
 * and RFC 4648 §10.  The URI is checked against Google's Key URI format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "totp.h"

static const unsigned char rfc_key[] = "12345678901234567890"; /* 20 bytes + NUL */
#define RFC_KEY_LEN 20
#define RFC_KEY_B32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

/* RFC 4226 Appendix D: HOTP(rfc_key, counter) for counter 0..9. */
static const char *const hotp6[10] = {
	"755224", "287082", "359152", "969429", "338314",
	"254676", "287922", "162583", "399871", "520489",
};

/* ---- base32 ---- */

static const struct {
	const char *raw, *b32, *padded;
} b32_vectors[] = {
	/* RFC 4648 §10 */
	{"", "", ""},
	{"f", "MY", "MY======"},
	{"fo", "MZXQ", "MZXQ===="},
	{"foo", "MZXW6", "MZXW6==="},
	{"foob", "MZXW6YQ", "MZXW6YQ="},
	{"fooba", "MZXW6YTB", "MZXW6YTB"},
	{"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
};

static void test_b32_encode_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof b32_vectors / sizeof b32_vectors[0]; i++) {
		char out[32];
		const char *raw = b32_vectors[i].raw;
		assert_int_equal(totp_b32_encode((const unsigned char *)raw, strlen(raw), out, sizeof out), 0);
		assert_string_equal(out, b32_vectors[i].b32);
		assert_int_equal(strlen(out), TOTP_B32_LEN(strlen(raw)));
	}
	char out[40];
	assert_int_equal(totp_b32_encode(rfc_key, RFC_KEY_LEN, out, sizeof out), 0);
	assert_string_equal(out, RFC_KEY_B32);
}

static void test_b32_encode_small_buffer(void **state)
{
	(void)state;
	char out[8];
	/* "foobar" needs 10 characters and a NUL */
	memset(out, 'x', sizeof out);
	assert_int_equal(totp_b32_encode((const unsigned char *)"foobar", 6, out, sizeof out), ERR_INVALID);
	assert_string_equal(out, "");
	char exact[11];
	assert_int_equal(totp_b32_encode((const unsigned char *)"foobar", 6, exact, sizeof exact), 0);
	assert_string_equal(exact, "MZXW6YTBOI");
	assert_int_equal(totp_b32_encode((const unsigned char *)"foobar", 6, exact, 10), ERR_INVALID);
}

static void assert_decodes(const char *text, const char *want)
{
	unsigned char out[64];
	size_t n = 99;
	if (totp_b32_decode(text, out, sizeof out, &n) != 0)
		fail_msg("\"%s\" should decode", text);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
}

static void test_b32_decode_rfc4648(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof b32_vectors / sizeof b32_vectors[0]; i++) {
		assert_decodes(b32_vectors[i].b32, b32_vectors[i].raw);
		assert_decodes(b32_vectors[i].padded, b32_vectors[i].raw);
	}
}

static void test_b32_decode_lenient_forms(void **state)
{
	(void)state;
	assert_decodes("mzxw6ytboi", "foobar");
	assert_decodes("MzXw6YtBoI", "foobar");
	assert_decodes("MZXW 6YTB OI", "foobar");
	assert_decodes("  mzxw 6ytb oi== ==== ", "foobar");
	assert_decodes("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "12345678901234567890");
	assert_decodes("   ", "");
	assert_decodes("MY=", "f"); /* short padding is still padding */
}

static void assert_rejected(const char *text)
{
	unsigned char out[64];
	memset(out, 0, sizeof out);
	size_t n = 99;
	if (totp_b32_decode(text, out, sizeof out, &n) != ERR_INVALID)
		fail_msg("\"%s\" should be rejected", text);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < sizeof out; i++)
		assert_int_equal(out[i], 0); /* no partial key left behind */
}

static void test_b32_decode_rejects(void **state)
{
	(void)state;
	assert_rejected("MZXW6YTB0I");  /* '0' is not in the alphabet */
	assert_rejected("MZXW6YTB1I");  /* nor '1' */
	assert_rejected("MZXW6YTB8I");  /* nor '8' */
	assert_rejected("MZXW-6YTB");   /* separators other than space */
	assert_rejected("MZXW\t6YTB");
	assert_rejected("MZXW\n");
	assert_rejected("MZXW6YTB\xc3\x98"); /* non-ASCII */
	assert_rejected("MZ=XQ");       /* data after padding */
	assert_rejected("MZXQ==== A");
	assert_rejected("M");           /* 1, 3, 6 characters: no encoder writes these */
	assert_rejected("MZX");
	assert_rejected("MZXW6Y");
	assert_rejected("MZXW6YTBM");
	assert_rejected("MZ");          /* "MY" is "f"; "MZ" leaves a 1 in the unused bits */
	assert_rejected("MZXR");        /* "MZXQ" is "fo" */
	assert_rejected("MZXW7");       /* "MZXW6" is "foo" */

	/* does not fit */
	unsigned char small[5];
	size_t n = 99;
	assert_int_equal(totp_b32_decode("MZXW6YTBOI", small, sizeof small, &n), ERR_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(totp_b32_decode("MZXW6YTB", small, sizeof small, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(small, "fooba", 5);
	assert_int_equal(totp_b32_decode(NULL, small, sizeof small, &n), ERR_INVALID);
}

static void test_b32_round_trip(void **state)
{
	(void)state;
	unsigned char raw[64] = {0}, back[64];
	char text[TOTP_B32_LEN(64) + 1];
	for (size_t len = 0; len <= sizeof raw; len++) {
		for (size_t i = 0; i < len; i++)
			raw[i] = (unsigned char)(i * 37 + len * 11 + 255 * (i & 1));
		assert_int_equal(totp_b32_encode(raw, len, text, sizeof text), 0);
		size_t n = 0;
		assert_int_equal(totp_b32_decode(text, back, sizeof back, &n), 0);
		assert_int_equal(n, len);
		if (len)
			assert_memory_equal(back, raw, len);
	}
}

/* ---- codes ---- */

static void test_code_rfc6238_sha1(void **state)
{
	(void)state;
	/* RFC 6238 Appendix B, SHA-1 column */
	static const struct {
		int64_t t;
		uint32_t code;
		const char *text;
	} v[] = {
		{59, 94287082, "94287082"},
		{1111111109, 7081804, "07081804"},
		{1111111111, 14050471, "14050471"},
		{1234567890, 89005924, "89005924"},
		{2000000000, 69279037, "69279037"},
		{INT64_C(20000000000), 65353130, "65353130"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint32_t code = 0;
		assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, v[i].t, 8, &code), 0);
		assert_int_equal(code, v[i].code);
		char buf[16];
		snprintf(buf, sizeof buf, "%0*u", 8, (unsigned)code);
		assert_string_equal(buf, v[i].text);
	}
}

static void test_code_six_digits_rfc4226(void **state)
{
	(void)state;
	for (int c = 0; c < 10; c++) {
		uint32_t code = 0;
		/* every second of the step gives the same code */
		for (int s = 0; s < TOTP_STEP_SECONDS; s += 29) {
			assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 30 * c + s, 6, &code), 0);
			assert_int_equal(code, (uint32_t)atoi(hotp6[c]));
		}
	}
	/* 7 digits: the same truncated value modulo 10^7 (RFC 6238 ref. impl.) */
	uint32_t c7 = 0, c8 = 0;
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 59, 7, &c7), 0);
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 59, 8, &c8), 0);
	assert_int_equal(c7, c8 % 10000000);
}

static void test_code_rejects(void **state)
{
	(void)state;
	uint32_t code = 12345;
	unsigned char big[TOTP_KEY_MAX + 1];
	memset(big, 7, sizeof big);
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 59, 5, &code), ERR_INVALID);
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 59, 9, &code), ERR_INVALID);
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, -1, 6, &code), ERR_INVALID);
	assert_int_equal(totp_code(rfc_key, 0, 59, 6, &code), ERR_INVALID);
	assert_int_equal(totp_code(NULL, 20, 59, 6, &code), ERR_INVALID);
	assert_int_equal(totp_code(big, sizeof big, 59, 6, &code), ERR_INVALID);
	assert_int_equal(totp_code(big, TOTP_KEY_MAX, 59, 6, &code), 0);
	assert_int_equal(totp_code(rfc_key, RFC_KEY_LEN, 0, 6, &code), 0);
	assert_int_equal(code, 755224);
}

/* ---- verification window and replays ---- */

static void test_verify_window(void **state)
{
	(void)state;
	int64_t step = -7;
	/* t = 95 is step 3; window 1 accepts steps 2, 3, 4 */
	for (int c = 0; c < 10; c++) {
		int rc = totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[c], 1, &step);
		if (c >= 2 && c <= 4) {
			assert_int_equal(rc, 0);
			assert_int_equal(step, c);
		} else {
			assert_int_equal(rc, ERR_CHECK);
		}
	}
	/* window 0: only the current step */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[3], 0, &step), 0);
	assert_int_equal(step, 3);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[2], 0, &step), ERR_CHECK);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[4], 0, &step), ERR_CHECK);
	/* window 2 reaches steps 1..5 */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[1], 2, &step), 0);
	assert_int_equal(step, 1);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[5], 2, &step), 0);
	assert_int_equal(step, 5);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[6], 2, &step), ERR_CHECK);
	/* near the epoch the window is cut at step 0 */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 0, hotp6[0], 1, &step), 0);
	assert_int_equal(step, 0);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 0, hotp6[1], 1, &step), 0);
	assert_int_equal(step, 1);
	/* a wrong key does not verify */
	static const unsigned char other[] = "12345678901234567891";
	assert_int_equal(totp_verify(other, RFC_KEY_LEN, 95, hotp6[3], 1, &step), ERR_CHECK);
	/* matched_step may be NULL */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, hotp6[3], 1, NULL), 0);
	/* the RFC's large time: step 666666666, 6 digits = last 6 of 65353130 */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, INT64_C(20000000000), "353130", 1, &step), 0);
	assert_int_equal(step, INT64_C(666666666));
}

/*
 * What the login handler does with matched_step: accept only a step later
 * than the last one accepted for this user.  Returns 1 when accepted.
 */
static int login_accepts(int64_t now, const char *code, int64_t *last_step)
{
	int64_t step;
	if (totp_verify(rfc_key, RFC_KEY_LEN, now, code, 1, &step) != 0)
		return 0;
	if (step <= *last_step)
		return 0;
	*last_step = step;
	return 1;
}

static void test_verify_replay(void **state)
{
	(void)state;
	int64_t last = -1;
	/* t = 100 is step 3 */
	assert_true(login_accepts(100, hotp6[3], &last));
	assert_int_equal(last, 3);
	/* the same code again, in the same step or the next: refused */
	assert_false(login_accepts(100, hotp6[3], &last));
	assert_false(login_accepts(119, hotp6[3], &last));
	assert_false(login_accepts(125, hotp6[3], &last));
	/* an earlier step still inside the window: refused */
	assert_false(login_accepts(100, hotp6[2], &last));
	/* the next step's code is fresh */
	assert_true(login_accepts(125, hotp6[4], &last));
	assert_int_equal(last, 4);
	/* a code from the future (clock drift) moves the mark forward ... */
	assert_true(login_accepts(130, hotp6[5], &last));
	assert_int_equal(last, 5);
	/* ... so the current step's code is now stale */
	assert_false(login_accepts(130, hotp6[4], &last));
}

static void test_verify_rejects_malformed(void **state)
{
	(void)state;
	int64_t step = 42;
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "969 429", 1, &step), 0);
	assert_int_equal(step, 3);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, " 969429 ", 1, &step), 0);
	step = 42;
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "96942", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "9694290", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "0969429", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "96942a", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "-96942", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "969-429", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, NULL, 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "969429", -1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "969429", TOTP_WINDOW_MAX + 1, &step),
			 ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, -30, "969429", 1, &step), ERR_INVALID);
	assert_int_equal(totp_verify(rfc_key, 0, 95, "969429", 1, &step), ERR_INVALID);
	assert_int_equal(step, 42); /* untouched on failure */
	assert_int_equal(totp_verify(rfc_key, RFC_KEY_LEN, 95, "969429", TOTP_WINDOW_MAX, &step), 0);
	assert_int_equal(step, 3);
}

/* ---- secrets and URIs ---- */

static void test_secret_new(void **state)
{
	(void)state;
	char a[TOTP_SECRET_B32_LEN + 1], b[TOTP_SECRET_B32_LEN + 1];
	assert_int_equal(totp_secret_new(a, sizeof a), 0);
	assert_int_equal(totp_secret_new(b, sizeof b), 0);
	assert_int_equal(strlen(a), TOTP_SECRET_B32_LEN);
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", *p));
	unsigned char key[64];
	size_t n = 0;
	assert_int_equal(totp_b32_decode(a, key, sizeof key, &n), 0);
	assert_int_equal(n, TOTP_SECRET_BYTES);
	/* the secret works as a key */
	uint32_t code;
	char text[8];
	int64_t step;
	assert_int_equal(totp_code(key, n, 1700000000, 6, &code), 0);
	snprintf(text, sizeof text, "%06u", (unsigned)code);
	assert_int_equal(totp_verify(key, n, 1700000000, text, 1, &step), 0);
	assert_int_equal(step, 1700000000 / 30);

	char small[TOTP_SECRET_B32_LEN];
	memset(small, 'x', sizeof small);
	assert_int_equal(totp_secret_new(small, sizeof small), ERR_INVALID);
	assert_string_equal(small, "");
}

static void assert_uri(const char *issuer, const char *account, const char *b32, const char *want)
{
	char *uri = totp_uri(issuer, account, b32);
	if (!uri)
		fail_msg("no URI for %s / %s", issuer ? issuer : "(null)", account ? account : "(null)");
	assert_string_equal(uri, want);
	free(uri);
}

static void test_uri(void **state)
{
	(void)state;
	assert_uri("skjold", "alice", RFC_KEY_B32,
		   "otpauth://totp/skjold:alice?secret=" RFC_KEY_B32
		   "&issuer=skjold&algorithm=SHA1&digits=6&period=30");
	/* percent-encoding of both parts; the secret is canonicalised */
	assert_uri("Eksempel Kommune", "søren@example.dk", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq==",
		   "otpauth://totp/Eksempel%20Kommune:s%C3%B8ren%40example.dk?secret=" RFC_KEY_B32
		   "&issuer=Eksempel%20Kommune&algorithm=SHA1&digits=6&period=30");
	assert_uri("a&b=c?d/e#f", "x+y~z_-.", "MZXW6YTBOI",
		   "otpauth://totp/a%26b%3Dc%3Fd%2Fe%23f:x%2By~z_-.?secret=MZXW6YTBOI"
		   "&issuer=a%26b%3Dc%3Fd%2Fe%23f&algorithm=SHA1&digits=6&period=30");
	/* no issuer */
	assert_uri(NULL, "alice", "MY",
		   "otpauth://totp/alice?secret=MY&algorithm=SHA1&digits=6&period=30");
	assert_uri("", "alice", "MY",
		   "otpauth://totp/alice?secret=MY&algorithm=SHA1&digits=6&period=30");

	assert_null(totp_uri("skjold", "", RFC_KEY_B32));
	assert_null(totp_uri("skjold", NULL, RFC_KEY_B32));
	assert_null(totp_uri("skjold", "alice", NULL));
	assert_null(totp_uri("skjold", "alice", ""));      /* empty key */
	assert_null(totp_uri("skjold", "alice", "MZ"));    /* not canonical */
	assert_null(totp_uri("skjold", "alice", "MZXW6YTB0I"));
	assert_null(totp_uri("skj:old", "alice", RFC_KEY_B32));
	assert_null(totp_uri("skjold", "al:ice", RFC_KEY_B32));
	char longname[TOTP_LABEL_MAX + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_null(totp_uri("skjold", longname, RFC_KEY_B32));
	longname[TOTP_LABEL_MAX] = '\0';
	char *uri = totp_uri(longname, longname, RFC_KEY_B32);
	assert_non_null(uri);
	free(uri);
	/* a key longer than TOTP_KEY_MAX */
	char bigkey[TOTP_B32_LEN(TOTP_KEY_MAX + 5) + 1];
	memset(bigkey, 'A', sizeof bigkey - 1);
	bigkey[sizeof bigkey - 1] = '\0';
	assert_null(totp_uri("skjold", "alice", bigkey));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b32_encode_rfc4648),
		cmocka_unit_test(test_b32_encode_small_buffer),
		cmocka_unit_test(test_b32_decode_rfc4648),
		cmocka_unit_test(test_b32_decode_lenient_forms),
		cmocka_unit_test(test_b32_decode_rejects),
		cmocka_unit_test(test_b32_round_trip),
		cmocka_unit_test(test_code_rfc6238_sha1),
		cmocka_unit_test(test_code_six_digits_rfc4226),
		cmocka_unit_test(test_code_rejects),
		cmocka_unit_test(test_verify_window),
		cmocka_unit_test(test_verify_replay),
		cmocka_unit_test(test_verify_rejects_malformed),
		cmocka_unit_test(test_secret_new),
		cmocka_unit_test(test_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
