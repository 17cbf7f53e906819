-- Migration 5 (PostgreSQL): what the regulators' report forms ask of the organisation itself,
-- as ../005_reporting.sql.
ALTER TABLE org ADD COLUMN competent_authority text;
ALTER TABLE org ADD COLUMN contacts text;
ALTER TABLE org ADD COLUMN dora_relief_withdrawn integer NOT NULL DEFAULT 0;
ALTER TABLE org ADD COLUMN dora_simplified_framework integer NOT NULL DEFAULT 0;
