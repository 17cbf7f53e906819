/*
 * xbrl_csv.c — the EBA's xBRL-CSV report packages (headers architecture) for
 * the DORA Register of Information: the embedded module, a report of text
 * cells, the zip written and read through libzip in memory.
 *
 * Writing is deterministic: the entries in one fixed order, each deflated
 * with the same level and stamped with the same DOS date and time (set as DOS
 * fields, not through a time_t, which libzip would convert in the local time
 * zone), so the same report gives the same bytes on any machine with the same
 * libzip and zlib.
 *
 * Reading trusts nothing the archive claims: the number of entries is
 * bounded before anything is inflated, every entry is inflated in chunks and
 * the bytes actually produced are counted against one budget for the whole
 * package, every name and every file must be valid UTF-8, and every name must
 * be one of the few the package format allows.  The CSV is read and written
 * by skjold's one CSV module (csv.h) with xBRL-CSV's ',' as the separator:
 * RFC 4180 with the usual tolerances (CRLF or LF, an optional final line end,
 * a leading byte-order mark, blank lines skipped); values are written exactly,
 * without the spreadsheet formula guard.
 *
 * Errors name the file inside the package folder ("reports/b_02.01.csv"), and
 * the row (the header is row 1) and column where they apply.
 */
#include "xbrl_csv.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "csv.h"
#include "embed.h"
#include "limit.h"

#define XC_MODULE_FILE "formats/eba-roi/dora_4.0_module.json"
#define XC_PACKAGE_TYPE "https://xbrl.org/report-package/2023"
#define XC_REPORT_TYPE "https://xbrl.org/2021/xbrl-csv"

#define XC_MAX_ENTRIES 64
#define XC_MAX_INFLATED ((size_t)64 << 20) /* bytes inflated from one package, all entries together */
#define XC_MAX_CELLS ((size_t)8 << 20)     /* cells of one report read, all tables together */
#define XC_CHUNK 65536

/* 2025-01-17 00:00, the day DORA applies, as DOS date and time: every entry's modification time. */
#define XC_DOS_DATE ((uint16_t)(((2025 - 1980) << 9) | (1 << 5) | 17))
#define XC_DOS_TIME ((uint16_t)0)

/* ---- the module ---- */

static int module_error(struct errinfo *e, const char *what)
{
	return err_setm(e, ERR_INTERNAL, XC_MODULE_FILE, "xbrl.module_malformed", "what", what, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_table(const void *a, const void *b)
{
	return strcmp(((const struct xc_table_def *)a)->code, ((const struct xc_table_def *)b)->code);
}

/* One table of the module from its JSON object j into t (strings copied into a). */
static int module_table(json_t *j, struct arena *a, struct xc_table_def *t, struct errinfo *e)
{
	const char *code = json_string_value(json_object_get(j, "filing_indicator"));
	const char *file = json_string_value(json_object_get(j, "url"));
	json_t *cols = json_object_get(j, "columns");
	json_t *keys = json_object_get(j, "open_keys_mapping");
	if (!code || !*code || !file || !*file || strchr(file, '/') || !json_is_array(cols) || !json_array_size(cols) ||
	    !json_is_object(keys))
		return module_error(e, "a table without filing_indicator, url, columns or open_keys_mapping");
	t->code = arena_strdup(a, code);
	t->file = arena_strdup(a, file);
	t->ncols = json_array_size(cols);
	t->cols = arena_alloc(a, t->ncols * sizeof *t->cols);
	for (size_t i = 0; i < t->ncols; i++) {
		const char *c = json_string_value(json_object_get(json_array_get(cols, i), "code"));
		if (!c || !*c)
			return module_error(e, "a column without a code");
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->cols[k], c) == 0)
				return module_error(e, "a column code given twice");
		t->cols[i] = arena_strdup(a, c);
	}
	t->nkeys = json_object_size(keys);
	t->keys = arena_alloc(a, (t->nkeys ? t->nkeys : 1) * sizeof *t->keys);
	size_t i = 0;
	const char *dim;
	json_t *v;
	json_object_foreach(keys, dim, v)
	{
		const char *n = json_string_value(v);
		if (!n)
			return module_error(e, "an open key mapped to something other than a column number");
		const char *col = arena_printf(a, "c%s", n);
		if (xc_table_col(t, col) < 0)
			return module_error(e, "an open key mapped to a column the table does not have");
		t->keys[i++] = col;
	}
	qsort(t->keys, t->nkeys, sizeof *t->keys, cmp_str);
	return 0;
}

int xc_module_load(struct xc_module *m, struct errinfo *e)
{
	memset(m, 0, sizeof *m);
	arena_init(&m->a);
	const struct embedded_file *f = embed_find(XC_MODULE_FILE);
	if (!f)
		return err_setm(e, ERR_INTERNAL, XC_MODULE_FILE, "xbrl.module_missing", NULL);
	json_error_t je;
	json_t *j = json_loadb(f->data, f->len, 0, &je);
	int rc = 0;
	const char *url = json_string_value(json_object_get(j, "url"));
	json_t *tables = json_object_get(j, "tables");
	if (!j) {
		rc = module_error(e, je.text);
		goto out;
	}
	if (!url || !*url || !json_is_array(tables) || !json_array_size(tables)) {
		rc = module_error(e, "no url or no tables");
		goto out;
	}
	m->url = arena_strdup(&m->a, url);
	m->ntables = json_array_size(tables);
	m->tables = arena_alloc(&m->a, m->ntables * sizeof *m->tables);
	for (size_t i = 0; i < m->ntables && !rc; i++)
		rc = module_table(json_array_get(tables, i), &m->a, &m->tables[i], e);
	if (rc)
		goto out;
	qsort(m->tables, m->ntables, sizeof *m->tables, cmp_table);
	for (size_t i = 1; i < m->ntables && !rc; i++)
		if (strcmp(m->tables[i - 1].code, m->tables[i].code) == 0 ||
		    strcmp(m->tables[i - 1].file, m->tables[i].file) == 0)
			rc = module_error(e, "a filing indicator or table file given twice");
out:
	json_decref(j);
	if (rc)
		xc_module_free(m);
	return rc;
}

void xc_module_free(struct xc_module *m)
{
	arena_free(&m->a);
	memset(m, 0, sizeof *m);
}

const struct xc_table_def *xc_module_table(const struct xc_module *m, const char *code)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (strcmp(m->tables[i].code, code) == 0)
			return &m->tables[i];
	return NULL;
}

int xc_table_col(const struct xc_table_def *t, const char *col)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], col) == 0)
			return (int)i;
	return -1;
}

/* ---- the report ---- */

void xc_report_init(struct xc_report *r, const struct xc_module *m)
{
	memset(r, 0, sizeof *r);
	r->m = m;
	arena_init(&r->a);
	r->tables = xcalloc(m->ntables, sizeof *r->tables);
	for (size_t i = 0; i < m->ntables; i++) {
		r->tables[i].def = &m->tables[i];
		r->tables[i].reported = true;
	}
}

void xc_report_free(struct xc_report *r)
{
	if (r->tables && r->m)
		for (size_t i = 0; i < r->m->ntables; i++)
			free(r->tables[i].cells);
	free(r->tables);
	free(r->params);
	arena_free(&r->a);
	memset(r, 0, sizeof *r);
}

struct xc_table *xc_report_table(struct xc_report *r, const char *code)
{
	for (size_t i = 0; i < r->m->ntables; i++)
		if (strcmp(r->tables[i].def->code, code) == 0)
			return &r->tables[i];
	return NULL;
}

size_t xc_table_add(struct xc_report *r, struct xc_table *t, const char *const *cells)
{
	size_t n = t->def->ncols;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xrealloc(t->cells, t->cap * n * sizeof *t->cells);
	}
	const char **row = t->cells + t->nrows * n;
	for (size_t i = 0; i < n; i++)
		row[i] = cells[i] && *cells[i] ? arena_strdup(&r->a, cells[i]) : NULL;
	return t->nrows++;
}

const char *xc_cell(const struct xc_table *t, size_t row, const char *col)
{
	int c = xc_table_col(t->def, col);
	if (c < 0 || row >= t->nrows)
		return NULL;
	return t->cells[row * t->def->ncols + (size_t)c];
}

void xc_report_param(struct xc_report *r, const char *name, const char *value)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0) {
			r->params[i].value = arena_strdup(&r->a, value ? value : "");
			return;
		}
	r->params = xrealloc(r->params, (r->nparams + 1) * sizeof *r->params);
	r->params[r->nparams++] = (struct xc_param){
		.name = arena_strdup(&r->a, name),
		.value = arena_strdup(&r->a, value ? value : ""),
	};
}

const char *xc_report_get_param(const struct xc_report *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

void xc_package_name(char *out, size_t cap, const char *entity, const char *level, const char *country,
		     const char *refdate, const char *timestamp)
{
	snprintf(out, cap, "%s.%s_%s_DORA010100_DORA_%s_%s", entity, level, country, refdate, timestamp);
}

/* ---- writing ---- */

static bool utf8_ok(const char *s, size_t n)
{
	return limit_utf8_prefix((const unsigned char *)s, n) == n;
}

/* One CSV field, after a comma unless first: quoted only when it holds a comma, a quote, CR or LF. */
static void csv_field(struct buf *b, const char *s, bool first)
{
	csv_write_cell(b, s, ',', first, false);
}

/* Check a text about to be written: valid UTF-8 (a package we write must read back). */
static int check_text(const char *s, const char *file, size_t row, const char *col, struct errinfo *e)
{
	if (!s || utf8_ok(s, strlen(s)))
		return 0;
	char f[256];
	snprintf(f, sizeof f, "reports/%s row %zu column %s", file, row, col);
	return err_setm(e, ERR_INVALID, f, "xbrl.utf8", NULL);
}

static void table_csv(const struct xc_table *t, struct buf *b)
{
	const struct xc_table_def *d = t->def;
	for (size_t c = 0; c < d->ncols; c++)
		csv_field(b, d->cols[c], c == 0);
	buf_add(b, "\n", 1);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < d->ncols; c++)
			csv_field(b, t->cells[i * d->ncols + c], c == 0);
		buf_add(b, "\n", 1);
	}
}

static int check_report(const struct xc_report *r, struct errinfo *e)
{
	if (!r->name || !*r->name || strchr(r->name, '/') || strchr(r->name, '\\') || !utf8_ok(r->name, strlen(r->name)))
		return err_setm(e, ERR_INVALID, "name", "xbrl.folder_name", NULL);
	int rc = 0;
	for (size_t i = 0; i < r->nparams && !rc; i++) {
		if (!*r->params[i].name)
			return err_setm(e, ERR_INVALID, "reports/parameters.csv", "xbrl.param_no_name", NULL);
		if ((rc = check_text(r->params[i].name, "parameters.csv", i + 2, "name", e)) ||
		    (rc = check_text(r->params[i].value, "parameters.csv", i + 2, "value", e)))
			return rc;
	}
	for (size_t k = 0; k < r->m->ntables; k++) {
		const struct xc_table *t = &r->tables[k];
		for (size_t i = 0; i < t->nrows; i++)
			for (size_t c = 0; c < t->def->ncols; c++)
				if ((rc = check_text(t->cells[i * t->def->ncols + c], t->def->file, i + 2, t->def->cols[c],
						     e)))
					return rc;
	}
	return 0;
}

static int libzip_error(struct errinfo *e, const char *what, const char *msg)
{
	return err_setm(e, ERR_INTERNAL, "package", "xbrl.libzip", "call", what, "reason", msg, NULL);
}

/* Add one file (data copied by libzip only at zip_close: data must live until then). */
static int zip_put(zip_t *za, const char *name, const struct buf *b, struct errinfo *e)
{
	zip_source_t *s = zip_source_buffer(za, b->p ? b->p : "", b->len, 0);
	if (!s)
		return libzip_error(e, "zip_source_buffer", zip_strerror(za));
	zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		int rc = libzip_error(e, "zip_file_add", zip_strerror(za));
		zip_source_free(s);
		return rc;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
		return libzip_error(e, "zip_set_file_compression", zip_strerror(za));
	if (zip_file_set_dostime(za, (zip_uint64_t)idx, XC_DOS_TIME, XC_DOS_DATE, 0) < 0)
		return libzip_error(e, "zip_file_set_dostime", zip_strerror(za));
	return 0;
}

/* The bytes zip_close wrote into mem, malloc'ed into *out. */
static int zip_read_back(zip_source_t *mem, void **out, size_t *len, struct errinfo *e)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
		return libzip_error(e, "zip_source_stat", zip_error_strerror(zip_source_error(mem)));
	if (zip_source_open(mem) < 0)
		return libzip_error(e, "zip_source_open", zip_error_strerror(zip_source_error(mem)));
	char *bytes = xmalloc(st.size ? (size_t)st.size : 1);
	zip_int64_t got = zip_source_read(mem, bytes, st.size);
	int rc = 0;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = libzip_error(e, "zip_source_read", got < 0 ? zip_error_strerror(zip_source_error(mem)) : "short read");
		free(bytes);
	} else {
		*out = bytes;
		*len = (size_t)st.size;
	}
	zip_source_close(mem);
	return rc;
}

/* The entries in package order: the four fixed files, then one per table of the module. */
enum { F_PACKAGE, F_REPORT, F_PARAMS, F_INDICATORS, F_FIXED };
static const char *const fixed_names[F_FIXED] = {
	[F_PACKAGE] = "META-INF/reportPackage.json",
	[F_REPORT] = "reports/report.json",
	[F_PARAMS] = "reports/parameters.csv",
	[F_INDICATORS] = "reports/FilingIndicators.csv",
};

/* Zip the n files (names[i], bodies b[i]) into *out. */
static int package_zip(char *const *names, const struct buf *b, size_t n, void **out, size_t *len, struct errinfo *e)
{
	int rc;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!mem) {
		rc = libzip_error(e, "zip_source_buffer_create", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	if (!za) {
		rc = libzip_error(e, "zip_open_from_source", zip_error_strerror(&ze));
		zip_source_free(mem);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_source_keep(mem);
	rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = zip_put(za, names[i], &b[i], e);
	if (rc) {
		zip_discard(za);
	} else if (zip_close(za) < 0) {
		rc = libzip_error(e, "zip_close", zip_strerror(za));
		zip_discard(za); /* a failed zip_close leaves the archive open */
	}
	if (!rc)
		rc = zip_read_back(mem, out, len, e);
	zip_source_free(mem);
	return rc;
}

int xc_write(const struct xc_report *r, void **out, size_t *len, struct errinfo *e)
{
	*out = NULL;
	*len = 0;
	int rc = check_report(r, e);
	if (rc)
		return rc;
	const struct xc_module *m = r->m;
	size_t n = F_FIXED + m->ntables;
	struct buf *b = xcalloc(n, sizeof *b);
	char **names = xcalloc(n, sizeof *names);
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < F_FIXED; i++)
		names[i] = arena_printf(&a, "%s/%s", r->name, fixed_names[i]);
	for (size_t k = 0; k < m->ntables; k++)
		names[F_FIXED + k] = arena_printf(&a, "%s/reports/%s", r->name, m->tables[k].file);

	buf_puts(&b[F_PACKAGE], "{\"documentInfo\": {\"documentType\": \"" XC_PACKAGE_TYPE "\"}}");
	json_t *url = json_string(m->url);
	char *url_json = json_dumps(url, JSON_ENCODE_ANY);
	ASSERT(url_json);
	buf_printf(&b[F_REPORT], "{\"documentInfo\": {\"documentType\": \"" XC_REPORT_TYPE "\", \"extends\": [%s]}}",
		   url_json);
	free(url_json);
	json_decref(url);
	buf_puts(&b[F_PARAMS], "name,value\n");
	for (size_t i = 0; i < r->nparams; i++) {
		csv_field(&b[F_PARAMS], r->params[i].name, true);
		csv_field(&b[F_PARAMS], r->params[i].value, false);
		buf_add(&b[F_PARAMS], "\n", 1);
	}
	buf_puts(&b[F_INDICATORS], "templateID,reported\n");
	for (size_t k = 0; k < m->ntables; k++) {
		buf_printf(&b[F_INDICATORS], "%s,%s\n", m->tables[k].code, r->tables[k].reported ? "true" : "false");
		table_csv(&r->tables[k], &b[F_FIXED + k]);
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (b[i].full)
			rc = err_setm(e, ERR_LIMIT, names[i] + strlen(r->name) + 1, "xbrl.file_large", "max",
				      err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	if (!rc)
		rc = package_zip(names, b, n, out, len, e);
	for (size_t i = 0; i < n; i++)
		buf_free(&b[i]);
	free(b);
	free(names);
	arena_free(&a);
	return rc;
}

/* ---- reading: CSV ---- */

/* The next row of file: 1, 0 at its end, or ERR_INVALID with the file named before csv.h's "row N, column M". */
static int csv_next(struct csv *c, const char *file, struct errinfo *e)
{
	int rc = csv_next_row(c, e);
	if (rc < 0) {
		char where[sizeof e->field];
		snprintf(where, sizeof where, "%s %s", file, e->field);
		snprintf(e->field, sizeof e->field, "%s", where);
	}
	return rc;
}

/* ---- reading: the package ---- */

/* One file of the package as read: the path inside the folder and its inflated bytes (NUL-terminated). */
struct pfile {
	const char *path; /* "reports/b_02.01.csv" */
	zip_uint64_t index;
	bool present;
	char *data; /* heap */
	size_t len;
};

struct reader {
	const struct xc_module *m;
	struct xc_report *r;
	struct errinfo *e;
	zip_t *za;
	size_t inflated; /* bytes inflated so far, all files */
	size_t cells;    /* cells stored so far, all tables */
	size_t nfiles;
	struct pfile *files; /* F_FIXED fixed files, then one per module table */
};

/* Inflate file f, counting against the package's budget. */
static int read_entry(struct reader *rd, struct pfile *f)
{
	zip_file_t *zf = zip_fopen_index(rd->za, f->index, 0);
	if (!zf)
		return err_setm(rd->e, ERR_INVALID, f->path, "xbrl.zip_read", "reason", zip_strerror(rd->za), NULL);
	int rc = 0;
	size_t cap = 0;
	for (;;) {
		if (cap - f->len < XC_CHUNK) {
			cap = cap ? 2 * cap : XC_CHUNK + 1;
			f->data = xrealloc(f->data, cap);
		}
		zip_int64_t got = zip_fread(zf, f->data + f->len, XC_CHUNK);
		if (got < 0) {
			rc = err_setm(rd->e, ERR_INVALID, f->path, "xbrl.zip_read", "reason",
				      zip_error_strerror(zip_file_get_error(zf)), NULL);
			break;
		}
		if (got == 0)
			break;
		f->len += (size_t)got;
		rd->inflated += (size_t)got;
		if (rd->inflated > XC_MAX_INFLATED) {
			rc = err_setm(rd->e, ERR_LIMIT, f->path, "xbrl.inflated", "mib",
				      err_num((char[24]){0}, (long long)(XC_MAX_INFLATED >> 20)), NULL);
			break;
		}
	}
	zip_fclose(zf);
	if (rc)
		return rc;
	f->data[f->len] = '\0'; /* cap - len >= XC_CHUNK > 0 */
	if (!utf8_ok(f->data, f->len))
		return err_setm(rd->e, ERR_INVALID, f->path, "xbrl.utf8_nul", NULL);
	return 0;
}

/*
 * Check every entry's name: one top folder, and under it only the files the
 * package format knows (directory entries for the folder, META-INF/ and
 * reports/ are tolerated).  Records where each file is.
 */
static int scan_entries(struct reader *rd)
{
	zip_int64_t n = zip_get_num_entries(rd->za, 0);
	if (n < 0)
		return err_setm(rd->e, ERR_INVALID, "package", "xbrl.not_zip", NULL);
	if (n > XC_MAX_ENTRIES)
		return err_setm(rd->e, ERR_LIMIT, "package", "xbrl.entries", "entries", err_num((char[24]){0}, n), "max",
				err_num((char[24]){0}, XC_MAX_ENTRIES), NULL);
	if (n == 0)
		return err_setm(rd->e, ERR_INVALID, "package", "xbrl.zip_empty", NULL);
	struct xc_report *r = rd->r;
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		const char *name = zip_get_name(rd->za, i, ZIP_FL_ENC_RAW);
		if (!name)
			return err_setm(rd->e, ERR_INVALID, "package", "xbrl.entry_no_name", NULL);
		size_t nlen = strlen(name);
		if (!utf8_ok(name, nlen))
			return err_setm(rd->e, ERR_INVALID, "package", "xbrl.entry_utf8", NULL);
		const char *slash = strchr(name, '/');
		if (!slash || slash == name)
			return err_setm(rd->e, ERR_INVALID, name, "xbrl.outside_folder", NULL);
		size_t tlen = (size_t)(slash - name);
		if (!r->name) {
			r->name = arena_strndup(&r->a, name, tlen);
		} else if (strlen(r->name) != tlen || memcmp(r->name, name, tlen) != 0) {
			return err_setm(rd->e, ERR_INVALID, name, "xbrl.second_folder", "folder", r->name, NULL);
		}
		const char *path = slash + 1;
		if (!*path || strcmp(path, "META-INF/") == 0 || strcmp(path, "reports/") == 0)
			continue; /* the folders themselves */
		struct pfile *f = NULL;
		for (size_t k = 0; k < rd->nfiles && !f; k++)
			if (strcmp(rd->files[k].path, path) == 0)
				f = &rd->files[k];
		if (!f) {
			bool in_reports = strncmp(path, "reports/", 8) == 0;
			return err_setm(rd->e, ERR_INVALID, path, in_reports ? "xbrl.unknown_file" : "xbrl.not_package_file",
				       NULL);
		}
		if (f->present)
			return err_setm(rd->e, ERR_INVALID, path, "xbrl.entry_twice", NULL);
		f->present = true;
		f->index = i;
	}
	for (size_t k = 0; k < F_FIXED; k++)
		if (!rd->files[k].present)
			return err_setm(rd->e, ERR_INVALID, rd->files[k].path, "xbrl.file_missing", NULL);
	return 0;
}

/* Parse a JSON file of the package into *out, checking documentInfo.documentType. */
static int read_json(struct reader *rd, const struct pfile *f, const char *type, json_t **out)
{
	const char *d = f->data;
	size_t len = f->len;
	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
		d += 3;
		len -= 3;
	}
	json_error_t je;
	json_t *j = json_loadb(d, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return err_setm(rd->e, ERR_INVALID, f->path, "xbrl.json", "reason", je.text, "line",
				err_num((char[24]){0}, je.line), NULL);
	const char *t = json_string_value(json_object_get(json_object_get(j, "documentInfo"), "documentType"));
	if (!t || strcmp(t, type) != 0) {
		char p[256];
		snprintf(p, sizeof p, "%s documentInfo.documentType", f->path);
		json_decref(j);
		return err_setm(rd->e, ERR_INVALID, p, "xbrl.document_type", "type", type, NULL);
	}
	*out = j;
	return 0;
}

/* META-INF/reportPackage.json and reports/report.json, which must extend the module. */
static int read_report_json(struct reader *rd)
{
	json_t *j;
	int rc = read_json(rd, &rd->files[F_PACKAGE], XC_PACKAGE_TYPE, &j);
	if (rc)
		return rc;
	json_decref(j);
	const struct pfile *f = &rd->files[F_REPORT];
	if ((rc = read_json(rd, f, XC_REPORT_TYPE, &j)))
		return rc;
	json_t *ext = json_object_get(json_object_get(j, "documentInfo"), "extends");
	if (!json_is_array(ext) || json_array_size(ext) != 1 || !json_is_string(json_array_get(ext, 0)) ||
	    strcmp(json_string_value(json_array_get(ext, 0)), rd->m->url) != 0) {
		char p[256];
		snprintf(p, sizeof p, "%s documentInfo.extends", f->path);
		rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.extends", "url", rd->m->url, NULL);
	}
	json_decref(j);
	return rc;
}

/* Read the header row of a CSV file and check it is exactly want (two columns). */
static int csv_header(struct reader *rd, struct csv *c, const char *file, const char *a, const char *b)
{
	int rc = csv_next(c, file, rd->e);
	if (rc < 0)
		return rc;
	if (rc == 0 || c->nfields != 2 || strcmp(c->fields[0], a) != 0 || strcmp(c->fields[1], b) != 0) {
		char p[256];
		snprintf(p, sizeof p, "%s row 1", file);
		return err_setm(rd->e, ERR_INVALID, p, "xbrl.header_pair", "first", a, "second", b, NULL);
	}
	return 0;
}

static int row_cells(struct reader *rd, const struct csv *c, const char *file, size_t want)
{
	if (c->nfields == want)
		return 0;
	char p[256];
	snprintf(p, sizeof p, "%s row %zu", file, c->row);
	return err_setm(rd->e, ERR_INVALID, p, "xbrl.row_cells", "cells", err_num((char[24]){0}, (long long)c->nfields),
			"header", err_num((char[24]){0}, (long long)want), NULL);
}

static int read_params(struct reader *rd)
{
	const struct pfile *f = &rd->files[F_PARAMS];
	struct csv c;
	csv_init_sep(&c, f->data, f->len, ',');
	int rc = csv_header(rd, &c, f->path, "name", "value");
	while (!rc && (rc = csv_next(&c, f->path, rd->e)) == 1) {
		if ((rc = row_cells(rd, &c, f->path, 2)))
			break;
		const char *name = c.fields[0];
		char p[256];
		snprintf(p, sizeof p, "%s row %zu column name", f->path, c.row);
		if (!*name)
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.param_no_name", NULL);
		else if (xc_report_get_param(rd->r, name))
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.param_twice", "name", name, NULL);
		else
			xc_report_param(rd->r, name, c.fields[1]);
	}
	csv_free(&c);
	return rc < 0 ? rc : 0;
}

/* The filing indicators: *listed[k] set for each table the file names. */
static int read_indicators(struct reader *rd, bool *listed)
{
	const struct pfile *f = &rd->files[F_INDICATORS];
	struct csv c;
	csv_init_sep(&c, f->data, f->len, ',');
	int rc = csv_header(rd, &c, f->path, "templateID", "reported");
	while (!rc && (rc = csv_next(&c, f->path, rd->e)) == 1) {
		if ((rc = row_cells(rd, &c, f->path, 2)))
			break;
		const char *id = c.fields[0], *rep = c.fields[1];
		char p[256];
		snprintf(p, sizeof p, "%s row %zu column templateID", f->path, c.row);
		const struct xc_table_def *d = xc_module_table(rd->m, id);
		if (!d) {
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.unknown_table", "table", id, NULL);
			break;
		}
		size_t k = (size_t)(d - rd->m->tables);
		if (listed[k]) {
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.table_twice", "table", id, NULL);
			break;
		}
		listed[k] = true;
		if (strcmp(rep, "true") && strcmp(rep, "false")) {
			snprintf(p, sizeof p, "%s row %zu column reported", f->path, c.row);
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.reported", NULL);
			break;
		}
		rd->r->tables[k].reported = strcmp(rep, "true") == 0;
	}
	csv_free(&c);
	return rc < 0 ? rc : 0;
}

/* One table file into t: the header maps each column to the module's order. */
static int read_table(struct reader *rd, const struct pfile *f, struct xc_table *t)
{
	const struct xc_table_def *d = t->def;
	struct csv c;
	csv_init_sep(&c, f->data, f->len, ',');
	int map[CSV_MAX_FIELDS];
	const char **cells = xcalloc(d->ncols, sizeof *cells);
	char p[256];
	int rc = csv_next(&c, f->path, rd->e);
	if (rc == 0) {
		rc = err_setm(rd->e, ERR_INVALID, f->path, "xbrl.table_empty", NULL);
		goto out;
	}
	if (rc < 0)
		goto out;
	rc = 0;
	size_t ncols = c.nfields;
	for (size_t i = 0; i < ncols && !rc; i++) {
		const char *col = c.fields[i];
		snprintf(p, sizeof p, "%s row 1 column %zu", f->path, i + 1);
		map[i] = xc_table_col(d, col);
		if (map[i] < 0) {
			rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.unknown_column", "column", col, "table", d->code, NULL);
			break;
		}
		for (size_t k = 0; k < i; k++)
			if (map[k] == map[i])
				rc = err_setm(rd->e, ERR_INVALID, p, "xbrl.column_twice", "column", col, NULL);
	}
	while (!rc && (rc = csv_next(&c, f->path, rd->e)) == 1) {
		if ((rc = row_cells(rd, &c, f->path, ncols)))
			break;
		rd->cells += d->ncols;
		if (rd->cells > XC_MAX_CELLS) {
			rc = err_setm(rd->e, ERR_LIMIT, f->path, "xbrl.cells", "max", err_num((char[24]){0}, (long long)XC_MAX_CELLS),
				      NULL);
			break;
		}
		memset(cells, 0, d->ncols * sizeof *cells);
		for (size_t i = 0; i < ncols; i++)
			cells[map[i]] = c.fields[i];
		xc_table_add(rd->r, t, cells);
	}
out:
	free(cells);
	csv_free(&c);
	return rc < 0 ? rc : 0;
}

static int read_package(struct reader *rd)
{
	int rc = scan_entries(rd);
	for (size_t k = 0; k < rd->nfiles && !rc; k++)
		if (rd->files[k].present)
			rc = read_entry(rd, &rd->files[k]);
	if (rc || (rc = read_report_json(rd)) || (rc = read_params(rd)))
		return rc;
	const struct xc_module *m = rd->m;
	bool *listed = xcalloc(m->ntables, sizeof *listed);
	rc = read_indicators(rd, listed);
	for (size_t k = 0; k < m->ntables && !rc; k++) {
		struct xc_table *t = &rd->r->tables[k];
		const struct pfile *f = &rd->files[F_FIXED + k];
		if (!listed[k])
			t->reported = false; /* no filing indicator: not reported */
		if (f->present)
			rc = read_table(rd, f, t);
		else if (t->reported)
			rc = err_setm(rd->e, ERR_INVALID, f->path, "xbrl.table_missing", "table", t->def->code, NULL);
	}
	free(listed);
	return rc;
}

int xc_read(const struct xc_module *m, const void *zip, size_t len, struct xc_report *r, struct errinfo *e)
{
	xc_report_init(r, m);
	struct reader rd = {.m = m, .r = r, .e = e, .nfiles = F_FIXED + m->ntables};
	rd.files = xcalloc(rd.nfiles, sizeof *rd.files);
	for (size_t k = 0; k < F_FIXED; k++)
		rd.files[k].path = fixed_names[k];
	for (size_t k = 0; k < m->ntables; k++)
		rd.files[F_FIXED + k].path = arena_printf(&r->a, "reports/%s", m->tables[k].file);
	int rc;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
	if (!src) {
		rc = libzip_error(e, "zip_source_buffer_create", zip_error_strerror(&ze));
		goto out;
	}
	rd.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!rd.za) {
		zip_source_free(src);
		rc = err_setm(e, ERR_INVALID, "package", "xbrl.not_zip_reason", "reason", zip_error_strerror(&ze), NULL);
		goto out;
	}
	rc = read_package(&rd);
	zip_discard(rd.za);
out:
	zip_error_fini(&ze);
	for (size_t k = 0; k < rd.nfiles; k++)
		free(rd.files[k].data);
	free(rd.files);
	if (rc)
		xc_report_free(r);
	return rc;
}
