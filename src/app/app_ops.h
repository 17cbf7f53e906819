/*
 * app_ops.h — the use cases of day-2 operations (issue 16): what a backup
 * and a restore decide and record, apart from the files they move.
 *
 * The shell's `skjold backup` and `skjold restore` (cmd_backup.c) move the
 * bytes: temporary files, fsync, rename, checksums.  What a copy must be to
 * be restored and what the audit log keeps of either lives here, so a later
 * adapter (a scheduled job, an admin route) decides the same way.
 * (docs/operations.md)
 */
#ifndef SKJOLD_APP_OPS_H
#define SKJOLD_APP_OPS_H

#include <stdbool.h>

#include "app.h"

/* What a database copy holds, as a backup and a restore report it. */
struct app_ops_copy {
	json_t *verify;        /* audit verify's summary (the caller's), or NULL when it could not run */
	bool intact;           /* the chain verifies */
	long long audit_entries; /* entries in the log */
	long long users, orgs; /* what a restore would replace */
};

/*
 * Look at the database x->st (a copy, or a restore's target): its audit
 * chain re-verified and its size in entries, users and organisations.  A
 * broken chain is not an error here (out->intact says it); a store error is.
 * x->st must be unscoped.
 */
int app_ops_inspect(struct app *x, struct app_ops_copy *out);

/*
 * Whether a restore may go ahead from a copy (x->e names the problem):
 * ERR_INVALID when its schema is newer than this build's or its audit chain
 * is broken (a restore never brings back a log that does not verify).
 */
int app_ops_restore_check(struct app *x, const struct store_file_info *file, const struct app_ops_copy *copy,
			  const char *name);

/*
 * Append one audit entry about the whole database (entity "database", no
 * organisation, action "backup" or "restore"; detail, borrowed, is kept as
 * the entry's after) in its own transaction.  A backup is recorded in the
 * database it copied: a copy of everything, users' and tokens' hashes
 * included, is worth knowing who took.  A restore is recorded in the
 * restored content, after its chain, before it replaces the target.
 */
int app_ops_record(struct app *x, const char *action, json_t *detail);

#endif
