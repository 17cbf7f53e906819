/*
 * api_view.c — the API's derived views and reports of one organisation:
 * impact, single points of failure, overview, follow-up, the ISU and
 * management reports, the risk register and the organisation's tables.
 *
 * The adapter of the use cases in app_view.c: the path gives the
 * organisation (api.c has checked the caller may read it) and the node or
 * table; the query gives ?format, ?node and the period (?year, ?quarter);
 * the table's body is the table.  Answers are the use case's JSON, or its
 * rendering (report_render.h, the register's CSV) as x->text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app_sheet.h"
#include "app_view.h"
#include "report.h"
#include "role.h"

/* ---- derived views and reports ---- */

static int h_impact(struct api *x)
{
	struct app a = api_app(x);
	const char *node = x->param[1];
	int rc = app_view_impact(&a, x->param[0], &node, 1, &x->out);
	if (rc == ERR_NOTFOUND && !strcmp(x->e->field, "nodes[0]"))
		snprintf(x->e->field, sizeof x->e->field, "id"); /* the node is the path's id */
	return rc;
}

static int h_spof(struct api *x)
{
	struct app a = api_app(x);
	return app_view_spof(&a, x->param[0], http_query(x->r, "node"), &x->out);
}

/* Answer report (released) in the ?format asked for, already parsed into format. */
static int answer(struct api *x, json_t *report, enum report_format format)
{
	if (format == REPORT_JSON) {
		x->out = report;
		return 0;
	}
	size_t len;
	int rc = report_render(report, format, &x->text, &len, &x->text_type, x->e);
	if (!rc && (format == REPORT_PDF || format == REPORT_DOCX)) {
		char *name = report_file_name(report, format);
		x->text_name = arena_strdup(x->a, name);
		x->text_len = len;
		free(name);
	}
	json_decref(report);
	return rc;
}

/* ?format as a report format. */
static int query_format(struct api *x, enum report_format *format)
{
	const char *name = http_query(x->r, "format");
	if (report_format_parse(name, format))
		return err_setm(x->e, ERR_INVALID, "format", "report.format", "value", name, NULL);
	return 0;
}

/* The report req of the path's organisation, answered in format. */
static int report(struct api *x, struct app_report_req *req, enum report_format format)
{
	req->org = x->param[0];
	struct app a = api_app(x);
	json_t *r;
	int rc = app_view_report(&a, req, &r);
	return rc ? rc : answer(x, r, format);
}

static int h_overview(struct api *x)
{
	struct app_report_req req = {.kind = APP_REPORT_OVERVIEW};
	enum report_format format;
	int rc = query_format(x, &format);
	return rc ? rc : report(x, &req, format);
}

static int h_followup(struct api *x)
{
	struct app_report_req req = {.kind = APP_REPORT_FOLLOWUP};
	enum report_format format;
	int rc = query_format(x, &format);
	return rc ? rc : report(x, &req, format);
}

/* ?year=2026 as a year; ERR_INVALID naming "year". */
static int query_year(struct api *x, const char *text, int *year)
{
	char *end;
	long y = strtol(text, &end, 10);
	if (end == text || *end || y < 1900 || y > 2200)
		return err_setm(x->e, ERR_INVALID, "year", "report.year", "value", text, NULL);
	*year = (int)y;
	return 0;
}

/*
 * The ISU report is per quarter: ?year=2026&quarter=4, or ?quarter=2026Q4
 * alone; the management input per year: ?year=2026.  Without them, the
 * period containing today.
 */
static int h_report(struct api *x)
{
	bool isu = strstr(x->r->path, "/reports/isu") != NULL;
	const char *year = http_query(x->r, "year"), *quarter = http_query(x->r, "quarter");
	struct app_report_req req = {.kind = isu ? APP_REPORT_ISU : APP_REPORT_MANAGEMENT};
	enum report_format format;
	int rc = query_format(x, &format);
	if (rc)
		return rc;
	if (isu && year && quarter && strlen(quarter) == 1) {
		quarter = arena_printf(x->a, "%sQ%s", year, quarter);
		year = NULL;
	}
	if (isu && year)
		return err_setm(x->e, ERR_INVALID, "year", "report.isu_quarter", NULL);
	if (isu && quarter && app_view_quarter_parse(quarter, &req.year, &req.quarter))
		return err_setm(x->e, ERR_INVALID, "quarter", "report.quarter", "value", quarter, NULL);
	if (!isu && quarter)
		return err_setm(x->e, ERR_INVALID, "quarter", "report.management_year", NULL);
	if (!isu && year && (rc = query_year(x, year, &req.year)))
		return rc;
	return report(x, &req, format);
}

static int h_tables(struct api *x)
{
	struct app a = api_app(x);
	return app_view_tables(&a, x->param[0], &x->out);
}

static int h_table_get(struct api *x)
{
	struct app a = api_app(x);
	return app_view_table(&a, x->param[0], x->param[1], &x->out);
}

static int h_table_put(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_view_table_set(&a, x->param[0], x->param[1], x->body, &x->out);
	/* an unknown table has always been named by itself in the error, as the shell names it */
	if (rc == ERR_INVALID && !strcmp(x->e->field, "name"))
		snprintf(x->e->field, sizeof x->e->field, "%s", x->param[1]);
	return rc;
}

static int h_register(struct api *x)
{
	const char *format = http_query(x->r, "format");
	enum doc_format df = DOC_PDF;
	bool doc = format && !doc_format_parse(format, &df) && (df == DOC_PDF || df == DOC_DOCX);
	if (format && !doc && strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx"))
		return err_setm(x->e, ERR_INVALID, "format", "report.register_format", NULL);
	struct app a = api_app(x);
	if (format && !strcmp(format, "xlsx")) {
		char *bytes = NULL;
		size_t len = 0;
		int rc = app_sheet_register(&a, x->param[0], &bytes, &len);
		return api_answer_xlsx(x, rc, bytes, len, "risikoregister");
	}
	struct orgview v;
	int rc = app_view_register(&a, x->param[0], &v);
	if (rc)
		return rc;
	if (doc) {
		char *bytes;
		size_t len;
		rc = report_register_document(&v, df, &bytes, &len, x->e);
		if (!rc)
			api_download(x, bytes, len, doc_format_type(df), arena_printf(x->a, "%s-risikoregister", x->param[0]),
				     doc_format_ext(df));
	} else if (format && !strcmp(format, "csv")) {
		x->text = report_register_csv(&v);
		x->text_type = "text/csv; charset=utf-8";
		if (!x->text)
			rc = err_setm(x->e, ERR_LIMIT, "", "report.register_csv", NULL);
	} else {
		x->out = report_register_json(&v);
	}
	orgview_free(&v);
	return rc;
}

const struct api_route api_view_routes[] = {
	{"GET", "/api/v1/orgs/{org}/register", h_register, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/impact/{node}", h_impact, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/spof", h_spof, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/overview", h_overview, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/followup", h_followup, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/reports/isu", h_report, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/reports/management", h_report, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/tables", h_tables, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/tables/{name}", h_table_get, API_ORG | API_CACHE, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/tables/{name}", h_table_put, API_ORG | API_BODY | API_ANYJSON, PERM_ADMIN},
	{NULL, NULL, NULL, 0, 0},
};
