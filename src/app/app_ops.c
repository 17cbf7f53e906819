/*
 * app_ops.c — the use cases of backup and restore (app_ops.h).
 *
 * A restore refuses what cannot be trusted whole: a schema this build does
 * not know (its code would misread the rows) and an audit log whose chain
 * does not verify (restoring it would launder the tampering into a log that
 * then grows on top of it).  Both are ERR_INVALID: the operator gave a file
 * that is not a restorable backup, and nothing was changed.
 */
#include "app_ops.h"

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
		return err_set(x->e, vrc, ve.field, "%s", ve.message);
	}
	out->intact = vrc == 0;
	return 0;
}

int app_ops_restore_check(struct app *x, const struct store_file_info *file, const struct app_ops_copy *copy,
			  const char *name)
{
	if (file->schema > file->schema_max)
		return err_set(x->e, ERR_INVALID, name,
			       "its schema is at migration %d, newer than this build's %d: restore it with the skjold "
			       "that wrote it, or a newer one; nothing was restored",
			       file->schema, file->schema_max);
	if (!copy->intact) {
		json_t *why = json_object_get(copy->verify, "reason");
		return err_set(x->e, ERR_INVALID, name,
			       "its audit chain does not verify (entry %lld: %s); nothing was restored",
			       (long long)json_integer_value(json_object_get(copy->verify, "first_broken_entry")),
			       why ? json_string_value(why) : "unknown");
	}
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
