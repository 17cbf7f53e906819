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

# ---- single sign-on: who is linked, linking and unlinking (docs/sso.md) ----
check "user show" run 0 $S user show ulla
check "  with sso null and the memberships, none by single sign-on" jqt \
	'.sso == null and .memberships == [{"org": "alfa", "role": "isk", "sso": false}]' out
check "user list: sso null and nothing granted by single sign-on" run 0 $S user list
check "  (ulla)" jqt '.[] | select(.name == "ulla") | .sso == null and .sso_granted == []' out
before=$(dbsum u.db)
check "link-sso without --subject: refused" run 2 $S user link-sso ulla --issuer https://idp.example
check "  naming --subject" has "\-\-subject" err
check "link-sso with an issuer that is not https: refused" run 2 $S user link-sso ulla --issuer http://idp.example --subject s1
check "  naming --issuer" has "\-\-issuer" err
check "link-sso with a control character in the subject: refused" run 2 $S user link-sso ulla --issuer https://idp.example --subject "$(printf 'a\tb')"
check "  naming --subject" has "\-\-subject" err
check "link-sso of a missing user: refused" run 2 $S user link-sso ingen --issuer https://idp.example --subject s1
check "unlink-sso of a user not linked: refused" run 2 $S user unlink-sso ulla
check "  saying so" has "ulla is not linked to single sign-on" err
check "  nothing changed by the refusals" test "$(dbsum u.db)" = "$before"
check "link-sso" run 0 $S user link-sso ulla --issuer https://idp.example/realms/ø --subject "sub-ulla-1"
check "  shows the issuer, never the subject" jqt '.sso == {"issuer": "https://idp.example/realms/ø"} and (tostring | test("sub-ulla") | not)' out
check "  and voids the one-time password never changed" jqt '.must_change_password == false' out
check "the same identity for another user: refused" run 2 $S user link-sso sys --issuer https://idp.example/realms/ø --subject "sub-ulla-1"
check "  naming the user who holds it" has "ulla" err
check "user list shows the provider" run 0 $S user list
check "  (ulla)" jqt '.[] | select(.name == "ulla") | .sso.issuer == "https://idp.example/realms/ø"' out
check "audited as link-sso" run 0 $S audit log --entity user --key ulla
check "  with the issuer after, never the subject" jqt 'last | .action == "link-sso" and .after.sso.issuer == "https://idp.example/realms/ø"' out
check "  (no subject anywhere in the log)" sh -c "! grep -q sub-ulla out"
check "unlink-sso" run 0 $S user unlink-sso ulla
check "  sso null" jqt '.sso == null' out
check "  audited as unlink-sso" run 0 $S audit log --entity user --key ulla
check "    (last)" jqt 'last | .action == "unlink-sso" and .after.sso == null' out
check "the audit chain holds" run 0 $S audit verify
finish
