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

/* A database file and whatever SQLite keeps beside it, removed. */
static void remove_db(const char *db)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	char buf[128];
	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", db, side[i]);
		unlink(buf);
	}
}

/*
 * store_backup, store_inspect, store_restore and store_schema (issue 16):
 * the copy holds everything, the restore replaces everything in one step,
 * lifts the write generations above the target's, and what is not a
 * database or not skjold's is refused by store_inspect.
 */
static void test_backup_restore(void **state)
{
	(void)state;
	struct store *st = open_fresh(), *t = NULL;
	struct errinfo e = {0};
	struct arena a;
	arena_init(&a);
	char copy[96], target[96], junk[96];
	snprintf(copy, sizeof copy, "%s.copy", path);
	snprintf(target, sizeof target, "%s.target", path);
	snprintf(junk, sizeof junk, "%s.junk", path);
	remove_db(copy);
	remove_db(target);
	struct org o = org_k();
	struct node n = node("s-a", NODE_SYSTEM);
	assert_int_equal(store_org_put(st, &o, &e), 0);
	assert_int_equal(store_node_put(st, "k", &n, &e), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_record(st, "tester", 1000 + i, "create", "node", "k", "s-a", NULL, "{}", &e), 0);
	int schema, schema_max;
	assert_int_equal(store_schema(st, &schema, &schema_max, &e), 0);
	assert_true(schema >= 5);
	assert_int_equal(schema, schema_max);
	if (!strcmp(store_backend(st), "postgresql")) {
		/* skjold's backup file is a SQLite database: PostgreSQL is backed up with its own tools */
		assert_int_equal(store_backup(st, copy, &e), ERR_INVALID);
		assert_int_equal(access(copy, F_OK), -1);
		err_clear(&e);
		assert_int_equal(store_restore(st, copy, &e), ERR_INVALID);
		arena_free(&a);
		store_close(st);
		return;
	}

	/* inside a transaction: refused; from a scoped store: refused */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_not_equal(store_backup(st, copy, &e), 0);
	store_rollback(st);
	struct store_grant g = {.org = "k", .grant = STORE_GRANT_READ | STORE_GRANT_WRITE | STORE_GRANT_ADMIN};
	struct store_scope sc = {.grants = &g, .n = 1};
	store_scope_set(st, &sc);
	err_clear(&e);
	assert_int_equal(store_backup(st, copy, &e), ERR_DENIED);
	store_scope_set(st, NULL);

	err_clear(&e);
	assert_int_equal(store_backup(st, copy, &e), 0);
	struct store_file_info info;
	assert_int_equal(store_inspect(copy, &info, &e), 0);
	assert_int_equal(info.schema, schema_max);
	assert_int_equal(info.schema_max, schema_max);
	assert_true(info.bytes > 0);
	/* the copy is whole by itself: nothing beside it */
	char side[128];
	snprintf(side, sizeof side, "%s-wal", copy);
	assert_int_not_equal(access(side, F_OK), 0);

	/* a target with its own organisation k, written more often than the source */
	assert_int_equal(store_open(target, &t, &e), 0);
	assert_int_equal(store_org_put(t, &o, &e), 0);
	for (int i = 0; i < 7; i++)
		assert_int_equal(audit_record(t, "other", 2000 + i, "update", "org", "k", "k", NULL, "{}", &e), 0);
	int64_t gen_source, gen_before, gen_after;
	assert_int_equal(store_org_generation(st, "k", &gen_source, &e), 0);
	assert_int_equal(store_org_generation(t, "k", &gen_before, &e), 0);
	assert_int_equal(gen_before, 7);
	assert_int_equal(store_restore(t, copy, &e), 0);

	/* everything is the source's: its node, its audit log */
	struct node *list;
	size_t count;
	assert_int_equal(store_node_list(t, "k", &a, &list, &count, &e), 0);
	assert_int_equal(count, 1);
	assert_string_equal(list[0].id, "s-a");
	int64_t seq;
	unsigned char hash[32], hash_source[32];
	assert_int_equal(store_audit_head(t, &seq, hash, &e), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(store_audit_head(st, &seq, hash_source, &e), 0);
	assert_memory_equal(hash, hash_source, 32);
	json_t *summary;
	assert_int_equal(audit_verify(t, &summary, &e), 0);
	json_decref(summary);
	/* the generation is above both the target's and the copy's: no cached answer matches again */
	assert_int_equal(store_org_generation(t, "k", &gen_after, &e), 0);
	assert_true(gen_after > gen_before + 1000);
	assert_true(gen_after > gen_source + 1000);
	/* and the restored database takes writes on top */
	assert_int_equal(audit_record(t, "tester", 3000, "create", "node", "k", "s-b", NULL, "{}", &e), 0);
	assert_int_equal(store_audit_head(t, &seq, hash, &e), 0);
	assert_int_equal(seq, 4);

	/* not a database; not skjold's */
	FILE *f = fopen(junk, "wb");
	assert_non_null(f);
	fputs("{\"not\": \"a database\"}\n", f);
	fclose(f);
	err_clear(&e);
	assert_int_equal(store_inspect(junk, &info, &e), ERR_INVALID);
	assert_non_null(strstr(e.message, "not a skjold database"));
	err_clear(&e);
	assert_int_equal(store_inspect("/nonexistent/skjold.db", &info, &e), ERR_INVALID);

	store_close(t);
	store_close(st);
	remove_db(copy);
	remove_db(target);
	unlink(junk);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_backup_restore),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (!getenv("SKJOLD_TEST_DB"))
		unlink(path);
	return rc;
}
