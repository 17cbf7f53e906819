/*
 * xlsx.c — spreadsheets of JSON rows through libxlsxwriter (xlsx.h).
 *
 * libxlsxwriter writes to a named file only, so the workbook goes to a
 * private file made by mkstemp (mode 0600) in $TMPDIR or /tmp; the library
 * opens it by name when the workbook is closed, and the bytes are read back
 * through the descriptor mkstemp gave, so what is read is the file made
 * here.  The file is removed on every path.  The library's own scratch files
 * go to the same directory (the tmpdir option).
 *
 * Rows are written in order in constant-memory mode: each row is flushed to
 * a scratch file when the next begins, so 100 000 rows cost no more memory
 * than one (the JSON the caller holds aside).  Everything that needs the
 * whole sheet — the autofilter's range, the column widths — is known before
 * the first row: the row count from the array, the widths from the column
 * specs and a sample of the first rows.
 *
 * Each value becomes the cell its column's type says, or the text it is
 * when the type cannot read it: a spreadsheet that shows "2026-02-30" as
 * text is better than one that drops it.  Strings are always written as
 * strings (never as formulas), so user text cannot inject one.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "date.h"
#include "doc.h"
#include "mem.h"
#include "xlsx.h"

/* Excel's limit of the text in one cell, here in bytes (it counts characters). */
#define CELL_MAX 32767
/* Rows looked at to size a column from its data. */
#define WIDTH_SAMPLE 200
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0
/* The most of a column's width its heading asks for: a longer heading wraps. */
#define HEAD_WIDTH_MAX 20.0
/* The autofilter's drop-down button covers about this many characters of a heading. */
#define FILTER_BUTTON 3
/* Points per line of the header row (Calibri 11). */
#define LINE_POINTS 15.0
#define HEADER_MAX_LINES 6
/* The header row's shading. */
#define HEADER_RGB 0xd9e1f2

/* The formats one workbook's cells share. */
struct formats {
	lxw_format *head, *date, *instant;
	lxw_format *level[DOC_LEVELS];
};

/* A column while writing: its path, the number of its dot-separated keys, its width. */
struct col_state {
	const char *path;
	size_t nseg;
	double width;
};

/* ---- reading a row ---- */

/* The number of path segments of key (dots + 1). */
static size_t path_segments(const char *key)
{
	size_t n = 1;
	for (const char *p = key; *p; p++)
		n += *p == '.';
	return n;
}

/* The value at the column's path in row, or NULL (absent or null). */
static json_t *col_value(const struct col_state *c, json_t *row)
{
	json_t *v = row;
	const char *p = c->path;
	for (size_t i = 0; i < c->nseg && v; i++) {
		const char *dot = i + 1 < c->nseg ? strchr(p, '.') : NULL;
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		v = json_is_object(v) ? json_object_getn(v, p, n) : NULL;
		p = dot ? dot + 1 : p + n;
	}
	return json_is_null(v) ? NULL : v;
}

/* Characters (not bytes) of UTF-8 text s[0..n). */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* The level a value names: 1..4, or 0 when it names none. */
static int level_of(json_t *v)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		return n >= 1 && n < DOC_LEVELS ? (int)n : 0;
	}
	const char *s = json_string_value(v);
	if (!s)
		return 0;
	for (int l = 1; l < DOC_LEVELS; l++)
		if (!strcasecmp(s, doc_level_da(l)) || !strcasecmp(s, doc_level_en(l)))
			return l;
	return !strcmp(s, "H\xc3\x98J") ? 3 : 0; /* strcasecmp folds ASCII only: "HØJ" */
}

/* The truth a value states: 1 true, 0 false, -1 none. */
static int bool_of(json_t *v)
{
	static const char *const yes[] = {"ja", "yes", "true"}, *const no[] = {"nej", "no", "false"};
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	const char *s = json_string_value(v);
	for (size_t i = 0; s && i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

/* A number as text without needless decimals ("3", "0.25"). */
static void add_number(struct buf *t, json_t *v)
{
	if (json_is_integer(v))
		buf_printf(t, "%lld", (long long)json_integer_value(v));
	else
		buf_printf(t, "%.15g", json_real_value(v));
}

/* One element of a list, or a lone object, as text: its name, else its id, else its JSON. */
static void add_item(struct buf *t, json_t *v)
{
	if (json_is_string(v)) {
		buf_add(t, json_string_value(v), json_string_length(v));
	} else if (json_is_number(v)) {
		add_number(t, v);
	} else if (json_is_boolean(v)) {
		buf_puts(t, json_is_true(v) ? "ja" : "nej");
	} else if (json_is_object(v)) {
		json_t *name = json_object_get(v, "name");
		if (!json_is_string(name))
			name = json_object_get(v, "id");
		if (json_is_string(name) || json_is_number(name)) {
			add_item(t, name);
		} else {
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
			buf_puts(t, s);
			free(s);
		}
	}
}

/*
 * The text a value shows as (t is scratch space, reset here): a string as
 * it is, a number, "ja"/"nej", a list joined with ", ".  Cut at a character
 * boundary with "…" past CELL_MAX bytes.  *n is its length.
 */
static const char *text_of(json_t *v, struct buf *t, size_t *n)
{
	const char *s;
	buf_reset(t);
	if (json_is_string(v)) {
		s = json_string_value(v);
		*n = strnlen(s, json_string_length(v)); /* a string holding \u0000 ends there */
		if (*n <= CELL_MAX)
			return s;
		buf_add(t, s, CELL_MAX + 1); /* cut below */
	} else if (json_is_array(v)) {
		size_t i;
		json_t *el;
		json_array_foreach(v, i, el)
		{
			if (t->len > CELL_MAX)
				break;
			if (i)
				buf_add(t, ", ", 2);
			add_item(t, el);
		}
	} else {
		add_item(t, v);
	}
	if (t->len > CELL_MAX) {
		size_t k = CELL_MAX - 3;
		while (k > 0 && ((unsigned char)t->p[k] & 0xC0) == 0x80)
			k--;
		t->len = k;
		buf_add(t, "\xe2\x80\xa6", 3);
	}
	*n = t->len;
	return buf_str(t);
}

/* Digits s[0..n) as a number, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* An Excel date (1900..9999) from "YYYY-MM-DD"; false when s is not one. */
static bool date_of(const char *s, lxw_datetime *dt)
{
	int32_t days;
	int y, m, d;
	if (!s || date_parse(s, &days))
		return false;
	date_to_ymd(days, &y, &m, &d);
	*dt = (lxw_datetime){.year = y, .month = m, .day = d};
	return y >= 1900 && y <= 9999;
}

/*
 * The wall-clock date and time an instant's text states
 * ("2026-03-12T08:20[:SS[.fff]](Z|±HH:MM)", or a bare date at 00:00);
 * false when s is not an instant (instant_parse decides) or not 1900..9999.
 */
static bool instant_of(const char *s, lxw_datetime *dt)
{
	int64_t ms;
	if (!s || instant_parse(s, &ms))
		return false;
	if (strlen(s) == 10)
		return date_of(s, dt);
	*dt = (lxw_datetime){.year = digits(s, 4), .month = digits(s + 5, 2), .day = digits(s + 8, 2),
			     .hour = digits(s + 11, 2), .min = digits(s + 14, 2)};
	if (s[16] == ':') {
		dt->sec = digits(s + 17, 2);
		if (s[19] == '.') {
			double f = 0.1;
			for (const char *p = s + 20; *p >= '0' && *p <= '9'; p++, f /= 10)
				dt->sec += (*p - '0') * f;
		}
	}
	return dt->year >= 1900 && dt->year <= 9999 && dt->month > 0 && dt->hour >= 0 && dt->min >= 0 && dt->sec >= 0;
}

/* A number from a string that is wholly one (integer when whole), else false. */
static bool number_of(json_t *v, bool whole, double *out)
{
	if (json_is_integer(v)) {
		*out = (double)json_integer_value(v);
		return true;
	}
	if (json_is_real(v)) {
		*out = json_real_value(v);
		return !whole || *out == floor(*out);
	}
	const char *s = json_string_value(v);
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	if (whole) {
		long long n = strtoll(s, &end, 10);
		*out = (double)n;
	} else {
		*out = strtod(s, &end);
	}
	return !*end && !errno && isfinite(*out);
}

/* ---- writing ---- */

static int lxw_fail(struct errinfo *e, lxw_error err, const char *what)
{
	return err_setm(e, ERR_INTERNAL, "", "xlsx.library", "what", what, "error", lxw_strerror(err), NULL);
}

/* Write text s (n bytes, NUL-terminated) at (r, c); an empty text is an empty cell. */
static lxw_error put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, size_t n, lxw_format *f)
{
	return n ? worksheet_write_string(ws, r, c, s, f) : LXW_NO_ERROR;
}

/* Write value v of column type type at (r, c). */
static lxw_error put_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, enum xlsx_type type, json_t *v,
			  const struct formats *fm, struct buf *t)
{
	lxw_datetime dt;
	double num;
	int k;
	if (!v)
		return LXW_NO_ERROR;
	switch (type) {
	case XLSX_INT:
	case XLSX_REAL:
		if (number_of(v, type == XLSX_INT, &num))
			return worksheet_write_number(ws, r, c, num, NULL);
		break;
	case XLSX_DATE:
		if (date_of(json_string_value(v), &dt))
			return worksheet_write_datetime(ws, r, c, &dt, fm->date);
		break;
	case XLSX_INSTANT:
		if (instant_of(json_string_value(v), &dt))
			return worksheet_write_datetime(ws, r, c, &dt, fm->instant);
		break;
	case XLSX_BOOL:
		if ((k = bool_of(v)) >= 0)
			return worksheet_write_boolean(ws, r, c, k, NULL);
		break;
	case XLSX_LEVEL:
		if ((k = level_of(v)) > 0)
			return worksheet_write_string(ws, r, c, doc_level_da(k), fm->level[k]);
		if (json_is_integer(v) && json_integer_value(v) == 0)
			return LXW_NO_ERROR; /* LEVEL_NONE */
		break;
	case XLSX_TEXT:
	case XLSX_LIST: break;
	}
	size_t n;
	const char *s = text_of(v, t, &n);
	return put_text(ws, r, c, s, n, NULL);
}

/* The width a column of this type needs for its values, before its data is looked at. */
static double type_width(enum xlsx_type type)
{
	switch (type) {
	case XLSX_INT: return 8;
	case XLSX_REAL: return 10;
	case XLSX_DATE: return 11;
	case XLSX_INSTANT: return 16;
	case XLSX_BOOL: return 7;
	case XLSX_LEVEL: return 9;
	case XLSX_LIST: return 16;
	case XLSX_TEXT: break;
	}
	return 12;
}

/*
 * A column's width: as given, else wide enough for the Danish part of its
 * heading (up to HEAD_WIDTH_MAX characters) next to the filter button and for its
 * longest word, and for its values (the widest of the first WIDTH_SAMPLE
 * rows, for text), within WIDTH_MIN..WIDTH_MAX.
 */
static double col_width(const struct xlsx_col *col, const struct col_state *cs, json_t *rows, struct buf *t)
{
	if (col->width > 0)
		return col->width;
	double w = type_width(col->type);
	const char *head = col->head ? col->head : "";
	const char *paren = strstr(head, " (");
	double hw = (double)utf8_chars(head, paren ? (size_t)(paren - head) : strlen(head)) + FILTER_BUTTON;
	if (hw > HEAD_WIDTH_MAX)
		hw = HEAD_WIDTH_MAX; /* a longer heading wraps */
	if (hw > w)
		w = hw;
	for (const char *p = head; *p;) { /* no word of the heading is broken */
		size_t n = strcspn(p, " ");
		double ww = (double)utf8_chars(p, n) + 2;
		if (ww > w)
			w = ww;
		p += n;
		p += strspn(p, " ");
	}
	if (col->type == XLSX_TEXT || col->type == XLSX_LIST) {
		size_t n = json_array_size(rows) < WIDTH_SAMPLE ? json_array_size(rows) : WIDTH_SAMPLE;
		for (size_t i = 0; i < n; i++) {
			json_t *v = col_value(cs, json_array_get(rows, i));
			if (!v)
				continue;
			size_t len;
			const char *s = text_of(v, t, &len);
			double cw = (double)utf8_chars(s, len) + 1;
			if (cw > w)
				w = cw;
		}
	}
	return w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
}

/* Lines a heading takes when wrapped at word boundaries into width characters. */
static int head_lines(const char *head, double width)
{
	size_t room = width > FILTER_BUTTON + 1 ? (size_t)width - 1 : 1, line = 0;
	int lines = 1;
	for (const char *p = head; *p;) {
		size_t n = strcspn(p, " ");
		size_t w = utf8_chars(p, n);
		if (line && line + 1 + w > room) {
			lines++;
			line = 0;
		}
		line += (line ? 1 : 0) + w;
		while (line > room) { /* a word longer than the column breaks inside it */
			lines++;
			line -= room;
		}
		p += n;
		p += strspn(p, " ");
	}
	if (line + FILTER_BUTTON > room) /* the last line shares its room with the button */
		lines++;
	return lines;
}

/* Write one sheet: header, rows, widths, frozen header, autofilter. */
static int write_sheet(lxw_workbook *wb, const struct xlsx_sheet *sh, const struct formats *fm, struct buf *t,
		       struct errinfo *e)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sh->name);
	if (!ws)
		return err_setm(e, ERR_INTERNAL, "", "xlsx.add_sheet", "sheet", sh->name, NULL);
	struct col_state *cs = xcalloc(sh->ncols, sizeof *cs);
	size_t nrows = json_array_size(sh->rows);
	int rc = 0, lines = 1;
	lxw_error err = LXW_NO_ERROR;
	for (size_t c = 0; c < sh->ncols; c++) {
		const struct xlsx_col *col = &sh->cols[c];
		cs[c].path = col->key ? col->key : "";
		cs[c].nseg = path_segments(cs[c].path);
		cs[c].width = col_width(col, &cs[c], sh->rows, t);
		int l = head_lines(col->head ? col->head : "", cs[c].width);
		if (l > lines)
			lines = l;
		if ((err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cs[c].width, NULL)))
			goto out;
	}
	if (lines > HEADER_MAX_LINES)
		lines = HEADER_MAX_LINES;
	if ((err = worksheet_set_row(ws, 0, LINE_POINTS * lines, fm->head)))
		goto out;
	for (size_t c = 0; c < sh->ncols; c++) {
		const char *head = sh->cols[c].head ? sh->cols[c].head : "";
		if ((err = put_text(ws, 0, (lxw_col_t)c, head, strlen(head), fm->head)))
			goto out;
	}
	for (size_t r = 0; r < nrows; r++) {
		json_t *row = json_array_get(sh->rows, r);
		for (size_t c = 0; c < sh->ncols; c++)
			if ((err = put_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, sh->cols[c].type, col_value(&cs[c], row),
					    fm, t)))
				goto out;
	}
	worksheet_freeze_panes(ws, 1, 0);
	if ((err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(sh->ncols - 1))) ||
	    (err = worksheet_repeat_rows(ws, 0, 0)))
		goto out;
	worksheet_set_landscape(ws);
out:
	if (err) {
		char what[96];
		snprintf(what, sizeof what, "sheet '%s'", sh->name);
		rc = lxw_fail(e, err, what);
	}
	free(cs);
	return rc;
}

/* The checks libxlsxwriter would fail on, made first so the error names the part of the book. */
static int check_book(lxw_workbook *wb, const struct xlsx_book *b, struct errinfo *e)
{
	if (!b->nsheets || !b->sheets)
		return err_setm(e, ERR_INVALID, "sheets", "xlsx.no_sheet", NULL);
	for (size_t i = 0; i < b->nsheets; i++) {
		const struct xlsx_sheet *sh = &b->sheets[i];
		char f[64];
		snprintf(f, sizeof f, "sheets[%zu].name", i);
		if (!sh->name)
			return err_setm(e, ERR_INVALID, f, "xlsx.sheet_name", NULL);
		lxw_error err = workbook_validate_sheet_name(wb, sh->name);
		if (err)
			return err_setm(e, ERR_INVALID, f, "xlsx.sheet_name_bad", "sheet", sh->name, "error", lxw_strerror(err), NULL);
		for (size_t k = 0; k < i; k++)
			if (!strcasecmp(b->sheets[k].name, sh->name))
				return err_setm(e, ERR_INVALID, f, "xlsx.sheet_twice", "sheet", sh->name, NULL);
		snprintf(f, sizeof f, "sheets[%zu].cols", i);
		if (!sh->ncols || !sh->cols || sh->ncols > XLSX_MAX_COLS)
			return err_setm(e, ERR_INVALID, f, "xlsx.cols", "max", err_num((char[24]){0}, XLSX_MAX_COLS), NULL);
		snprintf(f, sizeof f, "sheets[%zu].rows", i);
		if (!json_is_array(sh->rows))
			return err_setm(e, ERR_INVALID, f, "xlsx.rows", NULL);
		if (json_array_size(sh->rows) > XLSX_MAX_ROWS)
			return err_setm(e, ERR_INVALID, f, "xlsx.rows_max", "max", err_num((char[24]){0}, XLSX_MAX_ROWS), "given",
					err_num((char[24]){0}, (long long)json_array_size(sh->rows)), NULL);
		size_t r;
		json_t *row;
		json_array_foreach(sh->rows, r, row)
		{
			if (!json_is_object(row))
				return err_setm(e, ERR_INVALID, f, "xlsx.row", "row", err_num((char[24]){0}, (long long)r), NULL);
		}
	}
	return 0;
}

/* The formats every sheet shares. */
static void add_formats(lxw_workbook *wb, struct formats *fm)
{
	fm->head = workbook_add_format(wb);
	format_set_bold(fm->head);
	format_set_bg_color(fm->head, HEADER_RGB);
	format_set_bottom(fm->head, LXW_BORDER_THIN);
	format_set_text_wrap(fm->head);
	format_set_align(fm->head, LXW_ALIGN_VERTICAL_TOP);
	fm->date = workbook_add_format(wb);
	format_set_num_format(fm->date, "yyyy-mm-dd");
	fm->instant = workbook_add_format(wb);
	format_set_num_format(fm->instant, "yyyy-mm-dd hh:mm");
	fm->level[0] = NULL;
	for (int l = 1; l < DOC_LEVELS; l++) {
		fm->level[l] = workbook_add_format(wb);
		format_set_bg_color(fm->level[l], doc_level_rgb[l]);
	}
}

/* A private file for the workbook in $TMPDIR or /tmp: its descriptor (or -1) and path. */
static int make_temp(char *path, size_t size, char *dir, size_t dsize)
{
	const char *d = getenv("TMPDIR");
	if (!d || !*d || strlen(d) + 32 > size || strlen(d) >= dsize)
		d = "/tmp";
	snprintf(dir, dsize, "%s", d);
	snprintf(path, size, "%s/skjold-xlsx-XXXXXX", d);
	return mkstemp(path);
}

/* The whole file behind fd into *out and *len. */
static int read_back(int fd, char **out, size_t *len, struct errinfo *e)
{
	struct stat st;
	if (fstat(fd, &st))
		return err_setm(e, ERR_IO, "", "xlsx.read_back", "error", strerror(errno), NULL);
	if ((unsigned long long)st.st_size > BUF_MAX_BYTES)
		return err_setm(e, ERR_INVALID, "", "xlsx.large", "size", err_num((char[24]){0}, (long long)st.st_size), "max",
				err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	size_t n = (size_t)st.st_size, got = 0;
	char *p = xmalloc(n ? n : 1);
	while (got < n) {
		ssize_t k = pread(fd, p + got, n - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			free(p);
			return k ? err_setm(e, ERR_IO, "", "xlsx.read_back", "error", strerror(errno), NULL)
				 : err_setm(e, ERR_IO, "", "xlsx.read_short", NULL);
		}
		got += (size_t)k;
	}
	*out = p;
	*len = n;
	return 0;
}

/* Set the document properties of b. */
static int set_properties(lxw_workbook *wb, const struct xlsx_book *b, struct errinfo *e)
{
	char comments[128] = "";
	if (b->as_of)
		snprintf(comments, sizeof comments, "Opgjort pr. %s", b->as_of);
	lxw_doc_properties props = {.title = (char *)b->title,
				    .subject = (char *)b->subject,
				    .author = "skjold",
				    .company = (char *)b->org,
				    .comments = b->as_of ? comments : NULL,
				    .created = b->created ? (time_t)b->created : time(NULL)};
	lxw_error err = workbook_set_properties(wb, &props);
	return err ? lxw_fail(e, err, "document properties") : 0;
}

int xlsx_write(const struct xlsx_book *b, char **out, size_t *len, struct errinfo *e)
{
	*out = NULL;
	*len = 0;
	char path[PATH_MAX], dir[PATH_MAX];
	int fd = make_temp(path, sizeof path, dir, sizeof dir);
	if (fd < 0)
		return err_setm(e, ERR_IO, "", "xlsx.temp", "dir", dir, "error", strerror(errno), NULL);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = dir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	struct buf t = {0};
	struct formats fm;
	int rc = 0;
	if (!wb) {
		rc = err_setm(e, ERR_INTERNAL, "", "xlsx.start", NULL);
		goto out;
	}
	if (!(rc = check_book(wb, b, e)) && !(rc = set_properties(wb, b, e))) {
		add_formats(wb, &fm);
		for (size_t i = 0; i < b->nsheets && !rc; i++)
			rc = write_sheet(wb, &b->sheets[i], &fm, &t, e);
	}
	lxw_error err = workbook_close(wb); /* frees the workbook whatever happened */
	if (err && !rc)
		rc = lxw_fail(e, err, "writing the workbook");
	if (!rc)
		rc = read_back(fd, out, len, e);
out:
	buf_free(&t);
	close(fd);
	unlink(path);
	return rc;
}
