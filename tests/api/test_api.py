"""
test_api.py — functional checks of every route of `skjold serve` (docs/api.md).

    python3 tests/api/test_api.py build/release/skjold

One server on a copy of the example municipality.  Callers:
  alice  admin of the municipality (session; password change and TOTP at first login)
  ivan   isk (session) — does most of the writes
  mona   management (session) — decides on risks
  sa     system administrator (session)
  audrey auditor (API token) — reads the audit log after each write
Every write through the API is then looked up in the organisation's audit
log with the acting user's name.

Checks under a "SERVER BUG" comment document behaviour that disagrees with
docs/api.md or web/openapi.json as of this writing; they fail until the
server is fixed (the comment names the request and the suspected code).

The sector forum (forum_tests): the example forum of scripts/example-forum.sh
is loaded into the same database before the server starts, with callers
  fsec  secretariat in nationalbanken (the forum's secretariat)
  fadm  admin in nationalbanken (creates a forum)
  fb1, fb2  isk in bank1, bank2 (members);  faud  auditor in bank1;  fb1adm  admin in bank1
  fns, fsky  isk in nordsky, skyhost (outside the forum until invited)
  fkom  isk in the example municipality (never in the forum)
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402
from server import (EXAMPLE, EXAMPLE_ORG, ROOT, Server, main_guard, parallel, parse_routes, route_regex,  # noqa: E402
                    totp_code)

A = EXAMPLE_ORG
OA = "/api/v1/orgs/" + A
ERROR_STATUS = {"invalid": 400, "unauthenticated": 401, "forbidden": 403, "not_found": 404,
                "method_not_allowed": 405, "conflict": 409, "precondition_failed": 412, "too_large": 413,
                "unsupported_media_type": 415, "throttled": 429, "busy": 503}
DUE = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 180 * 86400))  # a due date that stays ahead
RISK_BODY = {"node": "n-api-1", "threat": "t-api-1", "title": "Serverrum oversvømmes",
             "assessed_on": "2026-03-01", "assessor": "ISK", "owner": "IT", "threat_level": 3, "resilience": 2,
             "consequence": {"availability": 3, "confidentiality": 2, "integrity": 2, "authenticity": 1},
             "decision": "mitigate"}


def error_shape(ck, r, code, field, name):
    """The answer is {"error": {"code", "message", "field", "message_code", "params"}} with this code, its
    status and this field."""
    j = r.json
    e = j.get("error") if isinstance(j, dict) else None
    ok = (isinstance(e, dict) and set(j.keys()) == {"error"}
          and set(e.keys()) == {"code", "message", "field", "message_code", "params"}
          and isinstance(e.get("message"), str) and e["message"] != ""
          and isinstance(e.get("message_code"), str) and isinstance(e.get("params"), dict))
    ck.check(ok, name + ": error shape {error:{code,message,field,message_code,params}}", r.text[:300])
    ck.eq(r.status, ERROR_STATUS.get(code, 0), name + ": status of %s" % code)
    ck.eq(e.get("code") if ok else None, code, name + ": error code")
    if field is not Ellipsis:
        ck.eq(e.get("field") if ok else None, field, name + ": error field")


class Audit:
    """Reads the organisation's audit log (as the auditor token) and finds each write in it."""

    def __init__(self, ck, reader, org):
        self.ck = ck
        self.reader = reader
        self.org = org
        self.mark = self._latest()[0]

    def _latest(self):
        r = self.reader.get("/api/v1/orgs/%s/audit?sort=-seq&limit=200" % self.org)
        items = r.json.get("items", []) if r.status == 200 else []
        top = max([e.get("seq", 0) for e in items] + [0])
        return top, items

    def expect(self, actor, entity, key, name, action=None):
        top, items = self._latest()
        new = [e for e in items if e.get("seq", 0) > self.mark]
        self.mark = max(self.mark, top)
        hit = [e for e in new if e.get("actor") == actor and e.get("entity") == entity
               and (key is None or e.get("key") == key) and (action is None or e.get("action") == action)
               and e.get("org") == self.org]
        self.ck.check(hit, "audit log has %s's %s of %s %s (%s)" % (actor, action or "write", entity, key, name),
                      "new entries: %s" % json.dumps([{k: e.get(k) for k in ("seq", "actor", "action", "entity", "key")}
                                                      for e in new])[:700])

    def nothing(self, name):
        top, items = self._latest()
        new = [e for e in items if e.get("seq", 0) > self.mark]
        self.mark = max(self.mark, top)
        self.ck.check(not new, "nothing in the audit log after %s" % name,
                      json.dumps([{k: e.get(k) for k in ("seq", "actor", "action", "entity", "key")}
                                  for e in new])[:500])


def run(ck):
    binary = sys.argv[1]
    s = Server(binary)
    try:
        setup(s)
        s.start("--timeout-s", "5", "--threads", "4")
        t0 = time.time()
        tests(ck, s)
        forum_tests(ck, s)
        if os.environ.get("VERBOSE") == "1":
            print("# tests took %.1f s" % (time.time() - t0))
        coverage(ck, s)
    finally:
        s.shutdown_checks(ck)
        s.cleanup()
    first_run(ck, binary)


def first_run(ck, binary):
    """A fresh database: one system administrator 'admin' with a one-time password, printed once."""
    s = Server(binary, example=False)
    try:
        s.org_add("first", "Første", "bank")
        s.org_add("another", "En anden", "bank")  # before "first" by id, added after it
        s.start()
        pw = s.first_run_password
        ck.check(pw and len(pw) >= 12, "first run: stderr has 'first-run login: admin / PASSWORD'", s.log()[-500:])
        c, r = s.login("admin", password=pw or "x")
        ck.status(r, 200, "first run: admin logs in with it")
        ck.eq((r.json.get("next"), r.json.get("user", {}).get("admin")), ("change_password", True),
              "first run: admin is a system administrator who must change the password")
        ck.eq(sorted((m.get("org"), m.get("role")) for m in r.json.get("memberships", [])),
              [("another", "admin"), ("first", "admin")],
              "first run: admin holds the admin role in the organisations present")
        ck.eq(r.json.get("user", {}).get("home_org"), "first",
              "first run: admin's home is the organisation the database started with (the web UI opens it)")
        r = c.post("/api/v1/session/password", {"old": pw, "new": "first-admin-password"})
        ck.eq(r.json.get("next"), "enroll_totp", "first run: a system administrator must enrol TOTP")
        s.stop()
        s.first_run_password = None
        s.start()
        ck.eq(s.log().count("first-run login"), 1, "first run: a restart prints no new password")
    finally:
        s.shutdown_checks(ck)
        s.cleanup()


def coverage(ck, s):
    """Every route of `serve --routes` was called at least once above."""
    sent = set(server.REQUESTS)
    for method, pattern in parse_routes(s.binary):
        rx = route_regex(pattern)
        ck.check(any(m == method and rx.match(p) for m, p in sent), "test_api calls %s %s" % (method, pattern))


def setup(s):
    s.org_add("bankb", "Bank B", "bank")
    s.user_add("sa", admin=True)
    for user, role in (("alice", "admin"), ("ivan", "isk"), ("mona", "management"), ("audrey", "auditor")):
        s.user_add(user)
        s.role(user, A, role)
    s.user_add("bob")
    s.audrey_token = s.token_add("audrey", A, "auditor", name="audit-reader")["token"]
    forum_setup(s)


def tests(ck, s):
    anon = s.anon()
    aud = s.bearer(s.audrey_token, "audrey")

    # ---------------------------------------------------------------- public
    ck.section("health and openapi")
    r = anon.get("/api/v1/health")
    ck.status(r, 200, "GET /health answers without credentials")
    ck.eq(r.json.get("status"), "ok", "health: status ok")
    r = anon.get("/api/v1/openapi.json")
    ck.status(r, 200, "GET /openapi.json")
    ck.eq(r.json.get("openapi", "")[:3], "3.1", "openapi.json is OpenAPI 3.1")

    ck.section("single sign-on switched off (tests/sso/test_oidc.sh has it on, with a provider)")
    r = anon.get("/api/v1/auth/config")
    ck.status(r, 200, "GET /auth/config answers without credentials")
    ck.eq(r.json, {"sso": False, "sso_login": None, "saml": False, "saml_login": None}, "auth/config: no single sign-on")
    r = anon.get("/api/v1/auth/oidc/login")
    ck.status(r, 404, "GET /auth/oidc/login: 404 when off")
    ck.eq(r.error_code(), "not_found", "... not_found")
    r = anon.get("/api/v1/auth/oidc/callback?state=x&code=y")
    ck.status(r, 404, "GET /auth/oidc/callback: 404 when off")
    # SAML (tests/sso/test_saml.sh has it on, with SimpleSAMLphp)
    r = anon.get("/api/v1/auth/saml/metadata")
    ck.status(r, 404, "GET /auth/saml/metadata: 404 when off")
    r = anon.get("/api/v1/auth/saml/login")
    ck.status(r, 404, "GET /auth/saml/login: 404 when off")
    r = anon.request("POST", "/api/v1/auth/saml/acs", raw=b"SAMLResponse=x&RelayState=y",
                     ctype="application/x-www-form-urlencoded")
    ck.status(r, 404, "POST /auth/saml/acs: 404 when off")

    ck.section("load balancer checks: /healthz and /readyz")
    r = anon.get("/healthz")
    ck.status(r, 200, "GET /healthz answers without credentials")
    ck.eq(r.json, {"status": "ok"}, "healthz: exactly {status: ok}")
    ck.eq(r.header("Cache-Control"), "no-store", "healthz: not cached by a proxy")
    ck.check(not r.headers_all("Set-Cookie"), "healthz sets no cookie", r.headers)
    r = anon.get("/readyz")
    ck.status(r, 200, "GET /readyz answers without credentials")
    ck.eq(r.json.get("status"), "ok", "readyz: status ok")
    ck.check(isinstance(r.json.get("schema"), int) and r.json["schema"] >= 5, "readyz: the schema's migration", r.json)
    ck.status(anon.request("HEAD", "/readyz"), 200, "HEAD /readyz (some balancers check with HEAD)")
    ck.status(anon.request("POST", "/healthz"), 405, "POST /healthz is 405")
    # a balancer checks every second or two, from one address, for ever: 200 back-to-back checks all pass
    codes = {anon.get(p).status for p in ("/healthz", "/readyz") * 100}
    ck.eq(codes, {200}, "200 checks back to back: every one 200 (no throttle on the checks)")
    # a database migrated by a newer skjold: not ready (503 with the reason), still alive
    schema = server.schema_version(s.db)
    server.schema_version(s.db, schema + 1)
    try:
        r = anon.get("/readyz")
        ck.status(r, 503, "readyz: 503 when the database's schema is newer than the server's")
        ck.eq(r.json.get("status"), "unavailable", "readyz 503: status unavailable")
        ck.check("migration %d" % (schema + 1) in (r.json.get("reason") or ""), "readyz 503 says why", r.json)
        ck.status(anon.get("/healthz"), 200, "healthz: still 200 (the process is up; it reads no database)")
    finally:
        server.schema_version(s.db, schema)
    ck.status(anon.get("/readyz"), 200, "readyz: 200 again once the schema is current")

    # ---------------------------------------------------------------- first login
    ck.section("first login: password change and TOTP enrolment")
    alice, r = s.login("alice")
    ck.status(r, 200, "alice logs in with the one-time password")
    ck.eq(r.json.get("next"), "change_password", "first login: next is change_password")
    ck.eq(sorted(r.json.get("user", {}).keys()),
          ["admin", "display_name", "home_org", "must_change_password", "name", "totp_enabled"], "session.user's fields")
    ck.eq([m.get("org") for m in r.json.get("memberships", [])], [A], "session.memberships")
    ck.check(isinstance(r.json.get("csrf"), str) and len(r.json["csrf"]) >= 16, "session has a csrf token")
    first_cookie = alice.cookie
    ck.check(first_cookie, "login sets the skjold_session cookie")
    r = alice.get("/api/v1/orgs")
    ck.status(r, 403, "before the password change other routes are 403")
    error_shape(ck, r, "forbidden", Ellipsis, "next=change_password")
    ck.eq(alice.get("/api/v1/orgs?lang=da").json["error"]["message"],
          "skift din adgangskode først (se GET /api/v1/session)", "next=change_password: in Danish")
    r = alice.get("/api/v1/session")
    ck.status(r, 200, "GET /session is open before the password change")
    r = alice.post("/api/v1/session/password", {"old": s.passwords["alice"], "new": "short"})
    error_shape(ck, r, "invalid", "new", "a new password under 12 characters")
    r = alice.post("/api/v1/session/password?lang=da", {"old": s.passwords["alice"], "new": "short"})
    ck.eq(r.json["error"]["message"], "en adgangskode skal have mindst 12 tegn", "  in Danish")
    r = alice.post("/api/v1/session/password", {"old": "not-the-password", "new": "a-long-enough-password"})
    ck.check(r.status in (400, 401, 403), "a wrong old password is refused", r)
    ck.eq(r.error_field(), "old", "a wrong old password names field old")
    r = alice.post("/api/v1/session/password", {"old": s.passwords["alice"]})
    error_shape(ck, r, "invalid", "new", "password change without new")
    new_pw = "alice-new-password-1"
    r = alice.post("/api/v1/session/password", {"old": s.passwords["alice"], "new": new_pw})
    ck.status(r, 200, "alice changes her password")
    s.passwords["alice"] = new_pw
    ck.eq(r.json.get("next"), "enroll_totp", "an organisation admin must enrol TOTP next")
    ck.check(alice.cookie and alice.cookie != first_cookie, "the password change gives a new session id")
    old = s.anon()
    old.cookie = first_cookie
    ck.status(old.get("/api/v1/session"), 401, "the session id from before the password change is dead")
    ck.status(alice.get("/api/v1/orgs/" + A), 403, "before TOTP enrolment other routes are 403")
    r = alice.post("/api/v1/session/totp")
    ck.status(r, 200, "POST /session/totp starts enrolment")
    secret = r.json.get("secret", "")
    ck.check(r.json.get("uri", "").startswith("otpauth://totp/"), "enrolment answers an otpauth:// uri", r.json)
    s.totp.enrolled("alice", secret, -1)
    step = int(time.time()) // 30
    right = {totp_code(secret, st) for st in (step - 1, step, step + 1)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in right)
    r = alice.post("/api/v1/session/totp/confirm", {"code": wrong})
    error_shape(ck, r, "invalid", "code", "a wrong enrolment code")
    r = alice.post("/api/v1/session/totp/confirm", {"code": s.totp.now_code("alice")})
    ck.status(r, 200, "the right code confirms enrolment")
    ck.eq(r.json.get("next"), None, "after enrolment next is null")
    ck.eq(r.json.get("user", {}).get("totp_enabled"), True, "after enrolment totp_enabled")
    ck.status(alice.get("/api/v1/orgs/" + A), 200, "after enrolment the organisation is open")

    ck.section("login with TOTP")
    c, r = s.login("alice")
    ck.status(r, 401, "login without the TOTP code is 401")
    # SERVER BUG: api_auth.c h_login answers totp_required, then api.c finish() overwrites it with
    # "unauthenticated" (the handler returns 1 with x->e still set).
    ck.eq(r.error_code(), "totp_required", "login without the code: error code totp_required (docs/api.md)")
    code = s.totp.code("alice")
    c, r = s.login("alice", totp=code)
    ck.status(r, 200, "login with password and TOTP code")
    c2, r = s.login("alice", totp=code)
    ck.status(r, 401, "the same TOTP code is not accepted twice")
    ck.eq(r.error_code(), "unauthenticated", "a replayed code: unauthenticated")
    c3, r = s.login("alice", password="wrong-password-here", totp=code)
    ck.status(r, 401, "a wrong password is 401")

    ivan = s.session("ivan")
    mona = s.session("mona")
    sa = s.session("sa")
    ck.eq(sa.session.get("user", {}).get("admin"), True, "sa's session says admin")
    audit = Audit(ck, aud, A)

    def write(client, method, path, body, want, entity, key, name, action=None, **kw):
        r = client.request(method, path, body=body, **kw)
        if ck.status(r, want, name):
            audit.expect(client.name if client.token is None else client.actor, entity, key, name, action)
        return r

    # ---------------------------------------------------------------- organisations
    ck.section("organisations")
    r = ivan.get("/api/v1/orgs")
    ck.status(r, 200, "GET /orgs")
    ck.eq([o.get("id") for o in r.json.get("items", [])], [A], "GET /orgs lists the caller's organisations only")
    ck.eq(r.json["items"][0].get("role") if r.json.get("items") else None, "isk", "GET /orgs gives the caller's role")
    r = ivan.get(OA)
    ck.status(r, 200, "GET /orgs/{org}")
    ck.eq((r.json.get("id"), r.json.get("kind")), (A, "municipality"), "GET /orgs/{org}: id and kind")
    r = write(alice, "PATCH", OA, {"name": "Eksempel Kommune (API)"}, 200, "organisation", A, "PATCH /orgs/{org}")
    ck.eq(r.json.get("name"), "Eksempel Kommune (API)", "PATCH /orgs/{org} answers the new name")
    ck.eq(ivan.get(OA).json.get("name"), "Eksempel Kommune (API)", "the organisation's new name is stored")
    r = alice.patch(OA, {"kind": "spaceship"})
    error_shape(ck, r, "invalid", "kind", "PATCH /orgs/{org} with a bad kind")
    r = alice.put(OA, {"id": A, "name": "Eksempel Kommune", "kind": "municipality"})
    error_shape(ck, r, "method_not_allowed", None, "PUT /orgs/{org} (not a route)")
    ck.check("PATCH" in (r.header("Allow") or ""), "405 on /orgs/{org} names PATCH in Allow", r.header("Allow"))
    # SERVER BUG: POST /orgs by a system administrator is 403 "not available to a scoped caller":
    # api_data.c grant_new_org() calls auth_refresh() -> store_member_list(user) on the scoped store.
    r = sa.post("/api/v1/orgs", {"id": "api-new", "name": "Ny Bank", "kind": "bank"})
    ck.status(r, 201, "a system administrator creates an organisation (POST /orgs)")
    if r.status == 201:
        ck.eq(r.header("Location"), "/api/v1/orgs/api-new", "POST /orgs: Location")
        ck.eq(sa.get("/api/v1/orgs/api-new").json.get("role"), "admin", "the creator becomes the new org's admin")
        r = sa.delete("/api/v1/orgs/api-new")
        ck.status(r, (200, 204), "DELETE /orgs/{org} by its admin")
        ck.status(sa.get("/api/v1/orgs/api-new"), 404, "a deleted organisation is 404")
    else:  # still show DELETE works: an organisation made in the shell, sa its admin
        s.cli("org", "add", "--id", "api-del", "--name", "Slet", "--kind", "bank")
        s.role("sa", "api-del", "admin")
        r = sa.delete("/api/v1/orgs/api-del")
        ck.status(r, (200, 204), "DELETE /orgs/{org} by its admin")
        ck.status(sa.get("/api/v1/orgs/api-del"), 404, "a deleted organisation is 404")
    r = sa.post("/api/v1/orgs", {"id": A, "name": "x", "kind": "bank"})
    error_shape(ck, r, "conflict", "id", "POST /orgs with an existing id (same bug while it stands)")
    r = sa.post("/api/v1/orgs", {"id": A, "name": "x", "kind": "bank"}, headers={"Accept-Language": "da-DK,da;q=0.9"})
    ck.eq((r.json["error"]["message"], r.json["error"]["message_code"], r.json["error"]["params"]),
          ("organisationen '%s' findes allerede" % A, "org.exists", {"id": A}), "  in Danish, with its code and params")
    r = ivan.post("/api/v1/orgs", {"id": "x-org", "name": "x", "kind": "bank"})
    error_shape(ck, r, "forbidden", Ellipsis, "POST /orgs by a non-administrator")

    # ---------------------------------------------------------------- the map
    ck.section("nodes")
    node = {"id": "n-api-1", "kind": "system", "name": "API-system", "owner": "IT", "criticality": "Høj",
            "last_assessed": "2026-01-10"}
    r = write(ivan, "POST", OA + "/nodes", node, 201, "node", "n-api-1", "POST nodes", "create")
    ck.eq(r.header("Location"), OA + "/nodes/n-api-1", "POST nodes: Location")
    ck.eq({k: r.json.get(k) for k in node}, node, "POST nodes answers the node")
    ck.check("effective_criticality" in r.json and "review_due" in r.json, "POST nodes answers derived fields", r.json)
    write(ivan, "POST", OA + "/nodes", {"id": "n-api-2", "kind": "infrastructure", "name": "API-server"}, 201,
          "node", "n-api-2", "POST a second node")
    r = ivan.post(OA + "/nodes", node)
    error_shape(ck, r, "conflict", "id", "POST nodes with an existing id")
    # the error's message in the request's language: code and params the same in both (issue 17)
    ck.eq((r.json["error"]["message_code"], r.json["error"]["params"]),
          ("object.exists", {"kind": {"code": "kind.node"}, "id": "n-api-1"}), "conflict: message code and params")
    ck.eq(r.json["error"]["message"], "a node with id 'n-api-1' exists already; update it instead",
          "conflict: English message (Accept-Language: en)")
    r = ivan.post(OA + "/nodes", node, headers={"Accept-Language": "fr, da;q=0.8, en;q=0.5"})
    ck.eq(r.json["error"]["message"], "der findes allerede en knude med id 'n-api-1'; ret den i stedet",
          "conflict: Danish message (Accept-Language with q-values)")
    r = ivan.post(OA + "/nodes?lang=da", node)
    ck.eq(r.json["error"]["message"], "der findes allerede en knude med id 'n-api-1'; ret den i stedet",
          "conflict: ?lang=da overrides Accept-Language")
    r = ivan.post(OA + "/nodes", {"kind": "system", "name": "X"}, headers={"Accept-Language": None})
    ck.eq(r.json["error"]["message"], "id skal angives", "a missing field: Danish by default")
    r = ivan.post(OA + "/nodes", {"id": "n-bad", "kind": "system", "name": "X", "colour": "red"})
    error_shape(ck, r, "invalid", "colour", "POST nodes with an unknown field")
    r = ivan.post(OA + "/nodes", {"kind": "system", "name": "X"})
    error_shape(ck, r, "invalid", "id", "POST nodes without id")
    r = ivan.post(OA + "/nodes", {"id": "n-bad", "kind": "sys", "name": "X"})
    error_shape(ck, r, "invalid", "kind", "POST nodes with a bad kind")
    audit.nothing("refused node writes")
    r = ivan.get(OA + "/nodes/n-api-1")
    ck.status(r, 200, "GET nodes/{id}")
    # a version read in Danish is the version a write names (If-Match against app_version)
    rd = ivan.get(OA + "/nodes/n-api-1", headers={"Accept-Language": "da"})
    ck.eq(rd.json.get("criticality_reason") != r.json.get("criticality_reason") or
          r.json.get("criticality_reason_msg", {}).get("code") == "node.reason.assessed" and
          rd.json.get("criticality_reason") == "vurderet", True, "GET nodes/{id} in Danish: the reason in Danish")
    ck.eq(rd.header("ETag"), r.header("ETag"), "GET nodes/{id}: the same ETag in Danish")
    write(ivan, "PATCH", OA + "/nodes/n-api-1", {"owner": "IT-drift"}, 200, "node", "n-api-1",
          "PATCH nodes/{id} with If-Match from a Danish GET", "update",
          headers={"If-Match": rd.header("ETag"), "Accept-Language": "da"})
    ck.eq(r.json.get("name"), "API-system", "GET nodes/{id}: name")
    r = write(ivan, "PATCH", OA + "/nodes/n-api-1", {"owner": "Driften"}, 200, "node", "n-api-1", "PATCH nodes/{id}",
              "update")
    ck.eq((r.json.get("owner"), r.json.get("name")), ("Driften", "API-system"), "PATCH changes one field only")
    r = write(ivan, "PUT", OA + "/nodes/n-api-2", {"kind": "infrastructure", "name": "API-server 2"}, 200, "node",
              "n-api-2", "PUT nodes/{id}")
    ck.eq(r.json.get("name"), "API-server 2", "PUT nodes/{id} replaces")
    r = ivan.put(OA + "/nodes/n-api-2", {"id": "other", "kind": "system", "name": "x"})
    error_shape(ck, r, "invalid", "id", "PUT with a body id other than the path's")
    r = ivan.patch(OA + "/nodes/n-api-2", {"id": "other"})
    error_shape(ck, r, "invalid", "id", "PATCH that changes the id")
    r = ivan.get(OA + "/nodes/no-such-node")
    error_shape(ck, r, "not_found", "id", "GET a missing node")
    r = ivan.patch(OA + "/nodes/no-such-node", {"name": "x"})
    ck.status(r, 404, "PATCH a missing node")
    r = ivan.get(OA + "/nodes?limit=1000")
    ck.check("n-api-1" in [n.get("id") for n in r.json.get("items", [])], "GET nodes lists the new node")

    ck.section("edges")
    edge = {"from": "n-api-1", "to": "n-api-2", "type": "hosted_at"}
    r = write(ivan, "POST", OA + "/edges", edge, 201, "edge", "n-api-1 -> n-api-2", "POST edges")
    ck.eq({k: r.json.get(k) for k in edge}, edge, "POST edges answers the edge")
    r = ivan.post(OA + "/edges", edge)
    error_shape(ck, r, "conflict", Ellipsis, "POST an existing edge")
    r = ivan.post(OA + "/edges", {"from": "n-api-1", "to": "no-such-node", "type": "uses"})
    error_shape(ck, r, "invalid", "to", "POST an edge to a missing node")
    r = ivan.get(OA + "/edges/n-api-1/n-api-2")
    ck.status(r, 200, "GET edges/{from}/{to}")
    ck.eq(r.json.get("type"), "hosted_at", "GET edges/{from}/{to}: type")
    r = write(ivan, "PATCH", OA + "/edges/n-api-1/n-api-2", {"group": "hosting"}, 200, "edge", "n-api-1 -> n-api-2",
              "PATCH edges/{from}/{to}")
    ck.eq(r.json.get("group"), "hosting", "PATCH edges: group set")
    r = write(ivan, "PUT", OA + "/edges/n-api-1/n-api-2", {"type": "runs_on"}, 200, "edge", "n-api-1 -> n-api-2",
              "PUT edges/{from}/{to}")
    ck.eq((r.json.get("type"), r.json.get("group")), ("runs_on", None), "PUT edges replaces")
    r = ivan.get(OA + "/edges?from=n-api-1")
    ck.eq([(e.get("from"), e.get("to")) for e in r.json.get("items", [])], [("n-api-1", "n-api-2")],
          "GET edges?from= filters")
    ck.status(ivan.get(OA + "/edges/n-api-2/n-api-1"), 404, "GET a missing edge")

    ck.section("impact and spof")
    r = ivan.get(OA + "/impact/n-api-2")
    ck.status(r, 200, "GET impact/{node}")
    ck.check("n-api-1" in [n.get("id") for n in r.json.get("fails", [])],
             "impact of n-api-2 fails n-api-1 (it depends on it)", r.json)
    r = ivan.get(OA + "/impact/no-such-node")
    ck.status(r, 404, "impact of a missing node")
    r = ivan.get(OA + "/spof")
    ck.status(r, 200, "GET spof")
    ck.check(isinstance(r.json, list) and r.json and all("single_points_of_failure" in x for x in r.json),
             "spof lists processes with their single points of failure", r.text[:300])

    ck.section("threats")
    threat = {"id": "t-api-1", "name": "Oversvømmelse", "category": "physical", "threat_level": 2}
    write(ivan, "POST", OA + "/threats", threat, 201, "threat", "t-api-1", "POST threats")
    ck.eq(ivan.get(OA + "/threats/t-api-1").json.get("threat_level"), 2, "GET threats/{id}")
    r = ivan.get(OA + "/threats?limit=1000")
    ck.check(r.status == 200 and "t-api-1" in [x.get("id") for x in r.json.get("items", [])], "GET threats lists it")
    write(ivan, "PATCH", OA + "/threats/t-api-1", {"threat_level": 3}, 200, "threat", "t-api-1", "PATCH threats/{id}")
    write(ivan, "PUT", OA + "/threats/t-api-1", {k: v for k, v in dict(threat, threat_level=3).items() if k != "id"},
          200, "threat", "t-api-1", "PUT threats/{id}")
    r = ivan.post(OA + "/threats", {"id": "t-bad", "name": "x", "category": threat["category"], "threat_level": 7})
    error_shape(ck, r, "invalid", "threat_level", "a threat level out of range")

    ck.section("risks and preview")
    r = ivan.get(OA + "/risks?limit=1000")
    n_risks = r.json.get("total")
    seq_before = audit.mark
    r = ivan.post(OA + "/risks/preview", dict(RISK_BODY, id="r-preview"))
    ck.status(r, 200, "POST risks/preview")
    for f in ("suggested_likelihood", "inherent_level", "residual_level", "treatment_due", "required_approver"):
        ck.check(f in r.json, "preview answers derived field " + f, r.json)
    ck.eq(r.json.get("inherent_level"), "Høj", "preview: (3,2) suggests 3, consequence 3 -> Høj")
    r = ivan.post(OA + "/risks/preview", RISK_BODY)
    ck.status(r, 200, "preview without an id")
    ck.status(ivan.get(OA + "/risks/r-preview"), 404, "preview did not save the risk")
    ck.eq(ivan.get(OA + "/risks?limit=1000").json.get("total"), n_risks, "preview: the number of risks is unchanged")
    audit.nothing("a risk preview")
    ck.eq(audit.mark, seq_before, "preview wrote no audit entry")
    r = ivan.post(OA + "/risks/preview", dict(RISK_BODY, consequence={"availability": 9, "confidentiality": 1,
                                                                       "integrity": 1, "authenticity": 1}))
    error_shape(ck, r, "invalid", "consequence.availability", "preview of a bad consequence")
    r = write(ivan, "POST", OA + "/risks", dict(RISK_BODY, id="r-api-1"), 201, "risk", "r-api-1", "POST risks")
    ck.eq(r.json.get("inherent_level"), "Høj", "POST risks answers the derived level")
    r = ivan.post(OA + "/risks", dict(RISK_BODY, id="r-api-x", consequence={"availability": 9, "confidentiality": 2,
                                                                            "integrity": 2, "authenticity": 1}))
    error_shape(ck, r, "invalid", "consequence.availability", "POST risks with availability 9")
    r = ivan.post(OA + "/risks", dict(RISK_BODY, id="r-api-x", node="no-such-node"))
    error_shape(ck, r, "invalid", "node", "POST risks on a missing node")
    r = ivan.post(OA + "/risks", {k: v for k, v in RISK_BODY.items() if k != "assessed_on"} | {"id": "r-api-x"})
    error_shape(ck, r, "invalid", "assessed_on", "POST risks without assessed_on")
    audit.nothing("refused risk writes")
    r = write(ivan, "PATCH", OA + "/risks/r-api-1", {"resilience": 3}, 200, "risk", "r-api-1", "PATCH risks/{id}")
    ck.eq(r.json.get("resilience"), 3, "PATCH risks: resilience")
    write(ivan, "PUT", OA + "/risks/r-api-1", RISK_BODY, 200, "risk", "r-api-1", "PUT risks/{id}")
    ck.eq(ivan.get(OA + "/risks/r-api-1").json.get("resilience"), 2, "PUT risks replaced it")
    # management decides, and only decides
    r = write(mona, "PATCH", OA + "/risks/r-api-1", {"decision": "avoid"}, 200, "risk", "r-api-1",
              "management PATCHes a risk's decision")
    ck.eq(r.json.get("decision"), "avoid", "management's decision stored")
    r = mona.patch(OA + "/risks/r-api-1", {"title": "changed by management"})
    error_shape(ck, r, "forbidden", Ellipsis, "management may not change a risk's title")
    ck.eq(ivan.get(OA + "/risks/r-api-1").json.get("title"), RISK_BODY["title"], "the title is unchanged")
    r = mona.post(OA + "/nodes", {"id": "n-mona", "kind": "system", "name": "x"})
    error_shape(ck, r, "forbidden", Ellipsis, "management may not add nodes")
    write(ivan, "PATCH", OA + "/risks/r-api-1", {"decision": "mitigate"}, 200, "risk", "r-api-1",
          "isk sets the decision back")

    ck.section("measures")
    meas = {"id": "m-api-1", "risk": "r-api-1", "title": "Vandalarm", "kind": "technical", "owner": "IT",
            "due": DUE, "status": "planned"}
    r = write(ivan, "POST", OA + "/measures", meas, 201, "measure", "m-api-1", "POST measures")
    ck.eq(r.json.get("overdue"), False, "POST measures answers overdue")
    write(ivan, "PATCH", OA + "/measures/m-api-1", {"status": "started"}, 200, "measure", "m-api-1",
          "PATCH measures/{id}")
    ck.eq(ivan.get(OA + "/measures/m-api-1").json.get("status"), "started", "GET measures/{id}: status")
    r = ivan.get(OA + "/measures?risk=r-api-1")
    ck.eq([x.get("id") for x in r.json.get("items", [])], ["m-api-1"], "GET measures?risk= lists the risk's measure")
    write(ivan, "PUT", OA + "/measures/m-api-1", {k: v for k, v in meas.items() if k != "id"}, 200, "measure",
          "m-api-1", "PUT measures/{id}")
    r = ivan.post(OA + "/measures", dict(meas, id="m-api-x", risk="no-such-risk"))
    error_shape(ck, r, "invalid", "risk", "POST measures for a missing risk")

    ck.section("changes and carry-forward")
    write(ivan, "POST", OA + "/nodes", {"id": "n-api-3", "kind": "system", "name": "Lille system",
                                        "criticality": "Lav", "last_assessed": "2025-01-10"}, 201, "node", "n-api-3",
          "POST a Lav node")
    r = write(ivan, "POST", OA + "/nodes/n-api-3/carry-forward", {"note": "uændret"}, 200, "node", "n-api-3",
              "POST nodes/{id}/carry-forward")
    days = {time.strftime("%Y-%m-%d", time.gmtime(time.time() + d * 3600)) for d in (-14, 0, 14)}  # Copenhagen's today
    ck.check(r.json.get("last_assessed") in days, "carry-forward sets last_assessed to today",
             r.json.get("last_assessed"))
    chg = {"id": "c-api-1", "node": "n-api-1", "kind": "change", "date": "2026-06-01", "description": "Ny version"}
    write(ivan, "POST", OA + "/changes", chg, 201, "change", "c-api-1", "POST changes")
    ck.eq(ivan.get(OA + "/changes/c-api-1").json.get("description"), "Ny version", "GET changes/{id}")
    r = ivan.get(OA + "/changes?node=n-api-1")
    ck.eq([x.get("id") for x in r.json.get("items", [])], ["c-api-1"], "GET changes?node= lists the node's change")
    write(ivan, "PATCH", OA + "/changes/c-api-1", {"description": "Ny version 2"}, 200, "change", "c-api-1",
          "PATCH changes/{id}")
    write(ivan, "PUT", OA + "/changes/c-api-1", {k: v for k, v in chg.items() if k != "id"}, 200, "change",
          "c-api-1", "PUT changes/{id}")
    r = ivan.post(OA + "/nodes/n-api-1/carry-forward", {"note": "igen"})
    error_shape(ck, r, "invalid", Ellipsis, "carry-forward of a node with a change since its assessment")

    # ---------------------------------------------------------------- views and reports
    ck.section("register, overview, followup, reports")
    r = ivan.get(OA + "/register")
    ck.status(r, 200, "GET register")
    # SERVER BUG: without ?format the register answers CSV (the CLI's default), not JSON as docs/api.md
    # (register[?format=csv]) and openapi.json (default json) say.
    ck.check(r.header("Content-Type") and r.header("Content-Type").startswith("application/json")
             and isinstance(r.json, list), "GET register answers JSON by default", r.text[:200])
    r = ivan.get(OA + "/register?format=json")
    ck.check(r.status == 200 and isinstance(r.json, list) and "r-api-1" in [x.get("id") for x in r.json],
             "GET register?format=json lists the risks", r.text[:200])
    r = ivan.get(OA + "/register?format=csv")
    ck.status(r, 200, "GET register?format=csv")
    ck.check((r.header("Content-Type") or "").startswith("text/csv"), "register csv: Content-Type text/csv",
             r.header("Content-Type"))
    first = r.text.lstrip("\ufeff").splitlines()[0] if r.text else ""
    ck.check(first.startswith("id;node;"), "register csv: header row", first)
    ck.check("r-api-1;n-api-1;" in r.text, "register csv: the new risk's row")
    r = ivan.get(OA + "/overview")
    ck.status(r, 200, "GET overview")
    ck.eq(r.json.get("report"), "overview", "overview: report")
    r = ivan.get(OA + "/followup")
    ck.status(r, 200, "GET followup")
    ck.eq(r.json.get("report"), "followup", "followup: report")
    ck.check(isinstance(r.json.get("items"), list), "followup: items")
    r = ivan.get(OA + "/reports/isu")
    ck.status(r, 200, "GET reports/isu")
    ck.eq(r.json.get("report"), "isu", "reports/isu: report")
    r = ivan.get(OA + "/reports/isu?format=html")
    ck.status(r, 200, "GET reports/isu?format=html")
    ck.check((r.header("Content-Type") or "").startswith("text/html") and r.text.lower().startswith("<!doctype html"),
             "isu html: text/html and a document", r.header("Content-Type"))
    r = ivan.get(OA + "/reports/isu?format=markdown")
    ck.status(r, 200, "GET reports/isu?format=markdown")
    # SERVER BUG: docs/api.md and openapi.json give reports/isu?year&quarter (quarter 1..4); the server passes
    # them to `report isu`, which refuses --year and wants --quarter 2026Q1 (400, field "year").
    r = ivan.get(OA + "/reports/isu?year=2026&quarter=1")
    ck.status(r, 200, "GET reports/isu?year=2026&quarter=1 (as documented)")
    ck.eq(r.json.get("period", {}).get("quarter") if r.status == 200 else None, 1, "isu: the quarter asked for")
    r = ivan.get(OA + "/reports/management?year=2026")
    ck.status(r, 200, "GET reports/management?year=2026")
    ck.eq(r.json.get("report"), "management", "reports/management: report")
    r = ivan.get(OA + "/reports/management?format=html")
    ck.check(r.status == 200 and (r.header("Content-Type") or "").startswith("text/html"),
             "GET reports/management?format=html", r)
    r = ivan.get(OA + "/reports/nosuch")
    ck.check(r.status in (400, 404), "an unknown report kind is refused", r)

    ck.section("tables")
    r = ivan.get(OA + "/tables")
    ck.status(r, 200, "GET tables")
    tables = r.json
    for k in ("matrix", "likelihood_table", "review_intervals", "treatment_deadlines"):
        ck.check(k in tables, "tables has " + k)
    for name in ("matrix", "likelihood_table", "review_intervals", "treatment_deadlines"):
        r = ivan.get(OA + "/tables/" + name)
        ck.status(r, 200, "GET tables/" + name)
        ck.eq(r.json, tables.get(name), "GET tables/%s is that table of GET tables" % name)
    r = ivan.get(OA + "/tables/no_such_table")
    error_shape(ck, r, "not_found", "name", "GET an unknown table")
    t_etag = ivan.get(OA + "/tables/likelihood_table").header("ETag")
    lt = [row[:] for row in tables.get("likelihood_table", [[1]])]
    lt[0][0] = 1 if lt[0][0] != 1 else 2
    write(alice, "PUT", OA + "/tables/likelihood_table", lt, 200, "table", "likelihood_table",
          "PUT tables/likelihood_table", headers={"If-Match": t_etag or "*"})
    ck.eq(ivan.get(OA + "/tables").json.get("likelihood_table"), lt, "the table PUT is stored (GET tables)")
    ck.eq(ivan.get(OA + "/tables/likelihood_table").json, lt, "the table PUT is stored (GET tables/{name})")
    r = alice.put(OA + "/tables/likelihood_table", tables["likelihood_table"], headers={"If-Match": t_etag or "*"})
    error_shape(ck, r, "precondition_failed", Ellipsis, "PUT a table with the ETag from before the change")
    write(alice, "PUT", OA + "/tables/likelihood_table", tables["likelihood_table"], 200, "table",
          "likelihood_table", "PUT the table back")
    r = alice.put(OA + "/tables/matrix", [["Lav"]])
    error_shape(ck, r, "invalid", "matrix", "PUT a 1x1 matrix")
    r = ivan.put(OA + "/tables/likelihood_table", tables["likelihood_table"])
    error_shape(ck, r, "forbidden", Ellipsis, "PUT tables as isk")

    # ---------------------------------------------------------------- incidents
    ck.section("incidents")
    inc = {"id": "inc-api-1", "title": "Telefoni nede", "description": "Omstillingen svarer ikke",
           "occurred_at": "2026-03-10T08:50:00+01:00", "detected_at": "2026-03-10T09:30:00+01:00",
           "nodes": ["s-telefoni"], "facts": {"significant_disruption": True, "considerable_damage": False,
                                              "personal_data_breach": True, "data_subject_risk": "risk"}}
    r = write(ivan, "POST", OA + "/incidents", inc, 201, "incident", "inc-api-1", "POST incidents")
    ck.eq(r.json.get("added"), "inc-api-1", "POST incidents answers the id")
    r = ivan.post(OA + "/incidents", inc)
    error_shape(ck, r, "conflict", "id", "POST an existing incident")
    r = ivan.post(OA + "/incidents", dict(inc, id="inc-api-x", nodes=["no-such-node"]))
    error_shape(ck, r, "invalid", "nodes[0]", "POST an incident on a missing node")
    r = ivan.get(OA + "/incidents/inc-api-1")
    ck.status(r, 200, "GET incidents/{id}")
    ck.eq(r.json.get("incident", {}).get("id"), "inc-api-1", "GET incidents/{id}: the incident")
    ck.check(isinstance(r.json.get("results"), list) and isinstance(r.json.get("timeline"), list),
             "GET incidents/{id}: results and timeline")
    # the engine's texts in the request's language, from the same code and params (issue 17)
    crit_en = {c["id"]: c for x in r.json["results"] if x["regime"] == "eu-nis2" for c in x["criteria"]}
    ck.eq(crit_en.get("considerable_damage", {}).get("detail"),
          "has affected or can affect other persons by causing considerable material or non-material damage: no: "
          "not met", "GET incidents/{id}: an English criterion")
    rd = ivan.get(OA + "/incidents/inc-api-1?lang=da")
    crit_da = {c["id"]: c for x in rd.json["results"] if x["regime"] == "eu-nis2" for c in x["criteria"]}
    ck.eq(crit_da.get("considerable_damage", {}).get("detail"),
          "har påvirket eller kan påvirke andre personer ved at forårsage betydelig materiel eller immateriel skade: "
          "nej: ikke opfyldt", "GET incidents/{id}?lang=da: the criterion in Danish")
    ck.eq(crit_da.get("considerable_damage", {}).get("detail_msg"), crit_en.get("considerable_damage", {}).get("detail_msg"),
          "  the same code and params in both languages")
    gd = [x for x in rd.json["results"] if x["regime"] == "eu-gdpr"][0]
    ck.eq(gd.get("rule"), "art. 33(1): et brud på persondatasikkerheden, der sandsynligvis indebærer en risiko for "
          "fysiske personer", "  the GDPR rule in Danish")
    ck.eq([p.get("basis") for p in gd["reports"] if p["report"] == "authority"],
          ["uden unødig forsinkelse og om muligt inden for 72 timer efter at være blevet bekendt med bruddet "
           "(detected_at)"], "  the GDPR deadline's basis in Danish")
    ck.eq(rd.header("Vary"), "Accept-Language", "  the answer varies by Accept-Language")
    write(ivan, "PATCH", OA + "/incidents/inc-api-1", {"resolved_at": "2026-03-12T08:00:00+01:00"}, 200,
          "incident", "inc-api-1", "PATCH incidents/{id}")
    ck.eq(ivan.get(OA + "/incidents/inc-api-1").json.get("incident", {}).get("resolved_at"),
          "2026-03-12T08:00:00+01:00", "PATCH incidents: resolved_at stored")
    r = ivan.patch(OA + "/incidents/inc-api-1", {"resolved_at": "2026-03-01T08:00:00+01:00"})
    ck.status(r, 400, "PATCH incidents: resolved before it occurred is refused")
    r = ivan.get(OA + "/incidents")
    ck.check(r.status == 200 and "inc-api-1" in [i.get("id") for i in r.json.get("items", [])],
             "GET incidents lists it")
    ck.status(ivan.get(OA + "/incidents/no-such-incident"), 404, "GET a missing incident")
    sub = {"regime": "eu-nis2", "report": "early_warning", "at": "2026-03-11T08:00:00+01:00", "channel": "virk.dk",
           "receipt": "VIRK-API-1"}
    r = write(ivan, "POST", OA + "/incidents/inc-api-1/submissions", sub, 201, "incident", "inc-api-1",
              "POST incidents/{id}/submissions")
    ck.eq(r.json.get("submitted", {}).get("receipt"), "VIRK-API-1", "submission answered")
    r = ivan.post(OA + "/incidents/inc-api-1/submissions", dict(sub, report="initial"))
    error_shape(ck, r, "invalid", Ellipsis, "a submission of an unknown report")
    r = ivan.get(OA + "/incidents/inc-api-1/submissions")
    ck.status(r, 200, "GET incidents/{id}/submissions")
    ck.eq([x.get("receipt") for x in r.json.get("items", [])], ["VIRK-API-1"], "the submission is listed")
    r = ivan.get(OA + "/incidents/inc-api-1/reports/eu-nis2/notification")
    ck.status(r, 200, "GET incidents/{id}/reports/{regime}/{report}")
    ck.eq((r.json.get("regime"), r.json.get("report")), ("eu-nis2", "notification"), "incident report: which")
    r = ivan.get(OA + "/incidents/inc-api-1/reports/eu-nis2/notification?format=text")
    ck.check(r.status == 200 and (r.header("Content-Type") or "").startswith("text/plain")
             and r.text.startswith("eu-nis2"), "incident report ?format=text", r)
    r = ivan.get(OA + "/incidents/inc-api-1/reports/eu-nis2/nosuch")
    ck.status(r, 400, "incident report of an unknown report name")
    r = ivan.get(OA + "/deadlines")
    ck.status(r, 200, "GET deadlines")
    ck.check(isinstance(r.json.get("obligations"), list) and "open" in r.json, "deadlines: open and obligations")
    r = ivan.get(OA + "/recurring")
    ck.status(r, 200, "GET recurring")
    ck.check(isinstance(r.json, (list, dict)), "recurring answers JSON")
    with open(os.path.join(os.path.dirname(EXAMPLE), "incidents", "kommune-ransomware.json")) as f:
        facts = json.load(f)
    r = ivan.post("/api/v1/assess", facts)
    ck.status(r, 200, "POST /assess")
    regimes = [x.get("regime") for x in r.json.get("results", [])]
    ck.check("eu-nis2" in regimes and "eu-gdpr" in regimes, "assess answers every regime", regimes)
    nis2 = [x for x in r.json.get("results", []) if x.get("regime") == "eu-nis2"]
    ck.eq(nis2[0].get("reportable") if nis2 else None, True, "assess: the ransomware is NIS2-reportable")
    r = ivan.post("/api/v1/assess", {"nonsense": 1})
    error_shape(ck, r, "invalid", "nonsense", "assess with an unknown field")
    r = anon.post("/api/v1/assess", facts)
    ck.status(r, 401, "assess needs credentials")
    r = ivan.get("/api/v1/formats/dora-incident")
    ck.status(r, 200, "the DORA incident report's schema")
    ck.eq(r.json.get("$id"), "IR-1.2.1", "  the embedded schema IR 1.2.1")
    ck.status(anon.get("/api/v1/formats/dora-incident"), 401, "  needs credentials")

    # ---------------------------------------------------------------- import and export
    ck.section("import-csv")
    csv_risks = ("id;node;threat;assessed_on;title;threat_level;resilience;consequence.availability;"
                 "consequence.confidentiality;consequence.integrity;consequence.authenticity;decision\n"
                 "r-csv-1;n-api-1;t-api-1;2026-03-02;Fra regneark;4;1;3;2;2;1;mitigate\n")
    r = ivan.post(OA + "/import-csv?kind=risks", raw=csv_risks, ctype="text/csv")
    ck.status(r, 200, "POST import-csv?kind=risks")
    ck.eq(r.json.get("rows"), 1, "import-csv risks: one row")
    audit.expect("ivan", "risk", "r-csv-1", "import-csv risks")
    ck.eq(ivan.get(OA + "/risks/r-csv-1").json.get("inherent_level"), "Kritisk", "the CSV risk is scored")
    # SERVER BUG: import-csv of nodes (and edges) runs a bulk load that switches SQLite's journal mode
    # (store/sqlite.c sq_bulk_begin, PRAGMA journal_mode = DELETE), which fails with "database is locked"
    # (503) as soon as another worker thread holds a connection — i.e. always on a server with >1 thread.
    r = ivan.post(OA + "/import-csv?kind=nodes", raw="id;kind;name\nn-csv-1;system;Regnearkssystem æøå\n",
                  ctype="text/csv")
    ck.status(r, 200, "POST import-csv?kind=nodes on a server with several threads")
    if r.status == 200:
        audit.expect("ivan", "nodes", None, "import-csv nodes")
        ck.eq(ivan.get(OA + "/nodes/n-csv-1").json.get("name"), "Regnearkssystem æøå", "the CSV node, UTF-8 intact")
    r = ivan.post(OA + "/import-csv?kind=risks",
                  raw=csv_risks.replace("r-csv-1;n-api-1;t-api-1;2026-03-02;Fra regneark;4", "r-csv-2;n-api-1;t-api-1;"
                                        "2026-03-02;Fra regneark;9"), ctype="text/csv")
    error_shape(ck, r, "invalid", Ellipsis, "import-csv with a bad threat level")
    ck.check("row 2" in (r.json.get("error", {}).get("field") or "") + (r.json.get("error", {}).get("message") or ""),
             "import-csv error names the row", r.text[:300])
    r = ivan.post(OA + "/import-csv", raw=csv_risks, ctype="text/csv")
    error_shape(ck, r, "invalid", "kind", "import-csv without ?kind")

    ck.section("import/kitos")
    with open(os.path.join(ROOT, "tests", "kitos", "export-2.json")) as f:
        kitos = json.load(f)
    r = ivan.post(OA + "/import/kitos?dry_run=true", kitos)
    ck.status(r, 200, "POST import/kitos?dry_run=true")
    ck.eq((r.json.get("dry_run"), len(r.json.get("created", []))), (True, 7), "import/kitos dry run: 7 to create")
    audit.nothing("import/kitos dry run")
    r = ivan.post(OA + "/import/kitos", kitos)
    ck.status(r, 200, "POST import/kitos")
    ck.eq((r.json.get("systems"), r.json.get("suppliers"), len(r.json.get("edges_added", []))), (3, 4, 5),
          "import/kitos: 3 systems, 4 suppliers, 5 edges")
    audit.expect("ivan", "kitos", A, "import/kitos", action="import")
    ck.eq(ivan.get(OA + "/nodes/esdh-sag-2-22222222").json.get("ref"), "kitos:22222222-2222-4222-8222-222222222222",
          "the KITOS node holds its uuid as ref")
    r = ivan.post(OA + "/import/kitos", kitos)
    ck.eq((r.status, r.json.get("unchanged"), r.json.get("created")), (200, 7, []), "import/kitos again: unchanged")
    audit.nothing("import/kitos again")
    bad = {"it-system-usages": [dict(kitos["it-system-usages"][0], uuid="nope")]}
    r = ivan.post(OA + "/import/kitos", bad)
    error_shape(ck, r, "invalid", "it-system-usages[0].uuid", "import/kitos with a bad uuid")
    r = ivan.post(OA + "/import/kitos?dry_run=maybe", kitos)
    error_shape(ck, r, "invalid", "dry_run", "import/kitos ?dry_run=maybe")
    r = mona.post(OA + "/import/kitos", kitos)
    ck.status(r, 403, "import/kitos needs the map permission (management: 403)")
    audit.nothing("refused import/kitos")

    # ---------------------------------------------------------------- lists
    ck.section("paging, sorting, filters")
    full = ivan.get(OA + "/nodes?limit=1000").json
    total = full.get("total")
    ck.eq(len(full.get("items", [])), total, "limit=1000 gives every node")
    ck.check(total and total > 40, "the example's nodes are there", total)
    r = ivan.get(OA + "/nodes")
    ck.eq((r.json.get("limit"), r.json.get("offset"), r.json.get("total")), (100, 0, total),
          "default limit 100, offset 0")
    r = ivan.get(OA + "/nodes?limit=5")
    ck.eq((len(r.json.get("items", [])), r.json.get("total"), r.json.get("limit")), (5, total, 5), "limit=5")
    pages = []
    for off in range(0, total, 7):
        pages += ivan.get(OA + "/nodes?sort=id&limit=7&offset=%d" % off).json.get("items", [])
    ids = [n.get("id") for n in pages]
    ck.eq(ids, sorted(n.get("id") for n in full.get("items", [])), "pages of 7 sorted by id make the whole list")
    r = ivan.get(OA + "/nodes?sort=-id&limit=3")
    ck.eq([n.get("id") for n in r.json.get("items", [])], sorted(ids, reverse=True)[:3], "sort=-id")
    r = ivan.get(OA + "/nodes?offset=%d" % (total + 5))
    ck.eq((r.json.get("items"), r.json.get("total")), ([], total), "an offset past the end: no items, same total")
    r = ivan.get(OA + "/nodes?kind=system&limit=1000")
    want = [n.get("id") for n in full.get("items", []) if n.get("kind") == "system"]
    ck.eq([n.get("id") for n in r.json.get("items", [])], want, "filter kind=system")
    ck.eq(r.json.get("total"), len(want), "filter: total counts the matches")
    r = ivan.get(OA + "/risks?residual_level=Medium&limit=1000")
    allr = ivan.get(OA + "/risks?limit=1000").json.get("items", [])
    ck.eq([x.get("id") for x in r.json.get("items", [])],
          [x.get("id") for x in allr if x.get("residual_level") == "Medium"],
          "filter on a derived field (residual_level=Medium)")
    r = ivan.get(OA + "/risks?overdue=true&limit=1000")
    ck.eq([x.get("id") for x in r.json.get("items", [])], [x.get("id") for x in allr if x.get("overdue") is True],
          "filter overdue=true")
    # a page is cut after filtering and sorting (stable: equal keys keep the list's order)
    ids = lambda xs: [x.get("id") for x in xs]  # noqa: E731
    pages = []
    for off in range(0, len(allr), 7):
        pages += ivan.get(OA + "/risks?sort=decision&limit=7&offset=%d" % off).json.get("items", [])
    ck.eq(ids(pages), ids(sorted(allr, key=lambda x: x.get("decision"))),
          "pages of 7 sorted by decision make the whole list, equal decisions in the list's order")
    rank = {"Kritisk": 0, "Høj": 1, "Medium": 2, "Lav": 3}
    mit = [x for x in allr if x.get("decision") == "mitigate"]
    ck.check(len(mit) >= 4, "the example has four or more risks to mitigate", len(mit))
    r = ivan.get(OA + "/risks?decision=mitigate&sort=-residual_level&limit=3&offset=1")
    ck.eq((ids(r.json.get("items", [])), r.json.get("total")),
          (ids(sorted(mit, key=lambda x: rank[x.get("residual_level")]))[1:4], len(mit)),
          "filter, sort and page together")
    # an object read alone (a risk with only its rules and measures) is its item in the list, derived fields and all
    for kind in ("risks", "measures", "threats", "changes", "nodes", "edges"):
        items = ivan.get(OA + "/%s?limit=1000" % kind).json.get("items", [])
        ck.check(len(items) >= 2, "the example has %s" % kind, len(items))
        path = (lambda x: "%s/%s" % (x.get("from"), x.get("to"))) if kind == "edges" else (lambda x: x.get("id"))
        differ = [path(x) for x in items if ivan.get(OA + "/%s/%s" % (kind, path(x))).json != x]
        ck.eq(differ, [], "GET %s/{id} answers its item of the list" % kind)
    r = ivan.get(OA + "/risks?sort=-inherent_level&limit=2&offset=1")
    ck.eq(r.json.get("offset"), 1, "offset echoed")
    # a level sorts by rank (Kritisk, Høj, Medium, Lav), not alphabetically (Høj, Kritisk, Lav, Medium)
    rank = {"Kritisk": 0, "Høj": 1, "Medium": 2, "Lav": 3}
    for key in ("residual_level", "inherent_level"):
        got = [x.get(key) for x in ivan.get(OA + "/risks?sort=-%s&limit=1000" % key).json.get("items", [])]
        ck.check(len(set(got)) >= 3, "the example has three or more %s values to order" % key, sorted(set(got)))
        ck.eq(got, sorted(got, key=lambda v: rank[v]), "sort=-%s: Kritisk first, then Høj, Medium, Lav" % key)
        up = [x.get(key) for x in ivan.get(OA + "/risks?sort=%s&limit=1000" % key).json.get("items", [])]
        ck.eq(up, sorted(up, key=lambda v: -rank[v]), "sort=%s: Lav first" % key)
    got = [x.get("effective_criticality") for x in
           ivan.get(OA + "/nodes?sort=-effective_criticality&limit=1000").json.get("items", [])]
    ck.eq(got, sorted(got, key=lambda v: rank[v]), "sort=-effective_criticality by rank")
    r = ivan.get(OA + "/nodes?no_such_field=1")
    error_shape(ck, r, "invalid", "no_such_field", "a filter on a field no item has")
    r = ivan.get(OA + "/nodes?sort=no_such_field")
    error_shape(ck, r, "invalid", "sort", "sort on a field no item has")
    for q, f in (("limit=0", "limit"), ("limit=1001", "limit"), ("limit=abc", "limit"), ("offset=-1", "offset")):
        error_shape(ck, ivan.get(OA + "/nodes?" + q), "invalid", f, "GET nodes?" + q)
    r = ivan.get("/api/v1/nodes?limit=1000")
    ck.status(r, 200, "GET /api/v1/nodes (every organisation)")
    ck.check(r.json.get("items") and all(n.get("org") == A for n in r.json["items"]),
             "cross-organisation nodes carry org", r.text[:200])
    for kind in ("risks", "measures", "incidents"):
        r = ivan.get("/api/v1/%s?limit=1000" % kind)
        ck.check(r.status == 200 and r.json.get("items") and all(x.get("org") == A for x in r.json["items"]),
                 "GET /api/v1/%s lists with org" % kind, r.text[:200])
    r = ivan.get("/api/v1/risks?org=%s&limit=1" % A)
    ck.eq(r.json.get("total"), len(allr), "cross-organisation list filtered by org")

    # ---------------------------------------------------------------- ETag
    ck.section("ETag, If-None-Match, If-Match")
    r = ivan.get(OA + "/risks/r-api-1")
    etag = r.header("ETag")
    ck.check(etag and etag.startswith('"'), "GET carries a quoted ETag", etag)
    r2 = ivan.get(OA + "/risks/r-api-1", headers={"If-None-Match": etag})
    ck.status(r2, 304, "If-None-Match with the current ETag: 304")
    ck.eq(r2.body, b"", "304 has no body")
    r2 = ivan.get(OA + "/risks/r-api-1", headers={"If-None-Match": '"stale"'})
    ck.status(r2, 200, "If-None-Match with another ETag: 200")
    lst = ivan.get(OA + "/nodes?limit=3")
    ck.status(ivan.get(OA + "/nodes?limit=3", headers={"If-None-Match": lst.header("ETag") or "x"}), 304,
              "a list answers 304 too")
    r = ivan.patch(OA + "/risks/r-api-1", {"owner": "Ny ejer"}, headers={"If-Match": '"not-the-etag"'})
    error_shape(ck, r, "precondition_failed", Ellipsis, "PATCH with a stale If-Match")
    ck.eq(ivan.get(OA + "/risks/r-api-1").json.get("owner"), RISK_BODY["owner"], "a 412 writes nothing")
    audit.nothing("a 412")
    r = write(ivan, "PATCH", OA + "/risks/r-api-1", {"owner": "Ny ejer"}, 200, "risk", "r-api-1",
              "PATCH with the current If-Match", headers={"If-Match": etag})
    r = ivan.patch(OA + "/risks/r-api-1", {"owner": "Tredje ejer"}, headers={"If-Match": etag})
    ck.status(r, 412, "the old ETag after a change: 412")
    r = ivan.get(OA + "/risks/r-api-1", headers={"If-None-Match": etag})
    ck.status(r, 200, "after a change the old ETag gives 200")
    ck.check(r.header("ETag") != etag, "after a change the ETag differs")

    # ---------------------------------------------------------------- the answer cache
    ck.section("the answer cache: a write is seen by the next read")
    views = ("/overview", "/followup", "/register?format=json", "/spof", "/tables", "/export", "/reports/isu",
             "/reports/management", "/edges?limit=1000", "/impact/n-api-2")
    first = {v: ivan.get(OA + v).text for v in views}
    again = {v: ivan.get(OA + v).text for v in views}
    ck.eq([v for v in views if first[v] != again[v]], [], "the same read twice answers the same")
    n_overview = ivan.get(OA + "/overview").json.get("nodes", {}).get("total")
    write(ivan, "POST", OA + "/nodes", {"id": "n-cache", "kind": "process", "name": "Cache-proces",
                                        "criticality": "Kritisk", "critical_service": True}, 201, "node", "n-cache",
          "POST a node (cache)")
    write(ivan, "POST", OA + "/edges", {"from": "n-cache", "to": "n-api-2", "type": "uses"}, 201, "edge",
          "n-cache -> n-api-2", "POST an edge (cache)")
    ck.eq(ivan.get(OA + "/overview").json.get("nodes", {}).get("total"), (n_overview or 0) + 1,
          "overview counts the new node at once")
    r = ivan.get(OA + "/impact/n-api-2")
    ck.check("n-cache" in [n.get("id") for n in r.json.get("fails", [])], "impact sees the new edge at once",
             r.text[:300])
    ck.check("n-cache" in [e.get("from") for e in ivan.get(OA + "/edges?limit=1000").json.get("items", [])],
             "the edge list has the new edge at once")
    ck.check("n-cache" in ivan.get(OA + "/export").text, "the export has the new node at once")
    r = ivan.get("/api/v1/nodes?id=n-cache")
    ck.eq(r.json.get("total"), 1, "the cross-organisation list has the new node at once")
    # a write by another process (the shell) on the same database
    s.cli("node", "add", "--org", A, "--id", "n-shell", "--kind", "system", "--name", "Fra skallen")
    ck.eq(ivan.get(OA + "/overview").json.get("nodes", {}).get("total"), (n_overview or 0) + 2,
          "overview counts a node the shell added")
    ck.check("n-shell" in ivan.get(OA + "/export").text, "the export has the shell's node")
    ck.eq(ivan.get("/api/v1/nodes?id=n-shell").json.get("total"), 1, "the cross-organisation list has the shell's node")
    s.cli("node", "delete", "n-shell", "--org", A)
    ck.check("n-shell" not in ivan.get(OA + "/export").text, "the export drops the node the shell deleted")
    # the organisation list carries the caller's role: a role change shows at once
    ck.eq(mona.get("/api/v1/orgs").json.get("items", [{}])[0].get("role"), "management", "GET /orgs: mona's role")
    write(alice, "PATCH", OA, {"name": "Eksempel Kommune (cache)"}, 200, "organisation", A, "PATCH the name (cache)")
    ck.eq(mona.get("/api/v1/orgs").json.get("items", [{}])[0].get("name"), "Eksempel Kommune (cache)",
          "GET /orgs shows the new name at once")
    s.role("mona", A, "auditor")
    ck.eq(mona.get("/api/v1/orgs").json.get("items", [{}])[0].get("role"), "auditor",
          "GET /orgs shows a role changed in the shell at once")
    ck.status(mona.get(OA + "/audit?limit=1"), 200, "… and the new role's rights apply at once")
    s.role("mona", A, "management")
    for path in ("/edges/n-cache/n-api-2", "/nodes/n-cache"):
        write(ivan, "DELETE", OA + path, None, (200, 204), "edge" if "edges" in path else "node",
              "n-cache -> n-api-2" if "edges" in path else "n-cache", "DELETE " + path + " (cache)")
    ck.eq(ivan.get(OA + "/overview").json.get("nodes", {}).get("total"), n_overview,
          "overview drops the deleted node at once")
    ck.status(ivan.get(OA + "/edges/n-cache/n-api-2"), 404, "GET a deleted edge (cached route) is 404")
    # SERVER BUG: the cache key is the path plus "&k=v" for each decoded query argument, unescaped (api.c
    # cache_ref_make/query_append), so ?a=1%26format=html (one argument) and ?a=1&format=html (two) share a key:
    # the second is answered from the first's entry, JSON instead of HTML.
    r1 = ivan.get(OA + "/reports/isu?a=1%26format=html")
    r2 = ivan.get(OA + "/reports/isu?a=1&format=html")
    ck.check(r1.status == 200 and (r1.header("Content-Type") or "").startswith("application/json"),
             "reports/isu with one odd argument answers JSON", r1)
    ck.check(r2.status == 200 and (r2.header("Content-Type") or "").startswith("text/html"),
             "… and ?a=1&format=html right after answers HTML (no cache-key collision)", r2.header("Content-Type"))

    # ---------------------------------------------------------------- errors
    ck.section("errors")
    r = ivan.get("/api/v1/no-such-route")
    error_shape(ck, r, "not_found", None, "an unknown API path")
    r = ivan.request("DELETE", "/api/v1/health")
    error_shape(ck, r, "method_not_allowed", None, "a wrong method")
    ck.check("GET" in (r.header("Allow") or ""), "405 names the allowed methods", r.header("Allow"))
    r = ivan.post(OA + "/nodes", raw='{"id": "n-bad",', ctype="application/json")
    error_shape(ck, r, "invalid", "body", "malformed JSON")
    r = ivan.post(OA + "/nodes", raw='{"id":"n-bad","kind":"system","name":"x"}', ctype="text/plain")
    error_shape(ck, r, "unsupported_media_type", Ellipsis, "a body of type text/plain")
    r = ivan.post(OA + "/nodes", raw='[1,2]', ctype="application/json")
    error_shape(ck, r, "invalid", "body", "a JSON array where an object is wanted")
    r = anon.get(OA + "/nodes")
    error_shape(ck, r, "unauthenticated", Ellipsis, "no credentials")
    r = ivan.get("/api/v1/orgs/no-such-org/nodes")
    error_shape(ck, r, "not_found", Ellipsis, "an unknown organisation")
    r = ivan.get(OA + "/measures/no-such-measure")
    error_shape(ck, r, "not_found", "id", "GET a missing measure")
    r = ivan.get(OA + "/incidents/no-such-incident")
    # SERVER BUG (minor): the field is the CLI's positional placeholder "ID", not "id" as for the other objects.
    error_shape(ck, r, "not_found", "id", "GET a missing incident")

    # ---------------------------------------------------------------- audit
    ck.section("audit log and verify")
    r = aud.get(OA + "/audit?limit=5&sort=-seq")
    ck.status(r, 200, "GET audit")
    items = r.json.get("items", [])
    ck.check(items and all({"seq", "at", "actor", "action", "entity", "org"} <= set(e) for e in items),
             "audit entries have seq, at, actor, action, entity, org", items[:1])
    ck.eq([e.get("seq") for e in items], sorted([e.get("seq") for e in items], reverse=True), "audit sort=-seq")
    r = aud.get(OA + "/audit?actor=mona&limit=1000")
    ck.check(r.json.get("items") and all(e.get("actor") == "mona" for e in r.json["items"]),
             "audit filtered by actor: mona's decisions", r.text[:300])
    r = aud.post("/api/v1/audit/verify")
    ck.status(r, 200, "POST /audit/verify")
    ck.eq(r.json.get("ok"), True, "the audit chain is intact")
    ck.check(isinstance(r.json.get("your_entries"), int) and r.json["your_entries"] > 100, "verify counts the entries",
             r.json)
    p = s.cli_raw("audit", "verify")
    ck.eq(p.returncode, 0, "skjold audit verify agrees after the API's writes")
    r = sa.get("/api/v1/audit/export?since=2000-01-01&format=jsonl")
    ck.status(r, 200, "GET /audit/export (tests/api/test_audit_export.sh checks it through)")
    r = aud.get("/api/v1/audit/export?since=2000-01-01&format=jsonl")
    ck.status(r, 403, "GET /audit/export is a system administrator's")

    # ---------------------------------------------------------------- users
    ck.section("users (system administrator)")
    r = sa.get("/api/v1/users")
    ck.status(r, 200, "GET /users")
    names = [u.get("name") for u in r.json.get("items", [])]
    ck.check({"alice", "ivan", "sa"} <= set(names), "GET /users lists users", names)
    ck.check(all(not {"password", "pw_hash", "totp_secret"} & set(u) for u in r.json.get("items", [])),
             "GET /users shows no secrets")
    r = sa.post("/api/v1/users", {"name": "nina", "display_name": "Nina Nielsen"})
    ck.status(r, 201, "POST /users")
    pw1 = r.json.get("password")
    ck.check(isinstance(pw1, str) and len(pw1) >= 12, "POST /users answers a one-time password")
    ck.eq(r.json.get("must_change_password"), True, "a new user must change the password")
    r = sa.post("/api/v1/users", {"name": "nina"})
    error_shape(ck, r, "conflict", "name", "POST /users with an existing name")
    r = sa.post("/api/v1/users", {"name": "bad name!"})
    error_shape(ck, r, "invalid", "name", "POST /users with a bad name")
    r = sa.post("/api/v1/users", {"name": "x2", "role": "admin"})
    error_shape(ck, r, "invalid", "role", "POST /users with an unknown field")
    r = sa.get("/api/v1/users/ivan")
    ck.status(r, 200, "GET /users/{name}")
    ck.eq(r.json.get("memberships"), [{"org": A, "role": "isk", "sso": False}],
          "GET /users/{name}: memberships, none granted by single sign-on")
    ck.eq(r.json.get("sso"), None, "GET /users/{name}: sso null for a password user")
    ck.status(sa.get("/api/v1/users/no-such-user"), 404, "GET a missing user")
    r = sa.patch("/api/v1/users/nina", {"display_name": "Nina N."})
    ck.status(r, 200, "PATCH /users/{name}")
    ck.eq(sa.get("/api/v1/users/nina").json.get("display_name"), "Nina N.", "display_name stored")
    # the home organisation the web UI opens at sign-in: one the user holds a role in
    ck.eq(sa.get("/api/v1/users/ivan").json.get("home_org"), None, "a user has no home organisation at first")
    r = sa.patch("/api/v1/users/ivan", {"home_org": "bankb"})
    error_shape(ck, r, "invalid", "home_org", "PATCH home_org: an organisation the user holds no role in")
    r = sa.patch("/api/v1/users/ivan", {"home_org": "no-such-org"})
    error_shape(ck, r, "invalid", "home_org", "PATCH home_org: a missing organisation")
    r = sa.patch("/api/v1/users/ivan", {"home_org": 7})
    error_shape(ck, r, "invalid", "home_org", "PATCH home_org: not a text")
    ck.eq(sa.get("/api/v1/users/ivan").json.get("home_org"), None, "  a refused home_org changes nothing")
    r = sa.patch("/api/v1/users/ivan", {"home_org": A})
    ck.eq((r.status, r.json.get("home_org")), (200, A), "PATCH home_org: an organisation the user works in")
    ci, r = s.login("ivan")
    ck.eq(r.json.get("user", {}).get("home_org"), A, "  the session tells the web UI the home organisation")
    r = sa.patch("/api/v1/users/ivan", {"home_org": None})
    ck.eq((r.status, r.json.get("home_org")), (200, None), "PATCH home_org null clears it")
    r = sa.patch("/api/v1/users/nina", {"password": "x"})
    error_shape(ck, r, "invalid", "password", "PATCH /users with an unknown field")
    r = sa.patch("/api/v1/users/sa", {"admin": False})
    error_shape(ck, r, "invalid", "admin", "a system administrator cannot drop its own admin")
    r = sa.post("/api/v1/users/nina/reset")
    ck.status(r, 200, "POST /users/{name}/reset")
    pw2 = r.json.get("password")
    ck.check(pw2 and pw2 != pw1, "reset answers a new one-time password")
    c, r = s.login("nina", password=pw1)
    ck.status(r, 401, "the first one-time password no longer works")
    c, r = s.login("nina", password=pw2)
    ck.status(r, 200, "the reset password works")
    ck.eq(r.json.get("next"), "change_password", "after a reset the password must be changed")
    sa.patch("/api/v1/users/nina", {"disabled": True})
    ck.status(c.get("/api/v1/session"), 401, "disabling a user ends its sessions")
    c, r = s.login("nina", password=pw2)
    ck.status(r, 401, "a disabled user cannot log in")
    # user administration belongs to no organisation: it is in the whole audit log (the shell's view)
    log = [e for e in s.cli("audit", "log") if e.get("entity") == "user" and e.get("key") == "nina"]
    ck.eq([(e.get("actor"), e.get("action")) for e in log],
          [("sa", "create"), ("sa", "update"), ("sa", "reset-password"), ("sa", "update")],
          "the audit log has sa's create, update, reset and disable of nina")
    ck.check(not any(pw in json.dumps(e) for e in log for pw in (pw1, pw2)), "the user entries carry no password")

    # linking a user to a single sign-on identity (docs/sso.md, "Linking")
    r = sa.post("/api/v1/users", {"name": "lena"})
    ck.status(r, 201, "POST /users lena")
    lena_pw = r.json.get("password") or "x"
    before = s.checksum()
    r = alice.put("/api/v1/users/lena/sso", {"issuer": "https://idp.example", "subject": "lena-1"})
    ck.status(r, 403, "PUT /users/{name}/sso: system administrators only")
    r = sa.put("/api/v1/users/lena/sso", {"issuer": "ftp://idp.example", "subject": "lena-1"})
    error_shape(ck, r, "invalid", "issuer", "PUT /users/{name}/sso with an issuer that is not https")
    r = sa.put("/api/v1/users/lena/sso", {"issuer": "https://idp.example", "subject": ""})
    error_shape(ck, r, "invalid", "subject", "PUT /users/{name}/sso with an empty subject")
    r = sa.put("/api/v1/users/lena/sso", {"issuer": "https://idp.example"})
    error_shape(ck, r, "invalid", "subject", "PUT /users/{name}/sso without a subject")
    r = sa.put("/api/v1/users/lena/sso", {"issuer": "https://idp.example", "subject": "s", "sub": "x"})
    error_shape(ck, r, "invalid", "sub", "PUT /users/{name}/sso with an unknown field")
    r = sa.put("/api/v1/users/nobody-here/sso", {"issuer": "https://idp.example", "subject": "s"})
    ck.status(r, 404, "PUT /users/{name}/sso of a missing user")
    r = sa.delete("/api/v1/users/lena/sso")
    error_shape(ck, r, "invalid", "sso", "DELETE /users/{name}/sso of a user not linked")
    ck.eq(s.checksum(), before, "  refused links change nothing")
    r = sa.put("/api/v1/users/lena/sso", {"issuer": "https://idp.example", "subject": "lena-1"})
    ck.eq((r.status, r.json.get("sso")), (200, {"issuer": "https://idp.example"}),
          "PUT /users/{name}/sso links the user; the answer shows the issuer")
    ck.check("lena-1" not in r.text, "  never the subject", r.text[:300])
    ck.eq(r.json.get("must_change_password"), False, "  the one-time password not yet changed is void")
    c, r = s.login("lena", password=lena_pw)
    ck.status(r, 401, "  and no longer logs in")
    r = sa.get("/api/v1/users")
    lena = [u for u in r.json.get("items", []) if u.get("name") == "lena"]
    ck.check(lena and lena[0].get("sso") == {"issuer": "https://idp.example"} and lena[0].get("memberships") == [],
             "GET /users shows the provider and the memberships", lena)
    r = sa.put("/api/v1/users/nina/sso", {"issuer": "https://idp.example", "subject": "lena-1"})
    error_shape(ck, r, "conflict", "subject", "PUT /users/{name}/sso of an identity another user holds")
    r = sa.delete("/api/v1/users/lena/sso")
    ck.eq((r.status, r.json.get("sso")), (200, None), "DELETE /users/{name}/sso takes the identity away")
    log = [e for e in s.cli("audit", "log") if e.get("entity") == "user" and e.get("key") == "lena"]
    ck.eq([(e.get("actor"), e.get("action")) for e in log], [("sa", "create"), ("sa", "link-sso"), ("sa", "unlink-sso")],
          "the audit log has sa's link-sso and unlink-sso of lena")
    ck.check(not any("lena-1" in json.dumps(e) for e in log), "  without the subject")

    # ---------------------------------------------------------------- tokens
    ck.section("tokens")
    r = alice.post("/api/v1/tokens", {"name": "script", "org": A, "role": "isk",
                                      "expires": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 400 * 86400))})
    ck.status(r, 201, "POST /tokens")
    tok = r.json.get("token", "")
    tid = r.json.get("id")
    ck.check(tok.startswith("skj_"), "the token is answered once (skj_…)")
    ck.eq((r.json.get("org"), r.json.get("role"), r.json.get("user")), (A, "isk", "alice"), "token: org, role, user")
    audit.expect("alice", "token", str(tid), "POST /tokens", "create")
    r = alice.get("/api/v1/tokens")
    ck.status(r, 200, "GET /tokens")
    mine = [t for t in r.json.get("items", []) if t.get("id") == tid]
    ck.check(mine and "token" not in mine[0] and not any("skj_" in json.dumps(t) for t in r.json.get("items", [])),
             "GET /tokens lists the token without its secret", r.text[:300])
    ck.check(any(t.get("user") == "audrey" for t in r.json.get("items", [])),
             "an organisation admin sees the organisation's other tokens")
    r = ivan.get("/api/v1/tokens")
    ck.check(r.status == 200 and not any(t.get("user") != "ivan" for t in r.json.get("items", [])),
             "isk sees only its own tokens", r.text[:300])
    bot = s.bearer(tok)
    bot.actor = "alice (token %s)" % tid
    r = write(bot, "POST", OA + "/threats", {"id": "t-bot", "name": "Bot", "category": threat["category"],
                                            "threat_level": 1}, 201, "threat", "t-bot", "a write with the token")
    ck.status(bot.post("/api/v1/tokens", {"name": "x", "org": A, "role": "isk"}), 403, "a token cannot make tokens")
    r = bot.post(OA + "/tables/likelihood_table", tables["likelihood_table"])
    ck.status(r, 405, "POST on a PUT route: 405")
    r = bot.put(OA + "/tables/likelihood_table", tables["likelihood_table"])
    error_shape(ck, r, "forbidden", Ellipsis, "an isk token cannot PUT tables")
    r = ivan.post("/api/v1/tokens", {"name": "x", "org": A, "role": "admin"})
    error_shape(ck, r, "forbidden", "role", "a token with more rights than one's role")
    r = alice.post("/api/v1/tokens", {"name": "x", "org": A, "role": "isk", "expires": "2020-01-01"})
    error_shape(ck, r, "invalid", "expires", "a token that expired already")
    r = alice.post("/api/v1/tokens", {"name": "x", "org": A, "role": "root"})
    error_shape(ck, r, "invalid", "role", "a token with an unknown role")
    r = alice.post("/api/v1/tokens", {"name": "x", "org": "no-such-org", "role": "isk"})
    error_shape(ck, r, "not_found", "org", "a token for an unknown organisation")
    r = alice.delete("/api/v1/tokens/%s" % tid)
    ck.status(r, 204, "DELETE /tokens/{id}")
    audit.expect("alice", "token", str(tid), "token revoke")
    ck.status(bot.get(OA), 401, "a revoked token is 401")
    ck.status(alice.delete("/api/v1/tokens/999999"), 404, "DELETE a missing token")

    # ---------------------------------------------------------------- members
    ck.section("members")
    r = ivan.get(OA + "/members")
    ck.status(r, 200, "GET members")
    ck.check({"user": "ivan", "role": "isk", "sso": False} in r.json.get("items", []), "members lists ivan as isk",
             r.text[:300])
    write(alice, "PUT", OA + "/members/bob", {"role": "auditor"}, 200, "membership", "bob", "PUT members/{user}")
    ck.check({"user": "bob", "role": "auditor", "sso": False} in ivan.get(OA + "/members").json.get("items", []),
             "bob is a member")
    r = alice.put(OA + "/members/bob", {"role": "king"})
    error_shape(ck, r, "invalid", "role", "PUT members with an unknown role")
    r = alice.put(OA + "/members/no-such-user", {"role": "isk"})
    ck.status(r, 404, "PUT members of a missing user")
    r = ivan.put(OA + "/members/bob", {"role": "admin"})
    error_shape(ck, r, "forbidden", Ellipsis, "isk cannot change members")
    write(alice, "DELETE", OA + "/members/bob", None, 204, "membership", "bob", "DELETE members/{user}")
    ck.check("bob" not in [m.get("user") for m in ivan.get(OA + "/members").json.get("items", [])], "bob is gone")
    r = alice.delete(OA + "/members/alice")
    error_shape(ck, r, "invalid", "user", "one cannot remove one's own membership")

    # ---------------------------------------------------------------- webhooks (tests/api/test_webhooks.py has the deliveries)
    ck.section("webhooks")
    hook = {"id": "wh-api", "url": "http://127.0.0.1:9/hook", "events": ["incident.created"], "tlp": "GREEN"}
    r = write(alice, "POST", OA + "/webhooks", hook, 201, "webhook", "wh-api", "POST webhooks")
    ck.check(r.json.get("secret", "").startswith("whsec_"), "POST webhooks answers the secret once", r.text[:300])
    r = alice.get(OA + "/webhooks")
    ck.check(r.status == 200 and [w["id"] for w in r.json.get("webhooks", [])] == ["wh-api"] and "secret" not in r.text,
             "GET webhooks lists it without its secret", r.text[:300])
    r = alice.get(OA + "/webhooks/wh-api")
    ck.check(r.status == 200 and r.json.get("tlp") == "GREEN" and "secret" not in r.text, "GET webhooks/{id}", r.text[:300])
    write(alice, "PATCH", OA + "/webhooks/wh-api", {"enabled": False}, 200, "webhook", "wh-api", "PATCH webhooks/{id}")
    r = alice.post(OA + "/webhooks", dict(hook, id="wh-bad", url="file:///etc/passwd"))
    error_shape(ck, r, "invalid", "url", "POST webhooks with a file URL")
    r = ivan.get(OA + "/webhooks")
    error_shape(ck, r, "forbidden", Ellipsis, "an isk may not see the webhooks")
    r = alice.post(OA + "/webhooks/wh-api/test")
    ck.check(r.status == 200 and r.json.get("delivered") is False and r.json.get("delivery", {}).get("event") == "ping",
             "POST webhooks/{id}/test: a ping nobody answers is logged as failed", r.text[:300])
    r = alice.get(OA + "/webhooks/wh-api/deliveries")
    ck.check(r.status == 200 and r.json["deliveries"][0]["tries"][0]["status"] == "failed",
             "GET webhooks/{id}/deliveries has the ping's try", r.text[:300])
    write(alice, "DELETE", OA + "/webhooks/wh-api", None, 204, "webhook", "wh-api", "DELETE webhooks/{id}")
    ck.status(alice.get(OA + "/webhooks/wh-api"), 404, "a removed webhook is gone")

    # ---------------------------------------------------------------- deletes
    ck.section("deletes")
    for path, entity, key in (("/changes/c-api-1", "change", "c-api-1"), ("/measures/m-api-1", "measure", "m-api-1"),
                              ("/risks/r-csv-1", "risk", "r-csv-1"), ("/risks/r-api-1", "risk", "r-api-1"),
                              ("/edges/n-api-1/n-api-2", "edge", "n-api-1 -> n-api-2"),
                              ("/threats/t-bot", "threat", "t-bot"), ("/threats/t-api-1", "threat", "t-api-1"),
                              ("/nodes/n-api-1", "node", "n-api-1"), ("/nodes/n-api-2", "node", "n-api-2"),
                              ("/nodes/n-api-3", "node", "n-api-3")):
        write(ivan, "DELETE", OA + path, None, (200, 204), entity, key, "DELETE " + path)
        ck.status(ivan.get(OA + path), 404, "GET after DELETE " + path)
    ck.status(ivan.delete(OA + "/nodes/n-api-1"), 404, "DELETE a missing node")

    ck.section("export and import")
    r = alice.get(OA + "/export")
    ck.status(r, 200, "GET export")
    doc = r.json
    ck.eq(doc.get("organisation", {}).get("id"), A, "export: the organisation")
    ck.check("inc-api-1" in [i.get("id") for i in doc.get("incidents", [])], "export has the API's incident")
    r = alice.post("/api/v1/import", {"skjold": 1, "organisation": {"id": A, "name": "x", "kind": "nonsense"}})
    error_shape(ck, r, "invalid", "organisation.kind", "import of a bad document")
    ck.eq(alice.get(OA + "/export").json, doc, "a refused import changes nothing")
    audit.nothing("a refused import")
    r = ivan.post("/api/v1/import", doc)
    error_shape(ck, r, "forbidden", Ellipsis, "import by isk")
    r = write(alice, "POST", "/api/v1/import", doc, 200, "organisation", A, "POST /import (round trip)", "replace")
    ck.eq([x.get("organisation") for x in r.json.get("imported", [])], [A], "import answers the organisation")
    doc2 = s.cli("export", "--org", A)  # a fresh connection: what is stored (the workers: below)
    ck.check(doc2 == doc, "export -> import -> export gives the same document",
             [k for k in doc if doc.get(k) != doc2.get(k)])
    # An import deletes and re-creates the organisation under a new key: no worker may keep the old one
    # (store/sqlstore.c org_oid caches the key only inside one transaction). The lists below may come from
    # the answer cache; the writes after them reach every worker's connection.
    counts = set()
    for i in range(4):
        for r in parallel(lambda i: ivan.get(OA + "/nodes?limit=1"), 8):
            counts.add(r.json.get("total") if hasattr(r, "json") else repr(r))
    ck.eq(counts, {len(doc.get("nodes", []))}, "after an import every worker answers the imported nodes")
    # a worker that resolved the organisation's key before the import (a cached GET's stamp) must not
    # write to the replaced one: PostgreSQL never reuses a key, so a stale one finds nothing (404)
    title = ivan.get(OA + "/risks/r-1").json.get("title")
    for rnd in range(3):
        got = parallel(lambda i: ivan.patch(OA + "/risks/r-1", {"title": title}), 8)
        ck.eq(sorted(getattr(r, "status", repr(r)) for r in got), [200] * 8,
              "after an import every worker writes to the imported organisation (round %d)" % (rnd + 1))
        r = alice.post("/api/v1/import", doc)
        ck.status(r, 200, "the import again (round %d)" % (rnd + 1))

    limits(ck, s, ivan, alice, sa, aud)

    # ---------------------------------------------------------------- logout
    ck.section("logout")
    # SERVER BUG: POST /logout answers 403 "not available to a scoped caller": api.c scopes the store before the
    # handler and api_auth.c h_logout calls store_session_delete (UNSCOPED only) — the session stays alive.
    r = ivan.post("/api/v1/logout")
    ck.status(r, 204, "POST /logout")
    kept = s.anon()
    kept.cookie = ivan.cookie or "gone"
    ck.status(kept.get("/api/v1/session"), 401, "after logout the session id is dead")


def limits(ck, s, ivan, alice, sa, aud):
    """Bounded fields (src/core/limit.h): one byte over is 400 invalid naming the field, nothing written; at it, 200."""
    ck.section("bounded fields")
    ID, NAME, TEXT, LONG = 64, 200, 8000, 20000

    def state():
        return alice.get(OA + "/export").text, aud.get(OA + "/audit?limit=1").json.get("total")

    def over(client, method, path, body, field, limit, name, **kw):
        before = state()
        r = client.request(method, path, body=body, **kw)
        error_shape(ck, r, "invalid", field, name)
        ck.check("maximum of %d" % limit in r.text, name + ": says the maximum of %d" % limit, r.text[:300])
        ck.eq(state(), before, name + ": nothing written (export and audit log unchanged)")

    x = "x"
    r1 = ivan.get(OA + "/risks/r-1").json
    over(ivan, "PATCH", OA + "/risks/r-1", {"title": x * (NAME + 1)}, "title", NAME, "PATCH risk title 201 bytes")
    r = ivan.patch(OA + "/risks/r-1", {"title": "ø" * (NAME // 2)})
    ck.status(r, 200, "PATCH risk title of 100 × ø (200 bytes)")
    ck.eq(r.json.get("title"), "ø" * (NAME // 2), "the title is stored whole")
    over(ivan, "PATCH", OA + "/risks/r-1", {"note": x * (TEXT + 1)}, "note", TEXT, "PATCH risk note 8001 bytes")
    ck.status(ivan.patch(OA + "/risks/r-1", {"note": x * TEXT}), 200, "PATCH risk note of 8000 bytes")
    # the defect: megabyte titles grew the audit log for good; now each is refused and leaves no trace
    for i in range(3):
        over(ivan, "PATCH", OA + "/risks/r-1", {"title": x * 1000000}, "title", NAME, "PATCH a 1 MB title #%d" % i)
    over(ivan, "POST", OA + "/nodes", {"id": "n-lim", "kind": "system", "name": x * (NAME + 1)}, "name", NAME,
         "POST node name 201 bytes")
    over(ivan, "POST", OA + "/nodes", {"id": "n" * (ID + 1), "kind": "system", "name": "N"}, "id", ID,
         "POST node id 65 bytes")
    r = ivan.post(OA + "/nodes", {"id": "n" * ID, "kind": "system", "name": x * NAME, "description": x * TEXT})
    ck.status(r, 201, "POST node with id, name and description at their maxima")
    over(ivan, "PATCH", OA + "/nodes/" + "n" * ID, {"description": x * (TEXT + 1)}, "description", TEXT,
         "PATCH node description 8001 bytes")
    over(ivan, "PATCH", OA + "/nodes/p-hjemmepleje", {"override": {"level": "Høj", "reason": x * (TEXT + 1)}},
         "override.reason", TEXT, "PATCH node override.reason 8001 bytes")
    over(ivan, "PATCH", OA + "/threats/t-ransomware", {"description": x * (TEXT + 1)}, "description", TEXT,
         "PATCH threat description 8001 bytes")
    over(ivan, "PATCH", OA + "/measures/m-1", {"title": x * (NAME + 1)}, "title", NAME,
         "PATCH measure title 201 bytes")
    over(ivan, "PATCH", OA + "/changes/c-1", {"description": x * (TEXT + 1)}, "description", TEXT,
         "PATCH change description 8001 bytes")
    over(ivan, "PATCH", OA + "/edges/p-hjemmepleje/s-omsorg", {"group": x * (NAME + 1)}, "group", NAME,
         "PATCH edge group 201 bytes")
    over(alice, "PATCH", OA, {"name": x * (NAME + 1)}, "name", NAME, "PATCH organisation name 201 bytes")
    over(ivan, "PATCH", OA + "/incidents/inc-2026-11-ransomware", {"notes": x * (LONG + 1)}, "notes", LONG,
         "PATCH incident notes 20001 bytes")
    over(ivan, "PATCH", OA + "/incidents/inc-2026-11-ransomware", {"nodes": ["s-omsorg"] * 1001}, "nodes", 1000,
         "PATCH incident with 1001 nodes")
    doc = s.cli("export", "--org", A)
    doc["risks"][3]["title"] = x * (NAME + 1)
    over(alice, "POST", "/api/v1/import", doc, "risks[3].title", NAME, "POST /import with a risk title 201 bytes")
    csv = "id;kind;name\nn-csv-ok;system;Ok\nn-csv-big;system;%s\n" % (x * (NAME + 1))
    over(ivan, "POST", OA + "/import-csv?kind=nodes", None, "row 3, name", NAME, "POST import-csv node name 201 bytes",
         raw=csv, ctype="text/csv")
    over(sa, "PATCH", "/api/v1/users/ivan", {"display_name": x * (NAME + 1)}, "display_name", NAME,
         "PATCH user display_name 201 bytes")
    over(alice, "POST", "/api/v1/tokens", {"name": x * (NAME + 1), "org": A, "role": "isk"}, "name", NAME,
         "POST token name 201 bytes")
    ck.status(ivan.patch(OA + "/risks/r-1", {"title": r1.get("title"), "note": r1.get("note")}), 200,
              "r-1 as it was")
    ck.status(ivan.delete(OA + "/nodes/" + "n" * ID), 200, "the node at the maxima deleted")


# ---------------------------------------------------------------- the sector forum

FORUM = "fsor"
FORUM_USERS = (("fsec", "nationalbanken", "secretariat"), ("fadm", "nationalbanken", "admin"),
               ("fb1", "bank1", "isk"), ("fb2", "bank2", "isk"), ("faud", "bank1", "auditor"),
               ("fns", "nordsky", "isk"), ("fsky", "skyhost", "isk"), ("fkom", A, "isk"), ("fb1adm", "bank1", "admin"))


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


def forum_setup(s):
    """The example forum (scripts/example-forum.sh) in the test database, written an hour ago; its callers."""
    p = subprocess.run(["sh", os.path.join(server.ROOT, "scripts", "example-forum.sh"), s.binary, s.db,
                        iso(time.time() - 3600)], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("scripts/example-forum.sh failed (%d): %s" % (p.returncode, p.stderr[-1000:]))
    for user, org, role in FORUM_USERS:
        s.user_add(user)
        s.role(user, org, role)


def fpath(org, rest="", forum=FORUM):
    return "/api/v1/orgs/%s/forums/%s%s" % (org, forum, rest)


def same_404(ck, r1, r2, ids, name):
    """r1 answers 404 exactly as r2 (made up) does: status, Content-Type and body apart from the ids."""
    def norm(r):
        text = r.text
        for i in sorted(ids, key=len, reverse=True):
            text = text.replace(i, "ID")
        return text
    ck.eq(r1.status, 404, name + ": 404")
    ck.check(r1.status == r2.status and r1.header("Content-Type") == r2.header("Content-Type")
             and norm(r1) == norm(r2), name + ": the same answer as for a made-up id",
             "hidden: %d %s\n made up: %d %s" % (r1.status, r1.text[:300], r2.status, r2.text[:300]))


def forum_tests(ck, s):
    c = {u: s.session(u) for u, _, _ in FORUM_USERS}
    sec, fadm, b1, b2, faud, ns, sky, kom = (c[u] for u in ("fsec", "fadm", "fb1", "fb2", "faud", "fns", "fsky",
                                                             "fkom"))
    NB = "nationalbanken"

    def audit_has(org, actor, action, entity, key, name):
        log = s.cli("audit", "log", "--org", org)
        hit = [e for e in log if e.get("actor") == actor and e.get("action") == action
               and e.get("entity") == entity and (key is None or e.get("key") == key)]
        ck.check(hit, "audit log of %s has %s's %s of %s %s (%s)" % (org, actor, action, entity, key, name),
                 json.dumps([{k: e.get(k) for k in ("actor", "action", "entity", "key")} for e in log[-8:]]))

    # ---------------------------------------------------------------- forums, show, members
    ck.section("forum: list, show, members")
    r = sec.get("/api/v1/orgs/%s/forums" % NB)
    ck.status(r, 200, "GET forums (secretariat)")
    ck.eq([(f.get("id"), f.get("secretariat"), f.get("status")) for f in r.json if isinstance(f, dict)],
          [(FORUM, NB, "secretariat")], "GET forums: the secretariat runs fsor")
    r = b1.get("/api/v1/orgs/bank1/forums")
    ck.eq([(f.get("id"), f.get("status")) for f in r.json if isinstance(f, dict)] if r.status == 200 else r.status,
          [(FORUM, "active")], "GET forums (member): fsor, active")
    r = ns.get("/api/v1/orgs/nordsky/forums")
    ck.eq((r.status, r.json), (200, []), "GET forums of an organisation outside every forum: []")
    r = sec.get(fpath(NB))
    ck.status(r, 200, "GET forums/{forum} (secretariat)")
    ck.eq((r.json.get("is_secretariat"), r.json.get("status"), r.json.get("active_members"), r.json.get("min_group")),
          (True, "secretariat", 8, 5), "the secretariat sees the forum as its secretariat with 8 active members")
    ck.check(r.header("ETag"), "GET forums/{forum} has an ETag")
    r = b1.get(fpath("bank1"))
    ck.status(r, 200, "GET forums/{forum} (member)")
    ck.eq((r.json.get("org"), r.json.get("is_secretariat"), r.json.get("status")), ("bank1", False, "active"),
          "a member sees the forum as an active member")
    r = sec.get(fpath(NB, "/members"))
    ck.status(r, 200, "GET members (secretariat)")
    rows = r.json if isinstance(r.json, list) else []
    ck.eq(sorted(m.get("org") for m in rows),
          ["bank1", "bank2", "bank3", "bank4", "bank5", "bank6", "betalingssystem", "datacentral"],
          "the secretariat's member list: the eight members")
    ck.check(rows and all("assets_dkk_m" in m and m.get("status") == "active" for m in rows),
             "the secretariat sees every member's assets and status", r.text[:300])
    ck.eq({m.get("org"): m.get("assets_dkk_m") for m in rows}.get("bank1"), 420000,
          "the secretariat sees bank1's assets")
    r = b1.get(fpath("bank1", "/members"))
    ck.status(r, 200, "GET members (member)")
    rows = r.json if isinstance(r.json, list) else []
    own = [m for m in rows if m.get("org") == "bank1"]
    ck.eq(len(rows), 8, "a member sees the eight active members")
    ck.eq(own[0].get("assets_dkk_m") if own else None, 420000, "a member sees its own row in full")
    ck.check(rows and not [m for m in rows if m.get("org") != "bank1" and
                           ({"assets_dkk_m", "status", "invited_at", "joined_at"} & set(m))],
             "a member does not see the others' assets, status or dates", r.text[:400])
    ck.check("260000" not in r.text, "no other member's assets in a member's list")
    r = faud.get(fpath("bank1", "/members"))
    ck.status(r, 200, "an auditor of a member reads the forum (read permission)")

    ck.section("forum: organisations outside it")
    for who, org in ((ns, "nordsky"), (kom, A)):
        for rest in ("", "/members", "/items/crisis", "/map", "/shares", "/views/register"):
            same_404(ck, who.get(fpath(org, rest)), who.get(fpath(org, rest, forum="zz-no-forum")),
                     (FORUM, "zz-no-forum"), "%s (outside the forum) GET forums/fsor%s" % (org, rest))
        same_404(ck, who.post(fpath(org, "/join")), who.post(fpath(org, "/join", forum="zz-no-forum")),
                 (FORUM, "zz-no-forum"), "%s (outside the forum) POST join" % org)
    r = ns.get(fpath("nordsky"))
    ck.eq(r.json.get("error", {}).get("message"), "no forum with id 'fsor'", "outside: 'no forum with id' (the words)")
    r = b1.get(fpath("bank2"))
    ck.status(r, 404, "a member cannot act for another member's organisation")
    r = sec.get(fpath(NB, forum="zz-no-forum"))
    error_shape(ck, r, "not_found", "forum", "a forum that does not exist")

    ck.section("forum: create")
    r = fadm.post("/api/v1/orgs/%s/forums" % NB, {"id": "fsor-api", "name": "API-forum"})
    ck.status(r, 201, "POST forums by the organisation's admin")
    ck.eq((r.json.get("id"), r.json.get("secretariat"), r.json.get("is_secretariat"), r.json.get("active_members")),
          ("fsor-api", NB, True, 0), "the new forum: its organisation is the secretariat, no members")
    ck.eq(sorted(f.get("id") for f in sec.get("/api/v1/orgs/%s/forums" % NB).json), [FORUM, "fsor-api"],
          "GET forums lists the new forum")
    r = fadm.post("/api/v1/orgs/%s/forums" % NB, {"id": "fsor-api", "name": "Igen"})
    error_shape(ck, r, "conflict", "id", "POST forums with an existing id")
    r = fadm.post("/api/v1/orgs/%s/forums" % NB, {"id": "fsor-x", "name": "x", "colour": "red"})
    error_shape(ck, r, "invalid", "colour", "POST forums with an unknown field")
    r = sec.post("/api/v1/orgs/%s/forums" % NB, {"id": "fsor-sec", "name": "x"})
    error_shape(ck, r, "forbidden", Ellipsis, "POST forums by the role secretariat (admin only)")
    r = b1.post("/api/v1/orgs/bank1/forums", {"id": "fsor-b1", "name": "x"})
    error_shape(ck, r, "forbidden", Ellipsis, "POST forums by a member's isk")
    audit_has(NB, "fadm", "create", "forum", "fsor-api", "POST forums")

    # ---------------------------------------------------------------- analyses
    ck.section("forum: analyses (secretariat and member)")
    r = sec.get(fpath(NB, "/map"))
    ck.status(r, 200, "GET map (secretariat)")
    sec_map = r.json
    r = b1.get(fpath("bank1", "/map"))
    ck.status(r, 200, "GET map (member)")
    ck.eq((sec_map.get("view"), r.json.get("view")), ("secretariat", "member"), "map: the two views")
    ck.check(sec_map.get("nodes", 0) > r.json.get("nodes", 0) > 0, "map: the member sees less than the secretariat",
             (sec_map.get("nodes"), r.json.get("nodes")))
    ck.check(not [n for n in r.json.get("node_list", []) if re.match(r"bank[2-6]/", n.get("node", ""))],
             "map: bank1 sees no node of another bank", r.text[:300])
    ck.check([n for n in sec_map.get("node_list", []) if n.get("node") == "bank2/sys-core"],
             "map: the secretariat sees bank2's core system (shared with it)")
    r = sec.get(fpath(NB, "/outage?node=datacentral/dc-aarhus"))
    ck.status(r, 200, "GET outage (secretariat)")
    ck.eq((r.json.get("failed_nodes"), len(r.json.get("functions_stopped", [])), len(r.json.get("members_hit", []))),
          (11, 8, 8), "outage of dc-aarhus (secretariat): 11 nodes, 8 functions, 8 members")
    r = b1.get(fpath("bank1", "/outage?node=datacentral/dc-aarhus"))
    ck.status(r, 200, "GET outage (member)")
    ck.eq(r.json.get("your_functions_stopped"),
          [{"node": "bank1/p-betalinger", "org": "bank1", "name": "Betalingsformidling"}],
          "outage (member): its own stopped function only")
    ck.eq((r.json.get("sector_members_hit"), "members_hit" in r.json, "functions_stopped" in r.json), (8, False, False),
          "outage (member): the sector as a group count, no names")
    r = b1.get(fpath("bank1", "/outage?node=bank2/sys-core"))
    error_shape(ck, r, "not_found", "node", "outage of a node the member cannot see")
    ck.status(sec.get(fpath(NB, "/outage?node=bank2/sys-core")), 200, "… the secretariat can")
    r = sec.get(fpath(NB, "/outage"))
    error_shape(ck, r, "invalid", "node", "outage without ?node=")
    r = sec.get(fpath(NB, "/spof?function=bank1/p-betalinger"))
    ck.status(r, 200, "GET spof?function= (secretariat)")
    fns = r.json.get("functions", [])
    ck.eq(sorted(x.get("node") for x in (fns[0].get("single_points_of_failure", []) if fns else [])),
          ["bank1/ict-bank1-it", "bank1/ict-betalingsnet", "bank1/ict-fibernet", "bank1/ict-kernebank",
           "bank1/ict-kortdrift", "bank1/ict-nordsky", "bank1/sys-core", "betalingssystem/svc-clearing",
           "betalingssystem/sys-clearing", "datacentral/dc-aarhus", "nationalbanken/s-rtgs", "nationalbanken/sys-rtgs",
           "netco/backbone"],
          "spof of bank1's payments: exactly thirteen (seven in the sector, six ICT providers of its register), "
          "dc-ballerup not among them")
    r = sec.get(fpath(NB, "/spof"))
    ck.check(r.status == 200 and len({x.get("org") for x in r.json.get("functions", [])}) > 1,
             "spof (secretariat): functions of several organisations", r.text[:200])
    r = b2.get(fpath("bank2", "/spof"))
    ck.status(r, 200, "GET spof (member)")
    ck.eq((len(r.json.get("functions", [])), sorted({x.get("org") for x in r.json.get("functions", [])})),
          (2, ["bank2"]), "spof (member): its own two critical functions")
    r = b1.get(fpath("bank1", "/spof?function=bank2/p-betalinger"))
    error_shape(ck, r, "not_found", "function", "spof of another member's function")
    r = sec.get(fpath(NB, "/footprint"))
    ck.status(r, 200, "GET footprint (secretariat)")
    prov = {p.get("provider"): p for p in r.json.get("providers", [])}
    dc = prov.get("datacentral", {})
    ck.eq((r.json.get("view"), dc.get("members"), dc.get("members_direct"), dc.get("flagged")),
          ("secretariat", 8, 8, True), "footprint (secretariat): the data centre, 8 members, all direct, flagged")
    ck.eq((prov.get("netco", {}).get("members"), prov.get("netco", {}).get("only_through_subcontractors")), (8, 8),
          "footprint (secretariat): NetCo only through subcontractors")
    r = b1.get(fpath("bank1", "/footprint"))
    ck.status(r, 200, "GET footprint (member)")
    ck.eq(sorted(p.get("provider") for p in r.json.get("providers", [])),
          ["betalingssystem", "datacentral", "nationalbanken", "netco", "nordsky-holding"],
          "footprint (member): providers of at least 5 members")
    ck.check(r.json.get("view") == "aggregate" and "members_direct" not in r.text and "assets" not in
             json.dumps(r.json.get("providers", [])).replace("asset_share", ""),
             "footprint (member): an aggregate, no direct counts", r.text[:300])
    r = sec.get(fpath(NB, "/concentration"))
    ck.status(r, 200, "GET concentration (secretariat)")
    ck.eq([[t.get("service_type"), t.get("relationships"), t.get("hhi")] for t in r.json.get("types", [])],
          [["S07", 8, 10000], ["S10", 8, 10000], ["S17", 4, 10000], ["S18", 2, 10000]],
          "concentration (secretariat): relationships and HHI per service type")
    r = b2.get(fpath("bank2", "/concentration"))
    ck.status(r, 200, "GET concentration (member)")
    ck.eq([t.get("service_type") for t in r.json.get("types", []) if t.get("suppressed")], ["S17", "S18"],
          "concentration (member): types under 5 relationships suppressed")
    ck.check(not [t for t in r.json.get("types", []) if t.get("suppressed") and "hhi" in t],
             "concentration (member): a suppressed type has no HHI")
    r = sec.get(fpath(NB, "/recovery"))
    ck.status(r, 200, "GET recovery (secretariat)")
    ck.check(len({x.get("org") for x in r.json.get("functions", [])}) > 1 and
             all("worst_chain_minutes" in x for x in r.json.get("functions", [])),
             "recovery (secretariat): every organisation's functions with their worst chain", r.text[:200])
    r = b1.get(fpath("bank1", "/recovery"))
    ck.status(r, 200, "GET recovery (member)")
    ck.eq((r.json.get("view"), sorted({x.get("org") for x in r.json.get("functions", [])})), ("member", ["bank1"]),
          "recovery (member): its own functions only")
    r = sec.get(fpath(NB, "/stress?share=0.5"))
    ck.status(r, 200, "GET stress (secretariat)")
    ck.check(r.json.get("exact") is True and len(r.json.get("set", [])) == 1 and
             r.json["set"][0].get("node") in ("netco/backbone", "datacentral/dc-aarhus"),
             "stress 0.5: one node does it, exactly (NetCo or the Aarhus data centre)", r.text[:300])
    r = b1.get(fpath("bank1", "/stress?share=0.5"))
    error_shape(ck, r, "forbidden", Ellipsis, "stress as a member")
    r = sec.get(fpath(NB, "/stress?share=2"))
    error_shape(ck, r, "invalid", "share", "stress with share 2")
    r = sec.get(fpath(NB, "/map?colour=red"))
    error_shape(ck, r, "invalid", "colour", "an analysis with a query parameter it does not take")
    r = sec.get(fpath(NB, "/map?node=datacentral/dc-aarhus"))
    error_shape(ck, r, "invalid", "node", "map with ?node= (outage's parameter)")

    # ---------------------------------------------------------------- membership
    ck.section("forum: invite, join, decline, leave, member PATCH/DELETE")
    r = b1.post(fpath("bank1", "/members"), {"member": "nordsky"})
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot invite")
    r = faud.post(fpath("bank1", "/members"), {"member": "nordsky"})
    error_shape(ck, r, "forbidden", Ellipsis, "an auditor cannot write in the forum")
    r = sec.post(fpath(NB, "/members"), {"member": "nordsky", "category": "spaceship"})
    error_shape(ck, r, "invalid", "category", "invite with an unknown category")
    r = sec.post(fpath(NB, "/members"), {"member": "nordsky", "category": "other", "assets": 5000})
    ck.status(r, 201, "POST members (invite) by the secretariat")
    row = [m for m in (r.json if isinstance(r.json, list) else []) if m.get("org") == "nordsky"]
    ck.eq((row[0].get("status"), row[0].get("assets_dkk_m"), row[0].get("category")) if row else None,
          ("invited", 5000, "other"), "invite answers the member list with the invited row")
    r = sec.post(fpath(NB, "/members"), {"member": "nordsky"})
    error_shape(ck, r, "conflict", "member", "inviting an organisation twice")
    r = ns.get(fpath("nordsky"))
    ck.eq((r.status, r.json.get("status")), (200, "invited"), "the invited organisation sees the forum as invited")
    r = ns.get(fpath("nordsky", "/members"))
    ck.eq([m.get("org") for m in r.json] if r.status == 200 else r.status, ["nordsky"],
          "an invited organisation sees its own row only")
    r = ns.post(fpath("nordsky", "/join"))
    ck.status(r, 200, "POST join")
    ck.eq((r.json.get("status"), r.json.get("active_members")), ("active", 9), "after join: active, 9 members")
    r = ns.post(fpath("nordsky", "/join"))
    error_shape(ck, r, "conflict", "forum", "joining twice")
    r = b1.post(fpath("bank1", "/decline"))
    error_shape(ck, r, "conflict", "forum", "decline without an invitation")
    r = ns.patch(fpath("nordsky", "/members/nordsky"), {"assets": "6000.5"})
    ck.status(r, 200, "PATCH members/{own} by the member")
    row = [m for m in (r.json if isinstance(r.json, list) else []) if m.get("org") == "nordsky"]
    ck.eq(row[0].get("assets_dkk_m") if row else None, 6000.5, "the member's own assets (a decimal as a string)")
    r = b1.patch(fpath("bank1", "/members/bank2"), {"assets": 1})
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot PATCH another member's row")
    r = sec.patch(fpath(NB, "/members/bank1"), {"assets": 430000})
    ck.status(r, 200, "PATCH members/{member} by the secretariat")
    ck.eq({m.get("org"): m.get("assets_dkk_m") for m in sec.get(fpath(NB, "/members")).json}.get("bank1"), 430000,
          "the secretariat's PATCH is stored")
    r = sec.patch(fpath(NB, "/members/bank1"), {"assets": "lots"})
    error_shape(ck, r, "invalid", "assets", "PATCH with assets not a number")
    r = sec.patch(fpath(NB, "/members/bank1"), {"assets": 420000})
    ck.status(r, 200, "PATCH bank1's assets back")
    r = ns.delete(fpath("nordsky", "/members/nordsky"))
    ck.status(r, 200, "DELETE members/{own}: the member leaves")
    ck.eq(r.json.get("status"), "left", "after leaving: status left")
    r = ns.get(fpath("nordsky"))
    ck.eq((r.status, r.json.get("status"), "active_members" in r.json), (200, "left", False),
          "a member that left sees the header only, with its status")
    ck.status(ns.get(fpath("nordsky", "/map")), (403, 404), "a member that left has no sector map")
    r = b1.delete(fpath("bank1", "/members/bank2"))
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot remove another")
    r = sec.post(fpath(NB, "/members"), {"member": "skyhost"})
    ck.status(r, 201, "invite skyhost")
    r = sky.post(fpath("skyhost", "/decline"))
    ck.status(r, 200, "POST decline")
    ck.eq(r.json.get("status"), "declined", "after decline: status declined")
    error_shape(ck, sky.post(fpath("skyhost", "/join")), "conflict", "forum", "join after declining")
    ck.status(sec.post(fpath(NB, "/members"), {"member": "skyhost"}), 201, "the secretariat invites skyhost again")
    ck.status(sky.post(fpath("skyhost", "/join")), 200, "skyhost joins")
    r = sec.delete(fpath(NB, "/members/skyhost"))
    ck.status(r, 200, "DELETE members/{member} by the secretariat (remove)")
    ck.eq((r.json.get("org"), r.json.get("active_members")), (NB, 8), "remove answers the secretariat's forum")
    r = sky.get(fpath("skyhost"))
    ck.eq((r.status, r.json.get("status")), (200, "left"), "the removed organisation's status")
    st = {m.get("org"): m.get("status") for m in sec.get(fpath(NB, "/members")).json}
    ck.eq((st.get("nordsky"), st.get("skyhost"), sum(1 for v in st.values() if v == "active")), ("left", "left", 8),
          "the secretariat's list: nordsky and skyhost left, 8 active")
    log = s.cli("audit", "log", "--org", "nordsky")
    ck.check({("fsec", "forum_member"), ("fns", "forum_member")} <=
             {(e.get("actor"), e.get("entity")) for e in log},
             "the audit log has the invitation (fsec) and the join and leave (fns)",
             [(e.get("actor"), e.get("action"), e.get("entity")) for e in log][-6:])

    # ---------------------------------------------------------------- shares
    ck.section("forum: shares")
    r = b1.get(fpath("bank1", "/shares"))
    ck.status(r, 200, "GET shares (member)")
    mine = r.json if isinstance(r.json, list) else []
    ck.eq([(x.get("kind"), x.get("tlp"), x.get("filter"), x.get("recipients")) for x in mine],
          [("node", "AMBER", {"critical_only": True}, [NB])], "bank1's own share from the example")
    r2 = b2.get(fpath("bank2", "/shares"))
    ck.check(r2.status == 200 and not {x.get("id") for x in mine} & {x.get("id") for x in r2.json},
             "bank2 sees its own shares, not bank1's", r2.text[:300])
    r = b1.post(fpath("bank1", "/shares"), {"kind": "node", "filter": {"critical_only": True}, "tlp": "AMBER",
                                            "recipients": [NB]})
    ck.status(r, 201, "POST shares with filter {critical_only}")
    sid = r.json.get("id", "")
    ck.check(re.match(r"^s-[0-9a-f]{12}$", sid), "a share gets a server-made id", sid)
    ck.eq((r.json.get("filter"), r.json.get("tlp"), r.json.get("recipients"), r.json.get("by")),
          ({"critical_only": True}, "AMBER", [NB], "fb1"), "the share as stored")
    ck.check(sid in [x.get("id") for x in b1.get(fpath("bank1", "/shares")).json], "GET shares lists it")
    audit_has("bank1", "fb1", "share", "forum_share", "fsor/" + sid, "POST shares")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "node", "filter": {"critical_only": "yes"}, "tlp": "AMBER"})
    error_shape(ck, r, "invalid", "filter.critical_only", "a share with critical_only not a boolean")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "node", "filter": {"critical_only": True}, "tlp": "AMBER",
                                            "recipients": ["nordsky"]})
    error_shape(ck, r, "invalid", "recipients[0]", "a share to an organisation no longer in the forum")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "node", "tlp": "PURPLE"})
    error_shape(ck, r, "invalid", "tlp", "a share with an unknown label")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "node", "target": "no-such-node", "tlp": "GREEN"})
    # the field is the store's (none), not "target": forum.c's err_set after store_node_get keeps the first error
    error_shape(ck, r, "not_found", Ellipsis, "a share of a node the member does not have")
    r = faud.post(fpath("bank1", "/shares"), {"kind": "node", "tlp": "GREEN"})
    error_shape(ck, r, "forbidden", Ellipsis, "an auditor cannot share")
    rb = b2.delete(fpath("bank2", "/shares/" + sid))
    rx = b2.delete(fpath("bank2", "/shares/s-000000000000"))
    same_404(ck, rb, rx, (sid, "s-000000000000"), "bank2 DELETE of bank1's share")
    r = b1.delete(fpath("bank1", "/shares/" + sid))
    ck.status(r, 200, "DELETE shares/{id} by its owner")
    ck.eq(r.json, {"unshared": sid}, "DELETE shares answers the id")
    ck.check(sid not in b1.get(fpath("bank1", "/shares")).text, "the share is gone from GET shares")
    ck.status(b1.delete(fpath("bank1", "/shares/" + sid)), 404, "DELETE a share twice")
    audit_has("bank1", "fb1", "unshare", "forum_share", "fsor/" + sid, "DELETE shares")

    # ---------------------------------------------------------------- items
    ck.section("forum: items")
    now = time.time()
    crisis = {"title": "Udfald hos datacentral", "description": "Datacenter Aarhus er nede", "severity": "Kritisk",
              "opened_at": iso(now - 3 * 3600), "cadence_minutes": 60}
    r = b1.post(fpath("bank1", "/items/crisis"), crisis)
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot open a crisis")
    r = sec.post(fpath(NB, "/items/crisis"), crisis)
    ck.status(r, 201, "POST items/crisis (secretariat, the body alone)")
    cid = r.json.get("id", "")
    ck.check(re.match(r"^crisis-[0-9a-f]{16}$", cid), "a crisis gets a server-made id", cid)
    ck.eq((r.json.get("owner"), r.json.get("tlp"), r.json.get("version"), r.json.get("by")),
          (NB, "GREEN", 1, "fsec"), "the crisis: the secretariat's, GREEN, version 1")
    ck.eq(sorted(r.json.get("body", {}).get("members_expected", [])),
          ["bank1", "bank2", "bank3", "bank4", "bank5", "bank6", "betalingssystem", "datacentral"],
          "the crisis expects every active member")
    audit_has(NB, "fsec", "create", "forum_item", "fsor/crisis/" + cid, "POST items/crisis")
    r = b1.get(fpath("bank1", "/items/crisis/" + cid))
    ck.status(r, 200, "GET items/crisis/{id} (member)")
    ck.eq((r.json.get("body", {}).get("title"), "by" in r.json, "recipients" in r.json),
          (crisis["title"], False, False), "a member reads the GREEN crisis, without author or recipients")
    ck.check(r.header("ETag"), "GET items/{kind}/{id} has an ETag")
    r = b1.get(fpath("bank1", "/items/crisis"))
    ck.status(r, 200, "GET items/crisis (member)")
    ck.eq(([x.get("id") for x in r.json.get("items", [])], r.json.get("total")), ([cid], 1),
          "items/crisis is a list with the crisis")
    r = sec.put(fpath(NB, "/items/crisis/" + cid), {"body": dict(crisis, title="Udfald i Aarhus"), "version": 1})
    ck.status(r, 200, "PUT items/crisis/{id} (wrapped, version 1)")
    ck.eq((r.json.get("version"), r.json.get("body", {}).get("title")), (2, "Udfald i Aarhus"), "PUT: version 2")
    r = sec.put(fpath(NB, "/items/crisis/" + cid), {"body": crisis, "version": 1})
    error_shape(ck, r, "precondition_failed", "version", "PUT with an old version")
    etag = sec.get(fpath(NB, "/items/crisis/" + cid)).header("ETag")
    r = sec.put(fpath(NB, "/items/crisis/" + cid), dict(crisis, title="Udfald i Aarhus (2)"),
                headers={"If-Match": etag})
    ck.status(r, 200, "PUT with If-Match the current ETag")
    r = sec.put(fpath(NB, "/items/crisis/" + cid), crisis, headers={"If-Match": etag})
    ck.status(r, 412, "PUT with If-Match an old ETag")
    r = sec.put(fpath(NB, "/items/crisis/" + cid), {"body": crisis, "version": "3"})
    error_shape(ck, r, "invalid", "version", "PUT with version not a whole number")
    r = sec.put(fpath(NB, "/items/crisis/crisis-0000000000000000"), crisis)
    error_shape(ck, r, "not_found", "id", "PUT of an item that does not exist (no create by PUT)")
    r = b1.put(fpath("bank1", "/items/crisis/" + cid), crisis)
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot replace the secretariat's crisis")
    ck.eq(sec.get(fpath(NB, "/items/crisis/" + cid)).json.get("version"), 3, "the refused writes changed nothing")

    report = {"at": iso(now - 1800), "services": [
        {"service": "p-betalinger", "name": "Betalinger", "status": "red", "tolerance_minutes": 240,
         "expected_recovery_minutes": 120}], "cause": "HEMMELIG-bank1", "continuity_plan_active": True,
        "communication_status": "internal", "next_update_at": iso(now + 3600)}
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "tlp": "AMBER", "recipients": [NB],
                                                   "parent": cid})
    ck.status(r, 201, "POST items/report (member, wrapped with tlp, recipients, parent)")
    r1 = r.json.get("id", "")
    ck.check(re.match(r"^report-[0-9a-f]{16}$", r1), "a report gets a server-made id", r1)
    ck.eq((r.json.get("owner"), r.json.get("tlp"), r.json.get("recipients"), r.json.get("parent"),
           r.json.get("body", {}).get("member"), r.json.get("by")),
          ("bank1", "AMBER", [NB], cid, "bank1", "fb1"), "the report as stored (the owner sees recipients and by)")
    audit_has("bank1", "fb1", "create", "forum_item", "fsor/report/" + r1, "POST items/report")
    bare = dict(report, cause="bank2-aarsag", member="bank1")
    r = b2.post(fpath("bank2", "/items/report?parent=" + cid), bare)
    ck.status(r, 201, "POST items/report?parent= (member, the body alone)")
    r2 = r.json.get("id", "")
    ck.eq((r.json.get("tlp"), r.json.get("recipients"), r.json.get("parent")), ("AMBER", [NB], cid),
          "a bare report: AMBER to the secretariat by default, the parent from ?parent=")
    ck.eq(r.json.get("body", {}).get("member"), "bank2",
          "a report's member is the caller's organisation, not the body's")
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "tlp": 5, "parent": cid})
    error_shape(ck, r, "invalid", "tlp", "a report with a label not a string")
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "tlp": "PURPLE", "parent": cid})
    error_shape(ck, r, "invalid", "tlp", "a report with an unknown label")
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "parent": "crisis-0000000000000000"})
    ck.check(r.status in (400, 404) and r.error_field() == "parent", "a report to an unknown crisis names parent", r)
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "tlp": "AMBER", "recipients": ["nordsky"],
                                                   "parent": cid})
    error_shape(ck, r, "invalid", "recipients[0]", "AMBER to an organisation outside the forum")
    r = b1.post(fpath("bank1", "/items/report"), {"body": report, "parent": cid, "colour": "red"})
    error_shape(ck, r, "invalid", "colour", "a wrapped item with an unknown field")
    r = b1.post(fpath("bank1", "/items/report"), {"body": dict(report, services="many"), "parent": cid})
    ck.status(r, 400, "a report with a bad body is 400")
    r = b1.post(fpath("bank1", "/items/spaceship"), report)
    error_shape(ck, r, "invalid", "kind", "an unknown kind")

    r = sec.get(fpath(NB, "/items/report/" + r1))
    ck.status(r, 200, "the secretariat reads bank1's AMBER report (a recipient)")
    ck.eq((r.json.get("body", {}).get("cause"), "by" in r.json, "recipients" in r.json),
          ("HEMMELIG-bank1", False, False), "… without its author or recipients (not the owner)")
    r = sec.get(fpath(NB, "/items/report?parent=" + cid))
    ck.eq(sorted(x.get("id") for x in r.json.get("items", [])) if r.status == 200 else r.status, sorted([r1, r2]),
          "GET items/report?parent= (secretariat): both reports")
    r = b1.put(fpath("bank1", "/items/report/" + r1), {"body": dict(report, continuity_plan_active=False),
                                                        "tlp": "AMBER", "recipients": [NB]})
    ck.status(r, 200, "PUT items/report/{id} by its owner")
    ck.eq((r.json.get("version"), r.json.get("parent"), r.json.get("body", {}).get("continuity_plan_active")),
          (2, cid, False), "PUT keeps the parent and replaces the body")
    r = sec.delete(fpath(NB, "/items/report/" + r1))
    error_shape(ck, r, "forbidden", "id", "the secretariat cannot delete a member's report")
    r = b1.post(fpath("bank1", "/items/report?parent=" + cid), dict(report, cause="slettes"))
    r3 = r.json.get("id", "")
    r = b1.delete(fpath("bank1", "/items/report/" + r3))
    ck.status(r, 200, "DELETE items/report/{id} by its owner")
    ck.eq(r.json, {"deleted": r3, "kind": "report"}, "DELETE answers what was deleted")
    ck.status(b1.get(fpath("bank1", "/items/report/" + r3)), 404, "GET after DELETE is 404")
    audit_has("bank1", "fb1", "delete", "forum_item", "fsor/report/" + r3, "DELETE items/report")
    risk = {"id": "fr-koncentration", "title": "Koncentration hos én datacentral", "likelihood": 3, "consequence": 4,
            "rated_on": time.strftime("%Y-%m-%d", time.gmtime(now - 86400))}
    r = sec.post(fpath(NB, "/items/risk"), risk)
    ck.status(r, 201, "POST items/risk (the forum's risk register)")
    r = b1.post(fpath("bank1", "/items/risk"), risk)
    error_shape(ck, r, "forbidden", Ellipsis, "a member cannot write the forum's risk register")

    ck.section("forum: confidentiality through the API")
    fake = "report-0123456789abcdef"
    same_404(ck, b2.get(fpath("bank2", "/items/report/" + r1)), b2.get(fpath("bank2", "/items/report/" + fake)),
             (r1, fake), "bank2 GET of bank1's AMBER report")
    same_404(ck, b2.put(fpath("bank2", "/items/report/" + r1), report),
             b2.put(fpath("bank2", "/items/report/" + fake), report), (r1, fake), "bank2 PUT of bank1's AMBER report")
    same_404(ck, b2.delete(fpath("bank2", "/items/report/" + r1)),
             b2.delete(fpath("bank2", "/items/report/" + fake)), (r1, fake), "bank2 DELETE of bank1's AMBER report")
    for q in ("", "?parent=" + cid):
        r = b2.get(fpath("bank2", "/items/report" + q))
        ck.status(r, 200, "GET items/report%s (bank2)" % q)
        ids = [x.get("id") for x in r.json.get("items", [])]
        ck.eq((ids, r.json.get("total")), ([r2], 1), "bank2's list%s has its own report only" % q)
        ck.check("HEMMELIG" not in r.text and r1 not in r.text, "bank2's list%s has no word of bank1's report" % q)
    r = faud.get(fpath("bank1", "/items/report/" + r1))
    ck.status(r, 200, "bank1's auditor reads bank1's own report")
    same_404(ck, kom.get(fpath(A, "/items/report/" + r1)), kom.get(fpath(A, "/items/report/" + r1, "zz-no-forum")),
             (FORUM, "zz-no-forum"), "an organisation outside the forum asking for the report")
    r = ns.get(fpath("nordsky", "/items/crisis/" + cid))
    ck.status(r, 404, "a member that left no longer sees the GREEN crisis")

    # ---------------------------------------------------------------- views
    ck.section("forum: views")
    r = sec.get(fpath(NB, "/views/picture?crisis=" + cid))
    ck.status(r, 200, "GET views/picture (secretariat)")
    members = {m.get("member"): m for m in r.json.get("members", [])}
    ck.eq((members.get("bank1", {}).get("reported"), members.get("bank2", {}).get("reported"),
           members.get("bank3", {}).get("reported")), (True, True, False),
          "picture (secretariat): bank1 and bank2 reported, bank3 not")
    ck.eq(r.json.get("totals", {}).get("members_reported"), 2, "picture (secretariat): 2 members reported")
    r = b2.get(fpath("bank2", "/views/picture?crisis=" + cid))
    ck.status(r, 200, "GET views/picture (member)")
    ck.eq([m.get("member") for m in r.json.get("members", [])], ["bank2"], "picture (member): itself only")
    ck.eq(r.json.get("sector"), {"suppressed": "fewer than 5"}, "picture (member): sector figures suppressed")
    ck.check("HEMMELIG" not in r.text and "bank1" not in r.text, "picture (member): no word of bank1's report")
    r = sec.get(fpath(NB, "/views/late?crisis=" + cid))
    ck.status(r, 200, "GET views/late (secretariat)")
    never = sorted(m if isinstance(m, str) else m.get("member") for m in r.json.get("never_reported", []))
    ck.eq(never, ["bank3", "bank4", "bank5", "bank6", "betalingssystem", "datacentral"],
          "late (secretariat): the six who never reported")
    ck.check("bank1" not in [m.get("member") for m in r.json.get("late", [])],
             "late (secretariat): bank1 is not late (its next update is ahead)", r.text[:400])
    r = b2.get(fpath("bank2", "/views/late?crisis=" + cid))
    ck.status(r, 200, "GET views/late (member)")
    ck.eq([m.get("member") for m in r.json.get("members", [])], ["bank2"], "late (member): itself only")
    r = sec.get(fpath(NB, "/views/after-action?crisis=" + cid))
    ck.status(r, 200, "GET views/after-action (secretariat)")
    ck.eq((r.json.get("reports", {}).get("total"), r.json.get("reports", {}).get("members_reported"),
           r.json.get("provisional")), (2, 2, True), "after-action (secretariat): 2 reports of 2 members, provisional")
    r = b2.get(fpath("bank2", "/views/after-action?crisis=" + cid))
    ck.status(r, 200, "GET views/after-action (member)")
    ck.eq(r.json.get("reports", {}).get("total"), 1, "after-action (member): its own report only")
    ck.check("HEMMELIG" not in r.text, "after-action (member): no word of bank1's report")
    r = sec.get(fpath(NB, "/views/register"))
    ck.status(r, 200, "GET views/register (secretariat)")
    ck.eq(sum(l.get("count", 0) for l in r.json.get("levels", [])), 1, "register: one risk")
    r2v = b1.get(fpath("bank1", "/views/register"))
    ck.status(r2v, 200, "GET views/register (member)")
    ck.eq(r2v.json.get("levels"), r.json.get("levels"), "register (member): the same GREEN register")
    r = b2.get(fpath("bank2", "/views/picture"))
    error_shape(ck, r, "invalid", "crisis", "picture without ?crisis=")
    r = b2.get(fpath("bank2", "/views/picture?crisis=crisis-0000000000000000"))
    ck.status(r, 404, "picture of a crisis that does not exist")
    r = b2.get(fpath("bank2", "/views/no-such-view"))
    ck.status(r, 400, "an unknown view is 400")

    # ---------------------------------------------------------------- export (issue 18 part 6)
    ck.section("forum: export")
    r = b2.get(fpath("bank2", "/export?format=stix"))
    ck.status(r, 200, "GET export?format=stix (member)")
    ck.check(r.json.get("type") == "bundle" and str(r.json.get("id", "")).startswith("bundle--"),
             "export (member): a STIX bundle", r.text[:300])
    ck.eq([o.get("x_skjold_id") for o in r.json.get("objects", []) if o.get("x_skjold_kind") == "report"], [r2],
          "export (member): its own report, not bank1's")
    ck.check("HEMMELIG" not in r.text and r1 not in r.text, "export (member): no word of bank1's report")
    ck.eq(b2.get(fpath("bank2", "/export?format=stix")).text, r.text, "export (member): the same bundle twice")
    r = sec.get(fpath(NB, "/export?format=misp"))
    ck.status(r, 200, "GET export?format=misp (secretariat)")
    ck.check(r1 in r.text and r2 in r.text, "export (secretariat): both reports addressed to it", r.text[:300])
    ck.eq(r.json.get("Event", {}).get("distribution"), "0", "export (secretariat): a MISP event for itself only")
    error_shape(ck, b2.get(fpath("bank2", "/export?format=csv")), "invalid", "format", "export in an unknown format")
    error_shape(ck, b2.get(fpath("bank2", "/export")), "invalid", "format", "export without a format")
    error_shape(ck, b2.get(fpath("bank2", "/export?format=stix&colour=red")), "invalid", "colour",
                "export with a query parameter it does not take")
    same_404(ck, kom.get(fpath(A, "/export?format=stix")), kom.get(fpath(A, "/export?format=stix", "zz-no-forum")),
             (FORUM, "zz-no-forum"), "export from outside the forum")

    # ---------------------------------------------------------------- settings, re-rating, shared incidents
    ck.section("forum: webhooks (the secretariat's crisis events)")
    fw = {"id": "fw", "url": "http://127.0.0.1:9/krise", "events": ["crisis.opened", "crisis.report_late"],
          "tlp": "GREEN"}
    r = fadm.post(fpath(NB, "/webhooks"), fw)
    ck.check(r.status == 201 and r.json.get("forum") == FORUM and r.json.get("secret", "").startswith("whsec_"),
             "POST forums/{forum}/webhooks: the secretariat's admin registers one", r.text[:300])
    r = fadm.get(fpath(NB, "/webhooks"))
    ck.check(r.status == 200 and [w["id"] for w in r.json.get("webhooks", [])] == ["fw"] and "secret" not in r.text,
             "GET forums/{forum}/webhooks lists it without its secret", r.text[:300])
    ck.check("fw" not in [w["id"] for w in fadm.get("/api/v1/orgs/%s/webhooks" % NB).json.get("webhooks", [])],
             "the organisation's own list does not have it")
    ck.status(fadm.get(fpath(NB, "/webhooks/fw")), 200, "GET forums/{forum}/webhooks/{id}")
    r = fadm.patch(fpath(NB, "/webhooks/fw"), {"events": ["incident.created"]})
    error_shape(ck, r, "invalid", "events[0]", "a forum's endpoint takes no organisation event")
    r = fadm.patch(fpath(NB, "/webhooks/fw"), {"tlp": "AMBER"})
    ck.check(r.status == 200 and r.json.get("tlp") == "AMBER", "PATCH forums/{forum}/webhooks/{id}", r.text[:300])
    r = fadm.post(fpath(NB, "/webhooks/fw/test"))
    ck.check(r.status == 200 and r.json.get("delivered") is False, "POST forums/{forum}/webhooks/{id}/test", r.text[:300])
    r = fadm.get(fpath(NB, "/webhooks/fw/deliveries"))
    ck.check(r.status == 200 and r.json["deliveries"][0]["event"] == "ping", "GET forums/{forum}/webhooks/{id}/deliveries",
             r.text[:300])
    r = c["fb1adm"].post(fpath("bank1", "/webhooks"), dict(fw, id="fw2"))
    error_shape(ck, r, "not_found", "forum", "a member's admin may not register the forum's endpoints")
    r = sec.get(fpath(NB, "/webhooks"))
    error_shape(ck, r, "forbidden", Ellipsis, "the secretariat role (not admin) may not see them")
    ck.status(fadm.delete(fpath(NB, "/webhooks/fw")), 204, "DELETE forums/{forum}/webhooks/{id}")

    ck.section("forum: settings")
    r = sec.get(fpath(NB, "/settings"))
    ck.status(r, 200, "GET settings (secretariat)")
    ck.eq((r.json.get("min_group"), r.json.get("min_group_floor"), r.json.get("risk_scale_default"),
           r.json.get("risk_scale", {}).get("refresh_months")), (5, 5, True, 6),
          "settings: min_group 5 and the default scale (refresh every 6 months)")
    scale = r.json.get("risk_scale", {})
    ck.eq(b1.get(fpath("bank1", "/settings")).json.get("min_group"), 5, "GET settings (member): min_group 5")
    ck.status(faud.get(fpath("bank1", "/settings")), 200, "GET settings as a member's auditor (read permission)")
    same_404(ck, kom.get(fpath(A, "/settings")), kom.get(fpath(A, "/settings", "zz-no-forum")),
             (FORUM, "zz-no-forum"), "GET settings from outside the forum")
    error_shape(ck, b1.patch(fpath("bank1", "/settings"), {"min_group": 7}), "forbidden", "org",
                "PATCH settings by a member")
    error_shape(ck, faud.patch(fpath("bank1", "/settings"), {"min_group": 7}), "forbidden", Ellipsis,
                "PATCH settings by an auditor")
    for body, field, name in (({"min_group": 4}, "min_group", "min_group 4 (below the floor)"),
                              ({"min_group": 1001}, "min_group", "min_group 1001"),
                              ({"min_group": "7"}, "min_group", "min_group as a string"),
                              ({"min_group": 5.5}, "min_group", "min_group 5.5"),
                              ({"risk_scale": dict(scale, matrix=[["Medium"] + row[1:] if i == 0 else row
                                                                  for i, row in enumerate(scale.get("matrix", []))])},
                               "risk_scale.matrix[0][1]", "a scale whose matrix falls to the right"),
                              ({"risk_scale": dict(scale, refresh_months=0)}, "risk_scale.refresh_months",
                               "a scale with refresh_months 0"),
                              ({"risk_scale": "FSOR"}, "risk_scale", "a scale that is not an object"),
                              ({}, "body", "PATCH settings with nothing to change"),
                              ({"colour": "red"}, "colour", "PATCH settings with an unknown field")):
        error_shape(ck, sec.patch(fpath(NB, "/settings"), body), "invalid", field, "PATCH settings: " + name)
    ck.eq(sec.get(fpath(NB, "/settings")).json.get("min_group"), 5, "refused PATCHes changed nothing")
    r = sec.patch(fpath(NB, "/settings"), {"min_group": 6, "risk_scale": dict(scale, name="Kvartal", refresh_months=3)})
    ck.status(r, 200, "PATCH settings (secretariat): min_group 6 and a quarterly scale")
    ck.eq((r.json.get("min_group"), r.json.get("risk_scale_default"), r.json.get("risk_scale", {}).get("name"),
           r.json.get("risk_scale", {}).get("refresh_months")), (6, False, "Kvartal", 3),
          "PATCH settings answers the settings in effect")
    ck.eq(b1.get(fpath("bank1")).json.get("min_group"), 6, "a member's forum has min_group 6")
    ck.eq(b1.get(fpath("bank1", "/settings")).json.get("risk_scale", {}).get("name"), "Kvartal",
          "a member reads the new scale")
    audit_has(NB, "fsec", "settings", "forum", FORUM, "PATCH settings")
    r = sec.patch(fpath(NB, "/settings"), {"min_group": 5, "risk_scale": None})
    ck.eq((r.status, r.json.get("min_group"), r.json.get("risk_scale_default")), (200, 5, True),
          "PATCH settings back to 5 and the default scale (risk_scale null)")

    ck.section("forum: re-rating a risk")
    rid = risk["id"]
    before = sec.get(fpath(NB, "/items/risk/" + rid)).json
    error_shape(ck, b1.post(fpath("bank1", "/items/risk/%s/rerate" % rid), {"likelihood": 3, "consequence": 4}),
                "forbidden", Ellipsis, "rerate by a member")
    for body, field, name in (({"likelihood": "3", "consequence": 4}, "likelihood", "likelihood as a string"),
                              ({"likelihood": 3}, "consequence", "no consequence"),
                              ({"likelihood": 6, "consequence": 4}, "likelihood", "likelihood 6"),
                              ({"likelihood": 3, "consequence": 4, "rated_on": "2999-01-01"}, "rated_on",
                               "rated_on after today"),
                              ({"likelihood": 3, "consequence": 4, "by": "mallory"}, "by", "a client-given by")):
        error_shape(ck, sec.post(fpath(NB, "/items/risk/%s/rerate" % rid), body), "invalid", field, "rerate: " + name)
    r = sec.post(fpath(NB, "/items/risk/fr-no-such/rerate"), {"likelihood": 3, "consequence": 4})
    error_shape(ck, r, "not_found", "id", "rerate of a risk that does not exist")
    ck.eq(sec.get(fpath(NB, "/items/risk/" + rid)).json, before, "refused re-ratings changed nothing")
    r = sec.post(fpath(NB, "/items/risk/%s/rerate" % rid), {"likelihood": 3, "consequence": 4,
                                                            "rationale": "bekræftet"})
    ck.status(r, 200, "POST items/risk/{id}/rerate with the same rating")
    hist = r.json.get("body", {}).get("history", [])
    ck.eq((r.json.get("version"), len(hist), hist[-1].get("likelihood") if hist else None,
           hist[-1].get("by") if hist else None, hist[-1].get("rationale") if hist else None),
          (before.get("version", 0) + 1, 2, 3, "fsec", "bekræftet"),
          "rerate appends a confirming entry by the acting user and bumps the version")
    ck.eq(r.json, sec.get(fpath(NB, "/items/risk/" + rid)).json, "rerate answers the stored item (as GET does)")
    audit_has(NB, "fsec", "update", "forum_item", "fsor/risk/" + rid, "POST rerate")

    ck.section("forum: shared incidents and risk sources")
    inc = {"title": "Kernesystem nede", "occurred_at": "2026-10-30T08:50:00+01:00",
           "detected_at": "2026-10-30T09:30:00+01:00", "nodes": ["sys-core"], "facts": {"significant_disruption": True}}
    ck.status(b1.post("/api/v1/orgs/bank1/incidents", dict(inc, id="inc-api-b1")), 201, "bank1 records an incident")
    ck.status(b2.post("/api/v1/orgs/bank2/incidents", dict(inc, id="inc-api-b2")), 201, "bank2 records an incident")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "incident", "target": "inc-api-b1", "tlp": "AMBER",
                                            "recipients": [NB]})
    ck.status(r, 201, "bank1 shares its incident AMBER with the secretariat")
    ck.eq((r.json.get("kind"), r.json.get("target"), r.json.get("tlp"), r.json.get("recipients")),
          ("incident", "inc-api-b1", "AMBER", [NB]), "POST shares answers the new share")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "incident", "tlp": "GREEN", "filter": {"critical_only": True}})
    error_shape(ck, r, "invalid", "filter", "an incident rule with a filter")
    r = sec.get(fpath(NB, "/views/incidents"))
    ck.status(r, 200, "GET views/incidents (secretariat)")
    refs = [(x.get("ref"), x.get("tlp")) for x in r.json.get("incidents", [])]
    ck.eq(refs, [("bank1/inc-api-b1", "AMBER")], "incidents (secretariat): bank1's shared one, not bank2's unshared")
    one = (r.json.get("incidents") or [{}])[0]
    ck.eq((one.get("org"), one.get("incident"), one.get("title"), one.get("detected_at"), "recipients" in one),
          ("bank1", "inc-api-b1", "Kernesystem nede", "2026-10-30T08:30:00Z", False),
          "incidents: the member, id, title and detection time (UTC); recipients for the owner only")
    r = b2.get(fpath("bank2", "/views/incidents"))
    ck.eq((r.status, r.json.get("incidents")), (200, []), "incidents (bank2): nothing of bank1's AMBER incident")
    ck.check("inc-api-b1" not in r.text, "incidents (bank2): no word of it")
    r = b1.get(fpath("bank1", "/views/incidents"))
    ck.eq([x.get("recipients") for x in r.json.get("incidents", [])], [[NB]], "incidents (bank1): its own, with recipients")
    src = dict(risk, id="fr-kilde", sources=[{"kind": "incident", "ref": "bank1/inc-api-b1"}])
    r = sec.post(fpath(NB, "/items/risk"), src)
    error_shape(ck, r, "invalid", "tlp", "a GREEN (default) risk citing bank1's AMBER incident")
    r = sec.post(fpath(NB, "/items/risk"), {"tlp": "AMBER", "recipients": [NB, "bank2"], "body": src})
    error_shape(ck, r, "invalid", "recipients[1]", "an AMBER risk citing it, to bank2 as well")
    r = sec.post(fpath(NB, "/items/risk"), {"tlp": "AMBER", "body": src})
    ck.status(r, 201, "an AMBER risk (to the secretariat) citing bank1's shared incident")
    r = sec.put(fpath(NB, "/items/risk/fr-kilde"), src)
    ck.eq((r.status, r.json.get("tlp"), r.json.get("recipients")), (200, "AMBER", [NB]),
          "PUT of the body alone keeps the risk's AMBER label and recipients")
    r = b2.get(fpath("bank2", "/items/risk/fr-kilde"))
    ck.eq((r.status, "inc-api-b1" in r.text), (404, False), "bank2 is told the AMBER risk does not exist")
    for path in ("/items/risk", "/views/register"):
        r = b2.get(fpath("bank2", path))
        ck.check("inc-api-b1" not in r.text and "fr-kilde" not in r.text, "bank2: no word of the risk via " + path)
    meas = {"id": "fm-kilde", "risks": ["fr-kilde"], "title": "HEMMELIG-tiltag", "decided_on": "2026-10-01",
            "owner": "secretariat", "due": "2027-03-01"}
    r = sec.post(fpath(NB, "/items/measure"), {"tlp": "GREEN", "body": meas})
    error_shape(ck, r, "invalid", "tlp", "a GREEN measure for the AMBER risk")
    r = sec.post(fpath(NB, "/items/measure"), dict(meas, risks=["fr-nope"]))
    error_shape(ck, r, "invalid", "risks[0]", "a measure for a risk that does not exist")
    r = sec.post(fpath(NB, "/items/measure"), meas)
    ck.eq((r.status, r.json.get("tlp"), r.json.get("recipients")), (201, "AMBER", [NB]),
          "a measure without a label takes its risk's (AMBER to the secretariat), not GREEN")
    r = b2.get(fpath("bank2", "/views/register"))
    ck.check("HEMMELIG-tiltag" not in r.text and "fm-kilde" not in r.text, "bank2's register has no word of the measure")
    r1x = sec.post(fpath(NB, "/items/risk"), dict(src, id="fr-kilde2", sources=[{"kind": "incident",
                                                                                "ref": "bank2/inc-api-b2"}]))
    error_shape(ck, r1x, "invalid", "sources[0].ref", "a risk citing bank2's unshared incident")
    r2x = sec.post(fpath(NB, "/items/risk"), dict(src, id="fr-kilde2", sources=[{"kind": "incident",
                                                                                "ref": "bank2/inc-zz"}]))
    ck.eq(r1x.text.replace("inc-api-b2", "ID"), r2x.text.replace("inc-zz", "ID"),
          "an unshared incident is answered as a missing one")
    r = sec.post(fpath(NB, "/items/risk"), dict(src, id="fr-kilde3", sources=[{"kind": "dependency",
                                                                              "ref": "datacentral/dc-nope"}]))
    error_shape(ck, r, "invalid", "sources[0].ref", "a dependency source naming no node of the sector map")
    r = sec.post(fpath(NB, "/items/risk"), dict(src, id="fr-kilde3", sources=[{"kind": "survey", "ref": "sv-nope"}]))
    error_shape(ck, r, "invalid", "sources[0].ref", "a survey source naming no survey")

    roi_tests(ck, s, c)


ROI_SAMPLE = os.path.join(server.ROOT, "tests", "roi", "eba-sample-package-headers.zip")


def zip_members(ck, body, name):
    """{path below the package's folder: bytes} of a package; checks every member lies in the folder `name`."""
    import io
    import zipfile
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
        members = {i.filename: z.read(i) for i in z.infolist()}
    except (zipfile.BadZipFile, ValueError) as ex:
        ck.check(False, "the package is a zip archive Python reads", str(ex))
        return {}
    ck.check(members and all(m.startswith(name + "/") for m in members),
             "every member of the package lies in its folder named as the package", sorted(members)[:3])
    return {m.split("/", 1)[1] if "/" in m else m: data for m, data in members.items()}


def roi_tests(ck, s, c):
    """The register of information (docs/api.md#the-dora-register-of-information-issue-15) on bank1's
    complete register (examples/forum/bank1.json "roi"), then the forum's analyses from the registers."""
    sec, b1, b2, faud, adm = (c[u] for u in ("fsec", "fb1", "fb2", "faud", "fb1adm"))
    NB = "nationalbanken"
    R = "/api/v1/orgs/bank1/roi"
    AS_OF = "?as_of=2025-12-31"

    def audit_roi(actor, name):
        log = s.cli("audit", "log", "--org", "bank1")
        hit = [e for e in log if (e.get("actor"), e.get("action"), e.get("entity"), e.get("key")) ==
               (actor, "update", "roi", "bank1")]
        ck.check(hit, "audit log of bank1 has %s's update of roi bank1 (%s)" % (actor, name),
                 json.dumps([{k: e.get(k) for k in ("actor", "action", "entity", "key")} for e in log[-5:]]))

    ck.section("register of information: read, check, codes")
    r = b1.get(R)
    ck.status(r, 200, "GET roi (bank1's isk)")
    orig = r.json
    ck.eq((len(orig.get("providers", [])), len(orig.get("functions", [])), len(orig.get("arrangements", []))),
          (9, 3, 10), "GET roi: bank1's register has 9 providers, 3 functions, 10 arrangements")
    etag = r.header("ETag")
    ck.check(etag, "GET roi has an ETag")
    ck.status(faud.get(R), 200, "GET roi as bank1's auditor (read permission)")
    r = b1.get(R + "/check" + AS_OF)
    ck.status(r, 200, "GET roi/check?as_of=2025-12-31")
    ck.eq((r.json.get("organisation"), r.json.get("as_of"), r.json.get("ok"), r.json.get("violations")),
          ("bank1", "2025-12-31", True, []), "check: bank1's register passes, no violations")
    tables = r.json.get("tables", {})
    ck.eq((tables.get("B_02.02"), tables.get("B_05.01")), (14, 9),
          "check: 14 rows in B_02.02 (arrangement x function x service), 9 in B_05.01 (the providers)")
    r = b1.get(R + "/check?as_of=31-12-2025")
    error_shape(ck, r, "invalid", "as_of", "check with as_of not a date")

    r = b1.get("/api/v1/formats/eba-roi/codes")
    ck.status(r, 200, "GET formats/eba-roi/codes")
    lists = r.json.get("lists", {}) if isinstance(r.json, dict) else {}
    ck.eq(len(lists.get("service_type", {}).get("codes", [])), 19, "codes: 19 ICT service types (S01-S19)")
    ck.eq([x.get("eba") for x in lists.get("entity_type", {}).get("codes", []) if x.get("key") == "credit_institution"],
          ["eba_CT:x12"], "codes: a credit institution is the EBA's eba_CT:x12")
    ck.eq([x.get("da") for x in lists.get("country", {}).get("codes", []) if x.get("key") == "DK"], ["Danmark"],
          "codes: DK is 'Danmark' in Danish")

    ck.section("register of information: the package and the check of a package")
    name_rx = r"^9845001BANK1EKSMPL90\.CON_DK_DORA010100_DORA_2025-12-31_[0-9]+\.zip$"
    names, bodies = [], []
    for i in (1, 2):
        r = b1.get(R + "/package" + AS_OF)
        ck.status(r, 200, "GET roi/package?as_of=2025-12-31 (%d)" % i)
        ck.eq(r.header("Content-Type"), "application/zip", "package: application/zip (%d)" % i)
        ck.eq(r.body[:2], b"PK", "package: a zip's magic (%d)" % i)
        m = re.search(r'filename="([^"]+)"', r.header("Content-Disposition") or "")
        ck.check(m and re.match(name_rx, m.group(1)), "package: named LEI.CON_DK_DORA010100_DORA_2025-12-31_TIME.zip "
                 "(%d)" % i, r.header("Content-Disposition"))
        names.append(m.group(1) if m else "")
        bodies.append(r.body)
    package = bodies[0]
    first = zip_members(ck, bodies[0], names[0][:-4])
    second = zip_members(ck, bodies[1], names[1][:-4])
    ck.check(len(first) == 19 and first == second, "package: downloaded twice, the same members with the same contents",
             "%d and %d members; differing: %s" % (len(first), len(second),
                                                   sorted(k for k in set(first) | set(second)
                                                          if first.get(k) != second.get(k))[:5]))
    ck.check(b"B_05.01" in first.get("reports/FilingIndicators.csv", b"") or
             b"b_05.01" in first.get("reports/FilingIndicators.csv", b"").lower(),
             "package: the filing indicators name B_05.01", first.get("reports/FilingIndicators.csv", b"")[:300])
    r = b1.get(R + "/package?as_of=2025-12-31&level=XYZ")
    error_shape(ck, r, "invalid", "level", "package with an unknown level")

    r = b2.post("/api/v1/roi/check", raw=package, ctype="application/zip")
    ck.status(r, 200, "POST roi/check with bank1's package (any logged-in user: bank2's isk)")
    ck.eq((r.json.get("ok"), r.json.get("violations"), r.json.get("package")), (True, [], names[0][:-4]),
          "POST roi/check: bank1's package passes, named as downloaded")
    ck.eq(r.json.get("tables"), tables, "POST roi/check: the package's rows per table are the register's")
    r = b1.post("/api/v1/roi/check", raw=b"not a zip", ctype="application/zip")
    ck.status(r, 400, "POST roi/check with b'not a zip': 400")
    ck.check(isinstance(r.error_field(), str) and r.error_field() != "",
             "POST roi/check with b'not a zip' names a field", r.text[:300])
    with open(ROI_SAMPLE, "rb") as f:
        sample = f.read()
    r = b1.post("/api/v1/roi/check", raw=sample, ctype="application/zip")
    ck.status(r, 200, "POST roi/check with the EBA's sample package")
    rules = {v.get("rule") for v in r.json.get("violations", []) if isinstance(v, dict)}
    ck.check(r.json.get("ok") is False and rules & {"lei", "foreign_key"},
             "POST roi/check: the EBA's sample fails, on a LEI or a foreign key", r.text[:400])
    ck.status(s.anon().post("/api/v1/roi/check", raw=package, ctype="application/zip"), 401,
              "POST roi/check without credentials: 401")

    ck.section("register of information: PUT and PATCH")
    r = b1.patch(R, {"currency": None}, headers={"If-Match": etag})
    ck.status(r, 200, "PATCH roi {currency: null} with If-Match the current ETag")
    ck.check("currency" not in r.json and len(r.json.get("arrangements", [])) == 10,
             "PATCH answers the register without currency, the rest as it was", r.text[:300])
    audit_roi("fb1", "PATCH roi")
    r = b1.get(R + "/check" + AS_OF)
    hit = [v for v in r.json.get("violations", []) if isinstance(v, dict) and
           (v.get("table"), v.get("column"), v.get("rule")) == ("B_01.02", "c0100", "mandatory")]
    ck.check(r.status == 200 and r.json.get("ok") is False and hit,
             "check after the PATCH: not ok, B_01.02 c0100 (currency) mandatory", r.text[:500])
    r = b1.patch(R, {"currency": "DKK"}, headers={"If-Match": etag})
    error_shape(ck, r, "precondition_failed", "If-Match", "PATCH roi with a stale If-Match")
    r = b1.put(R, orig, headers={"If-Match": etag})
    error_shape(ck, r, "precondition_failed", "If-Match", "PUT roi with a stale If-Match")
    ck.check("currency" not in b1.get(R).json, "the stale writes changed nothing")
    r = faud.put(R, orig)
    error_shape(ck, r, "forbidden", Ellipsis, "PUT roi as bank1's auditor")
    etag2 = b1.get(R).header("ETag")
    ck.check(etag2 and etag2 != etag, "GET roi after the PATCH: a new ETag", (etag, etag2))
    r = b1.put(R, orig, headers={"If-Match": etag2})
    ck.status(r, 200, "PUT roi: the register before the PATCH, with If-Match the current ETag")
    r = b1.get(R)
    ck.eq((r.json, r.header("ETag")), (orig, etag), "GET roi after the PUT: the original register and its ETag")
    r = b1.get(R + "/check" + AS_OF)
    ck.eq((r.json.get("ok"), r.json.get("violations")), (True, []), "check after the PUT: ok again")

    bad = json.loads(json.dumps(orig))
    bad["arrangements"][0]["services"][0]["type"] = "S20"
    r = b1.put(R, bad, headers={"If-Match": etag})
    error_shape(ck, r, "invalid", "arrangements[0].services[0].type", "PUT roi with service type S20")
    ck.eq(b1.get(R).json, orig, "GET roi after the refused PUT: unchanged")

    ck.section("register of information: import")
    r = b1.post(R + "/import", raw=package, ctype="application/zip")
    error_shape(ck, r, "forbidden", Ellipsis, "POST roi/import as bank1's isk (admin only)")
    r = adm.post(R + "/import", raw=package, ctype="application/zip")
    ck.status(r, 200, "POST roi/import of bank1's package as bank1's admin")
    ck.eq((r.json.get("organisation"), r.json.get("providers"), r.json.get("functions"), r.json.get("arrangements")),
          ("bank1", 9, 3, 10), "import: 9 providers, 3 functions, 10 arrangements")
    audit_roi("fb1adm", "POST roi/import")
    before = b1.get(R)
    ck.eq((len(before.json.get("providers", [])), len(before.json.get("arrangements", []))), (9, 10),
          "GET roi after the import: 9 providers, 10 arrangements")
    r = b1.get(R + "/check" + AS_OF)
    ck.eq((r.json.get("ok"), r.json.get("violations"), r.json.get("tables")), (True, [], tables),
          "check after importing its own package: ok, the same rows per table")
    r = adm.post(R + "/import", raw=sample, ctype="application/zip")
    ck.status(r, 400, "POST roi/import of the EBA's sample: 400")
    ck.check(re.match(r"^B_\d\d\.\d\d row \d+ c\d{4}$", r.error_field() or ""),
             "import of the sample names the first violation's table, row and column", r.text[:300])
    after = b1.get(R)
    ck.eq((after.json, after.header("ETag")), (before.json, before.header("ETag")),
          "GET roi after the refused import: unchanged")
    r = adm.post(R + "/import", raw=b"not a zip", ctype="application/zip")
    ck.status(r, 400, "POST roi/import of b'not a zip': 400")

    ck.section("register of information: other organisations")
    same_404(ck, b2.get(R), b2.get("/api/v1/orgs/zz-no-org/roi"), ("bank1", "zz-no-org"),
             "bank2's isk GET bank1's roi")
    same_404(ck, b2.get(R + "/check" + AS_OF), b2.get("/api/v1/orgs/zz-no-org/roi/check" + AS_OF),
             ("bank1", "zz-no-org"), "bank2's isk GET bank1's roi/check")
    same_404(ck, b2.get(R + "/package" + AS_OF), b2.get("/api/v1/orgs/zz-no-org/roi/package" + AS_OF),
             ("bank1", "zz-no-org"), "bank2's isk GET bank1's roi/package")
    ck.status(b2.put(R, orig), 404, "bank2's isk PUT bank1's roi: 404")
    ck.eq(b1.get(R).json, before.json, "bank1's register unchanged by bank2's PUT")

    ck.section("forum: analyses from the members' registers (?source=register)")
    r = b1.post(fpath("bank1", "/shares"), {"kind": "roi", "tlp": "AMBER", "recipients": [NB]})
    ck.status(r, 201, "bank1 shares its register AMBER with the secretariat")
    ck.eq((r.json.get("kind"), r.json.get("tlp"), r.json.get("recipients")), ("roi", "AMBER", [NB]),
          "the roi share as stored")
    r = sec.get(fpath(NB, "/footprint?source=register"))
    ck.status(r, 200, "GET footprint?source=register (secretariat)")
    prov = {p.get("provider"): p for p in r.json.get("providers", [])}
    ck.eq((r.json.get("source"), prov.get("lei:984500KERNEBANK0DK67", {}).get("members")), ("register", 1),
          "footprint from the registers: source register, Kernebank relied on by one member")
    r = sec.get(fpath(NB, "/footprint"))
    ck.eq(r.json.get("source"), "map", "footprint without ?source=: from the maps")
    r = sec.get(fpath(NB, "/footprint?source=bogus"))
    error_shape(ck, r, "invalid", "source", "footprint?source=bogus")
    r = sec.get(fpath(NB, "/outage?node=datacentral/dc-aarhus&source=register"))
    error_shape(ck, r, "invalid", "source", "outage takes no ?source=")
    r = b2.get(fpath("bank2", "/footprint?source=register"))
    ck.check(r.status == 200 and "KERNEBANK" not in r.text, "bank2 sees nothing of bank1's AMBER register",
             r.text[:300])


if __name__ == "__main__":
    main_guard(run)
