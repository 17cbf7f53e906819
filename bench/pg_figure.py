#!/usr/bin/python3
"""bench/pg_figure.py — the PostgreSQL figures of bench/run (issue 16, point 7; see bench/README.md).

    bench/pg_figure.py [--size S|M|L] [--duration SECONDS] [--build DIR] [--out DIR]   # these figures alone

Starts a throwaway PostgreSQL cluster with tests/pg/cluster.sh (its folder OUT/SIZE/pg, a Unix
socket only, fsync off: the tests' settings) and stops it at the end, whatever happens.  Then:

  pg-bulk-import       the map's CSVs (the bulk-import figure's nodes.csv and edges.csv) into a fresh
                       database by `skjold --db CONNINFO import-csv nodes|edges` (the organisations
                       first, untimed, by `skjold import orgs.json`), against `psql -c "\\copy …"` of
                       the same files into bare tables of a second fresh database (the CSV's columns,
                       all text, no index, no constraint: what sqlite3's .import makes).  One process
                       per file on both sides, wall clock, start-up included.  Accepted only when
                       both hold the generated numbers of rows.  ratio = skjold / peer, target <= 2.0.
  pg-http-risks-page   the same database with the threat catalogue and org-001's risks of the HTTP
                       figure's register (http_figure.write_risks; see load_register) served by TWO
                       `skjold serve` processes on it; wrk against both at once (two wrk processes in parallel, -t1 -c32 each,
                       one per server: 2 threads and 64 connections in all, as http-risks-page),
                       requests per second summed, p99 the larger of the two.  The peer: nginx
                       serving the page's bytes as a static file (http_figure.start_nginx) under the
                       same two wrk processes.  ratio = skjold / nginx (req/s), target >= 0.3, and
                       skjold's p99 <= 20 ms with no timeout.
  pg-http-risk-write, pg-http-risks-page-uncached, pg-http-risks-page-mixed
                       http_figure's write, uncached and mixed figures on the same two servers: the
                       PATCHes and the uncached GETs through the first server (the write's peer: one
                       psql's one-row UPDATE in its own transaction on the same cluster, timed by
                       \\timing), the mixed figure's writer through the first server and wrk on both
                       (two wrk processes as above), against the read-only figure just before it.

bench/run imports figures() and summary() from here when PostgreSQL's server binaries are
installed (/usr/lib/postgresql/*/bin); run standalone, this file prints only these figures.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
import http_figure as hf  # noqa: E402  (bench/http_figure.py: the risk register, the servers, wrk)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER = os.path.join(ROOT, "tests", "pg", "cluster.sh")
TARGETS = {"pg-bulk-import": 2.0}  # pg-http-risks-page: http_figure's RATIO_TARGET and P99_TARGET_MS
SERVERS = 2
WRK_CONNECTIONS = hf.CONNECTIONS // SERVERS  # per wrk process, one thread each
RISK_CHUNK = 500  # risk rows per `skjold import-csv risks` while building the HTTP database (load_register)


class PgBenchError(hf.HttpBenchError):
    pass


_run = hf._run  # (seconds, stdout); raises hf.HttpBenchError


def _log(msg):
    print(f"bench: pg: {msg}", file=sys.stderr, flush=True)


def available():
    """True when PostgreSQL's server binaries (initdb, pg_ctl) and psql are installed."""
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb")) and shutil.which("psql") is not None


# ---------------------------------------------------------------------------------------------
# The cluster

class Cluster:
    """tests/pg/cluster.sh with SKJOLD_PG_DIR set to folder; stop() removes the folder."""

    def __init__(self, folder):
        self.sh = ["env", f"SKJOLD_PG_DIR={folder}", CLUSTER]

    def start(self):
        _run(self.sh + ["start"], 120, "tests/pg/cluster.sh start")

    def createdb(self, name):
        """A fresh, empty database; returns its conninfo."""
        _, out = _run(self.sh + ["createdb", name], 120, f"tests/pg/cluster.sh createdb {name}")
        return out.strip()

    def stop(self):
        try:
            _run(self.sh + ["stop"], 120, "tests/pg/cluster.sh stop")
        except hf.HttpBenchError as exc:
            _log(f"note: {exc}")


def psql(conninfo, timeout, what, *commands):
    """psql -X -A -t with each command as a -c of its own; returns stdout."""
    argv = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo]
    for c in commands:
        argv += ["-c", c]
    return _run(argv, timeout, what)


def count(conninfo, table):
    """Rows in table (the connection is the superuser postgres, which row-level security does not bind)."""
    _, out = psql(conninfo, 600, f"count {table}", f'SELECT count(*) FROM "{table}"')
    return int(out.strip())


def psql_version():
    _, out = _run(["psql", "--version"], 60, "psql --version")
    m = re.search(r"\(PostgreSQL\) (\d[\d.]*)", out)
    return m.group(1) if m else "?"


# ---------------------------------------------------------------------------------------------
# pg-bulk-import

def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def bare_table(conninfo, table, csv_path):
    """CREATE TABLE table with csv_path's header row as its columns, all text, no index, no constraint."""
    with open(csv_path, encoding="utf-8") as f:
        cols = f.readline().rstrip("\r\n").split(",")
    psql(conninfo, 60, f"CREATE TABLE {table}",
         f"CREATE TABLE {_ident(table)} ({', '.join(_ident(c) + ' text' for c in cols)})")


def bulk_import(skjold, cl, data_dir, meta, timeout, detail):
    """Time skjold's CSV import into a fresh database against psql's \\copy into bare tables.

    Returns (figure, conninfo of skjold's database or None when its import failed)."""
    nodes_csv = os.path.join(data_dir, "nodes.csv")
    edges_csv = os.path.join(data_dir, "edges.csv")
    fig = {"figure": "pg-bulk-import", "size": meta["size"], "skjold_s": None,
           "peer": "psql \\copy (format csv, header) into bare text tables", "peer_s": None, "ratio": None,
           "target": TARGETS["pg-bulk-import"], "ok": False}
    errors = []
    db = None
    try:
        peer_db = cl.createdb("peer")
        fig["peer"] = f"psql {psql_version()} \\copy (format csv, header) into bare text tables"
        bare_table(peer_db, "nodes", nodes_csv)
        bare_table(peer_db, "edges", edges_csv)
        t_nodes, _ = psql(peer_db, timeout, "psql \\copy nodes",
                          f"\\copy nodes FROM '{nodes_csv}' WITH (FORMAT csv, HEADER true)")
        t_edges, _ = psql(peer_db, timeout, "psql \\copy edges",
                          f"\\copy edges FROM '{edges_csv}' WITH (FORMAT csv, HEADER true)")
        d = detail["pg_import_peer"] = {"nodes_s": t_nodes, "edges_s": t_edges, "nodes": count(peer_db, "nodes"),
                                        "edges": count(peer_db, "edges")}
        if d["nodes"] != meta["nodes"] or d["edges"] != meta["edges"]:
            raise PgBenchError(f"psql \\copy loaded {d['nodes']} nodes and {d['edges']} edges, expected "
                               f"{meta['nodes']} and {meta['edges']}")
        fig["peer_s"] = hf._sig(t_nodes + t_edges)
        _log(f"psql \\copy: nodes {t_nodes:.2f} s, edges {t_edges:.2f} s")
    except hf.HttpBenchError as exc:
        errors.append(str(exc))
    try:
        conn = cl.createdb("skjold")
        # Organisations first, untimed: both CSVs name each row's organisation.  skjold migrates the
        # fresh database at this first open.
        _run([skjold, "--db", conn, "import", os.path.join(data_dir, "orgs.json")], timeout,
             "skjold import orgs.json")
        t_nodes, _ = _run([skjold, "--db", conn, "import-csv", "nodes", nodes_csv], timeout,
                          "skjold import-csv nodes")
        t_edges, _ = _run([skjold, "--db", conn, "import-csv", "edges", edges_csv], timeout,
                          "skjold import-csv edges")
        d = detail["pg_import_skjold"] = {"nodes_s": t_nodes, "edges_s": t_edges, "nodes": count(conn, "node"),
                                          "edges": count(conn, "edge")}
        _log(f"skjold import-csv: nodes {t_nodes:.2f} s, edges {t_edges:.2f} s")
        if d["nodes"] != meta["nodes"] or d["edges"] != meta["edges"]:
            # A fast import that stored nothing is no figure.
            raise PgBenchError(f"skjold's database holds {d['nodes']} nodes and {d['edges']} edges, expected "
                               f"{meta['nodes']} and {meta['edges']}")
        fig["skjold_s"] = hf._sig(t_nodes + t_edges)
        db = conn
    except hf.HttpBenchError as exc:
        errors.append(str(exc))
    if fig["skjold_s"] is not None and fig["peer_s"]:
        fig["ratio"] = hf._sig(fig["skjold_s"] / fig["peer_s"], 3)
        fig["ok"] = not errors and fig["ratio"] <= fig["target"]
    schema_peer(skjold, cl, data_dir, meta, timeout, detail, fig)
    if errors:
        fig["error"] = "; ".join(errors)
    return fig, db


# The schema peer: the same rows into skjold's own tables by psql alone (one per file), with the
# tables' keys, indexes, foreign keys (deferred, as skjold's bulk load) and row-level security (as
# skjold_app), but nothing of skjold: no validation, no audit, no derived criticality.  What the
# schema itself costs, which no loader into it can undercut.
SCHEMA_PEER_SQL = {
    "nodes": ("CREATE TEMP TABLE s (org text, id text, kind text, name text, criticality text, "
              "critical_service text, personal_data text)",
              "INSERT INTO node(oid, id, kind, name, critical_service, personal_data) SELECT o.oid, s.id, s.kind, "
              "s.name, (s.critical_service = 'true')::int, s.personal_data FROM s JOIN org o ON o.id = s.org"),
    "edges": ("CREATE TEMP TABLE s (org text, f text, t text, type text, grp text)",
              "INSERT INTO edge(oid, from_id, to_id, type, grp) SELECT o.oid, s.f, s.t, s.type, nullif(s.grp, '') "
              "FROM s JOIN org o ON o.id = s.org"),
}


def schema_peer(skjold, cl, data_dir, meta, timeout, detail, fig):
    """Time SCHEMA_PEER_SQL into a third fresh database that skjold migrated (untimed); adds
    schema_peer_s and ratio_to_schema to fig (reported, not judged), or schema_peer_error."""
    try:
        conn = cl.createdb("schema_peer")
        _run([skjold, "--db", conn, "import", os.path.join(data_dir, "orgs.json")], timeout,
             "skjold import orgs.json (schema peer)")
        times = {}
        for name in ("nodes", "edges"):
            create, insert = SCHEMA_PEER_SQL[name]
            path = os.path.join(data_dir, name + ".csv")
            times[name], _ = psql(conn, timeout, f"psql into skjold's schema: {name}", "BEGIN",
                                  "SET CONSTRAINTS ALL DEFERRED", "SET ROLE skjold_app",
                                  "SELECT set_config('skjold.org', '*', true)", create,
                                  f"\\copy s FROM '{path}' WITH (FORMAT csv, HEADER true)", insert, "COMMIT")
        d = detail["pg_import_schema_peer"] = {"nodes_s": times["nodes"], "edges_s": times["edges"],
                                               "nodes": count(conn, "node"), "edges": count(conn, "edge")}
        if d["nodes"] != meta["nodes"] or d["edges"] != meta["edges"]:
            raise PgBenchError(f"the schema peer loaded {d['nodes']} nodes and {d['edges']} edges, expected "
                               f"{meta['nodes']} and {meta['edges']}")
        fig["schema_peer"] = "psql \\copy into a temporary table, then INSERT … SELECT into skjold's tables as skjold_app"
        fig["schema_peer_s"] = hf._sig(times["nodes"] + times["edges"])
        if fig["skjold_s"] is not None:
            fig["ratio_to_schema"] = hf._sig(fig["skjold_s"] / fig["schema_peer_s"], 3)
        _log(f"psql into skjold's schema: nodes {times['nodes']:.2f} s, edges {times['edges']:.2f} s")
    except hf.HttpBenchError as exc:
        fig["schema_peer_error"] = str(exc)


# ---------------------------------------------------------------------------------------------
# pg-http-risks-page

def load_register(skjold, conn, data_dir, size, work, timeout, detail):
    """The threat catalogue of every organisation and org-001's risks of the HTTP figure's register.

    Only org-001's (the page's organisation, RISKS_PER_ORG[size] risks), RISK_CHUNK rows a
    process.  (Until migration 9 each risk row cost more the more rows its import had written
    before it in the same transaction: 34 ms a row in a file of 10,000 at S; now 0.4 ms in one of
    1,000 and 0.9 ms in one of 10,000, so the chunks only keep each process short.)"""
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    t0 = time.perf_counter()
    orgs = [f"org-{i:03d}" for i in range(1, meta["organisations"] + 1)]
    for org in orgs:
        _run([skjold, "--db", conn, "threat", "load-defaults", "--org", org], 120,
             f"skjold threat load-defaults {org}")
    t_threats = time.perf_counter() - t0
    _, cat = _run([skjold, "threat", "catalogue"], 60, "skjold threat catalogue")
    threats = [(t["id"], t["name"]) for t in json.loads(cat)["threats"]]
    risks_csv = os.path.join(work, "risks.csv")
    hf.write_risks(risks_csv, size, os.path.join(data_dir, "nodes.csv"), threats)
    with open(risks_csv, encoding="utf-8") as f:
        header = f.readline()
        rows = [line for line in f if line.startswith(hf.TOKEN_ORG + ",")]
    t_risks = 0.0
    for i in range(0, len(rows), RISK_CHUNK):
        chunk = os.path.join(work, "risks-chunk.csv")
        with open(chunk, "w", encoding="utf-8") as f:
            f.write(header)
            f.writelines(rows[i:i + RISK_CHUNK])
        t, _ = _run([skjold, "--db", conn, "import-csv", "risks", chunk], timeout, "skjold import-csv risks")
        t_risks += t
    got = count(conn, "risk")
    detail["pg_http_db"] = {"threats_s": t_threats, "risks_import_s": t_risks, "risks": got}
    _log(f"database: threats {t_threats:.1f} s, {got:,} risks of {hf.TOKEN_ORG} imported in {t_risks:.1f} s "
         f"({RISK_CHUNK} a process)")
    if got != len(rows) or got != hf.RISKS_PER_ORG[size]:
        raise PgBenchError(f"the database holds {got} risks, expected {hf.RISKS_PER_ORG[size]}")
    # the database as autovacuum leaves it a minute later: the load's dead row versions gone and the
    # planner's statistics read (else every read walks the import's versions of org_generation's rows)
    t0 = time.perf_counter()
    psql(conn, timeout, "VACUUM (ANALYZE)", "VACUUM (ANALYZE)")
    detail["pg_http_db"]["vacuum_s"] = time.perf_counter() - t0


def wrk_pair(urls, duration, token=None):
    """One wrk -t1 -cWRK_CONNECTIONS per url, all at once: the sum of their req/s, the largest p50/p90/p99."""
    procs = []
    for url in urls:
        argv = ["wrk", "-t1", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", f"--timeout={hf.WRK_TIMEOUT_S}s", "--latency"]
        if token:
            argv += ["-H", f"Authorization: Bearer {token}"]
        procs.append(subprocess.Popen(argv + [url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    parts = []
    for url, p in zip(urls, procs):
        try:
            out, err = p.communicate(timeout=duration + 120)
        except subprocess.TimeoutExpired as exc:
            for q in procs:
                q.kill()
            raise PgBenchError(f"wrk against {url} did not end") from exc
        if p.returncode != 0:
            raise PgBenchError(f"wrk against {url}: exit {p.returncode}: {err.strip()[-300:]}")
        r = hf.parse_wrk(out)
        if r["rps"] is None or r["p99_ms"] is None:
            raise PgBenchError(f"cannot read wrk's output: {out.strip()[-300:]}")
        if r["non2xx"]:
            raise PgBenchError(f"{r['non2xx']} of {r.get('requests')} answers from {url} were not 2xx/3xx")
        parts.append(r)
    return {"rps": sum(r["rps"] for r in parts),
            "p50_ms": max(r["p50_ms"] for r in parts), "p90_ms": max(r["p90_ms"] for r in parts),
            "p99_ms": max(r["p99_ms"] for r in parts),
            "requests": sum(r.get("requests") or 0 for r in parts), "timeouts": sum(r["timeouts"] for r in parts),
            "parts": [{k: r[k] for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "timeouts")} for r in parts]}


def pg_update_s(conn, risk_id, rounds):
    """The peer of a write on PostgreSQL: one row's UPDATE in its own transaction (autocommit) by one psql
    on the same cluster, timed by psql's \\timing (the server's answer, without psql's start)."""
    stmt = (f"UPDATE risk SET title = title WHERE id = '{risk_id}' "
            f"AND oid = (SELECT oid FROM org WHERE id = '{hf.TOKEN_ORG}');\n")
    r = subprocess.run(["psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", conn], input="\\timing on\n" + stmt * rounds,
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise PgBenchError(f"psql UPDATE: exit {r.returncode}: {r.stderr.strip()[-300:]}")
    if r.stdout.count("UPDATE 1") != rounds:
        raise PgBenchError(f"psql's UPDATE of {risk_id} did not change one row each time: {r.stdout[-200:]!r}")
    times = [float(m) / 1e3 for m in re.findall(r"^Time: ([0-9.]+) ms", r.stdout, re.M)]
    if len(times) != rounds:
        raise PgBenchError(f"psql printed {len(times)} timings for {rounds} UPDATEs")
    return times


def check_page(body, size):
    doc = json.loads(body)
    want = hf.RISKS_PER_ORG[size]
    if len(doc.get("items", [])) != 100 or doc.get("total") != want:
        raise PgBenchError(f"GET {hf.PATH} answered {len(doc.get('items', []))} items of total {doc.get('total')}, "
                           f"expected 100 of {want}")


def http_risks_page(skjold, conn, data_dir, size, duration, timeout, detail):
    """Two skjold serve on conn under wrk against nginx serving the page's bytes: the page's figure, and
    before it the write and the uncached page (through the first server), after it the mixed figure (a
    writer through the first server, wrk on both).  Returns the list of figures."""
    fig = {"figure": "pg-http-risks-page", "size": size, "skjold_rps": None, "peer": "nginx static file",
           "peer_rps": None, "peer_p99_ms": None, "ratio": None, "target": f">= {hf.RATIO_TARGET:g}",
           "p99_ms": None, "p99_target_ms": hf.P99_TARGET_MS, "bytes": None, "duration_s": duration,
           "servers": SERVERS, "connections": WRK_CONNECTIONS * SERVERS, "requests": None, "timeouts": None,
           "ok": False}
    writes = [{"figure": f, "size": size, "skjold_ms": None, "peer_ms": None, "ratio": None, "target_ms": t,
               "ok": False}
              for f, t in (("pg-http-risk-write", hf.WRITE_TARGET_MS),
                           ("pg-http-risks-page-uncached", hf.UNCACHED_TARGET_MS))]
    mixed = {"figure": "pg-http-risks-page-mixed", "size": size, "skjold_rps": None, "peer_rps": None,
             "ratio": None, "target": f">= {hf.MIXED_RATIO_TARGET:g}", "p99_ms": None,
             "p99_target_ms": hf.MIXED_P99_TARGET_MS, "ok": False}
    figs = [fig] + writes + [mixed]

    def failed(msg):
        for f in figs:
            if f.get("ok") is False and f.get("skjold_rps", f.get("skjold_ms")) is None:
                f.setdefault("error", msg)
        return figs

    if not shutil.which("nginx") and os.access("/usr/sbin/nginx", os.X_OK):
        os.environ["PATH"] += os.pathsep + "/usr/sbin"  # a user's PATH may lack sbin
    missing = [t for t in ("wrk", "nginx", "curl") if not shutil.which(t)]
    if missing:
        return failed(f"{', '.join(missing)} missing: install the Debian packages wrk, nginx-light and curl")
    if conn is None:
        return failed("not run: skjold's import into PostgreSQL failed (pg-bulk-import)")
    fig["peer"] = f"nginx {hf.nginx_version()} static file"
    fig["load"] = (f"{SERVERS} x wrk {hf.wrk_version()} -t1 -c{WRK_CONNECTIONS} -d{duration}s in parallel, one per "
                   f"server (nginx: both at it); req/s summed, p99 the larger")
    tmp = tempfile.mkdtemp(prefix="skjold-pg-bench-")
    servers, nginx = [], None
    try:
        load_register(skjold, conn, data_dir, size, tmp, timeout, detail)
        token = hf.make_token(skjold, conn)
        detail["_writer_token"] = wtoken = hf.make_token(skjold, conn, "bench-writer", "isk")
        bases = []
        for i in range(SERVERS):
            port = hf.free_port()
            bases.append(f"http://127.0.0.1:{port}")
            # the request log (a line per request) into the temporary folder, its tail into a start-up error
            log_path = os.path.join(tmp, f"serve{i}.log")
            with open(log_path, "wb") as f:
                servers.append(subprocess.Popen([skjold, "--db", conn, "serve", "--listen", f"127.0.0.1:{port}"],
                                                stdout=f, stderr=subprocess.STDOUT,
                                                start_new_session=hf.SERVER_SESSION))
            try:
                hf.wait_http(bases[-1] + "/api/v1/health", servers[-1], f"skjold serve {i + 1}")
            except hf.HttpBenchError as exc:
                with open(log_path, "rb") as f:
                    tail = f.read().decode("utf-8", "replace").strip().splitlines()[-3:]
                raise PgBenchError(f"{exc}: {' | '.join(tail)}") from exc
        h = detail["pg_http"] = {"cold_ms": [], "warm_ms": []}
        for i, base in enumerate(bases):
            path = os.path.join(tmp, f"body{i}.json")
            # the first request (cold) and a second (warm) to each server, timed by curl, in no figure
            for key in ("cold_ms", "warm_ms"):
                code, t, _ = hf.fetch(base + hf.PATH, token, path)
                if code != 200:
                    with open(path, "rb") as f:
                        raise PgBenchError(f"GET {hf.PATH} from server {i + 1} answered {code}: {f.read(300)!r}")
                h[key].append(t * 1e3)
            with open(path, "rb") as f:
                check_page(f.read(), size)
        _log(f"GET {hf.PATH}: first {', '.join(f'{x:.1f}' for x in h['cold_ms'])} ms, "
             f"second {', '.join(f'{x:.1f}' for x in h['warm_ms'])} ms (curl, one per server)")
        try:
            peer = (f"psql {psql_version()} one-row UPDATE in its own transaction (same cluster)",
                    lambda rid, rounds: pg_update_s(conn, rid, rounds))
            writes[:] = hf.write_figures(bases[0], None, token, size, detail, prefix="pg-", peer=peer)
            figs[1:3] = writes
        except (hf.HttpBenchError, OSError, ValueError, KeyError) as exc:
            for w in writes:
                w["error"] = str(exc)
        # the page as the writes left it, from both servers: what wrk gets, and what nginx serves beside it
        bodies = []
        for i, base in enumerate(bases):
            path = os.path.join(tmp, f"body{i}.json")
            code, _, _ = hf.fetch(base + hf.PATH, token, path)
            with open(path, "rb") as f:
                bodies.append(f.read())
            if code != 200:
                raise PgBenchError(f"GET {hf.PATH} from server {i + 1} answered {code}")
        if bodies[0] != bodies[1]:
            raise PgBenchError("the two servers answer the page with different bytes")
        body = bodies[0]
        fig["bytes"] = len(body)
        _log(f"{SERVERS} x wrk -t1 -c{WRK_CONNECTIONS} -d{duration}s against {SERVERS} skjold serve")
        # a warm-up under the same load first, not counted: every worker thread of both servers opens its
        # connection and prepares its statements (nginx gets the same below)
        wrk_pair([b + hf.PATH for b in bases], hf.WARMUP_S, token)
        s = wrk_pair([b + hf.PATH for b in bases], duration, token)
        h["skjold"] = s
        fig.update(skjold_rps=hf._sig(s["rps"]), p99_ms=hf._sig(s["p99_ms"], 3), requests=s["requests"],
                   timeouts=s["timeouts"])
        _log(f"{SERVERS} x wrk -t1 -c{WRK_CONNECTIONS} -d{duration}s against {SERVERS} skjold serve while writing "
             f"{hf.MIXED_WRITES_PER_S} risks/s through the first")
        try:
            figs[3] = hf.mixed_figure(bases[0], token, wtoken, size, duration, s, detail, prefix="pg-",
                                      load=lambda d: wrk_pair([b + hf.PATH for b in bases], d, token))
        except (hf.HttpBenchError, OSError, ValueError, KeyError) as exc:
            mixed["error"] = str(exc)
        h["hwm_mb"] = [hf.proc_status_mb(p.pid)[0] for p in servers]
        for p in servers:
            hf.stop(p)
        servers = []

        nginx, url = hf.start_nginx(tmp, body)
        hf.wait_http(url, nginx, "nginx")
        code, _, n = hf.fetch(url, None, os.path.join(tmp, "nginx.json"))
        if code != 200 or n != len(body):
            raise PgBenchError(f"nginx answered {code} with {n} bytes, expected 200 with {len(body)}")
        _log(f"{SERVERS} x wrk -t1 -c{WRK_CONNECTIONS} -d{duration}s against nginx")
        wrk_pair([url] * SERVERS, hf.WARMUP_S)
        p = wrk_pair([url] * SERVERS, duration)
        h["nginx"] = p
        fig.update(peer_rps=hf._sig(p["rps"]), peer_p99_ms=hf._sig(p["p99_ms"], 3),
                   ratio=hf._sig(s["rps"] / p["rps"], 3))
        fig["ok"] = (s["rps"] / p["rps"] >= hf.RATIO_TARGET and s["p99_ms"] <= hf.P99_TARGET_MS
                     and s["timeouts"] == 0)
    except (hf.HttpBenchError, OSError, ValueError, KeyError) as exc:
        fig["error"] = str(exc)
        failed(str(exc))
    finally:
        detail.pop("_writer_token", None)
        for p in servers:
            hf.stop(p)
        hf.stop(nginx)
        shutil.rmtree(tmp, ignore_errors=True)
    return figs


# ---------------------------------------------------------------------------------------------

def figures(skjold, data_dir, size, duration, timeout, detail):
    """Both figures as dicts (each with "error" when not measured); duration 0 skips pg-http-risks-page.

    The cluster lives in data_dir/pg for the length of the call."""
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    meta.setdefault("size", size)
    cl = Cluster(os.path.join(data_dir, "pg"))
    figs = []
    try:
        try:
            cl.start()
        except hf.HttpBenchError as exc:
            bulk = {"figure": "pg-bulk-import", "size": size, "skjold_s": None, "peer": "psql \\copy", "peer_s": None,
                    "ratio": None, "target": TARGETS["pg-bulk-import"], "ok": False, "error": str(exc)}
            figs.append(bulk)
            if duration > 0:
                figs += http_risks_page(skjold, None, data_dir, size, duration, timeout, detail)
            return figs
        _log("bulk import: skjold import-csv vs psql \\copy")
        bulk, conn = bulk_import(skjold, cl, data_dir, meta, timeout, detail)
        figs.append(bulk)
        if duration > 0:
            _log(f"http: {SERVERS} skjold serve on one database vs nginx static file, wrk {duration} s each")
            figs += http_risks_page(skjold, conn, data_dir, size, duration, timeout, detail)
    finally:
        cl.stop()
    return figs


def summary(detail, out):
    """Detail lines for bench/run's summary."""
    for key, label in (("pg_import_skjold", "skjold"), ("pg_import_peer", "psql \\copy"),
                       ("pg_import_schema_peer", "psql into skjold's schema")):
        d = detail.get(key)
        if d:
            print(f"  pg import {label}: nodes {d['nodes_s']:.3g} s, edges {d['edges_s']:.3g} s; "
                  f"rows {d['nodes']} + {d['edges']}", file=out)
    d = detail.get("pg_http_db")
    if d:
        print(f"  pg http data: threats {d['threats_s']:.1f} s, {d['risks']:,} risks ({hf.TOKEN_ORG}'s, "
              f"{RISK_CHUNK} a process) imported in {d['risks_import_s']:.1f} s", file=out)
    h = detail.get("pg_http")
    if h:
        line = (f"  pg http: single GET first {', '.join(f'{x:.1f}' for x in h['cold_ms'])} ms, then "
                f"{', '.join(f'{x:.1f}' for x in h['warm_ms'])} ms (one per server)")
        for key in ("skjold", "nginx"):
            if key in h:
                r = h[key]
                rps = " + ".join(f"{q['rps']:,.0f}" for q in r["parts"])
                p99 = " / ".join(f"{q['p99_ms']:.2f}" for q in r["parts"])
                line += (f"; {key} {rps} req/s, p50 {r['p50_ms']:.2f} ms, p90 {r['p90_ms']:.2f} ms, "
                         f"p99 {p99} ms (the larger of the two wrk)")
        if h.get("hwm_mb"):
            line += f"; servers' peak {' + '.join(f'{x:.0f}' for x in h['hwm_mb'])} MB"
        print(line, file=out)


def main():
    ap = argparse.ArgumentParser(description="skjold's PostgreSQL figures (also part of bench/run)")
    ap.add_argument("--size", choices=("S", "M", "L"), default="M")
    ap.add_argument("--duration", type=int, default=10, help="seconds of wrk per side (default 10; 0 skips HTTP)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    a = ap.parse_args()
    skjold = os.path.join(os.path.abspath(a.build), "skjold")
    data_dir = os.path.join(os.path.abspath(a.out), a.size)
    if not os.path.exists(os.path.join(data_dir, "meta.json")):
        _log(f"no map in {data_dir}: run bench/run --size {a.size} first")
        return 2
    if not available():
        _log("PostgreSQL's server binaries are not installed (apt-get install postgresql)")
        return 2
    detail = {}
    figs = figures(skjold, data_dir, a.size, a.duration, 3600, detail)
    for fig in figs:
        print(json.dumps(fig, ensure_ascii=False), flush=True)
    summary(detail, sys.stderr)
    return 1 if any("error" in f for f in figs) else 0


if __name__ == "__main__":
    sys.exit(main())
