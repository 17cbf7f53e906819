/*
 * sqlstore.c — every domain call of store_ops, once, for both SQL backends.
 *
 * A call builds its parameters (the organisation's integer key, key
 * strings, a record's columns through its rowmap), runs one named
 * statement through the backend's struct sql_driver and reads the rows
 * back through the same rowmap into the caller's arena.  The backends
 * differ only below struct sql_driver: how a statement is prepared, bound
 * and stepped, how errors map into enum err, how the outermost transaction
 * begins.
 *
 * Transactions nest by counting: the outermost begin is the backend's (it
 * takes the write lock up front), deeper levels are SAVEPOINT sN, the
 * matching commit releases or commits, an inner rollback undoes its own
 * savepoint and the outermost ends everything.
 *
 * Organisations are bound by their id text and resolved to the integer key
 * once per call; a small cache remembers the last one inside a transaction.
 */
#include "sqlstore.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define MAX_PARAMS 40

static struct sqlstore *Q(struct store *st)
{
	return (struct sqlstore *)st;
}

/* ---- parameters ---- */

struct params {
	struct rowmap_value v[MAX_PARAMS];
	int n;
};

static struct rowmap_value *par_next(struct params *p)
{
	ASSERT(p->n < MAX_PARAMS);
	struct rowmap_value *v = &p->v[p->n++];
	memset(v, 0, sizeof *v);
	return v;
}

static void par_text(struct params *p, const char *s)
{
	struct rowmap_value *v = par_next(p);
	if (s) {
		v->cls = ROWMAP_C_TEXT;
		v->s = s;
		v->len = strlen(s);
	}
}

static void par_int(struct params *p, int64_t i)
{
	struct rowmap_value *v = par_next(p);
	v->cls = ROWMAP_C_INT;
	v->i = i;
}

static void par_hash(struct params *p, const unsigned char *h)
{
	struct rowmap_value *v = par_next(p);
	v->cls = ROWMAP_C_BLOB;
	v->s = (const char *)h;
	v->len = ROWMAP_HASH_LEN;
}

/* The record's columns the store does not assign, in the rowmap's order. */
static void par_record(struct params *p, const struct rowmap *m, const void *rec)
{
	for (size_t i = 0; i < m->n; i++)
		if (!m->cols[i].assigned)
			rowmap_get(&m->cols[i], rec, par_next(p));
}

static int run(struct sqlstore *s, enum store_q q, const struct params *p, sql_row_fn row, void *ctx,
	       int64_t *changes, struct errinfo *e)
{
	return s->drv->run(s, q, p ? p->v : NULL, p ? p->n : 0, row, ctx, changes, e);
}

/* ---- organisations' keys ---- */

struct first_int {
	struct sqlstore *s;
	int64_t v;
	bool found;
};

static int read_int0(void *ctx, struct sqlrow *r)
{
	struct first_int *f = ctx;
	struct rowmap_value v;
	f->s->drv->col(r, 0, ROWMAP_C_INT, &v);
	f->v = v.cls == ROWMAP_C_INT ? v.i : 0;
	f->found = true;
	return 0;
}

/* Resolve an organisation id to its integer key. */
static int org_oid(struct sqlstore *s, const char *org, int64_t *oid, struct errinfo *e)
{
	if (!org)
		return err_setm(e, ERR_INVALID, "--org", "store.no_org", NULL);
	/* the cache holds only inside a transaction: between them another connection may replace the organisation */
	if (s->depth > 0 && s->cached_oid && strcmp(s->cached_org, org) == 0) {
		*oid = s->cached_oid;
		return 0;
	}
	struct params p = {.n = 0};
	par_text(&p, org);
	struct first_int f = {.s = s};
	int rc = run(s, Q_ORG_OID, &p, read_int0, &f, NULL, e);
	if (rc)
		return rc;
	if (!f.found)
		return err_setm(e, ERR_NOTFOUND, "--org", "org.not_found", "id", org, NULL);
	*oid = f.v;
	/* kept only for the rest of this transaction: a key read between transactions (a request's
	 * cache stamp) may be stale by the next one, once an import has replaced the organisation */
	if (s->depth > 0 && strlen(org) < sizeof s->cached_org) {
		snprintf(s->cached_org, sizeof s->cached_org, "%s", org);
		s->cached_oid = *oid;
	}
	return 0;
}

/* Parameters that start with the organisation's key. */
static int par_org(struct sqlstore *s, struct params *p, const char *org, struct errinfo *e)
{
	int64_t oid = 0;
	int rc = org_oid(s, org, &oid, e);
	if (!rc)
		par_int(p, oid);
	return rc;
}

/* ---- reading rows through a rowmap ---- */

struct reader {
	struct sqlstore *s;
	enum store_q q;
	const struct rowmap *m;
	struct arena *a;
	struct rowmap_rows rows;
	struct errinfo *e;
};

/* The statement's result columns are the rowmap's, by name and in order (once per statement). */
static int check_columns(struct sqlstore *s, enum store_q q, const struct rowmap *m, struct sqlrow *r,
			 struct errinfo *e)
{
	if (s->checked[q])
		return 0;
	if ((size_t)s->drv->ncols(r) != m->n)
		return err_setm(e, ERR_INTERNAL, "", "internal.statement_columns", "statement", sqlfile_qnames[q], "got",
				err_num((char[24]){0}, s->drv->ncols(r)), "kind", m->kind, "want",
				err_num((char[24]){0}, (long long)m->n), NULL);
	for (size_t i = 0; i < m->n; i++) {
		const char *name = s->drv->colname(r, (int)i);
		if (!name || strcmp(name, m->cols[i].name) != 0)
			return err_setm(e, ERR_INTERNAL, "", "internal.statement_column", "statement", sqlfile_qnames[q],
					"column", err_num((char[24]){0}, (long long)i + 1), "got", name ? name : "?", "kind",
					m->kind, "want", m->cols[i].name, NULL);
	}
	s->checked[q] = true;
	return 0;
}

static void read_record(struct sqlstore *s, const struct rowmap *m, struct sqlrow *r, void *rec, struct arena *a)
{
	for (size_t i = 0; i < m->n; i++) {
		struct rowmap_value v;
		memset(&v, 0, sizeof v);
		s->drv->col(r, (int)i, rowmap_class_of(&m->cols[i]), &v);
		rowmap_set(&m->cols[i], rec, &v, a);
	}
}

static int read_row(void *ctx, struct sqlrow *r)
{
	struct reader *rd = ctx;
	int rc = check_columns(rd->s, rd->q, rd->m, r, rd->e);
	if (rc)
		return rc;
	read_record(rd->s, rd->m, r, rowmap_rows_push(&rd->rows), rd->a);
	return 0;
}

/* Run q and read every row into the arena through m. */
static int list_rows(struct sqlstore *s, enum store_q q, const struct params *p, const struct rowmap *m,
		     struct arena *a, void **out, size_t *n, struct errinfo *e)
{
	struct reader rd = {.s = s, .q = q, .m = m, .a = a, .rows = {.size = m->size}, .e = e};
	int rc = run(s, q, p, read_row, &rd, NULL, e);
	if (rc) {
		rowmap_rows_drop(&rd.rows);
		return rc;
	}
	*n = rd.rows.n;
	*out = rowmap_rows_finish(&rd.rows, a);
	return 0;
}

/* ERR_NOTFOUND "no WHAT with id 'ID'", WHAT in the reader's language when the catalogues name it (kind.WHAT). */
static int not_found(const char *what, const char *id, struct errinfo *e)
{
	char code[64];
	snprintf(code, sizeof code, "kind.%s", what);
	for (char *c = code; *c; c++)
		*c = *c == ' ' ? '_' : *c;
	if (msg_text(MSG_EN, code))
		return err_setm(e, ERR_NOTFOUND, "", "store.not_found", "@what", code, "id", id, NULL);
	return err_setm(e, ERR_NOTFOUND, "", "store.not_found", "what", what, "id", id, NULL);
}

/* Run q and read its one row; ERR_NOTFOUND "no WHAT with id 'ID'" when there is none. */
static int get_one(struct sqlstore *s, enum store_q q, const struct params *p, const struct rowmap *m,
		   struct arena *a, void *out, const char *what, const char *id, struct errinfo *e)
{
	void *rows;
	size_t n;
	int rc = list_rows(s, q, p, m, a, &rows, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return not_found(what, id, e);
	memcpy(out, rows, m->size);
	return 0;
}

/* Run a write; ERR_NOTFOUND when it changed nothing. */
static int change_one(struct sqlstore *s, enum store_q q, const struct params *p, const char *what, const char *id,
		      struct errinfo *e)
{
	int64_t changes = 0;
	int rc = run(s, q, p, NULL, NULL, &changes, e);
	if (rc)
		return rc;
	if (changes == 0)
		return not_found(what, id, e);
	return 0;
}

/* Write a record through its rowmap, after the organisation's key when org is given. */
static int put_record(struct sqlstore *s, enum store_q q, const char *org, bool by_org, const struct rowmap *m,
		      const void *rec, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = by_org ? par_org(s, &p, org, e) : 0;
	if (rc)
		return rc;
	par_record(&p, m, rec);
	return run(s, q, &p, NULL, NULL, NULL, e);
}

/* A put that binds the record through its rowmap: after the organisation's key, or alone. */
#define SQLS_PUT_ORG(op, type, q, map)                                                                 \
	static int sqls_##op(struct store *st, const char *org, const struct type *x, struct errinfo *e) \
	{                                                                                              \
		return put_record(Q(st), q, org, true, &map, x, e);                                    \
	}
#define SQLS_PUT(op, type, q, map)                                                 \
	static int sqls_##op(struct store *st, const struct type *x, struct errinfo *e) \
	{                                                                          \
		return put_record(Q(st), q, NULL, false, &map, x, e);              \
	}

/* ---- errors both backends report in the same words ---- */

int sqlstore_err_busy(struct errinfo *e)
{
	return err_setm(e, ERR_BUSY, "", "store.busy", "seconds", err_num((char[24]){0}, STORE_BUSY_TIMEOUT_MS / 1000),
			NULL);
}

int sqlstore_err_reference(struct errinfo *e, const char *what)
{
	return err_setm(e, ERR_CONFLICT, "", "store.reference", "what", what, NULL);
}

int sqlstore_dump_known(const char *table, const char *const *left_out, size_t n_left_out, const char *file,
			struct errinfo *e)
{
	for (size_t i = 0; i < store_dump_ntables; i++)
		if (!strcmp(table, store_dump_tables[i].name))
			return 0;
	for (size_t i = 0; i < n_left_out; i++)
		if (!strcmp(table, left_out[i]))
			return 0;
	return err_setm(e, ERR_INTERNAL, "", "internal.table_unlisted", "table", table, "file", file, NULL);
}

/* ---- transactions ---- */

int sqlstore_begin(struct store *st, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	int rc;
	if (s->depth == 0) {
		s->cached_oid = 0; /* a new transaction resolves the organisation afresh */
		s->whole = s->spoiled = false;
		rc = s->drv->tx_begin(s, e);
	} else if (s->whole) {
		rc = 0; /* a level of a whole transaction: nothing to undo to */
	} else {
		char sql[48];
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", s->depth);
		rc = s->drv->exec(s, sql, e);
	}
	if (rc)
		return rc;
	s->depth++;
	return 0;
}

int sqlstore_commit(struct store *st, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	if (s->depth == 0)
		return err_setm(e, ERR_INTERNAL, "", "internal.commit_no_tx", NULL);
	if (--s->depth > 0) {
		if (s->whole)
			return 0;
		char sql[48];
		snprintf(sql, sizeof sql, "RELEASE s%d", s->depth);
		return s->drv->exec(s, sql, e);
	}
	s->cached_oid = 0;
	if (s->spoiled) {
		s->drv->tx_rollback(s);
		s->whole = s->spoiled = false;
		return err_setm(e, ERR_INTERNAL, "", "internal.bulk_spoiled", NULL);
	}
	s->whole = false;
	return s->drv->tx_commit(s, e); /* rolls back itself when the commit fails */
}

void sqlstore_whole(struct store *st)
{
	struct sqlstore *s = Q(st);
	s->whole = s->depth == 1;
}

/* An inner level undoes its own savepoint and leaves the outer levels open; the outermost ends it all. */
void sqlstore_rollback(struct store *st)
{
	struct sqlstore *s = Q(st);
	if (s->depth > 1 && s->whole) {
		s->depth--;
		s->spoiled = true; /* what the level wrote stays: only the whole may end now */
	} else if (s->depth > 1) {
		char sql[80];
		s->depth--;
		snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", s->depth, s->depth);
		if (s->drv->exec(s, sql, NULL)) {
			s->drv->tx_rollback(s);
			s->depth = 0;
		}
	} else if (s->depth == 1) {
		s->drv->tx_rollback(s);
		s->depth = 0;
		s->whole = s->spoiled = false;
	}
	s->cached_oid = 0; /* an organisation created inside may be gone */
}

static int sqls_depth(struct store *st)
{
	return Q(st)->depth;
}

static void sqls_close(struct store *st)
{
	Q(st)->drv->close(Q(st));
}

static int sqls_bulk_begin(struct store *st, struct errinfo *e)
{
	return Q(st)->drv->bulk_begin(Q(st), e);
}

static int sqls_bulk_end(struct store *st, int ok, struct errinfo *e)
{
	return Q(st)->drv->bulk_end(Q(st), ok, e);
}

static int sqls_backup(struct store *st, const char *path, struct errinfo *e)
{
	return Q(st)->drv->backup(Q(st), path, e);
}

static int sqls_restore(struct store *st, const char *path, struct errinfo *e)
{
	return Q(st)->drv->restore(Q(st), path, e);
}

static int sqls_schema(struct store *st, int *schema, int *schema_max, struct errinfo *e)
{
	return Q(st)->drv->schema(Q(st), schema, schema_max, e);
}

static int sqls_dump(struct store *st, int (*row)(void *, size_t, const struct store_value *), void *ctx,
		     struct errinfo *e)
{
	return Q(st)->drv->dump(Q(st), row, ctx, e);
}

/*
 * store_copy's writing half: row t of the dump into its table through
 * load_TABLE (queries.sql), whose parameters are the dump's columns in
 * order.  The row's name ("load_node") is what an error names.
 */
static int sqls_load(struct store *st, size_t t, const struct store_value *v, struct errinfo *e)
{
	ASSERT(Q_COUNT - Q_LOAD_ORG == store_dump_ntables && t <= store_dump_ntables);
	if (t == store_dump_ntables) /* the end of the copy */
		return Q(st)->drv->load_end ? Q(st)->drv->load_end(Q(st), e) : 0;
	const struct store_dump_table *tb = &store_dump_tables[t];
	struct params p = {.n = 0};
	for (size_t i = 0; i < tb->ncols; i++) {
		struct rowmap_value *pv = par_next(&p);
		if (v[i].null)
			continue;
		switch (tb->cols[i].type) {
		case STORE_COL_INT:
			pv->cls = ROWMAP_C_INT;
			pv->i = v[i].i;
			break;
		case STORE_COL_REAL:
			pv->cls = ROWMAP_C_REAL;
			pv->d = v[i].r;
			break;
		case STORE_COL_TEXT:
		case STORE_COL_BLOB:
			pv->cls = tb->cols[i].type == STORE_COL_TEXT ? ROWMAP_C_TEXT : ROWMAP_C_BLOB;
			pv->s = v[i].p ? v[i].p : "";
			pv->len = v[i].len;
			break;
		}
	}
	return run(Q(st), (enum store_q)(Q_LOAD_ORG + t), &p, NULL, NULL, NULL, e);
}

/* ---- organisations and tables ---- */

SQLS_PUT(org_put, org, Q_ORG_PUT, rowmap_org)
static int sqls_org_get(struct store *st, const char *id, struct arena *a, struct org *out, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, id);
	int rc = get_one(Q(st), Q_ORG_GET, &p, &rowmap_org, a, out, "organisation", id, e);
	if (rc == ERR_NOTFOUND)
		snprintf(e->field, sizeof e->field, "--org");
	return rc;
}

static int sqls_org_list(struct store *st, struct arena *a, struct org **out, size_t *n, struct errinfo *e)
{
	return list_rows(Q(st), Q_ORG_LIST, NULL, &rowmap_org, a, (void **)out, n, e);
}

static int sqls_org_delete(struct store *st, const char *id, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	int rc = par_org(s, &p, id, e);
	if (rc)
		return rc;
	s->cached_oid = 0;
	return change_one(s, Q_ORG_DELETE, &p, "organisation", id, e);
}

struct first_text {
	struct sqlstore *s;
	struct arena *a;
	const char *v;
};

static int read_text0(void *ctx, struct sqlrow *r)
{
	struct first_text *f = ctx;
	struct rowmap_value v;
	f->s->drv->col(r, 0, ROWMAP_C_TEXT, &v);
	f->v = v.cls == ROWMAP_NULL ? NULL : arena_strndup(f->a, v.s, v.len);
	return 0;
}

static int sqls_table_get(struct store *st, const char *org, const char *name, struct arena *a, const char **json,
			  struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	int rc = par_org(s, &p, org, e);
	if (rc)
		return rc;
	par_text(&p, name);
	struct first_text f = {.s = s, .a = a};
	rc = run(s, Q_TABLE_GET, &p, read_text0, &f, NULL, e);
	*json = rc ? NULL : f.v;
	return rc;
}

static int sqls_table_put(struct store *st, const char *org, const char *name, const char *json, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	int rc = par_org(s, &p, org, e);
	if (rc)
		return rc;
	par_text(&p, name);
	par_text(&p, json);
	return run(s, Q_TABLE_PUT, &p, NULL, NULL, NULL, e);
}

/* A list of org's rows through q: the organisation's key is the only parameter. */
static int org_list(struct store *st, enum store_q q, const char *org, const struct rowmap *m, struct arena *a,
		    void **out, size_t *n, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	int rc = par_org(s, &p, org, e);
	return rc ? rc : list_rows(s, q, &p, m, a, out, n, e);
}

static int sqls_matrix_list(struct store *st, const char *org, struct arena *a, struct matrix_version **out,
			    size_t *n, struct errinfo *e)
{
	return org_list(st, Q_MATRIX_LIST, org, &rowmap_matrix, a, (void **)out, n, e);
}

SQLS_PUT_ORG(matrix_add, matrix_version, Q_MATRIX_ADD, rowmap_matrix)
/* ---- the objects of one organisation, by id ---- */

/* org's object id through q (get or delete). */
static int by_id(struct store *st, const char *org, const char *id, struct params *p,
		 struct errinfo *e)
{
	int rc = par_org(Q(st), p, org, e);
	if (!rc)
		par_text(p, id);
	return rc;
}

/* put, get, list and delete by id look alike for every kind of object; one macro writes them. */
#define SQLS_OBJECT(K, QPUT, QGET, QLIST, QDEL)                                                        \
	static int sqls_##K##_put(struct store *st, const char *org, const struct K *x, struct errinfo *e) \
	{                                                                                                   \
		return put_record(Q(st), QPUT, org, true, &rowmap_##K, x, e);                            \
	}                                                                                                   \
	static int sqls_##K##_get(struct store *st, const char *org, const char *id, struct arena *a,    \
				     struct K *out, struct errinfo *e)                                   \
	{                                                                                                   \
		struct params p = {.n = 0};                                                                 \
		int rc = by_id(st, org, id, &p, e);                                                   \
		return rc ? rc : get_one(Q(st), QGET, &p, &rowmap_##K, a, out, rowmap_##K.kind, id, e); \
	}                                                                                                   \
	static int sqls_##K##_list(struct store *st, const char *org, struct arena *a, struct K **out, \
				      size_t *n, struct errinfo *e)                                         \
	{                                                                                                   \
		return org_list(st, QLIST, org, &rowmap_##K, a, (void **)out, n, e);                     \
	}                                                                                                   \
	static int sqls_##K##_delete(struct store *st, const char *org, const char *id, struct errinfo *e) \
	{                                                                                                   \
		struct params p = {.n = 0};                                                                 \
		int rc = by_id(st, org, id, &p, e);                                                   \
		return rc ? rc : change_one(Q(st), QDEL, &p, rowmap_##K.kind, id, e);                    \
	}

SQLS_OBJECT(node, Q_NODE_PUT, Q_NODE_GET, Q_NODE_LIST, Q_NODE_DELETE)
SQLS_OBJECT(threat, Q_THREAT_PUT, Q_THREAT_GET, Q_THREAT_LIST, Q_THREAT_DELETE)
SQLS_OBJECT(risk, Q_RISK_PUT, Q_RISK_GET, Q_RISK_LIST, Q_RISK_DELETE)
SQLS_OBJECT(measure, Q_MEASURE_PUT, Q_MEASURE_GET, Q_MEASURE_LIST, Q_MEASURE_DELETE)
SQLS_OBJECT(change, Q_CHANGE_PUT, Q_CHANGE_GET, Q_CHANGE_LIST, Q_CHANGE_DELETE)

struct id_walk {
	struct sqlstore *s;
	void (*fn)(void *, const char *, size_t);
	void *ctx;
};

static int walk_id(void *ctx, struct sqlrow *r)
{
	struct id_walk *w = ctx;
	struct rowmap_value v;
	w->s->drv->col(r, 0, ROWMAP_C_TEXT, &v);
	w->fn(w->ctx, v.s ? v.s : "", v.len);
	return 0;
}

static int sqls_node_ids(struct store *st, const char *org, void (*fn)(void *, const char *, size_t), void *ctx,
			 struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	int rc = par_org(s, &p, org, e);
	if (rc)
		return rc;
	struct id_walk w = {s, fn, ctx};
	return run(s, Q_NODE_IDS, &p, walk_id, &w, NULL, e);
}

/* ---- edges, keyed by (from, to) ---- */

static int edge_key(struct store *st, const char *org, const char *from, const char *to, struct params *p,
		    char *key, size_t key_len, struct errinfo *e)
{
	int rc = par_org(Q(st), p, org, e);
	if (rc)
		return rc;
	par_text(p, from);
	par_text(p, to);
	snprintf(key, key_len, "%s -> %s", from, to);
	return 0;
}

SQLS_PUT_ORG(edge_put, edge, Q_EDGE_PUT, rowmap_edge)
static int sqls_edge_get(struct store *st, const char *org, const char *from, const char *to, struct arena *a,
			 struct edge *out, struct errinfo *e)
{
	struct params p = {.n = 0};
	char key[300];
	int rc = edge_key(st, org, from, to, &p, key, sizeof key, e);
	return rc ? rc : get_one(Q(st), Q_EDGE_GET, &p, &rowmap_edge, a, out, "edge", key, e);
}

static int sqls_edge_list(struct store *st, const char *org, struct arena *a, struct edge **out, size_t *n,
			  struct errinfo *e)
{
	return org_list(st, Q_EDGE_LIST, org, &rowmap_edge, a, (void **)out, n, e);
}

static int sqls_edge_delete(struct store *st, const char *org, const char *from, const char *to, struct errinfo *e)
{
	struct params p = {.n = 0};
	char key[300];
	int rc = edge_key(st, org, from, to, &p, key, sizeof key, e);
	return rc ? rc : change_one(Q(st), Q_EDGE_DELETE, &p, "edge", key, e);
}

/* ---- incidents ---- */

static int sqls_incident_put(struct store *st, const char *org, const struct incident_rec *x, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	int rc = sqlstore_begin(st, e);
	if (rc)
		return rc;
	if ((rc = put_record(s, Q_INCIDENT_PUT, org, true, &rowmap_incident, x, e)))
		goto out;
	struct params p = {.n = 0};
	if ((rc = by_id(st, org, x->id, &p, e)) ||
	    (rc = run(s, Q_INCIDENT_NODES_CLEAR, &p, NULL, NULL, NULL, e)))
		goto out;
	for (size_t i = 0; i < x->nnodes; i++) {
		par_text(&p, x->nodes[i]);
		if ((rc = run(s, Q_INCIDENT_NODE_ADD, &p, NULL, NULL, NULL, e)))
			goto out;
		p.n--;
	}
out:
	if (rc) {
		sqlstore_rollback(st);
		return rc;
	}
	return sqlstore_commit(st, e);
}

static int sqls_incident_get(struct store *st, const char *org, const char *id, struct arena *a,
			     struct incident_rec *out, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = by_id(st, org, id, &p, e);
	return rc ? rc : get_one(Q(st), Q_INCIDENT_GET, &p, &rowmap_incident, a, out, "incident", id, e);
}

static int sqls_incident_list(struct store *st, const char *org, struct arena *a, struct incident_rec **out,
			      size_t *n, struct errinfo *e)
{
	return org_list(st, Q_INCIDENT_LIST, org, &rowmap_incident, a, (void **)out, n, e);
}

static int sqls_incident_nodes(struct store *st, const char *org, struct arena *a, struct incident_node_ref **out,
			       size_t *n, struct errinfo *e)
{
	return org_list(st, Q_INCIDENT_NODE_LIST, org, &rowmap_incident_node, a, (void **)out, n, e);
}

SQLS_PUT_ORG(submission_add, submission_rec, Q_SUBMISSION_ADD, rowmap_submission)
/* org's rows of one incident (NULL: of every incident, where the statement allows it). */
static int incident_rows(struct store *st, enum store_q q, const char *org, const char *incident,
			 const struct rowmap *m, struct arena *a, void **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = by_id(st, org, incident, &p, e);
	return rc ? rc : list_rows(Q(st), q, &p, m, a, out, n, e);
}

static int sqls_submission_list(struct store *st, const char *org, const char *incident, struct arena *a,
				struct submission_rec **out, size_t *n, struct errinfo *e)
{
	return incident_rows(st, Q_SUBMISSION_LIST, org, incident, &rowmap_submission, a, (void **)out, n, e);
}

SQLS_PUT_ORG(incident_event_add, incident_event, Q_INCIDENT_EVENT_ADD, rowmap_incident_event)
static int sqls_incident_event_list(struct store *st, const char *org, const char *incident, struct arena *a,
				    struct incident_event **out, size_t *n, struct errinfo *e)
{
	return incident_rows(st, Q_INCIDENT_EVENT_LIST, org, incident, &rowmap_incident_event, a, (void **)out, n, e);
}

/* ---- audit ---- */

SQLS_PUT(audit_append, audit_entry, Q_AUDIT_APPEND, rowmap_audit)
struct head {
	struct sqlstore *s;
	int64_t *seq;
	unsigned char *hash;
};

static int read_head(void *ctx, struct sqlrow *r)
{
	struct head *h = ctx;
	struct rowmap_value v;
	h->s->drv->col(r, 0, ROWMAP_C_INT, &v);
	*h->seq = v.cls == ROWMAP_C_INT ? v.i : 0;
	h->s->drv->col(r, 1, ROWMAP_C_BLOB, &v);
	if (v.cls == ROWMAP_C_BLOB && v.s)
		memcpy(h->hash, v.s, v.len < ROWMAP_HASH_LEN ? v.len : ROWMAP_HASH_LEN);
	return 0;
}

static int sqls_audit_head(struct store *st, int64_t *seq, unsigned char hash[32], struct errinfo *e)
{
	*seq = 0;
	memset(hash, 0, 32);
	struct head h = {Q(st), seq, hash};
	return run(Q(st), Q_AUDIT_HEAD, NULL, read_head, &h, NULL, e);
}

struct scan {
	struct sqlstore *s;
	enum store_q q;
	struct audit_range *page; /* a page's counts, or NULL */
	int (*fn)(void *, const struct audit_entry *);
	void *ctx;
	struct errinfo *e;
};

/* One entry at a time, its strings borrowed from the row (the log may be long). */
static int scan_row(void *ctx, struct sqlrow *r)
{
	struct scan *sc = ctx;
	int rc = check_columns(sc->s, sc->q, &rowmap_audit, r, sc->e);
	if (rc)
		return rc;
	struct audit_entry x;
	memset(&x, 0, sizeof x);
	read_record(sc->s, &rowmap_audit, r, &x, NULL);
	if (sc->page) {
		sc->page->nread++;
		sc->page->last = x.seq;
	}
	return sc->fn(sc->ctx, &x);
}

static int sqls_audit_scan(struct store *st, const char *entity, const char *org, const char *key,
			   int (*fn)(void *, const struct audit_entry *), void *ctx, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, entity);
	par_text(&p, org);
	par_text(&p, key);
	struct scan sc = {Q(st), Q_AUDIT_SCAN, NULL, fn, ctx, e};
	return run(Q(st), Q_AUDIT_SCAN, &p, scan_row, &sc, NULL, e);
}

static int sqls_audit_page(struct store *st, struct audit_range *q, int (*fn)(void *, const struct audit_entry *),
			   void *ctx, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_int(&p, q->after);
	par_int(&p, q->upto);
	par_int(&p, q->since_ms);
	par_int(&p, q->until_ms);
	par_text(&p, q->org);
	par_int(&p, q->limit);
	q->nread = 0;
	q->last = q->after;
	struct scan sc = {Q(st), Q_AUDIT_PAGE, q, fn, ctx, e};
	return run(Q(st), Q_AUDIT_PAGE, &p, scan_row, &sc, NULL, e);
}

/* ---- users, memberships, sessions, tokens ---- */

/* A write whose statement returns the key it assigned. */
static int put_returning(struct sqlstore *s, enum store_q q, const struct params *p, int64_t *key, struct errinfo *e)
{
	struct first_int f = {.s = s};
	s->notnull = false;
	int rc = run(s, q, p, read_int0, &f, NULL, e);
	if (!rc && key)
		*key = f.v;
	return rc;
}

static int sqls_user_put(struct store *st, const struct user_rec *x, int64_t *uid, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_record(&p, &rowmap_user, x);
	return put_returning(Q(st), Q_USER_PUT, &p, uid, e);
}

static int sqls_user_get(struct store *st, const char *name, int64_t uid, struct arena *a, struct user_rec *out,
			 struct errinfo *e)
{
	struct params p = {.n = 0};
	char idbuf[24];
	if (name) {
		par_text(&p, name);
	} else {
		par_int(&p, uid);
		snprintf(idbuf, sizeof idbuf, "%lld", (long long)uid);
	}
	return get_one(Q(st), name ? Q_USER_GET : Q_USER_GET_UID, &p, &rowmap_user, a, out, "user",
		       name ? name : idbuf, e);
}

static int sqls_user_get_sso(struct store *st, const char *issuer, const char *subject, struct arena *a,
			     struct user_rec *out, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, issuer);
	par_text(&p, subject);
	return get_one(Q(st), Q_USER_GET_SSO, &p, &rowmap_user, a, out, "user", subject, e);
}

static int sqls_user_list(struct store *st, struct arena *a, struct user_rec **out, size_t *n, struct errinfo *e)
{
	return list_rows(Q(st), Q_USER_LIST, NULL, &rowmap_user, a, (void **)out, n, e);
}

/* A write that names a user: no such user is ERR_NOTFOUND, not a broken constraint. */
static int user_write(struct sqlstore *s, enum store_q q, const struct params *p, const char *user, int64_t *key,
		      struct errinfo *e)
{
	bool had_error = e && e->code;
	int rc = put_returning(s, q, p, key, e);
	if (rc && s->notnull) {
		if (e && !had_error)
			err_clear(e); /* the backend's words about the constraint give way to these */
		return err_setm(e, ERR_NOTFOUND, "user", "store.no_user", "user", user, NULL);
	}
	return rc;
}

static int sqls_member_put(struct store *st, const struct member_rec *x, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_record(&p, &rowmap_member, x);
	return user_write(Q(st), Q_MEMBER_PUT, &p, x->user, NULL, e);
}

static int sqls_member_delete(struct store *st, const char *org, const char *user, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, user);
	par_text(&p, org);
	return change_one(Q(st), Q_MEMBER_DELETE, &p, "member", user, e);
}

/* A list filtered by two optional strings (NULL: any). */
static int list_by2(struct store *st, enum store_q q, const char *k1, const char *k2, const struct rowmap *m,
		    struct arena *a, void **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, k1);
	par_text(&p, k2);
	return list_rows(Q(st), q, &p, m, a, out, n, e);
}

static int sqls_member_list(struct store *st, const char *org, const char *user, struct arena *a,
			    struct member_rec **out, size_t *n, struct errinfo *e)
{
	return list_by2(st, Q_MEMBER_LIST, org, user, &rowmap_member, a, (void **)out, n, e);
}

static int sqls_org_access_purge(struct store *st, const char *org, struct errinfo *e)
{
	/* memberships and tokens, the organisation's forum memberships, shares and records, and forums it ran */
	static const enum store_q purges[] = {Q_ORG_ACCESS_PURGE, Q_ORG_TOKEN_PURGE, Q_FORUM_ORG_PURGE,
					      Q_FORUM_SHARE_PURGE, Q_FORUM_ITEM_PURGE, Q_FORUM_SECRETARIAT_PURGE};
	struct params p = {.n = 0};
	par_text(&p, org);
	for (size_t i = 0; i < sizeof purges / sizeof purges[0]; i++) {
		int rc = run(Q(st), purges[i], &p, NULL, NULL, NULL, e);
		if (rc)
			return rc;
	}
	return 0;
}

SQLS_PUT(session_put, session_rec, Q_SESSION_PUT, rowmap_session)
static int sqls_session_get(struct store *st, const unsigned char hash[32], struct arena *a, struct session_rec *out,
			    struct errinfo *e)
{
	struct params p = {.n = 0};
	par_hash(&p, hash);
	return get_one(Q(st), Q_SESSION_GET, &p, &rowmap_session, a, out, "session", "(cookie)", e);
}

static int sqls_session_touch(struct store *st, const unsigned char hash[32], int64_t at_ms, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_hash(&p, hash);
	par_int(&p, at_ms);
	return run(Q(st), Q_SESSION_TOUCH, &p, NULL, NULL, NULL, e);
}

static int sqls_session_delete(struct store *st, const unsigned char hash[32], int64_t uid, struct errinfo *e)
{
	struct params p = {.n = 0};
	if (hash)
		par_hash(&p, hash);
	else
		par_int(&p, uid);
	return run(Q(st), hash ? Q_SESSION_DELETE : Q_SESSION_DELETE_USER, &p, NULL, NULL, NULL, e);
}

/* ---- the login throttle per client address (migration 8) ---- */

struct throttle_row {
	struct sqlstore *s;
	int64_t failures, window_start_ms;
	bool found;
};

static int read_throttle(void *ctx, struct sqlrow *r)
{
	struct throttle_row *t = ctx;
	struct rowmap_value v;
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 0, ROWMAP_C_INT, &v);
	t->failures = v.cls == ROWMAP_C_INT ? v.i : 0;
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 1, ROWMAP_C_INT, &v);
	t->window_start_ms = v.cls == ROWMAP_C_INT ? v.i : 0;
	t->found = true;
	return 0;
}

/*
 * A failure is counted by one upsert that returns the row it left (two
 * servers counting at once both count: the database serialises them on the
 * row), and the prune of a few passed windows rides in the same transaction
 * (one commit, one fsync on SQLite).  A read writes nothing, so a login that
 * succeeds leaves no row behind.
 */
static int sqls_login_addr_hit(struct store *st, const char *addr, int64_t now_ms, int64_t window_ms, bool failed,
			       int *failures, int64_t *window_start_ms, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct throttle_row t = {.s = s};
	struct params p = {.n = 0};
	par_text(&p, addr);
	int rc;
	if (!failed) {
		rc = run(s, Q_LOGIN_ADDR_GET, &p, read_throttle, &t, NULL, e);
	} else if (!(rc = sqlstore_begin(st, e))) {
		par_int(&p, now_ms);
		par_int(&p, window_ms);
		rc = run(s, Q_LOGIN_ADDR_FAIL, &p, read_throttle, &t, NULL, e);
		if (!rc && !t.found)
			rc = err_setm(e, ERR_INTERNAL, "", "internal.no_row", "statement", "login_addr_fail", NULL);
		struct params passed = {.n = 0};
		par_int(&passed, now_ms - window_ms);
		if (!rc)
			rc = run(s, Q_LOGIN_ADDR_PRUNE, &passed, NULL, NULL, NULL, e);
		if (rc)
			sqlstore_rollback(st);
		else
			rc = sqlstore_commit(st, e);
	}
	if (rc)
		return rc;
	if (!t.found || now_ms - t.window_start_ms >= window_ms) { /* none, or its window has passed */
		t.failures = 0;
		t.window_start_ms = now_ms;
	}
	*failures = t.failures > INT_MAX ? INT_MAX : (int)t.failures;
	*window_start_ms = t.window_start_ms;
	return 0;
}

/* ---- single sign-on required, and the pending sign-ins (migration 12) ---- */

static int sqls_org_sso_get(struct store *st, const char *org, bool *required, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	par_text(&p, org);
	struct first_int f = {.s = s};
	int rc = run(s, Q_ORG_SSO_GET, &p, read_int0, &f, NULL, e);
	if (rc)
		return rc;
	if (!f.found)
		return err_setm(e, ERR_NOTFOUND, "id", "org.not_found", "id", org, NULL);
	*required = f.v != 0;
	return 0;
}

static int sqls_org_sso_set(struct store *st, const char *org, bool required, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	par_text(&p, org);
	par_int(&p, required);
	int rc = sqlstore_begin(st, e);
	if (rc)
		return rc;
	int64_t changed = 0;
	rc = run(s, Q_ORG_SSO_SET, &p, NULL, NULL, &changed, e);
	if (!rc && !changed)
		rc = err_setm(e, ERR_NOTFOUND, "id", "org.not_found", "id", org, NULL);
	struct params po = {.n = 0};
	par_text(&po, org);
	if (!rc && required)
		rc = run(s, Q_ORG_SSO_SESSIONS_END, &po, NULL, NULL, NULL, e);
	if (rc) {
		sqlstore_rollback(st);
		return rc;
	}
	return sqlstore_commit(st, e);
}

static int sqls_user_sso_required(struct store *st, int64_t uid, struct arena *a, const char **org,
				  struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	par_int(&p, uid);
	struct first_text f = {.s = s, .a = a};
	int rc = run(s, Q_USER_SSO_REQUIRED, &p, read_text0, &f, NULL, e);
	*org = rc ? NULL : f.v;
	return rc;
}

static int sqls_sso_pending_put(struct store *st, const struct sso_pending_rec *x, int64_t prune_before_ms,
				struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0};
	par_hash(&p, x->hash);
	par_text(&p, x->nonce);
	par_text(&p, x->verifier);
	par_hash(&p, x->browser);
	par_int(&p, x->created_ms);
	struct params old = {.n = 0};
	par_int(&old, prune_before_ms);
	int rc = sqlstore_begin(st, e);
	if (rc)
		return rc;
	rc = run(s, Q_SSO_PENDING_PRUNE, &old, NULL, NULL, NULL, e);
	if (!rc)
		rc = run(s, Q_SSO_PENDING_PUT, &p, NULL, NULL, NULL, e);
	if (rc) {
		sqlstore_rollback(st);
		return rc;
	}
	return sqlstore_commit(st, e);
}

struct pending_row {
	struct sqlstore *s;
	struct arena *a;
	struct sso_pending_rec *out;
	bool found;
};

static int read_pending(void *ctx, struct sqlrow *r)
{
	struct pending_row *t = ctx;
	struct rowmap_value v;
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 0, ROWMAP_C_TEXT, &v);
	t->out->nonce = v.cls == ROWMAP_C_TEXT ? arena_strndup(t->a, v.s, v.len) : "";
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 1, ROWMAP_C_TEXT, &v);
	t->out->verifier = v.cls == ROWMAP_C_TEXT ? arena_strndup(t->a, v.s, v.len) : "";
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 2, ROWMAP_C_BLOB, &v);
	memset(t->out->browser, 0, sizeof t->out->browser);
	if (v.cls == ROWMAP_C_BLOB && v.len == sizeof t->out->browser)
		memcpy(t->out->browser, v.s, v.len);
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 3, ROWMAP_C_INT, &v);
	t->out->created_ms = v.cls == ROWMAP_C_INT ? v.i : 0;
	t->found = true;
	return 0;
}

static int sqls_sso_pending_take(struct store *st, const unsigned char hash[32], struct arena *a,
				 struct sso_pending_rec *out, bool *found, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	memset(out, 0, sizeof *out);
	memcpy(out->hash, hash, sizeof out->hash);
	struct params p = {.n = 0};
	par_hash(&p, hash);
	struct pending_row t = {.s = s, .a = a, .out = out};
	int rc = run(s, Q_SSO_PENDING_TAKE, &p, read_pending, &t, NULL, e);
	*found = !rc && t.found;
	return rc;
}

/* SAML's state (migration 13): each call its own transaction, with a bounded prune of passed rows. */
static int sqls_saml_request_put(struct store *st, const char *relay, const char *request_id,
				 const unsigned char browser[32], int64_t at_ms, int64_t prune_before_ms, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0}, old = {.n = 0};
	par_text(&p, relay);
	par_text(&p, request_id);
	par_hash(&p, browser);
	par_int(&p, at_ms);
	par_int(&old, prune_before_ms);
	int rc = sqlstore_begin(st, e);
	if (!rc && !(rc = run(s, Q_SAML_REQUEST_PRUNE, &old, NULL, NULL, NULL, e)))
		rc = run(s, Q_SAML_REQUEST_PUT, &p, NULL, NULL, NULL, e);
	if (rc) {
		sqlstore_rollback(st);
		return rc;
	}
	return sqlstore_commit(st, e);
}

struct saml_row {
	struct sqlstore *s;
	struct arena *a;
	const char *request_id;
	unsigned char *browser;
	int64_t at_ms;
	bool found;
};

static int read_saml_request(void *ctx, struct sqlrow *r)
{
	struct saml_row *t = ctx;
	struct rowmap_value v;
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 0, ROWMAP_C_TEXT, &v);
	if (v.cls == ROWMAP_C_TEXT && v.s)
		t->request_id = arena_strndup(t->a, v.s, v.len);
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 1, ROWMAP_C_BLOB, &v);
	if (v.cls == ROWMAP_C_BLOB && v.s)
		memcpy(t->browser, v.s, v.len < ROWMAP_HASH_LEN ? v.len : ROWMAP_HASH_LEN);
	memset(&v, 0, sizeof v);
	t->s->drv->col(r, 2, ROWMAP_C_INT, &v);
	t->at_ms = v.cls == ROWMAP_C_INT ? v.i : 0;
	t->found = t->request_id != NULL;
	return 0;
}

static int sqls_saml_request_take(struct store *st, const char *relay, struct arena *a, const char **request_id,
				  unsigned char browser[32], int64_t *at_ms, struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct saml_row t = {.s = s, .a = a, .browser = browser};
	struct params p = {.n = 0};
	par_text(&p, relay);
	memset(browser, 0, ROWMAP_HASH_LEN);
	int rc = sqlstore_begin(st, e);
	if (!rc && (rc = run(s, Q_SAML_REQUEST_TAKE, &p, read_saml_request, &t, NULL, e)))
		sqlstore_rollback(st);
	else if (!rc)
		rc = sqlstore_commit(st, e);
	if (rc)
		return rc;
	if (!t.found)
		return err_setm(e, ERR_NOTFOUND, "RelayState", "saml.no_request", NULL);
	*request_id = t.request_id;
	*at_ms = t.at_ms;
	return 0;
}

static int read_any(void *ctx, struct sqlrow *r)
{
	(void)r;
	*(bool *)ctx = true;
	return 0;
}

static int sqls_saml_assertion_use(struct store *st, const char *id, int64_t until_s, int64_t now_s, bool *first,
				   struct errinfo *e)
{
	struct sqlstore *s = Q(st);
	struct params p = {.n = 0}, old = {.n = 0};
	par_text(&p, id);
	par_int(&p, until_s);
	par_int(&old, now_s);
	*first = false;
	int rc = sqlstore_begin(st, e);
	if (!rc && !(rc = run(s, Q_SAML_ASSERTION_PRUNE, &old, NULL, NULL, NULL, e)))
		rc = run(s, Q_SAML_ASSERTION_USE, &p, read_any, first, NULL, e);
	if (rc) {
		sqlstore_rollback(st);
		return rc;
	}
	return sqlstore_commit(st, e);
}

static int sqls_token_add(struct store *st, const struct token_rec *x, int64_t *id, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_record(&p, &rowmap_token, x);
	return user_write(Q(st), Q_TOKEN_ADD, &p, x->user, id, e);
}

static int sqls_token_get(struct store *st, const unsigned char hash[32], struct arena *a, struct token_rec *out,
			  struct errinfo *e)
{
	struct params p = {.n = 0};
	par_hash(&p, hash);
	return get_one(Q(st), Q_TOKEN_GET, &p, &rowmap_token, a, out, "token", "(secret)", e);
}

static int sqls_token_list(struct store *st, const char *user, const char *org, struct arena *a,
			   struct token_rec **out, size_t *n, struct errinfo *e)
{
	return list_by2(st, Q_TOKEN_LIST, user, org, &rowmap_token, a, (void **)out, n, e);
}

static int sqls_token_revoke(struct store *st, const char *org, int64_t id, int64_t at_ms, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_int(&p, id);
	par_text(&p, org);
	par_int(&p, at_ms);
	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	return change_one(Q(st), Q_TOKEN_REVOKE, &p, "live token", idbuf, e);
}

static int sqls_org_generation(struct store *st, const char *org, int64_t *gen, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, org);
	struct first_int f = {.s = Q(st)};
	int rc = run(Q(st), Q_ORG_GENERATION, &p, read_int0, &f, NULL, e);
	*gen = rc ? 0 : f.v;
	return rc;
}

static int sqls_caller_get(struct store *st, bool token, const unsigned char hash[32], struct arena *a,
			   struct caller_rec **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_hash(&p, hash);
	int rc = list_rows(Q(st), token ? Q_CALLER_TOKEN : Q_CALLER_SESSION, &p, &rowmap_caller, a, (void **)out, n, e);
	if (!rc && *n == 0)
		rc = not_found(token ? "token" : "session", "(secret)", e);
	return rc;
}

/* ---- the sector forum (migration 4) ---- */

SQLS_PUT(forum_put, forum_rec, Q_FORUM_PUT, rowmap_forum)
static int sqls_forum_list(struct store *st, const char *id, struct arena *a, struct forum_rec **out, size_t *n,
			   struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, id);
	return list_rows(Q(st), Q_FORUM_LIST, &p, &rowmap_forum, a, (void **)out, n, e);
}

static int sqls_forum_delete(struct store *st, const char *id, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, id);
	return change_one(Q(st), Q_FORUM_DELETE, &p, "forum", id, e);
}

static int sqls_forum_settings_put(struct store *st, const char *id, const char *settings, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_text(&p, id);
	par_text(&p, settings);
	return change_one(Q(st), Q_FORUM_SETTINGS_PUT, &p, "forum", id, e); /* one row changed, else not found */
}

SQLS_PUT(fmember_put, fmember_rec, Q_FMEMBER_PUT, rowmap_fmember)
static int sqls_fmember_list(struct store *st, const char *forum, const char *org, struct arena *a,
			     struct fmember_rec **out, size_t *n, struct errinfo *e)
{
	return list_by2(st, Q_FMEMBER_LIST, forum, org, &rowmap_fmember, a, (void **)out, n, e);
}

SQLS_PUT(fshare_put, fshare_rec, Q_FSHARE_PUT, rowmap_fshare)
static int sqls_fshare_list(struct store *st, const char *forum, const char *org, struct arena *a,
			    struct fshare_rec **out, size_t *n, struct errinfo *e)
{
	return list_by2(st, Q_FSHARE_LIST, forum, org, &rowmap_fshare, a, (void **)out, n, e);
}

/* Three key strings, in order. */
static void par_keys3(struct params *p, const char *k1, const char *k2, const char *k3)
{
	par_text(p, k1);
	par_text(p, k2);
	par_text(p, k3);
}

static int sqls_fshare_delete(struct store *st, const char *forum, const char *org, const char *id, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_keys3(&p, forum, org, id);
	return change_one(Q(st), Q_FSHARE_DELETE, &p, "share", id, e);
}

SQLS_PUT(fitem_put, fitem_rec, Q_FITEM_PUT, rowmap_fitem)
static int sqls_fitem_get(struct store *st, const char *forum, const char *kind, const char *id, struct arena *a,
			  struct fitem_rec *out, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_keys3(&p, forum, kind, id);
	return get_one(Q(st), Q_FITEM_GET, &p, &rowmap_fitem, a, out, kind, id, e);
}

static int sqls_fitem_list(struct store *st, const char *forum, const char *kind, const char *parent, struct arena *a,
			   struct fitem_rec **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_keys3(&p, forum, kind, parent);
	return list_rows(Q(st), Q_FITEM_LIST, &p, &rowmap_fitem, a, (void **)out, n, e);
}

static int sqls_fitem_delete(struct store *st, const char *forum, const char *kind, const char *id, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_keys3(&p, forum, kind, id);
	return change_one(Q(st), Q_FITEM_DELETE, &p, kind, id, e);
}

/* ---- webhooks (migration 11) ---- */

SQLS_PUT_ORG(webhook_put, webhook_rec, Q_WEBHOOK_PUT, rowmap_webhook)
SQLS_PUT_ORG(webhook_delivery_put, webhook_delivery_rec, Q_WEBHOOK_DELIVERY_PUT, rowmap_webhook_delivery)
SQLS_PUT_ORG(webhook_attempt_add, webhook_attempt_rec, Q_WEBHOOK_ATTEMPT_ADD, rowmap_webhook_attempt)

/* A list of org's rows filtered by an optional key (NULL: any), at most limit when limit > 0. */
static int list_org_by(struct store *st, enum store_q q, const char *org, const char *key, int64_t limit,
		       bool limited, const struct rowmap *m, struct arena *a, void **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = par_org(Q(st), &p, org, e);
	if (rc)
		return rc;
	par_text(&p, key);
	if (limited)
		par_int(&p, limit);
	return list_rows(Q(st), q, &p, m, a, out, n, e);
}

static int sqls_webhook_list(struct store *st, const char *org, const char *id, struct arena *a,
			     struct webhook_rec **out, size_t *n, struct errinfo *e)
{
	return list_org_by(st, Q_WEBHOOK_LIST, org, id, 0, false, &rowmap_webhook, a, (void **)out, n, e);
}

static int sqls_webhook_delete(struct store *st, const char *org, const char *id, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = par_org(Q(st), &p, org, e);
	if (rc)
		return rc;
	par_text(&p, id);
	return change_one(Q(st), Q_WEBHOOK_DELETE, &p, "webhook", id, e);
}

static int sqls_webhook_event_add(struct store *st, const char *org, const struct webhook_event_rec *x,
				  bool *added, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = par_org(Q(st), &p, org, e);
	if (rc)
		return rc;
	par_record(&p, &rowmap_webhook_event, x);
	int64_t changes = 0;
	rc = run(Q(st), Q_WEBHOOK_EVENT_ADD, &p, NULL, NULL, &changes, e);
	*added = !rc && changes > 0;
	return rc;
}

static int sqls_webhook_delivery_list(struct store *st, const char *org, const char *hook, int64_t limit,
				      struct arena *a, struct webhook_delivery_rec **out, size_t *n, struct errinfo *e)
{
	return list_org_by(st, Q_WEBHOOK_DELIVERY_LIST, org, hook, limit, true, &rowmap_webhook_delivery, a,
			   (void **)out, n, e);
}

static int sqls_webhook_due(struct store *st, int64_t now_ms, int64_t limit, struct arena *a,
			    struct webhook_delivery_rec **out, size_t *n, struct errinfo *e)
{
	struct params p = {.n = 0};
	par_int(&p, now_ms);
	par_int(&p, limit);
	return list_rows(Q(st), Q_WEBHOOK_DUE, &p, &rowmap_webhook_delivery, a, (void **)out, n, e);
}

static int sqls_webhook_delivery_claim(struct store *st, const char *org, const char *hook, const char *event_id,
				       int64_t seen_ms, int64_t until_ms, bool *claimed, struct errinfo *e)
{
	struct params p = {.n = 0};
	int rc = par_org(Q(st), &p, org, e);
	if (rc)
		return rc;
	par_text(&p, hook);
	par_text(&p, event_id);
	par_int(&p, seen_ms);
	par_int(&p, until_ms);
	int64_t changes = 0;
	rc = run(Q(st), Q_WEBHOOK_DELIVERY_CLAIM, &p, NULL, NULL, &changes, e);
	*claimed = !rc && changes > 0;
	return rc;
}

static int sqls_webhook_attempt_list(struct store *st, const char *org, const char *hook, int64_t limit,
				     struct arena *a, struct webhook_attempt_rec **out, size_t *n, struct errinfo *e)
{
	return list_org_by(st, Q_WEBHOOK_ATTEMPT_LIST, org, hook, limit, true, &rowmap_webhook_attempt, a,
			   (void **)out, n, e);
}

#define SQLSTORE_OPS(backend)                                                                                  \
	{                                                                                                      \
		.name = backend, .close = sqls_close, .begin = sqlstore_begin, .commit = sqlstore_commit,       \
		.rollback = sqlstore_rollback, .depth = sqls_depth, .bulk_begin = sqls_bulk_begin,              \
		.bulk_end = sqls_bulk_end, .org_put = sqls_org_put, .org_get = sqls_org_get,                     \
		.org_list = sqls_org_list, .org_delete = sqls_org_delete, .table_get = sqls_table_get,           \
		.table_put = sqls_table_put, .matrix_list = sqls_matrix_list, .matrix_add = sqls_matrix_add,     \
		.node_put = sqls_node_put, .node_get = sqls_node_get, .node_list = sqls_node_list,               \
		.node_delete = sqls_node_delete, .node_ids = sqls_node_ids, .edge_put = sqls_edge_put,           \
		.edge_get = sqls_edge_get, .edge_list = sqls_edge_list, .edge_delete = sqls_edge_delete,         \
		.threat_put = sqls_threat_put, .threat_get = sqls_threat_get, .threat_list = sqls_threat_list,   \
		.threat_delete = sqls_threat_delete, .risk_put = sqls_risk_put, .risk_get = sqls_risk_get,       \
		.risk_list = sqls_risk_list, .risk_delete = sqls_risk_delete, .measure_put = sqls_measure_put,   \
		.measure_get = sqls_measure_get, .measure_list = sqls_measure_list,                              \
		.measure_delete = sqls_measure_delete, .change_put = sqls_change_put,                            \
		.change_get = sqls_change_get, .change_list = sqls_change_list,                                  \
		.change_delete = sqls_change_delete, .incident_put = sqls_incident_put,                          \
		.incident_get = sqls_incident_get, .incident_list = sqls_incident_list,                          \
		.incident_nodes = sqls_incident_nodes, .submission_add = sqls_submission_add,                    \
		.submission_list = sqls_submission_list, .incident_event_add = sqls_incident_event_add,          \
		.incident_event_list = sqls_incident_event_list, .audit_append = sqls_audit_append,              \
		.audit_head = sqls_audit_head, .audit_scan = sqls_audit_scan, .audit_page = sqls_audit_page,        \
		.user_put = sqls_user_put,         \
		.user_get = sqls_user_get, .user_get_sso = sqls_user_get_sso, .user_list = sqls_user_list, .member_put = sqls_member_put,           \
		.member_delete = sqls_member_delete, .member_list = sqls_member_list,                            \
		.org_access_purge = sqls_org_access_purge, .session_put = sqls_session_put,                      \
		.session_get = sqls_session_get, .session_touch = sqls_session_touch,                            \
		.session_delete = sqls_session_delete, .login_addr_hit = sqls_login_addr_hit,                    \
		.saml_request_put = sqls_saml_request_put, .saml_request_take = sqls_saml_request_take,         \
		.saml_assertion_use = sqls_saml_assertion_use,                                                  \
		.org_sso_get = sqls_org_sso_get, .org_sso_set = sqls_org_sso_set,                                \
		.user_sso_required = sqls_user_sso_required, .sso_pending_put = sqls_sso_pending_put,            \
		.sso_pending_take = sqls_sso_pending_take,                                                       \
		.token_add = sqls_token_add, .token_get = sqls_token_get,                                        \
		.token_list = sqls_token_list, .token_revoke = sqls_token_revoke,                                \
		.forum_put = sqls_forum_put, .forum_list = sqls_forum_list, .forum_delete = sqls_forum_delete,   \
		.forum_settings_put = sqls_forum_settings_put, .fmember_put = sqls_fmember_put,                  \
		.fmember_list = sqls_fmember_list, .fshare_put = sqls_fshare_put,                                \
		.fshare_list = sqls_fshare_list, .fshare_delete = sqls_fshare_delete,                            \
		.fitem_put = sqls_fitem_put, .fitem_get = sqls_fitem_get, .fitem_list = sqls_fitem_list,         \
		.fitem_delete = sqls_fitem_delete, .org_generation = sqls_org_generation,                        \
		.caller_get = sqls_caller_get,                                                                   \
		.backup = sqls_backup, .restore = sqls_restore, .schema = sqls_schema, .dump = sqls_dump,        \
		.load = sqls_load, .webhook_put = sqls_webhook_put, .webhook_list = sqls_webhook_list,          \
		.webhook_delete = sqls_webhook_delete, .webhook_event_add = sqls_webhook_event_add,              \
		.webhook_delivery_put = sqls_webhook_delivery_put,                                               \
		.webhook_delivery_list = sqls_webhook_delivery_list, .webhook_due = sqls_webhook_due,           \
		.webhook_delivery_claim = sqls_webhook_delivery_claim,                                           \
		.webhook_attempt_add = sqls_webhook_attempt_add,                                                 \
		.webhook_attempt_list = sqls_webhook_attempt_list,                                               \
	}

const struct store_ops sqlstore_sqlite_ops = SQLSTORE_OPS("sqlite");
const struct store_ops sqlstore_pg_ops = SQLSTORE_OPS("postgresql");
