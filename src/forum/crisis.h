/*
 * crisis.h — sector crisis coordination (SPEC §4, seed 000 "kriseberedskab").
 *
 * The secretariat opens a crisis with a reporting cadence; members file status
 * reports per critical service (green/amber/red); the secretariat logs its
 * decisions.  This module validates those three records and computes, from
 * them and an explicit "now", who is late, the sector situational picture
 * and the after-action summary.  It never stores anything and never reads
 * the clock: the lead stores each normalised body, applies TLP and access
 * control, and passes in the records the caller may see.
 *
 * Shapes (docs/internals/crisis.md has the full field lists):
 *   crisis   {id?, title, description, severity (Lav|Medium|Høj|Kritisk),
 *             opened_at, cadence_minutes, first_report_due, members_expected[],
 *             status open|closed, closed_at, closed_by, closing_summary, lessons}
 *   report   {id?, member, at, services[{service, name, status green|amber|red,
 *             impact{…}, disrupted_at, expected_recovery_at|expected_recovery_minutes,
 *             tolerance_minutes}], cause, dependencies_affected[],
 *             continuity_plan_active, assistance_needed, communication_status,
 *             tlp, next_update_at}
 *   decision {id?, at, decision, by, rationale, actions[]}
 * Instants are read with their offset and written as UTC ("…Z").  Status
 * colours are stored as the English codes green|amber|red; the Danish labels
 * (grøn/gul/rød) are in crisis_colour_da() and in every computed view.
 *
 * Errors: 0 or a negative enum err; e names the field ("services[1].status",
 * "reports[3].next_update_at").  Every json_t * returned through out is a new
 * reference owned by the caller (json_decref); inputs are never modified and
 * their references are not stolen.
 */
#ifndef SKJOLD_CRISIS_H
#define SKJOLD_CRISIS_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "limit.h"

/* Bounds on what a client controls (ERR_INVALID naming the field beyond them, limit.h). */
#define CRISIS_TEXT_MAX LIMIT_LONG_TEXT /* bytes in one free-text field */
#define CRISIS_LIST_MAX 500        /* services, dependencies, actions, lessons per record */
#define CRISIS_MEMBERS_MAX 2000    /* members_expected / members[] */
#define CRISIS_RECORDS_MAX 200000  /* reports[] / decisions[] handed to one analysis */
#define CRISIS_CADENCE_MIN 5       /* minutes */
#define CRISIS_CADENCE_MAX 10080   /* one week: a long crisis such as covid-19 reported weekly */

/* "grøn", "gul", "rød" for "green", "amber", "red"; NULL for anything else. */
const char *crisis_colour_da(const char *code);

/*
 * Validate a crisis at path ("" for a top-level body) and return the
 * normalised crisis in *out: every key present (null when absent), defaults
 * filled (cadence_minutes 60, first_report_due = opened_at + cadence,
 * members_expected [], status "open"), instants in UTC.  closed_at is
 * required exactly when status is "closed".  Caller decrefs *out.
 */
int crisis_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * Validate a member's status report and return it normalised in *out
 * (caller decrefs).  member is the filing organisation: the lead sets it
 * from the session, never from the client.  expected_recovery_minutes is
 * turned into expected_recovery_at (from at) and both are written;
 * next_update_at must be after at; tlp defaults to AMBER.
 */
int crisis_report_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/* Validate a decision-log entry; actions given as strings become {action, owner, due_at}.  Caller decrefs *out. */
int crisis_decision_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * Who is late to report, as of now_ms.  crisis is a crisis body, reports an
 * array of report bodies (any order, any mix of members), members an array
 * of member org ids to report on exactly (reports of others are ignored), or
 * NULL for the crisis's members_expected plus any member who reported
 * without being expected (listed with "expected": false).
 * Reports stamped after now are ignored.  Rule: first due = first_report_due;
 * after a report, due = min(its next_update_at, its at + cadence); late when
 * the evaluation instant is after due, minutes rounded up.  For a closed
 * crisis the evaluation instant is min(now, closed_at): nothing falls due
 * after closing.  *out: {as_of, evaluated_at, cadence_minutes, members[],
 * late[], never_reported[]}; caller decrefs.
 */
int crisis_lateness(json_t *crisis, json_t *reports, json_t *members, int64_t now_ms, json_t **out,
		    struct errinfo *e);

/*
 * The sector situational picture as of now_ms: per member its latest report
 * only, colour counts and worst status, members with red services, tolerance
 * breaches (expected recovery beyond tolerance, or tolerance already
 * elapsed), continuity plans active, assistance requests, dependencies named
 * by how many members (the common-cause signal), late members and the
 * timeline of every report.  "counts" is the sector's services per colour
 * ({green, amber, red}, over the members' latest reports).  Arguments as
 * crisis_lateness.  Caller decrefs *out.
 */
int crisis_picture(json_t *crisis, json_t *reports, json_t *members, int64_t now_ms, json_t **out,
		   struct errinfo *e);

/*
 * The after-action summary: duration, report counts, lateness statistics,
 * peak number of red services and when, time to all-green, services
 * disrupted and tolerance breaches, decisions in time order, open
 * assistance requests and the lessons fields (the crisis's own, else empty
 * placeholders).  An open crisis gives a provisional summary up to now_ms.
 * The member set is members_expected plus every member who reported.
 * Caller decrefs *out.
 */
int crisis_after_action(json_t *crisis, json_t *reports, json_t *decisions, int64_t now_ms, json_t **out,
			struct errinfo *e);

#endif
