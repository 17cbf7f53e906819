/*
 * test_app_forum.c — the sector forum's use cases (src/app/app_forum.h) called
 * directly on a temporary SQLite store, with neither the shell nor the
 * server around them: typed requests in, JSON out, errors naming JSON
 * fields ("forum", "kind", "version", "crisis", "share", "recipients[0]"),
 * and refused writes that leave the forum as it was.
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

#include "app_forum.h"
#include "date.h"
#include "jcheck.h"

static char path[64];

/* One test's world: a store with a secretariat (sek) and two banks (m1, m2), and the app acting in it. */
struct world {
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

static void org(struct store *st, const char *id, enum org_kind kind)
{
	struct org o = {.id = id, .name = id, .kind = kind, .nis2 = "essential", .risk_appetite = LEVEL_MEDIUM,
			.work_start_min = 480, .work_end_min = 960, .procedure_reviewed_on = DATE_NONE};
	struct errinfo e = {0};
	assert_int_equal(store_org_put(st, &o, &e), 0);
}

static void world_open(struct world *w)
{
	snprintf(path, sizeof path, "/tmp/skjold-test-app-forum-%d.db", (int)getpid());
	char buf[96];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	memset(w, 0, sizeof *w);
	assert_int_equal(store_open(path, &w->st, &w->e), 0);
	arena_init(&w->a);
	org(w->st, "sek", ORG_AUTHORITY);
	org(w->st, "m1", ORG_BANK);
	org(w->st, "m2", ORG_BANK);
	int32_t today;
	assert_int_equal(date_parse("2026-11-02", &today), 0);
	w->x = (struct app){.st = w->st, .actor = "tester", .now_ms = date_cph_midnight(today) + 10 * 3600 * 1000LL,
			    .today = today, .a = &w->a, .e = &w->e};
}

/* The app for one call: err_set keeps the first error, so each call starts with a clean errinfo. */
static struct app *X(struct world *w)
{
	memset(&w->e, 0, sizeof w->e);
	return &w->x;
}

static void world_close(struct world *w)
{
	arena_free(&w->a);
	store_close(w->st);
	unlink(path);
}

/* A forum f run by sek with m1 an active member and m2 invited. */
static void forum_setup(struct world *w)
{
	json_t *out = NULL;
	assert_int_equal(app_forum_create(X(w), "sek", "f", "Forum", &out), 0);
	assert_true(json_is_true(json_object_get(out, "is_secretariat")));
	json_decref(out);
	const struct app_forum_at sek = {"sek", "f"}, m1 = {"m1", "f"};
	struct app_forum_member inv = {.member = "m1", .assets_dkk_m = -1};
	assert_int_equal(app_forum_invite(X(w), &sek, &inv, &out), 0);
	json_decref(out);
	inv.member = "m2";
	assert_int_equal(app_forum_invite(X(w), &sek, &inv, &out), 0);
	json_decref(out);
	assert_int_equal(app_forum_answer(X(w), &m1, true, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "active");
	json_decref(out);
}

/* The number of items of kind the secretariat sees. */
static size_t count_items(struct world *w, const char *kind)
{
	const struct app_forum_at sek = {"sek", "f"};
	json_t *list = NULL;
	assert_int_equal(app_forum_item_list(X(w), &sek, kind, NULL, &list), 0);
	size_t n = json_array_size(list);
	json_decref(list);
	return n;
}

static const char crisis_body[] = "{\"title\": \"Udfald\", \"description\": \"x\", \"severity\": \"Kritisk\", "
				  "\"opened_at\": \"2026-11-02T09:00:00+01:00\", \"cadence_minutes\": 60}";

static void test_forum_and_membership(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	forum_setup(&w);
	json_t *out = NULL;
	/* m2 is invited: it sees the forum, and only its own row */
	const struct app_forum_at m2 = {"m2", "f"}, sek = {"sek", "f"};
	assert_int_equal(app_forum_show(X(&w), &m2, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "invited");
	json_decref(out);
	/* a forum that is not there, and one an organisation outside it asks for, read alike and name "forum" */
	const struct app_forum_at none = {"m1", "no-such"};
	assert_int_equal(app_forum_show(X(&w), &none, &out), ERR_NOTFOUND);
	assert_string_equal(w.e.field, "forum");
	assert_null(out);
	/* creating it again: a conflict naming "id", and still one forum */
	assert_int_equal(app_forum_create(X(&w), "sek", "f", "Igen", &out), ERR_CONFLICT);
	assert_string_equal(w.e.field, "id");
	assert_int_equal(app_forum_list(X(&w), "sek", &out), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	/* a member cannot invite; the field is the acting organisation */
	const struct app_forum_at m1 = {"m1", "f"};
	struct app_forum_member inv = {.member = "m2", .assets_dkk_m = -1};
	assert_int_equal(app_forum_invite(X(&w), &m1, &inv, &out), ERR_DENIED);
	assert_string_equal(w.e.field, "org");
	/* an unknown category is refused by name and changes nothing; a good update changes the row */
	json_t *before = NULL;
	assert_int_equal(app_forum_members(X(&w), &sek, &before), 0);
	struct app_forum_member upd = {.member = "m1", .category = "bogus", .assets_dkk_m = 7};
	assert_int_equal(app_forum_member_update(X(&w), &sek, &upd, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "category");
	assert_null(out);
	assert_int_equal(app_forum_members(X(&w), &sek, &out), 0);
	assert_true(json_equal(before, out));
	json_decref(out);
	upd.category = NULL;
	assert_int_equal(app_forum_member_update(X(&w), &sek, &upd, &out), 0);
	assert_false(json_equal(before, out));
	json_decref(out);
	json_decref(before);
	world_close(&w);
}

static void test_items(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	forum_setup(&w);
	const struct app_forum_at sek = {"sek", "f"}, m1 = {"m1", "f"};
	json_t *body = J(crisis_body), *out = NULL;
	/* the secretariat opens a crisis, named by it */
	struct app_forum_item req = {.kind = "crisis", .id = "c1", .body = body};
	assert_int_equal(app_forum_item_write(X(&w), &sek, &req, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "id")), "c1");
	json_int_t version = json_integer_value(json_object_get(out, "version"));
	assert_true(version >= 1);
	json_decref(out);
	/* a member cannot, and nothing is written */
	req.id = "c2";
	assert_int_equal(app_forum_item_write(X(&w), &m1, &req, &out), ERR_DENIED);
	assert_null(out);
	assert_int_equal(count_items(&w, "crisis"), 1);
	/* an unknown kind names "kind" */
	req.kind = "bogus";
	assert_int_equal(app_forum_item_write(X(&w), &sek, &req, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "kind");
	/* an update under an old version (an integer) is stale, names "version" and changes nothing */
	req = (struct app_forum_item){.kind = "crisis", .id = "c1", .body = body, .update = true, .version = version + 5};
	json_object_set_new(body, "title", J("\"Ændret\""));
	assert_int_equal(app_forum_item_write(X(&w), &sek, &req, &out), ERR_STALE);
	assert_string_equal(w.e.field, "version");
	assert_int_equal(app_forum_item_show(X(&w), &sek, "crisis", "c1", &out), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(out, "body"), "title")), "Udfald");
	assert_int_equal(json_integer_value(json_object_get(out, "version")), version);
	json_decref(out);
	/* under the version last read it goes through */
	req.version = version;
	assert_int_equal(app_forum_item_write(X(&w), &sek, &req, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), version + 1);
	json_decref(out);
	/* a member's report: a server-made id; AMBER to a recipient outside the forum names recipients[0] */
	json_t *rep = J("{\"at\": \"2026-11-02T09:40:00+01:00\", \"services\": [{\"service\": \"p\", \"name\": \"P\", "
			"\"status\": \"red\", \"tolerance_minutes\": 240, \"expected_recovery_minutes\": 120}], "
			"\"cause\": \"X\", \"continuity_plan_active\": true, \"communication_status\": \"internal\", "
			"\"next_update_at\": \"2026-11-02T10:30:00+01:00\"}");
	json_t *to = J("[\"m2\"]");
	req = (struct app_forum_item){.kind = "report", .parent = "c1", .tlp = "AMBER", .recipients = to, .body = rep};
	assert_int_equal(app_forum_item_write(X(&w), &m1, &req, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "recipients[0]");
	assert_int_equal(count_items(&w, "report"), 0);
	req.recipients = NULL;
	assert_int_equal(app_forum_item_write(X(&w), &m1, &req, &out), 0);
	assert_int_equal(strncmp(json_string_value(json_object_get(out, "id")), "report-", 7), 0);
	json_decref(out);
	assert_int_equal(count_items(&w, "report"), 1);
	/* a negative version is no version */
	req.version = -1;
	assert_int_equal(app_forum_item_write(X(&w), &m1, &req, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "version");
	json_decref(to);
	json_decref(rep);
	json_decref(body);
	world_close(&w);
}

static void test_views_and_analyses(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	forum_setup(&w);
	const struct app_forum_at sek = {"sek", "f"}, m1 = {"m1", "f"};
	json_t *body = J(crisis_body), *out = NULL;
	struct app_forum_item req = {.kind = "crisis", .id = "c1", .body = body};
	assert_int_equal(app_forum_item_write(X(&w), &sek, &req, &out), 0);
	json_decref(out);
	/* the picture needs its crisis, and gets it as a typed option */
	struct forum_view_opts o = {0};
	assert_int_equal(app_forum_view(X(&w), &sek, "picture", &o, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "crisis");
	o.crisis = "c1";
	assert_int_equal(app_forum_view(X(&w), &sek, "picture", &o, &out), 0);
	assert_non_null(out);
	json_decref(out);
	/* the register takes no crisis: refused by name, not ignored */
	assert_int_equal(app_forum_view(X(&w), &sek, "register", &o, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "crisis");
	assert_int_equal(app_forum_view(X(&w), &sek, "no-such-view", &(struct forum_view_opts){0}, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "name");
	/* a member's picture carries the sector's colours only over the minimum group */
	assert_int_equal(app_forum_view(X(&w), &m1, "picture", &o, &out), 0);
	assert_non_null(json_object_get(json_object_get(out, "sector"), "suppressed"));
	json_decref(out);
	/* analyses: the stress test is the secretariat's, and its share is checked by name */
	assert_int_equal(app_forum_stress(X(&w), &m1, 0.5, 40, &out), ERR_DENIED);
	assert_int_equal(app_forum_stress(X(&w), &sek, 2, 40, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "share");
	assert_int_equal(app_forum_stress(X(&w), &sek, 0.5, 500, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "exact_limit");
	assert_int_equal(app_forum_map(X(&w), &sek, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "view")), "secretariat");
	json_decref(out);
	assert_int_equal(app_forum_outage(X(&w), &m1, "m2/x", &out), ERR_NOTFOUND);
	assert_string_equal(w.e.field, "node");
	json_decref(body);
	world_close(&w);
}

static void test_settings_and_shares(void **state)
{
	(void)state;
	struct world w;
	world_open(&w);
	forum_setup(&w);
	const struct app_forum_at sek = {"sek", "f"}, m1 = {"m1", "f"};
	json_t *out = NULL, *four = json_integer(4), *six = json_integer(6);
	/* below the confidentiality floor: refused naming min_group, and the settings stay */
	assert_int_equal(app_forum_settings_put(X(&w), &sek, four, NULL, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "min_group");
	assert_int_equal(app_forum_settings_put(X(&w), &sek, NULL, NULL, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "body");
	assert_int_equal(app_forum_settings(X(&w), &m1, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "min_group")), 5);
	json_decref(out);
	assert_int_equal(app_forum_settings_put(X(&w), &m1, six, NULL, &out), ERR_DENIED);
	assert_int_equal(app_forum_settings_put(X(&w), &sek, six, NULL, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "min_group")), 6);
	json_decref(out);
	/* a share with its recipients as an array; one outside the forum is named by its index */
	json_t *to = J("[\"sek\", \"nobody\"]");
	struct app_forum_share sh = {.kind = "node", .tlp = "AMBER", .critical_only = -1, .recipients = to};
	assert_int_equal(app_forum_share_add(X(&w), &m1, &sh, &out), ERR_INVALID);
	assert_string_equal(w.e.field, "recipients[1]");
	assert_int_equal(app_forum_shares(X(&w), &m1, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	json_array_remove(to, 1);
	assert_int_equal(app_forum_share_add(X(&w), &m1, &sh, &out), 0);
	const char *sid = arena_strdup(&w.a, json_string_value(json_object_get(out, "id")));
	json_decref(out);
	assert_int_equal(app_forum_unshare(X(&w), &m1, sid, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "unshared")), sid);
	json_decref(out);
	json_decref(to);
	json_decref(four);
	json_decref(six);
	world_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forum_and_membership),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_views_and_analyses),
		cmocka_unit_test(test_settings_and_shares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
