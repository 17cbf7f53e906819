-- Migration 12 (PostgreSQL): pending single sign-ons and organisations that require single
-- sign-on, as ../012_sso_pending.sql.  sso_pending has no row-level security: its rows name no
-- organisation, and only the unscoped store of the sign-in reads them (store.c).  The grant is
-- explicit: migration 7's default privileges cover only tables made by the role that ran it.
-- org.require_sso is covered by org's policy of migration 7.

CREATE TABLE sso_pending (
	hash bytea PRIMARY KEY,
	nonce text NOT NULL,
	verifier text NOT NULL,
	browser bytea NOT NULL,
	created_ms bigint NOT NULL
);
CREATE INDEX sso_pending_created ON sso_pending(created_ms);
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_pending TO skjold_app;

ALTER TABLE org ADD COLUMN require_sso integer NOT NULL DEFAULT 0;
