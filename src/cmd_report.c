/*
 * cmd_report.c — what the organisation reads: overview, follow-up, the ISU
 * and management reports, the rule tables in force, and the risk register.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "edit.h"
#include "json_io.h"
#include "orgview.h"
#include "report.h"
#include "risk.h"

/* Print report in --format json|md|html. */
static int emit(struct cli *c, json_t *report, const char *format)
{
	if (!format || !strcmp(format, "json"))
		return cli_print(report);
	char *text = NULL;
	if (!strcmp(format, "md") || !strcmp(format, "markdown"))
		text = report_markdown(report);
	else if (!strcmp(format, "html"))
		text = report_html(report);
	json_decref(report);
	if (!text)
		return err_set(&c->e, ERR_INVALID, "--format", "--format must be json, md or html");
	return cli_print_text(text, strcmp(format, "html") ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8");
}

static int check_format(struct cli *c, const char *format)
{
	if (format && strcmp(format, "json") && strcmp(format, "md") && strcmp(format, "markdown") &&
	    strcmp(format, "html"))
		return err_set(&c->e, ERR_INVALID, "--format", "--format must be json, md or html, not '%s'", format);
	return 0;
}

/* Load the organisation named by --org after the options are checked. */
static int load(struct cli *c, struct orgview *v)
{
	const char *org;
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	return orgview_load(v, c->st, org, c->today, &c->e);
}

int cmd_overview(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold overview --org ID [--format json|md|html]\n"
				 "  The risk overview as of --now: criticality, risk levels, heat map, what is overdue.\n");
	const char *format = cli_get(c, "format");
	struct orgview v;
	int rc = check_format(c, format);
	if (rc || (rc = load(c, &v)))
		return rc;
	json_t *r = report_overview(&v);
	orgview_free(&v);
	return emit(c, r, format);
}

int cmd_followup(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold followup --org ID [--format json|md|html]\n"
				 "  Everything overdue or due as of --now, most urgent first, with whom to escalate to\n"
				 "  (seed 003 figures 3.1 and 4.3.1). Exit status 1 when anything is overdue.\n");
	const char *format = cli_get(c, "format");
	struct orgview v;
	int rc = check_format(c, format);
	if (rc || (rc = load(c, &v)))
		return rc;
	json_t *r = report_followup(&v);
	orgview_free(&v);
	json_t *summary = json_object_get(r, "summary");
	json_int_t overdue = json_integer_value(json_object_get(summary, "overdue"));
	rc = emit(c, r, format);
	return rc ? rc : overdue > 0 ? 1 : 0;
}

/* "2026Q4" */
static int parse_quarter(const char *s, int *year, int *quarter)
{
	char *end;
	long y = strtol(s, &end, 10);
	if (end == s || y < 1900 || y > 2200 || (end[0] != 'Q' && end[0] != 'q') || end[1] < '1' || end[1] > '4' || end[2])
		return ERR_INVALID;
	*year = (int)y;
	*quarter = end[1] - '0';
	return 0;
}

int cmd_report(struct cli *c)
{
	const char *kind = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !kind)
		return cli_usage("usage: skjold report isu --org ID [--quarter 2026Q4] [--format json|md|html]\n"
				 "       skjold report management --org ID [--year 2026] [--format json|md|html]\n"
				 "  isu: the quarterly status to the information-security committee (seed 003 §6.1).\n"
				 "  management: the annual input to the board's cyber-security report (§6.2).\n"
				 "  The period defaults to the one containing --now.\n");
	const char *format = cli_get(c, "format"), *quarter = cli_get(c, "quarter"), *year_text = cli_get(c, "year");
	int rc = check_format(c, format);
	if (rc)
		return rc;
	int y, m, d, q;
	date_to_ymd(c->today, &y, &m, &d);
	q = (m - 1) / 3 + 1;
	if (!strcmp(kind, "isu")) {
		if (year_text)
			return err_set(&c->e, ERR_INVALID, "--year", "the ISU report is per quarter: use --quarter");
		if (quarter && parse_quarter(quarter, &y, &q))
			return err_set(&c->e, ERR_INVALID, "--quarter", "--quarter must read like 2026Q4, not '%s'", quarter);
	} else if (!strcmp(kind, "management")) {
		if (quarter)
			return err_set(&c->e, ERR_INVALID, "--quarter", "the management input is per year: use --year");
		if (year_text) {
			char *end;
			long yy = strtol(year_text, &end, 10);
			if (end == year_text || *end || yy < 1900 || yy > 2200)
				return err_set(&c->e, ERR_INVALID, "--year", "--year must be a year like 2026");
			y = (int)yy;
		}
	} else {
		return err_set(&c->e, ERR_INVALID, kind, "report takes isu or management, not '%s'", kind);
	}
	struct orgview v;
	if ((rc = load(c, &v)))
		return rc;
	json_t *r = !strcmp(kind, "isu") ? report_isu(&v, y, q) : report_management(&v, y);
	orgview_free(&v);
	return emit(c, r, format);
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
	if (!strcmp(verb, "show")) {
		struct orgview v;
		if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
			return rc;
		json_t *out = json_object();
		json_object_set_new(out, "matrix_version", json_integer(v.current_matrix));
		json_object_set_new(out, "matrix", risk_tables_json(&v.tables, "matrix"));
		static const char *const names[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
		for (int i = 0; i < 3; i++) {
			json_object_set_new(out, names[i], risk_tables_json(&v.tables, names[i]));
			json_object_set_new(out, arena_printf(&c->a, "%s_source", names[i]),
					    json_string(v.tables_json[i] ? "organisation" : "default"));
		}
		orgview_free(&v);
		return cli_print(out);
	}
	if (strcmp(verb, "set") || c->npos < 4)
		return err_set(&c->e, ERR_INVALID, verb, "use: tables show, or tables set NAME FILE");
	const char *name = c->pos[2];
	json_t *table;
	if ((rc = cli_read_json(c, c->pos[3], &table)))
		return rc;
	struct writer w = cli_writer(c);
	if (!strcmp(name, "matrix")) {
		int version;
		rc = edit_matrix_put(&w, org, table, &version, &c->e);
		json_decref(table);
		return rc ? rc : cli_print(json_pack("{sssi}", "organisation", org, "matrix_version", version));
	}
	if (strcmp(name, RISK_TABLE_LIKELIHOOD) && strcmp(name, RISK_TABLE_REVIEW) && strcmp(name, RISK_TABLE_TREATMENT)) {
		json_decref(table);
		return err_set(&c->e, ERR_INVALID, name,
			       "unknown table '%s' (matrix, likelihood_table, review_intervals, treatment_deadlines)",
			       name);
	}
	rc = edit_table_put(&w, org, name, table, &c->e);
	json_decref(table);
	return rc ? rc : cli_print(json_pack("{ssss}", "organisation", org, "table", name));
}

int cmd_register(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold register --org ID [--format csv|json]\n"
				 "  The risk register (seed 003 §5) as of --now; CSV for spreadsheets (';', UTF-8 BOM).\n");
	const char *org, *format = cli_get(c, "format");
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	if (format && strcmp(format, "csv") && strcmp(format, "json"))
		return err_set(&c->e, ERR_INVALID, "--format", "--format must be csv or json");
	struct orgview v;
	if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
		return rc;
	if (format && !strcmp(format, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < v.nrisks; i++) {
			json_t *o = json_of_risk(&v.risks[i]);
			json_add_risk_derived(o, &v, i);
			json_array_append_new(arr, o);
		}
		orgview_free(&v);
		return cli_print(arr);
	}
	char *csv = report_register_csv(&v);
	orgview_free(&v);
	return cli_print_text(csv, "text/csv; charset=utf-8");
}
