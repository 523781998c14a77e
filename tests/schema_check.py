"""A small JSON Schema checker for the tests: the keywords the game's schemas use, nothing more.

jsonschema isn't a dependency of the game, and the schemas use a handful of keywords; this checks them the way
draft 2020-12 defines them, so a test can say "this file passes the schema" without a package.
"""

from __future__ import annotations

import re
from typing import Any


def check(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """A small JSON Schema checker: the keywords level_schema() and pack_schema() use, nothing more
    (annotations such as `default`, `description` and `defaultSnippets` are not checks)."""
    errors: list[str] = []
    kinds = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    }
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(kinds[t](value) for t in types):
            return [f"{path}: {value!r} is not {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    for key, test in (
        ("minimum", lambda v, b: v >= b),
        ("exclusiveMinimum", lambda v, b: v > b),
        ("maximum", lambda v, b: v <= b),
    ):
        if key in schema and isinstance(value, (int, float)) and not test(value, schema[key]):
            errors.append(f"{path}: {value!r} fails {key} {schema[key]}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} doesn't match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if len(value) > schema.get("maxLength", len(value)):
            errors.append(f"{path}: too long")
    if isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            errors.append(f"{path}: too many items")
        for i, item in enumerate(value):
            errors += check(item, schema.get("items", {}), root, f"{path}[{i}]")
    if isinstance(value, dict):
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += check(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += check(item, schema["additionalProperties"], root, f"{path}.{key}")
    if "oneOf" in schema:
        matches = sum(not check(value, option, root, path) for option in schema["oneOf"])
        if matches != 1:
            errors.append(f"{path}: matches {matches} of oneOf")
    if "anyOf" in schema and not any(not check(value, option, root, path) for option in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if isinstance(value, dict):
        for key, sub in schema.get("dependentSchemas", {}).items():
            if key in value:
                errors += check(value, sub, root, path)
    if "not" in schema and not check(value, schema["not"], root, path):
        errors.append(f"{path}: matches a 'not' schema")
    if isinstance(value, list) and schema.get("uniqueItems") and len(set(map(repr, value))) != len(value):
        errors.append(f"{path}: items repeat")
    for sub in schema.get("allOf", []):
        errors += check(value, sub, root, path)
    if "if" in schema:
        branch = schema.get("then" if not check(value, schema["if"], root, path) else "else")
        if branch is not None:
            errors += check(value, branch, root, path)
    return errors
