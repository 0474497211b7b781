"""The published report as an Excel workbook and a Word document: every label the national format
(国办公开办函〔2021〕30号) prints, character for character, the same merged headers, numbers stored as numbers
in the workbook."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from annualreports import services

from .test_tables import PART_THREE_LABELS, year_2026  # noqa: F401 - the fixture year

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-01-15T10:00")]

NATIONAL_LABELS = PART_THREE_LABELS + [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）",
    "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人", "法人或其他组织",
    "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结",
]  # fmt: skip


def test_the_workbook_has_every_national_label_and_numbers_as_numbers(org, client, year_2026):  # noqa: F811
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    url = reverse("annualreports:xlsx", args=[report.pk])
    assert client.get(url).status_code == 404  # a draft's workbook is nobody's either
    services.report_submit(report=report, actor=org.clerk)
    services.report_review(report=report, actor=org.reviewer)
    services.report_sign(report=report, actor=org.signer)
    response = client.get(url)
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    texts = {value for value in values if isinstance(value, str)}
    missing = [label for label in NATIONAL_LABELS if label not in texts]
    assert not missing, missing
    # Part 三's first row: the labels' cells in column A, the numbers beside them, as numbers.
    new_row = next(row for row in sheet.iter_rows() if row[0].value == "一、本年新收政府信息公开申请数量")
    assert [cell.value for cell in new_row[1:8]] == [1, 2, 1, 1, 1, 0, 6]
    assert all(isinstance(cell.value, int) for cell in new_row[1:8])
    assert sheet["A1"].value == report.title


def _published(org):
    report = services.report_create(department=org.department, year=2026, actor=org.clerk)
    services.report_submit(report=report, actor=org.clerk)
    services.report_review(report=report, actor=org.reviewer)
    services.report_sign(report=report, actor=org.signer)
    return report


def test_the_word_document_has_every_national_label_and_the_tables_of_the_page(org, client, year_2026):  # noqa: F811
    draft = services.report_create(department=org.other_department, year=2026, actor=org.other_clerk)
    assert client.get(reverse("annualreports:docx", args=[draft.pk])).status_code == 404
    report = _published(org)
    response = client.get(reverse("annualreports:docx", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    missing = [label for label in NATIONAL_LABELS if label not in cells and label not in paragraphs]
    assert not missing, missing
    assert paragraphs[0] == report.title
    # Four blocks of part 二, then parts 三 and 四, as on the page.
    assert len(document.tables) == 6
    three = document.tables[4]
    new_row = next(row for row in three.rows if row.cells[0].text == "一、本年新收政府信息公开申请数量")
    assert [cell.text for cell in new_row.cells[1:8]] == ["1", "2", "1", "1", "1", "0", "6"]
    # The merged header: the 勾稽 note spans the three header rows of column A, 法人或其他组织 five columns.
    assert three.cell(0, 0).text == three.cell(2, 0).text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [three.cell(1, column).text for column in range(2, 7)] == ["法人或其他组织"] * 5
    four = document.tables[5]
    assert [four.cell(0, column).text for column in (0, 4, 5, 14)] == ["行政复议", "行政复议", "行政诉讼", "行政诉讼"]
    assert len(four.rows) == 4 and len(four.columns) == 15
