/*
 * pg.c — the PostgreSQL storage backend (libpq).
 *
 * The domain calls are sqlstore.c's, shared with the SQLite backend; this
 * file is their struct sql_driver for PostgreSQL.  --db takes a URL
 * (postgresql://…, postgres://…) or a libpq key=value string ("host=/run
 * dbname=skjold"); SKJOLD_DB the same.
 *
 * Schema: the numbered migrations src/store/sql/pg/NNN_*.sql, the same
 * tables, keys, cascades and audit-log triggers as SQLite's in PostgreSQL's
 * types, tracked in schema_version and applied at open in one transaction
 * under an advisory lock, so two processes opening a new database at once
 * do not both migrate it.
 *
 * Statements: src/store/sql/pg/queries.sql, the same names as SQLite's,
 * each prepared on the connection at first use.  Results come as text (a
 * bytea as \x hex); a hash is sent as a binary parameter.
 *
 * Transactions: the outermost begin takes a transaction-level advisory
 * lock, the counterpart of SQLite's BEGIN IMMEDIATE: one writing
 * transaction at a time, so what it reads is what it writes over.  Waiting
 * for it ends after STORE_BUSY_TIMEOUT_MS (lock_timeout), and a lock
 * timeout, a serialisation failure or a deadlock is ERR_BUSY, as SQLite's
 * SQLITE_BUSY is.  Inner levels are savepoints (sqlstore.c).  SQLite undoes
 * only the failed statement inside a transaction, PostgreSQL the whole
 * transaction; so inside one, each write runs under a savepoint of its own
 * and a failed write leaves the transaction as it was, as in SQLite.
 *
 * Bulk loads defer the foreign keys (all DEFERRABLE) to the commit instead
 * of switching them off as SQLite does: PostgreSQL's switch
 * (session_replication_role) needs a superuser.  A bulk load fails whole,
 * so its writes run without a savepoint each, and those that want no rows
 * back are pipelined as store_copy's loads are.
 *
 * store_copy's loads (skjold migrate) run in libpq's pipeline mode, without
 * a savepoint each: a copy fails whole (pipe_sync below).  A bulk load's
 * nodes and edges go by COPY into a temporary table and one INSERT … SELECT
 * each (sql/pg/bulk.sql, stage_row below).
 *
 * Tenancy twice (migration 7, sql/pg/007_rls.sql): after migrating, the
 * connection switches to the role skjold_app, which row-level security
 * binds, and before each statement the setting skjold.org holds the store's
 * scope as it is at that moment ('*' unscoped, else the ids of the
 * organisations it may read).  Inside a transaction it is set for the
 * transaction only (set_config(…, true)), between transactions for the
 * session, and only when it changes: the value on the connection is
 * tracked, and forgotten wherever a rollback may have undone it.  A call
 * store.c let through by mistake, or a statement without its organisation's
 * condition, then finds nothing of an organisation outside the scope.
 *
 * Several servers (migration 14, pgwatch.h): outside a transaction an
 * organisation's generation and a request's caller come from the process's
 * watch while it is live, and every committed write is followed by a
 * barrier that waits until every server's watch has applied it.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embed.h"
#include "pgwatch.h"
#include "sqlstore.h"

#define PG_DIR "src/store/sql/pg/"
#define PG_MAX_PARAMS 40
/* store_copy's loads sent in pipeline mode before their results are read (small: the results must
 * never fill the server's socket while it waits for us to read, nor our sends the other way) */
#define PG_PIPE_MAX 256
/* a bulk load's staged statements (sql/pg/bulk.sql), and the COPY data sent at a time */
#define PG_STAGES 2
#define PG_COPY_CHUNK 65536
/* advisory lock keys ("skjold" and a number) */
#define PG_LOCK_WRITE 0x736b6a6f6c6401LL
#define PG_LOCK_MIGRATE 0x736b6a6f6c6402LL
/* the role row-level security binds (007_rls.sql); the connection switches to it after migrating */
#define PG_APP_ROLE "skjold_app"

struct pg_store {
	struct sqlstore base;
	PGconn *conn;
	char *sql[Q_COUNT];     /* NUL-terminated copies of the named statements */
	bool prepared[Q_COUNT]; /* prepared on this connection as "qN" */
	bool write[Q_COUNT];    /* a write but a load: inside a transaction it runs under a savepoint */
	bool dml[Q_COUNT];      /* any write: run outside a transaction, a barrier follows it (pgwatch.h) */
	char session_sql[240];  /* the session's settings, again after a reconnect */
	char *scope_now;        /* skjold.org on the connection now (NULL: not known) */
	char *scope_session;    /* skjold.org between transactions (NULL: not known) */
	bool piping;            /* in pipeline mode: store_copy's loads are under way */
	bool bulk;              /* inside store_bulk_begin's transaction: all or nothing, so no savepoint per write */
	int piped;              /* loads sent since the last sync, their results not read */
	enum store_q pipe_q[PG_PIPE_MAX]; /* their statements, to name a failed one */
	char *stage_sql[PG_STAGES][3];    /* bulk.sql's stage, copy and merge of each staged statement */
	int staging;                      /* 1 + the stage whose COPY is open; 0: none */
	struct buf copy;                  /* COPY rows not sent yet */
};

/* The current row of a result; a bytea column is decoded into blob. */
struct sqlrow {
	PGresult *res;
	int row;
	unsigned char blob[64];
};

static const struct sql_driver pg_driver;
static int pipe_end(struct pg_store *s, struct errinfo *e);
static int stage_end(struct pg_store *s, bool merge, struct errinfo *e);
static int exec_as(struct pg_store *s, const char *sql, const char *what, struct errinfo *e);

/* The statements a bulk load stages, by their section in bulk.sql. */
static const struct {
	enum store_q q;
	const char *name;
} stages[PG_STAGES] = {{Q_NODE_PUT, "node"}, {Q_EDGE_PUT, "edge"}};

static struct pg_store *P(struct sqlstore *st)
{
	return (struct pg_store *)st;
}

/* Map a failed result (or a lost connection: res NULL) to enum err with a message naming what failed. */
static int fail(struct pg_store *s, const PGresult *res, const char *what, struct errinfo *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(s->conn);
	char first[512]; /* the message's first line */
	snprintf(first, sizeof first, "%.*s", (int)strcspn(msg, "\n"), msg);
	s->base.notnull = state && !strcmp(state, "23502");
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return sqlstore_err_busy(e);
	if (state && !strcmp(state, "23503"))
		return sqlstore_err_reference(e, what);
	/* integrity violations, and the audit log's triggers (RAISE EXCEPTION: P0001) */
	if (state && (!strncmp(state, "23", 2) || !strcmp(state, "P0001")))
		return err_setm(e, ERR_CONFLICT, "", "store.failed", "what", what, "error", first, NULL);
	if (state && !strcmp(state, "53200"))
		return err_setm(e, ERR_NOMEM, "", "store.nomem", "what", what, NULL);
	/* the connection is lost (a restart, a failover: 08xxx, 57P01-03, or no result at all): the
	 * server answers 503 and the next call opens it again; a COMMIT's outcome is then unknown */
	if (PQstatus(s->conn) == CONNECTION_BAD || (state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4))))
		return err_setm(e, ERR_BUSY, "", "store.unavailable", "what", what, "error", first, NULL);
	return err_setm(e, ERR_IO, "", "store.failed", "what", what, "error", first, NULL);
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType t = PQresultStatus(res);
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* ---- the scope row-level security reads (007_rls.sql) ---- */

/* What may have undone skjold.org's value on the connection. */
enum scope_loss {
	SCOPE_SAVEPOINT, /* a rollback to a savepoint: the value is not known */
	SCOPE_TX_END,    /* the transaction ended: its setting is gone, the session's holds */
	SCOPE_SESSION,   /* a new session: nothing is known */
};

static void scope_forget(struct pg_store *s, enum scope_loss loss)
{
	free(s->scope_now);
	s->scope_now = loss == SCOPE_TX_END && s->scope_session ? xstrdup(s->scope_session) : NULL;
	if (loss == SCOPE_SESSION) {
		free(s->scope_session);
		s->scope_session = NULL;
	}
}

/*
 * The store's scope as skjold.org's value: "*" unscoped, else an array
 * literal of the organisations it may read ({} for none), each id quoted
 * with its backslashes and double quotes escaped.  Malloc'ed.
 */
static char *scope_text(const struct store_scope *sc)
{
	if (!sc)
		return xstrdup("*");
	struct buf b = {0};
	buf_puts(&b, "{");
	bool first = true;
	for (size_t i = 0; i < sc->n; i++) {
		if (!(sc->grants[i].grant & STORE_GRANT_READ) || !sc->grants[i].org)
			continue;
		buf_puts(&b, first ? "\"" : ",\"");
		first = false;
		for (const char *c = sc->grants[i].org; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf_add(&b, "\\", 1);
			buf_add(&b, c, 1);
		}
		buf_puts(&b, "\"");
	}
	buf_puts(&b, "}");
	char *text = buf_finish(&b);
	return text ? text : xstrdup("{}"); /* too long for a buffer: nothing rather than everything */
}

/*
 * Make skjold.org the store's scope before a statement: for the transaction
 * when one is open, else for the session; one round trip, and only when it
 * differs from what the connection holds.
 */
static int scope_sync(struct pg_store *s, struct errinfo *e)
{
	char *want = scope_text(s->base.base.scope);
	if (s->scope_now && !strcmp(s->scope_now, want)) {
		free(want);
		return 0;
	}
	int rc = pipe_end(s, e); /* a query of its own: not inside store_copy's pipeline */
	if (rc) {
		free(want);
		return rc;
	}
	bool local = s->base.depth > 0;
	const char *vals[2] = {want, local ? "true" : "false"};
	PGresult *res = PQexecParams(s->conn, "SELECT set_config('skjold.org', $1, $2::boolean)", 2, NULL, vals,
				     NULL, NULL, 0);
	rc = result_ok(res) ? 0 : fail(s, res, "the organisation scope (skjold.org)", e);
	PQclear(res);
	free(s->scope_now);
	s->scope_now = rc ? NULL : want;
	if (rc)
		free(want);
	else if (!local) {
		free(s->scope_session);
		s->scope_session = xstrdup(want);
	}
	return rc;
}

/*
 * store_copy's loads go out in libpq's pipeline mode: sent without waiting,
 * their results read PG_PIPE_MAX at a time, so a row costs no round trip.
 * pipe_sync reads the results of those sent since the last sync and returns
 * the first failure, naming its statement (the server skips the rest of the
 * batch; the copy fails and its caller rolls back).  pipe_end does that and
 * leaves pipeline mode; every other use of the connection calls it first,
 * so nothing but the loads ever runs in pipeline mode.
 */
static int pipe_sync(struct pg_store *s, struct errinfo *e)
{
	int n = s->piped, rc = 0;
	s->piped = 0;
	if (PQpipelineSync(s->conn) != 1)
		return fail(s, NULL, "load", e);
	for (int i = 0;;) {
		PGresult *res = PQgetResult(s->conn);
		if (!res) { /* the end of one statement's results */
			if (PQstatus(s->conn) == CONNECTION_BAD)
				return rc ? rc : fail(s, NULL, "load", e);
			i++;
			continue;
		}
		ExecStatusType t = PQresultStatus(res);
		if (t == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			return rc;
		}
		if (!rc && !result_ok(res) && t != PGRES_PIPELINE_ABORTED)
			rc = fail(s, res, sqlfile_qnames[s->pipe_q[i < n ? i : 0]], e);
		PQclear(res);
	}
}

static int pipe_end(struct pg_store *s, struct errinfo *e)
{
	int rc0 = stage_end(s, true, e); /* a bulk load's COPY too: merged before anything else runs */
	if (rc0 || !s->piping)
		return rc0;
	int rc = s->piped ? pipe_sync(s, e) : 0;
	s->piping = false;
	if (PQexitPipelineMode(s->conn) != 1 && !rc)
		rc = fail(s, NULL, "load", e);
	return rc;
}

/* ---- a bulk load's nodes and edges through COPY (sql/pg/bulk.sql) ---- */

static int copy_send(struct pg_store *s, struct errinfo *e)
{
	int rc = 0;
	if (s->copy.len && PQputCopyData(s->conn, s->copy.p, (int)s->copy.len) != 1)
		rc = fail(s, NULL, "bulk load (COPY)", e);
	buf_reset(&s->copy);
	return rc;
}

/*
 * One row of staged statement k into its COPY (text format: tab-separated,
 * \N for NULL, backslash escapes), opening the COPY first when another one
 * or none is open.
 */
static int stage_row(struct pg_store *s, int k, const char *const *vals, int np, struct errinfo *e)
{
	if (s->staging != k + 1) {
		int rc = pipe_end(s, e); /* the other statement's COPY, or the pipelined writes before */
		if (rc || (rc = exec_as(s, s->stage_sql[k][0], "bulk load (staging table)", e)))
			return rc;
		PGresult *res = PQexec(s->conn, s->stage_sql[k][1]);
		if (PQresultStatus(res) != PGRES_COPY_IN)
			rc = fail(s, res, "bulk load (COPY)", e);
		PQclear(res);
		if (rc)
			return rc;
		s->staging = k + 1;
	}
	for (int i = 0; i < np; i++) {
		if (i)
			buf_add(&s->copy, "\t", 1);
		if (!vals[i]) {
			buf_add(&s->copy, "\\N", 2);
			continue;
		}
		for (const char *c = vals[i]; *c;) {
			size_t plain = strcspn(c, "\\\n\r\t");
			buf_add(&s->copy, c, plain);
			c += plain;
			if (!*c)
				break;
			char esc[2] = {'\\', *c == '\n' ? 'n' : *c == '\r' ? 'r' : *c == '\t' ? 't' : '\\'};
			buf_add(&s->copy, esc, 2);
			c++;
		}
	}
	buf_add(&s->copy, "\n", 1);
	return s->copy.len >= PG_COPY_CHUNK ? copy_send(s, e) : 0;
}

/* End the open COPY, if any, and with merge move its rows into their table; else abandon them. */
static int stage_end(struct pg_store *s, bool merge, struct errinfo *e)
{
	if (!s->staging)
		return 0;
	int k = s->staging - 1;
	s->staging = 0;
	int rc = merge ? copy_send(s, e) : 0;
	buf_reset(&s->copy);
	if (PQputCopyEnd(s->conn, merge && !rc ? NULL : "the bulk load was abandoned") != 1 && !rc)
		rc = fail(s, NULL, "bulk load (COPY)", e);
	PGresult *res;
	while ((res = PQgetResult(s->conn))) {
		if (!rc && merge && !result_ok(res))
			rc = fail(s, res, "bulk load (COPY)", e);
		PQclear(res);
	}
	if (!rc && merge) {
		res = PQexec(s->conn, s->stage_sql[k][2]);
		rc = result_ok(res) ? 0 : fail(s, res, sqlfile_qnames[stages[k].q], e);
		PQclear(res);
	}
	return rc;
}

/* Section name of bulk.sql ("node_stage"), NUL-terminated in the heap. */
static char *bulk_section(const char *text, const char *name, const char *part)
{
	char head[64];
	snprintf(head, sizeof head, "-- bulk: %s_%s\n", name, part);
	const char *p = strstr(text, head);
	if (!p)
		return NULL;
	p += strlen(head);
	const char *end = strstr(p, "\n-- bulk: ");
	size_t n = end ? (size_t)(end - p) : strlen(p);
	while (n && p[n - 1] == '\n')
		n--;
	char *sql = xmalloc(n + 1);
	memcpy(sql, p, n);
	sql[n] = 0;
	return sql;
}

static int load_stages(struct pg_store *s, struct errinfo *e)
{
	static const char *const parts[3] = {"stage", "copy", "merge"};
	const struct embedded_file *f = embed_find(PG_DIR "bulk.sql");
	if (!f)
		return err_setm(e, ERR_INTERNAL, "", "internal.not_embedded", "file", "pg/bulk.sql", NULL);
	for (int k = 0; k < PG_STAGES; k++)
		for (int i = 0; i < 3; i++)
			if (!(s->stage_sql[k][i] = bulk_section(f->data, stages[k].name, parts[i]))) {
				char section[64];
				snprintf(section, sizeof section, "%s_%s", stages[k].name, parts[i]);
				return err_setm(e, ERR_INTERNAL, "", "internal.no_section", "file", "pg/bulk.sql",
						"section", section, NULL);
			}
	return 0;
}

/*
 * A connection the server dropped (a restart, a failover) is opened again
 * between transactions, at the next call; inside one, the transaction is
 * lost and its calls fail.  The prepared statements went with the old
 * session, the settings are made again.
 */
static void revive(struct pg_store *s)
{
	if (PQstatus(s->conn) != CONNECTION_BAD || s->base.depth != 0)
		return;
	PQreset(s->conn);
	memset(s->prepared, 0, sizeof s->prepared);
	s->piping = false;
	s->piped = 0;
	s->staging = 0;
	buf_reset(&s->copy);
	scope_forget(s, SCOPE_SESSION);
	if (PQstatus(s->conn) == CONNECTION_OK)
		PQclear(PQexec(s->conn, s->session_sql));
}

/* Run statement text (one or several statements, no parameters); what names it in an error. */
static int exec_as(struct pg_store *s, const char *sql, const char *what, struct errinfo *e)
{
	revive(s);
	int rc = pipe_end(s, e);
	if (rc)
		return rc;
	PGresult *res = PQexec(s->conn, sql);
	rc = result_ok(res) ? 0 : fail(s, res, what, e);
	PQclear(res);
	return rc;
}

static int exec(struct pg_store *s, const char *sql, struct errinfo *e)
{
	return exec_as(s, sql, sql, e);
}

static int pg_exec(struct sqlstore *st, const char *sql, struct errinfo *e)
{
	if (!strncmp(sql, "ROLLBACK", 8)) { /* to a savepoint (sqlstore.c): it may undo a SET LOCAL */
		stage_end(P(st), false, NULL); /* and what a bulk load staged under it is abandoned, not merged */
		scope_forget(P(st), SCOPE_SAVEPOINT);
	}
	return exec(P(st), sql, e);
}

static int prepare(struct pg_store *s, enum store_q q, const char *name, struct errinfo *e)
{
	if (s->prepared[q])
		return 0;
	PGresult *res = PQprepare(s->conn, name, s->sql[q], 0, NULL);
	int rc = result_ok(res) ? 0 : fail(s, res, sqlfile_qnames[q], e);
	PQclear(res);
	s->prepared[q] = rc == 0;
	return rc;
}

static int pg_run(struct sqlstore *b, enum store_q q, const struct rowmap_value *p, int np, sql_row_fn row,
		  void *ctx, int64_t *changes, struct errinfo *e)
{
	struct pg_store *s = P(b);
	char name[16];
	snprintf(name, sizeof name, "q%d", (int)q);
	revive(s);
	/*
	 * a load inside a transaction is store_copy's, a write inside a bulk load (import-csv) that
	 * wants neither rows nor a count is one like it: pipelined; anything else reads their results first
	 */
	bool load = b->depth > 0 && (q >= Q_LOAD_ORG || (s->bulk && s->write[q] && !row && !changes));
	/* and a bulk load's nodes and edges go by COPY (stage_row) */
	int stage = -1;
	for (int k = 0; load && q < Q_LOAD_ORG && k < PG_STAGES; k++)
		if (stages[k].q == q)
			stage = k;
	int rc = (load && s->prepared[q]) || stage >= 0 ? 0 : pipe_end(s, e);
	if (rc || (stage < 0 && (rc = prepare(s, q, name, e))))
		return rc;
	ASSERT(np <= PG_MAX_PARAMS);
	const char *vals[PG_MAX_PARAMS];
	int lens[PG_MAX_PARAMS], fmts[PG_MAX_PARAMS];
	char nums[PG_MAX_PARAMS][32];
	for (int i = 0; i < np; i++) {
		vals[i] = NULL;
		lens[i] = 0;
		fmts[i] = 0;
		switch (p[i].cls) {
		case ROWMAP_NULL:
			break;
		case ROWMAP_C_TEXT:
			vals[i] = p[i].s; /* a record's strings and a formatted date are NUL-terminated */
			break;
		case ROWMAP_C_INT:
			snprintf(nums[i], sizeof nums[i], "%lld", (long long)p[i].i);
			vals[i] = nums[i];
			break;
		case ROWMAP_C_REAL:
			snprintf(nums[i], sizeof nums[i], "%.17g", p[i].d);
			vals[i] = nums[i];
			break;
		case ROWMAP_C_BLOB:
			vals[i] = p[i].s;
			lens[i] = (int)p[i].len;
			fmts[i] = 1;
			break;
		}
	}
	if (stage >= 0) /* under the scope the merge will run in (scope_sync ends the COPY only when it changes) */
		return (rc = scope_sync(s, e)) ? rc : stage_row(s, stage, vals, np, e);
	if ((rc = scope_sync(s, e)))
		return rc;
	if (load) {
		if (!s->piping && PQenterPipelineMode(s->conn) != 1)
			return fail(s, NULL, sqlfile_qnames[q], e);
		s->piping = true;
		if (PQsendQueryPrepared(s->conn, name, np, vals, lens, fmts, 0) != 1)
			return fail(s, NULL, sqlfile_qnames[q], e);
		s->pipe_q[s->piped++] = q;
		return s->piped == PG_PIPE_MAX ? pipe_sync(s, e) : 0;
	}
	bool guard = b->depth > 0 && s->write[q] && !s->bulk; /* a bulk load fails whole: no savepoint */
	if (guard && (rc = exec(s, "SAVEPOINT skjold_stmt", e)))
		return rc;
	PGresult *res = PQexecPrepared(s->conn, name, np, vals, lens, fmts, 0);
	if (!result_ok(res)) {
		rc = fail(s, res, sqlfile_qnames[q], e);
		if (guard)
			PQclear(PQexec(s->conn, "ROLLBACK TO SAVEPOINT skjold_stmt; RELEASE SAVEPOINT skjold_stmt"));
		PQclear(res);
		return rc;
	}
	if (guard && (rc = exec(s, "RELEASE SAVEPOINT skjold_stmt", e))) {
		PQclear(res);
		return rc;
	}
	int64_t changed = strtoll(PQcmdTuples(res), NULL, 10);
	if (changes)
		*changes = changed;
	/* the whole result is here: a row callback may run other statements on the connection */
	struct sqlrow r = {.res = res};
	for (int i = 0; row && !rc && i < PQntuples(res); i++) {
		r.row = i;
		rc = row(ctx, &r);
	}
	PQclear(res);
	if (b->depth == 0 && s->dml[q] && changed > 0) /* a write committed on its own: as pg_tx_commit's */
		pgwatch_barrier(s->conn);
	return rc;
}

static int pg_ncols(struct sqlrow *r)
{
	return PQnfields(r->res);
}

static const char *pg_colname(struct sqlrow *r, int i)
{
	return PQfname(r->res, i);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void pg_col(struct sqlrow *r, int i, enum rowmap_class cls, struct rowmap_value *v)
{
	memset(v, 0, sizeof *v);
	if (PQgetisnull(r->res, r->row, i))
		return;
	const char *t = PQgetvalue(r->res, r->row, i);
	v->cls = cls;
	switch (cls) {
	case ROWMAP_NULL:
		break;
	case ROWMAP_C_TEXT:
		v->s = t;
		v->len = (size_t)PQgetlength(r->res, r->row, i);
		break;
	case ROWMAP_C_INT:
		v->i = strtoll(t, NULL, 10);
		break;
	case ROWMAP_C_REAL:
		v->d = strtod(t, NULL);
		break;
	case ROWMAP_C_BLOB: {
		/* bytea's text form is "\x" and two hex digits a byte (bytea_output = hex, set at open) */
		size_t n = 0;
		if (t[0] == '\\' && t[1] == 'x')
			for (const char *h = t + 2; h[0] && h[1] && n < sizeof r->blob; h += 2) {
				int hi = hexval(h[0]), lo = hexval(h[1]);
				if (hi < 0 || lo < 0)
					break;
				r->blob[n++] = (unsigned char)(hi << 4 | lo);
			}
		v->s = (const char *)r->blob;
		v->len = n;
		break;
	}
	}
}

/* ---- transactions ---- */

static void pg_tx_rollback(struct sqlstore *st)
{
	stage_end(P(st), false, NULL);
	pipe_end(P(st), NULL);
	PQclear(PQexec(P(st)->conn, "ROLLBACK"));
	scope_forget(P(st), SCOPE_TX_END);
}

static int pg_tx_begin(struct sqlstore *st, struct errinfo *e)
{
	char sql[96];
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)", PG_LOCK_WRITE);
	int rc = exec(P(st), sql, e);
	if (rc)
		pg_tx_rollback(st);
	return rc;
}

static int pg_tx_commit(struct sqlstore *st, struct errinfo *e)
{
	struct pg_store *s = P(st);
	int rc = pipe_end(s, e);
	if (rc) {
		pg_tx_rollback(st);
		return rc;
	}
	PGresult *res = PQexec(s->conn, "COMMIT");
	scope_forget(s, SCOPE_TX_END);
	if (!result_ok(res))
		rc = fail(s, res, "COMMIT", e);
	else if (!strcmp(PQcmdStatus(res), "ROLLBACK")) /* COMMIT of a failed transaction rolls it back */
		rc = err_setm(e, ERR_IO, "", "store.commit_failed", NULL);
	PQclear(res);
	if (rc)
		pg_tx_rollback(st);
	else
		pgwatch_barrier(s->conn); /* every server has it before our caller answers */
	return rc;
}

static int pg_bulk_begin(struct sqlstore *st, struct errinfo *e)
{
	int rc = sqlstore_begin(&st->base, e);
	if (!rc && (rc = exec(P(st), "SET CONSTRAINTS ALL DEFERRED", e)))
		sqlstore_rollback(&st->base);
	P(st)->bulk = rc == 0;
	if (!rc)
		sqlstore_whole(&st->base);
	return rc;
}

static int pg_bulk_end(struct sqlstore *st, int ok, struct errinfo *e)
{
	P(st)->bulk = false;
	if (!ok) {
		sqlstore_rollback(&st->base);
		return 0;
	}
	int rc = sqlstore_commit(&st->base, e);
	if (rc)
		sqlstore_rollback(&st->base);
	return rc;
}

/* ---- open, migrate, close ---- */

/* The first row's first column as an integer (0 when there is none). */
static int query_int(struct pg_store *s, const char *sql, int64_t *v, struct errinfo *e)
{
	revive(s);
	int rc = pipe_end(s, e);
	if (rc) {
		*v = 0;
		return rc;
	}
	PGresult *res = PQexec(s->conn, sql);
	rc = result_ok(res) ? 0 : fail(s, res, sql, e);
	*v = !rc && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return rc;
}

/*
 * Whether the schema is at (or past) the newest migration: the usual open,
 * which then takes no lock and creates nothing, so a role that may not
 * create tables (a member of skjold_app, not the schema's owner) opens it.
 */
static int schema_current(struct pg_store *s, int target, bool *current, struct errinfo *e)
{
	int64_t exists = 0, version = 0;
	int rc = query_int(s, "SELECT (to_regclass('schema_version') IS NOT NULL)::int", &exists, e);
	if (!rc && exists)
		rc = query_int(s, "SELECT max(version) FROM schema_version", &version, e);
	*current = !rc && exists && version >= target;
	return rc;
}

static int migrate(struct pg_store *s, struct errinfo *e)
{
	int target = sqlfile_migration_max(PG_DIR);
	bool current = false;
	int rc = schema_current(s, target, &current, e);
	if (rc || current)
		return rc;
	char sql[256];
	snprintf(sql, sizeof sql,
		 "BEGIN; SELECT pg_advisory_xact_lock(%lld); SELECT set_config('skjold.org', '*', true); "
		 "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_ms bigint NOT NULL)",
		 PG_LOCK_MIGRATE);
	int64_t version = 0;
	rc = exec(s, sql, e);
	if (!rc)
		rc = query_int(s, "SELECT max(version) FROM schema_version", &version, e);
	for (int n = (int)version + 1; n <= target && !rc; n++) {
		const char *mig = sqlfile_migration(PG_DIR, n);
		if (!mig) {
			rc = err_setm(e, ERR_INTERNAL, "", "internal.pg_migration_missing", "n", err_num((char[24]){0}, n), NULL);
			break;
		}
		char what[40];
		snprintf(what, sizeof what, "PostgreSQL migration %d", n);
		rc = exec_as(s, mig, what, e);
		snprintf(sql, sizeof sql,
			 "INSERT INTO schema_version VALUES (%d, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
			 n);
		if (!rc)
			rc = exec(s, sql, e);
	}
	if (rc) {
		PQclear(PQexec(s->conn, "ROLLBACK"));
		return rc;
	}
	return exec(s, "COMMIT", e);
}

/* ---- backup, restore, readiness ---- */

/*
 * skjold's backup file is a SQLite database (store.h: one store_inspect
 * reads, copied page by page with SQLite's online backup API), so backup
 * and restore are the SQLite backend's.  A PostgreSQL database is backed up
 * with PostgreSQL's own tools, which also cover the write-ahead log and
 * point-in-time recovery: pg_dump / pg_restore, or pg_basebackup.
 */
static int pg_backup(struct sqlstore *st, const char *path, struct errinfo *e)
{
	(void)st;
	(void)path;
	return err_setm(e, ERR_INVALID, "--db", "store.pg_backup", NULL);
}

static int pg_restore(struct sqlstore *st, const char *path, struct errinfo *e)
{
	(void)st;
	(void)path;
	return err_setm(e, ERR_INVALID, "--db", "store.pg_restore", NULL);
}

static int pg_schema(struct sqlstore *st, int *schema, int *schema_max, struct errinfo *e)
{
	int64_t v = 0;
	*schema_max = sqlfile_migration_max(PG_DIR);
	int rc = query_int(P(st), "SELECT max(version) FROM schema_version", &v, e);
	*schema = rc ? 0 : (int)v;
	return rc;
}

/* ---- the logical dump (dump.c) ---- */

/*
 * Every table the database holds must be dumped or left out on purpose, so a
 * migration that adds a table cannot leave it out of the checksum unnoticed.
 */
static int dump_tables_known(struct pg_store *s, struct errinfo *e)
{
	/* as sqlite.c's, and the migrations' own record */
	static const char *const left_out[] = {"audit_head", "org_generation", "login_throttle", "sso_pending",
					       "saml_request", "saml_assertion", "schema_version", "auth_generation"};
	PGresult *res = PQexec(s->conn, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
	int rc = result_ok(res) ? 0 : fail(s, res, "dump", e);
	for (int r = 0; !rc && r < PQntuples(res); r++)
		rc = sqlstore_dump_known(PQgetvalue(res, r, 0), left_out, sizeof left_out / sizeof left_out[0],
					 "pg/dump.sql", e);
	PQclear(res);
	return rc;
}

/* One pg/dump.sql statement's rows, checked against table t's columns. */
static int dump_table(struct pg_store *s, const char *sql, size_t t,
		      int (*row)(void *, size_t, const struct store_value *), void *ctx, struct errinfo *e)
{
	const struct store_dump_table *tb = &store_dump_tables[t];
	struct store_value v[32];
	unsigned char blob[32][64]; /* bytea values, decoded from their hex text */
	PGresult *res = PQexec(s->conn, sql);
	int rc = result_ok(res) ? 0 : fail(s, res, tb->name, e);
	if (!rc && (tb->ncols > sizeof v / sizeof v[0] || (size_t)PQnfields(res) != tb->ncols))
		rc = err_setm(e, ERR_INTERNAL, "", "internal.dump_columns", "file", "pg/dump.sql", "table", tb->name, NULL);
	for (size_t i = 0; !rc && i < tb->ncols; i++)
		if (strcmp(PQfname(res, (int)i), tb->cols[i].name))
			rc = err_setm(e, ERR_INTERNAL, "", "internal.dump_column", "file", "pg/dump.sql", "table", tb->name,
				      "column", err_num((char[24]){0}, (long long)i + 1), "got", PQfname(res, (int)i), "want",
				      tb->cols[i].name, NULL);
	for (int r = 0; !rc && r < PQntuples(res); r++) {
		struct sqlrow cur = {.res = res, .row = r};
		for (size_t i = 0; i < tb->ncols; i++) {
			int c = (int)i;
			v[i] = (struct store_value){.null = PQgetisnull(res, r, c)};
			if (v[i].null)
				continue;
			const char *text = PQgetvalue(res, r, c);
			switch (tb->cols[i].type) {
			case STORE_COL_INT:
				v[i].i = strtoll(text, NULL, 10);
				break;
			case STORE_COL_REAL:
				v[i].r = strtod(text, NULL);
				break;
			case STORE_COL_TEXT:
				v[i].p = text;
				v[i].len = (size_t)PQgetlength(res, r, c);
				break;
			case STORE_COL_BLOB: {
				struct rowmap_value b;
				pg_col(&cur, c, ROWMAP_C_BLOB, &b);
				memcpy(blob[i], b.s, b.len);
				v[i].p = blob[i];
				v[i].len = b.len;
				break;
			}
			}
		}
		rc = row(ctx, t, v);
	}
	PQclear(res);
	return rc;
}

/* The statements of pg/dump.sql in order, one per table, in one read-only snapshot. */
static int pg_dump(struct sqlstore *st, int (*row)(void *, size_t, const struct store_value *), void *ctx,
		   struct errinfo *e)
{
	struct pg_store *s = P(st);
	const struct embedded_file *f = embed_find(PG_DIR "dump.sql");
	if (!f)
		return err_setm(e, ERR_INTERNAL, "", "internal.not_embedded", "file", "pg/dump.sql", NULL);
	bool own = st->depth == 0; /* else the caller's transaction is the snapshot */
	int rc = pipe_end(s, e); /* the loads' results first (store_copy's census of its target) */
	if (!rc)
		rc = scope_sync(s, e); /* before the BEGIN: between transactions it is the session's */
	if (!rc && own)
		rc = exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
	if (rc)
		return rc;
	if ((rc = dump_tables_known(s, e)))
		goto out;
	size_t t = 0;
	for (const char *p = strstr(f->data, "-- dump: "); !rc && p;) {
		const char *name = p + 9;
		size_t name_len = strcspn(name, "\n");
		const char *body = name + name_len;
		const char *next = strstr(body, "\n-- dump: ");
		size_t body_len = next ? (size_t)(next - body) : strlen(body);
		if (t >= store_dump_ntables || strlen(store_dump_tables[t].name) != name_len ||
		    memcmp(store_dump_tables[t].name, name, name_len)) {
			char got[64];
			snprintf(got, sizeof got, "%.*s", (int)name_len, name);
			rc = t < store_dump_ntables
				     ? err_setm(e, ERR_INTERNAL, "", "internal.dump_place", "file", "pg/dump.sql", "table",
						got, "due", store_dump_tables[t].name, NULL)
				     : err_setm(e, ERR_INTERNAL, "", "internal.dump_after", "file", "pg/dump.sql", "table",
						got, NULL);
			break;
		}
		char *sql = xmalloc(body_len + 1);
		memcpy(sql, body, body_len);
		sql[body_len] = 0;
		rc = dump_table(s, sql, t++, row, ctx, e);
		free(sql);
		p = next ? next + 1 : NULL;
	}
	if (!rc && t != store_dump_ntables)
		rc = err_setm(e, ERR_INTERNAL, "", "internal.dump_count", "file", "pg/dump.sql", "statements",
			      err_num((char[24]){0}, (long long)t), "tables", err_num((char[24]){0}, (long long)store_dump_ntables), NULL);
out:
	if (own)
		PQclear(PQexec(s->conn, "ROLLBACK")); /* it only read */
	return rc;
}

/* The end of store_copy's loads: the results of the last batch, out of pipeline mode. */
static int pg_load_end(struct sqlstore *st, struct errinfo *e)
{
	return pipe_end(P(st), e);
}

static void pg_close(struct sqlstore *st)
{
	struct pg_store *s = P(st);
	stage_end(s, false, NULL);
	pipe_end(s, NULL);
	if (st->depth)
		PQclear(PQexec(s->conn, "ROLLBACK"));
	for (int i = 0; i < Q_COUNT; i++)
		free(s->sql[i]);
	for (int k = 0; k < PG_STAGES; k++)
		for (int i = 0; i < 3; i++)
			free(s->stage_sql[k][i]);
	buf_free(&s->copy);
	scope_forget(s, SCOPE_SESSION);
	PQfinish(s->conn);
	free(s);
}

/* Whether a statement writes: its first word after comment lines is not SELECT. */
static bool writes(const char *sql)
{
	while (*sql == '-' || *sql == '\n' || *sql == ' ' || *sql == '\t') {
		if (*sql == '-')
			sql += strcspn(sql, "\n");
		else
			sql++;
	}
	return strncmp(sql, "SELECT", 6) != 0;
}

static int load_queries(struct pg_store *s, struct errinfo *e)
{
	const char *sql[Q_COUNT];
	int len[Q_COUNT];
	int rc = sqlfile_queries(PG_DIR "queries.sql", sql, len, e);
	for (int i = 0; !rc && i < Q_COUNT; i++) {
		s->sql[i] = xmalloc((size_t)len[i] + 1);
		memcpy(s->sql[i], sql[i], (size_t)len[i]);
		s->sql[i][len[i]] = 0;
		/* store_copy's loads go without: one failed row fails the whole copy, which its caller rolls back,
		 * and the savepoint's two round trips would triple a migration's time */
		s->dml[i] = writes(s->sql[i]);
		s->write[i] = s->dml[i] && i < Q_LOAD_ORG;
	}
	return rc;
}

/*
 * From here on the connection runs as skjold_app, which row-level security
 * binds (a superuser, as whom the migrations may have run, passes every
 * policy); after a reconnect too.  The connecting role must be a member.
 */
static int become_app_role(struct pg_store *s, struct errinfo *e)
{
	PGresult *res = PQexec(s->conn, "SET ROLE " PG_APP_ROLE);
	int rc = 0;
	if (!result_ok(res)) {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		rc = err_setm(e, ERR_IO, "--db", "store.pg_role", "role", PG_APP_ROLE, "error", msg ? msg : "no message",
			      NULL);
	}
	PQclear(res);
	size_t used = strlen(s->session_sql);
	if (!rc)
		snprintf(s->session_sql + used, sizeof s->session_sql - used, "; SET ROLE " PG_APP_ROLE);
	return rc;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

bool pg_store_url(const char *url)
{
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return true;
	if (!strchr(url, '='))
		return false;
	/* a key=value string libpq accepts ("host=/run dbname=skjold"); a file name fails on its keyword */
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	if (!opts)
		return false;
	PQconninfoFree(opts);
	return true;
}

/*
 * sqlstore.c's calls, but for three that use the process's watch (pgwatch.h)
 * outside a transaction: an organisation's generation and a request's caller
 * from memory while the watch is live, and a session's idle clock moved in
 * the caller kept.  Inside a transaction the database answers, as it sees
 * the transaction's own writes.
 */
static struct store_ops pg_ops;
static pthread_once_t pg_ops_once = PTHREAD_ONCE_INIT;

static int pg_org_generation(struct store *st, const char *org, int64_t *gen, struct errinfo *e)
{
	if (((struct sqlstore *)st)->depth == 0 && pgwatch_org_gen(org, gen))
		return 0;
	return sqlstore_pg_ops.org_generation(st, org, gen, e);
}

static int pg_caller_get(struct store *st, bool token, const unsigned char hash[32], struct arena *a,
			 struct caller_rec **out, size_t *n, struct errinfo *e)
{
	bool outside = ((struct sqlstore *)st)->depth == 0;
	if (outside && pgwatch_caller_get(token, hash, a, out, n))
		return 0;
	uint64_t stamp = outside ? pgwatch_stamp() : 0; /* before the read: a change meanwhile moves it */
	int rc = sqlstore_pg_ops.caller_get(st, token, hash, a, out, n, e);
	if (!rc)
		pgwatch_caller_keep(stamp, token, hash, *out, *n);
	return rc;
}

static int pg_session_touch(struct store *st, const unsigned char hash[32], int64_t at_ms, struct errinfo *e)
{
	int rc = sqlstore_pg_ops.session_touch(st, hash, at_ms, e);
	if (!rc)
		pgwatch_session_touched(hash, at_ms);
	return rc;
}

static void pg_ops_init(void)
{
	pg_ops = sqlstore_pg_ops;
	pg_ops.org_generation = pg_org_generation;
	pg_ops.caller_get = pg_caller_get;
	pg_ops.session_touch = pg_session_touch;
}

int pg_store_open(const char *url, struct store **out, struct errinfo *e)
{
	struct pg_store *s = xcalloc(1, sizeof *s);
	pthread_once(&pg_ops_once, pg_ops_init);
	s->base.base.ops = &pg_ops;
	s->base.drv = &pg_driver;
	s->conn = PQconnectdb(url);
	int rc = 0;
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		const char *msg = s->conn ? PQerrorMessage(s->conn) : "out of memory";
		char first[512];
		snprintf(first, sizeof first, "%.*s", (int)strcspn(msg, "\n"), msg);
		rc = err_setm(e, ERR_IO, "--db", "store.pg_connect", "error", first, NULL);
		goto out;
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	snprintf(s->session_sql, sizeof s->session_sql,
		 "SET client_min_messages = warning; SET lock_timeout = %d; SET bytea_output = hex; "
		 "SET TIME ZONE 'UTC'",
		 STORE_BUSY_TIMEOUT_MS);
	if (!(rc = exec(s, s->session_sql, e)) && !(rc = load_queries(s, e)) && !(rc = load_stages(s, e)) &&
	    !(rc = migrate(s, e)))
		rc = become_app_role(s, e);
	if (rc && e && strstr(e->message, "permission denied") && !strstr(e->message, PG_APP_ROLE)) {
		struct errinfo denied = *e; /* the same error, with the way out */
		err_clear(e);
		err_setm_in(e, denied.code, denied.field, &denied, "store.pg_permission", "app_role", PG_APP_ROLE, NULL);
	}
out:
	if (rc) {
		if (e && !e->field[0])
			snprintf(e->field, sizeof e->field, "--db");
		pg_close(&s->base);
		return rc;
	}
	*out = &s->base.base;
	return 0;
}

static const struct sql_driver pg_driver = {
	.run = pg_run,
	.ncols = pg_ncols,
	.colname = pg_colname,
	.col = pg_col,
	.close = pg_close,
	.tx_begin = pg_tx_begin,
	.tx_commit = pg_tx_commit,
	.tx_rollback = pg_tx_rollback,
	.exec = pg_exec,
	.bulk_begin = pg_bulk_begin,
	.bulk_end = pg_bulk_end,
	.backup = pg_backup,
	.restore = pg_restore,
	.schema = pg_schema,
	.dump = pg_dump,
	.load_end = pg_load_end,
};
