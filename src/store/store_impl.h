/*
 * store_impl.h — what a storage backend provides (private to src/store/).
 *
 * A backend fills one struct store_ops; store.c's functions are one-line
 * calls through it, so a caller never knows which backend it talks to.
 * Each backend maps its own errors into enum err.
 */
#ifndef SKJOLD_STORE_IMPL_H
#define SKJOLD_STORE_IMPL_H

#include <stdbool.h>

#include "store.h"

/* The columns of the logical dump (dump.c holds the list and the canonical text). */
enum store_col_type { STORE_COL_INT, STORE_COL_REAL, STORE_COL_TEXT, STORE_COL_BLOB };
struct store_dump_col {
	const char *name;
	enum store_col_type type;
	bool copy_only; /* handed to store_copy, left out of the dump's text and checksum (session.last_seen_ms) */
};
struct store_dump_table {
	const char *name;
	const struct store_dump_col *cols;
	size_t ncols;
	size_t nkey; /* the first nkey columns are the table's key: rows come in their order */
};
extern const struct store_dump_table store_dump_tables[];
extern const size_t store_dump_ntables;
/* One value of a dumped row: null, or i (INT), r (REAL), or p and len (TEXT, BLOB). */
struct store_value {
	bool null;
	int64_t i;
	double r;
	const void *p; /* a TEXT is followed by a NUL byte at p[len] */
	size_t len;
};
/*
 * dump.c: the dump of st into census (store_census), every row also handed
 * to tee (NULL: none) once its table and key order are checked; a non-zero
 * return of tee stops the dump and is returned.  store_copy's reading half.
 */
int store_census_tee(struct store *st, int (*tee)(void *ctx, size_t t, const struct store_value *v), void *ctx,
		     struct store_census *census, struct errinfo *e);

struct store_ops {
	const char *name;
	void (*close)(struct store *st);
	int (*begin)(struct store *st, struct errinfo *e);
	int (*commit)(struct store *st, struct errinfo *e);
	void (*rollback)(struct store *st);
	int (*depth)(struct store *st);
	int (*bulk_begin)(struct store *st, struct errinfo *e);
	int (*bulk_end)(struct store *st, int ok, struct errinfo *e);

	int (*org_put)(struct store *st, const struct org *o, struct errinfo *e);
	int (*org_get)(struct store *st, const char *id, struct arena *a, struct org *out, struct errinfo *e);
	int (*org_list)(struct store *st, struct arena *a, struct org **out, size_t *n, struct errinfo *e);
	int (*org_delete)(struct store *st, const char *id, struct errinfo *e);
	int (*table_get)(struct store *st, const char *org, const char *name, struct arena *a, const char **json,
			 struct errinfo *e);
	int (*table_put)(struct store *st, const char *org, const char *name, const char *json, struct errinfo *e);
	int (*matrix_list)(struct store *st, const char *org, struct arena *a, struct matrix_version **out,
			   size_t *n, struct errinfo *e);
	int (*matrix_add)(struct store *st, const char *org, const struct matrix_version *mv, struct errinfo *e);

	int (*node_put)(struct store *st, const char *org, const struct node *x, struct errinfo *e);
	int (*node_get)(struct store *st, const char *org, const char *id, struct arena *a, struct node *out,
			struct errinfo *e);
	int (*node_list)(struct store *st, const char *org, struct arena *a, struct node **out, size_t *n,
			 struct errinfo *e);
	int (*node_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);
	int (*node_ids)(struct store *st, const char *org, void (*fn)(void *, const char *, size_t), void *ctx,
			struct errinfo *e);
	int (*edge_put)(struct store *st, const char *org, const struct edge *x, struct errinfo *e);
	int (*edge_get)(struct store *st, const char *org, const char *from, const char *to, struct arena *a,
			struct edge *out, struct errinfo *e);
	int (*edge_list)(struct store *st, const char *org, struct arena *a, struct edge **out, size_t *n,
			 struct errinfo *e);
	int (*edge_delete)(struct store *st, const char *org, const char *from, const char *to, struct errinfo *e);
	int (*threat_put)(struct store *st, const char *org, const struct threat *x, struct errinfo *e);
	int (*threat_get)(struct store *st, const char *org, const char *id, struct arena *a, struct threat *out,
			  struct errinfo *e);
	int (*threat_list)(struct store *st, const char *org, struct arena *a, struct threat **out, size_t *n,
			   struct errinfo *e);
	int (*threat_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);
	int (*risk_put)(struct store *st, const char *org, const struct risk *x, struct errinfo *e);
	int (*risk_get)(struct store *st, const char *org, const char *id, struct arena *a, struct risk *out,
			struct errinfo *e);
	int (*risk_list)(struct store *st, const char *org, struct arena *a, struct risk **out, size_t *n,
			 struct errinfo *e);
	int (*risk_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);
	int (*measure_put)(struct store *st, const char *org, const struct measure *x, struct errinfo *e);
	int (*measure_get)(struct store *st, const char *org, const char *id, struct arena *a, struct measure *out,
			   struct errinfo *e);
	int (*measure_list)(struct store *st, const char *org, struct arena *a, struct measure **out, size_t *n,
			    struct errinfo *e);
	int (*measure_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);
	int (*change_put)(struct store *st, const char *org, const struct change *x, struct errinfo *e);
	int (*change_get)(struct store *st, const char *org, const char *id, struct arena *a, struct change *out,
			  struct errinfo *e);
	int (*change_list)(struct store *st, const char *org, struct arena *a, struct change **out, size_t *n,
			   struct errinfo *e);
	int (*change_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);

	int (*incident_put)(struct store *st, const char *org, const struct incident_rec *x, struct errinfo *e);
	int (*incident_get)(struct store *st, const char *org, const char *id, struct arena *a,
			    struct incident_rec *out, struct errinfo *e);
	int (*incident_list)(struct store *st, const char *org, struct arena *a, struct incident_rec **out, size_t *n,
			     struct errinfo *e);
	int (*incident_nodes)(struct store *st, const char *org, struct arena *a, struct incident_node_ref **out,
			      size_t *n, struct errinfo *e);
	int (*submission_add)(struct store *st, const char *org, const struct submission_rec *x, struct errinfo *e);
	int (*submission_list)(struct store *st, const char *org, const char *incident, struct arena *a,
			       struct submission_rec **out, size_t *n, struct errinfo *e);
	int (*incident_event_add)(struct store *st, const char *org, const struct incident_event *x,
				  struct errinfo *e);
	int (*incident_event_list)(struct store *st, const char *org, const char *incident, struct arena *a,
				   struct incident_event **out, size_t *n, struct errinfo *e);

	int (*audit_append)(struct store *st, const struct audit_entry *x, struct errinfo *e);
	int (*audit_head)(struct store *st, int64_t *seq, unsigned char hash[32], struct errinfo *e);
	int (*audit_scan)(struct store *st, const char *entity, const char *org, const char *key,
			  int (*fn)(void *, const struct audit_entry *), void *ctx, struct errinfo *e);
	int (*audit_page)(struct store *st, struct audit_range *q, int (*fn)(void *, const struct audit_entry *),
			  void *ctx, struct errinfo *e);

	int (*user_put)(struct store *st, const struct user_rec *x, int64_t *uid, struct errinfo *e);
	int (*user_get)(struct store *st, const char *name, int64_t uid, struct arena *a, struct user_rec *out,
			struct errinfo *e);
	int (*user_list)(struct store *st, struct arena *a, struct user_rec **out, size_t *n, struct errinfo *e);
	int (*user_get_sso)(struct store *st, const char *issuer, const char *subject, struct arena *a,
			    struct user_rec *out, struct errinfo *e);
	int (*member_put)(struct store *st, const struct member_rec *x, struct errinfo *e);
	int (*member_delete)(struct store *st, const char *org, const char *user, struct errinfo *e);
	int (*member_list)(struct store *st, const char *org, const char *user, struct arena *a,
			   struct member_rec **out, size_t *n, struct errinfo *e);
	int (*org_access_purge)(struct store *st, const char *org, struct errinfo *e);
	int (*session_put)(struct store *st, const struct session_rec *x, struct errinfo *e);
	int (*session_get)(struct store *st, const unsigned char hash[32], struct arena *a, struct session_rec *out,
			   struct errinfo *e);
	int (*session_touch)(struct store *st, const unsigned char hash[32], int64_t at_ms, struct errinfo *e);
	int (*session_delete)(struct store *st, const unsigned char hash[32], int64_t uid, struct errinfo *e);
	int (*login_addr_hit)(struct store *st, const char *addr, int64_t now_ms, int64_t window_ms, bool failed,
			      int *failures, int64_t *window_start_ms, struct errinfo *e);
	int (*org_sso_get)(struct store *st, const char *org, bool *required, struct errinfo *e);
	int (*org_sso_set)(struct store *st, const char *org, bool required, struct errinfo *e);
	int (*user_sso_required)(struct store *st, int64_t uid, struct arena *a, const char **org, struct errinfo *e);
	int (*sso_pending_put)(struct store *st, const struct sso_pending_rec *x, int64_t prune_before_ms,
			       struct errinfo *e);
	int (*sso_pending_take)(struct store *st, const unsigned char hash[32], struct arena *a,
				struct sso_pending_rec *out, bool *found, struct errinfo *e);
	int (*saml_request_put)(struct store *st, const char *relay, const char *request_id,
				const unsigned char browser[32], int64_t at_ms, int64_t prune_before_ms, struct errinfo *e);
	int (*saml_request_take)(struct store *st, const char *relay, struct arena *a, const char **request_id,
				 unsigned char browser[32], int64_t *at_ms, struct errinfo *e);
	int (*saml_assertion_use)(struct store *st, const char *id, int64_t until_s, int64_t now_s, bool *first,
				  struct errinfo *e);
	int (*webhook_put)(struct store *st, const char *org, const struct webhook_rec *x, struct errinfo *e);
	int (*webhook_list)(struct store *st, const char *org, const char *id, struct arena *a,
			    struct webhook_rec **out, size_t *n, struct errinfo *e);
	int (*webhook_delete)(struct store *st, const char *org, const char *id, struct errinfo *e);
	int (*webhook_event_add)(struct store *st, const char *org, const struct webhook_event_rec *x, bool *added,
				 struct errinfo *e);
	int (*webhook_delivery_put)(struct store *st, const char *org, const struct webhook_delivery_rec *x,
				    struct errinfo *e);
	int (*webhook_delivery_list)(struct store *st, const char *org, const char *hook, int64_t limit,
				     struct arena *a, struct webhook_delivery_rec **out, size_t *n, struct errinfo *e);
	int (*webhook_due)(struct store *st, int64_t now_ms, int64_t limit, struct arena *a,
			   struct webhook_delivery_rec **out, size_t *n, struct errinfo *e);
	int (*webhook_delivery_claim)(struct store *st, const char *org, const char *hook, const char *event_id,
				      int64_t seen_ms, int64_t until_ms, bool *claimed, struct errinfo *e);
	int (*webhook_attempt_add)(struct store *st, const char *org, const struct webhook_attempt_rec *x,
				   struct errinfo *e);
	int (*webhook_attempt_list)(struct store *st, const char *org, const char *hook, int64_t limit,
				    struct arena *a, struct webhook_attempt_rec **out, size_t *n, struct errinfo *e);
	int (*token_add)(struct store *st, const struct token_rec *x, int64_t *id, struct errinfo *e);
	int (*token_get)(struct store *st, const unsigned char hash[32], struct arena *a, struct token_rec *out,
			 struct errinfo *e);
	int (*token_list)(struct store *st, const char *user, const char *org, struct arena *a,
			  struct token_rec **out, size_t *n, struct errinfo *e);
	int (*token_revoke)(struct store *st, const char *org, int64_t id, int64_t at_ms, struct errinfo *e);
	int (*forum_put)(struct store *st, const struct forum_rec *x, struct errinfo *e);
	int (*forum_list)(struct store *st, const char *id, struct arena *a, struct forum_rec **out, size_t *n,
			  struct errinfo *e);
	int (*forum_delete)(struct store *st, const char *id, struct errinfo *e);
	int (*forum_settings_put)(struct store *st, const char *id, const char *settings, struct errinfo *e);
	int (*fmember_put)(struct store *st, const struct fmember_rec *x, struct errinfo *e);
	int (*fmember_list)(struct store *st, const char *forum, const char *org, struct arena *a,
			    struct fmember_rec **out, size_t *n, struct errinfo *e);
	int (*fshare_put)(struct store *st, const struct fshare_rec *x, struct errinfo *e);
	int (*fshare_list)(struct store *st, const char *forum, const char *org, struct arena *a,
			   struct fshare_rec **out, size_t *n, struct errinfo *e);
	int (*fshare_delete)(struct store *st, const char *forum, const char *org, const char *id, struct errinfo *e);
	int (*fitem_put)(struct store *st, const struct fitem_rec *x, struct errinfo *e);
	int (*fitem_get)(struct store *st, const char *forum, const char *kind, const char *id, struct arena *a,
			 struct fitem_rec *out, struct errinfo *e);
	int (*fitem_list)(struct store *st, const char *forum, const char *kind, const char *parent, struct arena *a,
			  struct fitem_rec **out, size_t *n, struct errinfo *e);
	int (*fitem_delete)(struct store *st, const char *forum, const char *kind, const char *id, struct errinfo *e);
	int (*org_generation)(struct store *st, const char *org, int64_t *gen, struct errinfo *e);
	int (*caller_get)(struct store *st, bool token, const unsigned char hash[32], struct arena *a,
			  struct caller_rec **out, size_t *n, struct errinfo *e);
	int (*backup)(struct store *st, const char *path, struct errinfo *e);
	int (*restore)(struct store *st, const char *path, struct errinfo *e);
	int (*schema)(struct store *st, int *schema, int *schema_max, struct errinfo *e);
	/*
	 * The logical dump (dump.c): call row once per row of every table of
	 * store_dump_tables, the tables in that order, each table's rows in the
	 * order of its key columns (texts compared bytewise, as memcmp does:
	 * COLLATE "C" in PostgreSQL), every value converted to its column's
	 * type.  A non-zero return of row stops the dump and is returned.
	 * Nothing is written; the rows come from one consistent snapshot.
	 */
	int (*dump)(struct store *st, int (*row)(void *ctx, size_t table, const struct store_value *v), void *ctx,
		    struct errinfo *e);
	/*
	 * store_copy's writing half: insert one row of table t of
	 * store_dump_tables, v in the dump's columns (copy_only ones included),
	 * inside the caller's transaction.  Rows name their organisation by id
	 * and their user by name, as the dump does: the backend assigns its own
	 * org.oid and app_user.uid and keeps every other value as given (an API
	 * token's id, an audit entry's seq and hashes), its sequences moved past
	 * the ids given.  The audit log's triggers keep its head and the write
	 * generations as for any append.  A backend may hold rows back and
	 * write them later (PostgreSQL sends them in pipeline mode): a failure
	 * may be returned by a later load, or by the call with t ==
	 * store_dump_ntables (v NULL) that ends every copy.  A failed load
	 * leaves the transaction unusable: the caller rolls it back.
	 */
	int (*load)(struct store *st, size_t t, const struct store_value *v, struct errinfo *e);
};

/* Every backend's struct begins with this. */
struct store {
	const struct store_ops *ops;
	const struct store_scope *scope; /* NULL: unrestricted */
	bool shared;                     /* other connections write beside this one (the server) */
	int64_t audit_from;              /* the first audit seq appended in the open transaction; 0: none */
};

/* Backend constructors; store_open is the only caller. */
int sqlite_store_open(const char *path, struct store **out, struct errinfo *e);
int sqlite_store_inspect(const char *path, struct store_file_info *out, struct errinfo *e);
/* url (postgresql://…, postgres://…, or a libpq key=value string) opens with pg_store_open. */
bool pg_store_url(const char *url);
int pg_store_open(const char *url, struct store **out, struct errinfo *e);

#endif
