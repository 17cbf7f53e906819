-- A bulk load's nodes and edges through COPY (PostgreSQL only; src/store/pg.c, store_bulk_begin).
-- import-csv writes a map of tens of thousands of rows in one transaction, each row validated by
-- its caller.  One INSERT a row costs the server an executor start each; instead each row goes
-- into a temporary table of the connection by COPY (COPY cannot write a table row-level security
-- binds), and one INSERT … SELECT moves the rows into the table as node_put and edge_put would one
-- at a time: the last row of a key wins (DISTINCT ON … seq DESC), an existing row is updated.
-- Whatever else the connection runs next first ends the COPY and merges (pg.c, stage_end).
-- Three sections per table: stage (the temporary table), copy (the columns in node_put's and
-- edge_put's parameter order), merge.

-- bulk: node_stage
CREATE TEMP TABLE IF NOT EXISTS bulk_node (LIKE node, seq bigserial) ON COMMIT DELETE ROWS

-- bulk: node_copy
COPY bulk_node(oid, id, kind, name, owner, description, criticality, override, override_reason, critical_service,
	personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type) FROM STDIN

-- bulk: node_merge
INSERT INTO node(oid, id, kind, name, owner, description, criticality, override, override_reason, critical_service,
	personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type)
SELECT DISTINCT ON (oid, id) oid, id, kind, name, owner, description, criticality, override, override_reason,
	critical_service, personal_data, rto_minutes, rpo_minutes, last_assessed, ref, service_type
FROM bulk_node ORDER BY oid, id, seq DESC
ON CONFLICT (oid, id) DO UPDATE SET kind = excluded.kind, name = excluded.name, owner = excluded.owner,
	description = excluded.description, criticality = excluded.criticality, override = excluded.override,
	override_reason = excluded.override_reason, critical_service = excluded.critical_service, personal_data =
	excluded.personal_data, rto_minutes = excluded.rto_minutes, rpo_minutes = excluded.rpo_minutes,
	last_assessed = excluded.last_assessed, ref = excluded.ref, service_type = excluded.service_type;
TRUNCATE bulk_node

-- bulk: edge_stage
CREATE TEMP TABLE IF NOT EXISTS bulk_edge (LIKE edge, seq bigserial) ON COMMIT DELETE ROWS

-- bulk: edge_copy
COPY bulk_edge(oid, from_id, to_id, type, grp) FROM STDIN

-- bulk: edge_merge
INSERT INTO edge(oid, from_id, to_id, type, grp)
SELECT DISTINCT ON (oid, from_id, to_id) oid, from_id, to_id, type, grp
FROM bulk_edge ORDER BY oid, from_id, to_id, seq DESC
ON CONFLICT (oid, from_id, to_id) DO UPDATE SET type = excluded.type, grp = excluded.grp;
TRUNCATE bulk_edge
