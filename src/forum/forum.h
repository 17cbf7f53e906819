/*
 * forum.h — the sector forum: membership, sharing and the forum's records,
 * with every read decided by TLP 2.0 (tlp.h).  SPEC §4, issue 5.
 *
 * A forum has a secretariat organisation (FSOR: Danmarks Nationalbank) and
 * member organisations of the seed's kinds.  A command acts for one
 * organisation (the path's or --org) and one user; struct forum_ctx carries
 * that and the forum's membership, and every function below answers only
 * what that organisation may see.  Something it may not see is reported
 * exactly like something that does not exist.
 *
 * The forum's records (crises, status reports, decisions, forum risks,
 * red-team tests, campaigns, answers, surveys …) are "items": a kind, an
 * id, an owner, an optional parent, a TLP label with recipients, and a JSON
 * body that the kind's own module validated (crisis.c, frisk.c, redteam.c,
 * baseline.c, survey.c).  Who may write which kind is forum.c's table.
 */
#ifndef SKJOLD_FORUM_H
#define SKJOLD_FORUM_H

#include <jansson.h>
#include <stdbool.h>

#include "edit.h"
#include "err.h"
#include "mem.h"
#include "sector.h"
#include "store/store.h"
#include "tlp.h"

/*
 * The smallest group any member-visible aggregate is computed over (issue 5
 * §6): the confidentiality floor.  A forum may raise its own (settings
 * min_group), never lower it below this, and not above FORUM_MIN_GROUP_MAX.
 */
#define FORUM_MIN_GROUP 5
#define FORUM_MIN_GROUP_MAX 1000

struct forum_ctx {
	struct store *st;
	struct arena *a;
	struct forum_rec forum;
	const char *org;  /* the acting organisation */
	const char *user; /* the acting user (TLP:RED recipients), may be NULL */
	bool secretariat; /* org is the forum's secretariat */
	const struct fmember_rec *me; /* org's membership row (any status), NULL when none */
	struct fmember_rec *members;  /* every membership row, any status */
	size_t nmembers;
	int min_group;
};

/* The member categories of seed 000, "Deltagere i FSOR" (codes; sector.h's enum order). */
/* An organisation's name (what a person reads beside its id; members see each other's), else the id. */
const char *forum_org_name(const struct forum_ctx *f, const char *org);
const char *forum_category_name(enum sector_category c);
const char *forum_category_label_da(enum sector_category c);
int forum_category_parse(const char *s); /* -1 when unknown */
/* The default category of an organisation kind (model.h). */
enum sector_category forum_category_of_kind(enum org_kind k);

/*
 * Create a forum run by secretariat (an existing organisation).  Audited.
 * ERR_CONFLICT when the id is taken.
 */
int forum_create(struct writer *w, const char *id, const char *name, const char *secretariat, struct errinfo *e);

/*
 * Load forum id for org acting as user.  ERR_NOTFOUND ("no forum with id")
 * unless org is the secretariat or has a membership row (an invited
 * organisation sees the forum so it can answer the invitation).
 */
int forum_open(struct forum_ctx *f, struct store *st, struct arena *a, const char *id, const char *org,
	       const char *user, struct errinfo *e);
/* Forums org belongs to (any status) or runs, as JSON (new reference). */
int forum_list_for(struct store *st, struct arena *a, const char *org, json_t **out, struct errinfo *e);

/* Is org an active member or the secretariat (now)? */
bool forum_in(const struct forum_ctx *f, const char *org);
/* org's membership row or NULL. */
const struct fmember_rec *forum_member(const struct forum_ctx *f, const char *org);
/*
 * May viewer (an organisation, and user for TLP:RED) see a row owned by
 * owner, labelled tlp with recipients (JSON text), last written at
 * written_ms?  The one decision behind every read (tlp_may_see).
 */
bool forum_visible_to(const struct forum_ctx *f, const char *viewer, const char *user, const char *owner,
		      const char *tlp, const char *recipients, int64_t written_ms);
/*
 * May the acting organisation write, under label t with recipients (JSON
 * text), an item that draws on a source of src_owner's labelled src_tlp
 * with src_recipients (a cited node, incident or survey, or the item's
 * parent)?  TLP 2.0: what is taken from a labelled source keeps at least
 * its label, so t may be no wider than src_tlp (ERR_INVALID naming "tlp").
 * From an AMBER, AMBER+STRICT or RED source the audience stays within the
 * writer and src_owner, plus src_recipients when the writer is src_owner
 * (naming "recipients[i]"): another owner's recipients are not consulted,
 * as they are its business.  Under RED the named people must act for one
 * of those organisations, or from another owner's RED source be the
 * writer alone.  what names the source in the message.
 */
/* A source as the message names it: "PATH (KIND REF)", or "the parent KIND 'REF'" when path is NULL. */
struct forum_cite {
	const char *path, *kind, *ref; /* kind: the code of its name (kind.node, kind.crisis, …) */
};
int forum_cite_check(struct forum_ctx *f, enum tlp t, const char *recipients, const char *src_owner,
		     const char *src_tlp, const char *src_recipients, const struct forum_cite *what,
		     struct errinfo *e);
/* ERR_DENIED unless the acting organisation is the secretariat. */
int forum_need_secretariat(const struct forum_ctx *f, struct errinfo *e);
/* ERR_DENIED unless the acting organisation is an active member or the secretariat. */
int forum_need_in(const struct forum_ctx *f, struct errinfo *e);

/* The forum as the acting organisation may see it (header, own status, settings). */
json_t *forum_json(const struct forum_ctx *f);
/*
 * The member list: the secretariat sees everything (status, assets); an
 * active member sees active members' ids, names and categories and its own
 * row in full; an invited organisation sees only its own row.
 */
json_t *forum_members_json(const struct forum_ctx *f);

/*
 * Settings (forum.settings: min_group, risk_scale).  forum_risk_scale: the
 * risk scale in effect, settings.risk_scale or frisk_scale_default (new
 * reference).  forum_settings_json: {forum, min_group, min_group_floor,
 * min_group_max, risk_scale (in effect), risk_scale_default (true when none
 * is set)} (new reference).
 */
json_t *forum_risk_scale(const struct forum_ctx *f);
json_t *forum_settings_json(const struct forum_ctx *f);
/*
 * The secretariat changes the settings; NULL leaves one as it is.
 * min_group must be a JSON integer FORUM_MIN_GROUP..FORUM_MIN_GROUP_MAX;
 * risk_scale goes through frisk_scale_check (errors "risk_scale.…") and is
 * stored normalised, and JSON null restores the default.  One audited
 * transaction (entity "forum", action "settings"); f sees the new settings.
 */
int forum_settings_put(struct forum_ctx *f, struct writer *w, json_t *min_group, json_t *risk_scale,
		       struct errinfo *e);

/* Membership changes, each one audited transaction. */
int forum_invite(struct forum_ctx *f, struct writer *w, const char *org, const char *category, double assets,
		 struct errinfo *e);
/* The invited organisation (the acting one) accepts or declines. */
int forum_answer(struct forum_ctx *f, struct writer *w, bool accept, struct errinfo *e);
/* The acting member leaves; or the secretariat removes org.  What it shared is withdrawn at once. */
int forum_leave(struct forum_ctx *f, struct writer *w, const char *org, struct errinfo *e);
/* The secretariat, or the member itself, sets category and assets (NULL / < 0: unchanged). */
int forum_member_update(struct forum_ctx *f, struct writer *w, const char *org, const char *category, double assets,
			struct errinfo *e);

/*
 * Sharing the acting member's own data.  kind "node" or "incident"; target
 * one object's id, or NULL for a rule whose filter (JSON, may be NULL)
 * says which: {"critical_only": true} (critical functions and everything
 * they depend on), {"kinds": ["system", …]}.  tlp is a TLP name or
 * "WITHHOLD" (an item-level exception to a rule).  recipients: organisation
 * ids (AMBER*) or user names (RED); must be absent for CLEAR/GREEN and
 * present for the others (an empty array is allowed and means the owner
 * alone).  A rule for incidents takes no filter: it shares every incident.
 * *out gets the new share as forum_shares_json shows it (new reference).
 */
int forum_share_put(struct forum_ctx *f, struct writer *w, const char *kind, const char *target, json_t *filter,
		    const char *tlp, json_t *recipients, json_t **out, struct errinfo *e);
int forum_share_delete(struct forum_ctx *f, struct writer *w, const char *id, struct errinfo *e);
/*
 * The share that decides how one object (target, of kind "node" or
 * "incident") of a member is shared, among that member's shares: an
 * item-level share of it wins; otherwise the strictest rule that matches
 * (matches(rule, ctx); NULL: every rule), so when two rules disagree the
 * narrower audience holds.  NULL when nothing shares it.  A WITHHOLD share
 * is returned as such: the caller leaves the object out.
 */
const struct fshare_rec *forum_share_effective(const struct fshare_rec *shares, size_t n, const char *kind,
					       const char *target, bool (*matches)(const struct fshare_rec *, void *),
					       void *ctx);
/* The acting member's own shares (JSON array, new reference). */
int forum_shares_json(struct forum_ctx *f, json_t **out, struct errinfo *e);

/*
 * The label a write of an item of kind will store: tlp if given (with the
 * replaced item's recipients when it is the item's own label and none are
 * given); else, when it replaces before, before's own label and recipients,
 * so leaving the label out never widens an item's audience; else the kind's
 * default, or parent's label when that is narrower; a label that is then
 * parent's takes parent's recipients, unless given, when the acting
 * organisation owns parent.  Recipients as
 * forum_item_put says; *rtext gets them as JSON text (f's arena).
 * ERR_INVALID naming "tlp" or "recipients[i]".
 */
int forum_item_label(struct forum_ctx *f, const char *kind, const struct fitem_rec *before,
		     const struct fitem_rec *parent, const char *tlp, json_t *recipients, enum tlp *t,
		     const char **rtext, struct errinfo *e);

/* A new server-made id for a member's item of kind ("finding-0123456789abcdef"), in f's arena. */
const char *forum_item_new_id(struct forum_ctx *f, const char *kind);

/*
 * Items.  forum_item_put creates (id NULL or new) or replaces (an id the
 * acting organisation owns) an item of kind with the validated body.  Member
 * kinds get server-made ids, so no one can probe another member's ids.
 * The label is forum_item_label's: tlp NULL keeps a replaced item's own and
 * takes the kind's default (or a narrower parent's) for a new one;
 * recipients NULL for an AMBER or RED item becomes the secretariat (AMBER,
 * AMBER+STRICT) or is an error (RED).  A child item is no wider than its
 * parent (forum_cite_check).  parent must be an
 * item of the kind's parent kind that the acting organisation may see.
 * *out_id gets the id.  Audited with the body before and after.
 * if_version: 0 for any, the expected version of a replaced item, or
 * FORUM_ITEM_FRESH for a member's new item whose id came from
 * forum_item_new_id (so its body could carry it through the kind's check):
 * that id must not exist in the forum under any owner; or FORUM_ITEM_NEW
 * for an add with an id its author chose (the secretariat's "R1"): an
 * existing item of that id is ERR_CONFLICT, never replaced.
 */
#define FORUM_ITEM_FRESH (-1)
#define FORUM_ITEM_NEW (-2)
int forum_item_put(struct forum_ctx *f, struct writer *w, const char *kind, const char *id, const char *parent,
		   const char *tlp, json_t *recipients, json_t *body, int64_t if_version, const char **out_id,
		   struct errinfo *e);
/* The item if the acting organisation may see it, else ERR_NOTFOUND as for a missing one. */
int forum_item_get(struct forum_ctx *f, const char *kind, const char *id, struct fitem_rec *out, struct errinfo *e);
/* Items of kind (under parent, or all) the acting organisation may see, in creation order. */
int forum_item_list(struct forum_ctx *f, const char *kind, const char *parent, struct fitem_rec **out, size_t *n,
		    struct errinfo *e);
/*
 * Items of kind under parent that may feed an aggregate other members see:
 * visible to the secretariat and labelled CLEAR, GREEN or AMBER
 * (tlp_aggregatable), from active members.  For the secretariat's own
 * computations (which the caller shows to members only in aggregated form).
 */
int forum_item_list_aggregatable(struct forum_ctx *f, const char *kind, const char *parent, struct fitem_rec **out,
				 size_t *n, struct errinfo *e);
int forum_item_delete(struct forum_ctx *f, struct writer *w, const char *kind, const char *id, struct errinfo *e);
/* An item as JSON for the acting organisation (recipients and author only for the owner); new reference. */
json_t *forum_item_json(const struct forum_ctx *f, const struct fitem_rec *it);
/* The parsed body of it (new reference; an empty object if it does not parse). */
json_t *forum_item_body(const struct fitem_rec *it);
/* Is kind known?  Is it one only the secretariat writes (and names)? */
bool forum_kind_valid(const char *kind);
bool forum_kind_by_secretariat(const char *kind);
const char *forum_kinds(void);

#endif
