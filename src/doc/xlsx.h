/*
 * xlsx.h — spreadsheets (XLSX) of JSON rows, for the lists a compliance
 * officer filters and sorts: the risk register, the risk list, the incident
 * list and the open reporting deadlines (app_sheet.h builds those).
 *
 * A workbook is one or more sheets; a sheet is a name, its columns and a
 * JSON array of row objects.  A column names the value it shows by a JSON
 * key or a dotted path ("acceptance.expires", "verdicts.eu-nis2"; a key
 * that itself holds a dot cannot be named), its heading (Danish with the
 * English in parentheses, "Titel (Title)") and its type, which decides what
 * kind of cell the value becomes:
 *
 *   XLSX_TEXT     text; a number, a boolean ("ja"/"nej") or a list is shown as text
 *   XLSX_INT      a number (an integer, or a string of one)
 *   XLSX_REAL     a number (any JSON number, or a string of one)
 *   XLSX_DATE     "2026-03-12": an Excel date, shown yyyy-mm-dd
 *   XLSX_INSTANT  "2026-03-12T08:20:00+01:00": an Excel date and time in the
 *                 wall-clock time the text states (Excel has no time zones:
 *                 the offset is dropped, so the heading must say which zone;
 *                 the use cases write every instant in Europe/Copenhagen,
 *                 instant_format_cph), shown yyyy-mm-dd hh:mm
 *   XLSX_BOOL     true/false, or "ja"/"nej" ("yes"/"no", "true"/"false"):
 *                 an Excel boolean (Danish Excel shows SAND/FALSK)
 *   XLSX_LEVEL    a risk level "Lav", "Medium", "Høj", "Kritisk" (or the
 *                 English names, or 1..4): its Danish name in a cell filled
 *                 with the web UI's colour of the level (doc_level_rgb)
 *   XLSX_LIST     an array joined with ", "; an element that is an object
 *                 shows its "name", else its "id"
 *
 * A value that is absent or null, an empty string or an empty list is an
 * empty cell.  A value the type cannot read (a date that is not one, a
 * level that is not one) is written as the text it is, so nothing is lost.
 * Text over Excel's limit of a cell (32 767 bytes here) is cut at a
 * character boundary and ends in "…".
 *
 * Every sheet has a bold shaded header row that stays in view (frozen) and
 * repeats on every printed page, an autofilter over the whole range, and
 * column widths from the column's width, or when that is 0 from its type,
 * heading and data.  The workbook's document properties carry the title,
 * the organisation, author "skjold" and "Opgjort pr. <as_of>".
 *
 * The workbook is written in libxlsxwriter's constant-memory mode (rows go
 * to a temporary file as they are written), to a private temporary file in
 * $TMPDIR (else /tmp) that is read back into memory and removed.
 */
#ifndef SKJOLD_XLSX_H
#define SKJOLD_XLSX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The media type and the file name extension of the files written here. */
#define XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define XLSX_EXT "xlsx"

/* The most data rows of one sheet: Excel's 1 048 576 rows, less the header. */
#define XLSX_MAX_ROWS 1048575u
/* The most columns of one sheet (Excel's). */
#define XLSX_MAX_COLS 16384u

enum xlsx_type { XLSX_TEXT, XLSX_INT, XLSX_REAL, XLSX_DATE, XLSX_INSTANT, XLSX_BOOL, XLSX_LEVEL, XLSX_LIST };

struct xlsx_col {
	const char *key;  /* JSON key or dotted path */
	const char *head; /* "Titel (Title)" */
	enum xlsx_type type;
	double width; /* in characters; 0: from the type, the heading and the data */
};

struct xlsx_sheet {
	const char *name; /* 1..31 characters, none of []:*?/\ and not starting or ending in ' */
	const struct xlsx_col *cols;
	size_t ncols; /* 1..XLSX_MAX_COLS */
	json_t *rows; /* an array of objects (borrowed), at most XLSX_MAX_ROWS */
};

struct xlsx_book {
	const char *title;   /* the document's title, or NULL */
	const char *org;     /* the organisation's name (the "company" property), or NULL */
	const char *subject; /* or NULL: e.g. the organisation's id */
	const char *as_of;   /* "2026-03-12": comments "Opgjort pr. 2026-03-12", or NULL */
	int64_t created;     /* the creation time (Unix seconds); 0: now */
	const struct xlsx_sheet *sheets;
	size_t nsheets; /* at least 1 */
};

/*
 * Write book as an XLSX file into *out (malloc'ed, the caller frees) and
 * *len.  ERR_INVALID naming "sheets[i]…" for a book the format cannot hold
 * (no sheets or columns, a bad sheet name, too many rows or columns, rows
 * that are not an array of objects) or when the file would pass
 * BUF_MAX_BYTES (buf.h); ERR_INTERNAL with libxlsxwriter's message when the
 * library fails; ERR_IO when the temporary file cannot be made or read.
 * On error *out is NULL and *len 0.
 */
int xlsx_write(const struct xlsx_book *b, char **out, size_t *len, struct errinfo *e);

#endif
