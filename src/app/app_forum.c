/*
 * app_forum.c — the sector forum's use cases (app_forum.h): forums and
 * membership, shares, items and re-ratings, settings, the analyses of the
 * sector map and the computed views.
 *
 * Each use case opens the forum for the acting organisation (forum_open)
 * and leaves every decision of what it may see and do to forum.c; a member
 * reads sector figures only as aggregates over at least the forum's minimum
 * group, taken from the aggregate view (forum_map.c), so nothing a member
 * reads names or singles out another member.
 *
 * Writes are one transaction, opened before the forum is loaded: the
 * membership, the stored item a write replaces, its label and the version a
 * caller names are read inside it, and forum.c's own begin/commit pairs
 * become savepoints of it (store.h).  In the server the request's
 * transaction is the outer one.
 *
 * Errors name JSON fields.  forum.c and the store still name some as the
 * shell's options ("--forum", "--org", "--member"); the use cases take the
 * dashes off as they return (plain_field), so neither adapter sees them.
 */
#include <math.h>
#include <string.h>

#include "app_forum.h"
#include "app_webhook.h"
#include "date.h"
#include "forum.h"
#include "forum_export.h"
#include "forum_map.h"
#include "forum_views.h"
#include "ict.h"
#include "jsonx.h"
#include "msg.h"
#include "sector.h"

/* The error's field as a JSON name: "--forum" → "forum", "--exact-limit" → "exact_limit". */
static int plain_field(struct app *x, int rc)
{
	if (rc >= 0 || strncmp(x->e->field, "--", 2))
		return rc;
	char *f = x->e->field;
	size_t n = strlen(f);
	memmove(f, f + 2, n - 1);
	for (char *p = f; *p; p++)
		if (*p == '-')
			*p = '_';
	return rc;
}

/* The forum at->forum as at->org sees it, acting as the app's user. */
static int open_at(struct app *x, const struct app_forum_at *at, struct forum_ctx *f)
{
	return forum_open(f, x->st, x->a, at->forum, at->org, x->user ? x->user : x->actor, x->e);
}

/* Commit when rc is 0, else roll back; the outcome, its field made plain. */
static int finish(struct app *x, int rc)
{
	if (rc)
		store_rollback(x->st);
	else
		rc = store_commit(x->st, x->e);
	return plain_field(x, rc);
}

/* Open a write: the transaction, then the forum read inside it. */
static int begin_at(struct app *x, const struct app_forum_at *at, struct forum_ctx *f)
{
	int rc = store_begin(x->st, x->e);
	if (rc)
		return plain_field(x, rc);
	if ((rc = open_at(x, at, f)))
		return finish(x, rc);
	return 0;
}

/* ---- forums and membership ---- */

int app_forum_need_secretariat(struct app *x, const struct app_forum_at *at)
{
	struct forum_ctx f;
	int rc = open_at(x, at, &f);
	return plain_field(x, rc ? rc : forum_need_secretariat(&f, x->e));
}

int app_forum_create(struct app *x, const char *org, const char *id, const char *name, json_t **out)
{
	*out = NULL;
	struct writer w = app_writer(x);
	struct forum_ctx f;
	int rc = store_begin(x->st, x->e);
	if (rc)
		return plain_field(x, rc);
	const struct app_forum_at at = {org, id};
	if (!(rc = forum_create(&w, id, name, org, x->e)) && !(rc = open_at(x, &at, &f)))
		*out = forum_json(&f);
	return finish(x, rc);
}

int app_forum_list(struct app *x, const char *org, json_t **out)
{
	*out = NULL;
	if (!org || !*org)
		return err_setm(x->e, ERR_INVALID, "org", "forum.org_required", NULL);
	return plain_field(x, forum_list_for(x->st, x->a, org, out, x->e));
}

int app_forum_show(struct app *x, const struct app_forum_at *at, json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc)
		*out = forum_json(&f);
	return plain_field(x, rc);
}

int app_forum_members(struct app *x, const struct app_forum_at *at, json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc)
		*out = forum_members_json(&f);
	return plain_field(x, rc);
}

/* After a membership change: the forum again, as its (new) state shows it. */
static int reopen(struct app *x, const struct app_forum_at *at, bool members, json_t **out)
{
	struct forum_ctx f;
	int rc = open_at(x, at, &f);
	if (!rc)
		*out = members ? forum_members_json(&f) : forum_json(&f);
	return rc;
}

int app_forum_invite(struct app *x, const struct app_forum_at *at, const struct app_forum_member *req, json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = forum_invite(&f, &w, req->member, req->category, req->assets_dkk_m < 0 ? 0 : req->assets_dkk_m,
				x->e)))
		rc = reopen(x, at, true, out);
	return finish(x, rc);
}

int app_forum_member_update(struct app *x, const struct app_forum_at *at, const struct app_forum_member *req,
			    json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = forum_member_update(&f, &w, req->member, req->category, req->assets_dkk_m, x->e)))
		rc = reopen(x, at, true, out);
	return finish(x, rc);
}

int app_forum_answer(struct app *x, const struct app_forum_at *at, bool accept, json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = forum_answer(&f, &w, accept, x->e)))
		rc = reopen(x, at, false, out);
	return finish(x, rc);
}

int app_forum_leave(struct app *x, const struct app_forum_at *at, const char *member, json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = forum_leave(&f, &w, member, x->e)))
		rc = reopen(x, at, false, out);
	return finish(x, rc);
}

/* ---- shares ---- */

int app_forum_share_add(struct app *x, const struct app_forum_at *at, const struct app_forum_share *req,
			json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	json_t *filter = NULL;
	if (req->critical_only >= 0 || req->kinds) {
		filter = json_object();
		if (req->critical_only >= 0)
			json_object_set_new(filter, "critical_only", json_boolean(req->critical_only));
		if (req->kinds)
			json_object_set(filter, "kinds", req->kinds);
	}
	int rc = begin_at(x, at, &f);
	if (!rc)
		rc = finish(x, forum_share_put(&f, &w, req->kind, req->target, filter, req->tlp, req->recipients, out,
					       x->e));
	json_decref(filter);
	return rc;
}

int app_forum_shares(struct app *x, const struct app_forum_at *at, json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc)
		rc = forum_shares_json(&f, out, x->e);
	return plain_field(x, rc);
}

int app_forum_unshare(struct app *x, const struct app_forum_at *at, const char *id, json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!id || !*id)
		rc = err_setm(x->e, ERR_INVALID, "id", "forum.share_id_required", NULL);
	else if (!(rc = forum_share_delete(&f, &w, id, x->e)))
		*out = json_pack("{s:s}", "unshared", id);
	return finish(x, rc);
}

/* ---- items ---- */

static int check_kind(struct app *x, const char *kind)
{
	if (!kind || !*kind)
		return err_setm(x->e, ERR_INVALID, "kind", "forum.kind_required", "allowed", forum_kinds(), NULL);
	if (!forum_kind_valid(kind))
		return err_setm(x->e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	return 0;
}

int app_forum_item_list(struct app *x, const struct app_forum_at *at, const char *kind, const char *parent,
			json_t **out)
{
	struct forum_ctx f;
	struct fitem_rec *rows;
	size_t n;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc && !(rc = check_kind(x, kind)) && !(rc = forum_item_list(&f, kind, parent, &rows, &n, x->e))) {
		*out = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(*out, forum_item_json(&f, &rows[i]));
	}
	return plain_field(x, rc);
}

/* Item kind/id as the acting organisation sees it. */
static int item_json(struct app *x, struct forum_ctx *f, const char *kind, const char *id, json_t **out)
{
	struct fitem_rec it;
	int rc = forum_item_get(f, kind, id, &it, x->e);
	if (!rc)
		*out = forum_item_json(f, &it);
	return rc;
}

static int check_id(struct app *x, const char *id)
{
	return id && *id ? 0 : err_setm(x->e, ERR_INVALID, "id", "forum.item_id_required", NULL);
}

int app_forum_item_show(struct app *x, const struct app_forum_at *at, const char *kind, const char *id,
			json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc && !(rc = check_kind(x, kind)) && !(rc = check_id(x, id)))
		rc = item_json(x, &f, kind, id, out);
	return plain_field(x, rc);
}

int app_forum_item_delete(struct app *x, const struct app_forum_at *at, const char *kind, const char *id,
			  json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = check_kind(x, kind)) && !(rc = check_id(x, id)) &&
	    !(rc = forum_item_delete(&f, &w, kind, id, x->e)))
		*out = json_pack("{s:s, s:s}", "deleted", id, "kind", kind);
	return finish(x, rc);
}

/* Whether a crisis body says it is closed. */
static bool status_closed(json_t *body)
{
	const char *st = json_string_value(json_object_get(body, "status"));
	return st && !strcmp(st, "closed");
}

/* Whether a stored crisis body (JSON text) is closed. */
static bool crisis_closed(const char *body)
{
	json_t *b = json_loads(body ? body : "{}", 0, NULL);
	bool closed = status_closed(b);
	json_decref(b);
	return closed;
}

/*
 * crisis.opened and crisis.closed (docs/webhooks.md) to the forum
 * secretariat's endpoints, in the write's transaction: a new open crisis,
 * a crisis closed by this write.  The label is the crisis item's.
 */
static int crisis_events(struct app *x, struct forum_ctx *f, const char *id, bool update, bool was_closed,
			 json_t *body)
{
	struct app_webhook_owner own = {f->forum.secretariat, f->forum.id};
	bool closed = status_closed(body);
	const char *event = !update && !closed ? WEBHOOK_CRISIS_OPENED : closed && !was_closed ? WEBHOOK_CRISIS_CLOSED : NULL;
	if (!event || !app_webhook_wanted(x, &own, event))
		return 0;
	struct fitem_rec it;
	int rc = store_fitem_get(f->st, f->forum.id, "crisis", id, x->a, &it, x->e);
	if (rc)
		return rc;
	static const char *const keys[] = {"title", "severity", "opened_at", "cadence_minutes", "first_report_due", "status",
					   "closed_at", "closing_summary"};
	json_t *data = json_pack("{ssss}", "forum", f->forum.id, "crisis", id);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(body, keys[i]);
		json_object_set(data, keys[i], v ? v : json_null());
	}
	rc = app_webhook_emit(x, &own, event, it.tlp, NULL, data);
	json_decref(data);
	return rc;
}

/*
 * The write itself, inside the transaction: the id a new item gets, the
 * kind's check of the body, the label it may carry, and the audited put.
 */
static int item_write(struct app *x, struct forum_ctx *f, const struct app_forum_item *req, json_t **out)
{
	struct writer w = app_writer(x);
	const char *kind = req->kind, *id = req->id, *tlp = req->tlp;
	json_t *to = json_incref(req->recipients), *body = json_deep_copy(req->body), *clean = NULL;
	int rc;
	if (!body) {
		rc = err_setm(x->e, ERR_INVALID, "body", "input.body_object", NULL);
		goto out;
	}
	/* the secretariat names its records ("R1"): a new one may take its id from the body */
	if (!id && !req->update && forum_kind_by_secretariat(kind) && json_is_string(json_object_get(body, "id")))
		id = arena_strdup(x->a, json_string_value(json_object_get(body, "id")));
	/* a member's new record: its server-made id now, so the body checked is the body stored */
	int64_t if_version = req->version;
	if (id && !req->update && !if_version)
		if_version = FORUM_ITEM_NEW; /* an add never replaces: an existing id is a conflict */
	if (!id && !req->update && !forum_kind_by_secretariat(kind)) {
		id = forum_item_new_id(f, kind);
		if_version = FORUM_ITEM_FRESH;
		json_object_del(body, "id"); /* the server names members' records (docs/forum.md) */
	}
	/* the kind's own module validates and normalises the body */
	const char *parent_for_check = req->parent;
	struct fitem_rec old;
	if (req->update) {
		if ((rc = forum_item_get(f, kind, id, &old, x->e)))
			goto out;
		if (!parent_for_check)
			parent_for_check = old.parent;
	}
	if ((rc = forum_views_check(f, kind, id, parent_for_check, body, x->now_ms, &clean, x->e)))
		goto out;
	/* a body that carries its own label (a status report's "tlp") takes the item's */
	if (json_is_string(json_object_get(clean, "tlp"))) {
		if (!tlp)
			tlp = arena_strdup(x->a, json_string_value(json_object_get(clean, "tlp")));
		int t = tlp_parse(tlp);
		if (t >= 0)
			json_object_set_new(clean, "tlp", json_string(tlp_name((enum tlp)t)));
	}
	/* a risk's sources and a measure's risks bound its label: the label goes to the store as worked out */
	if (!strcmp(kind, "risk") || !strcmp(kind, "measure")) {
		enum tlp t;
		const char *rtext;
		if ((rc = forum_views_bound(f, kind, req->update ? &old : NULL, clean, tlp, to, &t, &rtext, x->e)))
			goto out;
		tlp = tlp_name(t);
		json_decref(to);
		to = json_loads(rtext, 0, NULL);
	}
	const char *out_id = NULL;
	bool was_closed = req->update && !strcmp(kind, "crisis") && crisis_closed(old.body);
	if (!(rc = forum_item_put(f, &w, kind, id, req->parent, tlp, to, clean, if_version, &out_id, x->e)))
		rc = item_json(x, f, kind, out_id, out);
	if (!rc && !strcmp(kind, "crisis"))
		rc = crisis_events(x, f, out_id, req->update, was_closed, clean);
out:
	json_decref(to);
	json_decref(body);
	json_decref(clean);
	return rc;
}

int app_forum_item_write(struct app *x, const struct app_forum_at *at, const struct app_forum_item *req,
			 json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = check_kind(x, req->kind);
	if (!rc && req->update)
		rc = check_id(x, req->id);
	if (!rc && req->version < 0)
		rc = err_setm(x->e, ERR_INVALID, "version", "forum.version_number", NULL);
	if (rc || (rc = begin_at(x, at, &f)))
		return rc;
	return finish(x, item_write(x, &f, req, out));
}

int app_forum_rerate(struct app *x, const struct app_forum_at *at, const char *id, json_t *rating, int64_t version,
		     json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc;
	if (!id || !*id)
		return err_setm(x->e, ERR_INVALID, "id", "forum.risk_id_required", NULL);
	if (version < 0)
		return err_setm(x->e, ERR_INVALID, "version", "forum.version_number", NULL);
	if ((rc = begin_at(x, at, &f)))
		return rc;
	if (!(rc = forum_views_rerate(&f, &w, id, rating, version, x->e)))
		rc = item_json(x, &f, "risk", id, out);
	return finish(x, rc);
}

/* ---- settings ---- */

int app_forum_settings(struct app *x, const struct app_forum_at *at, json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (!rc && !(rc = forum_need_in(&f, x->e)))
		*out = forum_settings_json(&f);
	return plain_field(x, rc);
}

int app_forum_settings_put(struct app *x, const struct app_forum_at *at, json_t *min_group, json_t *risk_scale,
			   json_t **out)
{
	struct forum_ctx f;
	struct writer w = app_writer(x);
	*out = NULL;
	int rc = begin_at(x, at, &f);
	if (rc)
		return rc;
	if (!(rc = forum_need_secretariat(&f, x->e))) {
		if (!min_group && !risk_scale)
			rc = err_setm(x->e, ERR_INVALID, "body", "forum.settings_give", NULL);
		else if (!(rc = forum_settings_put(&f, &w, min_group, risk_scale, x->e)))
			*out = forum_settings_json(&f);
	}
	return finish(x, rc);
}

/* ---- analyses (on forum_map.c's views) ---- */

/* What an analysis is asked: a node or function ("ORG/NODE"), or the stress test's share and limit. */
struct analysis_req {
	const char *key;
	double share, limit;
	const char *source; /* "map" (NULL) or "register": the members' registers of information */
};

static bool from_registers(const struct analysis_req *q)
{
	return q->source && !strcmp(q->source, "register");
}

/* The sector map of view for q's source: the shared maps, or the shared registers as of today. */
static int build_view(struct app *x, struct forum_ctx *f, const struct analysis_req *q, enum forum_map_view view,
		      struct forum_map *fm)
{
	return from_registers(q) ? forum_roi_map_build(f, view, x->today, fm, x->e) : forum_map_build(f, view, fm, x->e);
}

static const char *source_name(const struct analysis_req *q)
{
	return from_registers(q) ? "register" : "map";
}

/* A node of the map as a reference: its key, organisation and name, and whether it is not shared. */
static json_t *node_ref(const struct forum_map *fm, struct arena *a, uint32_t v)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "node", forum_map_key(fm, a, v), "org",
			      fm->org_ids[fm->m.node_org[v]], "name", fm->node_names[v] ? fm->node_names[v] : "");
	if (fm->node_hidden[v])
		json_object_set_new(o, "not_shared", json_true());
	return o;
}

/* "fewer than N" for a count below the forum's minimum group. */
static json_t *group_count(const struct forum_ctx *f, uint32_t n)
{
	if (n < (uint32_t)f->min_group)
		return json_string(forum_views_fewer(f->min_group));
	return json_integer(n);
}

/* What stops when one node fails: the secretariat sees who is hit; a member its own functions and a group count. */
static int outage(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	const char *key = q->key;
	if (!key)
		return err_setm(x->e, ERR_INVALID, "node", "forum.node_required", NULL);
	int rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, x->e)))
		goto out;
	uint32_t v = forum_map_find(&fm, key);
	if (v == SECTOR_NONE) {
		rc = err_setm(x->e, ERR_NOTFOUND, "node", "forum.no_sector_node", "node", key, "org", f->org, NULL);
		goto out;
	}
	struct graph_scratch s;
	graph_scratch_init(&s, &fm.m.g);
	struct sector_outage o;
	sector_outage(&fm.m, &s, &v, 1, &o);
	json_t *res = json_pack("{s:s, s:o, s:i}", "view", f->secretariat ? "secretariat" : "member", "node",
				node_ref(&fm, x->a, v), "failed_nodes", (int)o.nfailed);
	json_t *fns = json_array(), *orgs = json_array();
	for (uint32_t i = 0; i < o.nfn; i++)
		if (f->secretariat || fm.m.node_org[o.fn[i]] == fm.self)
			json_array_append_new(fns, node_ref(&fm, x->a, o.fn[i]));
	for (uint32_t i = 0; i < o.norg; i++)
		if (f->secretariat && fm.m.org_member[o.org[i]])
			json_array_append_new(orgs, json_string(fm.org_ids[o.org[i]]));
	json_object_set_new(res, f->secretariat ? "functions_stopped" : "your_functions_stopped", fns);
	if (f->secretariat) {
		json_object_set_new(res, "members_hit", orgs);
	} else {
		json_decref(orgs);
		/* the sector figure comes from the aggregate view, and only as a group count */
		struct forum_map agg;
		if (!(rc = forum_map_build(f, FMAP_AGGREGATE, &agg, x->e))) {
			uint32_t av = forum_map_find(&agg, key), hit = 0;
			if (av != SECTOR_NONE) {
				struct graph_scratch s2;
				graph_scratch_init(&s2, &agg.m.g);
				struct sector_outage o2;
				sector_outage(&agg.m, &s2, &av, 1, &o2);
				for (uint32_t i = 0; i < o2.norg; i++)
					hit += agg.m.org_member[o2.org[i]];
				sector_outage_free(&o2);
				graph_scratch_free(&s2);
			}
			json_object_set_new(res, "sector_members_hit", group_count(f, hit));
			forum_map_free(&agg);
		}
	}
	sector_outage_free(&o);
	graph_scratch_free(&s);
	if (!rc)
		*out = res;
	else
		json_decref(res);
out:
	forum_map_free(&fm);
	return rc;
}

/* The single points of failure of each critical function the acting organisation may see. */
static int spof(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	const char *only = q->key;
	int rc;
	struct forum_map fm;
	if ((rc = build_view(x, f, q, forum_map_own_view(f), &fm)))
		goto out;
	uint32_t want = only ? forum_map_find(&fm, only) : SECTOR_NONE;
	if (only && (want == SECTOR_NONE || !fm.m.node_critical[want])) {
		rc = err_setm(x->e, ERR_NOTFOUND, "function", "forum.no_sector_function", "function", only, "org",
			      f->org, NULL);
		goto out;
	}
	struct sector_spof sp;
	if ((rc = sector_spof_all(&fm.m, &sp, x->e)))
		goto out;
	json_t *arr = json_array();
	for (uint32_t i = 0; i < sp.nfn; i++) {
		uint32_t fn = sp.fn[i];
		if (want != SECTOR_NONE && fn != want)
			continue;
		if (!f->secretariat && fm.m.node_org[fn] != fm.self)
			continue;
		json_t *o = node_ref(&fm, x->a, fn), *list = json_array();
		uint32_t foreign = 0;
		for (uint64_t k = sp.off[i]; k < sp.off[i + 1]; k++) {
			json_array_append_new(list, node_ref(&fm, x->a, sp.node[k]));
			foreign += fm.m.node_org[sp.node[k]] != fm.m.node_org[fn];
		}
		json_object_set_new(o, "single_points_of_failure", list);
		json_object_set_new(o, "outside_own_organisation", json_integer(foreign));
		json_array_append_new(arr, o);
	}
	sector_spof_free(&sp);
	*out = json_pack("{s:s, s:s, s:o}", "view", f->secretariat ? "secretariat" : "member", "source",
			 source_name(q), "functions", arr);
	msg_set_json(*out, "method",
		     &(struct msg){.code = from_registers(q) ? "forum.method.spof_registers" : "forum.method.spof_map"});
out:
	forum_map_free(&fm);
	return rc;
}

/* The providers of fp; full (the secretariat) with exact counts, else only those over the minimum group. */
static json_t *footprint_json(const struct forum_ctx *f, const struct forum_map *fm, const struct sector_footprint *fp,
			      bool full)
{
	json_t *arr = json_array();
	for (uint32_t i = 0; i < fp->n; i++) {
		const struct sector_fp_provider *p = &fp->p[i];
		if (!full && p->members < (uint32_t)f->min_group)
			continue; /* a provider few members use would single them out */
		json_t *cats = json_array();
		for (int k = 0; k < SECTOR_NCAT; k++) {
			const struct sector_fp_cat *cp = &p->cat[k];
			if (!cp->members)
				continue;
			json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:f, s:f, s:b}", "category", forum_category_name(k),
					      "category_da", forum_category_label_da(k), "members",
					      full ? json_integer(cp->members) : group_count(f, cp->members),
					      "category_members", json_integer(cp->category_members), "member_share",
					      cp->member_share, "asset_share", cp->asset_share, "flagged", cp->flagged);
			if (full)
				json_object_set_new(o, "members_direct", json_integer(cp->members_direct));
			json_array_append_new(cats, o);
		}
		json_t *o = json_pack("{s:s, s:o, s:b, s:o}", "provider", fm->org_ids[p->parent], "members",
				      full ? json_integer(p->members) : group_count(f, p->members), "flagged", p->flagged,
				      "categories", cats);
		if (fm->org_names && fm->org_names[p->parent])
			json_object_set_new(o, "name", json_string(fm->org_names[p->parent]));
		if (full) {
			json_object_set_new(o, "members_direct", json_integer(p->members_direct));
			json_object_set_new(o, "only_through_subcontractors",
					    json_integer(p->members - p->members_direct));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Providers' footprint per member category (2024/1502 art. 1), and a member's own providers. */
static int footprint(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	int rc;
	struct forum_map fm;
	struct sector_footprint fp = {0};
	enum forum_map_view view = f->secretariat ? FMAP_SECRETARIAT : FMAP_AGGREGATE;
	if ((rc = build_view(x, f, q, view, &fm)) || (rc = sector_footprint(&fm.m, &fp, x->e)))
		goto out;
	json_t *res = json_pack("{s:s, s:s, s:f, s:o}", "view", f->secretariat ? "secretariat" : "aggregate",
				"source", source_name(q), "threshold", 0.10, "providers",
				footprint_json(f, &fm, &fp, f->secretariat));
	msg_set_json(res, "rule", &(struct msg){.code = "forum.rule.footprint"});
	if (!f->secretariat) {
		/* the member's own providers, from its own view */
		struct forum_map own;
		struct sector_footprint ofp = {0};
		json_t *mine = json_array();
		if (!(rc = build_view(x, f, q, FMAP_MEMBER, &own)) && !(rc = sector_footprint(&own.m, &ofp, x->e))) {
			/* in its own view, every provider relied on is one the member itself relies on */
			for (uint32_t i = 0; i < ofp.n; i++)
				json_array_append_new(mine, json_string(own.org_ids[ofp.p[i].parent]));
		}
		sector_footprint_free(&ofp);
		forum_map_free(&own);
		json_object_set_new(res, "providers_in_your_view", mine);
	}
	if (rc)
		json_decref(res);
	else
		*out = res;
out:
	sector_footprint_free(&fp);
	forum_map_free(&fm);
	return rc;
}

/* Concentration (HHI) per ICT service type; a member's types below the minimum group suppressed. */
static int concentration(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	int rc;
	struct forum_map fm;
	if ((rc = build_view(x, f, q, f->secretariat ? FMAP_SECRETARIAT : FMAP_AGGREGATE, &fm)))
		goto out;
	struct sector_hhi h;
	sector_hhi(&fm.m, &h);
	json_t *arr = json_array();
	for (int t = 1; t < SECTOR_NTYPES && t <= ICT_NTYPES; t++) {
		if (!h.relationships[t])
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s}", "service_type", ict_service_code(t), "name_da",
				      ict_service_name_da(t), "name_en", ict_service_name_en(t));
		if (!f->secretariat && h.relationships[t] < (uint32_t)f->min_group) {
			json_object_set_new(o, "suppressed", json_string(forum_views_fewer(f->min_group)));
		} else {
			json_object_set_new(o, "relationships", json_integer(h.relationships[t]));
			json_object_set_new(o, "providers", json_integer(h.providers[t]));
			json_object_set_new(o, "hhi", json_real(round(h.hhi[t] * 10) / 10));
			json_object_set_new(o, "band", json_string(h.hhi[t] > 2500   ? "high"
								   : h.hhi[t] >= 1500 ? "moderate"
										       : "low"));
		}
		json_array_append_new(arr, o);
	}
	*out = json_pack("{s:s, s:s, s:o}", "view", f->secretariat ? "secretariat" : "aggregate", "source",
			 source_name(q), "types", arr);
	msg_set_json(*out, "method", &(struct msg){.code = "forum.method.concentration"});
out:
	forum_map_free(&fm);
	return rc;
}

/* The worst restoration chain of each critical function against its tolerance. */
static int recovery(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	const char *only = q->key;
	int rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, x->e)))
		goto out;
	json_t *arr = json_array();
	for (uint32_t v = 0; v < fm.m.g.n && !rc; v++) {
		if (!fm.m.node_critical[v] || (!f->secretariat && fm.m.node_org[v] != fm.self))
			continue;
		if (only && strcmp(forum_map_key(&fm, x->a, v), only))
			continue;
		struct sector_recovery r;
		if ((rc = sector_recovery(&fm.m, v, &r, x->e)))
			break;
		json_t *o = node_ref(&fm, x->a, v), *chain = json_array();
		for (uint32_t k = 0; k < r.nchain; k++)
			json_array_append_new(chain, json_string(forum_map_key(&fm, x->a, r.chain[k])));
		json_object_set_new(o, "worst_chain_minutes", json_integer((json_int_t)r.worst_minutes));
		json_object_set_new(o, "tolerance_minutes",
				    r.tolerance == SECTOR_UNKNOWN ? json_null() : json_integer(r.tolerance));
		json_object_set_new(o, "breach", json_boolean(r.breach));
		json_object_set_new(o, "unknown_rto_nodes", json_integer(r.unknown));
		json_object_set_new(o, "worst_chain", chain);
		json_array_append_new(arr, o);
		sector_recovery_free(&r);
	}
	if (!rc) {
		*out = json_pack("{s:s, s:o}", "view", f->secretariat ? "secretariat" : "member", "functions", arr);
		msg_set_json(*out, "method", &(struct msg){.code = "forum.method.recovery"});
	} else
		json_decref(arr);
out:
	forum_map_free(&fm);
	return rc;
}

/* The secretariat's stress test: a smallest set of nodes that stops share of the critical functions. */
static int stress(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	double share = q->share, limit = q->limit;
	int rc;
	if ((rc = forum_need_secretariat(f, x->e)))
		return rc;
	if (!(share > 0 && share <= 1))
		return err_setm(x->e, ERR_INVALID, "share", "forum.share_range", NULL);
	if (!(limit >= 0 && limit <= 200))
		return err_setm(x->e, ERR_INVALID, "exact_limit", "forum.exact_limit", NULL);
	struct forum_map fm;
	struct sector_stress s = {0};
	if ((rc = forum_map_build(f, FMAP_SECRETARIAT, &fm, x->e)) ||
	    (rc = sector_stress(&fm.m, share, (uint32_t)limit, &s, x->e)))
		goto out;
	json_t *set = json_array();
	for (uint32_t i = 0; i < s.nset; i++)
		json_array_append_new(set, node_ref(&fm, x->a, s.set[i]));
	*out = json_pack("{s:f, s:b, s:i, s:i, s:o}", "share", share, "exact", s.exact, "functions_stopped",
			 (int)s.stopped, "functions_total", (int)s.total, "set", set);
	msg_set_json(*out, "method",
		     &(struct msg){.code = s.exact ? "forum.method.stress_exact" : "forum.method.stress_greedy"});
out:
	sector_stress_free(&s);
	forum_map_free(&fm);
	return rc;
}

/* The map as the acting organisation's view shows it. */
static int map(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out)
{
	(void)q;
	int rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, x->e)))
		goto out;
	uint32_t nfn = 0;
	for (uint32_t v = 0; v < fm.m.g.n; v++)
		nfn += fm.m.node_critical[v];
	json_t *res = json_pack("{s:s, s:i, s:i, s:i, s:i}", "view", f->secretariat ? "secretariat" : "member", "nodes",
				(int)fm.m.g.n, "edges", (int)fm.nedges, "critical_functions", (int)nfn, "not_shared_refs",
				(int)fm.nhidden);
	json_t *nodes = json_array(), *edges = json_array();
	for (uint32_t v = 0; v < fm.m.g.n; v++) {
		json_t *o = node_ref(&fm, x->a, v);
		json_object_set_new(o, "kind", json_string(node_kind_name((enum node_kind)fm.node_kind[v])));
		if (fm.m.node_critical[v])
			json_object_set_new(o, "critical_function", json_true());
		json_array_append_new(nodes, o);
		for (uint32_t k = fm.m.g.dep_off[v]; k < fm.m.g.dep_off[v + 1]; k++) {
			json_t *e = json_pack("{s:s, s:s}", "from", forum_map_key(&fm, x->a, v), "to",
					      forum_map_key(&fm, x->a, fm.m.g.dep_dst[k]));
			if (fm.m.g.dep_slot[k] != GRAPH_NONE)
				json_object_set_new(e, "group", json_integer(fm.m.g.dep_slot[k]));
			json_array_append_new(edges, e);
		}
	}
	json_object_set_new(res, "node_list", nodes);
	json_object_set_new(res, "edge_list", edges);
	*out = res;
out:
	forum_map_free(&fm);
	return rc;
}


/* ---- the analyses' public faces ---- */

/* The forum at->forum opened for at->org, and the analysis run on it with q. */
static int analyse(struct app *x, const struct app_forum_at *at,
		   int (*run)(struct app *x, struct forum_ctx *f, const struct analysis_req *q, json_t **out),
		   const struct analysis_req *q, json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	return plain_field(x, rc ? rc : run(x, &f, q, out));
}

int app_forum_map(struct app *x, const struct app_forum_at *at, json_t **out)
{
	return analyse(x, at, map, &(struct analysis_req){0}, out);
}

int app_forum_outage(struct app *x, const struct app_forum_at *at, const char *node, json_t **out)
{
	return analyse(x, at, outage, &(struct analysis_req){.key = node}, out);
}

/* source: NULL or "map", or "register"; anything else ERR_INVALID naming "source". */
static int source_check(struct app *x, const char *source)
{
	if (source && strcmp(source, "map") && strcmp(source, "register"))
		return err_setm(x->e, ERR_INVALID, "source", "forum.source", NULL);
	return 0;
}

int app_forum_spof(struct app *x, const struct app_forum_at *at, const char *function, const char *source,
		   json_t **out)
{
	*out = NULL;
	int rc = source_check(x, source);
	return rc ? rc : analyse(x, at, spof, &(struct analysis_req){.key = function, .source = source}, out);
}

int app_forum_footprint(struct app *x, const struct app_forum_at *at, const char *source, json_t **out)
{
	*out = NULL;
	int rc = source_check(x, source);
	return rc ? rc : analyse(x, at, footprint, &(struct analysis_req){.source = source}, out);
}

int app_forum_concentration(struct app *x, const struct app_forum_at *at, const char *source, json_t **out)
{
	*out = NULL;
	int rc = source_check(x, source);
	return rc ? rc : analyse(x, at, concentration, &(struct analysis_req){.source = source}, out);
}

int app_forum_recovery(struct app *x, const struct app_forum_at *at, const char *function, json_t **out)
{
	return analyse(x, at, recovery, &(struct analysis_req){.key = function}, out);
}

int app_forum_stress(struct app *x, const struct app_forum_at *at, double share, double exact_limit, json_t **out)
{
	return analyse(x, at, stress, &(struct analysis_req){.share = share, .limit = exact_limit}, out);
}

/* ---- views ---- */

int app_forum_view(struct app *x, const struct app_forum_at *at, const char *name, const struct forum_view_opts *o,
		   json_t **out)
{
	struct forum_ctx f;
	*out = NULL;
	int rc = open_at(x, at, &f);
	if (rc)
		return plain_field(x, rc);
	struct forum_view_opts when = *o;
	when.now_ms = x->now_ms;
	when.today = x->today;
	return plain_field(x, forum_views_run(&f, name, &when, out, x->e));
}

/* ---- sharing out ---- */

/* Note org's name in orgs, as the reader may see it: the member list's, else the forum's name for it. */
static void name_org(struct forum_ctx *f, json_t *orgs, const json_t *members, const char *org)
{
	size_t i;
	json_t *m;
	if (!org || json_object_get(orgs, org))
		return;
	json_array_foreach(members, i, m)
	{
		if (!strcmp(json_string_value(json_object_get(m, "org")), org)) {
			json_object_set(orgs, org, json_object_get(m, "name"));
			return;
		}
	}
	/* the secretariat (not in the member list) and the reader itself */
	if (!strcmp(org, f->forum.secretariat) || !strcmp(org, f->org))
		json_object_set_new(orgs, org, json_string(forum_org_name(f, org)));
}

/* The reader's view (forum_export.h), from the reads behind the forum's own pages. */
static int export_view(struct app *x, struct forum_ctx *f, json_t **out)
{
	json_t *incidents = NULL, *items = json_array(), *orgs = json_object(), *members = forum_members_json(f);
	char at[32];
	int rc = forum_views_incidents(f, x->now_ms, &incidents, x->e);
	for (size_t k = 0; !rc && forum_export_kinds[k]; k++) {
		struct fitem_rec *rows;
		size_t n;
		if ((rc = forum_item_list(f, forum_export_kinds[k], NULL, &rows, &n, x->e)))
			break;
		for (size_t i = 0; i < n; i++) {
			json_array_append_new(items, forum_item_json(f, &rows[i]));
			name_org(f, orgs, members, rows[i].owner);
		}
	}
	if (rc) {
		json_decref(incidents);
		json_decref(items);
		json_decref(orgs);
		json_decref(members);
		return rc;
	}
	json_t *list = json_object_get(incidents, "incidents");
	size_t i;
	json_t *inc;
	json_array_foreach(list, i, inc) name_org(f, orgs, members, json_string_value(json_object_get(inc, "org")));
	name_org(f, orgs, members, f->forum.secretariat);
	name_org(f, orgs, members, f->org);
	instant_format_utc(f->forum.created_ms, at);
	*out = json_pack("{s:{s:s, s:s, s:s, s:s}, s:s, s:o, s:O, s:o}", "forum", "id", f->forum.id, "name",
			 f->forum.name, "secretariat", f->forum.secretariat, "created_at", at, "reader", f->org, "orgs",
			 orgs, "incidents", list, "items", items);
	json_decref(incidents);
	json_decref(members);
	return 0;
}

int app_forum_export(struct app *x, const struct app_forum_at *at, const char *format, json_t **out)
{
	struct forum_ctx f;
	json_t *view = NULL;
	*out = NULL;
	if (!format || !*format)
		return err_setm(x->e, ERR_INVALID, "format", "forum.export_format_required", "allowed", "stix, misp", NULL);
	if (strcmp(format, "stix") && strcmp(format, "misp"))
		return err_setm(x->e, ERR_INVALID, "format", "forum.export_format", "format", format, "allowed",
				"stix, misp", NULL);
	int rc = open_at(x, at, &f);
	if (rc || (rc = forum_need_in(&f, x->e)) || (rc = export_view(x, &f, &view)))
		return plain_field(x, rc);
	if (!strcmp(format, "stix")) {
		rc = forum_stix_bundle(view, out, x->e);
	} else {
		char day[11];
		date_format(x->today, day);
		rc = forum_misp_event(view, day, out, x->e);
	}
	json_decref(view);
	return plain_field(x, rc);
}
