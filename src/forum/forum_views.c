/*
 * forum_views.c — kinds of forum item and their modules (forum_views.h).
 *
 * Validation: each kind's body goes through its module's check, which
 * returns the canonical body that is stored.  Views: the module computes
 * from item bodies; this file decides which bodies it gets.  The
 * secretariat's views use every item it may see.  A member's views use
 * what it may see (its own items, and what others labelled for it) for
 * anything that names organisations, and the aggregatable items
 * (forum_item_list_aggregatable: CLEAR, GREEN, AMBER, from active members)
 * for sector figures — which are then shown only when at least min_group
 * distinct members contributed, and computed the same way whether shown or
 * not, so neither the answer nor its cost tells how many did.
 */
#include "forum_views.h"
#include "tlp.h"

#include <stdio.h>
#include <string.h>

#include "crisis.h"
#include "date.h"
#include "frisk.h"
#include "jsonx.h"

const char *forum_views_fewer(int min_group)
{
	/* per thread: the server answers requests on several; callers copy it at once */
	static _Thread_local char text[40];
	snprintf(text, sizeof text, "fewer than %d", min_group);
	return text;
}

json_t *forum_views_body(struct forum_ctx *f, const char *kind, const char *id)
{
	struct fitem_rec it;
	struct errinfo ignore = {0};
	if (!id || forum_item_get(f, kind, id, &it, &ignore))
		return NULL;
	return forum_item_body(&it);
}

int forum_views_check(struct forum_ctx *f, const char *kind, const char *id, const char *parent, json_t *body,
		      int64_t now_ms, json_t **clean, struct errinfo *e)
{
	(void)now_ms;
	*clean = NULL;
	/* the secretariat's kinds are refused to others before their bodies are looked at */
	int rc = forum_kind_by_secretariat(kind) ? forum_need_secretariat(f, e) : 0;
	if (rc)
		return rc;
	if (!json_is_object(body))
		return err_setm(e, ERR_INVALID, "body", "input.body_object", NULL);
	json_t *bid = json_object_get(body, "id");
	if (id && json_is_string(bid) && strcmp(json_string_value(bid), id))
		return err_setm(e, ERR_INVALID, "id", "forum.body_id", "id", id, NULL);
	if (id && (!bid || json_is_null(bid)) &&
	    (!strcmp(kind, "crisis") || !strcmp(kind, "decision") || !strcmp(kind, "risk") || !strcmp(kind, "measure"))) {
		/* the stored body names itself, as the views expect */
		json_t *named = json_deep_copy(body);
		json_object_set_new(named, "id", json_string(id));
		rc = forum_views_check(f, kind, id, parent, named, now_ms, clean, e);
		json_decref(named);
		return rc;
	}
	if (!strcmp(kind, "crisis")) {
		json_t *b = json_deep_copy(body);
		json_t *me = json_object_get(b, "members_expected");
		if (!me || (json_is_array(me) && json_array_size(me) == 0)) {
			/* expected to report: every active member, written down at opening */
			json_t *arr = json_array();
			for (size_t i = 0; i < f->nmembers; i++)
				if (!strcmp(f->members[i].status, "active"))
					json_array_append_new(arr, json_string(f->members[i].org));
			json_object_set_new(b, "members_expected", arr);
		}
		rc = crisis_check(b, "", clean, e);
		json_decref(b);
		return rc;
	}
	if (!strcmp(kind, "report")) {
		json_t *b = json_deep_copy(body);
		/* the filing organisation is the session's, never the client's */
		json_object_set_new(b, "member", json_string(f->org));
		rc = crisis_report_check(b, "", clean, e);
		json_decref(b);
		return rc;
	}
	if (!strcmp(kind, "decision"))
		return crisis_decision_check(body, "", clean, e);
	if (!strcmp(kind, "risk")) {
		json_t *scale = forum_risk_scale(f);
		json_t *old = forum_views_body(f, "risk", json_string_value(json_object_get(body, "id")));
		rc = frisk_risk_check(body, "", scale, old, clean, e);
		json_decref(scale);
		json_decref(old);
		return rc;
	}
	if (!strcmp(kind, "measure")) {
		json_t *old = forum_views_body(f, "measure", json_string_value(json_object_get(body, "id")));
		rc = frisk_measure_check(body, "", old, clean, e);
		json_decref(old);
		return rc;
	}
	return forum_views_check_more(f, kind, id, parent, body, clean, e);
}

json_t *forum_views_bodies(struct fitem_rec *rows, size_t n, bool named)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *b = forum_item_body(&rows[i]);
		json_t *bid = json_object_get(b, "id");
		if (named && (!bid || json_is_null(bid)))
			json_object_set_new(b, "id", json_string(rows[i].id));
		json_array_append_new(arr, b);
	}
	return arr;
}

/* Distinct owners among rows. */
static size_t distinct_owners(struct fitem_rec *rows, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(rows[k].owner, rows[i].owner);
		d += !seen;
	}
	return d;
}

/* Beside every "member" id in a crisis view, the member's name ("member_name"): what a person reads.
 * names maps each member id met so far to its name, so each organisation is read once. */
static void name_members(const struct forum_ctx *f, json_t *j, json_t *names)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach (j, i, v)
			name_members(f, v, names);
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach (j, k, v)
			name_members(f, v, names);
		json_t *m = json_object_get(j, "member");
		if (!json_is_string(m) || json_object_get(j, "member_name"))
			return;
		const char *id = json_string_value(m);
		json_t *name = json_object_get(names, id);
		if (!name) {
			name = json_string(forum_org_name(f, id));
			json_object_set_new(names, id, name);
		}
		json_object_set(j, "member_name", name);
	}
}

static int crisis_view(struct forum_ctx *f, const char *name, const struct forum_view_opts *o, json_t **out,
		       struct errinfo *e)
{
	const char *id = o->crisis;
	if (!id)
		return err_setm(e, ERR_INVALID, "crisis", "forum.crisis_required", NULL);
	int rc;
	struct fitem_rec cr, *reps = NULL, *decs = NULL;
	size_t nr = 0, nd = 0;
	if ((rc = forum_item_get(f, "crisis", id, &cr, e)) ||
	    (rc = forum_item_list(f, "report", id, &reps, &nr, e)) ||
	    (rc = forum_item_list(f, "decision", id, &decs, &nd, e)))
		return rc;
	json_t *crisis = forum_item_body(&cr), *rb = forum_views_bodies(reps, nr, true),
	       *db = forum_views_bodies(decs, nd, true);
	json_t *members = NULL;
	if (!f->secretariat)
		members = json_pack("[s]", f->org); /* a member is told about itself only */
	if (!strcmp(name, "picture"))
		rc = crisis_picture(crisis, rb, members, o->now_ms, out, e);
	else if (!strcmp(name, "late"))
		rc = crisis_lateness(crisis, rb, members, o->now_ms, out, e);
	else
		rc = crisis_after_action(crisis, rb, db, o->now_ms, out, e);
	if (!rc && !f->secretariat && !strcmp(name, "picture")) {
		/* the sector's colours from aggregatable reports, over at least min_group members */
		struct fitem_rec *ag = NULL;
		size_t na = 0;
		if (!(rc = forum_item_list_aggregatable(f, "report", id, &ag, &na, e))) {
			json_t *ab = forum_views_bodies(ag, na, true), *agg = NULL;
			struct errinfo ignore = {0};
			int arc = crisis_picture(crisis, ab, NULL, o->now_ms, &agg, &ignore);
			size_t reporters = distinct_owners(ag, na);
			json_t *sector = json_object();
			if (!arc && reporters >= (size_t)f->min_group) {
				json_t *counts = json_object_get(agg, "counts");
				json_object_set(sector, "counts", counts ? counts : json_null());
				json_object_set_new(sector, "members_reporting", json_integer((json_int_t)reporters));
			} else {
				json_object_set_new(sector, "suppressed", json_string(forum_views_fewer(f->min_group)));
			}
			json_object_set_new(*out, "sector", sector);
			json_decref(agg);
			json_decref(ab);
		}
	}
	if (!rc) {
		json_t *names = json_object();
		name_members(f, *out, names);
		json_decref(names);
	}
	if (!rc && (!strcmp(name, "picture") || !strcmp(name, "after-action"))) {
		/* the crisis's label goes with everything drawn from it: documents print it on every page */
		int t = tlp_parse(cr.tlp);
		if (t >= 0)
			json_object_set_new(*out, "tlp", json_sprintf("TLP:%s", tlp_name((enum tlp)t)));
	}
	json_decref(crisis);
	json_decref(rb);
	json_decref(db);
	json_decref(members);
	return rc;
}

static int register_view(struct forum_ctx *f, int32_t today, json_t **out, struct errinfo *e)
{
	int rc;
	struct fitem_rec *risks = NULL, *measures = NULL;
	size_t nr = 0, nm = 0;
	if ((rc = forum_item_list(f, "risk", NULL, &risks, &nr, e)) ||
	    (rc = forum_item_list(f, "measure", NULL, &measures, &nm, e)))
		return rc;
	json_t *rb = forum_views_bodies(risks, nr, true), *mb = forum_views_bodies(measures, nm, true);
	json_t *scale = forum_risk_scale(f);
	rc = frisk_register(rb, mb, scale, today, 0, out, e);
	if (!rc)
		json_object_set(*out, "scale", scale);
	json_decref(rb);
	json_decref(mb);
	json_decref(scale);
	return rc;
}

int forum_views_rerate(struct forum_ctx *f, struct writer *w, const char *id, json_t *rating, int64_t if_version,
		      struct errinfo *e)
{
	struct fitem_rec old;
	int rc = forum_need_secretariat(f, e);
	if (rc || (rc = forum_item_get(f, "risk", id, &old, e)))
		return rc;
	json_t *body = forum_item_body(&old), *scale = forum_risk_scale(f), *next = NULL;
	json_t *r = json_is_object(rating) ? json_deep_copy(rating) : json_incref(rating);
	/* the rating is the acting user's (frisk.h: by), whatever the client says */
	if (json_is_object(r))
		json_object_set_new(r, "by", json_string(f->user ? f->user : w->actor));
	/*
	 * the label and audience stay the risk's (tlp NULL: forum_item_label); the
	 * sources must still bear them; the stored version guards against a
	 * concurrent write
	 */
	const char *out_id = NULL;
	int t = tlp_parse(old.tlp);
	if (!(rc = frisk_rerate(body, r, w->today, scale, &next, e)) &&
	    !(rc = forum_views_sources_check(f, next, t < 0 ? TLP_RED : (enum tlp)t, old.recipients, e)))
		rc = forum_item_put(f, w, "risk", id, NULL, NULL, NULL, next, if_version ? if_version : old.version,
				    &out_id, e);
	json_decref(body);
	json_decref(scale);
	json_decref(r);
	json_decref(next);
	return rc;
}

int forum_views_params(const char *name)
{
	static const struct {
		const char *name;
		int params;
	} views[] = {
		{"picture", FORUM_VIEW_CRISIS},
		{"late", FORUM_VIEW_CRISIS},
		{"after-action", FORUM_VIEW_CRISIS},
		{"register", 0},
		{"incidents", 0},
		{"redteam-status", 0},
		{"redteam-aggregate", 0},
		{"catalogues", 0},
		{"baseline-feedback", FORUM_VIEW_CAMPAIGN},
		{"baseline-aggregate", FORUM_VIEW_CAMPAIGN},
		{"survey-results", FORUM_VIEW_SURVEY},
		{"survey-candidates", FORUM_VIEW_SURVEY},
	};
	for (size_t i = 0; name && i < sizeof views / sizeof views[0]; i++)
		if (!strcmp(views[i].name, name))
			return views[i].params;
	return -1;
}

int forum_views_run(struct forum_ctx *f, const char *name, const struct forum_view_opts *o, json_t **out,
		    struct errinfo *e)
{
	*out = NULL;
	if (!name)
		return err_setm(e, ERR_INVALID, "name", "forum.give_view", "more", forum_views_more_names(), NULL);
	int takes = forum_views_params(name);
	if (takes < 0)
		return err_setm(e, ERR_INVALID, "name", "forum.unknown_view", "view", name, "more", forum_views_more_names(),
				NULL);
	/* an option the view does not take is refused, not ignored (the view checks those it needs) */
	static const struct {
		int flag;
		const char *name;
	} params[] = {{FORUM_VIEW_CRISIS, "crisis"}, {FORUM_VIEW_CAMPAIGN, "campaign"}, {FORUM_VIEW_SURVEY, "survey"}};
	const char *given[] = {o->crisis, o->campaign, o->survey};
	for (size_t i = 0; i < 3; i++) {
		if (!(takes & params[i].flag) && given[i])
			return err_setm(e, ERR_INVALID, params[i].name, "forum.view_option", "name", name, "option",
					params[i].name, NULL);
	}
	if (!strcmp(name, "picture") || !strcmp(name, "late") || !strcmp(name, "after-action"))
		return crisis_view(f, name, o, out, e);
	if (!strcmp(name, "register"))
		return register_view(f, o->today, out, e);
	if (!strcmp(name, "incidents"))
		return forum_views_incidents(f, o->now_ms, out, e);
	return forum_views_run_more(f, name, o, out, e);
}
