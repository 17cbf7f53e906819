#!/bin/sh
# make run: load the shipped example organisation into ./skjold.db (fresh)
# and show its risk overview and what needs follow-up.
set -eu
SKJOLD=${1:-build/release/skjold}
DB=${SKJOLD_DB:-skjold.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$SKJOLD" --db "$DB" import examples/eksempel-kommune.json >/dev/null
"$SKJOLD" --db "$DB" threat load-defaults --org eksempel-kommune >/dev/null
echo "Loaded examples/eksempel-kommune.json into $DB" >&2
"$SKJOLD" --db "$DB" overview --org eksempel-kommune --format md
echo
"$SKJOLD" --db "$DB" followup --org eksempel-kommune --format md || true
echo
echo "Open reporting obligations (skjold deadlines):"
"$SKJOLD" --db "$DB" deadlines --org eksempel-kommune
cat >&2 <<MSG

Try next:
  $SKJOLD --db $DB impact dc-nord dc-syd --org eksempel-kommune
  $SKJOLD --db $DB spof --org eksempel-kommune
  $SKJOLD --db $DB report isu --org eksempel-kommune --format html > isu.html
  $SKJOLD --db $DB export --org eksempel-kommune
  $SKJOLD --db $DB incident show inc-2026-11-ransomware --org eksempel-kommune
  $SKJOLD incident assess examples/incidents/bank-kortbetalinger-2026.json
  $SKJOLD --help
MSG
