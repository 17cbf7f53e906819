-- Migration 4: the sector forum (issue 5, SPEC §4, seed 000).
--
-- The forum's rows are authorised by src/forum/forum.c, not by the store's
-- organisation scope: who may see a row depends on the forum's membership,
-- the row's TLP label and its recipients, which only forum.c evaluates.
-- Recipients are JSON arrays: organisation ids for TLP:AMBER and
-- TLP:AMBER+STRICT, user names for TLP:RED; an empty array means nobody
-- but the owner.  Organisation ids carry no foreign key, as in membership
-- (migration 3): an import rewrites an organisation and its forum rows must
-- survive that; deleting one for good purges them (store_org_access_purge).

-- The sector join: an external node may stand for another organisation's
-- node ("org/node"); providers are grouped by their ultimate parent.
ALTER TABLE org ADD COLUMN parent TEXT;
ALTER TABLE node ADD COLUMN ref TEXT;
ALTER TABLE node ADD COLUMN service_type TEXT;

CREATE TABLE forum (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	secretariat TEXT NOT NULL,     -- the secretariat organisation's id
	settings TEXT NOT NULL,        -- JSON: min_group, risk scale, refresh cycle
	created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE forum_member (
	forum TEXT NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
	org TEXT NOT NULL,
	category TEXT NOT NULL,        -- the seed's participant kinds (forum.c)
	assets REAL NOT NULL DEFAULT 0, -- total assets, DKK million (provider footprint)
	status TEXT NOT NULL,          -- invited | active | declined | left
	invited_ms INTEGER NOT NULL,
	invited_by TEXT NOT NULL,
	joined_ms INTEGER,
	left_ms INTEGER,
	PRIMARY KEY (forum, org)
) WITHOUT ROWID;
CREATE INDEX forum_member_org ON forum_member(org);

-- What a member shares of its own data: one item (target set) or a rule
-- (target NULL, filter JSON), each under a TLP label.
CREATE TABLE forum_share (
	forum TEXT NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
	org TEXT NOT NULL,
	id TEXT NOT NULL,
	kind TEXT NOT NULL,            -- node | incident
	target TEXT,
	filter TEXT,
	tlp TEXT NOT NULL,             -- CLEAR | GREEN | AMBER | AMBER+STRICT | RED | WITHHOLD
	recipients TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	by TEXT NOT NULL,
	PRIMARY KEY (forum, org, id)
) WITHOUT ROWID;

-- The forum's own records: crises, status reports, decisions, forum risks
-- and measures, red-team tests and findings, catalogues, campaigns,
-- answers, surveys and responses.  body is validated by the kind's module.
CREATE TABLE forum_item (
	forum TEXT NOT NULL REFERENCES forum(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	id TEXT NOT NULL,
	owner TEXT NOT NULL,           -- the organisation the record belongs to
	parent TEXT,                   -- e.g. the crisis of a status report
	tlp TEXT NOT NULL,
	recipients TEXT NOT NULL,
	body TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL,
	by TEXT NOT NULL,
	version INTEGER NOT NULL,
	PRIMARY KEY (forum, kind, id)
) WITHOUT ROWID;
CREATE INDEX forum_item_parent ON forum_item(forum, kind, parent);
CREATE INDEX forum_item_owner ON forum_item(owner);
