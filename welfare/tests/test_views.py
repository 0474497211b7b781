"""Public welfare pages: programmes per area with filters, a programme's page, nothing unpublished or unmasked."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosures.choices import DisclosureMode
from tests.contracts import records
from tests.contracts.subject_pages import SubjectPagesContract, fragment
from welfare.apps import PROGRAMME
from welfare.choices import WelfareArea

from .builders import (
    RAW_ID,
    RAW_NAME,
    RAW_PHONE,
    fund_record,
    make_programme,
    name_list_record,
    overdue_record,
    public_record,
    record_in_state,
)

pytestmark = pytest.mark.django_db


def private_records(org, programme) -> list[str]:
    """Records of every non-public kind on `programme`, and a 不予公开 standard whose text must not show
    either; returns their titles and that text."""
    titles = records.private_records(PROGRAMME, org, programme, details={"item_type": "fund", "amount": "1000"})
    public_record(org, programme, "standard", {"standard": "保密标准QxWithheldZ"}, title="保密标题QxStandardZ",
                  disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密")
    return titles + ["保密标题QxStandardZ", "保密标准QxWithheldZ"]


# ---------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------
class TestProgrammePagesContract(SubjectPagesContract):
    """The contract every domain's public pages keep (tests/contracts/subject_pages.py)."""

    domain = "welfare"
    pages_url = "/welfare/"
    filter_labels = ("项目名称", "领域", "信息类型", "主管部门", "所属区划（含下级）", "年份（实施开始，未填按录入）")
    invalid_filter = {"area": "nope"}
    paged_filter = {"area": WelfareArea.EDUCATION}
    unpaged = {"area": WelfareArea.SOCIAL_ASSISTANCE}
    more_pages = ("/welfare/?item_type=fund", f"/welfare/?area={WelfareArea.SOCIAL_ASSISTANCE}")
    column_links = (("/welfare/", "社会公益事业项目"),)

    def hide_on(self, org, subject):
        return private_records(org, subject)

    def publish_more(self, org, n):
        programme = make_programme(org, area=WelfareArea.values[n % 7])
        public_record(org, programme)
        fund_record(org, programme, "100")


class TestList:
    def test_shows_public_programmes_with_their_columns(self, client, org):
        programme = make_programme(
            org, name="城乡最低生活保障", area=WelfareArea.SOCIAL_ASSISTANCE, total_funds=Decimal("12345678.00"),
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31),
            department=org.other_department,
        )
        record = public_record(org, programme)
        hidden = make_programme(org, name="尚无公开信息的项目")
        private_records(org, hidden)

        response = client.get("/welfare/")
        assert response.status_code == 200
        html = response.content.decode()
        assert list(response.context["page"].object_list) == [programme]
        assert f'<a href="/welfare/{programme.pk}/">城乡最低生活保障</a>' in html
        published_on = timezone.localdate(record.published_at).isoformat()
        for text in ("社会救助和社会福利", "县自然资源局", "1,234.57 万元", "2026-01-01", "2026-12-31",
                     f">{published_on}</time>"):
            assert text in html, text
        assert "尚无公开信息的项目" not in html
        assert "共 1 个项目" in html

    def test_area_tabs(self, client, org):
        education = make_programme(org, name="学生资助", area=WelfareArea.EDUCATION)
        public_record(org, education, "student_aid")
        public_record(org, make_programme(org, name="低保", area=WelfareArea.SOCIAL_ASSISTANCE))
        html = client.get("/welfare/").content.decode()
        for code, label in WelfareArea.choices:
            assert f'<a href="?area={code}">{label}</a>' in html, code
        response = client.get("/welfare/", {"area": "education"})
        html = response.content.decode()
        assert list(response.context["page"].object_list) == [education]
        assert '<a href="?area=education" aria-current="page">教育</a>' in html
        assert "<h1 class=\"page-title\">教育：社会公益事业项目</h1>" in html
        # The item-type filter offers the area's own types on its tab, not another area's.
        assert 'value="student_aid"' in html and 'value="epidemic"' not in html

    def test_filters_narrow_the_list(self, client, org):
        town = make_programme(org, name="镇级项目", jurisdiction=org.town, starts_on=datetime.date(2024, 3, 1))
        public_record(org, town, "standard", {"standard": "每人每月 500 元"})
        county = make_programme(org, name="县级项目", department=org.other_department)
        fund_record(org, county, "1000")
        for params, expected in (
            ({"jurisdiction": org.town.pk}, [town]),
            ({"item_type": "fund"}, [county]),
            ({"department": org.other_department.pk}, [county]),
            ({"year": 2024}, [town]),
            ({"q": "县级"}, [county]),
        ):
            response = client.get("/welfare/", params)
            assert list(response.context["page"].object_list) == expected, params

    def test_urgent_records_of_the_area_come_first(self, client, org):
        flood = make_programme(org, name="洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF)
        public_record(org, flood, "emergency_response", title="洪涝灾害应急处置动态", urgent=True)
        html = client.get("/welfare/", {"area": "disaster_relief"}).content.decode()
        assert "紧急信息" in html and html.index("洪涝灾害应急处置动态") < html.index('<form class="filter-form')
        assert "洪涝灾害应急处置动态" not in client.get("/welfare/", {"area": "education"}).content.decode()


# ---------------------------------------------------------------------------------------------
# The programme page
# ---------------------------------------------------------------------------------------------
class TestDetail:
    def test_facts(self, client, org):
        programme = make_programme(
            org, name="2026年产业扶贫项目", area=WelfareArea.POVERTY_ALLEVIATION, fund_source="财政专项扶贫资金",
            total_funds=Decimal("3500000.00"), starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 11, 30),
            target="带动 300 户脱贫户增收", result="已完成种植基地建设", implementer="测试县农业农村局 王主任",
            report_phone="0692-12317", jurisdiction=org.town, description="发展咖啡种植产业。",
        )
        public_record(org, programme)
        html = client.get(f"/welfare/{programme.pk}/").content.decode()
        for text in ("2026年产业扶贫项目", "脱贫攻坚", "财政专项扶贫资金", "350.00 万元", "3,500,000.00 元",
                     "2026-03-01", "2026-11-30", "带动 300 户脱贫户增收", "已完成种植基地建设",
                     "测试县农业农村局 王主任", "0692-12317", "测试镇", "县发展和改革委员会", "发展咖啡种植产业。"):
            assert text in html, text
        for label in ("资金来源", "资金规模", "实施期限", "预期目标", "实施结果", "实施单位及责任人", "监督举报电话"):
            assert f'<th scope="row">{label}</th>' in html, label

    def test_fund_table_with_totals(self, client, org):
        programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF)
        fund_record(org, programme, "800000.00", item_type="relief_goods", fund_source="中央自然灾害救灾资金",
                    recipients=200, disbursed="600000.00", usage="发放过渡期生活救助", title="救灾资金分配")
        fund_record(org, programme, "150000.50", item_type="fund", fund_source="社会捐赠", recipients=40,
                    disbursed="150000.50", title="捐赠资金分配")
        public_record(org, programme, "fund", {"amount": "999"}, title="不予公开的资金",
                      disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密")
        record_in_state(org, programme, "submitted", "fund", {"amount": "999"}, title="审核中的资金")
        response = client.get(f"/welfare/{programme.pk}/")
        html = response.content.decode()
        table = fragment(html, 'id="fund-table"', "</table>")
        for text in ("救灾资金分配", "中央自然灾害救灾资金", "800,000.00 元", "600,000.00 元", "发放过渡期生活救助",
                     "捐赠资金分配", "社会捐赠", "150,000.50 元", "救助和捐赠款物数量及使用"):
            assert text in table, text
        footer = table[table.index("<tfoot>"):]
        assert "合计（2 条）" in footer
        assert '<td class="col-num" data-label="金额合计">950,000.50 元</td>' in footer
        assert '<td class="col-num" data-label="分配对象数合计">240</td>' in footer
        assert '<td class="col-num" data-label="已拨付合计">750,000.50 元</td>' in footer
        assert "不予公开的资金" not in html and "审核中的资金" not in html and "999.00 元" not in html

    def test_standards(self, client, org):
        programme = make_programme(org)
        public_record(org, programme, "standard", {"standard": "城市低保标准", "amount_per_person_month": "650",
                                                   "period": "2026年"}, title="2026年低保标准")
        html = client.get(f"/welfare/{programme.pk}/").content.decode()
        table = fragment(html, 'id="standards-table"', "</table>")
        for text in ("2026年低保标准", "城市低保标准", "650.00 元", "2026年"):
            assert text in table, text

    def test_records_with_their_fields_urgent_first(self, client, org):
        programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF)
        needs = public_record(org, programme, "relief_needs", title="救助需求信息")
        urgent = public_record(org, programme, "emergency_response", title="应急处置动态（第1期）", urgent=True)
        rebuild = fund_record(org, programme, "120000", item_type="relief_goods", fund_source="省级救灾资金",
                              title="灾后重建资金")
        response = client.get(f"/welfare/{programme.pk}/")
        html = response.content.decode()
        assert [item["record"] for item in response.context["records"]] == [urgent, rebuild, needs]
        records = html[html.index('id="records-heading"'):]
        assert records.index("应急处置动态（第1期）") < records.index("灾后重建资金") < records.index("救助需求信息")
        assert '<span class="tag tag--urgent">紧急</span>' in records
        assert f'<a href="/disclosures/{urgent.pk}/">应急处置动态（第1期）</a>' in records
        for label, value in (("信息类型", "救助和捐赠款物数量及使用"), ("资金来源", "省级救灾资金"),
                             ("资金金额（元）", "120,000.00")):
            assert f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' in records, label

    def test_query_count_does_not_grow_with_records(self, client, org, django_assert_max_num_queries):
        programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF)
        public_record(org, programme, "emergency_response", urgent=True)
        fund_record(org, programme, "100", item_type="relief_goods")
        public_record(org, programme, "standard", {"standard": "每人每天 20 元"})
        with CaptureQueriesContext(connection) as small:
            response = client.get(f"/welfare/{programme.pk}/")
        assert len(response.context["records"]) == 3
        for n in range(26):
            if n % 2:
                fund_record(org, programme, "100", item_type="relief_goods")
            else:
                public_record(org, programme, ["policy", "relief_needs", "reconstruction"][n % 3])
        name_list_record(org, programme, category=WelfareArea.DISASTER_RELIEF, title="救助对象及数额公示")
        overdue_record(org, programme)
        with django_assert_max_num_queries(len(small)):
            response = client.get(f"/welfare/{programme.pk}/")
        assert len(response.context["records"]) == 30
        assert len(small) <= 4, [q["sql"] for q in small.captured_queries]


# ---------------------------------------------------------------------------------------------
# Nothing unpublished, nothing unmasked
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scope", ["public", "specific"])
def test_the_programme_page_links_to_a_name_list_and_never_shows_it(client, org, scope):
    programme = make_programme(org, name="城乡低保")
    record = name_list_record(org, programme, scope=scope)
    html = client.get(f"/welfare/{programme.pk}/").content.decode()
    assert f'<a href="/disclosures/{record.pk}/">城乡低保对象名单公示</a>' in html
    assert f'href="/disclosures/{record.pk}/#name-list-heading"' in html
    for raw in (RAW_NAME, RAW_ID, RAW_PHONE, "李四", "11010119800101123X", "4221234"):
        assert raw not in html, raw
    for masked in ("张*明", "110101********1234", "138****5678", "白水村"):
        assert masked not in html, masked  # not even masked: the list lives on the record page
    if scope == "public":
        assert "张*明" in client.get(record.get_absolute_url()).content.decode()
