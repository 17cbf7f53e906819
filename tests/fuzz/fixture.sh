#!/bin/sh
# Build the database the store-backed fuzz harnesses start from:
#   tests/fuzz/fixture.sh SKJOLD DB
# The example organisation (examples/eksempel-kommune.json) with the default
# threats, the example sector forum (scripts/example-forum.sh) with one item
# of each parent kind (crisis c1, campaign b26, survey s26, risk R1, a
# red-team test of bank1 in its red-team phase) so child items have a
# parent, and user "fuzz" with role isk in eksempel-kommune, nationalbanken
# and bank1 (fuzz_http's session).
# Each harness copies the file once and undoes every input's writes.
set -eu
SKJOLD=$1
DB=$2
NOW=2026-11-02T09:00:00+01:00
C=tests/fuzz/corpus/forum
rm -f "$DB" "$DB-wal" "$DB-shm"
S="$SKJOLD --db $DB --now $NOW --actor fixture"
$S import examples/eksempel-kommune.json >/dev/null
$S threat load-defaults --org eksempel-kommune >/dev/null
scripts/example-forum.sh "$SKJOLD" "$DB" "$NOW"
F="--forum fsor"
body() { tail -n +2 "$C/$1"; }
body crisis | $S forum item add $F --org nationalbanken --kind crisis --id c1 --body - >/dev/null
body campaign | sed 's/"b27"/"b26"/' | $S forum item add $F --org nationalbanken --kind campaign --id b26 --body - >/dev/null
body survey | sed 's/"s2025"/"s26"/' | $S forum item add $F --org nationalbanken --kind survey --id s26 --body - >/dev/null
body redteam | $S forum item add $F --org bank1 --kind redteam --body - >/dev/null
body risk | $S forum item add $F --org nationalbanken --kind risk --body - >/dev/null
$S user add fuzz >/dev/null
for org in eksempel-kommune nationalbanken bank1; do
	$S user role fuzz --org $org --role isk >/dev/null
done
