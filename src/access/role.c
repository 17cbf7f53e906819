/*
 * role.c — roles per organisation (SPEC §7) and their permissions.
 *
 * The seed's procedure (003 §2) gives the information-security coordinator
 * (ISK) the running of the risk process, system owners the assessment of
 * their systems, management (direktion) the decisions on accepting risk,
 * and auditors reading rights.  admin runs the organisation's set-up.
 */
#include "role.h"

#include <string.h>

#include "store/store.h"

static const struct {
	const char *name;
	unsigned perms;
} roles[] = {
	{"admin", PERM_READ | PERM_MAP | PERM_RISK | PERM_DECIDE | PERM_INCIDENT | PERM_SUBMIT | PERM_ADMIN | PERM_AUDIT |
			  PERM_FORUM},
	{"isk", PERM_READ | PERM_MAP | PERM_RISK | PERM_INCIDENT | PERM_SUBMIT | PERM_AUDIT | PERM_FORUM},
	{"system_owner", PERM_READ | PERM_MAP | PERM_RISK | PERM_INCIDENT},
	{"management", PERM_READ | PERM_DECIDE},
	{"auditor", PERM_READ | PERM_AUDIT},
	/* SPEC §7: the forum secretariat's staff run the forum for their organisation (seed 000: Nationalbanken) */
	{"secretariat", PERM_READ | PERM_FORUM},
};

unsigned role_perms(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
		if (!strcmp(roles[i].name, role))
			return roles[i].perms;
	return 0;
}

bool role_valid(const char *role) { return role_perms(role) != 0; }

unsigned role_grant(const char *role)
{
	unsigned p = role_perms(role), g = 0;
	if (p & PERM_READ)
		g |= STORE_GRANT_READ;
	if (p & (PERM_MAP | PERM_RISK | PERM_DECIDE | PERM_INCIDENT | PERM_SUBMIT | PERM_ADMIN | PERM_FORUM))
		g |= STORE_GRANT_WRITE;
	if (p & PERM_ADMIN)
		g |= STORE_GRANT_ADMIN;
	return g;
}

bool role_covers(const char *role, const char *other)
{
	unsigned a = role_perms(role), b = role_perms(other);
	return a && b && (a & b) == b;
}

const char *role_names(void) { return "admin, isk, system_owner, management, auditor, secretariat"; }
