/*
 * test_redteam.c — the red-team programme: phase order and deliverables,
 * findings, the three-year DORA cycle (Regulation (EU) 2022/2554 art.
 * 26(1)) and the anonymised aggregate with small-cell suppression.  Dates
 * and counts are worked out by hand in the comments.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "redteam.h"
#include "jcheck.h"

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* A completed TIBER-DK test of member m, attested on 2024-03-15. */
static json_t *completed_test(const char *id, const char *m)
{
	char buf[3000];
	snprintf(buf, sizeof buf,
		 "{\"id\":\"%s\",\"member\":\"%s\",\"title\":\"TIBER-DK 2023\",\"phase\":\"completed\","
		 "\"critical_functions\":[\"Betalingsformidling\",\"Netbank\"],"
		 "\"phases\":{\"preparation\":{\"start\":\"2023-01-09\",\"end\":\"2023-03-31\"},"
		 "\"threat_intelligence\":{\"start\":\"2023-04-03\",\"end\":\"2023-05-26\"},"
		 "\"red_team\":{\"start\":\"2023-05-29\",\"end\":\"2023-11-30\",\"active_start\":\"2023-06-05\",\"active_end\":\"2023-09-15\"},"
		 "\"closure\":{\"start\":\"2023-12-01\",\"end\":\"2024-03-15\"}},"
		 "\"deliverables\":{\"scope_specification\":{\"planned\":\"2023-03-01\",\"actual\":\"2023-03-01\"},"
		 "\"tti_report\":{\"actual\":\"2023-05-20\"},\"red_team_test_plan\":{\"actual\":\"2023-06-01\"},"
		 "\"red_team_test_report\":{\"actual\":\"2023-12-15\"},\"blue_team_report\":{\"actual\":\"2024-01-15\"},"
		 "\"replay_workshop\":{\"actual\":\"2024-02-01\"},\"feedback_360\":{\"actual\":\"2024-02-15\"},"
		 "\"test_summary_report\":{\"actual\":\"2024-03-01\"},\"remediation_plan\":{\"actual\":\"2024-03-08\"},"
		 "\"attestation\":{\"actual\":\"2024-03-15\"}}}",
		 id, m);
	return J(buf);
}

/* A test in the red-team phase, red team started 2025-03-03. */
static json_t *red_team_test(const char *id, const char *m)
{
	char buf[2000];
	snprintf(buf, sizeof buf,
		 "{\"id\":\"%s\",\"member\":\"%s\",\"phase\":\"red_team\",\"critical_functions\":[\"Betalingsformidling\"],"
		 "\"phases\":{\"preparation\":{\"start\":\"2024-10-01\",\"end\":\"2024-12-20\"},"
		 "\"threat_intelligence\":{\"start\":\"2025-01-06\",\"end\":\"2025-02-28\"},"
		 "\"red_team\":{\"start\":\"2025-03-03\",\"active_start\":\"2025-03-10\"}},"
		 "\"deliverables\":{\"scope_specification\":{\"actual\":\"2024-12-01\"},\"tti_report\":{\"actual\":\"2025-02-20\"},"
		 "\"red_team_test_plan\":{\"planned\":\"2025-03-07\"},\"red_team_test_report\":{\"planned\":\"2025-07-01\"}}}",
		 id, m);
	return J(buf);
}

static void expect_invalid(json_t *j, json_t *prev, int code, const char *field)
{
	struct errinfo e = {0};
	json_t *out = NULL;
	assert_int_equal(redteam_test_check(j, prev, "", &out, &e), code);
	assert_null(out);
	if (strcmp(e.field, field))
		fail_msg("field %s, expected %s (%s)", e.field, field, e.message);
	json_decref(j);
}

static void test_valid_tests_normalise(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *j = completed_test("t1", "bank-a"), *out = NULL;
	assert_int_equal(redteam_test_check(j, NULL, "", &out, &e), 0);
	assert_string_equal(json_string_value(json_object_get(out, "framework")), "tiber-dk");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(out, "deliverables"), "attestation"), "actual")),
			    "2024-03-15");
	json_decref(out);
	json_decref(j);
	j = red_team_test("t2", "bank-a");
	assert_int_equal(redteam_test_check(j, NULL, "", &out, &e), 0);
	assert_null(json_object_get(json_object_get(out, "phases"), "closure"));
	json_decref(out);
	json_decref(j);
}

/* The phases run in order; a phase is left only with its deliverables. */
static void test_phase_order(void **state)
{
	(void)state;
	/* moved on to red_team without ending threat intelligence */
	json_t *j = red_team_test("t", "m");
	json_object_del(json_object_get(json_object_get(j, "phases"), "threat_intelligence"), "end");
	expect_invalid(j, NULL, ERR_INVALID, "phases.threat_intelligence.end");
	/* a later phase than the current one has dates */
	j = red_team_test("t", "m");
	json_object_set_new(j, "phase", json_string("threat_intelligence"));
	json_object_del(json_object_get(json_object_get(j, "phases"), "threat_intelligence"), "end");
	expect_invalid(j, NULL, ERR_INVALID, "phases.red_team");
	/* overlapping: threat intelligence starts before preparation ended */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "phases"), "threat_intelligence"), "start",
			    json_string("2024-12-01"));
	expect_invalid(j, NULL, ERR_INVALID, "phases.threat_intelligence.start");
	/* the current phase cannot have ended */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "phases"), "red_team"), "end", json_string("2025-06-30"));
	expect_invalid(j, NULL, ERR_INVALID, "phases.red_team.end");
	/* leaving preparation without the scope specification */
	j = red_team_test("t", "m");
	json_object_del(json_object_get(j, "deliverables"), "scope_specification");
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.scope_specification.actual");
	/* ... or without naming the critical functions */
	j = red_team_test("t", "m");
	json_object_del(j, "critical_functions");
	expect_invalid(j, NULL, ERR_INVALID, "critical_functions");
	/* a deliverable delivered outside its phase */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "deliverables"), "tti_report"), "actual",
			    json_string("2025-03-05"));
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.tti_report.actual");
	/* a deliverable of a phase not reached */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "deliverables"), "red_team_test_report"), "actual",
			    json_string("2025-06-01"));
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.red_team_test_report.actual");
	/* unknown deliverable and unknown phase field */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(j, "deliverables"), "generic_threat_landscape", json_object());
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.generic_threat_landscape");
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "phases"), "red_team"), "weeks", json_integer(12));
	expect_invalid(j, NULL, ERR_INVALID, "phases.red_team.weeks");
	/* planned before the test started */
	j = red_team_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "deliverables"), "red_team_test_plan"), "planned",
			    json_string("2024-09-01"));
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.red_team_test_plan.planned");
	/* moving back is refused against the stored record */
	json_t *prev = red_team_test("t", "m");
	j = red_team_test("t", "m");
	json_object_set_new(j, "phase", json_string("threat_intelligence"));
	json_object_del(json_object_get(j, "phases"), "red_team");
	json_object_del(json_object_get(json_object_get(j, "phases"), "threat_intelligence"), "end");
	json_object_del(json_object_get(j, "deliverables"), "red_team_test_plan");
	json_object_del(json_object_get(j, "deliverables"), "red_team_test_report");
	expect_invalid(j, prev, ERR_CONFLICT, "phase");
	/* ... and so is a change of member */
	j = red_team_test("t", "other");
	expect_invalid(j, prev, ERR_CONFLICT, "member");
	json_decref(prev);
}

/* A test cannot be completed without its closure deliverables; the attestation comes last. */
static void test_closure_requires_deliverables(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *j = completed_test("t", "m"), *out = NULL;
	json_object_del(json_object_get(j, "deliverables"), "attestation");
	assert_int_equal(redteam_test_check(j, NULL, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "deliverables.attestation.actual");
	assert_non_null(strstr(e.message, "cannot be completed"));
	json_decref(j);
	j = completed_test("t", "m");
	json_object_del(json_object_get(j, "deliverables"), "blue_team_report");
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.blue_team_report.actual");
	j = completed_test("t", "m");
	json_object_del(json_object_get(j, "deliverables"), "replay_workshop");
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.replay_workshop.actual");
	/* purple teaming is optional */
	j = completed_test("t", "m");
	assert_null(json_object_get(json_object_get(j, "deliverables"), "purple_teaming"));
	assert_int_equal(redteam_test_check(j, NULL, "", &out, &e), 0);
	json_decref(out);
	json_decref(j);
	/* the test summary report after the attestation */
	j = completed_test("t", "m");
	json_object_set_new(json_object_get(json_object_get(j, "deliverables"), "test_summary_report"), "actual",
			    json_string("2024-03-15"));
	json_object_set_new(json_object_get(json_object_get(j, "deliverables"), "attestation"), "actual",
			    json_string("2024-03-14"));
	expect_invalid(j, NULL, ERR_INVALID, "deliverables.attestation.actual");
	/* in closure: the closure deliverables are not yet required */
	j = completed_test("t", "m");
	json_object_set_new(j, "phase", json_string("closure"));
	json_object_del(json_object_get(json_object_get(j, "phases"), "closure"), "end");
	json_object_del(json_object_get(j, "deliverables"), "attestation");
	json_object_del(json_object_get(j, "deliverables"), "remediation_plan");
	assert_int_equal(redteam_test_check(j, NULL, "", &out, &e), 0);
	json_decref(out);
	json_decref(j);
}

static void test_finding_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *test = completed_test("t1", "bank-a"), *out = NULL;
	json_t *f = J("{\"id\":\"f1\",\"test\":\"t1\",\"member\":\"bank-a\",\"title\":\"Phishing gav adgang\","
		      "\"severity\":\"high\",\"category\":\"initial_access\",\"critical_function\":\"Netbank\","
		      "\"reported_on\":\"2023-12-15\",\"remediation\":{\"owner\":\"CISO\",\"due\":\"2024-06-30\","
		      "\"status\":\"done\",\"done_on\":\"2024-05-01\"}}");
	assert_int_equal(redteam_finding_check(f, test, "", &out, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "remediation"), "progress")), 100);
	json_decref(out);

	static const struct {
		const char *key, *value, *field;
	} bad[] = {
		{"severity", "\"severe\"", "severity"},
		{"category", "\"magic\"", "category"},
		{"critical_function", "\"Kortbetalinger\"", "critical_function"},
		{"member", "\"bank-b\"", "member"},
		{"test", "\"t9\"", "test"},
		{"reported_on", "\"2023-05-01\"", "reported_on"},
		{"remediation", "{\"owner\":\"CISO\",\"due\":\"2024-06-30\",\"status\":\"done\"}", "remediation.done_on"},
		{"remediation", "{\"owner\":\"CISO\",\"due\":\"2023-06-30\"}", "remediation.due"},
		{"remediation", "{\"owner\":\"CISO\",\"due\":\"2024-06-30\",\"progress\":140}", "remediation.progress"},
		{"remediation", "{\"due\":\"2024-06-30\"}", "remediation.owner"},
		{"remediation", "{\"owner\":\"x\",\"due\":\"2024-06-30\",\"status\":\"open\",\"done_on\":\"2024-01-01\"}",
		 "remediation.done_on"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *g = json_deep_copy(f);
		json_object_set_new(g, bad[i].key, J(bad[i].value));
		err_clear(&e);
		out = NULL;
		assert_int_not_equal(redteam_finding_check(g, test, "", &out, &e), 0);
		if (strcmp(e.field, bad[i].field))
			fail_msg("case %zu: field %s, expected %s (%s)", i, e.field, bad[i].field, e.message);
		json_decref(g);
	}
	json_decref(test);
	/* a test that has not reached the red-team phase has no findings */
	test = J("{\"id\":\"t1\",\"member\":\"bank-a\",\"phase\":\"preparation\",\"phases\":{\"preparation\":{\"start\":\"2023-01-09\"}}}");
	err_clear(&e);
	assert_int_equal(redteam_finding_check(f, test, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "test");
	json_decref(test);
	json_decref(f);
}

static json_t *status_of(json_t *tests, json_t *findings, const char *today)
{
	struct errinfo e = {0};
	json_t *out = NULL;
	if (redteam_status(tests, findings, D(today), &out, &e))
		fail_msg("status: %s: %s", e.field, e.message);
	return out;
}

static json_t *member0(json_t *st)
{
	return json_array_get(json_object_get(st, "members"), 0);
}

/* Attested 2024-03-15 -> next TLPT due 2027-03-15 (art. 26(1): at least every 3 years). */
static void test_cycle_dates(void **state)
{
	(void)state;
	json_t *tests = json_array(), *findings = json_array();
	json_array_append_new(tests, completed_test("t1", "bank-a"));
	static const struct {
		const char *today, *status;
		long long days;
	} cases[] = {
		{"2026-03-14", "ok", 366},                    /* more than 12 months ahead */
		{"2026-03-15", "due_within_12_months", 365},  /* exactly 12 months ahead */
		{"2027-03-15", "due_within_12_months", 0},    /* due today: not yet overdue */
		{"2027-03-16", "overdue", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *st = status_of(tests, findings, cases[i].today);
		json_t *cy = json_object_get(member0(st), "cycle");
		assert_string_equal(json_string_value(json_object_get(cy, "next_test_due")), "2027-03-15");
		assert_string_equal(json_string_value(json_object_get(cy, "last_attestation")), "2024-03-15");
		assert_string_equal(json_string_value(json_object_get(cy, "status")), cases[i].status);
		assert_int_equal(json_integer_value(json_object_get(cy, "days_until_due")), cases[i].days);
		assert_string_equal(json_string_value(json_object_get(cy, "source")), "Regulation (EU) 2022/2554 art. 26(1)");
		json_decref(st);
	}
	/* the authority brings the next test forward */
	json_object_set_new(json_array_get(tests, 0), "cycle_override",
			    J("{\"next_due\":\"2026-09-30\",\"reason\":\"Øget risikoprofil efter fusion\",\"decided_by\":\"Danmarks Nationalbank\"}"));
	json_t *st = status_of(tests, findings, "2026-03-14");
	json_t *cy = json_object_get(member0(st), "cycle");
	assert_string_equal(json_string_value(json_object_get(cy, "next_test_due")), "2026-09-30");
	assert_string_equal(json_string_value(json_object_get(cy, "basis")), "authority_override");
	assert_string_equal(json_string_value(json_object_get(cy, "status")), "due_within_12_months");
	json_decref(st);
	/* an override without a reason is refused */
	struct errinfo e = {0};
	json_t *out = NULL, *t = completed_test("t1", "bank-a");
	json_object_set_new(t, "cycle_override", J("{\"next_due\":\"2026-09-30\"}"));
	assert_int_equal(redteam_test_check(t, NULL, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "cycle_override.reason");
	json_decref(t);
	/* a member with only a test in progress has no completed test yet */
	json_decref(tests);
	tests = json_array();
	json_array_append_new(tests, red_team_test("t2", "bank-b"));
	st = status_of(tests, findings, "2025-04-01");
	cy = json_object_get(member0(st), "cycle");
	assert_string_equal(json_string_value(json_object_get(cy, "status")), "no_completed_test");
	assert_true(json_is_null(json_object_get(cy, "next_test_due")));
	assert_true(json_is_true(json_object_get(cy, "test_in_progress")));
	json_decref(st);
	json_decref(tests);
	json_decref(findings);
}

/* Overdue deliverables, open findings and overdue remediations as of a day. */
static void test_status_overdue(void **state)
{
	(void)state;
	json_t *tests = json_array(), *findings = json_array();
	json_array_append_new(tests, completed_test("t1", "bank-a"));
	json_array_append_new(tests, red_team_test("t2", "bank-a"));
	json_array_append_new(findings, J("{\"id\":\"f1\",\"test\":\"t1\",\"member\":\"bank-a\",\"title\":\"A\",\"severity\":\"critical\","
					  "\"category\":\"lateral_movement\",\"reported_on\":\"2023-12-15\","
					  "\"remediation\":{\"owner\":\"IT-drift\",\"due\":\"2024-06-30\",\"status\":\"in_progress\",\"progress\":60}}"));
	json_array_append_new(findings, J("{\"id\":\"f2\",\"test\":\"t1\",\"member\":\"bank-a\",\"title\":\"B\",\"severity\":\"low\","
					  "\"category\":\"other\",\"reported_on\":\"2023-12-15\"}"));
	json_array_append_new(findings, J("{\"id\":\"f3\",\"test\":\"t1\",\"member\":\"bank-a\",\"title\":\"C\",\"severity\":\"high\","
					  "\"category\":\"detection_response\",\"reported_on\":\"2023-12-15\","
					  "\"remediation\":{\"owner\":\"SOC\",\"due\":\"2024-03-01\",\"status\":\"done\",\"done_on\":\"2024-02-01\"}}"));
	json_t *st = status_of(tests, findings, "2025-03-10");
	json_t *m = member0(st);
	assert_string_equal(json_string_value(json_object_get(m, "current_test")), "t2");
	/* t2: red team test plan planned 2025-03-07, not delivered -> 3 days overdue; the report is next */
	json_t *t2 = json_array_get(json_object_get(m, "tests"), 1);
	assert_string_equal(json_string_value(json_object_get(t2, "phase")), "red_team");
	assert_string_equal(json_string_value(json_object_get(t2, "phase_since")), "2025-03-03");
	json_t *od = json_object_get(t2, "overdue_deliverables");
	assert_int_equal(json_array_size(od), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(od, 0), "deliverable")), "red_team_test_plan");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(od, 0), "days_overdue")), 3);
	assert_string_equal(json_string_value(json_object_get(json_object_get(t2, "next_deliverable"), "deliverable")),
			    "red_team_test_report");
	/* t1: 2023-06-05 .. 2023-09-15 = 102 days of active testing, not below 84 */
	json_t *t1 = json_array_get(json_object_get(m, "tests"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(t1, "active_testing"), "days")), 102);
	assert_false(json_is_true(json_object_get(json_object_get(t1, "active_testing"), "below_minimum")));
	/* findings: f1 and f2 open, f3 done; f1 overdue since 2024-06-30 (253 days), f2 has no plan */
	json_t *f = json_object_get(m, "findings");
	assert_int_equal(json_integer_value(json_object_get(f, "total")), 3);
	assert_int_equal(json_integer_value(json_object_get(f, "open")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "open_by_severity"), "critical")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "open_by_severity"), "high")), 0);
	assert_int_equal(json_integer_value(json_object_get(f, "open_without_remediation")), 1);
	json_t *orem = json_object_get(f, "overdue_remediations");
	assert_int_equal(json_array_size(orem), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(orem, 0), "finding")), "f1");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(orem, 0), "days_overdue")), 253);
	json_decref(st);
	/* a finding of another member than its test's is refused, naming it */
	json_array_append_new(findings, J("{\"id\":\"f4\",\"test\":\"t1\",\"member\":\"bank-z\",\"title\":\"D\",\"severity\":\"low\","
					  "\"category\":\"other\",\"reported_on\":\"2023-12-15\"}"));
	struct errinfo e = {0};
	json_t *out = NULL;
	assert_int_equal(redteam_status(tests, findings, D("2025-03-10"), &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "findings[3].member");
	/* and so is a finding id used twice */
	json_object_set_new(json_array_get(findings, 3), "member", json_string("bank-a"));
	json_object_set_new(json_array_get(findings, 3), "id", json_string("f2"));
	err_clear(&e);
	assert_int_equal(redteam_status(tests, findings, D("2025-03-10"), &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "findings[3].id");
	json_decref(tests);
	json_decref(findings);
}

/* ---- the aggregate -------------------------------------------------------- */

static void add_finding(json_t *findings, const char *m, int n, const char *sev, const char *cat, int done_days)
{
	char buf[800], rem[200] = "";
	if (done_days >= 0) {
		int32_t d = D("2023-12-15") + done_days;
		char ds[11];
		date_format(d, ds);
		snprintf(rem, sizeof rem, ",\"remediation\":{\"owner\":\"HEMMELIG-EJER\",\"due\":\"2024-12-31\",\"status\":\"done\",\"done_on\":\"%s\"}",
			 ds);
	}
	snprintf(buf, sizeof buf,
		 "{\"id\":\"fund-%s-%d\",\"test\":\"tiber-%s\",\"member\":\"%s\",\"title\":\"HEMMELIG titel\","
		 "\"description\":\"HEMMELIG beskrivelse\",\"severity\":\"%s\",\"category\":\"%s\","
		 "\"critical_function\":\"Betalingsformidling\",\"reported_on\":\"2023-12-15\"%s}",
		 m, n, m, m, sev, cat, rem);
	json_array_append_new(findings, J(buf));
}

static json_t *aggregate(json_t *tests, json_t *findings, int k)
{
	struct errinfo e = {0};
	json_t *out = NULL;
	if (redteam_aggregate(tests, findings, k, &out, &e))
		fail_msg("aggregate: %s: %s", e.field, e.message);
	return out;
}

static json_t *cell(json_t *agg, const char *sev, const char *cat)
{
	json_t *cells = json_object_get(agg, "cells");
	for (size_t i = 0; i < json_array_size(cells); i++) {
		json_t *c = json_array_get(cells, i);
		if (!strcmp(json_string_value(json_object_get(c, "severity")), sev) &&
		    !strcmp(json_string_value(json_object_get(c, "category")), cat))
			return json_object_get(c, "findings");
	}
	fail_msg("no cell %s/%s", sev, cat);
	return NULL;
}

static json_t *severity(json_t *agg, const char *sev)
{
	json_t *rows = json_object_get(agg, "by_severity");
	for (size_t i = 0; i < json_array_size(rows); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(rows, i), "severity")), sev))
			return json_array_get(rows, i);
	fail_msg("no severity %s", sev);
	return NULL;
}

static bool is_suppressed(json_t *v)
{
	return json_is_string(v) && !strcmp(json_string_value(v), "suppressed");
}

/*
 * Seven members a..g with completed tests, min_group 5:
 *   critical/initial_access   a b c d e  (5 findings)     -> shown by size
 *   critical/data_exfiltration f          (1)             -> suppressed
 *   high/lateral_movement     a..g        (7, a..e done)  -> shown
 *   low/detection_response    g           (1)             -> suppressed, low row too (1 member)
 * critical row: 6 members, shown; its suppressed cells (f) alone would be
 * critical - initial_access = 1 finding of 1 member, so initial_access is
 * suppressed too (atom a..f, 6 members).
 * all findings (14): minus the shown rows (high 7, medium 0) leaves low = 1
 * finding of g; so the smallest shown row, critical (6), is suppressed:
 * the remainder is critical + low from a..g.  A member h in the red-team
 * phase has a finding that must not count.
 */
static void test_aggregate_suppression(void **state)
{
	(void)state;
	json_t *tests = json_array(), *findings = json_array();
	static const char *const m[] = {"medlem-a", "medlem-b", "medlem-c", "medlem-d", "medlem-e", "medlem-f", "medlem-g"};
	for (int i = 0; i < 7; i++) {
		char tid[40];
		snprintf(tid, sizeof tid, "tiber-%s", m[i]);
		json_array_append_new(tests, completed_test(tid, m[i]));
	}
	json_array_append_new(tests, red_team_test("tiber-medlem-h", "medlem-h"));
	for (int i = 0; i < 5; i++)
		add_finding(findings, m[i], 1, "critical", "initial_access", -1);
	add_finding(findings, m[5], 1, "critical", "data_exfiltration", -1);
	for (int i = 0; i < 7; i++)
		add_finding(findings, m[i], 2, "high", "lateral_movement", i < 5 ? 10 * (i + 1) : -1);
	add_finding(findings, m[6], 3, "low", "detection_response", -1);
	char hbuf[400];
	snprintf(hbuf, sizeof hbuf,
		 "{\"id\":\"fund-h\",\"test\":\"tiber-medlem-h\",\"member\":\"medlem-h\",\"title\":\"x\",\"severity\":\"medium\","
		 "\"category\":\"persistence\",\"reported_on\":\"2025-04-01\"}");
	json_array_append_new(findings, J(hbuf));

	json_t *agg = aggregate(tests, findings, 5);
	assert_int_equal(json_integer_value(json_object_get(agg, "findings")), 14);
	assert_int_equal(json_integer_value(json_object_get(agg, "tested_members")), 7);
	assert_true(is_suppressed(json_object_get(severity(agg, "critical"), "findings")));
	assert_int_equal(json_integer_value(json_object_get(severity(agg, "high"), "findings")), 7);
	assert_int_equal(json_integer_value(json_object_get(severity(agg, "medium"), "findings")), 0);
	assert_true(is_suppressed(json_object_get(severity(agg, "low"), "findings")));
	assert_int_equal(json_integer_value(cell(agg, "high", "lateral_movement")), 7);
	assert_true(is_suppressed(cell(agg, "critical", "initial_access")));
	assert_true(is_suppressed(cell(agg, "critical", "data_exfiltration")));
	assert_true(is_suppressed(cell(agg, "low", "detection_response")));
	assert_int_equal(json_integer_value(cell(agg, "medium", "persistence")), 0); /* h's test is not completed */
	assert_int_equal(json_integer_value(cell(agg, "high", "other")), 0);
	/* remediation: 5 of 14 done (36 %), median of 10,20,30,40,50 days = 30; high: 5 of 7 (71 %) */
	json_t *rem = json_object_get(agg, "remediation");
	assert_int_equal(json_integer_value(json_object_get(rem, "done_pct")), 36);
	assert_true(json_number_value(json_object_get(rem, "median_days_to_remediate")) == 30.0);
	rem = json_object_get(severity(agg, "high"), "remediation");
	assert_int_equal(json_integer_value(json_object_get(rem, "done_pct")), 71);
	assert_null(json_object_get(severity(agg, "critical"), "remediation"));

	/* no member, test or finding id, no free text, no date finer than a year */
	char *s = json_dumps(agg, 0);
	assert_null(strstr(s, "medlem"));
	assert_null(strstr(s, "tiber-"));
	assert_null(strstr(s, "fund-"));
	assert_null(strstr(s, "HEMMELIG"));
	assert_null(strstr(s, "Betalingsformidling"));
	for (const char *p = s; *p; p++)
		if (p[0] == '2' && p[1] == '0' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && p[4] == '-')
			fail_msg("a date appears: %.12s", p);
	free(s);
	json_decref(agg);

	/* with three of the five done-remediators gone the median rests on 2 members: withheld */
	json_decref(findings);
	findings = json_array();
	for (int i = 0; i < 7; i++)
		add_finding(findings, m[i], 2, "high", "lateral_movement", i < 2 ? 10 : -1);
	agg = aggregate(tests, findings, 5);
	rem = json_object_get(agg, "remediation");
	assert_string_equal(json_string_value(json_object_get(rem, "median_days_to_remediate")), "fewer than 5 members");
	json_decref(agg);
	json_decref(findings);
	json_decref(tests);
}

/* A cell from 4 members is suppressed, from 5 shown; with 4 tested members nothing is published. */
static void test_aggregate_4_vs_5(void **state)
{
	(void)state;
	for (int n = 4; n <= 5; n++) {
		json_t *tests = json_array(), *findings = json_array();
		for (int i = 0; i < n; i++) {
			char m[20], tid[40];
			snprintf(m, sizeof m, "org%d", i);
			snprintf(tid, sizeof tid, "tiber-%s", m);
			json_array_append_new(tests, completed_test(tid, m));
			add_finding(findings, m, 1, "critical", "initial_access", -1);
		}
		json_t *agg = aggregate(tests, findings, 5);
		if (n == 4) {
			assert_true(is_suppressed(cell(agg, "critical", "initial_access")));
			assert_true(is_suppressed(json_object_get(agg, "findings")));
			assert_string_equal(json_string_value(json_object_get(agg, "tested_members")), "fewer than 5");
			/* not even a zero: it would describe each of four known members */
			assert_true(is_suppressed(cell(agg, "low", "other")));
			assert_true(is_suppressed(json_object_get(severity(agg, "medium"), "findings")));
			char *s = json_dumps(agg, JSON_COMPACT);
			for (const char *p = s; *p; p++)
				if (p[0] == ':' && p[1] >= '1' && p[1] <= '4' && (p[2] == ',' || p[2] == '}'))
					fail_msg("a count below 5 appears: %.20s", p);
			free(s);
		} else {
			assert_int_equal(json_integer_value(cell(agg, "critical", "initial_access")), 5);
			assert_int_equal(json_integer_value(json_object_get(agg, "findings")), 5);
			assert_int_equal(json_integer_value(cell(agg, "low", "other")), 0);
		}
		json_decref(agg);
		json_decref(tests);
		json_decref(findings);
	}
}

/* Random programmes: the suppression invariant (asserted inside) holds for every one. */
static void test_aggregate_random(void **state)
{
	(void)state;
	static const char *const sev[] = {"critical", "high", "medium", "low"};
	srand(4242);
	for (int round = 0; round < 300; round++) {
		json_t *tests = json_array(), *findings = json_array();
		int nm = 1 + rand() % 12, k = 2 + rand() % 5;
		for (int i = 0; i < nm; i++) {
			char m[20], tid[40];
			snprintf(m, sizeof m, "o%d", i);
			snprintf(tid, sizeof tid, "tiber-%s", m);
			json_array_append_new(tests, completed_test(tid, m));
			int nf = rand() % 8;
			for (int f = 0; f < nf; f++)
				add_finding(findings, m, f, sev[rand() % 4], redteam_categories[rand() % 4],
					    rand() % 3 ? -1 : rand() % 200);
		}
		json_decref(aggregate(tests, findings, k));
		json_decref(tests);
		json_decref(findings);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_tests_normalise), cmocka_unit_test(test_phase_order),
		cmocka_unit_test(test_closure_requires_deliverables), cmocka_unit_test(test_finding_check),
		cmocka_unit_test(test_cycle_dates),           cmocka_unit_test(test_status_overdue),
		cmocka_unit_test(test_aggregate_suppression), cmocka_unit_test(test_aggregate_4_vs_5),
		cmocka_unit_test(test_aggregate_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
