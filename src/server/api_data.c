/*
 * api_data.c — the API's routes for organisations and the dependency map:
 * nodes, edges, threats, risks, measures and changes, and the lists across
 * the caller's organisations.  Views and reports are in api_view.c,
 * incidents in api_incident.c, import, export and audit in api_io.c.
 *
 * Each handler parses its request and calls the application layer (app.h);
 * what is the API's own: status codes (201 on create, 409 when POST names
 * an existing id), lists paged by api.c, and the organisations the caller
 * may reach — the store is scoped before any handler here runs.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app_sheet.h"
#include "app.h"
#include "app_user.h"
#include "app_incident.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

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
int api_grant_new_org(struct api *x, const char *org)
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
	m[n] = (struct member_rec){x->p.user, arena_strdup(x->a, org), "admin", 0};
	x->p.members = m;
	x->p.nmembers = n + 1;
	x->p.gens = NULL;
	auth_scope(x->a, &x->p); /* the store's scope is &x->p.scope: it sees the new grant at once */
	return 1;
}

static int h_org_add(struct api *x)
{
	const char *id;
	int rc = api_body_str(x, "id", true, &id);
	if (rc)
		return rc;
	if (!x->p.admin)
		return err_setm(x->e, ERR_DENIED, "", "access.create_org", NULL);
	/* the members of an organisation are kept apart from it; let nobody else's roles ride along */
	struct member_rec *stale;
	size_t nstale;
	store_scope_set(x->st, NULL);
	rc = store_member_list(x->st, id, NULL, x->a, &stale, &nstale, x->e);
	store_scope_set(x->st, &x->p.scope);
	if (rc)
		return rc;
	int fresh = api_grant_new_org(x, id);
	if (fresh < 0)
		return ERR_INTERNAL;
	if (!fresh)
		return err_setm(x->e, ERR_CONFLICT, "id", "org.exists", "id", id, NULL);
	if (nstale)
		return err_setm(x->e, ERR_CONFLICT, "id", "org.id_used", "id", id, NULL);
	struct app a = api_app(x);
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = app_org_write(&a, APP_CREATE, NULL, x->body, NULL, &x->out);
	if (!rc)
		rc = app_member_grant_creator(&a, id, x->p.user);
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

/* ---- lists, made page by page (api.c asks only for the items it shows) ---- */

/* The objects of one kind over the caller's organisations: each item carries its "org" across organisations. */
struct obj_rows {
	size_t n;
	bool with_org;
	struct {
		const char *org; /* heap */
		struct app_objects *l;
		size_t first;    /* index of its first item in the whole list */
	} part[];
};

static json_t *obj_rows_item(void *ctx, size_t i)
{
	struct obj_rows *r = ctx;
	size_t p = 0;
	while (p + 1 < r->n && i >= r->part[p + 1].first)
		p++;
	json_t *o = app_objects_item(r->part[p].l, i - r->part[p].first);
	if (!r->with_org)
		return o;
	json_t *item = json_pack("{ss}", "org", r->part[p].org);
	json_object_update(item, o);
	json_decref(o);
	return item;
}

static void obj_rows_done(void *ctx)
{
	struct obj_rows *r = ctx;
	for (size_t p = 0; p < r->n; p++) {
		app_objects_free(r->part[p].l);
		free((char *)r->part[p].org);
	}
	free(r);
}

/*
 * x->rows over the objects of kind in orgs (with_org: each item names its
 * organisation first).  An organisation since deleted is left out when
 * skip_gone (a membership outlives it), else its ERR_NOTFOUND is the answer.
 */
static int obj_rows(struct api *x, enum app_kind kind, const char *const *orgs, size_t norgs, bool with_org,
		    bool skip_gone)
{
	struct obj_rows *r = xcalloc(1, sizeof *r + (norgs + 1) * sizeof r->part[0]);
	r->with_org = with_org;
	x->rows = (struct api_rows){.item = obj_rows_item, .done = obj_rows_done, .ctx = r};
	struct app a = api_app(x);
	for (size_t i = 0; i < norgs; i++) {
		struct app_objects *l;
		int rc = app_objects_open(&a, kind, orgs[i], &l);
		if (rc == ERR_NOTFOUND && skip_gone) {
			err_clear(x->e);
			continue;
		}
		if (rc)
			return rc; /* api.c releases the rows */
		r->part[r->n].org = xstrdup(orgs[i]);
		r->part[r->n].l = l;
		r->part[r->n].first = x->rows.n;
		r->n++;
		x->rows.n += app_objects_count(l);
	}
	return 0;
}

static int h_obj_list(struct api *x)
{
	struct app a = api_app(x);
	bool xlsx = false;
	if (kind_of(x) == APP_RISK) {
		/* the risk list as a spreadsheet: ?format=xlsx (the whole list; paging applies to JSON) */
		int rc = api_format_xlsx(x, &xlsx);
		if (rc)
			return rc;
		if (xlsx) {
			char *bytes = NULL;
			size_t len = 0;
			rc = app_sheet_risks(&a, x->param[0], &bytes, &len);
			return api_answer_xlsx(x, rc, bytes, len, "risici");
		}
	}
	return obj_rows(x, kind_of(x), &x->param[0], 1, false, false);
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
		return auth_can(&x->p, org, PERM_MAP)
			       ? 0
			       : err_setm(x->e, ERR_DENIED, "", "access.map", "role", auth_role(&x->p, org), "org", org, NULL);
	/* approving a risk's acceptance is management's (seed 003 §4.3): assessors may not set it */
	json_t *acc = json_object_get(x->body, "acceptance");
	if (k == APP_RISK && acc && !json_is_null(acc) && !auth_can(&x->p, org, PERM_DECIDE))
		return err_setm(x->e, ERR_DENIED, "acceptance", "access.acceptance", "role", auth_role(&x->p, org), NULL);
	if (auth_can(&x->p, org, PERM_RISK))
		return 0;
	if (k == APP_RISK && !strcmp(x->r->method, "PATCH") && auth_can(&x->p, org, PERM_DECIDE)) {
		const char *f;
		json_t *v;
		json_object_foreach(x->body, f, v) if (strcmp(f, "decision") && strcmp(f, "acceptance") && strcmp(f, "note"))
			return err_setm(x->e, ERR_DENIED, f, "access.risk_fields", "role", auth_role(&x->p, org), NULL);
		return 0;
	}
	return err_setm(x->e, ERR_DENIED, "", "access.risks", "role", auth_role(&x->p, org), "org", org, NULL);
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

/* ---- across the caller's organisations ---- */

static int h_all(struct api *x)
{
	const char *what = x->r->path + strlen("/api/v1/");
	int kind = -1;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(what, kinds[i].path))
			kind = (int)kinds[i].kind;
	if (kind >= 0) {
		const char **orgs = arena_alloc(x->a, (x->p.nmembers + 1) * sizeof *orgs);
		for (size_t i = 0; i < x->p.nmembers; i++)
			orgs[i] = x->p.members[i].org;
		return obj_rows(x, (enum app_kind)kind, orgs, x->p.nmembers, true, true);
	}
	struct app a = api_app(x);
	x->list = json_array();
	for (size_t i = 0; i < x->p.nmembers; i++) {
		const char *org = x->p.members[i].org;
		int rc = app_incident_list(&a, org, NULL, NULL, &x->out);
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
	{"GET", "/api/v1/orgs/{org}/" kind, h_obj_list, API_ORG | API_CACHE, PERM_READ},               \
	{"POST", "/api/v1/orgs/{org}/" kind, h_obj_post, API_ORG | API_BODY, 0},                       \
	{"GET", "/api/v1/orgs/{org}/" kind "/{id}", h_obj_get, API_ORG | API_CACHE, PERM_READ},        \
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
	{"GET", "/api/v1/nodes", h_all, API_CACHE, 0},
	{"GET", "/api/v1/risks", h_all, API_CACHE, 0},
	{"GET", "/api/v1/measures", h_all, API_CACHE, 0},
	{"GET", "/api/v1/incidents", h_all, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};
