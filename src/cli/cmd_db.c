/*
 * cmd_db.c — the database as a whole: `skjold db dump` prints the logical
 * dump (store_dump, src/store/dump.c) and `skjold db checksum` its
 * BLAKE2b-256, the same for the same data on every backend.  The tests'
 * "nothing changed" checks compare checksums instead of reading the
 * database's file (tests/cli/lib.sh, dbsum).
 *
 * A store-level tool like the server's bootstrap in cmd_serve.c: it calls
 * the store directly, there being no use case between (nothing is
 * written, nothing is audited, no scope applies).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int write_out(void *ctx, const char *text, size_t len)
{
	struct cli *c = ctx;
	if (fwrite(text, 1, len, stdout) != len)
		return err_setm(&c->e, ERR_IO, "", "cli.dump_stdout", NULL);
	return 0;
}

int cmd_db(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold db checksum | skjold db dump\n"
				 "  dump prints the logical dump: every table in a fixed order, rows in key order,\n"
				 "  values in one canonical text form (docs/internals/store.md); the same data gives\n"
				 "  the same text on every backend.  checksum prints its BLAKE2b-256 as JSON.\n"
				 "  Session last-seen times, the audit head and the write generations are left out.\n");
	if (strcmp(verb, "dump") && strcmp(verb, "checksum"))
		return err_setm(&c->e, ERR_INVALID, verb, "cli.db_verb", "verb", verb, NULL);
	if (c->npos > 2)
		return err_setm(&c->e, ERR_INVALID, c->pos[2], "cli.db_no_argument", "verb", verb, NULL);
	int rc;
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	if (!strcmp(verb, "dump")) {
		if ((rc = store_dump(c->st, write_out, c, &c->e)))
			return rc;
		return fflush(stdout) ? err_setm(&c->e, ERR_IO, "", "cli.dump_stdout", NULL) : 0;
	}
	unsigned char hash[32];
	int64_t rows = 0;
	if ((rc = store_checksum(c->st, hash, &rows, &c->e)))
		return rc;
	char hex[65];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", hash[i]);
	json_t *out = json_pack("{s:s, s:s, s:i, s:I}", "checksum", hex, "algorithm", "blake2b-256", "format",
				STORE_DUMP_FORMAT, "rows", (json_int_t)rows);
	return cli_print(out);
}
