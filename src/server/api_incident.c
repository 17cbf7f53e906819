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
#include "doc.h"
#include "dora_ir.h"
#include "app_incident.h"
#include "app_sheet.h"
#include "increport.h"
#include "role.h"

/* ---- incidents ---- */

static int h_incidents(struct api *x)
{
	struct app a = api_app(x);
	bool xlsx;
	int rc = api_format_xlsx(x, &xlsx);
	if (rc)
		return rc;
	if (xlsx) {
		char *bytes = NULL;
		size_t len = 0;
		rc = app_sheet_incidents(&a, x->param[0], NULL, NULL, &bytes, &len);
		return api_answer_xlsx(x, rc, bytes, len, "haendelser");
	}
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
			return err_setm(x->e, ERR_INVALID, key, "incident.submission_field", "key", key, NULL);
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
		return err_setm(x->e, ERR_INVALID, "at", "incident.submitted_at_both", NULL);
	if (at)
		s->submitted_at = at;
	json_t *est = json_object_get(x->body, "estimates");
	if (est && !json_is_null(est) && !json_is_boolean(est))
		return err_setm(x->e, ERR_INVALID, "estimates", "incident.estimates_bool", NULL);
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

/* The DORA report as the ESAs' JSON (?format=dora-json), or with ?check=true its filing checklist. */
static int dora_report(struct api *x, bool check)
{
	struct app a = api_app(x);
	json_t *doc, *missing;
	int rc = app_incident_dora(&a, x->param[0], x->param[1], x->param[3], NULL, &doc, &missing);
	if (rc)
		return rc;
	size_t n = json_array_size(missing);
	if (check) {
		json_decref(doc);
		x->out = json_pack("{sssbso}", "report", x->param[3], "complete", n == 0, "missing", missing);
		return 0;
	}
	if (n) {
		json_t *m0 = json_array_get(missing, 0);
		err_setm(x->e, ERR_INVALID, json_string_value(json_object_get(m0, "fill")),
			 n == 1 ? "incident.dora_ir.incomplete_one" : "incident.dora_ir.incomplete", "report", x->param[3],
			 "count", err_num((char[24]){0}, (long long)n), "field", json_string_value(json_object_get(m0, "field")),
			 "@what", json_string_value(json_object_get(m0, "code")), NULL);
		json_decref(doc);
		json_decref(missing);
		return ERR_INVALID;
	}
	json_decref(missing);
	x->out = doc;
	x->text_name = api_file_name(x, arena_printf(x->a, "%s-%s-dora-%s", x->param[0], x->param[1], x->param[3]), "json");
	return 0;
}

/* GET /api/v1/formats/dora-incident: the JSON Schema the DORA report meets (the web UI's choices). */
static int h_dora_schema(struct api *x)
{
	x->out = dora_ir_schema();
	return 0;
}

static int h_incident_report(struct api *x)
{
	int r = regime_parse(x->param[2]);
	if (r < 0)
		return err_setm(x->e, ERR_INVALID, "regime", "incident.unknown_regime", "regime", x->param[2], NULL);
	const char *format = http_query(x->r, "format"), *check_q = http_query(x->r, "check");
	bool check = check_q && !strcmp(check_q, "true");
	if (check_q && !check && strcmp(check_q, "false"))
		return err_setm(x->e, ERR_INVALID, "check", "incident.check_bool", NULL);
	bool dora_json = format && !strcmp(format, "dora-json");
	if (r == REGIME_DORA && (dora_json || check))
		return dora_report(x, check);
	if (dora_json)
		return err_setm(x->e, ERR_INVALID, "format", "incident.dora_json", NULL);
	bool text = format && !strcmp(format, "text");
	enum doc_format df = DOC_PDF;
	bool doc = format && !doc_format_parse(format, &df) && (df == DOC_PDF || df == DOC_DOCX);
	/* a report the regime does not have is refused first, by the use case */
	if (format && !text && !doc && strcmp(format, "json") && increport_exists(r, x->param[3]))
		return err_setm(x->e, ERR_INVALID, "format", "incident.report_format", NULL);
	struct app a = api_app(x);
	json_t *content;
	int rc = app_incident_report(&a, x->param[0], x->param[1], r, x->param[3], NULL, &content);
	if (rc)
		return rc;
	if (check) {
		json_t *missing = json_object_get(content, "missing");
		x->out = json_pack("{sssbsO}", "report", x->param[3], "complete", json_array_size(missing) == 0, "missing", missing);
		json_decref(content);
		return 0;
	}
	if (doc) {
		char *bytes;
		size_t len;
		rc = increport_render(content, df, &bytes, &len, x->e);
		json_decref(content);
		if (!rc)
			api_download(x, bytes, len, doc_format_type(df),
				     arena_printf(x->a, "%s-%s-%s-%s", x->param[0], x->param[1], x->param[2], x->param[3]),
				     doc_format_ext(df));
		return rc;
	}
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
	bool xlsx;
	int rc = api_format_xlsx(x, &xlsx);
	if (rc)
		return rc;
	if (xlsx) {
		char *bytes = NULL;
		size_t len = 0;
		rc = app_sheet_deadlines(&a, x->param[0], NULL, &bytes, &len);
		return api_answer_xlsx(x, rc, bytes, len, "frister");
	}
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
			return err_setm(x->e, ERR_INVALID, "regime", "incident.unknown_regime", "regime", rg, NULL);
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
	{"GET", "/api/v1/formats/dora-incident", h_dora_schema, API_CACHE, 0},
	{NULL, NULL, NULL, 0, 0},
};
