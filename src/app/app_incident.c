/*
 * app_incident.c — the use cases of incidents (app_incident.h): stored
 * incidents and their submissions, reports, deadlines and recurring
 * incidents, and the assessment of a facts document that stores nothing.
 *
 * Reads evaluate afresh as of x->now_ms under the rules given (NULL: the
 * shipped ones, embedded in the binary, so no file is opened).  Writes go
 * through increc.c, which validates the whole document, writes the row,
 * its timeline event and the audit entry; each write here is one
 * transaction opened before increc reads anything (the organisation, the
 * stored incident, whether the id exists), so increc's own begin is a
 * savepoint inside it.
 */
#include "app_incident.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "graph.h"
#include "increc.h"
#include "dora_ir.h"
#include "increport.h"
#include "app_webhook.h"
#include "orgview.h"
#include "recurring.h"

/*
 * What an evaluation reads: the rules (the caller's, or the shipped ones
 * loaded into own), and either one incident, assessed, or every incident
 * of an organisation.
 */
struct eval {
	struct rules own;
	const struct rules *rs;
	struct increc one;
	struct assessment as; /* of one */
	struct increc *xs;
	size_t n;
};

/* Load the rules and, with id, that incident of org (assessed), else with org all of org's. */
static int eval_begin(struct app *x, const struct rules *given, const char *org, const char *id, struct eval *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->rs = given ? given : &ev->own;
	int rc = given ? 0 : rules_load(&ev->own, NULL, x->e);
	if (rc)
		return rc;
	if (id) {
		if (!*id)
			return err_setm(x->e, ERR_INVALID, "id", "incident.give_id", NULL);
		if (!(rc = increc_load(x->st, org, id, x->a, &ev->one, x->e)))
			assess_incident(ev->rs, &ev->one.inc, x->now_ms, ASSESS_ALL, x->a, &ev->as);
		return rc;
	}
	return org ? increc_load_all(x->st, org, x->a, &ev->xs, &ev->n, x->e) : 0;
}

static void eval_end(struct eval *ev)
{
	increc_free(&ev->one);
	increc_free_all(ev->xs, ev->n);
	rules_free(&ev->own);
}

/* End a write's transaction: commit when rc is 0, else roll back and drop *out. */
static int finish(struct app *x, int rc, json_t **out)
{
	if (!rc)
		rc = store_commit(x->st, x->e);
	else
		store_rollback(x->st);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static json_t *instant_json(int64_t ms)
{
	char b[32];
	instant_format_cph(ms, b);
	return json_string(b);
}

/* ---- reads ---- */

/* The earliest open report of an assessment, or NULL. */
static const struct report_due *next_due(const struct assessment *as, enum regime *which)
{
	const struct report_due *best = NULL;
	for (int r = 0; r < REGIME_N; r++)
		for (int i = 0; i < as->r[r].nrep; i++) {
			const struct report_due *d = &as->r[r].rep[i];
			if (d->status == RS_SUBMITTED || d->due_ms == INSTANT_UNKNOWN)
				continue;
			if (!best || d->due_ms < best->due_ms) {
				best = d;
				*which = r;
			}
		}
	return best;
}

/* One incident as a list shows it: id, title, status, detection, verdicts, next due report. */
static json_t *list_item(const struct increc *xi, const struct assessment *as)
{
	json_t *verdicts = json_object(), *provisional = json_object();
	for (int r = 0; r < REGIME_N; r++)
		if (as->r[r].applies) {
			json_object_set_new(verdicts, regime_id(r), json_string(as->r[r].verdict));
			/* how many unknown facts could still change this verdict (the page says so) */
			if (as->r[r].provisional)
				json_object_set_new(provisional, regime_id(r), json_integer(as->r[r].nunknown));
		}
	json_t *o = json_pack("{sssssssososo}", "id", xi->rec.id, "title", xi->rec.title, "status", xi->rec.status,
			      "detected_at", instant_json(xi->rec.detected_ms), "verdicts", verdicts, "provisional",
			      provisional);
	enum regime which = 0;
	const struct report_due *d = next_due(as, &which);
	if (d)
		json_object_set_new(o, "next_due", json_pack("{sssssoss}", "regime", regime_id(which), "report", d->report,
							   "due", instant_json(d->due_ms), "status",
							   report_status_name(d->status)));
	return o;
}

int app_incident_list(struct app *x, const char *org, const char *status, const struct rules *rules, json_t **out)
{
	struct eval ev;
	int rc = eval_begin(x, rules, org, NULL, &ev);
	*out = rc ? NULL : json_array();
	for (size_t i = 0; !rc && i < ev.n; i++) {
		if (status && strcmp(status, ev.xs[i].rec.status))
			continue;
		struct assessment as;
		assess_incident(ev.rs, &ev.xs[i].inc, x->now_ms, ASSESS_ALL, x->a, &as);
		json_array_append_new(*out, list_item(&ev.xs[i], &as));
	}
	eval_end(&ev);
	return rc;
}

static json_t *timeline_json(struct app *x, const char *org, const char *id)
{
	struct incident_event *ev;
	size_t n;
	struct errinfo ignore = {0};
	json_t *arr = json_array();
	if (store_incident_event_list(x->st, org, id, x->a, &ev, &n, &ignore))
		return arr;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{sIsossss}", "seq", (json_int_t)ev[i].seq, "at", instant_json(ev[i].at_ms), "actor",
				      ev[i].actor, "kind", ev[i].kind);
		if (ev[i].detail)
			json_object_set_new(o, "detail", json_loads(ev[i].detail, 0, NULL));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* What fails when the incident's nodes fail (the dependency map's impact analysis). */
static json_t *impact_json(struct app *x, const char *org, json_t *nodes)
{
	struct orgview v;
	struct errinfo ignore = {0};
	if (!json_array_size(nodes) || orgview_load(&v, x->st, org, x->today, &ignore))
		return json_null();
	uint32_t *seeds = xmalloc(sizeof *seeds * (json_array_size(nodes) + 1));
	uint32_t ns = 0;
	size_t i;
	json_t *id;
	json_array_foreach(nodes, i, id)
	{
		long k = orgview_node(&v, json_string_value(id));
		if (k >= 0)
			seeds[ns++] = (uint32_t)k;
	}
	const uint32_t *failed;
	uint32_t n = graph_impact(&v.graph, &v.scratch, seeds, ns, GRAPH_NONE, &failed);
	json_t *fails = json_array(), *crit = json_array();
	for (uint32_t k = ns; k < n; k++) {
		json_array_append_new(fails, json_string(v.nodes[failed[k]].id));
		if (v.node_eval[failed[k]].critical)
			json_array_append_new(crit, json_string(v.nodes[failed[k]].id));
	}
	for (uint32_t k = 0; k < ns; k++)
		if (v.node_eval[seeds[k]].critical)
			json_array_append_new(crit, json_string(v.nodes[seeds[k]].id));
	free(seeds);
	orgview_free(&v);
	return json_pack("{sososI}", "fails", fails, "critical_affected", crit, "count", (json_int_t)(n - ns));
}

int app_incident_show(struct app *x, const char *org, const char *id, const struct rules *rules, json_t **out)
{
	*out = NULL;
	struct eval ev;
	int rc = eval_begin(x, rules, org, id ? id : "", &ev);
	if (!rc) {
		json_t *res = assess_to_json(&ev.as);
		*out = json_object();
		json_object_set(*out, "incident", ev.one.eval_doc);
		json_object_set_new(*out, "entity_from_organisation", json_boolean(ev.one.entity_from_org));
		json_object_set_new(*out, "status", json_string(ev.one.rec.status));
		json_object_set_new(*out, "impact", impact_json(x, org, json_object_get(ev.one.doc, "nodes")));
		json_object_set(*out, "results", json_object_get(res, "results"));
		json_object_set_new(*out, "obligations", increc_obligations(&ev.one, &ev.as, x->now_ms));
		json_object_set_new(*out, "timeline", timeline_json(x, org, id));
		json_object_set_new(*out, "now", instant_json(x->now_ms));
		json_decref(res);
	}
	eval_end(&ev);
	return rc;
}

int app_incident_submissions(struct app *x, const char *org, const char *id, json_t **out)
{
	*out = NULL;
	struct incident_rec rec;
	struct submission_rec *s;
	size_t n;
	int rc = store_incident_get(x->st, org, id, x->a, &rec, x->e);
	if (rc || (rc = store_submission_list(x->st, org, id, x->a, &s, &n, x->e)))
		return rc;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_loads(s[i].doc, 0, NULL);
		if (!d)
			d = json_object();
		json_object_set_new(d, "seq", json_integer(s[i].seq));
		json_array_append_new(*out, d);
	}
	return 0;
}

int app_incident_report(struct app *x, const char *org, const char *id, enum regime regime, const char *report,
			const struct rules *rules, json_t **out)
{
	*out = NULL;
	if ((int)regime < 0 || regime >= REGIME_N)
		return err_setm(x->e, ERR_INVALID, "regime", "incident.input.regime", NULL);
	if (!report || !increport_exists(regime, report))
		return err_setm(x->e, ERR_INVALID, "report", "incident.no_report_content", "regime", regime_id(regime),
				"report", report ? report : "", NULL);
	struct eval ev;
	int rc = eval_begin(x, rules, org, id ? id : "", &ev);
	struct org o;
	if (!rc)
		rc = store_org_get(x->st, org, x->a, &o, x->e);
	if (!rc) {
		/* the organisation's primary contact is the report's contact point (GDPR art. 33(3)(b), DORA 1.7-1.9) */
		json_t *cs = o.contacts ? json_loads(o.contacts, 0, NULL) : NULL;
		size_t i;
		json_t *c;
		json_array_foreach(cs, i, c)
		{
			if (strcmp(json_string_value(json_object_get(c, "role")) ? json_string_value(json_object_get(c, "role")) : "",
				   "primary"))
				continue;
			const char *nm = json_string_value(json_object_get(c, "name")), *em = json_string_value(json_object_get(c, "email")),
				   *ph = json_string_value(json_object_get(c, "phone"));
			json_object_set_new(ev.one.eval_doc, "contact_point",
					    json_sprintf("%s%s%s%s%s", nm ? nm : "", nm ? ", " : "", em ? em : "", ph ? ", " : "", ph ? ph : ""));
		}
		json_decref(cs);
		*out = increport_content(&ev.one, &ev.as, regime, report);
		/* for the documents: whose report, as of when */
		char now[32];
		instant_format_cph(x->now_ms, now);
		json_object_set_new(*out, "organisation", json_pack("{ssss}", "id", o.id, "name", o.name));
		json_object_set_new(*out, "as_of", json_string(now));
	}
	eval_end(&ev);
	return rc;
}

int app_incident_dora(struct app *x, const char *org, const char *id, const char *report, const struct rules *rules,
		      json_t **out, json_t **missing)
{
	*out = *missing = NULL;
	if (!dora_ir_report_valid(report))
		return err_setm(x->e, ERR_INVALID, "report", "incident.dora_report", "report", report ? report : "",
				NULL);
	struct eval ev;
	int rc = eval_begin(x, rules, org, id ? id : "", &ev);
	struct org o, parent;
	struct dora_ir_org who = {.org = &o};
	if (!rc)
		rc = store_org_get(x->st, org, x->a, &o, x->e);
	if (!rc && o.parent) {
		struct errinfo sub = {0};
		if (!store_org_get(x->st, o.parent, x->a, &parent, &sub))
			who.parent = &parent; /* a parent outside the caller's view is left out */
	}
	if (!rc)
		*out = dora_ir_build(&ev.one, &ev.as, &who, report, missing);
	eval_end(&ev);
	return rc;
}

int app_incident_recurring(struct app *x, const char *org, const struct rules *rules, json_t **out)
{
	struct eval ev;
	int rc = eval_begin(x, rules, org, NULL, &ev);
	*out = rc ? NULL : recurring_check(ev.rs, ev.xs, ev.n, x->now_ms, x->a);
	eval_end(&ev);
	return rc;
}

/* ---- deadlines ---- */

struct open_item {
	int64_t due_ms;
	bool overdue;
	json_t *j;
};

struct open_list {
	struct open_item *items;
	size_t n, cap;
};

/* Add item (owned) merged with the obligation ob (its due, status, basis …). */
static void open_push(struct open_list *l, json_t *item, json_t *ob)
{
	json_object_update(item, ob);
	int64_t due = INSTANT_UNKNOWN;
	if (json_is_string(json_object_get(ob, "due")))
		instant_parse(json_string_value(json_object_get(ob, "due")), &due);
	const char *st = json_string_value(json_object_get(ob, "status"));
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->n++] = (struct open_item){due, st && !strcmp(st, "overdue"), item};
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct open_item *a = pa, *b = pb;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if ((a->due_ms == INSTANT_UNKNOWN) != (b->due_ms == INSTANT_UNKNOWN))
		return a->due_ms == INSTANT_UNKNOWN ? 1 : -1;
	return a->due_ms < b->due_ms ? -1 : a->due_ms > b->due_ms;
}

/* One incident's open reports and obligations. */
static void open_incident(struct open_list *l, const char *org, const struct increc *xi, const struct assessment *as,
			  int64_t now_ms)
{
	for (int r = 0; r < REGIME_N; r++)
		for (int k = 0; k < as->r[r].nrep; k++) {
			const struct report_due *d = &as->r[r].rep[k];
			if (d->status == RS_SUBMITTED)
				continue;
			json_t *rj = assess_report_json(d);
			if (r == REGIME_DORA && d->due_ms != INSTANT_UNKNOWN) {
				/*
				 * Regulation 2025/301 art. 5(3): an entity that cannot submit a report in
				 * time informs the competent authority without undue delay, and before the
				 * time limit passes, explaining why.  Shown with every pending DORA report.
				 */
				json_t *notice = json_pack(
					"{sossss}", "due", json_incref(json_object_get(rj, "due")), "obligation",
					"Kan rapporten ikke indsendes rettidigt, underrettes myndigheden før fristen med "
					"begrundelse (if the report cannot be submitted in time, inform the competent "
					"authority before the time limit, with reasons)",
					"source", "2025/301 art. 5(3)");
				ASSERT(notice);
				json_object_set_new(rj, "late_notice", notice);
			}
			open_push(l,
				  json_pack("{ssssssssss}", "organisation", org, "incident", xi->rec.id, "title", xi->rec.title,
					    "regime", regime_id(r), "verdict", as->r[r].verdict),
				  rj);
			json_decref(rj);
		}
	json_t *obl = increc_obligations(xi, as, now_ms);
	size_t k;
	json_t *ob;
	json_array_foreach(obl, k, ob)
	{
		if (strcmp(json_string_value(json_object_get(ob, "status")), "done"))
			open_push(l, json_pack("{ssssss}", "organisation", org, "incident", xi->rec.id, "title", xi->rec.title),
				  ob);
	}
	json_decref(obl);
}

/* The reports of recurring DORA incidents that together are major. */
static void open_recurring(struct open_list *l, const char *org, json_t *groups)
{
	size_t gi, k;
	json_t *g, *rj;
	json_array_foreach(groups, gi, g)
	{
		if (!json_is_true(json_object_get(g, "major")))
			continue;
		json_array_foreach(json_object_get(json_object_get(g, "combined"), "reports"), k, rj)
		{
			if (strcmp(json_string_value(json_object_get(rj, "status")), "submitted"))
				open_push(l,
					  json_pack("{sssOsssss{sO}}", "organisation", org, "incident",
						    json_object_get(g, "incidents"), "regime", "eu-dora", "verdict", "major",
						    "recurring", "root_cause", json_object_get(g, "root_cause")),
					  rj);
		}
	}
}

/* The open obligations of one organisation's incidents, added to l. */
static int open_org(struct app *x, const struct rules *rs, const char *org, struct open_list *l)
{
	struct increc *xs = NULL;
	size_t n = 0;
	int rc = increc_load_all(x->st, org, x->a, &xs, &n, x->e);
	for (size_t i = 0; i < n && !rc; i++) {
		struct assessment as;
		assess_incident(rs, &xs[i].inc, x->now_ms, ASSESS_ALL, x->a, &as);
		open_incident(l, org, &xs[i], &as, x->now_ms);
	}
	if (!rc) {
		json_t *groups = recurring_check(rs, xs, n, x->now_ms, x->a);
		open_recurring(l, org, groups);
		json_decref(groups);
	}
	increc_free_all(xs, n);
	return rc;
}

int app_incident_deadlines(struct app *x, const char *org, const struct rules *rules, json_t **out)
{
	*out = NULL;
	struct eval ev;
	struct org *orgs = NULL;
	size_t norg = 0;
	struct open_list l = {0};
	int rc = eval_begin(x, rules, NULL, NULL, &ev);
	if (rc)
		goto out;
	if (org) {
		orgs = arena_alloc(x->a, sizeof *orgs);
		if ((rc = store_org_get(x->st, org, x->a, orgs, x->e)))
			goto out;
		norg = 1;
	} else if ((rc = store_org_list(x->st, x->a, &orgs, &norg, x->e))) {
		goto out;
	}
	for (size_t o = 0; o < norg && !rc; o++)
		rc = open_org(x, ev.rs, orgs[o].id, &l);
	if (rc)
		goto out;
	if (l.n) /* qsort must not see a NULL array, even empty */
		qsort(l.items, l.n, sizeof *l.items, cmp_item);
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++) {
		json_array_append_new(arr, l.items[i].j);
		l.items[i].j = NULL;
	}
	*out = json_pack("{sosIso}", "now", instant_json(x->now_ms), "open", (json_int_t)l.n, "obligations", arr);
out:
	for (size_t i = 0; i < l.n; i++)
		json_decref(l.items[i].j);
	free(l.items);
	eval_end(&ev);
	return rc;
}

/* ---- writes ---- */

/*
 * The webhook events of a write (docs/webhooks.md), in its transaction:
 * incident.created for a new incident; incident.classified when the
 * incident's classified_at is set or changes (reclassified: it had one
 * before, classified_before).  Nothing is loaded unless an endpoint of org
 * wants one of them.  The label is the incident's "tlp" (AMBER+STRICT when
 * none).
 */
static int incident_events(struct app *x, const char *org, const char *id, bool created, const char *classified_before)
{
	struct app_webhook_owner own = {org, NULL};
	bool want_created = created && app_webhook_wanted(x, &own, WEBHOOK_INCIDENT_CREATED);
	bool want_class = app_webhook_wanted(x, &own, WEBHOOK_INCIDENT_CLASSIFIED);
	if (!want_created && !want_class)
		return 0;
	struct eval ev;
	int rc = eval_begin(x, NULL, org, id, &ev);
	if (rc) {
		eval_end(&ev);
		return rc;
	}
	json_t *doc = ev.one.doc;
	const char *classified = json_string_value(json_object_get(doc, "classified_at"));
	const char *tlp = json_string_value(json_object_get(doc, "tlp"));
	json_t *verdicts = json_object();
	for (int r = 0; r < REGIME_N; r++)
		if (ev.as.r[r].applies)
			json_object_set_new(verdicts, regime_id(r), json_string(ev.as.r[r].verdict));
	json_t *data = json_pack("{sssssssosOso}", "incident", id, "title", ev.one.rec.title, "status",
				 ev.one.rec.status, "detected_at", instant_json(ev.one.rec.detected_ms), "verdicts",
				 verdicts, "classified_at", classified ? json_string(classified) : json_null());
	json_decref(verdicts);
	if (want_created)
		rc = app_webhook_emit(x, &own, WEBHOOK_INCIDENT_CREATED, tlp, NULL, data);
	bool changed = classified && (!classified_before || strcmp(classified, classified_before));
	if (!rc && want_class && changed) {
		json_object_set_new(data, "reclassified", json_boolean(classified_before != NULL));
		rc = app_webhook_emit(x, &own, WEBHOOK_INCIDENT_CLASSIFIED, tlp, NULL, data);
	}
	json_decref(data);
	eval_end(&ev);
	return rc;
}

int app_incident_add(struct app *x, const char *org, json_t *doc, json_t **out)
{
	*out = NULL;
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct writer w = app_writer(x);
	rc = increc_add(&w, org, doc, x->e);
	if (!rc)
		rc = incident_events(x, org, json_string_value(json_object_get(doc, "id")), true, NULL);
	if (!rc)
		*out = json_pack("{sOss}", "added", json_object_get(doc, "id"), "organisation", org);
	return finish(x, rc, out);
}

int app_incident_update(struct app *x, const char *org, const char *id, json_t *patch, json_t **out)
{
	*out = NULL;
	if (!json_is_object(patch))
		return err_setm(x->e, ERR_INVALID, "$", "input.patch_object", NULL);
	if (!json_object_size(patch))
		return err_setm(x->e, ERR_INVALID, "$", "input.patch_empty", NULL);
	if (!id || !*id)
		return err_setm(x->e, ERR_INVALID, "id", "incident.give_id", NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct writer w = app_writer(x);
	/* what classified_at was, for incident.classified (read inside the transaction, before the write) */
	struct incident_rec before;
	const char *classified_before = NULL;
	if (!(rc = store_incident_get(x->st, org, id, x->a, &before, x->e))) {
		json_t *bd = json_loads(before.doc, 0, NULL);
		const char *c = json_string_value(json_object_get(bd, "classified_at"));
		classified_before = c ? arena_strdup(x->a, c) : NULL;
		json_decref(bd);
	} else if (x->e->code == ERR_NOTFOUND) {
		err_clear(x->e);
		rc = 0; /* increc_update names the missing incident in its own words */
	}
	if (!rc)
		rc = increc_update(&w, org, id, patch, x->e);
	if (!rc)
		rc = incident_events(x, org, id, false, classified_before);
	if (!rc)
		*out = json_pack("{ssss}", "updated", id, "organisation", org);
	return finish(x, rc, out);
}

int app_incident_submit(struct app *x, const char *org, const char *id, const struct app_submission *s,
			json_t **out)
{
	*out = NULL;
	if (!s->regime)
		return err_setm(x->e, ERR_INVALID, "regime", "incident.regime_required", NULL);
	if (!s->report)
		return err_setm(x->e, ERR_INVALID, "report", "incident.report_required", NULL);
	if (!id || !*id)
		return err_setm(x->e, ERR_INVALID, "id", "incident.give_id", NULL);
	json_t *sub = json_pack("{ssssso}", "regime", s->regime, "report", s->report, "submitted_at",
				s->submitted_at ? json_string(s->submitted_at) : instant_json(x->now_ms));
	if (!sub) /* a string jansson refuses (not UTF-8) */
		return err_setm(x->e, ERR_INVALID, "", "incident.submission_utf8", NULL);
	if (s->channel)
		json_object_set_new(sub, "channel", json_string(s->channel));
	if (s->receipt)
		json_object_set_new(sub, "receipt", json_string(s->receipt));
	if (s->estimates >= 0)
		json_object_set_new(sub, "estimates", json_boolean(s->estimates));
	if (s->by)
		json_object_set_new(sub, "by", json_string(s->by));
	int rc = store_begin(x->st, x->e);
	if (rc) {
		json_decref(sub);
		return rc;
	}
	struct writer w = app_writer(x);
	rc = increc_submit(&w, org, id, sub, x->e);
	if (!rc)
		*out = json_pack("{ssssso}", "incident", id, "organisation", org, "submitted", sub);
	else
		json_decref(sub);
	return finish(x, rc, out);
}

/* ---- the stateless assessment ---- */

int app_incident_assess(struct app *x, json_t *facts, unsigned mask, const struct rules *rules, json_t **out)
{
	*out = NULL;
	struct eval ev;
	struct incident inc;
	int rc = eval_begin(x, rules, NULL, NULL, &ev);
	if (!rc && !(rc = incident_parse(facts, NULL, x->a, &inc, x->e))) {
		struct assessment as;
		assess_incident(ev.rs, &inc, x->now_ms, mask, x->a, &as);
		*out = assess_to_json(&as);
		json_object_set_new(*out, "now", instant_json(x->now_ms));
	}
	eval_end(&ev);
	return rc;
}
