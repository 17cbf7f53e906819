/*
 * json_io.c — the organisation document: object readers with path-named
 * errors, reference checks across the document, and the writer.
 *
 * The writer emits exactly the fields the reader accepts (plus derived
 * ones, which the reader skips), so export → import → export is lossless.
 */
#include "json_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ict.h"
#include "kitos.h"
#include "jsonx.h"
#include "lei.h"
#include "limit.h"
#include "orgview.h"
#include "risk.h"
#include "strmap.h"

#define LEVELS "Lav, Medium, Høj, Kritisk"

/* ---- readers ---- */

static int parse_hhmm(json_t *obj, const char *key, const char *path, int *out, struct errinfo *e)
{
	json_t *v = json_object_get(obj, key);
	char p[300];
	if (!v || json_is_null(v))
		return 0;
	int h, m;
	char tail;
	if (!json_is_string(v) || sscanf(json_string_value(v), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 ||
	    m < 0 || m > 59 || (h == 24 && m))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.time", "key", key, NULL);
	*out = h * 60 + m;
	return 0;
}

/*
 * The organisation's contacts for the regulators' forms (DORA template
 * fields 1.7-1.12): [{"role": "primary" | "secondary", "name", "email",
 * "phone"}], at most one of each role, the e-mail required; kept as
 * compact JSON text.
 */
static int parse_contacts(json_t *arr, const char *path, struct arena *a, const char **out, struct errinfo *e)
{
	static const char *const ckeys[] = {"role", "name", "email", "phone", NULL};
	char p[300], pi[320], pf[340];
	*out = NULL;
	if (!arr || json_is_null(arr))
		return 0;
	jx_path(p, sizeof p, path, "contacts");
	if (!json_is_array(arr) || json_array_size(arr) > 2)
		return err_setm(e, ERR_INVALID, p, "org.contacts", NULL);
	bool seen[2] = {false, false};
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		int rc;
		const char *role = NULL, *name = NULL, *email = NULL, *phone = NULL;
		jx_index(pi, sizeof pi, p, i);
		if ((rc = jx_object(c, pi, e)) || (rc = jx_check_keys(c, pi, ckeys, e)) ||
		    (rc = jx_str(c, "role", pi, true, LIMIT_NAME, a, &role, e)) ||
		    (rc = jx_str(c, "name", pi, false, LIMIT_NAME, a, &name, e)) ||
		    (rc = jx_str(c, "email", pi, true, LIMIT_NAME, a, &email, e)) ||
		    (rc = jx_str(c, "phone", pi, false, LIMIT_NAME, a, &phone, e)))
			return rc;
		int r = !strcmp(role, "primary") ? 0 : !strcmp(role, "secondary") ? 1 : -1;
		if (r < 0)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "role"), "org.contact_role", NULL);
		if (seen[r])
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "role"), "org.contact_twice", "role", role, NULL);
		seen[r] = true;
		if (!email_valid(email))
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "email"), "input.email", "value", email, NULL);
		if (phone && !phone_valid(phone))
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "phone"),
				       "input.phone", NULL);
	}
	char *txt = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ASSERT(txt);
	*out = arena_strdup(a, txt);
	free(txt);
	return 0;
}

int json_io_org(json_t *j, const char *path, struct arena *a, struct org *o, struct errinfo *e)
{
	static const char *const keys[] = {"id", "name", "kind", "cvr", "lei", "entity", "risk_appetite",
					   "working_hours", "procedure_reviewed_on", "parent", "competent_authority",
					   "contacts", NULL};
	static const char *const ekeys[] = {"nis2", "dora", "psd2_psp", "trust_service", "dora_relief_withdrawn",
					    "dora_simplified_framework", NULL};
	static const char *const wkeys[] = {"start", "end", NULL};
	memset(o, 0, sizeof *o);
	o->risk_appetite = LEVEL_MEDIUM;
	o->work_start_min = 8 * 60;
	o->work_end_min = 16 * 60;
	o->procedure_reviewed_on = DATE_NONE;
	o->nis2 = "none";
	int kind = ORG_OTHER, rc;
	char p[300];
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &o->id, e)) ||
	    (rc = jx_str(j, "name", path, true, LIMIT_NAME, a, &o->name, e)) ||
	    (rc = jx_enum(j, "kind", path, true, org_kind_parse,
			  "bank, mortgage_institution, payment_institution, emoney_institution, payment_system, "
			  "data_centre, insurer, municipality, authority, supplier, other, industry_body",
			  &kind, e)) ||
	    (rc = jx_str(j, "cvr", path, false, LIMIT_NAME, a, &o->cvr, e)) ||
	    (rc = jx_str(j, "lei", path, false, LIMIT_NAME, a, &o->lei, e)) ||
	    (rc = jx_level(j, "risk_appetite", path, false, &o->risk_appetite, e)) ||
	    (rc = jx_date(j, "procedure_reviewed_on", path, false, &o->procedure_reviewed_on, e)) ||
	    (rc = jx_str(j, "parent", path, false, LIMIT_ID, a, &o->parent, e)))
		return rc;
	o->kind = (enum org_kind)kind;
	if (o->parent && (!*o->parent || !strcmp(o->parent, o->id)))
		o->parent = NULL; /* an organisation is its own ultimate parent by default */
	if (o->cvr && (strlen(o->cvr) != 8 || strspn(o->cvr, "0123456789") != 8))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "cvr"), "org.cvr", NULL);
	if (o->lei && (strlen(o->lei) != 20 || strspn(o->lei, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 20))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "lei"),
			       "org.lei_form", NULL);
	if (o->lei && !lei_valid(o->lei))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "lei"),
			       "org.lei_check", "lei", o->lei, NULL);
	if ((rc = jx_str(j, "competent_authority", path, false, LIMIT_NAME, a, &o->competent_authority, e)))
		return rc;
	if (o->competent_authority && !authority_code_valid(o->competent_authority))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "competent_authority"),
			       "org.authority", NULL);
	if ((rc = parse_contacts(json_object_get(j, "contacts"), path, a, &o->contacts, e)))
		return rc;
	json_t *ent = json_object_get(j, "entity");
	if (ent && !json_is_null(ent)) {
		jx_path(p, sizeof p, path, "entity");
		if ((rc = jx_object(ent, p, e)) || (rc = jx_check_keys(ent, p, ekeys, e)) ||
		    (rc = jx_bool(ent, "psd2_psp", p, &o->psd2_psp, e)) ||
		    (rc = jx_bool(ent, "trust_service", p, &o->trust_service, e)) ||
		    (rc = jx_bool(ent, "dora_relief_withdrawn", p, &o->dora_relief_withdrawn, e)) ||
		    (rc = jx_bool(ent, "dora_simplified_framework", p, &o->dora_simplified_framework, e)))
			return rc;
		json_t *nis2 = json_object_get(ent, "nis2");
		if (nis2 && !json_is_null(nis2)) {
			const char *s = json_string_value(nis2);
			char pn[320];
			if (!s || (strcmp(s, "essential") && strcmp(s, "important") && strcmp(s, "none")))
				return err_setm(e, ERR_INVALID, jx_path(pn, sizeof pn, p, "nis2"),
					       "org.nis2", NULL);
			o->nis2 = arena_strdup(a, s);
		}
		json_t *dora = json_object_get(ent, "dora");
		if (dora && !json_is_null(dora) && !json_is_false(dora)) {
			char pn[320];
			if (!json_is_string(dora) || !json_string_length(dora))
				return err_setm(e, ERR_INVALID, jx_path(pn, sizeof pn, p, "dora"),
					       "org.dora", NULL);
			if ((rc = jx_str(ent, "dora", p, true, LIMIT_NAME, a, &o->dora, e)))
				return rc;
		}
	}
	json_t *wh = json_object_get(j, "working_hours");
	if (wh && !json_is_null(wh)) {
		jx_path(p, sizeof p, path, "working_hours");
		if ((rc = jx_object(wh, p, e)) || (rc = jx_check_keys(wh, p, wkeys, e)) ||
		    (rc = parse_hhmm(wh, "start", p, &o->work_start_min, e)) ||
		    (rc = parse_hhmm(wh, "end", p, &o->work_end_min, e)))
			return rc;
		if (o->work_end_min <= o->work_start_min)
			return err_setm(e, ERR_INVALID, p, "org.working_hours", NULL);
	}
	return 0;
}

int json_io_node(json_t *j, const char *path, struct arena *a, struct node *x, struct errinfo *e)
{
	static const char *const keys[] = {"id", "kind", "name", "owner", "description", "criticality",
					   "critical_service", "personal_data", "rto_minutes", "rpo_minutes",
					   "last_assessed", "override", "ref", "service_type",
					   /* derived, ignored */
					   "effective_criticality", "derived_criticality", "criticality_reason", "criticality_reason_msg",
					   "review_due", "review_overdue", "review_trigger", "never_assessed", NULL};
	static const char *const okeys[] = {"level", "reason", NULL};
	memset(x, 0, sizeof *x);
	x->rto_minutes = x->rpo_minutes = -1;
	x->last_assessed = DATE_NONE;
	int kind = 0, pd = PDATA_NONE, rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &x->id, e)) ||
	    (rc = jx_enum(j, "kind", path, true, node_kind_parse,
			  "process, service, system, infrastructure, supplier, external", &kind, e)) ||
	    (rc = jx_str(j, "name", path, true, LIMIT_NAME, a, &x->name, e)) ||
	    (rc = jx_str(j, "owner", path, false, LIMIT_NAME, a, &x->owner, e)) ||
	    (rc = jx_str(j, "description", path, false, LIMIT_TEXT, a, &x->description, e)) ||
	    (rc = jx_level(j, "criticality", path, false, &x->criticality, e)) ||
	    (rc = jx_bool(j, "critical_service", path, &x->critical_service, e)) ||
	    (rc = jx_enum(j, "personal_data", path, false, pdata_parse, "none, ordinary, sensitive", &pd, e)) ||
	    (rc = jx_int(j, "rto_minutes", path, false, 0, 525600 * 10, &x->rto_minutes, e)) ||
	    (rc = jx_int(j, "rpo_minutes", path, false, 0, 525600 * 10, &x->rpo_minutes, e)) ||
	    (rc = jx_date(j, "last_assessed", path, false, &x->last_assessed, e)) ||
	    (rc = jx_str(j, "ref", path, false, LIMIT_REF, a, &x->ref, e)) ||
	    (rc = jx_str(j, "service_type", path, false, LIMIT_NAME, a, &x->service_type, e)))
		return rc;
	x->kind = (enum node_kind)kind;
	char rp[300];
	if (x->ref && !strncmp(x->ref, KITOS_REF_PREFIX, strlen(KITOS_REF_PREFIX))) {
		/* "kitos:UUID": the KITOS object the node was imported from (docs/kitos.md), any kind */
		if (!kitos_is_uuid(x->ref + strlen(KITOS_REF_PREFIX)))
			return err_setm(e, ERR_INVALID, jx_path(rp, sizeof rp, path, "ref"), "node.ref_form", NULL);
	} else if (x->ref) {
		/* "org/node": both parts non-empty, one slash (issue 5: shared nodes). */
		const char *slash = strchr(x->ref, '/');
		if (!slash || slash == x->ref || !slash[1] || strchr(slash + 1, '/'))
			return err_setm(e, ERR_INVALID, jx_path(rp, sizeof rp, path, "ref"),
				       "node.ref_form", NULL);
		if (x->kind != NODE_EXTERNAL)
			return err_setm(e, ERR_INVALID, jx_path(rp, sizeof rp, path, "ref"),
				       "node.ref_external", NULL);
	}
	if (x->service_type && !ict_service_type(x->service_type))
		return err_setm(e, ERR_INVALID, jx_path(rp, sizeof rp, path, "service_type"),
			       "node.service_type", "value", x->service_type, NULL);
	x->personal_data = (enum pdata)pd;
	json_t *ov = json_object_get(j, "override");
	if (ov && !json_is_null(ov)) {
		char p[300];
		jx_path(p, sizeof p, path, "override");
		if ((rc = jx_object(ov, p, e)) || (rc = jx_check_keys(ov, p, okeys, e)) ||
		    (rc = jx_level(ov, "level", p, true, &x->override, e)) ||
		    (rc = jx_str(ov, "reason", p, true, LIMIT_TEXT, a, &x->override_reason, e)))
			return rc;
	}
	return 0;
}

int json_io_edge(json_t *j, const char *path, struct arena *a, struct edge *x, struct errinfo *e)
{
	static const char *const keys[] = {"from", "to", "type", "group", NULL};
	memset(x, 0, sizeof *x);
	int type = EDGE_USES, rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "from", path, a, &x->from, e)) || (rc = jx_id(j, "to", path, a, &x->to, e)) ||
	    (rc = jx_enum(j, "type", path, false, edge_type_parse,
			  "runs_on, uses, integrates_with, supplied_by, hosted_at", &type, e)) ||
	    (rc = jx_str(j, "group", path, false, LIMIT_NAME, a, &x->group, e)))
		return rc;
	x->type = (enum edge_type)type;
	if (x->group && !*x->group)
		x->group = NULL;
	if (strcmp(x->from, x->to) == 0) {
		char p[300];
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "to"), "edge.self", NULL);
	}
	return 0;
}

int json_io_threat(json_t *j, const char *path, struct arena *a, struct threat *x, struct errinfo *e)
{
	static const char *const keys[] = {"id", "name", "name_en", "category", "description", "threat_level",
					   "level_source", "level_date", NULL};
	memset(x, 0, sizeof *x);
	x->level_date = DATE_NONE;
	int rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &x->id, e)) ||
	    (rc = jx_str(j, "name", path, true, LIMIT_NAME, a, &x->name, e)) ||
	    (rc = jx_str(j, "name_en", path, false, LIMIT_NAME, a, &x->name_en, e)) ||
	    (rc = jx_str(j, "category", path, false, LIMIT_NAME, a, &x->category, e)) ||
	    (rc = jx_str(j, "description", path, false, LIMIT_TEXT, a, &x->description, e)) ||
	    (rc = jx_int(j, "threat_level", path, false, 1, 4, &x->level, e)) ||
	    (rc = jx_str(j, "level_source", path, false, LIMIT_NAME, a, &x->level_source, e)) ||
	    (rc = jx_date(j, "level_date", path, false, &x->level_date, e)))
		return rc;
	return 0;
}

static int parse_consequence(json_t *j, const char *path, bool required, struct consequence *c, struct errinfo *e)
{
	static const char *const keys[] = {"availability", "confidentiality", "integrity", "authenticity", NULL};
	int rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_int(j, "availability", path, required, 1, 4, &c->availability, e)) ||
	    (rc = jx_int(j, "confidentiality", path, required, 1, 4, &c->confidentiality, e)) ||
	    (rc = jx_int(j, "integrity", path, required, 1, 4, &c->integrity, e)) ||
	    (rc = jx_int(j, "authenticity", path, required, 1, 4, &c->authenticity, e)))
		return rc;
	return 0;
}

int json_io_risk(json_t *j, const char *path, struct arena *a, struct risk *x, struct errinfo *e)
{
	static const char *const keys[] = {
		"id", "node", "threat", "title", "description", "assessed_on", "assessor", "owner", "threat_level",
		"resilience", "likelihood", "consequence", "residual", "decision", "matrix_version", "acceptance", "note",
		/* derived, ignored */
		"suggested_likelihood", "likelihood_deviates", "inherent_level", "residual_level", "residual_assumed",
		"treatment_due", "treatment_warning", "treatment_started", "above_appetite", "escalate_to",
		"escalate_to_en", "escalation_reason", "overdue", "treatment_overdue", "measures_overdue",
		"acceptance_valid", "acceptance_expired", "required_approver", NULL};
	static const char *const rkeys[] = {"likelihood", "consequence", NULL};
	static const char *const akeys[] = {"approver", "approver_role", "approved_on", "expires", NULL};
	memset(x, 0, sizeof *x);
	x->assessed_on = x->accept_on = x->accept_expires = DATE_NONE;
	int decision = DECISION_NONE, rc;
	char p[300];
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &x->id, e)) || (rc = jx_id(j, "node", path, a, &x->node, e)) ||
	    (rc = jx_id(j, "threat", path, a, &x->threat, e)) ||
	    (rc = jx_str(j, "title", path, false, LIMIT_NAME, a, &x->title, e)) ||
	    (rc = jx_str(j, "description", path, false, LIMIT_TEXT, a, &x->description, e)) ||
	    (rc = jx_date(j, "assessed_on", path, true, &x->assessed_on, e)) ||
	    (rc = jx_str(j, "assessor", path, false, LIMIT_NAME, a, &x->assessor, e)) ||
	    (rc = jx_str(j, "owner", path, false, LIMIT_NAME, a, &x->owner, e)) ||
	    (rc = jx_int(j, "threat_level", path, true, 1, 4, &x->threat_level, e)) ||
	    (rc = jx_int(j, "resilience", path, true, 1, 4, &x->resilience, e)) ||
	    (rc = jx_int(j, "likelihood", path, false, 1, 4, &x->likelihood, e)) ||
	    (rc = jx_enum(j, "decision", path, false, decision_parse, "none, mitigate, accept, transfer, avoid",
			  &decision, e)) ||
	    (rc = jx_int(j, "matrix_version", path, false, 1, 1000000, &x->matrix_version, e)) ||
	    (rc = jx_str(j, "note", path, false, LIMIT_TEXT, a, &x->note, e)))
		return rc;
	x->decision = (enum decision)decision;
	json_t *c = json_object_get(j, "consequence");
	if (!c || json_is_null(c))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "consequence"), "input.required", "key", "consequence", NULL);
	if ((rc = parse_consequence(c, jx_path(p, sizeof p, path, "consequence"), true, &x->consequence, e)))
		return rc;
	json_t *r = json_object_get(j, "residual");
	if (r && !json_is_null(r)) {
		jx_path(p, sizeof p, path, "residual");
		x->has_residual = true;
		if ((rc = jx_object(r, p, e)) || (rc = jx_check_keys(r, p, rkeys, e)) ||
		    (rc = jx_int(r, "likelihood", p, false, 1, 4, &x->residual_likelihood, e)))
			return rc;
		json_t *rc2 = json_object_get(r, "consequence");
		char pc[320];
		if (rc2 && !json_is_null(rc2) &&
		    (rc = parse_consequence(rc2, jx_path(pc, sizeof pc, p, "consequence"), false, &x->residual, e)))
			return rc;
	}
	json_t *acc = json_object_get(j, "acceptance");
	if (acc && !json_is_null(acc)) {
		jx_path(p, sizeof p, path, "acceptance");
		int role = ROLE_NONE;
		if ((rc = jx_object(acc, p, e)) || (rc = jx_check_keys(acc, p, akeys, e)) ||
		    (rc = jx_str(acc, "approver", p, true, LIMIT_NAME, a, &x->accept_approver, e)) ||
		    (rc = jx_enum(acc, "approver_role", p, true, approver_role_parse,
				  "system_owner, head_of_department, it_management, director, board", &role, e)) ||
		    (rc = jx_date(acc, "approved_on", p, true, &x->accept_on, e)) ||
		    (rc = jx_date(acc, "expires", p, true, &x->accept_expires, e)))
			return rc;
		x->accept_role = (enum approver_role)role;
		if (x->accept_expires <= x->accept_on) {
			char pe[320];
			return err_setm(e, ERR_INVALID, jx_path(pe, sizeof pe, p, "expires"),
				       "risk.expires", NULL);
		}
		if (x->decision != DECISION_ACCEPT)
			return err_setm(e, ERR_INVALID, p, "risk.acceptance_decision", NULL);
	}
	return 0;
}

int json_io_measure(json_t *j, const char *path, struct arena *a, struct measure *x, struct errinfo *e)
{
	static const char *const keys[] = {"id", "risk", "title", "kind", "owner", "due", "status", "description",
					   "effect", "overdue", NULL};
	static const char *const fkeys[] = {"rating", "evaluated_on", "note", NULL};
	memset(x, 0, sizeof *x);
	x->due = x->effect_evaluated_on = DATE_NONE;
	int kind = MEASURE_TECHNICAL, status = MSTATUS_PLANNED, rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &x->id, e)) || (rc = jx_id(j, "risk", path, a, &x->risk, e)) ||
	    (rc = jx_str(j, "title", path, true, LIMIT_NAME, a, &x->title, e)) ||
	    (rc = jx_enum(j, "kind", path, false, measure_kind_parse,
			  "technical, procedural, organisational, awareness, continuity", &kind, e)) ||
	    (rc = jx_str(j, "owner", path, false, LIMIT_NAME, a, &x->owner, e)) ||
	    (rc = jx_date(j, "due", path, false, &x->due, e)) ||
	    (rc = jx_enum(j, "status", path, false, measure_status_parse, "planned, started, done, cancelled", &status,
			  e)) ||
	    (rc = jx_str(j, "description", path, false, LIMIT_TEXT, a, &x->description, e)))
		return rc;
	x->kind = (enum measure_kind)kind;
	x->status = (enum measure_status)status;
	json_t *f = json_object_get(j, "effect");
	if (f && !json_is_null(f)) {
		char p[300];
		jx_path(p, sizeof p, path, "effect");
		int rating = EFFECT_NONE;
		if ((rc = jx_object(f, p, e)) || (rc = jx_check_keys(f, p, fkeys, e)) ||
		    (rc = jx_enum(f, "rating", p, true, effect_rating_parse,
				  "not_evaluated, ineffective, partial, effective", &rating, e)) ||
		    (rc = jx_date(f, "evaluated_on", p, rating != EFFECT_NONE, &x->effect_evaluated_on, e)) ||
		    (rc = jx_str(f, "note", p, false, LIMIT_TEXT, a, &x->effect_note, e)))
			return rc;
		x->effect = (enum effect_rating)rating;
	}
	return 0;
}

int json_io_change(json_t *j, const char *path, struct arena *a, struct change *x, struct errinfo *e)
{
	static const char *const keys[] = {"id", "node", "kind", "date", "description", NULL};
	memset(x, 0, sizeof *x);
	x->date = DATE_NONE;
	int kind = CHANGE_CHANGE, rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &x->id, e)) || (rc = jx_id(j, "node", path, a, &x->node, e)) ||
	    (rc = jx_enum(j, "kind", path, false, change_kind_parse, "change, incident, threat", &kind, e)) ||
	    (rc = jx_date(j, "date", path, true, &x->date, e)) ||
	    (rc = jx_str(j, "description", path, false, LIMIT_TEXT, a, &x->description, e)))
		return rc;
	x->kind = (enum change_kind)kind;
	return 0;
}

/* ---- the document ---- */

typedef int (*parse_fn)(json_t *, const char *, struct arena *, void *, struct errinfo *);

/* Parse the array doc[key] of objects of size bytes each with fn. */
static int parse_array(json_t *doc, const char *key, const char *path, struct arena *a, size_t size, parse_fn fn,
		       void **out, size_t *n, struct errinfo *e)
{
	char p[300];
	json_t *arr = json_object_get(doc, key);
	*out = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return 0;
	jx_path(p, sizeof p, path, key);
	if (!json_is_array(arr))
		return err_setm(e, ERR_INVALID, p, "input.array", "key", key, NULL);
	int rc = limit_list(json_array_size(arr), LIMIT_DOC_ITEMS, p, key, e);
	if (rc)
		return rc;
	*n = json_array_size(arr);
	*out = arena_alloc(a, size * (*n + 1));
	for (size_t i = 0; i < *n; i++) {
		char pi[320];
		rc = fn(json_array_get(arr, i), jx_index(pi, sizeof pi, p, i), a, (char *)*out + i * size, e);
		if (rc)
			return rc;
	}
	return 0;
}

/* Index ids, failing on the first duplicate: path names it. */
static int unique_ids(struct strmap *m, const char *path, const char *what, size_t n,
		      const char *(*id_at)(const void *, size_t), const void *base, struct errinfo *e)
{
	strmap_init(m, n);
	for (size_t i = 0; i < n; i++) {
		const char *id = id_at(base, i);
		if (strmap_put(m, id, strlen(id), (uint32_t)i)) {
			char p[320];
			snprintf(p, sizeof p, "%s[%zu].id", path, i);
			return err_setm(e, ERR_INVALID, p, "doc.duplicate_id", "what", what, "id", id, NULL);
		}
	}
	return 0;
}

static int ref(const struct strmap *m, const char *id, const char *path, size_t i, const char *field,
	       const char *what, struct errinfo *e)
{
	if (strmap_get(m, id, strlen(id)) >= 0)
		return 0;
	char p[320];
	snprintf(p, sizeof p, "%s[%zu].%s", path, i, field);
	return err_setm(e, ERR_INVALID, p, "doc.no_such", "what", what, "id", id, NULL);
}

static const char *node_id_at(const void *b, size_t i) { return ((const struct node *)b)[i].id; }
static const char *threat_id_at(const void *b, size_t i) { return ((const struct threat *)b)[i].id; }
static const char *risk_id_at(const void *b, size_t i) { return ((const struct risk *)b)[i].id; }
static const char *measure_id_at(const void *b, size_t i) { return ((const struct measure *)b)[i].id; }
static const char *change_id_at(const void *b, size_t i) { return ((const struct change *)b)[i].id; }

static int check_references(struct orgdoc *d, const char *path, struct errinfo *e)
{
	struct strmap nodes = {0}, threats = {0}, risks = {0}, measures = {0}, changes = {0}, edges = {0};
	char pn[300], pt[300], pr[300], pm[300], pc[300], pe[300];
	jx_path(pn, sizeof pn, path, "nodes");
	jx_path(pt, sizeof pt, path, "threats");
	jx_path(pr, sizeof pr, path, "risks");
	jx_path(pm, sizeof pm, path, "measures");
	jx_path(pc, sizeof pc, path, "changes");
	jx_path(pe, sizeof pe, path, "edges");
	int rc = unique_ids(&nodes, pn, "node", d->nnodes, node_id_at, d->nodes, e);
	if (!rc)
		rc = unique_ids(&threats, pt, "threat", d->nthreats, threat_id_at, d->threats, e);
	if (!rc)
		rc = unique_ids(&risks, pr, "risk", d->nrisks, risk_id_at, d->risks, e);
	if (!rc)
		rc = unique_ids(&measures, pm, "measure", d->nmeasures, measure_id_at, d->measures, e);
	if (!rc)
		rc = unique_ids(&changes, pc, "change", d->nchanges, change_id_at, d->changes, e);
	if (!rc)
		strmap_init(&edges, d->nedges);
	struct arena tmp;
	arena_init(&tmp);
	for (size_t i = 0; !rc && i < d->nedges; i++) {
		rc = ref(&nodes, d->edges[i].from, pe, i, "from", "node", e);
		if (!rc)
			rc = ref(&nodes, d->edges[i].to, pe, i, "to", "node", e);
		if (!rc) {
			const char *key = arena_printf(&tmp, "%s\n%s", d->edges[i].from, d->edges[i].to);
			if (strmap_put(&edges, key, strlen(key), (uint32_t)i)) {
				char p[320];
				snprintf(p, sizeof p, "%s[%zu]", pe, i);
				rc = err_setm(e, ERR_INVALID, p, "doc.duplicate_edge", "from", d->edges[i].from, "to", d->edges[i].to, NULL);
			}
		}
	}
	for (size_t i = 0; !rc && i < d->nrisks; i++) {
		rc = ref(&nodes, d->risks[i].node, pr, i, "node", "node", e);
		if (!rc)
			rc = ref(&threats, d->risks[i].threat, pr, i, "threat", "threat", e);
		if (!rc && d->risks[i].matrix_version) {
			bool found = false;
			for (size_t k = 0; k < d->nmatrices; k++)
				found |= d->matrices[k].version == d->risks[i].matrix_version;
			if (!found) {
				char p[320];
				snprintf(p, sizeof p, "%s[%zu].matrix_version", pr, i);
				rc = err_setm(e, ERR_INVALID, p, "doc.no_matrix", "version",
					      err_num((char[24]){0}, d->risks[i].matrix_version), NULL);
			}
		}
	}
	for (size_t i = 0; !rc && i < d->nmeasures; i++)
		rc = ref(&risks, d->measures[i].risk, pm, i, "risk", "risk", e);
	for (size_t i = 0; !rc && i < d->nchanges; i++)
		rc = ref(&nodes, d->changes[i].node, pc, i, "node", "node", e);
	arena_free(&tmp);
	strmap_free(&nodes);
	strmap_free(&threats);
	strmap_free(&risks);
	strmap_free(&measures);
	strmap_free(&changes);
	strmap_free(&edges);
	return rc;
}

static int parse_matrices(json_t *doc, const char *path, struct arena *a, struct orgdoc *d, struct errinfo *e)
{
	char p[300];
	json_t *mv = json_object_get(doc, "matrix_versions");
	d->matrix = json_object_get(doc, "matrix");
	if (json_is_null(d->matrix))
		d->matrix = NULL;
	enum level cells[4][4];
	int rc;
	if (d->matrix && (rc = risk_matrix_parse(d->matrix, jx_path(p, sizeof p, path, "matrix"), cells, e)))
		return rc;
	if (!mv || json_is_null(mv))
		return 0;
	jx_path(p, sizeof p, path, "matrix_versions");
	if (!json_is_array(mv) || json_array_size(mv) == 0)
		return err_setm(e, ERR_INVALID, p, "doc.matrix_versions", NULL);
	if ((rc = limit_list(json_array_size(mv), LIMIT_MATRIX_VERSIONS, p, "matrix_versions", e)))
		return rc;
	d->nmatrices = json_array_size(mv);
	d->matrices = arena_alloc(a, sizeof *d->matrices * d->nmatrices);
	static const char *const keys[] = {"version", "created_on", "cells", NULL};
	int last = 0;
	for (size_t i = 0; i < d->nmatrices; i++) {
		char pi[320], pc[340];
		json_t *x = json_array_get(mv, i);
		jx_index(pi, sizeof pi, p, i);
		struct matrix_version *m = &d->matrices[i];
		m->created_on = DATE_NONE;
		if ((rc = jx_object(x, pi, e)) || (rc = jx_check_keys(x, pi, keys, e)) ||
		    (rc = jx_int(x, "version", pi, true, 1, 1000000, &m->version, e)) ||
		    (rc = jx_date(x, "created_on", pi, true, &m->created_on, e)))
			return rc;
		if (m->version <= last)
			return err_setm(e, ERR_INVALID, jx_path(pc, sizeof pc, pi, "version"),
				       "doc.versions_increase", NULL);
		last = m->version;
		enum level c[4][4];
		json_t *jc = json_object_get(x, "cells");
		if ((rc = risk_matrix_parse(jc, jx_path(pc, sizeof pc, pi, "cells"), c, e)))
			return rc;
		json_t *canon = risk_matrix_json(c);
		m->cells = jx_dump(canon, a);
		json_decref(canon);
		if (i + 1 == d->nmatrices && d->matrix && memcmp(c, cells, sizeof c) != 0)
			return err_setm(e, ERR_INVALID, jx_path(pc, sizeof pc, path, "matrix"),
				       "doc.matrix_differs", NULL);
	}
	return 0;
}

int orgdoc_parse(json_t *doc, const char *path, struct arena *a, struct orgdoc *d, struct errinfo *e)
{
	static const char *const keys[] = {"skjold", "organisation", "matrix", "matrix_versions", "likelihood_table",
					   "review_intervals", "treatment_deadlines", "nodes", "edges", "threats",
					   "risks", "measures", "changes", "incidents", "roi", NULL};
	static const char *const tnames[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
	memset(d, 0, sizeof *d);
	char p[300];
	int rc;
	if ((rc = jx_object(doc, path, e)) || (rc = jx_check_keys(doc, path, keys, e)))
		return rc;
	json_t *ver = json_object_get(doc, "skjold");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "skjold"),
			       "doc.version", NULL);
	json_t *org = json_object_get(doc, "organisation");
	if (!org)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "organisation"), "input.required", "key", "organisation", NULL);
	if ((rc = json_io_org(org, jx_path(p, sizeof p, path, "organisation"), a, &d->org, e)))
		return rc;
	if ((rc = parse_matrices(doc, path, a, d, e)))
		return rc;
	/* Validate the tables now so an import that parses can be written. */
	struct risk_tables scratch;
	struct arena tmp;
	arena_init(&tmp);
	rc = risk_tables_defaults(&scratch, &tmp, e);
	for (int i = 0; i < 3 && !rc; i++) {
		json_t *t = json_object_get(doc, tnames[i]);
		if (t && !json_is_null(t)) {
			d->tables[i] = t;
			rc = risk_tables_apply(&scratch, tnames[i], t, jx_path(p, sizeof p, path, tnames[i]), &tmp, e);
		}
	}
	arena_free(&tmp);
	if (rc)
		return rc;
	json_t *inc = json_object_get(doc, "incidents");
	if (inc && !json_is_null(inc)) {
		if (!json_is_array(inc))
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "incidents"), "doc.incidents_array", NULL);
		if ((rc = limit_list(json_array_size(inc), LIMIT_DOC_ITEMS, jx_path(p, sizeof p, path, "incidents"),
				     "incidents", e)))
			return rc;
		size_t i;
		json_t *x;
		json_array_foreach(inc, i, x) if (!json_is_object(x))
		{
			char q[300];
			snprintf(q, sizeof q, "%s%sincidents[%zu]", path, *path ? "." : "", i);
			return err_setm(e, ERR_INVALID, q, "doc.incident_object", NULL);
		}
		d->incidents = json_array_size(inc) ? inc : NULL;
	}
	json_t *roi = json_object_get(doc, "roi");
	if (roi && !json_is_null(roi)) {
		if (!json_is_object(roi))
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "roi"),
				       "doc.roi_object", NULL);
		d->roi = roi;
	}
	if ((rc = parse_array(doc, "nodes", path, a, sizeof(struct node), (parse_fn)json_io_node, (void **)&d->nodes,
			      &d->nnodes, e)) ||
	    (rc = parse_array(doc, "edges", path, a, sizeof(struct edge), (parse_fn)json_io_edge, (void **)&d->edges,
			      &d->nedges, e)) ||
	    (rc = parse_array(doc, "threats", path, a, sizeof(struct threat), (parse_fn)json_io_threat,
			      (void **)&d->threats, &d->nthreats, e)) ||
	    (rc = parse_array(doc, "risks", path, a, sizeof(struct risk), (parse_fn)json_io_risk, (void **)&d->risks,
			      &d->nrisks, e)) ||
	    (rc = parse_array(doc, "measures", path, a, sizeof(struct measure), (parse_fn)json_io_measure,
			      (void **)&d->measures, &d->nmeasures, e)) ||
	    (rc = parse_array(doc, "changes", path, a, sizeof(struct change), (parse_fn)json_io_change,
			      (void **)&d->changes, &d->nchanges, e)))
		return rc;
	return check_references(d, path, e);
}

/* ---- writers ---- */

json_t *json_of_org(const struct org *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "name", x->name);
	jx_set_str(o, "kind", org_kind_name(x->kind));
	jx_set_str(o, "cvr", x->cvr);
	jx_set_str(o, "lei", x->lei);
	json_t *ent = json_object();
	jx_set_str(ent, "nis2", x->nis2 ? x->nis2 : "none");
	json_object_set_new(ent, "dora", x->dora ? json_string(x->dora) : json_false());
	json_object_set_new(ent, "psd2_psp", json_boolean(x->psd2_psp));
	json_object_set_new(ent, "trust_service", json_boolean(x->trust_service));
	if (x->dora_relief_withdrawn)
		json_object_set_new(ent, "dora_relief_withdrawn", json_true());
	if (x->dora_simplified_framework)
		json_object_set_new(ent, "dora_simplified_framework", json_true());
	json_object_set_new(o, "entity", ent);
	if (x->risk_appetite)
		jx_set_str(o, "risk_appetite", level_name(x->risk_appetite));
	char buf[8];
	json_t *wh = json_object();
	snprintf(buf, sizeof buf, "%02d:%02d", x->work_start_min / 60, x->work_start_min % 60);
	jx_set_str(wh, "start", buf);
	snprintf(buf, sizeof buf, "%02d:%02d", x->work_end_min / 60, x->work_end_min % 60);
	jx_set_str(wh, "end", buf);
	json_object_set_new(o, "working_hours", wh);
	jx_set_date(o, "procedure_reviewed_on", x->procedure_reviewed_on);
	jx_set_str(o, "parent", x->parent);
	jx_set_str(o, "competent_authority", x->competent_authority);
	json_t *contacts = x->contacts ? json_loads(x->contacts, 0, NULL) : NULL;
	if (contacts)
		json_object_set_new(o, "contacts", contacts);
	return o;
}

json_t *json_of_node(const struct node *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "kind", node_kind_name(x->kind));
	jx_set_str(o, "name", x->name);
	jx_set_str(o, "owner", x->owner);
	jx_set_str(o, "description", x->description);
	if (x->criticality)
		jx_set_str(o, "criticality", level_name(x->criticality));
	json_object_set_new(o, "critical_service", json_boolean(x->critical_service));
	jx_set_str(o, "personal_data", pdata_name(x->personal_data));
	if (x->rto_minutes >= 0)
		jx_set_int(o, "rto_minutes", x->rto_minutes);
	if (x->rpo_minutes >= 0)
		jx_set_int(o, "rpo_minutes", x->rpo_minutes);
	jx_set_date(o, "last_assessed", x->last_assessed);
	jx_set_str(o, "ref", x->ref);
	jx_set_str(o, "service_type", x->service_type);
	if (x->override) {
		json_t *ov = json_object();
		jx_set_str(ov, "level", level_name(x->override));
		jx_set_str(ov, "reason", x->override_reason);
		json_object_set_new(o, "override", ov);
	}
	return o;
}

json_t *json_of_edge(const struct edge *x)
{
	json_t *o = json_object();
	jx_set_str(o, "from", x->from);
	jx_set_str(o, "to", x->to);
	jx_set_str(o, "type", edge_type_name(x->type));
	jx_set_str(o, "group", x->group);
	return o;
}

json_t *json_of_threat(const struct threat *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "name", x->name);
	jx_set_str(o, "name_en", x->name_en);
	jx_set_str(o, "category", x->category);
	jx_set_str(o, "description", x->description);
	if (x->level)
		jx_set_int(o, "threat_level", x->level);
	jx_set_str(o, "level_source", x->level_source);
	jx_set_date(o, "level_date", x->level_date);
	return o;
}

static json_t *json_of_consequence(const struct consequence *c)
{
	json_t *o = json_object();
	if (c->availability)
		jx_set_int(o, "availability", c->availability);
	if (c->confidentiality)
		jx_set_int(o, "confidentiality", c->confidentiality);
	if (c->integrity)
		jx_set_int(o, "integrity", c->integrity);
	if (c->authenticity)
		jx_set_int(o, "authenticity", c->authenticity);
	return o;
}

json_t *json_of_risk(const struct risk *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "node", x->node);
	jx_set_str(o, "threat", x->threat);
	jx_set_str(o, "title", x->title);
	jx_set_str(o, "description", x->description);
	jx_set_date(o, "assessed_on", x->assessed_on);
	jx_set_str(o, "assessor", x->assessor);
	jx_set_str(o, "owner", x->owner);
	jx_set_int(o, "threat_level", x->threat_level);
	jx_set_int(o, "resilience", x->resilience);
	json_object_set_new(o, "likelihood", x->likelihood ? json_integer(x->likelihood) : json_null());
	json_object_set_new(o, "consequence", json_of_consequence(&x->consequence));
	if (x->has_residual) {
		json_t *r = json_object();
		if (x->residual_likelihood)
			jx_set_int(r, "likelihood", x->residual_likelihood);
		json_object_set_new(r, "consequence", json_of_consequence(&x->residual));
		json_object_set_new(o, "residual", r);
	}
	jx_set_str(o, "decision", decision_name(x->decision));
	if (x->matrix_version)
		jx_set_int(o, "matrix_version", x->matrix_version);
	if (x->accept_approver) {
		json_t *acc = json_object();
		jx_set_str(acc, "approver", x->accept_approver);
		jx_set_str(acc, "approver_role", approver_role_name(x->accept_role));
		jx_set_date(acc, "approved_on", x->accept_on);
		jx_set_date(acc, "expires", x->accept_expires);
		json_object_set_new(o, "acceptance", acc);
	}
	jx_set_str(o, "note", x->note);
	return o;
}

json_t *json_of_measure(const struct measure *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "risk", x->risk);
	jx_set_str(o, "title", x->title);
	jx_set_str(o, "kind", measure_kind_name(x->kind));
	jx_set_str(o, "owner", x->owner);
	jx_set_date(o, "due", x->due);
	jx_set_str(o, "status", measure_status_name(x->status));
	jx_set_str(o, "description", x->description);
	if (x->effect != EFFECT_NONE || x->effect_note || x->effect_evaluated_on != DATE_NONE) {
		json_t *f = json_object();
		jx_set_str(f, "rating", effect_rating_name(x->effect));
		jx_set_date(f, "evaluated_on", x->effect_evaluated_on);
		jx_set_str(f, "note", x->effect_note);
		json_object_set_new(o, "effect", f);
	}
	return o;
}

json_t *json_of_change(const struct change *x)
{
	json_t *o = json_object();
	jx_set_str(o, "id", x->id);
	jx_set_str(o, "node", x->node);
	jx_set_str(o, "kind", change_kind_name(x->kind));
	jx_set_date(o, "date", x->date);
	jx_set_str(o, "description", x->description);
	return o;
}

static json_t *label_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void json_add_node_derived(json_t *o, const struct orgview *v, size_t i)
{
	const struct node_eval *ne = &v->node_eval[i];
	jx_set_str(o, "effective_criticality", level_name(ne->level));
	if (v->nodes[i].override)
		jx_set_str(o, "derived_criticality", level_name(ne->derived));
	jx_set_str(o, "criticality_reason", ne->reason);
	if (ne->reason_msg)
		json_object_set_new(o, "criticality_reason_msg", msg_json(ne->reason_msg));
	jx_set_date(o, "review_due", ne->review_due);
	json_object_set_new(o, "review_overdue", json_boolean(ne->review_overdue));
	if (ne->never_assessed)
		json_object_set_new(o, "never_assessed", json_true());
	if (ne->trigger_id && ne->review_due == ne->trigger)
		jx_set_str(o, "review_trigger", ne->trigger_id);
}

void json_add_risk_derived(json_t *o, const struct orgview *v, size_t i)
{
	const struct risk_eval *re = &v->risk_eval[i];
	jx_set_int(o, "suggested_likelihood", re->suggested_likelihood);
	if (re->likelihood_deviates)
		json_object_set_new(o, "likelihood_deviates", json_true());
	jx_set_str(o, "inherent_level", level_name(re->inherent));
	jx_set_str(o, "residual_level", level_name(re->residual));
	if (re->residual_assumed)
		json_object_set_new(o, "residual_assumed", json_true());
	jx_set_date(o, "treatment_due", re->treatment_due);
	jx_set_date(o, "treatment_warning", re->treatment_warning);
	json_object_set_new(o, "treatment_started", json_boolean(re->treatment_started));
	json_object_set_new(o, "above_appetite", json_boolean(re->above_appetite));
	jx_set_str(o, "required_approver", approver_role_name(re->required_approver));
	if (v->risks[i].decision == DECISION_ACCEPT) {
		json_object_set_new(o, "acceptance_valid", json_boolean(re->acceptance_valid));
		if (re->acceptance_expired)
			json_object_set_new(o, "acceptance_expired", json_true());
	}
	json_object_set_new(o, "overdue", json_boolean(re->overdue));
	if (re->treatment_overdue)
		json_object_set_new(o, "treatment_overdue", json_true());
	if (re->measures_overdue)
		json_object_set_new(o, "measures_overdue", json_true());
	json_object_set_new(o, "escalate_to", label_or_null(re->escalate_to.da));
	json_object_set_new(o, "escalate_to_en", label_or_null(re->escalate_to.en));
	if (re->escalation_reason)
		jx_set_str(o, "escalation_reason", re->escalation_reason);
}

void json_add_measure_derived(json_t *o, const struct orgview *v, size_t i)
{
	json_object_set_new(o, "overdue", json_boolean(measure_overdue(&v->measures[i], v->today)));
}

json_t *orgdoc_export(const struct orgview *v)
{
	static const char *const tnames[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};
	json_t *doc = json_object();
	jx_set_int(doc, "skjold", 1);
	json_object_set_new(doc, "organisation", json_of_org(&v->org));
	json_object_set_new(doc, "matrix", risk_matrix_json(v->tables.matrix));
	json_t *mv = json_array();
	for (size_t i = 0; i < v->nmatrices; i++) {
		json_t *m = json_object();
		jx_set_int(m, "version", v->matrices[i].version);
		jx_set_date(m, "created_on", v->matrices[i].created_on);
		json_object_set_new(m, "cells", risk_matrix_json((const enum level(*)[4])v->matrix_cells[i]));
		json_array_append_new(mv, m);
	}
	json_object_set_new(doc, "matrix_versions", mv);
	for (int i = 0; i < 3; i++)
		if (v->tables_json[i])
			json_object_set_new(doc, tnames[i], risk_tables_json(&v->tables, tnames[i]));
	json_t *arr = json_array();
	for (size_t i = 0; i < v->nnodes; i++) {
		json_t *o = json_of_node(&v->nodes[i]);
		json_add_node_derived(o, v, i);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "nodes", arr);
	arr = json_array();
	for (size_t i = 0; i < v->nedges; i++)
		json_array_append_new(arr, json_of_edge(&v->edges[i]));
	json_object_set_new(doc, "edges", arr);
	arr = json_array();
	for (size_t i = 0; i < v->nthreats; i++)
		json_array_append_new(arr, json_of_threat(&v->threats[i]));
	json_object_set_new(doc, "threats", arr);
	arr = json_array();
	for (size_t i = 0; i < v->nrisks; i++) {
		json_t *o = json_of_risk(&v->risks[i]);
		json_add_risk_derived(o, v, i);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "risks", arr);
	arr = json_array();
	for (size_t i = 0; i < v->nmeasures; i++) {
		json_t *o = json_of_measure(&v->measures[i]);
		json_add_measure_derived(o, v, i);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "measures", arr);
	arr = json_array();
	for (size_t i = 0; i < v->nstored_changes; i++)
		json_array_append_new(arr, json_of_change(&v->changes[i]));
	json_object_set_new(doc, "changes", arr);
	json_object_set_new(doc, "incidents", json_array());
	return doc;
}
