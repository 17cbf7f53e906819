/*
 * test_store.c — the store contract (src/store/store.h), one suite for every
 * backend: each case opens a fresh database by URL (contract.h,
 * SKJOLD_TEST_DB) and speaks only store.h, so a PostgreSQL backend runs the
 * very same cases as SQLite.
 *
 * What a backend must do, case by case: every kind of record round-trips
 * every field (absent optional fields stay absent, "" stays "", æøå stays
 * æøå); a missing object is ERR_NOTFOUND and a duplicate or broken
 * reference ERR_CONFLICT; lists come in their documented order; a scope that
 * leaves out an organisation gets nothing of it back, exactly as if it were
 * not there; transactions nest and roll back; deleting an organisation
 * takes everything it owns and purging its access takes its memberships,
 * tokens and forum rows; the audit log chains and only appends; the
 * organisation's write generation moves with its audited writes; and the
 * logical dump (store_dump, store_checksum) sees every write and no read;
 * and a whole database copies into another (store_copy, store_census).
 *
 * tests/store/coverage.sh checks that this file calls every store.h
 * function and so reaches every member of struct store_ops.
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

#include "audit.h"
#include "contract.h"
#include "date.h"
#include "store/store_impl.h" /* test_scope_second_wall only: the backend's ops without store.c's checks */

#define OK(call)                                                                      \
	do {                                                                          \
		err_clear(&E);                                                        \
		int ok_rc_ = (call);                                                  \
		if (ok_rc_)                                                           \
			fail_msg("%s = %d: %s", #call, ok_rc_, E.message);            \
	} while (0)
#define FAILS(code, call)                                                     \
	do {                                                                  \
		err_clear(&E);                                                \
		assert_int_equal((call), (code));                             \
	} while (0)

static int32_t D(const char *iso)
{
	int32_t d;
	assert_int_equal(date_parse(iso, &d), 0);
	return d;
}

static struct org org_of(const char *id)
{
	return (struct org){.id = id, .name = id, .kind = ORG_MUNICIPALITY, .nis2 = "essential",
			    .risk_appetite = LEVEL_MEDIUM, .work_start_min = 480, .work_end_min = 960,
			    .procedure_reviewed_on = DATE_NONE};
}

static void add_org(const char *id)
{
	struct org o = org_of(id);
	OK(store_org_put(st, &o, &E));
}

static struct node node(const char *id, enum node_kind kind)
{
	return (struct node){.id = id, .name = id, .kind = kind, .rto_minutes = -1, .rpo_minutes = -1,
			     .last_assessed = DATE_NONE};
}

static void add_node(const char *org, const char *id)
{
	struct node n = node(id, NODE_SYSTEM);
	OK(store_node_put(st, org, &n, &E));
}

static void add_threat(const char *org, const char *id)
{
	struct threat t = {.id = id, .name = id, .level_date = DATE_NONE};
	OK(store_threat_put(st, org, &t, &E));
}

static void add_matrix(const char *org, int version)
{
	struct matrix_version mv = {.version = version, .created_on = D("2026-01-01"), .cells = "[[\"Lav\"]]"};
	OK(store_matrix_add(st, org, &mv, &E));
}

static struct risk risk_min(const char *id, const char *node_id, const char *threat)
{
	return (struct risk){.id = id, .node = node_id, .threat = threat, .assessed_on = D("2026-02-01"),
			     .threat_level = 2, .resilience = 2, .consequence = {1, 1, 1, 1}, .matrix_version = 1,
			     .accept_on = DATE_NONE, .accept_expires = DATE_NONE};
}

/* An organisation with one object of every kind: node n1 <- n2, threat t1, risk r1, measure m1, change c1, incident i1. */
static void add_everything(const char *org)
{
	add_org(org);
	add_node(org, "n1");
	add_node(org, "n2");
	struct edge ed = {.from = "n2", .to = "n1", .type = EDGE_RUNS_ON};
	OK(store_edge_put(st, org, &ed, &E));
	add_threat(org, "t1");
	add_matrix(org, 1);
	OK(store_table_put(st, org, "appetite", "{\"x\":1}", &E));
	struct risk r = risk_min("r1", "n1", "t1");
	OK(store_risk_put(st, org, &r, &E));
	struct measure m = {.id = "m1", .risk = "r1", .title = "M", .due = DATE_NONE, .effect_evaluated_on = DATE_NONE};
	OK(store_measure_put(st, org, &m, &E));
	struct change c = {.id = "c1", .node = "n1", .kind = CHANGE_CHANGE, .date = D("2026-03-01")};
	OK(store_change_put(st, org, &c, &E));
	const char *nodes[] = {"n1"};
	struct incident_rec inc = {.id = "i1", .title = "I", .status = "open", .detected_ms = 5, .created_ms = 5,
				   .updated_ms = 5, .doc = "{}", .nodes = nodes, .nnodes = 1};
	OK(store_incident_put(st, org, &inc, &E));
	struct submission_rec sub = {.incident = "i1", .regime = "eu-nis2", .report = "early", .submitted_ms = 6,
				     .doc = "{}"};
	OK(store_submission_add(st, org, &sub, &E));
	struct incident_event ev = {.incident = "i1", .at_ms = 7, .actor = "a", .kind = "created"};
	OK(store_incident_event_add(st, org, &ev, &E));
}

static unsigned char hash_fill[32];
static const unsigned char *H(int k)
{
	memset(hash_fill, k, sizeof hash_fill);
	return hash_fill;
}

/* ---------------------------------------------------------------- open */

static void test_open(void **state)
{
	(void)state;
	assert_non_null(store_backend(st));
	assert_true(strlen(store_backend(st)) > 0);
	struct store *other = NULL;
	FAILS(ERR_INVALID, store_open("", &other, &E));
	assert_null(other);
	store_close(NULL); /* closing nothing is allowed */
	/* which backend a --db value names, without opening it */
	assert_true(store_url_is_file("skjold.db"));
	assert_true(store_url_is_file("sqlite:/var/lib/skjold/skjold.db"));
	assert_false(store_url_is_file("postgresql://db.example/skjold"));
	assert_false(store_url_is_file("host=/run/postgresql dbname=skjold"));
	assert_false(store_url_is_file(NULL));
	/* the store in hand agrees */
	assert_true(store_url_is_file(getenv("SKJOLD_TEST_DB") ? getenv("SKJOLD_TEST_DB") : "x.db") ==
		    !strcmp(store_backend(st), "sqlite"));
}

/* ---------------------------------------------------------------- organisations */

static void test_org_round_trip(void **state)
{
	(void)state;
	struct org o = {.id = "kø", .name = "Æbeltoft Kommune", .kind = ORG_BANK, .cvr = "12345678",
			.lei = "5299000J2N45DDNE4Y28", .nis2 = "important", .dora = "credit_institution",
			.psd2_psp = true, .trust_service = true, .risk_appetite = LEVEL_HOJ, .work_start_min = 420,
			.work_end_min = 1020, .procedure_reviewed_on = D("2026-01-15"), .parent = "mor",
			.competent_authority = "DK_FSA", .dora_relief_withdrawn = true,
			.dora_simplified_framework = true, .contacts = "[{\"role\":\"primary\",\"name\":\"Søren Ørsted\"}]"};
	OK(store_org_put(st, &o, &E));
	struct org g;
	OK(store_org_get(st, "kø", &A, &g, &E));
	assert_string_equal(g.id, "kø");
	assert_string_equal(g.name, "Æbeltoft Kommune");
	assert_int_equal(g.kind, ORG_BANK);
	assert_string_equal(g.cvr, "12345678");
	assert_string_equal(g.lei, "5299000J2N45DDNE4Y28");
	assert_string_equal(g.nis2, "important");
	assert_string_equal(g.dora, "credit_institution");
	assert_true(g.psd2_psp && g.trust_service && g.dora_relief_withdrawn && g.dora_simplified_framework);
	assert_int_equal(g.risk_appetite, LEVEL_HOJ);
	assert_int_equal(g.work_start_min, 420);
	assert_int_equal(g.work_end_min, 1020);
	assert_int_equal(g.procedure_reviewed_on, o.procedure_reviewed_on);
	assert_string_equal(g.parent, "mor");
	assert_string_equal(g.competent_authority, "DK_FSA");
	assert_string_equal(g.contacts, o.contacts);
	/* put replaces; absent optional fields come back absent, "" comes back "" */
	struct org o2 = org_of("kø");
	o2.name = "";
	o2.cvr = "";
	OK(store_org_put(st, &o2, &E));
	OK(store_org_get(st, "kø", &A, &g, &E));
	assert_string_equal(g.name, "");
	assert_string_equal(g.cvr, "");
	assert_null(g.lei);
	assert_null(g.dora);
	assert_null(g.parent);
	assert_null(g.competent_authority);
	assert_null(g.contacts);
	assert_false(g.psd2_psp || g.trust_service || g.dora_relief_withdrawn || g.dora_simplified_framework);
	assert_int_equal(g.procedure_reviewed_on, DATE_NONE);
	assert_int_equal(g.kind, ORG_MUNICIPALITY);
	FAILS(ERR_NOTFOUND, store_org_get(st, "nobody", &A, &g, &E));
	assert_string_equal(E.field, "--org");
}

static void test_org_list_delete(void **state)
{
	(void)state;
	const char *ids[] = {"b", "æ", "a", "B", "a-1"};
	for (size_t i = 0; i < 5; i++)
		add_org(ids[i]);
	struct org *l;
	size_t n;
	OK(store_org_list(st, &A, &l, &n, &E));
	assert_int_equal(n, 5);
	/* bytewise order of the UTF-8 ids */
	const char *want[] = {"B", "a", "a-1", "b", "æ"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(l[i].id, want[i]);
	OK(store_org_delete(st, "a", &E));
	FAILS(ERR_NOTFOUND, store_org_delete(st, "a", &E));
	struct org g;
	FAILS(ERR_NOTFOUND, store_org_get(st, "a", &A, &g, &E));
	OK(store_org_list(st, &A, &l, &n, &E));
	assert_int_equal(n, 4);
}

/* ---------------------------------------------------------------- rule tables and matrix versions */

static void test_tables_and_matrices(void **state)
{
	(void)state;
	add_org("k");
	add_org("other");
	const char *json = "x";
	OK(store_table_get(st, "k", "review", &A, &json, &E));
	assert_null(json); /* unset */
	OK(store_table_put(st, "k", "review", "{\"dage\":\"æøå\"}", &E));
	OK(store_table_get(st, "k", "review", &A, &json, &E));
	assert_string_equal(json, "{\"dage\":\"æøå\"}");
	OK(store_table_put(st, "k", "review", "{}", &E)); /* replaces */
	OK(store_table_get(st, "k", "review", &A, &json, &E));
	assert_string_equal(json, "{}");
	OK(store_table_get(st, "other", "review", &A, &json, &E));
	assert_null(json); /* per organisation */
	FAILS(ERR_NOTFOUND, store_table_put(st, "nobody", "review", "{}", &E));
	FAILS(ERR_NOTFOUND, store_table_get(st, "nobody", "review", &A, &json, &E));

	struct matrix_version v2 = {.version = 2, .created_on = D("2026-05-01"), .cells = "[[\"Høj\"]]"};
	OK(store_matrix_add(st, "k", &v2, &E));
	add_matrix("k", 1);
	struct matrix_version *l;
	size_t n;
	OK(store_matrix_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_int_equal(l[0].version, 1); /* by version */
	assert_int_equal(l[1].version, 2);
	assert_int_equal(l[1].created_on, v2.created_on);
	assert_string_equal(l[1].cells, "[[\"Høj\"]]");
	FAILS(ERR_CONFLICT, store_matrix_add(st, "k", &v2, &E)); /* a version is written once */
	OK(store_matrix_list(st, "other", &A, &l, &n, &E));
	assert_int_equal(n, 0);
	FAILS(ERR_NOTFOUND, store_matrix_list(st, "nobody", &A, &l, &n, &E));
	FAILS(ERR_NOTFOUND, store_matrix_add(st, "nobody", &v2, &E));
}

/* ---------------------------------------------------------------- the map */

static void test_round_trip(void **state)
{
	(void)state;
	add_org("k");
	struct node n = node("s-løn", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE;
	n.rto_minutes = 240;
	n.override = LEVEL_HOJ;
	n.override_reason = "årsag";
	n.last_assessed = D("2026-01-31");
	OK(store_node_put(st, "k", &n, &E));
	struct node got;
	OK(store_node_get(st, "k", "s-løn", &A, &got, &E));
	assert_string_equal(got.id, "s-løn");
	assert_int_equal(got.personal_data, PDATA_SENSITIVE);
	assert_int_equal(got.rto_minutes, 240);
	assert_int_equal(got.rpo_minutes, -1);
	assert_int_equal(got.override, LEVEL_HOJ);
	assert_string_equal(got.override_reason, "årsag");
	assert_int_equal(got.last_assessed, n.last_assessed);
	assert_null(got.owner);
	/* put replaces */
	n.name = "Lønsystem";
	OK(store_node_put(st, "k", &n, &E));
	struct node *list;
	size_t count;
	OK(store_node_list(st, "k", &A, &list, &count, &E));
	assert_int_equal(count, 1);
	assert_string_equal(list[0].name, "Lønsystem");
}

static void test_node_every_field(void **state)
{
	(void)state;
	add_org("k");
	struct node n = {.id = "p-ø", .name = "Hjemmepleje\tog\nnat", .owner = "Ældrechef", .description = "",
			 .kind = NODE_PROCESS, .criticality = LEVEL_KRITISK, .override = LEVEL_NONE,
			 .critical_service = true, .personal_data = PDATA_ORDINARY, .rto_minutes = 0,
			 .rpo_minutes = 15, .last_assessed = DATE_NONE, .ref = "bank1/dc", .service_type = "S01"};
	OK(store_node_put(st, "k", &n, &E));
	struct node g;
	OK(store_node_get(st, "k", "p-ø", &A, &g, &E));
	assert_string_equal(g.name, "Hjemmepleje\tog\nnat");
	assert_string_equal(g.owner, "Ældrechef");
	assert_string_equal(g.description, "");
	assert_int_equal(g.kind, NODE_PROCESS);
	assert_int_equal(g.criticality, LEVEL_KRITISK);
	assert_int_equal(g.override, LEVEL_NONE);
	assert_null(g.override_reason);
	assert_true(g.critical_service);
	assert_int_equal(g.personal_data, PDATA_ORDINARY);
	assert_int_equal(g.rto_minutes, 0); /* 0 is a value, -1 is absent */
	assert_int_equal(g.rpo_minutes, 15);
	assert_int_equal(g.last_assessed, DATE_NONE);
	assert_string_equal(g.ref, "bank1/dc");
	assert_string_equal(g.service_type, "S01");
	/* every kind round-trips */
	for (int k = 0; k < NODE_KIND_COUNT; k++) {
		char id[16];
		snprintf(id, sizeof id, "kind-%d", k);
		struct node x = node(id, (enum node_kind)k);
		OK(store_node_put(st, "k", &x, &E));
		OK(store_node_get(st, "k", id, &A, &g, &E));
		assert_int_equal(g.kind, k);
		assert_null(g.ref);
		assert_null(g.service_type);
	}
	/* list by id; node_ids gives every id once */
	struct node *l;
	size_t cnt;
	OK(store_node_list(st, "k", &A, &l, &cnt, &E));
	assert_int_equal(cnt, 1 + NODE_KIND_COUNT);
	for (size_t i = 1; i < cnt; i++)
		assert_true(strcmp(l[i - 1].id, l[i].id) < 0);
	assert_string_equal(l[cnt - 1].id, "p-ø");
	FAILS(ERR_NOTFOUND, store_node_get(st, "k", "nope", &A, &g, &E));
}

static void count_id(void *ctx, const char *id, size_t len)
{
	(void)id;
	assert_true(len > 0);
	(*(size_t *)ctx)++;
}

static void test_node_ids(void **state)
{
	(void)state;
	add_org("k");
	add_org("other");
	add_node("k", "a");
	add_node("k", "b");
	add_node("other", "c");
	size_t n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 2);
	FAILS(ERR_NOTFOUND, store_node_ids(st, "nobody", count_id, &n, &E));
}

static void test_edges(void **state)
{
	(void)state;
	add_org("k");
	add_node("k", "a");
	add_node("k", "b");
	add_node("k", "c");
	struct edge e1 = {.from = "b", .to = "a", .type = EDGE_HOSTED_AT, .group = "dc-par"};
	struct edge e2 = {.from = "a", .to = "c", .type = EDGE_SUPPLIED_BY};
	struct edge e3 = {.from = "a", .to = "b", .type = EDGE_USES};
	OK(store_edge_put(st, "k", &e1, &E));
	OK(store_edge_put(st, "k", &e2, &E));
	OK(store_edge_put(st, "k", &e3, &E));
	struct edge g;
	OK(store_edge_get(st, "k", "b", "a", &A, &g, &E));
	assert_string_equal(g.from, "b");
	assert_string_equal(g.to, "a");
	assert_int_equal(g.type, EDGE_HOSTED_AT);
	assert_string_equal(g.group, "dc-par");
	OK(store_edge_get(st, "k", "a", "c", &A, &g, &E));
	assert_null(g.group);
	e1.group = NULL; /* put replaces by (from, to) */
	e1.type = EDGE_INTEGRATES_WITH;
	OK(store_edge_put(st, "k", &e1, &E));
	OK(store_edge_get(st, "k", "b", "a", &A, &g, &E));
	assert_null(g.group);
	assert_int_equal(g.type, EDGE_INTEGRATES_WITH);
	struct edge *l;
	size_t n;
	OK(store_edge_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by (from, to) */
	assert_true(!strcmp(l[0].from, "a") && !strcmp(l[0].to, "b"));
	assert_true(!strcmp(l[1].from, "a") && !strcmp(l[1].to, "c"));
	assert_true(!strcmp(l[2].from, "b") && !strcmp(l[2].to, "a"));
	FAILS(ERR_NOTFOUND, store_edge_get(st, "k", "c", "a", &A, &g, &E));
	OK(store_edge_delete(st, "k", "a", "c", &E));
	FAILS(ERR_NOTFOUND, store_edge_delete(st, "k", "a", "c", &E));
	FAILS(ERR_NOTFOUND, store_edge_get(st, "k", "a", "c", &A, &g, &E));
	OK(store_node_delete(st, "k", "c", &E)); /* nothing refers to it any more */
}

static void test_errors(void **state)
{
	(void)state;
	struct node n = node("x", NODE_SYSTEM), got;
	FAILS(ERR_NOTFOUND, store_node_put(st, "nobody", &n, &E));
	assert_string_equal(E.field, "--org");
	add_org("k");
	FAILS(ERR_NOTFOUND, store_node_get(st, "k", "x", &A, &got, &E));
	/* an edge to a node that does not exist breaks a foreign key */
	OK(store_node_put(st, "k", &n, &E));
	struct edge ed = {.from = "x", .to = "ghost", .type = EDGE_USES};
	FAILS(ERR_CONFLICT, store_edge_put(st, "k", &ed, &E));
	/* removing a node something refers to is refused */
	struct node y = node("y", NODE_INFRASTRUCTURE);
	OK(store_node_put(st, "k", &y, &E));
	ed.to = "y";
	OK(store_edge_put(st, "k", &ed, &E));
	FAILS(ERR_CONFLICT, store_node_delete(st, "k", "y", &E));
	FAILS(ERR_NOTFOUND, store_node_delete(st, "k", "nope", &E));
}

static void test_threats(void **state)
{
	(void)state;
	add_org("k");
	struct threat t = {.id = "t-ø", .name = "Strømsvigt", .name_en = "Power failure", .category = "physical",
			   .description = "", .level = 3, .level_source = "CFCS", .level_date = D("2025-12-01")};
	OK(store_threat_put(st, "k", &t, &E));
	add_threat("k", "t-a");
	struct threat g;
	OK(store_threat_get(st, "k", "t-ø", &A, &g, &E));
	assert_string_equal(g.name, "Strømsvigt");
	assert_string_equal(g.name_en, "Power failure");
	assert_string_equal(g.category, "physical");
	assert_string_equal(g.description, "");
	assert_int_equal(g.level, 3);
	assert_string_equal(g.level_source, "CFCS");
	assert_int_equal(g.level_date, t.level_date);
	OK(store_threat_get(st, "k", "t-a", &A, &g, &E));
	assert_null(g.name_en);
	assert_null(g.category);
	assert_null(g.description);
	assert_null(g.level_source);
	assert_int_equal(g.level, 0);
	assert_int_equal(g.level_date, DATE_NONE);
	struct threat *l;
	size_t n;
	OK(store_threat_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_string_equal(l[0].id, "t-a");
	assert_string_equal(l[1].id, "t-ø");
	OK(store_threat_delete(st, "k", "t-a", &E));
	FAILS(ERR_NOTFOUND, store_threat_delete(st, "k", "t-a", &E));
	FAILS(ERR_NOTFOUND, store_threat_get(st, "k", "t-a", &A, &g, &E));
}

static void test_risks(void **state)
{
	(void)state;
	add_org("k");
	add_node("k", "n1");
	add_threat("k", "t1");
	add_matrix("k", 1);
	struct risk r = {.id = "r-æ", .node = "n1", .threat = "t1", .title = "Løsepengevirus", .description = "",
			 .assessed_on = D("2026-02-01"), .assessor = "Jørgen", .owner = "IT-chef", .threat_level = 4,
			 .resilience = 1, .likelihood = 3, .consequence = {4, 3, 2, 1}, .has_residual = true,
			 .residual_likelihood = 2, .residual = {2, 2, 1, 1}, .decision = DECISION_ACCEPT,
			 .matrix_version = 1, .accept_approver = "Direktør", .accept_role = ROLE_DIRECTOR,
			 .accept_on = D("2026-02-02"), .accept_expires = D("2027-02-02"), .note = "næste år"};
	OK(store_risk_put(st, "k", &r, &E));
	struct risk g;
	OK(store_risk_get(st, "k", "r-æ", &A, &g, &E));
	assert_string_equal(g.node, "n1");
	assert_string_equal(g.threat, "t1");
	assert_string_equal(g.title, "Løsepengevirus");
	assert_string_equal(g.description, "");
	assert_int_equal(g.assessed_on, r.assessed_on);
	assert_string_equal(g.assessor, "Jørgen");
	assert_string_equal(g.owner, "IT-chef");
	assert_int_equal(g.threat_level, 4);
	assert_int_equal(g.resilience, 1);
	assert_int_equal(g.likelihood, 3);
	assert_memory_equal(&g.consequence, &r.consequence, sizeof r.consequence);
	assert_true(g.has_residual);
	assert_int_equal(g.residual_likelihood, 2);
	assert_memory_equal(&g.residual, &r.residual, sizeof r.residual);
	assert_int_equal(g.decision, DECISION_ACCEPT);
	assert_int_equal(g.matrix_version, 1);
	assert_string_equal(g.accept_approver, "Direktør");
	assert_int_equal(g.accept_role, ROLE_DIRECTOR);
	assert_int_equal(g.accept_on, r.accept_on);
	assert_int_equal(g.accept_expires, r.accept_expires);
	assert_string_equal(g.note, "næste år");
	struct risk m = risk_min("r-a", "n1", "t1");
	OK(store_risk_put(st, "k", &m, &E));
	OK(store_risk_get(st, "k", "r-a", &A, &g, &E));
	assert_null(g.title);
	assert_null(g.assessor);
	assert_null(g.accept_approver);
	assert_null(g.note);
	assert_false(g.has_residual);
	assert_int_equal(g.decision, DECISION_NONE);
	assert_int_equal(g.accept_role, ROLE_NONE);
	assert_int_equal(g.accept_on, DATE_NONE);
	assert_int_equal(g.accept_expires, DATE_NONE);
	struct risk *l;
	size_t n;
	OK(store_risk_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_string_equal(l[0].id, "r-a");
	assert_string_equal(l[1].id, "r-æ");
	/* references: node, threat and matrix version must exist */
	struct risk bad = risk_min("r-bad", "ghost", "t1");
	FAILS(ERR_CONFLICT, store_risk_put(st, "k", &bad, &E));
	bad = risk_min("r-bad", "n1", "ghost");
	FAILS(ERR_CONFLICT, store_risk_put(st, "k", &bad, &E));
	bad = risk_min("r-bad", "n1", "t1");
	bad.matrix_version = 9;
	FAILS(ERR_CONFLICT, store_risk_put(st, "k", &bad, &E));
	FAILS(ERR_CONFLICT, store_node_delete(st, "k", "n1", &E));
	FAILS(ERR_CONFLICT, store_threat_delete(st, "k", "t1", &E));
	OK(store_risk_delete(st, "k", "r-a", &E));
	FAILS(ERR_NOTFOUND, store_risk_delete(st, "k", "r-a", &E));
	FAILS(ERR_NOTFOUND, store_risk_get(st, "k", "r-a", &A, &g, &E));
}

static void test_measures(void **state)
{
	(void)state;
	add_org("k");
	add_node("k", "n1");
	add_threat("k", "t1");
	add_matrix("k", 1);
	struct risk r = risk_min("r1", "n1", "t1");
	OK(store_risk_put(st, "k", &r, &E));
	struct measure m = {.id = "m-ø", .risk = "r1", .title = "Nødstrøm", .owner = "Drift", .description = "",
			    .kind = MEASURE_CONTINUITY, .due = D("2026-06-30"), .status = MSTATUS_STARTED,
			    .effect = EFFECT_PARTIAL, .effect_evaluated_on = D("2026-07-01"), .effect_note = "delvis"};
	OK(store_measure_put(st, "k", &m, &E));
	struct measure g;
	OK(store_measure_get(st, "k", "m-ø", &A, &g, &E));
	assert_string_equal(g.risk, "r1");
	assert_string_equal(g.title, "Nødstrøm");
	assert_string_equal(g.owner, "Drift");
	assert_string_equal(g.description, "");
	assert_int_equal(g.kind, MEASURE_CONTINUITY);
	assert_int_equal(g.due, m.due);
	assert_int_equal(g.status, MSTATUS_STARTED);
	assert_int_equal(g.effect, EFFECT_PARTIAL);
	assert_int_equal(g.effect_evaluated_on, m.effect_evaluated_on);
	assert_string_equal(g.effect_note, "delvis");
	struct measure m2 = {.id = "m-a", .risk = "r1", .title = "T", .due = DATE_NONE, .effect_evaluated_on = DATE_NONE};
	OK(store_measure_put(st, "k", &m2, &E));
	OK(store_measure_get(st, "k", "m-a", &A, &g, &E));
	assert_null(g.owner);
	assert_null(g.description);
	assert_null(g.effect_note);
	assert_int_equal(g.due, DATE_NONE);
	assert_int_equal(g.effect_evaluated_on, DATE_NONE);
	assert_int_equal(g.effect, EFFECT_NONE);
	struct measure *l;
	size_t n;
	OK(store_measure_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_string_equal(l[0].id, "m-a");
	assert_string_equal(l[1].id, "m-ø");
	m2.risk = "ghost";
	FAILS(ERR_CONFLICT, store_measure_put(st, "k", &m2, &E));
	FAILS(ERR_CONFLICT, store_risk_delete(st, "k", "r1", &E)); /* a measure refers to it */
	OK(store_measure_delete(st, "k", "m-a", &E));
	FAILS(ERR_NOTFOUND, store_measure_delete(st, "k", "m-a", &E));
	FAILS(ERR_NOTFOUND, store_measure_get(st, "k", "m-a", &A, &g, &E));
}

static void test_changes(void **state)
{
	(void)state;
	add_org("k");
	add_node("k", "n1");
	struct change c1 = {.id = "c-b", .node = "n1", .kind = CHANGE_INCIDENT, .date = D("2026-03-01"),
			    .description = "Brand i serverrum"};
	struct change c2 = {.id = "c-a", .node = "n1", .kind = CHANGE_THREAT, .date = D("2026-04-01")};
	struct change c3 = {.id = "c-c", .node = "n1", .kind = CHANGE_CHANGE, .date = D("2026-03-01"), .description = ""};
	OK(store_change_put(st, "k", &c1, &E));
	OK(store_change_put(st, "k", &c2, &E));
	OK(store_change_put(st, "k", &c3, &E));
	struct change g;
	OK(store_change_get(st, "k", "c-b", &A, &g, &E));
	assert_string_equal(g.node, "n1");
	assert_int_equal(g.kind, CHANGE_INCIDENT);
	assert_int_equal(g.date, c1.date);
	assert_string_equal(g.description, "Brand i serverrum");
	OK(store_change_get(st, "k", "c-a", &A, &g, &E));
	assert_null(g.description);
	OK(store_change_get(st, "k", "c-c", &A, &g, &E));
	assert_string_equal(g.description, "");
	struct change *l;
	size_t n;
	OK(store_change_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by date, then id */
	assert_string_equal(l[0].id, "c-b");
	assert_string_equal(l[1].id, "c-c");
	assert_string_equal(l[2].id, "c-a");
	struct change bad = {.id = "c-x", .node = "ghost", .date = D("2026-01-01")};
	FAILS(ERR_CONFLICT, store_change_put(st, "k", &bad, &E));
	FAILS(ERR_CONFLICT, store_node_delete(st, "k", "n1", &E));
	OK(store_change_delete(st, "k", "c-a", &E));
	FAILS(ERR_NOTFOUND, store_change_delete(st, "k", "c-a", &E));
	FAILS(ERR_NOTFOUND, store_change_get(st, "k", "c-a", &A, &g, &E));
}

/* ---------------------------------------------------------------- incidents */

static void test_incidents(void **state)
{
	(void)state;
	add_org("k");
	add_node("k", "n1");
	add_node("k", "n2");
	const char *nodes[] = {"n2", "n1"};
	struct incident_rec i1 = {.id = "inc-b", .title = "Nedbrud på løn", .status = "open", .detected_ms = 2000,
				  .created_ms = 2100, .updated_ms = 2200, .doc = "{\"beskrivelse\":\"æøå\"}",
				  .nodes = nodes, .nnodes = 2};
	struct incident_rec i2 = {.id = "inc-a", .title = "", .status = "closed", .detected_ms = 3000,
				  .created_ms = 3000, .updated_ms = 3000, .doc = "{}"};
	struct incident_rec i3 = {.id = "inc-c", .title = "T", .status = "open", .detected_ms = 1000,
				  .created_ms = 1000, .updated_ms = 1000, .doc = "{}"};
	OK(store_incident_put(st, "k", &i1, &E));
	OK(store_incident_put(st, "k", &i2, &E));
	OK(store_incident_put(st, "k", &i3, &E));
	struct incident_rec g;
	OK(store_incident_get(st, "k", "inc-b", &A, &g, &E));
	assert_string_equal(g.title, "Nedbrud på løn");
	assert_string_equal(g.status, "open");
	assert_int_equal(g.detected_ms, 2000);
	assert_int_equal(g.created_ms, 2100);
	assert_int_equal(g.updated_ms, 2200);
	assert_string_equal(g.doc, i1.doc);
	OK(store_incident_get(st, "k", "inc-a", &A, &g, &E));
	assert_string_equal(g.title, "");
	FAILS(ERR_NOTFOUND, store_incident_get(st, "k", "nope", &A, &g, &E));
	struct incident_rec *l;
	size_t n;
	OK(store_incident_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by detection time */
	assert_string_equal(l[0].id, "inc-c");
	assert_string_equal(l[1].id, "inc-b");
	assert_string_equal(l[2].id, "inc-a");
	struct incident_node_ref *refs;
	OK(store_incident_nodes(st, "k", &A, &refs, &n, &E));
	assert_int_equal(n, 2); /* by (incident, node) */
	assert_string_equal(refs[0].node, "n1");
	assert_string_equal(refs[1].node, "n2");
	assert_string_equal(refs[0].incident, "inc-b");
	assert_int_equal(refs[0].detected_ms, 2000);
	FAILS(ERR_CONFLICT, store_node_delete(st, "k", "n2", &E)); /* an incident refers to it */
	/* put updates in place: the node references are rewritten, created_ms stays */
	const char *one[] = {"n1"};
	i1.nodes = one;
	i1.nnodes = 1;
	i1.created_ms = 9999;
	i1.updated_ms = 5000;
	i1.status = "closed";
	OK(store_incident_put(st, "k", &i1, &E));
	OK(store_incident_get(st, "k", "inc-b", &A, &g, &E));
	assert_int_equal(g.created_ms, 2100);
	assert_int_equal(g.updated_ms, 5000);
	assert_string_equal(g.status, "closed");
	OK(store_incident_nodes(st, "k", &A, &refs, &n, &E));
	assert_int_equal(n, 1);
	OK(store_node_delete(st, "k", "n2", &E));
	/* a reference to a node that does not exist is refused, and the incident is left as it was */
	const char *ghost[] = {"ghost"};
	i1.nodes = ghost;
	i1.title = "changed";
	FAILS(ERR_CONFLICT, store_incident_put(st, "k", &i1, &E));
	OK(store_incident_get(st, "k", "inc-b", &A, &g, &E));
	assert_string_equal(g.title, "Nedbrud på løn");
	assert_int_equal(store_tx_depth(st), 0);
}

static void test_submissions_and_events(void **state)
{
	(void)state;
	add_org("k");
	struct incident_rec i = {.id = "i1", .title = "I", .status = "open", .doc = "{}"};
	OK(store_incident_put(st, "k", &i, &E));
	i.id = "i0";
	OK(store_incident_put(st, "k", &i, &E));
	struct submission_rec s = {.incident = "i1", .regime = "eu-nis2", .report = "early_warning",
				   .submitted_ms = 500, .doc = "{\"kanal\":\"virk.dk\"}"};
	OK(store_submission_add(st, "k", &s, &E));
	s.report = "notification";
	s.submitted_ms = 400; /* an earlier submission recorded later */
	OK(store_submission_add(st, "k", &s, &E));
	s.incident = "i0";
	s.submitted_ms = 900;
	OK(store_submission_add(st, "k", &s, &E));
	struct submission_rec *l;
	size_t n;
	OK(store_submission_list(st, "k", "i1", &A, &l, &n, &E));
	assert_int_equal(n, 2); /* by time; seq counts per incident from 1 */
	assert_int_equal(l[0].seq, 2);
	assert_int_equal(l[0].submitted_ms, 400);
	assert_string_equal(l[0].report, "notification");
	assert_int_equal(l[1].seq, 1);
	assert_string_equal(l[1].regime, "eu-nis2");
	assert_string_equal(l[1].doc, "{\"kanal\":\"virk.dk\"}");
	assert_string_equal(l[1].incident, "i1");
	OK(store_submission_list(st, "k", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* every incident, by incident */
	assert_string_equal(l[0].incident, "i0");
	assert_int_equal(l[0].seq, 1);
	s.incident = "ghost";
	FAILS(ERR_CONFLICT, store_submission_add(st, "k", &s, &E));

	struct incident_event ev = {.incident = "i1", .at_ms = 10, .actor = "Åse", .kind = "created",
				    .detail = "{\"a\":1}"};
	OK(store_incident_event_add(st, "k", &ev, &E));
	ev.detail = NULL;
	ev.kind = "updated";
	ev.at_ms = 5;
	OK(store_incident_event_add(st, "k", &ev, &E));
	struct incident_event *el;
	OK(store_incident_event_list(st, "k", "i1", &A, &el, &n, &E));
	assert_int_equal(n, 2); /* in the order appended */
	assert_int_equal(el[0].seq, 1);
	assert_int_equal(el[0].at_ms, 10);
	assert_string_equal(el[0].actor, "Åse");
	assert_string_equal(el[0].detail, "{\"a\":1}");
	assert_int_equal(el[1].seq, 2);
	assert_string_equal(el[1].kind, "updated");
	assert_null(el[1].detail);
	OK(store_incident_event_list(st, "k", "i0", &A, &el, &n, &E));
	assert_int_equal(n, 0);
	ev.incident = "ghost";
	FAILS(ERR_CONFLICT, store_incident_event_add(st, "k", &ev, &E));
	FAILS(ERR_NOTFOUND, store_incident_event_list(st, "nobody", "i1", &A, &el, &n, &E));
	FAILS(ERR_NOTFOUND, store_submission_list(st, "nobody", NULL, &A, &l, &n, &E));
}

/* ---------------------------------------------------------------- transactions */

static void test_transactions(void **state)
{
	(void)state;
	add_org("k");
	assert_int_equal(store_tx_depth(st), 0);
	OK(store_begin(st, &E));
	OK(store_begin(st, &E)); /* nested */
	assert_int_equal(store_tx_depth(st), 2);
	struct node n = node("a", NODE_SYSTEM);
	OK(store_node_put(st, "k", &n, &E));
	OK(store_commit(st, &E)); /* inner: nothing committed yet */
	store_rollback(st);       /* outer: undo all */
	assert_int_equal(store_tx_depth(st), 0);
	struct node *list;
	size_t count;
	OK(store_node_list(st, "k", &A, &list, &count, &E));
	assert_int_equal(count, 0);
	/* committed work survives a reopen; migrations do not run twice */
	OK(store_begin(st, &E));
	OK(store_node_put(st, "k", &n, &E));
	OK(store_commit(st, &E));
	store_close(st);
	OK(store_open(test_url, &st, &E));
	OK(store_node_list(st, "k", &A, &list, &count, &E));
	assert_int_equal(count, 1);
}

static void test_savepoints(void **state)
{
	(void)state;
	add_org("k");
	OK(store_begin(st, &E));
	add_node("k", "outer");
	OK(store_begin(st, &E));
	add_node("k", "inner");
	store_rollback(st); /* undoes the inner level only */
	assert_int_equal(store_tx_depth(st), 1);
	add_node("k", "after");
	OK(store_commit(st, &E));
	struct node *l;
	size_t n;
	OK(store_node_list(st, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_string_equal(l[0].id, "after");
	assert_string_equal(l[1].id, "outer");
	/* rollback_to ends the levels above the depth given */
	OK(store_begin(st, &E));
	OK(store_begin(st, &E));
	OK(store_begin(st, &E));
	add_node("k", "gone");
	store_rollback_to(st, 1);
	assert_int_equal(store_tx_depth(st), 1);
	store_rollback_to(st, 0);
	assert_int_equal(store_tx_depth(st), 0);
	struct node g;
	FAILS(ERR_NOTFOUND, store_node_get(st, "k", "gone", &A, &g, &E));
	/* a commit without a transaction is an error, not a silent success */
	assert_int_not_equal(store_commit(st, &E), 0);
	/* a rollback undoes every kind of write: the organisation itself too */
	OK(store_begin(st, &E));
	add_everything("tx");
	store_rollback(st);
	FAILS(ERR_NOTFOUND, store_org_get(st, "tx", &A, &(struct org){0}, &E));
}

static void test_bulk(void **state)
{
	(void)state;
	add_org("k");
	OK(store_bulk_begin(st, &E));
	assert_true(store_tx_depth(st) >= 1);
	add_node("k", "b1");
	add_node("k", "b2");
	size_t n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 2);
	OK(store_bulk_end(st, 1, &E));
	assert_int_equal(store_tx_depth(st), 0);
	OK(store_bulk_begin(st, &E));
	add_node("k", "b3");
	OK(store_bulk_end(st, 0, &E)); /* rolled back */
	n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 2);
	/* a bulk load fails whole: a level inside it commits as part of it, one rolled back spoils it */
	OK(store_bulk_begin(st, &E));
	OK(store_begin(st, &E));
	add_node("k", "b4");
	OK(store_commit(st, &E));
	OK(store_bulk_end(st, 1, &E));
	OK(store_bulk_begin(st, &E));
	add_node("k", "b5");
	OK(store_begin(st, &E));
	add_node("k", "b6");
	store_rollback(st);
	assert_int_equal(store_tx_depth(st), 1);
	FAILS(ERR_INTERNAL, store_bulk_end(st, 1, &E)); /* nothing of it is written */
	assert_int_equal(store_tx_depth(st), 0);
	n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 3); /* b1, b2, b4 */
	/* foreign keys hold again after a bulk load */
	struct edge ed = {.from = "b1", .to = "ghost", .type = EDGE_USES};
	FAILS(ERR_CONFLICT, store_edge_put(st, "k", &ed, &E));
	/* beside other connections (the server) a bulk load is an ordinary transaction, and nests */
	store_shared(st);
	OK(store_begin(st, &E));
	OK(store_bulk_begin(st, &E));
	add_node("k", "s1");
	OK(store_bulk_end(st, 1, &E));
	store_rollback(st);
	n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 3);
	OK(store_bulk_begin(st, &E));
	add_node("k", "s2");
	OK(store_bulk_end(st, 1, &E));
	n = 0;
	OK(store_node_ids(st, "k", count_id, &n, &E));
	assert_int_equal(n, 4);
}

/* ---------------------------------------------------------------- the audit log */

static int count_entries(void *ctx, const struct audit_entry *x)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static void test_audit_chain(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		OK(audit_record(st, "tester", 1000 + i, "create", "node", "k", "x", NULL, "{\"a\":1}", &E));
	int64_t seq;
	unsigned char hash[32];
	OK(store_audit_head(st, &seq, hash, &E));
	assert_int_equal(seq, 5);
	json_t *summary;
	OK(audit_verify(st, &summary, &E));
	assert_int_equal(json_integer_value(json_object_get(summary, "entries_checked")), 5);
	json_decref(summary);
	int n = 0;
	OK(store_audit_scan(st, "node", "k", "x", count_entries, &n, &E));
	assert_int_equal(n, 5);
	/* an entry whose seq does not follow the head is refused */
	struct audit_entry bad = {.seq = 9, .at_ms = 1, .actor = "x", .action = "x", .entity = "x"};
	FAILS(ERR_CONFLICT, store_audit_append(st, &bad, &E));
}

/* The export's pages: seq and instant bounds, an organisation, the limit, and a scope that filters but counts. */
struct page_seen {
	int64_t seq[16];
	int n;
};
static int page_entry(void *ctx, const struct audit_entry *x)
{
	struct page_seen *p = ctx;
	assert_null(x->before);
	assert_null(x->after);
	assert_non_null(x->action);
	if (p->n < 16)
		p->seq[p->n++] = x->seq;
	return 0;
}

static void test_audit_page(void **state)
{
	(void)state;
	static const char *const orgs[] = {"k", "m", NULL, "k", "m", "k", NULL};
	for (int i = 0; i < 7; i++)
		OK(audit_record(st, "tester", 1000 + i, "create", "node", orgs[i], "x", "{\"b\":0}", "{\"a\":1}", &E));
	struct page_seen p = {.n = 0};
	struct audit_range q = {.after = 0, .upto = INT64_MAX, .since_ms = INT64_MIN, .until_ms = INT64_MAX, .limit = 3};
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_int_equal(q.nread, 3);
	assert_int_equal(q.last, 3);
	q.after = q.last;
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	q.after = q.last;
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_int_equal(q.nread, 1);
	assert_int_equal(p.n, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(p.seq[i], i + 1);
	/* past the end: nothing read, last stays */
	q.after = 7;
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_int_equal(q.nread, 0);
	assert_int_equal(q.last, 7);
	/* instants [1002, 1005), organisation k, seq up to 6 */
	p.n = 0;
	q = (struct audit_range){.after = 0, .upto = 6, .since_ms = 1002, .until_ms = 1005, .org = "k", .limit = 10};
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_int_equal(p.n, 1);
	assert_int_equal(p.seq[0], 4);
	q = (struct audit_range){.after = 0, .upto = 5, .since_ms = 0, .until_ms = INT64_MAX, .limit = 10};
	p.n = 0;
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_int_equal(p.n, 5);
	/* a scope of m: its entries only (PostgreSQL's row security may leave the others out before they are read) */
	struct store_grant g[] = {{"m", STORE_GRANT_READ}};
	struct store_scope sc = {g, 1};
	store_scope_set(st, &sc);
	p.n = 0;
	q = (struct audit_range){.after = 0, .upto = INT64_MAX, .since_ms = INT64_MIN, .until_ms = INT64_MAX, .limit = 4};
	OK(store_audit_page(st, &q, page_entry, &p, &E));
	assert_true(q.nread >= 1 && q.nread <= 4);
	assert_true(p.n == 1 || (p.n == 2 && p.seq[1] == 5)); /* m's entries are seq 2 and 5 */
	assert_int_equal(p.seq[0], 2);
	q.org = "k";
	FAILS(ERR_NOTFOUND, store_audit_page(st, &q, page_entry, &p, &E));
	store_scope_set(st, NULL);
}

/* The after-commit hook: ranges of committed entries only, once each, read back through the store. */
static int64_t hook_calls[8][3];
static int hook_n;
static void hook_seen(struct store *s, int64_t from, int64_t to)
{
	struct page_seen p = {.n = 0};
	struct audit_range q = {.after = from - 1, .upto = to, .since_ms = INT64_MIN, .until_ms = INT64_MAX,
				.limit = 100};
	assert_int_equal(store_tx_depth(s), 0);
	assert_int_equal(store_audit_page(s, &q, page_entry, &p, &E), 0);
	if (hook_n < 8) {
		hook_calls[hook_n][0] = from;
		hook_calls[hook_n][1] = to;
		hook_calls[hook_n][2] = p.n;
	}
	hook_n++;
}

static void test_audit_hook(void **state)
{
	(void)state;
	hook_n = 0;
	store_audit_hook_set(hook_seen);
	/* outside a transaction: at once */
	OK(audit_record(st, "t", 1, "create", "node", "k", "a", NULL, NULL, &E));
	assert_int_equal(hook_n, 1);
	assert_int_equal(hook_calls[0][0], 1);
	assert_int_equal(hook_calls[0][1], 1);
	/* a transaction of three, one of them in a savepoint rolled back: heard once, at the commit */
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 2, "create", "node", "k", "b", NULL, NULL, &E));
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 3, "create", "node", "k", "gone", NULL, NULL, &E));
	store_rollback(st);
	OK(audit_record(st, "t", 4, "create", "node", "k", "c", NULL, NULL, &E));
	assert_int_equal(hook_n, 1);
	OK(store_commit(st, &E));
	assert_int_equal(hook_n, 2);
	assert_int_equal(hook_calls[1][0], 2);
	assert_int_equal(hook_calls[1][1], 3);
	assert_int_equal(hook_calls[1][2], 2);
	/* rolled back: never heard of */
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 5, "delete", "node", "k", "b", NULL, NULL, &E));
	store_rollback_to(st, 0);
	OK(store_begin(st, &E));
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 5, "delete", "node", "k", "b", NULL, NULL, &E));
	store_rollback(st);
	OK(store_commit(st, &E)); /* a commit with nothing left of its entries */
	assert_int_equal(hook_n, 2);
	/* a transaction without entries is not announced; the next one starts afresh */
	OK(store_begin(st, &E));
	OK(store_commit(st, &E));
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 6, "update", "node", "k", "c", NULL, NULL, &E));
	OK(store_commit(st, &E));
	assert_int_equal(hook_n, 3);
	assert_int_equal(hook_calls[2][0], 4);
	assert_int_equal(hook_calls[2][1], 4);
	assert_int_equal(hook_calls[2][2], 1);
	store_audit_hook_set(NULL);
	OK(audit_record(st, "t", 7, "update", "node", "k", "c", NULL, NULL, &E));
	assert_int_equal(hook_n, 3);
}

struct scan_copy {
	struct audit_entry x[8];
	char text[8][6][64];
	int n, stop_at;
};

static const char *keep(char *buf, const char *s)
{
	if (!s)
		return NULL;
	snprintf(buf, 64, "%s", s);
	return buf;
}

static int copy_entry(void *ctx, const struct audit_entry *x)
{
	struct scan_copy *c = ctx;
	if (c->n == c->stop_at)
		return 42;
	assert_true(c->n < 8);
	struct audit_entry *y = &c->x[c->n];
	*y = *x;
	y->actor = keep(c->text[c->n][0], x->actor);
	y->org = keep(c->text[c->n][1], x->org);
	y->key = keep(c->text[c->n][2], x->key);
	y->before = keep(c->text[c->n][3], x->before);
	y->after = keep(c->text[c->n][4], x->after);
	y->entity = keep(c->text[c->n][5], x->entity);
	c->n++;
	return 0;
}

static void test_audit_entries(void **state)
{
	(void)state;
	int64_t seq = -1;
	unsigned char hash[32], zero[32] = {0};
	OK(store_audit_head(st, &seq, hash, &E));
	assert_int_equal(seq, 0); /* empty: seq 0, zero hash */
	assert_memory_equal(hash, zero, 32);
	struct audit_entry x = {.seq = 1, .at_ms = 1700000000123, .actor = "Søren", .action = "create",
				.entity = "node", .org = "k", .key = "n-ø", .before = NULL, .after = "{\"navn\":\"ø\"}"};
	memset(x.prev_hash, 0, 32);
	memset(x.hash, 0xab, 32);
	OK(store_audit_append(st, &x, &E));
	struct audit_entry y = {.seq = 2, .at_ms = 5, .actor = "a", .action = "delete", .entity = "risk",
				.org = "other", .key = "r", .before = "{}", .after = NULL};
	memset(y.prev_hash, 0xab, 32);
	memset(y.hash, 0xcd, 32);
	OK(store_audit_append(st, &y, &E));
	struct audit_entry z = {.seq = 3, .at_ms = 6, .actor = "sys", .action = "login", .entity = "user"};
	memset(z.prev_hash, 0xcd, 32);
	memset(z.hash, 0xef, 32);
	OK(store_audit_append(st, &z, &E)); /* no organisation, no key */
	FAILS(ERR_CONFLICT, store_audit_append(st, &z, &E)); /* seq 3 again */
	OK(store_audit_head(st, &seq, hash, &E));
	assert_int_equal(seq, 3);
	assert_memory_equal(hash, z.hash, 32);
	struct scan_copy c = {.stop_at = -1};
	OK(store_audit_scan(st, NULL, NULL, NULL, copy_entry, &c, &E));
	assert_int_equal(c.n, 3); /* in seq order, every field as written */
	assert_int_equal(c.x[0].seq, 1);
	assert_int_equal(c.x[0].at_ms, 1700000000123);
	assert_string_equal(c.x[0].actor, "Søren");
	assert_string_equal(c.x[0].key, "n-ø");
	assert_null(c.x[0].before);
	assert_string_equal(c.x[0].after, "{\"navn\":\"ø\"}");
	assert_memory_equal(c.x[0].hash, x.hash, 32);
	assert_memory_equal(c.x[1].prev_hash, y.prev_hash, 32);
	assert_null(c.x[1].after);
	assert_null(c.x[2].org);
	assert_null(c.x[2].key);
	/* filters: entity, organisation, key */
	c = (struct scan_copy){.stop_at = -1};
	OK(store_audit_scan(st, "risk", NULL, NULL, copy_entry, &c, &E));
	assert_int_equal(c.n, 1);
	assert_int_equal(c.x[0].seq, 2);
	c = (struct scan_copy){.stop_at = -1};
	OK(store_audit_scan(st, NULL, "k", NULL, copy_entry, &c, &E));
	assert_int_equal(c.n, 1);
	c = (struct scan_copy){.stop_at = -1};
	OK(store_audit_scan(st, NULL, NULL, "nope", copy_entry, &c, &E));
	assert_int_equal(c.n, 0);
	/* the callback's non-zero answer stops the scan and is returned */
	c = (struct scan_copy){.stop_at = 1};
	assert_int_equal(store_audit_scan(st, NULL, NULL, NULL, copy_entry, &c, &E), 42);
	assert_int_equal(c.n, 1);
}

static void test_org_generation(void **state)
{
	(void)state;
	add_org("k");
	add_org("other");
	int64_t g0 = -1, g1 = -1, o0 = -1, o1 = -1;
	OK(store_org_generation(st, "k", &g0, &E));
	OK(store_org_generation(st, "other", &o0, &E));
	OK(audit_record(st, "t", 1, "create", "node", "k", "x", NULL, "{}", &E));
	OK(store_org_generation(st, "k", &g1, &E));
	assert_true(g1 != g0);
	OK(store_org_generation(st, "other", &o1, &E));
	assert_int_equal(o1, o0); /* another organisation's write does not move it */
	OK(audit_record(st, "t", 2, "login", "user", NULL, "u", NULL, NULL, &E));
	OK(store_org_generation(st, "k", &g0, &E));
	assert_int_equal(g0, g1);
	OK(audit_record(st, "t", 3, "update", "node", "k", "x", "{}", "{}", &E));
	OK(store_org_generation(st, "k", &g0, &E));
	assert_true(g0 != g1);
	/* several entries in one transaction, one of them in an inner level rolled back: the head
	   follows the entries that stay, both organisations move */
	OK(store_org_generation(st, "other", &o0, &E));
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 4, "update", "node", "k", "x", "{}", "{}", &E));
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 5, "update", "node", "k", "x", "{}", "{}", &E));
	store_rollback(st);
	OK(audit_record(st, "t", 6, "update", "node", "k", "y", "{}", "{}", &E));
	OK(audit_record(st, "t", 7, "update", "node", "other", "y", "{}", "{}", &E));
	int64_t seq = 0;
	unsigned char head[32];
	OK(store_audit_head(st, &seq, head, &E));
	assert_int_equal(seq, 6); /* inside the transaction too */
	OK(store_commit(st, &E));
	OK(store_org_generation(st, "k", &g1, &E));
	assert_true(g1 > g0);
	OK(store_org_generation(st, "other", &o1, &E));
	assert_true(o1 > o0);
	/* a transaction rolled back moves neither */
	OK(store_begin(st, &E));
	OK(audit_record(st, "t", 8, "update", "node", "k", "x", "{}", "{}", &E));
	store_rollback(st);
	OK(store_org_generation(st, "k", &g0, &E));
	assert_int_equal(g0, g1);
	OK(store_audit_head(st, &seq, head, &E));
	assert_int_equal(seq, 6);
	json_t *summary;
	OK(audit_verify(st, &summary, &E));
	json_decref(summary);
}

/* ---------------------------------------------------------------- users and access */

static struct user_rec user(const char *name)
{
	return (struct user_rec){.name = name, .display_name = name, .pw_hash = "$argon2id$x", .created_ms = 1};
}

static void add_user(const char *name)
{
	struct user_rec u = user(name);
	OK(store_user_put(st, &u, NULL, &E));
}

static void test_users(void **state)
{
	(void)state;
	struct user_rec u = {.name = "åse", .display_name = "Åse Ørum", .pw_hash = "$argon2id$v=19$x",
			     .totp_secret = "JBSWY3DPEHPK3PXP", .admin = 1, .totp_enabled = 1, .must_change_pw = 1,
			     .disabled = 1, .failed_logins = 3, .totp_last_step = 12345, .locked_until_ms = 99,
			     .created_ms = 1700000000000, .home_org = "kommune-ø"};
	int64_t uid = 0, uid2 = 0;
	OK(store_user_put(st, &u, &uid, &E));
	assert_true(uid > 0);
	struct user_rec g;
	OK(store_user_get(st, "åse", &A, &g, &E));
	assert_int_equal(g.uid, uid);
	assert_string_equal(g.display_name, "Åse Ørum");
	assert_string_equal(g.pw_hash, u.pw_hash);
	assert_string_equal(g.totp_secret, u.totp_secret);
	assert_true(g.admin && g.totp_enabled && g.must_change_pw && g.disabled);
	assert_int_equal(g.failed_logins, 3);
	assert_int_equal(g.totp_last_step, 12345);
	assert_int_equal(g.locked_until_ms, 99);
	assert_int_equal(g.created_ms, 1700000000000);
	assert_string_equal(g.home_org, "kommune-ø");
	/* put updates by name and keeps the key and the creation time */
	struct user_rec v = user("åse");
	v.created_ms = 5;
	v.display_name = NULL; /* no display name reads back as "" */
	OK(store_user_put(st, &v, &uid2, &E));
	assert_int_equal(uid2, uid);
	OK(store_user_get_uid(st, uid, &A, &g, &E));
	assert_string_equal(g.name, "åse");
	assert_string_equal(g.display_name, "");
	assert_null(g.totp_secret);
	assert_null(g.home_org); /* cleared */
	assert_false(g.admin);
	assert_int_equal(g.created_ms, 1700000000000);
	add_user("bo");
	add_user("Zed");
	struct user_rec *l;
	size_t n;
	OK(store_user_list(st, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by name, bytewise */
	assert_string_equal(l[0].name, "Zed");
	assert_string_equal(l[1].name, "bo");
	assert_string_equal(l[2].name, "åse");
	FAILS(ERR_NOTFOUND, store_user_get(st, "nobody", &A, &g, &E));
	FAILS(ERR_NOTFOUND, store_user_get_uid(st, uid + 1000, &A, &g, &E));
}

/* Single sign-on's identity (migration 10): found by (issuer, subject), unique per pair. */
static void test_user_sso(void **state)
{
	(void)state;
	struct user_rec u = user("sso-anne");
	u.sso_issuer = "https://idp.example/realms/ø";
	u.sso_subject = "0a1b-æ";
	int64_t uid = 0;
	OK(store_user_put(st, &u, &uid, &E));
	add_user("bo"); /* no identity: never found by one */
	struct user_rec g;
	OK(store_user_get_sso(st, "https://idp.example/realms/ø", "0a1b-æ", &A, &g, &E));
	assert_int_equal(g.uid, uid);
	assert_string_equal(g.name, "sso-anne");
	assert_string_equal(g.sso_issuer, "https://idp.example/realms/ø");
	assert_string_equal(g.sso_subject, "0a1b-æ");
	OK(store_user_get(st, "bo", &A, &g, &E));
	assert_null(g.sso_issuer);
	assert_null(g.sso_subject);
	FAILS(ERR_NOTFOUND, store_user_get_sso(st, "https://idp.example/realms/ø", "0a1b-Æ", &A, &g, &E));
	FAILS(ERR_NOTFOUND, store_user_get_sso(st, "https://other.example", "0a1b-æ", &A, &g, &E));
	/* the same identity on a second user is refused */
	struct user_rec v = user("sso-bo");
	v.sso_issuer = u.sso_issuer;
	v.sso_subject = u.sso_subject;
	FAILS(ERR_CONFLICT, store_user_put(st, &v, NULL, &E));
	/* a membership granted by the mapping keeps its mark; a put by hand clears it */
	struct member_rec m = {.user = "sso-anne", .org = "k", .role = "isk", .sso = 1};
	OK(store_member_put(st, &m, &E));
	struct member_rec *l;
	size_t n;
	OK(store_member_list(st, "k", "sso-anne", &A, &l, &n, &E));
	assert_int_equal(n, 1);
	assert_int_equal(l[0].sso, 1);
	m.sso = 0;
	OK(store_member_put(st, &m, &E));
	OK(store_member_list(st, "k", "sso-anne", &A, &l, &n, &E));
	assert_int_equal(l[0].sso, 0);
}

static void test_members(void **state)
{
	(void)state;
	add_user("anne");
	add_user("bo");
	struct member_rec m = {.user = "anne", .org = "k", .role = "isk"};
	OK(store_member_put(st, &m, &E)); /* the organisation need not exist (store.h) */
	m.org = "a";
	m.role = "auditor";
	OK(store_member_put(st, &m, &E));
	m.user = "bo";
	OK(store_member_put(st, &m, &E));
	m.role = "admin"; /* put replaces the role */
	OK(store_member_put(st, &m, &E));
	m.user = "ghost";
	FAILS(ERR_NOTFOUND, store_member_put(st, &m, &E));
	struct member_rec *l;
	size_t n;
	OK(store_member_list(st, NULL, NULL, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by (org, user) */
	assert_true(!strcmp(l[0].org, "a") && !strcmp(l[0].user, "anne") && !strcmp(l[0].role, "auditor"));
	assert_true(!strcmp(l[1].org, "a") && !strcmp(l[1].user, "bo") && !strcmp(l[1].role, "admin"));
	assert_true(!strcmp(l[2].org, "k") && !strcmp(l[2].user, "anne"));
	OK(store_member_list(st, "a", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 2);
	OK(store_member_list(st, NULL, "anne", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	OK(store_member_list(st, "k", "bo", &A, &l, &n, &E));
	assert_int_equal(n, 0);
	OK(store_member_delete(st, "a", "bo", &E));
	FAILS(ERR_NOTFOUND, store_member_delete(st, "a", "bo", &E));
	OK(store_member_list(st, "a", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 1);
}

static void test_sessions(void **state)
{
	(void)state;
	add_user("anne");
	add_user("bo");
	struct user_rec u;
	OK(store_user_get(st, "anne", &A, &u, &E));
	struct session_rec s = {.uid = u.uid, .csrf = "csrf-æ", .created_ms = 10, .expires_ms = 20, .last_seen_ms = 11};
	memcpy(s.hash, H(1), 32);
	OK(store_session_put(st, &s, &E));
	FAILS(ERR_CONFLICT, store_session_put(st, &s, &E)); /* one session per hash */
	memcpy(s.hash, H(2), 32);
	OK(store_session_put(st, &s, &E));
	struct user_rec b;
	OK(store_user_get(st, "bo", &A, &b, &E));
	s.uid = b.uid;
	memcpy(s.hash, H(3), 32);
	OK(store_session_put(st, &s, &E));
	struct session_rec g;
	OK(store_session_get(st, H(1), &A, &g, &E));
	assert_memory_equal(g.hash, H(1), 32);
	assert_int_equal(g.uid, u.uid);
	assert_string_equal(g.csrf, "csrf-æ");
	assert_int_equal(g.created_ms, 10);
	assert_int_equal(g.expires_ms, 20);
	assert_int_equal(g.last_seen_ms, 11);
	OK(store_session_touch(st, H(1), 15, &E));
	OK(store_session_get(st, H(1), &A, &g, &E));
	assert_int_equal(g.last_seen_ms, 15);
	assert_int_equal(g.expires_ms, 20);
	FAILS(ERR_NOTFOUND, store_session_get(st, H(9), &A, &g, &E));
	/* touching or ending a session that is not there is no error (a logout twice) */
	OK(store_session_touch(st, H(9), 15, &E));
	OK(store_session_delete(st, H(9), &E));
	OK(store_session_delete(st, H(1), &E));
	FAILS(ERR_NOTFOUND, store_session_get(st, H(1), &A, &g, &E));
	OK(store_session_delete_user(st, u.uid, &E)); /* anne's other session */
	FAILS(ERR_NOTFOUND, store_session_get(st, H(2), &A, &g, &E));
	OK(store_session_get(st, H(3), &A, &g, &E)); /* bo's stays */
}

static void test_tokens(void **state)
{
	(void)state;
	add_user("anne");
	add_user("bo");
	struct token_rec t = {.name = "rapport-æ", .user = "anne", .org = "k", .role = "auditor", .created_ms = 100,
			      .expires_ms = 0};
	memcpy(t.hash, H(1), 32);
	int64_t id1 = 0, id2 = 0, id3 = 0;
	OK(store_token_add(st, &t, &id1, &E));
	FAILS(ERR_CONFLICT, store_token_add(st, &t, NULL, &E)); /* one token per hash */
	memcpy(t.hash, H(2), 32);
	t.expires_ms = 500;
	t.org = "other";
	OK(store_token_add(st, &t, &id2, &E));
	memcpy(t.hash, H(3), 32);
	t.user = "bo";
	t.org = "k";
	OK(store_token_add(st, &t, &id3, &E));
	assert_true(id1 > 0 && id2 > id1 && id3 > id2);
	t.user = "ghost";
	memcpy(t.hash, H(4), 32);
	FAILS(ERR_NOTFOUND, store_token_add(st, &t, NULL, &E));
	struct token_rec g;
	OK(store_token_get(st, H(1), &A, &g, &E));
	assert_int_equal(g.id, id1);
	assert_memory_equal(g.hash, H(1), 32);
	assert_string_equal(g.name, "rapport-æ");
	assert_string_equal(g.user, "anne");
	assert_string_equal(g.org, "k");
	assert_string_equal(g.role, "auditor");
	assert_int_equal(g.created_ms, 100);
	assert_int_equal(g.expires_ms, 0); /* 0: none */
	assert_int_equal(g.revoked_ms, 0);
	assert_int_equal(g.last_used_ms, 0);
	OK(store_token_get(st, H(2), &A, &g, &E));
	assert_int_equal(g.expires_ms, 500);
	FAILS(ERR_NOTFOUND, store_token_get(st, H(9), &A, &g, &E));
	struct token_rec *l;
	size_t n;
	OK(store_token_list(st, NULL, NULL, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by id */
	assert_int_equal(l[0].id, id1);
	assert_int_equal(l[2].id, id3);
	OK(store_token_list(st, "anne", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 2);
	OK(store_token_list(st, NULL, "k", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	OK(store_token_list(st, "bo", "k", &A, &l, &n, &E));
	assert_int_equal(n, 1);
	FAILS(ERR_NOTFOUND, store_token_revoke(st, "other", id1, 700, &E)); /* not that organisation's */
	OK(store_token_revoke(st, "k", id1, 700, &E));
	OK(store_token_get(st, H(1), &A, &g, &E));
	assert_int_equal(g.revoked_ms, 700);
	FAILS(ERR_NOTFOUND, store_token_revoke(st, "k", id1, 800, &E)); /* no longer live */
	FAILS(ERR_NOTFOUND, store_token_revoke(st, "k", id3 + 100, 800, &E));
}

/*
 * A server's watch (store_watch; on PostgreSQL pgwatch.h keeps the
 * generations and callers in memory): while it runs, what another
 * connection (another server, the CLI) commits is read at once all the
 * same — a write's generation, a revoked token, a changed role, a disabled
 * user, an ended session — first while the watch may still be connecting,
 * then once it surely is.  After store_watch_stop the database answers.
 */
static void test_watch(void **state)
{
	(void)state;
	add_org("k");
	add_user("anne");
	struct member_rec m = {.user = "anne", .org = "k", .role = "editor"};
	OK(store_member_put(st, &m, &E));
	struct user_rec u;
	OK(store_user_get(st, "anne", &A, &u, &E));
	store_watch(test_url);
	struct store *other = NULL;
	OK(store_open(test_url, &other, &E));
	struct caller_rec *c;
	size_t n;
	for (int round = 0; round < 2; round++) {
		if (round)
			usleep(500 * 1000); /* the watch connects within 200 ms of a start */
		struct session_rec s = {.uid = u.uid, .csrf = "c", .created_ms = 10, .expires_ms = 9000000000000,
					.last_seen_ms = 11};
		memcpy(s.hash, H(10 + round), 32);
		OK(store_session_put(st, &s, &E));
		struct token_rec t = {.name = round ? "t1" : "t0", .user = "anne", .org = "k", .role = "reader",
				      .created_ms = 100};
		memcpy(t.hash, H(20 + round), 32);
		int64_t tid;
		OK(store_token_add(st, &t, &tid, &E));
		for (int i = 0; i < 3; i++) { /* read, and kept */
			OK(store_caller_get(st, true, H(20 + round), &A, &c, &n, &E));
			assert_int_equal(c[0].revoked_ms, 0);
			OK(store_caller_get(st, false, H(10 + round), &A, &c, &n, &E));
			assert_string_equal(c[0].role, "editor");
		}
		int64_t g0, g1, gc;
		OK(store_org_generation(st, "k", &g0, &E));
		OK(audit_record(other, "t", 1, "update", "node", "k", "x", "{}", "{}", &E));
		OK(store_org_generation(st, "k", &g1, &E));
		assert_true(g1 > g0); /* the other connection's write, at once */
		OK(store_caller_get(st, true, H(20 + round), &A, &c, &n, &E));
		assert_int_equal(c[0].gen, g1); /* a kept caller carries the generation as it is now */
		OK(store_token_revoke(other, "k", tid, 700, &E));
		OK(store_caller_get(st, true, H(20 + round), &A, &c, &n, &E));
		assert_int_equal(c[0].revoked_ms, 700);
		m.role = "reader";
		OK(store_member_put(other, &m, &E));
		OK(store_caller_get(st, false, H(10 + round), &A, &c, &n, &E));
		assert_string_equal(c[0].role, "reader");
		m.role = "editor";
		OK(store_member_put(other, &m, &E));
		OK(store_caller_get(st, false, H(10 + round), &A, &c, &n, &E));
		assert_string_equal(c[0].role, "editor");
		OK(store_session_delete(other, H(10 + round), &E));
		FAILS(ERR_NOTFOUND, store_caller_get(st, false, H(10 + round), &A, &c, &n, &E));
		OK(audit_record(other, "t", 2, "update", "node", "k", "x", "{}", "{}", &E));
		OK(store_org_generation(st, "k", &gc, &E));
		assert_true(gc > g1);
	}
	store_watch_stop();
	int64_t g2, g3;
	OK(store_org_generation(st, "k", &g2, &E));
	OK(audit_record(other, "t", 3, "update", "node", "k", "x", "{}", "{}", &E));
	OK(store_org_generation(st, "k", &g3, &E));
	assert_true(g3 > g2);
	store_close(other);
}

/* Who a request acts as, in one read: the session or token, its user, its roles and their generations. */
static void test_caller(void **state)
{
	(void)state;
	add_org("a");
	add_org("k");
	add_user("anne");
	add_user("bo");
	struct member_rec m = {.user = "anne", .org = "k", .role = "editor"};
	OK(store_member_put(st, &m, &E));
	m.org = "a";
	m.role = "reader";
	OK(store_member_put(st, &m, &E));
	OK(audit_record(st, "t", 1, "create", "node", "k", "x", NULL, "{}", &E));
	OK(audit_record(st, "t", 2, "update", "node", "k", "x", "{}", "{}", &E));
	int64_t gen_a, gen_k;
	OK(store_org_generation(st, "a", &gen_a, &E));
	OK(store_org_generation(st, "k", &gen_k, &E));
	assert_true(gen_k != gen_a);
	struct user_rec u, b;
	OK(store_user_get(st, "anne", &A, &u, &E));
	OK(store_user_get(st, "bo", &A, &b, &E));
	struct session_rec s = {.uid = u.uid, .csrf = "csrf-æ", .created_ms = 10, .expires_ms = 20, .last_seen_ms = 11};
	memcpy(s.hash, H(1), 32);
	OK(store_session_put(st, &s, &E));
	s.uid = b.uid;
	memcpy(s.hash, H(2), 32);
	OK(store_session_put(st, &s, &E));
	struct caller_rec *c;
	size_t n;
	/* anne's session: both roles in organisation order, each with its generation */
	OK(store_caller_get(st, false, H(1), &A, &c, &n, &E));
	assert_int_equal(n, 2);
	assert_int_equal(c[0].uid, u.uid);
	assert_string_equal(c[0].user, "anne");
	assert_string_equal(c[0].csrf, "csrf-æ");
	assert_int_equal(c[0].created_ms, 10);
	assert_int_equal(c[0].expires_ms, 20);
	assert_int_equal(c[0].last_seen_ms, 11);
	assert_int_equal(c[0].tid, 0);
	assert_null(c[0].token_org);
	assert_int_equal(c[0].admin, 0);
	assert_int_equal(c[0].disabled, 0);
	assert_string_equal(c[0].org, "a");
	assert_string_equal(c[0].role, "reader");
	assert_int_equal(c[0].gen, gen_a);
	assert_string_equal(c[1].org, "k");
	assert_string_equal(c[1].role, "editor");
	assert_int_equal(c[1].gen, gen_k);
	/* bo holds no role: one record without one */
	OK(store_caller_get(st, false, H(2), &A, &c, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(c[0].user, "bo");
	assert_null(c[0].org);
	FAILS(ERR_NOTFOUND, store_caller_get(st, false, H(9), &A, &c, &n, &E));
	/* a token: only its own organisation's role of its user */
	struct token_rec t = {.name = "rapport", .user = "anne", .org = "k", .role = "reader", .created_ms = 100,
			      .expires_ms = 500};
	memcpy(t.hash, H(3), 32);
	int64_t tid;
	OK(store_token_add(st, &t, &tid, &E));
	t.org = "other";
	memcpy(t.hash, H(4), 32);
	OK(store_token_add(st, &t, NULL, &E));
	OK(store_caller_get(st, true, H(3), &A, &c, &n, &E));
	assert_int_equal(n, 1);
	assert_int_equal(c[0].tid, tid);
	assert_string_equal(c[0].token_org, "k");
	assert_string_equal(c[0].token_role, "reader");
	assert_int_equal(c[0].expires_ms, 500);
	assert_int_equal(c[0].revoked_ms, 0);
	assert_null(c[0].csrf);
	assert_string_equal(c[0].user, "anne");
	assert_string_equal(c[0].org, "k");
	assert_string_equal(c[0].role, "editor");
	assert_int_equal(c[0].gen, gen_k);
	OK(store_token_revoke(st, "k", tid, 700, &E));
	OK(store_caller_get(st, true, H(3), &A, &c, &n, &E));
	assert_int_equal(c[0].revoked_ms, 700);
	/* the user holds no role where the token was made */
	OK(store_caller_get(st, true, H(4), &A, &c, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(c[0].token_org, "other");
	assert_null(c[0].org);
	FAILS(ERR_NOTFOUND, store_caller_get(st, true, H(1), &A, &c, &n, &E)); /* a session's hash is no token */
	/* a scoped store may not ask */
	struct store_grant g = {"k", STORE_GRANT_READ};
	struct store_scope sc = {&g, 1};
	store_scope_set(st, &sc);
	assert_int_not_equal(store_caller_get(st, false, H(1), &A, &c, &n, &E), 0);
	store_scope_set(st, NULL);
}

/* ---------------------------------------------------------------- the sector forum */

static void test_forums(void **state)
{
	(void)state;
	struct forum_rec f = {.id = "fsor", .name = "Sektorforum for øget robusthed", .secretariat = "nb",
			      .settings = "{\"min_group\":5}", .created_ms = 77};
	OK(store_forum_put(st, &f, &E));
	struct forum_rec f2 = {.id = "alpha", .name = "A", .secretariat = "x", .settings = "{}", .created_ms = 1};
	OK(store_forum_put(st, &f2, &E));
	struct forum_rec *l;
	size_t n;
	OK(store_forum_list(st, NULL, &A, &l, &n, &E));
	assert_int_equal(n, 2); /* by id */
	assert_string_equal(l[0].id, "alpha");
	assert_string_equal(l[1].id, "fsor");
	OK(store_forum_list(st, "fsor", &A, &l, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(l[0].name, "Sektorforum for øget robusthed");
	assert_string_equal(l[0].secretariat, "nb");
	assert_string_equal(l[0].settings, "{\"min_group\":5}");
	assert_int_equal(l[0].created_ms, 77);
	OK(store_forum_list(st, "nope", &A, &l, &n, &E));
	assert_int_equal(n, 0); /* not ERR_NOTFOUND */
	f.name = "Nyt navn"; /* put replaces, keeps created_ms */
	f.created_ms = 999;
	OK(store_forum_put(st, &f, &E));
	OK(store_forum_list(st, "fsor", &A, &l, &n, &E));
	assert_string_equal(l[0].name, "Nyt navn");
	assert_int_equal(l[0].created_ms, 77);
	OK(store_forum_settings_put(st, "fsor", "nb", "{\"min_group\":7}", &E));
	OK(store_forum_list(st, "fsor", &A, &l, &n, &E));
	assert_string_equal(l[0].settings, "{\"min_group\":7}");
	FAILS(ERR_NOTFOUND, store_forum_settings_put(st, "nope", "nb", "{}", &E));
	OK(store_forum_delete(st, "alpha", &E));
	FAILS(ERR_NOTFOUND, store_forum_delete(st, "alpha", &E));
}

static void add_forum(const char *id, const char *secretariat)
{
	struct forum_rec f = {.id = id, .name = id, .secretariat = secretariat, .settings = "{}", .created_ms = 1};
	OK(store_forum_put(st, &f, &E));
}

static void test_forum_members(void **state)
{
	(void)state;
	add_forum("f", "nb");
	add_forum("g", "nb");
	struct fmember_rec m = {.forum = "f", .org = "bank-ø", .category = "bank", .status = "active",
				.invited_by = "Søs", .assets = 12345.75, .invited_ms = 10, .joined_ms = 20,
				.left_ms = 0};
	OK(store_fmember_put(st, &m, &E));
	struct fmember_rec m2 = {.forum = "f", .org = "a-bank", .category = "bank", .status = "invited",
				 .invited_by = "x", .invited_ms = 5};
	OK(store_fmember_put(st, &m2, &E));
	m2.forum = "g";
	OK(store_fmember_put(st, &m2, &E));
	struct fmember_rec *l;
	size_t n;
	OK(store_fmember_list(st, "f", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 2); /* by (forum, org) */
	assert_string_equal(l[0].org, "a-bank");
	assert_int_equal(l[0].joined_ms, 0);
	assert_int_equal(l[0].left_ms, 0);
	assert_string_equal(l[1].org, "bank-ø");
	assert_string_equal(l[1].category, "bank");
	assert_string_equal(l[1].status, "active");
	assert_string_equal(l[1].invited_by, "Søs");
	assert_true(l[1].assets == 12345.75);
	assert_int_equal(l[1].invited_ms, 10);
	assert_int_equal(l[1].joined_ms, 20);
	OK(store_fmember_list(st, NULL, "a-bank", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	assert_string_equal(l[0].forum, "f");
	OK(store_fmember_list(st, "g", "bank-ø", &A, &l, &n, &E));
	assert_int_equal(n, 0);
	m.status = "left"; /* put replaces */
	m.left_ms = 30;
	OK(store_fmember_put(st, &m, &E));
	OK(store_fmember_list(st, "f", "bank-ø", &A, &l, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(l[0].status, "left");
	assert_int_equal(l[0].left_ms, 30);
	m.forum = "ghost";
	FAILS(ERR_CONFLICT, store_fmember_put(st, &m, &E)); /* no such forum */
}

static void test_forum_shares(void **state)
{
	(void)state;
	add_forum("f", "nb");
	struct fshare_rec s = {.forum = "f", .org = "b", .id = "s2", .kind = "node", .target = "dc-ø", .filter = NULL,
			       .tlp = "AMBER", .recipients = "[\"c\"]", .created_ms = 5, .by = "Åge"};
	OK(store_fshare_put(st, &s, &E));
	struct fshare_rec s1 = {.forum = "f", .org = "b", .id = "s1", .kind = "incident", .target = NULL,
				.filter = "{\"status\":\"open\"}", .tlp = "GREEN", .recipients = "[]", .created_ms = 9,
				.by = "x"};
	OK(store_fshare_put(st, &s1, &E));
	s1.org = "a";
	OK(store_fshare_put(st, &s1, &E));
	struct fshare_rec *l;
	size_t n;
	OK(store_fshare_list(st, "f", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* by (org, id) */
	assert_true(!strcmp(l[0].org, "a") && !strcmp(l[0].id, "s1"));
	assert_true(!strcmp(l[1].org, "b") && !strcmp(l[1].id, "s1"));
	assert_true(!strcmp(l[2].org, "b") && !strcmp(l[2].id, "s2"));
	assert_null(l[1].target);
	assert_string_equal(l[1].filter, "{\"status\":\"open\"}");
	assert_string_equal(l[2].kind, "node");
	assert_string_equal(l[2].target, "dc-ø");
	assert_null(l[2].filter);
	assert_string_equal(l[2].tlp, "AMBER");
	assert_string_equal(l[2].recipients, "[\"c\"]");
	assert_int_equal(l[2].created_ms, 5);
	assert_string_equal(l[2].by, "Åge");
	OK(store_fshare_list(st, "f", "b", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	s.tlp = "RED"; /* put replaces */
	OK(store_fshare_put(st, &s, &E));
	OK(store_fshare_list(st, "f", "b", &A, &l, &n, &E));
	assert_string_equal(l[1].tlp, "RED");
	OK(store_fshare_delete(st, "f", "b", "s2", &E));
	FAILS(ERR_NOTFOUND, store_fshare_delete(st, "f", "b", "s2", &E));
	FAILS(ERR_NOTFOUND, store_fshare_delete(st, "f", "a", "s2", &E));
	s.forum = "ghost";
	FAILS(ERR_CONFLICT, store_fshare_put(st, &s, &E));
}

static void test_forum_items(void **state)
{
	(void)state;
	add_forum("f", "nb");
	struct fitem_rec crisis = {.forum = "f", .kind = "crisis", .id = "k1", .owner = "nb", .parent = NULL,
				   .tlp = "AMBER", .recipients = "[]", .body = "{\"titel\":\"Strømsvigt i Øst\"}",
				   .created_ms = 10, .updated_ms = 11, .by = "Åse", .version = 1};
	OK(store_fitem_put(st, &crisis, &E));
	struct fitem_rec r2 = {.forum = "f", .kind = "status", .id = "s-b", .owner = "bank", .parent = "k1",
			       .tlp = "GREEN", .recipients = "[]", .body = "{}", .created_ms = 30, .updated_ms = 30,
			       .by = "x", .version = 1};
	OK(store_fitem_put(st, &r2, &E));
	r2.id = "s-c";
	r2.created_ms = 20;
	OK(store_fitem_put(st, &r2, &E));
	r2.id = "s-a";
	r2.created_ms = 30;
	r2.parent = "other";
	OK(store_fitem_put(st, &r2, &E));
	struct fitem_rec g;
	OK(store_fitem_get(st, "f", "crisis", "k1", &A, &g, &E));
	assert_string_equal(g.forum, "f");
	assert_string_equal(g.kind, "crisis");
	assert_string_equal(g.owner, "nb");
	assert_null(g.parent);
	assert_string_equal(g.tlp, "AMBER");
	assert_string_equal(g.recipients, "[]");
	assert_string_equal(g.body, crisis.body);
	assert_int_equal(g.created_ms, 10);
	assert_int_equal(g.updated_ms, 11);
	assert_string_equal(g.by, "Åse");
	assert_int_equal(g.version, 1);
	FAILS(ERR_NOTFOUND, store_fitem_get(st, "f", "status", "k1", &A, &g, &E)); /* kind is part of the key */
	struct fitem_rec *l;
	size_t n;
	OK(store_fitem_list(st, "f", "status", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 3); /* in creation order, then id */
	assert_string_equal(l[0].id, "s-c");
	assert_string_equal(l[1].id, "s-a");
	assert_string_equal(l[2].id, "s-b");
	OK(store_fitem_list(st, "f", "status", "k1", &A, &l, &n, &E));
	assert_int_equal(n, 2);
	crisis.version = 2; /* put replaces */
	crisis.body = "{}";
	OK(store_fitem_put(st, &crisis, &E));
	OK(store_fitem_get(st, "f", "crisis", "k1", &A, &g, &E));
	assert_int_equal(g.version, 2);
	assert_string_equal(g.body, "{}");
	OK(store_fitem_delete(st, "f", "status", "s-a", &E));
	FAILS(ERR_NOTFOUND, store_fitem_delete(st, "f", "status", "s-a", &E));
	crisis.forum = "ghost";
	FAILS(ERR_CONFLICT, store_fitem_put(st, &crisis, &E));
	/* deleting a forum takes its members, shares and records */
	struct fmember_rec m = {.forum = "f", .org = "bank", .category = "bank", .status = "active",
				.invited_by = "x", .invited_ms = 1};
	OK(store_fmember_put(st, &m, &E));
	struct fshare_rec s = {.forum = "f", .org = "bank", .id = "s", .kind = "node", .target = "n", .tlp = "GREEN",
			       .recipients = "[]", .created_ms = 1, .by = "x"};
	OK(store_fshare_put(st, &s, &E));
	OK(store_forum_delete(st, "f", &E));
	add_forum("f", "nb");
	OK(store_fitem_list(st, "f", "status", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 0);
	struct fmember_rec *ml;
	OK(store_fmember_list(st, "f", NULL, &A, &ml, &n, &E));
	assert_int_equal(n, 0);
	struct fshare_rec *sl;
	OK(store_fshare_list(st, "f", NULL, &A, &sl, &n, &E));
	assert_int_equal(n, 0);
}

/* ---------------------------------------------------------------- deleting and purging an organisation */

static void test_org_delete_cascade(void **state)
{
	(void)state;
	add_everything("k");
	add_everything("keep");
	add_user("anne");
	struct member_rec mem = {.user = "anne", .org = "k", .role = "isk"};
	OK(store_member_put(st, &mem, &E));
	OK(store_org_delete(st, "k", &E));
	add_org("k"); /* the same id again starts empty: nothing of the old one is left */
	size_t n;
	struct node *nl;
	OK(store_node_list(st, "k", &A, &nl, &n, &E));
	assert_int_equal(n, 0);
	struct edge *el;
	OK(store_edge_list(st, "k", &A, &el, &n, &E));
	assert_int_equal(n, 0);
	struct threat *tl;
	OK(store_threat_list(st, "k", &A, &tl, &n, &E));
	assert_int_equal(n, 0);
	struct risk *rl;
	OK(store_risk_list(st, "k", &A, &rl, &n, &E));
	assert_int_equal(n, 0);
	struct measure *ml;
	OK(store_measure_list(st, "k", &A, &ml, &n, &E));
	assert_int_equal(n, 0);
	struct change *cl;
	OK(store_change_list(st, "k", &A, &cl, &n, &E));
	assert_int_equal(n, 0);
	struct incident_rec *il;
	OK(store_incident_list(st, "k", &A, &il, &n, &E));
	assert_int_equal(n, 0);
	struct incident_node_ref *refs;
	OK(store_incident_nodes(st, "k", &A, &refs, &n, &E));
	assert_int_equal(n, 0);
	struct submission_rec *sl;
	OK(store_submission_list(st, "k", NULL, &A, &sl, &n, &E));
	assert_int_equal(n, 0);
	struct incident_event *evl;
	OK(store_incident_event_list(st, "k", "i1", &A, &evl, &n, &E));
	assert_int_equal(n, 0);
	struct matrix_version *mvl;
	OK(store_matrix_list(st, "k", &A, &mvl, &n, &E));
	assert_int_equal(n, 0);
	const char *json = "x";
	OK(store_table_get(st, "k", "appetite", &A, &json, &E));
	assert_null(json);
	/* memberships outlive the organisation (an import rewrites it); the other organisation is whole */
	struct member_rec *mbl;
	OK(store_member_list(st, "k", NULL, &A, &mbl, &n, &E));
	assert_int_equal(n, 1);
	OK(store_node_list(st, "keep", &A, &nl, &n, &E));
	assert_int_equal(n, 2);
	OK(store_incident_event_list(st, "keep", "i1", &A, &evl, &n, &E));
	assert_int_equal(n, 1);
}

static void test_org_access_purge(void **state)
{
	(void)state;
	add_user("anne");
	const char *orgs[] = {"gone", "keep"};
	for (int i = 0; i < 2; i++) {
		const char *o = orgs[i];
		struct member_rec m = {.user = "anne", .org = o, .role = "isk"};
		OK(store_member_put(st, &m, &E));
		struct token_rec t = {.name = "t", .user = "anne", .org = o, .role = "isk", .created_ms = 1};
		memcpy(t.hash, H(10 + i), 32);
		OK(store_token_add(st, &t, NULL, &E));
		add_forum(o, o); /* a forum each runs */
	}
	add_forum("shared", "keep");
	for (int i = 0; i < 2; i++) {
		const char *o = orgs[i];
		struct fmember_rec fm = {.forum = "shared", .org = o, .category = "bank", .status = "active",
					 .invited_by = "x", .invited_ms = 1};
		OK(store_fmember_put(st, &fm, &E));
		struct fshare_rec fs = {.forum = "shared", .org = o, .id = "s", .kind = "node", .target = "n",
					.tlp = "GREEN", .recipients = "[]", .created_ms = 1, .by = "x"};
		OK(store_fshare_put(st, &fs, &E));
		struct fitem_rec fi = {.forum = "shared", .kind = "status", .id = o, .owner = o, .tlp = "GREEN",
				       .recipients = "[]", .body = "{}", .created_ms = 1, .updated_ms = 1, .by = "x",
				       .version = 1};
		OK(store_fitem_put(st, &fi, &E));
	}
	OK(store_org_access_purge(st, "gone", &E));
	size_t n;
	struct member_rec *ml;
	OK(store_member_list(st, NULL, "anne", &A, &ml, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(ml[0].org, "keep");
	struct token_rec *tl;
	OK(store_token_list(st, "anne", NULL, &A, &tl, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(tl[0].org, "keep");
	struct forum_rec *fl;
	OK(store_forum_list(st, NULL, &A, &fl, &n, &E));
	assert_int_equal(n, 2); /* the forum "gone" ran is gone */
	assert_string_equal(fl[0].id, "keep");
	assert_string_equal(fl[1].id, "shared");
	struct fmember_rec *fml;
	OK(store_fmember_list(st, "shared", NULL, &A, &fml, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(fml[0].org, "keep");
	struct fshare_rec *fsl;
	OK(store_fshare_list(st, "shared", NULL, &A, &fsl, &n, &E));
	assert_int_equal(n, 1);
	struct fitem_rec *fil;
	OK(store_fitem_list(st, "shared", "status", NULL, &A, &fil, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(fil[0].owner, "keep");
}

/* ---------------------------------------------------------------- tenancy */

/* Every call naming organisation b answers exactly as for an organisation that does not exist. */
static void assert_b_invisible(void)
{
	struct org o;
	const char *json;
	size_t n;
	void *l;
	struct node nd;
	struct edge ed;
	struct threat th;
	struct risk rk;
	struct measure ms;
	struct change ch;
	struct incident_rec ir;
	int64_t gen;
	size_t cnt = 0;
	FAILS(ERR_NOTFOUND, store_org_get(st, "b", &A, &o, &E));
	FAILS(ERR_NOTFOUND, store_table_get(st, "b", "appetite", &A, &json, &E));
	FAILS(ERR_NOTFOUND, store_matrix_list(st, "b", &A, (struct matrix_version **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_node_get(st, "b", "n1", &A, &nd, &E));
	FAILS(ERR_NOTFOUND, store_node_list(st, "b", &A, (struct node **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_node_ids(st, "b", count_id, &cnt, &E));
	FAILS(ERR_NOTFOUND, store_edge_get(st, "b", "n2", "n1", &A, &ed, &E));
	FAILS(ERR_NOTFOUND, store_edge_list(st, "b", &A, (struct edge **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_threat_get(st, "b", "t1", &A, &th, &E));
	FAILS(ERR_NOTFOUND, store_threat_list(st, "b", &A, (struct threat **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_risk_get(st, "b", "r1", &A, &rk, &E));
	FAILS(ERR_NOTFOUND, store_risk_list(st, "b", &A, (struct risk **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_measure_get(st, "b", "m1", &A, &ms, &E));
	FAILS(ERR_NOTFOUND, store_measure_list(st, "b", &A, (struct measure **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_change_get(st, "b", "c1", &A, &ch, &E));
	FAILS(ERR_NOTFOUND, store_change_list(st, "b", &A, (struct change **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_incident_get(st, "b", "i1", &A, &ir, &E));
	FAILS(ERR_NOTFOUND, store_incident_list(st, "b", &A, (struct incident_rec **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_incident_nodes(st, "b", &A, (struct incident_node_ref **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_submission_list(st, "b", NULL, &A, (struct submission_rec **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_incident_event_list(st, "b", "i1", &A, (struct incident_event **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_org_generation(st, "b", &gen, &E));
	FAILS(ERR_NOTFOUND, store_member_list(st, "b", NULL, &A, (struct member_rec **)&l, &n, &E));
	FAILS(ERR_NOTFOUND, store_token_list(st, NULL, "b", &A, (struct token_rec **)&l, &n, &E));
	/* writes */
	struct org ob = org_of("b");
	FAILS(ERR_NOTFOUND, store_org_put(st, &ob, &E));
	FAILS(ERR_NOTFOUND, store_org_delete(st, "b", &E));
	FAILS(ERR_NOTFOUND, store_table_put(st, "b", "x", "{}", &E));
	struct matrix_version mv = {.version = 2, .created_on = D("2026-01-01"), .cells = "[]"};
	FAILS(ERR_NOTFOUND, store_matrix_add(st, "b", &mv, &E));
	struct node nn = node("n9", NODE_SYSTEM);
	FAILS(ERR_NOTFOUND, store_node_put(st, "b", &nn, &E));
	FAILS(ERR_NOTFOUND, store_node_delete(st, "b", "n2", &E));
	struct edge ee = {.from = "n1", .to = "n2"};
	FAILS(ERR_NOTFOUND, store_edge_put(st, "b", &ee, &E));
	FAILS(ERR_NOTFOUND, store_edge_delete(st, "b", "n2", "n1", &E));
	struct threat tt = {.id = "t9", .name = "t", .level_date = DATE_NONE};
	FAILS(ERR_NOTFOUND, store_threat_put(st, "b", &tt, &E));
	FAILS(ERR_NOTFOUND, store_threat_delete(st, "b", "t1", &E));
	struct risk rr = risk_min("r9", "n1", "t1");
	FAILS(ERR_NOTFOUND, store_risk_put(st, "b", &rr, &E));
	FAILS(ERR_NOTFOUND, store_risk_delete(st, "b", "r1", &E));
	struct measure mm = {.id = "m9", .risk = "r1", .title = "m", .due = DATE_NONE, .effect_evaluated_on = DATE_NONE};
	FAILS(ERR_NOTFOUND, store_measure_put(st, "b", &mm, &E));
	FAILS(ERR_NOTFOUND, store_measure_delete(st, "b", "m1", &E));
	struct change cc = {.id = "c9", .node = "n1", .date = D("2026-01-01")};
	FAILS(ERR_NOTFOUND, store_change_put(st, "b", &cc, &E));
	FAILS(ERR_NOTFOUND, store_change_delete(st, "b", "c1", &E));
	struct incident_rec ii = {.id = "i9", .title = "i", .status = "open", .doc = "{}"};
	FAILS(ERR_NOTFOUND, store_incident_put(st, "b", &ii, &E));
	struct submission_rec ss = {.incident = "i1", .regime = "r", .report = "r", .doc = "{}"};
	FAILS(ERR_NOTFOUND, store_submission_add(st, "b", &ss, &E));
	struct incident_event ev = {.incident = "i1", .actor = "a", .kind = "k"};
	FAILS(ERR_NOTFOUND, store_incident_event_add(st, "b", &ev, &E));
	struct member_rec m = {.user = "anne", .org = "b", .role = "isk"};
	FAILS(ERR_NOTFOUND, store_member_put(st, &m, &E));
	FAILS(ERR_NOTFOUND, store_member_delete(st, "b", "anne", &E));
	FAILS(ERR_NOTFOUND, store_org_access_purge(st, "b", &E));
	struct token_rec t = {.name = "t", .user = "anne", .org = "b", .role = "isk", .created_ms = 1};
	memcpy(t.hash, H(50), 32);
	FAILS(ERR_NOTFOUND, store_token_add(st, &t, NULL, &E));
	FAILS(ERR_NOTFOUND, store_token_revoke(st, "b", 1, 5, &E));
	struct forum_rec f = {.id = "fb", .name = "f", .secretariat = "b", .settings = "{}"};
	FAILS(ERR_NOTFOUND, store_forum_put(st, &f, &E));
	FAILS(ERR_NOTFOUND, store_forum_settings_put(st, "fb", "b", "{}", &E));
	struct fshare_rec fs = {.forum = "f", .org = "b", .id = "s", .kind = "node", .tlp = "GREEN", .recipients = "[]",
				.by = "x"};
	FAILS(ERR_NOTFOUND, store_fshare_put(st, &fs, &E));
	FAILS(ERR_NOTFOUND, store_fshare_delete(st, "f", "b", "s", &E));
	struct fitem_rec fi = {.forum = "f", .kind = "status", .id = "x", .owner = "b", .tlp = "GREEN",
			       .recipients = "[]", .body = "{}", .by = "x", .version = 1};
	FAILS(ERR_NOTFOUND, store_fitem_put(st, &fi, &E));
}

static int count_org(void *ctx, const struct audit_entry *x)
{
	assert_true(x->org == NULL || strcmp(x->org, "b") != 0);
	(*(int *)ctx)++;
	return 0;
}

/* Organisations a and b with everything, user anne with a token in b, an audit entry of each. */
static void add_two_orgs(void)
{
	add_everything("a");
	add_everything("b");
	add_user("anne");
	struct token_rec t = {.name = "t", .user = "anne", .org = "b", .role = "isk", .created_ms = 1};
	memcpy(t.hash, H(1), 32);
	OK(store_token_add(st, &t, NULL, &E));
	OK(audit_record(st, "t", 1, "create", "node", "a", "n1", NULL, "{}", &E));
	OK(audit_record(st, "t", 2, "create", "node", "b", "n1", NULL, "{}", &E));
}

static void test_scope(void **state)
{
	(void)state;
	add_two_orgs();
	struct token_rec t = {.name = "t", .user = "anne", .org = "a", .role = "isk", .created_ms = 1};
	memcpy(t.hash, H(2), 32);
	OK(store_token_add(st, &t, NULL, &E));
	struct member_rec mb = {.user = "anne", .org = "b", .role = "isk"};
	OK(store_member_put(st, &mb, &E));
	OK(audit_record(st, "t", 3, "login", "user", NULL, "anne", NULL, NULL, &E));
	add_forum("f", "a");

	assert_null(store_scope_get(st));
	assert_int_equal(store_scope_grant(st, "b"), STORE_GRANT_READ | STORE_GRANT_WRITE | STORE_GRANT_ADMIN);
	struct store_grant grants[] = {{"a", STORE_GRANT_READ | STORE_GRANT_WRITE | STORE_GRANT_ADMIN}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	assert_ptr_equal(store_scope_get(st), &sc);
	assert_int_equal(store_scope_grant(st, "b"), 0);
	assert_int_equal(store_scope_grant(st, NULL), 0);
	assert_b_invisible();
	/* lists that span organisations leave b out */
	struct org *ol;
	size_t n;
	OK(store_org_list(st, &A, &ol, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(ol[0].id, "a");
	int seen = 0;
	OK(store_audit_scan(st, NULL, NULL, NULL, count_org, &seen, &E));
	assert_int_equal(seen, 1); /* a's entry: neither b's nor the one of no organisation */
	FAILS(ERR_NOTFOUND, store_audit_scan(st, NULL, "b", NULL, count_org, &seen, &E));
	struct token_rec *tl;
	OK(store_token_list(st, "anne", NULL, &A, &tl, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(tl[0].org, "a");
	/* a's own objects are there */
	struct node nd;
	OK(store_node_get(st, "a", "n1", &A, &nd, &E));
	/* the server's bookkeeping is refused to a scoped store */
	struct user_rec u;
	FAILS(ERR_DENIED, store_user_get(st, "anne", &A, &u, &E));
	struct user_rec *ul;
	FAILS(ERR_DENIED, store_user_list(st, &A, &ul, &n, &E));
	struct session_rec s;
	FAILS(ERR_DENIED, store_session_get(st, H(1), &A, &s, &E));
	struct token_rec tg;
	FAILS(ERR_DENIED, store_token_get(st, H(1), &A, &tg, &E));
	struct member_rec *ml;
	FAILS(ERR_DENIED, store_member_list(st, NULL, "anne", &A, &ml, &n, &E));
	unsigned char h[32];
	FAILS(ERR_DENIED, store_checksum(st, h, NULL, &E));

	/* read-only on a: every write is ERR_DENIED, reads work */
	grants[0].grant = STORE_GRANT_READ;
	OK(store_node_get(st, "a", "n1", &A, &nd, &E));
	struct node x = node("n9", NODE_SYSTEM);
	FAILS(ERR_DENIED, store_node_put(st, "a", &x, &E));
	FAILS(ERR_DENIED, store_node_delete(st, "a", "n2", &E));
	FAILS(ERR_DENIED, store_table_put(st, "a", "x", "{}", &E));
	struct org oa = org_of("a");
	FAILS(ERR_DENIED, store_org_put(st, &oa, &E));
	FAILS(ERR_DENIED, store_forum_settings_put(st, "f", "a", "{}", &E));
	struct member_rec ma = {.user = "anne", .org = "a", .role = "isk"};
	FAILS(ERR_DENIED, store_member_put(st, &ma, &E)); /* memberships need the admin grant */
	grants[0].grant = STORE_GRANT_READ | STORE_GRANT_WRITE;
	FAILS(ERR_DENIED, store_member_put(st, &ma, &E));
	OK(store_node_put(st, "a", &x, &E));
	store_scope_set(st, NULL);
	assert_null(store_scope_get(st));
	OK(store_org_list(st, &A, &ol, &n, &E));
	assert_int_equal(n, 2);
}

/*
 * Tenancy twice (PostgreSQL, migration 7): the backend's own calls, made
 * past store.c as a missed check would, still find nothing of an
 * organisation outside the scope: row-level security reads the store's scope
 * as it stands at each statement, inside transactions and savepoints too.
 * SQLite has no second wall (its tenancy is store.c's alone): skipped there.
 */
static int count_entry(void *ctx, const struct audit_entry *x)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

/* What st's backend finds of organisation org past store.c: ERR_NOTFOUND or 0 (its node n1). */
static int backend_node_get(const char *org)
{
	struct node nd;
	err_clear(&E);
	return st->ops->node_get(st, org, "n1", &A, &nd, &E);
}

static void test_scope_second_wall(void **state)
{
	(void)state;
	size_t n0 = 0;
	if (strcmp(store_backend(st), "postgresql"))
		skip();
	add_two_orgs();
	struct store_grant grants[] = {{"a", STORE_GRANT_READ | STORE_GRANT_WRITE}};
	struct store_scope sc = {grants, 1};
	/* b's webhook with a delivery due (migration 11) */
	struct webhook_rec wh = {.id = "w", .url = "https://b.example/hook", .events = "[]", .secret = "whsec_b",
				 .tlp = "RED", .enabled = true, .created_ms = 1, .by = "b"};
	OK(store_webhook_put(st, "b", &wh, &E));
	bool added;
	struct webhook_event_rec we = {.id = "e", .event = "incident.created", .occurred_ms = 1, .tlp = "RED",
				       .data = "{}"};
	OK(store_webhook_event_add(st, "b", &we, &added, &E));
	struct webhook_delivery_rec wd = {.hook = "w", .event_id = "e", .id = "d", .status = "pending", .next_ms = 1,
					  .updated_ms = 1};
	OK(store_webhook_delivery_put(st, "b", &wd, &E));

	store_scope_set(st, &sc);
	/* the delivery pass's read of every organisation, called scoped past store.c: b's rows stay hidden */
	struct webhook_delivery_rec *due;
	OK(st->ops->webhook_due(st, 10, 10, &A, &due, &n0, &E));
	assert_int_equal(n0, 0);
	struct webhook_rec *whl;
	FAILS(ERR_NOTFOUND, st->ops->webhook_list(st, "b", NULL, &A, &whl, &n0, &E));
	assert_int_equal(backend_node_get("a"), 0);
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	struct node *nl;
	size_t n;
	FAILS(ERR_NOTFOUND, st->ops->node_list(st, "b", &A, &nl, &n, &E));
	struct node x = node("n9", NODE_SYSTEM);
	FAILS(ERR_NOTFOUND, st->ops->node_put(st, "b", &x, &E));
	struct org *ol;
	OK(st->ops->org_list(st, &A, &ol, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(ol[0].id, "a");
	struct token_rec *tl;
	OK(st->ops->token_list(st, "anne", NULL, &A, &tl, &n, &E));
	assert_int_equal(n, 0); /* anne's only token is b's */
	int seen = 0;
	OK(st->ops->audit_scan(st, NULL, NULL, NULL, count_entry, &seen, &E));
	assert_int_equal(seen, 1); /* a's entry only, with no filter of store.c's */
	/* a scope with no organisation finds nothing at all */
	struct store_scope none = {grants, 0};
	store_scope_set(st, &none);
	assert_int_equal(backend_node_get("a"), ERR_NOTFOUND);

	/* the scope follows every change inside a transaction, and what a rollback undid is set again */
	store_scope_set(st, &sc);
	OK(store_begin(st, &E));
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	store_scope_set(st, NULL); /* lifted, as forum.c and the audit entry lift it */
	assert_int_equal(backend_node_get("b"), 0);
	store_scope_set(st, &sc);
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	OK(store_begin(st, &E)); /* a savepoint */
	store_scope_set(st, NULL);
	assert_int_equal(backend_node_get("b"), 0);
	store_rollback(st); /* back to the savepoint: the database has a's scope again */
	assert_int_equal(backend_node_get("b"), 0);
	store_scope_set(st, &sc);
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	OK(store_commit(st, &E));
	/* the transaction's scope ended with it (the session's is the empty one of above): set again */
	assert_int_equal(backend_node_get("a"), 0);
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	store_scope_set(st, NULL);
	assert_int_equal(backend_node_get("b"), 0); /* the session's is every organisation now */
	OK(store_begin(st, &E));
	store_scope_set(st, &sc);
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	store_rollback(st);
	/* the rollback ended a's scope with the transaction: the session's holds, and a's is set again */
	assert_int_equal(backend_node_get("b"), ERR_NOTFOUND);
	store_scope_set(st, NULL);
	assert_int_equal(backend_node_get("b"), 0);
	store_scope_set(st, NULL);
}

/* ---------------------------------------------------------------- the logical dump */

static void sum(unsigned char h[32], int64_t *rows)
{
	OK(store_checksum(st, h, rows, &E));
}

struct text {
	char *p;
	size_t len;
};

static int collect(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;
	t->p = realloc(t->p, t->len + len + 1);
	memcpy(t->p + t->len, s, len);
	t->len += len;
	t->p[t->len] = 0;
	return 0;
}

static int refuse(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
	return ERR_IO;
}

/*
 * The login throttle per client address (migration 8): one count per
 * address for every connection on the database, a window that starts again
 * once it has passed, a read that writes nothing, and none of it in the dump.
 */
static void hit(struct store *on, const char *addr, int64_t now_ms, bool failed, int want, int64_t want_start)
{
	int failures = -1;
	int64_t start = -1;
	OK(store_login_addr_hit(on, addr, now_ms, 10000, failed, &failures, &start, &E));
	assert_int_equal(failures, want);
	assert_int_equal(start, want_start);
}

static void test_login_throttle(void **state)
{
	(void)state;
	unsigned char h0[32], h1[32];
	int64_t rows = -1;
	sum(h0, &rows);
	hit(st, "192.0.2.1", 1000, false, 0, 1000); /* nothing yet: no failure, a window from now */
	hit(st, "192.0.2.1", 1000, true, 1, 1000);
	hit(st, "192.0.2.1", 4000, true, 2, 1000); /* the same window */
	hit(st, "192.0.2.1", 5000, false, 2, 1000); /* a read does not count */
	hit(st, "2001:db8::1", 5000, false, 0, 5000); /* another address has its own */
	hit(st, "2001:db8::1", 5000, true, 1, 5000);
	/* a second connection (another server) counts on the same row */
	struct store *other = NULL;
	OK(store_open(test_url, &other, &E));
	hit(other, "192.0.2.1", 6000, false, 2, 1000);
	hit(other, "192.0.2.1", 6000, true, 3, 1000);
	hit(st, "192.0.2.1", 7000, true, 4, 1000);
	hit(other, "192.0.2.1", 7000, false, 4, 1000);
	/* the window ends 10000 ms after its start: read as nothing, the next failure starts a new one */
	hit(st, "192.0.2.1", 10999, false, 4, 1000);
	hit(st, "192.0.2.1", 11000, false, 0, 11000);
	hit(other, "192.0.2.1", 12000, true, 1, 12000);
	hit(st, "192.0.2.1", 12500, false, 1, 12000);
	/* the passed window of 2001:db8::1 is pruned by these failures; it reads as nothing either way */
	hit(st, "2001:db8::1", 16000, false, 0, 16000);
	store_close(other);
	/* transient state, not data: not in the dump or its checksum */
	sum(h1, NULL);
	assert_memory_equal(h0, h1, 32);
	assert_int_equal(rows, 0);
	/* an address and a window are needed; a scoped store is refused */
	int failures;
	int64_t start;
	FAILS(ERR_INVALID, store_login_addr_hit(st, NULL, 1, 10000, true, &failures, &start, &E));
	FAILS(ERR_INVALID, store_login_addr_hit(st, "192.0.2.1", 1, 0, true, &failures, &start, &E));
	struct store_grant grants[] = {{"a", STORE_GRANT_READ}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	FAILS(ERR_DENIED, store_login_addr_hit(st, "192.0.2.1", 13000, 10000, true, &failures, &start, &E));
	store_scope_set(st, NULL);
	hit(st, "192.0.2.1", 13000, false, 1, 12000); /* the refused call counted nothing */
}

/* ---------------------------------------------------------------- single sign-on (migration 12) */

/*
 * An organisation that requires single sign-on: off by default, untouched by
 * the organisation's put, turned on ending the sessions of its members who
 * are not system administrators, found for a user through the memberships.
 */
static void test_org_sso(void **state)
{
	(void)state;
	add_org("a");
	add_org("k");
	add_user("anne"); /* member of a */
	add_user("bo");   /* member of k only */
	struct user_rec root = user("root");
	root.admin = 1;
	OK(store_user_put(st, &root, NULL, &E));
	struct member_rec m = {.user = "anne", .org = "a", .role = "isk"};
	OK(store_member_put(st, &m, &E));
	m = (struct member_rec){.user = "root", .org = "a", .role = "admin"};
	OK(store_member_put(st, &m, &E));
	m = (struct member_rec){.user = "bo", .org = "k", .role = "isk"};
	OK(store_member_put(st, &m, &E));
	struct user_rec ua, ub, ur;
	OK(store_user_get(st, "anne", &A, &ua, &E));
	OK(store_user_get(st, "bo", &A, &ub, &E));
	OK(store_user_get(st, "root", &A, &ur, &E));
	const int64_t uids[] = {ua.uid, ub.uid, ur.uid};
	for (int i = 0; i < 3; i++) {
		struct session_rec s = {.uid = uids[i], .csrf = "c", .created_ms = 1, .expires_ms = 9, .last_seen_ms = 1};
		memcpy(s.hash, H(40 + i), 32);
		OK(store_session_put(st, &s, &E));
	}
	bool req = true;
	OK(store_org_sso_get(st, "a", &req, &E));
	assert_false(req);
	const char *org = "x";
	OK(store_user_sso_required(st, ua.uid, &A, &org, &E));
	assert_null(org);
	OK(store_org_sso_set(st, "a", true, &E));
	OK(store_org_sso_get(st, "a", &req, &E));
	assert_true(req);
	OK(store_user_sso_required(st, ua.uid, &A, &org, &E));
	assert_string_equal(org, "a");
	OK(store_user_sso_required(st, ur.uid, &A, &org, &E)); /* the store tells; the admin exception is auth.c's */
	assert_string_equal(org, "a");
	OK(store_user_sso_required(st, ub.uid, &A, &org, &E));
	assert_null(org);
	/* anne's session ended; bo's (another organisation) and root's (a system administrator) did not */
	struct session_rec g;
	FAILS(ERR_NOTFOUND, store_session_get(st, H(40), &A, &g, &E));
	OK(store_session_get(st, H(41), &A, &g, &E));
	OK(store_session_get(st, H(42), &A, &g, &E));
	/* the organisation's put (an import) keeps it; it is in the dump */
	unsigned char h0[32], h1[32];
	sum(h0, NULL);
	add_org("a");
	OK(store_org_sso_get(st, "a", &req, &E));
	assert_true(req);
	OK(store_org_sso_set(st, "a", false, &E));
	sum(h1, NULL);
	assert_memory_not_equal(h0, h1, 32);
	OK(store_org_sso_get(st, "a", &req, &E));
	assert_false(req);
	OK(store_session_get(st, H(41), &A, &g, &E)); /* turning it off ends nothing */
	FAILS(ERR_NOTFOUND, store_org_sso_get(st, "nope", &req, &E));
	FAILS(ERR_NOTFOUND, store_org_sso_set(st, "nope", true, &E));
	/* the scope: reading needs a read grant, setting an admin grant; the user's lookup is unscoped */
	struct store_grant grants[] = {{"a", STORE_GRANT_READ | STORE_GRANT_WRITE}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	OK(store_org_sso_get(st, "a", &req, &E));
	FAILS(ERR_DENIED, store_org_sso_set(st, "a", true, &E));
	FAILS(ERR_NOTFOUND, store_org_sso_get(st, "k", &req, &E));
	FAILS(ERR_DENIED, store_user_sso_required(st, ua.uid, &A, &org, &E));
	store_scope_set(st, NULL);
	OK(store_org_sso_get(st, "a", &req, &E));
	assert_false(req);
}

/*
 * Pending single sign-ons: put and take by the hash of the state, a take
 * works once (on any connection: another server), a few old ones pruned by a
 * put, none of it in the dump.
 */
static void test_sso_pending(void **state)
{
	(void)state;
	unsigned char h0[32], h1[32];
	int64_t rows = -1;
	sum(h0, &rows);
	struct sso_pending_rec p = {.nonce = "nonce-æ", .verifier = "verifier-1", .created_ms = 1000};
	memcpy(p.hash, H(1), 32);
	memcpy(p.browser, H(2), 32);
	OK(store_sso_pending_put(st, &p, 0, &E));
	FAILS(ERR_CONFLICT, store_sso_pending_put(st, &p, 0, &E)); /* one per state */
	memcpy(p.hash, H(3), 32);
	p.nonce = "n3";
	p.created_ms = 2000;
	OK(store_sso_pending_put(st, &p, 0, &E));
	struct store *other = NULL;
	OK(store_open(test_url, &other, &E));
	struct sso_pending_rec g;
	bool found = false;
	OK(store_sso_pending_take(other, H(1), &A, &g, &found, &E));
	assert_true(found);
	assert_memory_equal(g.hash, H(1), 32);
	assert_string_equal(g.nonce, "nonce-æ");
	assert_string_equal(g.verifier, "verifier-1");
	assert_memory_equal(g.browser, H(2), 32);
	assert_int_equal(g.created_ms, 1000);
	/* single use, on either connection */
	OK(store_sso_pending_take(st, H(1), &A, &g, &found, &E));
	assert_false(found);
	OK(store_sso_pending_take(other, H(1), &A, &g, &found, &E));
	assert_false(found);
	store_close(other);
	/* a put forgets entries created at or before its prune time (H(3) at 2000) */
	memcpy(p.hash, H(4), 32);
	p.created_ms = 700000;
	OK(store_sso_pending_put(st, &p, 2000, &E));
	OK(store_sso_pending_take(st, H(3), &A, &g, &found, &E));
	assert_false(found);
	/* a rolled-back take leaves the entry */
	OK(store_begin(st, &E));
	OK(store_sso_pending_take(st, H(4), &A, &g, &found, &E));
	assert_true(found);
	store_rollback(st);
	OK(store_sso_pending_take(st, H(4), &A, &g, &found, &E));
	assert_true(found);
	assert_int_equal(g.created_ms, 700000);
	/* transient state, not data */
	memcpy(p.hash, H(5), 32);
	OK(store_sso_pending_put(st, &p, 0, &E));
	sum(h1, NULL);
	assert_memory_equal(h0, h1, 32);
	assert_int_equal(rows, 0);
	/* a nonce and a verifier are needed; a scoped store is refused */
	p.nonce = NULL;
	FAILS(ERR_INVALID, store_sso_pending_put(st, &p, 0, &E));
	p.nonce = "n";
	struct store_grant grants[] = {{"a", STORE_GRANT_READ}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	memcpy(p.hash, H(6), 32);
	FAILS(ERR_DENIED, store_sso_pending_put(st, &p, 0, &E));
	FAILS(ERR_DENIED, store_sso_pending_take(st, H(5), &A, &g, &found, &E));
	store_scope_set(st, NULL);
	OK(store_sso_pending_take(st, H(5), &A, &g, &found, &E));
	assert_true(found);
}

/*
 * SAML's state (migration 13): a request taken once, by any connection, with
 * its ID, browser hash and time; an assertion's first use told apart from a
 * replay on another connection; old rows pruned; none of it in the dump.
 */
static void test_saml_state(void **state)
{
	(void)state;
	unsigned char h0[32], h1[32], b[32], got[32];
	int64_t rows = -1, at = -1;
	sum(h0, &rows);
	memset(b, 0xab, sizeof b);
	OK(store_saml_request_put(st, "relay-1", "_req1", b, 1000, 0, &E));
	OK(store_saml_request_put(st, "relay-2", "_req2", b, 2000, 0, &E));
	struct store *other = NULL;
	OK(store_open(test_url, &other, &E));
	const char *id = NULL;
	OK(store_saml_request_take(other, "relay-1", &A, &id, got, &at, &E)); /* another server answers */
	assert_string_equal(id, "_req1");
	assert_memory_equal(got, b, 32);
	assert_int_equal(at, 1000);
	FAILS(ERR_NOTFOUND, store_saml_request_take(st, "relay-1", &A, &id, got, &at, &E)); /* single use */
	FAILS(ERR_NOTFOUND, store_saml_request_take(st, "relay-x", &A, &id, got, &at, &E));
	/* a put prunes requests made at its cut or before: relay-2 (2000) goes with a cut at 2000 */
	OK(store_saml_request_put(st, "relay-3", "_req3", b, 700000, 2000, &E));
	FAILS(ERR_NOTFOUND, store_saml_request_take(st, "relay-2", &A, &id, got, &at, &E));
	OK(store_saml_request_take(st, "relay-3", &A, &id, got, &at, &E));
	assert_string_equal(id, "_req3");
	bool first = false;
	OK(store_saml_assertion_use(st, "_a1", 500, 100, &first, &E));
	assert_true(first);
	OK(store_saml_assertion_use(other, "_a1", 500, 100, &first, &E)); /* a replay at another server */
	assert_false(first);
	OK(store_saml_assertion_use(st, "_a2", 150, 100, &first, &E));
	assert_true(first);
	/* _a2's time passed before 200: pruned, so it would be first again (its time refuses it anyway) */
	OK(store_saml_assertion_use(st, "_a3", 900, 200, &first, &E));
	OK(store_saml_assertion_use(st, "_a2", 250, 200, &first, &E));
	assert_true(first);
	OK(store_saml_assertion_use(st, "_a1", 500, 200, &first, &E));
	assert_false(first);
	store_close(other);
	sum(h1, NULL);
	assert_memory_equal(h0, h1, 32); /* transient state, not data */
	assert_int_equal(rows, 0);
	/* unscoped callers only */
	struct store_grant grants[] = {{"a", STORE_GRANT_READ}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	FAILS(ERR_DENIED, store_saml_request_put(st, "relay-4", "_req4", b, 1, 0, &E));
	FAILS(ERR_DENIED, store_saml_request_take(st, "relay-4", &A, &id, got, &at, &E));
	FAILS(ERR_DENIED, store_saml_assertion_use(st, "_a4", 1, 0, &first, &E));
	store_scope_set(st, NULL);
}

/* ---------------------------------------------------------------- webhooks (migration 11) */

static void test_webhooks(void **state)
{
	(void)state;
	add_org("a");
	add_org("b");
	struct webhook_rec h = {.id = "w2", .url = "https://example.org/ø", .events = "[\"incident.created\"]",
				.secret = "whsec_00", .tlp = "GREEN", .enabled = true, .created_ms = 5, .by = "Åge"};
	OK(store_webhook_put(st, "a", &h, &E));
	h.id = "w1";
	h.enabled = false;
	h.forum = "f";
	OK(store_webhook_put(st, "a", &h, &E));
	struct webhook_rec *l;
	size_t n;
	OK(store_webhook_list(st, "a", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 2); /* by id */
	assert_string_equal(l[0].id, "w1");
	assert_false(l[0].enabled);
	assert_string_equal(l[0].forum, "f");
	assert_string_equal(l[1].url, "https://example.org/ø");
	assert_string_equal(l[1].events, "[\"incident.created\"]");
	assert_string_equal(l[1].secret, "whsec_00");
	assert_string_equal(l[1].tlp, "GREEN");
	assert_true(l[1].enabled);
	assert_null(l[1].forum);
	assert_int_equal(l[1].created_ms, 5);
	assert_string_equal(l[1].by, "Åge");
	OK(store_webhook_list(st, "a", "w2", &A, &l, &n, &E));
	assert_int_equal(n, 1);
	OK(store_webhook_list(st, "b", NULL, &A, &l, &n, &E));
	assert_int_equal(n, 0);
	/* the outbox: an event with a dedup key is recorded once */
	bool added = false;
	struct webhook_event_rec ev = {.id = "e1", .event = "deadline.overdue", .occurred_ms = 100, .tlp = "RED",
				       .data = "{\"x\":\"æ\"}", .dedup = "deadline.overdue|i1|r|2026"};
	OK(store_webhook_event_add(st, "a", &ev, &added, &E));
	assert_true(added);
	ev.id = "e2";
	OK(store_webhook_event_add(st, "a", &ev, &added, &E));
	assert_false(added);
	ev.dedup = NULL; /* without one, every event is recorded */
	OK(store_webhook_event_add(st, "a", &ev, &added, &E));
	assert_true(added);
	ev.id = "e3";
	OK(store_webhook_event_add(st, "a", &ev, &added, &E));
	assert_true(added);
	struct webhook_delivery_rec d = {.hook = "w2", .event_id = "e1", .id = "d1", .status = "pending",
					 .next_ms = 100, .updated_ms = 100};
	OK(store_webhook_delivery_put(st, "a", &d, &E));
	d.event_id = "e2";
	d.id = "d2";
	d.next_ms = 300;
	OK(store_webhook_delivery_put(st, "a", &d, &E));
	d.event_id = "e3";
	d.id = "d3";
	d.status = "withheld";
	d.next_ms = 0;
	OK(store_webhook_delivery_put(st, "a", &d, &E));
	d.hook = "ghost";
	FAILS(ERR_CONFLICT, store_webhook_delivery_put(st, "a", &d, &E));
	/* due: pending and their time come, every organisation, with what the sender needs */
	struct webhook_delivery_rec *due;
	OK(store_webhook_due(st, 200, 10, &A, &due, &n, &E));
	assert_int_equal(n, 1);
	assert_string_equal(due[0].id, "d1");
	assert_string_equal(due[0].org, "a");
	assert_string_equal(due[0].event, "deadline.overdue");
	assert_string_equal(due[0].url, "https://example.org/ø");
	assert_string_equal(due[0].secret, "whsec_00");
	assert_string_equal(due[0].data, "{\"x\":\"æ\"}");
	assert_int_equal(due[0].occurred_ms, 100);
	OK(store_webhook_due(st, 300, 1, &A, &due, &n, &E));
	assert_int_equal(n, 1); /* the limit */
	/* a claim succeeds once for the time it saw */
	bool claimed = false;
	OK(store_webhook_delivery_claim(st, "a", "w2", "e1", 100, 900, &claimed, &E));
	assert_true(claimed);
	OK(store_webhook_delivery_claim(st, "a", "w2", "e1", 100, 900, &claimed, &E));
	assert_false(claimed);
	OK(store_webhook_due(st, 200, 10, &A, &due, &n, &E));
	assert_int_equal(n, 0);
	/* the log */
	struct webhook_attempt_rec t = {.hook = "w2", .event_id = "e1", .n = 1, .at_ms = 150, .status = "failed",
					.error = "connection refused", .duration_ms = 3};
	OK(store_webhook_attempt_add(st, "a", &t, &E));
	t.n = 2;
	t.at_ms = 250;
	t.status = "delivered";
	t.http_code = 204;
	t.error = NULL;
	OK(store_webhook_attempt_add(st, "a", &t, &E));
	FAILS(ERR_CONFLICT, store_webhook_attempt_add(st, "a", &t, &E));
	struct webhook_attempt_rec *al;
	OK(store_webhook_attempt_list(st, "a", "w2", 10, &A, &al, &n, &E));
	assert_int_equal(n, 2); /* newest first */
	assert_int_equal(al[0].n, 2);
	assert_int_equal(al[0].http_code, 204);
	assert_null(al[0].error);
	assert_int_equal(al[1].http_code, 0);
	assert_string_equal(al[1].error, "connection refused");
	struct webhook_delivery_rec *dl;
	OK(store_webhook_delivery_list(st, "a", NULL, 10, &A, &dl, &n, &E));
	assert_int_equal(n, 3);
	OK(store_webhook_delivery_list(st, "a", "w2", 2, &A, &dl, &n, &E));
	assert_int_equal(n, 2);
	/* a scope without the organisation sees none of it; endpoints need the admin grant */
	struct store_grant grants[] = {{"b", STORE_GRANT_READ | STORE_GRANT_WRITE}, {"a", STORE_GRANT_READ | STORE_GRANT_WRITE}};
	struct store_scope sc = {grants, 1};
	store_scope_set(st, &sc);
	FAILS(ERR_NOTFOUND, store_webhook_list(st, "a", NULL, &A, &l, &n, &E));
	FAILS(ERR_NOTFOUND, store_webhook_delivery_list(st, "a", NULL, 10, &A, &dl, &n, &E));
	FAILS(ERR_NOTFOUND, store_webhook_attempt_list(st, "a", NULL, 10, &A, &al, &n, &E));
	FAILS(ERR_DENIED, store_webhook_due(st, 1000, 10, &A, &due, &n, &E));
	sc.n = 2;
	FAILS(ERR_DENIED, store_webhook_put(st, "a", &h, &E));
	FAILS(ERR_DENIED, store_webhook_delete(st, "a", "w1", &E));
	FAILS(ERR_DENIED, store_webhook_delivery_claim(st, "a", "w2", "e2", 300, 900, &claimed, &E));
	store_scope_set(st, NULL);
	/* removing an endpoint removes its deliveries and their log */
	OK(store_webhook_delete(st, "a", "w2", &E));
	FAILS(ERR_NOTFOUND, store_webhook_delete(st, "a", "w2", &E));
	OK(store_webhook_delivery_list(st, "a", NULL, 10, &A, &dl, &n, &E));
	assert_int_equal(n, 0);
	OK(store_webhook_attempt_list(st, "a", NULL, 10, &A, &al, &n, &E));
	assert_int_equal(n, 0);
}

static void test_dump(void **state)
{
	(void)state;
	unsigned char h0[32], h1[32], h2[32];
	int64_t rows = -1;
	sum(h0, &rows);
	assert_int_equal(rows, 0);
	struct text t = {0};
	OK(store_dump(st, collect, &t, &E));
	assert_true(!strncmp(t.p, "skjold-dump 1\ntable org id name ", 32)); /* every header, even when empty */
	assert_non_null(strstr(t.p, "\ntable forum_item forum kind id "));
	free(t.p);
	/* a write moves it, a read does not */
	add_org("k");
	struct node n = node("ø", NODE_SYSTEM);
	n.owner = "";
	n.description = "a\tb\\c\nd";
	OK(store_node_put(st, "k", &n, &E));
	sum(h1, &rows);
	assert_int_equal(rows, 2);
	assert_memory_not_equal(h0, h1, 32);
	struct node g;
	OK(store_node_get(st, "k", "ø", &A, &g, &E));
	sum(h2, NULL);
	assert_memory_equal(h1, h2, 32);
	/* the canonical text: absent \N, "" empty, escapes, UTF-8 as it is */
	t = (struct text){0};
	OK(store_dump(st, collect, &t, &E));
	assert_non_null(strstr(t.p, "\nnode\tk\tø\tsystem\tø\t\ta\\tb\\\\c\\nd\t0\t0\t\\N\t0\tnone\t\\N\t\\N\t\\N\t\\N\t\\N\n"));
	free(t.p);
	/* a session's last-seen time is not in it, the session is */
	add_user("anne");
	struct user_rec u;
	OK(store_user_get(st, "anne", &A, &u, &E));
	sum(h1, NULL);
	struct session_rec s = {.uid = u.uid, .csrf = "c", .created_ms = 1, .expires_ms = 9, .last_seen_ms = 1};
	memcpy(s.hash, H(7), 32);
	OK(store_session_put(st, &s, &E));
	sum(h2, NULL);
	assert_memory_not_equal(h1, h2, 32);
	OK(store_session_touch(st, H(7), 5, &E));
	sum(h1, NULL);
	assert_memory_equal(h1, h2, 32);
	/* a refusal of the sink stops the dump and is returned */
	assert_int_equal(store_dump(st, refuse, NULL, &E), ERR_IO);
}

/* The same data written in another order and through other keys gives the same checksum. */
static void write_data(int reverse)
{
	const char *orgs[] = {"a", "b"};
	for (int k = 0; k < 2; k++) {
		const char *o = orgs[reverse ? 1 - k : k];
		add_org(o);
		add_node(o, reverse ? "n2" : "n1");
		add_node(o, reverse ? "n1" : "n2");
	}
	add_user(reverse ? "zed" : "anne");
	add_user(reverse ? "anne" : "zed");
	struct member_rec m = {.user = "zed", .org = "a", .role = "isk"};
	OK(store_member_put(st, &m, &E));
}

static void test_dump_order_independent(void **state)
{
	(void)state;
	write_data(0);
	unsigned char h1[32], h2[32];
	sum(h1, NULL);
	store_close(st);
	/* a second database of this case: the URL with a suffix (a path for SQLite) */
	char url2[1100];
	snprintf(url2, sizeof url2, "%s-2", test_url);
	if (getenv("SKJOLD_TEST_DB")) {
		/* a URL backend hands out one database per case, so there is no second one to compare with */
		OK(store_open(test_url, &st, &E));
		skip();
	}
	OK(store_open(url2, &st, &E));
	write_data(1);
	sum(h2, NULL);
	store_close(st);
	remove(url2);
	char f[1200];
	snprintf(f, sizeof f, "%s-wal", url2);
	remove(f);
	snprintf(f, sizeof f, "%s-shm", url2);
	remove(f);
	OK(store_open(test_url, &st, &E));
	assert_memory_equal(h1, h2, 32);
}

/* ---------------------------------------------------------------- copying a whole database */

/* Every table of the dump with a row or more, in the store st points at (the helpers write there). */
static void fill_every_table(void)
{
	add_everything("k");
	add_everything("b-ø");
	add_user("anne");
	struct user_rec bo = user("bo");
	bo.home_org = "b-ø";
	bo.sso_issuer = "https://idp.example";
	bo.sso_subject = "sub-bø";
	OK(store_user_put(st, &bo, NULL, &E));
	struct member_rec m = {.user = "anne", .org = "k", .role = "isk"};
	OK(store_member_put(st, &m, &E));
	struct member_rec msso = {.user = "bo", .org = "k", .role = "auditor", .sso = 1};
	OK(store_member_put(st, &msso, &E));
	struct user_rec u;
	OK(store_user_get(st, "anne", &A, &u, &E));
	struct session_rec s = {.uid = u.uid, .csrf = "c-æ", .created_ms = 10, .expires_ms = 90, .last_seen_ms = 33};
	memcpy(s.hash, H(5), 32);
	OK(store_session_put(st, &s, &E));
	struct token_rec t = {.name = "t", .user = "bo", .org = "k", .role = "auditor", .created_ms = 100};
	int64_t id = 0;
	for (int i = 1; i <= 3; i++) {
		memcpy(t.hash, H(10 + i), 32);
		OK(store_token_add(st, &t, &id, &E));
	}
	OK(store_token_revoke(st, "k", id, 200, &E));
	add_forum("f", "k");
	struct fmember_rec fm = {.forum = "f", .org = "b-ø", .category = "bank", .status = "active",
				 .invited_by = "Søs", .assets = 12345.75, .invited_ms = 10, .joined_ms = 20};
	OK(store_fmember_put(st, &fm, &E));
	struct fshare_rec fs = {.forum = "f", .org = "b-ø", .id = "s1", .kind = "node", .target = "n1", .tlp = "AMBER",
				.recipients = "[]", .created_ms = 5, .by = "Åge"};
	OK(store_fshare_put(st, &fs, &E));
	struct fitem_rec fi = {.forum = "f", .kind = "crisis", .id = "k1", .owner = "k", .tlp = "AMBER",
			       .recipients = "[]", .body = "{\"titel\":\"Strømsvigt\\ti Øst\"}", .created_ms = 10,
			       .updated_ms = 11, .by = "Åse", .version = 2};
	OK(store_fitem_put(st, &fi, &E));
	struct webhook_rec wh = {.id = "w1", .url = "https://example.org/hook", .events = "[\"incident.created\"]",
				 .secret = "whsec_ab", .tlp = "AMBER", .enabled = true, .created_ms = 7, .by = "Åse"};
	OK(store_webhook_put(st, "k", &wh, &E));
	bool added = false;
	struct webhook_event_rec we = {.id = "e1", .event = "incident.created", .occurred_ms = 8, .tlp = "GREEN",
				       .data = "{\"incident\":\"i-ø\"}", .dedup = "x|y"};
	OK(store_webhook_event_add(st, "k", &we, &added, &E));
	struct webhook_delivery_rec wd = {.hook = "w1", .event_id = "e1", .id = "d1", .status = "pending",
					  .attempts = 1, .next_ms = 9, .updated_ms = 8};
	OK(store_webhook_delivery_put(st, "k", &wd, &E));
	struct webhook_attempt_rec wa = {.hook = "w1", .event_id = "e1", .n = 1, .at_ms = 8, .status = "failed",
					 .http_code = 500, .error = "HTTP 500", .duration_ms = 4};
	OK(store_webhook_attempt_add(st, "k", &wa, &E));
	/* more entries than a backend sends before it reads their answers (PostgreSQL's pipeline: 256) */
	for (int i = 0; i < 300; i++)
		OK(audit_record(st, "tester", 1000 + i, "create", "node", i ? "k" : NULL, "n1", NULL, "{\"a\":\"æ\"}", &E));
}

/*
 * store_copy and store_census (skjold migrate): a database with a row in
 * every table is copied from a SQLite file into the case's store, the
 * backend under test: the census (every table's rows, the checksum) is the
 * source's, audit entries keep their hashes and the head, sessions their
 * last-seen time, tokens their ids (a new token gets the next one), and the
 * copy lands with the caller's commit or not at all.
 */
static void test_copy(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/copy-source.db", test_dir);
	contract_remove_files(path);
	struct store *mine = st, *src = NULL;
	OK(store_open(path, &src, &E));
	st = src;
	fill_every_table();
	st = mine;
	struct store_census want, got, copied;
	OK(store_census(src, &want, &E));
	assert_int_equal(want.ntables, 26);
	for (size_t t = 0; t < want.ntables; t++)
		if (!want.table_rows[t])
			fail_msg("the source has no row in %s", want.table[t]);

	/* outside a transaction, or scoped: refused, nothing written */
	FAILS(ERR_INTERNAL, store_copy(src, st, &copied, &E));
	struct store_grant g = {.org = "k", .grant = STORE_GRANT_READ};
	struct store_scope sc = {.grants = &g, .n = 1};
	store_scope_set(src, &sc);
	OK(store_begin(st, &E));
	FAILS(ERR_DENIED, store_copy(src, st, &copied, &E));
	FAILS(ERR_DENIED, store_census(src, &got, &E));
	store_scope_set(src, NULL);
	/* rolled back: the case's store stays empty */
	OK(store_copy(src, st, &copied, &E));
	assert_int_equal(copied.rows, want.rows);
	store_rollback(st);
	OK(store_census(st, &got, &E));
	assert_int_equal(got.rows, 0);

	OK(store_begin(st, &E));
	OK(store_copy(src, st, &copied, &E));
	OK(store_commit(st, &E));
	OK(store_census(st, &got, &E));
	assert_memory_equal(got.checksum, want.checksum, 32);
	assert_memory_equal(copied.checksum, want.checksum, 32);
	for (size_t t = 0; t < want.ntables; t++) {
		assert_string_equal(got.table[t], want.table[t]);
		assert_int_equal(got.table_rows[t], want.table_rows[t]);
		assert_int_equal(copied.table_rows[t], want.table_rows[t]);
	}
	/* the audit chain: same head, verifies, takes the next entry */
	int64_t seq_a, seq_b;
	unsigned char head_a[32], head_b[32];
	OK(store_audit_head(src, &seq_a, head_a, &E));
	OK(store_audit_head(st, &seq_b, head_b, &E));
	assert_int_equal(seq_a, 300);
	assert_int_equal(seq_b, 300);
	assert_memory_equal(head_a, head_b, 32);
	json_t *summary;
	OK(audit_verify(st, &summary, &E));
	json_decref(summary);
	int64_t gen0 = 0, gen = 0;
	OK(store_org_generation(st, "k", &gen0, &E));
	assert_true(gen0 > 0); /* the copied entries of k */
	OK(audit_record(st, "tester", 2000, "update", "node", "k", "n1", NULL, "{}", &E));
	OK(store_org_generation(st, "k", &gen, &E));
	assert_true(gen > gen0); /* and the new one */
	/* a session keeps its last-seen time (not in the checksum), a token its id */
	struct session_rec se;
	OK(store_session_get(st, H(5), &A, &se, &E));
	assert_int_equal(se.last_seen_ms, 33);
	struct user_rec anne;
	OK(store_user_get(st, "anne", &A, &anne, &E));
	assert_int_equal(se.uid, anne.uid);
	struct token_rec *ta, *tb;
	size_t na, nb;
	OK(store_token_list(src, NULL, NULL, &A, &ta, &na, &E));
	OK(store_token_list(st, NULL, NULL, &A, &tb, &nb, &E));
	assert_int_equal(na, 3);
	assert_int_equal(nb, 3);
	int64_t max_id = 0;
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(tb[i].id, ta[i].id);
		assert_int_equal(tb[i].revoked_ms, ta[i].revoked_ms);
		max_id = ta[i].id > max_id ? ta[i].id : max_id;
	}
	struct token_rec t = {.name = "new", .user = "bo", .org = "k", .role = "auditor", .created_ms = 300};
	memcpy(t.hash, H(20), 32);
	int64_t id = 0;
	OK(store_token_add(st, &t, &id, &E));
	assert_true(id > max_id);
	/* into a store that holds the rows already: a conflict, and the rollback leaves it as it was */
	OK(store_census(st, &want, &E));
	OK(store_begin(st, &E));
	err_clear(&E);
	FAILS(ERR_CONFLICT, store_copy(src, st, &copied, &E)); /* the first row, found before or after the next 300 */
	assert_non_null(strstr(E.message, "load_org"));
	store_rollback(st);
	OK(store_census(st, &got, &E));
	assert_memory_equal(got.checksum, want.checksum, 32);
	store_close(src);
	contract_remove_files(path);
}

/* ---------------------------------------------------------------- backup and restore */

/*
 * store_backup, store_inspect, store_restore and store_schema (issue 16):
 * the copy holds everything, the restore replaces everything in one step
 * and lifts the write generations above the target's, and what is not a
 * database or not skjold's is refused by store_inspect.  The restore goes
 * back into the same store, so no second database is needed: afterwards
 * its logical content is the backup's to the byte (store_checksum).
 */
static void test_backup_restore(void **state)
{
	(void)state;
	char copy[128], junk[128];
	snprintf(copy, sizeof copy, "%s/backup-copy", test_dir);
	snprintf(junk, sizeof junk, "%s/backup-junk", test_dir);
	contract_remove_files(copy);
	add_org("k");
	add_node("k", "s-a");
	for (int i = 0; i < 3; i++)
		OK(audit_record(st, "tester", 1000 + i, "create", "node", "k", "s-a", NULL, "{}", &E));
	int schema = 0, schema_max = 0;
	OK(store_schema(st, &schema, &schema_max, &E));
	assert_true(schema >= 5);
	assert_int_equal(schema, schema_max);

	/* inside a transaction: refused; from a scoped store: refused */
	OK(store_begin(st, &E));
	err_clear(&E);
	assert_int_not_equal(store_backup(st, copy, &E), 0);
	store_rollback(st);
	struct store_grant g = {.org = "k", .grant = STORE_GRANT_READ | STORE_GRANT_WRITE | STORE_GRANT_ADMIN};
	struct store_scope sc = {.grants = &g, .n = 1};
	store_scope_set(st, &sc);
	FAILS(ERR_DENIED, store_backup(st, copy, &E));
	FAILS(ERR_DENIED, store_restore(st, copy, &E));
	store_scope_set(st, NULL);
	if (!strcmp(store_backend(st), "postgresql")) {
		/* the backup file is a SQLite database: PostgreSQL is backed up with pg_dump or pg_basebackup */
		FAILS(ERR_INVALID, store_backup(st, copy, &E));
		FAILS(ERR_INVALID, store_restore(st, copy, &E));
		assert_int_equal(access(copy, F_OK), -1);
		return;
	}

	unsigned char sum_source[32], sum[32], head_source[32], head[32];
	int64_t seq, gen_source, gen_before, gen_after;
	OK(store_checksum(st, sum_source, NULL, &E));
	OK(store_audit_head(st, &seq, head_source, &E));
	OK(store_org_generation(st, "k", &gen_source, &E));
	OK(store_backup(st, copy, &E));
	struct store_file_info info;
	OK(store_inspect(copy, &info, &E));
	assert_int_equal(info.schema, schema_max);
	assert_int_equal(info.schema_max, schema_max);
	assert_true(info.bytes > 0);
	/* the copy is whole by itself: nothing beside it */
	char side[160];
	snprintf(side, sizeof side, "%s-wal", copy);
	assert_int_not_equal(access(side, F_OK), 0);

	/* written on after the backup, more often than before it */
	add_node("k", "s-b");
	for (int i = 0; i < 7; i++)
		OK(audit_record(st, "other", 2000 + i, "update", "org", "k", "k", NULL, "{}", &E));
	OK(store_org_generation(st, "k", &gen_before, &E));
	OK(store_begin(st, &E));
	err_clear(&E);
	assert_int_not_equal(store_restore(st, copy, &E), 0); /* not inside a transaction */
	store_rollback(st);
	OK(store_restore(st, copy, &E));

	/* everything is the backup's: its node, its audit log, to the byte */
	OK(store_checksum(st, sum, NULL, &E));
	assert_memory_equal(sum, sum_source, 32);
	struct node *list;
	size_t count;
	OK(store_node_list(st, "k", &A, &list, &count, &E));
	assert_int_equal(count, 1);
	assert_string_equal(list[0].id, "s-a");
	OK(store_audit_head(st, &seq, head, &E));
	assert_int_equal(seq, 3);
	assert_memory_equal(head, head_source, 32);
	json_t *summary;
	OK(audit_verify(st, &summary, &E));
	json_decref(summary);
	/* the generation is above the target's and the copy's: no cached answer matches again */
	OK(store_org_generation(st, "k", &gen_after, &E));
	assert_true(gen_after > gen_before + 1000);
	assert_true(gen_after > gen_source + 1000);
	/* and the restored database takes writes on top */
	OK(audit_record(st, "tester", 3000, "create", "node", "k", "s-b", NULL, "{}", &E));
	OK(store_audit_head(st, &seq, head, &E));
	assert_int_equal(seq, 4);

	/* not a database; not there */
	FILE *f = fopen(junk, "wb");
	assert_non_null(f);
	fputs("{\"not\": \"a database\"}\n", f);
	fclose(f);
	FAILS(ERR_INVALID, store_inspect(junk, &info, &E));
	assert_non_null(strstr(E.message, "not a skjold database"));
	FAILS(ERR_INVALID, store_inspect("/nonexistent/skjold.db", &info, &E));
	/* a restore from what is not a database is refused and changes nothing */
	OK(store_checksum(st, sum_source, NULL, &E));
	err_clear(&E);
	assert_int_not_equal(store_restore(st, junk, &E), 0);
	OK(store_checksum(st, sum, NULL, &E));
	assert_memory_equal(sum, sum_source, 32);
	contract_remove_files(copy);
	contract_remove_files(junk);
}

int main(void)
{
#define CASE(f) cmocka_unit_test_setup_teardown(f, contract_setup, contract_teardown)
	const struct CMUnitTest tests[] = {
		CASE(test_open),
		CASE(test_org_round_trip),
		CASE(test_org_list_delete),
		CASE(test_tables_and_matrices),
		CASE(test_round_trip),
		CASE(test_node_every_field),
		CASE(test_node_ids),
		CASE(test_edges),
		CASE(test_errors),
		CASE(test_threats),
		CASE(test_risks),
		CASE(test_measures),
		CASE(test_changes),
		CASE(test_incidents),
		CASE(test_submissions_and_events),
		CASE(test_transactions),
		CASE(test_savepoints),
		CASE(test_bulk),
		CASE(test_audit_chain),
		CASE(test_audit_page),
		CASE(test_audit_hook),
		CASE(test_audit_entries),
		CASE(test_org_generation),
		CASE(test_users),
		CASE(test_user_sso),
		CASE(test_members),
		CASE(test_sessions),
		CASE(test_login_throttle),
		CASE(test_saml_state),
		CASE(test_org_sso),
		CASE(test_sso_pending),
		CASE(test_tokens),
		CASE(test_caller),
		CASE(test_watch),
		CASE(test_forums),
		CASE(test_forum_members),
		CASE(test_forum_shares),
		CASE(test_forum_items),
		CASE(test_webhooks),
		CASE(test_org_delete_cascade),
		CASE(test_org_access_purge),
		CASE(test_scope),
		CASE(test_scope_second_wall),
		CASE(test_dump),
		CASE(test_dump_order_independent),
		CASE(test_copy),
		CASE(test_backup_restore),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	contract_cleanup();
	return rc;
}
