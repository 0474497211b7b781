"""A 通报 as a Word document and as the figures table its page shows: one layout (core.documents)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from core.documents import Grid, word_document

from .assessment import INDICATORS
from .choices import Verdict
from .models import Assessment, Circular

COLUMNS = (
    ("department", "单位"), ("published", "发布信息"), ("on_time", "按时公开"), ("rate", "按时公开率（%）"),
    ("overdue_at_end", "期末逾期未公开"), ("notices", "督办单"), ("answered_on_time", "按时答复"),
    ("answered_late", "逾期答复"), ("unanswered", "未答复"), ("overdue_requests", "逾期未答复申请"),
    ("dead_links", "死链"), ("verdict", "通报"),
)  # fmt: skip
VERDICTS = dict(Verdict.choices)


def cell_value(row: dict, key: str):
    if key == "verdict":
        return VERDICTS.get(row["verdict"], "—") if row["verdict"] else "—"
    if key == "rate":
        return "—" if row["rate"] is None else row["rate"]
    return row[key]


def figures_grid(circular: Circular) -> Grid:
    grid = Grid(len(COLUMNS))
    for column, (_key, label) in enumerate(COLUMNS):
        grid.put(0, column, label, header=True)
    for row_number, row in enumerate(circular.figures, start=1):
        for column, (key, _label) in enumerate(COLUMNS):
            grid.put(row_number, column, cell_value(row, key))
    return grid


def circular_document(circular: Circular) -> bytes:
    parts = [("title", circular.title), ("text", circular.number), ("text", circular.intro)]
    if circular.requirements:
        parts += [("heading", "工作要求"), ("text", circular.requirements)]
    parts += [("heading", "附件：各单位重点领域信息公开情况"), ("table", figures_grid(circular))]
    parts += [("text", f"{circular.office_department.name}\n{(circular.issued_at or circular.created_at):%Y年%m月%d日}")]
    return word_document(parts)


def assessment_workbook(assessment: Assessment) -> bytes:
    """考核 as a workbook: rank, department, points per indicator (with its weight), total, then the figures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "考核"
    sheet.append([str(assessment)])
    sheet["A1"].font = Font(bold=True, size=14)
    figures = [(key, label) for key, label in COLUMNS if key not in ("department", "verdict")]
    sheet.append(["排名", "单位"] + [f"{label}（{assessment.weights[key]}分）" for key, label in INDICATORS.items()]
                 + ["总分"] + [label for _key, label in figures])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in assessment.rows:
        sheet.append([row["rank"], row["department"]] + [row["points"][key] for key in INDICATORS] + [row["score"]]
                     + [row[key] for key, _label in figures])
    sheet.column_dimensions["B"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
