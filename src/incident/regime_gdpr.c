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
	if (!regime_valid(x, "every controller of personal data (GDPR art. 2-3)", true))
		return;
	static const char *const risk_names[] = {"unlikely", "risk", "high"};
	int dsr = f->data_subject_risk;
	struct criterion *b = crit_add(x, "personal_data_breach", "GDPR art. 4(12), art. 33(1)");
	b->met = tri_of(f->personal_data_breach);
	if (f->personal_data_breach < 0)
		crit_missing(b, "facts.personal_data_breach");
	crit_detail(x, b, "a breach of security leading to destruction, loss, alteration, unauthorised disclosure of or access "
			  "to personal data: %s",
		    f->personal_data_breach < 0 ? "unknown" : f->personal_data_breach ? "yes" : "no");
	struct criterion *r = crit_add(x, "risk_to_data_subjects", "GDPR art. 33(1)");
	r->met = dsr < 0 ? TRI_UNKNOWN : dsr >= DSR_RISK ? TRI_YES : TRI_NO;
	if (dsr < 0)
		crit_missing(r, "facts.data_subject_risk");
	crit_detail(x, r, "risk to the rights and freedoms of natural persons: %s (notifiable unless unlikely)",
		    dsr < 0 ? "not assessed" : risk_names[dsr]);
	struct criterion *h = crit_add(x, "high_risk", "GDPR art. 34(1)");
	h->met = dsr < 0 ? TRI_UNKNOWN : dsr == DSR_HIGH ? TRI_YES : TRI_NO;
	if (dsr < 0)
		crit_missing(h, "facts.data_subject_risk");
	crit_detail(x, h, "high risk to data subjects, so they are told without undue delay: %s",
		    dsr < 0 ? "not assessed" : dsr == DSR_HIGH ? "yes" : "no");

	/* art. 33(1): notifiable unless unlikely — an unassessed risk does not excuse (conservative) */
	bool notifiable = b->met == TRI_YES && dsr != DSR_UNLIKELY;
	bool could = b->met != TRI_NO && dsr != DSR_UNLIKELY;
	const char *rule = notifiable ? (dsr < 0 ? "art. 33(1): a personal-data breach whose risk has not been assessed is "
						   "notified (conservative: only 'unlikely to result in a risk' excuses it)"
						 : "art. 33(1): a personal-data breach likely to result in a risk to individuals")
			   : b->met == TRI_YES ? "art. 33(1): breach unlikely to result in a risk — documented, not notified (art. 33(5))"
					       : "art. 33(1): no personal-data breach";
	regime_verdict(x, notifiable, could, "notifiable", rule);
	/* Notifiable on an unassessed risk: an assessment of "unlikely" would lift the duty. */
	if (notifiable && dsr < 0 && x->out->nunknown < RESULT_MAX_UNKNOWN)
		x->out->unknown[x->out->nunknown++] = "facts.data_subject_risk";
	if (b->met == TRI_YES)
		regime_note(x, "every personal-data breach is documented, notified or not (art. 33(5))");
	if (!notifiable && !could)
		return;
	struct report_due *a = report_add(x, "authority", 0, inc->detected_ms + (int64_t)(V(AUTH_H) * 3600000.0), NULL,
					  regime_submission(x, "authority", 0), SRC(AUTH_H),
					  "without undue delay and where feasible within %s h of becoming aware (detected_at)",
					  fmt_num(x, V(AUTH_H)));
	if (a->late || a->status == RS_OVERDUE)
		regime_note(x, "a notification later than %s h must give the reasons for the delay (art. 33(1))",
			    fmt_num(x, V(AUTH_H)));
	if (dsr == DSR_HIGH || (dsr < 0 && b->met != TRI_NO)) {
		struct report_due *d = report_add(
			x, "data_subjects", 0, INSTANT_UNKNOWN, "without undue delay", regime_submission(x, "data_subjects", 0),
			"GDPR art. 34(1)", "high risk to data subjects: tell them without undue delay, counted from %s",
			fmt_instant(x, inc->detected_ms));
		if (dsr < 0)
			d->conditional = true;
	}
}
