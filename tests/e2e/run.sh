#!/bin/sh
# Browser tests of the web UI: start `skjold serve` on a fresh database and a free port, read the
# first-run admin password from its stderr, wait for /api/v1/health, run ui.test.mjs with
# playwright-core driving Debian's chromium, stop the server.
#
# usage: tests/e2e/run.sh SKJOLD_BINARY
# Prints `RESULT <passed> <failed>` as its last line; exits non-zero when a check failed or the
# run could not start. Screenshots land in tests/e2e/artifacts/ (gitignored).
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

fail_start() {
	echo "e2e: $*" >&2
	echo "RESULT 0 1"
	exit 1
}

[ -x "$bin" ] || fail_start "no executable at $bin"
command -v node >/dev/null 2>&1 || fail_start "node is not installed"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || fail_start "no chromium at $chromium (apt-get install chromium)"

if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && npm ci --silent --no-audit --no-fund) || fail_start "npm ci failed in $here"
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

# a free port: ask the kernel for one, then hand it to the server
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')
[ -n "$port" ] || fail_start "could not find a free port"

: >"$tmp/server.err"
"$bin" serve --db "$tmp/e2e.db" --listen "127.0.0.1:$port" 2>"$tmp/server.err" >"$tmp/server.out" &
server_pid=$!

url="http://127.0.0.1:$port"
password=
i=0
while [ $i -lt 150 ]; do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		cat "$tmp/server.err" >&2
		server_pid=
		fail_start "the server exited before it was ready"
	fi
	if [ -z "$password" ]; then
		# the password is the first word after "admin / " (the server may add a note after it)
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
[ -n "$password" ] || { cat "$tmp/server.err" >&2; fail_start "no 'first-run login' line on the server's stderr"; }
[ $i -lt 150 ] || fail_start "the server did not answer $url/api/v1/health"

mkdir -p "$here/artifacts"
rm -f "$here/artifacts"/*.png
SKJOLD_URL=$url SKJOLD_ADMIN_PASSWORD=$password SKJOLD_E2E_ARTIFACTS="$here/artifacts" CHROMIUM=$chromium \
	node "$here/ui.test.mjs" 2>&1 | tee "$tmp/test.out"
status=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$tmp/test.out" | tail -n 1)
cp "$tmp/server.err" "$here/artifacts/server.err" 2>/dev/null

if [ -z "$status" ]; then
	echo "e2e: the test script ended without a RESULT line" >&2
	echo "RESULT 0 1"
	exit 1
fi
failed=${status#* }
[ "$failed" = 0 ] || exit 1
exit 0
