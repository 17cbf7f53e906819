/*
 * app_roi.h — the use cases of the DORA Register of Information (src/roi/):
 * read and write an organisation's register, check it, export it as the
 * EBA's xBRL-CSV package, check a package file, import one.
 */
#ifndef SKJOLD_APP_ROI_H
#define SKJOLD_APP_ROI_H

#include <stddef.h>

#include "app.h"

/* The register of org ({} when none is kept). */
int app_roi_show(struct app *x, const char *org, json_t **out);
/*
 * Replace (APP_REPLACE) or merge (APP_MERGE, RFC 7386) the register of org;
 * checked (roi_doc_check, roi_doc_check_nodes) and audited; *out the register
 * as stored.  if_version: the version (ETag) last read, else ERR_STALE.
 */
int app_roi_write(struct app *x, const char *org, enum app_mode mode, json_t *fields, const char *if_version,
		  json_t **out);

/* The reference date of the yearly register when none is given: 31 December of last year
 * (EBA Q&A 2025_7387), as of the app's today. */
int32_t app_roi_default_date(const struct app *x);

/*
 * Check org's register as of as_of (DATE_NONE: app_roi_default_date):
 * {"organisation", "as_of", "ok", "violations": [{table, row, column, rule,
 * message, message_da}], "tables": {"B_01.01": rows, …}}.
 */
int app_roi_check(struct app *x, const char *org, int32_t as_of, json_t **out);

struct app_roi_package {
	char *bytes;         /* the zip (malloc'd), NULL when refused */
	size_t len;
	char *name;          /* the file name, "{package}.zip" (malloc'd) */
	json_t *violations;  /* set when the register fails its check (then ERR_CHECK) */
};
void app_roi_package_free(struct app_roi_package *p);
/* The package of org's register as of as_of; level "CON" or "IND" (NULL: the register's, else CON).
 * A register that fails its check: ERR_CHECK with out->violations. */
int app_roi_export(struct app *x, const char *org, int32_t as_of, const char *level, struct app_roi_package *out);
/* Check a package file: {"package", "ok", "violations", "tables"}; unreadable: ERR_INVALID naming the file. */
int app_roi_check_file(struct app *x, const void *zip, size_t len, json_t **out);
/*
 * Import a package into org, all or nothing: a package that fails its check
 * is ERR_INVALID naming the first violation's table, row and column, with
 * *out {"violations": […]}; else the register is replaced and the nodes and
 * edges it needs are added, in one audited transaction.  *out a summary.
 */
int app_roi_import(struct app *x, const char *org, const void *zip, size_t len, json_t **out);

#endif
