/*
 * test_audit_syslog.c — the RFC 5424 message of an audit entry and the
 * syslog settings' parsers (src/core/audit_syslog.c).  Sending is tested
 * against a real rsyslog by tests/cli/test_syslog.sh.
 *
 * Worked by hand from RFC 5424: PRI = facility * 8 + severity (authpriv is
 * 10, local3 19; informational 6, notice 5, warning 4), VERSION 1, the
 * TIMESTAMP an RFC 3339 date-time with fraction and offset, NILVALUE "-" for
 * the empty STRUCTURED-DATA, MSGID at most 32 printable characters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "audit_syslog.h"
#include "err.h"

static char *message(const char *action, int facility, enum audit_format f, const char *host, int64_t at_ms)
{
	struct audit_entry x = {.seq = 7, .at_ms = at_ms, .actor = "anne", .action = action, .entity = "node",
				.org = "bank-a", .key = "srv"};
	struct buf b = {0};
	audit_syslog_message(&x, facility, f, host, 4242, &b);
	return buf_finish(&b);
}

static void test_header(void **state)
{
	(void)state;
	/* 2026-03-02T13:05:00.123Z is 14:05:00.123 in Copenhagen (winter, +01:00) */
	char *s = message("create", 10, AUDIT_FORMAT_CEF, "bank-app-1", INT64_C(1772456700123));
	assert_true(!strncmp(s, "<86>1 2026-03-02T14:05:00.123+01:00 bank-app-1 skjold 4242 create - "
				"CEF:0|skjold|skjold|1|create|create node|3|rt=1772456700123 externalId=7 suser=anne ",
			     strlen("<86>1 2026-03-02T14:05:00.123+01:00 bank-app-1 skjold 4242 create - "
				    "CEF:0|skjold|skjold|1|create|create node|3|rt=1772456700123 externalId=7 suser=anne ")));
	free(s);
	/* summer (+02:00), local3, a deletion: warning */
	s = message("delete", 19, AUDIT_FORMAT_JSONL, "h", INT64_C(1782907200000));
	assert_true(!strncmp(s, "<156>1 2026-07-01T14:00:00.000+02:00 h skjold 4242 delete - {\"seq\":7,",
			     strlen("<156>1 2026-07-01T14:00:00.000+02:00 h skjold 4242 delete - {\"seq\":7,")));
	free(s);
	/* a grant: notice; a host with a space and an empty one */
	s = message("grant", 10, AUDIT_FORMAT_JSONL, "my host", INT64_C(1772456700123));
	assert_true(!strncmp(s, "<85>1 2026-03-02T14:05:00.123+01:00 myhost skjold 4242 grant - ",
			     strlen("<85>1 2026-03-02T14:05:00.123+01:00 myhost skjold 4242 grant - ")));
	free(s);
	s = message("update", 10, AUDIT_FORMAT_JSONL, "", INT64_C(1772456700123));
	assert_non_null(strstr(s, " - skjold 4242 update - {"));
	free(s);
}

/* MSGID: printable US-ASCII, no spaces, at most 32; NILVALUE when nothing is left */
static void test_msgid(void **state)
{
	(void)state;
	char *s = message("a very long action name that goes on and on", 10, AUDIT_FORMAT_CEF, "h", 0);
	assert_non_null(strstr(s, " skjold 4242 averylongactionnamethatgoesonand - CEF:0|"));
	free(s);
	s = message("\xc3\xa6\xc3\xb8", 10, AUDIT_FORMAT_CEF, "h", 0);
	assert_non_null(strstr(s, " skjold 4242 - - CEF:0|"));
	free(s);
}

static void test_target(void **state)
{
	(void)state;
	struct audit_syslog_target t;
	char why[160];
	assert_int_equal(audit_syslog_target_parse("udp://127.0.0.1:514", &t, why, sizeof why), 0);
	assert_int_equal(t.transport, AUDIT_SYSLOG_UDP);
	assert_string_equal(t.host, "127.0.0.1");
	assert_string_equal(t.port, "514");
	assert_int_equal(audit_syslog_target_parse("tcp://siem.example:6514", &t, why, sizeof why), 0);
	assert_int_equal(t.transport, AUDIT_SYSLOG_TCP);
	assert_string_equal(t.host, "siem.example");
	assert_int_equal(audit_syslog_target_parse("tcp://[::1]:514", &t, why, sizeof why), 0);
	assert_string_equal(t.host, "::1");
	assert_int_equal(audit_syslog_target_parse("unix:/dev/log", &t, why, sizeof why), 0);
	assert_int_equal(t.transport, AUDIT_SYSLOG_UNIX);
	assert_string_equal(t.path, "/dev/log");
	static const char *const bad[] = {"udp://127.0.0.1",  "udp://:514",      "udp://h:0",     "udp://h:65536",
					  "udp://h:51x",      "tcp://[::1]514",  "unix:dev/log",  "ftp://h:1",
					  "UDP://h:514",      "udp://a b:514",   "", "tcp://h:"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = 0;
		assert_int_equal(audit_syslog_target_parse(bad[i], &t, why, sizeof why), ERR_INVALID);
		assert_true(why[0] != 0);
	}
}

static void test_facility_format(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int rc, facility;
	} cases[] = {{"kern", 0, 0},	  {"authpriv", 0, 10},	   {"local0", 0, 16},	  {"local7", 0, 23},
		     {"local8", ERR_INVALID, -1}, {"AUTHPRIV", ERR_INVALID, -1}, {NULL, ERR_INVALID, -1}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int f = -1;
		assert_int_equal(audit_syslog_facility_parse(cases[i].name, &f), cases[i].rc);
		assert_int_equal(f, cases[i].facility);
	}
	enum audit_format fmt;
	assert_int_equal(audit_syslog_format_parse("cef", &fmt), 0);
	assert_int_equal(fmt, AUDIT_FORMAT_CEF);
	assert_int_equal(audit_syslog_format_parse("json", &fmt), 0);
	assert_int_equal(fmt, AUDIT_FORMAT_JSONL);
	assert_int_equal(audit_syslog_format_parse("jsonl", &fmt), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_msgid),
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_facility_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
