"""The demo county's 政府信息公开工作年度报告: the 发展和改革委员会's 2025 report, published through its review
chain, and the county government's 2026 report as a draft (its tables computed from the demo's requests)."""

import datetime

from django.utils import timezone

from annualreports import services
from annualreports.models import AnnualReport, DecisionTally
from inforequests import services as requests

D = datetime.date
# The 发展和改革委员会's own requests of 2025 (applied to it directly, 第二十七条): (kind, contact, received,
# answer type, sub-reason, answered on; None: answered in 2026, carried into the next year).
REQUESTS_2025 = [
    ("person", "", D(2025, 3, 10), "disclosed", "", D(2025, 3, 28)),
    ("business", "吴婷", D(2025, 5, 12), "partly", "", D(2025, 6, 5)),
    ("legal", "郑律师", D(2025, 7, 7), "refused", "process", D(2025, 7, 25)),
    ("person", "", D(2025, 9, 1), "unavailable", "not_held", D(2025, 9, 12)),
    ("research", "何老师", D(2025, 12, 22), "disclosed", "", D(2026, 1, 13)),
]


def build(county) -> None:
    fgw, office = county.departments["QSFGW"], county.departments["QSZFB"]
    today = county.today
    DecisionTally.objects.create(department=fgw, year=today.year - 1, licences=126, penalties=9, enforcement=1,
                                 fees=0, source="青山县投资项目在线审批监管平台 2025 年度统计（演示数据）")
    clerk, reviewer = county.users["clerk"], county.users["reviewer"]
    for number, (kind, contact, received, reply_type, subtype, answered) in enumerate(REQUESTS_2025, start=1):
        request, _code = requests.request_create(
            addressed_to=fgw, channel="in_person", actor=clerk, received_on=received, applicant_type=kind,
            applicant_name=f"申请人{number}", contact_person=contact, id_type="id_card",
            id_number=f"53010219800101{number:04d}", phone=f"1380000{number:04d}", description=f"2025年第{number}件申请的信息",
            info_form="electronic", delivery="email", email=f"a{number}@example.com",
        )
        requests.request_assign(request=request, actor=clerk, department=fgw, on=received)
        requests.reply_submit(request=request, actor=clerk, reply_type=reply_type, subtype=subtype, text="答复。",
                              basis="《政府信息公开条例》第十六条第二款" if reply_type != "disclosed" else "")
        requests.reply_issue(request=request, actor=reviewer, on=answered)
    report = services.report_create(department=fgw, year=today.year - 1, actor=county.users["clerk"])
    services.report_edit(report=report, actor=county.users["clerk"], texts={
        "problems": "个别政府信息公开申请答复用时较长，下一步将在收到申请后即分办、每周核对办理进度。",
    })  # fmt: skip
    services.report_submit(report=report, actor=county.users["clerk"])
    services.report_review(report=report, actor=county.users["reviewer"])
    services.report_sign(report=report, actor=county.users["signer"])
    _back_date(report, D(today.year, 1, 20))
    services.report_create(department=office, year=today.year, actor=county.users["office"])


def _back_date(report, published_on: datetime.date) -> None:
    """The 2025 report was published in the January after its year, before the 31 January deadline (条例第四十九
    条), as the demo's records are published on back-dated days (demo.county.backdate); its audit trail, which
    only grows, keeps the day the demo was built."""
    AnnualReport.objects.filter(pk=report.pk).update(
        published_at=timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(10, 30)))
    )
