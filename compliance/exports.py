"""
The dashboard's exports: the overdue list as CSV (UTF-8 with BOM, so Excel opens it in Chinese) and
as an Excel workbook with a second sheet of per-department statistics. The rows come from the
same selectors as the page, so the export equals the screen.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable

from django.utils import timezone
from openpyxl import Workbook

from core import spreadsheets
from disclosures.exports import safe_cell

from .selectors import OverdueRow, Stats


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _text(cell):
    """A cell as the CSV shows it (the workbook keeps dates and times as Excel dates)."""
    if isinstance(cell, datetime.datetime):
        return timezone.localtime(cell).strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, datetime.date):
        return _date(cell)
    return "" if cell is None else cell


OVERDUE_COLUMNS: list[tuple[str, Callable[[OverdueRow], object]]] = [
    ("标题", lambda row: row.title),
    ("责任单位", lambda row: row.department),
    ("领域", lambda row: row.domain_label),
    ("主题分类", lambda row: row.category_label),
    ("信息形成日期", lambda row: row.formed_on),
    ("应公开日期", lambda row: _date(row.due_on) + ("（预计）" if row.due_on_estimated else "")),
    ("逾期工作日", lambda row: row.days_overdue),
    ("状态", lambda row: row.status_label),
    # Who holds the record and for how long, as the page shows them (issue 18 item 11).
    ("当前办理人", lambda row: row.holder.text if row.holder else ""),
    ("进入本环节时间", lambda row: row.stage_since),
    ("本环节停留工作日", lambda row: row.stage_days),
    ("逾期标记时间", lambda row: row.flagged_at),
    ("后台链接", lambda row: row.admin_url),
]

STATS_COLUMNS: list[tuple[str, Callable[[Stats], object]]] = [
    ("责任单位", lambda row: row.label),
    ("所属区划", lambda row: row.sublabel),
    ("逾期未公开", lambda row: row.overdue),
    ("3个工作日内到期", lambda row: row.due_soon),
    ("本年公开", lambda row: row.published),
    ("本年逾期公开", lambda row: row.published_late),
    ("按时公开率", lambda row: row.rate_display),
]


def overdue_table(rows: Iterable[OverdueRow], *, absolute: Callable[[str], str] = str) -> list[list]:
    """Header plus one list per row; `absolute` turns the admin path into a full URL."""
    table = [[header for header, _ in OVERDUE_COLUMNS]]
    for row in rows:
        cells = [value(row) for _, value in OVERDUE_COLUMNS]
        cells[-1] = absolute(cells[-1])
        table.append(cells)
    return table


def stats_table(rows: Iterable[Stats]) -> list[list]:
    return [[header for header, _ in STATS_COLUMNS]] + [
        [value(row) for _, value in STATS_COLUMNS] for row in rows
    ]


def overdue_csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in table:
        writer.writerow([safe_cell(_text(cell)) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dashboard_xlsx(*, overdue: list[list], departments: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, table in (("逾期未公开", overdue), ("按单位统计", departments)):
        sheet = workbook.create_sheet(title)
        for cells in table:
            sheet.append(spreadsheets.typed_cells(sheet, cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
