/*
 * kitos.h — a KITOS export read as the dependency map's systems, suppliers
 * and their edges (docs/kitos.md).
 *
 * KITOS (os2kitos/kitos) is the Danish municipalities' catalogue of IT
 * systems; its API v2 answers lists of it-system-usages, it-systems,
 * organizations and data-processing-registrations.  An export is those
 * lists gathered into one object keyed by the endpoints' names:
 *
 *   {"it-system-usages": [...], "it-systems": [...],
 *    "organizations": [...], "data-processing-registrations": [...]}
 *
 * Only it-system-usages is required.  Fields skjold does not map are
 * ignored (KITOS answers many); the ones it maps are checked and a bad one
 * is named by its JSON path ("it-system-usages[2].gdpr.dataSensitivityLevels[0]").
 * Pure: no store, no writes (the use case is app_kitos.c).
 */
#ifndef SKJOLD_KITOS_H
#define SKJOLD_KITOS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "mem.h"
#include "model.h"

/* A node's ref when it stands for a KITOS object: "kitos:" and the object's uuid. */
#define KITOS_REF_PREFIX "kitos:"

struct kitos_node {
	const char *uuid;      /* the it-system's or the organisation's uuid */
	enum node_kind kind;   /* NODE_SYSTEM or NODE_SUPPLIER */
	const char *name;
	const char *owner;     /* systems: the responsible organisation unit, NULL */
	enum pdata personal_data;
	bool critical_service; /* systems: gdpr.businessCritical is yes */
};

/* from depends on to: a system on its rights holder or data processor, a processor on its sub-processor. */
struct kitos_edge {
	size_t from, to; /* indexes into the map's nodes */
};

struct kitos_map {
	struct kitos_node *nodes; /* systems first, in the order of their usages, then suppliers */
	size_t nnodes, nsystems;
	struct kitos_edge *edges;
	size_t nedges;
};

/* Read an export into *out (arena-owned); ERR_INVALID naming the JSON path of what is wrong. */
int kitos_parse(json_t *doc, struct arena *a, struct kitos_map *out, struct errinfo *e);

/* Whether s is a uuid (8-4-4-4-12 hexadecimal digits). */
bool kitos_is_uuid(const char *s);

/*
 * The id a new node gets: its name in lower case ASCII (æ ae, ø oe, å aa,
 * anything else a dash), at most 40 bytes, then a dash and the uuid's first
 * 8 digits ("sbsys-3fa85f64").  Stable: a rename in KITOS keeps the id (the
 * node is found by its ref).
 */
const char *kitos_node_id(const char *name, const char *uuid, struct arena *a);

#endif
