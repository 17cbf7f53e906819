#!/bin/sh
# import-kitos (docs/kitos.md): the fixtures of tests/kitos (KITOS API v2 DTOs, field for field)
# into one organisation.  What the first import makes was checked by hand against the fixtures:
# 4 systems (Omsorg Plus sensitive and critical, ESDH Sag ordinary, Intranet none, Lønsystem
# sensitive through legalData and critical), 4 suppliers (rights holders, data processors and a
# sub-processor), 5 supplied_by edges.  The same export again changes nothing (checksum and the
# audit log); export-2 renames ESDH Sag and drops Intranet (reported, not deleted); a node made by
# hand is never touched; a malformed export is refused naming the JSON path, nothing written; a URL
# (python3's http.server) as one export and as KITOS's API v2 page by page.
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db k.db --now 2026-11-22"
K=$ROOT/tests/kitos
same() { test "$(dbsum k.db)" = "$before" || { echo "  the database changed" >&2; return 1; }; }
node() { # node ID JQ: the stored node satisfies JQ
	"$SKJOLD" --db k.db --now 2026-11-22 node show "$1" --org k >node.json && jqt "$2" node.json
}
audits() { "$SKJOLD" --db k.db audit log --org k | jq length; }

check "an organisation" run 0 $S org add --id k --name "Eksempel Kommune" --kind municipality
check "a node made by hand" run 0 $S node add --org k --id intranet --kind system --name Intranet \
	--owner "Hånd" --personal-data sensitive
hand=$($S node show intranet --org k)

# ---- dry run: tells, writes nothing ---------------------------------------------------------
before=$(dbsum k.db)
check "dry run" run 0 $S import-kitos --org k "$K/export-1" --dry-run
check "dry run: says so" jqt '.dry_run == true and (.created | length) == 8' out
check "dry run: nothing written" same

# ---- first import: the directory of page files ----------------------------------------------
check "import export-1 (a directory of pages)" run 0 $S import-kitos --org k "$K/export-1"
check "4 systems, 4 suppliers created" jqt '.systems == 4 and .suppliers == 4 and (.created | length) == 8' out
check "5 edges added" jqt '(.edges_added | length) == 5' out
check "Omsorg Plus: system, sensitive, critical, owner, ref" node omsorg-plus-11111111 \
	'.kind == "system" and .personal_data == "sensitive" and .critical_service == true and .owner == "Ældre og Sundhed" and .ref == "kitos:11111111-1111-4111-8111-111111111111"'
check "ESDH Sag: ordinary, not critical" node esdh-sag-22222222 \
	'.name == "ESDH Sag" and .personal_data == "ordinary" and .critical_service == false'
check "Intranet: none (dataSensitivityLevels none)" node intranet-33333333 '.personal_data == "none"'
check "Lønsystem: legalData is sensitive, critical" node loensystem-44444444 \
	'.personal_data == "sensitive" and .critical_service == true and .owner == "Økonomi"'
check "a rights holder is a supplier" node omsorg-software-a-s-aaaaaaaa \
	'.kind == "supplier" and .name == "Omsorg Software A/S" and .ref == "kitos:aaaaaaaa-0000-4000-8000-000000000001"'
check "a sub-processor is a supplier" node cloud-backup-gmbh-dddddddd '.kind == "supplier"'
check "edges listed" run 0 $S edge list --org k
check "the edges: rights holders, processor, sub-processor" jqt '[.[] | "\(.from)>\(.to):\(.type)"] | sort == [
	"esdh-sag-22222222>dokument-it-aps-bbbbbbbb:supplied_by",
	"hosting-danmark-a-s-cccccccc>cloud-backup-gmbh-dddddddd:supplied_by",
	"loensystem-44444444>omsorg-software-a-s-aaaaaaaa:supplied_by",
	"omsorg-plus-11111111>hosting-danmark-a-s-cccccccc:supplied_by",
	"omsorg-plus-11111111>omsorg-software-a-s-aaaaaaaa:supplied_by"]' out
check "one summary in the audit log" test "$($S audit log --org k | jq '[.[] | select(.entity == "kitos")] | length')" = 1

# ---- the same export again: nothing changes -------------------------------------------------
before=$(dbsum k.db)
n=$(audits)
check "import export-1 again" run 0 $S import-kitos --org k "$K/export-1"
check "again: nothing created or updated" jqt '(.created | length) == 0 and (.updated | length) == 0 and (.edges_added | length) == 0 and .unchanged == 8' out
check "again: the database unchanged" same
check "again: no audit entry" test "$(audits)" = "$n"

# ---- export-2: a rename, a system gone -------------------------------------------------------
check "import export-2 (one file)" run 0 $S import-kitos --org k "$K/export-2.json"
check "the rename is an update of name" jqt '.updated == [{"id": "esdh-sag-22222222", "name": "ESDH Sag 2", "fields": ["name"]}]' out
check "Intranet is reported, not deleted" jqt '[.not_in_kitos[].id] == ["intranet-33333333"]' out
check "the node has the new name, same id" node esdh-sag-22222222 '.name == "ESDH Sag 2"'
check "Intranet is still there" node intranet-33333333 '.name == "Intranet"'
check "the hand-made node untouched" test "$($S node show intranet --org k)" = "$hand"
before=$(dbsum k.db)
check "export-2 again changes nothing" run 0 $S import-kitos --org k "$K/export-2.json"
check "export-2 again: the database unchanged" same

# ---- refusals: named, nothing written --------------------------------------------------------
before=$(dbsum k.db)
check "a malformed export is refused (exit 2)" run 2 $S import-kitos --org k "$K/bad.json"
check "it names the JSON path" has "it-system-usages\[1\].gdpr.dataSensitivityLevels\[1\]" err
check "malformed: nothing written" same
printf '{"it-system-usages": [{"uuid": "not-a-uuid", "systemContext": {"uuid": "x", "name": "X"}}]}' >baduuid.json
check "a bad uuid is refused" run 2 $S import-kitos --org k baduuid.json
check "it names the uuid's path" has "it-system-usages\[0\].uuid" err
printf '{"it-systems": []}' >nousages.json
check "it-system-usages is required" run 2 $S import-kitos --org k nousages.json
check "it names it-system-usages" has "it-system-usages" err
mkdir pages && printf '[]' >pages/contracts-1.json
check "a page of an unknown list is refused" run 2 $S import-kitos --org k pages
check "it names the file" has "contracts-1.json" err
check "an unknown organisation is refused naming --org" run 2 $S import-kitos --org nope "$K/export-1"
check "it names --org" has "skjold: --org" err
check "refusals: nothing written" same

# ---- a URL: one export object, or KITOS's API v2 page by page (--kitos-org) ----------------
# python3's http.server answers a path whatever its query, so www/api/v2/it-system-usages is
# every page of the list: fewer than 100 entries, so the first page is the last.
mkdir -p www/api/v2
jq -s 'add' "$K"/export-1/it-system-usages-*.json >www/api/v2/it-system-usages
cp "$K/export-1/it-systems-1.json" www/api/v2/it-systems
cp "$K/export-1/data-processing-registrations-1.json" www/api/v2/data-processing-registrations
cp "$K/export-2.json" www/export-2.json
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory www >http.log 2>&1 &
web=$!
trap 'kill $web 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -fs "http://127.0.0.1:$port/export-2.json" >/dev/null && break
	sleep 0.3
done
U="$SKJOLD --db u.db --now 2026-11-22"
check "another organisation" run 0 $U org add --id u --name "URL Kommune" --kind municipality
check "import from KITOS's API (--kitos-org)" run 0 $U import-kitos --org u "http://127.0.0.1:$port/" \
	--kitos-org 9e3f0d6c-5b1a-4c2e-9d7f-0a1b2c3d4e5f
check "the API: 4 systems, 4 suppliers, 5 edges" jqt '.systems == 4 and .suppliers == 4 and (.created | length) == 8 and (.edges_added | length) == 5' out
check "the API was asked per organisation and page" has "GET /api/v2/it-system-usages?organizationUuid=9e3f0d6c-5b1a-4c2e-9d7f-0a1b2c3d4e5f&page=0&pageSize=100" http.log
check "it-systems by usedInOrganizationUuid" has "GET /api/v2/it-systems?usedInOrganizationUuid=" http.log
check "the same nodes as from the files" test "$($U node list --org u | jq -c '[.[] | [.id, .name, .personal_data, .critical_service, .ref]]')" = \
	"$($S node list --org k | jq -c '[.[] | select(.id != "intranet") | [.id, (if .id == "esdh-sag-22222222" then "ESDH Sag" else .name end), .personal_data, .critical_service, .ref]]')"
check "a URL of one export object" run 0 $U import-kitos --org u "http://127.0.0.1:$port/export-2.json"
check "the URL's export: the rename" jqt '[.updated[].id] == ["esdh-sag-22222222"]' out
before=$(dbsum u.db)
check "a URL that answers 404 is refused (exit 1)" run 1 $U import-kitos --org u "http://127.0.0.1:$port/nope.json"
check "it names the URL and the status" has "nope.json.*404" err
check "--kitos-org must be a uuid" run 2 $U import-kitos --org u "http://127.0.0.1:$port/" --kitos-org nope
check "--kitos-org needs a URL" run 2 $U import-kitos --org u "$K/export-2.json" --kitos-org 9e3f0d6c-5b1a-4c2e-9d7f-0a1b2c3d4e5f
check "URL refusals: nothing written" test "$(dbsum u.db)" = "$before"

# ---- a kitos: ref round-trips through the organisation document ------------------------------
check "export" run 0 $S export --org k
cp out k.json
check "the document with kitos: refs imports again" run 0 $S --db k2.db import k.json
check "a kitos: ref that is no uuid is refused" run 2 $S node add --org k --id x --kind system --name X --ref kitos:nope
check "it names ref" has "ref" err

finish
