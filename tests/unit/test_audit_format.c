/*
 * test_audit_format.c — audit entries as SIEM lines (src/core/audit_format.c).
 *
 * The expected CEF records are worked by hand from ArcSight's "Implementing
 * ArcSight CEF" (revision 25): the header's seven fields after "CEF:0"
 * separated by pipes, a pipe and a backslash in a header field escaped with a
 * backslash; in the extension a backslash and an equal sign escaped with a
 * backslash, a line break written as the two characters \n, a pipe left as it
 * is.  rt is the entry's instant in milliseconds since the epoch, externalId
 * its seq.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "audit_format.h"
#include "err.h"

#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"
#define SEQ64 "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"

/* 2026-01-01T00:00:00.123Z, seq 42, hash 01 02 … 20, previous hash zero. */
static struct audit_entry entry(const char *actor, const char *action, const char *entity, const char *org,
				const char *key)
{
	struct audit_entry x = {.seq = 42, .at_ms = INT64_C(1767225600123), .actor = actor, .action = action,
				.entity = entity, .org = org, .key = key};
	for (int i = 0; i < 32; i++)
		x.hash[i] = (unsigned char)(i + 1);
	return x;
}

static char *line(enum audit_format f, const struct audit_entry *x)
{
	struct buf b = {0};
	audit_format_line(f, x, &b);
	return buf_finish(&b);
}

static void test_cef_plain(void **state)
{
	(void)state;
	struct audit_entry x = entry("anne", "create", "node", "bank-a", "srv-1");
	char *s = line(AUDIT_FORMAT_CEF, &x);
	assert_string_equal(s, "CEF:0|skjold|skjold|1|create|create node|3|rt=1767225600123 externalId=42 suser=anne "
			       "act=create cs1Label=organisation cs1=bank-a cs2Label=entity cs2=node cs3Label=key "
			       "cs3=srv-1 cs4Label=hash cs4=" SEQ64 " cs5Label=prevHash cs5=" ZERO64);
	free(s);
}

/* Extension values: \ → \\, = → \=, LF → \n, CR → \r; a pipe and a space stay. */
static void test_cef_extension_escapes(void **state)
{
	(void)state;
	struct audit_entry x = entry("a\\b=c|d e", "update", "risk", "bank-a", "k=1\nline 2\r");
	char *s = line(AUDIT_FORMAT_CEF, &x);
	assert_non_null(strstr(s, " suser=a\\\\b\\=c|d e act=update "));
	assert_non_null(strstr(s, " cs3=k\\=1\\nline 2\\r cs4Label=hash "));
	assert_null(strchr(s, '\n'));
	assert_null(strchr(s, '\r'));
	free(s);
}

/* Header fields: | → \|, \ → \\, = left as it is, a line break becomes a space; the extension keeps its own rules. */
static void test_cef_header_escapes(void **state)
{
	(void)state;
	struct audit_entry x = entry("u", "a|b\\c=d\ne", "x|y", NULL, NULL);
	char *s = line(AUDIT_FORMAT_CEF, &x);
	assert_string_equal(s, "CEF:0|skjold|skjold|1|a\\|b\\\\c=d e|a\\|b\\\\c=d e x\\|y|3|rt=1767225600123 "
			       "externalId=42 suser=u act=a|b\\\\c\\=d\\ne cs2Label=entity cs2=x|y cs4Label=hash cs4=" SEQ64
			       " cs5Label=prevHash cs5=" ZERO64);
	free(s);
}

/* No organisation and no key: cs1 and cs3 are left out with their labels. */
static void test_cef_absent(void **state)
{
	(void)state;
	struct audit_entry x = entry("sys", "revoke", "token", NULL, NULL);
	char *s = line(AUDIT_FORMAT_CEF, &x);
	assert_null(strstr(s, "cs1"));
	assert_null(strstr(s, "cs3"));
	assert_non_null(strstr(s, "|revoke|revoke token|7|rt="));
	free(s);
}

static void test_severity(void **state)
{
	(void)state;
	assert_int_equal(audit_format_severity("delete"), 7);
	assert_int_equal(audit_format_severity("revoke"), 7);
	assert_int_equal(audit_format_severity("restore"), 7);
	assert_int_equal(audit_format_severity("grant"), 5);
	assert_int_equal(audit_format_severity("replace"), 5);
	assert_int_equal(audit_format_severity("create"), 3);
	assert_int_equal(audit_format_severity("update"), 3);
	assert_int_equal(audit_format_severity(NULL), 3);
}

static void test_json(void **state)
{
	(void)state;
	struct audit_entry x = entry("anne \"a\"\nb", "create", "node", NULL, "srv-1");
	char *s = line(AUDIT_FORMAT_JSONL, &x);
	assert_string_equal(s, "{\"seq\":42,\"at\":\"2026-01-01T00:00:00.123Z\",\"at_ms\":1767225600123,"
			       "\"actor\":\"anne \\\"a\\\"\\nb\",\"org\":null,\"action\":\"create\",\"entity\":\"node\","
			       "\"key\":\"srv-1\",\"prev_hash\":\"" ZERO64 "\",\"hash\":\"" SEQ64 "\"}");
	free(s);
}

static void test_time(void **state)
{
	(void)state;
	char t[32];
	audit_format_time(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00.000Z");
	audit_format_time(-1, t);
	assert_string_equal(t, "1969-12-31T23:59:59.999Z");
	audit_format_time(INT64_C(1767225600123), t);
	assert_string_equal(t, "2026-01-01T00:00:00.123Z");
}

static void test_parse(void **state)
{
	(void)state;
	enum audit_format f;
	assert_int_equal(audit_format_parse("jsonl", &f), 0);
	assert_int_equal(f, AUDIT_FORMAT_JSONL);
	assert_int_equal(audit_format_parse("json", &f), 0);
	assert_int_equal(f, AUDIT_FORMAT_JSONL);
	assert_int_equal(audit_format_parse("cef", &f), 0);
	assert_int_equal(f, AUDIT_FORMAT_CEF);
	assert_int_equal(audit_format_parse("CEF", &f), ERR_INVALID);
	assert_int_equal(audit_format_parse("", &f), ERR_INVALID);
	assert_int_equal(audit_format_parse(NULL, &f), ERR_INVALID);
	assert_string_equal(audit_format_name(AUDIT_FORMAT_CEF), "cef");
	assert_string_equal(audit_format_name(AUDIT_FORMAT_JSONL), "jsonl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cef_plain),
		cmocka_unit_test(test_cef_extension_escapes),
		cmocka_unit_test(test_cef_header_escapes),
		cmocka_unit_test(test_cef_absent),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
