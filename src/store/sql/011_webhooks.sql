-- Migration 11: webhooks (issue 18 part 4; docs/webhooks.md).
--
-- webhook: an organisation's HTTP endpoints (or, with forum set, its forum secretariat's): the
-- URL, the events it wants (a JSON array of names), the secret skjold signs with (hex; shown once
-- at creation, never listed), the TLP ceiling and whether it is enabled.
-- webhook_event: the outbox.  An event is written in the same transaction as the write that causes
-- it, so a committed write never loses its event and a rolled-back one never sends one.  dedup
-- holds (event, object, deadline) for the events of the time-based scan: each is recorded once.
-- webhook_delivery: one event to one endpoint: pending (next_ms is when to try), delivered,
-- failed (tries spent) or withheld (labelled above the endpoint's TLP ceiling: never sent).
-- webhook_attempt: the delivery log, one row per try.
--
-- All four are data, not transient state: they are in `skjold db dump` and copied by `skjold
-- migrate --to`, so a moved database neither sends an event twice nor forgets one.

CREATE TABLE webhook (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	url TEXT NOT NULL,
	events TEXT NOT NULL,
	secret TEXT NOT NULL,
	tlp TEXT NOT NULL,
	enabled INTEGER NOT NULL,
	forum TEXT,
	created_ms INTEGER NOT NULL,
	by TEXT NOT NULL,
	PRIMARY KEY (oid, id)
) WITHOUT ROWID;

CREATE TABLE webhook_event (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	event TEXT NOT NULL,
	occurred_ms INTEGER NOT NULL,
	tlp TEXT NOT NULL,
	data TEXT NOT NULL,
	dedup TEXT,
	PRIMARY KEY (oid, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX webhook_event_dedup ON webhook_event(oid, dedup);

CREATE TABLE webhook_delivery (
	oid INTEGER NOT NULL,
	hook TEXT NOT NULL,
	event_id TEXT NOT NULL,
	id TEXT NOT NULL,
	status TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	next_ms INTEGER,
	updated_ms INTEGER NOT NULL,
	PRIMARY KEY (oid, hook, event_id),
	FOREIGN KEY (oid, hook) REFERENCES webhook(oid, id) ON DELETE CASCADE,
	FOREIGN KEY (oid, event_id) REFERENCES webhook_event(oid, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX webhook_delivery_due ON webhook_delivery(status, next_ms);
CREATE INDEX webhook_delivery_event ON webhook_delivery(oid, event_id);

CREATE TABLE webhook_attempt (
	oid INTEGER NOT NULL,
	hook TEXT NOT NULL,
	event_id TEXT NOT NULL,
	n INTEGER NOT NULL,
	at_ms INTEGER NOT NULL,
	status TEXT NOT NULL,
	http_code INTEGER,
	error TEXT,
	duration_ms INTEGER NOT NULL,
	PRIMARY KEY (oid, hook, event_id, n),
	FOREIGN KEY (oid, hook, event_id) REFERENCES webhook_delivery(oid, hook, event_id) ON DELETE CASCADE
) WITHOUT ROWID;
