#!/bin/sh
# Give the example sector forum (scripts/example-forum.sh) something in every tab:
#   scripts/example-forum-activity.sh SKJOLD DB [NOW]
# Run after example-forum.sh on the same database; `make run` (run-example.sh) runs both when
# it creates the database, this one with the real current time.  The forum's own tests use the
# bare forum and do not run it.
#
# Everything goes through the CLI, each action by the organisation that would take it in
# reality: the secretariat (nationalbanken) opens the crisis, logs decisions, keeps the risk
# register and runs the programmes; the members file status reports, red-team tests and
# findings, baseline answers and survey responses.  Every command runs at NOW ("entered now");
# the records' own times (opened, reported, rated, phases, deliverables) lie before NOW or,
# for what is planned, after it, all relative to NOW:
#
#   Krise      "Nedbrud hos Datacentral Aarhus", Kritisk, opened 6 h before NOW, a status report
#              every 4 h (cadence 240 min, the first due 2 h before NOW).  Seven members reported
#              twice: first 4-5 h before NOW (red), again 15-70 min before NOW (mostly amber), so
#              their next report is due 170-225 min after NOW.  Eksempel Bank 5 A/S never
#              reported: it is the one late member, 120 min late at NOW.  So the picture shows
#              exactly one late member from NOW until 170 min after it; later more members fall
#              due, as they would in a real crisis whose members stopped reporting.  Four
#              decisions in the log.
#   Risici     five forum risks (GREEN) with sources, one re-rated today (history of two
#              ratings) and one whose 6-month refresh is overdue; four measures, one overdue,
#              one done, one updated twice.
#   Red team   TIBER-DK tests in every phase: five completed and attested (bank2, bank3, bank4,
#              bank6, betalingssystem, so the secretariat's anonymised aggregate is shown),
#              bank5 in closure, bank1 in its red-team phase, datacentral in threat
#              intelligence, bank2's next test in preparation; findings of every severity.
#   Baseline   a closed campaign on NIST CSF 2.0 answered by seven members (feedback and
#              aggregates shown: at least 5) and an open NIS2 art. 21 campaign answered by three.
#   Survey     last year's annual survey (results reach members once its year is over) with
#              seven responses: the Borda ranking, a scale question and free text.
set -eu
SKJOLD=$1
DB=$2
NOW=${3:-2026-11-02T09:00:00+01:00}

# ---- time: NOW as Unix seconds, instants and dates relative to it (POSIX awk) ------------------
AWKDATE='
function dfc(y, m, d,   era, yoe, doy) {
	y -= (m <= 2); era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}
function cfd(z,   era, doe, yoe, y, doy, mp, d, m) {
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1; m = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}'
T=$(echo "$NOW" | awk "$AWKDATE"'
{
	if ($0 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9](:[0-9][0-9](\.[0-9]+)?)?(Z|[+-][0-9][0-9]:?[0-9][0-9])$/) exit 1
	s = dfc(substr($0, 1, 4) + 0, substr($0, 6, 2) + 0, substr($0, 9, 2) + 0) * 86400 + substr($0, 12, 2) * 3600 + substr($0, 15, 2) * 60
	if (substr($0, 17, 1) == ":") s += substr($0, 18, 2)
	if (match($0, /[+-][0-9][0-9]:?[0-9][0-9]$/)) {
		z = substr($0, RSTART + 1); sub(/:/, "", z)
		off = substr(z, 1, 2) * 3600 + substr(z, 3, 2) * 60
		s += substr($0, RSTART, 1) == "-" ? off : -off
	}
	print s
}') || { echo "example-forum-activity: NOW must be an instant with offset (2026-11-02T09:00:00+01:00), not '$NOW'" >&2; exit 2; }
# at MINUTES: the instant MINUTES after NOW (negative: before), UTC
at() { awk -v s="$((T + $1 * 60))" "$AWKDATE"' BEGIN { d = int(s / 86400); r = s - d * 86400
	printf "%sT%02d:%02d:%02dZ\n", cfd(d), int(r / 3600), int(r % 3600 / 60), r % 60 }'; }
# day DAYS: the date DAYS after NOW's (UTC) date
day() { awk -v d="$((T / 86400 + $1))" "$AWKDATE"' BEGIN { print cfd(d) }'; }
NOWZ=$(at 0)
YEAR=$(day 0 | cut -c1-4)
LAST=$((YEAR - 1))

# ---- the CLI as an organisation --------------------------------------------------------------
# as ORG forum-args…: the forum command for ORG, by its user (the secretariat's, or a member's ISK)
as() {
	org=$1
	shift
	if [ "$org" = nationalbanken ]; then actor=sekretariat; else actor=isk-$org; fi
	"$SKJOLD" --db "$DB" --now "$NOWZ" --actor "$actor" forum "$@" --forum fsor --org "$org"
}
# add ORG KIND [options…] < BODY: a new item; prints its id (a refused write stops the script)
add() {
	org=$1 kind=$2
	shift 2
	res=$(as "$org" item add --kind "$kind" "$@" --body -) || exit 1
	printf '%s\n' "$res" | sed -n 's/^  "id": "\(.*\)",$/\1/p' | head -n 1
}

# ---- the crisis --------------------------------------------------------------------------------
C=krise-$(day 0)
add nationalbanken crisis --id "$C" >/dev/null <<EOF
{"title": "Nedbrud hos Datacentral Aarhus",
 "description": "Strømsvigt og brand i UPS-anlægget i Eksempel Datacentrals Datacenter Aarhus. RTGS-afviklingen og clearingen af kontooverførsler, der kun kører i Aarhus, er nede; bankernes kernesystemer er flyttet til Datacenter Ballerup.",
 "severity": "Kritisk", "opened_at": "$(at -360)", "cadence_minutes": 240}
EOF

# report MEMBER MINUTES NEXT_MINUTES COMMUNICATION CONTINUITY CAUSE SERVICES [ASSISTANCE]:
# a status report MINUTES after NOW (negative), next update promised NEXT_MINUTES after it
report() {
	assist=${8:-}
	add "$1" report --parent "$C" >/dev/null <<EOF
{"at": "$(at "$2")", "next_update_at": "$(at $(($2 + $3)))",
 "communication_status": "$4", "continuity_plan_active": $5, "cause": "$6",
 "services": [$7], "assistance_needed": "$assist",
 "dependencies_affected": ["Eksempel Datacentral – Datacenter Aarhus"]}
EOF
}
# svc ID NAME STATUS TOLERANCE [RECOVERY_MINUTES [IMPACT_JSON]]
svc() {
	rec=${5:+, \"expected_recovery_minutes\": $5}
	imp=${6:+, \"impact\": $6}
	printf '{"service": "%s", "name": "%s", "status": "%s", "tolerance_minutes": %s, "disrupted_at": "%s"%s%s}' \
		"$1" "$2" "$3" "$4" "$(at -372)" "$rec" "$imp"
}
# svcok ID NAME TOLERANCE: a service that runs
svcok() { printf '{"service": "%s", "name": "%s", "status": "green", "tolerance_minutes": %s}' "$1" "$2" "$3"; }

DC_CAUSE="Strømsvigt og brand i UPS-anlægget i Datacenter Aarhus; serverhallerne er uden strøm"
report datacentral -300 240 customers true "$DC_CAUSE" \
	"$(svc dc-aarhus "Datacenter Aarhus" red 120 720), $(svcok dc-ballerup "Datacenter Ballerup" 120)"
report betalingssystem -290 240 public true "Clearingsystemet kører kun i Datacenter Aarhus" \
	"$(svc svc-clearing "Clearing af kontooverførsler" red 120 '' '{"transactions_affected": 180000, "amount_dkk": 4200000000, "description": "Nattens clearing er ikke afviklet"}')"
for b in bank1:-280 bank2:-270 bank3:-265 bank4:-250 bank6:-245; do
	report "${b%%:*}" "${b#*:}" 240 customers true "Betalinger afvikles ikke: clearingen hos Eksempel Betalingssystem er nede" \
		"$(svc p-betalinger Betalingsformidling red 240 '' '{"customers_affected": 25000, "description": "Indgående og udgående overførsler står i kø"}'), $(svcok s-netbank Netbank 180)"
done
report datacentral -70 240 public true "$DC_CAUSE. Kernesystemerne kører fra Datacenter Ballerup; Aarhus forventes tilbage om 10 timer" \
	"$(svc dc-aarhus "Datacenter Aarhus" red 120 600), $(svc dc-ballerup "Datacenter Ballerup" amber 120 240 '{"description": "Høj belastning efter failover"}')"
report betalingssystem -60 240 public true "Clearingen er genstartet i Datacenter Ballerup med nedsat kapacitet; køen afvikles" \
	"$(svc svc-clearing "Clearing af kontooverførsler" amber 120 180 '{"transactions_affected": 120000, "amount_dkk": 2900000000, "description": "Forsinket afvikling"}')" \
	"Forlænget åbningstid i RTGS-afviklingen, så dagens clearing kan afvikles"
report bank1 -45 240 public true "Betalinger afvikles forsinket via clearingen i Ballerup" \
	"$(svc p-betalinger Betalingsformidling amber 240 150 '{"customers_affected": 18000}'), $(svcok s-netbank Netbank 180)"
report bank2 -35 240 customers true "Betalinger afvikles forsinket via clearingen i Ballerup" \
	"$(svc p-betalinger Betalingsformidling amber 240 150), $(svcok s-netbank Netbank 180)"
report bank3 -30 240 customers true "Betalinger afvikles forsinket; netbanken er langsom under kundernes forsøg på at betale" \
	"$(svc p-betalinger Betalingsformidling amber 240 150), $(svc s-netbank Netbank amber 180 60)"
report bank4 -25 240 internal true "Betalinger afvikles forsinket via clearingen i Ballerup" \
	"$(svc p-betalinger Betalingsformidling amber 240 150), $(svcok s-netbank Netbank 180)"
report bank6 -15 240 customers false "Betalinger afvikles igen; restkø forventes afviklet inden for en time" \
	"$(svcok p-betalinger Betalingsformidling 240), $(svcok s-netbank Netbank 180)"

# decision MINUTES TEXT RATIONALE ACTIONS_JSON: the secretariat's decision log
decision() {
	add nationalbanken decision --parent "$C" >/dev/null <<EOF
{"at": "$(at "$1")", "by": "Sekretariatets krisestab", "decision": "$2", "rationale": "$3", "actions": $4}
EOF
}
decision -345 "Forummets krisestab er aktiveret; medlemmerne rapporterer status hver 4. time" \
	"Nedbruddet hos en fælles datacentral rammer RTGS, clearing og bankernes betalinger på én gang" \
	"[{\"action\": \"Første statusrapport fra alle medlemmer\", \"owner\": \"alle medlemmer\", \"due_at\": \"$(at -120)\"}]"
decision -200 "Dagens afviklingsvindue i RTGS forlænges med tre timer" \
	"Clearingens kø skal kunne afvikles samme dag, så kunderne ikke rammes af en ekstra dags forsinkelse" \
	"[{\"action\": \"Meddelelse til deltagerne i RTGS\", \"owner\": \"nationalbanken\", \"due_at\": \"$(at -170)\"}]"
decision -110 "Fælles budskab til offentligheden: betalinger er forsinkede, ingen penge er tabt" \
	"Ens kommunikation fra alle medlemmer mindsker henvendelser og risikoen for misinformation" \
	"[{\"action\": \"Pressemeddelelse fra forummet\", \"owner\": \"nationalbanken\", \"due_at\": \"$(at -90)\"}, \"Medlemmerne henviser til den i egen kommunikation\"]"
decision -20 "Eksempel Bank 5 A/S kontaktes telefonisk: første statusrapport mangler" \
	"Uden banken er situationsbilledet for betalingsformidlingen ufuldstændigt" \
	"[{\"action\": \"Opkald til bankens beredskabsansvarlige\", \"owner\": \"nationalbanken\", \"due_at\": \"$(at 10)\"}]"

# ---- the annual survey (last year's: its results are published) ---------------------------------
S=survey-$LAST
add nationalbanken survey >/dev/null <<EOF
{"id": "$S", "year": $LAST, "title": "Årlig undersøgelse af operationel robusthed $LAST",
 "title_en": "Annual operational resilience survey $LAST",
 "description": "Medlemmernes største bekymringer for sektorens operationelle robusthed; resultaterne indgår i forummets risikoanalyse.",
 "questions": [
  {"id": "q1", "kind": "concern_ranking", "text": "Ranger jeres fem største bekymringer for det kommende år", "rank_count": 5},
  {"id": "q2", "kind": "scale", "text": "Hvor godt er sektoren forberedt på et længerevarende nedbrud hos en fælles leverandør?",
   "scale": {"min": 1, "max": 5, "min_label": "Slet ikke", "max_label": "Fuldt ud"}},
  {"id": "q3", "kind": "free_text", "text": "Hvad bør forummet prioritere i det kommende år?"}]}
EOF
# respond MEMBER SCALE TEXT TOPIC…: the member's top five concerns in order
respond() {
	m=$1 v=$2 txt=$3
	shift 3
	r=$(printf '"%s", ' "$@")
	add "$m" response --parent "$S" >/dev/null <<EOF
{"answers": [{"question": "q1", "ranking": [${r%, }]}, {"question": "q2", "value": $v}, {"question": "q3", "text": "$txt"}]}
EOF
}
respond bank1 2 "Fælles øvelse i nedbrud hos datacentral" third_party_failure ransomware data_centre_outage cyber_attack geopolitical
respond bank2 3 "Exitstrategier for cloud" ransomware third_party_failure cyber_attack ddos data_integrity
respond bank3 2 "Koncentrationen hos få IKT-leverandører" third_party_failure data_centre_outage ransomware power_telecom_outage cyber_attack
respond bank4 3 "Beredskab for strøm og tele" ransomware third_party_failure power_telecom_outage geopolitical ddos
respond bank6 2 "Informationsdeling om trusler" ransomware cyber_attack third_party_failure key_staff_loss ddos
respond betalingssystem 2 "Geografisk redundans for afviklingssystemerne" data_centre_outage third_party_failure payment_system_outage ransomware power_telecom_outage
respond datacentral 4 "Krav til leverandørstyring" third_party_failure ransomware power_telecom_outage geopolitical cyber_attack

# ---- the forum risk register -----------------------------------------------------------------
# risk ID LIKELIHOOD CONSEQUENCE RATED_DAYS TITLE CATEGORY DESCRIPTION SOURCES_JSON
risk() {
	add nationalbanken risk >/dev/null <<EOF
{"id": "$1", "title": "$5", "category": "$6", "description": "$7", "likelihood": $2, "consequence": $3,
 "rated_on": "$(day "$4")", "rationale": "Vurderet på forummets risikoworkshop", "by": "sekretariat", "sources": $8}
EOF
}
risk R1 3 4 -200 "Koncentration på én cloududbyder (Nordsky-koncernen)" third_party \
	"Alle seks banker afvikler netbank hos Nordsky eller Skyhost, der er én koncern" \
	"[{\"kind\": \"survey\", \"ref\": \"$S/q1/third_party_failure\"}, {\"kind\": \"threat\", \"ref\": \"CFCS: Trusselsvurdering for finanssektoren\"}, {\"kind\": \"other\", \"note\": \"Forummets kortlægning af bankernes afhængigheder\"}]"
risk R2 2 5 -300 "Udfald af fælles datacentral" infrastructure \
	"RTGS-afviklingen og clearingen kører kun i Datacenter Aarhus" \
	'[{"kind": "dependency", "ref": "datacentral/dc-aarhus"}]'
risk R3 4 4 -60 "Ransomware hos kritisk IKT-leverandør" cyber \
	"Et angreb på en fælles leverandør kan standse flere medlemmer samtidig" \
	"[{\"kind\": \"survey\", \"ref\": \"$S/q1/ransomware\"}, {\"kind\": \"threat\", \"ref\": \"CFCS: Cybertruslen mod Danmark\"}]"
risk R4 2 4 -90 "Udfald af fælles telenetværk (NetCo backbone)" infrastructure \
	"Begge datacentre bruger samme backbone-net" '[{"kind": "dependency", "ref": "netco/backbone"}]'
risk R5 2 5 -400 "Sabotage mod strøm- og søkabler" geopolitical \
	"Geopolitisk uro øger risikoen for fysisk sabotage mod kritisk infrastruktur" \
	'[{"kind": "threat", "ref": "PET: Vurdering af truslen mod kritisk infrastruktur"}]'
# after the crisis: the common data centre is rated up, today
as nationalbanken item rerate --id R2 --likelihood 3 --consequence 5 \
	--rationale "Nedbruddet i Datacenter Aarhus viser, at RTGS og clearing mangler geografisk redundans" >/dev/null
# and the cloud concentration re-rated earlier this year
as nationalbanken item rerate --id R1 --likelihood 4 --consequence 4 --rated-on "$(day -20)" \
	--rationale "Skyhost er overtaget af Nordsky-koncernen" >/dev/null

# measure ID RISKS_JSON TITLE OWNER DECIDED_DAYS DUE_DAYS STATUS PROGRESS UPDATES_JSON
measure() {
	add nationalbanken measure >/dev/null <<EOF
{"id": "$1", "risks": $2, "title": "$3", "owner": "$4", "decided_on": "$(day "$5")", "due": "$(day "$6")",
 "status": "$7", "progress": $8, "updates": $9}
EOF
}
measure M1 '["R2"]' "Geografisk redundant drift af RTGS og clearing" nationalbanken -250 200 in_progress 20 \
	"[{\"date\": \"$(day -120)\", \"note\": \"Forprojekt afsluttet; Datacenter Ballerup valgt som andet site\", \"progress\": 20, \"status\": \"in_progress\", \"by\": \"sekretariat\"}]"
measure M2 '["R1"]' "Fælles exitstrategi og koncentrationsanalyse for cloud" secretariat -180 -10 in_progress 60 \
	"[{\"date\": \"$(day -60)\", \"note\": \"Analyse af bankernes aftaler med Nordsky-koncernen\", \"progress\": 60, \"by\": \"sekretariat\"}]"
measure M3 '["R3"]' "Sektorøvelse i ransomware hos en fælles leverandør" secretariat -150 -30 done 100 \
	"[{\"date\": \"$(day -40)\", \"note\": \"Øvelsen er gennemført med alle medlemmer; evalueringsrapport udsendt\", \"progress\": 100, \"status\": \"done\", \"by\": \"sekretariat\"}]"
measure M4 '["R4", "R5"]' "Krav om to uafhængige teleforbindelser til datacentrene" datacentral -80 120 planned 0 '[]'
# the data-centre project moves on after the crisis: a second update of M1
as nationalbanken item update --kind measure --id M1 --body - >/dev/null <<EOF
{"id": "M1", "risks": ["R2"], "title": "Geografisk redundant drift af RTGS og clearing", "owner": "nationalbanken",
 "decided_on": "$(day -250)", "due": "$(day 200)", "status": "in_progress", "progress": 35,
 "updates": [{"date": "$(day -120)", "note": "Forprojekt afsluttet; Datacenter Ballerup valgt som andet site", "progress": 20, "status": "in_progress", "by": "sekretariat"},
             {"date": "$(day 0)", "note": "Fremrykket efter nedbruddet i Aarhus: RTGS flyttes først", "progress": 35, "by": "sekretariat"}]}
EOF

# ---- the red-team programme (TIBER-DK) ---------------------------------------------------------
# Tests and findings are the members' own (AMBER+STRICT to the secretariat by default); the
# server makes their ids.  completed MEMBER A TITLE: a test attested A days after NOW (A < 0),
# its phases and deliverables before that; prints the test's id
completed() {
	a=$2
	add "$1" redteam <<EOF
{"title": "$3", "framework": "tiber-dk", "phase": "completed", "critical_functions": ["$4"],
 "phases": {"preparation": {"start": "$(day $((a - 330)))", "end": "$(day $((a - 290)))"},
            "threat_intelligence": {"start": "$(day $((a - 289)))", "end": "$(day $((a - 250)))"},
            "red_team": {"start": "$(day $((a - 249)))", "end": "$(day $((a - 130)))",
                         "active_start": "$(day $((a - 240)))", "active_end": "$(day $((a - 140)))"},
            "closure": {"start": "$(day $((a - 129)))", "end": "$(day "$a")"}},
 "deliverables": {"scope_specification": {"actual": "$(day $((a - 300)))"}, "tti_report": {"actual": "$(day $((a - 255)))"},
                  "red_team_test_plan": {"actual": "$(day $((a - 245)))"}, "red_team_test_report": {"actual": "$(day $((a - 120)))"},
                  "blue_team_report": {"actual": "$(day $((a - 110)))"}, "replay_workshop": {"actual": "$(day $((a - 90)))"},
                  "purple_teaming": {"actual": "$(day $((a - 80)))"}, "feedback_360": {"actual": "$(day $((a - 60)))"},
                  "test_summary_report": {"actual": "$(day $((a - 40)))"}, "remediation_plan": {"actual": "$(day $((a - 30)))"},
                  "attestation": {"actual": "$(day "$a")"}}}
EOF
}
# finding MEMBER TEST REPORTED_DAYS SEVERITY CATEGORY TITLE FUNCTION REMEDIATION_JSON
finding() {
	add "$1" finding --parent "$2" >/dev/null <<EOF
{"title": "$6", "severity": "$4", "category": "$5", "critical_function": "$7", "reported_on": "$(day "$3")",
 "remediation": $8}
EOF
}
# done OWNER DUE_DAYS DONE_DAYS / open OWNER DUE_DAYS STATUS PROGRESS: a remediation
done_() { printf '{"owner": "%s", "due": "%s", "status": "done", "progress": 100, "done_on": "%s"}' "$1" "$(day "$2")" "$(day "$3")"; }
open_() { printf '{"owner": "%s", "due": "%s", "status": "%s", "progress": %s}' "$1" "$(day "$2")" "$3" "$4"; }

# five completed tests: the aggregate's population (at least 5 members)
for m in bank2:-400:Betalingsformidling bank3:-900:Betalingsformidling bank4:-200:Netbank \
	bank6:-1150:Betalingsformidling betalingssystem:-500:"Clearing af kontooverførsler"; do
	org=${m%%:*}
	rest=${m#*:}
	a=${rest%%:*}
	fn=${rest#*:}
	id=$(completed "$org" "$a" "TIBER-DK-test $(day "$a" | cut -c1-4)" "$fn")
	finding "$org" "$id" $((a - 200)) high credential_access "Servicekonti med svage adgangskoder gav domæneadministratorrettigheder" "$fn" \
		"$(done_ "IT-drift" $((a - 100)) $((a - 110)))"
	finding "$org" "$id" $((a - 180)) medium detection_response "Lateral bevægelse blev ikke opdaget af SOC'en" "$fn" \
		"$(open_ "SOC" $((a + 300)) in_progress 60)"
	case $org in
	bank2 | bank4)
		finding "$org" "$id" $((a - 220)) critical initial_access "Phishing-mail gav fjernadgang uden totrinsgodkendelse" "$fn" \
			"$(done_ "IT-sikkerhed" $((a - 150)) $((a - 160)))" ;;
	*)
		finding "$org" "$id" $((a - 170)) low physical_security "Adgangskort kunne kopieres ved hovedindgangen" "$fn" \
			"$(open_ "Facility management" $((a + 200)) risk_accepted 0)" ;;
	esac
done

# bank1: in its red-team phase, active testing under way, three findings so far
RT1=$(add bank1 redteam <<EOF
{"title": "TIBER-DK-test $YEAR", "framework": "tiber-dk", "phase": "red_team", "critical_functions": ["Betalingsformidling", "Netbank"],
 "phases": {"preparation": {"start": "$(day -120)", "end": "$(day -95)"}, "threat_intelligence": {"start": "$(day -94)", "end": "$(day -60)"},
            "red_team": {"start": "$(day -59)", "active_start": "$(day -50)"}},
 "deliverables": {"scope_specification": {"actual": "$(day -100)"}, "tti_report": {"actual": "$(day -65)"},
                  "red_team_test_plan": {"actual": "$(day -55)"}, "red_team_test_report": {"planned": "$(day 45)"}}}
EOF
)
finding bank1 "$RT1" -30 critical initial_access "Leverandørs fjernadgang uden totrinsgodkendelse" Betalingsformidling \
	"$(open_ "IT-sikkerhed" -5 open 10)"
finding bank1 "$RT1" -20 high privilege_escalation "Lokale administratorrettigheder på udviklernes pc'er" Netbank \
	"$(open_ "IT-drift" 40 in_progress 50)"
finding bank1 "$RT1" -10 medium data_exfiltration "Store udtræk af kundedata blev ikke opdaget" Netbank \
	"$(open_ "SOC" 90 open 0)"

# bank5: in closure, the report and the blue team's report delivered
RT5=$(add bank5 redteam <<EOF
{"title": "TIBER-DK-test $YEAR", "framework": "tiber-dk", "phase": "closure", "critical_functions": ["Betalingsformidling"],
 "phases": {"preparation": {"start": "$(day -300)", "end": "$(day -270)"}, "threat_intelligence": {"start": "$(day -269)", "end": "$(day -230)"},
            "red_team": {"start": "$(day -229)", "end": "$(day -100)", "active_start": "$(day -220)", "active_end": "$(day -110)"},
            "closure": {"start": "$(day -99)"}},
 "deliverables": {"scope_specification": {"actual": "$(day -280)"}, "tti_report": {"actual": "$(day -240)"},
                  "red_team_test_plan": {"actual": "$(day -225)"}, "red_team_test_report": {"actual": "$(day -90)"},
                  "blue_team_report": {"actual": "$(day -80)"}, "replay_workshop": {"planned": "$(day -10)"},
                  "feedback_360": {"planned": "$(day 20)"}, "test_summary_report": {"planned": "$(day 40)"},
                  "remediation_plan": {"planned": "$(day 50)"}, "attestation": {"planned": "$(day 70)"}}}
EOF
)
finding bank5 "$RT5" -150 high lateral_movement "Flad netværkssegmentering mellem kontor- og betalingsnet" Betalingsformidling \
	"$(open_ "Netværk" 60 in_progress 30)"
finding bank5 "$RT5" -130 low social_engineering "Servicedesk nulstillede adgangskode efter telefonopkald" Betalingsformidling \
	"$(done_ "Servicedesk" -60 -70)"

# datacentral: threat intelligence under way
add datacentral redteam >/dev/null <<EOF
{"title": "TIBER-DK-test $YEAR", "framework": "tiber-dk", "phase": "threat_intelligence", "critical_functions": ["Drift af Datacenter Aarhus og Ballerup"],
 "phases": {"preparation": {"start": "$(day -70)", "end": "$(day -40)"}, "threat_intelligence": {"start": "$(day -39)"}},
 "deliverables": {"scope_specification": {"actual": "$(day -45)"}, "tti_report": {"planned": "$(day 10)"}}}
EOF
# bank2: its next test, in preparation
add bank2 redteam >/dev/null <<EOF
{"title": "TIBER-DK-test $((YEAR + 1))", "framework": "tiber-dk", "phase": "preparation", "critical_functions": ["Betalingsformidling", "Netbank"],
 "phases": {"preparation": {"start": "$(day -20)"}},
 "deliverables": {"scope_specification": {"planned": "$(day 15)"}}}
EOF

# ---- the baseline self-assessment ----------------------------------------------------------------
# A closed campaign on NIST CSF 2.0 answered by seven members, and an open one on NIS2 art. 21(2)
# answered by three so far.  A campaign takes answers while it is open; the secretariat closes it.
B1=baseline-$YEAR-1
B2=baseline-$YEAR-2
add nationalbanken campaign >/dev/null <<EOF
{"id": "$B1", "catalogue": "nist-csf-2.0", "title": "Cyberbaseline $YEAR (NIST CSF 2.0)",
 "description": "Årlig selvevaluering af modenhed på NIST CSF 2.0's 22 kategorier.",
 "opens_on": "$(day -150)", "closes_on": "$(day -30)", "status": "open"}
EOF
add nationalbanken campaign >/dev/null <<EOF
{"id": "$B2", "catalogue": "nis2-art21", "title": "Opfølgning $YEAR: foranstaltninger efter NIS2 art. 21",
 "description": "Opfølgende selvevaluering af de ti foranstaltninger; bruges som reference, da DORA gælder for sektoren.",
 "opens_on": "$(day -10)", "closes_on": "$(day 50)", "status": "open"}
EOF
# answers CAMPAIGN MEMBER BASE ITEM…: maturity 0-5 per item, varied per member and item around BASE
answers() {
	c=$1 m=$2 base=$3
	shift 3
	seed=$(printf %s "$m" | cksum | cut -d' ' -f1)
	i=0
	list=
	for it in "$@"; do
		i=$((i + 1))
		v=$((base + (seed / i + i * 7) % 3 - 1))
		[ $v -gt 5 ] && v=5
		[ $v -lt 0 ] && v=0
		list="$list{\"item\": \"$it\", \"maturity\": $v, \"evidence\": \"Intern revision $YEAR\"}, "
	done
	add "$m" answer --parent "$c" >/dev/null <<EOF
{"items": [${list%, }]}
EOF
}
CSF="GV.OC GV.RM GV.RR GV.PO GV.OV GV.SC ID.AM ID.RA ID.IM PR.AA PR.AT PR.DS PR.PS PR.IR DE.CM DE.AE RS.MA RS.AN RS.CO RS.MI RC.RP RC.CO"
for m in bank1:3 bank2:4 bank3:3 bank4:2 bank5:2 bank6:3 betalingssystem:4; do
	# shellcheck disable=SC2086 # the item ids are words
	answers "$B1" "${m%%:*}" "${m#*:}" $CSF
done
as nationalbanken item update --kind campaign --id "$B1" --body - >/dev/null <<EOF
{"id": "$B1", "catalogue": "nist-csf-2.0", "title": "Cyberbaseline $YEAR (NIST CSF 2.0)",
 "description": "Årlig selvevaluering af modenhed på NIST CSF 2.0's 22 kategorier.",
 "opens_on": "$(day -150)", "closes_on": "$(day -30)", "status": "closed"}
EOF
for m in bank3:3 betalingssystem:4 datacentral:3; do
	answers "$B2" "${m%%:*}" "${m#*:}" "21(2)(a)" "21(2)(b)" "21(2)(c)" "21(2)(d)" "21(2)(e)" "21(2)(f)" "21(2)(g)" "21(2)(h)" "21(2)(i)" "21(2)(j)"
done
