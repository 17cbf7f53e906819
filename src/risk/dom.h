/*
 * dom.h — dominator trees of flow graphs.
 *
 * A flow graph is a directed graph in compressed sparse rows (succ_off has
 * n+1 entries, succ holds the successors of v at succ[succ_off[v] ..
 * succ_off[v+1]-1]) and a root.  A node d dominates v when every path from
 * the root to v passes through d; the immediate dominator idom(v) is the
 * dominator of v closest to it.  dom_tree computes idom for every node
 * reachable from the root in O(m log n) (Lengauer–Tarjan with path
 * compression, iterative: no recursion, so depth 10^6 is fine).
 * Duplicate edges and self-loops are allowed.
 *
 * Used by the sector analyses (sector.c) and measured in bench/bench_sector.c
 * against networkx's immediate_dominators and igraph's dominator.
 */
#ifndef SKJOLD_DOM_H
#define SKJOLD_DOM_H

#include <stdint.h>

#include "err.h"

#define DOM_NONE UINT32_MAX

/*
 * Writes idom[v] for every v < n: the immediate dominator of v, idom[root] ==
 * root, and DOM_NONE for nodes the root does not reach.  idom is caller-sized
 * n.  Returns 0, or ERR_INVALID when root >= n, the offsets decrease or a
 * successor is out of range (named in e).  Allocates its scratch itself
 * (five words per node, seven per reachable node, one per reachable edge)
 * and frees it before returning.
 */
int dom_tree(uint32_t n, const uint32_t *succ_off, const uint32_t *succ, uint32_t root, uint32_t *idom,
	     struct errinfo *e);

#endif
