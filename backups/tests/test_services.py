"""Backups (issue 26): the round trip on the test database, the manifest, verification, retention and a failed run."""

import datetime
import hashlib
import json
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from backups import database, restore_check, services, tasks
from backups.database import BackupError
from core.models import AuditEntry, JobHeartbeat
from disclosures import services as disclosure_services
from disclosures.models import Attachment, Disclosure
from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_bytes
from notifications.models import Notification
from tests import file_storage


@pytest.fixture
def backup_settings(settings, tmp_path):
    settings.PORTAL_BACKUP_DIR = tmp_path / "backups"
    return settings


def _attach(org, text: str) -> Attachment:
    record = draft(org.clerk, org.department, title=f"备份测试 {text}")
    upload = SimpleUploadedFile(f"{text}.pdf", pdf_bytes(text), "application/pdf")
    return disclosure_services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload)


@pytest.fixture
def scratch(tmp_path):
    """A database to restore into, dropped afterwards: PostgreSQL, a new database beside the test
    database; SQLite, a file."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restored"[:63]
    with database.pg_connect(source, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**source, "NAME": name}
    with database.pg_connect(source, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_row_attachment_and_audit_row(org, backup_settings, scratch, tmp_path):
    attachments = [_attach(org, "Approval"), _attach(org, "Budget")]
    (Path(backup_settings.MEDIA_ROOT) / "exports").mkdir(parents=True, exist_ok=True)
    (Path(backup_settings.MEDIA_ROOT) / "exports" / "built.csv").write_text("regenerable")

    backup = services.backup_create()
    manifest = backup.manifest

    assert sorted(path.name for path in backup.path.iterdir()) == [
        services.SUMS, database.DUMP_FILES[connection.vendor], services.MANIFEST, services.MEDIA_FILE
    ]
    assert services.backup_verify(backup.path) == []
    # The manifest: rows per table, migrations, the audit trail, every file with its sha256.
    assert manifest["tables"]["disclosures_disclosure"] == Disclosure.objects.count() == 2
    assert manifest["tables"]["disclosures_attachment"] == 2
    assert manifest["rows"] == sum(manifest["tables"].values())
    applied = MigrationRecorder(connection).applied_migrations()
    assert sum(len(names) for names in manifest["migrations"].values()) == len(applied)
    assert manifest["migrations"]["disclosures"] == sorted(
        name for app, name in applied if app == "disclosures"
    )
    assert manifest["audit"]["rows"] == AuditEntry.objects.count() > 0
    assert manifest["media"]["files"] == {
        attachment.file.name: {"size": attachment.size, "sha256": attachment.checksum} for attachment in attachments
    }
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["code_version"]["package"]
    assert "exports" in manifest["media"]["excluded"]

    restored_media = tmp_path / "restored-media"
    result = services.backup_restore(path=backup.path, settings_dict=scratch, media_root=restored_media)

    assert result["media_files"] == 2
    described = database.describe(scratch)
    assert described.tables == manifest["tables"]
    assert described.migrations == manifest["migrations"]
    assert described.audit == manifest["audit"]
    for attachment in attachments:
        assert services.sha256_of(restored_media / attachment.file.name) == attachment.checksum
    assert not (restored_media / "exports").exists()

    # A database or a folder that is not empty is refused, unless forced.
    with pytest.raises(BackupError, match="不是空的"):
        services.backup_restore(path=backup.path, settings_dict=scratch, media_root=None)
    services.backup_restore(path=backup.path, settings_dict=scratch, media_root=restored_media, force=True)
    assert database.describe(scratch).tables == manifest["tables"]


@pytest.mark.django_db(transaction=True)
def test_the_restore_check_passes_on_a_faithful_copy(org, backup_settings, monkeypatch):
    """The drill's own steps on the test database (the crawl of pages replaced: `make restore-check` runs it)."""
    _attach(org, "Approval")
    page = restore_check.Response(200, "x", Path("/nonexistent"))
    monkeypatch.setattr(restore_check, "_crawl", lambda directory, **kwargs: {("anonymous", "/"): page})
    report = restore_check.run(max_urls=1)
    assert report.ok, [(step.label, step.detail, step.problems) for step in report.steps]
    labels = [step.label for step in report.steps]
    assert len(labels) == 7 and "附件 attachments" in labels
    attachments = next(step for step in report.steps if step.label == "附件 attachments")
    assert attachments.detail.startswith("1 个文件")


@pytest.mark.django_db(transaction=True)
def test_verification_finds_a_tampered_file(org, backup_settings, tmp_path):
    attachment = _attach(org, "Approval")
    backup = services.backup_create()
    assert services.backup_verify(backup.path) == []
    dump = backup.path / backup.manifest["database"]["file"]

    # One byte of the dump changed.
    original = dump.read_bytes()
    dump.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    assert services.backup_verify(backup.path) == [f"{dump.name} 的 SHA-256 与 SHA256SUMS 不符（文件已损坏或被改动）"]
    with pytest.raises(BackupError, match="备份校验失败"):
        services.backup_restore(path=backup.path, settings_dict=connection.settings_dict, media_root=None)
    dump.write_bytes(original)
    assert services.backup_verify(backup.path) == []

    # An attachment replaced inside the tar, and SHA256SUMS rewritten to match: the manifest still knows.
    archive = backup.path / services.MEDIA_FILE
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(pdf_bytes("Forged"))
    with tarfile.open(archive, "w") as tar:
        tar.add(forged, arcname=attachment.file.name)
    sums = backup.path / services.SUMS
    lines = [
        f"{services.sha256_of(archive)}  {services.MEDIA_FILE}" if line.endswith(services.MEDIA_FILE) else line
        for line in sums.read_text().splitlines()
    ]
    sums.write_text("\n".join(lines) + "\n")
    assert services.backup_verify(backup.path) == [f"清单中 {services.MEDIA_FILE} 的 SHA-256 与 SHA256SUMS 不符"]

    # And with the manifest edited too, so every top-level checksum agrees: the file inside is still caught.
    manifest_path = backup.path / services.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["media"]["sha256"] = services.sha256_of(archive)
    manifest_path.write_text(json.dumps(manifest))
    sums.write_text("".join(
        f"{services.sha256_of(backup.path / name)}  {name}\n" for name in (dump.name, services.MEDIA_FILE, services.MANIFEST)
    ))
    assert services.backup_verify(backup.path) == [f"附件 {attachment.file.name} 的 SHA-256 与清单不符"]


def _fake_backup(root: Path, at: str) -> Path:
    path = root / f"backup-{at.replace('-', '').replace(':', '')}"
    path.mkdir(parents=True)
    (path / services.SUMS).write_text("")
    moment = datetime.datetime.fromisoformat(at).timestamp()
    os.utime(path / services.SUMS, (moment, moment))
    return path


def test_retention_keeps_the_newest_of_each_day_and_each_week(tmp_path):
    """Nightly backups at 02:30 from 2026-11-10 to 2026-12-07 and a manual one on 2026-12-07 at 14:00; keep
    7 daily and 4 weekly. 2026-12-07 is a Monday (ISO week 50); weeks 49, 48, 47 end on 12-06, 11-29, 11-22."""
    root = tmp_path / "backups"
    day = datetime.date(2026, 11, 10)
    while day <= datetime.date(2026, 12, 7):
        _fake_backup(root, f"{day.isoformat()}T02:30:00")
        day += datetime.timedelta(days=1)
    _fake_backup(root, "2026-12-07T14:00:00")
    (root / "notes").mkdir()  # not a backup: left alone
    stale = root / ".backup-20261201T023000.77.partial"  # a killed run's leftovers, days old
    stale.mkdir()
    os.utime(stale, (datetime.datetime(2026, 12, 1, 2, 31).timestamp(),) * 2)
    fresh = root / ".backup-20261207T150000.78.partial"  # a run under way
    fresh.mkdir()
    os.utime(fresh, (datetime.datetime(2026, 12, 7, 15, 0).timestamp(),) * 2)

    deleted = services.backup_prune(directory=root, daily=7, weekly=4)

    kept = sorted(path.name for path in root.iterdir())
    assert kept == [
        ".backup-20261207T150000.78.partial",
        "backup-20261122T023000",  # week 47
        "backup-20261129T023000",  # week 48
        "backup-20261201T023000",
        "backup-20261202T023000",
        "backup-20261203T023000",
        "backup-20261204T023000",
        "backup-20261205T023000",
        "backup-20261206T023000",  # daily, and week 49
        "backup-20261207T140000",  # the newest of 12-07 (and of week 50); 02:30 that day goes
        "notes",
    ]
    assert len(deleted) == 29 - 9 + 1
    assert services.backup_prune(directory=root, daily=7, weekly=4) == []


def _failing_pg_dump(directory: Path, message: str) -> None:
    directory.mkdir()
    script = directory / "pg_dump"
    script.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def _assert_failure_reported(org, error_text: str) -> None:
    beat = JobHeartbeat.objects.get(name=services.HEARTBEAT)
    assert beat.last_result["ok"] is False and error_text in beat.last_result["error"]
    notices = Notification.objects.filter(kind="backup_failed")
    assert [notice.user for notice in notices] == [org.office]
    assert error_text in notices[0].body
    # The dashboard's job panel shows the failed run in red, with its error.
    client = Client()
    client.force_login(org.office)
    page = client.get("/dashboard/").content.decode()
    assert 'data-job="backup"' in page and "上次运行失败" in page and error_text in page


@pytest.mark.postgres
def test_a_failing_pg_dump_records_a_failed_heartbeat_and_tells_the_office(org, backup_settings, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _failing_pg_dump(bin_dir, "pg_dump: error: could not write to file: No space left on device")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")

    with pytest.raises(BackupError, match="No space left on device"):
        tasks.backup()

    _assert_failure_reported(org, "No space left on device")
    assert not list(Path(backup_settings.PORTAL_BACKUP_DIR).iterdir())  # the partial backup is removed
    # A second failure the same day adds no second notice.
    with pytest.raises(BackupError):
        tasks.backup()
    assert Notification.objects.filter(kind="backup_failed").count() == 1


@pytest.mark.postgres
def test_a_missing_pg_dump_is_a_failed_backup(org, backup_settings, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(BackupError, match="找不到 pg_dump"):
        tasks.backup()
    _assert_failure_reported(org, "找不到 pg_dump")


def test_a_backup_folder_that_cannot_be_written_is_a_failed_backup(org, settings, tmp_path):
    settings.PORTAL_BACKUP_DIR = tmp_path / "a-file"
    settings.PORTAL_BACKUP_DIR.write_text("not a folder")
    with pytest.raises(BackupError, match="FileExistsError"):
        tasks.backup()
    _assert_failure_reported(org, "FileExistsError")


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_backs_up_prunes_and_records_its_heartbeat(org, backup_settings):
    _attach(org, "Approval")
    result = tasks.backup()
    assert result["ok"] is True and result["media_files"] == 1 and result["pruned"] == []
    assert (Path(backup_settings.PORTAL_BACKUP_DIR) / result["backup"] / services.SUMS).is_file()
    assert JobHeartbeat.objects.get(name=services.HEARTBEAT).last_result == result
    assert not Notification.objects.filter(kind="backup_failed").exists()


def test_responses_agree_byte_for_byte_but_for_csrf_tokens_and_xlsx_file_times(tmp_path):
    def response(name: str, body: bytes, status: int = 200) -> restore_check.Response:
        path = tmp_path / name
        path.write_bytes(body)
        return restore_check.Response(status, hashlib.sha256(body).hexdigest(), path)

    page = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="%s"></form><p>%s</p>'
    assert restore_check.compare_responses(response("a", page % (b"t1", b"x")), response("b", page % (b"t1", b"x"))) == "bytes"
    assert restore_check.compare_responses(response("a", page % (b"t1", b"x")), response("b", page % (b"t2", b"x"))) == "tokens"
    assert restore_check.compare_responses(response("a", page % (b"t1", b"x")), response("b", page % (b"t2", b"y"))) is None
    assert restore_check.compare_responses(response("a", b"x"), response("b", b"x", status=500)) is None
    assert restore_check.compare_responses(response("a", b"x"), None) is None

    def xlsx(name: str, when: tuple, text: bytes) -> restore_check.Response:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(zipfile.ZipInfo("docProps/core.xml", date_time=when), text)
        return response(name, path.read_bytes())

    first = xlsx("1.xlsx", (2026, 12, 7, 11, 17, 52), b"<same/>")
    assert restore_check.compare_responses(first, xlsx("2.xlsx", (2026, 12, 7, 11, 19, 24), b"<same/>")) == "zip"
    assert restore_check.compare_responses(first, xlsx("3.xlsx", (2026, 12, 7, 11, 19, 24), b"<other/>")) is None


@pytest.mark.django_db
def test_attachments_in_s3_are_backed_up_through_the_storage_and_restore_into_a_folder(org, backup_settings, settings, tmp_path):
    """With PORTAL_STORAGE=s3 the attachments live in the bucket, not under MEDIA_ROOT: the backup reads them
    through the storage API (moto's S3 server, tests/file_storage.py), and they come back byte for byte."""
    settings.STORAGES = {**settings.STORAGES, "default": file_storage.storage_settings(file_storage.endpoint())}
    attachments = [_attach(org, "Approval"), _attach(org, "Budget")]
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf")), "the files are in the bucket, not on disk"

    backup = services.backup_create()

    media = backup.manifest["media"]
    assert media["files"] == {
        attachment.file.name: {"size": attachment.size, "sha256": attachment.checksum} for attachment in attachments
    }
    assert media["storage"].startswith("SessionSharingS3Storage: ")
    assert services.backup_verify(backup.path) == []
    restored = tmp_path / "restored-media"
    services.extract_media(backup.path / services.MEDIA_FILE, restored)
    for attachment in attachments:
        assert services.sha256_of(restored / attachment.file.name) == attachment.checksum
