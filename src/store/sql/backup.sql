-- Backup and restore (src/store/sqlite.c, "backup and restore"; issue 16).
-- Not a migration (no number): named statements run on a snapshot file or
-- a restore's working copy, not through the prepared-statement table.

-- name: inspect_tables
-- How many of the tables every skjold database has (migrations 1 and 3) a file holds.
SELECT count(*) FROM sqlite_schema
WHERE type = 'table' AND name IN ('org', 'audit', 'audit_head', 'app_user', 'org_generation');

-- name: restore_gens_lift
-- The working copy's write generations, lifted above anything the target can
-- have reached meanwhile (?1 is the gap; sqlite.c says why).
UPDATE org_generation SET gen = gen + ?1;

-- name: restore_gens_merge
-- Every organisation the target knows: above the target's own generation too,
-- also an organisation the working copy does not have.
INSERT INTO main.org_generation(org, gen) SELECT org, gen + ?1 FROM old.org_generation WHERE true
ON CONFLICT(org) DO UPDATE SET gen = max(main.org_generation.gen, excluded.gen);
