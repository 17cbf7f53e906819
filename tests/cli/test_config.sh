#!/bin/sh
# The configuration file (docs/configuration.md): flag > environment > file >
# default for several settings, shown by `config show` and in effect; every
# kind of bad file refused with exit 2 naming the file, line, section and key,
# and nothing written; a world-writable file refused; a password masked; a
# server listening where the file says, with the file's log level, session
# lifetime and login throttle in effect.
. "$(dirname "$0")/lib.sh"
# only what each check sets: no SKJOLD_* from the caller's environment
for v in $(env | sed -n 's/^\(SKJOLD_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
S=$SKJOLD
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cat >c.conf <<EOF
# skjold's settings for the test
[database]
path = file.db

[cli]
actor = file-actor

[server]
  listen = 127.0.0.1:$PORT   ; indented, with a comment
threads = 3
max_per_ip = 50

[session]
lifetime_s = 2

[throttle]
lock_after = 2

[log]
level = warn
EOF
chmod 640 c.conf

# ---- precedence: what config show says ----
run 0 $S --config c.conf config show --format json
cp out show-file.json
check "file: [database] path from file:3" jqt '.settings.database.path | .value == "file.db" and .from == "file:3"' out
check "file: [server] threads from file:10" jqt '.settings.server.threads | .value == 3 and .from == "file:10"' out
check "file: an indented key with a comment is read" jqt ".settings.server.listen | .value == \"127.0.0.1:$PORT\" and .from == \"file:9\"" out
check "file: [cli] actor from the file" jqt '.settings.cli.actor | .value == "file-actor" and .from == "file:6"' out
check "default: [server] max_connections 4096" jqt '.settings.server.max_connections | .value == 4096 and .from == "default"' out
check "default: [session] idle_timeout_s 3600" jqt '.settings.session.idle_timeout_s | .value == 3600 and .from == "default"' out
check "default: tls_cert unset" jqt '.settings.server.tls_cert | .value == null and .from == "default"' out
check "the file is named and read" jqt '.file | .path == "c.conf" and .from == "flag --config" and .loaded' out
check "every setting is shown" jqt '[.settings[][]] | length == 45' out
check "default: [audit] syslog unset, format cef, facility authpriv" \
	jqt '.settings.audit | .syslog.value == null and .syslog_format.value == "cef" and .syslog_facility.value == "authpriv"' out
run 0 env SKJOLD_DB=env.db SKJOLD_THREADS=4 SKJOLD_LOG_LEVEL=debug SKJOLD_ACTOR=env-actor \
	$S --config c.conf config show --format json
check "env over file: SKJOLD_DB" jqt '.settings.database.path | .value == "env.db" and .from == "env SKJOLD_DB"' out
check "env over file: SKJOLD_THREADS" jqt '.settings.server.threads | .value == 4 and .from == "env SKJOLD_THREADS"' out
check "env over file: SKJOLD_LOG_LEVEL" jqt '.settings.log.level | .value == "debug" and .from == "env SKJOLD_LOG_LEVEL"' out
check "file still under env: max_per_ip" jqt '.settings.server.max_per_ip | .value == 50 and .from == "file:11"' out
run 0 env SKJOLD_DB=env.db SKJOLD_THREADS=4 SKJOLD_LOG_LEVEL=debug SKJOLD_ACTOR=env-actor \
	$S --config c.conf --db flag.db --actor flag-actor config show --format json --threads 5 --log-level error
# on PostgreSQL the test wrapper gives --db flag.db a database of its own (tests/pg/skjold.sh)
want=flag.db
[ -n "${SKJOLD_PG_CLUSTER:-}" ] && want="$SKJOLD_PG_CLUSTER dbname=$(pgname flag.db)"
check "flag over env: --db" jqt ".settings.database.path | .value == \"$want\" and .from == \"flag --db\"" out
check "flag over env: --actor" jqt '.settings.cli.actor | .value == "flag-actor" and .from == "flag --actor"' out
check "flag over env: --threads" jqt '.settings.server.threads | .value == 5 and .from == "flag --threads"' out
check "flag over env: --log-level" jqt '.settings.log.level | .value == "error" and .from == "flag --log-level"' out
run 0 env SKJOLD_CONFIG=c.conf $S config show --format json
check "SKJOLD_CONFIG names the file" jqt '.file.from == "env SKJOLD_CONFIG" and .settings.database.path.from == "file:3"' out
if [ ! -e /etc/skjold/skjold.conf ]; then
	run 0 $S config show --format json
	check "a missing default file is no error" jqt '.file | .path == "/etc/skjold/skjold.conf" and .from == "default" and (.loaded | not)' out
	check "without a file every setting is its default" jqt '[.settings[][] | .from] | unique == ["default"]' out
	check "the default database is skjold.db" jqt '.settings.database.path.value == "skjold.db"' out
fi

# ---- examples/skjold.conf: every key, each at its default ----
EX=$ROOT/examples/skjold.conf
run 0 $S --config "$EX" config show --format json
check "examples/skjold.conf is accepted as it is" jqt '.file.loaded and ([.settings[][] | .from] | unique == ["default"])' out
jq -c '[.settings[][] | .value]' out >defaults.json
# every key uncommented but the examples that are not defaults (actor, TLS, threads, trusted proxies, syslog,
# single sign-on's)
sed 's/^; \([a-z_]* = \)/\1/' "$EX" |
	grep -vE '^(actor|tls_cert|tls_key|threads|trusted_proxies|syslog|issuer|client_id|client_secret|client_secret_file|redirect_uri|group_map|api_audience) = ' >ex.conf
chmod 600 ex.conf
run 0 $S --config ex.conf config show --format json
check "examples/skjold.conf uncommented: read from the file" jqt '[.settings[][] | select(.from | startswith("file:"))] | length == 23' out
check "  with the defaults' values" sh -c "jq -c '[.settings[][] | .value]' out | cmp -s - defaults.json"
check "  and every key of the table" sh -c "test \$(grep -cE '^; [a-z_]+ = ' '$EX') -eq 36"

# ---- precedence: in effect ----
run 0 $S --config c.conf org add --id a --name A --kind bank
check "file: the database the file names is used" test -f file.db
run 0 $S --config c.conf audit log --org a
check "file: the actor the file names is recorded" jqt '.[0].actor == "file-actor"' out
run 0 env SKJOLD_DB=env.db SKJOLD_ACTOR=env-actor $S --config c.conf org add --id a --name A --kind bank
run 0 env SKJOLD_DB=env.db $S --config c.conf audit log --org a
check "env: the database and actor of the environment" jqt '.[0].actor == "env-actor"' out
run 0 env SKJOLD_DB=env.db SKJOLD_ACTOR=env-actor $S --config c.conf --db flag.db --actor flag-actor \
	org add --id a --name A --kind bank
run 0 $S --db flag.db audit log --org a
check "flag: the database and actor of the flags" jqt '.[0].actor == "flag-actor"' out
run 0 $S --config c.conf org list
check "the file's database holds only its own organisation" jqt 'length == 1' out

# ---- config show as text ----
run 0 env SKJOLD_THREADS=4 $S --config c.conf config show
check "text: a value from the file" grep -qE '^path = file.db +; file:3$' out
check "text: a value from the environment" grep -qE '^threads = 4 +; env SKJOLD_THREADS$' out
check "text: a default" grep -qE '^max_connections = 4096 +; default$' out
check "text: an unset setting is commented out" grep -qE '^; tls_cert = +; default \(unset\)$' out
check "text: the sections" sh -c "grep -c '^\[' out | grep -qx 10"
run 0 $S --config c.conf config show --session-lifetime-s 60
check "text: a flag" grep -qE '^lifetime_s = 60 +; flag --session-lifetime-s$' out
cp out shown.conf
chmod 600 shown.conf
run 0 $S --config shown.conf config show --format json
check "the text is itself a configuration file" jqt '.settings.session.lifetime_s.value == 60 and .settings.database.path.value == "file.db"' out

# ---- a password is masked ----
printf '[database]\npath = postgresql://skjold:s3cret@db.example/skjold?password=other&sslmode=require\n' >pg.conf
run 0 $S --config pg.conf config show --format json
check "json: the URL's password masked" jqt '.settings.database.path.value == "postgresql://skjold:***@db.example/skjold?password=***&sslmode=require"' out
run 0 $S --config pg.conf config show
check "text: the URL's password masked" sh -c "grep -q 'skjold:\*\*\*@db.example' out && ! grep -q s3cret out && ! grep -q other out"
printf '[database]\npath = postgresql://skjold:p@ss@db.example:5432/skjold\n' >pg.conf
run 0 $S --config pg.conf config show --format json
check "json: a password with an @ masked whole" jqt '.settings.database.path.value == "postgresql://skjold:***@db.example:5432/skjold"' out
printf '[database]\npath = postgresql://db.example/skjold\n' >pg.conf
run 0 $S --config pg.conf config show --format json
check "json: a URL without a password as it is" jqt '.settings.database.path.value == "postgresql://db.example/skjold"' out
# single sign-on's settings: from the file, the environment and the flag; the client secret never shown
printf '[oidc]\nissuer = https://idp.example/realms/s\nclient_secret = s3cret-of-the-client\ngroup_map = g1=a:isk, g2=b:auditor\n' >sso.conf
chmod 600 sso.conf
run 0 env SKJOLD_OIDC_CLIENT_ID=skjold $S --config sso.conf config show --format json --oidc-clock-skew-s 5
check "oidc: issuer from the file, client id from the environment, skew from the flag" jqt \
	'.settings.oidc | .issuer.from == "file:2" and .client_id.value == "skjold" and .clock_skew_s.value == 5 and .clock_skew_s.from == "flag --oidc-clock-skew-s"' out
check "oidc: defaults of the claims and the skew" jqt '.settings.oidc | .username_claim.value == "preferred_username" and .groups_claim.value == "groups"' out
run 0 env SKJOLD_SAML_SP_ENTITY_ID=https://skjold.test/saml $S --config sso.conf config show --format json --saml-clock-skew-s 7
check "saml: entity id from the environment, skew from the flag, the attributes' defaults" jqt \
	'.settings.saml | .sp_entity_id.value == "https://skjold.test/saml" and .clock_skew_s.value == 7 and .username_attribute.value == "NameID" and .groups_attribute.value == "http://schemas.xmlsoap.org/claims/Group"' out
check "oidc: the client secret masked" jqt '.settings.oidc.client_secret.value == "***"' out
run 0 $S --config sso.conf config show
check "oidc: the client secret not in the text either" sh -c "! grep -q s3cret out"

# ---- errors: exit 2, file, line, section and key named, nothing written ----
before=$(dbsum file.db)
# bad NAME LINE TEXT PATTERN: the file with TEXT is refused, naming b.conf:LINE and PATTERN
bad() {
	name=$1 line=$2 text=$3 pattern=$4
	printf '%b' "$text" >b.conf
	chmod 644 b.conf
	check "refused: $name" run 2 $S --config b.conf --db file.db org add --id b --name B --kind bank
	check "  names b.conf:$line and says $pattern" grep -qF -- "skjold: b.conf:$line: $pattern" err
	check "  nothing written" test "$(dbsum file.db)" = "$before"
}
bad "a bad number" 3 '[server]\nlisten = 127.0.0.1:1\nthreads = many\n' "[server] threads must be a whole number from 1 to 100000, not 'many'"
bad "a number out of range" 2 '[session]\nlifetime_s = 0\n' "[session] lifetime_s must be a whole number from 1 to 604800, not '0'"
bad "a number too large" 2 '[throttle]\nlock_after = 101\n' "[throttle] lock_after must be a whole number from 1 to 100"
bad "a negative number" 2 '[server]\ntimeout_s = -5\n' "[server] timeout_s must be a whole number"
bad "a bad listen address" 2 '[server]\nlisten = localhost:8080\n' "[server] listen 'localhost:8080': 'localhost' is not an IPv4 address"
bad "an oidc issuer over plain http" 2 '[oidc]\nissuer = http://idp.example\n' "[oidc] issuer must be an https:// URL"
bad "an oidc group map without a role" 2 '[oidc]\ngroup_map = g1=kommune\n' "[oidc] group_map: group map entry"
bad "a saml group map without a role" 2 '[saml]\ngroup_map = g1=kommune\n' "[saml] group_map: group map entry"
bad "a saml acs_url over plain http" 2 '[saml]\nacs_url = http://skjold.example/api/v1/auth/saml/acs\n' "[saml] acs_url must be an https:// URL"
bad "a listen port out of range" 2 '[server]\nlisten = 127.0.0.1:70000\n' "[server] listen '127.0.0.1:70000': the port must be 1..65535"
bad "a listen address without a port" 2 '[server]\nlisten = 127.0.0.1\n' "[server] listen '127.0.0.1': give ADDRESS:PORT"
bad "a trusted proxy that is no address" 2 '[server]\ntrusted_proxies = 10.0.0.1, proxy.local\n' "[server] trusted_proxies: 'proxy.local' is not an IPv4 or IPv6 address"
bad "a bad log level" 4 '[log]\n\n; verbose please\nlevel = verbose\n' "[log] level must be error, warn, info or debug, not 'verbose'"
bad "an unknown section" 3 '[server]\nthreads = 2\n[sever]\n' "[sever]: unknown section"
bad "a syslog target of another scheme" 2 '[audit]\nsyslog = ftp://127.0.0.1:514\n' "[audit] syslog 'ftp://127.0.0.1:514': must be udp://HOST:PORT, tcp://HOST:PORT or unix:/PATH"
bad "a syslog target without a port" 2 '[audit]\nsyslog = udp://127.0.0.1\n' "[audit] syslog 'udp://127.0.0.1': needs a host and a port 1..65535"
bad "a relative unix socket" 2 '[audit]\nsyslog = unix:dev/log\n' "[audit] syslog 'unix:dev/log': unix: takes an absolute socket path"
bad "a bad syslog format" 3 '[audit]\nsyslog = tcp://[::1]:514\nsyslog_format = xml\n' "[audit] syslog_format must be cef or json, not 'xml'"
bad "a bad syslog facility" 2 '[audit]\nsyslog_facility = authz\n' "[audit] syslog_facility must be a syslog facility"
bad "an unknown key" 2 '[session]\nidle_minutes = 5\n' "[session] idle_minutes: unknown key (the keys of [session]: idle_timeout_s, lifetime_s)"
bad "a key of another section" 2 '[server]\nlevel = info\n' "[server] level: unknown key"
bad "a key before any section" 1 'threads = 2\n' "threads: a key before the first [section]"
bad "a key given twice" 4 '[server]\nthreads = 2\n\nthreads = 3\n' "[server] threads is given twice (first on line 2)"
bad "a line that is no key" 2 '[server]\nthreads\n' "not a [section], a key = value or a comment"
bad "an unclosed section" 1 '[server\n' "not a [section], a key = value or a comment"
bad "an empty value" 2 '[cli]\nactor =\n' "[cli] actor must not be empty"
bad "a line too long" 2 "[database]\npath = $(head -c 300 /dev/zero | tr '\0' x)\n" "the line is longer than"
bad "lock_max_s under lock_base_s" 3 '[throttle]\nlock_base_s = 60\nlock_max_s = 30\n' "[throttle] lock_max_s must be at least the first lock, lock_base_s (60 s), not 30"

printf '[server]\nthreads = 2\n' >ww.conf
chmod 666 ww.conf
check "refused: a world-writable file" run 2 $S --config ww.conf --db file.db org list
check "  says why and how to fix it" grep -qF "skjold: ww.conf: the configuration file ww.conf is writable by every user (mode 666): refused; chmod o-w ww.conf" err
chmod 664 ww.conf
check "a group-writable file is read" run 0 $S --config ww.conf --db file.db org list
check "refused: a missing --config file" run 2 $S --config nope.conf --db file.db org list
check "  names it" grep -qF "skjold: --config: cannot read the configuration file nope.conf: No such file or directory" err
check "refused: a missing \$SKJOLD_CONFIG file" run 2 env SKJOLD_CONFIG=nope.conf $S --db file.db org list
check "  names it" grep -qF "skjold: SKJOLD_CONFIG: cannot read the configuration file nope.conf" err
{ echo '[server]'; head -c 1100000 /dev/zero | tr '\0' '\n'; } >big.conf
check "refused: a file over 1 MiB" run 2 $S --config big.conf --db file.db org list
check "  says so" grep -qF "big.conf is larger than 1048576 bytes" err
mkdir -p adir
check "refused: a directory" run 2 $S --config adir --db file.db org list
check "  says so" grep -qF "adir is not a regular file" err
check "refused: a bad value in the environment" run 2 env SKJOLD_MAX_PER_IP=lots $S --config c.conf org list
check "  names the variable" grep -qF "skjold: SKJOLD_MAX_PER_IP: SKJOLD_MAX_PER_IP must be a whole number from 1 to 100000, not 'lots'" err
check "refused: a bad log level in the environment" run 2 env SKJOLD_LOG_LEVEL=loud $S --config c.conf org list
check "refused: a bad syslog target in the environment" run 2 env SKJOLD_SYSLOG=udp://:514 $S --config c.conf org list
check "  names the variable" grep -qF "skjold: SKJOLD_SYSLOG: SKJOLD_SYSLOG 'udp://:514': needs a host and a port" err
check "refused: a bad --syslog-facility (a flag of every command)" run 2 $S --config c.conf --syslog-facility lokal0 org list
check "  names the flag" grep -qF "skjold: --syslog-facility: --syslog-facility must be a syslog facility" err
check "refused: a bad --syslog-format" run 2 $S --config c.conf org list --syslog-format cefx
check "  names the flag" grep -qF "skjold: --syslog-format: --syslog-format must be cef or json, not 'cefx'" err
check "refused: a bad flag" run 2 $S --config c.conf serve --throttle-lock-after 0
check "  names the flag" grep -qF "skjold: --throttle-lock-after: --throttle-lock-after must be a whole number from 1 to 100, not '0'" err
check "refused: an empty --db" run 2 $S --config c.conf --db '' org list
check "refused: config show --format xml" run 2 $S --config c.conf config show --format xml
check "refused: config without show" run 2 $S --config c.conf config
check "nothing written by any refusal" test "$(dbsum file.db)" = "$before"

# ---- the server: listen, log level, session lifetime and throttle from the file ----
run 0 $S --config c.conf user add anne --display-name Anne
PW_ANNE=$(jq -r .password out)
run 0 $S --config c.conf user add bob --display-name Bob
PW_BOB=$(jq -r .password out)
$S --config c.conf serve 2>server.log &
PID=$!
up=1
for i in $(seq 1 100); do curl -s "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && up=0 && break; sleep 0.1; done
check "the server listens where the file says" test $up -eq 0
curl -s "http://127.0.0.1:$PORT/api/v1/health" >health.json
check "  /api/v1/health answers ok" jqt '.status == "ok"' health.json
check "  [log] level = warn: no info lines (start, requests)" sh -c "! grep -q '\"listening\"\|\"method\"' server.log"
login() { # login USER PASSWORD: the status of POST /api/v1/login (cookie in jar.USER)
	curl -s -o login.json -w '%{http_code}' -c "jar.$1" -H 'Content-Type: application/json' \
		-d "{\"user\":\"$1\",\"password\":\"$2\"}" "http://127.0.0.1:$PORT/api/v1/login"
}
session() { curl -s -o /dev/null -w '%{http_code}' -b "jar.$1" "http://127.0.0.1:$PORT/api/v1/session"; }
check "  anne logs in" test "$(login anne "$PW_ANNE")" = 200
check "  her session is valid" test "$(session anne)" = 200
sleep 2.5
check "  [session] lifetime_s = 2: it has ended 2.5 s later" test "$(session anne)" = 401
check "  bob: a wrong password" test "$(login bob wrong-password-1)" = 401
check "  bob: a second wrong password" test "$(login bob wrong-password-2)" = 401
check "  [throttle] lock_after = 2: now locked, even with his password" test "$(login bob "$PW_BOB")" = 429
check "  anne is not locked" test "$(login anne "$PW_ANNE")" = 200
kill -TERM $PID
wait $PID
check "the server stops on SIGTERM with status 0" test $? -eq 0
check "  nothing about the settings leaked into the log at warn" sh -c "! grep -q '\"settings\"' server.log"

# the same file at debug: the settings in effect are logged at start
sed 's/^level = warn/level = debug/' c.conf >d.conf
chmod 600 d.conf
$S --config d.conf serve 2>server-debug.log &
PID=$!
for i in $(seq 1 100); do curl -s "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -s "http://127.0.0.1:$PORT/api/v1/health" >/dev/null
kill -TERM $PID
wait $PID
check "[log] level = debug: the settings at start" grep -q '"server":"settings".*"lifetime_s":{"value":2,"from":"file:14"' server-debug.log
check "  and the request lines" grep -q '"path":"/api/v1/health"' server-debug.log
finish
