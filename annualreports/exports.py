"""A published report as an Excel workbook and as a Word document, both in the national layout (国办公开办函
〔2021〕30号): the same labels as the page, character for character (full-width punctuation included), the same
merged headers, numbers stored as numbers in the workbook.

The layout is built once (`layout`: headings, text parts and `core.documents.Grid`s of cells with their spans);
each format only draws it (the Word writer is core.documents.word_document)."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from core.documents import Grid, text_lines, word_document

from .models import AnnualReport

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _number(value):
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _part_two(block: dict) -> Grid:
    grid = Grid(len(block["columns"]))
    grid.put(0, 0, block["heading"], header=True, columns=grid.width)
    for column, label in enumerate(block["columns"]):
        grid.put(1, column, label, header=True)
    for row, (label, values) in enumerate(block["rows"], start=2):
        grid.put(row, 0, label)
        for column, value in enumerate(values, start=1):
            grid.put(row, column, _number(value))
    return grid


def _part_three(three: dict) -> Grid:
    columns = three["columns"]
    grid = Grid(len(columns) + 1)
    grid.put(0, 0, BALANCE_NOTE, header=True, rows=3)
    grid.put(0, 1, "申请人情况", header=True, columns=len(columns))
    grid.put(1, 1, columns[0], header=True, rows=2)
    grid.put(1, 2, "法人或其他组织", header=True, columns=len(columns) - 2)
    grid.put(1, len(columns), columns[-1], header=True, rows=2)
    for column, label in enumerate(columns[1:-1], start=2):
        grid.put(2, column, label, header=True)
    for row, item in enumerate(three["rows"], start=3):
        grid.put(row, 0, item["label"])
        for column, value in enumerate([None] * len(columns) if item["heading"] else item["cells"], start=1):
            grid.put(row, column, value)
    return grid


def _part_four(four: dict) -> Grid:
    labels = four["columns"]
    size = len(labels)
    grid = Grid(size * 3)
    grid.put(0, 0, "行政复议", header=True, columns=size)
    grid.put(0, size, "行政诉讼", header=True, columns=size * 2)
    for column, label in enumerate(labels):
        grid.put(1, column, label, header=True, rows=2)
    grid.put(1, size, "未经复议直接起诉", header=True, columns=size)
    grid.put(1, size * 2, "复议后起诉", header=True, columns=size)
    for column, label in enumerate(labels * 2, start=size):
        grid.put(2, column, label, header=True)
    numbers = [count for _label, counts in four["groups"] for count in counts]
    for column, value in enumerate(numbers):
        grid.put(3, column, value)
    return grid


def layout(report: AnnualReport) -> list[tuple[str, object]]:
    """The report top to bottom: ("title" | "heading" | "text", str) and ("table", Grid)."""
    contents = report.contents
    parts: list[tuple[str, object]] = [("title", report.title), ("heading", "一、总体情况"), ("text", report.overview)]
    parts.append(("heading", "二、主动公开政府信息情况"))
    parts += [("table", _part_two(block)) for block in contents["two"]]
    parts += [("heading", "三、收到和处理政府信息公开申请情况"), ("table", _part_three(contents["three"]))]
    parts += [("heading", "四、政府信息公开行政复议、行政诉讼情况"), ("table", _part_four(contents["four"]))]
    parts += [("heading", "五、存在的主要问题及改进情况"), ("text", report.problems)]
    parts += [("heading", "六、其他需要报告的事项"), ("text", report.other_matters)]
    return parts


# --- Excel ---------------------------------------------------------------------------------------------
THIN = Side(style="thin", color="767D86")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def report_workbook(report: AnnualReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度报告"
    sheet.column_dimensions["A"].width = 60
    row = 1
    for kind, part in layout(report):
        if kind == "title":
            sheet.cell(row=row, column=1, value=part).font = Font(bold=True, size=14)
            row += 2
        elif kind == "heading":
            sheet.cell(row=row, column=1, value=part).font = Font(bold=True, size=12)
            row += 1
        elif kind == "text":
            for line in text_lines(part):
                sheet.cell(row=row, column=1, value=line).alignment = LEFT
                row += 1
            row += 1
        else:
            for item in part.cells:
                cell = sheet.cell(row=row + item.row, column=1 + item.column, value=item.value)
                cell.border = BOX
                cell.alignment = CENTER if item.header or not isinstance(item.value, str) else LEFT
                if item.header:
                    cell.font = Font(bold=True)
                if item.rows > 1 or item.columns > 1:
                    sheet.merge_cells(
                        start_row=row + item.row, start_column=1 + item.column,
                        end_row=row + item.row + item.rows - 1, end_column=item.column + item.columns,
                    )
            row += part.height + 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_document(report: AnnualReport) -> bytes:
    """The report as a Word document (core.documents), from the same layout as the workbook."""
    return word_document(layout(report))
