/*
 * report_render.h — the reports as people read them: Markdown and HTML
 * renderings of a report's JSON (report.h), shared by the shell and the API.
 *
 * A renderer takes the report's JSON and writes text; it does not query.
 * Returned text is malloc'ed (the caller frees it).
 */
#ifndef SKJOLD_REPORT_RENDER_H
#define SKJOLD_REPORT_RENDER_H

#include <jansson.h>

#include "err.h"

/* The forms a report is answered in. */
enum report_format { REPORT_JSON, REPORT_MARKDOWN, REPORT_HTML };

/* The format named name: NULL or "json", "md" or "markdown", "html"; else ERR_INVALID (nothing set). */
int report_format_parse(const char *name, enum report_format *out);

/*
 * Render a report built by report.c ("overview", "followup", "isu",
 * "management"; other kinds generically) as Markdown or HTML; malloc'ed,
 * NULL for a NULL report or past the buffer's maximum (buf.h).
 */
char *report_markdown(json_t *report);
char *report_html(json_t *report);

/*
 * The report in format: for REPORT_JSON nothing (*text NULL: the JSON is
 * the answer); else *text (malloc'ed) and its media type (static).
 * ERR_INVALID when the text would pass the buffer's maximum.
 */
int report_render(json_t *report, enum report_format format, char **text, const char **type);

#endif
