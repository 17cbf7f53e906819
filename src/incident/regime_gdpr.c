/*
 * regime_gdpr.c — eu-gdpr: Regulation (EU) 2016/679 art. 33-34.
 *
 * A personal-data breach is notified to Datatilsynet without undue delay
 * and, where feasible, within 72 h of becoming aware of it, unless it is
 * unlikely to result in a risk to natural persons (art. 33(1)).  The burden
 * is on the controller: while the risk has not been assessed, the breach is
 * treated as notifiable (conservative).  Data subjects are told without
 * undue delay when the risk is high (art. 34(1)); there is no hour count, so
 * that report has no due instant.  Every breach is documented (art. 33(5)).
 */
#include "regime.h"

enum { AUTH_H };

const char *const regime_gdpr_keys[] = {
	"deadlines.authority_hours",
	NULL,
};

#define V(k) (x->rr->v[k].v)
#define SRC(k) (x->rr->v[k].source)

void regime_gdpr_assess(struct regime_ctx *x)
{
	const struct incident *inc = x->inc;
	const struct incident_facts *f = &inc->facts;
	if (!regime_valid(x, regime_msg(x, "incident.gdpr.scope", NULL), true))
		return;
	static const char *const risk_names[] = {"incident.gdpr.risk_unlikely", "incident.gdpr.risk_risk",
						 "incident.gdpr.risk_high"};
	int dsr = f->data_subject_risk;
	struct criterion *b = crit_add(x, "personal_data_breach", "GDPR art. 4(12), art. 33(1)");
	b->met = tri_of(f->personal_data_breach);
	if (f->personal_data_breach < 0)
		crit_missing(b, "facts.personal_data_breach");
	crit_detail(x, b, "incident.gdpr.breach", "@answer",
		    f->personal_data_breach < 0 ? "incident.answer.unknown"
		    : f->personal_data_breach   ? "incident.answer.yes"
						: "incident.answer.no",
		    NULL);
	struct criterion *r = crit_add(x, "risk_to_data_subjects", "GDPR art. 33(1)");
	r->met = dsr < 0 ? TRI_UNKNOWN : dsr >= DSR_RISK ? TRI_YES : TRI_NO;
	if (dsr < 0)
		crit_missing(r, "facts.data_subject_risk");
	crit_detail(x, r, "incident.gdpr.risk", "@answer", dsr < 0 ? "incident.answer.not_assessed" : risk_names[dsr],
		    NULL);
	struct criterion *h = crit_add(x, "high_risk", "GDPR art. 34(1)");
	h->met = dsr < 0 ? TRI_UNKNOWN : dsr == DSR_HIGH ? TRI_YES : TRI_NO;
	if (dsr < 0)
		crit_missing(h, "facts.data_subject_risk");
	crit_detail(x, h, "incident.gdpr.high_risk", "@answer",
		    dsr < 0 ? "incident.answer.not_assessed" : dsr == DSR_HIGH ? "incident.answer.yes" : "incident.answer.no",
		    NULL);

	/* art. 33(1): notifiable unless unlikely — an unassessed risk does not excuse (conservative) */
	bool notifiable = b->met == TRI_YES && dsr != DSR_UNLIKELY;
	bool could = b->met != TRI_NO && dsr != DSR_UNLIKELY;
	const char *rule = notifiable ? (dsr < 0 ? "incident.gdpr.rule_unassessed" : "incident.gdpr.rule_risk")
			   : b->met == TRI_YES ? "incident.gdpr.rule_unlikely"
					       : "incident.gdpr.rule_no_breach";
	regime_verdict(x, notifiable, could, "notifiable", regime_msg(x, rule, NULL));
	/* Notifiable on an unassessed risk: an assessment of "unlikely" would lift the duty. */
	if (notifiable && dsr < 0 && x->out->nunknown < RESULT_MAX_UNKNOWN)
		x->out->unknown[x->out->nunknown++] = "facts.data_subject_risk";
	if (b->met == TRI_YES)
		regime_note(x, "incident.gdpr.note_documented", NULL);
	if (!notifiable && !could)
		return;
	struct report_due *a = report_add(x, "authority", 0, inc->detected_ms + (int64_t)(V(AUTH_H) * 3600000.0), NULL,
					  regime_submission(x, "authority", 0), SRC(AUTH_H),
					  "incident.gdpr.authority", "h", fmt_num(x, V(AUTH_H)), NULL);
	if (a->late || a->status == RS_OVERDUE)
		regime_note(x, "incident.gdpr.note_late", "h", fmt_num(x, V(AUTH_H)), NULL);
	if (dsr == DSR_HIGH || (dsr < 0 && b->met != TRI_NO)) {
		struct report_due *d = report_add(
			x, "data_subjects", 0, INSTANT_UNKNOWN, regime_msg(x, "incident.gdpr.undue_delay", NULL),
			regime_submission(x, "data_subjects", 0), "GDPR art. 34(1)", "incident.gdpr.data_subjects", "at",
			fmt_instant(x, inc->detected_ms), NULL);
		if (dsr < 0)
			d->conditional = true;
	}
}
