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
	return isnan(v) ? "unknown" : fmt_num(x, v);
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
	crit_detail(x, c,
		    "transactions %s = %s %% of the regular level %s (lower > %s %%, higher > %s %%); value EUR %s (lower > %s, higher > %s)",
		    num_text(x, f->transactions_affected), pct_text(x, f->transactions_affected, f->transactions_regular),
		    num_text(x, f->transactions_regular), fmt_num(x, V(TX_LO_PCT)), fmt_num(x, V(TX_HI_PCT)),
		    num_text(x, f->transactions_value_eur), fmt_num(x, V(TX_LO_VAL)), fmt_num(x, V(TX_HI_VAL)));
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
	crit_detail(x, c, "users affected %s = %s %% of %s users (lower > %s or > %s %%, higher > %s or > %s %%)",
		    num_text(x, f->users_affected), pct_text(x, f->users_affected, f->users_total),
		    num_text(x, f->users_total), fmt_num(x, V(US_LO_CNT)), fmt_num(x, V(US_LO_PCT)),
		    fmt_num(x, V(US_HI_CNT)), fmt_num(x, V(US_HI_PCT)));
}

/* Bilag 1: service downtime (lower level only). */
static void crit_downtime(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "downtime", SRC(DOWN_LO));
	c->two_levels = true;
	c->met = tri_gt(f->downtime_minutes, V(DOWN_LO));
	c->higher = TRI_NO;
	missing_if(c, f->downtime_minutes, "facts.downtime_minutes");
	crit_detail(x, c, "downtime %s minutes (lower > %s minutes; no higher level)", num_text(x, f->downtime_minutes),
		    fmt_num(x, V(DOWN_LO)));
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
	crit_detail(x, c, "economic impact EUR %s (higher > max(%s %% of Tier 1 capital %s, %s) = %s, or > %s)",
		    num_text(x, f->economic_impact_eur), fmt_num(x, V(ECO_T1_PCT)), num_text(x, t1),
		    fmt_num(x, V(ECO_FLOOR)), num_text(x, thr), fmt_num(x, V(ECO_CAP)));
}

static void crit_simple(struct regime_ctx *x, const char *id, int fact, const char *path, const char *what)
{
	struct criterion *c = crit_add(x, id, "Bilag 1 / EBA/GL/2017/10 GL 1.4 (lower impact level only)");
	c->two_levels = true;
	c->met = tri_of(fact);
	c->higher = TRI_NO;
	missing_tri(c, fact, path);
	crit_detail(x, c, "%s: %s (lower level when yes; no higher level)", what,
		    fact < 0 ? "unknown" : fact ? "yes" : "no");
}

static void crit_escalation(struct regime_ctx *x, const struct incident_facts *f)
{
	struct criterion *c = crit_add(x, "internal_escalation", "Bilag 1 / EBA/GL/2017/10 GL 1.4");
	c->two_levels = true;
	int e = f->internal_escalation;
	c->met = e < 0 ? TRI_UNKNOWN : e >= ESC_HIGH ? TRI_YES : TRI_NO;
	c->higher = e < 0 ? TRI_UNKNOWN : e == ESC_CRISIS ? TRI_YES : TRI_NO;
	missing_tri(c, e, "facts.internal_escalation");
	static const char *const names[] = {"none", "high", "crisis"};
	crit_detail(x, c, "internal escalation: %s (lower: high; higher: high and crisis mode likely)",
		    e < 0 ? "unknown" : names[e]);
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
			   "detected inside normal working hours (%s on a %s working day): detected_at + %s h", hours,
			   cal_name(cal), fmt_num(x, V(INIT_H)));
	} else {
		int64_t start = cal_next_hours_start(cal, h, det);
		report_add(x, "initial", 0, start + init_h, NULL, regime_submission(x, "initial", 0), SRC(INIT_H),
			   "detected outside normal working hours (%s on a %s working day): %s h after they begin on the "
			   "following working day, %s",
			   hours, cal_name(cal), fmt_num(x, V(INIT_H)), fmt_instant(x, start));
	}

	/* § 5 stk. 1: the chain of intermediate reports, each counted from the previous. */
	int wd = (int)V(INTER_WD);
	int64_t base = det;
	const char *base_text = "the detection day";
	for (int k = 0; k < RESULT_MAX_REPORTS - 3; k++) {
		int64_t due = cal_end_of_nth_working_day(cal, base, wd);
		const struct incident_submission *sub = regime_submission(x, "intermediate", k);
		if (!sub && inc->resolved_ms != INSTANT_UNKNOWN && due > inc->resolved_ms)
			break; /* "indtil hændelsens ophør": none falls due after resolution */
		report_add(x, "intermediate", k + 1, due, NULL, sub, SRC(INTER_WD),
			   "end of the %d%s working day after %s (%s)", wd, wd == 1 ? "st" : wd == 2 ? "nd" : wd == 3 ? "rd" : "th",
			   base_text, fmt_instant(x, base));
		if (sub) {
			base = sub->submitted_ms;
			base_text = arena_printf(x->a, "intermediate report %d was submitted", k + 1);
			continue;
		}
		/* Not submitted: the next counts from this one's due day — list those already due, then stop. */
		if (due >= x->now_ms || (inc->resolved_ms != INSTANT_UNKNOWN && due >= inc->resolved_ms))
			break;
		base = due;
		base_text = arena_printf(x->a, "the due day of intermediate report %d (not submitted)", k + 1);
	}

	/* § 6 stk. 1 */
	const struct incident_submission *fin = regime_submission(x, "final", 0);
	if (inc->resolved_ms != INSTANT_UNKNOWN)
		report_add(x, "final", 0, cal_add_days_local(inc->resolved_ms, (int)V(FINAL_DAYS)), NULL, fin,
			   SRC(FINAL_DAYS), "resolved_at %s + %s days (2 weeks, local calendar)",
			   fmt_instant(x, inc->resolved_ms), fmt_num(x, V(FINAL_DAYS)));
	else
		report_add(x, "final", 0, INSTANT_UNKNOWN, "2 weeks after the incident has ended (resolved_at unknown)", fin,
			   SRC(FINAL_DAYS), "due %s days after resolved_at, which is not yet recorded",
			   fmt_num(x, V(FINAL_DAYS)));
	if (fin && fin->estimates)
		regime_note(x, "the final report rested on estimates, but BEK § 6 stk. 2 requires actual facts");
}

void regime_psd2_assess(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	if (!regime_valid(x, "entity.psd2_psp (a payment service provider, BEK § 1)", inc->entity.psd2_psp))
		return;
	if (x->rr->valid_verify)
		regime_note(x, "that the order stops applying when DORA takes over is an interpretation [verify]: %s",
			    x->rr->valid_source);
	const struct incident_facts *f = &inc->facts;
	crit_transactions(x, f);
	crit_users(x, f);
	crit_downtime(x, f);
	crit_economic(x, inc);
	crit_escalation(x, f);
	crit_simple(x, "other_psps", f->other_psps_affected, "facts.other_psps_affected",
		    "other PSPs or relevant infrastructures potentially affected");
	crit_simple(x, "reputational", f->reputational_impact, "facts.reputational_impact", "reputational impact");

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
	const char *rule;
	if (hi_yes >= need_hi)
		rule = arena_printf(x->a, "§ 3 stk. 2 nr. 1: %d criteri%s at the higher impact level (%s)", hi_yes,
				    hi_yes == 1 ? "on" : "a", hi_ids);
	else if (lo_yes >= need_lo)
		rule = arena_printf(x->a, "§ 3 stk. 2 nr. 2: %d criteria at the lower impact level (%s)", lo_yes, lo_ids);
	else
		rule = arena_printf(x->a,
				    "§ 3 stk. 2: none at the higher impact level and %d at the lower (%d needed)%s%s",
				    lo_yes, need_lo, lo_yes ? ": " : "", lo_ids);
	regime_verdict(x, major, could, "major", rule);
	if (major || could)
		deadlines(x);
}
