-- Migration 9: reserved.  Another branch adds its own migration 9 in parallel; the migrations must be
-- numbered without a gap (sqlite.c, pg.c), so this one holds the place on the single sign-on branch
-- (migration 10, 010_sso.sql) and gives way to the other one when the two are merged.
SELECT 1;
