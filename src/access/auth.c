/*
 * auth.c — users, sessions, API tokens, TOTP and login throttling.
 *
 * Design:
 *  - Passwords: argon2id through libsodium's crypto_pwhash_str at the
 *    "interactive" limits; verification is constant-time inside libsodium.
 *  - Session ids and API tokens are 32 random bytes, base64url; only their
 *    BLAKE2b-256 hash is stored, so a copy of the database gives no one a
 *    login.  A login always makes a new session id (no fixation: the server
 *    never adopts an id the client brings).
 *  - Throttling: after lock_after (5) consecutive failures a user is locked
 *    for lock_base (30 s), doubling with each further failure up to lock_max
 *    (15 min); the server adds a per-address limit in front (api_auth.c).
 *    These and the session lifetimes are the policy (auth_policy_set),
 *    settings of `skjold serve` with the same defaults as ever.  A wrong user name costs the
 *    same password hash as a wrong password, so timing does not tell names.
 *  - TOTP (RFC 6238, totp.c): a code is accepted once — its time step must be
 *    later than the last accepted one.  System administrators and
 *    organisation admins must enrol before they can do anything else.
 */
#include "auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "limit.h"
#include "role.h"
#include "totp.h"

static struct auth_policy policy = {
	.session_lifetime_ms = AUTH_SESSION_LIFETIME_S * 1000LL,
	.session_idle_ms = AUTH_SESSION_IDLE_S * 1000LL,
	.lock_after = AUTH_LOCK_AFTER,
	.lock_base_ms = AUTH_LOCK_BASE_S * 1000LL,
	.lock_max_ms = AUTH_LOCK_MAX_S * 1000LL,
	.addr_max_failures = AUTH_ADDR_MAX_FAILURES,
	.addr_window_ms = AUTH_ADDR_WINDOW_S * 1000LL,
};

void auth_policy_set(const struct auth_policy *p)
{
	ASSERT(p->session_lifetime_ms > 0 && p->session_idle_ms > 0 && p->lock_after > 0 && p->lock_base_ms > 0 &&
	       p->lock_max_ms >= p->lock_base_ms && p->addr_max_failures > 0 && p->addr_window_ms > 0);
	policy = *p;
}

const struct auth_policy *auth_policy(void) { return &policy; }

const char *auth_role(const struct principal *p, const char *org)
{
	for (size_t i = 0; org && i < p->nmembers; i++)
		if (!strcmp(p->members[i].org, org))
			return p->members[i].role;
	return NULL;
}

bool auth_can(const struct principal *p, const char *org, unsigned perm)
{
	return (role_perms(auth_role(p, org)) & perm) == perm;
}

static char *random_b64(struct arena *a, size_t nbytes)
{
	unsigned char raw[48];
	ASSERT(nbytes <= sizeof raw);
	randombytes_buf(raw, nbytes);
	size_t len = sodium_base64_ENCODED_LEN(nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}

static void secret_hash(const char *secret, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)secret, strlen(secret), NULL, 0);
}

char *auth_password_random(struct arena *a)
{
	/* 15 bytes = 20 base64url characters, 120 bits */
	return random_b64(a, 15);
}

int auth_password_check(const char *pw, const char *field, struct errinfo *e)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < AUTH_PASSWORD_MIN)
		return err_setm(e, ERR_INVALID, field, "auth.password_short", "min", err_num((char[24]){0},
				(long long)(AUTH_PASSWORD_MIN)), NULL);
	if (n > AUTH_PASSWORD_MAX)
		return err_setm(e, ERR_INVALID, field, "auth.password_long", "max", err_num((char[24]){0},
				(long long)(AUTH_PASSWORD_MAX)), NULL);
	return 0;
}

static int hash_password(const char *pw, struct arena *a, const char **out, struct errinfo *e)
{
	char *h = arena_alloc(a, crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(h, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_setm(e, ERR_NOMEM, "", "auth.hash_nomem", NULL);
	*out = h;
	return 0;
}

static int valid_user_name(const char *name, struct errinfo *e)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 1 || n > LIMIT_ID)
		return err_setm(e, ERR_INVALID, "name", "auth.name_length", "max", err_num((char[24]){0},
				(long long)(LIMIT_ID)), NULL);
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("._@-", *c)))
			return err_setm(e, ERR_INVALID, "name", "auth.name_chars", "name", name, NULL);
	return 0;
}

int auth_display_name_check(const char *display_name, struct errinfo *e)
{
	return limit_text(display_name, strlen(display_name), LIMIT_NAME, "display_name", "display_name", e);
}

int auth_user_create(struct store *st, const char *name, const char *display_name, bool admin, int64_t now_ms,
		     struct arena *a, char **password, struct errinfo *e)
{
	int rc = valid_user_name(name, e);
	if (rc || (display_name && (rc = auth_display_name_check(display_name, e))))
		return rc;
	struct user_rec old;
	struct errinfo nf = {0};
	if (store_user_get(st, name, a, &old, &nf) == 0)
		return err_setm(e, ERR_CONFLICT, "name", "auth.user_exists", "name", name, NULL);
	char *pw = auth_password_random(a);
	struct user_rec u = {.name = name, .display_name = display_name ? display_name : name, .admin = admin,
			     .must_change_pw = 1, .created_ms = now_ms};
	if ((rc = hash_password(pw, a, &u.pw_hash, e)))
		return rc;
	if ((rc = store_user_put(st, &u, NULL, e)))
		return rc;
	*password = pw;
	return 0;
}

int auth_user_reset(struct store *st, const char *name, struct arena *a, char **password, struct errinfo *e)
{
	struct user_rec u;
	int rc = store_user_get(st, name, a, &u, e);
	if (rc)
		return rc;
	char *pw = auth_password_random(a);
	if ((rc = hash_password(pw, a, &u.pw_hash, e)))
		return rc;
	u.must_change_pw = 1;
	u.failed_logins = 0;
	u.locked_until_ms = 0;
	if ((rc = store_user_put(st, &u, NULL, e)) || (rc = store_session_delete_user(st, u.uid, e)))
		return rc;
	*password = pw;
	return 0;
}

int auth_password_set(struct store *st, const char *name, const char *old, const char *pw, struct errinfo *e)
{
	struct arena a;
	arena_init(&a);
	struct user_rec u;
	int rc = auth_password_check(pw, "new", e);
	if (!rc)
		rc = store_user_get(st, name, &a, &u, e);
	if (!rc && old && crypto_pwhash_str_verify(u.pw_hash, old, strlen(old)) != 0)
		rc = err_setm(e, ERR_DENIED, "old", "auth.old_password", NULL);
	if (!rc && crypto_pwhash_str_verify(u.pw_hash, pw, strlen(pw)) == 0)
		rc = err_setm(e, ERR_INVALID, "new", "auth.same_password", NULL);
	if (!rc)
		rc = hash_password(pw, &a, &u.pw_hash, e);
	if (!rc) {
		u.must_change_pw = 0;
		rc = store_user_put(st, &u, NULL, e);
	}
	arena_free(&a);
	return rc;
}

/* A password hash to spend time on when the user does not exist. */
static const char *dummy_hash(void)
{
	static char h[crypto_pwhash_STRBYTES];
	if (!h[0] && crypto_pwhash_str(h, "skjold-no-such-user", 19, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		h[0] = 0;
	return h;
}

/*
 * Failed logins under names that are not users are counted and locked just
 * like real ones (in memory), so a lock does not tell that a name exists.
 */
#define GHOSTS 1024
static pthread_mutex_t ghost_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char name[AUTH_PASSWORD_MAX + 1];
	int failed;
	int64_t locked_until_ms;
} ghosts[GHOSTS];

static int64_t lock_until(int failed, int64_t now_ms)
{
	if (failed < policy.lock_after)
		return 0;
	/* base << (failed - lock_after), capped: doubled step by step so no shift overflows */
	int64_t lock = policy.lock_base_ms;
	for (int i = policy.lock_after; i < failed && lock < policy.lock_max_ms; i++)
		lock *= 2;
	return now_ms + (lock > policy.lock_max_ms ? policy.lock_max_ms : lock);
}

/* The ghost's lock (seconds left) before a try, or count a failed try; 0 when not locked. */
static int ghost(const char *name, int64_t now_ms, bool fail)
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, (const unsigned char *)name, strlen(name), NULL, 0);
	size_t i = ((size_t)h[0] | (size_t)h[1] << 8) % GHOSTS;
	pthread_mutex_lock(&ghost_lock);
	if (strcmp(ghosts[i].name, name)) {
		snprintf(ghosts[i].name, sizeof ghosts[i].name, "%s", name);
		ghosts[i].failed = 0;
		ghosts[i].locked_until_ms = 0;
	}
	int wait = 0;
	if (ghosts[i].locked_until_ms > now_ms)
		wait = (int)((ghosts[i].locked_until_ms - now_ms + 999) / 1000);
	else if (fail)
		ghosts[i].locked_until_ms = lock_until(++ghosts[i].failed, now_ms);
	pthread_mutex_unlock(&ghost_lock);
	return wait;
}

int auth_session_new(struct store *st, int64_t uid, int64_t now_ms, struct arena *a, char **cookie, struct errinfo *e)
{
	struct session_rec s = {.uid = uid, .created_ms = now_ms, .expires_ms = now_ms + policy.session_lifetime_ms,
				.last_seen_ms = now_ms};
	char *id = random_b64(a, 32);
	secret_hash(id, s.hash);
	s.csrf = random_b64(a, 24);
	int rc = store_session_put(st, &s, e);
	if (!rc)
		*cookie = id;
	return rc;
}

static int login(struct store *st, const char *user, const char *password, const char *totp, int64_t now_ms,
		 struct arena *a, char **cookie, int *retry_s, struct errinfo *e);

/*
 * One immediate transaction around the whole check: two logins with the same
 * TOTP code at the same moment are serialised, and the second sees the step
 * the first used (no replay); a failure's count is committed either way.
 */
int auth_login(struct store *st, const char *user, const char *password, const char *totp, int64_t now_ms,
	       struct arena *a, char **cookie, int *retry_s, struct errinfo *e)
{
	int rc = store_begin(st, e);
	if (rc)
		return rc;
	rc = login(st, user, password, totp, now_ms, a, cookie, retry_s, e);
	struct errinfo ce = {0};
	int crc = store_commit(st, &ce);
	if (crc) {
		store_rollback(st);
		return rc ? rc : err_pass(e, &ce);
	}
	return rc;
}

static int login(struct store *st, const char *user, const char *password, const char *totp, int64_t now_ms,
		 struct arena *a, char **cookie, int *retry_s, struct errinfo *e)
{
	*retry_s = 0;
	if (!user || !password)
		return err_setm(e, ERR_INVALID, user ? "password" : "user", "auth.give_credentials", NULL);
	if (strlen(password) > AUTH_PASSWORD_MAX)
		return err_setm(e, ERR_UNAUTH, "", "auth.wrong", NULL);
	struct user_rec u;
	struct errinfo nf = {0};
	if (store_user_get(st, user, a, &u, &nf) != 0) {
		if (nf.code != ERR_NOTFOUND)
			return err_pass(e, &nf);
		if ((*retry_s = ghost(user, now_ms, false)))
			return err_setm(e, ERR_THROTTLED, "", "auth.throttled", "seconds", err_num((char[24]){0},
					(long long)(*retry_s)), NULL);
		ghost(user, now_ms, true);
		if (crypto_pwhash_str_verify(dummy_hash(), password, strlen(password)) == 0)
			ASSERT(!"the dummy hash matched");
		return err_setm(e, ERR_UNAUTH, "", "auth.wrong", NULL);
	}
	if (u.locked_until_ms > now_ms) {
		*retry_s = (int)((u.locked_until_ms - now_ms + 999) / 1000);
		return err_setm(e, ERR_THROTTLED, "", "auth.throttled", "seconds", err_num((char[24]){0},
				(long long)(*retry_s)), NULL);
	}
	bool ok = crypto_pwhash_str_verify(u.pw_hash, password, strlen(password)) == 0 && !u.disabled;
	int64_t step = 0;
	bool code_missing = false;
	if (ok && u.totp_enabled) {
		unsigned char key[64];
		size_t klen = 0;
		if (!totp || !*totp) {
			ok = false;
			code_missing = true;
		} else if (!u.totp_secret || totp_b32_decode(u.totp_secret, key, sizeof key, &klen) ||
			   totp_verify(key, klen, now_ms / 1000, totp, 1, &step) || step <= u.totp_last_step) {
			ok = false;
		}
		sodium_memzero(key, sizeof key);
	}
	if (!ok) {
		if (code_missing)
			return err_setm(e, ERR_UNAUTH, "totp", "auth.totp_needed", NULL);
		u.failed_logins++;
		if (u.failed_logins >= policy.lock_after)
			u.locked_until_ms = lock_until(u.failed_logins, now_ms);
		int rc = store_user_put(st, &u, NULL, e);
		return rc ? rc : err_setm(e, ERR_UNAUTH, "", "auth.wrong", NULL);
	}
	/* an organisation that requires single sign-on keeps its users' passwords out; a system
	 * administrator always gets in with password and TOTP (break-glass, docs/sso.md).  Told only
	 * after the password and code were right, so a stranger does not learn who is where. */
	if (!u.admin) {
		const char *org;
		int rc = store_user_sso_required(st, u.uid, a, &org, e);
		if (rc)
			return rc;
		if (org)
			return err_setm(e, ERR_DENIED, "", "auth.sso_required", "org", org, NULL);
	}
	u.failed_logins = 0;
	u.locked_until_ms = 0;
	if (step)
		u.totp_last_step = step;
	int rc = store_user_put(st, &u, NULL, e);
	return rc ? rc : auth_session_new(st, u.uid, now_ms, a, cookie, e);
}

int auth_logout(struct store *st, const char *cookie, struct errinfo *e)
{
	if (!cookie)
		return 0;
	unsigned char h[32];
	secret_hash(cookie, h);
	return store_session_delete(st, h, e);
}

/* Fill the principal's user fields, memberships and scope. */
void auth_scope(struct arena *a, struct principal *p)
{
	p->scope.grants = arena_alloc(a, (p->nmembers + 1) * sizeof *p->scope.grants);
	p->scope.n = 0;
	for (size_t i = 0; i < p->nmembers; i++)
		p->scope.grants[p->scope.n++] = (struct store_grant){p->members[i].org, role_grant(p->members[i].role)};
}

/* What a session must do before anything else. */
static const char *session_next(const struct principal *p)
{
	if (p->must_change_pw)
		return "change_password";
	bool needs_totp = p->admin;
	for (size_t i = 0; i < p->nmembers; i++)
		needs_totp |= !strcmp(p->members[i].role, "admin");
	return needs_totp && !p->totp_enabled ? "enroll_totp" : NULL;
}

int auth_refresh(struct store *st, struct arena *a, struct principal *p, struct errinfo *e)
{
	if (!p->via_token) {
		p->gens = NULL; /* the roles are read again, their generations are not */
		int rc = store_member_list(st, NULL, p->user, a, &p->members, &p->nmembers, e);
		if (rc)
			return rc;
		p->next = session_next(p);
	}
	auth_scope(a, p);
	return 0;
}

/*
 * The caller's roles as store_caller_get read them (rows with org NULL: no
 * role), with their organisations' write generations beside them.
 */
static void caller_members(const struct caller_rec *c, size_t n, struct arena *a, struct principal *p)
{
	p->members = arena_alloc(a, (n ? n : 1) * sizeof *p->members);
	p->gens = arena_alloc(a, (n ? n : 1) * sizeof *p->gens);
	p->nmembers = 0;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].org)
			continue;
		p->gens[p->nmembers] = c[i].gen;
		p->members[p->nmembers++] = (struct member_rec){c[i].user, c[i].org, c[i].role, 0};
	}
}

/*
 * A session and a token are each read in one statement with their user,
 * roles and the roles' write generations (store_caller_get): the server
 * runs this on every request, and a cached answer needs nothing more.
 */
int auth_from_session(struct store *st, const char *cookie, int64_t now_ms, struct arena *a, struct principal *p,
		      struct errinfo *e)
{
	memset(p, 0, sizeof *p);
	if (!cookie || strlen(cookie) > 128)
		return err_setm(e, ERR_UNAUTH, "", "auth.login_first", NULL);
	struct caller_rec *c;
	size_t n;
	struct errinfo nf = {0};
	secret_hash(cookie, p->session_hash);
	if (store_caller_get(st, false, p->session_hash, a, &c, &n, &nf))
		return nf.code == ERR_NOTFOUND ? err_setm(e, ERR_UNAUTH, "", "auth.session_ended", NULL)
					       : err_pass(e, &nf);
	if (now_ms >= c->expires_ms || now_ms - c->last_seen_ms >= policy.session_idle_ms) {
		(void)store_session_delete(st, p->session_hash, &nf);
		return err_setm(e, ERR_UNAUTH, "", "auth.session_expired", NULL);
	}
	if (c->disabled)
		return err_setm(e, ERR_UNAUTH, "", "auth.disabled", NULL);
	p->uid = c->uid;
	p->user = c->user;
	p->display_name = c->display_name;
	p->home_org = c->home_org;
	p->admin = c->admin;
	p->totp_enabled = c->totp_enabled;
	p->must_change_pw = c->must_change_pw;
	p->csrf = c->csrf;
	/* touching every request would make every read a write: once a minute (a tenth of a shorter
	   idle timeout) is enough for the idle clock */
	int64_t touch_ms = policy.session_idle_ms / 10 < 60000 ? policy.session_idle_ms / 10 : 60000;
	int rc;
	if (now_ms - c->last_seen_ms > touch_ms && (rc = store_session_touch(st, p->session_hash, now_ms, e)))
		return rc;
	caller_members(c, n, a, p);
	p->next = session_next(p);
	auth_scope(a, p);
	return 0;
}

int auth_from_token(struct store *st, const char *token, int64_t now_ms, struct arena *a, struct principal *p,
		    struct errinfo *e)
{
	memset(p, 0, sizeof *p);
	if (!token || strncmp(token, "skj_", 4) != 0 || strlen(token) > 128)
		return err_setm(e, ERR_UNAUTH, "", "auth.not_token", NULL);
	unsigned char h[32];
	secret_hash(token, h);
	struct caller_rec *c;
	size_t n;
	struct errinfo nf = {0};
	if (store_caller_get(st, true, h, a, &c, &n, &nf))
		return nf.code == ERR_NOTFOUND ? err_setm(e, ERR_UNAUTH, "", "auth.unknown_token", NULL)
					       : err_pass(e, &nf);
	if (c->revoked_ms)
		return err_setm(e, ERR_UNAUTH, "", "auth.token_revoked", NULL);
	if (c->expires_ms && now_ms >= c->expires_ms)
		return err_setm(e, ERR_UNAUTH, "", "auth.token_expired", NULL);
	if (c->disabled)
		return err_setm(e, ERR_UNAUTH, "", "auth.token_user_disabled", NULL);
	p->uid = c->uid;
	p->user = c->user;
	p->display_name = c->display_name;
	p->via_token = true;
	p->token_id = c->tid;
	/* a token acts with its own role, but never beyond what its user still holds there */
	caller_members(c, n, a, p);
	if (!p->nmembers || !role_covers(p->members[0].role, c->token_role))
		return err_setm(e, ERR_UNAUTH, "", "auth.token_role_gone", "role", c->token_role, "org", c->token_org,
				NULL);
	p->members[0].role = c->token_role;
	auth_scope(a, p);
	return 0;
}

int auth_from_sso(struct store *st, const char *issuer, const char *subject, struct arena *a, struct principal *p,
		  struct errinfo *e)
{
	memset(p, 0, sizeof *p);
	struct user_rec u;
	struct errinfo nf = {0};
	if (store_user_get_sso(st, issuer, subject, a, &u, &nf))
		return nf.code == ERR_NOTFOUND ? err_setm(e, ERR_UNAUTH, "", "sso.unknown_user", NULL)
					       : err_pass(e, &nf);
	if (u.disabled)
		return err_setm(e, ERR_UNAUTH, "", "auth.disabled", NULL);
	p->uid = u.uid;
	p->user = u.name;
	p->display_name = u.display_name;
	p->home_org = u.home_org;
	p->admin = u.admin;
	p->totp_enabled = u.totp_enabled;
	p->via_token = true;
	p->via_sso = true;
	int rc = store_member_list(st, NULL, p->user, a, &p->members, &p->nmembers, e);
	if (rc)
		return rc;
	auth_scope(a, p);
	return 0;
}

int auth_totp_begin(struct store *st, const char *user, struct arena *a, const char **secret, const char **uri,
		    struct errinfo *e)
{
	struct user_rec u;
	int rc = store_user_get(st, user, a, &u, e);
	if (rc)
		return rc;
	if (u.totp_enabled)
		return err_setm(e, ERR_CONFLICT, "totp", "auth.totp_enabled_user", NULL);
	char b32[TOTP_SECRET_B32_LEN + 1];
	if (totp_secret_new(b32, sizeof b32))
		return err_setm(e, ERR_INTERNAL, "", "auth.totp_secret", NULL);
	u.totp_secret = arena_strdup(a, b32);
	if ((rc = store_user_put(st, &u, NULL, e)))
		return rc;
	char *text = totp_uri("skjold", user, b32);
	if (!text)
		return err_setm(e, ERR_INVALID, "name", "auth.totp_uri", NULL);
	*uri = arena_strdup(a, text);
	free(text);
	*secret = u.totp_secret;
	return 0;
}

int auth_totp_confirm(struct store *st, const char *user, const char *code, int64_t now_ms, struct errinfo *e)
{
	struct arena a;
	arena_init(&a);
	struct user_rec u;
	int rc = store_user_get(st, user, &a, &u, e);
	unsigned char key[64];
	size_t klen = 0;
	int64_t step = 0;
	if (!rc && u.totp_enabled)
		rc = err_setm(e, ERR_CONFLICT, "code", "auth.totp_enabled", NULL);
	if (!rc && (!u.totp_secret || totp_b32_decode(u.totp_secret, key, sizeof key, &klen)))
		rc = err_setm(e, ERR_INVALID, "code", "auth.totp_start", NULL);
	if (!rc && (!code || totp_verify(key, klen, now_ms / 1000, code, 1, &step)))
		rc = err_setm(e, ERR_INVALID, "code", "auth.totp_mismatch", NULL);
	if (!rc) {
		u.totp_enabled = 1;
		u.totp_last_step = step;
		rc = store_user_put(st, &u, NULL, e);
	}
	sodium_memzero(key, sizeof key);
	arena_free(&a);
	return rc;
}

int auth_token_create(struct store *st, const char *user, const char *org, const char *role, const char *name,
		      int64_t expires_ms, int64_t now_ms, struct arena *a, char **secret, int64_t *id,
		      struct errinfo *e)
{
	if (!role_valid(role))
		return err_setm(e, ERR_INVALID, "role", "auth.role", "allowed", role_names(), NULL);
	if (!name || !*name)
		return err_setm(e, ERR_INVALID, "name", "auth.token_name", "max", err_num((char[24]){0},
				(long long)(LIMIT_NAME)), NULL);
	int rc = limit_text(name, strlen(name), LIMIT_NAME, "name", "the token's name", e);
	if (rc)
		return rc;
	if (expires_ms && expires_ms <= now_ms)
		return err_setm(e, ERR_INVALID, "expires", "auth.expiry_past", NULL);
	char *tok = arena_printf(a, "skj_%s", random_b64(a, 32));
	struct token_rec t = {.name = name, .user = user, .org = org, .role = role, .created_ms = now_ms,
			      .expires_ms = expires_ms};
	secret_hash(tok, t.hash);
	rc = store_token_add(st, &t, id, e);
	if (!rc)
		*secret = tok;
	return rc;
}
