#!/bin/sh
# The sector forum from the shell: membership, TLP 2.0 on every read, list,
# view and aggregate, and the sector map analyses on the example forum
# (scripts/example-forum.sh, examples/forum/).  Confidentiality is the
# product here: most checks assert what an organisation must NOT see.
#
# The example, worked by hand (examples/forum/*.json):
#   nationalbanken (secretariat): s-rtgs (critical) uses sys-rtgs, hosted at
#     datacentral/dc-aarhus alone.
#   datacentral: dc-aarhus and dc-ballerup, both use netco/backbone (NetCo is
#     no organisation here: it exists only as the target of references).
#   betalingssystem: svc-clearing (critical) uses sys-clearing (hosted at
#     dc-aarhus alone) and nationalbanken/s-rtgs.
#   bank1..bank6: p-betalinger (critical) uses sys-core and the clearing;
#     s-netbank (critical) uses sys-web, which uses sys-core and runs on
#     nordsky/iaas (banks 1-4) or skyhost/paas (banks 5-6), one group
#     (nordsky-holding); sys-core is hosted at dc-aarhus OR dc-ballerup
#     (redundancy group "hosting"); p-kredit is not critical and not shared.
. "$(dirname "$0")/lib.sh"
NOW=2026-11-02T10:00:00+01:00
S="$SKJOLD --db f.db --now $NOW"
F="--forum fsor"
jqs() { jq -e "$1" out >/dev/null || { echo "  jq '$1' false on out" >&2; head -c 1500 out >&2; return 1; }; }
errhas() { grep -q -- "$1" err || { echo "  '$1' not in stderr:" >&2; cat err >&2; return 1; }; }

check "load the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" f.db "$NOW"

# ---- membership --------------------------------------------------------------
check "the secretariat sees the forum" run 0 $S forum show $F --org nationalbanken
check "  as its secretariat, with 8 active members" jqs '.is_secretariat == true and .active_members == 8'
check "a member sees the forum" run 0 $S forum show $F --org bank3
check "  as an active member" jqs '.status == "active" and .is_secretariat == false'
check "an organisation outside the forum is told it does not exist" run 2 $S forum show $F --org nordsky
check "  in the same words as a forum that does not exist" errhas "no forum with id 'fsor'"
check "the secretariat's member list has assets" run 0 $S forum members $F --org nationalbanken
check "  eight rows with assets" jqs 'length == 8 and (map(select(.assets_dkk_m != null)) | length) == 8'
check "a member's list has the others without assets or status" run 0 $S forum members $F --org bank3
check "  its own row in full, the others bare" \
	jqs '(map(select(.org == "bank3"))[0].assets_dkk_m == 90000) and (map(select(.org != "bank3" and has("assets_dkk_m"))) | length) == 0'
check "a member cannot invite" run 2 $S forum invite $F --org bank1 --member nordsky
check "  only the secretariat" errhas "only the forum's secretariat"

# ---- crisis, reports and TLP -------------------------------------------------
cat >crisis.json <<'EOF'
{"title": "Udfald hos datacentral", "description": "Datacenter Aarhus er nede",
 "severity": "Kritisk", "opened_at": "2026-11-02T09:00:00+01:00", "cadence_minutes": 60}
EOF
check "a member cannot open a crisis" run 2 $S forum item add $F --org bank1 --kind crisis --body crisis.json
check "the secretariat opens a crisis" run 0 $S forum item add $F --org nationalbanken --kind crisis --id c1 --body crisis.json
check "  GREEN by default, every active member expected" jqs '.tlp == "GREEN" and (.body.members_expected | length) == 8'
before=$(dbsum f.db)
check "adding a crisis with an id that exists is refused, never a replacement" run 2 $S forum item add $F --org nationalbanken --kind crisis --id c1 --body crisis.json
check "  names the id and says to update it instead" has "^skjold: id: a crisis with id 'c1' exists already; update it instead" err
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
report() { # report FILE MEMBER STATUS
	cat >"$1" <<EOF
{"at": "2026-11-02T09:40:00+01:00", "services": [{"service": "p-betalinger", "name": "Betalinger",
 "status": "$3", "tolerance_minutes": 240, "expected_recovery_minutes": 120}],
 "cause": "HEMMELIG-$2", "continuity_plan_active": true, "communication_status": "internal",
 "next_update_at": "2026-11-02T10:30:00+01:00"}
EOF
}
report r1.json bank1 red
check "bank1 files a report (default: AMBER to the secretariat)" run 0 $S forum item add $F --org bank1 --kind report --parent c1 --body r1.json
check "  AMBER, recipients the secretariat, server-made id" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken"] and (.id | test("^report-[0-9a-f]{16}$"))'
R1=$(jq -r .id out)
check "  the member is the filing organisation" jqs '.body.member == "bank1"'
check "the secretariat sees it" run 0 $S forum item show $F --org nationalbanken --kind report --id "$R1"
check "  without the author or recipients (not the owner)" jqs 'has("by") == false and has("recipients") == false'
check "bank2 does not" run 2 $S forum item show $F --org bank2 --kind report --id "$R1"
cp err hidden.err
check "bank2's answer for a made-up id" run 2 $S forum item show $F --org bank2 --kind report --id report-0123456789abcdef
check "  reads exactly like the one for bank1's hidden report" sh -c "sed 's/report-[0-9a-f]*/ID/' err >a; sed 's/report-[0-9a-f]*/ID/' hidden.err >b; cmp -s a b"
check "bank2's list of reports" run 0 $S forum item list $F --org bank2 --kind report
check "  does not have it" jqs 'length == 0'
check "no word of bank1's report in bank2's picture" run 0 $S forum view picture $F --org bank2 --crisis c1
check "  (the cause text is absent)" sh -c '! grep -q HEMMELIG-bank1 out'
check "the secretariat's picture names each member beside its id" run 0 $S forum view picture $F --org nationalbanken --crisis c1
check "  bank1 is 'Eksempel Bank 1 A/S' wherever it appears" \
	jqs '[.. | objects | select(.member == "bank1") | .member_name] | length > 0 and all(. == "Eksempel Bank 1 A/S")'
check "bank2 cannot update bank1's report" run 2 $S forum item update $F --org bank2 --kind report --id "$R1" --body r1.json
check "  and is told it does not exist" errhas "no report with id"

report r2.json bank2 amber
check "bank2 shares a report with bank3 (AMBER)" run 0 $S forum item add $F --org bank2 --kind report --parent c1 --tlp AMBER --to bank3 --body r2.json
R2=$(jq -r .id out)
check "bank3 sees it" run 0 $S forum item show $F --org bank3 --kind report --id "$R2"
check "bank4 does not" run 2 $S forum item show $F --org bank4 --kind report --id "$R2"
check "nor does the secretariat (not a recipient)" run 2 $S forum item show $F --org nationalbanken --kind report --id "$R2"

report r3.json bank3 green
check "an AMBER report to nobody (empty recipients)" run 0 $S forum item add $F --org bank3 --kind report --parent c1 --tlp AMBER --to "" --body r3.json
R3=$(jq -r .id out)
check "  stays with its owner: the secretariat does not see it" run 2 $S forum item show $F --org nationalbanken --kind report --id "$R3"
check "  nor does any member" run 2 $S forum item show $F --org bank4 --kind report --id "$R3"
check "  the owner does" run 0 $S forum item show $F --org bank3 --kind report --id "$R3"
check "AMBER to an organisation outside the forum is refused" run 2 $S forum item add $F --org bank3 --kind report --parent c1 --tlp AMBER --to nordsky --body r3.json
check "  naming the recipient" errhas "recipients\[0\]"
check "RED needs named recipients" run 2 $S forum item add $F --org bank3 --kind report --parent c1 --tlp RED --body r3.json
check "RED to one person" run 0 $S forum item add $F --org bank3 --kind report --parent c1 --tlp RED --to alice --body r3.json
RR=$(jq -r .id out)
check "  alice at the secretariat sees it" run 0 $SKJOLD --db f.db --now $NOW --actor alice forum item show $F --org nationalbanken --kind report --id "$RR"
check "  bob at the secretariat does not" run 2 $SKJOLD --db f.db --now $NOW --actor bob forum item show $F --org nationalbanken --kind report --id "$RR"

report r4.json bank4 green
check "bank4 reports GREEN" run 0 $S forum item add $F --org bank4 --kind report --parent c1 --tlp GREEN --body r4.json
R4=$(jq -r .id out)
check "  every member sees it" run 0 $S forum item show $F --org bank6 --kind report --id "$R4"
check "  the data centre too" run 0 $S forum item show $F --org datacentral --kind report --id "$R4"

# ---- a child is no wider than its parent -------------------------------------
# A decision or report shows its crisis's id and speaks of it: under an AMBER
# crisis for bank1 it may not reach bank2.
check "the secretariat opens crisis c2 AMBER for itself and bank1" run 0 $S forum item add $F --org nationalbanken --kind crisis --id c2 --tlp AMBER --to nationalbanken,bank1 --body crisis.json
echo '{"at": "2026-11-02T09:50:00+01:00", "decision": "HEMMELIG-beslutning", "by": "alice"}' >dec.json
before=$(dbsum f.db)
check "a GREEN decision under it is refused" run 2 $S forum item add $F --org nationalbanken --kind decision --parent c2 --tlp GREEN --body dec.json
check "  naming tlp and the parent" errhas "^skjold: tlp: the parent crisis 'c2' is TLP:AMBER, .* not TLP:GREEN"
check "one to bank2 as well is refused" run 2 $S forum item add $F --org nationalbanken --kind decision --parent c2 --tlp AMBER --to nationalbanken,bank2 --body dec.json
check "  naming recipients[1]" errhas "^skjold: recipients\[1\]: the parent crisis 'c2' is TLP:AMBER: .*outside its recipients, not 'bank2'"
check "bank1 cannot report GREEN on it" run 2 $S forum item add $F --org bank1 --kind report --parent c2 --tlp GREEN --body r1.json
check "  (tlp)" errhas "^skjold: tlp: the parent crisis 'c2' is TLP:AMBER"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "a decision without a label takes the crisis's" run 0 $S forum item add $F --org nationalbanken --kind decision --parent c2 --body dec.json
check "  AMBER for the secretariat and bank1 (not the kind's GREEN)" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken","bank1"]'
check "bank1 sees the decision" run 0 $S forum item list $F --org bank1 --kind decision
check "  (one)" jqs 'length == 1'
check "bank2's decisions" run 0 $S forum item list $F --org bank2 --kind decision
check "  have no word of it" sh -c '! grep -q "HEMMELIG-beslutning\|c2" out'
check "bank1 reports on c2 (AMBER to the secretariat, its default)" run 0 $S forum item add $F --org bank1 --kind report --parent c2 --body r1.json
check "  the crisis's owner may be told" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken"]'

# ---- the group-size rule -----------------------------------------------------
# Aggregatable reports are those the secretariat may see, labelled CLEAR,
# GREEN or AMBER: so far bank1 (AMBER to it) and bank4 (GREEN) = 2 members;
# bank2's AMBER goes to bank3 only, bank3's are to nobody or RED.
check "a member's picture with 2 aggregatable members" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  suppresses the sector figures" jqs '.sector.suppressed == "fewer than 5" and (.sector | has("counts") | not)'
report r5.json bank5 green
check "bank5 reports AMBER+STRICT to the secretariat" run 0 $S forum item add $F --org bank5 --kind report --parent c1 --tlp AMBER+STRICT --to nationalbanken --body r5.json
check "  3 members, one AMBER+STRICT: still suppressed" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  (AMBER+STRICT never feeds an aggregate)" jqs '.sector.suppressed == "fewer than 5"'
report r6.json bank6 green
check "bank6 reports GREEN" run 0 $S forum item add $F --org bank6 --kind report --parent c1 --tlp GREEN --body r6.json
check "  3 aggregatable members (bank1, bank4, bank6)" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  suppressed" jqs '.sector.suppressed == "fewer than 5"'
report r7.json datacentral red
check "the data centre reports AMBER" run 0 $S forum item add $F --org datacentral --kind report --parent c1 --body r7.json
check "  4 aggregatable members: suppressed" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  (no counts)" jqs '.sector.suppressed == "fewer than 5"'
report r8.json betalingssystem amber
check "the payment system reports GREEN" run 0 $S forum item add $F --org betalingssystem --kind report --parent c1 --tlp GREEN --body r8.json
check "  5 aggregatable members: the sector figures appear" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  with counts and no member names" jqs '.sector.members_reporting == 5 and (.sector.counts != null)'
check "  and the member's own part names only itself" sh -c '! grep -q "\"bank[1-5]\"" out'

# ---- leaving withdraws; coming back does not restore -------------------------
check "bank3 leaves" run 0 $S forum leave $F --org bank3
check "  and no longer sees bank2's AMBER report to it" run 2 $S forum item show $F --org bank3 --kind report --id "$R2"
check "  nor GREEN reports" run 2 $S forum item show $F --org bank3 --kind report --id "$R4"
check "bank3's own GREEN-less reports are withdrawn from the secretariat too" run 2 $SKJOLD --db f.db --now $NOW --actor alice forum item show $F --org nationalbanken --kind report --id "$RR"
check "the secretariat invites bank3 again" run 0 $SKJOLD --db f.db --now 2026-11-02T11:00:00+01:00 forum invite $F --org nationalbanken --member bank3 --assets 90000
check "bank3 rejoins" run 0 $SKJOLD --db f.db --now 2026-11-02T11:05:00+01:00 forum join $F --org bank3
check "  GREEN is the community's again" run 0 $SKJOLD --db f.db --now 2026-11-02T11:05:00+01:00 forum item show $F --org bank3 --kind report --id "$R4"
check "  but AMBER addressed to it before it left stays closed" run 2 $SKJOLD --db f.db --now 2026-11-02T11:05:00+01:00 forum item show $F --org bank3 --kind report --id "$R2"

# ---- the sector map analyses -------------------------------------------------
# dc-aarhus fails: sys-rtgs (hosted there alone) and so s-rtgs; sys-clearing
# and so svc-clearing; every bank's p-betalinger (it uses the clearing).
# sys-core survives on dc-ballerup (its redundancy group), so s-netbank runs.
# Failed: dc-aarhus, sys-rtgs, s-rtgs, sys-clearing, svc-clearing, 6 x
# p-betalinger = 11 nodes; 8 functions in 8 organisations.
check "outage of the Aarhus data centre, as the secretariat" run 0 $S forum outage $F --org nationalbanken --node datacentral/dc-aarhus
check "  11 nodes fail, 8 functions in 8 members stop" jqs '.failed_nodes == 11 and (.functions_stopped | length) == 8 and (.members_hit | length) == 8'
check "  every bank's payments stop, no netbank" jqs '([.functions_stopped[].node] | map(select(test("p-betalinger"))) | length) == 6 and ([.functions_stopped[].node] | map(select(test("netbank"))) | length) == 0'
check "the same outage as bank1" run 0 $S forum outage $F --org bank1 --node datacentral/dc-aarhus
check "  its own payments, and the sector as a count" jqs '.your_functions_stopped == [{"node":"bank1/p-betalinger","org":"bank1","name":"Betalingsformidling"}] and .sector_members_hit == 8 and (has("members_hit") | not)'
check "bank1 cannot simulate a node of another bank's it cannot see" run 2 $S forum outage $F --org bank1 --node bank2/sys-core
check "  (not in its view of the map)" errhas "no node 'bank2/sys-core'"
check "the secretariat can" run 0 $S forum outage $F --org nationalbanken --node bank2/sys-core
# bank1/p-betalinger needs sys-core and the clearing (both required); the
# clearing needs sys-clearing (dc-aarhus alone) and s-rtgs (sys-rtgs, also
# dc-aarhus); both data centres use netco/backbone, so it takes sys-core's
# two alternatives down at once.  dc-ballerup alone is no SPOF.  Bank 1's register added its ICT
# providers to its map (examples/forum/bank1.json): the payments use Betalingsnet and Kortdrift
# directly, and sys-core is supplied by Kernebank (itself supplied by Nordsky, supplied by
# Fibernet) and by the group's own IT company, each edge required: six more, thirteen in all.
check "single points of failure of bank1's payments" run 0 $S forum spof $F --org nationalbanken --function bank1/p-betalinger
check "  exactly thirteen, dc-ballerup not among them" jqs '[.functions[0].single_points_of_failure[].node] | sort == ["bank1/ict-bank1-it","bank1/ict-betalingsnet","bank1/ict-fibernet","bank1/ict-kernebank","bank1/ict-kortdrift","bank1/ict-nordsky","bank1/sys-core","betalingssystem/svc-clearing","betalingssystem/sys-clearing","datacentral/dc-aarhus","nationalbanken/s-rtgs","nationalbanken/sys-rtgs","netco/backbone"]'
check "a member's SPOFs cover its own functions only" run 0 $S forum spof $F --org bank2
check "  bank2's two critical functions" jqs '(.functions | length) == 2 and ([.functions[].org] | unique) == ["bank2"]'
# Footprint: 6 credit members (the banks), 1 payment (betalingssystem), 1
# authority (the secretariat).  datacentral: all 8 directly.  netco: all 8,
# none directly (only through the data centre).  nationalbanken: the payment
# system directly, the six banks through the clearing.  The two cloud
# companies are one group (nordsky-holding): the six banks, directly.
check "provider footprint, as the secretariat" run 0 $S forum footprint $F --org nationalbanken
check "  the data centre: 8 members, all direct, flagged" jqs '.providers[] | select(.provider == "datacentral") | .members == 8 and .members_direct == 8 and .flagged'
check "  NetCo: 8 members, only through subcontractors" jqs '.providers[] | select(.provider == "netco") | .members == 8 and .members_direct == 0 and .only_through_subcontractors == 8'
check "  the cloud group: all 6 banks, 100 % of credit assets" jqs '.providers[] | select(.provider == "nordsky-holding") | .members == 6 and (.categories[] | select(.category == "credit") | .member_share == 1 and .asset_share == 1 and .flagged)'
check "  the secretariat: 7 members, 1 direct" jqs '.providers[] | select(.provider == "nationalbanken") | .members == 7 and .members_direct == 1'
check "  each provider that is an organisation of skjold by its name; NetCo, named only in the maps, by its id" \
	jqs '[.providers[] | [.provider, .name]] | map(select(.[0] != "nordsky-holding")) | sort ==
	[["betalingssystem","Eksempel Betalingssystem A/S"],["datacentral","Eksempel Datacentral A/S"],
	["nationalbanken","Eksempel Nationalbank (sekretariat)"],["netco",null]]'
check "footprint as a member" run 0 $S forum footprint $F --org bank6
check "  only providers of at least 5 members, no member names" jqs '(.providers | map(.provider) | sort) == ["betalingssystem","datacentral","nationalbanken","netco","nordsky-holding"] and ([.. | objects | select(has("members_direct"))] | length) == 0'
# HHI: one provider group per type, so 10000 each; S17 is banks 1-4 on
# Nordsky IaaS (4 relationships), S18 banks 5-6 on Skyhost PaaS (2).
check "concentration per ICT service type" run 0 $S forum concentration $F --org nationalbanken
check "  S07 8 relationships, S17 4, S18 2, all HHI 10000" jqs '[.types[] | [.service_type, .relationships, .hhi]] == [["S07",8,10000],["S10",8,10000],["S17",4,10000],["S18",2,10000]]'
check "concentration as a member" run 0 $S forum concentration $F --org bank2
check "  S17 and S18 are below 5 relationships: suppressed" jqs '[.types[] | select(.suppressed) | .service_type] == ["S17","S18"]'
check "the reverse stress test is the secretariat's" run 2 $S forum stress $F --org bank1 --share 0.5
check "stress: half the sector's 14 critical functions" run 0 $S forum stress $F --org nationalbanken --share 0.5
check "  one node does it, exactly: the Aarhus data centre or NetCo" jqs '.exact and (.set | length) == 1 and (.set[0].node == "netco/backbone" or .set[0].node == "datacentral/dc-aarhus") and .functions_stopped >= 7'

# ---- baseline self-assessment: feedback over groups of at least 5 -------------
# Campaign b26 on NIS2 art. 21(2): six banks answer (a) with maturity
# i mod 5 + 1 for bank i: 2,3,4,5,1,2, so the sector's sorted scores are
# 1,2,2,3,4,5: median 2.5, q1 2,
# q3 3.75 (type 7).  bank2 has 3: 3 below it and 1 equal, percentile
# 100 x (3 + 0.5) / 6 = 58.3.  Campaign s26 gets four answers only.
echo '{"catalogue":"nis2-art21","title":"Baseline 2026","opens_on":"2026-10-01","closes_on":"2026-12-01","status":"open"}' >camp.json
check "the secretariat opens a baseline campaign" run 0 $S forum item add $F --org nationalbanken --kind campaign --id b26 --body camp.json
check "a member cannot" run 2 $S forum item add $F --org bank1 --kind campaign --id x26 --body camp.json
sed 's/Baseline 2026/Lille kampagne/' camp.json >small.json
check "and a second campaign" run 0 $S forum item add $F --org nationalbanken --kind campaign --id s26 --body small.json
i=0
for b in bank1 bank2 bank3 bank4 bank5 bank6; do
	i=$((i + 1))
	echo "{\"items\":[{\"item\":\"21(2)(a)\",\"maturity\":$((i % 5 + 1)),\"evidence\":\"POLITIK-$b\"}]}" >"a-$b.json"
	check "$b answers b26" run 0 $S forum item add $F --org $b --kind answer --parent b26 --body "a-$b.json"
	[ $i -le 4 ] && check "$b answers s26" run 0 $S forum item add $F --org $b --kind answer --parent s26 --body "a-$b.json"
done
check "an answer naming an item the catalogue lacks is refused" run 2 $S forum item add $F --org bank1 --kind answer --parent b26 --body camp.json
check "feedback waits for the campaign to close" run 2 $S forum view baseline-feedback $F --org bank2 --campaign b26
check "  (one frozen release)" errhas "once the campaign has closed"
sed 's/"open"/"closed"/' camp.json >closed.json
sed 's/"open"/"closed"/' small.json >small-closed.json
check "the secretariat closes both" run 0 $S forum item update $F --org nationalbanken --kind campaign --id b26 --body closed.json
check "  " run 0 $S forum item update $F --org nationalbanken --kind campaign --id s26 --body small-closed.json
check "bank2's feedback on b26" run 0 $S forum view baseline-feedback $F --org bank2 --campaign b26
check "  its score 3, median 2.5, quartiles 2 and 3.75, percentile 58.3" \
	jqs '.areas[0].member_score == 3 and .areas[0].sector.median == 2.5 and .areas[0].sector.q1 == 2 and .areas[0].sector.q3 == 3.75 and .areas[0].percentile == 58.3'
check "  and no other member's name or evidence" sh -c '! grep -Eq "bank[13-6]|POLITIK" out'
check "bank2's feedback on s26 (4 answers)" run 0 $S forum view baseline-feedback $F --org bank2 --campaign s26
check "  is suppressed and names no count below 5" jqs '.areas[0].suppressed == true and (.areas[0] | has("sector") | not)'
check "  (not even '4')" sh -c '! grep -q "\"members\": 4" out'

# ---- red-team programme ------------------------------------------------------
check "the red-team aggregate is the secretariat's" run 2 $S forum view redteam-aggregate $F --org bank1
check "the secretariat's aggregate with no tests" run 0 $S forum view redteam-aggregate $F --org nationalbanken
check "a member's red-team status" run 0 $S forum view redteam-status $F --org bank1
# a member's new test gets its server-made id in the body too, so it can move on and take findings
cat >rt.json <<'EOF'
{"id": "my-own-id", "title": "TIBER-DK bank1", "phase": "preparation", "critical_functions": ["Betalingsformidling"],
 "phases": {"preparation": {"start": "2026-09-01"}}}
EOF
check "bank1 adds a red-team test (an id in the body is the server's to make)" run 0 $S forum item add $F --org bank1 --kind redteam --body rt.json
RT=$(jq -r .id out)
check "  the item's id is server-made, and the body carries the same" jqs '(.id | test("^redteam-[0-9a-f]{16}$")) and .body.id == .id'
jq '.body | .phase = "threat_intelligence" | .phases.preparation.end = "2026-09-20" | .phases.threat_intelligence = {"start": "2026-09-21"} | .deliverables.scope_specification = {"actual": "2026-09-10"}' out >rt2.json
check "  it moves on to threat intelligence" run 0 $S forum item update $F --org bank1 --kind redteam --id "$RT" --body rt2.json
check "  (version 2, same id)" jqs ".version == 2 and .body.id == \"$RT\" and .body.phase == \"threat_intelligence\""
check "bank2 cannot write to it (answered as missing)" run 2 $S forum item update $F --org bank2 --kind redteam --id "$RT" --body rt2.json
check "  in the words of a missing one" errhas "^skjold: .*no redteam with id '$RT'"
check "bank1 reads its test" run 0 $S forum item show $F --org bank1 --kind redteam --id "$RT"
jq '.body | .phase = "red_team" | .phases.threat_intelligence.end = "2026-09-28" | .phases.red_team = {"start": "2026-09-29"} | .deliverables.tti_report = {"actual": "2026-09-25"}' out >rt3.json
check "  and on to the red-team test" run 0 $S forum item update $F --org bank1 --kind redteam --id "$RT" --body rt3.json
cat >fd.json <<'EOF'
{"title": "Svag MFA på fjernadgang", "severity": "high", "category": "initial_access", "reported_on": "2026-10-01"}
EOF
check "a finding under it with a wider label (AMBER) is refused" run 2 $S forum item add $F --org bank1 --kind finding --parent "$RT" --tlp AMBER --body fd.json
check "  naming tlp and the test" errhas "^skjold: tlp: the parent redteam '$RT' is TLP:AMBER+STRICT"
check "one to bank2 too is refused" run 2 $S forum item add $F --org bank1 --kind finding --parent "$RT" --tlp AMBER+STRICT --to nationalbanken,bank2 --body fd.json
check "  naming recipients[1]" errhas "^skjold: recipients\[1\]: .*outside its recipients, not 'bank2'"
check "without a label a finding goes where its test goes" run 0 $S forum item add $F --org bank1 --kind finding --parent "$RT" --body fd.json
check "  AMBER+STRICT to the secretariat" jqs '.tlp == "AMBER+STRICT" and .recipients == ["nationalbanken"]'
check "a negative --version (the fresh-id marker) is refused" run 2 $S forum item add $F --org bank1 --kind redteam --id "$RT" --version -1 --body rt.json
check "  naming --version" errhas "^skjold: --version: "
check "the shipped catalogues" run 0 $S forum view catalogues $F --org bank1
check "  NIST CSF 2.0 (6 functions) and NIS2 art. 21(2) (10 points)" \
	jqs '(map(select(.id == "nist-csf-2.0"))[0].areas | length) == 6 and (map(select(.id == "nis2-art21"))[0].areas | length) == 10'

# ---- settings: the group-size floor and the risk scale ------------------------
check "the secretariat reads the settings" run 0 $S forum settings $F --org nationalbanken
check "  min_group 5 and the default scale (refresh every 6 months)" \
	jqs '.min_group == 5 and .min_group_floor == 5 and .risk_scale_default == true and .risk_scale.refresh_months == 6 and (.risk_scale.levels | map(.code)) == ["Lav","Medium","Høj","Kritisk"]'
cp out settings.json
check "a member reads them too" run 0 $S forum settings $F --org bank2
check "  the same" jqs '.min_group == 5 and .risk_scale_default == true'
before=$(dbsum f.db)
check "a member cannot change them" run 2 $S forum settings $F --org bank2 --min-group 7
check "  only the secretariat" errhas "only the forum's secretariat"
check "min_group 4 (below the floor) is refused" run 2 $S forum settings $F --org nationalbanken --min-group 4
check "  naming min_group" errhas "^skjold: min_group: "
check "min_group 1001 is refused" run 2 $S forum settings $F --org nationalbanken --min-group 1001
check "min_group 5.5 is refused" run 2 $S forum settings $F --org nationalbanken --min-group 5.5
check "  naming min_group" errhas "^skjold: min_group: "
# the default scale with cell [0][0] made Medium: cell [0][1] (Lav) is then lower than the cell left of it
jq '.risk_scale | .matrix[0][0] = "Medium"' settings.json >bad-scale.json
check "a scale whose matrix falls to the right is refused" run 2 $S forum settings $F --org nationalbanken --risk-scale bad-scale.json
check "  naming the cell (frisk_scale_check)" errhas "^skjold: risk_scale.matrix\[0\]\[1\]: "
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "the secretariat raises min_group to 6" run 0 $S forum settings $F --org nationalbanken --min-group 6
check "  the settings say 6, the scale unchanged" jqs '.min_group == 6 and .risk_scale_default == true'
check "  a member's forum says 6" run 0 $S forum show $F --org bank6
check "  (min_group)" jqs '.min_group == 6'
# 5 aggregatable members reported on c1 (the group-size section above): below 6 now
check "  bank6's picture with 5 aggregatable members is suppressed again" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  as fewer than 6" jqs '.sector.suppressed == "fewer than 6" and (.sector | has("counts") | not)'
check "back to 5 (the floor may be returned to, not passed)" run 0 $S forum settings $F --org nationalbanken --min-group 5
check "  the sector figures are back" run 0 $S forum view picture $F --org bank6 --crisis c1
check "  (5 members reporting)" jqs '.sector.members_reporting == 5'
check "settings changes are audited under the secretariat" run 0 $S audit log --org nationalbanken
check "  (two, before and after)" jqs '[.[] | select(.entity == "forum" and .action == "settings")] | length == 2'

# ---- the forum risk register: re-rating and sources -------------------------
# R1: rated 2026-05-04 at likelihood 2, consequence 5 (default scale: Høj);
# refresh due 2026-05-04 + 6 months = 2026-11-04.  Its dependency source is
# the Aarhus data centre, shared GREEN with the forum.
cat >risk-r1.json <<'EOF'
{"id": "R1", "title": "Udfald af fælles datacenter", "likelihood": 2, "consequence": 5, "rated_on": "2026-05-04",
 "sources": [{"kind": "dependency", "ref": "datacentral/dc-aarhus"}, {"kind": "threat", "ref": "CFCS 2026"}]}
EOF
check "the secretariat adds risk R1" run 0 $S forum item add $F --org nationalbanken --kind risk --body risk-r1.json
check "  Høj, one rating in its history, version 1" jqs '.body.level == "Høj" and (.body.history | length) == 1 and .version == 1'
check "the register" run 0 $S forum view register $F --org nationalbanken
check "  R1's refresh is due 2026-11-04, not yet overdue" jqs '.risks[0].id == "R1" and .risks[0].refresh_due == "2026-11-04" and .risks[0].refresh_overdue == false'
jq '.risk_scale | .refresh_months = 3 | .name = "Kvartal"' settings.json >q-scale.json
check "a quarterly scale (refresh_months 3) is stored" run 0 $S forum settings $F --org nationalbanken --risk-scale q-scale.json
check "  normalised, no longer the default" jqs '.risk_scale.name == "Kvartal" and .risk_scale.refresh_months == 3 and .risk_scale_default == false and .risk_scale.likelihood[0].value == 1'
check "the register on it" run 0 $S forum view register $F --org nationalbanken
check "  R1 was due 2026-08-04: overdue" jqs '.risks[0].refresh_due == "2026-08-04" and .risks[0].refresh_overdue == true'
check "the default scale again" run 0 $S forum settings $F --org nationalbanken --risk-scale default
check "  (risk_scale_default)" jqs '.risk_scale_default == true and .risk_scale.refresh_months == 6'
before=$(dbsum f.db)
check "a member cannot re-rate" run 2 $S forum item rerate $F --org bank1 --id R1 --likelihood 2 --consequence 5
check "  only the secretariat" errhas "only the forum's secretariat"
check "a rating dated after today is refused" run 2 $S forum item rerate $F --org nationalbanken --id R1 --likelihood 2 --consequence 5 --rated-on 2026-11-03
check "  naming rated_on" errhas "^skjold: rated_on: "
check "likelihood 6 is refused" run 2 $S forum item rerate $F --org nationalbanken --id R1 --likelihood 6 --consequence 5
check "  naming likelihood" errhas "^skjold: likelihood: "
check "an unknown risk" run 2 $S forum item rerate $F --org nationalbanken --id R9 --likelihood 2 --consequence 5
check "  is not found" errhas "no risk with id 'R9'"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "alice confirms R1 unchanged (2 x 5)" run 0 $SKJOLD --db f.db --now $NOW --actor alice forum item rerate $F --org nationalbanken --id R1 --likelihood 2 --consequence 5 --rationale "bekræftet"
check "  a second history entry, today's, by alice; version 2" \
	jqs '(.body.history | length) == 2 and .body.history[1] == {"rated_on":"2026-11-02","likelihood":2,"consequence":5,"score":10,"level":"Høj","rationale":"bekræftet","by":"alice"} and .body.rated_on == "2026-11-02" and .version == 2'
check "  the first entry kept as it was" jqs '.body.history[0].rated_on == "2026-05-04" and .body.history[0].by == null'
check "the register after the refresh" run 0 $S forum view register $F --org nationalbanken
check "  R1's refresh is due 2027-05-02" jqs '.risks[0].refresh_due == "2027-05-02" and .risks[0].refresh_overdue == false'
check "the re-rating is audited as an update of the item" run 0 $S audit log --org nationalbanken
check "  (fsor/risk/R1)" jqs '[.[] | select(.entity == "forum_item" and .action == "update" and .key == "fsor/risk/R1")] | length == 1'

# risk_with ID KIND REF: R1 as risk ID whose first source is KIND REF, in risk-ID.json
risk_with() {
	sed "s#\"dependency\", \"ref\": \"datacentral/dc-aarhus\"#\"$2\", \"ref\": \"$3\"#; s/\"R1\"/\"$1\"/" risk-r1.json >"risk-$1.json"
}
# refused LABEL KIND REF: such a risk is refused naming sources[0].ref; the words, bar REF, in refused-REF.err
refused() {
	risk_with RX "$2" "$3"
	check "$1" run 2 $S forum item add $F --org nationalbanken --kind risk --body risk-RX.json
	check "  naming sources[0].ref" errhas "^skjold: sources\[0\]\.ref: no .*'$3'"
	sed "s#$3#REF#" err >"refused-$(echo "$3" | tr / _).err"
}
# dependency sources: a key of the sector map as the secretariat has it
before=$(dbsum f.db)
refused "a dependency source naming a node that does not exist is refused" dependency datacentral/dc-odense
check "  (no node in the map)" errhas "no node 'datacentral/dc-odense' in the sector map"
refused "one bank1 did not share (p-kredit is not critical)" dependency bank1/p-kredit
check "  reads exactly like the missing one" cmp -s refused-datacentral_dc-odense.err refused-bank1_p-kredit.err
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
refused "a survey source naming no survey is refused" survey nosuch/q1/ransomware
risk_with R3 dependency netco/backbone
check "NetCo's backbone, in the map only as the data centre's reference, may be cited" run 0 $S forum item add $F --org nationalbanken --kind risk --body risk-R3.json

# ---- incidents shared with the forum -----------------------------------------
# bank1 shares inc-b1 AMBER with the secretariat only; bank2 shares all its
# incidents GREEN but withholds inc-b2x; bank3 shares none.
for i in b1:bank1 b2:bank2 b2x:bank2 b3:bank3; do
	cat >"inc-${i%%:*}.json" <<EOF
{"id": "inc-${i%%:*}", "title": "Kernesystem nede ${i%%:*}", "occurred_at": "2026-10-30T08:50:00+01:00",
 "detected_at": "2026-10-30T09:30:00+01:00", "nodes": ["sys-core"], "facts": {"significant_disruption": true}}
EOF
	check "${i##*:} records incident inc-${i%%:*}" run 0 $S incident add "inc-${i%%:*}.json" --org "${i##*:}"
done
check "bank1 shares inc-b1 AMBER with the secretariat" run 0 $S forum share $F --org bank1 --kind incident --target inc-b1 --tlp AMBER --to nationalbanken
check "  the new share is printed" jqs '(.id | test("^s-[0-9a-f]{12}$")) and .kind == "incident" and .target == "inc-b1" and .tlp == "AMBER" and .recipients == ["nationalbanken"]'
check "bank2 shares its incidents GREEN" run 0 $S forum share $F --org bank2 --kind incident --tlp GREEN
check "  a rule, no target" jqs '.kind == "incident" and .tlp == "GREEN" and (has("target") | not)'
check "  and withholds inc-b2x" run 0 $S forum share $F --org bank2 --kind incident --target inc-b2x --tlp WITHHOLD
check "an incident rule with a filter is refused" run 2 $S forum share $F --org bank3 --kind incident --tlp GREEN --critical-only true
check "  naming filter" errhas "^skjold: filter: "
check "the secretariat's incidents view" run 0 $S forum view incidents $F --org nationalbanken
check "  bank1's and bank2's shared ones, not the withheld or the unshared" jqs '[.incidents[] | [.ref, .tlp]] == [["bank1/inc-b1","AMBER"],["bank2/inc-b2","GREEN"]]'
check "  with the member, title and times (UTC)" jqs '.incidents[0] | .org == "bank1" and .incident == "inc-b1" and .title == "Kernesystem nede b1" and .detected_at == "2026-10-30T08:30:00Z" and .occurred_at == "2026-10-30T07:50:00Z" and .status == "open" and (.classification | type) == "object"'
check "bank3's view" run 0 $S forum view incidents $F --org bank3
check "  has bank2's GREEN incident only: not bank1's AMBER to the secretariat" jqs '[.incidents[].ref] == ["bank2/inc-b2"]'
check "  (no word of it)" sh -c '! grep -q "inc-b1" out'
check "bank1's view has its own with its recipients" run 0 $S forum view incidents $F --org bank1
check "  and bank2's without" jqs '(.incidents[] | select(.ref == "bank1/inc-b1") | .recipients) == ["nationalbanken"] and (.incidents[] | select(.ref == "bank2/inc-b2") | has("recipients") | not)'
check "an organisation outside the forum has no view" run 2 $S forum view incidents $F --org nordsky
# A risk's body carries each source's reference, so its label may be no
# wider than the source's share: bank1's incident is AMBER to the secretariat.
risk_with R4 incident bank1/inc-b1
before=$(dbsum f.db)
check "a GREEN risk (the default) citing bank1's AMBER incident is refused" run 2 $S forum item add $F --org nationalbanken --kind risk --body risk-R4.json
check "  naming tlp and the source: every member would learn of the incident" errhas "^skjold: tlp: sources\[0\] (incident bank1/inc-b1) is TLP:AMBER, .* label it AMBER, AMBER+STRICT or RED, not TLP:GREEN"
check "CLEAR is refused alike" run 2 $S forum item add $F --org nationalbanken --kind risk --tlp CLEAR --body risk-R4.json
check "  (tlp)" errhas "^skjold: tlp: .*not TLP:CLEAR"
check "AMBER to the secretariat and bank2 is refused" run 2 $S forum item add $F --org nationalbanken --kind risk --tlp AMBER --to nationalbanken,bank2 --body risk-R4.json
check "  naming recipients[1], whoever else bank1 shared it with" errhas "^skjold: recipients\[1\]: .*no organisation but nationalbanken and bank1, not 'bank2'"
check "RED to a user who acts for neither the secretariat nor bank1 is refused" run 2 $S forum item add $F --org nationalbanken --kind risk --tlp RED --to mallory --body risk-R4.json
check "  naming recipients[0]" errhas "^skjold: recipients\[0\]: .*'mallory' does not"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "AMBER (to the secretariat by default) is taken" run 0 $S forum item add $F --org nationalbanken --kind risk --tlp AMBER --body risk-R4.json
check "  keeps the source" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken"] and .body.sources[0] == {"kind":"incident","ref":"bank1/inc-b1","note":null}'
check "bank1, the incident's owner, may be a recipient" run 0 $S forum item update $F --org nationalbanken --kind risk --id R4 --tlp AMBER --to nationalbanken,bank1 --body risk-R4.json
check "an update without a label keeps the risk's own" run 0 $S forum item update $F --org nationalbanken --kind risk --id R4 --body risk-R4.json
check "  AMBER to the same two, not the kind's default GREEN" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken","bank1"] and .version == 3'
check "bank1 sees R4" run 0 $S forum item show $F --org bank1 --kind risk --id R4
for m in bank2 bank3; do
	check "$m is told R4 does not exist" run 2 $S forum item show $F --org $m --kind risk --id R4
	check "  in the words of a missing one" errhas "no risk with id 'R4'"
	check "$m's risk list" run 0 $S forum item list $F --org $m --kind risk
	check "  has no word of inc-b1" sh -c '! grep -q "inc-b1" out'
	check "$m's register" run 0 $S forum view register $F --org $m
	check "  has no word of inc-b1 either" sh -c '! grep -q "inc-b1" out'
done
check "a user of the secretariat" run 0 $SKJOLD --db f.db user add ninna
check "  with a role there" run 0 $SKJOLD --db f.db user role ninna --org nationalbanken --role isk
risk_with R5 incident bank1/inc-b1
check "RED to her may cite bank1's AMBER incident" run 0 $S forum item add $F --org nationalbanken --kind risk --tlp RED --to ninna --body risk-R5.json
check "  (RED, hers)" jqs '.tlp == "RED" and .recipients == ["ninna"]'
# a dependency source: bank1 shares its critical functions AMBER with the secretariat
risk_with R6 dependency bank1/p-betalinger
check "a GREEN risk citing bank1's AMBER node is refused" run 2 $S forum item add $F --org nationalbanken --kind risk --body risk-R6.json
check "  naming tlp and the node" errhas "^skjold: tlp: sources\[0\] (node bank1/p-betalinger) is TLP:AMBER"
check "AMBER to the secretariat is taken" run 0 $S forum item add $F --org nationalbanken --kind risk --tlp AMBER --body risk-R6.json
risk_with R8 dependency datacentral/dc-aarhus
check "a CLEAR risk citing the data centre (shared GREEN) is refused" run 2 $S forum item add $F --org nationalbanken --kind risk --tlp CLEAR --body risk-R8.json
check "  naming tlp" errhas "^skjold: tlp: sources\[0\] (node datacentral/dc-aarhus) is TLP:GREEN"
# a share narrowed after the risk was written stops its next refresh
risk_with R7 incident bank2/inc-b2
check "a GREEN risk citing bank2's GREEN incident" run 0 $S forum item add $F --org nationalbanken --kind risk --body risk-R7.json
check "bank2 narrows inc-b2 to AMBER for the secretariat" run 0 $S forum share $F --org bank2 --kind incident --target inc-b2 --tlp AMBER --to nationalbanken
before=$(dbsum f.db)
check "R7's re-rating is refused" run 2 $S forum item rerate $F --org nationalbanken --id R7 --likelihood 2 --consequence 5
check "  naming tlp and the source" errhas "^skjold: tlp: sources\[0\] (incident bank2/inc-b2) is TLP:AMBER"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "once labelled AMBER it re-rates" run 0 $S forum item update $F --org nationalbanken --kind risk --id R7 --tlp AMBER --body risk-R7.json
check "  (re-rated)" run 0 $S forum item rerate $F --org nationalbanken --id R7 --likelihood 2 --consequence 5
check "  keeping AMBER" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken"] and (.body.history | length) == 2'
# a measure is shown beside its risks: no wider than any of them
cat >m1.json <<'EOF'
{"id": "M1", "risks": ["R4"], "title": "HEMMELIG-tiltag", "decided_on": "2026-11-01", "owner": "secretariat", "due": "2027-03-01"}
EOF
before=$(dbsum f.db)
check "a GREEN measure for R4 (AMBER) is refused" run 2 $S forum item add $F --org nationalbanken --kind measure --tlp GREEN --body m1.json
check "  naming tlp and the risk" errhas "^skjold: tlp: risks\[0\] (risk R4) is TLP:AMBER, .* not TLP:GREEN"
sed 's/"R4"/"R99"/' m1.json >m99.json
check "a measure for a risk that does not exist is refused" run 2 $S forum item add $F --org nationalbanken --kind measure --body m99.json
check "  naming risks[0]" errhas "^skjold: risks\[0\]: no risk with id 'R99'"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "without a label it takes R4's" run 0 $S forum item add $F --org nationalbanken --kind measure --body m1.json
check "  AMBER for the secretariat and bank1, not the kind's GREEN" jqs '.tlp == "AMBER" and .recipients == ["nationalbanken","bank1"]'
check "bank2's register" run 0 $S forum view register $F --org bank2
check "  has no word of the measure" sh -c '! grep -q "HEMMELIG-tiltag\|M1" out'
check "bank1's register has R4 with it" run 0 $S forum view register $F --org bank1
check "  (M1 under R4)" jqs '[.risks[] | select(.id == "R4") | .measures[] | .id] == ["M1"]'
before=$(dbsum f.db)
refused "a risk citing bank3's unshared incident is refused" incident bank3/inc-b3
refused "one citing an incident that does not exist" incident bank3/inc-zz
check "  reads exactly like the unshared one" cmp -s refused-bank3_inc-b3.err refused-bank3_inc-zz.err
refused "one citing bank2's withheld incident" incident bank2/inc-b2x
check "  reads alike too" cmp -s refused-bank3_inc-b3.err refused-bank2_inc-b2x.err
check "  and nothing changed" test "$(dbsum f.db)" = "$before"

# ---- what nothing changes ----------------------------------------------------
before=$(dbsum f.db)
check "a bad report is refused" run 2 $S forum item add $F --org bank1 --kind report --parent c1 --tlp PURPLE --body r1.json
check "  naming the field" errhas "tlp"
check "a report to an unknown crisis" run 2 $S forum item add $F --org bank1 --kind report --parent nope --body r1.json
check "  is refused naming the parent" errhas "parent"
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "every forum write is in the audit trail" run 0 $S audit log --org bank1
check "  (the report's creation)" jqs 'map(select(.entity == "forum_item" and .action == "create")) | length >= 1'
check "the audit chain holds" run 0 $S audit verify

# ---- the sector's providers from the members' registers of information (issue 15) -----------
# bank1's register (examples/forum/bank1.json) read as a map: p-betalinger (F1, critical) relies
# on Kernebank (S14), Fibernet (S10), Sikker SOC (S04), Betalingsnet (S11), Kortdrift (S14) and
# the group's own IT company (S14); s-netbank (F2, critical) on Kernebank (S14), Nordsky (S17),
# Fibernet (S10), Sikker SOC (S04); p-kredit (F3, not critical) on Kernebank, Arkivsky, the
# adviser.  Chains (B_05.02): Kernebank -> Nordsky -> Fibernet for S14, Nordsky -> Fibernet for
# S17.  Fibernet's ultimate parent is Nordsky (B_05.01.0110): one group.  Every edge required.
# bank2 then keeps a small register: p-betalinger and s-netbank on Kernebank (S14), s-netbank
# on Nordsky (S17), no subcontractors.
KB=lei:984500KERNEBANK0DK67
NS=lei:984500NORDSKY000DK84
check "a register is shared whole: a roi share with a target is refused" run 2 $S forum share $F --org bank1 --kind roi --target F1 --tlp GREEN
check "  naming the target" errhas "target"
check "bank1 shares its register with the secretariat (AMBER)" run 0 $S forum share $F --org bank1 --kind roi --tlp AMBER --to nationalbanken
check "spof from the registers (secretariat)" run 0 $S forum spof $F --org nationalbanken --source register
check "  bank1's payments: its eight providers and subcontractors per service" jqs '.source == "register" and ([.functions[] | select(.node == "bank1/p-betalinger") | .single_points_of_failure[].node] | sort) == (["bank1/984500BANK1IT000DK72:S14","lei:549300KORTDRIFT0SE64/S14","lei:984500BETALNET00DK83/S11","'$KB'/S14","lei:984500FIBERNET00DK48/S10","lei:984500FIBERNET00DK48/S14","lei:984500SIKKERSOC0DK86/S04","'$NS'/S14"] | sort)'
check "  its netbank seven, the cloud's chain among them" jqs '([.functions[] | select(.node == "bank1/s-netbank") | .single_points_of_failure[].node] | sort) == (["'$KB'/S14","'$NS'/S14","'$NS'/S17","lei:984500FIBERNET00DK48/S10","lei:984500FIBERNET00DK48/S14","lei:984500FIBERNET00DK48/S17","lei:984500SIKKERSOC0DK86/S04"] | sort)'
check "  the credit process is not critical (F3: assessment no)" jqs '[.functions[].node] | index("bank1/p-kredit") == null'
check "footprint from the registers (secretariat)" run 0 $S forum footprint $F --org nationalbanken --source register
check "  five provider groups, the group's own IT company not among them" jqs '[.providers[].provider] | sort == (["lei:549300KORTDRIFT0SE64","lei:984500BETALNET00DK83","'$KB'","lei:984500SIKKERSOC0DK86","'$NS'"] | sort)'
check "  Fibernet counted in Nordsky's group" jqs '[.providers[].provider] | index("lei:984500FIBERNET00DK48") == null'
check "  each with its legal name from the register" jqs '[.providers[] | select(.provider == "'$KB'") | .name] == ["Kernebank Data A/S"]'
check "concentration from the registers: S14 three groups of three relationships, HHI 3333.3" run 0 $S forum concentration $F --org nationalbanken --source register
check "  (S14)" jqs '[.types[] | select(.service_type == "S14") | [.relationships, .providers, .hhi]] == [[3, 3, 3333.3]]'
check "  (S17: Nordsky alone, 10000)" jqs '[.types[] | select(.service_type == "S17") | [.relationships, .hhi]] == [[1, 10000]]'
check "a source that is none is refused" run 2 $S forum footprint $F --org nationalbanken --source kort
check "  naming it" errhas "source"
check "bank2 has nothing from bank1's AMBER register" run 0 $S forum spof $F --org bank2 --source register
check "  (no function at all: bank2 keeps no register yet)" jqs '.functions == []'

# bank2's register
check "bank2: Kernebank as a supplier" run 0 $S node add --org bank2 --id ict-kb --kind supplier --name "Kernebank Data A/S"
check "bank2: Nordsky as a supplier" run 0 $S node add --org bank2 --id ict-ns --kind supplier --name "Nordsky Cloud A/S"
cat >roi2.json <<'EOF'
{"country": "DK", "currency": "DKK",
 "providers": [{"node": "ict-kb", "code": "984500KERNEBANK0DK67", "code_type": "lei", "legal_name": "Kernebank Data A/S", "person_type": "legal", "country": "DK"},
               {"node": "ict-ns", "code": "984500NORDSKY000DK84", "code_type": "lei", "legal_name": "Nordsky Cloud A/S", "person_type": "legal", "country": "DK"}],
 "functions": [{"id": "B2-F1", "node": "p-betalinger", "licensed_activity": "x222", "assessment": "yes", "rto_hours": 4, "rpo_hours": 1, "impact": "high"},
               {"id": "B2-F2", "node": "s-netbank", "licensed_activity": "x220", "assessment": "yes", "rto_hours": 4, "rpo_hours": 1, "impact": "high"}],
 "arrangements": [{"ref": "B2-1", "type": "standalone", "provider": "ict-kb", "start": "2020-01-01", "annual_cost": 9000000,
                   "services": [{"type": "S14", "functions": ["p-betalinger", "s-netbank"]}]},
                  {"ref": "B2-2", "type": "standalone", "provider": "ict-ns", "start": "2021-01-01", "annual_cost": 800000,
                   "services": [{"type": "S17", "functions": ["s-netbank"]}]}]}
EOF
check "bank2 keeps a register" run 0 $S roi set roi2.json --org bank2
check "bank2 sees its own register's providers" run 0 $S forum footprint $F --org bank2 --source register
check "  Kernebank and Nordsky, by code" jqs '.providers_in_your_view | sort == (["'$KB'","'$NS'"] | sort)'
check "  and no sector figure over fewer than five members" jqs '.providers == []'
check "bank2 shares its register with the forum (GREEN)" run 0 $S forum share $F --org bank2 --kind roi --tlp GREEN
check "footprint: Kernebank and Nordsky's group each relied on by two members, directly" run 0 $S forum footprint $F --org nationalbanken --source register
check "  (Kernebank 2, Nordsky 2, the other three 1)" jqs '[.providers[] | {(.provider): [.members, .members_direct]}] | add == {"'$KB'": [2,2], "'$NS'": [2,2], "lei:549300KORTDRIFT0SE64": [1,1], "lei:984500BETALNET00DK83": [1,1], "lei:984500SIKKERSOC0DK86": [1,1]}'
# S14: bank1 -> Kernebank, Nordsky's group, Kortdrift; bank2 -> Kernebank and, through the chain
# bank1's register gives Kernebank's S14 (Kernebank -> Nordsky -> Fibernet: the same provider's
# same service, read conservatively as serving every member alike), Nordsky's group: 5
# relationships, shares 2/5, 2/5, 1/5, HHI = (0.16 + 0.16 + 0.04) x 10000 = 3600.
# S17: both banks on Nordsky: 10000.
check "concentration: S14 over five relationships, HHI 3600" run 0 $S forum concentration $F --org nationalbanken --source register
check "  (S14)" jqs '[.types[] | select(.service_type == "S14") | [.relationships, .providers, .hhi]] == [[5, 3, 3600]]'
check "  (S17: two relationships, one group)" jqs '[.types[] | select(.service_type == "S17") | [.relationships, .providers, .hhi]] == [[2, 1, 10000]]'
check "bank2's netbank inherits Kernebank's chain from bank1's register" run 0 $S forum spof $F --org nationalbanken --source register --function bank2/s-netbank
check "  (Kernebank, Nordsky, Fibernet for S14; Nordsky and its Fibernet for S17)" jqs '[.functions[0].single_points_of_failure[].node] | sort == (["'$KB'/S14","'$NS'/S14","'$NS'/S17","lei:984500FIBERNET00DK48/S14","lei:984500FIBERNET00DK48/S17"] | sort)'
check "bank1 withdraws its share" run 0 $S forum shares $F --org bank1
ROISHARE=$(jq -r '.[] | select(.kind == "roi") | .id' out)
check "  (unshare it)" run 0 $S forum unshare $F --org bank1 --id "$ROISHARE"
check "footprint: only bank2's register is left" run 0 $S forum footprint $F --org nationalbanken --source register
check "  (Kernebank and Nordsky, one member each)" jqs '[.providers[] | {(.provider): .members}] | add == {"'$KB'": 1, "'$NS'": 1}'
check "the map's footprint is unchanged by the registers" run 0 $S forum footprint $F --org nationalbanken
check "  (source map)" jqs '.source == "map"'

# ---- exports ----------------------------------------------------------------
check "bank2's export" run 0 $S export --org bank2
check "  carries nothing of bank1's report" sh -c '! grep -q HEMMELIG-bank1 out'

finish
