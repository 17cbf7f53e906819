#!/bin/sh
# skjold audit export (issue 18): the audit log for a SIEM, one line per entry, oldest first,
# as JSON Lines or ArcSight CEF, with each entry's seq and its hash and its predecessor's, so the
# lines chain; --since/--until (half-open) and --org select; --out writes a file whole; bad
# options are refused naming the option, with nothing changed.  Also run on PostgreSQL:
#   tests/cli/test_audit_export.sh build/release/skjold
#   SKJOLD_DB="$conninfo" sh tests/cli/test_audit_export.sh build/release/skjold
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db a.db"
ZERO=0000000000000000000000000000000000000000000000000000000000000000

check "an organisation at 09:00" run 0 $S --now 2026-03-02T09:00:00+01:00 org add --id alfa --name Alfa --kind bank
check "another at 10:00" run 0 $S --now 2026-03-02T10:00:00+01:00 org add --id beta --name Beta --kind bank
check "a user at 11:00 (no organisation)" run 0 $S --now 2026-03-02T11:00:00+01:00 user add ulla
check "a node of alfa at 12:00 by an actor with = | and \\" run 0 \
	$S --now 2026-03-02T12:00:00.250+01:00 --actor 'ops=1|a\b' node add --org alfa --id srv --kind system --name Server
check "the example imported (three pages and more of entries)" run 0 $S import "$EXAMPLE"
check "  and again (a replacement)" run 0 $S import "$EXAMPLE"
check "  and again" run 0 $S import "$EXAMPLE"
check "  and again" run 0 $S import "$EXAMPLE"
check "the whole log" run 0 $S audit log
cp out log.json
total=$(jq length log.json)
check "  has more than a page of 500" test "$total" -gt 500

# ---- JSON Lines
check "export --format jsonl from the beginning" run 0 $S audit export --since 2000-01-01 --format jsonl
cp out all.jsonl
check "  one line per entry" test "$(wc -l <all.jsonl)" -eq "$total"
check "  each line one compact JSON object" sh -c "jq -c . all.jsonl | cmp -s - all.jsonl"
check "  oldest first, seq 1, 2, 3 … without a gap" sh -c "jq -s '[.[].seq] == [range(1; $total + 1)]' all.jsonl | grep -qx true"
check "  the first entry's previous hash is zero" sh -c "head -n 1 all.jsonl | jq -e '.prev_hash == \"$ZERO\"' >/dev/null"
check "  each entry names its predecessor's hash" sh -c "jq -s '[range(1; length) as \$i | .[\$i].prev_hash == .[\$i - 1].hash] | all' all.jsonl | grep -qx true"
check "  the last hash is the chain's head (verify agrees)" run 0 $S audit verify
check "  the fields of the first entry" sh -c "head -n 1 all.jsonl | jq -e '.seq == 1 and .at == \"2026-03-02T08:00:00.000Z\" and .at_ms == 1772438400000 and .actor == \"unknown@cli\" and .org == \"alfa\" and .action == \"create\" and .entity == \"organisation\" and .key == \"alfa\" and (.hash | test(\"^[0-9a-f]{64}$\"))' >/dev/null"
check "  the user's entry has no organisation" sh -c "sed -n 3p all.jsonl | jq -e '.org == null and .entity == \"user\" and .key == \"ulla\"' >/dev/null"
check "  the same entries as audit log, in its order" sh -c "jq -c '[.[] | [.seq, .actor, .action, .entity, .org, .key]]' log.json >a; jq -s -c '[.[] | [.seq, .actor, .action, .entity, .org, .key]]' all.jsonl >b; cmp -s a b"
check "  neither before nor after is exported" sh -c "! grep -q '\"before\"\\|\"after\"' all.jsonl"

# ---- the window and the organisation
check "--since 10:00 --until 12:00 (Copenhagen): beta and ulla" run 0 \
	$S audit export --since 2026-03-02T10:00:00+01:00 --until 2026-03-02T12:00:00+01:00 --format jsonl
check "  two lines, seq 2 and 3" sh -c "jq -s -c '[.[].seq]' out | grep -qx '\[2,3\]'"
check "--since is inclusive (UTC too): ulla and the node" run 0 \
	$S audit export --since 2026-03-02T10:00:00Z --until 2026-03-02T11:00:00.251Z --format jsonl
check "  seq 3 and 4" sh -c "jq -s -c '[.[].seq]' out | grep -qx '\[3,4\]'"
check "--until is exclusive, to the millisecond" run 0 \
	$S audit export --since 2026-03-02T10:00:00Z --until 2026-03-02T11:00:00.250Z --format jsonl
check "  seq 3 only" sh -c "jq -s -c '[.[].seq]' out | grep -qx '\[3\]'"
check "--since a date: midnight in Copenhagen" run 0 $S audit export --since 2026-03-03 --format jsonl
check "  the imports only" test "$(wc -l <out)" -eq $((total - 4))
check "--org alfa" run 0 $S audit export --since 2000-01-01 --org alfa --format jsonl
check "  alfa's two entries" sh -c "jq -s -c '[.[] | [.seq, .org]]' out | grep -qx '\[\[1,\"alfa\"\],\[4,\"alfa\"\]\]'"
check "--org of no entries: nothing, no error" run 0 $S audit export --since 2000-01-01 --org ingen --format jsonl
check "  empty" test ! -s out
check "a window after the last entry: empty" run 0 $S audit export --since 2099-01-01 --format cef
check "  empty" test ! -s out

# ---- CEF
check "export --format cef" run 0 $S audit export --since 2000-01-01 --format cef
cp out all.cef
check "  one line per entry" test "$(wc -l <all.cef)" -eq "$total"
check "  every line a CEF:0 record of skjold" sh -c "! grep -v '^CEF:0|skjold|skjold|1|[a-z_]*|[a-z_ ]*|[0-9]*|rt=[0-9]* externalId=[0-9]* ' all.cef"
check "  the first: header, rt in ms, externalId = seq, suser, act, cs1-cs5" \
	sh -c "head -n 1 all.cef | grep -qx 'CEF:0|skjold|skjold|1|create|create organisation|3|rt=1772438400000 externalId=1 suser=unknown@cli act=create cs1Label=organisation cs1=alfa cs2Label=entity cs2=organisation cs3Label=key cs3=alfa cs4Label=hash cs4=[0-9a-f]\{64\} cs5Label=prevHash cs5=$ZERO'"
check "  the hashes are those of the JSON lines" sh -c "sed -n 's/.* cs4=\([0-9a-f]*\) .*/\1/p' all.cef >h1; jq -r .hash all.jsonl >h2; cmp -s h1 h2"
check "  the actor's = and \\ escaped, its | left" sh -c "sed -n 4p all.cef | grep -qF ' suser=ops\\=1|a\\\\b act=create '"
check "  rt with the milliseconds" sh -c "sed -n 4p all.cef | grep -qF 'rt=1772449200250 externalId=4 '"
check "  the user's entry has no cs1" sh -c "sed -n 3p all.cef | grep -v -q 'cs1'"

# ---- --out
check "--out FILE" run 0 $S audit export --since 2000-01-01 --format cef --out export.cef
check "  prints nothing" test ! -s out
check "  the same bytes as standard output" cmp -s export.cef all.cef
check "  no temporary file left" sh -c "! ls export.cef.tmp-* 2>/dev/null"
check "--out in a missing folder: refused" run 1 $S audit export --since 2000-01-01 --format cef --out nowhere/x.cef
check "  naming --out" has "\-\-out" err

# ---- refusals, nothing changed
before=$(dbsum a.db)
check "a bad --since: refused" run 2 $S audit export --since yesterday --format jsonl
check "  naming --since and the value" sh -c "grep -q -- '--since' err && grep -q 'yesterday' err"
check "no --since: refused" run 2 $S audit export --format jsonl
check "  naming --since" has "\-\-since" err
check "a bad --until: refused" run 2 $S audit export --since 2026-03-02 --until 2026-13-01 --format jsonl
check "  naming --until" has "\-\-until" err
check "--until before --since: refused" run 2 $S audit export --since 2026-03-02 --until 2026-03-01 --format jsonl
check "  naming --until" has "\-\-until" err
check "a bad --format: refused" run 2 $S audit export --since 2026-03-02 --format xml
check "  naming --format and the value" sh -c "grep -q -- '--format' err && grep -q 'xml' err"
check "no --format: refused" run 2 $S audit export --since 2026-03-02
check "  naming --format" has "\-\-format" err
check "an unknown option: refused" run 2 $S audit export --since 2026-03-02 --format cef --entity node
check "  naming it" has "\-\-entity" err
check "in Danish: the option and the value named" sh -c "$S --lang da audit export --since i-går --format cef 2>&1 | grep -q 'since skal være en dato'"
check "  nothing written by any refusal or export" test "$(dbsum a.db)" = "$before"
check "the chain still holds" run 0 $S audit verify
finish
