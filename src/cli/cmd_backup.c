/*
 * cmd_backup.c — `skjold backup FILE` and `skjold restore FILE` (issue 16,
 * docs/operations.md): the shell's adapter of app_ops.h, and the files.
 *
 * Backup: the store writes a snapshot (SQLite's online backup: a running
 * server keeps writing) into a temporary file beside FILE, made 0600 by
 * mkstemp; the copy's audit chain is re-verified; the file is fsynced,
 * renamed to FILE and the folder fsynced, so FILE is either absent or
 * whole; then FILE.sha256 the same way, in sha256sum's format with FILE's
 * base name (`cd` to its folder and `sha256sum -c FILE.sha256`).  The
 * backup is audited in the database it copied.
 *
 * Restore: nothing touches the target until the backup has passed every
 * check, in this order: FILE.sha256 (missing: refused unless
 * --no-checksum), then a working copy beside the target is inspected (a
 * skjold database, whole, a schema this build knows), opened (an older
 * schema is migrated) and its audit chain verified; the target must be
 * empty unless --force; the restore is audited in the working copy after
 * its chain; then the store copies the working copy over the target in one
 * step (store_restore).  Every refusal is exit 2 and leaves the target as
 * it was (it is not even created).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_ops.h"
#include "cli.h"

/* A path's folder (in the arena), for temporary files beside it and its fsync. */
static const char *dir_of(struct cli *c, const char *path)
{
	char *copy = arena_strdup(&c->a, path);
	return arena_strdup(&c->a, dirname(copy));
}

/* The SHA-256 of a file as 64 lowercase hex digits. */
static int file_sha256(struct cli *c, const char *path, char hex[65], int64_t *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_setm(&c->e, ERR_IO, path, "cli.read_error", "path", path, "error", strerror(errno), NULL);
	crypto_hash_sha256_state h;
	unsigned char buf[65536], sum[crypto_hash_sha256_BYTES];
	size_t got;
	*bytes = 0;
	crypto_hash_sha256_init(&h);
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		crypto_hash_sha256_update(&h, buf, got);
		*bytes += (int64_t)got;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_setm(&c->e, ERR_IO, path, "cli.read", "path", path, NULL);
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(hex, 65, sum, sizeof sum);
	return 0;
}

/* fsync a file or folder by name. */
static int sync_path(struct cli *c, const char *path)
{
	int fd = open(path, O_RDONLY);
	int ok = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : err_setm(&c->e, ERR_IO, path, "cli.sync", "path", path, "error", strerror(errno), NULL);
}

/* A new empty file "STEM.SUFFIX-XXXXXX" (0600), its name in the arena. */
static int temp_beside(struct cli *c, const char *stem, const char *suffix, char **out)
{
	char *name = arena_printf(&c->a, "%s.%s-XXXXXX", stem, suffix);
	int fd = mkstemp(name);
	if (fd < 0)
		return err_setm(&c->e, ERR_IO, stem, "cli.create_beside", "path", stem, "error", strerror(errno), NULL);
	close(fd);
	*out = name;
	return 0;
}

/* Close a copy's store and remove its files (path NULL: kept). */
static void drop_copy(struct cli *c, struct store *copy, const char *path)
{
	store_close(copy);
	if (path)
		cli_remove_db(c, path);
}

/* Print the result (taken) and give the exit status: 1 when the copy's audit chain does not verify. */
static int print_checked(json_t **out, const struct app_ops_copy *cp)
{
	cli_print(*out);
	*out = NULL;
	return cp->intact ? 0 : 1;
}

/* Copy a file's bytes into an existing one. */
static int copy_file(struct cli *c, const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	unsigned char buf[65536];
	size_t got;
	int ok = in && out;
	while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, got, out) == got;
	ok = ok && !ferror(in);
	if (out && fclose(out))
		ok = 0;
	if (in)
		fclose(in);
	return ok ? 0 : err_setm(&c->e, ERR_IO, from, "cli.copy", "from", from, "to", to, "error", strerror(errno),
				 NULL);
}

/* Open the store at path, or report why not (the working copy and the backup's check). */
static int open_copy(struct cli *c, const char *path, struct store **st)
{
	int rc = store_open(path, st, &c->e);
	if (rc)
		*st = NULL;
	return rc;
}

/* The copy's figures as the result shows them. */
static json_t *copy_json(const struct app_ops_copy *cp)
{
	return json_pack("{sIsIsIsO}", "audit_entries", (json_int_t)cp->audit_entries, "users", (json_int_t)cp->users,
			 "organisations", (json_int_t)cp->orgs, "audit_verify", cp->verify);
}

static int backup(struct cli *c, const char *file)
{
	struct store *copy = NULL;
	struct app_ops_copy cp = {0};
	char *tmp = NULL, hex[65];
	int64_t bytes = 0;
	json_t *out = NULL;
	struct stat sb;
	int rc = 0;
	bool force = cli_get(c, "force") != NULL;
	if ((rc = cli_check_unused(c)))
		return rc;
	if (!force && stat(file, &sb) == 0)
		return err_setm(&c->e, ERR_CONFLICT, file, "cli.backup_exists", NULL);
	if ((rc = cli_open(c)) || (rc = temp_beside(c, file, "tmp", &tmp)))
		return rc;
	if ((rc = store_backup(c->st, tmp, &c->e)))
		goto out;
	/* the copy as a restore would see it: its chain re-verified on the copy itself */
	if ((rc = open_copy(c, tmp, &copy)))
		goto out;
	struct app y = cli_app(c);
	y.st = copy;
	rc = app_ops_inspect(&y, &cp);
	store_close(copy);
	copy = NULL;
	if (rc || (rc = sync_path(c, tmp)) || (rc = file_sha256(c, tmp, hex, &bytes)))
		goto out;
	if (rename(tmp, file)) {
		rc = err_setm(&c->e, ERR_IO, file, "cli.rename", "from", tmp, "to", file, "error", strerror(errno),
			      NULL);
		goto out;
	}
	tmp = NULL;
	char *base = arena_strdup(&c->a, file);
	char *line = arena_printf(&c->a, "%s  %s\n", hex, basename(base));
	/* cli_write_file: a temporary file beside it, fsync, rename; mkstemp makes it 0600 */
	if ((rc = cli_write_file(c, arena_printf(&c->a, "%s.sha256", file), xstrdup(line), strlen(line))) ||
	    (rc = sync_path(c, dir_of(c, file))))
		goto out;
	out = json_pack("{sssssIss}", "backup", file, "sha256_file", arena_printf(&c->a, "%s.sha256", file), "bytes",
			(json_int_t)bytes, "sha256", hex);
	json_t *figures = copy_json(&cp);
	json_object_update(out, figures);
	json_decref(figures);
	struct app x = cli_app(c);
	char *abs = realpath(file, NULL);
	json_t *detail = json_pack("{sssIsssI}", "file", abs ? abs : file, "bytes", (json_int_t)bytes, "sha256", hex,
				   "audit_entries", (json_int_t)cp.audit_entries);
	free(abs);
	rc = app_ops_record(&x, "backup", detail);
	json_decref(detail);
	if (rc)
		goto out;
	/* a copy of a broken chain is kept (it is evidence) but the check failed */
	rc = print_checked(&out, &cp);
out:
	drop_copy(c, copy, tmp);
	json_decref(cp.verify);
	json_decref(out);
	return rc;
}

/* FILE.sha256 against FILE's own digest; ERR_INVALID naming the problem. */
static int check_sum(struct cli *c, const char *file, bool no_checksum, char hex[65])
{
	int64_t bytes;
	const char *sumfile = arena_printf(&c->a, "%s.sha256", file);
	char want[80] = "";
	int rc = file_sha256(c, file, hex, &bytes);
	if (rc) {
		err_clear(&c->e);
		return err_setm(&c->e, ERR_INVALID, file, "cli.read_error", "path", file, "error", strerror(errno),
				NULL);
	}
	FILE *f = fopen(sumfile, "r");
	if (!f) {
		if (no_checksum)
			return 0;
		return err_setm(&c->e, ERR_INVALID, sumfile, "cli.checksum_missing", NULL);
	}
	if (!fgets(want, sizeof want, f))
		want[0] = 0;
	fclose(f);
	if (strncmp(want, hex, 64) || (want[64] != ' ' && want[64] != '\t'))
		return err_setm(&c->e, ERR_INVALID, file, "cli.checksum_mismatch", "sumfile", sumfile, "sha256", hex,
				NULL);
	return 0;
}

static int restore(struct cli *c, const char *file)
{
	struct store *copy = NULL;
	struct store_file_info info;
	struct app_ops_copy cp = {0}, old = {0};
	char hex[65] = "", *work = NULL;
	json_t *out = NULL;
	int rc = 0;
	bool force = cli_get(c, "force") != NULL, no_checksum = cli_get(c, "no_checksum") != NULL;
	if ((rc = cli_check_unused(c)))
		return rc;
	/* a backup is a SQLite file: a target of another backend refuses it before anything is read */
	if (!store_url_is_file(c->db) && ((rc = cli_open(c)) || (rc = store_restore(c->st, file, &c->e))))
		return rc;
	if ((rc = check_sum(c, file, no_checksum, hex)))
		return rc;
	const char *target = strncmp(c->db, "sqlite:", 7) ? c->db : c->db + 7;
	if ((rc = temp_beside(c, target, "restore", &work)) || (rc = copy_file(c, file, work)))
		goto out;
	/* the working copy: a skjold database, whole, a schema this build knows, a chain that verifies */
	if ((rc = store_inspect(work, &info, &c->e))) {
		err_clear(&c->e);
		rc = store_inspect(file, &info, &c->e); /* the same verdict, naming the user's file */
		if (!rc)
			rc = err_setm(&c->e, ERR_IO, file, "cli.working_copy", "path", file, NULL);
		goto out;
	}
	struct app y = cli_app(c);
	if (info.schema > info.schema_max) {
		rc = app_ops_restore_check(&y, &info, &cp, file);
		goto out;
	}
	if ((rc = open_copy(c, work, &copy)))
		goto out;
	y.st = copy;
	if ((rc = app_ops_inspect(&y, &cp)) || (rc = app_ops_restore_check(&y, &info, &cp, file)))
		goto out;
	/* only now the target: opening it creates an absent one */
	if ((rc = cli_open(c)))
		goto out;
	struct app x = cli_app(c);
	if ((rc = app_ops_inspect(&x, &old)))
		goto out;
	if (!force && (old.audit_entries || old.users || old.orgs)) {
		rc = err_setm(&c->e, ERR_CONFLICT, "--db", "cli.restore_not_empty", "db", c->db, "orgs",
			      err_num((char[24]){0}, (long long)(old.orgs)), "users", err_num((char[24]){0},
			      (long long)(old.users)), "audit", err_num((char[24]){0}, (long long)(old.audit_entries)),
			      NULL);
		goto out;
	}
	json_t *detail = json_pack("{sssssIs{sIsIsIsO}}", "file", file, "sha256", hex,
				   "restored_audit_entries", (json_int_t)cp.audit_entries, "replaced", "organisations",
				   (json_int_t)old.orgs, "users", (json_int_t)old.users, "audit_entries",
				   (json_int_t)old.audit_entries, "audit_verify", old.verify);
	rc = app_ops_record(&y, "restore", detail);
	json_decref(detail);
	store_close(copy);
	copy = NULL;
	if (rc || (rc = store_restore(c->st, work, &c->e)))
		goto out;
	json_decref(cp.verify);
	if ((rc = app_ops_inspect(&x, &cp)))
		goto out;
	out = json_pack("{ssssssso}", "restored", file, "into", c->db, "sha256", hex, "result", copy_json(&cp));
	rc = print_checked(&out, &cp);
out:
	drop_copy(c, copy, work);
	json_decref(cp.verify);
	json_decref(old.verify);
	json_decref(out);
	return rc;
}

int cmd_backup(struct cli *c)
{
	const char *cmd = c->pos[0], *file = c->npos > 1 ? c->pos[1] : NULL;
	bool is_backup = !strcmp(cmd, "backup");
	if (!c->help && (!file || c->npos > 2)) /* a script's empty variable must not pass as a backup made */
		return err_setm(&c->e, ERR_INVALID, "", "cli.one_file", "command", cmd, "command2", cmd, NULL);
	if (c->help)
		return is_backup ? cli_usage("usage: skjold [--db DB] backup FILE [--force]\n"
					     "  a consistent copy of the whole database (also while skjold serve runs)\n"
					     "  into FILE (0600), written whole or not at all, and FILE.sha256 beside\n"
					     "  it; prints the copy's size, checksum and audit verification.  An\n"
					     "  existing FILE is replaced only with --force.  (docs/operations.md)\n")
				 : cli_usage("usage: skjold --db TARGET restore FILE [--force] [--no-checksum]\n"
					     "  replace TARGET's content with the backup FILE in one step, after\n"
					     "  checking FILE against FILE.sha256 (missing: refused unless\n"
					     "  --no-checksum), that it is a whole skjold database of a schema this\n"
					     "  build knows, and that its audit chain verifies.  A TARGET with any\n"
					     "  content is replaced only with --force.  Refusals exit 2 and change\n"
					     "  nothing.  (docs/operations.md)\n");
	return is_backup ? backup(c, file) : restore(c, file);
}
