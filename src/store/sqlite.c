/*
 * sqlite.c — the SQLite storage backend (the embedded default).
 *
 * The database runs in WAL mode with foreign keys on and synchronous=FULL,
 * so a committed write survives a crash or a power cut.  At open, the
 * numbered migrations embedded from src/store/sql/NNN_*.sql that the file has
 * not seen (PRAGMA user_version) are applied in one immediate transaction.
 *
 * Every statement comes from src/store/sql/queries.sql, split at its
 * "-- name: X" lines; each is prepared on first use and kept.  Transactions
 * nest by counting: the outermost begin is BEGIN IMMEDIATE (a writer takes
 * the lock up front rather than failing half-way), the matching commit
 * commits, and any rollback ends the whole transaction.
 *
 * Organisations are bound by their id text and resolved to the integer key
 * once per call; a small cache remembers the last one.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "embed.h"
#include "store_impl.h"

enum q {
	Q_ORG_OID, Q_ORG_PUT, Q_ORG_GET, Q_ORG_LIST, Q_ORG_DELETE,
	Q_TABLE_GET, Q_TABLE_PUT, Q_MATRIX_LIST, Q_MATRIX_ADD,
	Q_NODE_PUT, Q_NODE_GET, Q_NODE_LIST, Q_NODE_DELETE, Q_NODE_IDS,
	Q_EDGE_PUT, Q_EDGE_GET, Q_EDGE_LIST, Q_EDGE_DELETE,
	Q_THREAT_PUT, Q_THREAT_GET, Q_THREAT_LIST, Q_THREAT_DELETE,
	Q_RISK_PUT, Q_RISK_GET, Q_RISK_LIST, Q_RISK_DELETE,
	Q_MEASURE_PUT, Q_MEASURE_GET, Q_MEASURE_LIST, Q_MEASURE_DELETE,
	Q_CHANGE_PUT, Q_CHANGE_GET, Q_CHANGE_LIST, Q_CHANGE_DELETE,
	Q_INCIDENT_PUT, Q_INCIDENT_GET, Q_INCIDENT_LIST, Q_INCIDENT_NODES_CLEAR, Q_INCIDENT_NODE_ADD,
	Q_INCIDENT_NODE_LIST, Q_SUBMISSION_ADD, Q_SUBMISSION_LIST, Q_INCIDENT_EVENT_ADD, Q_INCIDENT_EVENT_LIST,
	Q_AUDIT_APPEND, Q_AUDIT_HEAD, Q_AUDIT_SCAN,
	Q_USER_PUT, Q_USER_GET, Q_USER_GET_UID, Q_USER_LIST, Q_MEMBER_PUT, Q_MEMBER_DELETE, Q_MEMBER_LIST,
	Q_ORG_ACCESS_PURGE, Q_ORG_TOKEN_PURGE, Q_SESSION_PUT, Q_SESSION_GET, Q_SESSION_TOUCH, Q_SESSION_DELETE,
	Q_SESSION_DELETE_USER, Q_TOKEN_ADD, Q_TOKEN_GET, Q_TOKEN_LIST, Q_TOKEN_REVOKE, Q_ORG_GENERATION,
	Q_FORUM_PUT, Q_FORUM_LIST, Q_FORUM_DELETE, Q_FORUM_SETTINGS_PUT, Q_FMEMBER_PUT, Q_FMEMBER_LIST, Q_FSHARE_PUT, Q_FSHARE_LIST,
	Q_FSHARE_DELETE, Q_FITEM_PUT, Q_FITEM_GET, Q_FITEM_LIST, Q_FITEM_DELETE, Q_FORUM_ORG_PURGE,
	Q_FORUM_SHARE_PURGE, Q_FORUM_ITEM_PURGE, Q_FORUM_SECRETARIAT_PURGE,
	Q_COUNT
};

static const char *const qnames[Q_COUNT] = {
	"org_oid", "org_put", "org_get", "org_list", "org_delete",
	"table_get", "table_put", "matrix_list", "matrix_add",
	"node_put", "node_get", "node_list", "node_delete", "node_ids",
	"edge_put", "edge_get", "edge_list", "edge_delete",
	"threat_put", "threat_get", "threat_list", "threat_delete",
	"risk_put", "risk_get", "risk_list", "risk_delete",
	"measure_put", "measure_get", "measure_list", "measure_delete",
	"change_put", "change_get", "change_list", "change_delete",
	"incident_put", "incident_get", "incident_list", "incident_nodes_clear", "incident_node_add",
	"incident_node_list", "submission_add", "submission_list", "incident_event_add", "incident_event_list",
	"audit_append", "audit_head", "audit_scan",
	"user_put", "user_get", "user_get_uid", "user_list", "member_put", "member_delete", "member_list",
	"org_access_purge", "org_token_purge", "session_put", "session_get", "session_touch", "session_delete",
	"session_delete_user", "token_add", "token_get", "token_list", "token_revoke", "org_generation",
	"forum_put", "forum_list", "forum_delete", "forum_settings_put", "fmember_put", "fmember_list", "fshare_put", "fshare_list",
	"fshare_delete", "fitem_put", "fitem_get", "fitem_list", "fitem_delete", "forum_org_purge",
	"forum_share_purge", "forum_item_purge", "forum_secretariat_purge",
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char *path;
	int depth;             /* transaction nesting: 1 is the BEGIN, deeper levels are savepoints */
	bool bulk_journal;     /* this bulk load left WAL for the rollback journal */
	const char *sql[Q_COUNT];
	int sql_len[Q_COUNT];
	sqlite3_stmt *stmt[Q_COUNT];
	char cached_org[129];  /* last organisation id resolved */
	sqlite3_int64 cached_oid;
	struct timespec busy_since; /* when the current wait for the write lock began */
};

static const struct store_ops sqlite_ops;

static struct sqlite_store *S(struct store *st)
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
	rc &= 0xff; /* extended result codes are on: compare the primary code */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return err_set(e, ERR_BUSY, "",
			       "the database is busy: another writer held it for more than %d s; nothing was written, "
			       "try again",
			       STORE_BUSY_TIMEOUT_MS / 1000);
	if (rc == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return err_set(e, ERR_CONFLICT, "",
				       "%s: a reference to an object that does not exist, or a removal of an object "
				       "something still refers to",
				       what);
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

/* Split queries.sql into named statements; every name in qnames must be there. */
static int load_queries(struct sqlite_store *s, struct errinfo *e)
{
	const struct embedded_file *f = embed_find("src/store/sql/queries.sql");
	if (!f)
		return err_set(e, ERR_INTERNAL, "", "queries.sql is not embedded");
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (strncmp(p, "-- name: ", 9) == 0) {
			const char *name = p + 9;
			size_t name_len = (size_t)(line_end - name);
			const char *body = nl ? nl + 1 : end;
			const char *next = body;
			while (next < end && strncmp(next, "-- name: ", 9) != 0) {
				const char *n2 = memchr(next, '\n', (size_t)(end - next));
				next = n2 ? n2 + 1 : end;
			}
			for (int i = 0; i < Q_COUNT; i++) {
				if (strlen(qnames[i]) == name_len && memcmp(qnames[i], name, name_len) == 0) {
					s->sql[i] = body;
					s->sql_len[i] = (int)(next - body);
				}
			}
			p = next;
			continue;
		}
		p = nl ? nl + 1 : end;
	}
	for (int i = 0; i < Q_COUNT; i++)
		if (!s->sql[i])
			return err_set(e, ERR_INTERNAL, "", "queries.sql has no statement named %s", qnames[i]);
	return 0;
}

/* The prepared, reset statement for q. */
static int prep(struct sqlite_store *s, enum q q, sqlite3_stmt **out, struct errinfo *e)
{
	if (!s->stmt[q]) {
		int rc = sqlite3_prepare_v3(s->db, s->sql[q], s->sql_len[q], SQLITE_PREPARE_PERSISTENT, &s->stmt[q],
					    NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc, qnames[q], e);
	}
	sqlite3_reset(s->stmt[q]);
	sqlite3_clear_bindings(s->stmt[q]);
	*out = s->stmt[q];
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_date(sqlite3_stmt *st, int i, int32_t d)
{
	if (d == DATE_NONE) {
		sqlite3_bind_null(st, i);
		return;
	}
	char buf[11];
	date_format(d, buf);
	sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
}

static void bind_minutes(sqlite3_stmt *st, int i, int v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, v);
}

static const char *col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	const char *t = (const char *)sqlite3_column_text(st, i);
	return arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i));
}

static int32_t col_date(sqlite3_stmt *st, int i)
{
	int32_t d;
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!t || date_parse(t, &d))
		return DATE_NONE;
	return d;
}

static int col_minutes(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static int col_enum(sqlite3_stmt *st, int i, int (*parse)(const char *))
{
	int v = parse((const char *)sqlite3_column_text(st, i));
	return v < 0 ? 0 : v;
}

/* Run a statement that returns no rows. */
static int step_done(struct sqlite_store *s, sqlite3_stmt *st, enum q q, struct errinfo *e)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, qnames[q], e);
	return 0;
}

/* Resolve an organisation id to its integer key. */
static int org_oid(struct sqlite_store *s, const char *org, sqlite3_int64 *oid, struct errinfo *e)
{
	if (!org)
		return err_set(e, ERR_INVALID, "--org", "no organisation given");
	/* the cache holds only inside a transaction: between them another connection may replace the organisation */
	if (s->depth > 0 && s->cached_oid && strcmp(s->cached_org, org) == 0) {
		*oid = s->cached_oid;
		return 0;
	}
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_OID, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, org);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*oid = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (strlen(org) < sizeof s->cached_org) {
			snprintf(s->cached_org, sizeof s->cached_org, "%s", org);
			s->cached_oid = *oid;
		}
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, rc, "org lookup", e);
	return err_set(e, ERR_NOTFOUND, "--org", "no organisation with id '%s'", org);
}

/* Prepare q and bind the organisation's key as ?1. */
static int prep_org(struct sqlite_store *s, enum q q, const char *org, sqlite3_stmt **out, struct errinfo *e)
{
	sqlite3_int64 oid = 0;
	int rc = org_oid(s, org, &oid, e);
	if (rc)
		return rc;
	rc = prep(s, q, out, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(*out, 1, oid);
	return 0;
}

/*
 * A growable array of rows read into the caller's arena.  The arena cannot
 * grow an allocation in place, so rows collect in a heap buffer first and
 * are copied into the arena once, at the end.
 */
struct rows {
	void *data;
	size_t n, cap, size;
};

static void *rows_push(struct rows *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->data = xrealloc(r->data, r->cap * r->size);
	}
	void *p = (char *)r->data + r->n * r->size;
	memset(p, 0, r->size);
	r->n++;
	return p;
}

static void *rows_finish(struct rows *r, struct arena *a)
{
	void *out = arena_alloc(a, r->n * r->size + 1);
	if (r->n)
		memcpy(out, r->data, r->n * r->size);
	free(r->data);
	r->data = NULL;
	return out;
}

/* Read rows of a bound statement through fill; ERR_NOTFOUND when want_one and none. */
static int read_rows(struct sqlite_store *s, sqlite3_stmt *st, enum q q, struct arena *a, size_t size,
		     void (*fill)(struct arena *, sqlite3_stmt *, void *), void **out, size_t *n, struct errinfo *e)
{
	struct rows r = {.size = size};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fill(a, st, rows_push(&r));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(r.data);
		return fail(s, rc, qnames[q], e);
	}
	*n = r.n;
	*out = rows_finish(&r, a);
	return 0;
}

static int read_one(struct sqlite_store *s, sqlite3_stmt *st, enum q q, struct arena *a, size_t size,
		    void (*fill)(struct arena *, sqlite3_stmt *, void *), void *out, const char *what, const char *id,
		    struct errinfo *e)
{
	void *rows;
	size_t n;
	int rc = read_rows(s, st, q, a, size, fill, &rows, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "", "no %s with id '%s'", what, id);
	memcpy(out, rows, size);
	return 0;
}

/* Run a delete; ERR_NOTFOUND when it removed nothing. */
static int delete_one(struct sqlite_store *s, sqlite3_stmt *st, enum q q, const char *what, const char *id,
		      struct errinfo *e)
{
	int rc = step_done(s, st, q, e);
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "", "no %s with id '%s'", what, id);
	return 0;
}

/* ---- transactions ---- */

static int sq_begin(struct store *st, struct errinfo *e)
{
	struct sqlite_store *s = S(st);
	int rc;
	if (s->depth == 0) {
		rc = exec(s, "BEGIN IMMEDIATE", e);
	} else {
		char sql[48];
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", s->depth);
		rc = exec(s, sql, e);
	}
	if (rc)
		return rc;
	s->depth++;
	return 0;
}

static int sq_commit(struct store *st, struct errinfo *e)
{
	struct sqlite_store *s = S(st);
	if (s->depth == 0)
		return err_set(e, ERR_INTERNAL, "", "commit without a transaction (rolled back earlier)");
	if (--s->depth > 0) {
		char sql[48];
		snprintf(sql, sizeof sql, "RELEASE s%d", s->depth);
		return exec(s, sql, e);
	}
	s->cached_oid = 0;
	int rc = exec(s, "COMMIT", e);
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* An inner level undoes its own savepoint and leaves the outer levels open; the outermost ends it all. */
static void sq_rollback(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (s->depth > 1) {
		char sql[80];
		s->depth--;
		snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", s->depth, s->depth);
		if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			s->depth = 0;
		}
	} else if (s->depth == 1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->depth = 0;
	}
	s->cached_oid = 0; /* an organisation created inside may be gone */
}

static int sq_depth(struct store *st)
{
	return S(st)->depth;
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

static int sq_bulk_begin(struct store *st, struct errinfo *e)
{
	struct sqlite_store *s = S(st);
	/*
	 * The server: other connections are open, so the journal mode stays and
	 * a bulk load is an ordinary transaction, which may nest (the fuzz
	 * harnesses run each input inside one they roll back).
	 */
	if (st->shared)
		return sq_begin(st, e);
	if (s->depth != 0)
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
		rc = sq_begin(st, e);
	}
	if (rc) {
		sq_rollback(st);
		exec(s, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", NULL);
	}
	return rc;
}

static int sq_bulk_end(struct store *st, int ok, struct errinfo *e)
{
	struct sqlite_store *s = S(st);
	int rc = 0;
	if (st->shared) {
		if (!ok) {
			sq_rollback(st);
			return 0;
		}
		rc = sq_commit(st, e);
		if (rc)
			sq_rollback(st);
		return rc;
	}
	if (ok) {
		rc = sq_commit(st, e);
		if (rc)
			sq_rollback(st);
	} else {
		sq_rollback(st);
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

/* ---- organisations and tables ---- */

static void fill_org(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct org *o = out;
	o->id = col_text(a, st, 0);
	o->name = col_text(a, st, 1);
	o->kind = (enum org_kind)col_enum(st, 2, org_kind_parse);
	o->cvr = col_text(a, st, 3);
	o->lei = col_text(a, st, 4);
	o->nis2 = col_text(a, st, 5);
	o->dora = col_text(a, st, 6);
	o->psd2_psp = sqlite3_column_int(st, 7) != 0;
	o->trust_service = sqlite3_column_int(st, 8) != 0;
	o->risk_appetite = (enum level)sqlite3_column_int(st, 9);
	o->work_start_min = sqlite3_column_int(st, 10);
	o->work_end_min = sqlite3_column_int(st, 11);
	o->procedure_reviewed_on = col_date(st, 12);
	o->parent = col_text(a, st, 13);
	o->competent_authority = col_text(a, st, 14);
	o->contacts = col_text(a, st, 15);
	o->dora_relief_withdrawn = sqlite3_column_int(st, 16) != 0;
	o->dora_simplified_framework = sqlite3_column_int(st, 17) != 0;
}

static int sq_org_put(struct store *stp, const struct org *o, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, o->id);
	bind_text(st, 2, o->name);
	bind_text(st, 3, org_kind_name(o->kind));
	bind_text(st, 4, o->cvr);
	bind_text(st, 5, o->lei);
	bind_text(st, 6, o->nis2 ? o->nis2 : "none");
	bind_text(st, 7, o->dora);
	sqlite3_bind_int(st, 8, o->psd2_psp);
	sqlite3_bind_int(st, 9, o->trust_service);
	sqlite3_bind_int(st, 10, (int)o->risk_appetite);
	sqlite3_bind_int(st, 11, o->work_start_min);
	sqlite3_bind_int(st, 12, o->work_end_min);
	bind_date(st, 13, o->procedure_reviewed_on);
	bind_text(st, 14, o->parent);
	bind_text(st, 15, o->competent_authority);
	bind_text(st, 16, o->contacts);
	sqlite3_bind_int(st, 17, o->dora_relief_withdrawn);
	sqlite3_bind_int(st, 18, o->dora_simplified_framework);
	return step_done(s, st, Q_ORG_PUT, e);
}

static int sq_org_get(struct store *stp, const char *id, struct arena *a, struct org *out, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_GET, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, id);
	rc = read_one(s, st, Q_ORG_GET, a, sizeof *out, fill_org, out, "organisation", id, e);
	if (rc == ERR_NOTFOUND)
		snprintf(e->field, sizeof e->field, "--org");
	return rc;
}

static int sq_org_list(struct store *stp, struct arena *a, struct org **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_LIST, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_ORG_LIST, a, sizeof **out, fill_org, (void **)out, n, e);
}

static int sq_org_delete(struct store *stp, const char *id, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_ORG_DELETE, id, &st, e);
	if (rc)
		return rc;
	s->cached_oid = 0;
	return delete_one(s, st, Q_ORG_DELETE, "organisation", id, e);
}

static int sq_table_get(struct store *stp, const char *org, const char *name, struct arena *a, const char **json,
			struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_TABLE_GET, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, name);
	*json = NULL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*json = col_text(a, st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, rc, "table_get", e);
}

static int sq_table_put(struct store *stp, const char *org, const char *name, const char *json, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_TABLE_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, name);
	bind_text(st, 3, json);
	return step_done(s, st, Q_TABLE_PUT, e);
}

static void fill_matrix(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct matrix_version *m = out;
	m->version = sqlite3_column_int(st, 0);
	m->created_on = col_date(st, 1);
	m->cells = col_text(a, st, 2);
}

static int sq_matrix_list(struct store *stp, const char *org, struct arena *a, struct matrix_version **out,
			  size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_MATRIX_LIST, org, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_MATRIX_LIST, a, sizeof **out, fill_matrix, (void **)out, n, e);
}

static int sq_matrix_add(struct store *stp, const char *org, const struct matrix_version *mv, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_MATRIX_ADD, org, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 2, mv->version);
	bind_date(st, 3, mv->created_on);
	bind_text(st, 4, mv->cells);
	return step_done(s, st, Q_MATRIX_ADD, e);
}

/* ---- nodes ---- */

static void fill_node(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct node *x = out;
	x->id = col_text(a, st, 0);
	x->kind = (enum node_kind)col_enum(st, 1, node_kind_parse);
	x->name = col_text(a, st, 2);
	x->owner = col_text(a, st, 3);
	x->description = col_text(a, st, 4);
	x->criticality = (enum level)sqlite3_column_int(st, 5);
	x->override = (enum level)sqlite3_column_int(st, 6);
	x->override_reason = col_text(a, st, 7);
	x->critical_service = sqlite3_column_int(st, 8) != 0;
	x->personal_data = (enum pdata)col_enum(st, 9, pdata_parse);
	x->rto_minutes = col_minutes(st, 10);
	x->rpo_minutes = col_minutes(st, 11);
	x->last_assessed = col_date(st, 12);
	x->ref = col_text(a, st, 13);
	x->service_type = col_text(a, st, 14);
}

static int sq_node_put(struct store *stp, const char *org, const struct node *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_NODE_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->id);
	bind_text(st, 3, node_kind_name(x->kind));
	bind_text(st, 4, x->name);
	bind_text(st, 5, x->owner);
	bind_text(st, 6, x->description);
	sqlite3_bind_int(st, 7, (int)x->criticality);
	sqlite3_bind_int(st, 8, (int)x->override);
	bind_text(st, 9, x->override_reason);
	sqlite3_bind_int(st, 10, x->critical_service);
	bind_text(st, 11, pdata_name(x->personal_data));
	bind_minutes(st, 12, x->rto_minutes);
	bind_minutes(st, 13, x->rpo_minutes);
	bind_date(st, 14, x->last_assessed);
	bind_text(st, 15, x->ref);
	bind_text(st, 16, x->service_type);
	return step_done(s, st, Q_NODE_PUT, e);
}

/* get, list and delete by id look alike for every kind of object; one macro writes them. */
#define SQ_BY_ID(kind, QGET, QLIST, QDEL, what)                                                        \
	static int sq_##kind##_get(struct store *stp, const char *org, const char *id, struct arena *a, \
				   struct kind *out, struct errinfo *e)                                \
	{                                                                                              \
		struct sqlite_store *s = S(stp);                                                       \
		sqlite3_stmt *st = NULL;                                                                      \
		int rc = prep_org(s, QGET, org, &st, e);                                               \
		if (rc)                                                                                \
			return rc;                                                                     \
		bind_text(st, 2, id);                                                                  \
		return read_one(s, st, QGET, a, sizeof *out, fill_##kind, out, what, id, e);          \
	}                                                                                              \
	static int sq_##kind##_list(struct store *stp, const char *org, struct arena *a, struct kind **out, \
				    size_t *n, struct errinfo *e)                                      \
	{                                                                                              \
		struct sqlite_store *s = S(stp);                                                       \
		sqlite3_stmt *st = NULL;                                                                      \
		int rc = prep_org(s, QLIST, org, &st, e);                                              \
		if (rc)                                                                                \
			return rc;                                                                     \
		return read_rows(s, st, QLIST, a, sizeof **out, fill_##kind, (void **)out, n, e);    \
	}                                                                                              \
	static int sq_##kind##_delete(struct store *stp, const char *org, const char *id, struct errinfo *e) \
	{                                                                                              \
		struct sqlite_store *s = S(stp);                                                       \
		sqlite3_stmt *st = NULL;                                                                      \
		int rc = prep_org(s, QDEL, org, &st, e);                                               \
		if (rc)                                                                                \
			return rc;                                                                     \
		bind_text(st, 2, id);                                                                  \
		return delete_one(s, st, QDEL, what, id, e);                                           \
	}

SQ_BY_ID(node, Q_NODE_GET, Q_NODE_LIST, Q_NODE_DELETE, "node")

static int sq_node_ids(struct store *stp, const char *org, void (*fn)(void *, const char *, size_t), void *ctx,
		       struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_NODE_IDS, org, &st, e);
	if (rc)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, "node_ids", e);
}

/* ---- edges ---- */

static void fill_edge(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct edge *x = out;
	x->from = col_text(a, st, 0);
	x->to = col_text(a, st, 1);
	x->type = (enum edge_type)col_enum(st, 2, edge_type_parse);
	x->group = col_text(a, st, 3);
}

static int sq_edge_put(struct store *stp, const char *org, const struct edge *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_EDGE_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->from);
	bind_text(st, 3, x->to);
	bind_text(st, 4, edge_type_name(x->type));
	bind_text(st, 5, x->group);
	return step_done(s, st, Q_EDGE_PUT, e);
}

static int sq_edge_get(struct store *stp, const char *org, const char *from, const char *to, struct arena *a,
		       struct edge *out, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_EDGE_GET, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, from);
	bind_text(st, 3, to);
	char key[300];
	snprintf(key, sizeof key, "%s -> %s", from, to);
	return read_one(s, st, Q_EDGE_GET, a, sizeof *out, fill_edge, out, "edge", key, e);
}

static int sq_edge_list(struct store *stp, const char *org, struct arena *a, struct edge **out, size_t *n,
			struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_EDGE_LIST, org, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_EDGE_LIST, a, sizeof **out, fill_edge, (void **)out, n, e);
}

static int sq_edge_delete(struct store *stp, const char *org, const char *from, const char *to, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_EDGE_DELETE, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, from);
	bind_text(st, 3, to);
	char key[300];
	snprintf(key, sizeof key, "%s -> %s", from, to);
	return delete_one(s, st, Q_EDGE_DELETE, "edge", key, e);
}

/* ---- threats ---- */

static void fill_threat(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct threat *x = out;
	x->id = col_text(a, st, 0);
	x->name = col_text(a, st, 1);
	x->name_en = col_text(a, st, 2);
	x->category = col_text(a, st, 3);
	x->description = col_text(a, st, 4);
	x->level = sqlite3_column_int(st, 5);
	x->level_source = col_text(a, st, 6);
	x->level_date = col_date(st, 7);
}

static int sq_threat_put(struct store *stp, const char *org, const struct threat *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_THREAT_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->id);
	bind_text(st, 3, x->name);
	bind_text(st, 4, x->name_en);
	bind_text(st, 5, x->category);
	bind_text(st, 6, x->description);
	sqlite3_bind_int(st, 7, x->level);
	bind_text(st, 8, x->level_source);
	bind_date(st, 9, x->level_date);
	return step_done(s, st, Q_THREAT_PUT, e);
}

SQ_BY_ID(threat, Q_THREAT_GET, Q_THREAT_LIST, Q_THREAT_DELETE, "threat")

/* ---- risks ---- */

static void fill_risk(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct risk *x = out;
	x->id = col_text(a, st, 0);
	x->node = col_text(a, st, 1);
	x->threat = col_text(a, st, 2);
	x->title = col_text(a, st, 3);
	x->description = col_text(a, st, 4);
	x->assessed_on = col_date(st, 5);
	x->assessor = col_text(a, st, 6);
	x->owner = col_text(a, st, 7);
	x->threat_level = sqlite3_column_int(st, 8);
	x->resilience = sqlite3_column_int(st, 9);
	x->likelihood = sqlite3_column_int(st, 10);
	x->consequence.availability = sqlite3_column_int(st, 11);
	x->consequence.confidentiality = sqlite3_column_int(st, 12);
	x->consequence.integrity = sqlite3_column_int(st, 13);
	x->consequence.authenticity = sqlite3_column_int(st, 14);
	x->has_residual = sqlite3_column_int(st, 15) != 0;
	x->residual_likelihood = sqlite3_column_int(st, 16);
	x->residual.availability = sqlite3_column_int(st, 17);
	x->residual.confidentiality = sqlite3_column_int(st, 18);
	x->residual.integrity = sqlite3_column_int(st, 19);
	x->residual.authenticity = sqlite3_column_int(st, 20);
	x->decision = (enum decision)col_enum(st, 21, decision_parse);
	x->matrix_version = sqlite3_column_int(st, 22);
	x->accept_approver = col_text(a, st, 23);
	x->accept_role = (enum approver_role)col_enum(st, 24, approver_role_parse);
	x->accept_on = col_date(st, 25);
	x->accept_expires = col_date(st, 26);
	x->note = col_text(a, st, 27);
}

static int sq_risk_put(struct store *stp, const char *org, const struct risk *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_RISK_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->id);
	bind_text(st, 3, x->node);
	bind_text(st, 4, x->threat);
	bind_text(st, 5, x->title);
	bind_text(st, 6, x->description);
	bind_date(st, 7, x->assessed_on);
	bind_text(st, 8, x->assessor);
	bind_text(st, 9, x->owner);
	sqlite3_bind_int(st, 10, x->threat_level);
	sqlite3_bind_int(st, 11, x->resilience);
	sqlite3_bind_int(st, 12, x->likelihood);
	sqlite3_bind_int(st, 13, x->consequence.availability);
	sqlite3_bind_int(st, 14, x->consequence.confidentiality);
	sqlite3_bind_int(st, 15, x->consequence.integrity);
	sqlite3_bind_int(st, 16, x->consequence.authenticity);
	sqlite3_bind_int(st, 17, x->has_residual);
	sqlite3_bind_int(st, 18, x->residual_likelihood);
	sqlite3_bind_int(st, 19, x->residual.availability);
	sqlite3_bind_int(st, 20, x->residual.confidentiality);
	sqlite3_bind_int(st, 21, x->residual.integrity);
	sqlite3_bind_int(st, 22, x->residual.authenticity);
	bind_text(st, 23, decision_name(x->decision));
	sqlite3_bind_int(st, 24, x->matrix_version);
	bind_text(st, 25, x->accept_approver);
	bind_text(st, 26, x->accept_role ? approver_role_name(x->accept_role) : NULL);
	bind_date(st, 27, x->accept_on);
	bind_date(st, 28, x->accept_expires);
	bind_text(st, 29, x->note);
	return step_done(s, st, Q_RISK_PUT, e);
}

SQ_BY_ID(risk, Q_RISK_GET, Q_RISK_LIST, Q_RISK_DELETE, "risk")

/* ---- measures ---- */

static void fill_measure(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct measure *x = out;
	x->id = col_text(a, st, 0);
	x->risk = col_text(a, st, 1);
	x->kind = (enum measure_kind)col_enum(st, 2, measure_kind_parse);
	x->title = col_text(a, st, 3);
	x->owner = col_text(a, st, 4);
	x->description = col_text(a, st, 5);
	x->due = col_date(st, 6);
	x->status = (enum measure_status)col_enum(st, 7, measure_status_parse);
	x->effect = (enum effect_rating)col_enum(st, 8, effect_rating_parse);
	x->effect_evaluated_on = col_date(st, 9);
	x->effect_note = col_text(a, st, 10);
}

static int sq_measure_put(struct store *stp, const char *org, const struct measure *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_MEASURE_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->id);
	bind_text(st, 3, x->risk);
	bind_text(st, 4, measure_kind_name(x->kind));
	bind_text(st, 5, x->title);
	bind_text(st, 6, x->owner);
	bind_text(st, 7, x->description);
	bind_date(st, 8, x->due);
	bind_text(st, 9, measure_status_name(x->status));
	bind_text(st, 10, effect_rating_name(x->effect));
	bind_date(st, 11, x->effect_evaluated_on);
	bind_text(st, 12, x->effect_note);
	return step_done(s, st, Q_MEASURE_PUT, e);
}

SQ_BY_ID(measure, Q_MEASURE_GET, Q_MEASURE_LIST, Q_MEASURE_DELETE, "measure")

/* ---- changes ---- */

static void fill_change(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct change *x = out;
	x->id = col_text(a, st, 0);
	x->node = col_text(a, st, 1);
	x->kind = (enum change_kind)col_enum(st, 2, change_kind_parse);
	x->date = col_date(st, 3);
	x->description = col_text(a, st, 4);
}

static int sq_change_put(struct store *stp, const char *org, const struct change *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_CHANGE_PUT, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->id);
	bind_text(st, 3, x->node);
	bind_text(st, 4, change_kind_name(x->kind));
	bind_date(st, 5, x->date);
	bind_text(st, 6, x->description);
	return step_done(s, st, Q_CHANGE_PUT, e);
}

SQ_BY_ID(change, Q_CHANGE_GET, Q_CHANGE_LIST, Q_CHANGE_DELETE, "change")

/* ---- incidents ---- */

static void fill_incident(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct incident_rec *x = out;
	memset(x, 0, sizeof *x);
	x->id = col_text(a, st, 0);
	x->title = col_text(a, st, 1);
	x->status = col_text(a, st, 2);
	x->detected_ms = sqlite3_column_int64(st, 3);
	x->doc = col_text(a, st, 4);
	x->created_ms = sqlite3_column_int64(st, 5);
	x->updated_ms = sqlite3_column_int64(st, 6);
}

static int sq_incident_put(struct store *stp, const char *org, const struct incident_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = sq_begin(stp, e);
	if (rc)
		return rc;
	if ((rc = prep_org(s, Q_INCIDENT_PUT, org, &st, e)))
		goto out;
	bind_text(st, 2, x->id);
	bind_text(st, 3, x->title);
	bind_text(st, 4, x->status);
	sqlite3_bind_int64(st, 5, x->detected_ms);
	bind_text(st, 6, x->doc);
	sqlite3_bind_int64(st, 7, x->created_ms);
	sqlite3_bind_int64(st, 8, x->updated_ms);
	if ((rc = step_done(s, st, Q_INCIDENT_PUT, e)))
		goto out;
	if ((rc = prep_org(s, Q_INCIDENT_NODES_CLEAR, org, &st, e)))
		goto out;
	bind_text(st, 2, x->id);
	if ((rc = step_done(s, st, Q_INCIDENT_NODES_CLEAR, e)))
		goto out;
	for (size_t i = 0; i < x->nnodes; i++) {
		if ((rc = prep_org(s, Q_INCIDENT_NODE_ADD, org, &st, e)))
			goto out;
		bind_text(st, 2, x->id);
		bind_text(st, 3, x->nodes[i]);
		if ((rc = step_done(s, st, Q_INCIDENT_NODE_ADD, e)))
			goto out;
	}
out:
	if (rc) {
		sq_rollback(stp);
		return rc;
	}
	return sq_commit(stp, e);
}

static int sq_incident_get(struct store *stp, const char *org, const char *id, struct arena *a,
			   struct incident_rec *out, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_INCIDENT_GET, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, id);
	return read_one(s, st, Q_INCIDENT_GET, a, sizeof *out, fill_incident, out, "incident", id, e);
}

static int sq_incident_list(struct store *stp, const char *org, struct arena *a, struct incident_rec **out,
			    size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_INCIDENT_LIST, org, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_INCIDENT_LIST, a, sizeof **out, fill_incident, (void **)out, n, e);
}

static void fill_incident_node(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct incident_node_ref *x = out;
	x->incident = col_text(a, st, 0);
	x->node = col_text(a, st, 1);
	x->detected_ms = sqlite3_column_int64(st, 2);
}

static int sq_incident_nodes(struct store *stp, const char *org, struct arena *a, struct incident_node_ref **out,
			     size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_INCIDENT_NODE_LIST, org, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_INCIDENT_NODE_LIST, a, sizeof **out, fill_incident_node, (void **)out, n, e);
}

static int sq_submission_add(struct store *stp, const char *org, const struct submission_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_SUBMISSION_ADD, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->incident);
	bind_text(st, 3, x->regime);
	bind_text(st, 4, x->report);
	sqlite3_bind_int64(st, 5, x->submitted_ms);
	bind_text(st, 6, x->doc);
	return step_done(s, st, Q_SUBMISSION_ADD, e);
}

static void fill_submission(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct submission_rec *x = out;
	x->incident = col_text(a, st, 0);
	x->seq = sqlite3_column_int64(st, 1);
	x->regime = col_text(a, st, 2);
	x->report = col_text(a, st, 3);
	x->submitted_ms = sqlite3_column_int64(st, 4);
	x->doc = col_text(a, st, 5);
}

static int sq_submission_list(struct store *stp, const char *org, const char *incident, struct arena *a,
			      struct submission_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_SUBMISSION_LIST, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, incident);
	return read_rows(s, st, Q_SUBMISSION_LIST, a, sizeof **out, fill_submission, (void **)out, n, e);
}

static int sq_incident_event_add(struct store *stp, const char *org, const struct incident_event *x,
				 struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_INCIDENT_EVENT_ADD, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, x->incident);
	sqlite3_bind_int64(st, 3, x->at_ms);
	bind_text(st, 4, x->actor);
	bind_text(st, 5, x->kind);
	bind_text(st, 6, x->detail);
	return step_done(s, st, Q_INCIDENT_EVENT_ADD, e);
}

static void fill_incident_event(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct incident_event *x = out;
	x->incident = col_text(a, st, 0);
	x->seq = sqlite3_column_int64(st, 1);
	x->at_ms = sqlite3_column_int64(st, 2);
	x->actor = col_text(a, st, 3);
	x->kind = col_text(a, st, 4);
	x->detail = col_text(a, st, 5);
}

static int sq_incident_event_list(struct store *stp, const char *org, const char *incident, struct arena *a,
				  struct incident_event **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep_org(s, Q_INCIDENT_EVENT_LIST, org, &st, e);
	if (rc)
		return rc;
	bind_text(st, 2, incident);
	return read_rows(s, st, Q_INCIDENT_EVENT_LIST, a, sizeof **out, fill_incident_event, (void **)out, n, e);
}

/* ---- audit ---- */

static int sq_audit_append(struct store *stp, const struct audit_entry *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_AUDIT_APPEND, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, x->seq);
	sqlite3_bind_int64(st, 2, x->at_ms);
	bind_text(st, 3, x->actor);
	bind_text(st, 4, x->action);
	bind_text(st, 5, x->entity);
	bind_text(st, 6, x->org);
	bind_text(st, 7, x->key);
	bind_text(st, 8, x->before);
	bind_text(st, 9, x->after);
	sqlite3_bind_blob(st, 10, x->prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, x->hash, 32, SQLITE_STATIC);
	return step_done(s, st, Q_AUDIT_APPEND, e);
}

static void copy_hash(unsigned char out[32], sqlite3_stmt *st, int i)
{
	memset(out, 0, 32);
	const void *b = sqlite3_column_blob(st, i);
	int n = sqlite3_column_bytes(st, i);
	if (b)
		memcpy(out, b, n < 32 ? (size_t)n : 32);
}

static int sq_audit_head(struct store *stp, int64_t *seq, unsigned char hash[32], struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_AUDIT_HEAD, &st, e);
	if (rc)
		return rc;
	*seq = 0;
	memset(hash, 0, 32);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		copy_hash(hash, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, rc, "audit_head", e);
}

static int sq_audit_scan(struct store *stp, const char *entity, const char *org, const char *key,
			 int (*fn)(void *, const struct audit_entry *), void *ctx, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	/* A statement of its own: the callback may append to the log. */
	int rc = sqlite3_prepare_v2(s->db, s->sql[Q_AUDIT_SCAN], s->sql_len[Q_AUDIT_SCAN], &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "audit_scan", e);
	bind_text(st, 1, entity);
	bind_text(st, 2, org);
	bind_text(st, 3, key);
	int stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry x;
		x.seq = sqlite3_column_int64(st, 0);
		x.at_ms = sqlite3_column_int64(st, 1);
		x.actor = (const char *)sqlite3_column_text(st, 2);
		x.action = (const char *)sqlite3_column_text(st, 3);
		x.entity = (const char *)sqlite3_column_text(st, 4);
		x.org = (const char *)sqlite3_column_text(st, 5);
		x.key = (const char *)sqlite3_column_text(st, 6);
		x.before = (const char *)sqlite3_column_text(st, 7);
		x.after = (const char *)sqlite3_column_text(st, 8);
		copy_hash(x.prev_hash, st, 9);
		copy_hash(x.hash, st, 10);
		stop = fn(ctx, &x);
	}
	if (!stop && rc != SQLITE_DONE)
		stop = fail(s, rc, "audit_scan", e);
	sqlite3_finalize(st);
	return stop;
}

/* ---- open, migrate, close ---- */

/* The number of a migration file "src/store/sql/NNN_name.sql", or 0 for other files. */
/* ---- users, memberships, sessions, tokens ---- */

static void fill_user(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct user_rec *x = out;
	x->uid = sqlite3_column_int64(st, 0);
	x->name = col_text(a, st, 1);
	x->display_name = col_text(a, st, 2);
	x->pw_hash = col_text(a, st, 3);
	x->admin = sqlite3_column_int(st, 4);
	x->totp_secret = col_text(a, st, 5);
	x->totp_enabled = sqlite3_column_int(st, 6);
	x->totp_last_step = sqlite3_column_int64(st, 7);
	x->must_change_pw = sqlite3_column_int(st, 8);
	x->disabled = sqlite3_column_int(st, 9);
	x->failed_logins = sqlite3_column_int(st, 10);
	x->locked_until_ms = sqlite3_column_int64(st, 11);
	x->created_ms = sqlite3_column_int64(st, 12);
}

static int sq_user_put(struct store *stp, const struct user_rec *x, int64_t *uid, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_USER_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->name);
	bind_text(st, 2, x->display_name ? x->display_name : "");
	bind_text(st, 3, x->pw_hash);
	sqlite3_bind_int(st, 4, x->admin);
	bind_text(st, 5, x->totp_secret);
	sqlite3_bind_int(st, 6, x->totp_enabled);
	sqlite3_bind_int64(st, 7, x->totp_last_step);
	sqlite3_bind_int(st, 8, x->must_change_pw);
	sqlite3_bind_int(st, 9, x->disabled);
	sqlite3_bind_int(st, 10, x->failed_logins);
	sqlite3_bind_int64(st, 11, x->locked_until_ms);
	sqlite3_bind_int64(st, 12, x->created_ms);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && uid)
		*uid = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, "user_put", e);
}

static int sq_user_get(struct store *stp, const char *name, int64_t uid, struct arena *a, struct user_rec *out,
		       struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	enum q q = name ? Q_USER_GET : Q_USER_GET_UID;
	int rc = prep(s, q, &st, e);
	if (rc)
		return rc;
	char idbuf[24];
	if (name) {
		bind_text(st, 1, name);
	} else {
		sqlite3_bind_int64(st, 1, uid);
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)uid);
	}
	return read_one(s, st, q, a, sizeof *out, fill_user, out, "user", name ? name : idbuf, e);
}

static int sq_user_list(struct store *stp, struct arena *a, struct user_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_USER_LIST, &st, e);
	if (rc)
		return rc;
	return read_rows(s, st, Q_USER_LIST, a, sizeof **out, fill_user, (void **)out, n, e);
}

static int sq_member_put(struct store *stp, const struct member_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_MEMBER_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->user);
	bind_text(st, 2, x->org);
	bind_text(st, 3, x->role);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return err_set(e, ERR_NOTFOUND, "user", "no user named '%s'", x->user);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, "member_put", e);
}

static int sq_member_delete(struct store *stp, const char *org, const char *user, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_MEMBER_DELETE, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, user);
	bind_text(st, 2, org);
	return delete_one(s, st, Q_MEMBER_DELETE, "member", user, e);
}

static void fill_member(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct member_rec *x = out;
	x->user = col_text(a, st, 0);
	x->org = col_text(a, st, 1);
	x->role = col_text(a, st, 2);
}

static int sq_member_list(struct store *stp, const char *org, const char *user, struct arena *a,
			  struct member_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_MEMBER_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, org);
	bind_text(st, 2, user);
	return read_rows(s, st, Q_MEMBER_LIST, a, sizeof **out, fill_member, (void **)out, n, e);
}

static int sq_org_access_purge(struct store *stp, const char *org, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_ACCESS_PURGE, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, org);
	if ((rc = step_done(s, st, Q_ORG_ACCESS_PURGE, e)))
		return rc;
	/* the organisation's forum memberships, shares and records, and forums it ran (migration 4) */
	static const enum q purges[] = {Q_ORG_TOKEN_PURGE, Q_FORUM_ORG_PURGE, Q_FORUM_SHARE_PURGE, Q_FORUM_ITEM_PURGE,
					Q_FORUM_SECRETARIAT_PURGE};
	for (size_t i = 0; i < sizeof purges / sizeof purges[0]; i++) {
		if ((rc = prep(s, purges[i], &st, e)))
			return rc;
		bind_text(st, 1, org);
		if ((rc = step_done(s, st, purges[i], e)))
			return rc;
	}
	return 0;
}

/* ---- the sector forum (migration 4) ---- */

static void bind_ms(sqlite3_stmt *st, int i, int64_t ms)
{
	if (ms)
		sqlite3_bind_int64(st, i, ms);
	else
		sqlite3_bind_null(st, i);
}

static void fill_forum(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct forum_rec *x = out;
	x->id = col_text(a, st, 0);
	x->name = col_text(a, st, 1);
	x->secretariat = col_text(a, st, 2);
	x->settings = col_text(a, st, 3);
	x->created_ms = sqlite3_column_int64(st, 4);
}

static int sq_forum_put(struct store *stp, const struct forum_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FORUM_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->id);
	bind_text(st, 2, x->name);
	bind_text(st, 3, x->secretariat);
	bind_text(st, 4, x->settings);
	sqlite3_bind_int64(st, 5, x->created_ms);
	return step_done(s, st, Q_FORUM_PUT, e);
}

static int sq_forum_list(struct store *stp, const char *id, struct arena *a, struct forum_rec **out, size_t *n,
			 struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FORUM_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, id);
	return read_rows(s, st, Q_FORUM_LIST, a, sizeof **out, fill_forum, (void **)out, n, e);
}

static int sq_forum_delete(struct store *stp, const char *id, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FORUM_DELETE, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, id);
	return delete_one(s, st, Q_FORUM_DELETE, "forum", id, e);
}

static int sq_forum_settings_put(struct store *stp, const char *id, const char *settings, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FORUM_SETTINGS_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, id);
	bind_text(st, 2, settings);
	return delete_one(s, st, Q_FORUM_SETTINGS_PUT, "forum", id, e); /* one row changed, else not found */
}

static void fill_fmember(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct fmember_rec *x = out;
	x->forum = col_text(a, st, 0);
	x->org = col_text(a, st, 1);
	x->category = col_text(a, st, 2);
	x->assets = sqlite3_column_double(st, 3);
	x->status = col_text(a, st, 4);
	x->invited_ms = sqlite3_column_int64(st, 5);
	x->invited_by = col_text(a, st, 6);
	x->joined_ms = sqlite3_column_int64(st, 7);
	x->left_ms = sqlite3_column_int64(st, 8);
}

static int sq_fmember_put(struct store *stp, const struct fmember_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FMEMBER_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->forum);
	bind_text(st, 2, x->org);
	bind_text(st, 3, x->category);
	sqlite3_bind_double(st, 4, x->assets);
	bind_text(st, 5, x->status);
	sqlite3_bind_int64(st, 6, x->invited_ms);
	bind_text(st, 7, x->invited_by);
	bind_ms(st, 8, x->joined_ms);
	bind_ms(st, 9, x->left_ms);
	return step_done(s, st, Q_FMEMBER_PUT, e);
}

static int sq_fmember_list(struct store *stp, const char *forum, const char *org, struct arena *a,
			   struct fmember_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FMEMBER_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, org);
	return read_rows(s, st, Q_FMEMBER_LIST, a, sizeof **out, fill_fmember, (void **)out, n, e);
}

static void fill_fshare(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct fshare_rec *x = out;
	x->forum = col_text(a, st, 0);
	x->org = col_text(a, st, 1);
	x->id = col_text(a, st, 2);
	x->kind = col_text(a, st, 3);
	x->target = col_text(a, st, 4);
	x->filter = col_text(a, st, 5);
	x->tlp = col_text(a, st, 6);
	x->recipients = col_text(a, st, 7);
	x->created_ms = sqlite3_column_int64(st, 8);
	x->by = col_text(a, st, 9);
}

static int sq_fshare_put(struct store *stp, const struct fshare_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FSHARE_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->forum);
	bind_text(st, 2, x->org);
	bind_text(st, 3, x->id);
	bind_text(st, 4, x->kind);
	bind_text(st, 5, x->target);
	bind_text(st, 6, x->filter);
	bind_text(st, 7, x->tlp);
	bind_text(st, 8, x->recipients);
	sqlite3_bind_int64(st, 9, x->created_ms);
	bind_text(st, 10, x->by);
	return step_done(s, st, Q_FSHARE_PUT, e);
}

static int sq_fshare_list(struct store *stp, const char *forum, const char *org, struct arena *a,
			  struct fshare_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FSHARE_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, org);
	return read_rows(s, st, Q_FSHARE_LIST, a, sizeof **out, fill_fshare, (void **)out, n, e);
}

static int sq_fshare_delete(struct store *stp, const char *forum, const char *org, const char *id, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FSHARE_DELETE, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, org);
	bind_text(st, 3, id);
	return delete_one(s, st, Q_FSHARE_DELETE, "share", id, e);
}

static void fill_fitem(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct fitem_rec *x = out;
	x->forum = col_text(a, st, 0);
	x->kind = col_text(a, st, 1);
	x->id = col_text(a, st, 2);
	x->owner = col_text(a, st, 3);
	x->parent = col_text(a, st, 4);
	x->tlp = col_text(a, st, 5);
	x->recipients = col_text(a, st, 6);
	x->body = col_text(a, st, 7);
	x->created_ms = sqlite3_column_int64(st, 8);
	x->updated_ms = sqlite3_column_int64(st, 9);
	x->by = col_text(a, st, 10);
	x->version = sqlite3_column_int64(st, 11);
}

static int sq_fitem_put(struct store *stp, const struct fitem_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FITEM_PUT, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, x->forum);
	bind_text(st, 2, x->kind);
	bind_text(st, 3, x->id);
	bind_text(st, 4, x->owner);
	bind_text(st, 5, x->parent);
	bind_text(st, 6, x->tlp);
	bind_text(st, 7, x->recipients);
	bind_text(st, 8, x->body);
	sqlite3_bind_int64(st, 9, x->created_ms);
	sqlite3_bind_int64(st, 10, x->updated_ms);
	bind_text(st, 11, x->by);
	sqlite3_bind_int64(st, 12, x->version);
	return step_done(s, st, Q_FITEM_PUT, e);
}

static int sq_fitem_get(struct store *stp, const char *forum, const char *kind, const char *id, struct arena *a,
			struct fitem_rec *out, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FITEM_GET, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, kind);
	bind_text(st, 3, id);
	return read_one(s, st, Q_FITEM_GET, a, sizeof *out, fill_fitem, out, kind, id, e);
}

static int sq_fitem_list(struct store *stp, const char *forum, const char *kind, const char *parent, struct arena *a,
			 struct fitem_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FITEM_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, kind);
	bind_text(st, 3, parent);
	return read_rows(s, st, Q_FITEM_LIST, a, sizeof **out, fill_fitem, (void **)out, n, e);
}

static int sq_fitem_delete(struct store *stp, const char *forum, const char *kind, const char *id, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_FITEM_DELETE, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, forum);
	bind_text(st, 2, kind);
	bind_text(st, 3, id);
	return delete_one(s, st, Q_FITEM_DELETE, kind, id, e);
}

static int sq_session_put(struct store *stp, const struct session_rec *x, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_SESSION_PUT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, x->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, x->uid);
	bind_text(st, 3, x->csrf);
	sqlite3_bind_int64(st, 4, x->created_ms);
	sqlite3_bind_int64(st, 5, x->expires_ms);
	sqlite3_bind_int64(st, 6, x->last_seen_ms);
	return step_done(s, st, Q_SESSION_PUT, e);
}

static void fill_session(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct session_rec *x = out;
	if (sqlite3_column_bytes(st, 0) == 32)
		memcpy(x->hash, sqlite3_column_blob(st, 0), 32);
	x->uid = sqlite3_column_int64(st, 1);
	x->csrf = col_text(a, st, 2);
	x->created_ms = sqlite3_column_int64(st, 3);
	x->expires_ms = sqlite3_column_int64(st, 4);
	x->last_seen_ms = sqlite3_column_int64(st, 5);
}

static int sq_session_get(struct store *stp, const unsigned char hash[32], struct arena *a, struct session_rec *out,
			  struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_SESSION_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return read_one(s, st, Q_SESSION_GET, a, sizeof *out, fill_session, out, "session", "(cookie)", e);
}

static int sq_session_touch(struct store *stp, const unsigned char hash[32], int64_t at_ms, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_SESSION_TOUCH, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at_ms);
	return step_done(s, st, Q_SESSION_TOUCH, e);
}

static int sq_session_delete(struct store *stp, const unsigned char hash[32], int64_t uid, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	enum q q = hash ? Q_SESSION_DELETE : Q_SESSION_DELETE_USER;
	int rc = prep(s, q, &st, e);
	if (rc)
		return rc;
	if (hash)
		sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, uid);
	return step_done(s, st, q, e);
}

static void bind_ms_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int sq_token_add(struct store *stp, const struct token_rec *x, int64_t *id, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_TOKEN_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, x->hash, 32, SQLITE_STATIC);
	bind_text(st, 2, x->name);
	bind_text(st, 3, x->user);
	bind_text(st, 4, x->org);
	bind_text(st, 5, x->role);
	sqlite3_bind_int64(st, 6, x->created_ms);
	bind_ms_or_null(st, 7, x->expires_ms);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && id)
		*id = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_NOTNULL)
		return err_set(e, ERR_NOTFOUND, "user", "no user named '%s'", x->user);
	return rc == SQLITE_DONE ? 0 : fail(s, rc, "token_add", e);
}

static void fill_token(struct arena *a, sqlite3_stmt *st, void *out)
{
	struct token_rec *x = out;
	x->id = sqlite3_column_int64(st, 0);
	if (sqlite3_column_bytes(st, 1) == 32)
		memcpy(x->hash, sqlite3_column_blob(st, 1), 32);
	x->name = col_text(a, st, 2);
	x->user = col_text(a, st, 3);
	x->org = col_text(a, st, 4);
	x->role = col_text(a, st, 5);
	x->created_ms = sqlite3_column_int64(st, 6);
	x->expires_ms = sqlite3_column_int64(st, 7);
	x->revoked_ms = sqlite3_column_int64(st, 8);
	x->last_used_ms = sqlite3_column_int64(st, 9);
}

static int sq_token_get(struct store *stp, const unsigned char hash[32], struct arena *a, struct token_rec *out,
			struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_TOKEN_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return read_one(s, st, Q_TOKEN_GET, a, sizeof *out, fill_token, out, "token", "(secret)", e);
}

static int sq_token_list(struct store *stp, const char *user, const char *org, struct arena *a,
			 struct token_rec **out, size_t *n, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_TOKEN_LIST, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, user);
	bind_text(st, 2, org);
	return read_rows(s, st, Q_TOKEN_LIST, a, sizeof **out, fill_token, (void **)out, n, e);
}

static int sq_token_revoke(struct store *stp, const char *org, int64_t id, int64_t at_ms, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_TOKEN_REVOKE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, org);
	sqlite3_bind_int64(st, 3, at_ms);
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	return delete_one(s, st, Q_TOKEN_REVOKE, "live token", idbuf, e);
}

static int sq_org_generation(struct store *stp, const char *org, int64_t *gen, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3_stmt *st = NULL;
	int rc = prep(s, Q_ORG_GENERATION, &st, e);
	if (rc)
		return rc;
	bind_text(st, 1, org);
	rc = sqlite3_step(st);
	*gen = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, rc, "org_generation", e);
}

/* ---- the logical dump (dump.c) ---- */

/*
 * Every table the database holds must be dumped or left out on purpose, so a
 * migration that adds a table cannot leave it out of the checksum unnoticed.
 */
static int sq_dump_tables_known(struct sqlite_store *s, struct errinfo *e)
{
	static const char *const left_out[] = {"audit_head", "org_generation"};
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(s, rc, "dump", e);
	int err = 0;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool known = false;
		for (size_t i = 0; i < store_dump_ntables && !known; i++)
			known = !strcmp(name, store_dump_tables[i].name);
		for (size_t i = 0; i < sizeof left_out / sizeof left_out[0] && !known; i++)
			known = !strcmp(name, left_out[i]);
		if (!known)
			err = err_set(e, ERR_INTERNAL, "", "table %s is neither dumped nor left out on purpose (dump.sql)",
				      name);
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
		return err_set(e, ERR_INTERNAL, "", "dump.sql: the statement for %s has the wrong columns", tb->name);
	for (size_t i = 0; i < tb->ncols; i++)
		if (strcmp(sqlite3_column_name(st, (int)i), tb->cols[i].name))
			return err_set(e, ERR_INTERNAL, "", "dump.sql: %s column %zu is %s, not %s", tb->name, i + 1,
				       sqlite3_column_name(st, (int)i), tb->cols[i].name);
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
static int sq_dump(struct store *stp, int (*row)(void *, size_t, const struct store_value *), void *ctx,
		   struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	const struct embedded_file *f = embed_find("src/store/sql/dump.sql");
	if (!f)
		return err_set(e, ERR_INTERNAL, "", "dump.sql is not embedded");
	bool own = s->depth == 0; /* else the caller's transaction is the snapshot */
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
			rc = err_set(e, ERR_INTERNAL, "", "dump.sql has more statements than there are tables");
		else
			rc = sq_dump_table(s, st, t++, row, ctx, e);
		sqlite3_finalize(st);
	}
	if (!rc && t != store_dump_ntables)
		rc = err_set(e, ERR_INTERNAL, "", "dump.sql has %zu statements for %zu tables", t, store_dump_ntables);
out:
	if (own)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); /* it only read */
	return rc;
}

/* ---- open, migrate, close ---- */

static int migration_number(const char *name)
{
	if (strncmp(name, "src/store/sql/", 14) != 0)
		return 0;
	const char *base = name + 14;
	if (base[0] < '0' || base[0] > '9')
		return 0;
	return (int)strtol(base, NULL, 10);
}

static int migrate(struct sqlite_store *s, struct errinfo *e)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	int rc = 0, target = version;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(f->name) > target)
			target = migration_number(f->name);
	if (target == version)
		return 0;
	rc = exec(s, "BEGIN IMMEDIATE", e);
	if (rc)
		return rc;
	for (int n = version + 1; n <= target && !rc; n++) {
		const struct embedded_file *mig = NULL;
		for (const struct embedded_file *f = embedded_files; f->name; f++)
			if (migration_number(f->name) == n)
				mig = f;
		if (!mig) {
			rc = err_set(e, ERR_INTERNAL, "", "migration %d is missing", n);
			break;
		}
		rc = exec(s, mig->data, e);
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

static void sq_close(struct store *st)
{
	struct sqlite_store *s = S(st);
	if (s->depth)
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
	s->base.ops = &sqlite_ops;
	s->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		/* a missing folder, a folder, no permission: the --db value is wrong (exit 2) */
		err_set(e, s->db ? ERR_INVALID : ERR_NOMEM, "--db", "cannot open database %s: %s", path,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
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
		err_set(e, code, "--db", "cannot open database %s: %s", path, sqlite3_errmsg(s->db));
		sq_close(&s->base);
		return code;
	}
	rc = exec(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", e);
	if (!rc)
		rc = load_queries(s, e);
	if (!rc)
		rc = migrate(s, e);
	if (rc) {
		if (e && !e->field[0])
			snprintf(e->field, sizeof e->field, "--db");
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
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
	int n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(f->name) > n)
			n = migration_number(f->name);
	return n;
}

/* The statement named name in src/store/sql/backup.sql, as text and length. */
static int backup_sql(const char *name, const char **sql, int *len, struct errinfo *e)
{
	const struct embedded_file *f = embed_find("src/store/sql/backup.sql");
	char tag[64];
	snprintf(tag, sizeof tag, "-- name: %s\n", name);
	const char *p = f ? strstr(f->data, tag) : NULL;
	if (!p)
		return err_set(e, ERR_INTERNAL, "", "backup.sql has no statement named %s", name);
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
	return err_set(e, rc == SQLITE_BUSY ? ERR_BUSY : ERR_IO, "", "%s: %s", name, sqlite3_errmsg(db));
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
		return err_set(e, ERR_IO, "", "%s: %s", what, sqlite3_errmsg(dst));
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
		return err_set(e, ERR_BUSY, "", "%s: the database stayed locked for %d s; nothing was changed, try again",
			       what, STORE_BUSY_TIMEOUT_MS / 1000);
	return err_set(e, ERR_IO, "", "%s: %s", what, sqlite3_errstr(rc));
}

/* Open the other side of a copy (a backup's file, a restore's working copy); *db is closed by the caller. */
static int open_side(struct sqlite_store *s, const char *path, int flags, sqlite3 **db, struct errinfo *e)
{
	if (s->depth)
		return err_set(e, ERR_INTERNAL, "", "a backup or restore cannot run inside a transaction");
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | flags, NULL) != SQLITE_OK)
		return err_set(e, ERR_IO, "", "cannot open %s: %s", path, *db ? sqlite3_errmsg(*db) : "out of memory");
	sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
	return 0;
}

static int sq_backup(struct store *stp, const char *path, struct errinfo *e)
{
	struct sqlite_store *s = S(stp);
	sqlite3 *dst = NULL;
	int rc = open_side(s, path, SQLITE_OPEN_CREATE, &dst, e);
	if (rc)
		goto out;
	if (sqlite3_exec(dst, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK) {
		rc = err_set(e, ERR_IO, "", "%s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	if ((rc = copy_db(dst, s->db, "backup", e)))
		goto out;
	/* the copy carries the source's WAL flag: make the file whole by itself (rollback journal, nothing beside it) */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = err_set(e, ERR_IO, "", "%s: %s", path, sqlite3_errmsg(dst));
out:
	if (sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = err_set(e, ERR_IO, "", "cannot close %s", path);
	return rc;
}

static int sq_restore(struct store *stp, const char *path, struct errinfo *e)
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
		rc = err_set(e, ERR_IO, "", "cannot read the target's generations: %s", sqlite3_errmsg(src));
		goto out;
	}
	if (!(rc = backup_run(src, "restore_gens_lift", RESTORE_GEN_GAP, NULL, e)))
		rc = backup_run(src, "restore_gens_merge", RESTORE_GEN_GAP, NULL, e);
	sqlite3_exec(src, "DETACH old", NULL, NULL, NULL);
	if (rc)
		goto out;
	rc = copy_db(s->db, src, "restore", e);
	s->cached_oid = 0;
	s->cached_org[0] = 0;
out:
	sqlite3_close(src);
	return rc;
}

static int sq_schema(struct store *stp, int *schema, int *schema_max, struct errinfo *e)
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
		return err_set(e, ERR_INVALID, path, "cannot open %s", path);
	size_t got = fread(head, 1, sizeof head, f);
	if (!fseek(f, 0, SEEK_END))
		out->bytes = ftell(f);
	fclose(f);
	if (got != sizeof head || memcmp(head, magic, sizeof magic))
		return err_set(e, ERR_INVALID, path, "not a skjold database: not a SQLite database file");
	/* immutable: read the file as it is, without a lock, a journal or a WAL beside it */
	char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
	if (!uri)
		return err_set(e, ERR_NOMEM, "", "out of memory");
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (!v || strcmp(v, "ok")) {
			rc = err_set(e, ERR_INVALID, path, "not a whole skjold database: damaged (%s)", v ? v : "?");
			goto out;
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		rc = err_set(e, ERR_INVALID, path, "not a whole skjold database: %s",
			     db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		out->schema = sqlite3_column_int(st, 0);
	if ((rc = backup_run(db, "inspect_tables", 0, &tables, e)))
		goto out;
	if (out->schema < 1 || tables != 5)
		rc = err_set(e, ERR_INVALID, path,
			     "not a skjold database: a SQLite database without skjold's tables (or from before migration 3)");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.depth = sq_depth,
	.bulk_begin = sq_bulk_begin,
	.bulk_end = sq_bulk_end,
	.org_put = sq_org_put,
	.org_get = sq_org_get,
	.org_list = sq_org_list,
	.org_delete = sq_org_delete,
	.table_get = sq_table_get,
	.table_put = sq_table_put,
	.matrix_list = sq_matrix_list,
	.matrix_add = sq_matrix_add,
	.node_put = sq_node_put,
	.node_get = sq_node_get,
	.node_list = sq_node_list,
	.node_delete = sq_node_delete,
	.node_ids = sq_node_ids,
	.edge_put = sq_edge_put,
	.edge_get = sq_edge_get,
	.edge_list = sq_edge_list,
	.edge_delete = sq_edge_delete,
	.threat_put = sq_threat_put,
	.threat_get = sq_threat_get,
	.threat_list = sq_threat_list,
	.threat_delete = sq_threat_delete,
	.risk_put = sq_risk_put,
	.risk_get = sq_risk_get,
	.risk_list = sq_risk_list,
	.risk_delete = sq_risk_delete,
	.measure_put = sq_measure_put,
	.measure_get = sq_measure_get,
	.measure_list = sq_measure_list,
	.measure_delete = sq_measure_delete,
	.change_put = sq_change_put,
	.change_get = sq_change_get,
	.change_list = sq_change_list,
	.change_delete = sq_change_delete,
	.incident_put = sq_incident_put,
	.incident_get = sq_incident_get,
	.incident_list = sq_incident_list,
	.incident_nodes = sq_incident_nodes,
	.submission_add = sq_submission_add,
	.submission_list = sq_submission_list,
	.incident_event_add = sq_incident_event_add,
	.incident_event_list = sq_incident_event_list,
	.audit_append = sq_audit_append,
	.audit_head = sq_audit_head,
	.audit_scan = sq_audit_scan,
	.user_put = sq_user_put,
	.user_get = sq_user_get,
	.user_list = sq_user_list,
	.member_put = sq_member_put,
	.forum_put = sq_forum_put,
	.forum_list = sq_forum_list,
	.forum_delete = sq_forum_delete,
	.forum_settings_put = sq_forum_settings_put,
	.fmember_put = sq_fmember_put,
	.fmember_list = sq_fmember_list,
	.fshare_put = sq_fshare_put,
	.fshare_list = sq_fshare_list,
	.fshare_delete = sq_fshare_delete,
	.fitem_put = sq_fitem_put,
	.fitem_get = sq_fitem_get,
	.fitem_list = sq_fitem_list,
	.fitem_delete = sq_fitem_delete,
	.member_delete = sq_member_delete,
	.member_list = sq_member_list,
	.org_access_purge = sq_org_access_purge,
	.session_put = sq_session_put,
	.session_get = sq_session_get,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.token_add = sq_token_add,
	.token_get = sq_token_get,
	.token_list = sq_token_list,
	.token_revoke = sq_token_revoke,
	.org_generation = sq_org_generation,
	.backup = sq_backup,
	.restore = sq_restore,
	.schema = sq_schema,
	.dump = sq_dump,
};
