#!/bin/sh
# The organisation document end to end: import, lossless round trip, bad
# documents that change nothing, and the audit chain against tampering.
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db k.db --now 2026-11-22"

check "import the example" run 0 $S import "$EXAMPLE"
check "import reports counts" jqt '.imported[0].nodes == 41 and .imported[0].risks == 14' out
check "export" run 0 $S export --org eksempel-kommune
cp out e1.json
check "re-import the export into a fresh db" run 0 $SKJOLD --db k2.db --now 2026-11-22 import e1.json
check "second export" run 0 $SKJOLD --db k2.db --now 2026-11-22 export --org eksempel-kommune
check "round trip is lossless" cmp -s e1.json out
check "global options after the command" run 0 $SKJOLD export --org eksempel-kommune --db k.db --now 2026-11-22
check "same export either way" cmp -s e1.json out
check "export holds derived fields" jqt '.nodes[0] | has("effective_criticality") and has("criticality_reason") and has("review_due")' e1.json

# Bad documents: exit 2, the path named, the database's content unchanged (dbsum).
before=$(dbsum k.db)
bad() { # bad NAME JQ-EDIT EXPECTED-PATH
	jq "$2" "$EXAMPLE" >bad.json
	check "$1: exit 2" run 2 $S import bad.json
	check "$1: names $3" has "$3" err
	check "$1: database unchanged" test "$(dbsum k.db)" = "$before"
}
bad "wrong type" '.nodes[3].kind = 5' 'nodes\[3\]\.kind'
bad "unknown node in an edge" '.edges[2].to = "no-such-node"' 'edges\[2\]\.to'
bad "duplicate id" '.nodes[5].id = .nodes[4].id' 'nodes\[5\]\.id'
bad "unknown field" '.risks[1].likelyhood = 3' 'risks\[1\]\.likelyhood'
bad "consequence out of range" '.risks[0].consequence.integrity = 7' 'risks\[0\]\.consequence\.integrity'
bad "acceptance by too low a role" '.risks |= map(if .id == "r-7" then .acceptance.approver_role = "system_owner" else . end)' 'approver_role'
head -c 2000 "$EXAMPLE" >trunc.json
check "truncated JSON: exit 2" run 2 $S import trunc.json
check "truncated JSON: says where" has 'line' err
check "truncated JSON: database unchanged" test "$(dbsum k.db)" = "$before"
printf '{"skjold":1,"organisation":{"id":"x","name":"K\370benhavn","kind":"municipality"}}' >latin1.json
check "invalid UTF-8: exit 2" run 2 $S import latin1.json
check "invalid UTF-8: named" has 'UTF-8' err
check "invalid UTF-8: database unchanged" test "$(dbsum k.db)" = "$before"

# The audit trail: intact, then edited and cut behind skjold's back.
check "audit verify passes" run 0 $S audit verify
check "audit verify counts entries" jqt '.ok == true and .entries_checked > 100' out
check "audit log is append-only (trigger)" not_dbsql k.db "UPDATE audit SET actor='x' WHERE seq=5"
check "  no row can be removed either" not_dbsql k.db "DELETE FROM audit WHERE seq=5"
dbcopy k.db tamper.db
dbsql tamper.db "DROP TRIGGER audit_no_update$ON_AUDIT; UPDATE audit SET after = replace(after, 'Hjemmepleje', 'Hjemmeplejen') WHERE seq = (SELECT min(seq) FROM audit WHERE after LIKE '%Hjemmepleje%');"
check "edited row: verify exits 1" run 1 $SKJOLD --db tamper.db audit verify
check "edited row: names the entry" has 'audit chain broken at entry' err
dbcopy k.db cut.db
dbsql cut.db "DROP TRIGGER audit_no_delete$ON_AUDIT; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);"
check "removed newest row: verify exits 1" run 1 $SKJOLD --db cut.db audit verify
dbcopy k.db gap.db
dbsql gap.db "DROP TRIGGER audit_no_delete$ON_AUDIT; DELETE FROM audit WHERE seq = 7;"
check "removed middle row: verify exits 1" run 1 $SKJOLD --db gap.db audit verify
check "removed middle row: names entry 7" has 'entry 7' err
# The logical checksum covers every table: one it does not know is refused, not skipped.
dbcopy k.db extra.db
dbsql extra.db "CREATE TABLE extra (x integer)"
check "a table the dump does not account for: db checksum exits 1" run 1 $SKJOLD --db extra.db db checksum
check "  and names it" has 'table extra' err

# Re-importing replaces, and keeps the old state in the log.
check "re-import replaces" run 0 $S import "$EXAMPLE"
check "the replace is in the audit log" run 0 $S audit log --entity organisation --key eksempel-kommune
check "log has a replace with the old export" jqt 'map(select(.action == "replace" and .before.nodes != null)) | length == 1' out
finish
