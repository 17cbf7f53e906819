/*
 * roi.h — the DORA Register of Information (DORA art. 28(3); Implementing
 * Regulation (EU) 2024/2956) kept beside the dependency map.
 *
 * The register is one JSON document per organisation (docs/roi.md), the
 * "roi" key of the organisation document, stored as the organisation's
 * table "roi".  It names map nodes instead of repeating them: a provider is a
 * supplier node, a function a process or service node, and the
 * subcontracting chain of a provider is the map's supplied_by edges between
 * supplier nodes — so criticality, impact and SPOF keep working on them.
 *
 *   roi_doc.c     the document's shape: keys, types, code lists, LEIs, dates
 *   roi_tables.c  the document and the map → the 15 tables of the package
 *   roi_check.c   the EBA validation rules that fit, over the tables
 *   roi_import.c  the tables → a document, nodes and edges
 */
#ifndef SKJOLD_ROI_H
#define SKJOLD_ROI_H

#include <jansson.h>
#include <stdint.h>

#include "edit.h"
#include "err.h"
#include "mem.h"
#include "xbrl_csv.h"

struct orgview;

/* The organisation table the register is stored under. */
#define ROI_TABLE "roi"

/*
 * Check a register document's shape (path: where it sits, "roi" or "").
 * Unknown keys, wrong types, a value outside its code list, a malformed LEI,
 * date or country are ERR_INVALID naming the path ("arrangements[2].
 * services[0].type").  Completeness is roi_check's job: a register may be
 * stored half filled.
 */
int roi_doc_check(json_t *doc, const char *path, struct errinfo *e);
/* The node references of a valid document against the map: each provider's node a supplier, each
 * function's node a process or service, each arrangement's provider one of the providers. */
int roi_doc_check_nodes(json_t *doc, const struct orgview *v, const char *path, struct errinfo *e);

/* The stored register of org (a new reference), or an empty object when there is none. */
int roi_load(struct store *st, const char *org, json_t **out, struct errinfo *e);
/* Replace the register of org, audited, after roi_doc_check and roi_doc_check_nodes (against the map as
 * the transaction sees it, so an import may write the nodes first).  One transaction (nested when the
 * caller holds one).  An empty object empties the register. */
int roi_put(struct writer *w, const char *org, json_t *doc, struct errinfo *e);

/* One violation of a rule: table "B_02.02", 1-based row (0: the table as a whole), column "c0050". */
struct roi_violation {
	const char *table;
	size_t row;
	const char *column;
	const char *rule;   /* short stable name: "mandatory", "code_list", "lei", "foreign_key", "date_order", … */
	const char *message; /* English */
	const char *message_da;
};

struct roi_violations {
	size_t n, cap;
	struct roi_violation *v;
	struct arena *a;
};

void roi_violations_init(struct roi_violations *vs, struct arena *a);
void roi_violations_free(struct roi_violations *vs);
void roi_violation_add(struct roi_violations *vs, const char *table, size_t row, const char *column, const char *rule,
		       const char *da, const char *en);
/* As JSON: [{"table","row","column","rule","message","message_da"}]. */
json_t *roi_violations_json(const struct roi_violations *vs);

/*
 * Build the package's tables from the organisation (view) and its register
 * as of the reference date refdate.  What the map cannot give (a node an
 * arrangement names that is not a supplier, a subcontractor without a
 * provider entry) is added to vs, naming the register's path in message.
 * Parameters: entityID rs:{LEI}.{level}, refPeriod, baseCurrency, decimalsInteger 0,
 * decimalsMonetary -3 — exactly the five the DORA module references
 * (intuitem/ciso-assistant-community#4501: a sixth is a fatal error at BaFin).
 */
int roi_build(const struct orgview *v, json_t *doc, int32_t refdate, const char *level, struct xc_report *r,
	      struct roi_violations *vs, struct errinfo *e);

/* The EBA validation rules that fit (docs/roi.md#check), over the tables. */
void roi_check(const struct xc_report *r, struct roi_violations *vs);

/*
 * Read a report into a register document for the organisation of view v,
 * whose stored register is stored (its providers and functions keep their
 * nodes): *doc the register, *nodes and *edges the map objects to add (JSON
 * arrays in the organisation document's form).  ERR_INVALID naming "B_05.01 row 3
 * c0010" when a row cannot be read (roi_check first: import refuses any
 * violation).
 */
int roi_from_report(const struct xc_report *r, const struct orgview *v, json_t *stored, json_t **doc, json_t **nodes,
		    json_t **edges, struct errinfo *e);

#endif
