/*
 * api_auth.c — the API's sessions, users, tokens and memberships.
 *
 * Log-in answers the session object and sets the cookie: HttpOnly (no
 * script reads it), SameSite=Strict (no other site's page sends it), Path=/,
 * Secure under TLS.  Every change to a user, token or membership goes to
 * the audit log with the acting user; secrets never do.
 *
 * Throttling has two layers: per user in auth.c (stored, survives a
 * restart), and per client address here (in memory): at most
 * LOGIN_PER_ADDR_MAX failed attempts in LOGIN_WINDOW_MS.
 */
#include <pthread.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "date.h"
#include "embed.h"
#include "jsonx.h"
#include "role.h"

#define LOGIN_WINDOW_MS 60000
#define LOGIN_PER_ADDR_MAX 20
#define LOGIN_ADDRS 256

static pthread_mutex_t addr_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char ip[48];
	int64_t window_start_ms;
	int failures;
} addrs[LOGIN_ADDRS];

/* Seconds to wait when the address is over its limit, else 0. */
static int addr_blocked(const char *ip, int64_t now_ms, bool failed)
{
	pthread_mutex_lock(&addr_lock);
	size_t slot = 0, oldest = 0;
	bool found = false;
	for (size_t i = 0; i < LOGIN_ADDRS; i++) {
		if (!strcmp(addrs[i].ip, ip)) {
			slot = i;
			found = true;
			break;
		}
		if (addrs[i].window_start_ms < addrs[oldest].window_start_ms)
			oldest = i;
	}
	if (!found) {
		slot = oldest;
		snprintf(addrs[slot].ip, sizeof addrs[slot].ip, "%s", ip);
		addrs[slot].window_start_ms = now_ms;
		addrs[slot].failures = 0;
	}
	if (now_ms - addrs[slot].window_start_ms >= LOGIN_WINDOW_MS) {
		addrs[slot].window_start_ms = now_ms;
		addrs[slot].failures = 0;
	}
	if (failed)
		addrs[slot].failures++;
	int wait = addrs[slot].failures >= LOGIN_PER_ADDR_MAX
			   ? (int)((addrs[slot].window_start_ms + LOGIN_WINDOW_MS - now_ms + 999) / 1000)
			   : 0;
	pthread_mutex_unlock(&addr_lock);
	return wait;
}

static int audit_auth(struct api *x, const char *action, const char *entity, const char *org, const char *key,
		      json_t *after)
{
	struct store_scope const *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	int rc = audit_record(x->st, api_actor(x), x->now_ms, action, entity, org, key, NULL,
			      after ? jx_dump(after, x->a) : NULL, x->e);
	store_scope_set(x->st, sc);
	json_decref(after);
	return rc;
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
		return err_set(x->e, ERR_NOTFOUND, "", "the OpenAPI document is not built in");
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
	int wait = addr_blocked(x->r->ip, x->now_ms, false);
	if (wait) {
		http_add_header(x->r, "Retry-After", arena_printf(x->a, "%d", wait));
		return err_set(x->e, ERR_THROTTLED, "", "too many failed logins from this address: try again in %d s", wait);
	}
	/* a login never continues an old session: whatever cookie came along is ended */
	struct errinfo ig = {0};
	(void)auth_logout(x->st, http_cookie(x->r, "skjold_session"), &ig);
	char *cookie;
	int retry = 0;
	rc = auth_login(x->st, user, pw, code, x->now_ms, x->a, &cookie, &retry, x->e);
	if (rc == ERR_UNAUTH && strcmp(x->e->field, "totp"))
		addr_blocked(x->r->ip, x->now_ms, true);
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
	if ((rc = audit_auth(x, "login", "session", NULL, x->p.user, NULL)))
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
	if (x->p.via_token)
		return err_set(x->e, ERR_DENIED, "", "log in with a password to change it");
	if ((rc = api_body_str(x, "old", true, &old)) || (rc = api_body_str(x, "new", true, &pw)))
		return rc;
	store_scope_set(x->st, NULL);
	/* one transaction: the new password, every session of the user ended, this one
	 * going on under a new id and CSRF token, and the audit entry */
	char *cookie = NULL;
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = auth_password_set(x->st, x->p.user, old, pw, x->e);
	if (!rc)
		rc = store_session_delete_user(x->st, x->p.uid, x->e);
	if (!rc)
		rc = auth_session_new(x->st, x->p.uid, x->now_ms, x->a, &cookie, x->e);
	if (!rc)
		rc = audit_auth(x, "password", "user", NULL, x->p.user, NULL);
	if ((rc = api_tx_end(x, rc)) || (rc = auth_from_session(x->st, cookie, x->now_ms, x->a, &x->p, x->e)))
		return rc;
	set_cookie(x, cookie, false);
	x->out = session_json(x);
	return 0;
}

static int h_totp_begin(struct api *x)
{
	if (x->p.via_token)
		return err_set(x->e, ERR_DENIED, "", "log in with a password to enrol TOTP");
	const char *secret, *uri;
	store_scope_set(x->st, NULL);
	int rc = auth_totp_begin(x->st, x->p.user, x->a, &secret, &uri, x->e);
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
	if (x->p.via_token)
		return err_set(x->e, ERR_DENIED, "", "log in with a password to enrol TOTP");
	store_scope_set(x->st, NULL);
	if ((rc = auth_totp_confirm(x->st, x->p.user, code, x->now_ms, x->e)))
		return rc;
	struct user_rec u;
	if ((rc = store_user_get(x->st, x->p.user, x->a, &u, x->e)))
		return rc;
	x->p.totp_enabled = u.totp_enabled;
	if ((rc = auth_refresh(x->st, x->a, &x->p, x->e)) || (rc = audit_auth(x, "totp-enable", "user", NULL, x->p.user, NULL)))
		return rc;
	x->out = session_json(x);
	return 0;
}

/* ---- users (system administrators) ---- */

static json_t *user_json(const struct user_rec *u)
{
	return json_pack("{sssssbsbsbsbsi}", "name", u->name, "display_name", u->display_name ? u->display_name : "",
			 "admin", u->admin, "totp_enabled", u->totp_enabled, "must_change_password",
			 u->must_change_pw, "disabled", u->disabled, "failed_logins", u->failed_logins);
}

static int h_users(struct api *x)
{
	struct user_rec *u;
	size_t n;
	store_scope_set(x->st, NULL);
	int rc = store_user_list(x->st, x->a, &u, &n, x->e);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(x->list, user_json(&u[i]));
	return 0;
}

static int h_user_add(struct api *x)
{
	const char *name, *display;
	int rc;
	if ((rc = api_body_str(x, "name", true, &name)) || (rc = api_body_str(x, "display_name", false, &display)))
		return rc;
	json_t *adm = json_object_get(x->body, "admin");
	if (adm && !json_is_boolean(adm))
		return err_set(x->e, ERR_INVALID, "admin", "admin must be true or false");
	const char *k;
	json_t *v;
	json_object_foreach(x->body, k, v) if (strcmp(k, "name") && strcmp(k, "display_name") && strcmp(k, "admin"))
		return err_set(x->e, ERR_INVALID, k, "unknown field '%s' (name, display_name, admin)", k);
	store_scope_set(x->st, NULL);
	char *pw;
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = auth_user_create(x->st, name, display, json_is_true(adm), x->now_ms, x->a, &pw, x->e);
	if (!rc)
		rc = audit_auth(x, "create", "user", NULL, name,
				json_pack("{sssb}", "name", name, "admin", json_is_true(adm)));
	if ((rc = api_tx_end(x, rc)))
		return rc;
	struct user_rec u;
	if ((rc = store_user_get(x->st, name, x->a, &u, x->e)))
		return rc;
	x->out = user_json(&u);
	json_object_set_new(x->out, "password", json_string(pw));
	x->status = 201;
	return 0;
}

static int h_user_get(struct api *x)
{
	struct user_rec u;
	store_scope_set(x->st, NULL);
	int rc = store_user_get(x->st, x->param[0], x->a, &u, x->e);
	if (rc)
		return rc;
	x->out = user_json(&u);
	struct member_rec *m;
	size_t n;
	if ((rc = store_member_list(x->st, NULL, u.name, x->a, &m, &n, x->e)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{ssss}", "org", m[i].org, "role", m[i].role));
	json_object_set_new(x->out, "memberships", arr);
	return 0;
}

static int h_user_patch(struct api *x)
{
	struct user_rec u;
	store_scope_set(x->st, NULL);
	int rc = store_user_get(x->st, x->param[0], x->a, &u, x->e);
	if (rc)
		return rc;
	const char *k;
	json_t *v;
	json_object_foreach(x->body, k, v)
	{
		if (!strcmp(k, "display_name") && json_is_string(v)) {
			u.display_name = json_string_value(v);
			if ((rc = auth_display_name_check(u.display_name, x->e)))
				return rc;
		} else if (!strcmp(k, "disabled") && json_is_boolean(v)) {
			u.disabled = json_is_true(v);
		} else if (!strcmp(k, "admin") && json_is_boolean(v)) {
			u.admin = json_is_true(v);
		} else {
			return err_set(x->e, ERR_INVALID, k,
				       "%s: give display_name (text), disabled or admin (true/false)", k);
		}
	}
	if (u.uid == x->p.uid && (u.disabled || !u.admin))
		return err_set(x->e, ERR_INVALID, u.disabled ? "disabled" : "admin",
			       "you cannot disable yourself or take away your own administration");
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = store_user_put(x->st, &u, NULL, x->e);
	if (!rc && u.disabled)
		rc = store_session_delete_user(x->st, u.uid, x->e);
	if (!rc)
		rc = audit_auth(x, "update", "user", NULL, u.name, user_json(&u));
	if ((rc = api_tx_end(x, rc)))
		return rc;
	x->out = user_json(&u);
	return 0;
}

static int h_user_reset(struct api *x)
{
	store_scope_set(x->st, NULL);
	char *pw;
	int rc = store_begin(x->st, x->e);
	if (!rc)
		rc = auth_user_reset(x->st, x->param[0], x->a, &pw, x->e);
	if (!rc)
		rc = audit_auth(x, "reset-password", "user", NULL, x->param[0], NULL);
	if ((rc = api_tx_end(x, rc)))
		return rc;
	x->out = json_pack("{ssss}", "name", x->param[0], "password", pw);
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
	/* one's own tokens, and every token of an organisation one administers */
	struct token_rec *t;
	size_t n;
	int rc = store_token_list(x->st, x->p.user, NULL, x->a, &t, &n, x->e);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(x->list, token_json(&t[i]));
	for (size_t m = 0; m < x->p.nmembers; m++) {
		if (!auth_can(&x->p, x->p.members[m].org, PERM_ADMIN))
			continue;
		if ((rc = store_token_list(x->st, NULL, x->p.members[m].org, x->a, &t, &n, x->e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (strcmp(t[i].user, x->p.user))
				json_array_append_new(x->list, token_json(&t[i]));
	}
	return 0;
}

static int h_token_add(struct api *x)
{
	const char *name, *org, *role, *expires;
	int rc;
	if ((rc = api_body_str(x, "name", true, &name)) || (rc = api_body_str(x, "org", true, &org)) ||
	    (rc = api_body_str(x, "role", true, &role)) || (rc = api_body_str(x, "expires", false, &expires)))
		return rc;
	if (x->p.via_token)
		return err_set(x->e, ERR_DENIED, "", "a token cannot make tokens: log in");
	if (!(store_scope_grant(x->st, org) & STORE_GRANT_READ))
		return err_set(x->e, ERR_NOTFOUND, "org", "no organisation with id '%s'", org);
	if (!role_valid(role))
		return err_set(x->e, ERR_INVALID, "role", "role must be one of %s", role_names());
	if (!role_covers(auth_role(&x->p, org), role))
		return err_set(x->e, ERR_DENIED, "role", "you cannot issue a token with more rights than your own role (%s)",
			       auth_role(&x->p, org));
	int64_t exp = 0;
	if (expires && instant_parse(expires, &exp))
		return err_set(x->e, ERR_INVALID, "expires", "expires must be a date or an instant with offset");
	char *secret;
	int64_t id;
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = auth_token_create(x->st, x->p.user, org, role, name, exp, x->now_ms, x->a, &secret, &id, x->e);
	if (!rc)
		rc = audit_auth(x, "create", "token", org, arena_printf(x->a, "%lld", (long long)id),
				json_pack("{ssssss}", "name", name, "role", role, "user", x->p.user));
	if ((rc = api_tx_end(x, rc)))
		return rc;
	struct token_rec t = {.id = id, .name = name, .user = x->p.user, .org = org, .role = role,
			      .created_ms = x->now_ms, .expires_ms = exp};
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
		return err_set(x->e, ERR_NOTFOUND, "id", "no token %s", x->param[0]);
	/* find it among what the caller may see: its own, or its organisations' as their admin */
	struct token_rec *t;
	size_t n;
	int rc = store_token_list(x->st, x->p.user, NULL, x->a, &t, &n, x->e);
	if (rc)
		return rc;
	const struct token_rec *hit = NULL;
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			hit = &t[i];
	for (size_t m = 0; !hit && m < x->p.nmembers; m++) {
		if (!auth_can(&x->p, x->p.members[m].org, PERM_ADMIN))
			continue;
		if ((rc = store_token_list(x->st, NULL, x->p.members[m].org, x->a, &t, &n, x->e)))
			return rc;
		for (size_t i = 0; i < n; i++)
			if (t[i].id == id)
				hit = &t[i];
	}
	if (!hit)
		return err_set(x->e, ERR_NOTFOUND, "id", "no token %s", x->param[0]);
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = store_token_revoke(x->st, hit->org, id, x->now_ms, x->e);
	if (!rc)
		rc = audit_auth(x, "revoke", "token", hit->org, x->param[0], NULL);
	if ((rc = api_tx_end(x, rc)))
		return rc;
	x->status = 204;
	return 0;
}

/* ---- memberships ---- */

static int h_members(struct api *x)
{
	struct member_rec *m;
	size_t n;
	int rc = store_member_list(x->st, x->param[0], NULL, x->a, &m, &n, x->e);
	if (rc)
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(x->list, json_pack("{ssss}", "user", m[i].user, "role", m[i].role));
	return 0;
}

static int h_member_put(struct api *x)
{
	const char *role;
	int rc = api_body_str(x, "role", true, &role);
	if (rc)
		return rc;
	if (!role_valid(role))
		return err_set(x->e, ERR_INVALID, "role", "role must be one of %s", role_names());
	struct member_rec m = {x->param[1], x->param[0], role};
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	rc = store_member_put(x->st, &m, x->e);
	if (!rc)
		rc = audit_auth(x, "grant", "membership", x->param[0], x->param[1], json_pack("{ss}", "role", role));
	if ((rc = api_tx_end(x, rc)))
		return rc;
	x->out = json_pack("{ssssss}", "org", x->param[0], "user", x->param[1], "role", role);
	return 0;
}

static int h_member_delete(struct api *x)
{
	if (!strcmp(x->param[1], x->p.user))
		return err_set(x->e, ERR_INVALID, "user", "you cannot remove your own membership");
	int rc = store_begin(x->st, x->e);
	if (!rc)
		rc = store_member_delete(x->st, x->param[0], x->param[1], x->e);
	if (!rc)
		rc = audit_auth(x, "revoke", "membership", x->param[0], x->param[1], NULL);
	if ((rc = api_tx_end(x, rc)))
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
	{"GET", "/api/v1/tokens", h_tokens, 0, 0},
	{"POST", "/api/v1/tokens", h_token_add, API_BODY, 0},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, 0, 0},
	{"GET", "/api/v1/orgs/{org}/members", h_members, API_ORG, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/members/{user}", h_member_put, API_ORG | API_BODY, PERM_ADMIN},
	{"DELETE", "/api/v1/orgs/{org}/members/{user}", h_member_delete, API_ORG, PERM_ADMIN},
	{NULL, NULL, NULL, 0, 0},
};
