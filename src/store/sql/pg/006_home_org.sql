-- Migration 6 (PostgreSQL): a user's home organisation, as src/store/sql/006_home_org.sql.

ALTER TABLE app_user ADD COLUMN home_org text;
