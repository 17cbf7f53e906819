/*
 * report.h — what the organisation reads: the risk overview, the follow-up
 * list (what is overdue and who must hear of it), the quarterly ISU report
 * and the annual management input (seed 003 §6, SPEC §2.4), and the risk
 * register.
 *
 * Every report is first built as JSON from an evaluated struct orgview (the
 * single source of derived facts, report.c) and then rendered: Markdown and
 * HTML are renderings of the same JSON (report_render.h), so the three forms
 * cannot disagree.  The register's CSV is written by csv_write.c.
 * Returned JSON is a new reference; returned text is malloc'ed (caller frees).
 */
#ifndef SKJOLD_REPORT_H
#define SKJOLD_REPORT_H

#include <jansson.h>

#include "orgview.h"
#include "report_render.h"

/* Counts by level, the residual heat map, overdue and escalation totals, reviews due. */
json_t *report_overview(const struct orgview *v);
/* Every overdue or escalating item as of v->today, most urgent first, each with whom to tell. */
json_t *report_followup(const struct orgview *v);
/* Quarterly report to the information-security committee for year/quarter (1..4). */
json_t *report_isu(const struct orgview *v, int year, int quarter);
/* Annual input to the board's cyber-security report and management review for year. */
json_t *report_management(const struct orgview *v, int year);

/* The risk register (seed 003 §5) as JSON: every risk as stored, with its derived fields. */
json_t *report_register_json(const struct orgview *v);
/* The risk register as CSV, UTF-8 with BOM, ';' separated for Danish Excel (csv_write.c). */
char *report_register_csv(const struct orgview *v);
/* The risk register as a document (doc.h format: PDF, DOCX, also Markdown and HTML); *out malloc'ed. */
int report_register_document(const struct orgview *v, enum doc_format f, char **out, size_t *len, struct errinfo *e);

/* A node's name by id, or the id when the node is unknown or unnamed (NULL for NULL). */
const char *report_node_name(const struct orgview *v, const char *id);

#endif
