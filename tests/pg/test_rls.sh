#!/bin/sh
# Tenant isolation twice on PostgreSQL (issue 16, migration 7: src/store/sql/pg/007_rls.sql): two
# organisations imported through skjold, then, as the role skjold runs as (skjold_app) with psql,
# deliberately unscoped SELECTs on every organisation-owned table find nothing; the scope of one
# organisation (skjold.org, as the store sets it) finds exactly its rows; writes outside it are
# refused; every table keyed by an organisation carries a policy.  Runs in the cluster SKJOLD_DB
# names when it names one (make test DB=postgresql), else in a throwaway cluster of its own under
# build/pg-rls/ (tests/pg/cluster.sh), stopped at the end.
#   tests/pg/test_rls.sh build/release/skjold      (last line "RESULT passed failed")
[ $# -eq 1 ] || { echo "usage: $0 SKJOLD_BINARY" >&2; echo "RESULT 0 1"; exit 2; }
. "$(dirname "$0")/../cli/lib.sh"
BIN=$SKJOLD_REAL
OUTSIDER=rls_outsider_$$
MEMBER=rls_member_$$
cleanup() {
	cd "$ROOT" || return
	pg_scratch_drop rls_$$ -c "DROP ROLE IF EXISTS $OUTSIDER" -c "DROP ROLE IF EXISTS $MEMBER"
	rm -rf "$TMP"
	pg_cluster_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_cluster rls
pg_scratch rls_$$
DB="$SKJOLD_PG_CLUSTER dbname=rls_$$"
A=eksempel-kommune
B=anden-kommune
S() { "$BIN" --db "$DB" --now 2026-12-01 "$@"; }
# SQL as the superuser the conninfo names (it passes every policy), one value a line
su_sql() { psql "$DB" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
# SQL as skjold_app, inside one transaction whose scope is $1 (empty: none set)
app_sql() {
	scope=$1
	shift
	{
		echo "\\set ON_ERROR_STOP 1"
		echo "SET ROLE skjold_app;"
		echo "BEGIN;"
		[ -z "$scope" ] || echo "SELECT set_config('skjold.org', '$scope', true) \\g /dev/null"
		for q do echo "$q;"; done
		echo "COMMIT;"
	} | psql "$DB" -X -q -A -t
}

# every table holding an organisation's rows, and how a row names its organisation
OID_TABLES="org_table risk_matrix node edge threat risk measure change incident incident_node submission incident_event"
ORG_TABLES="membership api_token audit"
# one line "table count" per table, for the scope $1
counts() {
	qs="SELECT 'org', count(*) FROM org"
	for t in $OID_TABLES $ORG_TABLES; do qs="$qs UNION ALL SELECT '$t', count(*) FROM $t"; done
	if [ "$1" = superuser ]; then
		su_sql "$qs" | tr '|' ' '
	else
		app_sql "$1" "$qs" | tr '|' ' '
	fi
}
# the same per table, only the rows of organisation $2, read as the superuser
counts_of() {
	qs="SELECT 'org', count(*) FROM org WHERE id = '$1'"
	for t in $OID_TABLES; do
		qs="$qs UNION ALL SELECT '$t', count(*) FROM $t WHERE oid = (SELECT oid FROM org WHERE id = '$1')"
	done
	for t in $ORG_TABLES; do qs="$qs UNION ALL SELECT '$t', count(*) FROM $t WHERE org = '$1'"; done
	su_sql "$qs" | tr '|' ' '
}
NTABLES=$(echo org $OID_TABLES $ORG_TABLES | wc -w)
all_zero() { # (and a line per table: a psql that failed finds no rows either)
	awk -v n="$NTABLES" '$2 != 0 { bad = 1; print "  " $0 " (wanted 0)" > "/dev/stderr" }
		END { if (NR != n) { bad = 1; print "  " NR " tables answered, not " n > "/dev/stderr" }; exit bad }' "$1"
}
none_zero() { awk '$2 == 0 { bad = 1; print "  " $0 " (wanted rows)" > "/dev/stderr" } END { exit bad }' "$1"; }

jq --arg b "$B" '.organisation.id = $b | .organisation.name = "Anden Kommune"' "$EXAMPLE" >b.json
check "import organisation A" run 0 S import "$EXAMPLE"
check "import organisation B" run 0 S import b.json
check "a user with a role in each, and a token in each" sh -c \
	"'$BIN' --db '$DB' user add tess >/dev/null && '$BIN' --db '$DB' user role tess --org $A --role isk >/dev/null &&
	'$BIN' --db '$DB' user role tess --org $B --role isk >/dev/null &&
	'$BIN' --db '$DB' token add --user tess --org $A --role isk --name a >/dev/null &&
	'$BIN' --db '$DB' token add --user tess --org $B --role isk --name b >/dev/null"

counts_of $A >a.want
counts_of $B >b.want
# (the example sets no per-organisation rule table: org_table is empty on both sides)
grep -v '^org_table ' a.want >a.some
grep -v '^org_table ' b.want >b.some
check "the superuser sees rows of A in every table (the test is not vacuous)" none_zero a.some
check "  and of B" none_zero b.some

# the point of it all: a statement with no scope finds nothing
counts "" >none.got
check "as skjold_app without a scope: no row in any table" all_zero none.got
app_sql "" "SELECT set_config('skjold.org', '', true)" "SELECT count(*) FROM node" >empty.got
check "  an empty skjold.org sees no node" sh -c "[ \"\$(tail -n 1 empty.got)\" = 0 ]"

counts $A >a.got
check "with the scope of A: exactly A's rows, table by table" cmp a.want a.got
counts $B >b.got
check "with the scope of B: exactly B's rows" cmp b.want b.got
counts '{"'$A'"}' >a2.got
check "the store's form of the scope (an array of ids) gives the same" cmp a.want a2.got
counts superuser >all.want
counts '*' >all.got
check "the scope '*' (every organisation) sees everything" cmp all.want all.got
counts '{"'$A'","'$B'"}' >ab.got
grep -v '^audit ' all.want >all.some
grep -v '^audit ' ab.got >ab.some
check "a scope of A and B sees everything of both" cmp all.some ab.some
echo "audit $(su_sql "SELECT count(*) FROM audit WHERE org IN ('$A', '$B')")" >ab_audit.want
grep '^audit ' ab.got >ab_audit.got
check "  and of the audit log only the entries naming A or B (not the user's)" cmp ab_audit.want ab_audit.got
app_sql $A "SELECT DISTINCT o.id FROM org o JOIN node n ON n.oid = o.oid" >ids.got
check "a join under A's scope names no other organisation" sh -c "[ \"\$(cat ids.got)\" = $A ]"

# the scope is the transaction's: it is gone after COMMIT, in the same session
printf '%s\n' "SET ROLE skjold_app;" "BEGIN;" "SELECT set_config('skjold.org', '$A', true) \\g /dev/null" \
	"SELECT count(*) FROM node;" "COMMIT;" "SELECT count(*) FROM node;" | psql "$DB" -X -q -A -t >tx.got
check "a scope set for a transaction is gone after it" sh -c "[ \"\$(sed -n 2p tx.got)\" = 0 ] && [ \"\$(sed -n 1p tx.got)\" -gt 0 ]"

# writes outside the scope: refused or finding nothing, and nothing changed
sum() { "$BIN" --db "$DB" db checksum | jq -r '.checksum // "failed"'; }
before=$(sum)
BOID=$(su_sql "SELECT oid FROM org WHERE id = '$B'")
check "under A's scope an insert into B is refused" sh -c \
	"! psql '$DB' -X -q -v ON_ERROR_STOP=1 -c 'SET ROLE skjold_app' -c 'BEGIN' \
	-c \"SELECT set_config('skjold.org', '$A', true)\" \
	-c \"INSERT INTO threat(oid, id, name) VALUES ($BOID, 'x', 'x')\" -c COMMIT >/dev/null 2>rls.err && grep -q 'row-level security' rls.err"
app_sql $A "UPDATE node SET name = 'taken' WHERE oid = $BOID" "DELETE FROM risk WHERE oid = $BOID" \
	"DELETE FROM org WHERE id = '$B'" "UPDATE membership SET role = 'admin' WHERE org = '$B'" >/dev/null 2>w.err
app_sql "" "DELETE FROM node" "DELETE FROM org" >/dev/null 2>>w.err
after=$(sum)
check "  an update or delete of B's rows under A's scope or none finds nothing: nothing changed" \
	test "$before" = "$after" -a "$before" != failed
check "  (and the skjold checksum read through skjold_app saw the data: not empty)" \
	sh -c "'$BIN' --db '$DB' db checksum | jq -e '.rows > 600' >/dev/null"

# every table keyed by an organisation carries the policy (a migration adding one must add it too);
# left out on purpose: the forum's tables (forum.c decides by TLP) and org_generation (a counter)
su_sql "SELECT DISTINCT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname IN ('oid', 'org', 'id') AND a.attnum > 0
	WHERE n.nspname = current_schema() AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
	AND c.relname NOT IN ('forum', 'forum_member', 'forum_share', 'forum_item', 'org_generation')
	AND (a.attname <> 'id' OR c.relname = 'org') ORDER BY 1" >unguarded.got
check "every table keyed by an organisation has row-level security, forced" sh -c \
	"[ ! -s unguarded.got ] || { echo '  without: '\$(cat unguarded.got) >&2; false; }"

# skjold itself runs through skjold_app: what it reads under the operator's '*' is everything
check "skjold export of B through skjold_app: B's whole map" sh -c \
	"'$BIN' --db '$DB' export --org $B | jq -e '.nodes | length > 40' >/dev/null"

# the deployment: the connecting role must be able to become skjold_app
psql "$SKJOLD_PG_CLUSTER dbname=postgres" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
	-c "CREATE ROLE $OUTSIDER LOGIN" -c "CREATE ROLE $MEMBER LOGIN IN ROLE skjold_app" >/dev/null
OUT_DB=$(printf %s "$DB" | sed "s/user=postgres/user=$OUTSIDER/")
MEM_DB=$(printf %s "$DB" | sed "s/user=postgres/user=$MEMBER/")
check "a login role that is no member of skjold_app: refused (exit 1)" run 1 "$BIN" --db "$OUT_DB" org list
check "  naming skjold_app" has skjold_app err
check "a login role that is a member of skjold_app (not a superuser) works" run 0 "$BIN" --db "$MEM_DB" org list
check "  and sees both organisations under the operator's scope" jqt 'length == 2' out
check "  but with psql and no scope, nothing" sh -c \
	"[ \"\$(psql '$MEM_DB' -X -q -A -t -c 'SELECT count(*) FROM node')\" = 0 ]"
finish
