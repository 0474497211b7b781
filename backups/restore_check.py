"""
The restore drill (`python manage.py restore_check`, `make restore-check`; issue 26, part 2): a backup of the
current database and attachments is restored into a scratch database and a fresh folder, and the copy is
proved equal to the original:

1. every table's row count (the counts read in the dump's own snapshot, against the restored database);
2. the applied migrations;
3. every archived file's sha256 (read from the original while archiving, against the restored file), and
   every attachment row's upload-time checksum against its restored file;
4. the audit trail (全程留痕): its row count and a sha256 over every row's values in primary-key order;
5. a sample of public pages and API responses, byte for byte: `manage.py snapshot_public` crawls the portal
   as an anonymous reader (Django's test client, the page cache off, a private cache, the clock pinned) in
   a subprocess against the original, then in one against the restored copy, and every response's status
   and body sha256 must be the same — but for what differs between any two requests by design, counted
   apart: a form's CSRF token, and the file times inside an .xlsx zip (every member compared byte for byte).

The scratch database (PostgreSQL: `<name>_restorecheck`, created and dropped here; SQLite: a temporary file)
and the folders are removed afterwards unless `keep`.
"""

import importlib.util
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections
from django.utils import timezone
from psycopg import sql

from . import database, services


@dataclass
class Step:
    label: str
    ok: bool
    detail: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for `settings_dict` (PostgreSQL); given to a subprocess in its environment only."""
    credentials = quote(settings_dict.get("USER") or "", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def _scratch_postgresql(source: dict, *, create: bool) -> dict:
    name = f"{source['NAME']}_restorecheck"[:63]
    with database.pg_connect(source, dbname="postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {**source, "NAME": name}


def _attachment_rows(settings_dict: dict) -> list[tuple[str, str]]:
    query = "SELECT file, checksum FROM disclosures_attachment WHERE checksum <> '' ORDER BY id"
    if database.vendor_of(settings_dict) == "sqlite":
        connection = sqlite3.connect(settings_dict["NAME"])
        try:
            return list(connection.execute(query))
        finally:
            connection.close()
    with database.pg_connect(settings_dict) as connection:
        return list(connection.execute(query).fetchall())


def _crawl(directory: Path, *, env: dict[str, str], max_urls: int, at: str | None) -> dict:
    command = [
        sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "snapshot_public", str(directory),
        "--max-urls", str(max_urls), "--api-pages", "1",
    ]
    if at:
        command += ["--at", at]
    done = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        raise services.BackupError("页面快照失败：" + (done.stderr or done.stdout).strip()[-800:])
    index = json.loads((directory / "index.json").read_text(encoding="utf-8"))
    return {
        (entry["user"], entry["url"]): Response(entry["status"], entry["sha256"], directory / entry["file"])
        for entry in index["entries"]
    }


@dataclass(frozen=True)
class Response:
    status: int
    sha256: str
    body: Path


# What differs between two requests for the same page by design: the CSRF token of a form (a new one each
# time, Django's BREACH mitigation, https://docs.djangoproject.com/en/5.2/ref/csrf/) and a CSP nonce.
PER_REQUEST = (
    re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
    re.compile(rb'(nonce=")[^"]*(")'),
)


def _blank_tokens(body: bytes) -> bytes:
    for pattern in PER_REQUEST:
        body = pattern.sub(rb"\1\2", body)
    return body


def _zip_members(body: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile:
        return None


def compare_responses(original: Response | None, copy: Response | None) -> str | None:
    """How two responses agree: "bytes", "tokens" (equal once CSRF tokens and nonces are blanked), "zip"
    (an .xlsx whose every member is equal: the zip's own file times come from the real clock), or None."""
    if original is None or copy is None or original.status != copy.status:
        return None
    if original.sha256 == copy.sha256:
        return "bytes"
    first, second = original.body.read_bytes(), copy.body.read_bytes()
    if _blank_tokens(first) == _blank_tokens(second):
        return "tokens"
    members = _zip_members(first)
    if members is not None and members == _zip_members(second):
        return "zip"
    return None


def _crawl_env(settings_dict: dict, media_root: Path, exports: Path) -> dict[str, str]:
    env = dict(os.environ)
    if database.vendor_of(settings_dict) == "sqlite":
        env.update(DATABASE_URL="", SQLITE_PATH=str(settings_dict["NAME"]))
    else:
        env["DATABASE_URL"] = database_url(settings_dict)
    env.pop("DATABASE_REPLICA_URLS", None)
    # The bulk downloads are not in a backup (rebuilt each night): both crawls read the original's, so that
    # /data.json and the files it names compare; built exports go to a folder of each crawl's own.
    env.update(
        MEDIA_ROOT=str(media_root),
        PORTAL_EXPORT_DIR=str(exports),
        PORTAL_BULK_DIR=str(settings.PORTAL_BULK_DIR or Path(settings.MEDIA_ROOT) / "bulk"),
        PORTAL_PAGE_CACHE_SECONDS="0",
    )
    return env


def run(
    *, max_urls: int = 300, keep: bool = False, work_dir: Path | None = None, jobs: int = 1,
    progress: Callable[[str], None] = lambda line: None,
) -> Report:
    report = Report()
    source = connections["default"].settings_dict
    vendor = database.vendor_of(source)
    work = Path(tempfile.mkdtemp(prefix="restore-check-", dir=work_dir))
    target = None
    try:
        # 1. Backup
        started = time.monotonic()
        backup = services.backup_create(directory=work / "backups")
        manifest = backup.manifest
        problems = services.backup_verify(backup.path)
        report.steps.append(Step(
            "备份 backup", not problems,
            f"{backup.name}：数据库 {manifest['database']['size']:,} 字节，附件 {manifest['media']['count']:,} 个 "
            f"（{manifest['media']['size']:,} 字节），用时 {time.monotonic() - started:.1f} s",
            problems,
        ))
        progress(report.steps[-1].detail)

        # 2. Restore into a scratch database and a fresh folder
        started = time.monotonic()
        if vendor == "sqlite":
            target = {**source, "NAME": str(work / "restored.sqlite3")}
        else:
            target = _scratch_postgresql(source, create=True)
        media = work / "media"
        services.backup_restore(path=backup.path, settings_dict=target, media_root=media, jobs=jobs)
        report.steps.append(Step(
            "恢复 restore", True,
            f"→ {vendor} {target['NAME']}，附件目录 {media}，用时 {time.monotonic() - started:.1f} s",
        ))
        progress(report.steps[-1].detail)

        # 3. Row counts, migrations, audit trail
        restored = database.describe(target)
        before, after = manifest["tables"], restored.tables
        problems = [
            f"{table}：备份前 {before.get(table)} 行，恢复后 {after.get(table)} 行"
            for table in sorted(set(before) | set(after))
            if before.get(table) != after.get(table)
        ]
        report.steps.append(Step(
            "表行数 row counts", not problems,
            f"{len(before)} 张表，共 {sum(before.values()):,} 行" + ("，逐表一致" if not problems else ""),
            problems,
        ))
        same = manifest["migrations"] == restored.migrations
        report.steps.append(Step(
            "迁移 migrations", same,
            f"{sum(len(names) for names in restored.migrations.values())} 个已应用迁移，{len(restored.migrations)} 个应用"
            + ("，一致" if same else "，不一致"),
        ))
        same = manifest["audit"] == restored.audit
        report.steps.append(Step(
            "操作留痕 audit log", same,
            f"{restored.audit['rows']:,} 行，SHA-256 {restored.audit['sha256'][:16]}…"
            + ("，前后一致" if same else f"（备份前 {manifest['audit']['rows']:,} 行，{manifest['audit']['sha256'][:16]}…）"),
        ))

        # 4. Attachments
        files = manifest["media"]["files"]
        problems = [
            name for name, entry in files.items()
            if not (media / name).is_file() or services.sha256_of(media / name) != entry["sha256"]
        ]
        restored_files = {path.as_posix() for path in services.media_files(media)}
        problems += [f"多出的文件 {name}" for name in sorted(restored_files - set(files))]
        rows = _attachment_rows(target)
        for name, checksum in rows:
            path = media / name
            if not path.is_file():
                problems.append(f"附件记录的文件 {name} 不在恢复的目录中")
            elif services.sha256_of(path) != checksum:
                problems.append(f"附件 {name} 与上传时记录的 SHA-256 不符")
        report.steps.append(Step(
            "附件 attachments", not problems,
            f"{len(files):,} 个文件的 SHA-256 与原文件一致，{len(rows):,} 条附件记录的上传校验和一致"
            if not problems else f"{len(problems)} 处不一致",
            problems,
        ))

        # 5. Public pages and API responses, byte for byte
        at = None
        if importlib.util.find_spec("time_machine"):
            at = timezone.localtime().replace(second=0, microsecond=0).isoformat()
        started = time.monotonic()
        original = _crawl(work / "crawl-original", env=_crawl_env(source, Path(settings.MEDIA_ROOT), work / "exports-original"),
                          max_urls=max_urls, at=at)
        copy = _crawl(work / "crawl-restored", env=_crawl_env(target, media, work / "exports-restored"),
                      max_urls=max_urls, at=at)
        problems, agreement = [], {"bytes": 0, "tokens": 0, "zip": 0}
        for key in sorted(set(original) | set(copy)):
            how = compare_responses(original.get(key), copy.get(key))
            if how is None:
                before, after = original.get(key), copy.get(key)
                problems.append(
                    f"{key[1]}：原 {before.status if before else '无'} {before.sha256[:12] if before else ''}，"
                    f"恢复后 {after.status if after else '无'} {after.sha256[:12] if after else ''}"
                )
            else:
                agreement[how] += 1
        statuses: dict[int, int] = {}
        for response in original.values():
            statuses[response.status] = statuses.get(response.status, 0) + 1
        report.steps.append(Step(
            "公开页面与 API pages & API", not problems and bool(original),
            f"{len(original)} 个 URL（" + "，".join(f"{s}：{n}" for s, n in sorted(statuses.items())) + "），"
            + f"{agreement['bytes']} 个逐字节一致"
            + (f"，{agreement['tokens']} 个除每次请求新生成的 CSRF 令牌外一致" if agreement["tokens"] else "")
            + (f"，{agreement['zip']} 个 xlsx 内各文件逐字节一致（压缩包记录的文件时间取自真实时钟）" if agreement["zip"] else "")
            + (f"，{len(problems)} 个不同" if problems else "")
            + (f"，时钟固定于 {at}" if at else "，时钟未固定（未安装 time-machine）")
            + f"，用时 {time.monotonic() - started:.1f} s",
            problems,
        ))
    except services.BackupError as error:
        report.steps.append(Step("出错 error", False, str(error)))
    finally:
        if not keep:
            if target is not None and vendor == "postgresql":
                _scratch_postgresql(source, create=False)
            shutil.rmtree(work, ignore_errors=True)
        else:
            progress(f"保留：{work}" + (f"，数据库 {target['NAME']}" if target and vendor == "postgresql" else ""))
    return report
