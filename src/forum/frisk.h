/*
 * frisk.h — the sector forum's risk register (SPEC §4 "Sector risk analysis",
 * seed 000: FSOR "opdaterer jævnligt en risikoanalyse på sektorniveau").
 *
 * A configurable 5×5 scale (likelihood × consequence, Danish and English
 * labels, a matrix of level codes, a refresh cycle), risks rated on it and
 * linked to their sources (dependency findings, incidents shared by
 * members, threat assessments, survey answers), each with an append-only
 * rating history, and measures decided by the forum with owners and
 * progress.  Pure functions: JSON in, JSON out, no storage, no clock
 * ("today" is a parameter).  The lead stores each normalised body.
 *
 * Shapes (docs/internals/frisk.md has the full field lists):
 *   scale   {name, likelihood[5]{da,en}, consequence[5]{da,en},
 *            levels[]{code,da,en} (ascending), matrix[5][5] (level codes,
 *            [likelihood-1][consequence-1]), refresh_months}
 *   risk    {id, title, description, category, owner, sources[]{kind,ref,note},
 *            likelihood, consequence, score, level, rated_on, rationale, by,
 *            history[]{rated_on, likelihood, consequence, score, level, rationale, by}}
 *   measure {id, risks[], title, description, decided_on, owner, due,
 *            status, progress, updates[]{date, note, progress, status, by}}
 * A scale argument may be NULL: the shipped default (frisk_scale_default).
 *
 * Errors: 0 or a negative enum err; e names the field ("sources[1].kind",
 * "matrix[2][3]", "risks[4].likelihood").  Every json_t * returned through
 * out is a new reference the caller owns (json_decref); inputs are never
 * modified.
 */
#ifndef SKJOLD_FRISK_H
#define SKJOLD_FRISK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "limit.h"

#define FRISK_N 5                 /* the scale is 5×5 */
#define FRISK_LEVELS_MAX 8        /* level codes in a scale */
#define FRISK_TEXT_MAX LIMIT_LONG_TEXT /* bytes in one free-text field (limit.h) */
#define FRISK_LIST_MAX 500        /* sources, risk ids, updates, history entries per record */
#define FRISK_RECORDS_MAX 100000  /* risks[] / measures[] handed to frisk_register */
#define FRISK_REFRESH_DEFAULT 6   /* months: the forum refreshes the analysis twice a year */
#define FRISK_TOP_DEFAULT 10

/* The shipped scale (FSOR-style labels, Lav/Medium/Høj/Kritisk, refresh every 6 months); caller decrefs. */
json_t *frisk_scale_default(void);

/*
 * Validate a scale and return it normalised (labels carry their "value"
 * 1..5, refresh_months defaults to 6).  The matrix may not fall as
 * likelihood or consequence rises.  Caller decrefs *out.
 */
int frisk_scale_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * The level code of cell (likelihood, consequence) on scale (NULL: default).
 * *code is borrowed: it lives as long as scale does (or forever for the
 * default).  ERR_INVALID for a value outside 1..5 or a bad scale.
 */
int frisk_level(json_t *scale, int likelihood, int consequence, const char **code, struct errinfo *e);

/*
 * Validate a risk against scale and return it normalised in *out (caller
 * decrefs), with score = likelihood × consequence and level from the
 * scale.  The rating history is append-only: with old == NULL (a new risk,
 * or a stored one read back) a missing history becomes [the current
 * rating], and a current rating that differs from the last entry (date,
 * likelihood or consequence) is appended.  With old (an edit of a stored
 * risk) the id must stay (ERR_CONFLICT), a history given must equal old's
 * (ERR_CONFLICT), and a changed rating is appended to old's history.
 * Entries keep the level they were given when rated.
 */
int frisk_risk_check(json_t *body, const char *path, json_t *scale, json_t *old, json_t **out,
		     struct errinfo *e);

/*
 * A re-rating: rating is {likelihood, consequence, rated_on?, rationale?,
 * by?}; rated_on defaults to today, must not be after today nor before the
 * last rating.  Always appends to the history — a refresh that confirms the
 * same rating is recorded too.  risk is a stored risk; *out is the new risk
 * (caller decrefs).
 */
int frisk_rerate(json_t *risk, json_t *rating, int32_t today, json_t *scale, json_t **out, struct errinfo *e);

/*
 * The next refresh of risk: its rated_on + the scale's refresh_months
 * (date_add_months, clamped to month end).  *overdue when today is after
 * the due date (due on the day itself is not overdue).
 */
int frisk_due(json_t *risk, json_t *scale, int32_t today, int32_t *due, bool *overdue, struct errinfo *e);

/*
 * Validate a forum measure and return it normalised (status defaults to
 * planned, progress to 0, or 100 when done; done needs progress 100).
 * With old, the id must stay and updates are append-only (ERR_CONFLICT
 * naming the first rewritten "updates[i]").  Caller decrefs *out.
 */
int frisk_measure_check(json_t *body, const char *path, json_t *old, json_t **out, struct errinfo *e);

/*
 * The register view as of today: risks sorted by level (highest first), then
 * score, consequence, likelihood, id; the heat map (counts per cell,
 * [likelihood-1][consequence-1]) and per level; the top_n risks (<= 0:
 * FRISK_TOP_DEFAULT); overdue refreshes; per risk its linked measures and
 * their progress and its trend since the previous rating (up, down, same,
 * new); overdue measures and measures naming risks not in risks[].
 * Levels are derived from the current scale.  Caller decrefs *out.
 */
int frisk_register(json_t *risks, json_t *measures, json_t *scale, int32_t today, int top_n, json_t **out,
		   struct errinfo *e);

#endif
