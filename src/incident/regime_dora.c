/*
 * regime_dora.c — eu-dora: Regulation (EU) 2022/2554 art. 18-19 with the
 * classification of Delegated Regulation (EU) 2024/1772 and the time limits
 * of Delegated Regulation (EU) 2025/301.  Numbers in rules/eu-dora.json.
 *
 * Major (2024/1772 art. 8(1)): critical services affected (art. 6) and
 * either the malicious-access threshold of art. 9(5)(b), or two or more of
 * the other thresholds of art. 9.  The gate does not count towards the two.
 *
 * Deadlines (2025/301 art. 5): initial notification within 4 h of
 * classification and no later than 24 h after becoming aware; intermediate
 * 72 h after the initial one; final one month after the latest intermediate.
 * A chained deadline counts from the predecessor's submission, else from its
 * due instant before any relief (the earlier: conservative).  Art. 5(4)
 * relief moves a due instant on a weekend or closing day to 12:00 on the next
 * working day, except (art. 5(5)) the initial and intermediate reports of
 * credit institutions, CCPs, trading venues and NIS2 essential or important
 * entities.
 */
#include <math.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "regime.h"

enum {
	CLIENTS_PCT,
	CLIENTS_CNT,
	CP_PCT,
	TX_PCT,
	TXV_PCT,
	DURATION,
	DOWNTIME,
	MEMBER_STATES,
	ECO,
	OTHER_MIN,
	REC_WINDOW,
	REC_MIN,
	INIT_CLASS_H,
	INIT_DET_H,
	INTER_H,
	FINAL_M,
	RELIEF_TIME,
};

_Static_assert(REC_WINDOW == DORA_KEY_RECURRING_WINDOW && REC_MIN == DORA_KEY_RECURRING_MIN, "recurring.c key positions");

const char *const regime_dora_keys[] = {
	"thresholds.clients_pct",
	"thresholds.clients_count",
	"thresholds.counterparts_pct",
	"thresholds.transactions_pct",
	"thresholds.transactions_value_pct",
	"thresholds.duration_minutes",
	"thresholds.downtime_minutes",
	"thresholds.member_states",
	"thresholds.economic_eur",
	"thresholds.other_thresholds_min",
	"thresholds.recurring_window_months",
	"thresholds.recurring_min_count",
	"deadlines.initial_after_classification_hours",
	"deadlines.initial_after_detection_hours",
	"deadlines.intermediate_hours",
	"deadlines.final_months",
	"deadlines.relief_time",
	NULL,
};

#define V(k) (x->rr->v[k].v)
#define SRC(k) (x->rr->v[k].source)
#define HOURS(k) ((int64_t)(V(k) * 3600000.0))

static const char *num_text(struct regime_ctx *x, double v)
{
	return isnan(v) ? "?" : fmt_num(x, v);
}

static const char *pct_text(struct regime_ctx *x, double part, double whole)
{
	if (isnan(part) || isnan(whole) || whole <= 0)
		return "?";
	return arena_printf(x->a, "%.1f", part * 100.0 / whole);
}

static const char *yesno(int f)
{
	return f < 0 ? "incident.answer.unknown" : f ? "incident.answer.yes" : "incident.answer.no";
}

static void need(struct criterion *c, double v, const char *path)
{
	if (isnan(v))
		crit_missing(c, path);
}

static void need_tri(struct criterion *c, int v, const char *path)
{
	if (v < 0)
		crit_missing(c, path);
}

static void criteria(struct regime_ctx *x, const struct incident_facts *f)
{
	/* art. 6 (gate): critical services, including a successful malicious unauthorised access */
	struct criterion *c = crit_add(x, "critical_services", "2024/1772 art. 6 and art. 8(1)(a)");
	c->met = tri_or(tri_of(f->critical_services_affected), tri_of(f->malicious_unauthorised_access));
	need_tri(c, f->critical_services_affected, "facts.critical_services_affected");
	need_tri(c, f->malicious_unauthorised_access, "facts.malicious_unauthorised_access");
	crit_detail(x, c, "incident.dora.critical_services", "@services", yesno(f->critical_services_affected),
		    "@access", yesno(f->malicious_unauthorised_access), NULL);

	/* art. 9(1) */
	c = crit_add(x, "clients_transactions", SRC(CLIENTS_PCT));
	enum tri t = tri_pct_gt(f->clients_affected, f->clients_total, V(CLIENTS_PCT));
	t = tri_or(t, tri_gt(f->clients_affected, V(CLIENTS_CNT)));
	t = tri_or(t, tri_pct_gt(f->financial_counterparts_affected, f->financial_counterparts_total, V(CP_PCT)));
	t = tri_or(t, tri_pct_gt(f->transactions_affected, f->transactions_regular, V(TX_PCT)));
	t = tri_or(t, tri_pct_gt(f->transactions_value_eur, f->transactions_value_regular_eur, V(TXV_PCT)));
	t = tri_or(t, tri_of(f->relevant_clients_affected));
	c->met = t;
	need(c, f->clients_affected, "facts.clients_affected");
	need(c, f->clients_total, "facts.clients_total");
	need(c, f->financial_counterparts_affected, "facts.financial_counterparts_affected");
	need(c, f->financial_counterparts_total, "facts.financial_counterparts_total");
	need(c, f->transactions_affected, "facts.transactions_affected");
	need(c, f->transactions_regular, "facts.transactions_regular");
	if (c->nmissing < CRIT_MAX_MISSING)
		need(c, f->transactions_value_eur, "facts.transactions_value_eur");
	crit_detail(x, c, "incident.dora.clients", "clients", num_text(x, f->clients_affected), "clients_pct",
		    pct_text(x, f->clients_affected, f->clients_total), "clients_total", num_text(x, f->clients_total),
		    "clients_pct_thr", fmt_num(x, V(CLIENTS_PCT)), "clients_thr", fmt_num(x, V(CLIENTS_CNT)), "cp_pct",
		    pct_text(x, f->financial_counterparts_affected, f->financial_counterparts_total), "cp_thr",
		    fmt_num(x, V(CP_PCT)), "tx_pct", pct_text(x, f->transactions_affected, f->transactions_regular),
		    "tx_thr", fmt_num(x, V(TX_PCT)), "txv_pct",
		    pct_text(x, f->transactions_value_eur, f->transactions_value_regular_eur), "txv_thr",
		    fmt_num(x, V(TXV_PCT)), "@relevant", yesno(f->relevant_clients_affected), NULL);
	if (isnan(f->transactions_value_regular_eur) && c->met == TRI_UNKNOWN)
		crit_missing(c, "facts.transactions_value_regular_eur");
	if (f->relevant_clients_affected < 0 && c->met == TRI_UNKNOWN)
		crit_missing(c, "facts.relevant_clients_affected");

	/* art. 9(2) */
	c = crit_add(x, "reputational", "2024/1772 art. 9(2)");
	c->met = tri_of(f->reputational_impact);
	need_tri(c, f->reputational_impact, "facts.reputational_impact");
	crit_detail(x, c, "incident.dora.reputational", "@answer", yesno(f->reputational_impact), NULL);

	/* art. 9(3) */
	c = crit_add(x, "duration_downtime", SRC(DURATION));
	c->met = tri_or(tri_gt(f->duration_minutes, V(DURATION)), tri_gt(f->downtime_minutes, V(DOWNTIME)));
	need(c, f->duration_minutes, "facts.duration_minutes");
	need(c, f->downtime_minutes, "facts.downtime_minutes");
	crit_detail(x, c, "incident.dora.duration_downtime", "duration", num_text(x, f->duration_minutes),
		    "duration_thr", fmt_num(x, V(DURATION)), "downtime", num_text(x, f->downtime_minutes), "downtime_thr",
		    fmt_num(x, V(DOWNTIME)), NULL);

	/* art. 9(4): "two or more Member States"; the home state counts (conservative) */
	c = crit_add(x, "geographical_spread", SRC(MEMBER_STATES));
	c->met = isnan(f->member_states_affected) ? TRI_UNKNOWN
		 : f->member_states_affected >= V(MEMBER_STATES) ? TRI_YES
								    : TRI_NO;
	need(c, f->member_states_affected, "facts.member_states_affected");
	crit_detail(x, c, "incident.dora.spread", "states", num_text(x, f->member_states_affected), "threshold",
		    fmt_num(x, V(MEMBER_STATES)), NULL);

	/* art. 9(5)(a) */
	c = crit_add(x, "data_losses", "2024/1772 art. 9(5)(a)");
	c->met = tri_of(f->data_losses);
	need_tri(c, f->data_losses, "facts.data_losses");
	crit_detail(x, c, "incident.dora.data_losses", "@answer", yesno(f->data_losses), NULL);

	/* art. 9(5)(b): alone sufficient with the gate (art. 8(1)(b)) */
	c = crit_add(x, "malicious_access", "2024/1772 art. 9(5)(b) and art. 8(1)(b)");
	c->met = tri_of(f->malicious_unauthorised_access);
	need_tri(c, f->malicious_unauthorised_access, "facts.malicious_unauthorised_access");
	crit_detail(x, c, "incident.dora.malicious_access", "@answer", yesno(f->malicious_unauthorised_access), NULL);

	/* art. 9(6) */
	c = crit_add(x, "economic_impact", SRC(ECO));
	c->met = tri_gt(f->economic_impact_eur, V(ECO));
	need(c, f->economic_impact_eur, "facts.economic_impact_eur");
	crit_detail(x, c, "incident.dora.economic", "value", num_text(x, f->economic_impact_eur), "threshold",
		    fmt_num(x, V(ECO)), NULL);
}

/* art. 5(5): who does not get the relief for the initial and intermediate reports. */
static const struct msg *relief_excluded(struct regime_ctx *x)
{
	const struct incident_entity *en = &x->inc->entity;
	const char *t = dora_type_name(en->dora_type);
	if (t && rules_list_has(x->rr, "relief", "excluded_dora_types", t))
		return regime_msg(x, "incident.dora.excluded_type", "type", t, NULL);
	const char *n = nis2_class_name(en->nis2);
	if (n && rules_list_has(x->rr, "relief", "excluded_nis2", n))
		return regime_msg(x, "incident.dora.excluded_nis2", "class", n, NULL);
	if (en->dora_type < 0)
		return regime_msg(x, "incident.dora.excluded_unknown", NULL);
	return NULL;
}

/* The basis of r with what the relief did to it (code: the relief's message, day: why the day is closed). */
static struct msg *relief_basis(struct regime_ctx *x, const struct report_due *r, const char *code, const char *why)
{
	struct msg *m = regime_msg(x, code, NULL);
	msg_add_msg(m, "basis", r->basis);
	if (why)
		msg_add(x->a, m, "day", why);
	else
		msg_add(x->a, m, "@day", "incident.dora.weekend");
	return m;
}

/* art. 5(4): a due instant on a weekend or closing day → 12:00 on the next working day. */
static void relief(struct regime_ctx *x, struct report_due *r, bool excludable)
{
	if (r->due_ms == INSTANT_UNKNOWN)
		return;
	enum cal_kind cal = x->inc->entity.calendar;
	int32_t d = instant_cph_date(r->due_ms);
	if (cal_is_working_day(cal, d))
		return;
	const char *why = cal_closing_day(cal, d);
	if (x->inc->entity.dora_relief_withdrawn) {
		/* 2025/301 art. 5(6): the competent authority may withdraw the relief from an entity, for every report */
		r->basis = relief_basis(x, r, "incident.dora.relief_withdrawn", why);
		return;
	}
	const struct msg *who = excludable && rules_list_has(x->rr, "relief", "excluded_reports", r->report) ? relief_excluded(x) : NULL;
	if (who) {
		r->basis = msg_add_msg(relief_basis(x, r, "incident.dora.relief_excluded", why), "who", who);
		return;
	}
	int32_t next = cal_working_day_on_or_after(cal, d + 1);
	int64_t moved = cal_local_instant(next, (int)V(RELIEF_TIME));
	r->due_ms = moved;
	char at[8];
	snprintf(at, sizeof at, "%02d:%02d", (int)V(RELIEF_TIME) / 60 % 100, (int)V(RELIEF_TIME) % 60);
	r->basis = msg_add(x->a, relief_basis(x, r, "incident.dora.relief_moved", why), "time", at);
	report_restatus(x, r);
}

static void deadlines(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	int64_t det = inc->detected_ms, cls = inc->classified_ms;
	int64_t by_det = det + HOURS(INIT_DET_H);
	struct report_due *r;
	const struct incident_submission *s_init = regime_submission(x, "initial", 0);
	if (cls == INSTANT_UNKNOWN) {
		r = report_add(x, "initial", 0, by_det, NULL, s_init, SRC(INIT_DET_H),
			       "incident.dora.initial_unclassified", "det_h", fmt_num(x, V(INIT_DET_H)), "class_h",
			       fmt_num(x, V(INIT_CLASS_H)), NULL);
	} else if (cls <= by_det) {
		int64_t by_cls = cls + HOURS(INIT_CLASS_H);
		r = report_add(x, "initial", 0, by_cls < by_det ? by_cls : by_det, NULL, s_init, SRC(INIT_CLASS_H),
			       "incident.dora.initial_earlier", "class_h", fmt_num(x, V(INIT_CLASS_H)), "by_class",
			       fmt_instant(x, by_cls), "det_h", fmt_num(x, V(INIT_DET_H)), "by_det", fmt_instant(x, by_det),
			       NULL);
	} else {
		r = report_add(x, "initial", 0, cls + HOURS(INIT_CLASS_H), NULL, s_init, SRC(INIT_CLASS_H),
			       "incident.dora.initial_late_class", "det_h", fmt_num(x, V(INIT_DET_H)), "class_h",
			       fmt_num(x, V(INIT_CLASS_H)), NULL);
	}
	int64_t init_unrelieved = r->unrelieved_ms;
	relief(x, r, true);

	int64_t base = s_init ? s_init->submitted_ms : init_unrelieved;
	const struct incident_submission *s_int = regime_submission(x, "intermediate", 0);
	r = report_add(x, "intermediate", 1, base + HOURS(INTER_H), NULL, s_int, SRC(INTER_H), "incident.dora.intermediate",
		       "h", fmt_num(x, V(INTER_H)), "@base",
		       s_init ? "incident.dora.base_initial_submitted" : "incident.dora.base_initial_due", "at",
		       fmt_instant(x, base), NULL);
	int64_t inter_unrelieved = r->unrelieved_ms;
	relief(x, r, true);
	int nint = regime_submission_count(x, "intermediate");
	const struct incident_submission *latest = s_int;
	for (int k = 1; k < nint && x->out->nrep < RESULT_MAX_REPORTS - 1; k++) {
		latest = regime_submission(x, "intermediate", k);
		report_add(x, "intermediate", k + 1, INSTANT_UNKNOWN, regime_msg(x, "incident.dora.updated_due_text", NULL),
			   latest, SRC(INTER_H), "incident.dora.updated", NULL);
	}
	base = latest ? latest->submitted_ms : inter_unrelieved;
	r = report_add(x, "final", 0, cal_add_months_local(base, (int)V(FINAL_M)), NULL, regime_submission(x, "final", 0),
		       SRC(FINAL_M), V(FINAL_M) == 1 ? "incident.dora.final_one" : "incident.dora.final", "months",
		       fmt_num(x, V(FINAL_M)), "@base",
		       latest ? "incident.dora.base_latest_submitted" : "incident.dora.base_intermediate_due", "at",
		       fmt_instant(x, base), NULL);
	relief(x, r, false);
}

void regime_dora_assess(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	if (!regime_valid(x, regime_msg(x, "incident.dora.scope", NULL), inc->entity.dora))
		return;
	criteria(x, &inc->facts);
	struct criterion *gate = &x->out->crit[0], *mal = &x->out->crit[6];
	int yes = 0, could = 0;
	char ids[200] = "";
	for (int i = 1; i < x->out->ncrit; i++) {
		const struct criterion *c = &x->out->crit[i];
		if (c == mal)
			continue;
		if (c->met == TRI_YES) {
			strncat(ids, yes ? ", " : "", sizeof ids - strlen(ids) - 1);
			strncat(ids, c->id, sizeof ids - strlen(ids) - 1);
			yes++;
		}
		could += c->met != TRI_NO;
	}
	int need_n = (int)V(OTHER_MIN);
	bool major = gate->met == TRI_YES && (mal->met == TRI_YES || yes >= need_n);
	bool can = gate->met != TRI_NO && (mal->met != TRI_NO || could >= need_n);
	const struct msg *rule;
	char ny[16], nn[16];
	snprintf(ny, sizeof ny, "%d", yes);
	snprintf(nn, sizeof nn, "%d", need_n);
	if (major && mal->met == TRI_YES)
		rule = regime_msg(x, "incident.dora.rule_malicious", NULL);
	else if (major)
		rule = regime_msg(x, "incident.dora.rule_major", "n", ny, "ids", ids, NULL);
	else if (gate->met != TRI_YES)
		rule = regime_msg(x, gate->met == TRI_NO ? "incident.dora.rule_gate_no" : "incident.dora.rule_gate_unknown",
				  "n", ny, NULL);
	else
		rule = regime_msg(x, yes == 1 ? "incident.dora.rule_too_few_one" : "incident.dora.rule_too_few", "n", ny,
				  "need", nn, "ids", yes ? arena_printf(x->a, ": %s", ids) : "", NULL);
	regime_verdict(x, major, can, "major", rule);
	if (major || can)
		deadlines(x);
	else if (regime_submission(x, "initial", 0))
		regime_note(x, "incident.dora.note_reclassify", NULL);
	if (inc->entity.microenterprise)
		regime_note(x, "incident.dora.note_micro", NULL);
	else if (inc->entity.dora_simplified_framework)
		regime_note(x, "incident.dora.note_simplified", NULL);
}
