/*
 * api_incident.c — the API's incident routes: incidents, their
 * submissions and reports, deadlines, recurring incidents and the
 * stateless assessment of a facts document.
 *
 * Each handler turns the path, query and body into the typed request of a
 * use case (app_incident.h) and its result into the answer: 201 on a
 * create, lists in x->list for api.c to page, a report as text when
 * ?format=text asks.  The rules are always the shipped ones: no request
 * names a file on the server.
 */
#include <string.h>

#include "api.h"
#include "app_incident.h"
#include "increport.h"
#include "role.h"

/* ---- incidents ---- */

static int h_incidents(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_list(&a, x->param[0], NULL, NULL, &x->list);
}

static int h_incident_add(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_incident_add(&a, x->param[0], x->body, &x->out);
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_get(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_show(&a, x->param[0], x->param[1], NULL, &x->out);
}

static int h_incident_patch(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_update(&a, x->param[0], x->param[1], x->body, &x->out);
}

static int h_submissions(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_submissions(&a, x->param[0], x->param[1], &x->list);
}

/* The body's fields: the stored submission's names, and "at" (the shell's --at) for submitted_at. */
static const char *const submission_keys[] = {"regime", "report", "submitted_at", "at", "channel",
					       "receipt", "by", "estimates", NULL};

/* The body as a typed submission; an unknown or ill-typed field is refused naming it. */
static int submission_of_body(struct api *x, struct app_submission *s)
{
	const char *key;
	json_t *v;
	json_object_foreach(x->body, key, v)
	{
		const char *const *k = submission_keys;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k)
			return err_set(x->e, ERR_INVALID, key,
				       "unknown field '%s' (regime, report, submitted_at, estimates, channel, receipt, by)", key);
	}
	const char *at;
	int rc;
	*s = (struct app_submission){.estimates = -1};
	if ((rc = api_body_str(x, "regime", false, &s->regime)) || (rc = api_body_str(x, "report", false, &s->report)) ||
	    (rc = api_body_str(x, "submitted_at", false, &s->submitted_at)) || (rc = api_body_str(x, "at", false, &at)) ||
	    (rc = api_body_str(x, "channel", false, &s->channel)) ||
	    (rc = api_body_str(x, "receipt", false, &s->receipt)) || (rc = api_body_str(x, "by", false, &s->by)))
		return rc;
	if (at && s->submitted_at)
		return err_set(x->e, ERR_INVALID, "at", "give submitted_at or at, not both");
	if (at)
		s->submitted_at = at;
	json_t *est = json_object_get(x->body, "estimates");
	if (est && !json_is_null(est) && !json_is_boolean(est))
		return err_set(x->e, ERR_INVALID, "estimates", "estimates must be true or false");
	if (json_is_boolean(est))
		s->estimates = json_is_true(est);
	return 0;
}

static int h_submission_add(struct api *x)
{
	struct app_submission s;
	int rc = submission_of_body(x, &s);
	if (rc)
		return rc;
	struct app a = api_app(x);
	rc = app_incident_submit(&a, x->param[0], x->param[1], &s, &x->out);
	if (rc == ERR_INVALID && !strcmp(x->e->field, "submitted_at") && json_object_get(x->body, "at"))
		snprintf(x->e->field, sizeof x->e->field, "at"); /* the name the caller gave it */
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_incident_report(struct api *x)
{
	int r = regime_parse(x->param[2]);
	if (r < 0)
		return err_set(x->e, ERR_INVALID, "regime", "unknown regime '%s' (dk-psd2-2018, eu-dora, eu-nis2, eu-gdpr)",
			       x->param[2]);
	const char *format = http_query(x->r, "format");
	bool text = format && !strcmp(format, "text");
	/* a report the regime does not have is refused first, by the use case */
	if (format && !text && strcmp(format, "json") && increport_exists(r, x->param[3]))
		return err_set(x->e, ERR_INVALID, "format", "format must be json or text");
	struct app a = api_app(x);
	json_t *content;
	int rc = app_incident_report(&a, x->param[0], x->param[1], r, x->param[3], NULL, &content);
	if (rc)
		return rc;
	if (!text) {
		x->out = content;
		return 0;
	}
	x->text = increport_text(content);
	x->text_type = "text/plain; charset=utf-8";
	json_decref(content);
	return 0;
}

static int h_deadlines(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_deadlines(&a, x->param[0], NULL, &x->out);
}

static int h_recurring(struct api *x)
{
	struct app a = api_app(x);
	return app_incident_recurring(&a, x->param[0], NULL, &x->out);
}

static int h_assess(struct api *x)
{
	const char *rg = http_query(x->r, "regime");
	unsigned mask = ASSESS_ALL;
	if (rg) {
		int r = regime_parse(rg);
		if (r < 0)
			return err_set(x->e, ERR_INVALID, "regime", "unknown regime '%s' (dk-psd2-2018, eu-dora, eu-nis2, eu-gdpr)",
				       rg);
		mask = 1u << r;
	}
	struct app a = api_app(x);
	return app_incident_assess(&a, x->body, mask, NULL, &x->out);
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
