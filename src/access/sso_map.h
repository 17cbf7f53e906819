/*
 * sso_map.h — single sign-on's group mapping: which role in which
 * organisation a group at the identity provider gives (the setting
 * [oidc] group_map, docs/sso.md).
 *
 * The text is a list of entries GROUP=ORG:ROLE separated by commas, blanks
 * around them ignored: "skjold-isk=kommune:isk, skjold-revision=kommune:auditor".
 * A group may appear in several entries (roles in several organisations).
 * ROLE is one of role.h's; a system administrator is never made by a group
 * (that stays a hand grant, docs/sso.md).
 *
 * Pure: the mapping is parsed once at start (config.c checks it where the
 * setting enters, cmd_serve.c hands it to the server) and applied to a
 * token's groups claim at each login (app_sso.c).
 */
#ifndef SKJOLD_SSO_MAP_H
#define SKJOLD_SSO_MAP_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"
#include "mem.h"
#include "store/store.h"

struct sso_map_entry {
	const char *group, *org, *role;
};

struct sso_map {
	struct sso_map_entry *e;
	size_t n;
};

/* Parse text into *out (strings in a); ERR_INVALID naming field and the entry at fault. */
int sso_map_parse(const char *text, struct arena *a, const char *field, struct sso_map *out, struct errinfo *e);

/*
 * The memberships groups (a JSON array of strings, or one string) give
 * user: one per organisation, the role with the most permissions when
 * several groups name the same organisation (the first of equals), in the
 * map's order; marked sso.  *out in a; *n may be 0.
 */
void sso_map_apply(const struct sso_map *m, json_t *groups, const char *user, struct arena *a,
		   struct member_rec **out, size_t *n);

#endif
