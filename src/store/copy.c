/*
 * copy.c — a whole database copied into another, of the same backend or
 * not (store_copy; `skjold migrate`, docs/operations.md).
 *
 * The copy is the logical dump read and written back: the source's dump op
 * hands over its typed rows table by table (dump.c checks their order and
 * hashes them as `skjold db checksum` does), and each row goes straight to
 * the target's load op.  Nothing is held in memory beyond one row (and, on
 * PostgreSQL, the result of one table's SELECT), and both ends speak the
 * dump's portable form, so every pair of backends copies the same way.
 *
 * The dump's table order is the order of the schema's references (an
 * organisation before its nodes, nodes before edges and risks, users before
 * their memberships, sessions and tokens, forums before their members), so
 * the target's foreign keys hold row by row and need not be switched off.
 *
 * What the copy does not do is decide: whether the target may be written
 * (empty), whether it came out equal (the census of both) and what the
 * audit log records are the use case's (app_ops_migrate).
 */
#include "store_impl.h"

struct copy_run {
	struct store *to;
	struct errinfo *e;
};

static int copy_row(void *ctx, size_t t, const struct store_value *v)
{
	struct copy_run *c = ctx;
	return c->to->ops->load(c->to, t, v, c->e);
}

int store_copy(struct store *from, struct store *to, struct store_census *copied, struct errinfo *e)
{
	*copied = (struct store_census){0};
	if (from->scope || to->scope)
		return err_setm(e, ERR_DENIED, "", "store.copy_operator", NULL);
	if (to->ops->depth(to) == 0)
		return err_setm(e, ERR_INTERNAL, "", "internal.copy_no_tx", NULL);
	struct copy_run c = {.to = to, .e = e};
	int rc = store_census_tee(from, copy_row, &c, copied, e);
	int end = to->ops->load(to, store_dump_ntables, NULL, e); /* the rows the target held back */
	return rc ? rc : end;
}
