#!/bin/sh
# Webhooks on PostgreSQL (issue 18 part 4, docs/webhooks.md): tests/cli/test_webhooks.sh and
# tests/api/test_webhooks.sh run once against a PostgreSQL database, so the default suite (on
# SQLite) proves the outbox, the scan's once-only records, the delivery pass's claim and the
# delivery log on both backends.  Runs in the cluster SKJOLD_DB names when it names one (make
# test DB=postgresql), else in a throwaway cluster of its own under build/pg-webhooks/
# (tests/pg/cluster.sh), stopped at the end; skipped (and says so) only where PostgreSQL's server
# binaries are not installed.
#   tests/pg/test_webhooks.sh build/release/skjold      (last line "RESULT passed failed")
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
. "$(dirname "$0")/../cli/lib.sh"
BIN=$SKJOLD_REAL
cleanup() {
	cd "$ROOT" || return
	[ -n "${KEEP:-}" ] || rm -rf "$TMP"
	pg_cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${SKJOLD_PG_CLUSTER:-}" ] && ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
	echo "SKIP: no PostgreSQL server binaries under /usr/lib/postgresql (scripts/install-deps.sh installs them)"
	finish
	exit
fi
pg_cluster webhooks
for t in cli/test_webhooks.sh api/test_webhooks.sh; do
	SKJOLD_DB=$SKJOLD_PG_CLUSTER sh "$ROOT/tests/$t" "$BIN" >"$TMP/log" 2>&1
	rc=$?
	r=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$TMP/log" | tail -n 1)
	p=${r%% *}
	f=${r##* }
	[ -n "$r" ] || { p=0; f=1; }
	[ "$rc" -eq 0 ] || [ "$f" -ne 0 ] || f=1
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
	grep -E '^(FAIL|not ok)' "$TMP/log"
	[ "$f" -eq 0 ] || tail -n 30 "$TMP/log"
	if [ "$f" -eq 0 ]; then echo "ok   $t on PostgreSQL: $p passed"; else echo "FAIL $t on PostgreSQL: $f failed"; fi
done
finish
