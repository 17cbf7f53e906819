/*
 * incident.c — reading and checking the incident facts document.
 *
 * The document is the one contract every caller shares (the CLI's assess,
 * the stored incident, the batch re-classification, later the API), so all
 * checks live here: a fact is either a value of the right type and range or
 * unknown (null / absent), and times that cannot have happened in that order
 * are refused with the field named.  No regime logic here.
 */
#include "incident.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "date.h"
#include "jsonx.h"
#include "limit.h"

static const char *const dora_types[] = {"credit_institution", "payment_institution", "e_money_institution",
					 "investment_firm",    "ccp",		      "csd",
					 "trading_venue",      "insurance",	      "other",
					 NULL};
static const char *const nis2_classes[] = {"none", "important", "essential", NULL};
static const char *const escalations[] = {"none", "high", "crisis", NULL};
static const char *const ds_risks[] = {"unlikely", "risk", "high", NULL};

const char *dora_type_name(int t)
{
	return t >= 0 && t <= DORA_OTHER ? dora_types[t] : NULL;
}

const char *nis2_class_name(int c)
{
	return c >= 0 && c <= NIS2_ESSENTIAL ? nis2_classes[c] : NULL;
}

#define NUM(f) {#f, FACT_NUM, offsetof(struct incident_facts, f), NULL}
#define BOOL(f) {#f, FACT_BOOL, offsetof(struct incident_facts, f), NULL}
#define ENUM(f, v) {#f, FACT_ENUM, offsetof(struct incident_facts, f), v}

const struct fact_def incident_fact_defs[] = {
	NUM(transactions_affected),
	NUM(transactions_regular),
	NUM(transactions_value_eur),
	NUM(transactions_value_regular_eur),
	NUM(users_affected),
	NUM(users_total),
	NUM(clients_affected),
	NUM(clients_total),
	NUM(financial_counterparts_affected),
	NUM(financial_counterparts_total),
	BOOL(relevant_clients_affected),
	NUM(downtime_minutes),
	NUM(duration_minutes),
	NUM(economic_impact_eur),
	ENUM(internal_escalation, escalations),
	BOOL(other_psps_affected),
	BOOL(reputational_impact),
	BOOL(security_breach),
	BOOL(critical_services_affected),
	BOOL(malicious_unauthorised_access),
	BOOL(data_losses),
	NUM(member_states_affected),
	BOOL(significant_disruption),
	BOOL(considerable_damage),
	BOOL(personal_data_breach),
	ENUM(data_subject_risk, ds_risks),
};
const size_t incident_fact_count = sizeof incident_fact_defs / sizeof incident_fact_defs[0];

/* Report names per regime (RULES.md §6). */
static const char *const reports_psd2[] = {"initial", "intermediate", "final", NULL};
static const char *const reports_dora[] = {"initial", "intermediate", "final", NULL};
static const char *const reports_nis2[] = {"early_warning", "notification", "progress", "final", NULL};
static const char *const reports_gdpr[] = {"authority", "data_subjects", NULL};
static const char *const *const reports_of[REGIME_N] = {reports_psd2, reports_dora, reports_nis2, reports_gdpr};

bool incident_report_valid(enum regime r, const char *report)
{
	for (const char *const *p = reports_of[r]; *p; p++)
		if (!strcmp(*p, report))
			return true;
	return false;
}

static int enum_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

int incident_instant(json_t *obj, const char *key, const char *path, bool required, int64_t *out,
		     struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	*out = INSTANT_UNKNOWN;
	if (!v || json_is_null(v)) {
		if (required)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key),
					"incident.input.instant_required", NULL);
		return 0;
	}
	if (!json_is_string(v) || instant_parse(json_string_value(v), out))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.instant", NULL);
	if (!strchr(json_string_value(v), 'T'))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.instant_not_date",
				NULL);
	return 0;
}

/* A number >= 0 (or unknown).  Counts must be whole. */
static int parse_num(json_t *obj, const char *key, const char *path, double *out, struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	*out = NAN;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.number", NULL);
	double d = json_number_value(v);
	if (!isfinite(d) || d < 0)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.negative", NULL);
	if (d > 1e15)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.too_large", NULL);
	*out = d;
	return 0;
}

static int parse_tri(json_t *obj, const char *key, const char *path, int *out, struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.boolean", NULL);
	*out = json_is_true(v);
	return 0;
}

static int parse_enum(json_t *obj, const char *key, const char *path, const char *const *names, int *out,
		      struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v) && (*out = enum_index(names, json_string_value(v))) >= 0)
		return 0;
	char allowed[200] = "";
	for (int i = 0; names[i]; i++) {
		strncat(allowed, i ? ", " : "", sizeof allowed - strlen(allowed) - 1);
		strncat(allowed, names[i], sizeof allowed - strlen(allowed) - 1);
	}
	return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.one_of", "allowed", allowed,
			NULL);
}

static int parse_bool(json_t *obj, const char *key, const char *path, bool *out, struct errinfo *e)
{
	int t;
	int rc = parse_tri(obj, key, path, &t, e);
	*out = t == 1;
	return rc;
}

static int parse_hours(json_t *ent, struct incident_entity *en, struct errinfo *e)
{
	json_t *wh = json_object_get(ent, "working_hours");
	en->hours = CAL_HOURS_DEFAULT;
	if (!wh || json_is_null(wh))
		return 0;
	static const char *const keys[] = {"start", "end", NULL};
	int rc;
	if ((rc = jx_object(wh, "entity.working_hours", e)) || (rc = jx_check_keys(wh, "entity.working_hours", keys, e)))
		return rc;
	const char *names[2] = {"start", "end"};
	int *dst[2] = {&en->hours.start_min, &en->hours.end_min};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(wh, names[i]);
		char p[64];
		snprintf(p, sizeof p, "entity.working_hours.%s", names[i]);
		if (!json_is_string(v) || cal_parse_hhmm(json_string_value(v), dst[i]))
			return err_setm(e, ERR_INVALID, p, "incident.input.time", NULL);
	}
	if (en->hours.start_min >= en->hours.end_min)
		return err_setm(e, ERR_INVALID, "entity.working_hours.end", "incident.input.after_start", NULL);
	return 0;
}

static int parse_entity(json_t *doc, struct arena *a, struct incident_entity *en, struct errinfo *e)
{
	static const char *const keys[] = {"name",  "psd2_psp", "dora", "dora_type", "nis2", "trust_service_provider",
					   "microenterprise", "tier1_capital_eur", "working_hours", "calendar",
					   "dora_relief_withdrawn", "dora_simplified_framework", NULL};
	json_t *ent = json_object_get(doc, "entity");
	memset(en, 0, sizeof *en);
	en->dora_type = -1;
	en->nis2 = NIS2_NONE;
	en->tier1_capital_eur = NAN;
	en->hours = CAL_HOURS_DEFAULT;
	en->calendar = CAL_DK_BANK;
	if (!ent || json_is_null(ent))
		return err_setm(e, ERR_INVALID, "entity", "incident.input.entity", NULL);
	int rc, t;
	if ((rc = jx_object(ent, "entity", e)) || (rc = jx_check_keys(ent, "entity", keys, e)))
		return rc;
	if ((rc = jx_str(ent, "name", "entity", false, LIMIT_NAME, a, &en->name, e)) ||
	    (rc = parse_bool(ent, "psd2_psp", "entity", &en->psd2_psp, e)) ||
	    (rc = parse_bool(ent, "dora", "entity", &en->dora, e)) ||
	    (rc = parse_enum(ent, "dora_type", "entity", dora_types, &en->dora_type, e)) ||
	    (rc = parse_enum(ent, "nis2", "entity", nis2_classes, &t, e)) ||
	    (rc = parse_bool(ent, "trust_service_provider", "entity", &en->trust_service_provider, e)) ||
	    (rc = parse_bool(ent, "microenterprise", "entity", &en->microenterprise, e)) ||
	    (rc = parse_bool(ent, "dora_relief_withdrawn", "entity", &en->dora_relief_withdrawn, e)) ||
	    (rc = parse_bool(ent, "dora_simplified_framework", "entity", &en->dora_simplified_framework, e)) ||
	    (rc = parse_num(ent, "tier1_capital_eur", "entity", &en->tier1_capital_eur, e)) ||
	    (rc = parse_hours(ent, en, e)))
		return rc;
	if (t >= 0)
		en->nis2 = t;
	json_t *cal = json_object_get(ent, "calendar");
	if (cal && !json_is_null(cal)) {
		int k = json_is_string(cal) ? cal_parse(json_string_value(cal)) : -1;
		if (k < 0)
			return err_setm(e, ERR_INVALID, "entity.calendar", "incident.input.calendar", NULL);
		en->calendar = k;
	}
	return 0;
}

static int parse_facts(json_t *doc, struct incident_facts *f, struct errinfo *e)
{
	json_t *fo = json_object_get(doc, "facts");
	int rc;
	for (size_t i = 0; i < incident_fact_count; i++) {
		const struct fact_def *d = &incident_fact_defs[i];
		if (d->kind == FACT_NUM)
			*(double *)((char *)f + d->offset) = NAN;
		else
			*(int *)((char *)f + d->offset) = -1;
	}
	if (!fo || json_is_null(fo))
		return 0;
	if ((rc = jx_object(fo, "facts", e)))
		return rc;
	const char *key;
	json_t *v;
	json_object_foreach(fo, key, v) {
		(void)v;
		const struct fact_def *d = NULL;
		for (size_t i = 0; i < incident_fact_count && !d; i++)
			if (!strcmp(incident_fact_defs[i].name, key))
				d = &incident_fact_defs[i];
		char p[300];
		if (!d)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, "facts", key),
					"incident.input.unknown_fact", "key", key, NULL);
		void *dst = (char *)f + d->offset;
		if (d->kind == FACT_NUM)
			rc = parse_num(fo, key, "facts", dst, e);
		else if (d->kind == FACT_BOOL)
			rc = parse_tri(fo, key, "facts", dst, e);
		else
			rc = parse_enum(fo, key, "facts", d->values, dst, e);
		if (rc)
			return rc;
	}
	/* Affected cannot exceed the whole it is a part of. */
	static const struct {
		size_t part, whole;
		const char *pn, *wn;
	} pairs[] = {
		{offsetof(struct incident_facts, transactions_affected), offsetof(struct incident_facts, transactions_regular),
		 "transactions_affected", NULL},
		{offsetof(struct incident_facts, users_affected), offsetof(struct incident_facts, users_total),
		 "users_affected", "users_total"},
		{offsetof(struct incident_facts, clients_affected), offsetof(struct incident_facts, clients_total),
		 "clients_affected", "clients_total"},
		{offsetof(struct incident_facts, financial_counterparts_affected),
		 offsetof(struct incident_facts, financial_counterparts_total), "financial_counterparts_affected",
		 "financial_counterparts_total"},
		{offsetof(struct incident_facts, downtime_minutes), offsetof(struct incident_facts, duration_minutes),
		 "downtime_minutes", NULL},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		if (!pairs[i].wn)
			continue; /* transactions may exceed a day's regular level; downtime may outlast "duration" as reported */
		double part = *(double *)((char *)f + pairs[i].part), whole = *(double *)((char *)f + pairs[i].whole);
		if (!isnan(part) && !isnan(whole) && part > whole) {
			char p[300], a[32], b[32];
			snprintf(a, sizeof a, "%.0f", part);
			snprintf(b, sizeof b, "%.0f", whole);
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, "facts", pairs[i].pn), "incident.input.exceeds",
					"part", a, "whole_key", pairs[i].wn, "whole", b, NULL);
		}
	}
	return 0;
}

static int parse_submissions(json_t *doc, const struct incident *inc, struct arena *a, struct incident_submission **out,
			     size_t *n, struct errinfo *e)
{
	static const char *const keys[] = {"regime", "report", "submitted_at", "estimates", "channel",
					   "receipt", "by", NULL};
	json_t *arr = json_object_get(doc, "submissions");
	*out = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_setm(e, ERR_INVALID, "submissions", "incident.input.array", NULL);
	size_t len = json_array_size(arr);
	int rc = limit_list(len, LIMIT_LIST, "submissions", "submissions", e);
	if (rc)
		return rc;
	*out = arena_alloc(a, (len ? len : 1) * sizeof **out);
	for (size_t i = 0; i < len; i++) {
		char path[64], p[300];
		jx_index(path, sizeof path, "submissions", i);
		json_t *s = json_array_get(arr, i);
		struct incident_submission *sub = &(*out)[i];
		memset(sub, 0, sizeof *sub);
		if ((rc = jx_object(s, path, e)) || (rc = jx_check_keys(s, path, keys, e)))
			return rc;
		json_t *rg = json_object_get(s, "regime");
		int r = json_is_string(rg) ? regime_parse(json_string_value(rg)) : -1;
		if (r < 0)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "regime"), "incident.input.regime",
					NULL);
		sub->regime = r;
		if ((rc = jx_str(s, "report", path, true, LIMIT_NAME, a, &sub->report, e)))
			return rc;
		if (!incident_report_valid(r, sub->report))
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "report"),
					"incident.input.no_report", "regime", regime_id(r), "report", sub->report,
					NULL);
		if ((rc = incident_instant(s, "submitted_at", path, true, &sub->submitted_ms, e)) ||
		    (rc = parse_bool(s, "estimates", path, &sub->estimates, e)) ||
		    (rc = jx_str(s, "channel", path, false, LIMIT_NAME, a, &sub->channel, e)) ||
		    (rc = jx_str(s, "receipt", path, false, LIMIT_NAME, a, &sub->receipt, e)) ||
		    (rc = jx_str(s, "by", path, false, LIMIT_NAME, a, &sub->by, e)))
			return rc;
		if (sub->submitted_ms < inc->detected_ms)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "submitted_at"),
					"incident.input.report_before_detection", NULL);
	}
	*n = len;
	return 0;
}

int incident_parse(json_t *doc, const char *const *extra_keys, struct arena *a, struct incident *out,
		   struct errinfo *e)
{
	static const char *const keys[] = {"title", "occurred_at", "detected_at", "classified_at", "resolved_at",
					   "entity", "facts", "submissions", NULL};
	int rc;
	memset(out, 0, sizeof *out);
	if (!json_is_object(doc))
		return err_setm(e, ERR_INVALID, "$", "incident.input.document", NULL);
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v) {
		(void)v;
		bool ok = enum_index(keys, key) >= 0;
		for (const char *const *k = extra_keys; !ok && k && *k; k++)
			ok = !strcmp(*k, key);
		if (!ok)
			return err_setm(e, ERR_INVALID, key, "input.unknown_field", "key", key, NULL);
	}
	if ((rc = jx_str(doc, "title", "", false, LIMIT_NAME, a, &out->title, e)) ||
	    (rc = incident_instant(doc, "occurred_at", "", false, &out->occurred_ms, e)) ||
	    (rc = incident_instant(doc, "detected_at", "", true, &out->detected_ms, e)) ||
	    (rc = incident_instant(doc, "classified_at", "", false, &out->classified_ms, e)) ||
	    (rc = incident_instant(doc, "resolved_at", "", false, &out->resolved_ms, e)))
		return rc;
	if (out->occurred_ms != INSTANT_UNKNOWN && out->detected_ms < out->occurred_ms)
		return err_setm(e, ERR_INVALID, "detected_at", "incident.input.detected_before_occurred", NULL);
	if (out->classified_ms != INSTANT_UNKNOWN && out->classified_ms < out->detected_ms)
		return err_setm(e, ERR_INVALID, "classified_at", "incident.input.classified_before_detected", NULL);
	if (out->resolved_ms != INSTANT_UNKNOWN && out->occurred_ms != INSTANT_UNKNOWN && out->resolved_ms < out->occurred_ms)
		return err_setm(e, ERR_INVALID, "resolved_at", "incident.input.before_occurred", NULL);
	/* resolved before detected is possible: a breach may be found after it has ended */
	if ((rc = parse_entity(doc, a, &out->entity, e)) || (rc = parse_facts(doc, &out->facts, e)) ||
	    (rc = parse_submissions(doc, out, a, &out->subs, &out->nsubs, e)))
		return rc;
	return 0;
}
