#!/bin/sh
# An organisation that requires single sign-on (docs/sso.md): setting, refused password logins, break-glass.
#   tests/api/test_sso_required.sh build/release/skjold      (VERBOSE=1 prints every check)
# The checks live in test_sso_required.py (Python 3, standard library only) with the
# shared harness server.py; the last line is "RESULT passed failed".
set -u
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "FAIL: python3 is not installed"; echo "RESULT 0 1"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
python3 "$(dirname "$0")/test_sso_required.py" "$1" >"$out" 2>&1
rc=$?
cat "$out"
# a crash before the summary still ends with a RESULT line
tail -n 1 "$out" | grep -q '^RESULT [0-9]* [0-9]*$' || { echo "FAIL: test_sso_required.py ended without a summary (exit $rc)"; echo "RESULT 0 1"; exit 1; }
exit $rc
