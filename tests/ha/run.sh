#!/bin/sh
# High availability, tested (issue 16, point 5; docs/ha.md): a pg_auto_failover monitor, a
# PostgreSQL primary with a synchronous standby, two skjold serve behind haproxy, all on loopback
# under build/ha/; the primary node and one server are killed during a stream of writes.
#   tests/ha/run.sh build/release/skjold      (make test-ha)
# The checks live in test_ha.py (Python 3, standard library only, tests/api/server.py); the last
# line is "RESULT passed failed".  Whatever happens, every process (group) the script started
# (listed in build/ha/pids: pg_autoctl nodes, haproxy, skjold serve) is killed on the way out.
set -u
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
DIR=${SKJOLD_HA_DIR:-$(pwd)/build/ha}
export SKJOLD_HA_DIR="$DIR"
for tool in python3 pg_autoctl haproxy psql; do
	command -v $tool >/dev/null 2>&1 || { echo "FAIL: $tool is not installed (scripts/install-deps.sh)"; echo "RESULT 0 1"; exit 1; }
done
out=$(mktemp)
cleanup() {
	if [ -f "$DIR/pids" ]; then
		while read -r pid; do
			kill -KILL "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
		done <"$DIR/pids"
		rm -f "$DIR/pids"
	fi
	rm -f "$out"
}
trap cleanup EXIT
trap 'cat "$out"; echo "FAIL: interrupted"; echo "RESULT 0 1"; exit 130' INT TERM
start=$(date +%s)
python3 "$(dirname "$0")/test_ha.py" "$1" >"$out" 2>&1
rc=$?
cat "$out"
echo "# make test-ha: $(($(date +%s) - start)) s"
tail -n 1 "$out" | grep -q '^RESULT [0-9]* [0-9]*$' || { echo "FAIL: test_ha.py ended without a summary (exit $rc)"; echo "RESULT 0 1"; exit 1; }
exit $rc
