#!/usr/bin/env python3
"""
test_concurrency.py — races fired for real against a running `skjold serve`,
and a shell writer beside it (issue 13: nothing lost under concurrency).

Every write reads what it depends on inside its own write transaction, so:
  - N concurrent creates of one id give exactly one 201 and N-1 × 409, one
    row and one audit entry, and the row is the winner's body;
  - concurrent PATCHes of different fields of one object all survive;
  - of N writers sending the same current If-Match, exactly one succeeds
    and the rest get 412;
  - a CLI writer (import-csv, update) and the server share one database: no
    "busy", no lost write on either side.
Answers, rows and audit entries are counted, not assumed.

Usage: test_concurrency.py SKJOLD_BINARY      (VERBOSE=1 prints every check)
"""
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Server, main_guard, parallel, query  # noqa: E402

OA = "/api/v1/orgs/" + EXAMPLE_ORG
N_CREATE = 40


def db_rows(srv, sql, *args):
    return query(srv.db, sql, args)


def audit_count(srv, entity, key, action=None):
    sql = "SELECT count(*) FROM audit WHERE entity = ? AND org = ? AND key = ?"
    args = [entity, EXAMPLE_ORG, key]
    if action:
        sql += " AND action = ?"
        args.append(action)
    return db_rows(srv, sql, *args)[0][0]


def statuses(results):
    out = {}
    for r in results:
        k = r.status if hasattr(r, "status") else type(r).__name__
        out[k] = out.get(k, 0) + 1
    return out


def creates(ck, srv, api):
    """One id, N_CREATE writers at once, for every kind."""
    risk = api.get(OA + "/risks").json["items"][0]
    node = api.get(OA + "/nodes").json["items"][0]["id"]
    base_risk = {k: risk[k] for k in ("node", "threat", "assessed_on", "threat_level", "resilience", "consequence")}
    kinds = [
        ("nodes", "node", lambda i: {"id": "race-node", "kind": "system", "name": "Kapløb %d" % i}, "race-node"),
        ("threats", "threat", lambda i: {"id": "race-threat", "name": "Trussel %d" % i}, "race-threat"),
        ("risks", "risk", lambda i: dict(base_risk, id="race-risk", title="Risiko %d" % i), "race-risk"),
        ("measures", "measure", lambda i: {"id": "race-measure", "risk": risk["id"], "title": "Tiltag %d" % i},
         "race-measure"),
        ("changes", "change", lambda i: {"id": "race-change", "node": node, "date": "2026-11-01",
                                         "description": "Ændring %d" % i}, "race-change"),
        ("edges", "edge", lambda i: {"from": "race-node", "to": node, "type": "uses", "group": "g%d" % i},
         "race-node -> " + node),
    ]
    for path, entity, body, key in kinds:
        res = parallel(lambda i: api.post(OA + "/" + path, body(i)), N_CREATE)
        st = statuses(res)
        ck.check(st.get(201) == 1 and st.get(409) == N_CREATE - 1,
                 "%d concurrent POSTs of one %s id: one 201, %d × 409" % (N_CREATE, entity, N_CREATE - 1), st)
        winner = [r for r in res if getattr(r, "status", 0) == 201]
        ck.check(all(r.error_code() == "conflict" for r in res if getattr(r, "status", 0) == 409),
                 "every refused %s create answers the conflict error" % entity)
        ck.eq(audit_count(srv, entity, key, "create"), 1, "%s: exactly one audit entry 'create'" % entity)
        if path == "edges":
            got = api.get(OA + "/edges/race-node/" + node)
            ck.check(got.status == 200 and winner and got.json.get("group") == winner[0].json.get("group"),
                     "the stored edge is the winner's body", (got, winner))
        else:
            oid = key
            got = api.get(OA + "/%s/%s" % (path, oid))
            field = {"nodes": "name", "threats": "name", "risks": "title", "measures": "title",
                     "changes": "description"}[path]
            ck.check(got.status == 200 and winner and got.json.get(field) == winner[0].json.get(field),
                     "the stored %s is the winner's body (%s)" % (entity, field), (got, winner[:1]))
            table = {"nodes": "node", "threats": "threat", "risks": "risk", "measures": "measure",
                     "changes": "change"}[path]
            ck.eq(db_rows(srv, "SELECT count(*) FROM %s WHERE id = ?" % table, oid)[0][0], 1,
                  "one %s row with the id" % entity)


def merges(ck, srv, api):
    """Four editors PATCH four different fields of one risk at once, 25 rounds: every change survives."""
    fields = ["title", "owner", "assessor", "note"]
    rid = "race-risk"
    lost = 0
    acked = 0
    for rnd in range(25):
        res = parallel(lambda i: api.patch(OA + "/risks/" + rid, {fields[i]: "runde %d %s" % (rnd, fields[i])}),
                       len(fields))
        ok = [r for r in res if getattr(r, "status", 0) == 200]
        acked += len(ok)
        now = api.get(OA + "/risks/" + rid).json
        lost += sum(1 for i, f in enumerate(fields)
                    if getattr(res[i], "status", 0) == 200 and now.get(f) != "runde %d %s" % (rnd, f))
    ck.eq(acked, 25 * len(fields), "every concurrent PATCH of a different field was acknowledged")
    ck.eq(lost, 0, "no acknowledged PATCH was reverted by another (of %d)" % acked)


def preconditions(ck, srv, api):
    """Of 8 writers holding the same current ETag, exactly one wins, 10 rounds, on a risk and on the organisation."""
    # every writer's value is new in every round, so each success changes the ETag
    for what, path, body in (("risk", OA + "/risks/race-risk", lambda r, i: {"owner": "ejer %d.%d" % (r, i)}),
                             ("node", OA + "/nodes/race-node", lambda r, i: {"owner": "ejer %d.%d" % (r, i)}),
                             ("organisation", OA,
                              lambda r, i: {"procedure_reviewed_on": "2026-%02d-%02d" % (r + 1, i + 1)})):
        wins = 0
        stale = 0
        other = {}
        for rnd in range(10):
            etag = api.get(path).header("ETag")
            res = parallel(lambda i: api.patch(path, body(rnd, i), headers={"If-Match": etag}), 8)
            for r in res:
                s = getattr(r, "status", type(r).__name__)
                if s == 200:
                    wins += 1
                elif s == 412:
                    stale += 1
                    if r.error_field() != "If-Match":
                        other["412 field " + str(r.error_field())] = other.get("412 field", 0) + 1
                else:
                    other[s] = other.get(s, 0) + 1
        ck.check(wins == 10 and stale == 70 and not other,
                 "%s: 8 writers with one ETag, 10 rounds: exactly one 200 and 7 × 412 each" % what,
                 {"200": wins, "412": stale, "other": other})
    r = api.patch(OA + "/risks/race-risk", {"owner": "x"}, headers={"If-Match": '"0000"'})
    ck.check(r.status == 412 and r.error_field() == "If-Match", "a stale If-Match names the header", r)
    # a collection: If-Match on POST compares with the ETag of the page GET gives
    for coll, body in (("/incidents", {"id": "im-inc", "title": "Forudsætning", "detected_at": "2026-11-02T08:00:00+01:00"}),
                       ("/threats", {"id": "im-threat", "name": "Forudsætning"})):
        r = api.post(OA + coll, body, headers={"If-Match": '"0000"'})
        ck.check(r.status == 412 and r.error_field() == "If-Match",
                 "POST %s with a stale If-Match: 412 naming the header" % coll, r)
        etag = api.get(OA + coll).header("ETag")
        r = api.post(OA + coll, body, headers={"If-Match": etag})
        ck.check(r.status == 201, "POST %s with the collection's current ETag: 201" % coll, r)
        r = api.post(OA + coll, dict(body, id=body["id"] + "-2"), headers={"If-Match": etag})
        ck.check(r.status == 412, "and again with that ETag, now old: 412", r)
    ck.check(api.get(OA).status == 200, "the server still answers", "")


def cli_beside_server(ck, srv, api):
    """A long import-csv and CLI updates run while the API writes: both sides succeed, nothing lost."""
    csv = os.path.join(srv.dir, "nodes.csv")
    n = 30000
    with open(csv, "w") as f:
        f.write("id;kind;name\n")
        for i in range(n):
            f.write("bulk-%05d;system;Masseimport %d\n" % (i, i))
    acked = []
    failures = []
    stop = threading.Event()

    def writer(w):
        i = 0
        while not stop.is_set() and i < 400:
            oid = "api-%d-%d" % (w, i)
            r = api.post(OA + "/threats", {"id": oid, "name": "Under import %d" % i})
            (acked if r.status == 201 else failures).append((oid, r.status, r.text[:200]))
            i += 1
    ts = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
    for t in ts:
        t.start()
    t0 = time.time()
    p = srv.cli_raw("import-csv", "nodes", csv, "--org", EXAMPLE_ORG)
    took = time.time() - t0
    upd = [srv.cli_raw("risk", "update", "race-risk", "--org", EXAMPLE_ORG, "--note", "fra skallen %d" % i)
           for i in range(5)]
    stop.set()
    for t in ts:
        t.join(120)
    ck.check(p.returncode == 0, "import-csv of %d nodes succeeds while the server writes (%.1f s)" % (n, took),
             p.stderr[-500:])
    ck.check("busy" not in p.stderr and "SQLITE" not in p.stderr.upper(), "no 'busy' and no SQLite words from the shell",
             p.stderr[-300:])
    ck.check(all(u.returncode == 0 for u in upd), "CLI updates beside the server all succeed",
             [u.stderr for u in upd if u.returncode])
    ck.check(len(acked) > 0 and not failures, "every API write during the import got its 201 (%d)" % len(acked),
             failures[:3])
    ck.eq(db_rows(srv, "SELECT count(*) FROM node WHERE id LIKE 'bulk-%'")[0][0], n, "the import is wholly there")
    have = {r[0] for r in db_rows(srv, "SELECT id FROM threat WHERE id LIKE 'api-%'")}
    ck.check(all(oid in have for oid, _, _ in acked), "every acknowledged API write is stored",
             [a for a in acked if a[0] not in have][:3])
    ck.eq(api.get(OA + "/risks/race-risk").json.get("note"), "fra skallen 4", "the shell's last update is there")
    v = srv.cli_raw("audit", "verify")
    ck.check(v.returncode == 0, "audit verify passes after the races", v.stdout[-300:] + v.stderr[-300:])
    if "=" not in srv.db:  # SQLite's own check of the file; PostgreSQL has no counterpart to ask
        ck.eq(db_rows(srv, "PRAGMA integrity_check")[0][0], "ok", "integrity_check is ok")


def cli_conflicts(ck, srv):
    """The shell: add of an existing id exits 2 and changes nothing; --if-version guards an update."""
    before = srv.checksum()
    p = srv.cli_raw("threat", "add", "--org", EXAMPLE_ORG, "--id", "race-threat", "--name", "Igen")
    ck.check(p.returncode == 2 and "exists" in p.stderr, "skjold threat add of an existing id exits 2", p.stderr)
    ck.eq(srv.checksum(), before, "and writes nothing (skjold db checksum)")
    v = srv.cli("threat", "version", "race-threat", "--org", EXAMPLE_ORG)["version"]
    p = srv.cli_raw("threat", "update", "race-threat", "--org", EXAMPLE_ORG, "--name", "Ny", "--if-version", v)
    ck.check(p.returncode == 0, "update with the current --if-version succeeds", p.stderr)
    p = srv.cli_raw("threat", "update", "race-threat", "--org", EXAMPLE_ORG, "--name", "Nyere", "--if-version", v)
    ck.check(p.returncode == 1 and "changed" in p.stderr, "update with an old --if-version exits 1", p.stderr)
    ck.eq(srv.cli("threat", "show", "race-threat", "--org", EXAMPLE_ORG)["name"], "Ny", "and changes nothing")
    api_etag = srv.cli("threat", "version", "race-threat", "--org", EXAMPLE_ORG)["version"]
    return api_etag


def run(ck):
    srv = Server(sys.argv[1])
    srv.user_add("racer")
    srv.role("racer", EXAMPLE_ORG, "admin")
    tok = srv.token_add("racer", EXAMPLE_ORG, "admin", name="race")
    token = tok["token"] if isinstance(tok, dict) else tok
    srv.start()
    api = srv.bearer(token, "racer")
    ck.section("concurrent creates of one id")
    creates(ck, srv, api)
    ck.section("concurrent PATCHes of different fields")
    merges(ck, srv, api)
    ck.section("If-Match inside the transaction")
    preconditions(ck, srv, api)
    ck.section("the shell: conflicts and versions")
    cli_etag = cli_conflicts(ck, srv)
    r = api.get(OA + "/threats/race-threat")
    ck.eq(r.header("ETag"), cli_etag, "the shell's version is the API's ETag")
    ck.section("a shell writer beside the server")
    cli_beside_server(ck, srv, api)
    srv.stop()


if __name__ == "__main__":
    main_guard(run)
