#!/bin/sh
# skjold with each --db FILE mapped to a PostgreSQL database of its own (tests/cli/lib.sh,
# tests/api/test_api.sh):
#   SKJOLD_PG_CLUSTER  the cluster's conninfo (key=value), tests/pg/cluster.sh prints it
#   SKJOLD_PG_BINARY   the real skjold binary
# The database is named after FILE's absolute path and created empty at FILE's first use; the
# marker FILE.pg (in the test's own folder) says it exists.  A FILE that is already a file when
# first named (a configuration file's database, a copied backup) stays a SQLite database.
set -eu
PATH=${PATH:-/usr/bin:/bin} # a check may run skjold with an empty environment
# the database FILE stands for, created at its first use
dbname() {
	case $1 in
	/*) abs=$1 ;;
	*) abs=$(pwd)/$1 ;;
	esac
	name=t_$(printf %s "$abs" | sha256sum | cut -c1-24)
	if [ ! -e "$1.pg" ]; then
		psql "$SKJOLD_PG_CLUSTER" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
		: >"$1.pg"
	fi
	echo "$name"
}
prev=
for a do
	shift
	# a FILE that exists as a file (a configuration file's database, a copied backup), or in no folder, stays SQLite's
	if [ "$prev" = --db ] && [ -n "$a" ] && [ -d "$(dirname "$a")" ] && { [ -e "$a.pg" ] || [ ! -e "$a" ]; }; then
		prev=$a
		a="$SKJOLD_PG_CLUSTER dbname=$(dbname "$a")"
	else
		prev=$a
	fi
	set -- "$@" "$a"
done
exec "$SKJOLD_PG_BINARY" "$@"
