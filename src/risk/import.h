/*
 * import.h — loading organisation documents (SPEC §9) and spreadsheets.
 *
 * Document import is all or nothing across every organisation in the file:
 * everything is parsed and checked before the first write, and the writes
 * run in one transaction.  An organisation that exists is replaced; its
 * previous state is kept whole in the audit log (action "replace").
 *
 * CSV import (import-csv) loads nodes, edges or risks from a spreadsheet in
 * one transaction; rows replace objects with the same id.
 */
#ifndef SKJOLD_IMPORT_H
#define SKJOLD_IMPORT_H

#include <jansson.h>
#include <stddef.h>

#include "edit.h"

/* Import a parsed document (one organisation, or {"organisations": [...]}). *summary: counts per organisation. */
int import_document(struct writer *w, json_t *doc, json_t **summary, struct errinfo *e);

enum csv_kind { CSV_NODES, CSV_EDGES, CSV_RISKS };
/*
 * Import a CSV file's bytes.  org may be NULL when the file has an "org"
 * column.  Every row is checked (e names "row N, column" and the field)
 * before the writes, which run as one bulk transaction with one audit entry
 * per file and organisation (rows and a BLAKE2b digest of the input).
 */
int import_csv(struct writer *w, enum csv_kind kind, const char *org, const char *data, size_t len,
	       json_t **summary, struct errinfo *e);

#endif
