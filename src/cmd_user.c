/*
 * cmd_user.c — the server's users and API tokens from the shell: what an
 * operator needs when nobody can log in (a lost TOTP device, a locked
 * administrator) and what scripts need to get a token.  Every change is
 * audited with the shell's actor.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "date.h"
#include "role.h"

static int audited(struct cli *c, const char *action, const char *entity, const char *org, const char *key,
		   const char *after)
{
	return audit_record(c->st, c->actor, c->now_ms, action, entity, org, key, NULL, after, &c->e);
}

/* End the command's transaction: commit when rc is 0, else roll back. */
static int in_tx(struct cli *c, int rc)
{
	if (rc) {
		store_rollback(c->st);
		return rc;
	}
	return store_commit(c->st, &c->e);
}

int cmd_user(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL, *name = c->npos > 2 ? c->pos[2] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold user add NAME [--admin true] [--display-name TEXT]   (prints a one-time password)\n"
				 "       skjold user list\n"
				 "       skjold user reset NAME      (a new one-time password; ends the user's sessions)\n"
				 "       skjold user role NAME --org ID --role admin|isk|system_owner|management|auditor|none\n"
				 "       skjold user totp-off NAME   (a lost device: the user enrols again at next login)\n"
				 "       skjold user disable|enable NAME\n");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (!strcmp(verb, "list")) {
		struct user_rec *u;
		size_t n;
		if ((rc = cli_check_unused(c)) || (rc = store_user_list(c->st, &c->a, &u, &n, &c->e)))
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			struct member_rec *m;
			size_t nm;
			if ((rc = store_member_list(c->st, NULL, u[i].name, &c->a, &m, &nm, &c->e))) {
				json_decref(arr);
				return rc;
			}
			json_t *roles = json_object();
			for (size_t k = 0; k < nm; k++)
				json_object_set_new(roles, m[k].org, json_string(m[k].role));
			json_array_append_new(arr, json_pack("{sssbsbsbso}", "name", u[i].name, "admin", u[i].admin,
							     "totp_enabled", u[i].totp_enabled, "disabled", u[i].disabled,
							     "roles", roles));
		}
		return cli_print(arr);
	}
	if (!name)
		return err_set(&c->e, ERR_INVALID, "NAME", "give the user's name");
	if (!strcmp(verb, "add")) {
		const char *adm = cli_get(c, "admin"), *display = cli_get(c, "display_name");
		if (adm && strcmp(adm, "true") && strcmp(adm, "false"))
			return err_set(&c->e, ERR_INVALID, "--admin", "--admin must be true or false");
		char *pw;
		if ((rc = cli_check_unused(c)) || (rc = store_begin(c->st, &c->e)))
			return rc;
		rc = auth_user_create(c->st, name, display, adm && !strcmp(adm, "true"), c->now_ms, &c->a, &pw, &c->e);
		if (!rc)
			rc = audited(c, "create", "user", NULL, name, NULL);
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{ssss}", "name", name, "password", pw));
	}
	if (!strcmp(verb, "reset")) {
		char *pw;
		if ((rc = cli_check_unused(c)) || (rc = store_begin(c->st, &c->e)))
			return rc;
		rc = auth_user_reset(c->st, name, &c->a, &pw, &c->e);
		if (!rc)
			rc = audited(c, "reset-password", "user", NULL, name, NULL);
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{ssss}", "name", name, "password", pw));
	}
	if (!strcmp(verb, "role")) {
		const char *org = cli_get(c, "org"), *role = cli_get(c, "role");
		if (!org)
			return err_set(&c->e, ERR_INVALID, "--org", "--org is required");
		if (!role || (strcmp(role, "none") && !role_valid(role)))
			return err_set(&c->e, ERR_INVALID, "--role", "--role must be one of %s, or none", role_names());
		struct org o;
		if ((rc = cli_check_unused(c)) || (rc = store_org_get(c->st, org, &c->a, &o, &c->e)) ||
		    (rc = store_begin(c->st, &c->e)))
			return rc;
		struct member_rec m = {name, org, role};
		rc = strcmp(role, "none") ? store_member_put(c->st, &m, &c->e) : store_member_delete(c->st, org, name, &c->e);
		if (!rc)
			rc = audited(c, strcmp(role, "none") ? "grant" : "revoke", "membership", org, name,
				     arena_printf(&c->a, "{\"role\":\"%s\"}", role));
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{ssssss}", "user", name, "org", org, "role", role));
	}
	if (!strcmp(verb, "totp-off") || !strcmp(verb, "disable") || !strcmp(verb, "enable")) {
		struct user_rec u;
		if ((rc = cli_check_unused(c)) || (rc = store_user_get(c->st, name, &c->a, &u, &c->e)) ||
		    (rc = store_begin(c->st, &c->e)))
			return rc;
		if (!strcmp(verb, "totp-off")) {
			u.totp_enabled = 0;
			u.totp_secret = NULL;
		} else {
			u.disabled = !strcmp(verb, "disable");
		}
		rc = store_user_put(c->st, &u, NULL, &c->e);
		if (!rc)
			rc = store_session_delete_user(c->st, u.uid, &c->e);
		if (!rc)
			rc = audited(c, verb, "user", NULL, name, NULL);
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{sssbsb}", "name", name, "totp_enabled", u.totp_enabled, "disabled",
					   u.disabled));
	}
	return err_set(&c->e, ERR_INVALID, verb, "unknown user command '%s' (add, list, reset, role, totp-off)", verb);
}

int cmd_token(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold token add --user NAME --org ID --role ROLE --name TEXT [--expires DATE]\n"
				 "       skjold token list [--org ID] [--user NAME]\n"
				 "       skjold token revoke ID --org ID\n"
				 "  A token acts in one organisation with one role, never beyond its user's own role there.\n"
				 "  It is printed once; only its hash is kept.\n");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (!strcmp(verb, "add")) {
		const char *user = cli_get(c, "user"), *org = cli_get(c, "org"), *role = cli_get(c, "role"),
			   *name = cli_get(c, "name"), *exp_text = cli_get(c, "expires");
		if (!user || !org)
			return err_set(&c->e, ERR_INVALID, user ? "--org" : "--user", "--user and --org are required");
		int64_t exp = 0;
		if (exp_text && instant_parse(exp_text, &exp))
			return err_set(&c->e, ERR_INVALID, "--expires", "--expires must be a date or an instant");
		struct member_rec *m;
		size_t n;
		if ((rc = cli_check_unused(c)) || (rc = store_member_list(c->st, org, user, &c->a, &m, &n, &c->e)))
			return rc;
		if (!role_valid(role))
			return err_set(&c->e, ERR_INVALID, "--role", "--role must be one of %s", role_names());
		if (!n || !role_covers(m[0].role, role))
			return err_set(&c->e, ERR_INVALID, "--role", "%s does not hold a role covering %s in %s", user, role,
				       org);
		char *secret;
		int64_t id;
		if ((rc = store_begin(c->st, &c->e)))
			return rc;
		rc = auth_token_create(c->st, user, org, role, name, exp, c->now_ms, &c->a, &secret, &id, &c->e);
		if (!rc)
			rc = audited(c, "create", "token", org, arena_printf(&c->a, "%lld", (long long)id), NULL);
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{sIssssssss}", "id", (json_int_t)id, "token", secret, "user", user, "org", org,
					   "role", role));
	}
	if (!strcmp(verb, "list")) {
		const char *org = cli_get(c, "org"), *user = cli_get(c, "user");
		struct token_rec *t;
		size_t n;
		if ((rc = cli_check_unused(c)) || (rc = store_token_list(c->st, user, org, &c->a, &t, &n, &c->e)))
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{sIsssssssssbsb}", "id", (json_int_t)t[i].id, "name", t[i].name,
							     "user", t[i].user, "org", t[i].org, "role", t[i].role,
							     "revoked", t[i].revoked_ms != 0, "expired",
							     t[i].expires_ms && t[i].expires_ms <= c->now_ms));
		return cli_print(arr);
	}
	if (!strcmp(verb, "revoke")) {
		const char *org = cli_get(c, "org");
		const char *id = c->npos > 2 ? c->pos[2] : NULL;
		if (!id || !org)
			return err_set(&c->e, ERR_INVALID, id ? "--org" : "ID", "give the token's id and --org");
		if ((rc = cli_check_unused(c)) || (rc = store_begin(c->st, &c->e)))
			return rc;
		rc = store_token_revoke(c->st, org, strtoll(id, NULL, 10), c->now_ms, &c->e);
		if (!rc)
			rc = audited(c, "revoke", "token", org, id, NULL);
		if ((rc = in_tx(c, rc)))
			return rc;
		return cli_print(json_pack("{sssb}", "token", id, "revoked", 1));
	}
	return err_set(&c->e, ERR_INVALID, verb, "unknown token command '%s' (add, list, revoke)", verb);
}
