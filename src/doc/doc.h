/*
 * doc.h — a document written once and rendered as Markdown, HTML, PDF or
 * DOCX (the reports people read and hand over: report_render.c,
 * increport.c, the forum's documents).
 *
 * A writer records blocks — headings, paragraphs, tables, lists,
 * preformatted text and the risk heat map — into a struct doc; each format
 * renders the whole block list at the end (doc_render), so a back end can
 * measure a table before it lays it out (PDF) or write every part of a
 * package (DOCX).  Text is plain UTF-8 as it comes from the data; each back
 * end escapes it for its own format.  Every string is copied into the
 * document's arena: callers may pass temporaries.
 *
 * The meta data go on every page of a paged format: the organisation, the
 * date the data is as of, and the TLP label of a forum document (doc_pdf.c
 * prints them in the header or footer with the page number).
 */
#ifndef SKJOLD_DOC_H
#define SKJOLD_DOC_H

#include <stddef.h>

#include "err.h"
#include "mem.h"

enum doc_format { DOC_MARKDOWN, DOC_HTML, DOC_PDF, DOC_DOCX };

/* The format named name ("md"/"markdown", "html", "pdf", "docx"); else ERR_INVALID. */
int doc_format_parse(const char *name, enum doc_format *out);
/* The media type of format f (static). */
const char *doc_format_type(enum doc_format f);
/* The file name extension of format f, without the dot (static). */
const char *doc_format_ext(enum doc_format f);

enum doc_kind { DOC_HEADING, DOC_PARA, DOC_TABLE, DOC_LIST, DOC_PRE, DOC_HEATMAP };

/* Risk levels as cells show them: 0 none, 1 Lav … 4 Kritisk (model.h enum level). */
#define DOC_LEVELS 5
/* Row flags. */
#define DOC_ROW_OVERDUE 1u

struct doc_row {
	const char **cells; /* ncols strings */
	int *levels;        /* ncols levels (0 = uncoloured), or NULL */
	unsigned flags;
};

struct doc_item {
	const char *text, *en; /* en may be NULL */
};

/* The 4x4 residual heat map: counts and levels [likelihood-1][consequence-1]. */
struct doc_heatmap {
	long counts[4][4];
	int levels[4][4];
	const char *title; /* axis caption */
};

struct doc_block {
	enum doc_kind kind;
	int level;          /* DOC_HEADING: 1..3 */
	const char *text;   /* HEADING, PARA (Danish), PRE */
	const char *en;     /* HEADING, PARA: the English beside it, or NULL */
	size_t ncols;       /* TABLE */
	const char **heads; /* TABLE: ncols headings */
	struct doc_row *rows;
	size_t nrows, caprows;
	struct doc_item *items; /* LIST */
	size_t nitems, capitems;
	struct doc_heatmap *heat; /* HEATMAP */
	struct doc_block *next;
};

struct doc_meta {
	const char *title_da, *title_en; /* the document's title */
	const char *org_name, *org_id;   /* may be NULL */
	const char *as_of;               /* the date (or instant) the data is as of, or NULL */
	const char *period;              /* a period line ("1. kvartal 2026 (Q1 2026), …"), or NULL */
	const char *tlp;                 /* forum documents: "TLP:AMBER" etc., else NULL */
	const char *file_stem;           /* a file-name stem ("isu-2026-q1"), or NULL */
};

struct doc {
	struct arena a;
	struct doc_meta meta;
	struct doc_block *first, *last;
	struct doc_block *open; /* the table or list being written */
};

/* Start a document (meta copied). */
void doc_init(struct doc *d, const struct doc_meta *m);
void doc_free(struct doc *d);

/* A heading "da (en)" at level 1..3; en NULL or equal to da shows da alone. */
void doc_heading(struct doc *d, int level, const char *da, const char *en);
/* A paragraph; en, when given, follows in the secondary style. */
void doc_para(struct doc *d, const char *text, const char *en);
/* A table of n columns with these headings; rows follow, doc_table_end closes it. */
void doc_table_begin(struct doc *d, size_t n, const char *const *heads);
/* One row of the open table: n cells, levels (n entries, 0 = none) or NULL, flags DOC_ROW_*. */
void doc_table_row(struct doc *d, size_t n, const char *const *cells, const int *levels, unsigned flags);
void doc_table_end(struct doc *d);
void doc_list_begin(struct doc *d);
void doc_list_item(struct doc *d, const char *text, const char *en);
void doc_list_end(struct doc *d);
/* Preformatted text (kept as is, monospaced). */
void doc_pre(struct doc *d, const char *text);
/* The residual heat map (copied). */
void doc_heatmap(struct doc *d, const struct doc_heatmap *h);

/* The level colours of the web UI's report tables (RGB, 0xRRGGBB), by level 0..4. */
extern const unsigned doc_level_rgb[DOC_LEVELS];
/* The level's Danish name and English name ("Kritisk", "Critical"); "" for 0. */
const char *doc_level_da(int level);
const char *doc_level_en(int level);

/*
 * Render the document in format f: *out (malloc'ed; text for Markdown and
 * HTML, NUL-terminated; bytes for PDF and DOCX) and its length.  ERR_INVALID
 * when the output would pass the renderer's maximum, ERR_INTERNAL when a
 * library failed (e names it).
 */
int doc_render(const struct doc *d, enum doc_format f, char **out, size_t *len, struct errinfo *e);

/* The back ends (doc_md.c, doc_html.c, doc_pdf.c, doc_docx.c), called through doc_render. */
int doc_render_markdown(const struct doc *d, char **out, size_t *len, struct errinfo *e);
int doc_render_html(const struct doc *d, char **out, size_t *len, struct errinfo *e);
int doc_render_pdf(const struct doc *d, char **out, size_t *len, struct errinfo *e);
int doc_render_docx(const struct doc *d, char **out, size_t *len, struct errinfo *e);

#endif
