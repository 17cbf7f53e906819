# Shared helpers for the CLI tests: each check counts once; the script ends
# with "RESULT passed failed" for tests/run.sh.
SKJOLD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$ROOT/examples/eksempel-kommune.json
TMP=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "kept $TMP" >&2 || trap 'rm -rf "$TMP"' EXIT
PASS=0
FAIL=0
cd "$TMP" || exit 1

# SKJOLD_DB names a PostgreSQL database (make test DB=postgresql, tests/pg/cluster.sh): the
# script's every --db FILE then stands for a database of its own in that cluster, created empty
# at its first use (tests/pg/skjold.sh), so the scripts run unchanged against the PostgreSQL
# backend; dbsum and dbdump then fingerprint the database's rows.  Checks that read FILE
# itself with sqlite3 cannot pass that way.
case ${SKJOLD_DB:-} in
postgres://* | postgresql://* | *=*)
	SKJOLD_PG_BINARY=$SKJOLD
	export SKJOLD_PG_BINARY
	SKJOLD=$ROOT/tests/pg/skjold.sh
	;;
esac

check() { # check NAME COMMAND… : passes when the command succeeds
	name=$1
	shift
	if "$@"; then
		PASS=$((PASS + 1))
		echo "ok   $name"
	else
		FAIL=$((FAIL + 1))
		echo "FAIL $name"
	fi
}

# run EXPECTED_STATUS COMMAND… : the command's stdout goes to out, stderr to err
run() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	[ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*" >&2; cat err >&2; return 1; }
}

has() { grep -q -- "$1" "$2" || { echo "  '$1' not in $2:" >&2; head -c 600 "$2" >&2; return 1; }; }
jqt() { jq -e "$1" "$2" >/dev/null || { echo "  jq '$1' false on $2" >&2; head -c 600 "$2" >&2; return 1; }; }

# A fingerprint of the database's whole content and file (on PostgreSQL: of every row).
dbsum() {
	if [ -n "${SKJOLD_PG_BINARY:-}" ]; then
		"$SKJOLD" --pg-dump "$1" | sha256sum
		return
	fi
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
	cat "$1" | sha256sum
}

# The database's logical content (a bulk load switches the journal mode, which
# moves the file header's change counter even when it rolls back).
dbdump() {
	if [ -n "${SKJOLD_PG_BINARY:-}" ]; then
		"$SKJOLD" --pg-dump "$1" | sha256sum
		return
	fi
	sqlite3 "$1" .dump | sha256sum
}

finish() {
	echo "RESULT $PASS $FAIL"
	[ "$FAIL" -eq 0 ]
}
