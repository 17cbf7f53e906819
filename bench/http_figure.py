#!/usr/bin/python3
"""bench/http_figure.py — the HTTP figures of bench/run (see bench/README.md).

    bench/http_figure.py [--size S|M|L] [--duration SECONDS] [--build DIR] [--out DIR] [--keep]

Loads the size's map (organisations, nodes, edges, the shipped threat catalogue) and a
deterministic synthetic risk register into a fresh skjold database, gives a user `bench` an
auditor token for org-001, starts `skjold serve` and nginx on free loopback ports, and runs
wrk (64 connections, 2 threads) against `GET /api/v1/risks?limit=100` with the token, then
against nginx serving a static file holding the same response bytes.  Before the load, issue 16's
write figures: WRITE_ROUNDS times a risk PATCH (an isk token), then the risks page it invalidated,
then the page again from the cache.  Prints four JSON lines:

  {"figure": "http-risks-page", "size": "M", "skjold_rps": ..., "peer": "nginx ... static file",
   "peer_rps": ..., "ratio": ..., "target": ">= 0.3", "p99_ms": ..., "p99_target_ms": 20,
   "bytes": ..., "duration_s": ..., "ok": ...}
  {"figure": "http-server-peak-memory", "size": "M", "value": ..., "unit": "MB", ...}
  {"figure": "http-risk-write", "size": "M", "skjold_ms": ..., "peer": "sqlite3 ... one-row UPDATE ...",
   "peer_ms": ..., "ratio": ..., "target_ms": 10, ...}
  {"figure": "http-risks-page-uncached", "size": "M", "skjold_ms": ..., "peer": "the same page from
   skjold's answer cache", "peer_ms": ..., "ratio": ..., "target_ms": 30, ...}
  {"figure": "http-risks-page-mixed", "size": "M", "skjold_rps": ..., "peer": "the same page read-only
   (same run)", "peer_rps": ..., "ratio": ..., "target": ">= 0.5", "p99_ms": ..., "p99_target_ms": 50,
   "writes_per_s": ..., "write_p99_ms": ..., ...}

The mixed figure (issue 16) runs wrk against the page again while another client PATCHes a
different risk of org-001 ten times a second (each write invalidates the cached page): the read
rate against the read-only run's, the reads' p99, and the writes' latencies.

bench/run imports measure() from here; run standalone, this file prints only these figures.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONNECTIONS = 64
# Every server under load (skjold, nginx) runs in a session of its own, as a service manager starts a
# service, not in the bench's and wrk's: with the kernel's autogroup scheduling (on by default) a session
# is one CPU group, and servers sharing wrk's group against PostgreSQL's backends (each a session, so a
# group, of its own) stalled single database round trips for up to seconds (bench/README.md).
SERVER_SESSION = True
WRK_THREADS = 2
WRK_TIMEOUT_S = 10  # a request unanswered this long counts as a timeout (wrk's default is 2 s)
WARMUP_S = 2  # wrk under the same load before each read-only measurement, not counted (skjold and nginx alike)
PATH = "/api/v1/risks?limit=100"
TOKEN_ORG = "org-001"  # the largest organisation of every size
RATIO_TARGET = 0.3  # skjold's requests/s at least this share of nginx's
P99_TARGET_MS = 20.0
WRITE_TARGET_MS = 10.0  # issue 16: one risk PATCH on a 5,000-risk organisation
UNCACHED_TARGET_MS = 30.0  # issue 16: the risks page right after a write (the answer cache missed)
WRITE_ROUNDS = 25  # PATCH then GET, each timed on its own
MIXED_WRITES_PER_S = 10  # issue 16: the writer beside wrk in the mixed figure
MIXED_RATIO_TARGET = 0.5  # the page's read rate while writing, at least this share of the read-only rate
MIXED_P99_TARGET_MS = 50.0
RISKS_PER_ORG = {"S": 2_000, "M": 5_000, "L": 5_000}  # L: 1,000,000 over 200 organisations
RISK_GEN_VERSION = 1  # bump when the generated risk rows change
RISK_KINDS = ("process", "service", "system")  # the nodes risks are assessed on
DECISIONS = (("none", 30), ("mitigate", 50), ("transfer", 10), ("avoid", 5), ("accept", 5))


class HttpBenchError(Exception):
    pass


def _log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def _sig(x, digits=4):
    return None if x is None else float(f"{x:.{digits}g}")


def _run(argv, timeout, what):
    """Run argv, return (seconds, stdout); raise HttpBenchError on failure."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           check=False, text=True)
    except FileNotFoundError as exc:
        raise HttpBenchError(f"{what}: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise HttpBenchError(f"{what}: timed out after {timeout} s") from exc
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        err = (p.stderr or "").strip().splitlines()
        raise HttpBenchError(f"{what}: exit {p.returncode}: {' | '.join(err[-3:]) if err else 'no message'}")
    return dt, p.stdout


def _count(db, table):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# The data: the map plus a synthetic risk register

def org_nodes(nodes_csv):
    """{org: [node ids of the kinds in RISK_KINDS]} in file order."""
    out = {}
    with open(nodes_csv, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
        i_org, i_id, i_kind = header.index("org"), header.index("id"), header.index("kind")
        for line in f:
            cols = line.split(",", 3)
            if cols[i_kind] in RISK_KINDS:
                out.setdefault(cols[i_org], []).append(cols[i_id])
    return out


def write_risks(path, size, nodes_csv, threats):
    """Write the size's risk register as one CSV (org column); returns the row count.

    A pure function of the size and the map: random.Random seeded from the size letter.
    Every organisation gets RISKS_PER_ORG[size] risks on its processes, services and
    systems, with threats from the shipped catalogue, levels and consequences uniform 1..4,
    a residual assessment on 40 %, decisions weighted as in DECISIONS (the CSV format has no
    acceptance columns, so accepted risks lack their approval), assessment dates
    2024-01-01..2026-10-31."""
    rng = random.Random(f"skjold-http-risks-{size}-{RISK_GEN_VERSION}")
    per_org = RISKS_PER_ORG[size]
    nodes = org_nodes(nodes_csv)
    dec_names = [d for d, _ in DECISIONS]
    dec_weights = [w for _, w in DECISIONS]
    cols = ["org", "id", "node", "threat", "assessed_on", "title", "assessor", "owner", "threat_level",
            "resilience", "consequence.availability", "consequence.confidentiality", "consequence.integrity",
            "consequence.authenticity", "residual.likelihood", "residual.consequence.availability",
            "residual.consequence.confidentiality", "residual.consequence.integrity",
            "residual.consequence.authenticity", "decision"]
    n = 0
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(cols) + "\n")
        for org in sorted(nodes):
            ids = nodes[org]
            for k in range(1, per_org + 1):
                node = ids[rng.randrange(len(ids))]
                tid, tname = threats[rng.randrange(len(threats))]
                day = rng.randrange(0, 1035)  # 2024-01-01 + day
                y, rest = (2024, day) if day < 366 else ((2025, day - 366) if day < 731 else (2026, day - 731))
                assessed = _date(y, rest)
                cons = [rng.randint(1, 4) for _ in range(4)]
                row = [org, f"r-{k:06d}", node, tid, assessed, f"{tname} – {node}", "ISK", f"Ejer {node}",
                       str(rng.randint(1, 4)), str(rng.randint(1, 4))] + [str(c) for c in cons]
                if rng.random() < 0.4:
                    row += [str(rng.randint(1, 2))] + [str(max(1, c - rng.randint(0, 1))) for c in cons]
                else:
                    row += [""] * 5
                dec = rng.choices(dec_names, dec_weights)[0]
                row.append(dec)
                f.write(",".join(_csv(c) for c in row) + "\n")
                n += 1
    os.replace(tmp, path)
    return n


def _date(year, yday):
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while yday >= days[m]:
        yday -= days[m]
        m += 1
    return f"{year}-{m + 1:02d}-{yday + 1:02d}"


def _csv(s):
    return f'"{s}"' if ("," in s or '"' in s) else s


def build_db(skjold, data_dir, size, work, timeout, detail):
    """A fresh work/skjold.db with the map, the threat catalogue and the risk register."""
    db = os.path.join(work, "skjold.db")
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db + suffix)
        except FileNotFoundError:
            pass
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    t0 = time.perf_counter()
    _run([skjold, "--db", db, "import", os.path.join(data_dir, "orgs.json")], timeout, "skjold import orgs.json")
    _run([skjold, "--db", db, "import-csv", "nodes", os.path.join(data_dir, "nodes.csv")], timeout,
         "skjold import-csv nodes")
    _run([skjold, "--db", db, "import-csv", "edges", os.path.join(data_dir, "edges.csv")], timeout,
         "skjold import-csv edges")
    orgs = [f"org-{i:03d}" for i in range(1, meta["organisations"] + 1)]
    for org in orgs:
        _run([skjold, "--db", db, "threat", "load-defaults", "--org", org], 60, f"skjold threat load-defaults {org}")
    t_map = time.perf_counter() - t0
    _, cat = _run([skjold, "threat", "catalogue"], 60, "skjold threat catalogue")
    threats = [(t["id"], t["name"]) for t in json.loads(cat)["threats"]]
    risks_csv = os.path.join(work, "risks.csv")
    try:
        fresh = os.path.getmtime(risks_csv) >= max(os.path.getmtime(__file__),
                                                   os.path.getmtime(os.path.join(data_dir, "meta.json")))
    except OSError:
        fresh = False
    if fresh:
        n_risks = len(orgs) * RISKS_PER_ORG[size]
        _log(f"reusing {risks_csv}")
    else:
        t1 = time.perf_counter()
        n_risks = write_risks(risks_csv, size, os.path.join(data_dir, "nodes.csv"), threats)
        _log(f"generated {n_risks:,} risks in {time.perf_counter() - t1:.1f} s")
    t_risks, _ = _run([skjold, "--db", db, "import-csv", "risks", risks_csv], timeout, "skjold import-csv risks")
    got = _count(db, "risk")
    detail["http_db"] = {"map_s": t_map, "risks_import_s": t_risks, "risks": got,
                         "db_mb": os.path.getsize(db) / 1e6}
    _log(f"database: map {t_map:.1f} s, {got:,} risks imported in {t_risks:.1f} s, "
         f"{os.path.getsize(db) / 1e6:.0f} MB")
    if got != n_risks:
        raise HttpBenchError(f"the store holds {got} risks, expected {n_risks}")
    return db


def make_token(skjold, db, user="bench", role="auditor"):
    """A token of a new user holding role in org-001: the auditor reads the page, an isk writes."""
    _run([skjold, "--db", db, "user", "add", user], 60, "skjold user add")
    _run([skjold, "--db", db, "user", "role", user, "--org", TOKEN_ORG, "--role", role], 60, "skjold user role")
    _, out = _run([skjold, "--db", db, "token", "add", "--user", user, "--org", TOKEN_ORG, "--role", role,
                   "--name", user], 60, "skjold token add")
    return json.loads(out)["token"]


def timed(url, token, method="GET", body=None):
    """One request on a fresh connection: (status, seconds)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as exc:
        exc.read()
        code = exc.code
    return code, time.perf_counter() - t0


def _pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def sqlite_update_s(db, risk_id, rounds):
    """The peer of a write: one row's UPDATE in its own transaction, WAL and synchronous=FULL as skjold runs."""
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous = FULL")
        times = []
        for i in range(rounds):
            t0 = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            # the same value written back: the page is rewritten and synced, the data stays as skjold left it
            cur = con.execute("UPDATE risk SET title = title WHERE id = ? AND oid = (SELECT oid FROM org WHERE id = ?)",
                              (risk_id, TOKEN_ORG))
            if cur.rowcount != 1:
                raise HttpBenchError(f"the peer's UPDATE of {risk_id} in {TOKEN_ORG} changed {cur.rowcount} rows")
            con.execute("COMMIT")
            times.append(time.perf_counter() - t0)
        return times
    finally:
        con.close()


def write_figures(base, db, token, size, detail, prefix="", peer=None):
    """issue 16's single write and uncached page: PATCH a risk, then GET the risks page it invalidated.

    peer: (label, fn(risk_id, rounds) -> seconds per write) of the write's peer; by default sqlite3's
    one-row UPDATE on db.  prefix goes before the figures' names ("pg-")."""
    if peer is None:
        peer = (f"sqlite3 {sqlite3.sqlite_version} one-row UPDATE in its own transaction (WAL, synchronous=FULL)",
                lambda rid, rounds: sqlite_update_s(db, rid, rounds))
    w = {"figure": prefix + "http-risk-write", "size": size, "skjold_ms": None, "peer": peer[0],
         "peer_ms": None, "ratio": None, "target_ms": WRITE_TARGET_MS, "rounds": WRITE_ROUNDS, "ok": False}
    u = {"figure": prefix + "http-risks-page-uncached", "size": size, "skjold_ms": None,
         "peer": "the same page from skjold's answer cache (same run)", "peer_ms": None, "ratio": None,
         "target_ms": UNCACHED_TARGET_MS, "rounds": WRITE_ROUNDS, "ok": False}
    wtoken = detail.pop("_writer_token")
    page_url = base + PATH
    _, doc = None, None
    with urllib.request.urlopen(urllib.request.Request(page_url, headers={"Authorization": f"Bearer {token}"}),
                                timeout=60) as r:
        doc = json.loads(r.read())
    rid = doc["items"][0]["id"]
    risk_url = f"{base}/api/v1/orgs/{TOKEN_ORG}/risks/{rid}"
    writes, misses, hits = [], [], []
    for i in range(WRITE_ROUNDS):
        code, t = timed(risk_url, wtoken, "PATCH", {"title": f"bench write {i}"})
        if code != 200:
            raise HttpBenchError(f"PATCH {risk_url} answered {code}")
        writes.append(t)
        code, t = timed(page_url, token)
        if code != 200:
            raise HttpBenchError(f"GET {PATH} after a write answered {code}")
        misses.append(t)
        code, t = timed(page_url, token)
        hits.append(t)
    peer = peer[1](rid, WRITE_ROUNDS)
    med = lambda xs: _pct(xs, 0.5) * 1e3  # noqa: E731
    w.update(skjold_ms=_sig(med(writes), 3), p90_ms=_sig(_pct(writes, 0.9) * 1e3, 3), peer_ms=_sig(med(peer), 3),
             ratio=_sig(med(writes) / med(peer), 3), ok=med(writes) <= WRITE_TARGET_MS)
    u.update(skjold_ms=_sig(med(misses), 3), p90_ms=_sig(_pct(misses, 0.9) * 1e3, 3), peer_ms=_sig(med(hits), 3),
             ratio=_sig(med(misses) / med(hits), 3), ok=med(misses) <= UNCACHED_TARGET_MS)
    detail.setdefault(prefix + "http", {})["writes"] = {"write_ms": [round(x * 1e3, 2) for x in writes],
                                                "uncached_ms": [round(x * 1e3, 2) for x in misses]}
    _log(f"{prefix}risk PATCH median {w['skjold_ms']} ms (the peer's UPDATE {w['peer_ms']} ms); risks page after it "
         f"{u['skjold_ms']} ms (cached {u['peer_ms']} ms)")
    return [w, u]


class Writer(threading.Thread):
    """PATCHes a different risk of TOKEN_ORG (its title) every 1/rate s until stopped, each on a fresh
    connection; keeps each write's time and counts what was not 200."""

    def __init__(self, base, token, rate, nrisks):
        super().__init__(daemon=True)
        self.base, self.token, self.period, self.nrisks = base, token, 1.0 / rate, nrisks
        self.times, self.failed, self.stop = [], 0, threading.Event()

    def run(self):
        t_next = time.monotonic()
        i = 0
        while not self.stop.is_set():
            rid = f"r-{i % self.nrisks + 1:06d}"
            try:
                code, t = timed(f"{self.base}/api/v1/orgs/{TOKEN_ORG}/risks/{rid}", self.token, "PATCH",
                                {"title": f"bench mixed write {i}"})
            except OSError:
                code, t = None, None
            if code == 200:
                self.times.append(t)
            else:
                self.failed += 1
            i += 1
            t_next += self.period
            self.stop.wait(max(0.0, t_next - time.monotonic()))


def log_lines(path):
    """How many lines the server's access log has now."""
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def server_get_ms(path, after):
    """(p50, p99) of the time the server itself took for the GETs it logged after line `after`
    (the access log's "ms": from the request's arrival at the handler to its answer, without the
    time it waited for a thread or the CPU), or (None, None)."""
    ms = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f):
            if i >= after and line.startswith('{"at"'):
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get("method") == "GET" and isinstance(r.get("ms"), (int, float)):
                    ms.append(r["ms"])
    return (_pct(ms, 0.5), _pct(ms, 0.99)) if ms else (None, None)


def mixed_figure(base, token, wtoken, size, duration, read_only, detail, server_log=None, prefix="", load=None):
    """issue 16's mixed figure: wrk on the page while a writer PATCHes MIXED_WRITES_PER_S risks a second.

    load: fn(duration) -> the read load's figures like run_wrk's (by default wrk on base's page);
    the writer writes through base.  prefix goes before the figure's name ("pg-")."""
    fig = {"figure": prefix + "http-risks-page-mixed", "size": size, "skjold_rps": None,
           "peer": "the same page read-only (same run)", "peer_rps": _sig(read_only["rps"]), "ratio": None,
           "target": f">= {MIXED_RATIO_TARGET:g}", "p99_ms": None, "p99_target_ms": MIXED_P99_TARGET_MS,
           "writes_per_s": None, "write_target_per_s": MIXED_WRITES_PER_S, "write_median_ms": None,
           "write_p99_ms": None, "duration_s": duration, "connections": CONNECTIONS, "timeouts": None, "ok": False}
    w = Writer(base, wtoken, MIXED_WRITES_PER_S, RISKS_PER_ORG[size])
    log0 = log_lines(server_log) if server_log else None
    t0 = time.perf_counter()
    w.start()
    try:
        s = load(duration) if load else run_wrk(base + PATH, duration, token)
    finally:
        w.stop.set()
        w.join(60)
    elapsed = time.perf_counter() - t0
    detail.setdefault(prefix + "http", {})["mixed"] = s
    ms = sorted(x * 1e3 for x in w.times)
    fig.update(skjold_rps=_sig(s["rps"]), ratio=_sig(s["rps"] / read_only["rps"], 3), p99_ms=_sig(s["p99_ms"], 3),
               timeouts=s["timeouts"], writes=len(ms), writes_failed=w.failed,
               writes_per_s=_sig(len(ms) / elapsed, 3))
    if ms:
        fig.update(write_median_ms=_sig(_pct(ms, 0.5), 3), write_p99_ms=_sig(_pct(ms, 0.99), 3))
    if server_log:
        p50, p99 = server_get_ms(server_log, log0)
        fig.update(server_p50_ms=_sig(p50, 3), server_p99_ms=_sig(p99, 3))
    fig["ok"] = (s["rps"] / read_only["rps"] >= MIXED_RATIO_TARGET and s["p99_ms"] <= MIXED_P99_TARGET_MS
                 and s["timeouts"] == 0 and w.failed == 0 and len(ms) / elapsed >= 0.9 * MIXED_WRITES_PER_S)
    _log(f"mixed: {s['rps']:,.0f} req/s (read-only {read_only['rps']:,.0f}), p99 {s['p99_ms']:.2f} ms "
         f"(in the server: p50 {fig.get('server_p50_ms')} ms, p99 {fig.get('server_p99_ms')} ms); "
         f"{len(ms)} writes ({fig['writes_per_s']}/s), median {fig['write_median_ms']} ms, "
         f"p99 {fig['write_p99_ms']} ms, {w.failed} failed")
    return fig


# ---------------------------------------------------------------------------------------------
# The servers

def wait_http(url, proc, what, limit_s=60):
    """Poll url until it answers 200; raise if proc exits or limit_s passes."""
    t_end = time.monotonic() + limit_s
    while True:
        if proc.poll() is not None:
            raise HttpBenchError(f"{what} exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > t_end:
            raise HttpBenchError(f"{what} did not answer {url} within {limit_s} s")
        time.sleep(0.05)


def stop(proc, limit_s=15):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(limit_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def proc_status_mb(pid):
    """(VmHWM, VmRSS) of pid in MB (10^6 bytes), from /proc/PID/status."""
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                vals[key] = int(rest.split()[0]) * 1024 / 1e6  # kB
    return vals.get("VmHWM"), vals.get("VmRSS")


NGINX_CONF = """\
worker_processes auto;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /api/v1/risks {{
            default_type application/json;
            alias {dir}/risks.json;
        }}
    }}
}}
"""


def start_nginx(tmp, body):
    """nginx on a free loopback port serving body at /api/v1/risks; returns (proc, url)."""
    os.chmod(tmp, 0o755)  # nginx's workers run as nobody when started as root
    with open(os.path.join(tmp, "risks.json"), "wb") as f:
        f.write(body)
    os.chmod(os.path.join(tmp, "risks.json"), 0o644)
    port = free_port()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(dir=tmp, port=port))
    log = open(os.path.join(tmp, "nginx.out"), "wb")
    proc = subprocess.Popen(["nginx", "-e", os.path.join(tmp, "error.log"), "-c", conf, "-p", tmp],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=SERVER_SESSION)
    return proc, f"http://127.0.0.1:{port}{PATH}"


def nginx_version():
    p = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
    m = re.search(r"nginx/(\S+)", p.stderr + p.stdout)
    return m.group(1) if m else "?"


def wrk_version():
    p = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    m = re.search(r"wrk (?:debian/)?(\S+)", p.stdout + p.stderr)
    return m.group(1) if m else "?"


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_wrk(out):
    """{rps, p50_ms, p99_ms, requests, non2xx, socket_errors, transfer} from wrk --latency output."""
    res = {"non2xx": 0, "socket_errors": None}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else None
    for pct, key in (("50", "p50_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
        res[key] = float(m.group(1)) * _UNITS[m.group(2)] if m else None
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+),\s*([\d.]+\w+) read", out)
    if m:
        res["requests"] = int(m.group(1))
        res["read"] = m.group(4)
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        res["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: (.*)", out)
    if m:
        res["socket_errors"] = m.group(1).strip()
    m = re.search(r"timeout (\d+)", res["socket_errors"] or "")
    res["timeouts"] = int(m.group(1)) if m else 0
    return res


def run_wrk(url, duration, token=None):
    argv = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", f"--timeout={WRK_TIMEOUT_S}s",
            "--latency"]
    if token:
        argv += ["-H", f"Authorization: Bearer {token}"]
    argv.append(url)
    _, out = _run(argv, duration + 120, "wrk")
    res = parse_wrk(out)
    if res["rps"] is None or res["p99_ms"] is None:
        raise HttpBenchError(f"cannot read wrk's output: {out.strip()[-300:]}")
    if res["non2xx"]:
        raise HttpBenchError(f"{res['non2xx']} of {res.get('requests')} answers from {url} were not 2xx/3xx")
    return res


def fetch(url, token, path):
    """GET url with the token into path via curl; returns (status, seconds, bytes)."""
    argv = ["curl", "-sS", "-o", path, "-w", "%{http_code} %{time_total} %{size_download}", url]
    if token:
        argv[1:1] = ["-H", f"Authorization: Bearer {token}"]
    _, out = _run(argv, 60, "curl")
    code, t, n = out.split()
    return int(code), float(t), int(n)


# ---------------------------------------------------------------------------------------------

def measure(skjold, data_dir, size, duration, timeout, keep, detail):
    """The HTTP figures as dicts (each with "error" when not measured): the cached risks page under load,
    the server's peak memory, and (issue 16) a single risk write and the risks page right after it."""
    page = {"figure": "http-risks-page", "size": size, "skjold_rps": None, "peer": "nginx static file",
            "peer_rps": None, "peer_p99_ms": None, "ratio": None, "target": f">= {RATIO_TARGET:g}", "p99_ms": None,
            "p99_target_ms": P99_TARGET_MS, "bytes": None, "duration_s": duration,
            "connections": CONNECTIONS, "requests": None, "timeouts": None, "ok": False}
    mem = {"figure": "http-server-peak-memory", "size": size, "value": None, "unit": "MB", "target": None,
           "ok": False}
    if not shutil.which("nginx") and os.access("/usr/sbin/nginx", os.X_OK):
        os.environ["PATH"] += os.pathsep + "/usr/sbin"  # a user's PATH may lack sbin
    missing = [t for t in ("wrk", "nginx", "curl") if not shutil.which(t)]
    if missing:
        page["error"] = mem["error"] = (f"{', '.join(missing)} missing: install the Debian packages "
                                        f"wrk, nginx-light and curl")
        return [page, mem]
    page["peer"] = f"nginx {nginx_version()} static file"
    page["load"] = f"wrk {wrk_version()} -t{WRK_THREADS} -c{CONNECTIONS} -d{duration}s"
    work = os.path.join(data_dir, "http")
    os.makedirs(work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="skjold-http-bench-")
    server = nginx = None
    extra = []
    mixed = {"figure": "http-risks-page-mixed", "size": size, "skjold_rps": None, "peer_rps": None, "ratio": None,
             "target": f">= {MIXED_RATIO_TARGET:g}", "p99_ms": None, "p99_target_ms": MIXED_P99_TARGET_MS,
             "bytes": None, "ok": False}
    try:
        db = build_db(skjold, data_dir, size, work, timeout, detail)
        token = make_token(skjold, db)
        wtoken = detail["_writer_token"] = make_token(skjold, db, "bench-writer", "isk")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The server writes one access-log line per request to stderr (about 100 MB in a
        # 20 s run): into the temporary folder, and its tail into the error if it fails to start.
        server_log = os.path.join(tmp, "serve.log")
        with open(server_log, "wb") as f:
            server = subprocess.Popen([skjold, "--db", db, "serve", "--listen", f"127.0.0.1:{port}"],
                                      stdout=f, stderr=subprocess.STDOUT, start_new_session=SERVER_SESSION)
        try:
            wait_http(base + "/api/v1/health", server, "skjold serve")
        except HttpBenchError as exc:
            with open(server_log, "rb") as f:
                tail = f.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise HttpBenchError(f"{exc}: {' | '.join(tail)}") from exc
        body_path = os.path.join(tmp, "body.json")
        # The first request (cold) and a second one (warm), timed by curl, untimed for the figure.
        code, t_cold, n = fetch(base + PATH, token, body_path)
        if code != 200:
            with open(body_path, "rb") as f:
                raise HttpBenchError(f"GET {PATH} answered {code}: {f.read(300)!r}")
        code, t_warm, n = fetch(base + PATH, token, body_path)
        with open(body_path, "rb") as f:
            body = f.read()
        doc = json.loads(body)
        want_total = RISKS_PER_ORG[size]
        if len(doc.get("items", [])) != 100 or doc.get("total") != want_total:
            raise HttpBenchError(f"GET {PATH} answered {len(doc.get('items', []))} items of total "
                                 f"{doc.get('total')}, expected 100 of {want_total}")
        page["bytes"] = len(body)
        hwm0, _ = proc_status_mb(server.pid)
        detail["http"] = {"cold_ms": t_cold * 1e3, "warm_ms": t_warm * 1e3, "hwm_before_mb": hwm0}
        _log(f"GET {PATH}: {len(body):,} bytes, first {t_cold * 1e3:.1f} ms, second {t_warm * 1e3:.1f} ms "
             f"(curl); server {hwm0:.0f} MB peak before load")

        try:
            extra = write_figures(base, db, token, size, detail)
        except (HttpBenchError, OSError, ValueError, KeyError) as exc:
            extra = [{"figure": f, "size": size, "skjold_ms": None, "peer_ms": None, "ratio": None, "target_ms": t,
                      "error": str(exc), "ok": False}
                     for f, t in (("http-risk-write", WRITE_TARGET_MS), ("http-risks-page-uncached", UNCACHED_TARGET_MS))]
        # the page as the writes left it: what wrk gets from the cache, and what nginx serves beside it
        code, _, n = fetch(base + PATH, token, body_path)
        with open(body_path, "rb") as f:
            body = f.read()
        page["bytes"] = len(body)
        _log(f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{duration}s against skjold serve")
        log0 = log_lines(server_log)
        run_wrk(base + PATH, WARMUP_S, token)  # the warm-up: worker threads' first requests, not counted
        s = run_wrk(base + PATH, duration, token)
        s["server_p50_ms"], s["server_p99_ms"] = server_get_ms(server_log, log0)
        hwm, rss = proc_status_mb(server.pid)
        detail["http"]["skjold"] = s
        detail["http"]["rss_after_mb"] = rss
        page["skjold_rps"] = _sig(s["rps"])
        page["p99_ms"] = _sig(s["p99_ms"], 3)
        page["requests"] = s.get("requests")
        page["server_p99_ms"] = _sig(s["server_p99_ms"], 3)
        page["timeouts"] = s["timeouts"]
        mem["value"] = _sig(hwm)
        mem["ok"] = True
        _, _, n_after = fetch(base + PATH, token, os.path.join(tmp, "after.json"))
        with open(os.path.join(tmp, "after.json"), "rb") as f:
            if f.read() != body:
                _log("note: the page after the load differs from the one nginx serves")
        _log(f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{duration}s against skjold serve while writing "
             f"{MIXED_WRITES_PER_S} risks/s")
        try:
            mixed = mixed_figure(base, token, wtoken, size, duration, s, detail, server_log)
        except (HttpBenchError, OSError, ValueError, KeyError) as exc:
            mixed = {"figure": "http-risks-page-mixed", "size": size, "skjold_rps": None, "peer_rps": None,
                     "ratio": None, "target": f">= {MIXED_RATIO_TARGET:g}", "p99_ms": None,
                     "p99_target_ms": MIXED_P99_TARGET_MS, "bytes": None, "error": str(exc), "ok": False}
        stop(server)
        server = None

        nginx, url2 = start_nginx(tmp, body)
        wait_http(url2, nginx, "nginx")
        code, _, n2 = fetch(url2, None, os.path.join(tmp, "nginx.json"))
        if code != 200 or n2 != len(body):
            raise HttpBenchError(f"nginx answered {code} with {n2} bytes, expected 200 with {len(body)}")
        _log(f"wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{duration}s against nginx")
        run_wrk(url2, WARMUP_S)
        p = run_wrk(url2, duration)
        detail["http"]["nginx"] = p
        page["peer_rps"] = _sig(p["rps"])
        page["peer_p99_ms"] = _sig(p["p99_ms"], 3)
        page["ratio"] = _sig(s["rps"] / p["rps"], 3)
        page["ok"] = (s["rps"] / p["rps"] >= RATIO_TARGET and s["p99_ms"] <= P99_TARGET_MS
                      and s["timeouts"] == 0)
    except (HttpBenchError, OSError, ValueError, KeyError) as exc:
        page["error"] = str(exc)
        if mem["value"] is None:
            mem["error"] = str(exc)
        if mixed["skjold_rps"] is None and "error" not in mixed:
            mixed["error"] = str(exc)
    finally:
        stop(server)
        stop(nginx)
        shutil.rmtree(tmp, ignore_errors=True)
        if not keep:
            for name in ("skjold.db", "skjold.db-wal", "skjold.db-shm"):
                try:
                    os.remove(os.path.join(work, name))
                except FileNotFoundError:
                    pass
    return [page, mem] + extra + [mixed]


def summary(detail, out):
    """Detail lines for bench/run's summary."""
    d = detail.get("http_db")
    if d:
        print(f"  http data: map + threats {d['map_s']:.1f} s, {d['risks']:,} risks imported in "
              f"{d['risks_import_s']:.1f} s, {d['db_mb']:.0f} MB", file=out)
    h = detail.get("http")
    if h:
        line = f"  http: single GET first {h['cold_ms']:.1f} ms, then {h['warm_ms']:.1f} ms"
        for key in ("skjold", "nginx", "mixed"):
            if key in h:
                r = h[key]
                line += (f"; {key} {r['rps']:,.0f} req/s, p50 {r['p50_ms']:.2f} ms, p90 {r['p90_ms']:.2f} ms, "
                         f"p99 {r['p99_ms']:.2f} ms"
                         f"{' (in the server p99 %.2f ms)' % r['server_p99_ms'] if r.get('server_p99_ms') else ''}"
                         f"{', socket errors ' + r['socket_errors'] if r.get('socket_errors') else ''}")
        print(line, file=out)
        wr = h.get("writes")
        if wr:
            print(f"  http writes: risk PATCH ms {wr['write_ms']}; risks page right after each: {wr['uncached_ms']}",
                  file=out)


def main():
    ap = argparse.ArgumentParser(description="skjold's HTTP figures (also part of bench/run)")
    ap.add_argument("--size", choices=("S", "M", "L"), default="M")
    ap.add_argument("--duration", type=int, default=20, help="seconds of wrk per server (default 20)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    ap.add_argument("--keep", action="store_true", help="keep bench/out/SIZE/http/skjold.db")
    a = ap.parse_args()
    skjold = os.path.join(os.path.abspath(a.build), "skjold")
    data_dir = os.path.join(os.path.abspath(a.out), a.size)
    if not os.path.exists(os.path.join(data_dir, "meta.json")):
        _log(f"no map in {data_dir}: run bench/run --size {a.size} first")
        return 2
    detail = {}
    figs = measure(skjold, data_dir, a.size, a.duration, 3600, a.keep, detail)
    for fig in figs:
        print(json.dumps(fig, ensure_ascii=False), flush=True)
    summary(detail, sys.stderr)
    return 1 if any("error" in f for f in figs) else 0


if __name__ == "__main__":
    sys.exit(main())
