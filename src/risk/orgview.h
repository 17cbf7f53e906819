/*
 * orgview.h — one organisation loaded from the store and evaluated as of a
 * date: the dependency graph built, every node's effective criticality and
 * its reason, every review date, every risk's levels, deadlines, appetite
 * check and escalation, every overdue measure.
 *
 * This is what export, the reports, impact and spof read: the derived fields
 * of SPEC §9 are computed here and only here.  Everything is owned by the
 * view's arena (and the graph by the view); orgview_free releases it.
 */
#ifndef SKJOLD_ORGVIEW_H
#define SKJOLD_ORGVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "msg.h"
#include "model.h"
#include "risk.h"
#include "strmap.h"

struct store;

struct node_eval {
	enum level level;          /* effective criticality */
	enum level derived;        /* what derivation alone gives (before an override) */
	const char *reason;        /* "assessed", "depended on by X", "floor: sensitive personal data", … */
	const struct msg *reason_msg; /* the same as a message (msg.h); reason is its English text */
	uint32_t cause;            /* index of the dependent that set the level, GRAPH_NONE if none */
	int32_t last_assessed;     /* max(own last_assessed, latest assessed_on of its risks) */
	int32_t trigger;           /* earliest change/incident after last_assessed on it or its dependencies */
	const char *trigger_id;    /* the change that set trigger */
	int32_t review_due;
	bool review_overdue;
	bool never_assessed;
	bool critical;             /* a critical process or service (SPOF targets) */
};

struct orgview {
	struct arena arena;
	struct org org;
	struct risk_tables tables;
	struct matrix_version *matrices;
	size_t nmatrices;
	enum level (*matrix_cells)[4][4]; /* parsed cells of matrices[i] */
	int current_matrix;                /* highest version */
	struct node *nodes;
	size_t nnodes;
	struct edge *edges;
	size_t nedges;
	struct threat *threats;
	size_t nthreats;
	struct risk *risks;
	size_t nrisks;
	struct measure *measures;
	size_t nmeasures;
	struct change *changes;
	size_t nchanges;
	size_t nstored_changes; /* changes[0..nstored_changes) are the recorded ones; the rest are incidents on nodes */
	int32_t today;

	struct strmap node_index, risk_index, threat_index;
	struct graph graph;
	struct graph_scratch scratch;
	struct node_eval *node_eval;  /* nnodes */
	struct risk_eval *risk_eval;  /* nrisks */
	uint32_t *measure_risk;       /* nmeasures: index of the measure's risk */
	const char **tables_json;     /* per table name: the organisation's own JSON text or NULL (defaults) */
};

/* Load org from st and evaluate it as of today.  0, ERR_NOTFOUND, or a store error. */
int orgview_load(struct orgview *v, struct store *st, const char *org, int32_t today, struct errinfo *e);

/*
 * The parts of a view, for the reads that need less than all of it: the
 * risks' derived fields read only the rules, the risks and their measures;
 * threats, edges and changes have none.  A node's derived fields read every
 * part (criticality through the graph, review dates from risks, changes and
 * incidents), so ORGVIEW_MAP loads all of them.
 */
#define ORGVIEW_MAP 0x01u      /* nodes (and so every part), the graph, every node's derived fields */
#define ORGVIEW_EDGES 0x02u
#define ORGVIEW_THREATS 0x04u
#define ORGVIEW_RISKS 0x08u    /* the rules, risks and measures; every risk evaluated */
#define ORGVIEW_MEASURES 0x10u
#define ORGVIEW_CHANGES 0x20u  /* the recorded changes (without the incidents on nodes unless ORGVIEW_MAP) */
#define ORGVIEW_ALL 0x3fu
/* As orgview_load, with only the parts asked for; the other arrays stay empty. */
int orgview_load_parts(struct orgview *v, struct store *st, const char *org, int32_t today, unsigned parts,
		       struct errinfo *e);
/*
 * The view of one object of part (not ORGVIEW_MAP): the organisation and the
 * object with id (an edge: from id to to), or no object when there is none
 * (0 all the same).  A risk comes with the rules and its measures,
 * evaluated as orgview_load evaluates it; a measure's derived field needs
 * only today.  ERR_NOTFOUND when the organisation is missing.
 */
int orgview_load_one(struct orgview *v, struct store *st, const char *org, int32_t today, unsigned part,
		     const char *id, const char *to, struct errinfo *e);
/*
 * Load only the organisation and the rules it is scored under (tables and
 * matrix versions): what a single write needs to check a risk, without
 * reading the map.  The arrays of objects stay empty; orgview_free releases it.
 */
int orgview_load_rules(struct orgview *v, struct store *st, const char *org, struct errinfo *e);
/*
 * A view of the risks part (ORGVIEW_RISKS alone, or one made by this call)
 * in which risk r (its id) is as given: in place of the risk of that id, or
 * added in the store's order.  Only r is evaluated again: nothing a risk
 * reads (the rules, the organisation, the measures) changes with another
 * risk.  v shares base's storage: base must outlive v; orgview_free(v)
 * releases only v's own.  r is copied.
 */
int orgview_with_risk(struct orgview *v, const struct orgview *base, const struct risk *r);
/*
 * The risks' texts of a view made by orgview_with_risk copied into its own
 * arena: it then needs of its bases only the one read from the store (the
 * organisation, rules and measures), not the views patched in between.
 */
void orgview_own_risks(struct orgview *v);
void orgview_free(struct orgview *v);

/* Index of a node / risk by id, or -1. */
long orgview_node(const struct orgview *v, const char *id);
long orgview_risk(const struct orgview *v, const char *id);
/* The parsed matrix a risk was scored under. */
const enum level (*orgview_matrix(const struct orgview *v, int version))[4];
/* The measures of risk index r (pointers into v->measures), count returned; out sized nmeasures. */
size_t orgview_measures_of(const struct orgview *v, size_t r, const struct measure **out);

#endif
