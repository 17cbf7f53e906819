/*
 * date.h — civil dates, instants and month arithmetic.
 *
 * A date is a count of days since 1970-01-01 (proleptic Gregorian, int32_t).
 * An instant is Unix milliseconds UTC (int64_t).  Text forms are ISO 8601:
 * "2026-03-02" and "2026-03-02T14:05:00+01:00" (an instant always carries
 * its offset, "Z" allowed).
 *
 * Month arithmetic clamps to the end of the month: 31 January + 1 month is
 * the last day of February.  Europe/Copenhagen's offset is computed here
 * from the EU summer-time rule (Directive 2000/84/EC art. 2-3: from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October), never from the process time zone.
 */
#ifndef SKJOLD_DATE_H
#define SKJOLD_DATE_H

#include <stdint.h>

#define DATE_NONE INT32_MIN

int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* 0 Monday .. 6 Sunday */
int date_weekday(int32_t days);
int date_days_in_month(int y, int m);
/* Strict "YYYY-MM-DD", a real calendar day.  0 or ERR_INVALID. */
int date_parse(const char *s, int32_t *days);
/* Writes "YYYY-MM-DD" (11 bytes with NUL). */
void date_format(int32_t days, char out[11]);
/* Add months (may be negative), clamping the day to the end of the target month. */
int32_t date_add_months(int32_t days, int months);

/*
 * Parse an instant with offset ("2026-03-02T14:05[:SS[.fff]](Z|±HH:MM)") or a
 * bare date, read as 00:00 Europe/Copenhagen.  0 or ERR_INVALID.
 */
int instant_parse(const char *s, int64_t *ms);
/* UTC text "2026-03-02T13:05:00Z" (at most 32 bytes). */
void instant_format_utc(int64_t ms, char out[32]);
/* Europe/Copenhagen text with offset, "2026-03-02T14:05:00+01:00". */
void instant_format_cph(int64_t ms, char out[32]);
/* UTC offset of Europe/Copenhagen at instant ms, in minutes (60 or 120). */
int tz_cph_offset_minutes(int64_t ms);
/* The Copenhagen calendar date of instant ms. */
int32_t instant_cph_date(int64_t ms);
/* A monotonic clock in milliseconds, for intervals (caches' ages, back-off), never a date. */
int64_t mono_ms(void);
/* The instant of local Copenhagen midnight starting date d. */
int64_t date_cph_midnight(int32_t d);

#endif
