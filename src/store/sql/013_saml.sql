-- Migration 13: SAML single sign-on's state (docs/sso.md#saml), in the database so that every
-- `skjold serve` on it shares it: the IdP's answer may reach another server than the one that
-- sent the request, and an assertion used on one server is refused on every other.
--
-- saml_request: an AuthnRequest sent and not yet answered, keyed by its RelayState, with the
-- request's ID (the answer's InResponseTo) and the hash of the browser's binding cookie; taken
-- out by its answer (single use), worth nothing after ten minutes (pruned a few at a time).
-- saml_assertion: the IDs of assertions that opened a session, until their NotOnOrAfter (and
-- the clock skew), when they are refused for their time anyway.
--
-- Transient state, not data: left out of `skjold db dump` and `db checksum` on purpose (as the
-- login throttle of migration 8), so not copied by a migration to another database either.

CREATE TABLE saml_request (
	relay TEXT PRIMARY KEY,
	request_id TEXT NOT NULL,
	browser BLOB NOT NULL,
	at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX saml_request_at ON saml_request(at_ms);

CREATE TABLE saml_assertion (
	id TEXT PRIMARY KEY,
	until_s INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX saml_assertion_until ON saml_assertion(until_s);
