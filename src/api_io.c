/*
 * api_io.c — the API's import, export and the audit log.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

/* ---- import, export, audit ---- */

static int h_export(struct api *x)
{
	static const char *const pos[] = {"export", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_export, pos, opts, NULL);
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
				return err_set(x->e, ERR_DENIED, "organisation.id", "only %s's admin may replace it", id);
			continue;
		}
		if (!x->p.admin)
			return err_set(x->e, ERR_NOTFOUND, "organisation.id", "no organisation with id '%s'", id);
		int g = api_grant_new_org(x, id);
		if (g < 0)
			return ERR_INTERNAL;
		if (!g)
			return err_set(x->e, ERR_NOTFOUND, "organisation.id", "no organisation with id '%s'", id);
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
	static const char *const pos[] = {"import", "-", NULL};
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = api_cli(x, cmd_import, pos, NULL, jx_dump(x->body, x->a));
	for (size_t i = 0; !rc && i < nfresh; i++)
		rc = api_add_admin_membership(x, fresh[i]);
	if ((rc = api_tx_end(x, rc)))
		return rc;
	return 0;
}

static int h_import_csv(struct api *x)
{
	const char *kind = http_query(x->r, "kind");
	if (!kind)
		return err_set(x->e, ERR_INVALID, "kind", "give ?kind=nodes, edges or risks");
	unsigned need = !strcmp(kind, "risks") ? PERM_RISK : PERM_MAP;
	if (!auth_can(&x->p, x->param[0], need))
		return err_set(x->e, ERR_DENIED, "", "your role (%s) cannot import %s", auth_role(&x->p, x->param[0]), kind);
	const char *pos[] = {"import-csv", kind, "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	char *data = arena_strndup(x->a, x->r->body ? x->r->body : "", x->r->body_len);
	return api_cli(x, cmd_import_csv, pos, opts, data);
}

static int h_audit_log(struct api *x)
{
	static const char *const pos[] = {"audit", "log", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli_list(x, cmd_audit, pos, opts);
}

/* Count the caller's organisations' entries. */
static int count_own(void *ctx, const struct audit_entry *e)
{
	(void)e;
	(*(long long *)ctx)++;
	return 0;
}

static int h_audit_verify(struct api *x)
{
	bool allowed = x->p.admin;
	for (size_t i = 0; i < x->p.nmembers; i++)
		allowed |= auth_can(&x->p, x->p.members[i].org, PERM_AUDIT);
	if (!allowed)
		return err_set(x->e, ERR_DENIED, "", "verifying the audit log needs the admin, isk or auditor role");
	long long own = 0;
	int rc = store_audit_scan(x->st, NULL, NULL, NULL, count_own, &own, x->e);
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
	x->out = json_pack("{sbsIss}", "ok", vrc == 0, "your_entries", (json_int_t)own, "message",
			   vrc == 0 ? "the audit chain is intact" : "the audit chain is broken: ask the system administrator to run skjold audit verify");
	return 0;
}

const struct api_route api_io_routes[] = {
	{"GET", "/api/v1/orgs/{org}/export", h_export, API_ORG | API_CACHE, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/import-csv", h_import_csv, API_ORG | API_RAW, 0},
	{"GET", "/api/v1/orgs/{org}/audit", h_audit_log, API_ORG, PERM_AUDIT},
	{"POST", "/api/v1/import", h_import, API_BODY, 0},
	{"POST", "/api/v1/audit/verify", h_audit_verify, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};
