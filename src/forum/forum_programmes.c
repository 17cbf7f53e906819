/*
 * forum_programmes.c — the forum's programmes tied to forum items
 * (forum_views.h): the red-team programme (redteam.c), the baseline
 * self-assessment (baseline.c) and the annual survey (survey.c).
 *
 * Fields the server owns are set here, never taken from the client: the
 * member of a test, finding, answer or response is the acting
 * organisation; a finding's test, an answer's campaign and a response's
 * survey are the item's parent.
 *
 * Confidentiality.  Red-team tests and findings are AMBER+STRICT to the
 * secretariat by default, so their anonymised aggregate is the
 * secretariat's alone; a member sees its own status.  Baseline feedback
 * and aggregates, and survey results, are shown to members only for a
 * closed campaign or survey — one frozen release, so that successive
 * releases cannot be differenced to isolate a late answer — and are
 * computed from the aggregatable answers (forum_item_list_aggregatable)
 * over groups of at least the forum's min_group, the suppression done
 * inside the modules with the same work either way.
 */
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "date.h"
#include "forum_views.h"
#include "redteam.h"
#include "survey.h"

/* A copy of body with key set to value (new reference). */
static json_t *with(json_t *body, const char *key, const char *value)
{
	json_t *b = json_deep_copy(body);
	if (value)
		json_object_set_new(b, key, json_string(value));
	return b;
}

static bool has_status(json_t *body, const char *status)
{
	const char *s = json_string_value(json_object_get(body, "status"));
	return s && !strcmp(s, status);
}

/* The body's id must be the item's: fill it in, or refuse a different one. */
static int same_id(json_t *b, const char *id, struct errinfo *e)
{
	json_t *bid = json_object_get(b, "id");
	if (!id)
		return 0;
	if (!bid) {
		json_object_set_new(b, "id", json_string(id));
		return 0;
	}
	if (!json_is_string(bid) || strcmp(json_string_value(bid), id))
		return err_setm(e, ERR_INVALID, "id", "forum.body_id", "id", id, NULL);
	return 0;
}

/* The catalogue named by id: a shipped one, or one the forum loaded (new reference). */
static int catalogue_named(struct forum_ctx *f, const char *id, json_t **out, struct errinfo *e)
{
	*out = NULL;
	if (!id)
		return err_setm(e, ERR_INVALID, "catalogue", "forum.name_catalogue", NULL);
	for (const char *const *b = baseline_builtin_catalogues; *b; b++)
		if (!strcmp(*b, id))
			return baseline_catalogue_builtin(id, out, e);
	json_t *c = forum_views_body(f, "catalogue", id);
	if (!c)
		return err_setm(e, ERR_NOTFOUND, "catalogue", "forum.no_catalogue", "id", id, NULL);
	*out = c;
	return 0;
}

int forum_views_check_more(struct forum_ctx *f, const char *kind, const char *id, const char *parent, json_t *body,
			   json_t **clean, struct errinfo *e)
{
	*clean = NULL;
	int rc = 0;
	json_t *b = NULL, *prev = NULL, *par = NULL;
	if (!strcmp(kind, "redteam")) {
		b = with(body, "member", f->org);
		prev = forum_views_body(f, "redteam", id);
		if (!(rc = same_id(b, id ? id : json_string_value(json_object_get(b, "id")), e)))
			rc = redteam_test_check(b, prev, "", clean, e);
	} else if (!strcmp(kind, "finding")) {
		b = with(body, "member", f->org);
		json_object_set_new(b, "test", json_string(parent ? parent : ""));
		par = forum_views_body(f, "redteam", parent);
		if (!par)
			rc = err_setm(e, ERR_NOTFOUND, "parent", "forum.no_redteam", "id", parent ? parent : "", NULL);
		else if (!(rc = same_id(b, id, e)))
			rc = redteam_finding_check(b, par, "", clean, e);
	} else if (!strcmp(kind, "catalogue")) {
		b = json_deep_copy(body);
		if (!(rc = same_id(b, id, e)))
			rc = baseline_catalogue_check(b, "", clean, e);
	} else if (!strcmp(kind, "campaign")) {
		b = json_deep_copy(body);
		prev = forum_views_body(f, "campaign", id);
		json_t *cat = NULL;
		if (!(rc = same_id(b, id, e)) &&
		    !(rc = catalogue_named(f, json_string_value(json_object_get(b, "catalogue")), &cat, e)))
			rc = baseline_campaign_check(b, prev, "", clean, e);
		json_decref(cat);
	} else if (!strcmp(kind, "answer")) {
		par = forum_views_body(f, "campaign", parent);
		json_t *cat = NULL;
		if (!par) {
			rc = err_setm(e, ERR_NOTFOUND, "parent", "forum.no_campaign", "id", parent ? parent : "", NULL);
		} else if (!has_status(par, "open")) {
			rc = err_setm(e, ERR_CONFLICT, "parent", "forum.campaign_closed", "id", parent, NULL);
		} else if (!(rc = catalogue_named(f, json_string_value(json_object_get(par, "catalogue")), &cat, e))) {
			b = with(body, "member", f->org);
			json_object_set(b, "catalogue", json_object_get(par, "catalogue"));
			json_object_set_new(b, "campaign", json_string(parent));
			rc = baseline_answer_check(cat, b, "", clean, e);
		}
		json_decref(cat);
	} else if (!strcmp(kind, "survey")) {
		b = json_deep_copy(body);
		if (!(rc = same_id(b, id, e)))
			rc = survey_check(b, "", clean, e);
	} else if (!strcmp(kind, "response")) {
		par = forum_views_body(f, "survey", parent);
		if (!par) {
			rc = err_setm(e, ERR_NOTFOUND, "parent", "forum.no_survey", "id", parent ? parent : "", NULL);
		} else {
			b = with(body, "member", f->org);
			json_object_set(b, "survey", json_object_get(par, "id"));
			rc = survey_response_check(par, b, "", clean, e);
		}
	} else {
		rc = err_setm(e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	}
	json_decref(b);
	json_decref(prev);
	json_decref(par);
	return rc;
}

static int redteam_view(struct forum_ctx *f, bool aggregate, int32_t today, json_t **out, struct errinfo *e)
{
	int rc;
	if (aggregate && (rc = forum_need_secretariat(f, e)))
		return rc;
	struct fitem_rec *tests = NULL, *findings = NULL;
	size_t nt = 0, nf = 0;
	if ((rc = forum_item_list(f, "redteam", NULL, &tests, &nt, e)) ||
	    (rc = forum_item_list(f, "finding", NULL, &findings, &nf, e)))
		return rc;
	/* a member's status covers its own tests only, whatever else it was shown */
	size_t kt = 0, kf = 0;
	for (size_t i = 0; i < nt; i++)
		if (f->secretariat || !strcmp(tests[i].owner, f->org))
			tests[kt++] = tests[i];
	for (size_t i = 0; i < nf; i++)
		if (f->secretariat || !strcmp(findings[i].owner, f->org))
			findings[kf++] = findings[i];
	json_t *tb = forum_views_bodies(tests, kt, false), *fb = forum_views_bodies(findings, kf, false);
	rc = aggregate ? redteam_aggregate(tb, fb, f->min_group, out, e) : redteam_status(tb, fb, today, out, e);
	json_decref(tb);
	json_decref(fb);
	return rc;
}

/* Answers or responses under parent that a view may use (see the file comment). */
static int programme_inputs(struct forum_ctx *f, int32_t today_date, const char *kind, const char *parent_kind,
			    const char *parent, json_t **parent_body, json_t **inputs, struct errinfo *e)
{
	*parent_body = NULL;
	*inputs = NULL;
	if (!parent)
		return err_setm(e, ERR_INVALID, parent_kind, "forum.parent_required", "kind", parent_kind, NULL);
	json_t *pb = forum_views_body(f, parent_kind, parent);
	if (!pb)
		return err_setm(e, ERR_NOTFOUND, parent_kind, "forum.no_item", "kind", parent_kind, "id", parent, NULL);
	struct fitem_rec *rows = NULL;
	size_t n = 0;
	int rc;
	if (f->secretariat) {
		rc = forum_item_list(f, kind, parent, &rows, &n, e);
	} else {
		/* one frozen release: a campaign or survey that has closed */
		const char *status = json_string_value(json_object_get(pb, "status"));
		const char *closes = json_string_value(json_object_get(pb, "closes_on"));
		char today[11];
		date_format(today_date, today);
		bool closed = status ? !strcmp(status, "closed") : (closes && strcmp(closes, today) < 0);
		if (!status && !closes) {
			/* a survey has a year: its results open when the year is over */
			json_t *y = json_object_get(pb, "year");
			int yy, mm, dd;
			date_to_ymd(today_date, &yy, &mm, &dd);
			closed = json_is_integer(y) && json_integer_value(y) < yy;
		}
		if (!closed) {
			json_decref(pb);
			return err_setm(e, ERR_CONFLICT, parent_kind, "forum.results_closed", "kind", parent_kind,
					NULL);
		}
		rc = forum_item_list_aggregatable(f, kind, parent, &rows, &n, e);
		/* the member's own answer joins even when it labelled it AMBER+STRICT: it is its own */
		struct fitem_rec *mine = NULL;
		size_t nm = 0;
		if (!rc && !(rc = forum_item_list(f, kind, parent, &mine, &nm, e))) {
			struct fitem_rec *all = arena_alloc(f->a, (n + nm + 1) * sizeof *all);
			memcpy(all, rows, n * sizeof *all);
			for (size_t i = 0; i < nm; i++) {
				bool dup = false;
				for (size_t k = 0; k < n && !dup; k++)
					dup = !strcmp(rows[k].id, mine[i].id);
				if (!dup && !strcmp(mine[i].owner, f->org))
					all[n++] = mine[i];
			}
			rows = all;
		}
	}
	if (rc) {
		json_decref(pb);
		return rc;
	}
	*parent_body = pb;
	*inputs = forum_views_bodies(rows, n, false);
	return 0;
}

static int baseline_view(struct forum_ctx *f, const struct forum_view_opts *o, bool feedback, json_t **out,
			 struct errinfo *e)
{
	int rc;
	json_t *camp = NULL, *answers = NULL, *cat = NULL;
	if ((rc = programme_inputs(f, o->today, "answer", "campaign", o->campaign, &camp, &answers, e)) ||
	    (rc = catalogue_named(f, json_string_value(json_object_get(camp, "catalogue")), &cat, e)))
		goto out;
	if (feedback) {
		if (f->secretariat) {
			rc = err_setm(e, ERR_INVALID, "org", "forum.feedback_own", NULL);
			goto out;
		}
		rc = baseline_feedback(cat, answers, f->org, f->min_group, out, e);
	} else {
		rc = baseline_aggregate(cat, answers, f->min_group, out, e);
	}
out:
	json_decref(camp);
	json_decref(answers);
	json_decref(cat);
	return rc;
}

static int survey_view(struct forum_ctx *f, const struct forum_view_opts *o, bool candidates, json_t **out,
		       struct errinfo *e)
{
	int rc = 0;
	json_t *sv = NULL, *responses = NULL, *results = NULL;
	if ((candidates && (rc = forum_need_secretariat(f, e))) ||
	    (rc = programme_inputs(f, o->today, "response", "survey", o->survey, &sv, &responses, e)) ||
	    (rc = survey_results(sv, responses, f->min_group, &results, e)))
		goto out;
	if (candidates)
		rc = survey_risk_candidates(results, 10, out, e);
	else
		*out = json_incref(results);
out:
	json_decref(sv);
	json_decref(responses);
	json_decref(results);
	return rc;
}

static int catalogues_view(struct forum_ctx *f, json_t **out, struct errinfo *e)
{
	int rc;
	json_t *arr = json_array();
	for (const char *const *b = baseline_builtin_catalogues; *b; b++) {
		json_t *cat = NULL;
		if ((rc = baseline_catalogue_builtin(*b, &cat, e))) {
			json_decref(arr);
			return rc;
		}
		json_object_set_new(cat, "shipped", json_true());
		json_array_append_new(arr, cat);
	}
	struct fitem_rec *rows = NULL;
	size_t n = 0;
	if ((rc = forum_item_list(f, "catalogue", NULL, &rows, &n, e))) {
		json_decref(arr);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, forum_item_body(&rows[i]));
	*out = arr;
	return 0;
}

const char *forum_views_more_names(void)
{
	return "redteam-status, redteam-aggregate, catalogues, baseline-feedback, baseline-aggregate, survey-results, "
	       "survey-candidates";
}

int forum_views_run_more(struct forum_ctx *f, const char *name, const struct forum_view_opts *o, json_t **out,
			 struct errinfo *e)
{
	*out = NULL;
	if (!strcmp(name, "redteam-status"))
		return redteam_view(f, false, o->today, out, e);
	if (!strcmp(name, "redteam-aggregate"))
		return redteam_view(f, true, o->today, out, e);
	if (!strcmp(name, "catalogues"))
		return catalogues_view(f, out, e);
	if (!strcmp(name, "baseline-feedback"))
		return baseline_view(f, o, true, out, e);
	if (!strcmp(name, "baseline-aggregate"))
		return baseline_view(f, o, false, out, e);
	if (!strcmp(name, "survey-results"))
		return survey_view(f, o, false, out, e);
	if (!strcmp(name, "survey-candidates"))
		return survey_view(f, o, true, out, e);
	return err_setm(e, ERR_INVALID, "name", "forum.unknown_view", "view", name, "more", forum_views_more_names(),
			NULL);
}
