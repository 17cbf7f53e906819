/*
 * store.c — backend selection, dispatch and tenancy.
 *
 * store_open is the one place that names every backend; everything else is
 * a call through the backend's struct store_ops, as SQLite's VFS does it.
 *
 * Tenancy lives here, between every caller and every backend: a call that
 * names an organisation first asks the scope (READ for reads, WRITE for
 * writes, ADMIN for memberships), and an organisation outside it is
 * reported exactly as a missing one is — same code, same message — so a
 * caller cannot tell "not yours" from "not there".
 */
#include "pgwatch.h"
#include "store_impl.h"

#include <string.h>

int store_open(const char *url, struct store **out, struct errinfo *e)
{
	*out = NULL;
	if (!url || !*url)
		return err_setm(e, ERR_INVALID, "--db", "store.no_db", NULL);
	if (pg_store_url(url))
		return pg_store_open(url, out, e);
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

bool store_url_is_file(const char *url) { return url && !pg_store_url(url); }

int store_inspect(const char *url, struct store_file_info *out, struct errinfo *e)
{
	if (url && !strncmp(url, "sqlite:", 7))
		url += 7;
	if (!url || !*url || strstr(url, "://"))
		return err_setm(e, ERR_INVALID, "--db", "store.backup_path", NULL);
	return sqlite_store_inspect(url, out, e);
}

/* Backup and restore are the operator's: a scoped store (a server request) may not. */
int store_backup(struct store *st, const char *path, struct errinfo *e)
{
	if (st->scope)
		return err_setm(e, ERR_DENIED, "", "store.backup_operator", NULL);
	return st->ops->backup(st, path, e);
}
int store_restore(struct store *st, const char *path, struct errinfo *e)
{
	if (st->scope)
		return err_setm(e, ERR_DENIED, "", "store.restore_operator", NULL);
	return st->ops->restore(st, path, e);
}
int store_schema(struct store *st, int *schema, int *schema_max, struct errinfo *e)
{
	return st->ops->schema(st, schema, schema_max, e);
}

/* ---- several servers: the generations kept in memory (PostgreSQL's watch, pgwatch.h) ---- */

void store_watch(const char *db)
{
	if (db && pg_store_url(db))
		pgwatch_start(db);
}

void store_watch_stop(void) { pgwatch_stop(); }

/* ---- tenancy ---- */

void store_shared(struct store *st) { st->shared = true; }
void store_scope_set(struct store *st, const struct store_scope *sc) { st->scope = sc; }
const struct store_scope *store_scope_get(const struct store *st) { return st->scope; }

unsigned store_scope_grant(const struct store *st, const char *org)
{
	if (!st->scope)
		return STORE_GRANT_READ | STORE_GRANT_WRITE | STORE_GRANT_ADMIN;
	if (!org)
		return 0;
	for (size_t i = 0; i < st->scope->n; i++)
		if (!strcmp(st->scope->grants[i].org, org))
			return st->scope->grants[i].grant;
	return 0;
}

/*
 * 0 when the scope grants need on org.  Outside the scope: the backend's own
 * "no organisation" answer; inside but without the right: ERR_DENIED.
 */
static int scope_check(struct store *st, const char *org, unsigned need, struct errinfo *e)
{
	if (!st->scope)
		return 0;
	unsigned g = store_scope_grant(st, org);
	if (!(g & STORE_GRANT_READ))
		return err_setm(e, ERR_NOTFOUND, "", "org.not_found", "id", org ? org : "", NULL);
	if ((g & need) != need)
		return err_setm(e, ERR_DENIED, "", "access.role_in_org", "org", org, NULL);
	return 0;
}
#define R STORE_GRANT_READ
#define W (STORE_GRANT_READ | STORE_GRANT_WRITE)
#define A (STORE_GRANT_READ | STORE_GRANT_ADMIN)
#define CHECK(org, need)                                            \
	do {                                                        \
		int scope_rc_ = scope_check(st, (org), (need), e); \
		if (scope_rc_)                                      \
			return scope_rc_;                           \
	} while (0)

/*
 * The audit hook (store_audit_hook_set): st->audit_from remembers the first
 * entry the open transaction appended.  Before the outermost level commits,
 * the head tells the last one (a savepoint rolled back may have taken some
 * back, and another process may append the moment we commit); once the
 * transaction is gone, the hook hears of the range if it committed.
 */
static void (*audit_hook)(struct store *st, int64_t from, int64_t to);

void store_audit_hook_set(void (*fn)(struct store *st, int64_t from, int64_t to)) { audit_hook = fn; }

/* The range to announce if the outermost level is about to commit; *from 0: none. */
static void audit_pending(struct store *st, int64_t *from, int64_t *to)
{
	unsigned char h[32];
	struct errinfo he = {0};
	*from = *to = 0;
	if (audit_hook && st->audit_from && st->ops->depth(st) == 1 && !st->ops->audit_head(st, to, h, &he))
		*from = st->audit_from;
}

/* After a level ended: once none is open, forget the range, and announce it when it committed. */
static void audit_settle(struct store *st, bool committed, int64_t from, int64_t to)
{
	if (st->ops->depth(st) != 0)
		return;
	st->audit_from = 0;
	if (committed && from && to >= from)
		audit_hook(st, from, to);
}

int store_begin(struct store *st, struct errinfo *e) { return st->ops->begin(st, e); }
int store_commit(struct store *st, struct errinfo *e)
{
	int64_t from, to;
	audit_pending(st, &from, &to);
	int rc = st->ops->commit(st, e);
	audit_settle(st, rc == 0, from, to);
	return rc;
}
void store_rollback(struct store *st)
{
	st->ops->rollback(st);
	audit_settle(st, false, 0, 0);
}
int store_tx_depth(struct store *st) { return st->ops->depth(st); }

void store_rollback_to(struct store *st, int depth)
{
	while (st->ops->depth(st) > depth)
		st->ops->rollback(st);
	audit_settle(st, false, 0, 0);
}
int store_bulk_begin(struct store *st, struct errinfo *e) { return st->ops->bulk_begin(st, e); }
int store_bulk_end(struct store *st, int ok, struct errinfo *e)
{
	int64_t from = 0, to = 0;
	if (ok)
		audit_pending(st, &from, &to);
	int rc = st->ops->bulk_end(st, ok, e);
	audit_settle(st, ok && rc == 0, from, to);
	return rc;
}

/* ---- organisations ---- */

int store_org_put(struct store *st, const struct org *o, struct errinfo *e)
{
	CHECK(o->id, W);
	return st->ops->org_put(st, o, e);
}
int store_org_get(struct store *st, const char *id, struct arena *a, struct org *out, struct errinfo *e)
{
	CHECK(id, R);
	return st->ops->org_get(st, id, a, out, e);
}
int store_org_list(struct store *st, struct arena *a, struct org **out, size_t *n, struct errinfo *e)
{
	int rc = st->ops->org_list(st, a, out, n, e);
	if (rc || !st->scope)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (store_scope_grant(st, (*out)[i].id) & STORE_GRANT_READ)
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}
int store_org_delete(struct store *st, const char *id, struct errinfo *e)
{
	CHECK(id, W);
	return st->ops->org_delete(st, id, e);
}
int store_org_generation(struct store *st, const char *org, int64_t *gen, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->org_generation(st, org, gen, e);
}

int store_table_get(struct store *st, const char *org, const char *name, struct arena *a, const char **json,
		    struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->table_get(st, org, name, a, json, e);
}
int store_table_put(struct store *st, const char *org, const char *name, const char *json, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->table_put(st, org, name, json, e);
}
int store_matrix_list(struct store *st, const char *org, struct arena *a, struct matrix_version **out, size_t *n,
		      struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->matrix_list(st, org, a, out, n, e);
}
int store_matrix_add(struct store *st, const char *org, const struct matrix_version *mv, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->matrix_add(st, org, mv, e);
}

/* ---- the six kinds of domain object share one shape of call ---- */

#define DISPATCH_OBJECT(kind)                                                                          \
	int store_##kind##_put(struct store *st, const char *org, const struct kind *x, struct errinfo *e) \
	{                                                                                              \
		CHECK(org, W);                                                                         \
		return st->ops->kind##_put(st, org, x, e);                                            \
	}                                                                                              \
	int store_##kind##_list(struct store *st, const char *org, struct arena *a, struct kind **out, \
				size_t *n, struct errinfo *e)                                          \
	{                                                                                              \
		CHECK(org, R);                                                                         \
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
		CHECK(org, R);                                                                         \
		return st->ops->kind##_get(st, org, id, a, out, e);                                   \
	}                                                                                              \
	int store_##kind##_delete(struct store *st, const char *org, const char *id, struct errinfo *e) \
	{                                                                                              \
		CHECK(org, W);                                                                         \
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
	CHECK(org, R);
	return st->ops->edge_get(st, org, from, to, a, out, e);
}
int store_edge_delete(struct store *st, const char *org, const char *from, const char *to, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->edge_delete(st, org, from, to, e);
}
int store_node_ids(struct store *st, const char *org, void (*fn)(void *ctx, const char *id, size_t len), void *ctx,
		   struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->node_ids(st, org, fn, ctx, e);
}

/* ---- the audit log ---- */

int store_audit_append(struct store *st, const struct audit_entry *x, struct errinfo *e)
{
	int rc = st->ops->audit_append(st, x, e);
	if (rc)
		return rc;
	if (st->ops->depth(st) == 0) { /* no transaction: committed already */
		if (audit_hook)
			audit_hook(st, x->seq, x->seq);
	} else if (!st->audit_from) {
		st->audit_from = x->seq;
	}
	return 0;
}
int store_audit_head(struct store *st, int64_t *seq, unsigned char hash[32], struct errinfo *e)
{
	return st->ops->audit_head(st, seq, hash, e);
}

/* A scoped scan passes on only the entries of the scope's organisations. */
struct scoped_scan {
	struct store *st;
	int (*fn)(void *, const struct audit_entry *);
	void *ctx;
};
static int scoped_entry(void *ctx, const struct audit_entry *x)
{
	struct scoped_scan *s = ctx;
	if (!(store_scope_grant(s->st, x->org) & STORE_GRANT_READ))
		return 0;
	return s->fn(s->ctx, x);
}
int store_audit_scan(struct store *st, const char *entity, const char *org, const char *key,
		     int (*fn)(void *ctx, const struct audit_entry *x), void *ctx, struct errinfo *e)
{
	if (!st->scope)
		return st->ops->audit_scan(st, entity, org, key, fn, ctx, e);
	if (org)
		CHECK(org, R);
	struct scoped_scan s = {st, fn, ctx};
	return st->ops->audit_scan(st, entity, org, key, scoped_entry, &s, e);
}

int store_audit_page(struct store *st, struct audit_range *q, int (*fn)(void *ctx, const struct audit_entry *x),
		     void *ctx, struct errinfo *e)
{
	if (!st->scope)
		return st->ops->audit_page(st, q, fn, ctx, e);
	if (q->org)
		CHECK(q->org, R);
	struct scoped_scan s = {st, fn, ctx};
	return st->ops->audit_page(st, q, scoped_entry, &s, e);
}

/* ---- incidents ---- */

int store_incident_put(struct store *st, const char *org, const struct incident_rec *x, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->incident_put(st, org, x, e);
}
int store_incident_get(struct store *st, const char *org, const char *id, struct arena *a, struct incident_rec *out,
		       struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->incident_get(st, org, id, a, out, e);
}
int store_incident_list(struct store *st, const char *org, struct arena *a, struct incident_rec **out, size_t *n,
			struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->incident_list(st, org, a, out, n, e);
}
int store_incident_nodes(struct store *st, const char *org, struct arena *a, struct incident_node_ref **out, size_t *n,
			 struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->incident_nodes(st, org, a, out, n, e);
}
int store_submission_add(struct store *st, const char *org, const struct submission_rec *x, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->submission_add(st, org, x, e);
}
int store_submission_list(struct store *st, const char *org, const char *incident, struct arena *a,
			  struct submission_rec **out, size_t *n, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->submission_list(st, org, incident, a, out, n, e);
}
int store_incident_event_add(struct store *st, const char *org, const struct incident_event *x, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->incident_event_add(st, org, x, e);
}
int store_incident_event_list(struct store *st, const char *org, const char *incident, struct arena *a,
			      struct incident_event **out, size_t *n, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->incident_event_list(st, org, incident, a, out, n, e);
}

/*
 * ---- users, memberships, sessions, tokens ----
 * Users, sessions, the login throttle and token lookups by secret are the
 * server's own bookkeeping: a scoped store refuses them, so they run only on the
 * unscoped store that authenticates a request before any scope exists.
 * Memberships and token lists name an organisation and are scoped by it.
 */
static int unscoped_only(struct store *st, struct errinfo *e)
{
	if (st->scope)
		return err_setm(e, ERR_DENIED, "", "store.scoped", NULL);
	return 0;
}
#define UNSCOPED()                                         \
	do {                                               \
		int scope_rc_ = unscoped_only(st, e);      \
		if (scope_rc_)                             \
			return scope_rc_;                  \
	} while (0)

int store_user_put(struct store *st, const struct user_rec *x, int64_t *uid, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_put(st, x, uid, e);
}
int store_user_get(struct store *st, const char *name, struct arena *a, struct user_rec *out, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_get(st, name, 0, a, out, e);
}
int store_user_get_uid(struct store *st, int64_t uid, struct arena *a, struct user_rec *out, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_get(st, NULL, uid, a, out, e);
}
int store_user_get_sso(struct store *st, const char *issuer, const char *subject, struct arena *a,
		       struct user_rec *out, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_get_sso(st, issuer, subject, a, out, e);
}
int store_user_list(struct store *st, struct arena *a, struct user_rec **out, size_t *n, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_list(st, a, out, n, e);
}
int store_member_put(struct store *st, const struct member_rec *x, struct errinfo *e)
{
	CHECK(x->org, A);
	return st->ops->member_put(st, x, e);
}
int store_member_delete(struct store *st, const char *org, const char *user, struct errinfo *e)
{
	CHECK(org, A);
	return st->ops->member_delete(st, org, user, e);
}
int store_member_list(struct store *st, const char *org, const char *user, struct arena *a, struct member_rec **out,
		      size_t *n, struct errinfo *e)
{
	if (!org)
		UNSCOPED();
	else
		CHECK(org, R);
	return st->ops->member_list(st, org, user, a, out, n, e);
}
int store_org_access_purge(struct store *st, const char *org, struct errinfo *e)
{
	CHECK(org, A);
	return st->ops->org_access_purge(st, org, e);
}
int store_session_put(struct store *st, const struct session_rec *x, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->session_put(st, x, e);
}
int store_session_get(struct store *st, const unsigned char hash[32], struct arena *a, struct session_rec *out,
		      struct errinfo *e)
{
	UNSCOPED();
	return st->ops->session_get(st, hash, a, out, e);
}
int store_session_touch(struct store *st, const unsigned char hash[32], int64_t at_ms, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->session_touch(st, hash, at_ms, e);
}
int store_session_delete(struct store *st, const unsigned char hash[32], struct errinfo *e)
{
	UNSCOPED();
	return st->ops->session_delete(st, hash, 0, e);
}
int store_session_delete_user(struct store *st, int64_t uid, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->session_delete(st, NULL, uid, e);
}
int store_org_sso_get(struct store *st, const char *org, bool *required, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->org_sso_get(st, org, required, e);
}
int store_org_sso_set(struct store *st, const char *org, bool required, struct errinfo *e)
{
	CHECK(org, A);
	return st->ops->org_sso_set(st, org, required, e);
}
int store_user_sso_required(struct store *st, int64_t uid, struct arena *a, const char **org, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->user_sso_required(st, uid, a, org, e);
}
int store_sso_pending_put(struct store *st, const struct sso_pending_rec *x, int64_t prune_before_ms,
			  struct errinfo *e)
{
	UNSCOPED();
	if (!x->nonce || !x->verifier)
		return err_setm(e, ERR_INVALID, "", "internal.sso_pending", NULL);
	return st->ops->sso_pending_put(st, x, prune_before_ms, e);
}
int store_sso_pending_take(struct store *st, const unsigned char hash[32], struct arena *a,
			   struct sso_pending_rec *out, bool *found, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->sso_pending_take(st, hash, a, out, found, e);
}
int store_login_addr_hit(struct store *st, const char *addr, int64_t now_ms, int64_t window_ms, bool failed,
			 int *failures, int64_t *window_start_ms, struct errinfo *e)
{
	UNSCOPED();
	if (!addr || window_ms <= 0)
		return err_setm(e, ERR_INVALID, "", "internal.login_throttle", NULL);
	return st->ops->login_addr_hit(st, addr, now_ms, window_ms, failed, failures, window_start_ms, e);
}
int store_saml_request_put(struct store *st, const char *relay, const char *request_id, const unsigned char browser[32],
			   int64_t at_ms, int64_t prune_before_ms, struct errinfo *e)
{
	UNSCOPED();
	if (!relay || !request_id)
		return err_setm(e, ERR_INVALID, "", "internal.saml_request_args", NULL);
	return st->ops->saml_request_put(st, relay, request_id, browser, at_ms, prune_before_ms, e);
}
int store_saml_request_take(struct store *st, const char *relay, struct arena *a, const char **request_id,
			    unsigned char browser[32], int64_t *at_ms, struct errinfo *e)
{
	UNSCOPED();
	if (!relay)
		return err_setm(e, ERR_NOTFOUND, "RelayState", "saml.no_request", NULL);
	return st->ops->saml_request_take(st, relay, a, request_id, browser, at_ms, e);
}
int store_saml_assertion_use(struct store *st, const char *id, int64_t until_s, int64_t now_s, bool *first,
			     struct errinfo *e)
{
	UNSCOPED();
	if (!id)
		return err_setm(e, ERR_INVALID, "", "internal.saml_assertion_args", NULL);
	return st->ops->saml_assertion_use(st, id, until_s, now_s, first, e);
}
int store_token_add(struct store *st, const struct token_rec *x, int64_t *id, struct errinfo *e)
{
	CHECK(x->org, R);
	return st->ops->token_add(st, x, id, e);
}
int store_token_get(struct store *st, const unsigned char hash[32], struct arena *a, struct token_rec *out,
		    struct errinfo *e)
{
	UNSCOPED();
	return st->ops->token_get(st, hash, a, out, e);
}
int store_caller_get(struct store *st, bool token, const unsigned char hash[32], struct arena *a,
		     struct caller_rec **out, size_t *n, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->caller_get(st, token, hash, a, out, n, e);
}
int store_token_list(struct store *st, const char *user, const char *org, struct arena *a, struct token_rec **out,
		     size_t *n, struct errinfo *e)
{
	if (org)
		CHECK(org, R);
	else if (!user)
		UNSCOPED();
	int rc = st->ops->token_list(st, user, org, a, out, n, e);
	if (rc || !st->scope)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (store_scope_grant(st, (*out)[i].org) & STORE_GRANT_READ)
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}
int store_token_revoke(struct store *st, const char *org, int64_t id, int64_t at_ms, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->token_revoke(st, org, id, at_ms, e);
}

/* ---- webhooks (migration 11): endpoints need the admin grant, events and deliveries the write grant ---- */

int store_webhook_put(struct store *st, const char *org, const struct webhook_rec *x, struct errinfo *e)
{
	CHECK(org, A);
	return st->ops->webhook_put(st, org, x, e);
}
int store_webhook_list(struct store *st, const char *org, const char *id, struct arena *a, struct webhook_rec **out,
		       size_t *n, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->webhook_list(st, org, id, a, out, n, e);
}
int store_webhook_delete(struct store *st, const char *org, const char *id, struct errinfo *e)
{
	CHECK(org, A);
	return st->ops->webhook_delete(st, org, id, e);
}
int store_webhook_event_add(struct store *st, const char *org, const struct webhook_event_rec *x, bool *added,
			    struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->webhook_event_add(st, org, x, added, e);
}
int store_webhook_delivery_put(struct store *st, const char *org, const struct webhook_delivery_rec *x,
			       struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->webhook_delivery_put(st, org, x, e);
}
int store_webhook_delivery_list(struct store *st, const char *org, const char *hook, int64_t limit, struct arena *a,
				struct webhook_delivery_rec **out, size_t *n, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->webhook_delivery_list(st, org, hook, limit, a, out, n, e);
}
int store_webhook_due(struct store *st, int64_t now_ms, int64_t limit, struct arena *a,
		      struct webhook_delivery_rec **out, size_t *n, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->webhook_due(st, now_ms, limit, a, out, n, e);
}
int store_webhook_delivery_claim(struct store *st, const char *org, const char *hook, const char *event_id,
				 int64_t seen_ms, int64_t until_ms, bool *claimed, struct errinfo *e)
{
	UNSCOPED();
	return st->ops->webhook_delivery_claim(st, org, hook, event_id, seen_ms, until_ms, claimed, e);
}
int store_webhook_attempt_add(struct store *st, const char *org, const struct webhook_attempt_rec *x,
			      struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->webhook_attempt_add(st, org, x, e);
}
int store_webhook_attempt_list(struct store *st, const char *org, const char *hook, int64_t limit, struct arena *a,
			       struct webhook_attempt_rec **out, size_t *n, struct errinfo *e)
{
	CHECK(org, R);
	return st->ops->webhook_attempt_list(st, org, hook, limit, a, out, n, e);
}

/* ---- the sector forum: authorised by forum.c (store.h) ---- */

int store_forum_put(struct store *st, const struct forum_rec *x, struct errinfo *e)
{
	CHECK(x->secretariat, A);
	return st->ops->forum_put(st, x, e);
}
int store_forum_list(struct store *st, const char *id, struct arena *a, struct forum_rec **out, size_t *n,
		     struct errinfo *e)
{
	return st->ops->forum_list(st, id, a, out, n, e);
}
int store_forum_delete(struct store *st, const char *id, struct errinfo *e) { return st->ops->forum_delete(st, id, e); }
int store_forum_settings_put(struct store *st, const char *id, const char *secretariat, const char *settings,
			     struct errinfo *e)
{
	CHECK(secretariat, W);
	return st->ops->forum_settings_put(st, id, settings, e);
}
int store_fmember_put(struct store *st, const struct fmember_rec *x, struct errinfo *e)
{
	return st->ops->fmember_put(st, x, e);
}
int store_fmember_list(struct store *st, const char *forum, const char *org, struct arena *a,
		       struct fmember_rec **out, size_t *n, struct errinfo *e)
{
	return st->ops->fmember_list(st, forum, org, a, out, n, e);
}
int store_fshare_put(struct store *st, const struct fshare_rec *x, struct errinfo *e)
{
	CHECK(x->org, W);
	return st->ops->fshare_put(st, x, e);
}
int store_fshare_list(struct store *st, const char *forum, const char *org, struct arena *a,
		      struct fshare_rec **out, size_t *n, struct errinfo *e)
{
	return st->ops->fshare_list(st, forum, org, a, out, n, e);
}
int store_fshare_delete(struct store *st, const char *forum, const char *org, const char *id, struct errinfo *e)
{
	CHECK(org, W);
	return st->ops->fshare_delete(st, forum, org, id, e);
}
int store_fitem_put(struct store *st, const struct fitem_rec *x, struct errinfo *e)
{
	CHECK(x->owner, W);
	return st->ops->fitem_put(st, x, e);
}
int store_fitem_get(struct store *st, const char *forum, const char *kind, const char *id, struct arena *a,
		    struct fitem_rec *out, struct errinfo *e)
{
	return st->ops->fitem_get(st, forum, kind, id, a, out, e);
}
int store_fitem_list(struct store *st, const char *forum, const char *kind, const char *parent, struct arena *a,
		     struct fitem_rec **out, size_t *n, struct errinfo *e)
{
	return st->ops->fitem_list(st, forum, kind, parent, a, out, n, e);
}
int store_fitem_delete(struct store *st, const char *forum, const char *kind, const char *id, struct errinfo *e)
{
	return st->ops->fitem_delete(st, forum, kind, id, e);
}
