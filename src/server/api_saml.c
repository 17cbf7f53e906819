/*
 * api_saml.c — SAML 2.0 single sign-on's routes (docs/sso.md#saml): the
 * SP's metadata, the AuthnRequest by HTTP-Redirect, the IdP's answer by
 * HTTP-POST.
 *
 *   GET  /api/v1/auth/saml/metadata   public: the SP's EntityDescriptor
 *   GET  /api/v1/auth/saml/login      302 to the IdP with a signed AuthnRequest and a RelayState
 *   POST /api/v1/auth/saml/acs        the IdP's SAMLResponse → checks → session, 302 to /
 *
 * The requests sent are the database's (migration 13, store_saml_request_*),
 * so the IdP's answer may reach any server: each has the AuthnRequest's ID
 * under its RelayState, the hash of a random value in the cookie skjold_saml
 * that binds it to the browser that started it, and its time.  An answer
 * takes its request out whatever happens next (single use); one older than
 * ten minutes is refused.  The answer must be InResponseTo the request of its
 * RelayState, and an assertion's ID is remembered until its NotOnOrAfter
 * (plus the skew), so the same assertion never opens a second session on any
 * server.  The cookie is SameSite=None: the IdP's answer is a cross-site
 * POST, which a Lax cookie does not come with.
 */
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "api_saml.h"
#include "api_sso.h"
#include "app_sso.h"
#include "oidc.h"
#include "saml.h"

#define REQUEST_TTL_MS (10 * 60 * 1000LL)
#define COOKIE "skjold_saml"

static const struct sso_config *config;

void api_saml_configure(const struct sso_config *c) { config = c; }

bool api_saml_on(void) { return config && saml_on(); }

static void browser_hash(const char *cookie, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)cookie, strlen(cookie), NULL, 0);
}

/*
 * The ID of the request of relay, taken out of the store (single use, whatever comes next);
 * ERR_UNAUTH "sso.state" when there is none, it is older than ten minutes, or this browser's
 * cookie is not its; the store's error when it cannot answer (busy).
 */
static int request_take(struct api *x, const char *relay, const char *cookie, const char **id)
{
	unsigned char b[crypto_generichash_BYTES], want[crypto_generichash_BYTES];
	int64_t at_ms = 0;
	struct errinfo e = {0};
	int rc = relay ? store_saml_request_take(x->st, relay, x->a, id, want, &at_ms, &e) : ERR_NOTFOUND;
	if (rc && rc != ERR_NOTFOUND) {
		*x->e = e;
		return rc;
	}
	browser_hash(cookie ? cookie : "", b);
	bool ok = !rc && cookie && x->now_ms - at_ms < REQUEST_TTL_MS && x->now_ms >= at_ms &&
		  !sodium_memcmp(want, b, sizeof b);
	return ok ? 0 : err_setm(x->e, ERR_UNAUTH, "RelayState", "sso.state", NULL);
}

static int h_metadata(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	x->text = strdup(saml_metadata());
	if (!x->text)
		return err_setm(x->e, ERR_NOMEM, "", "error.nomem", NULL);
	x->text_type = "application/samlmetadata+xml";
	return 0;
}

static int h_login(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	const char *relay = oidc_random(x->a, 32), *url, *id;
	int rc = saml_login(relay, x->a, &url, &id, x->e);
	if (rc)
		return rc;
	const char *cookie = oidc_random(x->a, 32);
	unsigned char browser[crypto_generichash_BYTES];
	browser_hash(cookie, browser);
	if ((rc = store_saml_request_put(x->st, relay, id, browser, x->now_ms, x->now_ms - REQUEST_TTL_MS, x->e)))
		return rc;
	http_add_header(x->r, "Set-Cookie",
			arena_printf(x->a, COOKIE "=%s; Path=/api/v1/auth/saml; HttpOnly; SameSite=None; Max-Age=600%s",
				     cookie, x->r->tls ? "; Secure" : ""));
	http_add_header(x->r, "Location", url);
	http_add_header(x->r, "Cache-Control", "no-store");
	x->status = 302;
	return 0;
}

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value of name in an application/x-www-form-urlencoded body (in a), or NULL. */
static const char *form_value(struct arena *a, const char *body, size_t len, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = body, *end = body + len; p < end;) {
		const char *amp = memchr(p, '&', end - p);
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - p) > nl && !memcmp(p, name, nl) && p[nl] == '=') {
			char *out = arena_alloc(a, stop - p), *o = out;
			for (const char *s = p + nl + 1; s < stop; s++) {
				if (*s == '+') {
					*o++ = ' ';
				} else if (*s == '%' && stop - s > 2 && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
					*o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
					s += 2;
				} else {
					*o++ = *s;
				}
			}
			*o = 0;
			return out;
		}
		p = stop + 1;
	}
	return NULL;
}

static int acs(struct api *x)
{
	http_add_header(x->r, "Set-Cookie",
			arena_printf(x->a, COOKIE "=; Path=/api/v1/auth/saml; HttpOnly; SameSite=None; Max-Age=0%s",
				     x->r->tls ? "; Secure" : ""));
	http_add_header(x->r, "Cache-Control", "no-store");
	const char *ct = http_header(x->r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33))
		return err_setm(x->e, ERR_INVALID, "Content-Type", "saml.no_response", NULL);
	const char *b64 = form_value(x->a, x->r->body ? x->r->body : "", x->r->body_len, "SAMLResponse");
	const char *relay = form_value(x->a, x->r->body ? x->r->body : "", x->r->body_len, "RelayState");
	if (!b64 || !*b64)
		return err_setm(x->e, ERR_INVALID, "SAMLResponse", "saml.no_response", NULL);
	const char *request;
	int rc = request_take(x, relay, http_cookie(x->r, COOKIE), &request);
	if (rc)
		return rc;
	struct saml_answer ans;
	if ((rc = saml_response(b64, x->now_ms / 1000, x->a, &ans, x->e)))
		return rc;
	bool first = false;
	if (strcmp(ans.in_response_to, request))
		rc = err_setm(x->e, ERR_UNAUTH, "SAMLResponse", "saml.request", NULL);
	else if (!(rc = store_saml_assertion_use(x->st, ans.assertion_id, ans.expires_s + config->skew_s,
						  x->now_ms / 1000, &first, x->e)) && !first)
		rc = err_setm(x->e, ERR_UNAUTH, "SAMLResponse", "saml.replay", NULL);
	if (rc) {
		json_decref(ans.attributes);
		return rc;
	}
	/* the sign-in of app_sso.c: the identity is (IdP entityID, NameID); the attributes are its claims */
	json_t *claims = ans.attributes;
	json_object_set_new(claims, "iss", json_string(ans.issuer));
	json_object_set_new(claims, "sub", json_string(ans.name_id));
	json_t *name = json_object_get(claims, config->username_claim);
	if (json_is_array(name)) /* one user name: the attribute's first value */
		json_object_set(claims, config->username_claim, json_array_get(name, 0) ? json_array_get(name, 0) : json_null());
	/* the display name, from the attribute IdPs commonly send it in */
	static const char *const display[] = {"displayName", "urn:oid:2.16.840.1.113730.3.1.241",
					       "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"};
	for (size_t i = 0; i < sizeof display / sizeof display[0]; i++) {
		json_t *d = json_array_get(json_object_get(claims, display[i]), 0);
		if (json_is_string(d)) {
			json_object_set(claims, "name", d);
			break;
		}
	}
	return api_sso_sign_in(x, config, claims);
}

/*
 * A browser whose sign-in is refused goes back to the login page with the code only
 * (login.js says why in its own words), as api_sso.c's callback does.
 */
static int h_acs(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	return api_sso_refused(x, acs(x), 303); /* the answer to a POST: the browser GETs the login page */
}

const struct api_route api_saml_routes[] = {
	{"GET", "/api/v1/auth/saml/metadata", h_metadata, API_PUBLIC, 0},
	{"GET", "/api/v1/auth/saml/login", h_login, API_PUBLIC, 0},
	{"POST", "/api/v1/auth/saml/acs", h_acs, API_PUBLIC | API_RAW, 0},
	{NULL, NULL, NULL, 0, 0},
};
