"""
Backups of the database and the attachments, their verification, retention and restore (issue 26, parts 1–2).

A backup is one directory `backup-<local time>` under PORTAL_BACKUP_DIR (default var/backups):

    database.dump        pg_dump --format=custom (PostgreSQL) — or database.sqlite3 (SQLite)
    media.tar            MEDIA_ROOT without the regenerable exports/ and bulk/ (MEDIA_EXCLUDED)
    manifest.json        time, code version, database facts, migrations, rows per table, the audit trail's
                         digest, every archived file with its size and sha256
    SHA256SUMS           the three files' sha256, in `sha256sum` format (`sha256sum -c SHA256SUMS` checks them)

It is written under a hidden `.partial` name and renamed when complete, so a listing never shows half a backup,
and a failed run leaves nothing behind. Retention (`backup_prune`) keeps the newest backup of each of the last
PORTAL_BACKUP_KEEP_DAILY days and of each of the last PORTAL_BACKUP_KEEP_WEEKLY ISO weeks, the rule of
`borg prune --keep-daily/--keep-weekly` (https://borgbackup.readthedocs.io/en/stable/usage/prune.html).

Why: a government portal's records are official documents (《政府信息公开条例》第十条 — the organ that
makes the information is responsible for publishing it, and 《中华人民共和国档案法》第十九条 requires 档案 to be
kept safe). The procedure and its measured times are in docs/operations.md (备份 / 恢复).
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from disclosures.services import job_heartbeat_record
from notifications.services import notify_users
from organizations.choices import Role
from organizations.models import Membership

from . import database
from .database import BackupError

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA_FILE = "media.tar"
# Regenerable from the database: built exports (core/export_files.py) and the nightly bulk downloads
# (disclosure_portal/bulk.py). Everything else under MEDIA_ROOT (attachments, 督办 screenshots) is archived.
MEDIA_EXCLUDED = ("exports", "bulk")
NAME = re.compile(r"^backup-(\d{8}T\d{6})(?:-\d+)?$")
HEARTBEAT = "backup"  # the task backups.tasks.backup records its run under its own name (compliance catch-up)
CHUNK = 1 << 20


def backup_dir() -> Path:
    return Path(settings.PORTAL_BACKUP_DIR)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def code_version() -> dict:
    """The code that made the backup: the package version and, in a git checkout, `git describe` and the commit."""
    version = {"package": metadata.version("disclosure-portal")}
    base = Path(settings.BASE_DIR)
    if (base / ".git").exists() and shutil.which("git"):
        for key, command in (("describe", ["describe", "--always", "--dirty"]), ("commit", ["rev-parse", "HEAD"])):
            done = subprocess.run(["git", "-C", str(base), *command], capture_output=True, text=True)
            if done.returncode == 0:
                version[key] = done.stdout.strip()
    return version


# ---------------------------------------------------------------------------------------------
# Attachments: MEDIA_ROOT as a tar, every file's sha256
# ---------------------------------------------------------------------------------------------
class _Hashing:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _excluded_dirs(media_root: Path) -> set[Path]:
    excluded = {media_root / name for name in MEDIA_EXCLUDED}
    for configured in (settings.PORTAL_EXPORT_DIR, settings.PORTAL_BULK_DIR, settings.PORTAL_BACKUP_DIR):
        if configured:
            excluded.add(Path(configured).resolve())
    return {path.resolve() for path in excluded}


def media_files(media_root: Path) -> list[Path]:
    """The regular files under `media_root` that a backup archives (relative paths, sorted)."""
    if not media_root.is_dir():
        return []
    excluded = _excluded_dirs(media_root)
    found = []
    for directory, subdirectories, files in os.walk(media_root):
        here = Path(directory)
        subdirectories[:] = sorted(name for name in subdirectories if (here / name).resolve() not in excluded)
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink() and not name.endswith(".partial"):
                found.append(path.relative_to(media_root))
    return found


def stores_in_media_root(storage) -> bool:
    """Whether `storage` keeps its files in the MEDIA_ROOT folder (the embedded default), rather than
    elsewhere, e.g. in S3-compatible object storage (PORTAL_STORAGE=s3, issue 26 part 3)."""
    return isinstance(storage, FileSystemStorage) and Path(storage.location).resolve() == Path(
        settings.MEDIA_ROOT
    ).resolve()


def storage_files(storage) -> list[str]:
    """Every file an object storage holds that a backup archives (names, sorted): the regenerable exports/
    and bulk/ at its top are left out, as under MEDIA_ROOT."""
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(f"{folder}/{name}".lstrip("/") for name in files if not name.endswith(".partial"))
        for name in folders:
            if folder or name not in MEDIA_EXCLUDED:
                walk(f"{folder}/{name}".lstrip("/"))

    walk("")
    return sorted(found)


def _archive_storage(storage, target: Path) -> dict[str, dict]:
    """The files of an object storage into the tar `target`, each read through the storage API (streamed,
    hashed as it is read): the same tar and manifest entries as for MEDIA_ROOT, so restoring is the same."""
    files = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        for name in storage_files(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            try:
                info.mtime = int(storage.get_modified_time(name).timestamp())
            except (NotImplementedError, AttributeError):
                info.mtime = 0
            with storage.open(name, "rb") as handle:
                reader = _Hashing(handle)
                archive.addfile(info, reader)
            files[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
    return files


def describe_storage(storage) -> str:
    """Where the attachments were read from, for the manifest: the folder, or the bucket and prefix."""
    if isinstance(storage, FileSystemStorage):
        return str(storage.location)
    bucket = getattr(storage, "bucket_name", "")
    location = getattr(storage, "location", "")
    return f"{storage.__class__.__name__}: {bucket}/{location}".rstrip("/")


def archive_media(media_root: Path, target: Path, storage=None) -> dict[str, dict]:
    """Write the media files into the tar `target`; returns {relative path: {"size", "sha256"}}.

    The attachments are read where the default storage keeps them: the MEDIA_ROOT folder, or — with
    PORTAL_STORAGE=s3 — the bucket, through the storage API (a backup that left them out would be silent)."""
    storage = default_storage if storage is None else storage
    if not stores_in_media_root(storage):
        return _archive_storage(storage, target)
    files = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        for relative in media_files(media_root):
            path = media_root / relative
            info = archive.gettarinfo(str(path), arcname=relative.as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(path, "rb") as handle:
                reader = _Hashing(handle)
                archive.addfile(info, reader)
            files[relative.as_posix()] = {"size": info.size, "sha256": reader.digest.hexdigest()}
    return files


def extract_media(archive_path: Path, media_root: Path) -> None:
    """Unpack into `media_root` with tarfile's `data` filter: no absolute paths, no `..`, no links out
    of the folder, no device files (https://docs.python.org/3.11/library/tarfile.html#tarfile-extraction-filter)."""
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r") as archive:
        archive.extractall(media_root, filter="data")


# ---------------------------------------------------------------------------------------------
# Making a backup
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict

    @property
    def name(self) -> str:
        return self.path.name


def _write_sums(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256_of(directory / name)}  {name}\n" for name in names]
    (directory / SUMS).write_text("".join(lines), encoding="utf-8")


def backup_create(*, directory: Path | None = None, using: str = "default") -> Backup:
    """Dump the database `using` and archive MEDIA_ROOT into a new backup under `directory`
    (PORTAL_BACKUP_DIR); returns it. Raises BackupError (the directory is then removed)."""
    root = Path(directory or backup_dir())
    root.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    base = f"backup-{timezone.localtime(started):%Y%m%dT%H%M%S}"
    partial = root / f".{base}.{os.getpid()}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        connection = connections[using]
        sqlite_connection = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            sqlite_connection = connection.connection
        dump_file, description, server = database.dump(
            connection.settings_dict, partial, sqlite_connection=sqlite_connection
        )
        media_root = Path(settings.MEDIA_ROOT)
        files = archive_media(media_root, partial / MEDIA_FILE)
        manifest = {
            "format": 1,
            "started_at": started.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "time_zone": settings.TIME_ZONE,
            "code_version": code_version(),
            "database": {
                **server,
                "name": connection.settings_dict["NAME"],
                "file": dump_file.name,
                "size": dump_file.stat().st_size,
                "sha256": sha256_of(dump_file),
            },
            "migrations": description.migrations,
            "tables": description.tables,
            "rows": sum(description.tables.values()),
            "audit": description.audit,
            "media": {
                "root": str(media_root),
                "storage": describe_storage(default_storage),
                "file": MEDIA_FILE,
                "size": (partial / MEDIA_FILE).stat().st_size,
                "sha256": sha256_of(partial / MEDIA_FILE),
                "excluded": list(MEDIA_EXCLUDED),
                "count": len(files),
                "bytes": sum(entry["size"] for entry in files.values()),
                "files": files,
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        _write_sums(partial, [dump_file.name, MEDIA_FILE, MANIFEST])
        final, number = root / base, 1
        while final.exists():  # two runs in one second
            number += 1
            final = root / f"{base}-{number}"
        os.rename(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(final, manifest)


# ---------------------------------------------------------------------------------------------
# Checking a backup
# ---------------------------------------------------------------------------------------------
def resolve(name_or_path: str | Path) -> Path:
    """A backup given by path, or by name under PORTAL_BACKUP_DIR."""
    path = Path(name_or_path)
    if not path.is_dir() and (backup_dir() / path).is_dir():
        path = backup_dir() / path
    if not (path / MANIFEST).is_file():
        raise BackupError(f"{name_or_path} 不是一个完整的备份（没有 {MANIFEST}）")
    return path


def load(path: Path) -> Backup:
    return Backup(path, json.loads((path / MANIFEST).read_text(encoding="utf-8")))


def backup_verify(path: Path, *, deep: bool = True) -> list[str]:
    """What is wrong with the backup at `path` (empty: nothing): each file against SHA256SUMS, the manifest's
    own records of the dump and the tar, and (deep) every archived file against the manifest's sha256."""
    problems = []
    sums = path / SUMS
    if not sums.is_file():
        return [f"缺少校验文件 {SUMS}"]
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, digest in listed.items():
        file = path / name
        if not file.is_file():
            problems.append(f"缺少文件 {name}")
        elif sha256_of(file) != digest:
            problems.append(f"{name} 的 SHA-256 与 {SUMS} 不符（文件已损坏或被改动）")
    if problems or MANIFEST not in listed:
        return problems or [f"{SUMS} 没有列出 {MANIFEST}"]
    manifest = load(path).manifest
    for part in ("database", "media"):
        entry = manifest[part]
        if entry["file"] not in listed or listed[entry["file"]] != entry["sha256"]:
            problems.append(f"清单中 {entry['file']} 的 SHA-256 与 {SUMS} 不符")
    if deep and not problems:
        expected = manifest["media"]["files"]
        seen = set()
        with tarfile.open(path / MEDIA_FILE, "r") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                seen.add(member.name)
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                if member.name not in expected:
                    problems.append(f"附件包中有清单未列出的文件 {member.name}")
                elif expected[member.name]["sha256"] != digest.hexdigest():
                    problems.append(f"附件 {member.name} 的 SHA-256 与清单不符")
        problems += [f"附件包中缺少 {name}" for name in sorted(set(expected) - seen)]
    return problems


# ---------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------
def backups(*, directory: Path | None = None) -> list[tuple[datetime.datetime, Path]]:
    """Complete backups under `directory`, newest first, with the local time in their name."""
    root = Path(directory or backup_dir())
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        match = NAME.match(path.name)
        if match and path.is_dir() and (path / SUMS).is_file():
            found.append((datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S"), path))
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def backups_to_keep(found: list[tuple[datetime.datetime, Path]], *, daily: int, weekly: int) -> set[Path]:
    """The newest backup of each of the `daily` newest days that have one, and of each of the `weekly`
    newest ISO weeks that have one (borg prune's --keep-daily / --keep-weekly). `found`: newest first."""
    keep: set[Path] = set()
    for count, period in ((daily, lambda at: at.date()), (weekly, lambda at: at.isocalendar()[:2])):
        periods = []
        for at, path in found:
            if len(periods) >= count:
                break
            if period(at) not in periods:
                periods.append(period(at))
                keep.add(path)
    return keep


def backup_prune(*, directory: Path | None = None, daily: int | None = None, weekly: int | None = None) -> list[Path]:
    """Delete the complete backups retention does not keep, and partial ones left by a killed run more than
    a day older than the newest backup; returns what was deleted. The newest backup is always kept."""
    root = Path(directory or backup_dir())
    daily = settings.PORTAL_BACKUP_KEEP_DAILY if daily is None else daily
    weekly = settings.PORTAL_BACKUP_KEEP_WEEKLY if weekly is None else weekly
    found = backups(directory=root)
    keep = backups_to_keep(found, daily=max(daily, 1), weekly=weekly)
    deleted = [path for _at, path in found if path not in keep]
    if found:
        newest = (found[0][1] / SUMS).stat().st_mtime
        deleted += [
            path for path in root.glob(".backup-*.partial")
            if newest - path.stat().st_mtime > datetime.timedelta(days=1).total_seconds()
        ]
    for path in deleted:
        shutil.rmtree(path, ignore_errors=True)
    return deleted


# ---------------------------------------------------------------------------------------------
# The nightly job: backup, prune, heartbeat; a failure is on the dashboard and in the office's inbox
# ---------------------------------------------------------------------------------------------
def backup_run() -> dict:
    """Make a backup, verify it, prune old ones and record the heartbeat `backup`. On failure the heartbeat
    records {"ok": False, "error": …} (the dashboard's job panel shows it in red), every 政务公开办 user is
    notified (once a day), and BackupError is raised. The catch-up does not retry a failed run: it is the
    office's to look at; `python manage.py backup` runs it again by hand."""
    try:
        backup = backup_create()
        problems = backup_verify(backup.path)
        if problems:
            raise BackupError("新备份校验失败：" + "；".join(problems))
        pruned = backup_prune()
    except Exception as error:
        message = str(error) if isinstance(error, BackupError) else f"{type(error).__name__}: {error}"
        job_heartbeat_record(name=HEARTBEAT, result={"ok": False, "error": message[:1000]})
        notify_backup_failed(message)
        if isinstance(error, BackupError):
            raise
        raise BackupError(message) from error
    result = {
        "ok": True,
        "backup": backup.name,
        "rows": backup.manifest["rows"],
        "database_bytes": backup.manifest["database"]["size"],
        "media_files": backup.manifest["media"]["count"],
        "media_bytes": backup.manifest["media"]["size"],
        "pruned": [path.name for path in pruned],
    }
    job_heartbeat_record(name=HEARTBEAT, result=result)
    return result


def notify_backup_failed(message: str) -> None:
    """Tell every 政务公开办 (office) user, in the inbox and by e-mail, once per day."""
    users = {
        membership.user_id: membership.user
        for membership in Membership.objects.filter(role=Role.OFFICE, user__is_active=True).select_related("user")
    }
    today = timezone.localdate()
    notify_users(
        users=users.values(),
        kind="backup_failed",
        title=f"{today:%Y-%m-%d} 的数据备份失败",
        body=f"定时备份没有完成：{message[:500]}\n请系统管理员排除故障后运行 python manage.py backup（见 docs/operations.md「备份」）。",
        url=reverse("compliance:dashboard"),
        dedupe_key=f"backup_failed:{today:%Y-%m-%d}",
    )


# ---------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------
def media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(media_root.iterdir())


def backup_restore(
    *, path: Path, settings_dict: dict, media_root: Path | None, force: bool = False, jobs: int = 1
) -> dict:
    """Restore the backup at `path` into the database of `settings_dict` (PostgreSQL: an existing database,
    created with `createdb`) and the folder `media_root` (None: the attachments are not restored).
    Refuses a backup that fails verification, and a database or folder that is not empty unless `force`.
    Every restored file's sha256 is checked against the manifest. Returns what was restored."""
    problems = backup_verify(path)
    if problems:
        raise BackupError("备份校验失败，未恢复：" + "；".join(problems))
    manifest = load(path).manifest
    if not force and not database.is_empty(settings_dict):
        raise BackupError(f"目标数据库 {settings_dict['NAME']} 不是空的：请换一个新建的空库，或加 --force 覆盖")
    if media_root is not None and not force and not media_is_empty(media_root):
        raise BackupError(f"目标附件目录 {media_root} 不是空的：请换一个新目录，或加 --force 覆盖")
    database.restore(path / manifest["database"]["file"], settings_dict, jobs=jobs, clean=force)
    restored = {"database": settings_dict["NAME"], "rows": manifest["rows"], "media_files": 0}
    if media_root is not None:
        extract_media(path / MEDIA_FILE, media_root)
        wrong = [
            name for name, entry in manifest["media"]["files"].items()
            if not (media_root / name).is_file() or sha256_of(media_root / name) != entry["sha256"]
        ]
        if wrong:
            raise BackupError(f"恢复后 {len(wrong)} 个附件的 SHA-256 与清单不符：" + "，".join(wrong[:5]))
        restored["media_files"] = len(manifest["media"]["files"])
    return restored
