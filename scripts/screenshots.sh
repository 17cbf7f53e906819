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

# a free port: ask the kernel for one, then hand it to the server
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
[ -n "$port" ] || die "could not find a free port"

"$bin" --db "$db" serve --listen "127.0.0.1:$port" 2>"$tmp/server.err" >"$tmp/server.out" &
server_pid=$!

url="http://127.0.0.1:$port"
password=
i=0
while [ $i -lt 150 ]; do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		cat "$tmp/server.err" >&2
		server_pid=
		die "the server exited before it was ready"
	fi
	if [ -z "$password" ]; then
		# the password is the first word after "admin / " (the server adds a note after it)
		password=$(sed -n 's/^skjold: first-run login: admin \/ \([^[:space:]]*\).*$/\1/p' "$tmp/server.err" | head -n 1)
	fi
	if [ -n "$password" ] && node -e '
		fetch(process.argv[1] + "/api/v1/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
	' "$url" 2>/dev/null; then
		break
	fi
	i=$((i + 1))
	sleep 0.2
done
[ -n "$password" ] || { cat "$tmp/server.err" >&2; die "no 'first-run login' line on the server's stderr"; }
[ $i -lt 150 ] || die "the server did not answer $url/api/v1/health"

SKJOLD_URL=$url SKJOLD_ADMIN_PASSWORD=$password CHROMIUM=$chromium \
	PLAYWRIGHT_CORE="$e2e/node_modules/playwright-core" node "$root/scripts/screenshots.mjs"
status=$?
[ $status -eq 0 ] || { echo "screenshots: server log:" >&2; tail -n 20 "$tmp/server.err" >&2; }
exit $status
