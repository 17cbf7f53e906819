/*
 * json_io.h — the organisation document of SPEC §9 (docs/orgdoc.md): parse
 * with validation that names the JSON path of every error, and write with
 * the derived fields.
 *
 * Parsing checks each object's fields and every reference inside the
 * document (an edge to an unknown node, a duplicate id, a risk on an unknown
 * threat), so an import that parses can be written without surprises.
 * Derived fields are accepted and ignored.  Unknown fields are errors.
 */
#ifndef SKJOLD_JSON_IO_H
#define SKJOLD_JSON_IO_H

#include <jansson.h>

#include "err.h"
#include "mem.h"
#include "model.h"
#include "store/store.h"

struct orgview;

struct orgdoc {
	struct org org;
	json_t *matrix;                 /* borrowed from the document, or NULL */
	json_t *incidents;              /* the stored incidents (increc.c checks them at import), or NULL */
	json_t *roi;                    /* the register of information (src/roi/ checks it at import), or NULL */
	json_t *tables[3];              /* likelihood_table, review_intervals, treatment_deadlines, or NULL */
	struct matrix_version *matrices;
	size_t nmatrices;
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
};

/* Parse one organisation document at path ("" or "organisations[2]"). Strings owned by a. */
int orgdoc_parse(json_t *doc, const char *path, struct arena *a, struct orgdoc *out, struct errinfo *e);

/* One object from its JSON form (also used for CLI edits). */
int json_io_org(json_t *j, const char *path, struct arena *a, struct org *out, struct errinfo *e);
int json_io_node(json_t *j, const char *path, struct arena *a, struct node *out, struct errinfo *e);
int json_io_edge(json_t *j, const char *path, struct arena *a, struct edge *out, struct errinfo *e);
int json_io_threat(json_t *j, const char *path, struct arena *a, struct threat *out, struct errinfo *e);
int json_io_risk(json_t *j, const char *path, struct arena *a, struct risk *out, struct errinfo *e);
int json_io_measure(json_t *j, const char *path, struct arena *a, struct measure *out, struct errinfo *e);
int json_io_change(json_t *j, const char *path, struct arena *a, struct change *out, struct errinfo *e);

/* The stored fields of one object as JSON (new reference; no derived fields). */
json_t *json_of_org(const struct org *x);
json_t *json_of_node(const struct node *x);
json_t *json_of_edge(const struct edge *x);
json_t *json_of_threat(const struct threat *x);
json_t *json_of_risk(const struct risk *x);
json_t *json_of_measure(const struct measure *x);
json_t *json_of_change(const struct change *x);

/* Add the derived fields of node i / risk i / measure i of v to obj. */
void json_add_node_derived(json_t *obj, const struct orgview *v, size_t i);
void json_add_risk_derived(json_t *obj, const struct orgview *v, size_t i);
void json_add_measure_derived(json_t *obj, const struct orgview *v, size_t i);

/* The whole organisation document with derived fields (new reference). */
json_t *orgdoc_export(const struct orgview *v);

#endif
