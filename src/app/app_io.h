/*
 * app_io.h — the application layer's use cases of moving data in and out:
 * the export of organisation documents, their import, the import of
 * spreadsheets (CSV), the shipped threat catalogue, and the audit log (read
 * it, verify its chain).  (docs/internals/app_io.md)
 *
 * Documents and files arrive as bytes or as a parsed JSON value: the shell
 * reads the file, the server passes the body; no use case here opens a file.
 */
#ifndef SKJOLD_APP_IO_H
#define SKJOLD_APP_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "audit_format.h"
#include "import.h"

/*
 * The organisation document of org (SPEC §9) with its derived fields as of
 * x->today and its incidents; org NULL: every organisation the store's scope
 * shows, as {"skjold": 1, "organisations": [...]}.  *out is the caller's.
 */
int app_io_export(struct app *x, const char *org, json_t **out);

struct app_import {
	json_t *doc;              /* one organisation's document, or {"organisations": [...]} (borrowed) */
	const char *admin_of_new; /* NULL, or a user made admin of every organisation the import creates */
};
/*
 * Import a document, all or nothing: any error changes nothing and names
 * the document's path.  An organisation that exists is replaced (its
 * previous state stays in the audit log).  With admin_of_new, the
 * organisations that did not exist before get that user as admin, audited,
 * in the same transaction.  *out: {"imported": [counts per organisation]}.
 */
int app_io_import(struct app *x, const struct app_import *req, json_t **out);

/* The kind of spreadsheet named name ("nodes", "edges", "risks"); -1 when there is none. */
int app_io_csv_kind_parse(const char *name);

struct app_import_csv {
	enum csv_kind kind;
	const char *org;  /* NULL: an "org" column names each row's organisation */
	const char *data; /* the file's bytes (borrowed) */
	size_t len;
};
/*
 * Import a spreadsheet in one transaction (nodes and edges by the store's
 * bulk path): a bad row changes nothing and is named "row N, column".  No
 * organisation and no "org" column: ERR_INVALID naming "org".  *out: the
 * counts (import_csv, import.h).
 */
int app_io_import_csv(struct app *x, const struct app_import_csv *req, json_t **out);

/* The shipped all-hazards threat catalogue ({"threats": [...]}); *out is the caller's. */
int app_io_threat_catalogue(struct app *x, json_t **out);
/*
 * Add the shipped catalogue's threats org does not have yet, audited, in one
 * transaction; *out: {"organisation": org, "threats_added": n}.
 */
int app_io_threat_load_defaults(struct app *x, const char *org, json_t **out);

/* Which audit entries: each field NULL for any. */
struct app_audit_query {
	const char *org, *entity, *key;
};
/*
 * The entries the query and the store's scope select, oldest first, each
 * {seq, at, actor, action, entity, org?, key?, before, after}; *out is an
 * array the caller owns.
 */
int app_io_audit_log(struct app *x, const struct app_audit_query *q, json_t **out);
/*
 * Re-check the whole chain: 0 when intact, ERR_CHECK naming the first broken
 * entry, or a store error.  *out (the caller's, also on ERR_CHECK; NULL when
 * the check could not run) tells the entries checked and the first broken.
 */
int app_io_audit_verify(struct app *x, json_t **out);

/* Whether the chain holds, told to a caller who may see only part of it. */
struct app_audit_check {
	bool intact;         /* the whole chain, every organisation's entries */
	long long own_entries; /* the entries the store's scope shows */
};
/*
 * Count the entries in the store's scope, then verify the whole chain (the
 * scope lifted for that alone): the server's check, which tells whether the
 * chain holds but not where it breaks.  A broken chain is not an error here.
 */
int app_io_audit_check(struct app *x, struct app_audit_check *out);

/* An export of the log for a SIEM (app_audit_export.c). */
struct app_audit_export {
	int64_t since_ms, until_ms; /* entries at since_ms <= at < until_ms; INT64_MAX: no end */
	const char *org;            /* NULL: every organisation's entries and those of none */
	enum audit_format format;
	bool whole_log;             /* read past the store's scope: a system administrator (the adapter decides) */
	/* Where the lines go, a page at a time; a negative enum err stops the export (x->e set by it). */
	int (*write)(void *ctx, const char *data, size_t len);
	void *ctx;
};
/*
 * The entries the request and the store's scope select, oldest first, one
 * line each (audit_format.h), ending in a newline.  The log is read a page at
 * a time up to the entry that was its head when the export began, so neither
 * a long log nor a write during the export is held whole; *count: the lines
 * written.  until_ms not after since_ms is ERR_INVALID naming "until".
 */
int app_io_audit_export(struct app *x, const struct app_audit_export *req, int64_t *count);

#endif
