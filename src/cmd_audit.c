/*
 * cmd_audit.c — the audit trail from the shell: verify the chain, read the log.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "date.h"

static int log_entry(void *ctx, const struct audit_entry *x)
{
	json_t *arr = ctx;
	char at[32];
	instant_format_utc(x->at_ms, at);
	json_t *o = json_pack("{sIssssssss}", "seq", (json_int_t)x->seq, "at", at, "actor", x->actor, "action",
			      x->action, "entity", x->entity);
	if (x->org)
		json_object_set_new(o, "org", json_string(x->org));
	if (x->key)
		json_object_set_new(o, "key", json_string(x->key));
	json_object_set_new(o, "before", x->before ? json_loads(x->before, 0, NULL) : json_null());
	json_object_set_new(o, "after", x->after ? json_loads(x->after, 0, NULL) : json_null());
	json_array_append_new(arr, o);
	return 0;
}

int cmd_audit(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold audit verify\n"
				 "       skjold audit log [--org ID] [--entity node|edge|risk|…] [--key ID]\n"
				 "  verify re-checks the hash chain and exits 1 naming the first broken entry.\n"
				 "  log shows who changed what and when, with the object before and after.\n");
	int rc;
	if (!strcmp(verb, "verify")) {
		if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
			return rc;
		json_t *summary;
		rc = audit_verify(c->st, &summary, &c->e);
		if (summary)
			cli_print(summary);
		return rc;
	}
	if (strcmp(verb, "log"))
		return err_set(&c->e, ERR_INVALID, verb, "audit takes verify or log, not '%s'", verb);
	const char *org = cli_get(c, "org"), *entity = cli_get(c, "entity"), *key = cli_get(c, "key");
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	json_t *arr = json_array();
	rc = store_audit_scan(c->st, entity, org, key, log_entry, arr, &c->e);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	return cli_print(arr);
}
