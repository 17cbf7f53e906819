/*
 * role.h — the roles a user holds per organisation and what each may do
 * (docs/api.md, "Roles").  The table lives in role.c and nowhere else; the
 * API asks role_allows(), the store gets the coarse grant role_grant().
 */
#ifndef SKJOLD_ROLE_H
#define SKJOLD_ROLE_H

#include <stdbool.h>

enum role_perm {
	PERM_READ = 1u << 0,     /* everything of the organisation, reports, exports */
	PERM_MAP = 1u << 1,      /* nodes, edges, changes, threats */
	PERM_RISK = 1u << 2,     /* risks and measures */
	PERM_DECIDE = 1u << 3,   /* a risk's decision and acceptance (management) */
	PERM_INCIDENT = 1u << 4, /* record and update incidents */
	PERM_SUBMIT = 1u << 5,   /* record a report's submission */
	PERM_ADMIN = 1u << 6,    /* organisation settings, tables, matrix, members, import, delete */
	PERM_AUDIT = 1u << 7,    /* the audit log and its verification */
	PERM_FORUM = 1u << 8,    /* take part in a sector forum: share, report, answer (and run it, for the secretariat) */
};

/* The role's permissions, 0 for an unknown role name. */
unsigned role_perms(const char *role);
bool role_valid(const char *role);
/* The store grant (STORE_GRANT_*) that matches a role. */
unsigned role_grant(const char *role);
/* Does role include every permission of other (so a token of role other may be issued)? */
bool role_covers(const char *role, const char *other);
/* "admin, isk, system_owner, management, auditor, secretariat" for messages. */
const char *role_names(void);

#endif
