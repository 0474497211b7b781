"""Attachment uploads (core.uploads): the type comes from the content, names are cleaned,
zip bombs and disguised files are refused, downloads cannot run in a browser, and only a published
record's current attachment is reachable — by its token, never by id, path or an old token."""

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core import uploads
from core.models import AuditEntry
from disclosures import services
from disclosures.choices import DisclosureMode
from disclosures.models import Attachment
from disclosures.tests.factories import draft, in_state
from disclosures.tests.files import pdf_bytes
from tests import file_storage

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Files built here, byte by byte
# ---------------------------------------------------------------------------------------------
PDF = pdf_bytes()  # a PDF that opens: the personal-data check blocks files it cannot read
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx(**extra: bytes) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p>关于项目的批复</w:p></w:body></w:document>".encode(),
            **extra,
        }
    )


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["项目", "金额"])
    book.active.append(["某某大道", 12680])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ofd() -> bytes:
    return zipped({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>", "Doc_0/Pages/Page_0/Content.xml": b"<ofd:Page/>"})


def ole(*streams: str) -> bytes:
    """A minimal OLE2 compound file (.doc/.xls/.ppt…) whose directory lists `streams`."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = uploads.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, end, 0, end, 0)  # FAT count, first directory…
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))  # the FAT is sector 0
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))  # sector 1 (the directory) ends its chain

    def entry(name: str, kind: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        record = bytearray(128)
        record[: len(encoded)] = encoded
        struct.pack_into("<HBB", record, 64, len(encoded), kind, 1)
        struct.pack_into("<III", record, 68, free, free, free)
        return bytes(record)

    entries = [entry("Root Entry", 5), *(entry(name, 2) for name in streams)]
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + fat + directory


def with_encrypted_flag(data: bytes) -> bytes:
    """A zip whose entries say they are encrypted (zipfile cannot write encrypted zips)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(patched)):
            flags = struct.unpack_from("<H", patched, match.start() + offset)[0]
            struct.pack_into("<H", patched, match.start() + offset, flags | 0x1)
    return bytes(patched)


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def named(name: str, content: bytes) -> ContentFile:
    """An upload whose name is passed as is (SimpleUploadedFile already drops a POSIX path)."""
    return ContentFile(content, name=name)


def refusal(uploaded) -> str:
    with pytest.raises(ValidationError) as exc:
        uploads.inspect_upload(uploaded)
    assert set(exc.value.message_dict) == {"file"}
    [message] = exc.value.message_dict["file"]
    assert message.startswith("附件")
    return message


# ---------------------------------------------------------------------------------------------
# What is accepted, and what it is taken for
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("项目批复.pdf", PDF, "pdf", "application/pdf"),
        ("现场照片.png", png(), "png", "image/png"),
        ("现场照片.jpg", JPEG, "jpeg", "image/jpeg"),
        ("现场照片.JPEG", JPEG, "jpeg", "image/jpeg"),
        ("批复.docx", docx(), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("资金表.xlsx", xlsx(), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("电子公文.ofd", ofd(), "ofd", "application/ofd"),
        ("旧版批复.doc", ole("WordDocument", "1Table"), "doc", "application/msword"),
        ("旧版表格.xls", ole("Workbook"), "xls", "application/vnd.ms-excel"),
        ("Excel5 表格.xls", ole("Book"), "xls", "application/vnd.ms-excel"),
    ],
)
def test_valid_files_are_accepted_as_what_their_content_is(name, content, kind, content_type):
    info = uploads.inspect_upload(upload(name, content, content_type="text/html"))  # the browser's claim is ignored

    assert (info.kind, info.content_type) == (kind, content_type)
    assert info.safe_name == name[: name.rindex(".")] + name[name.rindex(".") :].lower()


def test_a_file_is_left_at_its_start_for_saving():
    uploaded = upload("批复.docx", docx())
    uploads.inspect_upload(uploaded)
    assert uploaded.tell() == 0


def test_service_stores_the_detected_type_and_the_clean_name(org):
    record = draft(org.clerk, org.department)
    content = docx()

    attachment = services.attachment_add(
        disclosure=record, actor=org.clerk, uploaded_file=upload("批复.docx", content, content_type="text/html")
    )

    attachment.refresh_from_db()
    assert attachment.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert attachment.original_name == "批复.docx"
    assert file_storage.read(attachment.file.name) == content
    assert AuditEntry.objects.filter(disclosure=record).last().data["type"] == "docx"


# ---------------------------------------------------------------------------------------------
# Names: the extension must be allowed and must agree with the content
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("批复.pdf.exe", PDF, ".exe 不允许"),
        ("批复.pdf.html", PDF, ".html 不允许"),
        ("批复.exe.", PDF, ".exe 不允许"),
        ("批复", PDF, "（无扩展名）"),
        ("批复.PDF.svg", b"<svg onload=alert(1)>", ".svg 不允许"),
        ("shell.php.jpg", b"<?php system($_GET['c']); ?>", "内容不是允许的文件类型"),
        ("照片.png", PDF, "实际是PDF 文件"),
        ("批复.pdf", png(), "实际是PNG 图片"),
        ("批复.pdf", JPEG, "实际是JPEG 图片"),
        ("照片.jpg", png(), "实际是PNG 图片"),
        ("批复.docx", xlsx(), "实际是Excel 表格"),
        ("资金表.xlsx", docx(), "实际是Word 文档"),
        ("电子公文.ofd", docx(), "实际是Word 文档"),
        ("批复.doc", ole("Workbook"), "实际是Excel 97-2003 表格"),
        ("批复.pdf", docx(), "实际是Word 文档"),
    ],
    ids=[
        "double-extension-exe",
        "double-extension-html",
        "trailing-dot",
        "no-extension",
        "svg-named-after-pdf",
        "php-named-jpg",
        "pdf-named-png",
        "png-named-pdf",
        "jpeg-named-pdf",
        "png-named-jpg",
        "xlsx-named-docx",
        "docx-named-xlsx",
        "docx-named-ofd",
        "xls-named-doc",
        "docx-named-pdf",
    ],
)
def test_extension_not_allowed_or_not_what_the_content_is(name, content, fragment):
    assert fragment in refusal(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("批复.pdf", b"<html><script>alert(1)</script></html>"),
        ("批复.pdf", b"  \n<!DOCTYPE html><body onload=alert(1)>"),
        ("批复.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00PE\x00\x00"),
        ("批复.pdf", b"\x7fELF\x02\x01\x01\x00"),
        ("批复.pdf", b"PDF-1.7 but no percent sign"),
        ("批复.pdf", b"\xef\xbb\xbf<script>%PDF-1.7</script>"),
        ("照片.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("照片.png", b"<svg><script>alert(1)</script></svg>"),
        ("照片.png", b"GIF89a<script>alert(1)</script>"),
        ("照片.jpg", b"\x89PNX\r\n\x1a\n"),
        ("批复.docx", zipped({"index.html": b"<script>alert(1)</script>"})),
        ("批复.docx", zipped({"word/document.xml": b"<w:document/>"})),  # no [Content_Types].xml
        ("资金表.xlsx", zipped({"[Content_Types].xml": CONTENT_TYPES, "word/a.xml": b"", "xl/b.xml": b""})),
        ("电子公文.ofd", zipped({"Doc_0/Document.xml": b"<ofd:Document/>"})),  # no OFD.xml
        ("批复.doc", ole("PowerPoint Document")),
        ("批复.doc", uploads.OLE_MAGIC + b"\0" * 100),
    ],
    ids=[
        "html-as-pdf",
        "html-with-leading-space-as-pdf",
        "exe-as-pdf",
        "elf-as-pdf",
        "almost-pdf",
        "bom-then-script-as-pdf",
        "svg-xml-as-png",
        "svg-as-png",
        "gif-polyglot-as-png",
        "broken-png-magic-as-jpg",
        "plain-zip-as-docx",
        "word-without-content-types",
        "both-word-and-excel",
        "zip-without-ofd-xml",
        "powerpoint-as-doc",
        "truncated-ole",
    ],
)
def test_content_that_is_no_allowed_document_is_refused(name, content):
    assert "内容不是允许的文件类型" in refusal(upload(name, content))


def test_an_extension_removed_from_the_settings_is_refused_even_with_matching_content(settings):
    settings.PORTAL_ATTACHMENT_EXTENSIONS = ["pdf"]
    assert ".png 不允许" in refusal(upload("照片.png", png()))
    assert uploads.inspect_upload(upload("批复.pdf", PDF)).kind == "pdf"


def test_empty_and_oversize_files_are_refused(settings):
    assert "空文件" in refusal(upload("批复.pdf", b""))
    settings.PORTAL_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    assert "超过大小上限" in refusal(upload("批复.pdf", PDF))
    settings.PORTAL_ATTACHMENT_MAX_BYTES = len(PDF)
    assert uploads.inspect_upload(upload("批复.pdf", PDF)).kind == "pdf"


# ---------------------------------------------------------------------------------------------
# Zips: bombs, traversal, encryption, macros, broken archives
# ---------------------------------------------------------------------------------------------
def test_a_member_that_inflates_more_than_a_hundredfold_is_a_zip_bomb():
    bomb = docx(**{"word/media/padding.xml": b"\0" * (3 * 1024 * 1024)})
    assert len(bomb) < 100_000

    assert "压缩比异常" in refusal(upload("批复.docx", bomb))


def test_members_adding_up_to_more_than_ten_times_the_limit_are_a_zip_bomb(settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 200 * 1024
    # Each member is under the ratio floor, so only the total gives it away: 20 × 900 KB > 10 × 200 KB.
    members = {f"xl/worksheets/sheet{n}.xml": b"<row/>" * (150 * 1024) for n in range(20)}
    bomb = zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>", **members})
    assert len(bomb) < settings.PORTAL_ATTACHMENT_MAX_BYTES

    assert "解压后超过 1.95 MB，疑似压缩炸弹" in refusal(upload("资金表.xlsx", bomb))


def test_an_xlsx_with_a_bomb_sheet_is_refused():
    buffer = io.BytesIO(xlsx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"<c/>" * (1024 * 1024))
    assert len(buffer.getvalue()) < 100_000

    assert "疑似压缩炸弹" in refusal(upload("资金表.xlsx", buffer.getvalue()))


def test_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 50)
    crowded = docx(**{f"word/media/image{n}.png": b"x" for n in range(60)})

    assert "包含的文件过多" in refusal(upload("批复.docx", crowded))


@pytest.mark.parametrize("member", ["../../../etc/cron.d/evil", "word/../../evil.xml", "/etc/passwd", "C:/Windows/evil.dll", "..\\..\\evil.bat"])
def test_members_with_paths_leaving_the_archive_are_refused(member):
    assert "非法路径" in refusal(upload("批复.docx", docx(**{member: b"x"})))


def test_encrypted_zips_and_encrypted_office_files_are_refused():
    assert "已加密" in refusal(upload("批复.docx", with_encrypted_flag(docx())))
    # A password-protected .docx/.xlsx is an OLE2 file holding an EncryptedPackage stream.
    assert "已加密" in refusal(upload("批复.docx", ole("EncryptionInfo", "EncryptedPackage")))


def test_macro_documents_are_refused():
    assert "含有宏" in refusal(upload("批复.docx", docx(**{"word/vbaProject.bin": b"\0macro"})))


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04" + b"\0" * 200, docx()[: len(docx()) // 2], b"PK\x03\x04garbage" + b"PK\x05\x06" + b"\0" * 18],
    ids=["header-only", "truncated", "forged-end-record"],
)
def test_broken_zips_are_refused(content):
    message = refusal(upload("批复.docx", content))
    assert "已损坏" in message or "内容不是允许的文件类型" in message


# ---------------------------------------------------------------------------------------------
# File names
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("../../etc/批复.pdf", "批复.pdf"),
        ("..\\..\\..\\Windows\\批复.pdf", "批复.pdf"),
        ("C:\\Users\\张三\\Desktop\\批复.pdf", "批复.pdf"),
        ("/var/www/html/批复.pdf", "批复.pdf"),
        ("\\\\server\\share\\批复.pdf", "批复.pdf"),
        ("..／..／批复.pdf", "_.._批复.pdf"),
        ("批复\u202efdp.pdf", "批复fdp.pdf"),
        ("批\u200b复\u0000.pdf", "批复.pdf"),
        ("批复\r\n.pdf", "批复.pdf"),
        ("  批复.pdf. . ", "批复.pdf"),
        ("..批复.pdf", "批复.pdf"),
        (".批复.pdf", "批复.pdf"),
        ('批<复>:"|?*.pdf', "批_复______.pdf"),
        ("批复.PDF", "批复.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("lpt1.pdf", "_lpt1.pdf"),
        ("关于某某大道（2024年）改造工程的批复.pdf", "关于某某大道（2024年）改造工程的批复.pdf"),
        ("", "附件"),
        ("../..", "附件"),
    ],
)
def test_names_lose_paths_controls_and_reserved_characters(given, cleaned):
    assert uploads.sanitize_filename(given) == cleaned


def test_long_names_are_cut_keeping_the_extension():
    name = uploads.sanitize_filename("很长的名字" * 100 + ".pdf")
    assert len(name) == uploads.MAX_NAME_LENGTH
    assert name.endswith("的.pdf") or name.endswith(".pdf")


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("../../etc/passwd", "（无扩展名）"),
        ("..\\..\\windows\\win.ini", ".ini 不允许"),
        ("批复\u202efdp.exe", ".exe 不允许"),  # shows as 批复exe.pdf in a right-to-left trick
        ("批复.pdf:Zone.Identifier", ".identifier 不允许"),
        ("批复.pdf::$DATA", "不允许"),
        ("批复.pdf%00.exe", ".exe 不允许"),
    ],
)
def test_traversal_and_unicode_tricks_that_hide_the_real_extension_are_refused(given, fragment):
    assert fragment in refusal(named(given, PDF))


def test_stored_file_is_named_by_its_token_inside_media_root(org, settings):
    record = draft(org.clerk, org.department)

    attachment = services.attachment_add(
        disclosure=record, actor=org.clerk, uploaded_file=named("..\\..\\..\\etc\\关于\u202e批复.pdf", PDF)
    )

    assert attachment.original_name == "关于批复.pdf"
    assert re.fullmatch(rf"attachments/\d{{4}}/\d{{2}}/{attachment.token}\.pdf", attachment.file.name)
    assert file_storage.stored_names() == [attachment.file.name]
    if not file_storage.given_endpoint():  # on disk (not S3, `make test-s3`): the file is inside MEDIA_ROOT
        assert Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_refused_upload_saves_nothing(org, settings):
    record = draft(org.clerk, org.department)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("批复.pdf", b"<html>"))

    assert not Attachment.objects.exists()
    assert AuditEntry.objects.count() == audit_count
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
    assert file_storage.stored_names() == []  # nor in S3 (`make test-s3`)


# ---------------------------------------------------------------------------------------------
# Every door: the admin inline and the API refuse the same way
# ---------------------------------------------------------------------------------------------
def test_admin_inline_refuses_a_disguised_file(client, org):
    from disclosures.tests.test_admin import form_data, inline_management

    record = draft(org.clerk, org.department)
    client.force_login(org.clerk)
    data = form_data(record)
    data.update(inline_management(total=1))
    data["attachments-0-upload"] = upload("批复.pdf", b"<html><script>alert(1)</script></html>")
    data["attachments-0-disclosure"] = str(record.pk)

    response = client.post(f"/admin/disclosures/disclosure/{record.pk}/change/", data)

    assert response.status_code == 200
    assert "内容不是允许的文件类型" in response.content.decode()
    assert not Attachment.objects.exists()


def test_api_refuses_a_zip_bomb_with_a_400(org):
    from rest_framework.test import APIClient

    record = draft(org.clerk, org.department)
    client = APIClient()
    client.force_authenticate(org.clerk)
    bomb = docx(**{"word/media/padding.xml": b"\0" * (3 * 1024 * 1024)})

    response = client.post(
        f"/api/v1/disclosures/{record.pk}/attachments/", {"file": upload("批复.docx", bomb)}, format="multipart"
    )

    assert response.status_code == 400
    assert "压缩比异常" in str(response.json())
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------
def published_with(org, name: str, content: bytes, *, office_confirms: bool = False, **fields):
    """`office_confirms`: the file cannot be read (an image), so the office looks at it and lets it through."""
    record = draft(org.clerk, org.department, **fields)
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload(name, content))
    if office_confirms:
        services.disclosure_pii_override(disclosure=record, actor=org.office, reason="照片已人工核对，不含个人信息")
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    services.disclosure_sign(disclosure=record, actor=org.signer)
    attachment.refresh_from_db()
    return attachment


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("关于项目的批复.pdf", PDF, "application/pdf"),
        ("现场照片.png", png(), "image/png"),
        ("资金表.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_download_is_an_attachment_of_its_detected_type_that_cannot_run(client, org, name, content, content_type):
    attachment = published_with(org, name, content, office_confirms=content_type.startswith("image/"))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert b"".join(response.streaming_content) == content


def test_a_stored_type_from_an_old_browser_claim_is_never_served(client, org):
    attachment = published_with(org, "批复.pdf", PDF)
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")

    response = client.get(attachment.get_absolute_url())

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_name_cannot_break_the_header(client, org):
    attachment = published_with(org, "批复.pdf", PDF)
    Attachment.objects.filter(pk=attachment.pk).update(original_name='a"; filename="evil.html\r\nX-Evil: 1.pdf')

    response = client.get(attachment.get_absolute_url())

    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert 'filename="evil.html' not in disposition
    assert not response.has_header("X-Evil")


# ---------------------------------------------------------------------------------------------
# Guessing URLs
# ---------------------------------------------------------------------------------------------
def attachment_of(org, status: str, **fields) -> Attachment:
    record = draft(org.clerk, org.department, **fields)
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("批复.pdf", PDF))
    if status != "draft":
        services.disclosure_submit(disclosure=record, actor=org.clerk)
    if status in {"reviewed", "published", "withdrawn"}:
        services.disclosure_review(disclosure=record, actor=org.reviewer)
    if status in {"published", "withdrawn"}:
        services.disclosure_sign(disclosure=record, actor=org.signer)
    if status == "withdrawn":
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="信息有误，撤回")
    return attachment


@pytest.mark.parametrize(
    ("status", "fields"),
    [
        ("draft", {}),
        ("submitted", {}),
        ("reviewed", {}),
        ("withdrawn", {}),
        ("published", {"disclosure_mode": DisclosureMode.NOT_DISCLOSED, "mode_reason": "涉及国家秘密"}),
        ("published", {"disclosure_mode": DisclosureMode.ON_REQUEST, "mode_reason": "涉及第三方合法权益"}),
    ],
    ids=["draft", "submitted", "reviewed", "withdrawn", "not-disclosed", "on-request"],
)
def test_attachment_of_a_record_the_public_may_not_read_is_404_by_token(client, org, status, fields):
    attachment = attachment_of(org, status, **fields)

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_approved_but_unpublished_attachment_is_404(client, org):
    record = in_state(org, "approved")
    attachment = Attachment.objects.create(
        disclosure=record, token="a" * 32, original_name="批复.pdf", file="attachments/2026/01/" + "a" * 32 + ".pdf"
    )

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_superseded_attachment_is_404_and_its_replacement_is_served(client, org):
    old = published_with(org, "旧附件.pdf", PDF)
    record = old.disclosure
    correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更换附件")
    new = services.attachment_add(disclosure=correction, actor=org.clerk, uploaded_file=upload("新附件.pdf", PDF))
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.superseded and not new.superseded and new.disclosure_id == record.pk

    assert client.get(old.get_absolute_url()).status_code == 404
    assert client.get(new.get_absolute_url()).status_code == 200


def test_correction_draft_attachment_is_404_until_published(client, org):
    old = published_with(org, "旧附件.pdf", PDF)
    correction = services.disclosure_start_correction(disclosure=old.disclosure, actor=org.clerk, change_note="更换附件")
    new = services.attachment_add(disclosure=correction, actor=org.clerk, uploaded_file=upload("新附件.pdf", PDF))

    assert client.get(new.get_absolute_url()).status_code == 404
    assert client.get(old.get_absolute_url()).status_code == 200


def test_ids_storage_paths_and_guessed_tokens_never_serve_a_file(client, org, settings):
    hidden = attachment_of(org, "draft")
    public = published_with(org, "公开附件.pdf", PDF)
    paths = [hidden.file.name, public.file.name]

    guesses = [f"/attachments/{a.pk}/" for a in (hidden, public)]
    guesses += [f"/attachments/{n}/" for n in range(0, 5)]
    guesses += [f"/attachments/{hidden.token.upper()}/", f"/attachments/{hidden.token[:-1]}/", "/attachments/" + "0" * 32 + "/"]
    for path in paths:
        guesses += [f"{settings.MEDIA_URL}{path}", f"/media/{path}", f"/static/{path}", f"/{path}", f"/attachments/{path}"]
        guesses += [f"{settings.STATIC_URL}../{path}", f"/attachments/..%2F..%2F{path}"]

    for url in guesses:
        response = client.get(url)
        assert response.status_code == 404, url
    # The published one is served only by its own token.
    assert client.get(public.get_absolute_url()).status_code == 200


def test_media_files_are_not_served_by_any_url_pattern_or_as_static(settings):
    from django.urls import Resolver404, resolve

    from disclosure_portal import settings as project_settings

    media_root = Path(project_settings.MEDIA_ROOT).resolve()
    static_dirs = [Path(project_settings.STATIC_ROOT), *map(Path, project_settings.STATICFILES_DIRS)]
    for static in static_dirs:
        static = static.resolve()
        assert not media_root.is_relative_to(static) and not static.is_relative_to(media_root)
    assert not getattr(project_settings, "WHITENOISE_ROOT", None)
    assert project_settings.MEDIA_URL != project_settings.STATIC_URL
    with pytest.raises(Resolver404):
        resolve(f"{project_settings.MEDIA_URL}attachments/2026/01/{'a' * 32}.pdf")
