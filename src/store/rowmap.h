/*
 * rowmap.h — column descriptors: how each record kind of store.h lies in a
 * table row (private to src/store/).
 *
 * One struct rowmap per record kind lists its columns in the order the
 * named queries select them: the SQL name, the portable type, where the
 * value sits in the C struct and whether the store assigns it.  Both
 * backends bind parameters and read rows through these tables, so the
 * mapping of a record to a row (enums as their data names, dates as ISO
 * text, "unset" as NULL) is written once.
 *
 * A backend sees only struct rowmap_value, a value in one of four storage
 * classes plus NULL; it converts that to and from its own parameters and
 * columns.  At first use each backend checks that a query's result columns
 * carry the descriptor's names, so the SQL files and these tables cannot
 * drift apart unnoticed.
 */
#ifndef SKJOLD_ROWMAP_H
#define SKJOLD_ROWMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem.h"

enum rowmap_type {
	ROWMAP_TEXT,    /* const char *; NULL is NULL unless the column has a default */
	ROWMAP_JSON,    /* const char * holding JSON text, stored as text */
	ROWMAP_INT,     /* int, or a C enum stored as its number (levels) */
	ROWMAP_BOOL,    /* bool, stored 0 or 1 */
	ROWMAP_I64,     /* int64_t (ids, instants in Unix ms); nullable: 0 is NULL */
	ROWMAP_REAL,    /* double */
	ROWMAP_BLOB,    /* unsigned char[32] (BLAKE2b-256 hashes) */
	ROWMAP_DATE,    /* int32_t day number, stored 'YYYY-MM-DD'; DATE_NONE is NULL */
	ROWMAP_MINUTES, /* int; negative (unset) is NULL */
	ROWMAP_ENUM,    /* a C enum stored by its data name; nullable: 0 is NULL */
};

/* The storage classes a backend handles. */
enum rowmap_class { ROWMAP_NULL, ROWMAP_C_TEXT, ROWMAP_C_INT, ROWMAP_C_REAL, ROWMAP_C_BLOB };

#define ROWMAP_HASH_LEN 32

struct rowmap_col {
	const char *name;       /* the column's name in the query's result */
	enum rowmap_type type;
	size_t off;             /* offsetof the field in the record */
	bool nullable;          /* I64 and ENUM: the zero value is stored as NULL */
	bool assigned;          /* the store assigns it (a sequence, a key): read, never bound */
	const char *dflt;       /* TEXT: bound instead of NULL */
	const char *(*enum_name)(int v);
	int (*enum_parse)(const char *s);
};

struct rowmap {
	const char *kind; /* "node", for messages */
	size_t size;      /* sizeof the record */
	const struct rowmap_col *cols;
	size_t n;
};

/* One value on its way between a record and a backend. */
struct rowmap_value {
	enum rowmap_class cls;
	const char *s; /* TEXT and BLOB: not necessarily NUL-terminated for BLOB */
	size_t len;
	int64_t i;
	double d;
	char buf[16]; /* a formatted date lives here (s points at it) */
};

/* The storage class a column's non-NULL values have. */
enum rowmap_class rowmap_class_of(const struct rowmap_col *c);
/* The value of column c of rec, to bind. */
void rowmap_get(const struct rowmap_col *c, const void *rec, struct rowmap_value *v);
/*
 * Store v into column c of rec.  Text is copied into a; with a NULL arena it
 * is borrowed (v->s must then be NUL-terminated and outlive the use, as a
 * backend's current row does).
 */
void rowmap_set(const struct rowmap_col *c, void *rec, const struct rowmap_value *v, struct arena *a);
/* How many parameters a put binds (the columns the store does not assign). */
size_t rowmap_nparams(const struct rowmap *m);

extern const struct rowmap rowmap_org, rowmap_matrix, rowmap_node, rowmap_edge, rowmap_threat, rowmap_risk,
	rowmap_measure, rowmap_change, rowmap_incident, rowmap_incident_node, rowmap_submission,
	rowmap_incident_event, rowmap_audit, rowmap_user, rowmap_member, rowmap_session, rowmap_token, rowmap_caller,
	rowmap_forum, rowmap_fmember, rowmap_fshare, rowmap_fitem, rowmap_webhook, rowmap_webhook_event,
	rowmap_webhook_delivery, rowmap_webhook_attempt;

/*
 * A growable array of records read into the caller's arena.  The arena
 * cannot grow an allocation in place, so rows collect in a heap buffer
 * first and are copied into the arena once, at the end.
 */
struct rowmap_rows {
	void *data;
	size_t n, cap, size;
};
/* A zeroed slot for the next record. */
void *rowmap_rows_push(struct rowmap_rows *r);
/* The records, copied into a (never NULL); the heap buffer is freed. */
void *rowmap_rows_finish(struct rowmap_rows *r, struct arena *a);
/* Free the heap buffer (an error path). */
void rowmap_rows_drop(struct rowmap_rows *r);

#endif
