-- Migration 13 (PostgreSQL): SAML single sign-on's state, as ../013_saml.sql.  No row-level
-- security: the rows name no organisation, and only the unscoped store of the sign-in reads
-- them.  The grant is explicit, as migration 8's.

CREATE TABLE saml_request (
	relay text PRIMARY KEY,
	request_id text NOT NULL,
	browser bytea NOT NULL,
	at_ms bigint NOT NULL
);
CREATE INDEX saml_request_at ON saml_request(at_ms);

CREATE TABLE saml_assertion (
	id text PRIMARY KEY,
	until_s bigint NOT NULL
);
CREATE INDEX saml_assertion_until ON saml_assertion(until_s);
GRANT SELECT, INSERT, UPDATE, DELETE ON saml_request, saml_assertion TO skjold_app;
