/*
 * test_risk.c — the risk procedure's rules against hand-worked cases from
 * seed 003 (figures 3.1, 4.2.2, 4.3.1) and SPEC §2.  Every expected value
 * below is copied from the figures, not computed by the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "risk.h"

static struct arena arena;
static struct risk_tables T;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	struct errinfo e = {0};
	return risk_tables_defaults(&T, &arena, &e);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void assert_date(int32_t d, const char *want)
{
	char buf[11];
	date_format(d, buf);
	assert_string_equal(buf, want);
}

/* SPEC §2.2 default matrix, likelihood down, consequence across: all 16 cells. */
static void test_matrix_every_cell(void **state)
{
	(void)state;
	static const char *const want[4][4] = {{"Lav", "Lav", "Medium", "Høj"},
					       {"Lav", "Medium", "Medium", "Høj"},
					       {"Medium", "Medium", "Høj", "Kritisk"},
					       {"Medium", "Høj", "Kritisk", "Kritisk"}};
	for (int l = 1; l <= 4; l++)
		for (int c = 1; c <= 4; c++)
			assert_string_equal(level_name(risk_level((const enum level(*)[4])T.matrix, l, c)),
					    want[l - 1][c - 1]);
	assert_int_equal(risk_level((const enum level(*)[4])T.matrix, 0, 3), LEVEL_NONE);
	assert_int_equal(risk_level((const enum level(*)[4])T.matrix, 5, 3), LEVEL_NONE);
}

/* SPEC §2.2 likelihood suggestion: threat level down, resilience across: all 16 cells. */
static void test_likelihood_every_cell(void **state)
{
	(void)state;
	static const int want[4][4] = {{2, 1, 1, 1}, {3, 2, 2, 1}, {4, 3, 2, 2}, {4, 4, 3, 2}};
	for (int t = 1; t <= 4; t++)
		for (int r = 1; r <= 4; r++)
			assert_int_equal(risk_suggest_likelihood(&T, t, r), want[t - 1][r - 1]);
	assert_int_equal(risk_suggest_likelihood(&T, 0, 2), 0);
}

/* Figure 4.3.1: Lav 3 months, Medium 1 month, Høj 1 week, Kritisk 48 h (warning 24 h). */
static void test_treatment_deadlines(void **state)
{
	(void)state;
	int32_t from = D("2026-03-02");
	assert_date(deadline_add(from, T.treatment[LEVEL_LAV].deadline), "2026-06-02");
	assert_date(deadline_add(from, T.treatment[LEVEL_MEDIUM].deadline), "2026-04-02");
	assert_date(deadline_add(from, T.treatment[LEVEL_HOJ].deadline), "2026-03-09");
	assert_date(deadline_add(from, T.treatment[LEVEL_KRITISK].deadline), "2026-03-04");
	assert_date(deadline_add(from, T.treatment[LEVEL_KRITISK].warning), "2026-03-03");
	assert_int_equal(deadline_add(from, T.treatment[LEVEL_HOJ].warning), DATE_NONE);
	/* month-end arithmetic: 31 January + 1 month is the end of February */
	assert_date(deadline_add(D("2026-01-31"), T.treatment[LEVEL_MEDIUM].deadline), "2026-02-28");
	assert_date(deadline_add(D("2024-01-31"), T.treatment[LEVEL_MEDIUM].deadline), "2024-02-29");
	assert_date(deadline_add(D("2025-11-30"), T.treatment[LEVEL_LAV].deadline), "2026-02-28");
	/* across a year end */
	assert_date(deadline_add(D("2026-12-30"), T.treatment[LEVEL_KRITISK].deadline), "2027-01-01");
}

/* Figure 3.1: Lav every 3 years, Medium every 2, Høj and Kritisk at least yearly. */
static void test_review_intervals(void **state)
{
	(void)state;
	int32_t base = D("2024-02-29"), today = D("2024-03-01");
	assert_date(risk_review_due(&T, LEVEL_LAV, base, DATE_NONE, today), "2027-02-28");
	assert_date(risk_review_due(&T, LEVEL_MEDIUM, base, DATE_NONE, today), "2026-02-28");
	assert_date(risk_review_due(&T, LEVEL_HOJ, base, DATE_NONE, today), "2025-02-28");
	assert_date(risk_review_due(&T, LEVEL_KRITISK, base, DATE_NONE, today), "2025-02-28");
	/* an incident or change after the assessment makes the review due on its date */
	assert_date(risk_review_due(&T, LEVEL_LAV, base, D("2024-06-01"), today), "2024-06-01");
	/* ... but not one from before the assessment */
	assert_date(risk_review_due(&T, LEVEL_LAV, base, D("2024-01-01"), today), "2027-02-28");
	/* never assessed: due today */
	assert_date(risk_review_due(&T, LEVEL_MEDIUM, DATE_NONE, DATE_NONE, today), "2024-03-01");
}

/* Figure 3.1 escalation and 4.3.1 responsible/approval are data with Danish and English labels. */
static void test_escalation_labels(void **state)
{
	(void)state;
	assert_null(T.treatment[LEVEL_LAV].escalate_to.da);
	assert_string_equal(T.treatment[LEVEL_MEDIUM].escalate_to.da, "Ledelsesniveau");
	assert_string_equal(T.treatment[LEVEL_HOJ].escalate_to.da, "Direktion");
	assert_true(strstr(T.treatment[LEVEL_KRITISK].escalate_to.da, "Kommunaldirektør") != NULL);
	assert_string_equal(T.review[LEVEL_KRITISK].escalate_to.da, "Politisk niveau / eksterne myndigheder");
	assert_string_equal(T.review[LEVEL_MEDIUM].approval.da, "Fagchef / afdelingsleder");
	assert_string_equal(T.treatment[LEVEL_HOJ].responsible.en, "Head of function / ISU / IT management");
	assert_int_equal(T.review[LEVEL_LAV].months, 36);
}

/* Who may accept: the level's approver, the board above the appetite. */
static void test_required_approver(void **state)
{
	(void)state;
	assert_int_equal(risk_required_approver(&T, LEVEL_LAV, LEVEL_MEDIUM), ROLE_SYSTEM_OWNER);
	assert_int_equal(risk_required_approver(&T, LEVEL_MEDIUM, LEVEL_MEDIUM), ROLE_HEAD_OF_DEPARTMENT);
	assert_int_equal(risk_required_approver(&T, LEVEL_HOJ, LEVEL_HOJ), ROLE_IT_MANAGEMENT);
	assert_int_equal(risk_required_approver(&T, LEVEL_HOJ, LEVEL_MEDIUM), ROLE_BOARD);
	assert_int_equal(risk_required_approver(&T, LEVEL_KRITISK, LEVEL_HOJ), ROLE_BOARD);
}

static struct risk base_risk(void)
{
	struct risk r;
	memset(&r, 0, sizeof r);
	r.id = "r";
	r.assessed_on = D("2026-03-02");
	r.threat_level = 3;
	r.resilience = 2;
	r.consequence = (struct consequence){4, 3, 2, 1};
	r.accept_on = r.accept_expires = DATE_NONE;
	return r;
}

/* SPEC §9's example: threat 3, resilience 2 -> 3; consequence max 4 -> Kritisk, due +2 days. */
static void test_evaluate_spec_example(void **state)
{
	(void)state;
	struct risk r = base_risk();
	r.has_residual = true;
	r.residual_likelihood = 2;
	r.residual = (struct consequence){3, 2, 2, 1};
	r.decision = DECISION_MITIGATE;
	struct risk_eval ev;
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2026-03-03"), &ev);
	assert_int_equal(ev.suggested_likelihood, 3);
	assert_int_equal(ev.inherent, LEVEL_KRITISK);
	assert_int_equal(ev.residual, LEVEL_MEDIUM); /* (2,3) */
	assert_date(ev.treatment_due, "2026-03-04");
	assert_false(ev.above_appetite);
	assert_false(ev.overdue); /* within 48 hours */
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2026-03-05"), &ev);
	assert_true(ev.treatment_overdue);
	assert_string_equal(ev.escalation_reason, "treatment_overdue");
	assert_true(strstr(ev.escalate_to.da, "Kommunaldirektør") != NULL);
	/* a started measure makes the treatment started */
	struct measure m = {.id = "m", .risk = "r", .status = MSTATUS_STARTED, .due = D("2026-04-01")};
	const struct measure *ms[] = {&m};
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, ms, 1, D("2026-03-05"), &ev);
	assert_true(ev.treatment_started);
	assert_false(ev.overdue);
	/* ... until the measure passes its due date without being done */
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, ms, 1, D("2026-04-02"), &ev);
	assert_true(ev.measures_overdue);
	assert_true(ev.overdue);
}

/* No residual assessment: the residual is the inherent level (conservative), so above appetite. */
static void test_residual_assumed(void **state)
{
	(void)state;
	struct risk r = base_risk();
	struct risk_eval ev;
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2026-03-02"), &ev);
	assert_true(ev.residual_assumed);
	assert_int_equal(ev.residual, LEVEL_KRITISK);
	assert_true(ev.above_appetite);
	assert_string_equal(ev.escalation_reason, "residual_above_appetite");
	assert_int_equal(ev.required_approver, ROLE_BOARD);
}

/* The assessor may set likelihood; the deviation is recorded. */
static void test_likelihood_override(void **state)
{
	(void)state;
	struct risk r = base_risk();
	r.likelihood = 1;
	struct risk_eval ev;
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_KRITISK, &r, NULL, 0, D("2026-03-02"), &ev);
	assert_int_equal(ev.suggested_likelihood, 3);
	assert_int_equal(ev.likelihood, 1);
	assert_true(ev.likelihood_deviates);
	assert_int_equal(ev.inherent, LEVEL_HOJ); /* (1,4) */
	assert_date(ev.treatment_due, "2026-03-09");
}

/* Acceptance: right role and not expired; expiry brings it back. */
static void test_acceptance(void **state)
{
	(void)state;
	struct risk r = base_risk();
	r.consequence = (struct consequence){2, 1, 1, 1};
	r.threat_level = 2;
	r.resilience = 2; /* likelihood 2, consequence 2 -> Medium */
	r.decision = DECISION_ACCEPT;
	r.accept_approver = "Hansen";
	r.accept_role = ROLE_HEAD_OF_DEPARTMENT;
	r.accept_on = D("2026-03-05");
	r.accept_expires = D("2027-03-05");
	struct risk_eval ev;
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2026-06-01"), &ev);
	assert_int_equal(ev.inherent, LEVEL_MEDIUM);
	assert_true(ev.acceptance_valid);
	assert_true(ev.treatment_started);
	assert_false(ev.overdue);
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2027-03-06"), &ev);
	assert_true(ev.acceptance_expired);
	assert_true(ev.overdue);
	r.accept_role = ROLE_SYSTEM_OWNER;
	risk_evaluate(&T, (const enum level(*)[4])T.matrix, LEVEL_MEDIUM, &r, NULL, 0, D("2026-06-01"), &ev);
	assert_false(ev.acceptance_valid);
	assert_true(ev.treatment_overdue); /* Medium: 1 month from 2026-03-02 */
}

/* The organisation's own table replaces the default; bad tables name the cell. */
static void test_tables_are_data(void **state)
{
	(void)state;
	struct risk_tables t = T;
	struct errinfo e = {0};
	json_t *j = json_loads("{\"Lav\": \"6 months\", \"Medium\": \"2 weeks\", \"Høj\": \"3 days\", \"Kritisk\": \"24 hours\"}",
			       0, NULL);
	assert_int_equal(risk_tables_apply(&t, RISK_TABLE_TREATMENT, j, "treatment_deadlines", &arena, &e), 0);
	json_decref(j);
	assert_date(deadline_add(D("2026-03-02"), t.treatment[LEVEL_MEDIUM].deadline), "2026-03-16");
	assert_date(deadline_add(D("2026-03-02"), t.treatment[LEVEL_KRITISK].deadline), "2026-03-03");
	j = json_loads("[[\"Lav\",\"Lav\",\"Medium\",\"Høj\"],[\"Lav\",\"Medium\",\"Medium\",\"Høj\"],"
		       "[\"Medium\",\"Medium\",\"Høj\",\"Kritisk\"],[\"Medium\",\"Høj\",\"Kritisk\",\"Ekstrem\"]]",
		       0, NULL);
	assert_int_equal(risk_tables_apply(&t, "matrix", j, "matrix", &arena, &e), ERR_INVALID);
	assert_string_equal(e.field, "matrix[3][3]");
	json_decref(j);
	err_clear(&e);
	j = json_loads("{\"Lav\": 36, \"Medium\": 24, \"Høj\": 12}", 0, NULL);
	assert_int_equal(risk_tables_apply(&t, RISK_TABLE_REVIEW, j, "review_intervals", &arena, &e), ERR_INVALID);
	assert_string_equal(e.field, "review_intervals.Kritisk");
	json_decref(j);
}

static void test_deadline_text(void **state)
{
	(void)state;
	struct deadline d;
	char buf[32];
	assert_int_equal(deadline_parse("48 hours", &d), 0);
	assert_string_equal(deadline_format(d, buf, sizeof buf), "48 hours");
	assert_int_equal(deadline_parse("1 week", &d), 0);
	assert_string_equal(deadline_format(d, buf, sizeof buf), "1 week");
	assert_int_equal(deadline_parse("1 month", &d), 0);
	assert_int_equal(deadline_parse("3 months", &d), 0);
	assert_int_equal(deadline_parse("three months", &d), ERR_INVALID);
	assert_int_equal(deadline_parse("0 days", &d), ERR_INVALID);
	assert_int_equal(deadline_parse("3 fortnights", &d), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_every_cell),  cmocka_unit_test(test_likelihood_every_cell),
		cmocka_unit_test(test_treatment_deadlines), cmocka_unit_test(test_review_intervals),
		cmocka_unit_test(test_escalation_labels),   cmocka_unit_test(test_required_approver),
		cmocka_unit_test(test_evaluate_spec_example), cmocka_unit_test(test_residual_assumed),
		cmocka_unit_test(test_likelihood_override), cmocka_unit_test(test_acceptance),
		cmocka_unit_test(test_tables_are_data),     cmocka_unit_test(test_deadline_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
