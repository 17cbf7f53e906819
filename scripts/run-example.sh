#!/bin/sh
# make run: start the skjold server (API and web UI) on ./skjold.db.
# A missing database is created with the shipped example organisation, and
# the server prints the first-run login (user admin and a one-time password).
# An existing database is used as it is: nothing in it is ever replaced.
set -eu
SKJOLD=${1:-build/release/skjold}
DB=${SKJOLD_DB:-skjold.db}
LISTEN=${SKJOLD_LISTEN:-127.0.0.1:8080}
if [ ! -f "$DB" ]; then
	"$SKJOLD" --db "$DB" import examples/eksempel-kommune.json >/dev/null
	"$SKJOLD" --db "$DB" threat load-defaults --org eksempel-kommune >/dev/null
	echo "skjold: loaded examples/eksempel-kommune.json into $DB" >&2
	echo "Open reporting obligations of the example (skjold deadlines):" >&2
	"$SKJOLD" --db "$DB" deadlines --org eksempel-kommune | head -n 12 >&2
else
	echo "skjold: using the existing $DB (remove it to start over from the example;" >&2
	echo "        'skjold --db $DB user reset admin' gives admin a new one-time password)" >&2
fi
echo "skjold: open http://$LISTEN/ in a browser; stop with Ctrl-C" >&2
exec "$SKJOLD" --db "$DB" serve --listen "$LISTEN"
