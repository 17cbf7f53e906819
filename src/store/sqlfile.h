/*
 * sqlfile.h — the named statements and numbered migrations both backends
 * load from their embedded SQL files (private to src/store/).
 *
 * Each backend keeps its SQL text under src/store/sql/ (SQLite) or
 * src/store/sql/pg/ (PostgreSQL): a queries.sql split at "-- name: X"
 * lines, and migrations NNN_name.sql applied in order.  The statement names
 * are the same for both, so one enum names them.
 */
#ifndef SKJOLD_SQLFILE_H
#define SKJOLD_SQLFILE_H

#include "err.h"

enum store_q {
	Q_ORG_OID, Q_ORG_PUT, Q_ORG_GET, Q_ORG_LIST, Q_ORG_DELETE,
	Q_TABLE_GET, Q_TABLE_PUT, Q_MATRIX_LIST, Q_MATRIX_ADD,
	Q_NODE_PUT, Q_NODE_GET, Q_NODE_LIST, Q_NODE_DELETE, Q_NODE_IDS,
	Q_EDGE_PUT, Q_EDGE_GET, Q_EDGE_LIST, Q_EDGE_DELETE,
	Q_THREAT_PUT, Q_THREAT_GET, Q_THREAT_LIST, Q_THREAT_DELETE,
	Q_RISK_PUT, Q_RISK_GET, Q_RISK_LIST, Q_RISK_DELETE,
	Q_MEASURE_PUT, Q_MEASURE_GET, Q_MEASURE_LIST, Q_MEASURE_DELETE,
	Q_CHANGE_PUT, Q_CHANGE_GET, Q_CHANGE_LIST, Q_CHANGE_DELETE,
	Q_INCIDENT_PUT, Q_INCIDENT_GET, Q_INCIDENT_LIST, Q_INCIDENT_NODES_CLEAR, Q_INCIDENT_NODE_ADD,
	Q_INCIDENT_NODE_LIST, Q_SUBMISSION_ADD, Q_SUBMISSION_LIST, Q_INCIDENT_EVENT_ADD, Q_INCIDENT_EVENT_LIST,
	Q_AUDIT_APPEND, Q_AUDIT_HEAD, Q_AUDIT_SCAN, Q_AUDIT_PAGE,
	Q_USER_PUT, Q_USER_GET, Q_USER_GET_UID, Q_USER_GET_SSO, Q_USER_LIST, Q_MEMBER_PUT, Q_MEMBER_DELETE, Q_MEMBER_LIST,
	Q_ORG_ACCESS_PURGE, Q_ORG_TOKEN_PURGE, Q_SESSION_PUT, Q_SESSION_GET, Q_SESSION_TOUCH, Q_SESSION_DELETE,
	Q_SESSION_DELETE_USER, Q_TOKEN_ADD, Q_TOKEN_GET, Q_TOKEN_LIST, Q_TOKEN_REVOKE, Q_ORG_GENERATION,
	Q_FORUM_PUT, Q_FORUM_LIST, Q_FORUM_DELETE, Q_FORUM_SETTINGS_PUT, Q_FMEMBER_PUT, Q_FMEMBER_LIST, Q_FSHARE_PUT,
	Q_FSHARE_LIST, Q_FSHARE_DELETE, Q_FITEM_PUT, Q_FITEM_GET, Q_FITEM_LIST, Q_FITEM_DELETE, Q_FORUM_ORG_PURGE,
	Q_FORUM_SHARE_PURGE, Q_FORUM_ITEM_PURGE, Q_FORUM_SECRETARIAT_PURGE,
	Q_LOGIN_ADDR_GET, Q_LOGIN_ADDR_FAIL, Q_LOGIN_ADDR_PRUNE,
	Q_SAML_REQUEST_PUT, Q_SAML_REQUEST_TAKE, Q_SAML_REQUEST_PRUNE, Q_SAML_ASSERTION_USE, Q_SAML_ASSERTION_PRUNE,
	Q_CALLER_SESSION, Q_CALLER_TOKEN,
	Q_WEBHOOK_PUT, Q_WEBHOOK_LIST, Q_WEBHOOK_DELETE, Q_WEBHOOK_EVENT_ADD, Q_WEBHOOK_DELIVERY_PUT,
	Q_WEBHOOK_DELIVERY_LIST, Q_WEBHOOK_DUE, Q_WEBHOOK_DELIVERY_CLAIM, Q_WEBHOOK_ATTEMPT_ADD, Q_WEBHOOK_ATTEMPT_LIST,
	/* single sign-on required, and the pending sign-ins (migration 12) */
	Q_ORG_SSO_GET, Q_ORG_SSO_SET, Q_ORG_SSO_SESSIONS_END, Q_USER_SSO_REQUIRED,
	Q_SSO_PENDING_PUT, Q_SSO_PENDING_PRUNE, Q_SSO_PENDING_TAKE,
	/* store_copy's loads: one per table of store_dump_tables, in its order (Q_LOAD_ORG + t) */
	Q_LOAD_ORG, Q_LOAD_ORG_TABLE, Q_LOAD_RISK_MATRIX, Q_LOAD_NODE, Q_LOAD_EDGE, Q_LOAD_THREAT, Q_LOAD_RISK,
	Q_LOAD_MEASURE, Q_LOAD_CHANGE, Q_LOAD_INCIDENT, Q_LOAD_INCIDENT_NODE, Q_LOAD_SUBMISSION,
	Q_LOAD_INCIDENT_EVENT, Q_LOAD_AUDIT, Q_LOAD_APP_USER, Q_LOAD_MEMBERSHIP, Q_LOAD_SESSION, Q_LOAD_API_TOKEN,
	Q_LOAD_FORUM, Q_LOAD_FORUM_MEMBER, Q_LOAD_FORUM_SHARE, Q_LOAD_FORUM_ITEM,
	Q_LOAD_WEBHOOK, Q_LOAD_WEBHOOK_EVENT, Q_LOAD_WEBHOOK_DELIVERY, Q_LOAD_WEBHOOK_ATTEMPT,
	Q_COUNT
};

/* The statement's name in queries.sql ("node_put"). */
extern const char *const sqlfile_qnames[Q_COUNT];

/*
 * Split the embedded file name (e.g. "src/store/sql/queries.sql") into
 * statements: sql[q] points into the embedded text, len[q] is its length
 * (not NUL-terminated).  Every name must be there.
 */
int sqlfile_queries(const char *name, const char *sql[Q_COUNT], int len[Q_COUNT], struct errinfo *e);
/* The highest migration number embedded under dir ("src/store/sql/"). */
int sqlfile_migration_max(const char *dir);
/* The text of migration n under dir (NUL-terminated), or NULL when missing. */
const char *sqlfile_migration(const char *dir, int n);

#endif
