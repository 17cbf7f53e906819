#!/bin/sh
# skjold webhook (issue 18 part 4, docs/webhooks.md): endpoints of an organisation, events in the
# outbox with the write that causes them, signed deliveries to a local receiver that verifies
# them as the documentation tells (tests/cli/webhook_receiver.py), the TLP ceiling (withheld,
# never sent), retries after the receiver was down, a schedule spent (failed), the deadline scan
# (each overdue deadline once), a ping, a bad URL refused with nothing changed, and secrets never
# in a list, a show, a delivery log or the audit log.
#   tests/cli/test_webhooks.sh build/release/skjold
. "$(dirname "$0")/lib.sh"
RECEIVER=$ROOT/tests/cli/webhook_receiver.py
RPID=
stop_receiver() {
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	RPID=
}
# start_receiver [PORT]: a receiver on PORT (a free one when not given), its port in $PORT
start_receiver() {
	rm -f "$TMP/port"
	python3 "$RECEIVER" "$TMP" ${1:-} &
	RPID=$!
	i=0
	while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$TMP/port")
}
if [ -n "${KEEP:-}" ]; then trap 'stop_receiver' EXIT; else trap 'stop_receiver; rm -rf "$TMP"' EXIT; fi
# deliveries EVENT PATH: how many verified deliveries of EVENT reached PATH
jqs() { jq -s -e "$1" "$2" >/dev/null || { echo "  jq -s '$1' false on $2" >&2; return 1; }; }
delivered() { jq -s --arg e "$1" --arg p "$2" '[.[] | select(.event == $e and .path == $p and .verified)] | length' \
	"$TMP/deliveries.jsonl" 2>/dev/null || echo 0; }
# the retries come at once and after a second (the default is minutes apart)
SKJOLD_WEBHOOK_BACKOFF=0,1,1
export SKJOLD_WEBHOOK_BACKOFF
S="$SKJOLD --db w.db"
start_receiver
check "a receiver listens" test -n "$PORT"
check "an organisation" run 0 $S org add --id alfa --name "Alfa Bank" --kind bank

# ---- registration: refused input changes nothing ----
before=$(dbsum w.db)
check "an ftp URL: refused" run 2 $S webhook add --org alfa --url ftp://127.0.0.1/x --events incident.created --tlp GREEN
check "  naming --url" has "\-\-url" err
check "  saying what it must be" has "http:// or https://" err
check "a URL without a host: refused" run 2 $S webhook add --org alfa --url http:///x --events incident.created --tlp GREEN
check "an unknown event: refused" run 2 $S webhook add --org alfa --url http://127.0.0.1/x --events incident.eaten --tlp GREEN
check "  naming the event" has "incident.eaten" err
check "  and the field" has "\-\-events\[0\]" err
check "an unknown TLP ceiling: refused" run 2 $S webhook add --org alfa --url http://127.0.0.1/x --events incident.created --tlp PINK
check "  naming --tlp" has "\-\-tlp" err
check "no events: refused" run 2 $S webhook add --org alfa --url http://127.0.0.1/x --tlp GREEN
check "  nothing changed by the refusals" test "$(dbsum w.db)" = "$before"
check "in Danish too" run 2 env LANG=da_DK.UTF-8 $S webhook add --org alfa --url gopher://x --events incident.created --tlp GREEN
check "  (url skal være)" has "url skal være en http://- eller https://-adresse" err

# ---- registration ----
check "an endpoint for incidents up to AMBER+STRICT" run 0 $S webhook add --org alfa --id inc \
	--url "http://127.0.0.1:$PORT/inc" --events incident.created,incident.classified --tlp AMBER+STRICT
check "  its secret shown once" jqt '.secret | test("^whsec_[0-9a-f]{64}$")' out
SECRET_INC=$(jq -r .secret out)
check "an endpoint with a GREEN ceiling" run 0 $S webhook add --org alfa --id green \
	--url "http://127.0.0.1:$PORT/green" --events incident.created --tlp green
check "  the ceiling normalised" jqt '.tlp == "GREEN" and .enabled' out
SECRET_GREEN=$(jq -r .secret out)
check "the same id again: refused" run 2 $S webhook add --org alfa --id green --url "http://127.0.0.1:$PORT/x" \
	--events incident.created --tlp GREEN
printf '/inc %s\n/green %s\n' "$SECRET_INC" "$SECRET_GREEN" >"$TMP/secrets"
check "listed" run 0 $S webhook list --org alfa
check "  both" jqt '[.webhooks[].id] == ["green", "inc"]' out
check "  without a secret" test "$(grep -c -e "$SECRET_INC" -e "$SECRET_GREEN" -e secret out)" = 0
check "shown" run 0 $S webhook show inc --org alfa
check "  without its secret" test "$(grep -c -e "$SECRET_INC" -e secret out)" = 0
check "a missing endpoint: not found" run 2 $S webhook show nej --org alfa

# ---- incident events: delivered, signed, verified ----
cat >i1.json <<'EOF'
{"id": "i1", "title": "Nedbrud i netbank", "detected_at": "2026-12-01T08:00:00Z", "classified_at": "2026-12-01T09:00:00Z"}
EOF
check "an incident, classified at once" run 0 $S incident add i1.json --org alfa
check "a delivery pass" run 0 $S webhook deliver
check "  sent what was due" jqt '.deliveries.delivered == 2 and .deliveries.failed == 0' out
check "incident.created reached the endpoint, signature verified" test "$(delivered incident.created /inc)" = 1
check "incident.classified too" test "$(delivered incident.classified /inc)" = 1
check "  the payload" jqs '[.[] | select(.event == "incident.classified")][0].body |
	.event == "incident.classified" and .org == "alfa" and .tlp == "AMBER+STRICT" and (.id | length) == 32
	and .data.incident == "i1" and .data.reclassified == false and (.occurred_at | endswith("Z"))' \
	"$TMP/deliveries.jsonl"
check "  the delivery id is the header's" jqs 'all(.[]; .delivery | length == 32)' "$TMP/deliveries.jsonl"
check "the AMBER+STRICT incident was not sent to the GREEN endpoint" test "$(delivered incident.created /green)" = 0
check "  withheld in its log" run 0 $S webhook deliveries green --org alfa
check "    (status withheld, no try)" jqt '.deliveries | length == 1 and .[0].status == "withheld" and .[0].tries == []' out
check "a reclassification" run 0 $S incident update i1 --org alfa --classified_at 2026-12-01T10:00:00Z
check "  delivered as incident.classified, reclassified" run 0 $S webhook deliver
check "    (received)" jqs '[.[] | select(.event == "incident.classified" and .body.data.reclassified)] | length == 1' \
	"$TMP/deliveries.jsonl"
check "a refused incident (a node that does not exist): exit 2" run 2 $S incident add --org alfa - <<'EOF'
{"id": "i-no", "title": "Afvist", "detected_at": "2026-12-01T08:00:00Z", "classified_at": "2026-12-01T09:00:00Z",
 "nodes": ["findes-ikke"]}
EOF
check "  sends nothing" run 0 $S webhook deliver
check "    (nothing due)" jqt '.deliveries.due == 0' out
check "an update that leaves the classification: no event" run 0 $S incident update i1 --org alfa --title "Nedbrud"
check "  nothing due" run 0 $S webhook deliver
check "    (none)" jqt '.deliveries.due == 0' out

# ---- the TLP ceiling ----
cat >red.json <<'EOF'
{"id": "red", "title": "Indtrængen", "detected_at": "2026-12-02T08:00:00Z", "tlp": "RED"}
EOF
cat >green.json <<'EOF'
{"id": "grn", "title": "Phishing-bølge", "detected_at": "2026-12-02T09:00:00Z", "tlp": "TLP:GREEN"}
EOF
check "a RED incident" run 0 $S incident add red.json --org alfa
check "a GREEN incident" run 0 $S incident add green.json --org alfa
check "a bad label: refused naming tlp" run 2 $S incident add --org alfa - <<'EOF'
{"id": "x", "title": "x", "detected_at": "2026-12-02T09:00:00Z", "tlp": "PINK"}
EOF
check "  (tlp)" has "tlp must be" err
check "deliver" run 0 $S webhook deliver
check "the RED event never reached the GREEN endpoint" test "$(jq -s '[.[] | select(.path == "/green" and .body.data.incident == "red")] | length' "$TMP/deliveries.jsonl")" = 0
check "  nor the AMBER+STRICT one" test "$(jq -s '[.[] | select(.body.data.incident == "red")] | length' "$TMP/deliveries.jsonl")" = 0
check "the GREEN event reached both" test "$(jq -s '[.[] | select(.body.data.incident == "grn" and .verified)] | length' "$TMP/deliveries.jsonl")" = 2
check "  labelled GREEN" jqs '[.[] | select(.body.data.incident == "grn")] | all(.body.tlp == "GREEN")' "$TMP/deliveries.jsonl"
check "the GREEN endpoint's log: the RED one withheld" run 0 $S webhook deliveries green --org alfa
check "  (withheld, never tried)" jqt '[.deliveries[] | select(.status == "withheld")] | length == 2 and all(.[]; .attempts == 0)' out

# ---- the receiver down: failed, retried, delivered ----
stop_receiver
check "another incident while the receiver is down" run 0 $S incident add --org alfa - <<'EOF'
{"id": "i4", "title": "Strømsvigt", "detected_at": "2026-12-03T08:00:00Z"}
EOF
check "a pass: the POST fails" run 0 $S webhook deliver
check "  counted as failed" jqt '.deliveries.failed == 1 and .deliveries.delivered == 0' out
check "  logged with its error, a retry scheduled" run 0 $S webhook deliveries inc --org alfa --limit 1
check "    (pending, one try, failed, no HTTP code)" jqt '.deliveries[0] | .status == "pending" and .attempts == 1
	and .next_attempt_at != null and .tries[0].status == "failed" and .tries[0].http_code == null
	and (.tries[0].error | length) > 0 and .tries[0].duration_ms >= 0' out
start_receiver "$PORT"
check "the receiver back on its port" test -n "$RPID"
check "the next pass delivers it" run 0 $S webhook deliver
check "  (one delivered)" jqt '.deliveries.delivered == 1' out
check "  received and verified" test "$(jq -s '[.[] | select(.body.data.incident == "i4" and .verified)] | length' "$TMP/deliveries.jsonl")" = 1
check "  the log: two tries" run 0 $S webhook deliveries inc --org alfa --limit 1
check "    (failed, then delivered with 204)" jqt '.deliveries[0] | .status == "delivered" and .attempts == 2 and
	[.tries[].status] == ["failed", "delivered"] and .tries[1].http_code == 204 and .tries[1].error == null' out

# ---- a receiver that keeps failing: the schedule spent, failed ----
check "an endpoint that answers 500" run 0 $S webhook add --org alfa --id bad \
	--url "http://127.0.0.1:$PORT/inc/fail" --events incident.created --tlp RED
check "an incident for it" run 0 $S incident add --org alfa - <<'EOF'
{"id": "i5", "title": "Fejl", "detected_at": "2026-12-03T09:00:00Z"}
EOF
for k in 1 2 3 4; do
	[ "$k" -gt 2 ] && sleep 1.1 # the last retries wait a second
	$S webhook deliver >/dev/null 2>&1
done
check "  four tries, then failed" run 0 $S webhook deliveries bad --org alfa
check "    (failed, HTTP 500 each time)" jqt '.deliveries[0] | .status == "failed" and .attempts == 4 and
	.next_attempt_at == null and all(.tries[]; .http_code == 500 and .error == "HTTP 500")' out
check "  no more tries" run 0 $S webhook deliver
check "    (nothing due)" jqt '.deliveries.due == 0' out
check "  removed" run 0 $S webhook remove bad --org alfa

# ---- the deadline scan: each overdue deadline once ----
check "an endpoint for overdue deadlines" run 0 $S webhook add --org alfa --id frist \
	--url "http://127.0.0.1:$PORT/frist" --events deadline.overdue --tlp AMBER+STRICT
printf '/frist %s\n' "$(jq -r .secret out)" >>"$TMP/secrets"
jq '. + {id: "kort"}' "$ROOT/examples/incidents/bank-kortbetalinger-2026.json" >kort.json
check "a major DORA incident of April, its reports overdue" run 0 $S incident add kort.json --org alfa
check "the scan and a pass" run 0 $S webhook deliver
check "  found the organisation's deadlines" jqt '.scan.organisations == 1 and .scan.found >= 1' out
n_overdue=$(delivered deadline.overdue /frist)
check "  deadline.overdue delivered and verified" test "$n_overdue" -ge 1
check "  naming the incident, the regime, the report and its due time" jqs '[.[] | select(.event == "deadline.overdue"
	and .body.data.incident == "kort" and .body.data.regime == "eu-dora" and .body.data.obligation == "final")]
	| length == 1 and (.[0].body.data.due | startswith("2026-05-05"))' "$TMP/deliveries.jsonl"
check "the scan again" run 0 $S webhook deliver
check "  sent nothing again" test "$(delivered deadline.overdue /frist)" = "$n_overdue"
check "  (nothing due)" jqt '.deliveries.due == 0' out

# ---- risks above the appetite and overdue treatments ----
check "the example municipality" run 0 $S import "$EXAMPLE"
K=eksempel-kommune
check "an endpoint for its risks and treatments" run 0 $S webhook add --org $K --id risiko \
	--url "http://127.0.0.1:$PORT/risiko" --events risk.above_appetite,treatment.overdue --tlp AMBER+STRICT
printf '/risiko %s\n' "$(jq -r .secret out)" >>"$TMP/secrets"
check "a pass: the overdue measures, each once" run 0 $S webhook deliver
n_over=$($S measure list --org $K | jq '[.[] | select(.overdue)] | length')
check "  as many treatment.overdue as overdue measures ($n_over)" test "$(delivered treatment.overdue /risiko)" = "$n_over"
check "  naming the measure, its risk and due date" jqs '[.[] | select(.event == "treatment.overdue")] |
	all(.body.data.measure != null and .body.data.due != null and .body.org == "eksempel-kommune")' "$TMP/deliveries.jsonl"
check "  not again" run 0 $S webhook deliver
check "    (the same count)" test "$(delivered treatment.overdue /risiko)" = "$n_over"
$S risk show r-3 --org $K | jq -c 'del(.residual_level, .above_appetite, .inherent_level, .escalate_to, .escalate_to_en,
	.escalation_reason, .required_approver, .overdue, .measures_overdue, .treatment_due, .treatment_started,
	.treatment_warning, .suggested_likelihood, .residual, .matrix_version) | .id = "r-ny"' >rny.json
check "a new risk above the appetite" run 0 $S risk add --org $K --json "$(cat rny.json)"
check "  (above it)" jqt '.above_appetite' out
check "a risk below it" run 0 $S risk update r-ny --org $K --consequence.availability 1
check "  (below)" jqt '.above_appetite | not' out
check "and above it again" run 0 $S risk update r-ny --org $K --consequence.availability 4
check "deliver" run 0 $S webhook deliver
check "risk.above_appetite twice: new, and back above" test "$(delivered risk.above_appetite /risiko)" = 2
check "  naming the risk, its level and the appetite" jqs '[.[] | select(.event == "risk.above_appetite")] |
	all(.body.data.risk == "r-ny" and .body.data.residual_level == "Høj" and .body.data.risk_appetite != null)' \
	"$TMP/deliveries.jsonl"
check "a change that keeps it above: no event" run 0 $S risk update r-ny --org $K --owner "Driftschef"
check "  deliver" run 0 $S webhook deliver
check "  (still two)" test "$(delivered risk.above_appetite /risiko)" = 2

# ---- a forum's secretariat: crisis events ----
check "a member bank" run 0 $S org add --id beta --name "Beta Bank" --kind bank
check "a forum run by alfa" run 0 $S forum create --org alfa --id sek --name "Sektorforum"
check "  beta invited" run 0 $S forum invite --forum sek --org alfa --member beta
check "  and joins" run 0 $S forum join --forum sek --org beta
before=$(dbsum w.db)
check "a forum endpoint for an organisation's event: refused" run 2 $S webhook add --org alfa --forum sek \
	--url "http://127.0.0.1:$PORT/krise" --events incident.created --tlp GREEN
check "  naming --events[0] and what is allowed" has "crisis.opened" err
check "a forum endpoint of an organisation that is not its secretariat: refused" run 2 $S webhook add --org beta \
	--forum sek --url "http://127.0.0.1:$PORT/krise" --events crisis.opened --tlp GREEN
check "  naming --forum" has "\-\-forum" err
check "  nothing changed" test "$(dbsum w.db)" = "$before"
check "the secretariat's endpoint for crises" run 0 $S webhook add --org alfa --forum sek --id krise \
	--url "http://127.0.0.1:$PORT/krise" --events crisis.opened,crisis.closed,crisis.report_late --tlp AMBER
printf '/krise %s\n' "$(jq -r .secret out)" >>"$TMP/secrets"
check "  listed with the forum" run 0 $S webhook list --org alfa --forum sek
check "    (only it)" jqt '[.webhooks[].id] == ["krise"] and .forum == "sek"' out
check "  not among the organisation's own" run 0 $S webhook list --org alfa
check "    (not there)" jqt '[.webhooks[].id] | index("krise") == null' out
check "  nor shown as one" run 2 $S webhook show krise --org alfa
check "a crisis, opened a day ago with hourly reports" run 0 $S forum item add --forum sek --org alfa --kind crisis \
	--id k1 --body - <<'EOF'
{"title": "Betalingsnedbrud", "severity": "Høj", "opened_at": "2026-12-01T08:00:00Z", "cadence_minutes": 60}
EOF
check "deliver" run 0 $S webhook deliver
check "crisis.opened delivered and verified" test "$(delivered crisis.opened /krise)" = 1
check "  naming the forum and the crisis, labelled as the crisis" jqs '[.[] | select(.event == "crisis.opened")][0].body |
	.data.forum == "sek" and .data.crisis == "k1" and .data.title == "Betalingsnedbrud" and .tlp == "GREEN"
	and .org == "alfa"' "$TMP/deliveries.jsonl"
check "beta's first report is late: crisis.report_late" test "$(delivered crisis.report_late /krise)" = 1
check "  naming beta" jqs '[.[] | select(.event == "crisis.report_late")][0].body.data |
	.member == "beta" and .never_reported and .minutes_late > 0' "$TMP/deliveries.jsonl"
check "  once" run 0 $S webhook deliver
check "    (still one)" test "$(delivered crisis.report_late /krise)" = 1
check "the crisis closed" run 0 $S forum item update --forum sek --org alfa --kind crisis --id k1 --body - <<'EOF'
{"title": "Betalingsnedbrud", "severity": "Høj", "opened_at": "2026-12-01T08:00:00Z", "cadence_minutes": 60,
 "status": "closed", "closed_at": "2026-12-02T08:00:00Z", "closing_summary": "Genetableret"}
EOF
check "deliver" run 0 $S webhook deliver
check "crisis.closed delivered" test "$(delivered crisis.closed /krise)" = 1
check "  with its closing" jqs '[.[] | select(.event == "crisis.closed")][0].body.data |
	.status == "closed" and .closed_at != null and .closing_summary == "Genetableret"' "$TMP/deliveries.jsonl"

# ---- a ping ----
check "a ping to the endpoint" run 0 $S webhook test inc --org alfa
check "  delivered at once" jqt '.delivered and .delivery.event == "ping" and .delivery.status == "delivered"' out
check "  verified by the receiver" test "$(delivered ping /inc)" = 1

# ---- secrets never leave the creation's answer ----
check "the audit log has the endpoints" run 0 $S audit log --entity webhook
check "  their creation" jqt '[.[] | select(.action == "create")] | length == 6' out
check "  no secret in it" test "$(grep -c -e "$SECRET_INC" -e "$SECRET_GREEN" -e whsec_ -e '"secret"' out)" = 0
check "no secret in a delivery log" run 0 $S webhook deliveries inc --org alfa
check "  (none)" test "$(grep -c -e whsec_ -e secret out)" = 0

# ---- removal ----
check "remove the GREEN endpoint" run 0 $S webhook remove green --org alfa
check "  gone from the list" run 0 $S webhook list --org alfa
check "    (two left)" jqt '[.webhooks[].id] == ["frist", "inc"]' out
check "the forum's endpoint removed through the forum" run 0 $S webhook remove krise --org alfa --forum sek
check "  its log gone with it" run 2 $S webhook deliveries green --org alfa
check "  audited" run 0 $S audit log --entity webhook --key green
check "    (a delete)" jqt 'last | .action == "delete" and .before.id == "green"' out
check "the audit chain holds" run 0 $S audit verify
finish
