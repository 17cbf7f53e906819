/*
 * test_report.c — unit tests for the reports (src/risk/report.c).
 *
 * A small municipality is written through the audited editor into a
 * temporary SQLite store and evaluated as of 2026-03-10; every expectation
 * below is worked out by hand from seed 003's tables (see the comments at
 * the fixture), not read back from the code under test:
 *
 *   p-pleje (critical process) uses s-omsorg and s-journal; both run on the
 *   shared network i-net (a single point of failure); s-omsorg is hosted at
 *   dc-nord or dc-syd (a redundancy group); dc-nord is supplied by sup-cloud.
 *   n-old (ordinary personal data: Medium) was last assessed 2023-01-01;
 *   n-lav and n-arkiv are Lav; change c-1 on s-journal on 2026-03-01 makes
 *   p-pleje's review due that day.
 *
 *   r-krit  Kritisk (L3 x C4), no measure, assessed 2026-03-02: treatment due
 *           2026-03-04, overdue; residual Kritisk above appetite Medium.
 *   r-hoj   Høj (L2 x C4), residual Høj above appetite; title carries
 *           <script> and & for the escaping tests; measures m-2, m-3.
 *   r-med   Medium, residual Lav; its measure m-1 was due 2026-03-01: overdue;
 *           title carries ; " and a newline for the CSV quoting test.
 *   r-lav   Lav, accepted until 2026-03-01: acceptance expired.
 *   r-warn  Kritisk (L4 x C3), residual Lav, assessed 2026-03-09: the 24-hour
 *           warning is reached today, the 48-hour deadline is tomorrow.
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
#include "orgview.h"
#include "report.h"
#include "store/store.h"

#define ORG "test-kommune"
#define D(y, m, d) date_from_ymd(y, m, d)

struct fixture {
	char path[128];
	struct store *st;
	struct orgview v;
	struct arena a;
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

/* A node with every optional field unset. */
static struct node mk_node(const char *id, enum node_kind kind, const char *name, int32_t last_assessed)
{
	struct node n;
	memset(&n, 0, sizeof n);
	n.id = id;
	n.kind = kind;
	n.name = name;
	n.owner = "Systemejer";
	n.rto_minutes = n.rpo_minutes = -1;
	n.last_assessed = last_assessed;
	return n;
}

/* A risk with every optional field unset. */
static struct risk mk_risk(const char *id, const char *node, const char *threat, const char *title, int32_t on,
			   int threat_level, int resilience)
{
	struct risk r;
	memset(&r, 0, sizeof r);
	r.id = id;
	r.node = node;
	r.threat = threat;
	r.title = title;
	r.assessed_on = on;
	r.assessor = "ISK Jensen";
	r.owner = "Systemejer";
	r.threat_level = threat_level;
	r.resilience = resilience;
	r.decision = DECISION_MITIGATE;
	r.accept_on = r.accept_expires = DATE_NONE;
	return r;
}

/* A measure with every optional field unset. */
static struct measure mk_measure(const char *id, const char *risk, const char *title, const char *owner, int32_t due,
				 enum measure_status status)
{
	struct measure m;
	memset(&m, 0, sizeof m);
	m.id = id;
	m.risk = risk;
	m.title = title;
	m.owner = owner;
	m.due = due;
	m.status = status;
	m.effect_evaluated_on = DATE_NONE;
	return m;
}

/* Write the organisation of the file comment through the audited editor. */
static void write_org(struct writer *w)
{
	struct errinfo e = {0};
	struct org o;
	memset(&o, 0, sizeof o);
	o.id = ORG;
	o.name = "Test Kommune";
	o.kind = ORG_MUNICIPALITY;
	o.nis2 = "essential";
	o.risk_appetite = LEVEL_MEDIUM;
	o.work_start_min = 8 * 60;
	o.work_end_min = 16 * 60;
	o.procedure_reviewed_on = D(2025, 3, 20); /* due 2026-03-20: 10 days left */
	assert_int_equal(edit_org_put(w, &o, &e), 0);

	struct threat t[3];
	memset(t, 0, sizeof t);
	const char *tid[3] = {"t-ransomware", "t-breach", "t-outage"};
	const char *tname[3] = {"Ransomware", "Datalæk", "Nedbrud"};
	for (int i = 0; i < 3; i++) {
		t[i].id = tid[i];
		t[i].name = tname[i];
		t[i].category = "cyber";
		t[i].level_date = DATE_NONE;
		assert_int_equal(edit_threat_put(w, ORG, &t[i], &e), 0);
	}

	struct node n[10];
	n[0] = mk_node("p-pleje", NODE_PROCESS, "Hjemmepleje", D(2025, 11, 10));
	n[0].criticality = LEVEL_KRITISK;
	n[0].critical_service = true;
	n[0].personal_data = PDATA_SENSITIVE;
	n[1] = mk_node("s-omsorg", NODE_SYSTEM, "Omsorgssystem", D(2025, 11, 10));
	n[2] = mk_node("s-journal", NODE_SYSTEM, "Journal", D(2025, 11, 10));
	n[2].personal_data = PDATA_SENSITIVE;
	n[3] = mk_node("i-net", NODE_INFRASTRUCTURE, "Kommunenet", D(2025, 11, 10));
	n[4] = mk_node("dc-nord", NODE_INFRASTRUCTURE, "Datacenter Nord", D(2025, 11, 10));
	n[5] = mk_node("dc-syd", NODE_INFRASTRUCTURE, "Datacenter Syd", D(2025, 11, 10));
	n[6] = mk_node("sup-cloud", NODE_SUPPLIER, "Cloud A/S", D(2025, 3, 25)); /* Kritisk: due 2026-03-25 */
	n[7] = mk_node("n-lav", NODE_SYSTEM, "Intranet", D(2025, 6, 1));
	n[8] = mk_node("n-arkiv", NODE_SYSTEM, "Arkiv", D(2025, 6, 1));
	n[9] = mk_node("n-old", NODE_SYSTEM, "Booking", D(2023, 1, 1)); /* Medium: due 2025-01-01 */
	n[9].personal_data = PDATA_ORDINARY;
	for (int i = 0; i < 10; i++)
		assert_int_equal(edit_node_put(w, ORG, &n[i], &e), 0);

	struct edge ed[] = {
		{"p-pleje", "s-omsorg", EDGE_USES, NULL},	{"p-pleje", "s-journal", EDGE_USES, NULL},
		{"s-omsorg", "i-net", EDGE_RUNS_ON, NULL},	{"s-journal", "i-net", EDGE_RUNS_ON, NULL},
		{"s-omsorg", "dc-nord", EDGE_HOSTED_AT, "hosting"}, {"s-omsorg", "dc-syd", EDGE_HOSTED_AT, "hosting"},
		{"dc-nord", "sup-cloud", EDGE_SUPPLIED_BY, NULL},
	};
	for (size_t i = 0; i < sizeof ed / sizeof ed[0]; i++)
		assert_int_equal(edit_edge_put(w, ORG, &ed[i], &e), 0);

	/* threat 3, resilience 2 -> likelihood 3; availability 4 -> Kritisk; no measure. */
	struct risk r = mk_risk("r-krit", "s-omsorg", "t-ransomware", "Ransomware på omsorg", D(2026, 3, 2), 3, 2);
	r.consequence.availability = 4;
	r.consequence.confidentiality = 3;
	assert_int_equal(edit_risk_put(w, ORG, &r, &e), 0);

	/* threat 2, resilience 2 -> 2; confidentiality 4 -> Høj; residual 2 x 4 -> Høj. */
	r = mk_risk("r-hoj", "s-journal", "t-breach", "Journal <script>alert(1)</script> & læk", D(2026, 3, 9), 2, 2);
	r.consequence.confidentiality = 4;
	r.has_residual = true;
	r.residual_likelihood = 2;
	r.residual.confidentiality = 4;
	r.owner = "Fagchef Journal";
	assert_int_equal(edit_risk_put(w, ORG, &r, &e), 0);

	/* threat 2, resilience 3 -> 2; integrity 3 -> Medium; residual 1 x 2 -> Lav. */
	r = mk_risk("r-med", "dc-syd", "t-outage", "Integritet; \"kritisk\" data\nlinje 2", D(2026, 1, 15), 2, 3);
	r.consequence.integrity = 3;
	r.has_residual = true;
	r.residual_likelihood = 1;
	r.residual.integrity = 2;
	assert_int_equal(edit_risk_put(w, ORG, &r, &e), 0);

	/* threat 1, resilience 4 -> 1; availability 1 -> Lav; accepted by the system owner until 2026-03-01. */
	r = mk_risk("r-lav", "n-arkiv", "t-outage", "Arkiv utilgængeligt", D(2025, 6, 1), 1, 4);
	r.consequence.availability = 1;
	r.decision = DECISION_ACCEPT;
	r.accept_approver = "Systemejer Arkiv";
	r.accept_role = ROLE_SYSTEM_OWNER;
	r.accept_on = D(2025, 6, 1);
	r.accept_expires = D(2026, 3, 1);
	assert_int_equal(edit_risk_put(w, ORG, &r, &e), 0);

	/* threat 4, resilience 1 -> 4; availability 3 -> Kritisk; residual 1 x 2 -> Lav. */
	r = mk_risk("r-warn", "i-net", "t-outage", "Netnedbrud", D(2026, 3, 9), 4, 1);
	r.consequence.availability = 3;
	r.has_residual = true;
	r.residual_likelihood = 1;
	r.residual.availability = 2;
	r.owner = "=1+1";
	assert_int_equal(edit_risk_put(w, ORG, &r, &e), 0);

	struct measure m = mk_measure("m-1", "r-med", "Backup-test", "IT-drift", D(2026, 3, 1), MSTATUS_STARTED);
	assert_int_equal(edit_measure_put(w, ORG, &m, &e), 0);
	m = mk_measure("m-2", "r-hoj", "Kryptering", "Fagchef Journal", D(2026, 4, 30), MSTATUS_STARTED);
	assert_int_equal(edit_measure_put(w, ORG, &m, &e), 0);
	m = mk_measure("m-3", "r-hoj", "MFA", "IT-sikkerhed", D(2026, 3, 5), MSTATUS_DONE);
	m.effect = EFFECT_EFFECTIVE;
	m.effect_evaluated_on = D(2026, 3, 6);
	assert_int_equal(edit_measure_put(w, ORG, &m, &e), 0);

	struct change c;
	memset(&c, 0, sizeof c);
	c.id = "c-1";
	c.node = "s-journal";
	c.kind = CHANGE_CHANGE;
	c.date = D(2026, 3, 1);
	c.description = "Ny version";
	assert_int_equal(edit_change_put(w, ORG, &c, &e), 0);
}

/* Create the store, write the organisation and load the view as of 2026-03-10. */
static int group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct errinfo e = {0};
	snprintf(f->path, sizeof f->path, "/tmp/skjold-test-report-%ld.db", (long)getpid());
	remove_db(f->path);
	if (store_open(f->path, &f->st, &e)) {
		fprintf(stderr, "store_open: %s\n", e.message);
		free(f);
		return -1;
	}
	arena_init(&f->a);
	int32_t today = D(2026, 3, 10);
	struct writer w = {.st = f->st, .actor = "test@unit", .now_ms = date_cph_midnight(today) + 10 * 3600 * 1000LL,
			   .today = today, .a = &f->a};
	write_org(&w);
	if (orgview_load(&f->v, f->st, ORG, today, &e)) {
		fprintf(stderr, "orgview_load: %s\n", e.message);
		return -1;
	}
	*state = f;
	return 0;
}

/* Free the view and the store and delete the temporary database. */
static int group_teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return 0;
	orgview_free(&f->v);
	arena_free(&f->a);
	store_close(f->st);
	remove_db(f->path);
	free(f);
	return 0;
}

/* ---- JSON path helpers: "a.b[2].c" ---- */

/* The value at path, failing the test when any step is missing. */
static json_t *at(json_t *j, const char *path)
{
	const char *p = path;
	while (*p) {
		if (*p == '.')
			p++;
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			j = json_array_get(j, (size_t)i);
			p = end + 1;
		} else {
			char key[64];
			size_t n = strcspn(p, ".[");
			assert_true(n < sizeof key);
			memcpy(key, p, n);
			key[n] = 0;
			j = json_object_get(j, key);
			p += n;
		}
		if (!j)
			fail_msg("no JSON value at %s", path);
	}
	return j;
}

/* The string at path (fails when it is not a string). */
static const char *sat(json_t *j, const char *path)
{
	json_t *x = at(j, path);
	if (!json_is_string(x))
		fail_msg("%s is not a string", path);
	return json_string_value(x);
}

/* The integer at path (fails when it is not an integer). */
static long long iat(json_t *j, const char *path)
{
	json_t *x = at(j, path);
	if (!json_is_integer(x))
		fail_msg("%s is not an integer", path);
	return json_integer_value(x);
}

/* ---- overview ---- */

/* Node and risk counts, overdue totals and the procedure status of the overview. */
static void test_overview_counts(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_overview(&f->v);
	assert_non_null(r);
	assert_string_equal(sat(r, "report"), "overview");
	assert_string_equal(sat(r, "organisation.id"), ORG);
	assert_string_equal(sat(r, "organisation.name"), "Test Kommune");
	assert_string_equal(sat(r, "as_of"), "2026-03-10");

	assert_int_equal(iat(r, "nodes.total"), 10);
	assert_int_equal(iat(r, "nodes.by_kind.process"), 1);
	assert_int_equal(iat(r, "nodes.by_kind.system"), 5);
	assert_int_equal(iat(r, "nodes.by_kind.infrastructure"), 3);
	assert_int_equal(iat(r, "nodes.by_kind.supplier"), 1);
	/* everything p-pleje depends on is Kritisk; n-old Medium by its data; n-lav, n-arkiv Lav */
	assert_int_equal(iat(r, "nodes.by_criticality.Kritisk"), 7);
	assert_int_equal(iat(r, "nodes.by_criticality.Medium"), 1);
	assert_int_equal(iat(r, "nodes.by_criticality.Lav"), 2);

	assert_int_equal(iat(r, "risks.total"), 5);
	assert_int_equal(iat(r, "risks.by_inherent.Kritisk"), 2);
	assert_int_equal(iat(r, "risks.by_inherent.Høj"), 1);
	assert_int_equal(iat(r, "risks.by_inherent.Medium"), 1);
	assert_int_equal(iat(r, "risks.by_inherent.Lav"), 1);
	assert_int_equal(iat(r, "risks.by_residual.Kritisk"), 1);
	assert_int_equal(iat(r, "risks.by_residual.Høj"), 1);
	assert_int_equal(iat(r, "risks.by_residual.Medium"), 0);
	assert_int_equal(iat(r, "risks.by_residual.Lav"), 3);

	assert_int_equal(iat(r, "totals.risks_above_appetite"), 2);
	assert_int_equal(iat(r, "totals.risks_overdue"), 3);
	assert_int_equal(iat(r, "totals.treatment_overdue"), 2);
	assert_int_equal(iat(r, "totals.measures_overdue"), 1);
	assert_int_equal(iat(r, "totals.reviews_overdue"), 2);
	assert_int_equal(iat(r, "totals.never_assessed"), 0);
	assert_string_equal(sat(r, "procedure_review.status"), "due_soon");
	assert_string_equal(sat(r, "procedure_review.due"), "2026-03-20");
	json_decref(r);
}

/* The residual heat map counts each risk once in its (likelihood, consequence) cell. */
static void test_overview_heatmap(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_overview(&f->v);
	/* residual (likelihood, consequence): r-krit (3,4), r-hoj (2,4), r-med (1,2), r-lav (1,1), r-warn (1,2) */
	static const int want[4][4] = {{1, 2, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}};
	json_t *cells = at(r, "heatmap.cells");
	assert_int_equal(json_array_size(cells), 4);
	for (size_t l = 0; l < 4; l++)
		for (size_t c = 0; c < 4; c++)
			assert_int_equal(json_integer_value(json_array_get(json_array_get(cells, l), c)), want[l][c]);
	assert_int_equal(iat(r, "heatmap.unscored"), 0);
	assert_string_equal(sat(r, "heatmap.levels[2][3]"), "Kritisk");
	json_decref(r);
}

/* Top risks by residual then inherent level, with whom each escalates to. */
static void test_overview_top_risks(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_overview(&f->v);
	json_t *top = at(r, "top_risks");
	assert_int_equal(json_array_size(top), 5);
	/* residual first, then inherent: Kritisk, Høj, then the Lav residuals by inherent Kritisk, Medium, Lav */
	const char *order[5] = {"r-krit", "r-hoj", "r-warn", "r-med", "r-lav"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(top, i), "id")), order[i]);
	assert_string_equal(sat(r, "top_risks[0].node"), "s-omsorg");
	assert_string_equal(sat(r, "top_risks[0].residual_level"), "Kritisk");
	assert_string_equal(sat(r, "top_risks[0].escalate_to"),
			    "Kommunaldirektør / politisk niveau; beredskab og eksterne myndigheder");
	assert_string_equal(sat(r, "top_risks[1].escalate_to"), "Direktion");
	assert_string_equal(sat(r, "top_risks[1].escalate_to_en"), "The board");
	json_decref(r);
}

/* ---- follow-up ---- */

/* Every item of the follow-up, overdue first and by due date, with days overdue. */
static void test_followup_order_and_content(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_followup(&f->v);
	assert_string_equal(sat(r, "report"), "followup");
	json_t *items = at(r, "items");
	struct {
		const char *kind, *id, *due;
		long long days;
		bool overdue;
	} want[] = {
		{"review_overdue", "n-old", "2025-01-01", 433, true},
		{"review_overdue", "p-pleje", "2026-03-01", 9, true},       /* Kritisk before Medium on one day */
		{"measure_overdue", "m-1", "2026-03-01", 9, true},
		{"acceptance_expired", "r-lav", "2026-03-01", 9, true},
		{"above_appetite", "r-krit", "2026-03-02", 8, true},
		{"treatment_overdue", "r-krit", "2026-03-04", 6, true},
		{"above_appetite", "r-hoj", "2026-03-09", 1, true},
		{"treatment_warning", "r-warn", "2026-03-11", -1, false},
		{"procedure_review_due", "procedure", "2026-03-20", -10, false},
		{"review_due", "sup-cloud", "2026-03-25", -15, false},
	};
	size_t n = sizeof want / sizeof want[0];
	assert_int_equal(json_array_size(items), n);
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(items, i);
		assert_string_equal(json_string_value(json_object_get(it, "kind")), want[i].kind);
		assert_string_equal(json_string_value(json_object_get(it, "id")), want[i].id);
		assert_string_equal(json_string_value(json_object_get(it, "due")), want[i].due);
		assert_int_equal(json_integer_value(json_object_get(it, "days_overdue")), want[i].days);
		assert_int_equal(json_is_true(json_object_get(it, "overdue")), want[i].overdue);
	}
	assert_int_equal(iat(r, "summary.total"), 10);
	assert_int_equal(iat(r, "summary.overdue"), 7);
	assert_int_equal(iat(r, "summary.due_soon"), 3);
	assert_int_equal(iat(r, "summary.by_kind.review_overdue"), 2);
	json_decref(r);
}

/* Responsible and escalation of follow-up items come from the right table rows. */
static void test_followup_escalation(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_followup(&f->v);
	/* the Kritisk risk assessed 2026-03-02 is due 2026-03-04 (48 hours) and overdue on 2026-03-10 */
	json_t *it = at(r, "items[5]");
	assert_string_equal(sat(it, "kind"), "treatment_overdue");
	assert_string_equal(sat(it, "level"), "Kritisk");
	assert_string_equal(sat(it, "escalate_to"), "Kommunaldirektør / politisk niveau; beredskab og eksterne myndigheder");
	assert_string_equal(sat(it, "escalate_to_en"),
			    "Chief executive / political level; emergency management and external authorities");
	assert_string_equal(sat(it, "responsible"), "Fagchef / ISU / IT-ledelse");
	assert_string_equal(sat(it, "node"), "s-omsorg");
	assert_non_null(strstr(sat(it, "reason"), "2026-03-04"));
	/* p-pleje: review due on c-1's date, escalated by the Kritisk review row */
	it = at(r, "items[1]");
	assert_string_equal(sat(it, "trigger"), "c-1");
	assert_string_equal(sat(it, "escalate_to"), "Politisk niveau / eksterne myndigheder");
	assert_string_equal(sat(it, "responsible"), "Direktion / serviceejer / systemejer / beredskabsledelse");
	/* n-old: Medium review row */
	it = at(r, "items[0]");
	assert_string_equal(sat(it, "escalate_to"), "Fagchef / afdelingsleder");
	assert_string_equal(sat(it, "responsible"), "Informationssikkerhedskoordinator");
	assert_true(json_is_null(at(it, "trigger")));
	/* m-1: responsible by r-med's inherent Medium row, escalation from r-med's evaluation */
	it = at(r, "items[2]");
	assert_string_equal(sat(it, "risk"), "r-med");
	assert_string_equal(sat(it, "owner"), "IT-drift");
	assert_string_equal(sat(it, "level"), "Medium");
	assert_string_equal(sat(it, "responsible"), "Systemejer / IT-drift");
	assert_string_equal(sat(it, "escalate_to"), "Ledelsesniveau");
	/* Lav has nobody to escalate to; the not-yet-overdue items escalate to nobody */
	assert_true(json_is_null(at(r, "items[3].escalate_to")));
	assert_true(json_is_null(at(r, "items[7].escalate_to")));
	assert_true(json_is_null(at(r, "items[9].escalate_to")));
	json_decref(r);
}

/* ---- ISU ---- */

/* Quarter bounds, assessment and action-plan status, progress and bad quarters. */
static void test_isu_period_and_status(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_isu(&f->v, 2026, 1);
	assert_non_null(r);
	assert_string_equal(sat(r, "report"), "isu");
	assert_string_equal(sat(r, "period.start"), "2026-01-01");
	assert_string_equal(sat(r, "period.end"), "2026-03-31");
	assert_int_equal(iat(r, "period.quarter"), 1);
	assert_non_null(strstr(sat(r, "status_note.en"), "as of 2026-03-10"));

	assert_int_equal(iat(r, "assessments.risks_assessed"), 4);
	assert_int_equal(iat(r, "assessments.nodes_reviewed"), 4);
	assert_int_equal(iat(r, "assessments.reviews_overdue_as_of"), 2);
	/* by 2026-03-31 sup-cloud (due 2026-03-25) has joined n-old and p-pleje */
	assert_int_equal(iat(r, "assessments.reviews_overdue_at_period_end"), 3);

	assert_int_equal(iat(r, "action_plans.measures_total"), 3);
	assert_int_equal(iat(r, "action_plans.planned"), 0);
	assert_int_equal(iat(r, "action_plans.started"), 2);
	assert_int_equal(iat(r, "action_plans.done"), 1);
	assert_int_equal(iat(r, "action_plans.measures_overdue"), 1);
	assert_int_equal(iat(r, "action_plans.risks_without_started_plan"), 3);

	/* progress rows Kritisk, Høj, Medium, Lav */
	assert_string_equal(sat(r, "progress[1].level"), "Høj");
	assert_int_equal(iat(r, "progress[1].measures"), 2);
	assert_int_equal(iat(r, "progress[1].done"), 1);
	assert_int_equal(iat(r, "progress[1].percent_done"), 50);
	assert_int_equal(iat(r, "progress[2].percent_done"), 0);
	assert_true(json_is_null(at(r, "progress[0].percent_done")));
	assert_int_equal(iat(r, "progress[0].risks"), 2);

	assert_int_equal(json_array_size(at(r, "overdue")), 7);
	assert_int_equal(iat(r, "due_soon_count"), 3);
	assert_int_equal(json_array_size(at(r, "above_appetite")), 2);
	assert_string_equal(sat(r, "above_appetite[0].id"), "r-hoj");
	assert_string_equal(sat(r, "above_appetite[0].escalate_to"), "Direktion");
	json_decref(r);

	r = report_isu(&f->v, 2025, 4);
	assert_string_equal(sat(r, "period.start"), "2025-10-01");
	assert_string_equal(sat(r, "period.end"), "2025-12-31");
	assert_int_equal(iat(r, "assessments.risks_assessed"), 0);
	json_decref(r);
	assert_null(report_isu(&f->v, 2026, 0));
	assert_null(report_isu(&f->v, 2026, 5));
}

/* Whether any recommendation's text in lang contains needle. */
static bool has_rec(json_t *recs, const char *lang, const char *needle)
{
	size_t i;
	json_t *x;
	json_array_foreach(recs, i, x)
	{
		const char *s = json_string_value(json_object_get(x, lang));
		if (s && strstr(s, needle))
			return true;
	}
	return false;
}

/* Recommendations name the counts and ids the data gives. */
static void test_isu_recommendations(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_isu(&f->v, 2026, 1);
	json_t *recs = at(r, "recommendations");
	assert_true(has_rec(recs, "en", "2 Kritisk risks lack a started action plan: prioritise them (r-krit, r-warn)"));
	assert_true(has_rec(recs, "da", "2 risici på niveau Kritisk mangler en igangsat handleplan"));
	assert_false(has_rec(recs, "en", "Høj risks lack"));
	assert_true(has_rec(recs, "en", "1 measure is overdue: follow up with its owner (m-1; IT-drift)"));
	assert_true(has_rec(recs, "en", "2 risks are above the risk appetite (Medium)"));
	assert_true(has_rec(recs, "en", "1 risk acceptance has expired"));
	assert_true(has_rec(recs, "en", "2 reviews are overdue: schedule them (n-old, p-pleje)"));
	/* s-omsorg and dc-syd each carry one overdue action; s-omsorg's is on a Kritisk risk */
	assert_true(has_rec(recs, "en", "Provide resources for Omsorgssystem (s-omsorg)"));
	assert_true(has_rec(recs, "da", "Afsæt ressourcer til Omsorgssystem (s-omsorg)"));
	assert_true(has_rec(recs, "en", "must be reviewed by 2026-03-20"));
	json_decref(r);
}

/* ---- management ---- */

/* Annual input: SPOFs and suppliers of the critical process, carry-forward, decisions. */
static void test_management(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_management(&f->v, 2026);
	assert_non_null(r);
	assert_string_equal(sat(r, "report"), "management");
	assert_string_equal(sat(r, "period.start"), "2026-01-01");
	assert_string_equal(sat(r, "period.end"), "2026-12-31");
	assert_int_equal(iat(r, "risk_picture.assessed_in_year"), 4);
	assert_int_equal(iat(r, "risk_picture.above_appetite"), 2);
	assert_int_equal(iat(r, "risk_picture.within_appetite"), 3);
	assert_true(json_is_false(at(r, "risk_picture.trend.available")));

	/* the shared network and both systems are single points of failure; the redundant data centres are not */
	json_t *cp = at(r, "critical_processes");
	assert_int_equal(json_array_size(cp), 1);
	assert_string_equal(sat(cp, "[0].id"), "p-pleje");
	json_t *spof = at(cp, "[0].spof");
	assert_int_equal(json_array_size(spof), 3);
	assert_string_equal(sat(spof, "[0].id"), "i-net");
	assert_string_equal(sat(spof, "[0].name"), "Kommunenet");
	assert_string_equal(sat(spof, "[1].id"), "s-journal");
	assert_string_equal(sat(spof, "[2].id"), "s-omsorg");
	/* sup-cloud is reached through dc-nord */
	assert_int_equal(json_array_size(at(cp, "[0].suppliers")), 1);
	assert_string_equal(sat(cp, "[0].suppliers[0].id"), "sup-cloud");
	assert_int_equal(json_array_size(at(r, "suppliers")), 1);
	assert_string_equal(sat(r, "suppliers[0].critical_dependents[0].id"), "p-pleje");

	/* n-lav only: n-arkiv's acceptance expired, n-old is Medium */
	json_t *cf = at(r, "carry_forward");
	assert_int_equal(json_array_size(cf), 1);
	assert_string_equal(sat(cf, "[0].id"), "n-lav");

	json_t *dec = at(r, "decisions");
	assert_int_equal(json_array_size(dec), 2);
	assert_string_equal(sat(dec, "[0].kind"), "above_appetite");
	assert_string_equal(sat(dec, "[0].id"), "r-hoj");
	assert_string_equal(sat(dec, "[1].id"), "r-krit");
	assert_string_equal(sat(dec, "[1].required_approver"), "board");

	assert_int_equal(iat(r, "treatment.by_decision.mitigate"), 4);
	assert_int_equal(iat(r, "treatment.by_decision.accept"), 1);
	assert_int_equal(iat(r, "treatment.treatment_started"), 2);
	assert_int_equal(iat(r, "treatment.effect.effective"), 1);
	assert_int_equal(iat(r, "treatment.effect.not_evaluated"), 2);
	assert_string_equal(sat(r, "procedure_review.status"), "due_soon");
	json_decref(r);
	assert_null(report_management(&f->v, 0));
}

/* ---- rendering ---- */

/* HTML is a standalone document and escapes text from the data. */
static void test_html_escapes_and_is_standalone(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_overview(&f->v);
	char *h = report_html(r);
	assert_non_null(h);
	assert_true(strncmp(h, "<!doctype html>", 15) == 0);
	assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(h, "<style>"));
	assert_non_null(strstr(h, "</html>"));
	assert_non_null(strstr(h, "Journal &lt;script&gt;alert(1)&lt;/script&gt; &amp; læk"));
	assert_null(strstr(h, "<script"));
	assert_non_null(strstr(h, "Største risici <span class=\"en\" lang=\"en\">(Top risks)</span>"));
	free(h);
	json_decref(r);

	r = report_followup(&f->v);
	h = report_html(r);
	assert_null(strstr(h, "<script"));
	assert_non_null(strstr(h, "Forfaldne opgaver <span class=\"en\" lang=\"en\">(Overdue items)</span>"));
	assert_non_null(strstr(h, "<tr class=\"overdue\">"));
	free(h);
	json_decref(r);
}

/* Markdown headings are bilingual and text from the data is escaped. */
static void test_markdown(void **state)
{
	struct fixture *f = *state;
	json_t *r = report_followup(&f->v);
	char *m = report_markdown(r);
	assert_non_null(m);
	assert_true(strncmp(m, "# Opfølgning (Follow-up)\n", 25) == 0);
	assert_non_null(strstr(m, "\n## Forfaldne opgaver (Overdue items)\n"));
	assert_non_null(strstr(m, "\n## Forfalder snart (Due soon)\n"));
	assert_non_null(strstr(m, "Journal \\<script\\>alert(1)\\</script\\> \\& læk"));
	assert_null(strstr(m, "<script>"));
	free(m);
	json_decref(r);

	r = report_isu(&f->v, 2026, 1);
	m = report_markdown(r);
	assert_non_null(strstr(m, "## Anbefalinger og behov for prioritering"));
	assert_non_null(strstr(m, "- 2 risici på niveau Kritisk mangler en igangsat handleplan"));
	free(m);
	json_decref(r);

	r = report_management(&f->v, 2026);
	m = report_markdown(r);
	assert_non_null(strstr(m, "## Kritiske processer og enkeltfejlpunkter"));
	assert_non_null(strstr(m, "Kommunenet (i-net)"));
	free(m);
	json_decref(r);
}

/* A report of an unknown kind still renders, escaped. */
static void test_unknown_kind_renders_generically(void **state)
{
	(void)state;
	json_t *r = json_pack("{s:s, s:i, s:[{s:s, s:i}]}", "report", "custom", "count", 3, "rows", "name", "<b>&",
			      "n", 7);
	char *h = report_html(r);
	assert_non_null(h);
	assert_non_null(strstr(h, "Rapport: custom"));
	assert_non_null(strstr(h, "&lt;b&gt;&amp;"));
	assert_null(strstr(h, "<b>"));
	free(h);
	char *m = report_markdown(r);
	assert_non_null(strstr(m, "| \\<b\\>\\& | 7 |"));
	free(m);
	json_decref(r);
	assert_null(report_markdown(NULL));
}

/* ---- register CSV ---- */

/* The text from prefix (which starts with the previous line's CRLF) through the line's own CRLF, copied. */
static char *csv_line(const char *csv, const char *prefix)
{
	const char *p = strstr(csv, prefix);
	if (!p) {
		fail_msg("no CSV line starting %s", prefix);
		return NULL;
	}
	const char *end = strstr(p + 2, "\r\n");
	if (!end) {
		fail_msg("CSV line %s has no CRLF", prefix);
		return NULL;
	}
	return strndup(p, (size_t)(end - p + 2));
}

/* Register CSV: BOM, header, CRLF rows, RFC 4180 quoting, formula guard. */
static void test_register_csv(void **state)
{
	struct fixture *f = *state;
	char *c = report_register_csv(&f->v);
	assert_non_null(c);
	static const char head[] = "\xEF\xBB\xBF"
				   "id;node;node_name;threat;title;owner;assessed_on;assessor;likelihood;consequence;"
				   "inherent_level;residual_level;decision;measures;treatment_due;status;above_appetite;"
				   "escalate_to;effect\r\n";
	assert_true(strncmp(c, head, strlen(head)) == 0);
	/* header + 5 risks, each ended by CRLF; r-med's title holds a bare LF inside quotes */
	size_t crlf = 0;
	for (const char *p = c; (p = strstr(p, "\r\n")); p += 2)
		crlf++;
	assert_int_equal(crlf, 6);
	assert_true(strcmp(c + strlen(c) - 2, "\r\n") == 0);

	char *l = csv_line(c, "\r\nr-hoj;");
	assert_string_equal(l, "\r\nr-hoj;s-journal;Journal;t-breach;Journal <script>alert(1)</script> & læk;"
			       "Fagchef Journal;2026-03-09;ISK Jensen;2;4;Høj;Høj;mitigate;m-2,m-3;2026-03-16;ok;yes;"
			       "Direktion;effective 1, not_evaluated 1\r\n");
	free(l);
	/* ; " and LF are quoted, quotes doubled */
	l = csv_line(c, "\r\nr-med;");
	assert_string_equal(l, "\r\nr-med;dc-syd;Datacenter Syd;t-outage;\"Integritet; \"\"kritisk\"\" data\nlinje 2\";"
			       "Systemejer;2026-01-15;ISK Jensen;2;3;Medium;Lav;mitigate;m-1;2026-02-15;overdue;no;"
			       "Ledelsesniveau;not_evaluated 1\r\n");
	free(l);
	/* an escalation with ';' is quoted; a formula-like owner is neutralised */
	l = csv_line(c, "\r\nr-krit;");
	assert_non_null(strstr(l, ";\"Kommunaldirektør / politisk niveau; beredskab og eksterne myndigheder\";"));
	assert_non_null(strstr(l, ";2026-03-04;overdue;yes;"));
	free(l);
	l = csv_line(c, "\r\nr-warn;");
	assert_non_null(strstr(l, ";'=1+1;"));
	free(l);
	free(c);
}

/* Run the tests against one fixture built once. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overview_counts),
		cmocka_unit_test(test_overview_heatmap),
		cmocka_unit_test(test_overview_top_risks),
		cmocka_unit_test(test_followup_order_and_content),
		cmocka_unit_test(test_followup_escalation),
		cmocka_unit_test(test_isu_period_and_status),
		cmocka_unit_test(test_isu_recommendations),
		cmocka_unit_test(test_management),
		cmocka_unit_test(test_html_escapes_and_is_standalone),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_unknown_kind_renders_generically),
		cmocka_unit_test(test_register_csv),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
