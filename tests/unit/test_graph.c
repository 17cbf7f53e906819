/*
 * test_graph.c — unit tests for the dependency-map engine (src/risk/graph.c).
 *
 * Hand-built cases cover redundancy, transitivity, cycles, overrides, causes
 * and single points of failure; a property test then compares graph_impact,
 * graph_spof and graph_derive with plain brute-force fixpoints on a few
 * hundred random small graphs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "graph.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))

/* Build g from literal edge arrays; fails the test if the build fails. */
static void build(struct graph *g, uint32_t n, size_t m, const uint32_t *from, const uint32_t *to,
		  const uint32_t *group)
{
	struct errinfo e = {0};
	assert_int_equal(graph_build(g, n, m, from, to, group, &e), 0);
	assert_int_equal(e.code, 0);
}

/* Run graph_impact on one seed without a stop and return the count. */
static uint32_t fail_one(const struct graph *g, struct graph_scratch *s, uint32_t v,
			 const uint32_t **out)
{
	return graph_impact(g, s, &v, 1, GRAPH_NONE, out);
}

/* ---- graph_build ---- */

static void test_build_rejects_out_of_range(void **state)
{
	(void)state;
	struct graph g;
	struct errinfo e = {0};
	uint32_t from[] = {0, 1}, to[] = {1, 3};

	assert_int_equal(graph_build(&g, 3, 2, from, to, NULL, &e), ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, "edges.to");
	assert_non_null(strstr(e.message, "edge 1"));
	assert_int_equal(g.n, 0);
	graph_free(&g);

	uint32_t from2[] = {5}, to2[] = {0};
	err_clear(&e);
	assert_int_equal(graph_build(&g, 3, 1, from2, to2, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "edges.from");
	graph_free(&g);
}

static void test_build_empty(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	const uint32_t *out;
	uint32_t spof[4];

	build(&g, 4, 0, NULL, NULL, NULL);
	assert_int_equal(g.nslots, 0);
	graph_scratch_init(&s, &g);
	assert_int_equal(fail_one(&g, &s, 2, &out), 1);
	assert_int_equal(out[0], 2);
	assert_int_equal(graph_spof(&g, &s, 0, spof), 0);
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_build_groups_slots(void **state)
{
	(void)state;
	struct graph g;
	/* node 0: to 1 (group 7), to 2 (required), to 3 (group 7), to 4 (group 2);
	 * node 5: to 1 (group 7) — the same group id on another node is another slot. */
	uint32_t from[] = {0, 0, 0, 0, 5}, to[] = {1, 2, 3, 4, 1}, grp[] = {7, 0, 7, 2, 7};

	build(&g, 6, NEL(from), from, to, grp);
	assert_int_equal(g.m, 5);
	assert_int_equal(g.nslots, 3);
	assert_int_equal(g.dep_off[0], 0);
	assert_int_equal(g.dep_off[1], 4);
	assert_int_equal(g.dep_off[6], 5);

	/* The two group-7 edges of node 0 are adjacent and share one slot of size 2. */
	uint32_t s7 = GRAPH_NONE, seen7 = 0, req = 0;
	for (uint32_t i = g.dep_off[0]; i < g.dep_off[1]; i++) {
		uint32_t d = g.dep_dst[i], sl = g.dep_slot[i];
		if (d == 2) {
			assert_int_equal(sl, GRAPH_NONE);
			req++;
		} else if (d == 1 || d == 3) {
			if (seen7)
				assert_int_equal(g.dep_slot[i - 1], sl);
			s7 = sl;
			seen7++;
		} else {
			assert_int_equal(d, 4);
			assert_int_not_equal(sl, GRAPH_NONE);
			assert_int_equal(g.slot_size[sl], 1);
		}
	}
	assert_int_equal(req, 1);
	assert_int_equal(seen7, 2);
	assert_int_equal(g.slot_size[s7], 2);
	assert_int_not_equal(g.dep_slot[g.dep_off[5]], s7);

	/* Reverse index: node 1 has dependents 0 and 5, with the matching slots. */
	assert_int_equal(g.rev_off[2] - g.rev_off[1], 2);
	assert_int_equal(g.rev_src[g.rev_off[1]], 0);
	assert_int_equal(g.rev_slot[g.rev_off[1]], s7);
	assert_int_equal(g.rev_src[g.rev_off[1] + 1], 5);
	assert_int_equal(g.rev_slot[g.rev_off[1] + 1], g.dep_slot[g.dep_off[5]]);
	graph_free(&g);
}

/* ---- graph_impact ---- */

enum { APP, DC1, DC2, NET, SVC, NODES_DC };

/* APP needs DC1 or DC2 (group 1); both sit on NET; SVC needs APP. */
static void build_dc(struct graph *g)
{
	static const uint32_t from[] = {APP, APP, DC1, DC2, SVC};
	static const uint32_t to[] = {DC1, DC2, NET, NET, APP};
	static const uint32_t grp[] = {1, 1, 0, 0, 0};
	build(g, NODES_DC, NEL(from), from, to, grp);
}

static void test_impact_redundancy_one_member(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	const uint32_t *out;

	build_dc(&g);
	graph_scratch_init(&s, &g);
	assert_int_equal(fail_one(&g, &s, DC1, &out), 1);
	assert_int_equal(out[0], DC1);
	assert_true(graph_failed(&s, DC1));
	assert_false(graph_failed(&s, APP));
	assert_false(graph_failed(&s, SVC));

	/* A second query must not inherit the first one's slot countdown. */
	assert_int_equal(fail_one(&g, &s, DC2, &out), 1);
	assert_false(graph_failed(&s, DC1));
	assert_false(graph_failed(&s, APP));
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_impact_redundancy_all_members(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	const uint32_t *out;
	uint32_t seeds[] = {DC1, DC2};

	build_dc(&g);
	graph_scratch_init(&s, &g);
	uint32_t k = graph_impact(&g, &s, seeds, 2, GRAPH_NONE, &out);
	assert_int_equal(k, 4);
	assert_int_equal(out[0], DC1);
	assert_int_equal(out[1], DC2);
	assert_int_equal(out[2], APP);
	assert_int_equal(out[3], SVC);
	assert_int_equal(s.cause[DC1], GRAPH_NONE);
	assert_int_equal(s.cause[APP], DC2); /* the last member to go took it down */
	assert_int_equal(s.cause[SVC], APP);
	assert_false(graph_failed(&s, NET));

	/* The shared network under both takes everything down. */
	k = fail_one(&g, &s, NET, &out);
	assert_int_equal(k, 5);
	assert_true(graph_failed(&s, SVC));
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_impact_required_transitive(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	const uint32_t *out;
	/* 0 process -> 1 system -> 2 server -> 3 rack; 4 is unrelated. */
	uint32_t from[] = {0, 1, 2}, to[] = {1, 2, 3};

	build(&g, 5, NEL(from), from, to, NULL);
	graph_scratch_init(&s, &g);
	assert_int_equal(fail_one(&g, &s, 3, &out), 4);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 0);
	assert_int_equal(s.cause[0], 1);
	assert_int_equal(s.cause[1], 2);
	assert_int_equal(s.cause[3], GRAPH_NONE);
	assert_false(graph_failed(&s, 4));

	/* Early stop: stop at 1, the process is not reached. */
	assert_int_equal(graph_impact(&g, &s, (uint32_t[]){3}, 1, 1, &out), 3);
	assert_int_equal(out[2], 1);
	assert_false(graph_failed(&s, 0));

	/* Stop among the seeds: nothing propagates. */
	assert_int_equal(graph_impact(&g, &s, (uint32_t[]){3, 2, 3}, 3, 2, &out), 2);
	assert_false(graph_failed(&s, 1));
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_impact_cycle(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	const uint32_t *out;
	/* A(0) -> B(1) -> C(2) -> A; D(3) depends on A. */
	uint32_t from[] = {0, 1, 2, 3}, to[] = {1, 2, 0, 0};

	build(&g, 4, NEL(from), from, to, NULL);
	graph_scratch_init(&s, &g);
	assert_int_equal(fail_one(&g, &s, 1, &out), 4);
	for (uint32_t v = 0; v < 4; v++)
		assert_true(graph_failed(&s, v));
	assert_int_equal(s.cause[0], 1);
	assert_int_equal(s.cause[2], 0);
	assert_int_equal(s.cause[3], 0);
	graph_scratch_free(&s);
	graph_free(&g);

	/* Same cycle, but A may use B or X(4): losing B alone stops nothing. */
	uint32_t from2[] = {0, 0, 1, 2}, to2[] = {1, 4, 2, 0}, grp2[] = {9, 9, 0, 0};
	build(&g, 5, NEL(from2), from2, to2, grp2);
	graph_scratch_init(&s, &g);
	assert_int_equal(fail_one(&g, &s, 1, &out), 1);
	assert_false(graph_failed(&s, 0));
	assert_int_equal(fail_one(&g, &s, 4, &out), 1);
	assert_int_equal(graph_impact(&g, &s, (uint32_t[]){1, 4}, 2, GRAPH_NONE, &out), 4);
	assert_true(graph_failed(&s, 2));
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_impact_before_any_query(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	uint32_t from[] = {0}, to[] = {1};

	build(&g, 2, 1, from, to, NULL);
	graph_scratch_init(&s, &g);
	assert_false(graph_failed(&s, 0));
	assert_false(graph_failed(&s, 1));
	graph_scratch_free(&s);
	graph_free(&g);
}

/* ---- graph_derive ---- */

static void test_derive_transitive_max(void **state)
{
	(void)state;
	struct graph g;
	/* P1(0, Kritisk) -> S(2) -> I(3); P2(1, Medium) -> I; I has its own Lav.
	 * P1 -> DC1(4), DC2(5) as alternatives: redundancy does not lower them.
	 * U(6) has nothing. */
	uint32_t from[] = {0, 1, 2, 0, 0}, to[] = {2, 3, 3, 4, 5}, grp[] = {0, 0, 0, 1, 1};
	uint8_t base[] = {4, 2, 0, 1, 0, 0, 0};
	uint8_t level[7];
	uint32_t cause[7];

	build(&g, 7, NEL(from), from, to, grp);
	graph_derive(&g, base, NULL, level, cause);
	assert_int_equal(level[0], 4);
	assert_int_equal(cause[0], GRAPH_NONE);
	assert_int_equal(level[1], 2);
	assert_int_equal(level[2], 4);
	assert_int_equal(cause[2], 0);
	assert_int_equal(level[3], 4);
	assert_int_equal(cause[3], 2);
	assert_int_equal(level[4], 4);
	assert_int_equal(level[5], 4);
	assert_int_equal(cause[5], 0);
	assert_int_equal(level[6], 0);
	assert_int_equal(cause[6], GRAPH_NONE);
	graph_free(&g);
}

static void test_derive_causes_own_base(void **state)
{
	(void)state;
	struct graph g;
	/* 0 (Høj) -> 1 (Høj) -> 2 (Kritisk): 1 keeps its own reason on a tie,
	 * 2 is higher than anything above it. */
	uint32_t from[] = {0, 1}, to[] = {1, 2};
	uint8_t base[] = {3, 3, 4};
	uint8_t level[3];
	uint32_t cause[3];

	build(&g, 3, NEL(from), from, to, NULL);
	graph_derive(&g, base, NULL, level, cause);
	assert_int_equal(level[1], 3);
	assert_int_equal(cause[1], GRAPH_NONE);
	assert_int_equal(level[2], 4);
	assert_int_equal(cause[2], GRAPH_NONE);
	graph_free(&g);
}

static void test_derive_cycle(void **state)
{
	(void)state;
	struct graph g;
	/* A(0) -> B(1) -> C(2) -> A, A is Høj. */
	uint32_t from[] = {0, 1, 2, 3}, to[] = {1, 2, 0, 1};
	uint8_t base[] = {3, 0, 0, 0};
	uint8_t level[4];
	uint32_t cause[4];

	build(&g, 3, 3, from, to, NULL);
	graph_derive(&g, base, NULL, level, cause);
	assert_int_equal(level[0], 3);
	assert_int_equal(cause[0], GRAPH_NONE);
	assert_int_equal(level[1], 3);
	assert_int_equal(cause[1], 0);
	assert_int_equal(level[2], 3);
	assert_int_equal(cause[2], 1);
	graph_free(&g);

	/* D(3, Kritisk) -> B raises the whole cycle, A included, above A's own level. */
	base[3] = 4;
	build(&g, 4, 4, from, to, NULL);
	graph_derive(&g, base, NULL, level, cause);
	assert_int_equal(level[1], 4);
	assert_int_equal(cause[1], 3);
	assert_int_equal(level[2], 4);
	assert_int_equal(level[0], 4);
	assert_int_equal(cause[0], 2);
	graph_free(&g);
}

static void test_derive_fixed_blocks(void **state)
{
	(void)state;
	struct graph g;
	/* P(0, Kritisk) -> F(1, fixed Medium) -> I(2); P -> J(3) directly;
	 * P -> Z(4, fixed, no level) -> K(5); F -> L(6) and P -> L. */
	uint32_t from[] = {0, 1, 0, 0, 4, 1, 0}, to[] = {1, 2, 3, 4, 5, 6, 6};
	uint8_t base[] = {4, 2, 0, 0, 0, 0, 0};
	uint8_t fixed[] = {0, 1, 0, 0, 1, 0, 0};
	uint8_t level[7];
	uint32_t cause[7];

	build(&g, 7, NEL(from), from, to, NULL);
	graph_derive(&g, base, fixed, level, cause);
	assert_int_equal(level[1], 2); /* keeps its override */
	assert_int_equal(cause[1], GRAPH_NONE);
	assert_int_equal(level[2], 2); /* gets the override's level, not P's */
	assert_int_equal(cause[2], 1);
	assert_int_equal(level[3], 4);
	assert_int_equal(level[4], 0);
	assert_int_equal(level[5], 0); /* nothing passes through Z */
	assert_int_equal(cause[5], GRAPH_NONE);
	assert_int_equal(level[6], 4); /* an unblocked path still counts */
	assert_int_equal(cause[6], 0);

	/* Without the override, the level flows through. */
	graph_derive(&g, base, NULL, level, cause);
	assert_int_equal(level[1], 4);
	assert_int_equal(level[2], 4);
	assert_int_equal(level[5], 4);
	graph_free(&g);
}

/* ---- graph_spof ---- */

static void test_spof_redundant_data_centres(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	uint32_t out[NODES_DC];

	build_dc(&g);
	graph_scratch_init(&s, &g);
	uint32_t k = graph_spof(&g, &s, SVC, out);
	assert_int_equal(k, 2);
	assert_int_equal(out[0], APP);
	assert_int_equal(out[1], NET);
	k = graph_spof(&g, &s, APP, out);
	assert_int_equal(k, 1);
	assert_int_equal(out[0], NET);
	assert_int_equal(graph_spof(&g, &s, NET, out), 0);
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_spof_without_redundancy(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	uint32_t out[NODES_DC];
	/* Same map, but APP needs both data centres. */
	uint32_t from[] = {APP, APP, DC1, DC2, SVC}, to[] = {DC1, DC2, NET, NET, APP};

	build(&g, NODES_DC, NEL(from), from, to, NULL);
	graph_scratch_init(&s, &g);
	uint32_t k = graph_spof(&g, &s, SVC, out);
	assert_int_equal(k, 4);
	assert_int_equal(out[0], APP);
	assert_int_equal(out[1], DC1);
	assert_int_equal(out[2], DC2);
	assert_int_equal(out[3], NET);
	graph_scratch_free(&s);
	graph_free(&g);
}

static void test_spof_cycle(void **state)
{
	(void)state;
	struct graph g;
	struct graph_scratch s;
	uint32_t out[3];
	uint32_t from[] = {0, 1, 2}, to[] = {1, 2, 0};

	build(&g, 3, 3, from, to, NULL);
	graph_scratch_init(&s, &g);
	assert_int_equal(graph_spof(&g, &s, 0, out), 2);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	graph_scratch_free(&s);
	graph_free(&g);
}

/* ---- property tests against brute force ---- */

#define PMAX_N 12
#define PMAX_M 40

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* xorshift64*: a fixed sequence, so a failure reproduces. */
static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % bound;
}

struct pgraph {
	uint32_t n, m;
	uint32_t from[PMAX_M], to[PMAX_M], grp[PMAX_M];
};

/*
 * The impact rule, restated as a plain fixpoint: repeat until nothing
 * changes — a node fails if a required dependency failed, or if some group
 * of its edges has every member failed.
 */
static void ref_impact(const struct pgraph *p, const uint32_t *seeds, uint32_t nseeds,
		       uint8_t *failed)
{
	memset(failed, 0, PMAX_N);
	for (uint32_t i = 0; i < nseeds; i++)
		failed[seeds[i]] = 1;
	int changed = 1;
	while (changed) {
		changed = 0;
		for (uint32_t v = 0; v < p->n; v++) {
			if (failed[v])
				continue;
			int down = 0;
			for (uint32_t e = 0; e < p->m && !down; e++) {
				if (p->from[e] != v)
					continue;
				if (p->grp[e] == 0) {
					down = failed[p->to[e]];
					continue;
				}
				int all = 1;
				for (uint32_t f = 0; f < p->m; f++)
					if (p->from[f] == v && p->grp[f] == p->grp[e] && !failed[p->to[f]])
						all = 0;
				down = all;
			}
			if (down) {
				failed[v] = 1;
				changed = 1;
			}
		}
	}
}

/* The derivation rule as a plain fixpoint of "at least as high as each dependent". */
static void ref_derive(const struct pgraph *p, const uint8_t *base, const uint8_t *fixed,
		       uint8_t *level)
{
	memcpy(level, base, p->n);
	int changed = 1;
	while (changed) {
		changed = 0;
		for (uint32_t e = 0; e < p->m; e++) {
			uint32_t u = p->from[e], v = p->to[e];
			if (!fixed[v] && level[u] > level[v]) {
				level[v] = level[u];
				changed = 1;
			}
		}
	}
}

/* Whether p has an edge from u to v. */
static int has_edge(const struct pgraph *p, uint32_t u, uint32_t v)
{
	for (uint32_t e = 0; e < p->m; e++)
		if (p->from[e] == u && p->to[e] == v)
			return 1;
	return 0;
}

static void random_graph(struct pgraph *p)
{
	p->n = 1 + rnd(PMAX_N);
	p->m = rnd(3 * p->n + 1);
	for (uint32_t e = 0; e < p->m; e++) {
		p->from[e] = rnd(p->n);
		p->to[e] = rnd(p->n);
		p->grp[e] = rnd(2) ? 0 : 1 + rnd(3);
	}
}

/* Check graph_impact on one seed set against the reference, order and causes too. */
static void check_impact(const struct pgraph *p, const struct graph *g, struct graph_scratch *s,
			 const uint32_t *seeds, uint32_t nseeds)
{
	uint8_t want[PMAX_N], pos_seen[PMAX_N] = {0};
	const uint32_t *out;
	uint32_t k = graph_impact(g, s, seeds, nseeds, GRAPH_NONE, &out);
	uint32_t nwant = 0;

	ref_impact(p, seeds, nseeds, want);
	for (uint32_t v = 0; v < p->n; v++) {
		assert_int_equal(graph_failed(s, v), want[v]);
		nwant += want[v];
	}
	assert_int_equal(k, nwant);
	for (uint32_t i = 0; i < k; i++) {
		uint32_t v = out[i];
		assert_true(want[v]);
		assert_false(pos_seen[v]); /* each failed node listed once */
		int is_seed = 0;
		for (uint32_t j = 0; j < nseeds; j++)
			is_seed |= seeds[j] == v;
		if (is_seed) {
			assert_int_equal(s->cause[v], GRAPH_NONE);
		} else {
			/* the cause failed earlier and is a dependency of v */
			uint32_t c = s->cause[v];
			assert_true(c < p->n);
			assert_true(pos_seen[c]);
			assert_true(has_edge(p, v, c));
		}
		pos_seen[v] = 1;
	}

	/* Early stop: a prefix of the same run that ends at stop if stop fails at all. */
	uint32_t stop = rnd(p->n);
	uint8_t full[PMAX_N];
	memcpy(full, want, sizeof full);
	k = graph_impact(g, s, seeds, nseeds, stop, &out);
	for (uint32_t i = 0; i < k; i++)
		assert_true(full[out[i]]);
	if (full[stop]) {
		assert_true(graph_failed(s, stop));
		int stop_is_seed = 0;
		for (uint32_t j = 0; j < nseeds; j++)
			stop_is_seed |= seeds[j] == stop;
		if (!stop_is_seed)
			assert_int_equal(out[k - 1], stop);
	} else {
		assert_int_equal(k, nwant);
	}
}

static void test_property_random_graphs(void **state)
{
	(void)state;
	for (int round = 0; round < 300; round++) {
		struct pgraph p;
		struct graph g;
		struct graph_scratch s;
		random_graph(&p);
		build(&g, p.n, p.m, p.from, p.to, p.grp);
		graph_scratch_init(&s, &g);

		/* Every single node, then a few random seed sets (repeats allowed). */
		for (uint32_t v = 0; v < p.n; v++)
			check_impact(&p, &g, &s, &v, 1);
		for (int t = 0; t < 5; t++) {
			uint32_t seeds[4], ns = 1 + rnd(4);
			for (uint32_t i = 0; i < ns; i++)
				seeds[i] = rnd(p.n);
			check_impact(&p, &g, &s, seeds, ns);
		}

		/* SPOF: fail each other node alone, see whether the target goes. */
		for (uint32_t target = 0; target < p.n; target++) {
			uint32_t got[PMAX_N], want[PMAX_N], nw = 0;
			uint8_t failed[PMAX_N];
			for (uint32_t c = 0; c < p.n; c++) {
				if (c == target)
					continue;
				ref_impact(&p, &c, 1, failed);
				if (failed[target])
					want[nw++] = c;
			}
			uint32_t ng = graph_spof(&g, &s, target, got);
			assert_int_equal(ng, nw);
			for (uint32_t i = 0; i < nw; i++)
				assert_int_equal(got[i], want[i]);
		}

		/* Derivation with random levels and overrides. */
		uint8_t base[PMAX_N], fixed[PMAX_N], level[PMAX_N], want_lv[PMAX_N];
		uint32_t cause[PMAX_N];
		for (uint32_t v = 0; v < p.n; v++) {
			base[v] = (uint8_t)(rnd(3) ? 0 : rnd(5));
			fixed[v] = rnd(6) == 0;
		}
		graph_derive(&g, base, fixed, level, cause);
		ref_derive(&p, base, fixed, want_lv);
		for (uint32_t v = 0; v < p.n; v++) {
			assert_int_equal(level[v], want_lv[v]);
			if (cause[v] == GRAPH_NONE) {
				assert_int_equal(level[v], base[v]);
			} else {
				uint32_t u = cause[v];
				assert_false(fixed[v]);
				assert_true(has_edge(&p, u, v));
				assert_int_equal(level[u], level[v]);
				assert_true(level[v] > base[v]);
			}
		}
		graph_scratch_free(&s);
		graph_free(&g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_rejects_out_of_range),
		cmocka_unit_test(test_build_empty),
		cmocka_unit_test(test_build_groups_slots),
		cmocka_unit_test(test_impact_redundancy_one_member),
		cmocka_unit_test(test_impact_redundancy_all_members),
		cmocka_unit_test(test_impact_required_transitive),
		cmocka_unit_test(test_impact_cycle),
		cmocka_unit_test(test_impact_before_any_query),
		cmocka_unit_test(test_derive_transitive_max),
		cmocka_unit_test(test_derive_causes_own_base),
		cmocka_unit_test(test_derive_cycle),
		cmocka_unit_test(test_derive_fixed_blocks),
		cmocka_unit_test(test_spof_redundant_data_centres),
		cmocka_unit_test(test_spof_without_redundancy),
		cmocka_unit_test(test_spof_cycle),
		cmocka_unit_test(test_property_random_graphs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
