/*
 * api_auth.c — the API's sessions, users, tokens and memberships.
 *
 * Sign-in is this file's own (with auth.c): log-in, log-out, the session,
 * cookies and the per-address throttle.  Everything else — users, one's
 * own password and second factor, tokens, memberships — is an adapter of
 * the use cases in app_user.c: the body and path into a typed request, the
 * signed-in principal as who acts, the result into JSON and a status.
 *
 * Log-in answers the session object and sets the cookie: HttpOnly (no
 * script reads it), SameSite=Strict (no other site's page sends it), Path=/,
 * Secure under TLS.  Every change to a user, token or membership goes to
 * the audit log with the acting user (app_user.c); secrets never do.
 *
 * Throttling has two layers, both in the database and so counted by every
 * server on it: per user in auth.c, and per client address here
 * (store_login_addr_hit, migration 8): at most addr_max_failures failed
 * attempts in addr_window (auth_policy: 20 in 60 s), then every login from
 * the address is 429 until the window ends.
 */
#include <string.h>

#include "api.h"
#include "api_sso.h"
#include "app_user.h"
#include "date.h"
#include "embed.h"
#include "role.h"

/*
 * The address's wait in seconds (*wait, 0 when under its limit), counting
 * one more failure first when failed.  The count is the database's
 * (store_login_addr_hit), shared by every server on it.  When the store
 * cannot read or write it the login is refused with 503 (ERR_BUSY): closed,
 * never open, or an attacker who could make the database stumble would get
 * unlimited attempts.
 */
static int addr_throttle(struct api *x, bool failed, int *wait)
{
	const struct auth_policy *pol = auth_policy();
	int failures = 0;
	int64_t start_ms = 0;
	struct errinfo se = {0};
	*wait = 0;
	if (store_login_addr_hit(x->st, x->r->ip, x->now_ms, pol->addr_window_ms, failed, &failures, &start_ms, &se)) {
		err_clear(x->e); /* a refused password's 401 gives way: its failure was not counted */
		return err_setm_in(x->e, ERR_BUSY, "", &se, failed ? "auth.throttle_unwritable" : "auth.throttle_unreadable",
				   NULL);
	}
	if (failures >= pol->addr_max_failures)
		*wait = (int)((start_ms + pol->addr_window_ms - x->now_ms + 999) / 1000);
	return 0;
}

static json_t *session_json(struct api *x)
{
	json_t *m = json_array();
	for (size_t i = 0; i < x->p.nmembers; i++) {
		struct org o;
		struct errinfo ig = {0};
		const char *name = store_org_get(x->st, x->p.members[i].org, x->a, &o, &ig) == 0 ? o.name : NULL;
		json_t *item = json_pack("{ssss}", "org", x->p.members[i].org, "role", x->p.members[i].role);
		json_object_set_new(item, "name", name ? json_string(name) : json_null());
		json_array_append_new(m, item);
	}
	json_t *out = json_pack("{s{sssssbsbsb}so}", "user", "name", x->p.user, "display_name",
				x->p.display_name ? x->p.display_name : "", "admin", x->p.admin, "totp_enabled",
				x->p.totp_enabled, "must_change_password", x->p.must_change_pw, "memberships", m);
	json_object_set_new(json_object_get(out, "user"), "home_org",
			    x->p.home_org ? json_string(x->p.home_org) : json_null());
	json_object_set_new(out, "csrf", x->p.csrf ? json_string(x->p.csrf) : json_null());
	json_object_set_new(out, "next", x->p.next ? json_string(x->p.next) : json_null());
	json_object_set_new(out, "via_token", json_boolean(x->p.via_token));
	return out;
}

static void set_cookie(struct api *x, const char *value, bool clear)
{
	const char *v = arena_printf(x->a, "skjold_session=%s; Path=/; HttpOnly; SameSite=Strict%s%s", clear ? "" : value,
				     x->r->tls ? "; Secure" : "", clear ? "; Max-Age=0" : "");
	http_add_header(x->r, "Set-Cookie", v);
}

static int h_health(struct api *x)
{
	x->out = json_pack("{ssss}", "status", "ok", "store", store_backend(x->st));
	return 0;
}

static int h_openapi(struct api *x)
{
	const struct embedded_file *f = embed_find("web/openapi.json");
	if (!f)
		return err_setm(x->e, ERR_NOTFOUND, "", "http.no_openapi", NULL);
	x->text = strdup(f->data);
	x->text_type = "application/json";
	return 0;
}

static int h_login(struct api *x)
{
	const char *user, *pw, *code;
	int rc;
	if ((rc = api_body_str(x, "user", true, &user)) || (rc = api_body_str(x, "password", true, &pw)) ||
	    (rc = api_body_str(x, "totp", false, &code)))
		return rc;
	int wait;
	if ((rc = addr_throttle(x, false, &wait)))
		return rc;
	if (wait) {
		http_add_header(x->r, "Retry-After", arena_printf(x->a, "%d", wait));
		return err_setm(x->e, ERR_THROTTLED, "", "auth.throttled_address", "seconds", err_num((char[24]){0},
				(long long)(wait)), NULL);
	}
	/* a login never continues an old session: whatever cookie came along is ended */
	struct errinfo ig = {0};
	(void)auth_logout(x->st, http_cookie(x->r, "skjold_session"), &ig);
	char *cookie;
	int retry = 0;
	rc = auth_login(x->st, user, pw, code, x->now_ms, x->a, &cookie, &retry, x->e);
	if (rc == ERR_UNAUTH && strcmp(x->e->field, "totp")) {
		int ig_wait;
		int trc = addr_throttle(x, true, &ig_wait);
		if (trc)
			return trc;
	}
	if (rc == ERR_THROTTLED)
		http_add_header(x->r, "Retry-After", arena_printf(x->a, "%d", retry));
	if (rc == ERR_UNAUTH && !strcmp(x->e->field, "totp")) {
		/* the one 401 with its own code: the UI asks for the code */
		x->out = json_pack("{s{sssssn}}", "error", "code", "totp_required", "message", x->e->message, "field");
		json_object_set_new(json_object_get(x->out, "error"), "field", json_string("totp"));
		x->status = 401;
		err_clear(x->e);
		return 0;
	}
	if (rc)
		return rc;
	if ((rc = auth_from_session(x->st, cookie, x->now_ms, x->a, &x->p, x->e)))
		return rc;
	x->authed = true;
	x->r->who = x->p.user;
	set_cookie(x, cookie, false);
	struct app a = api_app(x);
	if ((rc = app_user_login_record(&a, x->p.user)))
		return rc;
	x->out = session_json(x);
	return 0;
}

static int h_logout(struct api *x)
{
	if (!x->p.via_token) {
		store_scope_set(x->st, NULL);
		int rc = store_session_delete(x->st, x->p.session_hash, x->e);
		if (rc)
			return rc;
		set_cookie(x, "", true);
		/* signed in by the provider: the UI goes on to sign out there too (docs/sso.md) */
		struct user_rec u;
		struct errinfo ig = {0};
		const char *end = !store_user_get(x->st, x->p.user, x->a, &u, &ig) && u.sso_issuer ? api_sso_end_session(x)
												  : NULL;
		if (end) {
			x->out = json_pack("{ss}", "end_session_url", end);
			return 0;
		}
	}
	x->status = 204;
	return 0;
}

static int h_session(struct api *x)
{
	x->out = session_json(x);
	return 0;
}

static int h_password(struct api *x)
{
	const char *old, *pw;
	int rc;
	if ((rc = api_body_str(x, "old", false, &old)) || (rc = api_body_str(x, "new", false, &pw)))
		return rc;
	store_scope_set(x->st, NULL);
	/* one transaction: the new password, every session of the user ended, this one
	 * going on under a new id and CSRF token, and the audit entry */
	struct app a = api_app(x);
	char *cookie = NULL;
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = app_user_password_change(&a, &x->p, old, pw);
	if (!rc)
		rc = auth_session_new(x->st, x->p.uid, x->now_ms, x->a, &cookie, x->e);
	if ((rc = api_tx_end(x, rc)) || (rc = auth_from_session(x->st, cookie, x->now_ms, x->a, &x->p, x->e)))
		return rc;
	set_cookie(x, cookie, false);
	x->out = session_json(x);
	return 0;
}

static int h_totp_begin(struct api *x)
{
	const char *secret, *uri;
	struct app a = api_app(x);
	int rc = app_user_totp_begin(&a, &x->p, &secret, &uri);
	if (rc)
		return rc;
	x->out = json_pack("{ssss}", "secret", secret, "uri", uri);
	return 0;
}

static int h_totp_confirm(struct api *x)
{
	const char *code;
	int rc = api_body_str(x, "code", true, &code);
	if (rc)
		return rc;
	struct app a = api_app(x);
	if ((rc = app_user_totp_confirm(&a, &x->p, code)))
		return rc;
	x->p.totp_enabled = true;
	store_scope_set(x->st, NULL);
	if ((rc = auth_refresh(x->st, x->a, &x->p, x->e)))
		return rc;
	x->out = session_json(x);
	return 0;
}

/* ---- users (system administrators) ---- */

static int h_users(struct api *x)
{
	struct app a = api_app(x);
	struct app_user *u;
	size_t n;
	int rc = app_user_list(&a, &x->p, &u, &n);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = app_user_json(&u[i].u);
		json_object_set_new(o, "memberships", app_user_members_json(&u[i]));
		json_array_append_new(x->list, o);
	}
	return 0;
}

/* ERR_INVALID naming the body's first key that is not among known (NULL-terminated). */
static int body_known(struct api *x, const char *const *known, const char *names)
{
	const char *k;
	json_t *v;
	json_object_foreach(x->body, k, v)
	{
		(void)v;
		size_t i = 0;
		while (known[i] && strcmp(known[i], k))
			i++;
		if (!known[i])
			return err_setm(x->e, ERR_INVALID, k, "input.unknown_field_of", "key", k, "allowed", names,
					NULL);
	}
	return 0;
}

static int h_user_add(struct api *x)
{
	static const char *const known[] = {"name", "display_name", "admin", NULL};
	struct app_user_new req = {0};
	int rc;
	if ((rc = api_body_str(x, "name", true, &req.name)) ||
	    (rc = api_body_str(x, "display_name", false, &req.display_name)))
		return rc;
	json_t *adm = json_object_get(x->body, "admin");
	if (adm && !json_is_boolean(adm))
		return err_setm(x->e, ERR_INVALID, "admin", "user.admin_bool", NULL);
	if ((rc = body_known(x, known, "name, display_name, admin")))
		return rc;
	req.admin = json_is_true(adm);
	struct app a = api_app(x);
	struct user_rec u;
	char *pw;
	if ((rc = app_user_create(&a, &x->p, &req, &u, &pw)))
		return rc;
	x->out = app_user_json(&u);
	json_object_set_new(x->out, "password", json_string(pw));
	x->status = 201;
	return 0;
}

static int h_user_get(struct api *x)
{
	struct app a = api_app(x);
	struct app_user u;
	int rc = app_user_show(&a, &x->p, x->param[0], &u);
	if (rc)
		return rc;
	x->out = app_user_json(&u.u);
	json_object_set_new(x->out, "memberships", app_user_members_json(&u));
	return 0;
}

static int h_user_patch(struct api *x)
{
	struct app_user_change ch = {.disabled = APP_USER_KEEP, .admin = APP_USER_KEEP};
	const char *k;
	json_t *v;
	json_object_foreach(x->body, k, v)
	{
		if (!strcmp(k, "display_name") && json_is_string(v))
			ch.display_name = json_string_value(v);
		else if (!strcmp(k, "disabled") && json_is_boolean(v))
			ch.disabled = json_is_true(v);
		else if (!strcmp(k, "admin") && json_is_boolean(v))
			ch.admin = json_is_true(v);
		else if (!strcmp(k, "home_org") && (json_is_string(v) || json_is_null(v)))
			ch.home_org = json_is_null(v) ? "" : json_string_value(v);
		else
			return err_setm(x->e, ERR_INVALID, k, "user.patch_fields", "key", k, NULL);
	}
	struct app a = api_app(x);
	struct user_rec u;
	int rc = app_user_update(&a, &x->p, x->param[0], &ch, &u);
	if (rc)
		return rc;
	x->out = app_user_json(&u);
	return 0;
}

static int h_user_reset(struct api *x)
{
	struct app a = api_app(x);
	char *pw;
	int rc = app_user_reset(&a, &x->p, x->param[0], &pw);
	if (rc)
		return rc;
	x->out = json_pack("{ssss}", "name", x->param[0], "password", pw);
	return 0;
}

/* PUT /users/{name}/sso {"issuer", "subject"}: link the user to a single sign-on identity (docs/sso.md). */
static int h_user_sso_put(struct api *x)
{
	static const char *const known[] = {"issuer", "subject", NULL};
	const char *issuer, *subject;
	int rc;
	if ((rc = api_body_str(x, "issuer", true, &issuer)) || (rc = api_body_str(x, "subject", true, &subject)) ||
	    (rc = body_known(x, known, "issuer, subject")))
		return rc;
	struct app a = api_app(x);
	struct user_rec u;
	if ((rc = app_user_sso_link(&a, &x->p, x->param[0], issuer, subject, &u)))
		return rc;
	x->out = app_user_json(&u);
	return 0;
}

static int h_user_sso_delete(struct api *x)
{
	struct app a = api_app(x);
	struct user_rec u;
	int rc = app_user_sso_unlink(&a, &x->p, x->param[0], &u);
	if (rc)
		return rc;
	x->out = app_user_json(&u);
	return 0;
}

/* ---- tokens ---- */

static json_t *token_json(const struct token_rec *t)
{
	char c[32], ex[32], rv[32], lu[32];
	instant_format_utc(t->created_ms, c);
	json_t *o = json_pack("{sIssssssssss}", "id", (json_int_t)t->id, "name", t->name, "user", t->user, "org", t->org,
			      "role", t->role, "created", c);
	if (t->expires_ms)
		instant_format_utc(t->expires_ms, ex);
	if (t->revoked_ms)
		instant_format_utc(t->revoked_ms, rv);
	if (t->last_used_ms)
		instant_format_utc(t->last_used_ms, lu);
	json_object_set_new(o, "expires", t->expires_ms ? json_string(ex) : json_null());
	json_object_set_new(o, "revoked", t->revoked_ms ? json_string(rv) : json_null());
	return o;
}

static int h_tokens(struct api *x)
{
	struct app a = api_app(x);
	struct token_rec *t;
	size_t n;
	int rc = app_token_list(&a, &x->p, NULL, NULL, &t, &n);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(x->list, token_json(&t[i]));
	return 0;
}

static int h_token_add(struct api *x)
{
	struct app_token_new req = {0};
	const char *expires;
	int rc;
	if ((rc = api_body_str(x, "name", true, &req.name)) || (rc = api_body_str(x, "org", true, &req.org)) ||
	    (rc = api_body_str(x, "role", true, &req.role)) || (rc = api_body_str(x, "expires", false, &expires)))
		return rc;
	if (expires && instant_parse(expires, &req.expires_ms))
		return err_setm(x->e, ERR_INVALID, "expires", "user.expires", NULL);
	struct app a = api_app(x);
	struct token_rec t;
	char *secret;
	if ((rc = app_token_create(&a, &x->p, &req, &t, &secret)))
		return rc;
	x->out = token_json(&t);
	json_object_set_new(x->out, "token", json_string(secret));
	x->status = 201;
	return 0;
}

static int h_token_revoke(struct api *x)
{
	char *end;
	long long id = strtoll(x->param[0], &end, 10);
	if (*end || id <= 0)
		return err_setm(x->e, ERR_NOTFOUND, "id", "user.no_token", "id", x->param[0], NULL);
	struct app a = api_app(x);
	int rc = app_token_revoke(&a, &x->p, NULL, id);
	if (rc)
		return rc;
	x->status = 204;
	return 0;
}

/* ---- memberships ---- */

static int h_members(struct api *x)
{
	struct app a = api_app(x);
	struct member_rec *m;
	size_t n;
	int rc = app_member_list(&a, &x->p, x->param[0], &m, &n);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(x->list, json_pack("{sssssb}", "user", m[i].user, "role", m[i].role, "sso",
							 m[i].sso != 0));
	return 0;
}

static int h_member_put(struct api *x)
{
	const char *role;
	int rc = api_body_str(x, "role", true, &role);
	if (rc)
		return rc;
	struct app a = api_app(x);
	if ((rc = app_member_set(&a, &x->p, x->param[0], x->param[1], role)))
		return rc;
	x->out = json_pack("{ssssss}", "org", x->param[0], "user", x->param[1], "role", role);
	return 0;
}

static int h_member_delete(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_member_remove(&a, &x->p, x->param[0], x->param[1]);
	if (rc)
		return rc;
	x->status = 204;
	return 0;
}

const struct api_route api_auth_routes[] = {
	{"GET", "/api/v1/health", h_health, API_PUBLIC, 0},
	{"GET", "/api/v1/openapi.json", h_openapi, API_PUBLIC, 0},
	{"POST", "/api/v1/login", h_login, API_PUBLIC | API_BODY, 0},
	{"POST", "/api/v1/logout", h_logout, API_OPEN, 0},
	{"GET", "/api/v1/session", h_session, API_OPEN, 0},
	{"POST", "/api/v1/session/password", h_password, API_OPEN | API_BODY, 0},
	{"POST", "/api/v1/session/totp", h_totp_begin, API_OPEN, 0},
	{"POST", "/api/v1/session/totp/confirm", h_totp_confirm, API_OPEN | API_BODY, 0},
	{"GET", "/api/v1/users", h_users, API_SYSADMIN, 0},
	{"POST", "/api/v1/users", h_user_add, API_SYSADMIN | API_BODY, 0},
	{"GET", "/api/v1/users/{name}", h_user_get, API_SYSADMIN, 0},
	{"PATCH", "/api/v1/users/{name}", h_user_patch, API_SYSADMIN | API_BODY, 0},
	{"POST", "/api/v1/users/{name}/reset", h_user_reset, API_SYSADMIN, 0},
	{"PUT", "/api/v1/users/{name}/sso", h_user_sso_put, API_SYSADMIN | API_BODY, 0},
	{"DELETE", "/api/v1/users/{name}/sso", h_user_sso_delete, API_SYSADMIN, 0},
	{"GET", "/api/v1/tokens", h_tokens, 0, 0},
	{"POST", "/api/v1/tokens", h_token_add, API_BODY, 0},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, 0, 0},
	{"GET", "/api/v1/orgs/{org}/members", h_members, API_ORG, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/members/{user}", h_member_put, API_ORG | API_BODY, PERM_ADMIN},
	{"DELETE", "/api/v1/orgs/{org}/members/{user}", h_member_delete, API_ORG, PERM_ADMIN},
	{NULL, NULL, NULL, 0, 0},
};
