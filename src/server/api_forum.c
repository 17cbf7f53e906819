/*
 * api_forum.c — the sector forum's routes (/api/v1/orgs/{org}/forums/…),
 * the server's adapter of app_forum.c.
 *
 * {org} is the organisation the caller acts for (a member, or the
 * secretariat); the route's permission is checked in it, and forum.c then
 * decides what that organisation may see.  Each handler turns the path,
 * the query and the JSON body into the use case's typed request: a body's
 * fields are checked by name (an unknown or ill-typed one is refused with a
 * 400 naming it), recipients and a share's kinds stay JSON arrays, an
 * item's version a JSON integer.  None of these answers is cached: what
 * they show depends on labels, recipients and membership, not only on the
 * organisation's own data.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "report_render.h"
#include "app_forum.h"
#include "http.h"
#include "jsonx.h"
#include "role.h"

/* One call of a use case: the app acting as the caller, {org} acting in {forum}, and the result. */
struct call {
	struct app a;
	struct app_forum_at at;
	json_t *res;
};

static struct call call_of(struct api *x)
{
	return (struct call){api_app(x), {x->param[0], x->nparam > 1 ? x->param[1] : NULL}, NULL};
}

/*
 * The use case's result *res as the answer (status when it succeeded).  A
 * pointer, so that answer(x, use_case(…, &c.res), &c.res, …) reads it after
 * the use case, whatever order C evaluates the arguments in.
 */
static int answer(struct api *x, int rc, json_t **res, int status)
{
	if (rc) {
		json_decref(*res);
		return rc;
	}
	x->out = *res;
	x->status = status;
	return 0;
}

/*
 * The body's fields as text, as a form of the shell's options would have
 * them: only keys in allowed, each a string, a whole number or a boolean.
 * vals[i] gets allowed[i]'s text or NULL.
 */
static int body_texts(struct api *x, const char *const *allowed, const char **vals)
{
	if (!json_is_object(x->body))
		return err_setm(x->e, ERR_INVALID, "body", "input.body_object", NULL);
	int rc = jx_check_keys(x->body, "", allowed, x->e);
	for (size_t i = 0; !rc && allowed[i]; i++) {
		json_t *v = json_object_get(x->body, allowed[i]);
		vals[i] = NULL;
		if (!v)
			continue;
		if (json_is_string(v))
			vals[i] = json_string_value(v);
		else if (json_is_integer(v))
			vals[i] = arena_printf(x->a, "%lld", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			vals[i] = json_is_true(v) ? "true" : "false";
		else
			rc = err_setm(x->e, ERR_INVALID, allowed[i], "forum.query_value", "key", allowed[i], NULL);
	}
	return rc;
}

/* A number given as text (a body field or a query parameter), naming field when it is not one. */
static int number_of(struct api *x, const char *text, const char *field, double *out)
{
	if (!text)
		return 0;
	char *end;
	double v = strtod(text, &end);
	if (end == text || *end || !isfinite(v))
		return err_setm(x->e, ERR_INVALID, field, "cli.not_number", "value", text, NULL);
	*out = v;
	return 0;
}

/*
 * A list of ids: an array of non-empty strings (errors name "field[i]"),
 * or absent / null (*out NULL).  Borrowed from the body.
 */
static int id_list(struct api *x, json_t *list, const char *field, json_t **out)
{
	*out = NULL;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return err_setm(x->e, ERR_INVALID, field, "forum.list", "key", field, NULL);
	size_t i;
	json_t *s;
	json_array_foreach(list, i, s)
	{
		const char *t = json_string_value(s);
		if (!t || !*t)
			return err_setm(x->e, ERR_INVALID, arena_printf(x->a, "%s[%zu]", field, i), "forum.list_ids",
					"key", field, NULL);
	}
	*out = list;
	return 0;
}

/* ---- forums and membership ---- */

static int h_forums(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_list(&c.a, x->param[0], &c.res), &c.res, 200);
}

static int h_forum_create(struct api *x)
{
	static const char *const keys[] = {"id", "name", NULL};
	const char *v[2];
	struct call c = call_of(x);
	int rc = body_texts(x, keys, v);
	return rc ? rc : answer(x, app_forum_create(&c.a, x->param[0], v[0], v[1], &c.res), &c.res, 201);
}

static int h_forum_show(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_show(&c.a, &c.at, &c.res), &c.res, 200);
}

static int h_members(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_members(&c.a, &c.at, &c.res), &c.res, 200);
}

/* POST members {member, category?, assets?}; PATCH members/{member} {category?, assets?}. */
static int member_write(struct api *x, bool invite)
{
	static const char *const invite_keys[] = {"member", "category", "assets", NULL};
	const char *const *keys = invite ? invite_keys : invite_keys + 1;
	const char *v[3] = {NULL, NULL, NULL};
	struct app_forum_member req = {.assets_dkk_m = -1};
	struct call c = call_of(x);
	int rc = body_texts(x, keys, invite ? v : v + 1);
	if (rc || (rc = number_of(x, v[2], "assets", &req.assets_dkk_m)))
		return rc;
	req.member = invite ? v[0] : x->param[2];
	req.category = v[1];
	rc = invite ? app_forum_invite(&c.a, &c.at, &req, &c.res)
		    : app_forum_member_update(&c.a, &c.at, &req, &c.res);
	return answer(x, rc, &c.res, invite ? 201 : 200);
}

static int h_invite(struct api *x) { return member_write(x, true); }
static int h_member_update(struct api *x) { return member_write(x, false); }

/* DELETE members/{member}: the acting organisation itself leaves; another is removed by the secretariat. */
static int h_member_remove(struct api *x)
{
	struct call c = call_of(x);
	const char *member = strcmp(x->param[2], x->param[0]) ? x->param[2] : NULL;
	return answer(x, app_forum_leave(&c.a, &c.at, member, &c.res), &c.res, 200);
}

static int answer_invitation(struct api *x, bool accept)
{
	struct call c = call_of(x);
	return answer(x, app_forum_answer(&c.a, &c.at, accept, &c.res), &c.res, 200);
}

static int h_join(struct api *x) { return answer_invitation(x, true); }
static int h_decline(struct api *x) { return answer_invitation(x, false); }

/* ---- shares ---- */

static int h_shares(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_shares(&c.a, &c.at, &c.res), &c.res, 200);
}

/* A share's body: kind, target or filter {critical_only, kinds}, tlp, recipients. */
static int h_share_add(struct api *x)
{
	static const char *const keys[] = {"kind", "target", "filter", "tlp", "recipients", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	struct app_forum_share req = {.critical_only = -1};
	req.kind = json_string_value(json_object_get(x->body, "kind"));
	req.target = json_string_value(json_object_get(x->body, "target"));
	req.tlp = json_string_value(json_object_get(x->body, "tlp"));
	if ((rc = id_list(x, json_object_get(x->body, "recipients"), "recipients", &req.recipients)))
		return rc;
	json_t *f = json_object_get(x->body, "filter");
	if (f && !json_is_null(f)) {
		static const char *const fkeys[] = {"critical_only", "kinds", NULL};
		if ((rc = jx_object(f, "filter", x->e)) || (rc = jx_check_keys(f, "filter", fkeys, x->e)))
			return rc;
		json_t *c = json_object_get(f, "critical_only");
		if (c) {
			if (!json_is_boolean(c))
				return err_setm(x->e, ERR_INVALID, "filter.critical_only", "forum.critical_only", NULL);
			req.critical_only = json_is_true(c);
		}
		if ((rc = id_list(x, json_object_get(f, "kinds"), "filter.kinds", &req.kinds)))
			return rc;
	}
	struct call c = call_of(x);
	return answer(x, app_forum_share_add(&c.a, &c.at, &req, &c.res), &c.res, 201);
}

static int h_share_delete(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_unshare(&c.a, &c.at, x->param[2], &c.res), &c.res, 200);
}

/* ---- items ---- */

/* Items: the body is {tlp?, recipients?, parent?, version?, body: {...}} or the body alone. */
static int item_write(struct api *x, bool update)
{
	struct app_forum_item req = {.kind = x->param[2], .id = update ? x->param[3] : NULL, .update = update};
	json_t *b = x->body, *inner = json_object_get(b, "body");
	int rc;
	if (inner) {
		static const char *const keys[] = {"body", "tlp", "recipients", "parent", "version", NULL};
		if ((rc = jx_check_keys(b, "", keys, x->e)))
			return rc;
		/* a field of the wrong type is refused, not dropped (a dropped label would fall back to the default) */
		static const char *const strs[] = {"tlp", "parent", NULL};
		for (size_t i = 0; strs[i]; i++) {
			json_t *s = json_object_get(b, strs[i]);
			if (s && !json_is_null(s) && !json_is_string(s))
				return err_setm(x->e, ERR_INVALID, strs[i], "input.string", "key", strs[i], NULL);
		}
		req.tlp = json_string_value(json_object_get(b, "tlp"));
		req.parent = json_string_value(json_object_get(b, "parent"));
		json_t *v = json_object_get(b, "version");
		if (v && !json_is_null(v) && !json_is_integer(v))
			return err_setm(x->e, ERR_INVALID, "version", "forum.version_whole", NULL);
		req.version = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
		if ((rc = id_list(x, json_object_get(b, "recipients"), "recipients", &req.recipients)))
			return rc;
	} else {
		inner = b;
	}
	if (!req.parent)
		req.parent = http_query(x->r, "parent");
	req.body = inner;
	struct call c = call_of(x);
	return answer(x, app_forum_item_write(&c.a, &c.at, &req, &c.res), &c.res, update ? 200 : 201);
}

static int h_items(struct api *x)
{
	struct call c = call_of(x);
	int rc = app_forum_item_list(&c.a, &c.at, x->param[2], http_query(x->r, "parent"), &c.res);
	if (!rc) {
		x->list = c.res;
		x->status = 200;
	}
	return rc;
}

static int h_item_add(struct api *x) { return item_write(x, false); }
static int h_item_put(struct api *x) { return item_write(x, true); }

static int h_item_get(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_item_show(&c.a, &c.at, x->param[2], x->param[3], &c.res), &c.res, 200);
}

static int h_item_delete(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_item_delete(&c.a, &c.at, x->param[2], x->param[3], &c.res), &c.res, 200);
}

/*
 * POST …/items/risk/{id}/rerate: {likelihood, consequence, rated_on?,
 * rationale?, version?}.  A field of the wrong type is refused by name.
 */
static int h_rerate(struct api *x)
{
	static const char *const keys[] = {"likelihood", "consequence", "rated_on", "rationale", "version", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	json_t *rating = json_object();
	int64_t version = 0;
	for (size_t i = 0; keys[i] && !rc; i++) {
		json_t *v = json_object_get(x->body, keys[i]);
		bool whole = i < 2 || !strcmp(keys[i], "version");
		if (!v || json_is_null(v))
			continue;
		if (whole ? !json_is_integer(v) : !json_is_string(v))
			rc = err_setm(x->e, ERR_INVALID, keys[i], whole ? "input.whole" : "input.string", "key", keys[i], NULL);
		else if (!strcmp(keys[i], "version"))
			version = (int64_t)json_integer_value(v);
		else
			json_object_set(rating, keys[i], v);
	}
	struct call c = call_of(x);
	if (!rc)
		rc = answer(x, app_forum_rerate(&c.a, &c.at, x->param[2], rating, version, &c.res), &c.res, 200);
	json_decref(rating);
	return rc;
}

/* ---- settings ---- */

static int h_settings(struct api *x)
{
	struct call c = call_of(x);
	return answer(x, app_forum_settings(&c.a, &c.at, &c.res), &c.res, 200);
}

/* PATCH …/settings: {min_group?, risk_scale?}; risk_scale null for the default again. */
static int h_settings_patch(struct api *x)
{
	static const char *const keys[] = {"min_group", "risk_scale", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	json_t *mg = json_object_get(x->body, "min_group"), *scale = json_object_get(x->body, "risk_scale");
	if (!mg && !scale)
		return err_setm(x->e, ERR_INVALID, "body", "forum.settings_give", NULL);
	if (scale && !json_is_object(scale) && !json_is_null(scale))
		return err_setm(x->e, ERR_INVALID, "risk_scale", "forum.risk_scale", NULL);
	struct call c = call_of(x);
	return answer(x, app_forum_settings_put(&c.a, &c.at, mg, scale, &c.res), &c.res, 200);
}

/* ---- analyses and views ---- */

struct query_check {
	const char *const *takes;
	const char *bad;
};

/* The first query parameter the route does not take. */
static void query_arg(void *ctx, const char *k, const char *v)
{
	struct query_check *q = ctx;
	(void)v;
	for (size_t i = 0; q->takes[i]; i++)
		if (!strcmp(k, q->takes[i]))
			return;
	if (!q->bad)
		q->bad = k;
}

/* An analysis refuses a query parameter it does not take (docs/api.md: 400 naming it). */
static int analysis_query(struct api *x, const char *const *takes)
{
	struct query_check q = {takes, NULL};
	http_query_each(x->r, query_arg, &q);
	if (q.bad)
		return err_setm(x->e, ERR_INVALID, q.bad, "forum.query_param", "key", q.bad, NULL);
	return 0;
}

/* GET …/{analysis}?node=|function=|share=&exact_limit=|source= */
static int h_analysis(struct api *x, const char *verb)
{
	static const char *const none[] = {NULL}, *const node[] = {"node", NULL}, *const fn[] = {"function", NULL},
				 *const stress[] = {"share", "exact_limit", NULL},
				 *const spof[] = {"function", "source", NULL}, *const src[] = {"source", NULL};
	bool by_function = !strcmp(verb, "spof") || !strcmp(verb, "recovery");
	bool sourced = !strcmp(verb, "footprint") || !strcmp(verb, "concentration");
	const char *const *takes = !strcmp(verb, "outage") ? node
				   : !strcmp(verb, "spof")  ? spof
				   : by_function	    ? fn
				   : sourced		    ? src
				   : !strcmp(verb, "stress") ? stress
							     : none;
	int rc = analysis_query(x, takes);
	if (rc)
		return rc;
	struct call c = call_of(x);
	if (!strcmp(verb, "outage")) {
		rc = app_forum_outage(&c.a, &c.at, http_query(x->r, "node"), &c.res);
	} else if (!strcmp(verb, "spof")) {
		rc = app_forum_spof(&c.a, &c.at, http_query(x->r, "function"), http_query(x->r, "source"), &c.res);
	} else if (!strcmp(verb, "recovery")) {
		rc = app_forum_recovery(&c.a, &c.at, http_query(x->r, "function"), &c.res);
	} else if (!strcmp(verb, "stress")) {
		double share = 0.5, limit = 40;
		if (!(rc = number_of(x, http_query(x->r, "share"), "share", &share)) &&
		    !(rc = number_of(x, http_query(x->r, "exact_limit"), "exact_limit", &limit)))
			rc = app_forum_stress(&c.a, &c.at, share, limit, &c.res);
	} else if (!strcmp(verb, "map")) {
		rc = app_forum_map(&c.a, &c.at, &c.res);
	} else if (!strcmp(verb, "footprint")) {
		rc = app_forum_footprint(&c.a, &c.at, http_query(x->r, "source"), &c.res);
	} else {
		rc = app_forum_concentration(&c.a, &c.at, http_query(x->r, "source"), &c.res);
	}
	return answer(x, rc, &c.res, 200);
}

static int h_map(struct api *x) { return h_analysis(x, "map"); }
static int h_outage(struct api *x) { return h_analysis(x, "outage"); }
static int h_spof(struct api *x) { return h_analysis(x, "spof"); }
static int h_footprint(struct api *x) { return h_analysis(x, "footprint"); }
static int h_concentration(struct api *x) { return h_analysis(x, "concentration"); }
static int h_recovery(struct api *x) { return h_analysis(x, "recovery"); }
static int h_stress(struct api *x) { return h_analysis(x, "stress"); }

/* GET …/views/{name}?crisis=|campaign=|survey= (the view refuses one it does not take). */
static int h_view(struct api *x)
{
	struct forum_view_opts o = {.crisis = http_query(x->r, "crisis"),
				    .campaign = http_query(x->r, "campaign"),
				    .survey = http_query(x->r, "survey")};
	const char *format = http_query(x->r, "format");
	const char *name = x->param[2];
	enum report_format rf = REPORT_JSON;
	bool doc = !strcmp(name, "picture") || !strcmp(name, "after-action");
	if (format && (!doc || report_format_parse(format, &rf)))
		return err_setm(x->e, ERR_INVALID, "format", doc ? "forum.view_format" : "forum.view_no_format", NULL);
	struct call c = call_of(x);
	int rc = app_forum_view(&c.a, &c.at, name, &o, &c.res);
	if (rc || rf == REPORT_JSON)
		return answer(x, rc, &c.res, 200);
	/* the crisis document, with the crisis's TLP label on every page */
	size_t len;
	json_object_set_new(c.res, "report", json_string(name));
	rc = report_render(c.res, rf, &x->text, &len, &x->text_type, x->e);
	if (!rc && (rf == REPORT_PDF || rf == REPORT_DOCX)) {
		char *fname = report_file_name(c.res, rf);
		x->text_len = len;
		x->text_name = arena_printf(x->a, "%s-%s-%s", x->param[1], o.crisis ? o.crisis : "", fname);
		free(fname);
	}
	json_decref(c.res);
	return rc;
}

/* GET …/export?format=stix|misp: what {org} may see of the forum, as a STIX 2.1 bundle or a MISP event. */
static int h_export(struct api *x)
{
	static const char *const takes[] = {"format", NULL};
	int rc = analysis_query(x, takes);
	if (rc)
		return rc;
	struct call c = call_of(x);
	return answer(x, app_forum_export(&c.a, &c.at, http_query(x->r, "format"), &c.res), &c.res, 200);
}

#define F "/api/v1/orgs/{org}/forums/{forum}"
const struct api_route api_forum_routes[] = {
	{"GET", "/api/v1/orgs/{org}/forums", h_forums, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/forums", h_forum_create, API_ORG | API_BODY, PERM_ADMIN},
	{"GET", F, h_forum_show, API_ORG, PERM_READ},
	{"GET", F "/members", h_members, API_ORG, PERM_READ},
	{"POST", F "/members", h_invite, API_ORG | API_BODY, PERM_FORUM},
	{"PATCH", F "/members/{member}", h_member_update, API_ORG | API_BODY, PERM_FORUM},
	{"DELETE", F "/members/{member}", h_member_remove, API_ORG, PERM_FORUM},
	{"POST", F "/join", h_join, API_ORG, PERM_FORUM},
	{"POST", F "/decline", h_decline, API_ORG, PERM_FORUM},
	{"GET", F "/shares", h_shares, API_ORG, PERM_READ},
	{"POST", F "/shares", h_share_add, API_ORG | API_BODY, PERM_FORUM},
	{"DELETE", F "/shares/{id}", h_share_delete, API_ORG, PERM_FORUM},
	{"GET", F "/items/{kind}", h_items, API_ORG, PERM_READ},
	{"POST", F "/items/{kind}", h_item_add, API_ORG | API_BODY, PERM_FORUM},
	{"GET", F "/items/{kind}/{id}", h_item_get, API_ORG, PERM_READ},
	{"PUT", F "/items/{kind}/{id}", h_item_put, API_ORG | API_BODY, PERM_FORUM},
	{"DELETE", F "/items/{kind}/{id}", h_item_delete, API_ORG, PERM_FORUM},
	{"GET", F "/map", h_map, API_ORG, PERM_READ},
	{"GET", F "/outage", h_outage, API_ORG, PERM_READ},
	{"GET", F "/spof", h_spof, API_ORG, PERM_READ},
	{"GET", F "/footprint", h_footprint, API_ORG, PERM_READ},
	{"GET", F "/concentration", h_concentration, API_ORG, PERM_READ},
	{"GET", F "/recovery", h_recovery, API_ORG, PERM_READ},
	{"GET", F "/stress", h_stress, API_ORG, PERM_READ},
	{"GET", F "/views/{name}", h_view, API_ORG, PERM_READ},
	{"GET", F "/export", h_export, API_ORG, PERM_READ},
	{"GET", F "/settings", h_settings, API_ORG, PERM_READ},
	{"PATCH", F "/settings", h_settings_patch, API_ORG | API_BODY, PERM_FORUM},
	{"POST", F "/items/risk/{id}/rerate", h_rerate, API_ORG | API_BODY, PERM_FORUM},
	{NULL, NULL, NULL, 0, 0},
};
#undef F
