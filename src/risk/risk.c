/*
 * risk.c — the risk procedure's rules (seed 003, SPEC §2) over data tables.
 *
 * The defaults come from rules/risk-defaults.json, embedded in the binary;
 * nothing here hard-codes a cell, an interval or a deadline.  All date logic
 * works on calendar dates: an assessment has a date, not a time, so a 48-hour
 * deadline from a date ends two days later.
 */
#include "risk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embed.h"
#include "jsonx.h"
#include "limit.h"

static const char *const unit_names[] = {"hours", "days", "weeks", "months", "years"};

int deadline_parse(const char *s, struct deadline *out)
{
	if (!s)
		return ERR_INVALID;
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || n < 1 || n > 1000 || *end != ' ')
		return ERR_INVALID;
	end++;
	for (int u = 0; u < 5; u++) {
		size_t len = strlen(unit_names[u]);
		/* singular or plural: "1 week", "3 months" */
		if (strcmp(end, unit_names[u]) == 0 ||
		    (strncmp(end, unit_names[u], len - 1) == 0 && end[len - 1] == 0)) {
			out->n = (int)n;
			out->unit = (enum deadline_unit)u;
			return 0;
		}
	}
	return ERR_INVALID;
}

const char *deadline_format(struct deadline d, char *buf, size_t len)
{
	if (d.n <= 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	const char *u = unit_names[d.unit];
	if (d.n == 1)
		snprintf(buf, len, "1 %.*s", (int)strlen(u) - 1, u);
	else
		snprintf(buf, len, "%d %s", d.n, u);
	return buf;
}

int32_t deadline_add(int32_t date, struct deadline d)
{
	if (date == DATE_NONE || d.n <= 0)
		return DATE_NONE;
	switch (d.unit) {
	case UNIT_HOURS: return date + (d.n + 23) / 24;
	case UNIT_DAYS: return date + d.n;
	case UNIT_WEEKS: return date + 7 * d.n;
	case UNIT_MONTHS: return date_add_months(date, d.n);
	case UNIT_YEARS: return date_add_months(date, 12 * d.n);
	}
	return DATE_NONE;
}

int risk_matrix_parse(json_t *j, const char *path, enum level out[4][4], struct errinfo *e)
{
	char p[300];
	if (!json_is_array(j) || json_array_size(j) != 4)
		return err_setm(e, ERR_INVALID, path, "tables.matrix_rows", NULL);
	enum level m[4][4];
	for (size_t i = 0; i < 4; i++) {
		json_t *row = json_array_get(j, i);
		jx_index(p, sizeof p, path, i);
		if (!json_is_array(row) || json_array_size(row) != 4)
			return err_setm(e, ERR_INVALID, p, "tables.matrix_row", NULL);
		for (size_t k = 0; k < 4; k++) {
			json_t *c = json_array_get(row, k);
			char pc[320];
			snprintf(pc, sizeof pc, "%s[%zu]", p, k);
			if (!json_is_string(c) || level_parse(json_string_value(c), &m[i][k]))
				return err_setm(e, ERR_INVALID, pc, "tables.matrix_cell", NULL);
		}
	}
	memcpy(out, m, sizeof m);
	return 0;
}

json_t *risk_matrix_json(const enum level m[4][4])
{
	json_t *rows = json_array();
	for (int i = 0; i < 4; i++) {
		json_t *row = json_array();
		for (int k = 0; k < 4; k++)
			json_array_append_new(row, json_string(level_name(m[i][k])));
		json_array_append_new(rows, row);
	}
	return rows;
}

static int parse_likelihood(json_t *j, const char *path, int out[4][4], struct errinfo *e)
{
	char p[300];
	if (!json_is_array(j) || json_array_size(j) != 4)
		return err_setm(e, ERR_INVALID, path, "tables.likelihood_rows", NULL);
	int t[4][4];
	for (size_t i = 0; i < 4; i++) {
		json_t *row = json_array_get(j, i);
		jx_index(p, sizeof p, path, i);
		if (!json_is_array(row) || json_array_size(row) != 4)
			return err_setm(e, ERR_INVALID, p, "tables.likelihood_row", NULL);
		for (size_t k = 0; k < 4; k++) {
			json_t *c = json_array_get(row, k);
			char pc[320];
			snprintf(pc, sizeof pc, "%s[%zu]", p, k);
			if (!json_is_integer(c) || json_integer_value(c) < 1 || json_integer_value(c) > 4)
				return err_setm(e, ERR_INVALID, pc, "tables.likelihood_value", NULL);
			t[i][k] = (int)json_integer_value(c);
		}
	}
	memcpy(out, t, sizeof t);
	return 0;
}

/* A Danish text and its "_en" label, both optional. */
static int parse_label(json_t *obj, const char *key, const char *path, struct arena *a, struct label *out,
		       struct errinfo *e)
{
	char key_en[64];
	snprintf(key_en, sizeof key_en, "%s_en", key);
	out->da = out->en = NULL;
	int rc = jx_str(obj, key, path, false, LIMIT_NAME, a, &out->da, e);
	return rc ? rc : jx_str(obj, key_en, path, false, LIMIT_NAME, a, &out->en, e);
}

static void set_label(json_t *obj, const char *key, struct label l)
{
	char key_en[64];
	snprintf(key_en, sizeof key_en, "%s_en", key);
	json_object_set_new(obj, key, l.da ? json_string(l.da) : json_null());
	json_object_set_new(obj, key_en, l.en ? json_string(l.en) : json_null());
}

static const char *const label_keys[] = {"responsible", "responsible_en", "approval", "approval_en", "escalation",
					 "escalation_en", "escalate_to", "escalate_to_en"};

/* Every level Lav..Kritisk must be present; path.Level names an entry. */
static int level_entry(json_t *j, const char *path, int lvl, json_t **out, char *p, size_t plen, struct errinfo *e)
{
	const char *name = level_name((enum level)lvl);
	jx_path(p, plen, path, name);
	*out = json_object_get(j, name);
	if (!*out)
		return err_setm(e, ERR_INVALID, p, "tables.no_row", "level", name, NULL);
	return 0;
}

static int parse_review(json_t *j, const char *path, struct arena *a, struct review_policy out[5], struct errinfo *e)
{
	if (!json_is_object(j))
		return err_setm(e, ERR_INVALID, path, "tables.review_map", NULL);
	static const char *const allowed_levels[] = {"Lav", "Medium", "Høj", "Kritisk", NULL};
	int rc = jx_check_keys(j, path, allowed_levels, e);
	if (rc)
		return rc;
	struct review_policy r[5];
	memset(r, 0, sizeof r);
	for (int l = 1; l <= 4; l++) {
		json_t *row;
		char p[300];
		if ((rc = level_entry(j, path, l, &row, p, sizeof p, e)))
			return rc;
		if (json_is_integer(row)) { /* short form: months only */
			if (json_integer_value(row) < 1 || json_integer_value(row) > 120)
				return err_setm(e, ERR_INVALID, p, "tables.interval", NULL);
			r[l].months = (int)json_integer_value(row);
			continue;
		}
		if (!json_is_object(row))
			return err_setm(e, ERR_INVALID, p, "tables.give_months", NULL);
		static const char *const allowed[] = {"months", "responsible", "responsible_en", "approval",
						      "approval_en", "escalation", "escalation_en", "escalate_to",
						      "escalate_to_en", NULL};
		if ((rc = jx_check_keys(row, p, allowed, e)) || (rc = jx_int(row, "months", p, true, 1, 120, &r[l].months, e)) ||
		    (rc = parse_label(row, "responsible", p, a, &r[l].responsible, e)) ||
		    (rc = parse_label(row, "approval", p, a, &r[l].approval, e)) ||
		    (rc = parse_label(row, "escalation", p, a, &r[l].escalation, e)) ||
		    (rc = parse_label(row, "escalate_to", p, a, &r[l].escalate_to, e)))
			return rc;
	}
	memcpy(out, r, sizeof r);
	return 0;
}

static int parse_deadline_field(json_t *row, const char *key, const char *path, bool required, struct deadline *out,
				struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(row, key);
	out->n = 0;
	out->unit = UNIT_DAYS;
	if (!v || json_is_null(v)) {
		if (required)
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.required", "key", key,
					NULL);
		return 0;
	}
	if (!json_is_string(v) || deadline_parse(json_string_value(v), out))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "tables.period", "key", key, NULL);
	return 0;
}

static int parse_treatment(json_t *j, const char *path, struct arena *a, struct treatment_policy out[5],
			   struct errinfo *e)
{
	if (!json_is_object(j))
		return err_setm(e, ERR_INVALID, path, "tables.treatment_map", NULL);
	static const char *const allowed_levels[] = {"Lav", "Medium", "Høj", "Kritisk", NULL};
	int rc = jx_check_keys(j, path, allowed_levels, e);
	if (rc)
		return rc;
	struct treatment_policy t[5];
	memset(t, 0, sizeof t);
	for (int l = 1; l <= 4; l++) {
		json_t *row;
		char p[300];
		if ((rc = level_entry(j, path, l, &row, p, sizeof p, e)))
			return rc;
		t[l].approver_role = ROLE_SYSTEM_OWNER;
		if (json_is_string(row)) { /* short form: the deadline only */
			if (deadline_parse(json_string_value(row), &t[l].deadline))
				return err_setm(e, ERR_INVALID, p, "tables.deadline", NULL);
			continue;
		}
		if (!json_is_object(row))
			return err_setm(e, ERR_INVALID, p, "tables.give_deadline", NULL);
		static const char *const allowed[] = {"deadline", "warning", "responsible", "responsible_en", "approval",
						      "approval_en", "approver_role", "escalation", "escalation_en",
						      "escalate_to", "escalate_to_en", NULL};
		int role = ROLE_SYSTEM_OWNER;
		if ((rc = jx_check_keys(row, p, allowed, e)) || (rc = parse_deadline_field(row, "deadline", p, true, &t[l].deadline, e)) ||
		    (rc = parse_deadline_field(row, "warning", p, false, &t[l].warning, e)) ||
		    (rc = jx_enum(row, "approver_role", p, false, approver_role_parse,
				  "system_owner, head_of_department, it_management, director, board", &role, e)) ||
		    (rc = parse_label(row, "responsible", p, a, &t[l].responsible, e)) ||
		    (rc = parse_label(row, "approval", p, a, &t[l].approval, e)) ||
		    (rc = parse_label(row, "escalation", p, a, &t[l].escalation, e)) ||
		    (rc = parse_label(row, "escalate_to", p, a, &t[l].escalate_to, e)))
			return rc;
		t[l].approver_role = (enum approver_role)role;
	}
	memcpy(out, t, sizeof t);
	return 0;
}

int risk_tables_apply(struct risk_tables *t, const char *name, json_t *j, const char *path, struct arena *a,
		      struct errinfo *e)
{
	if (strcmp(name, "matrix") == 0)
		return risk_matrix_parse(j, path, t->matrix, e);
	if (strcmp(name, RISK_TABLE_LIKELIHOOD) == 0)
		return parse_likelihood(j, path, t->likelihood, e);
	if (strcmp(name, RISK_TABLE_REVIEW) == 0)
		return parse_review(j, path, a, t->review, e);
	if (strcmp(name, RISK_TABLE_TREATMENT) == 0)
		return parse_treatment(j, path, a, t->treatment, e);
	return err_setm(e, ERR_INVALID, path, "tables.unknown", "name", name, NULL);
}

json_t *risk_tables_json(const struct risk_tables *t, const char *name)
{
	if (strcmp(name, "matrix") == 0)
		return risk_matrix_json(t->matrix);
	if (strcmp(name, RISK_TABLE_LIKELIHOOD) == 0) {
		json_t *rows = json_array();
		for (int i = 0; i < 4; i++) {
			json_t *row = json_array();
			for (int k = 0; k < 4; k++)
				json_array_append_new(row, json_integer(t->likelihood[i][k]));
			json_array_append_new(rows, row);
		}
		return rows;
	}
	json_t *obj = json_object();
	for (int l = 1; l <= 4; l++) {
		json_t *row = json_object();
		if (strcmp(name, RISK_TABLE_REVIEW) == 0) {
			const struct review_policy *r = &t->review[l];
			json_object_set_new(row, "months", json_integer(r->months));
			set_label(row, label_keys[0], r->responsible);
			set_label(row, label_keys[2], r->approval);
			set_label(row, label_keys[4], r->escalation);
			set_label(row, label_keys[6], r->escalate_to);
		} else {
			const struct treatment_policy *r = &t->treatment[l];
			char buf[32];
			json_object_set_new(row, "deadline", json_string(deadline_format(r->deadline, buf, sizeof buf)));
			json_object_set_new(row, "warning", r->warning.n ? json_string(deadline_format(r->warning, buf, sizeof buf))
									 : json_null());
			json_object_set_new(row, "approver_role", json_string(approver_role_name(r->approver_role)));
			set_label(row, label_keys[0], r->responsible);
			set_label(row, label_keys[2], r->approval);
			set_label(row, label_keys[4], r->escalation);
			set_label(row, label_keys[6], r->escalate_to);
		}
		json_object_set_new(obj, level_name((enum level)l), row);
	}
	return obj;
}

int risk_tables_defaults(struct risk_tables *t, struct arena *a, struct errinfo *e)
{
	const struct embedded_file *f = embed_find("rules/risk-defaults.json");
	if (!f)
		return err_setm(e, ERR_INTERNAL, "", "internal.not_embedded", "file", "rules/risk-defaults.json", NULL);
	json_error_t je;
	json_t *j = json_loadb(f->data, f->len, 0, &je);
	if (!j)
		return err_setm(e, ERR_INTERNAL, "rules/risk-defaults.json", "internal.json", "error", je.text, "line",
				err_num((char[24]){0}, je.line), NULL);
	memset(t, 0, sizeof *t);
	static const char *const names[] = {"matrix", RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
	int rc = 0;
	for (int i = 0; i < 4 && !rc; i++)
		rc = risk_tables_apply(t, names[i], json_object_get(j, names[i]), names[i], a, e);
	json_decref(j);
	return rc;
}

int risk_suggest_likelihood(const struct risk_tables *t, int threat_level, int resilience)
{
	if (threat_level < 1 || threat_level > 4 || resilience < 1 || resilience > 4)
		return 0;
	return t->likelihood[threat_level - 1][resilience - 1];
}

int consequence_overall(const struct consequence *c)
{
	int m = c->availability;
	if (c->confidentiality > m)
		m = c->confidentiality;
	if (c->integrity > m)
		m = c->integrity;
	if (c->authenticity > m)
		m = c->authenticity;
	return m;
}

enum level risk_level(const enum level m[4][4], int likelihood, int consequence)
{
	if (likelihood < 1 || likelihood > 4 || consequence < 1 || consequence > 4)
		return LEVEL_NONE;
	return m[likelihood - 1][consequence - 1];
}

enum approver_role risk_required_approver(const struct risk_tables *t, enum level residual, enum level appetite)
{
	if (residual < LEVEL_LAV || residual > LEVEL_KRITISK)
		return ROLE_NONE;
	enum approver_role r = t->treatment[residual].approver_role;
	if (appetite && residual > appetite)
		r = ROLE_BOARD;
	return r;
}

bool measure_overdue(const struct measure *m, int32_t today)
{
	return m->due != DATE_NONE && today > m->due && m->status != MSTATUS_DONE && m->status != MSTATUS_CANCELLED;
}

void risk_evaluate(const struct risk_tables *t, const enum level m[4][4], enum level appetite, const struct risk *r,
		   const struct measure *const *ms, size_t nms, int32_t today, struct risk_eval *out)
{
	memset(out, 0, sizeof *out);
	out->suggested_likelihood = risk_suggest_likelihood(t, r->threat_level, r->resilience);
	out->likelihood = r->likelihood ? r->likelihood : out->suggested_likelihood;
	out->likelihood_deviates = r->likelihood && r->likelihood != out->suggested_likelihood;
	out->consequence = consequence_overall(&r->consequence);
	out->inherent = risk_level(m, out->likelihood, out->consequence);
	if (r->has_residual) {
		out->residual_likelihood = r->residual_likelihood ? r->residual_likelihood : out->likelihood;
		out->residual_consequence = consequence_overall(&r->residual);
		if (!out->residual_consequence)
			out->residual_consequence = out->consequence;
		out->residual = risk_level(m, out->residual_likelihood, out->residual_consequence);
	} else {
		/* No residual assessment yet: nothing has reduced the risk (conservative). */
		out->residual_likelihood = out->likelihood;
		out->residual_consequence = out->consequence;
		out->residual = out->inherent;
		out->residual_assumed = true;
	}

	/* Seed 003 fig. 4.3.1: the action plan is made and mitigation started within
	 * the deadline of the risk level, counted from the assessment. */
	out->treatment_due = out->treatment_warning = DATE_NONE;
	if (out->inherent) {
		const struct treatment_policy *tp = &t->treatment[out->inherent];
		out->treatment_due = deadline_add(r->assessed_on, tp->deadline);
		out->treatment_warning = deadline_add(r->assessed_on, tp->warning);
	}
	out->above_appetite = appetite && out->residual > appetite;
	out->required_approver = risk_required_approver(t, out->residual, appetite);

	if (r->decision == DECISION_ACCEPT) {
		out->acceptance_expired = r->accept_expires != DATE_NONE && today > r->accept_expires;
		out->acceptance_valid = r->accept_approver && r->accept_role >= out->required_approver &&
					r->accept_on != DATE_NONE && !out->acceptance_expired;
	}
	bool measure_started = false;
	for (size_t i = 0; i < nms; i++) {
		if (ms[i]->status == MSTATUS_STARTED || ms[i]->status == MSTATUS_DONE)
			measure_started = true;
		if (measure_overdue(ms[i], today))
			out->measures_overdue = true;
	}
	switch (r->decision) {
	case DECISION_MITIGATE: out->treatment_started = measure_started; break;
	case DECISION_ACCEPT: out->treatment_started = out->acceptance_valid; break;
	/* Transfer and avoid are carried out by a measure too (a contract, a shutdown). */
	case DECISION_TRANSFER:
	case DECISION_AVOID: out->treatment_started = measure_started; break;
	default: out->treatment_started = false; break;
	}
	out->treatment_overdue = !out->treatment_started && out->treatment_due != DATE_NONE && today > out->treatment_due;
	out->overdue = out->treatment_overdue || out->measures_overdue || out->acceptance_expired;

	/* Who must hear of it: above appetite escalates by the residual level's row
	 * (seed 003 §3: "Ved høj rest-risiko skal vurderingen eskaleres til ledelsen"),
	 * missing progress by the inherent level's row (fig. 4.3.1 "ved manglende fremdrift"). */
	if (out->above_appetite && !(r->decision == DECISION_ACCEPT && out->acceptance_valid)) {
		out->escalate_to = t->treatment[out->residual].escalate_to;
		out->escalation_reason = "residual_above_appetite";
	} else if (out->overdue && out->inherent) {
		out->escalate_to = t->treatment[out->inherent].escalate_to;
		out->escalation_reason = out->treatment_overdue   ? "treatment_overdue"
					 : out->acceptance_expired ? "acceptance_expired"
								   : "measure_overdue";
	}
}

int32_t risk_review_due(const struct risk_tables *t, enum level effective, int32_t base, int32_t trigger, int32_t today)
{
	if (base == DATE_NONE)
		return today;
	int months = t->review[effective ? effective : LEVEL_LAV].months;
	int32_t due = date_add_months(base, months);
	if (trigger != DATE_NONE && trigger > base && trigger < due)
		due = trigger;
	return due;
}
