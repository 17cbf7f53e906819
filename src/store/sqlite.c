/*
 * sqlite.c — the SQLite storage backend (the embedded default).
 *
 * The database runs in WAL mode with foreign keys on and synchronous=FULL,
 * so a committed write survives a crash or a power cut.  At open, the
 * numbered migrations embedded from src/store/sql/NNN_*.sql that the file has
 * not seen (PRAGMA user_version) are applied in one immediate transaction.
 *
 * The domain calls are sqlstore.c's, shared with the PostgreSQL backend;
 * this file is its struct sql_driver.  Every statement comes from
 * src/store/sql/queries.sql, split at its "-- name: X" lines; each is
 * prepared on first use and kept.  The outermost transaction is BEGIN
 * IMMEDIATE: a writer takes the lock up front rather than failing half-way.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sqlstore.h"

struct sqlite_store {
	struct sqlstore base;
	sqlite3 *db;
	char *path;
	bool bulk_journal;     /* this bulk load left WAL for the rollback journal */
	const char *sql[Q_COUNT];
	int sql_len[Q_COUNT];
	sqlite3_stmt *stmt[Q_COUNT];
	struct timespec busy_since; /* when the current wait for the write lock began */
};

static const struct sql_driver sqlite_driver;

static struct sqlite_store *S(struct sqlstore *st)
{
	return (struct sqlite_store *)st;
}

/*
 * The wait for another writer.  SQLite's own busy timeout backs off to one
 * try every 100 ms, so a shell command beside a server that writes back to
 * back finds the lock taken at every try and gives up after the timeout
 * while the server never paused for more than a moment.  This handler
 * tries again every millisecond or two (jittered, so two waiting processes
 * do not keep colliding) until STORE_BUSY_TIMEOUT_MS have passed.
 */
static int busy_wait(void *arg, int count)
{
	struct sqlite_store *s = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		s->busy_since = now;
	long long ms = (long long)(now.tv_sec - s->busy_since.tv_sec) * 1000 + (now.tv_nsec - s->busy_since.tv_nsec) / 1000000;
	if (ms >= STORE_BUSY_TIMEOUT_MS)
		return 0;
	struct timespec nap = {0, 1000000L + (long)(count % 7) * 150000L};
	nanosleep(&nap, NULL);
	return 1;
}

/* Map a SQLite result to enum err with a message naming what failed. */
static int fail(struct sqlite_store *s, int rc, const char *what, struct errinfo *e)
{
	const char *msg = sqlite3_errmsg(s->db);
	int ext = sqlite3_extended_errcode(s->db);
	s->base.notnull = ext == SQLITE_CONSTRAINT_NOTNULL;
	rc &= 0xff; /* extended result codes are on: compare the primary code */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return sqlstore_err_busy(e);
	if (rc == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return sqlstore_err_reference(e, what);
		return err_set(e, ERR_CONFLICT, "", "%s: %s", what, msg);
	}
	if (rc == SQLITE_NOMEM)
		return err_set(e, ERR_NOMEM, "", "%s: out of memory", what);
	return err_set(e, ERR_IO, "", "%s: %s", what, msg);
}

static int exec(struct sqlite_store *s, const char *sql, struct errinfo *e)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(s, rc, sql, e);
}

static int sq_exec(struct sqlstore *st, const char *sql, struct errinfo *e)
{
	return exec(S(st), sql, e);
}

static void bind_value(sqlite3_stmt *st, int i, const struct rowmap_value *v)
{
	switch (v->cls) {
	case ROWMAP_NULL:
		sqlite3_bind_null(st, i);
		break;
	case ROWMAP_C_TEXT:
		/* a formatted date lives in the value itself, which goes away before the statement runs */
		sqlite3_bind_text(st, i, v->s, (int)v->len, v->s == v->buf ? SQLITE_TRANSIENT : SQLITE_STATIC);
		break;
	case ROWMAP_C_INT:
		sqlite3_bind_int64(st, i, v->i);
		break;
	case ROWMAP_C_REAL:
		sqlite3_bind_double(st, i, v->d);
		break;
	case ROWMAP_C_BLOB:
		sqlite3_bind_blob(st, i, v->s, (int)v->len, SQLITE_STATIC);
		break;
	}
}

/*
 * Run statement q.  Each statement is prepared once and kept; one that is
 * still stepping (a row callback that runs the same statement again, as the
 * audit scan's callback may append and scan) gets a statement of its own.
 */
static int sq_run(struct sqlstore *b, enum store_q q, const struct rowmap_value *p, int np, sql_row_fn row,
		  void *ctx, int64_t *changes, struct errinfo *e)
{
	struct sqlite_store *s = S(b);
	sqlite3_stmt *st = NULL, *own = NULL;
	int rc;
	if (!s->stmt[q]) {
		rc = sqlite3_prepare_v3(s->db, s->sql[q], s->sql_len[q], SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc, sqlfile_qnames[q], e);
	}
	if (sqlite3_stmt_busy(s->stmt[q])) {
		rc = sqlite3_prepare_v2(s->db, s->sql[q], s->sql_len[q], &own, NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc, sqlfile_qnames[q], e);
		st = own;
	} else {
		st = s->stmt[q];
	}
	for (int i = 0; i < np; i++)
		bind_value(st, i + 1, &p[i]);
	int stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row && (stop = row(ctx, (struct sqlrow *)st)))
			break;
	if (!stop && rc != SQLITE_DONE)
		stop = fail(s, rc, sqlfile_qnames[q], e);
	else if (!stop && changes)
		*changes = sqlite3_changes(s->db);
	if (own) {
		sqlite3_finalize(own);
	} else {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return stop;
}

static int sq_ncols(struct sqlrow *r)
{
	return sqlite3_column_count((sqlite3_stmt *)r);
}

static const char *sq_colname(struct sqlrow *r, int i)
{
	return sqlite3_column_name((sqlite3_stmt *)r, i);
}

static void sq_col(struct sqlrow *r, int i, enum rowmap_class cls, struct rowmap_value *v)
{
	sqlite3_stmt *st = (sqlite3_stmt *)r;
	memset(v, 0, sizeof *v);
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	v->cls = cls;
	switch (cls) {
	case ROWMAP_NULL:
		break;
	case ROWMAP_C_TEXT:
		v->s = (const char *)sqlite3_column_text(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
		break;
	case ROWMAP_C_INT:
		v->i = sqlite3_column_int64(st, i);
		break;
	case ROWMAP_C_REAL:
		v->d = sqlite3_column_double(st, i);
		break;
	case ROWMAP_C_BLOB:
		v->s = sqlite3_column_blob(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
		break;
	}
}

/* ---- transactions ---- */

static int sq_tx_begin(struct sqlstore *st, struct errinfo *e)
{
	return exec(S(st), "BEGIN IMMEDIATE", e);
}

static int sq_tx_commit(struct sqlstore *st, struct errinfo *e)
{
	int rc = exec(S(st), "COMMIT", e);
	if (rc)
		sqlite3_exec(S(st)->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void sq_tx_rollback(struct sqlstore *st)
{
	sqlite3_exec(S(st)->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Did the last journal_mode switch take?  (The pragma answers the mode in force.) */
static bool journal_is_delete(struct sqlite_store *s)
{
	sqlite3_stmt *st = NULL;
	bool del = false;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		del = !strcmp((const char *)sqlite3_column_text(st, 0), "delete");
	sqlite3_finalize(st);
	return del;
}

static int sq_bulk_begin(struct sqlstore *b, struct errinfo *e)
{
	struct sqlite_store *s = S(b);
	struct store *st = &b->base;
	/*
	 * The server: other connections are open, so the journal mode stays and
	 * a bulk load is an ordinary transaction, which may nest (the fuzz
	 * harnesses run each input inside one they roll back).
	 */
	if (st->shared)
		return sqlstore_begin(st, e);
	if (b->depth != 0)
		return err_set(e, ERR_INTERNAL, "", "bulk load must open the outermost transaction");
	/*
	 * A bulk load runs under the rollback journal when it has the database
	 * to itself: WAL would write every new page twice (log, then
	 * checkpoint), the journal only the few existing pages it changes.
	 * Durability is the same (synchronous = FULL).  Leaving WAL needs every
	 * other connection closed, so the switch is tried once without waiting:
	 * while a server or another shell has the file open, the load runs as an
	 * ordinary WAL transaction beside them instead of failing.
	 */
	s->bulk_journal = false;
	int rc = exec(s, "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -524288", e);
	if (!rc) {
		sqlite3_busy_handler(s->db, NULL, NULL);
		s->bulk_journal = sqlite3_exec(s->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK &&
				  journal_is_delete(s);
		sqlite3_busy_handler(s->db, busy_wait, s);
		if (!s->bulk_journal)
			sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		rc = sqlstore_begin(st, e);
	}
	if (rc) {
		sqlstore_rollback(st);
		exec(s, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", NULL);
	}
	return rc;
}

static int sq_bulk_end(struct sqlstore *b, int ok, struct errinfo *e)
{
	struct sqlite_store *s = S(b);
	struct store *st = &b->base;
	int rc = 0;
	if (st->shared) {
		if (!ok) {
			sqlstore_rollback(st);
			return 0;
		}
		rc = sqlstore_commit(st, e);
		if (rc)
			sqlstore_rollback(st);
		return rc;
	}
	if (ok) {
		rc = sqlstore_commit(st, e);
		if (rc)
			sqlstore_rollback(st);
	} else {
		sqlstore_rollback(st);
	}
	/*
	 * Back to WAL: best effort, since the load has already committed (or
	 * rolled back) and a failure here must not report it as failed; every
	 * open sets WAL again.
	 */
	if (s->bulk_journal)
		sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	s->bulk_journal = false;
	int rc2 = exec(s, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", e);
	return rc ? rc : rc2;
}


/* ---- open, migrate, close ---- */

static int migrate(struct sqlite_store *s, struct errinfo *e)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	int rc = 0, target = sqlfile_migration_max("src/store/sql/");
	if (target <= version)
		return 0;
	rc = exec(s, "BEGIN IMMEDIATE", e);
	if (rc)
		return rc;
	for (int n = version + 1; n <= target && !rc; n++) {
		const char *mig = sqlfile_migration("src/store/sql/", n);
		if (!mig) {
			rc = err_set(e, ERR_INTERNAL, "", "migration %d is missing", n);
			break;
		}
		rc = exec(s, mig, e);
		if (!rc) {
			char pragma[64];
			snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
			rc = exec(s, pragma, e);
		}
	}
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(s, "COMMIT", e);
}

static void sq_close(struct sqlstore *st)
{
	struct sqlite_store *s = S(st);
	if (st->depth)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int sqlite_store_open(const char *path, struct store **out, struct errinfo *e)
{
	struct sqlite_store *s = xcalloc(1, sizeof *s);
	s->base.base.ops = &sqlstore_sqlite_ops;
	s->base.drv = &sqlite_driver;
	s->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, "--db", "cannot open database %s: %s", path,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sq_close(&s->base);
		return ERR_IO;
	}
	sqlite3_busy_handler(s->db, busy_wait, s);
	sqlite3_extended_result_codes(s->db, 1);
	rc = exec(s, "PRAGMA journal_mode = WAL", e);
	if (!rc)
		rc = exec(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", e);
	if (!rc)
		rc = sqlfile_queries("src/store/sql/queries.sql", s->sql, s->sql_len, e);
	if (!rc)
		rc = migrate(s, e);
	if (rc) {
		if (e && !e->field[0])
			snprintf(e->field, sizeof e->field, "--db");
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base.base;
	return 0;
}

static const struct sql_driver sqlite_driver = {
	.run = sq_run,
	.ncols = sq_ncols,
	.colname = sq_colname,
	.col = sq_col,
	.close = sq_close,
	.tx_begin = sq_tx_begin,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.exec = sq_exec,
	.bulk_begin = sq_bulk_begin,
	.bulk_end = sq_bulk_end,
};
