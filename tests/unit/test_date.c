/*
 * test_date.c — civil dates, month arithmetic, instants and Copenhagen time.
 *
 * The Copenhagen offset is checked against the system's IANA zoneinfo.  Only
 * this test touches the process time zone (setenv TZ + localtime_r/mktime);
 * src/core/date.c must never do so.  Without /usr/share/zoneinfo/Europe/Copenhagen
 * those comparisons are skipped with a note.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "err.h"

#define MS_HOUR INT64_C(3600000)
#define MS_DAY (24 * MS_HOUR)

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void assert_date_eq(int32_t days, const char *want)
{
	char buf[11];
	date_format(days, buf);
	assert_string_equal(buf, want);
}

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(1900, 1, 1), -25567);
	assert_int_equal(ymd(2026, 3, 2), 20514);
	assert_date_eq(20514, "2026-03-02");
	assert_date_eq(-25567, "1900-01-01");
	/* Month and day carry, as documented. */
	assert_int_equal(ymd(2026, 13, 1), ymd(2027, 1, 1));
	assert_int_equal(ymd(2026, 0, 1), ymd(2025, 12, 1));
	assert_int_equal(ymd(2026, 1, 32), ymd(2026, 2, 1));
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_equal(date_days_in_month(2026, 0), 0);
	assert_int_equal(date_days_in_month(2026, 13), 0);
	/* Year lengths seen through the day count. */
	assert_int_equal(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
	assert_int_equal(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
	assert_int_equal(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
	assert_int_equal(ymd(2101, 1, 1) - ymd(2100, 1, 1), 365);
	int32_t d;
	assert_int_equal(date_parse("2000-02-29", &d), 0);
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_equal(date_parse("1900-02-29", &d), ERR_INVALID);
	assert_int_equal(date_parse("2026-02-29", &d), ERR_INVALID);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(ymd(1970, 1, 1)), 3);  /* Thursday */
	assert_int_equal(date_weekday(ymd(1900, 1, 1)), 0);  /* Monday */
	assert_int_equal(date_weekday(ymd(2000, 1, 1)), 5);  /* Saturday */
	assert_int_equal(date_weekday(ymd(2026, 3, 2)), 0);  /* Monday */
	assert_int_equal(date_weekday(ymd(2024, 2, 29)), 3); /* Thursday */
	assert_int_equal(date_weekday(ymd(1969, 12, 28)), 6); /* Sunday, before the epoch */
	assert_int_equal(date_weekday(ymd(2200, 12, 31)), 2); /* Wednesday */
}

static void test_add_months(void **state)
{
	(void)state;
	assert_date_eq(date_add_months(ymd(2026, 1, 31), 1), "2026-02-28");
	assert_date_eq(date_add_months(ymd(2024, 1, 31), 1), "2024-02-29");
	assert_date_eq(date_add_months(ymd(2026, 3, 31), -1), "2026-02-28");
	assert_date_eq(date_add_months(ymd(2024, 3, 31), -1), "2024-02-29");
	assert_date_eq(date_add_months(ymd(2026, 5, 31), 1), "2026-06-30");
	assert_date_eq(date_add_months(ymd(2026, 1, 15), 12), "2027-01-15");
	assert_date_eq(date_add_months(ymd(2024, 2, 29), 12), "2025-02-28");
	assert_date_eq(date_add_months(ymd(2026, 8, 31), 36), "2029-08-31");
	assert_date_eq(date_add_months(ymd(2027, 2, 28), 36), "2030-02-28");
	assert_date_eq(date_add_months(ymd(2026, 1, 10), -1), "2025-12-10");
	assert_date_eq(date_add_months(ymd(2026, 1, 10), -13), "2024-12-10");
	assert_date_eq(date_add_months(ymd(2026, 1, 10), -36), "2023-01-10");
	assert_date_eq(date_add_months(ymd(2026, 12, 31), 2), "2027-02-28");
	assert_date_eq(date_add_months(ymd(2026, 3, 2), 0), "2026-03-02");
}

static void test_roundtrip_every_day(void **state)
{
	(void)state;
	int32_t first = ymd(1900, 1, 1), last = ymd(2200, 12, 31);
	int y = 1900, m = 1, d = 1, wd = 0;
	for (int32_t days = first; days <= last; days++) {
		int gy, gm, gd;
		date_to_ymd(days, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d)
			fail_msg("day %d: got %04d-%02d-%02d, want %04d-%02d-%02d", (int)days, gy, gm, gd, y, m,
				 d);
		if (date_from_ymd(y, m, d) != days)
			fail_msg("date_from_ymd(%d, %d, %d) != %d", y, m, d, (int)days);
		if (date_weekday(days) != wd)
			fail_msg("weekday of day %d", (int)days);
		char buf[11], want[48];
		date_format(days, buf);
		snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
		if (strcmp(buf, want) != 0)
			fail_msg("format %s != %s", buf, want);
		int32_t back;
		if (date_parse(buf, &back) != 0 || back != days)
			fail_msg("parse %s", buf);
		/* Step the reference calendar independently. */
		wd = (wd + 1) % 7;
		if (++d > date_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 2201);
}

static void test_extreme_days(void **state)
{
	(void)state;
	/* Every int32 day count converts back and forth without overflow. */
	int32_t probes[] = {INT32_MIN, INT32_MIN + 1, -1000000000, 1000000000, INT32_MAX - 1, INT32_MAX};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		int y, m, d;
		date_to_ymd(probes[i], &y, &m, &d);
		assert_int_equal(date_from_ymd(y, m, d), probes[i]);
		assert_true(date_weekday(probes[i]) >= 0 && date_weekday(probes[i]) <= 6);
	}
	char buf[11];
	date_format(INT32_MAX, buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(ymd(-1, 12, 31), buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(ymd(9999, 12, 31), buf);
	assert_string_equal(buf, "9999-12-31");
	date_format(ymd(0, 1, 1), buf);
	assert_string_equal(buf, "0000-01-01");
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "2026", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-2-3",
		"2026-02-3", "26-02-03", "2026/02/03", "2026-02-03 ", " 2026-02-03", "2026-02-03x",
		"2026-02-03T00:00Z", "+2026-02-03", "2026-0a-03", "20260203", "2026--2-03", "２026-02-03",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int32_t d = 12345;
		if (date_parse(bad[i], &d) != ERR_INVALID)
			fail_msg("date_parse accepted \"%s\"", bad[i]);
		assert_int_equal(d, 12345); /* output untouched on failure */
	}
	assert_int_equal(date_parse(NULL, &(int32_t){0}), ERR_INVALID);
	int32_t d;
	assert_int_equal(date_parse("2026-12-31", &d), 0);
	assert_int_equal(d, ymd(2026, 12, 31));
	assert_int_equal(date_parse("0000-01-01", &d), 0);
	assert_int_equal(date_parse("9999-12-31", &d), 0);
}

static int64_t parse_ok(const char *s)
{
	int64_t ms = 0;
	if (instant_parse(s, &ms) != 0)
		fail_msg("instant_parse rejected \"%s\"", s);
	return ms;
}

static void test_instant_parse(void **state)
{
	(void)state;
	int64_t base = (int64_t)ymd(2026, 3, 2) * MS_DAY; /* 2026-03-02T00:00Z */
	int64_t t = base + 13 * MS_HOUR + 5 * 60000;      /* 13:05Z */
	assert_true(parse_ok("2026-03-02T13:05Z") == t);
	assert_true(parse_ok("2026-03-02T13:05:00Z") == t);
	assert_true(parse_ok("2026-03-02T14:05:00+01:00") == t);
	assert_true(parse_ok("2026-03-02T14:05+01:00") == t);
	assert_true(parse_ok("2026-03-02T08:35:00-04:30") == t);
	assert_true(parse_ok("2026-03-02T13:05:00+00:00") == t);
	assert_true(parse_ok("2026-03-02T13:05:00-00:00") == t);
	assert_true(parse_ok("2026-03-02T13:05:07.250Z") == t + 7250);
	assert_true(parse_ok("2026-03-02T13:05:07.25Z") == t + 7250);
	assert_true(parse_ok("2026-03-02T13:05:07.2Z") == t + 7200);
	assert_true(parse_ok("2026-03-02T13:05:07.123456789Z") == t + 7123);
	/* Offset crossing midnight backwards. */
	assert_true(parse_ok("2026-03-02T00:30+02:00") == base - 90 * 60000);
	/* Before the epoch. */
	assert_true(parse_ok("1969-12-31T23:59:59.999Z") == -1);
	assert_true(parse_ok("1900-01-01T00:00Z") == (int64_t)ymd(1900, 1, 1) * MS_DAY);

	/* A bare date is 00:00 in Copenhagen: +01:00 in winter, +02:00 in summer. */
	assert_true(parse_ok("2026-03-02") == base - MS_HOUR);
	assert_true(parse_ok("2026-07-01") == (int64_t)ymd(2026, 7, 1) * MS_DAY - 2 * MS_HOUR);
	/* The days of the changes: midnight is still before the change. */
	assert_true(parse_ok("2026-03-29") == (int64_t)ymd(2026, 3, 29) * MS_DAY - MS_HOUR);
	assert_true(parse_ok("2026-10-25") == (int64_t)ymd(2026, 10, 25) * MS_DAY - 2 * MS_HOUR);
	assert_true(parse_ok("2026-03-30") == (int64_t)ymd(2026, 3, 30) * MS_DAY - 2 * MS_HOUR);
	assert_true(parse_ok("2026-10-26") == (int64_t)ymd(2026, 10, 26) * MS_DAY - MS_HOUR);
}

static void test_instant_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "2026-03-02T", "2026-03-02T13:05", "2026-03-02T13:05:00", "2026-03-02 13:05Z",
		"2026-03-02t13:05Z", "2026-03-02T13:05z", "2026-03-02T24:00Z", "2026-03-02T13:60Z",
		"2026-03-02T13:05:60Z", "2026-03-02T1:05Z", "2026-03-02T13:5Z", "2026-03-02T13:05:0Z",
		"2026-03-02T13:05:00.Z", "2026-03-02T13:05:00.1234567890Z", "2026-03-02T13:05.5Z",
		"2026-03-02T13:05+0100", "2026-03-02T13:05+01", "2026-03-02T13:05+1:00", "2026-03-02T13:05+24:00",
		"2026-03-02T13:05+01:60", "2026-03-02T13:05Z ", "2026-03-02T13:05+01:00x", "2026-02-30T13:05Z",
		"2026-3-02T13:05Z", "2026-03-02x", "2026-03-02 ", "2026-03-02TZ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 42;
		if (instant_parse(bad[i], &ms) != ERR_INVALID)
			fail_msg("instant_parse accepted \"%s\"", bad[i]);
		assert_true(ms == 42);
	}
	assert_int_equal(instant_parse(NULL, &(int64_t){0}), ERR_INVALID);
}

static void test_instant_format(void **state)
{
	(void)state;
	char buf[32];
	int64_t t = parse_ok("2026-03-02T13:05:00Z");
	instant_format_utc(t, buf);
	assert_string_equal(buf, "2026-03-02T13:05:00Z");
	instant_format_cph(t, buf);
	assert_string_equal(buf, "2026-03-02T14:05:00+01:00");
	t = parse_ok("2026-07-01T22:30:15.042Z");
	instant_format_utc(t, buf);
	assert_string_equal(buf, "2026-07-01T22:30:15.042Z");
	instant_format_cph(t, buf);
	assert_string_equal(buf, "2026-07-02T00:30:15.042+02:00");
	assert_int_equal(instant_cph_date(t), ymd(2026, 7, 2));
	instant_format_utc(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
	instant_format_cph(-1, buf);
	assert_string_equal(buf, "1970-01-01T00:59:59.999+01:00");
	/* Out of the four-digit range: the placeholder, which does not parse back. */
	instant_format_utc(INT64_MAX, buf);
	assert_string_equal(buf, "0000-00-00T00:00:00Z");
	instant_format_cph(INT64_MIN, buf);
	assert_string_equal(buf, "0000-00-00T00:00:00+01:00");
	assert_int_equal(instant_parse(buf, &t), ERR_INVALID);
	assert_int_equal(instant_cph_date(INT64_MAX), DATE_NONE);
	assert_int_equal(tz_cph_offset_minutes(INT64_MIN), 60);
	/* Round trip of both forms across a range of instants, odd steps. */
	for (int64_t ms = parse_ok("1899-06-01T00:00Z"); ms < parse_ok("2201-01-01T00:00Z");
	     ms += 3 * MS_DAY + 7 * MS_HOUR + 12345) {
		int64_t back;
		instant_format_utc(ms, buf);
		if (instant_parse(buf, &back) != 0 || back != ms)
			fail_msg("utc round trip of %s", buf);
		instant_format_cph(ms, buf);
		if (instant_parse(buf, &back) != 0 || back != ms)
			fail_msg("cph round trip of %s", buf);
	}
}

static void test_cph_offset_rule(void **state)
{
	(void)state;
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	int64_t start = parse_ok("2026-03-29T01:00Z"), end = parse_ok("2026-10-25T01:00Z");
	assert_int_equal(tz_cph_offset_minutes(start - 1), 60);
	assert_int_equal(tz_cph_offset_minutes(start), 120);
	assert_int_equal(tz_cph_offset_minutes(end - 1), 120);
	assert_int_equal(tz_cph_offset_minutes(end), 60);
	char buf[32];
	instant_format_cph(start - 1, buf);
	assert_string_equal(buf, "2026-03-29T01:59:59.999+01:00");
	instant_format_cph(start, buf);
	assert_string_equal(buf, "2026-03-29T03:00:00+02:00");
	/* The repeated hour in October is told apart by its offset. */
	instant_format_cph(end - MS_HOUR, buf);
	assert_string_equal(buf, "2026-10-25T02:00:00+02:00");
	instant_format_cph(end, buf);
	assert_string_equal(buf, "2026-10-25T02:00:00+01:00");
	/* Pre-1980 convention: the current EU rule. */
	assert_int_equal(tz_cph_offset_minutes(parse_ok("1960-07-01T12:00Z")), 120);
	assert_int_equal(tz_cph_offset_minutes(parse_ok("1960-01-01T12:00Z")), 60);
	assert_int_equal(tz_cph_offset_minutes(parse_ok("2150-07-01T12:00Z")), 120);
	/* 1981-1995 ended in September. */
	assert_int_equal(tz_cph_offset_minutes(parse_ok("1990-10-10T12:00Z")), 60);
	assert_int_equal(tz_cph_offset_minutes(parse_ok("1996-10-10T12:00Z")), 120);
}

static void test_cph_midnight_and_date(void **state)
{
	(void)state;
	for (int32_t d = ymd(1900, 1, 1); d <= ymd(2200, 12, 31); d++) {
		int64_t m = date_cph_midnight(d);
		int off = tz_cph_offset_minutes(m);
		if (m + off * 60000 != (int64_t)d * MS_DAY)
			fail_msg("midnight of day %d is not local 00:00", (int)d);
		if (instant_cph_date(m) != d || instant_cph_date(m - 1) != d - 1)
			fail_msg("instant_cph_date around midnight of day %d", (int)d);
		if (instant_cph_date(m + 12 * MS_HOUR) != d)
			fail_msg("instant_cph_date at noon of day %d", (int)d);
	}
}

/* ---- comparison with the system's zoneinfo (test only) ---- */

static const char zonefile[] = "/usr/share/zoneinfo/Europe/Copenhagen";

static int have_zoneinfo(void)
{
	if (access(zonefile, R_OK) != 0) {
		printf("note: %s absent; zoneinfo comparison skipped\n", zonefile);
		return 0;
	}
	setenv("TZ", "Europe/Copenhagen", 1);
	tzset();
	return 1;
}

static int zone_offset_minutes(int64_t ms)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
	struct tm tm;
	if (!localtime_r(&t, &tm))
		fail_msg("localtime_r failed");
	return (int)(tm.tm_gmtoff / 60);
}

/* Every hour, and one millisecond either side of it, of 1980-2100. */
static void test_cph_offset_vs_zoneinfo(void **state)
{
	(void)state;
	if (!have_zoneinfo())
		skip();
	int64_t from = parse_ok("1980-01-01T00:00Z"), to = parse_ok("2101-01-01T00:00Z");
	long checked = 0, changes = 0;
	int prev = 60;
	for (int64_t ms = from; ms < to; ms += MS_HOUR) {
		int want = zone_offset_minutes(ms);
		if (want != prev)
			changes++;
		prev = want;
		int64_t probe[3] = {ms - 1000, ms, ms + 1000};
		for (int i = 0; i < 3; i++) {
			int w = zone_offset_minutes(probe[i]);
			int got = tz_cph_offset_minutes(probe[i]);
			if (got != w) {
				char buf[32];
				instant_format_utc(probe[i], buf);
				fail_msg("offset at %s: got %d, zoneinfo %d", buf, got, w);
			}
			checked++;
		}
	}
	/* Two changes a year, or the zoneinfo did not load and the test proved nothing. */
	assert_int_equal(changes, 2 * 121);
	printf("note: %ld instants compared with zoneinfo, %ld changes\n", checked, changes);
}

/* Local midnight and the local date agree with mktime/localtime for every day 1980-2100. */
static void test_cph_days_vs_zoneinfo(void **state)
{
	(void)state;
	if (!have_zoneinfo())
		skip();
	for (int32_t d = ymd(1980, 1, 1); d <= ymd(2100, 12, 31); d++) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd, .tm_isdst = -1};
		time_t t = mktime(&tm);
		if ((int64_t)t * 1000 != date_cph_midnight(d))
			fail_msg("midnight of %04d-%02d-%02d differs from mktime", y, m, dd);
		int64_t late = date_cph_midnight(d) + 23 * MS_HOUR; /* 23:00 or 22:00/24:00 local */
		time_t lt = (time_t)(late / 1000);
		struct tm ltm;
		localtime_r(&lt, &ltm);
		int32_t want = ymd(ltm.tm_year + 1900, ltm.tm_mon + 1, ltm.tm_mday);
		if (instant_cph_date(late) != want)
			fail_msg("local date of an instant on %04d-%02d-%02d", y, m, dd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_roundtrip_every_day),
		cmocka_unit_test(test_extreme_days),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_instant_parse),
		cmocka_unit_test(test_instant_parse_rejects),
		cmocka_unit_test(test_instant_format),
		cmocka_unit_test(test_cph_offset_rule),
		cmocka_unit_test(test_cph_midnight_and_date),
		cmocka_unit_test(test_cph_offset_vs_zoneinfo),
		cmocka_unit_test(test_cph_days_vs_zoneinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
