/*
 * oidc_provider.c — the provider's documents and the token exchange
 * (oidc_provider.h), over libcurl.
 *
 * A fetch follows no redirect, speaks http and https only, takes at most
 * OIDC_FETCH_MAX bytes and OIDC_FETCH_TIMEOUT_S seconds.  The client secret
 * goes in the Authorization header of the token request and nowhere else:
 * not in a log line, not in an error message.
 */
#include "oidc_provider.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"

#define OIDC_FETCH_MAX (1 << 20)
#define OIDC_FETCH_TIMEOUT_S 10
#define DISCOVERY_TTL_MS (3600 * 1000LL)
#define JWKS_REFETCH_MIN_MS 1000 /* unknown key ids cannot make us fetch more often than this */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *discovery, *jwks; /* under lock */
static int64_t discovery_ms, jwks_ms;

void oidc_provider_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }


static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	buf_add(b, p, size * n);
	return b->full ? 0 : size * n;
}

/*
 * GET url (form NULL) or POST form to it with the client's Basic
 * credentials; *out the JSON object answered (new reference), *status the
 * HTTP status.  what names the document in messages.
 */
static int fetch(const char *url, const char *form, const char *user, const char *secret, const char *what,
		 json_t **out, long *status, struct errinfo *e)
{
	*out = NULL;
	*status = 0;
	CURL *c = curl_easy_init();
	if (!c)
		return err_setm(e, ERR_BUSY, "", "sso.provider_unreachable", "what", what, NULL);
	struct buf b = {.max = OIDC_FETCH_MAX};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)OIDC_FETCH_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (form) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, secret);
	}
	CURLcode cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	int rc = 0;
	if (cc != CURLE_OK) {
		rc = err_setm(e, ERR_BUSY, "", "sso.provider_unreachable", "what", what, NULL);
	} else {
		*out = b.p ? json_loadb(b.p, b.len, 0, NULL) : NULL;
		if (!json_is_object(*out)) {
			json_decref(*out);
			*out = NULL;
			rc = err_setm(e, ERR_BUSY, "", "sso.provider_answer", "what", what, NULL);
		}
	}
	buf_free(&b);
	return rc;
}

/* Under lock: the discovery document, fetched when missing or old. */
static int discover(struct errinfo *e)
{
	const struct sso_config *c = app_sso_config();
	if (!c)
		return err_setm(e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	if (discovery && mono_ms() - discovery_ms < DISCOVERY_TTL_MS)
		return 0;
	size_t n = strlen(c->issuer);
	char *url = malloc(n + 40);
	if (!url)
		return err_setm(e, ERR_NOMEM, "", "error.nomem", NULL);
	snprintf(url, n + 40, "%s%s.well-known/openid-configuration", c->issuer,
		 n && c->issuer[n - 1] == '/' ? "" : "/");
	json_t *d;
	long status;
	int rc = fetch(url, NULL, NULL, NULL, "discovery document", &d, &status, e);
	free(url);
	if (rc)
		return rc;
	const char *iss = json_string_value(json_object_get(d, "issuer"));
	if (status != 200 || !iss || strcmp(iss, c->issuer) ||
	    !json_is_string(json_object_get(d, "authorization_endpoint")) ||
	    !json_is_string(json_object_get(d, "token_endpoint")) || !json_is_string(json_object_get(d, "jwks_uri"))) {
		json_decref(d);
		return err_setm(e, ERR_BUSY, "", "sso.provider_answer", "what", "discovery document", NULL);
	}
	json_decref(discovery);
	discovery = d;
	discovery_ms = mono_ms();
	return 0;
}

/* Under lock: the keys, fetched when missing or when again is set (not more often than JWKS_REFETCH_MIN_MS). */
static int keys(bool again, struct errinfo *e)
{
	int rc = discover(e);
	if (rc)
		return rc;
	if (jwks && (!again || mono_ms() - jwks_ms < JWKS_REFETCH_MIN_MS))
		return 0;
	json_t *k;
	long status;
	if ((rc = fetch(json_string_value(json_object_get(discovery, "jwks_uri")), NULL, NULL, NULL, "key set", &k,
			&status, e)))
		return rc;
	if (status != 200 || !json_is_array(json_object_get(k, "keys"))) {
		json_decref(k);
		return err_setm(e, ERR_BUSY, "", "sso.provider_answer", "what", "key set", NULL);
	}
	json_decref(jwks);
	jwks = k;
	jwks_ms = mono_ms();
	return 0;
}

int oidc_provider_endpoints(struct arena *a, struct oidc_endpoints *out, struct errinfo *e)
{
	pthread_mutex_lock(&lock);
	int rc = discover(e);
	if (!rc) {
		const char *es = json_string_value(json_object_get(discovery, "end_session_endpoint"));
		*out = (struct oidc_endpoints){
			.authorization = arena_strdup(a, json_string_value(json_object_get(discovery, "authorization_endpoint"))),
			.token = arena_strdup(a, json_string_value(json_object_get(discovery, "token_endpoint"))),
			.end_session = es ? arena_strdup(a, es) : NULL,
		};
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

/* The form value v, percent-encoded (RFC 6749 Appendix B), in a. */
static const char *form_value(struct arena *a, const char *v)
{
	char *s = curl_easy_escape(NULL, v, 0);
	const char *out = arena_strdup(a, s ? s : "");
	curl_free(s);
	return out;
}

int oidc_provider_code(const struct sso_config *c, const char *code, const char *verifier, struct arena *a,
		       const char **id_token, struct errinfo *e)
{
	*id_token = NULL;
	struct oidc_endpoints ep;
	int rc = oidc_provider_endpoints(a, &ep, e);
	if (rc)
		return rc;
	const char *form = arena_printf(a, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s",
					form_value(a, code), form_value(a, c->redirect_uri), form_value(a, verifier));
	/* client_secret_basic: both parts form-encoded before they are joined (RFC 6749 §2.3.1) */
	json_t *t;
	long status;
	if ((rc = fetch(ep.token, form, form_value(a, c->client_id), form_value(a, c->client_secret), "token endpoint",
			&t, &status, e)))
		return rc;
	const char *err = json_string_value(json_object_get(t, "error"));
	const char *idt = json_string_value(json_object_get(t, "id_token"));
	if (status != 200 || err || !idt) {
		char shown[64];
		snprintf(shown, sizeof shown, "%s", err ? err : "no id_token");
		for (char *p = shown; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				*p = '?';
		json_decref(t);
		return err_setm(e, ERR_UNAUTH, "", "sso.provider_error", "error", shown, NULL);
	}
	*id_token = arena_strdup(a, idt);
	json_decref(t);
	return 0;
}

int oidc_provider_verify(const char *jwt, const struct oidc_expect *x, json_t **claims, struct errinfo *e)
{
	*claims = NULL;
	pthread_mutex_lock(&lock);
	int rc = keys(false, e);
	bool unknown = false;
	if (!rc)
		rc = oidc_jwt_verify(jwt, jwks, x, claims, &unknown, e);
	if (rc && unknown) { /* a key we have not seen: the provider may have rotated its keys */
		struct errinfo ke = {0};
		if (!keys(true, &ke)) {
			err_clear(e);
			rc = oidc_jwt_verify(jwt, jwks, x, claims, NULL, e);
		}
	}
	pthread_mutex_unlock(&lock);
	return rc;
}
