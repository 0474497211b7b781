"""Table 三 of the annual report for a period, and the office's board: what needs action now and the
第四十四条 list."""

import pytest
from django.test import Client
from django.urls import reverse

from inforequests import services, statistics
from inforequests.board import board, disclosed_to_several
from inforequests.models import InfoRequest

from .test_rules import APPLICANT, D, approver

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00")]


def received(org, day, **applicant):
    request, _ = services.request_create(
        addressed_to=org.office_department, channel="in_person", actor=org.office, received_on=day,
        **(APPLICANT | applicant),
    )
    return services.request_assign(request=request, actor=org.office, department=org.department, on=day)


def answer(org, request, reply_type, on, subtype="", basis="《政府信息公开条例》第十五条"):
    services.reply_submit(request=request, actor=org.clerk, reply_type=reply_type, subtype=subtype, text="答复。",
                          basis=basis)
    return services.reply_issue(request=request, actor=org.reviewer, on=on)


@pytest.fixture
def year(org):
    """Requests across 2025 and 2026: carried over, new, closed in each way, and carried forward."""
    carried = received(org, D(2025, 12, 22))  # received last year, answered this year
    answer(org, carried, "disclosed", D(2026, 1, 9))
    old = received(org, D(2025, 11, 3))  # received and answered last year: not in 2026
    answer(org, old, "disclosed", D(2025, 11, 20))
    partly = received(org, D(2026, 3, 2), applicant_type="business", contact_person="吴婷")
    answer(org, partly, "partly", D(2026, 3, 20))
    refused = received(org, D(2026, 4, 7), applicant_type="legal", contact_person="郑律师")
    answer(org, refused, "refused", D(2026, 4, 28), subtype="third_party")
    abandoned = received(org, D(2026, 5, 11))
    services.request_correction(request=abandoned, actor=org.clerk, on=D(2026, 5, 12), content="请写明文号。",
                                deadline=D(2026, 5, 26))
    services.daily_rules(as_of=D(2026, 5, 27))
    withdrawn = received(org, D(2026, 6, 1), applicant_type="research", contact_person="何老师")
    services.request_withdraw(request=withdrawn, actor=org.office, on=D(2026, 6, 3), reason="申请人撤回")
    received(org, D(2026, 12, 1))  # open at the year's end: carried forward
    return InfoRequest.objects.all()


def counts(rows, key) -> list[int]:
    return next(row for row in rows if row.key == key).cells()


def test_table_three_counts_each_request_in_its_row_and_column(year):
    rows = statistics.table_three(year, D(2026, 1, 1), D(2026, 12, 31))
    #                                         自然人 商业 科研 公益 法律 其他 总计
    assert counts(rows, "new") == [2, 1, 1, 0, 1, 0, 5]
    assert counts(rows, "carried") == [1, 0, 0, 0, 0, 0, 1]
    assert counts(rows, "disclosed") == [1, 0, 0, 0, 0, 0, 1]
    assert counts(rows, "partly") == [0, 1, 0, 0, 0, 0, 1]
    assert counts(rows, "refused:third_party") == [0, 0, 0, 0, 1, 0, 1]
    assert counts(rows, "refused:state_secret") == [0] * 7
    assert counts(rows, "other:no_correction") == [1, 0, 0, 0, 0, 0, 1]
    assert counts(rows, "other:other") == [0, 0, 1, 0, 0, 0, 1]  # the withdrawal
    assert counts(rows, "total") == [2, 1, 1, 0, 1, 0, 5]
    assert counts(rows, "forward") == [1, 0, 0, 0, 0, 0, 1]
    # The report's own check: 一 + 二 = 三 + 四.
    assert counts(rows, "new")[-1] + counts(rows, "carried")[-1] == counts(rows, "total")[-1] + counts(rows, "forward")[-1]
    labels = [row.label for row in rows]
    assert labels[:3] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果"]
    assert "8.属于行政查询事项" in labels and "5.要求行政机关确认或重新出具已获取信息" in labels
    assert labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]


def test_any_period_can_be_counted(year):
    rows = statistics.table_three(year, D(2026, 3, 1), D(2026, 4, 30))
    assert counts(rows, "new")[-1] == 2 and counts(rows, "total")[-1] == 2
    assert counts(rows, "carried")[-1] == 0  # the 2025 request was answered in January


def test_the_office_sees_the_table_and_a_bad_period_is_refused(org, year):
    client = Client()
    client.force_login(org.office)
    url = reverse("admin:inforequests_inforequest_statistics")
    html = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert 'id="row-new"' in html and "本列数据的勾稽关系" in html
    bad = client.get(url, {"start": "2026-12-31", "end": "2026-01-01"})
    assert "截止日期不能早于起始日期。" in bad.content.decode()


def test_the_board_lists_what_needs_action(org, _pinned_clock):
    overdue = received(org, D(2026, 10, 9))  # due 2026-11-05
    soon = received(org, D(2026, 11, 9))  # due 2026-12-07: 1 working day away
    waiting, _ = services.request_create(addressed_to=org.office_department, channel="in_person", actor=org.office,
                                         received_on=D(2026, 12, 1), **APPLICANT)
    fresh, _ = services.request_create(addressed_to=org.office_department, channel="in_person", actor=org.office,
                                       received_on=D(2026, 12, 3), **APPLICANT)
    asked = received(org, D(2026, 11, 20))
    services.extension_request(request=asked, actor=org.clerk, on=D(2026, 12, 2), reason="档案较多")
    sections = {section.key: [r.number for r in section.requests] for section in board(InfoRequest.objects.all())}
    assert sections["overdue"] == [overdue.number]
    assert sections["due_soon"] == [soon.number]
    assert sections["unassigned"] == [waiting.number]  # fresh: only 1 working day
    assert fresh.number not in sections["unassigned"]
    assert sections["extension"] == [asked.number]
    services.extension_grant(request=asked, actor=approver(org), on=D(2026, 12, 3), days=5, reason="档案较多")
    assert not next(s for s in board(InfoRequest.objects.all()) if s.key == "extension").requests


def test_information_disclosed_to_two_applicants_is_offered_for_publication(org):
    first = received(org, D(2026, 11, 2), description="城西片区征收补偿方案")
    second = received(org, D(2026, 11, 9), applicant_name="马丽", description="城西片区 征收补偿方案。")
    other = received(org, D(2026, 11, 9), description="另一份文件")
    for request in (first, second, other):
        answer(org, request, "disclosed", D(2026, 11, 20))
    groups = disclosed_to_several(InfoRequest.objects.all())
    assert [[r.number for r in group["requests"]] for group in groups] == [[first.number, second.number]]
    client = Client()
    client.force_login(org.office)
    html = client.get(reverse("admin:inforequests_inforequest_board")).content.decode()
    assert "第四十四条" in html and "起草主动公开记录" in html
    assert f"department={org.department.pk}" in html
