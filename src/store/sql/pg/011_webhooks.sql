-- Migration 11 (PostgreSQL): webhooks, as ../011_webhooks.sql, with row-level security like the
-- tables of 007_rls.sql (keyed by oid: they follow org's own policy).  The grant is explicit:
-- migration 7's default privileges cover only tables made by the role that ran it.

CREATE TABLE webhook (
	oid bigint NOT NULL REFERENCES org(oid) ON DELETE CASCADE DEFERRABLE,
	id text NOT NULL,
	url text NOT NULL,
	events text NOT NULL,
	secret text NOT NULL,
	tlp text NOT NULL,
	enabled integer NOT NULL,
	forum text,
	created_ms bigint NOT NULL,
	by text NOT NULL,
	PRIMARY KEY (oid, id)
);

CREATE TABLE webhook_event (
	oid bigint NOT NULL REFERENCES org(oid) ON DELETE CASCADE DEFERRABLE,
	id text NOT NULL,
	event text NOT NULL,
	occurred_ms bigint NOT NULL,
	tlp text NOT NULL,
	data text NOT NULL,
	dedup text,
	PRIMARY KEY (oid, id)
);
CREATE UNIQUE INDEX webhook_event_dedup ON webhook_event(oid, dedup);

CREATE TABLE webhook_delivery (
	oid bigint NOT NULL,
	hook text NOT NULL,
	event_id text NOT NULL,
	id text NOT NULL,
	status text NOT NULL,
	attempts integer NOT NULL,
	next_ms bigint,
	updated_ms bigint NOT NULL,
	PRIMARY KEY (oid, hook, event_id),
	FOREIGN KEY (oid, hook) REFERENCES webhook(oid, id) ON DELETE CASCADE DEFERRABLE,
	FOREIGN KEY (oid, event_id) REFERENCES webhook_event(oid, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX webhook_delivery_due ON webhook_delivery(status, next_ms);
CREATE INDEX webhook_delivery_event ON webhook_delivery(oid, event_id);

CREATE TABLE webhook_attempt (
	oid bigint NOT NULL,
	hook text NOT NULL,
	event_id text NOT NULL,
	n integer NOT NULL,
	at_ms bigint NOT NULL,
	status text NOT NULL,
	http_code integer,
	error text,
	duration_ms bigint NOT NULL,
	PRIMARY KEY (oid, hook, event_id, n),
	FOREIGN KEY (oid, hook, event_id) REFERENCES webhook_delivery(oid, hook, event_id) ON DELETE CASCADE DEFERRABLE
);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook, webhook_event, webhook_delivery, webhook_attempt TO skjold_app;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['webhook', 'webhook_event', 'webhook_delivery', 'webhook_attempt'] LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY %I ON %I USING ((SELECT skjold_scope_all()) OR oid IN (SELECT o.oid FROM org o))',
			t || '_scope', t);
	END LOOP;
END $$;
