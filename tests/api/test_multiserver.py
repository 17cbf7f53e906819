#!/usr/bin/env python3
"""
test_multiserver.py — two `skjold serve` processes on one database (issue 16,
"several servers, one database"), as two servers behind a load balancer are:

  - a session made through one server is valid through the other, and a
    logout through one ends it on both;
  - a write through one server is seen at once through the other, whose
    answer cache (ETag) was primed before the write: the cache's stamp is
    the organisation's generation in the database, not a per-process flag;
  - a user's login lock counts the failures made through both servers;
  - writes fired at both servers at once are all kept, each audited once,
    and the audit chain verifies afterwards (appends are serialised by the
    database's write lock);
  - a CLI writer beside them changes nothing of that;
  - each server's kept risk views (app_views.c), brought up to date by its
    own risk writes (not by a preview it rolled back), are read again after
    the other's or the CLI's writes: every list of both equals a fresh
    server's.

Both servers run on SQLite here; the same script is the contract a
PostgreSQL deployment must pass.  Usage: test_multiserver.py SKJOLD_BINARY
"""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Server, main_guard, parallel  # noqa: E402

OA = "/api/v1/orgs/" + EXAMPLE_ORG
N_WRITES = 40


def second_server(srv, name="b"):
    """Another `skjold serve` on srv's database, with a log of its own."""
    b = copy.copy(srv)
    b.proc = None
    b.errlog = os.path.join(srv.dir, "serve-%s.err" % name)
    b.start()
    return b


def on(client, server):
    """The same caller (cookie, CSRF token) talking to another server."""
    c = copy.copy(client)
    c.server = server
    return c


def run(ck):
    binary = sys.argv[1]
    a = Server(binary)
    a.user_add("chef", admin=True)
    a.role("chef", EXAMPLE_ORG, "admin")
    a.user_add("lockme")
    a.role("lockme", EXAMPLE_ORG, "auditor")
    a.start()
    b = second_server(a)
    try:
        checks(ck, a, b)
    finally:
        b.shutdown_checks(ck)
        a.shutdown_checks(ck)


def checks(ck, a, b):
    ck.check(a.port != b.port and a.alive() and b.alive(), "two servers on one database, on two ports")
    admin_a = a.session("chef")
    admin_b = on(admin_a, b)

    ck.section("sessions")
    r = admin_b.get("/api/v1/session")
    ck.status(r, 200, "a session made through server A is valid through server B")
    ck.eq((r.json or {}).get("user", {}).get("name"), "chef", "  as the same user")
    temp = a.login_again("chef")
    ck.status(on(temp, b).get("/api/v1/session"), 200, "a second session, made through A, works on B")
    ck.status(temp.post("/api/v1/logout"), (200, 204), "logout through A")
    ck.status(on(temp, b).get("/api/v1/session"), 401, "  ends the session on B too")

    ck.section("the answer cache")
    risk = admin_b.get(OA + "/risks?limit=1").json["items"][0]
    rid = risk["id"]
    r1 = admin_b.get(OA + "/risks/" + rid)
    r1b = admin_b.get(OA + "/risks/" + rid)
    ck.eq(r1b.header("ETag"), r1.header("ETag"), "B answers the same risk twice with one ETag (cached)")
    title = "Ændret gennem server A"
    r = admin_a.patch(OA + "/risks/" + rid, {"title": title})
    ck.status(r, 200, "a change through A")
    r2 = admin_b.get(OA + "/risks/" + rid)
    ck.eq((r2.json or {}).get("title"), title, "  is what B answers next")
    ck.check(r2.header("ETag") != r1.header("ETag"), "  with a new ETag")
    r3 = admin_b.get(OA + "/risks/" + rid, headers={"If-None-Match": r1.header("ETag")})
    ck.status(r3, 200, "  and the old ETag no longer gets 304 from B")
    lst = admin_b.get(OA + "/risks?limit=1000").json["items"]
    ck.eq([x.get("title") for x in lst if x.get("id") == rid], [title], "  the list on B too")
    a.cli("risk", "update", rid, "--org", EXAMPLE_ORG, "--title", "Ændret i skallen")
    ck.eq(admin_a.get(OA + "/risks/" + rid).json.get("title"), "Ændret i skallen", "a CLI write is seen through A")
    ck.eq(admin_b.get(OA + "/risks/" + rid).json.get("title"), "Ændret i skallen", "  and through B")

    ck.section("the kept risk views: each server's risks brought up to date by its own writes, read again after others'")
    full = lambda c, q="": c.get(OA + "/risks?limit=1000" + q).json  # noqa: E731
    ids = [x["id"] for x in full(admin_a)["items"]]
    full(admin_b)  # both servers now keep the risks
    ck.check(len(ids) >= 4, "the example has four risks or more", ids)
    fields = ("node", "threat", "title", "assessed_on", "assessor", "owner", "threat_level", "resilience",
              "consequence")
    src = admin_a.get(OA + "/risks/" + ids[0]).json
    new = dict({k: src[k] for k in fields if k in src}, id=ids[0] + "-ny", title="Ny risiko gennem A")
    ck.status(admin_a.patch(OA + "/risks/" + ids[0], {"title": "Holdt visning A"}), 200, "a change through A")
    ck.status(admin_a.post(OA + "/risks", new), 201, "a new risk through A (its id sorts among the others)")
    ck.status(admin_a.post(OA + "/risks/preview", dict(new, id=ids[1], title="Kun et eksempel")), 200,
              "a preview through A (nothing written)")
    got = {x["id"]: x.get("title") for x in full(admin_a)["items"]}
    ck.eq((got.get(ids[0]), got.get(new["id"])), ("Holdt visning A", "Ny risiko gennem A"), "  A lists its own writes")
    ck.check(got.get(ids[1]) != "Kun et eksempel", "  but not the preview", got.get(ids[1]))
    ck.status(admin_b.patch(OA + "/risks/" + ids[2], {"title": "Holdt visning B"}), 200, "a change through B")
    ck.eq({x["id"]: x.get("title") for x in full(admin_a)["items"]}.get(ids[2]), "Holdt visning B",
          "  is in A's list next")
    ck.status(admin_a.patch(OA + "/risks/" + ids[3], {"title": "Holdt visning A igen"}), 200,
              "a change through A after B's")
    a.cli("risk", "update", ids[1], "--org", EXAMPLE_ORG, "--title", "Ændret i skallen igen")
    c = second_server(a, "c")  # reads every list afresh
    try:
        for q in ("", "&sort=-residual_level", "&offset=2&limit=3", "&decision=mitigate"):
            want = full(on(admin_a, c), q)
            ck.eq(full(admin_a, q), want, "A's list%s is what a fresh server lists" % (" (" + q[1:] + ")" if q else ""))
            ck.eq(full(admin_b, q), want, "  and B's")
    finally:
        c.shutdown_checks(ck)

    ck.section("the login lock")
    seq = []
    for i in range(6):
        srv = a if i % 2 == 0 else b
        c, r = srv.login("lockme", password="wrong-password-%d" % i)
        seq.append(r.status)
    ck.eq(seq, [401] * 5 + [429], "five wrong passwords through A and B alternately lock the user (429 the sixth)")
    for name, srv in (("A", a), ("B", b)):
        c, r = srv.login("lockme")
        ck.status(r, 429, "  the right password is refused through %s while locked" % name)

    ck.section("concurrent writes through both servers")
    before = a.cli("audit", "verify")
    ck.check(before.get("ok") is True, "the audit chain verifies before", before)
    risk_id = admin_a.get(OA + "/risks?limit=1").json["items"][0]["id"]

    def write(i):
        c = admin_a if i % 2 == 0 else admin_b
        body = {"id": "ms-%02d" % i, "risk": risk_id, "title": "Foranstaltning %d (server %s)" % (i, "AB"[i % 2]),
                "kind": "technical", "owner": "IT-drift", "due": "2027-03-31", "status": "planned"}
        return c.post(OA + "/measures", body)
    res = parallel(write, N_WRITES)
    st = {}
    for r in res:
        k = getattr(r, "status", type(r).__name__)
        st[k] = st.get(k, 0) + 1
    ck.eq(st, {201: N_WRITES}, "%d creates fired at both servers at once: every one 201" % N_WRITES)
    ids = sorted(m["id"] for m in admin_b.get(OA + "/measures?limit=1000").json["items"] if m["id"].startswith("ms-"))
    ck.eq(ids, ["ms-%02d" % i for i in range(N_WRITES)], "  every one is there, read through B")
    log = a.cli("audit", "log", "--org", EXAMPLE_ORG, "--entity", "measure")
    made = sorted(e["key"] for e in log if e.get("action") == "create" and str(e.get("key", "")).startswith("ms-"))
    ck.eq(made, ["ms-%02d" % i for i in range(N_WRITES)], "  each audited exactly once")
    seqs = [e["seq"] for e in a.cli("audit", "log")]
    ck.eq(sorted(seqs), list(range(min(seqs), min(seqs) + len(seqs))), "  the audit log has no gap and no duplicate seq")
    after = a.cli("audit", "verify")
    ck.check(after.get("ok") is True, "the audit chain verifies after the concurrent writes", after)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: test_multiserver.py SKJOLD_BINARY", file=sys.stderr)
        print("RESULT 0 1")
        sys.exit(2)
    main_guard(run)
