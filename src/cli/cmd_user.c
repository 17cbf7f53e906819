/*
 * cmd_user.c — the server's users and API tokens from the shell: what an
 * operator needs when nobody can log in (a lost TOTP device, a locked
 * administrator) and what scripts need to get a token.
 *
 * An adapter of the use cases in app_user.c: it parses the options, calls
 * the use case as the shell's operator (who NULL: whoever holds the
 * database file may do everything), and prints.  The use case audits each
 * change with the shell's actor.  Its errors name fields as the API does;
 * where the shell has an option of that name, the message names the option
 * (--role, --org, …).
 */
#include <stdio.h>
#include <string.h>

#include "app_user.h"
#include "cli.h"
#include "date.h"
#include "role.h"

/* The use case's outcome, with a field the shell gives as an option (one of opts) named as it: "--role". */
static int as_options(struct cli *c, int rc, const char *const *opts)
{
	for (size_t i = 0; rc && opts[i]; i++)
		if (!strcmp(c->e.field, opts[i])) {
			char opt[sizeof c->e.field];
			snprintf(opt, sizeof opt, "--%s", opts[i]);
			snprintf(c->e.field, sizeof c->e.field, "%s", opt);
			break;
		}
	return rc;
}

/*
 * skjold user list: every user with their roles per organisation, the
 * provider of single sign-on it is linked to ("sso": {"issuer"} or null) and
 * the organisations whose role single sign-on granted ("sso_granted").
 */
static int user_list(struct cli *c, struct app *x)
{
	struct app_user *u;
	size_t n;
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = app_user_list(x, NULL, &u, &n)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *roles = json_object(), *by_sso = json_array();
		for (size_t k = 0; k < u[i].nmembers; k++) {
			json_object_set_new(roles, u[i].members[k].org, json_string(u[i].members[k].role));
			if (u[i].members[k].sso)
				json_array_append_new(by_sso, json_string(u[i].members[k].org));
		}
		json_t *shown = app_user_json(&u[i].u);
		json_array_append_new(arr, json_pack("{sssbsbsbsosOsOso}", "name", u[i].u.name, "admin", u[i].u.admin,
						     "totp_enabled", u[i].u.totp_enabled, "disabled", u[i].u.disabled,
						     "roles", roles, "home_org", json_object_get(shown, "home_org"), "sso",
						     json_object_get(shown, "sso"), "sso_granted", by_sso));
		json_decref(shown);
	}
	return cli_print(arr);
}

/* skjold user show NAME: the user as the API shows it, with its memberships. */
static int user_show(struct cli *c, struct app *x, const char *name)
{
	struct app_user u;
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = app_user_show(x, NULL, name, &u)))
		return rc;
	json_t *o = app_user_json(&u.u);
	json_object_set_new(o, "memberships", app_user_members_json(&u));
	return cli_print(o);
}

/* skjold user link-sso NAME --issuer URL --subject SUB | unlink-sso NAME */
static int user_sso(struct cli *c, struct app *x, const char *verb, const char *name)
{
	bool link = !strcmp(verb, "link-sso");
	const char *issuer = link ? cli_get(c, "issuer") : NULL, *subject = link ? cli_get(c, "subject") : NULL;
	if (link && (!issuer || !subject))
		return err_setm(&c->e, ERR_INVALID, issuer ? "--subject" : "--issuer", "cli.user_sso_options", NULL);
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct app_user u;
	rc = link ? app_user_sso_link(x, NULL, name, issuer, subject, &u.u) : app_user_sso_unlink(x, NULL, name, &u.u);
	if (rc && (!strcmp(c->e.field, "issuer") || !strcmp(c->e.field, "subject"))) {
		char opt[16]; /* the option, as the shell names it */
		snprintf(opt, sizeof opt, "--%s", c->e.field);
		snprintf(c->e.field, sizeof c->e.field, "%s", opt);
	}
	return rc ? rc : cli_print(app_user_json(&u.u));
}

/* skjold user add NAME [--admin true|false] [--display-name TEXT]: prints the one-time password. */
static int user_add(struct cli *c, struct app *x, const char *name)
{
	const char *adm = cli_get(c, "admin");
	struct app_user_new req = {.name = name, .display_name = cli_get(c, "display_name")};
	if (adm && strcmp(adm, "true") && strcmp(adm, "false"))
		return err_setm(&c->e, ERR_INVALID, "--admin", "cli.admin_bool", NULL);
	req.admin = adm && !strcmp(adm, "true");
	struct user_rec u;
	char *pw;
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = app_user_create(x, NULL, &req, &u, &pw)))
		return rc;
	return cli_print(json_pack("{ssss}", "name", name, "password", pw));
}

/* skjold user role NAME --org ID --role ROLE|none */
static int user_role(struct cli *c, struct app *x, const char *name)
{
	static const char *const opts[] = {"org", "role", NULL};
	const char *org = cli_get(c, "org"), *role = cli_get(c, "role");
	if (!org)
		return err_setm(&c->e, ERR_INVALID, "--org", "cli.org_required_user", NULL);
	if (!role || (strcmp(role, "none") && !role_valid(role)))
		return err_setm(&c->e, ERR_INVALID, "--role", "cli.role_or_none", "allowed", role_names(), NULL);
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	rc = strcmp(role, "none") ? app_member_set(x, NULL, org, name, role) : app_member_remove(x, NULL, org, name);
	if (rc)
		return as_options(c, rc, opts);
	return cli_print(json_pack("{ssssss}", "user", name, "org", org, "role", role));
}

/* skjold user totp-off|disable|enable NAME */
static int user_flags(struct cli *c, struct app *x, const char *verb, const char *name)
{
	struct app_user_change ch = {.disabled = APP_USER_KEEP, .admin = APP_USER_KEEP};
	struct user_rec u;
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	if (!strcmp(verb, "totp-off")) {
		rc = app_user_totp_off(x, NULL, name, &u);
	} else {
		ch.disabled = !strcmp(verb, "disable");
		rc = app_user_update(x, NULL, name, &ch, &u);
	}
	if (rc)
		return rc;
	return cli_print(json_pack("{sssbsb}", "name", name, "totp_enabled", u.totp_enabled, "disabled", u.disabled));
}

/* skjold user home NAME --org ID|none */
static int user_home(struct cli *c, struct app *x, const char *name)
{
	const char *org = cli_get(c, "org");
	if (!org)
		return err_setm(&c->e, ERR_INVALID, "--org", "cli.user_home_org", NULL);
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct app_user_change ch = {.disabled = APP_USER_KEEP, .admin = APP_USER_KEEP,
				     .home_org = strcmp(org, "none") ? org : ""};
	struct user_rec u;
	if ((rc = app_user_update(x, NULL, name, &ch, &u))) {
		if (!strcmp(c->e.field, "home_org"))
			snprintf(c->e.field, sizeof c->e.field, "--org");
		return rc;
	}
	return cli_print(app_user_json(&u));
}

int cmd_user(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL, *name = c->npos > 2 ? c->pos[2] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold user add NAME [--admin true] [--display-name TEXT]   (prints a one-time password)\n"
				 "       skjold user list | show NAME   (with the provider of single sign-on and the roles it granted)\n"
				 "       skjold user reset NAME      (a new one-time password; ends the user's sessions)\n"
				 "       skjold user role NAME --org ID --role admin|isk|system_owner|management|auditor|none\n"
				 "       skjold user totp-off NAME   (a lost device: the user enrols again at next login)\n"
				 "       skjold user disable|enable NAME\n"
				 "       skjold user home NAME --org ID|none   (the organisation the web UI opens at sign-in)\n"
				 "       skjold user link-sso NAME --issuer URL --subject SUB   (the provider's sign-in of that identity is NAME)\n"
				 "       skjold user unlink-sso NAME   (takes the identity away; ends the user's sessions)\n");
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct app x = cli_app(c);
	if (!strcmp(verb, "list"))
		return user_list(c, &x);
	if (!name)
		return err_setm(&c->e, ERR_INVALID, "NAME", "user.give_name", NULL);
	if (!strcmp(verb, "add"))
		return user_add(c, &x, name);
	if (!strcmp(verb, "show"))
		return user_show(c, &x, name);
	if (!strcmp(verb, "reset")) {
		char *pw;
		if ((rc = cli_check_unused(c)) || (rc = app_user_reset(&x, NULL, name, &pw)))
			return rc;
		return cli_print(json_pack("{ssss}", "name", name, "password", pw));
	}
	if (!strcmp(verb, "role"))
		return user_role(c, &x, name);
	if (!strcmp(verb, "totp-off") || !strcmp(verb, "disable") || !strcmp(verb, "enable"))
		return user_flags(c, &x, verb, name);
	if (!strcmp(verb, "home"))
		return user_home(c, &x, name);
	if (!strcmp(verb, "link-sso") || !strcmp(verb, "unlink-sso"))
		return user_sso(c, &x, verb, name);
	return err_setm(&c->e, ERR_INVALID, verb, "cli.user_command", "command", verb, NULL);
}

/* skjold token add --user NAME --org ID --role ROLE --name TEXT [--expires DATE] */
static int token_add(struct cli *c, struct app *x)
{
	static const char *const opts[] = {"user", "org", "role", NULL};
	struct app_token_new req = {.user = cli_get(c, "user"), .org = cli_get(c, "org"), .role = cli_get(c, "role"),
				    .name = cli_get(c, "name")};
	const char *exp_text = cli_get(c, "expires");
	if (!req.user || !req.org)
		return err_setm(&c->e, ERR_INVALID, req.user ? "--org" : "--user", "cli.user_org_required", NULL);
	if (exp_text && instant_parse(exp_text, &req.expires_ms))
		return err_setm(&c->e, ERR_INVALID, "--expires", "cli.expires", NULL);
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	if (!role_valid(req.role))
		return err_setm(&c->e, ERR_INVALID, "--role", "cli.role", "allowed", role_names(), NULL);
	struct token_rec t;
	char *secret;
	if ((rc = app_token_create(x, NULL, &req, &t, &secret)))
		return as_options(c, rc, opts);
	return cli_print(json_pack("{sIssssssss}", "id", (json_int_t)t.id, "token", secret, "user", t.user, "org", t.org,
				   "role", t.role));
}

/* skjold token list [--org ID] [--user NAME] */
static int token_list(struct cli *c, struct app *x)
{
	struct token_rec *t;
	size_t n;
	const char *org = cli_get(c, "org"), *user = cli_get(c, "user");
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = app_token_list(x, NULL, user, org, &t, &n)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{sIsssssssssbsb}", "id", (json_int_t)t[i].id, "name", t[i].name,
						     "user", t[i].user, "org", t[i].org, "role", t[i].role, "revoked",
						     t[i].revoked_ms != 0, "expired",
						     t[i].expires_ms && t[i].expires_ms <= x->now_ms));
	return cli_print(arr);
}

/* skjold token revoke ID --org ID */
static int token_revoke(struct cli *c, struct app *x)
{
	const char *org = cli_get(c, "org");
	const char *id = c->npos > 2 ? c->pos[2] : NULL;
	if (!id || !org)
		return err_setm(&c->e, ERR_INVALID, id ? "--org" : "ID", "cli.token_id_org", NULL);
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = app_token_revoke(x, NULL, org, strtoll(id, NULL, 10))))
		return rc;
	return cli_print(json_pack("{sssb}", "token", id, "revoked", 1));
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
	struct app x = cli_app(c);
	if (!strcmp(verb, "add"))
		return token_add(c, &x);
	if (!strcmp(verb, "list"))
		return token_list(c, &x);
	if (!strcmp(verb, "revoke"))
		return token_revoke(c, &x);
	return err_setm(&c->e, ERR_INVALID, verb, "cli.token_command", "command", verb, NULL);
}
