/*
 * cmd_audit.c — the audit trail from the shell: verify the chain, read the
 * log.  The shell's adapter of the audit use cases in app_io.c.
 */
#include <string.h>

#include "app_io.h"
#include "cli.h"

int cmd_audit(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold audit verify\n"
				 "       skjold audit log [--org ID] [--entity node|edge|risk|…] [--key ID]\n"
				 "  verify re-checks the hash chain and exits 1 naming the first broken entry.\n"
				 "  log shows who changed what and when, with the object before and after.\n");
	int rc;
	struct app x;
	json_t *out;
	if (!strcmp(verb, "verify")) {
		if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
			return rc;
		x = cli_app(c);
		rc = app_io_audit_verify(&x, &out);
		if (out)
			cli_print(out);
		return rc;
	}
	if (strcmp(verb, "log"))
		return err_setm(&c->e, ERR_INVALID, verb, "cli.audit_verb", "verb", verb, NULL);
	struct app_audit_query q = {.org = cli_get(c, "org"), .entity = cli_get(c, "entity"), .key = cli_get(c, "key")};
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	x = cli_app(c);
	return (rc = app_io_audit_log(&x, &q, &out)) ? rc : cli_print(out);
}
