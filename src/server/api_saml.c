/*
 * api_saml.c — SAML 2.0 single sign-on's routes (docs/sso.md#saml): the
 * SP's metadata, the AuthnRequest by HTTP-Redirect, the IdP's answer by
 * HTTP-POST.
 *
 *   GET  /api/v1/auth/saml/metadata   public: the SP's EntityDescriptor
 *   GET  /api/v1/auth/saml/login      302 to the IdP with a signed AuthnRequest and a RelayState
 *   POST /api/v1/auth/saml/acs        the IdP's SAMLResponse → checks → session, 302 to /
 *
 * The requests sent are this process's (a table under a lock): each has the
 * AuthnRequest's ID, the RelayState, the hash of a random value in the
 * cookie skjold_saml that binds it to the browser that started it, and its
 * time.  An answer takes its entry out whatever happens next (single use);
 * one older than ten minutes is gone.  The answer must be InResponseTo the
 * request of its RelayState, and an assertion ID is remembered until its
 * NotOnOrAfter (plus the skew) so the same assertion never opens a second
 * session (on this server: several servers need the answer to reach the
 * one that sent the request, docs/sso.md).  The cookie is SameSite=None: the
 * IdP's answer is a cross-site POST, which a Lax cookie does not come with.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "api.h"
#include "api_saml.h"
#include "app_sso.h"
#include "oidc.h"
#include "saml.h"

#define PENDING_MAX 1024
#define PENDING_TTL_MS (10 * 60 * 1000LL)
#define SEEN_MAX 4096
#define COOKIE "skjold_saml"

struct pending {
	char request[80], relay[48];
	unsigned char browser[crypto_generichash_BYTES];
	int64_t at_ms; /* 0: a free slot */
};

struct seen {
	char id[80];
	int64_t until_s; /* 0: a free slot */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct pending pending[PENDING_MAX];
static struct seen seen[SEEN_MAX];
static const struct sso_config *config;

void api_saml_configure(const struct sso_config *c) { config = c; }

bool api_saml_on(void) { return config && saml_on(); }

static void browser_hash(const char *cookie, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)cookie, strlen(cookie), NULL, 0);
}

static void pending_put(const struct pending *p)
{
	pthread_mutex_lock(&lock);
	size_t slot = 0;
	for (size_t i = 0; i < PENDING_MAX; i++) {
		if (!pending[i].at_ms || p->at_ms - pending[i].at_ms >= PENDING_TTL_MS) {
			slot = i;
			break;
		}
		if (pending[i].at_ms < pending[slot].at_ms)
			slot = i;
	}
	pending[slot] = *p;
	pthread_mutex_unlock(&lock);
}

/* Take the request of relay out (single use, a missing cookie too); false when there is none for this browser now. */
static bool pending_take(const char *relay, const char *cookie, int64_t now_ms, struct pending *out)
{
	if (!relay || strlen(relay) >= sizeof out->relay)
		return false;
	unsigned char b[crypto_generichash_BYTES];
	browser_hash(cookie ? cookie : "", b);
	bool found = false;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < PENDING_MAX; i++) {
		struct pending *p = &pending[i];
		if (!p->at_ms || strlen(p->relay) != strlen(relay) || sodium_memcmp(p->relay, relay, strlen(relay)))
			continue;
		bool ok = cookie && now_ms - p->at_ms < PENDING_TTL_MS && now_ms >= p->at_ms &&
			  !sodium_memcmp(p->browser, b, sizeof b);
		if (ok)
			*out = *p;
		sodium_memzero(p, sizeof *p);
		found = ok;
		break;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

/* Remember an assertion's ID until until_s; false when it was seen already. */
static bool seen_first(const char *id, int64_t until_s, int64_t now_s)
{
	if (strlen(id) >= sizeof seen[0].id)
		return false;
	bool first = true;
	size_t slot = SEEN_MAX;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SEEN_MAX; i++) {
		if (seen[i].until_s && seen[i].until_s < now_s)
			seen[i].until_s = 0; /* expired: its assertion is refused by its time anyway */
		if (!seen[i].until_s) {
			if (slot == SEEN_MAX)
				slot = i;
		} else if (!strcmp(seen[i].id, id)) {
			first = false;
		}
	}
	if (first) {
		if (slot == SEEN_MAX) /* full of live assertions: the soonest to expire makes room */
			for (size_t i = slot = 0; i < SEEN_MAX; i++)
				if (seen[i].until_s < seen[slot].until_s)
					slot = i;
		snprintf(seen[slot].id, sizeof seen[slot].id, "%s", id);
		seen[slot].until_s = until_s;
	}
	pthread_mutex_unlock(&lock);
	return first;
}

static int h_metadata(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	x->text = strdup(saml_metadata());
	if (!x->text)
		return err_set(x->e, ERR_NOMEM, "", "out of memory");
	x->text_type = "application/samlmetadata+xml";
	return 0;
}

static int h_login(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	struct pending p = {.at_ms = x->now_ms};
	snprintf(p.relay, sizeof p.relay, "%s", oidc_random(x->a, 32));
	const char *url, *id;
	int rc = saml_login(p.relay, x->a, &url, &id, x->e);
	if (rc)
		return rc;
	snprintf(p.request, sizeof p.request, "%s", id);
	const char *cookie = oidc_random(x->a, 32);
	browser_hash(cookie, p.browser);
	pending_put(&p);
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
	struct pending p;
	if (!pending_take(relay, http_cookie(x->r, COOKIE), x->now_ms, &p))
		return err_setm(x->e, ERR_UNAUTH, "RelayState", "sso.state", NULL);
	struct saml_answer ans;
	int rc = saml_response(b64, x->now_ms / 1000, x->a, &ans, x->e);
	if (rc)
		return rc;
	if (strcmp(ans.in_response_to, p.request))
		rc = err_setm(x->e, ERR_UNAUTH, "SAMLResponse", "saml.request", NULL);
	else if (!seen_first(ans.assertion_id, ans.expires_s + config->skew_s, x->now_ms / 1000))
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
	struct errinfo ig = {0};
	(void)auth_logout(x->st, http_cookie(x->r, "skjold_session"), &ig);
	struct app a = api_app(x);
	const char *user;
	char *cookie;
	rc = app_sso_login_as(&a, config, claims, &user, &cookie);
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

/*
 * A browser whose sign-in is refused goes back to the login page with the code only
 * (login.js says why in its own words), as api_sso.c's callback does.
 */
static int h_acs(struct api *x)
{
	if (!api_saml_on())
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	int rc = acs(x);
	const char *accept = http_header(x->r, "Accept");
	if (!rc || !accept || !strstr(accept, "text/html"))
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
	x->status = 303;
	return 0;
}

const struct api_route api_saml_routes[] = {
	{"GET", "/api/v1/auth/saml/metadata", h_metadata, API_PUBLIC, 0},
	{"GET", "/api/v1/auth/saml/login", h_login, API_PUBLIC, 0},
	{"POST", "/api/v1/auth/saml/acs", h_acs, API_PUBLIC | API_RAW, 0},
	{NULL, NULL, NULL, 0, 0},
};
