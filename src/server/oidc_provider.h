/*
 * oidc_provider.h — the server's side of talking to the OpenID Connect
 * provider (docs/sso.md): its discovery document and keys, fetched and
 * kept, and the code-for-token exchange, all over libcurl.
 *
 * The discovery document (ISSUER/.well-known/openid-configuration) is
 * fetched at the first use and again after an hour; its issuer must equal
 * the configured one.  The keys (jwks_uri) are fetched with it and again,
 * at most once a second, when a token names a key id they do not
 * hold: the provider rotated its keys.  Nothing is written to disk.
 *
 * Every call is thread-safe (one lock; a fetch holds it, so concurrent
 * sign-ins wait for one fetch instead of making many).  Errors are
 * ERR_UNAUTH (a refused or bad token) or ERR_BUSY with sso.provider_*
 * (the provider could not be reached or answered nonsense: 503, try again).
 */
#ifndef SKJOLD_OIDC_PROVIDER_H
#define SKJOLD_OIDC_PROVIDER_H

#include <jansson.h>

#include "app_sso.h"
#include "err.h"
#include "mem.h"
#include "oidc.h"

struct oidc_endpoints {
	const char *authorization, *token, *end_session; /* end_session NULL when the provider has none */
};

/* Initialise libcurl; call once before any thread starts (serve does, when single sign-on is on). */
void oidc_provider_init(void);
/* The provider's endpoints (strings in a). */
int oidc_provider_endpoints(struct arena *a, struct oidc_endpoints *out, struct errinfo *e);
/*
 * Exchange an authorization code (with its PKCE verifier) at the token
 * endpoint, the client authenticated by HTTP Basic (client_secret_basic).
 * *id_token in a.  A provider's refusal is ERR_UNAUTH naming its error code.
 */
int oidc_provider_code(const struct sso_config *c, const char *code, const char *verifier, struct arena *a,
		       const char **id_token, struct errinfo *e);
/* oidc_jwt_verify against the provider's keys, fetched again once when the token's kid is unknown. */
int oidc_provider_verify(const char *jwt, const struct oidc_expect *x, json_t **claims, struct errinfo *e);

#endif
