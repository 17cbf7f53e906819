/*
 * tlp.c — the Traffic Light Protocol 2.0 decision (FIRST, "TLP 2.0", 2022).
 *
 * The labels, in widening order of audience: RED < AMBER+STRICT < AMBER <
 * GREEN < CLEAR.  skjold's forum maps them onto its own structure: the
 * community of GREEN is the forum (its active members and secretariat), an
 * AMBER recipient is an organisation, a RED recipient a person.  Every rule
 * here errs on the narrow side: an item whose owner left is withdrawn, an
 * empty recipient list reaches nobody, and nothing labelled AMBER+STRICT or
 * RED ever flows into figures other members see.
 */
#include "tlp.h"

#include <string.h>
#include <strings.h>

static const char *const names[TLP_COUNT] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"};

int tlp_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strncasecmp(s, "TLP:", 4))
		s += 4;
	for (int i = 0; i < TLP_COUNT; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

const char *tlp_name(enum tlp t) { return (unsigned)t < TLP_COUNT ? names[t] : "?"; }

bool tlp_names_orgs(enum tlp t) { return t == TLP_AMBER || t == TLP_AMBER_STRICT; }
bool tlp_names_users(enum tlp t) { return t == TLP_RED; }

bool tlp_may_see(enum tlp t, const struct tlp_view *v)
{
	if (v->owner)
		return true;
	if (!v->in_forum || !v->owner_active)
		return false;
	switch (t) {
	case TLP_CLEAR:
	case TLP_GREEN:
		return true;
	case TLP_AMBER:
	case TLP_AMBER_STRICT:
		return v->recipient_org;
	case TLP_RED:
		return v->recipient_user;
	default:
		return false; /* an unknown label is treated as the narrowest */
	}
}

bool tlp_aggregatable(enum tlp t) { return t == TLP_CLEAR || t == TLP_GREEN || t == TLP_AMBER; }

bool tlp_within(int t, int ceiling)
{
	if (t < 0 || t >= TLP_COUNT)
		return false; /* an unknown label: the narrowest, and then some */
	if (ceiling < 0 || ceiling >= TLP_COUNT)
		ceiling = TLP_CLEAR; /* an unknown ceiling clears nothing labelled */
	return t <= ceiling;
}
