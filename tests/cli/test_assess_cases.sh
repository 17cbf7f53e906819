#!/bin/sh
# `skjold incident assess` against the hand-worked cases in tests/cases/assess:
# each case file holds an incident, the --now (and --regime) to run it with, and
# what the law gives for it, worked by hand from the seed order and RULES.md
# ("source" and "why" in each file).  One case = one check; the comparison and
# its per-field diff are in match_assess.py.  Then batch mode: every valid
# case's input as one JSON line each, and a batch with bad lines in between.
. "$(dirname "$0")/lib.sh"
CASES=$ROOT/tests/cases/assess
M="python3 $ROOT/tests/cli/match_assess.py"
BATCH_NOW=2026-11-22T12:00:00+01:00

# Every case: its input in work/NAME.in, the run's stdout, stderr and exit
# status in work/NAME.out, .err, .rc; then one check per case (match_assess.py
# check-all prints "ok   NAME" or the differences and "FAIL NAME").
$M prepare-all "$CASES" work >cases.tsv || echo "  prepare-all failed" >&2
n=0
tab=$(printf '\t')
while IFS=$tab read -r name now regime; do
	n=$((n + 1))
	if [ -n "$regime" ]; then
		"$SKJOLD" --now "$now" incident assess "work/$name.in" --regime "$regime" </dev/null >"work/$name.out" 2>"work/$name.err"
	else
		"$SKJOLD" --now "$now" incident assess "work/$name.in" </dev/null >"work/$name.out" 2>"work/$name.err"
	fi
	echo $? >"work/$name.rc"
done <cases.tsv
$M check-all "$CASES" work >checks.txt 2>&1
grep -v '^COUNT ' checks.txt
counts=$(sed -n 's/^COUNT \([0-9]*\) \([0-9]*\)$/\1 \2/p' checks.txt)
if [ -n "$counts" ]; then
	PASS=$((PASS + ${counts% *}))
	FAIL=$((FAIL + ${counts#* }))
else
	FAIL=$((FAIL + 1))
	echo "FAIL the case checks did not complete"
fi
check "at least 70 cases ($n)" test "$n" -ge 70

# The same document on stdin ("-") gives the same output as from a file.
stdin_same() {
	$M prepare "$CASES/200-rules-example-document.json" in.json >args || return 1
	"$SKJOLD" --now 2026-04-04T12:00:00+02:00 incident assess in.json >o1 2>/dev/null || return 1
	"$SKJOLD" --now 2026-04-04T12:00:00+02:00 incident assess - <in.json >o2 2>/dev/null || return 1
	[ -s o1 ] && cmp -s o1 o2
}
check "stdin (-) gives the same output as a file" stdin_same

# Criteria read as the fact against its threshold, then the outcome, in the language asked for
# (issue 17): case 116 has a duration of exactly 24 h (not more) and 30 min of downtime.
jq '.input' "$CASES/116-dora-duration-24h-exact.json" >dur.json
dora_duration() { # LANG-or-flag expected
	jq -e --arg want "$1" '.results[] | select(.regime == "eu-dora") | .criteria[] |
		select(.id == "duration_downtime") | .detail == $want' out >/dev/null ||
		{ jq '.results[] | select(.regime == "eu-dora") | .criteria[] | select(.id == "duration_downtime") | .detail' out >&2; return 1; }
}
check "assess --lang da" run 0 "$SKJOLD" --now 2025-12-20T12:00:00+01:00 incident assess dur.json --lang da
check "  varighed 1440 min — tærskel 1440 min …: ikke opfyldt" \
	dora_duration "varighed 1440 min — tærskel 1440 min; nedetid 30 min — tærskel 120 min: ikke opfyldt"
check "assess in English (LANG=C)" run 0 "$SKJOLD" --now 2025-12-20T12:00:00+01:00 incident assess dur.json
check "  duration 1440 min — threshold 1440 min …: not met" \
	dora_duration "duration 1440 min — threshold 1440 min; downtime 30 min — threshold 120 min: not met"

# Batch: one JSON line in, one JSON line out, in order.
$M batch-input "$CASES" batch.jsonl batch.names
"$SKJOLD" --now "$BATCH_NOW" incident assess --batch batch.jsonl >bout 2>berr
echo $? >brc
check "batch: exit 0, one object with results per input line ($(wc -l <batch.jsonl) lines)" \
	$M batch-shape batch.names bout brc
check "batch: each line agrees with its case (all but status)" $M batch-agree batch.names bout

# A line that is not JSON and a line with an impossible time: error lines, the
# others still assessed, exit 2.
$M mixed-input "$CASES" mixed.jsonl mixed.spec
"$SKJOLD" --now "$BATCH_NOW" incident assess --batch mixed.jsonl >mout 2>merr
echo $? >mrc
check "batch with bad lines 3 and 5: error lines, the rest assessed, exit 2" $M mixed-check mixed.spec mout mrc
finish
