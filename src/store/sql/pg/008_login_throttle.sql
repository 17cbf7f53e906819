-- Migration 8 (PostgreSQL): the login throttle per client address, as ../008_login_throttle.sql.
-- No row-level security: the rows name an address, no organisation, and only the unscoped store
-- that signs a caller in reads them (store.c).  The grant is explicit: migration 7's default
-- privileges cover only tables made by the role that ran it.

CREATE TABLE login_throttle (
	addr text PRIMARY KEY,
	window_start_ms bigint NOT NULL,
	failures integer NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle(window_start_ms);
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO skjold_app;
