/*
 * sqlstore.h — the store_ops both SQL backends share (private to src/store/).
 *
 * Every domain call of store.h is the same sequence for SQLite and for
 * PostgreSQL: resolve the organisation, bind the record's columns through
 * its rowmap, run one named statement, read the rows back through the same
 * rowmap.  sqlstore.c writes that sequence once; a backend supplies a
 * struct sql_driver (run a named statement, read a column of the current
 * row) and its transactions, and embeds struct sqlstore first in its own.
 */
#ifndef SKJOLD_SQLSTORE_H
#define SKJOLD_SQLSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "rowmap.h"
#include "sqlfile.h"
#include "store_impl.h"

struct sqlstore;
struct sqlrow; /* the backend's current row */

/* Called per result row; non-zero stops the statement and is returned by run. */
typedef int (*sql_row_fn)(void *ctx, struct sqlrow *r);

struct sql_driver {
	/*
	 * Run statement q with parameters p[0..np) as $1/?1 onwards; call row
	 * for each result row when row is set; *changes (when not NULL) gets
	 * the rows the statement changed.  The backend maps its errors into
	 * enum err and sets sqlstore.notnull on a NOT NULL violation.  A row
	 * callback may run other statements (the audit scan's may append).
	 */
	int (*run)(struct sqlstore *s, enum store_q q, const struct rowmap_value *p, int np, sql_row_fn row,
		   void *ctx, int64_t *changes, struct errinfo *e);
	int (*ncols)(struct sqlrow *r);
	const char *(*colname)(struct sqlrow *r, int i);
	/* Column i of r as class cls, or ROWMAP_NULL; text stays valid until the next row. */
	void (*col)(struct sqlrow *r, int i, enum rowmap_class cls, struct rowmap_value *v);
	void (*close)(struct sqlstore *s);
	/* The outermost level (depth 0 -> 1) and its end; inner levels are savepoints sqlstore.c names. */
	int (*tx_begin)(struct sqlstore *s, struct errinfo *e);
	int (*tx_commit)(struct sqlstore *s, struct errinfo *e);
	void (*tx_rollback)(struct sqlstore *s);
	/* Run one statement text outside the named ones (SAVEPOINT sN); 0 or an enum err. */
	int (*exec)(struct sqlstore *s, const char *sql, struct errinfo *e);
	int (*bulk_begin)(struct sqlstore *s, struct errinfo *e);
	int (*bulk_end)(struct sqlstore *s, int ok, struct errinfo *e);
	/* store.h's backup, restore and schema (readiness), each the backend's own */
	int (*backup)(struct sqlstore *s, const char *path, struct errinfo *e);
	int (*restore)(struct sqlstore *s, const char *path, struct errinfo *e);
	int (*schema)(struct sqlstore *s, int *schema, int *schema_max, struct errinfo *e);
	/* store_ops.dump: every table of store_dump_tables in order (dump.c), from one snapshot */
	int (*dump)(struct sqlstore *s, int (*row)(void *ctx, size_t table, const struct store_value *v), void *ctx,
		    struct errinfo *e);
	/* store_ops.load's end: rows the backend held back written, the first failure returned (NULL: none held) */
	int (*load_end)(struct sqlstore *s, struct errinfo *e);
};

struct sqlstore {
	struct store base;
	const struct sql_driver *drv;
	int depth;              /* transaction nesting: 1 is the BEGIN, deeper levels are savepoints */
	bool notnull;           /* the last failure was a NOT NULL violation (a user name with no user) */
	bool checked[Q_COUNT];  /* the statement's result columns were checked against its rowmap */
	char cached_org[129];   /* last organisation id resolved */
	int64_t cached_oid;
	/*
	 * A bulk load that opened the outermost transaction (sqlstore_whole): its caller rolls it
	 * back whole on any failure, so inner levels are counted without a savepoint; rolling one
	 * back spoils the transaction, whose commit then fails.
	 */
	bool whole, spoiled;
};

/* The two backends' tables: the same functions, two names. */
extern const struct store_ops sqlstore_sqlite_ops, sqlstore_pg_ops;

/* Transactions as sqlstore counts them (the backends' bulk loads call these). */
int sqlstore_begin(struct store *st, struct errinfo *e);
int sqlstore_commit(struct store *st, struct errinfo *e);
void sqlstore_rollback(struct store *st);
/* Mark the transaction just opened by a bulk load whole (see struct sqlstore) when it is the outermost. */
void sqlstore_whole(struct store *st);

/* ERR_BUSY: another writer held the database past STORE_BUSY_TIMEOUT_MS. */
int sqlstore_err_busy(struct errinfo *e);
/* ERR_CONFLICT: a broken reference (a foreign key), in what (the statement's name). */
int sqlstore_err_reference(struct errinfo *e, const char *what);

/*
 * 0 when the dump covers table: one of store_dump_tables or of left_out (what
 * the backend leaves out on purpose); else ERR_INTERNAL naming file, the
 * backend's dump statements.  A migration cannot add a table the checksum
 * misses unnoticed.
 */
int sqlstore_dump_known(const char *table, const char *const *left_out, size_t n_left_out, const char *file,
			struct errinfo *e);

#endif
