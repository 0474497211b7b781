"""/api/v1/welfare-programmes/: public programmes for anonymous readers, scoped ones for staff, the
public filters (ProgrammeFilterSet), records with their structured fields, 政策解读 both ways, the
fund table and masked name lists in the detail — errors in Chinese."""

import datetime

import pytest
from django.utils import timezone

from disclosures import services as disclosure_services
from disclosures.choices import DisclosureMode, Status
from disclosures.models import Disclosure
from namelists.services import name_list_save
from tests.contracts.records import publish_in_town
from tests.contracts.subject_api import SubjectAPIContract, names
from welfare.choices import WelfareArea

from .factories import make_programme, make_record, publish, published

pytestmark = pytest.mark.django_db

LIST = "/api/v1/welfare-programmes/"
RAW = ("张三明", "110101199003071234", "13812345678")


def detail_url(programme) -> str:
    return f"{LIST}{programme.pk}/"


def with_list(org, programme, **fields):
    record = make_record(org, programme, item_type="beneficiaries", **fields)
    name_list_save(actor=org.clerk, disclosure=record, notice_days=7, entries=[
        {"name": RAW[0], "id_number": RAW[1], "phone": RAW[2], "locality": "白水村", "household_size": 3, "amount": "650"},
    ])
    return publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)


def build_world(org):
    dibao = make_programme(org, name="测试县城乡最低生活保障", starts_on=datetime.date(2025, 1, 1),
                           ends_on=datetime.date(2025, 12, 31))
    flood = make_programme(org, name="“7·15”洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF,
                           starts_on=datetime.date(2026, 7, 15), ends_on=None)
    hidden = make_programme(org, name="只有草稿的学生资助", area=WelfareArea.EDUCATION)
    town = make_programme(org, name="测试镇敬老院运营补助", jurisdiction=org.town, department=org.town_department,
                          actor=org.town_clerk, starts_on=datetime.date(2026, 1, 1))
    reading = published(org, dibao, title="《关于调整城乡低保标准的通知》政策解读")
    records = {
        "reading": reading,
        "policy": published(org, dibao, title="关于调整城乡低保标准的通知", interpretation=reading),
        "fund_1": published(org, dibao, item_type="fund", title="第一季度低保资金", details={
            "amount": "1000000.00", "disbursed": "800000.00", "recipients": 300}),
        "fund_2": published(org, dibao, item_type="fund", title="第二季度低保资金", details={
            "amount": "500000.00", "disbursed": "500000.00", "recipients": 310}),
        "standard": published(org, dibao, item_type="standard", title="2026年城乡低保标准"),
        "list": with_list(org, dibao, title="城乡低保对象名单公示"),
        "draft": make_record(org, dibao, item_type="fund", details={"amount": "1"}, title="第三季度低保资金（草稿）"),
        "on_request": published(org, dibao, title="低保审核内部意见（依申请公开）",
                                disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及个人隐私"),
        "withheld": published(org, dibao, title="低保个案材料（不予公开）",
                              disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及个人隐私"),
        "flood_normal": published(org, flood, item_type="reconstruction", title="灾后重建进展"),
        "flood_urgent": published(org, flood, item_type="emergency_response", urgent=True, title="洪涝灾害应急处置动态"),
        "hidden_draft": make_record(org, hidden, title="学生资助政策（草稿）"),
    }
    town_record = make_record(org, town, actor=org.town_clerk, department=org.town_department, title="敬老院补助标准",
                              item_type="standard")
    records["town"] = publish_in_town(org, town_record)
    return {"dibao": dibao, "flood": flood, "hidden": hidden, "town": town, "records": records}


# --- list -------------------------------------------------------------------------------------
class TestProgrammeAPIContract(SubjectAPIContract):
    """The contract every domain's subject API keeps (tests/contracts/subject_api.py)."""

    domain = "welfare"
    list_url = LIST
    public_names = ("测试县城乡最低生活保障", "“7·15”洪涝灾害救助", "测试镇敬老院运营补助")
    pages_url = "/welfare/"
    listed = "dibao"
    row = {"area": "social_assistance", "area_label": "社会救助和社会福利", "total_funds": "12800000.00",
           "fund_source": "中央和省级财政补助资金", "report_phone": "0908-4221234"}
    not_found = "没有找到该项目，或该项目尚无公开的信息。"
    bad_filters = {"area": ("spaceport", "“spaceport”不是可选的值，请从列表中选择。"), "department": ("999999", "所选的项已不存在，请从列表中重新选择。"),
                   "year": ("去年", "年份必须是整数，例如 2026。")}


# --- filters (the public pages' ProgrammeFilterSet) ---------------------------------------------
class TestFilters:
    def test_area(self, anonymous, world):
        assert names(anonymous.get(LIST, {"area": "disaster_relief"})) == ["“7·15”洪涝灾害救助"]

    def test_item_type_counts_only_public_records(self, anonymous, staff, world):
        assert names(anonymous.get(LIST, {"item_type": "fund"})) == ["测试县城乡最低生活保障"]
        assert names(anonymous.get(LIST, {"item_type": "emergency_response"})) == ["“7·15”洪涝灾害救助"]
        assert names(staff.get(LIST, {"item_type": "policy"})) == ["测试县城乡最低生活保障"]  # not the draft's programme

    def test_year(self, anonymous, world):
        assert names(anonymous.get(LIST, {"year": 2025})) == ["测试县城乡最低生活保障"]

    def test_keyword(self, anonymous, world):
        assert names(anonymous.get(LIST, {"q": "洪涝"})) == ["“7·15”洪涝灾害救助"]

# --- detail -----------------------------------------------------------------------------------
class TestDetail:
    def titles(self, body) -> list[str]:
        return [record["title"] for record in body["records"]]

    def test_public_records_with_item_types_and_structured_fields(self, anonymous, world):
        body = anonymous.get(detail_url(world["dibao"])).json()
        records = {r["title"]: r for r in body["records"]}
        fund = records["第一季度低保资金"]
        assert fund["item_type"] == "fund" and fund["item_type_label"] == "资金分配和使用"
        assert fund["details"]["amount"] == "1000000.00" and fund["details"]["disbursed"] == "800000.00"
        assert fund["index_no"] and fund["url"] == world["records"]["fund_1"].get_absolute_url()
        assert records["2026年城乡低保标准"]["details"]["standard"] == "城市低保标准每人每月 720 元"
        assert body["target"] == "城乡低保对象应保尽保。" and body["implementer"]

    def test_anonymous_readers_see_only_public_records(self, anonymous, world):
        body = anonymous.get(detail_url(world["dibao"])).json()
        titles = self.titles(body)
        assert "第三季度低保资金（草稿）" not in titles and "低保个案材料（不予公开）" not in titles
        assert all(r["status"] == Status.PUBLISHED for r in body["records"])
        on_request = next(r for r in body["records"] if "依申请公开" in r["title"])
        assert on_request["details"] == {}
        assert anonymous.get(detail_url(world["hidden"])).json()["detail"] == "没有找到该项目，或该项目尚无公开的信息。"

    def test_staff_see_the_records_of_their_department_in_every_state(self, staff, world):
        body = staff.get(detail_url(world["dibao"])).json()
        drafts = [r for r in body["records"] if r["status"] == Status.DRAFT]
        assert [r["title"] for r in drafts] == ["第三季度低保资金（草稿）"]
        assert drafts[0]["url"] is None and drafts[0]["details"]["amount"] == "1"
        assert staff.get(detail_url(world["hidden"])).status_code == 200

    def test_the_fund_table_adds_up_the_public_fund_records(self, anonymous, staff, world):
        for client in (anonymous, staff):  # the draft's amount is never added up
            funds = client.get(detail_url(world["dibao"])).json()["funds"]
            assert [row["title"] for row in funds["rows"]] == ["第二季度低保资金", "第一季度低保资金"]
            assert funds["total_amount"] == "1500000.00"
            assert funds["total_disbursed"] == "1300000.00"
            assert funds["total_recipients"] == 610

    def test_a_policy_and_its_interpretation_link_both_ways(self, anonymous, world):
        records = {r["title"]: r for r in anonymous.get(detail_url(world["dibao"])).json()["records"]}
        reading, policy = world["records"]["reading"], world["records"]["policy"]
        assert records["关于调整城乡低保标准的通知"]["interpretation"] == {
            "id": reading.pk, "title": reading.title, "url": reading.get_absolute_url(),
        }
        assert records["《关于调整城乡低保标准的通知》政策解读"]["interprets"] == [
            {"id": policy.pk, "title": policy.title, "url": policy.get_absolute_url()}
        ]

    def test_name_lists_are_masked(self, anonymous, world):
        response = anonymous.get(detail_url(world["dibao"]))
        for raw in RAW:
            assert raw not in response.content.decode()
        listed = next(r for r in response.json()["records"] if r["title"] == "城乡低保对象名单公示")
        assert listed["name_list"]["scope"] == "public" and listed["name_list"]["ended"] is False
        assert listed["name_list"]["rows"][0] | {"position": 1} == {
            "position": 1, "name": "张*明", "id_number": "110101********1234", "phone": "138****5678",
            "locality": "白水村", "household_size": 3, "amount": "650.00", "note": "",
        }
        others = [r for r in response.json()["records"] if r["title"] != "城乡低保对象名单公示"]
        assert all(r["name_list"] is None for r in others)

    def test_urgent_records_come_first(self, anonymous, world):
        body = anonymous.get(detail_url(world["flood"])).json()
        assert self.titles(body) == ["洪涝灾害应急处置动态", "灾后重建进展"]
        assert body["records"][0]["urgent"] is True
        assert body["records"][0]["due_on"] == world["records"]["flood_urgent"].due_on.isoformat()

    def test_an_urgent_record_past_the_window_is_not_pinned(self, anonymous, world):
        urgent = world["records"]["flood_urgent"]
        Disclosure.objects.filter(pk=urgent.pk).update(published_at=timezone.now() - datetime.timedelta(days=40))
        assert self.titles(anonymous.get(detail_url(world["flood"])).json()) == ["灾后重建进展", "洪涝灾害应急处置动态"]

    def test_a_withdrawn_record_is_not_listed(self, anonymous, org, world):
        disclosure_services.disclosure_withdraw(disclosure=world["records"]["fund_2"], actor=org.reviewer, reason="金额有误")
        body = anonymous.get(detail_url(world["dibao"])).json()
        assert "第二季度低保资金" not in self.titles(body)
        assert body["funds"]["total_amount"] == "1000000.00"

    def test_detail_query_count_does_not_grow_with_records(self, anonymous, org, world, django_assert_max_num_queries):
        for n in range(4):
            published(org, world["dibao"], item_type="fund", details={"amount": "10"}, title=f"资金{n}")
            with_list(org, world["dibao"], title=f"名单{n}")
        with django_assert_max_num_queries(8):
            body = anonymous.get(detail_url(world["dibao"])).json()
        assert len(body["records"]) == 15


def test_the_schema_describes_the_endpoint_in_chinese(anonymous):
    schema = anonymous.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/welfare-programmes/{id}/"]["get"]
    assert operation["summary"] == "社会公益事业项目详情"
    assert "去标识化" in operation["description"]
    assert operation["tags"] == ["社会公益事业建设"]
    list_params = {p["name"] for p in schema["paths"]["/api/v1/welfare-programmes/"]["get"]["parameters"]}
    assert {"area", "item_type", "department", "jurisdiction", "year", "q"} <= list_params
