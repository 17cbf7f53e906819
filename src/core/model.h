/*
 * model.h — the domain objects of the dependency map and the risk register.
 *
 * Strings are borrowed: whoever filled the struct (the store into the caller's
 * arena, or the document parser) owns them.  Optional strings are NULL when
 * absent; optional integers use 0 (levels, scores) or -1 (minutes) as "unset";
 * dates are int32_t days with DATE_NONE as "unset".
 *
 * Domain terms keep their Danish names (Lav, Medium, Høj, Kritisk) in data;
 * enum names are English.
 */
#ifndef SKJOLD_MODEL_H
#define SKJOLD_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* Seed 003 figure 3.1 / 4.2.2: the four levels shared by criticality and risk. */
enum level { LEVEL_NONE = 0, LEVEL_LAV = 1, LEVEL_MEDIUM = 2, LEVEL_HOJ = 3, LEVEL_KRITISK = 4 };

enum org_kind {
	ORG_BANK, ORG_MORTGAGE, ORG_PAYMENT_INSTITUTION, ORG_EMONEY_INSTITUTION, ORG_PAYMENT_SYSTEM,
	ORG_DATA_CENTRE, ORG_INSURER, ORG_MUNICIPALITY, ORG_AUTHORITY, ORG_SUPPLIER, ORG_OTHER, ORG_INDUSTRY_BODY,
	ORG_KIND_COUNT
};

enum node_kind {
	NODE_PROCESS, NODE_SERVICE, NODE_SYSTEM, NODE_INFRASTRUCTURE, NODE_SUPPLIER, NODE_EXTERNAL,
	NODE_KIND_COUNT
};

enum pdata { PDATA_NONE, PDATA_ORDINARY, PDATA_SENSITIVE, PDATA_COUNT };

enum edge_type { EDGE_RUNS_ON, EDGE_USES, EDGE_INTEGRATES_WITH, EDGE_SUPPLIED_BY, EDGE_HOSTED_AT, EDGE_TYPE_COUNT };

enum decision { DECISION_NONE, DECISION_MITIGATE, DECISION_ACCEPT, DECISION_TRANSFER, DECISION_AVOID, DECISION_COUNT };

enum measure_kind { MEASURE_TECHNICAL, MEASURE_PROCEDURAL, MEASURE_ORGANISATIONAL, MEASURE_AWARENESS, MEASURE_CONTINUITY, MEASURE_KIND_COUNT };

enum measure_status { MSTATUS_PLANNED, MSTATUS_STARTED, MSTATUS_DONE, MSTATUS_CANCELLED, MSTATUS_COUNT };

/* Who may approve: ordered, higher may approve for lower (seed 003 fig. 4.3.1 "Godkendelse"). */
enum approver_role { ROLE_NONE, ROLE_SYSTEM_OWNER, ROLE_HEAD_OF_DEPARTMENT, ROLE_IT_MANAGEMENT, ROLE_DIRECTOR, ROLE_BOARD, ROLE_COUNT };

enum effect_rating { EFFECT_NONE, EFFECT_INEFFECTIVE, EFFECT_PARTIAL, EFFECT_EFFECTIVE, EFFECT_COUNT };

enum change_kind { CHANGE_CHANGE, CHANGE_INCIDENT, CHANGE_THREAT, CHANGE_KIND_COUNT };

struct org {
	const char *id, *name;
	enum org_kind kind;
	const char *cvr, *lei;
	const char *nis2;       /* "essential", "important", "none" */
	const char *dora;       /* DORA financial-entity type, NULL when not a financial entity */
	bool psd2_psp, trust_service;
	enum level risk_appetite;
	int work_start_min, work_end_min; /* normal working hours, minutes after midnight */
	int32_t procedure_reviewed_on;    /* seed 003 §8: yearly review of the procedure */
	const char *parent;               /* ultimate parent organisation's id (provider groups, issue 5), NULL */
	const char *competent_authority;  /* DORA template field 3.1 ("DK_FSA"), NULL */
	bool dora_relief_withdrawn;       /* 2025/301 art. 5(6): the authority withdrew the weekend relief */
	bool dora_simplified_framework;   /* DORA art. 16(1) */
	const char *contacts;             /* JSON text: [{"role","name","email","phone"}] (fields 1.7-1.12), NULL */
};

struct node {
	const char *id, *name, *owner, *description;
	enum node_kind kind;
	enum level criticality;  /* assessed (processes and services), LEVEL_NONE if not */
	enum level override;     /* manual override, LEVEL_NONE if none */
	const char *override_reason;
	bool critical_service;   /* NIS2/DORA critical or important function */
	enum pdata personal_data;
	int rto_minutes, rpo_minutes; /* -1 unset */
	int32_t last_assessed;
	/*
	 * An external node may stand for a node another organisation owns
	 * ("org/node"): the sector map joins the two (forum_map.c).
	 */
	const char *ref;
	const char *service_type; /* DORA ICT service type "S01".."S19" (rules/ict-service-types.json), NULL */
};

struct edge {
	const char *from, *to;
	enum edge_type type;
	const char *group; /* redundancy group, NULL when required */
};

struct threat {
	const char *id, *name, *name_en, *category, *description;
	int level;                 /* 1..4, 0 unset */
	const char *level_source;  /* CFCS, SAMSIK, KommuneCERT, ENISA, ... */
	int32_t level_date;
};

/* Consequence per dimension, 1..4 (0 unset); overall is the highest. */
struct consequence {
	int availability, confidentiality, integrity, authenticity;
};

struct risk {
	const char *id, *node, *threat, *title, *description;
	int32_t assessed_on;
	const char *assessor, *owner;
	int threat_level, resilience; /* 1..4 */
	int likelihood;               /* 0: take the suggestion */
	struct consequence consequence;
	bool has_residual;
	int residual_likelihood;
	struct consequence residual;
	enum decision decision;
	int matrix_version;           /* 0: the current version at write time */
	/* acceptance (decision accept): approver of the right level and an expiry */
	const char *accept_approver;
	enum approver_role accept_role;
	int32_t accept_on, accept_expires;
	const char *note;
};

struct measure {
	const char *id, *risk, *title, *owner, *description;
	enum measure_kind kind;
	int32_t due;
	enum measure_status status;
	enum effect_rating effect;
	int32_t effect_evaluated_on;
	const char *effect_note;
};

/* A recorded trigger for reassessment (SPEC §2.1): a major change or an incident. */
struct change {
	const char *id, *node, *description;
	enum change_kind kind;
	int32_t date;
};

/* Names: the Danish data term for levels, English snake_case for the rest. */
const char *level_name(enum level l);
const char *level_name_en(enum level l);
int level_parse(const char *s, enum level *out); /* "Lav".."Kritisk", also "Hoj"; 0 or ERR_INVALID */
const char *org_kind_name(enum org_kind k);
const char *node_kind_name(enum node_kind k);
const char *pdata_name(enum pdata p);
const char *edge_type_name(enum edge_type t);
const char *decision_name(enum decision d);
const char *measure_kind_name(enum measure_kind k);
const char *measure_status_name(enum measure_status s);
const char *approver_role_name(enum approver_role r);
const char *effect_rating_name(enum effect_rating r);
const char *change_kind_name(enum change_kind k);
/* Look a name up in a table of count names; returns the index or -1. */
int name_lookup(const char *const *names, int count, const char *s);
int org_kind_parse(const char *s);
int node_kind_parse(const char *s);
int pdata_parse(const char *s);
int edge_type_parse(const char *s);
int decision_parse(const char *s);
int measure_kind_parse(const char *s);
int measure_status_parse(const char *s);
int approver_role_parse(const char *s);
int effect_rating_parse(const char *s);
int change_kind_parse(const char *s);

#endif
