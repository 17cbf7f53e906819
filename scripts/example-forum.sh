#!/bin/sh
# Load the example sector forum (examples/forum/) into a database:
#   scripts/example-forum.sh SKJOLD DB [NOW]
# Eleven organisations: a secretariat (a central bank running an RTGS
# service), a data centre with two sites that uses a telecom backbone
# (NetCo, known only through the references to it), a payment system,
# six banks, and two cloud providers of one group.  The secretariat opens
# forum "fsor" and invites the others; each member accepts and shares what
# the sector analyses need.  Used by `make run` (through run-example.sh),
# the forum CLI tests and the browser tests.
set -eu
SKJOLD=$1
DB=$2
NOW=${3:-2026-11-02T09:00:00+01:00}
DIR=$(cd "$(dirname "$0")/../examples/forum" && pwd)
S() { "$SKJOLD" --db "$DB" --now "$NOW" --actor example "$@"; }
for f in "$DIR"/*.json; do
	S import "$f" >/dev/null
done
S forum create --org nationalbanken --id fsor --name "FSOR – Finansielt Sektorforum for Operationel Robusthed" >/dev/null
F="--forum fsor"
invite() { S forum invite $F --org nationalbanken --member "$1" --assets "$2" >/dev/null; }
invite datacentral 0
invite betalingssystem 0
invite bank1 420000
invite bank2 260000
invite bank3 90000
invite bank4 45000
invite bank5 30000
invite bank6 12000
for m in datacentral betalingssystem bank1 bank2 bank3 bank4 bank5 bank6; do
	S forum join $F --org $m >/dev/null
done
# The secretariat's own map and the infrastructure are shared with the whole
# forum (GREEN), so members can see and refer to them; the banks share their
# critical functions and what they depend on with the secretariat (AMBER).
S forum share $F --org nationalbanken --kind node --tlp GREEN >/dev/null
S forum share $F --org datacentral --kind node --tlp GREEN >/dev/null
S forum share $F --org betalingssystem --kind node --tlp GREEN >/dev/null
for b in bank1 bank2 bank3 bank4 bank5 bank6; do
	S forum share $F --org $b --kind node --critical-only true --tlp AMBER --to nationalbanken >/dev/null
done
