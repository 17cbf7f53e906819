/*
 * test_app_view.c — the views' use cases (app_view.c) called directly on a
 * temporary SQLite store, with neither the shell nor the server around
 * them: the layer stands on its own.
 *
 * The map: a process p uses a system s hosted in one of two data centres
 * (redundancy group "hosting"), both on one network net.  So net alone stops
 * p (a single point of failure), one data centre does not, and the failure
 * of net takes down both centres, s and p.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app_view.h"
#include "date.h"
#include "report.h"
#include "store/store.h"

#define ORG "k"

struct fixture {
	char path[96];
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

/* Remove the temporary database and its SQLite side files. */
static void remove_db(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s%s", path, sides[i]);
		unlink(p);
	}
}

/* Write one object of kind through the application layer, as a document would hold it. */
static void put(struct fixture *f, enum app_kind kind, const char *json)
{
	json_error_t je;
	json_t *fields = json_loads(json, 0, &je);
	assert_non_null(fields);
	struct app_write w = {.kind = kind, .mode = APP_CREATE, .ref = {.org = ORG}, .fields = fields};
	json_t *out = NULL;
	int rc = app_object_write(&f->x, &w, &out);
	if (rc)
		fail_msg("%s: %s: %s", json, f->e.field, f->e.message);
	json_decref(out);
	json_decref(fields);
}

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	snprintf(f.path, sizeof f.path, "/tmp/skjold-test-app-view-%d.db", (int)getpid());
	remove_db(f.path);
	assert_int_equal(store_open(f.path, &f.st, &f.e), 0);
	arena_init(&f.a);
	int64_t now = (int64_t)date_from_ymd(2026, 3, 10) * 86400000 + 12 * 3600000;
	f.x = (struct app){.st = f.st, .actor = "test@unit", .now_ms = now, .today = date_from_ymd(2026, 3, 10),
			   .a = &f.a, .e = &f.e};
	json_t *org = json_pack("{ssssssss}", "id", ORG, "name", "Kommune", "kind", "municipality", "risk_appetite",
				"Medium");
	json_t *out = NULL;
	int rc = app_org_write(&f.x, APP_CREATE, NULL, org, NULL, &out);
	if (rc)
		fail_msg("org: %s: %s", f.e.field, f.e.message);
	json_decref(org);
	json_decref(out);
	put(&f, APP_NODE, "{\"id\":\"p\",\"kind\":\"process\",\"name\":\"Pleje\",\"criticality\":\"Kritisk\"}");
	put(&f, APP_NODE, "{\"id\":\"s\",\"kind\":\"system\",\"name\":\"System\"}");
	put(&f, APP_NODE, "{\"id\":\"dc1\",\"kind\":\"infrastructure\",\"name\":\"DC 1\"}");
	put(&f, APP_NODE, "{\"id\":\"dc2\",\"kind\":\"infrastructure\",\"name\":\"DC 2\"}");
	put(&f, APP_NODE, "{\"id\":\"net\",\"kind\":\"infrastructure\",\"name\":\"Net\"}");
	put(&f, APP_EDGE, "{\"from\":\"p\",\"to\":\"s\",\"type\":\"uses\"}");
	put(&f, APP_EDGE, "{\"from\":\"s\",\"to\":\"dc1\",\"type\":\"hosted_at\",\"group\":\"hosting\"}");
	put(&f, APP_EDGE, "{\"from\":\"s\",\"to\":\"dc2\",\"type\":\"hosted_at\",\"group\":\"hosting\"}");
	put(&f, APP_EDGE, "{\"from\":\"dc1\",\"to\":\"net\",\"type\":\"runs_on\"}");
	put(&f, APP_EDGE, "{\"from\":\"dc2\",\"to\":\"net\",\"type\":\"runs_on\"}");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	arena_free(&f->a);
	remove_db(f->path);
	return 0;
}

/* Whether the array arr holds an object whose "id" is id. */
static bool has_id(json_t *arr, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
	if (!strcmp(json_string_value(json_object_get(o, "id")), id))
		return true;
	return false;
}

static void test_impact(void **state)
{
	struct fixture *f = *state;
	const char *net[] = {"net"}, *dc1[] = {"dc1"};
	json_t *out;
	assert_int_equal(app_view_impact(&f->x, ORG, net, 1, &out), 0);
	json_t *fails = json_object_get(out, "fails");
	assert_true(has_id(fails, "p") && has_id(fails, "s") && has_id(fails, "dc1") && has_id(fails, "dc2"));
	assert_int_equal(json_integer_value(json_object_get(out, "count")), 4);
	json_decref(out);
	/* one data centre of the group is not enough to stop the system */
	assert_int_equal(app_view_impact(&f->x, ORG, dc1, 1, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "count")), 0);
	json_decref(out);
}

static void test_impact_unknown_node_names_its_index(void **state)
{
	struct fixture *f = *state;
	const char *nodes[] = {"net", "ghost"};
	json_t *out = (json_t *)1;
	err_clear(&f->e);
	assert_int_equal(app_view_impact(&f->x, ORG, nodes, 2, &out), ERR_NOTFOUND);
	assert_null(out);
	assert_string_equal(f->e.field, "nodes[1]");
	err_clear(&f->e);
	assert_int_equal(app_view_impact(&f->x, ORG, nodes, 0, &out), ERR_INVALID);
	assert_string_equal(f->e.field, "nodes");
	err_clear(&f->e);
}

static void test_spof(void **state)
{
	struct fixture *f = *state;
	json_t *out;
	assert_int_equal(app_view_spof(&f->x, ORG, NULL, &out), 0);
	assert_int_equal(json_array_size(out), 1); /* p, the one critical process */
	json_t *p = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(p, "id")), "p");
	json_t *spof = json_object_get(p, "single_points_of_failure");
	assert_true(has_id(spof, "s") && has_id(spof, "net"));
	assert_false(has_id(spof, "dc1"));
	json_decref(out);
	err_clear(&f->e);
	assert_int_equal(app_view_spof(&f->x, ORG, "ghost", &out), ERR_NOTFOUND);
	assert_string_equal(f->e.field, "target");
	err_clear(&f->e);
}

static void test_reports(void **state)
{
	struct fixture *f = *state;
	json_t *out;
	struct app_report_req req = {.org = ORG, .kind = APP_REPORT_ISU, .year = 2025, .quarter = 4};
	assert_int_equal(app_view_report(&f->x, &req, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "report")), "isu");
	json_t *period = json_object_get(out, "period");
	assert_int_equal(json_integer_value(json_object_get(period, "year")), 2025);
	assert_int_equal(json_integer_value(json_object_get(period, "quarter")), 4);
	/* the rendering is a function of the result alone */
	char *text;
	size_t len;
	const char *type;
	struct errinfo re = {0};
	assert_int_equal(report_render(out, REPORT_HTML, &text, &len, &type, &re), 0);
	assert_int_equal(len, strlen(text));
	assert_true(!strncmp(text, "<!DOCTYPE html>", 15) || !strncmp(text, "<!doctype html>", 15));
	assert_string_equal(type, "text/html; charset=utf-8");
	free(text);
	json_decref(out);
	req = (struct app_report_req){.org = ORG, .kind = APP_REPORT_MANAGEMENT};
	assert_int_equal(app_view_report(&f->x, &req, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "period"), "year")), 2026);
	json_decref(out);
}

static void test_report_period_refused(void **state)
{
	struct fixture *f = *state;
	json_t *out = (json_t *)1;
	struct {
		struct app_report_req req;
		const char *field;
	} cases[] = {
		{{ORG, APP_REPORT_ISU, 2026, 5}, "quarter"},
		{{ORG, APP_REPORT_ISU, 2026, 0}, "year"},
		{{ORG, APP_REPORT_ISU, 0, 2}, "quarter"},
		{{ORG, APP_REPORT_MANAGEMENT, 2026, 1}, "quarter"},
		{{ORG, APP_REPORT_MANAGEMENT, 1800, 0}, "year"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err_clear(&f->e);
		assert_int_equal(app_view_report(&f->x, &cases[i].req, &out), ERR_INVALID);
		assert_null(out);
		assert_string_equal(f->e.field, cases[i].field);
	}
	err_clear(&f->e);
	int y = 0, q = 0;
	assert_int_equal(app_view_quarter_parse("2026q3", &y, &q), 0);
	assert_true(y == 2026 && q == 3);
	assert_int_equal(app_view_quarter_parse("26Q3", &y, &q), ERR_INVALID);
}

static void test_tables_set_and_refused(void **state)
{
	struct fixture *f = *state;
	json_t *before, *after, *out = NULL;
	assert_int_equal(app_view_tables(&f->x, ORG, &before), 0);
	assert_string_equal(json_string_value(json_object_get(before, "likelihood_table_source")), "default");
	json_t *lt = json_deep_copy(json_object_get(before, "likelihood_table"));
	/* an unknown table and a matrix the rules refuse change nothing */
	err_clear(&f->e);
	assert_int_equal(app_view_table_set(&f->x, ORG, "nosuch", lt, &out), ERR_INVALID);
	assert_string_equal(f->e.field, "name");
	assert_null(out);
	err_clear(&f->e);
	json_t *bad = json_pack("[[s]]", "Lav");
	assert_int_equal(app_view_table_set(&f->x, ORG, "matrix", bad, &out), ERR_INVALID);
	assert_string_equal(f->e.field, "matrix");
	json_decref(bad);
	err_clear(&f->e);
	assert_int_equal(store_tx_depth(f->st), 0);
	assert_int_equal(app_view_tables(&f->x, ORG, &after), 0);
	assert_true(json_equal(before, after));
	json_decref(after);
	/* a table that passes is stored, and is the organisation's own from then on */
	json_array_set_new(json_array_get(lt, 0), 0, json_integer(1));
	assert_int_equal(app_view_table_set(&f->x, ORG, "likelihood_table", lt, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "table")), "likelihood_table");
	json_decref(out);
	assert_int_equal(app_view_table(&f->x, ORG, "likelihood_table", &out), 0);
	assert_true(json_equal(out, lt));
	json_decref(out);
	assert_int_equal(app_view_tables(&f->x, ORG, &after), 0);
	assert_string_equal(json_string_value(json_object_get(after, "likelihood_table_source")), "organisation");
	json_decref(after);
	err_clear(&f->e);
	assert_int_equal(app_view_table(&f->x, ORG, "nosuch", &out), ERR_NOTFOUND);
	assert_string_equal(f->e.field, "name");
	err_clear(&f->e);
	json_decref(lt);
	json_decref(before);
}

static void test_register(void **state)
{
	struct fixture *f = *state;
	struct orgview v;
	assert_int_equal(app_view_register(&f->x, ORG, &v), 0);
	json_t *risks = report_register_json(&v);
	char *csv = report_register_csv(&v);
	orgview_free(&v);
	assert_int_equal(json_array_size(risks), 0);
	assert_non_null(strstr(csv, "id;node;node_name;"));
	free(csv);
	json_decref(risks);
	err_clear(&f->e);
	assert_int_equal(app_view_register(&f->x, "nobody", &v), ERR_NOTFOUND);
	err_clear(&f->e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_impact),
		cmocka_unit_test(test_impact_unknown_node_names_its_index),
		cmocka_unit_test(test_spof),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_report_period_refused),
		cmocka_unit_test(test_tables_set_and_refused),
		cmocka_unit_test(test_register),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
