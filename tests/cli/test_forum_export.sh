#!/bin/sh
# Sharing out (issue 18 part 6): `skjold forum export --format stix|misp` gives
# a member what the forum's own pages give it and never more, as a STIX 2.1
# bundle validated against the OASIS schemas (tests/stix/validate.py) and as
# a MISP event validated against MISP's published format (tests/misp/validate.py).
#
# On the example forum (scripts/example-forum.sh) each record carries a secret
# marker, HEMMELIG-<writer>-<label>, so "never more" is checked on the whole
# file: a marker of a record the reader may not see appears nowhere in it.
#   crisis c1 (secretariat, GREEN)
#   reports under it: bank1 AMBER (default: to the secretariat), bank2 AMBER
#   to bank3, bank3 AMBER to nobody, bank4 GREEN, bank5 AMBER+STRICT to the
#   secretariat, bank6 RED to the user alice
#   incidents: bank1's inc-b1 AMBER to the secretariat, bank2's GREEN
. "$(dirname "$0")/lib.sh"
NOW=2026-11-02T10:00:00+01:00
S="$SKJOLD --db f.db --now $NOW"
F="--forum fsor"
STIX="/usr/bin/python3 $ROOT/tests/stix/validate.py"
MISP="/usr/bin/python3 $ROOT/tests/misp/validate.py"
AMBER=marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421
GREEN=marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb
RED=marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1
STRICT=marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003
errhas() { grep -q -- "$1" err || { echo "  '$1' not in stderr:" >&2; cat err >&2; return 1; }; }
sees() { grep -q -- "HEMMELIG-$2" "$1" || { echo "  HEMMELIG-$2 not in $1" >&2; return 1; }; }
jqx() { # jqx FILE JQ-ARGS…: like jqt, with jq's own options (--arg)
	f=$1
	shift
	jq -e "$@" "$f" >/dev/null || { echo "  jq $* false on $f" >&2; head -c 600 "$f" >&2; return 1; }
}
blind() { ! grep -q -- "HEMMELIG-$2" "$1" || { echo "  HEMMELIG-$2 leaked into $1" >&2; return 1; }; }

check "load the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" f.db "$NOW"
cat >crisis.json <<'EOF'
{"title": "Udfald hos datacentral", "description": "Datacenter Aarhus er nede HEMMELIG-nationalbanken-GREEN",
 "severity": "Kritisk", "opened_at": "2026-11-02T09:00:00+01:00", "cadence_minutes": 60}
EOF
check "the secretariat opens crisis c1" run 0 $S forum item add $F --org nationalbanken --kind crisis --id c1 --body crisis.json
report() { # report MEMBER LABEL [OPTIONS…]: a status report under c1 with the marker HEMMELIG-MEMBER-LABEL
	m=$1
	l=$2
	shift 2
	cat >"r-$m.json" <<EOF
{"at": "2026-11-02T09:40:00+01:00", "services": [{"service": "p-betalinger", "name": "Betalinger",
 "status": "red", "tolerance_minutes": 240}], "cause": "HEMMELIG-$m-$l", "continuity_plan_active": true, "communication_status": "internal"}
EOF
	check "$m reports $l $*" run 0 $S forum item add $F --org "$m" --kind report --parent c1 "$@" --body "r-$m.json"
}
report bank1 AMBER
report bank2 AMBER --tlp AMBER --to bank3
report bank3 AMBER --tlp AMBER --to ""
report bank4 GREEN --tlp GREEN
report bank5 STRICT --tlp AMBER+STRICT --to nationalbanken
report bank6 RED --tlp RED --to alice
for i in b1:bank1 b2:bank2; do
	cat >"inc-${i%%:*}.json" <<EOF
{"id": "inc-${i%%:*}", "title": "Kernesystem nede HEMMELIG-${i##*:}-incident", "occurred_at": "2026-10-30T08:50:00+01:00",
 "detected_at": "2026-10-30T09:30:00+01:00", "nodes": ["sys-core"], "facts": {"significant_disruption": true}}
EOF
	check "${i##*:} records incident inc-${i%%:*}" run 0 $S incident add "inc-${i%%:*}.json" --org "${i##*:}"
done
check "bank1 shares inc-b1 AMBER with the secretariat" run 0 $S forum share $F --org bank1 --kind incident --target inc-b1 --tlp AMBER --to nationalbanken
check "bank2 shares its incidents GREEN" run 0 $S forum share $F --org bank2 --kind incident --tlp GREEN

# ---- what a member sees ------------------------------------------------------
check "bank3 exports STIX" run 0 $S forum export $F --org bank3 --format stix --out b3.json
check "  nothing on stdout with --out" test ! -s out
check "  the bundle validates against the OASIS STIX 2.1 schemas" $STIX b3.json
check "  a bundle with a bundle-- id" jqt '.type == "bundle" and (.id | test("^bundle--[0-9a-f-]{36}$"))' b3.json
check "  its own report, AMBER to nobody" sees b3.json bank3-AMBER
check "  bank2's report addressed to it" sees b3.json bank2-AMBER
check "  bank4's GREEN report and the GREEN crisis" sh -c "grep -q HEMMELIG-bank4-GREEN b3.json && grep -q HEMMELIG-nationalbanken-GREEN b3.json"
check "  never bank1's AMBER report to the secretariat (a list it is not on)" blind b3.json bank1-AMBER
check "  never bank5's AMBER+STRICT report to the secretariat" blind b3.json bank5-STRICT
check "  never bank6's RED report to alice" blind b3.json bank6-RED
check "  bank2's GREEN incident, not bank1's AMBER one" sh -c "grep -q HEMMELIG-bank2-incident b3.json && ! grep -q HEMMELIG-bank1-incident b3.json"
check "  shared incidents and the crisis are incident SDOs" \
	jqt '[.objects[] | select(.type == "incident") | .x_skjold_kind] | sort == ["crisis", "incident"]' b3.json
check "  the incident's times in x_skjold_ properties, RFC 3339 UTC" \
	jqt '.objects[] | select(.x_skjold_ref == "bank2/inc-b2") | .x_skjold_first_seen == "2026-10-30T07:50:00.000Z" and .x_skjold_detected_at == "2026-10-30T08:30:00.000Z" and (.created | test("^[0-9-]{10}T[0-9:]{8}\\.[0-9]{3}Z$"))' b3.json
check "  bank2's report marked TLP:AMBER by the extension's id, created by bank2" \
	jqx b3.json --arg m $AMBER '(.objects[] | select(.x_skjold_kind == "report" and (.content | test("bank2")))) as $r | $r.object_marking_refs == [$m] and ([.objects[] | select(.id == $r.created_by_ref) | .name] == ["Eksempel Bank 2 A/S"])'
check "  a status report is a note on its crisis" \
	jqt '([.objects[] | select(.x_skjold_kind == "crisis") | .id]) as $c | [.objects[] | select(.x_skjold_kind == "report") | .object_refs == $c] | all' b3.json
check "  the TLP 2.0 marking-definitions it uses, exactly as the extension defines them" \
	jqx b3.json --arg a $AMBER --arg g $GREEN '[.objects[] | select(.type == "marking-definition") | .id] == [$g, $a] and ([.objects[] | select(.type == "marking-definition")][1] == {"type":"marking-definition","spec_version":"2.1","id":$a,"created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}})'
check "  an identity for the forum and for each member it names, none for one it does not" \
	jqt '[.objects[] | select(.type == "identity") | .x_skjold_forum // .x_skjold_org] | sort == ["bank2", "bank3", "bank4", "fsor", "nationalbanken"]' b3.json
check "  no one's recipients (its own list is empty: STIX has no empty list)" \
	jqt '[.objects[] | select(has("x_skjold_recipients"))] == []' b3.json
check "bank1 exports STIX" run 0 $S forum export $F --org bank1 --format stix --out b1.json
check "  with the recipients of its own report and incident only" \
	jqt '[.objects[] | select(has("x_skjold_recipients")) | [.x_skjold_kind, .x_skjold_recipients]] | sort == [["incident", ["nationalbanken"]], ["report", ["nationalbanken"]]]' b1.json
check "  it validates" $STIX b1.json

check "the secretariat exports STIX" run 0 $S forum export $F --org nationalbanken --format stix --out sec.json
check "  it validates" $STIX sec.json
check "  bank1's and bank5's reports to it, AMBER+STRICT marked so" \
	jqx sec.json --arg m $STRICT '([.objects[] | select(.content == "HEMMELIG-bank5-STRICT") | .object_marking_refs] == [[$m]]) and ([.objects[] | select(.content == "HEMMELIG-bank1-AMBER")] | length) == 1'
check "  bank1's AMBER incident" sees sec.json bank1-incident
check "  never bank2's report to bank3, nor bank3's to nobody" sh -c "! grep -q HEMMELIG-bank2-AMBER sec.json && ! grep -q HEMMELIG-bank3-AMBER sec.json"
check "  never the RED report" blind sec.json bank6-RED

check "bank6 exports its own RED report" run 0 $S forum export $F --org bank6 --format stix --out b6.json
check "  marked TLP:RED" jqx b6.json --arg m $RED '[.objects[] | select(.content == "HEMMELIG-bank6-RED") | .object_marking_refs] == [[$m]]'
check "  it validates" $STIX b6.json
check "alice, its named recipient, exports acting for bank4" run 0 $S --actor alice forum export $F --org bank4 --format stix --out b4a.json
check "  and has bank6's RED report (TLP:RED goes to named people)" sees b4a.json bank6-RED
check "another user for bank4 does not" run 0 $S --actor bob forum export $F --org bank4 --format stix --out b4b.json
check "  not in bob's bundle" blind b4b.json bank6-RED

# ---- stable ids ----------------------------------------------------------------
check "a second export" run 0 $S forum export $F --org bank3 --format stix --out b3-again.json
check "  is byte for byte the first" cmp b3.json b3-again.json
check "the same to stdout" run 0 $S forum export $F --org bank3 --format stix
check "  is the same bundle" cmp out b3.json
cat >r-bank3b.json <<'EOF'
{"at": "2026-11-02T09:55:00+01:00", "services": [{"service": "p-betalinger", "name": "Betalinger",
 "status": "amber", "tolerance_minutes": 240}], "cause": "HEMMELIG-bank3-second", "continuity_plan_active": true, "communication_status": "internal"}
EOF
check "bank3 files another report" run 0 $S forum item add $F --org bank3 --kind report --parent c1 --tlp GREEN --body r-bank3b.json
check "an export after it" run 0 $S forum export $F --org bank3 --format stix --out b3-later.json
check "  keeps every earlier object's id and adds one note" \
	sh -c 'jq -r ".objects[].id" b3.json | sort >ids1; jq -r ".objects[].id" b3-later.json | sort >ids2; test "$(comm -23 ids1 ids2 | wc -l)" -eq 0 && test "$(comm -13 ids1 ids2 | wc -l)" -eq 1'
check "ids are UUIDv5 in skjold's namespace: the crisis's is fixed" \
	jqt '[.objects[] | select(.x_skjold_kind == "crisis") | .id] == ["incident--" + "'"$(python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("e6b6bdf6-119c-4870-9c94-969f531a2b6c"), "forum/fsor/item/crisis/c1"))')"'"]' b3.json

# ---- MISP --------------------------------------------------------------------
check "bank3 exports MISP" run 0 $S forum export $F --org bank3 --format misp --out m3.json
check "  the event validates against MISP's format" $MISP m3.json
check "  one Event: info, the day, distribution 0, threat level 1 (a Kritisk crisis), ongoing" \
	jqt '.Event | (.info | test("FSOR")) and .date == "2026-11-02" and .distribution == "0" and .threat_level_id == "1" and .analysis == "1" and .published == false' m3.json
check "  tagged with the narrowest label in it" jqt '.Event.Tag == [{"name": "tlp:amber"}]' m3.json
check "  an attribute per record, each with its own TLP tag" \
	jqt '[.Event.Attribute[] | [.value, (.Tag[] | select(.name | startswith("tlp:")) | .name)]] | map(select(.[0] | test("HEMMELIG"))) | sort == [["HEMMELIG-bank2-AMBER","tlp:amber"],["HEMMELIG-bank3-AMBER","tlp:amber"],["HEMMELIG-bank3-second","tlp:green"],["HEMMELIG-bank4-GREEN","tlp:green"],["Kernesystem nede HEMMELIG-bank2-incident","tlp:green"]]' m3.json
check "  the same records as the bundle, never more" sh -c "! grep -q -e HEMMELIG-bank1-AMBER -e HEMMELIG-bank5 -e HEMMELIG-bank6 -e HEMMELIG-bank1-incident m3.json"
check "  uuids are the STIX ids' uuids" \
	sh -c 'jq -r ".Event.Attribute[].uuid" m3.json | sort >u1; jq -r ".objects[] | select(.type == \"incident\" or .type == \"note\") | .id | sub(\"^[a-z-]+--\"; \"\")" b3-later.json | sort >u2; cmp u1 u2'
check "a second MISP export is the same" run 0 $S forum export $F --org bank3 --format misp
check "  byte for byte" cmp out m3.json
check "the secretariat's MISP event validates" run 0 $S forum export $F --org nationalbanken --format misp --out msec.json
check "  and is tagged AMBER+STRICT, its narrowest" sh -c "$MISP msec.json && jq -e '.Event.Tag == [{\"name\": \"tlp:amber+strict\"}]' msec.json >/dev/null"

# ---- refusals ----------------------------------------------------------------
before=$(dbsum f.db)
check "an unknown forum is refused" run 2 $S forum export --forum nope --org bank3 --format stix
check "  naming --forum" errhas "forum: no forum with id 'nope'"
check "an organisation outside the forum is refused" run 2 $S forum export $F --org nordsky --format stix
check "  as if the forum did not exist" errhas "forum: no forum with id 'fsor'"
check "a bad format is refused" run 2 $S forum export $F --org bank3 --format csv
check "  naming --format" errhas "format: unknown export format 'csv' (allowed: stix, misp)"
check "no format is refused" run 2 $S forum export $F --org bank3
check "  naming --format" errhas "format: an export format is required"
check "  and in Danish" run 2 env LANG=da_DK.UTF-8 $S forum export $F --org bank3 --format csv
check "  ukendt eksportformat" errhas "ukendt eksportformat 'csv'"
check "an unknown option is refused" run 2 $S forum export $F --org bank3 --format stix --colour red
check "nothing changed" test "$(dbsum f.db)" = "$before"
check "an invited member that has not joined has nothing to export" run 0 $S forum invite $F --org nationalbanken --member nordsky
check "  refused naming --org" run 2 $S forum export $F --org nordsky --format stix
check "  as not an active member" errhas "org:"

finish
