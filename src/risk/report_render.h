/*
 * report_render.h — the reports as people read them: Markdown, HTML, PDF
 * and DOCX renderings of a report's JSON (report.h) through one document
 * (doc.h), shared by the shell and the API.
 *
 * A renderer takes the report's JSON and writes text; it does not query.
 * Returned text is malloc'ed (the caller frees it).
 */
#ifndef SKJOLD_REPORT_RENDER_H
#define SKJOLD_REPORT_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "err.h"

/* The forms a report is answered in. */
enum report_format { REPORT_JSON, REPORT_MARKDOWN, REPORT_HTML, REPORT_PDF, REPORT_DOCX };

/* The format named name: NULL or "json", "md" or "markdown", "html", "pdf", "docx"; else ERR_INVALID (nothing set). */
int report_format_parse(const char *name, enum report_format *out);

/*
 * Render a report built by report.c ("overview", "followup", "isu",
 * "management"; other kinds generically) as Markdown or HTML; malloc'ed,
 * NULL for a NULL report or past the buffer's maximum (buf.h).
 */
char *report_markdown(json_t *report);
char *report_html(json_t *report);

/*
 * The report's document (doc.h, the caller frees it with doc_free): its
 * sections as headings, fields, tables, the heat map and lists.  paged: a
 * PDF or DOCX, whose title block and every page carry organisation, date
 * and period, so the line under the title is left out.
 */
void report_doc(json_t *report, bool paged, struct doc *d);

/*
 * The report in format: for REPORT_JSON nothing (*text NULL: the JSON is
 * the answer); else *text (malloc'ed; NUL-terminated text for Markdown and
 * HTML, bytes for PDF and DOCX), *len and its media type (static).
 * ERR_INVALID when the rendering would pass the renderer's maximum, the
 * back end's error otherwise (e names it).
 */
int report_render(json_t *report, enum report_format format, char **text, size_t *len, const char **type,
		  struct errinfo *e);

/*
 * The risk register (report_register_json's rows) as a document: one table
 * of every risk with its levels coloured and overdue rows marked, under the
 * organisation and the as-of date.  The caller frees d with doc_free.
 */
void report_register_doc(json_t *rows, const char *org_id, const char *org_name, const char *as_of, bool paged,
			 struct doc *d);

/* A download file name: organisation, report, period and as-of date ("kommune-isu-2026Q4-2026-12-06.pdf"); malloc'ed. */
char *report_file_name(json_t *report, enum report_format format);

#endif
