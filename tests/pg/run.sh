#!/bin/sh
# make test DB=postgresql: the test suite (tests/run.sh) against a throwaway PostgreSQL cluster.
#   tests/pg/run.sh build/release
# Starts the cluster (tests/pg/cluster.sh) under build/pg-test/, points SKJOLD_DB at it (each
# CLI and API test's --db FILE becomes a database of its own there, tests/pg/skjold.sh and
# tests/api/server.py) and SKJOLD_TEST_DB at a database per case of the store contract suite
# (tests/store/, created fresh through SKJOLD_TEST_DB_RESET), runs the suite and stops the
# cluster, whatever the outcome.  The suite's last line is "N passed, N failed".
set -u
B=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
SKJOLD_PG_DIR=${SKJOLD_PG_DIR:-$ROOT/build/pg-test}
export SKJOLD_PG_DIR
SKJOLD_DB=$(tests/pg/cluster.sh start) || exit 1
trap 'cd "$ROOT" && tests/pg/cluster.sh stop' EXIT
trap 'exit 130' INT TERM
# the contract suite: database c1, c2, … one per case, each dropped and created before its case
SKJOLD_TEST_DB="$SKJOLD_DB"
SKJOLD_TEST_DB="${SKJOLD_TEST_DB% dbname=*} dbname=c{n}${SKJOLD_TEST_DB#* dbname=skjold}"
SKJOLD_TEST_DB_RESET='"$SKJOLD_PG_ROOT/tests/pg/cluster.sh" createdb "$(printf %s "$1" | sed "s/.* dbname=\([^ ]*\).*/\1/")" >/dev/null'
SKJOLD_PG_ROOT=$ROOT
export SKJOLD_DB SKJOLD_TEST_DB SKJOLD_TEST_DB_RESET SKJOLD_PG_ROOT
echo "PostgreSQL: $SKJOLD_DB" >&2
tests/run.sh "$B"
