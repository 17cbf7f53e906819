/*
 * csv.c — an RFC 4180 reader over a buffer holding the whole file.
 *
 * csv_next_row copies one record at a time into the reader's scratch buffer,
 * undoing the quoting, and points c->fields[] at NUL-terminated copies.  The
 * scratch buffer grows by doubling; its size is bounded by the two limits
 * (CSV_MAX_FIELDS fields of at most CSV_MAX_FIELD_LEN bytes, about 16 MiB),
 * which are checked before every copy.
 *
 * What is accepted, and why:
 *  - A field that starts with '"' is quoted: "" is a literal quote, and
 *    separators, CR and LF inside are data (kept byte for byte).  After the
 *    closing quote only a separator, a line end or the end of input may
 *    follow; anything else is an error rather than a guess.
 *  - A quote inside an unquoted field (19" rack) is taken literally, as
 *    Excel does: rejecting it would only annoy people typing inventories.
 *  - Line ends are CRLF, LF, or a lone CR (old Mac exports).
 *  - A blank row is skipped: an empty line, or a line holding nothing but
 *    separators (Excel writes ";;;" for an emptied row).  A row with a
 *    quoted empty field ("") is not blank.  Skipped rows still count, so
 *    c->row is the row number a spreadsheet shows for the same file as long
 *    as no field spans lines.
 *  - Every field must be valid UTF-8 (no overlong forms, no surrogates,
 *    nothing above U+10FFFF) and must not contain a NUL byte, since fields
 *    are handed out as C strings.  Windows-1252 exports ("æøå" as single
 *    bytes) fail here with a message telling the user to save as UTF-8.
 *
 * After an error the reader stops: later calls fail again instead of
 * resuming at an arbitrary point inside a broken record.
 */
#include "csv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "mem.h"

#define SCRATCH_MIN 4096

/* Where an error is: the current row and the 1-based column, in where. */
static const char *csv_at(const struct csv *c, size_t col, char where[64])
{
	snprintf(where, 64, "row %zu, column %zu", c->row, col);
	return where;
}

/*
 * Makes room for n more bytes after used (plus a NUL).  The limits keep
 * used + n far below SIZE_MAX.
 */
static void scratch_reserve(struct csv *c, size_t used, size_t n)
{
	size_t need = used + n + 1;
	if (need <= c->scratch_cap)
		return;
	size_t cap = c->scratch_cap ? c->scratch_cap : SCRATCH_MIN;
	while (cap < need)
		cap *= 2;
	c->scratch = xrealloc(c->scratch, cap);
	c->scratch_cap = cap;
}

/* Checks one field's bytes; names the offending byte for the user. */
static int check_field(struct csv *c, struct errinfo *e, size_t col, const char *f, size_t len)
{
	const unsigned char *u = (const unsigned char *)f;
	size_t ok = limit_utf8_prefix(u, len);
	if (ok == len)
		return 0;
	if (u[ok] == 0)
		return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.nul", "byte", err_num((char[24]){0}, (long long)(ok + 1)), NULL);
	if (c->row == 1 && col == 1 && ok == 0 && len >= 2 &&
	    ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.utf16", NULL);
	char hex[8];
	snprintf(hex, sizeof hex, "%02X", u[ok]);
	return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.utf8", "value", hex, "byte",
			err_num((char[24]){0}, (long long)(ok + 1)), NULL);
}

static bool is_line_end(char ch)
{
	return ch == '\n' || ch == '\r';
}

/*
 * Skips the BOM, then counts ';' and ',' outside quotes in the first
 * non-empty record.  Ties (including neither) mean ','.
 */
void csv_init(struct csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof *c);
	c->p = data ? data : "";
	c->end = c->p + (data ? len : 0);
	if (c->end - c->p >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	size_t semis = 0, commas = 0;
	bool quoted = false, content = false;
	for (const char *q = c->p; q < c->end; q++) {
		char ch = *q;
		if (ch == '"') {
			quoted = !quoted; /* "" toggles twice: no net change, as it should */
		} else if (quoted) {
			continue;
		} else if (is_line_end(ch)) {
			if (content)
				break;
			continue;
		} else if (ch == ';') {
			semis++;
		} else if (ch == ',') {
			commas++;
		}
		content = true;
	}
	c->sep = semis > commas ? ';' : ',';
}

void csv_init_sep(struct csv *c, const char *data, size_t len, char sep)
{
	csv_init(c, data, len);
	c->sep = sep;
}

void csv_free(struct csv *c)
{
	free(c->scratch);
	c->scratch = NULL;
	c->scratch_cap = 0;
	c->nfields = 0;
}

/*
 * Parses one record at c->p into the scratch buffer.  *blank tells whether
 * it held nothing but unquoted empty fields.
 */
static int parse_record(struct csv *c, struct errinfo *e, bool *blank)
{
	const char *p = c->p, *end = c->end;
	const char sep = c->sep;
	size_t off[CSV_MAX_FIELDS];
	size_t used = 0, nf = 0;
	bool any = false;

	for (;;) {
		size_t col = nf + 1;
		if (nf == CSV_MAX_FIELDS)
			return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.columns_max", "max", err_num((char[24]){0}, CSV_MAX_FIELDS),
					NULL);
		size_t start = used;
		if (p < end && *p == '"') {
			any = true;
			p++;
			for (;;) {
				const char *q = memchr(p, '"', (size_t)(end - p));
				if (!q)
					return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.quote_open", NULL);
				/* Copy up to the quote, and the quote itself when it is doubled. */
				bool doubled = q + 1 < end && q[1] == '"';
				size_t n = (size_t)(q - p) + doubled;
				if (used - start + n > CSV_MAX_FIELD_LEN)
					return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.field_long", "max",
							err_num((char[24]){0}, CSV_MAX_FIELD_LEN), NULL);
				scratch_reserve(c, used, n);
				memcpy(c->scratch + used, p, n);
				used += n;
				p = q + 1 + doubled;
				if (!doubled)
					break;
			}
			if (p < end && *p != sep && !is_line_end(*p))
				return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.after_quote", NULL);
		} else {
			const char *q = p;
			while (q < end && *q != sep && !is_line_end(*q))
				q++;
			size_t n = (size_t)(q - p);
			if (n > CSV_MAX_FIELD_LEN)
				return err_setm(e, ERR_INVALID, csv_at(c, col, (char[64]){0}), "csv.field_long", "max",
						err_num((char[24]){0}, CSV_MAX_FIELD_LEN), NULL);
			scratch_reserve(c, used, n);
			memcpy(c->scratch + used, p, n);
			used += n;
			p = q;
		}
		size_t len = used - start;
		if (len)
			any = true;
		scratch_reserve(c, used, 0);
		c->scratch[used++] = '\0';
		int rc = check_field(c, e, col, c->scratch + start, len);
		if (rc)
			return rc;
		off[nf] = start;
		c->field_len[nf] = len;
		nf++;
		if (p < end && *p == sep) {
			p++;
			continue;
		}
		/* A line end (CRLF, LF or lone CR) or the end of input closes the record. */
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		break;
	}
	for (size_t i = 0; i < nf; i++)
		c->fields[i] = c->scratch + off[i];
	c->nfields = nf;
	c->p = p;
	*blank = !any;
	return 0;
}

int csv_next_row(struct csv *c, struct errinfo *e)
{
	if (!c->p) {
		char where[64];
		snprintf(where, sizeof where, "row %zu", c->row);
		return err_setm(e, ERR_INVALID, where, "csv.stopped", NULL);
	}
	for (;;) {
		c->nfields = 0;
		if (c->p >= c->end)
			return 0;
		c->row++;
		bool blank;
		int rc = parse_record(c, e, &blank);
		if (rc) {
			c->p = NULL;
			c->nfields = 0;
			return rc;
		}
		if (!blank)
			return 1;
	}
}
