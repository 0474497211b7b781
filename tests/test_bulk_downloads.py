"""Bulk downloads for harvesters (issue 24, part 3; disclosure_portal/bulk.py): the nightly job writes every
public dataset as gzip CSV and JSON Lines, and the OCDS / OC4IDS packages, each with its sha256; what they hold
is what the public exports and the API give (no unpublished record, no unmasked name); a run replaces the
files whole; /data.json lists them; they are served with ETag, Last-Modified, 304 and byte ranges.

Constant memory is not tested here: `make bench` measures the job's peak memory at 1M records."""

import datetime
import gzip
import hashlib
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils.http import http_date

from core.domains import all_domains
from disclosure_portal import bulk
from disclosure_portal.tasks import write_bulk_downloads
from disclosures.tests.factories import published
from resources.tests import test_masking_doors
from tests import test_leaks

pytestmark = pytest.mark.django_db

TABLES = [f"{domain.code}-disclosures" for domain in all_domains()] + [
    "projects", "resource-matters", "blacklist", "welfare-programmes"]
EXPORTS = {
    **{f"{domain.code}-disclosures": f"/column/{domain.code}/export" for domain in all_domains()},
    "projects": "/projects/export",
    "resource-matters": "/resources/export",
    "blacklist": "/resources/blacklist/export",
    "welfare-programmes": "/welfare/export",
}
PACKAGES = ["ocds-releases-package.json.gz", "ocds-releases.jsonl.gz",
            "oc4ids-projects-package.json.gz", "oc4ids-projects.jsonl.gz"]


@pytest.fixture(autouse=True)
def _own_host(settings):
    # Pages linked from the files are on PORTAL_BASE_URL; the exports link to the host they are asked on.
    settings.PORTAL_BASE_URL = "http://testserver"
    settings.PORTAL_EXPORT_RATE = settings.PORTAL_API_ANON_RATE = ""


def unzipped(name: str) -> bytes:
    return gzip.decompress((bulk.current_build() / name).read_bytes())


def all_text() -> str:
    directory = bulk.current_build()
    return "\n".join(unzipped(path.name).decode() for path in sorted(directory.glob("*.gz")))


def export_path(key: str, fmt: str) -> str:
    return f"{EXPORTS[key]}.{fmt}"


# ---------------------------------------------------------------------------------------------
# What the job writes
# ---------------------------------------------------------------------------------------------
def test_the_job_writes_every_dataset_in_both_formats_equal_to_the_public_exports_and_api(demo_county, client):
    result = write_bulk_downloads()
    directory = bulk.current_build()
    names = {f"{key}.{ext}" for key in TABLES for ext in ("csv.gz", "jsonl.gz")} | set(PACKAGES)
    assert set(result) == names
    assert {path.name for path in directory.iterdir()} == names | {f"{name}.sha256" for name in names} | {"manifest.json"}
    manifest = json.loads((directory / "manifest.json").read_text())
    for name in names:
        data = (directory / name).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert (directory / f"{name}.sha256").read_text() == f"{digest}  {name}\n"
        assert manifest["files"][name]["sha256"] == digest and manifest["files"][name]["bytes"] == len(data)
    assert all(result[name] > 0 for name in names), result  # the demo county has rows in every dataset

    for key in TABLES:
        export = client.get(export_path(key, "csv"))
        assert export.status_code == 200, (key, export.status_code)
        assert unzipped(f"{key}.csv.gz") == b"".join(export.streaming_content), key
        results = json.loads(b"".join(client.get(export_path(key, "json")).streaming_content))["results"]
        lines = [json.loads(line) for line in unzipped(f"{key}.jsonl.gz").decode().splitlines()]
        assert lines == results, key
        assert result[f"{key}.csv.gz"] == len(results)

    api = client.get("/api/v1/resource-matters/ocds/").json()
    package = json.loads(unzipped("ocds-releases-package.json.gz"))
    assert package["uri"] == "http://testserver/open-data/bulk/ocds-releases-package.json.gz"
    assert {key: value for key, value in package.items() if key != "uri"} == {
        key: value for key, value in api.items() if key != "uri"}
    assert [json.loads(line) for line in unzipped("ocds-releases.jsonl.gz").decode().splitlines()] == api["releases"]

    api = client.get("/api/v1/projects/oc4ids/").json()
    package = json.loads(unzipped("oc4ids-projects-package.json.gz"))
    assert package["publishedDate"] == api["publishedDate"] and package["version"] == api["version"]
    assert sorted(package["projects"], key=lambda project: project["id"]) == sorted(
        api["projects"], key=lambda project: project["id"])
    assert [json.loads(line) for line in unzipped("oc4ids-projects.jsonl.gz").decode().splitlines()] == package["projects"]


def build_private_world(org):
    world = test_leaks.make_world(org)
    test_masking_doors.build_world(org)
    return world


def test_no_unpublished_record_nor_unmasked_personal_data_in_any_file(org):
    world = build_private_world(org)
    write_bulk_downloads()
    text = all_text()
    leaked = [marker for marker in world.private if marker in text]
    assert not leaked
    assert "QxPublishedZTitle" in text  # the published record is there: the check reads the right files
    assert "测试县2026年公共租赁住房分配（第一批）" in text  # and so is the housing matter with its name list
    test_masking_doors.assert_masked(text, "the bulk downloads")


# ---------------------------------------------------------------------------------------------
# Replaced whole
# ---------------------------------------------------------------------------------------------
def test_a_run_replaces_the_build_whole_and_a_failed_run_leaves_the_last_one_served(org, monkeypatch, _pinned_clock):
    published(org, title="第一条公开信息")
    write_bulk_downloads()
    first = bulk.current_build()
    before = {path.name: path.read_bytes() for path in first.iterdir()}
    assert "第一条公开信息" in unzipped("projects-disclosures.csv.gz").decode()

    published(org, title="第二条公开信息")

    def broken(directory, base):
        raise OSError("磁盘已满")

    monkeypatch.setattr(bulk, "_write_standards", broken)
    with pytest.raises(OSError):
        write_bulk_downloads()
    assert bulk.current_build() == first
    assert {path.name: path.read_bytes() for path in first.iterdir()} == before
    assert [path.name for path in first.parent.iterdir()] == [first.name]  # the failed run's directory is gone
    monkeypatch.undo()

    _pinned_clock.shift(datetime.timedelta(seconds=5))
    write_bulk_downloads()
    second = bulk.current_build()
    assert second != first and first.is_dir()  # kept a day for downloads under way
    assert "第二条公开信息" in unzipped("projects-disclosures.csv.gz").decode()
    assert not list(second.glob("*.partial")) and not list(second.parent.parent.glob("*.partial"))
    assert os.path.islink(bulk.bulk_dir() / "current")

    # The next night: the earlier build is deleted (by the file times, which the real clock wrote).
    old = first.stat().st_mtime - 2 * 86400
    os.utime(first, (old, old))
    write_bulk_downloads()
    assert not first.exists() and second.exists()


# ---------------------------------------------------------------------------------------------
# Listed and served
# ---------------------------------------------------------------------------------------------
def test_the_catalogue_lists_each_file_with_its_size_checksum_date_and_licence(org, client):
    published(org, title="公开信息")
    before = client.get("/data.json").json()
    assert not [d for dataset in before["dataset"] for d in dataset["distribution"] if "checksum" in d]

    write_bulk_downloads()
    manifest = bulk.current().manifest
    catalog = client.get("/data.json").json()
    listed = {}
    for dataset in catalog["dataset"]:
        for distribution in dataset["distribution"]:
            if "checksum" in distribution:
                listed[distribution["downloadURL"].rsplit("/", 1)[1]] = (dataset["identifier"], distribution)
    assert set(listed) == set(manifest["files"])
    for name, (identifier, distribution) in listed.items():
        entry = manifest["files"][name]
        assert identifier.endswith(f"dataset/{entry['dataset']}")
        assert distribution["mediaType"] == "application/gzip"
        assert distribution["byteSize"] == entry["bytes"]
        assert distribution["checksum"] == {"algorithm": "sha256", "checksumValue": entry["sha256"]}
        assert distribution["modified"] and distribution["license"] == "https://creativecommons.org/licenses/by/4.0/"
        response = client.get(urlsplit(distribution["downloadURL"]).path)
        assert response.status_code == 200 and response["Content-Type"] == "application/gzip"
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == entry["sha256"]
    formats = {(name.split(".", 1)[1], distribution["format"]) for name, (_, distribution) in listed.items()}
    assert {("csv.gz", "CSV"), ("jsonl.gz", "JSON Lines"), ("json.gz", "OCDS 1.1"), ("json.gz", "OC4IDS 0.9")} <= formats
    ocds = next(distribution for name, (_, distribution) in listed.items() if name.startswith("ocds-releases-package"))
    assert ocds["conformsTo"].startswith("https://standard.open-contracting.org/1.1/")
    assert "projects-disclosures.csv.gz" in client.get("/open-data/").content.decode()


@pytest.fixture
def served(org):
    published(org, title="公开信息")
    write_bulk_downloads()
    name = "projects-disclosures.csv.gz"
    path = bulk.current_build() / name
    return f"/open-data/bulk/{name}", path.read_bytes(), bulk.current().entry(name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_file_has_its_sha256_as_etag_and_its_build_time_as_last_modified(client, served):
    url, data, entry = served
    response = client.get(url)
    assert response.status_code == 200 and body(response) == data
    assert response["ETag"] == f'"{entry["sha256"]}"' == f'"{hashlib.sha256(data).hexdigest()}"'
    modified = datetime.datetime.fromisoformat(entry["modified"])
    assert response["Last-Modified"] == http_date(int(modified.timestamp()))
    assert response["Accept-Ranges"] == "bytes" and response["Content-Length"] == str(len(data))
    assert "attachment" in response["Content-Disposition"]

    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304
    earlier = http_date(int(modified.timestamp()) - 60)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    not_modified = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert not_modified["ETag"] == response["ETag"] and not not_modified.content

    checksum = client.get(url + ".sha256")
    assert checksum.status_code == 200 and checksum["Content-Type"].startswith("text/plain")
    assert body(checksum).decode() == f"{entry['sha256']}  projects-disclosures.csv.gz\n"
    assert client.head(url).status_code == 200
    for unknown in ("nope.csv.gz", "manifest.json", "..", "projects-disclosures.csv.gz.partial"):
        assert client.get(f"/open-data/bulk/{unknown}").status_code == 404, unknown


def test_a_single_byte_range_is_answered_206_and_one_outside_the_file_416(client, served):
    url, data, entry = served
    size = len(data)
    for header, first, last in [("bytes=0-9", 0, 9), ("bytes=10-", 10, size - 1), ("bytes=-5", size - 5, size - 1),
                                (f"bytes=5-{size + 100}", 5, size - 1), ("bytes=-99999999", 0, size - 1)]:
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 206, header
        assert response["Content-Range"] == f"bytes {first}-{last}/{size}", header
        assert response["Content-Length"] == str(last - first + 1)
        assert body(response) == data[first:last + 1], header
        assert response["ETag"] == f'"{entry["sha256"]}"'
    for header in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}", "bytes=-0"):
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 416, header
        assert response["Content-Range"] == f"bytes */{size}"
    for header in ("bytes=0-1,5-9", "bytes=9-0", "items=0-9", "bytes=-"):  # not one satisfiable byte range: all of it
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 200 and body(response) == data, header
    # If-Range: the part only if the reader's copy is this file, otherwise the whole new file.
    part = client.get(url, headers={"Range": "bytes=0-9", "If-Range": f'"{entry["sha256"]}"'})
    assert part.status_code == 206
    whole = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"an-earlier-build"'})
    assert whole.status_code == 200 and body(whole) == data


def test_nothing_is_served_before_the_first_run(client, db):
    assert bulk.current() is None
    assert client.get("/open-data/bulk/projects-disclosures.csv.gz").status_code == 404


def test_the_job_records_its_heartbeat(org):
    from core.models import JobHeartbeat

    published(org)
    write_bulk_downloads()
    beat = JobHeartbeat.objects.get(name="write_bulk_downloads")
    assert beat.last_result["rows"]["projects-disclosures.csv.gz"] == 1


def test_files_are_built_from_the_public_selectors_only(org):
    """The bulk tables are the public lists' export sources (no field list of their own)."""
    from disclosures.views import DISCLOSURE_COLUMNS

    table = next(table for table in bulk.tables() if table.key == "projects-disclosures")
    assert table.spec().columns is DISCLOSURE_COLUMNS
    assert Path(bulk.bulk_dir()).is_relative_to(Path(bulk.settings.MEDIA_ROOT))
