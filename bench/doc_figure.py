"""bench/doc_figure.py — the documents people hand over (issue 14), timed against their peers.

Two figures, both on one synthetic organisation that bench/run builds here: a
municipality-sized map of 5,000 nodes (processes, services, systems, in the shape of the
size-L organisation: 1,000,000 nodes over 200 organisations) and its risk register.

  register-xlsx   `skjold register --format xlsx` for 100,000 risks (the whole job: load,
                  evaluate every risk, write the workbook), against python3-openpyxl in
                  write-only mode writing the same rows and columns from the register's
                  JSON (only the writing is timed: the peer is given the evaluated rows).
  isu-pdf         `skjold report isu --format pdf` for the organisation with 5,000 risks (the
                  whole job: evaluate, lay out and typeset with cairo and pango), against
                  Debian's chromium printing skjold's own HTML rendering of the same report to
                  PDF (--headless --print-to-pdf; only the printing is timed).

Both outputs are read back untimed: the workbook's rows counted with openpyxl, the PDF
checked with qpdf --check.  Each figure prints one JSON object like bench/run's.
"""
import json
import os
import random
import shutil
import subprocess
import time

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python, which sees python3-openpyxl
NODES = 5_000
RISKS_XLSX = {"S": 10_000, "M": 100_000, "L": 100_000}
RISKS_PDF = 5_000
NOW = "2026-11-24T12:00:00+01:00"
ORG = "bench-kommune"
GEN_VERSION = 1


def _log(msg):
    print("doc: " + msg, file=__import__("sys").stderr, flush=True)


def _run(argv, timeout, what, stdout=None):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=stdout if stdout else subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (what, p.returncode, p.stderr.decode("utf-8", "replace")[-400:]))
    return dt, p


def _date(rng):
    return "20%02d-%02d-%02d" % (rng.randint(24, 26), rng.randint(1, 10), rng.randint(1, 28))


def build(skjold, work, nrisks, timeout):
    """A database with the organisation, its 5,000 nodes, the threat catalogue and nrisks risks."""
    db = os.path.join(work, "doc-%d.db" % nrisks)
    if os.path.exists(db):
        os.unlink(db)
    rng = random.Random("skjold-doc-%d-%d" % (nrisks, GEN_VERSION))
    nodes = os.path.join(work, "doc-nodes.csv")
    ids = []
    with open(nodes, "w", encoding="utf-8") as f:
        f.write("id;kind;name;owner;criticality;last_assessed\n")
        for k in range(NODES):
            kind = ("process", "service", "system")[k % 3]
            nid = "%s-%05d" % (kind[:3], k)
            ids.append(nid)
            crit = rng.choice(["Lav", "Medium", "Høj", "Kritisk"]) if kind != "system" else ""
            f.write("%s;%s;%s %d — Økonomi og Sundhed;Afdeling %d;%s;%s\n" % (nid, kind, kind.capitalize(), k,
                                                                         k % 40, crit, _date(rng)))
    _run([skjold, "--db", db, "org", "add", "--id", ORG, "--name", "Bench Kommune", "--kind", "municipality",
          "--entity.nis2", "essential"], timeout, "org add")
    _run([skjold, "--db", db, "threat", "load-defaults", "--org", ORG], timeout, "threat load-defaults")
    _run([skjold, "--db", db, "import-csv", "nodes", nodes, "--org", ORG], timeout, "import-csv nodes")
    threats = [t["id"] for t in json.loads(_run([skjold, "--db", db, "threat", "list", "--org", ORG], timeout,
                                                "threat list")[1].stdout)]
    risks = os.path.join(work, "doc-risks.csv")
    with open(risks, "w", encoding="utf-8") as f:
        f.write("id;node;threat;assessed_on;title;assessor;owner;threat_level;resilience;consequence.availability;"
                "consequence.confidentiality;consequence.integrity;consequence.authenticity;decision\n")
        for k in range(nrisks):
            node = ids[rng.randrange(len(ids))]
            f.write("r-%06d;%s;%s;%s;Risiko %d på %s (æøå);ISK;Ejer %d;%d;%d;%d;%d;%d;%d;%s\n" % (
                k, node, threats[rng.randrange(len(threats))], _date(rng), k, node, k % 50, rng.randint(1, 4),
                rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4),
                rng.choice(["mitigate", "accept", "mitigate", "transfer", "avoid"])))
    t, _ = _run([skjold, "--db", db, "import-csv", "risks", risks, "--org", ORG], timeout, "import-csv risks")
    _log("database with %d nodes and %d risks built (risks imported in %.1f s)" % (NODES, nrisks, t))
    return db


PEER_XLSX = r'''
import json, sys, time, datetime
from openpyxl import Workbook
rows = json.load(open(sys.argv[1]))
cols = json.loads(sys.argv[3])
t0 = time.perf_counter()
wb = Workbook(write_only=True)
ws = wb.create_sheet("Risikoregister")
ws.freeze_panes = "A2"
ws.append([c for c in cols])
for r in rows:
    out = []
    for c in cols:
        v = r.get(c)
        if isinstance(v, (list, dict)):
            v = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
            try:
                v = datetime.date.fromisoformat(v)
            except ValueError:
                pass
        out.append(v)
    ws.append(out)
ws.auto_filter.ref = "A1:%s%d" % ("A", len(rows) + 1)
wb.save(sys.argv[2])
print(time.perf_counter() - t0)
'''

COUNT_XLSX = r'''
import sys
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1], read_only=True).worksheets[0]
print(sum(1 for _ in ws.iter_rows(values_only=True)))
'''


def figure_xlsx(skjold, work, size, timeout):
    n = RISKS_XLSX[size]
    db = build(skjold, work, n, timeout)
    out = os.path.join(work, "register.xlsx")
    t, _ = _run([skjold, "--db", db, "--now", NOW, "register", "--org", ORG, "--format", "xlsx", "--out", out],
                timeout, "skjold register --format xlsx")
    rows = int(subprocess.run([SYSTEM_PYTHON, "-c", COUNT_XLSX, out], capture_output=True, text=True,
                              timeout=timeout).stdout.strip() or 0)
    if rows != n + 1:
        raise RuntimeError("the workbook has %d rows, expected %d" % (rows, n + 1))
    js = os.path.join(work, "register.json")
    with open(js, "wb") as f:
        _run([skjold, "--db", db, "--now", NOW, "register", "--org", ORG, "--format", "json"], timeout,
             "skjold register --format json", stdout=f)
    cols = ["id", "title", "node", "node_name", "threat", "owner", "assessed_on", "threat_level", "resilience",
            "likelihood", "inherent_level", "residual_level", "decision", "treatment_due", "review_due"]
    p = subprocess.run([SYSTEM_PYTHON, "-c", PEER_XLSX, js, os.path.join(work, "peer.xlsx"), json.dumps(cols)],
                       capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("the openpyxl peer failed: " + p.stderr[-400:])
    peer = float(p.stdout.strip())
    return {"figure": "register-xlsx", "size": size, "risks": n, "skjold_s": round(t, 3),
            "peer": "python3-openpyxl write-only, writing only (15 columns)", "peer_s": round(peer, 3),
            "ratio": round(t / peer, 3), "target": 1.0, "ok": t / peer <= 1.0, "bytes": os.path.getsize(out)}


def figure_pdf(skjold, work, size, timeout):
    db = build(skjold, work, RISKS_PDF, timeout)
    out = os.path.join(work, "isu.pdf")
    t, _ = _run([skjold, "--db", db, "--now", NOW, "report", "isu", "--org", ORG, "--quarter", "2026Q4",
                 "--format", "pdf", "--out", out], timeout, "skjold report isu --format pdf")
    _run(["qpdf", "--check", out], timeout, "qpdf --check")
    pages = 0
    info = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            pages = int(line.split()[1])
    html = os.path.join(work, "isu.html")
    with open(html, "wb") as f:
        _run([skjold, "--db", db, "--now", NOW, "report", "isu", "--org", ORG, "--quarter", "2026Q4", "--format",
              "html"], timeout, "skjold report isu --format html", stdout=f)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    prof = os.path.join(work, "chromium-profile")
    peer_pdf = os.path.join(work, "isu-chromium.pdf")
    peer, _ = _run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + prof,
                    "--no-pdf-header-footer", "--print-to-pdf=" + peer_pdf, "file://" + html], timeout,
                   "chromium --print-to-pdf")
    return {"figure": "isu-pdf", "size": size, "risks": RISKS_PDF, "pages": pages, "skjold_s": round(t, 3),
            "peer": "chromium --headless --print-to-pdf of skjold's HTML rendering", "peer_s": round(peer, 3),
            "ratio": round(t / peer, 3), "target": 1.0, "ok": t / peer <= 1.0, "bytes": os.path.getsize(out)}


def figures(skjold, work, size, timeout):
    """Both figures; a failure becomes a figure with "error"."""
    out = []
    for name, fn in (("register-xlsx", figure_xlsx), ("isu-pdf", figure_pdf)):
        try:
            out.append(fn(skjold, work, size, timeout))
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as ex:
            out.append({"figure": name, "size": size, "skjold_s": None, "peer": None, "peer_s": None, "ratio": None,
                        "target": 1.0, "ok": False, "error": str(ex)})
    return out
