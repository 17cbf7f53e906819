"""
test_security.py — the HTTP API's security properties (docs/api.md).

    python3 tests/api/test_security.py build/release/skjold

  1. role matrix: every route of `skjold serve --routes` x every role (session
     and API token; the roles are the server's own list, secretariat included)
     and no credentials: what docs/api.md's role table allows is answered with
     anything but 401/403/5xx, the rest 403 (401 without credentials); the
     sector forum's routes run in forum "fa", of which A is the secretariat;
  2. tenant isolation: a caller of organisation A cannot read, list, change or
     infer organisation B through any route: B's id (and B's object ids) in every
     {org} route answers exactly as a missing organisation does;
  3. CSRF, session fixation, logout, expired/revoked/orphaned tokens;
  4. body limits, malformed JSON, content types;
  5. a slow client is cut off and does not stall the others;
  6. no path traversal through /static/;
  7. security headers and cookie attributes;
  8. login throttling per user and per address, without telling whether a user exists.

The per-address login limit (20 failures a minute) is shared by the whole
script, so failed logins are kept few until the throttling section at the end.
Checks under a "SERVER BUG" comment fail until the server is fixed.
"""
import json
import os
import re
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402
from server import (EXAMPLE_ORG, Server, main_guard, parallel, parse_routes,  # noqa: E402
                    raw_request)

A = EXAMPLE_ORG
B = "bankb"
NOORG = "zz-no-such-org"
OA = "/api/v1/orgs/" + A
# every organisation role of the server (role.c; checked against the shell's list in role_matrix)
ROLES = server.ROLES + ["secretariat"]
# the EBA's sample register-of-information package (tests/roi/): a real zip whose content fails the rules
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "roi", "eba-sample-package-headers.zip"),
          "rb") as _f:
    EBA_SAMPLE = _f.read()
ALL = set(ROLES)
MAP = {"admin", "isk", "system_owner"}
RISK = MAP
INCIDENT = MAP
SUBMIT = {"admin", "isk"}
ADMIN = {"admin"}
AUDIT = {"admin", "isk", "auditor"}
FORUM = {"admin", "isk", "secretariat"}   # PERM_FORUM: take part in (and, as its secretariat, run) a sector forum
SYSADMIN = set()          # no organisation role: system administrators only
PUBLIC = "public"
DUE = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 180 * 86400))
FACTS = {"significant_disruption": True, "considerable_damage": False, "personal_data_breach": True,
         "data_subject_risk": "risk"}
CSV_HEAD = ("id;node;threat;assessed_on;title;threat_level;resilience;consequence.availability;"
            "consequence.confidentiality;consequence.integrity;consequence.authenticity;decision\n")


def crisis_body(title="Udfald"):
    return {"title": title, "severity": "Høj", "opened_at": "2026-11-02T09:00:00+01:00", "cadence_minutes": 60}


def risk_body(node, threat, rid=None):
    b = {"node": node, "threat": threat, "title": "Risiko", "assessed_on": "2026-03-01", "threat_level": 3,
         "resilience": 2, "consequence": {"availability": 3, "confidentiality": 2, "integrity": 2, "authenticity": 1},
         "decision": "mitigate"}
    if rid:
        b["id"] = rid
    return b


def incident_body(iid, node="s-telefoni"):
    return {"id": iid, "title": "Nedbrud", "occurred_at": "2026-03-10T08:50:00+01:00",
            "detected_at": "2026-03-10T09:30:00+01:00", "nodes": [node], "facts": FACTS}


# --------------------------------------------------------------------------------------------------
# The role matrix: for each route, who may call it (docs/api.md "Roles") and a request for caller T
# (a tag naming its own fixtures) in organisation o.  Requests are real writes on the caller's own
# objects, so an allowed call succeeds and a refused one proves nothing was in the way but the role.
# --------------------------------------------------------------------------------------------------

def matrix_spec(ctx):
    """{(METHOD, PATTERN): (allowed, fn(tag, caller) -> (path, body, raw_ctype_or_None))}"""
    o = "/api/v1/orgs/"

    def org(c):
        return c.org_main

    spec = {
        ("GET", "/api/v1/health"): (PUBLIC, lambda T, c: ("/api/v1/health", None)),
        ("GET", "/healthz"): (PUBLIC, lambda T, c: ("/healthz", None)),
        ("GET", "/readyz"): (PUBLIC, lambda T, c: ("/readyz", None)),
        ("GET", "/api/v1/openapi.json"): (PUBLIC, lambda T, c: ("/api/v1/openapi.json", None)),
        ("POST", "/api/v1/login"): (PUBLIC, lambda T, c: ("/api/v1/login", {"user": "someone"})),  # 400: no password
        # single sign-on (off on this server: 404; tests/sso/test_oidc.sh signs in through a provider)
        ("GET", "/api/v1/auth/config"): (PUBLIC, lambda T, c: ("/api/v1/auth/config", None)),
        ("GET", "/api/v1/auth/oidc/login"): (PUBLIC, lambda T, c: ("/api/v1/auth/oidc/login", None)),
        ("GET", "/api/v1/auth/oidc/callback"): (PUBLIC, lambda T, c: ("/api/v1/auth/oidc/callback?state=x&code=y",
                                                                      None)),
        # SAML (off on this server: 404; tests/sso/test_saml.sh signs in through SimpleSAMLphp)
        ("GET", "/api/v1/auth/saml/metadata"): (PUBLIC, lambda T, c: ("/api/v1/auth/saml/metadata", None)),
        ("GET", "/api/v1/auth/saml/login"): (PUBLIC, lambda T, c: ("/api/v1/auth/saml/login", None)),
        ("POST", "/api/v1/auth/saml/acs"): (PUBLIC, lambda T, c: ("/api/v1/auth/saml/acs", None)),
        ("POST", "/api/v1/logout"): (ALL, lambda T, c: ("/api/v1/logout", None)),
        ("GET", "/api/v1/session"): (ALL, lambda T, c: ("/api/v1/session", None)),
        ("POST", "/api/v1/session/password"): (ALL, lambda T, c: ("/api/v1/session/password", {"old": "x"})),
        ("POST", "/api/v1/session/totp"): (ALL, lambda T, c: ("/api/v1/session/totp", None)),
        ("POST", "/api/v1/session/totp/confirm"): (ALL, lambda T, c: ("/api/v1/session/totp/confirm",
                                                                       {"code": "000000"})),
        ("GET", "/api/v1/users"): (SYSADMIN, lambda T, c: ("/api/v1/users", None)),
        ("POST", "/api/v1/users"): (SYSADMIN, lambda T, c: ("/api/v1/users", {"name": "new-" + T})),
        ("GET", "/api/v1/users/{name}"): (SYSADMIN, lambda T, c: ("/api/v1/users/scratch", None)),
        ("PATCH", "/api/v1/users/{name}"): (SYSADMIN, lambda T, c: ("/api/v1/users/scratch",
                                                                    {"display_name": "Scratch " + T})),
        ("POST", "/api/v1/users/{name}/reset"): (SYSADMIN, lambda T, c: ("/api/v1/users/scratch2/reset", None)),
        ("PUT", "/api/v1/users/{name}/sso"): (SYSADMIN, lambda T, c: ("/api/v1/users/scratch2/sso",
                                                                   {"issuer": "https://idp.example",
                                                                    "subject": "scratch2-" + T})),
        ("DELETE", "/api/v1/users/{name}/sso"): (SYSADMIN, lambda T, c: ("/api/v1/users/scratch2/sso", None)),
        ("GET", "/api/v1/tokens"): (ALL, lambda T, c: ("/api/v1/tokens", None)),
        ("POST", "/api/v1/tokens"): (ALL, lambda T, c: ("/api/v1/tokens", {"name": "m-" + T, "org": A,
                                                                         "role": c.role})),
        ("DELETE", "/api/v1/tokens/{id}"): (ALL, lambda T, c: ("/api/v1/tokens/%s" % c.victim_token, None)),
        ("GET", "/api/v1/orgs/{org}/members"): (ALL, lambda T, c: (o + org(c) + "/members", None)),
        ("PUT", "/api/v1/orgs/{org}/members/{user}"): (ADMIN, lambda T, c: (o + org(c) + "/members/scratch",
                                                                             {"role": "auditor"})),
        ("DELETE", "/api/v1/orgs/{org}/members/{user}"): (ADMIN, lambda T, c: (o + org(c) + "/members/scratch",
                                                                                None)),
        ("GET", "/api/v1/orgs"): (ALL, lambda T, c: ("/api/v1/orgs", None)),
        ("POST", "/api/v1/orgs"): (SYSADMIN, lambda T, c: ("/api/v1/orgs", {"id": "o-" + T, "name": "O",
                                                                           "kind": "bank"})),
        ("GET", "/api/v1/orgs/{org}"): (ALL, lambda T, c: (o + org(c), None)),
        ("PATCH", "/api/v1/orgs/{org}"): (ADMIN, lambda T, c: (o + org(c), {"risk_appetite": "Medium"})),
        ("DELETE", "/api/v1/orgs/{org}"): (ADMIN, lambda T, c: (o + c.org_delete, None)),
        ("POST", "/api/v1/orgs/{org}/risks/preview"): (RISK, lambda T, c: (o + org(c) + "/risks/preview",
                                                                            risk_body("n-" + T, "t-" + T))),
        ("POST", "/api/v1/orgs/{org}/nodes/{id}/carry-forward"): (MAP, lambda T, c: (
            o + org(c) + "/nodes/cf-%s/carry-forward" % T, {"note": "uændret"})),
        ("GET", "/api/v1/orgs/{org}/edges"): (ALL, lambda T, c: (o + org(c) + "/edges", None)),
        ("POST", "/api/v1/orgs/{org}/edges"): (MAP, lambda T, c: (o + org(c) + "/edges",
                                                                  {"from": "n2-" + T, "to": "dc-syd", "type": "uses"})),
        ("GET", "/api/v1/orgs/{org}/edges/{from}/{to}"): (ALL, lambda T, c: (o + org(c) + "/edges/n-%s/n2-%s" % (T, T),
                                                                             None)),
        ("PUT", "/api/v1/orgs/{org}/edges/{from}/{to}"): (MAP, lambda T, c: (
            o + org(c) + "/edges/n-%s/n2-%s" % (T, T), {"type": "runs_on"})),
        ("PATCH", "/api/v1/orgs/{org}/edges/{from}/{to}"): (MAP, lambda T, c: (
            o + org(c) + "/edges/n-%s/n2-%s" % (T, T), {"group": "g"})),
        ("DELETE", "/api/v1/orgs/{org}/edges/{from}/{to}"): (MAP, lambda T, c: (
            o + org(c) + "/edges/n2-%s/dc-nord" % T, None)),
        ("GET", "/api/v1/orgs/{org}/impact/{node}"): (ALL, lambda T, c: (o + org(c) + "/impact/n-" + T, None)),
        ("GET", "/api/v1/orgs/{org}/spof"): (ALL, lambda T, c: (o + org(c) + "/spof", None)),
        ("GET", "/api/v1/orgs/{org}/register"): (ALL, lambda T, c: (o + org(c) + "/register", None)),
        ("GET", "/api/v1/orgs/{org}/overview"): (ALL, lambda T, c: (o + org(c) + "/overview", None)),
        ("GET", "/api/v1/orgs/{org}/followup"): (ALL, lambda T, c: (o + org(c) + "/followup", None)),
        ("GET", "/api/v1/orgs/{org}/reports/isu"): (ALL, lambda T, c: (o + org(c) + "/reports/isu", None)),
        ("GET", "/api/v1/orgs/{org}/reports/management"): (ALL, lambda T, c: (o + org(c) + "/reports/management",
                                                                               None)),
        ("GET", "/api/v1/orgs/{org}/tables"): (ALL, lambda T, c: (o + org(c) + "/tables", None)),
        ("GET", "/api/v1/orgs/{org}/tables/{name}"): (ALL, lambda T, c: (o + org(c) + "/tables/matrix", None)),
        ("PUT", "/api/v1/orgs/{org}/tables/{name}"): (ADMIN, lambda T, c: (o + org(c) + "/tables/likelihood_table",
                                                                           ctx["likelihood_table"])),
        ("GET", "/api/v1/orgs/{org}/incidents"): (ALL, lambda T, c: (o + org(c) + "/incidents", None)),
        ("POST", "/api/v1/orgs/{org}/incidents"): (INCIDENT, lambda T, c: (o + org(c) + "/incidents",
                                                                           incident_body("pi-" + T))),
        ("GET", "/api/v1/orgs/{org}/incidents/{id}"): (ALL, lambda T, c: (o + org(c) + "/incidents/inc-" + T, None)),
        ("PATCH", "/api/v1/orgs/{org}/incidents/{id}"): (INCIDENT, lambda T, c: (o + org(c) + "/incidents/inc-" + T,
                                                                                 {"title": "Nedbrud " + T})),
        ("GET", "/api/v1/orgs/{org}/incidents/{id}/submissions"): (ALL, lambda T, c: (
            o + org(c) + "/incidents/inc-%s/submissions" % T, None)),
        ("POST", "/api/v1/orgs/{org}/incidents/{id}/submissions"): (SUBMIT, lambda T, c: (
            o + org(c) + "/incidents/inc-%s/submissions" % T,
            {"regime": "eu-nis2", "report": "early_warning", "at": "2026-03-11T08:00:00+01:00", "channel": "virk.dk"})),
        ("GET", "/api/v1/orgs/{org}/incidents/{id}/reports/{regime}/{report}"): (ALL, lambda T, c: (
            o + org(c) + "/incidents/inc-%s/reports/eu-nis2/notification" % T, None)),
        ("GET", "/api/v1/orgs/{org}/deadlines"): (ALL, lambda T, c: (o + org(c) + "/deadlines", None)),
        ("GET", "/api/v1/orgs/{org}/recurring"): (ALL, lambda T, c: (o + org(c) + "/recurring", None)),
        ("GET", "/api/v1/orgs/{org}/export"): (ALL, lambda T, c: (o + org(c) + "/export", None)),
        # import-csv: nodes/edges are map writes, risks risk writes (docs/api.md: import-csv ≙ the CLI's)
        ("POST", "/api/v1/orgs/{org}/import-csv"): (RISK, lambda T, c: (
            o + org(c) + "/import-csv?kind=risks",
            (CSV_HEAD + "csv-%s;n-%s;t-%s;2026-03-02;Regneark;4;1;3;2;2;1;mitigate\n" % (T, T, T), "text/csv"))),
        # KITOS (docs/kitos.md): a map write, as import-csv's nodes; a dry run here, the body refused after the role
        ("POST", "/api/v1/orgs/{org}/import/kitos"): (MAP, lambda T, c: (
            o + org(c) + "/import/kitos?dry_run=true", {})),
        ("GET", "/api/v1/orgs/{org}/audit"): (AUDIT, lambda T, c: (o + org(c) + "/audit?limit=5", None)),
        ("POST", "/api/v1/assess"): (ALL, lambda T, c: ("/api/v1/assess", ctx["facts"])),
        ("GET", "/api/v1/formats/dora-incident"): (ALL, lambda T, c: ("/api/v1/formats/dora-incident", None)),
        ("POST", "/api/v1/import"): (ADMIN, lambda T, c: ("/api/v1/import", ctx["import_doc"][c.org_import])),
        # the register of information (docs/roi.md): read by all, written by the map's keepers, a package
        # imported by the organisation's admin (the EBA's sample: refused 400 on its content, after the role)
        ("GET", "/api/v1/orgs/{org}/roi"): (ALL, lambda T, c: (o + org(c) + "/roi", None)),
        ("PUT", "/api/v1/orgs/{org}/roi"): (MAP, lambda T, c: (o + org(c) + "/roi", {"country": "DK"})),
        ("PATCH", "/api/v1/orgs/{org}/roi"): (MAP, lambda T, c: (o + org(c) + "/roi", {"currency": "DKK"})),
        ("GET", "/api/v1/orgs/{org}/roi/check"): (ALL, lambda T, c: (o + org(c) + "/roi/check?as_of=2025-12-31", None)),
        ("GET", "/api/v1/orgs/{org}/roi/package"): (ALL, lambda T, c: (o + org(c) + "/roi/package", None)),
        ("POST", "/api/v1/orgs/{org}/roi/import"): (ADMIN, lambda T, c: (o + org(c) + "/roi/import",
                                                                          (EBA_SAMPLE, "application/zip"))),
        ("POST", "/api/v1/roi/check"): (ALL, lambda T, c: ("/api/v1/roi/check", (EBA_SAMPLE, "application/zip"))),
        ("GET", "/api/v1/formats/eba-roi/codes"): (ALL, lambda T, c: ("/api/v1/formats/eba-roi/codes", None)),

        # webhooks (docs/webhooks.md): the organisation's admins only; a missing endpoint is 404 to them
        ("GET", "/api/v1/orgs/{org}/webhooks"): (ADMIN, lambda T, c: (o + org(c) + "/webhooks", None)),
        ("POST", "/api/v1/orgs/{org}/webhooks"): (ADMIN, lambda T, c: (o + org(c) + "/webhooks", {
            "id": "wh-" + T, "url": "http://127.0.0.1:9/hook", "events": ["incident.created"], "tlp": "GREEN"})),
        ("GET", "/api/v1/orgs/{org}/webhooks/{id}"): (ADMIN, lambda T, c: (o + org(c) + "/webhooks/wh-" + T, None)),
        ("PATCH", "/api/v1/orgs/{org}/webhooks/{id}"): (ADMIN, lambda T, c: (o + org(c) + "/webhooks/wh-" + T,
                                                                               {"enabled": False})),
        ("GET", "/api/v1/orgs/{org}/webhooks/{id}/deliveries"): (ADMIN, lambda T, c: (
            o + org(c) + "/webhooks/wh-" + T + "/deliveries", None)),
        ("POST", "/api/v1/orgs/{org}/webhooks/{id}/test"): (ADMIN, lambda T, c: (
            o + org(c) + "/webhooks/none-" + T + "/test", None)),
        ("DELETE", "/api/v1/orgs/{org}/webhooks/{id}"): (ADMIN, lambda T, c: (o + org(c) + "/webhooks/wh-" + T, None)),
        # the forum secretariat's webhooks: A is fa's secretariat; its admins only
        ("GET", "/api/v1/orgs/{org}/forums/{forum}/webhooks"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks", None)),
        ("POST", "/api/v1/orgs/{org}/forums/{forum}/webhooks"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks", {"id": "fwh-" + T, "url": "http://127.0.0.1:9/hook",
                                                  "events": ["crisis.opened"], "tlp": "GREEN"})),
        ("GET", "/api/v1/orgs/{org}/forums/{forum}/webhooks/{id}"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks/fwh-" + T, None)),
        ("PATCH", "/api/v1/orgs/{org}/forums/{forum}/webhooks/{id}"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks/fwh-" + T, {"enabled": False})),
        ("GET", "/api/v1/orgs/{org}/forums/{forum}/webhooks/{id}/deliveries"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks/fwh-" + T + "/deliveries", None)),
        ("POST", "/api/v1/orgs/{org}/forums/{forum}/webhooks/{id}/test"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks/none-" + T + "/test", None)),
        ("DELETE", "/api/v1/orgs/{org}/forums/{forum}/webhooks/{id}"): (ADMIN, lambda T, c: (
            o + org(c) + "/forums/fa/webhooks/fwh-" + T, None)),
        ("POST", "/api/v1/audit/verify"): (AUDIT, lambda T, c: ("/api/v1/audit/verify", None)),
        ("GET", "/api/v1/audit/export"): (SYSADMIN, lambda T, c: (
            "/api/v1/audit/export?since=2026-01-01T00:00:00Z&format=jsonl", None)),
        ("GET", "/api/v1/nodes"): (ALL, lambda T, c: ("/api/v1/nodes?limit=5", None)),
        ("GET", "/api/v1/risks"): (ALL, lambda T, c: ("/api/v1/risks?limit=5", None)),
        ("GET", "/api/v1/measures"): (ALL, lambda T, c: ("/api/v1/measures?limit=5", None)),
        ("GET", "/api/v1/incidents"): (ALL, lambda T, c: ("/api/v1/incidents?limit=5", None)),
    }
    # the sector forum: A is the secretariat of "fa" (and invited to zsec's fj-T and fd-T); setup() made the
    # objects of caller T: zi-T (to invite), zr-T (invited, to remove), zfm (a member), crisis cr-T and crd-T,
    # a share of A's to delete
    fo = "/api/v1/orgs/{org}/forums"
    ff = fo + "/{forum}"

    def fa(c, rest=""):
        return o + org(c) + "/forums/fa" + rest

    spec.update({
        ("GET", fo): (ALL, lambda T, c: (o + org(c) + "/forums", None)),
        ("POST", fo): (ADMIN, lambda T, c: (o + org(c) + "/forums", {"id": "fn-" + T, "name": "Nyt forum"})),
        ("GET", ff): (ALL, lambda T, c: (fa(c), None)),
        ("GET", ff + "/members"): (ALL, lambda T, c: (fa(c, "/members"), None)),
        # what the member may see, as STIX 2.1 or a MISP event (docs/forum.md, "Sharing out")
        ("GET", ff + "/export"): (ALL, lambda T, c: (fa(c, "/export?format=stix"), None)),
        ("POST", ff + "/members"): (FORUM, lambda T, c: (fa(c, "/members"), {"member": "zi-" + T})),
        ("PATCH", ff + "/members/{member}"): (FORUM, lambda T, c: (fa(c, "/members/zfm"), {"assets": 100})),
        ("DELETE", ff + "/members/{member}"): (FORUM, lambda T, c: (fa(c, "/members/zr-" + T), None)),
        ("POST", ff + "/join"): (FORUM, lambda T, c: (o + org(c) + "/forums/fj-%s/join" % T, None)),
        ("POST", ff + "/decline"): (FORUM, lambda T, c: (o + org(c) + "/forums/fd-%s/decline" % T, None)),
        ("GET", ff + "/shares"): (ALL, lambda T, c: (fa(c, "/shares"), None)),
        ("POST", ff + "/shares"): (FORUM, lambda T, c: (fa(c, "/shares"), {"kind": "node", "filter": {
            "kinds": ["system"]}, "tlp": "GREEN"})),
        ("DELETE", ff + "/shares/{id}"): (FORUM, lambda T, c: (fa(c, "/shares/" + ctx["forum_shares"].get(
            T, "s-000000000000")), None)),
        ("GET", ff + "/items/{kind}"): (ALL, lambda T, c: (fa(c, "/items/crisis"), None)),
        ("POST", ff + "/items/{kind}"): (FORUM, lambda T, c: (fa(c, "/items/crisis"), crisis_body("Ny " + T))),
        ("GET", ff + "/items/{kind}/{id}"): (ALL, lambda T, c: (fa(c, "/items/crisis/cr-" + T), None)),
        ("PUT", ff + "/items/{kind}/{id}"): (FORUM, lambda T, c: (fa(c, "/items/crisis/cr-" + T),
                                                                  {"body": crisis_body("Erstattet " + T)})),
        ("DELETE", ff + "/items/{kind}/{id}"): (FORUM, lambda T, c: (fa(c, "/items/crisis/crd-" + T), None)),
        ("GET", ff + "/map"): (ALL, lambda T, c: (fa(c, "/map"), None)),
        ("GET", ff + "/outage"): (ALL, lambda T, c: (fa(c, "/outage?node=%s/dc-nord" % A), None)),
        ("GET", ff + "/spof"): (ALL, lambda T, c: (fa(c, "/spof"), None)),
        ("GET", ff + "/footprint"): (ALL, lambda T, c: (fa(c, "/footprint"), None)),
        ("GET", ff + "/concentration"): (ALL, lambda T, c: (fa(c, "/concentration"), None)),
        ("GET", ff + "/recovery"): (ALL, lambda T, c: (fa(c, "/recovery"), None)),
        # the stress test is the secretariat organisation's, whatever the role: A is fa's secretariat
        ("GET", ff + "/stress"): (ALL, lambda T, c: (fa(c, "/stress?share=0.5"), None)),
        ("GET", ff + "/views/{name}"): (ALL, lambda T, c: (fa(c, "/views/picture?crisis=cr-" + T), None)),
        ("GET", ff + "/settings"): (ALL, lambda T, c: (fa(c, "/settings"), None)),
        # A is fa's secretariat: every role that may take part in a forum may change its settings
        ("PATCH", ff + "/settings"): (FORUM, lambda T, c: (fa(c, "/settings"), {"min_group": 5})),
        ("POST", ff + "/items/risk/{id}/rerate"): (FORUM, lambda T, c: (fa(c, "/items/risk/fr/rerate"), {
            "likelihood": 2, "consequence": 3})),
    })
    bodies = {
        "nodes": (MAP, lambda T: {"id": "p-" + T, "kind": "system", "name": "Ny", "last_assessed": "2026-01-01"},
                  lambda T: {"kind": "system", "name": "Erstattet", "last_assessed": "2026-01-01"},
                  lambda T: {"owner": "Driften"}, "n-%s", "dn-%s"),
        "threats": (MAP, lambda T: {"id": "pt-" + T, "name": "Ny trussel", "category": "cyber", "threat_level": 2},
                    lambda T: {"name": "Erstattet", "category": "cyber", "threat_level": 3},
                    lambda T: {"threat_level": 1}, "t-%s", "dt-%s"),
        "risks": (RISK, lambda T: risk_body("n-" + T, "t-" + T, "pr-" + T), lambda T: risk_body("n-" + T, "t-" + T),
                  lambda T: {"resilience": 3}, "r-%s", "dr-%s"),
        "measures": (RISK, lambda T: {"id": "pm-" + T, "risk": "r-" + T, "title": "Ny", "kind": "technical",
                                      "owner": "IT", "due": DUE, "status": "planned"},
                     lambda T: {"risk": "r-" + T, "title": "Erstattet", "kind": "technical", "owner": "IT",
                                "due": DUE, "status": "started"},
                     lambda T: {"status": "started"}, "m-%s", "dm-%s"),
        "changes": (MAP, lambda T: {"id": "pc-" + T, "node": "n2-" + T, "kind": "change", "date": "2026-06-01",
                                    "description": "Ny"},
                    lambda T: {"node": "n2-" + T, "kind": "change", "date": "2026-06-02", "description": "Erstattet"},
                    lambda T: {"description": "Rettet"}, "c-%s", "dc-%s"),
    }
    for kind, (allowed, post, put, patch, keep, gone) in bodies.items():
        base = "/api/v1/orgs/{org}/" + kind
        spec[("GET", base)] = (ALL, lambda T, c, k=kind: (o + org(c) + "/" + k + "?limit=5", None))
        spec[("POST", base)] = (allowed, lambda T, c, k=kind, b=post: (o + org(c) + "/" + k, b(T)))
        spec[("GET", base + "/{id}")] = (ALL, lambda T, c, k=kind, i=keep: (o + org(c) + "/" + k + "/" + i % T, None))
        spec[("PUT", base + "/{id}")] = (allowed, lambda T, c, k=kind, i=keep, b=put: (
            o + org(c) + "/" + k + "/" + i % T, b(T)))
        spec[("PATCH", base + "/{id}")] = (allowed, lambda T, c, k=kind, i=keep, b=patch: (
            o + org(c) + "/" + k + "/" + i % T, b(T)))
        spec[("DELETE", base + "/{id}")] = (allowed, lambda T, c, k=kind, i=gone: (
            o + org(c) + "/" + k + "/" + i % T, None))
    return spec


def make_fixtures(ck, setup, T):
    """The objects caller T works on in A (made by an admin token, so they exist for every caller)."""
    reqs = [
        ("/nodes", {"id": "n-" + T, "kind": "system", "name": "N", "criticality": "Lav",
                    "last_assessed": "2026-01-01"}),
        ("/nodes", {"id": "n2-" + T, "kind": "infrastructure", "name": "N2", "last_assessed": "2026-01-01"}),
        ("/nodes", {"id": "dn-" + T, "kind": "system", "name": "D", "last_assessed": "2026-01-01"}),
        ("/nodes", {"id": "cf-" + T, "kind": "system", "name": "CF", "criticality": "Lav",
                    "last_assessed": "2025-06-01"}),
        ("/edges", {"from": "n-" + T, "to": "n2-" + T, "type": "hosted_at"}),
        ("/edges", {"from": "n2-" + T, "to": "dc-nord", "type": "hosted_at"}),
        ("/threats", {"id": "t-" + T, "name": "T", "category": "cyber", "threat_level": 2}),
        ("/threats", {"id": "dt-" + T, "name": "DT", "category": "cyber", "threat_level": 2}),
        ("/risks", risk_body("n-" + T, "t-" + T, "r-" + T)),
        ("/risks", risk_body("n-" + T, "t-" + T, "dr-" + T)),
        ("/measures", {"id": "m-" + T, "risk": "r-" + T, "title": "M", "kind": "technical", "owner": "IT",
                       "due": DUE, "status": "planned"}),
        ("/measures", {"id": "dm-" + T, "risk": "r-" + T, "title": "DM", "kind": "technical", "owner": "IT",
                       "due": DUE, "status": "planned"}),
        ("/changes", {"id": "c-" + T, "node": "n2-" + T, "kind": "change", "date": "2026-06-01", "description": "C"}),
        ("/changes", {"id": "dc-" + T, "node": "n2-" + T, "kind": "change", "date": "2026-06-01", "description": "DC"}),
        ("/incidents", incident_body("inc-" + T)),
    ]
    bad = []
    for path, body in reqs:
        r = setup.post(OA + path, body)
        if r.status != 201:
            bad.append(r)
    ck.check(not bad, "fixtures of caller %s" % T, bad[:3])


def run(ck):
    binary = sys.argv[1]
    s = Server(binary)
    try:
        t0 = time.time()
        ctx = setup(ck, s)
        timings = [("setup", time.time() - t0)]
        for name, fn in (("matrix", role_matrix), ("isolation", tenant_isolation), ("csrf", csrf),
                         ("sessions", sessions_and_tokens), ("bodies", bodies), ("slow", slow_client),
                         ("traversal", traversal), ("headers", headers), ("throttle", throttling)):
            t1 = time.time()
            ck.section(name)
            fn(ck, s, ctx)
            timings.append((name, time.time() - t1))
        if os.environ.get("VERBOSE") == "1":
            print("# " + ", ".join("%s %.1f s" % t for t in timings))
        ck.check(s.alive(), "the server is still running at the end", s.log()[-2000:])
        secrets_stay_secret(ck, s, ctx)
    finally:
        s.shutdown_checks(ck)
        s.cleanup()


def secrets_stay_secret(ck, s, ctx):
    """No password, token, session id, CSRF token or TOTP secret in the audit log or the server's log."""
    secrets = {"password of " + u: pw for u, pw in s.passwords.items()}
    secrets.update({"TOTP secret of " + u: sec for u, sec in s.totp.secret.items()})
    for c in list(ctx["sessions"].values()) + list(ctx["tokens"].values()) + [ctx["sa"], ctx["setup"], ctx["b"]]:
        if c.token:
            secrets["token of " + c.name] = c.token
        if c.cookie:
            secrets["session id of " + c.name] = c.cookie
        if c.csrf:
            secrets["csrf of " + c.name] = c.csrf
    audit = json.dumps(s.cli("audit", "log"), ensure_ascii=False)
    log = s.log()
    for where, text in (("the audit log", audit), ("the server's log", log)):
        leaked = [name for name, sec in secrets.items() if sec and len(sec) >= 8 and sec in text]
        ck.check(not leaked, "no secret in %s" % where, leaked)
        ck.check("$argon2" not in text and "skj_" not in text, "no password hash or token in %s" % where)


# --------------------------------------------------------------------------------------------------

def setup(ck, s):
    ctx = {}
    for oid in (B, "zdel", "zdel2", "zimp", "zimp2", "zsmall"):
        s.org_add(oid, oid.upper(), "bank")
    s.cli("node", "add", "--org", "zsmall", "--id", "z-node", "--kind", "system", "--name", "Z",
          "--last-assessed", "2026-01-01")
    s.user_add("sa", admin=True)
    s.user_add("setup")
    s.role("setup", A, "admin")
    s.user_add("scratch")
    s.user_add("scratch2")
    s.cli("user", "link-sso", "scratch2", "--issuer", "https://idp.example", "--subject", "scratch2-setup")
    s.user_add("lockme")
    s.user_add("pwuser")
    s.user_add("totpuser")
    s.user_add("victim")
    s.role("victim", A, "auditor")
    s.role("victim", "zsmall", "isk")
    s.role("totpuser", "zsmall", "admin")
    s.user_add("bobb")            # B's administrator
    s.role("bobb", B, "admin")
    s.user_add("dual")            # isk in A and in B
    s.role("dual", A, "isk")
    s.role("dual", B, "isk")
    for role in ROLES:
        s.user_add("u-" + role)
        for oid in (A, "zdel", "zdel2", "zimp", "zimp2"):
            s.role("u-" + role, oid, role)
    setup_tok = s.token_add("setup", A, "admin", name="setup")["token"]
    b_tok = s.token_add("bobb", B, "admin", name="b-admin")
    dual_a = s.token_add("dual", A, "isk", name="dual-a")
    dual_b = s.token_add("dual", B, "isk", name="dual-b")
    s.role("u-isk", "zsmall", "isk")
    zsmall = s.token_add("u-isk", "zsmall", "isk", name="zsmall")
    ctx["b_token_id"] = b_tok["id"]
    ctx["dual_b_token_id"] = dual_b["id"]
    forum_fixtures(s, ctx)
    s.start("--timeout-s", "2", "--threads", "4")
    ctx["setup"] = s.bearer(setup_tok, "setup")
    ctx["b"] = s.bearer(b_tok["token"], "bobb")
    ctx["dual_a"] = s.bearer(dual_a["token"], "dual")
    ctx["dual_b"] = s.bearer(dual_b["token"], "dual")
    ctx["zsmall"] = s.bearer(zsmall["token"], "u-isk")
    # organisation B's data, made through the API by B's admin
    bo = "/api/v1/orgs/" + B
    breqs = [
        ("/nodes", {"id": "b-node-1", "kind": "supplier", "name": "B hemmelig leverandør", "criticality": "Kritisk",
                    "critical_service": True}),
        ("/nodes", {"id": "b-node-2", "kind": "system", "name": "B kernebank", "last_assessed": "2026-01-05"}),
        ("/edges", {"from": "b-node-2", "to": "b-node-1", "type": "supplied_by"}),
        ("/threats", {"id": "b-threat", "name": "B trussel", "category": "cyber", "threat_level": 4}),
        ("/risks", risk_body("b-node-2", "b-threat", "b-risk")),
        ("/measures", {"id": "b-measure", "risk": "b-risk", "title": "B tiltag", "kind": "technical",
                       "owner": "B IT", "due": DUE, "status": "planned"}),
        ("/changes", {"id": "b-change", "node": "b-node-2", "kind": "change", "date": "2026-06-01",
                      "description": "B ændring"}),
        ("/incidents", incident_body("b-inc", "b-node-2")),
    ]
    bad = [r for r in (ctx["b"].post(bo + p, body) for p, body in breqs) if r.status != 201]
    ck.check(not bad, "setup: organisation B's data", bad[:3])
    r = ctx["b"].post(bo + "/incidents/b-inc/submissions", {"regime": "eu-nis2", "report": "early_warning",
                                                             "at": "2026-03-11T08:00:00+01:00", "channel": "x"})
    ck.status(r, 201, "setup: B's submission")
    ck.eq(ctx["b"].get(bo + "/nodes/b-node-1").json.get("never_assessed"), True, "setup: B's b-node-1 never assessed")
    # sessions of every role (the admin enrols TOTP), and the system administrator
    ctx["sessions"] = {}
    for role in ROLES:
        c = s.session("u-" + role)
        c.role = role
        ctx["sessions"][role] = c
    ctx["sa"] = s.session("sa")
    ctx["victim"] = s.session("victim")
    ctx["sa"].role = None
    # tokens of every role in A (the matrix) and in the scratch organisations, made by the sessions
    ctx["tokens"] = {}
    for role, c in ctx["sessions"].items():
        toks = {}
        for oid in (A, "zdel2", "zimp2"):
            r = c.post("/api/v1/tokens", {"name": "matrix-" + oid, "org": oid, "role": role})
            ck.status(r, 201, "setup: %s's token for %s" % (role, oid))
            toks[oid] = r.json.get("token")
        victims = []
        for i in range(2):
            r = c.post("/api/v1/tokens", {"name": "victim-%d" % i, "org": A, "role": role})
            victims.append(r.json.get("id"))
        t = s.bearer(toks[A], "u-" + role)
        t.role = role
        t.org_main, t.org_delete, t.org_import, t.victim_token = A, "zdel2", "zimp2", victims[1]
        c.org_main, c.org_delete, c.org_import, c.victim_token = A, "zdel", "zimp", victims[0]
        t.scratch_tokens = toks
        ctx["tokens"][role] = t
    for role in ROLES:
        make_fixtures(ck, ctx["setup"], "s-" + role)
        make_fixtures(ck, ctx["setup"], "t-" + role)
    tables = ctx["setup"].get(OA + "/tables").json
    ctx["likelihood_table"] = tables.get("likelihood_table")
    ctx["import_doc"] = {oid: s.cli("export", "--org", oid) for oid in ("zimp", "zimp2")}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "examples", "incidents", "kommune-ransomware.json")) as f:
        ctx["facts"] = json.load(f)
    return ctx


def forum_fixtures(s, ctx):
    """
    The sector forum, made in the shell: A runs forum "fa" (its nodes shared GREEN, member zfm); zsec runs
    fj-T and fd-T, each inviting A; per caller T an organisation zi-T to invite, zr-T invited to be removed,
    crises cr-T (to read and replace) and crd-T (to delete) and a share of A's (to delete); forum risk fr (to
    re-rate).  B runs b-forum
    (crisis b-crisis, one share): the tenant-isolation checks ask for them as A.
    """
    def forum(*args, body=None):
        p = s.cli_raw("forum", *args, input_text=json.dumps(body) if body is not None else None)
        if p.returncode != 0:
            raise RuntimeError("skjold forum %s failed: %s" % (" ".join(args), p.stderr))
        return json.loads(p.stdout)
    for oid in ("zsec", "zfm"):
        s.org_add(oid, oid.upper(), "bank")
    forum("create", "--org", A, "--id", "fa", "--name", "A's forum")
    forum("share", "--forum", "fa", "--org", A, "--kind", "node", "--tlp", "GREEN")
    forum("invite", "--forum", "fa", "--org", A, "--member", "zfm")
    forum("join", "--forum", "fa", "--org", "zfm")
    # a forum risk every caller re-rates (each re-rating appends a history entry dated today)
    forum("item", "add", "--forum", "fa", "--org", A, "--kind", "risk", "--id", "fr", "--body", "-",
          body={"title": "Fælles driftscenter", "likelihood": 2, "consequence": 3,
                "rated_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))})
    ctx["forum_shares"] = {}
    for T in [p + role for p in ("s-", "t-") for role in ROLES]:
        s.org_add("zi-" + T, "Invite " + T, "bank")
        s.org_add("zr-" + T, "Remove " + T, "bank")
        forum("invite", "--forum", "fa", "--org", A, "--member", "zr-" + T)
        for f in ("fj-" + T, "fd-" + T):
            forum("create", "--org", "zsec", "--id", f, "--name", f)
            forum("invite", "--forum", f, "--org", "zsec", "--member", A)
        for cid in ("cr-" + T, "crd-" + T):
            forum("item", "add", "--forum", "fa", "--org", A, "--kind", "crisis", "--id", cid, "--body", "-",
                  body=crisis_body())
        ctx["forum_shares"][T] = forum("share", "--forum", "fa", "--org", A, "--kind", "node", "--kinds", "system",
                                       "--tlp", "GREEN")["id"]
    forum("create", "--org", B, "--id", "b-forum", "--name", "B's forum")
    forum("item", "add", "--forum", "b-forum", "--org", B, "--kind", "crisis", "--id", "b-crisis", "--body", "-",
          body=crisis_body("B's krise"))
    ctx["b_share"] = forum("share", "--forum", "b-forum", "--org", B, "--kind", "node", "--tlp", "GREEN")["id"]


# --------------------------------------------------------------------------------------------------

def role_matrix(ck, s, ctx):
    routes = parse_routes(s.binary)
    ck.check(len(routes) > 50, "serve --routes lists the routes", routes[:5])
    p = s.cli_raw("user", "role", "scratch", "--org", A, "--role", "zz-no-such-role")
    known = re.search(r"must be one of (.*?)(?:, or none)?$", p.stderr.strip())
    ck.eq(sorted(known.group(1).split(", ")) if known else p.stderr, sorted(ROLES),
          "the matrix covers every role the server knows")
    spec = matrix_spec(ctx)
    missing = [r for r in routes if r not in spec]
    ck.check(not missing, "every route has a role-matrix entry in this test", missing)
    # writes that end something run last: logout (the session), DELETE org (the organisation)
    last = [("DELETE", "/api/v1/orgs/{org}"), ("POST", "/api/v1/logout")]
    order = [r for r in routes if r in spec and r not in last] + [r for r in last if r in routes]
    sess = ctx["sessions"]
    toks = ctx["tokens"]
    anon = s.anon()
    session_only = {("POST", "/api/v1/session/password"), ("POST", "/api/v1/session/totp"),
                    ("POST", "/api/v1/session/totp/confirm"), ("POST", "/api/v1/tokens")}
    for method, pattern in order:
        allowed, fn = spec[(method, pattern)]
        label = "%s %s" % (method, pattern)
        path, body = fn("anon", sess["isk"])
        r = send(anon, method, path, body)
        if allowed == PUBLIC:
            ck.check(r.status < 500 and r.status not in (401, 403),
                     "matrix: %s without credentials is allowed" % label, r)
        else:
            ck.check(r.status == 401 and r.error_code() == "unauthenticated",
                     "matrix: %s without credentials is 401" % label, r)
        if (method, pattern) == ("POST", "/api/v1/logout"):  # fresh sessions: the others live on
            fresh = {}
            for role in ROLES:
                fresh[role] = s.login_again("u-" + role)
                fresh[role].role = role
            callers = [("session", role, fresh[role]) for role in ROLES]
        else:
            callers = [("session", role, sess[role]) for role in ROLES]
        if (method, pattern) not in session_only:
            callers += [("token", role, token_for(s, toks[role], method, pattern)) for role in ROLES]
        # the refused first: an allowed DELETE of an organisation must not hide a refusal
        callers.sort(key=lambda x: allowed == PUBLIC or x[1] in allowed)
        for how, role, c in callers:
            tag = ("s-" if how == "session" else "t-") + role
            path, body = fn(tag, c)
            r = send(c, method, path, body)
            ok = allowed == PUBLIC or role in allowed
            if ok:
                ck.check(r.status < 500 and r.status not in (401, 403),
                         "matrix: %s as %s (%s) is allowed" % (label, role, how), r)
                if os.environ.get("VERBOSE") == "1" and r.status >= 300:
                    print("   note: %s as %s (%s) allowed but %d: %s" % (label, role, how, r.status, r.text[:160]))
            else:
                ck.check(r.status == 403 and r.error_code() == "forbidden",
                         "matrix: %s as %s (%s) is 403" % (label, role, how), r)
        if allowed == SYSADMIN:
            path, body = fn("sa", ctx["sa"])
            r = send(ctx["sa"], method, path, body)
            # SERVER BUG: POST /orgs by a system administrator is 403 (api_data.c grant_new_org -> auth_refresh on
            # the scoped store: "not available to a scoped caller").
            ck.check(r.status < 400, "matrix: %s as system administrator is allowed" % label, r)
    # management decides on risks, and the others of the table as well (decision and acceptance only)
    for role in ROLES:
        c = sess[role]
        r = c.patch(OA + "/risks/r-s-%s" % role, {"decision": "avoid"})
        if role in {"admin", "isk", "system_owner", "management"}:
            ck.status(r, 200, "matrix: PATCH a risk's decision as " + role)
        else:
            ck.check(r.status == 403, "matrix: PATCH a risk's decision as %s is 403" % role, r)
    r = sess["management"].patch(OA + "/risks/r-s-management", {"decision": "mitigate", "resilience": 1})
    ck.check(r.status == 403, "matrix: management may not change a risk's assessment with its decision", r)
    # a session that must first change its password may do nothing else
    s.user_add("fresh")
    s.role("fresh", A, "isk")
    fresh, r = s.login("fresh")
    for m, p in (("GET", OA + "/nodes"), ("GET", "/api/v1/orgs"), ("POST", "/api/v1/assess"),
                 ("GET", "/api/v1/tokens")):
        r = send(fresh, m, p, ctx["facts"] if m == "POST" else None)
        ck.check(r.status == 403, "a session that must change its password: %s %s is 403" % (m, p), r)
    ck.status(fresh.get("/api/v1/session"), 200, "… but GET /session is open")


def token_for(s, t, method, pattern):
    """A token is bound to one organisation: the routes on the scratch organisations use the caller's token there."""
    oid = {("DELETE", "/api/v1/orgs/{org}"): "zdel2", ("POST", "/api/v1/import"): "zimp2"}.get((method, pattern))
    if not oid:
        return t
    c = s.bearer(t.scratch_tokens[oid], t.name)
    for k in ("role", "org_main", "org_delete", "org_import", "victim_token", "scratch_tokens"):
        setattr(c, k, getattr(t, k))
    return c


def send(c, method, path, body):
    if isinstance(body, tuple):
        return c.request(method, path, raw=body[0], ctype=body[1])
    return c.request(method, path, body=body)


# --------------------------------------------------------------------------------------------------

def normalise(text, *ids):
    """text with each id (whole words, longest first) replaced by {ID}."""
    for i in sorted(ids, key=len, reverse=True):
        text = re.sub(r"(?<![\w-])%s(?![\w-])" % re.escape(i), "{ID}", text)
    return text


def same_as_missing(ck, c, method, path_b, path_x, body, label, ids=(B, NOORG)):
    """path_b (B's) answers exactly as path_x (a missing one): 404, same body apart from the ids."""
    rb = send(c, method, path_b, body)
    rx = send(c, method, path_x, body)
    ck.check(rb.status == 404, "isolation: %s answers 404" % label, rb)
    ck.check(rb.status == rx.status and normalise(rb.text, *ids) == normalise(rx.text, *ids)
             and rb.header("Content-Type") == rx.header("Content-Type"),
             "isolation: %s answers as a missing one does" % label,
             "B: %d %s\n missing: %d %s" % (rb.status, rb.text[:200], rx.status, rx.text[:200]))
    return rb


def b_params(method, pattern, ctx=None):
    """B's object ids for the path parameters after {org}."""
    kind = pattern.split("/")[5] if pattern.count("/") >= 5 else ""
    if kind == "forums":
        p = pattern.replace("{forum}", "b-forum").replace("{member}", B).replace("{kind}", "crisis")
        p = p.replace("{name}", "register")
        return p.replace("{id}", (ctx or {}).get("b_share", "b-share") if "/shares/" in p else "b-crisis")
    ids = {"nodes": "b-node-2", "threats": "b-threat", "risks": "b-risk", "measures": "b-measure",
           "changes": "b-change", "incidents": "b-inc"}
    p = pattern.replace("{from}", "b-node-2").replace("{to}", "b-node-1").replace("{node}", "b-node-1")
    p = p.replace("{kind}", "isu").replace("{name}", "likelihood_table").replace("{user}", "bobb")
    p = p.replace("{regime}", "eu-nis2").replace("{report}", "notification")
    p = p.replace("{id}", ids.get(kind, "b-node-2"))
    return p


def b_body(method, pattern, ctx):
    if method in ("GET", "DELETE") or pattern.endswith(("/join", "/decline", "/webhooks/{id}/test")):
        return None
    if "/webhooks" in pattern:
        return {"url": "http://127.0.0.1:9/x", "events": ["incident.created"], "tlp": "GREEN"} if method == "POST" \
            else {"enabled": False}
    if "/forums" in pattern:
        if pattern.endswith("/forums"):
            return {"id": "b-forum", "name": "overtaget"}
        if "/members" in pattern:
            return {"member": B} if method == "POST" else {"assets": 1}
        if pattern.endswith("/shares"):
            return {"kind": "node", "tlp": "GREEN"}
        return crisis_body("overtaget")
    if pattern.endswith("/import-csv"):
        return (CSV_HEAD + "b-risk;b-node-2;b-threat;2026-03-02;X;4;1;3;2;2;1;mitigate\n", "text/csv")
    if "/tables/" in pattern:
        return ctx["likelihood_table"]
    if "/members/" in pattern:
        return {"role": "admin"}
    if pattern.endswith("/carry-forward"):
        return {"note": "x"}
    if pattern.endswith("/submissions"):
        return {"regime": "eu-nis2", "report": "notification", "at": "2026-03-12T08:00:00+01:00"}
    if pattern.endswith("/risks/preview") or "/risks" in pattern:
        return risk_body("b-node-2", "b-threat", "b-risk" if method == "POST" else None)
    if "/nodes" in pattern:
        return {"id": "b-node-2", "kind": "system", "name": "overtaget"} if method == "POST" else {"name": "overtaget"}
    if "/edges" in pattern:
        return {"from": "b-node-2", "to": "b-node-1", "type": "uses"} if method == "POST" else {"type": "uses"}
    if "/threats" in pattern:
        return {"id": "b-threat", "name": "x", "category": "cyber", "threat_level": 1} if method == "POST" else \
            {"threat_level": 1}
    if "/measures" in pattern:
        return {"id": "b-measure", "risk": "b-risk", "title": "x", "kind": "technical", "owner": "x",
                "due": DUE, "status": "planned"} if method == "POST" else {"status": "done"}
    if "/changes" in pattern:
        return {"id": "b-change", "node": "b-node-2", "kind": "change", "date": "2026-06-01",
                "description": "x"} if method == "POST" else {"description": "x"}
    if "/incidents" in pattern:
        return incident_body("b-inc", "b-node-2") if method == "POST" else {"title": "overtaget"}
    return {"name": "overtaget", "risk_appetite": "Lav"}


def tenant_isolation(ck, s, ctx):
    setup = ctx["setup"]
    admin_s = ctx["sessions"]["admin"]
    isk_s = ctx["sessions"]["isk"]
    b = ctx["b"]
    before_b = s.cli("export", "--org", B)
    before_b_audit = len(s.cli("audit", "log", "--org", B))
    routes = [r for r in parse_routes(s.binary) if "{org}" in r[1]]
    # 1. B's id (and B's object ids) in every {org} route, as A's admin token and as A's admin session
    for caller, cname in ((setup, "admin token"), (admin_s, "admin session")):
        for method, pattern in routes:
            p = b_params(method, pattern, ctx)
            query = "?kind=risks" if pattern.endswith("/import-csv") else ""
            path_b = p.replace("{org}", B) + query
            path_x = p.replace("{org}", NOORG) + query
            same_as_missing(ck, caller, method, path_b, path_x, b_body(method, pattern, ctx),
                            "%s %s with B's id (%s)" % (method, pattern, cname))
    # 2. B's object ids in A's own routes answer as missing ids do
    for method, pattern in routes:
        if method != "GET" or pattern.count("{") < 2:
            continue
        p = b_params(method, pattern, ctx).replace("{org}", A)
        px = p
        for bid in ("b-node-1", "b-node-2", "b-threat", "b-risk", "b-measure", "b-change", "b-inc", "bobb", "b-forum",
                    "b-crisis"):
            px = px.replace(bid, "zz-" + bid[2:])
        if px == p:
            continue
        rb = isk_s.get(p)
        rx = isk_s.get(px)
        ids = ("b-node-1", "b-node-2", "b-threat", "b-risk", "b-measure", "b-change", "b-inc", "zz-node-1", "zz-node-2",
               "zz-threat", "zz-risk", "zz-measure", "zz-change", "zz-inc", "b-forum", "zz-forum", "b-crisis",
               "zz-crisis")
        ck.check(rb.status == rx.status and rb.status >= 400 and normalise(rb.text, *ids) == normalise(rx.text, *ids),
                 "isolation: B's object ids in A's %s answer as missing ids" % pattern,
                 "B ids: %d %s\n missing: %d %s" % (rb.status, rb.text[:200], rx.status, rx.text[:200]))
    # 3. references from A's objects to B's
    for path, body_b, body_x in (
            ("/risks", risk_body("b-node-2", "t-s-isk", "r-ref"), risk_body("zz-node-2", "t-s-isk", "r-ref")),
            ("/risks", risk_body("n-s-isk", "b-threat", "r-ref"), risk_body("n-s-isk", "zz-threat", "r-ref")),
            ("/edges", {"from": "n-s-isk", "to": "b-node-1", "type": "uses"},
             {"from": "n-s-isk", "to": "zz-node-1", "type": "uses"}),
            ("/measures", {"id": "m-ref", "risk": "b-risk", "title": "x", "kind": "technical", "owner": "x",
                           "due": DUE, "status": "planned"},
             {"id": "m-ref", "risk": "zz-risk", "title": "x", "kind": "technical", "owner": "x",
              "due": DUE, "status": "planned"}),
            ("/changes", {"id": "c-ref", "node": "b-node-2", "kind": "change", "date": "2026-06-01",
                          "description": "x"},
             {"id": "c-ref", "node": "zz-node-2", "kind": "change", "date": "2026-06-01", "description": "x"}),
            ("/incidents", incident_body("inc-ref", "b-node-2"), incident_body("inc-ref", "zz-node-2")),
            ("/risks/preview", risk_body("b-node-2", "t-s-isk"), risk_body("zz-node-2", "t-s-isk"))):
        rb = isk_s.post(OA + path, body_b)
        rx = isk_s.post(OA + path, body_x)
        ids = ("b-node-1", "b-node-2", "b-threat", "b-risk", "zz-node-1", "zz-node-2", "zz-threat", "zz-risk")
        ck.check(rb.status == rx.status and rb.status in (400, 404) and
                 normalise(rb.text, *ids) == normalise(rx.text, *ids),
                 "isolation: an A object naming B's %s answers as a missing one" % path,
                 "B: %d %s\n missing: %d %s" % (rb.status, rb.text[:200], rx.status, rx.text[:200]))
    # 4. lists across organisations, and the organisation list
    for c, cname in ((setup, "admin token"), (isk_s, "isk session"), (ctx["dual_a"], "A token of a user also in B")):
        r = c.get("/api/v1/orgs")
        ids = [o.get("id") for o in r.json.get("items", [])]
        ck.check(r.status == 200 and A in ids and B not in ids, "isolation: GET /orgs as %s has A, not B" % cname, ids)
        for kind in ("nodes", "risks", "measures", "incidents"):
            r = c.get("/api/v1/%s?limit=1000" % kind)
            leak = [x for x in r.json.get("items", []) if x.get("org") == B or str(x.get("id", "")).startswith("b-")]
            ck.check(r.status == 200 and not leak and "b-node" not in r.text and "B hemmelig" not in r.text,
                     "isolation: GET /api/v1/%s as %s has nothing of B" % (kind, cname), leak[:2] or r)
        r = c.get("/api/v1/risks?org=" + B)
        ck.eq((r.status, r.json.get("total")), (200, 0), "isolation: GET /api/v1/risks?org=B as %s is empty" % cname)
        r1 = c.get("/api/v1/nodes?id=b-node-1")
        r2 = c.get("/api/v1/nodes?id=zz-node-1")
        ck.check(r1.status == r2.status and normalise(r1.text, "b-node-1", "zz-node-1") ==
                 normalise(r2.text, "b-node-1", "zz-node-1"),
                 "isolation: a filter on B's id answers as on a missing id",
                 (r1, r2))
    # a field only B's items have (never_assessed: B's b-node-1 has no last_assessed; zsmall's one node has):
    # filtering on it answers as on a field nobody has, per organisation and across them
    zs = ctx["zsmall"]
    z_fields = set().union(*[set(n) for n in zs.get("/api/v1/orgs/zsmall/nodes").json.get("items", [])])
    b_fields = set().union(*[set(n) for n in b.get("/api/v1/orgs/%s/nodes" % B).json.get("items", [])])
    only_b = sorted(b_fields - z_fields)
    ck.check("never_assessed" in only_b, "setup: B's nodes have a field zsmall's have not", (z_fields, b_fields))
    for f in only_b:
        for path in ("/api/v1/nodes?%s=true", "/api/v1/orgs/zsmall/nodes?%s=true"):
            r1 = zs.get(path % f)
            r2 = zs.get(path % "zz_no_such_field")
            ck.check(r1.status == r2.status == 400 and normalise(r1.text, f, "zz_no_such_field") ==
                     normalise(r2.text, f, "zz_no_such_field"),
                     "isolation: filter %s (a field only B's items have) answers as an unknown field" % (path % f),
                     (r1, r2))
    # SERVER BUG: the cache key appends the decoded query and then "|org:role" per membership, unescaped
    # (api.c cache_ref_make), so a caller whose memberships are a suffix of another's can plant an entry under the
    # other's key: here zsmall's isk token makes victim (auditor in A, isk in zsmall) get JSON for format=html.
    r = zs.get("/api/v1/orgs/zsmall/overview?a=1%26format=html%7C" + A + ":auditor")
    ck.status(r, 200, "cache: an odd query from zsmall's token")
    r = ctx["victim"].get("/api/v1/orgs/zsmall/overview?a=1&format=html")
    ck.check(r.status == 200 and (r.header("Content-Type") or "").startswith("text/html"),
             "cache: another caller cannot plant the answer a victim gets (overview?format=html is HTML)",
             (r.header("Content-Type"), r.text[:100]))
    r = setup.get(OA + "/members")
    ck.check("bobb" not in r.text, "isolation: A's members do not include B's admin", r.text[:200])
    # 5. audit verify tells A's callers nothing of B's entries
    v1 = isk_s.post("/api/v1/audit/verify").json
    r = b.post("/api/v1/orgs/%s/threats" % B, {"id": "b-threat-2", "name": "x", "category": "cyber", "threat_level": 1})
    ck.status(r, 201, "isolation: B writes")
    b.patch("/api/v1/orgs/%s/threats/b-threat-2" % B, {"threat_level": 2})
    v2 = isk_s.post("/api/v1/audit/verify").json
    ck.check(v1.get("your_entries") == v2.get("your_entries") and set(v1) == set(v2),
             "isolation: audit verify's counts do not move when B writes", (v1, v2))
    ck.check(not any("bank" in str(v) or B in str(v) for v in v2.values()),
             "isolation: audit verify names nothing of B",
             v2)
    r = ctx["sessions"]["auditor"].get(OA + "/audit?limit=1000")
    ck.check(r.status == 200 and all(e.get("org") == A for e in r.json.get("items", [])) and "b-threat" not in r.text,
             "isolation: A's audit log has no B entries", r.text[:300])
    r = ctx["sessions"]["auditor"].get(OA + "/audit?org=" + B)
    ck.check(r.status == 200 and r.json.get("total") == 0, "isolation: A's audit log filtered on org=B is empty", r)
    # 6. tokens
    for c, cname in ((setup, "A's admin token"), (admin_s, "A's admin session"), (ctx["dual_a"], "dual's A token")):
        r = c.get("/api/v1/tokens?limit=1000")
        ck.check(r.status == 200 and r.json.get("items") and not [t for t in r.json["items"] if t.get("org") == B],
                 "isolation: GET /tokens as %s shows no token of B" % cname, r.text[:300])
    for c, cname in ((admin_s, "A's admin session"), (ctx["dual_a"], "dual's A token")):
        for tid in (ctx["b_token_id"], ctx["dual_b_token_id"]):
            rb = c.delete("/api/v1/tokens/%s" % tid)
            rx = c.delete("/api/v1/tokens/987654")
            ck.check(rb.status == 404 and
                     normalise(rb.text, str(tid), "987654") == normalise(rx.text, str(tid), "987654"),
                     "isolation: %s cannot revoke B's token %s (answers as a missing one)" % (cname, tid), (rb, rx))
    ck.status(b.get("/api/v1/orgs/" + B), 200, "isolation: B's token still works")
    ck.status(ctx["dual_b"].get("/api/v1/orgs/" + B), 200, "isolation: dual's B token still works")
    rb = admin_s.post("/api/v1/tokens", {"name": "x", "org": B, "role": "auditor"})
    rx = admin_s.post("/api/v1/tokens", {"name": "x", "org": NOORG, "role": "auditor"})
    ck.check(rb.status == 404 and normalise(rb.text, B, NOORG) == normalise(rx.text, B, NOORG),
             "isolation: a token for B answers as for a missing organisation", (rb, rx))
    rb = admin_s.post("/api/v1/import", {"skjold": 1, "organisation": {"id": B, "name": "x", "kind": "bank"}})
    rx = admin_s.post("/api/v1/import", {"skjold": 1, "organisation": {"id": NOORG, "name": "x", "kind": "bank"}})
    ck.check(rb.status == 404 and normalise(rb.text, B, NOORG) == normalise(rx.text, B, NOORG),
             "isolation: importing over B answers as a missing organisation", (rb, rx))
    r = ctx["dual_a"].get("/api/v1/session")
    ck.check(r.status == 200 and B not in json.dumps(r.json.get("memberships")),
             "isolation: dual's A token's session shows no B membership", r.text[:300])
    # nothing of B changed (beyond B's own two writes)
    after_b = s.cli("export", "--org", B)
    after_b["threats"] = [t for t in after_b.get("threats", []) if t.get("id") != "b-threat-2"]
    ck.check(after_b == before_b, "isolation: B's data is unchanged by A's callers",
             [k for k in before_b if before_b.get(k) != after_b.get(k)])
    ck.eq(len(s.cli("audit", "log", "--org", B)), before_b_audit + 2, "isolation: B's audit log has only B's writes")


# --------------------------------------------------------------------------------------------------

def csrf(ck, s, ctx):
    c = ctx["sessions"]["isk"]
    other = ctx["sessions"]["system_owner"]
    cases = [
        ("POST", OA + "/threats", {"id": "t-csrf", "name": "x", "category": "cyber", "threat_level": 1},
         OA + "/threats/t-csrf", 404),
        ("PATCH", OA + "/threats/t-s-isk", {"threat_level": 4}, OA + "/threats/t-s-isk", 200),
        ("PUT", OA + "/threats/t-s-isk", {"name": "x", "category": "cyber", "threat_level": 4}, OA + "/threats/t-s-isk",
         200),
        ("DELETE", OA + "/threats/t-s-isk", None, OA + "/threats/t-s-isk", 200),
    ]
    for method, path, body, check_path, check_status in cases:
        before = c.get(check_path).text
        for hdr, what in ((None, "without"), ("wrong-token", "with a wrong"), (other.csrf, "with another session's")):
            r = c.request(method, path, body=body, headers={"X-CSRF-Token": hdr}, csrf=hdr is not None)
            ck.check(r.status == 403 and r.error_code() == "forbidden" and r.error_field() == "X-CSRF-Token",
                     "csrf: %s %s %s X-CSRF-Token is 403 naming the header" % (method, path, what), r)
        after = c.get(check_path)
        ck.check(after.status == check_status and after.text == before, "csrf: %s %s wrote nothing" % (method, path),
                 after)
    r = c.post("/api/v1/logout", headers={"X-CSRF-Token": None}, csrf=False)
    ck.check(r.status == 403 and r.error_field() == "X-CSRF-Token", "csrf: logout without the header is 403", r)
    ck.status(c.get("/api/v1/session"), 200, "csrf: … and the session lives on")
    r = c.get(OA + "/threats/t-s-isk")
    ck.status(r, 200, "csrf: reads need no header")


# --------------------------------------------------------------------------------------------------

def sessions_and_tokens(ck, s, ctx):
    # session fixation: a value the client sets before login is never adopted
    fix = "attacker-chosen-session-value-0123456789"
    c = s.anon()
    c.cookie = fix
    r = c.post("/api/v1/login", {"user": "u-isk", "password": s.passwords["u-isk"]})
    ck.status(r, 200, "fixation: login with a cookie already set")
    set_cookies = r.headers_all("Set-Cookie")
    ck.check(set_cookies and c.cookie and c.cookie != fix, "fixation: login answers a new session id", set_cookies)
    old = s.anon()
    old.cookie = fix
    ck.status(old.get("/api/v1/session"), 401, "fixation: the client's own value gives 401")
    for sc in set_cookies:
        ck.check("HttpOnly" in sc and "SameSite=Strict" in sc and "Path=/" in sc,
                 "cookie: HttpOnly, SameSite=Strict, Path=/", sc)
    # an attacker's real session planted in the victim's browser ends at the victim's login
    attacker = s.login_again("u-auditor")
    planted = attacker.cookie
    victim = s.anon()
    victim.cookie = planted
    r = victim.post("/api/v1/login", {"user": "u-isk", "password": s.passwords["u-isk"]})
    ck.check(r.status == 200 and victim.cookie != planted, "fixation: a planted session id is replaced at login", r)
    ck.eq(victim.get("/api/v1/session").json.get("user", {}).get("name"), "u-isk", "fixation: the victim is itself")
    ck.status(attacker.get("/api/v1/session"), 401, "fixation: the planted session id is dead after the login")
    # logout
    cookie = c.cookie
    r = c.post("/api/v1/logout")
    # SERVER BUG: POST /logout answers 403 "not available to a scoped caller" (api.c scopes the store before the
    # handler; api_auth.c h_logout calls store_session_delete, an UNSCOPED-only call).
    ck.status(r, 204, "logout: 204")
    ck.check(any("Max-Age=0" in sc for sc in r.headers_all("Set-Cookie")), "logout clears the cookie",
             r.headers_all("Set-Cookie"))
    gone = s.anon()
    gone.cookie = cookie
    ck.status(gone.get("/api/v1/session"), 401, "logout: the session id is dead afterwards")
    ck.status(gone.post(OA + "/threats", {"id": "t-x", "name": "x", "category": "x", "threat_level": 1},
                        headers={"X-CSRF-Token": c.csrf or "x"}), 401, "logout: no write with the old id")
    # a password change ends the user's other sessions and rotates the id of the one that made it
    one = s.session("pwuser")
    two = s.login_again("pwuser")
    cookie_before = one.cookie
    r = one.post("/api/v1/session/password", {"old": s.passwords["pwuser"], "new": "pwuser-second-password"})
    ck.status(r, 200, "password change")
    s.passwords["pwuser"] = "pwuser-second-password"
    ck.check(one.cookie and one.cookie != cookie_before, "a password change rotates the session id")
    ck.status(one.get("/api/v1/session"), 200, "… the changing session goes on with the new id")
    stale = s.anon()
    stale.cookie = cookie_before
    ck.status(stale.get("/api/v1/session"), 401, "… its old id is dead")
    ck.status(two.get("/api/v1/session"), 401, "… and the user's other session has ended")
    # a TOTP code is good for one login, also when several race for it (one immediate transaction)
    s.session("totpuser")
    code = s.totp.code("totpuser")
    results = parallel(lambda i: s.login("totpuser", totp=code)[1].status, 5)
    ck.eq(sorted(results), [200, 401, 401, 401, 401], "five simultaneous logins with one TOTP code: one succeeds")
    # tokens: expired, near expiry, revoked, orphaned
    p = s.cli_raw("token", "add", "--user", "u-isk", "--org", A, "--role", "isk", "--name", "past",
                  "--expires", "2020-01-01")
    ck.check(p.returncode != 0, "a token that expired already is refused by the shell", p.stdout)
    old_tok = s.token_add("u-isk", A, "isk", name="expired", expires="2020-01-02", now="2020-01-01")
    r = s.bearer(old_tok["token"]).get(OA)
    ck.check(r.status == 401 and r.error_code() == "unauthenticated", "an expired token is 401", r)
    exp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 3))
    r = ctx["sessions"]["isk"].post("/api/v1/tokens", {"name": "short", "org": A, "role": "isk", "expires": exp})
    ck.status(r, 201, "a token that expires in 3 s")
    ctx["short_token"] = r.json.get("token")
    ctx["short_token_until"] = time.time() + 3
    ck.status(s.bearer(ctx["short_token"]).get(OA), 200, "… works before it expires")
    t = s.token_add("u-isk", A, "isk", name="cli-revoked")
    ck.status(s.bearer(t["token"]).get(OA), 200, "a fresh token works")
    s.cli("token", "revoke", str(t["id"]), "--org", A)
    ck.status(s.bearer(t["token"]).get(OA), 401, "a token revoked in the shell is 401")
    r = ctx["sessions"]["isk"].post("/api/v1/tokens", {"name": "api-revoked", "org": A, "role": "isk"})
    tk = s.bearer(r.json.get("token"))
    ck.status(tk.get(OA), 200, "an API-made token works")
    ck.status(ctx["sessions"]["isk"].delete("/api/v1/tokens/%s" % r.json.get("id")), 204, "revoke it over the API")
    ck.status(tk.get(OA), 401, "a token revoked over the API is 401")
    s.user_add("leaver")
    s.role("leaver", A, "isk")
    lt = s.token_add("leaver", A, "isk", name="leaver")
    lt2 = s.token_add("leaver", A, "auditor", name="leaver-aud")
    ck.status(s.bearer(lt["token"]).get(OA), 200, "a member's token works")
    s.role("leaver", A, "auditor")
    ck.status(s.bearer(lt["token"]).get(OA), 401, "an isk token after its user became auditor is 401")
    ck.status(s.bearer(lt2["token"]).get(OA), 200, "an auditor token of the same user still works")
    s.role("leaver", A, "none")
    ck.status(s.bearer(lt2["token"]).get(OA), 401, "a token of a user no longer a member is 401")
    dt = s.token_add("dual", A, "auditor", name="to-disable")
    ck.status(s.bearer(dt["token"]).get(OA), 200, "dual's auditor token works")
    ck.status(ctx["sa"].patch("/api/v1/users/dual", {"disabled": True}), 200, "sa disables dual")
    ck.status(s.bearer(dt["token"]).get(OA), 401, "a disabled user's token is 401")
    for bad in ("skj_" + "A" * 43, "not-a-token", "skj_"):
        ck.status(s.bearer(bad).get(OA), 401, "a made-up token %r is 401" % bad[:12])
    r = s.anon().get(OA, headers={"Authorization": "Basic dTpw"})
    ck.status(r, 401, "Basic authorization is 401")
    r = ctx["tokens"]["admin"].post("/api/v1/tokens", {"name": "x", "org": A, "role": "auditor"})
    ck.status(r, 403, "a token cannot make tokens")


# --------------------------------------------------------------------------------------------------

def raw_post(port, path, headers, body, chunked=False):
    """POST over a raw socket (the server may answer 413 and close before it has read the body)."""
    head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" % path
    for k, v in headers.items():
        head += "%s: %s\r\n" % (k, v)
    if chunked:
        head += "Transfer-Encoding: chunked\r\n\r\n"
        data = head.encode() + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    else:
        head += "Content-Length: %d\r\n\r\n" % len(body)
        data = head.encode() + body
    sk = socket.create_connection(("127.0.0.1", port), timeout=30)
    out = b""
    try:
        try:
            sk.sendall(data)
        except OSError:
            pass
        while True:
            try:
                chunk = sk.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        sk.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", out)
    return (int(m.group(1)) if m else 0), out


def bodies(ck, s, ctx):
    admin = ctx["setup"]
    before = admin.get(OA + "/export").text
    big = json.dumps({"id": "t-big", "name": "x" * ((1 << 20) + 100), "category": "cyber", "threat_level": 1}).encode()
    hdr = {"Authorization": "Bearer " + admin.token, "Content-Type": "application/json"}
    st, out = raw_post(s.port, OA + "/threats", hdr, big)
    ck.eq(st, 413, "a body over 1 MiB (Content-Length) is 413")
    ck.check(b'"too_large"' in out, "413 has code too_large", out[:300])
    st, out = raw_post(s.port, OA + "/threats", hdr, big, chunked=True)
    ck.eq(st, 413, "a chunked body over 1 MiB is 413")
    c = ctx["sessions"]["isk"]
    hs = {"Cookie": "skjold_session=" + c.cookie, "X-CSRF-Token": c.csrf, "Content-Type": "application/json"}
    st, out = raw_post(s.port, OA + "/threats", hs, big)
    ck.eq(st, 413, "a body over 1 MiB with a session is 413")
    ck.status(admin.get(OA + "/threats/t-big"), 404, "413: nothing written")
    ck.eq(admin.get(OA + "/export").text, before, "413: the export is unchanged")
    just = json.dumps({"id": "t-big", "name": "x" * ((1 << 20) - 200), "category": "cyber", "threat_level": 1})
    r = admin.post(OA + "/threats", raw=just, ctype="application/json")
    ck.check(r.status != 413, "a body just under 1 MiB is not 413", r.status)
    if r.status == 201:
        admin.delete(OA + "/threats/t-big")
    before = admin.get(OA + "/export").text
    doc = json.dumps({"skjold": 1, "organisation": {"id": NOORG, "name": "x" * (3 << 19), "kind": "bank"}}).encode()
    st, out = raw_post(s.port, "/api/v1/import", hdr, doc)
    ck.check(st not in (0, 413), "a 1.5 MiB import is under the import limit (64 MiB)", out[:300])
    for raw, ctype, want, field, name in (
            ('{"id": "t-bad", "name": ', "application/json", 400, "body", "malformed JSON"),
            ('{"id":"t-bad","id":"t-bad2","name":"x","category":"x","threat_level":1}', "application/json", 400,
             "body", "duplicate keys"),
            ("\xff\xfe{}", "application/json", 400, "body", "not UTF-8"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', "text/plain", 415, None, "text/plain"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', "application/x-www-form-urlencoded", 415,
             None, "a form"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', "application/jsonfoo", 415, None,
             "application/jsonfoo"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', "application/json-seq", 415, None,
             "application/json-seq"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', "text/application/json", 415, None,
             "text/application/json"),
            ('{"id":"t-bad","name":"x","category":"x","threat_level":1}', None, 415, None, "no Content-Type")):
        data = raw.encode("latin-1") if raw.startswith("\xff") else raw
        r = admin.request("POST", OA + "/threats", raw=data, ctype=ctype)
        ck.eq(r.status, want, "bodies: %s is %d" % (name, want))
        if field:
            ck.eq(r.error_field(), field, "bodies: %s names field %s" % (name, field))
    ck.status(admin.get(OA + "/threats/t-bad"), 404, "bodies: nothing written")
    r = admin.request("POST", OA + "/threats", raw='{"id":"t-cs","name":"x","category":"x","threat_level":1}',
                      ctype="Application/JSON ; charset=utf-8")
    ck.status(r, 201, "bodies: application/json with a charset parameter (any case) is JSON")
    admin.delete(OA + "/threats/t-cs")
    # fuzz_http's first finding: an error quoting invalid UTF-8 from the path ended the server
    r = admin.get("/api/v1/orgs/x%FFy/risks?%FE=1")
    ck.status(r, 404, "an organisation id that is not UTF-8 is 404, not the end of the server")
    ck.check("x?y" in r.text, "  quoting it with '?' for the byte", r.text[:200])
    r = admin.get(OA + "/risks?%FE=1")
    ck.status(r, 400, "a filter whose name is not UTF-8 is 400")
    big_header = ("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: %s\r\nConnection: close\r\n\r\n"
                  % ("h" * (100 << 10))).encode()
    out = raw_request(s.port, big_header, timeout=10)
    m = re.match(rb"HTTP/1\.[01] (\d{3})", out)
    ck.check(not m or 400 <= int(m.group(1)) < 500, "a 100 KiB header is refused (or the connection closed)", out[:200])
    ck.status(s.anon().get("/api/v1/health"), 200, "… and the server answers the next request")
    r = admin.post(OA + "/spof", {"x": 1})
    ck.check(r.status in (400, 405), "a body on a route that takes none is refused", r)
    r = admin.post("/api/v1/audit/verify", {"x": 1})
    ck.status(r, 400, "a body on POST /audit/verify (takes none) is 400")
    ck.eq(admin.get(OA + "/export").text, before, "bodies: the export is unchanged")


# --------------------------------------------------------------------------------------------------

def slow_client(ck, s, ctx):
    timeout_s = 2
    results = {}

    def stall(name, data):
        t0 = time.time()
        sk = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        try:
            sk.sendall(data)
            got = b""
            while True:
                chunk = sk.recv(4096)
                if not chunk:
                    break
                got += chunk
            results[name] = (time.time() - t0, got)
        except OSError as ex:
            results[name] = (time.time() - t0, repr(ex).encode())
        finally:
            sk.close()

    stalls = {
        "partial request line": b"GET /api/v1/hea",
        "partial headers": b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1",
        "partial body": (b"POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{\"user\": \"u-"),
    }
    threads = [threading.Thread(target=stall, args=(n, d)) for n, d in stalls.items()]
    threads += [threading.Thread(target=stall, args=("extra-%d" % i, b"GET / HTTP/1.1\r\n")) for i in range(16)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    worst = 0.0
    answered = 0
    for i in range(10):
        t0 = time.time()
        try:
            r = s.anon().get("/api/v1/health", timeout=5)
            answered += r.status == 200
        except OSError:
            pass
        worst = max(worst, time.time() - t0)
        time.sleep(0.1)
    ck.eq(answered, 10, "slow clients: the server answers others meanwhile")
    ck.check(worst < 2.0, "slow clients: others wait under 2 s", worst)
    for t in threads:
        t.join(30)
    limit = timeout_s + 6
    for name in stalls:
        took, got = results.get(name, (99, b""))
        ck.check(took <= limit, "slow client (%s) is cut off within %d s of a %d s timeout" % (name, limit, timeout_s),
                 "%.1f s" % took)
        ck.check(took >= timeout_s - 0.5, "slow client (%s) is given the timeout before the cut" % name,
                 "%.1f s" % took)
    ck.check(all(results.get("extra-%d" % i, (99,))[0] <= limit for i in range(16)),
             "16 stalled connections are all cut off", {k: round(v[0], 1) for k, v in results.items()})
    r = s.anon().get("/api/v1/health")
    ck.status(r, 200, "slow clients: the server answers afterwards")
    # the token that expired meanwhile
    wait = ctx.get("short_token_until", 0) + 1.2 - time.time()
    if wait > 0:
        time.sleep(wait)
    ck.status(s.bearer(ctx["short_token"]).get(OA), 401, "a token past its expiry is 401")


# --------------------------------------------------------------------------------------------------

def traversal(ck, s, ctx):
    paths = ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fsrc/api.c",
             "/static/vendor/../../Makefile", "/static/%2e%2e%2f%2e%2e%2fMakefile", "/static/....//....//etc/passwd",
             "/static/js/../../../src/server/http.c", "/static//etc/passwd", "/static/%252e%252e/%252e%252e/Makefile",
             "/../../etc/passwd", "/static/..\\..\\Makefile", "/static/..%5c..%5cMakefile",
             "/static/openapi.json.in", "/static/js/app.js%00.png", "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
             "/static/../web/index.html", "/static/./../Makefile", "/api/../Makefile", "/static/.git/config",
             "/static/../.git/HEAD"]
    markers = [b"root:", b"#include", b"CFLAGS", b"[core]", b"ref: refs/", b"VARIANT"]
    for p in paths:
        out = raw_request(s.port, ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % p).encode(),
                          timeout=5)
        m = re.match(rb"HTTP/1\.[01] (\d{3})", out)
        st = int(m.group(1)) if m else 0
        body = out.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in out else b""
        # SERVER BUG (minor): "/static/js/app.js%00.png" serves app.js — MHD decodes %00 and http.c's C string
        # ends there; a path with a NUL should be refused (400/404), not truncated.
        ck.check(st in (400, 404), "traversal: GET %s is 404 (or 400)" % p, out[:200])
        ck.check(not any(mk in body for mk in markers), "traversal: GET %s shows no file" % p, body[:200])
    r = s.anon().get("/static/style.css")
    ck.check(r.status == 200 and (r.header("Content-Type") or "").startswith("text/css"),
             "static: a real file is served", r)


# --------------------------------------------------------------------------------------------------

def headers(ck, s, ctx):
    admin = ctx["setup"]
    answers = [("API 200", admin.get("/api/v1/health")), ("API 401", s.anon().get(OA)),
               ("API 403", ctx["tokens"]["auditor"].post(OA + "/threats", {"id": "x"})),
               ("API 404", admin.get("/api/v1/nope")), ("API 405", admin.request("DELETE", "/api/v1/health")),
               ("API 415", admin.post(OA + "/threats", raw="x", ctype="text/plain")),
               ("API 400", admin.post(OA + "/threats", raw="{", ctype="application/json")),
               ("static 200", s.anon().get("/static/style.css")), ("index", s.anon().get("/")),
               ("static 404", s.anon().get("/static/nope.js")), ("page 404", s.anon().get("/nope"))]
    etag = admin.get(OA).header("ETag")
    answers.append(("API 304", admin.get(OA, headers={"If-None-Match": etag or "x"})))
    for name, r in answers:
        csp = r.header("Content-Security-Policy") or ""
        ck.check("frame-ancestors 'none'" in csp, "headers: %s has CSP frame-ancestors 'none'" % name, csp)
        ck.eq(r.header("X-Content-Type-Options"), "nosniff", "headers: %s has nosniff" % name)
        ck.eq(r.header("X-Frame-Options"), "DENY", "headers: %s has X-Frame-Options DENY" % name)
    st, out = raw_post(s.port, OA + "/threats", {"Authorization": "Bearer " + admin.token,
                                                 "Content-Type": "application/json"}, b"x" * ((1 << 20) + 10))
    ck.check(b"frame-ancestors 'none'" in out and b"X-Frame-Options: DENY" in out and b"nosniff" in out,
             "headers: 413 has the security headers", out[:300])
    r = admin.get(OA + "/nodes", headers={"Origin": "https://evil.example"})
    ck.check(not r.header("Access-Control-Allow-Origin") and not r.header("Access-Control-Allow-Credentials"),
             "headers: no CORS grant to another origin", r.headers)
    r = admin.request("OPTIONS", OA + "/nodes", headers={"Origin": "https://evil.example",
                                                         "Access-Control-Request-Method": "POST"})
    ck.check(not r.header("Access-Control-Allow-Origin"), "headers: a CORS preflight is not granted", r.headers)
    ck.check("no-store" in (r.header("Cache-Control") or ""), "headers: API answers are not cached",
             r.header("Cache-Control"))
    c, r = s.login("u-isk")
    for sc in r.headers_all("Set-Cookie"):
        ck.check("HttpOnly" in sc and "SameSite=Strict" in sc, "headers: login cookie HttpOnly, SameSite=Strict", sc)
    ck.check(r.headers_all("Set-Cookie"), "headers: login sets a cookie")


# --------------------------------------------------------------------------------------------------

def throttling(ck, s, ctx):
    seq_user, seq_ghost = [], []
    for i in range(7):
        c, r = s.login("lockme", password="wrong-password-%d" % i)
        seq_user.append((r.status, r.header("Retry-After") is not None, normalise(r.text, "lockme")))
        c, r = s.login("ghost-user", password="wrong-password-%d" % i)
        seq_ghost.append((r.status, r.header("Retry-After") is not None, normalise(r.text, "ghost-user")))
    statuses = [x[0] for x in seq_user]
    ck.eq(statuses[:5], [401] * 5, "throttle: five wrong passwords are 401")
    ck.eq(statuses[5:], [429, 429], "throttle: then the user is locked (429)")
    locked = [x for x in seq_user if x[0] == 429]
    ck.check(locked and all(x[1] for x in locked), "throttle: 429 carries Retry-After")
    ck.check(locked and all('"throttled"' in x[2] for x in locked), "throttle: 429 has code throttled")
    c, r = s.login("lockme")
    ck.check(r.status == 429 and (r.header("Retry-After") or "").isdigit() and int(r.header("Retry-After")) > 0,
             "throttle: the right password while locked is 429 with Retry-After seconds", r)
    ck.eq(seq_user[0], seq_ghost[0], "throttle: a wrong password and an unknown user answer alike")
    # SERVER BUG: an unknown user name is never locked (auth.c login() counts failures only on existing users), so
    # after five attempts the answers differ: 429 for a real user, 401 for a made-up one — the name is revealed.
    ck.eq([x[0] for x in seq_ghost], statuses, "throttle: an unknown user gets the same answers as a real one")
    # per address: at most 20 failures a minute, then every login from the address is 429
    n = 0
    r = None
    for i in range(25):
        c, r = s.login("ghost-%d" % i, password="nope-nope-nope")
        n += 1
        if r.status == 429:
            break
    ck.check(r is not None and r.status == 429 and r.header("Retry-After"),
             "throttle: the address is limited after repeated failures", (n, r))
    c, r = s.login("u-auditor", password=s.passwords["u-auditor"])
    ck.check(r.status == 429 and r.header("Retry-After"), "throttle: a right login from a limited address is 429", r)


if __name__ == "__main__":
    main_guard(run)
