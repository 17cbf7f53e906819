#!/usr/bin/env python3
"""
test_documents.py — the filing-ready reports over HTTP (issue 14), read back by real readers.

- GET …/incidents/{id}/reports/eu-dora/{report}?format=dora-json: the ESAs' JSON, validated with
  python3-jsonschema against IR 1.2.1 (tests/dora/validate.py), with a Content-Disposition file
  name carrying organisation, incident, report and date; ?check=true: the filing checklist;
  an incomplete report is refused (400) naming the field to fill.
- ?format=pdf|docx of an incident report and of the ISU and management reports: the media
  type, a file name, and the file itself read by qpdf/pdftotext and python-docx.
- ?format=xlsx of the register and the lists (when the build has them): read by openpyxl.

Usage: test_documents.py SKJOLD_BINARY      (VERBOSE=1 prints every check)
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import ROOT, Server, main_guard  # noqa: E402

BANK = os.path.join(ROOT, "examples", "forum", "bank1.json")
SCHEMA = os.path.join(ROOT, "formats", "dora-incident", "dora_ir_v1.2.1.schema.json")
VALIDATE = os.path.join(ROOT, "tests", "dora", "validate.py")
PY = "/usr/bin/python3"  # Debian's python, with python3-jsonschema, -openpyxl and -docx


def write(tmp, name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def run(ck):
    srv = Server(sys.argv[1])
    srv.cli("import", BANK)
    srv.user_add("doc")
    srv.role("doc", "bank1", "isk")
    srv.role("doc", "eksempel-kommune", "isk")
    tb = srv.token_add("doc", "bank1", "isk", name="b")["token"]
    tk = srv.token_add("doc", "eksempel-kommune", "isk", name="k")["token"]
    srv.start()
    bank = srv.bearer(tb, "doc")
    kom = srv.bearer(tk, "doc")
    tmp = tempfile.mkdtemp(prefix="skjold-doc-")
    base = "/api/v1/orgs/bank1/incidents/inc-2026-kort/reports/eu-dora/"

    ck.section("DORA JSON")
    files = []
    for rep in ("initial", "intermediate", "final", "reclassified"):
        r = bank.get(base + rep + "?format=dora-json")
        if not ck.status(r, 200, "dora-json " + rep):
            continue
        cd = r.header("Content-Disposition") or ""
        ck.check(cd.startswith("attachment; filename=\"bank1-inc-2026-kort-dora-" + rep + "-") and cd.endswith(".json\""),
                 "dora-json %s: a file name with organisation, incident, report and date" % rep, cd)
        files.append(write(tmp, rep + ".json", r.body))
    p = subprocess.run([PY, VALIDATE, SCHEMA] + files, capture_output=True, text=True)
    ck.check(p.returncode == 0 and len(files) == 4, "the four DORA reports from the API validate against the schema",
             p.stdout + p.stderr)
    r = bank.get(base + "final?check=true")
    ck.status(r, 200, "?check=true")
    ck.eq(r.json.get("complete"), True, "the example's final report is complete")
    bare = {"id": "inc-api", "title": "x", "detected_at": "2026-04-10T09:00:00+02:00",
            "classified_at": "2026-04-10T10:00:00+02:00", "description": "Netbank nede",
            "facts": {"critical_services_affected": True, "downtime_minutes": 180}}
    ck.status(bank.post("/api/v1/orgs/bank1/incidents", bare), 201, "add an incident without the DORA details")
    b2 = "/api/v1/orgs/bank1/incidents/inc-api/reports/eu-dora/"
    r = bank.get(b2 + "initial?format=dora-json")
    ck.status(r, 400, "its DORA JSON is refused while fields are missing")
    ck.check((r.error_field() or "").startswith("dora."), "  naming the field to fill", r.error_field())
    r = bank.get(b2 + "final?check=true")
    fields = [m.get("field") for m in r.json.get("missing", [])]
    ck.check(r.status == 200 and r.json.get("complete") is False and "2.7" in fields and "4.6" in fields,
             "?check=true lists the missing fields by number", r.json)
    ck.check(all(m.get("da") and m.get("en") for m in r.json.get("missing", [])), "  each in Danish and English")
    ck.status(bank.get(b2 + "weekly?format=dora-json"), 400, "a DORA report that does not exist: 400")
    ck.status(bank.get("/api/v1/orgs/bank1/incidents/inc-api/reports/eu-nis2/notification?format=dora-json"), 400,
              "dora-json of a NIS2 report: 400")
    ck.status(bank.get(b2 + "final?check=maybe"), 400, "check must be true or false")

    ck.section("documents")
    docs = [
        (bank, "/api/v1/orgs/bank1/incidents/inc-2026-kort/reports/eu-dora/final", "Endelig rapport"),
        (bank, "/api/v1/orgs/bank1/incidents/inc-2026-kort/reports/dk-psd2-2018/initial", "Første indberetning"),
        (kom, "/api/v1/orgs/eksempel-kommune/reports/isu?year=2026&quarter=1", "Kvartalsrapport til ISU"),
        (kom, "/api/v1/orgs/eksempel-kommune/reports/management?year=2026", "Årligt input til direktionen"),
        (kom, "/api/v1/orgs/eksempel-kommune/register", "Risikoregister"),
    ]
    for cl, path, title in docs:
        sep = "&" if "?" in path else "?"
        r = cl.get(path + sep + "format=pdf")
        if ck.status(r, 200, "PDF of " + path):
            ck.eq(r.header("Content-Type"), "application/pdf", "  media type")
            ck.check((r.header("Content-Disposition") or "").endswith(".pdf\""), "  a .pdf file name",
                     r.header("Content-Disposition"))
            f = write(tmp, "d.pdf", r.body)
            q = subprocess.run(["qpdf", "--check", f], capture_output=True, text=True)
            ck.check(q.returncode == 0, "  qpdf --check", q.stdout[-400:] + q.stderr[-400:])
            t = subprocess.run(["pdftotext", f, "-"], capture_output=True, text=True)
            ck.check(title in t.stdout, "  pdftotext finds the Danish title '%s'" % title, t.stdout[:300])
        r = cl.get(path + sep + "format=docx")
        if ck.status(r, 200, "DOCX of " + path):
            ck.check("wordprocessingml" in (r.header("Content-Type") or ""), "  media type", r.header("Content-Type"))
            f = write(tmp, "d.docx", r.body)
            q = subprocess.run([PY, "-c", "import docx,sys; d=docx.Document(sys.argv[1]); "
                                "print('\\n'.join(p.text for p in d.paragraphs))", f], capture_output=True, text=True)
            ck.check(q.returncode == 0 and title in q.stdout, "  python-docx reads it, with the title", q.stderr[-400:])
    ck.section("spreadsheets")
    sheets = [("register", "Risikoregister", "risikoregister"), ("risks", "Risici", "risici"),
              ("incidents", "Hændelser", "haendelser"), ("deadlines", "Frister", "frister")]
    for what, title, stem in sheets:
        r = kom.get("/api/v1/orgs/eksempel-kommune/%s?format=xlsx" % what)
        if not ck.status(r, 200, "XLSX of " + what):
            continue
        ck.eq(r.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "  media type")
        ck.check((r.header("Content-Disposition") or "").startswith('attachment; filename="eksempel-kommune-%s-' % stem),
                 "  a file name", r.header("Content-Disposition"))
        f = write(tmp, what + ".xlsx", r.body)
        q = subprocess.run([PY, "-c", "import openpyxl,sys,json; ws=openpyxl.load_workbook(sys.argv[1]).active; "
                            "print(json.dumps([ws.title, ws.max_row, ws.freeze_panes, ws.auto_filter.ref]))", f],
                           capture_output=True, text=True)
        info = json.loads(q.stdout) if q.returncode == 0 else None
        ck.check(info and info[0] == title and info[2] == "A2" and info[3], "  openpyxl reads it: sheet %s, frozen "
                 "header, autofilter" % title, q.stdout + q.stderr[-300:])
        if what in ("risks", "incidents"):
            n = len(kom.get("/api/v1/orgs/eksempel-kommune/%s?limit=1000" % what).json.get("items", []))
            ck.check(info and info[1] == n + 1, "  one row per item of the JSON list (%d)" % n, info)
    ck.status(kom.get("/api/v1/orgs/eksempel-kommune/risks?format=csv"), 400, "the risk list in an unknown format: 400")

    ck.status(kom.get("/api/v1/orgs/eksempel-kommune/reports/isu?year=2026&quarter=1&format=odt"), 400,
              "an unknown format: 400")
    ck.eq(kom.get("/api/v1/orgs/eksempel-kommune/reports/isu?year=2026&quarter=1&format=odt").error_field(), "format",
          "  naming format")


if __name__ == "__main__":
    main_guard(run)
