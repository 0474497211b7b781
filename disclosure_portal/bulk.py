"""
Bulk downloads for harvesters (issue 24, part 3): every public dataset written once a night into gzip files
that a harvester downloads whole, instead of paging the API 9,000 times to read the archive once.

What is written is what the public doors show, through the same code:
- each domain's records, projects, resource matters, the blacklist and welfare programmes: the public list's
  export (`@exports.source`, disclosures/exports.py) with no filter — the same selector, FilterSet and
  columns, so only public rows, and no name list at all — as gzip CSV (the export's CSV: UTF-8 with BOM,
  Chinese headers) and gzip JSON Lines (one export `results` item a line);
- the OCDS 1.1 release package of every public procurement and 招标投标 matter, and the OC4IDS 0.9 project
  package of every public project: the API's builders (resources/ocds.py, projects/oc4ids.py) over the
  API's querysets, as the whole package (gzip JSON) and one release / project a line (gzip JSON Lines,
  the form OCDS calls "JSON Lines", https://standard.open-contracting.org/1.1/en/guidance/build/serialization/).
  The standards' CSV is a flattening of the JSON (Flatten Tool) that the portal does not make.

Each file has a `<file>.sha256` beside it (the `sha256sum` format). Rows are read in chunks
(`QuerySet.iterator`) and go through gzip as they come, the digest computed on the way: memory does not
grow with the number of rows (`make bench` measures it).

A run writes into a new directory `builds/<id>/` under PORTAL_BULK_DIR (default MEDIA_ROOT/bulk, shared by
the worker that writes and the web that serves), its `manifest.json` last, then points the symlink
`current` at it (a rename: atomic). A reader always sees one whole build, never half a file, and a run that
fails leaves the previous build served. Builds other than the current one are deleted a day later
(downloads under way keep their open file). Served by `disclosure_portal.views.bulk_file` at
`/open-data/bulk/<name>` with ETag (the sha256), Last-Modified and single byte ranges; listed in `/data.json`.
"""

import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.domains import all_domains, get_domain
from disclosures import exports

CHUNK_SIZE = 2000
SUBJECT_CHUNK = 200  # OCDS matters / OC4IDS projects built per batch of queries
MANIFEST = "manifest.json"
CURRENT = "current"
KEEP_EARLIER = datetime.timedelta(days=1)
GZIP = "application/gzip"


def bulk_dir() -> Path:
    return Path(settings.PORTAL_BULK_DIR or Path(settings.MEDIA_ROOT) / "bulk")


# ---------------------------------------------------------------------------------------------
# Writing one file: gzip over a hashing, counting writer
# ---------------------------------------------------------------------------------------------
class _Digesting(io.RawIOBase):
    """Writes through to `raw`, counting the bytes and hashing them (the compressed file's sha256)."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)


@dataclass
class Written:
    name: str
    size: int
    sha256: str
    rows: int
    modified: datetime.datetime


class _TextFile:
    """A gzip text file being written at `path` (`<name>.partial`, renamed into place when closed)."""

    def __init__(self, directory: Path, name: str):
        self.directory, self.name = directory, name
        self.partial = directory / f"{name}.partial"
        self._raw = open(self.partial, "wb")  # noqa: SIM115 - closed in close()
        self._digest = _Digesting(self._raw)
        # mtime=0: the same data gives the same bytes, so an unchanged dataset keeps its sha256 (its ETag).
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self._digest, mtime=0, compresslevel=6)
        self.text = io.TextIOWrapper(self._gzip, encoding="utf-8", newline="", write_through=False)
        self.rows = 0

    def close(self) -> Written:
        self.text.close()  # closes the GzipFile, which writes its trailer (not the file it writes into)
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.replace(self.partial, self.directory / self.name)
        written = Written(self.name, self._digest.size, self._digest.sha256.hexdigest(), self.rows, timezone.now())
        sidecar = self.directory / f"{self.name}.sha256"
        sidecar.write_text(f"{written.sha256}  {self.name}\n", encoding="ascii")
        return written

    def abandon(self) -> None:
        self.text.close()
        self._raw.close()
        self.partial.unlink(missing_ok=True)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# What is written
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A public list written whole: its export source (the dotted path of an `@exports.source` function, found
    as the background export build finds it: a job never imports a view) with no filter, and the catalogue's
    dataset key."""

    key: str
    source: str
    kwargs: tuple = ()
    defer: tuple[str, ...] = ()  # large fields no column reads (a record's body): not fetched a million times

    def spec(self) -> exports.Source:
        function = import_string(self.source)
        if not getattr(function, exports.SOURCE_MARK, False):
            raise ValueError(f"{self.source} is not an export source")
        spec = function(QueryDict(), **dict(self.kwargs))
        if not spec.filterset.is_valid():  # no filter cannot be invalid: a FilterSet that says so is a bug
            raise ValueError(f"{self.key}: {spec.filterset.errors}")
        return spec


def tables() -> list[Table]:
    """The public lists of the domains installed: each domain's records, then its subjects and registers."""
    found = [Table(f"{domain.code}-disclosures", "disclosures.views.column_export_source", (("domain", domain.code),),
                   defer=("body",))
             for domain in all_domains()]
    subjects = [
        ("projects", "projects", "projects.views.project_export_source"),
        ("resources", "resource-matters", "resources.views.matter_export_source"),
        ("resources", "blacklist", "resources.views.blacklist_export_source"),
        ("welfare", "welfare-programmes", "welfare.views.programme_export_source"),
    ]
    found += [Table(key, source) for domain, key, source in subjects if get_domain(domain) is not None]
    return found


@dataclass(frozen=True)
class FileInfo:
    """How the catalogue describes a kind of file."""

    format: str  # DCAT-US `format` ("OCDS 1.1", "OC4IDS 0.9": open_data.BULK_STANDARDS names their schemas)
    title: str


CSV = FileInfo("CSV", "批量下载 CSV（gzip 压缩）")
JSON_LINES = FileInfo("JSON Lines", "批量下载 JSON Lines（gzip 压缩，每行一条）")


def _write_table(directory: Path, table: Table, base: str) -> list[tuple[Written, FileInfo]]:
    """The list as CSV and JSON Lines, both written in one pass over the rows."""
    spec = table.spec()
    columns = spec.columns
    csv_file = _TextFile(directory, f"{table.key}.csv.gz")
    lines = _TextFile(directory, f"{table.key}.jsonl.gz")
    try:
        writer = csv.writer(csv_file.text)
        csv_file.text.write("\ufeff")
        writer.writerow(exports.csv_header(columns))
        rows = 0
        queryset = spec.filterset.qs.defer(*table.defer) if table.defer else spec.filterset.qs
        for row in queryset.iterator(chunk_size=CHUNK_SIZE):
            values = exports.row_values(row, columns, base)
            writer.writerow(exports.csv_cells(values))
            lines.text.write(_json(exports.json_item(row, columns, base, values)) + "\n")
            rows += 1
        csv_file.rows = lines.rows = rows
    except BaseException:
        csv_file.abandon()
        lines.abandon()
        raise
    return [(csv_file.close(), CSV), (lines.close(), JSON_LINES)]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_package(
    directory: Path, *, stem: str, items: Iterator[dict], head: dict, list_key: str, date_key: str,
    info: FileInfo, base: str,
) -> list[tuple[Written, FileInfo]]:
    """A standard's package (`head` with `list_key` holding every item) as one gzip JSON document, and its
    items one a line. The package's `publishedDate` is its newest item's `date_key` (as the API's package:
    dated by its contents), written after the items, since only then is it known."""
    package = _TextFile(directory, f"{stem}-package.json.gz")
    lines = _TextFile(directory, f"{stem}.jsonl.gz")
    try:
        uri = base + reverse("bulk-file", args=[package.name])
        package.text.write(_json({"uri": uri, **head})[:-1] + f',"{list_key}":[')
        newest = None
        rows = 0
        for item in items:
            text = _json(item)
            package.text.write(("," if rows else "") + "\n" + text)
            lines.text.write(text + "\n")
            rows += 1
            moment = datetime.datetime.fromisoformat(item[date_key])
            newest = moment if newest is None or moment > newest else newest
        published = timezone.localtime(newest or timezone.now()).isoformat(timespec="seconds")
        package.text.write(f'\n],"publishedDate":{_json(published)}}}\n')
        package.rows = lines.rows = rows
    except BaseException:
        package.abandon()
        lines.abandon()
        raise
    line_info = FileInfo("JSON Lines", info.title.replace("（gzip 压缩）", "，JSON Lines 每行一条（gzip 压缩）"))
    return [(package.close(), info), (lines.close(), line_info)]


def _publisher() -> dict:
    return {"name": settings.PORTAL_PUBLISHER_NAME, "uri": settings.PORTAL_BASE_URL}


def _ocds_releases(base: str) -> Iterator[dict]:
    """Every public OCDS matter's releases, as the API's package has them (resources.api.views)."""
    # a domain app is read only when the site registers it (core.domains): a site may leave it out
    from resources.ocds import OCDS_AREAS, matter_releases, public_records_of, with_public_records
    from resources.selectors import public_matters

    matters = public_matters().filter(area__in=OCDS_AREAS).order_by("-created_at", "-pk")
    # Ids first (one column, streamed), then each batch with its records: three queries a batch.
    ids = matters.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    for batch in _batches(ids, SUBJECT_CHUNK):
        for matter in with_public_records(matters.filter(pk__in=batch)):
            yield from matter_releases(matter, public_records_of(matter), base_url=base)


def _oc4ids_projects() -> Iterator[dict]:
    """Every public project in OC4IDS, as the API's package has them (projects.api.views)."""
    # a domain app is read only when the site registers it (core.domains): a site may leave it out
    from projects.oc4ids import ocds_packages_by_project, project_to_oc4ids, public_records_by_project
    from projects.selectors import public_projects

    projects = public_projects().order_by("-created_at", "-pk")
    ids = projects.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    for batch in _batches(ids, SUBJECT_CHUNK):
        chunk = list(projects.filter(pk__in=batch))
        records = public_records_by_project(chunk)
        ocds = ocds_packages_by_project(chunk)
        for project in chunk:
            yield project_to_oc4ids(project, records.get(project.pk, []), ocds.get(project.pk, ()))


def _write_standards(directory: Path, base: str) -> list[tuple[Written, FileInfo, str]]:
    written = []
    if get_domain("resources") is not None:
        # a domain app is read only when the site registers it (core.domains): a site may leave it out
        from resources.ocds import OCDS_VERSION

        info = FileInfo("OCDS 1.1", "OCDS 1.1 发布包（gzip 压缩）")
        files = _write_package(directory, stem="ocds-releases", items=_ocds_releases(base), list_key="releases",
                               head={"version": OCDS_VERSION, "publisher": _publisher()}, date_key="date",
                               info=info, base=base)
        written += [(*file, "resource-matters") for file in files]
    if get_domain("projects") is not None:
        # a domain app is read only when the site registers it (core.domains): a site may leave it out
        from projects.oc4ids import OC4IDS_VERSION

        info = FileInfo("OC4IDS 0.9", "OC4IDS 0.9 项目包（gzip 压缩）")
        files = _write_package(directory, stem="oc4ids-projects", items=_oc4ids_projects(), list_key="projects",
                               head={"version": OC4IDS_VERSION, "publisher": _publisher()}, date_key="updated",
                               info=info, base=base)
        written += [(*file, "projects") for file in files]
    return written


# ---------------------------------------------------------------------------------------------
# A run: a new build directory, switched in whole
# ---------------------------------------------------------------------------------------------
def _entry(written: Written, info: FileInfo, dataset: str) -> dict:
    return {
        "dataset": dataset,
        "format": info.format,
        "title": info.title,
        "media_type": GZIP,
        "bytes": written.size,
        "sha256": written.sha256,
        "rows": written.rows,
        "modified": written.modified.isoformat(),
    }


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_all(*, progress: Callable[[str, dict], None] | None = None) -> dict:
    """Write every public dataset into a new build and make it the current one; returns its manifest.
    Safe to run twice (even at once): each run writes its own directory and the last to finish is served.
    `progress(name, entry)` is told of each file as it is written (the benchmark times them)."""
    root = bulk_dir()
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    directory = builds / f"{started:%Y%m%dT%H%M%S}-{os.getpid()}-{secrets.token_hex(4)}"
    directory.mkdir()
    base = settings.PORTAL_BASE_URL.rstrip("/")
    try:
        files = {}

        def add(written: Written, info: FileInfo, dataset: str) -> None:
            files[written.name] = _entry(written, info, dataset)
            if progress is not None:
                progress(written.name, files[written.name])

        for table in tables():
            for written, info in _write_table(directory, table, base):
                add(written, info, table.key)
        for written, info, dataset in _write_standards(directory, base):
            add(written, info, dataset)
        manifest = {
            "started_at": started.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "license": settings.PORTAL_DATA_LICENSE_URL,
            "files": files,
        }
        _write_atomically(directory / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    link = root / f"{CURRENT}.{os.getpid()}.partial"
    link.unlink(missing_ok=True)
    link.symlink_to(Path("builds") / directory.name)
    os.replace(link, root / CURRENT)
    clean(keep=directory)
    return manifest


def clean(*, keep: Path | None = None) -> int:
    """Delete the builds that are neither current nor `keep` and were written more than KEEP_EARLIER before
    the newest one (a run under way is younger). Ages are read from the file times alone, one clock, never
    compared with the process's (which a test may move). Returns how many were deleted."""
    builds = bulk_dir() / "builds"
    if not builds.is_dir():
        return 0
    kept = {current_build(), keep.resolve() if keep else None}
    entries = list(os.scandir(builds))
    newest = max((entry.stat().st_mtime for entry in entries), default=0.0)
    deleted = 0
    for entry in entries:
        path = Path(entry.path).resolve()
        if path in kept or newest - entry.stat().st_mtime < KEEP_EARLIER.total_seconds():
            continue
        shutil.rmtree(path, ignore_errors=True)
        deleted += 1
    return deleted


# ---------------------------------------------------------------------------------------------
# Reading the current build (the download view and the catalogue)
# ---------------------------------------------------------------------------------------------
def current_build() -> Path | None:
    """The directory the `current` link points at (resolved once, so a reader stays in one build)."""
    link = bulk_dir() / CURRENT
    try:
        target = os.readlink(link)
    except (FileNotFoundError, OSError):
        return None
    return (link.parent / target).resolve()


@dataclass(frozen=True)
class Build:
    directory: Path
    manifest: dict

    def entry(self, name: str) -> dict | None:
        return self.manifest["files"].get(name)


def current() -> Build | None:
    """The current build and its manifest, or None before the first run."""
    directory = current_build()
    if directory is None:
        return None
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:  # deleted meanwhile: a newer build took its place
        directory = current_build()
        if directory is None:
            return None
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    return Build(directory, manifest)
