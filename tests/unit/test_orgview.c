/*
 * test_orgview.c — criticality derivation and review dates as orgview_load
 * computes them (src/risk/orgview.c), through the audited editor and a temporary
 * SQLite store.
 *
 * Each case writes its own small organisation and loads it as of 2026-03-10.
 * The expectations are worked by hand from SPEC §1 and §9 and seed 003
 * figure 3.1, not read back from the code:
 *
 *   floors       ordinary personal data ⇒ at least Medium; sensitive ⇒ at
 *                least Høj; an NIS2/DORA critical service ⇒ Kritisk, and so
 *                is everything it depends on, transitively.
 *   derivation   a dependency is at least as critical as the most critical
 *                node that depends on it, redundancy or not; nothing at all
 *                ⇒ Lav by default.
 *   override     sets the node's own level (with its reason) and does not shield its dependencies; the derivation is still
 *                shown beside it.
 *   review       last assessment (the later of the node's last_assessed and
 *                its risks' assessed_on) + 36 / 24 / 12 / 12 months for
 *                Lav / Medium / Høj / Kritisk; a change on the node or on
 *                anything it depends on after that assessment makes the
 *                review due on the change's date; never assessed ⇒ overdue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "edit.h"
#include "json_io.h"
#include "orgview.h"
#include "store/store.h"

#define ORG "test-kommune"
#define D(y, m, d) date_from_ymd(y, m, d)
#define TODAY D(2026, 3, 10)

struct fixture {
	char path[128];
	struct store *st;
	struct arena a;
	struct writer w;
	struct orgview v;
	bool loaded;
};

/* Remove the temporary database and its SQLite side files. */
static void remove_db(const char *path)
{
	char p[160];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

/* A fresh store holding only the organisation (appetite Medium, default tables). */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct errinfo e = {0};
	if (!f)
		return -1;
	snprintf(f->path, sizeof f->path, "/tmp/skjold-test-orgview-%ld.db", (long)getpid());
	remove_db(f->path);
	if (store_open(f->path, &f->st, &e)) {
		fprintf(stderr, "store_open: %s\n", e.message);
		free(f);
		return -1;
	}
	arena_init(&f->a);
	f->w = (struct writer){.st = f->st, .actor = "test@unit", .now_ms = date_cph_midnight(TODAY) + 10 * 3600 * 1000LL,
			       .today = TODAY, .a = &f->a};
	struct org o;
	memset(&o, 0, sizeof o);
	o.id = ORG;
	o.name = "Test Kommune";
	o.kind = ORG_MUNICIPALITY;
	o.nis2 = "essential";
	o.risk_appetite = LEVEL_MEDIUM;
	o.work_start_min = 8 * 60;
	o.work_end_min = 16 * 60;
	o.procedure_reviewed_on = DATE_NONE;
	if (edit_org_put(&f->w, &o, &e)) {
		fprintf(stderr, "edit_org_put: %s\n", e.message);
		arena_free(&f->a);
		store_close(f->st);
		remove_db(f->path);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return 0;
	if (f->loaded)
		orgview_free(&f->v);
	arena_free(&f->a);
	store_close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

/* A node with every optional field unset. */
static struct node mk_node(const char *id, enum node_kind kind)
{
	struct node n;
	memset(&n, 0, sizeof n);
	n.id = id;
	n.kind = kind;
	n.name = id;
	n.rto_minutes = n.rpo_minutes = -1;
	n.last_assessed = DATE_NONE;
	return n;
}

static void put_node(struct fixture *f, struct node n)
{
	struct errinfo e = {0};
	int rc = edit_node_put(&f->w, ORG, &n, &e);
	if (rc)
		fail_msg("edit_node_put %s: %s", n.id, e.message);
}

/* Shorthands: a node of kind with an assessed level / a personal-data class / a last assessment. */
static void node_lv(struct fixture *f, const char *id, enum node_kind kind, enum level assessed)
{
	struct node n = mk_node(id, kind);
	n.criticality = assessed;
	put_node(f, n);
}

static void node_at(struct fixture *f, const char *id, enum node_kind kind, enum level assessed, int32_t last)
{
	struct node n = mk_node(id, kind);
	n.criticality = assessed;
	n.last_assessed = last;
	put_node(f, n);
}

static void put_edge(struct fixture *f, const char *from, const char *to, enum edge_type type, const char *group)
{
	struct errinfo e = {0};
	struct edge ed = {from, to, type, group};
	int rc = edit_edge_put(&f->w, ORG, &ed, &e);
	if (rc)
		fail_msg("edit_edge_put %s -> %s: %s", from, to, e.message);
}

static void put_threat(struct fixture *f, const char *id)
{
	struct errinfo e = {0};
	struct threat t;
	memset(&t, 0, sizeof t);
	t.id = id;
	t.name = id;
	t.level_date = DATE_NONE;
	assert_int_equal(edit_threat_put(&f->w, ORG, &t, &e), 0);
}

/* A Lav risk (threat 1, resilience 4, consequence 1) on node, assessed on a date. */
static void put_risk(struct fixture *f, const char *id, const char *node, const char *threat, int32_t on)
{
	struct errinfo e = {0};
	struct risk r;
	memset(&r, 0, sizeof r);
	r.id = id;
	r.node = node;
	r.threat = threat;
	r.assessed_on = on;
	r.threat_level = 1;
	r.resilience = 4;
	r.consequence = (struct consequence){1, 1, 1, 1};
	r.decision = DECISION_MITIGATE;
	r.accept_on = r.accept_expires = DATE_NONE;
	int rc = edit_risk_put(&f->w, ORG, &r, &e);
	if (rc)
		fail_msg("edit_risk_put %s: %s (%s)", id, e.message, e.field);
}

static void put_change(struct fixture *f, const char *id, const char *node, enum change_kind kind, int32_t date)
{
	struct errinfo e = {0};
	struct change c;
	memset(&c, 0, sizeof c);
	c.id = id;
	c.node = node;
	c.kind = kind;
	c.date = date;
	c.description = "Ny version";
	int rc = edit_change_put(&f->w, ORG, &c, &e);
	if (rc)
		fail_msg("edit_change_put %s: %s", id, e.message);
}

/* Load the organisation as of TODAY. */
static void load(struct fixture *f)
{
	struct errinfo e = {0};
	int rc = orgview_load(&f->v, f->st, ORG, TODAY, &e);
	if (rc)
		fail_msg("orgview_load: %s", e.message);
	f->loaded = true;
}

/* The evaluation of node id (fails the test when the node is unknown). */
static const struct node_eval *ev(struct fixture *f, const char *id)
{
	long i = orgview_node(&f->v, id);
	if (i < 0)
		fail_msg("no node %s in the view", id);
	return &f->v.node_eval[i];
}

/* Fail unless n has level lv and exactly the reason given. */
static void expect(struct fixture *f, const char *id, enum level lv, const char *reason)
{
	const struct node_eval *n = ev(f, id);
	if (n->level != lv)
		fail_msg("%s: level %s, expected %s (reason: %s)", id, level_name(n->level), level_name(lv),
			 n->reason ? n->reason : "(none)");
	assert_non_null(n->reason);
	if (reason && strcmp(n->reason, reason) != 0)
		fail_msg("%s: reason \"%s\", expected \"%s\"", id, n->reason, reason);
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Date text for failure messages. */
static const char *fmt(int32_t d, char buf[11])
{
	if (d == DATE_NONE)
		return "none";
	date_format(d, buf);
	return buf;
}

static void expect_due(struct fixture *f, const char *id, int32_t due)
{
	const struct node_eval *n = ev(f, id);
	char got[11], want[11];
	if (n->review_due != due)
		fail_msg("%s: review due %s, expected %s", id, fmt(n->review_due, got), fmt(due, want));
}

/* ---- criticality ---- */

/* Personal-data floors, and an assessment below a floor is raised to it. */
static void test_floors_personal_data(void **state)
{
	struct fixture *f = *state;
	struct node n = mk_node("s-ordinary", NODE_SYSTEM);
	n.personal_data = PDATA_ORDINARY;
	put_node(f, n);
	n = mk_node("s-sensitive", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE;
	put_node(f, n);
	/* assessed Lav, but ordinary personal data: Medium */
	n = mk_node("p-lav-ordinary", NODE_PROCESS);
	n.criticality = LEVEL_LAV;
	n.personal_data = PDATA_ORDINARY;
	put_node(f, n);
	/* assessed Medium, but sensitive personal data: Høj */
	n = mk_node("p-medium-sensitive", NODE_PROCESS);
	n.criticality = LEVEL_MEDIUM;
	n.personal_data = PDATA_SENSITIVE;
	put_node(f, n);
	/* a floor never lowers: assessed Kritisk with ordinary data stays Kritisk */
	n = mk_node("p-kritisk-ordinary", NODE_PROCESS);
	n.criticality = LEVEL_KRITISK;
	n.personal_data = PDATA_ORDINARY;
	put_node(f, n);
	load(f);

	expect(f, "s-ordinary", LEVEL_MEDIUM, "floor: ordinary personal data");
	expect(f, "s-sensitive", LEVEL_HOJ, "floor: sensitive personal data");
	expect(f, "p-lav-ordinary", LEVEL_MEDIUM, "floor: ordinary personal data");
	expect(f, "p-medium-sensitive", LEVEL_HOJ, "floor: sensitive personal data");
	expect(f, "p-kritisk-ordinary", LEVEL_KRITISK, "assessed");
	assert_int_equal(ev(f, "s-ordinary")->derived, LEVEL_MEDIUM);
	assert_int_equal(ev(f, "s-sensitive")->derived, LEVEL_HOJ);
}

/* A critical service is Kritisk, and so is everything it depends on, transitively. */
static void test_floor_critical_service_transitive(void **state)
{
	struct fixture *f = *state;
	/* assessed only Lav, but an NIS2 critical service */
	struct node n = mk_node("svc-borger", NODE_SERVICE);
	n.criticality = LEVEL_LAV;
	n.critical_service = true;
	put_node(f, n);
	n = mk_node("s-app", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE; /* Høj of its own, raised further */
	put_node(f, n);
	node_lv(f, "i-db", NODE_INFRASTRUCTURE, LEVEL_NONE);
	node_lv(f, "sup-drift", NODE_SUPPLIER, LEVEL_NONE);
	node_lv(f, "n-unrelated", NODE_SYSTEM, LEVEL_NONE);
	put_edge(f, "svc-borger", "s-app", EDGE_USES, NULL);
	put_edge(f, "s-app", "i-db", EDGE_RUNS_ON, NULL);
	put_edge(f, "i-db", "sup-drift", EDGE_SUPPLIED_BY, NULL);
	load(f);

	expect(f, "svc-borger", LEVEL_KRITISK, "floor: NIS2/DORA critical service");
	expect(f, "s-app", LEVEL_KRITISK, "depended on by svc-borger");
	expect(f, "i-db", LEVEL_KRITISK, "depended on by s-app");
	expect(f, "sup-drift", LEVEL_KRITISK, "depended on by i-db");
	assert_int_equal(ev(f, "n-unrelated")->level, LEVEL_LAV);
	/* the cause is the dependent's index */
	assert_int_equal(ev(f, "s-app")->cause, (uint32_t)orgview_node(&f->v, "svc-borger"));
	assert_int_equal(ev(f, "i-db")->cause, (uint32_t)orgview_node(&f->v, "s-app"));
	assert_int_equal(ev(f, "svc-borger")->cause, GRAPH_NONE);
}

/*
 * An assessed level flows down to the dependencies, and the reason names the
 * most critical dependent: s-shared is used by p-a-medium (Medium, first by
 * id and by edge order) and by p-b-hoej (Høj), so it is Høj because of p-b-hoej.
 */
static void test_assessed_level_propagates(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "p-a-medium", NODE_PROCESS, LEVEL_MEDIUM);
	node_lv(f, "p-b-hoej", NODE_PROCESS, LEVEL_HOJ);
	node_lv(f, "s-shared", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "s-only-medium", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "i-server", NODE_INFRASTRUCTURE, LEVEL_NONE);
	put_edge(f, "p-a-medium", "s-shared", EDGE_USES, NULL);
	put_edge(f, "p-a-medium", "s-only-medium", EDGE_USES, NULL);
	put_edge(f, "p-b-hoej", "s-shared", EDGE_USES, NULL);
	put_edge(f, "s-shared", "i-server", EDGE_RUNS_ON, NULL);
	put_edge(f, "s-only-medium", "i-server", EDGE_RUNS_ON, NULL);
	load(f);

	expect(f, "p-a-medium", LEVEL_MEDIUM, "assessed");
	expect(f, "p-b-hoej", LEVEL_HOJ, "assessed");
	expect(f, "s-shared", LEVEL_HOJ, "depended on by p-b-hoej");
	expect(f, "s-only-medium", LEVEL_MEDIUM, "depended on by p-a-medium");
	/* i-server: its dependents are s-shared (Høj) and s-only-medium (Medium) */
	expect(f, "i-server", LEVEL_HOJ, "depended on by s-shared");
	/* the dependents themselves are not raised by what they depend on */
	assert_int_equal(ev(f, "p-a-medium")->level, LEVEL_MEDIUM);
}

/* A node's own floor above its dependents' level keeps its own reason. */
static void test_own_floor_above_dependent(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "p-medium", NODE_PROCESS, LEVEL_MEDIUM);
	struct node n = mk_node("s-journal", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE;
	put_node(f, n);
	put_edge(f, "p-medium", "s-journal", EDGE_USES, NULL);
	load(f);
	expect(f, "s-journal", LEVEL_HOJ, "floor: sensitive personal data");
	expect(f, "p-medium", LEVEL_MEDIUM, "assessed");
}

/* Nothing assessed, no floor, nobody depending on it: Lav by default. */
static void test_default_lav(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "s-alone", NODE_SYSTEM, LEVEL_NONE);
	/* depended on only by a node that has no level either */
	node_lv(f, "s-top", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "i-below", NODE_INFRASTRUCTURE, LEVEL_NONE);
	put_edge(f, "s-top", "i-below", EDGE_RUNS_ON, NULL);
	/* an assessed Lav is Lav for a different reason */
	node_lv(f, "p-lav", NODE_PROCESS, LEVEL_LAV);
	load(f);

	const char *ids[] = {"s-alone", "s-top", "i-below"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const struct node_eval *n = ev(f, ids[i]);
		assert_int_equal(n->level, LEVEL_LAV);
		assert_int_equal(n->derived, LEVEL_LAV);
		if (!starts_with(n->reason, "default"))
			fail_msg("%s: reason \"%s\" does not start with \"default\"", ids[i], n->reason);
		assert_int_equal(n->cause, GRAPH_NONE);
	}
	expect(f, "p-lav", LEVEL_LAV, "assessed");
}

/* Members of a redundancy group inherit the dependent's level all the same. */
static void test_redundancy_group_inherits(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "p-pleje", NODE_PROCESS, LEVEL_KRITISK);
	node_lv(f, "s-omsorg", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "dc-nord", NODE_INFRASTRUCTURE, LEVEL_NONE);
	node_lv(f, "dc-syd", NODE_INFRASTRUCTURE, LEVEL_NONE);
	node_lv(f, "sup-cloud", NODE_SUPPLIER, LEVEL_NONE);
	put_edge(f, "p-pleje", "s-omsorg", EDGE_USES, NULL);
	put_edge(f, "s-omsorg", "dc-nord", EDGE_HOSTED_AT, "hosting");
	put_edge(f, "s-omsorg", "dc-syd", EDGE_HOSTED_AT, "hosting");
	put_edge(f, "dc-syd", "sup-cloud", EDGE_SUPPLIED_BY, NULL);
	load(f);

	expect(f, "s-omsorg", LEVEL_KRITISK, "depended on by p-pleje");
	expect(f, "dc-nord", LEVEL_KRITISK, "depended on by s-omsorg");
	expect(f, "dc-syd", LEVEL_KRITISK, "depended on by s-omsorg");
	expect(f, "sup-cloud", LEVEL_KRITISK, "depended on by dc-syd");
}

/*
 * An override sets the node's own level, up or down; derived still shows the
 * derivation.  It does not shield what the node depends on: SPEC §1 makes a
 * dependency at least as critical as its most critical dependent, transitively.
 */
static void test_override(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "p-pleje", NODE_PROCESS, LEVEL_KRITISK);
	struct node n = mk_node("s-gammel", NODE_SYSTEM);
	n.override = LEVEL_LAV;
	n.override_reason = "Udfases, kun læseadgang";
	put_node(f, n);
	put_edge(f, "p-pleje", "s-gammel", EDGE_USES, NULL);
	node_lv(f, "i-gammel", NODE_INFRASTRUCTURE, LEVEL_NONE);
	put_edge(f, "s-gammel", "i-gammel", EDGE_RUNS_ON, NULL);
	/* raised by override: no level of its own and nobody depending on it */
	n = mk_node("s-politisk", NODE_SYSTEM);
	n.override = LEVEL_HOJ;
	n.override_reason = "Politisk prioritet";
	put_node(f, n);
	node_lv(f, "i-under", NODE_INFRASTRUCTURE, LEVEL_NONE);
	put_edge(f, "s-politisk", "i-under", EDGE_RUNS_ON, NULL);
	load(f);

	const struct node_eval *g = ev(f, "s-gammel");
	assert_int_equal(g->level, LEVEL_LAV);
	assert_int_equal(g->derived, LEVEL_KRITISK); /* what p-pleje alone would give it */
	if (!starts_with(g->reason, "override: ") || !strstr(g->reason, "Udfases, kun læseadgang"))
		fail_msg("s-gammel: reason \"%s\"", g->reason);

	const struct node_eval *p = ev(f, "s-politisk");
	assert_int_equal(p->level, LEVEL_HOJ);
	assert_int_equal(p->derived, LEVEL_LAV);
	if (!starts_with(p->reason, "override: ") || !strstr(p->reason, "Politisk prioritet"))
		fail_msg("s-politisk: reason \"%s\"", p->reason);
	/* a raising override's level is what its dependencies inherit */
	expect(f, "i-under", LEVEL_HOJ, "depended on by s-politisk");
	/* a lowering override does not shield its dependencies: p-pleje's Kritisk passes through */
	const struct node_eval *i = ev(f, "i-gammel");
	assert_int_equal(i->level, LEVEL_KRITISK);
	if (!starts_with(i->reason, "depended on by s-gammel (overridden to Lav"))
		fail_msg("i-gammel: reason \"%s\"", i->reason);
	/* and the overridden node's review interval follows the effective level (Lav: never assessed, due today) */
	assert_true(ev(f, "s-gammel")->review_overdue);
}

/* A cycle below a Høj process: both members are Høj. */
static void test_cycle(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "p-hoej", NODE_PROCESS, LEVEL_HOJ);
	node_lv(f, "s-a", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "s-b", NODE_SYSTEM, LEVEL_NONE);
	put_edge(f, "p-hoej", "s-a", EDGE_USES, NULL);
	put_edge(f, "s-a", "s-b", EDGE_INTEGRATES_WITH, NULL);
	put_edge(f, "s-b", "s-a", EDGE_INTEGRATES_WITH, NULL);
	load(f);
	expect(f, "s-a", LEVEL_HOJ, "depended on by p-hoej");
	expect(f, "s-b", LEVEL_HOJ, "depended on by s-a");
	expect(f, "p-hoej", LEVEL_HOJ, "assessed");
}

/* ---- review dates ---- */

/*
 * Review intervals by effective level, all last assessed 2025-01-15:
 *   Lav +36 = 2028-01-15, Medium +24 = 2027-01-15, Høj +12 = 2026-01-15,
 *   Kritisk +12 = 2026-01-15 (the last two overdue on 2026-03-10).
 * Month arithmetic clamps: Høj assessed 2024-02-29 is due 2025-02-28.
 * Due today is not yet overdue: Høj assessed 2025-03-10 is due 2026-03-10.
 */
static void test_review_intervals(void **state)
{
	struct fixture *f = *state;
	int32_t base = D(2025, 1, 15);
	node_at(f, "n-lav", NODE_SYSTEM, LEVEL_NONE, base);
	struct node n = mk_node("n-medium", NODE_SYSTEM);
	n.personal_data = PDATA_ORDINARY;
	n.last_assessed = base;
	put_node(f, n);
	n = mk_node("n-hoej", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE;
	n.last_assessed = base;
	put_node(f, n);
	n = mk_node("n-kritisk", NODE_SERVICE);
	n.critical_service = true;
	n.last_assessed = base;
	put_node(f, n);
	node_at(f, "n-leap", NODE_PROCESS, LEVEL_HOJ, D(2024, 2, 29));
	node_at(f, "n-today", NODE_PROCESS, LEVEL_HOJ, D(2025, 3, 10));
	load(f);

	expect_due(f, "n-lav", D(2028, 1, 15));
	expect_due(f, "n-medium", D(2027, 1, 15));
	expect_due(f, "n-hoej", D(2026, 1, 15));
	expect_due(f, "n-kritisk", D(2026, 1, 15));
	expect_due(f, "n-leap", D(2025, 2, 28));
	expect_due(f, "n-today", D(2026, 3, 10));
	assert_false(ev(f, "n-lav")->review_overdue);
	assert_false(ev(f, "n-medium")->review_overdue);
	assert_true(ev(f, "n-hoej")->review_overdue);
	assert_true(ev(f, "n-kritisk")->review_overdue);
	assert_true(ev(f, "n-leap")->review_overdue);
	assert_false(ev(f, "n-today")->review_overdue);
	for (size_t i = 0; i < f->v.nnodes; i++) {
		assert_false(f->v.node_eval[i].never_assessed);
		assert_int_equal(f->v.node_eval[i].trigger, DATE_NONE);
		assert_null(f->v.node_eval[i].trigger_id);
	}
}

/* The review interval follows the derived level, not the node's own. */
static void test_review_follows_derived_level(void **state)
{
	struct fixture *f = *state;
	node_at(f, "p-kritisk", NODE_PROCESS, LEVEL_KRITISK, D(2025, 6, 1));
	node_at(f, "s-under", NODE_SYSTEM, LEVEL_NONE, D(2025, 6, 1));
	put_edge(f, "p-kritisk", "s-under", EDGE_USES, NULL);
	load(f);
	/* Kritisk from p-kritisk: 12 months, not Lav's 36 */
	expect_due(f, "s-under", D(2026, 6, 1));
	expect_due(f, "p-kritisk", D(2026, 6, 1));
}

/*
 * The last assessment is the later of the node's own last_assessed and its
 * risks' assessed_on:
 *   n-risk-later   Medium, own 2024-06-01, risks 2025-02-01 and 2025-09-30
 *                  ⇒ base 2025-09-30, due 2027-09-30.
 *   n-own-later    Lav, own 2025-12-01, risk 2025-01-01 ⇒ due 2028-12-01.
 *   n-only-risk    Høj, never assessed itself, risk 2025-08-31 ⇒ due 2026-08-31,
 *                  and not "never assessed".
 */
static void test_review_uses_latest_assessment(void **state)
{
	struct fixture *f = *state;
	put_threat(f, "t-nedbrud");
	struct node n = mk_node("n-risk-later", NODE_SYSTEM);
	n.personal_data = PDATA_ORDINARY;
	n.last_assessed = D(2024, 6, 1);
	put_node(f, n);
	node_at(f, "n-own-later", NODE_SYSTEM, LEVEL_NONE, D(2025, 12, 1));
	node_at(f, "n-only-risk", NODE_PROCESS, LEVEL_HOJ, DATE_NONE);
	put_risk(f, "r-1", "n-risk-later", "t-nedbrud", D(2025, 9, 30));
	put_risk(f, "r-2", "n-risk-later", "t-nedbrud", D(2025, 2, 1));
	put_risk(f, "r-3", "n-own-later", "t-nedbrud", D(2025, 1, 1));
	put_risk(f, "r-4", "n-only-risk", "t-nedbrud", D(2025, 8, 31));
	load(f);

	assert_int_equal(ev(f, "n-risk-later")->last_assessed, D(2025, 9, 30));
	expect_due(f, "n-risk-later", D(2027, 9, 30));
	assert_int_equal(ev(f, "n-own-later")->last_assessed, D(2025, 12, 1));
	expect_due(f, "n-own-later", D(2028, 12, 1));
	assert_int_equal(ev(f, "n-only-risk")->last_assessed, D(2025, 8, 31));
	expect_due(f, "n-only-risk", D(2026, 8, 31));
	assert_false(ev(f, "n-only-risk")->never_assessed);
	assert_false(ev(f, "n-only-risk")->review_overdue);
}

/*
 * Changes as review triggers (as of 2026-03-10):
 *   chain 1  p1 -> s1 -> i1, all Medium (from p1), assessed 2025-06-01
 *            (normally due 2027-06-01).  c-1 on i1 2026-02-01 and incident
 *            c-0 on s1 2026-03-01: i1, s1 and p1 are due 2026-02-01 by c-1
 *            (the earliest trigger), already overdue.
 *   chain 2  p2 (Medium, assessed 2025-12-01) -> s2 (assessed 2025-03-01);
 *            c-2 on s2 2025-10-01 is after s2's assessment (due 2025-10-01)
 *            but before p2's: p2 stays due 2027-12-01.
 *   chain 3  p3 -> s3 (Medium, both assessed 2025-06-01), c-3 on p3
 *            2026-01-05: p3 is due 2026-01-05; s3, which p3 depends on, is
 *            not touched (2027-06-01).
 *   s4       assessed 2025-06-01, change c-4 the same day: not after the
 *            assessment, no trigger (Lav, due 2028-06-01).
 *   chain 5  p5 (Medium, own date 2025-06-01, risk assessed 2026-02-15) ->
 *            s5 (assessed 2025-06-01); c-5 on s5 2026-02-01 is after s5's
 *            assessment (due 2026-02-01) but before p5's latest (its risk):
 *            p5 stays due 2028-02-15.
 */
static void test_review_triggers(void **state)
{
	struct fixture *f = *state;
	int32_t jun = D(2025, 6, 1);
	node_at(f, "p1", NODE_PROCESS, LEVEL_MEDIUM, jun);
	node_at(f, "s1", NODE_SYSTEM, LEVEL_NONE, jun);
	node_at(f, "i1", NODE_INFRASTRUCTURE, LEVEL_NONE, jun);
	put_edge(f, "p1", "s1", EDGE_USES, NULL);
	put_edge(f, "s1", "i1", EDGE_RUNS_ON, NULL);
	put_change(f, "c-0", "s1", CHANGE_INCIDENT, D(2026, 3, 1));
	put_change(f, "c-1", "i1", CHANGE_CHANGE, D(2026, 2, 1));

	node_at(f, "p2", NODE_PROCESS, LEVEL_MEDIUM, D(2025, 12, 1));
	node_at(f, "s2", NODE_SYSTEM, LEVEL_NONE, D(2025, 3, 1));
	put_edge(f, "p2", "s2", EDGE_USES, NULL);
	put_change(f, "c-2", "s2", CHANGE_CHANGE, D(2025, 10, 1));

	node_at(f, "p3", NODE_PROCESS, LEVEL_MEDIUM, jun);
	node_at(f, "s3", NODE_SYSTEM, LEVEL_NONE, jun);
	put_edge(f, "p3", "s3", EDGE_USES, NULL);
	put_change(f, "c-3", "p3", CHANGE_CHANGE, D(2026, 1, 5));

	node_at(f, "s4", NODE_SYSTEM, LEVEL_NONE, jun);
	put_change(f, "c-4", "s4", CHANGE_CHANGE, jun);

	put_threat(f, "t-1");
	node_at(f, "p5", NODE_PROCESS, LEVEL_MEDIUM, jun);
	node_at(f, "s5", NODE_SYSTEM, LEVEL_NONE, jun);
	put_edge(f, "p5", "s5", EDGE_USES, NULL);
	put_risk(f, "r-5", "p5", "t-1", D(2026, 2, 15));
	put_change(f, "c-5", "s5", CHANGE_INCIDENT, D(2026, 2, 1));
	load(f);

	const char *chain1[] = {"p1", "s1", "i1"};
	for (size_t i = 0; i < 3; i++) {
		const struct node_eval *n = ev(f, chain1[i]);
		expect_due(f, chain1[i], D(2026, 2, 1));
		assert_int_equal(n->trigger, D(2026, 2, 1));
		assert_non_null(n->trigger_id);
		assert_string_equal(n->trigger_id, "c-1");
		assert_true(n->review_overdue);
	}

	expect_due(f, "s2", D(2025, 10, 1));
	assert_non_null(ev(f, "s2")->trigger_id);
	assert_string_equal(ev(f, "s2")->trigger_id, "c-2");
	expect_due(f, "p2", D(2027, 12, 1));
	assert_int_equal(ev(f, "p2")->trigger, DATE_NONE);
	assert_null(ev(f, "p2")->trigger_id);
	assert_false(ev(f, "p2")->review_overdue);

	expect_due(f, "p3", D(2026, 1, 5));
	assert_non_null(ev(f, "p3")->trigger_id);
	assert_string_equal(ev(f, "p3")->trigger_id, "c-3");
	expect_due(f, "s3", D(2027, 6, 1));
	assert_null(ev(f, "s3")->trigger_id);

	expect_due(f, "s4", D(2028, 6, 1));
	assert_null(ev(f, "s4")->trigger_id);
	assert_false(ev(f, "s4")->review_overdue);

	expect_due(f, "s5", D(2026, 2, 1));
	assert_non_null(ev(f, "s5")->trigger_id);
	assert_string_equal(ev(f, "s5")->trigger_id, "c-5");
	expect_due(f, "p5", D(2028, 2, 15));
	assert_null(ev(f, "p5")->trigger_id);
}

/* A node never assessed (no date of its own, no risks) is overdue at once. */
static void test_never_assessed(void **state)
{
	struct fixture *f = *state;
	node_lv(f, "s-ny", NODE_SYSTEM, LEVEL_NONE);
	node_at(f, "s-gammel", NODE_SYSTEM, LEVEL_NONE, D(2025, 1, 1));
	load(f);
	const struct node_eval *n = ev(f, "s-ny");
	assert_true(n->never_assessed);
	assert_true(n->review_overdue);
	assert_int_equal(n->last_assessed, DATE_NONE);
	assert_int_equal(n->review_due, TODAY); /* due today (risk.h) and overdue already */
	assert_false(ev(f, "s-gammel")->never_assessed);
	assert_false(ev(f, "s-gammel")->review_overdue);
}

/* ---- lookups and errors ---- */

static void test_lookups(void **state)
{
	struct fixture *f = *state;
	put_threat(f, "t-1");
	node_lv(f, "b-node", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "a-node", NODE_SYSTEM, LEVEL_NONE);
	node_lv(f, "c-node", NODE_SYSTEM, LEVEL_NONE);
	put_risk(f, "r-y", "a-node", "t-1", D(2026, 1, 1));
	put_risk(f, "r-x", "c-node", "t-1", D(2026, 1, 1));
	load(f);

	assert_int_equal(f->v.nnodes, 3);
	assert_int_equal(f->v.nrisks, 2);
	const char *nodes[] = {"a-node", "b-node", "c-node"};
	for (size_t i = 0; i < 3; i++) {
		long k = orgview_node(&f->v, nodes[i]);
		assert_true(k >= 0 && (size_t)k < f->v.nnodes);
		assert_string_equal(f->v.nodes[k].id, nodes[i]);
	}
	const char *risks[] = {"r-x", "r-y"};
	for (size_t i = 0; i < 2; i++) {
		long k = orgview_risk(&f->v, risks[i]);
		assert_true(k >= 0 && (size_t)k < f->v.nrisks);
		assert_string_equal(f->v.risks[k].id, risks[i]);
	}
	assert_string_equal(f->v.risks[orgview_risk(&f->v, "r-x")].node, "c-node");
	assert_int_equal(orgview_node(&f->v, "ghost"), -1);
	assert_int_equal(orgview_node(&f->v, "a-nod"), -1);
	assert_int_equal(orgview_node(&f->v, ""), -1);
	assert_int_equal(orgview_risk(&f->v, "r-z"), -1);
	assert_int_equal(orgview_risk(&f->v, "a-node"), -1); /* a node id is not a risk id */
	assert_string_equal(f->v.org.id, ORG);
	assert_int_equal(f->v.today, TODAY);
}

static void test_unknown_org(void **state)
{
	struct fixture *f = *state;
	struct orgview v;
	struct errinfo e = {0};
	assert_int_equal(orgview_load(&v, f->st, "ingen-kommune", TODAY, &e), ERR_NOTFOUND);
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_true(e.message[0] != 0);
	/* the failed load released everything it took */
	assert_null(v.nodes);
	assert_int_equal(v.nnodes, 0);
}

/* An organisation with nothing in it loads as an empty view. */
static void test_empty_org(void **state)
{
	struct fixture *f = *state;
	load(f);
	assert_int_equal(f->v.nnodes, 0);
	assert_int_equal(f->v.nedges, 0);
	assert_int_equal(f->v.nrisks, 0);
	assert_int_equal(f->v.org.risk_appetite, LEVEL_MEDIUM);
	assert_int_equal(orgview_node(&f->v, "x"), -1);
}

/* Risk i of v as the API shows it: stored fields and derived ones. */
static json_t *risk_json(const struct orgview *v, size_t i)
{
	json_t *o = json_of_risk(&v->risks[i]);
	json_add_risk_derived(o, v, i);
	return o;
}

/* The risks of a and b are the same rows in the same order with the same evaluations. */
static void assert_same_risks(const struct orgview *a, const struct orgview *b)
{
	assert_int_equal(a->nrisks, b->nrisks);
	for (size_t i = 0; i < a->nrisks; i++) {
		json_t *ja = risk_json(a, i), *jb = risk_json(b, i);
		if (!json_equal(ja, jb)) {
			char *da = json_dumps(ja, JSON_COMPACT), *db = json_dumps(jb, JSON_COMPACT);
			fail_msg("risk %zu: %s differs from %s", i, da, db);
		}
		json_decref(ja);
		json_decref(jb);
		assert_int_equal(orgview_risk(a, a->risks[i].id), (long)i);
	}
}

/*
 * The risks part (orgview_load_parts), the view of one risk (orgview_load_one)
 * and a view patched by risk writes (orgview_with_risk, orgview_own_risks)
 * evaluate every risk as the whole view does: a measure past its due date
 * makes its risk's measures overdue, also when a risk added before it
 * shifts its index.
 */
static void test_parts_and_patches(void **state)
{
	struct fixture *f = *state;
	struct errinfo e = {0};
	put_threat(f, "t-1");
	node_lv(f, "n-1", NODE_SYSTEM, LEVEL_HOJ);
	put_risk(f, "r-b", "n-1", "t-1", D(2026, 1, 1));
	put_risk(f, "r-d", "n-1", "t-1", D(2026, 1, 2));
	put_risk(f, "r-f", "n-1", "t-1", D(2026, 1, 3));
	struct measure m = {.id = "m-1", .risk = "r-d", .title = "Patch", .kind = MEASURE_TECHNICAL,
			    .due = D(2026, 2, 1), .status = MSTATUS_PLANNED, .effect_evaluated_on = DATE_NONE};
	assert_int_equal(edit_measure_put(&f->w, ORG, &m, &e), 0);
	load(f);
	struct orgview part, one, none, p1, p2, fresh;
	assert_int_equal(orgview_load_parts(&part, f->st, ORG, TODAY, ORGVIEW_RISKS, &e), 0);
	assert_int_equal(part.nnodes, 0);
	assert_same_risks(&part, &f->v);
	assert_true(part.risk_eval[orgview_risk(&part, "r-d")].measures_overdue);
	assert_int_equal(orgview_load_one(&one, f->st, ORG, TODAY, ORGVIEW_RISKS, "r-d", NULL, &e), 0);
	assert_int_equal(one.nrisks, 1);
	json_t *j1 = risk_json(&one, 0), *jf = risk_json(&f->v, (size_t)orgview_risk(&f->v, "r-d"));
	assert_true(json_equal(j1, jf));
	json_decref(j1);
	json_decref(jf);
	assert_int_equal(orgview_load_one(&none, f->st, ORG, TODAY, ORGVIEW_RISKS, "r-zz", NULL, &e), 0);
	assert_int_equal(none.nrisks, 0);
	orgview_free(&none);
	assert_int_equal(orgview_load_one(&none, f->st, "ingen-kommune", TODAY, ORGVIEW_RISKS, "r-d", NULL, &e),
			 ERR_NOTFOUND);
	/* a new risk r-c between r-b and r-d, and r-f changed, as the store will have them after the writes */
	struct risk c = part.risks[orgview_risk(&part, "r-b")], chg = part.risks[orgview_risk(&part, "r-f")];
	c.id = "r-c";
	c.title = "Ny";
	chg.threat_level = 4;
	chg.consequence.availability = 4;
	orgview_with_risk(&p1, &part, &c);
	orgview_with_risk(&p2, &p1, &chg);
	orgview_own_risks(&p2);
	orgview_free(&p1); /* p2 needs only part now */
	assert_int_equal(edit_risk_put(&f->w, ORG, &c, &e), 0);
	assert_int_equal(edit_risk_put(&f->w, ORG, &chg, &e), 0);
	assert_int_equal(orgview_load_parts(&fresh, f->st, ORG, TODAY, ORGVIEW_RISKS, &e), 0);
	assert_string_equal(fresh.risks[1].id, "r-c");
	assert_true(fresh.risk_eval[orgview_risk(&fresh, "r-d")].measures_overdue);
	assert_int_not_equal(fresh.risk_eval[3].inherent, part.risk_eval[2].inherent); /* r-f's change shows */
	assert_same_risks(&p2, &fresh);
	orgview_free(&p2);
	orgview_free(&fresh);
	orgview_free(&one);
	orgview_free(&part);
}

/* An organisation's first risk, patched into the view of none, is what the store then lists. */
static void test_patch_first_risk(void **state)
{
	struct fixture *f = *state;
	struct errinfo e = {0};
	put_threat(f, "t-1");
	node_lv(f, "n-1", NODE_SYSTEM, LEVEL_NONE);
	struct orgview empty, p, fresh;
	assert_int_equal(orgview_load_parts(&empty, f->st, ORG, TODAY, ORGVIEW_RISKS, &e), 0);
	assert_int_equal(empty.nrisks, 0);
	put_risk(f, "r-1", "n-1", "t-1", D(2026, 1, 1));
	assert_int_equal(orgview_load_parts(&fresh, f->st, ORG, TODAY, ORGVIEW_RISKS, &e), 0);
	orgview_with_risk(&p, &empty, &fresh.risks[0]);
	assert_same_risks(&p, &fresh);
	orgview_free(&p);
	orgview_free(&fresh);
	orgview_free(&empty);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parts_and_patches),
		T(test_patch_first_risk),
		T(test_floors_personal_data),
		T(test_floor_critical_service_transitive),
		T(test_assessed_level_propagates),
		T(test_own_floor_above_dependent),
		T(test_default_lav),
		T(test_redundancy_group_inherits),
		T(test_override),
		T(test_cycle),
		T(test_review_intervals),
		T(test_review_follows_derived_level),
		T(test_review_uses_latest_assessment),
		T(test_review_triggers),
		T(test_never_assessed),
		T(test_lookups),
		T(test_unknown_org),
		T(test_empty_org),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
