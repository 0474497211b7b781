"""
Export files built in the background (issue 25): a large open-data export is written once by the
Celery worker into a private directory, then served as a file to everyone who asks for the same
filters — instead of every request reading 200,000 rows inside a web worker.

A file is named by what it holds: the export (its `@exports.source` function and arguments), the
format, the normalised filters, and the generation of public content (`public_generation`), which
every publication, correction, withdrawal or end of a 公示期 bumps, and the day (`current_version`).
After a withdrawal the same filters name another file, so a file that may hold the withdrawn record
is never served again (it is deleted a few minutes later). A file is served for
PORTAL_EXPORT_FILE_MAX_AGE at most.

Next to a file being built lies its marker `<file>.building`, created atomically (a hard link): the one
request that creates it enqueues the build; every other request for the same file is told to wait.
The worker writes `<file>.<pid>.partial` and renames it into place — nobody reads half a file — then
removes the marker. A marker older than PORTAL_EXPORT_BUILD_TIMEOUT is a build that died and is
taken over. Times are the files' modification times, which are set from the same clock as the
checks (`_stamp`).

The directory (PORTAL_EXPORT_DIR; default MEDIA_ROOT/exports, which the web and the worker already
share) is never served by the web server: files go out through the export views.
"""

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

from . import caching

BUILDING = ".building"
PARTIAL = ".partial"
# A file of an earlier generation is kept this long for downloads that had just begun.
EARLIER_GENERATION_GRACE = 300


def public_generation() -> str:
    """The current generation of public content (core.caching: kept in the database, bumped
    in the transaction of every change), as a file-name token."""
    return str(caching.public_generation())


def current_version() -> str:
    """What a file is valid for: the public generation, and the day — a list that depends on the date
    (the 黑名单 in force) changes at midnight, before the nightly job bumps the generation."""
    return f"{public_generation()}d{timezone.localdate():%Y%m%d}"


def export_dir() -> Path:
    return Path(settings.PORTAL_EXPORT_DIR or Path(settings.MEDIA_ROOT) / "exports")


@dataclass(frozen=True)
class ExportJob:
    """One export file: what the request asked for and what the worker builds (sent as JSON)."""

    source: str  # dotted path of an @exports.source function
    kwargs: dict  # its arguments besides the filters (the column's domain and category)
    fmt: str
    query: list  # the normalised filters: sorted [name, value] pairs
    generation: str
    title: str
    source_url: str
    base_url: str = ""  # the scheme and host the pages it links to are on (the reader's)

    @property
    def path(self) -> Path:
        what = [self.source, sorted(self.kwargs.items()), self.fmt, self.query, self.base_url]
        digest = hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:40]
        return export_dir() / f"g{self.generation}-{digest}.{self.fmt}"

    @property
    def marker(self) -> Path:
        path = self.path
        return path.with_name(path.name + BUILDING)

    def message(self) -> dict:
        return asdict(self)


def _age(path: Path) -> float:
    """Seconds since `path` was written; raises FileNotFoundError."""
    return time.time() - path.stat().st_mtime


def _stamp(path: Path) -> None:
    """Mark `path` as written now, by the clock `_age` reads."""
    now = time.time()
    os.utime(path, (now, now))


def _is_fresh(path: Path, max_age: float) -> bool:
    try:
        return _age(path) < max_age
    except FileNotFoundError:
        return False


def open_built(job: ExportJob) -> BinaryIO | None:
    """The job's file opened for reading, or None when it is not built (or too old to serve)."""
    try:
        handle = open(job.path, "rb")  # noqa: SIM115 - handed to FileResponse, which closes it
    except FileNotFoundError:
        return None
    if time.time() - os.fstat(handle.fileno()).st_mtime >= settings.PORTAL_EXPORT_FILE_MAX_AGE:
        handle.close()
        return None
    return handle


def built_at(handle: BinaryIO) -> float:
    return os.fstat(handle.fileno()).st_mtime


def building(job: ExportJob) -> bool:
    """Whether a build of the job's file is under way (its marker is there and not stale)."""
    return _is_fresh(job.marker, settings.PORTAL_EXPORT_BUILD_TIMEOUT)


def claim(job: ExportJob) -> bool:
    """Whether the caller is the one to have the job's file built: True for exactly one of any
    number of concurrent callers, until the build releases it."""
    marker = job.marker
    marker.parent.mkdir(parents=True, exist_ok=True)
    # The marker appears already dated: a hard link is created atomically, or fails if the name exists.
    draft = marker.with_name(f"{marker.name}.{os.getpid()}.{threading.get_ident()}{PARTIAL}")
    draft.touch(mode=0o600)
    _stamp(draft)
    try:
        for _ in range(2):
            try:
                os.link(draft, marker)
            except FileExistsError:
                if _is_fresh(marker, settings.PORTAL_EXPORT_BUILD_TIMEOUT):
                    return False
                marker.unlink(missing_ok=True)  # a build that died: take it over
                continue
            return True
        return False
    finally:
        draft.unlink(missing_ok=True)


def release(job: ExportJob) -> None:
    job.marker.unlink(missing_ok=True)


def build(job: ExportJob, write: Callable[[ExportJob, Path], bool]) -> Path | None:
    """Write the job's file (the worker) with `write(job, path)`, which returns False when the job's
    filters are no longer valid (disclosures.exports.write_job); safe to run twice. Releases the job's
    marker whatever happens, then deletes what is no longer served. None when nobody will ask for the
    file any more (the public content changed since the request) or its filters are no longer valid."""
    path = job.path
    try:
        if _is_fresh(path, settings.PORTAL_EXPORT_FILE_MAX_AGE):
            return path
        if current_version() != job.generation:
            return None
        partial = path.with_name(f"{path.name}.{os.getpid()}{PARTIAL}")
        try:
            if not write(job, partial):
                return None
            _stamp(partial)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    finally:
        release(job)
    clean(generation=job.generation)
    return path


def clean(*, generation: str | None = None) -> int:
    """Delete what is no longer served: files past PORTAL_EXPORT_FILE_MAX_AGE, files of another
    generation than `generation` (after a grace for downloads under way), and the markers and
    partial files of builds that died. Returns how many files were deleted."""
    directory = export_dir()
    if not directory.is_dir():
        return 0
    deleted = 0
    current = f"g{generation}-" if generation else None
    for entry in os.scandir(directory):
        path = Path(entry.path)
        try:
            age = _age(path)
        except FileNotFoundError:
            continue
        if path.name.endswith((BUILDING, PARTIAL)):
            stale = age > settings.PORTAL_EXPORT_BUILD_TIMEOUT
        else:
            stale = age > settings.PORTAL_EXPORT_FILE_MAX_AGE or (
                current is not None and not path.name.startswith(current) and age > EARLIER_GENERATION_GRACE
            )
        if stale:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
