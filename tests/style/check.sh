#!/bin/sh
# The house rules a compiler does not check (STYLE.md, issue 13), over every
# C file under src/:
#   - no sprintf, vsprintf, strcpy, strcat, gets or strtok (snprintf,
#     bounded copies and strtok_r instead);
#   - prototypes only in headers: a .c file declares no function that is not
#     static (a declaration ends in ");" at the top level);
#   - the layers: only the shell's files (cli.c, cmd_*.c, main.c) know
#     struct cli, and nothing runs a shell command on the server's behalf
#     (api_cli, the shell's output capture).
#   tests/style/check.sh            (prints each finding; the last line is "RESULT passed failed")
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
check() { # name, findings (empty: ok)
	if [ -z "$2" ]; then
		pass=$((pass + 1))
		[ -n "${VERBOSE:-}" ] && echo "ok: $1"
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		echo "$2" | sed 's/^/    /'
	fi
}
C_FILES=$(find src -name '*.c' | sort)
ALL_FILES=$(find src -name '*.[ch]' | sort)
# shellcheck disable=SC2086 # the lists are words
check "no unbounded string functions (sprintf, vsprintf, strcpy, strcat, gets, strtok)" \
	"$(grep -nE '(^|[^a-z_])(sprintf|vsprintf|strcpy|strcat|gets|strtok)\(' $ALL_FILES)"
# shellcheck disable=SC2086
check "prototypes only in headers" \
	"$(grep -nE '^[a-z][a-z0-9_ ]*[ *]+[a-z_][a-z0-9_]*\([^;{]*\);$' $C_FILES | grep -vE ':[0-9]+:(static|typedef|extern) ')"
shell_only() { case $(basename "$1") in cli.c | cli.h | cmd_*.c | main.c) return 0 ;; esac; return 1; }
layer=""
for f in $ALL_FILES; do
	shell_only "$f" && continue
	hits=$(grep -nE 'struct cli([^_a-z]|$)|api_cli|cli_capture' "$f")
	[ -n "$hits" ] && layer="$layer$(echo "$hits" | sed "s|^|$f:|")
"
done
check "only the shell knows struct cli; the server runs no shell command" "$(echo "$layer" | sed '/^$/d')"
echo "RESULT $pass $fail"
[ "$fail" -eq 0 ]
