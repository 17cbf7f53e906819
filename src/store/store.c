/*
 * store.c — backend selection and dispatch.
 *
 * store_open is the one place that names every backend; everything else is
 * a one-line call through the backend's struct store_ops, as SQLite's VFS
 * does it.
 */
#include "store_impl.h"

#include <string.h>

int store_open(const char *url, struct store **out, struct errinfo *e)
{
	*out = NULL;
	if (!url || !*url)
		return err_set(e, ERR_INVALID, "--db", "no database given");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return err_set(e, ERR_INVALID, "--db",
			       "PostgreSQL is not available in this build; give a SQLite file path");
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return sqlite_store_open(url, out, e);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

const char *store_backend(const struct store *st) { return st->ops->name; }
int store_begin(struct store *st, struct errinfo *e) { return st->ops->begin(st, e); }
int store_commit(struct store *st, struct errinfo *e) { return st->ops->commit(st, e); }
void store_rollback(struct store *st) { st->ops->rollback(st); }
int store_bulk_begin(struct store *st, struct errinfo *e) { return st->ops->bulk_begin(st, e); }
int store_bulk_end(struct store *st, int ok, struct errinfo *e) { return st->ops->bulk_end(st, ok, e); }

int store_org_put(struct store *st, const struct org *o, struct errinfo *e) { return st->ops->org_put(st, o, e); }
int store_org_get(struct store *st, const char *id, struct arena *a, struct org *out, struct errinfo *e)
{
	return st->ops->org_get(st, id, a, out, e);
}
int store_org_list(struct store *st, struct arena *a, struct org **out, size_t *n, struct errinfo *e)
{
	return st->ops->org_list(st, a, out, n, e);
}
int store_org_delete(struct store *st, const char *id, struct errinfo *e) { return st->ops->org_delete(st, id, e); }

int store_table_get(struct store *st, const char *org, const char *name, struct arena *a, const char **json,
		    struct errinfo *e)
{
	return st->ops->table_get(st, org, name, a, json, e);
}
int store_table_put(struct store *st, const char *org, const char *name, const char *json, struct errinfo *e)
{
	return st->ops->table_put(st, org, name, json, e);
}
int store_matrix_list(struct store *st, const char *org, struct arena *a, struct matrix_version **out, size_t *n,
		      struct errinfo *e)
{
	return st->ops->matrix_list(st, org, a, out, n, e);
}
int store_matrix_add(struct store *st, const char *org, const struct matrix_version *mv, struct errinfo *e)
{
	return st->ops->matrix_add(st, org, mv, e);
}

/* The six kinds of domain object share one shape of call. */
#define DISPATCH_OBJECT(kind)                                                                          \
	int store_##kind##_put(struct store *st, const char *org, const struct kind *x, struct errinfo *e) \
	{                                                                                              \
		return st->ops->kind##_put(st, org, x, e);                                            \
	}                                                                                              \
	int store_##kind##_list(struct store *st, const char *org, struct arena *a, struct kind **out, \
				size_t *n, struct errinfo *e)                                          \
	{                                                                                              \
		return st->ops->kind##_list(st, org, a, out, n, e);                                   \
	}

DISPATCH_OBJECT(node)
DISPATCH_OBJECT(edge)
DISPATCH_OBJECT(threat)
DISPATCH_OBJECT(risk)
DISPATCH_OBJECT(measure)
DISPATCH_OBJECT(change)

#define DISPATCH_BY_ID(kind)                                                                           \
	int store_##kind##_get(struct store *st, const char *org, const char *id, struct arena *a,     \
			       struct kind *out, struct errinfo *e)                                    \
	{                                                                                              \
		return st->ops->kind##_get(st, org, id, a, out, e);                                   \
	}                                                                                              \
	int store_##kind##_delete(struct store *st, const char *org, const char *id, struct errinfo *e) \
	{                                                                                              \
		return st->ops->kind##_delete(st, org, id, e);                                        \
	}

DISPATCH_BY_ID(node)
DISPATCH_BY_ID(threat)
DISPATCH_BY_ID(risk)
DISPATCH_BY_ID(measure)
DISPATCH_BY_ID(change)

int store_edge_get(struct store *st, const char *org, const char *from, const char *to, struct arena *a,
		   struct edge *out, struct errinfo *e)
{
	return st->ops->edge_get(st, org, from, to, a, out, e);
}
int store_edge_delete(struct store *st, const char *org, const char *from, const char *to, struct errinfo *e)
{
	return st->ops->edge_delete(st, org, from, to, e);
}
int store_node_ids(struct store *st, const char *org, void (*fn)(void *ctx, const char *id, size_t len), void *ctx,
		   struct errinfo *e)
{
	return st->ops->node_ids(st, org, fn, ctx, e);
}

int store_audit_append(struct store *st, const struct audit_entry *x, struct errinfo *e)
{
	return st->ops->audit_append(st, x, e);
}
int store_audit_head(struct store *st, int64_t *seq, unsigned char hash[32], struct errinfo *e)
{
	return st->ops->audit_head(st, seq, hash, e);
}
int store_audit_scan(struct store *st, const char *entity, const char *org, const char *key,
		     int (*fn)(void *ctx, const struct audit_entry *x), void *ctx, struct errinfo *e)
{
	return st->ops->audit_scan(st, entity, org, key, fn, ctx, e);
}

int store_incident_put(struct store *st, const char *org, const struct incident_rec *x, struct errinfo *e)
{
	return st->ops->incident_put(st, org, x, e);
}
int store_incident_get(struct store *st, const char *org, const char *id, struct arena *a, struct incident_rec *out,
		       struct errinfo *e)
{
	return st->ops->incident_get(st, org, id, a, out, e);
}
int store_incident_list(struct store *st, const char *org, struct arena *a, struct incident_rec **out, size_t *n,
			struct errinfo *e)
{
	return st->ops->incident_list(st, org, a, out, n, e);
}
int store_incident_nodes(struct store *st, const char *org, struct arena *a, struct incident_node_ref **out, size_t *n,
			 struct errinfo *e)
{
	return st->ops->incident_nodes(st, org, a, out, n, e);
}
int store_submission_add(struct store *st, const char *org, const struct submission_rec *x, struct errinfo *e)
{
	return st->ops->submission_add(st, org, x, e);
}
int store_submission_list(struct store *st, const char *org, const char *incident, struct arena *a,
			  struct submission_rec **out, size_t *n, struct errinfo *e)
{
	return st->ops->submission_list(st, org, incident, a, out, n, e);
}
int store_incident_event_add(struct store *st, const char *org, const struct incident_event *x, struct errinfo *e)
{
	return st->ops->incident_event_add(st, org, x, e);
}
int store_incident_event_list(struct store *st, const char *org, const char *incident, struct arena *a,
			      struct incident_event **out, size_t *n, struct errinfo *e)
{
	return st->ops->incident_event_list(st, org, incident, a, out, n, e);
}
