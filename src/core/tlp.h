/*
 * tlp.h — Traffic Light Protocol 2.0 labels and who may see a labelled item.
 *
 * FIRST's TLP 2.0 (2022): CLEAR (no limit), GREEN (the community: here, the
 * forum's members), AMBER (the recipients' organisations, need to know),
 * AMBER+STRICT (the recipients' organisations only), RED (the named
 * individual recipients only).  tlp_may_see is the one decision every forum
 * read, list, export and aggregate goes through (forum.c); tlp_within the one
 * every webhook delivery goes through (app_webhook.c).
 */
#ifndef SKJOLD_TLP_H
#define SKJOLD_TLP_H

#include <stdbool.h>
#include <stdint.h>

enum tlp { TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED, TLP_COUNT };

/* "CLEAR" … "RED", also with a "TLP:" prefix and in lower case; -1 when unknown. */
int tlp_parse(const char *s);
/* "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED". */
const char *tlp_name(enum tlp t);
/* Whether recipients name organisations (AMBER, AMBER+STRICT) or users (RED); CLEAR and GREEN name none. */
bool tlp_names_orgs(enum tlp t);
bool tlp_names_users(enum tlp t);

/*
 * A viewer and what the item says about its audience.  recipient_org and
 * recipient_user answer whether the viewer's organisation or user is named
 * among the item's recipients (and, for an organisation, has been a member
 * without a break since the item was shared: a recipient that left and came
 * back does not regain it; forum.c works that out).
 */
struct tlp_view {
	bool owner;          /* the viewer's organisation owns the item */
	bool in_forum;       /* the viewer's organisation is an active member or the secretariat */
	bool owner_active;   /* the item's owner is still an active member or the secretariat */
	bool recipient_org;  /* AMBER*: the viewer's organisation is a current recipient */
	bool recipient_user; /* RED: the viewer is a named recipient and in a recipient-eligible organisation */
};

/*
 * May the viewer see the item itself?  The owner always may.  Anyone else
 * must be in the forum, and the owner must still be: a member that leaves
 * withdraws what it shared.  Then CLEAR and GREEN: yes; AMBER and
 * AMBER+STRICT: only a recipient organisation; RED: only a named recipient.
 * An empty recipient set therefore means the owner alone — never everyone.
 */
bool tlp_may_see(enum tlp t, const struct tlp_view *v);

/*
 * May an item of this label feed an anonymised aggregate that other members
 * see?  CLEAR, GREEN and AMBER: yes (derived, anonymised, over at least the
 * forum's minimum group); AMBER+STRICT and RED: never — the former is for
 * its recipients' organisations only, the latter for named people.
 */
bool tlp_aggregatable(enum tlp t);

/*
 * May an item of this label go to an audience cleared up to ceiling (a
 * webhook endpoint's TLP ceiling, docs/webhooks.md)?  Only when the label is
 * no narrower than the ceiling, in the labels' order (CLEAR widest, RED
 * narrowest).  An unknown label goes nowhere; an unknown ceiling admits
 * CLEAR only: as everywhere here, the narrow side.
 */
bool tlp_within(int t, int ceiling);

#endif
