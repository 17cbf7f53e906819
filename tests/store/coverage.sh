#!/bin/sh
# Does the store contract suite reach every storage operation?
#   tests/store/coverage.sh        (the last line is "RESULT passed failed")
# Two checks, each counted once per name:
#   - every member of struct store_ops (src/store/store_impl.h) is reached by
#     a store.h function the suite calls (store_X reaches member X; the few
#     other names are in the table below);
#   - every function store.h declares is called by tests/store/*.c.
# A new store operation fails here until the suite calls it.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
calls=$(grep -ohE '\bstore_[a-z_]+\(' tests/store/*.c | tr -d '(' | sort -u)
called() { echo "$calls" | grep -qx "$1"; }
# members of struct store_ops, in order
# (one tab deep: the callbacks among the parameters are not members)
members=$(sed -n '/^struct store_ops {/,/^};/p' src/store/store_impl.h | grep -E "^$(printf '\t')[a-z]" |
	sed -nE 's/^[^(]*\(\*([a-z_]+)\)\(.*/\1/p')
# the public functions that reach a member not named store_<member>
reached_by() {
	case $1 in
	depth) echo store_tx_depth store_rollback_to ;;
	user_get) echo store_user_get store_user_get_uid ;;
	session_delete) echo store_session_delete store_session_delete_user ;;
	dump) echo store_dump store_checksum store_census store_copy ;;
	load) echo store_copy ;;
	*) echo "store_$1" ;;
	esac
}
nmembers=0
for m in $members; do
	nmembers=$((nmembers + 1))
	hit=""
	for f in $(reached_by "$m"); do
		called "$f" && hit="$hit $f"
	done
	if [ -n "$hit" ]; then
		pass=$((pass + 1))
		[ -n "${VERBOSE:-}" ] && echo "ok   store_ops.$m:$hit"
	else
		fail=$((fail + 1))
		echo "FAIL store_ops.$m is not reached by the suite (through $(reached_by "$m"))"
	fi
done
nfuncs=0
for f in $(grep -ohE '^[a-z][a-z0-9_ ]*[ *]store_[a-z_]+\(' src/store/store.h | sed -E 's/.*(store_[a-z_]+)\($/\1/' | sort -u); do
	nfuncs=$((nfuncs + 1))
	if called "$f"; then
		pass=$((pass + 1))
		[ -n "${VERBOSE:-}" ] && echo "ok   $f"
	else
		fail=$((fail + 1))
		echo "FAIL $f (store.h) is not called by tests/store/"
	fi
done
echo "# $nmembers store_ops members, $nfuncs store.h functions"
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
