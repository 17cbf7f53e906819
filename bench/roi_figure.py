#!/usr/bin/python3
"""bench/roi_figure.py — the DORA Register of Information (issue 15), timed against its peers.

Two figures on one synthetic organisation that this module builds deterministically: a credit
institution whose register holds 10,000 contractual arrangements (at every size, see
ARRANGEMENTS) with about 1,000 ICT third-party providers (supplier nodes, every one with a valid
LEI), 50 functions (process and service nodes, 15 of them critical with an RTO and an RPO) and
subcontracting chains up to three deep (supplied_by edges between supplier nodes).  Each
arrangement has one or two ICT services (distinct types S01..S19) supporting one to three
functions.  It is imported with `skjold import`, and `skjold roi check` must pass it (untimed).

  roi-export         `skjold roi export` (the whole job: load the map and the register, build the
                     15 tables, check them, write the deflated zip), against Debian's python3
                     writing the same tables into a zip with csv + zipfile (deflate level 9, as
                     skjold's libzip): the peer is given the rows, read untimed from skjold's own
                     package, and only its writing is timed.  Reported, no target (see TARGETS).
  roi-check-package  `skjold roi check FILE.zip` on that package (read it, apply every EBA rule),
                     against python3 reading the package with zipfile + csv and applying a subset of
                     the rules: the foreign keys of rule 807 (arrangements in B_02.01, provider
                     codes in B_05.01, functions in B_06.01, LEIs in B_01.02, branches in B_01.03)
                     and the ISO 17442 check digits of every LEI column and every code typed LEI.
                     Target: ratio <= 1.0.

Both are verified untimed: skjold's check says ok with no violation, the peer finds none either,
both read the same row count per table, and the export peer's zip holds skjold's files byte for
byte.  Each figure is one JSON object like bench/run's.

    bench/roi_figure.py [--skjold PATH] [--size S|M|L] [--work DIR]     # the two figures alone
"""
import json
import os
import random
import subprocess
import sys
import time
import zipfile

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3 (3.11), the peer
# The 10,000 arrangements at every size: the register of one entity does not grow with the
# sector map, and at 2,000 (tried for S) skjold's fixed costs (start, the embedded module and code
# lists) weigh as much as the check itself.  The whole module takes about 30 s on 2 cores.
ARRANGEMENTS = {"S": 10_000, "M": 10_000, "L": 10_000}
PROVIDERS = 1_000
FUNCTIONS = 50
CRITICAL = 15  # the first CRITICAL functions are critical or important, with RTO and RPO
ORG = "bench-roi"
AS_OF = "2025-12-31"
NOW = "2026-01-15T10:30:00+01:00"
# roi-export: reported, no bound: the peer does only the writing (the deflating, which both share),
# skjold also loads the store, builds the tables and checks every rule.  roi-check-package: skjold
# applies a superset of the peer's rules in C, so it should not be slower than the Python subset.
TARGETS = {"roi-export": None, "roi-check-package": 1.0}
GEN_VERSION = 1


def _log(msg):
    print("roi: " + msg, file=sys.stderr, flush=True)


def _run(argv, timeout, what, ok=(0,)):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    dt = time.perf_counter() - t0
    if p.returncode not in ok:
        raise RuntimeError("%s failed (%d): %s%s" % (what, p.returncode, p.stderr.decode("utf-8", "replace")[-400:],
                                                     p.stdout.decode("utf-8", "replace")[:400]))
    return dt, p


def lei(base18):
    """base18 with its ISO 17442 check digits (mod 97-10 as for an IBAN: letters A=10..Z=35)."""
    digits = "".join(str(int(c, 36)) for c in base18 + "00")
    return base18 + "%02d" % (98 - int(digits) % 97)


def lei_valid(s):
    return len(s) == 20 and s.isalnum() and s.upper() == s and s[18:].isdigit() and \
        int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def _date(rng, y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def document(n):
    """The organisation document: map nodes and edges and the register under "roi"."""
    rng = random.Random("skjold-roi-%d-%d" % (n, GEN_VERSION))
    org_lei = lei("984500" + "BENCHROI00DK")
    nodes, edges, providers, functions, arrangements = [], [], [], [], []
    # Functions: process and service nodes; the first CRITICAL are critical with an RTO.
    fnodes = []
    for k in range(FUNCTIONS):
        kind = "process" if k % 5 else "service"
        nid = "%s-fn%02d" % (kind[0], k)
        fnodes.append(nid)
        node = {"id": nid, "kind": kind, "name": "Funktion %d — %s" % (k, rng.choice(
            ["Betalinger", "Netbank", "Kredit", "Handel", "Depot", "Kort", "Rådgivning", "Regnskab"]))}
        fn = {"node": nid, "id": "F%02d" % k, "licensed_activity": rng.choice(["x222", "x220", "x163", "x162", "x164"]),
              "assessed_on": _date(rng, 2024, 2025)}
        if k < CRITICAL:
            node.update({"critical_service": True, "criticality": "Kritisk", "rto_minutes": rng.choice([60, 120, 240, 480])})
            fn.update({"assessment": "yes", "reasons": "Kritisk for kunderne og den finansielle stabilitet",
                       "rpo_hours": rng.choice([1, 2, 4]), "impact": "high"})
        else:
            node["criticality"] = rng.choice(["Lav", "Medium", "Høj"])
            fn.update({"assessment": "no", "impact": rng.choice(["low", "medium"])})
        nodes.append(node)
        functions.append(fn)
    # Providers: tier 1 (600) may be supplied by one or two of tier 2 (250), tier 2 by one of
    # tier 3 (150): chains of at most three (rank 1 to 3 in B_05.02).
    t1, t2 = 600, 850
    pnodes = []
    for k in range(PROVIDERS):
        nid = "ict-%04d" % k
        pnodes.append(nid)
        country = rng.choice(["DK"] * 6 + ["SE", "DE", "NL", "IE"])
        name = "Leverandør %04d %s" % (k, {"DK": "A/S", "SE": "AB", "DE": "GmbH", "NL": "B.V.", "IE": "Ltd"}[country])
        nodes.append({"id": nid, "kind": "supplier", "name": name, "owner": "IT-drift"})
        providers.append({"node": nid, "code": lei("984500BPRV%08d" % k), "code_type": "lei", "legal_name": name,
                          "person_type": "legal", "country": country})
    for k in range(t1):
        if rng.random() < 0.5:
            for j in rng.sample(range(t1, t2), rng.choice([1, 1, 2])):
                edges.append({"from": pnodes[k], "to": pnodes[j], "type": "supplied_by"})
    for k in range(t1, t2):
        if rng.random() < 0.6:
            edges.append({"from": pnodes[k], "to": pnodes[rng.randrange(t2, PROVIDERS)], "type": "supplied_by"})
    # A few map edges from functions to their systems' suppliers, for the map's sake.
    for k, f in enumerate(fnodes):
        edges.append({"from": f, "to": pnodes[rng.randrange(t1)], "type": "uses"})
    types = ["S%02d" % i for i in range(1, 20)]
    for k in range(n):
        p = rng.randrange(t1) if rng.random() < 0.8 else rng.randrange(PROVIDERS)
        services = []
        for st in rng.sample(types, rng.choice([1, 1, 2])):
            storage = rng.random() < 0.6
            subst = rng.choice(["not_substitutable", "highly_complex", "medium", "easy"])
            country = providers[p]["country"]
            s = {"type": st, "functions": rng.sample(fnodes, rng.randint(1, 3)), "provision_country": country,
                 "storage": storage, "processing_country": country,
                 "sensitiveness": rng.choice(["low", "medium", "high"]),
                 "reliance": rng.choice(["not_significant", "low", "material", "full"]),
                 "substitutability": subst, "last_audit": _date(rng, 2023, 2025),
                 "exit_plan": rng.random() < 0.8, "reintegration": rng.choice(["easy", "difficult", "highly_complex"]),
                 "impact": rng.choice(["low", "medium", "high"]), "alternatives": "yes",
                 "alternative_providers": "Andre leverandører på markedet"}
            if storage:
                s["storage_country"] = country
            if subst in ("not_substitutable", "highly_complex"):
                s["not_substitutable_reason"] = rng.choice(["no_alternatives", "migration", "both"])
            services.append(s)
        a = {"ref": "K-%05d" % k, "type": "standalone", "provider": pnodes[p],
             "annual_cost": rng.randint(10, 5000) * 1000, "start": _date(rng, 2012, 2025)[:8] + "01",
             "notice_entity_days": rng.choice([90, 180, 365]), "notice_provider_days": rng.choice([180, 365, 730]),
             "governing_law": "DK", "services": services}
        if rng.random() < 0.3:
            a["end"] = _date(rng, 2026, 2030)
        arrangements.append(a)
    org = {"id": ORG, "name": "Bench Bank A/S", "kind": "bank",
           "entity": {"nis2": "none", "dora": "credit_institution", "psd2_psp": True},
           "cvr": "12345679", "lei": org_lei, "competent_authority": "DK_FSA"}
    roi = {"country": "DK", "currency": "DKK", "hierarchy": "ultimate_parent", "total_assets": 120_000_000_000,
           "integrated_on": "2025-01-17", "updated_on": "2025-12-15", "providers": providers, "functions": functions,
           "arrangements": arrangements}
    return {"skjold": 1, "organisation": org, "nodes": nodes, "edges": edges, "roi": roi}


def build(skjold, work, n, timeout):
    """A database holding the organisation, its map and its register of n arrangements."""
    db = os.path.join(work, "roi-%d.db" % n)
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
    doc = document(n)
    path = os.path.join(work, "roi-doc.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    t, _ = _run([skjold, "--db", db, "--now", NOW, "import", path], timeout, "skjold import")
    _log("register of %d arrangements, %d providers, %d functions, %d supplied_by edges imported in %.1f s" % (
        n, PROVIDERS, FUNCTIONS, sum(e["type"] == "supplied_by" for e in doc["edges"]), t))
    return db


# The peers.  Each prints one JSON line; only the work between its two clock readings is timed.
PEER_READ = r'''
import csv, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
files = {}
for n in z.namelist():
    if n.endswith("/"):
        continue
    data = z.read(n)
    files[n] = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) if n.endswith(".csv") and "/b_" in n \
        else data.decode("latin-1")
json.dump(files, open(sys.argv[2], "w"))
'''

PEER_WRITE = r'''
import csv, io, json, sys, time, zipfile
files = json.load(open(sys.argv[1]))
t0 = time.perf_counter()
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name, rows in files.items():
        if isinstance(rows, str):
            z.writestr(name, rows.encode("latin-1"))
            continue
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        z.writestr(name, out.getvalue().encode("utf-8"))
dt = time.perf_counter() - t0
print(json.dumps({"s": dt, "tables": sum(1 for r in files.values() if not isinstance(r, str))}))
'''

PEER_CHECK = r'''
import csv, io, json, sys, time, zipfile
t0 = time.perf_counter()
z = zipfile.ZipFile(sys.argv[1])
T = {}
for n in z.namelist():
    base = n.rsplit("/", 1)[-1]
    if base.startswith("b_") and base.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(z.read(n).decode("utf-8"), newline="")))
        T[base[:-4].upper()] = (rows[0], rows[1:])
bad = []
def col(t, c):
    h, rows = T[t]
    i = h.index(c)
    return [r[i] for r in rows]
def lei_ok(s):
    if len(s) != 20 or not s[18:].isdigit():
        return False
    try:
        return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1
    except ValueError:
        return False
def foreign(t, c, pt, pc):
    keys = set(col(pt, pc))
    for i, v in enumerate(col(t, c), 1):
        if v and v not in keys:
            bad.append((t, i, c, "foreign_key"))
for t, c in (("B_02.02", "c0010"), ("B_02.03", "c0010"), ("B_02.03", "c0020"), ("B_03.01", "c0010"),
             ("B_03.02", "c0010"), ("B_03.03", "c0010"), ("B_04.01", "c0010"), ("B_05.02", "c0010"),
             ("B_07.01", "c0010"), ("B_02.01", "c0030")):
    foreign(t, c, "B_02.01", "c0010")
for t, c in (("B_02.02", "c0030"), ("B_03.02", "c0020"), ("B_05.02", "c0030"), ("B_05.02", "c0060"),
             ("B_07.01", "c0020")):
    foreign(t, c, "B_05.01", "c0010")
foreign("B_02.02", "c0050", "B_06.01", "c0010")
for t, c in (("B_01.01", "c0010"), ("B_01.03", "c0020"), ("B_02.02", "c0020"), ("B_03.01", "c0020"),
             ("B_04.01", "c0020"), ("B_06.01", "c0040")):
    foreign(t, c, "B_01.02", "c0010")
foreign("B_04.01", "c0040", "B_01.03", "c0010")
for t, c in (("B_01.01", "c0010"), ("B_01.02", "c0010"), ("B_01.02", "c0060"), ("B_01.03", "c0020"),
             ("B_02.02", "c0020"), ("B_03.01", "c0020"), ("B_03.03", "c0020"), ("B_04.01", "c0020"),
             ("B_06.01", "c0040")):
    for i, v in enumerate(col(t, c), 1):
        if v and not lei_ok(v):
            bad.append((t, i, c, "lei"))
for t, c, ty in (("B_02.02", "c0030", "c0040"), ("B_03.02", "c0020", "c0030"), ("B_05.01", "c0010", "c0020"),
                 ("B_05.01", "c0030", "c0040"), ("B_05.01", "c0110", "c0120"), ("B_05.02", "c0030", "c0040"),
                 ("B_05.02", "c0060", "c0070"), ("B_07.01", "c0020", "c0030")):
    for i, (v, k) in enumerate(zip(col(t, c), col(t, ty)), 1):
        if v and k == "eba_qCO:qx2000" and not lei_ok(v):
            bad.append((t, i, c, "lei"))
dt = time.perf_counter() - t0
print(json.dumps({"s": dt, "violations": len(bad), "first": bad[:5], "tables": {t: len(r) for t, (h, r) in T.items()}}))
'''


def _peer(script, args, timeout, what):
    p = subprocess.run([SYSTEM_PYTHON, "-c", script] + args, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (what, p.stderr[-400:]))
    return json.loads(p.stdout) if p.stdout.strip() else None


def _err(name, size, n, ex):
    return {"figure": name, "size": size, "arrangements": n, "skjold_s": None, "peer": None, "peer_s": None,
            "ratio": None, "target": TARGETS[name], "ok": False, "error": str(ex)}


def _fig(name, size, n, t, peer, peer_s, **extra):
    fig = {"figure": name, "size": size, "arrangements": n, "skjold_s": round(t, 3), "peer": peer,
           "peer_s": round(peer_s, 3), "ratio": round(t / peer_s, 3), "target": TARGETS[name],
           "ok": TARGETS[name] is None or t / peer_s <= TARGETS[name]}
    fig.update(extra)
    return fig


def figures(skjold, work, size, timeout):
    """Both figures; a failure becomes a figure with "error" (a failed export fails both)."""
    n = ARRANGEMENTS[size]
    pyver = ".".join(subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print(sys.version.split()[0])"],
                                    capture_output=True, text=True).stdout.strip().split(".")[:2]) or "3"
    try:
        db = build(skjold, work, n, timeout)
        # Untimed: the register passes every rule, and the row counts per table.
        _, p = _run([skjold, "--db", db, "--now", NOW, "roi", "check", "--org", ORG, "--as-of", AS_OF], timeout,
                    "skjold roi check --org", ok=(0, 1))
        res = json.loads(p.stdout)
        if not res.get("ok") or res.get("violations"):
            raise RuntimeError("roi check --org finds %d violations, the first %s" % (
                len(res.get("violations", [])), json.dumps(res.get("violations", [])[:3], ensure_ascii=False)))
        tables = res["tables"]
        pkg = os.path.join(work, "roi.zip")
        if os.path.exists(pkg):
            os.unlink(pkg)
        t, _ = _run([skjold, "--db", db, "--now", NOW, "roi", "export", "--org", ORG, "--as-of", AS_OF, "--out", pkg],
                    timeout, "skjold roi export")
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as ex:
        return [_err("roi-export", size, n, ex), _err("roi-check-package", size, n, "not run: " + str(ex))]
    rows = sum(tables.values())
    _log("export of %d rows in 15 tables: %.2f s, %d bytes" % (rows, t, os.path.getsize(pkg)))
    out = []
    try:
        js = os.path.join(work, "roi-rows.json")
        _peer(PEER_READ, [pkg, js], timeout, "reading skjold's package")
        w = _peer(PEER_WRITE, [js, os.path.join(work, "roi-peer.zip")], timeout, "the csv+zipfile peer")
        if w["tables"] != 15:
            raise RuntimeError("the peer wrote %d tables, not 15" % w["tables"])
        # Untimed: the peer wrote the same files, byte for byte (only the zip's own bytes may differ).
        with zipfile.ZipFile(pkg) as za, zipfile.ZipFile(os.path.join(work, "roi-peer.zip")) as zb:
            if za.namelist() != zb.namelist() or any(za.read(f) != zb.read(f) for f in za.namelist()):
                raise RuntimeError("the peer's package does not hold skjold's files byte for byte")
        out.append(_fig("roi-export", size, n, t, "python3 %s csv+zipfile (deflate level 9, as skjold) writing the same "
                        "15 tables (writing only)" % pyver, w["s"], rows=rows, bytes=os.path.getsize(pkg),
                        peer_bytes=os.path.getsize(os.path.join(work, "roi-peer.zip"))))
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as ex:
        out.append(_err("roi-export", size, n, ex))
    try:
        t, p = _run([skjold, "--now", NOW, "roi", "check", pkg], timeout, "skjold roi check FILE.zip", ok=(0, 1))
        res = json.loads(p.stdout)
        if not res.get("ok") or res.get("violations"):
            raise RuntimeError("roi check FILE.zip finds %d violations" % len(res.get("violations", [])))
        if res.get("tables") != tables:
            raise RuntimeError("the package's row counts %s differ from the register's %s" % (res.get("tables"), tables))
        c = _peer(PEER_CHECK, [pkg], timeout, "the zipfile+csv check peer")
        if c["violations"]:
            raise RuntimeError("the peer finds %d violations, the first %s" % (c["violations"], c["first"]))
        if c["tables"] != tables:
            raise RuntimeError("the peer read %s rows, skjold %s" % (c["tables"], tables))
        out.append(_fig("roi-check-package", size, n, t, "python3 %s zipfile+csv reading the package and checking a "
                        "subset of the rules (foreign keys, LEI check digits)" % pyver, c["s"], rows=rows))
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as ex:
        out.append(_err("roi-check-package", size, n, ex))
    return out


def main():
    import argparse
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="the register of information figures alone")
    ap.add_argument("--skjold", default=os.path.join(root, "build", "release", "skjold"))
    ap.add_argument("--size", choices=sorted(ARRANGEMENTS), default="M")
    ap.add_argument("--work", default=os.path.join(root, "bench", "out", "roi"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    figs = figures(os.path.abspath(a.skjold), a.work, a.size, 600)
    for fig in figs:
        print(json.dumps(fig, ensure_ascii=False), flush=True)
    return 0 if all("error" not in f for f in figs) else 1


if __name__ == "__main__":
    sys.exit(main())
