/*
 * test_app_sso.c — single sign-on's use case (src/app/app_sso.c) and its
 * group mapping (src/access/sso_map.c) on a temporary SQLite store, with
 * checked claims handed in as the server would after the ID token passed:
 * the first sign-in creates the user with exactly the mapped roles and not
 * as an administrator; no mapped group creates nobody and changes nothing;
 * later sign-ins make the SSO roles equal to the mapping beside a hand
 * grant; a disabled user and a name held by a password user are refused
 * without a change; the identity, not the name, finds the user.  The group
 * map's syntax and its strongest-role rule are held to their contract.
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

#include "app_sso.h"
#include "app_user.h"
#include "date.h"

#define ISS "https://idp.example/realms/k"

static char path[64];
static struct arena A;
static struct store *st;
static struct errinfo E;
static struct app X;
static struct sso_config cfg;

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/skjold-test-app-sso-%d.db", (int)getpid());
	unlink(path);
	assert_int_equal(store_open(path, &st, &E), 0);
	arena_init(&A);
	int64_t now;
	assert_int_equal(instant_parse("2026-11-02T10:00:00+01:00", &now), 0);
	X = (struct app){.st = st, .actor = "anonymous@api", .now_ms = now, .today = instant_cph_date(now), .a = &A,
			 .e = &E};
	cfg = (struct sso_config){.issuer = ISS, .client_id = "skjold", .username_claim = "preferred_username",
				  .groups_claim = "groups", .skew_s = 60};
	assert_int_equal(sso_map_parse("g-isk=k:isk, g-rev = k : auditor, g-bank=b:management, g-kadm=k:admin", &A,
				       "group_map", &cfg.map, &E),
			 0);
	app_sso_configure(&cfg);
	const char *orgs[] = {"k", "b"};
	for (size_t i = 0; i < 2; i++) {
		struct org o = {.id = orgs[i], .name = orgs[i], .kind = ORG_MUNICIPALITY, .nis2 = "essential",
				.risk_appetite = LEVEL_MEDIUM, .work_start_min = 480, .work_end_min = 960,
				.procedure_reviewed_on = DATE_NONE};
		assert_int_equal(store_org_put(st, &o, &E), 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	arena_free(&A);
	unlink(path);
	return 0;
}

/* Claims of the ID token: sub, preferred_username and groups (a JSON array text). */
static json_t *claims(const char *sub, const char *name, const char *groups)
{
	json_t *c = json_pack("{ssssss}", "iss", ISS, "sub", sub, "preferred_username", name);
	json_object_set_new(c, "groups", json_loads(groups, 0, NULL));
	return c;
}

static int login(const char *sub, const char *name, const char *groups)
{
	json_t *c = claims(sub, name, groups);
	const char *user;
	char *cookie;
	err_clear(&E);
	X.actor = "anonymous@api";
	int rc = app_sso_login(&X, c, &user, &cookie);
	json_decref(c);
	if (!rc) {
		assert_non_null(cookie);
		assert_non_null(user);
	}
	return rc;
}

/* The user's roles as "org:role[*]" (* for an SSO grant), sorted by organisation, comma-separated. */
static const char *roles(const char *user)
{
	struct member_rec *m;
	size_t n;
	assert_int_equal(store_member_list(st, NULL, user, &A, &m, &n, &E), 0);
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&A, "%s%s%s:%s%s", out, i ? "," : "", m[i].org, m[i].role, m[i].sso ? "*" : "");
	return out;
}

static int64_t audit_count(void)
{
	int64_t seq = 0;
	unsigned char h[32];
	assert_int_equal(store_audit_head(st, &seq, h, &E), 0);
	return seq;
}

static void test_map_parse(void **state)
{
	(void)state;
	struct sso_map m;
	assert_int_equal(cfg.map.n, 4);
	assert_string_equal(cfg.map.e[1].group, "g-rev");
	assert_string_equal(cfg.map.e[1].org, "k");
	assert_string_equal(cfg.map.e[1].role, "auditor");
	/* a group name with = and : is split at the last = and the last : after it */
	assert_int_equal(sso_map_parse("CN=isk,OU=x=k:isk", &A, "f", &m, &E), ERR_INVALID); /* the comma splits */
	err_clear(&E);
	assert_int_equal(sso_map_parse("/skjold/isk=k:isk", &A, "f", &m, &E), 0);
	assert_string_equal(m.e[0].group, "/skjold/isk");
	static const char *const bad[] = {"", "g", "g=k", "=k:isk", "g=:isk", "g=k:owner", "g=k:isk,", "g=k:isk,,h=b:isk",
					  "g=k\x01:isk"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sso_map_parse(bad[i], &A, "oidc.group_map", &m, &E), ERR_INVALID);
		assert_string_equal(E.field, "oidc.group_map");
		err_clear(&E);
	}
}

static void test_map_apply(void **state)
{
	(void)state;
	struct member_rec *m;
	size_t n;
	json_t *g = json_loads("[\"g-rev\", \"g-isk\", \"other\", 7]", 0, NULL);
	sso_map_apply(&cfg.map, g, "u", &A, &m, &n);
	assert_int_equal(n, 1); /* k once: isk has more permissions than auditor */
	assert_string_equal(m[0].org, "k");
	assert_string_equal(m[0].role, "isk");
	assert_int_equal(m[0].sso, 1);
	json_decref(g);
	g = json_string("g-bank"); /* one group as a string */
	sso_map_apply(&cfg.map, g, "u", &A, &m, &n);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].role, "management");
	json_decref(g);
	sso_map_apply(&cfg.map, NULL, "u", &A, &m, &n); /* no groups claim */
	assert_int_equal(n, 0);
}

static void test_first_login(void **state)
{
	(void)state;
	int64_t before = audit_count();
	/* no mapped group: nobody created, nothing written */
	assert_int_equal(login("s-carl", "carl", "[\"marketing\"]"), ERR_DENIED);
	assert_string_equal(E.msg_code, "sso.no_group");
	struct user_rec u;
	assert_int_equal(store_user_get(st, "carl", &A, &u, &E), ERR_NOTFOUND);
	assert_int_equal(audit_count(), before);
	/* mapped: exactly those roles, never a system administrator */
	assert_int_equal(login("s-anne", "anne", "[\"g-isk\", \"g-bank\"]"), 0);
	assert_int_equal(store_user_get(st, "anne", &A, &u, &E), 0);
	assert_false(u.admin);
	assert_false(u.must_change_pw);
	assert_string_equal(u.sso_issuer, ISS);
	assert_string_equal(u.sso_subject, "s-anne");
	assert_string_equal(roles("anne"), "b:management*,k:isk*");
	/* create, two grants, login */
	assert_int_equal(audit_count(), before + 4);
	/* an organisation's admin role only when a group maps to it */
	assert_int_equal(login("s-kim", "kim", "[\"g-kadm\"]"), 0);
	assert_int_equal(store_user_get(st, "kim", &A, &u, &E), 0);
	assert_false(u.admin);
	assert_string_equal(roles("kim"), "k:admin*");
	/* a name that is no skjold user name */
	assert_int_equal(login("s-x", "x y", "[\"g-isk\"]"), ERR_UNAUTH);
	assert_string_equal(E.msg_code, "sso.no_username");
}

static void test_roles_follow(void **state)
{
	(void)state;
	assert_int_equal(login("s-bo", "bo", "[\"g-isk\", \"g-bank\"]"), 0);
	/* a hand grant beside the SSO ones, and one over an SSO grant */
	struct app hand = X;
	hand.actor = "op@test";
	assert_int_equal(app_member_set(&hand, NULL, "b", "bo", "auditor"), 0);
	assert_string_equal(roles("bo"), "b:auditor,k:isk*");
	/* groups changed at the provider: k's role follows, b stays the hand's */
	assert_int_equal(login("s-bo", "bo", "[\"g-rev\"]"), 0);
	assert_string_equal(roles("bo"), "b:auditor,k:auditor*");
	/* every mapped group gone: the SSO roles go, the hand grant stays, the sign-in is refused */
	assert_int_equal(login("s-bo", "bo", "[]"), ERR_DENIED);
	assert_string_equal(E.msg_code, "sso.no_group");
	assert_string_equal(roles("bo"), "b:auditor");
	/* the identity finds the user, whatever the name says now */
	assert_int_equal(login("s-bo", "bo-renamed", "[\"g-isk\"]"), 0);
	assert_string_equal(roles("bo"), "b:auditor,k:isk*");
	struct user_rec u;
	assert_int_equal(store_user_get(st, "bo-renamed", &A, &u, &E), ERR_NOTFOUND);
}

static void test_refused_unchanged(void **state)
{
	(void)state;
	struct app op = X;
	op.actor = "op@test";
	struct user_rec u;
	char *pw;
	struct app_user_new nu = {.name = "erik"};
	assert_int_equal(app_user_create(&op, NULL, &nu, &u, &pw), 0);
	int64_t before = audit_count();
	/* a password user's name is not taken over by another identity */
	assert_int_equal(login("s-erik", "erik", "[\"g-isk\"]"), ERR_DENIED);
	assert_string_equal(E.msg_code, "sso.name_taken");
	assert_string_equal(roles("erik"), "");
	assert_int_equal(audit_count(), before);
	/* a disabled user stays out and keeps their roles */
	assert_int_equal(login("s-dina", "dina", "[\"g-isk\"]"), 0);
	struct app_user_change ch = {.disabled = 1, .admin = APP_USER_KEEP};
	assert_int_equal(app_user_update(&op, NULL, "dina", &ch, &u), 0);
	before = audit_count();
	assert_int_equal(login("s-dina", "dina", "[\"g-bank\"]"), ERR_UNAUTH);
	assert_string_equal(E.msg_code, "sso.disabled");
	assert_string_equal(roles("dina"), "k:isk*");
	assert_int_equal(audit_count(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_parse),   cmocka_unit_test(test_map_apply),
		cmocka_unit_test(test_first_login), cmocka_unit_test(test_roles_follow),
		cmocka_unit_test(test_refused_unchanged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
