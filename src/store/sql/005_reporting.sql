-- Issue 14: what the regulators' report forms ask of the organisation itself.
-- competent_authority: the authority code of DORA template field 3.1 (e.g. DK_FSA);
-- contacts: the organisation document's "contacts" array as JSON text
-- ([{"role": "primary" | "secondary", "name", "email", "phone"}], fields 1.7-1.12).
ALTER TABLE org ADD COLUMN competent_authority TEXT;
ALTER TABLE org ADD COLUMN contacts TEXT;
-- Regulation 2025/301 art. 5(6): the authority may withdraw the weekend relief from an entity;
-- DORA art. 16(1): entities under the simplified framework, outside the recurring-incident rule.
ALTER TABLE org ADD COLUMN dora_relief_withdrawn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE org ADD COLUMN dora_simplified_framework INTEGER NOT NULL DEFAULT 0;
