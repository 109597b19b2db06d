#!/usr/bin/python3
"""Independent check of the server's OpenAPI document (issue 9).

    openapi_check.py DUMP_TOOL BASES.tsv WORK_DIR

Runs zx_openapi_dump, then with Debian's python3-jsonschema:
  1. validates the document against the official OpenAPI 3.0 JSON Schema that
     Debian's openapi-specification package ships (no validator for OpenAPI
     documents themselves is packaged in Debian 12);
  2. validates one sample of every component schema, written by the C++ wire
     types' own to_json, against that schema, so a schema that no longer
     describes what the server sends is caught;
  3. checks that every schema has a sample and every $ref resolves.
"""
import copy
import json
import os
import subprocess
import sys

import jsonschema

OFFICIAL = "/usr/share/openapi-specification/schemas/v3.0/schema.json"


def to_json_schema(node):
    """The OpenAPI 3.0 dialect as plain JSON Schema: `nullable: true` is
    spelled as a "null" type."""
    if isinstance(node, dict):
        out = {k: to_json_schema(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable") is True and "type" in out:
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    return node


def refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def resolve(doc, ref):
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tool, bases, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "openapi-dump.json")
    subprocess.run([tool, bases, out], check=True)
    with open(out, encoding="utf-8") as f:
        dump = json.load(f)
    doc, samples = dump["document"], dump["samples"]
    failures = []

    with open(OFFICIAL, encoding="utf-8") as f:
        official = json.load(f)
    for e in sorted(jsonschema.Draft4Validator(official).iter_errors(doc), key=lambda e: list(e.path)):
        failures.append("document: /%s: %s" % ("/".join(map(str, e.path)), e.message))

    for ref in set(refs(doc)):
        try:
            resolve(doc, ref)
        except (KeyError, AssertionError):
            failures.append("dangling $ref " + ref)

    schemas = doc["components"]["schemas"]
    plain = to_json_schema(copy.deepcopy(doc))
    resolver = jsonschema.RefResolver(base_uri="", referrer=plain)
    for name in sorted(set(schemas) - set(samples)):
        failures.append("schema %s has no sample in zx_openapi_dump" % name)
    for name in sorted(set(samples) - set(schemas)):
        failures.append("sample %s has no schema" % name)
    checked = 0
    for name in sorted(set(schemas) & set(samples)):
        validator = jsonschema.Draft4Validator(plain["components"]["schemas"][name], resolver=resolver)
        for e in validator.iter_errors(samples[name]):
            failures.append("sample %s: /%s: %s" % (name, "/".join(map(str, e.path)), e.message))
        checked += 1

    operations = sum(1 for item in doc["paths"].values() for k in item if k != "parameters")
    if failures:
        for f in failures:
            print("FAIL", f)
        sys.exit(1)
    print("OpenAPI %s document valid: %d paths, %d operations; %d schemas match their samples"
          % (doc["openapi"], len(doc["paths"]), operations, checked))


if __name__ == "__main__":
    main()
