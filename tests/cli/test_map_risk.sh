#!/bin/sh
# The dependency map and the risk procedure from the shell, with expectations
# worked by hand from SPEC §1-§2 and seed 003 figures 3.1 and 4.3.1.
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db m.db --now 2026-03-10"
O="--org k"

check "create an organisation" run 0 $S org add --id k --name "Test Kommune" --kind municipality --risk-appetite Medium
check "duplicate organisation refused" run 2 $S org add --id k --name X --kind municipality
check "a risk in an unknown organisation names --org" run 2 $S risk add --org nobody --id r --node x --threat t \
	--assessed-on 2026-01-01 --threat-level 1 --resilience 1 --consequence.availability 1 \
	--consequence.confidentiality 1 --consequence.integrity 1 --consequence.authenticity 1
check "  (--org)" has '^skjold: --org:' err
check "bad kind names the field" run 2 $S org add --id k2 --name X --kind town
check "  (kind)" has 'kind' err
add() { $S node add $O "$@" >out 2>err; }
check "process (critical service)" add --id p-care --kind process --name "Hjemmepleje" --critical-service true
check "service" add --id sv-app --kind service --name "Borger-app" --criticality Medium
check "system with sensitive data" add --id s-care --kind system --name "Omsorgssystem" --personal-data sensitive
check "system with ordinary data, nobody depends on it" add --id s-hr --kind system --name "HR" --personal-data ordinary
check "lonely system" add --id s-lone --kind system --name "Ensom"
check "data centre nord" add --id dc-n --kind infrastructure --name "DC Nord"
check "data centre syd" add --id dc-s --kind infrastructure --name "DC Syd"
check "core network" add --id net --kind infrastructure --name "Kernenet"
check "loop a" add --id loop-a --kind system --name "Loop A"
check "loop b" add --id loop-b --kind system --name "Loop B"
check "bad personal data named" run 2 $S node add $O --id x --kind system --name X --personal-data secret
check "  (personal_data)" has 'personal_data' err
edge() { $S edge add $O "$@" >out 2>err; }
check "edge care->system" edge --from p-care --to s-care --type uses
check "edge system->dc-n (group)" edge --from s-care --to dc-n --type hosted_at --group hosting
check "edge system->dc-s (group)" edge --from s-care --to dc-s --type hosted_at --group hosting
check "edge dc-n->net" edge --from dc-n --to net --type runs_on
check "edge dc-s->net" edge --from dc-s --to net --type runs_on
check "edge app->loop-a" edge --from sv-app --to loop-a
check "cycle loop-a->loop-b" edge --from loop-a --to loop-b
check "cycle loop-b->loop-a" edge --from loop-b --to loop-a
check "edge to unknown node refused" run 2 $S edge add $O --from p-care --to ghost
check "  (to)" has '^skjold: to:' err
check "self edge refused" run 2 $S edge add $O --from net --to net

# Criticality: floors and derivation (SPEC §1).
check "list nodes" run 0 $S node list $O
cp out nodes.json
crit() { jqt ".[] | select(.id == \"$1\") | .effective_criticality == \"$2\"" nodes.json; }
check "critical service floor: Kritisk" crit p-care Kritisk
check "dependency of a critical process: Kritisk" crit s-care Kritisk
check "through a redundancy group, still Kritisk" crit dc-s Kritisk
check "transitively: network Kritisk" crit net Kritisk
check "ordinary personal data floor: Medium" crit s-hr Medium
check "no floor, no dependent: Lav" crit s-lone Lav
check "cycle takes the dependent's level" crit loop-b Medium
check "reason names the dependent" jqt '.[] | select(.id == "s-care") | .criticality_reason == "depended on by p-care"' nodes.json
check "reason names the floor" jqt '.[] | select(.id == "s-hr") | .criticality_reason == "floor: ordinary personal data"' nodes.json
check "reason as a message: code and params" jqt '.[] | select(.id == "s-care") | .criticality_reason_msg == {"code": "node.reason.depended_on", "params": {"by": "p-care"}}' nodes.json
check "override needs a reason" run 2 $S node update s-lone $O --override.level Høj
check "override with reason" run 0 $S node update s-lone $O --override.level Høj --override.reason "Bruges af beredskabet"
check "override shown" jqt '.effective_criticality == "Høj" and (.criticality_reason | startswith("override: "))' out

# Impact and single points of failure.
check "impact of one data centre" run 0 $S impact dc-n $O
check "  redundancy holds: nothing fails" jqt '.count == 0' out
check "impact of both data centres" run 0 $S impact dc-n dc-s $O
check "  care stops" jqt '.critical_stopped == ["p-care"]' out
check "  the system fails because the group ran out" jqt '.fails[] | select(.id == "s-care") | .how | contains("hosting")' out
check "the same impact in Danish" run 0 $S impact dc-n dc-s $O --lang da
check "  the group's failure in Danish, hand-written" jqt '.fails[] | select(.id == "s-care") | .how == "alle medlemmer af redundansgruppen '"'hosting'"' faldt ud"' out
check "  a required dependency in Danish" jqt '.fails[] | select(.id == "p-care") | .how == "en nødvendig afhængighed faldt ud"' out
check "nodes in Danish: the reason names the dependent" run 0 $S node list $O --lang da
check "  hand-written" jqt '.[] | select(.id == "s-care") | .criticality_reason == "p-care afhænger af den"' out
check "impact of the network" run 0 $S impact net $O
check "  network takes down everything above it" jqt '[.fails[].id] | sort == ["dc-n","dc-s","p-care","s-care"]' out
check "impact in a cycle terminates" run 0 $S impact loop-a $O
check "  both loop nodes and the app" jqt '[.fails[].id] | sort == ["loop-b","sv-app"]' out
check "impact of unknown node" run 2 $S impact nowhere $O
check "spof" run 0 $S spof $O
check "  network and system are SPOFs of care, data centres are not" \
	jqt '.[] | select(.id == "p-care") | [.single_points_of_failure[].id] | sort == ["net","s-care"]' out

# Risk levels: threat 3 x resilience 2 suggests likelihood 3 (SPEC §2.2);
# consequence max 4 -> matrix (3,4) = Kritisk; treatment within 48 h -> +2 days.
check "threat" run 0 $S threat add $O --id t-rw --name Ransomware --threat-level 3 --level-source CFCS --level-date 2026-01-10
risk() { $S risk add $O --id "$1" --node s-care --threat t-rw --assessed-on "$2" --threat-level "$3" --resilience "$4" \
	--consequence.availability "$5" --consequence.confidentiality 1 --consequence.integrity 1 --consequence.authenticity 1 "$6" "$7" >out 2>err; }
check "risk r1" risk r1 2026-03-02 3 2 4 --decision mitigate
check "  suggested likelihood 3" jqt '.suggested_likelihood == 3' out
check "  inherent Kritisk" jqt '.inherent_level == "Kritisk"' out
check "  treatment due 2026-03-04, warning 2026-03-03" jqt '.treatment_due == "2026-03-04" and .treatment_warning == "2026-03-03"' out
check "  residual assumed = inherent, above appetite" jqt '.residual_level == "Kritisk" and .above_appetite == true' out
check "  escalates to the chief executive" jqt '.escalate_to | startswith("Kommunaldirektør")' out
check "  overdue on 2026-03-10 (no measure)" jqt '.overdue == true and .treatment_overdue == true' out
check "risk r2: Medium, 31 Jan + 1 month" risk r2 2026-01-31 2 2 2 --decision mitigate
check "  (2,2)=Medium, due 2026-02-28" jqt '.inherent_level == "Medium" and .treatment_due == "2026-02-28"' out
check "risk r3: likelihood set by the assessor" risk r3 2026-03-09 1 4 1 --likelihood 4
check "  deviation recorded, (4,1)=Medium" jqt '.suggested_likelihood == 1 and .likelihood == 4 and .likelihood_deviates == true and .inherent_level == "Medium"' out
check "measure started on r1" run 0 $S measure add $O --id m1 --risk r1 --title "Offline backup" --owner IT-drift --due 2026-03-09 --status started
check "  the measure is overdue on 2026-03-10" jqt '.overdue == true' out
check "r1 now has treatment started" run 0 $S risk show r1 $O
check "  started, but a measure overdue" jqt '.treatment_started == true and .treatment_overdue == null and .measures_overdue == true' out
check "acceptance by too low a role refused" run 2 $S risk update r2 $O --decision accept --acceptance.approver "Hansen" \
	--acceptance.approver_role system_owner --acceptance.approved_on 2026-03-05 --acceptance.expires 2027-03-05
check "  names approver_role" has 'approver_role' err
check "acceptance by head of department" run 0 $S risk update r2 $O --decision accept --acceptance.approver "Hansen" \
	--acceptance.approver_role head_of_department --acceptance.approved_on 2026-03-05 --acceptance.expires 2027-03-05
check "  acceptance valid" jqt '.acceptance_valid == true and .overdue == false' out
check "acceptance expires" run 0 $SKJOLD --db m.db --now 2027-03-06 risk show r2 $O
check "  expired acceptance is overdue" jqt '.acceptance_expired == true and .overdue == true' out
check "list filters on derived fields" run 0 $S risk list $O --inherent_level Kritisk
check "  only r1" jqt '[.[].id] == ["r1"]' out
check "a filter on a field nothing has is an error" run 2 $S risk list $O --inherent_lvl Kritisk
check "  names it" has 'inherent_lvl' err
check "delete a node with risks refused" run 2 $S node delete s-care $O
check "  says what still refers to it" has 'still referred to by' err

# Review schedule (figure 3.1) and triggers.
check "node assessed 2024-02-29" run 0 $S node update s-hr $O --last-assessed 2024-02-29
check "  Medium: every 2 years, due 2026-02-28, overdue" jqt '.review_due == "2026-02-28" and .review_overdue == true' out
check "change on the network" run 0 $S change add $O --id c1 --node net --date 2026-03-10 --description "Ny leverandør"
check "  makes the dependent system's review due on the change date" run 0 $S node show s-care $O
check "  review_due 2026-03-10 by c1 (after the 2026-03-09 assessment)" jqt '.review_due == "2026-03-10" and .review_trigger == "c1"' out

# Spreadsheets.
printf 'id;kind;name;personal_data;critical_service\r\ns-løn;system;Lønsystem æøå;ordinary;nej\r\ns-web;system;"Web; portal";none;ja\r\n' >nodes.csv
check "import-csv nodes (; and Danish letters)" run 0 $S import-csv nodes nodes.csv $O
check "  two rows" jqt '.rows == 2' out
check "  stored with Danish letters" run 0 $S node show s-løn $O
check "  name intact" jqt '.name == "Lønsystem æøå"' out
# what a bulk load writes comes back as written (on PostgreSQL it goes by COPY: tabs, backslashes,
# line breaks and empty values are escaped there), an id twice keeps its last row, an existing node
# is updated
printf 'id,kind,name,description,owner\ns-tab,system,"Tab\there",back\\slash \\N,\ns-tab,system,Anden,"to\nlinjer\r\nog \\t",""\ns-web,system,Webportal,,IT\n' >bulk.csv
check "import-csv nodes: escapes, a repeated id, an update" run 0 $S import-csv nodes bulk.csv $O
check "  three rows read" jqt '.rows == 3' out
check "  the repeated id keeps its last row" run 0 $S node show s-tab $O
check "  name, description with line breaks and backslash" jqt '.name == "Anden" and .description == "to\nlinjer\r\nog \\t" and (.owner // "") == ""' out
check "  the existing node updated" run 0 $S node show s-web $O
check "  name and owner" jqt '.name == "Webportal" and .owner == "IT"' out
printf 'id,kind,name,description\ns-tab2,system,"Tab\there",back\\slash \\N\n' >bulk2.csv
check "import-csv nodes: a tab and a literal \\N" run 0 $S import-csv nodes bulk2.csv $O
check "  read back" run 0 $S node show s-tab2 $O
check "  as written" jqt '.name == "Tab\there" and .description == "back\\slash \\N"' out
printf 'from,to,type,group\ns-tab,s-web,uses,A\ns-tab,s-web,integrates_with,"B\tC"\n' >bulkedges.csv
check "import-csv edges: a repeated edge keeps its last row" run 0 $S import-csv edges bulkedges.csv $O
check "  one edge, the last type and group" run 0 $S edge list $O
check "  as written" jqt '[.[] | select(.from == "s-tab")] | length == 1 and .[0].type == "integrates_with" and .[0].group == "B\tC"' out
printf 'from,to,type,group\ns-løn,net,runs_on,\ns-web,ghost,uses,\n' >edges.csv
before=$(dbsum m.db)
check "import-csv edges with an unknown node: exit 2" run 2 $S import-csv edges edges.csv $O
check "  names row 3" has 'row 3, to' err
check "  nothing written" test "$(dbsum m.db)" = "$before"
printf 'id,kind,name\nx1,system,Caf\351\n' >latin1.csv
check "import-csv invalid UTF-8: exit 2" run 2 $S import-csv nodes latin1.csv $O
check "  names the row" has 'row 2' err
printf 'id;node;threat;assessed_on;title;threat_level;resilience;consequence.availability;consequence.confidentiality;consequence.integrity;consequence.authenticity;decision\nr-csv;s-løn;t-rw;2026-03-02;Lønkørsel fejler;4;1;3;2;2;1;mitigate\n' >risks.csv
check "import-csv risks" run 0 $S import-csv risks risks.csv $O
check "  the risk scored: (4,1) suggests 4, consequence 3 -> Kritisk" run 0 $S risk show r-csv $O
check "  levels" jqt '.suggested_likelihood == 4 and .inherent_level == "Kritisk" and .title == "Lønkørsel fejler"' out
printf 'id;node;threat;assessed_on;threat_level;resilience;consequence.availability;consequence.confidentiality;consequence.integrity;consequence.authenticity\nr-bad;s-løn;t-rw;2026-03-02;9;1;3;2;2;1\n' >badrisk.csv
check "import-csv risks with a bad level: exit 2" run 2 $S import-csv risks badrisk.csv $O
check "  names row and field" has 'row 2.threat_level' err
check "audit still intact" run 0 $S audit verify

# A --db that cannot be opened is the user's input: exit 2 naming --db and the path.
echo 'not a database' >notdb.db
mkdir folder.db
for bad in "$TMP/no/such/folder/x.db" "$TMP/notdb.db" "$TMP/folder.db"; do
	check "--db $(basename "$bad"): exit 2" run 2 "$SKJOLD" --db "$bad" org list
	check "  names --db and the path" has "skjold: --db: cannot open database $bad: " err
done
check "  the file that is not a database is left as it was" test "$(cat notdb.db)" = 'not a database'
check "  and no folder was created" test ! -e "$TMP/no"
finish
