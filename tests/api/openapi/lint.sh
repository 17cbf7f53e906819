#!/bin/sh
# Lint web/openapi.json (the HTTP API's OpenAPI 3.1 description) with Redocly CLI,
# pinned in package.json / package-lock.json, using redocly.yaml beside this script
# (recommended-strict: warnings count as errors).  Installs the linter with `npm ci`
# the first time (node_modules/ is not committed).  Ends with "RESULT passed failed"
# like the other test scripts and exits non-zero when the lint fails.
#   tests/api/openapi/lint.sh
set -u
cd "$(dirname "$0")" || exit 1
SPEC=../../../web/openapi.json

fail() {
	echo "FAIL $*"
	echo "RESULT 0 1"
	exit 1
}

command -v npm >/dev/null 2>&1 || fail "npm is not installed (Debian: nodejs and npm)"
# @redocly/cli 2.x runs on Node.js 20.19+ or 22.12+ (Debian 12's own nodejs is 18).
node -e 'const [a,b]=process.versions.node.split(".").map(Number);
	process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' ||
	fail "Node.js $(node --version) is too old for @redocly/cli: need 20.19+ or 22.12+"
[ -f "$SPEC" ] || fail "$SPEC does not exist"
if [ ! -x node_modules/.bin/redocly ]; then
	log=$(mktemp)
	npm ci --include=dev --silent --no-audit --no-fund >"$log" 2>&1 || { cat "$log"; rm -f "$log"; fail "npm ci"; }
	rm -f "$log"
fi

# No telemetry or update checks from a test run.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
if npx --no-install redocly lint --config redocly.yaml "$SPEC"; then
	echo "ok - redocly lint web/openapi.json"
	echo "RESULT 1 0"
else
	fail "redocly lint web/openapi.json"
fi
