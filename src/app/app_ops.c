/*
 * app_ops.c — the use cases of backup, restore and migration (app_ops.h).
 *
 * A restore refuses what cannot be trusted whole: a schema this build does
 * not know (its code would misread the rows) and an audit log whose chain
 * does not verify (restoring it would launder the tampering into a log that
 * then grows on top of it).  Both are ERR_INVALID: the operator gave a file
 * that is not a restorable backup, and nothing was changed.
 *
 * A migration refuses a source whose chain does not verify for the same
 * reason (the target's chain would start clean from a cut log: the copy
 * rebuilds the head from the rows), and a target that holds anything.  What
 * it proves before it commits: every table's row count and the checksum of
 * the whole logical content are the source's, and the target's chain
 * verifies.
 */
#include "app_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "jsonx.h"

int app_ops_inspect(struct app *x, struct app_ops_copy *out)
{
	struct user_rec *users;
	struct org *orgs;
	size_t nusers = 0, norgs = 0;
	struct errinfo ve = {0};
	*out = (struct app_ops_copy){0};
	int64_t head_seq = 0;
	unsigned char head_hash[32];
	/* entries run 1, 2, … without gaps (audit_in_order): the head's number is the count */
	int rc = store_audit_head(x->st, &head_seq, head_hash, x->e);
	out->audit_entries = head_seq;
	if (!rc)
		rc = store_user_list(x->st, x->a, &users, &nusers, x->e);
	if (!rc)
		rc = store_org_list(x->st, x->a, &orgs, &norgs, x->e);
	if (rc)
		return rc;
	out->users = (long long)nusers;
	out->orgs = (long long)norgs;
	int vrc = audit_verify(x->st, &out->verify, &ve);
	if (vrc && vrc != ERR_CHECK) {
		json_decref(out->verify);
		out->verify = NULL;
		return err_pass(x->e, &ve);
	}
	out->intact = vrc == 0;
	return 0;
}

/* A copy's broken chain refused: code with the first broken {entry} and the verifier's {reason} in each language. */
static int chain_refused(struct app *x, const char *field, const char *code, const json_t *verify)
{
	const char *en = json_string_value(json_object_get(verify, "reason"));
	json_t *m = json_object_get(verify, "reason_msg");
	char *da = m ? msg_render_json(MSG_DA, m) : NULL;
	int rc = err_setm(x->e, ERR_INVALID, field, code, "entry",
			  err_num((char[24]){0}, json_integer_value(json_object_get(verify, "first_broken_entry"))),
			  "reason:da", da ? da : en ? en : "?", "reason:en", en ? en : "?", NULL);
	free(da);
	return rc;
}

int app_ops_restore_check(struct app *x, const struct store_file_info *file, const struct app_ops_copy *copy,
			  const char *name)
{
	if (file->schema > file->schema_max)
		return err_setm(x->e, ERR_INVALID, name, "ops.restore_schema", "schema",
				err_num((char[24]){0}, file->schema), "max", err_num((char[24]){0}, file->schema_max), NULL);
	if (!copy->intact)
		return chain_refused(x, name, "ops.restore_chain", copy->verify);
	return 0;
}

int app_ops_record(struct app *x, const char *action, json_t *detail)
{
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	rc = audit_record(x->st, x->actor, x->now_ms, action, "database", NULL, NULL, NULL, jx_dump(detail, x->a),
			  x->e);
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc)
		store_rollback(x->st);
	return rc;
}

/* The census's rows per table as a JSON object. */
static json_t *census_tables(const struct store_census *c)
{
	json_t *t = json_object();
	for (size_t i = 0; i < c->ntables; i++)
		json_object_set_new(t, c->table[i], json_integer(c->table_rows[i]));
	return t;
}

static void hex32(const unsigned char h[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* The copy in the target equals what was read from the source: rows per table, then the checksum. */
static int migrate_compare(struct app *x, const struct app_ops_migration *m, const struct store_census *from,
			   const struct store_census *to)
{
	for (size_t i = 0; i < from->ntables; i++)
		if (from->table_rows[i] != to->table_rows[i])
			return err_setm(x->e, ERR_CHECK, m->to_name, "ops.migrate_rows", "table", from->table[i], "source",
					err_num((char[24]){0}, from->table_rows[i]), "target",
					err_num((char[24]){0}, to->table_rows[i]), NULL);
	if (memcmp(from->checksum, to->checksum, 32)) {
		char a[65], b[65];
		hex32(from->checksum, a);
		hex32(to->checksum, b);
		return err_setm(x->e, ERR_CHECK, m->to_name, "ops.migrate_checksum", "target", b, "source", a, NULL);
	}
	return 0;
}

/* ERR_CONFLICT naming the target when it holds any row. */
static int migrate_target_empty(struct app *x, const struct app_ops_migration *m)
{
	struct store_census c;
	int rc = store_census(m->to, &c, x->e);
	if (rc || !c.rows)
		return rc;
	size_t t = 0;
	while (t + 1 < c.ntables && !c.table_rows[t])
		t++;
	return err_setm(x->e, ERR_CONFLICT, m->to_name, "ops.migrate_target", "target", m->to_label, "rows",
			err_num((char[24]){0}, c.rows), "table", c.table[t], "table_rows",
			err_num((char[24]){0}, c.table_rows[t]), NULL);
}

int app_ops_migrate(struct app *x, const struct app_ops_migration *m, json_t **out)
{
	struct app_ops_copy src = {0};
	struct store_census copied, after;
	json_t *verify = NULL, *detail = NULL;
	struct errinfo ve = {0};
	char sum[65];
	*out = NULL;
	/* a target with data is refused at once (the same database under another name too, before its
	 * lock would wait for the source's), and again inside its transaction, where it cannot change;
	 * the source's write lock: no writer slips in between its check and its copy */
	int rc = migrate_target_empty(x, m);
	if (rc || (rc = store_begin(x->st, x->e)))
		return rc;
	if ((rc = app_ops_inspect(x, &src)))
		goto out;
	if (!src.intact) {
		rc = chain_refused(x, m->from_name, "ops.migrate_chain", src.verify);
		goto out;
	}
	if ((rc = store_begin(m->to, x->e)))
		goto out;
	if ((rc = migrate_target_empty(x, m)) || (rc = store_copy(x->st, m->to, &copied, x->e)) ||
	    (rc = store_census(m->to, &after, x->e)) || (rc = migrate_compare(x, m, &copied, &after)))
		goto out_to;
	int vrc = audit_verify(m->to, &verify, &ve);
	if (vrc) {
		rc = err_setm_in(x->e, vrc, m->to_name, &ve, "ops.migrate_target_chain", NULL);
		goto out_to;
	}
	hex32(copied.checksum, sum);
	detail = json_pack("{sssssssssIsssI}", "from", m->from_label, "from_backend", store_backend(x->st), "to",
			   m->to_label, "to_backend", store_backend(m->to), "rows", (json_int_t)copied.rows, "checksum",
			   sum, "audit_entries", (json_int_t)src.audit_entries);
	/* recorded after the comparison: the entry is the target's first of its own */
	if ((rc = audit_record(m->to, x->actor, x->now_ms, "migrate", "database", NULL, NULL, NULL,
			       jx_dump(detail, x->a), x->e)) ||
	    (rc = store_commit(m->to, x->e)))
		goto out_to;
	*out = json_deep_copy(detail);
	json_object_set_new(*out, "tables", census_tables(&copied));
	json_object_set_new(*out, "audit_verify", verify);
	verify = NULL;
	goto out;
out_to:
	store_rollback(m->to);
out:
	store_rollback(x->st); /* it only read */
	json_decref(src.verify);
	json_decref(verify);
	json_decref(detail);
	return rc;
}
