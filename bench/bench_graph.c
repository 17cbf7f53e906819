/*
 * bench_graph.c — time the graph engine on a generated sector map.
 *
 *   bench_graph DIR
 *
 * Loads DIR/nodes.bin, DIR/edges.bin and DIR/queries.txt (written by
 * bench_gen, formats in bench/README.md), then:
 *   - times graph_build once (reported apart, not part of any figure);
 *   - times graph_derive over the whole map three times, reports the best;
 *   - times graph_impact for each query node alone (best of 3 calls per
 *     node), reports the median over the nodes;
 *   - reads the peak RSS (getrusage ru_maxrss) right after the derivation,
 *     and again at the end.
 * Prints one JSON object on stdout for bench/run to combine with the peers.
 * All times come from clock_gettime(CLOCK_MONOTONIC).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "err.h"
#include "graph.h"
#include "mem.h"

#define DERIVE_RUNS 3
#define IMPACT_REPEAT 3
#define MAX_QUERIES 1000
#define MAX_NODES 100000000u
#define MAX_EDGES 400000000u

struct bench_map {
	uint32_t n, m, norgs;
	uint8_t *kind, *base, *fixed;
	uint32_t *from, *to, *group;
	uint32_t nq;
	uint32_t q[MAX_QUERIES];
};

static int map_load(struct bench_map *mp, const char *dir, struct errinfo *e)
{
	int rc = 0;
	uint32_t hdr[2];
	FILE *f = bench_open(dir, "nodes.bin", "rb", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJNODE1", hdr, 2, "nodes.bin", e);
	if (rc)
		goto out;
	mp->n = hdr[0];
	mp->norgs = hdr[1];
	if (mp->n == 0 || mp->n > MAX_NODES) {
		rc = err_set(e, ERR_INVALID, "nodes.bin", "node count %" PRIu32 " out of range", mp->n);
		goto out;
	}
	mp->kind = xmalloc(mp->n);
	mp->base = xmalloc(mp->n);
	mp->fixed = xmalloc(mp->n);
	rc = read_exact(f, mp->kind, 1, mp->n, "nodes.bin", e);
	if (!rc)
		rc = read_exact(f, mp->base, 1, mp->n, "nodes.bin", e);
	if (!rc)
		rc = read_exact(f, mp->fixed, 1, mp->n, "nodes.bin", e);
	if (rc)
		goto out;
	fclose(f);

	f = bench_open(dir, "edges.bin", "rb", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJEDGE1", hdr, 2, "edges.bin", e);
	if (rc)
		goto out;
	mp->m = hdr[0];
	if (hdr[1] != mp->n || mp->m > MAX_EDGES) {
		rc = err_set(e, ERR_INVALID, "edges.bin", "edges.bin does not match nodes.bin");
		goto out;
	}
	mp->from = xmalloc((size_t)mp->m * sizeof *mp->from);
	mp->to = xmalloc((size_t)mp->m * sizeof *mp->to);
	mp->group = xmalloc((size_t)mp->m * sizeof *mp->group);
	rc = read_exact(f, mp->from, sizeof *mp->from, mp->m, "edges.bin", e);
	if (!rc)
		rc = read_exact(f, mp->to, sizeof *mp->to, mp->m, "edges.bin", e);
	if (!rc)
		rc = read_exact(f, mp->group, sizeof *mp->group, mp->m, "edges.bin", e);
	if (rc)
		goto out;
	fclose(f);
	return read_queries(dir, mp->n, mp->q, MAX_QUERIES, &mp->nq, e);
out:
	fclose(f);
	return rc;
}

static void map_free(struct bench_map *mp)
{
	free(mp->kind);
	free(mp->base);
	free(mp->fixed);
	free(mp->from);
	free(mp->to);
	free(mp->group);
}

int main(int argc, char **argv)
{
	struct bench_map mp = {0};
	struct graph g = {0};
	struct graph_scratch sc = {0};
	struct errinfo e = {0};
	uint8_t *level = NULL;
	uint32_t *cause = NULL;
	int have_graph = 0, have_scratch = 0;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_graph DIR\n");
		return 2;
	}
	rc = map_load(&mp, argv[1], &e);
	if (rc)
		goto out;
	double load_rss = peak_hwm_mb();

	double t0 = now_s();
	rc = graph_build(&g, mp.n, mp.m, mp.from, mp.to, mp.group, &e);
	double build_s = now_s() - t0;
	if (rc)
		goto out;
	have_graph = 1;

	level = xmalloc(mp.n);
	cause = xmalloc((size_t)mp.n * sizeof *cause);
	double derive_s[DERIVE_RUNS], derive_best = 0.0;
	for (int r = 0; r < DERIVE_RUNS; r++) {
		t0 = now_s();
		graph_derive(&g, mp.base, mp.fixed, level, cause);
		derive_s[r] = now_s() - t0;
		if (r == 0 || derive_s[r] < derive_best)
			derive_best = derive_s[r];
	}
	double derive_rss = peak_hwm_mb(), derive_maxrss = peak_rss_mb();

	/* What the derivation decided, for a sanity check against the peer. */
	uint32_t levels[5] = {0}, inherited = 0;
	for (uint32_t v = 0; v < mp.n; v++) {
		ASSERT(level[v] <= 4);
		ASSERT(mp.fixed[v] ? level[v] == mp.base[v] : level[v] >= mp.base[v]);
		levels[level[v]]++;
		inherited += cause[v] != GRAPH_NONE;
	}

	graph_scratch_init(&sc, &g);
	have_scratch = 1;
	double q_s[MAX_QUERIES], q_failed[MAX_QUERIES];
	uint64_t failed_sum = 0;
	uint32_t failed_max = 0;
	for (uint32_t i = 0; i < mp.nq; i++) {
		double best = 0.0;
		uint32_t cnt = 0;
		for (int r = 0; r < IMPACT_REPEAT; r++) {
			const uint32_t *outv = NULL;
			t0 = now_s();
			cnt = graph_impact(&g, &sc, &mp.q[i], 1, GRAPH_NONE, &outv);
			double dt = now_s() - t0;
			if (r == 0 || dt < best)
				best = dt;
			ASSERT(cnt >= 1 && outv[0] == mp.q[i]);
		}
		q_s[i] = best;
		q_failed[i] = cnt;
		failed_sum += cnt;
		failed_max = cnt > failed_max ? cnt : failed_max;
	}
	double impact_median = median(q_s, mp.nq), median_failed = median(q_failed, mp.nq); /* sorts both */

	printf("{\"nodes\": %" PRIu32 ", \"edges\": %" PRIu32 ", \"slots\": %" PRIu32 ", \"build_s\": %.6f,\n"
	       " \"derive_s\": %.6f, \"derive_runs_s\": [%.6f, %.6f, %.6f],\n"
	       " \"levels\": [%" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 "], \"inherited\": %" PRIu32 ",\n"
	       " \"impact_queries\": %" PRIu32 ", \"impact_median_s\": %.9f, \"impact_min_s\": %.9f, \"impact_max_s\": %.9f,\n"
	       " \"impact_median_failed\": %.1f, \"impact_mean_failed\": %.1f, \"impact_max_failed\": %" PRIu32 ",\n"
	       " \"rss_mb_after_load\": %.1f, \"rss_mb_after_derive\": %.1f, \"rss_mb_end\": %.1f,\n"
	       " \"ru_maxrss_mb_after_derive\": %.1f}\n",
	       mp.n, mp.m, g.nslots, build_s, derive_best, derive_s[0], derive_s[1], derive_s[2], levels[0], levels[1],
	       levels[2], levels[3], levels[4], inherited, mp.nq, impact_median, q_s[0], q_s[mp.nq - 1],
	       median_failed, (double)failed_sum / mp.nq, failed_max, load_rss, derive_rss, peak_hwm_mb(),
	       derive_maxrss);
out:
	if (rc)
		fprintf(stderr, "bench_graph: %s%s%s\n", e.message, e.field[0] ? " in " : "", e.field);
	if (have_scratch)
		graph_scratch_free(&sc);
	if (have_graph)
		graph_free(&g);
	free(level);
	free(cause);
	map_free(&mp);
	return rc ? 1 : 0;
}
