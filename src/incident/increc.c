/*
 * increc.c — stored incidents (see increc.h).
 *
 * Every write is one transaction: the incident row, its node references, its
 * timeline event and the audit entry (with the document before and after)
 * commit together or not at all.  The document is checked in full before
 * anything is written — the facts by incident_parse, skjold's own fields
 * here, affected nodes and risks against the organisation — so bad input
 * names its field and changes nothing.
 */
#include "increc.h"

#include <string.h>

#include "audit.h"
#include "date.h"
#include "dora_ir.h"
#include "jsonx.h"
#include "limit.h"
#include "tlp.h"

static const char *const own_keys[] = {"id",    "status", "description", "category",	     "cause",	  "root_cause",
					"nodes", "risks",  "measures",	  "user_information", "reporting", "notes", "estimated_facts", "recurring_of",
					"recovered_at", "dora", "tlp", NULL};

static const char *const statuses[] = {"open", "resolved", "closed", NULL};

static int check_instant(json_t *obj, const char *key, const char *path, bool required, struct errinfo *e)
{
	int64_t ms;
	return incident_instant(obj, key, path, required, &ms, e);
}

/* A text of at most max bytes (limit.h). */
static int check_str(json_t *obj, const char *key, const char *path, bool required, size_t max, struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return required ? err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.required",
					   NULL) : 0;
	if (!json_is_string(v) || !json_string_length(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.string", NULL);
	return limit_text(json_string_value(v), json_string_length(v), max, jx_path(p, sizeof p, path, key), key, e);
}

/* An array of at most LIMIT_LIST ids; what names an element in the message. */
static int check_ids(json_t *arr, const char *key, const char *what, struct errinfo *e)
{
	if (!json_is_array(arr))
		return err_setm(e, ERR_INVALID, key, "incident.input.id_array", "what", what, NULL);
	int rc = limit_list(json_array_size(arr), LIMIT_LIST, key, key, e);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		char p[64];
		jx_index(p, sizeof p, key, i);
		if (rc || !json_is_string(v) || !json_string_length(v))
			return rc ? rc : err_setm(e, ERR_INVALID, p, "incident.input.id", "what", what, NULL);
		if ((rc = limit_text(json_string_value(v), json_string_length(v), LIMIT_ID, p, "an id", e)))
			return rc;
	}
	return rc;
}

static int check_bool(json_t *obj, const char *key, const char *path, struct errinfo *e)
{
	char p[300];
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_null(v) && !json_is_boolean(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "incident.input.boolean", NULL);
	return 0;
}

/* ids of the organisation's nodes or risks */
static int check_refs(struct store *st, const char *org, json_t *doc, const char *key, struct arena *a,
		      struct errinfo *e)
{
	json_t *arr = json_object_get(doc, key);
	if (!arr || json_is_null(arr))
		return 0;
	int rc = check_ids(arr, key, !strcmp(key, "nodes") ? "a node" : "a risk", e);
	if (rc)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		char p[64];
		jx_index(p, sizeof p, key, i);
		const char *id = json_string_value(v);
		struct errinfo sub;
		err_clear(&sub);
		if (!strcmp(key, "nodes")) {
			struct node n;
			rc = store_node_get(st, org, id, a, &n, &sub);
		} else {
			struct risk r;
			rc = store_risk_get(st, org, id, a, &r, &sub);
		}
		if (rc == ERR_NOTFOUND)
			return err_setm(e, ERR_INVALID, p, "object.not_found", "@kind",
					!strcmp(key, "nodes") ? "kind.node" : "kind.risk", "id", id, "org", org, NULL);
		if (rc) {
			*e = sub;
			return rc;
		}
	}
	return 0;
}

static int check_own(struct store *st, const char *org, json_t *doc, struct arena *a, struct errinfo *e)
{
	int rc;
	const char *id;
	if ((rc = jx_id(doc, "id", "", a, &id, e)))
		return rc;
	json_t *s = json_object_get(doc, "status");
	if (s && !json_is_null(s)) {
		bool ok = false;
		for (int i = 0; statuses[i] && !ok; i++)
			ok = json_is_string(s) && !strcmp(json_string_value(s), statuses[i]);
		if (!ok)
			return err_setm(e, ERR_INVALID, "status", "incident.input.status", NULL);
	}
	static const char *const texts[] = {"description", "cause", "root_cause", "measures", "notes", NULL};
	for (int i = 0; texts[i]; i++)
		if ((rc = check_str(doc, texts[i], "", false, LIMIT_LONG_TEXT, e)))
			return rc;
	if ((rc = check_str(doc, "category", "", false, LIMIT_NAME, e)))
		return rc;
	/* the label its webhook events carry (docs/webhooks.md): TLP 2.0, AMBER+STRICT when none */
	json_t *tlp = json_object_get(doc, "tlp");
	if (tlp && !json_is_null(tlp) && tlp_parse(json_string_value(tlp)) < 0)
		return err_setm(e, ERR_INVALID, "tlp", "incident.input.tlp", NULL);
	if ((rc = check_refs(st, org, doc, "nodes", a, e)) || (rc = check_refs(st, org, doc, "risks", a, e)))
		return rc;
	/* DORA template field 3.3: when regular activities were recovered (4.8, resolved_at, may come later) */
	int64_t recovered, occurred;
	if ((rc = incident_instant(doc, "recovered_at", "", false, &recovered, e)) ||
	    (rc = incident_instant(doc, "occurred_at", "", false, &occurred, e)))
		return rc;
	if (recovered != INSTANT_UNKNOWN && occurred != INSTANT_UNKNOWN && recovered < occurred)
		return err_setm(e, ERR_INVALID, "recovered_at", "incident.input.before_occurred", NULL);
	if ((rc = dora_ir_check(json_object_get(doc, "dora"), e)))
		return rc;
	json_t *rec = json_object_get(doc, "recurring_of");
	if (rec && !json_is_null(rec) && (rc = check_ids(rec, "recurring_of", "an incident", e)))
		return rc;
	json_t *est = json_object_get(doc, "estimated_facts");
	if (est && !json_is_null(est)) {
		if (!json_is_array(est))
			return err_setm(e, ERR_INVALID, "estimated_facts", "incident.input.estimated", NULL);
		if ((rc = limit_list(json_array_size(est), LIMIT_LIST, "estimated_facts", "estimated_facts", e)))
			return rc;
		size_t i;
		json_t *v;
		json_array_foreach(est, i, v)
		{
			char p[64];
			jx_index(p, sizeof p, "estimated_facts", i);
			const char *f = json_is_string(v) ? json_string_value(v) : "";
			bool ok = !strcmp(f, "occurred_at") || !strcmp(f, "resolved_at") || !strcmp(f, "entity.tier1_capital_eur");
			for (size_t k = 0; !ok && k < incident_fact_count; k++)
				ok = !strncmp(f, "facts.", 6) && !strcmp(f + 6, incident_fact_defs[k].name);
			if (!ok)
				return err_setm(e, ERR_INVALID, p, "incident.input.not_estimable", NULL);
		}
	}
	json_t *ui = json_object_get(doc, "user_information");
	if (ui && !json_is_null(ui)) {
		static const char *const k[] = {"assessed_at", "affects_financial_interests", "notified_at", "channel",
						"mitigations", NULL};
		if ((rc = jx_object(ui, "user_information", e)) || (rc = jx_check_keys(ui, "user_information", k, e)) ||
		    (rc = check_instant(ui, "assessed_at", "user_information", false, e)) ||
		    (rc = check_bool(ui, "affects_financial_interests", "user_information", e)) ||
		    (rc = check_instant(ui, "notified_at", "user_information", false, e)) ||
		    (rc = check_str(ui, "channel", "user_information", false, LIMIT_NAME, e)) ||
		    (rc = check_str(ui, "mitigations", "user_information", false, LIMIT_LONG_TEXT, e)))
			return rc;
		if (json_is_string(json_object_get(ui, "notified_at")) &&
		    !json_is_true(json_object_get(ui, "affects_financial_interests")))
			return err_setm(e, ERR_INVALID, "user_information.affects_financial_interests",
					"incident.input.notified_affects", NULL);
	}
	json_t *rep = json_object_get(doc, "reporting");
	if (rep && !json_is_null(rep)) {
		static const char *const k[] = {"outsourced", "consolidated", NULL};
		if ((rc = jx_object(rep, "reporting", e)) || (rc = jx_check_keys(rep, "reporting", k, e)))
			return rc;
		json_t *o = json_object_get(rep, "outsourced");
		if (o && !json_is_null(o)) {
			static const char *const ko[] = {"third_party", "notice_to_authority_at", "contract_reference",
							 "withdrawn_at", "withdrawal_notified_at", NULL};
			const char *p = "reporting.outsourced";
			if ((rc = jx_object(o, p, e)) || (rc = jx_check_keys(o, p, ko, e)) ||
			    (rc = check_str(o, "third_party", p, true, LIMIT_NAME, e)) ||
			    (rc = check_instant(o, "notice_to_authority_at", p, true, e)) ||
			    (rc = check_str(o, "contract_reference", p, true, LIMIT_NAME, e)) ||
			    (rc = check_instant(o, "withdrawn_at", p, false, e)) ||
			    (rc = check_instant(o, "withdrawal_notified_at", p, false, e)))
				return rc;
		}
		json_t *c = json_object_get(rep, "consolidated");
		if (c && !json_is_null(c)) {
			static const char *const kc[] = {"third_party", "entities", "notice_to_authority_at",
							 "contract_reference", "caused_by_third_party_service", NULL};
			const char *p = "reporting.consolidated";
			if ((rc = jx_object(c, p, e)) || (rc = jx_check_keys(c, p, kc, e)) ||
			    (rc = check_str(c, "third_party", p, true, LIMIT_NAME, e)) ||
			    (rc = check_instant(c, "notice_to_authority_at", p, true, e)) ||
			    (rc = check_str(c, "contract_reference", p, true, LIMIT_NAME, e)))
				return rc;
			json_t *ents = json_object_get(c, "entities");
			if (!json_is_array(ents) || json_array_size(ents) < 1)
				return err_setm(e, ERR_INVALID, "reporting.consolidated.entities",
						"incident.input.entities", NULL);
			if ((rc = limit_list(json_array_size(ents), LIMIT_LIST, "reporting.consolidated.entities", "entities",
					     e)))
				return rc;
			size_t i;
			json_t *v;
			json_array_foreach(ents, i, v)
			{
				char pe[80];
				jx_index(pe, sizeof pe, "reporting.consolidated.entities", i);
				if (!json_is_string(v) || !json_string_length(v))
					return err_setm(e, ERR_INVALID, pe, "incident.input.entity_name", NULL);
				if ((rc = limit_text(json_string_value(v), json_string_length(v), LIMIT_NAME, pe, "an entity",
						     e)))
					return rc;
			}
			/* BEK § 8 stk. 1: only where the incident stems from the third party's own service */
			if (!json_is_true(json_object_get(c, "caused_by_third_party_service")))
				return err_setm(e, ERR_INVALID, "reporting.consolidated.caused_by_third_party_service",
						"incident.input.consolidated", NULL);
		}
	}
	return 0;
}

/* The entity from the organisation, when the document gives none. */
static json_t *entity_of_org(const struct org *o)
{
	json_t *en = json_object();
	json_object_set_new(en, "name", json_string(o->name));
	json_object_set_new(en, "psd2_psp", json_boolean(o->psd2_psp));
	json_object_set_new(en, "dora", json_boolean(o->dora != NULL));
	if (o->dora) {
		const char *t = "other";
		for (int i = 0; dora_type_name(i); i++)
			if (!strcmp(dora_type_name(i), o->dora))
				t = o->dora;
		json_object_set_new(en, "dora_type", json_string(t));
	}
	json_object_set_new(en, "nis2", json_string(o->nis2 && *o->nis2 ? o->nis2 : "none"));
	json_object_set_new(en, "trust_service_provider", json_boolean(o->trust_service));
	if (o->dora_relief_withdrawn)
		json_object_set_new(en, "dora_relief_withdrawn", json_true());
	if (o->dora_simplified_framework)
		json_object_set_new(en, "dora_simplified_framework", json_true());
	char s[8], t[8];
	snprintf(s, sizeof s, "%02d:%02d", o->work_start_min / 60, o->work_start_min % 60);
	snprintf(t, sizeof t, "%02d:%02d", o->work_end_min / 60, o->work_end_min % 60);
	if (o->work_start_min < o->work_end_min)
		json_object_set_new(en, "working_hours", json_pack("{ssss}", "start", s, "end", t));
	return en;
}

static json_t *submission_json(const struct submission_rec *s)
{
	json_t *j = json_loads(s->doc, 0, NULL);
	return j ? j : json_pack("{ssss}", "regime", s->regime, "report", s->report);
}

/*
 * Build the document the engine reads (entity filled from the organisation
 * when absent, the stored submissions appended) and parse it into x->inc.
 */
static int prepare(struct store *st, const char *org, struct increc *x, struct arena *a, struct errinfo *e)
{
	struct org o;
	int rc = store_org_get(st, org, a, &o, e);
	if (rc)
		return rc;
	x->eval_doc = json_deep_copy(x->doc);
	x->entity_from_org = !json_object_get(x->doc, "entity") || json_is_null(json_object_get(x->doc, "entity"));
	if (x->entity_from_org)
		json_object_set_new(x->eval_doc, "entity", entity_of_org(&o));
	json_t *subs = json_array();
	for (size_t i = 0; i < x->nsubs; i++)
		json_array_append_new(subs, submission_json(&x->subs[i]));
	json_object_set_new(x->eval_doc, "submissions", subs);
	return incident_parse(x->eval_doc, own_keys, a, &x->inc, e);
}

static const char *status_of(json_t *doc)
{
	json_t *s = json_object_get(doc, "status");
	if (json_is_string(s))
		return json_string_value(s);
	json_t *r = json_object_get(doc, "resolved_at");
	return r && !json_is_null(r) ? "resolved" : "open";
}

static int event(struct writer *w, const char *org, const char *id, const char *kind, json_t *detail, struct errinfo *e)
{
	struct incident_event ev = {.incident = id, .at_ms = w->now_ms, .actor = w->actor, .kind = kind,
				    .detail = detail ? jx_dump(detail, w->a) : NULL};
	json_decref(detail);
	return store_incident_event_add(w->st, org, &ev, e);
}

/* Validate doc fully and write the row (no audit, no event). */
static int write_doc(struct writer *w, const char *org, json_t *doc, int64_t created_ms, struct increc *x,
		     struct errinfo *e)
{
	int rc = check_own(w->st, org, doc, w->a, e);
	if (rc)
		return rc;
	x->doc = doc;
	if ((rc = prepare(w->st, org, x, w->a, e)))
		return rc;
	json_t *nodes = json_object_get(doc, "nodes");
	size_t nn = json_array_size(nodes);
	const char **ids = arena_alloc(w->a, (nn + 1) * sizeof *ids);
	for (size_t i = 0; i < nn; i++)
		ids[i] = json_string_value(json_array_get(nodes, i));
	x->rec = (struct incident_rec){.id = json_string_value(json_object_get(doc, "id")),
				       .title = x->inc.title ? x->inc.title : "",
				       .status = status_of(doc),
				       .detected_ms = x->inc.detected_ms,
				       .created_ms = created_ms,
				       .updated_ms = w->now_ms,
				       .doc = jx_dump(doc, w->a),
				       .nodes = ids,
				       .nnodes = nn};
	return store_incident_put(w->st, org, &x->rec, e);
}

static int finish(struct writer *w, int rc, struct errinfo *e)
{
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	return store_commit(w->st, e);
}

/* sub has been checked by incident_parse (regime, report, time after detection). */
static int add_submission(struct writer *w, const char *org, const char *id, json_t *sub, struct errinfo *e)
{
	int64_t at;
	instant_parse(json_string_value(json_object_get(sub, "submitted_at")), &at);
	struct submission_rec s = {.incident = id,
				   .regime = json_string_value(json_object_get(sub, "regime")),
				   .report = json_string_value(json_object_get(sub, "report")),
				   .submitted_ms = at,
				   .doc = jx_dump(sub, w->a)};
	int rc = store_submission_add(w->st, org, &s, e);
	if (!rc)
		rc = event(w, org, id, "submitted", json_deep_copy(sub), e);
	return rc;
}

/* BEK § 6 stk. 2: the final report must rest on actual facts. */
static int check_final_estimates(json_t *sub, const char *path, struct errinfo *e)
{
	if (json_is_true(json_object_get(sub, "estimates")) &&
	    !strcmp(json_string_value(json_object_get(sub, "regime")), "dk-psd2-2018") &&
	    !strcmp(json_string_value(json_object_get(sub, "report")), "final")) {
		char p[300];
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "estimates"),
				"incident.input.final_estimates", NULL);
	}
	return 0;
}

int increc_add(struct writer *w, const char *org, json_t *doc, struct errinfo *e)
{
	int rc;
	if ((rc = jx_object(doc, "$", e)))
		return rc;
	json_t *subs = json_incref(json_object_get(doc, "submissions"));
	json_t *body = json_deep_copy(doc);
	json_object_del(body, "submissions");
	struct increc x;
	memset(&x, 0, sizeof x);
	/* Check the submissions with the facts before anything is written. */
	json_t *probe = json_deep_copy(body);
	if (subs)
		json_object_set(probe, "submissions", subs);
	struct incident tmp;
	struct org o;
	if ((rc = store_org_get(w->st, org, w->a, &o, e)))
		goto out0;
	if (!json_object_get(probe, "entity") || json_is_null(json_object_get(probe, "entity")))
		json_object_set_new(probe, "entity", entity_of_org(&o)); /* null = the organisation's, as in prepare */
	if ((rc = incident_parse(probe, own_keys, w->a, &tmp, e)))
		goto out0;
	size_t i;
	json_t *s;
	json_array_foreach(subs, i, s)
	{
		char p[64];
		if ((rc = check_final_estimates(s, jx_index(p, sizeof p, "submissions", i), e)))
			goto out0;
	}
	if ((rc = store_begin(w->st, e)))
		goto out0;
	const char *id = json_string_value(json_object_get(body, "id"));
	struct incident_rec old;
	struct errinfo ignore;
	if (id && !store_incident_get(w->st, org, id, w->a, &old, &ignore)) {
		rc = err_setm(e, ERR_CONFLICT, "id", "incident.exists", "id", id, "org", org, NULL);
		goto out;
	}
	if ((rc = write_doc(w, org, body, w->now_ms, &x, e)))
		goto out;
	id = x.rec.id;
	if ((rc = event(w, org, id, "created", NULL, e)))
		goto out;
	json_array_foreach(subs, i, s)
	{
		if ((rc = add_submission(w, org, id, s, e)))
			goto out;
	}
	rc = audit_record(w->st, w->actor, w->now_ms, "add", "incident", org, id, NULL, jx_dump(doc, w->a), e);
out:
	rc = finish(w, rc, e);
out0:
	json_decref(probe);
	json_decref(subs);
	if (!x.doc)
		json_decref(body); /* else x owns it */
	increc_free(&x);
	return rc;
}

static json_t *change_entry(const char *field, json_t *before, json_t *after)
{
	json_t *c = json_object();
	json_object_set_new(c, "field", json_string(field));
	json_object_set_new(c, "before", before ? json_deep_copy(before) : json_null());
	json_object_set_new(c, "after", after ? json_deep_copy(after) : json_null());
	return c;
}

/* RFC 7386 merge patch; collects what changed, field by field. */
static void merge_patch(json_t *target, json_t *patch, const char *path, json_t *changed)
{
	const char *k;
	json_t *v;
	json_object_foreach(patch, k, v)
	{
		char p[300];
		jx_path(p, sizeof p, path, k);
		json_t *cur = json_object_get(target, k);
		if (json_is_null(v)) {
			if (cur) {
				json_array_append_new(changed, change_entry(p, cur, NULL));
				json_object_del(target, k);
			}
		} else if (json_is_object(v) && json_is_object(cur)) {
			merge_patch(cur, v, p, changed);
		} else if (!cur || !json_equal(cur, v)) {
			json_array_append_new(changed, change_entry(p, cur, v));
			json_object_set_new(target, k, json_deep_copy(v));
		}
	}
}

int increc_update(struct writer *w, const char *org, const char *id, json_t *patch, struct errinfo *e)
{
	int rc;
	if ((rc = jx_object(patch, "$", e)))
		return rc;
	if (json_object_get(patch, "submissions"))
		return err_setm(e, ERR_INVALID, "submissions", "incident.input.submissions", NULL);
	json_t *pid = json_object_get(patch, "id");
	if (pid && !(json_is_string(pid) && !strcmp(json_string_value(pid), id)))
		return err_setm(e, ERR_INVALID, "id", "incident.input.id_change", NULL);
	if ((rc = store_begin(w->st, e)))
		return rc;
	struct increc x, y;
	memset(&y, 0, sizeof y);
	if ((rc = increc_load(w->st, org, id, w->a, &x, e))) {
		store_rollback(w->st);
		return rc;
	}
	json_t *doc = json_deep_copy(x.doc), *changed = json_array();
	merge_patch(doc, patch, "", changed);
	if (!json_array_size(changed)) {
		json_decref(doc);
		json_decref(changed);
		increc_free(&x);
		store_rollback(w->st);
		return 0;
	}
	y.subs = x.subs;
	y.nsubs = x.nsubs;
	if ((rc = write_doc(w, org, doc, x.rec.created_ms, &y, e)))
		goto out;
	if ((rc = event(w, org, id, "updated", json_incref(changed), e)))
		goto out;
	rc = audit_record(w->st, w->actor, w->now_ms, "update", "incident", org, id, x.rec.doc, y.rec.doc, e);
out:
	rc = finish(w, rc, e);
	if (!y.doc)
		json_decref(doc);
	increc_free(&y);
	json_decref(changed);
	increc_free(&x);
	return rc;
}

int increc_submit(struct writer *w, const char *org, const char *id, json_t *sub, struct errinfo *e)
{
	int rc;
	if ((rc = store_begin(w->st, e)))
		return rc;
	struct increc x;
	if ((rc = increc_load(w->st, org, id, w->a, &x, e))) {
		store_rollback(w->st);
		return rc;
	}
	/* Check it as part of the incident: regime, report, time after detection. */
	json_t *probe = json_deep_copy(x.eval_doc);
	json_t *arr = json_array();
	json_array_append(arr, sub);
	json_object_set_new(probe, "submissions", arr);
	struct incident tmp;
	struct errinfo pe;
	err_clear(&pe);
	rc = incident_parse(probe, own_keys, w->a, &tmp, &pe);
	json_decref(probe);
	if (rc) { /* the probe's error, naming the submission's field, not the array slot of the probe */
		struct errinfo f = pe;
		if (!strncmp(pe.field, "submissions[0].", 15))
			snprintf(f.field, sizeof f.field, "%s", pe.field + 15);
		rc = err_pass(e, &f);
	}
	if (!rc)
		rc = check_final_estimates(sub, "", e);
	if (!rc)
		rc = add_submission(w, org, id, sub, e);
	if (!rc)
		rc = audit_record(w->st, w->actor, w->now_ms, "submit", "incident", org, id, NULL, jx_dump(sub, w->a), e);
	increc_free(&x);
	return finish(w, rc, e);
}

int increc_load(struct store *st, const char *org, const char *id, struct arena *a, struct increc *out,
		struct errinfo *e)
{
	memset(out, 0, sizeof *out);
	int rc = store_incident_get(st, org, id, a, &out->rec, e);
	if (rc == ERR_NOTFOUND && strcmp(e->field, "--org")) {
		err_clear(e);
		return err_setm(e, ERR_NOTFOUND, "id", "incident.not_found", "id", id, "org", org, NULL);
	}
	if (rc || (rc = store_submission_list(st, org, id, a, &out->subs, &out->nsubs, e)))
		return rc;
	out->doc = json_loads(out->rec.doc, 0, NULL);
	if (!out->doc)
		return err_setm(e, ERR_IO, "", "store.incident_unreadable", "id", id, NULL);
	return prepare(st, org, out, a, e);
}

int increc_load_all(struct store *st, const char *org, struct arena *a, struct increc **out, size_t *n,
		    struct errinfo *e)
{
	struct incident_rec *recs;
	size_t nrec;
	*out = NULL;
	*n = 0;
	int rc = store_incident_list(st, org, a, &recs, &nrec, e);
	if (rc)
		return rc;
	struct increc *xs = xcalloc(nrec + 1, sizeof *xs);
	for (size_t i = 0; i < nrec && !rc; i++) {
		rc = increc_load(st, org, recs[i].id, a, &xs[i], e);
		*n = i + 1;
	}
	*out = xs;
	return rc;
}

void increc_free(struct increc *x)
{
	json_decref(x->doc);
	json_decref(x->eval_doc);
	x->doc = x->eval_doc = NULL;
}

void increc_free_all(struct increc *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		increc_free(&x[i]);
	free(x);
}

/* due_code and basis_code: message codes (msg.h), due_code NULL when there is a due instant. */
static json_t *obligation(const char *id, const char *regime, int64_t due_ms, const char *due_code, const char *status,
			  const char *basis_code)
{
	json_t *o = json_object();
	json_object_set_new(o, "obligation", json_string(id));
	json_object_set_new(o, "regime", json_string(regime));
	if (due_ms != INSTANT_UNKNOWN) {
		char b[32];
		instant_format_cph(due_ms, b);
		json_object_set_new(o, "due", json_string(b));
	} else {
		json_object_set_new(o, "due", json_null());
	}
	if (due_code)
		msg_set_json(o, "due_text", &(struct msg){.code = due_code});
	json_object_set_new(o, "status", json_string(status));
	msg_set_json(o, "basis", &(struct msg){.code = basis_code});
	return o;
}

json_t *increc_obligations(const struct increc *x, const struct assessment *as, int64_t now_ms)
{
	(void)now_ms;
	json_t *arr = json_array();
	bool psd2 = as->r[REGIME_PSD2].applies, dora = as->r[REGIME_DORA].applies;
	if (psd2 || dora) {
		const char *rg = psd2 ? "dk-psd2-2018" : "eu-dora";
		json_t *ui = json_object_get(x->doc, "user_information");
		bool assessed = json_is_string(json_object_get(ui, "assessed_at"));
		bool affects = json_is_true(json_object_get(ui, "affects_financial_interests"));
		bool notified = json_is_string(json_object_get(ui, "notified_at"));
		json_array_append_new(arr, obligation("user_information_assessment", rg, INSTANT_UNKNOWN, "obligation.asap_after_detection",
						      assessed ? "done" : "pending",
						      psd2 ? "obligation.psd2_user_assessment" : "obligation.dora_user_assessment"));
		if (affects)
			json_array_append_new(
				arr, obligation("user_notice", rg, INSTANT_UNKNOWN, "obligation.asap", notified ? "done" : "pending",
						psd2 ? "obligation.psd2_user_notice" : "obligation.dora_user_notice"));
	}
	json_t *rep = json_object_get(x->doc, "reporting");
	json_t *o = json_object_get(rep, "outsourced");
	if (o) {
		int64_t notice = INSTANT_UNKNOWN;
		instant_parse(json_string_value(json_object_get(o, "notice_to_authority_at")), &notice);
		const char *tp = json_string_value(json_object_get(o, "third_party"));
		bool early = false;
		for (size_t i = 0; i < x->inc.nsubs; i++)
			if (x->inc.subs[i].by && tp && !strcmp(x->inc.subs[i].by, tp) && x->inc.subs[i].submitted_ms < notice)
				early = true;
		json_array_append_new(
			arr, obligation("outsourced_reporting_notice", "dk-psd2-2018", notice, NULL, early ? "overdue" : "done",
					early ? "obligation.outsourced_early" : "obligation.outsourced_notified"));
		if (json_is_string(json_object_get(o, "withdrawn_at")))
			json_array_append_new(
				arr, obligation("outsourcing_withdrawal_notice", "dk-psd2-2018", INSTANT_UNKNOWN, "obligation.when_withdrawn",
						json_is_string(json_object_get(o, "withdrawal_notified_at")) ? "done" : "pending",
						"obligation.outsourcing_withdrawal"));
	}
	return arr;
}

int increc_export(struct store *st, const char *org, struct arena *a, json_t **out, struct errinfo *e)
{
	struct incident_rec *recs;
	struct submission_rec *subs;
	size_t n, ns;
	*out = NULL;
	int rc = store_incident_list(st, org, a, &recs, &n, e);
	if (rc || (rc = store_submission_list(st, org, NULL, a, &subs, &ns, e)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *doc = json_loads(recs[i].doc, 0, NULL);
		if (!doc) {
			json_decref(arr);
			return err_setm(e, ERR_IO, "", "store.incident_unreadable", "id", recs[i].id, NULL);
		}
		json_t *sa = json_array();
		for (size_t k = 0; k < ns; k++)
			if (!strcmp(subs[k].incident, recs[i].id))
				json_array_append_new(sa, submission_json(&subs[k]));
		if (json_array_size(sa))
			json_object_set_new(doc, "submissions", sa);
		else
			json_decref(sa);
		json_array_append_new(arr, doc);
	}
	*out = arr;
	return 0;
}

bool increc_estimated(json_t *doc, const char *path)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "estimated_facts"), i, v) if (json_is_string(v) && !strcmp(json_string_value(v), path)) return true;
	return false;
}
