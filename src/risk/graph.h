/*
 * graph.h — the dependency-map engine on flat arrays.
 *
 * Nodes are dense uint32_t ids 0..n-1.  Edge e says from[e] depends on to[e].
 * group[e] == 0 makes the edge required; edges of one node that share a
 * non-zero group id are alternatives (the node needs at least one of them).
 * Group ids only mean something together with their from node.
 *
 * The graph is held in compressed sparse rows twice: dependencies (forward)
 * and dependents (reverse).  Nothing is allocated per node.  A struct graph
 * owns its arrays; graph_free releases them.
 */
#ifndef SKJOLD_GRAPH_H
#define SKJOLD_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define GRAPH_NONE UINT32_MAX

struct graph {
	uint32_t n, m;
	uint32_t *dep_off;   /* n+1 offsets into dep_dst, dependencies of v sorted by slot */
	uint32_t *dep_dst;   /* m */
	uint32_t *dep_slot;  /* m: GRAPH_NONE for a required edge, else its redundancy slot */
	uint32_t nslots;     /* one slot per distinct (from, group) with group != 0 */
	uint32_t *slot_size; /* nslots: how many edges share the slot */
	uint32_t *rev_off;   /* n+1 offsets into rev_src, dependents of v */
	uint32_t *rev_src;   /* m */
	uint32_t *rev_slot;  /* m: the slot of the same edge */
};

/*
 * Build g from m edges.  from/to must be < n; group may be NULL (all required).
 * Returns 0 or ERR_INVALID (an endpoint out of range, named in e).
 */
int graph_build(struct graph *g, uint32_t n, size_t m, const uint32_t *from, const uint32_t *to,
		const uint32_t *group, struct errinfo *e);
void graph_free(struct graph *g);

/*
 * Criticality derivation (SPEC §1): a node's level is the highest of its own
 * base level and the levels of every node that depends on it, transitively,
 * redundancy or not.  base[v] is 0..4 (0: no level of its own).  A node with
 * fixed[v] != 0 (a manual override) keeps base[v] and is neither raised by
 * its dependents nor passes their level on; it passes its own.
 * Writes level[v] (0 when nothing reached v) and cause[v]: the dependent
 * that set the level, or GRAPH_NONE when the node's own base decided.
 * Cycles are fine: every node is settled once, highest level first. O(n+m).
 */
void graph_derive(const struct graph *g, const uint8_t *base, const uint8_t *fixed, uint8_t *level,
		  uint32_t *cause);

/*
 * Reusable scratch space for failure propagation; stamps make a reset free,
 * so a query costs only what it touches.
 */
struct graph_scratch {
	uint32_t epoch;
	uint32_t *node_mark; /* n: epoch when failed */
	uint32_t *slot_mark; /* nslots: epoch when slot_left was set */
	uint32_t *slot_left; /* nslots: members still up */
	uint32_t *queue;     /* n: failed nodes in the order they failed */
	uint32_t *cause;     /* n: for a failed node, the failed dependency that took it down */
	/* graph_spof's own space, so its candidates survive the graph_impact calls it makes */
	uint32_t reach_epoch;
	uint32_t *reach_mark; /* n: reach_epoch when reached from the spof target */
	uint32_t *reach;      /* n: the target's transitive dependencies */
};

void graph_scratch_init(struct graph_scratch *s, const struct graph *g);
void graph_scratch_free(struct graph_scratch *s);

/*
 * Impact analysis: the nodes that fail when every node in seeds fails.  A node
 * fails when any required dependency fails or every member of one of its
 * redundancy slots has failed.  Returns the count and sets *out to the failed
 * nodes, seeds first, in the order they failed (owned by s, valid until the
 * next call).  cause[] in s tells why each non-seed failed.
 * If stop != GRAPH_NONE, propagation stops as soon as stop fails.
 */
uint32_t graph_impact(const struct graph *g, struct graph_scratch *s, const uint32_t *seeds,
		      uint32_t nseeds, uint32_t stop, const uint32_t **out);
/* Whether v failed in the last graph_impact call on s. */
int graph_failed(const struct graph_scratch *s, uint32_t v);

/*
 * Single points of failure of target: every node other than target whose
 * failure alone makes target fail.  Candidates are target's transitive
 * dependencies.  Writes them to out (caller-sized n) in ascending id order
 * and returns the count.  Runs graph_impact on s, so afterwards s holds the
 * last candidate's query, not one the caller made.
 */
uint32_t graph_spof(const struct graph *g, struct graph_scratch *s, uint32_t target, uint32_t *out);

#endif
