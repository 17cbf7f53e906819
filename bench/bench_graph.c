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
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

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

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident set size so far, in MB, from getrusage (Linux reports
 * ru_maxrss in KiB).  Caveat: Linux carries the parent's high-water mark
 * over fork and exec, so when started from a larger process (bench/run is
 * Python) this is at least that process's peak; see peak_hwm_mb. */
static double peak_rss_mb(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1.0;
	return (double)ru.ru_maxrss / 1024.0;
}

/* The same peak for this program image only: VmHWM from /proc/self/status
 * (KiB), which starts afresh at exec.  Falls back to ru_maxrss. */
static double peak_hwm_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double mb = -1.0;
	if (!f)
		return peak_rss_mb();
	while (fgets(line, sizeof line, f)) {
		unsigned long kib;
		if (sscanf(line, "VmHWM: %lu kB", &kib) == 1) {
			mb = (double)kib / 1024.0;
			break;
		}
	}
	fclose(f);
	return mb < 0 ? peak_rss_mb() : mb;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median of n > 0 sorted values. */
static double median_sorted(const double *x, uint32_t n)
{
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0;
}

static FILE *open_in(const char *dir, const char *name, struct errinfo *e)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		err_set(e, ERR_IO, name, "%s: %s", path, strerror(errno));
	return f;
}

static int read_exact(FILE *f, void *p, size_t size, size_t count, const char *name, struct errinfo *e)
{
	if (count && fread(p, size, count, f) != count)
		return err_set(e, ERR_IO, name, "%s: short read", name);
	return 0;
}

/* Read the 16-byte header: 8-byte magic and two uint32 counts. */
static int read_header(FILE *f, const char *magic, uint32_t *a, uint32_t *b, const char *name, struct errinfo *e)
{
	char mg[8];
	uint32_t hdr[2];
	int rc = read_exact(f, mg, 1, sizeof mg, name, e);
	if (!rc)
		rc = read_exact(f, hdr, sizeof *hdr, 2, name, e);
	if (rc)
		return rc;
	if (memcmp(mg, magic, sizeof mg) != 0)
		return err_set(e, ERR_INVALID, name, "%s: not a bench_gen file (magic)", name);
	*a = hdr[0];
	*b = hdr[1];
	return 0;
}

static int map_load(struct bench_map *mp, const char *dir, struct errinfo *e)
{
	int rc = 0;
	uint32_t n2 = 0;
	FILE *f = open_in(dir, "nodes.bin", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJNODE1", &mp->n, &mp->norgs, "nodes.bin", e);
	if (rc)
		goto out;
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

	f = open_in(dir, "edges.bin", e);
	if (!f)
		return ERR_IO;
	rc = read_header(f, "SKJEDGE1", &mp->m, &n2, "edges.bin", e);
	if (rc)
		goto out;
	if (n2 != mp->n || mp->m > MAX_EDGES) {
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

	f = open_in(dir, "queries.txt", e);
	if (!f)
		return ERR_IO;
	unsigned long v;
	while (fscanf(f, "%lu", &v) == 1) {
		if (mp->nq == MAX_QUERIES || v >= mp->n) {
			rc = err_set(e, ERR_INVALID, "queries.txt", "query %lu out of range or too many", v);
			goto out;
		}
		mp->q[mp->nq++] = (uint32_t)v;
	}
	if (mp->nq == 0)
		rc = err_set(e, ERR_INVALID, "queries.txt", "no query nodes");
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
	qsort(q_s, mp.nq, sizeof *q_s, cmp_double);
	qsort(q_failed, mp.nq, sizeof *q_failed, cmp_double);
	double median = median_sorted(q_s, mp.nq), median_failed = median_sorted(q_failed, mp.nq);

	printf("{\"nodes\": %" PRIu32 ", \"edges\": %" PRIu32 ", \"slots\": %" PRIu32 ", \"build_s\": %.6f,\n"
	       " \"derive_s\": %.6f, \"derive_runs_s\": [%.6f, %.6f, %.6f],\n"
	       " \"levels\": [%" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 "], \"inherited\": %" PRIu32 ",\n"
	       " \"impact_queries\": %" PRIu32 ", \"impact_median_s\": %.9f, \"impact_min_s\": %.9f, \"impact_max_s\": %.9f,\n"
	       " \"impact_median_failed\": %.1f, \"impact_mean_failed\": %.1f, \"impact_max_failed\": %" PRIu32 ",\n"
	       " \"rss_mb_after_load\": %.1f, \"rss_mb_after_derive\": %.1f, \"rss_mb_end\": %.1f,\n"
	       " \"ru_maxrss_mb_after_derive\": %.1f}\n",
	       mp.n, mp.m, g.nslots, build_s, derive_best, derive_s[0], derive_s[1], derive_s[2], levels[0], levels[1],
	       levels[2], levels[3], levels[4], inherited, mp.nq, median, q_s[0], q_s[mp.nq - 1],
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
