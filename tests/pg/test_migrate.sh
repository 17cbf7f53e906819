#!/bin/sh
# skjold migrate (issue 16; docs/operations.md "Moving between backends"): the example
# municipality with the example sector forum and its activity, a user with a role, API tokens
# (one revoked) and a signed-in session, copied SQLite -> PostgreSQL -> a new SQLite file ->
# another SQLite file.  Each copy has the source's logical content (`db dump`: the same lines
# but for one more audit entry, 'migrate', per move; `db checksum` before it is the one the
# command reports), the same `export`, and an audit chain that verifies; the token and the
# session still sign in through a server on the PostgreSQL copy.  Refusals change nothing: a
# target that holds data (PostgreSQL and SQLite), an unreachable target, a URL of no database,
# no --to, the source itself (a file, or a PostgreSQL database under another conninfo), a source
# whose audit chain is broken (the target file it created
# is removed again); and a copy that fails half-way (a trigger in the target refuses the forum's
# items) leaves the target without data, on PostgreSQL and on SQLite, and so does one killed
# half-way (kill -9).
# Runs in the cluster SKJOLD_DB names when it names one (make test DB=postgresql), else in a
# throwaway cluster of its own under build/pg-migrate/ (tests/pg/cluster.sh), stopped at the
# end; skipped (and says so) only where PostgreSQL's server binaries are not installed.
#   tests/pg/test_migrate.sh build/release/skjold      (last line "RESULT passed failed")
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
. "$(dirname "$0")/../cli/lib.sh"
BIN=$SKJOLD_REAL
NOW=2026-11-02T09:00:00Z
ORG=eksempel-kommune
SERVER=
DBS="p q k r" # the databases pgdb makes (in command substitutions: their names are fixed here)
stop() { [ -z "$SERVER" ] || { kill "$SERVER"; wait "$SERVER"; }; SERVER=; }
cleanup() {
	stop
	for d in $DBS; do
		[ -z "$own" ] && [ -n "${SKJOLD_PG_CLUSTER:-}" ] &&
			psql "$SKJOLD_PG_CLUSTER" -X -q -c "DROP DATABASE IF EXISTS mig_${d}_$$ WITH (FORCE)" >/dev/null 2>&1
	done
	cd "$ROOT" || return
	[ -n "${KEEP:-}" ] || rm -rf "$TMP"
	pg_cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${SKJOLD_PG_CLUSTER:-}" ]; then # lib.sh sets it when SKJOLD_DB names a cluster
	if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
		echo "SKIP: no PostgreSQL server binaries under /usr/lib/postgresql (scripts/install-deps.sh installs them)"
		finish
		exit
	fi
fi
pg_cluster migrate
pgdb() { # pgdb NAME: a fresh, empty database of the cluster (NAME one of DBS); prints its conninfo
	name=mig_$1_$$
	psql "$SKJOLD_PG_CLUSTER" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null &&
		echo "$SKJOLD_PG_CLUSTER dbname=$name"
}
sk() { db=$1; shift; "$BIN" --db "$db" --now "$NOW" "$@"; }
sum() { sk "$1" db checksum | jq -r '.checksum // "failed"'; }
rows() { sk "$1" db checksum | jq -r '.rows // "failed"'; }
run_fails() { "$@" >out 2>err && { echo "  succeeded: $*" >&2; return 1; }; return 0; }
errhas() { grep -q -- "$1" err || { echo "  '$1' not in stderr:" >&2; cat err >&2; return 1; }; }
# the lines of dump $2 that dump $1 does not have, and none the other way
added() { diff "$1" "$2" | grep '^[<>]' >added.txt; ! grep -q '^<' added.txt; }
only_migrate_entries() { # only_migrate_entries N: added.txt is N audit rows of action migrate
	[ "$(wc -l <added.txt)" -eq "$1" ] &&
		[ "$(grep -c "^> audit	[0-9]*	[0-9]*	[^	]*	migrate	database	" added.txt)" -eq "$1" ] ||
		{ echo "  added lines:" >&2; head -c 1200 added.txt >&2; return 1; }
}

# ---- the source: everything there is -------------------------------------------
check "import the example" run 0 sk a.db import "$EXAMPLE"
check "  its threat catalogue" run 0 sk a.db threat load-defaults --org $ORG
check "the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$BIN" a.db "$NOW"
check "  and its activity" run 0 sh "$ROOT/scripts/example-forum-activity.sh" "$BIN" a.db "$NOW"
check "a user" run 0 sk a.db user add tess
PW=$(jq -r .password out)
check "  with a role" run 0 sk a.db user role tess --org $ORG --role isk
check "  an API token" run 0 sk a.db token add --user tess --org $ORG --role isk --name reader
TOKEN=$(jq -r .token out)
check "  and one revoked" run 0 sk a.db token add --user tess --org $ORG --role isk --name old
OLD=$(jq -r .id out)
check "  (revoke)" run 0 sk a.db token revoke "$OLD" --org $ORG

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
serve() { # serve DB: skjold serve on DB in the background until stop
	"$BIN" --db "$1" serve --listen 127.0.0.1:$PORT 2>>serve.log &
	SERVER=$!
	for _ in $(seq 1 100); do curl -sf "$URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}
check "serve the source" serve a.db
check "  a session: tess signs in" curl -sf -o login.out -c jar -H 'Content-Type: application/json' \
	--data "{\"user\": \"tess\", \"password\": \"$PW\"}" "$URL/api/v1/login"
stop
sk a.db db dump >a.dump
SUM_A=$(sum a.db)
sk a.db db checksum >a.sum
check "the source: the example, the forum's activity, users, tokens, audit entries" jqt '.rows > 800' a.sum
check "  a session is in it" grep -q '^session	' a.dump
check "  its audit chain verifies" run 0 sk a.db audit verify
ENTRIES=$(jq .entries_checked out)

# ---- SQLite -> PostgreSQL ----------------------------------------------------------
P=$(pgdb p)
check "migrate SQLite -> PostgreSQL" run 0 sk a.db migrate --to "$P"
cp out p.out
check "  the result: backends, every table, the source's checksum" \
	jqt ".from_backend == \"sqlite\" and .to_backend == \"postgresql\" and .checksum == \"$SUM_A\" and
		.tables.audit == $ENTRIES and .tables.session == 1 and .tables.api_token == 2 and
		.tables.forum_item > 10 and .audit_verify.ok == true" p.out
check "  the source is unchanged (it was only read)" test "$(sum a.db)" = "$SUM_A"
sk "$P" db dump >p.dump
check "  the target's dump is the source's plus one audit entry" added a.dump p.dump
check "    (the entry 'migrate')" only_migrate_entries 1
check "  audit verify on the target" run 0 sk "$P" audit verify
check "    every entry, the migrate entry too" jqt ".ok == true and .entries_checked == $ENTRIES + 1" out
sk a.db export >a.json
sk "$P" export >p.json
check "  export identical" cmp a.json p.json
check "    (every organisation, the whole municipality)" \
	jqt "(.organisations | length > 5) and
		([.organisations[] | select(.organisation.id == \"$ORG\")][0].nodes | length > 40)" a.json
SUM_P=$(sum "$P")

# ---- PostgreSQL -> a new SQLite file -> another one -------------------------------
check "migrate PostgreSQL -> a new SQLite file" run 0 sk "$P" migrate --to b.db
check "  the result names the backends and P's checksum" \
	jqt ".from_backend == \"postgresql\" and .to_backend == \"sqlite\" and .checksum == \"$SUM_P\"" out
sk b.db db dump >b.dump
check "  its dump is P's plus one audit entry" added p.dump b.dump
check "    (the entry 'migrate')" only_migrate_entries 1
check "  and the source's plus two" added a.dump b.dump
check "    (both migrate entries)" only_migrate_entries 2
check "  audit verify on it" run 0 sk b.db audit verify
check "    every entry" jqt ".ok == true and .entries_checked == $ENTRIES + 2" out
sk b.db export >b.json
check "  export identical" cmp a.json b.json
check "migrate SQLite -> SQLite" run 0 sk b.db migrate --to sqlite:c.db
check "  the result has b's checksum" jqt ".checksum == \"$(sum b.db)\"" out
check "  audit verify on it" run 0 sk c.db audit verify
sk c.db export >c.json
check "  export identical" cmp a.json c.json

# a password in the target's URL is masked in the result and in the target's audit entry
pgdb r >/dev/null
SOCK=$(printf %s "$SKJOLD_PG_CLUSTER" | sed 's/.*host=\([^ ]*\).*/\1/')
check "migrate into a URL with a password" run 0 sk c.db migrate --to "postgresql://postgres:s3cret@/mig_r_$$?host=$SOCK"
check "  the result masks it" jqt '(.to | contains("***")) and (tostring | contains("s3cret") | not)' out
check "  so does the target's audit entry" sh -c "! '$BIN' --db '$SKJOLD_PG_CLUSTER dbname=mig_r_$$' db dump | grep -q s3cret"

# a backup file migrates as it is, and stays as its checksum knows it
check "a backup of the source" run 0 sk a.db backup bk.db
check "migrate the backup file into a new SQLite file" run 0 sk bk.db migrate --to bm.db
check "  the source's checksum (as of the backup)" jqt ".checksum == \"$SUM_A\"" out
check "  the backup still matches its .sha256" sha256sum --quiet -c bk.db.sha256
SUM_A=$(sum a.db) # the backup is recorded in the database it copied

# ---- refusals: nothing changes -------------------------------------------------------
SUM_B=$(sum b.db)
check "a PostgreSQL target that holds data: refused (exit 2)" run 2 sk a.db migrate --to "$P"
check "  naming --to" errhas "^skjold: --to: .*holds data already"
check "  the target is unchanged" test "$(sum "$P")" = "$SUM_P"
check "  the source too" test "$(sum a.db)" = "$SUM_A"
check "a SQLite target that holds data: refused (exit 2)" run 2 sk a.db migrate --to b.db
check "  naming --to" errhas "^skjold: --to: .*holds data already"
check "  the target is unchanged" test "$(sum b.db)" = "$SUM_B"
check "an unreachable PostgreSQL: refused" run 1 sk a.db migrate --to "host=$TMP/no-such-socket dbname=x user=postgres"
check "  naming --to" errhas "^skjold: --to: cannot connect to PostgreSQL"
check "  the source is unchanged" test "$(sum a.db)" = "$SUM_A"
check "a URL of no database: refused (exit 2)" run 2 sk a.db migrate --to "mysql://db.example/skjold"
check "  naming --to" errhas "^skjold: --to: .*is not a database"
check "  and no file made" test ! -e mysql:
check "no --to: refused (exit 2)" run 2 sk a.db migrate
check "  naming --to" errhas "^skjold: --to:"
check "the source as its own target: refused (exit 2)" run 2 sk a.db migrate --to "sqlite:$TMP/a.db"
check "  naming --to" errhas "^skjold: --to: names the source"
check "  the source is unchanged" test "$(sum a.db)" = "$SUM_A"
check "the PostgreSQL source under another name: refused at once (exit 2)" \
	run 2 timeout 20 "$BIN" --db "$P" migrate --to "$P application_name=again"
check "  naming --to" errhas "^skjold: --to: .*holds data already"
check "  the database is unchanged" test "$(sum "$P")" = "$SUM_P"
cp a.db t.db
sqlite3 t.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 3" >/dev/null
check "a source whose audit chain is broken: refused (exit 2)" run 2 sk t.db migrate --to n.db
check "  naming --db and the broken entry" errhas "^skjold: --db: its audit chain does not verify (entry 3"
check "  the target file it made is removed again" test ! -e n.db -a ! -e n.db-wal -a ! -e n.db-shm

# a copy that fails half-way: the forum's items (the last table) refused by a trigger in the target
Q=$(pgdb q)
check "a PostgreSQL target with a trigger against forum items" run 0 sk "$Q" db checksum
psql "$Q" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
	-c "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'boom'; END \$\$" \
	-c "CREATE TRIGGER boom BEFORE INSERT ON forum_item FOR EACH ROW EXECUTE FUNCTION boom()" >/dev/null
check "  the migration fails" run_fails sk a.db migrate --to "$Q"
check "  naming the table" errhas "load_forum_item"
check "  and leaves the target without data" test "$(rows "$Q")" = 0
sk e.db db checksum >/dev/null
sqlite3 e.db "CREATE TRIGGER boom BEFORE INSERT ON forum_item BEGIN SELECT RAISE(ABORT, 'boom'); END" >/dev/null
check "a SQLite target with the same trigger: the migration fails" run_fails sk a.db migrate --to e.db
check "  naming the table" errhas "load_forum_item"
check "  and leaves the target without data" test "$(rows e.db)" = 0
check "the source is still unchanged" test "$(sum a.db)" = "$SUM_A"

# a migration killed half-way (kill -9: no cleanup of its own) leaves the target without data
check "a big source: the example and 100 000 more nodes" run 0 sk k.db import "$EXAMPLE"
awk -v org=$ORG 'BEGIN { print "org,id,kind,name,criticality,critical_service,personal_data";
	for (i = 1; i <= 100000; i++) printf "%s,bulk-%06d,system,System %d,Lav,false,none\n", org, i, i }' >k.csv
check "  (import-csv)" run 0 sk k.db import-csv nodes k.csv
K=$(pgdb k)
killed() { # killed TARGET UNTIL…: migrate k.db into TARGET, killed once UNTIL holds (the copy under way)
	target=$1
	shift
	sk k.db migrate --to "$target" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1 3000); do "$@" && break; sleep 0.01; done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ $? -eq 137 ] || { echo "  the migration had ended before it was seen copying" >&2; return 1; }
}
# PostgreSQL: the migration's connection holds a lock on node, the big table, while it inserts there
inserting_nodes() {
	[ "$(psql "$K" -X -A -t -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
		WHERE c.relname = 'node' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()" 2>/dev/null)" = 1 ]
}
# SQLite: the file has skjold's tables (committed at open) and its write lock is taken (the copy's
# transaction; the probe itself waits for nothing and takes nothing when it fails)
copying_into_file() {
	[ -e kn.db ] && [ "$(sqlite3 kn.db "SELECT count(*) FROM sqlite_schema WHERE name = 'node'" 2>/dev/null)" = 1 ] &&
		! sqlite3 kn.db ".timeout 0" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1
}
check "kill -9 a migration into PostgreSQL half-way" killed "$K" inserting_nodes
check "  the target holds no data" test "$(rows "$K")" = 0
check "kill -9 a migration into a new SQLite file half-way" killed kn.db copying_into_file
check "  the file holds no data" test "$(rows kn.db)" = 0

# ---- the users' access on the PostgreSQL copy -------------------------------------------
check "serve the PostgreSQL copy" serve "$P"
check "  the API token signs in" sh -c "curl -sf -o api.out -H 'Authorization: Bearer $TOKEN' $URL/api/v1/orgs/$ORG/nodes"
check "  the session too (the cookie of the source's server)" sh -c "curl -sf -o session.out -b jar $URL/api/v1/session"
check "    as tess" jqt '.user == "tess" or .user.name == "tess" or .name == "tess"' session.out
stop
finish
