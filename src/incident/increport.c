/*
 * increport.c — the content of each regulatory report, filled from a stored
 * incident (`skjold incident report ID --regime R --report NAME`, GET
 * …/incidents/{id}/reports/{regime}/{report}), and its text rendering.
 *
 * Each report is a list of fields the authority's template asks for, with the
 * incident's value, whether that value is an estimate (the incident's
 * "estimated_facts" list; seed 004 § 4 stk. 2 and § 5 stk. 2 allow estimates,
 * § 6 stk. 2 requires the final report to rest on actual facts) and the
 * fields still missing.  The field lists follow the templates of Commission
 * Implementing Regulation (EU) 2025/302 (DORA) and EBA/GL/2017/10 (the PSD2
 * reports of the 2018 order); they name the fields the incident holds, not
 * every administrative field of the forms [verify the numbering against the
 * published templates].
 */
#include "increport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"

struct field {
	const char *name, *name_da;
	const char *path; /* in the evaluated document; NULL = computed */
};

/* DORA, 2025/302 Annex I — initial notification */
static const struct field dora_initial[] = {
	{"Name of the financial entity", "Den finansielle enheds navn", "entity.name"},
	{"Type of financial entity", "Type af finansiel enhed", "entity.dora_type"},
	{"Incident reference code", "Hændelsens referencekode", "id"},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at"},
	{"Date and time of classification", "Tidspunkt for klassificering", "classified_at"},
	{"Description of the incident", "Beskrivelse af hændelsen", "description"},
	{"Classification criteria that triggered the major incident report", "Klassificeringskriterier", NULL},
	{"Member States impacted", "Berørte medlemsstater", "facts.member_states_affected"},
	{"How the incident was discovered", "Hvordan hændelsen blev opdaget", "category"},
	{NULL, NULL, NULL},
};
/* DORA, 2025/302 Annex I — intermediate report */
static const struct field dora_intermediate[] = {
	{"Date and time of occurrence", "Tidspunkt for hændelsens indtræden", "occurred_at"},
	{"Date and time services were restored", "Tidspunkt for genoprettelse", "resolved_at"},
	{"Number of clients affected", "Antal berørte kunder", "facts.clients_affected"},
	{"Percentage of clients affected", "Andel berørte kunder", NULL},
	{"Number of financial counterparts affected", "Antal berørte finansielle modparter", "facts.financial_counterparts_affected"},
	{"Impact on relevant clients or financial counterparts", "Påvirkning af relevante kunder eller modparter", "facts.relevant_clients_affected"},
	{"Number of affected transactions", "Antal berørte transaktioner", "facts.transactions_affected"},
	{"Value of affected transactions (EUR)", "Værdi af berørte transaktioner (EUR)", "facts.transactions_value_eur"},
	{"Reputational impact", "Omdømmemæssig påvirkning", "facts.reputational_impact"},
	{"Duration of the incident (minutes)", "Hændelsens varighed (minutter)", "facts.duration_minutes"},
	{"Service downtime (minutes)", "Nedetid (minutter)", "facts.downtime_minutes"},
	{"Data losses", "Datatab", "facts.data_losses"},
	{"Critical services affected", "Kritiske tjenester berørt", "facts.critical_services_affected"},
	{"Successful malicious unauthorised access", "Vellykket ondsindet uautoriseret adgang", "facts.malicious_unauthorised_access"},
	{"Affected functional areas and infrastructure (nodes of the dependency map)", "Berørte funktioner og infrastruktur", "nodes"},
	{"Impact on the financial interests of clients", "Påvirkning af kunders økonomiske interesser", "user_information.affects_financial_interests"},
	{"Temporary actions or measures taken", "Midlertidige foranstaltninger", "measures"},
	{NULL, NULL, NULL},
};
/* DORA, 2025/302 Annex I — final report */
static const struct field dora_final[] = {
	{"Root cause", "Grundlæggende årsag", "root_cause"},
	{"Information about the root causes", "Oplysninger om årsagen", "cause"},
	{"Date and time the incident was resolved", "Tidspunkt for løsning", "resolved_at"},
	{"Gross amount of direct and indirect costs and losses (EUR)", "Bruttobeløb for omkostninger og tab (EUR)", "facts.economic_impact_eur"},
	{"Measures to prevent recurrence", "Foranstaltninger mod gentagelse", "measures"},
	{"Non-major incidents recurring with the same root cause", "Gentagne ikke-større hændelser", NULL},
	{NULL, NULL, NULL},
};
/* EBA/GL/2017/10 templates — the 2018 order's initial, intermediate and final reports */
static const struct field psd2_initial[] = {
	{"Payment service provider", "Udbyder af betalingstjenester", "entity.name"},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at"},
	{"Date and time of classification", "Tidspunkt for klassificering", "classified_at"},
	{"Short description", "Kort beskrivelse", "description"},
	{"Type of incident (operational / security)", "Type (drift / sikkerhed)", "facts.security_breach"},
	{"Other PSPs or infrastructures potentially affected", "Andre udbydere eller infrastrukturer berørt", "facts.other_psps_affected"},
	{"Criteria met", "Opfyldte kriterier", NULL},
	{NULL, NULL, NULL},
};
static const struct field psd2_intermediate[] = {
	{"Date and time the incident began", "Tidspunkt for hændelsens begyndelse", "occurred_at"},
	{"Date and time of recovery", "Tidspunkt for genoprettelse", "resolved_at"},
	{"Transactions affected", "Berørte transaktioner", "facts.transactions_affected"},
	{"Value of transactions affected (EUR)", "Værdi af berørte transaktioner (EUR)", "facts.transactions_value_eur"},
	{"Payment service users affected", "Berørte brugere", "facts.users_affected"},
	{"Service downtime (minutes)", "Nedetid (minutter)", "facts.downtime_minutes"},
	{"Economic impact (EUR)", "Økonomisk påvirkning (EUR)", "facts.economic_impact_eur"},
	{"Level of internal escalation", "Intern eskalering", "facts.internal_escalation"},
	{"Reputational impact", "Omdømmemæssig påvirkning", "facts.reputational_impact"},
	{"Cause of the incident", "Årsag", "cause"},
	{"Affected functional areas and systems (nodes)", "Berørte funktioner og systemer", "nodes"},
	{"Measures taken or planned", "Trufne eller planlagte foranstaltninger", "measures"},
	{"Users informed (BEK § 9)", "Brugere orienteret (BEK § 9)", "user_information.notified_at"},
	{NULL, NULL, NULL},
};
static const struct field psd2_final[] = {
	{"Root cause", "Grundlæggende årsag", "root_cause"},
	{"Date and time the incident was closed", "Tidspunkt for hændelsens ophør", "resolved_at"},
	{"Transactions affected (actual)", "Berørte transaktioner (faktisk)", "facts.transactions_affected"},
	{"Payment service users affected (actual)", "Berørte brugere (faktisk)", "facts.users_affected"},
	{"Service downtime (actual, minutes)", "Nedetid (faktisk, minutter)", "facts.downtime_minutes"},
	{"Economic impact (actual, EUR)", "Økonomisk påvirkning (faktisk, EUR)", "facts.economic_impact_eur"},
	{"Corrective actions", "Korrigerende handlinger", "measures"},
	{NULL, NULL, NULL},
};
/* NIS2 art. 23(4) */
static const struct field nis2_early[] = {
	{"Entity", "Enhed", "entity.name"},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at"},
	{"Suspected unlawful or malicious act", "Mistanke om ulovlig eller ondsindet handling", "facts.malicious_unauthorised_access"},
	{"Possible cross-border impact", "Mulig grænseoverskridende virkning", "facts.member_states_affected"},
	{NULL, NULL, NULL},
};
static const struct field nis2_notification[] = {
	{"Initial assessment: severity and impact", "Første vurdering: alvor og virkning", "description"},
	{"Severe operational disruption or financial loss", "Alvorlig driftsforstyrrelse eller økonomisk tab", "facts.significant_disruption"},
	{"Considerable damage to others", "Betydelig skade for andre", "facts.considerable_damage"},
	{"Indicators of compromise / cause", "Kompromitteringsindikatorer / årsag", "cause"},
	{NULL, NULL, NULL},
};
static const struct field nis2_final[] = {
	{"Detailed description, severity and impact", "Detaljeret beskrivelse, alvor og virkning", "description"},
	{"Type of threat or root cause", "Trusselstype eller grundlæggende årsag", "root_cause"},
	{"Applied and ongoing mitigation measures", "Anvendte og igangværende afbødende foranstaltninger", "measures"},
	{"Cross-border impact", "Grænseoverskridende virkning", "facts.member_states_affected"},
	{NULL, NULL, NULL},
};
/* GDPR art. 33(3) and 34(2) */
static const struct field gdpr_authority[] = {
	{"Nature of the breach", "Bruddets karakter", "description"},
	{"Categories and approximate number of data subjects", "Kategorier og antal registrerede", "facts.users_affected"},
	{"Likely consequences", "Sandsynlige konsekvenser", "facts.data_subject_risk"},
	{"Measures taken or proposed", "Trufne eller foreslåede foranstaltninger", "measures"},
	{"Reasons for delay beyond 72 hours", "Begrundelse for forsinkelse ud over 72 timer", "notes"},
	{NULL, NULL, NULL},
};
static const struct field gdpr_subjects[] = {
	{"Nature of the breach, in clear and plain language", "Bruddets karakter i et klart og enkelt sprog", "description"},
	{"Likely consequences", "Sandsynlige konsekvenser", "facts.data_subject_risk"},
	{"Measures taken or proposed", "Trufne eller foreslåede foranstaltninger", "measures"},
	{"How users were told", "Hvordan de registrerede blev underrettet", "user_information.channel"},
	{NULL, NULL, NULL},
};

static const struct field *fields_of(enum regime r, const char *report)
{
	switch (r) {
	case REGIME_DORA:
		return !strcmp(report, "initial") ? dora_initial : !strcmp(report, "intermediate") ? dora_intermediate : dora_final;
	case REGIME_PSD2:
		return !strcmp(report, "initial") ? psd2_initial : !strcmp(report, "intermediate") ? psd2_intermediate : psd2_final;
	case REGIME_NIS2:
		return !strcmp(report, "early_warning") ? nis2_early
		       : !strcmp(report, "notification") ? nis2_notification
							 : nis2_final;
	default:
		return !strcmp(report, "authority") ? gdpr_authority : gdpr_subjects;
	}
}

static json_t *at_path(json_t *doc, const char *path)
{
	char buf[128], *save = NULL;
	snprintf(buf, sizeof buf, "%s", path);
	json_t *cur = doc;
	for (char *seg = strtok_r(buf, ".", &save); seg && cur; seg = strtok_r(NULL, ".", &save))
		cur = json_object_get(cur, seg);
	return cur && !json_is_null(cur) ? cur : NULL;
}

static bool is_estimated(json_t *doc, const char *path)
{
	json_t *est = json_object_get(doc, "estimated_facts");
	size_t i;
	json_t *v;
	json_array_foreach(est, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), path)) return true;
	return false;
}

static json_t *criteria_met(const struct regime_result *r)
{
	json_t *a = json_array();
	for (int i = 0; i < r->ncrit; i++)
		if (r->crit[i].met == TRI_YES)
			json_array_append_new(a, json_string(r->crit[i].id));
	return a;
}

bool increport_exists(enum regime r, const char *report)
{
	return incident_report_valid(r, report) && strcmp(report, "progress");
}

json_t *increport_content(const struct increc *x, const struct assessment *as, enum regime r, const char *report)
{
	json_t *doc = x->eval_doc;
	json_t *fields = json_array(), *missing = json_array();
	int nest = 0;
	for (const struct field *f = fields_of(r, report); f->name; f++) {
		json_t *v = NULL;
		bool est = false;
		if (f->path) {
			v = at_path(doc, f->path);
			v = v ? json_incref(v) : NULL;
			est = is_estimated(doc, f->path);
		} else if (strstr(f->name, "criteria") || strstr(f->name, "Criteria")) {
			v = criteria_met(&as->r[r]);
		} else if (strstr(f->name, "Percentage of clients")) {
			json_t *a = at_path(doc, "facts.clients_affected"), *t = at_path(doc, "facts.clients_total");
			if (a && t && json_number_value(t) > 0)
				v = json_real(round(json_number_value(a) * 1000.0 / json_number_value(t)) / 10.0);
			est = is_estimated(doc, "facts.clients_affected") || is_estimated(doc, "facts.clients_total");
		} else if (strstr(f->name, "recurring")) {
			v = json_string("see `skjold deadlines` and the DORA recurring-incident check (2024/1772 art. 8(2))");
		}
		json_t *o = json_pack("{ssss}", "field", f->name, "field_da", f->name_da);
		json_object_set_new(o, "value", v ? v : json_null());
		if (f->path)
			json_object_set_new(o, "from", json_string(f->path));
		if (est) {
			json_object_set_new(o, "estimated", json_true());
			nest++;
		}
		if (!v)
			json_array_append_new(missing, json_string(f->name));
		json_array_append_new(fields, o);
	}
	json_t *out = json_object();
	json_object_set_new(out, "incident", json_string(x->rec.id));
	json_object_set_new(out, "regime", json_string(regime_id(r)));
	json_object_set_new(out, "report", json_string(report));
	json_object_set_new(out, "verdict", json_string(as->r[r].verdict));
	json_object_set_new(out, "fields", fields);
	json_object_set_new(out, "missing", missing);
	json_object_set_new(out, "estimated_fields", json_integer(nest));
	if (r == REGIME_PSD2 && !strcmp(report, "final") && nest)
		json_object_set_new(out, "warning",
				    json_string("the final report must rest on actual facts (BEK § 6 stk. 2): replace the estimated figures"));
	else if (nest)
		json_object_set_new(out, "note", json_string("estimated figures are allowed where facts are missing (BEK § 4 stk. 2, § 5 stk. 2); they are marked"));
	return out;
}

static void print_text(FILE *out, json_t *c)
{
	fprintf(out, "%s — %s (%s)\n", json_string_value(json_object_get(c, "regime")), json_string_value(json_object_get(c, "report")),
	       json_string_value(json_object_get(c, "incident")));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(c, "fields"), i, f)
	{
		json_t *v = json_object_get(f, "value");
		char *txt = json_is_string(v) ? strdup(json_string_value(v))
			    : json_is_null(v) ? strdup("— (missing)")
					      : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		fprintf(out, "  %s / %s: %s%s\n", json_string_value(json_object_get(f, "field_da")),
		       json_string_value(json_object_get(f, "field")), txt ? txt : "?",
		       json_is_true(json_object_get(f, "estimated")) ? "  [skøn / estimate]" : "");
		free(txt);
	}
	json_t *w = json_object_get(c, "warning");
	if (w)
		fprintf(out, "ADVARSEL / WARNING: %s\n", json_string_value(w));
}

char *increport_text(json_t *content)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ASSERT(f);
	print_text(f, content);
	fclose(f);
	return text;
}

char *increport_checklist_text(json_t *content)
{
	struct buf t = {0};
	json_t *missing = json_object_get(content, "missing");
	size_t n = json_array_size(missing);
	const char *rg = json_string_value(json_object_get(content, "regime"));
	const char *rp = json_string_value(json_object_get(content, "report"));
	if (!n)
		buf_printf(&t, "%s %s: alle felter er udfyldt (every field is filled)\n", rg, rp);
	else
		buf_printf(&t, "%s %s: %zu felt%s mangler (%zu field%s missing)\n", rg, rp, n, n == 1 ? "" : "er", n, n == 1 ? "" : "s");
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(content, "fields"), i, f)
	{
		if (!json_is_null(json_object_get(f, "value")))
			continue;
		json_t *from = json_object_get(f, "from");
		buf_printf(&t, "  [ ] %s / %s", json_string_value(json_object_get(f, "field_da")),
			   json_string_value(json_object_get(f, "field")));
		if (json_is_string(from))
			buf_printf(&t, "  (udfyld / fill in: %s)", json_string_value(from));
		buf_puts(&t, "\n");
	}
	return buf_finish(&t);
}

/* Report names in Danish and English. */
static void report_title(const char *regime, const char *report, struct buf *da, struct buf *en)
{
	static const char *const names[][4] = {
		{"eu-dora", "initial", "Indledende underretning", "Initial notification"},
		{"eu-dora", "intermediate", "Mellemliggende rapport", "Intermediate report"},
		{"eu-dora", "final", "Endelig rapport", "Final report"},
		{"dk-psd2-2018", "initial", "Første indberetning", "Initial report"},
		{"dk-psd2-2018", "intermediate", "Foreløbig rapport", "Intermediate report"},
		{"dk-psd2-2018", "final", "Endelig rapport", "Final report"},
		{"eu-nis2", "early_warning", "Tidlig varsling", "Early warning"},
		{"eu-nis2", "notification", "Hændelsesunderretning", "Incident notification"},
		{"eu-nis2", "final", "Endelig rapport", "Final report"},
		{"eu-gdpr", "authority", "Anmeldelse af brud på persondatasikkerheden til Datatilsynet",
		 "Notification of a personal data breach to the supervisory authority"},
		{"eu-gdpr", "data_subjects", "Underretning af de registrerede", "Communication to the data subjects"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], regime) && !strcmp(names[i][1], report)) {
			buf_printf(da, "%s \xe2\x80\x93 %s", regime, names[i][2]);
			buf_printf(en, "%s \xe2\x80\x93 %s", regime, names[i][3]);
			return;
		}
	buf_printf(da, "%s \xe2\x80\x93 %s", regime, report);
	buf_printf(en, "%s \xe2\x80\x93 %s", regime, report);
}

int increport_render(json_t *content, enum doc_format f, char **out, size_t *len, struct errinfo *e)
{
	const char *regime = json_string_value(json_object_get(content, "regime"));
	const char *report = json_string_value(json_object_get(content, "report"));
	json_t *org = json_object_get(content, "organisation");
	struct buf da = {0}, en = {0};
	report_title(regime ? regime : "", report ? report : "", &da, &en);
	struct doc d;
	doc_init(&d, &(struct doc_meta){.title_da = buf_str(&da),
					.title_en = buf_str(&en),
					.org_name = json_string_value(json_object_get(org, "name")),
					.org_id = json_string_value(json_object_get(org, "id")),
					.as_of = json_string_value(json_object_get(content, "as_of"))});
	free(da.p);
	free(en.p);
	struct buf t = {0};
	buf_printf(&t, "Hændelse (Incident): %s", json_string_value(json_object_get(content, "incident")));
	const char *verdict = json_string_value(json_object_get(content, "verdict"));
	if (verdict)
		buf_printf(&t, " \xc2\xb7 Vurdering (Verdict): %s", verdict);
	doc_para(&d, buf_str(&t), NULL);
	buf_reset(&t);
	doc_heading(&d, 2, "Felter", "Fields");
	const char *heads[3] = {"Felt (Field)", "V\xc3\xa6rdi (Value)", "Kilde (Source)"};
	doc_table_begin(&d, 3, heads);
	size_t i;
	json_t *fl;
	struct buf k = {0};
	json_array_foreach(json_object_get(content, "fields"), i, fl)
	{
		json_t *v = json_object_get(fl, "value");
		buf_reset(&k);
		buf_reset(&t);
		buf_printf(&k, "%s (%s)", json_string_value(json_object_get(fl, "field_da")),
			   json_string_value(json_object_get(fl, "field")));
		if (json_is_string(v)) {
			buf_puts(&t, json_string_value(v));
		} else if (json_is_null(v) || !v) {
			buf_puts(&t, "\xe2\x80\x94 mangler (missing)");
		} else if (json_is_true(v) || json_is_false(v)) {
			buf_puts(&t, json_is_true(v) ? "ja (yes)" : "nej (no)");
		} else {
			char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			buf_puts(&t, s);
			free(s);
		}
		if (json_is_true(json_object_get(fl, "estimated")))
			buf_puts(&t, " [sk\xc3\xb8n / estimate]");
		const char *from = json_string_value(json_object_get(fl, "from"));
		const char *cells[3] = {buf_str(&k), buf_str(&t), from ? from : ""};
		doc_table_row(&d, 3, cells, NULL, json_is_null(v) || !v ? DOC_ROW_OVERDUE : 0);
	}
	doc_table_end(&d);
	json_t *missing = json_object_get(content, "missing");
	if (json_array_size(missing)) {
		doc_heading(&d, 2, "Mangler f\xc3\xb8r indsendelse", "Missing before filing");
		doc_list_begin(&d);
		json_t *m;
		json_array_foreach(missing, i, m) doc_list_item(&d, json_string_value(m), NULL);
		doc_list_end(&d);
	}
	const char *w = json_string_value(json_object_get(content, "warning"));
	const char *note = json_string_value(json_object_get(content, "note"));
	if (w)
		doc_para(&d, "ADVARSEL (Warning)", w);
	if (note)
		doc_para(&d, "Bem\xc3\xa6rk (Note)", note);
	free(t.p);
	free(k.p);
	int rc = doc_render(&d, f, out, len, e);
	doc_free(&d);
	return rc;
}
