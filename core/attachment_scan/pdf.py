"""PDF: the text of every page, and every other place a reader of the file sees text (annotations and
their popups, form field values, /Info and XMP metadata, bookmarks, embedded files). A page whose text
cannot be extracted, a damaged content stream and a page that is only an image make the read incomplete."""

import io
import logging
import re
import zlib

from ..pii import html_text
from .reader import Reader, parse_xml, sweep

MAX_PDF_PAGES = 3000


def read_pdf(reader: Reader, data: bytes, prefix: str, depth: int) -> None:
    """Pages, annotations, form fields, metadata, bookmarks and embedded files of a PDF."""
    from pypdf import PdfReader  # loaded on the first PDF only: web processes that never scan skip it

    try:
        document = PdfReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - no cross-reference table, no trailer…
        reader.problem(f"{prefix}已损坏，无法读取")
        return
    if document.is_encrypted:
        # Only an owner password (printing, copying…) opens with the empty password; such a file is read.
        try:
            opened = document.decrypt("")
        except Exception:  # noqa: BLE001 - an encryption method pypdf cannot open
            opened = 0
        if not opened:
            reader.problem(f"{prefix}已加密，无法读取")
            return
    try:
        count = len(document.pages)
    except Exception:  # noqa: BLE001 - a broken page tree
        reader.problem(f"{prefix}已损坏，页面无法读取")
        return
    if count > MAX_PDF_PAGES:
        reader.problem(f"{prefix}共{count}页，第{MAX_PDF_PAGES + 1}页起未读取")
    seen: set[str] = set()
    _fields(reader, document, prefix, seen)  # first: a value is read after its field's name
    for number in range(1, min(count, MAX_PDF_PAGES) + 1):
        with _PdfTrouble() as trouble:
            try:
                page = document.pages[number - 1]
                text = page.extract_text() or ""
                trouble.failed = trouble.failed or _pdf_content_damaged(page)
            except Exception:  # noqa: BLE001 - a page the extractor cannot read
                trouble.failed = True
                page, text = None, ""
        if trouble.failed:
            reader.problem(f"{prefix}第{number}页无法读取")
        reader.add(f"{prefix}第{number}页", text)
        if page is None:
            continue
        try:
            scanned = not text.strip() and _pdf_page_has_images(page)
        except Exception:  # noqa: BLE001 - resources the check cannot follow: assume the worst
            scanned = True
        if scanned:
            reader.problem(f"{prefix}第{number}页是图像（如扫描件），没有可读取的文字")
        try:
            reader.add(f"{prefix}第{number}页注释", "\n".join(_pdf_annotation_texts(page, seen)))
        except Exception:  # noqa: BLE001
            reader.problem(f"{prefix}第{number}页的注释无法读取")
    _document_parts(reader, document, prefix, depth, seen)


def _fields(reader: Reader, document, prefix: str, seen: set[str]) -> None:
    try:
        lines = []
        for name, value in (document.get_fields() or {}).items():
            for key in ("/V", "/DV", "/TU", "/Opt"):
                text = _pdf_text(value.get(key))
                if text.strip() and text not in seen:
                    seen.add(text)
                    lines.append(f"{name}：{text}")
        reader.add(f"{prefix}表单字段", "\n".join(lines))
    except Exception:  # noqa: BLE001
        reader.problem(f"{prefix}的表单字段无法读取")


def _document_parts(reader: Reader, document, prefix: str, depth: int, seen: set[str]) -> None:
    try:
        for name, value in (document.metadata or {}).items():
            reader.add(f"{prefix}元数据（{str(name).lstrip('/')}）", _pdf_text(value))
    except Exception:  # noqa: BLE001
        reader.problem(f"{prefix}的文档元数据无法读取")
    try:
        stream = document.trailer["/Root"].get_object().get("/Metadata")
        if stream is not None:
            root = parse_xml(stream.get_object().get_data())
            texts, _ = sweep(root, set())
            reader.add(f"{prefix}元数据（XMP）", "\n".join(texts))
    except Exception:  # noqa: BLE001
        reader.problem(f"{prefix}的 XMP 元数据无法读取")
    try:
        reader.add(f"{prefix}书签", "\n".join(_pdf_outline_titles(document.outline)))
    except Exception:  # noqa: BLE001
        reader.problem(f"{prefix}的书签无法读取")
    try:
        attachments = dict(document.attachments)
    except Exception:  # noqa: BLE001
        reader.problem(f"{prefix}内嵌的文件无法读取")
        attachments = {}
    for name, contents in attachments.items():
        for content in contents:
            reader.embedded(content, name, prefix, depth)


class _PdfTrouble:
    """Whether pypdf quietly gave up on part of a page: it logs a damaged stream and goes on with nothing."""

    def __init__(self):
        self.failed = False
        self.logger = logging.getLogger("pypdf")

    def __enter__(self):
        self.handler = _Catch(self)
        self.level = self.logger.level
        if self.logger.getEffectiveLevel() > logging.WARNING:
            self.logger.setLevel(logging.WARNING)
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)
        return False


class _Catch(logging.Handler):
    def __init__(self, trouble: _PdfTrouble):
        super().__init__(logging.WARNING)
        self.trouble = trouble

    def emit(self, record):
        # pypdf.filters warns when a compressed stream is damaged; errors anywhere mean text was lost.
        if record.name.startswith("pypdf.filters") or record.levelno >= logging.ERROR:
            self.trouble.failed = True


def _pdf_content_damaged(page) -> bool:
    """Whether a compressed content stream of the page is cut short or corrupt.

    pypdf recovers what it can from a damaged Flate stream and says nothing (a truncated stream gives the
    first words of the page, garbage gives none), so the stream is checked here with zlib itself."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else []
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = stream.get_object()
        filters = stream.get("/Filter")
        filters = filters.get_object() if filters is not None else []
        first = filters[0] if isinstance(filters, list) and filters else filters
        if first not in ("/FlateDecode", "/Fl"):
            continue
        raw = getattr(stream, "_data", b"")  # the encoded bytes
        decompressor = zlib.decompressobj()
        try:
            decompressor.decompress(raw, 1 << 20)
            while decompressor.unconsumed_tail:
                decompressor.decompress(decompressor.unconsumed_tail, 1 << 20)
        except zlib.error:
            return True
        if not decompressor.eof:
            return True
    return False


def _pdf_text(value) -> str:
    if value is None:
        return ""
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, list | tuple):
        return "\n".join(_pdf_text(item) for item in value)
    return str(value)


def _pdf_annotation_texts(page, seen: set[str]) -> list[str]:
    texts = []
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        for key in ("/Contents", "/T", "/Subj", "/TU", "/V", "/RC"):
            text = _pdf_text(annotation.get(key))
            if key == "/RC":
                text, _ = html_text(text)
            if text.strip() and text not in seen:
                seen.add(text)
                texts.append(text)
        action = annotation.get("/A")
        uri = _pdf_text(action.get_object().get("/URI")) if action is not None else ""
        if uri and uri not in seen:
            seen.add(uri)
            texts.append(uri)
    return texts


def _pdf_page_has_images(page) -> bool:
    """Whether a page draws an image (a scanned page has no text but one large image)."""

    def images_in(resources, depth: int) -> bool:
        xobjects = (resources or {}).get("/XObject") if resources is not None else None
        for reference in (xobjects.get_object() if xobjects is not None else {}).values():
            item = reference.get_object()
            if item.get("/Subtype") == "/Image":
                return True
            if item.get("/Subtype") == "/Form" and depth < 3 and images_in(item.get("/Resources"), depth + 1):
                return True
        return False

    resources = page.get("/Resources")
    if images_in(resources.get_object() if resources is not None else None, 0):
        return True
    contents = page.get_contents()
    return contents is not None and re.search(rb"(^|\s)BI\s", contents.get_data()) is not None


def _pdf_outline_titles(items) -> list[str]:
    titles = []
    for item in items or []:
        if isinstance(item, list):
            titles += _pdf_outline_titles(item)
        else:
            titles.append(str(item.get("/Title", "")))
    return titles
