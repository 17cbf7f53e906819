/*
 * test_app_io.c — the use cases of moving data in and out (src/app/app_io.c),
 * called directly on a fresh SQLite store, with neither the shell nor the
 * server around them: a document imported and exported again, a refused
 * import and a refused spreadsheet that change nothing (the whole export and
 * the audit log compared before and after), the importing administrator's
 * membership of a new organisation, the threat catalogue, and the audit log
 * read and verified.
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

#include "app_io.h"
#include "audit.h"
#include "buf.h"
#include "date.h"
#include "jcheck.h"

#define NOW_MS INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */

static char path[64];

struct fixture {
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

static void unlink_db(void)
{
	char buf[96];
	unlink(path);
	snprintf(buf, sizeof buf, "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", path);
	unlink(buf);
}

static int setup(void **state)
{
	snprintf(path, sizeof path, "/tmp/skjold-test-app-io-%d.db", (int)getpid());
	unlink_db();
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(store_open(path, &f->st, &f->e), 0);
	arena_init(&f->a);
	/* the system administrator whose imports create organisations */
	struct user_rec ada = {.name = "ada", .display_name = "Ada", .pw_hash = "x", .admin = 1, .created_ms = NOW_MS};
	int64_t uid;
	assert_int_equal(store_user_put(f->st, &ada, &uid, &f->e), 0);
	f->x = (struct app){.st = f->st, .actor = "test", .now_ms = NOW_MS, .today = instant_cph_date(NOW_MS),
			    .a = &f->a, .e = &f->e};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	arena_free(&f->a);
	free(f);
	unlink_db();
	return 0;
}

static const char *DOC_K = "{\"skjold\": 1, \"organisation\": {\"id\": \"k\", \"name\": \"Kommune\", \"kind\": \"municipality\"},"
			   " \"nodes\": [{\"id\": \"n-løn\", \"kind\": \"system\", \"name\": \"Løn\"}]}";

/* Import text as the shell or the server would hand it over: parsed. */
static int import_text(struct fixture *f, const char *text, const char *admin, json_t **out)
{
	json_t *doc = J(text);
	err_clear(&f->e);
	int rc = app_io_import(&f->x, &(struct app_import){.doc = doc, .admin_of_new = admin}, out);
	json_decref(doc);
	return rc;
}

/* Everything a refused write must leave alone: the whole export and the audit log, as text. */
static char *snapshot(struct fixture *f)
{
	json_t *all, *log;
	assert_int_equal(app_io_export(&f->x, NULL, &all), 0);
	assert_int_equal(app_io_audit_log(&f->x, &(struct app_audit_query){0}, &log), 0);
	json_t *both = json_pack("{soso}", "export", all, "audit", log);
	char *s = json_dumps(both, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(both);
	return s;
}

/* What a refused write left: the snapshot taken before it, compared and released. */
static void assert_unchanged(struct fixture *f, char *before)
{
	char *after = snapshot(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Organisation k with one node. */
static void import_k(struct fixture *f)
{
	json_t *sum;
	assert_int_equal(import_text(f, DOC_K, NULL, &sum), 0);
	json_decref(sum);
}

static void test_import_export(void **state)
{
	struct fixture *f = *state;
	json_t *sum, *doc;
	assert_int_equal(import_text(f, DOC_K, NULL, &sum), 0);
	assert_string_equal(json_string_value(at(sum, "imported[0].organisation")), "k");
	assert_int_equal(json_integer_value(at(sum, "imported[0].nodes")), 1);
	json_decref(sum);

	assert_int_equal(app_io_export(&f->x, "k", &doc), 0);
	assert_string_equal(json_string_value(at(doc, "organisation.name")), "Kommune");
	assert_string_equal(json_string_value(at(doc, "nodes[0].id")), "n-løn");
	assert_true(json_is_array(at(doc, "incidents")));
	/* the export imports again: the round trip replaces the organisation with itself */
	json_t *again;
	assert_int_equal(app_io_import(&f->x, &(struct app_import){.doc = doc}, &again), 0);
	json_decref(again);
	json_decref(doc);

	assert_int_equal(app_io_export(&f->x, NULL, &doc), 0);
	assert_int_equal(json_integer_value(at(doc, "skjold")), 1);
	assert_int_equal(json_array_size(at(doc, "organisations")), 1);
	json_decref(doc);

	err_clear(&f->e);
	assert_int_equal(app_io_export(&f->x, "nowhere", &doc), ERR_NOTFOUND);
	assert_null(doc);
	assert_string_equal(f->e.field, "org"); /* the request's field, not the shell's --org */
}

static void test_import_refused(void **state)
{
	struct fixture *f = *state;
	json_t *sum;
	import_k(f);
	char *before = snapshot(f);
	/* the second organisation's node is bad: the first, valid one is not written either */
	assert_int_equal(import_text(f,
				     "{\"skjold\": 1, \"organisations\": ["
				     "{\"skjold\": 1, \"organisation\": {\"id\": \"b\", \"name\": \"Bank\", \"kind\": \"bank\"}},"
				     "{\"skjold\": 1, \"organisation\": {\"id\": \"k\", \"name\": \"Ny\", \"kind\": \"municipality\"},"
				     " \"nodes\": [{\"id\": \"n1\", \"kind\": \"nonsense\", \"name\": \"x\"}]}]}",
				     "ada", &sum),
			 ERR_INVALID);
	assert_null(sum);
	assert_string_equal(f->e.field, "organisations[1].nodes[0].kind");
	assert_unchanged(f, before);
	struct member_rec *m;
	size_t n;
	assert_int_equal(store_member_list(f->st, "b", NULL, &f->a, &m, &n, &f->e), 0);
	assert_int_equal(n, 0); /* no membership of an organisation that was not created */
}

static void test_import_grants_new(void **state)
{
	struct fixture *f = *state;
	json_t *sum;
	import_k(f);
	/* k exists, b is new: only b's admin is the importer */
	assert_int_equal(import_text(f,
				     "{\"skjold\": 1, \"organisations\": ["
				     "{\"skjold\": 1, \"organisation\": {\"id\": \"b\", \"name\": \"Bank\", \"kind\": \"bank\"}},"
				     "{\"skjold\": 1, \"organisation\": {\"id\": \"k\", \"name\": \"Ny\", \"kind\": \"municipality\"}}]}",
				     "ada", &sum),
			 0);
	json_decref(sum);
	struct member_rec *m;
	size_t n;
	assert_int_equal(store_member_list(f->st, "b", NULL, &f->a, &m, &n, &f->e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].user, "ada");
	assert_string_equal(m[0].role, "admin");
	assert_int_equal(store_member_list(f->st, "k", NULL, &f->a, &m, &n, &f->e), 0);
	assert_int_equal(n, 0);
	json_t *log;
	assert_int_equal(app_io_audit_log(&f->x, &(struct app_audit_query){.entity = "membership"}, &log), 0);
	assert_int_equal(json_array_size(log), 1);
	assert_string_equal(json_string_value(at(log, "[0].org")), "b");
	assert_string_equal(json_string_value(at(log, "[0].key")), "ada");
	assert_string_equal(json_string_value(at(log, "[0].action")), "grant");
	json_decref(log);
}

static void test_import_csv(void **state)
{
	struct fixture *f = *state;
	json_t *sum;
	import_k(f);
	assert_int_equal(app_io_csv_kind_parse("nodes"), CSV_NODES);
	assert_int_equal(app_io_csv_kind_parse("risks"), CSV_RISKS);
	assert_int_equal(app_io_csv_kind_parse("--nodes"), -1);
	assert_int_equal(app_io_csv_kind_parse(NULL), -1);

	static const char good[] = "id;kind;name\nn-a;system;A\nn-b;service;B\n";
	struct app_import_csv req = {.kind = CSV_NODES, .org = "k", .data = good, .len = sizeof good - 1};
	err_clear(&f->e);
	assert_int_equal(app_io_import_csv(&f->x, &req, &sum), 0);
	assert_int_equal(json_integer_value(at(sum, "rows")), 2);
	json_decref(sum);

	char *before = snapshot(f);
	static const char bad[] = "id;kind;name\nn-c;system;C\nn-d;nonsense;D\n";
	req = (struct app_import_csv){.kind = CSV_NODES, .org = "k", .data = bad, .len = sizeof bad - 1};
	err_clear(&f->e);
	assert_int_equal(app_io_import_csv(&f->x, &req, &sum), ERR_INVALID);
	assert_null(sum);
	assert_string_equal(f->e.field, "row 3, kind");
	/* no organisation given and no org column: the request's field */
	req = (struct app_import_csv){.kind = CSV_NODES, .data = good, .len = sizeof good - 1};
	err_clear(&f->e);
	assert_int_equal(app_io_import_csv(&f->x, &req, &sum), ERR_INVALID);
	assert_string_equal(f->e.field, "org");
	assert_unchanged(f, before);
}

static void test_threat_catalogue(void **state)
{
	struct fixture *f = *state;
	json_t *cat, *out;
	import_k(f);
	assert_int_equal(app_io_threat_catalogue(&f->x, &cat), 0);
	size_t n = json_array_size(json_object_get(cat, "threats"));
	assert_true(n > 0);
	json_decref(cat);
	assert_int_equal(app_io_threat_load_defaults(&f->x, "k", &out), 0);
	assert_int_equal(json_integer_value(at(out, "threats_added")), (json_int_t)n);
	json_decref(out);
	assert_int_equal(app_io_threat_load_defaults(&f->x, "k", &out), 0);
	assert_int_equal(json_integer_value(at(out, "threats_added")), 0); /* the organisation's own are kept */
	json_decref(out);
	char *before = snapshot(f);
	err_clear(&f->e);
	assert_int_equal(app_io_threat_load_defaults(&f->x, "nowhere", &out), ERR_NOTFOUND);
	assert_null(out);
	assert_string_equal(f->e.field, "org");
	assert_unchanged(f, before);
}

static void test_audit(void **state)
{
	struct fixture *f = *state;
	json_t *log, *v;
	import_k(f);
	assert_int_equal(app_io_audit_log(&f->x, &(struct app_audit_query){.org = "k", .entity = "node"}, &log), 0);
	assert_int_equal(json_array_size(log), 1);
	assert_string_equal(json_string_value(at(log, "[0].key")), "n-løn");
	assert_string_equal(json_string_value(at(log, "[0].actor")), "test");
	assert_string_equal(json_string_value(at(log, "[0].at")), "2026-01-01T00:00:00Z");
	assert_true(json_is_null(at(log, "[0].before")));
	assert_string_equal(json_string_value(at(log, "[0].after.name")), "Løn");
	json_decref(log);

	assert_int_equal(app_io_audit_verify(&f->x, &v), 0);
	assert_non_null(v);
	json_decref(v);

	json_t *all;
	assert_int_equal(app_io_audit_log(&f->x, &(struct app_audit_query){0}, &all), 0);
	struct app_audit_check chk;
	assert_int_equal(app_io_audit_check(&f->x, &chk), 0);
	assert_true(chk.intact);
	assert_int_equal(chk.own_entries, (long long)json_array_size(all));
	json_decref(all);
}

/* The export's writer: the lines gathered, the calls counted; an append during the export, or a failure. */
struct sink {
	struct buf text;
	int calls;
	struct fixture *f;
	bool append, fail;
};
static int sink_write(void *ctx, const char *data, size_t len)
{
	struct sink *k = ctx;
	k->calls++;
	buf_add(&k->text, data, len);
	if (k->append) { /* a write while the export runs belongs to the next export */
		assert_int_equal(audit_record(k->f->st, "late", NOW_MS, "create", "node", "k", "late", NULL, NULL,
					      &k->f->e),
				 0);
		k->append = false;
	}
	return k->fail ? err_set(&k->f->e, ERR_IO, "out", "disk full") : 0;
}

static int export_lines(struct fixture *f, struct app_audit_export *req, struct sink *k, int64_t *n)
{
	memset(&k->text, 0, sizeof k->text);
	k->calls = 0;
	k->f = f;
	req->write = sink_write;
	req->ctx = k;
	return app_io_audit_export(&f->x, req, n);
}

static size_t count_lines(const struct buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->p[i] == '\n';
	return n;
}

static void test_audit_export(void **state)
{
	struct fixture *f = *state;
	static const char *const orgs[] = {"k", "m", NULL};
	for (int i = 0; i < 1203; i++)
		assert_int_equal(audit_record(f->st, "t", NOW_MS + i, "create", "node", orgs[i % 3], "x", NULL, "{}", &f->e),
				 0);
	struct sink k = {0};
	int64_t n;
	/* every entry, three pages of at most 500, oldest first; the one appended meanwhile is left out */
	k.append = true;
	struct app_audit_export req = {.since_ms = INT64_MIN, .until_ms = INT64_MAX, .format = AUDIT_FORMAT_JSONL};
	assert_int_equal(export_lines(f, &req, &k, &n), 0);
	assert_int_equal(n, 1203);
	assert_int_equal(k.calls, 3);
	assert_int_equal(count_lines(&k.text), 1203);
	assert_true(!strncmp(buf_str(&k.text), "{\"seq\":1,", 9));
	const char *last = strstr(buf_str(&k.text), "\n{\"seq\":1203,");
	assert_non_null(last);
	assert_int_equal(strchr(last + 1, '\n') - buf_str(&k.text), (long)k.text.len - 1); /* the last line */
	buf_free(&k.text);
	/* [NOW+100, NOW+200), CEF */
	req = (struct app_audit_export){.since_ms = NOW_MS + 100, .until_ms = NOW_MS + 200, .format = AUDIT_FORMAT_CEF};
	assert_int_equal(export_lines(f, &req, &k, &n), 0);
	assert_int_equal(n, 100);
	assert_true(!strncmp(buf_str(&k.text), "CEF:0|skjold|skjold|1|create|create node|3|rt=1767225600100 externalId=101 ",
			     strlen("CEF:0|skjold|skjold|1|create|create node|3|rt=1767225600100 externalId=101 ")));
	buf_free(&k.text);
	/* one organisation */
	req = (struct app_audit_export){.since_ms = INT64_MIN, .until_ms = INT64_MAX, .org = "k"};
	assert_int_equal(export_lines(f, &req, &k, &n), 0);
	assert_int_equal(n, 401 + 1); /* and the late one */
	buf_free(&k.text);
	/* a scope of m: its entries, unless the whole log is asked for (a system administrator) */
	struct store_grant g[] = {{"m", STORE_GRANT_READ}};
	struct store_scope sc = {g, 1};
	store_scope_set(f->st, &sc);
	req = (struct app_audit_export){.since_ms = INT64_MIN, .until_ms = INT64_MAX};
	assert_int_equal(export_lines(f, &req, &k, &n), 0);
	assert_int_equal(n, 401);
	buf_free(&k.text);
	req.whole_log = true;
	assert_int_equal(export_lines(f, &req, &k, &n), 0);
	assert_int_equal(n, 1204);
	assert_ptr_equal(store_scope_get(f->st), &sc);
	buf_free(&k.text);
	store_scope_set(f->st, NULL);
	/* refusals: an empty window names until; a writer's failure stops the export */
	req = (struct app_audit_export){.since_ms = NOW_MS, .until_ms = NOW_MS};
	assert_int_equal(export_lines(f, &req, &k, &n), ERR_INVALID);
	assert_string_equal(f->e.field, "until");
	assert_int_equal(k.calls, 0);
	k.fail = true;
	req = (struct app_audit_export){.since_ms = INT64_MIN, .until_ms = INT64_MAX};
	assert_int_equal(export_lines(f, &req, &k, &n), ERR_IO);
	assert_int_equal(k.calls, 1);
	buf_free(&k.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_grants_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threat_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_export, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
