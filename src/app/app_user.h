/*
 * app_user.h — the use cases of users, memberships, API tokens, passwords
 * and second factors, shared by the shell (cmd_user.c: skjold user …,
 * skjold token …) and the API (api_auth.c).
 *
 * Who acts is passed in typed: a struct principal (auth.h) for a signed-in
 * user or token, or NULL for the shell's operator, who holds the database
 * file and so may do everything (the rescue path when nobody can log in).
 * The rules of who may do what live here: only a system administrator
 * manages users; an organisation's admin manages its memberships; nobody
 * disables, demotes or removes themselves; a token never makes a token and
 * never carries more than its user's role.  The API checks the coarse ones
 * again before its handler runs (api.c), which is no reason to trust that.
 *
 * Sign-in mechanics stay outside: sessions, cookies, CSRF and login
 * throttling are auth.c's and api_auth.c's.  (docs/internals/app_user.md)
 */
#ifndef SKJOLD_APP_USER_H
#define SKJOLD_APP_USER_H

#include <stdbool.h>

#include "app.h"
#include "auth.h"

/* ---- users (system administrators; the shell) ---- */

/* A user with the roles held per organisation; strings in the app's arena. */
struct app_user {
	struct user_rec u;
	struct member_rec *members;
	size_t nmembers;
};

/*
 * The user as the API shows it and the audit log keeps it: no secret, no
 * hash (name, display_name, admin, totp_enabled, must_change_password,
 * disabled, failed_logins, home_org, and sso: {"issuer"} of the provider the
 * user is linked to, or null; never the subject, docs/sso.md).  The caller
 * owns the result.
 */
json_t *app_user_json(const struct user_rec *u);
/* The user's memberships as shown: [{"org", "role", "sso"}], sso true when single sign-on's mapping granted it. */
json_t *app_user_members_json(const struct app_user *u);

/* Every user with their memberships, by name; *out in the app's arena. */
int app_user_list(struct app *x, const struct principal *who, struct app_user **out, size_t *n);
/* One user with their memberships; ERR_NOTFOUND when there is none. */
int app_user_show(struct app *x, const struct principal *who, const char *name, struct app_user *out);

struct app_user_new {
	const char *name;
	const char *display_name; /* NULL: the name */
	bool admin;               /* a system administrator */
};
/*
 * Create a user with a one-time password (*password, in the arena), who
 * must change it at first login; audited without the password.  A name
 * that exists is ERR_CONFLICT naming "name".  *out is the user as stored.
 */
int app_user_create(struct app *x, const struct principal *who, const struct app_user_new *req, struct user_rec *out,
		    char **password);

/* What a change sets: APP_USER_KEEP leaves a flag as it is; display_name NULL likewise. */
#define APP_USER_KEEP (-1)
struct app_user_change {
	const char *display_name;
	int disabled; /* 0, 1 or APP_USER_KEEP */
	int admin;    /* 0, 1 or APP_USER_KEEP */
	const char *home_org; /* an organisation the user acts in (or any, for a system administrator); "" clears */
};
/*
 * Change a user's display name, disabled or administrator flag, merged onto
 * the row as it is inside the transaction; a disabled user's sessions end.
 * Nobody disables themselves or takes away their own administration
 * (ERR_INVALID naming "disabled" or "admin").  Audited as "update" with the
 * user after.  *out is the user as stored.
 */
int app_user_update(struct app *x, const struct principal *who, const char *name, const struct app_user_change *ch,
		    struct user_rec *out);
/* A new one-time password (*password, in the arena); the user's sessions end. */
/*
 * Link the user name to the single sign-on identity (issuer, subject), so
 * that the provider's sign-in of that identity is this user (docs/sso.md,
 * "Linking"): a system administrator's (or the shell's).  The issuer is an
 * https:// address (http:// to the loopback only), the subject 1 to 255
 * characters without control characters; an identity another user holds is
 * ERR_CONFLICT.  A one-time password not yet changed stops working (a
 * password the user chose keeps working).  Audited as link-sso with the user as app_user_json shows it
 * (the issuer, never the subject).
 */
int app_user_sso_link(struct app *x, const struct principal *who, const char *name, const char *issuer,
		      const char *subject, struct user_rec *out);
/* Take the identity away (audited as unlink-sso) and end the user's sessions; ERR_INVALID when there is none. */
int app_user_sso_unlink(struct app *x, const struct principal *who, const char *name, struct user_rec *out);
int app_user_reset(struct app *x, const struct principal *who, const char *name, char **password);
/*
 * Turn a user's second factor off (a lost device: they enrol again at the
 * next login); their sessions end.  *out is the user as stored.
 */
int app_user_totp_off(struct app *x, const struct principal *who, const char *name, struct user_rec *out);

/* Record a user's successful log-in in the audit log (the sign-in itself is auth.c's). */
int app_user_login_record(struct app *x, const char *user);

/* ---- one's own password and second factor (a signed-in user, not a token) ---- */

/*
 * Change who's password after checking the old one.  Both are required
 * (ERR_INVALID naming "old" or "new" when missing); a wrong old one is
 * ERR_DENIED naming "old".  Every session of the user ends, inside the
 * caller's transaction when there is one, so a new session can join the
 * same commit.
 */
int app_user_password_change(struct app *x, const struct principal *who, const char *old, const char *pw);
/* Start TOTP enrolment: a new unconfirmed secret; *secret and *uri in the arena. */
int app_user_totp_begin(struct app *x, const struct principal *who, const char **secret, const char **uri);
/* Confirm enrolment with a current code; audited as "totp-enable". */
int app_user_totp_confirm(struct app *x, const struct principal *who, const char *code);

/* ---- memberships (an organisation's admin; the shell) ---- */

/* The members of org with their roles; ERR_NOTFOUND when who cannot see org. */
int app_member_list(struct app *x, const struct principal *who, const char *org, struct member_rec **out,
		    size_t *n);
/* Give user role in org (a role.h name), audited as "grant"; org must exist. */
int app_member_set(struct app *x, const struct principal *who, const char *org, const char *user, const char *role);
/* Take user's role in org away, audited as "revoke"; nobody removes their own. */
int app_member_remove(struct app *x, const struct principal *who, const char *org, const char *user);

/* ---- API tokens ---- */

struct app_token_new {
	const char *user; /* whose: NULL for who's own; only the shell names another user */
	const char *org, *role, *name;
	int64_t expires_ms; /* 0: no expiry; else in the future */
};
/*
 * Issue a token acting in org with role, never beyond its user's own role
 * there.  *secret (in the arena) is shown once; only its hash is kept.
 * *out is the token as stored (its strings borrowed from req).  Audited
 * as "create" with name, role and user.
 */
int app_token_create(struct app *x, const struct principal *who, const struct app_token_new *req,
		     struct token_rec *out, char **secret);
/*
 * The tokens who may see: a principal's own and every token of the
 * organisations it administers (user and org are ignored); the shell's,
 * those of user and org (NULL: any).  *out in the arena.
 */
int app_token_list(struct app *x, const struct principal *who, const char *user, const char *org,
		   struct token_rec **out, size_t *n);
/*
 * Revoke token id.  A principal revokes one it may see (org, when not NULL,
 * must be the token's); the shell names the token's org.  ERR_NOTFOUND
 * naming "id" when there is no such token for the caller.
 */
int app_token_revoke(struct app *x, const struct principal *who, const char *org, int64_t id);

/*
 * The system administrator who creates an organisation (POST /api/v1/orgs,
 * or an import that creates it) becomes its admin, audited as a grant; the
 * caller holds the transaction and has checked that the organisation is new.
 */
int app_member_grant_creator(struct app *x, const char *org, const char *user);

#endif
