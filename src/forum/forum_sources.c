/*
 * forum_sources.c — what the forum's risk analysis draws on (forum_views.h):
 * the incidents members share with the forum (the `incidents` view), and
 * the check that a forum risk's sources point at something the secretariat
 * may see in this forum.
 *
 * Design.  A member shares incidents as it shares nodes (forum.c): an
 * item-level share of one incident wins (WITHHOLD keeps it back), else the
 * strictest rule applies (forum_share_effective); a rule for incidents
 * shares every incident and takes no filter.  Whether an organisation sees
 * a shared incident is the one decision, forum_visible_to, on the share's
 * label and recipients as of the share's writing.  What leaves is a summary
 * the member chose to share — reference, title, times, status, the
 * regimes' verdicts and the label — never the facts document itself.
 *
 * Sources (frisk.h kinds).  dependency: an "org/node" key of the sector map
 * as shared with the secretariat (forum_map FMAP_SECRETARIAT), including a
 * referenced node it sees only as a reference; incident: an "org/incident"
 * reference the incidents view lists for the secretariat; survey: the id of
 * a survey item, or SURVEY/QUESTION/TOPIC as the survey-candidates view
 * gives a concern; threat and other: free text, no store behind them,
 * unchecked.  RED is left out of what a source may cite (user NULL): a
 * risk is read by more people than the named ones.  A reference the
 * secretariat may not see gets the same error, with the same words, as one
 * that does not exist.
 *
 * A risk copies each source's reference ("bank1/inc-7") into its body, so
 * the reference reaches everyone the risk is labelled for.  A dependency or
 * incident source therefore also bounds the risk's label
 * (forum_cite_check): no wider than the share that shows the source to the
 * secretariat, and from an AMBER share to no one but the secretariat and
 * the source's owner.  Checked on every write of the risk, a re-rating
 * included, so a share narrowed since is caught at the next refresh.
 * Measures draw on risks alike: forum_views_bound bounds a measure's label
 * by its risks' labels, as the register shows a measure beside its risks.
 *
 * Reading members' shares, incidents and names lifts the store's scope for
 * the reads only (as forum.c and forum_map.c do) and puts it back on the
 * one exit path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "date.h"
#include "forum_map.h"
#include "forum_views.h"
#include "increc.h"
#include "jsonx.h"
#include "rules.h"

struct shared_incident {
	const char *org, *ref, *tlp, *recipients;
	const struct incident_rec *rec;
	int64_t shared_ms;
};

/* A rule for incidents takes no filter; one with a filter (written before that rule) shares nothing. */
static bool incident_rule_matches(const struct fshare_rec *r, void *ctx)
{
	(void)ctx;
	return !r->filter;
}

/*
 * The incidents shared with the forum that viewer (and user, for RED; NULL
 * leaves RED out) may see: participants in membership order, each one's
 * incidents by detection time.  *out is the caller's to free; strings are
 * in f's arena.
 */
static int shared_incidents(struct forum_ctx *f, const char *viewer, const char *user, struct shared_incident **out,
			    size_t *n, struct errinfo *e)
{
	struct shared_incident *res = NULL;
	size_t k = 0, cap = 0;
	int rc = 0;
	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	for (size_t i = 0; i <= f->nmembers && !rc; i++) {
		/* the secretariat, then the members: an owner no longer in the forum has withdrawn its shares */
		const char *org = i == 0 ? f->forum.secretariat : f->members[i - 1].org;
		if (!forum_in(f, org) || (i > 0 && !strcmp(org, f->forum.secretariat)))
			continue;
		struct fshare_rec *sh = NULL;
		struct incident_rec *inc = NULL;
		size_t ns = 0, ni = 0, incident_shares = 0;
		if ((rc = store_fshare_list(f->st, f->forum.id, org, f->a, &sh, &ns, e)))
			break;
		for (size_t s = 0; s < ns; s++)
			incident_shares += !strcmp(sh[s].kind, "incident");
		if (!incident_shares)
			continue;
		if ((rc = store_incident_list(f->st, org, f->a, &inc, &ni, e)))
			break;
		for (size_t j = 0; j < ni; j++) {
			const struct fshare_rec *use =
				forum_share_effective(sh, ns, "incident", inc[j].id, incident_rule_matches, NULL);
			if (!use || !strcmp(use->tlp, "WITHHOLD") ||
			    !forum_visible_to(f, viewer, user, org, use->tlp, use->recipients, use->created_ms))
				continue;
			if (k == cap) {
				cap = cap ? cap * 2 : 16;
				res = xrealloc(res, cap * sizeof *res);
			}
			res[k++] = (struct shared_incident){.org = org, .ref = arena_printf(f->a, "%s/%s", org, inc[j].id),
							    .tlp = use->tlp, .recipients = use->recipients,
							    .rec = &inc[j], .shared_ms = use->created_ms};
		}
	}
	store_scope_set(f->st, saved);
	if (rc) {
		free(res);
		res = NULL;
		k = 0;
	}
	*out = res;
	*n = k;
	return rc;
}

static void set_utc(json_t *o, const char *key, int64_t ms)
{
	char buf[32];
	if (ms == INSTANT_UNKNOWN || ms == 0) {
		json_object_set_new(o, key, json_null());
		return;
	}
	instant_format_utc(ms, buf);
	json_object_set_new(o, key, json_string(buf));
}

/* One shared incident as the view shows it; the facts come from the owner's stored incident. */
static json_t *incident_json(struct forum_ctx *f, const struct shared_incident *x, const struct rules *rs,
			     int64_t now_ms)
{
	struct org o;
	struct increc ir;
	struct errinfo ignore = {0};
	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	bool named = store_org_get(f->st, x->org, f->a, &o, &ignore) == 0;
	bool loaded = increc_load(f->st, x->org, x->rec->id, f->a, &ir, &ignore) == 0;
	store_scope_set(f->st, saved);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "ref", x->ref, "org", x->org, "org_name",
			      named ? o.name : x->org, "incident", x->rec->id, "title", x->rec->title, "status",
			      x->rec->status, "tlp", x->tlp);
	set_utc(j, "occurred_at", loaded ? ir.inc.occurred_ms : INSTANT_UNKNOWN);
	set_utc(j, "detected_at", x->rec->detected_ms);
	set_utc(j, "classified_at", loaded ? ir.inc.classified_ms : INSTANT_UNKNOWN);
	/* the classification: each applicable regime's verdict as of now (incident list's "verdicts") */
	json_t *cls = json_object();
	if (loaded && rs) {
		struct assessment as;
		assess_incident(rs, &ir.inc, now_ms, ASSESS_ALL, f->a, &as);
		for (int r = 0; r < REGIME_N; r++)
			if (as.r[r].applies)
				json_object_set_new(cls, regime_id((enum regime)r), json_string(as.r[r].verdict));
	}
	json_object_set_new(j, "classification", cls);
	set_utc(j, "shared_at", x->shared_ms);
	if (!strcmp(x->org, f->org)) /* the audience is the owner's business (as for items) */
		json_object_set_new(j, "recipients", json_loads(x->recipients ? x->recipients : "[]", 0, NULL));
	increc_free(&ir); /* also what a failed load left */
	return j;
}

int forum_views_incidents(struct forum_ctx *f, int64_t now_ms, json_t **out, struct errinfo *e)
{
	struct shared_incident *xs = NULL;
	size_t n = 0;
	struct rules rs;
	bool have_rules = false;
	int rc;
	if ((rc = forum_need_in(f, e)) || (rc = shared_incidents(f, f->org, f->user, &xs, &n, e)))
		return rc;
	if (n) {
		if ((rc = rules_load(&rs, NULL, e)))
			goto out;
		have_rules = true;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, incident_json(f, &xs[i], &rs, now_ms));
	*out = json_pack("{s:s, s:o}", "forum", f->forum.id, "incidents", arr);
out:
	if (have_rules)
		rules_free(&rs);
	free(xs);
	return rc;
}


/*
 * A survey source: the survey's id, or SURVEY/QUESTION/TOPIC as the
 * survey-candidates view gives it (a concern of one ranking question); the
 * survey must be one the secretariat sees, and the question and topic its own.
 */
static int survey_ref_check(struct forum_ctx *f, const char *ref, const char *field, enum tlp label,
			    const char *recipients, const struct forum_cite *what, struct errinfo *e)
{
	char sid[200];
	const char *q = strchr(ref, '/');
	size_t n = q ? (size_t)(q - ref) : strlen(ref);
	if (n == 0 || n >= sizeof sid)
		return err_setm(e, ERR_INVALID, field, "forum.survey_source", NULL);
	memcpy(sid, ref, n);
	sid[n] = 0;
	json_t *sv = forum_views_body(f, "survey", sid);
	if (!sv)
		return err_setm(e, ERR_INVALID, field, "forum.no_survey_source", "ref", ref, "forum", f->forum.id, NULL);
	int rc = 0;
	if (q) {
		/* QUESTION/TOPIC: a concern of one of the survey's questions */
		const char *t = strchr(q + 1, '/');
		size_t qlen = t ? (size_t)(t - q - 1) : 0;
		bool found = false;
		size_t i, k;
		json_t *qq, *tt;
		json_array_foreach(json_object_get(sv, "questions"), i, qq)
		{
			const char *qid = json_string_value(json_object_get(qq, "id"));
			if (!t || !qid || strlen(qid) != qlen || strncmp(qid, q + 1, qlen))
				continue;
			json_array_foreach(json_object_get(qq, "topics"), k, tt)
			{
				const char *tid = json_string_value(json_object_get(tt, "id"));
				found = found || (tid && !strcmp(tid, t + 1));
			}
		}
		if (!found)
			rc = err_setm(e, ERR_INVALID, field, "forum.no_survey_concern", "ref", ref, "forum", f->forum.id,
				      NULL);
	}
	json_decref(sv);
	/* the survey's own label bounds the risk's, as a shared node's does */
	struct fitem_rec it;
	if (!rc && !(rc = forum_item_get(f, "survey", sid, &it, e)))
		rc = forum_cite_check(f, label, recipients, it.owner, it.tlp, it.recipients, what, e);
	return rc;
}

int forum_views_sources_check(struct forum_ctx *f, json_t *risk, enum tlp t, const char *recipients,
			      struct errinfo *e)
{
	struct shared_incident *xs = NULL;
	size_t nx = 0;
	bool have_incidents = false, have_map = false;
	struct forum_map fm;
	char field[64], path[64];
	int rc = forum_need_secretariat(f, e);
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(risk, "sources"), i, s)
	{
		const char *kind = json_string_value(json_object_get(s, "kind"));
		const char *ref = json_string_value(json_object_get(s, "ref"));
		if (rc || !kind || !ref)
			continue;
		snprintf(field, sizeof field, "sources[%zu].ref", i);
		if (!strcmp(kind, "dependency")) {
			if (!have_map && (rc = forum_map_build(f, FMAP_SECRETARIAT, &fm, e)))
				break;
			have_map = true;
			uint32_t v = forum_map_find(&fm, ref);
			const struct fshare_rec *sh = v == SECTOR_NONE ? NULL : fm.node_share[v];
			snprintf(path, sizeof path, "sources[%zu]", i);
			struct forum_cite what = {path, "kind.node", ref};
			if (v == SECTOR_NONE)
				rc = err_setm(e, ERR_INVALID, field, "forum.no_shared_node", "ref", ref, NULL);
			else if (sh) /* the secretariat's own unshared nodes are not in its map: sh is set */
				rc = forum_cite_check(f, t, recipients, sh->org, sh->tlp, sh->recipients, &what, e);
		} else if (!strcmp(kind, "incident")) {
			if (!have_incidents && (rc = shared_incidents(f, f->forum.secretariat, NULL, &xs, &nx, e)))
				break;
			have_incidents = true;
			size_t k = 0;
			while (k < nx && strcmp(xs[k].ref, ref))
				k++;
			snprintf(path, sizeof path, "sources[%zu]", i);
			struct forum_cite what = {path, "kind.incident", ref};
			if (k == nx)
				rc = err_setm(e, ERR_INVALID, field, "forum.no_shared_incident", "ref", ref, "forum",
					      f->forum.id, NULL);
			else
				rc = forum_cite_check(f, t, recipients, xs[k].org, xs[k].tlp, xs[k].recipients, &what, e);
		} else if (!strcmp(kind, "survey")) {
			snprintf(path, sizeof path, "sources[%zu]", i);
			struct forum_cite what = {path, "kind.survey", ref};
			rc = survey_ref_check(f, ref, field, t, recipients, &what, e);
		}
		/* threat and other: free text (a threat assessment is not stored here) */
	}
	if (have_map)
		forum_map_free(&fm);
	free(xs);
	return rc;
}

int forum_views_bound(struct forum_ctx *f, const char *kind, const struct fitem_rec *before, json_t *body,
		      const char *tlp, json_t *recipients, enum tlp *t, const char **rtext, struct errinfo *e)
{
	if (!strcmp(kind, "risk")) {
		int rc = forum_item_label(f, kind, before, NULL, tlp, recipients, t, rtext, e);
		return rc ? rc : forum_views_sources_check(f, body, *t, *rtext, e);
	}
	/* a measure: the risks it names, the narrowest first to lend its label */
	json_t *ids = json_object_get(body, "risks");
	size_t n = json_array_size(ids), narrowest = 0;
	struct fitem_rec *rs = arena_alloc(f->a, (n + 1) * sizeof *rs);
	char field[64], path[64];
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *id = json_string_value(json_array_get(ids, i));
		snprintf(field, sizeof field, "risks[%zu]", i);
		if (!id || forum_item_get(f, "risk", id, &rs[i], e)) {
			err_clear(e);
			rc = err_setm(e, ERR_INVALID, field, "forum.no_risk", "id", id ? id : "", "forum", f->forum.id, NULL);
		} else if (tlp_parse(rs[i].tlp) > tlp_parse(rs[narrowest].tlp)) {
			narrowest = i;
		}
	}
	if (rc || (rc = forum_item_label(f, kind, before, n ? &rs[narrowest] : NULL, tlp, recipients, t, rtext, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(path, sizeof path, "risks[%zu]", i);
		struct forum_cite what = {path, "kind.risk", rs[i].id};
		rc = forum_cite_check(f, *t, *rtext, rs[i].owner, rs[i].tlp, rs[i].recipients, &what, e);
	}
	return rc;
}
