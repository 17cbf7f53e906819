/*
 * test_app_incident.c — the incident use cases (app_incident.h) called
 * directly on a temporary SQLite store, with neither the shell nor the
 * server: results, refusals that name the document's field, and refused
 * writes that leave the incidents, the submissions and the audit log as
 * they were.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app_incident.h"
#include "date.h"
#include "jcheck.h"

struct fix {
	char path[64];
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/skjold-test-app-incident-%d.db", (int)getpid());
	unlink(f->path);
	if (store_open(f->path, &f->st, &f->e))
		return -1;
	struct org o = {.id = "k", .name = "Kommune", .kind = ORG_MUNICIPALITY, .nis2 = "essential",
			.risk_appetite = LEVEL_MEDIUM, .work_start_min = 480, .work_end_min = 960,
			.procedure_reviewed_on = DATE_NONE};
	struct node n = {.id = "s-telefoni", .name = "Telefoni", .kind = NODE_SYSTEM, .rto_minutes = -1,
			 .rpo_minutes = -1, .last_assessed = DATE_NONE};
	if (store_org_put(f->st, &o, &f->e) || store_node_put(f->st, "k", &n, &f->e))
		return -1;
	arena_init(&f->a);
	int64_t now;
	instant_parse("2026-03-12T10:00:00+01:00", &now);
	f->x = (struct app){.st = f->st, .actor = "test", .now_ms = now, .today = instant_cph_date(now), .a = &f->a,
			    .e = &f->e};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	store_close(f->st);
	arena_free(&f->a);
	unlink(f->path);
	free(f);
	return 0;
}

static const char k1[] = "{\"id\": \"inc-k1\", \"title\": \"Telefoni nede\","
			 " \"occurred_at\": \"2026-03-10T08:50:00+01:00\", \"detected_at\": \"2026-03-10T09:30:00+01:00\","
			 " \"nodes\": [\"s-telefoni\"], \"facts\": {\"significant_disruption\": true,"
			 " \"personal_data_breach\": true, \"data_subject_risk\": \"risk\"}}";

/* The last audit entry's sequence number: a refused write must not move it. */
static int64_t audit_seq(struct fix *f)
{
	int64_t seq = 0;
	unsigned char hash[32];
	assert_int_equal(store_audit_head(f->st, &seq, hash, &f->e), 0);
	return seq;
}

/* The stored incident as show gives it, dumped (for before/after comparison). */
static char *shown(struct fix *f, const char *id)
{
	json_t *out;
	assert_int_equal(app_incident_show(&f->x, "k", id, NULL, &out), 0);
	json_object_del(out, "timeline");
	char *s = json_dumps(out, JSON_SORT_KEYS);
	json_decref(out);
	return s;
}

/* A refused write changed nothing: the incident shows as before (freed here), the audit log has no new entry. */
static void assert_unchanged(struct fix *f, char *before, int64_t seq)
{
	char *after = shown(f, "inc-k1");
	assert_string_equal(before, after);
	assert_int_equal(audit_seq(f), seq);
	free(before);
	free(after);
}

static void add_k1(struct fix *f)
{
	json_t *doc = J(k1), *out;
	assert_int_equal(app_incident_add(&f->x, "k", doc, &out), 0);
	json_decref(doc);
	json_decref(out);
}

static void expect_refusal(struct fix *f, int rc, int code, const char *field)
{
	assert_int_equal(rc, code);
	assert_string_equal(f->e.field, field);
	err_clear(&f->e);
}

static void test_add_show_list(void **state)
{
	struct fix *f = *state;
	json_t *doc = J(k1), *out;
	assert_int_equal(app_incident_add(&f->x, "k", doc, &out), 0);
	json_decref(doc);
	assert_string_equal(json_string_value(json_object_get(out, "added")), "inc-k1");
	assert_string_equal(json_string_value(json_object_get(out, "organisation")), "k");
	json_decref(out);

	assert_int_equal(app_incident_show(&f->x, "k", "inc-k1", NULL, &out), 0);
	assert_true(json_is_true(json_object_get(out, "entity_from_organisation")));
	assert_string_equal(json_string_value(json_object_get(out, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(out, "now")), "2026-03-12T10:00:00+01:00");
	/* NIS2 art. 23(4)(a): early warning 24 h after detection, overdue by now */
	json_t *r, *nis2 = NULL;
	size_t i;
	json_array_foreach(json_object_get(out, "results"), i, r) if (!strcmp(json_string_value(json_object_get(r, "regime")),
									    "eu-nis2")) nis2 = r;
	assert_non_null(nis2);
	assert_string_equal(json_string_value(at(nis2, "reports[0].due")), "2026-03-11T09:30:00+01:00");
	assert_string_equal(json_string_value(at(nis2, "reports[0].status")), "overdue");
	assert_int_equal(json_array_size(json_object_get(out, "timeline")), 1);
	json_decref(out);

	assert_int_equal(app_incident_list(&f->x, "k", NULL, NULL, &out), 0);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(at(out, "[0].verdicts.eu-nis2")), "significant");
	assert_string_equal(json_string_value(at(out, "[0].next_due.report")), "early_warning");
	json_decref(out);
	assert_int_equal(app_incident_list(&f->x, "k", "closed", NULL, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
}

static void test_add_refused(void **state)
{
	struct fix *f = *state;
	add_k1(f);
	int64_t seq = audit_seq(f);
	char *before = shown(f, "inc-k1");
	json_t *doc = J(k1), *out;
	expect_refusal(f, app_incident_add(&f->x, "k", doc, &out), ERR_CONFLICT, "id");
	assert_null(out);
	json_object_set_new(doc, "id", json_string("inc-x"));
	json_object_set_new(doc, "nodes", json_pack("[s]", "ghost"));
	expect_refusal(f, app_incident_add(&f->x, "k", doc, &out), ERR_INVALID, "nodes[0]");
	json_object_del(doc, "nodes");
	json_object_set_new(doc, "severity", json_string("high"));
	expect_refusal(f, app_incident_add(&f->x, "k", doc, &out), ERR_INVALID, "severity");
	json_decref(doc);
	/* nothing written: one incident, unchanged, and no audit entry */
	assert_int_equal(app_incident_list(&f->x, "k", NULL, NULL, &out), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	assert_unchanged(f, before, seq);
}

static void test_update(void **state)
{
	struct fix *f = *state;
	add_k1(f);
	int64_t seq = audit_seq(f);
	char *before = shown(f, "inc-k1");
	json_t *out, *patch = J("{\"resolved_at\": \"2026-03-01T08:00:00+01:00\"}");
	expect_refusal(f, app_incident_update(&f->x, "k", "inc-k1", patch, &out), ERR_INVALID, "resolved_at");
	json_decref(patch);
	patch = J("{}");
	expect_refusal(f, app_incident_update(&f->x, "k", "inc-k1", patch, &out), ERR_INVALID, "$");
	json_decref(patch);
	patch = J("{\"title\": \"x\"}");
	expect_refusal(f, app_incident_update(&f->x, "k", "inc-nope", patch, &out), ERR_NOTFOUND, "id");
	json_decref(patch);
	assert_unchanged(f, before, seq);

	patch = J("{\"resolved_at\": \"2026-03-11T15:00:00+01:00\"}");
	assert_int_equal(app_incident_update(&f->x, "k", "inc-k1", patch, &out), 0);
	json_decref(patch);
	assert_string_equal(json_string_value(json_object_get(out, "updated")), "inc-k1");
	json_decref(out);
	assert_int_equal(app_incident_show(&f->x, "k", "inc-k1", NULL, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "resolved");
	json_decref(out);
	assert_true(audit_seq(f) > seq);
}

static void test_submit(void **state)
{
	struct fix *f = *state;
	add_k1(f);
	int64_t seq = audit_seq(f);
	json_t *out;
	struct app_submission s = {.report = "early_warning", .estimates = -1};
	expect_refusal(f, app_incident_submit(&f->x, "k", "inc-k1", &s, &out), ERR_INVALID, "regime");
	s.regime = "eu-nis2";
	s.submitted_at = "2026-03-01T08:00:00+01:00"; /* before detection */
	expect_refusal(f, app_incident_submit(&f->x, "k", "inc-k1", &s, &out), ERR_INVALID, "submitted_at");
	s.submitted_at = NULL;
	s.report = "initial"; /* NIS2 has no initial report */
	expect_refusal(f, app_incident_submit(&f->x, "k", "inc-k1", &s, &out), ERR_INVALID, "report");
	s.report = "early_warning";
	expect_refusal(f, app_incident_submit(&f->x, "k", "inc-nope", &s, &out), ERR_NOTFOUND, "id");
	assert_int_equal(app_incident_submissions(&f->x, "k", "inc-k1", &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	assert_int_equal(audit_seq(f), seq);

	s.channel = "virk.dk";
	s.estimates = 1;
	assert_int_equal(app_incident_submit(&f->x, "k", "inc-k1", &s, &out), 0);
	/* submitted_at defaults to now */
	assert_string_equal(json_string_value(at(out, "submitted.submitted_at")), "2026-03-12T10:00:00+01:00");
	assert_true(json_is_true(at(out, "submitted.estimates")));
	json_decref(out);
	assert_int_equal(app_incident_submissions(&f->x, "k", "inc-k1", &out), 0);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(at(out, "[0].channel")), "virk.dk");
	assert_true(json_is_integer(at(out, "[0].seq")));
	json_decref(out);
}

static void test_report_deadlines_recurring(void **state)
{
	struct fix *f = *state;
	add_k1(f);
	json_t *out;
	expect_refusal(f, app_incident_report(&f->x, "k", "inc-k1", REGIME_NIS2, "weekly", NULL, &out), ERR_INVALID,
		       "report");
	/* NIS2 art. 23(4)(e): the progress report has content of its own (status, description, cause, measures) */
	assert_int_equal(app_incident_report(&f->x, "k", "inc-k1", REGIME_NIS2, "progress", NULL, &out), 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(out, "fields"), 0), "from")),
			    "status");
	json_decref(out);
	expect_refusal(f, app_incident_report(&f->x, "k", "inc-nope", REGIME_NIS2, "final", NULL, &out),
		       ERR_NOTFOUND, "id");
	assert_int_equal(app_incident_report(&f->x, "k", "inc-k1", REGIME_NIS2, "notification", NULL, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "regime")), "eu-nis2");
	assert_true(json_array_size(json_object_get(out, "fields")) > 0);
	json_decref(out);

	assert_int_equal(app_incident_deadlines(&f->x, "k", NULL, &out), 0);
	assert_true(json_integer_value(json_object_get(out, "open")) >= 3); /* NIS2 x3, GDPR authority */
	assert_string_equal(json_string_value(at(out, "obligations[0].status")), "overdue");
	json_decref(out);
	assert_int_equal(app_incident_deadlines(&f->x, "nobody", NULL, &out), ERR_NOTFOUND);
	assert_null(out);
	err_clear(&f->e);

	assert_int_equal(app_incident_recurring(&f->x, "k", NULL, &out), 0);
	assert_true(json_is_array(out));
	json_decref(out);
}

static void test_assess(void **state)
{
	struct fix *f = *state;
	json_t *facts = J("{\"detected_at\": \"2026-03-10T09:30:00+01:00\", \"entity\": {\"nis2\": \"essential\","
			  " \"psd2_psp\": false, \"dora\": false}, \"facts\": {\"significant_disruption\": true}}");
	json_t *out;
	assert_int_equal(app_incident_assess(&f->x, facts, 1u << REGIME_NIS2, NULL, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "results")), 1);
	assert_string_equal(json_string_value(at(out, "results[0].verdict")), "significant");
	assert_string_equal(json_string_value(json_object_get(out, "now")), "2026-03-12T10:00:00+01:00");
	json_decref(out);
	json_object_set_new(facts, "nonsense", json_integer(1));
	expect_refusal(f, app_incident_assess(&f->x, facts, ASSESS_ALL, NULL, &out), ERR_INVALID, "nonsense");
	assert_null(out);
	json_decref(facts);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_show_list), T(test_add_refused), T(test_update), T(test_submit),
		T(test_report_deadlines_recurring), T(test_assess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
