/*
 * test_app_user.c — the use cases of users, memberships and tokens
 * (src/app/app_user.c) called directly on a temporary SQLite store, with
 * neither the shell nor the server around them: what each allows, what it
 * refuses (naming the field), who may do what, and that a refused write
 * leaves the users, memberships, tokens and the audit log as they were.
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

#include "app_user.h"
#include "date.h"
#include "role.h"

static char path[64];

struct fixture {
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

/* A fresh store with organisations k and b, and a shell's app context (who NULL). */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(path, sizeof path, "/tmp/skjold-test-app-user-%d.db", (int)getpid());
	char buf[96];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	assert_int_equal(store_open(path, &f->st, &f->e), 0);
	arena_init(&f->a);
	int64_t now;
	assert_int_equal(instant_parse("2026-11-02T10:00:00+01:00", &now), 0);
	f->x = (struct app){.st = f->st, .actor = "op@test", .now_ms = now, .today = instant_cph_date(now), .a = &f->a,
			    .e = &f->e};
	const char *orgs[] = {"k", "b"};
	for (size_t i = 0; i < 2; i++) {
		struct org o = {.id = orgs[i], .name = orgs[i], .kind = ORG_MUNICIPALITY, .nis2 = "essential",
				.risk_appetite = LEVEL_MEDIUM, .work_start_min = 480, .work_end_min = 960,
				.procedure_reviewed_on = DATE_NONE};
		assert_int_equal(store_org_put(f->st, &o, &f->e), 0);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	arena_free(&f->a);
	free(f);
	unlink(path);
	return 0;
}

/* The number of audit entries so far. */
static int64_t audit_count(struct fixture *f)
{
	int64_t seq = 0;
	unsigned char hash[32];
	assert_int_equal(store_audit_head(f->st, &seq, hash, &f->e), 0);
	return seq;
}

/* What a refused write must leave alone: users, memberships, tokens, the audit log. */
struct snapshot {
	size_t users, members, tokens;
	int64_t audit;
};

static struct snapshot snap(struct fixture *f)
{
	struct snapshot s = {.audit = audit_count(f)};
	struct app_user *u;
	struct token_rec *t;
	assert_int_equal(app_user_list(&f->x, NULL, &u, &s.users), 0);
	for (size_t i = 0; i < s.users; i++)
		s.members += u[i].nmembers;
	assert_int_equal(app_token_list(&f->x, NULL, NULL, NULL, &t, &s.tokens), 0);
	return s;
}

static void same(struct fixture *f, struct snapshot before)
{
	struct snapshot now = snap(f);
	assert_int_equal(now.users, before.users);
	assert_int_equal(now.members, before.members);
	assert_int_equal(now.tokens, before.tokens);
	assert_int_equal(now.audit, before.audit);
}

/* A refusal: the code, the field named, and the error forgotten for the next call. */
static void refused(struct fixture *f, int rc, int code, const char *field)
{
	assert_int_equal(rc, code);
	assert_string_equal(f->e.field, field);
	err_clear(&f->e);
}

/* A principal named user with roles (pairs org, role; NULL-terminated) in the arena. */
static struct principal who(struct fixture *f, const char *user, bool admin, const char *const *roles)
{
	struct principal p = {.user = user, .admin = admin};
	struct user_rec u;
	if (store_user_get(f->st, user, &f->a, &u, &f->e) == 0)
		p.uid = u.uid;
	err_clear(&f->e);
	size_t n = 0;
	while (roles && roles[2 * n])
		n++;
	p.members = arena_alloc(&f->a, (n ? n : 1) * sizeof *p.members);
	for (size_t i = 0; i < n; i++)
		p.members[i] = (struct member_rec){user, roles[2 * i], roles[2 * i + 1], 0};
	p.nmembers = n;
	return p;
}

/* Users ada (k's admin), ivan (isk in k) and bob (no role), made by the shell; ada and ivan as principals. */
static void staff(struct fixture *f, struct principal *ada, struct principal *ivan)
{
	struct user_rec u;
	char *pw;
	const char *names[] = {"ada", "ivan", "bob"};
	for (size_t i = 0; i < 3; i++) {
		struct app_user_new req = {.name = names[i]};
		assert_int_equal(app_user_create(&f->x, NULL, &req, &u, &pw), 0);
	}
	assert_int_equal(app_member_set(&f->x, NULL, "k", "ada", "admin"), 0);
	assert_int_equal(app_member_set(&f->x, NULL, "k", "ivan", "isk"), 0);
	static const char *const ada_roles[] = {"k", "admin", NULL}, *const ivan_roles[] = {"k", "isk", NULL};
	*ada = who(f, "ada", false, ada_roles);
	*ivan = who(f, "ivan", false, ivan_roles);
}

static void test_users(void **state)
{
	struct fixture *f = *state;
	struct user_rec u;
	char *pw;
	struct app_user_new anna = {.name = "anna", .display_name = "Anna A"};
	assert_int_equal(app_user_create(&f->x, NULL, &anna, &u, &pw), 0);
	assert_true(strlen(pw) >= AUTH_PASSWORD_MIN);
	const char *first = pw;
	assert_string_equal(u.name, "anna");
	assert_true(u.must_change_pw);
	struct app_user_new sa = {.name = "sa", .admin = true};
	assert_int_equal(app_user_create(&f->x, NULL, &sa, &u, &pw), 0);

	/* refused, naming the field, and nothing written */
	struct snapshot before = snap(f);
	refused(f, app_user_create(&f->x, NULL, &anna, &u, &pw), ERR_CONFLICT, "name");
	struct app_user_new bad = {.name = "bad name!"};
	refused(f, app_user_create(&f->x, NULL, &bad, &u, &pw), ERR_INVALID, "name");
	const char *roles[] = {"k", "admin", NULL};
	struct principal orgadmin = who(f, "anna", false, roles);
	struct app_user_new eve = {.name = "eve"};
	refused(f, app_user_create(&f->x, &orgadmin, &eve, &u, &pw), ERR_DENIED, "");
	same(f, before);

	/* a system administrator changes others, never disables or demotes itself */
	struct principal sysadm = who(f, "sa", true, NULL);
	struct app_user_change off = {.disabled = 1, .admin = APP_USER_KEEP};
	refused(f, app_user_update(&f->x, &sysadm, "sa", &off, &u), ERR_INVALID, "disabled");
	struct app_user_change demote = {.disabled = APP_USER_KEEP, .admin = 0};
	refused(f, app_user_update(&f->x, &sysadm, "sa", &demote, &u), ERR_INVALID, "admin");
	refused(f, app_user_update(&f->x, &sysadm, "ghost", &off, &u), ERR_NOTFOUND, "");
	same(f, before);
	assert_int_equal(app_user_update(&f->x, &sysadm, "anna", &off, &u), 0);
	assert_true(u.disabled);
	assert_string_equal(u.display_name, "Anna A"); /* what the change leaves out stays */
	assert_int_equal(audit_count(f), before.audit + 1);

	struct app_user shown;
	assert_int_equal(app_user_show(&f->x, &sysadm, "anna", &shown), 0);
	assert_true(shown.u.disabled);
	refused(f, app_user_show(&f->x, &orgadmin, "anna", &shown), ERR_DENIED, "");

	char *pw2;
	assert_int_equal(app_user_reset(&f->x, NULL, "anna", &pw2), 0);
	assert_string_not_equal(first, pw2);
	assert_int_equal(app_user_totp_off(&f->x, NULL, "anna", &u), 0);
	assert_false(u.totp_enabled);
}

/* Linking a user to a single sign-on identity: a system administrator's, refusals change nothing. */
static void test_sso_link(void **state)
{
	struct fixture *f = *state;
	struct principal ada, ivan;
	staff(f, &ada, &ivan);
	struct user_rec u;
	char *pw;
	struct app_user_new sa = {.name = "sa", .admin = true};
	assert_int_equal(app_user_create(&f->x, NULL, &sa, &u, &pw), 0);
	struct principal sysadm = who(f, "sa", true, NULL);
	const char *iss = "https://idp.example/realms/k";
	struct snapshot before = snap(f);
	refused(f, app_user_sso_link(&f->x, &ada, "ivan", iss, "s-ivan", &u), ERR_DENIED, "");
	refused(f, app_user_sso_link(&f->x, &sysadm, "ivan", "http://idp.example", "s-ivan", &u), ERR_INVALID, "issuer");
	refused(f, app_user_sso_link(&f->x, &sysadm, "ivan", NULL, "s-ivan", &u), ERR_INVALID, "issuer");
	refused(f, app_user_sso_link(&f->x, &sysadm, "ivan", iss, "", &u), ERR_INVALID, "subject");
	refused(f, app_user_sso_link(&f->x, &sysadm, "ivan", iss, "a\nb", &u), ERR_INVALID, "subject");
	refused(f, app_user_sso_link(&f->x, &sysadm, "ghost", iss, "s-ivan", &u), ERR_NOTFOUND, "");
	refused(f, app_user_sso_unlink(&f->x, &sysadm, "ivan", &u), ERR_INVALID, "sso");
	refused(f, app_user_sso_unlink(&f->x, &ada, "ivan", &u), ERR_DENIED, "");
	same(f, before);
	assert_int_equal(app_user_sso_link(&f->x, &sysadm, "ivan", iss, "s-ivan", &u), 0);
	assert_string_equal(u.sso_issuer, iss);
	assert_false(u.must_change_pw); /* the one-time password is void */
	assert_int_equal(audit_count(f), before.audit + 1);
	struct user_rec g;
	assert_int_equal(store_user_get_sso(f->st, iss, "s-ivan", &f->a, &g, &f->e), 0);
	assert_string_equal(g.name, "ivan");
	json_t *j = app_user_json(&g);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "sso"), "issuer")), iss);
	char *text = json_dumps(j, 0);
	assert_null(strstr(text, "s-ivan")); /* never the subject */
	free(text);
	json_decref(j);
	/* the same identity for another user: a conflict naming who holds it; linking again is fine */
	before = snap(f);
	refused(f, app_user_sso_link(&f->x, NULL, "bob", iss, "s-ivan", &u), ERR_CONFLICT, "subject");
	same(f, before);
	assert_int_equal(app_user_sso_link(&f->x, NULL, "ivan", iss, "s-ivan", &u), 0);
	assert_int_equal(app_user_sso_unlink(&f->x, &sysadm, "ivan", &u), 0);
	assert_null(u.sso_issuer);
	assert_int_equal(store_user_get_sso(f->st, iss, "s-ivan", &f->a, &g, &f->e), ERR_NOTFOUND);
	err_clear(&f->e);
}

static void test_memberships(void **state)
{
	struct fixture *f = *state;
	struct principal ada, ivan;
	staff(f, &ada, &ivan);

	struct snapshot before = snap(f);
	refused(f, app_member_set(&f->x, &ada, "k", "bob", "king"), ERR_INVALID, "role");
	refused(f, app_member_set(&f->x, &ivan, "k", "bob", "auditor"), ERR_DENIED, "");
	refused(f, app_member_set(&f->x, &ada, "b", "bob", "auditor"), ERR_DENIED, "");
	refused(f, app_member_set(&f->x, NULL, "nope", "bob", "auditor"), ERR_NOTFOUND, "org");
	refused(f, app_member_remove(&f->x, &ada, "k", "ada"), ERR_INVALID, "user");
	same(f, before);

	assert_int_equal(app_member_set(&f->x, &ada, "k", "bob", "auditor"), 0);
	struct member_rec *m;
	size_t n;
	assert_int_equal(app_member_list(&f->x, &ivan, "k", &m, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(app_member_remove(&f->x, &ada, "k", "bob"), 0);
	assert_int_equal(app_member_list(&f->x, NULL, "k", &m, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(audit_count(f), before.audit + 2);
}

static void test_tokens(void **state)
{
	struct fixture *f = *state;
	struct principal ada, ivan;
	staff(f, &ada, &ivan);

	/* ivan's own token, and the shell's for ivan */
	struct token_rec t;
	char *secret;
	struct app_token_new mine = {.org = "k", .role = "isk", .name = "script"};
	assert_int_equal(app_token_create(&f->x, &ivan, &mine, &t, &secret), 0);
	assert_true(!strncmp(secret, "skj_", 4));
	assert_string_equal(t.user, "ivan");
	int64_t ivan_tok = t.id;
	struct app_token_new by_shell = {.user = "ada", .org = "k", .role = "admin", .name = "ops"};
	assert_int_equal(app_token_create(&f->x, NULL, &by_shell, &t, &secret), 0);
	int64_t ada_tok = t.id;

	struct snapshot before = snap(f);
	struct app_token_new more = {.org = "k", .role = "admin", .name = "x"};
	refused(f, app_token_create(&f->x, &ivan, &more, &t, &secret), ERR_DENIED, "role");
	struct app_token_new beyond = {.user = "ivan", .org = "k", .role = "admin", .name = "x"};
	refused(f, app_token_create(&f->x, NULL, &beyond, &t, &secret), ERR_INVALID, "role");
	struct app_token_new unknown = {.org = "k", .role = "root", .name = "x"};
	refused(f, app_token_create(&f->x, &ivan, &unknown, &t, &secret), ERR_INVALID, "role");
	struct app_token_new past = {.org = "k", .role = "isk", .name = "x", .expires_ms = 1};
	refused(f, app_token_create(&f->x, &ivan, &past, &t, &secret), ERR_INVALID, "expires");
	struct app_token_new noname = {.org = "k", .role = "isk"};
	refused(f, app_token_create(&f->x, &ivan, &noname, &t, &secret), ERR_INVALID, "name");
	struct principal bot = ivan;
	bot.via_token = true;
	refused(f, app_token_create(&f->x, &bot, &mine, &t, &secret), ERR_DENIED, "");
	/* not yours is not there: ivan cannot see ada's token, and the shell must name the right org */
	refused(f, app_token_revoke(&f->x, &ivan, NULL, ada_tok), ERR_NOTFOUND, "id");
	refused(f, app_token_revoke(&f->x, NULL, "b", ivan_tok), ERR_NOTFOUND, "");
	same(f, before);

	/* ivan sees his own; ada, k's admin, sees both */
	struct token_rec *list;
	size_t n;
	assert_int_equal(app_token_list(&f->x, &ivan, NULL, NULL, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(app_token_list(&f->x, &ada, NULL, NULL, &list, &n), 0);
	assert_int_equal(n, 2);

	assert_int_equal(app_token_revoke(&f->x, &ada, NULL, ivan_tok), 0);
	refused(f, app_token_revoke(&f->x, NULL, "k", ivan_tok), ERR_NOTFOUND, "");
	assert_int_equal(app_token_list(&f->x, NULL, "ivan", "k", &list, &n), 0);
	assert_int_equal(n, 1);
	assert_true(list[0].revoked_ms != 0);
	assert_int_equal(audit_count(f), before.audit + 1);
}

static void test_own_password(void **state)
{
	struct fixture *f = *state;
	struct user_rec u;
	char *pw;
	struct app_user_new req = {.name = "nina"};
	assert_int_equal(app_user_create(&f->x, NULL, &req, &u, &pw), 0);
	struct principal nina = who(f, "nina", false, NULL);
	struct snapshot before = snap(f);
	refused(f, app_user_password_change(&f->x, &nina, "wrong-password", "a-long-enough-password"), ERR_DENIED,
		"old");
	refused(f, app_user_password_change(&f->x, &nina, pw, "short"), ERR_INVALID, "new");
	refused(f, app_user_password_change(&f->x, &nina, pw, NULL), ERR_INVALID, "new");
	struct principal bot = nina;
	bot.via_token = true;
	refused(f, app_user_password_change(&f->x, &bot, pw, "a-long-enough-password"), ERR_DENIED, "");
	refused(f, app_user_password_change(&f->x, NULL, pw, "a-long-enough-password"), ERR_INVALID, "user");
	same(f, before);
	assert_int_equal(app_user_password_change(&f->x, &nina, pw, "a-long-enough-password"), 0);
	assert_int_equal(audit_count(f), before.audit + 1);
	const char *secret, *uri;
	assert_int_equal(app_user_totp_begin(&f->x, &nina, &secret, &uri), 0);
	assert_true(!strncmp(uri, "otpauth://totp/", 15));
	refused(f, app_user_totp_confirm(&f->x, &nina, "000000x"), ERR_INVALID, "code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memberships, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sso_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_password, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
