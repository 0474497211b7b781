"""通报 on a hand-computed fixture: October 2026 in the conftest county. The 发改委 published 5 records (4 on time),
has 1 record overdue at the month's end and one notice answered late; the 自然资源局 published 6, all on time, and
nothing is late; the town's 党政办 published 1 on time (too few to be praised). Then the circular is generated,
edited, refused while its text holds a phone number, published, shown and downloaded; a draft is nobody's."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document

from core.exceptions import WorkflowError
from disclosures import services as records
from disclosures.models import Disclosure
from disclosures.tests.factories import draft
from supervision import services
from supervision.figures import department_figures

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-03T10:00")]
D = datetime.date


def _at(day: datetime.date, hour: int = 10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour - 8, tzinfo=datetime.UTC), tick=False)


def _publish(org, clerk, reviewer, department, title: str, formed: datetime.date, on: datetime.date) -> Disclosure:
    with _at(formed):
        record = draft(clerk, department, title=title, formed_on=formed)
    with _at(on):
        records.disclosure_submit(disclosure=record, actor=clerk)
        records.disclosure_review(disclosure=record, actor=reviewer)
        records.disclosure_sign(disclosure=record, actor=org.signer if department == org.department else reviewer)
    record.refresh_from_db()
    return record


@pytest.fixture
def october(org):
    # 发改委: 4 on time (published 2 days after forming), 1 late (formed 2026-08-03, due 2026-08-31).
    for n in range(4):
        _publish(org, org.clerk, org.reviewer, org.department, f"发改委按时{n}", D(2026, 10, 9), D(2026, 10, 12))
    late = _publish(org, org.clerk, org.reviewer, org.department, "发改委逾期", D(2026, 8, 3), D(2026, 10, 15))
    assert late.late_working_days > 0
    with _at(D(2026, 9, 1)):
        draft(org.clerk, org.department, title="发改委期末仍逾期", formed_on=D(2026, 9, 1))  # due 2026-09-29
    # 自然资源局: 6 on time, signed by its own reviewer (the town and county departments have no signer here).
    from organizations.choices import Role
    from organizations.tests.factories import member

    other_signer = member(org.other_department, Role.SIGNER, "signer2")
    for n in range(6):
        with _at(D(2026, 10, 9)):
            record = draft(org.other_clerk, org.other_department, title=f"资源局按时{n}", formed_on=D(2026, 10, 9))
        with _at(D(2026, 10, 12)):
            records.disclosure_submit(disclosure=record, actor=org.other_clerk)
            records.disclosure_review(disclosure=record, actor=org.other_reviewer)
            records.disclosure_sign(disclosure=record, actor=other_signer)
    # A notice to the 发改委 on 2026-10-08 (due 2026-10-15), answered on 2026-10-19: late.
    with _at(D(2026, 10, 8)):
        notice = services.notice_issue(actor=org.office, department=org.department, required_action="整改。",
                                       others=[("other", "专栏更新不及时")])
    with _at(D(2026, 10, 19)):
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施",
                                    items={item.pk: ("fixed", "", None) for item in notice.items.all()})
        services.notice_submit_answer(notice=notice, actor=org.reviewer)
    return org


def test_the_figures_of_october_by_hand(october, settings):
    org = october
    rows = {row.department: row for row in department_figures(
        [org.department, org.other_department, org.town_department], D(2026, 10, 1), D(2026, 10, 31))}
    fgw, zrzy, town = rows["县发展和改革委员会"], rows["县自然资源局"], rows["测试镇党政办"]
    assert (fgw.published, fgw.on_time, fgw.rate, fgw.overdue_at_end) == (5, 4, 80.0, 1)
    assert (fgw.notices, fgw.answered_on_time, fgw.answered_late, fgw.unanswered) == (1, 0, 1, 0)
    assert (zrzy.published, zrzy.on_time, zrzy.rate, zrzy.overdue_at_end, zrzy.notices) == (6, 6, 100.0, 0, 0)
    assert (town.published, town.rate) == (0, None)
    # Thresholds (settings): praise at 100% with at least 5 records; criticise under 80%, or 3 overdue.
    assert (fgw.verdict, zrzy.verdict, town.verdict) == ("", "praise", "")
    settings.PORTAL_CIRCULAR_CRITICISE_RATE = 85
    assert {row.department: row.verdict for row in department_figures(
        [org.department], D(2026, 10, 1), D(2026, 10, 31))} == {"县发展和改革委员会": "criticise"}
    settings.PORTAL_CIRCULAR_MIN_RECORDS = 7
    assert department_figures([org.other_department], D(2026, 10, 1), D(2026, 10, 31))[0].verdict == ""


def test_a_circular_is_generated_frozen_checked_published_and_downloaded(october, client):
    org = october
    circular = services.circular_generate(actor=org.office, start=D(2026, 10, 1), end=D(2026, 10, 31))
    assert circular.number == "政务公开通报〔2026〕1号" and circular.kind == "praise"
    assert "对县自然资源局予以通报表扬。" in circular.intro
    assert "发布信息11条，其中按时公开10条，按时公开率90.9%" in circular.intro
    public = reverse("supervision:circular", args=[circular.pk])
    assert client.get(public).status_code == 404  # a draft is nobody's
    with pytest.raises(WorkflowError):
        services.circular_issue(circular=circular, actor=org.clerk)
    # Later corrections do not rewrite it: the figures were frozen when it was generated.
    Disclosure.objects.filter(title="发改委逾期").update(late_working_days=0)
    circular.refresh_from_db()
    assert next(row for row in circular.figures if row["department"] == "县发展和改革委员会")["on_time"] == 4
    services.circular_edit(circular=circular, actor=org.office, title=circular.title,
                           intro=circular.intro + "\n联系人：王公开，电话 13912345678。")
    with pytest.raises(WorkflowError) as exc:
        services.circular_publish(circular=circular, actor=org.office)
    assert "通报中发现1处疑似个人信息" in exc.value.message
    circular.refresh_from_db()
    assert circular.status == "draft"
    assert client.get("/api/v1/circulars/").json()["count"] == 0  # a draft is not in the API either
    assert client.get(f"/api/v1/circulars/{circular.pk}/").status_code == 404
    services.circular_edit(circular=circular, actor=org.office, title=circular.title,
                           intro=circular.intro.replace("，电话 13912345678", ""))
    services.circular_publish(circular=circular, actor=org.office)
    circular.refresh_from_db()
    assert org.office_department.code in circular.index_no  # the office's 索引号
    html = client.get(public).content.decode()
    assert f"索引号 {circular.index_no}" in html
    assert "对县自然资源局予以通报表扬。" in html and '<th scope="row">县自然资源局</th>' in html
    assert circular.title in client.get(reverse("supervision:circulars")).content.decode()
    api = client.get(f"/api/v1/circulars/{circular.pk}/").json()
    assert api["number"] == "政务公开通报〔2026〕1号" and api["url"] == public
    fgw = next(row for row in api["figures"] if row["department"] == "县发展和改革委员会")
    assert (fgw["published"], fgw["on_time"], fgw["rate"], fgw["overdue_at_end"]) == (5, 4, 80.0, 1)
    response = client.get(reverse("supervision:circular_docx", args=[circular.pk]))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == circular.title
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][:4] == ["单位", "发布信息", "按时公开", "按时公开率（%）"]
    assert [cell.text for cell in table.rows[1].cells][:5] == ["县发展和改革委员会", "5", "4", "80.0", "1"]


def test_the_office_generates_in_the_back_office_and_a_department_reads_it_once_issued(october):
    org = october
    office = Client()
    office.force_login(org.office)
    response = office.post(reverse("admin:supervision_circular_add"),
                           {"period_start": "2026-10-31", "period_end": "2026-10-01", "kind": "situation"})
    assert "通报期间的结束日期不能早于开始日期。" in response.content.decode()
    office.post(reverse("admin:supervision_circular_add"),
                {"period_start": "2026-10-01", "period_end": "2026-10-31", "kind": "situation"})
    from supervision.models import Circular

    circular = Circular.objects.get()
    clerk = Client()
    clerk.force_login(org.clerk)
    change = reverse("admin:supervision_circular_change", args=[circular.pk])
    assert clerk.get(change).status_code in (302, 404)  # a draft is the office's
    office.post(reverse("admin:supervision_circular_do", args=[circular.pk]), {"op": "issue"})
    circular.refresh_from_db()
    assert circular.status == "internal"
    assert clerk.get(change).status_code == 200
    assert Client().get(reverse("supervision:circular", args=[circular.pk])).status_code == 404  # internal
