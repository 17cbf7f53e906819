/*
 * app_sheet.c — the risk register, the risk list, the incident list and the
 * open deadlines as XLSX spreadsheets (app_sheet.h).
 *
 * Each use case is the JSON use case of the same question followed by the
 * sheet's column table: this file decides which fields a compliance officer
 * sees, in which order, under which heading and as which kind of cell, and
 * nothing else.  The only values added to an answer are read from the same
 * evaluation, under "sheet" (the columns name them "sheet.…"): the
 * register's node names, measures and overall likelihood and consequence
 * (the numbers its CSV shows, struct risk_eval), and for a deadline the
 * report or other obligation it is and whether it is overdue.
 *
 * Every instant the incident use cases answer with is written in
 * Europe/Copenhagen (instant_json, instant_format_cph), so the date-time
 * columns show Copenhagen wall-clock time and say so in their headings.
 */
#include <string.h>

#include "app_incident.h"
#include "app_sheet.h"
#include "app_view.h"
#include "date.h"
#include "report.h"
#include "xlsx.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* The regimes' short names for the verdict columns, by enum regime. */
static const char *const regime_short[REGIME_N] = {"PSD2", "DORA", "NIS2", "GDPR"};

/* Write one sheet of rows as a workbook with the organisation and as-of date in its properties. */
static int write_book(struct app *x, const char *title, const char *org, const char *org_name, const char *as_of,
		      const struct xlsx_sheet *sheet, char **out, size_t *len)
{
	char full[512];
	snprintf(full, sizeof full, "%s: %s", title, org_name);
	struct xlsx_book b = {.title = full,
			      .org = org_name,
			      .subject = org,
			      .as_of = as_of,
			      .created = x->now_ms / 1000,
			      .sheets = sheet,
			      .nsheets = 1};
	return xlsx_write(&b, out, len, x->e);
}

/* The organisation's name as app_org_show gives it (in x->a), its id when it has none. */
static int org_name(struct app *x, const char *org, const char **name)
{
	json_t *o;
	int rc = app_org_show(x, org, &o);
	if (rc)
		return rc;
	const char *n = json_string_value(json_object_get(o, "name"));
	*name = arena_strdup(x->a, n && *n ? n : org);
	json_decref(o);
	return 0;
}

/* "2026-03-12" for x->today. */
static const char *as_of_date(struct app *x)
{
	char d[11];
	date_format(x->today, d);
	return arena_strdup(x->a, d);
}

/* "2026-03-12 kl. 10:00" for x->now_ms in Copenhagen. */
static const char *as_of_instant(struct app *x)
{
	char t[32];
	instant_format_cph(x->now_ms, t);
	return arena_printf(x->a, "%.10s kl. %.5s", t, t + 11);
}

/* n as JSON, null for 0 (the views' "none"). */
static json_t *int_or_null(int n)
{
	return n ? json_integer(n) : json_null();
}

/* ---- the risk register ---- */

static const struct xlsx_col register_cols[] = {
	{"id", "ID", XLSX_TEXT, 8},
	{"title", "Titel (Title)", XLSX_TEXT, 40},
	{"node", "Node-id (Node id)", XLSX_TEXT, 0},
	{"sheet.node_name", "Node (Node name)", XLSX_TEXT, 0},
	{"threat", "Trussel (Threat)", XLSX_TEXT, 0},
	{"owner", "Ejer (Owner)", XLSX_TEXT, 0},
	{"assessed_on", "Vurderet (Assessed on)", XLSX_DATE, 0},
	{"assessor", "Vurderet af (Assessor)", XLSX_TEXT, 0},
	{"sheet.likelihood", "Anvendt sandsynlighed (Likelihood used)", XLSX_INT, 0},
	{"sheet.consequence", "Konsekvens (Consequence)", XLSX_INT, 0},
	{"inherent_level", "Iboende niveau (Inherent level)", XLSX_LEVEL, 0},
	{"sheet.residual_likelihood", "Sandsynlighed efter foranstaltninger (Likelihood after measures)", XLSX_INT, 0},
	{"sheet.residual_consequence", "Konsekvens efter foranstaltninger (Consequence after measures)", XLSX_INT, 0},
	{"residual_level", "Restrisiko (Residual level)", XLSX_LEVEL, 0},
	{"decision", "Beslutning (Decision)", XLSX_TEXT, 0},
	{"sheet.measures", "Foranstaltninger (Measures)", XLSX_LIST, 0},
	{"treatment_due", "Handleplan senest (Action plan due)", XLSX_DATE, 0},
	{"treatment_started", "Behandling påbegyndt (Treatment started)", XLSX_BOOL, 0},
	{"above_appetite", "Over risikoappetit (Above risk appetite)", XLSX_BOOL, 0},
	{"overdue", "Forfalden (Overdue)", XLSX_BOOL, 0},
	{"escalate_to", "Eskaleres til (Escalate to)", XLSX_TEXT, 0},
	{"required_approver", "Godkendes af (Required approver)", XLSX_TEXT, 0},
	{"acceptance.expires", "Accept udløber (Acceptance expires)", XLSX_DATE, 0},
	{"matrix_version", "Matrixversion (Matrix version)", XLSX_INT, 0},
};

int app_sheet_register(struct app *x, const char *org, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	struct orgview v;
	int rc = app_view_register(x, org, &v);
	if (rc)
		return rc;
	json_t *rows = report_register_json(&v);
	const struct measure **ms = xmalloc(sizeof *ms * (v.nmeasures + 1));
	for (size_t i = 0; i < v.nrisks; i++) {
		const struct risk_eval *re = &v.risk_eval[i];
		size_t nms = orgview_measures_of(&v, i, ms);
		json_t *ids = json_array();
		for (size_t k = 0; k < nms; k++)
			json_array_append_new(ids, json_string(ms[k]->id));
		const char *node = report_node_name(&v, v.risks[i].node);
		json_object_set_new(json_array_get(rows, i), "sheet",
				    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "node_name",
					      node ? json_string(node) : json_null(), "likelihood",
					      int_or_null(re->likelihood), "consequence", int_or_null(re->consequence),
					      "residual_likelihood", int_or_null(re->residual_likelihood),
					      "residual_consequence", int_or_null(re->residual_consequence), "measures", ids));
	}
	free(ms);
	const char *name = arena_strdup(x->a, v.org.name && *v.org.name ? v.org.name : org);
	orgview_free(&v);
	struct xlsx_sheet sh = {"Risikoregister", register_cols, NCOLS(register_cols), rows};
	rc = write_book(x, "Risikoregister (Risk register)", org, name, as_of_date(x), &sh, out, len);
	json_decref(rows);
	return rc;
}

/* ---- the risk list ---- */

static const struct xlsx_col risk_cols[] = {
	{"id", "ID", XLSX_TEXT, 8},
	{"title", "Titel (Title)", XLSX_TEXT, 40},
	{"node", "Node (Node)", XLSX_TEXT, 0},
	{"threat", "Trussel (Threat)", XLSX_TEXT, 0},
	{"owner", "Ejer (Owner)", XLSX_TEXT, 0},
	{"assessor", "Vurderet af (Assessor)", XLSX_TEXT, 0},
	{"assessed_on", "Vurderet (Assessed on)", XLSX_DATE, 0},
	{"threat_level", "Trusselsniveau (Threat level)", XLSX_INT, 0},
	{"resilience", "Modstandsevne (Resilience)", XLSX_INT, 0},
	{"likelihood", "Sandsynlighed, sat (Likelihood set)", XLSX_INT, 0},
	{"suggested_likelihood", "Foreslået sandsynlighed (Suggested likelihood)", XLSX_INT, 0},
	{"consequence.availability", "Konsekvens: tilgængelighed (Consequence: availability)", XLSX_INT, 0},
	{"consequence.confidentiality", "Konsekvens: fortrolighed (Consequence: confidentiality)", XLSX_INT, 0},
	{"consequence.integrity", "Konsekvens: integritet (Consequence: integrity)", XLSX_INT, 0},
	{"consequence.authenticity", "Konsekvens: autenticitet (Consequence: authenticity)", XLSX_INT, 0},
	{"inherent_level", "Iboende niveau (Inherent level)", XLSX_LEVEL, 0},
	{"residual.likelihood", "Sandsynlighed efter foranstaltninger (Likelihood after measures)", XLSX_INT, 0},
	{"residual_level", "Restrisiko (Residual level)", XLSX_LEVEL, 0},
	{"decision", "Beslutning (Decision)", XLSX_TEXT, 0},
	{"treatment_due", "Handleplan senest (Action plan due)", XLSX_DATE, 0},
	{"treatment_warning", "Handleplan varsles (Action plan warning)", XLSX_DATE, 0},
	{"treatment_started", "Behandling påbegyndt (Treatment started)", XLSX_BOOL, 0},
	{"above_appetite", "Over risikoappetit (Above risk appetite)", XLSX_BOOL, 0},
	{"overdue", "Forfalden (Overdue)", XLSX_BOOL, 0},
	{"escalate_to", "Eskaleres til (Escalate to)", XLSX_TEXT, 0},
	{"required_approver", "Godkendes af (Required approver)", XLSX_TEXT, 0},
	{"acceptance.approver", "Accepteret af (Accepted by)", XLSX_TEXT, 0},
	{"acceptance.expires", "Accept udløber (Acceptance expires)", XLSX_DATE, 0},
	{"acceptance_valid", "Accept gyldig (Acceptance valid)", XLSX_BOOL, 0},
	{"matrix_version", "Matrixversion (Matrix version)", XLSX_INT, 0},
};

int app_sheet_risks(struct app *x, const char *org, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	json_t *rows;
	const char *name;
	int rc = app_object_list(x, APP_RISK, org, &rows);
	if (rc)
		return rc;
	if (!(rc = org_name(x, org, &name))) {
		struct xlsx_sheet sh = {"Risici", risk_cols, NCOLS(risk_cols), rows};
		rc = write_book(x, "Risici (Risks)", org, name, as_of_date(x), &sh, out, len);
	}
	json_decref(rows);
	return rc;
}

/* ---- the incident list ---- */

static const struct xlsx_col incident_head[] = {
	{"id", "ID", XLSX_TEXT, 0},
	{"title", "Titel (Title)", XLSX_TEXT, 40},
	{"status", "Status (Status)", XLSX_TEXT, 0},
	{"detected_at", "Opdaget, dansk tid (Detected, Europe/Copenhagen)", XLSX_INSTANT, 0},
};
static const struct xlsx_col incident_tail[] = {
	{"next_due.regime", "Næste frist: regime (Next deadline: regime)", XLSX_TEXT, 0},
	{"next_due.report", "Næste frist: rapport (Next deadline: report)", XLSX_TEXT, 0},
	{"next_due.due", "Næste frist, dansk tid (Next deadline, Europe/Copenhagen)", XLSX_INSTANT, 0},
	{"next_due.status", "Næste frist: status (Next deadline: status)", XLSX_TEXT, 0},
};

/* The incident sheet's columns into cols: a verdict column for each regime some incident is assessed under (all four when none is). */
static size_t incident_cols(struct app *x, json_t *rows, struct xlsx_col *cols)
{
	bool seen[REGIME_N] = {0}, any = false;
	size_t i, n = 0;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (int r = 0; r < REGIME_N; r++)
			if (json_object_get(json_object_get(row, "verdicts"), regime_id((enum regime)r)))
				seen[r] = any = true;
	}
	for (size_t k = 0; k < NCOLS(incident_head); k++)
		cols[n++] = incident_head[k];
	for (int r = 0; r < REGIME_N; r++)
		if (seen[r] || !any)
			cols[n++] = (struct xlsx_col){
				arena_printf(x->a, "verdicts.%s", regime_id((enum regime)r)),
				arena_printf(x->a, "Vurdering %s (Verdict %s)", regime_short[r], regime_short[r]), XLSX_TEXT,
				0};
	for (size_t k = 0; k < NCOLS(incident_tail); k++)
		cols[n++] = incident_tail[k];
	return n;
}

int app_sheet_incidents(struct app *x, const char *org, const char *status, const struct rules *rules, char **out,
			size_t *len)
{
	*out = NULL;
	*len = 0;
	json_t *rows;
	const char *name;
	int rc = app_incident_list(x, org, status, rules, &rows);
	if (rc)
		return rc;
	if (!(rc = org_name(x, org, &name))) {
		struct xlsx_col cols[NCOLS(incident_head) + REGIME_N + NCOLS(incident_tail)];
		struct xlsx_sheet sh = {"Hændelser", cols, incident_cols(x, rows, cols), rows};
		rc = write_book(x, "Hændelser (Incidents)", org, name, as_of_instant(x), &sh, out, len);
	}
	json_decref(rows);
	return rc;
}

/* ---- the open deadlines ---- */

static const struct xlsx_col deadline_cols[] = {
	{"organisation", "Organisation (Organisation)", XLSX_TEXT, 0},
	{"incident", "Hændelse (Incident)", XLSX_LIST, 0},
	{"title", "Titel (Title)", XLSX_TEXT, 36},
	{"regime", "Regime (Regime)", XLSX_TEXT, 0},
	{"verdict", "Vurdering (Verdict)", XLSX_TEXT, 0},
	{"sheet.report", "Rapport eller pligt (Report or obligation)", XLSX_TEXT, 0},
	{"n", "Nr. (No.)", XLSX_INT, 0},
	{"due", "Frist, dansk tid (Due, Europe/Copenhagen)", XLSX_INSTANT, 0},
	{"due_text", "Frist som tekst (Due as text)", XLSX_TEXT, 0},
	{"status", "Status (Status)", XLSX_TEXT, 0},
	{"sheet.overdue", "Overskredet (Overdue)", XLSX_BOOL, 0},
	{"conditional", "Betinget (Conditional)", XLSX_BOOL, 0},
	{"basis", "Grundlag (Basis)", XLSX_TEXT, 50},
	{"source", "Kilde (Source)", XLSX_TEXT, 50},
};

/* Mark each obligation with the report or other obligation it is, and whether it is overdue. */
static void mark_obligations(json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		/* a regime's report, or an obligation of increc_obligations */
		json_t *what = json_object_get(row, "report");
		if (!what)
			what = json_object_get(row, "obligation");
		const char *st = json_string_value(json_object_get(row, "status"));
		json_object_set_new(row, "sheet",
				    json_pack("{s:O?, s:b}", "report", what, "overdue", st && !strcmp(st, "overdue")));
	}
}

int app_sheet_deadlines(struct app *x, const char *org, const struct rules *rules, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	json_t *answer;
	const char *name = "Alle organisationer (All organisations)";
	int rc = app_incident_deadlines(x, org, rules, &answer);
	if (rc)
		return rc;
	if (!org || !(rc = org_name(x, org, &name))) {
		json_t *rows = json_object_get(answer, "obligations");
		mark_obligations(rows);
		struct xlsx_sheet sh = {"Frister", deadline_cols, NCOLS(deadline_cols), rows};
		rc = write_book(x, "Åbne indberetningsfrister (Open reporting deadlines)", org, name,
				as_of_instant(x), &sh, out, len);
	}
	json_decref(answer);
	return rc;
}
