#!/bin/sh
# What a server keeps in memory on PostgreSQL, and what moves it (migration 14:
# src/store/sql/pg/014_gen_notify.sql, src/store/pgwatch.h), checked with psql beside skjold:
# auth_generation moves when a session ends or changes, a token is revoked, a user is disabled or
# renamed, a role is given, changed or taken; not for a session's idle clock, a failed login's
# count or a rolled-back change; once for a transaction of many changes.  Every move and every
# new write generation is announced on skjold_gen at the commit; a writer's barrier waits for a
# watch that does not answer no longer than 1 s, names it in its log and keeps the write.  Runs
# in the cluster SKJOLD_DB names when it names one (make test DB=postgresql), else in a
# throwaway cluster of its own under build/pg-gennotify/ (tests/pg/cluster.sh), stopped at the end.
#   tests/pg/test_gen_notify.sh build/release/skjold      (last line "RESULT passed failed")
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
. "$(dirname "$0")/../cli/lib.sh"
BIN=$SKJOLD_REAL
NAME=gn_$$
cleanup() {
	cd "$ROOT" || return
	[ -z "${SILENT:-}" ] || kill "$SILENT" 2>/dev/null
	pg_scratch_drop "$NAME"
	rm -rf "$TMP"
	pg_cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_cluster gennotify
pg_scratch "$NAME"
DB="$SKJOLD_PG_CLUSTER dbname=$NAME"
ORG=eksempel-kommune
S() { "$BIN" --db "$DB" --now 2026-12-01 "$@"; }
su_sql() { psql "$DB" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
gen() { su_sql "SELECT gen FROM auth_generation"; }
# moves CMD…: the command moves auth_generation by exactly one
moves() {
	before=$(gen)
	"$@" >out 2>err || { echo "  failed: $*" >&2; cat err >&2; return 1; }
	after=$(gen)
	[ "$after" -eq $((before + 1)) ] || { echo "  auth_generation $before -> $after, wanted +1: $*" >&2; return 1; }
}
# stays CMD…: the command leaves auth_generation as it was
stays() {
	before=$(gen)
	"$@" >out 2>err || { echo "  failed: $*" >&2; cat err >&2; return 1; }
	after=$(gen)
	[ "$after" -eq "$before" ] || { echo "  auth_generation $before -> $after, wanted no move: $*" >&2; return 1; }
}

check "the example into a fresh database (migrated to 14)" run 0 S import "$EXAMPLE"
check "  auth_generation is one row" sh -c "[ \"\$(psql '$DB' -X -A -t -c 'SELECT count(*) FROM auth_generation')\" = 1 ]"
check "a user added does not move it (nobody acts as the user yet)" stays S user add ida
check "a role given" moves S user role ida --org "$ORG" --role auditor
check "a role changed" moves S user role ida --org "$ORG" --role isk
check "a role taken" moves S user role ida --org "$ORG" --role none
S user role ida --org "$ORG" --role auditor >/dev/null 2>&1
UID_IDA=$(su_sql "SELECT uid FROM app_user WHERE name = 'ida'")
check "a session begun does not move it (no server has read it)" stays su_sql \
	"INSERT INTO session(hash, uid, csrf, created_ms, expires_ms, last_seen_ms) VALUES ('\\x01', $UID_IDA, 'c', 1, 9000000000000, 1)"
check "  its idle clock moved (session_touch) does not" stays su_sql "UPDATE session SET last_seen_ms = 2 WHERE hash = '\\x01'"
check "  its lifetime changed does" moves su_sql "UPDATE session SET expires_ms = 8000000000000 WHERE hash = '\\x01'"
check "  its end does" moves su_sql "DELETE FROM session WHERE hash = '\\x01'"
check "a failed login's count and lock do not" stays su_sql \
	"UPDATE app_user SET failed_logins = failed_logins + 1, locked_until_ms = 5 WHERE name = 'ida'"
check "a user disabled does" moves S user disable ida
check "  and enabled again" moves S user enable ida
check "a token made does not" stays S token add --user ida --org "$ORG" --role auditor --name t1
TID=$(jq -r .id out)
check "  revoked does" moves S token revoke "$TID" --org "$ORG"
check "a rolled-back change does not" stays su_sql "BEGIN; UPDATE app_user SET disabled = 1 WHERE name = 'ida'; ROLLBACK"
check "three role changes in one transaction move it once" moves su_sql \
	"BEGIN; UPDATE membership SET role = 'isk' WHERE uid = $UID_IDA; UPDATE membership SET role = 'auditor' WHERE uid = $UID_IDA; DELETE FROM membership WHERE uid = $UID_IDA; COMMIT"

# what is announced: psql LISTENs in the session that commits (PostgreSQL tells a session its own notifications)
notes() { psql "$DB" -X -q -A -t -c "LISTEN skjold_gen" -c "$1" 2>&1; }
G=$(gen)
notes "UPDATE app_user SET disabled = 1 WHERE name = 'ida'" >announced
check "a move is announced at the commit as 'a GEN'" has "payload \"a $((G + 1))\"" announced
su_sql "UPDATE app_user SET disabled = 0 WHERE name = 'ida'"
notes "BEGIN; UPDATE app_user SET disabled = 1 WHERE name = 'ida'; ROLLBACK" >announced
check "  a rolled-back one is not" sh -c "! grep -q 'Asynchronous notification' announced"
OG=$(su_sql "SELECT gen FROM org_generation WHERE org = '$ORG'")
notes "INSERT INTO org_generation(org, gen) VALUES ('$ORG', 1) ON CONFLICT (org) DO UPDATE SET gen = org_generation.gen + 1" >announced
check "an organisation's new write generation is announced as 'g GEN ORG'" has "payload \"g $((OG + 1)) $ORG\"" announced
RISK=$(S risk list --org "$ORG" | jq -r '.[0].id // .items[0].id')
OG=$(su_sql "SELECT gen FROM org_generation WHERE org = '$ORG'")
check "a write through skjold moves its organisation's generation" run 0 S risk update "$RISK" --org "$ORG" --title "Ny titel"
check "  by one" sh -c "[ \"\$(psql '$DB' -X -A -t -c \"SELECT gen FROM org_generation WHERE org = '$ORG'\")\" = $((OG + 1)) ]"

# a watch that never answers (psql named skjold-watch, LISTENing, asleep): the barrier waits 1 s, names it, keeps the write
PGAPPNAME=skjold-watch psql "$DB" -X -q -c "LISTEN skjold_gen" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
SILENT=$!
i=0
while [ "$(su_sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'skjold-watch' AND state = 'active'")" != 1 ] &&
	[ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
SILENT_PID=$(su_sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'skjold-watch'")
T0=$(date +%s%N)
check "a write beside a watch that does not answer succeeds" run 0 S risk update "$RISK" --org "$ORG" --title "Trods tavs vagt"
T1=$(date +%s%N)
check "  after waiting for it about 1 s, not longer" sh -c "[ $(((T1 - T0) / 1000000)) -ge 1000 ] && [ $(((T1 - T0) / 1000000)) -lt 5000 ]"
check "  its log names the silent watch" has "\"event\":\"barrier\",\"error\":\"no answer within 1000 ms from the watch connections $SILENT_PID\"" err
check "  and the write is there" sh -c "$BIN --db '$DB' risk show '$RISK' --org '$ORG' | jq -e '.title == \"Trods tavs vagt\"' >/dev/null"
kill "$SILENT" 2>/dev/null
SILENT=
finish
