"""
openapi_limits.py — which schema property of web/openapi.json carries which
maximum of src/core/limit.h, as maxLength (a text) or maxItems (a list).

    python3 tests/api/openapi_limits.py --write    sets them in web/openapi.json
    (test_openapi_routes.py checks them with check_limits)

The table is the one map from the C constants to the document; the check
also finds any writable text or list of the bounded schemas that the table
leaves out, so a field added later without a maximum fails the test.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "web", "openapi.json")
HEADER = os.path.join(ROOT, "src", "core", "limit.h")

# schema (with "/allOf/1" where the object is the second part of an allOf) →
# {property path: constant}: "a.b" is a nested property, "x[]" the list's
# maxItems, "x[*]" its elements' maxLength.  Fixed forms get a number.
LIMITS = {
    "Organisation": {"id": "LIMIT_ID", "name": "LIMIT_NAME", "cvr": 8, "lei": 20, "entity.dora": "LIMIT_NAME",
                     "working_hours.start": 5, "working_hours.end": 5, "parent": "LIMIT_ID"},
    "Node": {"id": "LIMIT_ID", "name": "LIMIT_NAME", "owner": "LIMIT_NAME", "description": "LIMIT_TEXT",
             "override.reason": "LIMIT_TEXT", "ref": "LIMIT_REF", "service_type": 3},
    "Edge": {"from": "LIMIT_ID", "to": "LIMIT_ID", "group": "LIMIT_NAME"},
    "Threat": {"id": "LIMIT_ID", "name": "LIMIT_NAME", "name_en": "LIMIT_NAME", "category": "LIMIT_NAME",
               "description": "LIMIT_TEXT", "level_source": "LIMIT_NAME"},
    "Risk": {"id": "LIMIT_ID", "node": "LIMIT_ID", "threat": "LIMIT_ID", "title": "LIMIT_NAME",
             "description": "LIMIT_TEXT", "assessor": "LIMIT_NAME", "owner": "LIMIT_NAME",
             "acceptance.approver": "LIMIT_NAME", "note": "LIMIT_TEXT"},
    "Measure": {"id": "LIMIT_ID", "risk": "LIMIT_ID", "title": "LIMIT_NAME", "owner": "LIMIT_NAME",
                "description": "LIMIT_TEXT", "effect.note": "LIMIT_TEXT"},
    "Change": {"id": "LIMIT_ID", "node": "LIMIT_ID", "description": "LIMIT_TEXT"},
    "OrgDocument": {"matrix_versions[]": "LIMIT_MATRIX_VERSIONS", "nodes[]": "LIMIT_DOC_ITEMS",
                    "edges[]": "LIMIT_DOC_ITEMS", "threats[]": "LIMIT_DOC_ITEMS", "risks[]": "LIMIT_DOC_ITEMS",
                    "measures[]": "LIMIT_DOC_ITEMS", "changes[]": "LIMIT_DOC_ITEMS",
                    "incidents[]": "LIMIT_DOC_ITEMS"},
    "ImportDocument/oneOf/1": {"organisations[]": "LIMIT_LIST"},
    "FactsDocument": {"title": "LIMIT_NAME", "entity.name": "LIMIT_NAME", "entity.dora_type": "LIMIT_NAME",
                      "entity.working_hours.start": 5, "entity.working_hours.end": 5, "entity.calendar": 9, "entity.dora": "LIMIT_NAME",
                      "submissions[]": "LIMIT_LIST"},
    "Incident/allOf/1": {"id": "LIMIT_ID", "description": "LIMIT_LONG_TEXT", "category": "LIMIT_NAME",
                         "cause": "LIMIT_LONG_TEXT", "root_cause": "LIMIT_LONG_TEXT",
                         "measures": "LIMIT_LONG_TEXT", "notes": "LIMIT_LONG_TEXT", "nodes[]": "LIMIT_LIST",
                         "nodes[*]": "LIMIT_ID", "risks[]": "LIMIT_LIST", "risks[*]": "LIMIT_ID",
                         "recurring_of[]": "LIMIT_LIST", "recurring_of[*]": "LIMIT_ID",
                         "estimated_facts[]": "LIMIT_LIST", "estimated_facts[*]": "LIMIT_NAME",
                         "user_information.channel": "LIMIT_NAME",
                         "user_information.mitigations": "LIMIT_LONG_TEXT",
                         "reporting.outsourced.third_party": "LIMIT_NAME",
                         "reporting.outsourced.contract_reference": "LIMIT_NAME",
                         "reporting.consolidated.third_party": "LIMIT_NAME",
                         "reporting.consolidated.contract_reference": "LIMIT_NAME",
                         "reporting.consolidated.entities[]": "LIMIT_LIST",
                         "reporting.consolidated.entities[*]": "LIMIT_NAME"},
    "Submission": {"report": "LIMIT_NAME", "channel": "LIMIT_NAME", "receipt": "LIMIT_NAME", "by": "LIMIT_NAME"},
    "UserCreate": {"name": "LIMIT_ID", "display_name": "LIMIT_NAME"},
    "UserPatch": {"display_name": "LIMIT_NAME", "home_org": "LIMIT_ID"},
    "TokenCreate": {"name": "LIMIT_NAME", "org": "LIMIT_ID", "expires": 32},
    "ForumCreate": {"id": "LIMIT_ID", "name": "LIMIT_NAME"},
    "CarryForward": {"note": "LIMIT_TEXT"},
    "ForumShareCreate": {"target": "LIMIT_ID", "recipients[]": "LIMIT_RECIPIENTS", "recipients[*]": "LIMIT_ID"},
}


def constants():
    """The LIMIT_* constants of src/core/limit.h, evaluated."""
    with open(HEADER, encoding="utf-8") as f:
        defs = re.findall(r"^#define (LIMIT_[A-Z_]+) (.+?)\s*(?:/\*.*)?$", f.read(), re.M)
    out = {}
    for name, expr in defs:
        out[name] = int(eval(expr, {}, dict(out)))  # noqa: S307 (the repository's own header)
    return out


def schema_at(spec, name):
    """The schema object of "Name" or "Name/allOf/1"."""
    parts = name.split("/")
    s = spec["components"]["schemas"][parts[0]]
    for p in parts[1:]:
        s = s[int(p)] if p.isdigit() else s[p]
    return s


def resolve(schema, path):
    """(the schema object the bound goes on, "maxLength" or "maxItems") for a property path."""
    kind = "maxItems" if path.endswith("[]") else "maxLength"
    items = path.endswith("[*]")
    key_path = path[:-2] if path.endswith("[]") else path[:-3] if items else path
    s = schema
    for key in key_path.split("."):
        s = (s or {}).get("properties", {}).get(key)
    if s is not None and items:
        s = s.get("items")
    return s, kind


def expected(spec):
    """[(where, schema object, "maxLength"|"maxItems", value)] for every table entry."""
    c = constants()
    out = []
    for name, props in LIMITS.items():
        base = schema_at(spec, name)
        for path, const in props.items():
            s, kind = resolve(base, path)
            out.append(("%s.%s" % (name, path), s, kind, c[const] if isinstance(const, str) else const))
    return out


def unbounded(spec):
    """Writable texts and lists of the table's schemas that have no maximum."""
    missing = []

    def walk(s, where):
        if not isinstance(s, dict) or s.get("readOnly"):
            return
        t = s.get("type")
        types = t if isinstance(t, list) else [t]
        if "string" in types and "enum" not in s and "format" not in s and "maxLength" not in s:
            missing.append(where)
        if "array" in types and "maxItems" not in s:
            missing.append(where + "[]")
        for k, v in s.get("properties", {}).items():
            walk(v, where + "." + k)
        if isinstance(s.get("items"), dict) and "$ref" not in s["items"]:
            walk(s["items"], where + "[*]")

    for name in LIMITS:
        walk(schema_at(spec, name), name)
    return missing


def write():
    with open(SPEC, encoding="utf-8") as f:
        spec = json.load(f)
    absent = []
    for where, s, kind, value in expected(spec):
        if s is None:
            absent.append(where)
        else:
            s[kind] = value
    with open(SPEC, "w", encoding="utf-8") as f:
        f.write(json.dumps(spec, indent=2, ensure_ascii=False) + "\n")
    for w in absent:
        print("not in the document: " + w)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write()
