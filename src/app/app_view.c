/*
 * app_view.c — the use cases of the organisation's views (app_view.h):
 * impact and single points of failure, the four reports, the risk register,
 * and the rule tables (show one or all, set one).
 *
 * The reads load one evaluated view (orgview_load) and build their answer
 * from it, so every view agrees with export and the object routes on the
 * derived facts.  They take no transaction of their own: orgview_load reads
 * the organisation in one.  Setting a table is one transaction (a savepoint
 * inside the server's request transaction); the edit layer writes the table
 * and its audit entry in it.
 *
 * Nothing here parses option text or renders: the adapters turn "--quarter
 * 2026Q4" or "?year=2026&quarter=4" into struct app_report_req, and render
 * the JSON through report_render.h and the register through csv.h.
 */
#include "app_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "graph.h"
#include "report.h"
#include "risk.h"

/* ---- the map's questions ---- */

/* A node as the map's answers list it: id, kind, name, effective criticality. */
static json_t *node_brief(const struct orgview *v, uint32_t i)
{
	const struct node *n = &v->nodes[i];
	return json_pack("{ssssssss}", "id", n->id, "kind", node_kind_name(n->kind), "name", n->name,
			 "effective_criticality", level_name(v->node_eval[i].level));
}

/* Why node x failed: the dependency whose failure took it down, and whether a redundancy group ran out. */
static json_t *failure_reason(const struct orgview *v, uint32_t x, uint32_t cause)
{
	const char *group = NULL;
	for (uint32_t k = v->graph.dep_off[x]; k < v->graph.dep_off[x + 1]; k++)
		if (v->graph.dep_dst[k] == cause && v->graph.dep_slot[k] != GRAPH_NONE) {
			for (size_t e = 0; e < v->nedges; e++)
				if (!strcmp(v->edges[e].from, v->nodes[x].id) && !strcmp(v->edges[e].to, v->nodes[cause].id))
					group = v->edges[e].group;
		}
	struct msg m = {.code = group ? "impact.group_failed" : "impact.required_failed"};
	if (group) {
		m.name[0] = "group";
		m.value[m.n++] = group;
	}
	char how[300];
	msg_render(MSG_EN, &m, how, sizeof how);
	return json_pack("{ssssso}", "because", v->nodes[cause].id, "how", how, "how_msg", msg_json(&m));
}

/* The impact answer for the seeds, from the loaded view. */
static json_t *impact_json(struct orgview *v, const char *org, const uint32_t *seeds, uint32_t nseeds)
{
	const uint32_t *failed;
	uint32_t n = graph_impact(&v->graph, &v->scratch, seeds, nseeds, GRAPH_NONE, &failed);
	json_t *list = json_array(), *stopped = json_array(), *crit = json_array();
	for (uint32_t i = nseeds; i < n; i++) {
		uint32_t f = failed[i];
		json_t *o = node_brief(v, f);
		json_object_update_new(o, failure_reason(v, f, v->scratch.cause[f]));
		json_array_append_new(list, o);
		if (v->nodes[f].kind == NODE_PROCESS || v->nodes[f].kind == NODE_SERVICE) {
			json_array_append_new(stopped, json_string(v->nodes[f].id));
			if (v->node_eval[f].critical)
				json_array_append_new(crit, json_string(v->nodes[f].id));
		}
	}
	json_t *failing = json_array();
	for (uint32_t i = 0; i < nseeds; i++)
		json_array_append_new(failing, node_brief(v, seeds[i]));
	return json_pack("{sssososososIs[s]}", "organisation", org, "failing", failing, "fails", list,
			 "processes_and_services_stopped", stopped, "critical_stopped", crit, "count",
			 (json_int_t)(n - nseeds), "organisations_hit", org);
}

int app_view_impact(struct app *x, const char *org, const char *const *nodes, size_t nnodes, json_t **out)
{
	*out = NULL;
	if (!nnodes)
		return err_setm(x->e, ERR_INVALID, "nodes", "view.nodes_none", NULL);
	if (nnodes > APP_VIEW_MAX_NODES)
		return err_setm(x->e, ERR_INVALID, "nodes", "view.nodes_max", "max", err_num((char[24]){0}, APP_VIEW_MAX_NODES),
				NULL);
	struct orgview v;
	int rc = orgview_load(&v, x->st, org, x->today, x->e);
	if (rc)
		return rc;
	uint32_t *seeds = arena_alloc(x->a, sizeof *seeds * nnodes);
	for (size_t i = 0; i < nnodes && !rc; i++) {
		long id = orgview_node(&v, nodes[i]);
		if (id < 0)
			rc = err_setm(x->e, ERR_NOTFOUND, arena_printf(x->a, "nodes[%zu]", i), "view.no_node", "id",
				      nodes[i], "org", org, NULL);
		else
			seeds[i] = (uint32_t)id;
	}
	if (!rc)
		*out = impact_json(&v, org, seeds, (uint32_t)nnodes);
	orgview_free(&v);
	return rc;
}

int app_view_spof(struct app *x, const char *org, const char *target, json_t **out)
{
	*out = NULL;
	struct orgview v;
	int rc = orgview_load(&v, x->st, org, x->today, x->e);
	if (rc)
		return rc;
	long only = -1;
	if (target && (only = orgview_node(&v, target)) < 0) {
		orgview_free(&v);
		return err_setm(x->e, ERR_NOTFOUND, "target", "view.no_node", "id", target, "org", org, NULL);
	}
	uint32_t *buf = xmalloc(sizeof *buf * (v.nnodes + 1));
	json_t *arr = json_array();
	for (size_t i = 0; i < v.nnodes; i++) {
		if (only >= 0 ? (long)i != only : !v.node_eval[i].critical)
			continue;
		uint32_t n = graph_spof(&v.graph, &v.scratch, (uint32_t)i, buf);
		json_t *list = json_array();
		for (uint32_t k = 0; k < n; k++)
			json_array_append_new(list, node_brief(&v, buf[k]));
		json_t *o = node_brief(&v, (uint32_t)i);
		json_object_set_new(o, "single_points_of_failure", list);
		json_array_append_new(arr, o);
	}
	free(buf);
	orgview_free(&v);
	*out = arr;
	return 0;
}

/* ---- reports ---- */

int app_view_quarter_parse(const char *text, int *year, int *quarter)
{
	char *end;
	long y = strtol(text, &end, 10);
	if (end == text || y < 1900 || y > 2200 || (end[0] != 'Q' && end[0] != 'q') || end[1] < '1' || end[1] > '4' ||
	    end[2])
		return ERR_INVALID;
	*year = (int)y;
	*quarter = end[1] - '0';
	return 0;
}

/* The request's period checked, with the one containing today filled in for what it leaves out. */
static int report_period(struct app *x, const struct app_report_req *req, int *year, int *quarter)
{
	int m, d;
	date_to_ymd(x->today, year, &m, &d);
	*quarter = (m - 1) / 3 + 1;
	if (req->year && (req->year < 1900 || req->year > 2200))
		return err_setm(x->e, ERR_INVALID, "year", "report.year_range", "year", err_num((char[24]){0}, req->year), NULL);
	if (req->kind == APP_REPORT_ISU) {
		if (req->year && !req->quarter)
			return err_setm(x->e, ERR_INVALID, "year", "report.isu_quarter_too", NULL);
		if (req->quarter && !req->year)
			return err_setm(x->e, ERR_INVALID, "quarter", "report.quarter_year", NULL);
		if (req->quarter && (req->quarter < 1 || req->quarter > 4))
			return err_setm(x->e, ERR_INVALID, "quarter", "report.quarter_range", "quarter",
					err_num((char[24]){0}, req->quarter), NULL);
		if (req->quarter) {
			*year = req->year;
			*quarter = req->quarter;
		}
		return 0;
	}
	if (req->quarter)
		return err_setm(x->e, ERR_INVALID, "quarter",
				req->kind == APP_REPORT_MANAGEMENT ? "report.management_quarter" : "report.not_quarterly", NULL);
	if (req->kind == APP_REPORT_MANAGEMENT && req->year)
		*year = req->year;
	else if (req->year)
		return err_setm(x->e, ERR_INVALID, "year", "report.not_yearly", NULL);
	return 0;
}

int app_view_report(struct app *x, const struct app_report_req *req, json_t **out)
{
	*out = NULL;
	int year, quarter;
	int rc = report_period(x, req, &year, &quarter);
	if (rc)
		return rc;
	struct orgview v;
	if ((rc = orgview_load(&v, x->st, req->org, x->today, x->e)))
		return rc;
	switch (req->kind) {
	case APP_REPORT_OVERVIEW: *out = report_overview(&v); break;
	case APP_REPORT_FOLLOWUP: *out = report_followup(&v); break;
	case APP_REPORT_ISU: *out = report_isu(&v, year, quarter); break;
	case APP_REPORT_MANAGEMENT: *out = report_management(&v, year); break;
	}
	orgview_free(&v);
	return 0;
}

/* ---- the risk register ---- */

int app_view_register(struct app *x, const char *org, struct orgview *v)
{
	return orgview_load(v, x->st, org, x->today, x->e);
}

/* ---- the rule tables ---- */

static const char *const table_names[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
#define NTABLES (sizeof table_names / sizeof table_names[0])

int app_view_tables(struct app *x, const char *org, json_t **out)
{
	*out = NULL;
	struct orgview v;
	int rc = orgview_load(&v, x->st, org, x->today, x->e);
	if (rc)
		return rc;
	json_t *o = json_object();
	json_object_set_new(o, "matrix_version", json_integer(v.current_matrix));
	json_object_set_new(o, "matrix", risk_tables_json(&v.tables, "matrix"));
	for (size_t i = 0; i < NTABLES; i++) {
		json_object_set_new(o, table_names[i], risk_tables_json(&v.tables, table_names[i]));
		json_object_set_new(o, arena_printf(x->a, "%s_source", table_names[i]),
				    json_string(v.tables_json[i] ? "organisation" : "default"));
	}
	orgview_free(&v);
	*out = o;
	return 0;
}

/* Whether name is one of the tables a caller may read and set. */
static bool table_known(const char *name)
{
	if (!strcmp(name, "matrix"))
		return true;
	for (size_t i = 0; i < NTABLES; i++)
		if (!strcmp(name, table_names[i]))
			return true;
	return false;
}

int app_view_table(struct app *x, const char *org, const char *name, json_t **out)
{
	*out = NULL;
	json_t *all;
	int rc = app_view_tables(x, org, &all);
	if (rc)
		return rc;
	json_t *t = json_object_get(all, name); /* any entry of the answer, as GET /tables/{name} always gave */
	if (t)
		*out = json_incref(t);
	json_decref(all);
	if (!t)
		return err_setm(x->e, ERR_NOTFOUND, "name", "tables.no_table", "name", name, NULL);
	return 0;
}

int app_view_table_set(struct app *x, const char *org, const char *name, json_t *table, json_t **out)
{
	*out = NULL;
	if (!table_known(name))
		return err_setm(x->e, ERR_INVALID, "name", "tables.unknown_name", "name", name, NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct writer w = app_writer(x);
	int version = 0;
	if (!strcmp(name, "matrix"))
		rc = edit_matrix_put(&w, org, table, &version, x->e);
	else
		rc = edit_table_put(&w, org, name, table, x->e);
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc) {
		store_rollback(x->st);
		return rc;
	}
	*out = !strcmp(name, "matrix") ? json_pack("{sssi}", "organisation", org, "matrix_version", version)
				       : json_pack("{ssss}", "organisation", org, "table", name);
	return 0;
}
