/*
 * store.h — the storage interface: the only store header the rest of skjold
 * includes.  No SQL, no sqlite3 * and no PGconn * cross this line.
 *
 * A struct store is opened from a URL ("skjold.db", "sqlite:PATH",
 * "postgresql://…" or a libpq "key=value" string) and dispatches every call through its backend's
 * struct store_ops (src/store/store_impl.h).  Calls speak domain objects
 * (src/core/model.h) keyed by the organisation's own id string.
 *
 * Ownership: strings and arrays returned by get/list calls are allocated from
 * the caller's arena and live as long as it does.
 *
 * Transactions: store_begin/store_commit nest.  The outermost pair is the real
 * transaction, and it takes the write lock up front, so everything a write
 * reads inside it is what it writes over (no other writer can come between);
 * an inner pair is a savepoint.  store_rollback undoes the innermost level
 * only: an inner failure leaves the outer transaction open for its owner to
 * roll back or carry on.  Every write outside an explicit transaction is its
 * own transaction.  A writer waits at most STORE_BUSY_TIMEOUT_MS for another
 * writer (another process included) and then fails with ERR_BUSY, having
 * written nothing.
 *
 * Errors: ERR_NOTFOUND for a missing object, ERR_CONFLICT for a duplicate or a
 * broken reference (the foreign keys are on), ERR_BUSY when another writer
 * holds the database, ERR_IO otherwise; the message says what.
 *
 * The audit log is append-only: there is no call to change or remove an entry,
 * and the backends refuse it at the storage level too.
 */
#ifndef SKJOLD_STORE_H
#define SKJOLD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"
#include "model.h"

struct store;

int store_open(const char *url, struct store **out, struct errinfo *e);
void store_close(struct store *st);
/* The backend's name ("sqlite"). */
const char *store_backend(const struct store *st);
/* url names a database file (SQLite), not a server's database (PostgreSQL): without opening it. */
bool store_url_is_file(const char *url);

#define STORE_BUSY_TIMEOUT_MS 30000

int store_begin(struct store *st, struct errinfo *e);
int store_commit(struct store *st, struct errinfo *e);
void store_rollback(struct store *st);
/* How many levels are open (0: no transaction). */
int store_tx_depth(struct store *st);
/* Roll back the levels opened above depth (0: all of them; a connection handed
 * to the next request starts as it was handed to this one). */
void store_rollback_to(struct store *st, int depth);

/* Organisations.  put inserts or replaces; delete removes everything the organisation owns. */
int store_org_put(struct store *st, const struct org *o, struct errinfo *e);
int store_org_get(struct store *st, const char *id, struct arena *a, struct org *out, struct errinfo *e);
int store_org_list(struct store *st, struct arena *a, struct org **out, size_t *n, struct errinfo *e);
int store_org_delete(struct store *st, const char *id, struct errinfo *e);

/* Per-organisation rule tables as JSON text (risk_tables.c gives them meaning). *json = NULL when unset. */
int store_table_get(struct store *st, const char *org, const char *name, struct arena *a, const char **json,
		    struct errinfo *e);
int store_table_put(struct store *st, const char *org, const char *name, const char *json, struct errinfo *e);

/* Risk-matrix versions: a scored risk keeps the version it was scored under. */
struct matrix_version {
	int version;
	int32_t created_on;
	const char *cells; /* JSON: 4 rows of 4 level names, likelihood down */
};
int store_matrix_list(struct store *st, const char *org, struct arena *a, struct matrix_version **out, size_t *n,
		      struct errinfo *e);
int store_matrix_add(struct store *st, const char *org, const struct matrix_version *mv, struct errinfo *e);

/*
 * Domain objects of one organisation.  put inserts or replaces by id; get
 * fails with ERR_NOTFOUND; list returns all in id order; delete fails with
 * ERR_NOTFOUND when absent and ERR_CONFLICT when something refers to it.
 */
int store_node_put(struct store *st, const char *org, const struct node *x, struct errinfo *e);
int store_node_get(struct store *st, const char *org, const char *id, struct arena *a, struct node *out,
		   struct errinfo *e);
int store_node_list(struct store *st, const char *org, struct arena *a, struct node **out, size_t *n,
		    struct errinfo *e);
int store_node_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

/* Edges are keyed by (from, to). */
int store_edge_put(struct store *st, const char *org, const struct edge *x, struct errinfo *e);
int store_edge_get(struct store *st, const char *org, const char *from, const char *to, struct arena *a,
		   struct edge *out, struct errinfo *e);
int store_edge_list(struct store *st, const char *org, struct arena *a, struct edge **out, size_t *n,
		    struct errinfo *e);
int store_edge_delete(struct store *st, const char *org, const char *from, const char *to, struct errinfo *e);

int store_threat_put(struct store *st, const char *org, const struct threat *x, struct errinfo *e);
int store_threat_get(struct store *st, const char *org, const char *id, struct arena *a, struct threat *out,
		     struct errinfo *e);
int store_threat_list(struct store *st, const char *org, struct arena *a, struct threat **out, size_t *n,
		      struct errinfo *e);
int store_threat_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

int store_risk_put(struct store *st, const char *org, const struct risk *x, struct errinfo *e);
int store_risk_get(struct store *st, const char *org, const char *id, struct arena *a, struct risk *out,
		   struct errinfo *e);
int store_risk_list(struct store *st, const char *org, struct arena *a, struct risk **out, size_t *n,
		    struct errinfo *e);
int store_risk_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

int store_measure_put(struct store *st, const char *org, const struct measure *x, struct errinfo *e);
int store_measure_get(struct store *st, const char *org, const char *id, struct arena *a, struct measure *out,
		      struct errinfo *e);
int store_measure_list(struct store *st, const char *org, struct arena *a, struct measure **out, size_t *n,
		       struct errinfo *e);
int store_measure_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

int store_change_put(struct store *st, const char *org, const struct change *x, struct errinfo *e);
int store_change_get(struct store *st, const char *org, const char *id, struct arena *a, struct change *out,
		     struct errinfo *e);
int store_change_list(struct store *st, const char *org, struct arena *a, struct change **out, size_t *n,
		      struct errinfo *e);
int store_change_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

/*
 * Incidents (SPEC §3).  doc is the stored incident document as JSON text
 * (src/incident_doc.c gives it meaning); nodes are the affected nodes, kept
 * as references so a node an incident refers to cannot be deleted.  put
 * inserts or replaces and rewrites the node references.
 */
struct incident_rec {
	const char *id, *title, *status;
	int64_t detected_ms, created_ms, updated_ms;
	const char *doc;
	const char *const *nodes; /* put only */
	size_t nnodes;
};
int store_incident_put(struct store *st, const char *org, const struct incident_rec *x, struct errinfo *e);
int store_incident_get(struct store *st, const char *org, const char *id, struct arena *a, struct incident_rec *out,
		       struct errinfo *e);
/* All incidents of org by detection time. */
int store_incident_list(struct store *st, const char *org, struct arena *a, struct incident_rec **out, size_t *n,
			struct errinfo *e);
/* (incident, node, detected) for every affected node of org: review triggers. */
struct incident_node_ref {
	const char *incident, *node;
	int64_t detected_ms;
};
int store_incident_nodes(struct store *st, const char *org, struct arena *a, struct incident_node_ref **out, size_t *n,
			 struct errinfo *e);
/* Submissions of reports: appended, never changed; seq is assigned (1, 2, … per incident). */
struct submission_rec {
	const char *incident;
	int64_t seq;
	const char *regime, *report;
	int64_t submitted_ms;
	const char *doc; /* the submission object as JSON text */
};
int store_submission_add(struct store *st, const char *org, const struct submission_rec *x, struct errinfo *e);
/* By incident and time; incident NULL = every incident of org. */
int store_submission_list(struct store *st, const char *org, const char *incident, struct arena *a,
			  struct submission_rec **out, size_t *n, struct errinfo *e);
/* The incident's timeline: appended in order; seq is assigned. */
struct incident_event {
	const char *incident;
	int64_t seq, at_ms;
	const char *actor, *kind, *detail; /* detail: JSON text or NULL */
};
int store_incident_event_add(struct store *st, const char *org, const struct incident_event *x, struct errinfo *e);
int store_incident_event_list(struct store *st, const char *org, const char *incident, struct arena *a,
			      struct incident_event **out, size_t *n, struct errinfo *e);

/*
 * Bulk loading for large inventories (import-csv): opens the outermost
 * transaction with per-row reference checks suspended; the caller has
 * validated every row and reference and stands in for them.  The usual put
 * calls do the writing.  store_bulk_end commits when ok, else rolls back,
 * and restores the checks either way.  A bulk load fails whole: levels
 * opened inside it (store_begin) cost no savepoint and cannot be undone
 * alone; rolling one back makes store_bulk_end's commit fail.  (On a shared
 * SQLite store, or opened inside a caller's transaction, it is an ordinary
 * level.)
 */
int store_bulk_begin(struct store *st, struct errinfo *e);
int store_bulk_end(struct store *st, int ok, struct errinfo *e);
/* Every node id of org, for reference checks: calls fn once per id. */
int store_node_ids(struct store *st, const char *org, void (*fn)(void *ctx, const char *id, size_t len),
		   void *ctx, struct errinfo *e);

/* The audit log (src/core/audit.c computes the chain; the store only keeps it). */
struct audit_entry {
	int64_t seq;      /* 1, 2, 3, … without gaps */
	int64_t at_ms;    /* Unix ms UTC */
	const char *actor, *action, *entity, *org, *key;
	const char *before, *after; /* JSON text or NULL */
	unsigned char prev_hash[32], hash[32];
};
/* Append one entry; its seq must be the last seq + 1. */
int store_audit_append(struct store *st, const struct audit_entry *x, struct errinfo *e);
/* The last entry's seq and hash (seq 0 and zero hash when the log is empty). */
int store_audit_head(struct store *st, int64_t *seq, unsigned char hash[32], struct errinfo *e);
/* Every entry in seq order; fn returns non-zero to stop (that value is returned). */
int store_audit_scan(struct store *st, const char *entity, const char *org, const char *key,
		     int (*fn)(void *ctx, const struct audit_entry *x), void *ctx, struct errinfo *e);

/*
 * Hear of audit entries once they are in the database for good (the syslog
 * forwarder, audit_syslog.c): fn(st, from, to) is called on st when the
 * outermost transaction that appended entries from..to has committed, or
 * at once for an entry appended outside a transaction; never for a rollback.
 * It runs on the caller's thread after the commit, outside any transaction,
 * may read the store (store_audit_page) and must not fail the caller.  One
 * hook per process, set before any thread starts; NULL: none.
 */
void store_audit_hook_set(void (*fn)(struct store *st, int64_t from, int64_t to));

/*
 * One page of the log, for an export that pages through it instead of
 * holding it: the entries with after < seq <= upto and since_ms <= at_ms <
 * until_ms, of org (NULL: any), in seq order, at most limit of them, their
 * before and after left NULL.  The store sets nread (entries the page read)
 * and last (the last one's seq; after when none): the next page starts
 * after last, and a page with nread < limit was the last.  A scoped store
 * passes on only its organisations' entries; nread counts those it read,
 * which on PostgreSQL row security has already narrowed to the scope.
 */
struct audit_range {
	int64_t after, upto;
	int64_t since_ms, until_ms;
	const char *org;
	int limit;
	int nread;   /* out */
	int64_t last; /* out */
};
int store_audit_page(struct store *st, struct audit_range *q, int (*fn)(void *ctx, const struct audit_entry *x),
		     void *ctx, struct errinfo *e);

/*
 * Tenancy (the server, issue 4).  A scoped store answers only for the
 * organisations its scope grants: every call that names an organisation
 * checks it here, in the store layer, so no handler can forget; an
 * organisation outside the scope is ERR_NOTFOUND, exactly like a missing
 * one.  store_org_list and store_audit_scan leave out what the scope does
 * not cover.  A write needs STORE_GRANT_WRITE on the organisation (the
 * server's roles refine this), and membership changes STORE_GRANT_ADMIN.
 * An unscoped store (the CLI, the server's own bookkeeping) sees everything.
 */
#define STORE_GRANT_READ 1u
#define STORE_GRANT_WRITE 2u
#define STORE_GRANT_ADMIN 4u
struct store_grant {
	const char *org;
	unsigned grant;
};
struct store_scope {
	struct store_grant *grants; /* owned by the caller; must outlive the scope's use */
	size_t n;
};
/*
 * Mark st as one of several connections writing the same database (the
 * server's workers): bulk loads then run as ordinary transactions instead of
 * switching the journal mode, which needs the database to itself.
 */
void store_shared(struct store *st);
/*
 * A server's process keeps the database's generations in memory while it
 * runs (PostgreSQL: a watch connection, pgwatch.h; SQLite: nothing, as one
 * file has one server).  store_watch starts it for db, store_watch_stop ends it.
 */
void store_watch(const char *db);
void store_watch_stop(void);
/* Restrict st to sc (NULL: unrestricted).  The pointer is kept, not copied. */
void store_scope_set(struct store *st, const struct store_scope *sc);
const struct store_scope *store_scope_get(const struct store *st);
/* The grant st's scope gives org (all bits when unscoped, 0 when none). */
unsigned store_scope_grant(const struct store *st, const char *org);

/* Users: put inserts or updates by name; *uid gets the user's key. */
struct user_rec {
	int64_t uid;
	const char *name, *display_name, *pw_hash, *totp_secret;
	const char *home_org; /* the organisation the web UI opens at sign-in, NULL: the first membership */
	const char *sso_issuer, *sso_subject; /* the single sign-on identity (iss, sub) that finds the user; NULL: none */
	int admin, totp_enabled, must_change_pw, disabled, failed_logins;
	int64_t totp_last_step, locked_until_ms, created_ms;
};
int store_user_put(struct store *st, const struct user_rec *x, int64_t *uid, struct errinfo *e);
int store_user_get(struct store *st, const char *name, struct arena *a, struct user_rec *out, struct errinfo *e);
int store_user_get_uid(struct store *st, int64_t uid, struct arena *a, struct user_rec *out, struct errinfo *e);
/* The user linked to the single sign-on identity (issuer, subject) (migration 10); ERR_NOTFOUND when none. */
int store_user_get_sso(struct store *st, const char *issuer, const char *subject, struct arena *a,
		       struct user_rec *out, struct errinfo *e);
int store_user_list(struct store *st, struct arena *a, struct user_rec **out, size_t *n, struct errinfo *e);

/* Roles per organisation.  list by org, by user, or both (NULL = any). */
struct member_rec {
	const char *user, *org, *role;
	int sso; /* granted by single sign-on's group mapping (app_sso.c), not by hand (migration 10) */
};
int store_member_put(struct store *st, const struct member_rec *x, struct errinfo *e);
int store_member_delete(struct store *st, const char *org, const char *user, struct errinfo *e);
int store_member_list(struct store *st, const char *org, const char *user, struct arena *a, struct member_rec **out,
		      size_t *n, struct errinfo *e);
/* Remove every membership and token of an organisation deleted for good. */
int store_org_access_purge(struct store *st, const char *org, struct errinfo *e);

/* Sessions, keyed by the BLAKE2b-256 hash of the cookie's value. */
struct session_rec {
	unsigned char hash[32];
	int64_t uid;
	const char *csrf;
	int64_t created_ms, expires_ms, last_seen_ms;
};
int store_session_put(struct store *st, const struct session_rec *x, struct errinfo *e);
int store_session_get(struct store *st, const unsigned char hash[32], struct arena *a, struct session_rec *out,
		      struct errinfo *e);
int store_session_touch(struct store *st, const unsigned char hash[32], int64_t at_ms, struct errinfo *e);
int store_session_delete(struct store *st, const unsigned char hash[32], struct errinfo *e);
int store_session_delete_user(struct store *st, int64_t uid, struct errinfo *e);

/*
 * The login throttle per client address (migration 8), one count for every
 * server on the database: addr's failed logins in its current window of
 * window_ms.  failed: count one more failure at now_ms first, in one atomic
 * statement (a window that began window_ms or more before now_ms starts
 * again, at now_ms, with this failure), and forget a few addresses whose
 * window has passed; else only read, writing nothing.  *failures and
 * *window_start_ms get the count and its window's start: 0 and now_ms for an
 * address with no failure in a window that has not passed.  Transient state,
 * not data: not in store_dump or store_checksum.  Unscoped callers only, and
 * outside a transaction (a rollback of the caller's would undo the count).
 */
int store_login_addr_hit(struct store *st, const char *addr, int64_t now_ms, int64_t window_ms, bool failed,
			 int *failures, int64_t *window_start_ms, struct errinfo *e);

/*
 * Single sign-on required of an organisation's users (migration 12;
 * docs/sso.md): org.require_sso, which store_org_put never touches.  set with
 * required = true also ends the sessions of the organisation's members who
 * are not system administrators, in the same transaction.  get needs a read
 * grant on org, set an admin grant.
 */
int store_org_sso_get(struct store *st, const char *org, bool *required, struct errinfo *e);
int store_org_sso_set(struct store *st, const char *org, bool required, struct errinfo *e);
/* The first organisation (by id) of user uid's memberships that requires single sign-on; *org NULL when none.  Unscoped callers only. */
int store_user_sso_required(struct store *st, int64_t uid, struct arena *a, const char **org, struct errinfo *e);

/*
 * Pending single sign-ons (migration 12), so that the provider's answer may
 * reach any server of the database: keyed by the hash of the state.  put
 * also forgets a few entries created at or before prune_before_ms.  take
 * deletes the entry in the statement that reads it (a state works once);
 * *found false when there was none.  Transient state, not data: not in
 * store_dump or store_checksum.  Unscoped callers only.
 */
struct sso_pending_rec {
	unsigned char hash[32];    /* of the state */
	const char *nonce, *verifier;
	unsigned char browser[32]; /* of the browser's binding cookie */
	int64_t created_ms;
};
int store_sso_pending_put(struct store *st, const struct sso_pending_rec *x, int64_t prune_before_ms,
			  struct errinfo *e);
int store_sso_pending_take(struct store *st, const unsigned char hash[32], struct arena *a,
			   struct sso_pending_rec *out, bool *found, struct errinfo *e);

/*
 * SAML single sign-on's state (migration 13; api_saml.c), shared by every
 * server on the database.  Transient state, not data: not in store_dump or
 * store_checksum.  Unscoped callers only, and outside a transaction (each
 * call commits its own statements).
 *
 * store_saml_request_put keeps a sent AuthnRequest under its RelayState,
 * with the request's ID and the hash of the browser's binding cookie, and
 * forgets a few made at prune_before_ms or before.  store_saml_request_take
 * takes the request of relay out (single use): ERR_NOTFOUND when there is
 * none; *request_id in a.  store_saml_assertion_use remembers an assertion's
 * ID until until_s: *first is false when it was there already (a replay);
 * a few IDs whose time passed before now_s are forgotten.
 */
int store_saml_request_put(struct store *st, const char *relay, const char *request_id, const unsigned char browser[32],
			   int64_t at_ms, int64_t prune_before_ms, struct errinfo *e);
int store_saml_request_take(struct store *st, const char *relay, struct arena *a, const char **request_id,
			    unsigned char browser[32], int64_t *at_ms, struct errinfo *e);
int store_saml_assertion_use(struct store *st, const char *id, int64_t until_s, int64_t now_s, bool *first,
			     struct errinfo *e);

/* API tokens, keyed by the hash of the secret; expires/revoked/last_used 0 = none. */
struct token_rec {
	int64_t id;
	unsigned char hash[32];
	const char *name, *user, *org, *role;
	int64_t created_ms, expires_ms, revoked_ms, last_used_ms;
};
int store_token_add(struct store *st, const struct token_rec *x, int64_t *id, struct errinfo *e);
int store_token_get(struct store *st, const unsigned char hash[32], struct arena *a, struct token_rec *out,
		    struct errinfo *e);
/* By user, by organisation, or both (NULL = any). */
int store_token_list(struct store *st, const char *user, const char *org, struct arena *a, struct token_rec **out,
		     size_t *n, struct errinfo *e);
/* Revoke org's token id; ERR_NOTFOUND when it has no such live token. */
int store_token_revoke(struct store *st, const char *org, int64_t id, int64_t at_ms, struct errinfo *e);

/*
 * Who a request acts as, read in one statement (the server runs it on every
 * request, so a cached answer costs one round trip to PostgreSQL): the
 * session (token false) or API token keyed by hash, its user, and the user's
 * roles, each with its organisation's write generation as
 * store_org_generation reads it.  For a token only the role in the token's
 * organisation.  One record per role, in organisation order; one with org
 * NULL when the user holds none.  ERR_NOTFOUND when there is no such session
 * or token.  Unscoped callers only.
 */
struct caller_rec {
	int64_t tid;                       /* the token's id (0 for a session) */
	const char *csrf;                  /* the session's CSRF token */
	const char *token_org, *token_role; /* the token's organisation and role */
	int64_t created_ms, expires_ms, last_seen_ms, revoked_ms; /* token: last_seen_ms is its last use */
	int64_t uid;
	const char *user, *display_name, *home_org;
	int admin, totp_enabled, must_change_pw, disabled;
	const char *org, *role; /* one role (org NULL: none) */
	int64_t gen;            /* org's write generation */
};
int store_caller_get(struct store *st, bool token, const unsigned char hash[32], struct arena *a,
		     struct caller_rec **out, size_t *n, struct errinfo *e);

/*
 * Webhooks (migration 11; docs/webhooks.md).  An organisation's endpoints
 * (forum set: its forum secretariat's), the outbox of events written in the
 * transaction of the write that causes them, one delivery per event and
 * endpoint, and the log of every try.  Endpoints are written with the admin
 * grant; events and deliveries with the write grant (any write of the
 * organisation records its events).  Strings are owned by the caller's arena.
 */
struct webhook_rec {
	const char *id, *url;
	const char *events; /* JSON array of event names */
	const char *secret; /* hex; the store keeps it so skjold can sign */
	const char *tlp;    /* the ceiling: "CLEAR" … "RED" */
	bool enabled;
	const char *forum;  /* NULL: the organisation's own */
	int64_t created_ms;
	const char *by;
};
int store_webhook_put(struct store *st, const char *org, const struct webhook_rec *x, struct errinfo *e);
/* id NULL: every endpoint of org, by id; else that one (n == 0 when there is none). */
int store_webhook_list(struct store *st, const char *org, const char *id, struct arena *a, struct webhook_rec **out,
		       size_t *n, struct errinfo *e);
/* Removes its deliveries and their log too; ERR_NOTFOUND when there is none. */
int store_webhook_delete(struct store *st, const char *org, const char *id, struct errinfo *e);

struct webhook_event_rec {
	const char *id, *event;
	int64_t occurred_ms;
	const char *tlp;
	const char *data;  /* JSON object */
	const char *dedup; /* NULL, or "event|object|deadline": recorded once (the scan's events) */
};
/* *added: false when dedup names an event recorded before (nothing written). */
int store_webhook_event_add(struct store *st, const char *org, const struct webhook_event_rec *x, bool *added,
			    struct errinfo *e);

/* One event to one endpoint.  The fields after updated_ms are read only (joined for the sender and the log). */
struct webhook_delivery_rec {
	const char *hook, *event_id, *id;
	const char *status; /* "pending", "delivered", "failed", "withheld" */
	int attempts;
	int64_t next_ms; /* pending: when to try; else 0 */
	int64_t updated_ms;
	const char *org, *event;
	int64_t occurred_ms;
	const char *tlp, *data, *url, *secret;
};
/* Insert or update by (org, hook, event_id). */
int store_webhook_delivery_put(struct store *st, const char *org, const struct webhook_delivery_rec *x,
			       struct errinfo *e);
/* org's deliveries (of hook, or all when NULL), newest event first, at most limit. */
int store_webhook_delivery_list(struct store *st, const char *org, const char *hook, int64_t limit, struct arena *a,
				struct webhook_delivery_rec **out, size_t *n, struct errinfo *e);
/* Every organisation's pending deliveries due at now_ms, oldest first, at most limit.  Unscoped callers only. */
int store_webhook_due(struct store *st, int64_t now_ms, int64_t limit, struct arena *a,
		      struct webhook_delivery_rec **out, size_t *n, struct errinfo *e);
/*
 * Take a due delivery for one try: its next_ms becomes until_ms, only if it
 * is still pending with next_ms == seen_ms (*claimed says so), so of two
 * delivery passes one sends it.  Unscoped callers only.
 */
int store_webhook_delivery_claim(struct store *st, const char *org, const char *hook, const char *event_id,
				 int64_t seen_ms, int64_t until_ms, bool *claimed, struct errinfo *e);

struct webhook_attempt_rec {
	const char *hook, *event_id;
	int n; /* 1, 2, … per delivery */
	int64_t at_ms;
	const char *status; /* "delivered", "failed", "withheld" */
	int64_t http_code;  /* 0: no answer */
	const char *error;  /* NULL when none */
	int64_t duration_ms;
};
int store_webhook_attempt_add(struct store *st, const char *org, const struct webhook_attempt_rec *x,
			      struct errinfo *e);
/* org's tries (of hook, or all when NULL), newest first, at most limit. */
int store_webhook_attempt_list(struct store *st, const char *org, const char *hook, int64_t limit, struct arena *a,
			       struct webhook_attempt_rec **out, size_t *n, struct errinfo *e);

/* How many audited writes org has had: a cache key that changes with every write, by any process. */
/*
 * The sector forum (migration 4).  These rows are authorised by forum.c
 * (membership, roles, TLP labels and recipients), which is the only caller;
 * the store checks only that a write names an organisation the scope may
 * write (the member's own for shares and items) and otherwise leaves
 * the decision to forum.c.  Strings are owned by the caller's arena.
 */
struct forum_rec {
	const char *id, *name, *secretariat, *settings; /* settings: JSON text */
	int64_t created_ms;
};
int store_forum_put(struct store *st, const struct forum_rec *x, struct errinfo *e);
/* id NULL lists every forum; ERR_NOTFOUND is not used: an unknown id gives n == 0. */
int store_forum_list(struct store *st, const char *id, struct arena *a, struct forum_rec **out, size_t *n,
		     struct errinfo *e);
int store_forum_delete(struct store *st, const char *id, struct errinfo *e);
/*
 * Replace forum id's settings (JSON text).  The forum's secretariat runs it,
 * so a write grant there is enough (store_forum_put, which creates forums,
 * needs the admin grant).  ERR_NOTFOUND when there is no such forum.
 */
int store_forum_settings_put(struct store *st, const char *id, const char *secretariat, const char *settings,
			     struct errinfo *e);

struct fmember_rec {
	const char *forum, *org, *category, *status, *invited_by;
	double assets;
	int64_t invited_ms, joined_ms, left_ms; /* 0 when not (yet) */
};
int store_fmember_put(struct store *st, const struct fmember_rec *x, struct errinfo *e);
/* Either filter may be NULL. */
int store_fmember_list(struct store *st, const char *forum, const char *org, struct arena *a,
		       struct fmember_rec **out, size_t *n, struct errinfo *e);

struct fshare_rec {
	const char *forum, *org, *id, *kind, *target, *filter, *tlp, *recipients, *by;
	int64_t created_ms;
};
int store_fshare_put(struct store *st, const struct fshare_rec *x, struct errinfo *e);
int store_fshare_list(struct store *st, const char *forum, const char *org, struct arena *a,
		      struct fshare_rec **out, size_t *n, struct errinfo *e);
int store_fshare_delete(struct store *st, const char *forum, const char *org, const char *id, struct errinfo *e);

struct fitem_rec {
	const char *forum, *kind, *id, *owner, *parent, *tlp, *recipients, *body, *by;
	int64_t created_ms, updated_ms, version;
};
int store_fitem_put(struct store *st, const struct fitem_rec *x, struct errinfo *e);
int store_fitem_get(struct store *st, const char *forum, const char *kind, const char *id, struct arena *a,
		    struct fitem_rec *out, struct errinfo *e);
/* parent NULL: every item of the kind; in creation order. */
int store_fitem_list(struct store *st, const char *forum, const char *kind, const char *parent, struct arena *a,
		     struct fitem_rec **out, size_t *n, struct errinfo *e);
int store_fitem_delete(struct store *st, const char *forum, const char *kind, const char *id, struct errinfo *e);

/*
 * org's write generation: a cache key that grows with every committed transaction that audited a
 * write of org, by any process, and with nothing else (0 before the first).  SQLite counts the
 * entries, PostgreSQL the transactions (pg/009_audit_commit.sql): only a change is meaningful.
 */
int store_org_generation(struct store *st, const char *org, int64_t *gen, struct errinfo *e);

/*
 * Backup and restore (issue 16; docs/operations.md).  Both work beside a
 * running server.  Neither is scoped: only the operator who holds the
 * database (the shell) calls them.
 *
 * store_backup writes a consistent snapshot of the whole database (users,
 * sessions, tokens, forum, audit log: everything) to path, a new file the
 * caller names (it makes the file durable and gives it its final name).
 * Writers beside it carry on; the snapshot is the database as of one
 * instant.  The file is one the same backend's store_restore and
 * store_inspect read.
 *
 * store_restore replaces everything in st with the content of the database
 * at path (a checked working copy: the call may change it) in one step: a
 * crash leaves either the old content or the new, never a mix.  Afterwards
 * every organisation's write generation (store_org_generation) is higher
 * than it was in st before, so no answer a server cached from the old
 * content matches again.  st must have no transaction open.
 */
int store_backup(struct store *st, const char *path, struct errinfo *e);
int store_restore(struct store *st, const char *path, struct errinfo *e);

/* What a database file holds, read without changing it (store_inspect). */
struct store_file_info {
	int schema;     /* the migrations the file has seen */
	int schema_max; /* the newest migration this build knows */
	int64_t bytes;  /* the file's size */
};
/*
 * Look at the database file url names without opening it for use (no
 * migration, no journal change): ERR_INVALID naming url when it is not a
 * skjold database (not a database at all, damaged or cut short, or without
 * skjold's tables), else 0 with *out filled.  A schema newer than this
 * build is not refused here; the caller decides.
 */
int store_inspect(const char *url, struct store_file_info *out, struct errinfo *e);
/*
 * Whether st answers a query, and the schema it is at against the newest
 * this build knows (readiness: /readyz).  A store error when the database
 * does not answer.
 */
int store_schema(struct store *st, int *schema, int *schema_max, struct errinfo *e);

/*
 * The logical dump: every table of the schema in a fixed order, rows in key
 * order, values in one canonical text form (src/store/dump.c describes it),
 * so the same data gives the same bytes on every backend.  fn gets the text
 * piece by piece (it returns non-zero to stop; that value is returned).
 * Sessions' last_seen_ms, the audit head and the organisations' write
 * generations are left out (derived or moved by reads); everything a user
 * wrote is in.  Unscoped stores only; nothing is written.
 */
#define STORE_DUMP_FORMAT 1
int store_dump(struct store *st, int (*fn)(void *ctx, const char *text, size_t len), void *ctx, struct errinfo *e);
/* The BLAKE2b-256 of the dump, and how many rows it holds (rows may be NULL). */
int store_checksum(struct store *st, unsigned char hash[32], int64_t *rows, struct errinfo *e);

/* The dump's checksum with its rows counted per table, in the dump's table order. */
#define STORE_CENSUS_MAX_TABLES 32
struct store_census {
	unsigned char checksum[32]; /* store_checksum's */
	int64_t rows;               /* every table's */
	size_t ntables;
	const char *table[STORE_CENSUS_MAX_TABLES]; /* the names (static) */
	int64_t table_rows[STORE_CENSUS_MAX_TABLES];
};
/* The census of st, from one consistent read (unscoped stores only; nothing is written). */
int store_census(struct store *st, struct store_census *out, struct errinfo *e);

/*
 * Copy every row of every table of from into to, table by table in the
 * dump's order (which is the order of their references): what skjold
 * migrate moves between backends (docs/operations.md).  Rows keep every
 * value the dump shows, audit entries their seq and hash bytes, API tokens
 * their ids, sessions their last-seen time; the organisations' and users'
 * integer keys are to's own.  from is read in one consistent snapshot (or
 * inside the caller's transaction on it); to is written inside the caller's
 * transaction, which must be open, so the copy is whole or absent with the
 * caller's commit or rollback; after a failure only the rollback (the
 * transaction may be unusable).  to should be empty: a row it holds already
 * is ERR_CONFLICT.  *copied is from's census of what was read, and so
 * written.  Both stores unscoped.
 */
int store_copy(struct store *from, struct store *to, struct store_census *copied, struct errinfo *e);

#endif
