-- Migration 12 is reserved for another branch (pending OIDC sign-ins in the database, issue 18):
-- this placeholder only keeps the numbers contiguous so that migration 13 (013_saml.sql) applies
-- on the saml branch alone.  DELETE THIS FILE when merging the branch that brings the real
-- migration 12; it changes nothing.
SELECT 1;
