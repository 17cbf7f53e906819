/*
 * test_xlsx.c — the XLSX writer (src/doc/xlsx.c) checked against a real
 * reader: every workbook is read back by openpyxl (tests/xlsx/read.py,
 * xlsxread.h), which must see the values with their types (dates and
 * date-times as datetime, numbers as int or float, text as str, booleans as
 * bool), the bold shaded header, the frozen header row, the autofilter over
 * the whole range, the level colours, the sheet names and the document
 * properties.  Books the format cannot hold are refused naming the part,
 * the temporary file is gone afterwards, and 100 000 rows of 12 columns
 * are written in constant memory, timed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "jcheck.h"
#include "xlsx.h"
#include "xlsxread.h"

/* 2026-03-12T09:00:00Z */
#define CREATED ((int64_t)date_from_ymd(2026, 3, 12) * 86400 + 9 * 3600)

static const struct xlsx_col type_cols[] = {
	{"name", "Navn (Name)", XLSX_TEXT, 0},
	{"n", "Antal (Count)", XLSX_INT, 0},
	{"x", "Andel (Share)", XLSX_REAL, 0},
	{"d", "Dato (Date)", XLSX_DATE, 0},
	{"t", "Tidspunkt, dansk tid (Instant, Europe/Copenhagen)", XLSX_INSTANT, 0},
	{"b", "Åben (Open)", XLSX_BOOL, 0},
	{"lvl", "Niveau (Level)", XLSX_LEVEL, 0},
	{"tags", "Mærker (Tags)", XLSX_LIST, 0},
	{"a.b", "Dyb værdi (Nested value)", XLSX_TEXT, 0},
};

static const char type_rows[] =
	"["
	"{\"name\": \"Rådhusets ærlige øl-årsag\", \"n\": 3, \"x\": 2.5, \"d\": \"2026-03-12\","
	" \"t\": \"2026-03-12T08:20:00+01:00\", \"b\": true, \"lvl\": \"Høj\","
	" \"tags\": [\"a\", {\"id\": \"x\", \"name\": \"Nævn\"}, {\"id\": \"y\"}, 7], \"a\": {\"b\": \"dyb\"}},"
	"{\"name\": null, \"n\": \"7\", \"x\": 1, \"d\": \"2026-02-30\", \"t\": \"2026-07-01T23:59:30.5+02:00\","
	" \"b\": \"nej\", \"lvl\": 4, \"tags\": [], \"a\": {\"b\": null}},"
	"{\"name\": \"=SUM(A1)\", \"n\": 1.5, \"x\": \"0.25\", \"d\": \"1899-12-31\", \"t\": \"2026-03-12T07:20:00Z\","
	" \"b\": \"ja\", \"lvl\": \"medium\", \"tags\": \"solo\"},"
	"{\"name\": 42, \"n\": \"abc\", \"b\": \"kanske\", \"lvl\": \"Ukendt\", \"t\": \"ikke et tidspunkt\", \"a\": \"flad\","
	" \"d\": \"2026-12-31\", \"x\": 0}"
	"]";

static const struct xlsx_col empty_cols[] = {
	{"id", "ID", XLSX_TEXT, 0},
	{"due", "Frist (Due)", XLSX_DATE, 0},
};

static const struct xlsx_col long_cols[] = {
	{"text", "Beskrivelse (Description)", XLSX_TEXT, 30},
	{"lvl", "Restrisiko (Residual level)", XLSX_LEVEL, 0},
};

/* Write book, failing the test on an error; *len is set. */
static char *write_ok(const struct xlsx_book *b, size_t *len)
{
	struct errinfo e = {0};
	char *out;
	int rc = xlsx_write(b, &out, len, &e);
	if (rc)
		fail_msg("xlsx_write: %d %s: %s", rc, e.field, e.message);
	assert_non_null(out);
	assert_true(*len > 100);
	assert_memory_equal(out, "PK\x03\x04", 4); /* a zip package */
	return out;
}

/* The cell at row r, column c (0-based, as the reader lists them) of sheet s. */
static json_t *cell(json_t *book, int s, int r, int c)
{
	char p[64];
	snprintf(p, sizeof p, "sheets[%d].rows[%d][%d]", s, r, c);
	json_t *j = at(book, p);
	if (!j)
		fail_msg("no cell %s", p);
	return j;
}

static void check_cell(json_t *book, int s, int r, int c, const char *type, const char *value)
{
	json_t *j = cell(book, s, r, c);
	const char *t = json_string_value(json_object_get(j, "t"));
	if (strcmp(t, type))
		fail_msg("sheet %d row %d col %d: type %s, want %s", s, r, c, t, type);
	json_t *v = json_object_get(j, "v");
	if (!value) {
		if (!json_is_null(v))
			fail_msg("sheet %d row %d col %d: not empty", s, r, c);
		return;
	}
	char *got = json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY);
	if (strcmp(got, value))
		fail_msg("sheet %d row %d col %d: got %s, want %s", s, r, c, got, value);
	free(got);
}

/* The cell's solid fill (RRGGBB), or NULL. */
static const char *fill(json_t *book, int s, int r, int c)
{
	return json_string_value(json_object_get(cell(book, s, r, c), "fill"));
}

static const char *fmt(json_t *book, int s, int r, int c)
{
	return json_string_value(json_object_get(cell(book, s, r, c), "fmt"));
}

static void test_types_and_layout(void **state)
{
	(void)state;
	json_t *rows = J(type_rows), *none = J("[]"), *lng = json_array();
	char *big = malloc(40001);
	for (int i = 0; i < 20000; i++)
		memcpy(big + 2 * i, "\xc3\xa6", 2); /* æ: 40 000 bytes, past a cell's 32 767 */
	big[40000] = 0;
	json_array_append_new(lng, json_pack("{ssss}", "text", big, "lvl", "Kritisk"));
	json_array_append_new(lng, json_pack("{sssi}", "text", "kort", "lvl", 2));
	json_array_append_new(lng, json_pack("{si}", "lvl", 0));
	free(big);
	struct xlsx_sheet sheets[] = {
		{"Typer æøå", type_cols, sizeof type_cols / sizeof type_cols[0], rows},
		{"Tom", empty_cols, 2, none},
		{"Lang tekst", long_cols, 2, lng},
	};
	struct xlsx_book b = {.title = "Prøve (Test)", .org = "Kommune", .subject = "k", .as_of = "2026-03-12",
			      .created = CREATED, .sheets = sheets, .nsheets = 3};
	size_t len;
	char *out = write_ok(&b, &len);
	json_t *r = xlsx_read(out, len, false);
	free(out);

	check_str(r, "properties.title", "Prøve (Test)");
	check_str(r, "properties.creator", "skjold");
	check_str(r, "properties.subject", "k");
	check_str(r, "properties.description", "Opgjort pr. 2026-03-12");
	check_str(r, "properties.created", "2026-03-12T09:00:00");
	check_size(r, "sheets", 3);
	check_str(r, "sheets[0].name", "Typer æøå");
	check_str(r, "sheets[1].name", "Tom");
	check_str(r, "sheets[2].name", "Lang tekst");
	for (int s = 0; s < 3; s++) {
		char p[64];
		snprintf(p, sizeof p, "sheets[%d].freeze_panes", s);
		check_str(r, p, "A2");
	}
	/* the autofilter covers the header and every data row and column */
	check_str(r, "sheets[0].auto_filter", "A1:I5");
	check_str(r, "sheets[1].auto_filter", "A1:B1");
	check_str(r, "sheets[2].auto_filter", "A1:B4");
	check_int(r, "sheets[0].max_row", 5);
	check_int(r, "sheets[0].max_column", 9);

	/* the header: the headings as given, bold and shaded */
	for (size_t c = 0; c < sizeof type_cols / sizeof type_cols[0]; c++) {
		check_cell(r, 0, 0, (int)c, "str", type_cols[c].head);
		assert_true(json_is_true(json_object_get(cell(r, 0, 0, (int)c), "bold")));
		assert_string_equal(fill(r, 0, 0, (int)c), "d9e1f2");
	}
	check_cell(r, 1, 0, 1, "str", "Frist (Due)");
	/* the long heading wraps into a taller header row */
	assert_true(json_number_value(at(r, "sheets[0].header_height")) >= 30);

	/* row 1: every type read as itself */
	check_cell(r, 0, 1, 0, "str", "Rådhusets ærlige øl-årsag");
	check_cell(r, 0, 1, 1, "int", "3");
	check_cell(r, 0, 1, 2, "float", "2.5");
	check_cell(r, 0, 1, 3, "datetime", "2026-03-12T00:00:00");
	assert_string_equal(fmt(r, 0, 1, 3), "yyyy-mm-dd");
	check_cell(r, 0, 1, 4, "datetime", "2026-03-12T08:20:00"); /* the wall-clock time stated */
	assert_string_equal(fmt(r, 0, 1, 4), "yyyy-mm-dd hh:mm");
	check_cell(r, 0, 1, 5, "bool", "true");
	check_cell(r, 0, 1, 6, "str", "Høj");
	assert_string_equal(fill(r, 0, 1, 6), "ffd8a8");
	check_cell(r, 0, 1, 7, "str", "a, Nævn, y, 7");
	check_cell(r, 0, 1, 8, "str", "dyb");
	assert_null(fill(r, 0, 1, 0));

	/* row 2: null is empty; strings of numbers and ja/nej are read; a non-date stays text */
	check_cell(r, 0, 2, 0, "none", NULL);
	check_cell(r, 0, 2, 1, "int", "7");
	check_cell(r, 0, 2, 2, "int", "1");
	check_cell(r, 0, 2, 3, "str", "2026-02-30");
	check_cell(r, 0, 2, 4, "datetime", "2026-07-01T23:59:30.500000");
	check_cell(r, 0, 2, 5, "bool", "false");
	check_cell(r, 0, 2, 6, "str", "Kritisk");
	assert_string_equal(fill(r, 0, 2, 6), "f5b5b5");
	check_cell(r, 0, 2, 7, "none", NULL);
	check_cell(r, 0, 2, 8, "none", NULL);

	/* row 3: a formula is text; a UTC instant keeps its own wall clock; levels read case-blind */
	check_cell(r, 0, 3, 0, "str", "=SUM(A1)");
	check_cell(r, 0, 3, 1, "str", "1.5");
	check_cell(r, 0, 3, 2, "float", "0.25");
	check_cell(r, 0, 3, 3, "str", "1899-12-31");
	check_cell(r, 0, 3, 4, "datetime", "2026-03-12T07:20:00");
	check_cell(r, 0, 3, 5, "bool", "true");
	check_cell(r, 0, 3, 6, "str", "Medium");
	assert_string_equal(fill(r, 0, 3, 6), "fff3c4");
	check_cell(r, 0, 3, 7, "str", "solo");

	/* row 4: what a type cannot read is kept as text, unfilled */
	check_cell(r, 0, 4, 0, "str", "42");
	check_cell(r, 0, 4, 1, "str", "abc");
	check_cell(r, 0, 4, 2, "int", "0");
	check_cell(r, 0, 4, 3, "datetime", "2026-12-31T00:00:00");
	check_cell(r, 0, 4, 4, "str", "ikke et tidspunkt");
	check_cell(r, 0, 4, 5, "str", "kanske");
	check_cell(r, 0, 4, 6, "str", "Ukendt");
	assert_null(fill(r, 0, 4, 6));
	check_cell(r, 0, 4, 8, "none", NULL);

	/* widths: as given, else at least the Danish heading beside the filter button */
	json_t *w = at(r, "sheets[2].widths[0]");
	assert_true(json_number_value(w) >= 30 && json_number_value(w) < 31.5);
	assert_true(json_number_value(at(r, "sheets[0].widths[4]")) >= 16);
	assert_true(json_number_value(at(r, "sheets[0].widths[0]")) >= 25); /* the longest name */

	/* an empty sheet is its header */
	check_int(r, "sheets[1].max_row", 1);

	/* text past a cell's limit is cut at a character and marked */
	const char *cut = json_string_value(json_object_get(cell(r, 2, 1, 0), "v"));
	assert_non_null(cut);
	assert_true(strlen(cut) <= 32767);
	assert_int_equal(strlen(cut), 32764 + 3);
	assert_string_equal(cut + 32764, "\xe2\x80\xa6");
	assert_memory_equal(cut, "\xc3\xa6\xc3\xa6", 4);
	check_cell(r, 2, 1, 1, "str", "Kritisk");
	check_cell(r, 2, 2, 1, "str", "Medium");
	assert_string_equal(fill(r, 2, 2, 1), "fff3c4");
	assert_null(at(r, "sheets[2].rows[3]")); /* level 0 is no level: the last row holds no cell */
	json_decref(r);
	json_decref(rows);
	json_decref(none);
	json_decref(lng);
}

static void expect_refusal(const struct xlsx_book *b, const char *field)
{
	struct errinfo e = {0};
	char *out = (char *)1;
	size_t len = 1;
	assert_int_equal(xlsx_write(b, &out, &len, &e), ERR_INVALID);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(e.field, field);
}

static void test_refusals(void **state)
{
	(void)state;
	json_t *rows = J("[{\"id\": \"a\"}]"), *bad = J("[{\"id\": \"a\"}, 3]"), *obj = J("{}");
	struct xlsx_book b = {.title = "x"};
	expect_refusal(&b, "sheets");
	struct xlsx_sheet sh[2] = {{"Ark", empty_cols, 2, rows}, {"ark", empty_cols, 2, rows}};
	b.sheets = sh;
	b.nsheets = 2;
	expect_refusal(&b, "sheets[1].name"); /* Excel's names are case-blind */
	b.nsheets = 1;
	sh[0].name = "a/b";
	expect_refusal(&b, "sheets[0].name");
	sh[0].name = "Et navn der er længere end enogtredive tegn";
	expect_refusal(&b, "sheets[0].name");
	sh[0].name = "Ark";
	sh[0].ncols = 0;
	expect_refusal(&b, "sheets[0].cols");
	sh[0].ncols = 2;
	sh[0].rows = obj;
	expect_refusal(&b, "sheets[0].rows");
	sh[0].rows = bad;
	expect_refusal(&b, "sheets[0].rows");
	json_decref(rows);
	json_decref(bad);
	json_decref(obj);
}

/* The number of entries in dir besides . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

/* The workbook is made in $TMPDIR and nothing is left there; an unusable $TMPDIR is ERR_IO. */
static void test_temporary_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/skjold-test-xlsx-dir-XXXXXX";
	assert_non_null(mkdtemp(dir));
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", dir, 1);
	json_t *rows = J("[{\"id\": \"a\", \"due\": \"2026-03-12\"}]");
	struct xlsx_sheet sh = {"Ark", empty_cols, 2, rows};
	struct xlsx_book b = {.sheets = &sh, .nsheets = 1, .created = CREATED};
	size_t len;
	char *out = write_ok(&b, &len);
	free(out);
	assert_int_equal(entries(dir), 0);
	/* the same book twice is the same file */
	size_t len2;
	char *a = write_ok(&b, &len), *c = write_ok(&b, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(a, c, len);
	free(a);
	free(c);

	char gone[64];
	snprintf(gone, sizeof gone, "%s/missing", dir);
	setenv("TMPDIR", gone, 1);
	struct errinfo e = {0};
	assert_int_equal(xlsx_write(&b, &out, &len, &e), ERR_IO);
	assert_null(out);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	assert_int_equal(rmdir(dir), 0);
	json_decref(rows);
}

static const struct xlsx_col big_cols[] = {
	{"id", "ID", XLSX_TEXT, 0},
	{"title", "Titel (Title)", XLSX_TEXT, 0},
	{"node", "Node (Node)", XLSX_TEXT, 0},
	{"likelihood", "Sandsynlighed (Likelihood)", XLSX_INT, 0},
	{"share", "Andel (Share)", XLSX_REAL, 0},
	{"due", "Frist (Due)", XLSX_DATE, 0},
	{"at", "Opdaget, dansk tid (Detected, Europe/Copenhagen)", XLSX_INSTANT, 0},
	{"overdue", "Forfalden (Overdue)", XLSX_BOOL, 0},
	{"level", "Restrisiko (Residual level)", XLSX_LEVEL, 0},
	{"measures", "Foranstaltninger (Measures)", XLSX_LIST, 0},
	{"owner", "Ejer (Owner)", XLSX_TEXT, 0},
	{"version", "Version (Version)", XLSX_INT, 0},
};

#define BIG_ROWS 100000

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 100 000 rows of 12 columns: written in constant memory, timed, and every row read back. */
static void test_hundred_thousand_rows(void **state)
{
	(void)state;
	static const char *const levels[] = {"Lav", "Medium", "Høj", "Kritisk"};
	json_t *rows = json_array();
	for (int i = 0; i < BIG_ROWS; i++) {
		char id[32], due[11], at_[32];
		snprintf(id, sizeof id, "r-%d", i + 1);
		date_format(date_from_ymd(2026, 1, 1) + i % 365, due);
		snprintf(at_, sizeof at_, "2026-03-%02dT%02d:%02d:00+01:00", 1 + i % 28, i % 24, i % 60);
		json_array_append_new(
			rows, json_pack("{sssssssisfsssssbsss[ss]sssi}", "id", id, "title", "Ransomware på rådhusets servere",
					"node", "s-økonomi", "likelihood", 1 + i % 4, "share", (i % 100) / 100.0, "due", due,
					"at", at_, "overdue", i % 3 == 0, "level", levels[i % 4], "measures", "m-1", "m-2",
					"owner", "Økonomichef", "version", 1));
	}
	struct xlsx_sheet sh = {"Risici", big_cols, 12, rows};
	struct xlsx_book b = {.title = "Stor", .sheets = &sh, .nsheets = 1, .created = CREATED};
	size_t len;
	double t0 = seconds();
	char *out = write_ok(&b, &len);
	double t = seconds() - t0;
	print_message("xlsx_write: %d rows x 12 columns in %.2f s, %zu bytes\n", BIG_ROWS, t, len);
	assert_true(t < 60);
	json_decref(rows);
	json_t *r = xlsx_read(out, len, true);
	free(out);
	check_int(r, "sheets[0].rows", BIG_ROWS + 1);
	check_str(r, "sheets[0].last[0]", "r-100000");
	check_int(r, "sheets[0].last[3]", 1 + (BIG_ROWS - 1) % 4);
	check_str(r, "sheets[0].last[8]", levels[(BIG_ROWS - 1) % 4]);
	check_str(r, "sheets[0].last[9]", "m-1, m-2");
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_and_layout),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_temporary_file),
		cmocka_unit_test(test_hundred_thousand_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
