"""A published report as an Excel workbook in the national layout: the same labels as the page, character for
character (full-width punctuation included), numbers stored as numbers."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from .models import AnnualReport

THIN = Side(style="thin", color="767D86")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _number(value):
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Sheet:
    """Writes rows top to bottom; `cell` boxes and aligns what it writes."""

    def __init__(self, sheet):
        self.sheet, self.row = sheet, 1

    def cell(self, column: int, value, *, header=False, merge_to: tuple[int, int] | None = None):
        cell = self.sheet.cell(row=self.row, column=column, value=value)
        cell.border, cell.alignment = BOX, CENTER if header or not isinstance(value, str) else LEFT
        if header:
            cell.font = Font(bold=True)
        if merge_to:
            self.sheet.merge_cells(start_row=self.row, start_column=column, end_row=merge_to[0], end_column=merge_to[1])
        return cell

    def heading(self, text: str):
        self.sheet.cell(row=self.row, column=1, value=text).font = Font(bold=True, size=12)
        self.row += 1

    def text(self, value: str):
        for line in (value or "").splitlines() or [""]:
            if line.strip():
                self.sheet.cell(row=self.row, column=1, value=line).alignment = LEFT
                self.row += 1
        self.row += 1


def report_workbook(report: AnnualReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年度报告"
    sheet.column_dimensions["A"].width = 60
    out = Sheet(sheet)
    sheet.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    out.row = 3
    out.heading("一、总体情况")
    out.text(report.overview)

    out.heading("二、主动公开政府信息情况")
    for block in report.contents["two"]:
        width = len(block["columns"])
        out.cell(1, block["heading"], header=True, merge_to=(out.row, width))
        out.row += 1
        for column, label in enumerate(block["columns"], start=1):
            out.cell(column, label, header=True)
        out.row += 1
        for label, values in block["rows"]:
            out.cell(1, label)
            for column, value in enumerate(values, start=2):
                out.cell(column, _number(value))
            out.row += 1
        out.row += 1

    out.heading("三、收到和处理政府信息公开申请情况")
    columns = report.contents["three"]["columns"]
    top = out.row
    out.cell(1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", header=True, merge_to=(top + 2, 1))
    out.cell(2, "申请人情况", header=True, merge_to=(top, 8))
    out.row = top + 1
    out.cell(2, columns[0], header=True, merge_to=(top + 2, 2))
    out.cell(3, "法人或其他组织", header=True, merge_to=(top + 1, 7))
    out.cell(8, columns[-1], header=True, merge_to=(top + 2, 8))
    out.row = top + 2
    for column, label in enumerate(columns[1:-1], start=3):
        out.cell(column, label, header=True)
    out.row = top + 3
    for item in report.contents["three"]["rows"]:
        out.cell(1, item["label"])
        for column, value in enumerate(item["cells"] if not item["heading"] else [None] * len(columns), start=2):
            out.cell(column, value)
        out.row += 1
    out.row += 1

    out.heading("四、政府信息公开行政复议、行政诉讼情况")
    four = report.contents["four"]
    top = out.row
    out.cell(1, "行政复议", header=True, merge_to=(top, 5))
    out.cell(6, "行政诉讼", header=True, merge_to=(top, 15))
    out.row = top + 1
    for column, label in enumerate(four["columns"], start=1):
        out.cell(column, label, header=True, merge_to=(top + 2, column))
    out.cell(6, "未经复议直接起诉", header=True, merge_to=(top + 1, 10))
    out.cell(11, "复议后起诉", header=True, merge_to=(top + 1, 15))
    out.row = top + 2
    for column, label in enumerate(four["columns"] * 2, start=6):
        out.cell(column, label, header=True)
    out.row = top + 3
    numbers = [count for _label, counts in four["groups"] for count in counts]
    for column, value in enumerate(numbers, start=1):
        out.cell(column, value)
    out.row += 2

    out.heading("五、存在的主要问题及改进情况")
    out.text(report.problems)
    out.heading("六、其他需要报告的事项")
    out.text(report.other_matters)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
