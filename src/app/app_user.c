/*
 * app_user.c — the use cases of users, memberships, API tokens, passwords
 * and second factors (app_user.h).
 *
 * Each write is one transaction (a savepoint inside the server's request
 * transaction) that reads what it depends on inside it — the user a change
 * merges onto, the token a revoke names — and appends its audit entry
 * before it commits; secrets never reach the audit log.
 *
 * Users are the server's, not an organisation's: their use cases run on the
 * unscoped store and put the caller's scope back before they return.
 * Memberships and tokens belong to an organisation and run on the store as
 * given, so the server's scope still limits them.  The audit entry is
 * always written unscoped (a user's entry names no organisation).
 */
#include <string.h>

#include "app_user.h"
#include "limit.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

/* ---- what every use case here shares ---- */

/* Open the use case's transaction; unscoped: on the store without the caller's scope (*saved to put back). */
static int tx_begin(struct app *x, bool unscoped, const struct store_scope **saved)
{
	*saved = store_scope_get(x->st);
	if (unscoped)
		store_scope_set(x->st, NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		store_scope_set(x->st, *saved);
	return rc;
}

/* End it: commit when rc is 0, else roll back; the scope is put back either way. */
static int tx_end(struct app *x, const struct store_scope *saved, int rc)
{
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc)
		store_rollback(x->st);
	store_scope_set(x->st, saved);
	return rc;
}

/* Append the audit entry as the app's actor; after (taken, may be NULL) is the state after. */
static int audited(struct app *x, const char *action, const char *entity, const char *org, const char *key,
		   json_t *after)
{
	const struct store_scope *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	int rc = audit_record(x->st, x->actor, x->now_ms, action, entity, org, key, NULL,
			      after ? jx_dump(after, x->a) : NULL, x->e);
	store_scope_set(x->st, sc);
	json_decref(after);
	return rc;
}

/* Users are a system administrator's (or the shell's) to manage. */
static int need_sysadmin(struct app *x, const struct principal *who)
{
	if (who && !who->admin)
		return err_setm(x->e, ERR_DENIED, "", "access.sysadmin_only", NULL);
	return 0;
}

/* One's own password and second factor: a signed-in user, not a token and not the shell. */
static int need_own_login(struct app *x, const struct principal *who, const char *what)
{
	if (!who)
		return err_setm(x->e, ERR_INVALID, "user", "user.signed_in_only", NULL);
	if (who->via_token)
		return err_setm(x->e, ERR_DENIED, "", "user.login_to", "what", what, NULL);
	return 0;
}

/* An organisation's memberships are its admins' (or the shell's); "not yours" is "not there". */
static int need_org(struct app *x, const struct principal *who, const char *org, unsigned perm)
{
	if (!org || !*org)
		return err_setm(x->e, ERR_INVALID, "org", "input.required_org", NULL);
	if (!(store_scope_grant(x->st, org) & STORE_GRANT_READ))
		return err_setm(x->e, ERR_NOTFOUND, "org", "org.not_found", "id", org, NULL);
	if (who && !auth_can(who, org, perm)) {
		const char *role = auth_role(who, org);
		return err_setm(x->e, ERR_DENIED, "", "access.role_denied", "role", role ? role : "none", "org", org,
				NULL);
	}
	return 0;
}

/* org must exist (read inside the transaction); the store names the shell's option, this names "org". */
static int org_exists(struct app *x, const char *org)
{
	struct org o;
	int rc = store_org_get(x->st, org, x->a, &o, x->e);
	if (rc && !strcmp(x->e->field, "--org"))
		snprintf(x->e->field, sizeof x->e->field, "org");
	return rc;
}

/* ---- users ---- */

int app_user_login_record(struct app *x, const char *user)
{
	return audited(x, "login", "session", NULL, user, NULL);
}

json_t *app_user_json(const struct user_rec *u)
{
	json_t *o = json_pack("{sssssbsbsbsbsi}", "name", u->name, "display_name", u->display_name ? u->display_name : "",
			      "admin", u->admin, "totp_enabled", u->totp_enabled, "must_change_password",
			      u->must_change_pw, "disabled", u->disabled, "failed_logins", u->failed_logins);
	json_object_set_new(o, "home_org", u->home_org ? json_string(u->home_org) : json_null());
	/* the provider, not the subject: the identity that finds the user stays out of lists and the audit log */
	json_object_set_new(o, "sso", u->sso_issuer ? json_pack("{ss}", "issuer", u->sso_issuer) : json_null());
	return o;
}

json_t *app_user_members_json(const struct app_user *u)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < u->nmembers; i++)
		json_array_append_new(arr, json_pack("{sssssb}", "org", u->members[i].org, "role", u->members[i].role,
						     "sso", u->members[i].sso != 0));
	return arr;
}

/* The user's memberships into out (the store unscoped). */
static int with_members(struct app *x, struct app_user *out)
{
	return store_member_list(x->st, NULL, out->u.name, x->a, &out->members, &out->nmembers, x->e);
}

int app_user_list(struct app *x, const struct principal *who, struct app_user **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = need_sysadmin(x, who);
	if (rc)
		return rc;
	const struct store_scope *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	struct user_rec *u;
	size_t nu;
	rc = store_user_list(x->st, x->a, &u, &nu, x->e);
	struct app_user *list = rc ? NULL : arena_alloc(x->a, (nu ? nu : 1) * sizeof *list);
	for (size_t i = 0; !rc && i < nu; i++) {
		list[i] = (struct app_user){.u = u[i]};
		rc = with_members(x, &list[i]);
	}
	store_scope_set(x->st, sc);
	if (!rc) {
		*out = list;
		*n = nu;
	}
	return rc;
}

int app_user_show(struct app *x, const struct principal *who, const char *name, struct app_user *out)
{
	*out = (struct app_user){0};
	int rc = need_sysadmin(x, who);
	if (rc)
		return rc;
	if (!name || !*name)
		return err_setm(x->e, ERR_INVALID, "name", "user.give_name", NULL);
	const struct store_scope *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	rc = store_user_get(x->st, name, x->a, &out->u, x->e);
	if (!rc)
		rc = with_members(x, out);
	store_scope_set(x->st, sc);
	return rc;
}

int app_user_create(struct app *x, const struct principal *who, const struct app_user_new *req, struct user_rec *out,
		    char **password)
{
	*password = NULL;
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	char *pw = NULL;
	rc = auth_user_create(x->st, req->name, req->display_name, req->admin, x->now_ms, x->a, &pw, x->e);
	if (!rc)
		rc = audited(x, "create", "user", NULL, req->name, json_pack("{sssb}", "name", req->name, "admin", req->admin));
	if (!rc)
		rc = store_user_get(x->st, req->name, x->a, out, x->e);
	if ((rc = tx_end(x, sc, rc)))
		return rc;
	*password = pw;
	return 0;
}

/*
 * The user's home organisation: one they hold a role in, or any organisation for a
 * system administrator (who may act for every one); "" clears it.
 */
static int home_change(struct app *x, const char *org, struct user_rec *u)
{
	if (!*org) {
		u->home_org = NULL;
		return 0;
	}
	int rc = limit_id(org, strlen(org), "home_org", "home organisation", x->e);
	if (rc)
		return rc;
	rc = org_exists(x, org);
	if (rc) {
		err_clear(x->e);
		return err_setm(x->e, ERR_INVALID, "home_org", "user.home_no_org", "org", org, NULL);
	}
	if (!u->admin) {
		struct member_rec *m;
		size_t n;
		if ((rc = store_member_list(x->st, org, u->name, x->a, &m, &n, x->e)))
			return rc;
		if (!n)
			return err_setm(x->e, ERR_INVALID, "home_org", "user.home_no_role", "user", u->name, "org", org, NULL);
	}
	u->home_org = org;
	return 0;
}

/* Apply ch to u, checking what the caller may change about itself. */
static int user_change(struct app *x, const struct principal *who, const struct app_user_change *ch,
		       struct user_rec *u)
{
	int rc;
	if (ch->display_name) {
		if ((rc = auth_display_name_check(ch->display_name, x->e)))
			return rc;
		u->display_name = ch->display_name;
	}
	if (ch->disabled != APP_USER_KEEP)
		u->disabled = ch->disabled != 0;
	if (ch->admin != APP_USER_KEEP)
		u->admin = ch->admin != 0;
	if (who && u->uid == who->uid && (u->disabled || !u->admin))
		return err_setm(x->e, ERR_INVALID, u->disabled ? "disabled" : "admin", "user.not_yourself", NULL);
	if (ch->home_org)
		return home_change(x, ch->home_org, u);
	return 0;
}

int app_user_update(struct app *x, const struct principal *who, const char *name, const struct app_user_change *ch,
		    struct user_rec *out)
{
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	rc = store_user_get(x->st, name, x->a, out, x->e);
	if (!rc)
		rc = user_change(x, who, ch, out);
	if (!rc)
		rc = store_user_put(x->st, out, NULL, x->e);
	if (!rc && out->disabled)
		rc = store_session_delete_user(x->st, out->uid, x->e);
	if (!rc)
		rc = audited(x, "update", "user", NULL, out->name, app_user_json(out));
	return tx_end(x, sc, rc);
}

/* A provider's address: https://, or http:// to the loopback (a test provider), at most 255 characters. */
static bool issuer_ok(const char *s)
{
	if (!s || strlen(s) > 255 || strpbrk(s, " \t\r\n"))
		return false;
	if (!strncmp(s, "https://", 8))
		return s[8] != 0;
	return !strncmp(s, "http://127.0.0.1", 16) || !strncmp(s, "http://localhost", 16) ||
	       !strncmp(s, "http://[::1]", 12);
}

static bool subject_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 255)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int app_user_sso_link(struct app *x, const struct principal *who, const char *name, const char *issuer,
		      const char *subject, struct user_rec *out)
{
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc)
		return rc;
	if (!issuer_ok(issuer))
		return err_setm(x->e, ERR_INVALID, "issuer", "user.sso_issuer", NULL);
	if (!subject_ok(subject))
		return err_setm(x->e, ERR_INVALID, "subject", "user.sso_subject", NULL);
	if ((rc = tx_begin(x, true, &sc)))
		return rc;
	rc = store_user_get(x->st, name, x->a, out, x->e);
	struct user_rec other;
	struct errinfo nf = {0};
	int orc = rc ? 0 : store_user_get_sso(x->st, issuer, subject, x->a, &other, &nf);
	if (!rc && orc == 0 && other.uid != out->uid)
		rc = err_setm(x->e, ERR_CONFLICT, "subject", "user.sso_taken", "user", other.name, NULL);
	else if (!rc && orc && orc != ERR_NOTFOUND)
		rc = err_pass(x->e, &nf);
	if (!rc) {
		out->sso_issuer = issuer;
		out->sso_subject = subject;
		/* a one-time password never changed is nobody's: the provider is the way in now */
		if (out->must_change_pw) {
			out->pw_hash = "!sso";
			out->must_change_pw = 0;
		}
		rc = store_user_put(x->st, out, NULL, x->e);
	}
	if (!rc)
		rc = audited(x, "link-sso", "user", NULL, out->name, app_user_json(out));
	return tx_end(x, sc, rc);
}

int app_user_sso_unlink(struct app *x, const struct principal *who, const char *name, struct user_rec *out)
{
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	rc = store_user_get(x->st, name, x->a, out, x->e);
	if (!rc && !out->sso_issuer)
		rc = err_setm(x->e, ERR_INVALID, "sso", "user.sso_not_linked", "user", name, NULL);
	if (!rc) {
		out->sso_issuer = NULL;
		out->sso_subject = NULL;
		rc = store_user_put(x->st, out, NULL, x->e);
	}
	if (!rc)
		rc = store_session_delete_user(x->st, out->uid, x->e);
	if (!rc)
		rc = audited(x, "unlink-sso", "user", NULL, out->name, app_user_json(out));
	return tx_end(x, sc, rc);
}

int app_user_reset(struct app *x, const struct principal *who, const char *name, char **password)
{
	*password = NULL;
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	char *pw = NULL;
	rc = auth_user_reset(x->st, name, x->a, &pw, x->e);
	if (!rc)
		rc = audited(x, "reset-password", "user", NULL, name, NULL);
	if ((rc = tx_end(x, sc, rc)))
		return rc;
	*password = pw;
	return 0;
}

int app_user_totp_off(struct app *x, const struct principal *who, const char *name, struct user_rec *out)
{
	const struct store_scope *sc;
	int rc = need_sysadmin(x, who);
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	rc = store_user_get(x->st, name, x->a, out, x->e);
	if (!rc) {
		out->totp_enabled = 0;
		out->totp_secret = NULL;
		rc = store_user_put(x->st, out, NULL, x->e);
	}
	if (!rc)
		rc = store_session_delete_user(x->st, out->uid, x->e);
	if (!rc)
		rc = audited(x, "totp-off", "user", NULL, name, NULL);
	return tx_end(x, sc, rc);
}

/* ---- one's own password and second factor ---- */

int app_user_password_change(struct app *x, const struct principal *who, const char *old, const char *pw)
{
	const struct store_scope *sc;
	int rc = need_own_login(x, who, "change it");
	if (rc)
		return rc;
	if (!old || !pw)
		return err_setm(x->e, ERR_INVALID, old ? "new" : "old", "input.required", "key", old ? "new" : "old",
				NULL);
	if ((rc = tx_begin(x, true, &sc)))
		return rc;
	rc = auth_password_set(x->st, who->user, old, pw, x->e);
	if (!rc)
		rc = store_session_delete_user(x->st, who->uid, x->e);
	if (!rc)
		rc = audited(x, "password", "user", NULL, who->user, NULL);
	return tx_end(x, sc, rc);
}

int app_user_totp_begin(struct app *x, const struct principal *who, const char **secret, const char **uri)
{
	const struct store_scope *sc;
	int rc = need_own_login(x, who, "enrol TOTP");
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	rc = auth_totp_begin(x->st, who->user, x->a, secret, uri, x->e);
	return tx_end(x, sc, rc);
}

int app_user_totp_confirm(struct app *x, const struct principal *who, const char *code)
{
	const struct store_scope *sc;
	int rc = need_own_login(x, who, "enrol TOTP");
	if (rc || (rc = tx_begin(x, true, &sc)))
		return rc;
	rc = auth_totp_confirm(x->st, who->user, code, x->now_ms, x->e);
	if (!rc)
		rc = audited(x, "totp-enable", "user", NULL, who->user, NULL);
	return tx_end(x, sc, rc);
}

/* ---- memberships ---- */

int app_member_list(struct app *x, const struct principal *who, const char *org, struct member_rec **out,
		    size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = need_org(x, who, org, PERM_READ);
	if (rc)
		return rc;
	return store_member_list(x->st, org, NULL, x->a, out, n, x->e);
}

int app_member_set(struct app *x, const struct principal *who, const char *org, const char *user, const char *role)
{
	int rc = need_org(x, who, org, PERM_ADMIN);
	if (rc)
		return rc;
	if (!role_valid(role))
		return err_setm(x->e, ERR_INVALID, "role", "auth.role", "allowed", role_names(), NULL);
	const struct store_scope *sc;
	if ((rc = tx_begin(x, false, &sc)))
		return rc;
	rc = org_exists(x, org);
	struct member_rec m = {user, org, role, 0};
	if (!rc)
		rc = store_member_put(x->st, &m, x->e);
	if (!rc)
		rc = audited(x, "grant", "membership", org, user, json_pack("{ss}", "role", role));
	return tx_end(x, sc, rc);
}

int app_member_remove(struct app *x, const struct principal *who, const char *org, const char *user)
{
	int rc = need_org(x, who, org, PERM_ADMIN);
	if (rc)
		return rc;
	if (who && !strcmp(user, who->user))
		return err_setm(x->e, ERR_INVALID, "user", "user.own_membership", NULL);
	const struct store_scope *sc;
	if ((rc = tx_begin(x, false, &sc)))
		return rc;
	rc = org_exists(x, org);
	if (!rc)
		rc = store_member_delete(x->st, org, user, x->e);
	if (!rc)
		rc = audited(x, "revoke", "membership", org, user, NULL);
	return tx_end(x, sc, rc);
}

/* ---- tokens ---- */

/* May the token's user (the shell names one) issue a token of req->role in req->org? */
static int token_role_allowed(struct app *x, const struct principal *who, const struct app_token_new *req,
			      const char *user)
{
	if (!role_valid(req->role))
		return err_setm(x->e, ERR_INVALID, "role", "auth.role", "allowed", role_names(), NULL);
	if (who) {
		if (!role_covers(auth_role(who, req->org), req->role))
			return err_setm(x->e, ERR_DENIED, "role", "user.token_rights", "role", auth_role(who,
					req->org), NULL);
		return 0;
	}
	struct member_rec *m;
	size_t n;
	int rc = store_member_list(x->st, req->org, user, x->a, &m, &n, x->e);
	if (rc)
		return rc;
	if (!n || !role_covers(m[0].role, req->role))
		return err_setm(x->e, ERR_INVALID, "role", "user.role_not_held", "user", user, "role", req->role,
				"org", req->org, NULL);
	return 0;
}

int app_token_create(struct app *x, const struct principal *who, const struct app_token_new *req,
		     struct token_rec *out, char **secret)
{
	*secret = NULL;
	const char *user = req->user;
	if (who) {
		if (who->via_token)
			return err_setm(x->e, ERR_DENIED, "", "user.token_makes_token", NULL);
		if (user && strcmp(user, who->user))
			return err_setm(x->e, ERR_DENIED, "user", "user.token_other", NULL);
		user = who->user;
	}
	if (!user || !*user)
		return err_setm(x->e, ERR_INVALID, "user", "input.required_user", NULL);
	if (!req->org || !*req->org)
		return err_setm(x->e, ERR_INVALID, "org", "input.required_org", NULL);
	if (who && !(store_scope_grant(x->st, req->org) & STORE_GRANT_READ))
		return err_setm(x->e, ERR_NOTFOUND, "org", "org.not_found", "id", req->org, NULL);
	const struct store_scope *sc;
	int rc = tx_begin(x, false, &sc);
	if (rc)
		return rc;
	char *tok = NULL;
	int64_t id = 0;
	rc = token_role_allowed(x, who, req, user);
	if (!rc)
		rc = auth_token_create(x->st, user, req->org, req->role, req->name, req->expires_ms, x->now_ms, x->a, &tok,
				       &id, x->e);
	if (!rc)
		rc = audited(x, "create", "token", req->org, arena_printf(x->a, "%lld", (long long)id),
			     json_pack("{ssssss}", "name", req->name, "role", req->role, "user", user));
	if ((rc = tx_end(x, sc, rc)))
		return rc;
	*out = (struct token_rec){.id = id, .name = req->name, .user = user, .org = req->org, .role = req->role,
				  .created_ms = x->now_ms, .expires_ms = req->expires_ms};
	*secret = tok;
	return 0;
}

/* Append t to the list being built in the arena (*cap its room). */
static void token_append(struct app *x, struct token_rec **list, size_t *n, size_t *cap, const struct token_rec *t)
{
	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		struct token_rec *grown = arena_alloc(x->a, ncap * sizeof *grown);
		if (*n)
			memcpy(grown, *list, *n * sizeof *grown);
		*list = grown;
		*cap = ncap;
	}
	(*list)[(*n)++] = *t;
}

/* A principal's own tokens, then the others' of every organisation it administers. */
static int tokens_visible(struct app *x, const struct principal *who, struct token_rec **out, size_t *n)
{
	struct token_rec *t;
	size_t nt, cap = 0;
	int rc = store_token_list(x->st, who->user, NULL, x->a, &t, &nt, x->e);
	for (size_t i = 0; !rc && i < nt; i++)
		token_append(x, out, n, &cap, &t[i]);
	for (size_t m = 0; !rc && m < who->nmembers; m++) {
		if (!auth_can(who, who->members[m].org, PERM_ADMIN))
			continue;
		rc = store_token_list(x->st, NULL, who->members[m].org, x->a, &t, &nt, x->e);
		for (size_t i = 0; !rc && i < nt; i++)
			if (strcmp(t[i].user, who->user))
				token_append(x, out, n, &cap, &t[i]);
	}
	return rc;
}

int app_token_list(struct app *x, const struct principal *who, const char *user, const char *org,
		   struct token_rec **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (who)
		return tokens_visible(x, who, out, n);
	return store_token_list(x->st, user, org, x->a, out, n, x->e);
}

int app_token_revoke(struct app *x, const struct principal *who, const char *org, int64_t id)
{
	const struct store_scope *sc;
	int rc = tx_begin(x, false, &sc);
	if (rc)
		return rc;
	if (who) { /* find it among what the caller may see: "not yours" is "not there" */
		struct token_rec *t = NULL;
		size_t n = 0;
		const struct token_rec *hit = NULL;
		rc = tokens_visible(x, who, &t, &n);
		for (size_t i = 0; !rc && i < n; i++)
			if (t[i].id == id && (!org || !strcmp(org, t[i].org)))
				hit = &t[i];
		if (!rc && !hit)
			rc = err_setm(x->e, ERR_NOTFOUND, "id", "user.no_token", "id", err_num((char[24]){0},
				      (long long)((long long)id)), NULL);
		if (!rc)
			org = hit->org;
	} else if (!org || !*org) {
		rc = err_setm(x->e, ERR_INVALID, "org", "user.token_org", NULL);
	}
	if (!rc)
		rc = store_token_revoke(x->st, org, id, x->now_ms, x->e);
	if (!rc)
		rc = audited(x, "revoke", "token", org, arena_printf(x->a, "%lld", (long long)id), NULL);
	return tx_end(x, sc, rc);
}

int app_member_grant_creator(struct app *x, const char *org, const char *user)
{
	struct member_rec m = {user, org, "admin", 0};
	int rc = store_member_put(x->st, &m, x->e);
	if (!rc)
		rc = audit_record(x->st, x->actor, x->now_ms, "grant", "membership", org, user, NULL,
				  "{\"role\":\"admin\"}", x->e);
	return rc;
}
