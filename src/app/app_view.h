/*
 * app_view.h — the use cases of what an organisation reads about itself:
 * the map's questions (impact, single points of failure), the reports
 * (overview, follow-up, ISU, management), the risk register and the rule
 * tables in force, and setting those tables.
 *
 * Each reads one evaluated view of the organisation (orgview.h) as of
 * x->today through x->st, so the server's scope applies.  Results are JSON
 * the caller owns (the register: the view itself, which the caller renders
 * and frees).  Rendering to Markdown, HTML and CSV is not done here: see
 * report_render.h and csv.h.  Errors name the request's field as JSON does
 * ("nodes[1]", "target", "year", "quarter", "name").
 * (docs/internals/app_view.md)
 */
#ifndef SKJOLD_APP_VIEW_H
#define SKJOLD_APP_VIEW_H

#include <stddef.h>

#include "app.h"
#include "orgview.h"

/* The most nodes one impact question may name. */
#define APP_VIEW_MAX_NODES 64

/* ---- the map's questions ---- */

/*
 * What fails if the nnodes nodes fail: the failing nodes, every node that
 * fails with them and why, the processes and services stopped.  A node that
 * is not in org: ERR_NOTFOUND naming "nodes[i]".
 */
int app_view_impact(struct app *x, const char *org, const char *const *nodes, size_t nnodes, json_t **out);
/*
 * Single points of failure of each critical process or service, or of the
 * one node target (NULL: all critical ones); a target not in org:
 * ERR_NOTFOUND naming "target".
 */
int app_view_spof(struct app *x, const char *org, const char *target, json_t **out);

/* ---- reports ---- */

enum app_report { APP_REPORT_OVERVIEW, APP_REPORT_FOLLOWUP, APP_REPORT_ISU, APP_REPORT_MANAGEMENT };

struct app_report_req {
	const char *org;
	enum app_report kind;
	/*
	 * The period: ISU year and quarter (1..4), management year; 0 for the
	 * one containing x->today.  The ISU report takes a year only with its
	 * quarter ("year"); the management input takes no quarter ("quarter").
	 * Years are 1900..2200.
	 */
	int year, quarter;
};

/* The report as JSON (report.h); for the follow-up, summary.overdue counts what is overdue. */
int app_view_report(struct app *x, const struct app_report_req *req, json_t **out);

/* "2026Q4" (or "2026q4") as year and quarter; ERR_INVALID (nothing set) for anything else. */
int app_view_quarter_parse(const char *text, int *year, int *quarter);

/* ---- the risk register ---- */

/*
 * The organisation's view with every risk evaluated as of x->today: the
 * caller renders it (report_register_json, report_register_csv) and
 * releases it with orgview_free.
 */
int app_view_register(struct app *x, const char *org, struct orgview *v);

/* ---- the rule tables (SPEC §2) ---- */

/*
 * The tables in force: matrix_version, matrix, likelihood_table,
 * review_intervals, treatment_deadlines, and for the last three whether
 * they are the organisation's own or the defaults ("…_source").
 */
int app_view_tables(struct app *x, const char *org, json_t **out);
/* One entry of app_view_tables' answer by name (a table, or matrix_version …); ERR_NOTFOUND naming "name". */
int app_view_table(struct app *x, const char *org, const char *name, json_t **out);
/*
 * Set the table name (matrix, likelihood_table, review_intervals,
 * treatment_deadlines) to table (borrowed), audited, in one transaction.
 * A new matrix is a new version; scored risks keep theirs.  *out is
 * {organisation, matrix_version} or {organisation, table}.  An unknown name:
 * ERR_INVALID naming "name"; a table the rules refuse names its field.
 */
int app_view_table_set(struct app *x, const char *org, const char *name, json_t *table, json_t **out);

#endif
