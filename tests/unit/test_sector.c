/*
 * test_sector.c — unit tests for the sector analyses (src/forum/sector.c).
 *
 * Single points of failure are checked against brute force (every node
 * failed alone with graph_impact) on hand-built maps and on a few hundred
 * random small maps with redundancy groups and cycles, plus some larger
 * layered ones.  Outage, footprint, concentration and recovery run on small
 * hand-worked sectors whose expected figures are worked out in comments.
 * The stress test's exact answer is compared with a search over all
 * subsets; its greedy answer must be a valid set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "sector.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))

/* A map of n nodes and norgs organisations with the given edges; every org its own group. */
static void make_map(struct sector_map *m, uint32_t n, uint32_t norgs, size_t ne, const uint32_t *from,
		     const uint32_t *to, const uint32_t *group)
{
	struct errinfo e = {0};
	sector_map_alloc(m, n, norgs);
	assert_int_equal(graph_build(&m->g, n, ne, from, to, group, &e), 0);
	for (uint32_t o = 0; o < norgs; o++)
		m->org_parent[o] = o;
}

/* Brute force: the nodes x != f whose failure alone stops f, ascending. */
static uint32_t brute_spof(const struct graph *g, struct graph_scratch *s, uint32_t f, uint32_t *out)
{
	uint32_t k = 0;
	for (uint32_t x = 0; x < g->n; x++) {
		const uint32_t *failed;
		if (x == f)
			continue;
		graph_impact(g, s, &x, 1, f, &failed);
		if (graph_failed(s, f))
			out[k++] = x;
	}
	return k;
}

/* sector_spof_all must equal brute force for every step-th critical function. */
static void check_spof_every(const struct sector_map *m, uint32_t step)
{
	struct sector_spof sp;
	struct errinfo e = {0};
	struct graph_scratch s;
	uint32_t n = m->g.n, nfn = 0;
	uint32_t *want = malloc(((size_t)n + 1) * sizeof(uint32_t));
	assert_non_null(want);

	assert_int_equal(sector_spof_all(m, &sp, &e), 0);
	graph_scratch_init(&s, &m->g);
	for (uint32_t v = 0; v < n; v++)
		nfn += m->node_critical[v] != 0;
	assert_int_equal(sp.nfn, nfn);
	assert_int_equal(sp.off[0], 0);
	uint32_t i = 0;
	for (uint32_t f = 0; f < n; f++) {
		if (!m->node_critical[f])
			continue;
		assert_int_equal(sp.fn[i], f);
		if (i % step) {
			i++;
			continue;
		}
		uint32_t k = brute_spof(&m->g, &s, f, want);
		assert_int_equal(sp.off[i + 1] - sp.off[i], k);
		for (uint32_t j = 0; j < k; j++)
			assert_int_equal(sp.node[sp.off[i] + j], want[j]);
		i++;
	}
	graph_scratch_free(&s);
	sector_spof_free(&sp);
	free(want);
}

/* sector_spof_all must equal brute force for every critical function. */
static void check_spof(const struct sector_map *m)
{
	check_spof_every(m, 1);
}

/* ---- single points of failure ---- */

enum { APP, DC1, DC2, NET, SVC, PWR, NODES_DC };

static void test_spof_redundant_data_centres(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_spof sp;
	struct errinfo e = {0};
	/* SVC -> APP -> {DC1 | DC2}; both data centres on NET; DC2 also on PWR. */
	uint32_t from[] = {APP, APP, DC1, DC2, SVC, DC2}, to[] = {DC1, DC2, NET, NET, APP, PWR};
	uint32_t grp[] = {1, 1, 0, 0, 0, 0};

	make_map(&m, NODES_DC, 1, NEL(from), from, to, grp);
	m.node_critical[SVC] = 1;
	m.node_critical[APP] = 1;
	assert_int_equal(sector_spof_all(&m, &sp, &e), 0);
	assert_int_equal(sp.nfn, 2);
	assert_int_equal(sp.fn[0], APP);
	assert_int_equal(sp.off[1], 1); /* APP: NET only; PWR takes down DC2 alone */
	assert_int_equal(sp.node[0], NET);
	assert_int_equal(sp.fn[1], SVC);
	assert_int_equal(sp.off[2] - sp.off[1], 2); /* SVC: APP, NET */
	assert_int_equal(sp.node[1], APP);
	assert_int_equal(sp.node[2], NET);
	sector_spof_free(&sp);
	check_spof(&m);
	sector_map_free(&m);
}

static void test_spof_cycles(void **state)
{
	(void)state;
	struct sector_map m;
	/* A(0) needs B(1) or C(2); B needs A; C needs E(4); D(3) needs A.
	 * Failing E stops C, but A and B hold each other up: no SPOF of D but A itself.
	 * The dominator tree alone would call C (and E) dominators of A. */
	uint32_t from[] = {0, 0, 1, 2, 3}, to[] = {1, 2, 0, 4, 0}, grp[] = {1, 1, 0, 0, 0};
	make_map(&m, 5, 1, NEL(from), from, to, grp);
	m.node_critical[3] = 1;
	m.node_critical[0] = 1;
	check_spof(&m);
	struct sector_spof sp;
	struct errinfo e = {0};
	assert_int_equal(sector_spof_all(&m, &sp, &e), 0);
	assert_int_equal(sp.off[1], 0);              /* A: nothing */
	assert_int_equal(sp.off[2] - sp.off[1], 1); /* D: A */
	assert_int_equal(sp.node[0], 0);
	sector_spof_free(&sp);
	sector_map_free(&m);

	/* A plain required cycle: everything in it kills everything. */
	uint32_t from2[] = {0, 1, 2, 3, 2}, to2[] = {1, 2, 0, 0, 4};
	make_map(&m, 5, 1, NEL(from2), from2, to2, NULL);
	m.node_critical[3] = 1;
	check_spof(&m);
	sector_map_free(&m);

	/* A self-loop inside a slot never triggers: X(0) needs X or Y(1). */
	uint32_t from3[] = {0, 0, 2}, to3[] = {0, 1, 0}, grp3[] = {1, 1, 0};
	make_map(&m, 3, 1, NEL(from3), from3, to3, grp3);
	m.node_critical[2] = 1;
	check_spof(&m);
	sector_map_free(&m);
}

static void test_spof_wide_slot(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_spof sp;
	struct errinfo e = {0};
	/* F(0) needs A(1) or B(2).  A requires leaves 3..12, B requires 8..17 (ten each,
	 * five shared: 8..12).  Each member's frontier has ten chains, so the
	 * intersection walks the chains instead of taking 100 NCAs.  F's SPOFs: 8..12. */
	uint32_t from[32], to[32], grp[32], ne = 0;
	from[ne] = 0, to[ne] = 1, grp[ne++] = 1;
	from[ne] = 0, to[ne] = 2, grp[ne++] = 1;
	for (uint32_t i = 0; i < 10; i++) {
		from[ne] = 1, to[ne] = 3 + i, grp[ne++] = 0;
		from[ne] = 2, to[ne] = 8 + i, grp[ne++] = 0;
	}
	make_map(&m, 18, 1, ne, from, to, grp);
	m.node_critical[0] = 1;
	assert_int_equal(sector_spof_all(&m, &sp, &e), 0);
	assert_int_equal(sp.off[1], 5);
	for (uint32_t i = 0; i < 5; i++)
		assert_int_equal(sp.node[i], 8 + i);
	sector_spof_free(&sp);
	check_spof(&m);
	sector_map_free(&m);
}

static void test_spof_no_functions(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_spof sp;
	struct errinfo e = {0};
	uint32_t from[] = {0}, to[] = {1};
	make_map(&m, 2, 1, 1, from, to, NULL);
	assert_int_equal(sector_spof_all(&m, &sp, &e), 0);
	assert_int_equal(sp.nfn, 0);
	assert_int_equal(sp.off[0], 0);
	sector_spof_free(&sp);
	sector_map_free(&m);
}

/* ---- random maps ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* xorshift64*: a fixed sequence, so a failure reproduces. */
static uint32_t rnd(uint32_t bound)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 33) % bound;
}

/* A random small map: any edge, a third of them in one of three groups. */
static void random_small(struct sector_map *m, uint32_t maxn)
{
	uint32_t n = 1 + rnd(maxn), ne = rnd(3 * n + 1);
	uint32_t *from = malloc((ne + 1) * sizeof(uint32_t)), *to = malloc((ne + 1) * sizeof(uint32_t));
	uint32_t *grp = malloc((ne + 1) * sizeof(uint32_t));
	assert_non_null(from);
	assert_non_null(to);
	assert_non_null(grp);
	for (uint32_t i = 0; i < ne; i++) {
		from[i] = rnd(n);
		to[i] = rnd(n);
		grp[i] = rnd(3) ? 0 : 1 + rnd(3);
	}
	make_map(m, n, 1, ne, from, to, grp);
	for (uint32_t v = 0; v < n; v++)
		m->node_critical[v] = rnd(3) == 0;
	free(from);
	free(to);
	free(grp);
}

/*
 * A random layered map like a sector's: functions on top, 4–7 layers below,
 * hubs from a skew towards low indices, a quarter of the edges in
 * redundancy groups, and a few edges back up (cycles).
 */
static void random_layered(struct sector_map *m, uint32_t n)
{
	uint32_t cap = 5 * n, ne = 0;
	uint32_t *from = malloc(cap * sizeof(uint32_t)), *to = malloc(cap * sizeof(uint32_t));
	uint32_t *grp = malloc(cap * sizeof(uint32_t));
	uint32_t layers = 4 + rnd(4);
	assert_non_null(from);
	assert_non_null(to);
	assert_non_null(grp);
	for (uint32_t v = 0; v < n; v++) {
		uint32_t layer = (uint32_t)((uint64_t)v * layers / n);
		uint32_t lo = (uint32_t)((uint64_t)(layer + 1) * n / layers);
		if (lo >= n)
			continue;
		uint32_t deg = rnd(4);
		for (uint32_t d = 0; d < deg && ne + 3 < cap; d++) {
			uint32_t span = n - lo, a = rnd(span), b = rnd(span);
			uint32_t w = lo + (a < b ? a : b); /* skewed: hubs near the layer's start */
			if (rnd(4) == 0) {
				/* a slot of two or three alternatives */
				uint32_t k = 2 + rnd(2), gid = 1 + d;
				for (uint32_t j = 0; j < k; j++) {
					from[ne] = v;
					to[ne] = lo + rnd(span);
					grp[ne++] = gid;
				}
			} else {
				from[ne] = v;
				to[ne] = w;
				grp[ne++] = 0;
			}
		}
		if (rnd(40) == 0 && ne < cap) {
			from[ne] = v;
			to[ne] = rnd(n); /* may point up: a cycle */
			grp[ne++] = rnd(2) ? 0 : 9;
		}
	}
	make_map(m, n, 1, ne, from, to, grp);
	for (uint32_t v = 0; v < n / layers; v++)
		m->node_critical[v] = rnd(3) == 0;
	free(from);
	free(to);
	free(grp);
}

static void test_spof_random_small(void **state)
{
	(void)state;
	for (int round = 0; round < 400; round++) {
		struct sector_map m;
		random_small(&m, 12);
		check_spof(&m);
		sector_map_free(&m);
	}
}

static void test_spof_random_layered(void **state)
{
	(void)state;
	for (int round = 0; round < 40; round++) {
		struct sector_map m;
		random_layered(&m, 60 + rnd(240));
		check_spof(&m);
		sector_map_free(&m);
	}
	/* Big enough for the frontier pool to be compacted several times; every 25th function. */
	struct sector_map m;
	random_layered(&m, 30000);
	check_spof_every(&m, 25);
	sector_map_free(&m);
}

/* ---- flow graphs ---- */

static void test_flow_graphs(void **state)
{
	(void)state;
	struct sector_map m;
	uint32_t *off, *succ, root;
	/* 0 -> 1 -> 2, 3 -> 4 -> 3 (a cycle); 0 and 3 critical. */
	uint32_t from[] = {0, 1, 3, 4}, to[] = {1, 2, 4, 3};
	make_map(&m, 5, 1, NEL(from), from, to, NULL);
	m.node_critical[0] = m.node_critical[3] = 1;

	sector_flow_graph(&m, &off, &succ, &root);
	assert_int_equal(root, 5);
	assert_int_equal(off[6] - off[5], 2); /* root -> 0, 3 */
	assert_int_equal(succ[off[5]], 0);
	assert_int_equal(succ[off[5] + 1], 3);
	assert_int_equal(off[1] - off[0], 1); /* 0 -> 1 (dependency direction) */
	assert_int_equal(succ[off[0]], 1);
	free(off);
	free(succ);

	sector_failure_flow_graph(&m, &off, &succ, &root);
	assert_int_equal(root, 5);
	/* root -> 2 (no dependencies) and 3: the search 3 -> 4 -> 3 closes the cycle at 3,
	 * and one node per cycle is enough for the killer tree */
	assert_int_equal(off[6] - off[5], 2);
	assert_int_equal(succ[off[5]], 2);
	assert_int_equal(succ[off[5] + 1], 3);
	assert_int_equal(off[3] - off[2], 1); /* 2 -> 1 (failure direction) */
	assert_int_equal(succ[off[2]], 1);
	uint32_t idom[6];
	struct errinfo e = {0};
	assert_int_equal(dom_tree(6, off, succ, root, idom, &e), 0);
	assert_int_equal(idom[0], 1); /* 1 kills 0, 2 kills 1 */
	assert_int_equal(idom[1], 2);
	assert_int_equal(idom[3], 5);
	assert_int_equal(idom[4], 3); /* inside the cycle: 3 kills 4 */
	free(off);
	free(succ);
	sector_map_free(&m);
}

/* ---- outage ---- */

/*
 * Three members (orgs 0–2), a data-centre company (3), a provider (4) and
 * its subcontractor (5).
 *   member 0: F0 -> SYS0 -> DC                    (hosted at the data centre only)
 *   member 1: F1 -> SYS1 -> DC | SRV1             (redundant: the data centre or its own server)
 *             F1B -> PSVC
 *   member 2: F2 -> PSVC; Q2 (not critical) -> DC
 *   provider: PSVC -> SUB (subcontracted hosting)
 */
enum { F0, SYS0, F1, SYS1, SRV1, F1B, F2, Q2, DC, PSVC, SUB, NODES_OUT };

static void build_outage_map(struct sector_map *m)
{
	uint32_t from[] = {F0, SYS0, F1, SYS1, SYS1, F1B, F2, Q2, PSVC};
	uint32_t to[] = {SYS0, DC, SYS1, DC, SRV1, PSVC, PSVC, DC, SUB};
	uint32_t grp[] = {0, 0, 0, 1, 1, 0, 0, 0, 0};
	uint32_t org[NODES_OUT] = {[F0] = 0, [SYS0] = 0, [F1] = 1, [SYS1] = 1, [SRV1] = 1, [F1B] = 1,
				   [F2] = 2, [Q2] = 2, [DC] = 3, [PSVC] = 4, [SUB] = 5};
	make_map(m, NODES_OUT, 6, NEL(from), from, to, grp);
	memcpy(m->node_org, org, sizeof org);
	m->node_critical[F0] = m->node_critical[F1] = m->node_critical[F1B] = m->node_critical[F2] = 1;
	m->org_member[0] = m->org_member[1] = m->org_member[2] = 1;
}

static void test_outage(void **state)
{
	(void)state;
	struct sector_map m;
	struct graph_scratch s;
	struct sector_outage o;

	build_outage_map(&m);
	graph_scratch_init(&s, &m.g);

	/* The data centre: member 0's function stops; member 1 fails over to its server. */
	sector_outage(&m, &s, (uint32_t[]){DC}, 1, &o);
	assert_int_equal(o.nfailed, 4); /* DC, SYS0, Q2, F0 */
	assert_int_equal(o.failed[0], DC);
	assert_int_equal(o.nfn, 1);
	assert_int_equal(o.fn[0], F0);
	assert_int_equal(o.norg, 1);
	assert_int_equal(o.org[0], 0);
	sector_outage_free(&o);

	/* The subcontractor: through the provider, members 1 and 2. */
	sector_outage(&m, &s, (uint32_t[]){SUB}, 1, &o);
	assert_int_equal(o.nfailed, 4); /* SUB, PSVC, F1B, F2 */
	assert_int_equal(o.failed[0], SUB);
	assert_int_equal(o.failed[1], PSVC);
	assert_int_equal(o.nfn, 2);
	assert_int_equal(o.fn[0], F1B);
	assert_int_equal(o.fn[1], F2);
	assert_int_equal(o.norg, 2);
	assert_int_equal(o.org[0], 1);
	assert_int_equal(o.org[1], 2);
	sector_outage_free(&o);

	/* The data centre and member 1's server together: members 0 and 1 (F1 this time). */
	sector_outage(&m, &s, (uint32_t[]){DC, SRV1}, 2, &o);
	assert_int_equal(o.nfailed, 7); /* DC, SRV1, SYS0, SYS1, Q2, F0, F1 */
	assert_int_equal(o.failed[0], DC);
	assert_int_equal(o.failed[1], SRV1);
	assert_int_equal(o.nfn, 2);
	assert_int_equal(o.fn[0], F0);
	assert_int_equal(o.fn[1], F1);
	assert_int_equal(o.norg, 2);
	assert_int_equal(o.org[0], 0);
	assert_int_equal(o.org[1], 1);
	sector_outage_free(&o);

	/* Nothing critical: a non-critical process alone. */
	sector_outage(&m, &s, (uint32_t[]){Q2}, 1, &o);
	assert_int_equal(o.nfailed, 1);
	assert_int_equal(o.nfn, 0);
	assert_int_equal(o.norg, 0);
	sector_outage_free(&o);

	graph_scratch_free(&s);
	sector_map_free(&m);
}

/* ---- footprint and concentration ---- */

/*
 * Ten banks (orgs 0–9, credit institutions) with total assets (DKK m):
 *   B0 400, B1 200, B2 100, B3 100, B4 50, B5 50, B6 40, B7 30, B8 20, B9 10  = 1000
 * an insurer (org 14, 500), a non-member bank (org 15, 5000: never counted),
 * provider A (parent org 10 with its subsidiary org 11), provider B (org 12),
 * which is A's subcontractor, and provider C (org 13).
 *
 * Bank i has a critical function F_i (node i) on its own system S_i (node 10+i).
 *   S0..S5 -> ASVC (org 11, service type 8) -> ADC (org 10) -> BSVC (org 12, type 3)
 *   S5, S6, S7 -> BSVC directly;  S9 -> CSVC (org 13, type 8);  S8: in-house only
 *   the insurer's function FI -> ASVC;  the non-member's NFN -> ASVC;
 *   bank 8's non-critical process P8 -> ASVC (not a critical function: ignored)
 *
 * Provider B: credit members 0..7 = 8 of 10 (0.8), direct only 5, 6, 7 (3);
 *   assets 400+200+100+100+50+50+40+30 = 970 of 1000 (0.97); insurance 1 of 1
 *   (assets 500 of 500), not direct.  Totals: 9 members, 3 direct.  Flagged.
 * Provider A: credit 0..5 = 6 (0.6), all direct, assets 900 (0.9); insurance
 *   1 of 1, direct.  Totals 7 / 7.  Flagged.
 * Provider C: credit bank 9: 1 of 10 = 0.10 (flagged: at the threshold), assets
 *   10 of 1000 = 0.01 (not by assets); insurance 0.  Totals 1 / 1.
 * Order: B (9), A (7), C (1).
 *
 * Concentration.  Type 8: A is relied on by banks 0..5 and the insurer (7),
 *   C by bank 9 (1): 8 relationships, shares 87.5 % and 12.5 %,
 *   HHI = 87.5^2 + 12.5^2 = 7656.25 + 156.25 = 7812.5, 2 providers.
 * Type 3: B by banks 0..7 and the insurer: 9 relationships, 1 provider,
 *   HHI = 100^2 = 10000.  Every other type: 0.
 */
enum { FP_ASVC = 20, FP_ADC, FP_BSVC, FP_CSVC, FP_FI, FP_NFN, FP_P8, FP_NODES };

static void build_footprint_map(struct sector_map *m)
{
	uint32_t from[64], to[64], ne = 0;
	for (uint32_t i = 0; i < 10; i++) {
		from[ne] = i;
		to[ne++] = 10 + i;
	}
	for (uint32_t i = 0; i <= 5; i++) {
		from[ne] = 10 + i;
		to[ne++] = FP_ASVC;
	}
	uint32_t extra_from[] = {15, 16, 17, 19, FP_ASVC, FP_ADC, FP_FI, FP_NFN, FP_P8};
	uint32_t extra_to[] = {FP_BSVC, FP_BSVC, FP_BSVC, FP_CSVC, FP_ADC, FP_BSVC, FP_ASVC, FP_ASVC, FP_ASVC};
	for (size_t i = 0; i < NEL(extra_from); i++) {
		from[ne] = extra_from[i];
		to[ne++] = extra_to[i];
	}
	make_map(m, FP_NODES, 16, ne, from, to, NULL);
	for (uint32_t i = 0; i < 10; i++) {
		m->node_org[i] = m->node_org[10 + i] = i;
		m->node_critical[i] = 1;
		m->org_member[i] = 1;
		m->org_category[i] = SECTOR_CAT_CREDIT;
	}
	static const double assets[10] = {400, 200, 100, 100, 50, 50, 40, 30, 20, 10};
	memcpy(m->org_assets, assets, sizeof assets);
	m->node_org[FP_ASVC] = 11;
	m->node_org[FP_ADC] = 10;
	m->node_org[FP_BSVC] = 12;
	m->node_org[FP_CSVC] = 13;
	m->node_org[FP_FI] = 14;
	m->node_org[FP_NFN] = 15;
	m->node_org[FP_P8] = 8;
	m->node_service_type[FP_ASVC] = 8;
	m->node_service_type[FP_BSVC] = 3;
	m->node_service_type[FP_CSVC] = 8;
	m->node_critical[FP_FI] = m->node_critical[FP_NFN] = 1;
	m->org_parent[11] = 10;
	m->org_member[14] = 1;
	m->org_category[14] = SECTOR_CAT_INSURANCE;
	m->org_assets[14] = 500;
	m->org_category[15] = SECTOR_CAT_CREDIT; /* not a member */
	m->org_assets[15] = 5000;
}

static void test_footprint_hand_worked(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_footprint fp;
	struct errinfo e = {0};

	build_footprint_map(&m);
	assert_int_equal(sector_footprint(&m, &fp, &e), 0);
	assert_int_equal(fp.n, 3);

	const struct sector_fp_provider *b = &fp.p[0], *a = &fp.p[1], *c = &fp.p[2];
	const int CR = SECTOR_CAT_CREDIT, IN = SECTOR_CAT_INSURANCE;
	assert_int_equal(b->parent, 12);
	assert_int_equal(b->members, 9);
	assert_int_equal(b->members_direct, 3);
	assert_int_equal(b->cat[CR].members, 8);
	assert_int_equal(b->cat[CR].members_direct, 3);
	assert_int_equal(b->cat[CR].category_members, 10);
	assert_float_equal(b->cat[CR].assets, 970.0, 1e-9);
	assert_float_equal(b->cat[CR].category_assets, 1000.0, 1e-9);
	assert_float_equal(b->cat[CR].member_share, 0.8, 1e-12);
	assert_float_equal(b->cat[CR].asset_share, 0.97, 1e-12);
	assert_true(b->cat[CR].flagged);
	assert_int_equal(b->cat[IN].members, 1);
	assert_int_equal(b->cat[IN].members_direct, 0);
	assert_float_equal(b->cat[IN].asset_share, 1.0, 1e-12);
	assert_true(b->cat[IN].flagged);
	assert_false(b->cat[SECTOR_CAT_PAYMENT].flagged);
	assert_int_equal(b->cat[SECTOR_CAT_PAYMENT].category_members, 0);
	assert_true(b->flagged);

	assert_int_equal(a->parent, 10); /* the subsidiary's node counts for its parent's group */
	assert_int_equal(a->members, 7);
	assert_int_equal(a->members_direct, 7);
	assert_int_equal(a->cat[CR].members, 6);
	assert_float_equal(a->cat[CR].member_share, 0.6, 1e-12);
	assert_float_equal(a->cat[CR].assets, 900.0, 1e-9);
	assert_float_equal(a->cat[CR].asset_share, 0.9, 1e-12);
	assert_int_equal(a->cat[IN].members_direct, 1);
	assert_true(a->flagged);

	assert_int_equal(c->parent, 13);
	assert_int_equal(c->members, 1);
	assert_int_equal(c->members_direct, 1);
	assert_float_equal(c->cat[CR].member_share, 0.10, 1e-12);
	assert_float_equal(c->cat[CR].asset_share, 0.01, 1e-12);
	assert_true(c->cat[CR].flagged); /* 10 % of the members, exactly */
	assert_int_equal(c->cat[IN].members, 0);
	assert_false(c->cat[IN].flagged);
	assert_true(c->flagged);
	sector_footprint_free(&fp);

	/* One more bank joins the category without using C: 1 of 11 is under 10 %. */
	m.org_member[15] = 1;
	m.org_assets[15] = 0;
	m.node_critical[FP_NFN] = 0;
	assert_int_equal(sector_footprint(&m, &fp, &e), 0);
	assert_int_equal(fp.p[2].parent, 13);
	assert_int_equal(fp.p[2].cat[CR].category_members, 11);
	assert_false(fp.p[2].cat[CR].flagged);
	assert_false(fp.p[2].flagged);
	sector_footprint_free(&fp);

	/* A member's own group is not its provider: C (org 13) becomes bank 9's subsidiary. */
	m.org_parent[13] = 9;
	assert_int_equal(sector_footprint(&m, &fp, &e), 0);
	assert_int_equal(fp.n, 2);
	assert_int_equal(fp.p[0].parent, 12);
	assert_int_equal(fp.p[1].parent, 10);
	sector_footprint_free(&fp);
	sector_map_free(&m);
}

static void test_footprint_rejects_bad_orgs(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_footprint fp;
	struct errinfo e = {0};

	build_footprint_map(&m);
	m.org_parent[12] = 13;
	m.org_parent[13] = 12; /* a parent cycle */
	assert_int_equal(sector_footprint(&m, &fp, &e), ERR_INVALID);
	assert_string_equal(e.field, "org_parent");
	m.org_parent[12] = 12;
	m.org_parent[13] = 13;
	err_clear(&e);
	m.org_category[3] = SECTOR_NCAT;
	assert_int_equal(sector_footprint(&m, &fp, &e), ERR_INVALID);
	assert_string_equal(e.field, "org_category");
	sector_map_free(&m);
}

static void test_hhi_hand_worked(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_hhi h;

	build_footprint_map(&m);
	sector_hhi(&m, &h);
	assert_int_equal(h.relationships[8], 8);
	assert_int_equal(h.providers[8], 2);
	assert_float_equal(h.hhi[8], 7812.5, 1e-9);
	assert_int_equal(h.relationships[3], 9);
	assert_int_equal(h.providers[3], 1);
	assert_float_equal(h.hhi[3], 10000.0, 1e-9);
	for (int t = 0; t < SECTOR_NTYPES; t++) {
		if (t == 3 || t == 8)
			continue;
		assert_int_equal(h.relationships[t], 0);
		assert_float_equal(h.hhi[t], 0.0, 0.0);
	}

	/* A member's own group is not its provider: make C (org 13) bank 9's subsidiary.
	 * Type 8 keeps A's 7 relationships only: HHI 10000. */
	m.org_parent[13] = 9;
	sector_hhi(&m, &h);
	assert_int_equal(h.relationships[8], 7);
	assert_int_equal(h.providers[8], 1);
	assert_float_equal(h.hhi[8], 10000.0, 1e-9);

	/* Two providers of one type: A's data centre node is type 3 too. */
	sector_map_free(&m);
	build_footprint_map(&m);
	m.node_service_type[FP_ADC] = 3;
	sector_hhi(&m, &h);
	/* Type 3: B 9 relationships, A 7 (banks 0..5, insurer): 16; 56.25 % and 43.75 %. */
	assert_int_equal(h.relationships[3], 16);
	assert_int_equal(h.providers[3], 2);
	assert_float_equal(h.hhi[3], 56.25 * 56.25 + 43.75 * 43.75, 1e-9);
	sector_map_free(&m);
}

/* ---- recovery ---- */

/*
 * F (tolerance 240) -> APPR (60) -> { SRVA (120) | SRVB (30) } ; APPR -> DB (90) -> STOR (45)
 * SRVA -> DCA (240), SRVB -> DCB (unknown).
 *   DCA 240; SRVA 120+240 = 360; DCB unknown, counted as 0; SRVB 30+0 = 30;
 *   the slot is back with its quickest member: min(360, 30) = 30;
 *   STOR 45; DB 90+45 = 135; APPR 60 + max(30, 135) = 195.
 * F's own RTO is its tolerance, not part of the sum: worst 195 <= 240, no breach,
 * one unknown, worst chain F, APPR, DB, STOR.
 */
enum { RF, APPR, SRVA, SRVB, DB, STOR, DCA, DCB, NODES_REC };

static void build_recovery_map(struct sector_map *m)
{
	uint32_t from[] = {RF, APPR, APPR, APPR, DB, SRVA, SRVB}, to[] = {APPR, SRVA, SRVB, DB, STOR, DCA, DCB};
	uint32_t grp[] = {0, 1, 1, 0, 0, 0, 0};
	uint32_t rto[NODES_REC] = {[RF] = 240, [APPR] = 60, [SRVA] = 120, [SRVB] = 30,
				   [DB] = 90,  [STOR] = 45, [DCA] = 240,  [DCB] = SECTOR_UNKNOWN};
	make_map(m, NODES_REC, 1, NEL(from), from, to, grp);
	memcpy(m->node_rto, rto, sizeof rto);
	m->node_critical[RF] = 1;
}

static void test_recovery_hand_worked(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_recovery r;
	struct errinfo e = {0};

	build_recovery_map(&m);
	assert_int_equal(sector_recovery(&m, RF, &r, &e), 0);
	assert_int_equal(r.fn, RF);
	assert_int_equal(r.worst_minutes, 195);
	assert_int_equal(r.tolerance, 240);
	assert_false(r.breach);
	assert_int_equal(r.unknown, 1);
	assert_int_equal(r.nchain, 4);
	assert_int_equal(r.chain[0], RF);
	assert_int_equal(r.chain[1], APPR);
	assert_int_equal(r.chain[2], DB);
	assert_int_equal(r.chain[3], STOR);
	sector_recovery_free(&r);

	/* DCB known at 600: SRVB 630, the slot min(360, 630) = 360 through SRVA;
	 * APPR 60 + max(360, 135) = 420 > 240: a breach along F, APPR, SRVA, DCA. */
	m.node_rto[DCB] = 600;
	assert_int_equal(sector_recovery(&m, RF, &r, &e), 0);
	assert_int_equal(r.worst_minutes, 420);
	assert_true(r.breach);
	assert_int_equal(r.unknown, 0);
	assert_int_equal(r.nchain, 4);
	assert_int_equal(r.chain[1], APPR);
	assert_int_equal(r.chain[2], SRVA);
	assert_int_equal(r.chain[3], DCA);
	sector_recovery_free(&r);

	/* An unknown tolerance never reports a breach. */
	m.node_rto[RF] = SECTOR_UNKNOWN;
	assert_int_equal(sector_recovery(&m, RF, &r, &e), 0);
	assert_int_equal(r.tolerance, SECTOR_UNKNOWN);
	assert_false(r.breach);
	sector_recovery_free(&r);

	assert_int_equal(sector_recovery(&m, NODES_REC, &r, &e), ERR_INVALID);
	assert_string_equal(e.field, "fn");
	sector_map_free(&m);
}

static void test_recovery_cycle(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_recovery r;
	struct errinfo e = {0};
	/* F(0) -> A(1) -> B(2) -> A, B -> C(3): the cycle {A, B} is restored as one unit:
	 * 5 + 7, then C's 10 below it = 22.  Chain F, A, B, C. */
	uint32_t from[] = {0, 1, 2, 2}, to[] = {1, 2, 1, 3};
	make_map(&m, 4, 1, NEL(from), from, to, NULL);
	m.node_rto[0] = 30;
	m.node_rto[1] = 5;
	m.node_rto[2] = 7;
	m.node_rto[3] = 10;
	m.node_critical[0] = 1;
	assert_int_equal(sector_recovery(&m, 0, &r, &e), 0);
	assert_int_equal(r.worst_minutes, 22);
	assert_int_equal(r.nchain, 4);
	assert_int_equal(r.chain[0], 0);
	assert_int_equal(r.chain[1], 1);
	assert_int_equal(r.chain[2], 2);
	assert_int_equal(r.chain[3], 3);
	sector_recovery_free(&r);

	/* The function inside its own cycle: its RTO stays out of the sum (5 + 10 = 15). */
	uint32_t from2[] = {0, 1, 1}, to2[] = {1, 0, 3};
	sector_map_free(&m);
	make_map(&m, 4, 1, NEL(from2), from2, to2, NULL);
	m.node_rto[0] = 30;
	m.node_rto[1] = 5;
	m.node_rto[3] = 10;
	m.node_critical[0] = 1;
	assert_int_equal(sector_recovery(&m, 0, &r, &e), 0);
	assert_int_equal(r.worst_minutes, 15);
	assert_int_equal(r.nchain, 3);
	sector_recovery_free(&r);
	sector_map_free(&m);
}

/* ---- stress test ---- */

/* Functions stopped when seeds fail. */
static uint32_t stopped_by(const struct sector_map *m, struct graph_scratch *s, const uint32_t *seeds,
			   uint32_t nseeds)
{
	const uint32_t *failed;
	uint32_t k = graph_impact(&m->g, s, seeds, nseeds, GRAPH_NONE, &failed), c = 0;
	for (uint32_t i = 0; i < k; i++)
		c += m->node_critical[failed[i]] != 0;
	return c;
}

/* The smallest size of a node set stopping at least need functions, over all subsets. */
static uint32_t brute_stress(const struct sector_map *m, struct graph_scratch *s, uint32_t need)
{
	uint32_t n = m->g.n, best = n + 1, seeds[16];
	for (uint32_t mask = 0; mask < (1u << n); mask++) {
		uint32_t k = 0;
		for (uint32_t v = 0; v < n; v++)
			if (mask >> v & 1)
				seeds[k++] = v;
		if (k < best && stopped_by(m, s, seeds, k) >= need)
			best = k;
	}
	return best;
}

static void test_stress_exact_and_greedy_random(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		struct sector_map m;
		struct sector_stress st;
		struct errinfo e = {0};
		struct graph_scratch s;
		random_small(&m, 10);
		graph_scratch_init(&s, &m.g);
		uint32_t total = 0;
		for (uint32_t v = 0; v < m.g.n; v++)
			total += m.node_critical[v];
		double share = (1 + rnd(10)) / 10.0;
		uint32_t need = 0;
		while ((double)need < share * total - 1e-9)
			need++;

		assert_int_equal(sector_stress(&m, share, 1000, &st, &e), 0);
		assert_true(st.exact);
		assert_int_equal(st.total, total);
		assert_int_equal(st.nset, need ? brute_stress(&m, &s, need) : 0);
		assert_int_equal(stopped_by(&m, &s, st.set, st.nset), st.stopped);
		assert_true(st.stopped >= need);
		for (uint32_t i = 1; i < st.nset; i++)
			assert_true(st.set[i - 1] < st.set[i]);
		uint32_t exact = st.nset;
		sector_stress_free(&st);

		/* exact_limit 0 forces the greedy: valid, never smaller than the minimum. */
		assert_int_equal(sector_stress(&m, share, 0, &st, &e), 0);
		if (need)
			assert_false(st.exact);
		assert_int_equal(stopped_by(&m, &s, st.set, st.nset), st.stopped);
		assert_true(st.stopped >= need);
		assert_true(st.nset >= exact);
		sector_stress_free(&st);
		graph_scratch_free(&s);
		sector_map_free(&m);
	}
}

static void test_stress_hand_built(void **state)
{
	(void)state;
	struct sector_map m;
	struct sector_stress st;
	struct errinfo e = {0};

	/* The outage map: 4 functions.  Half of them (2): the subcontractor alone (F1B, F2).
	 * Three of them: SUB and DC (F0 too).  All four: SUB, DC and SRV1. */
	build_outage_map(&m);
	assert_int_equal(sector_stress(&m, 0.5, 100, &st, &e), 0);
	assert_true(st.exact);
	assert_int_equal(st.total, 4);
	assert_int_equal(st.nset, 1);
	assert_int_equal(st.set[0], SUB);
	assert_int_equal(st.stopped, 2);
	sector_stress_free(&st);
	assert_int_equal(sector_stress(&m, 0.75, 100, &st, &e), 0);
	assert_int_equal(st.nset, 2);
	assert_int_equal(st.set[0], DC);
	assert_int_equal(st.set[1], SUB);
	sector_stress_free(&st);
	assert_int_equal(sector_stress(&m, 1.0, 100, &st, &e), 0);
	assert_int_equal(st.nset, 3);
	assert_int_equal(st.stopped, 4);
	sector_stress_free(&st);

	assert_int_equal(sector_stress(&m, 0.0, 100, &st, &e), ERR_INVALID);
	assert_string_equal(e.field, "share");
	err_clear(&e);
	assert_int_equal(sector_stress(&m, 1.5, 100, &st, &e), ERR_INVALID);
	sector_map_free(&m);
}

static void test_stress_greedy_layered(void **state)
{
	(void)state;
	for (int round = 0; round < 10; round++) {
		struct sector_map m;
		struct sector_stress st;
		struct errinfo e = {0};
		struct graph_scratch s;
		random_layered(&m, 200 + rnd(200));
		graph_scratch_init(&s, &m.g);
		assert_int_equal(sector_stress(&m, 0.5, 0, &st, &e), 0);
		uint32_t need = 0;
		while ((double)need < 0.5 * st.total - 1e-9)
			need++;
		assert_int_equal(stopped_by(&m, &s, st.set, st.nset), st.stopped);
		assert_true(st.stopped >= need);
		sector_stress_free(&st);
		graph_scratch_free(&s);
		sector_map_free(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spof_redundant_data_centres),
		cmocka_unit_test(test_spof_cycles),
		cmocka_unit_test(test_spof_wide_slot),
		cmocka_unit_test(test_spof_no_functions),
		cmocka_unit_test(test_spof_random_small),
		cmocka_unit_test(test_spof_random_layered),
		cmocka_unit_test(test_flow_graphs),
		cmocka_unit_test(test_outage),
		cmocka_unit_test(test_footprint_hand_worked),
		cmocka_unit_test(test_footprint_rejects_bad_orgs),
		cmocka_unit_test(test_hhi_hand_worked),
		cmocka_unit_test(test_recovery_hand_worked),
		cmocka_unit_test(test_recovery_cycle),
		cmocka_unit_test(test_stress_exact_and_greedy_random),
		cmocka_unit_test(test_stress_hand_built),
		cmocka_unit_test(test_stress_greedy_layered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
