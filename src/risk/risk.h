/*
 * risk.h — the risk procedure's rules (seed 003 §3-§5, SPEC §2) as pure
 * functions over tables that are data.
 *
 * struct risk_tables holds the four default tables of SPEC §2 — the matrix,
 * the likelihood suggestion, the review intervals (figure 3.1) and the
 * treatment deadlines with escalation (figure 4.3.1).  The shipped defaults
 * live in rules/risk-defaults.json; an organisation's own tables replace
 * them table by table.  Nothing here reads the clock: "today" is an argument.
 */
#ifndef SKJOLD_RISK_H
#define SKJOLD_RISK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "mem.h"
#include "model.h"

enum deadline_unit { UNIT_HOURS, UNIT_DAYS, UNIT_WEEKS, UNIT_MONTHS, UNIT_YEARS };

struct deadline {
	int n; /* 0 with unit UNIT_DAYS: none */
	enum deadline_unit unit;
};

/* Danish text with its English label; either may be NULL. */
struct label {
	const char *da, *en;
};

/* Seed 003 figure 3.1, one row per criticality. */
struct review_policy {
	int months;
	struct label responsible, approval, escalation, escalate_to;
};

/* Seed 003 figure 4.3.1, one row per risk level. */
struct treatment_policy {
	struct deadline deadline, warning;
	struct label responsible, approval, escalation, escalate_to;
	enum approver_role approver_role; /* lowest role that may approve or accept */
};

struct risk_tables {
	enum level matrix[4][4];  /* the current matrix: [likelihood-1][consequence-1] */
	int likelihood[4][4];     /* [threat_level-1][resilience-1] -> 1..4 */
	struct review_policy review[5];       /* index by level 1..4 */
	struct treatment_policy treatment[5]; /* index by level 1..4 */
};

/* The table names an organisation may replace (store_table_put / the document). */
#define RISK_TABLE_LIKELIHOOD "likelihood_table"
#define RISK_TABLE_REVIEW "review_intervals"
#define RISK_TABLE_TREATMENT "treatment_deadlines"

/* Fill t with the shipped defaults (rules/risk-defaults.json); strings owned by a. */
int risk_tables_defaults(struct risk_tables *t, struct arena *a, struct errinfo *e);
/*
 * Replace one table of t from its JSON form.  name is "matrix",
 * RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW or RISK_TABLE_TREATMENT; path
 * prefixes field names in errors.  On error t is unchanged.
 */
int risk_tables_apply(struct risk_tables *t, const char *name, json_t *j, const char *path, struct arena *a,
		      struct errinfo *e);
/* The JSON form of one table (new reference). */
json_t *risk_tables_json(const struct risk_tables *t, const char *name);
/* Matrix cells from/to JSON (4 rows of 4 level names). */
int risk_matrix_parse(json_t *j, const char *path, enum level out[4][4], struct errinfo *e);
json_t *risk_matrix_json(const enum level m[4][4]);

/* "48 hours", "1 week", "3 months", "2 years", "7 days"; 0 or ERR_INVALID. */
int deadline_parse(const char *s, struct deadline *out);
/* Text form of d ("48 hours"); buf of at least 32 bytes. */
const char *deadline_format(struct deadline d, char *buf, size_t len);
/*
 * The date a deadline counted from date falls on.  Hours and days count whole
 * days (48 hours from a date is two days later: the date has no time of day,
 * so the conservative reading ends the period at the start of that day);
 * months and years clamp to the month's end.
 */
int32_t deadline_add(int32_t date, struct deadline d);

/* SPEC §2.2: the likelihood suggested from threat level and resilience (1..4 each). */
int risk_suggest_likelihood(const struct risk_tables *t, int threat_level, int resilience);
/* Overall consequence: the highest dimension (0 when none is set). */
int consequence_overall(const struct consequence *c);
/* The matrix cell for likelihood and consequence (1..4), LEVEL_NONE when either is unset. */
enum level risk_level(const enum level m[4][4], int likelihood, int consequence);
/*
 * The lowest role that may accept a residual risk of level residual: the
 * table's approver for that level, raised to the board when the residual is
 * above the appetite (the board sets the appetite, so only the board may
 * accept beyond it — the conservative reading of seed 003 §4.2).
 */
enum approver_role risk_required_approver(const struct risk_tables *t, enum level residual, enum level appetite);

/* The evaluation of one risk scenario as of a date (the derived fields of SPEC §9). */
struct risk_eval {
	int suggested_likelihood;
	int likelihood;             /* used: the assessor's, else the suggestion */
	bool likelihood_deviates;   /* the assessor set a value other than the suggestion */
	int consequence;            /* overall */
	enum level inherent, residual;
	int residual_likelihood, residual_consequence;
	bool residual_assumed;      /* no residual assessment: residual = inherent */
	int32_t treatment_due, treatment_warning; /* DATE_NONE when none */
	bool treatment_started;     /* decision made and carried out (a measure started, or an acceptance in force) */
	bool treatment_overdue;     /* not started and today is past treatment_due */
	bool measures_overdue;      /* a measure of this risk is past its due date and not done */
	bool above_appetite;
	bool acceptance_valid;      /* decision accept with approver of the required role, not expired */
	bool acceptance_expired;
	enum approver_role required_approver;
	bool overdue;               /* treatment, a measure or an expired acceptance */
	struct label escalate_to;   /* who must hear of it; NULLs when nobody */
	const char *escalation_reason; /* English reason code for escalate_to */
};

/*
 * Evaluate r under table t and matrix m (the matrix version r was scored
 * under), with the organisation's appetite, the measures of r (ms[0..nms)),
 * as of today.
 */
void risk_evaluate(const struct risk_tables *t, const enum level m[4][4], enum level appetite, const struct risk *r,
		   const struct measure *const *ms, size_t nms, int32_t today, struct risk_eval *out);

/* A measure is overdue when it is neither done nor cancelled and today is past its due date. */
bool measure_overdue(const struct measure *m, int32_t today);

/*
 * Review due date of a node (seed 003 figure 3.1): base (its last assessment)
 * plus the interval of its effective criticality; an earlier trigger after
 * base (a change or incident on the node or its dependencies) makes it due
 * on the trigger's date.  DATE_NONE base (never assessed) is due today.
 */
int32_t risk_review_due(const struct risk_tables *t, enum level effective, int32_t base, int32_t trigger, int32_t today);

#endif
