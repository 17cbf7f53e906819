-- Incidents and their regulatory reporting (SPEC §3, RULES.md).
--
-- An incident is kept as its document (the RULES.md §6 facts document plus
-- skjold's own fields: description, category, cause, nodes, risks, user
-- information, outsourced and consolidated reporting) in doc, with the
-- columns lists and sorting need.  Submissions and the timeline are rows of
-- their own: a submission is an event in time, never an edit of the incident.
-- incident_node indexes the affected nodes, so a node an incident refers to
-- cannot be deleted and an incident makes its nodes' risk review due.

CREATE TABLE incident (
	oid INTEGER NOT NULL REFERENCES org(oid) ON DELETE CASCADE,
	id TEXT NOT NULL,
	title TEXT NOT NULL,
	status TEXT NOT NULL,
	detected_ms INTEGER NOT NULL,
	doc TEXT NOT NULL,
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL,
	PRIMARY KEY (oid, id)
) WITHOUT ROWID;

CREATE TABLE incident_node (
	oid INTEGER NOT NULL,
	incident_id TEXT NOT NULL,
	node_id TEXT NOT NULL,
	PRIMARY KEY (oid, incident_id, node_id),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE,
	FOREIGN KEY (oid, node_id) REFERENCES node(oid, id)
) WITHOUT ROWID;
CREATE INDEX incident_node_node ON incident_node(oid, node_id);

CREATE TABLE submission (
	oid INTEGER NOT NULL,
	incident_id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	regime TEXT NOT NULL,
	report TEXT NOT NULL,
	submitted_ms INTEGER NOT NULL,
	doc TEXT NOT NULL,
	PRIMARY KEY (oid, incident_id, seq),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE incident_event (
	oid INTEGER NOT NULL,
	incident_id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	at_ms INTEGER NOT NULL,
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,
	detail TEXT,
	PRIMARY KEY (oid, incident_id, seq),
	FOREIGN KEY (oid, incident_id) REFERENCES incident(oid, id) ON DELETE CASCADE
) WITHOUT ROWID;
