/*
 * api_incident.c — the API's incident routes: incidents, their
 * submissions and reports, deadlines, recurring incidents and the
 * stateless assessment of a facts document.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "audit.h"
#include "jsonx.h"
#include "role.h"

/* ---- incidents ---- */

static int h_incidents(struct api *x)
{
	static const char *const pos[] = {"incident", "list", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli_list(x, cmd_incident, pos, opts);
}

static int h_incident_add(struct api *x)
{
	static const char *const pos[] = {"incident", "add", "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	int rc = api_cli(x, cmd_incident, pos, opts, jx_dump(x->body, x->a));
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_get(struct api *x)
{
	const char *pos[] = {"incident", "show", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_incident_patch(struct api *x)
{
	const char *pos[] = {"incident", "update", x->param[1], "-", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, jx_dump(x->body, x->a));
}

static int h_submissions(struct api *x)
{
	struct incident_rec rec;
	int rc = store_incident_get(x->st, x->param[0], x->param[1], x->a, &rec, x->e);
	struct submission_rec *s;
	size_t n;
	if (rc || (rc = store_submission_list(x->st, x->param[0], x->param[1], x->a, &s, &n, x->e)))
		return rc;
	x->list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_loads(s[i].doc, 0, NULL);
		if (!d)
			d = json_object();
		json_object_set_new(d, "seq", json_integer(s[i].seq));
		json_array_append_new(x->list, d);
	}
	return 0;
}

static int h_submission_add(struct api *x)
{
	const char *pos[] = {"incident", "submit", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	/* the submission's instant is "submitted_at", as the stored submission names it (the shell: --at) */
	json_t *at = json_object_get(x->body, "submitted_at");
	if (at) {
		if (json_object_get(x->body, "at"))
			return err_set(x->e, ERR_INVALID, "at", "give submitted_at or at, not both");
		json_object_set(x->body, "at", at);
		json_object_del(x->body, "submitted_at");
	}
	int rc = api_cli_body(x, cmd_incident, pos, opts);
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_report(struct api *x)
{
	const char *pos[] = {"incident", "report", x->param[1], NULL};
	const char *opts[] = {"org", x->param[0], "regime", x->param[2], "report", x->param[3],
			      "format", http_query(x->r, "format"), NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_deadlines(struct api *x)
{
	static const char *const pos[] = {"deadlines", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_deadlines, pos, opts, NULL);
}

static int h_recurring(struct api *x)
{
	static const char *const pos[] = {"incident", "recurring", NULL};
	const char *opts[] = {"org", x->param[0], NULL};
	return api_cli(x, cmd_incident, pos, opts, NULL);
}

static int h_assess(struct api *x)
{
	static const char *const pos[] = {"incident", "assess", "-", NULL};
	const char *opts[] = {"regime", http_query(x->r, "regime"), NULL};
	return api_cli(x, cmd_incident_assess, pos, opts, jx_dump(x->body, x->a));
}

const struct api_route api_incident_routes[] = {
	{"GET", "/api/v1/orgs/{org}/incidents", h_incidents, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/incidents", h_incident_add, API_ORG | API_BODY, PERM_INCIDENT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}", h_incident_get, API_ORG, PERM_READ},
	{"PATCH", "/api/v1/orgs/{org}/incidents/{id}", h_incident_patch, API_ORG | API_BODY, PERM_INCIDENT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}/submissions", h_submissions, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/incidents/{id}/submissions", h_submission_add, API_ORG | API_BODY, PERM_SUBMIT},
	{"GET", "/api/v1/orgs/{org}/incidents/{id}/reports/{regime}/{report}", h_incident_report, API_ORG, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/deadlines", h_deadlines, API_ORG, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/recurring", h_recurring, API_ORG, PERM_READ},
	{"POST", "/api/v1/assess", h_assess, API_BODY, 0},
	{NULL, NULL, NULL, 0, 0},
};
