-- Every statement the SQLite backend runs, by name (src/store/sqlite.c).
-- ?1.. are bound by position; an organisation is always bound by its id text.

-- name: org_oid
SELECT oid FROM org WHERE id = ?1;

-- name: org_put
INSERT INTO org(id, name, kind, cvr, lei, nis2, dora, psd2_psp, trust_service, risk_appetite,
	work_start_min, work_end_min, procedure_reviewed_on, parent, competent_authority, contacts,
	dora_relief_withdrawn, dora_simplified_framework)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, cvr = excluded.cvr,
	lei = excluded.lei, nis2 = excluded.nis2, dora = excluded.dora, psd2_psp = excluded.psd2_psp,
	trust_service = excluded.trust_service, risk_appetite = excluded.risk_appetite,
	work_start_min = excluded.work_start_min, work_end_min = excluded.work_end_min,
	procedure_reviewed_on = excluded.procedure_reviewed_on, parent = excluded.parent,
	competent_authority = excluded.competent_authority, contacts = excluded.contacts,
	dora_relief_withdrawn = excluded.dora_relief_withdrawn, dora_simplified_framework = excluded.dora_simplified_framework;

-- name: org_get
SELECT id, name, kind, cvr, lei, nis2, dora, psd2_psp, trust_service, risk_appetite,
	work_start_min, work_end_min, procedure_reviewed_on, parent, competent_authority, contacts,
	dora_relief_withdrawn, dora_simplified_framework FROM org WHERE id = ?1;

-- name: org_list
SELECT id, name, kind, cvr, lei, nis2, dora, psd2_psp, trust_service, risk_appetite,
	work_start_min, work_end_min, procedure_reviewed_on, parent, competent_authority, contacts,
	dora_relief_withdrawn, dora_simplified_framework FROM org ORDER BY id;

-- name: org_delete
DELETE FROM org WHERE oid = ?1;

-- name: table_get
SELECT json FROM org_table WHERE oid = ?1 AND name = ?2;

-- name: table_put
INSERT OR REPLACE INTO org_table(oid, name, json) VALUES (?1, ?2, ?3);

-- name: matrix_list
SELECT version, created_on, cells FROM risk_matrix WHERE oid = ?1 ORDER BY version;

-- name: matrix_add
INSERT INTO risk_matrix(oid, version, created_on, cells) VALUES (?1, ?2, ?3, ?4);

-- name: node_put
INSERT OR REPLACE INTO node(oid, id, kind, name, owner, description, criticality, override,
	override_reason, critical_service, personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);

-- name: node_get
SELECT id, kind, name, owner, description, criticality, override, override_reason, critical_service,
	personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type FROM node WHERE oid = ?1 AND id = ?2;

-- name: node_list
SELECT id, kind, name, owner, description, criticality, override, override_reason, critical_service,
	personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type FROM node WHERE oid = ?1 ORDER BY id;

-- name: node_delete
DELETE FROM node WHERE oid = ?1 AND id = ?2;

-- name: node_ids
SELECT id FROM node WHERE oid = ?1;

-- name: edge_put
INSERT OR REPLACE INTO edge(oid, from_id, to_id, type, grp) VALUES (?1, ?2, ?3, ?4, ?5);

-- name: edge_get
SELECT from_id, to_id, type, grp FROM edge WHERE oid = ?1 AND from_id = ?2 AND to_id = ?3;

-- name: edge_list
SELECT from_id, to_id, type, grp FROM edge WHERE oid = ?1 ORDER BY from_id, to_id;

-- name: edge_delete
DELETE FROM edge WHERE oid = ?1 AND from_id = ?2 AND to_id = ?3;

-- name: threat_put
INSERT OR REPLACE INTO threat(oid, id, name, name_en, category, description, level, level_source, level_date)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: threat_get
SELECT id, name, name_en, category, description, level, level_source, level_date
FROM threat WHERE oid = ?1 AND id = ?2;

-- name: threat_list
SELECT id, name, name_en, category, description, level, level_source, level_date
FROM threat WHERE oid = ?1 ORDER BY id;

-- name: threat_delete
DELETE FROM threat WHERE oid = ?1 AND id = ?2;

-- name: risk_put
INSERT OR REPLACE INTO risk(oid, id, node_id, threat_id, title, description, assessed_on, assessor, owner,
	threat_level, resilience, likelihood, c_availability, c_confidentiality, c_integrity, c_authenticity,
	has_residual, r_likelihood, r_availability, r_confidentiality, r_integrity, r_authenticity,
	decision, matrix_version, accept_approver, accept_role, accept_on, accept_expires, note)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
	?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29);

-- name: risk_get
SELECT id, node_id, threat_id, title, description, assessed_on, assessor, owner, threat_level, resilience,
	likelihood, c_availability, c_confidentiality, c_integrity, c_authenticity, has_residual, r_likelihood,
	r_availability, r_confidentiality, r_integrity, r_authenticity, decision, matrix_version,
	accept_approver, accept_role, accept_on, accept_expires, note
FROM risk WHERE oid = ?1 AND id = ?2;

-- name: risk_list
SELECT id, node_id, threat_id, title, description, assessed_on, assessor, owner, threat_level, resilience,
	likelihood, c_availability, c_confidentiality, c_integrity, c_authenticity, has_residual, r_likelihood,
	r_availability, r_confidentiality, r_integrity, r_authenticity, decision, matrix_version,
	accept_approver, accept_role, accept_on, accept_expires, note
FROM risk WHERE oid = ?1 ORDER BY id;

-- name: risk_delete
DELETE FROM risk WHERE oid = ?1 AND id = ?2;

-- name: measure_put
INSERT OR REPLACE INTO measure(oid, id, risk_id, kind, title, owner, description, due, status, effect,
	effect_on, effect_note)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);

-- name: measure_get
SELECT id, risk_id, kind, title, owner, description, due, status, effect, effect_on, effect_note
FROM measure WHERE oid = ?1 AND id = ?2;

-- name: measure_list
SELECT id, risk_id, kind, title, owner, description, due, status, effect, effect_on, effect_note
FROM measure WHERE oid = ?1 ORDER BY id;

-- name: measure_delete
DELETE FROM measure WHERE oid = ?1 AND id = ?2;

-- name: change_put
INSERT OR REPLACE INTO change(oid, id, node_id, kind, date, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: change_get
SELECT id, node_id, kind, date, description FROM change WHERE oid = ?1 AND id = ?2;

-- name: change_list
SELECT id, node_id, kind, date, description FROM change WHERE oid = ?1 ORDER BY date, id;

-- name: change_delete
DELETE FROM change WHERE oid = ?1 AND id = ?2;

-- name: audit_append
INSERT INTO audit(seq, at_ms, actor, action, entity, org, key, before, after, prev_hash, hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);

-- name: audit_head
SELECT seq, hash FROM audit_head WHERE one = 1;

-- name: audit_scan
SELECT seq, at_ms, actor, action, entity, org, key, before, after, prev_hash, hash FROM audit
WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR org = ?2) AND (?3 IS NULL OR key = ?3)
ORDER BY seq;

-- name: audit_page
-- One page of the export (store_audit_page): the primary key walks seq, the instants filter.
SELECT seq, at_ms, actor, action, entity, org, key, NULL AS before, NULL AS after, prev_hash, hash FROM audit
WHERE seq > ?1 AND seq <= ?2 AND at_ms >= ?3 AND at_ms < ?4 AND (?5 IS NULL OR org = ?5)
ORDER BY seq LIMIT ?6;

-- name: incident_put
-- An update in place: REPLACE would delete the row and cascade to its timeline and submissions.
INSERT INTO incident(oid, id, title, status, detected_ms, doc, created_ms, updated_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT(oid, id) DO UPDATE SET title = excluded.title, status = excluded.status,
	detected_ms = excluded.detected_ms, doc = excluded.doc, updated_ms = excluded.updated_ms;

-- name: incident_get
SELECT id, title, status, detected_ms, doc, created_ms, updated_ms FROM incident WHERE oid = ?1 AND id = ?2;

-- name: incident_list
SELECT id, title, status, detected_ms, doc, created_ms, updated_ms FROM incident WHERE oid = ?1
ORDER BY detected_ms, id;

-- name: incident_nodes_clear
DELETE FROM incident_node WHERE oid = ?1 AND incident_id = ?2;

-- name: incident_node_add
INSERT OR IGNORE INTO incident_node(oid, incident_id, node_id) VALUES (?1, ?2, ?3);

-- name: incident_node_list
SELECT n.incident_id, n.node_id, i.detected_ms FROM incident_node n
JOIN incident i ON i.oid = n.oid AND i.id = n.incident_id WHERE n.oid = ?1 ORDER BY n.incident_id, n.node_id;

-- name: submission_add
INSERT INTO submission(oid, incident_id, seq, regime, report, submitted_ms, doc)
SELECT ?1, ?2, COALESCE(MAX(seq), 0) + 1, ?3, ?4, ?5, ?6 FROM submission WHERE oid = ?1 AND incident_id = ?2;

-- name: submission_list
SELECT incident_id, seq, regime, report, submitted_ms, doc FROM submission WHERE oid = ?1 AND (?2 IS NULL OR incident_id = ?2)
ORDER BY incident_id, submitted_ms, seq;

-- name: incident_event_add
INSERT INTO incident_event(oid, incident_id, seq, at_ms, actor, kind, detail)
SELECT ?1, ?2, COALESCE(MAX(seq), 0) + 1, ?3, ?4, ?5, ?6 FROM incident_event WHERE oid = ?1 AND incident_id = ?2;

-- name: incident_event_list
SELECT incident_id, seq, at_ms, actor, kind, detail FROM incident_event WHERE oid = ?1 AND incident_id = ?2 ORDER BY seq;

-- Users, memberships, sessions and API tokens (migration 3).

-- name: user_put
INSERT INTO app_user(name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step,
	must_change_pw, disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
ON CONFLICT(name) DO UPDATE SET display_name = excluded.display_name, pw_hash = excluded.pw_hash,
	admin = excluded.admin, totp_secret = excluded.totp_secret, totp_enabled = excluded.totp_enabled,
	totp_last_step = excluded.totp_last_step, must_change_pw = excluded.must_change_pw,
	disabled = excluded.disabled, failed_logins = excluded.failed_logins,
	locked_until_ms = excluded.locked_until_ms, home_org = excluded.home_org,
	sso_issuer = excluded.sso_issuer, sso_subject = excluded.sso_subject
RETURNING uid;

-- name: user_get
SELECT uid, name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step, must_change_pw,
	disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject FROM app_user WHERE name = ?1;

-- name: user_get_uid
SELECT uid, name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step, must_change_pw,
	disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject FROM app_user WHERE uid = ?1;

-- name: user_get_sso
SELECT uid, name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step, must_change_pw,
	disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject FROM app_user
WHERE sso_issuer = ?1 AND sso_subject = ?2;

-- name: user_list
SELECT uid, name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step, must_change_pw,
	disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject FROM app_user ORDER BY name;

-- name: member_put
INSERT INTO membership(uid, org, role, sso) VALUES ((SELECT uid FROM app_user WHERE name = ?1), ?2, ?3, ?4)
ON CONFLICT(uid, org) DO UPDATE SET role = excluded.role, sso = excluded.sso;

-- name: member_delete
DELETE FROM membership WHERE uid = (SELECT uid FROM app_user WHERE name = ?1) AND org = ?2;

-- name: member_list
-- By organisation (?1), by user (?2), or both.
SELECT u.name AS user_name, m.org, m.role, m.sso FROM membership m JOIN app_user u ON u.uid = m.uid
WHERE (?1 IS NULL OR m.org = ?1) AND (?2 IS NULL OR u.name = ?2)
ORDER BY m.org, u.name;

-- name: org_access_purge
DELETE FROM membership WHERE org = ?1;

-- name: org_token_purge
DELETE FROM api_token WHERE org = ?1;

-- name: session_put
INSERT INTO session(hash, uid, csrf, created_ms, expires_ms, last_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6);

-- name: session_get
SELECT hash, uid, csrf, created_ms, expires_ms, last_seen_ms FROM session WHERE hash = ?1;

-- name: session_touch
UPDATE session SET last_seen_ms = ?2 WHERE hash = ?1;

-- name: session_delete
DELETE FROM session WHERE hash = ?1;

-- name: session_delete_user
DELETE FROM session WHERE uid = ?1;

-- name: token_add
INSERT INTO api_token(hash, name, uid, org, role, created_ms, expires_ms)
VALUES (?1, ?2, (SELECT uid FROM app_user WHERE name = ?3), ?4, ?5, ?6, ?7)
RETURNING tid;

-- name: token_get
SELECT t.tid, t.hash, t.name, u.name AS user_name, t.org, t.role, t.created_ms, t.expires_ms, t.revoked_ms, t.last_used_ms
FROM api_token t JOIN app_user u ON u.uid = t.uid WHERE t.hash = ?1;

-- name: token_list
-- By user (?1), by organisation (?2), or both.
SELECT t.tid, t.hash, t.name, u.name AS user_name, t.org, t.role, t.created_ms, t.expires_ms, t.revoked_ms, t.last_used_ms
FROM api_token t JOIN app_user u ON u.uid = t.uid
WHERE (?1 IS NULL OR u.name = ?1) AND (?2 IS NULL OR t.org = ?2) ORDER BY t.tid;

-- name: token_revoke
UPDATE api_token SET revoked_ms = ?3 WHERE tid = ?1 AND org = ?2 AND revoked_ms IS NULL;

-- name: org_generation
SELECT coalesce((SELECT gen FROM org_generation WHERE org = ?1), 0);

-- name: caller_session
-- Who a request with this session acts as (store_caller_get): the session, its user and each
-- role with its organisation's write generation, in one statement; a row with org NULL when the
-- user holds no role.
SELECT NULL AS tid, s.csrf, NULL AS token_org, NULL AS token_role, s.created_ms, s.expires_ms,
	s.last_seen_ms, NULL AS revoked_ms, u.uid, u.name AS user_name, u.display_name, u.home_org, u.admin,
	u.totp_enabled, u.must_change_pw, u.disabled, m.org, m.role, coalesce(g.gen, 0) AS gen
FROM session s JOIN app_user u ON u.uid = s.uid LEFT JOIN membership m ON m.uid = u.uid
	LEFT JOIN org_generation g ON g.org = m.org
WHERE s.hash = ?1 ORDER BY m.org;

-- name: caller_token
-- The same for an API token: its user's role in the token's organisation only.
SELECT t.tid, NULL AS csrf, t.org AS token_org, t.role AS token_role, t.created_ms, t.expires_ms,
	t.last_used_ms AS last_seen_ms, t.revoked_ms, u.uid, u.name AS user_name, u.display_name, u.home_org,
	u.admin, u.totp_enabled, u.must_change_pw, u.disabled, m.org, m.role, coalesce(g.gen, 0) AS gen
FROM api_token t JOIN app_user u ON u.uid = t.uid LEFT JOIN membership m ON m.uid = u.uid AND m.org = t.org
	LEFT JOIN org_generation g ON g.org = m.org
WHERE t.hash = ?1;

-- The sector forum (migration 4).  Authorisation is forum.c's.

-- name: forum_put
INSERT INTO forum(id, name, secretariat, settings, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT(id) DO UPDATE SET name = excluded.name, secretariat = excluded.secretariat,
	settings = excluded.settings;

-- name: forum_list
SELECT id, name, secretariat, settings, created_ms FROM forum WHERE ?1 IS NULL OR id = ?1 ORDER BY id;

-- name: forum_delete
DELETE FROM forum WHERE id = ?1;

-- name: forum_settings_put
UPDATE forum SET settings = ?2 WHERE id = ?1;

-- name: fmember_put
INSERT INTO forum_member(forum, org, category, assets, status, invited_ms, invited_by, joined_ms, left_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT(forum, org) DO UPDATE SET category = excluded.category, assets = excluded.assets,
	status = excluded.status, invited_ms = excluded.invited_ms, invited_by = excluded.invited_by,
	joined_ms = excluded.joined_ms, left_ms = excluded.left_ms;

-- name: fmember_list
SELECT forum, org, category, assets, status, invited_ms, invited_by, joined_ms, left_ms FROM forum_member
WHERE (?1 IS NULL OR forum = ?1) AND (?2 IS NULL OR org = ?2) ORDER BY forum, org;

-- name: fshare_put
INSERT OR REPLACE INTO forum_share(forum, org, id, kind, target, filter, tlp, recipients, created_ms, by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);

-- name: fshare_list
SELECT forum, org, id, kind, target, filter, tlp, recipients, created_ms, by FROM forum_share
WHERE forum = ?1 AND (?2 IS NULL OR org = ?2) ORDER BY org, id;

-- name: fshare_delete
DELETE FROM forum_share WHERE forum = ?1 AND org = ?2 AND id = ?3;

-- name: fitem_put
INSERT OR REPLACE INTO forum_item(forum, kind, id, owner, parent, tlp, recipients, body, created_ms, updated_ms,
	by, version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);

-- name: fitem_get
SELECT forum, kind, id, owner, parent, tlp, recipients, body, created_ms, updated_ms, by, version
FROM forum_item WHERE forum = ?1 AND kind = ?2 AND id = ?3;

-- name: fitem_list
SELECT forum, kind, id, owner, parent, tlp, recipients, body, created_ms, updated_ms, by, version
FROM forum_item WHERE forum = ?1 AND kind = ?2 AND (?3 IS NULL OR parent = ?3) ORDER BY created_ms, id;

-- name: fitem_delete
DELETE FROM forum_item WHERE forum = ?1 AND kind = ?2 AND id = ?3;

-- name: forum_org_purge
DELETE FROM forum_member WHERE org = ?1;

-- name: forum_share_purge
DELETE FROM forum_share WHERE org = ?1;

-- name: forum_item_purge
DELETE FROM forum_item WHERE owner = ?1;

-- name: forum_secretariat_purge
DELETE FROM forum WHERE secretariat = ?1;

-- The login throttle per client address (migration 8; sqlstore.c's login_addr_hit).

-- name: login_addr_get
SELECT failures, window_start_ms FROM login_throttle WHERE addr = ?1;

-- name: login_addr_fail
-- One more failure from ?1 at ?2, in one statement (every server counts on the same row): a
-- window ?3 ms old or older starts again at ?2 with this failure.
INSERT INTO login_throttle(addr, window_start_ms, failures) VALUES (?1, ?2, 1)
ON CONFLICT(addr) DO UPDATE SET
	failures = CASE WHEN ?2 - login_throttle.window_start_ms >= ?3 THEN 1 ELSE login_throttle.failures + 1 END,
	window_start_ms = CASE WHEN ?2 - login_throttle.window_start_ms >= ?3 THEN ?2
		ELSE login_throttle.window_start_ms END
RETURNING failures, window_start_ms;

-- name: login_addr_prune
-- A few addresses whose window began at ?1 (now less the window) or before, oldest first: the
-- work of one call is bounded, and each failure adds at most one row.
DELETE FROM login_throttle WHERE addr IN
	(SELECT addr FROM login_throttle WHERE window_start_ms <= ?1 ORDER BY window_start_ms LIMIT 64);

-- SAML's state (migration 13; sqlstore.c's saml_*).

-- name: saml_request_put
INSERT INTO saml_request(relay, request_id, browser, at_ms) VALUES (?1, ?2, ?3, ?4);

-- name: saml_request_take
-- The request of RelayState ?1, taken out whatever comes of it (single use).
DELETE FROM saml_request WHERE relay = ?1 RETURNING request_id, browser, at_ms;

-- name: saml_request_prune
-- A few requests made at ?1 (now less their life) or before, oldest first: bounded work per call.
DELETE FROM saml_request WHERE relay IN
	(SELECT relay FROM saml_request WHERE at_ms <= ?1 ORDER BY at_ms LIMIT 64);

-- name: saml_assertion_use
-- The assertion ?1, remembered until ?2; a row only when it was not there (its first use).
INSERT INTO saml_assertion(id, until_s) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING RETURNING id;

-- name: saml_assertion_prune
DELETE FROM saml_assertion WHERE id IN
	(SELECT id FROM saml_assertion WHERE until_s < ?1 ORDER BY until_s LIMIT 64);

-- Webhooks (migration 11; docs/webhooks.md).

-- name: webhook_put
INSERT INTO webhook(oid, id, url, events, secret, tlp, enabled, forum, created_ms, by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT(oid, id) DO UPDATE SET url = excluded.url, events = excluded.events, secret = excluded.secret,
	tlp = excluded.tlp, enabled = excluded.enabled, forum = excluded.forum, created_ms = excluded.created_ms,
	by = excluded.by;

-- name: webhook_list
-- One (?2) or every endpoint of the organisation ?1.
SELECT id, url, events, secret, tlp, enabled, forum, created_ms, by FROM webhook
WHERE oid = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY id;

-- name: webhook_delete
DELETE FROM webhook WHERE oid = ?1 AND id = ?2;

-- name: webhook_event_add
-- An event of the scan names its (event, object, deadline) in dedup: recorded once, never again.
INSERT INTO webhook_event(oid, id, event, occurred_ms, tlp, data, dedup) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT(oid, dedup) DO NOTHING;

-- name: webhook_delivery_put
INSERT INTO webhook_delivery(oid, hook, event_id, id, status, attempts, next_ms, updated_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT(oid, hook, event_id) DO UPDATE SET id = excluded.id, status = excluded.status,
	attempts = excluded.attempts, next_ms = excluded.next_ms, updated_ms = excluded.updated_ms;

-- name: webhook_delivery_list
-- The deliveries of the organisation ?1 (of its endpoint ?2, or all), newest first, at most ?3.
SELECT d.hook, d.event_id, d.id, d.status, d.attempts, d.next_ms, d.updated_ms, o.id AS org, e.event,
	e.occurred_ms, e.tlp, e.data, w.url, w.secret
FROM webhook_delivery d JOIN webhook_event e ON e.oid = d.oid AND e.id = d.event_id
JOIN webhook w ON w.oid = d.oid AND w.id = d.hook JOIN org o ON o.oid = d.oid
WHERE d.oid = ?1 AND (?2 IS NULL OR d.hook = ?2)
ORDER BY e.occurred_ms DESC, d.event_id DESC, d.hook LIMIT ?3;

-- name: webhook_due
-- Pending deliveries of every organisation whose time has come (?1), oldest first, at most ?2.
SELECT d.hook, d.event_id, d.id, d.status, d.attempts, d.next_ms, d.updated_ms, o.id AS org, e.event,
	e.occurred_ms, e.tlp, e.data, w.url, w.secret
FROM webhook_delivery d JOIN webhook_event e ON e.oid = d.oid AND e.id = d.event_id
JOIN webhook w ON w.oid = d.oid AND w.id = d.hook JOIN org o ON o.oid = d.oid
WHERE d.status = 'pending' AND d.next_ms <= ?1
ORDER BY d.next_ms, o.id, d.hook, d.event_id LIMIT ?2;

-- name: webhook_delivery_claim
-- Take a due delivery for one try: only while it is still pending at the time the taker read (?4),
-- so of two delivery passes one sends it.
UPDATE webhook_delivery SET next_ms = ?5 WHERE oid = ?1 AND hook = ?2 AND event_id = ?3 AND status = 'pending'
	AND next_ms = ?4;

-- name: webhook_attempt_add
INSERT INTO webhook_attempt(oid, hook, event_id, n, at_ms, status, http_code, error, duration_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: webhook_attempt_list
-- The tries of the organisation ?1's deliveries (of endpoint ?2, or all), newest first, at most ?3.
SELECT hook, event_id, n, at_ms, status, http_code, error, duration_ms FROM webhook_attempt
WHERE oid = ?1 AND (?2 IS NULL OR hook = ?2) ORDER BY at_ms DESC, hook, event_id, n DESC LIMIT ?3;


-- The copy's loads (store_copy, `skjold migrate`): one INSERT per table of the logical dump
-- (src/store/dump.c), in its order, the dump's columns as parameters in its order.  Rows name
-- their organisation by id and their user by name: the keys only this database knows (org.oid,
-- app_user.uid) are looked up; every other value is kept as given.

-- name: load_org
INSERT INTO org(id, name, kind, cvr, lei, nis2, dora, psd2_psp, trust_service, risk_appetite, work_start_min,
	work_end_min, procedure_reviewed_on, parent, competent_authority, contacts, dora_relief_withdrawn,
	dora_simplified_framework, require_sso)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19);

-- name: load_org_table
INSERT INTO org_table(oid, name, json)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3);

-- name: load_risk_matrix
INSERT INTO risk_matrix(oid, version, created_on, cells)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4);

-- name: load_node
INSERT INTO node(oid, id, kind, name, owner, description, criticality, override, override_reason,
	critical_service, personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
	?16);

-- name: load_edge
INSERT INTO edge(oid, from_id, to_id, type, grp)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5);

-- name: load_threat
INSERT INTO threat(oid, id, name, name_en, category, description, level, level_source, level_date)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: load_risk
INSERT INTO risk(oid, id, node_id, threat_id, title, description, assessed_on, assessor, owner, threat_level,
	resilience, likelihood, c_availability, c_confidentiality, c_integrity, c_authenticity, has_residual,
	r_likelihood, r_availability, r_confidentiality, r_integrity, r_authenticity, decision, matrix_version,
	accept_approver, accept_role, accept_on, accept_expires, note)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
	?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29);

-- name: load_measure
INSERT INTO measure(oid, id, risk_id, kind, title, owner, description, due, status, effect, effect_on,
	effect_note)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);

-- name: load_change
INSERT INTO change(oid, id, node_id, kind, date, description)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6);

-- name: load_incident
INSERT INTO incident(oid, id, title, status, detected_ms, doc, created_ms, updated_ms)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8);

-- name: load_incident_node
INSERT INTO incident_node(oid, incident_id, node_id)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3);

-- name: load_submission
INSERT INTO submission(oid, incident_id, seq, regime, report, submitted_ms, doc)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7);

-- name: load_incident_event
INSERT INTO incident_event(oid, incident_id, seq, at_ms, actor, kind, detail)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7);

-- name: load_audit
INSERT INTO audit(seq, at_ms, actor, action, entity, org, key, before, after, prev_hash, hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);

-- name: load_app_user
INSERT INTO app_user(name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step,
	must_change_pw, disabled, failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15);

-- name: load_membership
INSERT INTO membership(uid, org, role, sso)
VALUES ((SELECT uid FROM app_user WHERE name = ?1), ?2, ?3, ?4);

-- name: load_session
INSERT INTO session(hash, uid, csrf, created_ms, expires_ms, last_seen_ms)
VALUES (?1, (SELECT uid FROM app_user WHERE name = ?2), ?3, ?4, ?5, ?6);

-- name: load_api_token
INSERT INTO api_token(tid, hash, name, uid, org, role, created_ms, expires_ms, revoked_ms, last_used_ms)
VALUES (?1, ?2, ?3, (SELECT uid FROM app_user WHERE name = ?4), ?5, ?6, ?7, ?8, ?9, ?10);

-- name: load_forum
INSERT INTO forum(id, name, secretariat, settings, created_ms)
VALUES (?1, ?2, ?3, ?4, ?5);

-- name: load_forum_member
INSERT INTO forum_member(forum, org, category, assets, status, invited_ms, invited_by, joined_ms, left_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: load_forum_share
INSERT INTO forum_share(forum, org, id, kind, target, filter, tlp, recipients, created_ms, by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);

-- name: load_forum_item
INSERT INTO forum_item(forum, kind, id, owner, parent, tlp, recipients, body, created_ms, updated_ms, by,
	version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);

-- name: load_webhook
INSERT INTO webhook(oid, id, url, events, secret, tlp, enabled, forum, created_ms, by)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);

-- name: load_webhook_event
INSERT INTO webhook_event(oid, id, event, occurred_ms, tlp, data, dedup)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7);

-- name: load_webhook_delivery
INSERT INTO webhook_delivery(oid, hook, event_id, id, status, attempts, next_ms, updated_ms)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8);

-- name: load_webhook_attempt
INSERT INTO webhook_attempt(oid, hook, event_id, n, at_ms, status, http_code, error, duration_ms)
VALUES ((SELECT oid FROM org WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: org_sso_get
SELECT require_sso FROM org WHERE id = ?1;

-- name: org_sso_set
UPDATE org SET require_sso = ?2 WHERE id = ?1;

-- Turning require_sso on ends the sessions of the organisation's members, system administrators excepted.
-- name: org_sso_sessions_end
DELETE FROM session WHERE uid IN
	(SELECT m.uid FROM membership m JOIN app_user u ON u.uid = m.uid WHERE m.org = ?1 AND u.admin = 0);

-- name: user_sso_required
SELECT o.id FROM membership m JOIN org o ON o.id = m.org
WHERE m.uid = ?1 AND o.require_sso <> 0 ORDER BY o.id LIMIT 1;

-- name: sso_pending_put
INSERT INTO sso_pending(hash, nonce, verifier, browser, created_ms) VALUES (?1, ?2, ?3, ?4, ?5);

-- name: sso_pending_prune
DELETE FROM sso_pending WHERE hash IN
	(SELECT hash FROM sso_pending WHERE created_ms <= ?1 ORDER BY created_ms LIMIT 16);

-- name: sso_pending_take
DELETE FROM sso_pending WHERE hash = ?1 RETURNING nonce, verifier, browser, created_ms;
