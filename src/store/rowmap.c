/*
 * rowmap.c — the column descriptors of every record kind, and the
 * conversions between a record's fields and portable values.
 *
 * The portable representation (STYLE.md "Storage"): enums as their data
 * names, levels and booleans as integers, dates as ISO text, instants as
 * Unix milliseconds, JSON as text, hashes as 32-byte blobs.  "Unset" is
 * NULL in the row: DATE_NONE, a negative minute count, a zero instant or a
 * zero enum where the column says nullable.  Reading NULL gives the unset
 * value back, and 0 for plain numbers (what SQLite's column accessors did).
 *
 * The order of each table is the order the named queries select the
 * columns in and bind the parameters in (skipping assigned columns); the
 * backends check the names against the queries' result columns.
 */
#include "rowmap.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model.h"
#include "store.h"

_Static_assert(sizeof(enum level) == sizeof(int), "levels are stored through int");
_Static_assert(sizeof(enum org_kind) == sizeof(int), "enums are stored through int");

/* enum names and parsers through int, one pair per enum */
#define ENUM_FNS(fn, type)                                                  \
	static const char *fn##_name_i(int v) { return fn##_name((type)v); } \
	static int fn##_parse_i(const char *s) { return fn##_parse(s); }
ENUM_FNS(org_kind, enum org_kind)
ENUM_FNS(node_kind, enum node_kind)
ENUM_FNS(pdata, enum pdata)
ENUM_FNS(edge_type, enum edge_type)
ENUM_FNS(decision, enum decision)
ENUM_FNS(measure_kind, enum measure_kind)
ENUM_FNS(measure_status, enum measure_status)
ENUM_FNS(effect_rating, enum effect_rating)
ENUM_FNS(approver_role, enum approver_role)
ENUM_FNS(change_kind, enum change_kind)

/* descriptor shorthands: S is the record's struct, set before each table */
#define TEXT(col, f) {.name = col, .type = ROWMAP_TEXT, .off = offsetof(S, f)}
#define TEXT_OR(col, f, d) {.name = col, .type = ROWMAP_TEXT, .off = offsetof(S, f), .dflt = d}
#define JSON(col, f) {.name = col, .type = ROWMAP_JSON, .off = offsetof(S, f)}
#define INT(col, f) {.name = col, .type = ROWMAP_INT, .off = offsetof(S, f)}
#define BOOL(col, f) {.name = col, .type = ROWMAP_BOOL, .off = offsetof(S, f)}
#define I64(col, f) {.name = col, .type = ROWMAP_I64, .off = offsetof(S, f)}
#define I64_NULL(col, f) {.name = col, .type = ROWMAP_I64, .off = offsetof(S, f), .nullable = true}
#define REAL(col, f) {.name = col, .type = ROWMAP_REAL, .off = offsetof(S, f)}
#define BLOB(col, f) {.name = col, .type = ROWMAP_BLOB, .off = offsetof(S, f)}
#define DATE(col, f) {.name = col, .type = ROWMAP_DATE, .off = offsetof(S, f)}
#define MINUTES(col, f) {.name = col, .type = ROWMAP_MINUTES, .off = offsetof(S, f)}
#define ENUM(col, f, e) {.name = col, .type = ROWMAP_ENUM, .off = offsetof(S, f), .enum_name = e##_name_i, .enum_parse = e##_parse_i}
#define ENUM_NULL(col, f, e)                                                                                  \
	{.name = col, .type = ROWMAP_ENUM, .off = offsetof(S, f), .nullable = true, .enum_name = e##_name_i, \
	 .enum_parse = e##_parse_i}
#define TEXT_ASSIGNED(col, f) {.name = col, .type = ROWMAP_TEXT, .off = offsetof(S, f), .assigned = true}
#define I64_ASSIGNED(col, f) {.name = col, .type = ROWMAP_I64, .off = offsetof(S, f), .assigned = true}
#define I64_NULL_ASSIGNED(col, f) \
	{.name = col, .type = ROWMAP_I64, .off = offsetof(S, f), .nullable = true, .assigned = true}
#define MAP(var, k, cols) const struct rowmap var = {k, sizeof(S), cols, sizeof cols / sizeof cols[0]}

#define S struct org
static const struct rowmap_col org_cols[] = {
	TEXT("id", id), TEXT("name", name), ENUM("kind", kind, org_kind), TEXT("cvr", cvr), TEXT("lei", lei),
	TEXT_OR("nis2", nis2, "none"), TEXT("dora", dora), BOOL("psd2_psp", psd2_psp),
	BOOL("trust_service", trust_service), INT("risk_appetite", risk_appetite),
	INT("work_start_min", work_start_min), INT("work_end_min", work_end_min),
	DATE("procedure_reviewed_on", procedure_reviewed_on), TEXT("parent", parent),
	TEXT("competent_authority", competent_authority), JSON("contacts", contacts),
	BOOL("dora_relief_withdrawn", dora_relief_withdrawn), BOOL("dora_simplified_framework", dora_simplified_framework),
};
MAP(rowmap_org, "organisation", org_cols);
#undef S

#define S struct matrix_version
static const struct rowmap_col matrix_cols[] = {INT("version", version), DATE("created_on", created_on),
						JSON("cells", cells)};
MAP(rowmap_matrix, "matrix version", matrix_cols);
#undef S

#define S struct node
static const struct rowmap_col node_cols[] = {
	TEXT("id", id), ENUM("kind", kind, node_kind), TEXT("name", name), TEXT("owner", owner),
	TEXT("description", description), INT("criticality", criticality), INT("override", override),
	TEXT("override_reason", override_reason), BOOL("critical_service", critical_service),
	ENUM("personal_data", personal_data, pdata), MINUTES("rto_minutes", rto_minutes),
	MINUTES("rpo_minutes", rpo_minutes), DATE("last_assessed", last_assessed), TEXT("ref", ref),
	TEXT("service_type", service_type),
};
MAP(rowmap_node, "node", node_cols);
#undef S

#define S struct edge
static const struct rowmap_col edge_cols[] = {TEXT("from_id", from), TEXT("to_id", to),
					      ENUM("type", type, edge_type), TEXT("grp", group)};
MAP(rowmap_edge, "edge", edge_cols);
#undef S

#define S struct threat
static const struct rowmap_col threat_cols[] = {
	TEXT("id", id), TEXT("name", name), TEXT("name_en", name_en), TEXT("category", category),
	TEXT("description", description), INT("level", level), TEXT("level_source", level_source),
	DATE("level_date", level_date),
};
MAP(rowmap_threat, "threat", threat_cols);
#undef S

#define S struct risk
static const struct rowmap_col risk_cols[] = {
	TEXT("id", id), TEXT("node_id", node), TEXT("threat_id", threat), TEXT("title", title),
	TEXT("description", description), DATE("assessed_on", assessed_on), TEXT("assessor", assessor),
	TEXT("owner", owner), INT("threat_level", threat_level), INT("resilience", resilience),
	INT("likelihood", likelihood), INT("c_availability", consequence.availability),
	INT("c_confidentiality", consequence.confidentiality), INT("c_integrity", consequence.integrity),
	INT("c_authenticity", consequence.authenticity), BOOL("has_residual", has_residual),
	INT("r_likelihood", residual_likelihood), INT("r_availability", residual.availability),
	INT("r_confidentiality", residual.confidentiality), INT("r_integrity", residual.integrity),
	INT("r_authenticity", residual.authenticity), ENUM("decision", decision, decision),
	INT("matrix_version", matrix_version), TEXT("accept_approver", accept_approver),
	ENUM_NULL("accept_role", accept_role, approver_role), DATE("accept_on", accept_on),
	DATE("accept_expires", accept_expires), TEXT("note", note),
};
MAP(rowmap_risk, "risk", risk_cols);
#undef S

#define S struct measure
static const struct rowmap_col measure_cols[] = {
	TEXT("id", id), TEXT("risk_id", risk), ENUM("kind", kind, measure_kind), TEXT("title", title),
	TEXT("owner", owner), TEXT("description", description), DATE("due", due),
	ENUM("status", status, measure_status), ENUM("effect", effect, effect_rating),
	DATE("effect_on", effect_evaluated_on), TEXT("effect_note", effect_note),
};
MAP(rowmap_measure, "measure", measure_cols);
#undef S

#define S struct change
static const struct rowmap_col change_cols[] = {TEXT("id", id), TEXT("node_id", node),
						ENUM("kind", kind, change_kind), DATE("date", date),
						TEXT("description", description)};
MAP(rowmap_change, "change", change_cols);
#undef S

#define S struct incident_rec
static const struct rowmap_col incident_cols[] = {
	TEXT("id", id), TEXT("title", title), TEXT("status", status), I64("detected_ms", detected_ms),
	JSON("doc", doc), I64("created_ms", created_ms), I64("updated_ms", updated_ms),
};
MAP(rowmap_incident, "incident", incident_cols);
#undef S

#define S struct incident_node_ref
static const struct rowmap_col incident_node_cols[] = {TEXT("incident_id", incident), TEXT("node_id", node),
						       I64("detected_ms", detected_ms)};
MAP(rowmap_incident_node, "incident node", incident_node_cols);
#undef S

#define S struct submission_rec
static const struct rowmap_col submission_cols[] = {
	TEXT("incident_id", incident), I64_ASSIGNED("seq", seq), TEXT("regime", regime), TEXT("report", report),
	I64("submitted_ms", submitted_ms), JSON("doc", doc),
};
MAP(rowmap_submission, "submission", submission_cols);
#undef S

#define S struct incident_event
static const struct rowmap_col incident_event_cols[] = {
	TEXT("incident_id", incident), I64_ASSIGNED("seq", seq), I64("at_ms", at_ms), TEXT("actor", actor),
	TEXT("kind", kind), JSON("detail", detail),
};
MAP(rowmap_incident_event, "incident event", incident_event_cols);
#undef S

#define S struct audit_entry
static const struct rowmap_col audit_cols[] = {
	I64("seq", seq), I64("at_ms", at_ms), TEXT("actor", actor), TEXT("action", action), TEXT("entity", entity),
	TEXT("org", org), TEXT("key", key), JSON("before", before), JSON("after", after),
	BLOB("prev_hash", prev_hash), BLOB("hash", hash),
};
MAP(rowmap_audit, "audit entry", audit_cols);
#undef S

#define S struct user_rec
static const struct rowmap_col user_cols[] = {
	I64_ASSIGNED("uid", uid), TEXT("name", name), TEXT_OR("display_name", display_name, ""),
	TEXT("pw_hash", pw_hash), INT("admin", admin), TEXT("totp_secret", totp_secret),
	INT("totp_enabled", totp_enabled), I64("totp_last_step", totp_last_step),
	INT("must_change_pw", must_change_pw), INT("disabled", disabled), INT("failed_logins", failed_logins),
	I64("locked_until_ms", locked_until_ms), I64("created_ms", created_ms), TEXT("home_org", home_org),
	TEXT("sso_issuer", sso_issuer), TEXT("sso_subject", sso_subject),
};
MAP(rowmap_user, "user", user_cols);
#undef S

#define S struct member_rec
static const struct rowmap_col member_cols[] = {TEXT("user_name", user), TEXT("org", org), TEXT("role", role),
						INT("sso", sso)};
MAP(rowmap_member, "member", member_cols);
#undef S

#define S struct session_rec
static const struct rowmap_col session_cols[] = {
	BLOB("hash", hash), I64("uid", uid), TEXT("csrf", csrf), I64("created_ms", created_ms),
	I64("expires_ms", expires_ms), I64("last_seen_ms", last_seen_ms),
};
MAP(rowmap_session, "session", session_cols);
#undef S

#define S struct token_rec
static const struct rowmap_col token_cols[] = {
	I64_ASSIGNED("tid", id), BLOB("hash", hash), TEXT("name", name), TEXT("user_name", user), TEXT("org", org),
	TEXT("role", role), I64("created_ms", created_ms), I64_NULL("expires_ms", expires_ms),
	I64_NULL_ASSIGNED("revoked_ms", revoked_ms), I64_NULL_ASSIGNED("last_used_ms", last_used_ms),
};
MAP(rowmap_token, "token", token_cols);
#undef S

#define S struct caller_rec
static const struct rowmap_col caller_cols[] = {
	I64_NULL("tid", tid), TEXT("csrf", csrf), TEXT("token_org", token_org), TEXT("token_role", token_role),
	I64("created_ms", created_ms), I64_NULL("expires_ms", expires_ms), I64_NULL("last_seen_ms", last_seen_ms),
	I64_NULL("revoked_ms", revoked_ms), I64("uid", uid), TEXT("user_name", user),
	TEXT_OR("display_name", display_name, ""), TEXT("home_org", home_org), INT("admin", admin),
	INT("totp_enabled", totp_enabled), INT("must_change_pw", must_change_pw), INT("disabled", disabled),
	TEXT("org", org), TEXT("role", role), I64("gen", gen),
};
MAP(rowmap_caller, "caller", caller_cols);
#undef S

#define S struct forum_rec
static const struct rowmap_col forum_cols[] = {TEXT("id", id), TEXT("name", name), TEXT("secretariat", secretariat),
					       JSON("settings", settings), I64("created_ms", created_ms)};
MAP(rowmap_forum, "forum", forum_cols);
#undef S

#define S struct fmember_rec
static const struct rowmap_col fmember_cols[] = {
	TEXT("forum", forum), TEXT("org", org), TEXT("category", category), REAL("assets", assets),
	TEXT("status", status), I64("invited_ms", invited_ms), TEXT("invited_by", invited_by),
	I64_NULL("joined_ms", joined_ms), I64_NULL("left_ms", left_ms),
};
MAP(rowmap_fmember, "forum member", fmember_cols);
#undef S

#define S struct fshare_rec
static const struct rowmap_col fshare_cols[] = {
	TEXT("forum", forum), TEXT("org", org), TEXT("id", id), TEXT("kind", kind), TEXT("target", target),
	JSON("filter", filter), TEXT("tlp", tlp), JSON("recipients", recipients), I64("created_ms", created_ms),
	TEXT("by", by),
};
MAP(rowmap_fshare, "share", fshare_cols);
#undef S

#define S struct fitem_rec
static const struct rowmap_col fitem_cols[] = {
	TEXT("forum", forum), TEXT("kind", kind), TEXT("id", id), TEXT("owner", owner), TEXT("parent", parent),
	TEXT("tlp", tlp), JSON("recipients", recipients), JSON("body", body), I64("created_ms", created_ms),
	I64("updated_ms", updated_ms), TEXT("by", by), I64("version", version),
};
MAP(rowmap_fitem, "forum item", fitem_cols);
#undef S

#define S struct webhook_rec
static const struct rowmap_col webhook_cols[] = {
	TEXT("id", id), TEXT("url", url), JSON("events", events), TEXT("secret", secret), TEXT("tlp", tlp),
	BOOL("enabled", enabled), TEXT("forum", forum), I64("created_ms", created_ms), TEXT("by", by),
};
MAP(rowmap_webhook, "webhook", webhook_cols);
#undef S

#define S struct webhook_event_rec
static const struct rowmap_col webhook_event_cols[] = {
	TEXT("id", id), TEXT("event", event), I64("occurred_ms", occurred_ms), TEXT("tlp", tlp), JSON("data", data),
	TEXT("dedup", dedup),
};
MAP(rowmap_webhook_event, "webhook event", webhook_event_cols);
#undef S

#define S struct webhook_delivery_rec
static const struct rowmap_col webhook_delivery_cols[] = {
	TEXT("hook", hook), TEXT("event_id", event_id), TEXT("id", id), TEXT("status", status),
	INT("attempts", attempts), I64_NULL("next_ms", next_ms), I64("updated_ms", updated_ms),
	TEXT_ASSIGNED("org", org), TEXT_ASSIGNED("event", event), I64_ASSIGNED("occurred_ms", occurred_ms),
	TEXT_ASSIGNED("tlp", tlp), TEXT_ASSIGNED("data", data), TEXT_ASSIGNED("url", url),
	TEXT_ASSIGNED("secret", secret),
};
MAP(rowmap_webhook_delivery, "webhook delivery", webhook_delivery_cols);
#undef S

#define S struct webhook_attempt_rec
static const struct rowmap_col webhook_attempt_cols[] = {
	TEXT("hook", hook), TEXT("event_id", event_id), INT("n", n), I64("at_ms", at_ms), TEXT("status", status),
	I64_NULL("http_code", http_code), TEXT("error", error), I64("duration_ms", duration_ms),
};
MAP(rowmap_webhook_attempt, "webhook attempt", webhook_attempt_cols);
#undef S

enum rowmap_class rowmap_class_of(const struct rowmap_col *c)
{
	switch (c->type) {
	case ROWMAP_TEXT:
	case ROWMAP_JSON:
	case ROWMAP_DATE:
	case ROWMAP_ENUM:
		return ROWMAP_C_TEXT;
	case ROWMAP_REAL:
		return ROWMAP_C_REAL;
	case ROWMAP_BLOB:
		return ROWMAP_C_BLOB;
	case ROWMAP_INT:
	case ROWMAP_BOOL:
	case ROWMAP_I64:
	case ROWMAP_MINUTES:
		break;
	}
	return ROWMAP_C_INT;
}

static void set_text(struct rowmap_value *v, const char *s)
{
	v->cls = s ? ROWMAP_C_TEXT : ROWMAP_NULL;
	v->s = s;
	v->len = s ? strlen(s) : 0;
}

static void set_int(struct rowmap_value *v, int64_t i)
{
	v->cls = ROWMAP_C_INT;
	v->i = i;
}

void rowmap_get(const struct rowmap_col *c, const void *rec, struct rowmap_value *v)
{
	const char *p = (const char *)rec + c->off;
	memset(v, 0, sizeof *v);
	switch (c->type) {
	case ROWMAP_TEXT:
	case ROWMAP_JSON: {
		const char *s = *(const char *const *)(const void *)p;
		set_text(v, s ? s : c->dflt);
		break;
	}
	case ROWMAP_INT:
		set_int(v, *(const int *)(const void *)p);
		break;
	case ROWMAP_BOOL:
		set_int(v, *(const bool *)(const void *)p ? 1 : 0);
		break;
	case ROWMAP_I64: {
		int64_t i = *(const int64_t *)(const void *)p;
		if (!(c->nullable && i == 0))
			set_int(v, i);
		break;
	}
	case ROWMAP_REAL:
		v->cls = ROWMAP_C_REAL;
		v->d = *(const double *)(const void *)p;
		break;
	case ROWMAP_BLOB:
		v->cls = ROWMAP_C_BLOB;
		v->s = p;
		v->len = ROWMAP_HASH_LEN;
		break;
	case ROWMAP_DATE: {
		int32_t d = *(const int32_t *)(const void *)p;
		if (d != DATE_NONE) {
			date_format(d, v->buf);
			set_text(v, v->buf);
		}
		break;
	}
	case ROWMAP_MINUTES: {
		int m = *(const int *)(const void *)p;
		if (m >= 0)
			set_int(v, m);
		break;
	}
	case ROWMAP_ENUM: {
		int e = *(const int *)(const void *)p;
		if (!(c->nullable && e == 0))
			set_text(v, c->enum_name(e));
		break;
	}
	}
}

/* The value as an integer whatever class it came in (a backend may hand numbers over as text). */
static int64_t as_int(const struct rowmap_value *v)
{
	if (v->cls == ROWMAP_C_INT)
		return v->i;
	if (v->cls == ROWMAP_C_REAL)
		return (int64_t)v->d;
	if (v->cls == ROWMAP_C_TEXT && v->s)
		return strtoll(v->s, NULL, 10);
	return 0;
}

void rowmap_set(const struct rowmap_col *c, void *rec, const struct rowmap_value *v, struct arena *a)
{
	char *p = (char *)rec + c->off;
	bool null = v->cls == ROWMAP_NULL;
	switch (c->type) {
	case ROWMAP_TEXT:
	case ROWMAP_JSON:
		*(const char **)(void *)p = null ? NULL : a ? arena_strndup(a, v->s, v->len) : v->s;
		break;
	case ROWMAP_INT:
		*(int *)(void *)p = (int)as_int(v);
		break;
	case ROWMAP_BOOL:
		*(bool *)(void *)p = as_int(v) != 0;
		break;
	case ROWMAP_I64:
		*(int64_t *)(void *)p = as_int(v);
		break;
	case ROWMAP_REAL:
		*(double *)(void *)p = v->cls == ROWMAP_C_REAL ? v->d : v->cls == ROWMAP_C_TEXT && v->s ? strtod(v->s, NULL)
													: (double)as_int(v);
		break;
	case ROWMAP_BLOB:
		memset(p, 0, ROWMAP_HASH_LEN);
		if (!null && v->s)
			memcpy(p, v->s, v->len < ROWMAP_HASH_LEN ? v->len : ROWMAP_HASH_LEN);
		break;
	case ROWMAP_DATE: {
		int32_t d = DATE_NONE;
		char buf[11];
		if (!null && v->s && v->len < sizeof buf) {
			memcpy(buf, v->s, v->len);
			buf[v->len] = 0;
			if (date_parse(buf, &d))
				d = DATE_NONE;
		}
		*(int32_t *)(void *)p = d;
		break;
	}
	case ROWMAP_MINUTES:
		*(int *)(void *)p = null ? -1 : (int)as_int(v);
		break;
	case ROWMAP_ENUM: {
		int e = -1;
		if (!null && v->s) {
			char buf[64];
			size_t n = v->len < sizeof buf - 1 ? v->len : sizeof buf - 1;
			memcpy(buf, v->s, n);
			buf[n] = 0;
			e = c->enum_parse(buf);
		}
		*(int *)(void *)p = e < 0 ? 0 : e;
		break;
	}
	}
}

size_t rowmap_nparams(const struct rowmap *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		n += !m->cols[i].assigned;
	return n;
}

void *rowmap_rows_push(struct rowmap_rows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->data = xrealloc(r->data, r->cap * r->size);
	}
	void *p = (char *)r->data + r->n * r->size;
	memset(p, 0, r->size);
	r->n++;
	return p;
}

void *rowmap_rows_finish(struct rowmap_rows *r, struct arena *a)
{
	void *out = arena_alloc(a, r->n * r->size + 1);
	if (r->n)
		memcpy(out, r->data, r->n * r->size);
	rowmap_rows_drop(r);
	return out;
}

void rowmap_rows_drop(struct rowmap_rows *r)
{
	free(r->data);
	r->data = NULL;
	r->n = r->cap = 0;
}
