/*
 * sqlfile.c — named statements and numbered migrations out of the SQL
 * files embedded at build time (tools/embed.c).
 *
 * A migration is a file DIR/NNN_name.sql directly under its backend's
 * folder: the SQLite backend's under src/store/sql/, PostgreSQL's under
 * src/store/sql/pg/, so neither sees the other's.
 */
#include "sqlfile.h"

#include <stdlib.h>
#include <string.h>

#include "embed.h"

const char *const sqlfile_qnames[Q_COUNT] = {
	"org_oid", "org_put", "org_get", "org_list", "org_delete",
	"table_get", "table_put", "matrix_list", "matrix_add",
	"node_put", "node_get", "node_list", "node_delete", "node_ids",
	"edge_put", "edge_get", "edge_list", "edge_delete",
	"threat_put", "threat_get", "threat_list", "threat_delete",
	"risk_put", "risk_get", "risk_list", "risk_delete",
	"measure_put", "measure_get", "measure_list", "measure_delete",
	"change_put", "change_get", "change_list", "change_delete",
	"incident_put", "incident_get", "incident_list", "incident_nodes_clear", "incident_node_add",
	"incident_node_list", "submission_add", "submission_list", "incident_event_add", "incident_event_list",
	"audit_append", "audit_head", "audit_scan", "audit_page",
	"user_put", "user_get", "user_get_uid", "user_get_sso", "user_list", "member_put", "member_delete", "member_list",
	"org_access_purge", "org_token_purge", "session_put", "session_get", "session_touch", "session_delete",
	"session_delete_user", "token_add", "token_get", "token_list", "token_revoke", "org_generation",
	"forum_put", "forum_list", "forum_delete", "forum_settings_put", "fmember_put", "fmember_list", "fshare_put",
	"fshare_list", "fshare_delete", "fitem_put", "fitem_get", "fitem_list", "fitem_delete", "forum_org_purge",
	"forum_share_purge", "forum_item_purge", "forum_secretariat_purge",
	"login_addr_get", "login_addr_fail", "login_addr_prune",
	"saml_request_put", "saml_request_take", "saml_request_prune", "saml_assertion_use", "saml_assertion_prune",
	"caller_session", "caller_token",
	"webhook_put", "webhook_list", "webhook_delete", "webhook_event_add", "webhook_delivery_put",
	"webhook_delivery_list", "webhook_due", "webhook_delivery_claim", "webhook_attempt_add", "webhook_attempt_list",
	"org_sso_get", "org_sso_set", "org_sso_sessions_end", "user_sso_required",
	"sso_pending_put", "sso_pending_prune", "sso_pending_take",
	"load_org", "load_org_table", "load_risk_matrix", "load_node", "load_edge", "load_threat", "load_risk",
	"load_measure", "load_change", "load_incident", "load_incident_node", "load_submission",
	"load_incident_event", "load_audit", "load_app_user", "load_membership", "load_session", "load_api_token",
	"load_forum", "load_forum_member", "load_forum_share", "load_forum_item",
	"load_webhook", "load_webhook_event", "load_webhook_delivery", "load_webhook_attempt",
};

int sqlfile_queries(const char *name, const char *sql[Q_COUNT], int len[Q_COUNT], struct errinfo *e)
{
	const struct embedded_file *f = embed_find(name);
	if (!f)
		return err_setm(e, ERR_INTERNAL, "", "internal.not_embedded", "file", name, NULL);
	for (int i = 0; i < Q_COUNT; i++)
		sql[i] = NULL;
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (strncmp(p, "-- name: ", 9) == 0) {
			const char *qname = p + 9;
			size_t qname_len = (size_t)(line_end - qname);
			const char *body = nl ? nl + 1 : end;
			const char *next = body;
			while (next < end && strncmp(next, "-- name: ", 9) != 0) {
				const char *n2 = memchr(next, '\n', (size_t)(end - next));
				next = n2 ? n2 + 1 : end;
			}
			for (int i = 0; i < Q_COUNT; i++) {
				if (strlen(sqlfile_qnames[i]) == qname_len && memcmp(sqlfile_qnames[i], qname, qname_len) == 0) {
					sql[i] = body;
					len[i] = (int)(next - body);
				}
			}
			p = next;
			continue;
		}
		p = nl ? nl + 1 : end;
	}
	for (int i = 0; i < Q_COUNT; i++)
		if (!sql[i])
			return err_setm(e, ERR_INTERNAL, "", "internal.no_statement", "file", name, "statement",
					sqlfile_qnames[i], NULL);
	return 0;
}

/* The number of a migration file "DIR/NNN_name.sql", or 0 for other files. */
static int migration_number(const char *dir, const char *name)
{
	size_t dlen = strlen(dir);
	if (strncmp(name, dir, dlen) != 0)
		return 0;
	const char *base = name + dlen;
	if (base[0] < '0' || base[0] > '9' || strchr(base, '/'))
		return 0;
	return (int)strtol(base, NULL, 10);
}

int sqlfile_migration_max(const char *dir)
{
	int max = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(dir, f->name) > max)
			max = migration_number(dir, f->name);
	return max;
}

const char *sqlfile_migration(const char *dir, int n)
{
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(dir, f->name) == n)
			return f->data;
	return NULL;
}
