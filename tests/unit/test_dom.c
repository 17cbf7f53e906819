/*
 * test_dom.c — unit tests for the dominator tree (src/risk/dom.c).
 *
 * Hand-built flow graphs (a diamond, loops, a self-loop, unreachable nodes,
 * the root alone, the graph of Lengauer and Tarjan's paper, a path a
 * million nodes deep) and a property test: on a few hundred random small
 * graphs the tree's ancestors of every reachable node must be exactly the
 * nodes whose removal cuts it off from the root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dom.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))
#define PMAX_N 14
#define PMAX_M 48

/* CSR from an edge list (counting sort by source); caller frees both. */
static void csr(uint32_t n, size_t m, const uint32_t *from, const uint32_t *to, uint32_t **off, uint32_t **succ)
{
	uint32_t *o = calloc((size_t)n + 1, sizeof(uint32_t)), *s = malloc((m + 1) * sizeof(uint32_t));
	uint32_t *cur = malloc(((size_t)n + 1) * sizeof(uint32_t));
	assert_non_null(o);
	assert_non_null(s);
	assert_non_null(cur);
	for (size_t i = 0; i < m; i++)
		o[from[i] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		o[v + 1] += o[v];
	memcpy(cur, o, (size_t)n * sizeof(uint32_t));
	for (size_t i = 0; i < m; i++)
		s[cur[from[i]]++] = to[i];
	free(cur);
	*off = o;
	*succ = s;
}

/* dom_tree over an edge list; fails the test on an error. */
static void run(uint32_t n, size_t m, const uint32_t *from, const uint32_t *to, uint32_t root, uint32_t *idom)
{
	uint32_t *off, *succ;
	struct errinfo e = {0};
	csr(n, m, from, to, &off, &succ);
	assert_int_equal(dom_tree(n, off, succ, root, idom, &e), 0);
	assert_int_equal(e.code, 0);
	free(off);
	free(succ);
}

static void test_diamond(void **state)
{
	(void)state;
	/* 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3, 3 -> 4 */
	uint32_t from[] = {0, 0, 1, 2, 3}, to[] = {1, 2, 3, 3, 4}, idom[5];
	run(5, NEL(from), from, to, 0, idom);
	assert_int_equal(idom[0], 0);
	assert_int_equal(idom[1], 0);
	assert_int_equal(idom[2], 0);
	assert_int_equal(idom[3], 0); /* two ways in: only the root dominates */
	assert_int_equal(idom[4], 3);
}

static void test_loops(void **state)
{
	(void)state;
	/* 0 -> 1 -> 2 -> 1 (a loop), 2 -> 3, 3 -> 3 (self-loop), 3 -> 1, 2 -> 4 -> 2 */
	uint32_t from[] = {0, 1, 2, 2, 3, 3, 2, 4}, to[] = {1, 2, 1, 3, 3, 1, 4, 2}, idom[5];
	run(5, NEL(from), from, to, 0, idom);
	assert_int_equal(idom[0], 0);
	assert_int_equal(idom[1], 0);
	assert_int_equal(idom[2], 1);
	assert_int_equal(idom[3], 2);
	assert_int_equal(idom[4], 2);
}

static void test_unreachable_and_root_only(void **state)
{
	(void)state;
	/* Root 2; 0 and 1 point at reachable nodes but nothing reaches them; 4 is isolated. */
	uint32_t from[] = {0, 1, 2, 3}, to[] = {2, 3, 3, 1}, idom[5];
	run(5, NEL(from), from, to, 2, idom);
	assert_int_equal(idom[2], 2);
	assert_int_equal(idom[3], 2);
	assert_int_equal(idom[1], 3);
	assert_int_equal(idom[0], DOM_NONE);
	assert_int_equal(idom[4], DOM_NONE);

	/* One node, no edges. */
	uint32_t one[1];
	run(1, 0, NULL, NULL, 0, one);
	assert_int_equal(one[0], 0);
}

static void test_paper_example(void **state)
{
	(void)state;
	/* Lengauer & Tarjan (1979), figure 1: R A B C D E F G H I J K L. */
	enum { R, A, B, C, D, E, F, G, H, I, J, K, L, NN };
	uint32_t from[] = {R, R, R, A, B, B, B, C, C, D, E, F, G, G, H, H, I, J, K, K, L};
	uint32_t to[] = {A, B, C, D, A, D, E, F, G, L, H, I, I, J, E, K, K, I, I, R, H};
	uint32_t want[NN] = {[R] = R, [A] = R, [B] = R, [C] = R, [D] = R, [E] = R, [F] = C,
			     [G] = C, [H] = R, [I] = R, [J] = G, [K] = R, [L] = D};
	uint32_t idom[NN];
	run(NN, NEL(from), from, to, R, idom);
	for (int v = 0; v < NN; v++)
		assert_int_equal(idom[v], want[v]);
}

static void test_rejects_bad_input(void **state)
{
	(void)state;
	uint32_t off[] = {0, 1, 2}, succ[] = {1, 5}, idom[2];
	struct errinfo e = {0};

	assert_int_equal(dom_tree(2, off, succ, 0, idom, &e), ERR_INVALID);
	assert_string_equal(e.field, "succ");
	assert_non_null(strstr(e.message, "edge 1"));
	err_clear(&e);
	succ[1] = 0;
	assert_int_equal(dom_tree(2, off, succ, 2, idom, &e), ERR_INVALID);
	assert_string_equal(e.field, "root");
	err_clear(&e);
	uint32_t bad_off[] = {0, 2, 1};
	assert_int_equal(dom_tree(2, bad_off, succ, 0, idom, &e), ERR_INVALID);
	assert_string_equal(e.field, "succ_off");
}

static void test_deep_path(void **state)
{
	(void)state;
	/* 0 -> 1 -> ... -> N-1, plus a back edge from every tenth node to the root's child:
	 * a DFS a million deep must not need a million stack frames. */
	const uint32_t N = 1000000;
	size_t m = 0;
	uint32_t *from = malloc((size_t)2 * N * sizeof(uint32_t));
	uint32_t *to = malloc((size_t)2 * N * sizeof(uint32_t));
	uint32_t *idom = malloc((size_t)N * sizeof(uint32_t));
	assert_non_null(from);
	assert_non_null(to);
	assert_non_null(idom);
	for (uint32_t v = 0; v + 1 < N; v++) {
		from[m] = v;
		to[m++] = v + 1;
		if (v % 10 == 9) {
			from[m] = v;
			to[m++] = 1;
		}
	}
	run(N, m, from, to, 0, idom);
	assert_int_equal(idom[0], 0);
	for (uint32_t v = 1; v < N; v++)
		assert_int_equal(idom[v], v - 1);

	/* A skip edge 0 -> N-1 makes the root the last node's only dominator. */
	from[m] = 0;
	to[m++] = N - 1;
	run(N, m, from, to, 0, idom);
	assert_int_equal(idom[N - 1], 0);
	assert_int_equal(idom[N - 2], N - 3);
	free(from);
	free(to);
	free(idom);
}

/* ---- property test against brute force ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

/* xorshift64*: a fixed sequence, so a failure reproduces. */
static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % bound;
}

/* Nodes reachable from root in the edge list, skipping node cut (none when cut >= n). */
static void reach(uint32_t n, uint32_t m, const uint32_t *from, const uint32_t *to, uint32_t root, uint32_t cut,
		  uint8_t *seen)
{
	memset(seen, 0, n);
	if (root == cut)
		return;
	seen[root] = 1;
	int changed = 1;
	while (changed) {
		changed = 0;
		for (uint32_t e = 0; e < m; e++)
			if (seen[from[e]] && !seen[to[e]] && to[e] != cut) {
				seen[to[e]] = 1;
				changed = 1;
			}
	}
}

static void test_property_random_graphs(void **state)
{
	(void)state;
	for (int round = 0; round < 400; round++) {
		uint32_t n = 1 + rnd(PMAX_N), m = rnd(3 * n + 1), root = rnd(n);
		uint32_t from[PMAX_M], to[PMAX_M], idom[PMAX_N];
		uint8_t base[PMAX_N], cut[PMAX_N][PMAX_N];
		if (m > PMAX_M)
			m = PMAX_M;
		for (uint32_t e = 0; e < m; e++) {
			from[e] = rnd(n);
			to[e] = rnd(n);
		}
		run(n, m, from, to, root, idom);
		reach(n, m, from, to, root, n, base);
		for (uint32_t d = 0; d < n; d++)
			reach(n, m, from, to, root, d, cut[d]);
		for (uint32_t v = 0; v < n; v++) {
			if (!base[v]) {
				assert_int_equal(idom[v], DOM_NONE);
				continue;
			}
			if (v == root) {
				assert_int_equal(idom[v], root);
				continue;
			}
			/* Strict dominators by brute force, then the tree's ancestors. */
			uint8_t want[PMAX_N] = {0}, got[PMAX_N] = {0};
			for (uint32_t d = 0; d < n; d++)
				want[d] = d != v && !cut[d][v];
			uint32_t steps = 0;
			for (uint32_t x = idom[v];; x = idom[x]) {
				assert_true(x < n);
				assert_true(base[x]);
				got[x] = 1;
				if (x == root)
					break;
				assert_true(++steps <= n);
			}
			assert_memory_equal(want, got, n);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diamond),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_unreachable_and_root_only),
		cmocka_unit_test(test_paper_example),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_deep_path),
		cmocka_unit_test(test_property_random_graphs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
