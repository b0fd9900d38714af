#!/usr/bin/env python3
"""Validate an OCDS release package against the OCDS 1.1 release-package schema.

Usage: validate-ocds.py SCHEMA_DIR PACKAGE.json

SCHEMA_DIR holds release-package-schema.json and release-schema.json (JSON Schema draft 4).
The package schema refers to the release schema by its URL; that URL is mapped to the local
file, so nothing is fetched. Exit 0 valid, 1 invalid (every error is listed), 2 unusable input.
Needs the `jsonschema` package (pip install jsonschema).
"""
import json
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
        registry = Registry().with_resources([(RELEASE_URL, resource), (release_schema.get("id", RELEASE_URL), resource)])
        return jsonschema.Draft4Validator(package_schema, registry=registry, format_checker=checker)
    except ImportError:  # jsonschema older than 4.18
        resolver = jsonschema.RefResolver.from_schema(package_schema, store={RELEASE_URL: release_schema})
        return jsonschema.Draft4Validator(package_schema, resolver=resolver, format_checker=checker)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    schema_dir, package_path = Path(argv[1]), argv[2]
    package_schema = load(schema_dir / "release-package-schema.json")
    release_schema = load(schema_dir / "release-schema.json")
    package = load(package_path)
    try:
        v = validator(package_schema, release_schema)
    except ImportError:
        print("error: the jsonschema package is missing: pip install jsonschema", file=sys.stderr)
        return 2
    errors = sorted(v.iter_errors(package), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{package_path}: {where}: {e.message}")
    if errors:
        print(f"{package_path}: {len(errors)} error(s) against the OCDS 1.1 release package schema")
        return 1
    print(f"{package_path}: valid OCDS 1.1 release package")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
