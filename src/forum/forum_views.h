/*
 * forum_views.h — the forum's kinds of item tied to their modules: each
 * kind's body validation (crisis.c, frisk.c, redteam.c, baseline.c,
 * survey.c) and the computed views (situational picture, lateness,
 * after-action summary, risk register, red-team status and aggregate,
 * baseline feedback and aggregate, survey results), each fed only the items
 * the acting organisation may see (forum.c), and every member-visible
 * aggregate only over at least the forum's minimum group.
 */
#ifndef SKJOLD_FORUM_VIEWS_H
#define SKJOLD_FORUM_VIEWS_H

#include <jansson.h>

#include "forum.h"

/* "fewer than N": a per-thread buffer, valid until the thread's next call (copy it at once). */
const char *forum_views_fewer(int min_group);

/*
 * Validate body for an item of kind (under parent) with the kind's module and
 * return the normalised body in *clean (caller decrefs).  Sets fields the
 * server owns (a report's member) from the acting organisation.  A risk's
 * sources are checked once its label is known (forum_views_sources_check).
 */
int forum_views_check(struct forum_ctx *f, const char *kind, const char *id, const char *parent, json_t *body,
		      int64_t now_ms, json_t **clean, struct errinfo *e);

/*
 * What a view is asked: the item it is about (crisis for picture, late and
 * after-action; campaign for the baseline views; survey for the survey
 * views), NULL when not given, and when it runs.  A view refuses one it does
 * not take (forum_views_params).
 */
struct forum_view_opts {
	const char *crisis, *campaign, *survey;
	int64_t now_ms;
	int32_t today;
};

/* The options a view takes (each one it takes it needs). */
enum { FORUM_VIEW_CRISIS = 1, FORUM_VIEW_CAMPAIGN = 2, FORUM_VIEW_SURVEY = 4 };
/* The FORUM_VIEW_* a view named name takes, 0 for none; -1 when there is no such view. */
int forum_views_params(const char *name);

/*
 * Run the view named name for the acting organisation; *out is a new
 * reference.  Errors name "name" (no such view), the option missing or not
 * taken ("crisis", "campaign", "survey"), or what the view found.
 */
int forum_views_run(struct forum_ctx *f, const char *name, const struct forum_view_opts *o, json_t **out,
		    struct errinfo *e);

/*
 * Re-rate forum risk id (the secretariat's): rating is {likelihood,
 * consequence, rated_on?, rationale?} (frisk_rerate; "by" is set to the
 * acting user), on the forum's scale as of w->today.  Always appends to the
 * history, so a confirmed rating restarts the refresh cycle.  The item keeps
 * its label and recipients; if_version 0 takes the version just read.
 * Its sources are checked again (forum_views_sources_check): a share
 * narrowed since the last write stops the refresh, naming the source.
 * Audited as an update of the item.
 */
int forum_views_rerate(struct forum_ctx *f, struct writer *w, const char *id, json_t *rating, int64_t if_version,
		      struct errinfo *e);

/*
 * forum_sources.c.  forum_views_incidents: the view "incidents", the
 * incidents members share with the forum that the acting organisation (and
 * user) may see, each {ref "org/incident", org, org_name, incident, title,
 * status, occurred_at, detected_at, classified_at, classification {regime:
 * verdict}, tlp, shared_at, recipients (the owner's only)}.
 * forum_views_sources_check: each of a normalised risk's sources[] must
 * point at something the secretariat may see in this forum (dependency: a
 * sector-map node; incident: a shared incident's ref; survey: a survey
 * item; threat, other: unchecked); ERR_INVALID naming "sources[i].ref",
 * alike for missing and not visible.  And the risk's label t and
 * recipients (JSON text, as forum_item_label gives them) may be no wider
 * than any such source's (forum_cite_check, naming "tlp" or
 * "recipients[i]"): the body carries each source's reference.  For every
 * write of a risk's body, a re-rating included.
 */
int forum_views_incidents(struct forum_ctx *f, int64_t now_ms, json_t **out, struct errinfo *e);
int forum_views_sources_check(struct forum_ctx *f, json_t *risk, enum tlp t, const char *recipients,
			      struct errinfo *e);
/*
 * The label a write of a risk or measure (normalised body) will store, as
 * forum_item_label gives it (before: the item replaced, or NULL), checked
 * against what the body draws on: a risk's sources
 * (forum_views_sources_check); a measure's risks[], each of which must be a
 * risk the acting organisation sees (else ERR_INVALID naming "risks[i]",
 * alike for missing and hidden), with the measure no wider than any of them
 * (forum_cite_check) and, when no label is given, the narrowest one's label
 * (and recipients) rather than the kind's default.  The caller stores *t and
 * *rtext as they are.
 */
int forum_views_bound(struct forum_ctx *f, const char *kind, const struct fitem_rec *before, json_t *body,
		      const char *tlp, json_t *recipients, enum tlp *t, const char **rtext, struct errinfo *e);

/*
 * The programme kinds (red-team tests and findings, catalogues, campaigns
 * and answers, surveys and responses) and their views, in
 * forum_programmes.c; forum_views_check and forum_views_run hand over to
 * them for what they do not know themselves.
 */
int forum_views_check_more(struct forum_ctx *f, const char *kind, const char *id, const char *parent, json_t *body,
			   json_t **clean, struct errinfo *e);
/* The bodies of rows as a JSON array (new reference); named: a body without an id gets the item's. */
json_t *forum_views_bodies(struct fitem_rec *rows, size_t n, bool named);
/* The stored body of item kind/id the acting organisation may see, or NULL (new reference). */
json_t *forum_views_body(struct forum_ctx *f, const char *kind, const char *id);
int forum_views_run_more(struct forum_ctx *f, const char *name, const struct forum_view_opts *o, json_t **out,
			 struct errinfo *e);
const char *forum_views_more_names(void);

#endif
