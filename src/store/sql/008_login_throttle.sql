-- Migration 8: the login throttle per client address, in the database (issue 16: several
-- servers, one database).  One row per address that failed to log in: the start of its current
-- window and the failures counted in it, by every `skjold serve` on the database alike
-- (store_login_addr_hit, api_auth.c), so that n servers behind a load balancer give an address
-- one allowance, not n.
--
-- Transient state, not data: left out of `skjold db dump` and `db checksum` on purpose
-- (dump.sql), so not copied by a migration to another database either; keyed by no
-- organisation.  A row whose window has passed means nothing (the next failure starts a new
-- window); failed logins delete a few of those each (oldest first, by the index), so an attack
-- from ever new addresses leaves no more rows than the addresses of one window.

CREATE TABLE login_throttle (
	addr TEXT PRIMARY KEY,
	window_start_ms INTEGER NOT NULL,
	failures INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_throttle_window ON login_throttle(window_start_ms);
