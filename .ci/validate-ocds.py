#!/usr/bin/env python3
"""Validate an OCDS release package against OCDS 1.1, its declared extensions and codelists.

Usage: validate-ocds.py SCHEMA_DIR PACKAGE.json [--x-schema X_TENDER_EVALUATION_SCHEMA]

SCHEMA_DIR holds release-package-schema.json and release-schema.json (JSON Schema draft 4),
and optionally extensions/<name>/ (release-schema.json, codelists/*.csv) and codelists/*.csv.
Three checks, each listing every error it finds:
1. the package against the core release-package schema;
2. the package against the same schema with the core release schema patched by every
   extension the package declares (JSON Merge Patch, RFC 7396, in the declared order), so
   the extension fields (lots, bids, award criteria) are checked too; an extension the
   package declares but SCHEMA_DIR does not hold is an error;
3. every value of a field with a codelist, against the core codelists and the declared
   extensions' codelists: a value outside a closed codelist is an error, one outside an
   open codelist is listed as a notice;
4. with --x-schema, every bid detail's `x_tenderEvaluation` (our own extension field, see
   docs/ocds.md) against its JSON Schema (docs/ocds/x_tenderEvaluation.schema.json).
The package schema refers to the release schema by its URL; that URL is mapped to the local
(patched) file, so nothing is fetched. Exit 0 valid, 1 invalid, 2 unusable input.
Needs the `jsonschema` package (Debian: python3-jsonschema).
"""
import copy
import csv
import json
import re
import sys
from pathlib import Path

RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"error: cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)


def validator(package_schema, release_schema):
    import jsonschema

    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        resource = Resource.from_contents(release_schema, default_specification=DRAFT4)
        registry = Registry().with_resources(
            [(RELEASE_URL, resource), (release_schema.get("id", RELEASE_URL), resource)]
        )
        return jsonschema.Draft4Validator(package_schema, registry=registry, format_checker=checker)
    except ImportError:  # jsonschema older than 4.18
        resolver = jsonschema.RefResolver.from_schema(
            package_schema, store={RELEASE_URL: release_schema}
        )
        return jsonschema.Draft4Validator(package_schema, resolver=resolver, format_checker=checker)


def merge_patch(target, patch):
    """RFC 7396 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def extension_dirs(package, schema_dir):
    """The folder of each extension the package declares, by the name in its URL."""
    dirs, missing = [], []
    for url in package.get("extensions", []):
        m = re.search(r"/(ocds_[A-Za-z0-9_]+_extension)/", url)
        folder = schema_dir / "extensions" / m.group(1) if m else None
        if folder is not None and (folder / "release-schema.json").is_file():
            dirs.append(folder)
        else:
            missing.append(url)
    return dirs, missing


def codes(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def codelists(schema_dir, ext_dirs):
    """Codelist file name -> set of codes, core first, then each extension's (a `+name.csv`
    adds to a core list, a `-name.csv` removes from it, a plain name replaces or adds one)."""
    lists = {}
    for p in sorted((schema_dir / "codelists").glob("*.csv")):
        lists[p.name] = codes(p)
    for d in ext_dirs:
        for p in sorted((d / "codelists").glob("*.csv")):
            name = p.name
            if name.startswith("+"):
                lists.setdefault(name[1:], set()).update(codes(p))
            elif name.startswith("-"):
                lists.setdefault(name[1:], set()).difference_update(codes(p))
            else:
                lists[name] = codes(p)
    return lists


def resolve(schema, root):
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return {}
        node = root
        for part in ref[2:].split("/"):
            node = node.get(part, {})
        schema, seen = node, seen + 1
    return schema if isinstance(schema, dict) else {}


def check_codelists(data, schema, root, lists, where, errors, notices):
    """Walks the data along the schema; checks each value of a field that has a codelist."""
    schema = resolve(schema, root)
    name = schema.get("codelist")
    if name is not None and data is not None:
        allowed = lists.get(name)
        values = data if isinstance(data, list) else [data]
        for v in values:
            if allowed is None:
                errors.append(f"{where}: codelist {name} is not in the schema folder")
            elif v not in allowed:
                line = f"{where}: {v!r} is not a code of {name}"
                (notices if schema.get("openCodelist", False) else errors).append(line)
        return
    if isinstance(data, dict):
        props = schema.get("properties", {})
        for key, value in data.items():
            if key in props:
                check_codelists(value, props[key], root, lists, f"{where}/{key}", errors, notices)
    elif isinstance(data, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for i, value in enumerate(data):
                check_codelists(value, items, root, lists, f"{where}/{i}", errors, notices)


def schema_errors(package, package_schema, release_schema):
    v = validator(package_schema, release_schema)
    errors = sorted(v.iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def main(argv):
    x_schema = None
    if len(argv) == 5 and argv[3] == "--x-schema":
        x_schema = load(argv[4])
    elif len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    schema_dir, package_path = Path(argv[1]), argv[2]
    package_schema = load(schema_dir / "release-package-schema.json")
    release_schema = load(schema_dir / "release-schema.json")
    package = load(package_path)
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("error: the jsonschema package is missing (Debian: apt-get install python3-jsonschema)", file=sys.stderr)
        return 2

    failed = False
    core = schema_errors(package, package_schema, release_schema)
    for line in core:
        print(f"{package_path}: core schema: {line}")
    print(f"{package_path}: {len(core)} error(s) against the OCDS 1.1 release package schema")
    failed |= bool(core)

    ext_dirs, missing = extension_dirs(package, schema_dir)
    for url in missing:
        print(f"{package_path}: extensions: {url} is declared but not in {schema_dir / 'extensions'}")
    failed |= bool(missing)
    patched = release_schema
    for d in ext_dirs:
        patched = merge_patch(patched, load(d / "release-schema.json"))
    ext = schema_errors(package, package_schema, patched)
    for line in ext:
        print(f"{package_path}: patched schema: {line}")
    names = ", ".join(d.name for d in ext_dirs) or "none"
    print(f"{package_path}: {len(ext)} error(s) against the release schema patched with {names}")
    failed |= bool(ext)

    lists = codelists(schema_dir, ext_dirs)
    errors, notices = [], []
    for i, release in enumerate(package.get("releases", [])):
        check_codelists(release, patched, patched, lists, f"releases/{i}", errors, notices)
    for line in errors:
        print(f"{package_path}: codelist: {line}")
    for line in notices:
        print(f"{package_path}: codelist (open, allowed): {line}")
    print(f"{package_path}: {len(errors)} value(s) outside a closed codelist")
    failed |= bool(errors)

    if x_schema is not None:
        import jsonschema

        v = jsonschema.Draft4Validator(x_schema)
        count = 0
        for i, release in enumerate(package.get("releases", [])):
            for j, d in enumerate((release.get("bids") or {}).get("details", [])):
                where = f"releases/{i}/bids/details/{j}/x_tenderEvaluation"
                if "x_tenderEvaluation" not in d:
                    print(f"{package_path}: x_tenderEvaluation: {where} is missing")
                    count += 1
                    continue
                for e in sorted(v.iter_errors(d["x_tenderEvaluation"]), key=lambda e: [str(p) for p in e.absolute_path]):
                    sub = "/".join(str(p) for p in e.absolute_path)
                    print(f"{package_path}: x_tenderEvaluation: {where}/{sub}: {e.message}")
                    count += 1
        print(f"{package_path}: {count} error(s) against the x_tenderEvaluation schema")
        failed |= bool(count)

    if failed:
        return 1
    print(f"{package_path}: valid OCDS 1.1 release package, with its extensions and codelists")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
