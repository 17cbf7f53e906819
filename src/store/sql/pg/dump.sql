-- The logical dump on PostgreSQL (src/store/pg.c), as ../dump.sql on SQLite
-- (src/store/dump.c describes the canonical form): one SELECT per table of
-- store_dump_tables, in that order, with the same column names, ordered by the
-- table's key columns, texts COLLATE "C" (bytewise, as SQLite compares them).  Integer keys that only this backend
-- knows (org.oid, app_user.uid) are replaced by the names users gave:
-- the organisation's id, the user's name.  Not dumped: audit_head (the last
-- audit row's seq and hash), org_generation (a cache key that audited writes move), login_throttle
-- (transient: failed logins per client address) and sso_pending (transient: sign-ins begun); session.last_seen_ms (moved by every
-- authenticated read) is selected for store_copy but left out of the dump's text (copy_only
-- in dump.c).  pg.c
-- refuses to dump a database holding a table this file does not account for
-- (schema_version, its own migrations' record, is left out too).

-- dump: org
SELECT id, name, kind, cvr, lei, nis2, dora, psd2_psp, trust_service, risk_appetite, work_start_min,
	work_end_min, procedure_reviewed_on, parent, competent_authority, contacts, dora_relief_withdrawn,
	dora_simplified_framework, require_sso
FROM org ORDER BY id COLLATE "C";

-- dump: org_table
SELECT o.id AS org, t.name, t.json FROM org_table t JOIN org o ON o.oid = t.oid ORDER BY o.id COLLATE "C", t.name COLLATE "C";

-- dump: risk_matrix
SELECT o.id AS org, m.version, m.created_on, m.cells FROM risk_matrix m JOIN org o ON o.oid = m.oid
ORDER BY o.id COLLATE "C", m.version;

-- dump: node
SELECT o.id AS org, n.id, n.kind, n.name, n.owner, n.description, n.criticality, n.override, n.override_reason,
	n.critical_service, n.personal_data, n.rto_minutes, n.rpo_minutes, n.last_assessed, n.ref, n.service_type
FROM node n JOIN org o ON o.oid = n.oid ORDER BY o.id COLLATE "C", n.id COLLATE "C";

-- dump: edge
SELECT o.id AS org, x.from_id, x.to_id, x.type, x.grp FROM edge x JOIN org o ON o.oid = x.oid
ORDER BY o.id COLLATE "C", x.from_id COLLATE "C", x.to_id COLLATE "C";

-- dump: threat
SELECT o.id AS org, x.id, x.name, x.name_en, x.category, x.description, x.level, x.level_source, x.level_date
FROM threat x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: risk
SELECT o.id AS org, x.id, x.node_id, x.threat_id, x.title, x.description, x.assessed_on, x.assessor, x.owner,
	x.threat_level, x.resilience, x.likelihood, x.c_availability, x.c_confidentiality, x.c_integrity,
	x.c_authenticity, x.has_residual, x.r_likelihood, x.r_availability, x.r_confidentiality, x.r_integrity,
	x.r_authenticity, x.decision, x.matrix_version, x.accept_approver, x.accept_role, x.accept_on,
	x.accept_expires, x.note
FROM risk x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: measure
SELECT o.id AS org, x.id, x.risk_id, x.kind, x.title, x.owner, x.description, x.due, x.status, x.effect,
	x.effect_on, x.effect_note
FROM measure x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: change
SELECT o.id AS org, x.id, x.node_id, x.kind, x.date, x.description FROM change x JOIN org o ON o.oid = x.oid
ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: incident
SELECT o.id AS org, x.id, x.title, x.status, x.detected_ms, x.doc, x.created_ms, x.updated_ms
FROM incident x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: incident_node
SELECT o.id AS org, x.incident_id, x.node_id FROM incident_node x JOIN org o ON o.oid = x.oid
ORDER BY o.id COLLATE "C", x.incident_id COLLATE "C", x.node_id COLLATE "C";

-- dump: submission
SELECT o.id AS org, x.incident_id, x.seq, x.regime, x.report, x.submitted_ms, x.doc
FROM submission x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.incident_id COLLATE "C", x.seq;

-- dump: incident_event
SELECT o.id AS org, x.incident_id, x.seq, x.at_ms, x.actor, x.kind, x.detail
FROM incident_event x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.incident_id COLLATE "C", x.seq;

-- dump: audit
SELECT seq, at_ms, actor, action, entity, org, key, before, after, prev_hash, hash FROM audit ORDER BY seq;

-- dump: app_user
SELECT name, display_name, pw_hash, admin, totp_secret, totp_enabled, totp_last_step, must_change_pw, disabled,
	failed_logins, locked_until_ms, created_ms, home_org, sso_issuer, sso_subject
FROM app_user ORDER BY name COLLATE "C";

-- dump: membership
SELECT u.name AS "user", m.org, m.role, m.sso FROM membership m JOIN app_user u ON u.uid = m.uid ORDER BY u.name COLLATE "C", m.org COLLATE "C";

-- dump: session
SELECT s.hash, u.name AS "user", s.csrf, s.created_ms, s.expires_ms, s.last_seen_ms
FROM session s JOIN app_user u ON u.uid = s.uid ORDER BY s.hash;

-- dump: api_token
SELECT t.tid AS id, t.hash, t.name, u.name AS "user", t.org, t.role, t.created_ms, t.expires_ms, t.revoked_ms,
	t.last_used_ms
FROM api_token t JOIN app_user u ON u.uid = t.uid ORDER BY t.tid;

-- dump: forum
SELECT id, name, secretariat, settings, created_ms FROM forum ORDER BY id COLLATE "C";

-- dump: forum_member
SELECT forum, org, category, assets, status, invited_ms, invited_by, joined_ms, left_ms FROM forum_member
ORDER BY forum COLLATE "C", org COLLATE "C";

-- dump: forum_share
SELECT forum, org, id, kind, target, filter, tlp, recipients, created_ms, by FROM forum_share
ORDER BY forum COLLATE "C", org COLLATE "C", id COLLATE "C";

-- dump: forum_item
SELECT forum, kind, id, owner, parent, tlp, recipients, body, created_ms, updated_ms, by, version FROM forum_item
ORDER BY forum COLLATE "C", kind COLLATE "C", id COLLATE "C";

-- dump: webhook
SELECT o.id AS org, x.id, x.url, x.events, x.secret, x.tlp, x.enabled, x.forum, x.created_ms, x.by
FROM webhook x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: webhook_event
SELECT o.id AS org, x.id, x.event, x.occurred_ms, x.tlp, x.data, x.dedup
FROM webhook_event x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.id COLLATE "C";

-- dump: webhook_delivery
SELECT o.id AS org, x.hook, x.event_id, x.id, x.status, x.attempts, x.next_ms, x.updated_ms
FROM webhook_delivery x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.hook COLLATE "C", x.event_id COLLATE "C";

-- dump: webhook_attempt
SELECT o.id AS org, x.hook, x.event_id, x.n, x.at_ms, x.status, x.http_code, x.error, x.duration_ms
FROM webhook_attempt x JOIN org o ON o.oid = x.oid ORDER BY o.id COLLATE "C", x.hook COLLATE "C", x.event_id COLLATE "C", x.n;
