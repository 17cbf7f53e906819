/*
 * auth.h — who is calling: users, passwords, sessions, API tokens, TOTP,
 * login throttling, and the principal a request runs as.
 *
 * Every call here runs on an unscoped store (the server's bookkeeping); the
 * principal it yields carries the store scope that the request then runs
 * under, so every later query is limited to the caller's organisations.
 *
 * Secrets: passwords are kept as argon2id strings (libsodium crypto_pwhash),
 * session ids and API tokens only as BLAKE2b-256 hashes; the plain value is
 * shown once and never stored.  Ownership: strings in a principal belong to
 * the arena passed in.
 */
#ifndef SKJOLD_AUTH_H
#define SKJOLD_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"
#include "store/store.h"

#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 256

/*
 * Session lifetimes and login throttling: runtime settings (`[session]`,
 * `[throttle]`, docs/configuration.md) whose defaults are these.
 */
#define AUTH_SESSION_LIFETIME_S (12 * 3600) /* absolute session lifetime */
#define AUTH_SESSION_IDLE_S 3600            /* idle timeout */
#define AUTH_LOCK_AFTER 5                   /* consecutive failures before a user is locked for a while */
#define AUTH_LOCK_BASE_S 30                 /* the first lock; doubles with each further failure ... */
#define AUTH_LOCK_MAX_S 900                 /* ... up to this */
#define AUTH_ADDR_MAX_FAILURES 20           /* failed logins from one address ... */
#define AUTH_ADDR_WINDOW_S 60               /* ... within this window, before the address waits */

struct auth_policy {
	int64_t session_lifetime_ms, session_idle_ms;
	int lock_after;
	int64_t lock_base_ms, lock_max_ms;
	int addr_max_failures;
	int64_t addr_window_ms;
};

/*
 * Replace the policy (the defaults above until then).  Call before any
 * thread starts (`skjold serve` does, from its configuration); afterwards
 * it is only read.  The caller has checked the ranges (lock_max_ms >=
 * lock_base_ms, every value positive).
 */
void auth_policy_set(const struct auth_policy *p);
/* The policy in force (never NULL; static storage). */
const struct auth_policy *auth_policy(void);

struct principal {
	int64_t uid;
	const char *user, *display_name;
	const char *home_org; /* the organisation the web UI opens at sign-in, NULL: the first membership */
	bool admin;        /* system administrator */
	bool totp_enabled, must_change_pw;
	bool via_token;    /* an API token, bound to one organisation and role, or a provider's token (via_sso) */
	bool via_sso;      /* an access token of the single sign-on provider (no cookie, the user's roles) */
	int64_t token_id;
	unsigned char session_hash[32];
	const char *csrf;  /* the session's CSRF token (NULL for a token) */
	const char *next;  /* "change_password", "enroll_totp" or NULL: what the session must do first */
	struct member_rec *members; /* the roles this principal acts with */
	size_t nmembers;
	int64_t *gens; /* members[i].org's write generation as read with them (NULL: not read) */
	struct store_scope scope;   /* grants built from members */
};

/* The role the principal holds in org, or NULL. */
const char *auth_role(const struct principal *p, const char *org);
/* Does the principal hold perm (role.h) in org? */
bool auth_can(const struct principal *p, const char *org, unsigned perm);

/* A fresh random password of 20 characters (one-time passwords), in a. */
char *auth_password_random(struct arena *a);
/* Check a new password's length; the message names field. */
int auth_password_check(const char *pw, const char *field, struct errinfo *e);

/* Check a display name: valid UTF-8 of at most LIMIT_NAME bytes (limit.h), naming "display_name". */
int auth_display_name_check(const char *display_name, struct errinfo *e);
/* Create a user with a one-time password (*password, in a), who must change it at first login. */
int auth_user_create(struct store *st, const char *name, const char *display_name, bool admin, int64_t now_ms,
		     struct arena *a, char **password, struct errinfo *e);
/* Give the user a new one-time password and end their sessions. */
int auth_user_reset(struct store *st, const char *name, struct arena *a, char **password, struct errinfo *e);
/* Set a password the user chose (after checking old when old is not NULL); sessions are the caller's. */
int auth_password_set(struct store *st, const char *name, const char *old, const char *pw, struct errinfo *e);

/*
 * Log in: checks the lock, the password and (when enabled) the TOTP code,
 * counts failures, and creates a session.  *cookie (in a) is the session
 * id for the cookie.  ERR_UNAUTH for any wrong credential (one message, so
 * it does not tell which was wrong), field "totp" when only the code is
 * missing, ERR_THROTTLED while locked (*retry_s the seconds left),
 * ERR_DENIED ("auth.sso_required") when the credentials were right but an
 * organisation of the user's requires single sign-on and the user is not a
 * system administrator.
 */
int auth_login(struct store *st, const char *user, const char *password, const char *totp, int64_t now_ms,
	       struct arena *a, char **cookie, int *retry_s, struct errinfo *e);
/* A new session for uid with its own CSRF token; *cookie (in a) is its id for the cookie. */
int auth_session_new(struct store *st, int64_t uid, int64_t now_ms, struct arena *a, char **cookie, struct errinfo *e);
/* End the session whose cookie value is given (no error when there is none). */
int auth_logout(struct store *st, const char *cookie, struct errinfo *e);

/* The principal behind a session cookie value or an API token; ERR_UNAUTH when invalid, expired or revoked. */
int auth_from_session(struct store *st, const char *cookie, int64_t now_ms, struct arena *a, struct principal *p,
		      struct errinfo *e);
int auth_from_token(struct store *st, const char *token, int64_t now_ms, struct arena *a, struct principal *p,
		    struct errinfo *e);
/*
 * The principal behind a single sign-on identity (issuer, subject) whose
 * access token the caller has checked: the user's own roles, no session, no
 * CSRF (the token travels in a header).  ERR_UNAUTH when no user has the
 * identity (users are created by the web sign-in only) or the user is disabled.
 */
int auth_from_sso(struct store *st, const char *issuer, const char *subject, struct arena *a, struct principal *p,
		  struct errinfo *e);
/* Rebuild the principal's store scope from its members (after adding one). */
void auth_scope(struct arena *a, struct principal *p);
/* Re-read the principal's memberships (after a change) and rebuild its scope; needs the unscoped store. */
int auth_refresh(struct store *st, struct arena *a, struct principal *p, struct errinfo *e);

/* Start TOTP enrolment: a new secret kept unconfirmed; *secret and *uri in a. */
int auth_totp_begin(struct store *st, const char *user, struct arena *a, const char **secret, const char **uri,
		    struct errinfo *e);
/* Confirm enrolment with a current code. */
int auth_totp_confirm(struct store *st, const char *user, const char *code, int64_t now_ms, struct errinfo *e);

/*
 * A new API token for org with role, created by user (who must hold a role
 * covering it there, checked by the caller).  *secret (in a) is shown once.
 * expires_ms 0 = no expiry.
 */
int auth_token_create(struct store *st, const char *user, const char *org, const char *role, const char *name,
		      int64_t expires_ms, int64_t now_ms, struct arena *a, char **secret, int64_t *id,
		      struct errinfo *e);

#endif
