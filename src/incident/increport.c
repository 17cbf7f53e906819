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
#include "jsonx.h"

struct field {
	const char *name, *name_da;
	const char *path; /* in the evaluated document; NULL = computed */
	bool optional;    /* asked for only in some cases: never listed as missing */
};

/* DORA, 2025/302 Annex I — initial notification */
static const struct field dora_initial[] = {
	{"Name of the financial entity", "Den finansielle enheds navn", "entity.name", false},
	{"Type of financial entity", "Type af finansiel enhed", "entity.dora_type", false},
	{"Incident reference code", "Hændelsens referencekode", "id", false},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at", false},
	{"Date and time of classification", "Tidspunkt for klassificering", "classified_at", false},
	{"Description of the incident", "Beskrivelse af hændelsen", "description", false},
	{"Classification criteria that triggered the major incident report", "Klassificeringskriterier", NULL, false},
	{"Member States impacted", "Berørte medlemsstater", "facts.member_states_affected", false},
	{"How the incident was discovered", "Hvordan hændelsen blev opdaget", "category", false},
	{NULL, NULL, NULL, false},
};
/* DORA, 2025/302 Annex I — intermediate report */
static const struct field dora_intermediate[] = {
	{"Date and time of occurrence", "Tidspunkt for hændelsens indtræden", "occurred_at", false},
	{"Date and time services were restored", "Tidspunkt for genoprettelse", "resolved_at", false},
	{"Number of clients affected", "Antal berørte kunder", "facts.clients_affected", false},
	{"Percentage of clients affected", "Andel berørte kunder", NULL, false},
	{"Number of financial counterparts affected", "Antal berørte finansielle modparter", "facts.financial_counterparts_affected", false},
	{"Impact on relevant clients or financial counterparts", "Påvirkning af relevante kunder eller modparter", "facts.relevant_clients_affected", false},
	{"Number of affected transactions", "Antal berørte transaktioner", "facts.transactions_affected", false},
	{"Value of affected transactions (EUR)", "Værdi af berørte transaktioner (EUR)", "facts.transactions_value_eur", false},
	{"Reputational impact", "Omdømmemæssig påvirkning", "facts.reputational_impact", false},
	{"Duration of the incident (minutes)", "Hændelsens varighed (minutter)", "facts.duration_minutes", false},
	{"Service downtime (minutes)", "Nedetid (minutter)", "facts.downtime_minutes", false},
	{"Data losses", "Datatab", "facts.data_losses", false},
	{"Critical services affected", "Kritiske tjenester berørt", "facts.critical_services_affected", false},
	{"Successful malicious unauthorised access", "Vellykket ondsindet uautoriseret adgang", "facts.malicious_unauthorised_access", false},
	{"Affected functional areas and infrastructure (nodes of the dependency map)", "Berørte funktioner og infrastruktur", "nodes", false},
	{"Impact on the financial interests of clients", "Påvirkning af kunders økonomiske interesser", "user_information.affects_financial_interests", false},
	{"Temporary actions or measures taken", "Midlertidige foranstaltninger", "measures", false},
	{NULL, NULL, NULL, false},
};
/* DORA, 2025/302 Annex I — final report */
static const struct field dora_final[] = {
	{"Root cause", "Grundlæggende årsag", "root_cause", false},
	{"Information about the root causes", "Oplysninger om årsagen", "cause", false},
	{"Date and time the incident was resolved", "Tidspunkt for løsning", "resolved_at", false},
	{"Gross amount of direct and indirect costs and losses (EUR)", "Bruttobeløb for omkostninger og tab (EUR)", "facts.economic_impact_eur", false},
	{"Measures to prevent recurrence", "Foranstaltninger mod gentagelse", "measures", false},
	{"Non-major incidents recurring with the same root cause", "Gentagne ikke-større hændelser", NULL, false},
	{NULL, NULL, NULL, false},
};
/* EBA/GL/2017/10 templates — the 2018 order's initial, intermediate and final reports */
static const struct field psd2_initial[] = {
	{"Payment service provider", "Udbyder af betalingstjenester", "entity.name", false},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at", false},
	{"Date and time of classification", "Tidspunkt for klassificering", "classified_at", false},
	{"Short description", "Kort beskrivelse", "description", false},
	{"Type of incident (operational / security)", "Type (drift / sikkerhed)", "facts.security_breach", false},
	{"Other PSPs or infrastructures potentially affected", "Andre udbydere eller infrastrukturer berørt", "facts.other_psps_affected", false},
	{"Criteria met", "Opfyldte kriterier", NULL, false},
	{NULL, NULL, NULL, false},
};
static const struct field psd2_intermediate[] = {
	{"Date and time the incident began", "Tidspunkt for hændelsens begyndelse", "occurred_at", false},
	{"Date and time of recovery", "Tidspunkt for genoprettelse", "resolved_at", false},
	{"Transactions affected", "Berørte transaktioner", "facts.transactions_affected", false},
	{"Value of transactions affected (EUR)", "Værdi af berørte transaktioner (EUR)", "facts.transactions_value_eur", false},
	{"Payment service users affected", "Berørte brugere", "facts.users_affected", false},
	{"Service downtime (minutes)", "Nedetid (minutter)", "facts.downtime_minutes", false},
	{"Economic impact (EUR)", "Økonomisk påvirkning (EUR)", "facts.economic_impact_eur", false},
	{"Level of internal escalation", "Intern eskalering", "facts.internal_escalation", false},
	{"Reputational impact", "Omdømmemæssig påvirkning", "facts.reputational_impact", false},
	{"Cause of the incident", "Årsag", "cause", false},
	{"Affected functional areas and systems (nodes)", "Berørte funktioner og systemer", "nodes", false},
	{"Measures taken or planned", "Trufne eller planlagte foranstaltninger", "measures", false},
	{"Users informed (BEK § 9)", "Brugere orienteret (BEK § 9)", "user_information.notified_at", false},
	{NULL, NULL, NULL, false},
};
static const struct field psd2_final[] = {
	{"Root cause", "Grundlæggende årsag", "root_cause", false},
	{"Date and time the incident was closed", "Tidspunkt for hændelsens ophør", "resolved_at", false},
	{"Transactions affected (actual)", "Berørte transaktioner (faktisk)", "facts.transactions_affected", false},
	{"Payment service users affected (actual)", "Berørte brugere (faktisk)", "facts.users_affected", false},
	{"Service downtime (actual, minutes)", "Nedetid (faktisk, minutter)", "facts.downtime_minutes", false},
	{"Economic impact (actual, EUR)", "Økonomisk påvirkning (faktisk, EUR)", "facts.economic_impact_eur", false},
	{"Corrective actions", "Korrigerende handlinger", "measures", false},
	{NULL, NULL, NULL, false},
};
/* NIS2 art. 23(4) */
static const struct field nis2_early[] = {
	{"Entity", "Enhed", "entity.name", false},
	{"Date and time of detection", "Tidspunkt for konstatering", "detected_at", false},
	{"Suspected unlawful or malicious act", "Mistanke om ulovlig eller ondsindet handling", "facts.malicious_unauthorised_access", false},
	{"Possible cross-border impact", "Mulig grænseoverskridende virkning", "facts.member_states_affected", false},
	{NULL, NULL, NULL, false},
};
static const struct field nis2_notification[] = {
	{"Initial assessment: severity and impact", "Første vurdering: alvor og virkning", "description", false},
	{"Severe operational disruption or financial loss", "Alvorlig driftsforstyrrelse eller økonomisk tab", "facts.significant_disruption", false},
	{"Considerable damage to others", "Betydelig skade for andre", "facts.considerable_damage", false},
	{"Indicators of compromise / cause", "Kompromitteringsindikatorer / årsag", "cause", false},
	{NULL, NULL, NULL, false},
};
/* NIS2 art. 23(4)(e): a progress report when the incident is ongoing at the final report's deadline */
static const struct field nis2_progress[] = {
	{"Status of the incident so far", "Hændelsens status indtil nu", "status", false},
	{"Description, severity and impact so far", "Beskrivelse, alvor og virkning indtil nu", "description", false},
	{"Type of threat or root cause, as far as known", "Trusselstype eller grundlæggende årsag, så vidt kendt", "root_cause", false},
	{"Mitigation measures applied and ongoing", "Anvendte og igangværende afbødende foranstaltninger", "measures", false},
	{NULL, NULL, NULL, false},
};
static const struct field nis2_final[] = {
	{"Detailed description, severity and impact", "Detaljeret beskrivelse, alvor og virkning", "description", false},
	{"Type of threat or root cause", "Trusselstype eller grundlæggende årsag", "root_cause", false},
	{"Applied and ongoing mitigation measures", "Anvendte og igangværende afbødende foranstaltninger", "measures", false},
	{"Cross-border impact", "Grænseoverskridende virkning", "facts.member_states_affected", false},
	{NULL, NULL, NULL, false},
};
/* GDPR art. 33(3) and 34(2) */
/* GDPR art. 33(3)(a)-(d) for Datatilsynet; art. 33(1) for a late notification */
static const struct field gdpr_authority[] = {
	{"(a) Nature of the breach", "(a) Bruddets karakter", "description", false},
	{"(a) Categories and approximate number of data subjects", "(a) Kategorier og omtrentligt antal registrerede", "facts.users_affected", false},
	{"(b) Name and contact details of the data protection officer or other contact point",
	 "(b) Navn og kontaktoplysninger på databeskyttelsesrådgiveren eller et andet kontaktpunkt", "contact_point", false},
	{"(c) Likely consequences", "(c) Sandsynlige konsekvenser", "facts.data_subject_risk", false},
	{"(d) Measures taken or proposed, including to mitigate adverse effects",
	 "(d) Trufne eller foreslåede foranstaltninger, herunder til at begrænse skadevirkninger", "measures", false},
	{"Reasons for the delay (only when notified later than 72 hours, art. 33(1))",
	 "Begrundelse for forsinkelsen (kun ved anmeldelse senere end 72 timer, art. 33, stk. 1)", "notes", true},
	{NULL, NULL, NULL, false},
};
/* GDPR art. 34(2): in clear and plain language, with at least art. 33(3)(b)-(d) */
static const struct field gdpr_subjects[] = {
	{"What happened, in clear and plain language", "Hvad der er sket, i et klart og enkelt sprog", "description", false},
	{"Whom to contact for more information", "Hvem du kan kontakte for at få flere oplysninger", "contact_point", false},
	{"What it may mean for you", "Hvad det kan betyde for dig", "facts.data_subject_risk", false},
	{"What we have done and will do", "Hvad vi har gjort og vil gøre", "measures", false},
	{"How you are told", "Hvordan du får besked", "user_information.channel", false},
	{NULL, NULL, NULL, false},
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
		       : !strcmp(report, "progress")	 ? nis2_progress
							 : nis2_final;
	default:
		return !strcmp(report, "authority") ? gdpr_authority : gdpr_subjects;
	}
}

/* Enumerated facts in words, Danish with English beside (the reports are read by people). */
static const char *const value_words[][3] = {
	{"facts.data_subject_risk", "unlikely",
	 "Bruddet indebærer sandsynligvis ikke en risiko for de registreredes rettigheder (unlikely to result in a risk)"},
	{"facts.data_subject_risk", "risk", "Bruddet kan indebære en risiko for de registreredes rettigheder og frihedsrettigheder "
					    "(a risk to the data subjects' rights and freedoms)"},
	{"facts.data_subject_risk", "high", "Bruddet kan indebære en høj risiko for de registreredes rettigheder og "
					    "frihedsrettigheder (a high risk to the data subjects' rights and freedoms)"},
	{"facts.internal_escalation", "none", "Ingen eskalering (none)"},
	{"facts.internal_escalation", "high", "Eskaleret til ledelsen (escalated to management)"},
	{"facts.internal_escalation", "crisis", "Krisestyring aktiveret (crisis mode)"},
};

static json_t *worded(const char *path, json_t *v)
{
	for (size_t i = 0; json_is_string(v) && i < sizeof value_words / sizeof value_words[0]; i++)
		if (!strcmp(value_words[i][0], path) && !strcmp(value_words[i][1], json_string_value(v)))
			return json_string(value_words[i][2]);
	return NULL;
}

/* The value at a dotted path of the document; null reads as absent. */
static json_t *at_path(json_t *doc, const char *path)
{
	json_t *v = jx_at(doc, path, '.');
	return json_is_null(v) ? NULL : v;
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
	return incident_report_valid(r, report);
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
			est = increc_estimated(doc, f->path);
		} else if (strstr(f->name, "criteria") || strstr(f->name, "Criteria")) {
			v = criteria_met(&as->r[r]);
		} else if (strstr(f->name, "Percentage of clients")) {
			json_t *a = at_path(doc, "facts.clients_affected"), *t = at_path(doc, "facts.clients_total");
			if (a && t && json_number_value(t) > 0)
				v = json_real(round(json_number_value(a) * 1000.0 / json_number_value(t)) / 10.0);
			est = increc_estimated(doc, "facts.clients_affected") || increc_estimated(doc, "facts.clients_total");
		} else if (strstr(f->name, "recurring")) {
			v = json_string("see `skjold deadlines` and the DORA recurring-incident check (2024/1772 art. 8(2))");
		}
		json_t *o = json_pack("{ssss}", "field", f->name, "field_da", f->name_da);
		json_t *words = f->path ? worded(f->path, v) : NULL;
		json_object_set_new(o, "value", v ? v : json_null());
		if (words)
			json_object_set_new(o, "value_text", words);
		if (f->path)
			json_object_set_new(o, "from", json_string(f->path));
		if (est) {
			json_object_set_new(o, "estimated", json_true());
			nest++;
		}
		if (!v && !f->optional)
			json_array_append_new(missing, json_string(f->name));
		if (f->optional)
			json_object_set_new(o, "optional", json_true());
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
		json_t *v = json_object_get(f, "value_text") ? json_object_get(f, "value_text") : json_object_get(f, "value");
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
		if (!json_is_null(json_object_get(f, "value")) || json_is_true(json_object_get(f, "optional")))
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
		json_t *v = json_object_get(fl, "value_text") ? json_object_get(fl, "value_text") : json_object_get(fl, "value");
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
