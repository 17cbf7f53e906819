-- Migration 3: users, memberships, sessions and API tokens (the server's
-- tenants and principals), and a per-organisation write generation.
-- Secrets are never stored: passwords as argon2id strings (libsodium),
-- session ids and API tokens as their BLAKE2b-256 hashes.

CREATE TABLE app_user (
	uid INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	pw_hash TEXT NOT NULL,
	admin INTEGER NOT NULL DEFAULT 0,
	totp_secret TEXT,            -- base32; set at enrolment, enabled once confirmed
	totp_enabled INTEGER NOT NULL DEFAULT 0,
	totp_last_step INTEGER NOT NULL DEFAULT 0,  -- refuses a code's replay
	must_change_pw INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until_ms INTEGER NOT NULL DEFAULT 0,
	created_ms INTEGER NOT NULL
);

-- A user's role in one organisation (admin, isk, system_owner, management, auditor).
-- org carries no foreign key on purpose: an import replaces an organisation by
-- deleting and rewriting it, and its members must survive that; deleting an
-- organisation for good removes its memberships and tokens explicitly
-- (store_org_access_purge).
CREATE TABLE membership (
	uid INTEGER NOT NULL REFERENCES app_user(uid) ON DELETE CASCADE,
	org TEXT NOT NULL,
	role TEXT NOT NULL,
	PRIMARY KEY (uid, org)
) WITHOUT ROWID;
CREATE INDEX membership_org ON membership(org);

CREATE TABLE session (
	hash BLOB PRIMARY KEY,
	uid INTEGER NOT NULL REFERENCES app_user(uid) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	expires_ms INTEGER NOT NULL,
	last_seen_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_uid ON session(uid);

CREATE TABLE api_token (
	tid INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	name TEXT NOT NULL,
	uid INTEGER NOT NULL REFERENCES app_user(uid) ON DELETE CASCADE,
	org TEXT NOT NULL,
	role TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	expires_ms INTEGER,
	revoked_ms INTEGER,
	last_used_ms INTEGER
);

-- Bumped by every audited write of an organisation: the server's caches
-- compare it to know whether what they hold is still current, whichever
-- process (server or CLI) wrote.
CREATE TABLE org_generation (
	org TEXT PRIMARY KEY,
	gen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER audit_bumps_generation AFTER INSERT ON audit WHEN NEW.org IS NOT NULL
BEGIN
	INSERT INTO org_generation(org, gen) VALUES (NEW.org, 1)
	ON CONFLICT(org) DO UPDATE SET gen = gen + 1;
END;
