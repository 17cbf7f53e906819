#!/bin/sh
# skjold backup and skjold restore (docs/operations.md): a backup of the
# example taken while a server started here writes through the API; its
# checksum, mode and audit chain; a restore into a new file holding exactly
# what the backup holds (users, tokens, sessions, forum, audit log) with the
# restore audited after the chain; every refusal (bad checksum, cut short,
# not a database, a tampered chain, a newer schema, no checksum file, a
# target with content) exits 2 and leaves the target's content as it
# was; a restore under a running server leaves no stale cached answer.
#   sh tests/cli/test_backup.sh build/release/skjold
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db s.db --actor operator@test"
ORG=eksempel-kommune
errhas() { grep -q -- "$1" err || { echo "  '$1' not in stderr:" >&2; cat err >&2; return 1; }; }
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
same_counts() { # same_counts A B: users, memberships, tokens, sessions, forum rows, audit entries (B: one more)
	for t in app_user membership api_token session forum forum_member forum_share forum_item org node; do
		[ "$(count "$1" $t)" = "$(count "$2" $t)" ] || { echo "  $t: $(count "$1" $t) in $1, $(count "$2" $t) in $2" >&2; return 1; }
	done
	[ $(($(count "$1" audit) + 1)) -eq "$(count "$2" audit)" ] ||
		{ echo "  audit: $(count "$1" audit) in $1, $(count "$2" audit) in $2 (wanted one more)" >&2; return 1; }
}
mode600() { [ "$(stat -c %a "$1")" = 600 ] || { echo "  $1 has mode $(stat -c %a "$1")" >&2; return 1; }; }

# On PostgreSQL (make test DB=postgresql) a backup is pg_dump's or pg_basebackup's
# (docs/operations.md): skjold backup and restore refuse, naming them, and change nothing.
if [ -n "${SKJOLD_PG_CLUSTER:-}" ]; then
	check "load the example" run 0 $S import "$EXAMPLE"
	before=$(dbsum s.db)
	check "PostgreSQL: backup refuses (exit 2)" run 2 $S backup b.db
	check "  naming --db and pg_dump" errhas "^skjold: --db: .*pg_dump"
	check "  and writes no file" test ! -e b.db -a ! -e b.db.sha256
	check "  nothing changed" test "$(dbsum s.db)" = "$before"
	sqlite3 other.db "CREATE TABLE x (y)"
	check "PostgreSQL: restore of a file refuses (exit 2)" run 2 $S restore other.db --no-checksum --force
	check "  nothing changed" test "$(dbsum s.db)" = "$before"
	finish
	exit
fi

# ---- the example, a user with a token and a session -------------------------
check "load the example and the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" s.db
check "  and the example municipality" run 0 $S import "$EXAMPLE"
check "a user" run 0 $S user add tess
PW=$(jq -r .password out)
check "  with a role" run 0 $S user role tess --org $ORG --role isk
check "  and an API token" run 0 $S token add --user tess --org $ORG --role isk --name writer
TOKEN=$(jq -r .token out)

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
SERVER=
serve() { # serve DB: start skjold serve on DB in the background
	$SKJOLD --db "$1" serve --listen 127.0.0.1:$PORT 2>>serve.log &
	SERVER=$!
	for _ in $(seq 1 100); do curl -sf "$URL/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}
stop() { [ -n "$SERVER" ] && kill "$SERVER" && wait "$SERVER"; SERVER=; }
trap 'stop; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
api() { # api METHOD PATH [BODY]: the status on stdout, the answer in api.out
	curl -s -o api.out -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
		${3:+-H 'Content-Type: application/json' --data "$3"} "$URL$2"
}
api_is() { # api_is STATUS METHOD PATH [BODY]
	got=$(api "$2" "$3" "$4")
	[ "$got" = "$1" ] || { echo "  $2 $3: $got, wanted $1" >&2; head -c 300 api.out >&2; return 1; }
}
node() { printf '{"id": "%s", "name": "%s", "kind": "system"}' "$1" "$1"; }

check "skjold serve starts on the example" serve s.db
check "a session: tess logs in with the one-time password" \
	sh -c "curl -sf -o login.out -H 'Content-Type: application/json' \
		--data '{\"user\": \"tess\", \"password\": \"$PW\"}' $URL/api/v1/login"
check "b0: a backup before the writes" run 0 $S backup b0.db

# ---- backup while the server writes ------------------------------------------
: >writes
writer() { # node adds through the API until the file stop exists; one status a line in writes
	i=0
	while [ ! -f stop ]; do
		i=$((i + 1))
		api POST /api/v1/orgs/$ORG/nodes "$(node "bkw-$i")" >>writes
		echo >>writes
	done
}
writer &
WRITER=$!
wait_writes() { for _ in $(seq 1 300); do [ "$(grep -c . writes)" -ge "$1" ] && return 0; sleep 0.05; done; return 1; }
check "the server writes through the API" wait_writes 5
before=$(grep -c . writes)
check "backup while the server writes" run 0 $S backup b.db
cp out backup.json
check "  the server kept writing meanwhile" wait_writes $((before + 5))
touch stop
wait $WRITER
check "  every write succeeded (201)" sh -c '[ "$(sort -u writes)" = 201 ]'
check "  the result names the file, its size and checksum" \
	jqt '.backup == "b.db" and .sha256_file == "b.db.sha256" and .bytes > 0 and (.sha256 | length) == 64' backup.json
check "  and the copy's audit verification" jqt '.audit_verify.ok == true and .audit_entries > 100' backup.json
check "  the bytes are the file's" sh -c "[ \$(stat -c %s b.db) = \$(jq .bytes backup.json) ]"
check "  the copy's entries are the file's" sh -c "[ \$(sqlite3 b.db 'SELECT count(*) FROM audit') = \$(jq .audit_entries backup.json) ]"
check "  the backup is 0600" mode600 b.db
check "  its checksum file too" mode600 b.db.sha256
check "  sha256sum -c accepts the checksum file" run 0 sha256sum -c b.db.sha256
check "  nothing else is left beside it" sh -c '[ "$(ls | grep -c "^b\.db")" = 2 ]'
check "the backup is in the audit log, with who made it" run 0 $S audit log --entity database
check "  actor, file and checksum" jqt "map(select(.action == \"backup\")) | length == 2 and
	(.[-1] | .actor == \"operator@test\" and (.after.file | endswith(\"/b.db\")) and
	 .after.sha256 == \"$(jq -r .sha256 backup.json)\")" out
check "backup without a FILE is bad input, not a backup made" run 2 $S backup
check "  it says so" errhas "backup takes one FILE"
check "an existing backup is not replaced" run 2 $S backup b.db
check "  it says so" errhas "exists already"
check "  in Danish with --lang da" run 2 $S backup b.db --lang da
check "  hand-written" errhas "b.db: findes allerede: angiv et nyt navn eller --force for at erstatte den"
check "  and the file is unchanged" run 0 sha256sum -c b.db.sha256
stop

# ---- restore into a new file -------------------------------------------------
check "restore into a new database" run 0 $SKJOLD --db r.db --actor restorer@test restore b.db
check "  the result: the restored chain verifies, one entry more" \
	jqt ".result.audit_verify.ok == true and .result.audit_entries == $(jq .audit_entries backup.json) + 1" out
check "  audit verify passes on the target" run 0 $SKJOLD --db r.db audit verify
check "  users, tokens, sessions, forum, nodes: as many as in the backup; one audit entry more" same_counts b.db r.db
check "  the last entry records the restore" run 0 $SKJOLD --db r.db audit log --entity database
check "  who, what file, its checksum, what it replaced" \
	jqt ".[-1] | .action == \"restore\" and .actor == \"restorer@test\" and .after.sha256 == \"$(jq -r .sha256 backup.json)\" and
	 .after.restored_audit_entries == $(jq .audit_entries backup.json) and .after.replaced.audit_entries == 0" out
check "  the token still signs in on the restored database" serve r.db
check "  GET nodes with it" api_is 200 GET "/api/v1/orgs/$ORG/nodes?limit=1"
stop
check "  no working copy is left beside the target" sh -c '[ -z "$(ls | grep "^r\.db\.restore")" ]'

# ---- refusals: exit 2, the target's content as it was (dbsum) ---------------
cp b.db t.db
SUM=$(dbsum r.db)
unchanged() { [ "$(dbsum r.db)" = "$SUM" ] || { echo "  r.db changed" >&2; return 1; }; }
refuse() { # refuse NAME FILE MESSAGE: restore FILE over r.db with --force is refused
	check "refused: $1" run 2 $SKJOLD --db r.db restore "$2" --force
	check "  the message names the problem" errhas "$3"
	check "  the target is unchanged" unchanged
}
cp b.db bad.db && printf '%064d  bad.db\n' 0 >bad.db.sha256
refuse "a checksum that does not match" bad.db "does not match bad.db.sha256"
head -c 100000 b.db >cut.db && cp b.db.sha256 cut.db.sha256
refuse "a file cut short, against the backup's checksum" cut.db "does not match"
sha256sum cut.db >cut.db.sha256
refuse "a file cut short, with a checksum of its own" cut.db "not a whole skjold database"
head -c 300000 /dev/urandom >junk.db && sha256sum junk.db >junk.db.sha256
refuse "not a database" junk.db "not a skjold database"
sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);' && sha256sum other.db >other.db.sha256
refuse "a SQLite database that is not skjold's" other.db "without skjold's tables"
cp b.db tampered.db
sqlite3 tampered.db "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 7;"
sha256sum tampered.db >tampered.db.sha256
refuse "a tampered audit chain" tampered.db "audit chain does not verify (entry 7"
cp b.db newer.db && sqlite3 newer.db 'PRAGMA user_version = 99' && sha256sum newer.db >newer.db.sha256
refuse "a schema newer than this build" newer.db "migration 99, newer than this build"
cp b.db nosum.db
refuse "no checksum file" nosum.db "missing"
check "refused: a target with content, without --force" run 2 $SKJOLD --db r.db restore b.db
check "  the message says what --force would replace" errhas "is not empty"
check "  the target is unchanged" unchanged
check "a refused restore does not create an absent target" run 2 $SKJOLD --db absent.db restore junk.db
check "  absent.db does not exist" sh -c '[ ! -e absent.db ]'
check "without a checksum file, --no-checksum restores" run 0 $SKJOLD --db nosum-target.db restore nosum.db --no-checksum
check "  and the chain verifies" run 0 $SKJOLD --db nosum-target.db audit verify

# ---- a restore under a running server: no stale cached answer ----------------
# The server caches an answer (GET /api/v1/nodes among them) under each
# organisation's write generation,
# which every audited write raises by one.  c.db starts as b0; the API adds
# bkx-1..bkx-3 and the list is cached; b0 is restored over c.db under the
# running server: a generation merely restored or kept would match the cached
# one, at once or after as many adds (bky-1..bky-3), and serve the old list.
check "restore under a running server: c.db from b0" run 0 $SKJOLD --db c.db restore b0.db
check "  start the server on it" serve c.db
for i in 1 2 3; do api POST /api/v1/orgs/$ORG/nodes "$(node "bkx-$i")" >/dev/null; done
check "  the list with bkx-1..bkx-3 (now cached)" api_is 200 GET "/api/v1/nodes?limit=1000"
check "  has bkx-3" jqt '[.items[].id] | index("bkx-3") != null' api.out
check "  restore b0 over it with --force while it runs" run 0 $SKJOLD --db c.db restore b0.db --force
check "  what it replaced is recorded" jqt '.result.audit_verify.ok == true' out
check "  the list right after the restore" api_is 200 GET "/api/v1/nodes?limit=1000"
check "  is b0's: no bkx-* (no stale answer)" jqt '[.items[].id] | map(select(startswith("bkx-"))) | length == 0' api.out
for i in 1 2 3; do api POST /api/v1/orgs/$ORG/nodes "$(node "bky-$i")" >/dev/null; done
check "  the list after the restore and three adds" api_is 200 GET "/api/v1/nodes?limit=1000"
check "  has bky-1..bky-3 and no bkx-* (no stale answer)" \
	jqt '[.items[].id] | (index("bky-3") != null) and (map(select(startswith("bkx-"))) | length == 0)' api.out
check "  readyz: ready" sh -c "curl -sf $URL/readyz | grep -q '\"ok\"'"
stop
check "  audit verify passes after the restore and the writes" run 0 $SKJOLD --db c.db audit verify

finish
