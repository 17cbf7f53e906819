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

#include "embed.h"
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
		return err_setm(e, ERR_CONFLICT, "", "store.failed", "what", what, "error", msg, NULL);
	}
	if (rc == SQLITE_NOMEM)
		return err_setm(e, ERR_NOMEM, "", "store.nomem", "what", what, NULL);
	return err_setm(e, ERR_IO, "", "store.failed", "what", what, "error", msg, NULL);
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
		return err_setm(e, ERR_INTERNAL, "", "internal.bulk_outermost", NULL);
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
		if (!(rc = sqlstore_begin(st, e)))
			sqlstore_whole(st);
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


/* ---- the logical dump (dump.c) ---- */

/*
 * Every table the database holds must be dumped or left out on purpose, so a
 * migration that adds a table cannot leave it out of the checksum unnoticed.
 */
static int sq_dump_tables_known(struct sqlite_store *s, struct errinfo *e)
{
	/* derived from the audit rows (dump.sql), and the login throttle: transient, not data */
	static const char *const left_out[] = {"audit_head", "org_generation", "login_throttle", "sso_pending",
					       "saml_request", "saml_assertion"};
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "dump", e);
	int err = 0;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		err = sqlstore_dump_known((const char *)sqlite3_column_text(st, 0), left_out,
					  sizeof left_out / sizeof left_out[0], "dump.sql", e);
	}
	if (!err && rc != SQLITE_DONE)
		err = fail(s, rc, "dump", e);
	sqlite3_finalize(st);
	return err;
}

/* One dump.sql statement's rows, checked against table t's columns. */
static int sq_dump_table(struct sqlite_store *s, sqlite3_stmt *st, size_t t,
			 int (*row)(void *, size_t, const struct store_value *), void *ctx, struct errinfo *e)
{
	const struct store_dump_table *tb = &store_dump_tables[t];
	struct store_value v[32];
	if (tb->ncols > sizeof v / sizeof v[0] || (size_t)sqlite3_column_count(st) != tb->ncols)
		return err_setm(e, ERR_INTERNAL, "", "internal.dump_columns", "file", "dump.sql", "table", tb->name, NULL);
	for (size_t i = 0; i < tb->ncols; i++)
		if (strcmp(sqlite3_column_name(st, (int)i), tb->cols[i].name))
			return err_setm(e, ERR_INTERNAL, "", "internal.dump_column", "file", "dump.sql", "table", tb->name,
					"column", err_num((char[24]){0}, (long long)i + 1), "got", sqlite3_column_name(st, (int)i),
					"want", tb->cols[i].name, NULL);
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < tb->ncols; i++) {
			int c = (int)i;
			v[i] = (struct store_value){.null = sqlite3_column_type(st, c) == SQLITE_NULL};
			if (v[i].null)
				continue;
			switch (tb->cols[i].type) {
			case STORE_COL_INT:
				v[i].i = sqlite3_column_int64(st, c);
				break;
			case STORE_COL_REAL:
				v[i].r = sqlite3_column_double(st, c);
				break;
			case STORE_COL_TEXT:
				v[i].p = sqlite3_column_text(st, c);
				v[i].len = (size_t)sqlite3_column_bytes(st, c);
				break;
			case STORE_COL_BLOB:
				v[i].p = sqlite3_column_blob(st, c);
				v[i].len = (size_t)sqlite3_column_bytes(st, c);
				break;
			}
		}
		err = row(ctx, t, v);
	}
	if (!err && rc != SQLITE_DONE)
		err = fail(s, rc, "dump", e);
	return err;
}

/* The statements of dump.sql in order, one per table, inside one read transaction. */
static int sq_dump(struct sqlstore *stp, int (*row)(void *, size_t, const struct store_value *), void *ctx,
		   struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	const struct embedded_file *f = embed_find("src/store/sql/dump.sql");
	if (!f)
		return err_setm(e, ERR_INTERNAL, "", "internal.not_embedded", "file", "dump.sql", NULL);
	bool own = s->base.depth == 0; /* else the caller's transaction is the snapshot */
	int rc = own ? exec(s, "BEGIN", e) : 0;
	if (rc)
		return rc;
	if ((rc = sq_dump_tables_known(s, e)))
		goto out;
	const char *p = f->data, *end = f->data + f->len;
	size_t t = 0;
	while (!rc && p < end) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		int src = sqlite3_prepare_v2(s->db, p, (int)(end - p), &st, &tail);
		if (src != SQLITE_OK) {
			rc = fail(s, src, "dump.sql", e);
			break;
		}
		p = tail;
		if (!st)
			break; /* only comments were left */
		if (t >= store_dump_ntables)
			rc = err_setm(e, ERR_INTERNAL, "", "internal.dump_extra", "file", "dump.sql", NULL);
		else
			rc = sq_dump_table(s, st, t++, row, ctx, e);
		sqlite3_finalize(st);
	}
	if (!rc && t != store_dump_ntables)
		rc = err_setm(e, ERR_INTERNAL, "", "internal.dump_count", "file", "dump.sql", "statements",
			      err_num((char[24]){0}, (long long)t), "tables", err_num((char[24]){0}, (long long)store_dump_ntables), NULL);
out:
	if (own)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); /* it only read */
	return rc;
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
			rc = err_setm(e, ERR_INTERNAL, "", "internal.migration_missing", "n", err_num((char[24]){0}, n), NULL);
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
		/* a missing folder, a folder, no permission: the --db value is wrong (exit 2) */
		err_setm(e, s->db ? ERR_INVALID : ERR_NOMEM, "--db", "store.open", "path", path, "error",
			 s->db ? sqlite3_errmsg(s->db) : "out of memory", NULL);
		rc = s->db ? ERR_INVALID : ERR_NOMEM;
		sq_close(&s->base);
		return rc;
	}
	sqlite3_busy_handler(s->db, busy_wait, s);
	sqlite3_extended_result_codes(s->db, 1);
	/* The first statement reads the file: one that is not a database, or that
	 * cannot be read, is named as the --db value it came from. */
	rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int code = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? ERR_BUSY : ERR_INVALID;
		err_setm(e, code, "--db", "store.open", "path", path, "error", sqlite3_errmsg(s->db), NULL);
		sq_close(&s->base);
		return code;
	}
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

/* ---- backup and restore (issue 16) ---- */

/*
 * How far a restore lifts every organisation's write generation above what
 * it read in the target.  A server writing beside the restore keeps raising
 * the target's generations between that read and the moment the copy takes
 * the write lock (at most STORE_BUSY_TIMEOUT_MS later); each such write is a
 * committed, synced transaction, and 2^32 of them in that window cannot
 * happen, so no generation a server cached before the copy comes back.
 */
#define RESTORE_GEN_GAP ((sqlite3_int64)1 << 32)

/* The newest migration embedded in this build. */
static int schema_newest(void)
{
	return sqlfile_migration_max("src/store/sql/");
}

/* The statement named name in src/store/sql/backup.sql, as text and length. */
static int backup_sql(const char *name, const char **sql, int *len, struct errinfo *e)
{
	const struct embedded_file *f = embed_find("src/store/sql/backup.sql");
	char tag[64];
	snprintf(tag, sizeof tag, "-- name: %s\n", name);
	const char *p = f ? strstr(f->data, tag) : NULL;
	if (!p)
		return err_setm(e, ERR_INTERNAL, "", "internal.no_statement", "file", "backup.sql", "statement", name, NULL);
	p += strlen(tag);
	const char *end = strstr(p, "\n-- name: ");
	*sql = p;
	*len = end ? (int)(end - p) : (int)strlen(p);
	return 0;
}

/* Run backup.sql's statement name on db with ?1 bound to v (when it has one); one row's first column into *row. */
static int backup_run(sqlite3 *db, const char *name, sqlite3_int64 v, sqlite3_int64 *row, struct errinfo *e)
{
	const char *sql = NULL;
	int len = 0;
	sqlite3_stmt *st = NULL;
	int rc = backup_sql(name, &sql, &len, e);
	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(db, sql, len, &st, NULL);
	if (rc == SQLITE_OK) {
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, v);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && row)
			*row = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return err_setm(e, rc == SQLITE_BUSY ? ERR_BUSY : ERR_IO, "", "store.failed", "what", name, "error",
			sqlite3_errmsg(db), NULL);
}

/*
 * Copy the whole main database of src over dst's with SQLite's online
 * backup, all pages in one step: dst's write lock is held from the first
 * page to the commit, and src is read in one read transaction, so the copy
 * is one consistent instant of src and lands in dst at once.  A lock held
 * by another connection is waited for (the connections' busy handlers,
 * then here) up to STORE_BUSY_TIMEOUT_MS.
 */
static int copy_db(sqlite3 *dst, sqlite3 *src, const char *what, struct errinfo *e)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return err_setm(e, ERR_IO, "", "store.failed", "what", what, "error", sqlite3_errmsg(dst), NULL);
	int rc, waited_ms = 0;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (waited_ms >= STORE_BUSY_TIMEOUT_MS)
			break;
		struct timespec nap = {0, 5000000L};
		nanosleep(&nap, NULL);
		waited_ms += 5;
	}
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return err_setm(e, ERR_BUSY, "", "store.locked", "what", what, "seconds",
				err_num((char[24]){0}, STORE_BUSY_TIMEOUT_MS / 1000), NULL);
	return err_setm(e, ERR_IO, "", "store.failed", "what", what, "error", sqlite3_errstr(rc), NULL);
}

/* Open the other side of a copy (a backup's file, a restore's working copy); *db is closed by the caller. */
static int open_side(struct sqlite_store *s, const char *path, int flags, sqlite3 **db, struct errinfo *e)
{
	if (s->base.depth)
		return err_setm(e, ERR_INTERNAL, "", "internal.backup_in_tx", NULL);
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | flags, NULL) != SQLITE_OK)
		return err_setm(e, ERR_IO, "", "store.open_file", "path", path, "error",
				*db ? sqlite3_errmsg(*db) : "out of memory", NULL);
	sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
	return 0;
}

static int sq_backup(struct sqlstore *stp, const char *path, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3 *dst = NULL;
	int rc = open_side(s, path, SQLITE_OPEN_CREATE, &dst, e);
	if (rc)
		goto out;
	if (sqlite3_exec(dst, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK) {
		rc = err_setm(e, ERR_IO, "", "store.failed", "what", path, "error", sqlite3_errmsg(dst), NULL);
		goto out;
	}
	if ((rc = copy_db(dst, s->db, "backup", e)))
		goto out;
	/* the copy carries the source's WAL flag: make the file whole by itself (rollback journal, nothing beside it) */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_setm(e, ERR_IO, "", "store.failed", "what", path, "error", sqlite3_errmsg(dst), NULL);
out:
	if (sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = err_setm(e, ERR_IO, "", "store.close", "path", path, NULL);
	return rc;
}

static int sq_restore(struct sqlstore *stp, const char *path, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3 *src = NULL;
	int rc = open_side(s, path, 0, &src, e);
	if (rc)
		goto out;
	/* the working copy's generations above the target's, so cached answers of the old content never match */
	char *attach = sqlite3_mprintf("ATTACH %Q AS old", s->path);
	int arc = attach ? sqlite3_exec(src, attach, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(attach);
	if (arc != SQLITE_OK) {
		rc = err_setm(e, ERR_IO, "", "store.generations", "error", sqlite3_errmsg(src), NULL);
		goto out;
	}
	if (!(rc = backup_run(src, "restore_gens_lift", RESTORE_GEN_GAP, NULL, e)))
		rc = backup_run(src, "restore_gens_merge", RESTORE_GEN_GAP, NULL, e);
	sqlite3_exec(src, "DETACH old", NULL, NULL, NULL);
	if (rc)
		goto out;
	rc = copy_db(s->db, src, "restore", e);
	s->base.cached_oid = 0;
	s->base.cached_org[0] = 0;
out:
	sqlite3_close(src);
	return rc;
}

static int sq_schema(struct sqlstore *stp, int *schema, int *schema_max, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	*schema = 0;
	*schema_max = schema_newest();
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*schema = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : fail(s, rc, "the database's schema version", e);
}

int sqlite_store_inspect(const char *path, struct store_file_info *out, struct errinfo *e)
{
	static const char magic[16] = "SQLite format 3";
	char head[16] = {0};
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 tables = 0;
	int rc = 0;
	memset(out, 0, sizeof *out);
	out->schema_max = schema_newest();
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_setm(e, ERR_INVALID, path, "store.cannot_open", "path", path, NULL);
	size_t got = fread(head, 1, sizeof head, f);
	if (!fseek(f, 0, SEEK_END))
		out->bytes = ftell(f);
	fclose(f);
	if (got != sizeof head || memcmp(head, magic, sizeof magic))
		return err_setm(e, ERR_INVALID, path, "store.not_sqlite", NULL);
	/* immutable: read the file as it is, without a lock, a journal or a WAL beside it */
	char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
	if (!uri)
		return err_setm(e, ERR_NOMEM, "", "error.nomem", NULL);
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (!v || strcmp(v, "ok")) {
			rc = err_setm(e, ERR_INVALID, path, "store.damaged", "detail", v ? v : "?", NULL);
			goto out;
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		rc = err_setm(e, ERR_INVALID, path, "store.not_whole", "error", db ? sqlite3_errmsg(db) : "out of memory",
			      NULL);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		out->schema = sqlite3_column_int(st, 0);
	if ((rc = backup_run(db, "inspect_tables", 0, &tables, e)))
		goto out;
	if (out->schema < 1 || tables != 5)
		rc = err_setm(e, ERR_INVALID, path, "store.not_skjold", NULL);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
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
	.backup = sq_backup,
	.restore = sq_restore,
	.schema = sq_schema,
	.dump = sq_dump,
};
