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

/* A migration's target (skjold migrate), opened by the adapter. */
struct app_ops_migration {
	struct store *to;
	const char *from_name, *to_name;   /* how errors name the source and the target (the shell: --db, --to) */
	const char *from_label, *to_label; /* the databases as the result and the record show them (no password) */
};

/*
 * Copy the whole database x->st into m->to, whose content must be empty
 * (docs/operations.md, "Moving between backends").  The source is held
 * under its write lock throughout (writers beside it wait; nothing written
 * to it is left behind) and only read; its audit chain must verify
 * (ERR_INVALID naming from_name).  The target is written in one
 * transaction: its emptiness checked inside it (ERR_CONFLICT naming
 * to_name), every table copied (store_copy), then its rows counted per
 * table and its checksum taken and both compared with the source's, and its
 * audit chain verified (ERR_CHECK saying what differs); only then is the
 * entry "migrate" appended to the target's log and the transaction
 * committed.  Any failure rolls the target back: it holds no data
 * afterwards.  *out (new reference) is the result: the backends, rows per
 * table, the checksum both agreed on (the target's changes by the migrate
 * entry after it) and the target's audit verification.
 */
int app_ops_migrate(struct app *x, const struct app_ops_migration *m, json_t **out);

#endif
