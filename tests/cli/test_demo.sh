#!/bin/sh
# The demo of `make run`: the example forum (scripts/example-forum.sh) with its activity
# (scripts/example-forum-activity.sh) has data in every tab, for the secretariat and for a
# member, at a fixed NOW.  The figures follow from the script's comments:
#   crisis krise-2026-11-02 opened 6 h before NOW, cadence 240 min, first report due 2 h before
#   NOW; seven members reported twice, the last 15-70 min before NOW (next due 170-225 min after
#   NOW); bank5 (Eksempel Bank 5 A/S) never reported: 120 min late at NOW, the only one until
#   NOW + 170 min, when datacentral's next report falls due.
#   Risks R1-R5 (GREEN), R1 and R2 re-rated (two ratings, trend up), R5 rated 400 days ago
#   (refresh overdue); measures M1-M4, M2 overdue, M1 updated twice (version 2).
#   Red team: bank2, bank3, bank4, bank6, betalingssystem completed (three findings each: the
#   aggregate's population of 5), bank5 in closure, bank1 in its red-team phase (three
#   findings), datacentral in threat intelligence, bank2's next test in preparation.
#   Baseline: baseline-2026-1 (NIST CSF 2.0) closed, answered by seven members;
#   baseline-2026-2 (NIS2 art. 21) open, three answers.
#   Survey survey-2025: seven responses; third-party failure ranked first.
. "$(dirname "$0")/lib.sh"
NOW=2026-11-02T09:00:00+01:00
S="$SKJOLD --db f.db --now $NOW"
F="--forum fsor"
C=krise-2026-11-02
jqs() { jq -e "$1" out >/dev/null || { echo "  jq '$1' false on out" >&2; head -c 1500 out >&2; return 1; }; }
# at MINUTES: NOW (08:00 UTC) plus MINUTES, for the lateness window
at() { printf '2026-11-02T%02d:%02d:00Z' $(((480 + $1) / 60)) $(((480 + $1) % 60)); }

check "load the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" f.db "$NOW"
before=$(dbsum f.db)
check "the activity script refuses a NOW without an offset" run 2 sh "$ROOT/scripts/example-forum-activity.sh" "$SKJOLD" f.db 2026-11-02T09:00
check "  naming NOW" has "NOW must be an instant with offset" err
check "  and nothing changed" test "$(dbsum f.db)" = "$before"
check "load its activity" run 0 sh "$ROOT/scripts/example-forum-activity.sh" "$SKJOLD" f.db "$NOW"

# ---- every kind of record has data ----------------------------------------------------------
for k in crisis decision report risk measure redteam finding campaign answer survey response; do
	check "the secretariat has ${k} items" run 0 $S forum item list $F --org nationalbanken --kind $k
	check "  (at least one)" jqs 'length > 0'
done

# ---- the crisis tab: an open crisis, 7 of 8 reported, exactly one late ----------------------------
check "the crisis list" run 0 $S forum item list $F --org nationalbanken --kind crisis
check "  one open crisis, Kritisk, cadence 240" jqs 'length == 1 and .[0].id == "'$C'" and .[0].body.status == "open" and .[0].body.severity == "Kritisk" and .[0].body.cadence_minutes == 240'
check "the secretariat's picture" run 0 $S forum view picture $F --org nationalbanken --crisis $C
check "  7 of 8 members reported" jqs '.totals.members == 8 and .totals.members_reported == 7'
check "  exactly one late: Eksempel Bank 5 A/S, 120 minutes" \
	jqs '[.members[] | select(.late) | [.member, .member_name, .minutes_late]] == [["bank5", "Eksempel Bank 5 A/S", 120]]'
check "  services in red, amber and green" jqs '.counts.red > 0 and .counts.amber > 0 and .counts.green > 0'
check "  a timeline of 14 reports, the first round superseded" jqs '(.timeline | length) == 14 and ([.timeline[] | select(.superseded)] | length) == 7'
check "the late view" run 0 $S forum view late $F --org nationalbanken --crisis $C
check "  names bank5 alone, never reported" jqs '.late_count == 1 and .never_reported == ["bank5"] and .late[0].member_name == "Eksempel Bank 5 A/S"'
check "169 minutes after NOW" run 0 $SKJOLD --db f.db --now "$(at 169)" forum view late $F --org nationalbanken --crisis $C
check "  still exactly one late member" jqs '.late_count == 1'
check "171 minutes after NOW" run 0 $SKJOLD --db f.db --now "$(at 171)" forum view late $F --org nationalbanken --crisis $C
check "  the data centre is late too (the documented window)" jqs '.late_count == 2 and ([.late[].member] | sort) == ["bank5", "datacentral"]'
check "a member's picture (bank2)" run 0 $S forum view picture $F --org bank2 --crisis $C
check "  the sector figures are shown: 7 members reporting" jqs '.sector.members_reporting == 7 and (.sector | has("suppressed") | not)'
check "  with no other member's report" sh -c '! grep -q "\"bank[13-6]\"\|datacentral\|betalingssystem" out'
check "the decision log (secretariat)" run 0 $S forum item list $F --org nationalbanken --kind decision --parent $C
check "  four decisions with actions" jqs 'length == 4 and all(.[]; (.body.actions | length) > 0)'
check "the decision log (bank2)" run 0 $S forum item list $F --org bank2 --kind decision --parent $C
check "  the same four (GREEN)" jqs 'length == 4'

# ---- the risk register ------------------------------------------------------------------------
for org in nationalbanken bank2; do
	check "the register as $org" run 0 $S forum view register $F --org $org
	check "  five risks, each with a measure" jqs '(.risks | length) == 5 and all(.risks[]; (.measures | length) > 0)'
	check "  R2 and R1 re-rated: rising" jqs '[.risks[] | select(.trend == "up") | .id] | sort == ["R1", "R2"]'
	check "  M2 overdue, R5's refresh overdue" jqs '[.measures_overdue[].id] == ["M2"] and [.overdue_refresh[].id] == ["R5"]'
done
check "R2's rating history" run 0 $S forum item show $F --org nationalbanken --kind risk --id R2
check "  two ratings, today's by the secretariat's user" jqs '(.body.history | length) == 2 and .body.history[1].rated_on == "2026-11-02" and .body.history[1].by == "sekretariat" and .body.level == "Kritisk"'
check "M1's updates" run 0 $S forum item show $F --org nationalbanken --kind measure --id M1
check "  two, the second today; version 2" jqs '(.body.updates | length) == 2 and .body.updates[1].date == "2026-11-02" and .version == 2'
check "the audit trail has the register's history" run 0 $S audit log --org nationalbanken
check "  re-ratings and the measure's update" \
	jqs '([.[] | select(.entity == "forum_item" and .action == "update" and (.key == "fsor/risk/R1" or .key == "fsor/risk/R2"))] | length) == 2 and ([.[] | select(.entity == "forum_item" and .action == "update" and .key == "fsor/measure/M1")] | length) == 1'

# ---- red team -----------------------------------------------------------------------------------
check "the secretariat's red-team tests" run 0 $S forum item list $F --org nationalbanken --kind redteam
check "  nine tests in all five phases" jqs 'length == 9 and ([.[].body.phase] | unique) == ["closure", "completed", "preparation", "red_team", "threat_intelligence"]'
check "the findings" run 0 $S forum item list $F --org nationalbanken --kind finding
check "  20, every severity" jqs 'length == 20 and ([.[].body.severity] | unique) == ["critical", "high", "low", "medium"]'
check "the anonymised aggregate" run 0 $S forum view redteam-aggregate $F --org nationalbanken
check "  shown: 5 tested members, 15 findings, high and medium counted" \
	jqs '.tested_members == 5 and .findings == 15 and ([.by_severity[] | select(.findings == 5) | .severity] | sort) == ["high", "medium"]'
check "  its rule of suppression, in English" jqs '.suppression | startswith("nothing is published unless at least 5 members have completed tests")'
check "  and with --lang da in Danish" run 0 $S --lang da forum view redteam-aggregate $F --org nationalbanken
check "    (hand-written)" jqs '(.suppression | startswith("intet offentliggøres, før mindst 5 medlemmer har afsluttet test")) and .basis == "fund fra afsluttede test (attesterede); test i gang medregnes ikke"'
check "the status across members" run 0 $S forum view redteam-status $F --org nationalbanken
check "  every cycle status" jqs '[.members[].cycle.status] | unique == ["due_within_12_months", "no_completed_test", "ok", "overdue"]'
check "bank1's own tests" run 0 $S forum item list $F --org bank1 --kind redteam
check "  one, in its red-team phase" jqs 'length == 1 and .[0].body.phase == "red_team"'
check "bank1's own findings" run 0 $S forum item list $F --org bank1 --kind finding
check "  three, not the others'" jqs 'length == 3 and all(.[]; .owner == "bank1")'

# ---- baseline -----------------------------------------------------------------------------------
check "the campaigns" run 0 $S forum item list $F --org bank2 --kind campaign
check "  one closed, one open" jqs '[.[] | .body.status] | sort == ["closed", "open"]'
check "the secretariat's aggregate of the closed campaign" run 0 $S forum view baseline-aggregate $F --org nationalbanken --campaign baseline-2026-1
check "  seven members, no area suppressed" jqs '.members == 7 and all(.areas[]; .members == 7 and (.suppressed | not))'
check "  in Danish its rule of suppression" run 0 $S --lang da forum view baseline-aggregate $F --org nationalbanken --campaign baseline-2026-1
check "    (hand-written)" jqs '.suppression | startswith("tal over færre end 5 medlemmer offentliggøres ikke; i en fordeling på niveauer undertrykkes niveauer med 1-4 medlemmer")'
check "bank2's feedback" run 0 $S forum view baseline-feedback $F --org bank2 --campaign baseline-2026-1
check "  its scores against the sector's in all six areas" jqs '(.areas | length) == 6 and all(.areas[]; (.suppressed | not) and .sector.members == 7 and .member_score != null and .percentile != null)'
check "the open campaign's answers so far" run 0 $S forum item list $F --org nationalbanken --kind answer --parent baseline-2026-2
check "  three" jqs 'length == 3'

# ---- survey -------------------------------------------------------------------------------------
for org in nationalbanken bank2; do
	check "the survey's results as $org" run 0 $S forum view survey-results $F --org $org --survey survey-2025
	check "  seven respondents, third-party failure first, the scale's median 2" \
		jqs '.respondents == 7 and .questions[0].ranking[0].topic == "third_party_failure" and (.questions[0].suppressed | not) and .questions[1].median == 2'
done
check "the secretariat's risk candidates from it" run 0 $S forum view survey-candidates $F --org nationalbanken --survey survey-2025
check "  cited by the register (R1, R3)" jqs 'length > 0 and (map(.ref) | index("survey-2025/q1/third_party_failure") != null)'

# ---- the rest of the tabs, and the chain --------------------------------------------------------
check "bank2's shares (sharing tab)" run 0 $S forum shares $F --org bank2
check "  its critical functions, AMBER" jqs 'length > 0'
check "the audit chain holds" run 0 $S audit verify

finish
