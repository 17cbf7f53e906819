/*
 * xbrl_csv.h — EBA xBRL-CSV report packages in the "headers" architecture
 * (EBA reporting framework 4.0; xBRL-CSV 1.0; XBRL report packages 2023).
 *
 * The module (formats/eba-roi/dora_4.0_module.json, embedded) names each
 * table's filing indicator ("B_02.01"), file ("b_02.01.csv") and column codes
 * ("c0010" …).  A package is a zip holding one folder named after the report
 * (see xc_package_name) with
 *     META-INF/reportPackage.json       {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023"}}
 *     reports/report.json               {"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-csv",
 *                                        "extends": [MODULE URL]}}
 *     reports/parameters.csv            name,value
 *     reports/FilingIndicators.csv      templateID,reported
 *     reports/b_XX.YY.csv               one per reported table, header row of column codes
 * exactly as the EBA's sample package (tests/roi/eba-sample-package-headers.zip).
 *
 * This file knows nothing about the register's meaning: rows are cells of
 * text.  src/roi/roi_tables.c fills and reads them.
 */
#ifndef SKJOLD_XBRL_CSV_H
#define SKJOLD_XBRL_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "mem.h"

/* One table of the module. */
struct xc_table_def {
	const char *code;       /* filing indicator, "B_02.01" */
	const char *file;       /* "b_02.01.csv" */
	size_t ncols;
	const char **cols;      /* column codes in the module's order, "c0010" … */
	size_t nkeys;
	const char **keys;      /* the key columns (open_keys_mapping), as column codes "c0010" */
};

/* The module: its URL and tables sorted by filing indicator (B_01.01 first, B_99.01 last). */
struct xc_module {
	const char *url;
	size_t ntables;
	struct xc_table_def *tables;
	struct arena a;          /* owns everything above */
};

/* Load the embedded DORA 4.0 module.  ERR_INTERNAL if the embedded copy is malformed. */
int xc_module_load(struct xc_module *m, struct errinfo *e);
void xc_module_free(struct xc_module *m);
/* The table with filing indicator code ("B_02.01"), or NULL. */
const struct xc_table_def *xc_module_table(const struct xc_module *m, const char *code);
/* Index of column code col ("c0050") in t, or -1. */
int xc_table_col(const struct xc_table_def *t, const char *col);

/* The rows of one table: cells[row * def->ncols + col], NULL for an empty cell. */
struct xc_table {
	const struct xc_table_def *def;
	bool reported;           /* its filing indicator */
	size_t nrows, cap;
	const char **cells;
};

struct xc_param {
	const char *name, *value;
};

/* A report: parameters in file order and one xc_table per module table (same order as m->tables). */
struct xc_report {
	const struct xc_module *m;
	const char *name;        /* the package's folder name (xc_package_name) */
	size_t nparams;
	struct xc_param *params;
	struct xc_table *tables;
	struct arena a;          /* owns name, params, cells */
};

/* An empty report over m: every table present with no rows, reported = true. */
void xc_report_init(struct xc_report *r, const struct xc_module *m);
void xc_report_free(struct xc_report *r);
struct xc_table *xc_report_table(struct xc_report *r, const char *code);
/* Append a row of def->ncols cells (copied into r->a; NULL or "" = empty); returns the row index. */
size_t xc_table_add(struct xc_report *r, struct xc_table *t, const char *const *cells);
/* Cell (row, col code) of t, NULL when empty. */
const char *xc_cell(const struct xc_table *t, size_t row, const char *col);
/* Set a parameter (replacing one of the same name), value copied. */
void xc_report_param(struct xc_report *r, const char *name, const char *value);
const char *xc_report_get_param(const struct xc_report *r, const char *name);

/*
 * The package name the EBA filing rules ask for:
 *   {entity}.{level}_{country}_DORA010100_DORA_{refdate}_{timestamp}
 * entity the LEI, level "CON" or "IND", country ISO 3166 alpha-2, refdate
 * YYYY-MM-DD, timestamp YYYYMMDDHHMMSSmmm (17 digits, UTC).  Into out (>= 128 bytes).
 */
void xc_package_name(char *out, size_t cap, const char *entity, const char *level, const char *country,
		     const char *refdate, const char *timestamp);

/*
 * Write r as a zip into *out (malloc'd, *len bytes).  Deterministic: the
 * entries in a fixed order (META-INF/reportPackage.json, reports/report.json,
 * reports/parameters.csv, reports/FilingIndicators.csv, then the tables by
 * filing indicator), each with the same fixed modification time, so the same
 * report gives the same bytes.  Cells are written RFC 4180 (comma, LF, quoted
 * only when holding a comma, quote, CR or LF).  Every table of the module is
 * written (an unreported or empty one with its header row only) and listed in
 * FilingIndicators.csv with its reported flag.  Parameters are written in the
 * order set.
 */
int xc_write(const struct xc_report *r, void **out, size_t *len, struct errinfo *e);

/*
 * Read a package (zip bytes) into r over m.  Refuses, naming the file (and
 * row and column where it applies) in e->field:
 *   not a zip; more than one top folder or files outside it; a missing or
 *   malformed META-INF/reportPackage.json or reports/report.json (wrong
 *   documentType, extends not the module's URL); parameters.csv or
 *   FilingIndicators.csv missing or with a wrong header; a filing indicator
 *   not in the module or a reported flag other than true/false; a reported
 *   table's file missing; a table file with an unknown or repeated column
 *   code, a row with more or fewer cells than the header; a file in reports/
 *   the module does not know; invalid UTF-8.
 * Columns may come in any order (the EBA sample permutes them): cells are
 * stored in the module's order; columns absent from the header are empty.
 * Bounds: at most 64 entries, 64 MiB uncompressed in all (checked against the
 * bytes actually inflated, not the sizes the zip claims) — ERR_LIMIT beyond.
 */
int xc_read(const struct xc_module *m, const void *zip, size_t len, struct xc_report *r, struct errinfo *e);

#endif
