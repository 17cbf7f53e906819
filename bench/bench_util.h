/*
 * bench_util.h — what the benchmark drivers (bench_graph, bench_sector)
 * share: the clock, the peak memory, medians, and reading the files
 * bench_gen writes (formats in bench/README.md).
 */
#ifndef SKJOLD_BENCH_UTIL_H
#define SKJOLD_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* Seconds from clock_gettime(CLOCK_MONOTONIC). */
double now_s(void);
/*
 * Peak resident set size so far, in MB, from getrusage (Linux reports
 * ru_maxrss in KiB).  Caveat: Linux carries the parent's high-water mark
 * over fork and exec, so when started from a larger process (bench/run is
 * Python) this is at least that process's peak; see peak_hwm_mb.
 */
double peak_rss_mb(void);
/*
 * The same peak for this program image only: VmHWM from /proc/self/status
 * (KiB), which starts afresh at exec.  Falls back to ru_maxrss.
 */
double peak_hwm_mb(void);
/* Median of n > 0 values; sorts x ascending. */
double median(double *x, uint32_t n);

/* DIR/NAME opened with mode; NULL and ERR_IO naming the file when it cannot be. */
FILE *bench_open(const char *dir, const char *name, const char *mode, struct errinfo *e);
int read_exact(FILE *f, void *p, size_t size, size_t count, const char *name, struct errinfo *e);
int write_all(FILE *f, const void *p, size_t size, size_t count, const char *name, struct errinfo *e);
/* An 8-byte magic and k uint32 header words. */
int read_header(FILE *f, const char *magic, uint32_t *hdr, size_t k, const char *name, struct errinfo *e);
/* DIR/queries.txt: 1..max node numbers, each below n, into q. */
int read_queries(const char *dir, uint32_t n, uint32_t *q, uint32_t max, uint32_t *nq, struct errinfo *e);

#endif
