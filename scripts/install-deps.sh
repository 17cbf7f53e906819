#!/bin/sh
# Install the Debian packages skjold needs to build, test and benchmark, if any is missing.
# clang and libclang-rt-dev (libclang_rt.fuzzer on bookworm) build `make fuzz`.
# cairo, pango, libzip and libxlsxwriter write the PDF, DOCX and XLSX documents (fonts-dejavu-core:
# the typeface, with æøå, embedded in every PDF); qpdf, poppler-utils, python3-jsonschema and
# python3-openpyxl and python3-docx read them back in the tests.  libinih-dev reads the configuration file.
# libcurl4-openssl-dev fetches an OpenID Connect provider's documents and libssl-dev (libcrypto) checks its
# tokens' signatures (docs/sso.md); libcurl also delivers webhooks (docs/webhooks.md).
# liblasso3-dev is the SAML 2.0 service provider (src/access/saml.c); simplesamlphp, php-cli and php-xml
# run the IdP of tests/sso/test_saml.sh.
# postgresql (its initdb and pg_ctl) runs the tests against a throwaway cluster (tests/pg/cluster.sh,
# make test DB=postgresql); libpq-dev builds the PostgreSQL backend.  postgresql-15-auto-failover
# (pg_autoctl) and haproxy run the high-availability test (make test-ha, docs/ha.md).  wdanish and
# wbritish (the word lists under /usr/share/dict) let the browser tests tell Danish words from English ones.
# rsyslog receives the audit entries skjold forwards by syslog (tests/cli/test_syslog.sh).
# Runs as root (or through sudo when available); a no-op when everything is there.
set -eu
PKGS="build-essential pkg-config libsqlite3-dev libpq-dev postgresql libjansson-dev libsodium-dev libcmocka-dev libmicrohttpd-dev libgnutls28-dev libinih-dev libcurl4-openssl-dev libssl-dev liblasso3-dev simplesamlphp php-cli php-xml sqlite3 jq python3 python3-igraph python3-networkx curl openssl chromium wrk nginx-light clang libclang-rt-dev libcairo2-dev libpango1.0-dev libzip-dev libxlsxwriter-dev fonts-dejavu-core qpdf poppler-utils python3-jsonschema python3-openpyxl python3-docx wdanish wbritish postgresql-15-auto-failover haproxy rsyslog"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The browser tests (playwright-core, tests/e2e/package.json) come from the npm registry:
# Node.js and npm from Debian when the machine has none.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
echo "skjold: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# another apt (a second build on the same machine) holds the lock for a while: wait for it
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >&2
