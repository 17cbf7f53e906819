# Shared helpers for the CLI tests: each check counts once; the script ends
# with "RESULT passed failed" for tests/run.sh.
SKJOLD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$ROOT/examples/eksempel-kommune.json
TMP=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "kept $TMP" >&2 || trap 'rm -rf "$TMP"' EXIT
PASS=0
FAIL=0
# skjold's texts in English (LANG decides the shell's language, issue 17); a check that wants Danish says so
LANG=C
export LANG
cd "$TMP" || exit 1

# SKJOLD_DB names a PostgreSQL database (make test DB=postgresql, tests/pg/cluster.sh): the
# script's every --db FILE then stands for a database of its own in that cluster, created empty
# at its first use (tests/pg/skjold.sh), so the scripts run unchanged against the PostgreSQL
# backend (dbsum's `skjold db checksum` too).  The cluster and the binary are
# written into the wrapper (a check may run skjold with an environment of its own) and SKJOLD_DB
# is unset, as it is when the scripts run on SQLite.  Checks that read FILE itself with sqlite3,
# and databases named other than by --db (a configuration file's), stay SQLite's.
SKJOLD_REAL=$SKJOLD
case ${SKJOLD_DB:-} in
postgres://* | postgresql://* | *=*)
	SKJOLD_PG_CLUSTER=$SKJOLD_DB
	printf '#!/bin/sh\nSKJOLD_PG_CLUSTER=%s SKJOLD_PG_BINARY=%s exec %s "$@"\n' "'$SKJOLD_DB'" "'$SKJOLD'" \
		"'$ROOT/tests/pg/skjold.sh'" >"$TMP/.skjold-pg"
	chmod +x "$TMP/.skjold-pg"
	SKJOLD=$TMP/.skjold-pg
	unset SKJOLD_DB
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

# The database's logical content: `skjold db checksum` (BLAKE2b-256 of the
# canonical dump, docs/internals/store.md), the same for the same data on
# every backend, so "nothing changed" is proven through skjold and not by
# reading the SQLite file.  Takes what --db takes.  A failed checksum gives
# a value no other call gives, so it can never pass for "unchanged".
# Behind skjold's back, as an attacker with the database's own tools would (the audit tests):
# dbsql FILE SQL runs SQL on the database FILE stands for (sqlite3, or psql on PostgreSQL);
# dbcopy FROM TO makes TO a copy of FROM; ON_AUDIT is what PostgreSQL's DROP TRIGGER needs
# after the trigger's name (" ON audit"), nothing on SQLite.
ON_AUDIT=
[ -n "${SKJOLD_PG_CLUSTER:-}" ] && ON_AUDIT=" ON audit"

# The tests of tests/pg/: the cluster SKJOLD_DB names (make test DB=postgresql), else a throwaway
# one of the script's own under build/pg-NAME (tests/pg/cluster.sh).  pg_cluster NAME sets
# SKJOLD_PG_CLUSTER and own (non-empty: the script started it); pg_cluster_stop, from the
# script's cleanup, stops it only then.
own=
pg_cluster() {
	[ -z "${SKJOLD_PG_CLUSTER:-}" ] || return 0
	own=$1
	SKJOLD_PG_CLUSTER=$(cd "$ROOT" && SKJOLD_PG_DIR=$ROOT/build/pg-$1 tests/pg/cluster.sh start) ||
		{ echo "FAIL: no PostgreSQL cluster"; echo "RESULT 0 1"; exit 1; }
}
pg_cluster_stop() {
	[ -z "$own" ] || SKJOLD_PG_DIR=$ROOT/build/pg-$own "$ROOT/tests/pg/cluster.sh" stop
}
pg_su() { # pg_su SQL…: each statement as the cluster's superuser, in the database postgres, quietly
	set -- -c "SET client_min_messages = warning" "$@"
	psql "$SKJOLD_PG_CLUSTER dbname=postgres" -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null
}
pg_scratch() { # pg_scratch NAME: a fresh, empty database NAME in the cluster (pg_cluster), or the script fails
	pg_su -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" ||
		{ echo "FAIL: no database"; echo "RESULT 0 1"; exit 1; }
}
pg_scratch_drop() { # pg_scratch_drop NAME [SQL…]: at the end, the database gone (and SQL run), whatever happened
	[ -n "${SKJOLD_PG_CLUSTER:-}" ] || return 0
	_db=$1
	shift
	pg_su -c "DROP DATABASE IF EXISTS $_db WITH (FORCE)" "$@" 2>/dev/null
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgname() { # the database tests/pg/skjold.sh made for FILE
	case $1 in
	/*) abs=$1 ;;
	*) abs=$(pwd)/$1 ;;
	esac
	echo "t_$(printf %s "$abs" | sha256sum | cut -c1-24)"
}
dbsql() {
	if [ -n "${SKJOLD_PG_CLUSTER:-}" ]; then
		psql "$SKJOLD_PG_CLUSTER dbname=$(pgname "$1")" -X -q -v ON_ERROR_STOP=1 -c "$2" >/dev/null
	else
		sqlite3 "$1" "$2" >/dev/null
	fi
}
not_dbsql() { ! dbsql "$@" 2>/dev/null; } # the statement is refused
dbcopy() {
	if [ -n "${SKJOLD_PG_CLUSTER:-}" ]; then
		psql "$SKJOLD_PG_CLUSTER" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS $(pgname "$2") WITH (FORCE)" \
			-c "CREATE DATABASE $(pgname "$2") TEMPLATE $(pgname "$1")" >/dev/null && : >"$2.pg"
	else
		cp "$1" "$2"
	fi
}

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
