#!/bin/sh
# The DORA Register of Information (issue 15): the example bank's register as the EBA's xBRL-CSV
# report package, its structure compared with the EBA's own sample package (a real counterpart:
# tests/roi/eba-sample-package-headers.zip, read with Debian's unzip and Python's zipfile and csv),
# the EBA rules the check applies, export -> import -> export, and bad input refused unchanged.
#
# Hand-worked from examples/forum/bank1.json ("roi"), reference date 2025-12-31:
# - 10 arrangements (B_02.01), 9 of them with an external provider (B_03.02, B_07.01: one
#   service each) and one intra-group (K-2019-009: B_03.03, linked to K-2019-001 in B_02.03).
# - B_02.02: one row per arrangement x service x function (one using entity):
#   K-2019-001 3 functions, K-2020-003 2, K-2022-004 2, the other seven 1 each = 14.
# - B_04.01: one row per arrangement, K-2020-003 two (the bank and its Malmö branch) = 11.
# - B_05.02: the chain Kernebank (rank 1) -> Nordsky (2) -> Fibernet (3) from the map's
#   supplied_by edges: K-2019-001 3 rows, K-2021-002 (Nordsky) 2, the other eight 1 = 13.
# - B_05.01 total annual expense: Kernebank 14 500 000 DKK; IT-Rådgivning 250 000 + 80 000 =
#   330 000 DKK (overarching and subsequent); Kortdrift 410 000 in EUR (its own currency).
# - B_06.01: F1 Betalingsformidling RTO 240 min = 4 h, F2 Netbank 180 min = 3 h.
. "$(dirname "$0")/lib.sh"
NOW=2026-01-15T10:30:00+01:00
S="$SKJOLD --db d.db --actor tester --now $NOW"
PY=/usr/bin/python3
SAMPLE=$ROOT/tests/roi/eba-sample-package-headers.zip
PKG=9845001BANK1EKSMPL90.CON_DK_DORA010100_DORA_2025-12-31_20260115093000000

if [ -f "$ROOT/../shared/formats/eba-roi/dora_4.0_module.json" ]; then
	check "the embedded module is the product owner's, byte for byte" \
		cmp "$ROOT/formats/eba-roi/dora_4.0_module.json" "$ROOT/../shared/formats/eba-roi/dora_4.0_module.json"
	check "the sample package is the product owner's, byte for byte" \
		cmp "$SAMPLE" "$ROOT/../shared/formats/eba-roi/eba-sample-package-headers.zip"
fi
check "import example bank 1 with its register" run 0 $S import "$ROOT/examples/forum/bank1.json"
check "roi show: 9 providers, 3 functions, 10 arrangements" run 0 $S roi show --org bank1
check "  (counts)" jqt '(.providers | length) == 9 and (.functions | length) == 3 and (.arrangements | length) == 10' out

check "roi check: the example register passes every rule (exit 0)" run 0 $S roi check --org bank1 --as-of 2025-12-31
check "  ok, no violations" jqt '.ok == true and .violations == []' out
check "  rows per table, worked by hand" jqt '.tables == {"B_01.01":1,"B_01.02":2,"B_01.03":1,"B_02.01":10,"B_02.02":14,"B_02.03":1,"B_03.01":10,"B_03.02":9,"B_03.03":1,"B_04.01":11,"B_05.01":9,"B_05.02":13,"B_06.01":3,"B_07.01":9,"B_99.01":1}' out

check "roi export writes the package" run 0 $S roi export --org bank1 --as-of 2025-12-31 --out p.zip
check "  named as the EBA's filing rules ask" has "$PKG.zip" err
check "--out DIR: the file gets the package's own name" sh -c "mkdir -p o && $S roi export --org bank1 --as-of 2025-12-31 --out o 2>/dev/null && cmp p.zip o/$PKG.zip"
check "  Debian's unzip tests it clean" run 0 unzip -tq p.zip
check "  the same register gives the same bytes" sh -c "$S roi export --org bank1 --as-of 2025-12-31 --out q.zip 2>/dev/null && cmp p.zip q.zip"
check "  another creation time changes only the name" sh -c "$SKJOLD --db d.db --now 2026-02-01T08:00:00Z roi export --org bank1 --as-of 2025-12-31 --out r.zip 2>/dev/null &&
	mkdir -p a b && (cd a && unzip -q ../p.zip) && (cd b && unzip -q ../r.zip) &&
	diff -r a/$PKG b/9845001BANK1EKSMPL90.CON_DK_DORA010100_DORA_2025-12-31_20260201080000000 >/dev/null"

# The structure against the EBA's sample: same files, the same JSON, the same five parameters,
# every table's header the module's columns (the sample permutes them; the set is the same).
cat >structure.py <<'EOF'
import csv, io, json, sys, zipfile
ours, sample, module = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2]), json.load(open(sys.argv[3]))
def tree(z):
    names = z.namelist()
    roots = {n.split("/")[0] for n in names}
    assert len(roots) == 1, roots
    root = roots.pop()
    return root, {n[len(root) + 1:]: n for n in names if not n.endswith("/")}
r1, t1 = tree(ours)
r2, t2 = tree(sample)
assert r1 + ".zip" == sys.argv[4], (r1, sys.argv[4])
assert set(t1) == set(t2), set(t1) ^ set(t2)
for f in ("META-INF/reportPackage.json", "reports/report.json"):
    assert json.loads(ours.read(t1[f])) == json.loads(sample.read(t2[f])), f
def rows(z, t, f):
    return list(csv.reader(io.StringIO(z.read(t[f]).decode("utf-8"))))
p1, p2 = rows(ours, t1, "reports/parameters.csv"), rows(sample, t2, "reports/parameters.csv")
assert [r[0] for r in p1] == [r[0] for r in p2], (p1, p2)
assert rows(ours, t1, "reports/FilingIndicators.csv") == rows(sample, t2, "reports/FilingIndicators.csv")
for t in module["tables"]:
    f = "reports/" + t["url"]
    h1, h2 = rows(ours, t1, f)[0], rows(sample, t2, f)[0]
    assert h1 == [c["code"] for c in t["columns"]], (f, h1)
    assert sorted(h1) == sorted(h2), (f, h1, h2)
print("same structure as the EBA sample")
EOF
check "  the same structure as the EBA's sample package" run 0 $PY structure.py p.zip "$SAMPLE" "$ROOT/formats/eba-roi/dora_4.0_module.json" "$PKG.zip"

cat >cells.py <<'EOF'
import csv, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
root = z.namelist()[0].split("/")[0]
def table(t):
    r = list(csv.DictReader(io.StringIO(z.read(root + "/reports/" + t + ".csv").decode("utf-8"))))
    return r
q = sys.argv[2]
print(eval(q))
EOF
cell() { $PY cells.py p.zip "$1" >val 2>&1 && [ "$(cat val)" = "$2" ] || { echo "  $1 = $(cat val), wanted $2" >&2; return 1; }; }
KB=984500KERNEBANK0DK67
NS=984500NORDSKY000DK84
FN=984500FIBERNET00DK48
check "parameters: rs:LEI.CON, the reference date, DKK, and decimals" cell '[(r["name"], r["value"]) for r in table("parameters")]' "[('entityID', 'rs:9845001BANK1EKSMPL90.CON'), ('refPeriod', '2025-12-31'), ('baseCurrency', 'iso4217:DKK'), ('decimalsInteger', '0'), ('decimalsMonetary', '-3')]"
check "B_01.01: the bank, DK, credit institution, DK_FSA, the reference date" cell '[list(r.values()) for r in table("b_01.01")]' "[['9845001BANK1EKSMPL90', 'Eksempel Bank 1 A/S', 'eba_GA:DK', 'eba_CT:x12', 'DK_FSA', '2025-12-31']]"
check "B_05.02: Fibernet is rank 3 under Kernebank, its recipient Nordsky" cell "[(r['c0050'], r['c0030'], r['c0060']) for r in table('b_05.02') if r['c0010'] == 'K-2019-001']" "[('1', '$KB', ''), ('2', '$NS', '$KB'), ('3', '$FN', '$NS')]"
check "B_05.01: Kernebank's total 14500000 DKK" cell "[(r['c0090'], r['c0100']) for r in table('b_05.01') if r['c0010'] == '$KB']" "[('eba_CU:DKK', '14500000')]"
check "B_05.01: IT-Rådgivning 250000 + 80000, by its CVR as a CRN" cell "[(r['c0020'], r['c0100']) for r in table('b_05.01') if r['c0010'] == '39876543']" "[('eba_qCO:qx2003', '330000')]"
check "B_05.01: Kortdrift in EUR" cell "[(r['c0090'], r['c0100']) for r in table('b_05.01') if r['c0010'] == '549300KORTDRIFT0SE64']" "[('eba_CU:EUR', '410000')]"
check "B_04.01: the Malmö branch uses the network" cell "[(r['c0030'], r['c0040']) for r in table('b_04.01') if r['c0010'] == 'K-2020-003']" "[('eba_ZZ:x839', ''), ('eba_ZZ:x838', 'SE-MALMO')]"
check "B_02.02: no storage -> the storage country is 'not applicable'" cell "[(r['c0140'], r['c0150']) for r in table('b_02.02') if r['c0010'] == 'K-2018-005']" "[('eba_BT:x29', 'eba_GA:qx2007')]"
check "B_02.02: open-ended -> 9999-12-31" cell "sorted({r['c0080'] for r in table('b_02.02')})" "['9999-12-31']"
check "B_06.01: RTO and RPO in hours (240 min = 4 h, 180 min = 3 h)" cell "[(r['c0010'], r['c0080'], r['c0090']) for r in table('b_06.01')]" "[('F1', '4', '1'), ('F2', '3', '1'), ('F3', '24', '')]"
check "B_03.03: the intra-group provider by LEI" cell "[list(r.values()) for r in table('b_03.03')]" "[['K-2019-009', '984500BANK1IT000DK72', 'true']]"
check "B_02.01: the subsequent arrangement names its overarching one" cell "[(r['c0020'], r['c0030']) for r in table('b_02.01') if r['c0010'] == 'K-2025-008A']" "[('eba_CO:x3', 'K-2024-008')]"

check "roi check FILE.zip: the package passes (exit 0)" run 0 $S roi check p.zip
check "  the package's name" jqt ".package == \"$PKG\" and .ok == true" out

# One failing case per rule, on copies of the package with one cell changed (mutate.py FILE ROW
# COLUMN VALUE; ROW 0 is the header, "+" appends a copy of row 1).
cat >mutate.py <<'EOF'
import csv, io, sys, zipfile
src, dst, f, row, col, val = sys.argv[1:7]
zi = zipfile.ZipFile(src)
root = zi.namelist()[0].split("/")[0]
zo = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for n in zi.namelist():
    data = zi.read(n)
    if n == root + "/reports/" + f:
        rows = list(csv.reader(io.StringIO(data.decode())))
        if row == "+":
            rows.append(list(rows[1]))
        else:
            rows[int(row)][rows[0].index(col) if col in rows[0] else int(col)] = val
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        data = out.getvalue().encode()
    zo.writestr(n, data)
zo.close()
EOF
rule() { # FILE ROW COLUMN VALUE -> TABLE WANT_ROW WANT_COLUMN RULE
	$PY mutate.py p.zip m.zip "$1" "$2" "$3" "$4" && $S roi check m.zip >out 2>err
	rc=$?
	[ $rc -eq 1 ] && jq -e --arg t "$5" --argjson r "$6" --arg c "$7" --arg u "$8" \
		'[.violations[] | select(.table == $t and .row == $r and .column == $c and .rule == $u)] | length == 1' out >/dev/null ||
		{ echo "  exit $rc; $(head -c 600 out)" >&2; return 1; }
}
check "rule mandatory: an arrangement without its currency" rule b_02.01.csv 1 c0040 "" B_02.01 1 c0040 mandatory
check "rule code_list: a currency not in ISO 4217" rule b_02.01.csv 1 c0040 eba_CU:DKX B_02.01 1 c0040 code_list
check "rule lei: the entity's LEI with a wrong check digit" rule b_01.01.csv 1 c0010 9845001BANK1EKSMPL91 B_01.01 1 c0010 lei
check "rule code_type: a legal person by its CVR number" rule b_05.01.csv 1 c0020 eba_qCO:qx2003 B_05.01 1 c0020 code_type
check "rule date: a start date that is no date" rule b_02.02.csv 1 c0070 2025-02-30 B_02.02 1 c0070 date
check "rule number: a rank that is no natural number" rule b_05.02.csv 1 c0050 -1 B_05.02 1 c0050 number
check "rule amount: an annual expense that is no amount" rule b_02.01.csv 1 c0050 12,5 B_02.01 1 c0050 amount
check "rule duplicate_key: a provider listed twice" rule b_05.01.csv + c0010 "" B_05.01 10 c0010 duplicate_key
check "rule foreign_key: an arrangement the register does not hold" rule b_07.01.csv 1 c0010 K-9999 B_07.01 1 c0010 foreign_key
check "rule date_order: an end before its start" rule b_02.02.csv 1 c0080 2000-01-01 B_02.02 1 c0080 date_order
check "rule rows: a second reporting entity in B_01.01" rule b_01.01.csv + c0010 "" B_01.01 0 c0010 rows
check "rule parameter: a parameter the module does not reference" rule parameters.csv 5 0 baseLanguage parameters 5 baseLanguage parameter

# export -> import -> export: the same tables (rows as sets: xBRL-CSV rows carry no order)
jq 'del(.roi) | .nodes |= map(select(.kind != "supplier")) | .edges |= map(select(.to | startswith("ict-") | not))' \
	"$ROOT/examples/forum/bank1.json" >bare.json
check "a bank 1 without its register or its suppliers" run 0 $SKJOLD --db e.db --actor tester --now $NOW import bare.json
check "roi import reads the package" run 0 $SKJOLD --db e.db --actor tester --now $NOW roi import p.zip --org bank1
check "  9 providers, 3 functions, 10 arrangements; 9 supplier nodes made" jqt '.providers == 9 and .functions == 3 and .arrangements == 10 and .nodes_added == 9' out
check "  the chain came back as supplied_by edges" run 0 $SKJOLD --db e.db edge list --org bank1
check "  (Kernebank supplied by Nordsky, Nordsky by Fibernet)" jqt '[.[] | select(.type == "supplied_by") | .from + ">" + .to] | index("ict-984500kernebank0dk67>ict-984500nordsky000dk84") != null and index("ict-984500nordsky000dk84>ict-984500fibernet00dk48") != null' out
check "export again" run 0 $SKJOLD --db e.db --now $NOW roi export --org bank1 --as-of 2025-12-31 --out back.zip
cat >same.py <<'EOF'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
def files(z):
    return {n.split("/", 1)[1]: sorted(z.read(n).decode().splitlines()[1:]) + [z.read(n).decode().splitlines()[0]]
            for n in z.namelist() if not n.endswith("/")}
fa, fb = files(a), files(b)
bad = [f for f in fa if fa[f] != fb.get(f)]
assert not bad and set(fa) == set(fb), bad
print("identical tables")
EOF
check "  export -> import -> export: identical tables" run 0 $PY same.py p.zip back.zip

check "another organisation (no LEI)" run 0 $S import "$ROOT/examples/eksempel-kommune.json"
check "  refuses bank 1's package (exit 2)" run 2 $S roi import p.zip --org eksempel-kommune
check "  naming its LEI" has "organisation.lei" err
B0=$(dbsum d.db)
check "the EBA's sample package is refused (its 'LEIs' are not LEIs)" run 2 $S roi import "$SAMPLE" --org bank1
check "  naming table, row and column" has "B_01.01 row 1 c0010" err
check "  and nothing changed" sh -c "[ '$(dbsum d.db)' = '$B0' ]"
check "  and listing every violation" jqt '(.violations | length) > 10' out
check "roi check on the sample: exit 1, violations listed" run 1 $S roi check "$SAMPLE"
check "  a foreign key among them (rule 807)" jqt '[.violations[].rule] | index("foreign_key") != null' out
check "  a code list among them" jqt '[.violations[].rule] | index("code_list") != null' out

# bad input: named, exit 2, nothing changed
B=$(dbsum d.db)
jq '.roi | .arrangements[0].services[0].type = "S20"' "$ROOT/examples/forum/bank1.json" >bad1.json
check "a service type outside Annex III: exit 2" run 2 $S roi set bad1.json --org bank1
check "  names the field" has "arrangements\[0\].services\[0\].type" err
jq '.roi | .entities[0].lei = "984500BANK1IT000DK73"' "$ROOT/examples/forum/bank1.json" >bad2.json
check "a LEI with wrong check digits: exit 2" run 2 $S roi set bad2.json --org bank1
check "  names the field" has "entities\[0\].lei" err
jq '.roi | .providers[0].node = "sys-core"' "$ROOT/examples/forum/bank1.json" >bad3.json
check "a provider that is a system node: exit 2" run 2 $S roi set bad3.json --org bank1
check "  names the field" has "providers\[0\].node" err
check "  nothing changed" sh -c "[ '$(dbsum d.db)' = '$B' ]"

# a register that fails: export refuses, listing the violations
echo '{"currency": null}' >nocur.json
check "remove the register's currency (merge)" run 0 $S roi update nocur.json --org bank1
check "roi check: exit 1" run 1 $S roi check --org bank1 --as-of 2025-12-31
check "  B_01.02 c0100 mandatory, naming roi.currency" jqt '[.violations[] | select(.table == "B_01.02" and .column == "c0100" and .rule == "mandatory" and (.message | contains("roi.currency")))] | length == 1' out
check "  the arrangements without their currency, row by row" jqt '[.violations[] | select(.table == "B_02.01" and .column == "c0040") | .row] == [1,2,3,4,5,7,8,9,10]' out
check "  in Danish too" jqt '.violations[0].message_da | length > 0' out
check "roi export refuses it (exit 1)" run 1 $S roi export --org bank1 --as-of 2025-12-31 --out x.zip
check "  no file written" test ! -e x.zip
check "  naming the count and the first rule" has "fails [0-9]* of the EBA's rules (skjold roi check lists them); first: " err
check "  in Danish with --lang da, the rule's Danish words too" run 1 $S --lang da roi export --org bank1 --as-of 2025-12-31 --out x.zip
check "    (the count)" has "overholder ikke [0-9]* af EBA's regler" err
check "    (the rule)" sh -c "grep -qF -- \"\$(jq -r '.violations[0].message_da' out)\" err"
check "  the violations listed" jqt '.violations | length >= 1' out

# the organisation document carries the register
check "export the organisation document" run 0 $SKJOLD --db e.db --now $NOW export --org bank1
check "  with its register" jqt '(.roi.arrangements | length) == 10' out
cp out doc.json
check "  which imports again" run 0 $SKJOLD --db f.db --actor tester --now $NOW import doc.json
check "  and checks clean" run 0 $SKJOLD --db f.db --now $NOW roi check --org bank1 --as-of 2025-12-31
check "the audit chain holds" run 0 $SKJOLD --db e.db audit verify
finish
