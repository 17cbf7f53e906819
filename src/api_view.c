/*
 * api_view.c — the API's derived views and reports of one organisation:
 * impact, single points of failure, overview, follow-up, the ISU and
 * management reports, the risk register and the organisation's tables.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

/* ---- derived views and reports ---- */

static int h_impact(struct api *x)
{
	const char *pos[] = {"impact", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_impact, pos, opts, NULL);
}

static int h_spof(struct api *x)
{
	static const char *const pos[] = {"spof", NULL};
	const char *opts[] = {"org", x->param[0], "target", http_query(x->r, "node"), NULL};
	return api_cli(x, cmd_spof, pos, opts, NULL);
}

static int h_overview(struct api *x)
{
	static const char *const pos[] = {"overview", NULL};
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_overview, pos, opts, NULL);
}

static int h_followup(struct api *x)
{
	static const char *const pos[] = {"followup", NULL};
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_followup, pos, opts, NULL);
}

static int h_report(struct api *x)
{
	bool isu = strstr(x->r->path, "/reports/isu") != NULL;
	const char *pos[] = {"report", isu ? "isu" : "management", NULL};
	const char *year = http_query(x->r, "year"), *quarter = http_query(x->r, "quarter");
	/* the ISU report is per quarter: ?year=2026&quarter=4 is the shell's --quarter 2026Q4 */
	if (isu && year && quarter && strlen(quarter) == 1) {
		quarter = arena_printf(x->a, "%sQ%s", year, quarter);
		year = NULL;
	}
	const char *opts[] = {"org", x->param[0], "format", http_query(x->r, "format"), "year", year, "quarter", quarter,
			      NULL};
	return api_cli(x, cmd_report, pos, opts, NULL); /* options without a value are left out */
}

static int h_tables(struct api *x)
{
	static const char *const pos[] = {"tables", "show", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_tables, pos, opts, NULL);
}

static int h_table_get(struct api *x)
{
	int rc = h_tables(x);
	if (rc)
		return rc;
	json_t *t = json_object_get(x->out, x->param[1]);
	if (!t) {
		json_decref(x->out);
		x->out = NULL;
		return err_set(x->e, ERR_NOTFOUND, "name",
			       "no table '%s' (matrix, likelihood_table, review_intervals, treatment_deadlines)", x->param[1]);
	}
	json_incref(t);
	json_decref(x->out);
	x->out = t;
	return 0;
}

static int h_table_put(struct api *x)
{
	const char *pos[] = {"tables", "set", x->param[1], "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_tables, pos, opts, jx_dump(x->body, x->a));
}

static int h_register(struct api *x)
{
	static const char *const pos[] = {"register", NULL};
	const char *format = http_query(x->r, "format");
	const char *opts[] = {"org", x->param[0], "format", format ? format : "json", NULL};
	return api_cli(x, cmd_register, pos, opts, NULL);
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
