#!/usr/bin/python3
"""stix_validate.py: validate a STIX 2.1 bundle against the OASIS JSON schemas.

Usage: stix_validate.py SCHEMAS_DIR BUNDLE.json

Checks the bundle against common/bundle.json and each object against the
schema for its type (formats such as "uri" checked), then what the schemas
cannot say: ids unique, every reference resolves within the bundle, ids are
UUIDv5 (software ids by STIX's own rule for observables, section 2.9), and
created <= modified. Prints "ok: N objects" and exits 0, or prints each
problem and exits 1. Needs python3-jsonschema (4.10 has draft 2020-12).
"""
import json
import os
import sys
import uuid

import jsonschema

TYPES = {
    "report": "sdos/report.json",
    "intrusion-set": "sdos/intrusion-set.json",
    "identity": "sdos/identity.json",
    "vulnerability": "sdos/vulnerability.json",
    "relationship": "sros/relationship.json",
    "software": "observables/software.json",
}
SCO_NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")


def load_schemas(root):
    """Every schema below ROOT, keyed by its $id, and by relative path."""
    store, by_path = {}, {}
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            store[schema["$id"]] = schema
            by_path[os.path.relpath(path, root)] = schema
    return store, by_path


def validator(schema, store):
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    store, by_path = load_schemas(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        bundle = json.load(f)
    problems = []
    for e in validator(by_path["common/bundle.json"], store).iter_errors(bundle):
        problems.append("bundle: %s at %s" % (e.message, list(e.absolute_path)))
    objects = bundle.get("objects", [])
    checkers = {t: validator(by_path[p], store) for t, p in TYPES.items()}
    ids = {}
    for i, o in enumerate(objects):
        where = "objects[%d] %s" % (i, o.get("id"))
        t = o.get("type")
        if t not in checkers:
            problems.append("%s: unexpected type %r" % (where, t))
            continue
        for e in checkers[t].iter_errors(o):
            problems.append("%s: %s at %s" % (where, e.message, list(e.absolute_path)))
        oid = o.get("id", "")
        if oid in ids:
            problems.append("%s: id also at objects[%d]" % (where, ids[oid]))
        ids[oid] = i
        try:
            u = uuid.UUID(oid.split("--", 1)[1])
        except (IndexError, ValueError):
            problems.append("%s: malformed id" % where)
            continue
        if u.version != 5:
            problems.append("%s: not a UUIDv5" % where)
        if t == "software":
            props = {k: o[k] for k in ("name", "cpe", "swid", "vendor", "version") if k in o}
            canon = json.dumps(props, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            want = "software--%s" % uuid.uuid5(SCO_NS, canon)
            if oid != want:
                problems.append("%s: observable id should be %s" % (where, want))
        if "created" in o and o["created"] > o.get("modified", o["created"]):
            problems.append("%s: created after modified" % where)
    for i, o in enumerate(objects):
        refs = list(o.get("object_refs", []))
        refs += [o[k] for k in ("source_ref", "target_ref", "created_by_ref") if k in o]
        for r in refs:
            if r not in ids:
                problems.append("objects[%d] %s: refers to %s, not in the bundle" % (i, o.get("id"), r))
    for p in problems:
        print(p)
    if problems:
        return 1
    print("ok: %d objects" % len(objects))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
