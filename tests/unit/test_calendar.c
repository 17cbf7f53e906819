/*
 * test_calendar.c — Easter, the Danish working-day calendars, working hours
 * and local (Europe/Copenhagen) time arithmetic.
 *
 * Expected values are written from the sources, not from calendar.c's
 * output: Easter dates from published tables, checked for every year
 * 1900–2200 against a second computus (Meeus/Jones/Butcher) written here;
 * the closing days from RULES.md §1 and Nationalbanken's lists for 2026 and
 * 2027; DST behaviour against the system's IANA zoneinfo.  Only this test
 * touches the process time zone (setenv TZ + localtime_r); without
 * /usr/share/zoneinfo/Europe/Copenhagen those comparisons are skipped with a
 * note.
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

#include "calendar.h"
#include "date.h"

#define MS_MINUTE INT64_C(60000)
#define MS_HOUR (60 * MS_MINUTE)
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

static int64_t at(const char *s)
{
	int64_t ms;
	if (instant_parse(s, &ms) != 0)
		fail_msg("test instant %s does not parse", s);
	return ms;
}

static void assert_cph_eq(int64_t ms, const char *want)
{
	char buf[32];
	instant_format_cph(ms, buf);
	assert_string_equal(buf, want);
}

/* ---- names and parsing ---- */

static void test_parse_and_names(void **state)
{
	(void)state;
	assert_int_equal(cal_parse("dk-bank"), CAL_DK_BANK);
	assert_int_equal(cal_parse("dk-public"), CAL_DK_PUBLIC);
	assert_int_equal(cal_parse("DK-BANK"), -1);
	assert_int_equal(cal_parse("dk-bank "), -1);
	assert_int_equal(cal_parse(""), -1);
	assert_int_equal(cal_parse(NULL), -1);
	assert_string_equal(cal_name(CAL_DK_BANK), "dk-bank");
	assert_string_equal(cal_name(CAL_DK_PUBLIC), "dk-public");

	int m = -7;
	assert_int_equal(cal_parse_hhmm("08:00", &m), 0);
	assert_int_equal(m, 480);
	assert_int_equal(cal_parse_hhmm("00:00", &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(cal_parse_hhmm("16:30", &m), 0);
	assert_int_equal(m, 990);
	assert_int_equal(cal_parse_hhmm("23:59", &m), 0);
	assert_int_equal(m, 1439);
	assert_int_equal(cal_parse_hhmm("24:00", &m), 0);
	assert_int_equal(m, 1440);
	static const char *const bad[] = {"24:01", "25:00", "12:60", "8:00", "08:0", "08-00", "0800",
					  "08:00 ", " 08:00", "08:00:00", "", "ab:cd", "-1:00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		m = -7;
		if (cal_parse_hhmm(bad[i], &m) != -1 || m != -7)
			fail_msg("\"%s\" accepted", bad[i]);
	}
	assert_int_equal(cal_parse_hhmm(NULL, &m), -1);
	struct cal_hours h = CAL_HOURS_DEFAULT;
	assert_int_equal(h.start_min, 480);
	assert_int_equal(h.end_min, 960);
}

/* ---- Easter ---- */

/* Meeus/Jones/Butcher (the "anonymous Gregorian" computus), as a second opinion. */
static int32_t easter_meeus(int y)
{
	int a = y % 19, b = y / 100, c = y % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return ymd(y, month, day);
}

static void test_easter_known(void **state)
{
	(void)state;
	static const char *const known[] = {
		"1900-04-15", "1913-03-23", "1943-04-25", "1961-04-02", "2000-04-23",
		"2006-04-16", "2008-03-23", "2011-04-24", "2019-04-21", "2023-04-09",
		"2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25",
		"2100-03-28", "2200-04-06",
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		int y = atoi(known[i]);
		assert_date_eq(cal_easter(y), known[i]);
		assert_date_eq(easter_meeus(y), known[i]);
	}
}

static void test_easter_all_years(void **state)
{
	(void)state;
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
		int32_t e = cal_easter(y);
		if (e != easter_meeus(y))
			fail_msg("Easter %d differs from Meeus/Jones/Butcher", y);
		if (date_weekday(e) != 6)
			fail_msg("Easter %d is not a Sunday", y);
		if (e < ymd(y, 3, 22) || e > ymd(y, 4, 25))
			fail_msg("Easter %d outside 22 March .. 25 April", y);
	}
}

/* ---- closing days ---- */

struct named_day {
	int m, d;
	const char *name;
};

/* Every day of year y: closing in calendar k exactly on the listed days, with those names. */
static void assert_closing_year(enum cal_kind k, int y, const struct named_day *list, size_t n)
{
	for (int32_t d = ymd(y, 1, 1); d < ymd(y + 1, 1, 1); d++) {
		const char *want = NULL;
		for (size_t i = 0; i < n; i++)
			if (ymd(y, list[i].m, list[i].d) == d)
				want = list[i].name;
		const char *got = cal_closing_day(k, d);
		char buf[11];
		date_format(d, buf);
		if (!want && got)
			fail_msg("%s: %s is not a closing day, got \"%s\"", cal_name(k), buf, got);
		if (want && (!got || strcmp(got, want) != 0))
			fail_msg("%s: %s should be %s, got %s", cal_name(k), buf, want, got ? got : "(none)");
		bool working = date_weekday(d) < 5 && !want;
		if (cal_is_working_day(k, d) != working)
			fail_msg("%s: working-day status of %s", cal_name(k), buf);
	}
}

static int count_working_days(enum cal_kind k, int y)
{
	int n = 0;
	for (int32_t d = ymd(y, 1, 1); d < ymd(y + 1, 1, 1); d++)
		n += cal_is_working_day(k, d);
	return n;
}

/* Nationalbanken 2026 (E = 5 April). */
static void test_bank_2026(void **state)
{
	(void)state;
	static const struct named_day list[] = {
		{1, 1, "Nytårsdag"},         {4, 2, "Skærtorsdag"},
		{4, 3, "Langfredag"},        {4, 6, "2. påskedag"},
		{5, 14, "Kristi himmelfartsdag"}, {5, 15, "Banklukkedag"},
		{5, 25, "2. pinsedag"},      {6, 5, "Grundlovsdag"},
		{12, 24, "Juleaftensdag"},   {12, 25, "1. juledag"},
		{12, 26, "2. juledag"},      {12, 31, "Nytårsaftensdag"},
	};
	assert_date_eq(cal_easter(2026), "2026-04-05");
	assert_closing_year(CAL_DK_BANK, 2026, list, sizeof list / sizeof list[0]);
	/* 261 weekdays; 26 December is a Saturday, the other 11 closing days are weekdays. */
	assert_int_equal(count_working_days(CAL_DK_BANK, 2026), 261 - 11);
	assert_false(cal_is_working_day(CAL_DK_BANK, ymd(2026, 4, 2)));
	assert_true(cal_is_working_day(CAL_DK_BANK, ymd(2026, 4, 1)));
	assert_true(cal_is_working_day(CAL_DK_BANK, ymd(2026, 4, 7)));
}

/* Nationalbanken 2027 (E = 28 March). */
static void test_bank_2027(void **state)
{
	(void)state;
	static const struct named_day list[] = {
		{1, 1, "Nytårsdag"},         {3, 25, "Skærtorsdag"},
		{3, 26, "Langfredag"},       {3, 29, "2. påskedag"},
		{5, 6, "Kristi himmelfartsdag"}, {5, 7, "Banklukkedag"},
		{5, 17, "2. pinsedag"},      {6, 5, "Grundlovsdag"},
		{12, 24, "Juleaftensdag"},   {12, 25, "1. juledag"},
		{12, 26, "2. juledag"},      {12, 31, "Nytårsaftensdag"},
	};
	assert_date_eq(cal_easter(2027), "2027-03-28");
	assert_int_equal(date_weekday(ymd(2027, 6, 5)), 5); /* a Saturday, still named */
	assert_string_equal(cal_closing_day(CAL_DK_BANK, ymd(2027, 6, 5)), "Grundlovsdag");
	assert_false(cal_is_working_day(CAL_DK_BANK, ymd(2027, 6, 5)));
	assert_closing_year(CAL_DK_BANK, 2027, list, sizeof list / sizeof list[0]);
	/* 261 weekdays; 5 June, 25 and 26 December fall on weekends. */
	assert_int_equal(count_working_days(CAL_DK_BANK, 2027), 261 - 9);
}

static void test_store_bededag(void **state)
{
	(void)state;
	assert_string_equal(cal_closing_day(CAL_DK_BANK, ymd(2023, 5, 5)), "Store Bededag");
	assert_string_equal(cal_closing_day(CAL_DK_PUBLIC, ymd(2023, 5, 5)), "Store Bededag");
	assert_false(cal_is_working_day(CAL_DK_BANK, ymd(2023, 5, 5)));
	assert_false(cal_is_working_day(CAL_DK_PUBLIC, ymd(2023, 5, 5)));
	assert_null(cal_closing_day(CAL_DK_BANK, ymd(2024, 4, 26)));
	assert_null(cal_closing_day(CAL_DK_PUBLIC, ymd(2024, 4, 26)));
	assert_true(cal_is_working_day(CAL_DK_BANK, ymd(2024, 4, 26)));
	assert_true(cal_is_working_day(CAL_DK_PUBLIC, ymd(2024, 4, 26)));
	/* 2016 (Nationalbanken's list: 22 April "General Prayer Day"), 1900 and 2025. */
	assert_string_equal(cal_closing_day(CAL_DK_BANK, ymd(2016, 4, 22)), "Store Bededag");
	assert_string_equal(cal_closing_day(CAL_DK_BANK, ymd(1900, 5, 11)), "Store Bededag");
	assert_null(cal_closing_day(CAL_DK_BANK, ymd(2025, 5, 16)));
	assert_true(cal_is_working_day(CAL_DK_BANK, ymd(2025, 5, 16)));
}

static void test_public_calendar(void **state)
{
	(void)state;
	static const struct named_day list[] = {
		{1, 1, "Nytårsdag"},         {4, 2, "Skærtorsdag"},
		{4, 3, "Langfredag"},        {4, 6, "2. påskedag"},
		{5, 14, "Kristi himmelfartsdag"}, {5, 25, "2. pinsedag"},
		{12, 25, "1. juledag"},      {12, 26, "2. juledag"},
	};
	assert_closing_year(CAL_DK_PUBLIC, 2026, list, sizeof list / sizeof list[0]);
	/* The bank-only days of 2026 are weekdays and working days in dk-public. */
	int32_t bank_only[] = {ymd(2026, 5, 15), ymd(2026, 6, 5), ymd(2026, 12, 24), ymd(2026, 12, 31)};
	for (size_t i = 0; i < 4; i++) {
		assert_true(date_weekday(bank_only[i]) < 5);
		assert_true(cal_is_working_day(CAL_DK_PUBLIC, bank_only[i]));
		assert_false(cal_is_working_day(CAL_DK_BANK, bank_only[i]));
	}
	/* Every year: 5 Jun, 24 Dec, 31 Dec and E+40 are working days in dk-public when weekdays. */
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
		int32_t e = easter_meeus(y);
		int32_t days[] = {ymd(y, 6, 5), ymd(y, 12, 24), ymd(y, 12, 31), e + 40};
		for (size_t i = 0; i < 4; i++) {
			if (date_weekday(days[i]) >= 5)
				continue;
			if (days[i] == e + 50)
				continue; /* 5 June is 2. pinsedag that year */
			if (!cal_is_working_day(CAL_DK_PUBLIC, days[i]))
				fail_msg("dk-public %d: day %zu is not a working day", y, i);
			if (cal_is_working_day(CAL_DK_BANK, days[i]))
				fail_msg("dk-bank %d: day %zu is a working day", y, i);
		}
	}
	/* 2006: Easter 16 April, so 5 June is both Grundlovsdag and 2. pinsedag (a Monday). */
	assert_int_equal(ymd(2006, 6, 5), cal_easter(2006) + 50);
	assert_string_equal(cal_closing_day(CAL_DK_PUBLIC, ymd(2006, 6, 5)), "2. pinsedag");
	assert_string_equal(cal_closing_day(CAL_DK_BANK, ymd(2006, 6, 5)), "2. pinsedag");
	assert_false(cal_is_working_day(CAL_DK_PUBLIC, ymd(2006, 6, 5)));
}

/*
 * The RULES.md §1 table as data, read for every day of 1900–2200 in both
 * calendars, with Easter from Meeus/Jones/Butcher.
 */
struct rule_day {
	bool easter;       /* offset from Easter, else month/day */
	int off, m, d;
	bool bank_only;
	int last_year;     /* 0: every year */
	const char *name;
};

static const struct rule_day rules_table[] = {
	{false, 0, 1, 1, false, 0, "Nytårsdag"},
	{true, -3, 0, 0, false, 0, "Skærtorsdag"},
	{true, -2, 0, 0, false, 0, "Langfredag"},
	{true, 1, 0, 0, false, 0, "2. påskedag"},
	{true, 26, 0, 0, false, 2023, "Store Bededag"},
	{true, 39, 0, 0, false, 0, "Kristi himmelfartsdag"},
	{true, 40, 0, 0, true, 0, "Banklukkedag"},
	{true, 50, 0, 0, false, 0, "2. pinsedag"},
	{false, 0, 6, 5, true, 0, "Grundlovsdag"},
	{false, 0, 12, 24, true, 0, "Juleaftensdag"},
	{false, 0, 12, 25, false, 0, "1. juledag"},
	{false, 0, 12, 26, false, 0, "2. juledag"},
	{false, 0, 12, 31, true, 0, "Nytårsaftensdag"},
};

static void test_closing_days_all_years(void **state)
{
	(void)state;
	long closing[2] = {0, 0};
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
		int32_t e = easter_meeus(y);
		for (int32_t d = ymd(y, 1, 1); d < ymd(y + 1, 1, 1); d++) {
			for (int k = 0; k < 2; k++) {
				int hits = 0;
				bool pinse = false;
				for (size_t i = 0; i < sizeof rules_table / sizeof rules_table[0]; i++) {
					const struct rule_day *r = &rules_table[i];
					int32_t rd = r->easter ? e + r->off : ymd(y, r->m, r->d);
					if (rd != d || (r->bank_only && k == CAL_DK_PUBLIC) ||
					    (r->last_year && y > r->last_year))
						continue;
					hits++;
					pinse |= r->easter && r->off == 50;
				}
				const char *got = cal_closing_day((enum cal_kind)k, d);
				char buf[11];
				date_format(d, buf);
				if ((hits > 0) != (got != NULL))
					fail_msg("%s %s: closing %d, got %s", cal_name((enum cal_kind)k), buf,
						 hits, got ? got : "(none)");
				if (hits > 1 && !(pinse && strcmp(got, "2. pinsedag") == 0))
					fail_msg("%s %s: coinciding days named %s", cal_name((enum cal_kind)k),
						 buf, got);
				if (hits == 1) {
					for (size_t i = 0; i < sizeof rules_table / sizeof rules_table[0]; i++) {
						const struct rule_day *r = &rules_table[i];
						int32_t rd = r->easter ? e + r->off : ymd(y, r->m, r->d);
						if (rd == d && strcmp(got, r->name) != 0 &&
						    !(r->bank_only && k == CAL_DK_PUBLIC) &&
						    !(r->last_year && y > r->last_year))
							fail_msg("%s %s: named %s, want %s",
								 cal_name((enum cal_kind)k), buf, got, r->name);
					}
				}
				bool working = date_weekday(d) < 5 && hits == 0;
				if (cal_is_working_day((enum cal_kind)k, d) != working)
					fail_msg("%s %s: working-day status", cal_name((enum cal_kind)k), buf);
				closing[k] += hits > 0;
			}
		}
	}
	/* 301 years; the only coincidence is 5 June = E+50 (in dk-bank). */
	assert_true(closing[CAL_DK_BANK] > closing[CAL_DK_PUBLIC]);
	printf("note: closing days 1900-2200: dk-bank %ld, dk-public %ld\n", closing[0], closing[1]);
}

/* ---- working-day arithmetic ---- */

static void test_add_working_days(void **state)
{
	(void)state;
	/* Christmas and New Year 2026/27 (23 December is a Wednesday). */
	int32_t d = ymd(2026, 12, 23);
	assert_int_equal(date_weekday(d), 2);
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, d, 1), "2026-12-28");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, d, 2), "2026-12-29");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, d, 3), "2026-12-30");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, d, 4), "2027-01-04");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, d, 1), "2026-12-24");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, d, 2), "2026-12-28");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, d, 5), "2026-12-31");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, d, 6), "2027-01-04");
	/* Easter 2026: Skærtorsdag 2 April to 2. påskedag 6 April. */
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 3, 31), 1), "2026-04-01");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 3, 31), 2), "2026-04-07");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 4, 1), 1), "2026-04-07");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, ymd(2026, 4, 1), 1), "2026-04-07");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 4, 2), 3), "2026-04-09");
	/* From a closing day or a weekend the count starts the next day. */
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 4, 4), 1), "2026-04-07");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 3, 7), 1), "2026-03-09");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 3, 6), 1), "2026-03-09");
	/* Kristi himmelfart 2026: Thursday 14 May, Banklukkedag Friday 15 May. */
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2026, 5, 13), 1), "2026-05-18");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, ymd(2026, 5, 13), 1), "2026-05-15");
	/* Store Bededag: Friday 5 May 2023 closed, Friday 26 April 2024 open. */
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2023, 5, 4), 1), "2023-05-08");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, ymd(2023, 5, 4), 1), "2023-05-08");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2024, 4, 25), 1), "2024-04-26");
	assert_date_eq(cal_add_working_days(CAL_DK_PUBLIC, ymd(2024, 4, 25), 1), "2024-04-26");
	/* A long count: 250 working days in dk-bank 2026 (see test_bank_2026). */
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2025, 12, 31), 250), "2026-12-30");
	assert_date_eq(cal_add_working_days(CAL_DK_BANK, ymd(2025, 12, 31), 251), "2027-01-04");
	/* n < 1 adds nothing. */
	assert_int_equal(cal_add_working_days(CAL_DK_BANK, d, 0), d);

	assert_date_eq(cal_working_day_on_or_after(CAL_DK_BANK, ymd(2026, 4, 2)), "2026-04-07");
	assert_date_eq(cal_working_day_on_or_after(CAL_DK_BANK, ymd(2026, 4, 7)), "2026-04-07");
	assert_date_eq(cal_working_day_on_or_after(CAL_DK_BANK, ymd(2026, 3, 7)), "2026-03-09");
	assert_date_eq(cal_working_day_on_or_after(CAL_DK_BANK, ymd(2026, 12, 24)), "2026-12-28");
	assert_date_eq(cal_working_day_on_or_after(CAL_DK_PUBLIC, ymd(2026, 12, 24)), "2026-12-24");
	assert_date_eq(cal_working_day_on_or_after(CAL_DK_BANK, ymd(2026, 12, 31)), "2027-01-04");
}

/* ---- working hours ---- */

static void test_working_hours(void **state)
{
	(void)state;
	const struct cal_hours h = CAL_HOURS_DEFAULT;
	assert_int_equal(date_weekday(ymd(2026, 3, 3)), 1); /* Tuesday */
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T07:59:00+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T07:59:59.999+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T08:00:00+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T15:59:00+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T15:59:59.999+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T16:00:00+01:00")));
	/* Local, not UTC: 07:30Z is 08:30 local in winter, 09:30 in summer. */
	assert_true(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T07:30:00Z")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-03T15:30:00Z")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, h, at("2026-06-09T06:00:00Z")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-06-09T05:59:59Z")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-06-09T14:00:00Z")));
	/* Weekends and closing days. */
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-03-07T10:00:00+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-04-02T10:00:00+02:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, h, at("2026-06-05T10:00:00+02:00")));
	assert_true(cal_in_working_hours(CAL_DK_PUBLIC, h, at("2026-06-05T10:00:00+02:00")));
	/* Custom hours 09:00-17:00. */
	const struct cal_hours c = {9 * 60, 17 * 60};
	assert_false(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T08:30:00+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T08:59:59+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T09:00:00+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T16:30:00+01:00")));
	assert_true(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T16:59:59+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, c, at("2026-03-03T17:00:00+01:00")));
	/* Hours to midnight. */
	const struct cal_hours late = {20 * 60, 24 * 60};
	assert_true(cal_in_working_hours(CAL_DK_BANK, late, at("2026-03-03T23:59:59+01:00")));
	assert_false(cal_in_working_hours(CAL_DK_BANK, late, at("2026-03-04T00:00:00+01:00")));
}

static void test_next_hours_start(void **state)
{
	(void)state;
	const struct cal_hours h = CAL_HOURS_DEFAULT;
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T07:59:00+01:00")),
		      "2026-03-03T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T07:59:59.999+01:00")),
		      "2026-03-03T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T00:00:00+01:00")),
		      "2026-03-03T08:00:00+01:00");
	/* Strictly after: at 08:00 sharp the next start is the next working day's. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T08:00:00+01:00")),
		      "2026-03-04T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T15:59:00+01:00")),
		      "2026-03-04T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-03T16:00:00+01:00")),
		      "2026-03-04T08:00:00+01:00");
	/* Friday evening, Saturday. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-06T18:00:00+01:00")),
		      "2026-03-09T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-07T09:00:00+01:00")),
		      "2026-03-09T08:00:00+01:00");
	/* Friday evening before the spring change: Monday 08:00 is in summer time. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-03-27T17:00:00+01:00")),
		      "2026-03-30T08:00:00+02:00");
	/* Skærtorsdag evening 2026 → Tuesday after Easter. */
	int64_t skaer = at("2026-04-02T17:30:00+02:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, skaer), "2026-04-07T08:00:00+02:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_PUBLIC, h, skaer), "2026-04-07T08:00:00+02:00");
	assert_int_equal(cal_next_hours_start(CAL_DK_BANK, h, skaer), at("2026-04-07T06:00:00Z"));
	/* Wednesday before Easter, evening: Skærtorsdag is closed too. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-04-01T16:30:00+02:00")),
		      "2026-04-07T08:00:00+02:00");
	/* Christmas: bank closed 24 December, public open. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-12-23T16:30:00+01:00")),
		      "2026-12-28T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_PUBLIC, h, at("2026-12-23T16:30:00+01:00")),
		      "2026-12-24T08:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, at("2026-12-30T16:30:00+01:00")),
		      "2027-01-04T08:00:00+01:00");
	/* Custom hours 09:00-17:00. */
	const struct cal_hours c = {9 * 60, 17 * 60};
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, c, at("2026-03-03T08:30:00+01:00")),
		      "2026-03-03T09:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, c, at("2026-03-03T09:00:00+01:00")),
		      "2026-03-04T09:00:00+01:00");
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, c, at("2026-03-06T17:00:00+01:00")),
		      "2026-03-09T09:00:00+01:00");
	/* The PSD2 initial-report use: 4 hours (elapsed) after the next start. */
	assert_cph_eq(cal_next_hours_start(CAL_DK_BANK, h, skaer) + 4 * MS_HOUR,
		      "2026-04-07T12:00:00+02:00");
}

static void test_end_of_nth_working_day(void **state)
{
	(void)state;
	int64_t detected = at("2026-04-02T17:30:00+02:00"); /* Thursday, Skærtorsdag */
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, detected, 1), "2026-04-07T23:59:59+02:00");
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, detected, 3), "2026-04-09T23:59:59+02:00");
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, at("2026-12-23T10:00:00+01:00"), 3),
		      "2026-12-30T23:59:59+01:00");
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, at("2026-12-23T10:00:00+01:00"), 4),
		      "2027-01-04T23:59:59+01:00");
	/* Across the autumn change: Thursday 22 October 2026 + 3 → Tuesday 27 October. */
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, at("2026-10-22T12:00:00+02:00"), 3),
		      "2026-10-27T23:59:59+01:00");
	/* The local date counts: 00:30 on 1 April is still 31 March in UTC. */
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, at("2026-04-01T00:30:00+02:00"), 1),
		      "2026-04-07T23:59:59+02:00");
	assert_cph_eq(cal_end_of_nth_working_day(CAL_DK_BANK, at("2026-03-31T23:59:59+02:00"), 1),
		      "2026-04-01T23:59:59+02:00");
	assert_cph_eq(cal_end_of_day(ymd(2026, 3, 29)), "2026-03-29T23:59:59+02:00");
	assert_cph_eq(cal_end_of_day(ymd(2026, 10, 25)), "2026-10-25T23:59:59+01:00");
	assert_int_equal(cal_end_of_day(ymd(2026, 1, 15)), at("2026-01-15T22:59:59Z"));
}

/* ---- local-time arithmetic ---- */

static void test_local_instant(void **state)
{
	(void)state;
	int32_t spring = ymd(2026, 3, 29), autumn = ymd(2026, 10, 25);
	assert_int_equal(date_weekday(spring), 6);
	assert_int_equal(date_weekday(autumn), 6);
	assert_cph_eq(cal_local_instant(spring, 0), "2026-03-29T00:00:00+01:00");
	assert_cph_eq(cal_local_instant(spring, 119), "2026-03-29T01:59:00+01:00");
	/* The gap 02:00-03:00 moves forward by an hour. */
	assert_cph_eq(cal_local_instant(spring, 120), "2026-03-29T03:00:00+02:00");
	assert_cph_eq(cal_local_instant(spring, 150), "2026-03-29T03:30:00+02:00");
	assert_cph_eq(cal_local_instant(spring, 179), "2026-03-29T03:59:00+02:00");
	assert_cph_eq(cal_local_instant(spring, 180), "2026-03-29T03:00:00+02:00");
	assert_cph_eq(cal_local_instant(spring, 720), "2026-03-29T12:00:00+02:00");
	assert_int_equal(cal_local_instant(spring, 150), at("2026-03-29T01:30:00Z"));
	/* The overlap 02:00-03:00 takes the earlier instant, +02:00. */
	assert_cph_eq(cal_local_instant(autumn, 119), "2026-10-25T01:59:00+02:00");
	assert_cph_eq(cal_local_instant(autumn, 120), "2026-10-25T02:00:00+02:00");
	assert_cph_eq(cal_local_instant(autumn, 150), "2026-10-25T02:30:00+02:00");
	assert_cph_eq(cal_local_instant(autumn, 179), "2026-10-25T02:59:00+02:00");
	assert_cph_eq(cal_local_instant(autumn, 180), "2026-10-25T03:00:00+01:00");
	assert_int_equal(cal_local_instant(autumn, 150), at("2026-10-25T00:30:00Z"));
	/* 24:00 is the next local midnight; minutes beyond carry. */
	assert_int_equal(cal_local_instant(spring, 1440), date_cph_midnight(spring + 1));
	assert_int_equal(cal_local_instant(autumn, 1440), date_cph_midnight(autumn + 1));
	assert_int_equal(cal_local_instant(spring, 1440 + 60), cal_local_instant(spring + 1, 60));
	assert_int_equal(cal_local_instant(spring, -60), cal_local_instant(spring - 1, 1380));
	for (int32_t d = ymd(1900, 1, 1); d <= ymd(2200, 12, 31); d += 37)
		assert_int_equal(cal_local_instant(d, 0), date_cph_midnight(d));

	assert_int_equal(cal_local_minute(at("2026-03-29T01:59:59.999+01:00")), 119);
	assert_int_equal(cal_local_minute(at("2026-03-29T03:00:00+02:00")), 180);
	assert_int_equal(cal_local_minute(at("2026-10-25T02:30:00+02:00")), 150);
	assert_int_equal(cal_local_minute(at("2026-10-25T02:30:00+01:00")), 150);
	assert_int_equal(cal_local_minute(at("2026-10-25T23:59:59+01:00")), 1439);
	assert_int_equal(cal_local_minute(at("2026-10-25T23:00:00Z")), 0);
	assert_int_equal(cal_local_minute(at("1969-12-31T23:30:00Z")), 30);
}

static void test_add_days_local(void **state)
{
	(void)state;
	/* Spring: one local day is 23 real hours; autumn: 25. */
	int64_t a = at("2026-03-28T12:00:00+01:00");
	int64_t b = cal_add_days_local(a, 1);
	assert_cph_eq(b, "2026-03-29T12:00:00+02:00");
	assert_int_equal(b - a, 23 * MS_HOUR);
	assert_int_equal(cal_add_days_local(b, -1), a);
	a = at("2026-10-24T12:00:00+02:00");
	b = cal_add_days_local(a, 1);
	assert_cph_eq(b, "2026-10-25T12:00:00+01:00");
	assert_int_equal(b - a, 25 * MS_HOUR);
	assert_int_equal(cal_add_days_local(b, -1), a);
	/* Into the gap: forward by an hour; into the overlap: the earlier instant. */
	assert_cph_eq(cal_add_days_local(at("2026-03-28T02:30:00+01:00"), 1), "2026-03-29T03:30:00+02:00");
	assert_cph_eq(cal_add_days_local(at("2026-03-30T02:30:00+02:00"), -1), "2026-03-29T03:30:00+02:00");
	assert_cph_eq(cal_add_days_local(at("2026-10-24T02:30:00+02:00"), 1), "2026-10-25T02:30:00+02:00");
	assert_cph_eq(cal_add_days_local(at("2026-10-26T02:30:00+01:00"), -1), "2026-10-25T02:30:00+02:00");
	/* From the second pass of the overlap. */
	int64_t second = at("2026-10-25T02:30:00+01:00");
	assert_int_equal(cal_add_days_local(second, 0), second);
	assert_cph_eq(cal_add_days_local(second, 1), "2026-10-26T02:30:00+01:00");
	assert_cph_eq(cal_add_days_local(second, -1), "2026-10-24T02:30:00+02:00");
	/* Two weeks, milliseconds kept. */
	assert_cph_eq(cal_add_days_local(at("2026-03-20T09:15:30.250+01:00"), 14),
		      "2026-04-03T09:15:30.250+02:00");
	assert_cph_eq(cal_add_days_local(at("2026-12-25T23:59:59+01:00"), 14), "2027-01-08T23:59:59+01:00");
	assert_cph_eq(cal_add_days_local(at("2026-03-29T00:00:00+01:00"), 1), "2026-03-30T00:00:00+02:00");
	/* The local date counts: 00:30 local on 1 April is 31 March in UTC. */
	assert_cph_eq(cal_add_days_local(at("2026-04-01T00:30:00+02:00"), 30), "2026-05-01T00:30:00+02:00");
	assert_cph_eq(cal_add_days_local(at("2024-02-28T18:00:00+01:00"), 366), "2025-02-28T18:00:00+01:00");
	/* Every day of 2026 at 10:00 local: +1 day is 10:00 local the next day. */
	for (int32_t d = ymd(2026, 1, 1); d <= ymd(2026, 12, 31); d++) {
		int64_t t = cal_local_instant(d, 600) + 1234;
		int64_t u = cal_add_days_local(t, 1);
		if (u != cal_local_instant(d + 1, 600) + 1234 || cal_local_minute(u) != 600 ||
		    instant_cph_date(u) != d + 1)
			fail_msg("add one day from day %d", (int)d);
	}
}

static void test_add_months_local(void **state)
{
	(void)state;
	assert_cph_eq(cal_add_months_local(at("2026-01-31T10:15:00+01:00"), 1), "2026-02-28T10:15:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2024-01-31T10:15:00+01:00"), 1), "2024-02-29T10:15:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2100-01-31T10:15:00+01:00"), 1), "2100-02-28T10:15:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2000-01-31T10:15:00+01:00"), 1), "2000-02-29T10:15:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2026-03-31T12:00:00+02:00"), -1), "2026-02-28T12:00:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2026-05-31T08:00:00+02:00"), 1), "2026-06-30T08:00:00+02:00");
	assert_cph_eq(cal_add_months_local(at("2026-05-31T08:00:00+02:00"), 12), "2027-05-31T08:00:00+02:00");
	assert_cph_eq(cal_add_months_local(at("2026-05-31T08:00:00+02:00"), -15), "2025-02-28T08:00:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2024-02-29T12:00:00+01:00"), 12), "2025-02-28T12:00:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2024-02-29T12:00:00+01:00"), 48), "2028-02-29T12:00:00+01:00");
	/* Same wall-clock time across a DST change; the real length differs. */
	int64_t a = at("2026-02-28T14:00:00+01:00");
	assert_cph_eq(cal_add_months_local(a, 1), "2026-03-28T14:00:00+01:00");
	assert_cph_eq(cal_add_months_local(a, 2), "2026-04-28T14:00:00+02:00");
	assert_int_equal(cal_add_months_local(a, 2) - a, 59 * MS_DAY - MS_HOUR);
	assert_cph_eq(cal_add_months_local(at("2026-09-30T23:30:00+02:00"), 1), "2026-10-30T23:30:00+01:00");
	/* Gap and overlap. */
	assert_cph_eq(cal_add_months_local(at("2026-01-29T02:30:00+01:00"), 2), "2026-03-29T03:30:00+02:00");
	assert_cph_eq(cal_add_months_local(at("2026-09-25T02:30:00+02:00"), 1), "2026-10-25T02:30:00+02:00");
	int64_t second = at("2026-10-25T02:30:00+01:00");
	assert_int_equal(cal_add_months_local(second, 0), second);
	assert_cph_eq(cal_add_months_local(second, 1), "2026-11-25T02:30:00+01:00");
	/* The local date counts: 00:30 on 1 March is 28 February in UTC. */
	assert_cph_eq(cal_add_months_local(at("2026-03-01T00:30:00+01:00"), -1), "2026-02-01T00:30:00+01:00");
	assert_cph_eq(cal_add_months_local(at("2026-03-31T00:30:00+02:00"), 1), "2026-04-30T00:30:00+02:00");
	/* Milliseconds kept. */
	assert_cph_eq(cal_add_months_local(at("2026-01-31T23:59:59.999+01:00"), 1),
		      "2026-02-28T23:59:59.999+01:00");
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

/* The zoneinfo's local date and minute of instant ms (a whole second). */
static void zone_wall(int64_t ms, int32_t *date, int *minute, int *offset)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		fail_msg("localtime_r failed");
	*date = ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*minute = tm.tm_hour * 60 + tm.tm_min;
	*offset = (int)(tm.tm_gmtoff / 60);
}

static bool zone_reads(int64_t ms, int32_t d, int minute)
{
	int32_t zd;
	int zm, off;
	zone_wall(ms, &zd, &zm, &off);
	return zd == d && zm == minute;
}

/*
 * Every DST change 1980-2100, found with the zoneinfo (local noon of each day
 * March to November): every 10 minutes of wall time on the day before, the
 * day and the day after.  A wall time that the zoneinfo shows once must give
 * that instant; twice (the overlap), the earlier; never (the gap), the
 * instant the zoneinfo shows an hour later.  And every 10 minutes of UTC over
 * the same days, cal_local_minute agrees with the zoneinfo and round-trips
 * through cal_local_instant.
 */
static void test_dst_vs_zoneinfo(void **state)
{
	(void)state;
	if (!have_zoneinfo())
		skip();
	long changes = 0, once = 0, twice = 0, gaps = 0, utc = 0;
	for (int y = 1980; y <= 2100; y++) {
		int32_t zd;
		int zm, prev, off;
		zone_wall((int64_t)ymd(y, 3, 1) * MS_DAY + 11 * MS_HOUR, &zd, &zm, &prev);
		for (int32_t c = ymd(y, 3, 2); c < ymd(y, 11, 1); c++) {
			zone_wall((int64_t)c * MS_DAY + 11 * MS_HOUR, &zd, &zm, &off);
			if (off == prev)
				continue;
			prev = off;
			changes++;
			for (int32_t d = c - 1; d <= c + 1; d++) {
				for (int m = 0; m <= 1440; m += 10) {
					int32_t wd = m == 1440 ? d + 1 : d;
					int wm = m % 1440;
					int64_t wall = (int64_t)d * MS_DAY + m * MS_MINUTE;
					int64_t summer = wall - 120 * MS_MINUTE, winter = wall - 60 * MS_MINUTE;
					bool s = zone_reads(summer, wd, wm), w = zone_reads(winter, wd, wm);
					int64_t got = cal_local_instant(d, m);
					char buf[32];
					instant_format_cph(got, buf);
					if (s && w) {
						twice++;
						if (got != summer)
							fail_msg("overlap %d/%d: got %s, want the earlier", (int)d, m, buf);
					} else if (s || w) {
						once++;
						if (got != (s ? summer : winter))
							fail_msg("wall %d/%d: got %s", (int)d, m, buf);
					} else {
						gaps++;
						if (!zone_reads(got, wd, wm + 60))
							fail_msg("gap %d/%d: got %s, want an hour later", (int)d, m, buf);
					}
					if (cal_local_minute(got) != (s || w ? wm : wm + 60))
						fail_msg("cal_local_minute of %s", buf);
				}
			}
			for (int64_t t = (int64_t)(c - 1) * MS_DAY; t < (int64_t)(c + 2) * MS_DAY; t += 10 * MS_MINUTE) {
				zone_wall(t, &zd, &zm, &off);
				utc++;
				if (cal_local_minute(t) != zm || instant_cph_date(t) != zd)
					fail_msg("local minute of instant %lld", (long long)t);
				int64_t back = cal_local_instant(zd, zm);
				/* Only the second pass of the overlap reads back as the first. */
				if (back != t && !(back == t - MS_HOUR && zone_reads(back, zd, zm)))
					fail_msg("round trip of instant %lld", (long long)t);
			}
		}
	}
	/* Two changes a year; six 10-minute marks in each overlap and each gap. */
	assert_int_equal(changes, 2 * 121);
	assert_int_equal(twice, 6 * 121);
	assert_int_equal(gaps, 6 * 121);
	printf("note: %ld changes, %ld wall times once, %ld twice, %ld in gaps, %ld instants\n", changes,
	       once, twice, gaps, utc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_names),
		cmocka_unit_test(test_easter_known),
		cmocka_unit_test(test_easter_all_years),
		cmocka_unit_test(test_bank_2026),
		cmocka_unit_test(test_bank_2027),
		cmocka_unit_test(test_store_bededag),
		cmocka_unit_test(test_public_calendar),
		cmocka_unit_test(test_closing_days_all_years),
		cmocka_unit_test(test_add_working_days),
		cmocka_unit_test(test_working_hours),
		cmocka_unit_test(test_next_hours_start),
		cmocka_unit_test(test_end_of_nth_working_day),
		cmocka_unit_test(test_local_instant),
		cmocka_unit_test(test_add_days_local),
		cmocka_unit_test(test_add_months_local),
		cmocka_unit_test(test_dst_vs_zoneinfo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
