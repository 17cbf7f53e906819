#!/bin/sh
# make run: start the skjold server (API and web UI) on ./skjold.db.
# A missing database is created with the shipped example organisation and the
# example sector forum (scripts/example-forum.sh: secretariat nationalbanken,
# a data centre, a payment system and six banks) with activity in every tab
# (scripts/example-forum-activity.sh: an open crisis, risks and measures, red-team
# tests, baseline campaigns, a survey), and the server prints the
# first-run login (user admin and a one-time password).  The first-run admin
# is made an administrator of every organisation then in the database (at home in the
# municipality, imported first: the web UI opens there), so it
# can act for the secretariat or for any member: pick the organisation in the
# header, then open "Sektorforum".
# An existing database is used as it is: nothing in it is ever replaced.
set -eu
SKJOLD=${1:-build/release/skjold}
DB=${SKJOLD_DB:-skjold.db}
LISTEN=${SKJOLD_LISTEN:-127.0.0.1:8080}
# A fresh database: a SQLite file not there yet, or a PostgreSQL database (SKJOLD_DB=postgresql://…
# or a key=value conninfo) that holds no organisation.
fresh() {
	case $DB in
	postgres://* | postgresql://* | *=*) [ "$("$SKJOLD" --db "$DB" org list 2>/dev/null)" = "[]" ] ;;
	*) [ ! -f "$DB" ] ;;
	esac
}
if fresh; then
	"$SKJOLD" --db "$DB" import examples/eksempel-kommune.json >/dev/null
	"$SKJOLD" --db "$DB" threat load-defaults --org eksempel-kommune >/dev/null
	# the forum and its activity as of now, so the demo is live when it is opened: the crisis
	# was opened 6 h ago and exactly one member (Eksempel Bank 5) is late for the next 170
	# minutes; after that more fall due, as in a real crisis (remove the database to start over)
	NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	scripts/example-forum.sh "$SKJOLD" "$DB" "$NOW"
	scripts/example-forum-activity.sh "$SKJOLD" "$DB" "$NOW"
	echo "skjold: loaded examples/eksempel-kommune.json and the example sector forum (examples/forum/) into $DB" >&2
	echo "        sector forum: act for 'Eksempel Nationalbank' (the secretariat) or a bank, then open Sektorforum" >&2
	echo "        (an open crisis with Eksempel Bank 5 late, risks, red-team tests, baseline and survey results)" >&2
	echo "Open reporting obligations of the example (skjold deadlines):" >&2
	"$SKJOLD" --db "$DB" deadlines --org eksempel-kommune | head -n 12 >&2
else
	echo "skjold: using the existing database $DB (remove it to start over from the example;" >&2
	echo "        'skjold --db $DB user reset admin' gives admin a new one-time password)" >&2
fi
echo "skjold: open http://$LISTEN/ in a browser; stop with Ctrl-C" >&2
exec "$SKJOLD" --db "$DB" serve --listen "$LISTEN"
