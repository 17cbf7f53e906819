/*
 * calendar.h — the Danish working-day calendars, normal working hours and
 * local (Europe/Copenhagen) time arithmetic used by the reporting deadlines.
 *
 * Calendars (RULES.md §1):
 *   CAL_DK_BANK    Monday–Friday except Danmarks Nationalbank's bank closing
 *                  days (banklukkedage): 1 Jan, E-3, E-2, E+1, E+26 (Store
 *                  Bededag, only up to and including 2023), E+39, E+40, E+50,
 *                  5 Jun, 24, 25, 26 and 31 Dec (E = Easter Sunday).
 *   CAL_DK_PUBLIC  Monday–Friday except the official holidays only (the bank
 *                  list without 5 Jun, 24 Dec, 31 Dec and E+40).
 * Supported years: 1900–2200 (Easter by the Gregorian computus).
 *
 * Local time is always Europe/Copenhagen, computed by date.c's own DST rule,
 * never the process time zone.  Periods in hours are elapsed time; periods in
 * days, weeks and months are counted on the local calendar (same local
 * wall-clock time).  A local wall-clock time that does not exist (the spring
 * gap 02:00–03:00) is moved forward by the gap; one that exists twice (the
 * autumn overlap) resolves to the earlier instant — the earlier deadline,
 * which is the conservative reading.
 */
#ifndef SKJOLD_CALENDAR_H
#define SKJOLD_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

enum cal_kind {
	CAL_DK_BANK = 0,
	CAL_DK_PUBLIC = 1,
};

#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2200

/* "dk-bank" / "dk-public" → enum value, or -1. */
int cal_parse(const char *name);
const char *cal_name(enum cal_kind k);

/* The date (days since 1970-01-01) of Easter Sunday in year y (Gregorian). */
int32_t cal_easter(int y);

/*
 * The Danish name of the closing day d is ("Langfredag", "Store Bededag", …)
 * in calendar k, or NULL when d is not a closing day.  Weekends are not
 * closing days in this sense (a closing day may fall on a weekend).
 */
const char *cal_closing_day(enum cal_kind k, int32_t d);
/* Monday–Friday and not a closing day. */
bool cal_is_working_day(enum cal_kind k, int32_t d);
/* The n-th working day strictly after d (n >= 1). */
int32_t cal_add_working_days(enum cal_kind k, int32_t d, int n);
/* The first working day on or after d. */
int32_t cal_working_day_on_or_after(enum cal_kind k, int32_t d);

/* Normal working hours as minutes after local midnight, start < end. */
struct cal_hours {
	int start_min, end_min;
};
#define CAL_HOURS_DEFAULT ((struct cal_hours){8 * 60, 16 * 60})
/* "HH:MM" (00:00..24:00) → minutes; 0 or -1 on bad text. */
int cal_parse_hhmm(const char *s, int *minutes);

/* The instant of local wall-clock time (date d, minute_of_day 0..1440). */
int64_t cal_local_instant(int32_t d, int minute_of_day);
/* Minutes after local midnight of instant ms (0..1439). */
int cal_local_minute(int64_t ms);
/* 23:59:59 local on date d. */
int64_t cal_end_of_day(int32_t d);

/* Whether ms lies in [start, end) of normal working hours on a working day. */
bool cal_in_working_hours(enum cal_kind k, struct cal_hours h, int64_t ms);
/*
 * The start of the next period of normal working hours that begins after ms
 * (strictly after: at 08:00 sharp on a working day this is the next day's
 * start).  "The following working day" of seed 004 §4 stk. 1.
 */
int64_t cal_next_hours_start(enum cal_kind k, struct cal_hours h, int64_t ms);
/*
 * "By the end of the n-th working day after the day of ms": 23:59:59 local on
 * cal_add_working_days(k, local date of ms, n)  (RULES.md §1).
 */
int64_t cal_end_of_nth_working_day(enum cal_kind k, int64_t ms, int n);

/* Same local wall-clock time, days later (may be negative). */
int64_t cal_add_days_local(int64_t ms, int days);
/* Same local wall-clock time, months later; the day clamps to month end. */
int64_t cal_add_months_local(int64_t ms, int months);

#endif
