/*
 * regime.h — what the four regime modules (src/regime_*.c) share with the
 * engine (assess.c) and the rule loader (rules.c).  Internal to the engine.
 *
 * Each regime module owns: the list of rule values it reads from its file in
 * rules/ (in the order of its own enum), its applicability test, its
 * criteria and verdict, and its reports' deadlines.
 */
#ifndef SKJOLD_REGIME_H
#define SKJOLD_REGIME_H

#include "assess.h"
#include "incident.h"
#include "rules.h"

struct regime_ctx {
	const struct regime_rules *rr;
	const struct incident *inc;
	int64_t now_ms;
	struct arena *a;
	struct regime_result *out;
};

/* Positions in regime_dora_keys that recurring.c reads. */
#define DORA_KEY_RECURRING_WINDOW 10
#define DORA_KEY_RECURRING_MIN 11

/* NULL-terminated "section.key" lists, indexed like the module's enum. */
extern const char *const regime_psd2_keys[];
extern const char *const regime_dora_keys[];
extern const char *const regime_nis2_keys[];
extern const char *const regime_gdpr_keys[];

void regime_psd2_assess(struct regime_ctx *x);
void regime_dora_assess(struct regime_ctx *x);
void regime_nis2_assess(struct regime_ctx *x);
void regime_gdpr_assess(struct regime_ctx *x);

/* ---- helpers (assess.c) ---- */

/* Kleene logic over enum tri. */
enum tri tri_or(enum tri a, enum tri b);
enum tri tri_and(enum tri a, enum tri b);
/* v > thr, unknown when v is NAN. */
enum tri tri_gt(double v, double thr);
/* part / whole * 100 > pct; unknown when either is NAN or whole is 0 and part unknown. */
enum tri tri_pct_gt(double part, double whole, double pct);
enum tri tri_of(int fact); /* -1/0/1 fact → tri */

/* Append a criterion; source from the rule value (may be NULL). */
struct criterion *crit_add(struct regime_ctx *x, const char *id, const char *source);
/* Record an unknown fact path ("facts.users_total") that left c unknown. */
void crit_missing(struct criterion *c, const char *path);
/* The criterion's detail: message code and NULL-terminated name/value pairs (msg_new). */
void crit_detail(struct regime_ctx *x, struct criterion *c, const char *code, ...) __attribute__((sentinel));

/* Applicability by the rule file's validity dates; sets applies and applies_reason. */
bool regime_valid(struct regime_ctx *x, const struct msg *scope, bool in_scope);
/* Set the verdict from the known facts (met) and what the unknowns could give (could). */
void regime_verdict(struct regime_ctx *x, bool met, bool could, const char *verdict, const struct msg *rule);
/* A note: message code and NULL-terminated name/value pairs. */
void regime_note(struct regime_ctx *x, const char *code, ...) __attribute__((sentinel));
/* A message in the assessment's arena (msg_new). */
struct msg *regime_msg(struct regime_ctx *x, const char *code, ...) __attribute__((sentinel));

/* The k-th (0-based, by time) submission of report in this regime, or NULL. */
const struct incident_submission *regime_submission(struct regime_ctx *x, const char *report, int k);
/* Number of submissions of report. */
int regime_submission_count(struct regime_ctx *x, const char *report);

/*
 * Append a report due at due_ms (INSTANT_UNKNOWN: not yet computable, give
 * due_text); sets status against submission sub (may be NULL) and now.
 */
struct report_due *report_add(struct regime_ctx *x, const char *report, int n, int64_t due_ms,
			      const struct msg *due_text, const struct incident_submission *sub, const char *source,
			      const char *basis_code, ...) __attribute__((sentinel));
/* Recompute status after due_ms changed (relief). */
void report_restatus(struct regime_ctx *x, struct report_due *r);

/* "2026-04-03T17:30:00+02:00" in the arena. */
const char *fmt_instant(struct regime_ctx *x, int64_t ms);
/* A count without needless decimals: "40000", "0.1". */
const char *fmt_num(struct regime_ctx *x, double v);

#define MS_HOUR_ INT64_C(3600000)

#endif
