/*
 * date.c — civil dates, instants and Europe/Copenhagen time, by arithmetic.
 *
 * A date is a day count from 1970-01-01 in the proleptic Gregorian calendar;
 * an instant is Unix milliseconds UTC.  The conversion between a day count
 * and (year, month, day) uses the "shifted year" idea from Howard Hinnant's
 * chrono-compatible date algorithms: a year that starts on 1 March puts the
 * leap day last, so every month but February has a fixed offset within the
 * year and the 400-year Gregorian cycle (146097 days) becomes a few integer
 * divisions.  No tables, no loops, no library calls.
 *
 * Invariants and caveats:
 *  - Internal arithmetic is done in int64_t, so every int32_t day count
 *    converts without overflow (years about -5.8 million .. +5.8 million).
 *  - Text forms have four-digit years.  Parsing therefore only produces
 *    years 0000..9999; formatting a value outside that range writes a
 *    placeholder with month 00 ("0000-00-00…"), which no parser here
 *    accepts, rather than a wrong but plausible date.
 *  - Europe/Copenhagen is computed from the EU summer-time rule, never from
 *    the process time zone (no localtime, no TZ): summer time (+02:00) from
 *    01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
 *    of October, +01:00 otherwise (Directive 2000/84/EC art. 2-3).  Before
 *    1996 the EU rule ended summer time on the last Sunday of September
 *    (1981-1995), and Denmark's 1980 season ran 6 April - 28 September; those
 *    years are reproduced so that every instant from 1980 onwards agrees with
 *    the IANA zoneinfo.  Before 1980 the current rule is applied anyway:
 *    Denmark had no summer time 1949-1979 and other rules in 1916 and
 *    1940-1948, so offsets for those years are a convention, not history.
 *  - Local midnight is never skipped or repeated in Copenhagen (clocks move
 *    at 02:00 and 03:00 local time), so date_cph_midnight is a function.
 */
#include "date.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "err.h"

#define MS_MINUTE INT64_C(60000)
#define MS_HOUR (60 * MS_MINUTE)
#define MS_DAY (24 * MS_HOUR)

/* Day count of 0000-03-01 relative to 1970-01-01. */
#define EPOCH_SHIFT 719468
/* Days in a 400-year Gregorian cycle. */
#define DAYS_PER_ERA 146097

/* Instants whose UTC date has a four-digit year: [0000-01-01, 10000-01-01). */
#define INSTANT_MIN_MS (INT64_C(-719528) * MS_DAY)
#define INSTANT_END_MS (INT64_C(2932897) * MS_DAY)

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/*
 * Days from 1970-01-01 to y-m-d, m in 1..12.  d is not checked against the
 * month: a day beyond the month's end simply continues into the next month,
 * which date_from_ymd documents and date_add_months never relies on.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	/* Shift the year to start on 1 March: January and February belong to the previous one. */
	if (m <= 2)
		y--;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                 /* 0..399 */
	int mp = m > 2 ? m - 3 : m + 9;              /* March = 0 .. February = 11 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;    /* day of the shifted year */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += EPOCH_SHIFT;
	int64_t era = floor_div(z, DAYS_PER_ERA);
	int64_t doe = z - era * DAYS_PER_ERA;        /* 0..146096 */
	/* Remove the leap days before doe so that a plain division by 365 gives the year. */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (int)((5 * doy + 2) / 153);
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* 0 Monday .. 6 Sunday; 1970-01-01 was a Thursday. */
static int weekday64(int64_t days)
{
	return (int)((days % 7 + 7 + 3) % 7);
}

static int days_in_month64(int64_t y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d.  A month outside 1..12 is carried into the
 * year (month 13 is January of the next year, month 0 December of the
 * previous one); a day outside the month continues linearly, so
 * date_from_ymd(2026, 1, 32) is 1 February.  Callers wanting validation use
 * date_parse or date_days_in_month.
 */
int32_t date_from_ymd(int y, int m, int d)
{
	int64_t months = (int64_t)y * 12 + (m - 1);
	int64_t yy = floor_div(months, 12);
	int mm = (int)(months - yy * 12) + 1;
	return (int32_t)days_from_civil(yy, mm, d);
}

/* The calendar day of a day count; defined for every int32_t. */
void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int64_t yy;
	civil_from_days(days, &yy, m, d);
	*y = (int)yy;
}

int date_weekday(int32_t days)
{
	return weekday64(days);
}

/* 28..31, or 0 for a month outside 1..12. */
int date_days_in_month(int y, int m)
{
	return days_in_month64(y, m);
}

/* Reads exactly n ASCII digits; false at the first non-digit (including the NUL). */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD" at s, a real calendar day; does not look past s[9]. */
static bool read_date(const char *s, int64_t *days)
{
	int y, m, d;
	if (!read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) || s[7] != '-' ||
	    !read_digits(s + 8, 2, &d))
		return false;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month64(y, m))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

int date_parse(const char *s, int32_t *days)
{
	int64_t v;
	if (!s || !read_date(s, &v) || s[10] != '\0')
		return ERR_INVALID;
	*days = (int32_t)v;
	return 0;
}

/* Writes v as exactly n decimal digits (v must be 0 .. 10^n - 1). */
static char *put_digits(char *p, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* "YYYY-MM-DD" without NUL; the month-00 placeholder for years outside 0..9999. */
static char *put_date(char *p, int64_t days)
{
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = m = d = 0;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	return put_digits(p, d, 2);
}

void date_format(int32_t days, char out[11])
{
	char *p = put_date(out, days);
	*p = '\0';
}

int32_t date_add_months(int32_t days, int months)
{
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	int64_t total = y * 12 + (m - 1) + months;
	int64_t ny = floor_div(total, 12);
	int nm = (int)(total - ny * 12) + 1;
	int dim = days_in_month64(ny, nm);
	if (d > dim)
		d = dim;
	return (int32_t)days_from_civil(ny, nm, d);
}

/* The last Sunday of month m of year y, as a day count. */
static int64_t last_sunday(int64_t y, int m)
{
	int64_t last = days_from_civil(y, m, days_in_month64(y, m));
	return last - (weekday64(last) + 1) % 7;
}

/*
 * The summer-time window [start, end) of year y in UTC milliseconds.  Every
 * change happens at 01:00 UTC.  See the file comment for the years before 1996.
 */
static void cph_summer(int64_t y, int64_t *start, int64_t *end)
{
	int64_t s, e;
	if (y == 1980) {
		s = days_from_civil(1980, 4, 6);
		e = days_from_civil(1980, 9, 28);
	} else if (y > 1980 && y < 1996) {
		s = last_sunday(y, 3);
		e = last_sunday(y, 9);
	} else {
		s = last_sunday(y, 3);
		e = last_sunday(y, 10);
	}
	*start = s * MS_DAY + MS_HOUR;
	*end = e * MS_DAY + MS_HOUR;
}

/*
 * Offset in minutes, 60 or 120.  Instants outside years 0000..9999 get 60:
 * no text form reaches them and the arithmetic stays far from overflow.
 */
int tz_cph_offset_minutes(int64_t ms)
{
	if (ms < INSTANT_MIN_MS || ms >= INSTANT_END_MS)
		return 60;
	int64_t y;
	int m, d;
	civil_from_days(floor_div(ms, MS_DAY), &y, &m, &d);
	int64_t start, end;
	cph_summer(y, &start, &end);
	return ms >= start && ms < end ? 120 : 60;
}

/* DATE_NONE for an instant outside years 0000..9999. */
int32_t instant_cph_date(int64_t ms)
{
	if (ms < INSTANT_MIN_MS || ms >= INSTANT_END_MS)
		return DATE_NONE;
	int64_t local = ms + tz_cph_offset_minutes(ms) * MS_MINUTE;
	return (int32_t)floor_div(local, MS_DAY);
}

int64_t date_cph_midnight(int32_t d)
{
	int64_t local = (int64_t)d * MS_DAY;
	/* Winter time is the common case; if that guess lands in summer time, midnight is at +02:00. */
	int64_t winter = local - 60 * MS_MINUTE;
	if (tz_cph_offset_minutes(winter) == 60)
		return winter;
	return local - 120 * MS_MINUTE;
}

/*
 * "YYYY-MM-DDTHH:MM[:SS[.f…]](Z|±HH:MM)" or "YYYY-MM-DD".  The fraction takes
 * 1 to 9 digits and is truncated to milliseconds.  Hours 00..23, minutes and
 * seconds 00..59 (no leap seconds: Unix time has none); an offset's hours
 * 00..23.  Lower-case 't'/'z', a space for 'T' and a missing offset are
 * rejected: an instant without an offset is ambiguous.
 */
int instant_parse(const char *s, int64_t *ms)
{
	int64_t days;
	if (!s || !read_date(s, &days))
		return ERR_INVALID;
	if (s[10] == '\0') {
		*ms = date_cph_midnight((int32_t)days);
		return 0;
	}
	int hh, mi, ss = 0, frac_ms = 0;
	if (s[10] != 'T' || !read_digits(s + 11, 2, &hh) || s[13] != ':' || !read_digits(s + 14, 2, &mi))
		return ERR_INVALID;
	const char *p = s + 16;
	if (*p == ':') {
		if (!read_digits(p + 1, 2, &ss))
			return ERR_INVALID;
		p += 3;
		if (*p == '.') {
			p++;
			int n = 0;
			while (p[n] >= '0' && p[n] <= '9') {
				if (n < 3)
					frac_ms = frac_ms * 10 + (p[n] - '0');
				n++;
			}
			if (n < 1 || n > 9)
				return ERR_INVALID;
			for (int i = n; i < 3; i++)
				frac_ms *= 10;
			p += n;
		}
	}
	if (hh > 23 || mi > 59 || ss > 59)
		return ERR_INVALID;
	int off_min;
	if (*p == 'Z') {
		off_min = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!read_digits(p + 1, 2, &oh) || p[3] != ':' || !read_digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return ERR_INVALID;
		off_min = (oh * 60 + om) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return ERR_INVALID;
	}
	if (*p != '\0')
		return ERR_INVALID;
	*ms = days * MS_DAY + hh * MS_HOUR + mi * MS_MINUTE + ss * INT64_C(1000) + frac_ms -
	      off_min * MS_MINUTE;
	return 0;
}

/*
 * Writes the wall-clock time ms (already shifted by its offset) as
 * "YYYY-MM-DDTHH:MM:SS" plus ".mmm" when the milliseconds are not zero, so
 * that parse(format(t)) == t.  Returns the end.
 */
static char *put_wall(char *p, int64_t ms)
{
	int64_t days = floor_div(ms, MS_DAY);
	int64_t rem = ms - days * MS_DAY;
	p = put_date(p, days);
	*p++ = 'T';
	p = put_digits(p, rem / MS_HOUR, 2);
	*p++ = ':';
	p = put_digits(p, rem / MS_MINUTE % 60, 2);
	*p++ = ':';
	p = put_digits(p, rem / 1000 % 60, 2);
	if (rem % 1000) {
		*p++ = '.';
		p = put_digits(p, rem % 1000, 3);
	}
	return p;
}

void instant_format_utc(int64_t ms, char out[32])
{
	static const char placeholder[] = "0000-00-00T00:00:00Z";
	if (ms < INSTANT_MIN_MS || ms >= INSTANT_END_MS) {
		memcpy(out, placeholder, sizeof placeholder);
		return;
	}
	char *p = put_wall(out, ms);
	*p++ = 'Z';
	*p = '\0';
}

void instant_format_cph(int64_t ms, char out[32])
{
	static const char placeholder[] = "0000-00-00T00:00:00+01:00";
	if (ms < INSTANT_MIN_MS || ms >= INSTANT_END_MS) {
		memcpy(out, placeholder, sizeof placeholder);
		return;
	}
	int off = tz_cph_offset_minutes(ms);
	char *p = put_wall(out, ms + off * MS_MINUTE);
	*p++ = '+';
	p = put_digits(p, off / 60, 2);
	*p++ = ':';
	p = put_digits(p, off % 60, 2);
	*p = '\0';
}

int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
