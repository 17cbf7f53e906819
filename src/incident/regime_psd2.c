/*
 * regime_psd2.c — dk-psd2-2018: the 2018 executive order (bekendtgørelse) om
 * indberetning af drifts- og sikkerhedshændelser for udbydere af
 * betalingstjenester (seed 004), with the criteria of its Bilag 1 =
 * EBA/GL/2017/10 Guideline 1.4.  The numbers are in rules/dk-psd2-2018.json.
 *
 * Major (§ 3 stk. 2): one or more criteria at the higher impact level, or
 * three or more at the lower level; a criterion met at the higher level is
 * also met at the lower.  All comparisons are strict ("more than").
 *
 * Deadlines: initial § 4 stk. 1 (4 h; outside normal working hours 4 h after
 * they begin on the following working day), intermediate § 5 stk. 1 (by the
 * end of the 3rd working day, then at most every 3 working days until the
 * incident ends), final § 6 stk. 1 (2 weeks after it ended).
 */
#include <math.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "regime.h"

enum {
	TX_LO_PCT,
	TX_LO_VAL,
	TX_HI_PCT,
	TX_HI_VAL,
	US_LO_CNT,
	US_LO_PCT,
	US_HI_CNT,
	US_HI_PCT,
	DOWN_LO,
	ECO_T1_PCT,
	ECO_FLOOR,
	ECO_CAP,
	MAJ_HI,
	MAJ_LO,
	INIT_H,
	INTER_WD,
	FINAL_DAYS,
};

const char *const regime_psd2_keys[] = {
	"thresholds.transactions_lower_pct",
	"thresholds.transactions_lower_value_eur",
	"thresholds.transactions_higher_pct",
	"thresholds.transactions_higher_value_eur",
	"thresholds.users_lower_count",
	"thresholds.users_lower_pct",
	"thresholds.users_higher_count",
	"thresholds.users_higher_pct",
	"thresholds.downtime_lower_minutes",
	"thresholds.economic_higher_tier1_pct",
	"thresholds.economic_higher_floor_eur",
	"thresholds.economic_higher_cap_eur",
	"thresholds.major_higher_min",
	"thresholds.major_lower_min",
	"deadlines.initial_hours",
	"deadlines.intermediate_working_days",
	"deadlines.final_days",
	NULL,
};

#define V(k) (x->rr->v[k].v)
#define SRC(k) (x->rr->v[k].source)

static void missing_if(struct criterion *c, double v, const char *path)
{
	if (isnan(v))
		crit_missing(c, path);
}

static void missing_tri(struct criterion *c, int v, const char *path)
{
	if (v < 0)
		crit_missing(c, path);
}

static const char *pct_text(struct regime_ctx *x, double part, double whole)
{
	if (isnan(part) || isnan(whole) || whole <= 0)
		return "?";
	return arena_printf(x->a, "%.1f", part * 100.0 / whole);
}

static const char *num_text(struct regime_ctx *x, double v)
{
	return isnan(v) ? "?" : fmt_num(x, v);
}

/* Bilag 1: transactions affected (number share or value). */
static void crit_transactions(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "transactions", SRC(TX_LO_PCT));
	c->two_levels = true;
	enum tri lo = tri_or(tri_pct_gt(f->transactions_affected, f->transactions_regular, V(TX_LO_PCT)),
			     tri_gt(f->transactions_value_eur, V(TX_LO_VAL)));
	c->higher = tri_or(tri_pct_gt(f->transactions_affected, f->transactions_regular, V(TX_HI_PCT)),
			   tri_gt(f->transactions_value_eur, V(TX_HI_VAL)));
	c->met = tri_or(lo, c->higher);
	missing_if(c, f->transactions_affected, "facts.transactions_affected");
	missing_if(c, f->transactions_regular, "facts.transactions_regular");
	missing_if(c, f->transactions_value_eur, "facts.transactions_value_eur");
	crit_detail(x, c, "incident.psd2.transactions", "affected", num_text(x, f->transactions_affected), "pct",
		    pct_text(x, f->transactions_affected, f->transactions_regular), "regular",
		    num_text(x, f->transactions_regular), "lo_pct", fmt_num(x, V(TX_LO_PCT)), "hi_pct",
		    fmt_num(x, V(TX_HI_PCT)), "value", num_text(x, f->transactions_value_eur), "lo_val",
		    fmt_num(x, V(TX_LO_VAL)), "hi_val", fmt_num(x, V(TX_HI_VAL)), NULL);
}

/* Bilag 1: payment service users affected (count or share). */
static void crit_users(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "users", SRC(US_LO_CNT));
	c->two_levels = true;
	enum tri lo = tri_or(tri_gt(f->users_affected, V(US_LO_CNT)),
			     tri_pct_gt(f->users_affected, f->users_total, V(US_LO_PCT)));
	c->higher = tri_or(tri_gt(f->users_affected, V(US_HI_CNT)),
			   tri_pct_gt(f->users_affected, f->users_total, V(US_HI_PCT)));
	c->met = tri_or(lo, c->higher);
	missing_if(c, f->users_affected, "facts.users_affected");
	missing_if(c, f->users_total, "facts.users_total");
	crit_detail(x, c, "incident.psd2.users", "affected", num_text(x, f->users_affected), "pct",
		    pct_text(x, f->users_affected, f->users_total), "total", num_text(x, f->users_total), "lo_cnt",
		    fmt_num(x, V(US_LO_CNT)), "lo_pct", fmt_num(x, V(US_LO_PCT)), "hi_cnt", fmt_num(x, V(US_HI_CNT)),
		    "hi_pct", fmt_num(x, V(US_HI_PCT)), NULL);
}

/* Bilag 1: service downtime (lower level only). */
static void crit_downtime(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "downtime", SRC(DOWN_LO));
	c->two_levels = true;
	c->met = tri_gt(f->downtime_minutes, V(DOWN_LO));
	c->higher = TRI_NO;
	missing_if(c, f->downtime_minutes, "facts.downtime_minutes");
	crit_detail(x, c, "incident.psd2.downtime", "minutes", num_text(x, f->downtime_minutes), "threshold",
		    fmt_num(x, V(DOWN_LO)), NULL);
}

/* Bilag 1: economic impact (higher level only): > max(0.1 % Tier 1, 200 000) or > 5 000 000. */
static void crit_economic(struct regime_ctx *x, const struct incident *inc)
{
	const struct incident_facts *f = &inc->facts;
	double t1 = inc->entity.tier1_capital_eur;
	struct criterion *c = crit_add(x, "economic_impact", SRC(ECO_T1_PCT));
	c->higher_only = true;
	enum tri by_cap = tri_gt(f->economic_impact_eur, V(ECO_CAP));
	enum tri by_t1;
	double thr = NAN;
	if (isnan(f->economic_impact_eur))
		by_t1 = TRI_UNKNOWN;
	else if (!isnan(t1)) {
		thr = fmax(t1 * V(ECO_T1_PCT) / 100.0, V(ECO_FLOOR));
		by_t1 = f->economic_impact_eur > thr ? TRI_YES : TRI_NO;
	} else
		by_t1 = f->economic_impact_eur > V(ECO_FLOOR) ? TRI_UNKNOWN : TRI_NO;
	c->higher = tri_or(by_cap, by_t1);
	c->met = c->higher;
	missing_if(c, f->economic_impact_eur, "facts.economic_impact_eur");
	if (by_t1 == TRI_UNKNOWN && !isnan(f->economic_impact_eur))
		crit_missing(c, "entity.tier1_capital_eur");
	crit_detail(x, c, "incident.psd2.economic", "value", num_text(x, f->economic_impact_eur), "t1_pct",
		    fmt_num(x, V(ECO_T1_PCT)), "t1", num_text(x, t1), "floor", fmt_num(x, V(ECO_FLOOR)), "threshold",
		    num_text(x, thr), "cap", fmt_num(x, V(ECO_CAP)), NULL);
}

static void crit_simple(struct regime_ctx *x, const char *id, int fact, const char *path, const char *what)
{
	struct criterion *c = crit_add(x, id, "Bilag 1 / EBA/GL/2017/10 GL 1.4 (lower impact level only)");
	c->two_levels = true;
	c->met = tri_of(fact);
	c->higher = TRI_NO;
	missing_tri(c, fact, path);
	crit_detail(x, c, "incident.psd2.simple", "@what", what, "@answer",
		    fact < 0 ? "incident.answer.unknown" : fact ? "incident.answer.yes" : "incident.answer.no", NULL);
}

static void crit_escalation(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "internal_escalation", "Bilag 1 / EBA/GL/2017/10 GL 1.4");
	c->two_levels = true;
	int e = f->internal_escalation;
	c->met = e < 0 ? TRI_UNKNOWN : e >= ESC_HIGH ? TRI_YES : TRI_NO;
	c->higher = e < 0 ? TRI_UNKNOWN : e == ESC_CRISIS ? TRI_YES : TRI_NO;
	missing_tri(c, e, "facts.internal_escalation");
	static const char *const names[] = {"incident.escalation.none", "incident.escalation.high",
					    "incident.escalation.crisis"};
	crit_detail(x, c, "incident.psd2.escalation", "@level", e < 0 ? "incident.answer.unknown" : names[e], NULL);
}

static void deadlines(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	enum cal_kind cal = inc->entity.calendar;
	struct cal_hours h = inc->entity.hours;
	int64_t det = inc->detected_ms;
	int64_t init_h = (int64_t)(V(INIT_H) * 3600000.0);
	char hours[32];
	snprintf(hours, sizeof hours, "%02d:%02d–%02d:%02d", h.start_min / 60, h.start_min % 60, h.end_min / 60,
		 h.end_min % 60);

	/* § 4 stk. 1 */
	if (cal_in_working_hours(cal, h, det)) {
		report_add(x, "initial", 0, det + init_h, NULL, regime_submission(x, "initial", 0), SRC(INIT_H),
			   "incident.psd2.initial_inside", "hours", hours, "calendar", cal_name(cal), "h",
			   fmt_num(x, V(INIT_H)), NULL);
	} else {
		int64_t start = cal_next_hours_start(cal, h, det);
		report_add(x, "initial", 0, start + init_h, NULL, regime_submission(x, "initial", 0), SRC(INIT_H),
			   "incident.psd2.initial_outside", "hours", hours, "calendar", cal_name(cal), "h",
			   fmt_num(x, V(INIT_H)), "start", fmt_instant(x, start), NULL);
	}

	/* § 5 stk. 1: the chain of intermediate reports, each counted from the previous. */
	int wd = (int)V(INTER_WD);
	int64_t base = det;
	const struct msg *base_text = regime_msg(x, "incident.psd2.base_detection", NULL);
	for (int k = 0; k < RESULT_MAX_REPORTS - 3; k++) {
		int64_t due = cal_end_of_nth_working_day(cal, base, wd);
		const struct incident_submission *sub = regime_submission(x, "intermediate", k);
		if (!sub && inc->resolved_ms != INSTANT_UNKNOWN && due > inc->resolved_ms)
			break; /* "indtil hændelsens ophør": none falls due after resolution */
		char wds[16], ks[16];
		snprintf(wds, sizeof wds, "%d", wd);
		snprintf(ks, sizeof ks, "%d", k + 1);
		struct report_due *r = report_add(x, "intermediate", k + 1, due, NULL, sub, SRC(INTER_WD),
						  "incident.psd2.intermediate", "n", wds, "at", fmt_instant(x, base), NULL);
		msg_add_msg((struct msg *)r->basis, "base", base_text);
		if (sub) {
			base = sub->submitted_ms;
			base_text = regime_msg(x, "incident.psd2.base_submitted", "k", ks, NULL);
			continue;
		}
		/* Not submitted: the next counts from this one's due day — list those already due, then stop. */
		if (due >= x->now_ms || (inc->resolved_ms != INSTANT_UNKNOWN && due >= inc->resolved_ms))
			break;
		base = due;
		base_text = regime_msg(x, "incident.psd2.base_due", "k", ks, NULL);
	}

	/* § 6 stk. 1 */
	const struct incident_submission *fin = regime_submission(x, "final", 0);
	if (inc->resolved_ms != INSTANT_UNKNOWN)
		report_add(x, "final", 0, cal_add_days_local(inc->resolved_ms, (int)V(FINAL_DAYS)), NULL, fin,
			   SRC(FINAL_DAYS), "incident.psd2.final", "at", fmt_instant(x, inc->resolved_ms), "days",
			   fmt_num(x, V(FINAL_DAYS)), NULL);
	else
		report_add(x, "final", 0, INSTANT_UNKNOWN, regime_msg(x, "incident.psd2.final_due_text", NULL), fin,
			   SRC(FINAL_DAYS), "incident.psd2.final_unresolved", "days", fmt_num(x, V(FINAL_DAYS)), NULL);
	if (fin && fin->estimates)
		regime_note(x, "incident.psd2.note_final_estimates", NULL);
}

void regime_psd2_assess(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	if (!regime_valid(x, regime_msg(x, "incident.psd2.scope", NULL), inc->entity.psd2_psp))
		return;
	if (x->rr->valid_verify)
		regime_note(x, "incident.psd2.note_verify_end", "source", x->rr->valid_source, NULL);
	const struct incident_facts *f = &inc->facts;
	crit_transactions(x, f);
	crit_users(x, f);
	crit_downtime(x, f);
	crit_economic(x, inc);
	crit_escalation(x, f);
	crit_simple(x, "other_psps", f->other_psps_affected, "facts.other_psps_affected", "incident.psd2.what_other_psps");
	crit_simple(x, "reputational", f->reputational_impact, "facts.reputational_impact",
		    "incident.psd2.what_reputational");

	int hi_yes = 0, hi_could = 0, lo_yes = 0, lo_could = 0;
	char hi_ids[200] = "", lo_ids[200] = "";
	for (int i = 0; i < x->out->ncrit; i++) {
		const struct criterion *c = &x->out->crit[i];
		if (c->higher == TRI_YES) {
			hi_yes++;
			strncat(hi_ids, hi_yes > 1 ? ", " : "", sizeof hi_ids - strlen(hi_ids) - 1);
			strncat(hi_ids, c->id, sizeof hi_ids - strlen(hi_ids) - 1);
		}
		hi_could += c->higher != TRI_NO;
		if (c->met == TRI_YES) {
			lo_yes++;
			strncat(lo_ids, lo_yes > 1 ? ", " : "", sizeof lo_ids - strlen(lo_ids) - 1);
			strncat(lo_ids, c->id, sizeof lo_ids - strlen(lo_ids) - 1);
		}
		lo_could += c->met != TRI_NO;
	}
	int need_hi = (int)V(MAJ_HI), need_lo = (int)V(MAJ_LO);
	bool major = hi_yes >= need_hi || lo_yes >= need_lo;
	bool could = hi_could >= need_hi || lo_could >= need_lo;
	const struct msg *rule;
	char nh[16], nl[16], nn[16];
	snprintf(nh, sizeof nh, "%d", hi_yes);
	snprintf(nl, sizeof nl, "%d", lo_yes);
	snprintf(nn, sizeof nn, "%d", need_lo);
	if (hi_yes >= need_hi)
		rule = regime_msg(x, hi_yes == 1 ? "incident.psd2.rule_higher_one" : "incident.psd2.rule_higher", "n", nh,
				  "ids", hi_ids, NULL);
	else if (lo_yes >= need_lo)
		rule = regime_msg(x, "incident.psd2.rule_lower", "n", nl, "ids", lo_ids, NULL);
	else
		rule = regime_msg(x, "incident.psd2.rule_none", "n", nl, "need", nn, "ids",
				  lo_yes ? arena_printf(x->a, ": %s", lo_ids) : "", NULL);
	regime_verdict(x, major, could, "major", rule);
	if (major || could)
		deadlines(x);
}
