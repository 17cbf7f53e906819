#!/bin/sh
# Slow clients cannot starve the others: a slowloris load of about 1,100
# sockets from 127.0.0.2 … 127.0.0.6 while a normal client on 127.0.0.1 keeps
# getting answers; the slow connections are cut by the header and body
# deadlines, and those over the per-address limits are refused at once.
#   tests/api/test_slowclients.sh build/release/skjold      (about 30 s)
# The checks live in test_slowclients.py (Python 3, standard library only) with
# the shared harness server.py; the last line is "RESULT passed failed".
set -u
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "FAIL: python3 is not installed"; echo "RESULT 0 1"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
python3 "$(dirname "$0")/test_slowclients.py" "$1" >"$out" 2>&1
rc=$?
cat "$out"
# a crash before the summary still ends with a RESULT line
tail -n 1 "$out" | grep -q '^RESULT [0-9]* [0-9]*$' || { echo "FAIL: test_slowclients.py ended without a summary (exit $rc)"; echo "RESULT 0 1"; exit 1; }
exit $rc
