"""
Reading every part of an attachment for the personal-data guard, once per file.

Seed 001 §五 forbids publishing 身份证号、银行账号、个人电话… and 《政府信息公开条例》第十五条 protects
personal privacy. A number hidden in a part of a file that a reader opens (a comment, a header, the
document's properties, a form field, an embedded workbook…) is published as surely as one on page 1,
so the readers here read every part of the file, and say so when they could not:

- PDF: the text of every page, annotations (/Contents, /T, /Subj, rich text, popups, link URIs), form
  field values, document metadata (/Info and XMP), bookmarks and embedded files;
- DOCX / XLSX (and any OOXML package embedded in them): the main content structurally (paragraphs,
  table rows, content controls, text boxes, tracked deletions; sheet rows with each cell read after
  its column header, formulas), comments, headers and footers, foot/endnotes and properties by
  name, then a sweep of the text nodes and of the number-bearing attributes of every other XML part;
- OFD: the ofd:TextCode runs of each page, then the same sweep of every other XML part.

Fail closed: `read_file` returns a `ReadResult` whose `complete` is False, with the reasons in Chinese,
when any part could not be read: a part that does not parse, a PDF page whose text extraction failed
or that is only an image (a scan), an encrypted file, an embedded object of a kind that cannot be read
(OLE .bin, .doc, .xls), a package that is too large when unpacked, and the kinds never read at all
(PNG/JPEG images, .doc, .xls: no OCR, and a legacy-format reader such as xlrd would give cell values but
not comments, headers or formula text, so it could not vouch for the whole file). An incomplete read blocks the record like a finding does, until the
file is replaced or the office (政务公开办) confirms that exact file with a reason (`unreadable_key`).

The readers: reader.py (what a file is, by its content; labels; the unpacked budget), pdf.py,
packages.py (OOXML and OFD zips, embedded files, the sweep of XML parts), word.py and workbook.py.

Each attachment is read when it is uploaded (`scan_attachment`, called by `services.attachment_add`)
and the masked findings are stored on its row; `attachment_findings` reads the stored results and
re-reads only rows scanned by an older `SCAN_VERSION`. Stored findings never hold the number itself.
"""

import hashlib
import logging

from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..choices import AttachmentScanStatus
from ..pii import UNREADABLE, Finding, mask_text, scan_text
from .reader import OverBudget, Reader, ReadResult

__all__ = [
    "SCAN_VERSION",
    "ReadResult",
    "attachment_findings",
    "read_file",
    "scan_attachment",
    "stored_findings",
]

logger = logging.getLogger(__name__)

# Bump when a reader changes: rows scanned by an older version are read again on their next check.
SCAN_VERSION = 1


def read_file(data: bytes) -> ReadResult:
    """Every part of a file's text as (where, text) segments; `complete` is False when any part was not read.

    The kind is decided by the content (the upload check vouched for it), never by the name."""
    reader = Reader()
    try:
        reader.read(data, "", 0)
    except OverBudget:
        reader.problem("解压后过大，疑似压缩炸弹，未读取完")
    except Exception:  # noqa: BLE001 - a reader that trips must not let the file through unread
        logger.warning("attachment scan: reader failed", exc_info=True)
        reader.problem("读取时出错，未读取完")
    return reader.result


def unreadable_key(checksum: str) -> str:
    """What an office override remembers for a file that could not be fully read: that exact file."""
    # The salt keeps its old module name (core.pii.Finding.key): stored override keys derive from it.
    return salted_hmac("disclosures.pii.override", f"{UNREADABLE}:{checksum}").hexdigest()[:32]


def unreadable_finding(shown: str, reason: str, checksum: str) -> Finding:
    return Finding(
        kind=UNREADABLE,
        start=-1,
        end=-1,
        masked="",
        excerpt=f"{reason}，无法确认不含个人信息",
        field=shown,
        stored_key=unreadable_key(checksum),
    )


def scan_attachment(attachment) -> None:
    """Read the attachment's file once and store the masked findings and the status on its row."""
    name = attachment.original_name or attachment.file.name
    shown = f"附件“{mask_text(name)}”"
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except Exception:  # noqa: BLE001 - missing from storage
        logger.warning("attachment scan: cannot open attachment %s", attachment.pk, exc_info=True)
        data = None
    if data is None:
        result, checksum = ReadResult(problems=["文件无法打开"]), f"missing:{attachment.token}"
    else:
        result, checksum = read_file(data), hashlib.sha256(data).hexdigest()
    findings = scan_text(name, field=f"{shown}文件名")
    for where, text in result.segments:
        findings += scan_text(text, field=f"{shown}{where}")
    if result.complete:
        status = AttachmentScanStatus.FOUND if findings else AttachmentScanStatus.CLEAN
    else:
        status = AttachmentScanStatus.UNREADABLE
        findings.append(unreadable_finding(shown, result.reason, checksum))
    attachment.checksum = "" if data is None else checksum
    attachment.scan_status = status
    attachment.scan_findings = [_stored(finding) for finding in findings]
    attachment.scan_note = result.reason
    attachment.scanned_at = timezone.now()
    attachment.scan_version = SCAN_VERSION
    type(attachment).objects.filter(pk=attachment.pk).update(
        checksum=attachment.checksum,
        scan_status=status,
        scan_findings=attachment.scan_findings,
        scan_note=attachment.scan_note,
        scanned_at=attachment.scanned_at,
        scan_version=SCAN_VERSION,
    )


def _stored(finding: Finding) -> dict:
    """A finding as stored on the row: masked, with its override key, never the number itself."""
    return {
        "field": finding.field,
        "kind": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "masked": finding.masked,
        "excerpt": finding.excerpt,
        "key": finding.key,
    }


def stored_findings(attachment) -> list[Finding]:
    return [
        Finding(
            kind=item["kind"],
            start=item["start"],
            end=item["end"],
            masked=item["masked"],
            excerpt=item["excerpt"],
            field=item["field"],
            stored_key=item["key"],
        )
        for item in attachment.scan_findings or []
    ]


def attachment_findings(record) -> list[Finding]:
    """The findings of a record's current attachments, from the stored scans (a stale or missing scan is
    redone first): numbers in any part of a file, and files that could not be fully read."""
    findings = []
    for attachment in record.attachments.filter(superseded=False):
        if attachment.scan_version != SCAN_VERSION or not attachment.scan_status:
            scan_attachment(attachment)
        findings += stored_findings(attachment)
    return findings
