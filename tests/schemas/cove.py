"""
The validators third parties run on open contracting data, run here offline on the vendored schemas and
codelists (README.md beside this file says where each file comes from):

- `cove_ocds(package)`: lib-cove-ocds (the engine of the OCDS Data Review Tool) on a release or record
  package. It reads the standard from a ZIP of the standard's `schema/` directory — the archive it
  would download from codeload.github.com for tag 1__1__5 — through its own `standard_zip` setting.
- `cove_oc4ids(package)`: lib-cove-oc4ids (the engine of the OC4IDS Data Review Tool) on a project
  package. It fetches the schema and the codelists by HTTP from the configured `schema_host` and
  `schema_codelists`; here that host is a server on 127.0.0.1 that serves the vendored files and
  records every path asked for (a path it does not have fails the check, so a codelist that could not
  be read cannot pass unnoticed).
  A record package's schema refers to the versioned-release schema by its URL, which lib-cove-ocds
  resolves with jsonref's own loader (not the standard's ZIP): `_standard_by_url` answers that loader
  from the vendored copy of the same file, and refuses any other URL.
- `compile_package(package)`: ocdskit's `compile` (OCDS Merge) with the vendored release schema, the
  record package a user of `ocdskit compile` gets.

`ocds_problems(context)` / `oc4ids_problems(context)` list what the tools report as wrong — schema
errors, codes outside closed codelists, fields the schema does not define, empty or unreferenced values,
project ids without a prefix — so that a test asserts the list is empty and shows it when it is not.
"""

import copy
import csv
import io
import json
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import jsonref
from libcoveoc4ids.api import oc4ids_json_output
from libcoveoc4ids.config import LibCoveOC4IDSConfig
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdskit.combine import merge

HERE = Path(__file__).resolve().parent
OCDS_DIR = HERE / "ocds-1__1__5"  # open-contracting/standard, tag 1__1__5, schema/
OC4IDS_DIR = HERE / "oc4ids-0__9__5"  # open-contracting/infrastructure 0.9.5, schema/project-level/codelists
OCDS_TAG = "1__1__5"
OC4IDS_VERSION = "0.9.5"


# ---------------------------------------------------------------------------------------------
# Codelists
# ---------------------------------------------------------------------------------------------
def codelist_codes(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


def ocds_codes(name: str) -> set[str]:
    """The codes of an OCDS 1.1 codelist, e.g. `ocds_codes("tenderStatus.csv")`."""
    return codelist_codes(OCDS_DIR / "codelists" / name)


def oc4ids_codes(name: str) -> set[str]:
    """The codes of an OC4IDS 0.9 codelist, e.g. `oc4ids_codes("documentType.csv")`."""
    return codelist_codes(OC4IDS_DIR / "codelists" / name)


# ---------------------------------------------------------------------------------------------
# OCDS: lib-cove-ocds and ocdskit
# ---------------------------------------------------------------------------------------------
@cache
def ocds_standard_zip() -> bytes:
    """The standard's files as in the ZIP of the tag (`<root>/schema/...`), built from the vendored copies."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"standard-{OCDS_TAG}/", "")  # ProfileBuilder takes the first name as the root
        for path in sorted(OCDS_DIR.rglob("*")):
            if path.is_file():
                archive.write(path, f"standard-{OCDS_TAG}/schema/{path.relative_to(OCDS_DIR).as_posix()}")
    return buffer.getvalue()


class _StandardResponse:
    def __init__(self, path: Path):
        self.path = path

    def raise_for_status(self) -> None:
        pass

    def json(self, **kwargs):
        return json.loads(self.path.read_text(encoding="utf-8"), **kwargs)


class _standard_by_url:  # noqa: N801 - stands in for the `requests` module inside jsonref
    """`requests.get` for jsonref: the standard's schema files by their published URL, from the vendored copies."""

    PREFIX = f"https://standard.open-contracting.org/schema/{OCDS_TAG}/"

    @classmethod
    def get(cls, uri: str) -> _StandardResponse:
        path = OCDS_DIR / uri.removeprefix(cls.PREFIX)
        if not uri.startswith(cls.PREFIX) or not path.is_file():
            raise AssertionError(f"no network here, and {uri} is not vendored")
        return _StandardResponse(path)


def cove_ocds(package: dict) -> dict:
    """lib-cove-ocds's results (its API context) for a release or record package."""
    config = LibCoveOCDSConfig({"context": "api", "standard_zip": ocds_standard_zip()})
    with tempfile.TemporaryDirectory() as output_dir, mock.patch.object(jsonref, "requests", _standard_by_url):
        return ocds_json_output(output_dir, json_data=copy.deepcopy(package), lib_cove_ocds_config=config)


def ocds_problems(context: dict) -> list[str]:
    """What lib-cove-ocds reports as wrong (an open codelist's new codes are not: OCDS allows them)."""
    problems = [f"schema: {e['path']}: {e['description']}" for e in context["validation_errors"]]
    problems += [f"closed codelist {path}: {sorted(v['values'])}"
                 for path, v in context["additional_closed_codelist_values"].items()]
    problems += [f"field not in the schema: {field['path']}/{field['field']}" for field in context["additional_fields"]]
    problems += [f"{check}: {output['json_location']}"
                 for check, outputs in context.get("additional_checks", {}).items() for output in outputs]
    problems += [f"deprecated: {field['field']}" for field in context["deprecated_fields"]]
    return problems


def compile_package(package: dict) -> dict:
    """`ocdskit compile --package`: the record package of the releases, each record's compiledRelease
    merged by OCDS Merge with the OCDS 1.1 release schema (vendored, so nothing is downloaded)."""
    schema = json.loads((OCDS_DIR / "release-schema.json").read_text(encoding="utf-8"))
    (record_package,) = merge(
        [copy.deepcopy(package)], uri=package["uri"], publisher=package["publisher"],
        published_date=package["publishedDate"], version=package["version"], schema=schema, return_package=True,
    )
    return json.loads(json.dumps(record_package))  # plain dicts and lists


# ---------------------------------------------------------------------------------------------
# OC4IDS: lib-cove-oc4ids, fed by a server on 127.0.0.1
# ---------------------------------------------------------------------------------------------
class _VendoredFiles(SimpleHTTPRequestHandler):
    files: dict[str, Path] = {}
    asked: list[tuple[str, bool]]

    def translate_path(self, path: str) -> str:
        found = self.files.get(urlsplit(path).path)
        self.asked.append((urlsplit(path).path, found is not None))
        return str(found or HERE / "(not vendored)")

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
        pass


@contextmanager
def _oc4ids_host() -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    files = {
        "/schema/project-schema.json": HERE / "oc4ids-project-schema.json",
        "/schema/project-package-schema.json": HERE / "oc4ids-project-package-schema.json",
        **{f"/codelists/{path.name}": path for path in (OC4IDS_DIR / "codelists").glob("*.csv")},
    }
    asked: list[tuple[str, bool]] = []
    handler = type("Handler", (_VendoredFiles,), {"files": files, "asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def cove_oc4ids(package: dict) -> dict:
    """lib-cove-oc4ids's results for a project package, with `served` (the paths it fetched)."""
    with _oc4ids_host() as (host, asked), tempfile.TemporaryDirectory() as output_dir:
        config = LibCoveOC4IDSConfig({
            "schema_version": OC4IDS_VERSION,
            "schema_version_choices": {OC4IDS_VERSION: (OC4IDS_VERSION, f"{host}/schema/")},
            "schema_host": f"{host}/schema/",
            "schema_codelists": {"0.9": f"{host}/codelists/"},
        })
        context = oc4ids_json_output(output_dir, json_data=copy.deepcopy(package), lib_cove_oc4ids_config=config)
    missing = [path for path, found in asked if not found]
    assert not missing, f"lib-cove-oc4ids asked for files that are not vendored: {missing}"
    context["served"] = sorted({path for path, _ in asked})
    return context


def oc4ids_problems(context: dict, *, extension_fields: frozenset[str] = frozenset()) -> list[str]:
    """What lib-cove-oc4ids reports as wrong, less the fields an extension adds (`/projects/milestones/approval`:
    lib-cove-oc4ids applies no extension). An open codelist's new codes are not reported: the caller checks
    that an extension declares them (`additional_open_codelist_values`)."""
    problems = [f"schema: {error}" for error, _ in context["validation_errors"]]
    problems += [f"closed codelist {path}: {sorted(v['values'])}"
                 for path, v in context["additional_closed_codelist_values"].items()]
    problems += [f"field not in the schema: {path}/{field}" for path, field, _count in context["data_only"]
                 if f"{path}/{field}" not in extension_fields]
    problems += [f"{check['check_id']}: {check.get('paths') or check.get('path_values')}"
                 for check in context["additional_checks"] + context["conformance_checks"]]
    return problems
