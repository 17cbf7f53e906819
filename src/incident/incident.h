/*
 * incident.h — the incident facts document (RULES.md §6): times, the
 * reporting entity, the impact facts and the submissions made so far.
 *
 * Unknown facts are null or absent in JSON and are kept unknown here:
 * numbers as NAN, yes/no facts and enumerations as -1.  Nothing is ever
 * guessed; the regimes decide what an unknown fact means for them.
 * Instants are Unix ms UTC, INSTANT_UNKNOWN when absent.
 */
#ifndef SKJOLD_INCIDENT_H
#define SKJOLD_INCIDENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "err.h"
#include "mem.h"
#include "rules.h"

#define INSTANT_UNKNOWN INT64_MIN

enum dora_type {
	DORA_CREDIT_INSTITUTION,
	DORA_PAYMENT_INSTITUTION,
	DORA_E_MONEY_INSTITUTION,
	DORA_INVESTMENT_FIRM,
	DORA_CCP,
	DORA_CSD,
	DORA_TRADING_VENUE,
	DORA_INSURANCE,
	DORA_OTHER,
};
enum nis2_class { NIS2_NONE, NIS2_IMPORTANT, NIS2_ESSENTIAL };
enum escalation { ESC_NONE, ESC_HIGH, ESC_CRISIS };
enum ds_risk { DSR_UNLIKELY, DSR_RISK, DSR_HIGH };

const char *dora_type_name(int t);
const char *nis2_class_name(int c);

struct incident_entity {
	const char *name;
	bool psd2_psp, dora, trust_service_provider, microenterprise;
	bool dora_relief_withdrawn;     /* 2025/301 art. 5(6): the authority withdrew the weekend relief */
	bool dora_simplified_framework; /* DORA art. 16(1): outside the recurring-incident rule (2024/1772 art. 8(2)) */
	int dora_type;   /* enum dora_type, -1 unknown */
	int nis2;        /* enum nis2_class (absent = none) */
	double tier1_capital_eur; /* NAN unknown */
	struct cal_hours hours;
	enum cal_kind calendar;
};

/* Impact facts.  Field order = the fact table in incident.c. */
struct incident_facts {
	double transactions_affected, transactions_regular;
	double transactions_value_eur, transactions_value_regular_eur;
	double users_affected, users_total;
	double clients_affected, clients_total;
	double financial_counterparts_affected, financial_counterparts_total;
	double downtime_minutes, duration_minutes;
	double economic_impact_eur;
	double member_states_affected;
	int relevant_clients_affected, other_psps_affected, reputational_impact, security_breach,
		critical_services_affected, malicious_unauthorised_access, data_losses, significant_disruption,
		considerable_damage, personal_data_breach; /* -1 unknown, 0, 1 */
	int internal_escalation; /* enum escalation, -1 unknown */
	int data_subject_risk;   /* enum ds_risk, -1 unknown */
};

struct incident_submission {
	enum regime regime;
	const char *report;
	int64_t submitted_ms;
	bool estimates;      /* rested on estimates (BEK § 4 stk. 2, § 5 stk. 2) */
	const char *channel, *receipt, *by; /* optional */
};

struct incident {
	const char *title;
	int64_t occurred_ms, detected_ms, classified_ms, resolved_ms;
	struct incident_entity entity;
	struct incident_facts facts;
	struct incident_submission *subs;
	size_t nsubs;
};

/*
 * Parse and check a facts document.  Strings are copied into a.  Errors name
 * the path ("facts.downtime_minutes", "submissions[0].regime", "resolved_at").
 * Impossible input is refused: times out of order (detected before occurred,
 * classified before detected, resolved before occurred), negative
 * counts, affected above total, a report name the regime does not have.
 * extra_keys (NULL-terminated, may be NULL) are top-level keys the caller
 * handles itself (the stored incident's own fields); they are ignored here.
 */
int incident_parse(json_t *doc, const char *const *extra_keys, struct arena *a, struct incident *out,
		   struct errinfo *e);

/* The fact table, for generic handling (listing unknowns, output). */
enum fact_kind { FACT_NUM, FACT_BOOL, FACT_ENUM };
struct fact_def {
	const char *name;
	enum fact_kind kind;
	size_t offset; /* into struct incident_facts */
	const char *const *values; /* FACT_ENUM: names, NULL-terminated */
};
extern const struct fact_def incident_fact_defs[];
extern const size_t incident_fact_count;

/* An instant with offset at obj.key (INSTANT_UNKNOWN when null or absent and not required). */
int incident_instant(json_t *obj, const char *key, const char *path, bool required, int64_t *out,
		     struct errinfo *e);

/* Whether the report name exists in regime r. */
bool incident_report_valid(enum regime r, const char *report);

#endif
