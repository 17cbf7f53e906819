-- Migration 12: single sign-on across several servers, and organisations that require it
-- (issue 18; docs/sso.md).
--
-- sso_pending: the OpenID Connect sign-ins begun and not yet finished, so that the provider's
-- redirect back may reach any server of the database (docs/ha.md: no sticky sessions).  Keyed by
-- the BLAKE2b-256 hash of the state; each row holds the nonce, the PKCE code verifier and the hash
-- of the browser's binding cookie.  A callback deletes its row in the statement that reads it
-- (single use); a row older than ten minutes means nothing, and each new sign-in deletes a few of
-- those (oldest first, by the index).  Transient state like login_throttle (migration 8): left out
-- of `skjold db dump` and `db checksum`, keyed by no organisation.
--
-- org.require_sso: the organisation's users sign in by single sign-on only (a password login of a
-- user with a membership in it is refused; system administrators excepted).  Set only by
-- store_org_sso_set, never by an organisation's put, so an import or a PATCH of other fields
-- leaves it as it is.

CREATE TABLE sso_pending (
	hash BLOB PRIMARY KEY,
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	browser BLOB NOT NULL,
	created_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sso_pending_created ON sso_pending(created_ms);

ALTER TABLE org ADD COLUMN require_sso INTEGER NOT NULL DEFAULT 0;
