"""
test_crash.py — nothing is lost at a crash (docs/internals/crash.md).

    python3 tests/api/test_crash.py build/release/skjold
    CRASH_SEED=12345 python3 tests/api/test_crash.py build/release/skjold   (replay a run)

Kills (SIGKILL, no chance to clean up) three kinds of writer at random
moments, CRASH_TRIALS times each (default 20):
  import      a generated organisation document that replaces the previous one
  import-csv  alternately a nodes file (the bulk path: rollback journal, no
              foreign-key checks) and a risks file (the audited writer, row by row)
  serve       while two client threads send creates and PATCHes of nodes and
              risks with an API token; the server restarts on the same database
After each kill: `skjold audit verify` passes (the CLI opens the database
first, so it is what recovers a hot journal or a WAL), PRAGMA integrity_check
is ok, an import is wholly there or wholly absent (its objects and its audit
entries alike), every write that got a 2xx is there with the acknowledged
content and has its audit entry, and nothing the writers stored lacks its entry.

The seed of every random choice (kill delays, sizes, the writers' operations)
is printed first and last; CRASH_SEED replays it.  A replay repeats the
choices, not the scheduler's timing.  Standard library only.
"""
import hashlib
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE, EXAMPLE_ORG, Server, main_guard, query  # noqa: E402

A = EXAMPLE_ORG
OA = "/api/v1/orgs/" + A
TRIALS = int(os.environ.get("CRASH_TRIALS", "20"))
DOC_ORG = "crashdoc"     # replaced by every document import
CSV_ORG = "crashcsv"     # holds the nodes of the CSV imports
DOC_NODES = 2000         # generated nodes (and edges) on top of the example's
CSV_NODES = 50000        # rows of a nodes file: the bulk path is fast
CSV_RISKS = 2000         # rows of a risks file: each goes through the audited writer
SERVE_WINDOW_S = 1.0     # the server is killed within this long after the writers start
RISK_BODY = {"node": "s-omsorg", "threat": "t-ransomware", "assessed_on": "2026-03-01", "threat_level": 3,
             "resilience": 2, "consequence": {"availability": 3, "confidentiality": 2, "integrity": 2,
                                              "authenticity": 1}, "decision": "mitigate"}


# ---------------------------------------------------------------- the database after a crash

def audit_head(db):
    """The seq of the newest audit entry (0 for an empty log)."""
    rows = query(db, "SELECT seq FROM audit_head")
    return rows[0][0] if rows else 0


def audit_after(db, since, entity, org):
    """(key, action, after as a dict) of the audit entries of entity in org after seq since."""
    out = []
    for key, action, after in query(db, "SELECT key, action, after FROM audit WHERE seq > ? AND entity = ? AND org = ?",
                                    (since, entity, org)):
        out.append((key, action, json.loads(after) if after else None))
    return out


def sound(ck, s, what):
    """The two checks of any database a crash left: the audit chain and SQLite's own integrity check."""
    p = s.cli_raw("audit", "verify")
    try:
        ok = p.returncode == 0 and json.loads(p.stdout).get("ok") is True
    except ValueError:
        ok = False
    ck.check(ok, what + ": skjold audit verify passes", "exit %d: %s %s" % (p.returncode, p.stdout, p.stderr))
    if "=" not in s.db:  # SQLite's own check of its file; PostgreSQL's WAL recovery is the server's (no file here)
        rows = query(s.db, "PRAGMA integrity_check")
        ck.eq(rows, [("ok",)], what + ": PRAGMA integrity_check is ok")


def run_cli(s, args, kill_after=None):
    """
    `skjold ARGS` on the test database; with kill_after, SIGKILL after that
    many seconds unless it ended first.  Returns (exit status, -9 when
    killed; seconds it ran; stderr).
    """
    errf = os.path.join(s.dir, "cli.err")
    with open(errf, "wb") as err:
        t0 = time.time()
        p = subprocess.Popen([s.binary, "--db", s.db, "--actor", "crash@cli"] + args,
                             stdout=subprocess.DEVNULL, stderr=err)
        if kill_after is not None:
            time.sleep(kill_after)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
        try:
            p.wait(timeout=300)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        took = time.time() - t0
    with open(errf, "rb") as f:
        return p.returncode, took, f.read().decode("utf-8", "replace")


class Tally:
    """How the kills of each kind landed, to show the trials were not vacuous."""

    def __init__(self):
        self.n = {}

    def add(self, kind, rc, new):
        n = self.n.setdefault(kind, {"killed": 0, "ended": 0, "old": 0, "new": 0})
        n["killed" if rc == -signal.SIGKILL else "ended"] += 1
        n["new" if new else "old"] += 1

    def report(self, ck, what):
        for kind, n in self.n.items():
            print("# %s %s: %d killed, %d ran to the end; afterwards %d as before, %d with the import"
                  % (what, kind, n["killed"], n["ended"], n["old"], n["new"]), flush=True)
            ck.check(n["killed"] > 0 and n["old"] > 0,
                     "%s %s: some kills landed before the import committed" % (what, kind), repr(n))


def import_trials(ck, s, rng, what, kinds, make, state, audit_of):
    """
    The kill loop shared by import and import-csv.  make(trial, kind)
    writes the input and returns (args, expected state); state() reads the
    objects the import touches; audit_of(since, expected) is whether the
    audit log after seq since holds the entries of that import.  Each kind
    first runs twice to the end (from nothing, then replacing that): the
    second run's time is the typical duration its kills are drawn from.
    Then TRIALS kills, the kinds taking turns.
    """
    tally = Tally()
    typical = {}
    plan = [(k, None) for k in kinds for _ in range(2)] + [(kinds[i % len(kinds)], True) for i in range(TRIALS)]
    for trial, (kind, kill) in enumerate(plan):
        args, want = make(trial, kind)
        before, head, before_sum = state(), audit_head(s.db), s.checksum()
        delay = rng.uniform(0.0, typical[kind]) if kill else None
        rc, took, err = run_cli(s, args, delay)
        name = "%s %s trial %d (kill after %s s)" % (what, kind, trial, "-" if delay is None else "%.3f" % delay)
        if delay is None:
            typical[kind] = took
            ck.check(rc == 0, name + ": runs to the end", err)
        bad = [l for l in err.splitlines() if "Sanitizer" in l or "runtime error:" in l]
        ck.check(not bad, name + ": no sanitizer report", "\n".join(bad[:5]))
        sound(ck, s, name)
        after = state()
        new = after == want
        # "wholly absent": the whole database as it was (skjold db checksum), audit log included
        unchanged = s.checksum() == before_sum
        if delay is not None:
            tally.add(kind, rc, new)
        ck.check(new or (unchanged and rc != 0), name + ": wholly there or wholly absent (there if it exited 0)",
                 "exit %d, database unchanged: %s\nafter: %s\nbefore: %s\nwanted: %s"
                 % (rc, unchanged, summary(after), summary(before), summary(want)))
        has_audit = audit_of(head, want)
        ck.check(has_audit == new and (new or unchanged),
                 name + ": the import's audit entries are there exactly when its objects are",
                 "objects new: %s, audit entries: %s, audit head %d -> %d" % (new, has_audit, head, audit_head(s.db)))
    print("# %s: a run that was not killed took %s" % (what, ", ".join("%.3f s (%s)" % (typical[k], k) for k in kinds)))
    tally.report(ck, what)


def summary(st):
    """A short description of a state dict for a failure message."""
    if not isinstance(st, dict):
        return repr(st)
    return ", ".join("%s=%s" % (k, ("%d items, e.g. %r" % (len(v), sorted(v.items())[:2])) if isinstance(v, dict)
                                else repr(v)) for k, v in sorted(st.items()))


# ---------------------------------------------------------------- import

def doc_tests(ck, s, rng):
    """`skjold import` of a document that replaces organisation DOC_ORG, killed."""
    with open(EXAMPLE, encoding="utf-8") as f:
        example = json.load(f)
    path = os.path.join(s.dir, "doc.json")
    hub = example["nodes"][0]["id"]

    def make(trial, kind):
        n = DOC_NODES + rng.randrange(100)  # the counts differ from trial to trial as well as the names
        d = dict(example)
        d["organisation"] = dict(example["organisation"], id=DOC_ORG, name="Crash document %d" % trial)
        gen = [{"id": "g-%d" % k, "kind": "system", "name": "Generated %d of trial %d" % (k, trial)} for k in range(n)]
        d["nodes"] = example["nodes"] + gen
        d["edges"] = example["edges"] + [{"from": g["id"], "to": hub} for g in gen]
        with open(path, "w", encoding="utf-8") as f:
            json.dump(d, f)
        want = {"name": d["organisation"]["name"], "nodes": {x["id"]: x["name"] for x in d["nodes"]}}
        for key in ("edges", "threats", "risks", "measures", "changes", "incidents"):
            want[key] = len(d[key])
        return ["import", path], want

    def state():
        org = query(s.db, "SELECT oid, name FROM org WHERE id = ?", (DOC_ORG,))
        if not org:
            return None
        oid, name = org[0]
        st = {"name": name, "nodes": dict(query(s.db, "SELECT id, name FROM node WHERE oid = ?", (oid,)))}
        for key, table in (("edges", "edge"), ("threats", "threat"), ("risks", "risk"), ("measures", "measure"),
                           ("changes", "change"), ("incidents", "incident")):
            st[key] = query(s.db, "SELECT count(*) FROM %s WHERE oid = ?" % table, (oid,))[0][0]
        return st

    def audit_of(since, want):
        orgs = [a for _, _, a in audit_after(s.db, since, "organisation", DOC_ORG)]
        nodes = {k: a.get("name") for k, _, a in audit_after(s.db, since, "node", DOC_ORG) if a}
        return (any(a and a.get("name") == want["name"] for a in orgs)
                and all(nodes.get(k) == v for k, v in want["nodes"].items()))

    import_trials(ck, s, rng, "import", ["document"], make, state, audit_of)


# ---------------------------------------------------------------- import-csv

def csv_tests(ck, s, rng):
    """`skjold import-csv`, alternately nodes (bulk path) and risks (audited writer), killed."""
    s.org_add(CSV_ORG, "Crash CSV", "municipality")
    head = {"nodes": "id;kind;name;owner;description\n",
            "risks": "id;node;threat;assessed_on;title;threat_level;resilience;consequence.availability;"
                     "consequence.confidentiality;consequence.integrity;consequence.authenticity;decision\n"}
    path = os.path.join(s.dir, "in.csv")
    digest = {}

    def make(trial, kind):
        if kind == "nodes":
            rows = ["c-%d;system;CSV node %d of trial %d;Owner %d;generated for the crash test\n" % (k, k, trial, k % 97)
                    for k in range(CSV_NODES)]
            want = {"c-%d" % k: "CSV node %d of trial %d" % (k, trial) for k in range(CSV_NODES)}
            args = ["import-csv", "nodes", path, "--org", CSV_ORG]
        else:
            rows = ["rc-%d;s-omsorg;t-ransomware;2026-03-01;CSV risk %d of trial %d;%d;2;3;2;2;1;mitigate\n"
                    % (k, k, trial, 1 + k % 4) for k in range(CSV_RISKS)]
            want = {"rc-%d" % k: "CSV risk %d of trial %d" % (k, trial) for k in range(CSV_RISKS)}
            args = ["import-csv", "risks", path, "--org", A]
        data = (head[kind] + "".join(rows)).encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        digest["kind"] = kind
        digest["hex"] = hashlib.blake2b(data, digest_size=32).hexdigest()
        return args, {"kind": kind, "rows": want}

    def state():
        if digest["kind"] == "nodes":
            rows = query(s.db, "SELECT id, name FROM node WHERE oid = (SELECT oid FROM org WHERE id = ?)", (CSV_ORG,))
        else:
            rows = query(s.db, "SELECT id, title FROM risk WHERE oid = (SELECT oid FROM org WHERE id = ?)"
                         " AND id LIKE 'rc-%'", (A,))
        return {"kind": digest["kind"], "rows": dict(rows)}

    def audit_of(since, want):
        """The import_csv entry names the file by its BLAKE2b-256 (crypto_generichash)."""
        org = CSV_ORG if want["kind"] == "nodes" else A
        return any(a and a.get("file_blake2b") == digest["hex"] and a.get("rows") == len(want["rows"])
                   for _, action, a in audit_after(s.db, since, want["kind"], org) if action == "import_csv")

    # state() reads the kind of the file being made: make() runs before it in each trial
    import_trials(ck, s, rng, "import-csv", ["nodes", "risks"], make, state, audit_of)


# ---------------------------------------------------------------- serve

class Writer(threading.Thread):
    """
    One client sending writes until the server dies.  Each object belongs
    to one writer, and a writer has one request in flight, so an object's
    stored value after a kill is its last acknowledged value or the one in
    flight (pending).
    """

    def __init__(self, srv, token, rng, tag, objects, acked):
        super().__init__(daemon=True)
        self.client = srv.bearer(token, "crash")
        self.rng = rng
        self.tag = tag
        self.objects = objects   # (entity, id) -> {"acked": value or None, "pending": value or None}
        self.acked = acked       # every acknowledged (entity, id, value), in order
        self.mine = []
        self.n = 0
        self.refused = []        # non-2xx answers: the server must not refuse these writes

    def send(self, method, path, entity, oid, field, value, body):
        o = self.objects.setdefault((entity, oid), {"acked": None, "pending": None})
        o["pending"] = value
        r = self.client.request(method, path, body=dict(body, **{field: value}), timeout=10)
        if 200 <= r.status < 300:
            o["acked"], o["pending"] = value, None
            self.acked.append((entity, oid, value))
            return True
        o["pending"] = None
        self.refused.append(r)
        return False

    def step(self):
        self.n += 1
        value = "%s-%d" % (self.tag, self.n)
        if not self.mine or self.rng.random() < 0.4:
            entity = self.rng.choice(["node", "risk"])
            oid = "%s-%s-%d" % ("n" if entity == "node" else "r", self.tag, self.n)
            if entity == "node":
                ok = self.send("POST", OA + "/nodes", "node", oid, "name", value, {"id": oid, "kind": "system"})
            else:
                ok = self.send("POST", OA + "/risks", "risk", oid, "title", value, dict(RISK_BODY, id=oid))
            if ok:
                self.mine.append((entity, oid))
        else:
            entity, oid = self.rng.choice(self.mine)
            self.send("PATCH", "%s/%ss/%s" % (OA, entity, oid), entity, oid, "name" if entity == "node" else "title",
                      value, {})

    def run(self):
        try:
            while not self.refused:
                self.step()
        except (OSError, http.client.HTTPException):  # the server died (refused, reset, half an answer)
            pass


def serve_tests(ck, s, rng):
    """`skjold serve` under a stream of API writes from two threads, killed and restarted on the same database."""
    s.user_add("crash")
    s.role("crash", A, "isk")
    token = s.token_add("crash", A, "isk", name="crash-writer")["token"]
    base = audit_head(s.db)
    objects, acked, refused = {}, [], []
    per_trial = []
    for trial in range(TRIALS):
        s.start("--threads", "4")
        writers = [Writer(s, token, random.Random(rng.random()), "w%d.%d" % (trial, i), objects, acked)
                   for i in range(2)]
        delay = rng.uniform(0.0, SERVE_WINDOW_S)
        n0 = len(acked)
        for w in writers:
            w.start()
        time.sleep(delay)
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait(timeout=60)
        s.proc = None
        for w in writers:
            w.join(30)
        stuck = [w.tag for w in writers if w.is_alive()]
        name = "serve trial %d (kill after %.3f s, %d writes acknowledged)" % (trial, delay, len(acked) - n0)
        ck.check(not stuck, name + ": the writers saw the server die", repr(stuck))
        for w in writers:
            refused.extend(w.refused)
        per_trial.append(len(acked) - n0)
        sound(ck, s, name)
        stored = {"node": dict(query(s.db, "SELECT id, name FROM node WHERE oid = (SELECT oid FROM org WHERE id = ?)",
                                     (A,))),
                  "risk": dict(query(s.db, "SELECT id, title FROM risk WHERE oid = (SELECT oid FROM org WHERE id = ?)",
                                     (A,)))}
        lost = ["%s %s: stored %r, acknowledged %r%s" % (e, k, stored[e].get(k), o["acked"],
                                                        "" if o["pending"] is None else " (in flight %r)" % o["pending"])
                for (e, k), o in sorted(objects.items())
                if o["acked"] is not None and stored[e].get(k) not in (o["acked"], o["pending"])]
        ck.check(not lost, name + ": every acknowledged write is there with its content (%d objects so far)"
                 % sum(1 for o in objects.values() if o["acked"] is not None), "\n".join(lost[:10]))
        logged = set()
        for e, field in (("node", "name"), ("risk", "title")):
            logged.update((e, k, a.get(field)) for k, _, a in audit_after(s.db, base, e, A) if a)
        missing = [w for w in acked if w not in logged]
        ck.check(not missing, name + ": every acknowledged write has its audit entry (%d writes so far)" % len(acked),
                 "\n".join(repr(m) for m in missing[:10]))
        # acknowledged or not: what is stored was written with its audit entry, in the same transaction
        unlogged = [(e, k, stored[e][k]) for e, k in sorted(objects) if k in stored[e]
                    and (e, k, stored[e][k]) not in logged]
        ck.check(not unlogged, name + ": every stored value of the writers' objects has its audit entry",
                 "\n".join(repr(m) for m in unlogged[:10]))
    ck.check(not refused, "serve: no write was refused", "\n".join(repr(r) for r in refused[:5]))
    print("# serve: %d writes acknowledged in %d trials (per trial: %s)"
          % (len(acked), TRIALS, " ".join(str(n) for n in per_trial)), flush=True)
    ck.check(sum(1 for n in per_trial if n > 0) >= TRIALS // 2,
             "serve: writes were acknowledged before the kill in at least half the trials", repr(per_trial))
    # a last clean start and stop on the database all those kills left
    s.start()
    ck.eq(s.bearer(token).get(OA + "/nodes?limit=1").status, 200, "serve: the server answers after the last kill")
    s.shutdown_checks(ck)


def run(ck):
    binary = sys.argv[1]
    seed = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1 << 31))
    print("# seed %d (replay: CRASH_SEED=%d), %d trials each" % (seed, seed, TRIALS), flush=True)
    rng = random.Random(seed)
    t0 = time.time()
    try:
        s = Server(binary)
        try:
            doc_tests(ck, s, rng)
            csv_tests(ck, s, rng)
        finally:
            s.cleanup()
        s = Server(binary)  # a database of its own: the server's start-up does not read the imports' bulk
        try:
            serve_tests(ck, s, rng)
        finally:
            s.cleanup()
    finally:
        print("# seed %d, %.1f s" % (seed, time.time() - t0), flush=True)


if __name__ == "__main__":
    main_guard(run)
