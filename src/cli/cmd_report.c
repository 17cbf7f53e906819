/*
 * cmd_report.c — what the organisation reads, from the shell: overview,
 * follow-up, the ISU and management reports, the rule tables in force (and
 * setting them), and the risk register.
 *
 * The adapter of the use cases in app_view.c: it reads the options (the
 * period as --quarter 2026Q4 or --year 2026, --format, a table FILE),
 * builds the request, and renders the answer through report_render.h or
 * the register's CSV writer.  The shell's messages and fields name its
 * options (--format, --quarter, the table's name as typed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_sheet.h"
#include "app_view.h"
#include "cli.h"
#include "date.h"
#include "report.h"

/* Print report (released) in format, checked by check_format. */
static int emit(struct cli *c, json_t *report, enum report_format format)
{
	if (format == REPORT_JSON)
		return cli_print(report);
	char *text;
	size_t len;
	const char *type;
	int rc = report_render(report, format, &text, &len, &type, &c->e);
	json_decref(report);
	if (rc) {
		if (!strcmp(c->e.field, "format"))
			snprintf(c->e.field, sizeof c->e.field, "--format");
		return rc;
	}
	return cli_print_bytes(c, text, len);
}

/* --format as a report format. */
static int check_format(struct cli *c, const char *name, enum report_format *format)
{
	if (report_format_parse(name, format))
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.report_format", "value", name, NULL);
	if (cli_get(c, "out") && *format == REPORT_JSON)
		return err_setm(&c->e, ERR_INVALID, "--out", "cli.out_document", NULL);
	return 0;
}

/* Run report req (its org from --org, checked with the other options) and print it; *overdue for the follow-up. */
static int run(struct cli *c, struct app_report_req *req, enum report_format format, json_int_t *overdue)
{
	int rc = cli_org(c, &req->org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *r;
	if ((rc = app_view_report(&x, req, &r)))
		return rc;
	if (overdue)
		*overdue = json_integer_value(json_object_get(json_object_get(r, "summary"), "overdue"));
	return emit(c, r, format);
}

int cmd_overview(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold overview --org ID [--format json|md|html|pdf|docx] [--out FILE]\n"
				 "  The risk overview as of --now: criticality, risk levels, heat map, what is overdue.\n");
	enum report_format format;
	struct app_report_req req = {.kind = APP_REPORT_OVERVIEW};
	int rc = check_format(c, cli_get(c, "format"), &format);
	return rc ? rc : run(c, &req, format, NULL);
}

int cmd_followup(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold followup --org ID [--format json|md|html|pdf|docx] [--out FILE]\n"
				 "  Everything overdue or due as of --now, most urgent first, with whom to escalate to\n"
				 "  (seed 003 figures 3.1 and 4.3.1). Exit status 1 when anything is overdue.\n");
	enum report_format format;
	struct app_report_req req = {.kind = APP_REPORT_FOLLOWUP};
	json_int_t overdue = 0;
	int rc = check_format(c, cli_get(c, "format"), &format);
	if (rc || (rc = run(c, &req, format, &overdue)))
		return rc;
	return overdue > 0 ? 1 : 0;
}

int cmd_report(struct cli *c)
{
	const char *kind = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !kind)
		return cli_usage("usage: skjold report isu --org ID [--quarter 2026Q4] [--format json|md|html|pdf|docx] [--out FILE]\n"
				 "       skjold report management --org ID [--year 2026] [--format json|md|html|pdf|docx] [--out FILE]\n"
				 "  isu: the quarterly status to the information-security committee (seed 003 §6.1).\n"
				 "  management: the annual input to the board's cyber-security report (§6.2).\n"
				 "  The period defaults to the one containing --now.\n");
	const char *quarter = cli_get(c, "quarter"), *year_text = cli_get(c, "year");
	enum report_format format;
	struct app_report_req req = {0};
	int rc = check_format(c, cli_get(c, "format"), &format);
	if (rc)
		return rc;
	if (!strcmp(kind, "isu")) {
		req.kind = APP_REPORT_ISU;
		if (year_text)
			return err_setm(&c->e, ERR_INVALID, "--year", "cli.isu_quarter", NULL);
		if (quarter && app_view_quarter_parse(quarter, &req.year, &req.quarter))
			return err_setm(&c->e, ERR_INVALID, "--quarter", "cli.quarter", "value", quarter, NULL);
	} else if (!strcmp(kind, "management")) {
		req.kind = APP_REPORT_MANAGEMENT;
		if (quarter)
			return err_setm(&c->e, ERR_INVALID, "--quarter", "cli.management_year", NULL);
		if (year_text) {
			char *end;
			long yy = strtol(year_text, &end, 10);
			if (end == year_text || *end || yy < 1900 || yy > 2200)
				return err_setm(&c->e, ERR_INVALID, "--year", "cli.year", NULL);
			req.year = (int)yy;
		}
	} else {
		return err_setm(&c->e, ERR_INVALID, kind, "cli.report_kind", "value", kind, NULL);
	}
	return run(c, &req, format, NULL);
}

int cmd_tables(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold tables show --org ID\n"
				 "       skjold tables set matrix|likelihood_table|review_intervals|treatment_deadlines FILE --org ID\n"
				 "  The rule tables of SPEC §2 in force (the organisation's own, else the shipped defaults\n"
				 "  from seed 003). Setting the matrix makes a new version; scored risks keep theirs.\n");
	const char *org;
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *out;
	if (!strcmp(verb, "show"))
		return (rc = app_view_tables(&x, org, &out)) ? rc : cli_print(out);
	if (strcmp(verb, "set") || c->npos < 4)
		return err_setm(&c->e, ERR_INVALID, verb, "cli.tables_usage", NULL);
	const char *name = c->pos[2];
	json_t *table;
	if ((rc = cli_read_json(c, c->pos[3], &table)))
		return rc;
	rc = app_view_table_set(&x, org, name, table, &out);
	json_decref(table);
	/* the shell names an unknown table by itself, as typed */
	if (rc == ERR_INVALID && !strcmp(c->e.field, "name"))
		snprintf(c->e.field, sizeof c->e.field, "%s", name);
	return rc ? rc : cli_print(out);
}

int cmd_register(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold register --org ID [--format csv|json|xlsx|pdf|docx] [--out FILE]\n"
				 "  The risk register (seed 003 §5) as of --now; CSV for spreadsheets (';', UTF-8 BOM),\n"
				 "  XLSX with a frozen header, filters, levels coloured and dates as dates.\n");
	const char *org, *format = cli_get(c, "format");
	if (cli_get(c, "out") && format && !strcmp(format, "json"))
		return err_setm(&c->e, ERR_INVALID, "--out", "cli.out_csv_xlsx", NULL);
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	enum doc_format df = DOC_PDF;
	bool doc = format && !doc_format_parse(format, &df) && (df == DOC_PDF || df == DOC_DOCX);
	if (format && !doc && strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx"))
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.register_format", NULL);
	struct app x = cli_app(c);
	if (format && !strcmp(format, "xlsx")) {
		char *bytes;
		size_t len;
		if ((rc = app_sheet_register(&x, org, &bytes, &len)))
			return rc;
		return cli_print_bytes(c, bytes, len);
	}
	struct orgview v;
	if ((rc = app_view_register(&x, org, &v)))
		return rc;
	if (doc) {
		char *bytes;
		size_t len;
		rc = report_register_document(&v, df, &bytes, &len, &c->e);
		orgview_free(&v);
		return rc ? rc : cli_print_bytes(c, bytes, len);
	}
	bool json = format && !strcmp(format, "json");
	json_t *arr = json ? report_register_json(&v) : NULL;
	char *csv = json ? NULL : report_register_csv(&v);
	orgview_free(&v);
	if (!json && cli_get(c, "out"))
		return cli_print_bytes(c, csv, strlen(csv));
	return json ? cli_print(arr) : cli_print_text(csv);
}
