/*
 * app_kitos.h — the use case of importing a municipality's KITOS export
 * into one organisation's dependency map (docs/kitos.md).
 *
 * The export arrives parsed: the shell reads a file or a directory of page
 * files and gathers them, the server passes the body.
 */
#ifndef SKJOLD_APP_KITOS_H
#define SKJOLD_APP_KITOS_H

#include <stdbool.h>

#include "app.h"

struct app_kitos_import {
	const char *org; /* the organisation whose map it is */
	json_t *doc;     /* {"it-system-usages": [...], ...} (kitos.h; borrowed) */
	bool dry_run;    /* tell what would change, write nothing */
};
/*
 * Bring org's KITOS nodes up to date in one transaction: a system or
 * supplier is found by its ref ("kitos:UUID"); new ones are created, the
 * fields KITOS owns (name; a system's owner, personal_data and
 * critical_service) updated when they differ, edges added when the pair has
 * none.  Nodes without a KITOS ref are never touched; a KITOS system the
 * export no longer has is reported, not deleted.  When something changed,
 * one audit entry "import kitos" holds the summary; an import that changes
 * nothing writes nothing.  *out: the summary
 * {organisation, dry_run, systems, suppliers, created, updated, unchanged,
 * edges_added, not_in_kitos}.
 */
int app_kitos_import(struct app *x, const struct app_kitos_import *req, json_t **out);

#endif
