/*
 * fuzz.h — what the libFuzzer harnesses of tests/fuzz/ share
 * (docs/internals/fuzz.md).
 *
 * Harnesses that need a store work on a private copy of the fixture
 * database (build/fuzz/fixture.db, made by tests/fuzz/fixture.sh: the
 * example organisation, the example sector forum, a user), opened once per
 * process.  Every input runs inside one outer transaction that is rolled
 * back afterwards (fuzz_app_begin, fuzz_app_end), so no input sees what an
 * earlier one wrote and a finding reproduces from its input alone.
 */
#ifndef SKJOLD_FUZZ_H
#define SKJOLD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "rules.h"
#include "store/store.h"

/* The fixed clock of every harness: 2026-11-02T09:00:00+01:00 (the example forum's). */
extern const int64_t fuzz_now_ms;

/* A NUL-terminated heap copy of the input (free it). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* The shipped rules, loaded once. */
const struct rules *fuzz_rules(void);

/*
 * The path of the fixture database ($SKJOLD_FUZZ_DB, else build/fuzz/fixture.db),
 * copied once to a temporary file that is removed at exit; the copy's path.
 */
const char *fuzz_db_copy(void);

/* The store on fuzz_db_copy (shared, so a bulk load nests), opened once; aborts when it cannot. */
struct store *fuzz_store(void);

/* Begin the outer transaction of one input on st; undo it with fuzz_rollback. */
void fuzz_begin(struct store *st);
void fuzz_rollback(struct store *st);

/*
 * One use case of the application layer (app.h) on fuzz_store(), acting as
 * user fuzz at fuzz_now_ms, inside fuzz_begin/fuzz_rollback: fuzz_app_begin
 * fills r (r->app is the context), fuzz_app_end renders and releases the
 * use case's answer (NULL: none) and undoes every write.
 */
struct fuzz_run {
	struct arena a;
	struct errinfo e;
	struct app app;
};
void fuzz_app_begin(struct fuzz_run *r);
void fuzz_app_end(struct fuzz_run *r, json_t *out);

#endif
