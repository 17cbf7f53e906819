#!/bin/sh
# Browser tests of the web UI: start `skjold serve` on a fresh database and a free port, read the
# first-run admin password from its stderr, wait for /api/v1/health, run ui.test.mjs with
# playwright-core driving Debian's chromium, stop the server. Then every other *.test.mjs
# (forum, register of information, organisation picker), each starting its own server on a database loaded with the example forum
# (scripts/example-forum.sh).
#
# usage: tests/e2e/run.sh SKJOLD_BINARY
# Prints `RESULT <passed> <failed>` (all scripts together) as its last line; exits non-zero when a
# check failed or the run could not start. Screenshots land in tests/e2e/artifacts/ (gitignored).
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 SKJOLD_BINARY" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac

start_failed() {
	echo "e2e: $*" >&2
	echo "RESULT 0 1"
	exit 1
}

[ -x "$bin" ] || start_failed "no executable at $bin"
command -v node >/dev/null 2>&1 || start_failed "node is not installed"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || start_failed "no chromium at $chromium (apt-get install chromium)"

if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
	(cd "$here" && npm ci --silent --no-audit --no-fund) || start_failed "npm ci failed in $here"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/skjold-e2e.XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$here/server.sh"
start_server "$bin" "$tmp/e2e.db" "$tmp/server.err"

mkdir -p "$here/artifacts"
rm -f "$here/artifacts"/*.png
SKJOLD_URL=$url SKJOLD_ADMIN_PASSWORD=$password SKJOLD_E2E_ARTIFACTS="$here/artifacts" CHROMIUM=$chromium \
	node "$here/ui.test.mjs" 2>&1 | tee "$tmp/test.out"
status=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$tmp/test.out" | tail -n 1)
cp "$tmp/server.err" "$here/artifacts/server.err" 2>/dev/null

missing=0
if [ -z "$status" ]; then
	echo "e2e: ui.test.mjs ended without a RESULT line" >&2
	status="0 1"
	missing=1
fi
passed=${status%% *}
failed=${status#* }
summary="ui.test.mjs $status"

# The sector forum's pages, the register of information and the rest: every other *.test.mjs
# starts its own server, on the example forum.
for ft in "$here"/*.test.mjs; do
	[ -f "$ft" ] && [ "${ft##*/}" != ui.test.mjs ] || continue
	fname=${ft##*/}
	SKJOLD_BIN=$bin SKJOLD_E2E_ARTIFACTS="$here/artifacts" CHROMIUM=$chromium \
		node "$ft" 2>&1 | tee "$tmp/forum.out"
	fstatus=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$tmp/forum.out" | tail -n 1)
	if [ -z "$fstatus" ]; then
		echo "e2e: $fname ended without a RESULT line" >&2
		fstatus="0 1"
		missing=1
	fi
	summary="$summary, $fname $fstatus"
	passed=$((passed + ${fstatus%% *}))
	failed=$((failed + ${fstatus#* }))
done

echo "e2e: $summary (passed failed)"
echo "RESULT $passed $failed"
[ "$failed" = 0 ] && [ "$missing" = 0 ] || exit 1
exit 0
