/*
 * redteam.c — the red-team programme: TIBER-DK / DORA TLPT tests, findings,
 * each member's cycle status and the secretariat's anonymised aggregate
 * (contracts in redteam.h).
 *
 * A test moves through the TIBER-EU phases in order: preparation (the scope
 * specification naming the critical functions), threat intelligence (the
 * targeted threat intelligence report, TTI), red team (the red team test
 * plan, then active testing — at least 12 weeks, Commission Delegated
 * Regulation (EU) 2025/1190 recital 20, from the TIBER-EU experience), and
 * closure (red team test report, blue team report, replay workshop, optional
 * purple teaming, 360° feedback, test summary report, remediation plan,
 * attestation); "completed" follows closure.  The record keeps each reached
 * phase's start and end and each deliverable's planned and actual date, and
 * validation keeps them honest: phases never run backwards or overlap, a
 * phase is left only with its required deliverables, an actual date lies
 * within its deliverable's phase, and the attestation comes last.  The
 * 12-week minimum is reported, not enforced: the authority may agree to a
 * shorter test and the record must be able to say so.
 *
 * The cycle is DORA's: TLPT at least every three years (Regulation (EU)
 * 2022/2554 art. 26(1)), counted from the last attestation; the authority
 * may ask for a shorter or longer interval (same paragraph), recorded as an
 * override with its reason on the test that anchors the cycle.  A test in
 * progress does not satisfy the cycle until it is attested (the
 * conservative reading).
 *
 * The aggregate is the secretariat's sector view and must never let a
 * reader single out a member.  It holds fixed-list labels, counts, shares
 * and day counts — no member, test or finding id, no free text, no date —
 * and only the findings of completed tests (an open test's findings are
 * not shared).  Counts form a tree: all findings → severity → severity ×
 * category.  A node is published when its findings come from at least
 * min_group distinct members, or from none (a zero describes nobody — as
 * long as the tested members, whom it does describe, are at least min_group;
 * below that nothing is published).  A
 * reader can subtract: a shown severity minus its shown cells is the sum of
 * its suppressed cells, and all findings minus the shown severities is the
 * sum of the suppressed ones.  So a second pass suppresses more cells and
 * severities (smallest first) until every such remainder — the "atom" of a
 * published node: the findings under it not under a published descendant —
 * comes from 0 or at least min_group members.  For a tree of sums these
 * atoms span everything a reader can derive, so the rule is exact;
 * atoms_ok() re-derives them and the function asserts it.
 */
#include "redteam.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "date.h"
#include "jsonx.h"
#include "limit.h"
#include "mem.h"
#include "msg.h"

#define MAX_NAME 500
#define MAX_TEXT LIMIT_TEXT
#define MAX_FUNCTIONS 50
#define MAX_RECORDS 20000

enum phase { PH_PREP, PH_TI, PH_RT, PH_CLOSURE, PH_COMPLETED };
#define PH_DATED 4 /* phases with their own dates: all but "completed" */

static const char *const phase_names[] = {"preparation", "threat_intelligence", "red_team", "closure", "completed"};
static const char *const phase_names_da[] = {"forberedelse", "trusselsefterretning", "red team-test", "afslutning",
					     "afsluttet"};

struct deliverable_def {
	const char *id;
	enum phase phase;
	bool required;
	const char *name, *name_da;
};

/* TIBER-EU / TIBER-DK deliverables in the order they are produced. */
static const struct deliverable_def deliverables[] = {
	{"scope_specification", PH_PREP, true, "Scope specification (critical functions)",
	 "Scopedokument (kritiske funktioner)"},
	{"tti_report", PH_TI, true, "Targeted threat intelligence (TTI) report",
	 "Målrettet trusselsefterretningsrapport (TTI)"},
	{"red_team_test_plan", PH_RT, true, "Red team test plan", "Red team-testplan"},
	{"red_team_test_report", PH_CLOSURE, true, "Red team test report", "Red team-testrapport"},
	{"blue_team_report", PH_CLOSURE, true, "Blue team report", "Blue team-rapport"},
	{"replay_workshop", PH_CLOSURE, true, "Replay workshop", "Replay-workshop"},
	{"purple_teaming", PH_CLOSURE, false, "Purple teaming", "Purple teaming"},
	{"feedback_360", PH_CLOSURE, true, "360° feedback", "360°-feedback"},
	{"test_summary_report", PH_CLOSURE, true, "Test summary report", "Testsammenfatning (test summary report)"},
	{"remediation_plan", PH_CLOSURE, true, "Remediation plan", "Udbedringsplan"},
	{"attestation", PH_CLOSURE, true, "Attestation", "Attestering"},
};
#define ND ((int)(sizeof deliverables / sizeof deliverables[0]))
#define D_SCOPE 0
#define D_ATTESTATION (ND - 1)

enum severity { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, NSEV };
static const char *const severity_names[] = {"critical", "high", "medium", "low"};
static const char *const severity_names_da[] = {"kritisk", "høj", "middel", "lav"};

const char *const redteam_categories[] = {
	"initial_access",     "credential_access",  "privilege_escalation", "lateral_movement",
	"persistence",        "detection_response", "data_exfiltration",    "social_engineering",
	"physical_security",  "third_party",        "other",                NULL};
#define NCAT 11
_Static_assert(sizeof redteam_categories / sizeof redteam_categories[0] == NCAT + 1, "one name per category");
static const char *const category_names[NCAT] = {
	"Initial access",     "Credential access",    "Privilege escalation", "Lateral movement",
	"Persistence",        "Detection & response", "Data exfiltration",    "Social engineering",
	"Physical security",  "Third-party access",   "Other"};
static const char *const category_names_da[NCAT] = {
	"Initial adgang",      "Adgang til loginoplysninger", "Rettighedseskalering", "Lateral bevægelse",
	"Vedvarende fodfæste", "Detektion og respons",        "Dataudtræk",           "Social manipulation",
	"Fysisk sikkerhed",    "Tredjepartsadgang",           "Andet"};

enum rstatus { RS_OPEN, RS_IN_PROGRESS, RS_DONE, RS_ACCEPTED, NRS };
static const char *const rstatus_names[] = {"open", "in_progress", "done", "risk_accepted"};

static const char *const frameworks[] = {"tiber-dk", "dora-tlpt", NULL};

#define CYCLE_SOURCE "Regulation (EU) 2022/2554 art. 26(1)"
#define ACTIVE_SOURCE "Commission Delegated Regulation (EU) 2025/1190 recital 20 (TIBER-EU experience)"

struct test {
	const char *id, *member, *title, *framework, *notes;
	int phase;
	const char **cf;
	size_t ncf;
	int32_t start[PH_DATED], end[PH_DATED], active_start, active_end;
	int32_t planned[ND], actual[ND];
	const char *ref[ND];
	bool has_override;
	int32_t ov_due, ov_on;
	const char *ov_reason, *ov_by;
};

struct finding {
	const char *id, *test, *member, *title, *description, *critical_function;
	int severity, category;
	int32_t reported_on;
	bool has_rem;
	const char *owner, *rem_note;
	int32_t due, done_on;
	int status, progress;
};

/* ---- parsing helpers ----------------------------------------------------- */

static int names_parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int phase_parse(const char *s) { return names_parse(phase_names, 5, s); }
static int severity_parse(const char *s) { return names_parse(severity_names, NSEV, s); }
static int category_parse(const char *s) { return names_parse(redteam_categories, NCAT, s); }
static int rstatus_parse(const char *s) { return names_parse(rstatus_names, NRS, s); }
static int framework_parse(const char *s) { return names_parse(frameworks, 2, s); }

/* An optional object member: NULL when absent or null, ERR_INVALID when not an object. */
static int opt_object(json_t *o, const char *key, const char *path, json_t **out, struct errinfo *e)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	char p[300];
	if (!json_is_object(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.object", "key", key, NULL);
	*out = v;
	return 0;
}

static void set_date_none(int32_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = DATE_NONE;
}

static const char *fmt_date(int32_t d, char buf[11])
{
	date_format(d, buf);
	return buf;
}

/* ---- tests --------------------------------------------------------------- */

static int parse_phases(json_t *j, const char *path, struct test *t, struct errinfo *e)
{
	static const char *const keys[] = {"preparation", "threat_intelligence", "red_team", "closure", NULL};
	static const char *const pkeys[] = {"start", "end", NULL};
	static const char *const rtkeys[] = {"start", "end", "active_start", "active_end", NULL};
	char pp[300], pq[300], pf[300];
	json_t *phases;
	int rc;
	if ((rc = opt_object(j, "phases", path, &phases, e)))
		return rc;
	jx_path(pp, sizeof pp, path, "phases");
	if (phases && (rc = jx_check_keys(phases, pp, keys, e)))
		return rc;
	for (int q = 0; q < PH_DATED; q++) {
		json_t *pj = NULL;
		jx_path(pq, sizeof pq, pp, phase_names[q]);
		if (phases && (rc = opt_object(phases, phase_names[q], pp, &pj, e)))
			return rc;
		if (pj && ((rc = jx_check_keys(pj, pq, q == PH_RT ? rtkeys : pkeys, e)) ||
			   (rc = jx_date(pj, "start", pq, false, &t->start[q], e)) ||
			   (rc = jx_date(pj, "end", pq, false, &t->end[q], e))))
			return rc;
		if (pj && q == PH_RT && ((rc = jx_date(pj, "active_start", pq, false, &t->active_start, e)) ||
					 (rc = jx_date(pj, "active_end", pq, false, &t->active_end, e))))
			return rc;
		bool reached = q <= t->phase, any = t->start[q] != DATE_NONE || t->end[q] != DATE_NONE ||
						    (q == PH_RT && (t->active_start != DATE_NONE || t->active_end != DATE_NONE));
		if (!reached) {
			if (any)
				return err_setm(e, ERR_INVALID, pq, "redteam.not_reached", "phase", phase_names[q],
						"current", phase_names[t->phase], NULL);
			continue;
		}
		if (t->start[q] == DATE_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "start"), "redteam.start_required",
					"phase", phase_names[q], "current", phase_names[t->phase], NULL);
		if (q < t->phase && t->end[q] == DATE_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "end"), "redteam.end_required",
					"phase", phase_names[q], "current", phase_names[t->phase], NULL);
		if (q == t->phase && t->end[q] != DATE_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "end"), "redteam.current_phase",
					"phase", phase_names[q], NULL);
		if (t->end[q] != DATE_NONE && t->end[q] < t->start[q])
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "end"), "redteam.phase_end", NULL);
		if (q > 0 && t->start[q] < t->end[q - 1]) {
			char d1[11], d2[11];
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "start"), "redteam.phase_order",
					"phase", phase_names[q], "start", fmt_date(t->start[q], d1), "previous",
					phase_names[q - 1], "end", fmt_date(t->end[q - 1], d2), NULL);
		}
	}
	jx_path(pq, sizeof pq, pp, "red_team");
	if (t->active_end != DATE_NONE && t->active_start == DATE_NONE)
		return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "active_start"), "redteam.active_end", NULL);
	if (t->active_start != DATE_NONE) {
		if (t->active_start < t->start[PH_RT])
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "active_start"),
					"redteam.active_before", NULL);
		if (t->active_end != DATE_NONE && t->active_end < t->active_start)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "active_end"),
					"redteam.active_order", NULL);
		if (t->end[PH_RT] != DATE_NONE &&
		    (t->active_start > t->end[PH_RT] || (t->active_end != DATE_NONE && t->active_end > t->end[PH_RT])))
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq,
					t->active_start > t->end[PH_RT] ? "active_start" : "active_end"),
					"redteam.active_within", NULL);
	}
	return 0;
}

static int parse_deliverables(json_t *j, const char *path, struct arena *a, struct test *t, struct errinfo *e)
{
	static const char *const dkeys[] = {"planned", "actual", "ref", NULL};
	const char *keys[ND + 1];
	char pd[300], px[300], pf[300], d1[11], d2[11];
	json_t *dels;
	int rc;
	for (int d = 0; d < ND; d++)
		keys[d] = deliverables[d].id;
	keys[ND] = NULL;
	if ((rc = opt_object(j, "deliverables", path, &dels, e)))
		return rc;
	jx_path(pd, sizeof pd, path, "deliverables");
	if (dels && (rc = jx_check_keys(dels, pd, keys, e)))
		return rc;
	for (int d = 0; d < ND; d++) {
		const struct deliverable_def *def = &deliverables[d];
		json_t *dj = NULL;
		jx_path(px, sizeof px, pd, def->id);
		if (dels && (rc = opt_object(dels, def->id, pd, &dj, e)))
			return rc;
		if (dj && ((rc = jx_check_keys(dj, px, dkeys, e)) ||
			   (rc = jx_date(dj, "planned", px, false, &t->planned[d], e)) ||
			   (rc = jx_date(dj, "actual", px, false, &t->actual[d], e)) ||
			   (rc = jx_text(dj, "ref", px, false, MAX_NAME, a, &t->ref[d], e))))
			return rc;
		if (t->planned[d] != DATE_NONE && t->planned[d] < t->start[PH_PREP])
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, px, "planned"),
					"redteam.planned_before", "planned", fmt_date(t->planned[d], d1), "start",
					fmt_date(t->start[PH_PREP], d2), NULL);
		jx_path(pf, sizeof pf, px, "actual");
		if (t->actual[d] != DATE_NONE) {
			int dp = def->phase;
			if ((int)dp > t->phase)
				return err_setm(e, ERR_INVALID, pf, "redteam.deliverable_phase", "id", def->id,
						"phase", phase_names[dp], "current", phase_names[t->phase], NULL);
			if (t->actual[d] < t->start[dp] || (t->end[dp] != DATE_NONE && t->actual[d] > t->end[dp]))
				return err_setm(e, ERR_INVALID, pf, "redteam.deliverable_within", "id", def->id,
						"date", fmt_date(t->actual[d], d1), "phase", phase_names[dp], NULL);
		} else if (def->required && (int)def->phase < t->phase) {
			if (t->phase == PH_COMPLETED && def->phase == PH_CLOSURE)
				return err_setm(e, ERR_INVALID, pf, "redteam.complete_without", "name", def->name,
						"id", def->id, NULL);
			return err_setm(e, ERR_INVALID, pf, "redteam.required_before", "name", def->name, "phase",
					phase_names[def->phase], "current", phase_names[t->phase], NULL);
		}
	}
	/* the attestation closes the test: nothing of the closure comes after it */
	if (t->actual[D_ATTESTATION] != DATE_NONE)
		for (int d = 0; d < D_ATTESTATION; d++)
			if (deliverables[d].phase == PH_CLOSURE && t->actual[d] != DATE_NONE &&
			    t->actual[d] > t->actual[D_ATTESTATION]) {
				snprintf(pf, sizeof pf, "%s.attestation.actual", pd);
				return err_setm(e, ERR_INVALID, pf, "redteam.attestation_before", "date",
						fmt_date(t->actual[D_ATTESTATION], d1), "id", deliverables[d].id,
						"other", fmt_date(t->actual[d], d2), NULL);
			}
	return 0;
}

static int parse_test(json_t *j, const char *path, struct arena *a, struct test *t, struct errinfo *e)
{
	static const char *const keys[] = {"id",     "member",       "title",        "framework",      "notes",
					   "phase",  "critical_functions", "phases", "deliverables", "cycle_override",
					   NULL};
	static const char *const okeys[] = {"next_due", "reason", "decided_by", "decided_on", NULL};
	char p[300], pi[300];
	int rc, fw = 0;
	json_t *ov;
	memset(t, 0, sizeof *t);
	set_date_none(t->start, PH_DATED);
	set_date_none(t->end, PH_DATED);
	set_date_none(t->planned, ND);
	set_date_none(t->actual, ND);
	t->active_start = t->active_end = t->ov_due = t->ov_on = DATE_NONE;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &t->id, e)) || (rc = jx_id(j, "member", path, a, &t->member, e)) ||
	    (rc = jx_text(j, "title", path, false, MAX_NAME, a, &t->title, e)) ||
	    (rc = jx_enum(j, "framework", path, false, framework_parse, "tiber-dk, dora-tlpt", &fw, e)) ||
	    (rc = jx_text(j, "notes", path, false, MAX_TEXT, a, &t->notes, e)) ||
	    (rc = jx_enum(j, "phase", path, true, phase_parse,
			  "preparation, threat_intelligence, red_team, closure, completed", &t->phase, e)))
		return rc;
	t->framework = frameworks[fw];
	json_t *cf = json_object_get(j, "critical_functions");
	jx_path(p, sizeof p, path, "critical_functions");
	if (cf && !json_is_null(cf)) {
		if (!json_is_array(cf))
			return err_setm(e, ERR_INVALID, p, "redteam.cf_array", NULL);
		if ((rc = limit_list(json_array_size(cf), MAX_FUNCTIONS, p, "critical_functions", e)))
			return rc;
		t->ncf = json_array_size(cf);
		t->cf = arena_alloc(a, (t->ncf ? t->ncf : 1) * sizeof *t->cf);
		for (size_t i = 0; i < t->ncf; i++) {
			json_t *v = json_array_get(cf, i);
			jx_index(pi, sizeof pi, p, i);
			if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > MAX_NAME ||
			    memchr(json_string_value(v), 0, json_string_length(v)))
				return err_setm(e, ERR_INVALID, pi, "redteam.cf_text", "max", err_num((char[24]){0},
						(long long)(MAX_NAME)), NULL);
			t->cf[i] = arena_strdup(a, json_string_value(v));
			for (size_t k = 0; k < i; k++)
				if (!strcmp(t->cf[k], t->cf[i]))
					return err_setm(e, ERR_INVALID, pi, "redteam.cf_twice", "name", t->cf[i], NULL);
		}
	}
	if ((rc = parse_phases(j, path, t, e)) || (rc = parse_deliverables(j, path, a, t, e)))
		return rc;
	if (t->ncf == 0 && (t->phase > PH_PREP || t->actual[D_SCOPE] != DATE_NONE))
		return err_setm(e, ERR_INVALID, p, "redteam.cf_required", NULL);
	if ((rc = opt_object(j, "cycle_override", path, &ov, e)))
		return rc;
	if (ov) {
		jx_path(p, sizeof p, path, "cycle_override");
		if ((rc = jx_check_keys(ov, p, okeys, e)) || (rc = jx_date(ov, "next_due", p, true, &t->ov_due, e)) ||
		    (rc = jx_text(ov, "reason", p, true, MAX_TEXT, a, &t->ov_reason, e)) ||
		    (rc = jx_text(ov, "decided_by", p, false, MAX_NAME, a, &t->ov_by, e)) ||
		    (rc = jx_date(ov, "decided_on", p, false, &t->ov_on, e)))
			return rc;
		t->has_override = true;
	}
	return 0;
}

static json_t *test_json(const struct test *t)
{
	json_t *o = json_object();
	jx_set_str(o, "id", t->id);
	jx_set_str(o, "member", t->member);
	jx_set_str(o, "title", t->title);
	jx_set_str(o, "framework", t->framework);
	jx_set_str(o, "phase", phase_names[t->phase]);
	if (t->ncf) {
		json_t *cf = json_array();
		for (size_t i = 0; i < t->ncf; i++)
			json_array_append_new(cf, json_string(t->cf[i]));
		json_object_set_new(o, "critical_functions", cf);
	}
	json_t *phases = json_object();
	for (int q = 0; q < PH_DATED && q <= t->phase; q++) {
		json_t *pj = json_object();
		jx_set_date(pj, "start", t->start[q]);
		jx_set_date(pj, "end", t->end[q]);
		if (q == PH_RT) {
			jx_set_date(pj, "active_start", t->active_start);
			jx_set_date(pj, "active_end", t->active_end);
		}
		json_object_set_new(phases, phase_names[q], pj);
	}
	json_object_set_new(o, "phases", phases);
	json_t *dels = json_object();
	for (int d = 0; d < ND; d++) {
		if (t->planned[d] == DATE_NONE && t->actual[d] == DATE_NONE && !t->ref[d])
			continue;
		json_t *dj = json_object();
		jx_set_date(dj, "planned", t->planned[d]);
		jx_set_date(dj, "actual", t->actual[d]);
		jx_set_str(dj, "ref", t->ref[d]);
		json_object_set_new(dels, deliverables[d].id, dj);
	}
	json_object_set_new(o, "deliverables", dels);
	if (t->has_override) {
		json_t *ov = json_object();
		jx_set_date(ov, "next_due", t->ov_due);
		jx_set_str(ov, "reason", t->ov_reason);
		jx_set_str(ov, "decided_by", t->ov_by);
		jx_set_date(ov, "decided_on", t->ov_on);
		json_object_set_new(o, "cycle_override", ov);
	}
	jx_set_str(o, "notes", t->notes);
	return o;
}

int redteam_test_check(json_t *body, json_t *prev, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct test t, old;
	char p[300];
	path = path ? path : "";
	arena_init(&a);
	int rc = parse_test(body, path, &a, &t, e);
	if (rc)
		goto out;
	if (prev) {
		if ((rc = parse_test(prev, "prev", &a, &old, e)))
			goto out;
		if (strcmp(old.id, t.id) || strcmp(old.member, t.member)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, strcmp(old.id,
				      t.id) ? "id" : "member"), "redteam.id_change", NULL);
			goto out;
		}
		if (t.phase < old.phase) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "phase"), "redteam.phase_back",
				      "from", phase_names[old.phase], "to", phase_names[t.phase], NULL);
			goto out;
		}
	}
	*out = test_json(&t);
out:
	arena_free(&a);
	return rc;
}

/* ---- findings ------------------------------------------------------------ */

static int parse_finding(json_t *j, const char *path, struct arena *a, struct finding *f, struct errinfo *e)
{
	static const char *const keys[] = {"id",       "test",     "member",            "title",
					   "description", "severity", "category",       "critical_function",
					   "reported_on", "remediation", NULL};
	static const char *const rkeys[] = {"owner", "due", "status", "progress", "done_on", "note", NULL};
	char p[300], pf[300];
	json_t *rem;
	int rc;
	memset(f, 0, sizeof *f);
	f->reported_on = f->due = f->done_on = DATE_NONE;
	f->progress = -1;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &f->id, e)) || (rc = jx_id(j, "test", path, a, &f->test, e)) ||
	    (rc = jx_id(j, "member", path, a, &f->member, e)) ||
	    (rc = jx_text(j, "title", path, true, MAX_NAME, a, &f->title, e)) ||
	    (rc = jx_text(j, "description", path, false, MAX_TEXT, a, &f->description, e)) ||
	    (rc = jx_enum(j, "severity", path, true, severity_parse, "critical, high, medium, low", &f->severity, e)) ||
	    (rc = jx_enum(j, "category", path, true, category_parse,
			  "initial_access, credential_access, privilege_escalation, lateral_movement, persistence, "
			  "detection_response, data_exfiltration, social_engineering, physical_security, third_party, "
			  "other",
			  &f->category, e)) ||
	    (rc = jx_text(j, "critical_function", path, false, MAX_NAME, a, &f->critical_function, e)) ||
	    (rc = jx_date(j, "reported_on", path, true, &f->reported_on, e)) ||
	    (rc = opt_object(j, "remediation", path, &rem, e)))
		return rc;
	if (!rem)
		return 0;
	f->has_rem = true;
	f->status = RS_OPEN;
	jx_path(p, sizeof p, path, "remediation");
	if ((rc = jx_check_keys(rem, p, rkeys, e)) ||
	    (rc = jx_text(rem, "owner", p, true, MAX_NAME, a, &f->owner, e)) ||
	    (rc = jx_date(rem, "due", p, true, &f->due, e)) ||
	    (rc = jx_enum(rem, "status", p, false, rstatus_parse, "open, in_progress, done, risk_accepted", &f->status,
			  e)) ||
	    (rc = jx_int(rem, "progress", p, false, 0, 100, &f->progress, e)) ||
	    (rc = jx_date(rem, "done_on", p, false, &f->done_on, e)) ||
	    (rc = jx_text(rem, "note", p, false, MAX_TEXT, a, &f->rem_note, e)))
		return rc;
	if (f->due < f->reported_on)
		return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "due"), "redteam.due_before", NULL);
	if (f->status == RS_DONE) {
		if (f->done_on == DATE_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "done_on"), "redteam.done_on", NULL);
		if (f->progress >= 0 && f->progress != 100)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "progress"), "redteam.done_progress",
					NULL);
		f->progress = 100;
		if (f->done_on < f->reported_on)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "done_on"), "redteam.done_before",
					NULL);
	} else {
		if (f->done_on != DATE_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "done_on"), "redteam.done_on_only",
					NULL);
		if (f->progress < 0)
			f->progress = 0;
		if (f->progress == 100 && f->status != RS_ACCEPTED)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "progress"), "redteam.progress_done",
					NULL);
	}
	return 0;
}

static json_t *finding_json(const struct finding *f)
{
	json_t *o = json_object();
	jx_set_str(o, "id", f->id);
	jx_set_str(o, "test", f->test);
	jx_set_str(o, "member", f->member);
	jx_set_str(o, "title", f->title);
	jx_set_str(o, "description", f->description);
	jx_set_str(o, "severity", severity_names[f->severity]);
	jx_set_str(o, "category", redteam_categories[f->category]);
	jx_set_str(o, "critical_function", f->critical_function);
	jx_set_date(o, "reported_on", f->reported_on);
	if (f->has_rem) {
		json_t *r = json_object();
		jx_set_str(r, "owner", f->owner);
		jx_set_date(r, "due", f->due);
		jx_set_str(r, "status", rstatus_names[f->status]);
		jx_set_int(r, "progress", f->progress);
		jx_set_date(r, "done_on", f->done_on);
		jx_set_str(r, "note", f->rem_note);
		json_object_set_new(o, "remediation", r);
	}
	return o;
}

/* The finding against the test it belongs to (fpath names the finding). */
static int finding_vs_test(const struct finding *f, const struct test *t, const char *fpath, struct errinfo *e)
{
	char p[300], d1[11], d2[11];
	if (strcmp(f->test, t->id))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, fpath, "test"), "redteam.finding_test", "given",
				f->test, "test", t->id, NULL);
	if (strcmp(f->member, t->member))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, fpath, "member"), "redteam.test_member", "test",
				t->id, "member", t->member, "given", f->member, NULL);
	if (t->phase < PH_RT)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, fpath, "test"), "redteam.not_rt", "test", t->id,
				"current", phase_names[t->phase], NULL);
	if (f->reported_on < t->start[PH_RT])
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, fpath, "reported_on"), "redteam.reported_before",
				"reported", fmt_date(f->reported_on, d1), "start", fmt_date(t->start[PH_RT], d2), NULL);
	if (f->critical_function) {
		bool found = false;
		for (size_t i = 0; i < t->ncf; i++)
			found |= !strcmp(t->cf[i], f->critical_function);
		if (!found)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, fpath, "critical_function"),
					"redteam.not_cf", "function", f->critical_function, "test", t->id, NULL);
	}
	return 0;
}

int redteam_finding_check(json_t *body, json_t *test, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct finding f;
	struct test t;
	path = path ? path : "";
	arena_init(&a);
	int rc = parse_finding(body, path, &a, &f, e);
	if (!rc && test && !(rc = parse_test(test, "test", &a, &t, e)))
		rc = finding_vs_test(&f, &t, path, e);
	if (!rc)
		*out = finding_json(&f);
	arena_free(&a);
	return rc;
}

/* ---- loading many -------------------------------------------------------- */

struct programme {
	struct test *t;
	size_t nt;
	struct finding *f;
	size_t nf;
	long *ftest; /* per finding: index of its test, -1 when not given */
	const char **members; /* sorted, unique */
	size_t nm;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct idpos {
	const char *id;
	size_t pos;
};

/* By id, then by position, so a duplicate is reported at its later place. */
static int cmp_idpos(const void *a, const void *b)
{
	const struct idpos *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static long member_index(const struct programme *pg, const char *m)
{
	const char **hit = bsearch(&m, pg->members, pg->nm, sizeof *pg->members, cmp_str);
	return hit ? (long)(hit - pg->members) : -1;
}

static int load(json_t *tests, json_t *findings, struct arena *a, struct programme *pg, struct errinfo *e)
{
	char p[300];
	int rc;
	memset(pg, 0, sizeof *pg);
	if (!json_is_array(tests))
		return err_setm(e, ERR_INVALID, "tests", "redteam.tests_array", NULL);
	if (!json_is_array(findings))
		return err_setm(e, ERR_INVALID, "findings", "redteam.findings_array", NULL);
	if (json_array_size(tests) > MAX_RECORDS || json_array_size(findings) > MAX_RECORDS)
		return err_setm(e, ERR_LIMIT, json_array_size(tests) > MAX_RECORDS ? "tests" : "findings",
				"forum.records_max", "max", err_num((char[24]){0}, (long long)(MAX_RECORDS)), NULL);
	pg->nt = json_array_size(tests);
	pg->nf = json_array_size(findings);
	pg->t = arena_alloc(a, (pg->nt ? pg->nt : 1) * sizeof *pg->t);
	pg->f = arena_alloc(a, (pg->nf ? pg->nf : 1) * sizeof *pg->f);
	pg->ftest = arena_alloc(a, (pg->nf ? pg->nf : 1) * sizeof *pg->ftest);
	for (size_t i = 0; i < pg->nt; i++) {
		if ((rc = parse_test(json_array_get(tests, i), jx_index(p, sizeof p, "tests", i), a, &pg->t[i], e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(pg->t[k].id, pg->t[i].id)) {
				snprintf(p, sizeof p, "tests[%zu].id", i);
				return err_setm(e, ERR_INVALID, p, "redteam.test_twice", "id", pg->t[i].id, "other",
						err_num((char[24]){0}, (long long)(k)), NULL);
			}
	}
	for (size_t i = 0; i < pg->nf; i++) {
		jx_index(p, sizeof p, "findings", i);
		if ((rc = parse_finding(json_array_get(findings, i), p, a, &pg->f[i], e)))
			return rc;
		pg->ftest[i] = -1;
		for (size_t k = 0; k < pg->nt; k++)
			if (!strcmp(pg->t[k].id, pg->f[i].test))
				pg->ftest[i] = (long)k;
		if (pg->ftest[i] >= 0 && (rc = finding_vs_test(&pg->f[i], &pg->t[pg->ftest[i]], p, e)))
			return rc;
	}
	/* finding ids are unique too: sort (id, position) pairs and compare neighbours */
	struct idpos *ids = arena_alloc(a, (pg->nf ? pg->nf : 1) * sizeof *ids);
	for (size_t i = 0; i < pg->nf; i++)
		ids[i] = (struct idpos){pg->f[i].id, i};
	qsort(ids, pg->nf, sizeof *ids, cmp_idpos);
	for (size_t i = 1; i < pg->nf; i++)
		if (!strcmp(ids[i - 1].id, ids[i].id)) {
			snprintf(p, sizeof p, "findings[%zu].id", ids[i].pos);
			return err_setm(e, ERR_INVALID, p, "redteam.finding_twice", "id", ids[i].id, "other",
					err_num((char[24]){0}, (long long)(ids[i - 1].pos)), NULL);
		}
	/* the members, sorted and unique */
	pg->members = arena_alloc(a, (pg->nt + pg->nf ? pg->nt + pg->nf : 1) * sizeof *pg->members);
	for (size_t i = 0; i < pg->nt; i++)
		pg->members[pg->nm++] = pg->t[i].member;
	for (size_t i = 0; i < pg->nf; i++)
		pg->members[pg->nm++] = pg->f[i].member;
	qsort(pg->members, pg->nm, sizeof *pg->members, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < pg->nm; i++)
		if (u == 0 || strcmp(pg->members[u - 1], pg->members[i]))
			pg->members[u++] = pg->members[i];
	pg->nm = u;
	return 0;
}

/* ---- status -------------------------------------------------------------- */

/* The date the test entered its current phase. */
static int32_t phase_since(const struct test *t)
{
	return t->phase == PH_COMPLETED ? t->end[PH_CLOSURE] : t->start[t->phase];
}

static json_t *test_status(const struct test *t, int32_t today)
{
	json_t *o = json_object(), *overdue = json_array();
	char d[11];
	jx_set_str(o, "id", t->id);
	jx_set_str(o, "title", t->title);
	jx_set_str(o, "phase", phase_names[t->phase]);
	jx_set_str(o, "phase_da", phase_names_da[t->phase]);
	jx_set_date(o, "phase_since", phase_since(t));
	int next = -1;
	for (int i = 0; i < ND && t->phase != PH_COMPLETED; i++) {
		if (t->actual[i] != DATE_NONE || t->planned[i] == DATE_NONE)
			continue;
		if (t->planned[i] < today) {
			json_t *dj = json_object();
			jx_set_str(dj, "deliverable", deliverables[i].id);
			jx_set_str(dj, "name", deliverables[i].name);
			jx_set_str(dj, "name_da", deliverables[i].name_da);
			jx_set_date(dj, "planned", t->planned[i]);
			jx_set_int(dj, "days_overdue", today - t->planned[i]);
			json_array_append_new(overdue, dj);
		} else if (next < 0 || t->planned[i] < t->planned[next]) {
			next = i;
		}
	}
	json_object_set_new(o, "overdue_deliverables", overdue);
	if (next >= 0) {
		json_t *nj = json_object();
		jx_set_str(nj, "deliverable", deliverables[next].id);
		jx_set_date(nj, "planned", t->planned[next]);
		json_object_set_new(o, "next_deliverable", nj);
	}
	if (t->active_start != DATE_NONE && t->active_end != DATE_NONE) {
		json_t *aj = json_object();
		jx_set_int(aj, "days", t->active_end - t->active_start);
		jx_set_int(aj, "minimum_days", REDTEAM_ACTIVE_MIN_DAYS);
		json_object_set_new(aj, "below_minimum", json_boolean(t->active_end - t->active_start < REDTEAM_ACTIVE_MIN_DAYS));
		jx_set_str(aj, "source", ACTIVE_SOURCE);
		json_object_set_new(o, "active_testing", aj);
	}
	if (t->phase == PH_COMPLETED)
		jx_set_str(o, "attested_on", fmt_date(t->actual[D_ATTESTATION], d));
	return o;
}

static bool is_open(const struct finding *f)
{
	return !f->has_rem || f->status == RS_OPEN || f->status == RS_IN_PROGRESS;
}

static json_t *member_status(const struct programme *pg, const char *m, int32_t today)
{
	json_t *o = json_object(), *tests = json_array();
	const struct test *anchor = NULL, *ovt = NULL, *current = NULL;
	char d[11];
	bool in_progress = false;
	jx_set_str(o, "member", m);
	/* tests in the order they started (insertion sort: a member has few tests) */
	size_t n = 0;
	const struct test **mine = xcalloc(pg->nt ? pg->nt : 1, sizeof *mine);
	for (size_t i = 0; i < pg->nt; i++)
		if (!strcmp(pg->t[i].member, m))
			mine[n++] = &pg->t[i];
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && (mine[k - 1]->start[PH_PREP] > mine[k]->start[PH_PREP] ||
					     (mine[k - 1]->start[PH_PREP] == mine[k]->start[PH_PREP] &&
					      strcmp(mine[k - 1]->id, mine[k]->id) > 0));
		     k--) {
			const struct test *tmp = mine[k];
			mine[k] = mine[k - 1];
			mine[k - 1] = tmp;
		}
	for (size_t i = 0; i < n; i++) {
		const struct test *t = mine[i];
		json_array_append_new(tests, test_status(t, today));
		if (t->phase == PH_COMPLETED) {
			if (!anchor || t->actual[D_ATTESTATION] >= anchor->actual[D_ATTESTATION])
				anchor = t;
		} else {
			in_progress = true;
			current = t;
		}
		if (t->has_override)
			ovt = t;
	}
	free(mine);
	json_object_set_new(o, "tests", tests);
	json_object_set_new(o, "current_test", current ? json_string(current->id) : json_null());

	/* findings */
	json_t *fo = json_object(), *bysev = json_object(), *overdue = json_array();
	size_t total = 0, open = 0, noplan = 0, sev[NSEV] = {0};
	for (size_t i = 0; i < pg->nf; i++) {
		const struct finding *f = &pg->f[i];
		if (strcmp(f->member, m))
			continue;
		total++;
		if (!is_open(f))
			continue;
		open++;
		sev[f->severity]++;
		if (!f->has_rem)
			noplan++;
		else if (f->due < today) {
			json_t *fj = json_object();
			jx_set_str(fj, "finding", f->id);
			jx_set_str(fj, "test", f->test);
			jx_set_str(fj, "title", f->title);
			jx_set_str(fj, "severity", severity_names[f->severity]);
			jx_set_str(fj, "owner", f->owner);
			jx_set_date(fj, "due", f->due);
			jx_set_int(fj, "days_overdue", today - f->due);
			jx_set_int(fj, "progress", f->progress);
			json_array_append_new(overdue, fj);
		}
	}
	for (int s = 0; s < NSEV; s++)
		jx_set_int(bysev, severity_names[s], (long long)sev[s]);
	jx_set_int(fo, "total", (long long)total);
	jx_set_int(fo, "open", (long long)open);
	json_object_set_new(fo, "open_by_severity", bysev);
	jx_set_int(fo, "open_without_remediation", (long long)noplan);
	json_object_set_new(fo, "overdue_remediations", overdue);
	json_object_set_new(o, "findings", fo);

	/* the cycle: the last attestation + 3 years, or the authority's date */
	json_t *cy = json_object();
	const struct test *ov = anchor ? (anchor->has_override ? anchor : NULL) : ovt;
	int32_t due = ov ? ov->ov_due
			 : anchor ? date_add_months(anchor->actual[D_ATTESTATION], REDTEAM_CYCLE_MONTHS) : DATE_NONE;
	json_object_set_new(cy, "last_test", anchor ? json_string(anchor->id) : json_null());
	json_object_set_new(cy, "last_attestation",
			    anchor ? json_string(fmt_date(anchor->actual[D_ATTESTATION], d)) : json_null());
	json_object_set_new(cy, "next_test_due", due != DATE_NONE ? json_string(fmt_date(due, d)) : json_null());
	if (ov) {
		jx_set_str(cy, "basis", "authority_override");
		jx_set_str(cy, "override_reason", ov->ov_reason);
		jx_set_str(cy, "override_by", ov->ov_by);
		jx_set_date(cy, "override_on", ov->ov_on);
	} else if (anchor) {
		jx_set_str(cy, "basis", "attestation_plus_3_years");
	}
	const char *status = "no_completed_test";
	if (due != DATE_NONE) {
		if (due < today)
			status = "overdue";
		else if (due <= date_add_months(today, REDTEAM_DUE_SOON_MONTHS))
			status = "due_within_12_months";
		else
			status = "ok";
		jx_set_int(cy, "days_until_due", due - today);
	}
	jx_set_str(cy, "status", status);
	json_object_set_new(cy, "test_in_progress", json_boolean(in_progress));
	jx_set_str(cy, "source", CYCLE_SOURCE);
	json_object_set_new(o, "cycle", cy);
	return o;
}

int redteam_status(json_t *tests, json_t *findings, int32_t today, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct programme pg;
	arena_init(&a);
	int rc = load(tests, findings, &a, &pg, e);
	if (!rc) {
		json_t *o = json_object(), *members = json_array();
		jx_set_date(o, "today", today);
		for (size_t i = 0; i < pg.nm; i++)
			json_array_append_new(members, member_status(&pg, pg.members[i], today));
		json_object_set_new(o, "members", members);
		*out = o;
	}
	arena_free(&a);
	return rc;
}

/* ---- the anonymised aggregate ------------------------------------------- */

/*
 * Nodes of the count tree: 0 all findings, 1+s severity s, CELL(s,c) one
 * severity × category cell.  Each node keeps the set of members its
 * findings come from (a row of nm bytes).
 */
#define NODES (1 + NSEV + NSEV * NCAT)
#define SEVN(s) (1 + (s))
#define CELL(s, c) (1 + NSEV + (s) * NCAT + (c))

struct agg {
	size_t nm;
	int k;
	uint8_t *mem;  /* NODES × nm */
	uint8_t *done_mem; /* (1+NSEV) × nm: members with a remediated finding */
	size_t count[NODES];
	size_t st[1 + NSEV][NRS];
	int *days[1 + NSEV]; /* days to remediate of done findings */
	size_t ndays[1 + NSEV];
	bool shown[NODES];
};

static size_t popcount_row(const uint8_t *row, size_t nm)
{
	size_t n = 0;
	for (size_t i = 0; i < nm; i++)
		n += row[i] != 0;
	return n;
}

static size_t members_of(const struct agg *g, int node)
{
	return popcount_row(g->mem + (size_t)node * g->nm, g->nm);
}

/* Distinct members over a set of nodes (flags over NODES). */
static size_t union_members(const struct agg *g, const bool *in, uint8_t *scratch)
{
	memset(scratch, 0, g->nm ? g->nm : 1);
	for (int n = 0; n < NODES; n++)
		if (in[n])
			for (size_t i = 0; i < g->nm; i++)
				scratch[i] |= g->mem[(size_t)n * g->nm + i];
	return popcount_row(scratch, g->nm);
}

static bool small(const struct agg *g, size_t members)
{
	return members > 0 && members < (size_t)g->k;
}

/* Collect the atom of node n: its cells that are not shown and not under a shown descendant other than n. */
static void atom_of(const struct agg *g, int n, bool *in)
{
	memset(in, 0, NODES * sizeof *in);
	if (n >= CELL(0, 0)) {
		in[n] = true;
		return;
	}
	for (int s = 0; s < NSEV; s++) {
		if (n == 0 && g->shown[SEVN(s)])
			continue;
		if (n != 0 && n != SEVN(s))
			continue;
		for (int c = 0; c < NCAT; c++)
			if (!g->shown[CELL(s, c)])
				in[CELL(s, c)] = true;
	}
}

/*
 * What a reader can derive from the published counts is spanned by the
 * atoms of the published nodes; each must come from 0 or >= k members.
 */
static bool atoms_ok(const struct agg *g, uint8_t *scratch)
{
	bool in[NODES];
	for (int n = 0; n < NODES; n++) {
		if (!g->shown[n])
			continue;
		atom_of(g, n, in);
		if (small(g, union_members(g, in, scratch)))
			return false;
	}
	return true;
}

/* The shown cell of severity s with findings and the fewest of them, or -1. */
static int smallest_shown_cell(const struct agg *g, int s)
{
	int pick = -1;
	for (int c = 0; c < NCAT; c++) {
		int n = CELL(s, c);
		if (g->shown[n] && g->count[n] > 0 && (pick < 0 || g->count[n] < g->count[pick]))
			pick = n;
	}
	return pick;
}

/*
 * tested: the members whose completed tests are counted.  Below k nothing is
 * published, not even a zero: "none of them had such a finding" would
 * describe every one of a small, known group.
 */
static void suppress_tree(struct agg *g, size_t tested, uint8_t *scratch)
{
	bool in[NODES];
	for (int n = 0; n < NODES; n++)
		g->shown[n] = tested >= (size_t)g->k && !small(g, members_of(g, n));
	/* each shown severity: its suppressed cells together from 0 or >= k members */
	for (int s = 0; s < NSEV; s++) {
		if (!g->shown[SEVN(s)])
			continue;
		for (;;) {
			atom_of(g, SEVN(s), in);
			if (!small(g, union_members(g, in, scratch)))
				break;
			int pick = smallest_shown_cell(g, s);
			ASSERT(pick >= 0); /* else the atom would be the whole severity, >= k members */
			g->shown[pick] = false;
		}
	}
	/* all findings: the cells under suppressed severities together from 0 or >= k members */
	if (g->shown[0]) {
		for (;;) {
			atom_of(g, 0, in);
			if (!small(g, union_members(g, in, scratch)))
				break;
			int pick = -1;
			for (int s = 0; s < NSEV; s++)
				if (g->shown[SEVN(s)] && g->count[SEVN(s)] > 0 &&
				    (pick < 0 || g->count[SEVN(s)] < g->count[SEVN(pick)]))
					pick = s;
			ASSERT(pick >= 0); /* else the atom would be every finding, >= k members */
			g->shown[SEVN(pick)] = false;
			/* its suppressed cells (if any) come from >= k members; else give up its smallest cell */
			bool any = false;
			for (int c = 0; c < NCAT; c++)
				any |= !g->shown[CELL(pick, c)] && g->count[CELL(pick, c)] > 0;
			if (!any)
				g->shown[smallest_shown_cell(g, pick)] = false;
		}
	}
	ASSERT(atoms_ok(g, scratch));
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static json_t *fewer(int k, const char *what)
{
	char buf[64];
	snprintf(buf, sizeof buf, "fewer than %d%s", k, what);
	return json_string(buf);
}

/* Remediation shares and median days for a shown node (0 or a severity). */
static json_t *remediation_json(const struct agg *g, int node)
{
	json_t *r = json_object();
	size_t n = g->count[node];
	for (int st = 0; st < NRS; st++) {
		char key[40];
		snprintf(key, sizeof key, "%s_pct", rstatus_names[st]);
		jx_set_int(r, key, n ? (long long)llround(100.0 * (double)g->st[node][st] / (double)n) : 0);
	}
	size_t dm = popcount_row(g->done_mem + (size_t)node * g->nm, g->nm);
	if (g->ndays[node] > 0 && dm >= (size_t)g->k) {
		int *d = g->days[node];
		size_t nd = g->ndays[node];
		qsort(d, nd, sizeof *d, cmp_int);
		double med = nd % 2 ? d[nd / 2] : (d[nd / 2 - 1] + d[nd / 2]) / 2.0;
		json_object_set_new(r, "median_days_to_remediate", json_real(baseline_round(med, 1)));
	} else {
		json_object_set_new(r, "median_days_to_remediate", fewer(g->k, " members"));
	}
	return r;
}

static json_t *count_json(const struct agg *g, int node)
{
	return g->shown[node] ? json_integer((json_int_t)g->count[node]) : json_string("suppressed");
}

int redteam_aggregate(json_t *tests, json_t *findings, int min_group, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct programme pg;
	struct agg g;
	arena_init(&a);
	memset(&g, 0, sizeof g);
	int rc = 0;
	if (min_group < 1) {
		rc = err_setm(e, ERR_INVALID, "min_group", "forum.min_group_1", NULL);
		goto out;
	}
	if ((rc = load(tests, findings, &a, &pg, e)))
		goto out;
	g.nm = pg.nm;
	g.k = min_group;
	size_t row = g.nm ? g.nm : 1;
	g.mem = arena_alloc(&a, NODES * row);
	g.done_mem = arena_alloc(&a, (1 + NSEV) * row);
	uint8_t *scratch = arena_alloc(&a, row);
	uint8_t *tested = arena_alloc(&a, row);
	for (int n = 0; n < 1 + NSEV; n++)
		g.days[n] = arena_alloc(&a, (pg.nf ? pg.nf : 1) * sizeof(int));
	for (size_t i = 0; i < pg.nt; i++)
		if (pg.t[i].phase == PH_COMPLETED)
			tested[member_index(&pg, pg.t[i].member)] = 1;
	for (size_t i = 0; i < pg.nf; i++) {
		const struct finding *f = &pg.f[i];
		/* only completed tests' findings are shared with the sector */
		if (pg.ftest[i] < 0 || pg.t[pg.ftest[i]].phase != PH_COMPLETED)
			continue;
		long m = member_index(&pg, f->member);
		ASSERT(m >= 0);
		int nodes[3] = {0, SEVN(f->severity), CELL(f->severity, f->category)};
		for (int k = 0; k < 3; k++) {
			g.count[nodes[k]]++;
			g.mem[(size_t)nodes[k] * row + (size_t)m] = 1;
		}
		int st = f->has_rem ? f->status : RS_OPEN;
		for (int k = 0; k < 2; k++) {
			g.st[nodes[k]][st]++;
			if (st == RS_DONE) {
				g.days[nodes[k]][g.ndays[nodes[k]]++] = f->done_on - f->reported_on;
				g.done_mem[(size_t)nodes[k] * row + (size_t)m] = 1;
			}
		}
	}
	size_t nt = popcount_row(tested, g.nm);
	suppress_tree(&g, nt, scratch);

	json_t *o = json_object(), *bysev = json_array(), *cells = json_array();
	char min[16];
	snprintf(min, sizeof min, "%d", min_group);
	jx_set_int(o, "min_group", min_group);
	msg_set_json(o, "basis", &(struct msg){.code = "redteam.aggregate_basis"});
	msg_set_json(o, "suppression",
		     &(struct msg){.code = "redteam.suppression", .n = 1, .name = {"min"}, .value = {min}});
	json_object_set_new(o, "tested_members",
			    nt >= (size_t)min_group ? json_integer((json_int_t)nt) : fewer(min_group, ""));
	json_object_set_new(o, "findings", count_json(&g, 0));
	if (g.shown[0] && g.count[0] > 0)
		json_object_set_new(o, "remediation", remediation_json(&g, 0));
	for (int s = 0; s < NSEV; s++) {
		json_t *sj = json_object();
		jx_set_str(sj, "severity", severity_names[s]);
		jx_set_str(sj, "severity_da", severity_names_da[s]);
		json_object_set_new(sj, "findings", count_json(&g, SEVN(s)));
		if (g.shown[SEVN(s)] && g.count[SEVN(s)] > 0)
			json_object_set_new(sj, "remediation", remediation_json(&g, SEVN(s)));
		json_array_append_new(bysev, sj);
		for (int c = 0; c < NCAT; c++) {
			json_t *cj = json_object();
			jx_set_str(cj, "severity", severity_names[s]);
			jx_set_str(cj, "category", redteam_categories[c]);
			jx_set_str(cj, "category_name", category_names[c]);
			jx_set_str(cj, "category_name_da", category_names_da[c]);
			json_object_set_new(cj, "findings", count_json(&g, CELL(s, c)));
			json_array_append_new(cells, cj);
		}
	}
	json_object_set_new(o, "by_severity", bysev);
	json_object_set_new(o, "cells", cells);
	*out = o;
out:
	arena_free(&a);
	return rc;
}
