#!/bin/sh
# The documents people hand over (issue 14), from the shell, read back by real readers:
# PDF (qpdf --check, pdfinfo, pdftotext page by page, pdffonts), DOCX (python-docx) and XLSX
# (openpyxl); the TLP label on every page of a forum document; --out written whole; a bad
# format refused naming --format, nothing written.
. "$(dirname "$0")/lib.sh"
NOW=2026-11-24T12:00:00+01:00
S="$SKJOLD --db d.db --now $NOW"
K="--org eksempel-kommune"
PY=/usr/bin/python3
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

check "import the example municipality" run 0 $S import "$EXAMPLE"

# ---- PDF ----------------------------------------------------------------------------------
check "ISU report as PDF to --out" run 0 $S report isu $K --quarter 2026Q4 --format pdf --out isu.pdf
check "  nothing on stdout" test ! -s out
check "  qpdf --check passes" qpdf --check isu.pdf
check "  pdffonts: every font embedded (DejaVu)" sh -c 'pdffonts isu.pdf | tail -n +3 | awk "{print \$(NF-4)}" | grep -qv no && pdffonts isu.pdf | grep -q DejaVu'
n=$(pages isu.pdf)
check "  more than one page ($n)" test "${n:-0}" -gt 1
pdftotext -f 1 -l 1 isu.pdf p1.txt
check "  page 1: the Danish title, English beside it" sh -c 'grep -q "Kvartalsrapport til ISU" p1.txt && grep -q "Quarterly report to the information-security committee" p1.txt'
check "  page 1: the organisation and the as-of date" sh -c 'grep -q "Eksempel Kommune" p1.txt && grep -q "Opgjort pr. (As of): 2026-11-24" p1.txt'
check "  page 1: 4. kvartal 2026 and the first section" sh -c 'grep -q "4. kvartal 2026" p1.txt && grep -q "Status på risikovurderinger" p1.txt'
check "  every page: Side N af M" sh -c 'for p in $(seq 1 '"$n"'); do pdftotext -f $p -l $p isu.pdf - | grep -q "Side $p af '"$n"'" || exit 1; done'
pdftotext isu.pdf all.txt
check "  the sections in the order of the report" sh -c 'grep -n "Status på risikovurderinger\|Handleplaner\|Forfaldne opgaver\|Anbefalinger og behov" all.txt | cut -d: -f2 | tr "\n" "|" | grep -q "^Status på risikovurderinger.*|Handleplaner.*|Forfaldne opgaver.*|Anbefalinger og behov"'
check "the ISU report as JSON" run 0 $S report isu $K --quarter 2026Q4
first=$(jq -r '.overdue[0].id // empty' out)
check "  its first overdue item ($first) is in the PDF" sh -c 'test -n "'"$first"'" && grep -q -- "'"$first"'" all.txt'
check "management report as PDF" run 0 $S report management $K --year 2026 --format pdf --out mgmt.pdf
check "  valid, with its title" sh -c 'qpdf --check mgmt.pdf >/dev/null && pdftotext mgmt.pdf - | grep -q "Årligt input til direktionen"'
check "overview as PDF to stdout" run 0 $S overview $K --format pdf
check "  stdout is a PDF" sh -c 'head -c 5 out | grep -q "%PDF-"'
check "  with the heat map's caption" sh -c 'cp out ov.pdf && pdftotext ov.pdf - | grep -q "Sandsynlighed"'
check "GDPR report to Datatilsynet as PDF" run 0 $S incident report inc-2026-11-ransomware $K --regime eu-gdpr --report authority --format pdf --out gdpr.pdf
check "  valid, Danish title, the incident" sh -c 'qpdf --check gdpr.pdf >/dev/null && pdftotext gdpr.pdf - > g.txt && grep -q "persondatasikkerheden til Datatilsynet" g.txt && grep -q "inc-2026-11-ransomware" g.txt'
check "NIS2 notification as PDF" run 0 $S incident report inc-2026-11-ransomware $K --regime eu-nis2 --report notification --format pdf --out nis2.pdf
check "  valid, with its fields" sh -c 'qpdf --check nis2.pdf >/dev/null && pdftotext nis2.pdf - | grep -q "Hændelsesunderretning"'

check "the risk register as PDF" run 0 $S register $K --format pdf --out reg.pdf
check "  valid, titled, every risk of the JSON register in it" sh -c 'qpdf --check reg.pdf >/dev/null && pdftotext reg.pdf reg.txt && grep -q "Risikoregister" reg.txt && $0 --db d.db --now '"$NOW"' register --org eksempel-kommune --format json | jq -r ".[].id" | while read -r id; do grep -q -- "$id" reg.txt || exit 1; done' "$SKJOLD"
check "the risk register as DOCX" run 0 $S register $K --format docx --out reg.docx
check "  python-docx reads its table" sh -c "$PY -c 'import docx,sys; d=docx.Document(sys.argv[1]); print(len(d.tables[0].rows))' reg.docx | grep -q '^[1-9]'"

# ---- DOCX ---------------------------------------------------------------------------------
check "ISU report as DOCX" run 0 $S report isu $K --quarter 2026Q4 --format docx --out isu.docx
$PY -c 'import docx,sys
d = docx.Document(sys.argv[1])
for p in d.paragraphs: print(p.style.name + "|" + p.text)
for t in d.tables:
    for r in t.rows: print("ROW|" + "|".join(c.text for c in r.cells))' isu.docx > docx.txt 2>docx.err
check "  python-docx reads it" test -s docx.txt
check "  the title in the Title style" grep -q "^Title|Kvartalsrapport til ISU" docx.txt
check "  sections as Heading 2 (a table of contents works)" grep -q "^Heading 2|Handleplaner (Action plans)" docx.txt
check "  tables with the report's rows" grep -q "^ROW|Emne (Item)|Værdi (Value)" docx.txt
check "GDPR notice to the data subjects as DOCX" run 0 $S incident report inc-2026-11-ransomware $K --regime eu-gdpr --report data_subjects --format docx --out subj.docx
check "  python-docx reads the Danish title" sh -c "$PY -c 'import docx,sys; print(\"\\n\".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))' subj.docx | grep -q 'Underretning af de registrerede'"

# ---- XLSX ---------------------------------------------------------------------------------
check "the register as XLSX" run 0 $S register $K --format xlsx --out reg.xlsx
check "risks in the JSON register" run 0 $S register $K --format json
nr=$(jq length out)
$PY -c 'import openpyxl,sys,datetime
ws = openpyxl.load_workbook(sys.argv[1]).active
print(ws.title, ws.max_row, ws.freeze_panes, ws.auto_filter.ref)
dates = [c for c in ws[2] if isinstance(c.value, datetime.datetime)]
print("dates", len(dates))
fills = set(c.fill.fgColor.rgb for row in ws.iter_rows(min_row=2) for c in row if c.value in ("Lav","Medium","Høj","Kritisk"))
print("fills", " ".join(sorted(str(f)[-6:] for f in fills)))' reg.xlsx > x.txt
check "  one row per risk ($nr) under a frozen, filtered header" grep -q "^Risikoregister $((nr + 1)) A2 A1:" x.txt
check "  dates as dates" sh -c 'grep -q "^dates [1-9]" x.txt'
check "  levels coloured as in the UI" sh -c 'grep "^fills" x.txt | grep -qi "F5B5B5"'
check "the deadlines as XLSX" run 0 $S deadlines $K --format xlsx --out dl.xlsx
check "  openpyxl reads the Frister sheet" sh -c "$PY -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).active.title)' dl.xlsx | grep -q Frister"
check "the incident list as XLSX to stdout" run 0 $S incident list $K --format xlsx
check "  a ZIP package" sh -c 'head -c 2 out | grep -q PK'

# ---- the forum's crisis documents, TLP on every page --------------------------------------
F="--forum fsor"
check "load the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" d.db "$NOW"
printf '{"title": "Udfald hos datacentral", "description": "Datacenter Aarhus er nede", "severity": "Kritisk", "opened_at": "2026-11-24T09:00:00+01:00", "cadence_minutes": 60}' > crisis.json
check "the secretariat opens an AMBER crisis" run 0 $S forum item add $F --org nationalbanken --kind crisis --id c9 --tlp AMBER --body crisis.json
check "the situational picture as PDF" run 0 $S forum view picture $F --org nationalbanken --crisis c9 --format pdf --out pic.pdf
check "  valid" qpdf --check pic.pdf
np=$(pages pic.pdf)
check "  TLP:AMBER on every page ($np)" sh -c 'for p in $(seq 1 '"$np"'); do pdftotext -f $p -l $p pic.pdf - | grep -q "TLP:AMBER" || exit 1; done'
check "  its title" sh -c 'pdftotext pic.pdf - | grep -q "Situationsbillede for sektoren"'
check "the after-action report as DOCX" run 0 $S forum view after-action $F --org nationalbanken --crisis c9 --format docx --out aa.docx
check "  python-docx finds the TLP label and the title" sh -c "$PY -c 'import docx,sys; print(\"\\n\".join(p.text for p in docx.Document(sys.argv[1]).paragraphs))' aa.docx | grep -q 'TLP:AMBER'"

# ---- refusals -----------------------------------------------------------------------------
before=$(dbsum d.db)
check "an unknown report format: exit 2" run 2 $S report isu $K --format odt
check "  names --format" has "^skjold: --format:" err
check "--out with JSON: exit 2 naming --out" run 2 $S report isu $K --out x.json
check "  names it" has "^skjold: --out:" err
check "  no file" test ! -e x.json
check "an unknown list format: exit 2 naming --format" run 2 $S deadlines $K --format pdf
check "a view other than picture or after-action takes no --format" run 2 $S forum view late $F --org nationalbanken --crisis c9 --format pdf
check "--out into a folder that does not exist: exit, names --out" sh -c '! $0 --db d.db report isu --org eksempel-kommune --format pdf --out /nonexistent/dir/x.pdf 2>e && grep -q -- "--out" e' "$SKJOLD"
check "nothing was written to the database" test "$(dbsum d.db)" = "$before"
finish
