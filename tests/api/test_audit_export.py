#!/usr/bin/env python3
"""
test_audit_export.py — GET /api/v1/audit/export: the audit log for a SIEM.

A system administrator gets every entry (every organisation's, and those of
none: users, the server) as JSON Lines (application/x-ndjson) or CEF
(text/plain), oldest first, chained by their hashes, the same bytes
`skjold audit export` writes; since/until/org select; bad parameters are 400
naming the parameter; anyone else, an organisation's admin and auditor
included, is 403; nothing is written by an export.

Usage: test_audit_export.py SKJOLD_BINARY      (VERBOSE=1 prints every check)
"""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Server, main_guard  # noqa: E402

ZERO = "0" * 64


def q(**kw):
    return "/api/v1/audit/export?" + urllib.parse.urlencode(kw)


def run(ck):
    srv = Server(sys.argv[1])
    srv.org_add("bankb", "Bank B")
    srv.user_add("sa", admin=True)
    srv.role("sa", "bankb", "admin")
    srv.user_add("alice")
    srv.role("alice", EXAMPLE_ORG, "admin")
    srv.user_add("audrey")
    srv.role("audrey", EXAMPLE_ORG, "auditor")
    admin_token = srv.token_add("alice", EXAMPLE_ORG, "admin", name="a")["token"]
    auditor_token = srv.token_add("audrey", EXAMPLE_ORG, "auditor", name="b")["token"]
    srv.start()
    sa = srv.session("sa")
    # a write through the API, by the system administrator, in bankb
    r = sa.post("/api/v1/orgs/bankb/nodes", {"id": "srv-x", "kind": "system", "name": "X"})
    ck.status(r, 201, "a node written through the API")

    before = srv.checksum()
    ck.section("JSON Lines")
    r = sa.get(q(since="2000-01-01", format="jsonl"))
    ck.status(r, 200, "a system administrator exports the whole log")
    ck.eq(r.header("Content-Type"), "application/x-ndjson", "  as application/x-ndjson")
    lines = r.body.decode("utf-8").splitlines()
    ck.check(r.body.endswith(b"\n"), "  every line ends with a newline")
    entries = [json.loads(line) for line in lines]
    log = srv.cli("audit", "log")
    ck.eq(len(entries), len(log), "  one line per entry of the log")
    ck.eq([e["seq"] for e in entries], list(range(1, len(log) + 1)), "  oldest first, without a gap")
    ck.eq(entries[0]["prev_hash"], ZERO, "  the first entry follows the zero hash")
    ck.check(all(entries[i]["prev_hash"] == entries[i - 1]["hash"] for i in range(1, len(entries))),
             "  each entry names its predecessor's hash")
    ck.check(any(e["org"] is None for e in entries), "  entries of no organisation too (the users)")
    ck.check(any(e["org"] == "bankb" for e in entries) and any(e["org"] == EXAMPLE_ORG for e in entries),
             "  every organisation's, not only the administrator's own")
    last = entries[-1]
    ck.check(last["actor"].startswith("sa") and last["action"] == "create" and last["entity"] == "node"
             and last["key"] == "srv-x" and last["org"] == "bankb", "  the API's write is the last line", last)
    cli = srv.cli_raw("audit", "export", "--since", "2000-01-01", "--format", "jsonl")
    ck.eq(cli.stdout, r.body.decode("utf-8"), "  the same bytes as skjold audit export")

    ck.section("CEF")
    r = sa.get(q(since="2000-01-01", format="cef"))
    ck.status(r, 200, "format=cef")
    ck.check(r.header("Content-Type").startswith("text/plain"), "  as text/plain", r.header("Content-Type"))
    cef = r.body.decode("utf-8").splitlines()
    ck.eq(len(cef), len(entries), "  one record per entry")
    ck.check(all(c.startswith("CEF:0|skjold|skjold|1|") for c in cef), "  CEF:0 records of skjold")
    ck.check(cef[-1].startswith("CEF:0|skjold|skjold|1|create|create node|3|rt=%d externalId=%d suser=" %
                                (last["at_ms"], last["seq"])), "  the last: signature, name, rt, externalId", cef[-1])
    cli = srv.cli_raw("audit", "export", "--since", "2000-01-01", "--format", "cef")
    ck.eq(cli.stdout, r.body.decode("utf-8"), "  the same bytes as skjold audit export --format cef")

    ck.section("selection")
    r = sa.get(q(since="2000-01-01", org="bankb", format="jsonl"))
    ck.status(r, 200, "org=bankb")
    sel = [json.loads(line) for line in r.body.decode("utf-8").splitlines()]
    ck.check(sel and all(e["org"] == "bankb" for e in sel), "  bankb's entries only", sel[:2])
    ck.eq(len(sel), sum(1 for e in entries if e["org"] == "bankb"), "  all of them")
    mid = entries[len(entries) // 2]
    r = sa.get(q(since=mid["at"], format="jsonl"))
    sel = [json.loads(line) for line in r.body.decode("utf-8").splitlines()]
    ck.eq([e["seq"] for e in sel], [e["seq"] for e in entries if e["at_ms"] >= mid["at_ms"]],
          "since: the entries at or after the instant")
    r = sa.get(q(since="2000-01-01", until=mid["at"], format="jsonl"))
    sel = [json.loads(line) for line in r.body.decode("utf-8").splitlines()]
    ck.eq([e["seq"] for e in sel], [e["seq"] for e in entries if e["at_ms"] < mid["at_ms"]],
          "until: the entries before the instant (exclusive)")
    r = sa.get(q(since="2099-01-01T00:00:00+01:00", format="cef"))
    ck.status(r, 200, "a window with no entries")
    ck.eq(r.body, b"", "  answers nothing")

    ck.section("refusals")
    for params, field, name in (({"format": "jsonl"}, "since", "no since"),
                                ({"since": "yesterday", "format": "jsonl"}, "since", "a bad since"),
                                ({"since": "2026-01-01", "until": "2026-02-30", "format": "jsonl"}, "until",
                                 "a bad until"),
                                ({"since": "2026-01-01", "until": "2025-01-01", "format": "jsonl"}, "until",
                                 "until before since"),
                                ({"since": "2026-01-01"}, "format", "no format"),
                                ({"since": "2026-01-01", "format": "xml"}, "format", "a bad format")):
        r = sa.get(q(**params))
        ck.status(r, 400, name + " is 400")
        ck.eq(r.error_field(), field, "  naming " + field)
    r = sa.get(q(since="i går", format="cef", lang="da"))
    ck.check("since skal være en dato" in r.text, "  in Danish with ?lang=da", r.text[:300])
    for who, token in (("an organisation's admin", admin_token), ("an auditor", auditor_token)):
        r = srv.bearer(token, who).get(q(since="2000-01-01", format="jsonl"))
        ck.status(r, 403, who + " may not export the log")
    r = srv.anon().get(q(since="2000-01-01", format="jsonl"))
    ck.status(r, 401, "nor may an anonymous caller")
    ck.eq(srv.checksum(), before, "no export or refusal wrote anything")
    srv.shutdown_checks(ck)


if __name__ == "__main__":
    main_guard(run)
