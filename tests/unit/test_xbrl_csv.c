/*
 * test_xbrl_csv.c — the EBA xBRL-CSV report packages (src/roi/xbrl_csv.c).
 *
 * The module as embedded; a report written and read back cell for cell
 * (a comma, a quote, a line break and Danish letters in one cell); the same
 * report written twice giving the same bytes; the EBA's own sample package
 * (tests/roi/eba-sample-package-headers.zip) read, with its permuted columns
 * put back in the module's order, and written and read again; and each rule
 * of the reader broken once in a package built here with libzip, the
 * refusal naming the file (and row and column) a person must fix.
 *
 * When /usr/bin/python3 is there, tests/roi/check_package.py opens a written
 * package with Python's zipfile and csv, a reader that owes nothing to ours.
 *
 * Files are found under the source tree: $SKJOLD_SRC when set, else the
 * current directory (tests/run.sh runs the unit tests from the repository root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "xbrl_csv.h"

#define SAMPLE "tests/roi/eba-sample-package-headers.zip"
#define SAMPLE_NAME "DUMMYLEI123456789012.CON_FR_DORA010100_DORA_2024-12-31_20241210113351223"
#define NAME "5299009N55YRQC69CN08.IND_DK_DORA010100_DORA_2025-03-31_20250401120000000"
#define PYTHON "/usr/bin/python3"

static struct xc_module mod;

static int setup(void **state)
{
	(void)state;
	struct errinfo e = {0};
	return xc_module_load(&mod, &e);
}

static int teardown(void **state)
{
	(void)state;
	xc_module_free(&mod);
	return 0;
}

/* The path of a file of the source tree (static). */
static const char *src_path(const char *rel)
{
	static char path[4096];
	const char *src = getenv("SKJOLD_SRC");
	char cwd[2048];
	if (!src || !*src) {
		if (!getcwd(cwd, sizeof cwd))
			fail_msg("getcwd failed");
		src = cwd;
	}
	snprintf(path, sizeof path, "%s/%s", src, rel);
	if (access(path, R_OK) != 0)
		fail_msg("cannot find %s: run from the repository root or set SKJOLD_SRC", path);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* ---- packages built by hand ---- */

struct ent {
	char *name; /* full name in the zip */
	char *data;
	size_t len;
};

struct pkg {
	size_t n;
	struct ent e[128];
};

static void pkg_add_raw(struct pkg *p, const char *name, const char *data, size_t len)
{
	assert_true(p->n < 128);
	struct ent *x = &p->e[p->n++];
	x->name = strdup(name);
	x->data = malloc(len + 1);
	memcpy(x->data, data, len);
	x->len = len;
}

/* Every entry of a zip. */
static void pkg_from_zip(struct pkg *p, const void *zip, size_t len)
{
	memset(p, 0, sizeof *p);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *s = zip_source_buffer_create(zip, len, 0, &ze);
	assert_non_null(s);
	zip_t *za = zip_open_from_source(s, ZIP_RDONLY, &ze);
	assert_non_null(za);
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
		char *buf = malloc(st.size + 1);
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		assert_non_null(zf);
		assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
		zip_fclose(zf);
		pkg_add_raw(p, st.name, buf, st.size);
		free(buf);
	}
	zip_discard(za);
	zip_error_fini(&ze);
}

/* Replace, add (data not NULL) or remove (NULL) the file at path inside the folder "name". */
static void pkg_set(struct pkg *p, const char *name, const char *path, const char *data)
{
	char full[512];
	snprintf(full, sizeof full, "%s/%s", name, path);
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->e[i].name, full) == 0) {
			free(p->e[i].data);
			if (data) {
				p->e[i].len = strlen(data);
				p->e[i].data = strdup(data);
			} else {
				free(p->e[i].name);
				p->e[i] = p->e[--p->n];
			}
			return;
		}
	if (data)
		pkg_add_raw(p, full, data, strlen(data));
}

static void pkg_free(struct pkg *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->e[i].name);
		free(p->e[i].data);
	}
	p->n = 0;
}

static void *pkg_zip(const struct pkg *p, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(mem);
	zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(mem);
	for (size_t i = 0; i < p->n; i++) {
		size_t nl = strlen(p->e[i].name);
		if (nl && p->e[i].name[nl - 1] == '/') {
			assert_true(zip_dir_add(za, p->e[i].name, 0) >= 0);
			continue;
		}
		zip_source_t *s = zip_source_buffer(za, p->e[i].data, p->e[i].len, 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, p->e[i].name, s, 0) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	zip_stat_init(&st);
	assert_int_equal(zip_source_stat(mem, &st), 0);
	assert_int_equal(zip_source_open(mem), 0);
	void *out = malloc(st.size);
	assert_int_equal(zip_source_read(mem, out, st.size), (zip_int64_t)st.size);
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

/* ---- a small report ---- */

static const char *tricky = "Bank, \"Nord\"\nafdeling Ærø æøå";

static void small_report(struct xc_report *r)
{
	xc_report_init(r, &mod);
	r->name = arena_strdup(&r->a, NAME);
	xc_report_param(r, "entityID", "rs:5299009N55YRQC69CN08.IND");
	xc_report_param(r, "refPeriod", "2025-03-31");
	xc_report_param(r, "baseCurrency", "iso4217:DKK");
	xc_report_param(r, "note", "a,b \"c\"");
	struct xc_table *t = xc_report_table(r, "B_01.01");
	assert_non_null(t);
	const char *row[6] = {"5299009N55YRQC69CN08", tricky, "eba_GA:DK", "eba_CT:x12", "", "2025-03-31"};
	assert_int_equal(xc_table_add(r, t, row), 0);
	t = xc_report_table(r, "B_02.01");
	const char *r1[5] = {"C1", "eba_CO:x1", NULL, "eba_CU:DKK", "1000"};
	const char *r2[5] = {"C2", "eba_CO:x2", "C1", "eba_CU:EUR", "25"};
	xc_table_add(r, t, r1);
	xc_table_add(r, t, r2);
	xc_report_table(r, "B_99.01")->reported = false;
}

static void *write_ok(const struct xc_report *r, size_t *len)
{
	void *zip = NULL;
	struct errinfo e = {0};
	int rc = xc_write(r, &zip, len, &e);
	if (rc)
		fail_msg("xc_write: %s: %s", e.field, e.message);
	assert_non_null(zip);
	return zip;
}

static void read_ok(const void *zip, size_t len, struct xc_report *r)
{
	struct errinfo e = {0};
	int rc = xc_read(&mod, zip, len, r, &e);
	if (rc)
		fail_msg("xc_read: %d %s: %s", rc, e.field, e.message);
}

/* The same tables, rows, cells, flags, parameters and name. */
static void assert_same(const struct xc_report *a, const struct xc_report *b)
{
	assert_string_equal(a->name, b->name);
	assert_int_equal(a->nparams, b->nparams);
	for (size_t i = 0; i < a->nparams; i++) {
		assert_string_equal(a->params[i].name, b->params[i].name);
		assert_string_equal(a->params[i].value, b->params[i].value);
	}
	for (size_t k = 0; k < mod.ntables; k++) {
		const struct xc_table *x = &a->tables[k], *y = &b->tables[k];
		assert_ptr_equal(x->def, y->def);
		assert_int_equal(x->reported, y->reported);
		assert_int_equal(x->nrows, y->nrows);
		for (size_t i = 0; i < x->nrows * x->def->ncols; i++) {
			if (!x->cells[i] || !y->cells[i])
				assert_ptr_equal(x->cells[i], y->cells[i]);
			else
				assert_string_equal(x->cells[i], y->cells[i]);
		}
	}
}

/* ---- cases ---- */

static void test_module(void **state)
{
	(void)state;
	assert_string_equal(mod.url, "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json");
	assert_int_equal(mod.ntables, 15);
	assert_string_equal(mod.tables[0].code, "B_01.01");
	assert_string_equal(mod.tables[0].file, "b_01.01.csv");
	assert_string_equal(mod.tables[14].code, "B_99.01");
	for (size_t i = 1; i < mod.ntables; i++)
		assert_true(strcmp(mod.tables[i - 1].code, mod.tables[i].code) < 0);
	const struct xc_table_def *t = xc_module_table(&mod, "B_02.02");
	assert_non_null(t);
	assert_int_equal(t->ncols, 18);
	assert_int_equal(t->nkeys, 8);
	const char *keys[8] = {"c0010", "c0020", "c0030", "c0050", "c0060", "c0130", "c0150", "c0160"};
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(t->keys[i], keys[i]);
	assert_string_equal(t->cols[0], "c0010");
	assert_string_equal(t->cols[17], "c0180");
	assert_int_equal(xc_table_col(t, "c0050"), 4);
	assert_int_equal(xc_table_col(t, "c0190"), -1);
	assert_null(xc_module_table(&mod, "B_08.01"));
	const struct xc_table_def *b0303 = xc_module_table(&mod, "B_03.03");
	assert_int_equal(xc_table_col(b0303, "c0031"), 2); /* the module's own odd code */
	assert_int_equal(xc_module_table(&mod, "B_99.01")->nkeys, 0);
}

static void test_report_api(void **state)
{
	(void)state;
	struct xc_report r;
	small_report(&r);
	assert_string_equal(xc_report_get_param(&r, "refPeriod"), "2025-03-31");
	xc_report_param(&r, "refPeriod", "2025-06-30");
	assert_string_equal(xc_report_get_param(&r, "refPeriod"), "2025-06-30");
	assert_int_equal(r.nparams, 4);
	assert_string_equal(r.params[1].name, "refPeriod"); /* replaced in place */
	assert_null(xc_report_get_param(&r, "nope"));
	const struct xc_table *t = xc_report_table(&r, "B_02.01");
	assert_int_equal(t->nrows, 2);
	assert_null(xc_cell(t, 0, "c0030")); /* NULL stays empty */
	assert_null(xc_cell(xc_report_table(&r, "B_01.01"), 0, "c0050")); /* "" is empty */
	assert_string_equal(xc_cell(t, 1, "c0030"), "C1");
	assert_null(xc_cell(t, 2, "c0010"));
	assert_null(xc_cell(t, 0, "c0099"));
	assert_null(xc_report_table(&r, "B_00.00"));
	xc_report_free(&r);
	xc_report_free(&r); /* a freed report is a zeroed one */
}

static void test_package_name(void **state)
{
	(void)state;
	char out[128];
	xc_package_name(out, sizeof out, "DUMMYLEI123456789012", "CON", "FR", "2024-12-31", "20241210113351223");
	assert_string_equal(out, SAMPLE_NAME);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct xc_report r, back;
	small_report(&r);
	size_t len;
	void *zip = write_ok(&r, &len);
	read_ok(zip, len, &back);
	assert_same(&r, &back);
	assert_string_equal(xc_cell(xc_report_table(&back, "B_01.01"), 0, "c0020"), tricky);
	assert_false(xc_report_table(&back, "B_99.01")->reported);
	assert_true(xc_report_table(&back, "B_05.01")->reported);

	/* the files as written: fixed order, exact bytes */
	struct pkg p;
	pkg_from_zip(&p, zip, len);
	assert_int_equal(p.n, 4 + 15);
	const char *order[] = {"META-INF/reportPackage.json", "reports/report.json", "reports/parameters.csv",
			       "reports/FilingIndicators.csv", "reports/b_01.01.csv", "reports/b_01.02.csv"};
	for (size_t i = 0; i < 6; i++) {
		char full[512];
		snprintf(full, sizeof full, NAME "/%s", order[i]);
		assert_string_equal(p.e[i].name, full);
	}
	assert_string_equal(p.e[18].name, NAME "/reports/b_99.01.csv");
	p.e[0].data[p.e[0].len] = 0;
	assert_string_equal(p.e[0].data, "{\"documentInfo\": {\"documentType\": \"https://xbrl.org/report-package/2023\"}}");
	p.e[1].data[p.e[1].len] = 0;
	assert_string_equal(p.e[1].data, "{\"documentInfo\": {\"documentType\": \"https://xbrl.org/2021/xbrl-csv\", "
					 "\"extends\": [\"http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/"
					 "dora.json\"]}}");
	p.e[2].data[p.e[2].len] = 0;
	assert_string_equal(p.e[2].data, "name,value\nentityID,rs:5299009N55YRQC69CN08.IND\nrefPeriod,2025-03-31\n"
					 "baseCurrency,iso4217:DKK\nnote,\"a,b \"\"c\"\"\"\n");
	p.e[3].data[p.e[3].len] = 0;
	assert_non_null(strstr(p.e[3].data, "templateID,reported\nB_01.01,true\nB_01.02,true\n"));
	assert_non_null(strstr(p.e[3].data, "B_07.01,true\nB_99.01,false\n"));
	p.e[4].data[p.e[4].len] = 0;
	assert_string_equal(p.e[4].data, "c0010,c0020,c0030,c0040,c0050,c0060\n5299009N55YRQC69CN08,\"Bank, "
					 "\"\"Nord\"\"\nafdeling Ærø æøå\",eba_GA:DK,eba_CT:x12,,2025-03-31\n");
	p.e[5].data[p.e[5].len] = 0;
	assert_string_equal(p.e[5].data, "c0010,c0020,c0030,c0040,c0050,c0060,c0070,c0080,c0090,c0100,c0110\n");
	pkg_free(&p);

	/* and again from what was read */
	size_t len2;
	void *zip2 = write_ok(&back, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(zip, zip2, len);
	free(zip2);
	free(zip);
	xc_report_free(&back);
	xc_report_free(&r);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct xc_report r;
	small_report(&r);
	size_t l1, l2;
	setenv("TZ", "UTC", 1);
	tzset();
	void *z1 = write_ok(&r, &l1);
	sleep(2); /* a zip's times have a 2-second resolution: a clock leaking in would show */
	setenv("TZ", "Asia/Tokyo", 1); /* and so would the local time zone */
	tzset();
	void *z2 = write_ok(&r, &l2);
	unsetenv("TZ");
	tzset();
	assert_int_equal(l1, l2);
	assert_memory_equal(z1, z2, l1);
	assert_memory_equal(z1, "PK\x03\x04", 4);
	/* every entry deflated, with the one fixed time */
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *s = zip_source_buffer_create(z1, l1, 0, &ze);
	zip_t *za = zip_open_from_source(s, ZIP_RDONLY, &ze);
	assert_non_null(za);
	time_t first = 0;
	for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
		zip_stat_t st;
		assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
		assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
		if (i == 0)
			first = st.mtime;
		assert_true(st.mtime == first);
	}
	zip_discard(za);
	zip_error_fini(&ze);
	free(z1);
	free(z2);
	xc_report_free(&r);
}

static void test_write_refusals(void **state)
{
	(void)state;
	struct xc_report r;
	small_report(&r);
	void *zip = NULL;
	size_t len = 0;
	struct errinfo e = {0};
	r.name = NULL;
	assert_int_equal(xc_write(&r, &zip, &len, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	assert_null(zip);
	r.name = "a/b";
	err_clear(&e);
	assert_int_equal(xc_write(&r, &zip, &len, &e), ERR_INVALID);
	r.name = NAME;
	const char *bad[5] = {"C3", "\xff", NULL, NULL, NULL};
	xc_table_add(&r, xc_report_table(&r, "B_02.01"), bad);
	err_clear(&e);
	assert_int_equal(xc_write(&r, &zip, &len, &e), ERR_INVALID);
	assert_string_equal(e.field, "reports/b_02.01.csv row 4 column c0020");
	assert_null(zip);
	xc_report_free(&r);
}

static void test_eba_sample(void **state)
{
	(void)state;
	size_t len;
	char *zip = slurp(src_path(SAMPLE), &len);
	struct xc_report r;
	read_ok(zip, len, &r);
	assert_string_equal(r.name, SAMPLE_NAME);
	assert_int_equal(r.nparams, 5);
	assert_string_equal(r.params[0].name, "entityID");
	assert_string_equal(r.params[0].value, "rs:DUMMYLEI123456789012.CON");
	assert_string_equal(xc_report_get_param(&r, "decimalsMonetary"), "-3");
	for (size_t k = 0; k < mod.ntables; k++) {
		assert_true(r.tables[k].reported);
		assert_int_equal(r.tables[k].nrows, 1);
	}
	/* b_02.02.csv's header begins c0060,c0010,c0030: the cells come back in the module's order */
	const struct xc_table *t = xc_report_table(&r, "B_02.02");
	assert_string_equal(t->cells[0], "snoikfyf");
	assert_string_equal(xc_cell(t, 0, "c0060"), "S01");
	assert_string_equal(xc_cell(t, 0, "c0020"), "tcjxbgiu");
	assert_string_equal(xc_cell(t, 0, "c0180"), "eba_ZZ:x794");
	t = xc_report_table(&r, "B_04.01"); /* c0010,c0040,c0020,c0030 */
	assert_string_equal(xc_cell(t, 0, "c0040"), "fyqsgmfc");
	assert_string_equal(xc_cell(t, 0, "c0030"), "eba_ZZ:x838");
	assert_string_equal(xc_cell(xc_report_table(&r, "B_03.03"), 0, "c0031"), "true");
	assert_string_equal(xc_cell(xc_report_table(&r, "B_01.01"), 0, "c0060"), "2020-10-25");

	/* written by us and read again: the same report */
	size_t l2;
	void *z2 = write_ok(&r, &l2);
	struct xc_report back;
	read_ok(z2, l2, &back);
	assert_same(&r, &back);
	xc_report_free(&back);
	free(z2);
	xc_report_free(&r);
	free(zip);
}

/* A valid package of the small report, as entries to break. */
static void good_pkg(struct pkg *p)
{
	struct xc_report r;
	small_report(&r);
	size_t len;
	void *zip = write_ok(&r, &len);
	pkg_from_zip(p, zip, len);
	free(zip);
	xc_report_free(&r);
}

/* Zip p, read it, expect code and (when not NULL) exactly field; a refused read leaves r zeroed. */
static void expect(const struct pkg *p, int code, const char *field)
{
	size_t len;
	void *zip = pkg_zip(p, &len);
	struct xc_report r;
	struct errinfo e = {0};
	int rc = xc_read(&mod, zip, len, &r, &e);
	if (rc != code)
		fail_msg("expected %d, got %d (%s: %s)", code, rc, e.field, e.message);
	if (code) {
		if (field && strcmp(e.field, field) != 0)
			fail_msg("expected field '%s', got '%s' (%s)", field, e.field, e.message);
		assert_true(e.message[0] != 0);
		assert_null(r.tables);
	} else {
		xc_report_free(&r);
	}
	free(zip);
}

static void test_good_variants(void **state)
{
	(void)state;
	struct pkg p;
	good_pkg(&p);
	expect(&p, 0, NULL);
	/* an unreported table may be absent; directory entries for the folders are fine */
	pkg_set(&p, NAME, "reports/b_99.01.csv", NULL);
	pkg_add_raw(&p, NAME "/", "", 0);
	pkg_add_raw(&p, NAME "/reports/", "", 0);
	expect(&p, 0, NULL);
	/* a BOM, CRLF, a quoted line break, columns permuted and one left out, no final line end */
	pkg_set(&p, NAME, "reports/b_01.01.csv",
		"\xEF\xBB\xBF"
		"c0060,c0020,c0010\r\n2025-03-31,\"two\r\nlines, \"\"q\"\"\",LEI1\r\n,,LEI2");
	size_t len;
	void *zip = pkg_zip(&p, &len);
	struct xc_report r;
	read_ok(zip, len, &r);
	const struct xc_table *t = xc_report_table(&r, "B_01.01");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(xc_cell(t, 0, "c0010"), "LEI1");
	assert_string_equal(xc_cell(t, 0, "c0020"), "two\r\nlines, \"q\"");
	assert_null(xc_cell(t, 0, "c0030"));
	assert_string_equal(xc_cell(t, 0, "c0060"), "2025-03-31");
	assert_null(xc_cell(t, 1, "c0020"));
	assert_string_equal(xc_cell(t, 1, "c0010"), "LEI2");
	assert_false(xc_report_table(&r, "B_99.01")->reported);
	xc_report_free(&r);
	free(zip);
	pkg_free(&p);
}

/* One broken rule per case: good_pkg, then one change. */
static void test_refusals(void **state)
{
	(void)state;
	struct pkg p;

	/* not a zip */
	struct xc_report r;
	struct errinfo e = {0};
	assert_int_equal(xc_read(&mod, "hello, world", 12, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "package");
	err_clear(&e);
	assert_int_equal(xc_read(&mod, "", 0, &r, &e), ERR_INVALID);

	good_pkg(&p);
	pkg_add_raw(&p, "other/reports/b_01.01.csv", "c0010\n", 6);
	expect(&p, ERR_INVALID, "other/reports/b_01.01.csv");
	pkg_free(&p);

	good_pkg(&p);
	pkg_add_raw(&p, "README.txt", "hi", 2);
	expect(&p, ERR_INVALID, "README.txt");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/report.json", NULL);
	expect(&p, ERR_INVALID, "reports/report.json");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "META-INF/reportPackage.json", "{\"documentInfo\": {\"documentType\": \"x\"}}");
	expect(&p, ERR_INVALID, "META-INF/reportPackage.json documentInfo.documentType");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/report.json", "{\"documentInfo\": {\"documentType\": \"https://xbrl.org/2021/xbrl-csv\"");
	expect(&p, ERR_INVALID, "reports/report.json");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/report.json",
		"{\"documentInfo\": {\"documentType\": \"https://xbrl.org/2021/xbrl-csv\", \"extends\": "
		"[\"http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/3.4/mod/dora.json\"]}}");
	expect(&p, ERR_INVALID, "reports/report.json documentInfo.extends");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/parameters.csv", "name,val\nrefPeriod,2025-03-31\n");
	expect(&p, ERR_INVALID, "reports/parameters.csv row 1");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/parameters.csv", NULL);
	expect(&p, ERR_INVALID, "reports/parameters.csv");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/FilingIndicators.csv", "templateID,reported\nB_01.01,true\nB_08.01,true\n");
	expect(&p, ERR_INVALID, "reports/FilingIndicators.csv row 3 column templateID");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/FilingIndicators.csv", "templateID,reported\nB_01.01,yes\n");
	expect(&p, ERR_INVALID, "reports/FilingIndicators.csv row 2 column reported");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/FilingIndicators.csv", "templateID,reported\nB_01.01,true\nB_01.01,false\n");
	expect(&p, ERR_INVALID, "reports/FilingIndicators.csv row 3 column templateID");
	pkg_free(&p);

	/* a reported table's file missing */
	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", NULL);
	expect(&p, ERR_INVALID, "reports/b_02.01.csv");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020,c9999\nA,B,C\n");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv row 1 column 3");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020,c0010\nA,B,C\n");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv row 1 column 3");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020\nA,B\nA,B,C\n");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv row 3");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020\nA,B\n\nC,D\n"); /* a blank line is skipped (csv.h) */
	expect(&p, 0, NULL);
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020\n\"A,B\n");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv row 2, column 1");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_08.01.csv", "c0010\n");
	expect(&p, ERR_INVALID, "reports/b_08.01.csv");
	pkg_free(&p);

	good_pkg(&p);
	pkg_set(&p, NAME, "reports/b_02.01.csv", "c0010,c0020\nA,\xC3\x28\n");
	expect(&p, ERR_INVALID, "reports/b_02.01.csv");
	pkg_free(&p);

	good_pkg(&p);
	for (int i = 0; i < 50; i++) {
		char n[64];
		snprintf(n, sizeof n, "reports/x%02d.csv", i);
		pkg_set(&p, NAME, n, "c0010\n");
	}
	expect(&p, ERR_LIMIT, "package");
	pkg_free(&p);
}

/* 65 MiB of zeros deflate to about 64 KiB; the reader stops at 64 MiB actually inflated. */
static void test_inflate_limit(void **state)
{
	(void)state;
	struct pkg p;
	good_pkg(&p);
	size_t big = (size_t)65 << 20;
	char *zeros = calloc(1, big);
	pkg_set(&p, NAME, "reports/b_02.01.csv", NULL);
	pkg_add_raw(&p, NAME "/reports/b_02.01.csv", zeros, big);
	free(zeros);
	size_t len;
	void *zip = pkg_zip(&p, &len);
	assert_true(len < (size_t)1 << 20);
	struct xc_report r;
	struct errinfo e = {0};
	assert_int_equal(xc_read(&mod, zip, len, &r, &e), ERR_LIMIT);
	assert_string_equal(e.field, "reports/b_02.01.csv");
	free(zip);
	pkg_free(&p);
}

/* Python's zipfile and csv open what we write (tests/roi/check_package.py). */
static void test_python_reads(void **state)
{
	(void)state;
	if (access(PYTHON, X_OK) != 0) {
		skip();
		return;
	}
	const char *script = src_path("tests/roi/check_package.py");
	char sc[4096];
	snprintf(sc, sizeof sc, "%s", script);
	struct xc_report r;
	small_report(&r);
	size_t len;
	void *zip = write_ok(&r, &len);
	char path[] = "/tmp/test_xbrl_csv_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zip, len), (ssize_t)len);
	close(fd);
	char cmd[8192], out[4096];
	snprintf(cmd, sizeof cmd, "%s '%s' '%s'", PYTHON, sc, path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t n = fread(out, 1, sizeof out - 1, f);
	out[n] = 0;
	int st = pclose(f);
	unlink(path);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("check_package.py failed: %s", out);
	/* one line per file: path, rows (header included), and the first cell of B_01.01's row 2 */
	assert_non_null(strstr(out, NAME "\n"));
	assert_non_null(strstr(out, "reports/b_01.01.csv 2\n"));
	assert_non_null(strstr(out, "reports/b_02.01.csv 3\n"));
	assert_non_null(strstr(out, "reports/parameters.csv 5\n"));
	assert_non_null(strstr(out, "B_01.01 c0020: Bank, \"Nord\"\\nafdeling Ærø æøå\n"));
	free(zip);
	xc_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module),
		cmocka_unit_test(test_report_api),
		cmocka_unit_test(test_package_name),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_write_refusals),
		cmocka_unit_test(test_eba_sample),
		cmocka_unit_test(test_good_variants),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_inflate_limit),
		cmocka_unit_test(test_python_reads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
