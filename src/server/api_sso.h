/*
 * api_sso.h — what the rest of the API asks of single sign-on (api_sso.c):
 * a provider's access token as a bearer token, and where a sign-out sends
 * the browser.
 */
#ifndef SKJOLD_API_SSO_H
#define SKJOLD_API_SSO_H

#include "api.h"

struct sso_config;

/*
 * The caller behind a bearer token that is no skjold token: a JWT of the
 * provider for [oidc] api_audience, checked as an ID token is (oidc.h, no
 * nonce), its (iss, sub) a user who has signed in on the web before.
 * Fills x->p; ERR_UNAUTH otherwise.
 */
int api_sso_bearer(struct api *x, const char *token);
/* The provider's end_session_endpoint for the UI to go to after a sign-out, or NULL (in x->a). */
const char *api_sso_end_session(struct api *x);

/*
 * The end of a sign-in at a provider (OIDC's callback, SAML's ACS): the
 * session that came along ends, the user of claims signs in under c
 * (app_sso_login_as: created or updated, roles mapped) and the browser
 * goes to the UI with the new session cookie.  claims is consumed.
 */
int api_sso_sign_in(struct api *x, const struct sso_config *c, json_t *claims);
/*
 * A sign-in that failed with rc: a browser's navigation goes back to the
 * login page by a redirect of status with only the code ("sso.x" or
 * "saml.x" as x), never a text another site could put in the URL; a
 * script gets the error as every route answers it.
 */
int api_sso_refused(struct api *x, int rc, int status);

#endif
