-- Issue 14: what the regulators' report forms ask of the organisation itself.
-- competent_authority: the authority code of DORA template field 3.1 (e.g. DK_FSA);
-- contacts: the organisation document's "contacts" array as JSON text
-- ([{"role": "primary" | "secondary", "name", "email", "phone"}], fields 1.7-1.12).
ALTER TABLE org ADD COLUMN competent_authority TEXT;
ALTER TABLE org ADD COLUMN contacts TEXT;
