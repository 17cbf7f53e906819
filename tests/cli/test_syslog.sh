#!/bin/sh
# Audit entries forwarded by syslog (issue 18, [audit] syslog): checked against a real rsyslog,
# started here in the foreground with a configuration and work directory of its own, listening
# with imudp and imtcp on a free loopback port and writing, per message, the raw message and the
# fields it parsed (PRI, the RFC 3339 timestamp, APP-NAME, MSGID, MSG) to files.  Entries arrive
# over UDP and TCP (RFC 6587 octet counting; a transaction of many entries), from the shell and
# from `skjold serve`, as CEF or JSON, each once its write committed; with rsyslog stopped every
# write still succeeds, within a second, and the failure is logged once per burst.
#   tests/cli/test_syslog.sh build/release/skjold
. "$(dirname "$0")/lib.sh"
command -v rsyslogd >/dev/null 2>&1 || { echo "FAIL: rsyslogd is not installed (apt-get install -y rsyslog)"; echo "RESULT 0 1"; exit 1; }
S="$SKJOLD --db s.db"
PORT=$(python3 -c 'import socket
while True:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass')
RS=$TMP/rsyslog
mkdir -p "$RS/work"
cat >"$RS/rsyslog.conf" <<CONF
\$WorkDirectory $RS/work
module(load="imudp")
module(load="imtcp")
module(load="imuxsock" SysSock.Use="off")
template(name="fields" type="string" string="%pri%|%timereported:::date-rfc3339%|%app-name%|%procid%|%msgid%|%msg%\n")
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="skjold") {
	action(type="omfile" file="$RS/fields.log" template="fields")
	action(type="omfile" file="$RS/raw.log" template="raw")
}
input(type="imudp" address="127.0.0.1" port="$PORT" ruleset="skjold")
input(type="imtcp" address="127.0.0.1" port="$PORT" ruleset="skjold")
input(type="imuxsock" Socket="$RS/log.sock" ruleset="skjold" UseSpecialParser="off" ParseHostname="on")
CONF
RSPID=
rs_start() {
	rsyslogd -n -f "$RS/rsyslog.conf" -i "$RS/rsyslog.pid" >>"$RS/rsyslogd.out" 2>&1 &
	RSPID=$!
	for i in $(seq 1 100); do
		python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), timeout=0.2).close()" 2>/dev/null && [ -S "$RS/log.sock" ] && return 0
		sleep 0.1
	done
	return 1
}
rs_stop() {
	[ -n "$RSPID" ] || return 0
	kill "$RSPID" 2>/dev/null
	wait "$RSPID" 2>/dev/null
	RSPID=
}
SPID=
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rs_stop
	[ -n "${KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT
# wait_lines N: until fields.log has N lines (5 s at most)
wait_lines() {
	for i in $(seq 1 50); do
		[ "$(cat "$RS/fields.log" 2>/dev/null | wc -l)" -ge "$1" ] && return 0
		sleep 0.1
	done
	echo "  fields.log has $(cat "$RS/fields.log" 2>/dev/null | wc -l) lines, wanted $1" >&2
	return 1
}
# field LINE N: field N of fields.log's line LINE (the message, field 6, may hold |)
field() { sed -n "$1p" "$RS/fields.log" | cut -d'|' -f"$2"; }
# ms COMMAND…: how long the command took, in milliseconds (its output in out, err)
ms() {
	t0=$(date +%s%N)
	"$@" >out 2>err
	echo $((($(date +%s%N) - t0) / 1000000))
}

check "rsyslogd starts and listens on 127.0.0.1:$PORT (UDP, TCP) and a Unix socket" rs_start

# ---- UDP, CEF, authpriv: the fields rsyslog parsed
check "a write from the shell with --syslog udp://" run 0 \
	$S --syslog "udp://127.0.0.1:$PORT" --now 2026-03-02T14:05:00.123+01:00 org add --id alfa --name Alfa --kind bank
check "  arrives" wait_lines 1
check "  PRI 86: authpriv (10) * 8 + informational (6)" test "$(field 1 1)" = 86
check "  the timestamp: Copenhagen time with milliseconds and offset" test "$(field 1 2)" = 2026-03-02T14:05:00.123+01:00
check "  APP-NAME skjold" test "$(field 1 3)" = skjold
check "  PROCID a process id" sh -c "field() { sed -n \"\$1p\" '$RS/fields.log' | cut -d'|' -f\"\$2\"; }; field 1 4 | grep -qx '[0-9][0-9]*'"
check "  MSGID the action" test "$(field 1 5)" = create
run 0 $S audit export --since 2000-01-01 --format cef
check "  MSG the entry's CEF line, as the export writes it" test "$(sed -n 1p "$RS/fields.log" | cut -d'|' -f6-)" = "$(sed -n 1p out)"
check "  the raw message: <86>1 TIMESTAMP HOSTNAME skjold PROCID create - CEF:0|…" \
	sh -c "sed -n 1p '$RS/raw.log' | grep -q '^<86>1 2026-03-02T14:05:00.123+01:00 [^ ]* skjold [0-9]* create - CEF:0|skjold|skjold|1|create|create organisation|3|rt=1772456700123 externalId=1 '"
check "a summer instant carries +02:00" run 0 \
	$S --syslog "udp://127.0.0.1:$PORT" --now 2026-07-01T12:00:00Z org update alfa --name "Alfa A/S"
check "  arrives" wait_lines 2
check "  2026-07-01T14:00:00.000+02:00" test "$(field 2 2)" = 2026-07-01T14:00:00.000+02:00
check "  MSGID update" test "$(field 2 5)" = update

# ---- TCP, JSON, local3: one transaction of many entries, octet-counted
n0=$(wc -l <"$RS/fields.log")
check "an import (one transaction) with --syslog tcp:// --syslog-format json --syslog-facility local3" run 0 \
	$S --syslog "tcp://127.0.0.1:$PORT" --syslog-format json --syslog-facility local3 import "$EXAMPLE"
run 0 $S audit export --since 2000-01-01 --format jsonl
cp out all.jsonl
total=$(wc -l <all.jsonl)
check "  every entry arrives" wait_lines "$total"
sed -n "$((n0 + 1)),\$p" "$RS/fields.log" | cut -d'|' -f6- >tcp.msg
check "  each MSG the entry's JSON line, in seq order" sh -c "sed -n '$((n0 + 1)),\$p' all.jsonl | cmp -s - tcp.msg"
check "  PRI 158: local3 (19) * 8 + informational (6)" test "$(field $((n0 + 1)) 1)" = 158
check "  the raw messages are whole: no framing left in them" sh -c "sed -n '$((n0 + 1)),\$p' '$RS/raw.log' | grep -v -c '^<158>1 ' | grep -qx 0"

# ---- a removal: warning, from the environment; unix: from a configuration file
n0=$(wc -l <"$RS/fields.log")
run 0 $S node add --org alfa --id tmp --kind system --name Tmp
check "a delete with SKJOLD_SYSLOG in the environment" run 0 env SKJOLD_SYSLOG="udp://127.0.0.1:$PORT" \
	$S node delete --org alfa tmp
check "  arrives" wait_lines $((n0 + 1))
check "  PRI 84: authpriv * 8 + warning (4), CEF severity 7" sh -c "tail -n 1 '$RS/fields.log' | grep -q '^84|.*|delete|CEF:0|skjold|skjold|1|delete|delete node|7|'"
printf '[audit]\nsyslog = unix:%s\nsyslog_format = json\n' "$RS/log.sock" >unix.conf
chmod 600 unix.conf
check "a write with [audit] syslog = unix:/… in the file" run 0 $S --config unix.conf user add ulla
check "  arrives over the Unix socket" wait_lines $((n0 + 2))
check "  as JSON, of the user" sh -c "tail -n 1 '$RS/fields.log' | cut -d'|' -f6- | jq -e '.entity == \"user\" and .key == \"ulla\" and .org == null' >/dev/null"

# ---- nothing for what is not committed
n0=$(wc -l <"$RS/fields.log")
check "a refused write" run 2 $S --syslog "tcp://127.0.0.1:$PORT" org add --id alfa --name Again --kind bank
check "a write that changes nothing of the audit log (a read)" run 0 $S --syslog "tcp://127.0.0.1:$PORT" org list
sleep 0.5
check "  send nothing" test "$(wc -l <"$RS/fields.log")" -eq "$n0"

# ---- skjold serve
run 0 $S user add ops
run 0 $S user role ops --org alfa --role isk
TOKEN=$($S token add --user ops --org alfa --role isk --name t | jq -r .token)
HPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$S serve --listen "127.0.0.1:$HPORT" --syslog "tcp://127.0.0.1:$PORT" 2>serve.log &
SPID=$!
for i in $(seq 1 100); do curl -s "http://127.0.0.1:$HPORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
post() { # post ID: create node ID in alfa through the API; prints the status
	curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"id\":\"$1\",\"kind\":\"system\",\"name\":\"$1\"}" "http://127.0.0.1:$HPORT/api/v1/orgs/alfa/nodes"
}
n0=$(wc -l <"$RS/fields.log")
check "a write through the API of skjold serve --syslog tcp://" test "$(post api-1)" = 201
check "  arrives" wait_lines $((n0 + 1))
check "  by the API's actor, in alfa" sh -c "tail -n 1 '$RS/fields.log' | grep -q '|create|CEF:.*suser=ops (token [0-9]*) act=create cs1Label=organisation cs1=alfa cs2Label=entity cs2=node cs3Label=key cs3=api-1 '"

# ---- rsyslog stopped: writes go on, quickly; the failure is logged once per burst
rs_stop
check "rsyslog stopped" sh -c "! python3 -c \"import socket; socket.create_connection(('127.0.0.1', $PORT), timeout=0.2)\" 2>/dev/null"
slow=0
for i in 2 3 4 5 6; do
	t0=$(date +%s%N)
	code=$(post "api-$i")
	t=$((($(date +%s%N) - t0) / 1000000))
	[ "$code" = 201 ] || slow=$((slow + 1000000))
	[ "$t" -lt 1000 ] || slow=$((slow + 1))
	echo "  API write $i: $code in $t ms" >&2
done
check "five API writes succeed, each within a second" test "$slow" -eq 0
check "  the failure logged once" sh -c "test \$(grep -c '\"syslog\":\"failed\"' serve.log) -eq 1"
check "  naming the target" grep -q "\"target\":\"tcp://127.0.0.1:$PORT\"" serve.log
check "  all five written" run 0 $S node list --org alfa
check "    (api-2 … api-6)" jqt '[.[] | select(.id | startswith("api-"))] | length == 6' out
t=$(ms $S --syslog "udp://127.0.0.1:$PORT" org add --id beta --name Beta --kind bank)
check "a shell write over UDP succeeds (in $t ms)" test "$t" -lt 1000
t=$(ms $S --syslog "tcp://127.0.0.1:$PORT" org add --id gamma --name Gamma --kind bank)
check "a shell write over TCP succeeds (in $t ms), logging the failure" sh -c "test $t -lt 1000 && grep -q '\"syslog\":\"failed\"' err"
check "  written" run 0 $S org show gamma
t=$(ms $S --syslog "unix:$RS/log.sock" org add --id delta --name Delta --kind bank)
check "a shell write to a Unix socket nobody reads succeeds (in $t ms)" test "$t" -lt 1000
check "  logging the failure" grep -q '"syslog":"failed"' err

# ---- rsyslog back: the server resumes, says how many were dropped
: >"$RS/fields.log"
check "rsyslog started again" rs_start
sleep 1.2
ok=0
for i in 7 8 9 10 11 12; do
	post "api-$i" >/dev/null
	[ -s "$RS/fields.log" ] && { ok=1; break; }
	sleep 1
done
check "an API write after that arrives again" test "$ok" -eq 1
check "  the server logged the end of the burst with the count dropped" grep -q '"syslog":"resumed".*"dropped":[1-9]' serve.log
check "  and no second failure" sh -c "test \$(grep -c '\"syslog\":\"failed\"' serve.log) -eq 1"
kill "$SPID"
wait "$SPID"
src=$?
SPID=
check "the server stops cleanly" test "$src" -eq 0
check "  logging the totals sent and dropped" grep -q '"syslog":"totals","sent":[1-9][0-9]*,"dropped":[1-9]' serve.log
check "the audit chain holds" run 0 $S audit verify
finish
