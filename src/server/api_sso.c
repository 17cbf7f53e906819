/*
 * api_sso.c — single sign-on's routes (docs/sso.md): the authorization code
 * flow with PKCE, and the provider's access tokens as the API's bearer
 * tokens.
 *
 *   GET /api/v1/auth/config          public: is single sign-on (OIDC, SAML) on, where it starts
 *   GET /api/v1/auth/oidc/login      302 to the provider with state, nonce and the S256 challenge
 *   GET /api/v1/auth/oidc/callback   the provider's answer: state, code → ID token → session, 302 to /
 *
 * The pending sign-ins are the database's (store_sso_pending_put/take,
 * migration 12), so the provider's answer may reach any server of it
 * (docs/ha.md): each is keyed by the hash of its state and holds the nonce,
 * the code verifier, the hash of a random value in the cookie skjold_sso
 * that binds it to the browser that started it, and its time.  A callback
 * takes its entry out in the statement that reads it, whatever happens next
 * (single use, on every server alike); an entry older than ten minutes is
 * refused, and each new sign-in deletes a few of those.  The cookie is
 * SameSite=Lax: the provider's redirect back is a cross-site navigation,
 * which a Strict cookie would not come along with.
 */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "api_saml.h"
#include "api_sso.h"
#include "app_sso.h"
#include "oidc.h"
#include "oidc_provider.h"

#define PENDING_TTL_MS (10 * 60 * 1000LL)
#define COOKIE "skjold_sso"

static void hash_of(const char *s, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)s, strlen(s), NULL, 0);
}

/*
 * Take the pending sign-in of state out (whatever comes of it, a missing
 * cookie too): *found false when there is none for this browser now.  Only
 * a store that cannot answer is an error.
 */
static int pending_take(struct api *x, const char *state, const char *cookie, struct sso_pending_rec *out,
			bool *found)
{
	*found = false;
	if (!state || !*state || strlen(state) > 256)
		return 0;
	unsigned char h[32], b[32];
	hash_of(state, h);
	hash_of(cookie ? cookie : "", b);
	bool there = false;
	store_scope_set(x->st, NULL); /* a public route: the sign-in's own, unscoped */
	int rc = store_sso_pending_take(x->st, h, x->a, out, &there, x->e);
	if (rc)
		return rc;
	*found = there && cookie && x->now_ms - out->created_ms < PENDING_TTL_MS && x->now_ms >= out->created_ms &&
		 !sodium_memcmp(out->browser, b, sizeof b);
	return 0;
}

static const struct sso_config *web_config(struct api *x)
{
	const struct sso_config *c = app_sso_config();
	if (!c || !c->client_id) {
		err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
		return NULL;
	}
	return c;
}

static const char *q(struct arena *a, const char *v)
{
	/* RFC 3986 unreserved characters as they are, everything else %XX */
	size_t n = strlen(v);
	char *out = arena_alloc(a, 3 * n + 1), *o = out;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c))
			*o++ = (char)c;
		else
			o += snprintf(o, 4, "%%%02X", c);
	}
	*o = 0;
	return out;
}

static int h_config(struct api *x)
{
	const struct sso_config *c = app_sso_config();
	bool web = c && c->client_id;
	x->out = json_pack("{sb}", "sso", web);
	json_object_set_new(x->out, "sso_login", web ? json_string("/api/v1/auth/oidc/login") : json_null());
	/* SAML beside it (api_saml.c, docs/sso.md#saml) */
	json_object_set_new(x->out, "saml", json_boolean(api_saml_on()));
	json_object_set_new(x->out, "saml_login", api_saml_on() ? json_string("/api/v1/auth/saml/login") : json_null());
	return 0;
}

static int h_login(struct api *x)
{
	const struct sso_config *c = web_config(x);
	if (!c)
		return x->e->code;
	struct oidc_endpoints ep;
	int rc = oidc_provider_endpoints(x->a, &ep, x->e);
	if (rc)
		return rc;
	const char *state = oidc_random(x->a, 32);
	struct sso_pending_rec p = {.nonce = oidc_random(x->a, 32), .verifier = oidc_random(x->a, 32),
				    .created_ms = x->now_ms};
	hash_of(state, p.hash);
	const char *cookie = oidc_random(x->a, 32);
	hash_of(cookie, p.browser);
	store_scope_set(x->st, NULL);
	if ((rc = store_sso_pending_put(x->st, &p, x->now_ms - PENDING_TTL_MS, x->e)))
		return rc;
	http_add_header(x->r, "Set-Cookie",
			arena_printf(x->a, COOKIE "=%s; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600%s",
				     cookie, x->r->tls ? "; Secure" : ""));
	const char *url = arena_printf(
		x->a, "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=openid%%20profile%%20email&state=%s&nonce=%s&code_challenge=%s&code_challenge_method=S256",
		ep.authorization, strchr(ep.authorization, '?') ? '&' : '?', q(x->a, c->client_id), q(x->a, c->redirect_uri),
		state, p.nonce, oidc_pkce_s256(x->a, p.verifier));
	http_add_header(x->r, "Location", url);
	http_add_header(x->r, "Cache-Control", "no-store");
	x->status = 302;
	return 0;
}

static int callback(struct api *x, const struct sso_config *c)
{
	/* the browser's binding cookie is spent either way */
	http_add_header(x->r, "Set-Cookie",
			arena_printf(x->a, COOKIE "=; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0%s",
				     x->r->tls ? "; Secure" : ""));
	http_add_header(x->r, "Cache-Control", "no-store");
	struct sso_pending_rec p;
	bool found;
	int rc = pending_take(x, http_query(x->r, "state"), http_cookie(x->r, COOKIE), &p, &found);
	if (rc)
		return rc;
	if (!found)
		return err_setm(x->e, ERR_UNAUTH, "state", "sso.state", NULL);
	/* RFC 9207: a provider that names itself in the answer must be ours (a mix-up of providers) */
	const char *iss = http_query(x->r, "iss");
	if (iss && strcmp(iss, c->issuer))
		return err_setm(x->e, ERR_UNAUTH, "iss", "sso.token_issuer", NULL);
	const char *err = http_query(x->r, "error"), *code = http_query(x->r, "code");
	if (err || !code) {
		char shown[64];
		snprintf(shown, sizeof shown, "%s", err ? err : "no code");
		for (char *s = shown; *s; s++)
			if (*s < 0x20 || *s > 0x7e)
				*s = '?';
		return err_setm(x->e, ERR_UNAUTH, "code", "sso.provider_error", "error", shown, NULL);
	}
	const char *id_token;
	rc = oidc_provider_code(c, code, p.verifier, x->a, &id_token, x->e);
	if (rc)
		return rc;
	struct oidc_expect ex = {.issuer = c->issuer, .audience = c->client_id, .azp = c->client_id, .nonce = p.nonce,
				 .now_s = x->now_ms / 1000, .skew_s = c->skew_s};
	json_t *claims;
	if ((rc = oidc_provider_verify(id_token, &ex, &claims, x->e)))
		return rc;
	return api_sso_sign_in(x, c, claims);
}

int api_sso_sign_in(struct api *x, const struct sso_config *c, json_t *claims)
{
	/* a sign-in never continues an old session: whatever cookie came along is ended */
	struct errinfo ig = {0};
	(void)auth_logout(x->st, http_cookie(x->r, "skjold_session"), &ig);
	struct app a = api_app(x);
	const char *user;
	char *cookie;
	int rc = app_sso_login_as(&a, c, claims, &user, &cookie);
	json_decref(claims);
	if (rc)
		return rc;
	x->r->who = user;
	http_add_header(x->r, "Set-Cookie",
			arena_printf(x->a, "skjold_session=%s; Path=/; HttpOnly; SameSite=Strict%s", cookie,
				     x->r->tls ? "; Secure" : ""));
	http_add_header(x->r, "Location", "/");
	x->status = 302;
	return 0;
}

int api_sso_refused(struct api *x, int rc, int status)
{
	const char *accept = http_header(x->r, "Accept");
	if (!rc || !accept || !strstr(accept, "text/html")) /* a script, not a browser's navigation */
		return rc;
	const char *m = x->e->msg_code;
	const char *code = !strncmp(m, "sso.", 4) ? m + 4 : !strncmp(m, "saml.", 5) ? m + 5 : "failed";
	char shown[32];
	snprintf(shown, sizeof shown, "%s", code);
	for (char *s = shown; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			*s = '_';
	err_clear(x->e);
	http_add_header(x->r, "Location", arena_printf(x->a, "/#/login?sso_error=%s", shown));
	x->status = status;
	return 0;
}

/*
 * A browser whose sign-in is refused goes back to the login page, which says why in its own
 * words for the code it is given (login.js); only the code travels in the URL, never a text
 * another site could put there.  A script gets the error as every route answers it.
 */
static int h_callback(struct api *x)
{
	const struct sso_config *c = web_config(x);
	if (!c)
		return x->e->code;
	return api_sso_refused(x, callback(x, c), 302);
}

int api_sso_bearer(struct api *x, const char *token)
{
	const struct sso_config *c = app_sso_config();
	if (!c || !c->api_audience)
		return err_setm(x->e, ERR_UNAUTH, "", "auth.not_token", NULL);
	struct oidc_expect ex = {.issuer = c->issuer, .audience = c->api_audience, .now_s = x->now_ms / 1000,
				 .skew_s = c->skew_s};
	json_t *claims;
	int rc = oidc_provider_verify(token, &ex, &claims, x->e);
	if (rc)
		return rc;
	rc = auth_from_sso(x->st, json_string_value(json_object_get(claims, "iss")),
			   json_string_value(json_object_get(claims, "sub")), x->a, &x->p, x->e);
	json_decref(claims);
	return rc;
}

const char *api_sso_end_session(struct api *x)
{
	const struct sso_config *c = app_sso_config();
	struct oidc_endpoints ep;
	struct errinfo ig = {0};
	if (!c || !c->client_id || oidc_provider_endpoints(x->a, &ep, &ig) || !ep.end_session)
		return NULL;
	return arena_printf(x->a, "%s%cclient_id=%s", ep.end_session, strchr(ep.end_session, '?') ? '&' : '?',
			    q(x->a, c->client_id));
}

const struct api_route api_sso_routes[] = {
	{"GET", "/api/v1/auth/config", h_config, API_PUBLIC, 0},
	{"GET", "/api/v1/auth/oidc/login", h_login, API_PUBLIC, 0},
	{"GET", "/api/v1/auth/oidc/callback", h_callback, API_PUBLIC, 0},
	{NULL, NULL, NULL, 0, 0},
};
