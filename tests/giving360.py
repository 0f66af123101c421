"""Validation against the 360Giving Data Standard's own JSON schemas (`../shared/standards/360giving/`, offline):
the package schema refers to the grant schema by its `$id` URL, which is resolved to the local file."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "standards" / "360giving"


def validate(package: dict) -> None:
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text(encoding="utf-8"))
    wrapper = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    # The files name their dialect `http://json-schema.org/draft/2020-12/schema` (not the registered `https://…`):
    # it is draft 2020-12, said explicitly.
    resource = Resource(contents=grant, specification=DRAFT202012)
    referred = wrapper["properties"]["grants"]["items"]["$ref"]  # the package names another patch version's URL
    registry = Registry().with_resources([(grant["$id"], resource), (referred, resource)])
    validator = Draft202012Validator(wrapper, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:10]]
