/*
 * test_app_sheet.c — the spreadsheet use cases (app_sheet.c) on a temporary
 * store holding the shipped example (examples/eksempel-kommune.json), each
 * sheet read back by openpyxl (xlsxread.h) and held against the JSON use
 * case it renders: as many data rows as the JSON answer has elements, in
 * its order, with its values as typed cells (dates and instants as
 * datetime, levels filled with their colour).
 *
 * Evaluated as of 2026-11-24 12:00 Copenhagen time, four days after the
 * example's ransomware incident was detected: two of its reports are
 * overdue, two pending.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_incident.h"
#include "app_io.h"
#include "app_sheet.h"
#include "app_view.h"
#include "date.h"
#include "jcheck.h"
#include "report.h"
#include "xlsxread.h"

#define ORG "eksempel-kommune"
#define EXAMPLE "examples/eksempel-kommune.json"

struct fix {
	char path[64];
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct app x;
};

static void remove_db(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		char p[96];
		snprintf(p, sizeof p, "%s%s", path, sides[i]);
		unlink(p);
	}
}

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/skjold-test-app-sheet-%d.db", (int)getpid());
	remove_db(f->path);
	if (store_open(f->path, &f->st, &f->e))
		return -1;
	arena_init(&f->a);
	int64_t now;
	instant_parse("2026-11-24T12:00:00+01:00", &now);
	f->x = (struct app){.st = f->st, .actor = "test", .now_ms = now, .today = instant_cph_date(now), .a = &f->a,
			    .e = &f->e};
	json_error_t je;
	json_t *doc = json_load_file(EXAMPLE, 0, &je), *sum = NULL;
	if (!doc) {
		fprintf(stderr, "%s: %s (run the unit tests from the repository's root)\n", EXAMPLE, je.text);
		return -1;
	}
	int rc = app_io_import(&f->x, &(struct app_import){.doc = doc}, &sum);
	json_decref(doc);
	json_decref(sum);
	if (rc) {
		fprintf(stderr, "import: %s: %s\n", f->e.field, f->e.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	store_close(f->st);
	arena_free(&f->a);
	remove_db(f->path);
	free(f);
	return 0;
}

/* The sheet's one sheet as openpyxl reads it (the book is released). */
static json_t *read_sheet(char *out, size_t len, const char *name, json_t **book)
{
	assert_non_null(out);
	*book = xlsx_read(out, len, false);
	free(out);
	check_size(*book, "sheets", 1);
	check_str(*book, "sheets[0].name", name);
	check_str(*book, "sheets[0].freeze_panes", "A2");
	return at(*book, "sheets[0]");
}

/* The column whose heading is head (0-based); fails when there is none. */
static int col(json_t *sheet, const char *head)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_array_get(json_object_get(sheet, "rows"), 0), i, c)
	{
		if (!strcmp(json_string_value(json_object_get(c, "v")), head))
			return (int)i;
	}
	fail_msg("no column '%s'", head);
	return -1;
}

/* The cell of data row r (1-based: row 0 is the header) in the column headed head. */
static json_t *cell(json_t *sheet, int r, const char *head)
{
	json_t *row = json_array_get(json_object_get(sheet, "rows"), (size_t)r);
	assert_non_null(row);
	return json_array_get(row, (size_t)col(sheet, head));
}

static void check(json_t *sheet, int r, const char *head, const char *type, const char *value)
{
	json_t *c = cell(sheet, r, head);
	const char *t = json_string_value(json_object_get(c, "t"));
	json_t *v = json_object_get(c, "v");
	char *got = json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY);
	if (strcmp(t, type) || (value ? strcmp(got, value) : !json_is_null(v)))
		fail_msg("row %d, %s: %s %s, want %s %s", r, head, t, got, type, value ? value : "empty");
	free(got);
}

/* The data rows, checked against n, and the autofilter over all of them. */
static void check_rows(json_t *sheet, size_t n)
{
	size_t ncols = json_integer_value(json_object_get(sheet, "max_column"));
	assert_int_equal(json_integer_value(json_object_get(sheet, "max_row")), n + 1);
	assert_true(ncols >= 1 && ncols <= 26 * 27);
	char ref[32], last[3] = {0};
	if (ncols > 26)
		last[0] = (char)('A' + (ncols - 1) / 26 - 1), last[1] = (char)('A' + (ncols - 1) % 26);
	else
		last[0] = (char)('A' + ncols - 1);
	snprintf(ref, sizeof ref, "A1:%s%zu", last, n + 1);
	check_str(sheet, "auto_filter", ref);
	/* the header is bold and shaded */
	json_t *h = json_array_get(json_array_get(json_object_get(sheet, "rows"), 0), 0);
	assert_true(json_is_true(json_object_get(h, "bold")));
	assert_non_null(json_object_get(h, "fill"));
}

static void test_register(void **state)
{
	struct fix *f = *state;
	struct orgview v;
	assert_int_equal(app_view_register(&f->x, ORG, &v), 0);
	json_t *want = report_register_json(&v);
	orgview_free(&v);
	char *out;
	size_t len;
	int rc = app_sheet_register(&f->x, ORG, &out, &len);
	if (rc)
		fail_msg("%s: %s", f->e.field, f->e.message);
	json_t *book, *s = read_sheet(out, len, "Risikoregister", &book);
	check_str(book, "properties.creator", "skjold");
	check_str(book, "properties.title", "Risikoregister (Risk register): Eksempel Kommune");
	check_str(book, "properties.subject", ORG);
	check_str(book, "properties.description", "Opgjort pr. 2026-11-24");
	size_t n = json_array_size(want);
	assert_int_equal(n, 14);
	check_rows(s, n);
	for (size_t i = 0; i < n; i++) {
		json_t *w = json_array_get(want, i);
		check(s, (int)i + 1, "ID", "str", json_string_value(json_object_get(w, "id")));
		check(s, (int)i + 1, "Restrisiko (Residual level)", "str",
		      json_string_value(json_object_get(w, "residual_level")));
		check(s, (int)i + 1, "Over risikoappetit (Above risk appetite)", "bool",
		      json_is_true(json_object_get(w, "above_appetite")) ? "true" : "false");
	}
	/* r-1 as the example holds it: likelihood the suggested 4, consequence the highest of its four */
	check(s, 1, "Titel (Title)", "str", "Ransomware krypterer omsorgssystemet");
	check(s, 1, "Node (Node name)", "str", "Omsorgssystem (Nordlys Omsorg)");
	check(s, 1, "Vurderet (Assessed on)", "datetime", "2026-03-02T00:00:00");
	check(s, 1, "Anvendt sandsynlighed (Likelihood used)", "int", "4");
	check(s, 1, "Konsekvens (Consequence)", "int", "4");
	check(s, 1, "Iboende niveau (Inherent level)", "str", "Kritisk");
	assert_string_equal(json_string_value(json_object_get(cell(s, 1, "Iboende niveau (Inherent level)"), "fill")),
			    "f5b5b5");
	assert_string_equal(json_string_value(json_object_get(cell(s, 1, "Restrisiko (Residual level)"), "fill")),
			    "fff3c4");
	check(s, 1, "Foranstaltninger (Measures)", "str", "m-1, m-2, m-3");
	check(s, 1, "Handleplan senest (Action plan due)", "datetime", "2026-03-04T00:00:00");
	check(s, 1, "Accept udløber (Acceptance expires)", "none", NULL);
	int r14 = 0; /* the rows come in the register's order */
	for (size_t i = 0; i < n; i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(want, i), "id")), "r-14"))
			r14 = (int)i + 1;
	assert_true(r14 > 0);
	check(s, r14, "Beslutning (Decision)", "str", "accept");
	check(s, r14, "Accept udløber (Acceptance expires)", "datetime", "2027-04-14T00:00:00");
	json_decref(book);
	json_decref(want);
}

static void test_risks(void **state)
{
	struct fix *f = *state;
	json_t *want;
	assert_int_equal(app_object_list(&f->x, APP_RISK, ORG, &want), 0);
	char *out;
	size_t len;
	assert_int_equal(app_sheet_risks(&f->x, ORG, &out, &len), 0);
	json_t *book, *s = read_sheet(out, len, "Risici", &book);
	size_t n = json_array_size(want);
	check_rows(s, n);
	for (size_t i = 0; i < n; i++)
		check(s, (int)i + 1, "Titel (Title)", "str", json_string_value(json_object_get(json_array_get(want, i), "title")));
	check(s, 1, "Node (Node)", "str", "s-omsorg");
	check(s, 1, "Sandsynlighed, sat (Likelihood set)", "none", NULL);
	check(s, 1, "Foreslået sandsynlighed (Suggested likelihood)", "int", "4");
	check(s, 1, "Konsekvens: tilgængelighed (Consequence: availability)", "int", "4");
	check(s, 1, "Konsekvens: autenticitet (Consequence: authenticity)", "int", "2");
	check(s, 1, "Sandsynlighed efter foranstaltninger (Likelihood after measures)", "int", "2");
	check(s, 1, "Behandling påbegyndt (Treatment started)", "bool", "true");
	json_decref(book);
	json_decref(want);
}

static void test_incidents(void **state)
{
	struct fix *f = *state;
	json_t *want;
	assert_int_equal(app_incident_list(&f->x, ORG, NULL, NULL, &want), 0);
	char *out;
	size_t len;
	assert_int_equal(app_sheet_incidents(&f->x, ORG, NULL, NULL, &out, &len), 0);
	json_t *book, *s = read_sheet(out, len, "Hændelser", &book);
	check_str(book, "properties.description", "Opgjort pr. 2026-11-24 kl. 12:00");
	size_t n = json_array_size(want);
	assert_int_equal(n, 2);
	check_rows(s, n);
	/* a municipality: NIS2 and GDPR, no DORA or PSD2 column */
	assert_int_equal(json_integer_value(json_object_get(s, "max_column")), 10);
	for (size_t i = 0; i < n; i++) {
		json_t *w = json_array_get(want, i);
		check(s, (int)i + 1, "ID", "str", json_string_value(json_object_get(w, "id")));
		check(s, (int)i + 1, "Vurdering NIS2 (Verdict NIS2)", "str", json_string_value(at(w, "verdicts.eu-nis2")));
		check(s, (int)i + 1, "Vurdering GDPR (Verdict GDPR)", "str", json_string_value(at(w, "verdicts.eu-gdpr")));
		char wall[20];
		snprintf(wall, sizeof wall, "%.19s", json_string_value(json_object_get(w, "detected_at")));
		check(s, (int)i + 1, "Opdaget, dansk tid (Detected, Europe/Copenhagen)", "datetime", wall);
	}
	check(s, 2, "ID", "str", "inc-2026-11-ransomware");
	check(s, 2, "Opdaget, dansk tid (Detected, Europe/Copenhagen)", "datetime", "2026-11-20T06:45:00");
	check(s, 2, "Næste frist, dansk tid (Next deadline, Europe/Copenhagen)", "datetime", "2026-11-23T06:45:00");
	check(s, 2, "Næste frist: status (Next deadline: status)", "str", "overdue");
	check(s, 1, "Næste frist, dansk tid (Next deadline, Europe/Copenhagen)", "none", NULL);
	json_decref(book);
	json_decref(want);
}

static void test_deadlines(void **state)
{
	struct fix *f = *state;
	json_t *want;
	assert_int_equal(app_incident_deadlines(&f->x, ORG, NULL, &want), 0);
	char *out;
	size_t len;
	assert_int_equal(app_sheet_deadlines(&f->x, ORG, NULL, &out, &len), 0);
	json_t *book, *s = read_sheet(out, len, "Frister", &book);
	check_str(book, "properties.title", "Åbne indberetningsfrister (Open reporting deadlines): Eksempel Kommune");
	size_t n = (size_t)json_integer_value(json_object_get(want, "open"));
	assert_int_equal(n, 4);
	check_rows(s, n);
	int overdue = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *w = json_array_get(json_object_get(want, "obligations"), i);
		int r = (int)i + 1;
		check(s, r, "Hændelse (Incident)", "str", json_string_value(json_object_get(w, "incident")));
		check(s, r, "Regime (Regime)", "str", json_string_value(json_object_get(w, "regime")));
		check(s, r, "Rapport eller pligt (Report or obligation)", "str",
		      json_string_value(json_object_get(w, "report")));
		const char *due = json_string_value(json_object_get(w, "due"));
		char wall[20];
		snprintf(wall, sizeof wall, "%.19s", due ? due : "");
		check(s, r, "Frist, dansk tid (Due, Europe/Copenhagen)", due ? "datetime" : "none", due ? wall : NULL);
		bool late = !strcmp(json_string_value(json_object_get(w, "status")), "overdue");
		check(s, r, "Overskredet (Overdue)", "bool", late ? "true" : "false");
		overdue += late;
	}
	assert_int_equal(overdue, 2);
	check(s, 1, "Frist, dansk tid (Due, Europe/Copenhagen)", "datetime", "2026-11-23T06:45:00");
	check(s, 1, "Status (Status)", "str", "overdue");
	check(s, 4, "Rapport eller pligt (Report or obligation)", "str", "data_subjects");
	check(s, 4, "Frist som tekst (Due as text)", "str", "without undue delay");
	json_decref(book);
	json_decref(want);

	/* no organisation: every one the store shows, as `skjold deadlines` without --org */
	assert_int_equal(app_incident_deadlines(&f->x, NULL, NULL, &want), 0);
	assert_int_equal(app_sheet_deadlines(&f->x, NULL, NULL, &out, &len), 0);
	s = read_sheet(out, len, "Frister", &book);
	check_str(book, "properties.title",
		  "Åbne indberetningsfrister (Open reporting deadlines): Alle organisationer (All organisations)");
	check_rows(s, (size_t)json_integer_value(json_object_get(want, "open")));
	check(s, 1, "Organisation (Organisation)", "str", ORG);
	json_decref(book);
	json_decref(want);
}

static void test_unknown_org(void **state)
{
	struct fix *f = *state;
	char *out = (char *)1;
	size_t len = 1;
	assert_int_equal(app_sheet_register(&f->x, "nope", &out, &len), ERR_NOTFOUND);
	assert_null(out);
	err_clear(&f->e);
	assert_int_equal(app_sheet_risks(&f->x, "nope", &out, &len), ERR_NOTFOUND);
	assert_null(out);
	err_clear(&f->e);
	assert_int_equal(app_sheet_incidents(&f->x, "nope", NULL, NULL, &out, &len), ERR_NOTFOUND);
	assert_null(out);
	err_clear(&f->e);
	assert_int_equal(app_sheet_deadlines(&f->x, "nope", NULL, &out, &len), ERR_NOTFOUND);
	assert_null(out);
	assert_int_equal(len, 0);
	err_clear(&f->e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),  cmocka_unit_test(test_risks),	     cmocka_unit_test(test_incidents),
		cmocka_unit_test(test_deadlines), cmocka_unit_test(test_unknown_org),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
