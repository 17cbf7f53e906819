-- Migration 10 (PostgreSQL): single sign-on's identities and SSO-granted memberships, as
-- ../010_sso.sql.  No new table: app_user has no row-level security (users are the server's, not
-- an organisation's) and membership keeps its policy from migration 7.

ALTER TABLE app_user ADD COLUMN sso_issuer text;
ALTER TABLE app_user ADD COLUMN sso_subject text;
CREATE UNIQUE INDEX app_user_sso ON app_user(sso_issuer, sso_subject);
ALTER TABLE membership ADD COLUMN sso integer NOT NULL DEFAULT 0;
