/*
 * app_sso.c — the sign-in by single sign-on (app_sso.h): the user found by
 * (issuer, subject) or created just in time, the SSO-granted memberships made
 * equal to the group mapping, the session and the audit entries, in one
 * transaction on the unscoped store (users are the server's).
 *
 * Audited as the user signing in: "create" user (with "sso": true and never
 * admin), "grant" and "revoke" membership (with "by": "sso"), "login"
 * session (with "method": "sso").  No token, code or secret is recorded.
 */
#include "app_sso.h"

#include <string.h>

#include "audit.h"
#include "auth.h"
#include "jsonx.h"
#include "limit.h"
#include "oidc.h"

static const struct sso_config *oidc_config; /* [oidc]: app_sso_login's */

void app_sso_configure(const struct sso_config *c) { oidc_config = c && c->issuer ? c : NULL; }

const struct sso_config *app_sso_config(void) { return oidc_config; }

static int record(struct app *x, const char *action, const char *entity, const char *org, const char *key,
		  json_t *after)
{
	int rc = audit_record(x->st, x->actor, x->now_ms, action, entity, org, key, NULL, jx_dump(after, x->a), x->e);
	json_decref(after);
	return rc;
}

/* A user name as skjold takes it (auth.c's rule): letters, digits and . _ @ -, 1 to LIMIT_ID. */
static bool name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > LIMIT_ID)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("._@-", *s)))
			return false;
	return true;
}

/* The user of the identity, or a new one named by the username claim. */
static int find_or_create(struct app *x, const struct sso_config *config, json_t *claims, const char *iss,
			  const char *sub, bool may_create, struct user_rec *u, bool *created)
{
	*created = false;
	struct errinfo nf = {0};
	int rc = store_user_get_sso(x->st, iss, sub, x->a, u, &nf);
	if (!rc || nf.code != ERR_NOTFOUND)
		return rc ? err_pass(x->e, &nf) : 0;
	if (!may_create)
		return err_setm(x->e, ERR_DENIED, "", "sso.no_group", NULL);
	/* copies in the arena: the claims are the caller's, and the name outlives them (the request's log) */
	const char *name = oidc_claim_text(claims, config->username_claim, x->a);
	if (!name_ok(name))
		return err_setm(x->e, ERR_UNAUTH, "", "sso.no_username", "claim", config->username_claim, NULL);
	name = arena_strdup(x->a, name);
	struct user_rec old;
	if (!store_user_get(x->st, name, x->a, &old, &nf))
		return err_setm(x->e, ERR_DENIED, "", "sso.name_taken", "name", name, NULL);
	const char *display = oidc_claim_text(claims, "name", x->a);
	struct errinfo de = {0};
	if (!display || auth_display_name_check(display, &de))
		display = name;
	display = arena_strdup(x->a, display);
	/* no password will ever match "!sso" (not a crypto_pwhash string): the provider is the way in */
	*u = (struct user_rec){.name = name, .display_name = display, .pw_hash = "!sso", .sso_issuer = iss,
			       .sso_subject = sub, .created_ms = x->now_ms};
	if ((rc = store_user_put(x->st, u, &u->uid, x->e)))
		return rc;
	*created = true;
	x->actor = name;
	return record(x, "create", "user", NULL, name, json_pack("{sssbsb}", "name", name, "admin", 0, "sso", 1));
}

static const struct member_rec *find_org(const struct member_rec *m, size_t n, const char *org)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].org, org))
			return &m[i];
	return NULL;
}

/* Make the user's SSO-granted memberships equal to want; hand grants stay as they are. */
static int roles_sync(struct app *x, const char *user, const struct member_rec *want, size_t nwant)
{
	struct member_rec *have;
	size_t nhave;
	int rc = store_member_list(x->st, NULL, user, x->a, &have, &nhave, x->e);
	for (size_t i = 0; !rc && i < nhave; i++)
		if (have[i].sso && !find_org(want, nwant, have[i].org) &&
		    !(rc = store_member_delete(x->st, have[i].org, user, x->e)))
			rc = record(x, "revoke", "membership", have[i].org, user, json_pack("{ss}", "by", "sso"));
	for (size_t i = 0; !rc && i < nwant; i++) {
		const struct member_rec *h = find_org(have, nhave, want[i].org);
		if (h && (!h->sso || !strcmp(h->role, want[i].role)))
			continue; /* a hand grant, or already so */
		if (!(rc = store_member_put(x->st, &want[i], x->e)))
			rc = record(x, "grant", "membership", want[i].org, user,
				    json_pack("{ssss}", "role", want[i].role, "by", "sso"));
	}
	return rc;
}

int app_sso_login(struct app *x, json_t *claims, const char **user, char **cookie)
{
	*user = NULL;
	*cookie = NULL;
	if (!oidc_config)
		return err_setm(x->e, ERR_NOTFOUND, "", "sso.not_configured", NULL);
	return app_sso_login_as(x, oidc_config, claims, user, cookie);
}

int app_sso_login_as(struct app *x, const struct sso_config *config, json_t *claims, const char **user, char **cookie)
{
	*user = NULL;
	*cookie = NULL;
	const char *iss = json_string_value(json_object_get(claims, "iss"));
	const char *sub = json_string_value(json_object_get(claims, "sub"));
	if (!iss || !sub)
		return err_setm(x->e, ERR_UNAUTH, "", "sso.token_claim", "claim", iss ? "sub" : "iss", NULL);
	iss = arena_strdup(x->a, iss);
	sub = arena_strdup(x->a, sub);
	const struct store_scope *saved = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	int rc = store_begin(x->st, x->e);
	if (rc) {
		store_scope_set(x->st, saved);
		return rc;
	}
	struct member_rec *want;
	size_t nwant;
	/* the memberships are made for the name found below; the mapping needs it first only for their user */
	struct user_rec u;
	bool created;
	sso_map_apply(&config->map, json_object_get(claims, config->groups_claim), "", x->a, &want, &nwant);
	rc = find_or_create(x, config, claims, iss, sub, nwant > 0, &u, &created);
	if (!rc && u.disabled)
		rc = err_setm(x->e, ERR_UNAUTH, "", "sso.disabled", NULL);
	bool refused = false;
	if (!rc) {
		x->actor = u.name;
		for (size_t i = 0; i < nwant; i++)
			want[i].user = u.name;
		rc = roles_sync(x, u.name, want, nwant);
		refused = !rc && !nwant; /* an existing user whose groups map to nothing: roles gone, no session */
	}
	if (!rc && !refused && !(rc = auth_session_new(x->st, u.uid, x->now_ms, x->a, cookie, x->e)))
		rc = record(x, "login", "session", NULL, u.name, json_pack("{ssss}", "method", "sso", "issuer", iss));
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc)
		store_rollback(x->st);
	store_scope_set(x->st, saved);
	if (!rc && refused)
		return err_setm(x->e, ERR_DENIED, "", "sso.no_group", NULL);
	if (!rc)
		*user = u.name;
	return rc;
}
