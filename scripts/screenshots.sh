#!/bin/sh
# The README's screenshots of the web UI on the shipped example: load examples/eksempel-kommune.json
# and the default threats into a temporary database, start `skjold serve` on a free port, read the
# first-run admin password from its stderr, run scripts/screenshots.mjs (playwright-core from
# tests/e2e/node_modules driving Debian's chromium), stop the server.
#
# usage: scripts/screenshots.sh [SKJOLD_BINARY]      (default build/release/skjold)
# Writes docs/screenshots/*.png (SKJOLD_SHOTS=DIR writes them elsewhere); CHROMIUM overrides
# /usr/bin/chromium.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/release/skjold}
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac

die() {
	echo "screenshots: $*" >&2
	exit 1
}

[ -x "$bin" ] || die "no executable at $bin (run make first)"
command -v node >/dev/null 2>&1 || die "node is not installed"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || die "no chromium at $chromium (apt-get install chromium)"

e2e=$root/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --silent --no-audit --no-fund) || die "npm ci failed in $e2e"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/skjold-shots.XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$tmp/t.db
"$bin" --db "$db" import "$root/examples/eksempel-kommune.json" >/dev/null || die "import of the example failed"
"$bin" --db "$db" threat load-defaults --org eksempel-kommune >/dev/null || die "threat load-defaults failed"

start_failed() { die "$@"; }
. "$e2e/server.sh"
start_server "$bin" "$db" "$tmp/server.err"

SKJOLD_URL=$url SKJOLD_ADMIN_PASSWORD=$password CHROMIUM=$chromium \
	PLAYWRIGHT_CORE="$e2e/node_modules/playwright-core" node "$root/scripts/screenshots.mjs"
status=$?
[ $status -eq 0 ] || { echo "screenshots: server log:" >&2; tail -n 20 "$tmp/server.err" >&2; }
# page 1 of the ISU report as skjold typesets it (PDF through cairo and pango), as poppler shows it
shots=${SKJOLD_SHOTS:-$root/docs/screenshots}
"$bin" --db "$db" --now 2026-11-24T12:00:00+01:00 report isu --org eksempel-kommune --quarter 2026Q4 \
	--format pdf --out "$tmp/isu.pdf" && pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$tmp/isu.pdf" "$shots/isu-report-pdf" ||
	status=1
exit $status
