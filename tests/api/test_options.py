#!/usr/bin/env python3
"""
test_options.py — nothing an HTTP client sends reaches a file or a shell option.

The API once reached the domain by turning bodies into CLI option lists;
this test sends the inputs that used to map to options (--db, --rules,
--file, --json, --org, --now, --actor, ids beginning with "--") to every
write route and to query strings, with values naming a canary file and a
database path that must never be created.  Every answer must be < 500, no
answer may carry the canary's content, the path must stay absent, and the
organisation's data must be unchanged by a refused request.

Usage: test_options.py SKJOLD_BINARY      (VERBOSE=1 prints every check)
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Server, main_guard  # noqa: E402

OA = "/api/v1/orgs/" + EXAMPLE_ORG
HOSTILE_KEYS = ["db", "rules", "file", "json", "org", "now", "actor", "body", "input", "--db", "--rules",
                "--file", "-", "help", "format"]


def run(ck):
    srv = Server(sys.argv[1])
    canary = os.path.join(srv.dir, "canary.json")
    secret = "CANARY-7f3a-SECRET"
    with open(canary, "w") as f:
        json.dump({"skjold": 1, "organisation": {"id": "canary", "name": secret, "kind": "bank"}}, f)
    newdb = os.path.join(srv.dir, "created-by-client.db")
    srv.user_add("opt")
    srv.role("opt", EXAMPLE_ORG, "admin")
    token = srv.token_add("opt", EXAMPLE_ORG, "admin", name="opt")["token"]
    srv.start()
    api = srv.bearer(token, "opt")
    risk = api.get(OA + "/risks").json["items"][0]
    node = risk["node"]
    base = {
        ("POST", OA + "/threats"): {"id": "t-opt", "name": "x"},
        ("PATCH", OA + "/risks/" + risk["id"]): {"owner": "x"},
        ("PUT", OA + "/nodes/" + node): None,
        ("POST", OA + "/risks/preview"): {k: risk[k] for k in ("node", "threat", "assessed_on", "threat_level",
                                                              "resilience", "consequence")},
        ("POST", OA + "/nodes/" + node + "/carry-forward"): {"note": "x"},
        ("POST", OA + "/edges"): {"from": node, "to": node},
        ("PATCH", OA): {"name": "x"},
        ("POST", OA + "/incidents"): {"id": "inc-opt", "title": "x"},
        ("POST", "/api/v1/assess"): {"detected_at": "2026-11-01T10:00:00+01:00"},
        ("POST", "/api/v1/orgs/" + EXAMPLE_ORG + "/forums"): {"id": "f-opt", "name": "x"},
    }
    before = api.get(OA + "/export").text
    fivexx = []
    leaked = []
    accepted = []
    for (method, path), body in base.items():
        for key in HOSTILE_KEYS:
            for value in (canary, newdb, "--db=" + newdb, "-"):
                b = dict(body or {})
                b[key] = value
                r = api.request(method, path, body=b)
                if r.status >= 500:
                    fivexx.append((method, path, key, r.status))
                if secret in r.text:
                    leaked.append((method, path, key))
                if r.status < 300:
                    accepted.append((method, path, key, r.status))
    ck.check(not fivexx, "hostile option-like body keys never give a 5xx", fivexx[:5])
    ck.check(not leaked, "no answer carries the content of a file the client named", leaked[:5])
    ck.check(not accepted, "a body naming a shell option is refused on every write route", accepted[:8])
    ck.check(not os.path.exists(newdb), "no database is created at a path the client named")
    ck.eq(api.get(OA + "/export").text, before, "the organisation is unchanged by the refused writes")
    # ids and path segments that look like options
    for p in ("/risks/--db", "/nodes/--rules", "/threats/--file", "/incidents/--db"):
        r = api.get(OA + p)
        ck.check(r.status in (400, 404), "GET %s is 400 or 404" % p, r)
    for q in ("db", "rules", "file", "json", "org", "now", "actor"):
        for path in (OA + "/register", OA + "/overview", OA + "/reports/isu", OA + "/risks",
                     "/api/v1/orgs/%s/spof" % EXAMPLE_ORG):
            r = api.get(path + "?%s=%s" % (q, canary))
            ck.check(r.status < 500 and secret not in r.text, "GET %s?%s=FILE: < 500, no file content" % (path, q),
                     r.status)
    r = api.request("POST", OA + "/import-csv?kind=nodes&file=" + canary, raw="id;kind;name\n", ctype="text/csv")
    ck.check(r.status < 500 and secret not in r.text, "import-csv with ?file= reads no file", r)
    ck.check(not os.path.exists(newdb), "still no database at the client's path")
    srv.stop()


if __name__ == "__main__":
    main_guard(run)
