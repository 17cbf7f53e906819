/*
 * import.c — whole-document and spreadsheet imports.
 */
#include "import.h"
#include "increc.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "date.h"
#include "json_io.h"
#include "jsonx.h"
#include "limit.h"
#include "orgview.h"
#include "risk.h"
#include "roi.h"
#include "strmap.h"

/* ---- documents ---- */

/* Write one parsed document; the caller holds the transaction. */
static int write_doc(struct writer *w, const struct orgdoc *d, const char *path, struct errinfo *e)
{
	static const char *const tnames[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
	const char *org = d->org.id;
	struct org old;
	struct errinfo nf = {0};
	int rc = 0;
	if (store_org_get(w->st, org, w->a, &old, &nf) == 0) {
		struct orgview v;
		if ((rc = orgview_load(&v, w->st, org, w->today, e)))
			return rc;
		json_t *before = orgdoc_export(&v);
		orgview_free(&v);
		rc = audit_record(w->st, w->actor, w->now_ms, "replace", "organisation", org, org, jx_dump(before, w->a),
				  NULL, e);
		json_decref(before);
		if (!rc)
			rc = store_org_delete(w->st, org, e);
		if (rc)
			return rc;
	}
	if (d->matrices) {
		/* Versions from a backup: written as they were, then the organisation without a new version 1. */
		if ((rc = store_org_put(w->st, &d->org, e)))
			return rc;
		json_t *after = json_of_org(&d->org);
		rc = audit_record(w->st, w->actor, w->now_ms, "create", "organisation", org, org, NULL,
				  jx_dump(after, w->a), e);
		json_decref(after);
		for (size_t i = 0; i < d->nmatrices && !rc; i++) {
			rc = store_matrix_add(w->st, org, &d->matrices[i], e);
			if (!rc)
				rc = audit_record(w->st, w->actor, w->now_ms, "create", "matrix", org,
						  arena_printf(w->a, "%d", d->matrices[i].version), NULL, d->matrices[i].cells, e);
		}
	} else {
		rc = edit_org_put(w, &d->org, e);
		int version;
		if (!rc && d->matrix)
			rc = edit_matrix_put(w, org, d->matrix, &version, e);
	}
	for (int i = 0; i < 3 && !rc; i++)
		if (d->tables[i])
			rc = edit_table_put(w, org, tnames[i], d->tables[i], e);
	for (size_t i = 0; i < d->nthreats && !rc; i++)
		rc = edit_threat_put(w, org, &d->threats[i], e);
	for (size_t i = 0; i < d->nnodes && !rc; i++)
		rc = edit_node_put(w, org, &d->nodes[i], e);
	for (size_t i = 0; i < d->nedges && !rc; i++)
		rc = edit_edge_put(w, org, &d->edges[i], e);
	for (size_t i = 0; i < d->nrisks && !rc; i++) {
		rc = edit_risk_put(w, org, &d->risks[i], e);
		if (rc && e->field[0] && !strchr(e->field, '[')) {
			/* name the document path of the risk that failed */
			char f[256];
			snprintf(f, sizeof f, "%s%srisks[%zu].%s", path, *path ? "." : "", i, e->field);
			snprintf(e->field, sizeof e->field, "%s", f);
		}
	}
	for (size_t i = 0; i < d->nmeasures && !rc; i++)
		rc = edit_measure_put(w, org, &d->measures[i], e);
	for (size_t i = 0; i < d->nchanges && !rc; i++)
		rc = edit_change_put(w, org, &d->changes[i], e);
	if (!rc && d->roi) {
		rc = roi_put(w, org, d->roi, e);
		if (rc && e->field[0] != '-') {
			char f[256];
			snprintf(f, sizeof f, "%s%sroi%s%s", path, *path ? "." : "", e->field[0] ? "." : "", e->field);
			snprintf(e->field, sizeof e->field, "%s", f);
		}
	}
	for (size_t i = 0; i < json_array_size(d->incidents) && !rc; i++) {
		rc = increc_add(w, org, json_array_get(d->incidents, i), e);
		if (rc && e->field[0] != '-') {
			char f[256];
			snprintf(f, sizeof f, "%s%sincidents[%zu]%s%s", path, *path ? "." : "", i,
				 strcmp(e->field, "$") ? "." : "", strcmp(e->field, "$") ? e->field : "");
			snprintf(e->field, sizeof e->field, "%s", f);
		}
	}
	return rc;
}

static json_t *doc_counts(const struct orgdoc *d)
{
	json_t *o = json_object();
	jx_set_str(o, "organisation", d->org.id);
	jx_set_int(o, "nodes", (long long)d->nnodes);
	jx_set_int(o, "edges", (long long)d->nedges);
	jx_set_int(o, "threats", (long long)d->nthreats);
	jx_set_int(o, "risks", (long long)d->nrisks);
	jx_set_int(o, "measures", (long long)d->nmeasures);
	jx_set_int(o, "changes", (long long)d->nchanges);
	jx_set_int(o, "incidents", (long long)json_array_size(d->incidents));
	return o;
}

int import_document(struct writer *w, json_t *doc, json_t **summary, struct errinfo *e)
{
	*summary = NULL;
	int rc = jx_object(doc, "", e);
	if (rc)
		return rc;
	json_t *list = json_object_get(doc, "organisations");
	size_t n = 1;
	if (list) {
		static const char *const keys[] = {"skjold", "organisations", NULL};
		if ((rc = jx_check_keys(doc, "", keys, e)))
			return rc;
		if (!json_is_array(list) || json_array_size(list) == 0)
			return err_setm(e, ERR_INVALID, "organisations", "doc.organisations", NULL);
		if ((rc = limit_list(json_array_size(list), LIMIT_LIST, "organisations", "organisations", e)))
			return rc;
		n = json_array_size(list);
	}
	struct orgdoc *docs = arena_alloc(w->a, sizeof *docs * n);
	char path[64];
	struct strmap seen;
	strmap_init(&seen, n);
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(path, sizeof path, list ? "organisations[%zu]" : "", i);
		rc = orgdoc_parse(list ? json_array_get(list, i) : doc, path, w->a, &docs[i], e);
		if (!rc && strmap_put(&seen, docs[i].org.id, strlen(docs[i].org.id), (uint32_t)i))
			rc = err_setm(e, ERR_INVALID, arena_printf(w->a, "%s.organisation.id", path), "doc.organisation_twice",
				      "id", docs[i].org.id, NULL);
	}
	strmap_free(&seen);
	if (rc)
		return rc;
	if ((rc = store_begin(w->st, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(path, sizeof path, list ? "organisations[%zu]" : "", i);
		rc = write_doc(w, &docs[i], path, e);
	}
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	if ((rc = store_commit(w->st, e)))
		return rc;
	*summary = json_object();
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, doc_counts(&docs[i]));
	json_object_set_new(*summary, "imported", arr);
	return 0;
}
