#!/bin/sh
# import-kitos (docs/kitos.md): the fixtures of tests/kitos (KITOS API v2 DTOs, field for field)
# into one organisation.  What the first import makes was checked by hand against the fixtures:
# 4 systems (Omsorg Plus sensitive and critical, ESDH Sag ordinary, Intranet none, Lønsystem
# sensitive through legalData and critical), 4 suppliers (rights holders, data processors and a
# sub-processor), 5 supplied_by edges.  The same export again changes nothing (checksum and the
# audit log); export-2 renames ESDH Sag and drops Intranet (reported, not deleted); a node made by
# hand is never touched; a malformed export is refused naming the JSON path, nothing written.
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

# ---- a kitos: ref round-trips through the organisation document ------------------------------
check "export" run 0 $S export --org k
cp out k.json
check "the document with kitos: refs imports again" run 0 $S --db k2.db import k.json
check "a kitos: ref that is no uuid is refused" run 2 $S node add --org k --id x --kind system --name X --ref kitos:nope
check "it names ref" has "ref" err

finish
