"""SpreadsheetML: each sheet row by row (streamed), each cell read after its column header (身份证号码,
家庭电话, 金额…), formulas (their text when it holds a long number, and a formula without a cached value
computed when it is made of literals, same-sheet references, & and a few text functions), shared strings
no cell uses, page headers and footers, comments and threaded comments."""

import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..pii import mask_text
from .reader import DIGIT_RUN, NoDtd, OverBudget, file_extension, local, sweep

if TYPE_CHECKING:
    from .packages import Package

MAX_SHEET_VALUES = 1_000_000  # cell values kept per sheet to evaluate formulas that have no cached value
# Formulas whose result is a number: without a cached value they cannot hide a number written as text.
_NUMERIC_FUNCTIONS = frozenset(
    "SUM SUMIF SUMIFS SUMPRODUCT AVERAGE AVERAGEIF AVERAGEIFS COUNT COUNTA COUNTBLANK COUNTIF COUNTIFS MAX MIN "
    "ROUND ROUNDUP ROUNDDOWN ABS INT MOD SUBTOTAL PRODUCT SQRT POWER MEDIAN".split()
)


class _Unknown(Exception):
    """A formula the small evaluator cannot compute."""


class Workbook:
    """Sheets row by row (each cell after its column header), formulas, shared strings, comments."""

    def __init__(self, package: "Package", main: str):
        self.package, self.main = package, main
        self.shared: list[str] = []
        self.used: set[int] = set()
        self.sheet_of: dict[str, str] = {}  # comments part → sheet title

    def read(self) -> None:
        package = self.package
        root = package.xml(self.main)
        if root is None:
            return
        rels = package.relationships(self.main)
        for kind, path in rels.values():
            if kind == "sharedStrings" and package.find(path):
                self.read_shared(package.find(path))
        for node in root.iter():
            if local(node.tag) != "sheet":
                continue
            rid = next((v for k, v in node.attrib.items() if local(k) == "id"), "")
            target = package.find(rels.get(rid, ("", ""))[1])
            if target is not None:
                self.read_sheet(target, node.get("name", ""))
        package.xml_part(self.main, root)  # defined names, sheet names…
        unused = [text for index, text in enumerate(self.shared) if index not in self.used]
        package.add("共享字符串中未被单元格使用的文字", "\n".join(unused))
        for name in sorted(package.infos):
            if name not in package.done and file_extension(name) == "xml":
                root = package.xml(name)
                if root is not None and local(root.tag) in {"comments", "ThreadedComments"}:
                    self.read_comments(name, root)
                elif root is not None:
                    package.xml_part(name, root)

    def read_shared(self, name: str) -> None:
        stream = self.package.open(name)
        if stream is None:
            return
        try:
            with stream:
                table = None
                for event, node in ElementTree.iterparse(NoDtd(stream), events=("start", "end")):
                    if table is None:
                        table = node
                    if event == "end" and local(node.tag) == "si":
                        shown, phonetic = [], []
                        for child in node:
                            if local(child.tag) == "t":
                                shown.append(child.text or "")
                            elif local(child.tag) == "r":
                                shown += [t.text or "" for t in child if local(t.tag) == "t"]
                            elif local(child.tag) == "rPh":
                                phonetic += [t.text or "" for t in child if local(t.tag) == "t"]
                        self.shared.append("".join(shown) + ("\n" + "".join(phonetic) if phonetic else ""))
                        table.remove(node)  # streamed: nothing read stays in memory
        except OverBudget:
            self.package.problem("解压后过大，疑似压缩炸弹，未读取完")
        except Exception:  # noqa: BLE001 - not well-formed
            self.package.problem(f"的部件“{mask_text(name)}”无法解析")

    def read_sheet(self, name: str, title: str) -> None:
        package = self.package
        for kind, path in package.relationships(name).values():
            if kind in {"comments", "threadedComment"}:
                self.sheet_of[path] = title
        stream = package.open(name)
        if stream is None:
            return
        sheet = _Sheet(self, title)
        root = rows = None
        try:
            with stream:
                for event, node in ElementTree.iterparse(NoDtd(stream), events=("start", "end")):
                    if root is None:
                        root = node
                    elif event == "start" and local(node.tag) == "sheetData":
                        rows = node
                    if event == "end" and local(node.tag) == "row":
                        sheet.row(node)
                        if rows is not None:
                            rows.remove(node)  # streamed: a read row does not stay in memory
                        else:
                            node.clear()
        except OverBudget:
            package.problem("解压后过大，疑似压缩炸弹，未读取完")
            return
        except Exception:  # noqa: BLE001 - not well-formed
            package.problem(f"的部件“{mask_text(name)}”无法解析")
            return
        where = f"（工作表“{mask_text(title)}”）"
        consumed: set[int] = set()
        for node in root.iter():
            if local(node.tag) in {
                "oddHeader",
                "oddFooter",
                "evenHeader",
                "evenFooter",
                "firstHeader",
                "firstFooter",
            }:
                consumed.add(id(node))
                # &L &C &R &P &"Font,Bold" &12…: codes, not text.
                text = re.sub(r'&(?:"[^"]*"|\d{1,2}|[A-Za-z&])', " ", node.text or "")
                package.add(f"页眉页脚{where}", text)
        texts, attributes = sweep(root, consumed)
        package.add(f"{where}中的其他文字", "\n".join(texts))
        package.add(f"{where}中的属性（数据验证提示、链接等）", "\n".join(attributes))

    def read_comments(self, name: str, root) -> None:
        title = self.sheet_of.get(name)
        consumed: set[int] = set()
        for node in root.iter():
            if local(node.tag) in {"comment", "threadedComment"} and node.get("ref"):
                where = (
                    f"工作表“{mask_text(title)}”单元格{node.get('ref')}"
                    if title
                    else f"单元格{node.get('ref')}"
                )
                self.package.add(
                    f"批注（{where}）", "\n".join(t.strip() for t in node.itertext() if t.strip())
                )
                consumed.update(id(child) for child in node.iter())
        texts, attributes = sweep(root, consumed)
        self.package.add("批注中的其他文字", "\n".join(texts))
        self.package.add("批注中的属性", "\n".join(attributes))


class _Sheet:
    def __init__(self, workbook: Workbook, title: str):
        self.workbook, self.title = workbook, title
        self.header: dict[int, str] = {}
        self.values: dict[str, str] = {}
        self.shared_formulas: dict[str, str] = {}
        self.count = 0

    def row(self, row) -> None:
        package = self.workbook.package
        self.count += 1
        number = int(row.get("r") or self.count)
        cells: dict[int, str] = {}
        column = 0
        for cell in row:
            if local(cell.tag) != "c":
                continue
            ref = (cell.get("r") or "").replace("$", "").upper()
            column = _column(ref) if ref else column + 1
            ref = ref or f"{_letters(column)}{number}"
            text = self.cell(cell, ref, number)
            if len(self.values) < MAX_SHEET_VALUES:
                self.values[ref] = text
            if text:
                cells[column] = text
        if not cells:
            return
        last = max(cells)
        columns = range(1, last + 1) if last <= 1000 else sorted(cells)
        if not self.header:
            self.header = dict(cells)
            text = "\t".join(cells.get(i, "") for i in columns)
        else:
            text = "\t".join(
                f"{self.header[i]}：{cells[i]}"
                if cells.get(i) and self.header.get(i, "").strip()
                else cells.get(i, "")
                for i in columns
            )
        package.add(f"（工作表“{mask_text(self.title)}”第{number}行）", text, content=True)

    def cell(self, cell, ref: str, number: int) -> str:
        package = self.workbook.package
        kind = cell.get("t", "n")
        value = formula = None
        inline = []
        for child in cell:
            name = local(child.tag)
            if name == "v":
                value = child.text
            elif name == "f":
                formula = child.text or ""
                shared = child.get("si")
                if child.get("t") == "shared" and shared is not None:
                    if formula:
                        self.shared_formulas[shared] = formula
                    else:
                        formula = None
                        master = self.shared_formulas.get(shared, "")
                        if value is None and _text_producing(master):
                            package.problem(
                                f"工作表“{mask_text(self.title)}”单元格{ref}的公式没有计算结果，无法确认"
                            )
            elif name == "is":
                inline += [t.text or "" for t in child.iter() if local(t.tag) == "t"]
        if formula and DIGIT_RUN.search(formula):  # a literal long enough to be a number (="138…")
            package.add(f"（工作表“{mask_text(self.title)}”{ref}公式）", formula)
        if kind == "inlineStr":
            return "".join(inline)
        if value is None:
            if not formula:
                return ""
            try:
                return _as_text(_Formula(formula, self.values).evaluate())
            except _Unknown:
                if _text_producing(formula):
                    package.problem(f"工作表“{mask_text(self.title)}”单元格{ref}的公式没有计算结果，无法确认")
                return ""
        if kind == "s":
            try:
                index = int(value)
                self.workbook.used.add(index)
                return self.workbook.shared[index]
            except (ValueError, IndexError):
                return ""
        if kind in {"str", "e", "d"}:
            return value
        if kind == "b":
            return "TRUE" if value == "1" else "FALSE"
        return _number_text(value)


def _column(ref: str) -> int:
    number = 0
    for char in re.match(r"[A-Z]*", ref).group():
        number = number * 26 + ord(char) - 64
    return number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_text(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return value


def _as_text(value) -> str:
    return _number_text(repr(value)) if isinstance(value, float) else str(value)


def _text_producing(formula: str) -> bool:
    """Whether a formula can turn harmless parts into a number written as text (&, text functions…)."""
    functions = {name.upper() for name in re.findall(r"([A-Za-z_][A-Za-z0-9_.]*)\s*\(", formula)}
    return "&" in formula or bool(functions - _NUMERIC_FUNCTIONS)


_FORMULA_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"]|"")*")|(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)'
    r"|(?P<function>[A-Za-z][A-Za-z0-9.]*)\s*\(|(?P<ref>\$?[A-Za-z]{1,3}\$?\d+)|(?P<op>[&+\-*/(),]))"
)


class _Formula:
    """Literals, same-sheet cell references, & + - * / and CONCATENATE/CONCAT/TEXT/VALUE/TRIM: enough to
    compute the text a formula without a cached value shows (="1101011990"&"03071234")."""

    def __init__(self, formula: str, values: dict[str, str]):
        self.values = values
        self.tokens: list[tuple[str, str]] = []
        position, text = 0, formula.strip().lstrip("=")
        while position < len(text):
            match = _FORMULA_TOKEN.match(text, position)
            if match is None or match.end() == position:
                if text[position:].strip():
                    raise _Unknown
                break
            self.tokens.append((match.lastgroup, match.group(match.lastgroup)))
            position = match.end()
        self.index = 0

    def evaluate(self):
        value = self.concat()
        if self.index != len(self.tokens):
            raise _Unknown
        return value

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.index += 1
        return token

    def concat(self):
        value = self.additive()
        while self.peek() == ("op", "&"):
            self.take()
            value = _as_text(value) + _as_text(self.additive())
        return value

    def additive(self):
        value = self.term()
        while self.peek() in {("op", "+"), ("op", "-")}:
            sign = self.take()[1]
            other = _as_number(self.term())
            value = _as_number(value) + (other if sign == "+" else -other)
        return value

    def term(self):
        value = self.unary()
        while self.peek() in {("op", "*"), ("op", "/")}:
            operator = self.take()[1]
            other = _as_number(self.unary())
            if operator == "/" and other == 0:
                raise _Unknown
            value = _as_number(value) * other if operator == "*" else _as_number(value) / other
        return value

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return -_as_number(self.unary())
        return self.primary()

    def primary(self):
        kind, text = self.take()
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "number":
            return float(text)
        if kind == "ref":
            ref = text.replace("$", "").upper()
            if ref not in self.values:
                raise _Unknown
            return self.values[ref]
        if kind == "op" and text == "(":
            value = self.concat()
            if self.take() != ("op", ")"):
                raise _Unknown
            return value
        if kind == "function":
            arguments = []
            if self.peek() != ("op", ")"):
                arguments.append(self.concat())
                while self.peek() == ("op", ","):
                    self.take()
                    arguments.append(self.concat())
            if self.take() != ("op", ")"):
                raise _Unknown
            name = text.upper()
            if name in {"CONCATENATE", "CONCAT"}:
                return "".join(_as_text(argument) for argument in arguments)
            if name in {"TEXT", "TRIM", "T"} and arguments:
                return _as_text(arguments[0]).strip()
            if name == "VALUE" and len(arguments) == 1:
                return _as_number(arguments[0])
        raise _Unknown


def _as_number(value) -> float:
    if isinstance(value, float):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _Unknown from None
