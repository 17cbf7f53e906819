"""
test_sso_required.py — an organisation that requires single sign-on (docs/sso.md,
"Requiring single sign-on"): PATCH /api/v1/orgs/{org} and `skjold org update
--require-sso`, who may set it, the refused password login, the ended sessions,
the system administrator's break-glass login, API tokens, the audit entry.

  sa     system administrator (password + TOTP)
  alice  admin of bankb          ivan  isk in bankb (session and API token)
  carl   isk in the example municipality only
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, main_guard  # noqa: E402

B = "bankb"
K = "eksempel-kommune"


def run(ck):
    s = Server(sys.argv[1])
    s.org_add(B, "Bank B", "bank")
    s.user_add("sa", admin=True)
    s.role("sa", B, "admin")
    for user, org, role in (("alice", B, "admin"), ("ivan", B, "isk"), ("carl", K, "isk")):
        s.user_add(user)
        s.role(user, org, role)
    tok = s.token_add("ivan", B, "isk", name="integration")["token"]
    s.start()
    sa, alice, ivan, carl = (s.session(u) for u in ("sa", "alice", "ivan", "carl"))
    bearer = s.bearer(tok, "ivan-token")

    r = alice.get("/api/v1/orgs/" + B)
    ck.eq((r.status, r.json.get("require_sso")), (200, False), "GET /orgs/{org}: require_sso false by default")
    r = sa.get("/api/v1/orgs")
    ck.check(all(o.get("require_sso") is False for o in r.json.get("items", [])), "GET /orgs: every organisation shows require_sso")

    before = s.checksum()
    r = ivan.patch("/api/v1/orgs/" + B, {"require_sso": True})
    ck.status(r, 403, "PATCH require_sso as isk: 403 (org admin or system administrator only)")
    r = alice.patch("/api/v1/orgs/" + B, {"require_sso": "yes"})
    ck.eq((r.status, r.error_field()), (400, "require_sso"), "PATCH require_sso not a boolean: 400 naming the field")
    ck.eq(s.checksum(), before, "  refused changes leave the database as it was")

    r = alice.patch("/api/v1/orgs/" + B, {"require_sso": True})
    ck.eq((r.status, r.json.get("require_sso")), (200, True), "PATCH require_sso true as the org's admin")
    ck.eq(r.json.get("name"), "Bank B", "  the organisation's other fields are kept")
    log = s.cli("audit", "log", "--org", B)
    hit = [e for e in (log if isinstance(log, list) else log.get("entries", []))
           if e.get("action") == "require-sso" and e.get("actor") == "alice"]
    ck.check(hit, "  audited as require-sso by alice", str(log)[:600])

    ck.status(ivan.get("/api/v1/session"), 401, "turning it on ends the sessions of the org's users")
    ck.status(alice.get("/api/v1/session"), 401, "  the org admin's own session too")
    ck.status(sa.get("/api/v1/session"), 200, "  a system administrator's session goes on")
    ck.status(carl.get("/api/v1/session"), 200, "  a user of another organisation is not touched")
    ck.status(bearer.get("/api/v1/orgs/%s/nodes" % B), 200, "  API tokens keep working (documented)")

    c, r = s.login("ivan")
    ck.eq((r.status, r.error_code()), (403, "forbidden"), "a password login of a member is refused with 403")
    j = r.json.get("error", {})
    ck.eq((j.get("message_code"), j.get("params", {}).get("org")), ("auth.sso_required", B),
          "  the message says the organisation requires single sign-on")
    c, r = s.login("ivan", password="not-the-password-at-all")
    ck.eq((r.status, r.error_code()), (401, "unauthenticated"), "  a wrong password is told as wrong, revealing nothing")
    c, r = s.login("carl")
    ck.status(r, 200, "a user of another organisation logs in with a password")
    c = s.login_again("sa")
    ck.status(c.get("/api/v1/session"), 200, "break-glass: a system administrator logs in with password and TOTP")

    p = s.cli_raw("org", "update", B, "--require-sso", "maybe")
    ck.check(p.returncode != 0 and "require_sso" in p.stderr, "org update --require-sso maybe: refused naming the field",
             p.stderr)
    out = s.cli("org", "update", B, "--require-sso", "false")
    ck.eq(out.get("require_sso") if isinstance(out, dict) else out, False, "org update --require-sso false (shell)")
    c, r = s.login("ivan")
    ck.status(r, 200, "  then the password login works again")
    out = s.cli("org", "show", B)
    ck.eq(out.get("require_sso") if isinstance(out, dict) else out, False, "org show has require_sso")
    out = s.cli("org", "update", B, "--require-sso", "true")
    ck.eq(out.get("require_sso") if isinstance(out, dict) else out, True, "org update --require-sso true (shell)")
    c, r = s.login("ivan")
    ck.status(r, 403, "  and the password login is refused again")
    s.shutdown_checks(ck)


main_guard(run)
