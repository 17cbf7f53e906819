/*
 * test_auth_policy.c — the session lifetimes and login throttle as runtime
 * settings (auth_policy_set, `[session]` and `[throttle]` in
 * docs/configuration.md), on a temporary SQLite store: a user locked after
 * lock_after failures for lock_base, doubling up to lock_max; a name that is
 * no user locked the same way; a session ended by the idle timeout and by
 * the lifetime; and the defaults being the constants of old.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "auth.h"

static char path[64];
static const int64_t T0 = 1800000000000LL; /* 2027-01-15 */

struct fixture {
	struct store *st;
	struct arena a;
	struct errinfo e;
	char *pw; /* user u's one-time password */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_true(sodium_init() >= 0);
	snprintf(path, sizeof path, "/tmp/skjold-test-auth-policy-%d.db", (int)getpid());
	unlink(path);
	assert_int_equal(store_open(path, &f->st, &f->e), 0);
	arena_init(&f->a);
	assert_int_equal(auth_user_create(f->st, "u", "U", false, T0, &f->a, &f->pw, &f->e), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	static const struct auth_policy defaults = {
		.session_lifetime_ms = AUTH_SESSION_LIFETIME_S * 1000LL, .session_idle_ms = AUTH_SESSION_IDLE_S * 1000LL,
		.lock_after = AUTH_LOCK_AFTER, .lock_base_ms = AUTH_LOCK_BASE_S * 1000LL,
		.lock_max_ms = AUTH_LOCK_MAX_S * 1000LL, .addr_max_failures = AUTH_ADDR_MAX_FAILURES,
		.addr_window_ms = AUTH_ADDR_WINDOW_S * 1000LL,
	};
	auth_policy_set(&defaults);
	store_close(f->st);
	arena_free(&f->a);
	free(f);
	unlink(path);
	char buf[96];
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	return 0;
}

/* A login of user with password at at_s seconds after T0: its result, *retry_s the wait when throttled. */
static int try_login(struct fixture *f, const char *user, const char *pw, int at_s, int *retry_s, char **cookie)
{
	struct errinfo e = {0};
	char *c = NULL;
	int rc = auth_login(f->st, user, pw, NULL, T0 + at_s * 1000LL, &f->a, &c, retry_s, &e);
	if (cookie)
		*cookie = c;
	return rc;
}

static int session_at(struct fixture *f, const char *cookie, int64_t at_ms)
{
	struct errinfo e = {0};
	struct principal p;
	return auth_from_session(f->st, cookie, T0 + at_ms, &f->a, &p, &e);
}

/* Sessions of 100 s at most and 50 s idle; the lock as given. */
static void policy(int lock_after, int64_t lock_base_ms, int64_t lock_max_ms)
{
	auth_policy_set(&(struct auth_policy){.session_lifetime_ms = 100000, .session_idle_ms = 50000,
					      .lock_after = lock_after, .lock_base_ms = lock_base_ms,
					      .lock_max_ms = lock_max_ms, .addr_max_failures = 20, .addr_window_ms = 60000});
}

/* The defaults are the constants the server always had. */
static void test_defaults(void **state)
{
	(void)state;
	const struct auth_policy *p = auth_policy();
	assert_int_equal(p->session_lifetime_ms, 12LL * 3600 * 1000);
	assert_int_equal(p->session_idle_ms, 60LL * 60 * 1000);
	assert_int_equal(p->lock_after, 5);
	assert_int_equal(p->lock_base_ms, 30000);
	assert_int_equal(p->lock_max_ms, 15LL * 60 * 1000);
	assert_int_equal(p->addr_max_failures, 20);
	assert_int_equal(p->addr_window_ms, 60000);
}

/* lock_after 2, base 10 s, max 25 s: 10, 20, then 25 (not 40). */
static void test_lock_doubles_up_to_max(void **state)
{
	struct fixture *f = *state;
	policy(2, 10000, 25000);
	int retry = 0;
	assert_int_equal(try_login(f, "u", "wrong password 1", 0, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "u", f->pw, 0, &retry, NULL), 0); /* one failure locks nothing */
	assert_int_equal(try_login(f, "u", "wrong password 2", 1, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "u", "wrong password 3", 1, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "u", f->pw, 1, &retry, NULL), ERR_THROTTLED);
	assert_int_equal(retry, 10);
	assert_int_equal(try_login(f, "u", "wrong password 4", 11, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "u", f->pw, 11, &retry, NULL), ERR_THROTTLED);
	assert_int_equal(retry, 20);
	assert_int_equal(try_login(f, "u", "wrong password 5", 31, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "u", f->pw, 31, &retry, NULL), ERR_THROTTLED);
	assert_int_equal(retry, 25);
	assert_int_equal(try_login(f, "u", f->pw, 56, &retry, NULL), 0);
	/* a name that is no user: locked after the same count, for the same time */
	assert_int_equal(try_login(f, "nobody", "x", 0, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "nobody", "x", 0, &retry, NULL), ERR_UNAUTH);
	assert_int_equal(try_login(f, "nobody", "x", 0, &retry, NULL), ERR_THROTTLED);
	assert_int_equal(retry, 10);
}

/* idle 50 s: used every 40 s it lives on; unused for 50 s it ends.  lifetime 100 s: it ends then, used or not. */
static void test_session_idle_and_lifetime(void **state)
{
	struct fixture *f = *state;
	policy(5, 30000, 900000);
	int retry = 0;
	char *cookie;
	assert_int_equal(try_login(f, "u", f->pw, 0, &retry, &cookie), 0);
	assert_int_equal(session_at(f, cookie, 40000), 0);
	assert_int_equal(session_at(f, cookie, 80000), 0); /* 40 s after its last use: still within the idle time */
	assert_int_equal(session_at(f, cookie, 99999), 0);
	assert_int_equal(session_at(f, cookie, 100000), ERR_UNAUTH); /* the lifetime */
	assert_int_equal(try_login(f, "u", f->pw, 200, &retry, &cookie), 0);
	assert_int_equal(session_at(f, cookie, 200000 + 49999), 0);
	assert_int_equal(session_at(f, cookie, 200000 + 49999 + 50000), ERR_UNAUTH); /* idle */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_lock_doubles_up_to_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_idle_and_lifetime, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
