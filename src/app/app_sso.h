/*
 * app_sso.h — single sign-on by OpenID Connect: the settings the server runs
 * with, and the use case of a sign-in whose ID token the server has checked
 * (docs/sso.md; the routes are api_sso.c's, the token checks oidc.c's).
 *
 * The user is found by the identity the provider gives (issuer and subject),
 * never by the name alone.  A first sign-in creates the user with exactly the
 * roles the group mapping gives (sso_map.h) and never as a system
 * administrator; a sign-in whose groups map to nothing is refused and
 * creates nobody.  Each sign-in makes the user's SSO-granted memberships
 * equal to the mapping; memberships granted by hand are left alone.
 */
#ifndef SKJOLD_APP_SSO_H
#define SKJOLD_APP_SSO_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "sso_map.h"

struct sso_config {
	const char *issuer;        /* NULL: single sign-on is off */
	const char *client_id;     /* NULL: no web sign-in (bearer tokens only) */
	const char *client_secret;
	const char *redirect_uri;
	const char *username_claim, *groups_claim;
	const char *api_audience; /* NULL: the API takes no provider tokens */
	struct sso_map map;
	long skew_s;
};

/*
 * Set the settings (copied by pointer: c and its strings must live as long
 * as the process).  Call before any thread starts (`skjold serve` does).
 */
void app_sso_configure(const struct sso_config *c);
/* The settings in force, or NULL when single sign-on is off. */
const struct sso_config *app_sso_config(void);

/*
 * A web sign-in: claims are the checked ID token's.  Finds or creates the
 * user, sets their SSO roles from the groups claim, opens a session
 * (*cookie, in the arena, for the session cookie) and audits the sign-in,
 * the creation and every role the mapping gave or took, in one transaction.
 * Refused: no usable user name on a first sign-in (ERR_UNAUTH
 * "sso.no_username"), a name taken by a user not linked to this identity
 * ("sso.name_taken"), a disabled user ("sso.disabled"), no mapped group
 * ("sso.no_group": nothing created; an existing user's SSO roles are taken
 * away all the same).  *user is the user's name (in the arena; claims stay the caller's).
 */
int app_sso_login(struct app *x, json_t *claims, const char **user, char **cookie);
/*
 * The same sign-in for another protocol's settings (SAML, api_saml.c):
 * claims holds "iss" and "sub" (the identity), c->username_claim and
 * c->groups_claim name its user name and groups, c->map maps them.
 */
int app_sso_login_as(struct app *x, const struct sso_config *c, json_t *claims, const char **user, char **cookie);

#endif
