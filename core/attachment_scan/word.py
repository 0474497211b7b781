"""WordprocessingML parts (document, headers and footers, foot/endnotes, comments), read as the old
reader did (第N段, table rows as one line with tab-separated cells) plus what it missed: content controls,
tracked deletions, field codes and text boxes (Word writes each twice, in mc:Choice and mc:Fallback;
they are read once, on their own, not glued to the paragraph they are anchored in)."""

from typing import TYPE_CHECKING

from .reader import local

if TYPE_CHECKING:
    from .packages import Package


class Word:
    """Paragraphs and table rows of a WordprocessingML part, numbered like the old reader (第N段)."""

    def __init__(self, package: "Package", consumed: set[int]):
        self.package, self.consumed = package, consumed
        self.content = False  # reading the document's body (not a header, a note or a comment)

    def body(self, root, label: str) -> None:
        self.content = True
        counter = [0]
        for child in root:
            if local(child.tag) == "body":
                self.blocks(child, label, counter)

    def blocks(self, container, label: str, counter: list[int], suffix: str = "") -> None:
        for block in container:
            name = local(block.tag)
            if name == "p":
                counter[0] += 1
                self.paragraph(block, f"{label}第{counter[0]}段{suffix}")
            elif name == "tbl":
                self.table(block, label, counter)
            elif name == "sdt":
                for content in block:
                    if local(content.tag) == "sdtContent":
                        self.blocks(content, label, counter, "（内容控件）")
            elif name in {"customXml", "smartTag", "ins", "moveTo", "del", "moveFrom"}:
                self.blocks(block, label, counter, suffix)

    def table(self, table, label: str, counter: list[int]) -> None:
        for row in _children(table, "tr"):
            counter[0] += 1
            where = f"{label}第{counter[0]}段（表格）"
            cells = []
            for cell in _children(row, "tc"):
                parts = []
                for block in _children(cell, "p", "tbl"):
                    if local(block.tag) == "tbl":
                        self.table(block, label, counter)  # a nested table: its own rows
                    else:
                        parts.append(self.paragraph(block, where, emit=False))
                cells.append("".join(parts))
            self.package.add(where, "\t".join(cells), content=self.content)

    def paragraph(self, paragraph, where: str, emit: bool = True) -> str:
        parts = Parts()
        self.walk(paragraph, parts)
        if emit:
            self.package.add(where, "".join(parts.visible), content=self.content)
        self.package.add(f"{where}（修订删除的文字）", "".join(parts.deleted))
        self.package.add(f"{where}（域代码）", "".join(parts.fields))
        for number, box in enumerate(parts.boxes, start=1):
            self.package.add(f"{where}（文本框{number}）", box, content=self.content)
        return "".join(parts.visible)

    def walk(self, element, parts: "Parts") -> None:
        for child in element:
            name = local(child.tag)
            if name == "t":
                parts.visible.append(child.text or "")
            elif name == "delText":
                parts.deleted.append(child.text or "")
            elif name == "instrText":
                parts.fields.append(child.text or "")
            elif name == "tab":
                parts.visible.append("\t")
            elif name in {"br", "cr"}:
                parts.visible.append("\n")
            elif name == "txbxContent":
                inner = Word(self.package, self.consumed)
                texts = []
                for block in _children(child, "p", "tbl"):
                    if local(block.tag) == "p":
                        sub = Parts()
                        inner.walk(block, sub)
                        texts.append("".join(sub.visible))
                        parts.deleted += sub.deleted
                        parts.fields += sub.fields
                        parts.boxes += sub.boxes
                    else:
                        texts += [t for t in block.itertext()]
                        self.consumed.update(id(node) for node in block.iter())
                parts.add_box("\n".join(texts))
                continue
            elif name == "AlternateContent":
                # Word writes a text box twice (mc:Choice and a VML mc:Fallback): read both, keep what differs.
                first = None
                for branch in child:
                    sub = Parts()
                    self.walk(branch, sub)
                    text = "".join(sub.visible)
                    if first is None:
                        parts.visible += sub.visible
                        first = text
                    elif text != first:
                        parts.add_box(text)
                    for piece in sub.deleted:
                        if piece not in parts.deleted:
                            parts.deleted.append(piece)
                    for piece in sub.fields:
                        if piece not in parts.fields:
                            parts.fields.append(piece)
                    for box in sub.boxes:
                        parts.add_box(box)
                continue
            else:
                self.walk(child, parts)
                continue
            self.consumed.add(id(child))

    def notes(self, root, label: str) -> None:
        for number, note in enumerate(
            (n for n in root if local(n.tag) in {"footnote", "endnote", "comment"}), start=1
        ):
            texts = []
            for block in note:
                if local(block.tag) == "p":
                    parts = Parts()
                    self.walk(block, parts)
                    texts.append("".join(parts.visible))
                    texts += parts.boxes
                    texts += ["".join(parts.deleted), "".join(parts.fields)]
            self.package.add(f"{label}第{number}条", "\n".join(texts))


class Parts:
    def __init__(self):
        self.visible: list[str] = []
        self.deleted: list[str] = []
        self.fields: list[str] = []
        self.boxes: list[str] = []

    def add_box(self, text: str) -> None:
        if text.strip() and text not in self.boxes:
            self.boxes.append(text)


def _children(element, *names: str):
    """Direct children named `names`, looking through content controls and custom XML wrappers."""
    for child in element:
        name = local(child.tag)
        if name in names:
            yield child
        elif name in {"sdt", "sdtContent", "customXml", "smartTag"}:
            yield from _children(child, *names)
