/*
 * regime_nis2.c — eu-nis2: Directive (EU) 2022/2555 art. 23 and the Danish
 * NIS 2-loven (lov nr. 434 af 6. maj 2025).  Numbers in rules/eu-nis2.json.
 *
 * Applies to essential and important entities; the Danish law leaves
 * financial entities covered by DORA to DORA (lex specialis, NIS2 art. 4).
 * Significant (art. 23(3)): severe operational disruption or financial loss
 * for the entity, or considerable material or non-material damage to others.
 * Reports (art. 23(4)): early warning 24 h, incident notification 72 h (24 h
 * for trust service providers), intermediate report on request, final report
 * one month after the notification — or, if the incident is still ongoing
 * then, a progress report then and the final report one month after it has
 * been handled.
 */
#include <string.h>

#include "calendar.h"
#include "regime.h"

enum { EARLY_H, NOTIF_H, NOTIF_TRUST_H, FINAL_M };

const char *const regime_nis2_keys[] = {
	"deadlines.early_warning_hours",
	"deadlines.notification_hours",
	"deadlines.notification_hours_trust",
	"deadlines.final_months",
	NULL,
};

#define V(k) (x->rr->v[k].v)
#define SRC(k) (x->rr->v[k].source)
#define HOURS(k) ((int64_t)(V(k) * 3600000.0))

static const char *yesno(int f)
{
	return f < 0 ? "incident.answer.unknown" : f ? "incident.answer.yes" : "incident.answer.no";
}

static void deadlines(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	int64_t det = inc->detected_ms;
	report_add(x, "early_warning", 0, det + HOURS(EARLY_H), NULL, regime_submission(x, "early_warning", 0), SRC(EARLY_H),
		   "incident.nis2.early_warning", "h", fmt_num(x, V(EARLY_H)), NULL);
	int k = inc->entity.trust_service_provider ? NOTIF_TRUST_H : NOTIF_H;
	const struct incident_submission *s_not = regime_submission(x, "notification", 0);
	struct report_due *n = report_add(x, "notification", 0, det + HOURS(k), NULL, s_not, SRC(k),
					  inc->entity.trust_service_provider ? "incident.nis2.notification_trust"
									     : "incident.nis2.notification",
					  "h", fmt_num(x, V(k)), NULL);
	int64_t base = s_not ? s_not->submitted_ms : n->due_ms;
	int64_t one_month = cal_add_months_local(base, (int)V(FINAL_M));
	const char *from = s_not ? "incident.nis2.base_submitted" : "incident.nis2.base_due";
	const struct incident_submission *s_prog = regime_submission(x, "progress", 0),
					 *s_fin = regime_submission(x, "final", 0);
	bool ongoing = inc->resolved_ms == INSTANT_UNKNOWN ? (x->now_ms > one_month || s_prog) : inc->resolved_ms > one_month;
	if (!ongoing) {
		report_add(x, "final", 0, one_month, NULL, s_fin, SRC(FINAL_M),
			   inc->resolved_ms == INSTANT_UNKNOWN ? "incident.nis2.final_if_ongoing" : "incident.nis2.final",
			   "@base", from, "at", fmt_instant(x, base), NULL);
		return;
	}
	report_add(x, "progress", 0, one_month, NULL, s_prog, SRC(FINAL_M),
		   "incident.nis2.progress", "@base", from, "at", fmt_instant(x, base), NULL);
	if (inc->resolved_ms != INSTANT_UNKNOWN)
		report_add(x, "final", 0, cal_add_months_local(inc->resolved_ms, (int)V(FINAL_M)), NULL, s_fin, SRC(FINAL_M),
			   "incident.nis2.final_handled", "at", fmt_instant(x, inc->resolved_ms), NULL);
	else
		report_add(x, "final", 0, INSTANT_UNKNOWN, regime_msg(x, "incident.nis2.final_due_text", NULL), s_fin,
			   SRC(FINAL_M), "incident.nis2.final_ongoing", NULL);
}

void regime_nis2_assess(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	const struct incident_entity *en = &inc->entity;
	bool nis2 = en->nis2 == NIS2_ESSENTIAL || en->nis2 == NIS2_IMPORTANT;
	if (nis2 && en->dora) {
		x->out->applies = false;
		x->out->applies_reason = regime_msg(x, "incident.nis2.dora_excluded", NULL);
		return;
	}
	const struct msg *scope = regime_msg(x, nis2 ? "incident.nis2.scope" : "incident.nis2.scope_none", "class",
					     nis2_class_name(en->nis2), NULL);
	if (!regime_valid(x, scope, nis2))
		return;
	const struct incident_facts *f = &inc->facts;
	struct criterion *a = crit_add(x, "significant_disruption", "NIS2 art. 23(3)(a)");
	a->met = tri_of(f->significant_disruption);
	if (f->significant_disruption < 0)
		crit_missing(a, "facts.significant_disruption");
	crit_detail(x, a, "incident.nis2.disruption", "@answer", yesno(f->significant_disruption), NULL);
	struct criterion *b = crit_add(x, "considerable_damage", "NIS2 art. 23(3)(b)");
	b->met = tri_of(f->considerable_damage);
	if (f->considerable_damage < 0)
		crit_missing(b, "facts.considerable_damage");
	crit_detail(x, b, "incident.nis2.damage", "@answer", yesno(f->considerable_damage), NULL);
	enum tri sig = tri_or(a->met, b->met);
	const char *rule = sig == TRI_YES ? (a->met == TRI_YES && b->met == TRI_YES ? "incident.nis2.rule_both"
					     : a->met == TRI_YES ? "incident.nis2.rule_a"
								 : "incident.nis2.rule_b")
					  : "incident.nis2.rule_none";
	regime_verdict(x, sig == TRI_YES, sig != TRI_NO, "significant", regime_msg(x, rule, NULL));
	if (sig != TRI_NO) {
		deadlines(x);
		regime_note(x, "incident.nis2.note_intermediate", NULL);
	}
	if (en->nis2 != NIS2_NONE && en->trust_service_provider)
		regime_note(x, "incident.nis2.note_trust", NULL);
}
