#!/bin/sh
# Stored incidents end to end: add, update, submit, show, list, report,
# deadlines, and what an incident does to the dependency map.  Expectations
# are worked by hand from RULES.md §1-§7 and seed 004 (the 2018 executive order on
# incident reporting); the arithmetic is in the comment above each check.
#
# Calendar facts used below (RULES.md §1, dk-bank): 2024-12-02 is a Monday;
# 2026-03-06 a Friday, 2026-03-09 a Monday, 2026-03-10 a Tuesday; summer time
# begins 2026-03-29, so April 2026 instants carry +02:00; Easter 2026 is
# 5 April (closed 2, 3, 6 April), so 9 and 13 April are working days.
. "$(dirname "$0")/lib.sh"
NOW=2026-03-12T10:00:00+01:00 # Thursday
S="$SKJOLD --db i.db --actor tester"
K="--org eksempel-kommune"
B="--org bank"
jqs() { jq -e "$1" out >/dev/null || { echo "  jq '$1' false on out" >&2; head -c 800 out >&2; return 1; }; }
same() { test "$(dbsum i.db)" = "$before" || { echo "  the database changed" >&2; return 1; }; }
# The example may carry incidents of its own: the checks below pick this
# script's incidents (inc-k1…, inc-b1…) where a listing covers all of them.
MINE='def mine: (.incident // .id | type) == "string" and (.incident // .id | test("^inc-[kb][0-9]$"));'
jqm() { jqs "$MINE $1"; }

check "import the example municipality (NIS2 essential)" run 0 $S --now $NOW import "$EXAMPLE"
check "a bank: DORA credit institution and PSP" run 0 $S --now $NOW org add --id bank --name "Eksempel Bank A/S" \
	--kind bank --entity.dora credit_institution --entity.psd2-psp true
check "  entity stored" jqs '.entity.dora == "credit_institution" and .entity.psd2_psp == true and .entity.nis2 == "none"'

# ---- incident add ------------------------------------------------------------
# inc-k1 has no "entity": the municipality's settings apply (nis2 essential,
# no DORA, no PSD2).  Detected Tue 2026-03-10 09:30 +01:00 on s-telefoni.
cat >k1.json <<'EOF'
{"id": "inc-k1", "title": "Telefoni nede", "description": "Omstillingen svarer ikke",
 "occurred_at": "2026-03-10T08:50:00+01:00", "detected_at": "2026-03-10T09:30:00+01:00",
 "nodes": ["s-telefoni"],
 "facts": {"significant_disruption": true, "considerable_damage": false,
           "personal_data_breach": true, "data_subject_risk": "risk"}}
EOF
check "add inc-k1 from a file, no entity" run 0 $S --now $NOW incident add k1.json $K
check "  answers with the id" jqs '.added == "inc-k1" and .organisation == "eksempel-kommune"'
check "show inc-k1" run 0 $S --now $NOW incident show inc-k1 $K
cp out k1show.json
check "  entity_from_organisation true" jqt '.entity_from_organisation == true' k1show.json
check "  the organisation's entity: NIS2 essential, no DORA, no PSD2" \
	jqt '.incident.entity | .nis2 == "essential" and .dora == false and .psd2_psp == false and .name == "Eksempel Kommune"' k1show.json
check "  PSD2 and DORA do not apply (not a PSP, not a financial entity)" \
	jqt '[.results[] | select(.regime == "dk-psd2-2018" or .regime == "eu-dora") | .applies] == [false, false]' k1show.json
# NIS2 art. 23(3)(a): significant_disruption true => significant.
check "  NIS2 applies: significant by art. 23(3)(a)" \
	jqt '.results[] | select(.regime == "eu-nis2") | .applies and .verdict == "significant" and (.rule | startswith("art. 23(3)(a)"))' k1show.json
# early warning 09:30 + 24 h = 2026-03-11 09:30 (< now: overdue); notification
# 09:30 + 72 h = 2026-03-13 09:30; final one month after the notification's
# due instant = 2026-04-13 09:30 local, summer time => +02:00.
check "  NIS2 due: early warning 03-11 09:30 overdue, notification 03-13 09:30, final 04-13 09:30+02:00" \
	jqt '[.results[] | select(.regime == "eu-nis2") | .reports[] | [.report, .due, .status]] ==
	[["early_warning", "2026-03-11T09:30:00+01:00", "overdue"], ["notification", "2026-03-13T09:30:00+01:00", "pending"],
	 ["final", "2026-04-13T09:30:00+02:00", "pending"]]' k1show.json
# GDPR art. 33(1): a breach with risk "risk" is notifiable, 72 h => 03-13 09:30;
# not high risk, so no report to the data subjects.
check "  GDPR notifiable, authority by 2026-03-13T09:30:00+01:00, no data-subject report" \
	jqt '.results[] | select(.regime == "eu-gdpr") | .verdict == "notifiable" and
	([.reports[] | [.report, .due]] == [["authority", "2026-03-13T09:30:00+01:00"]])' k1show.json
check "  status open (no resolved_at)" jqt '.status == "open"' k1show.json
check "  no PSP/DORA obligations for a municipality" jqt '.obligations == []' k1show.json

# inc-k2 gives its own entity (NIS2 none): NIS2 then does not apply.  It lies
# on p-ydelser and was detected 2026-01-20, before the node's last assessment.
cat >k2.json <<'EOF'
{"id": "inc-k2", "title": "Ydelsesudbetaling forsinket", "detected_at": "2026-01-20T10:00:00+01:00",
 "entity": {"name": "Eksempel Kommune, IT-fællesskabet", "nis2": "none", "psd2_psp": false, "dora": false},
 "nodes": ["p-ydelser"],
 "facts": {"significant_disruption": true, "personal_data_breach": false}}
EOF
check "add inc-k2 with its own entity" run 0 $S --now $NOW incident add k2.json $K
check "show inc-k2" run 0 $S --now $NOW incident show inc-k2 $K
check "  entity_from_organisation false, the document's entity kept" \
	jqs '.entity_from_organisation == false and .incident.entity.nis2 == "none" and .incident.entity.name == "Eksempel Kommune, IT-fællesskabet"'
check "  NIS2 does not apply (entity.nis2 none) although the organisation is essential" \
	jqs '.results[] | select(.regime == "eu-nis2") | .applies == false and .reports == []'
check "  GDPR applies, no breach: verdict none" jqs '.results[] | select(.regime == "eu-gdpr") | .applies and .verdict == "none"'

# inc-k3 lies on a new node nothing else refers to; nothing reportable.
check "node s-ensom, referred to by nothing" run 0 $S --now $NOW node add $K --id s-ensom --kind system --name Ensom
cat >k3.json <<'EOF'
{"id": "inc-k3", "title": "Ensom server genstartet", "status": "closed",
 "detected_at": "2026-03-11T10:00:00+01:00", "resolved_at": "2026-03-11T10:20:00+01:00", "nodes": ["s-ensom"],
 "facts": {"significant_disruption": false, "considerable_damage": false, "personal_data_breach": false}}
EOF
check "add inc-k3 (closed)" run 0 $S --now $NOW incident add k3.json $K

# Bad input: exit 2, the field named, the database byte for byte unchanged.
before=$(dbsum i.db)
check "duplicate id refused" run 2 $S --now $NOW incident add k1.json $K
check "  names id" has '^skjold: id:' err
check "  in English: the incident and the organisation" has "^skjold: id: incident 'inc-k1' already exists in eksempel-kommune (use incident update)$" err
check "the same refusal in Danish (--lang da)" run 2 $S --now $NOW incident add k1.json $K --lang da
check "  hand-written" has "^skjold: id: hændelsen 'inc-k1' findes allerede i eksempel-kommune (brug incident update)$" err
check "  nothing written" same
jq '.id = "x1" | .nodes = ["ghost"]' k1.json >bad.json
check "unknown node refused" run 2 $S --now $NOW incident add bad.json $K
check "  names nodes[0]" has '^skjold: nodes\[0\]:' err
check "  nothing written" same
# resolved 08:00 < occurred 08:50
jq '.id = "x2" | .resolved_at = "2026-03-10T08:00:00+01:00"' k1.json >bad.json
check "resolved_at before occurred_at refused" run 2 $S --now $NOW incident add bad.json $K
check "  names resolved_at" has '^skjold: resolved_at:' err
check "  nothing written" same
jq '.id = "x3" | .severity = "high"' k1.json >bad.json
check "unknown field refused" run 2 $S --now $NOW incident add bad.json $K
check "  names it" has '^skjold: severity:' err
check "  nothing written" same
jq '.id = "x4" | .facts.downtime_minutes = "long"' k1.json >bad.json
check "a fact of the wrong type refused" run 2 $S --now $NOW incident add bad.json $K
check "  names facts.downtime_minutes" has '^skjold: facts.downtime_minutes:' err
check "  in Danish" run 2 env LANG=da_DK.UTF-8 $S --now $NOW incident add bad.json $K
check "  hand-written" has '^skjold: facts.downtime_minutes: forventede et tal eller null$' err
check "  nothing written" same
check "an unknown organisation refused" run 2 $S --now $NOW incident add k1.json --org nobody
check "  nothing written" same
check "list after the refusals" run 0 $S --now $NOW incident list $K
check "  this script's three incidents" jqm '[.[] | select(mine) | .id] | sort == ["inc-k1", "inc-k2", "inc-k3"]'

# ---- incident update -----------------------------------------------------------
check "update --resolved-at" run 0 $S --now 2026-03-12T11:00:00+01:00 incident update inc-k1 $K \
	--resolved-at 2026-03-11T15:00:00+01:00
# JSON merge patch (RFC 7386): null removes, objects merge, the rest replaces.
cat >patch.json <<'EOF'
{"description": null, "cause": "Fejl hos teleleverandøren", "facts": {"considerable_damage": null}}
EOF
check "update with a patch file" run 0 $S --now 2026-03-12T11:05:00+01:00 incident update inc-k1 $K patch.json
before=$(dbsum i.db)
check "an update that would put resolved_at before occurred_at is refused" \
	run 2 $S --now 2026-03-12T11:10:00+01:00 incident update inc-k1 $K --resolved-at 2026-03-10T08:00:00+01:00
check "  names resolved_at" has '^skjold: resolved_at:' err
check "  nothing written" same
check "an update to an unknown node is refused" run 2 $S --now 2026-03-12T11:10:00+01:00 incident update inc-k1 $K \
	--nodes '["s-telefoni","ghost"]'
check "  names nodes[1]" has '^skjold: nodes\[1\]:' err
check "  nothing written" same
check "show after the updates" run 0 $S --now $NOW incident show inc-k1 $K
cp out k1show.json
check "  resolved_at set, status resolved" jqt '.incident.resolved_at == "2026-03-11T15:00:00+01:00" and .status == "resolved"' k1show.json
check "  null removed description and the nested fact; cause added; other facts kept" \
	jqt '.incident | (has("description") | not) and (.facts | has("considerable_damage") | not) and
	.cause == "Fejl hos teleleverandøren" and .facts.significant_disruption == true' k1show.json
# Resolved 2026-03-11 15:00, before the one-month mark: the final report stays
# one month after the notification's due instant, 2026-04-13 09:30 +02:00.
check "  NIS2 final unchanged by resolution within the month" \
	jqt '.results[] | select(.regime == "eu-nis2") | [.reports[].report] == ["early_warning", "notification", "final"] and
	.reports[2].due == "2026-04-13T09:30:00+02:00"' k1show.json
check "  timeline: created first" jqt '.timeline[0].kind == "created" and .timeline[0].actor == "tester"' k1show.json
check "  timeline: the --resolved-at update with field, before and after" \
	jqt '[.timeline[] | select(.kind == "updated") | .detail[]] | any(.field == "resolved_at" and .before == null and
	.after == "2026-03-11T15:00:00+01:00")' k1show.json
check "  timeline: the patch's removal (after null) and addition (before null)" \
	jqt '[.timeline[] | select(.kind == "updated") | .detail[]] |
	any(.field == "description" and .before == "Omstillingen svarer ikke" and .after == null) and
	any(.field == "facts.considerable_damage" and .before == false and .after == null) and
	any(.field == "cause" and .before == null and .after == "Fejl hos teleleverandøren")' k1show.json
check "  timeline: created, updated, updated (refused updates leave no trace)" \
	jqt '[.timeline[].kind] == ["created", "updated", "updated"]' k1show.json
check "  timeline instants are the --now of each write" \
	jqt '[.timeline[].at] == ["2026-03-12T10:00:00+01:00", "2026-03-12T11:00:00+01:00", "2026-03-12T11:05:00+01:00"]' k1show.json

# ---- incident submit -----------------------------------------------------------
check "submit the NIS2 early warning" run 0 $S --now $NOW incident submit inc-k1 $K --regime eu-nis2 \
	--report early_warning --at 2026-03-11T08:00:00+01:00 --channel virk.dk --receipt VIRK-123
check "  echoes the submission" jqs '.submitted | .regime == "eu-nis2" and .report == "early_warning" and .receipt == "VIRK-123"'
check "show after submitting" run 0 $S --now $NOW incident show inc-k1 $K
cp out k1show.json
# submitted 03-11 08:00, before the due instant 03-11 09:30: not late.
check "  the early warning is submitted, not late" \
	jqt '.results[] | select(.regime == "eu-nis2") | .reports[0] | .status == "submitted" and
	.submitted_at == "2026-03-11T08:00:00+01:00" and .late == false' k1show.json
check "  the submission is in the document" \
	jqt '.incident.submissions == [{"regime": "eu-nis2", "report": "early_warning", "submitted_at": "2026-03-11T08:00:00+01:00",
	"channel": "virk.dk", "receipt": "VIRK-123"}]' k1show.json
check "  timeline: submitted, with the submission" \
	jqt '.timeline[-1] | .kind == "submitted" and .detail.report == "early_warning" and .detail.channel == "virk.dk"' k1show.json
before=$(dbsum i.db)
check "submitting before detection is refused" run 2 $S --now $NOW incident submit inc-k1 $K --regime eu-nis2 \
	--report notification --at 2026-03-10T09:00:00+01:00
check "  names --at" has '^skjold: --at:' err
check "  nothing written" same
check "an unknown report name is refused" run 2 $S --now $NOW incident submit inc-k1 $K --regime eu-nis2 --report initial
check "  names --report" has '^skjold: --report:' err
check "  nothing written" same
check "an unknown regime is refused" run 2 $S --now $NOW incident submit inc-k1 $K --regime eu-psd3 --report initial
check "  names --regime" has '^skjold: --regime:' err
check "  nothing written" same
check "an unknown incident is refused" run 2 $S --now $NOW incident submit inc-nope $K --regime eu-nis2 --report notification
check "  nothing written" same

# ---- the PSP: dk-psd2-2018 ------------------------------------------------------
# inc-b1 occurred 2024-12-02, before 2025-01-17: the 2018 order applies, DORA
# not yet.  Bilag 1, lower level: users 7000 > 5000; downtime 150 > 120 min;
# reputational impact — three criteria at the lower level => major
# (§ 3 stk. 2 nr. 2).  Users 7000 is 1.75 % of 400000 and not > 50000: not the
# higher level.  The users figure is an estimate.
cat >b1.json <<'EOF'
{"id": "inc-b1", "title": "Kortbetalinger nede", "description": "Kortindløsning afviste betalinger",
 "occurred_at": "2024-12-02T16:50:00+01:00", "detected_at": "2024-12-02T17:30:00+01:00",
 "facts": {"users_affected": 7000, "users_total": 400000, "downtime_minutes": 150, "reputational_impact": true,
           "personal_data_breach": false},
 "estimated_facts": ["facts.users_affected"]}
EOF
N1=2024-12-03T09:00:00+01:00
check "add inc-b1 (bank, no entity)" run 0 $S --now $N1 incident add b1.json $B
check "show inc-b1" run 0 $S --now $N1 incident show inc-b1 $B
cp out b1show.json
check "  entity from the bank: PSP, DORA credit institution" \
	jqt '.entity_from_organisation and (.incident.entity | .psd2_psp and .dora and .dora_type == "credit_institution")' b1show.json
check "  PSD2 major on three lower-level criteria" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .applies and .verdict == "major" and
	.rule == "§ 3 stk. 2 nr. 2: 3 criteria at the lower impact level (users, downtime, reputational)"' b1show.json
check "  DORA does not apply: occurred before 2025-01-17" \
	jqt '.results[] | select(.regime == "eu-dora") | .applies == false and (.applies_reason | contains("2025-01-17"))' b1show.json
# The same assessment in Danish (issue 17): --lang da, or LANG=da_DK; the codes and params are the same in both
check "show inc-b1 --lang da" run 0 $S --now $N1 incident show inc-b1 $B --lang da
cp out b1da.json
check "  Danish rule, hand-written" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") |
	.rule == "§ 3 stk. 2 nr. 2: 3 kriterier på det lavere påvirkningsniveau (users, downtime, reputational)"' b1da.json
check "  Danish criterion: downtime against its threshold, then the outcome" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .criteria[] | select(.id == "downtime") |
	.detail == "nedetid 150 min — tærskel 120 min (kun lavere niveau): opfyldt på det lavere niveau"' b1da.json
check "  English criterion with the same code and params" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .criteria[] | select(.id == "downtime") |
	.detail == "downtime 150 min — threshold 120 min (lower level only): met at the lower level" and
	.detail_msg.code == "incident.psd2.downtime" and .detail_msg.params.minutes == "150"' b1show.json
check "  Danish: DORA not in force yet" \
	jqt '.results[] | select(.regime == "eu-dora") |
	.applies_reason == "occurred_at 2024-12-02T16:50:00+01:00 er før 2025-01-17, da reglerne trådte i kraft (DORA art. 64 (applies from 17 January 2025))"' b1da.json
check "  Danish basis of the initial report" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .reports[] | select(.report == "initial") |
	.basis == "opdaget uden for normal arbejdstid (08:00–16:00 på en arbejdsdag i kalenderen dk-bank): 4 timer efter arbejdstidens start den følgende arbejdsdag, 2024-12-03T08:00:00+01:00"' b1da.json
check "Danish NIS2 bases name the instant they count from" \
	run 0 $SKJOLD --lang da --now 2026-11-21T12:00:00+01:00 incident assess "$ROOT/examples/incidents/kommune-ransomware.json"
check "  early warning and notification (hand-written)" \
	jqt '[.results[] | select(.regime == "eu-nis2") | .reports[0:2][] | .basis] ==
	["opdagelsen (detected_at) + 24 timer", "opdagelsen (detected_at) + 72 timer"]' out
check "LANG=da_DK.UTF-8 gives Danish" run 0 env LANG=da_DK.UTF-8 $S --now $N1 incident show inc-b1 $B
check "  the same as --lang da" cmp -s out b1da.json
check "--lang en overrides LANG=da_DK" run 0 env LANG=da_DK.UTF-8 $S --now $N1 incident show inc-b1 $B --lang en
check "  the same as in English" cmp -s out b1show.json
check "an unknown subcommand, in Danish" run 2 $S incident frobnicate $B --lang da
check "  hand-written" has "^skjold: frobnicate: ukendt incident-kommando 'frobnicate' (add, update, show, list, submit, report, recurring, assess)$" err
check "--lang de is refused" run 2 $S --now $N1 incident show inc-b1 $B --lang de
check "  naming --lang" has "skjold: --lang: --lang must be da or en, not 'de'" err
check "an error in Danish" run 2 env LANG=da_DK.UTF-8 $S --now $N1 incident show inc-b1
check "  (--org missing)" has "skjold: --org: --org ID skal angives" err
# Detected Mon 17:30, after working hours (08-16): 4 h after they begin on
# Tue 2024-12-03 08:00 => 12:00.  Intermediate: end of the 3rd working day
# after Monday (Tue, Wed, Thu) => 2024-12-05 23:59:59.  Final: resolved_at
# unknown, so no due instant yet.
check "  PSD2 due: initial 2024-12-03 12:00, intermediate 2024-12-05 23:59:59, final unknown" \
	jqt '[.results[] | select(.regime == "dk-psd2-2018") | .reports[] | [.report, .due]] ==
	[["initial", "2024-12-03T12:00:00+01:00"], ["intermediate", "2024-12-05T23:59:59+01:00"], ["final", null]]' b1show.json
check "  BEK § 9 stk. 1: the user-information assessment is pending" \
	jqt '.obligations == [.obligations[0]] and (.obligations[0] | .obligation == "user_information_assessment" and
	.regime == "dk-psd2-2018" and .status == "pending" and (.basis | contains("§ 9 stk. 1")))' b1show.json
check "  in Danish: the obligation's basis and due text" \
	jqt '.obligations[0] | .basis == "BEK § 9 stk. 1: vurdér, om hændelsen påvirker betalingstjenestebrugerne og deres økonomiske interesser" and
	.due_text == "hurtigst muligt efter opdagelsen"' b1da.json

check "deadlines for the bank before the assessment" run 0 $S --now $N1 deadlines $B
check "  lists the user-information assessment" jqs '[.obligations[].obligation] | index("user_information_assessment") != null'
# Resolved Tue 11:00: the first intermediate report (due Thu) would fall after
# the end of the incident, so none is due; final = 11:00 + 14 days = 12-17 11:00.
check "update inc-b1: resolved, users assessed as affected" run 0 $S --now 2024-12-03T12:00:00+01:00 incident update inc-b1 $B \
	--resolved-at 2024-12-03T11:00:00+01:00 --user_information.assessed_at 2024-12-03T10:00:00+01:00 \
	--user_information.affects_financial_interests true
check "show inc-b1 resolved" run 0 $S --now 2024-12-03T12:00:00+01:00 incident show inc-b1 $B
cp out b1show.json
check "  no intermediate report after resolution; final 2024-12-17 11:00" \
	jqt '[.results[] | select(.regime == "dk-psd2-2018") | .reports[] | [.report, .due]] ==
	[["initial", "2024-12-03T12:00:00+01:00"], ["final", "2024-12-17T11:00:00+01:00"]]' b1show.json
check "  at 12:00 the initial report is due now, not yet overdue" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .reports[0].status == "pending"' b1show.json
check "deadlines for the bank after the assessment" run 0 $S --now 2024-12-03T12:00:00+01:00 deadlines $B
check "  the assessment is done; BEK § 9 stk. 2 user notice pending" \
	jqs '[.obligations[] | select(.incident == "inc-b1") | .obligation] | index("user_notice") != null and
	index("user_information_assessment") == null'
before=$(dbsum i.db)
check "users notified without an assessment that they are affected: refused" \
	run 2 $S --now 2024-12-03T12:10:00+01:00 incident update inc-b1 $B --user_information.affects_financial_interests false \
	--user_information.notified_at 2024-12-03T12:00:00+01:00
check "  names user_information.affects_financial_interests" has '^skjold: user_information.affects_financial_interests:' err
check "  nothing written" same
check "users notified" run 0 $S --now 2024-12-03T12:30:00+01:00 incident update inc-b1 $B \
	--user_information.notified_at 2024-12-03T12:00:00+01:00 --user_information.channel "netbank og sms"
check "deadlines for the bank after the notice" run 0 $S --now 2024-12-03T12:30:00+01:00 deadlines $B
check "  no user-information obligation left for inc-b1" \
	jqs '[.obligations[] | select(.incident == "inc-b1") | .obligation] | index("user_notice") == null and
	index("user_information_assessment") == null'
# 12:30: the initial report (due 12:00) is not submitted yet: overdue.
check "  the PSD2 reports still listed, the initial one overdue" \
	jqs '[.obligations[] | select(.incident == "inc-b1") | [.report, .due, .status]] ==
	[["initial", "2024-12-03T12:00:00+01:00", "overdue"], ["final", "2024-12-17T11:00:00+01:00", "pending"]]'

# BEK § 4 stk. 2: the initial report may rest on estimates.
check "submit the initial report on estimates" run 0 $S --now 2024-12-03T12:40:00+01:00 incident submit inc-b1 $B \
	--regime dk-psd2-2018 --report initial --at 2024-12-03T11:30:00+01:00 --estimates true
before=$(dbsum i.db)
# BEK § 6 stk. 2: the final report must rest on actual facts.
check "a final report on estimates is refused" run 2 $S --now 2024-12-03T12:40:00+01:00 incident submit inc-b1 $B \
	--regime dk-psd2-2018 --report final --at 2024-12-03T12:35:00+01:00 --estimates true
check "  names --estimates" has '^skjold: --estimates:' err
check "  cites BEK § 6 stk. 2" has 'BEK § 6 stk. 2' err
check "  nothing written" same
check "--estimates must be true or false" run 2 $S --now 2024-12-03T12:40:00+01:00 incident submit inc-b1 $B \
	--regime dk-psd2-2018 --report final --estimates maybe
check "  names --estimates" has '^skjold: --estimates:' err
check "  nothing written" same
check "show inc-b1 after the submission" run 0 $S --now 2024-12-03T12:40:00+01:00 incident show inc-b1 $B
cp out b1show.json
# submitted 11:30 before the due 12:00: not late; rested on estimates.
check "  initial submitted, not late, on estimates" \
	jqt '.results[] | select(.regime == "dk-psd2-2018") | .reports[0] | .status == "submitted" and .late == false and
	.rested_on_estimates == true' b1show.json
check "  final still pending" jqt '.results[] | select(.regime == "dk-psd2-2018") | .reports[1].status == "pending"' b1show.json
check "  timeline: created, updated x2, submitted" jqt '[.timeline[].kind] == ["created", "updated", "updated", "submitted"]' b1show.json
check "  an update names resolved_at and user_information" \
	jqt 'any(.timeline[] | select(.kind == "updated"); [.detail[].field] | sort == ["resolved_at", "user_information"])' b1show.json
check "  the notice update names the nested fields" \
	jqt 'any(.timeline[] | select(.kind == "updated"); [.detail[] | [.field, .before, .after]] | sort ==
	[["user_information.channel", null, "netbank og sms"], ["user_information.notified_at", null, "2024-12-03T12:00:00+01:00"]])' b1show.json

# ---- incident report --------------------------------------------------------------
check "the PSD2 final report's content" run 0 $S --now 2024-12-03T12:40:00+01:00 incident report inc-b1 $B \
	--regime dk-psd2-2018 --report final
check "  the users figure is marked as estimated" \
	jqs '.fields[] | select(.from == "facts.users_affected") | .value == 7000 and .estimated == true'
check "  measured figures are not" jqs '.fields[] | select(.from == "facts.downtime_minutes") | .value == 150 and (has("estimated") | not)'
check "  one estimated field, and a BEK § 6 stk. 2 warning" \
	jqs '.estimated_fields == 1 and (.warning | contains("BEK § 6 stk. 2"))'
check "  resolved_at filled from the incident" jqs '.fields[] | select(.from == "resolved_at") | .value == "2024-12-03T11:00:00+01:00"'
check "  missing fields listed (root cause)" jqs '.missing | index("Root cause") != null'
check "the same as text" run 0 $S --now 2024-12-03T12:40:00+01:00 incident report inc-b1 $B \
	--regime dk-psd2-2018 --report final --format text
check "  heading" has '^dk-psd2-2018 — final (inc-b1)' out
check "  the estimate marked" has 'Berørte brugere (faktisk) / Payment service users affected (actual): 7000  \[skøn / estimate\]' out
check "  the warning" has '^ADVARSEL / WARNING: .*BEK § 6 stk. 2' out
check "the PSD2 intermediate report: estimates allowed, a note and no warning" run 0 $S --now 2024-12-03T12:40:00+01:00 \
	incident report inc-b1 $B --regime dk-psd2-2018 --report intermediate
check "  note, no warning" jqs '(has("warning") | not) and (.note | contains("§ 4 stk. 2"))'
check "  users informed (BEK § 9) filled" jqs '.fields[] | select(.from == "user_information.notified_at") | .value == "2024-12-03T12:00:00+01:00"'
check "a report name of another regime is refused" run 2 $S --now 2024-12-03T12:40:00+01:00 incident report inc-b1 $B \
	--regime dk-psd2-2018 --report early_warning
check "  names --report" has '^skjold: --report:' err
check "a bad format is refused" run 2 $S --now 2024-12-03T12:40:00+01:00 incident report inc-b1 $B \
	--regime dk-psd2-2018 --report final --format odt
check "  names --format" has '^skjold: --format:' err

# ---- the financial entity: eu-dora -------------------------------------------------
# inc-b2 occurred 2026-03-06: DORA applies, the 2018 order no longer.  Gate:
# critical services affected.  Thresholds: clients 50000 / 400000 = 12.5 % > 10 %
# (art. 9(1)); downtime 150 > 120 min (art. 9(3)) — two => major.  Its initial
# notification is given in the document and recorded as a submission.
cat >b2.json <<'EOF'
{"id": "inc-b2", "title": "Netbank utilgængelig", "occurred_at": "2026-03-06T13:30:00+01:00",
 "detected_at": "2026-03-06T14:00:00+01:00", "classified_at": "2026-03-06T15:00:00+01:00",
 "facts": {"critical_services_affected": true, "clients_affected": 50000, "clients_total": 400000,
           "downtime_minutes": 150, "personal_data_breach": false},
 "submissions": [{"regime": "eu-dora", "report": "initial", "submitted_at": "2026-03-06T18:00:00+01:00"}]}
EOF
check "add inc-b2 with a submission" run 0 $S --now $NOW incident add b2.json $B
check "show inc-b2" run 0 $S --now $NOW incident show inc-b2 $B
cp out b2show.json
check "  DORA major on two thresholds" \
	jqt '.results[] | select(.regime == "eu-dora") | .verdict == "major" and
	.rule == "art. 8(1): critical services affected and 2 other thresholds met (clients_transactions, duration_downtime)"' b2show.json
check "  PSD2 does not apply from 2025-01-17" jqt '.results[] | select(.regime == "dk-psd2-2018") | .applies == false' b2show.json
check "  NIS2 does not apply to the bank (nis2 none)" jqt '.results[] | select(.regime == "eu-nis2") | .applies == false' b2show.json
# initial: min(classified 15:00 + 4 h, detected 14:00 + 24 h) = Fri 19:00
# (a working day: no relief question); submitted 18:00.  Intermediate: 72 h
# after the submission = Mon 2026-03-09 18:00 (overdue now).  Final: one
# month after the intermediate's due instant = 2026-04-09 18:00 +02:00.
check "  DORA due: initial 03-06 19:00 submitted, intermediate 03-09 18:00 overdue, final 04-09 18:00+02:00" \
	jqt '[.results[] | select(.regime == "eu-dora") | .reports[] | [.report, .due, .status]] ==
	[["initial", "2026-03-06T19:00:00+01:00", "submitted"], ["intermediate", "2026-03-09T18:00:00+01:00", "overdue"],
	 ["final", "2026-04-09T18:00:00+02:00", "pending"]]' b2show.json
check "  timeline: created, then the submission" jqt '[.timeline[].kind] == ["created", "submitted"]' b2show.json
check "  DORA art. 19(3): the client-information assessment is pending" \
	jqt '[.obligations[] | [.obligation, .regime, .status]] == [["user_information_assessment", "eu-dora", "pending"]]' b2show.json
jq '.id = "inc-bx" | .submissions[0].submitted_at = "2026-03-06T13:00:00+01:00"' b2.json >bad.json
before=$(dbsum i.db)
check "a submission in the document before detection is refused" run 2 $S --now $NOW incident add bad.json $B
check "  names submissions[0].submitted_at" has '^skjold: submissions\[0\].submitted_at:' err
check "  nothing written" same

# ---- incident list ----------------------------------------------------------------
check "list the municipality's incidents" run 0 $S --now $NOW incident list $K
check "  verdicts per regime that applies" \
	jqs '(.[] | select(.id == "inc-k1") | .verdicts == {"eu-nis2": "significant", "eu-gdpr": "notifiable"}) and
	(.[] | select(.id == "inc-k2") | .verdicts == {"eu-gdpr": "none"})'
# inc-k1's open reports: NIS2 notification and GDPR authority both at 03-13
# 09:30 (NIS2 listed first), NIS2 final 04-13: the earliest is the notification.
check "  next_due of inc-k1: the NIS2 notification" \
	jqs '.[] | select(.id == "inc-k1") | .next_due == {"regime": "eu-nis2", "report": "notification",
	"due": "2026-03-13T09:30:00+01:00", "status": "pending"}'
check "  nothing due for inc-k2 and inc-k3" jqm '[.[] | select(mine and .id != "inc-k1") | has("next_due")] == [false, false]'
check "  status and detection" jqs '.[] | select(.id == "inc-k1") | .status == "resolved" and .detected_at == "2026-03-10T09:30:00+01:00"'
check "--status resolved" run 0 $S --now $NOW incident list $K --status resolved
check "  only inc-k1 of this script's" jqm '[.[] | select(mine) | .id] == ["inc-k1"] and all(.[]; .status == "resolved")'
check "--status open" run 0 $S --now $NOW incident list $K --status open
check "  only inc-k2 of this script's" jqm '[.[] | select(mine) | .id] == ["inc-k2"] and all(.[]; .status == "open")'
check "--status closed" run 0 $S --now $NOW incident list $K --status closed
check "  only inc-k3 of this script's" jqm '[.[] | select(mine) | .id] == ["inc-k3"] and all(.[]; .status == "closed")'
check "list the bank's incidents" run 0 $S --now $NOW incident list $B
check "  PSD2 for inc-b1, DORA for inc-b2" \
	jqs '(.[] | select(.id == "inc-b1") | .verdicts == {"dk-psd2-2018": "major", "eu-gdpr": "none"}) and
	(.[] | select(.id == "inc-b2") | .verdicts == {"eu-dora": "major", "eu-gdpr": "none"})'
check "  next_due of inc-b2: the overdue intermediate report" \
	jqs '.[] | select(.id == "inc-b2") | .next_due | .report == "intermediate" and .status == "overdue"'

# ---- deadlines --------------------------------------------------------------------
# As of 2026-03-12 10:00, open obligations (submitted reports left out: NIS2
# early warning of inc-k1, PSD2 initial of inc-b1, DORA initial of inc-b2):
#   overdue  inc-b1 PSD2 final        2024-12-17 11:00
#   overdue  inc-b2 DORA intermediate 2026-03-09 18:00
#   pending  inc-k1 NIS2 notification 2026-03-13 09:30 } same instant
#   pending  inc-k1 GDPR authority    2026-03-13 09:30 }
#   pending  inc-b2 DORA final        2026-04-09 18:00 +02:00
#   pending  inc-k1 NIS2 final        2026-04-13 09:30 +02:00
#   pending  inc-b2 client information assessment (no due instant: last)
check "deadlines across organisations" run 0 $S --now $NOW deadlines
cp out dl.json
# The whole list: overdue first, then by due instant (compared in UTC), the
# undated last.
check "  sorted: overdue first, then by due, undated last" jqt '
	def ep: (.[0:19] + "Z" | fromdateiso8601) - (if .[19:20] == "+" then 1 else -1 end) *
		((.[20:22] | tonumber) * 3600 + (.[23:25] | tonumber) * 60);
	[.obligations[] | [(if .status == "overdue" then 0 else 1 end), (if .due == null then 1 else 0 end),
		(if .due == null then 0 else (.due | ep) end)]] as $k | $k == ($k | sort) and (.open == (.obligations | length))' dl.json
jq "$MINE [.obligations[] | select(mine)]" dl.json >dlmine.json
check "  seven of this script's incidents" jqt 'length == 7' dlmine.json
check "  in order, with organisation, incident, regime, report, due and status" \
	jqt '[.[] | [.organisation, .incident, .regime, (.report // .obligation), .due, .status]] | (.[0:2] + .[4:]) ==
	[["bank", "inc-b1", "dk-psd2-2018", "final", "2024-12-17T11:00:00+01:00", "overdue"],
	 ["bank", "inc-b2", "eu-dora", "intermediate", "2026-03-09T18:00:00+01:00", "overdue"],
	 ["bank", "inc-b2", "eu-dora", "final", "2026-04-09T18:00:00+02:00", "pending"],
	 ["eksempel-kommune", "inc-k1", "eu-nis2", "final", "2026-04-13T09:30:00+02:00", "pending"],
	 ["bank", "inc-b2", "eu-dora", "user_information_assessment", null, "pending"]]' dlmine.json
check "  the tie at 03-13 09:30: NIS2 notification and GDPR authority of inc-k1" \
	jqt '[.[2:4][] | [.incident, .regime, .report, .due, .status]] | sort ==
	[["inc-k1", "eu-gdpr", "authority", "2026-03-13T09:30:00+01:00", "pending"],
	 ["inc-k1", "eu-nis2", "notification", "2026-03-13T09:30:00+01:00", "pending"]]' dlmine.json
check "  submitted reports are not listed" \
	jqt '[.[] | select((.incident == "inc-k1" and .report == "early_warning") or
	(.incident != "inc-k1" and .report == "initial"))] == []' dlmine.json
check "  verdict and basis carried" jqt '.[1] | .verdict == "major" and (.basis | contains("72 h"))' dlmine.json
check "deadlines --org eksempel-kommune" run 0 $S --now $NOW deadlines $K
check "  one organisation only" jqs '[.obligations[].organisation] | unique == ["eksempel-kommune"]'
check "  inc-k1's three reports" \
	jqm '[.obligations[] | select(mine) | .due] == ["2026-03-13T09:30:00+01:00", "2026-03-13T09:30:00+01:00", "2026-04-13T09:30:00+02:00"]'
check "deadlines --org bank" run 0 $S --now $NOW deadlines $B
check "  the bank's four, in the same order" \
	jqs '.open == 4 and ([.obligations[] | .organisation] | unique == ["bank"]) and
	[.obligations[] | [.incident, (.report // .obligation)]] == [["inc-b1", "final"], ["inc-b2", "intermediate"], ["inc-b2", "final"],
	["inc-b2", "user_information_assessment"]]'
check "deadlines of an unknown organisation" run 2 $S --now $NOW deadlines --org nobody
check "submit the DORA intermediate report late" run 0 $S --now $NOW incident submit inc-b2 $B --regime eu-dora \
	--report intermediate --at 2026-03-10T09:00:00+01:00
# Final: one month after the intermediate report was submitted = 2026-04-10
# 09:00 +02:00 (Friday, a working day).
check "deadlines after it" run 0 $S --now $NOW deadlines $B
check "  the intermediate gone; the final moved to 2026-04-10 09:00" \
	jqs '[.obligations[] | select(.incident == "inc-b2") | [(.report // .obligation), .due]] ==
	[["final", "2026-04-10T09:00:00+02:00"], ["user_information_assessment", null]]'
check "show inc-b2: the intermediate report was late" run 0 $S --now $NOW incident show inc-b2 $B
check "  late" jqs '.results[] | select(.regime == "eu-dora") | .reports[1] | .status == "submitted" and .late == true'

# ---- the dependency map ----------------------------------------------------------------
# s-telefoni was last assessed 2025-05-12 (no risks of its own); effective
# Kritisk (depended on by p-hjemmepleje) => regular review 2026-05-12.
# inc-k1, detected 2026-03-10, is after that assessment: review due then.
check "node show s-telefoni" run 0 $S --now $NOW node show s-telefoni $K
check "  review due on the detection date, by inc-k1" \
	jqs '.review_trigger == "incident inc-k1" and .review_due == "2026-03-10" and .review_overdue == true'
# p-borgerservice depends on s-telefoni: the trigger reaches it too (Medium,
# assessed 2025-10-15, regular due 2027-10-15).
check "node show p-borgerservice (depends on s-telefoni)" run 0 $S --now $NOW node show p-borgerservice $K
check "  review due 2026-03-10 by inc-k1" jqs '.review_trigger == "incident inc-k1" and .review_due == "2026-03-10"'
# s-noedkald depends on s-telefoni but its risk was assessed 2026-03-16, after
# the incident: no trigger; Kritisk => 2026-03-16 + 12 months.
check "node show s-noedkald (assessed after the incident)" run 0 $S --now $NOW node show s-noedkald $K
check "  no trigger, regular review 2027-03-16" jqs '.review_trigger == null and .review_due == "2027-03-16"'
# inc-k2 on p-ydelser was detected 2026-01-20, before its assessment on
# 2026-02-03: no trigger; Høj => 12 months => 2027-02-03.
check "node show p-ydelser (incident before the assessment)" run 0 $S --now $NOW node show p-ydelser $K
check "  no trigger, regular review 2027-02-03" jqs '.review_trigger == null and .review_due == "2027-02-03"'

# What fails when s-telefoni fails (no redundancy groups on its dependents'
# edges): p-hjemmepleje, p-borgerservice and s-noedkald use it; sv-noedkald
# uses s-noedkald and p-hjemmepleje; p-plejecentre uses s-noedkald.  Critical
# services among them: p-hjemmepleje, p-plejecentre, sv-noedkald.
check "  inc-k1's impact" jqt '.impact | (.fails | sort) == ["p-borgerservice", "p-hjemmepleje", "p-plejecentre", "s-noedkald",
	"sv-noedkald"] and .count == 5 and (.critical_affected | sort) == ["p-hjemmepleje", "p-plejecentre", "sv-noedkald"]' k1show.json
check "impact s-telefoni" run 0 $S --now $NOW impact s-telefoni $K
check "  the same nodes fail" test "$(jq -c '[.fails[].id] | sort' out)" = "$(jq -c '.impact.fails | sort' k1show.json)"
check "  the same critical services stop" \
	test "$(jq -c '.critical_stopped | sort' out)" = "$(jq -c '.impact.critical_affected | sort' k1show.json)"
check "an incident without nodes has no impact" run 0 $S --now $NOW incident show inc-b1 $B
check "  impact null" jqs '.impact == null'

before=$(dbsum i.db)
check "deleting a node an incident refers to is refused" run 2 $S --now $NOW node delete s-ensom $K
check "  says the incident refers to it" has 'still referred to by incident inc-k3' err
check "  nothing written" same
check "  the node is still there" run 0 $S --now $NOW node show s-ensom $K

# ---- outsourced and consolidated reporting (seed 004 §§ 7-8) ------------------------------------
# inc-b3: a PSD2 incident (2024) whose reporting is outsourced to a payment
# processor.  Detected Mon 2024-11-04 10:00, inside working hours; users 60000 >
# 50000 is the higher level => major; resolved 12:00.
cat >b3.json <<'EOF'
{"id": "inc-b3", "title": "Fejl hos betalingsprocessor", "occurred_at": "2024-11-04T09:40:00+01:00",
 "detected_at": "2024-11-04T10:00:00+01:00", "resolved_at": "2024-11-04T12:00:00+01:00",
 "facts": {"users_affected": 60000, "personal_data_breach": false},
 "user_information": {"assessed_at": "2024-11-04T11:00:00+01:00", "affects_financial_interests": false},
 "reporting": {"consolidated": {"third_party": "Nordisk Betalingsservice A/S", "entities": ["bank", "sparekassen"],
   "notice_to_authority_at": "2024-10-01T09:00:00+02:00", "contract_reference": "KON-7"}}}
EOF
before=$(dbsum i.db)
check "consolidated reporting without caused_by_third_party_service refused" run 2 $S --now $NOW incident add b3.json $B
check "  names reporting.consolidated.caused_by_third_party_service" \
	has '^skjold: reporting.consolidated.caused_by_third_party_service:' err
check "  cites BEK § 8 stk. 1" has 'BEK § 8 stk. 1' err
check "  nothing written" same
jq '.reporting.consolidated.caused_by_third_party_service = false' b3.json >bad.json
check "  false refused too" run 2 $S --now $NOW incident add bad.json $B
check "  names the field" has '^skjold: reporting.consolidated.caused_by_third_party_service:' err
jq '.reporting.consolidated.caused_by_third_party_service = true | .reporting.consolidated.entities = []' b3.json >bad.json
check "consolidated reporting for no entities refused" run 2 $S --now $NOW incident add bad.json $B
check "  names reporting.consolidated.entities" has '^skjold: reporting.consolidated.entities:' err
jq '.reporting = {"outsourced": {"third_party": "Nordisk Betalingsservice A/S", "notice_to_authority_at": "2024-11-04T11:00:00+01:00"}}' \
	b3.json >bad.json
check "outsourced reporting without a contract reference refused" run 2 $S --now $NOW incident add bad.json $B
check "  names reporting.outsourced.contract_reference" has '^skjold: reporting.outsourced.contract_reference:' err
jq '.reporting.outsourced = {"third_party": "X", "notice_to_authority_at": "2024-11-04", "contract_reference": "K"}' \
	b3.json >bad.json
check "a notice date without time refused" run 2 $S --now $NOW incident add bad.json $B
check "  names reporting.outsourced.notice_to_authority_at" has '^skjold: reporting.outsourced.notice_to_authority_at:' err
jq '.reporting.unknown = {}' b3.json >bad.json
check "an unknown reporting key refused" run 2 $S --now $NOW incident add bad.json $B
check "  names it" has '^skjold: reporting.unknown:' err
check "  nothing written by any of them" same
# Consolidated (caused by the third party's own service) and outsourced; the
# third party submitted the initial report at 10:30, before the outsourcing
# was notified to Finanstilsynet at 11:00 (§ 7 stk. 1 nr. 1: beforehand).
jq '.reporting.consolidated.caused_by_third_party_service = true |
	.reporting.outsourced = {"third_party": "Nordisk Betalingsservice A/S", "notice_to_authority_at": "2024-11-04T11:00:00+01:00",
	"contract_reference": "OUT-3"} |
	.submissions = [{"regime": "dk-psd2-2018", "report": "initial", "submitted_at": "2024-11-04T10:30:00+01:00",
	"by": "Nordisk Betalingsservice A/S"}]' b3.json >b3ok.json
check "consolidated with caused_by_third_party_service true, and outsourced" run 0 $S --now $NOW incident add b3ok.json $B
check "show inc-b3" run 0 $S --now $NOW incident show inc-b3 $B
check "  PSD2 major at the higher level (users)" \
	jqs '.results[] | select(.regime == "dk-psd2-2018") | .verdict == "major" and (.rule | startswith("§ 3 stk. 2 nr. 1"))'
check "  the outsourcing notice came after the third party's report: overdue" \
	jqs '.obligations[] | select(.obligation == "outsourced_reporting_notice") | .status == "overdue" and
	.due == "2024-11-04T11:00:00+01:00" and (.basis | contains("§ 7 stk. 3"))'
check "  users assessed as not affected: assessment done, no notice obligation" \
	jqs '[.obligations[] | select(.obligation == "user_notice" or .obligation == "user_information_assessment") | [.obligation, .status]] ==
	[["user_information_assessment", "done"]]'
check "deadlines --org bank lists the late outsourcing notice" run 0 $S --now $NOW deadlines $B
# Overdue first by due: PSD2 final of inc-b3 (12:00 + 14 days = 2024-11-18
# 12:00) is later than the notice (2024-11-04 11:00).
check "  first: the outsourcing notice of inc-b3, then its PSD2 final" \
	jqs '[.obligations[0:2][] | [.incident, (.obligation // .report), .due]] ==
	[["inc-b3", "outsourced_reporting_notice", "2024-11-04T11:00:00+01:00"], ["inc-b3", "final", "2024-11-18T12:00:00+01:00"]]'

# ---- submissions survive later edits -------------------------------------------------------
check "a later update of inc-k1" run 0 $S --now 2026-03-12T12:00:00+01:00 incident update inc-k1 $K --root_cause "Strømsvigt"
check "show inc-k1" run 0 $S --now 2026-03-12T12:00:00+01:00 incident show inc-k1 $K
check "  the early warning is still submitted" \
	jqs '.results[] | select(.regime == "eu-nis2") | .reports[0] | .report == "early_warning" and .status == "submitted"'
check "  the timeline keeps every event" jqs '[.timeline[].kind] == ["created", "updated", "updated", "submitted", "updated"]'

# "entity": null means the same as no entity: the organisation's settings.
cat >k4.json <<'EOF'
{"id": "inc-k4", "detected_at": "2026-03-12T09:00:00+01:00", "entity": null,
 "facts": {"significant_disruption": false, "considerable_damage": false, "personal_data_breach": false}}
EOF
check "add with \"entity\": null" run 0 $S --now $NOW incident add k4.json $K
check "show inc-k4" run 0 $S --now $NOW incident show inc-k4 $K
check "  the organisation's entity is used" jqs '.entity_from_organisation == true and .incident.entity.nis2 == "essential"'

# ---- the audit trail ----------------------------------------------------------------
check "audit log of inc-k1" run 0 $S audit log --entity incident --key inc-k1
check "  add, three updates, a submission" jqs '[.[].action] == ["add", "update", "update", "submit", "update"]'
check "  the add records the document" jqs '.[0] | .before == null and .after.id == "inc-k1" and .actor == "tester"'
check "  an update records before and after" \
	jqs '.[1] | .before.resolved_at == null and .after.resolved_at == "2026-03-11T15:00:00+01:00"'
check "  the submission is recorded" jqs '.[3].after | .regime == "eu-nis2" and .report == "early_warning"'
check "audit log of the bank's incidents" run 0 $S audit log --org bank --entity incident
check "  refused writes left no entry" jqs '[.[] | select(.key == "inc-bx")] == [] and ([.[] | .key] | unique == ["inc-b1", "inc-b2", "inc-b3"])'
check "audit verify" run 0 $S audit verify
check "  the chain is intact" jqs '.ok == true'

# ---- a verdict the unknown facts could change is provisional ------------------------
# Only detection known: NIS2 art. 23(3) cannot be judged without
# significant_disruption and considerable_damage, GDPR art. 33(1) without
# personal_data_breach and data_subject_risk: "none" so far, 2 unknowns each,
# so the list says so and the reports they would bring stay as conditional deadlines.
echo '{"id": "inc-u", "detected_at": "2026-03-12T08:00:00+01:00", "description": "ukendt"}' >u.json
check "an incident with nothing known but its detection" run 0 $S --now $NOW incident add u.json $K
check "list: its verdicts carry the unknown facts' count" run 0 $S --now $NOW incident list $K
check "  provisional: NIS2 2, GDPR 2" jqs '.[] | select(.id == "inc-u") |
	.verdicts == {"eu-nis2": "none", "eu-gdpr": "none"} and .provisional == {"eu-nis2": 2, "eu-gdpr": 2}'
check "  a settled verdict is not provisional" jqs '.[] | select(.id == "inc-k1") | .provisional == {}'
check "show: the unknown facts and the conditional reports" run 0 $S --now $NOW incident show inc-u $K
check "  NIS2: the two facts of art. 23(3), the early warning at detection + 24 h, conditional" \
	jqs '.results[] | select(.regime == "eu-nis2") | .provisional and
	.unknown_could_change_verdict == ["facts.significant_disruption", "facts.considerable_damage"] and
	(.reports[] | select(.report == "early_warning") | .conditional and .due == "2026-03-13T08:00:00+01:00")'
finish
