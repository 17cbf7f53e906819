/*
 * dom.c — dominator trees: Lengauer–Tarjan on flat arrays, no recursion.
 *
 * Design.  One iterative depth-first search from the root numbers the
 * reachable nodes in preorder (0 is the root) and records each node's DFS
 * parent; the cursor of every open node lives in an array indexed by its
 * number, so the explicit stack holds only numbers and depth 10^6 costs
 * 4 MB, not a call stack.  The predecessors of the reachable part are then
 * put into one compressed sparse row index, already translated to DFS
 * numbers, so the main loop reads contiguous memory and never looks at a
 * node id again.
 *
 * The main loop is the "simple" Lengauer–Tarjan (path compression without
 * balancing, O(m log n)): nodes are taken in reverse preorder; a node's
 * semidominator is the smallest semidominator found by eval() over its
 * predecessors; the node is linked to its DFS parent by the rule "every
 * number above the one being processed is in the forest" (so link costs
 * nothing and the ancestor array starts as a copy of the parent array);
 * the bucket of the parent is then emptied, giving each waiting node either
 * its final immediate dominator or a node whose idom it shares, which a
 * last pass in preorder resolves.  eval() compresses paths with an explicit
 * stack (the DFS stack, reused).
 *
 * Invariants: numbers are preorder, so par[i] < i and semi[i] <= par[i]; a
 * number >= last is linked; label[v] names the node with the smallest
 * semidominator on the compressed path from v up to (not including) anc[v].
 *
 * Memory: one n-sized array (node -> number) plus about ten arrays of the
 * reachable count and the predecessor index (the reachable edges).  All of
 * it is freed before returning.  Caveat: ids are uint32_t; n must stay below
 * DOM_NONE.
 */
#include "dom.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static uint32_t dom_eval(uint32_t v, uint32_t last, uint32_t *anc, uint32_t *label, const uint32_t *semi,
			 uint32_t *stack);

/*
 * Lengauer–Tarjan's EVAL with path compression.  v must be linked (v >=
 * last).  Returns the number with the smallest semidominator on the path
 * from v up to the root of its tree in the forest, root excluded.
 */
static uint32_t dom_eval(uint32_t v, uint32_t last, uint32_t *anc, uint32_t *label, const uint32_t *semi,
			 uint32_t *stack)
{
	if (anc[v] < last)
		return label[v];
	uint32_t sp = 0, x = v;
	do {
		stack[sp++] = x;
		x = anc[x];
	} while (anc[x] >= last);
	/* x is the topmost linked node on the path; its label is already final. */
	uint32_t p = x;
	while (sp) {
		uint32_t y = stack[--sp];
		if (semi[label[p]] < semi[label[y]])
			label[y] = label[p];
		anc[y] = anc[p];
		p = y;
	}
	return label[v];
}

/*
 * Dominator tree (contract in dom.h).  Cost O(m log n) time, O(n + m)
 * memory, all of it released before returning.
 */
int dom_tree(uint32_t n, const uint32_t *succ_off, const uint32_t *succ, uint32_t root, uint32_t *idom,
	     struct errinfo *e)
{
	if (n == DOM_NONE)
		return err_setm(e, ERR_INVALID, "nodes", "internal.too_many_nodes", "n", err_num((char[24]){0}, n), NULL);
	if (root >= n)
		return err_setm(e, ERR_INVALID, "root", "internal.root", "root", err_num((char[24]){0}, root), "n",
				err_num((char[24]){0}, n), NULL);
	uint32_t m = succ_off[n];
	for (uint32_t v = 0; v < n; v++)
		if (succ_off[v] > succ_off[v + 1])
			return err_setm(e, ERR_INVALID, "succ_off", "internal.offsets", "node", err_num((char[24]){0}, v), NULL);
	for (uint32_t i = 0; i < m; i++)
		if (succ[i] >= n)
			return err_setm(e, ERR_INVALID, "succ", "internal.successor", "edge", err_num((char[24]){0}, i),
					"node", err_num((char[24]){0}, succ[i]), "n", err_num((char[24]){0}, n), NULL);

	uint32_t *num = xmalloc((size_t)n * sizeof(uint32_t));
	uint32_t *vert = xmalloc((size_t)n * sizeof(uint32_t));
	uint32_t *par = xmalloc((size_t)n * sizeof(uint32_t));
	uint32_t *cur = xmalloc((size_t)n * sizeof(uint32_t));
	uint32_t *stack = xmalloc((size_t)n * sizeof(uint32_t));
	memset(num, 0xff, (size_t)n * sizeof(uint32_t));

	/* Depth-first search in preorder, explicit stack of numbers. */
	uint32_t cnt = 1, sp = 1;
	num[root] = 0;
	vert[0] = root;
	par[0] = 0;
	cur[0] = succ_off[root];
	stack[0] = 0;
	while (sp) {
		uint32_t a = stack[sp - 1], u = vert[a];
		uint32_t end = succ_off[u + 1], i = cur[a];
		while (i < end && num[succ[i]] != DOM_NONE)
			i++;
		if (i == end) {
			cur[a] = i;
			sp--;
			continue;
		}
		uint32_t w = succ[i];
		cur[a] = i + 1;
		num[w] = cnt;
		vert[cnt] = w;
		par[cnt] = a;
		cur[cnt] = succ_off[w];
		stack[sp++] = cnt++;
	}
	uint32_t nr = cnt;

	/* Predecessors of the reachable part, in numbers: a counting sort by target. */
	uint32_t *pred_off = xcalloc((size_t)nr + 1, sizeof(uint32_t));
	for (uint32_t a = 0; a < nr; a++) {
		uint32_t u = vert[a];
		for (uint32_t i = succ_off[u]; i < succ_off[u + 1]; i++)
			pred_off[num[succ[i]] + 1]++;
	}
	for (uint32_t b = 0; b < nr; b++)
		pred_off[b + 1] += pred_off[b];
	uint32_t *pred = xmalloc((size_t)pred_off[nr] * sizeof(uint32_t));
	memcpy(cur, pred_off, (size_t)nr * sizeof(uint32_t));
	for (uint32_t a = 0; a < nr; a++) {
		uint32_t u = vert[a];
		for (uint32_t i = succ_off[u]; i < succ_off[u + 1]; i++)
			pred[cur[num[succ[i]]]++] = a;
	}

	/* cur is free again: it becomes the bucket chain; stack becomes eval's stack. */
	uint32_t *semi = xmalloc((size_t)nr * sizeof(uint32_t));
	uint32_t *label = xmalloc((size_t)nr * sizeof(uint32_t));
	uint32_t *anc = xmalloc((size_t)nr * sizeof(uint32_t));
	uint32_t *dom = xmalloc((size_t)nr * sizeof(uint32_t));
	uint32_t *bhead = xmalloc((size_t)nr * sizeof(uint32_t));
	uint32_t *bnext = cur;
	for (uint32_t a = 0; a < nr; a++) {
		semi[a] = a;
		label[a] = a;
		anc[a] = par[a];
		bhead[a] = DOM_NONE;
	}

	for (uint32_t w = nr - 1; w >= 1; w--) {
		uint32_t s = par[w];
		for (uint32_t i = pred_off[w]; i < pred_off[w + 1]; i++) {
			uint32_t p = pred[i], c;
			if (p <= w) /* not yet linked: its own number is its semidominator */
				c = p;
			else
				c = semi[dom_eval(p, w + 1, anc, label, semi, stack)];
			if (c < s)
				s = c;
		}
		semi[w] = s;
		bnext[w] = bhead[s];
		bhead[s] = w;
		/* w is linked now (anc[w] == par[w]); empty the parent's bucket. */
		uint32_t pw = par[w];
		for (uint32_t v = bhead[pw]; v != DOM_NONE; v = bnext[v]) {
			uint32_t u = dom_eval(v, w, anc, label, semi, stack);
			dom[v] = semi[u] < semi[v] ? u : pw;
		}
		bhead[pw] = DOM_NONE;
	}
	dom[0] = 0;
	for (uint32_t w = 1; w < nr; w++)
		if (dom[w] != semi[w])
			dom[w] = dom[dom[w]];

	for (uint32_t v = 0; v < n; v++)
		idom[v] = DOM_NONE;
	for (uint32_t a = 0; a < nr; a++)
		idom[vert[a]] = vert[dom[a]];

	free(num);
	free(vert);
	free(par);
	free(cur);
	free(stack);
	free(pred_off);
	free(pred);
	free(semi);
	free(label);
	free(anc);
	free(dom);
	free(bhead);
	return 0;
}
