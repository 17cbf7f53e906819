/*
 * api_sso.h — what the rest of the API asks of single sign-on (api_sso.c):
 * a provider's access token as a bearer token, and where a sign-out sends
 * the browser.
 */
#ifndef SKJOLD_API_SSO_H
#define SKJOLD_API_SSO_H

#include "api.h"

/*
 * The caller behind a bearer token that is no skjold token: a JWT of the
 * provider for [oidc] api_audience, checked as an ID token is (oidc.h, no
 * nonce), its (iss, sub) a user who has signed in on the web before.
 * Fills x->p; ERR_UNAUTH otherwise.
 */
int api_sso_bearer(struct api *x, const char *token);
/* The provider's end_session_endpoint for the UI to go to after a sign-out, or NULL (in x->a). */
const char *api_sso_end_session(struct api *x);

#endif
