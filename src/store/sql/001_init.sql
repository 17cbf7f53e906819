-- Migration 1: the dependency map, the risk register and the audit log.
-- Portable representation (STYLE.md): enums as their data names, levels as
-- integers 0..4 (0 = unset), dates as ISO text 'YYYY-MM-DD', instants as
-- Unix milliseconds UTC, JSON as text, booleans as integers.

CREATE TABLE org (
	oid INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	cvr TEXT,
	lei TEXT,
	nis2 TEXT NOT NULL DEFAULT 'none',
	dora TEXT,
	psd2_psp INTEGER NOT NULL DEFAULT 0,
	trust_service INTEGER NOT NULL DEFAULT 0,
	risk_appetite INTEGER NOT NULL DEFAULT 2,
	work_start_min INTEGER NOT NULL DEFAULT 480,
	work_end_min INTEGER NOT NULL DEFAULT 960,
	procedure_reviewed_on TEXT
);

CREATE TABLE org_table (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	name TEXT NOT NULL,
	json TEXT NOT NULL,
	PRIMARY KEY (oid, name)
) WITHOUT ROWID;

CREATE TABLE risk_matrix (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	created_on TEXT NOT NULL,
	cells TEXT NOT NULL,
	PRIMARY KEY (oid, version)
) WITHOUT ROWID;

CREATE TABLE node (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	owner TEXT,
	description TEXT,
	criticality INTEGER NOT NULL DEFAULT 0,
	override INTEGER NOT NULL DEFAULT 0,
	override_reason TEXT,
	critical_service INTEGER NOT NULL DEFAULT 0,
	personal_data TEXT NOT NULL DEFAULT 'none',
	rto_minutes INTEGER,
	rpo_minutes INTEGER,
	last_assessed TEXT,
	PRIMARY KEY (oid, id)
) WITHOUT ROWID;

CREATE TABLE edge (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	from_id TEXT NOT NULL,
	to_id TEXT NOT NULL,
	type TEXT NOT NULL,
	grp TEXT,
	PRIMARY KEY (oid, from_id, to_id),
	FOREIGN KEY (oid, from_id) REFERENCES node(oid, id),
	FOREIGN KEY (oid, to_id) REFERENCES node(oid, id)
) WITHOUT ROWID;
-- No index on (oid, to_id): reverse lookups ("what depends on X") run on the
-- in-memory graph, and the only SQL that needs one — the foreign-key check
-- when a node is deleted — is rare enough to scan.  Keeping it would double
-- the cost of loading a map.

CREATE TABLE threat (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	name TEXT NOT NULL,
	name_en TEXT,
	category TEXT,
	description TEXT,
	level INTEGER NOT NULL DEFAULT 0,
	level_source TEXT,
	level_date TEXT,
	PRIMARY KEY (oid, id)
) WITHOUT ROWID;

CREATE TABLE risk (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	node_id TEXT NOT NULL,
	threat_id TEXT NOT NULL,
	title TEXT,
	description TEXT,
	assessed_on TEXT NOT NULL,
	assessor TEXT,
	owner TEXT,
	threat_level INTEGER NOT NULL,
	resilience INTEGER NOT NULL,
	likelihood INTEGER NOT NULL DEFAULT 0,
	c_availability INTEGER NOT NULL,
	c_confidentiality INTEGER NOT NULL,
	c_integrity INTEGER NOT NULL,
	c_authenticity INTEGER NOT NULL,
	has_residual INTEGER NOT NULL DEFAULT 0,
	r_likelihood INTEGER NOT NULL DEFAULT 0,
	r_availability INTEGER NOT NULL DEFAULT 0,
	r_confidentiality INTEGER NOT NULL DEFAULT 0,
	r_integrity INTEGER NOT NULL DEFAULT 0,
	r_authenticity INTEGER NOT NULL DEFAULT 0,
	decision TEXT NOT NULL DEFAULT 'none',
	matrix_version INTEGER NOT NULL,
	accept_approver TEXT,
	accept_role TEXT,
	accept_on TEXT,
	accept_expires TEXT,
	note TEXT,
	PRIMARY KEY (oid, id),
	FOREIGN KEY (oid, node_id) REFERENCES node(oid, id),
	FOREIGN KEY (oid, threat_id) REFERENCES threat(oid, id),
	FOREIGN KEY (oid, matrix_version) REFERENCES risk_matrix(oid, version)
) WITHOUT ROWID;
CREATE INDEX risk_node ON risk(oid, node_id);
CREATE INDEX risk_threat ON risk(oid, threat_id);

CREATE TABLE measure (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	risk_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	owner TEXT,
	description TEXT,
	due TEXT,
	status TEXT NOT NULL,
	effect TEXT NOT NULL DEFAULT 'not_evaluated',
	effect_on TEXT,
	effect_note TEXT,
	PRIMARY KEY (oid, id),
	FOREIGN KEY (oid, risk_id) REFERENCES risk(oid, id)
) WITHOUT ROWID;
CREATE INDEX measure_risk ON measure(oid, risk_id);

CREATE TABLE change (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	node_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	date TEXT NOT NULL,
	description TEXT,
	PRIMARY KEY (oid, id),
	FOREIGN KEY (oid, node_id) REFERENCES node(oid, id)
) WITHOUT ROWID;
CREATE INDEX change_node ON change(oid, node_id);

-- The audit log: append-only, hash-chained (src/core/audit.c).  org is the
-- organisation's id as text so entries outlive the organisation itself.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at_ms INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	org TEXT,
	key TEXT,
	before TEXT,
	after TEXT,
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);
CREATE INDEX audit_key ON audit(entity, org, key);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Entries come in order without gaps.
CREATE TRIGGER audit_in_order BEFORE INSERT ON audit
WHEN NEW.seq != coalesce((SELECT seq FROM audit_head WHERE one = 1), 0) + 1
BEGIN SELECT RAISE(ABORT, 'audit entries must follow the head without gaps'); END;

-- The chain's head, kept apart from the log so that removing the newest
-- entries is detected too.
CREATE TABLE audit_head (
	one INTEGER PRIMARY KEY CHECK (one = 1),
	seq INTEGER NOT NULL,
	hash BLOB NOT NULL
);
CREATE TRIGGER audit_head_track AFTER INSERT ON audit
BEGIN INSERT OR REPLACE INTO audit_head(one, seq, hash) VALUES (1, NEW.seq, NEW.hash); END;
