"""The annual report's tables, computed from the portal's data in the national layout (国办公开办函〔2021〕30号,
《中华人民共和国政府信息公开工作年度报告格式》). Labels are the format's, character for character.

- Part 二 (主动公开政府信息情况): four blocks by 条例第二十条 items; the decision counts and fee amounts come
  from the departments' yearly tallies (`DecisionTally`).
- Part 三 (收到和处理政府信息公开申请情况): inforequests.statistics.table_three for 1 January – 31 December.
- Part 四 (政府信息公开行政复议、行政诉讼情况): one row of 15 numbers from the `ReviewCase` register.

`balance_errors` is the format's 勾稽关系: in every column, 一 + 二 = 三（七）+ 四."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from disclosures.choices import DisclosureMode, DocumentKind, Status, Validity
from disclosures.models import Disclosure
from disclosures.selectors import year_bounds
from inforequests.statistics import COLUMNS, Row, table_three

from .choices import ReviewKind, ReviewResult
from .models import DecisionTally, ReviewCase

# --- part 二 -----------------------------------------------------------------------------------------
PART_TWO_DOCUMENTS = "第二十条第（一）项"
PART_TWO_LICENCES = "第二十条第（五）项"
PART_TWO_DECISIONS = "第二十条第（六）项"
PART_TWO_FEES = "第二十条第（八）项"
DOCUMENT_COLUMNS = ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
DECISION_COLUMNS = ("信息内容", "本年处理决定数量")
FEE_COLUMNS = ("信息内容", "本年收费金额（单位：万元）")
DOCUMENT_ROWS = {DocumentKind.RULE: "规章", DocumentKind.NORMATIVE: "行政规范性文件"}


@dataclass
class Block:
    heading: str  # 第二十条第（一）项
    columns: tuple[str, ...]
    rows: list[tuple[str, list]]  # (信息内容, numbers)


def document_counts(departments, year: int) -> dict[str, tuple[int, int, int]]:
    """规章 / 行政规范性文件 → (本年制发件数, 本年废止件数, 现行有效件数) from the departments' records of that kind
    (文件类型, 有效性: disclosures.services.document_validity_errors):

    - 制发: published in the year (a record published and later withdrawn was issued all the same);
    - 废止: abolished (有效性 废止) with its 废止日期 in the year;
    - 现行有效: published by 31 December and, on that day, neither expired nor abolished."""
    start, end = year_bounds(year)
    last_day = datetime.date(year, 12, 31)
    records = Disclosure.objects.filter(
        department__in=departments, document_kind__in=DOCUMENT_ROWS,
        status__in=[Status.PUBLISHED, Status.WITHDRAWN],
    ).exclude(disclosure_mode=DisclosureMode.NOT_DISCLOSED)
    counts = records.values("document_kind").annotate(
        issued=Count("pk", filter=Q(published_at__gte=start, published_at__lt=end)),
        abolished=Count("pk", filter=Q(validity=Validity.ABOLISHED, validity_ended_on__year=year)),
        in_force=Count("pk", filter=Q(status=Status.PUBLISHED, published_at__lt=end) & (
            Q(validity=Validity.VALID) | Q(validity_ended_on__gt=last_day)
        )),
    ).order_by()
    return {DOCUMENT_ROWS[row["document_kind"]]: (row["issued"], row["abolished"], row["in_force"]) for row in counts}


def part_two(departments, year: int) -> list[Block]:
    """Part 二 for `year`: block 一 from the departments' 规章 and 行政规范性文件 (`document_counts`), the other
    blocks from their tallies."""
    documents = document_counts(departments, year)
    totals = DecisionTally.objects.filter(department__in=departments, year=year).aggregate(
        licences=Sum("licences"), penalties=Sum("penalties"), enforcement=Sum("enforcement"), fees=Sum("fees"),
    )
    fees = (totals["fees"] or Decimal(0)).quantize(Decimal("0.0001"))
    return [
        Block(PART_TWO_DOCUMENTS, DOCUMENT_COLUMNS, [
            ("规章", list(documents.get("规章", (0, 0, 0)))),
            ("行政规范性文件", list(documents.get("行政规范性文件", (0, 0, 0)))),
        ]),
        Block(PART_TWO_LICENCES, DECISION_COLUMNS, [("行政许可", [totals["licences"] or 0])]),
        Block(PART_TWO_DECISIONS, DECISION_COLUMNS, [
            ("行政处罚", [totals["penalties"] or 0]),
            ("行政强制", [totals["enforcement"] or 0]),
        ]),
        Block(PART_TWO_FEES, FEE_COLUMNS, [("行政事业性收费", [fees.normalize() if fees else Decimal(0)])]),
    ]  # fmt: skip


# --- part 三 -----------------------------------------------------------------------------------------
def part_three(requests, year: int) -> list[Row]:
    return table_three(requests, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def balance_errors(rows: list[Row]) -> list[str]:
    """The columns where 一 + 二 ≠ 三（七）+ 四, each named, in Chinese; empty when the table balances."""
    return balance_errors_of({row.key: row.cells() for row in rows if not row.heading},
                             {row.key: row.label for row in rows})


def balance_errors_of(cells: dict[str, list[int]], row_labels: dict[str, str] | None = None) -> list[str]:
    """The same check on a table's cells as stored ({row key: the 7 numbers}, manual cells included): each
    row's 总计 is the sum of its columns, （七）总计 is the sum of the result rows, and in every column
    一 + 二 = 三（七）+ 四."""
    labels = [label for _code, label in COLUMNS] + ["总计"]
    errors = []
    for key, values in cells.items():
        if sum(values[:-1]) != values[-1]:
            errors.append(f"“{(row_labels or {}).get(key, key)}”行的总计 {values[-1]} 不等于各列之和 {sum(values[:-1])}。")
    results = [values for key, values in cells.items() if key not in ("new", "carried", "total", "forward")]
    for index, label in enumerate(labels):
        summed = sum(values[index] for values in results)
        if summed != cells["total"][index]:
            errors.append(f"“{label}”列的办理结果总计 {cells['total'][index]} 不等于各项之和 {summed}。")
        left = cells["new"][index] + cells["carried"][index]
        right = cells["total"][index] + cells["forward"][index]
        if left != right:
            errors.append(
                f"“{label}”列不平衡：本年新收 {cells['new'][index]} + 上年结转 {cells['carried'][index]} = {left}，"
                f"而办理结果总计 {cells['total'][index]} + 结转下年度 {cells['forward'][index]} = {right}。"
            )
    return errors


# --- part 四 -----------------------------------------------------------------------------------------
PART_FOUR_GROUPS = (
    (ReviewKind.RECONSIDERATION, "行政复议"),
    (ReviewKind.LITIGATION_DIRECT, "未经复议直接起诉"),
    (ReviewKind.LITIGATION_AFTER, "复议后起诉"),
)
PART_FOUR_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def part_four(departments, year: int) -> list[tuple[str, list[int]]]:
    """Part 四: for each group, cases filed by 31 December of `year` and not closed before its 1 January,
    by result; a case not closed by 31 December is 尚未审结."""
    end, start = datetime.date(year, 12, 31), datetime.date(year, 1, 1)
    cases = ReviewCase.objects.filter(department__in=departments, filed_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    groups = []
    for kind, label in PART_FOUR_GROUPS:
        of_kind = [case for case in cases if case.kind == kind]
        closed = [case for case in of_kind if case.closed_on is not None and case.closed_on <= end and case.result]
        counts = [sum(1 for case in closed if case.result == result) for result in ReviewResult.values]
        counts.append(len(of_kind) - len(closed))
        counts.append(sum(counts))
        groups.append((label, counts))
    return groups
