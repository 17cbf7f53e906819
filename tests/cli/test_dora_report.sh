#!/bin/sh
# The DORA major-incident report as the ESAs' JSON (issue 14): every report type of the example
# bank's incident, and of each example incident under DORA, validated against the schema IR 1.2.1
# with a real JSON Schema validator (python3-jsonschema, tests/dora/validate.py); the figures
# worked by hand from the incident; bad input refused naming the field; the filing checklist.
#
# Hand-worked facts of examples/forum/bank1.json, incident inc-2026-kort:
# - detected 2026-04-02 17:30 +02:00 (summer time) = 15:30Z; classified 19:10 = 17:10Z;
#   occurred 16:50 = 14:50Z; recovered 20:10 = 18:10Z; resolved 2026-04-07 12:00 = 10:00Z.
# - DORA criteria met (2024/1772): critical services affected (art. 6), transactions
#   40000/150000 = 26.67 % > 10 % (art. 9(1)(b)), reputational impact (art. 9(2)), downtime
#   150 min > 2 h (art. 9(3)(b)); not met: one Member State only, no data losses, no malicious
#   access, economic impact 80000 EUR < 100000 EUR.  So field 2.5 is exactly the four
#   criteria below.
# - 3.15 duration 200 min = 0:03:20; 3.16 downtime 150 min = 0:02:30.
# - 3.12: clients 7000 actual, counterparts 0 = no impact, transactions estimated
#   (estimated_facts).  3.5 clients 7000/400000 = 1.75 %.
# - 4.1 from 4.2: system_failure_network_configuration -> system_failure_malfunction,
#   process_failure_inadequate_… -> process_failure.
. "$(dirname "$0")/lib.sh"
NOW=2026-04-20T10:00:00+02:00
S="$SKJOLD --db d.db --actor tester --now $NOW"
V="/usr/bin/python3 $ROOT/tests/dora/validate.py $ROOT/formats/dora-incident/dora_ir_v1.2.1.schema.json"
R="incident report inc-2026-kort --org bank1 --regime eu-dora"

if [ -f "$ROOT/../shared/formats/dora-incident/dora_ir_v1.2.1.schema.json" ]; then
	check "the embedded schema is the product owner's, byte for byte" \
		cmp "$ROOT/formats/dora-incident/dora_ir_v1.2.1.schema.json" "$ROOT/../shared/formats/dora-incident/dora_ir_v1.2.1.schema.json"
fi
check "import example bank 1 with its incident" run 0 $S import "$ROOT/examples/forum/bank1.json"
for r in initial intermediate final reclassified; do
	check "$r: the checklist is empty (exit 0)" run 0 $S $R --report $r --check
	check "  says so in Danish and English" has "alle krævede felter er udfyldt (every required field is filled)" out
	check "$r: dora-json" run 0 $S $R --report $r --format dora-json
	cp out $r.json
done
check "all four reports validate against the schema (and its per-report-type conditions)" run 0 $V initial.json intermediate.json final.json reclassified.json
check "  1.1 per report type" sh -c 'jq -r .incidentSubmission initial.json intermediate.json final.json reclassified.json | tr "\n" " " | grep -qx "initial_notification intermediate_report final_report major_incident_reclassified_as_non-major "'
check "instants in UTC (2.2, 2.3, 3.2, 3.3, 4.8)" jqt '.incident.detectionDateTime == "2026-04-02T15:30:00Z" and .incident.classificationDateTime == "2026-04-02T17:10:00Z" and .incident.incidentOccurrenceDateTime == "2026-04-02T14:50:00Z" and .impactAssessment.serviceImpact.serviceRestorationDateTime == "2026-04-02T18:10:00Z" and .incident.incidentResolutionDateTime == "2026-04-07T10:00:00Z"' final.json
check "2.5: exactly the four criteria the engine found met" jqt '[.incident.classificationTypes[].classificationCriterion] | sort == ["clients_financial_counterparts_and_transactions_affected","critical_services_affected","duration_and_service_downtime","reputational_impact"]' final.json
check "  the same set as incident show's DORA verdict" run 0 $S incident show inc-2026-kort --org bank1
jq -c '[.assessment.results[]? // .results[]? | select(.regime == "eu-dora") | .criteria[] | select(.met == true) | .id] | sort' out > met.json 2>/dev/null
check "  (engine: critical_services, clients_transactions, reputational, duration_downtime)" sh -c 'grep -q "clients_transactions" met.json && grep -q "critical_services" met.json && grep -q "reputational" met.json && grep -q "duration_downtime" met.json && ! grep -q "economic_impact" met.json'
check "3.15 and 3.16 as DDD:HH:MM" jqt '.incident.incidentDuration == "0:03:20" and .impactAssessment.serviceImpact.serviceDowntime == "0:02:30"' final.json
check "3.12 actual and estimated figures from estimated_facts" jqt '.impactAssessment.affectedAssets.numbersActualEstimate == ["actual_figures_for_clients_affected","no_impact_on_financial_counterparts","estimates_for_transactions_affected"]' final.json
check "3.4-3.5 clients: 7000, 1.75 %" jqt '.impactAssessment.affectedAssets.affectedClients == {"number": 7000, "percentage": 1.75}' final.json
check "4.1 follows from 4.2" jqt '.incident.rootCauseHLClassification == ["process_failure","system_failure_malfunction"]' final.json
check "1.2-1.3 LEI and CVR, 3.1 the authority, 1.7-1.9 the primary contact" jqt '.submittingEntity.LEI == "9845001BANK1EKSMPL90" and .submittingEntity.code == "12345678" and .incident.competentAuthorityCode == "DK_FSA" and .primaryContact.email == "mette.hansen@eksempelbank1.dk"' final.json
check "the initial notification carries no intermediate or final fields" jqt '(.impactAssessment == null) and (.incident.rootCauseHLClassification == null)' initial.json

# ---- bad input: refused naming the field, nothing changed ------------------------------------
before=$(dbsum d.db)
same() { test "$(dbsum d.db)" = "$before" || { echo "  the database changed" >&2; return 1; }; }
printf '{"dora": {"discovery": "by_accident"}}' > p1.json
check "dora.discovery outside the schema's values: exit 2" run 2 $S incident update inc-2026-kort --org bank1 p1.json
check "  names dora.discovery" has "dora.discovery" err
printf '{"dora": {"root_causes": ["system_failure_network_configuration", "gremlins"]}}' > p2.json
check "a root cause outside 4.2: exit 2 naming dora.root_causes[1]" run 2 $S incident update inc-2026-kort --org bank1 p2.json
check "  names it" has "dora.root_causes\[1\]" err
printf '{"dora": {"costs_eur": -5}}' > p3.json
check "negative costs: exit 2 naming dora.costs_eur" run 2 $S incident update inc-2026-kort --org bank1 p3.json
check "  names it" has "dora.costs_eur" err
printf '{"dora": {"colour": "red"}}' > p4.json
check "an unknown key in dora: exit 2" run 2 $S incident update inc-2026-kort --org bank1 p4.json
printf '{"recovered_at": "2026-04-02T16:00:00+02:00"}' > p5.json
check "recovered before it occurred: exit 2 naming recovered_at" run 2 $S incident update inc-2026-kort --org bank1 p5.json
check "  names it" has "recovered_at" err
check "nothing was written" same
jq '.organisation.lei = "9845001BANK1EKSMPL91"' "$ROOT/examples/forum/bank1.json" > badlei.json
check "an organisation whose LEI has wrong check digits: exit 2" run 2 $S import badlei.json
check "  names lei and the check digits" has "check digits" err
jq '.organisation.contacts[0].email = "mette at bank"' "$ROOT/examples/forum/bank1.json" > bademail.json
check "a contact without an e-mail address: exit 2 naming contacts[0].email" run 2 $S import bademail.json
check "  names it" has "contacts\[0\].email" err
jq '.organisation.competent_authority = "dk fsa"' "$ROOT/examples/forum/bank1.json" > badca.json
check "an authority code with spaces: exit 2" run 2 $S import badca.json
check "still nothing written" same

# ---- an incident without the DORA details: refused, the checklist names what is missing -------
printf '{"id": "inc-bare", "title": "Bare", "detected_at": "2026-04-10T09:00:00+02:00", "classified_at": "2026-04-10T10:00:00+02:00", "occurred_at": "2026-04-10T08:30:00+02:00", "description": "Netbank nede", "facts": {"critical_services_affected": true, "downtime_minutes": 180, "duration_minutes": 200}}' > bare.json
check "add a bare incident" run 0 $S incident add bare.json --org bank1
check "its final report in dora-json is refused (exit 2)" run 2 $S incident report inc-bare --org bank1 --regime eu-dora --report final --format dora-json
check "  naming the first field to fill" has "dora.discovery\|dora.business_continuity_activated" err
check "  and how to see the rest" has "\-\-check" err
check "--check exits 1" run 1 $S incident report inc-bare --org bank1 --regime eu-dora --report final --check
for f in "2.7 " "2.9 " "3.23" "4.6 " "4.8 " "4.13" "4.14" "3.3 "; do
	check "  lists field $f" has " $f" out
done
check "  in Danish and English" has "Hvordan hændelsen blev opdaget / How the incident was discovered" out
check "--check --format json" run 1 $S incident report inc-bare --org bank1 --regime eu-dora --report final --check --format json
check "  complete false, missing fields with their numbers" jqt '.complete == false and ([.missing[].field] | index("2.7") != null)' out
printf '{"dora": {"discovery": "clients", "business_continuity_activated": false}}' > fill.json
check "fill 2.7 and 2.9" run 0 $S incident update inc-bare --org bank1 fill.json
check "the initial notification is now complete" run 0 $S incident report inc-bare --org bank1 --regime eu-dora --report initial --format dora-json
cp out bare-initial.json
check "  and validates" run 0 $V bare-initial.json

# ---- each example incident under DORA ----------------------------------------------------------
# The example facts documents (examples/incidents/) with the details only a person can give.
for f in bank-kortbetalinger-2026 betalingsinstitut-dora-weekend; do
	jq --arg id "ex-$f" '{id: $id, description: .title} + . | del(.submissions) + {dora: {discovery: "monitoring_systems", business_continuity_activated: true, classification: ["system_failure"], reported_to: ["none"], critical_services: "Betalinger", root_causes: ["system_failure_software_performance"], resolution_summary: "Genstartet", resolution_vs_planned: "Som planlagt", costs_eur: 1000, recoveries_eur: 0}, recovered_at: (.resolved_at // .detected_at), resolved_at: (.resolved_at // .detected_at), classified_at: (.classified_at // .detected_at)}' "$ROOT/examples/incidents/$f.json" > ex.json
	check "$f: stored" run 0 $S incident add ex.json --org bank1
	for r in initial intermediate final; do
		if $S incident report "ex-$f" --org bank1 --regime eu-dora --report $r --check >chk 2>&1; then
			$S incident report "ex-$f" --org bank1 --regime eu-dora --report $r --format dora-json > "ex-$f-$r.json"
			check "$f $r validates" run 0 $V "ex-$f-$r.json"
		else
			check "$f $r: the checklist names each missing field" grep -q "\[ \]" chk
		fi
	done
done

# ---- rule corrections (issue 14) ---------------------------------------------------------------
# 2025/301 art. 5(6): the authority may withdraw the weekend relief.  The example payment
# institution submitted its initial notification Wed 2026-06-10 14:30; the intermediate report
# is due 72 h later, Sat 2026-06-13 14:30, which the relief of art. 5(4) moves to Mon 2026-06-15
# 12:00.  With the relief withdrawn it stays on Saturday.
W="$ROOT/examples/incidents/betalingsinstitut-dora-weekend.json"
check "the weekend example as published" run 0 $S incident assess "$W" --regime eu-dora
check "  intermediate moved to Monday 12:00 (art. 5(4))" jqt '.results[0].reports[] | select(.report == "intermediate") | .due == "2026-06-15T12:00:00+02:00" and .due_without_relief == "2026-06-13T14:30:00+02:00"' out
jq '.entity.dora_relief_withdrawn = true' "$W" > withdrawn.json
check "the relief withdrawn (art. 5(6))" run 0 $S incident assess withdrawn.json --regime eu-dora
check "  intermediate stays on Saturday 14:30, saying why" jqt '.results[0].reports[] | select(.report == "intermediate") | .due == "2026-06-13T14:30:00+02:00" and (.basis | contains("art. 5(6)"))' out
check "  no report is moved (no due_without_relief)" jqt '[.results[0].reports[] | .due_without_relief] | all(. == null)' out
check "an organisation setting: entity.dora_relief_withdrawn" run 0 $S org add --id payco --name "Pay Co" --kind payment_institution --entity.dora payment_institution --entity.dora-relief-withdrawn true
check "  stored" run 0 $S org show payco
check "  shown in the organisation" jqt '.entity.dora_relief_withdrawn == true' out
# 2025/301 art. 5(3): every pending DORA report in the deadlines list carries the duty to tell
# the authority before the time limit when it cannot be met.
check "deadlines of the bank" run 0 $S deadlines --org bank1
check "  each pending DORA report carries the art. 5(3) notice, due with it" jqt '[.obligations[] | select(.regime == "eu-dora" and .due != null)] | length > 0 and all(.late_notice.source == "2025/301 art. 5(3)" and .late_notice.due == .due)' out
# 2024/1772 art. 8(2): recurring incidents are not for entities under DORA art. 16(1).  Two
# non-major incidents with one root cause a month apart form a window of two; with the
# simplified framework there is none.
for o in small simple; do
	check "org $o (payment institution)" run 0 $S org add --id $o --name "$o" --kind payment_institution --entity.dora payment_institution
done
check "org simple under DORA art. 16(1)" run 0 $S org update simple --entity.dora-simplified-framework true
# an update of one entity field merges (RFC 7386): it used to drop entity.dora silently
check "  the update kept its DORA type" jqt '.entity.dora == "payment_institution" and .entity.dora_simplified_framework == true' out
for o in small simple; do
	for k in 1 2; do
		printf '{"id": "r%s", "title": "Fejl", "root_cause": "patch-fejl", "detected_at": "2026-0%s-10T10:00:00+02:00", "facts": {"critical_services_affected": false}}' $k $((k + 2)) > r$k.json
		check "$o: a non-major incident with root cause patch-fejl ($k)" run 0 $S incident add r$k.json --org $o
	done
	check "$o: incident recurring" run 0 $S incident recurring --org $o
	cp out rec-$o.json
done
check "  the ordinary entity: a window of the two incidents" jqt 'tostring | contains("patch-fejl")' rec-small.json
check "  the art. 16(1) entity: none" jqt 'tostring | contains("patch-fejl") | not' rec-simple.json
check "  and its DORA verdict says why" run 0 $S incident show r1 --org simple
check "    (note)" has "DORA art. 16(1)" out
finish
