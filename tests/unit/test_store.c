/*
 * test_store.c — the store contract (src/store/store.h), run against the
 * SQLite backend, or against the database SKJOLD_TEST_DB names (a
 * postgresql:// URL or key=value string; tests/pg/cluster.sh starts one).
 * Each case starts from an empty database: a fresh SQLite file, or the
 * shell command SKJOLD_TEST_DB_RESET run first (it recreates the database).
 * Written against the interface only: round trips, not-found and conflict
 * errors, nested transactions and rollback, migrations on reopen, the
 * append-only audit log.
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

#include "audit.h"
#include "date.h"
#include "store/store.h"

static char path[512];

static struct store *open_fresh(void)
{
	const char *db = getenv("SKJOLD_TEST_DB"), *reset = getenv("SKJOLD_TEST_DB_RESET");
	if (db && *db) {
		if (reset && *reset)
			assert_int_equal(system(reset), 0);
		snprintf(path, sizeof path, "%s", db);
		struct store *st;
		struct errinfo e = {0};
		assert_int_equal(store_open(path, &st, &e), 0);
		return st;
	}
	snprintf(path, sizeof path, "/tmp/skjold-test-store-%d.db", (int)getpid());
	char buf[96];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
	struct store *st;
	struct errinfo e = {0};
	assert_int_equal(store_open(path, &st, &e), 0);
	return st;
}

static struct org org_k(void)
{
	return (struct org){.id = "k", .name = "Kommune", .kind = ORG_MUNICIPALITY, .nis2 = "essential",
			    .risk_appetite = LEVEL_MEDIUM, .work_start_min = 480, .work_end_min = 960,
			    .procedure_reviewed_on = DATE_NONE};
}

static struct node node(const char *id, enum node_kind kind)
{
	return (struct node){.id = id, .name = id, .kind = kind, .rto_minutes = -1, .rpo_minutes = -1,
			     .last_assessed = DATE_NONE};
}

static void test_round_trip(void **state)
{
	(void)state;
	struct store *st = open_fresh();
	struct errinfo e = {0};
	struct arena a;
	arena_init(&a);
	struct org o = org_k();
	assert_int_equal(store_org_put(st, &o, &e), 0);
	struct node n = node("s-løn", NODE_SYSTEM);
	n.personal_data = PDATA_SENSITIVE;
	n.rto_minutes = 240;
	n.override = LEVEL_HOJ;
	n.override_reason = "årsag";
	assert_int_equal(date_parse("2026-01-31", &n.last_assessed), 0);
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	struct node got;
	assert_int_equal(store_node_get(st, "k", "s-løn", &a, &got, &e), 0);
	assert_string_equal(got.id, "s-løn");
	assert_int_equal(got.personal_data, PDATA_SENSITIVE);
	assert_int_equal(got.rto_minutes, 240);
	assert_int_equal(got.rpo_minutes, -1);
	assert_int_equal(got.override, LEVEL_HOJ);
	assert_string_equal(got.override_reason, "årsag");
	assert_int_equal(got.last_assessed, n.last_assessed);
	assert_null(got.owner);
	/* put replaces */
	n.name = "Lønsystem";
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	struct node *list;
	size_t count;
	assert_int_equal(store_node_list(st, "k", &a, &list, &count, &e), 0);
	assert_int_equal(count, 1);
	assert_string_equal(list[0].name, "Lønsystem");
	arena_free(&a);
	store_close(st);
}

static void test_errors(void **state)
{
	(void)state;
	struct store *st = open_fresh();
	struct errinfo e = {0};
	struct arena a;
	arena_init(&a);
	struct node n = node("x", NODE_SYSTEM), got;
	assert_int_equal(store_node_put(st, "nobody", &n, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "--org");
	struct org o = org_k();
	err_clear(&e);
	assert_int_equal(store_org_put(st, &o, &e), 0);
	assert_int_equal(store_node_get(st, "k", "x", &a, &got, &e), ERR_NOTFOUND);
	err_clear(&e);
	/* an edge to a node that does not exist breaks a foreign key */
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	struct edge ed = {.from = "x", .to = "ghost", .type = EDGE_USES};
	assert_int_equal(store_edge_put(st, "k", &ed, &e), ERR_CONFLICT);
	err_clear(&e);
	/* removing a node something refers to is refused */
	struct node y = node("y", NODE_INFRASTRUCTURE);
	assert_int_equal(store_node_put(st, "k", &y, &e), 0);
	ed.to = "y";
	assert_int_equal(store_edge_put(st, "k", &ed, &e), 0);
	assert_int_equal(store_node_delete(st, "k", "y", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(store_node_delete(st, "k", "nope", &e), ERR_NOTFOUND);
	arena_free(&a);
	store_close(st);
}

static void test_transactions(void **state)
{
	(void)state;
	struct store *st = open_fresh();
	struct errinfo e = {0};
	struct arena a;
	arena_init(&a);
	struct org o = org_k();
	assert_int_equal(store_org_put(st, &o, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_begin(st, &e), 0); /* nested */
	struct node n = node("a", NODE_SYSTEM);
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	assert_int_equal(store_commit(st, &e), 0); /* inner: nothing committed yet */
	store_rollback(st);                        /* outer: undo all */
	struct node *list;
	size_t count;
	assert_int_equal(store_node_list(st, "k", &a, &list, &count, &e), 0);
	assert_int_equal(count, 0);
	/* committed work survives a reopen; migrations do not run twice */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	store_close(st);
	assert_int_equal(store_open(path, &st, &e), 0);
	assert_int_equal(store_node_list(st, "k", &a, &list, &count, &e), 0);
	assert_int_equal(count, 1);
	arena_free(&a);
	store_close(st);
}

static int count_entries(void *ctx, const struct audit_entry *x)
{
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

static void test_audit_chain(void **state)
{
	(void)state;
	struct store *st = open_fresh();
	struct errinfo e = {0};
	for (int i = 0; i < 5; i++)
		assert_int_equal(audit_record(st, "tester", 1000 + i, "create", "node", "k", "x", NULL, "{\"a\":1}", &e),
				 0);
	int64_t seq;
	unsigned char hash[32];
	assert_int_equal(store_audit_head(st, &seq, hash, &e), 0);
	assert_int_equal(seq, 5);
	json_t *summary;
	assert_int_equal(audit_verify(st, &summary, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(summary, "entries_checked")), 5);
	json_decref(summary);
	int n = 0;
	assert_int_equal(store_audit_scan(st, "node", "k", "x", count_entries, &n, &e), 0);
	assert_int_equal(n, 5);
	/* an entry whose seq does not follow the head is refused */
	struct audit_entry bad = {.seq = 9, .at_ms = 1, .actor = "x", .action = "x", .entity = "x"};
	assert_int_not_equal(store_audit_append(st, &bad, &e), 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_audit_chain),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (!getenv("SKJOLD_TEST_DB"))
		unlink(path);
	return rc;
}
