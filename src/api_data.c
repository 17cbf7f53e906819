/*
 * api_data.c — the API's data routes: organisations, the dependency map,
 * threats, risks, measures, changes, the derived views and reports,
 * incidents and deadlines, import, export and the audit log.
 *
 * Each route runs the CLI command that does the same thing (api_cli), so the
 * answers, the validation and the field names in errors are the shell's.
 * What is the API's own: status codes (201 on create, 409 when POST names
 * an existing id), lists paged by api.c, and the organisations the caller
 * may reach — the store is scoped before any handler here runs.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

/* Run a listing command; api.c pages, filters and sorts what it printed. */
static int cli_list(struct api *x, int (*cmd)(struct cli *), const char *const *pos, const char *const *opts)
{
	int rc = api_cli(x, cmd, pos, opts, NULL);
	if (!rc) {
		x->list = x->out;
		x->out = NULL;
	}
	return rc;
}

/* ---- organisations ---- */

static int h_orgs(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_org_list(&a, &x->list);
	if (rc)
		return rc;
	size_t i;
	json_t *o;
	json_array_foreach(x->list, i, o)
	{
		const char *role = auth_role(&x->p, json_string_value(json_object_get(o, "id")));
		json_object_set_new(o, "role", role ? json_string(role) : json_null());
	}
	return 0;
}

/* A system administrator's new organisation: it becomes the organisation's admin. */
static int grant_new_org(struct api *x, const char *org)
{
	struct errinfo nf = {0};
	struct org o;
	store_scope_set(x->st, NULL);
	bool exists = store_org_get(x->st, org, x->a, &o, &nf) == 0;
	store_scope_set(x->st, &x->p.scope);
	if (exists)
		return 0; /* not new: the caller's own grant decides */
	size_t n = x->p.nmembers;
	struct member_rec *m = arena_alloc(x->a, (n + 1) * sizeof *m);
	if (n)
		memcpy(m, x->p.members, n * sizeof *m);
	m[n] = (struct member_rec){x->p.user, arena_strdup(x->a, org), "admin"};
	x->p.members = m;
	x->p.nmembers = n + 1;
	auth_scope(x->a, &x->p); /* the store's scope is &x->p.scope: it sees the new grant at once */
	return 1;
}

static int add_admin_membership(struct api *x, const char *org)
{
	struct member_rec m = {x->p.user, org, "admin"};
	int rc = store_member_put(x->st, &m, x->e);
	if (!rc)
		rc = audit_record(x->st, api_actor(x), x->now_ms, "grant", "membership", org, x->p.user, NULL,
				  "{\"role\":\"admin\"}", x->e);
	return rc;
}

static int h_org_add(struct api *x)
{
	const char *id;
	int rc = api_body_str(x, "id", true, &id);
	if (rc)
		return rc;
	if (!x->p.admin)
		return err_set(x->e, ERR_DENIED, "", "only a system administrator creates organisations");
	/* the members of an organisation are kept apart from it; let nobody else's roles ride along */
	struct member_rec *stale;
	size_t nstale;
	store_scope_set(x->st, NULL);
	rc = store_member_list(x->st, id, NULL, x->a, &stale, &nstale, x->e);
	store_scope_set(x->st, &x->p.scope);
	if (rc)
		return rc;
	int fresh = grant_new_org(x, id);
	if (fresh < 0)
		return ERR_INTERNAL;
	if (!fresh)
		return err_set(x->e, ERR_CONFLICT, "id", "organisation '%s' exists", id);
	if (nstale)
		return err_set(x->e, ERR_CONFLICT, "id", "'%s' was an organisation's id; choose another", id);
	struct app a = api_app(x);
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = app_org_write(&a, APP_CREATE, NULL, x->body, NULL, &x->out);
	if (!rc)
		rc = add_admin_membership(x, id);
	if ((rc = api_tx_end(x, rc)))
		return rc;
	x->status = 201;
	http_add_header(x->r, "Location", arena_printf(x->a, "/api/v1/orgs/%s", id));
	return 0;
}

static int h_org_get(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_org_show(&a, x->param[0], &x->out);
	if (!rc)
		json_object_set_new(x->out, "role", json_string(auth_role(&x->p, x->param[0])));
	return rc;
}

static int h_org_patch(struct api *x)
{
	/* If-Match is checked by api.c against GET's answer, which adds the caller's role */
	struct app a = api_app(x);
	return app_org_write(&a, APP_MERGE, x->param[0], x->body, NULL, &x->out);
}

static int h_org_delete(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_org_delete(&a, x->param[0], NULL);
	if (!rc)
		x->out = json_pack("{sbss}", "deleted", 1, "organisation", x->param[0]);
	return rc;
}

/* ---- the five kinds of object keyed by id, and edges: the application layer's use cases ---- */

static const struct {
	const char *path;
	enum app_kind kind;
} kinds[] = {{"nodes", APP_NODE},     {"threats", APP_THREAT}, {"risks", APP_RISK},
	     {"measures", APP_MEASURE}, {"changes", APP_CHANGE}, {"edges", APP_EDGE}};

/* The kind in the route's path ("/api/v1/orgs/X/risks/…" → APP_RISK). */
static enum app_kind kind_of(struct api *x)
{
	const char *p = x->r->path + strlen("/api/v1/orgs/") + strlen(x->param[0]) + 1;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i].path);
		if (!strncmp(p, kinds[i].path, n) && (p[n] == '/' || !p[n]))
			return kinds[i].kind;
	}
	ASSERT(!"route without a kind");
	return APP_NODE;
}

/* The object the path names: {id}, or {from}/{to} of an edge. */
static struct app_ref path_ref(struct api *x)
{
	if (kind_of(x) == APP_EDGE)
		return (struct app_ref){.org = x->param[0], .from = x->param[1], .to = x->param[2]};
	return (struct app_ref){.org = x->param[0], .id = x->param[1]};
}

/* A stale version is the If-Match header's fault. */
static int precondition(struct api *x, int rc)
{
	if (rc == ERR_STALE)
		snprintf(x->e->field, sizeof x->e->field, "If-Match");
	return rc;
}

static int h_obj_list(struct api *x)
{
	struct app a = api_app(x);
	return app_object_list(&a, kind_of(x), x->param[0], &x->list);
}

static int h_obj_get(struct api *x)
{
	struct app a = api_app(x);
	struct app_ref ref = path_ref(x);
	return app_object_show(&a, kind_of(x), &ref, &x->out);
}

/* Management may decide on a risk (decision, acceptance) without the right to assess it. */
static int check_risk_write(struct api *x)
{
	const char *org = x->param[0];
	enum app_kind k = kind_of(x);
	if (k != APP_RISK && k != APP_MEASURE)
		return auth_can(&x->p, org, PERM_MAP) ? 0 : err_set(x->e, ERR_DENIED, "", "your role (%s) in %s cannot change the map", auth_role(&x->p, org), org);
	/* approving a risk's acceptance is management's (seed 003 §4.3): assessors may not set it */
	json_t *acc = json_object_get(x->body, "acceptance");
	if (k == APP_RISK && acc && !json_is_null(acc) && !auth_can(&x->p, org, PERM_DECIDE))
		return err_set(x->e, ERR_DENIED, "acceptance", "your role (%s) may not record a risk's acceptance",
			       auth_role(&x->p, org));
	if (auth_can(&x->p, org, PERM_RISK))
		return 0;
	if (k == APP_RISK && !strcmp(x->r->method, "PATCH") && auth_can(&x->p, org, PERM_DECIDE)) {
		const char *f;
		json_t *v;
		json_object_foreach(x->body, f, v) if (strcmp(f, "decision") && strcmp(f, "acceptance") && strcmp(f, "note"))
			return err_set(x->e, ERR_DENIED, f, "your role (%s) may change only decision, acceptance and note",
				       auth_role(&x->p, org));
		return 0;
	}
	return err_set(x->e, ERR_DENIED, "", "your role (%s) in %s cannot change risks", auth_role(&x->p, org), org);
}

/* POST (a new object: 201, or 409 for an id that exists), PUT (the whole object) and PATCH (the fields given). */
static int obj_write(struct api *x, enum app_mode mode)
{
	int rc = check_risk_write(x);
	if (rc)
		return rc;
	struct app a = api_app(x);
	struct app_write w = {.kind = kind_of(x), .mode = mode, .fields = x->body,
			      /* a POST's If-Match is the collection's, checked by api.c in this transaction */
			      .if_version = mode == APP_CREATE ? NULL : http_header(x->r, "If-Match")};
	w.ref = mode == APP_CREATE ? (struct app_ref){.org = x->param[0]} : path_ref(x);
	if ((rc = precondition(x, app_object_write(&a, &w, &x->out))))
		return rc;
	if (mode == APP_CREATE) {
		x->status = 201;
		if (w.kind != APP_EDGE)
			http_add_header(x->r, "Location",
					arena_printf(x->a, "%s/%s", x->r->path,
						     json_string_value(json_object_get(x->out, "id"))));
	}
	return 0;
}

static int h_obj_post(struct api *x) { return obj_write(x, APP_CREATE); }
static int h_obj_put(struct api *x) { return obj_write(x, APP_REPLACE); }
static int h_obj_patch(struct api *x) { return obj_write(x, APP_MERGE); }

static int h_obj_delete(struct api *x)
{
	int rc = check_risk_write(x);
	if (rc)
		return rc;
	struct app a = api_app(x);
	struct app_ref ref = path_ref(x);
	enum app_kind k = kind_of(x);
	if ((rc = precondition(x, app_object_delete(&a, k, &ref, http_header(x->r, "If-Match")))))
		return rc;
	x->out = k == APP_EDGE ? json_pack("{sbss++}", "deleted", 1, "edge", ref.from, " -> ", ref.to)
			       : json_pack("{sbss}", "deleted", 1, app_kind_name(k), ref.id);
	return 0;
}

static int h_carry_forward(struct api *x)
{
	const char *note;
	int rc = api_body_str(x, "note", false, &note);
	if (rc)
		return rc;
	struct app a = api_app(x);
	struct app_ref ref = path_ref(x);
	return precondition(x, app_node_carry_forward(&a, &ref, note, http_header(x->r, "If-Match"), &x->out));
}

/* The risk as it would be saved, with every derived field, and nothing written. */
static int h_risk_preview(struct api *x)
{
	json_t *id = json_object_get(x->body, "id");
	struct app a = api_app(x);
	struct app_write w = {.kind = APP_RISK, .mode = APP_REPLACE, .fields = x->body,
			      .ref = {.org = x->param[0], .id = json_is_string(id) ? json_string_value(id) : "preview"}};
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	rc = app_object_write(&a, &w, &x->out);
	store_rollback(x->st);
	return rc;
}

/* ---- derived views and reports ---- */

static int h_impact(struct api *x)
{
	const char *pos[] = {"impact", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_impact, pos, opts, NULL);
}

static int h_spof(struct api *x)
{
	static const char *const pos[] = {"spof", NULL};
	const char *opts[] = {"org", x->param[0], "target", http_query(x->r, "node"), NULL};
	return api_cli(x, cmd_spof, pos, opts, NULL);
}

static int h_register(struct api *x)
{
	static const char *const pos[] = {"register", NULL};
	const char *format = http_query(x->r, "format");
	const char *opts[] = {"org", x->param[0], "format", format ? format : "json", NULL};
	return api_cli(x, cmd_register, pos, opts, NULL);
}

static int h_overview(struct api *x)
{
	static const char *const pos[] = {"overview", NULL};
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_overview, pos, opts, NULL);
}

static int h_followup(struct api *x)
{
	static const char *const pos[] = {"followup", NULL};
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_followup, pos, opts, NULL);
}

static int h_report(struct api *x)
{
	bool isu = strstr(x->r->path, "/reports/isu") != NULL;
	const char *pos[] = {"report", isu ? "isu" : "management", NULL};
	const char *year = http_query(x->r, "year"), *quarter = http_query(x->r, "quarter");
	/* the ISU report is per quarter: ?year=2026&quarter=4 is the shell's --quarter 2026Q4 */
	if (isu && year && quarter && strlen(quarter) == 1) {
		quarter = arena_printf(x->a, "%sQ%s", year, quarter);
		year = NULL;
	}
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), "year", year, "quarter", quarter,
			      NULL};
	return api_cli(x, cmd_report, pos, opts, NULL); /* options without a value are left out */
}

static int h_tables(struct api *x)
{
	static const char *const pos[] = {"tables", "show", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_tables, pos, opts, NULL);
}

static int h_table_get(struct api *x)
{
	int rc = h_tables(x);
	if (rc)
		return rc;
	json_t *t = json_object_get(x->out, x->param[1]);
	if (!t) {
		json_decref(x->out);
		x->out = NULL;
		return err_set(x->e, ERR_NOTFOUND, "name",
			       "no table '%s' (matrix, likelihood_table, review_intervals, treatment_deadlines)", x->param[1]);
	}
	json_incref(t);
	json_decref(x->out);
	x->out = t;
	return 0;
}

static int h_table_put(struct api *x)
{
	const char *pos[] = {"tables", "set", x->param[1], "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_tables, pos, opts, jx_dump(x->body, x->a));
}

/* ---- incidents ---- */

static int h_incidents(struct api *x)
{
	static const char *const pos[] = {"incident", "list", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return cli_list(x, cmd_incident, pos, opts);
}

static int h_incident_add(struct api *x)
{
	static const char *const pos[] = {"incident", "add", "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	int rc = api_cli(x, cmd_incident, pos, opts, jx_dump(x->body, x->a));
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_get(struct api *x)
{
	const char *pos[] = {"incident", "show", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_incident_patch(struct api *x)
{
	const char *pos[] = {"incident", "update", x->param[1], "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, jx_dump(x->body, x->a));
}

static int h_submissions(struct api *x)
{
	struct incident_rec rec;
	int rc = store_incident_get(x->st, x->param[0], x->param[1], x->a, &rec, x->e);
	struct submission_rec *s;
	size_t n;
	if (rc || (rc = store_submission_list(x->st, x->param[0], x->param[1], x->a, &s, &n, x->e)))
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_loads(s[i].doc, 0, NULL);
		if (!d)
			d = json_object();
		json_object_set_new(d, "seq", json_integer(s[i].seq));
		json_array_append_new(x->list, d);
	}
	return 0;
}

static int h_submission_add(struct api *x)
{
	const char *pos[] = {"incident", "submit", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	/* the submission's instant is "submitted_at", as the stored submission names it (the shell: --at) */
	json_t *at = json_object_get(x->body, "submitted_at");
	if (at) {
		if (json_object_get(x->body, "at"))
			return err_set(x->e, ERR_INVALID, "at", "give submitted_at or at, not both");
		json_object_set(x->body, "at", at);
		json_object_del(x->body, "submitted_at");
	}
	int rc = api_cli_body(x, cmd_incident, pos, opts);
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_report(struct api *x)
{
	const char *pos[] = {"incident", "report", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], "regime", x->param[2], "report", x->param[3],
			      "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_deadlines(struct api *x)
{
	static const char *const pos[] = {"deadlines", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_deadlines, pos, opts, NULL);
}

static int h_recurring(struct api *x)
{
	static const char *const pos[] = {"incident", "recurring", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_assess(struct api *x)
{
	static const char *const pos[] = {"incident", "assess", "-", NULL};
	const char *opts[] = {"regime", http_query(x->r, "regime"), NULL};
	return api_cli(x, cmd_incident_assess, pos, opts, jx_dump(x->body, x->a));
}

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
		int g = grant_new_org(x, id);
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
		rc = add_admin_membership(x, fresh[i]);
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
	return cli_list(x, cmd_audit, pos, opts);
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

/* ---- across the caller's organisations ---- */

static int h_all(struct api *x)
{
	const char *what = x->r->path + strlen("/api/v1/");
	int kind = -1;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(what, kinds[i].path))
			kind = (int)kinds[i].kind;
	struct app a = api_app(x);
	x->list = json_array();
	for (size_t i = 0; i < x->p.nmembers; i++) {
		const char *org = x->p.members[i].org;
		const char *pos[] = {"incident", "list", NULL};
		const char *opts[] = {"org", org, NULL};
		int rc = kind >= 0 ? app_object_list(&a, (enum app_kind)kind, org, &x->out)
				   : api_cli(x, cmd_incident, pos, opts, NULL);
		if (rc == ERR_NOTFOUND) { /* a membership of an organisation since deleted */
			err_clear(x->e);
			continue;
		}
		if (rc)
			return rc;
		size_t k;
		json_t *o;
		json_array_foreach(x->out, k, o)
		{
			json_t *item = json_pack("{ss}", "org", org);
			json_object_update(item, o);
			json_array_append_new(x->list, item);
		}
		json_decref(x->out);
		x->out = NULL;
	}
	return 0;
}

#define OBJ_ROUTES(kind)                                                                               \
	{"GET", "/api/v1/orgs/{org}/" kind, h_obj_list, API_ORG, PERM_READ},                           \
	{"POST", "/api/v1/orgs/{org}/" kind, h_obj_post, API_ORG | API_BODY, 0},                       \
	{"GET", "/api/v1/orgs/{org}/" kind "/{id}", h_obj_get, API_ORG, PERM_READ},                    \
	{"PUT", "/api/v1/orgs/{org}/" kind "/{id}", h_obj_put, API_ORG | API_BODY | API_PRECOND, 0},   \
	{"PATCH", "/api/v1/orgs/{org}/" kind "/{id}", h_obj_patch, API_ORG | API_BODY | API_PRECOND, 0}, \
	{"DELETE", "/api/v1/orgs/{org}/" kind "/{id}", h_obj_delete, API_ORG | API_PRECOND, 0}

const struct api_route api_data_routes[] = {
	{"GET", "/api/v1/orgs", h_orgs, API_CACHE, 0},
	{"POST", "/api/v1/orgs", h_org_add, API_BODY | API_SYSADMIN, 0},
	{"GET", "/api/v1/orgs/{org}", h_org_get, API_ORG, PERM_READ},
	{"PATCH", "/api/v1/orgs/{org}", h_org_patch, API_ORG | API_BODY, PERM_ADMIN},
	{"DELETE", "/api/v1/orgs/{org}", h_org_delete, API_ORG, PERM_ADMIN},
	{"POST", "/api/v1/orgs/{org}/risks/preview", h_risk_preview, API_ORG | API_BODY, PERM_RISK},
	{"POST", "/api/v1/orgs/{org}/nodes/{id}/carry-forward", h_carry_forward, API_ORG | API_BODY | API_PRECOND, PERM_MAP},
	OBJ_ROUTES("nodes"),
	OBJ_ROUTES("threats"),
	OBJ_ROUTES("risks"),
	OBJ_ROUTES("measures"),
	OBJ_ROUTES("changes"),
	{"GET", "/api/v1/orgs/{org}/edges", h_obj_list, API_ORG | API_CACHE, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/edges", h_obj_post, API_ORG | API_BODY, PERM_MAP},
	{"GET", "/api/v1/orgs/{org}/edges/{from}/{to}", h_obj_get, API_ORG | API_CACHE, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/edges/{from}/{to}", h_obj_put, API_ORG | API_BODY | API_PRECOND, PERM_MAP},
	{"PATCH", "/api/v1/orgs/{org}/edges/{from}/{to}", h_obj_patch, API_ORG | API_BODY | API_PRECOND, PERM_MAP},
	{"DELETE", "/api/v1/orgs/{org}/edges/{from}/{to}", h_obj_delete, API_ORG | API_PRECOND, PERM_MAP},
	{"GET", "/api/v1/orgs/{org}/impact/{node}", h_impact, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/spof", h_spof, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/register", h_register, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/overview", h_overview, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/followup", h_followup, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/reports/isu", h_report, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/reports/management", h_report, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/tables", h_tables, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/tables/{name}", h_table_get, API_ORG | API_CACHE, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/tables/{name}", h_table_put, API_ORG | API_BODY | API_ANYJSON, PERM_ADMIN},
	{"GET", "/api/v1/orgs/{org}/incidents", h_incidents, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/incidents", h_incident_add, API_ORG | API_BODY, PERM_INCIDENT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}", h_incident_get, API_ORG, PERM_READ},
	{"PATCH", "/api/v1/orgs/{org}/incidents/{id}", h_incident_patch, API_ORG | API_BODY, PERM_INCIDENT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}/submissions", h_submissions, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/incidents/{id}/submissions", h_submission_add, API_ORG | API_BODY, PERM_SUBMIT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}/reports/{regime}/{report}", h_incident_report, API_ORG, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/deadlines", h_deadlines, API_ORG, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/recurring", h_recurring, API_ORG, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/export", h_export, API_ORG | API_CACHE, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/import-csv", h_import_csv, API_ORG | API_RAW, 0},
	{"GET", "/api/v1/orgs/{org}/audit", h_audit_log, API_ORG, PERM_AUDIT},
	{"POST", "/api/v1/assess", h_assess, API_BODY, 0},
	{"POST", "/api/v1/import", h_import, API_BODY, 0},
	{"POST", "/api/v1/audit/verify", h_audit_verify, 0, 0},
	{"GET", "/api/v1/nodes", h_all, API_CACHE, 0},
	{"GET", "/api/v1/risks", h_all, API_CACHE, 0},
	{"GET", "/api/v1/measures", h_all, API_CACHE, 0},
	{"GET", "/api/v1/incidents", h_all, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};
