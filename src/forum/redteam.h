/*
 * redteam.h — the forum's red-team programme: TIBER-DK tests and DORA
 * threat-led penetration tests (TLPT) per member, their findings and
 * remediation, the three-year cycle, and anonymised sector aggregates
 * (SPEC §4, seed 000 "TIBER-testforløb").
 *
 * Pure functions, JSON in and JSON out: the caller stores the records and
 * passes the ones the caller may see; nothing here reads the clock ("today"
 * is a parameter) or the store.  Inputs are borrowed and never modified;
 * every json_t written to *out is a new reference the caller owns
 * (json_decref).  On error *out is untouched and e names the field
 * ("tests[2].deliverables.attestation.actual").
 *
 * A test record:
 *   {id, member, title?, framework?: "tiber-dk" | "dora-tlpt", notes?,
 *    phase: "preparation" | "threat_intelligence" | "red_team" | "closure" | "completed",
 *    critical_functions?: [text],
 *    phases?: {preparation: {start, end?}, threat_intelligence: {start, end?},
 *              red_team: {start, end?, active_start?, active_end?}, closure: {start, end?}},
 *    deliverables?: {<deliverable>: {planned?, actual?, ref?}},
 *    cycle_override?: {next_due, reason, decided_by?, decided_on?}}
 * with deliverables scope_specification (preparation), tti_report
 * (threat_intelligence), red_team_test_plan (red_team), red_team_test_report,
 * blue_team_report, replay_workshop, purple_teaming (optional),
 * feedback_360, test_summary_report, remediation_plan and attestation
 * (closure).  Dates are "YYYY-MM-DD".
 *
 * A finding record:
 *   {id, test, member, title, description?, severity: critical|high|medium|low,
 *    category, critical_function?, reported_on,
 *    remediation?: {owner, due, status: open|in_progress|done|risk_accepted,
 *                   progress?: 0..100, done_on?, note?}}
 * category is one of redteam_categories[].
 */
#ifndef SKJOLD_REDTEAM_H
#define SKJOLD_REDTEAM_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"

/* Regulation (EU) 2022/2554 art. 26(1): TLPT at least every 3 years. */
#define REDTEAM_CYCLE_MONTHS 36
/* Commission Delegated Regulation (EU) 2025/1190, recital 20: active red-team testing at least 12 weeks. */
#define REDTEAM_ACTIVE_MIN_DAYS 84
/* The status flags a cycle due within this many months. */
#define REDTEAM_DUE_SOON_MONTHS 12

/* The finding categories, NULL-terminated ("initial_access", "lateral_movement", ...). */
extern const char *const redteam_categories[];

/*
 * Validate a test and return it normalised.  The phases run in order and
 * never overlap: every phase up to the current one has started, every
 * earlier one has ended, the current one has not, later ones are absent;
 * each phase starts on or after the previous one's end.  A phase is left
 * only with its required deliverables delivered (scope specification with
 * critical functions, TTI report, red team test plan), a deliverable's
 * actual date lies within its phase, planned dates are on or after the
 * test's start, and a test is "completed" only with every required closure
 * deliverable and the attestation, which comes last.  With prev (the stored
 * normalised test, or NULL when new) the id and member cannot change and the
 * phase cannot move back.
 */
int redteam_test_check(json_t *body, json_t *prev, const char *path, json_t **out, struct errinfo *e);

/*
 * Validate a finding and return it normalised.  With test (the stored
 * normalised test it belongs to, or NULL) the finding must name that test
 * and its member, the test must have reached the red-team phase, the
 * finding be reported on or after that phase started, and the critical
 * function be one of the test's.  A "done" remediation needs done_on and has
 * progress 100.
 */
int redteam_finding_check(json_t *body, json_t *test, const char *path, json_t **out, struct errinfo *e);

/*
 * Per member (sorted by member id), as of today: each test's phase and the
 * date it entered it, overdue deliverables (planned before today, not
 * delivered, test not completed), active-testing length against
 * REDTEAM_ACTIVE_MIN_DAYS, open findings by severity, overdue remediations,
 * and the cycle: next test due = last attestation + 3 years (or the
 * authority's override), status "overdue" (due before today),
 * "due_within_12_months" (due on or before today + 12 months), "ok", or
 * "no_completed_test".  tests and findings are arrays of records as above.
 */
int redteam_status(json_t *tests, json_t *findings, int32_t today, json_t **out, struct errinfo *e);

/*
 * The secretariat's anonymised view across members, over the findings of
 * completed tests: counts by severity and by severity × category, remediation
 * shares and the median days to remediate.  The output holds no member,
 * test or finding id, no free text and no date; a figure is published only
 * when the findings behind it come from at least min_group distinct members
 * (or from none), and further figures are suppressed so that no difference
 * of published figures isolates fewer than min_group members.  The forum
 * passes min_group 5.  ERR_INVALID for min_group < 1.
 */
int redteam_aggregate(json_t *tests, json_t *findings, int min_group, json_t **out, struct errinfo *e);

#endif
