-- Migration 6: a user's home organisation, the one the web UI opens at sign-in when the
-- browser remembers no choice of its own (issue 17: the first-run admin lands on the
-- organisation the database started with).  NULL: the user's first membership.
-- No foreign key, as for membership.org: an import replaces an organisation by
-- deleting and rewriting it, and the user's home must survive that.

ALTER TABLE app_user ADD COLUMN home_org TEXT;
