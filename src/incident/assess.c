/*
 * assess.c — the engine's driver and the helpers the regime modules share:
 * three-valued logic for criteria with unknown facts, the verdict with its
 * "unknown facts that could change it", report statuses, and the JSON of
 * RULES.md §7.
 *
 * Invariants: a regime that does not apply has no criteria verdict and no
 * reports; a report's status is "submitted" when a submission matches it,
 * else "overdue" when now is past its due instant, else "pending"; a report
 * whose due instant cannot be computed yet (a final report before
 * resolution) is pending with a due_text.
 */
#include "assess.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "regime.h"

enum tri tri_or(enum tri a, enum tri b)
{
	if (a == TRI_YES || b == TRI_YES)
		return TRI_YES;
	if (a == TRI_UNKNOWN || b == TRI_UNKNOWN)
		return TRI_UNKNOWN;
	return TRI_NO;
}

enum tri tri_and(enum tri a, enum tri b)
{
	if (a == TRI_NO || b == TRI_NO)
		return TRI_NO;
	if (a == TRI_UNKNOWN || b == TRI_UNKNOWN)
		return TRI_UNKNOWN;
	return TRI_YES;
}

enum tri tri_gt(double v, double thr)
{
	if (isnan(v))
		return TRI_UNKNOWN;
	return v > thr ? TRI_YES : TRI_NO;
}

enum tri tri_pct_gt(double part, double whole, double pct)
{
	if (isnan(part) || isnan(whole))
		return TRI_UNKNOWN;
	if (whole <= 0)
		return TRI_NO; /* no regular level to be a share of */
	return part * 100.0 > pct * whole ? TRI_YES : TRI_NO;
}

enum tri tri_of(int fact)
{
	return fact < 0 ? TRI_UNKNOWN : fact ? TRI_YES : TRI_NO;
}

struct criterion *crit_add(struct regime_ctx *x, const char *id, const char *source)
{
	ASSERT(x->out->ncrit < RESULT_MAX_CRIT);
	struct criterion *c = &x->out->crit[x->out->ncrit++];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->source = source;
	c->met = TRI_NO;
	c->higher = TRI_NO;
	return c;
}

void crit_missing(struct criterion *c, const char *path)
{
	for (int i = 0; i < c->nmissing; i++)
		if (!strcmp(c->missing[i], path))
			return;
	if (c->nmissing < CRIT_MAX_MISSING)
		c->missing[c->nmissing++] = path;
}

void crit_detail(struct regime_ctx *x, struct criterion *c, const char *code, ...)
{
	va_list ap;
	va_start(ap, code);
	c->detail = msg_vnew(x->a, code, ap);
	va_end(ap);
}

struct msg *regime_msg(struct regime_ctx *x, const char *code, ...)
{
	va_list ap;
	va_start(ap, code);
	struct msg *m = msg_vnew(x->a, code, ap);
	va_end(ap);
	return m;
}

void regime_note(struct regime_ctx *x, const char *code, ...)
{
	if (x->out->nnotes >= RESULT_MAX_NOTES)
		return;
	va_list ap;
	va_start(ap, code);
	x->out->notes[x->out->nnotes++] = msg_vnew(x->a, code, ap);
	va_end(ap);
}

const char *fmt_instant(struct regime_ctx *x, int64_t ms)
{
	char buf[32];
	instant_format_cph(ms, buf);
	return arena_strdup(x->a, buf);
}

const char *fmt_num(struct regime_ctx *x, double v)
{
	char buf[64];
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, sizeof buf, "%.0f", v);
	else
		snprintf(buf, sizeof buf, "%.4g", v);
	return arena_strdup(x->a, buf);
}

bool regime_valid(struct regime_ctx *x, const struct msg *scope, bool in_scope)
{
	const struct regime_rules *rr = x->rr;
	const struct incident *inc = x->inc;
	struct regime_result *o = x->out;
	if (!in_scope) {
		o->applies = false;
		o->applies_reason = msg_add_msg(regime_msg(x, "incident.applies.not_in_scope", NULL), "scope", scope);
		return false;
	}
	int64_t ref = inc->detected_ms;
	const char *ref_name = "detected_at";
	if (!rr->valid_on_detected) {
		ref_name = "occurred_at";
		if (inc->occurred_ms != INSTANT_UNKNOWN)
			ref = inc->occurred_ms;
		else {
			ref_name = "detected_at";
			regime_note(x, "incident.note.occurred_unknown", NULL);
		}
	}
	int32_t d = instant_cph_date(ref);
	char from[11], before[11];
	date_format(rr->valid_from, from);
	if (d < rr->valid_from) {
		o->applies = false;
		o->applies_reason = regime_msg(x, "incident.applies.before", "ref", ref_name, "at", fmt_instant(x, ref),
					       "from", from, "source", rr->valid_source, NULL);
		return false;
	}
	if (rr->valid_before != DATE_NONE && d >= rr->valid_before) {
		date_format(rr->valid_before, before);
		o->applies = false;
		o->applies_reason = regime_msg(x, "incident.applies.ceased", "ref", ref_name, "at", fmt_instant(x, ref),
					       "before", before, "source", rr->valid_source, NULL);
		return false;
	}
	o->applies = true;
	if (rr->valid_before != DATE_NONE) {
		date_format(rr->valid_before, before);
		o->applies_reason = msg_add_msg(regime_msg(x, "incident.applies.between", "ref", ref_name, "at",
							   fmt_instant(x, ref), "from", from, "before", before, NULL),
						"scope", scope);
	} else {
		o->applies_reason = msg_add_msg(regime_msg(x, "incident.applies.from", "ref", ref_name, "at",
							   fmt_instant(x, ref), "from", from, NULL),
						"scope", scope);
	}
	return true;
}

void regime_verdict(struct regime_ctx *x, bool met, bool could, const char *verdict, const struct msg *rule)
{
	struct regime_result *o = x->out;
	o->reportable = met;
	o->verdict = met ? verdict : "none";
	o->rule = rule;
	o->provisional = !met && could;
	o->nunknown = 0;
	if (!o->provisional)
		return;
	for (int i = 0; i < o->ncrit; i++) {
		const struct criterion *c = &o->crit[i];
		if (c->met != TRI_UNKNOWN && !(c->two_levels && c->higher == TRI_UNKNOWN))
			continue;
		for (int k = 0; k < c->nmissing; k++) {
			bool dup = false;
			for (int j = 0; j < o->nunknown && !dup; j++)
				dup = !strcmp(o->unknown[j], c->missing[k]);
			if (!dup && o->nunknown < RESULT_MAX_UNKNOWN)
				o->unknown[o->nunknown++] = c->missing[k];
		}
	}
}

/* Submissions of this regime and report, by time; k-th. */
const struct incident_submission *regime_submission(struct regime_ctx *x, const char *report, int k)
{
	const struct incident *inc = x->inc;
	/* Few submissions: selection by repeated minimum keeps this allocation-free. */
	int64_t after = INT64_MIN;
	const struct incident_submission *prev = NULL;
	for (int i = 0; i <= k; i++) {
		const struct incident_submission *best = NULL;
		for (size_t j = 0; j < inc->nsubs; j++) {
			const struct incident_submission *s = &inc->subs[j];
			if (s->regime != x->rr->id || strcmp(s->report, report))
				continue;
			bool later = s->submitted_ms > after || (s->submitted_ms == after && prev && s > prev);
			if (!later)
				continue;
			if (!best || s->submitted_ms < best->submitted_ms || (s->submitted_ms == best->submitted_ms && s < best))
				best = s;
		}
		if (!best)
			return NULL;
		after = best->submitted_ms;
		prev = best;
	}
	return prev;
}

int regime_submission_count(struct regime_ctx *x, const char *report)
{
	int n = 0;
	for (size_t j = 0; j < x->inc->nsubs; j++)
		n += x->inc->subs[j].regime == x->rr->id && !strcmp(x->inc->subs[j].report, report);
	return n;
}

void report_restatus(struct regime_ctx *x, struct report_due *r)
{
	if (r->submitted_ms != INSTANT_UNKNOWN) {
		r->status = RS_SUBMITTED;
		r->late = r->due_ms != INSTANT_UNKNOWN && r->submitted_ms > r->due_ms;
	} else if (r->due_ms != INSTANT_UNKNOWN && x->now_ms > r->due_ms) {
		r->status = RS_OVERDUE;
	} else {
		r->status = RS_PENDING;
	}
}

struct report_due *report_add(struct regime_ctx *x, const char *report, int n, int64_t due_ms,
			      const struct msg *due_text, const struct incident_submission *sub, const char *source,
			      const char *basis_code, ...)
{
	struct regime_result *o = x->out;
	ASSERT(o->nrep < RESULT_MAX_REPORTS);
	struct report_due *r = &o->rep[o->nrep++];
	memset(r, 0, sizeof *r);
	r->report = report;
	r->n = n;
	r->due_ms = r->unrelieved_ms = due_ms;
	r->due_text = due_text;
	r->source = source;
	r->submitted_ms = sub ? sub->submitted_ms : INSTANT_UNKNOWN;
	r->estimates = sub && sub->estimates;
	r->estimates_rule = rules_report_text(x->rr, report, "estimates");
	va_list ap;
	va_start(ap, basis_code);
	r->basis = msg_vnew(x->a, basis_code, ap);
	va_end(ap);
	report_restatus(x, r);
	return r;
}

const char *report_status_name(enum report_status s)
{
	return s == RS_SUBMITTED ? "submitted" : s == RS_OVERDUE ? "overdue" : "pending";
}

typedef void (*assess_fn)(struct regime_ctx *);
static const assess_fn assess_fns[REGIME_N] = {regime_psd2_assess, regime_dora_assess, regime_nis2_assess,
						regime_gdpr_assess};

void assess_incident(const struct rules *rs, const struct incident *inc, int64_t now_ms, unsigned mask,
		     struct arena *a, struct assessment *out)
{
	out->mask = mask;
	for (int r = 0; r < REGIME_N; r++) {
		if (!(mask & (1u << r)))
			continue;
		struct regime_result *o = &out->r[r];
		memset(o, 0, sizeof *o);
		o->regime = r;
		o->verdict = "none";
		struct regime_ctx x = {.rr = &rs->r[r], .inc = inc, .now_ms = now_ms, .a = a, .out = o};
		assess_fns[r](&x);
		if (!o->applies) {
			o->reportable = false;
			o->provisional = false;
			o->verdict = "none";
			o->nrep = 0;
			o->nunknown = 0;
		}
		if (o->provisional) {
			for (int i = 0; i < o->nrep; i++)
				o->rep[i].conditional = true;
			char n[16];
			snprintf(n, sizeof n, "%d", o->nunknown);
			regime_note(&x, o->nunknown == 1 ? "incident.note.conditional_one" : "incident.note.conditional", "n", n,
				    "@verdict", arena_printf(a, "incident.verdict.%s", x.rr->verdict), NULL);
		}
	}
}

static json_t *tri_json(enum tri t)
{
	return t == TRI_UNKNOWN ? json_null() : json_boolean(t == TRI_YES);
}

static json_t *instant_json(int64_t ms)
{
	if (ms == INSTANT_UNKNOWN)
		return json_null();
	char buf[32];
	instant_format_cph(ms, buf);
	return json_string(buf);
}

/* The outcome a criterion's detail ends with: met (at which level), not met, unknown. */
static const char *outcome_code(const struct criterion *c)
{
	if (c->two_levels || c->higher_only) {
		if (c->higher == TRI_YES)
			return c->higher_only || c->met != TRI_YES ? "incident.outcome.met" : "incident.outcome.higher";
		if (c->met == TRI_YES && !c->higher_only)
			return c->higher == TRI_UNKNOWN ? "incident.outcome.lower_higher_unknown" : "incident.outcome.lower";
	}
	if (c->met == TRI_YES)
		return "incident.outcome.met";
	return c->met == TRI_UNKNOWN || c->higher == TRI_UNKNOWN ? "incident.outcome.unknown" : "incident.outcome.not_met";
}

static json_t *criterion_json(const struct criterion *c)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_string(c->id));
	json_object_set_new(j, "met", tri_json(c->met));
	if (c->two_levels || c->higher_only) {
		const char *level = c->higher == TRI_YES ? "higher" : c->met == TRI_YES && !c->higher_only ? "lower" : NULL;
		json_object_set_new(j, "level", level ? json_string(level) : json_null());
		json_object_set_new(j, "higher", tri_json(c->higher));
	}
	if (c->detail) {
		struct msg m = *c->detail;
		if (m.n < MSG_MAX_PARAMS) {
			m.sub |= 1u << m.n;
			m.name[m.n] = "outcome";
			m.value[m.n] = outcome_code(c);
			m.nested[m.n++] = NULL;
		}
		msg_set_json(j, "detail", &m);
	}
	if (c->nmissing) {
		json_t *m = json_array();
		for (int i = 0; i < c->nmissing; i++)
			json_array_append_new(m, json_string(c->missing[i]));
		json_object_set_new(j, "unknown_facts", m);
	}
	if (c->source)
		json_object_set_new(j, "source", json_string(c->source));
	return j;
}

json_t *assess_report_json(const struct report_due *r)
{
	json_t *j = json_object();
	json_object_set_new(j, "report", json_string(r->report));
	if (r->n)
		json_object_set_new(j, "n", json_integer(r->n));
	json_object_set_new(j, "due", instant_json(r->due_ms));
	if (r->due_text)
		msg_set_json(j, "due_text", r->due_text);
	if (r->unrelieved_ms != r->due_ms)
		json_object_set_new(j, "due_without_relief", instant_json(r->unrelieved_ms));
	msg_set_json(j, "basis", r->basis);
	json_object_set_new(j, "status", json_string(report_status_name(r->status)));
	if (r->submitted_ms != INSTANT_UNKNOWN) {
		json_object_set_new(j, "submitted_at", instant_json(r->submitted_ms));
		json_object_set_new(j, "late", json_boolean(r->late));
		json_object_set_new(j, "rested_on_estimates", json_boolean(r->estimates));
	}
	if (r->conditional)
		json_object_set_new(j, "conditional", json_true());
	if (r->estimates_rule)
		json_object_set_new(j, "estimates", json_string(r->estimates_rule));
	if (r->source)
		json_object_set_new(j, "source", json_string(r->source));
	return j;
}

json_t *assess_result_json(const struct regime_result *r)
{
	json_t *j = json_object();
	json_object_set_new(j, "regime", json_string(regime_id(r->regime)));
	json_object_set_new(j, "applies", json_boolean(r->applies));
	if (r->applies_reason)
		msg_set_json(j, "applies_reason", r->applies_reason);
	json_object_set_new(j, "reportable", json_boolean(r->reportable));
	json_object_set_new(j, "verdict", json_string(r->verdict));
	if (r->applies) {
		if (r->rule)
			msg_set_json(j, "rule", r->rule);
		if (r->provisional)
			json_object_set_new(j, "provisional", json_true());
	}
	json_t *cr = json_array();
	for (int i = 0; r->applies && i < r->ncrit; i++)
		json_array_append_new(cr, criterion_json(&r->crit[i]));
	json_object_set_new(j, "criteria", cr);
	json_t *un = json_array();
	for (int i = 0; i < r->nunknown; i++)
		json_array_append_new(un, json_string(r->unknown[i]));
	json_object_set_new(j, "unknown_could_change_verdict", un);
	json_t *rp = json_array();
	for (int i = 0; i < r->nrep; i++)
		json_array_append_new(rp, assess_report_json(&r->rep[i]));
	json_object_set_new(j, "reports", rp);
	if (r->nnotes) {
		json_t *n = json_array(), *nm = json_array();
		for (int i = 0; i < r->nnotes; i++) {
			char text[2048];
			msg_render(MSG_EN, r->notes[i], text, sizeof text);
			json_array_append_new(n, json_string(text));
			json_array_append_new(nm, msg_json(r->notes[i]));
		}
		json_object_set_new(j, "notes", n);
		json_object_set_new(j, "notes_msg", nm);
	}
	return j;
}

json_t *assess_to_json(const struct assessment *as)
{
	json_t *res = json_array();
	for (int r = 0; r < REGIME_N; r++)
		if (as->mask & (1u << r))
			json_array_append_new(res, assess_result_json(&as->r[r]));
	json_t *j = json_object();
	json_object_set_new(j, "results", res);
	return j;
}
