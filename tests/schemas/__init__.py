"""Vendored copies of the OC4IDS 0.9 and OCDS 1.1 schemas (see ../shared/schemas/README.md upstream).

The schemas reference each other by URL; `validate` resolves those references from this folder, never
over the network, and returns every error (an empty list means the document is valid).
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).resolve().parent
NAMES = {
    "oc4ids-project": "oc4ids-project-schema.json",
    "oc4ids-project-package": "oc4ids-project-package-schema.json",
    "ocds-release": "ocds-1.1-release-schema.json",
    "ocds-release-package": "ocds-1.1-release-package-schema.json",
}


@cache
def _load(name: str) -> dict:
    return json.loads((HERE / NAMES[name]).read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for name in NAMES:
        schema = _load(name)
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def validate(document, name: str) -> list[str]:
    """All schema errors of `document` against the named schema, as readable strings."""
    validator = Draft4Validator(_load(name), registry=_registry(), format_checker=Draft4Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
