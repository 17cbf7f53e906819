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
  - so does the per-address login limit (migration 8): failures from one
    address split across the two servers add up to one limit, the address
    is then refused by both until the window ends, and failed logins prune
    the rows of windows that have passed;
  - writes fired at both servers at once are all kept, each audited once,
    and the audit chain verifies afterwards (appends are serialised by the
    database's write lock);
  - a CLI writer beside them changes nothing of that;
  - on PostgreSQL, every connection of the servers dropped by the database
    (a restart, a failover: pg_terminate_backend) costs at most one 503
    per worker, never a 500, and the next call connects again (docs/ha.md;
    make test-ha kills a real primary).
  - each server's kept risk views (app_views.c), brought up to date by its
    own risk writes (not by a preview it rolled back), are read again after
    the other's or the CLI's writes: every list of both equals a fresh
    server's;
  - a token revoked, a role taken or given and a user disabled through the
    CLI are seen by both servers at the very next request, though each keeps
    its callers on PostgreSQL (pgwatch.h); and a server whose watch
    connection the database ended answers nothing older than the last write,
    before and after the watch connects again.

Both servers run on SQLite here; the same script is the contract a
PostgreSQL deployment must pass.  Usage: test_multiserver.py SKJOLD_BINARY
"""
import copy
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Client, Server, main_guard, parallel, query  # noqa: E402

OA = "/api/v1/orgs/" + EXAMPLE_ORG
N_WRITES = 40
# the per-address limit, small for the test: 4 failures in 10 s (both servers restarted with it)
ADDR_MAX, ADDR_WINDOW_S = 4, 10
ADDR_KNOBS = ("--throttle-addr-max-failures", str(ADDR_MAX), "--throttle-addr-window-s", str(ADDR_WINDOW_S))
# loopback addresses of their own, so that the earlier sections' failures (from 127.0.0.1) do not count
ATTACKER, BYSTANDER = "127.0.0.2", "127.0.0.3"


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
    a.user_add("plain")
    a.role("plain", EXAMPLE_ORG, "auditor")
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
    callers(ck, a, b)
    dropped_connections(ck, a, b, admin_a, admin_b, risk_id)
    lost_watch(ck, a, b, admin_a, admin_b)
    addr_limit(ck, a, b)


def callers(ck, a, b):
    """Who may act is seen by every server at once, though a server keeps its callers (PostgreSQL:
    pgwatch.h): a token revoked, a role changed or taken, a user disabled, each through the CLI beside
    the servers, is refused or changed on both at the very next request."""
    ck.section("callers a server keeps: revoked, changed or disabled through the CLI, at once on both")
    tok = a.token_add("plain", EXAMPLE_ORG, "auditor", name="kept")
    ta, tb = Client(a, token=tok["token"]), Client(b, token=tok["token"])
    for _ in range(3):  # each server has read the caller, and keeps it
        ck.status(ta.get(OA + "/risks?limit=1"), 200, "a token reads through A")
        ck.status(tb.get(OA + "/risks?limit=1"), 200, "  and through B")
    a.cli("token", "revoke", str(tok["id"]), "--org", EXAMPLE_ORG)
    ck.status(tb.get(OA + "/risks?limit=1"), 401, "the token revoked through the CLI is refused by B at once")
    ck.status(ta.get(OA + "/risks?limit=1"), 401, "  and by A")
    tok = a.token_add("plain", EXAMPLE_ORG, "auditor", name="kept2")
    ta, tb = Client(a, token=tok["token"]), Client(b, token=tok["token"])
    for c in (ta, tb, ta, tb):
        c.get(OA + "/risks?limit=1")
    a.role("plain", EXAMPLE_ORG, "none")
    r = tb.get(OA + "/risks?limit=1")
    ck.status(r, 401, "its user's role taken through the CLI: B refuses the token at once")
    ck.eq((r.json or {}).get("error", {}).get("message_code"), "auth.token_role_gone", "  as a token whose role is gone")
    ck.status(ta.get(OA + "/risks?limit=1"), 401, "  and so does A")
    a.role("plain", EXAMPLE_ORG, "auditor")
    ck.status(tb.get(OA + "/risks?limit=1"), 200, "the role given again: B accepts the token at once")
    plain_b = b.session("plain")
    ck.status(plain_b.get("/api/v1/session"), 200, "a session of the same user through B")
    plain_b.get("/api/v1/session")
    a.cli("user", "disable", "plain")
    ck.status(plain_b.get("/api/v1/session"), 401, "the user disabled through the CLI: B ends the session at once")
    ck.status(tb.get(OA + "/risks?limit=1"), 401, "  and refuses the user's token")
    a.cli("user", "enable", "plain")
    ck.status(tb.get(OA + "/risks?limit=1"), 200, "enabled again: B accepts the token at once")


def watches(db):
    """The watch connections (pgwatch.h) on db."""
    return query(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'skjold-watch' "
                 "AND datname = current_database()")[0][0]


def wait_watches(db, n=2, seconds=10):
    """Until n watches are connected (a lost one tries again every 200 ms), or the time is up."""
    deadline = time.time() + seconds
    while watches(db) < n and time.time() < deadline:
        time.sleep(0.05)


def lost_watch(ck, a, b, admin_a, admin_b):
    """PostgreSQL only: a server whose watch connection is lost asks the database again, and keeps
    doing so until its watch is back; no answer is ever older than the last write."""
    if "=" not in a.db:
        return
    ck.section("a lost watch connection (PostgreSQL)")
    wait_watches(a.db)  # the section before ended them too
    ck.eq(watches(a.db), 2, "each server watches the database's generations (a skjold-watch connection each)")
    rid = admin_a.get(OA + "/risks?limit=1").json["items"][0]["id"]
    admin_b.get(OA + "/risks/" + rid)
    n = query(a.db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
              "WHERE application_name = 'skjold-watch' AND datname = current_database()")[0][0]
    ck.eq(n, 2, "the database ends both watch connections")
    seen = []
    for i in range(4):
        a.cli("risk", "update", rid, "--org", EXAMPLE_ORG, "--title", "Uden vagt %d" % i)
        seen.append(admin_b.get(OA + "/risks/" + rid).json.get("title"))
    ck.eq(seen, ["Uden vagt %d" % i for i in range(4)], "  every CLI write meanwhile is what B answers next")
    wait_watches(a.db)
    ck.eq(watches(a.db), 2, "  both watches connect again")
    seen = []
    for i in range(4):
        a.cli("risk", "update", rid, "--org", EXAMPLE_ORG, "--title", "Med vagt %d" % i)
        seen.append(admin_b.get(OA + "/risks/" + rid).json.get("title"))
    ck.eq(seen, ["Med vagt %d" % i for i in range(4)], "  and every CLI write after that is what B answers next")


def dropped_connections(ck, a, b, admin_a, admin_b, risk_id):
    """PostgreSQL only: the database drops every connection of both servers at once."""
    if "=" not in a.db:
        return
    ck.section("connections the database dropped (PostgreSQL)")
    n = query(a.db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
              "WHERE datname = current_database() AND pid <> pg_backend_pid()")[0][0]
    ck.check(n >= 2, "the database ended the servers' connections (%d)" % n)
    workers = sum(json.loads(srv.log().splitlines()[0]).get("threads", 0) for srv in (a, b))
    got = []
    while len(got) < 4 * workers + 16 and [g[0] for g in got[-6:]] != [201] * 6:
        i = len(got)
        c = admin_a if i % 2 == 0 else admin_b
        r = c.post(OA + "/measures", {"id": "drop-%02d" % i, "risk": risk_id, "title": "Efter afbrydelse %d" % i,
                                      "kind": "technical", "owner": "IT-drift", "due": "2027-03-31", "status": "planned"})
        got.append((r.status, r.error_code()))
    st = [g[0] for g in got]
    ck.check(set(st) <= {201, 503} and 503 in st, "writes after the drop: 503 busy or 201, never 500", got)
    ck.check(all(g == (503, "busy") for g in got if g[0] == 503), "  a 503 is the error busy", got)
    ck.check(st.count(503) <= workers and st[-6:] == [201] * 6,
             "  at most one 503 per worker (%d), then every write made" % workers, got)
    ids = {m["id"] for m in admin_b.get(OA + "/measures?limit=1000").json["items"]}
    made = ["drop-%02d" % i for i in range(len(got)) if got[i][0] == 201]
    ck.check(all(m in ids for m in made), "  every write answered 201 is there")
    ck.eq(a.cli("audit", "verify").get("ok"), True, "  the audit chain verifies")


def addr_limit(ck, a, b):
    """The per-address login limit is counted in the database: one allowance behind two servers."""
    ck.section("the per-address login limit")
    for srv in (a, b):
        srv.stop()
        srv.start(*ADDR_KNOBS)
    ck.check(a.alive() and b.alive(), "both servers again, with %d failures in %d s per address" % (ADDR_MAX, ADDR_WINDOW_S))
    seq = []
    for i in range(ADDR_MAX):
        c, r = (a if i % 2 == 0 else b).login("nobody-%d" % i, password="wrong-password", source=ATTACKER)
        seq.append(r.status)
    ck.eq(seq, [401] * ADDR_MAX, "%d wrong logins from one address, through A and B alternately: 401 each" % ADDR_MAX)
    waits = []
    for name, srv in (("A", a), ("B", b)):
        c, r = srv.login("nobody-x", password="wrong-password", source=ATTACKER)
        ck.status(r, 429, "  then the address is refused through %s too (each saw only %d)" % (name, ADDR_MAX // 2))
        ck.check(r.error_code() == "throttled" and "from this address" in (r.json or {}).get("error", {}).get("message", ""),
                 "  as the address's limit (code throttled, the same message)", r)
        w = r.header("Retry-After") or ""
        ck.check(w.isdigit() and 0 < int(w) <= ADDR_WINDOW_S, "  with Retry-After at most the window's %d s" % ADDR_WINDOW_S, w)
        waits.append(int(w) if w.isdigit() else ADDR_WINDOW_S)
    c, r = b.login("plain", source=ATTACKER)
    ck.status(r, 429, "  the right password from that address is refused as well")
    c, r = a.login("plain", source=BYSTANDER)
    ck.status(r, 200, "another address logs in through A meanwhile")

    time.sleep(max(waits) + 0.5)
    c, r = b.login("plain", source=ATTACKER)
    ck.status(r, 200, "after the window the address logs in again (through B)")
    stale = ["stale-%03d" % i for i in range(100)]
    query(a.db, "INSERT INTO login_throttle(addr, window_start_ms, failures) VALUES " +
          ", ".join("(?, ?, 9)" for _ in stale), tuple(v for i, x in enumerate(stale) for v in (x, i + 1)))

    def stale_left():
        return query(a.db, "SELECT count(*) FROM login_throttle WHERE addr LIKE 'stale-%'")[0][0]
    ck.eq(stale_left(), 100, "100 addresses whose windows passed long ago, written into the table")
    c, r = a.login("nobody-y", password="wrong-password", source=ATTACKER)
    ck.status(r, 401, "a wrong login from the address counts from 1 again (401)")
    ck.eq(stale_left(), 36, "  and removes 64 of the passed windows (the oldest)")
    c, r = b.login("nobody-z", password="wrong-password", source=ATTACKER)
    ck.eq(stale_left(), 0, "  the next failure the rest: the table does not grow with addresses that stopped")
    ck.eq(query(a.db, "SELECT failures FROM login_throttle WHERE addr = ?", (ATTACKER,)), [(2,)],
          "  the address's own row: 2 failures in its new window")

    behind_proxy(ck, a, b)

    # closed, never open: a count that cannot be written or read refuses the login
    if "=" in a.db:  # PostgreSQL: the servers run as skjold_app
        query(a.db, "REVOKE INSERT, UPDATE ON login_throttle FROM skjold_app")
    else:
        query(a.db, "CREATE TRIGGER no_count BEFORE INSERT ON login_throttle BEGIN SELECT RAISE(ABORT, 'no'); END")
    c, r = a.login("nobody-w", password="wrong-password", source=BYSTANDER)
    ck.status(r, 503, "a failure the database cannot count is refused with 503 (busy), not 401")
    c, r = b.login("plain", source=BYSTANDER)
    ck.status(r, 200, "  (a right password needs only the read: 200)")
    query(a.db, "DROP TABLE login_throttle")
    for name, srv in (("A", a), ("B", b)):
        c, r = srv.login("plain", source=BYSTANDER)
        ck.status(r, 503, "without the table to read, the right password is refused through %s (503), not let in" % name)


def behind_proxy(ck, a, b):
    """Behind a load balancer: the client is the address a trusted proxy forwards, never a header from anyone else."""
    ck.section("behind a trusted proxy (X-Forwarded-For)")
    proxy, other = "127.0.0.4", "127.0.0.5"
    b.stop()
    b.start(*ADDR_KNOBS, "--trusted-proxies", proxy)
    ck.check(b.alive(), "B again, trusting %s as its proxy" % proxy)

    tries = []

    def fail_from(source, xff):  # a new user name each time: the per-user lock stays out of it
        tries.append(xff)
        c = Client(b, source=source)
        return c.post("/api/v1/login", {"user": "nobody-p%d" % len(tries), "password": "wrong-password"},
                      headers={"X-Forwarded-For": xff}).status

    def counted(addr):
        rows = query(a.db, "SELECT failures FROM login_throttle WHERE addr = ?", (addr,))
        return rows[0][0] if rows else 0
    ck.eq(fail_from(proxy, "198.51.100.9"), 401, "a wrong login the proxy forwards for 198.51.100.9")
    ck.eq((counted("198.51.100.9"), counted(proxy)), (1, 0), "  counts for 198.51.100.9, not for the proxy")
    ck.eq(fail_from(proxy, "203.0.113.66, 198.51.100.10"), 401, "a client's own X-Forwarded-For before the proxy's hop")
    ck.eq((counted("203.0.113.66"), counted("198.51.100.10")), (0, 1),
          "  counts for the address the proxy saw (the right-most), not the one the client wrote")
    ck.eq(fail_from(other, "198.51.100.11"), 401, "the header from a peer that is no trusted proxy")
    ck.eq((counted("198.51.100.11"), counted(other)), (0, 1), "  is ignored: the peer's own address counts")
    for i in range(ADDR_MAX - 1):
        fail_from(proxy, "198.51.100.9")
    ck.eq(fail_from(proxy, "198.51.100.9"), 429, "the forwarded address is locked after its %d failures" % ADDR_MAX)
    ck.eq(fail_from(proxy, "198.51.100.12"), 401, "  another client behind the same proxy is not")
    b.stop()
    b.start(*ADDR_KNOBS)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: test_multiserver.py SKJOLD_BINARY", file=sys.stderr)
        print("RESULT 0 1")
        sys.exit(2)
    main_guard(run)
