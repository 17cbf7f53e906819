/*
 * csv.h — a streaming reader for the spreadsheets users keep inventories in.
 *
 * RFC 4180 quoting ("" inside quotes, separators and newlines inside quoted
 * fields), CRLF or LF line ends, an optional UTF-8 byte-order mark, and a
 * separator detected from the header row: ';' (Danish Excel) when the header
 * holds more semicolons than commas, else ','.  Every field must be valid
 * UTF-8; a violation is an error naming the row and column.
 *
 * The reader works over a caller-supplied buffer holding the whole file (the
 * caller maps or reads it); fields are returned as pointers into a scratch
 * area owned by the reader, valid until the next csv_next_row call.
 *
 * The writer (csv_write.c) is the reader's counterpart for the files skjold
 * hands out: fields appended to a bounded buffer (buf.h), RFC 4180 quoting,
 * ';' as the separator, CRLF line ends.
 */
#ifndef SKJOLD_CSV_H
#define SKJOLD_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD_LEN 65536

struct csv {
	const char *p, *end;
	char sep;
	size_t row;           /* 1-based number of the row last returned (header is row 1) */
	size_t nfields;       /* fields in the row last returned */
	char *fields[CSV_MAX_FIELDS];
	size_t field_len[CSV_MAX_FIELDS];
	char *scratch;        /* owned */
	size_t scratch_cap;
};

/* Start reading data[0..len).  Skips a BOM and detects the separator. */
void csv_init(struct csv *c, const char *data, size_t len);
/* The same with a fixed separator (files whose format names it: xBRL-CSV's ','). */
void csv_init_sep(struct csv *c, const char *data, size_t len, char sep);
void csv_free(struct csv *c);
/*
 * Read the next row into c->fields.  Returns 1 for a row, 0 at end of input,
 * or ERR_INVALID (unterminated quote, invalid UTF-8, too many or too long
 * fields) with e->field set to "row N, column M".  Blank lines are skipped.
 */
int csv_next_row(struct csv *c, struct errinfo *e);

/* ---- writing (csv_write.c) ---- */

/*
 * Append one field to b, after a ';' unless first: quoted (RFC 4180) when it
 * holds the separator, a quote, CR or LF.  guard marks user text: one that a
 * spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets
 * a leading apostrophe.  NULL writes an empty field.
 */
void csv_write_field(struct buf *b, const char *s, bool first, bool guard);
/* The same with separator sep (xBRL-CSV: ',', values written exactly, guard false). */
void csv_write_cell(struct buf *b, const char *s, char sep, bool first, bool guard);
/* A date field, YYYY-MM-DD ("" when DATE_NONE); never first. */
void csv_write_date(struct buf *b, int32_t d);
/* An integer field ("" when zero, the model's "unset"); never first. */
void csv_write_int(struct buf *b, int n);
/* End the row (CRLF). */
void csv_write_row_end(struct buf *b);

#endif
