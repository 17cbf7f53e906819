/*
 * graph.c — the dependency-map engine: criticality derivation, failure
 * impact and single points of failure over compressed sparse rows.
 *
 * Layout.  graph_build turns an edge list into two CSR indexes of uint32_t:
 * dependencies (dep_off/dep_dst/dep_slot) and dependents (rev_off/rev_src/
 * rev_slot).  The dependencies of each node are sorted by (group, to), so the
 * edges of one (from, group) pair are contiguous and share one redundancy
 * slot id; a required edge (group 0) has slot GRAPH_NONE.  slot_size[s]
 * counts the members of slot s.  Everything lives in a handful of flat arrays
 * sized n+1, m or nslots; nothing is allocated per node.
 *
 * Derivation (graph_derive) is a multi-source BFS over dependency edges run
 * in four buckets, level 4 down to 1.  Because levels only ever move up and a
 * higher bucket runs first, the first time a node is reached is at its final
 * level: every node is settled once and every edge scanned at most once, so
 * the whole derivation is O(n+m) with sequential scans of a byte array.
 * Fixed (overridden) nodes are settled before the first bucket; they are
 * seeds in the bucket of their own level and are never entered from above,
 * which is exactly "keeps its level, passes only its own".
 *
 * Impact (graph_impact) is a worklist over dependent edges.  A node fails
 * once; a required edge takes its dependent down at once; a redundancy slot
 * keeps a countdown of members still up and takes the dependent down when it
 * reaches zero.  The node and slot arrays are stamped with an epoch instead
 * of being cleared, so a query costs only the nodes and edges it touches.
 * Failure is the least fixpoint from the seeds: a cycle with nothing failed
 * inside it stays up, and the worklist terminates because each node enters
 * it once.
 *
 * SPOF (graph_spof) collects the target's transitive dependencies (its own
 * epoch-stamped marks, so they survive the impact runs) and runs one impact
 * query per candidate with an early stop at the target.
 *
 * Caveats: ids are uint32_t, so n and m stay below UINT32_MAX (GRAPH_NONE is
 * reserved).  Duplicate edges are kept; in a slot they count as two members
 * that fail together, which gives the same answer as one.
 */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void sort_keys(uint64_t *k, size_t len);
static int cmp_u64(const void *a, const void *b);
static int cmp_u32(const void *a, const void *b);
static uint32_t next_epoch(uint32_t *epoch, uint32_t **marks, const size_t *lens, int nmarks);

/*
 * Sort one node's dependency keys ((group << 32) | to).  Most nodes have a
 * handful of dependencies: insertion sort wins there; qsort for the rest.
 */
static void sort_keys(uint64_t *k, size_t len)
{
	if (len > 24) {
		qsort(k, len, sizeof *k, cmp_u64);
		return;
	}
	for (size_t i = 1; i < len; i++) {
		uint64_t x = k[i];
		size_t j = i;
		while (j > 0 && k[j - 1] > x) {
			k[j] = k[j - 1];
			j--;
		}
		k[j] = x;
	}
}

/* qsort comparator for uint64_t. */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* qsort comparator for uint32_t. */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * Advance an epoch counter and return the new value.  On wrap-around the
 * stamp arrays are cleared once (every 2^32 - 1 queries), so a stale stamp
 * can never equal a live epoch.
 */
static uint32_t next_epoch(uint32_t *epoch, uint32_t **marks, const size_t *lens, int nmarks)
{
	if (++*epoch == 0) {
		for (int i = 0; i < nmarks; i++)
			memset(marks[i], 0, lens[i] * sizeof(uint32_t));
		*epoch = 1;
	}
	return *epoch;
}

/*
 * Build g from m edges (from[e] depends on to[e], group[e] or 0).  On success
 * g owns its arrays until graph_free.  On error g is left empty (safe to
 * graph_free) and e names the first bad edge.  Counting sort by from, a
 * per-node sort by (group, to), one pass to assign slots, and a counting
 * sort by to for the reverse index.
 */
int graph_build(struct graph *g, uint32_t n, size_t m, const uint32_t *from, const uint32_t *to,
		const uint32_t *group, struct errinfo *e)
{
	uint64_t *key;
	uint32_t *cur;

	memset(g, 0, sizeof *g);
	if (n == GRAPH_NONE)
		return err_setm(e, ERR_INVALID, "nodes", "internal.too_many_nodes", "n", err_num((char[24]){0}, n), NULL);
	if (m >= GRAPH_NONE)
		return err_setm(e, ERR_INVALID, "edges", "internal.too_many_edges", "n", err_num((char[24]){0}, (long long)m), NULL);
	for (size_t i = 0; i < m; i++) {
		if (from[i] >= n)
			return err_setm(e, ERR_INVALID, "edges.from", "internal.edge_from", "edge",
					err_num((char[24]){0}, (long long)i), "node", err_num((char[24]){0}, from[i]), "n",
					err_num((char[24]){0}, n), NULL);
		if (to[i] >= n)
			return err_setm(e, ERR_INVALID, "edges.to", "internal.edge_to", "edge",
					err_num((char[24]){0}, (long long)i), "node", err_num((char[24]){0}, to[i]), "n",
					err_num((char[24]){0}, n), NULL);
	}

	g->n = n;
	g->m = (uint32_t)m;
	g->dep_off = xcalloc((size_t)n + 1, sizeof(uint32_t));
	g->dep_dst = xmalloc(m * sizeof(uint32_t));
	g->dep_slot = xmalloc(m * sizeof(uint32_t));
	g->rev_off = xcalloc((size_t)n + 1, sizeof(uint32_t));
	g->rev_src = xmalloc(m * sizeof(uint32_t));
	g->rev_slot = xmalloc(m * sizeof(uint32_t));
	key = xmalloc(m * sizeof(uint64_t));
	cur = xmalloc(((size_t)n + 1) * sizeof(uint32_t));

	/* Forward index: counting sort by from, keys carry (group, to). */
	for (size_t i = 0; i < m; i++)
		g->dep_off[from[i] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		g->dep_off[v + 1] += g->dep_off[v];
	memcpy(cur, g->dep_off, (size_t)n * sizeof(uint32_t));
	for (size_t i = 0; i < m; i++) {
		uint64_t grp = group ? group[i] : 0;
		key[cur[from[i]]++] = grp << 32 | to[i];
	}

	/* Group the edges of each (from, group) together and number the slots. */
	uint32_t nslots = 0;
	for (uint32_t v = 0; v < n; v++) {
		uint32_t lo = g->dep_off[v], hi = g->dep_off[v + 1];
		sort_keys(key + lo, hi - lo);
		uint64_t prev = 0;
		for (uint32_t i = lo; i < hi; i++) {
			uint64_t grp = key[i] >> 32;
			g->dep_dst[i] = (uint32_t)key[i];
			if (grp == 0) {
				g->dep_slot[i] = GRAPH_NONE;
			} else {
				if (grp != prev)
					nslots++;
				g->dep_slot[i] = nslots - 1;
			}
			prev = grp;
		}
	}
	g->nslots = nslots;
	g->slot_size = xcalloc(nslots, sizeof(uint32_t));
	for (uint32_t i = 0; i < g->m; i++)
		if (g->dep_slot[i] != GRAPH_NONE)
			g->slot_size[g->dep_slot[i]]++;

	/* Reverse index: counting sort by to; walking v in order keeps rev_src sorted. */
	for (uint32_t i = 0; i < g->m; i++)
		g->rev_off[g->dep_dst[i] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		g->rev_off[v + 1] += g->rev_off[v];
	memcpy(cur, g->rev_off, (size_t)n * sizeof(uint32_t));
	for (uint32_t v = 0; v < n; v++) {
		for (uint32_t i = g->dep_off[v]; i < g->dep_off[v + 1]; i++) {
			uint32_t p = cur[g->dep_dst[i]]++;
			g->rev_src[p] = v;
			g->rev_slot[p] = g->dep_slot[i];
		}
	}

	free(key);
	free(cur);
	return 0;
}

/* Release g's arrays and leave it empty; safe on an empty or failed graph. */
void graph_free(struct graph *g)
{
	free(g->dep_off);
	free(g->dep_dst);
	free(g->dep_slot);
	free(g->slot_size);
	free(g->rev_off);
	free(g->rev_src);
	free(g->rev_slot);
	memset(g, 0, sizeof *g);
}

/*
 * Derive criticality levels (contract in graph.h).  fixed may be NULL: no
 * overrides.  level and cause are caller-owned arrays of n.  Uses one
 * temporary queue of n ids; every node enters it at most once across all
 * four buckets.
 */
void graph_derive(const struct graph *g, const uint8_t *base, const uint8_t *fixed, uint8_t *level,
		  uint32_t *cause)
{
	uint32_t n = g->n;
	uint32_t *queue = xmalloc((size_t)n * sizeof(uint32_t));
	uint32_t head = 0, tail = 0;

	/* Overrides are settled before anything can reach them. */
	for (uint32_t v = 0; v < n; v++) {
		ASSERT(base[v] <= 4);
		level[v] = fixed && fixed[v] ? base[v] : 0;
		cause[v] = GRAPH_NONE;
	}

	for (uint8_t lv = 4; lv >= 1; lv--) {
		/* Seeds: nodes whose own level is lv, unless a higher bucket got there. */
		for (uint32_t v = 0; v < n; v++) {
			if (base[v] != lv)
				continue;
			if (fixed && fixed[v])
				queue[tail++] = v;
			else if (level[v] == 0) {
				level[v] = lv;
				queue[tail++] = v;
			}
		}
		while (head < tail) {
			uint32_t u = queue[head++];
			for (uint32_t i = g->dep_off[u]; i < g->dep_off[u + 1]; i++) {
				uint32_t w = g->dep_dst[i];
				if (level[w] != 0 || (fixed && fixed[w]))
					continue;
				level[w] = lv;
				cause[w] = u;
				queue[tail++] = w;
			}
		}
	}
	ASSERT(tail <= n);
	free(queue);
}

/* Allocate s for g: every stamp zero, so nothing counts as failed yet. */
void graph_scratch_init(struct graph_scratch *s, const struct graph *g)
{
	memset(s, 0, sizeof *s);
	s->node_mark = xcalloc(g->n, sizeof(uint32_t));
	s->slot_mark = xcalloc(g->nslots, sizeof(uint32_t));
	s->slot_left = xcalloc(g->nslots, sizeof(uint32_t));
	s->queue = xcalloc(g->n, sizeof(uint32_t));
	s->cause = xcalloc(g->n, sizeof(uint32_t));
	s->reach_mark = xcalloc(g->n, sizeof(uint32_t));
	s->reach = xcalloc(g->n, sizeof(uint32_t));
}

/* Release s's arrays and leave it empty. */
void graph_scratch_free(struct graph_scratch *s)
{
	free(s->node_mark);
	free(s->slot_mark);
	free(s->slot_left);
	free(s->queue);
	free(s->cause);
	free(s->reach_mark);
	free(s->reach);
	memset(s, 0, sizeof *s);
}

/*
 * Propagate failure from seeds (contract in graph.h).  Seeds must be < n;
 * a repeated seed counts once.  If stop is among the seeds, nothing beyond
 * the seeds is propagated.  Cost: the seeds plus the dependent edges of
 * every node that fails.
 */
uint32_t graph_impact(const struct graph *g, struct graph_scratch *s, const uint32_t *seeds,
		      uint32_t nseeds, uint32_t stop, const uint32_t **out)
{
	uint32_t *marks[2] = {s->node_mark, s->slot_mark};
	size_t lens[2] = {g->n, g->nslots};
	uint32_t ep = next_epoch(&s->epoch, marks, lens, 2);
	uint32_t *node_mark = s->node_mark, *queue = s->queue, *why = s->cause;
	uint32_t *slot_mark = s->slot_mark, *slot_left = s->slot_left;
	uint32_t head = 0, tail = 0;
	int stopped = 0;

	for (uint32_t i = 0; i < nseeds; i++) {
		uint32_t v = seeds[i];
		ASSERT(v < g->n);
		if (node_mark[v] == ep)
			continue;
		node_mark[v] = ep;
		why[v] = GRAPH_NONE;
		queue[tail++] = v;
		if (v == stop)
			stopped = 1;
	}

	while (!stopped && head < tail) {
		uint32_t u = queue[head++];
		for (uint32_t i = g->rev_off[u]; i < g->rev_off[u + 1]; i++) {
			uint32_t v = g->rev_src[i];
			if (node_mark[v] == ep)
				continue;
			uint32_t slot = g->rev_slot[i];
			if (slot != GRAPH_NONE) {
				if (slot_mark[slot] != ep) {
					slot_mark[slot] = ep;
					slot_left[slot] = g->slot_size[slot];
				}
				if (--slot_left[slot] != 0)
					continue;
			}
			node_mark[v] = ep;
			why[v] = u;
			queue[tail++] = v;
			if (v == stop) {
				stopped = 1;
				break;
			}
		}
	}
	*out = queue;
	return tail;
}

/* Whether v failed in the last graph_impact call on s (0 before any call). */
int graph_failed(const struct graph_scratch *s, uint32_t v)
{
	return s->epoch != 0 && s->node_mark[v] == s->epoch;
}

/*
 * Single points of failure of target (contract in graph.h).  Reuses s: after
 * the call s holds the last candidate's impact, not a meaningful query.
 * Cost: the target's dependency closure, plus one early-stopping impact
 * query per node in it.
 */
uint32_t graph_spof(const struct graph *g, struct graph_scratch *s, uint32_t target, uint32_t *out)
{
	ASSERT(target < g->n);
	uint32_t *marks[1] = {s->reach_mark};
	size_t lens[1] = {g->n};
	uint32_t ep = next_epoch(&s->reach_epoch, marks, lens, 1);
	uint32_t *reach = s->reach, *mark = s->reach_mark;
	uint32_t head = 0, tail = 0, nout = 0;

	/* Transitive dependencies of target; target itself is marked, not listed. */
	mark[target] = ep;
	for (uint32_t i = g->dep_off[target]; i < g->dep_off[target + 1]; i++) {
		uint32_t w = g->dep_dst[i];
		if (mark[w] != ep) {
			mark[w] = ep;
			reach[tail++] = w;
		}
	}
	while (head < tail) {
		uint32_t u = reach[head++];
		for (uint32_t i = g->dep_off[u]; i < g->dep_off[u + 1]; i++) {
			uint32_t w = g->dep_dst[i];
			if (mark[w] != ep) {
				mark[w] = ep;
				reach[tail++] = w;
			}
		}
	}

	for (uint32_t i = 0; i < tail; i++) {
		const uint32_t *failed;
		graph_impact(g, s, &reach[i], 1, target, &failed);
		if (graph_failed(s, target))
			out[nout++] = reach[i];
	}
	if (nout)
		qsort(out, nout, sizeof *out, cmp_u32);
	return nout;
}
