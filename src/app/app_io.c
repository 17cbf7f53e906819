/*
 * app_io.c — the use cases of moving data in and out: export, import of
 * documents and spreadsheets, the shipped threat catalogue, the audit log.
 *
 * The document and spreadsheet formats and their all-or-nothing writes are
 * import.c's and import_csv.c's; this file is what both adapters shared by
 * running the shell's commands before: the request, the transaction around
 * what an import adds (the importing administrator's membership of the
 * organisations it creates), and the JSON results.  A use case here takes a
 * parsed document or a file's bytes, never a path: the shell reads the file,
 * the server passes the body.
 *
 * Fields name what the caller must fix as the documents do ("organisations
 * [1].risks[3].title", "row 3, name", "org"), never an option.
 */
#include "app_io.h"

#include <stdio.h>
#include <string.h>

#include "app_user.h"
#include "audit.h"
#include "date.h"
#include "embed.h"
#include "increc.h"
#include "json_io.h"
#include "orgview.h"
#include "roi.h"

/*
 * The store names a missing organisation by the shell's option ("--org"),
 * from before this layer; a use case here names the request's field.
 */
static int org_field(struct app *x, int rc)
{
	if (rc && !strcmp(x->e->field, "--org"))
		snprintf(x->e->field, sizeof x->e->field, "org");
	return rc;
}

/* ---- export ---- */

/* One organisation's document with derived fields and its incidents. */
static int org_document(struct app *x, const char *org, json_t **out)
{
	struct orgview v;
	int rc = orgview_load(&v, x->st, org, x->today, x->e);
	if (rc)
		return rc;
	json_t *doc = orgdoc_export(&v), *inc;
	orgview_free(&v);
	if ((rc = increc_export(x->st, org, x->a, &inc, x->e))) {
		json_decref(doc);
		return rc;
	}
	json_object_set_new(doc, "incidents", inc);
	json_t *roi;
	if ((rc = roi_load(x->st, org, &roi, x->e))) {
		json_decref(doc);
		return rc;
	}
	if (json_object_size(roi))
		json_object_set_new(doc, "roi", roi);
	else
		json_decref(roi);
	*out = doc;
	return 0;
}

int app_io_export(struct app *x, const char *org, json_t **out)
{
	*out = NULL;
	if (org)
		return org_field(x, org_document(x, org, out));
	struct org *orgs;
	size_t n;
	int rc = store_org_list(x->st, x->a, &orgs, &n, x->e);
	if (rc)
		return org_field(x, rc);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *doc;
		if ((rc = org_document(x, orgs[i].id, &doc))) {
			json_decref(arr);
			return org_field(x, rc);
		}
		json_array_append_new(arr, doc);
	}
	*out = json_pack("{siso}", "skjold", 1, "organisations", arr);
	return 0;
}

/* ---- import ---- */

/*
 * The ids of the organisations doc names that do not exist (yet): read
 * inside the import's transaction.  An entry without a string id is left
 * out; the import names it.
 */
static int new_orgs(struct app *x, json_t *doc, const char ***ids, size_t *n)
{
	json_t *list = json_object_get(doc, "organisations");
	size_t cap = json_is_array(list) ? json_array_size(list) : 1;
	*ids = arena_alloc(x->a, (cap + 1) * sizeof **ids);
	*n = 0;
	for (size_t i = 0; i < cap; i++) {
		json_t *one = json_is_array(list) ? json_array_get(list, i) : doc;
		const char *id = json_string_value(json_object_get(json_object_get(one, "organisation"), "id"));
		if (!id)
			continue;
		struct org o;
		struct errinfo nf = {0};
		int rc = store_org_get(x->st, id, x->a, &o, &nf);
		if (rc == ERR_NOTFOUND) {
			(*ids)[(*n)++] = id;
		} else if (rc) {
			*x->e = nf;
			return rc;
		}
	}
	return 0;
}

int app_io_import(struct app *x, const struct app_import *req, json_t **out)
{
	*out = NULL;
	struct writer w = app_writer(x);
	if (!req->admin_of_new) /* import_document is one transaction of its own */
		return org_field(x, import_document(&w, req->doc, out, x->e));
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	const char **fresh;
	size_t nfresh;
	rc = new_orgs(x, req->doc, &fresh, &nfresh);
	if (!rc)
		rc = import_document(&w, req->doc, out, x->e);
	for (size_t i = 0; !rc && i < nfresh; i++)
		rc = app_member_grant_creator(x, fresh[i], req->admin_of_new);
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc) {
		store_rollback(x->st);
		json_decref(*out);
		*out = NULL;
	}
	return org_field(x, rc);
}

/* ---- spreadsheets ---- */

int app_io_csv_kind_parse(const char *name)
{
	static const char *const names[] = {"nodes", "edges", "risks"};
	static const enum csv_kind kinds[] = {CSV_NODES, CSV_EDGES, CSV_RISKS};
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return (int)kinds[i];
	return -1;
}

int app_io_import_csv(struct app *x, const struct app_import_csv *req, json_t **out)
{
	*out = NULL;
	struct writer w = app_writer(x);
	/* "org" also when the file has no "org" column and no organisation was given */
	return org_field(x, import_csv(&w, req->kind, req->org, req->data, req->len, out, x->e));
}

/* ---- the shipped threat catalogue ---- */

int app_io_threat_catalogue(struct app *x, json_t **out)
{
	(void)x;
	const struct embedded_file *f = embed_find("rules/threats-default.json");
	ASSERT(f);
	*out = json_loadb(f->data, f->len, 0, NULL);
	ASSERT(*out);
	return 0;
}

/* The catalogue's threats org lacks, written; the caller holds the transaction. */
static int add_missing_threats(struct app *x, const char *org, json_t *list, size_t *added)
{
	struct threat *have;
	size_t nhave;
	int rc = store_threat_list(x->st, org, x->a, &have, &nhave, x->e);
	struct writer w = app_writer(x);
	for (size_t i = 0; !rc && i < json_array_size(list); i++) {
		struct threat t;
		char path[64];
		snprintf(path, sizeof path, "threats[%zu]", i);
		rc = json_io_threat(json_array_get(list, i), path, x->a, &t, x->e);
		bool exists = false;
		for (size_t k = 0; !rc && k < nhave; k++)
			exists |= !strcmp(have[k].id, t.id);
		if (!rc && !exists) {
			rc = edit_threat_put(&w, org, &t, x->e);
			(*added)++;
		}
	}
	return rc;
}

int app_io_threat_load_defaults(struct app *x, const char *org, json_t **out)
{
	*out = NULL;
	if (!org || !*org)
		return err_setm(x->e, ERR_INVALID, "org", "org.give_id", NULL);
	json_t *cat;
	app_io_threat_catalogue(x, &cat);
	size_t added = 0;
	int rc = store_begin(x->st, x->e);
	if (!rc) {
		rc = add_missing_threats(x, org, json_object_get(cat, "threats"), &added);
		if (rc)
			store_rollback(x->st);
		else
			rc = store_commit(x->st, x->e);
	}
	json_decref(cat);
	if (!rc)
		*out = json_pack("{sssI}", "organisation", org, "threats_added", (json_int_t)added);
	return org_field(x, rc);
}

/* ---- the audit log ---- */

/* One entry as the log shows it. */
static int log_entry(void *ctx, const struct audit_entry *x)
{
	json_t *arr = ctx;
	char at[32];
	instant_format_utc(x->at_ms, at);
	json_t *o = json_pack("{sIssssssss}", "seq", (json_int_t)x->seq, "at", at, "actor", x->actor, "action",
			      x->action, "entity", x->entity);
	if (x->org)
		json_object_set_new(o, "org", json_string(x->org));
	if (x->key)
		json_object_set_new(o, "key", json_string(x->key));
	json_object_set_new(o, "before", x->before ? json_loads(x->before, 0, NULL) : json_null());
	json_object_set_new(o, "after", x->after ? json_loads(x->after, 0, NULL) : json_null());
	json_array_append_new(arr, o);
	return 0;
}

int app_io_audit_log(struct app *x, const struct app_audit_query *q, json_t **out)
{
	*out = json_array();
	int rc = store_audit_scan(x->st, q->entity, q->org, q->key, log_entry, *out, x->e);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return org_field(x, rc);
}

int app_io_audit_verify(struct app *x, json_t **out)
{
	*out = NULL;
	return audit_verify(x->st, out, x->e);
}

/* Count the entries the scope shows. */
static int count_entry(void *ctx, const struct audit_entry *e)
{
	(void)e;
	(*(long long *)ctx)++;
	return 0;
}

int app_io_audit_check(struct app *x, struct app_audit_check *out)
{
	out->intact = false;
	out->own_entries = 0;
	int rc = store_audit_scan(x->st, NULL, NULL, NULL, count_entry, &out->own_entries, x->e);
	if (rc)
		return rc;
	/* the chain spans every organisation: check all of it, tell only whether it holds */
	const struct store_scope *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	json_t *summary = NULL;
	struct errinfo ve = {0};
	int vrc = audit_verify(x->st, &summary, &ve);
	store_scope_set(x->st, sc);
	json_decref(summary);
	out->intact = vrc == 0;
	return 0;
}
