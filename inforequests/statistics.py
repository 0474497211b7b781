"""The requests of a period in the layout of table 三 of the annual report (国办公开办函〔2021〕30号,
《政府信息公开工作年度报告格式》): 收到和处理政府信息公开申请情况. Rows: new, carried over, the results by
answer type and sub-reason, the total, carried forward; columns: 自然人, the five kinds of 法人或其他组织,
总计. The annual-report issue reads `table_three`; the office's page shows it for any period.

What is counted where:
- 本年新收: received (第三十一条) within the period;
- 上年结转: received before the period and not closed before it;
- 办理结果: closed within the period — answered (答复日期), abandoned or withdrawn (终结日期) — under the
  answer type and sub-reason the request was closed with (withdrawals: 其他处理 / 其他);
- 结转下年度继续办理: received by the period's end and not closed by then."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from . import rules
from .choices import ApplicantType, ReplyType, Status

COLUMNS = [(code, label) for code, label in ApplicantType.choices]
NUMERALS = "一二三四五六七八"
TYPE_ROWS = [  # （一）…（六）: the answer types of table 三, in its order
    (ReplyType.DISCLOSED, "予以公开"),
    (ReplyType.PARTLY, "部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (ReplyType.REFUSED, "不予公开"),
    (ReplyType.UNAVAILABLE, "无法提供"),
    (ReplyType.NOT_PROCESSED, "不予处理"),
    (ReplyType.OTHER, "其他处理"),
]


@dataclass
class Row:
    key: str
    label: str
    level: int  # 0: 一、二、三、四; 1: （一）…; 2: 1. 2. …
    counts: dict[str, int] = field(default_factory=dict)
    heading: bool = False  # a row whose numbers are in the rows under it (三、, （三）不予公开…)

    @property
    def total(self) -> int:
        return sum(self.counts.get(code, 0) for code, _label in COLUMNS)

    def cells(self) -> list[int]:
        return [self.counts.get(code, 0) for code, _label in COLUMNS] + [self.total]


def _by_type(queryset) -> dict[str, int]:
    return {row["applicant_type"]: row["n"] for row in queryset.values("applicant_type").annotate(n=Count("pk"))}


def closed_by(day: datetime.date) -> Q:
    """Requests closed on or before `day`: answered, abandoned or withdrawn."""
    return Q(status=Status.ANSWERED, replied_on__lte=day) | Q(
        status__in=[Status.ABANDONED, Status.WITHDRAWN], closed_on__lte=day
    )


def table_three(requests, start: datetime.date, end: datetime.date) -> list[Row]:
    """Table 三 for the requests of `requests` (a queryset: a jurisdiction's, a department's) from `start`
    to `end`, both included."""
    received = requests.filter(received_on__isnull=False)
    rows = [
        Row("new", "一、本年新收政府信息公开申请数量", 0, _by_type(received.filter(received_on__range=(start, end)))),
        Row("carried", "二、上年结转政府信息公开申请数量", 0,
            _by_type(received.filter(received_on__lt=start).exclude(closed_by(start - datetime.timedelta(days=1))))),
        Row("results", "三、本年度办理结果", 0, heading=True),
    ]
    closed = requests.filter(
        Q(status=Status.ANSWERED, replied_on__range=(start, end))
        | Q(status__in=[Status.ABANDONED, Status.WITHDRAWN], closed_on__range=(start, end))
    )
    counted = {
        (item["reply_type"], item["reply_subtype"], item["applicant_type"]): item["n"]
        for item in closed.values("reply_type", "reply_subtype", "applicant_type").annotate(n=Count("pk"))
    }
    total = Row("total", "（七）总计", 1)
    for index, (reply_type, label) in enumerate(TYPE_ROWS):
        subtypes = rules.SUBTYPES[reply_type]
        type_row = Row(reply_type, f"（{NUMERALS[index]}）{label}", 1)
        for (kind, _sub, applicant), n in counted.items():
            if kind == reply_type:
                type_row.counts[applicant] = type_row.counts.get(applicant, 0) + n
                total.counts[applicant] = total.counts.get(applicant, 0) + n
        if subtypes:
            rows.append(Row(reply_type, f"（{NUMERALS[index]}）{label}", 1, heading=True))
            for number, item in enumerate(subtypes, start=1):
                sub_row = Row(f"{reply_type}:{item.code}", f"{number}.{item.label}", 2)
                for (kind, sub, applicant), n in counted.items():
                    if kind == reply_type and sub == item.code:
                        sub_row.counts[applicant] = n
                rows.append(sub_row)
        else:
            rows.append(type_row)
    rows.append(total)
    rows.append(Row("forward", "四、结转下年度继续办理", 0,
                    _by_type(received.filter(received_on__lte=end).exclude(closed_by(end)))))
    return rows
