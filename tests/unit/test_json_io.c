/*
 * test_json_io.c — the organisation document (src/core/json_io.c, SPEC §9,
 * docs/orgdoc.md): every error names the exact JSON path of the field to
 * fix, derived fields are accepted and ignored, each object kind survives
 * json_of_X → json_io_X unchanged, and a minimal document gets the defaults
 * the documentation promises.
 *
 * Documents are literal JSON in the source.  To keep them readable they are
 * written with single quotes, which doc() turns into double quotes before
 * json_loads (no test string needs a real apostrophe).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json_io.h"
#include "jsonx.h"
#include "mem.h"
#include "model.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* JSON text with ' for " parsed by json_loads; fails the test on a syntax error. */
static json_t *doc(const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);
	if (!j) {
		fprintf(stderr, "bad test JSON at %d:%d: %s\n%s\n", err.line, err.column, err.text, s);
		free(s);
		fail();
	}
	free(s);
	return j;
}

/* The organisation object every document below starts with. */
#define ORG "'skjold': 1, 'organisation': {'id': 'k', 'name': 'Kommune', 'kind': 'municipality'}"
#define NODE(id) "{'id': '" id "', 'kind': 'system', 'name': '" id "'}"
#define CONS "{'availability': 2, 'confidentiality': 2, 'integrity': 2, 'authenticity': 1}"
#define THREATS "'threats': [{'id': 't-1', 'name': 'Ransomware'}]"
#define RISK(id) "{'id': '" id "', 'node': 'a', 'threat': 't-1', 'assessed_on': '2026-03-02', " \
		 "'threat_level': 3, 'resilience': 2, 'consequence': " CONS "}"

/* Parse text as an organisation document at path; return the code, e filled. */
static int parse_at(const char *text, const char *path, struct errinfo *e)
{
	json_t *j = doc(text);
	struct arena a;
	arena_init(&a);
	struct orgdoc d;
	err_clear(e);
	int rc = orgdoc_parse(j, path, &a, &d, e);
	arena_free(&a);
	json_decref(j);
	return rc;
}

/* Fail unless text is rejected as invalid with exactly the field path given. */
static void expect_error_at(const char *text, const char *path, const char *field)
{
	struct errinfo e = {0};
	int rc = parse_at(text, path, &e);
	if (rc != ERR_INVALID)
		fail_msg("expected ERR_INVALID at %s, got %d (%s: %s)", field, rc, e.field, e.message);
	assert_int_equal(e.code, ERR_INVALID);
	if (strcmp(e.field, field) != 0)
		fail_msg("error at \"%s\" (%s), expected \"%s\"", e.field, e.message, field);
	assert_true(e.message[0] != 0);
}

static void expect_error(const char *text, const char *field)
{
	expect_error_at(text, "", field);
}

static void expect_ok(const char *text)
{
	struct errinfo e = {0};
	int rc = parse_at(text, "", &e);
	if (rc)
		fail_msg("expected the document to parse, got %d at %s: %s", rc, e.field, e.message);
}

/* ---- errors name the path ---- */

static void test_error_node_kind(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") ", {'id': 'b', 'kind': 'database', 'name': 'B'}]}",
		     "nodes[1].kind");
	/* a missing required field is named too */
	expect_error("{" ORG ", 'nodes': [" NODE("a") ", " NODE("b") ", {'id': 'c', 'kind': 'system'}]}",
		     "nodes[2].name");
}

static void test_error_edge_unknown_node(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], 'edges': [{'from': 'a', 'to': 'ghost'}]}", "edges[0].to");
	expect_error("{" ORG ", 'nodes': [" NODE("a") ", " NODE("b") "], 'edges': [{'from': 'a', 'to': 'b'}, "
		     "{'from': 'ghost', 'to': 'a'}]}",
		     "edges[1].from");
}

static void test_error_duplicate_node(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") ", " NODE("b") ", " NODE("a") "]}", "nodes[2].id");
	/* ids are unique per kind of object: a threat may share a node's id */
	expect_ok("{" ORG ", 'nodes': [" NODE("t-1") "], " THREATS "}");
}

static void test_error_consequence_range(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [{'id': 'r-1', 'node': 'a', "
		     "'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': {'availability': 5, 'confidentiality': 2, 'integrity': 2, 'authenticity': 1}}]}",
		     "risks[0].consequence.availability");
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [" RISK("r-1") ", {'id': 'r-2', "
		     "'node': 'a', 'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': {'availability': 2, 'confidentiality': 0, 'integrity': 2, 'authenticity': 1}}]}",
		     "risks[1].consequence.confidentiality");
}

static void test_error_cvr(void **state)
{
	(void)state;
	expect_error("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', 'cvr': '1234567'}}",
		     "organisation.cvr");
	expect_error("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
		     "'cvr': '123456789'}}",
		     "organisation.cvr");
	expect_error("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
		     "'cvr': '1234567a'}}",
		     "organisation.cvr");
	expect_ok("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', 'cvr': '12345678'}}");
}

static void test_error_acceptance_expiry(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [{'id': 'r-1', 'node': 'a', "
		     "'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': " CONS ", 'decision': 'accept', 'acceptance': {'approver': 'Direktør Hansen', "
		     "'approver_role': 'director', 'approved_on': '2026-03-05', 'expires': '2026-03-04'}}]}",
		     "risks[0].acceptance.expires");
	/* expiring the day it is approved is not after it either */
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [" RISK("r-0") ", {'id': 'r-1', "
		     "'node': 'a', 'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': " CONS ", 'decision': 'accept', 'acceptance': {'approver': 'Direktør Hansen', "
		     "'approver_role': 'director', 'approved_on': '2026-03-05', 'expires': '2026-03-05'}}]}",
		     "risks[1].acceptance.expires");
	/* an acceptance needs the decision accept */
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [{'id': 'r-1', 'node': 'a', "
		     "'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': " CONS ", 'decision': 'mitigate', 'acceptance': {'approver': 'Direktør Hansen', "
		     "'approver_role': 'director', 'approved_on': '2026-03-05', 'expires': '2027-03-05'}}]}",
		     "risks[0].acceptance");
}

static void test_error_unknown_key(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [{'id': 'a', 'kind': 'process', 'name': 'A', 'criticallity': 'Høj'}]}",
		     "nodes[0].criticallity");
	expect_error("{" ORG ", 'nodez': []}", "nodez");
	expect_error("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
		     "'entity': {'nis2': 'essential', 'dora_type': 'bank'}}}",
		     "organisation.entity.dora_type");
}

static void test_error_version(void **state)
{
	(void)state;
	expect_error("{'skjold': 2, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality'}}", "skjold");
	expect_error("{'skjold': '1', 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality'}}", "skjold");
	expect_error("{'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality'}}", "skjold");
}

static void test_error_self_edge(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], 'edges': [{'from': 'a', 'to': 'a'}]}", "edges[0].to");
}

static void test_error_matrix_cell(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'matrix': [['Lav','Lav','Medium','Høj'], ['Lav','Medium','Høj','Høj'], "
		     "['Medium','Høj','Høj','Kritisk'], ['Høj','Høj','Kritisk','Ekstrem']]}",
		     "matrix[3][3]");
	expect_error("{" ORG ", 'matrix': [['Lav','Lav','Medium','Høj'], ['Lav','Medium','Høj','Høj'], "
		     "['Medium','Høj',3,'Kritisk'], ['Høj','Høj','Kritisk','Kritisk']]}",
		     "matrix[2][2]");
}

static void test_error_measure_unknown_risk(void **state)
{
	(void)state;
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [" RISK("r-1") "], "
		     "'measures': [{'id': 'm-1', 'risk': 'r-9', 'title': 'Offline backup'}]}",
		     "measures[0].risk");
}

/* More references and checks the documentation promises. */
static void test_error_other_references(void **state)
{
	(void)state;
	/* a risk on an unknown threat / node */
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [{'id': 'r-1', 'node': 'a', "
		     "'threat': 't-9', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': " CONS "}]}",
		     "risks[0].threat");
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [{'id': 'r-1', 'node': 'b', "
		     "'threat': 't-1', 'assessed_on': '2026-03-02', 'threat_level': 3, 'resilience': 2, "
		     "'consequence': " CONS "}]}",
		     "risks[0].node");
	/* a change on an unknown node */
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], 'changes': [{'id': 'c-1', 'node': 'b', "
		     "'date': '2026-05-01'}]}",
		     "changes[0].node");
	/* a duplicate risk id */
	expect_error("{" ORG ", 'nodes': [" NODE("a") "], " THREATS ", 'risks': [" RISK("r-1") ", " RISK("r-1") "]}",
		     "risks[1].id");
	/* an override needs a reason */
	expect_error("{" ORG ", 'nodes': [{'id': 'a', 'kind': 'system', 'name': 'A', 'override': {'level': 'Høj'}}]}",
		     "nodes[0].override.reason");
	/* a bad date */
	expect_error("{" ORG ", 'nodes': [{'id': 'a', 'kind': 'system', 'name': 'A', 'last_assessed': '2026-02-30'}]}",
		     "nodes[0].last_assessed");
	/* working hours that end before they start */
	expect_error("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
		     "'working_hours': {'start': '16:00', 'end': '08:00'}}}",
		     "organisation.working_hours");
}

/* In a list of organisations, the path starts with the organisation's index. */
static void test_error_path_prefix(void **state)
{
	(void)state;
	expect_error_at("{" ORG ", 'nodes': [" NODE("a") ", {'id': 'b', 'kind': 'database', 'name': 'B'}]}",
			"organisations[2]", "organisations[2].nodes[1].kind");
	expect_error_at("{" ORG ", 'nodes': [" NODE("a") "], 'edges': [{'from': 'a', 'to': 'ghost'}]}",
			"organisations[0]", "organisations[0].edges[0].to");
	expect_error_at("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
			"'cvr': '1'}}",
			"organisations[1]", "organisations[1].organisation.cvr");
}

/* ---- derived fields ---- */

/* What export adds is accepted on import and changes nothing. */
static void test_derived_fields_ignored(void **state)
{
	(void)state;
	json_t *j = doc("{" ORG ", "
			"'nodes': [{'id': 'a', 'kind': 'system', 'name': 'A', "
			"  'effective_criticality': 'Kritisk', 'derived_criticality': 'Høj', "
			"  'criticality_reason': 'depended on by p', 'review_due': '2026-11-10', "
			"  'review_overdue': true, 'review_trigger': 'c-1', 'never_assessed': true}], "
			THREATS ", "
			"'risks': [{'id': 'r-1', 'node': 'a', 'threat': 't-1', 'assessed_on': '2026-03-02', "
			"  'threat_level': 3, 'resilience': 2, 'likelihood': null, 'consequence': " CONS ", "
			"  'suggested_likelihood': 4, 'likelihood_deviates': true, 'inherent_level': 'Kritisk', "
			"  'residual_level': 'Lav', 'residual_assumed': true, 'treatment_due': '2026-03-04', "
			"  'treatment_warning': '2026-03-03', 'treatment_started': false, 'above_appetite': true, "
			"  'escalate_to': 'Direktion', 'escalate_to_en': 'Board', 'escalation_reason': 'x', "
			"  'overdue': true, 'treatment_overdue': true, 'measures_overdue': true, "
			"  'acceptance_valid': false, 'acceptance_expired': true, 'required_approver': 'board'}], "
			"'measures': [{'id': 'm-1', 'risk': 'r-1', 'title': 'Backup', 'overdue': true}], "
			"'incidents': []}");
	struct arena a;
	arena_init(&a);
	struct orgdoc d;
	struct errinfo e = {0};
	int rc = orgdoc_parse(j, "", &a, &d, &e);
	if (rc)
		fail_msg("derived fields rejected: %s: %s", e.field, e.message);
	assert_int_equal(d.nnodes, 1);
	assert_int_equal(d.nodes[0].criticality, LEVEL_NONE);
	assert_int_equal(d.nodes[0].override, LEVEL_NONE);
	assert_null(d.nodes[0].override_reason);
	assert_int_equal(d.nodes[0].last_assessed, DATE_NONE);
	assert_false(d.nodes[0].critical_service);
	assert_int_equal(d.nrisks, 1);
	assert_int_equal(d.risks[0].likelihood, 0); /* null: take the suggestion, not the derived 4 */
	assert_false(d.risks[0].has_residual);
	assert_null(d.risks[0].accept_approver);
	assert_int_equal(d.risks[0].assessed_on, D(2026, 3, 2));
	assert_int_equal(d.nmeasures, 1);
	assert_int_equal(d.measures[0].due, DATE_NONE);
	/* written back, none of the derived fields reappear */
	json_t *n = json_of_node(&d.nodes[0]);
	assert_null(json_object_get(n, "effective_criticality"));
	assert_null(json_object_get(n, "criticality_reason"));
	assert_null(json_object_get(n, "review_due"));
	assert_null(json_object_get(n, "criticality"));
	json_decref(n);
	json_t *r = json_of_risk(&d.risks[0]);
	assert_null(json_object_get(r, "inherent_level"));
	assert_null(json_object_get(r, "suggested_likelihood"));
	assert_true(json_is_null(json_object_get(r, "likelihood")));
	json_decref(r);
	arena_free(&a);
	json_decref(j);
}

/* ---- round trips ---- */

/* json_of_X then json_io_X; the second json_of_X must equal the first. */
#define ROUND_TRIP(kind, in, out, a)                                                              \
	do {                                                                                      \
		struct errinfo e_ = {0};                                                          \
		json_t *j1_ = json_of_##kind(in);                                                 \
		assert_non_null(j1_);                                                             \
		int rc_ = json_io_##kind(j1_, #kind, (a), (out), &e_);                            \
		if (rc_)                                                                          \
			fail_msg("json_io_" #kind " rejected its own output: %s: %s", e_.field, e_.message); \
		json_t *j2_ = json_of_##kind(out);                                                \
		if (!json_equal(j1_, j2_)) {                                                      \
			char *s1_ = json_dumps(j1_, JSON_SORT_KEYS), *s2_ = json_dumps(j2_, JSON_SORT_KEYS); \
			fprintf(stderr, "first:  %s\nsecond: %s\n", s1_, s2_);                   \
			free(s1_);                                                                \
			free(s2_);                                                                \
			json_decref(j1_);                                                         \
			json_decref(j2_);                                                         \
			fail_msg(#kind " changed on the round trip");                             \
		}                                                                                 \
		json_decref(j1_);                                                                 \
		json_decref(j2_);                                                                 \
	} while (0)

static void test_round_trip_org(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct org o;
	memset(&o, 0, sizeof o);
	o.id = "eksempel-kommune";
	o.name = "Eksempel Kommune";
	o.kind = ORG_PAYMENT_INSTITUTION;
	o.cvr = "12345678";
	o.lei = "5493001KJTIIGC8Y1R12";
	o.nis2 = "important";
	o.dora = "payment_institution";
	o.psd2_psp = true;
	o.trust_service = true;
	o.risk_appetite = LEVEL_HOJ;
	o.work_start_min = 7 * 60 + 30;
	o.work_end_min = 15 * 60 + 45;
	o.procedure_reviewed_on = D(2026, 1, 15);
	struct org got;
	ROUND_TRIP(org, &o, &got, &a);
	assert_string_equal(got.id, o.id);
	assert_string_equal(got.name, o.name);
	assert_int_equal(got.kind, ORG_PAYMENT_INSTITUTION);
	assert_string_equal(got.cvr, "12345678");
	assert_string_equal(got.lei, "5493001KJTIIGC8Y1R12");
	assert_string_equal(got.nis2, "important");
	assert_string_equal(got.dora, "payment_institution");
	assert_true(got.psd2_psp);
	assert_true(got.trust_service);
	assert_int_equal(got.risk_appetite, LEVEL_HOJ);
	assert_int_equal(got.work_start_min, 450);
	assert_int_equal(got.work_end_min, 945);
	assert_int_equal(got.procedure_reviewed_on, D(2026, 1, 15));

	/* and the other way round: no DORA, no identifiers */
	o.kind = ORG_MUNICIPALITY;
	o.cvr = o.lei = o.dora = NULL;
	o.nis2 = "essential";
	o.psd2_psp = o.trust_service = false;
	o.procedure_reviewed_on = DATE_NONE;
	ROUND_TRIP(org, &o, &got, &a);
	assert_int_equal(got.kind, ORG_MUNICIPALITY);
	assert_null(got.cvr);
	assert_null(got.lei);
	assert_null(got.dora);
	assert_string_equal(got.nis2, "essential");
	assert_false(got.psd2_psp);
	assert_false(got.trust_service);
	assert_int_equal(got.procedure_reviewed_on, DATE_NONE);
	arena_free(&a);
}

static void test_round_trip_node(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct node n;
	memset(&n, 0, sizeof n);
	n.id = "s-omsorg";
	n.name = "Omsorgssystem";
	n.owner = "Ældreområdet";
	n.description = "Journal og planlægning";
	n.kind = NODE_EXTERNAL;
	n.criticality = LEVEL_MEDIUM;
	n.override = LEVEL_KRITISK;
	n.override_reason = "Direktionens beslutning 2026-02-01";
	n.critical_service = true;
	n.personal_data = PDATA_SENSITIVE;
	n.rto_minutes = 240;
	n.rpo_minutes = 0;
	n.last_assessed = D(2025, 11, 10);
	struct node got;
	ROUND_TRIP(node, &n, &got, &a);
	assert_string_equal(got.id, "s-omsorg");
	assert_string_equal(got.name, "Omsorgssystem");
	assert_string_equal(got.owner, "Ældreområdet");
	assert_string_equal(got.description, "Journal og planlægning");
	assert_int_equal(got.kind, NODE_EXTERNAL);
	assert_int_equal(got.criticality, LEVEL_MEDIUM);
	assert_int_equal(got.override, LEVEL_KRITISK);
	assert_string_equal(got.override_reason, "Direktionens beslutning 2026-02-01");
	assert_true(got.critical_service);
	assert_int_equal(got.personal_data, PDATA_SENSITIVE);
	assert_int_equal(got.rto_minutes, 240);
	assert_int_equal(got.rpo_minutes, 0);
	assert_int_equal(got.last_assessed, D(2025, 11, 10));

	/* every optional field unset stays unset */
	memset(&n, 0, sizeof n);
	n.id = "i-net";
	n.name = "Net";
	n.kind = NODE_INFRASTRUCTURE;
	n.rto_minutes = n.rpo_minutes = -1;
	n.last_assessed = DATE_NONE;
	ROUND_TRIP(node, &n, &got, &a);
	assert_int_equal(got.kind, NODE_INFRASTRUCTURE);
	assert_null(got.owner);
	assert_null(got.description);
	assert_int_equal(got.criticality, LEVEL_NONE);
	assert_int_equal(got.override, LEVEL_NONE);
	assert_null(got.override_reason);
	assert_false(got.critical_service);
	assert_int_equal(got.personal_data, PDATA_NONE);
	assert_int_equal(got.rto_minutes, -1);
	assert_int_equal(got.rpo_minutes, -1);
	assert_int_equal(got.last_assessed, DATE_NONE);
	arena_free(&a);
}

static void test_round_trip_edge(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct edge x = {"s-omsorg", "dc-nord", EDGE_HOSTED_AT, "hosting"}, got;
	ROUND_TRIP(edge, &x, &got, &a);
	assert_string_equal(got.from, "s-omsorg");
	assert_string_equal(got.to, "dc-nord");
	assert_int_equal(got.type, EDGE_HOSTED_AT);
	assert_string_equal(got.group, "hosting");
	struct edge y = {"a", "b", EDGE_SUPPLIED_BY, NULL};
	ROUND_TRIP(edge, &y, &got, &a);
	assert_int_equal(got.type, EDGE_SUPPLIED_BY);
	assert_null(got.group);
	arena_free(&a);
}

static void test_round_trip_threat(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct threat t = {.id = "t-ransomware",
			   .name = "Ransomware",
			   .name_en = "Ransomware attack",
			   .category = "cyber",
			   .description = "Kryptering af data med krav om løsesum",
			   .level = 4,
			   .level_source = "CFCS",
			   .level_date = D(2026, 1, 10)},
		      got;
	ROUND_TRIP(threat, &t, &got, &a);
	assert_string_equal(got.id, t.id);
	assert_string_equal(got.name, t.name);
	assert_string_equal(got.name_en, t.name_en);
	assert_string_equal(got.category, t.category);
	assert_string_equal(got.description, t.description);
	assert_int_equal(got.level, 4);
	assert_string_equal(got.level_source, "CFCS");
	assert_int_equal(got.level_date, D(2026, 1, 10));
	arena_free(&a);
}

static void test_round_trip_risk(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct risk r;
	memset(&r, 0, sizeof r);
	r.id = "r-1";
	r.node = "s-omsorg";
	r.threat = "t-ransomware";
	r.title = "Ransomware på omsorg";
	r.description = "Alle data krypteres";
	r.assessed_on = D(2026, 3, 2);
	r.assessor = "ISK Jensen";
	r.owner = "Systemejer Omsorg";
	r.threat_level = 3;
	r.resilience = 2;
	r.likelihood = 4;
	r.consequence = (struct consequence){4, 3, 2, 1};
	r.has_residual = true;
	r.residual_likelihood = 2;
	r.residual = (struct consequence){3, 2, 1, 1};
	r.decision = DECISION_ACCEPT;
	r.matrix_version = 2;
	r.accept_approver = "Direktør Hansen";
	r.accept_role = ROLE_DIRECTOR;
	r.accept_on = D(2026, 3, 5);
	r.accept_expires = D(2027, 3, 5);
	r.note = "Genvurderes efter test";
	struct risk got;
	ROUND_TRIP(risk, &r, &got, &a);
	assert_string_equal(got.id, "r-1");
	assert_string_equal(got.node, "s-omsorg");
	assert_string_equal(got.threat, "t-ransomware");
	assert_string_equal(got.title, r.title);
	assert_string_equal(got.description, r.description);
	assert_int_equal(got.assessed_on, D(2026, 3, 2));
	assert_string_equal(got.assessor, "ISK Jensen");
	assert_string_equal(got.owner, "Systemejer Omsorg");
	assert_int_equal(got.threat_level, 3);
	assert_int_equal(got.resilience, 2);
	assert_int_equal(got.likelihood, 4);
	assert_int_equal(got.consequence.availability, 4);
	assert_int_equal(got.consequence.confidentiality, 3);
	assert_int_equal(got.consequence.integrity, 2);
	assert_int_equal(got.consequence.authenticity, 1);
	assert_true(got.has_residual);
	assert_int_equal(got.residual_likelihood, 2);
	assert_int_equal(got.residual.availability, 3);
	assert_int_equal(got.residual.confidentiality, 2);
	assert_int_equal(got.residual.integrity, 1);
	assert_int_equal(got.residual.authenticity, 1);
	assert_int_equal(got.decision, DECISION_ACCEPT);
	assert_int_equal(got.matrix_version, 2);
	assert_string_equal(got.accept_approver, "Direktør Hansen");
	assert_int_equal(got.accept_role, ROLE_DIRECTOR);
	assert_int_equal(got.accept_on, D(2026, 3, 5));
	assert_int_equal(got.accept_expires, D(2027, 3, 5));
	assert_string_equal(got.note, r.note);

	/* no residual, no acceptance, likelihood left to the suggestion */
	memset(&r, 0, sizeof r);
	r.id = "r-2";
	r.node = "n";
	r.threat = "t";
	r.assessed_on = D(2026, 1, 1);
	r.threat_level = 1;
	r.resilience = 4;
	r.consequence = (struct consequence){1, 1, 1, 1};
	r.decision = DECISION_MITIGATE;
	r.accept_on = r.accept_expires = DATE_NONE;
	ROUND_TRIP(risk, &r, &got, &a);
	assert_int_equal(got.likelihood, 0);
	assert_false(got.has_residual);
	assert_int_equal(got.decision, DECISION_MITIGATE);
	assert_int_equal(got.matrix_version, 0);
	assert_null(got.accept_approver);
	assert_int_equal(got.accept_role, ROLE_NONE);
	assert_int_equal(got.accept_on, DATE_NONE);
	assert_int_equal(got.accept_expires, DATE_NONE);
	assert_null(got.title);
	assert_null(got.note);
	arena_free(&a);
}

static void test_round_trip_measure(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct measure m = {.id = "m-1",
			    .risk = "r-1",
			    .title = "Offline backup",
			    .owner = "IT-drift",
			    .description = "Ugentlig kopi til bånd",
			    .kind = MEASURE_CONTINUITY,
			    .due = D(2026, 3, 9),
			    .status = MSTATUS_DONE,
			    .effect = EFFECT_PARTIAL,
			    .effect_evaluated_on = D(2026, 4, 1),
			    .effect_note = "Gendannelse tog 3 dage"},
		       got;
	ROUND_TRIP(measure, &m, &got, &a);
	assert_string_equal(got.id, "m-1");
	assert_string_equal(got.risk, "r-1");
	assert_string_equal(got.title, "Offline backup");
	assert_string_equal(got.owner, "IT-drift");
	assert_string_equal(got.description, m.description);
	assert_int_equal(got.kind, MEASURE_CONTINUITY);
	assert_int_equal(got.due, D(2026, 3, 9));
	assert_int_equal(got.status, MSTATUS_DONE);
	assert_int_equal(got.effect, EFFECT_PARTIAL);
	assert_int_equal(got.effect_evaluated_on, D(2026, 4, 1));
	assert_string_equal(got.effect_note, "Gendannelse tog 3 dage");

	struct measure bare = {.id = "m-2", .risk = "r-1", .title = "MFA", .kind = MEASURE_AWARENESS,
			       .due = DATE_NONE, .status = MSTATUS_CANCELLED, .effect_evaluated_on = DATE_NONE};
	ROUND_TRIP(measure, &bare, &got, &a);
	assert_int_equal(got.kind, MEASURE_AWARENESS);
	assert_int_equal(got.status, MSTATUS_CANCELLED);
	assert_int_equal(got.due, DATE_NONE);
	assert_int_equal(got.effect, EFFECT_NONE);
	assert_int_equal(got.effect_evaluated_on, DATE_NONE);
	assert_null(got.effect_note);
	assert_null(got.owner);
	arena_free(&a);
}

static void test_round_trip_change(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct change c = {.id = "c-1", .node = "s-omsorg", .description = "Ny leverandør", .kind = CHANGE_INCIDENT,
			   .date = D(2026, 5, 1)},
		      got;
	ROUND_TRIP(change, &c, &got, &a);
	assert_string_equal(got.id, "c-1");
	assert_string_equal(got.node, "s-omsorg");
	assert_string_equal(got.description, "Ny leverandør");
	assert_int_equal(got.kind, CHANGE_INCIDENT);
	assert_int_equal(got.date, D(2026, 5, 1));
	c.kind = CHANGE_THREAT;
	c.description = NULL;
	ROUND_TRIP(change, &c, &got, &a);
	assert_int_equal(got.kind, CHANGE_THREAT);
	assert_null(got.description);
	arena_free(&a);
}

/* ---- defaults ---- */

/* A minimal document gets the defaults docs/orgdoc.md promises. */
/*
 * The shared readers of jsonx.h the forum modules use: a text with a limit
 * (an absent or empty optional one reads NULL), an array of min..max elements, a name
 * from a list; each error names path.key and the right code.
 */
static void test_jsonx_readers(void **state)
{
	(void)state;
	json_t *j = doc("{'t': 'abcd', 'empty': '', 'nul': null, 'n': 3, 'arr': [1, 2, 3], 'c': 'amber'}");
	struct arena a;
	struct errinfo e = {0};
	const char *s = "untouched";
	json_t *arr = (json_t *)1;
	int k = -1;
	static const char *const colours[] = {"green", "amber", "red", NULL};
	arena_init(&a);

	assert_null(jx_get(j, "nul"));
	assert_null(jx_get(j, "absent"));
	assert_non_null(jx_get(j, "t"));

	assert_int_equal(jx_text(j, "t", "x", true, 4, &a, &s, &e), 0);
	assert_string_equal(s, "abcd");
	assert_int_equal(jx_text(j, "t", "x", true, 3, &a, &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "x.t");
	assert_string_equal(e.message, "t is longer than the maximum of 3 bytes (4 given)");
	err_clear(&e);
	s = "untouched";
	assert_int_equal(jx_text(j, "empty", "x", false, 10, &a, &s, &e), 0);
	assert_null(s);
	s = "untouched";
	assert_int_equal(jx_text(j, "absent", "x", false, 10, &a, &s, &e), 0);
	assert_null(s);
	assert_int_equal(jx_text(j, "empty", "x", true, 10, &a, &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "x.empty");
	err_clear(&e);
	assert_int_equal(jx_text(j, "n", "", false, 10, &a, &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "n");
	err_clear(&e);

	assert_int_equal(jx_array(j, "arr", "x", true, 1, 3, &arr, &e), 0);
	assert_int_equal(json_array_size(arr), 3);
	assert_int_equal(jx_array(j, "arr", "x", true, 4, 9, &arr, &e), ERR_INVALID);
	assert_string_equal(e.message, "arr must have at least 4 elements");
	err_clear(&e);
	assert_int_equal(jx_array(j, "arr", "x", true, 0, 2, &arr, &e), ERR_INVALID);
	assert_string_equal(e.field, "x.arr");
	assert_string_equal(e.message, "arr has more than the maximum of 2 entries (3 given)");
	err_clear(&e);
	assert_int_equal(jx_array(j, "nul", "x", false, 0, 2, &arr, &e), 0);
	assert_null(arr);
	assert_int_equal(jx_array(j, "nul", "x", true, 0, 2, &arr, &e), ERR_INVALID);
	assert_string_equal(e.message, "nul is required");
	err_clear(&e);
	assert_int_equal(jx_array(j, "t", "x", false, 0, 2, &arr, &e), ERR_INVALID);
	assert_string_equal(e.message, "t must be an array");
	err_clear(&e);

	assert_int_equal(jx_names(j, "c", "x", true, colours, &k, &e), 0);
	assert_int_equal(k, 1);
	assert_int_equal(jx_names(j, "t", "x", true, colours, &k, &e), ERR_INVALID);
	assert_string_equal(e.field, "x.t");
	assert_string_equal(e.message, "t must be one of green, amber, red");
	err_clear(&e);
	assert_int_equal(jx_names(j, "n", "x", true, colours, &k, &e), ERR_INVALID);
	err_clear(&e);
	k = 7;
	assert_int_equal(jx_names(j, "absent", "x", false, colours, &k, &e), 0);
	assert_int_equal(k, 7);

	arena_free(&a);
	json_decref(j);
}

static void test_minimal_defaults(void **state)
{
	(void)state;
	json_t *j = doc("{" ORG ", 'nodes': [" NODE("a") ", " NODE("b") "], "
			"'edges': [{'from': 'a', 'to': 'b'}], " THREATS ", 'risks': [" RISK("r-1") "], "
			"'measures': [{'id': 'm-1', 'risk': 'r-1', 'title': 'Backup'}], "
			"'changes': [{'id': 'c-1', 'node': 'a', 'date': '2026-05-01'}]}");
	struct arena a;
	arena_init(&a);
	struct orgdoc d;
	struct errinfo e = {0};
	int rc = orgdoc_parse(j, "", &a, &d, &e);
	if (rc)
		fail_msg("minimal document rejected: %s: %s", e.field, e.message);
	assert_string_equal(d.org.id, "k");
	assert_int_equal(d.org.kind, ORG_MUNICIPALITY);
	assert_int_equal(d.org.risk_appetite, LEVEL_MEDIUM);
	assert_int_equal(d.org.work_start_min, 8 * 60);
	assert_int_equal(d.org.work_end_min, 16 * 60);
	assert_non_null(d.org.nis2);
	assert_string_equal(d.org.nis2, "none");
	assert_null(d.org.dora);
	assert_false(d.org.psd2_psp);
	assert_false(d.org.trust_service);
	assert_null(d.org.cvr);
	assert_int_equal(d.org.procedure_reviewed_on, DATE_NONE);
	assert_null(d.matrix);
	assert_null(d.tables[0]);
	assert_null(d.tables[1]);
	assert_null(d.tables[2]);

	assert_int_equal(d.nnodes, 2);
	assert_int_equal(d.nodes[0].personal_data, PDATA_NONE);
	assert_int_equal(d.nodes[0].criticality, LEVEL_NONE);
	assert_int_equal(d.nodes[0].rto_minutes, -1);
	assert_int_equal(d.nodes[0].last_assessed, DATE_NONE);
	assert_int_equal(d.nedges, 1);
	assert_int_equal(d.edges[0].type, EDGE_USES);
	assert_null(d.edges[0].group);
	assert_int_equal(d.nrisks, 1);
	assert_int_equal(d.risks[0].likelihood, 0);
	assert_false(d.risks[0].has_residual);
	assert_int_equal(d.nmeasures, 1);
	assert_int_equal(d.measures[0].status, MSTATUS_PLANNED);
	assert_int_equal(d.measures[0].due, DATE_NONE);
	assert_int_equal(d.nchanges, 1);
	assert_int_equal(d.changes[0].date, D(2026, 5, 1));
	arena_free(&a);
	json_decref(j);

	/* working hours given in part keep the other default */
	j = doc("{'skjold': 1, 'organisation': {'id': 'k', 'name': 'K', 'kind': 'municipality', "
		"'working_hours': {'end': '15:30'}}}");
	arena_init(&a);
	rc = orgdoc_parse(j, "", &a, &d, &e);
	if (rc)
		fail_msg("partial working hours rejected: %s: %s", e.field, e.message);
	assert_int_equal(d.org.work_start_min, 8 * 60);
	assert_int_equal(d.org.work_end_min, 15 * 60 + 30);
	assert_int_equal(d.nnodes, 0);
	arena_free(&a);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_node_kind),
		cmocka_unit_test(test_error_edge_unknown_node),
		cmocka_unit_test(test_error_duplicate_node),
		cmocka_unit_test(test_error_consequence_range),
		cmocka_unit_test(test_error_cvr),
		cmocka_unit_test(test_error_acceptance_expiry),
		cmocka_unit_test(test_error_unknown_key),
		cmocka_unit_test(test_error_version),
		cmocka_unit_test(test_error_self_edge),
		cmocka_unit_test(test_error_matrix_cell),
		cmocka_unit_test(test_error_measure_unknown_risk),
		cmocka_unit_test(test_error_other_references),
		cmocka_unit_test(test_error_path_prefix),
		cmocka_unit_test(test_derived_fields_ignored),
		cmocka_unit_test(test_round_trip_org),
		cmocka_unit_test(test_round_trip_node),
		cmocka_unit_test(test_round_trip_edge),
		cmocka_unit_test(test_round_trip_threat),
		cmocka_unit_test(test_round_trip_risk),
		cmocka_unit_test(test_round_trip_measure),
		cmocka_unit_test(test_round_trip_change),
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_jsonx_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
