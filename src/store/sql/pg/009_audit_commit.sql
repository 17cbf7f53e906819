-- Migration 9 (PostgreSQL only; ../009_audit_commit.sql is its empty SQLite counterpart): a
-- transaction's audit entries move the chain's recorded head and their organisations' write
-- generations once, not once per entry.
--
-- Why: every update of a row leaves a new version of it, and inside the transaction that made
-- them none of the old versions can be pruned, so each later read of the row (the next entry's
-- check of the head, the next bump of the generation) walks past all of them; under pg.c's
-- savepoint per write each update also adds a subtransaction to the row's lockers.  An import of
-- n risks, each audited, cost O(n²): 1.0 ms a row in a file of 250, 3.1 ms in one of 1,000
-- (size S, before this migration).
--
-- The head.  Inside a transaction it is the setting skjold.audit_head ('SEQ:HEX-HASH' of the
-- transaction's newest entry, set for the transaction: a savepoint's rollback undoes it as it
-- undoes the entry); skjold_audit_head() is that, else the table, and is what the store's
-- audit_head statement and audit_in_order read.  At the commit a deferred trigger of each of the
-- transaction's entries writes the table: the first finds it behind the setting and moves it,
-- the others find it done.  Removing the newest entries is still detected as before (the table's
-- head is ahead of the log's end).
--
-- The generation.  The first entry of an organisation in a transaction bumps its generation and
-- notes the organisation in the setting skjold.gen_bumped; the transaction's later entries of
-- that organisation leave it.  The generation changes with every committed write, which is what
-- the answer cache and the kept views compare (store.h: store_org_generation).

CREATE FUNCTION skjold_audit_head() RETURNS TABLE (seq bigint, hash bytea) LANGUAGE sql STABLE AS $f$
	SELECT x.seq, x.hash FROM (
		SELECT 0 AS pick, split_part(s, ':', 1)::bigint AS seq, decode(split_part(s, ':', 2), 'hex') AS hash
		FROM current_setting('skjold.audit_head', true) AS s WHERE coalesce(s, '') <> ''
		UNION ALL
		SELECT 1, h.seq, h.hash FROM audit_head h WHERE h.one = 1
	) x ORDER BY x.pick LIMIT 1
$f$;

CREATE OR REPLACE FUNCTION audit_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.seq <> coalesce((SELECT h.seq FROM skjold_audit_head() h), 0) + 1 THEN
		RAISE EXCEPTION 'audit entries must follow the head without gaps';
	END IF;
	RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION audit_head_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('skjold.audit_head', NEW.seq || ':' || encode(NEW.hash, 'hex'), true);
	RETURN NULL;
END $$;

CREATE FUNCTION audit_head_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	s text := current_setting('skjold.audit_head', true);
	want bigint;
BEGIN
	IF coalesce(s, '') = '' THEN
		RETURN NULL;
	END IF;
	want := split_part(s, ':', 1)::bigint;
	IF EXISTS (SELECT 1 FROM audit_head WHERE one = 1 AND seq = want) THEN
		RETURN NULL;
	END IF;
	INSERT INTO audit_head(one, seq, hash) VALUES (1, want, decode(split_part(s, ':', 2), 'hex'))
	ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER audit_head_at_commit AFTER INSERT ON audit DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION audit_head_commit();

CREATE OR REPLACE FUNCTION audit_bumps_generation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	done text := coalesce(current_setting('skjold.gen_bumped', true), '');
	mark text := E'\n' || NEW.org || E'\n';
BEGIN
	IF strpos(done, mark) > 0 THEN
		RETURN NULL;
	END IF;
	INSERT INTO org_generation(org, gen) VALUES (NEW.org, 1)
	ON CONFLICT (org) DO UPDATE SET gen = org_generation.gen + 1;
	PERFORM set_config('skjold.gen_bumped', done || mark, true);
	RETURN NULL;
END $$;
