/*
 * fuzz_common.c — the harnesses' shared fixtures (fuzz.h): the input as a C
 * string, the rules, the private copy of the fixture database and the CLI
 * adapter that runs a command against it and undoes what it wrote.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"

const int64_t fuzz_now_ms = 1793606400000; /* 2026-11-02T08:00:00Z */

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* Fail the whole run: a harness whose fixtures are missing tests nothing. */
__attribute__((noreturn)) static void die(const char *what, const struct errinfo *e)
{
	fprintf(stderr, "fuzz: %s: %s %s\n", what, e ? e->field : "", e ? e->message : "");
	abort();
}

const struct rules *fuzz_rules(void)
{
	static struct rules rs;
	static int loaded;
	if (!loaded) {
		struct errinfo e = {0};
		if (rules_load(&rs, NULL, &e))
			die("rules", &e);
		loaded = 1;
	}
	return &rs;
}

static char copy_path[64];

static void remove_copy(void)
{
	char side[80];
	unlink(copy_path);
	snprintf(side, sizeof side, "%s-wal", copy_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", copy_path);
	unlink(side);
}

const char *fuzz_db_copy(void)
{
	if (copy_path[0])
		return copy_path;
	const char *src = getenv("SKJOLD_FUZZ_DB");
	if (!src || !*src)
		src = "build/fuzz/fixture.db";
	FILE *in = fopen(src, "rb");
	if (!in)
		die("no fixture database (build it with make build/fuzz/fixture.db, or set SKJOLD_FUZZ_DB)", NULL);
	snprintf(copy_path, sizeof copy_path, "/tmp/skjold-fuzz-XXXXXX");
	int fd = mkstemp(copy_path);
	if (fd < 0)
		die("mkstemp", NULL);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (write(fd, buf, n) != (ssize_t)n)
			die("copying the fixture database", NULL);
	fclose(in);
	close(fd);
	atexit(remove_copy);
	return copy_path;
}

struct store *fuzz_store(void)
{
	static struct store *st;
	if (!st) {
		struct errinfo e = {0};
		if (store_open(fuzz_db_copy(), &st, &e))
			die("store_open", &e);
		store_shared(st);
	}
	return st;
}

void fuzz_begin(struct store *st)
{
	struct errinfo e = {0};
	if (store_begin(st, &e))
		die("store_begin", &e);
}

void fuzz_rollback(struct store *st)
{
	store_rollback(st);
	store_scope_set(st, NULL);
}

void fuzz_app_begin(struct fuzz_run *r)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->a);
	struct store *st = fuzz_store();
	r->app = (struct app){.st = st, .actor = "fuzz", .user = "fuzz", .now_ms = fuzz_now_ms,
			      .today = instant_cph_date(fuzz_now_ms), .a = &r->a, .e = &r->e};
	fuzz_begin(st);
}

void fuzz_app_end(struct fuzz_run *r, json_t *out)
{
	/* the answer as an adapter would render it */
	char *dump = out ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	free(dump);
	json_decref(out);
	fuzz_rollback(r->app.st);
	arena_free(&r->a);
}
