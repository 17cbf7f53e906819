"""
server.py — the shared harness of the HTTP API tests (tests/api/test_*.py).

It bootstraps a throw-away skjold server the way an operator would: a temp
directory with a SQLite database, organisations and users made with the
CLI, `skjold serve` on a free port, sessions that go through the first-login
steps (new password, TOTP enrolment) with RFC 6238 codes computed here.

Standard library only.  Each assertion counts once; a script ends with
`RESULT passed failed` (Checker.finish) like tests/cli/.

TOTP codes: the server accepts a time step only once per user and only
within ±1 step of its clock, so Totp keeps the last step used per user and
hands out the next one, waiting for the clock when it must.
"""
import atexit
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(ROOT, "examples", "eksempel-kommune.json")
EXAMPLE_ORG = "eksempel-kommune"
ROLES = ["admin", "isk", "system_owner", "management", "auditor"]


# ---------------------------------------------------------------- checks

class Checker:
    """Counts assertions; prints `ok …` and `FAIL: …` lines."""

    def __init__(self, verbose=None):
        self.passed = 0
        self.failed = 0
        self.verbose = os.environ.get("VERBOSE") == "1" if verbose is None else verbose

    def check(self, cond, name, detail=""):
        if cond:
            self.passed += 1
            if self.verbose:
                print("ok   " + name)
        else:
            self.failed += 1
            msg = "FAIL: " + name
            if detail:
                d = detail if isinstance(detail, str) else repr(detail)
                msg += "\n      " + d[:900].replace("\n", "\n      ")
            print(msg, flush=True)
        return bool(cond)

    def eq(self, got, want, name):
        return self.check(got == want, name, "got %r, wanted %r" % (_short(got), _short(want)))

    def status(self, resp, want, name):
        """resp.status equals want (an int or a collection of ints)."""
        ok = resp.status in want if isinstance(want, (set, list, tuple)) else resp.status == want
        return self.check(ok, name, "%s %s -> %d, wanted %s: %s" % (
            resp.method, resp.path, resp.status, want, resp.body[:400].decode("utf-8", "replace")))

    def section(self, title):
        if self.verbose:
            print("# " + title, flush=True)

    def finish(self):
        print("RESULT %d %d" % (self.passed, self.failed), flush=True)
        sys.exit(0 if self.failed == 0 else 1)


def _short(v):
    s = repr(v)
    return v if len(s) < 300 else s[:300] + "…"


# ---------------------------------------------------------------- TOTP

def totp_code(secret_b32, step):
    """RFC 6238 / RFC 4226: HMAC-SHA-1, 6 digits, for the 30 s time step `step`."""
    s = secret_b32.strip().replace(" ", "").upper()
    key = base64.b32decode(s + "=" * (-len(s) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    n = struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF
    return "%06d" % (n % 1000000)


class Totp:
    """The next unused code of each user (a step is accepted once, within ±1 of now)."""

    def __init__(self):
        self.secret = {}
        self.last = {}

    def enrolled(self, user, secret, step):
        self.secret[user] = secret
        self.last[user] = step

    def code(self, user):
        now = int(time.time()) // 30
        step = max(self.last.get(user, now - 2) + 1, now - 1)
        while step > int(time.time()) // 30 + 1:  # used up the window: wait for the clock
            time.sleep(0.5)
        self.last[user] = step
        return totp_code(self.secret[user], step)

    def now_code(self, user):
        """A code for the current step (enrolment), remembered as used."""
        step = int(time.time()) // 30
        if self.last.get(user, -1) >= step:
            step = self.last[user] + 1
            while step > int(time.time()) // 30 + 1:
                time.sleep(0.5)
        self.last[user] = step
        return totp_code(self.secret[user], step)


# ---------------------------------------------------------------- HTTP

class Resp:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body
        self._json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except ValueError:
                self._json = {"_not_json": self.body[:200].decode("utf-8", "replace")}
        return self._json

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def error_code(self):
        j = self.json
        return j.get("error", {}).get("code") if isinstance(j, dict) and isinstance(j.get("error"), dict) else None

    def error_field(self):
        j = self.json
        return j.get("error", {}).get("field") if isinstance(j, dict) and isinstance(j.get("error"), dict) else None

    def __repr__(self):
        return "<%s %s -> %d %s>" % (self.method, self.path, self.status, self.body[:200])


def quote_path(p):
    from urllib.parse import quote
    return quote(p, safe="/?&=%:-_.~,+")


REQUESTS = []  # every (method, path) sent by a Client, for the route coverage check


def route_regex(pattern):
    """A regular expression matching the paths of a route pattern ("{x}" is one non-empty segment)."""
    import re
    return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(pattern)) + "/?$")


class Client:
    """One caller: a session (cookie + csrf) or a bearer token, or nobody."""

    def __init__(self, server, token=None, name="anonymous", source=None):
        self.server = server
        self.token = token
        self.cookie = None
        self.csrf = None
        self.name = name
        self.session = None
        self.source = source  # the client address to connect from (127.0.0.2, …), None: the system's choice

    def request(self, method, path, body=None, headers=None, raw=None, ctype=None, csrf=True, timeout=30):
        # the tests read the server's texts in English unless a test asks for Danish (headers or ?lang=)
        h = {"Accept-Language": "en"}
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
            if ctype:
                h["Content-Type"] = ctype
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
            h["Content-Type"] = ctype or "application/json"
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = "skjold_session=" + self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        if headers:
            for k, v in headers.items():
                if v is None:
                    h.pop(k, None)
                else:
                    h[k] = v
        REQUESTS.append((method, path.split("?", 1)[0]))
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout,
                                          source_address=(self.source, 0) if self.source else None)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            rb = r.read()
            resp = Resp(method, path, r.status, r.getheaders(), rb)
        finally:
            conn.close()
        # follow the session's cookie as a browser would
        for sc in resp.headers_all("Set-Cookie"):
            if sc.startswith("skjold_session="):
                v = sc.split(";", 1)[0].split("=", 1)[1]
                if "Max-Age=0" in sc or not v:
                    self.cookie = None
                else:
                    self.cookie = v
        if resp.status == 200 and isinstance(resp.json, dict) and "csrf" in resp.json and "user" in resp.json:
            self.session = resp.json
            self.csrf = resp.json.get("csrf")
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


# ---------------------------------------------------------------- the server

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_database(conninfo, folder):
    """A fresh PostgreSQL database for folder in the cluster conninfo (key=value) reaches; its conninfo."""
    name = "a_" + hashlib.sha256(folder.encode()).hexdigest()[:24]
    subprocess.run(["psql", conninfo, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "SET client_min_messages = warning",
                    "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name, "-c", "CREATE DATABASE %s" % name],
                   check=True, capture_output=True, timeout=60)
    return "%s dbname=%s" % (conninfo, name)


def pg_conninfo():
    """SKJOLD_DB when it names a PostgreSQL cluster as key=value (tests/pg/cluster.sh), else None."""
    v = os.environ.get("SKJOLD_DB", "")
    return v if "=" in v and not v.startswith(("postgres://", "postgresql://")) else None


def query(db, sql, args=()):
    """The rows of one statement on db, a SQLite file or a PostgreSQL conninfo (Server.db); ? placeholders.

    PostgreSQL's go through psql, the values quoted here: the tests' own, never a client's."""
    if "=" not in db:
        import sqlite3
        con = sqlite3.connect(db, timeout=30)
        try:
            rows = con.execute(sql, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, (int, float)):
            return repr(v)
        return "'" + str(v).replace("'", "''") + "'"
    parts = sql.split("?")
    text = parts[0] + "".join(lit(a) + rest for a, rest in zip(args, parts[1:]))
    p = subprocess.run(["psql", db, "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c", text],
                       capture_output=True, text=True, timeout=60, check=True)

    def conv(x):
        return int(x) if x.lstrip("-").isdigit() else x
    return [tuple(conv(x) for x in line.split("\x1f")) for line in p.stdout.splitlines() if line]


def schema_version(db, set_to=None):
    """The migrations db has seen (SQLite's user_version, PostgreSQL's schema_version); set_to sets it."""
    if "=" not in db:
        if set_to is not None:
            query(db, "PRAGMA user_version = %d" % set_to)
        return query(db, "PRAGMA user_version")[0][0]
    if set_to is not None:
        query(db, "DELETE FROM schema_version WHERE version > ?", (set_to,))
        query(db, "INSERT INTO schema_version VALUES (?, 0) ON CONFLICT DO NOTHING", (set_to,))
    return query(db, "SELECT max(version) FROM schema_version")[0][0]


class Server:
    """A temp directory, its database, the CLI on it, and one `skjold serve`.

    With SKJOLD_DB naming a PostgreSQL cluster (make test DB=postgresql) the database is a fresh
    one of the server's own there and self.db its conninfo; else the SQLite file t.db."""

    def __init__(self, binary, example=True):
        self.dir = tempfile.mkdtemp(prefix="skjold-api-")
        # a copy: a rebuild of the tree while the test runs must not swap the binary under it
        self.binary = os.path.join(self.dir, "skjold")
        for attempt in range(50):
            try:
                shutil.copy2(os.path.abspath(binary), self.binary)
                break
            except OSError:
                time.sleep(0.2)
        self.db = os.path.join(self.dir, "t.db")
        if pg_conninfo():
            self.db = pg_database(pg_conninfo(), self.dir)
        self.proc = None
        self.port = None
        self.errlog = os.path.join(self.dir, "serve.err")
        self.totp = Totp()
        self.passwords = {}
        self.first_run_password = None
        atexit.register(self.cleanup)
        if example:
            self.cli("import", EXAMPLE)

    # -- the shell

    def cli_raw(self, *args, now=None, input_text=None):
        cmd = [self.binary, "--db", self.db, "--actor", "tester@cli"]
        if now:
            cmd += ["--now", now]
        cmd += list(args)
        p = subprocess.run(cmd, input=input_text, capture_output=True, text=True, timeout=120)
        return p

    def cli(self, *args, now=None):
        p = self.cli_raw(*args, now=now)
        if p.returncode != 0:
            raise RuntimeError("skjold %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
        out = p.stdout.strip()
        return json.loads(out) if out.startswith(("{", "[")) else out

    def checksum(self):
        """`skjold db checksum`: the database's logical content, for "nothing changed" (docs/internals/store.md)."""
        return self.cli("db", "checksum")["checksum"]

    def org_add(self, oid, name=None, kind="bank"):
        return self.cli("org", "add", "--id", oid, "--name", name or oid, "--kind", kind)

    def user_add(self, name, admin=False):
        args = ["user", "add", name] + (["--admin", "true"] if admin else [])
        out = self.cli(*args)
        self.passwords[name] = out["password"]
        return out["password"]

    def role(self, user, org, role):
        return self.cli("user", "role", user, "--org", org, "--role", role)

    def token_add(self, user, org, role, name="t", expires=None, now=None):
        args = ["token", "add", "--user", user, "--org", org, "--role", role, "--name", name]
        if expires:
            args += ["--expires", expires]
        return self.cli(*args, now=now)

    # -- the process

    def start(self, *extra):
        self.port = free_port()
        err = open(self.errlog, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port] + list(extra),
            stdout=subprocess.DEVNULL, stderr=err)
        err.close()
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("skjold serve exited with %d: %s" % (self.proc.returncode, self.log()[-2000:]))
            try:
                r = Client(self).get("/api/v1/health", timeout=2)
                if r.status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        else:
            raise RuntimeError("skjold serve did not answer /api/v1/health")
        for line in self.log().splitlines():
            if "first-run login: admin / " in line:
                self.first_run_password = line.split("first-run login: admin / ", 1)[1].split()[0]
                self.passwords["admin"] = self.first_run_password
        return self

    def log(self):
        try:
            with open(self.errlog, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else 0
        self.proc = None
        return rc

    def shutdown_checks(self, ck):
        """Stop the server (SIGTERM) and check it ended cleanly: status 0, no sanitizer report on stderr."""
        if self.proc is None:
            return
        rc = self.stop()
        log = self.log()
        ck.eq(rc, 0, "the server stops on SIGTERM with status 0")
        bad = [l for l in log.splitlines() if "Sanitizer" in l or "runtime error:" in l]
        ck.check(not bad, "the server's stderr has no sanitizer report", "\n".join(bad[:5]) + "\n" + log[-1500:])

    def cleanup(self):
        self.stop()
        if os.environ.get("KEEP_TMP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- callers

    def anon(self):
        return Client(self)

    def bearer(self, token, name="token"):
        return Client(self, token=token, name=name)

    def login(self, user, password=None, totp=None, source=None):
        """POST /login (from the address source when given: another loopback address); returns (client, response)."""
        c = Client(self, name=user, source=source)
        body = {"user": user, "password": password or self.passwords[user]}
        if totp:
            body["totp"] = totp
        r = c.post("/api/v1/login", body)
        return c, r

    def session(self, user, enroll_totp=None):
        """
        A ready session of a user made with user_add: first login with the
        one-time password, a new password, and TOTP enrolment when the
        server asks for it (next == "enroll_totp").  Raises when a step fails.
        """
        c, r = self.login(user)
        if r.status != 200:
            raise RuntimeError("login %s: %r" % (user, r))
        if r.json.get("next") == "change_password":
            new = "pw-%s-%s" % (user, base64.b32encode(os.urandom(10)).decode().lower())
            r = c.post("/api/v1/session/password", {"old": self.passwords[user], "new": new})
            if r.status != 200:
                raise RuntimeError("password %s: %r" % (user, r))
            self.passwords[user] = new
        if r.json.get("next") == "enroll_totp" or enroll_totp:
            r = c.post("/api/v1/session/totp")
            if r.status != 200:
                raise RuntimeError("totp %s: %r" % (user, r))
            secret = r.json["secret"]
            self.totp.enrolled(user, secret, -1)
            r = c.post("/api/v1/session/totp/confirm", {"code": self.totp.now_code(user)})
            if r.status != 200:
                raise RuntimeError("totp confirm %s: %r" % (user, r))
        if r.json.get("next") is not None:
            raise RuntimeError("session %s still has next=%r" % (user, r.json.get("next")))
        return c

    def login_again(self, user):
        """A fresh session of a user already set up by session()."""
        code = self.totp.code(user) if user in self.totp.secret else None
        c, r = self.login(user, totp=code)
        if r.status != 200:
            raise RuntimeError("login %s: %r" % (user, r))
        return c


def parallel(fn, n):
    """fn(i) for i in 0..n-1 on n threads at once (to reach several of the server's workers); the results."""
    import threading
    out = [None] * n
    gate = threading.Barrier(n)

    def one(i):
        try:
            gate.wait(timeout=10)
        except threading.BrokenBarrierError:
            pass
        try:
            out[i] = fn(i)
        except Exception as ex:  # reported by the caller's check
            out[i] = ex
    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return out


def raw_request(port, data, timeout=5.0, read=True):
    """Send bytes on a fresh connection; return what came back (bytes) before close/timeout."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def parse_routes(binary):
    """(METHOD, PATTERN) pairs of `skjold serve --routes`."""
    p = subprocess.run([binary, "serve", "--routes"], capture_output=True, text=True, timeout=30)
    routes = []
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].startswith("/"):
            routes.append((parts[0], parts[1]))
    return routes


def main_guard(fn):
    """Run fn(); an exception is one failed check and ends the script with RESULT."""
    ck = Checker()
    try:
        fn(ck)
    except Exception as ex:  # the harness broke: report it as a failure, not a traceback only
        import traceback
        traceback.print_exc()
        ck.check(False, "the test script ran to its end", "%s: %s" % (type(ex).__name__, ex))
    ck.finish()
