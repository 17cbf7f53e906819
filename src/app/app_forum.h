/*
 * app_forum.h — the sector forum's use cases (SPEC §4, issue 5), shared by
 * `skjold forum …` (cmd_forum.c) and /api/v1/orgs/{org}/forums/… (api_forum.c).
 *
 * Every use case acts for one organisation (at->org, the path's or --org)
 * in one forum (at->forum) as the app's user (or, in the shell, its actor);
 * forum.c decides what that organisation may see and do, and answers "not
 * there" for what it may not see.  Requests are typed: recipients and a
 * share's kinds are JSON arrays of strings, an item's version an integer,
 * bodies, ratings and scales JSON values as the documents have them.  Errors
 * name the JSON field ("kind", "recipients[0]", "version", "node",
 * "exact_limit"), never an option.  Results are new JSON references the
 * caller owns.  (docs/internals/app_forum.md)
 */
#ifndef SKJOLD_APP_FORUM_H
#define SKJOLD_APP_FORUM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "forum_views.h"

/* Who acts, where: the acting organisation and the forum's id. */
struct app_forum_at {
	const char *org, *forum;
};

/* ---- forums and membership ---- */

/*
 * ERR_DENIED (naming "org") unless at->org runs the forum: for an adapter
 * that must refuse a non-secretariat before it parses what only the
 * secretariat may send (the stress test's numbers, a settings file).
 */
int app_forum_need_secretariat(struct app *x, const struct app_forum_at *at);

/* A new forum run by org (its secretariat); *out is the forum as org sees it. */
int app_forum_create(struct app *x, const char *org, const char *id, const char *name, json_t **out);
/* The forums org belongs to (any status) or runs. */
int app_forum_list(struct app *x, const char *org, json_t **out);
/* The forum, and its member list, as the acting organisation may see them. */
int app_forum_show(struct app *x, const struct app_forum_at *at, json_t **out);
int app_forum_members(struct app *x, const struct app_forum_at *at, json_t **out);

/* A membership's fields: category NULL and assets_dkk_m < 0 leave them as they are (invite: defaults). */
struct app_forum_member {
	const char *member, *category;
	double assets_dkk_m;
};
/* The secretariat invites req->member; *out is the member list. */
int app_forum_invite(struct app *x, const struct app_forum_at *at, const struct app_forum_member *req, json_t **out);
/* The secretariat or the member itself changes a membership (member NULL: the acting one); *out the member list. */
int app_forum_member_update(struct app *x, const struct app_forum_at *at, const struct app_forum_member *req,
			    json_t **out);
/* The invited organisation joins (accept) or declines; *out is the forum as it then sees it. */
int app_forum_answer(struct app *x, const struct app_forum_at *at, bool accept, json_t **out);
/* The acting member leaves (member NULL), or the secretariat removes member; *out is the forum. */
int app_forum_leave(struct app *x, const struct app_forum_at *at, const char *member, json_t **out);

/* ---- sharing the acting member's own data ---- */

/*
 * A share: kind "node" or "incident", one target or a rule; a rule's filter
 * is critical_only (-1: not given) and kinds (an array of node kinds, or
 * NULL); tlp a label or "WITHHOLD"; recipients an array or NULL.
 */
struct app_forum_share {
	const char *kind, *target, *tlp;
	int critical_only;
	json_t *kinds, *recipients; /* borrowed */
};
int app_forum_share_add(struct app *x, const struct app_forum_at *at, const struct app_forum_share *req,
			json_t **out);
int app_forum_shares(struct app *x, const struct app_forum_at *at, json_t **out);
/* *out is {"unshared": id}. */
int app_forum_unshare(struct app *x, const struct app_forum_at *at, const char *id, json_t **out);

/* ---- items ---- */

/*
 * A write of an item: add (id NULL: a member's kind gets a server-made id,
 * the secretariat's takes the body's "id") or update (id given, the item
 * must exist).  parent NULL keeps an updated item's; tlp NULL and
 * recipients NULL as forum_item_label says; version 0 for no check, else the
 * version last read (ERR_STALE naming "version" when it has moved on).
 */
struct app_forum_item {
	const char *kind, *id, *parent, *tlp;
	json_t *recipients, *body; /* borrowed */
	int64_t version;
	bool update;
};
/* Kind must be a forum kind: ERR_INVALID naming "kind" otherwise. */
int app_forum_item_list(struct app *x, const struct app_forum_at *at, const char *kind, const char *parent,
			json_t **out);
int app_forum_item_show(struct app *x, const struct app_forum_at *at, const char *kind, const char *id,
			json_t **out);
/* *out is the item as stored (as show gives it). */
int app_forum_item_write(struct app *x, const struct app_forum_at *at, const struct app_forum_item *req,
			 json_t **out);
/* *out is {"deleted": id, "kind": kind}. */
int app_forum_item_delete(struct app *x, const struct app_forum_at *at, const char *kind, const char *id,
			  json_t **out);
/*
 * The secretariat re-rates forum risk id: rating is {likelihood,
 * consequence, rated_on?, rationale?} (forum_views_rerate); version as for
 * a write.  *out is the risk as stored.
 */
int app_forum_rerate(struct app *x, const struct app_forum_at *at, const char *id, json_t *rating, int64_t version,
		     json_t **out);

/* ---- settings ---- */

int app_forum_settings(struct app *x, const struct app_forum_at *at, json_t **out);
/*
 * The secretariat changes them: min_group a JSON integer, risk_scale a scale
 * or JSON null for the default; NULL leaves one as it is, and one of them
 * must be given (ERR_INVALID naming "body").  *out is the settings in effect.
 */
int app_forum_settings_put(struct app *x, const struct app_forum_at *at, json_t *min_group, json_t *risk_scale,
			   json_t **out);

/* ---- analyses of the sector map (sector.c on forum_map.c's views) ---- */

/* The map as the acting organisation's view shows it: nodes, edges, counts. */
int app_forum_map(struct app *x, const struct app_forum_at *at, json_t **out);
/* What stops when node ("ORG/NODE") fails; ERR_NOTFOUND naming "node" when the view has no such node. */
int app_forum_outage(struct app *x, const struct app_forum_at *at, const char *node, json_t **out);
/*
 * The next three read the sector map from source: NULL or "map", the members' shared dependency
 * maps; "register", the members' shared registers of information (forum_roi_map.c: providers by
 * code, per ICT service type, with their subcontracting chains).  Another source: ERR_INVALID
 * naming "source".
 */
/* The single points of failure of each critical function (function NULL: all; else ERR_NOTFOUND naming it). */
int app_forum_spof(struct app *x, const struct app_forum_at *at, const char *function, const char *source,
		   json_t **out);
/* Providers' footprint against 2024/1502 art. 1 (members: aggregated over the minimum group). */
int app_forum_footprint(struct app *x, const struct app_forum_at *at, const char *source, json_t **out);
/* Concentration (HHI) per ICT service type. */
int app_forum_concentration(struct app *x, const struct app_forum_at *at, const char *source, json_t **out);
/* Worst restoration chain of each critical function (function NULL: all). */
int app_forum_recovery(struct app *x, const struct app_forum_at *at, const char *function, json_t **out);
/*
 * The secretariat's stress test: the smallest set of nodes that stops share
 * (0 < share <= 1, naming "share") of the critical functions, exhaustively
 * up to exact_limit (0..200, naming "exact_limit") candidate nodes.
 */
int app_forum_stress(struct app *x, const struct app_forum_at *at, double share, double exact_limit, json_t **out);

/* ---- views ---- */

/*
 * The view named name (forum_views.h): o names its crisis, campaign or
 * survey (o->now_ms and o->today are taken from x); errors name "name", the
 * option, or what the view found.
 */
int app_forum_view(struct app *x, const struct app_forum_at *at, const char *name, const struct forum_view_opts *o,
		   json_t **out);

/* ---- sharing out ---- */

/*
 * What the acting organisation (an active member or the secretariat) may see
 * of the forum, exported in format "stix" (a STIX 2.1 bundle) or "misp" (a
 * MISP event): the shared incidents, the crises with their decisions and
 * status reports, and the risk register, each exactly as the forum's own
 * reads give it to that organisation (forum_export.h).  Errors: the format
 * missing or unknown (ERR_INVALID naming "format"), then the forum's own
 * ("forum", "org": not there, or not an active member).
 */
int app_forum_export(struct app *x, const struct app_forum_at *at, const char *format, json_t **out);

#endif
