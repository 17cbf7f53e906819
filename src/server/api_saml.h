/*
 * api_saml.h — SAML single sign-on's routes (api_saml.c), and the settings
 * the server runs them with.
 */
#ifndef SKJOLD_API_SAML_H
#define SKJOLD_API_SAML_H

#include <stdbool.h>

#include "app_sso.h"

/*
 * The sign-in's settings for app_sso_login_as: issuer is the IdP's
 * entityID, username_claim and groups_claim the attributes, map [saml]
 * group_map.  c lives as long as the process; saml_init has succeeded.
 * Call before any thread starts.
 */
void api_saml_configure(const struct sso_config *c);
/* Whether SAML is configured (GET /api/v1/auth/config). */
bool api_saml_on(void);

#endif
