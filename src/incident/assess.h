/*
 * assess.h — the incident classification and deadline engine.
 *
 * One incident, one set of facts, every applicable regime evaluated side by
 * side (SPEC §3, RULES.md §7): criterion by criterion (met, not met,
 * unknown) with the fact and threshold that decided it, the verdict and the
 * rule behind it, the unknown facts that could change the verdict, and every
 * report with its due instant, basis and status relative to a given "now".
 *
 * The verdict rests on the known facts.  When unknown facts could still make
 * the incident reportable, the reports are listed anyway, marked
 * "conditional", so the clock is visible (the conservative reading).
 */
#ifndef SKJOLD_ASSESS_H
#define SKJOLD_ASSESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "incident.h"
#include "mem.h"
#include "msg.h"
#include "rules.h"

enum tri { TRI_NO = 0, TRI_YES = 1, TRI_UNKNOWN = 2 };

#define CRIT_MAX_MISSING 6
struct criterion {
	const char *id;
	enum tri met;      /* met at least at the lower level */
	bool two_levels;   /* dk-psd2-2018 criteria with a lower and a higher level */
	enum tri higher;   /* only when two_levels, or the criterion has a higher level only */
	bool higher_only;  /* economic impact: a higher level only */
	const struct msg *detail; /* the facts against the thresholds; the outcome is added when rendered */
	const char *source;
	const char *missing[CRIT_MAX_MISSING]; /* unknown facts that left it unknown */
	int nmissing;
};

enum report_status { RS_PENDING, RS_SUBMITTED, RS_OVERDUE };

struct report_due {
	const char *report;
	int n;                 /* 1-based sequence of repeated reports; 0 for single ones */
	int64_t due_ms;        /* INSTANT_UNKNOWN when it cannot be computed yet */
	int64_t unrelieved_ms; /* before DORA's weekend relief (== due_ms without relief) */
	const struct msg *due_text; /* when due_ms is unknown: "without undue delay", "2 weeks after resolved_at" */
	const struct msg *basis;
	const char *source;
	enum report_status status;
	int64_t submitted_ms;  /* INSTANT_UNKNOWN unless submitted */
	bool late, estimates, conditional;
	const char *estimates_rule;
};

#define RESULT_MAX_CRIT 12
#define RESULT_MAX_UNKNOWN 32
#define RESULT_MAX_REPORTS 24
#define RESULT_MAX_NOTES 8

struct regime_result {
	enum regime regime;
	bool applies, reportable, provisional;
	const char *verdict;
	const struct msg *applies_reason, *rule;
	struct criterion crit[RESULT_MAX_CRIT];
	int ncrit;
	const char *unknown[RESULT_MAX_UNKNOWN];
	int nunknown;
	struct report_due rep[RESULT_MAX_REPORTS];
	int nrep;
	const struct msg *notes[RESULT_MAX_NOTES];
	int nnotes;
};

struct assessment {
	unsigned mask; /* 1u << regime for each evaluated regime */
	struct regime_result r[REGIME_N];
};

#define ASSESS_ALL ((1u << REGIME_N) - 1)

/* Evaluate inc under the regimes in mask as of now_ms.  Strings go to a. */
void assess_incident(const struct rules *rs, const struct incident *inc, int64_t now_ms, unsigned mask,
		     struct arena *a, struct assessment *out);

/*
 * The RULES.md §7 object {"results": […]} (new reference).  Each text
 * (criterion detail, applies_reason, rule, basis, due_text, notes) is in
 * English beside its "X_msg" (msg.h): the adapter that answers renders it
 * in the caller's language with msg_localize.
 */
json_t *assess_to_json(const struct assessment *as);
/* One report's object, as in a result's "reports" (new reference). */
json_t *assess_report_json(const struct report_due *r);
/* One regime's result object (new reference). */
json_t *assess_result_json(const struct regime_result *r);

const char *report_status_name(enum report_status s);

#endif
