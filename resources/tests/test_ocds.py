"""OCDS 1.1 release packages of procurement and construction-bidding matters: the mapping (tender →
award pending → award active → contract, corrections as amendments), the parties (buyer = 采购人（招标人）,
procuringEntity = who ran the tender, every role in every release so that the compiled record keeps them),
the ocid prefix setting, only published 主动公开 records, schema validity (vendored OCDS 1.1 release-package
schema) and the API. The third-party validators and the agreement with OC4IDS: tests/test_open_contracting.py."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from disclosures import services as disclosure_services
from disclosures.choices import DisclosureMode
from projects.tests.builders import make_project
from resources import ocds
from resources.models import ResourceMatter
from tests.schemas import validate
from tests.schemas.cove import compile_package, cove_ocds, ocds_codes, ocds_problems

from .factories import details, make_matter, make_record, publish, published_record, valid_uscc

pytestmark = pytest.mark.django_db

LIST = "/api/v1/resource-matters/"
PACKAGE = f"{LIST}ocds/"
BIDDING, PROCUREMENT = "construction_bidding", "procurement"
HOSPITAL, HOSPITAL_USCC = "测试县人民医院", valid_uscc(4242)


def ocds_url(matter) -> str:
    return f"{LIST}{matter.pk}/ocds/"


def package_of(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert validate(document, "ocds-release-package") == []
    return document


def bidding_chain(org, **matter_fields) -> tuple[ResourceMatter, dict]:
    """A construction-bidding matter taken from 招标公告 to 合同, each step published in turn."""
    matter_fields = {"purchaser": HOSPITAL, "purchaser_uscc": HOSPITAL_USCC, **matter_fields}
    matter = make_matter(org, area=BIDDING, name="测试县人民医院住院楼施工总承包", reference_no="ZB2026-041",
                         amount="188500000.00", description="施工总承包，计划工期 900 日历天。", **matter_fields)
    records = {
        "tender": published_record(org, matter, "tender_notice", title="住院楼施工总承包招标公告",
                                   details=details(BIDDING, "tender_notice", bid_section="施工总承包")),
        "candidates": published_record(org, matter, "candidates", title="住院楼施工总承包中标候选人公示", details=details(
            BIDDING, "candidates", bid_section="施工总承包",
            candidates="第一名：云岭建工第三建设有限公司；第二名：云岭城建集团有限公司")),
        "award": published_record(org, matter, "award", title="住院楼施工总承包中标结果公告", details=details(
            BIDDING, "award", bid_section="施工总承包", winner="云岭建工第三建设有限公司", amount="182365000.00")),
        "contract": published_record(org, matter, "contract", title="住院楼施工总承包合同订立情况", details=details(
            BIDDING, "contract", bid_section="施工总承包", winner="云岭建工第三建设有限公司", amount="182365000.00")),
    }
    return matter, records


def procurement_chain(org, **matter_fields) -> tuple[ResourceMatter, dict]:
    matter = make_matter(org, area=PROCUREMENT, name="学生课桌椅采购项目", reference_no="CG2026-015",
                         amount="3280000.00", **matter_fields)
    supplier = {"supplier": "云岭育才教学设备有限公司", "deal_amount": "3046500.50"}
    records = {
        "notice": published_record(org, matter, "notice", title="课桌椅采购竞争性磋商公告", details=details(
            PROCUREMENT, "notice", project_no="CG2026-015", budget="3280000.00", method="competitive_consultation")),
        "result": published_record(org, matter, "result", title="课桌椅采购成交结果公告",
                                   details=details(PROCUREMENT, "result", **supplier)),
        "contract": published_record(org, matter, "contract", title="课桌椅采购合同",
                                     details=details(PROCUREMENT, "contract", **supplier)),
    }
    return matter, records


# ---------------------------------------------------------------------------------------------
# The demo
# ---------------------------------------------------------------------------------------------
def test_every_demo_procurement_and_bidding_matter_validates(demo_county, anonymous):
    # The 集中采购机构考核 matter is no contracting process: it has no release (and is not in the package).
    matters = ResourceMatter.objects.filter(area__in=ocds.OCDS_AREAS).exclude(name__contains="集中采购机构考核")
    assert matters.count() == 5
    for matter in matters:
        document = package_of(anonymous, ocds_url(matter))
        assert {release["ocid"] for release in document["releases"]} == {f"ocds-cnzdly-{matter.pk}"}, matter.name
    everything = package_of(anonymous, PACKAGE)
    assert {release["ocid"] for release in everything["releases"]} == {f"ocds-cnzdly-{m.pk}" for m in matters}
    # The 住院综合楼 chain is complete in the demo: tender → pending → active → contract. The buyer is the
    # hospital (the linked project's 项目法人), the procuring entity the 公共资源交易中心.
    hospital = matters.get(name__contains="住院综合楼")
    releases = package_of(anonymous, ocds_url(hospital))["releases"]
    assert [release["tag"] for release in releases] == [["tender"], ["award"], ["award"], ["contract"]]
    assert {release["buyer"]["name"] for release in releases} == {"青山县人民医院"}
    assert releases[0]["tender"]["procuringEntity"]["name"] == "青山县公共资源交易中心"
    assert releases[-1]["tender"]["status"] == "complete"
    # No 政府采购 buyer is the 财政局 that supervises it.
    for matter in matters.filter(area=PROCUREMENT):
        buyers = {release["buyer"]["name"] for release in package_of(anonymous, ocds_url(matter))["releases"]}
        assert buyers == {matter.purchaser} and "财政局" not in matter.purchaser, matter.name
    # Not OCDS: no demo matter of another area has a package.
    for matter in ResourceMatter.objects.exclude(area__in=ocds.OCDS_AREAS):
        assert anonymous.get(ocds_url(matter)).status_code == 404, matter.name


# ---------------------------------------------------------------------------------------------
# The mapping
# ---------------------------------------------------------------------------------------------
class TestBiddingSequence:
    def test_tender_then_pending_then_active_award_then_contract(self, org, anonymous, settings):
        matter, records = bidding_chain(org)
        document = package_of(anonymous, ocds_url(matter))
        ocid = f"ocds-cnzdly-{matter.pk}"
        tender, candidates, award, contract = document["releases"]

        assert [r["tag"] for r in document["releases"]] == [["tender"], ["award"], ["award"], ["contract"]]
        assert [r["id"] for r in document["releases"]] == [f"{ocid}-{records[key].pk}-1" for key in records]
        buyer = {"id": f"CN-USCI-{HOSPITAL_USCC}", "name": HOSPITAL}
        identifier = {"scheme": "CN-USCI", "id": HOSPITAL_USCC, "legalName": HOSPITAL}
        for release, record in zip(document["releases"], records.values(), strict=True):
            assert release["initiationType"] == "tender"
            assert release["date"] == record.published_at.astimezone().isoformat(timespec="seconds")
            assert release["buyer"] == buyer
            assert {**buyer, "identifier": identifier, "roles": ["buyer"]} in release["parties"]

        assert tender["tender"]["id"] == "ZB2026-041"
        assert tender["tender"]["status"] == "active"
        # The records are the (test) department's: it announced the tender, so it runs it.
        entity = {"id": f"dept-{org.department.pk}", "name": "县发展和改革委员会"}
        assert tender["tender"]["procuringEntity"] == entity
        assert {**entity, "roles": ["procuringEntity"]} in tender["parties"]
        assert tender["tender"]["value"] == {"amount": 188500000, "currency": "CNY"}
        assert tender["tender"]["procurementMethod"] == "open"
        assert "标段：施工总承包" in tender["tender"]["description"]
        assert tender["tender"]["documents"][0]["url"] == f"{settings.PORTAL_BASE_URL}/disclosures/{records['tender'].pk}/"

        first, second = candidates["awards"]
        assert [first["status"], second["status"]] == ["pending", "pending"]
        assert first["suppliers"][0]["name"] == "云岭建工第三建设有限公司"
        assert second["suppliers"][0]["name"] == "云岭城建集团有限公司"
        assert "value" not in first  # a 公示 of candidates names no amount
        roles = {party["name"]: party["roles"] for party in candidates["parties"]}
        assert roles["云岭城建集团有限公司"] == ["tenderer"]

        winner, loser = award["awards"]
        assert (winner["id"], winner["status"]) == (first["id"], "active")  # the pending award became active
        assert winner["value"] == {"amount": 182365000, "currency": "CNY"}
        assert winner["date"] == f"{records['award'].formed_on.isoformat()}T00:00:00+08:00"
        assert (loser["id"], loser["status"]) == (second["id"], "unsuccessful")
        roles = {party["name"]: party["roles"] for party in award["parties"]}
        assert roles["云岭建工第三建设有限公司"] == ["tenderer", "supplier"]

        (signed,) = contract["contracts"]
        assert signed["awardID"] == winner["id"]
        assert signed["value"] == {"amount": 182365000, "currency": "CNY"}
        assert signed["dateSigned"] == f"{records['contract'].formed_on.isoformat()}T00:00:00+08:00"
        assert "awards" not in contract
        # The winner keeps the role it won as (the contract names it as supplier).
        roles = {party["name"]: party["roles"] for party in contract["parties"]}
        assert roles["云岭建工第三建设有限公司"] == ["tenderer", "supplier"]

        assert document["version"] == "1.1"
        assert document["publishedDate"] == contract["date"]
        assert document["uri"] == f"{settings.PORTAL_BASE_URL}{ocds_url(matter)}"

    def test_a_winner_who_was_no_candidate_gets_an_award_of_its_own(self, org, anonymous):
        matter = make_matter(org, area=BIDDING)
        published_record(org, matter, "candidates", details=details(BIDDING, "candidates", candidates="甲建设有限公司"))
        result = published_record(org, matter, "award", details=details(BIDDING, "award", winner="乙建设有限公司"))
        award = package_of(anonymous, ocds_url(matter))["releases"][-1]
        winner, other = award["awards"]
        assert winner["id"] == f"ocds-cnzdly-{matter.pk}-award-{result.pk}"
        assert winner["suppliers"][0]["name"] == "乙建设有限公司"
        assert other["status"] == "unsuccessful"

    def test_a_contract_without_a_public_result_carries_the_award_it_implies(self, org, anonymous):
        matter = make_matter(org, area=BIDDING)
        record = published_record(org, matter, "contract", details=details(BIDDING, "contract", winner="丙公司", amount="5.5"))
        (release,) = package_of(anonymous, ocds_url(matter))["releases"]
        (award,) = release["awards"]
        assert release["contracts"][0]["awardID"] == award["id"] == f"ocds-cnzdly-{matter.pk}-award-{record.pk}"
        assert award["value"] == {"amount": 5.5, "currency": "CNY"}


class TestParties:
    def test_the_buyer_of_a_linked_matter_is_the_projects_legal_entity(self, org, anonymous):
        project = make_project(org, legal_entity="测试县交通建设投资有限公司")
        matter = make_matter(org, area=BIDDING, project=project)
        published_record(org, matter, "tender_notice", details=details(BIDDING, "tender_notice"))
        (release,) = package_of(anonymous, ocds_url(matter))["releases"]
        buyer = {"id": f"CN-USCI-{project.legal_entity_uscc}", "name": "测试县交通建设投资有限公司"}
        assert release["buyer"] == buyer
        (party,) = (party for party in release["parties"] if party["id"] == buyer["id"])
        assert party["identifier"] == {"scheme": "CN-USCI", "id": project.legal_entity_uscc, "legalName": buyer["name"]}
        # The supervising department and the trading centre are never the buyer.
        assert release["tender"]["procuringEntity"] != buyer

    def test_a_matter_that_names_no_purchaser_has_no_buyer(self, org, anonymous):
        matter = make_matter(org, area=PROCUREMENT)
        published_record(org, matter, "notice", details=details(PROCUREMENT, "notice"))
        (release,) = package_of(anonymous, ocds_url(matter))["releases"]
        assert "buyer" not in release
        assert [party["roles"] for party in release["parties"]] == [["procuringEntity"]]

    def test_a_purchaser_without_a_code_gets_the_name_derived_id(self, org, anonymous):
        matter = make_matter(org, area=PROCUREMENT, purchaser="测试县教育局")
        published_record(org, matter, "notice", details=details(PROCUREMENT, "notice"))
        (release,) = package_of(anonymous, ocds_url(matter))["releases"]
        assert release["buyer"] == {"id": ocds._organization_id("测试县教育局"), "name": "测试县教育局"}

    @pytest.mark.parametrize(("area", "fields", "field"), [
        ("land_use_right", {"purchaser": "测试县教育局"}, "purchaser"),  # 出让, not a purchase
        (BIDDING, {"purchaser": "测试县交通建设投资有限公司", "project": True}, "purchaser"),  # the 项目法人 is it
        (PROCUREMENT, {"purchaser_uscc": valid_uscc(7)}, "purchaser"),  # a code needs its name
        (PROCUREMENT, {"purchaser": "测试县教育局", "purchaser_uscc": "91533100MB0000000"}, "purchaser_uscc"),
    ])
    def test_where_a_purchaser_may_be_named(self, org, area, fields, field):
        if fields.pop("project", False):
            fields["project"] = make_project(org)
        with pytest.raises(ValidationError) as raised:
            make_matter(org, area=area, **fields)
        assert field in raised.value.message_dict

    def test_every_release_lists_every_role_so_the_compiled_record_keeps_them(self, org, anonymous):
        """ocdskit's compile (OCDS Merge) replaces a party's roles with the latest release's."""
        matter, _ = bidding_chain(org)
        document = package_of(anonymous, ocds_url(matter))

        (record,) = compile_package(document)["records"]

        compiled = record["compiledRelease"]
        roles = {party["name"]: party["roles"] for party in compiled["parties"]}
        assert roles == {
            HOSPITAL: ["buyer"],
            "县发展和改革委员会": ["procuringEntity"],
            "云岭建工第三建设有限公司": ["tenderer", "supplier"],
            "云岭城建集团有限公司": ["tenderer"],
        }
        assert compiled["tender"]["status"] == "complete"
        assert [award["status"] for award in compiled["awards"]] == ["active", "unsuccessful"]
        assert compiled["contracts"][0]["value"] == {"amount": 182365000, "currency": "CNY"}
        assert ocds_problems(cove_ocds(compile_package(document))) == []


def test_the_tender_is_complete_once_the_contract_is_signed(org, anonymous):
    """tenderStatus codelist: `complete` — the tender is over once the contract is signed, `active` before."""
    matter, records = procurement_chain(org)
    tender, award, contract = package_of(anonymous, ocds_url(matter))["releases"]
    assert tender["tender"]["status"] == "active"
    assert "tender" not in award
    assert contract["tender"] == {"id": tender["tender"]["id"], "status": "complete"}
    assert {"active", "complete"} <= ocds_codes("tenderStatus.csv")


class TestProcurement:
    def test_notice_result_contract(self, org, anonymous):
        matter, records = procurement_chain(org)
        tender, award, contract = package_of(anonymous, ocds_url(matter))["releases"]
        assert tender["tag"] == ["tender"]
        assert tender["tender"]["value"] == {"amount": 3280000, "currency": "CNY"}
        assert tender["tender"]["procurementMethod"] == "limited"
        assert tender["tender"]["procurementMethodDetails"] == "竞争性磋商"
        assert tender["tender"]["documents"][0]["documentType"] == "tenderNotice"
        assert award["tag"] == ["award"]
        (active,) = award["awards"]
        assert active["status"] == "active"
        assert active["value"] == {"amount": 3046500.5, "currency": "CNY"}
        assert active["suppliers"][0]["name"] == "云岭育才教学设备有限公司"
        assert contract["tag"] == ["contract"]
        assert contract["contracts"][0]["awardID"] == active["id"]

    def test_items_outside_the_contracting_process_make_no_release(self, org, anonymous):
        matter = make_matter(org, area=PROCUREMENT)
        for item_type in ("catalogue", "threshold", "agency_list", "complaint", "penalty"):
            published_record(org, matter, item_type, title=f"不属于采购过程的{item_type}")
        assert anonymous.get(ocds_url(matter)).status_code == 404
        published_record(org, matter, "notice", details=details(PROCUREMENT, "notice", method="single_source"))
        (release,) = package_of(anonymous, ocds_url(matter))["releases"]
        assert release["tender"]["procurementMethod"] == "direct"


def test_a_correction_is_an_amendment_of_the_same_award(org, anonymous):
    matter, records = procurement_chain(org)
    correction = disclosure_services.disclosure_start_correction(
        disclosure=records["result"], actor=org.clerk, change_note="更正成交金额笔误。"
    )
    disclosure_services.disclosure_update(
        disclosure=correction, actor=org.clerk, expected_version=correction.lock_version,
        details=details(PROCUREMENT, "result", supplier="云岭育才教学设备有限公司", deal_amount="3046000.00"),
    )
    publish(correction, org)
    releases = package_of(anonymous, ocds_url(matter))["releases"]
    first, update = (release for release in releases if release["id"].startswith(f"ocds-cnzdly-{matter.pk}-{records['result'].pk}-"))
    assert update["tag"] == ["awardUpdate"]
    assert update["awards"][0]["id"] == first["awards"][0]["id"]
    assert (first["awards"][0]["value"]["amount"], update["awards"][0]["value"]["amount"]) == (3046500.5, 3046000)
    (amendment,) = update["awards"][0]["amendments"]
    assert amendment["rationale"] == "更正成交金额笔误。"
    assert (amendment["amendsReleaseID"], amendment["releaseID"]) == (first["id"], update["id"])
    assert releases[-1] == update  # published last


def test_candidate_names_read_the_ranked_list():
    assert ocds.candidate_names("第一名：甲公司；第二名：乙公司\n第3名: 丙公司") == ["甲公司", "乙公司", "丙公司"]
    assert ocds.candidate_names("1. 甲公司；2、乙公司") == ["甲公司", "乙公司"]
    assert ocds.candidate_names("第一中标候选人：甲公司、乙公司（联合体）") == ["甲公司、乙公司（联合体）"]
    assert ocds.candidate_names("") == []


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
def test_the_ocid_prefix_and_the_publisher_come_from_settings(org, anonymous, settings):
    settings.PORTAL_OCDS_OCID_PREFIX = "ocds-a1b2c3"
    settings.PORTAL_PUBLISHER_NAME = "青山县人民政府办公室"
    settings.PORTAL_BASE_URL = "https://www.qingshan.gov.cn"
    matter, records = procurement_chain(org)
    document = package_of(anonymous, ocds_url(matter))
    assert {release["ocid"] for release in document["releases"]} == {f"ocds-a1b2c3-{matter.pk}"}
    assert all(release["id"].startswith(f"ocds-a1b2c3-{matter.pk}-") for release in document["releases"])
    assert document["publisher"] == {"name": "青山县人民政府办公室", "uri": "https://www.qingshan.gov.cn"}
    assert document["uri"] == f"https://www.qingshan.gov.cn{ocds_url(matter)}"
    url = document["releases"][0]["tender"]["documents"][0]["url"]
    assert url == f"https://www.qingshan.gov.cn/disclosures/{records['notice'].pk}/"


# ---------------------------------------------------------------------------------------------
# Only what the public may see
# ---------------------------------------------------------------------------------------------
def records_the_public_may_not_see(org, matter) -> list[str]:
    """A result in every unpublished state, a withdrawn one, a 不予公开 and a 依申请公开 one, each naming
    its own winner; returns the winners' names."""
    names = []

    def result(label: str):
        name = f"不应公开的{label}中标公司"
        names.append(name)
        return make_record(org, matter, "award", title=f"{label}中标结果",
                           details=details(BIDDING, "award", winner=name, amount="1.00"))

    result("草稿")
    disclosure_services.disclosure_submit(disclosure=result("待审核"), actor=org.clerk)
    reviewed = result("待签发")
    disclosure_services.disclosure_submit(disclosure=reviewed, actor=org.clerk)
    disclosure_services.disclosure_review(disclosure=reviewed, actor=org.reviewer)
    withdrawn = publish(result("已撤回"), org)
    disclosure_services.disclosure_withdraw(disclosure=withdrawn, actor=org.signer, reason="公告有误，撤回。")
    names.append("不应公开的不予公开中标公司")
    published_record(org, matter, "award", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及商业秘密",
                     details=details(BIDDING, "award", winner=names[-1], amount="1.00"))
    names.append("不应公开的依申请公开中标公司")
    published_record(org, matter, "award", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="依申请公开",
                     details=details(BIDDING, "award", winner=names[-1], amount="1.00"))
    return names


@pytest.mark.parametrize("url", ["detail", "package"])
def test_unpublished_withdrawn_and_withheld_records_never_appear(org, anonymous, url):
    matter = make_matter(org, area=BIDDING)
    notice = published_record(org, matter, "tender_notice", details=details(BIDDING, "tender_notice", bid_section="一标段"))
    hidden = records_the_public_may_not_see(org, matter)
    staff = APIClient()
    staff.force_authenticate(org.signer)
    for client in (anonymous, staff):  # open data is the same for everyone
        document = package_of(client, ocds_url(matter) if url == "detail" else PACKAGE)
        text = json.dumps(document, ensure_ascii=False)
        assert [name for name in hidden if name in text] == []
        assert [release["id"] for release in document["releases"]] == [f"ocds-cnzdly-{matter.pk}-{notice.pk}-1"]


def test_a_matter_without_public_records_has_no_package(org, anonymous):
    matter = make_matter(org, area=BIDDING)
    records_the_public_may_not_see(org, matter)
    assert anonymous.get(ocds_url(matter)).status_code == 404
    assert anonymous.get(PACKAGE).status_code == 404


def test_a_matter_of_another_area_is_not_ocds(org, anonymous):
    land = make_matter(org, area="land_use_right")
    published_record(org, land, "notice")
    assert anonymous.get(f"{LIST}{land.pk}/").status_code == 200
    response = anonymous.get(ocds_url(land))
    assert response.status_code == 404
    assert "没有 OCDS 开放数据" in response.json()["detail"]
    procurement, _ = procurement_chain(org)
    releases = package_of(anonymous, PACKAGE)["releases"]
    assert {release["ocid"] for release in releases} == {f"ocds-cnzdly-{procurement.pk}"}
    assert anonymous.get(f"{LIST}999999/ocds/").status_code == 404


# ---------------------------------------------------------------------------------------------
# The bulk package
# ---------------------------------------------------------------------------------------------
def test_the_package_applies_the_list_filters(org, anonymous):
    bidding, _ = bidding_chain(org)
    procurement, _ = procurement_chain(org)
    ocids = {"bidding": f"ocds-cnzdly-{bidding.pk}", "procurement": f"ocds-cnzdly-{procurement.pk}"}

    def ocids_of(**params):
        return {release["ocid"] for release in package_of(anonymous, PACKAGE, **params)["releases"]}

    assert ocids_of() == set(ocids.values())
    assert ocids_of(area=PROCUREMENT) == {ocids["procurement"]}
    assert ocids_of(q="住院楼") == {ocids["bidding"]}
    assert ocids_of(item_type="candidates") == {ocids["bidding"]}
    assert anonymous.get(PACKAGE, {"area": "housing"}).status_code == 404


def test_query_count_does_not_grow_with_matters(org, anonymous, django_assert_max_num_queries):
    bidding_chain(org)
    with CaptureQueriesContext(connection) as small:
        package_of(anonymous, PACKAGE)
    for _ in range(3):
        bidding_chain(org)
        procurement_chain(org)
    with django_assert_max_num_queries(len(small)):
        document = package_of(anonymous, PACKAGE)
    assert len(document["releases"]) == 4 + 3 * 7
    assert len(small) == 3  # the matters, their public records, those records' published versions


def test_query_count_of_one_matter_does_not_grow_with_records(org, anonymous, django_assert_max_num_queries):
    matter, _ = procurement_chain(org)
    with CaptureQueriesContext(connection) as small:
        package_of(anonymous, ocds_url(matter))
    for _ in range(5):
        published_record(org, matter, "documents", title="采购文件")
    with django_assert_max_num_queries(len(small)):
        releases = package_of(anonymous, ocds_url(matter))["releases"]
    assert [release["tag"] for release in releases][-5:] == [["tenderUpdate"]] * 5


# ---------------------------------------------------------------------------------------------
# The public page
# ---------------------------------------------------------------------------------------------
def test_the_matter_page_links_its_open_data(org, client):
    procurement, _ = procurement_chain(org)
    page = client.get(procurement.get_absolute_url()).content.decode()
    assert f'href="{ocds_url(procurement)}"' in page
    assert page.count("开放数据（OCDS）") == 1
    land = make_matter(org, area="land_use_right")
    published_record(org, land, "notice")
    assert "开放数据（OCDS）" not in client.get(land.get_absolute_url()).content.decode()
    catalogue = make_matter(org, area=PROCUREMENT)
    published_record(org, catalogue, "catalogue")  # public, but not a contracting process: no dead link
    assert "开放数据（OCDS）" not in client.get(catalogue.get_absolute_url()).content.decode()
