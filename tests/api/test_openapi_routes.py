"""
test_openapi_routes.py — web/openapi.json and the server's route table agree.

    python3 tests/api/test_openapi_routes.py build/release/skjold

  - `skjold serve --routes` prints the routes (METHOD PATTERN);
  - the set of (method, path) in web/openapi.json equals that set, path
    parameters' names normalised to {} (so {id} and {name} compare equal,
    a literal segment and a parameter do not);
  - GET /api/v1/openapi.json (no credentials) serves the same document;
  - every bounded text and list carries the maximum of src/core/limit.h as
    maxLength / maxItems (the table is openapi_limits.py), and none of the
    table's schemas has a writable text or list without one.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import ROOT, Server, main_guard, parse_routes  # noqa: E402
import openapi_limits  # noqa: E402

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def norm(path):
    return re.sub(r"\{[^}/]*\}", "{}", path)


def run(ck):
    s = Server(sys.argv[1], example=False)
    try:
        check(ck, s)
    finally:
        s.shutdown_checks(ck)
        s.cleanup()


def check(ck, s):
    binary = s.binary
    spec_path = os.path.join(ROOT, "web", "openapi.json")
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)

    p = subprocess.run([binary, "serve", "--routes"], capture_output=True, text=True, timeout=30)
    ck.check(p.returncode == 0 and p.stdout.strip(), "skjold serve --routes prints the routes", p.stderr.strip())
    routes = parse_routes(binary)
    ck.check(len(routes) > 10, "the route table is not empty", routes)
    dup = sorted({r for r in routes if routes.count(r) > 1})
    ck.check(not dup, "no route is listed twice", dup)

    served = {(m, norm(pth)) for m, pth in routes}
    documented = set()
    for pth, item in spec.get("paths", {}).items():
        for m in item:
            if m in METHODS:
                documented.add((m.upper(), norm(pth)))
    ck.check(documented, "web/openapi.json has paths")
    for m, pth in sorted(documented):
        ck.check((m, pth) in served, "openapi.json's %s %s is a route of the server" % (m, pth))
    for m, pth in sorted(served):
        ck.check((m, pth) in documented, "the server's route %s %s is in openapi.json" % (m, pth))
    # every documented operation names its responses and an operationId
    ops = [(m, pth, op) for pth, item in spec.get("paths", {}).items() for m, op in item.items() if m in METHODS]
    bad = ["%s %s" % (m.upper(), pth) for m, pth, op in ops if not op.get("operationId") or not op.get("responses")]
    ck.check(not bad, "every operation has an operationId and responses", bad)

    check_limits(ck, spec)

    s.start()
    r = s.anon().get("/api/v1/openapi.json")
    ck.status(r, 200, "GET /api/v1/openapi.json without credentials")
    ck.check((r.header("Content-Type") or "").startswith("application/json"), "served as application/json",
             r.header("Content-Type"))
    try:
        doc = json.loads(r.body.decode("utf-8"))
    except ValueError as ex:
        doc = {"_error": str(ex)}
    ck.check(doc == spec, "the served document equals web/openapi.json",
             sorted(k for k in set(doc) | set(spec) if doc.get(k) != spec.get(k)))
    with open(spec_path, "rb") as f:
        ck.check(r.body == f.read(), "the served document is web/openapi.json byte for byte")
    etag = r.header("ETag")
    r2 = s.anon().get("/api/v1/openapi.json", headers={"If-None-Match": etag or "x"})
    ck.status(r2, 304, "GET /api/v1/openapi.json with its ETag: 304")


def check_limits(ck, spec):
    """maxLength / maxItems equal the constants of src/core/limit.h; nothing writable is left unbounded."""
    c = openapi_limits.constants()
    ck.eq((c.get("LIMIT_ID"), c.get("LIMIT_NAME"), c.get("LIMIT_TEXT"), c.get("LIMIT_LONG_TEXT")),
          (64, 200, 8000, 20000), "src/core/limit.h: ids 64, names 200, texts 8000, long texts 20000 bytes (docs/orgdoc.md)")
    for where, schema, kind, value in openapi_limits.expected(spec):
        got = schema.get(kind) if isinstance(schema, dict) else "absent"
        ck.eq(got, value, "openapi.json %s has %s %s" % (where, kind, value))
    missing = openapi_limits.unbounded(spec)
    ck.check(not missing, "every writable text and list of the bounded schemas has a maximum", missing)


if __name__ == "__main__":
    main_guard(run)
