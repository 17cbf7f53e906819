#!/bin/sh
# skjold user: the home organisation (issue 17), the organisation the web UI opens at sign-in
# when the browser remembers no choice: one the user holds a role in (any, for a system
# administrator), refused otherwise naming --org with nothing changed, audited, cleared by none.
#   tests/cli/test_users.sh build/release/skjold
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db u.db"

check "two organisations" run 0 $S org add --id alfa --name "Alfa Bank" --kind bank
check "  and another" run 0 $S org add --id beta --name "Beta Kommune" --kind municipality
check "a user" run 0 $S user add ulla
check "  an ISK of alfa" run 0 $S user role ulla --org alfa --role isk
check "  with no home at first" run 0 $S user list
check "    (null)" jqt '.[] | select(.name == "ulla") | .home_org == null' out
before=$(dbsum u.db)
check "home in an organisation she holds no role in: refused" run 2 $S user home ulla --org beta
check "  naming --org" has "ulla holds no role in 'beta'" err
check "  (field --org)" has "\-\-org" err
check "home in a missing organisation: refused" run 2 $S user home ulla --org gamma
check "  naming it" has "no organisation 'gamma'" err
check "home without --org: refused" run 2 $S user home ulla
check "  naming --org" has "\-\-org" err
check "home for a missing user: refused" run 2 $S user home ingen --org alfa
check "  naming the user" has "ingen" err
check "  nothing changed by the refusals" test "$(dbsum u.db)" = "$before"
check "home in alfa" run 0 $S user home ulla --org alfa
check "  answered" jqt '.home_org == "alfa"' out
check "  listed" run 0 $S user list
check "    as alfa" jqt '.[] | select(.name == "ulla") | .home_org == "alfa"' out
check "  audited as an update of the user" run 0 $S audit log --entity user --key ulla
check "    with the home after" jqt 'last | .action == "update" and .after.home_org == "alfa"' out
check "a system administrator may have any organisation as home" run 0 $S user add sys --admin true
check "  beta, without a role there" run 0 $S user home sys --org beta
check "home none clears it" run 0 $S user home ulla --org none
check "  (null)" jqt '.home_org == null' out
check "the audit chain holds" run 0 $S audit verify
finish
