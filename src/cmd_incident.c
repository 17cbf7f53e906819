/*
 * cmd_incident.c — stored incidents from the shell: add, update, show, list,
 * submit; and `skjold deadlines`, every open reporting obligation across all
 * incidents, overdue first.
 *
 * Every evaluation is done afresh as of --now with the current rule files
 * (--rules DIR replaces them), so a changed threshold or a late submission
 * shows at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "date.h"
#include "graph.h"
#include "increc.h"
#include "jsonx.h"
#include "orgview.h"
#include "recurring.h"

static const char usage[] =
	"usage: skjold incident add FILE|- --org ID\n"
	"       skjold incident update ID --org ID [FILE|-] [--FIELD VALUE …]   (a JSON merge patch; FIELD may be dotted)\n"
	"       skjold incident show ID --org ID [--rules DIR]\n"
	"       skjold incident list --org ID [--status open|resolved|closed]\n"
	"       skjold incident submit ID --org ID --regime R --report NAME [--at INSTANT] [--channel C]\n"
	"                              [--receipt REF] [--estimates true|false] [--by THIRD-PARTY]\n"
	"       skjold incident report ID --org ID --regime R --report NAME [--format json|text]\n"
	"       skjold incident recurring --org ID   (DORA recurring incidents, 2024/1772 art. 8(2))\n"
	"       skjold incident assess FILE|- | --batch FILE.jsonl   (see incident assess --help)\n"
	"  The incident document is the facts document of RULES.md §6 plus id, status, description,\n"
	"  category, cause, root_cause, nodes, risks, measures, user_information and reporting\n"
	"  (docs/incidents.md).  Without \"entity\" the organisation's settings are used.\n";

static int load_rules(struct cli *c, struct rules *rs)
{
	return rules_load(rs, cli_get(c, "rules"), &c->e);
}

static json_t *timeline_json(struct cli *c, const char *org, const char *id)
{
	struct incident_event *ev;
	size_t n;
	json_t *arr = json_array();
	if (store_incident_event_list(c->st, org, id, &c->a, &ev, &n, &c->e))
		return arr;
	for (size_t i = 0; i < n; i++) {
		char at[32];
		instant_format_cph(ev[i].at_ms, at);
		json_t *o = json_pack("{sIssssss}", "seq", (json_int_t)ev[i].seq, "at", at, "actor", ev[i].actor, "kind",
				      ev[i].kind);
		if (ev[i].detail)
			json_object_set_new(o, "detail", json_loads(ev[i].detail, 0, NULL));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* What fails when the incident's nodes fail (the dependency map's impact analysis). */
static json_t *impact_json(struct cli *c, const char *org, json_t *nodes)
{
	struct orgview v;
	if (!json_array_size(nodes) || orgview_load(&v, c->st, org, c->today, &c->e))
		return json_null();
	uint32_t *seeds = xmalloc(sizeof *seeds * (json_array_size(nodes) + 1));
	uint32_t ns = 0;
	size_t i;
	json_t *x;
	json_array_foreach(nodes, i, x)
	{
		long k = orgview_node(&v, json_string_value(x));
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

static int cmd_add(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_set(&c->e, ERR_INVALID, "FILE", "give the incident document (FILE or -)");
	json_t *doc;
	int rc = cli_check_unused(c);
	if (rc || (rc = cli_read_json(c, c->pos[2], &doc)))
		return rc;
	if (!(rc = cli_open(c))) {
		struct writer w = cli_writer(c);
		rc = increc_add(&w, org, doc, &c->e);
	}
	if (!rc) {
		json_t *id = json_object_get(doc, "id");
		rc = cli_print(json_pack("{sOss}", "added", id, "organisation", org));
	}
	json_decref(doc);
	return rc;
}

/* A value given on the command line: JSON when it parses as such, else a string. */
static json_t *option_value(const char *v)
{
	json_t *j = json_loads(v, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(v);
}

static int cmd_update(struct cli *c, const char *org)
{
	if (c->npos < 3 || c->npos > 4)
		return err_set(&c->e, ERR_INVALID, "ID", "give the incident id, then optionally a patch FILE");
	const char *id = c->pos[2];
	json_t *patch = NULL;
	int rc = 0;
	if (c->npos == 4 && (rc = cli_read_json(c, c->pos[3], &patch)))
		return rc;
	if (!patch)
		patch = json_object();
	if (!json_is_object(patch)) {
		json_decref(patch);
		return err_set(&c->e, ERR_INVALID, "$", "the patch must be a JSON object");
	}
	for (int i = 0; i < c->nopt; i++) {
		struct cli_opt *o = &c->opt[i];
		if (o->used || !strcmp(o->name, "rules"))
			continue;
		o->used = true;
		json_t *target = patch;
		char name[256];
		snprintf(name, sizeof name, "%s", o->name);
		char *seg = name, *dot;
		while ((dot = strchr(seg, '.'))) {
			*dot = 0;
			json_t *next = json_object_get(target, seg);
			if (!json_is_object(next)) {
				next = json_object();
				json_object_set_new(target, seg, next);
			}
			target = next;
			seg = dot + 1;
		}
		json_object_set_new(target, seg, option_value(o->value));
	}
	if (!json_object_size(patch)) {
		json_decref(patch);
		return err_set(&c->e, ERR_INVALID, "FILE", "nothing to change: give a patch FILE or --FIELD VALUE options");
	}
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c))) {
		struct writer w = cli_writer(c);
		rc = increc_update(&w, org, id, patch, &c->e);
	}
	json_decref(patch);
	return rc ? rc : cli_print(json_pack("{ssss}", "updated", id, "organisation", org));
}

static int cmd_submit(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_set(&c->e, ERR_INVALID, "ID", "give the incident id");
	const char *regime = cli_get(c, "regime"), *report = cli_get(c, "report"), *at = cli_get(c, "at");
	const char *channel = cli_get(c, "channel"), *receipt = cli_get(c, "receipt"), *est = cli_get(c, "estimates"),
		   *by = cli_get(c, "by");
	if (!regime)
		return err_set(&c->e, ERR_INVALID, "--regime", "--regime is required (dk-psd2-2018, eu-dora, eu-nis2, eu-gdpr)");
	if (!report)
		return err_set(&c->e, ERR_INVALID, "--report", "--report is required (initial, intermediate, final, …)");
	if (est && strcmp(est, "true") && strcmp(est, "false"))
		return err_set(&c->e, ERR_INVALID, "--estimates", "--estimates must be true or false");
	char now[32];
	instant_format_cph(c->now_ms, now);
	json_t *sub = json_pack("{ssssss}", "regime", regime, "report", report, "submitted_at", at ? at : now);
	if (channel)
		json_object_set_new(sub, "channel", json_string(channel));
	if (receipt)
		json_object_set_new(sub, "receipt", json_string(receipt));
	if (est)
		json_object_set_new(sub, "estimates", json_boolean(!strcmp(est, "true")));
	if (by)
		json_object_set_new(sub, "by", json_string(by));
	int rc = cli_check_unused(c);
	if (!rc && !(rc = cli_open(c))) {
		struct writer w = cli_writer(c);
		rc = increc_submit(&w, org, c->pos[2], sub, &c->e);
	}
	if (rc) {
		json_decref(sub);
		return rc;
	}
	return cli_print(json_pack("{ssssso}", "incident", c->pos[2], "organisation", org, "submitted", sub));
}

static json_t *evaluate(struct cli *c, const struct rules *rs, struct increc *x, struct assessment *as)
{
	assess_incident(rs, &x->inc, c->now_ms, ASSESS_ALL, &c->a, as);
	return assess_to_json(as);
}

static int cmd_show(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_set(&c->e, ERR_INVALID, "ID", "give the incident id");
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	struct increc x;
	memset(&x, 0, sizeof x);
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)) || (rc = increc_load(c->st, org, c->pos[2], &c->a, &x, &c->e)))
		goto out;
	struct assessment as;
	json_t *res = evaluate(c, &rs, &x, &as);
	json_t *out = json_object();
	json_object_set(out, "incident", x.eval_doc);
	json_object_set_new(out, "entity_from_organisation", json_boolean(x.entity_from_org));
	json_object_set_new(out, "status", json_string(x.rec.status));
	json_object_set_new(out, "impact", impact_json(c, org, json_object_get(x.doc, "nodes")));
	json_object_set(out, "results", json_object_get(res, "results"));
	json_object_set_new(out, "obligations", increc_obligations(&x, &as, c->now_ms));
	json_object_set_new(out, "timeline", timeline_json(c, org, c->pos[2]));
	char now[32];
	instant_format_cph(c->now_ms, now);
	json_object_set_new(out, "now", json_string(now));
	json_decref(res);
	rc = cli_print(out);
out:
	increc_free(&x);
	rules_free(&rs);
	return rc;
}

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

static int cmd_list(struct cli *c, const char *org)
{
	const char *status = cli_get(c, "status");
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	struct increc *xs = NULL;
	size_t n = 0;
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)) || (rc = increc_load_all(c->st, org, &c->a, &xs, &n, &c->e)))
		goto out;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (status && strcmp(status, xs[i].rec.status))
			continue;
		struct assessment as;
		assess_incident(&rs, &xs[i].inc, c->now_ms, ASSESS_ALL, &c->a, &as);
		char det[32];
		instant_format_cph(xs[i].rec.detected_ms, det);
		json_t *verdicts = json_object();
		for (int r = 0; r < REGIME_N; r++)
			if (as.r[r].applies)
				json_object_set_new(verdicts, regime_id(r), json_string(as.r[r].verdict));
		json_t *o = json_pack("{ssssssssso}", "id", xs[i].rec.id, "title", xs[i].rec.title, "status", xs[i].rec.status,
				      "detected_at", det, "verdicts", verdicts);
		enum regime which = 0;
		const struct report_due *d = next_due(&as, &which);
		if (d) {
			char due[32];
			instant_format_cph(d->due_ms, due);
			json_object_set_new(o, "next_due", json_pack("{ssssssss}", "regime", regime_id(which), "report", d->report,
								   "due", due, "status", report_status_name(d->status)));
		}
		json_array_append_new(arr, o);
	}
	rc = cli_print(arr);
out:
	increc_free_all(xs, n);
	rules_free(&rs);
	return rc;
}

static int cmd_recurring(struct cli *c, const char *org)
{
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	struct increc *xs = NULL;
	size_t n = 0;
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c)) && !(rc = increc_load_all(c->st, org, &c->a, &xs, &n, &c->e)))
		rc = cli_print(recurring_check(&rs, xs, n, c->now_ms, &c->a));
	increc_free_all(xs, n);
	rules_free(&rs);
	return rc;
}

int cmd_incident_report(struct cli *c, const char *org);

int cmd_incident(struct cli *c)
{
	const char *sub = c->npos > 1 ? c->pos[1] : "";
	if (c->help || !*sub)
		return cli_usage(usage);
	const char *org;
	int rc = cli_org(c, &org);
	if (rc)
		return rc;
	if (!strcmp(sub, "add"))
		return cmd_add(c, org);
	if (!strcmp(sub, "update"))
		return cmd_update(c, org);
	if (!strcmp(sub, "submit"))
		return cmd_submit(c, org);
	if (!strcmp(sub, "show"))
		return cmd_show(c, org);
	if (!strcmp(sub, "list"))
		return cmd_list(c, org);
	if (!strcmp(sub, "report"))
		return cmd_incident_report(c, org);
	if (!strcmp(sub, "recurring"))
		return cmd_recurring(c, org);
	return err_set(&c->e, ERR_INVALID, sub, "unknown incident command '%s' (add, update, show, list, submit, report, recurring, assess)",
		       sub);
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
static void open_incident(struct open_list *l, const char *org, const struct increc *x, const struct assessment *as,
			  int64_t now_ms)
{
	for (int r = 0; r < REGIME_N; r++)
		for (int k = 0; k < as->r[r].nrep; k++) {
			const struct report_due *d = &as->r[r].rep[k];
			if (d->status == RS_SUBMITTED)
				continue;
			json_t *rj = assess_report_json(d);
			open_push(l,
				  json_pack("{ssssssssss}", "organisation", org, "incident", x->rec.id, "title", x->rec.title,
					    "regime", regime_id(r), "verdict", as->r[r].verdict),
				  rj);
			json_decref(rj);
		}
	json_t *obl = increc_obligations(x, as, now_ms);
	size_t k;
	json_t *ob;
	json_array_foreach(obl, k, ob)
	{
		if (strcmp(json_string_value(json_object_get(ob, "status")), "done"))
			open_push(l, json_pack("{ssssss}", "organisation", org, "incident", x->rec.id, "title", x->rec.title),
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

int cmd_deadlines(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold deadlines [--org ID] [--rules DIR]\n"
				 "  Every open reporting obligation across all incidents (of one organisation, or all),\n"
				 "  sorted by due instant with the overdue ones first.  Conditional reports (the\n"
				 "  verdict hangs on unknown facts) are included and marked.\n");
	const char *only = cli_get(c, "org");
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	struct org *orgs = NULL;
	size_t norg = 0;
	struct open_list l = {0};
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		goto out;
	if (only) {
		orgs = arena_alloc(&c->a, sizeof *orgs);
		if ((rc = store_org_get(c->st, only, &c->a, orgs, &c->e)))
			goto out;
		norg = 1;
	} else if ((rc = store_org_list(c->st, &c->a, &orgs, &norg, &c->e))) {
		goto out;
	}
	for (size_t o = 0; o < norg && !rc; o++) {
		struct increc *xs = NULL;
		size_t n = 0;
		rc = increc_load_all(c->st, orgs[o].id, &c->a, &xs, &n, &c->e);
		for (size_t i = 0; i < n && !rc; i++) {
			struct assessment as;
			assess_incident(&rs, &xs[i].inc, c->now_ms, ASSESS_ALL, &c->a, &as);
			open_incident(&l, orgs[o].id, &xs[i], &as, c->now_ms);
		}
		if (!rc) {
			json_t *groups = recurring_check(&rs, xs, n, c->now_ms, &c->a);
			open_recurring(&l, orgs[o].id, groups);
			json_decref(groups);
		}
		increc_free_all(xs, n);
	}
	if (rc)
		goto out;
	if (l.n) /* qsort must not see a NULL array, even empty */
		qsort(l.items, l.n, sizeof *l.items, cmp_item);
	json_t *arr = json_array();
	for (size_t i = 0; i < l.n; i++) {
		json_array_append_new(arr, l.items[i].j);
		l.items[i].j = NULL;
	}
	char now[32];
	instant_format_cph(c->now_ms, now);
	rc = cli_print(json_pack("{sssIso}", "now", now, "open", (json_int_t)l.n, "obligations", arr));
out:
	for (size_t i = 0; i < l.n; i++)
		json_decref(l.items[i].j);
	free(l.items);
	rules_free(&rs);
	return rc;
}
