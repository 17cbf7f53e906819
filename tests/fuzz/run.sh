#!/bin/sh
# Run fuzz harnesses, each for a bounded time:
#   tests/fuzz/run.sh BUILD SECONDS NAME...      (make fuzz runs it)
# Each harness BUILD/fuzz_NAME runs on a copy of tests/fuzz/corpus/NAME/ in
# BUILD/run/NAME/ (new inputs stay there, not in the repository), with the
# libFuzzer options of tests/fuzz/NAME.options.  Any crash, leak, UBSan
# report or timeout fails the run; the reproducer's path is printed.
set -u
# fontconfig's one-time configuration, reached when an input renders a PDF, is not a leak (tests/lsan.supp)
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
B=$1
SECS=$2
shift 2
failed=""
for n in "$@"; do
	work=$B/run/$n
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/findings"
	cp tests/fuzz/corpus/"$n"/* "$work/corpus/"
	opts=$(grep -v '^#' tests/fuzz/"$n".options 2>/dev/null | tr '\n' ' ')
	printf 'fuzz: %-9s %ss ... ' "$n" "$SECS"
	# shellcheck disable=SC2086 # opts are words
	SKJOLD_FUZZ_DB=$B/fixture.db "$B/fuzz_$n" -max_total_time="$SECS" -timeout=30 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/findings/" $opts "$work/corpus" >"$work/log" 2>&1
	rc=$?
	found=$(ls "$work/findings" 2>/dev/null)
	if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
		echo "FAILED (exit $rc)"
		tail -n 60 "$work/log" | sed 's/^/    /'
		for f in $found; do
			echo "  reproducer: $work/findings/$f"
			echo "  rerun:      SKJOLD_FUZZ_DB=$B/fixture.db $B/fuzz_$n $work/findings/$f"
		done
		failed="$failed $n"
	else
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
		cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
		echo "ok ($execs runs, $cov, corpus $(ls "$work/corpus" | wc -l))"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: findings in:$failed (logs under $B/run/)" >&2
	exit 1
fi
