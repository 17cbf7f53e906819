/*
 * app_roi.c — the register of information's use cases (app_roi.h).
 */
#include "app_roi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "json_io.h"
#include "jsonx.h"
#include "orgview.h"
#include "roi.h"
#include "xbrl_csv.h"

static int load_module(struct app *x, struct xc_module *m)
{
	return xc_module_load(m, x->e);
}

int app_roi_show(struct app *x, const char *org, json_t **out)
{
	struct org o;
	int rc = store_org_get(x->st, org, x->a, &o, x->e);
	return rc ? rc : roi_load(x->st, org, out, x->e);
}

int app_roi_write(struct app *x, const char *org, enum app_mode mode, json_t *fields, const char *if_version,
		  json_t **out)
{
	*out = NULL;
	int rc = jx_object(fields, "", x->e);
	if (rc || (rc = store_begin(x->st, x->e)))
		return rc;
	json_t *stored = NULL;
	struct org o;
	rc = store_org_get(x->st, org, x->a, &o, x->e);
	if (!rc)
		rc = roi_load(x->st, org, &stored, x->e);
	if (!rc)
		rc = app_check_version(x, stored, if_version, "register");
	json_t *doc = NULL;
	if (!rc) {
		doc = mode == APP_MERGE ? json_deep_copy(stored) : json_deep_copy(fields);
		if (mode == APP_MERGE)
			jx_merge_patch(doc, fields);
		struct writer w = app_writer(x);
		rc = roi_put(&w, org, doc, x->e);
	}
	json_decref(stored);
	if (rc) {
		json_decref(doc);
		store_rollback(x->st);
		return rc;
	}
	if ((rc = store_commit(x->st, x->e))) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int32_t app_roi_default_date(const struct app *x)
{
	int y, m, d;
	date_to_ymd(x->today, &y, &m, &d);
	return date_from_ymd(y - 1, 12, 31);
}

static json_t *row_counts(const struct xc_report *r)
{
	json_t *o = json_object();
	for (size_t i = 0; i < r->m->ntables; i++)
		jx_set_int(o, r->tables[i].def->code, (long long)r->tables[i].nrows);
	return o;
}

/* Build and check org's tables into r; *vs filled. */
static int build(struct app *x, const char *org, int32_t as_of, const char *level, const struct xc_module *m,
		 struct xc_report *r, struct roi_violations *vs, json_t **doc)
{
	struct orgview v;
	int rc = orgview_load(&v, x->st, org, x->today, x->e);
	if (rc)
		return rc;
	rc = roi_load(x->st, org, doc, x->e);
	if (!rc) {
		if (!level)
			level = json_string_value(json_object_get(*doc, "level"));
		xc_report_init(r, m);
		rc = roi_build(&v, *doc, as_of, level ? level : "CON", r, vs, x->e);
		if (!rc)
			roi_check(r, vs);
	}
	orgview_free(&v);
	return rc;
}

int app_roi_check(struct app *x, const char *org, int32_t as_of, json_t **out)
{
	*out = NULL;
	if (as_of == DATE_NONE)
		as_of = app_roi_default_date(x);
	struct xc_module m;
	int rc = load_module(x, &m);
	if (rc)
		return rc;
	struct xc_report r = {0};
	struct roi_violations vs;
	roi_violations_init(&vs, x->a);
	json_t *doc = NULL;
	rc = build(x, org, as_of, NULL, &m, &r, &vs, &doc);
	if (!rc) {
		char d[11];
		date_format(as_of, d);
		*out = json_pack("{s:s, s:s, s:b, s:o, s:o}", "organisation", org, "as_of", d, "ok", vs.n == 0,
				 "violations", roi_violations_json(&vs), "tables", row_counts(&r));
		ASSERT(*out);
		xc_report_free(&r);
	}
	json_decref(doc);
	roi_violations_free(&vs);
	xc_module_free(&m);
	return rc;
}

void app_roi_package_free(struct app_roi_package *p)
{
	free(p->bytes);
	free(p->name);
	json_decref(p->violations);
	memset(p, 0, sizeof *p);
}

int app_roi_export(struct app *x, const char *org, int32_t as_of, const char *level, struct app_roi_package *out)
{
	memset(out, 0, sizeof *out);
	if (level && strcmp(level, "CON") && strcmp(level, "IND"))
		return err_setm(x->e, ERR_INVALID, "level", "roi.level", NULL);
	if (as_of == DATE_NONE)
		as_of = app_roi_default_date(x);
	struct xc_module m;
	int rc = load_module(x, &m);
	if (rc)
		return rc;
	struct xc_report r = {0};
	struct roi_violations vs;
	roi_violations_init(&vs, x->a);
	json_t *doc = NULL;
	rc = build(x, org, as_of, level, &m, &r, &vs, &doc);
	if (!rc && vs.n) {
		out->violations = roi_violations_json(&vs);
		const struct roi_violation *f = &vs.v[0];
		char field[96];
		snprintf(field, sizeof field, "%s row %zu %s", f->table, f->row, f->column);
		rc = err_setm(x->e, ERR_CHECK, field, "roi.fails", "count", err_num((char[24]){0}, (long long)vs.n),
			      "first:da", f->message_da, "first:en", f->message, NULL);
	}
	if (!rc) {
		char d[11], ts[24], name[200];
		date_format(as_of, d);
		char utc[32];
		instant_format_utc(x->now_ms, utc); /* 2026-01-15T09:30:00Z: the package's creation time */
		int Y, M, D, h, mi, s, ms = (int)(((x->now_ms % 1000) + 1000) % 1000);
		if (sscanf(utc, "%d-%d-%dT%d:%d:%d", &Y, &M, &D, &h, &mi, &s) != 6)
			Y = M = D = h = mi = s = 0;
		snprintf(ts, sizeof ts, "%04d%02d%02d%02d%02d%02d%03d", Y, M, D, h, mi, s, ms);
		const char *lv = level ? level : json_string_value(json_object_get(doc, "level"));
		const char *country = json_string_value(json_object_get(doc, "country"));
		/* the entity part of entityID "rs:LEI.CON" is the LEI */
		char lei[64];
		snprintf(lei, sizeof lei, "%s", xc_report_get_param(&r, "entityID") + 3);
		char *dot = strchr(lei, '.');
		if (dot)
			*dot = 0;
		xc_package_name(name, sizeof name, lei, lv ? lv : "CON", country ? country : "", d, ts);
		r.name = arena_strdup(&r.a, name);
		void *zip;
		size_t len;
		rc = xc_write(&r, &zip, &len, x->e);
		if (!rc) {
			out->bytes = zip;
			out->len = len;
			size_t n = strlen(name) + 5;
			out->name = xmalloc(n);
			snprintf(out->name, n, "%s.zip", name);
		}
	}
	if (doc)
		xc_report_free(&r);
	json_decref(doc);
	roi_violations_free(&vs);
	xc_module_free(&m);
	return rc;
}

int app_roi_check_file(struct app *x, const void *zip, size_t len, json_t **out)
{
	*out = NULL;
	struct xc_module m;
	int rc = load_module(x, &m);
	if (rc)
		return rc;
	struct xc_report r = {0};
	rc = xc_read(&m, zip, len, &r, x->e);
	if (!rc) {
		struct roi_violations vs;
		roi_violations_init(&vs, x->a);
		roi_check(&r, &vs);
		*out = json_pack("{s:s, s:b, s:o, s:o}", "package", r.name ? r.name : "", "ok", vs.n == 0, "violations",
				 roi_violations_json(&vs), "tables", row_counts(&r));
		ASSERT(*out);
		roi_violations_free(&vs);
		xc_report_free(&r);
	}
	xc_module_free(&m);
	return rc;
}

/* Write the nodes and edges the register needs, then the register; the caller holds the transaction. */
static int write_import(struct app *x, const char *org, json_t *doc, json_t *nodes, json_t *edges)
{
	struct writer w = app_writer(x);
	int rc = 0;
	size_t i;
	json_t *j;
	json_array_foreach(nodes, i, j)
	{
		struct node n;
		char p[64];
		if ((rc = json_io_node(j, jx_index(p, sizeof p, "nodes", i), x->a, &n, x->e)) ||
		    (rc = edit_node_put(&w, org, &n, x->e)))
			return rc;
	}
	json_array_foreach(edges, i, j)
	{
		struct edge ed;
		char p[64];
		if ((rc = json_io_edge(j, jx_index(p, sizeof p, "edges", i), x->a, &ed, x->e)) ||
		    (rc = edit_edge_put(&w, org, &ed, x->e)))
			return rc;
	}
	return roi_put(&w, org, doc, x->e);
}

int app_roi_import(struct app *x, const char *org, const void *zip, size_t len, json_t **out)
{
	*out = NULL;
	struct xc_module m;
	int rc = load_module(x, &m);
	if (rc)
		return rc;
	struct xc_report r = {0};
	if ((rc = xc_read(&m, zip, len, &r, x->e))) {
		xc_module_free(&m);
		return rc;
	}
	struct roi_violations vs;
	roi_violations_init(&vs, x->a);
	roi_check(&r, &vs);
	if (vs.n) {
		const struct roi_violation *f = &vs.v[0];
		char field[96];
		snprintf(field, sizeof field, "%s row %zu %s", f->table, f->row, f->column);
		rc = err_setm(x->e, ERR_INVALID, field, "roi.import.fails", "count",
			      err_num((char[24]){0}, (long long)vs.n), "first:da", f->message_da, "first:en", f->message,
			      NULL);
		*out = json_pack("{s:o}", "violations", roi_violations_json(&vs));
	}
	json_t *doc = NULL, *nodes = NULL, *edges = NULL, *stored = NULL;
	if (!rc && !(rc = store_begin(x->st, x->e))) {
		struct orgview v;
		rc = orgview_load(&v, x->st, org, x->today, x->e);
		if (!rc) {
			rc = roi_load(x->st, org, &stored, x->e);
			if (!rc)
				rc = roi_from_report(&r, &v, stored, &doc, &nodes, &edges, x->e);
			orgview_free(&v);
		}
		if (!rc)
			rc = write_import(x, org, doc, nodes, edges);
		if (rc)
			store_rollback(x->st);
		else
			rc = store_commit(x->st, x->e);
		if (!rc) {
			*out = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "organisation", org, "package",
					 r.name ? r.name : "", "providers",
					 (json_int_t)json_array_size(json_object_get(doc, "providers")), "functions",
					 (json_int_t)json_array_size(json_object_get(doc, "functions")), "arrangements",
					 (json_int_t)json_array_size(json_object_get(doc, "arrangements")), "nodes_added",
					 (json_int_t)json_array_size(nodes), "edges_added", (json_int_t)json_array_size(edges));
			ASSERT(*out);
		}
	}
	json_decref(doc);
	json_decref(nodes);
	json_decref(edges);
	json_decref(stored);
	roi_violations_free(&vs);
	xc_report_free(&r);
	xc_module_free(&m);
	return rc;
}
