#!/usr/bin/python3
"""Validate a MISP event against MISP's published JSON format (PyMISP's schema.json), and its values.

usage: validate.py EVENT.json   (exit 0: valid; each failure is printed)

The schema (draft 4) types the event's fields; the values it leaves open are checked as MISP's
core format describes them (README.md).
"""
import json
import os
import re
import sys

from jsonschema import Draft4Validator

HERE = os.path.dirname(os.path.abspath(__file__))
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDS = re.compile(r"^\d+$")
TLP = {"tlp:clear", "tlp:green", "tlp:amber", "tlp:amber+strict", "tlp:red"}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    errors = []
    for name in ("schema.json", "schema-lax.json"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            schema = json.load(f)
        for err in Draft4Validator(schema).iter_errors(doc):
            errors.append("%s: %s: %s" % (name, "/".join(str(p) for p in err.absolute_path), err.message))
    ev = doc.get("Event", {})

    def want(cond, what):
        if not cond:
            errors.append(what)

    want(UUID.match(ev.get("uuid", "")), "Event/uuid is not a UUID")
    want(DATE.match(ev.get("date", "")), "Event/date is not YYYY-MM-DD")
    want(SECONDS.match(ev.get("timestamp", "")), "Event/timestamp is not Unix seconds")
    want(ev.get("threat_level_id") in ("1", "2", "3", "4"), "Event/threat_level_id is not 1-4")
    want(ev.get("analysis") in ("0", "1", "2"), "Event/analysis is not 0-2")
    want(ev.get("distribution") in ("0", "1", "2", "3", "4"), "Event/distribution is not 0-4")
    for who in ("Org", "Orgc"):
        want(UUID.match(ev.get(who, {}).get("uuid", "")), "Event/%s/uuid is not a UUID" % who)
    tags = [t.get("name") for t in ev.get("Tag", [])]
    want(len([t for t in tags if t in TLP]) == 1, "Event/Tag must carry exactly one TLP tag: %s" % tags)
    seen = set()
    for i, a in enumerate(ev.get("Attribute", [])):
        where = "Event/Attribute/%d" % i
        want(UUID.match(a.get("uuid", "")), where + "/uuid is not a UUID")
        want(a.get("uuid") not in seen, where + "/uuid occurs twice")
        seen.add(a.get("uuid"))
        want(SECONDS.match(a.get("timestamp", "")), where + "/timestamp is not Unix seconds")
        want(a.get("distribution") in ("0", "1", "2", "3", "4", "5"), where + "/distribution is not 0-5")
        want(isinstance(a.get("to_ids"), bool), where + "/to_ids is not a boolean")
        want(bool(a.get("value")), where + "/value is empty")
        atags = [t.get("name") for t in a.get("Tag", [])]
        want(len([t for t in atags if t in TLP]) == 1, where + "/Tag must carry exactly one TLP tag: %s" % atags)
    for e in errors:
        print(e)
    print("%s: %d attributes, %d errors" % (sys.argv[1], len(ev.get("Attribute", [])), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
