"""Zip packages: OOXML (.docx, .xlsx and any OOXML file embedded in them) and OFD.

Known parts are read structurally (word.py, workbook.py; properties by name; OFD pages by ofd:TextCode),
and every other XML part is swept: its text nodes, and the attribute values that hold a run of digits.
Embedded files are read like attachments; OLE objects, encrypted members, parts that do not parse and
packages that unpack past the budget make the read incomplete. Images and fonts are skipped, but a
package with images and no text at all is not fully read (a scan pasted into a document)."""

import io
import posixpath
import re
import zipfile

from .. import uploads
from ..pii import mask_text
from .reader import (
    MAGICS,
    MAX_XML_PART_BYTES,
    Budgeted,
    OverBudget,
    Reader,
    file_extension,
    local,
    parse_xml,
    plain_text,
    shown,
    sweep,
    try_xml,
)
from .word import Word
from .workbook import Workbook

_IMAGE_EXTENSIONS = frozenset("png jpg jpeg gif bmp tif tiff emf wmf emz wmz wdp jxr ico".split())
_SKIPPED_EXTENSIONS = frozenset("odttf ttf otf ttc fntdata eot woff woff2".split())  # fonts: glyphs, no text
_XML_EXTENSIONS = frozenset("xml rels vml svg".split())


def read_package(reader: Reader, data: bytes, prefix: str, depth: int) -> None:
    """A zip: OFD when it has OFD.xml, OOXML when it has [Content_Types].xml; anything else is not read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # noqa: BLE001 - whatever zipfile trips on, the file is not read
        reader.problem(f"{prefix}已损坏，无法读取")
        return
    if len(members) > uploads.MAX_MEMBERS:
        reader.problem(f"{prefix}包含的文件过多，未读取")
        return
    package = Package(reader, archive, prefix, depth)
    with archive:
        names = {member.filename.lower() for member in members}
        if "ofd.xml" in names:
            package.read_ofd()
        elif "[content_types].xml" in names:
            package.read_ooxml()
        else:
            reader.problem(f"{prefix}是压缩包，不是可读取的文档")


def _part_label(name: str) -> str:
    lower = name.lower()
    base = posixpath.basename(lower)
    if lower.startswith("docprops/") or base in {"ofd.xml"}:
        return "文档属性"
    if "threadedcomment" in lower or base.startswith("comments") or "commentsextended" in base:
        return "批注"
    if re.match(r"(header|footer)\d*\.xml$", base):
        return "页眉页脚"
    if base.startswith("footnotes"):
        return "脚注"
    if base.startswith("endnotes"):
        return "尾注"
    if "/charts/" in lower:
        return "图表"
    if "/drawings/" in lower or "/diagrams/" in lower:
        return "绘图与文本框"
    if "pivotcache" in lower:
        return "数据透视表缓存"
    if "externallink" in lower:
        return "外部链接"
    if "/glossary/" in lower:
        return "文档部件库"
    if lower.endswith(".rels"):
        return "链接关系"
    if "/annots/" in lower or base.startswith("annotation"):
        return "注释"
    if "/tpls/" in lower:
        return "页面模板"
    return f"部件“{mask_text(name)}”"


_PROPERTY_LABELS = {
    "title": "标题", "subject": "主题", "creator": "作者", "keywords": "关键词", "description": "备注",
    "lastModifiedBy": "最后修改者", "category": "类别", "contentStatus": "状态", "identifier": "标识",
    "Company": "单位", "Manager": "经理", "HyperlinkBase": "超链接基础", "Author": "作者", "Abstract": "摘要",
    "Keywords": "关键词", "Title": "标题", "Subject": "主题", "Creator": "创建者", "CustomData": "自定义数据",
}  # fmt: skip


class Package:
    def __init__(self, reader: Reader, archive: zipfile.ZipFile, prefix: str, depth: int):
        self.reader, self.archive, self.prefix, self.depth = reader, archive, prefix, depth
        self.infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self.done: set[str] = set()
        self.media = 0  # images skipped
        self.has_content = False  # text in the body of the document or in a sheet's cells

    def problem(self, text: str) -> None:
        self.reader.problem(f"{self.prefix}{text}")

    def add(self, where: str, text: str, *, content: bool = False) -> None:
        """A segment; `content`: it is the document's own text (not a property, an attribute, a comment)."""
        self.reader.add(f"{self.prefix}{where}", text)
        self.has_content = self.has_content or (content and bool(text.strip()))

    def find(self, name: str) -> str | None:
        if name in self.infos:
            return name
        lowered = {key.lower(): key for key in self.infos}
        return lowered.get(name.lower())

    def open(self, name: str):
        """A stream over a member, counted against the unpacked budget; None (and a problem) if refused."""
        info = self.infos[name]
        self.done.add(name)
        if info.flag_bits & 0x1:
            self.problem(f"的部件“{mask_text(name)}”已加密，无法读取")
            return None
        if info.file_size > uploads.RATIO_FLOOR and info.file_size > uploads.MAX_RATIO * max(
            info.compress_size, 1
        ):
            self.problem("压缩比异常，疑似压缩炸弹，未读取")
            return None
        return Budgeted(self.archive.open(info), self.reader)

    def data(self, name: str, limit: int | None = None) -> bytes | None:
        stream = self.open(name)
        if stream is None:
            return None
        try:
            with stream:
                data = stream.read(-1 if limit is None else limit + 1)
        except OverBudget:
            self.problem("解压后过大，疑似压缩炸弹，未读取完")
            return None
        except Exception:  # noqa: BLE001 - a damaged member
            self.problem(f"的部件“{mask_text(name)}”已损坏，无法读取")
            return None
        if limit is not None and len(data) > limit:
            self.problem(f"的部件“{mask_text(name)}”过大，未读取")
            return None
        return data

    def xml(self, name: str):
        data = self.data(name, MAX_XML_PART_BYTES)
        if data is None:
            return None
        try:
            return parse_xml(data)
        except Exception:  # noqa: BLE001 - not well-formed, or a DTD
            self.problem(f"的部件“{mask_text(name)}”无法解析")
            return None

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (type, target member) of a part's .rels (external targets are left out)."""
        folder, base = posixpath.split(part)
        rels = self.find(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return {}
        data = self.data(rels, MAX_XML_PART_BYTES)
        self.done.discard(rels)  # swept later with the other parts (external targets, e.g. tel: links)
        try:
            root = parse_xml(data) if data is not None else None
        except Exception:  # noqa: BLE001 - reported when the sweep parses it
            root = None
        found = {}
        for node in root.iter() if root is not None else []:
            if local(node.tag) == "Relationship" and node.get("TargetMode") != "External":
                target = node.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                found[node.get("Id", "")] = (node.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    def main_part(self, default: str) -> str | None:
        for kind, path in self.relationships("").values():
            if kind == "officeDocument" and self.find(path):
                return self.find(path)
        return self.find(default)

    # --- OOXML -------------------------------------------------------------------------------------
    def read_ooxml(self) -> None:
        main = self.main_part("word/document.xml") or self.main_part("xl/workbook.xml")
        if main is not None and main.lower().startswith("xl/"):
            Workbook(self, main).read()
        for name in sorted(self.infos, key=lambda n: (n != main, n)):
            if name not in self.done:
                self.member(name)
        if self.media and not self.has_content:
            # A scan pasted into a document: its properties and layout hold numbers, the page holds none.
            self.problem("只有图片，没有可读取的文字")

    def member(self, name: str) -> None:
        extension = file_extension(name)
        base = posixpath.basename(name).lower()
        if extension in _IMAGE_EXTENSIONS:
            self.done.add(name)
            self.media += 1
            return
        if extension in _SKIPPED_EXTENSIONS or base.startswith("printersettings"):
            self.done.add(name)  # fonts and printer settings hold no text of the document
            return
        if extension in _XML_EXTENSIONS:
            root = self.xml(name)
            if root is not None:
                self.xml_part(name, root)
            return
        data = self.data(name)
        if data is None:
            return
        if data[:8].startswith(MAGICS):
            if data[:8].startswith((uploads.PNG_MAGIC, uploads.JPEG_MAGIC)):
                self.media += 1
                return
            self.reader.embedded(data, name, self.prefix, self.depth)
        elif data.lstrip()[:1] == b"<" and (root := try_xml(data)) is not None:
            self.xml_part(name, root)
        elif (text := plain_text(data)) is not None:  # an imported chunk (altChunk .htm/.txt), a .csv…
            self.add(_part_label(name), text)
        else:
            self.reader.problem(f"{self.prefix}嵌入的“{shown(name)}”无法读取")

    def xml_part(self, name: str, root) -> None:
        """One XML part: structured where its root says what it is, then the sweep of what is left."""
        kind = local(root.tag)
        label = _part_label(name)
        consumed: set[int] = set()
        if kind == "document":
            Word(self, consumed).body(root, "")
            label = ""
        elif kind in {"hdr", "ftr"}:
            Word(self, consumed).blocks(root, "页眉页脚", [0])
        elif kind in {"footnotes", "endnotes", "comments"} and local(next(iter(root), root).tag) in {
            "footnote",
            "endnote",
            "comment",
        }:
            Word(self, consumed).notes(
                root, {"footnotes": "脚注", "endnotes": "尾注", "comments": "批注"}[kind]
            )
        elif label == "文档属性":
            self.properties(root, consumed)
        texts, attributes = sweep(root, consumed)
        where = label or "正文"
        self.add(
            f"{where}中的其他文字" if label in {"", "页眉页脚", "脚注", "尾注"} else where, "\n".join(texts)
        )
        self.add(f"{where}中的属性（链接、替代文字等）", "\n".join(attributes))

    def properties(self, root, consumed: set[int]) -> None:
        """docProps/core.xml, app.xml, custom.xml and OFD's DocInfo: each value read after its name."""
        for node in root.iter():
            if local(node.tag) == "property" and node.get("name"):
                value = " ".join(t.strip() for t in node.itertext() if t.strip())
                self.add(f"文档属性（{mask_text(node.get('name'))}）", f"{node.get('name')}：{value}")
                consumed.update(id(child) for child in node.iter())
        for node in root.iter():
            if id(node) not in consumed and len(node) == 0 and node.text and node.text.strip():
                name = node.get("Name") or local(node.tag)
                label = _PROPERTY_LABELS.get(name, name)
                self.add(f"文档属性（{label}）", f"{label}：{node.text.strip()}")
                consumed.add(id(node))

    # --- OFD ---------------------------------------------------------------------------------------
    def read_ofd(self) -> None:
        """OFD (GB/T 33190): page text is in ofd:TextCode; the page order comes from Document.xml."""
        pages: dict[str, int] = {}
        for name in sorted(self.infos):
            if posixpath.basename(name).lower() == "document.xml":
                root = self.xml(name)
                if root is None:
                    continue
                folder = posixpath.dirname(name)
                number = 0
                for node in root.iter():
                    if local(node.tag) == "Page" and node.get("BaseLoc"):
                        number += 1
                        pages[posixpath.normpath(posixpath.join(folder, node.get("BaseLoc").lstrip("/")))] = (
                            number
                        )
                self.xml_part(name, root)
        for name in sorted(self.infos, key=lambda n: (pages.get(n, 10**9), _page_order(n), n)):
            if name in self.done:
                continue
            if posixpath.basename(name).lower() == "content.xml" and "/pages/" in name.lower():
                root = self.xml(name)
                if root is not None:
                    self.ofd_page(name, root, pages.get(name) or _page_order(name) + 1)
            elif file_extension(name) in {"dat", "esl", "sel"} or "/signs/" in name.lower():
                self.done.add(name)  # signatures and seals: binary, no text of the document
            else:
                self.member(name)

    def ofd_page(self, name: str, root, number: int) -> None:
        consumed: set[int] = set()
        lines, previous_y = [], None
        for node in root.iter():
            if local(node.tag) == "AbbreviatedData":
                consumed.add(id(node))  # path drawing commands
            if local(node.tag) != "TextObject":
                continue
            text = "".join(code.text or "" for code in node.iter() if local(code.tag) == "TextCode")
            consumed.update(id(code) for code in node.iter() if local(code.tag) == "TextCode")
            y = (node.get("Boundary") or "").split()[1:2]
            if lines and y and y == previous_y:
                lines[-1] += text  # the same line, cut into several text objects
            else:
                lines.append(text)
            previous_y = y
        self.add(f"第{number}页", "\n".join(lines))
        if not "".join(lines).strip() and any(local(node.tag) == "ImageObject" for node in root.iter()):
            self.problem(f"第{number}页是图像（如扫描件），没有可读取的文字")
        texts, attributes = sweep(root, consumed)
        self.add(f"第{number}页中的其他文字", "\n".join(texts))
        self.add(f"第{number}页中的属性", "\n".join(attributes))


def _page_order(name: str) -> int:
    match = re.search(r"page_?(\d+)", name, re.IGNORECASE)
    return int(match.group(1)) if match else 10**8
