"""
Attachment uploads: the one place that decides whether a file may be attached to a record.

The type is decided by the content, never by the name or the browser's content type: the first
bytes (PDF, PNG, JPEG), the members of a zip (.docx / .xlsx / .ofd) or the streams of an OLE2
compound file (.doc / .xls). The name's extension must then agree with what the content is, and
both must be on `PORTAL_ATTACHMENT_EXTENSIONS`. Zips are checked for bombs before anything trusts
them (unpacked size, compression ratio, member count, paths, encryption). The name a clerk gave is
kept for display and download, cleaned of directories, control and reserved characters.

Every refusal is a `{"file": [...]}` ValidationError naming the 附件, the way the admin inline,
the API and the service report a bad field.
"""

import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: frozenset[str]


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF 文件", "application/pdf", frozenset({"pdf"})),
        Kind("png", "PNG 图片", "image/png", frozenset({"png"})),
        Kind("jpeg", "JPEG 图片", "image/jpeg", frozenset({"jpg", "jpeg"})),
        Kind("doc", "Word 97-2003 文档", "application/msword", frozenset({"doc"})),
        Kind("xls", "Excel 97-2003 表格", "application/vnd.ms-excel", frozenset({"xls"})),
        Kind(
            "docx",
            "Word 文档",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({"docx"}),
        ),
        Kind(
            "xlsx",
            "Excel 表格",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            frozenset({"xlsx"}),
        ),
        Kind("ofd", "OFD 版式文件", "application/ofd", frozenset({"ofd"})),
    )
}
# What a download may be served as: the detected types, else a download of unknown bytes.
SERVABLE_CONTENT_TYPES = frozenset(kind.content_type for kind in KINDS.values())
FALLBACK_CONTENT_TYPE = "application/octet-stream"

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Zip bombs: a document unpacks to at most this many times the upload limit, no member deflates
# more than MAX_RATIO to one (members under RATIO_FLOOR are too small to matter), and an archive
# lists at most MAX_MEMBERS entries (a 1,000-page OFD has about 2,000).
UNPACKED_FACTOR = 10
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000

MAX_NAME_LENGTH = 120
FALLBACK_STEM = "附件"
# Characters Windows forbids in names, plus look-alike slashes that read like a path.
RESERVED_CHARACTERS = set('<>:"/\\|?*') | set("／＼∕⁄⧵﹨")
WINDOWS_DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class UploadInfo:
    kind: str  # what the content is: a key of KINDS
    extension: str  # the name's extension, lower-case ("jpg" for a JPEG named .JPG)
    content_type: str  # what the download is served as
    safe_name: str  # the name to store and show


def refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def size_text(size: int) -> str:
    """20 MB, 1.95 MB, 200 KB, 35 字节."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} 字节"


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------
def sanitize_filename(name: str) -> str:
    """The name a clerk gave, safe to store, show and send: no directories, control or reserved
    characters, no leading dots or trailing dots/spaces, Chinese kept, at most MAX_NAME_LENGTH
    characters with the extension kept (lower-case)."""
    name = unicodedata.normalize("NFC", name or "")
    # Both separators, whatever system the browser ran on: C:\x\y.pdf and ../../etc/passwd lose their path.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Control and format characters (NUL, newlines, RTL overrides, zero-width spaces) go; reserved ones become _.
    name = "".join(
        "_" if ch in RESERVED_CHARACTERS else ch for ch in name if ch.isprintable() or ch == " "
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.strip()[:16].lower()
    stem = stem.strip(" .")
    if WINDOWS_DEVICE_NAMES.match(stem):
        stem = f"_{stem}"
    suffix = f".{extension}" if extension else ""
    stem = stem[: max(MAX_NAME_LENGTH - len(suffix), 1)].rstrip(" .") or FALLBACK_STEM
    return f"{stem}{suffix}"


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def content_disposition(name: str, *, inline: bool = False) -> str:
    """A download under the clerk's name (RFC 6266/5987): an ASCII fallback, then the UTF-8 name. `inline`:
    shown in the browser (a PDF), still saved under that name."""
    safe = sanitize_filename(name)
    extension = extension_of(safe)
    fallback = safe if safe.isascii() else "attachment" + (f".{extension}" if extension.isascii() else "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


# The only type a browser is asked to show rather than save: its own PDF viewer opens it (issue 23, part 5).
INLINE_CONTENT_TYPES = frozenset({"application/pdf"})


def opens_inline(stored: str) -> bool:
    return served_content_type(stored) in INLINE_CONTENT_TYPES


def served_content_type(stored: str) -> str:
    """The type a download is sent as: a detected type, never what a browser once claimed."""
    return stored if stored in SERVABLE_CONTENT_TYPES else FALLBACK_CONTENT_TYPE


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------
def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _zip_entry_count(upload, size: int) -> int | None:
    """How many entries the zip's end record declares (read before zipfile parses the directory)."""
    tail_length = min(size, 22 + 65535)
    upload.seek(size - tail_length)
    tail = upload.read(tail_length)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) < position + 22:
        return None
    return struct.unpack_from("<H", tail, position + 10)[0]


def _unsafe_member_name(member: str) -> bool:
    path = member.replace("\\", "/")
    return path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/")


def _zip_kind(upload, size: int, shown: str) -> str | None:
    """The kind of a zip after checking it is not a bomb; None when it is no document we accept."""
    entries = _zip_entry_count(upload, size)
    if entries is None:
        raise refuse(f"附件“{shown}”已损坏，无法读取。")
    if entries > MAX_MEMBERS or entries == 0xFFFF:
        raise refuse(f"附件“{shown}”包含的文件过多，疑似压缩炸弹，不能上传。")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except Exception as exc:  # noqa: BLE001 - whatever zipfile trips on, the clerk sees one message
        raise refuse(f"附件“{shown}”已损坏，无法读取。") from exc
    if len(members) > MAX_MEMBERS:
        raise refuse(f"附件“{shown}”包含的文件过多，疑似压缩炸弹，不能上传。")
    unpacked_limit = UNPACKED_FACTOR * settings.PORTAL_ATTACHMENT_MAX_BYTES
    unpacked = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(f"附件“{shown}”已加密，请去除密码后再上传。")
        if _unsafe_member_name(member.filename):
            raise refuse(f"附件“{shown}”内含非法路径（{member.filename[:60]}），不能上传。")
        unpacked += member.file_size
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise refuse(f"附件“{shown}”压缩比异常，疑似压缩炸弹，不能上传。")
    if unpacked > unpacked_limit:
        raise refuse(f"附件“{shown}”解压后超过 {size_text(unpacked_limit)}，疑似压缩炸弹，不能上传。")
    names = {member.filename for member in members}
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") for name in lowered):
        raise refuse(f"附件“{shown}”含有宏，请另存为不含宏的文档后再上传。")
    if "ofd.xml" in lowered:
        return "ofd"
    if "[Content_Types].xml" not in names:
        return None
    word = any(name.startswith("word/") for name in names)
    excel = any(name.startswith("xl/") for name in names)
    if word != excel:
        return "docx" if word else "xlsx"
    return None


def _ole_stream_names(data: bytes) -> set[str] | None:
    """The directory entry names of an OLE2 compound file (.doc/.xls), following the FAT; None if malformed."""
    if len(data) < 512:
        return None
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return None
    sector_size = 1 << shift
    sector_count = len(data) // sector_size
    last_regular = 0xFFFFFFF9

    def sector(number: int) -> bytes | None:
        """Sector `number` (they start after the header, at (number + 1) * sector_size)."""
        start = (number + 1) * sector_size
        block = data[start : start + sector_size] if number <= last_regular else b""
        return block if len(block) == sector_size else None

    fat_count, first_directory = struct.unpack_from("<II", data, 44)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 76) if n <= last_regular]
    next_difat, seen = first_difat, 0
    while next_difat <= last_regular and seen < min(difat_count, sector_count):
        block = sector(next_difat)
        if block is None:
            return None
        values = struct.unpack(f"<{sector_size // 4}I", block)
        fat_sectors.extend(n for n in values[:-1] if n <= last_regular)
        next_difat, seen = values[-1], seen + 1
    fat: list[int] = []
    for number in fat_sectors[:fat_count]:
        block = sector(number)
        if block is None:
            return None
        fat.extend(struct.unpack(f"<{sector_size // 4}I", block))
    names: set[str] = set()
    visited: set[int] = set()
    current = first_directory
    while current <= last_regular and current not in visited:
        visited.add(current)
        block = sector(current)
        if block is None:
            return None
        for offset in range(0, sector_size, 128):
            length, object_type = struct.unpack_from("<HB", block, offset + 64)
            if object_type in (1, 2, 5) and 2 <= length <= 64 and length % 2 == 0:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", errors="replace"))
        current = fat[current] if current < len(fat) else 0xFFFFFFFE
    return names if "Root Entry" in names else None


def _ole_kind(upload, shown: str) -> str | None:
    upload.seek(0)
    names = _ole_stream_names(upload.read())
    if names is None:
        return None
    if "EncryptedPackage" in names:
        raise refuse(f"附件“{shown}”已加密，请去除密码后再上传。")
    word = "WordDocument" in names
    excel = bool({"Workbook", "Book"} & names)
    if word != excel:
        return "doc" if word else "xls"
    return None


def detect_kind(upload, *, shown: str = "") -> str | None:
    """What the content is (a key of KINDS), or None; raises for broken, encrypted or bomb-like zips."""
    size = _size(upload)
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(PNG_MAGIC):
        return "png"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(upload, size, shown)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(upload, shown)
    return None


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------
def inspect_upload(uploaded_file) -> UploadInfo:
    """Decide what an upload is, or refuse it with a Chinese message naming the 附件."""
    safe_name = sanitize_filename(getattr(uploaded_file, "name", "") or "")
    shown = safe_name
    extension = extension_of(safe_name)
    allowed = list(settings.PORTAL_ATTACHMENT_EXTENSIONS)
    allowed_text = "、".join(allowed)
    if extension not in allowed:
        raise refuse(
            f"附件“{shown}”的类型 .{extension or '（无扩展名）'} 不允许上传，只允许：{allowed_text}。"
        )
    size = _size(uploaded_file)
    if size == 0:
        raise refuse(f"附件“{shown}”是空文件。")
    limit = settings.PORTAL_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise refuse(f"附件“{shown}”超过大小上限 {size_text(limit)}。")
    try:
        kind_code = detect_kind(uploaded_file, shown=shown)
    finally:
        uploaded_file.seek(0)
    kind = KINDS.get(kind_code or "")
    if kind is None or not kind.extensions & set(allowed):
        raise refuse(
            f"附件“{shown}”的内容不是允许的文件类型（{allowed_text}），可能已损坏或被改了扩展名。"
        )
    if extension not in kind.extensions:
        raise refuse(
            f"附件“{shown}”的内容与扩展名 .{extension} 不符（实际是{kind.label}），请改正扩展名后再上传。"
        )
    return UploadInfo(kind=kind.code, extension=extension, content_type=kind.content_type, safe_name=safe_name)
