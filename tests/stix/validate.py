#!/usr/bin/python3
"""Validate a STIX 2.1 bundle against the OASIS STIX 2.1 JSON schemas with a real validator.

usage: validate.py BUNDLE.json   (exit 0: valid; each failure is printed)

The schemas (tests/stix/schemas/, README.md there) are draft 2020-12 and are resolved locally:
each file is registered under its own $id and under the OASIS stix2.1 address of the same path,
so no $ref ever leaves this machine. Checked:
  - the bundle's envelope (type, id) against common/bundle.json;
  - every object against the schema of its own type (sdos/identity.json, sdos/incident.json,
    sdos/note.json, common/marking-definition.json): stricter than bundle.json's list, which
    lets an incident or a note through as a custom object;
  - every marking-definition also against the OASIS TLP 2.0 extension's schema (its five fixed
    ids, names and tlp_2_0 values);
  - every reference (created_by_ref, object_marking_refs, object_refs) names an object of the
    bundle, and no id occurs twice.
"""
import json
import os
import sys

from jsonschema import Draft202012Validator, RefResolver

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
OASIS = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"
TLP2 = "tlp2.0/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d.json"
BY_TYPE = {
    "identity": "sdos/identity.json",
    "incident": "sdos/incident.json",
    "note": "sdos/note.json",
    "marking-definition": "common/marking-definition.json",
}


def load_schemas():
    store, by_path = {}, {}
    for folder in ("common", "sdos", "tlp2.0"):
        for name in sorted(os.listdir(os.path.join(HERE, folder))):
            path = folder + "/" + name
            with open(os.path.join(HERE, path), encoding="utf-8") as f:
                schema = json.load(f)
            by_path[path] = schema
            store[schema["$id"]] = schema
            store[OASIS + path] = schema
    return store, by_path


def validator(store, schema):
    resolver = RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    return Draft202012Validator(schema, resolver=resolver)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        bundle = json.load(f)
    store, by_path = load_schemas()
    errors = []

    def check(schema, instance, where):
        for err in validator(store, schema).iter_errors(instance):
            path = "/".join(str(p) for p in err.absolute_path)
            errors.append("%s%s: %s" % (where, "/" + path if path else "", err.message))

    envelope = {k: v for k, v in bundle.items() if k != "objects"}
    check(by_path["common/bundle.json"], envelope, "bundle")
    objects = bundle.get("objects")
    if not isinstance(objects, list) or not objects:
        errors.append("bundle: objects must be a non-empty array")
        objects = []
    ids = set()
    for i, obj in enumerate(objects):
        where = "objects/%d (%s)" % (i, obj.get("type"))
        schema = BY_TYPE.get(obj.get("type"))
        if not schema:
            errors.append("%s: no schema for this type in the export's set" % where)
            continue
        check(by_path[schema], obj, where)
        if obj.get("type") == "marking-definition":
            check(by_path[TLP2], obj, where + " TLP 2.0")
        if obj.get("id") in ids:
            errors.append("%s: id %s occurs twice" % (where, obj.get("id")))
        ids.add(obj.get("id"))
    for i, obj in enumerate(objects):
        refs = [obj.get("created_by_ref")] + obj.get("object_marking_refs", []) + obj.get("object_refs", [])
        for ref in refs:
            if ref is not None and ref not in ids:
                errors.append("objects/%d: %s is not in the bundle" % (i, ref))
    for e in errors:
        print(e)
    print("%s: %d objects, %d errors" % (sys.argv[1], len(objects), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
