"""An annual report's contents: computed from the portal's data (parts 二、三、四), its text parts
pre-filled (一 总体情况, 六 其他需要报告的事项), and the clerk's manual cells kept until the tables are
computed again. The 勾稽 check (一 + 二 = 三（七）+ 四 in every column) refuses a report that breaks it."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.domains import all_domains
from disclosures.choices import DisclosureMode
from disclosures.selectors import counted_publications
from inforequests.models import InfoRequest
from inforequests.statistics import COLUMNS

from . import tables
from .models import AnnualReport


def _requests(report: AnnualReport):
    """The requests the report counts: those addressed to its body (条例第二十七条)."""
    return InfoRequest.objects.filter(addressed_to=report.department)


def _jsonable(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def compute_contents(report: AnnualReport) -> dict:
    departments = [report.department]
    three = tables.part_three(_requests(report), report.year)
    return {
        "two": [
            {"heading": block.heading, "columns": list(block.columns),
             "rows": [[label, [_jsonable(value) for value in values]] for label, values in block.rows]}
            for block in tables.part_two(departments, report.year)
        ],
        "three": {
            "columns": [label for _code, label in COLUMNS] + ["总计"],
            "rows": [
                {"key": row.key, "label": row.label, "level": row.level, "heading": row.heading,
                 "cells": [] if row.heading else row.cells()}
                for row in three
            ],
        },
        "four": {
            "columns": list(tables.PART_FOUR_COLUMNS),
            "groups": [[label, counts] for label, counts in tables.part_four(departments, report.year)],
        },
    }  # fmt: skip


def stored_balance_errors(report: AnnualReport) -> list[str]:
    """The 勾稽 errors of part 三 as it stands, the clerk's manual cells included."""
    rows = report.contents.get("three", {}).get("rows", [])
    return tables.balance_errors_of(
        {item["key"]: item["cells"] for item in rows if not item["heading"]}, {item["key"]: item["label"] for item in rows}
    )


def overview_text(report: AnnualReport) -> str:
    """一、总体情况, pre-filled: the year's 主动公开 records by domain, the on-time rate, the requests."""
    year = report.year
    records = counted_publications(year=year).filter(
        department=report.department, disclosure_mode=DisclosureMode.ACTIVE
    )
    by_domain = dict(records.values_list("domain").annotate(n=Count("pk")).values_list("domain", "n"))
    total = sum(by_domain.values())
    on_time = records.filter(late_working_days=0).count()
    parts = "、".join(f"{domain.label}{by_domain.get(domain.code, 0)}条" for domain in all_domains())
    rate = f"{on_time * 100 / total:.1f}%" if total else "—"
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    requests = _requests(report)
    received = requests.filter(received_on__range=(start, end)).count()
    closed = requests.filter(
        Q(status="answered", replied_on__range=(start, end)) | Q(status__in=["abandoned", "withdrawn"], closed_on__range=(start, end))
    ).count()
    return (
        f"{year}年，本机关在重点领域信息公开专栏主动公开政府信息{total}条，其中{parts}；按时公开{on_time}条，"
        f"按时公开率{rate}。全年新收政府信息公开申请{received}件，办结{closed}件。"
    )


def other_matters_text(report: AnnualReport) -> str:
    """六、其他需要报告的事项, pre-filled with the 信息处理费 (国办函〔2020〕109号) collected in the year."""
    paid = _requests(report).filter(fee_paid_on__year=report.year)
    summary = paid.aggregate(n=Count("pk"), amount=Sum("fee_amount"))
    amount = summary["amount"] or Decimal(0)
    return f"本年度收取信息处理费{summary['n']}件，金额{amount.normalize():f}元。"


def fill(report: AnnualReport) -> AnnualReport:
    """Compute the tables and pre-fill the text parts still empty (not saved)."""
    report.contents = compute_contents(report)
    report.computed_at = timezone.now()
    report.overview = report.overview or overview_text(report)
    report.other_matters = report.other_matters or other_matters_text(report)
    return report


def rollup_contents(contents: list[dict]) -> dict:
    """The departments' and towns' tables added up, cell by cell, as the office adds them for the county's own
    report (parts 二、三、四 of the national format; the stored tables, manual cells included)."""
    if not contents:
        return {}
    first = contents[0]

    def add(values_list):
        return [_jsonable(sum((Decimal(str(value)) for value in values), Decimal(0)).normalize())
                if any(isinstance(value, str) for value in values) else sum(values)
                for values in zip(*values_list, strict=True)]

    two = [
        {**block, "rows": [[label, add([other["two"][b]["rows"][r][1] for other in contents])]
                           for r, (label, _values) in enumerate(block["rows"])]}
        for b, block in enumerate(first["two"])
    ]
    three_rows = [
        {**row, "cells": [] if row["heading"] else add([other["three"]["rows"][r]["cells"] for other in contents])}
        for r, row in enumerate(first["three"]["rows"])
    ]
    groups = [[label, add([other["four"]["groups"][g][1] for other in contents])]
              for g, (label, _counts) in enumerate(first["four"]["groups"])]
    return {"two": two, "three": {**first["three"], "rows": three_rows}, "four": {**first["four"], "groups": groups}}
