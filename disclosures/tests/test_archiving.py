"""归档与销毁 (issue 26, parts 4 and 5): retention per catalogue entry, archive packages readable without the
portal (HTML, JSON, the original files, a manifest with checksums), their verification, and the one way to
destroy a published record: past retention, archived, by the office, with its audit row."""

import datetime
import hashlib
import io
import json
import shutil
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from catalogue.choices import Retention
from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures import archiving, services
from disclosures.details import details_rows
from disclosures.models import Attachment, Disclosure, DisclosureVersion
from disclosures.tests.factories import draft, published
from disclosures.tests.files import pdf_bytes, pdf_upload
from namelists import services as namelist_services
from namelists.models import NameList, NameListEntry
from tests.clock import TEST_NOW, TEST_TODAY

pytestmark = pytest.mark.django_db

PDF = pdf_bytes("Approval of the feasibility study")
ENTRIES = [{"name": "张三明", "id_number": "110101199003071234", "phone": "13812345678", "locality": "白水村"}]


def years_later(years: int, days: int = 0) -> datetime.date:
    return TEST_TODAY.replace(year=TEST_TODAY.year + years) + datetime.timedelta(days=days)


@pytest.fixture
def no_storage_paths(monkeypatch):
    """Attachments are read through the storage API (S3 has no path): `.path` fails the test."""

    def refuse(self):
        raise AssertionError("read attachments with field.open(), never .path")

    monkeypatch.setattr(FieldFile, "path", property(refuse))


@pytest.fixture
def record(org, no_storage_paths):
    """A published record with an attachment and a name list, then corrected once (a second version)."""
    original = draft(org.clerk, org.department, title="某公路项目可行性研究报告批复")
    services.attachment_add(disclosure=original, actor=org.clerk, uploaded_file=pdf_upload("批复.pdf", "Approval of the feasibility study"))
    namelist_services.name_list_save(actor=org.clerk, disclosure=original, entries=ENTRIES)
    for step, actor in ((services.disclosure_submit, org.clerk), (services.disclosure_review, org.reviewer),
                        (services.disclosure_sign, org.signer)):  # fmt: skip
        step(disclosure=original, actor=actor)
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正批复文号")
    for step, actor in ((services.disclosure_submit, org.clerk), (services.disclosure_review, org.reviewer),
                        (services.disclosure_sign, org.signer)):  # fmt: skip
        step(disclosure=correction, actor=actor)
    original.refresh_from_db()
    assert original.version == 2
    return original


def package_of(records, tmp_path, actor=None):
    return archiving.write_package(records, tmp_path / "out", actor=actor)


# ---------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------
def test_every_catalogue_entry_has_a_retention_thirty_years_by_default():
    assert CatalogueEntry.objects.exists()
    assert set(CatalogueEntry.objects.values_list("retention", flat=True)) == {Retention.YEARS_30}
    assert [label for _, label in Retention.choices] == ["永久", "定期30年", "定期10年"]


def test_past_retention_when_the_closing_date_plus_the_period_is_today(org):
    record = published(org, title="保管期限")
    entry = record.catalogue_entry
    assert archiving.retention_ends_on(record) == years_later(30)

    entry.retention = Retention.YEARS_10
    entry.save()
    record.refresh_from_db()
    assert archiving.retention_ends_on(record) == years_later(10)
    assert not archiving.is_past_retention(record, years_later(10, -1))
    assert archiving.is_past_retention(record, years_later(10))
    assert record in archiving.due_records(years_later(10))
    assert record not in archiving.due_records(years_later(10, -1))

    entry.retention = Retention.PERMANENT
    entry.save()
    record.refresh_from_db()
    assert archiving.retention_ends_on(record) is None
    assert not archiving.is_past_retention(record, years_later(200))
    assert record not in archiving.due_records(years_later(200))

    Disclosure.objects.filter(pk=record.pk).update(catalogue_entry=None)
    record.refresh_from_db()
    assert archiving.retention_ends_on(record) == years_later(30)  # no entry: the default, 定期30年


def test_a_withdrawal_restarts_the_period(org, _pinned_clock):
    record = published(org, title="撤回的信息")
    _pinned_clock.move_to(TEST_NOW + datetime.timedelta(days=100))
    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="信息有误，撤回")
    record.refresh_from_db()

    assert archiving.closed_on(record) == timezone.localdate()
    assert archiving.retention_ends_on(record) == archiving.closed_on(record).replace(year=archiving.closed_on(record).year + 30)


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------
def test_package_holds_record_versions_attachments_and_trail_readable_without_the_portal(org, record, tmp_path):
    package = package_of([record], tmp_path, actor=org.office)

    folder = package / "records" / str(record.pk)
    data = json.loads((folder / "record.json").read_text(encoding="utf-8"))
    assert data["record"]["pk"] == record.pk and data["record"]["fields"]["index_no"] == record.index_no
    assert [v["fields"]["number"] for v in data["versions"]] == [1, 2]
    assert len(data["corrections"]) == 1 and data["corrections"][0]["fields"]["status"] == "merged"
    assert {row["model"] for row in data["related"]} == {"namelists.namelist", "namelists.namelistentry"}
    entry = next(row for row in data["related"] if row["model"] == "namelists.namelistentry")
    assert entry["fields"]["id_number"] == "110101199003071234"  # for the 档案馆: the full record
    actions = [row["fields"]["action"] for row in data["audit_trail"]]
    assert "disclosure.publish" in actions and "disclosure.correct" in actions
    (attachment,) = data["attachments"]
    assert (folder / attachment["file"]).read_bytes() == PDF
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest() == attachment["checksum_at_upload"]

    page = (folder / "index.html").read_text(encoding="utf-8")
    assert record.title in page and "更正批复文号" in page and "<script" not in page.lower()
    assert f'href="{attachment["file"]}"' in page and "http" not in page.split("<body>")[1]
    rows = details_rows(record)
    assert rows and all(f"<th>{label}</th><td>{value}</td>" in page for label, value in rows)  # structured fields
    top = (package / "index.html").read_text(encoding="utf-8")
    assert f'href="records/{record.pk}/index.html"' in top and "不得向社会公开" in top

    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    assert listed == {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()} - {
        "manifest.json", "manifest.sha256"}
    assert manifest["records"] == [
        {"pk": record.pk, "index_no": record.index_no, "title": record.title, "folder": f"records/{record.pk}"}
    ]
    row = AuditEntry.objects.get(disclosure=record, action="disclosure.archive")
    assert row.actor == org.office and row.data["package"] == package.name


def test_the_checksum_list_is_sha256sum_format(record, tmp_path):
    package = package_of([record], tmp_path)
    assert shutil.which("sha256sum"), "coreutils' sha256sum is on every Debian machine"
    result = subprocess.run(["sha256sum", "--quiet", "-c", "manifest.sha256"], cwd=package, capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_published_or_withdrawn_records_are_archived(org, tmp_path):
    with pytest.raises(archiving.ArchiveError, match="只归档已发布或已撤回的记录"):
        package_of([draft(org.clerk, org.department)], tmp_path)


# ---------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------
def test_verify_accepts_an_intact_package_and_detects_a_tampered_file(record, tmp_path, capsys):
    package = package_of([record], tmp_path)
    assert archiving.verify_package(package) == []
    call_command("verify_archive", str(package))
    assert "归档包完整" in capsys.readouterr().out

    attachment = next((package / "records" / str(record.pk) / "attachments").iterdir())
    attachment.write_bytes(attachment.read_bytes() + b"%")

    problems = archiving.verify_package(package)
    assert problems == [f"校验值不符（文件已被改动）：{attachment.relative_to(package).as_posix()}"]
    with pytest.raises(CommandError, match="校验不通过"):
        call_command("verify_archive", str(package))


def test_verify_detects_missing_added_and_relisted_files(record, tmp_path):
    package = package_of([record], tmp_path)
    (package / "records" / str(record.pk) / "index.html").unlink()
    (package / "extra.txt").write_text("x")
    manifest = package / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"files"', '"files_"'), encoding="utf-8")

    problems = archiving.verify_package(package)

    assert f"缺少文件：records/{record.pk}/index.html" in problems
    assert "清单之外的文件：extra.txt" in problems
    assert "校验值不符（文件已被改动）：manifest.json" in problems


def test_archive_records_command_writes_the_due_records(org, record, tmp_path, _pinned_clock, capsys):
    _pinned_clock.move_to(TEST_NOW + datetime.timedelta(days=366 * 20))
    recent = published(org, title="二十年后发布")
    _pinned_clock.move_to(TEST_NOW + datetime.timedelta(days=366 * 30 + 1))
    out = tmp_path / "out"

    call_command("archive_records", "--due", "--out", str(out), "--by", org.office.username)

    (package,) = out.iterdir()
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert [r["pk"] for r in manifest["records"]] == [record.pk]
    assert recent.pk not in [r["pk"] for r in manifest["records"]]
    assert "已归档 1 条记录" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不是已发布或已撤回的记录"):
        call_command("archive_records", "--pk", "999999", "--out", str(out))


# ---------------------------------------------------------------------------------------------
# 销毁
# ---------------------------------------------------------------------------------------------
def trail_of(*pks) -> AuditEntry:
    """The audit rows of records by id: they outlive the records (the reverse relation needs the row)."""
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Disclosure), object_id__in=pks)


def destroy(record, package, actor, today, **overrides):
    values = {"reason": "保管期满，经鉴定无继续保存价值", "approval_no": "测档销〔2057〕1号"}
    values.update(overrides)
    return archiving.destroy_record(pk=record.pk, package=package, actor=actor, today=today, **values)


def test_destruction_refused_before_retention_ends_or_without_a_valid_package(org, record, tmp_path):
    package = package_of([record], tmp_path)
    other = package_of([published(org, title="别的记录")], tmp_path)
    due = years_later(30, 1)
    before = AuditEntry.objects.count()

    with pytest.raises(archiving.ArchiveError, match="保管期限（定期30年）未满，保管至"):
        destroy(record, package, org.office, years_later(30, -1))
    with pytest.raises(archiving.ArchiveError, match="只有负责该单位的政务公开办"):
        destroy(record, package, org.clerk, due)
    with pytest.raises(archiving.ArchiveError, match="理由和销毁审批文号"):
        destroy(record, package, org.office, due, approval_no=" ")
    with pytest.raises(archiving.ArchiveError, match="归档包中没有这条记录"):
        destroy(record, other, org.office, due)
    with pytest.raises(archiving.ArchiveError, match="缺少校验清单"):
        destroy(record, tmp_path / "nowhere", org.office, due)
    next((package / "records" / str(record.pk) / "attachments").iterdir()).write_bytes(b"changed")
    with pytest.raises(archiving.ArchiveError, match="归档包校验不通过"):
        destroy(record, package, org.office, due)

    assert Disclosure.objects.filter(pk=record.pk).exists()
    assert AuditEntry.objects.count() == before


def test_a_package_older_than_the_stored_attachments_is_refused(org, record, tmp_path):
    package = package_of([record], tmp_path)
    attachment = Attachment.objects.get(disclosure=record)
    attachment.file.save(attachment.file.name.rsplit("/", 1)[-1], io.BytesIO(b"other bytes"), save=False)
    Attachment.objects.filter(pk=attachment.pk).update(file=attachment.file.name)

    with pytest.raises(archiving.ArchiveError, match="与存储的文件不一致"):
        destroy(record, package, org.office, years_later(31))


def test_destruction_deletes_the_archived_record_and_keeps_its_trail(
    org, record, tmp_path, django_capture_on_commit_callbacks
):
    package = package_of([record], tmp_path)
    correction = record.corrections.get()
    attachment = Attachment.objects.get(disclosure=record)
    storage, name = attachment.file.storage, attachment.file.name
    trail = set(AuditEntry.objects.filter(disclosure__in=[record, correction]).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        done = destroy(record, package, org.office, years_later(30, 1))

    assert done.index_no == record.index_no and done.attachments == 1
    assert not Disclosure.objects.filter(pk__in=[record.pk, correction.pk]).exists()
    assert not DisclosureVersion.objects.filter(disclosure_id=record.pk).exists()
    assert not Attachment.objects.filter(pk=attachment.pk).exists() and not storage.exists(name)
    assert not NameList.objects.filter(disclosure_id=record.pk).exists() and not NameListEntry.objects.exists()
    kept = set(trail_of(record.pk, correction.pk).values_list("pk", flat=True))
    assert trail < kept
    row = trail_of(record.pk).get(action="disclosure.destroy")
    assert row.actor == org.office and row.comment == "保管期满，经鉴定无继续保存价值"
    assert row.data["approval_no"] == "测档销〔2057〕1号" and row.data["package"] == package.name
    assert row.data["manifest_sha256"] == hashlib.sha256((package / "manifest.sha256").read_bytes()).hexdigest()
    assert row.action_label == "保管期满销毁"
    assert archiving.verify_package(package) == []  # the package outlives the record


def test_destroy_record_command(org, tmp_path, _pinned_clock, capsys):
    record = published(org, title="命令销毁")
    package = package_of([record], tmp_path)
    args = [str(record.pk), "--package", str(package), "--reason", "保管期满", "--approval-no", "测档销〔2057〕2号",
            "--by", org.office.username]  # fmt: skip

    with pytest.raises(CommandError, match="未满"):
        call_command("destroy_record", *args)
    _pinned_clock.move_to(TEST_NOW + datetime.timedelta(days=366 * 30 + 1))
    call_command("destroy_record", *args)

    assert "已销毁" in capsys.readouterr().out
    assert not Disclosure.objects.filter(pk=record.pk).exists()
    assert trail_of(record.pk).filter(action="disclosure.destroy").count() == 1


def test_the_office_archives_from_the_admin(client, org, record, settings, tmp_path):
    settings.PORTAL_ARCHIVE_DIR = str(tmp_path / "archive")
    client.force_login(org.office)
    changelist = "/admin/disclosures/disclosure/"
    assert "archive_selected" in client.get(changelist).content.decode()

    client.post(changelist, {"action": "archive_selected", "_selected_action": [record.pk], "index": 0})

    (package,) = (tmp_path / "archive").iterdir()
    assert archiving.verify_package(package) == []
    client.force_login(org.clerk)
    assert "archive_selected" not in client.get(changelist).content.decode()
