-- Migration 10: single sign-on by OpenID Connect (issue 18; docs/sso.md).
--
-- A user signed in by the identity provider is found again by the identity the provider gives
-- it, the issuer and the subject (iss, sub), never by the name alone: a name at the provider may
-- be reused or renamed, the pair may not.  NULL for users who sign in with a password only.
--
-- A membership the group mapping granted is marked sso = 1: each SSO login makes those equal to
-- the mapping (a group removed at the provider removes its role), while memberships granted by
-- hand (sso = 0) are left alone.  A hand grant over an SSO one makes it a hand grant.

ALTER TABLE app_user ADD COLUMN sso_issuer TEXT;
ALTER TABLE app_user ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX app_user_sso ON app_user(sso_issuer, sso_subject);
ALTER TABLE membership ADD COLUMN sso INTEGER NOT NULL DEFAULT 0;
