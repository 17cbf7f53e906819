#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (Debian's postgresql: initdb and pg_ctl).
#   tests/pg/cluster.sh [start]        start one under build/pg-test/ (or reuse the running one);
#                                      prints the conninfo of its database "skjold"
#   tests/pg/cluster.sh createdb NAME  a fresh, empty database NAME (dropped first); prints its conninfo
#   tests/pg/cluster.sh stop           stop the cluster and remove build/pg-test/
# The server listens on a Unix socket in that folder only (listen_addresses = ''), trusts local
# connections and runs without fsync: it holds test data for minutes.  PostgreSQL's tools refuse
# to run as root, so as root they run as the postgres user, which then owns the folder.
# SKJOLD_PG_DIR replaces the folder (a short path: a socket's path has at most 107 bytes).
set -eu
DIR=${SKJOLD_PG_DIR:-$(pwd)/build/pg-test}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
	echo "cluster.sh: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
	exit 2
fi
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
conninfo() {
	echo "host=$DIR/run dbname=$1 user=postgres"
}
running() {
	[ -f "$DIR/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}
createdb() {
	as_pg "$PGBIN/psql" -X -q -h "$DIR/run" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		-c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null
}
case ${1:-start} in
start)
	if ! running; then
		rm -rf "$DIR"
		mkdir -p "$DIR/run"
		[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$DIR"
		as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust --no-sync -E UTF8 >"$DIR/initdb.log" 2>&1 ||
			{ cat "$DIR/initdb.log" >&2; exit 1; }
		as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o \
			"-c listen_addresses='' -c unix_socket_directories='$DIR/run' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
		createdb skjold
	fi
	conninfo skjold
	;;
createdb)
	[ $# -eq 2 ] || { echo "usage: $0 createdb NAME" >&2; exit 2; }
	running || { echo "cluster.sh: no cluster running under $DIR" >&2; exit 1; }
	createdb "$2"
	conninfo "$2"
	;;
stop)
	if running; then
		as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
	fi
	rm -rf "$DIR"
	;;
*)
	echo "usage: $0 [start | createdb NAME | stop]" >&2
	exit 2
	;;
esac
