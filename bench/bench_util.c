/*
 * bench_util.c — the clock, peak memory, medians and bench_gen file
 * readers that bench_graph and bench_sector share.
 */
#include "bench_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double peak_rss_mb(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1.0;
	return (double)ru.ru_maxrss / 1024.0;
}

double peak_hwm_mb(void)
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

double median(double *x, uint32_t n)
{
	qsort(x, n, sizeof *x, cmp_double);
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0;
}

FILE *bench_open(const char *dir, const char *name, const char *mode, struct errinfo *e)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, mode);
	if (!f)
		err_set(e, ERR_IO, name, "%s: %s", path, strerror(errno));
	return f;
}

int read_exact(FILE *f, void *p, size_t size, size_t count, const char *name, struct errinfo *e)
{
	if (count && fread(p, size, count, f) != count)
		return err_set(e, ERR_IO, name, "%s: short read", name);
	return 0;
}

int write_all(FILE *f, const void *p, size_t size, size_t count, const char *name, struct errinfo *e)
{
	if (count && fwrite(p, size, count, f) != count)
		return err_set(e, ERR_IO, name, "%s: write failed", name);
	return 0;
}

int read_header(FILE *f, const char *magic, uint32_t *hdr, size_t k, const char *name, struct errinfo *e)
{
	char mg[8];
	int rc = read_exact(f, mg, 1, sizeof mg, name, e);
	if (!rc)
		rc = read_exact(f, hdr, sizeof *hdr, k, name, e);
	if (rc)
		return rc;
	if (memcmp(mg, magic, sizeof mg) != 0)
		return err_set(e, ERR_INVALID, name, "%s: not a bench_gen file (magic)", name);
	return 0;
}

int read_queries(const char *dir, uint32_t n, uint32_t *q, uint32_t max, uint32_t *nq, struct errinfo *e)
{
	FILE *f = bench_open(dir, "queries.txt", "r", e);
	if (!f)
		return ERR_IO;
	int rc = 0;
	unsigned long v;
	*nq = 0;
	while (!rc && fscanf(f, "%lu", &v) == 1) {
		if (*nq == max || v >= n)
			rc = err_set(e, ERR_INVALID, "queries.txt", "query %lu out of range or too many", v);
		else
			q[(*nq)++] = (uint32_t)v;
	}
	if (!rc && *nq == 0)
		rc = err_set(e, ERR_INVALID, "queries.txt", "no query nodes");
	fclose(f);
	return rc;
}
