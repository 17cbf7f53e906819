/*
 * api_forum.c — the sector forum's routes (/api/v1/orgs/{org}/forums/…).
 *
 * {org} is the organisation the caller acts for (a member, or the
 * secretariat); the route's permission is checked in it, and forum.c then
 * decides what that organisation may see.  Each handler runs the shell's
 * `skjold forum …` command (api_cli), so the API and the CLI answer alike,
 * including the errors' fields.  None of these answers is cached: what
 * they show depends on labels, recipients and membership, not only on the
 * organisation's own data.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "cli.h"
#include "http.h"
#include "jsonx.h"
#include "role.h"

/* Run `skjold forum VERB` for {org} in {forum} with extra options. */
static int forum_cli(struct api *x, const char *verb, const char *const *extra, bool body)
{
	const char *pos[] = {"forum", verb, NULL};
	const char *opts[2 * 12 + 1];
	size_t n = 0;
	opts[n++] = "org";
	opts[n++] = x->param[0];
	if (x->nparam > 1) {
		opts[n++] = "forum";
		opts[n++] = x->param[1];
	}
	for (; extra && extra[0] && n + 2 < sizeof opts / sizeof opts[0]; extra += 2) {
		opts[n++] = extra[0];
		opts[n++] = extra[1];
	}
	opts[n] = NULL;
	return body ? api_cli_body(x, cmd_forum, pos, opts) : api_cli(x, cmd_forum, pos, opts, NULL);
}

static int created(struct api *x, int rc)
{
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_forums(struct api *x) { return forum_cli(x, "list", NULL, false); }
static int h_forum_create(struct api *x) { return created(x, forum_cli(x, "create", NULL, true)); }
static int h_forum_show(struct api *x) { return forum_cli(x, "show", NULL, false); }
static int h_members(struct api *x) { return forum_cli(x, "members", NULL, false); }
static int h_invite(struct api *x) { return created(x, forum_cli(x, "invite", NULL, true)); }

static int h_member_update(struct api *x)
{
	const char *extra[] = {"member", x->param[2], NULL};
	return forum_cli(x, "member-update", extra, true);
}

static int h_member_remove(struct api *x)
{
	if (!strcmp(x->param[2], x->param[0]))
		return forum_cli(x, "leave", NULL, false);
	const char *extra[] = {"member", x->param[2], NULL};
	return forum_cli(x, "remove", extra, false);
}

static int h_join(struct api *x) { return forum_cli(x, "join", NULL, false); }
static int h_decline(struct api *x) { return forum_cli(x, "decline", NULL, false); }

static int h_shares(struct api *x) { return forum_cli(x, "shares", NULL, false); }

/*
 * A JSON list of ids as the shell's comma-separated option value: each
 * entry a non-empty string without ',' (errors name "field[i]").  NULL or
 * null leaves *out NULL.
 */
static int join_ids(struct api *x, json_t *list, const char *field, const char **out)
{
	*out = NULL;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return err_set(x->e, ERR_INVALID, field, "%s must be a list", field);
	size_t len = 1, i;
	json_t *s;
	json_array_foreach(list, i, s)
	{
		const char *t = json_string_value(s);
		if (!t || !*t || strchr(t, ','))
			return err_set(x->e, ERR_INVALID, arena_printf(x->a, "%s[%zu]", field, i),
				       "each entry of %s must be a non-empty id without ','", field);
		len += strlen(t) + 1;
	}
	char *joined = arena_alloc(x->a, len), *p = joined;
	*p = 0;
	json_array_foreach(list, i, s)
	{
		size_t tl = strlen(json_string_value(s));
		if (i)
			*p++ = ',';
		memcpy(p, json_string_value(s), tl + 1);
		p += tl;
	}
	*out = joined;
	return 0;
}

/* A share's body: kind, target or filter {critical_only, kinds}, tlp, recipients. */
static int h_share_add(struct api *x)
{
	static const char *const keys[] = {"kind", "target", "filter", "tlp", "recipients", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	const char *extra[16];
	size_t n = 0;
	json_t *v;
	if ((v = json_object_get(x->body, "kind")) && json_is_string(v)) {
		extra[n++] = "kind";
		extra[n++] = json_string_value(v);
	}
	if ((v = json_object_get(x->body, "target")) && json_is_string(v)) {
		extra[n++] = "target";
		extra[n++] = json_string_value(v);
	}
	if ((v = json_object_get(x->body, "tlp")) && json_is_string(v)) {
		extra[n++] = "tlp";
		extra[n++] = json_string_value(v);
	}
	const char *to;
	if ((rc = join_ids(x, json_object_get(x->body, "recipients"), "recipients", &to)))
		return rc;
	if (to) {
		extra[n++] = "to";
		extra[n++] = to;
	}
	json_t *f = json_object_get(x->body, "filter");
	if (f && !json_is_null(f)) {
		static const char *const fkeys[] = {"critical_only", "kinds", NULL};
		if ((rc = jx_object(f, "filter", x->e)) || (rc = jx_check_keys(f, "filter", fkeys, x->e)))
			return rc;
		json_t *c = json_object_get(f, "critical_only");
		if (c) {
			if (!json_is_boolean(c))
				return err_set(x->e, ERR_INVALID, "filter.critical_only", "critical_only must be true or false");
			extra[n++] = "critical_only";
			extra[n++] = json_is_true(c) ? "true" : "false";
		}
		const char *kinds;
		if ((rc = join_ids(x, json_object_get(f, "kinds"), "filter.kinds", &kinds)))
			return rc;
		if (kinds) {
			extra[n++] = "kinds";
			extra[n++] = kinds;
		}
	}
	extra[n] = NULL;
	return created(x, forum_cli(x, "share", extra, false));
}

static int h_share_delete(struct api *x)
{
	const char *extra[] = {"id", x->param[2], NULL};
	return forum_cli(x, "unshare", extra, false);
}

/* Items: the body is {tlp?, recipients?, parent?, version?, body: {...}} or the body alone. */
static int item_write(struct api *x, const char *verb, const char *id)
{
	const char *pos[] = {"forum", "item", verb, NULL};
	json_t *b = x->body, *inner = json_object_get(b, "body");
	const char *tlp = NULL, *parent = NULL, *to = NULL, *version = NULL;
	if (inner) {
		static const char *const keys[] = {"body", "tlp", "recipients", "parent", "version", NULL};
		int rc = jx_check_keys(b, "", keys, x->e);
		if (rc)
			return rc;
		/* a field of the wrong type is refused, not dropped (a dropped label would fall back to the default) */
		static const char *const strs[] = {"tlp", "parent", NULL};
		for (size_t i = 0; strs[i]; i++) {
			json_t *s = json_object_get(b, strs[i]);
			if (s && !json_is_null(s) && !json_is_string(s))
				return err_set(x->e, ERR_INVALID, strs[i], "%s must be a string", strs[i]);
		}
		tlp = json_string_value(json_object_get(b, "tlp"));
		parent = json_string_value(json_object_get(b, "parent"));
		json_t *v = json_object_get(b, "version");
		if (v && !json_is_null(v) && !json_is_integer(v))
			return err_set(x->e, ERR_INVALID, "version", "version must be a whole number");
		if (json_is_integer(v))
			version = arena_printf(x->a, "%lld", (long long)json_integer_value(v));
		if ((rc = join_ids(x, json_object_get(b, "recipients"), "recipients", &to)))
			return rc;
	} else {
		inner = b;
	}
	const char *q_parent = http_query(x->r, "parent");
	const char *opts[] = {"org",  x->param[0], "forum",  x->param[1], "kind", x->param[2], "id", id,
			      "body", "-",         "tlp",    tlp,         "to",   to,          "parent",
			      parent ? parent : q_parent, "version", version, NULL};
	/* options with a NULL value are skipped by api_cli, so absent fields stay absent */
	const char *text = jx_dump(inner, x->a);
	return api_cli(x, cmd_forum, pos, opts, text);
}

static int h_items(struct api *x)
{
	const char *pos[] = {"forum", "item", "list", NULL};
	const char *opts[] = {"org", x->param[0], "forum", x->param[1], "kind", x->param[2], "parent",
			      http_query(x->r, "parent"), NULL};
	int rc = api_cli(x, cmd_forum, pos, opts, NULL);
	if (!rc) {
		x->list = x->out;
		x->out = NULL;
	}
	return rc;
}

static int h_item_add(struct api *x) { return created(x, item_write(x, "add", NULL)); }
static int h_item_put(struct api *x) { return item_write(x, "update", x->param[3]); }

static int h_item_get(struct api *x)
{
	const char *pos[] = {"forum", "item", "show", NULL};
	const char *opts[] = {"org", x->param[0], "forum", x->param[1], "kind", x->param[2], "id", x->param[3], NULL};
	return api_cli(x, cmd_forum, pos, opts, NULL);
}

static int h_item_delete(struct api *x)
{
	const char *pos[] = {"forum", "item", "delete", NULL};
	const char *opts[] = {"org", x->param[0], "forum", x->param[1], "kind", x->param[2], "id", x->param[3], NULL};
	return api_cli(x, cmd_forum, pos, opts, NULL);
}

/*
 * POST …/items/risk/{id}/rerate: {likelihood, consequence, rated_on?,
 * rationale?, version?}.  A field of the wrong type is refused by name
 * here; the values go to `skjold forum item rerate` as its options.
 */
static int h_rerate(struct api *x)
{
	static const char *const keys[] = {"likelihood", "consequence", "rated_on", "rationale", "version", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	const char *pos[] = {"forum", "item", "rerate", NULL};
	const char *opts[2 * 8 + 1] = {"org", x->param[0], "forum", x->param[1], "id", x->param[2]};
	size_t n = 6;
	for (size_t i = 0; keys[i]; i++) {
		json_t *v = json_object_get(x->body, keys[i]);
		bool whole = i < 2 || !strcmp(keys[i], "version");
		if (!v || json_is_null(v))
			continue;
		if (whole ? !json_is_integer(v) : !json_is_string(v))
			return err_set(x->e, ERR_INVALID, keys[i], "%s must be %s", keys[i],
				       whole ? "a whole number" : "a string");
		opts[n++] = keys[i];
		opts[n++] = whole ? arena_printf(x->a, "%lld", (long long)json_integer_value(v)) : json_string_value(v);
	}
	opts[n] = NULL;
	return api_cli(x, cmd_forum, pos, opts, NULL);
}

static int h_settings(struct api *x) { return forum_cli(x, "settings", NULL, false); }

/*
 * PATCH …/settings: {min_group?, risk_scale?}.  min_group goes to the shell
 * as its option (anything but a whole number as a text the shell's check
 * refuses by name); risk_scale, an object, as standard input, or null for
 * the default again (`--risk-scale default`).
 */
static int h_settings_patch(struct api *x)
{
	static const char *const keys[] = {"min_group", "risk_scale", NULL};
	int rc = jx_check_keys(x->body, "", keys, x->e);
	if (rc)
		return rc;
	json_t *mg = json_object_get(x->body, "min_group"), *scale = json_object_get(x->body, "risk_scale");
	if (!mg && !scale)
		return err_set(x->e, ERR_INVALID, "body", "give min_group or risk_scale to change");
	if (scale && !json_is_object(scale) && !json_is_null(scale))
		return err_set(x->e, ERR_INVALID, "risk_scale",
			       "risk_scale must be a scale (an object), or null for the default");
	const char *pos[] = {"forum", "settings", NULL};
	const char *opts[] = {"org",
			      x->param[0],
			      "forum",
			      x->param[1],
			      "min_group",
			      !mg ? NULL
			      : json_is_integer(mg) ? arena_printf(x->a, "%lld", (long long)json_integer_value(mg))
						    : "not a whole number",
			      "risk_scale",
			      !scale ? NULL : json_is_null(scale) ? "default" : "-",
			      NULL};
	return api_cli(x, cmd_forum, pos, opts, json_is_object(scale) ? jx_dump(scale, x->a) : NULL);
}

/* The first query parameter an analysis does not take (docs/api.md: 400 naming it). */
static void analysis_arg(void *ctx, const char *k, const char *v)
{
	static const char *const known[] = {"node", "function", "share", "exact_limit", NULL};
	const char **bad = ctx;
	(void)v;
	for (size_t i = 0; known[i]; i++)
		if (!strcmp(k, known[i]))
			return;
	if (!*bad)
		*bad = k;
}

/* Analyses: GET …/{analysis}?node=&function=&share=&exact_limit= */
static int h_analysis(struct api *x, const char *verb)
{
	const char *bad = NULL;
	http_query_each(x->r, analysis_arg, &bad);
	if (bad)
		return err_set(x->e, ERR_INVALID, bad, "unknown option --%s for this command (see --help)", bad);
	const char *extra[] = {"node",  http_query(x->r, "node"),  "function",    http_query(x->r, "function"),
			       "share", http_query(x->r, "share"), "exact_limit", http_query(x->r, "exact_limit"),
			       NULL};
	return forum_cli(x, verb, extra, false);
}

static int h_map(struct api *x) { return h_analysis(x, "map"); }
static int h_outage(struct api *x) { return h_analysis(x, "outage"); }
static int h_spof(struct api *x) { return h_analysis(x, "spof"); }
static int h_footprint(struct api *x) { return h_analysis(x, "footprint"); }
static int h_concentration(struct api *x) { return h_analysis(x, "concentration"); }
static int h_recovery(struct api *x) { return h_analysis(x, "recovery"); }
static int h_stress(struct api *x) { return h_analysis(x, "stress"); }

static int h_view(struct api *x)
{
	const char *pos[] = {"forum", "view", x->param[2], NULL};
	const char *opts[] = {"org",      x->param[0],
			      "forum",    x->param[1],
			      "crisis",   http_query(x->r, "crisis"),
			      "campaign", http_query(x->r, "campaign"),
			      "survey",   http_query(x->r, "survey"),
			      NULL};
	return api_cli(x, cmd_forum, pos, opts, NULL);
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
	{"GET", F "/settings", h_settings, API_ORG, PERM_READ},
	{"PATCH", F "/settings", h_settings_patch, API_ORG | API_BODY, PERM_FORUM},
	{"POST", F "/items/risk/{id}/rerate", h_rerate, API_ORG | API_BODY, PERM_FORUM},
	{NULL, NULL, NULL, 0, 0},
};
#undef F
