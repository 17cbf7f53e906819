#!/bin/sh
# The example municipality imported into SQLite and into PostgreSQL exports byte for byte the
# same (issue 16): import examples/eksempel-kommune.json into each, then compare `skjold export`,
# `org list`, `audit verify` and `db checksum` (the whole logical content) at a fixed --now.  Runs in the cluster SKJOLD_DB names when it
# names one (make test DB=postgresql), else in a throwaway cluster of its own under
# build/pg-export/ (tests/pg/cluster.sh), stopped at the end.
#   tests/pg/test_export.sh build/release/skjold      (last line "RESULT passed failed")
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
. "$(dirname "$0")/../cli/lib.sh"
BIN=$SKJOLD_REAL
cleanup() {
	cd "$ROOT" || return
	rm -rf "$TMP"
	pg_cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_cluster export
SKJOLD_PG_BINARY=$BIN
export SKJOLD_PG_CLUSTER SKJOLD_PG_BINARY
sq() { "$BIN" --db s.db --now 2026-12-01 "$@"; }
pg() { "$ROOT/tests/pg/skjold.sh" --db p.db --now 2026-12-01 "$@"; }

check "import into SQLite" run 0 sq import "$EXAMPLE"
check "import into PostgreSQL" run 0 pg import "$EXAMPLE"
check "the backends are what they say" test ! -e p.db -a -s s.db
sq export --org eksempel-kommune >s.json 2>s.err
pg export --org eksempel-kommune >p.json 2>p.err
check "export from SQLite: the whole municipality" jqt '.nodes | length > 40' s.json
check "export from PostgreSQL: the whole municipality" jqt '.nodes | length > 40' p.json
check "export byte-identical" cmp s.json p.json
sq org list >s.orgs
pg org list >p.orgs
check "org list identical" cmp s.orgs p.orgs
sq audit verify >s.audit
pg audit verify >p.audit
check "audit verify identical (same entries, chain intact)" cmp s.audit p.audit
check "  and the chain was checked" jqt '.ok == true and .entries_checked > 100' p.audit
sq db checksum >s.sum
pg db checksum >p.sum
check "db checksum identical (every table, every row)" cmp s.sum p.sum
check "  over the whole example" jqt '.rows > 300' p.sum
finish
