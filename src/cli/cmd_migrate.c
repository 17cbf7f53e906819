/*
 * cmd_migrate.c — `skjold migrate --to TARGET` (issue 16, docs/operations.md
 * "Moving between backends"): the shell's adapter of app_ops_migrate, which
 * copies the whole database --db names into TARGET, of the same backend or
 * the other (a SQLite file, a postgresql:// URL or a libpq key=value string).
 *
 * Here: what TARGET may be (a database URL or a file path, not the source
 * itself), opening both stores (the target's schema is made by the usual
 * migrations at open), and the file a SQLite target was created as: when
 * the migration fails, a file this command created is removed again, so a
 * failure leaves either no file or (when it existed, empty) an empty one.
 * The use case does the rest in one transaction on the target.
 */
#include <string.h>
#include <sys/stat.h>

#include "app_ops.h"
#include "cli.h"

static const char usage[] =
	"usage: skjold [--db SOURCE] migrate --to TARGET\n"
	"  copy the whole database SOURCE into TARGET, an empty database of either backend: a SQLite\n"
	"  file (created when absent), postgresql://USER@HOST/DB or 'host=… dbname=…'.  Everything is\n"
	"  copied (organisations, register of information, incidents and reports, the forum, users,\n"
	"  tokens, sessions, the whole audit log with its hashes) in one transaction on TARGET, then\n"
	"  every table's row count, the checksum of the logical content (skjold db checksum) and the\n"
	"  audit chain are checked there; only then is the entry 'migrate' appended to TARGET's log\n"
	"  and the copy committed.  SOURCE is only read, under its write lock (writers wait).  A TARGET\n"
	"  that holds any row is refused (exit 2); any failure leaves TARGET without data.\n"
	"  (docs/operations.md)\n";

/* Two file paths name the same file. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* A file URL's path ("sqlite:PATH" or PATH). */
static const char *file_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

int cmd_migrate(struct cli *c)
{
	if (c->help)
		return cli_usage(usage);
	const char *to = cli_get(c, "to");
	struct store *dst = NULL;
	const char *created = NULL; /* the target file this command made */
	json_t *out = NULL;
	int rc;
	if (c->npos > 1)
		return err_setm(&c->e, ERR_INVALID, c->pos[1], "cli.migrate_argument", NULL);
	if (!to || !*to)
		return err_setm(&c->e, ERR_INVALID, "--to", "cli.migrate_to", NULL);
	if ((rc = cli_check_unused(c)))
		return rc;
	bool to_file = store_url_is_file(to), from_file = store_url_is_file(c->db);
	if (to_file && strstr(to, "://"))
		return err_setm(&c->e, ERR_INVALID, "--to", "cli.migrate_not_db", "target", to, NULL);
	if (!strcmp(to, c->db) || (to_file && from_file && same_file(file_path(to), file_path(c->db))))
		return err_setm(&c->e, ERR_INVALID, "--to", "cli.migrate_same", NULL);
	if ((rc = cli_open(c)))
		return rc;
	struct stat sb;
	if (to_file && stat(file_path(to), &sb) != 0)
		created = file_path(to);
	if ((rc = store_open(to, &dst, &c->e))) {
		snprintf(c->e.field, sizeof c->e.field, "--to"); /* the backend names --db, the database it opens */
		goto out;
	}
	struct app x = cli_app(c);
	struct app_ops_migration m = {.to = dst,
				      .from_name = "--db",
				      .to_name = "--to",
				      .from_label = config_masked(&c->a, c->db),
				      .to_label = config_masked(&c->a, to)};
	if ((rc = app_ops_migrate(&x, &m, &out)))
		goto out;
	created = NULL; /* it holds the copy now */
	rc = cli_print(out);
	out = NULL;
out:
	store_close(dst);
	if (created)
		cli_remove_db(c, created);
	json_decref(out);
	return rc;
}
