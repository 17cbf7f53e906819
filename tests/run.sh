#!/bin/sh
# Run every test of one build variant and end with one line "N passed, N failed".
#   tests/run.sh build/release
#   ONLY="test_store test_forum" tests/run.sh build/release   (only the tests whose names contain a word)
#   SKJOLD_E2E=0 tests/run.sh build/asan   (all but the browser tests: CI's sanitizer run)
# With SKJOLD_DB naming a PostgreSQL database (tests/pg/run.sh, make test DB=postgresql) the CLI
# and API tests run against PostgreSQL, and SKJOLD_TEST_DB takes the store contract suite there.
# Unit tests are cmocka programs (one per module, counted per test case), and
# so is the store contract suite (tests/store/, build/<variant>/tests/test_store:
# the backend SKJOLD_TEST_DB names, a fresh SQLite file per case by default);
# CLI tests are shell scripts under tests/cli that drive the built binary
# and print "RESULT passed failed" (counted per check).
set -u
B=${1:-build/release}
# the asan build: fontconfig's one-time configuration (reached by the first PDF) is not a leak
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
pass=0
fail=0
log=$(mktemp)
# ONLY: a list of words; a test runs when its path contains one of them
wanted() {
	[ -z "${ONLY:-}" ] && return 0
	for w in $ONLY; do
		case $1 in *"$w"*) return 0 ;; esac
	done
	return 1
}
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	wanted "$t" || continue
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed before reporting
	if [ "$f" -ne 0 ]; then cat "$log"; fi
	echo "$(basename "$t"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done
# Each script drives the real binary and ends with "RESULT passed failed":
# the CLI tests, the API and security tests (each starts its own server on a
# free loopback port and stops it), single sign-on against a real OpenID Connect provider and
# a real SAML IdP (tests/sso/, skipped when node, or php and simplesamlphp, are missing), the
# OpenAPI linter, the browser tests.
run_script() {
	t=$1
	shift
	wanted "$t" || return 0
	sh "$t" "$@" >"$log" 2>&1
	rc=$?
	r=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$log" | tail -n 1)
	p=${r%% *}
	f=${r##* }
	[ -n "$r" ] || { p=0; f=1; }
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	grep -E '^(FAIL|not ok)' "$log"
	[ "$f" -ne 0 ] && tail -n 30 "$log"
	echo "$(basename "$(dirname "$t")")/$(basename "$t"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}
for t in tests/cli/test_*.sh tests/api/test_*.sh tests/pg/test_*.sh tests/sso/test_*.sh; do
	[ -f "$t" ] && run_script "$t" "$B/skjold"
done
[ -f tests/store/coverage.sh ] && run_script tests/store/coverage.sh
[ -f tests/api/openapi/lint.sh ] && run_script tests/api/openapi/lint.sh
[ -f tests/style/check.sh ] && run_script tests/style/check.sh
[ -f tests/e2e/run.sh ] && [ "${SKJOLD_E2E:-1}" != 0 ] && run_script tests/e2e/run.sh "$B/skjold"
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
