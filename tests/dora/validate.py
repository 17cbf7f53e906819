#!/usr/bin/python3
"""Validate DORA incident reports against the ESAs' JSON Schema IR 1.2.1 with a real validator.

usage: validate.py SCHEMA REPORT.json [REPORT.json ...]   (exit 0: every report valid)

The schema states its per-report-type and per-entity-type conditions with the draft-07
keyword "dependencies", which a draft 2020-12 validator ignores (formats/README.md). Its
schema-valued form is "dependentSchemas" in 2020-12, with the same meaning, so the schema is
validated twice: as published, and with "dependencies" read as "dependentSchemas", so that
those conditions are checked by the validator too. Formats (date-time, email) are checked with
jsonschema's FormatChecker, and every date-time is also checked to be UTC ("Z") as Annex II asks.
"""
import json
import re
import sys

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker


def as_2020(node):
    if isinstance(node, dict):
        return {("dependentSchemas" if k == "dependencies" else k): as_2020(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_2020(v) for v in node]
    return node


UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def instants(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k.endswith("DateTime") or k == "recurringIncidentDate":
                yield path + "/" + k, v
            yield from instants(v, path + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from instants(v, "%s/%d" % (path, i))


def main():
    schema = json.load(open(sys.argv[1]))
    Draft202012Validator.check_schema(schema)
    strict = as_2020(schema)
    bad = 0
    for f in sys.argv[2:]:
        doc = json.load(open(f))
        errs = []
        for name, s in (("as published", schema), ("with its dependencies", strict)):
            v = Draft202012Validator(s, format_checker=FormatChecker())
            errs += ["%s: %s at /%s" % (name, e.message, "/".join(map(str, e.absolute_path))) for e in v.iter_errors(doc)]
        errs += ["%s is not a UTC instant: %r" % (p, t) for p, t in instants(doc) if not UTC.match(str(t))]
        if errs:
            bad += 1
            print("INVALID %s" % f)
            for e in errs[:20]:
                print("  " + e)
        else:
            print("valid %s (%s)" % (f, doc.get("incidentSubmission")))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
