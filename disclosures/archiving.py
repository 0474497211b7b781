"""
归档与销毁 (issue 26, parts 4 and 5): archive packages for transfer to the 档案馆, their verification, and the one
documented way to destroy a published record.

Retention: each catalogue entry has a 保管期限 (catalogue.choices.Retention: 永久、定期30年、定期10年, after
《机关文件材料归档范围和文书档案保管期限规定》, 国家档案局令第8号, 2006); a record without an entry takes the
default, 定期30年. A record is past retention when the day it was last published or withdrawn, plus its period,
is today or earlier; 永久 never is.

A package is a folder readable without the portal: per record `records/<pk>/record.json` (every field of the
record, its corrections, versions, attachments, withdrawal duties, subject links and name list, and its audit
trail), `records/<pk>/index.html` (a page with no script that opens from disk) and the original attachment
files, read through Django's storage API; at the top an `index.html`, a `manifest.json` (every file with its
SHA-256 and size) and `manifest.sha256` (the same, in `sha256sum -c` format, manifest.json included).
The package holds the full record, personal data included (name lists are not masked): it goes to the
档案馆, never to the public.

销毁 (`destroy_record`): only for a record past retention whose package verifies and holds its attachments
with the checksums of the stored files; the office overseeing its department names the reason and the
approval number; one audit row (`disclosure.destroy`) is written, then the record is deleted inside
`core.preservation.destruction_authorised` — its audit trail stays.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from catalogue.choices import RETENTION_YEARS, Retention
from core import audit
from core.exceptions import WorkflowError
from core.models import AuditEntry
from core.preservation import destruction_authorised
from organizations.selectors import user_scope

from .choices import Status
from .details import details_rows
from .models import Attachment, Disclosure, DisclosureVersion, SearchChunk

FORMAT = "disclosure-portal-archive/1"
MANIFEST = "manifest.json"
CHECKSUMS = "manifest.sha256"
DEFAULT_RETENTION = Retention.YEARS_30
ARCHIVED_STATES = (Status.PUBLISHED, Status.WITHDRAWN)  # a merged correction travels with its original
CHUNK = 1024 * 1024


class ArchiveError(WorkflowError):
    """An archive or destruction step refused, with the reason in Chinese."""


# ---------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------
def retention_of(record: Disclosure) -> str:
    entry = record.catalogue_entry
    return entry.retention if entry is not None else DEFAULT_RETENTION


def closed_on(record: Disclosure) -> datetime.date | None:
    """The day the record was last published or withdrawn: its retention period runs from there."""
    stamps = [record.published_at, record.withdrawn_at]
    stamps += [c.published_at for c in record.corrections.all()]
    stamps = [s for s in stamps if s is not None]
    return timezone.localdate(max(stamps)) if stamps else None


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_ends_on(record: Disclosure) -> datetime.date | None:
    """The first day the record is past retention; None for 永久 or a record never published."""
    years = RETENTION_YEARS.get(retention_of(record))
    start = closed_on(record)
    if years is None or start is None:
        return None
    return _add_years(start, years)


def is_past_retention(record: Disclosure, today: datetime.date | None = None) -> bool:
    if record.status not in ARCHIVED_STATES:
        return False
    ends = retention_ends_on(record)
    return ends is not None and ends <= (today or timezone.localdate())


def due_records(today: datetime.date | None = None) -> list[Disclosure]:
    """Published or withdrawn records past retention, oldest first."""
    today = today or timezone.localdate()
    shortest = min(RETENTION_YEARS.values())
    cutoff = _add_years(today, -shortest)
    candidates = (
        Disclosure.objects.filter(status__in=ARCHIVED_STATES, published_at__date__lte=cutoff)
        .select_related("catalogue_entry")
        .prefetch_related("corrections")
        .order_by("published_at", "pk")
    )
    return [record for record in candidates if is_past_retention(record, today)]


# ---------------------------------------------------------------------------------------------
# Writing a package
# ---------------------------------------------------------------------------------------------
def _rows(objects) -> list[dict]:
    return serializers.serialize("python", list(objects))


def _hanging_rows(obj, skip=(Disclosure, DisclosureVersion, SearchChunk, Attachment)) -> list:
    """The rows a deletion of `obj` would cascade to (subject links, name lists and their entries, versions…),
    found from the models' own relations so a new one is archived without naming it here."""
    found = []
    for relation in obj._meta.related_objects:
        if relation.on_delete is not models.CASCADE or relation.related_model in skip:
            continue
        for row in relation.related_model._base_manager.filter(**{relation.field.name: obj}).order_by("pk"):
            found.append(row)
            found.extend(_hanging_rows(row, skip))
    return found


def _safe_name(name: str) -> str:
    name = re.sub(r'[\x00-\x1f/\\:*?"<>|]', "_", name).strip(" .") or "file"
    return name[:150]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _copy_attachment(attachment: Attachment, target: Path) -> str:
    """Copy the stored file through the storage API (local folder or S3), returning its SHA-256."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as source, target.open("wb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _record_folder(record: Disclosure, root: Path) -> dict:
    folder = root / "records" / str(record.pk)
    (folder / "attachments").mkdir(parents=True)
    corrections = list(record.corrections.order_by("pk"))
    members = [record, *corrections]
    attachments = []
    for attachment in Attachment.objects.filter(disclosure__in=members).order_by("disclosure_id", "pk"):
        relative = f"attachments/{attachment.pk}-{_safe_name(attachment.original_name)}"
        sha = _copy_attachment(attachment, folder / relative)
        attachments.append({
            "row": _rows([attachment])[0],
            "file": relative,
            "sha256": sha,
            "checksum_at_upload": attachment.checksum,
            "matches_upload": (sha == attachment.checksum) if attachment.checksum else None,
        })
    trail = AuditEntry.objects.filter(disclosure__in=members).select_related("content_type").order_by("at", "pk")
    data = {
        "format": FORMAT,
        "record": _rows([record])[0],
        "labels": {
            "status": record.get_status_display(),
            "domain": record.domain_label,
            "category": record.category_label,
            "department": str(record.department),
            "jurisdiction": str(record.jurisdiction),
            "catalogue_entry": str(record.catalogue_entry or ""),
            "retention": Retention(retention_of(record)).label,
            "retention_ends_on": retention_ends_on(record),
        },
        "corrections": _rows(corrections),
        "versions": _rows(record.versions.order_by("number")),
        "attachments": attachments,
        "retractions": _rows(record.retractions.order_by("pk")),
        "related": _rows(row for member in members for row in _hanging_rows(member)),
        "audit_trail": [
            {**row, "action_label": entry.action_label} for row, entry in zip(_rows(trail), trail, strict=True)
        ],
    }
    (folder / "record.json").write_text(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    page = render_to_string("disclosures/archive/record.html", {
        "record": record, "data": data, "versions": record.versions.order_by("number"), "trail": trail,
        "attachments": attachments, "details": details_rows(record),
    })
    (folder / "index.html").write_text(page, encoding="utf-8")
    return {"pk": record.pk, "index_no": record.index_no, "title": record.title, "folder": f"records/{record.pk}"}


def _write_manifest(root: Path, records: list[dict], created_at) -> str:
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative in (MANIFEST, CHECKSUMS):
            continue
        files.append({"path": relative, "sha256": _sha256_file(path), "size": path.stat().st_size})
    manifest = {"format": FORMAT, "created_at": created_at, "records": records, "files": files}
    (root / MANIFEST).write_text(
        json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    lines = [f"{f['sha256']}  {f['path']}" for f in files] + [f"{_sha256_file(root / MANIFEST)}  {MANIFEST}"]
    (root / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _sha256_file(root / CHECKSUMS)


def write_package(records, out_dir, *, actor=None) -> Path:
    """One package (a folder under `out_dir`) for the records; an audit row `disclosure.archive` for each."""
    records = list(records)
    if not records:
        raise ArchiveError("没有需要归档的记录。")
    refused = [r for r in records if r.status not in ARCHIVED_STATES]
    if refused:
        raise ArchiveError(f"只归档已发布或已撤回的记录：“{refused[0]}”状态为{refused[0].get_status_display()}。")
    created_at = timezone.now()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"archive-{timezone.localtime(created_at):%Y%m%dT%H%M%S}"
    root, n = out / stem, 1
    while root.exists():
        n += 1
        root = out / f"{stem}-{n}"
    root.mkdir()
    listed = [_record_folder(record, root) for record in records]
    index = render_to_string("disclosures/archive/index.html", {"records": listed, "created_at": created_at})
    (root / "index.html").write_text(index, encoding="utf-8")
    checksum = _write_manifest(root, listed, created_at)
    audit.record_many(
        audit.entry(
            record, action="disclosure.archive", actor=actor, from_status=record.status, to_status=record.status,
            data={"package": root.name, "manifest_sha256": checksum},
        )
        for record in records
    )
    return root


# ---------------------------------------------------------------------------------------------
# Verifying a package
# ---------------------------------------------------------------------------------------------
def verify_package(package) -> list[str]:
    """What is wrong with the package (empty when every file matches its manifest)."""
    root = Path(package)
    checksums = root / CHECKSUMS
    if not checksums.is_file():
        return [f"缺少校验清单 {CHECKSUMS}。"]
    problems, listed = [], {}
    for number, line in enumerate(checksums.read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, relative = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest):
            problems.append(f"{CHECKSUMS} 第 {number} 行格式不对。")
            continue
        listed[relative] = digest
    for relative, digest in listed.items():
        path = root / relative
        if ".." in Path(relative).parts or not path.is_file():
            problems.append(f"缺少文件：{relative}")
        elif _sha256_file(path) != digest:
            problems.append(f"校验值不符（文件已被改动）：{relative}")
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative != CHECKSUMS and relative not in listed:
            problems.append(f"清单之外的文件：{relative}")
    if MANIFEST in listed and (root / MANIFEST).is_file():
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        in_manifest = {f["path"]: f["sha256"] for f in manifest.get("files", [])}
        if in_manifest != {k: v for k, v in listed.items() if k != MANIFEST}:
            problems.append(f"{MANIFEST} 与 {CHECKSUMS} 不一致。")
    else:
        problems.append(f"缺少 {MANIFEST}。")
    return problems


# ---------------------------------------------------------------------------------------------
# 销毁
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Destruction:
    pk: int
    index_no: str
    title: str
    attachments: int


def _stored_sha256(attachment: Attachment) -> str:
    digest = hashlib.sha256()
    with attachment.file.open("rb") as source:
        while block := source.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _check_package_holds(record: Disclosure, corrections: list[Disclosure], root: Path) -> str:
    """The package verifies and holds this record with every attachment as stored; returns its checksum."""
    problems = verify_package(root)
    if problems:
        raise ArchiveError("归档包校验不通过：" + "；".join(problems[:5]))
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    entry = next((r for r in manifest.get("records", []) if r.get("pk") == record.pk), None)
    if entry is None or entry.get("index_no") != record.index_no:
        raise ArchiveError(f"归档包中没有这条记录（编号 {record.pk}，索引号 {record.index_no}）。")
    data = json.loads((root / entry["folder"] / "record.json").read_text(encoding="utf-8"))
    archived = {a["row"]["pk"]: a for a in data.get("attachments", [])}
    for attachment in Attachment.objects.filter(disclosure__in=[record, *corrections]):
        kept = archived.get(attachment.pk)
        if kept is None or kept["sha256"] != _stored_sha256(attachment):
            raise ArchiveError(f"归档包中的附件“{attachment.original_name}”与存储的文件不一致，请重新归档。")
    if len(data.get("versions", [])) != record.versions.count():
        raise ArchiveError("归档包中的公开版本与记录不一致，请重新归档。")
    return _sha256_file(root / CHECKSUMS)


def destroy_record(*, pk: int, package, reason: str, approval_no: str, actor, today=None) -> Destruction:
    """销毁 one published record past retention, already archived in `package`. Refuses with ArchiveError."""
    reason, approval_no = (reason or "").strip(), (approval_no or "").strip()
    if not reason or not approval_no:
        raise ArchiveError("销毁须写明理由和销毁审批文号。")
    with transaction.atomic():
        record = Disclosure.objects.select_for_update(of=("self",)).select_related("catalogue_entry").filter(pk=pk).first()
        if record is None:
            raise ArchiveError(f"没有编号为 {pk} 的记录。")
        if not user_scope(actor).oversees(record.department_id):
            raise ArchiveError("只有负责该单位的政务公开办可以办理销毁。")
        if record.status not in ARCHIVED_STATES:
            raise ArchiveError(f"“{record}”状态为{record.get_status_display()}，不是可销毁的已公开记录。")
        if not is_past_retention(record, today):
            ends = retention_ends_on(record)
            until = f"，保管至 {ends:%Y-%m-%d}" if ends else ""
            raise ArchiveError(f"“{record}”保管期限（{Retention(retention_of(record)).label}）未满{until}，不能销毁。")
        corrections = list(record.corrections.order_by("pk"))
        checksum = _check_package_holds(record, corrections, Path(package))
        attachments = list(Attachment.objects.filter(disclosure__in=[record, *corrections]))
        audit.record(
            record, action="disclosure.destroy", actor=actor, from_status=record.status, to_status="",
            comment=reason,
            data={
                "approval_no": approval_no, "package": Path(package).name, "manifest_sha256": checksum,
                "index_no": record.index_no, "title": record.title,
                "attachments": [{"name": a.original_name, "sha256": a.checksum} for a in attachments],
            },
        )
        result = Destruction(pk=record.pk, index_no=record.index_no, title=record.title, attachments=len(attachments))
        with destruction_authorised([record.pk, *(c.pk for c in corrections)]):
            record.retractions.all().delete()
            for correction in reversed(corrections):
                correction.delete()
            record.delete()
        files = [(a.file.storage, a.file.name) for a in attachments if a.file.name]
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return result

