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

# The database's logical content: `skjold db checksum` (BLAKE2b-256 of the
# canonical dump, docs/internals/store.md), the same for the same data on
# every backend, so "nothing changed" is proven through skjold and not by
# reading the SQLite file.  Takes what --db takes.  A failed checksum gives
# a value no other call gives, so it can never pass for "unchanged".
dbsum() {
	sum=$("$SKJOLD" --db "$1" db checksum | jq -r '.checksum // empty')
	if [ -z "$sum" ]; then
		echo "  skjold db checksum failed on $1" >&2
		sum="failed-$$-$(date +%s%N)"
	fi
	echo "$sum"
}

finish() {
	echo "RESULT $PASS $FAIL"
	[ "$FAIL" -eq 0 ]
}
