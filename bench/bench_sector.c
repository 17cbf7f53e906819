/*
 * bench_sector.c — time the sector analyses on a generated sector map.
 *
 *   bench_sector DIR
 *
 * Loads DIR/nodes.bin, DIR/edges.bin, DIR/sector.bin and DIR/queries.txt
 * (written by bench_gen, formats in bench/README.md) into a struct
 * sector_map: the organisations' own edges and the cross-organisation edges
 * of sector.bin in one graph.  Then:
 *   - times graph_build and sector_flow_graph once (reported apart, in no
 *     figure) and writes the flow graph to DIR/sector_flow.bin, so the
 *     peers (bench/peer_sector.py) get the very same input;
 *   - times dom_tree on the flow graph, best of DOM_RUNS, and writes its
 *     idom array to DIR/sector_idom.bin; the peer compares it with igraph's
 *     and networkx's, entry by entry;
 *   - times sector_spof_all (best of up to SPOF_RUNS while the runs take
 *     under RUN_BUDGET_S) and checks a spread sample of the functions
 *     against graph_spof, which fails each candidate alone;
 *   - times sector_outage for each query node alone (best of OUTAGE_REPEAT
 *     calls), reports the median, and checks each answer against
 *     graph_impact's for the same node: as many failed nodes, the stopped
 *     functions exactly the failed critical ones, the members hit exactly
 *     their organisations, both ascending;
 *   - times sector_footprint (best of up to FOOTPRINT_RUNS within the budget).
 * Prints one JSON object on stdout for bench/run to combine with the peer.
 * All times come from clock_gettime(CLOCK_MONOTONIC).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "dom.h"
#include "err.h"
#include "graph.h"
#include "mem.h"
#include "sector.h"

#define DOM_RUNS 3
#define SPOF_RUNS 3
#define FOOTPRINT_RUNS 3
#define RUN_BUDGET_S 30.0  /* no further run of a repeated figure once its runs took this long */
#define SPOF_CHECKS 20     /* functions checked against graph_spof ... */
#define SPOF_CHECK_S 30.0  /* ... unless the check has taken this long */
#define OUTAGE_REPEAT 3
#define MAX_QUERIES 1000
#define MAX_NODES 100000000u
#define MAX_EDGES 400000000u
#define MAX_ORGS 65536u

struct bench_sector {
	uint32_t n, m, mx, norgs;
	uint16_t *org;
	uint32_t *from, *to, *group; /* m + mx: the map's edges, then the cross-organisation ones */
	uint8_t *critical, *stype, *member, *category;
	uint32_t *rto, *parent;
	double *assets;
	uint32_t nq;
	uint32_t q[MAX_QUERIES];
};

static int load(struct bench_sector *b, const char *dir, struct errinfo *e)
{
	int rc = 0;
	uint32_t hdr[4];
	FILE *f = bench_open(dir, "nodes.bin", "rb", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJNODE1", hdr, 2, "nodes.bin", e);
	if (rc)
		goto out;
	b->n = hdr[0];
	b->norgs = hdr[1];
	if (b->n == 0 || b->n > MAX_NODES || b->norgs == 0 || b->norgs > MAX_ORGS) {
		rc = err_set(e, ERR_INVALID, "nodes.bin", "%" PRIu32 " nodes, %" PRIu32 " organisations: out of range",
			     b->n, b->norgs);
		goto out;
	}
	/* kind, base and fixed are graph_derive's business: skip them. */
	if (fseek(f, 3L * b->n, SEEK_CUR) != 0) {
		rc = err_set(e, ERR_IO, "nodes.bin", "nodes.bin: seek failed");
		goto out;
	}
	b->org = xmalloc((size_t)b->n * sizeof *b->org);
	rc = read_exact(f, b->org, sizeof *b->org, b->n, "nodes.bin", e);
	if (rc)
		goto out;
	fclose(f);

	f = bench_open(dir, "sector.bin", "rb", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJSECT1", hdr, 4, "sector.bin", e);
	if (rc)
		goto out;
	if (hdr[0] != b->n || hdr[1] != b->norgs || hdr[2] > MAX_EDGES) {
		rc = err_set(e, ERR_INVALID, "sector.bin", "sector.bin does not match nodes.bin");
		goto out;
	}
	b->mx = hdr[2];
	b->critical = xmalloc(b->n);
	b->stype = xmalloc(b->n);
	b->rto = xmalloc((size_t)b->n * sizeof *b->rto);
	b->parent = xmalloc((size_t)b->norgs * sizeof *b->parent);
	b->member = xmalloc(b->norgs);
	b->category = xmalloc(b->norgs);
	b->assets = xmalloc((size_t)b->norgs * sizeof *b->assets);
	rc = read_exact(f, b->critical, 1, b->n, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->stype, 1, b->n, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->rto, sizeof *b->rto, b->n, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->parent, sizeof *b->parent, b->norgs, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->member, 1, b->norgs, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->category, 1, b->norgs, "sector.bin", e);
	if (!rc)
		rc = read_exact(f, b->assets, sizeof *b->assets, b->norgs, "sector.bin", e);
	if (rc)
		goto out;
	for (uint32_t i = 0; i < b->norgs; i++)
		if (b->parent[i] >= b->norgs || b->category[i] >= SECTOR_NCAT) {
			rc = err_set(e, ERR_INVALID, "sector.bin", "organisation %" PRIu32 ": bad parent or category", i);
			goto out;
		}
	for (uint32_t v = 0; v < b->n; v++)
		if (b->org[v] >= b->norgs || b->stype[v] >= SECTOR_NTYPES) {
			rc = err_set(e, ERR_INVALID, "nodes.bin", "node %" PRIu32 ": bad organisation or service type", v);
			goto out;
		}

	/* The edges: the map's first, the cross-organisation ones after them, in one set of arrays. */
	FILE *fe = bench_open(dir, "edges.bin", "rb", e);
	if (!fe) {
		rc = ERR_IO;
		goto out;
	}
	rc = read_header(fe, "SKJEDGE1", hdr, 2, "edges.bin", e);
	if (!rc && (hdr[1] != b->n || hdr[0] > MAX_EDGES - b->mx))
		rc = err_set(e, ERR_INVALID, "edges.bin", "edges.bin does not match nodes.bin");
	if (!rc) {
		b->m = hdr[0];
		size_t total = (size_t)b->m + b->mx;
		b->from = xmalloc(total * sizeof *b->from);
		b->to = xmalloc(total * sizeof *b->to);
		b->group = xmalloc(total * sizeof *b->group);
		rc = read_exact(fe, b->from, sizeof *b->from, b->m, "edges.bin", e);
		if (!rc)
			rc = read_exact(fe, b->to, sizeof *b->to, b->m, "edges.bin", e);
		if (!rc)
			rc = read_exact(fe, b->group, sizeof *b->group, b->m, "edges.bin", e);
		if (!rc)
			rc = read_exact(f, b->from + b->m, sizeof *b->from, b->mx, "sector.bin", e);
		if (!rc)
			rc = read_exact(f, b->to + b->m, sizeof *b->to, b->mx, "sector.bin", e);
		if (!rc)
			rc = read_exact(f, b->group + b->m, sizeof *b->group, b->mx, "sector.bin", e);
	}
	fclose(fe);
	if (rc)
		goto out;
	fclose(f);
	return read_queries(dir, b->n, b->q, MAX_QUERIES, &b->nq, e);
out:
	fclose(f);
	return rc;
}

static void bench_free(struct bench_sector *b)
{
	free(b->org);
	free(b->from);
	free(b->to);
	free(b->group);
	free(b->critical);
	free(b->stype);
	free(b->rto);
	free(b->parent);
	free(b->member);
	free(b->category);
	free(b->assets);
}

/* Copy the loaded attributes into a sector map (its graph is built apart). */
static void fill_map(struct sector_map *sm, const struct bench_sector *b)
{
	for (uint32_t v = 0; v < b->n; v++) {
		sm->node_org[v] = b->org[v];
		sm->node_critical[v] = b->critical[v];
		sm->node_rto[v] = b->rto[v];
		sm->node_service_type[v] = b->stype[v];
	}
	for (uint32_t i = 0; i < b->norgs; i++) {
		sm->org_parent[i] = b->parent[i];
		sm->org_member[i] = b->member[i];
		sm->org_category[i] = b->category[i];
		sm->org_assets[i] = b->assets[i];
	}
}

/*
 * DIR/sector_flow.bin: "SKJFLOW1", uint32 nodes (the map's n + the root),
 * edges, root, 0; uint32 from[edges]; uint32 to[edges]: the CSR's edges in
 * its order.
 */
static int write_flow(const char *dir, uint32_t nn, const uint32_t *off, const uint32_t *succ, uint32_t root,
		      struct errinfo *e)
{
	uint32_t mm = off[nn];
	uint32_t hdr[4] = {nn, mm, root, 0};
	uint32_t *from = xmalloc((size_t)mm * sizeof *from);
	for (uint32_t v = 0; v < nn; v++)
		for (uint32_t i = off[v]; i < off[v + 1]; i++)
			from[i] = v;
	int rc = 0;
	FILE *f = bench_open(dir, "sector_flow.bin", "wb", e);
	if (!f) {
		rc = ERR_IO;
		goto out;
	}
	rc = write_all(f, "SKJFLOW1", 1, 8, "sector_flow.bin", e);
	if (!rc)
		rc = write_all(f, hdr, sizeof *hdr, 4, "sector_flow.bin", e);
	if (!rc)
		rc = write_all(f, from, sizeof *from, mm, "sector_flow.bin", e);
	if (!rc)
		rc = write_all(f, succ, sizeof *succ, mm, "sector_flow.bin", e);
	if (fclose(f) != 0 && !rc)
		rc = err_set(e, ERR_IO, "sector_flow.bin", "sector_flow.bin: write failed");
out:
	free(from);
	return rc;
}

/* DIR/sector_idom.bin: "SKJIDOM1", uint32 nodes, root; uint32 idom[nodes] (DOM_NONE: unreached). */
static int write_idom(const char *dir, uint32_t nn, uint32_t root, const uint32_t *idom, struct errinfo *e)
{
	uint32_t hdr[2] = {nn, root};
	FILE *f = bench_open(dir, "sector_idom.bin", "wb", e);
	if (!f)
		return ERR_IO;
	int rc = write_all(f, "SKJIDOM1", 1, 8, "sector_idom.bin", e);
	if (!rc)
		rc = write_all(f, hdr, sizeof *hdr, 2, "sector_idom.bin", e);
	if (!rc)
		rc = write_all(f, idom, sizeof *idom, nn, "sector_idom.bin", e);
	if (fclose(f) != 0 && !rc)
		rc = err_set(e, ERR_IO, "sector_idom.bin", "sector_idom.bin: write failed");
	return rc;
}

/* Print runs as a JSON array of seconds. */
static void print_runs(const char *key, const double *s, int k)
{
	printf(" \"%s\": [", key);
	for (int i = 0; i < k; i++)
		printf("%s%.6f", i ? ", " : "", s[i]);
	printf("],\n");
}

int main(int argc, char **argv)
{
	struct bench_sector b = {0};
	struct sector_map sm = {0};
	struct graph_scratch sc = {0};
	struct sector_spof sp = {0};
	struct sector_footprint fp = {0};
	struct errinfo e = {0};
	uint32_t *off = NULL, *succ = NULL, *idom = NULL, *spof_out = NULL;
	double *q_s = NULL, *q_failed = NULL, *q_fn = NULL, *q_org = NULL;
	uint32_t *q_nfailed = NULL;
	uint8_t *org_seen = NULL;
	int have_map = 0, have_graph = 0, have_scratch = 0, have_spof = 0, have_fp = 0;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_sector DIR\n");
		return 2;
	}
	const char *dir = argv[1];
	rc = load(&b, dir, &e);
	if (rc)
		goto out;

	sector_map_alloc(&sm, b.n, b.norgs);
	have_map = 1;
	fill_map(&sm, &b);
	uint32_t members = 0, nfn = 0;
	for (uint32_t i = 0; i < b.norgs; i++)
		members += b.member[i];
	for (uint32_t v = 0; v < b.n; v++)
		nfn += b.critical[v];

	double t0 = now_s();
	rc = graph_build(&sm.g, b.n, (size_t)b.m + b.mx, b.from, b.to, b.group, &e);
	double build_s = now_s() - t0;
	if (rc)
		goto out;
	have_graph = 1;
	double load_rss = peak_hwm_mb();

	/* The flow graph: the input of dom_tree and of both peers. */
	uint32_t root = 0;
	t0 = now_s();
	sector_flow_graph(&sm, &off, &succ, &root);
	double flow_s = now_s() - t0;
	uint32_t nn = b.n + 1, mm = off[nn];
	rc = write_flow(dir, nn, off, succ, root, &e);
	if (rc)
		goto out;

	idom = xmalloc((size_t)nn * sizeof *idom);
	double dom_s[DOM_RUNS], dom_best = 0.0;
	for (int r = 0; r < DOM_RUNS; r++) {
		t0 = now_s();
		rc = dom_tree(nn, off, succ, root, idom, &e);
		dom_s[r] = now_s() - t0;
		if (rc)
			goto out;
		if (r == 0 || dom_s[r] < dom_best)
			dom_best = dom_s[r];
	}
	uint32_t reached = 0, under_root = 0;
	uint64_t fnv = 0xcbf29ce484222325ULL; /* FNV-1a over the idom words, for the record */
	for (uint32_t v = 0; v < nn; v++) {
		reached += idom[v] != DOM_NONE;
		under_root += v != root && idom[v] == root;
		for (int k = 0; k < 4; k++) {
			fnv ^= (idom[v] >> (8 * k)) & 0xff;
			fnv *= 0x100000001b3ULL;
		}
	}
	ASSERT(idom[root] == root);
	rc = write_idom(dir, nn, root, idom, &e);
	if (rc)
		goto out;

	/* Single points of failure of every critical function. */
	double spof_s[SPOF_RUNS], spof_best = 0.0, spof_total_s = 0.0;
	int spof_runs = 0;
	while (spof_runs < SPOF_RUNS && (spof_runs == 0 || spof_total_s < RUN_BUDGET_S)) {
		if (have_spof)
			sector_spof_free(&sp);
		memset(&sp, 0, sizeof sp);
		have_spof = 0;
		t0 = now_s();
		rc = sector_spof_all(&sm, &sp, &e);
		double dt = now_s() - t0;
		if (rc)
			goto out;
		have_spof = 1;
		spof_s[spof_runs] = dt;
		spof_total_s += dt;
		if (spof_runs == 0 || dt < spof_best)
			spof_best = dt;
		spof_runs++;
	}
	uint64_t spof_sum = sp.off[sp.nfn];
	uint32_t spof_none = 0, spof_max = 0, spof_max_fn = SECTOR_NONE;
	double *per_fn = xmalloc(((size_t)sp.nfn + 1) * sizeof *per_fn);
	for (uint32_t i = 0; i < sp.nfn; i++) {
		uint32_t k = (uint32_t)(sp.off[i + 1] - sp.off[i]);
		per_fn[i] = k;
		spof_none += k == 0;
		if (k > spof_max || spof_max_fn == SECTOR_NONE) {
			spof_max = k;
			spof_max_fn = sp.fn[i];
		}
	}
	double spof_median = sp.nfn ? median(per_fn, sp.nfn) : 0.0;
	free(per_fn);

	/* Check a spread sample against graph_spof (each candidate failed alone). */
	graph_scratch_init(&sc, &sm.g);
	have_scratch = 1;
	spof_out = xmalloc((size_t)b.n * sizeof *spof_out);
	uint32_t spof_checked = 0, spof_mismatch = 0, spof_fn_ok = 1;
	for (uint32_t i = 0; i < sp.nfn; i++)
		spof_fn_ok &= b.critical[sp.fn[i]] && (i == 0 || sp.fn[i - 1] < sp.fn[i]);
	spof_fn_ok &= sp.nfn == nfn;
	t0 = now_s();
	for (uint32_t c = 0; c < SPOF_CHECKS && c < sp.nfn && now_s() - t0 < SPOF_CHECK_S; c++) {
		uint32_t i = (uint32_t)((uint64_t)c * sp.nfn / (SPOF_CHECKS < sp.nfn ? SPOF_CHECKS : sp.nfn));
		uint32_t k = graph_spof(&sm.g, &sc, sp.fn[i], spof_out);
		uint64_t len = sp.off[i + 1] - sp.off[i];
		int same = k == len;
		for (uint32_t j = 0; same && j < k; j++)
			same = spof_out[j] == sp.node[sp.off[i] + j];
		spof_mismatch += !same;
		spof_checked++;
	}
	double spof_check_s = now_s() - t0;

	/* Outage simulation per query node, best of OUTAGE_REPEAT, then the median. */
	q_s = xmalloc(b.nq * sizeof *q_s);
	q_failed = xmalloc(b.nq * sizeof *q_failed);
	q_fn = xmalloc(b.nq * sizeof *q_fn);
	q_org = xmalloc(b.nq * sizeof *q_org);
	q_nfailed = xmalloc(b.nq * sizeof *q_nfailed);
	org_seen = xmalloc(b.norgs);
	uint32_t outage_mismatch = 0, outage_max_failed = 0;
	for (uint32_t i = 0; i < b.nq; i++) {
		double best = 0.0;
		struct sector_outage o = {0};
		for (int r = 0; r < OUTAGE_REPEAT; r++) {
			if (r)
				sector_outage_free(&o);
			memset(&o, 0, sizeof o);
			t0 = now_s();
			sector_outage(&sm, &sc, &b.q[i], 1, &o);
			double dt = now_s() - t0;
			if (r == 0 || dt < best)
				best = dt;
		}
		q_s[i] = best;
		q_nfailed[i] = o.nfailed;
		q_failed[i] = o.nfailed;
		q_fn[i] = o.nfn;
		q_org[i] = o.norg;
		outage_max_failed = o.nfailed > outage_max_failed ? o.nfailed : outage_max_failed;
		/* The same failure as graph_impact's, and every stopped function one of the failed. */
		int ok = o.nfailed >= 1 && o.failed[0] == b.q[i];
		const uint32_t *outv = NULL;
		uint32_t cnt = graph_impact(&sm.g, &sc, &b.q[i], 1, GRAPH_NONE, &outv);
		ok = ok && cnt == o.nfailed;
		for (uint32_t j = 0; ok && j < o.nfn; j++)
			ok = b.critical[o.fn[j]] && graph_failed(&sc, o.fn[j]) && (j == 0 || o.fn[j - 1] < o.fn[j]);
		uint32_t fn_expected = 0;
		for (uint32_t j = 0; ok && j < cnt; j++)
			fn_expected += b.critical[outv[j]];
		ok = ok && fn_expected == o.nfn;
		/* The organisations hit: those owning a stopped function, ascending. */
		uint32_t org_expected = 0;
		memset(org_seen, 0, b.norgs);
		for (uint32_t j = 0; ok && j < o.nfn; j++)
			if (!org_seen[b.org[o.fn[j]]]) {
				org_seen[b.org[o.fn[j]]] = 1;
				org_expected++;
			}
		for (uint32_t j = 0; ok && j < o.norg; j++)
			ok = org_seen[o.org[j]] && (j == 0 || o.org[j - 1] < o.org[j]);
		ok = ok && org_expected == o.norg;
		outage_mismatch += !ok;
		sector_outage_free(&o);
	}
	double outage_median = median(q_s, b.nq), outage_min = q_s[0], outage_max = q_s[b.nq - 1];
	double outage_median_failed = median(q_failed, b.nq), outage_median_fn = median(q_fn, b.nq);
	double outage_median_org = median(q_org, b.nq);

	/* Provider footprint, all providers in one pass. */
	double fp_s[FOOTPRINT_RUNS], fp_best = 0.0, fp_total_s = 0.0;
	int fp_runs = 0;
	while (fp_runs < FOOTPRINT_RUNS && (fp_runs == 0 || fp_total_s < RUN_BUDGET_S)) {
		if (have_fp)
			sector_footprint_free(&fp);
		memset(&fp, 0, sizeof fp);
		have_fp = 0;
		t0 = now_s();
		rc = sector_footprint(&sm, &fp, &e);
		double dt = now_s() - t0;
		if (rc)
			goto out;
		have_fp = 1;
		fp_s[fp_runs] = dt;
		fp_total_s += dt;
		if (fp_runs == 0 || dt < fp_best)
			fp_best = dt;
		fp_runs++;
	}
	uint32_t fp_flagged = 0;
	for (uint32_t i = 0; i < fp.n; i++)
		fp_flagged += fp.p[i].flagged != 0;

	printf("{\"nodes\": %" PRIu32 ", \"edges\": %" PRIu32 ", \"cross_edges\": %" PRIu32 ", \"organisations\": %" PRIu32
	       ", \"members\": %" PRIu32 ", \"critical_functions\": %" PRIu32 ",\n"
	       " \"build_s\": %.6f, \"flow_s\": %.6f, \"flow_nodes\": %" PRIu32 ", \"flow_edges\": %" PRIu32 ", \"root\": %" PRIu32 ",\n"
	       " \"dom_s\": %.6f,\n",
	       b.n, b.m, b.mx, b.norgs, members, nfn, build_s, flow_s, nn, mm, root, dom_best);
	print_runs("dom_runs_s", dom_s, DOM_RUNS);
	printf(" \"dom_reached\": %" PRIu32 ", \"dom_under_root\": %" PRIu32 ", \"idom_fnv1a\": \"%016" PRIx64 "\",\n"
	       " \"spof_s\": %.6f,\n",
	       reached, under_root, fnv, spof_best);
	print_runs("spof_runs_s", spof_s, spof_runs);
	printf(" \"spof_functions\": %" PRIu32 ", \"spof_total\": %" PRIu64 ", \"spof_median\": %.1f, \"spof_max\": %" PRIu32
	       ", \"spof_max_fn\": %" PRIu32 ", \"spof_none\": %" PRIu32 ",\n"
	       " \"spof_checked\": %" PRIu32 ", \"spof_mismatches\": %" PRIu32 ", \"spof_functions_ok\": %s, \"spof_check_s\": %.3f,\n"
	       " \"outage_queries\": %" PRIu32 ", \"outage_median_s\": %.9f, \"outage_min_s\": %.9f, \"outage_max_s\": %.9f,\n"
	       " \"outage_median_failed\": %.1f, \"outage_max_failed\": %" PRIu32 ", \"outage_median_fn\": %.1f, \"outage_median_org\": %.1f,\n"
	       " \"outage_mismatches\": %" PRIu32 ", \"outage_failed\": [",
	       sp.nfn, spof_sum, spof_median, spof_max, spof_max_fn, spof_none, spof_checked, spof_mismatch,
	       spof_fn_ok ? "true" : "false", spof_check_s, b.nq, outage_median, outage_min, outage_max,
	       outage_median_failed, outage_max_failed, outage_median_fn, outage_median_org, outage_mismatch);
	for (uint32_t i = 0; i < b.nq; i++)
		printf("%s%" PRIu32, i ? ", " : "", q_nfailed[i]);
	printf("],\n \"footprint_s\": %.6f,\n", fp_best);
	print_runs("footprint_runs_s", fp_s, fp_runs);
	printf(" \"footprint_providers\": %" PRIu32 ", \"footprint_flagged\": %" PRIu32, fp.n, fp_flagged);
	if (fp.n)
		printf(", \"footprint_top\": {\"parent\": %" PRIu32 ", \"members\": %" PRIu32 ", \"members_direct\": %" PRIu32
		       "}",
		       fp.p[0].parent, fp.p[0].members, fp.p[0].members_direct);
	printf(",\n \"rss_mb_after_build\": %.1f, \"rss_mb_end\": %.1f}\n", load_rss, peak_hwm_mb());
out:
	if (rc)
		fprintf(stderr, "bench_sector: %s%s%s\n", e.message, e.field[0] ? " in " : "", e.field);
	if (have_fp)
		sector_footprint_free(&fp);
	if (have_spof)
		sector_spof_free(&sp);
	if (have_scratch)
		graph_scratch_free(&sc);
	free(q_s);
	free(q_failed);
	free(q_fn);
	free(q_org);
	free(q_nfailed);
	free(org_seen);
	free(spof_out);
	free(idom);
	free(off);
	free(succ);
	if (have_map) {
		if (!have_graph)
			memset(&sm.g, 0, sizeof sm.g);
		sector_map_free(&sm); /* frees sm.g too, if built (sector.h: the map owns its arrays) */
	}
	bench_free(&b);
	return rc ? 1 : 0;
}
