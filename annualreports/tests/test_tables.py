"""The annual report's tables on a fixture year, computed by hand: part 三 with a request carried over from
2025 and one carried into 2027, the 勾稽 check refusing a tampered cell, part 二 from the tallies, part 四
with an open and a closed case. Labels are the national format's (国办公开办函〔2021〕30号) character for
character."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from annualreports import tables
from annualreports.models import DecisionTally, ReviewCase
from disclosures import services as disclosure_services
from disclosures.tests.factories import draft, published
from inforequests import services
from inforequests.models import InfoRequest
from inforequests.tests.test_rules import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2027-01-15T10:00")]
D = datetime.date

PART_THREE_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]


def received(org, day, **applicant):
    request, _ = services.request_create(
        addressed_to=org.department, channel="in_person", actor=org.clerk, received_on=day, **(APPLICANT | applicant)
    )
    return services.request_assign(request=request, actor=org.clerk, department=org.department, on=day)


def answered(org, day, reply_type, on, subtype="", **applicant):
    request = received(org, day, **applicant)
    services.reply_submit(request=request, actor=org.clerk, reply_type=reply_type, subtype=subtype, text="答复。",
                          basis="《政府信息公开条例》第十五条")
    return services.reply_issue(request=request, actor=org.reviewer, on=on)


@pytest.fixture
def year_2026(org):
    """By hand — 2026, the department's requests (person unless said):
    carried over: one received 2025-12-22, answered 2026-01-09 予以公开;
    new in 2026: 部分公开 (商业企业), 不予公开/4 (法律服务机构), 不予公开/4 (商业企业), 无法提供/1, 不予处理/2
    (社会公益组织), one still open on 31 December (科研机构) — 6 new, 5 answered + 1 carried over answered = 6
    results, 1 carried forward; one answered in 2025 belongs to no 2026 row."""
    answered(org, D(2025, 11, 3), "disclosed", D(2025, 11, 20))
    answered(org, D(2025, 12, 22), "disclosed", D(2026, 1, 9))
    answered(org, D(2026, 3, 2), "partly", D(2026, 3, 20), applicant_type="business", contact_person="吴婷")
    answered(org, D(2026, 4, 7), "refused", D(2026, 4, 28), subtype="third_party", applicant_type="legal",
             contact_person="郑律师")
    answered(org, D(2026, 5, 6), "refused", D(2026, 5, 20), subtype="third_party", applicant_type="business",
             contact_person="吴婷")
    answered(org, D(2026, 6, 1), "unavailable", D(2026, 6, 12), subtype="not_held")
    answered(org, D(2026, 7, 1), "not_processed", D(2026, 7, 8), subtype="repeated", applicant_type="nonprofit",
             contact_person="林会长")
    received(org, D(2026, 12, 21), applicant_type="research", contact_person="何老师")
    return InfoRequest.objects.filter(addressed_to=org.department)


def cells(rows, key):
    return next(row for row in rows if row.key == key).cells()


def test_part_three_of_the_fixture_year(year_2026):
    rows = tables.part_three(year_2026, 2026)
    assert [row.label for row in rows] == PART_THREE_LABELS
    #                                          自然人 商业 科研 公益 法律 其他 总计
    assert cells(rows, "new") == [1, 2, 1, 1, 1, 0, 6]
    assert cells(rows, "carried") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(rows, "disclosed") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(rows, "partly") == [0, 1, 0, 0, 0, 0, 1]
    assert cells(rows, "refused:third_party") == [0, 1, 0, 0, 1, 0, 2]
    assert cells(rows, "unavailable:not_held") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(rows, "not_processed:repeated") == [0, 0, 0, 1, 0, 0, 1]
    assert cells(rows, "total") == [2, 2, 0, 1, 1, 0, 6]
    assert cells(rows, "forward") == [0, 0, 1, 0, 0, 0, 1]
    assert tables.balance_errors(rows) == []


def test_the_balance_check_names_the_tampered_column(year_2026):
    rows = tables.part_three(year_2026, 2026)
    partly = next(row for row in rows if row.key == "partly")
    partly.counts["business"] += 1  # a hand-edited cell
    total = next(row for row in rows if row.key == "total")
    total.counts["business"] += 1
    assert tables.balance_errors(rows) == [
        "“商业企业”列不平衡：本年新收 2 + 上年结转 0 = 2，而办理结果总计 3 + 结转下年度 0 = 3。",
        "“总计”列不平衡：本年新收 6 + 上年结转 1 = 7，而办理结果总计 7 + 结转下年度 1 = 8。",
    ]


def test_part_two_from_the_departments_tallies(org):
    DecisionTally.objects.create(department=org.department, year=2026, licences=132, penalties=17, enforcement=2,
                                 fees=Decimal("35.6000"), source="县发改委业务系统年度统计")
    DecisionTally.objects.create(department=org.other_department, year=2026, licences=8, penalties=0, enforcement=0,
                                 fees=Decimal("1.2500"), source="县自然资源局业务系统年度统计")
    DecisionTally.objects.create(department=org.department, year=2025, licences=999, source="上一年")
    blocks = tables.part_two([org.department, org.other_department], 2026)
    assert [block.heading for block in blocks] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                                                   "第二十条第（八）项"]
    assert blocks[0].columns == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert blocks[0].rows == [("规章", [0, 0, 0]), ("行政规范性文件", [0, 0, 0])]  # a county makes no 规章: zeros
    assert blocks[1].rows == [("行政许可", [140])]
    assert blocks[2].rows == [("行政处罚", [17]), ("行政强制", [2])]
    assert blocks[3].columns[1] == "本年收费金额（单位：万元）"
    assert blocks[3].rows == [("行政事业性收费", [Decimal("36.85")])]


def _document(org, on: str, title: str, **fields):
    """A 社会救助 policy record of the org's department, written, formed and published on `on`."""
    fields = {"domain": "welfare", "category": "social_assistance", "details": {"item_type": "policy"}, "title": title, **fields}
    with time_machine.travel(datetime.datetime.fromisoformat(f"{on}T10:00+08:00"), tick=False):
        return published(org, written_on=D.fromisoformat(on), formed_on=D.fromisoformat(on), **fields)


def test_part_two_counts_the_documents_issued_abolished_and_in_force(org):
    """Block 一 from the records' 文件类型 and 有效性: issued = published in 2026; abolished = 废止日期 in 2026;
    in force = published by 31 December 2026 and neither expired nor abolished on that day."""
    normative = {"document_kind": "normative", "validity": "valid"}
    _document(org, "2025-06-02", "2025年的规范性文件，仍有效", **normative)
    _document(org, "2025-07-01", "2025年的规范性文件，2026年废止", document_kind="normative", validity="abolished",
              validity_ended_on=D(2026, 9, 30))
    _document(org, "2025-08-01", "2025年的规范性文件，2027年失效", document_kind="normative", validity="expired",
              validity_ended_on=D(2027, 6, 30))
    _document(org, "2026-03-02", "2026年的规范性文件", **normative)
    abolished_later = _document(org, "2026-04-01", "2026年的规范性文件，2027年废止", **normative)
    _document(org, "2026-05-06", "2026年的规范性文件，当年失效", document_kind="normative", validity="expired",
              validity_ended_on=D(2026, 12, 1))
    _document(org, "2026-05-07", "2026年的一般通知")  # 其他: not counted
    _document(org, "2027-01-05", "2027年的规范性文件", **normative)  # next year
    draft(org.clerk, org.department, domain="welfare", category="social_assistance", details={"item_type": "policy"},
          title="草稿", **normative)
    withdrawn = _document(org, "2026-06-01", "2026年发布后撤回的规范性文件", **normative)
    disclosure_services.disclosure_withdraw(disclosure=withdrawn, actor=org.reviewer, reason="发布有误")
    # 2027: the clerk corrects a 2026 document to say it is abolished from 10 January 2027.
    correction = disclosure_services.disclosure_start_correction(
        disclosure=abolished_later, actor=org.clerk, change_note="本文件自2027年1月10日起废止。"
    )
    disclosure_services.disclosure_update(
        disclosure=correction, actor=org.clerk, expected_version=None, validity="abolished",
        validity_ended_on=D(2027, 1, 10),
    )
    for step, actor in ((disclosure_services.disclosure_submit, org.clerk),
                        (disclosure_services.disclosure_review, org.reviewer),
                        (disclosure_services.disclosure_sign, org.signer)):
        step(disclosure=correction, actor=actor)
    abolished_later.refresh_from_db()
    assert (abolished_later.validity, abolished_later.validity_ended_on) == ("abolished", D(2027, 1, 10))

    documents = tables.part_two([org.department], 2026)[0]
    # issued: 2026-03-02, 2026-04-01, 2026-05-06, 2026-06-01 (withdrawn) = 4; abolished in 2026: 1;
    # in force on 31 Dec 2026: 2025-06-02, 2025-08-01 (expires 2027), 2026-03-02, 2026-04-01 (abolished 2027) = 4.
    assert documents.rows == [("规章", [0, 0, 0]), ("行政规范性文件", [4, 1, 4])]
    assert tables.part_two([org.department], 2025)[0].rows == [("规章", [0, 0, 0]), ("行政规范性文件", [3, 0, 3])]
    assert tables.part_two([org.other_department], 2026)[0].rows[1] == ("行政规范性文件", [0, 0, 0])


def test_part_four_with_an_open_and_a_closed_case(org):
    ReviewCase.objects.create(department=org.department, kind="reconsideration", filed_on=D(2026, 3, 1),
                              result="upheld", closed_on=D(2026, 5, 10))
    ReviewCase.objects.create(department=org.department, kind="reconsideration", filed_on=D(2026, 11, 1),
                              result="corrected", closed_on=D(2027, 1, 10))  # closed after 31 December
    ReviewCase.objects.create(department=org.department, kind="litigation_direct", filed_on=D(2026, 9, 1))
    ReviewCase.objects.create(department=org.department, kind="litigation_after", filed_on=D(2025, 6, 1),
                              result="other", closed_on=D(2025, 12, 1))  # closed last year: not in 2026
    assert tables.part_four([org.department], 2026) == [
        ("行政复议", [1, 0, 0, 1, 2]),
        ("未经复议直接起诉", [0, 0, 0, 1, 1]),
        ("复议后起诉", [0, 0, 0, 0, 0]),
    ]
    assert tables.PART_FOUR_COLUMNS == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
