#!/bin/sh
# make test DB=postgresql: the test suite (tests/run.sh) against a throwaway PostgreSQL cluster.
#   tests/pg/run.sh build/release
# Starts the cluster (tests/pg/cluster.sh) under build/pg-test/, points SKJOLD_DB at it (each
# CLI and API test's --db FILE becomes a database of its own there, tests/pg/skjold.sh) and
# SKJOLD_TEST_DB at a database test_store recreates before each case, runs the suite and stops
# the cluster, whatever the outcome.  The suite's last line is "N passed, N failed".
set -u
B=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
SKJOLD_PG_DIR=${SKJOLD_PG_DIR:-$ROOT/build/pg-test}
export SKJOLD_PG_DIR
SKJOLD_DB=$(tests/pg/cluster.sh start) || exit 1
trap 'cd "$ROOT" && tests/pg/cluster.sh stop' EXIT
trap 'exit 130' INT TERM
SKJOLD_TEST_DB=$(tests/pg/cluster.sh createdb unit) || exit 1
SKJOLD_TEST_DB_RESET="'$ROOT/tests/pg/cluster.sh' createdb unit >/dev/null"
export SKJOLD_DB SKJOLD_TEST_DB SKJOLD_TEST_DB_RESET
echo "PostgreSQL: $SKJOLD_DB" >&2
tests/run.sh "$B"
