-- Migration 4 (PostgreSQL): the sector forum, as ../004_forum.sql.

ALTER TABLE org ADD COLUMN parent text;
ALTER TABLE node ADD COLUMN ref text;
ALTER TABLE node ADD COLUMN service_type text;

CREATE TABLE forum (
	id text PRIMARY KEY,
	name text NOT NULL,
	secretariat text NOT NULL,
	settings text NOT NULL,
	created_ms bigint NOT NULL
);

CREATE TABLE forum_member (
	forum text NOT NULL REFERENCES forum(id) ON DELETE CASCADE DEFERRABLE,
	org text NOT NULL,
	category text NOT NULL,
	assets double precision NOT NULL DEFAULT 0,
	status text NOT NULL,
	invited_ms bigint NOT NULL,
	invited_by text NOT NULL,
	joined_ms bigint,
	left_ms bigint,
	PRIMARY KEY (forum, org)
);
CREATE INDEX forum_member_org ON forum_member(org);

CREATE TABLE forum_share (
	forum text NOT NULL REFERENCES forum(id) ON DELETE CASCADE DEFERRABLE,
	org text NOT NULL,
	id text NOT NULL,
	kind text NOT NULL,
	target text,
	filter text,
	tlp text NOT NULL,
	recipients text NOT NULL,
	created_ms bigint NOT NULL,
	by text NOT NULL,
	PRIMARY KEY (forum, org, id)
);

CREATE TABLE forum_item (
	forum text NOT NULL REFERENCES forum(id) ON DELETE CASCADE DEFERRABLE,
	kind text NOT NULL,
	id text NOT NULL,
	owner text NOT NULL,
	parent text,
	tlp text NOT NULL,
	recipients text NOT NULL,
	body text NOT NULL,
	created_ms bigint NOT NULL,
	updated_ms bigint NOT NULL,
	by text NOT NULL,
	version bigint NOT NULL,
	PRIMARY KEY (forum, kind, id)
);
CREATE INDEX forum_item_parent ON forum_item(forum, kind, parent);
CREATE INDEX forum_item_owner ON forum_item(owner);
