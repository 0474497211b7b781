"""The reader's core: what a file is (by its content), where each piece of text came from, and why a read is
incomplete. The readers of each kind are in pdf.py, packages.py (OOXML and OFD), word.py and workbook.py."""

import posixpath
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings

from .. import uploads
from ..pii import html_text, mask_text

MAX_DEPTH = 3  # an embedded file inside an embedded file inside the attachment, and no deeper
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # larger parts are not parsed (and the read is incomplete)
# A run of seven digits or more (spaces and hyphens between them allowed): text that may hold a number.
DIGIT_RUN = re.compile(r"(?:\d[ \-]?){7,}")
MAGICS = (uploads.PDF_MAGIC, uploads.ZIP_MAGIC, uploads.PNG_MAGIC, uploads.JPEG_MAGIC, uploads.OLE_MAGIC)


@dataclass
class ReadResult:
    """What could be read of a file: (where, text) segments, and why the read is incomplete, if it is."""

    segments: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        return "；".join(dict.fromkeys(self.problems))


class Reader:
    """One read of one file: the segments and problems so far, and what may still be unpacked."""

    def __init__(self):
        self.result = ReadResult()
        self.budget = uploads.UNPACKED_FACTOR * settings.PORTAL_ATTACHMENT_MAX_BYTES

    def add(self, where: str, text: str) -> None:
        if text and text.strip():
            self.result.segments.append((where, text))

    def problem(self, text: str) -> None:
        self.result.problems.append(text)

    def read(self, data: bytes, prefix: str, depth: int) -> None:
        """Read `data` (any kind) into segments labelled after `prefix` ("" for the attachment itself)."""
        # packages and pdf read their embedded files with this Reader (they import this module).
        from .packages import read_package
        from .pdf import read_pdf

        head = data[:8]
        if head.startswith(uploads.PDF_MAGIC):
            read_pdf(self, data, prefix, depth)
        elif head.startswith(uploads.ZIP_MAGIC):
            read_package(self, data, prefix, depth)
        elif head.startswith(uploads.PNG_MAGIC) or head.startswith(uploads.JPEG_MAGIC):
            self.problem(f"{prefix}是图片，图片中的文字无法读取")
        elif head.startswith(uploads.OLE_MAGIC):
            self.problem(f"{prefix}是 OLE 对象或旧版 Office 文件（.doc、.xls 等），其中的文字无法读取")
        else:
            self.problem(f"{prefix}的文件类型无法识别，无法读取")

    def embedded(self, data: bytes, name: str, prefix: str, depth: int) -> None:
        """A file inside the file: read it like an attachment, or say why it cannot be."""
        label = f"{prefix}嵌入的“{shown(name)}”"
        if depth >= MAX_DEPTH:
            self.problem(f"{label}嵌套过深，未读取")
        elif data[:8].startswith(MAGICS):
            self.read(data, label, depth + 1)
        else:
            text = plain_text(data)
            if text is None:
                self.problem(f"{label}无法读取")
            else:
                self.add(label, text)


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def shown(name: str) -> str:
    """A member's name as shown in a label: without its folders, any number in it masked."""
    return mask_text(posixpath.basename(name.rstrip("/")) or name)


def file_extension(name: str) -> str:
    return posixpath.splitext(name.lower())[1].lstrip(".")


def plain_text(data: bytes) -> str | None:
    """`data` as text when it is text (an embedded .txt, .csv, .htm), else None."""
    if b"\0" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return html_text(text)[0] if re.search(r"<(html|body|p|div)\b", text[:2000], re.IGNORECASE) else text
    return None


def parse_xml(data: bytes):
    """An XML part's root. Parts with a DTD are refused: OOXML and OFD have none (no entity expansion)."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):  # markup only: in text "<" is escaped
        raise ValueError("DTD")
    return ElementTree.fromstring(data)


def try_xml(data: bytes):
    try:
        return parse_xml(data)
    except Exception:  # noqa: BLE001 - not XML after all (HTML, a DTD): read as text, or not at all
        return None


def sweep(root, consumed: set[int]) -> tuple[list[str], list[str]]:
    """The texts (and the number-bearing attribute values) of the elements not read structurally."""
    texts, attributes = [], []
    for node in root.iter():
        if id(node) not in consumed and node.text and node.text.strip():
            texts.append(node.text.strip())
        if node.tail and node.tail.strip():
            texts.append(node.tail.strip())
        values = [value for value in node.attrib.values() if DIGIT_RUN.search(value)]
        if values:
            attributes.append("\t".join(values))
    return texts, attributes


class OverBudget(Exception):
    """The read has unpacked more than the upload check allows (uploads.UNPACKED_FACTOR × the size limit)."""


class NoDtd:
    """A stream for a streaming parse that refuses a DTD (`parse_xml` does the same for a whole part)."""

    def __init__(self, stream):
        self.stream, self.tail = stream, b""

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if re.search(rb"<!(DOCTYPE|ENTITY)", self.tail + data, re.IGNORECASE):
            raise ValueError("DTD")
        self.tail = data[-16:]
        return data


class Budgeted:
    """A member stream that stops when the whole read has unpacked more than the budget (zip bombs)."""

    def __init__(self, stream, reader: Reader):
        self.stream, self.reader = stream, reader

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.reader.budget -= len(data)
        if self.reader.budget < 0:
            raise OverBudget
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()
        return False
