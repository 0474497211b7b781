"""Documents in the layout of government paperwork, shared by every case type that prints one (the annual
report, the 通报): a `Grid` of cells with their spans, as the national forms print their tables with merged
headers, and a Word writer that draws headings, text and grids in the fonts of 党政机关公文格式 (GB/T 9704-2012).
An app builds its parts — ("title" | "heading" | "text", str) and ("table", Grid) — and `word_document`
draws them."""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


@dataclass
class Cell:
    row: int
    column: int
    value: object
    header: bool = False
    rows: int = 1  # how many rows and columns it spans
    columns: int = 1


@dataclass
class Grid:
    width: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def height(self) -> int:
        return max((cell.row + cell.rows for cell in self.cells), default=0)

    def put(self, row: int, column: int, value, *, header: bool = False, rows: int = 1, columns: int = 1) -> None:
        self.cells.append(Cell(row, column, value, header, rows, columns))


def text_lines(text: str) -> list[str]:
    """A text part's paragraphs: its non-blank lines."""
    return [line for line in (text or "").splitlines() if line.strip()]


# The fonts of 党政机关公文格式 (GB/T 9704-2012): 小标宋 for the title, 黑体 for first-level headings, 仿宋 for the
# text; tables in 宋体. A reader without them sees its own fallback fonts.
TITLE_FONT, HEADING_FONT, TEXT_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str, size: float, *, bold=False, center=False, indent=False):
    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _table(document, grid: Grid) -> None:
    table = document.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for item in grid.cells:
        cell = table.cell(item.row, item.column)
        if item.rows > 1 or item.columns > 1:
            cell = cell.merge(table.cell(item.row + item.rows - 1, item.column + item.columns - 1))
        paragraph = cell.paragraphs[0]
        if item.header or not isinstance(item.value, str):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run("" if item.value is None else str(item.value)), TABLE_FONT, 9, item.header)
    document.add_paragraph()


def word_document(parts: list[tuple[str, object]]) -> bytes:
    document = Document()
    for kind, part in parts:
        if kind == "title":
            _paragraph(document, part, TITLE_FONT, 22, center=True)
        elif kind == "heading":
            _paragraph(document, part, HEADING_FONT, 16)
        elif kind == "text":
            for line in text_lines(part):
                _paragraph(document, line, TEXT_FONT, 16, indent=True)
        else:
            _table(document, part)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
