/*
 * api_io.c — the API's import, export and the audit log: the server's
 * adapter of the use cases in app_io.c.
 *
 * What is the API's own: who may import what (an organisation the document
 * names must be one the caller administers, or a new one a system
 * administrator creates and is made admin of), the permission import-csv
 * needs by its ?kind=, the body as the document or the file's bytes (a
 * KITOS export: the map permission, as nodes and edges need), and
 * how much of the audit chain's check a caller is told, and that only a
 * system administrator exports the log (all of it: the chain spans every
 * organisation, and a SIEM checks its continuity).
 */
#include <stdint.h>
#include <string.h>

#include "api.h"
#include "buf.h"
#include "date.h"
#include "app.h"
#include "app_io.h"
#include "app_kitos.h"
#include "role.h"

/* ---- import, export, audit ---- */

static int h_export(struct api *x)
{
	struct app a = api_app(x);
	return app_io_export(&a, x->param[0], &x->out);
}

/* Every organisation a document names must be one the caller administers, or new (system administrators). */
static int import_targets(struct api *x, bool *fresh_any, const char ***fresh, size_t *nfresh)
{
	json_t *list = json_object_get(x->body, "organisations");
	size_t n = json_is_array(list) ? json_array_size(list) : 1;
	*fresh = arena_alloc(x->a, (n + 1) * sizeof **fresh);
	*nfresh = 0;
	*fresh_any = false;
	for (size_t i = 0; i < n; i++) {
		json_t *doc = json_is_array(list) ? json_array_get(list, i) : x->body;
		const char *id = json_string_value(json_object_get(json_object_get(doc, "organisation"), "id"));
		if (!id)
			continue; /* the import names the missing field */
		if (store_scope_grant(x->st, id) & STORE_GRANT_READ) {
			if (!auth_can(&x->p, id, PERM_ADMIN))
				return err_setm(x->e, ERR_DENIED, "organisation.id", "io.admin_replace", "org", id,
						NULL);
			continue;
		}
		if (!x->p.admin)
			return err_setm(x->e, ERR_NOTFOUND, "organisation.id", "org.not_found", "id", id, NULL);
		int g = api_grant_new_org(x, id);
		if (g < 0)
			return ERR_INTERNAL;
		if (!g)
			return err_setm(x->e, ERR_NOTFOUND, "organisation.id", "org.not_found", "id", id, NULL);
		(*fresh)[(*nfresh)++] = id;
		*fresh_any = true;
	}
	return 0;
}

static int h_import(struct api *x)
{
	bool fresh_any;
	const char **fresh;
	size_t nfresh;
	int rc = import_targets(x, &fresh_any, &fresh, &nfresh);
	if (rc)
		return rc;
	struct app a = api_app(x);
	struct app_import req = {.doc = x->body, .admin_of_new = fresh_any ? x->p.user : NULL};
	if ((rc = app_io_import(&a, &req, &x->out)))
		return rc;
	x->status = 200;
	return 0;
}

static int h_import_csv(struct api *x)
{
	const char *kind = http_query(x->r, "kind");
	if (!kind)
		return err_setm(x->e, ERR_INVALID, "kind", "io.kind", NULL);
	unsigned need = !strcmp(kind, "risks") ? PERM_RISK : PERM_MAP;
	if (!auth_can(&x->p, x->param[0], need))
		return err_setm(x->e, ERR_DENIED, "", "io.role_import", "role", auth_role(&x->p, x->param[0]), "kind",
				kind, NULL);
	int k = app_io_csv_kind_parse(kind);
	if (k < 0) { /* the field the shell's import-csv named, as the API always answered */
		const char *f = kind;
		while (*f == '-')
			f++;
		return err_setm(x->e, ERR_INVALID, f, "cli.import_csv_what", "what", kind, NULL);
	}
	/* the body's bytes up to a NUL, as the file the shell reads from stdin was given them */
	char *data = arena_strndup(x->a, x->r->body ? x->r->body : "", x->r->body_len);
	struct app_import_csv req = {.kind = (enum csv_kind)k, .org = x->param[0], .data = data, .len = strlen(data)};
	struct app a = api_app(x);
	return app_io_import_csv(&a, &req, &x->out);
}

/* POST /orgs/{org}/import/kitos[?dry_run=true]: the body is the KITOS export (docs/kitos.md); the map permission. */
static int h_import_kitos(struct api *x)
{
	const char *dry = http_query(x->r, "dry_run");
	if (dry && strcmp(dry, "true") && strcmp(dry, "false"))
		return err_setm(x->e, ERR_INVALID, "dry_run", "input.boolean", "key", "dry_run", NULL);
	struct app_kitos_import req = {.org = x->param[0], .doc = x->body, .dry_run = dry && !strcmp(dry, "true")};
	struct app a = api_app(x);
	return app_kitos_import(&a, &req, &x->out);
}

static int h_audit_log(struct api *x)
{
	struct app a = api_app(x);
	return app_io_audit_log(&a, &(struct app_audit_query){.org = x->param[0]}, &x->list);
}

static int h_audit_verify(struct api *x)
{
	bool allowed = x->p.admin;
	for (size_t i = 0; i < x->p.nmembers; i++)
		allowed |= auth_can(&x->p, x->p.members[i].org, PERM_AUDIT);
	if (!allowed)
		return err_setm(x->e, ERR_DENIED, "", "io.audit_role", NULL);
	struct app a = api_app(x);
	struct app_audit_check chk;
	int rc = app_io_audit_check(&a, &chk);
	if (rc)
		return rc;
	x->out = json_pack("{sbsIss}", "ok", chk.intact, "your_entries", (json_int_t)chk.own_entries, "message",
			   chk.intact ? "the audit chain is intact" : "the audit chain is broken: ask the system administrator to run skjold audit verify");
	return 0;
}

/* The export's pages gathered into the answer: one copy of the text, the entries read a page at a time. */
static int gather(void *ctx, const char *data, size_t len)
{
	struct buf *b = ctx;
	buf_add(b, data, len);
	return 0;
}

/* A query parameter that is an instant; absent leaves *ms. */
static int query_instant(struct api *x, const char *name, bool required, int64_t *ms)
{
	const char *v = http_query(x->r, name);
	if (!v && required)
		return err_setm(x->e, ERR_INVALID, name, "input.required", "key", name, NULL);
	if (v && instant_parse(v, ms))
		return err_setm(x->e, ERR_INVALID, name, "input.instant", "key", name, "value", v, NULL);
	return 0;
}

/* GET /audit/export?since=&until=&org=&format=jsonl|cef: a system administrator's (API_SYSADMIN). */
static int h_audit_export(struct api *x)
{
	struct buf b = {0};
	struct app_audit_export req = {.until_ms = INT64_MAX, .org = http_query(x->r, "org"), .whole_log = true,
				       .write = gather, .ctx = &b};
	const char *format = http_query(x->r, "format");
	int rc;
	if ((rc = query_instant(x, "since", true, &req.since_ms)) || (rc = query_instant(x, "until", false, &req.until_ms)))
		return rc;
	if (!format)
		return err_setm(x->e, ERR_INVALID, "format", "input.required", "key", "format", NULL);
	if (audit_format_parse(format, &req.format) || !strcmp(format, "json"))
		return err_setm(x->e, ERR_INVALID, "format", "input.one_of", "key", "format", "allowed", "jsonl, cef",
				NULL);
	if (req.org && !*req.org)
		req.org = NULL;
	struct app a = api_app(x);
	int64_t n;
	rc = app_io_audit_export(&a, &req, &n);
	char *text = rc ? NULL : buf_finish(&b);
	if (!rc && !text)
		rc = err_setm(x->e, ERR_NOMEM, "", "io.audit_export_large", NULL);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	x->text = text;
	x->text_len = 0;
	x->text_type = req.format == AUDIT_FORMAT_CEF ? "text/plain; charset=utf-8" : "application/x-ndjson";
	return 0;
}

const struct api_route api_io_routes[] = {
	{"GET", "/api/v1/orgs/{org}/export", h_export, API_ORG | API_CACHE, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/import-csv", h_import_csv, API_ORG | API_RAW, 0},
	{"POST", "/api/v1/orgs/{org}/import/kitos", h_import_kitos, API_ORG | API_BODY, PERM_MAP},
	{"GET", "/api/v1/orgs/{org}/audit", h_audit_log, API_ORG, PERM_AUDIT},
	{"POST", "/api/v1/import", h_import, API_BODY, 0},
	{"POST", "/api/v1/audit/verify", h_audit_verify, 0, 0},
	{"GET", "/api/v1/audit/export", h_audit_export, API_SYSADMIN, 0},
	{NULL, NULL, NULL, 0, 0},
};
