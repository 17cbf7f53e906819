-- Migration 2 (PostgreSQL): incidents and their regulatory reporting, as ../002_incident.sql.

CREATE TABLE incident (
	oid bigint NOT NULL REFERENCES org(oid) ON DELETE CASCADE DEFERRABLE,
	id text NOT NULL,
	title text NOT NULL,
	status text NOT NULL,
	detected_ms bigint NOT NULL,
	doc text NOT NULL,
	created_ms bigint NOT NULL,
	updated_ms bigint NOT NULL,
	PRIMARY KEY (oid, id)
);

CREATE TABLE incident_node (
	oid bigint NOT NULL,
	incident_id text NOT NULL,
	node_id text NOT NULL,
	PRIMARY KEY (oid, incident_id, node_id),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE DEFERRABLE,
	FOREIGN KEY (oid, node_id) REFERENCES node(oid, id) DEFERRABLE
);
CREATE INDEX incident_node_node ON incident_node(oid, node_id);

CREATE TABLE submission (
	oid bigint NOT NULL,
	incident_id text NOT NULL,
	seq bigint NOT NULL,
	regime text NOT NULL,
	report text NOT NULL,
	submitted_ms bigint NOT NULL,
	doc text NOT NULL,
	PRIMARY KEY (oid, incident_id, seq),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE DEFERRABLE
);

CREATE TABLE incident_event (
	oid bigint NOT NULL,
	incident_id text NOT NULL,
	seq bigint NOT NULL,
	at_ms bigint NOT NULL,
	actor text NOT NULL,
	kind text NOT NULL,
	detail text,
	PRIMARY KEY (oid, incident_id, seq),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE DEFERRABLE
);
