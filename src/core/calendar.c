/*
 * calendar.c — Danish working-day calendars, normal working hours and
 * Europe/Copenhagen wall-clock arithmetic (RULES.md §1).
 *
 * Design:
 *  - Easter Sunday comes from Gauss's Gregorian computus in Lichtenberg's
 *    closed form (1997): no tables, valid for every Gregorian year.  All
 *    divisions are floor divisions, so a year outside the supported range
 *    (CAL_YEAR_MIN..CAL_YEAR_MAX) still gets a well-defined Sunday without
 *    overflow; only 1900–2200 is tested.
 *  - A closing day is recognised by its offset from Easter (E-3 .. E+50) or
 *    by its fixed month and day; nothing is cached, so every function is
 *    pure and thread-safe.  The one coincidence the rules allow is 5 June =
 *    E+50 (Easter on 16 April, e.g. 2006): the official holiday's name,
 *    "2. pinsedag", wins.  Store Bededag (E+26) counts up to and including
 *    2023 only.  An enum value other than the two calendars is read as
 *    CAL_DK_BANK, the default calendar.
 *  - Local time is Europe/Copenhagen from date.c (tz_cph_offset_minutes),
 *    never the process time zone.  A wall-clock time is turned into an
 *    instant by trying the summer offset first, then the winter offset:
 *    where both readings are consistent (the autumn overlap) the summer one,
 *    the earlier instant, wins; where neither is (the spring gap) the
 *    reading with the offset in force before the change is taken, which is
 *    the wall time moved forward by the gap (02:30 → 03:30 +02:00).  Changes
 *    happen on whole hours, so the milliseconds below the minute are carried
 *    unchanged by the day and month arithmetic.
 *  - Working hours are instants: on working day d they are
 *    [cal_local_instant(d, start), cal_local_instant(d, end)).  With the
 *    default 08:00–16:00 this is just the wall clock; with hours that touch
 *    02:00–03:00 the gap and overlap rules above decide.
 *  - Day loops step one day at a time (n is a handful of working days) and
 *    saturate at the ends of int32_t rather than overflow.  An instant
 *    outside years 0000..9999, which has no Copenhagen date in date.c, is
 *    never in working hours and is returned unchanged by the functions that
 *    move an instant.
 */
#include "calendar.h"

#include <stddef.h>
#include <string.h>

#include "date.h"

#define MS_MINUTE INT64_C(60000)
#define MS_DAY (1440 * MS_MINUTE)

static int64_t cal_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t cal_floor_mod(int64_t a, int64_t b)
{
	return a - cal_floor_div(a, b) * b;
}

int cal_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "dk-bank") == 0)
		return CAL_DK_BANK;
	if (strcmp(name, "dk-public") == 0)
		return CAL_DK_PUBLIC;
	return -1;
}

/* NULL for a value that is not one of the calendars. */
const char *cal_name(enum cal_kind k)
{
	switch (k) {
	case CAL_DK_BANK:
		return "dk-bank";
	case CAL_DK_PUBLIC:
		return "dk-public";
	}
	return NULL;
}

/*
 * Lichtenberg's form of Gauss's algorithm: m is the secular moon correction,
 * s the secular sun correction, d the age of the moon on 21 March (the
 * epact), r the correction of the 29/28-day epacts, og the date of the
 * Paschal full moon as a day of March and sz the first Sunday in March.
 * The result og + oe is Easter as a day of March (32 = 1 April).
 */
int32_t cal_easter(int y)
{
	int64_t k = cal_floor_div(y, 100);
	int64_t m = 15 + cal_floor_div(3 * k + 3, 4) - cal_floor_div(8 * k + 13, 25);
	int64_t s = 2 - cal_floor_div(3 * k + 3, 4);
	int64_t a = cal_floor_mod(y, 19);
	int64_t d = cal_floor_mod(19 * a + m, 30);
	int64_t r = cal_floor_div(d + cal_floor_div(a, 11), 29);
	int64_t og = 21 + d - r;
	int64_t sz = 7 - cal_floor_mod((int64_t)y + cal_floor_div(y, 4) + s, 7);
	int64_t oe = 7 - cal_floor_mod(og - sz, 7);
	/* date_from_ymd carries a day beyond 31 March into April. */
	return date_from_ymd(y, 3, (int)(og + oe));
}

/* Store Bededag was abolished as a holiday from 2024 (RULES.md §1). */
#define CAL_LAST_STORE_BEDEDAG 2023

const char *cal_closing_day(enum cal_kind k, int32_t d)
{
	bool bank = k != CAL_DK_PUBLIC;
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int64_t e = (int64_t)d - cal_easter(y);
	if (e == -3)
		return "Skærtorsdag";
	if (e == -2)
		return "Langfredag";
	if (e == 1)
		return "2. påskedag";
	if (e == 26 && y <= CAL_LAST_STORE_BEDEDAG)
		return "Store Bededag";
	if (e == 39)
		return "Kristi himmelfartsdag";
	if (e == 40 && bank)
		return "Banklukkedag";
	if (e == 50)
		return "2. pinsedag";
	if (m == 1 && dd == 1)
		return "Nytårsdag";
	if (m == 6 && dd == 5 && bank)
		return "Grundlovsdag";
	if (m == 12) {
		if (dd == 24 && bank)
			return "Juleaftensdag";
		if (dd == 25)
			return "1. juledag";
		if (dd == 26)
			return "2. juledag";
		if (dd == 31 && bank)
			return "Nytårsaftensdag";
	}
	return NULL;
}

bool cal_is_working_day(enum cal_kind k, int32_t d)
{
	return date_weekday(d) < 5 && cal_closing_day(k, d) == NULL;
}

/* n < 1 adds nothing and returns d. */
int32_t cal_add_working_days(enum cal_kind k, int32_t d, int n)
{
	while (n > 0 && d < INT32_MAX) {
		d++;
		if (cal_is_working_day(k, d))
			n--;
	}
	return d;
}

int32_t cal_working_day_on_or_after(enum cal_kind k, int32_t d)
{
	while (!cal_is_working_day(k, d) && d < INT32_MAX)
		d++;
	return d;
}

/* Exactly "HH:MM", hours 00..24 (24 only as 24:00), minutes 00..59; *minutes is untouched on -1. */
int cal_parse_hhmm(const char *s, int *minutes)
{
	if (!s)
		return -1;
	for (int i = 0; i < 5; i++) {
		if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	if (s[5] != '\0')
		return -1;
	int hh = (s[0] - '0') * 10 + (s[1] - '0');
	int mm = (s[3] - '0') * 10 + (s[4] - '0');
	if (hh > 24 || mm > 59 || (hh == 24 && mm != 0))
		return -1;
	*minutes = hh * 60 + mm;
	return 0;
}

/*
 * A minute outside 0..1440 is carried into the neighbouring days, as
 * date_from_ymd carries days: (d, 1440) is local midnight starting d + 1.
 */
int64_t cal_local_instant(int32_t d, int minute_of_day)
{
	int64_t wall = (int64_t)d * MS_DAY + (int64_t)minute_of_day * MS_MINUTE;
	int64_t summer = wall - 120 * MS_MINUTE;
	if (tz_cph_offset_minutes(summer) == 120)
		return summer; /* also the earlier of the two in the autumn overlap */
	int64_t winter = wall - 60 * MS_MINUTE;
	/*
	 * Either a consistent winter reading, or the spring gap: neither reading
	 * is consistent and the winter one (the offset before the change) moves
	 * the wall time forward by the hour the clocks skipped.
	 */
	return winter;
}

/* Seconds and milliseconds are dropped (floor). */
int cal_local_minute(int64_t ms)
{
	int64_t wall = ms + tz_cph_offset_minutes(ms) * MS_MINUTE;
	return (int)(cal_floor_mod(wall, MS_DAY) / MS_MINUTE);
}

int64_t cal_end_of_day(int32_t d)
{
	return cal_local_instant(d, 23 * 60 + 59) + 59 * INT64_C(1000);
}

bool cal_in_working_hours(enum cal_kind k, struct cal_hours h, int64_t ms)
{
	int32_t d = instant_cph_date(ms);
	if (d == DATE_NONE || !cal_is_working_day(k, d))
		return false;
	return ms >= cal_local_instant(d, h.start_min) && ms < cal_local_instant(d, h.end_min);
}

int64_t cal_next_hours_start(enum cal_kind k, struct cal_hours h, int64_t ms)
{
	int32_t d = instant_cph_date(ms);
	if (d == DATE_NONE)
		return ms;
	if (cal_is_working_day(k, d)) {
		int64_t start = cal_local_instant(d, h.start_min);
		if (start > ms)
			return start;
	}
	return cal_local_instant(cal_add_working_days(k, d, 1), h.start_min);
}

int64_t cal_end_of_nth_working_day(enum cal_kind k, int64_t ms, int n)
{
	int32_t d = instant_cph_date(ms);
	if (d == DATE_NONE)
		return ms;
	return cal_end_of_day(cal_add_working_days(k, d, n));
}

/*
 * The wall-clock time of ms, moved to date nd: the minute goes through
 * cal_local_instant (gap and overlap rules), the milliseconds below the
 * minute are carried as they are.
 */
static int64_t cal_same_wall_time(int64_t ms, int32_t nd)
{
	int64_t wall = ms + tz_cph_offset_minutes(ms) * MS_MINUTE;
	int64_t in_day = cal_floor_mod(wall, MS_DAY);
	return cal_local_instant(nd, (int)(in_day / MS_MINUTE)) + in_day % MS_MINUTE;
}

/*
 * 0 days returns ms itself, so that an instant in the second pass of the
 * autumn overlap (02:30 +01:00) is not moved to the first.
 */
int64_t cal_add_days_local(int64_t ms, int days)
{
	int32_t d = instant_cph_date(ms);
	if (days == 0 || d == DATE_NONE)
		return ms;
	int64_t nd = (int64_t)d + days;
	if (nd <= INT32_MIN || nd > INT32_MAX)
		return ms;
	return cal_same_wall_time(ms, (int32_t)nd);
}

/* 0 months returns ms itself, as cal_add_days_local does. */
int64_t cal_add_months_local(int64_t ms, int months)
{
	int32_t d = instant_cph_date(ms);
	if (months == 0 || d == DATE_NONE)
		return ms;
	return cal_same_wall_time(ms, date_add_months(d, months));
}
