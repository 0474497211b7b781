"""OC4IDS open data: /api/v1/projects/{id}/oc4ids/ and /api/v1/projects/oc4ids/ — valid OC4IDS 0.9 (core
schema and our `approval` extension), the nine categories mapped, nothing unpublished, constant queries."""

import copy
import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft4Validator
from rest_framework.test import APIClient

from disclosures import services as disclosure_services
from disclosures.choices import DisclosureMode
from disclosures.details import placeholder_details
from projects.choices import ApprovalMode, InvestorType, Phase, Sector
from projects.forms import ApprovalResultDetails
from projects.oc4ids import (
    APPROVAL_MODE_SCHEME,
    BIDDING_DOCUMENT_TYPES,
    DOCUMENT_TYPES,
    INVESTOR_TYPE_SCHEME,
    SECTOR_SCHEME,
    project_to_oc4ids,
    projects_package,
    public_records_by_project,
)
from projects.selectors import public_projects
from tests.schemas import _load, validate
from tests.schemas.cove import OC4IDS_DIR, oc4ids_codes

from .builders import make_project, overdue_record, public_record, record_in_state

pytestmark = pytest.mark.django_db

BULK = "/api/v1/projects/oc4ids/"
EXTENSION = Path(__file__).resolve().parents[1] / "oc4ids_extension"
APPROVAL = {
    "approval_item": "feasibility",
    "reply_no": "测发改投资〔2024〕12号",
    "authority": "测试州发展和改革委员会",
    "approved_on": "2024-03-02",
    "result": "approved",
}
NOTICE = {"conditions": "已具备招标条件", "scope": "施工一标段", "qualification": "公路工程施工总承包一级",
          "documents_access": "电子服务系统下载", "submission": "电子投标文件"}
CONTRACT = {"stage": "contract", "method": "open", "lot": "施工一标段", "winner": "测试路桥建设有限公司",
            "amount": "98650000.00"}
DESIGN_CHANGE = {
    "reason": "补充地质勘察发现软土层厚度超过原设计预期",
    "content": "线位向北平移约 120 米，新增中桥 1 座",
    "basis": "《公路工程设计变更管理办法》",
    "approver": "测试县发展和改革委员会",
    "result": "同意变更，概算调增 1,286 万元",
}


def detail_url(project) -> str:
    return f"/api/v1/projects/{project.pk}/oc4ids/"


def extension_errors(project: dict) -> list[str]:
    """Errors of an OC4IDS project against the core schema patched with our extension (a JSON merge patch)."""

    def merge(base, patch):
        for key, value in patch.items():
            base[key] = merge(base.get(key, {}), value) if isinstance(value, dict) else value
        return base

    schema = merge(copy.deepcopy(_load("oc4ids-project")), json.loads((EXTENSION / "project-schema.json").read_text()))
    schema.pop("id")  # its "#/definitions/..." refs must resolve in the patched copy, not the registered core
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(project)]


def oc4ids_of(project) -> dict:
    return project_to_oc4ids(project, public_records_by_project([project]).get(project.pk, []))


def party(document: dict, reference: dict) -> dict:
    return next(p for p in document["parties"] if p["id"] == reference["id"])


# ---------------------------------------------------------------------------------------------
# The demo: every project validates
# ---------------------------------------------------------------------------------------------
def test_every_demo_project_validates_and_shows_the_life_cycle(demo_county, settings):
    client = APIClient()

    response = client.get(BULK)
    assert response.status_code == 200
    package = response.json()
    assert validate(package, "oc4ids-project-package") == []
    assert package["version"] == "0.9"
    assert package["publisher"]["name"] == settings.PORTAL_PUBLISHER_NAME
    public = list(public_projects())
    assert len(public) == 21
    assert {p["id"] for p in package["projects"]} == {f"oc4ids-cnzdly-{p.code}" for p in public}
    for project in package["projects"]:
        assert validate(project, "oc4ids-project") == [], project["id"]
        assert extension_errors(project) == [], project["id"]
    for project in public:
        single = client.get(detail_url(project)).json()
        assert validate(single, "oc4ids-project-package") == [], project.code
        assert [p["id"] for p in single["projects"]] == [f"oc4ids-cnzdly-{project.code}"]

    projects = package["projects"]
    statuses = {p["status"] for p in projects}
    assert {"preparation", "implementation", "completion", "cancelled"} <= statuses
    modifications = [m for p in projects for cp in p.get("contractingProcesses", [])
                     for m in cp["summary"].get("modifications", [])]
    assert modifications, "the demo's 重大设计变更 is a modification"
    assert all(m["type"] == "scope" and m["approval"]["authority"]["name"] for m in modifications)
    completed = [p for p in projects if p["status"] in ("completion", "maintenance")]
    assert completed and all(p["completion"]["endDate"] for p in completed)
    assert any("finalValue" in p["completion"] for p in completed)
    approvals = [m for p in projects for m in p.get("milestones", [])]
    assert approvals and all(m["type"] == "approval" and m["approval"]["documentNumber"] for m in approvals)


# ---------------------------------------------------------------------------------------------
# The mapping
# ---------------------------------------------------------------------------------------------
class TestMapping:
    def test_id_prefix_is_a_setting_and_the_project_code_an_identifier(self, org, settings):
        settings.PORTAL_OC4IDS_PROJECT_PREFIX = "oc4ids-test9"
        project = make_project(org, code="2024-533100-48-01-000777")
        public_record(org, project, details=APPROVAL)

        document = oc4ids_of(project)

        assert document["id"] == "oc4ids-test9-2024-533100-48-01-000777"
        assert document["identifiers"] == [{"id": "2024-533100-48-01-000777", "scheme": "CN-TZXMDM"}]
        assert document["language"] == "zh"
        assert validate(document, "oc4ids-project") == []

    def test_facts_sector_status_budget_and_period(self, org):
        project = make_project(org, sector=Sector.WATER, phase=Phase.CONSTRUCTION, started_on=datetime.date(2024, 4, 1),
                               total_investment=Decimal("126800000.50"))
        public_record(org, project, details=APPROVAL)

        document = oc4ids_of(project)

        assert document["status"] == "implementation"
        assert document["sector"] == ["waterAndWaste"]
        assert {"scheme": "CN-ZDXM-HYLY", "id": "water", "description": "水利"} in document["additionalClassifications"]
        assert document["budget"] == {"amount": {"amount": 126800000.5, "currency": "CNY"}}
        assert document["period"] == {"startDate": "2024-04-01T00:00:00+08:00"}
        assert document["locations"][0]["address"]["region"] == org.county.name

    def test_the_legal_entity_is_a_party_with_its_uscc_and_the_lead_department_the_public_authority(self, org):
        project = make_project(org)
        public_record(org, project, details=APPROVAL)

        document = oc4ids_of(project)

        owner = next(p for p in document["parties"] if "buyer" in p["roles"])
        assert owner["identifier"] == {"scheme": "CN-USCI", "id": project.legal_entity_uscc, "legalName": project.legal_entity}
        assert owner["id"] == f"CN-USCI-{project.legal_entity_uscc}"
        assert document["publicAuthority"] == {"id": f"dept-{org.department.pk}", "name": org.department.name}
        assert party(document, document["publicAuthority"])["roles"] == ["publicAuthority"]

    def test_an_approval_is_a_milestone_with_the_approval_extension(self, org):
        project = make_project(org)
        record = public_record(org, project, title="关于可研的批复", details=APPROVAL)
        public_record(org, project, title="关于节能审查的意见", details={
            **APPROVAL, "approval_item": "energy", "reply_no": "测发改环资〔2024〕3号", "result": "rejected"})

        document = oc4ids_of(project)

        # the 节能审查 decision's clock (and its place) starts at its 批复日期; the 可研 批复 is not a decision entry
        by_code = {milestone["code"]: milestone for milestone in document["milestones"]}
        approved, rejected = by_code["feasibility"], by_code["energy"]
        assert approved == {
            "id": record.index_no,
            "title": "可行性研究报告审批",
            "type": "approval",
            "code": "feasibility",
            "description": "关于可研的批复",
            "status": "met",
            "dateMet": "2024-03-02T00:00:00+08:00",
            "dateModified": approved["dateModified"],
            "approval": {
                "documentNumber": "测发改投资〔2024〕12号",
                "authority": approved["approval"]["authority"],
                "date": "2024-03-02T00:00:00+08:00",
                "result": "approved",
                "resultDetails": "同意",
            },
        }
        authority = party(document, approved["approval"]["authority"])
        assert authority["name"] == "测试州发展和改革委员会" and authority["roles"] == ["approvalAuthority"]
        assert rejected["status"] == "notMet" and "dateMet" not in rejected
        assert rejected["approval"]["result"] == "rejected"
        assert {d["id"]: d["documentType"] for d in document["documents"]}[record.index_no] == "approvalDecision"
        assert extension_errors(document) == []

    def test_the_extension_schema_is_strict_about_approvals(self, org):
        project = make_project(org)
        public_record(org, project, details=APPROVAL)
        document = oc4ids_of(project)

        document["milestones"][0]["approval"]["result"] = "maybe"
        del document["milestones"][0]["approval"]["date"]

        assert validate(document, "oc4ids-project") == []  # the core schema allows any extra field
        assert len(extension_errors(document)) == 2

    def test_a_design_change_is_a_modification_of_the_construction_contract(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        contract = public_record(org, project, "bidding", title="施工合同订立情况", details=CONTRACT)
        change = public_record(org, project, "design_change", title="重大设计变更情况公示", doc_no="测发改投资〔2025〕7号",
                               details=DESIGN_CHANGE)

        document = oc4ids_of(project)

        [process] = document["contractingProcesses"]
        summary = process["summary"]
        assert process["id"] == contract.index_no
        assert summary["nature"] == ["construction"] and summary["status"] == "active"
        assert summary["contractValue"] == {"amount": 98650000, "currency": "CNY"}
        assert summary["tender"]["procurementMethod"] == "open"
        assert "procuringEntity" not in summary["tender"]  # no public 招标公告 says who ran the tender
        assert party(document, summary["suppliers"][0])["name"] == "测试路桥建设有限公司"
        [modification] = summary["modifications"]
        assert modification["id"] == change.index_no
        assert modification["type"] == "scope"
        assert modification["description"] == DESIGN_CHANGE["content"]
        assert DESIGN_CHANGE["reason"] in modification["rationale"] and DESIGN_CHANGE["basis"] in modification["rationale"]
        assert modification["approval"]["documentNumber"] == "测发改投资〔2025〕7号"
        assert modification["approval"]["resultDetails"] == DESIGN_CHANGE["result"]
        assert party(document, modification["approval"]["authority"])["name"] == DESIGN_CHANGE["approver"]
        assert validate(document, "oc4ids-project") == [] and extension_errors(document) == []

    def test_the_department_that_announced_the_tender_is_the_procuring_entity(self, org):
        """As in the OCDS releases (resources/ocds.py): the 项目法人 is the buyer, whoever announced the tender
        (the 公共资源交易中心) runs it."""
        project = make_project(org, phase=Phase.CONSTRUCTION)
        public_record(org, project, "bidding", title="施工招标公告", details={**CONTRACT, **NOTICE, "stage": "tender_notice"})
        public_record(org, project, "bidding", title="施工合同订立情况", details=CONTRACT)

        document = oc4ids_of(project)

        [process] = document["contractingProcesses"]
        entity = {"id": f"dept-{org.department.pk}", "name": org.department.name}
        assert process["summary"]["tender"]["procuringEntity"] == entity
        assert party(document, entity)["roles"] == ["publicAuthority", "procuringEntity"]
        owner = next(p for p in document["parties"] if p["name"] == project.legal_entity)
        assert owner["roles"] == ["buyer"]
        assert validate(document, "oc4ids-project") == []

    def test_a_design_change_without_bidding_records_still_has_its_contracting_process(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        change = public_record(org, project, "design_change", details=DESIGN_CHANGE)

        [process] = oc4ids_of(project)["contractingProcesses"]

        assert process["id"] == change.index_no
        assert process["summary"]["modifications"][0]["id"] == change.index_no

    def test_a_completed_project_has_its_completion(self, org):
        project = make_project(org, phase=Phase.COMPLETED, started_on=datetime.date(2018, 3, 1),
                               completed_on=datetime.date(2020, 6, 30))
        completion = {"accepted_on": "2020-06-30", "quality_result": "passed", "filed_on": "2020-07-15",
                      "filing_no": "测建竣备〔2020〕18号", "filing_department": "测试县住房和城乡建设局",
                      "delivered_on": "2020-07-30"}
        public_record(org, project, "completion", details=completion)
        accounts = public_record(org, project, "completion", details={
            **completion, "audit_unit": "测试会计师事务所有限公司", "final_amount": "119876543.21"})
        public_record(org, project, "design_change", details=DESIGN_CHANGE)

        document = oc4ids_of(project)

        assert document["status"] == "completion"
        assert document["period"]["endDate"] == "2020-06-30T00:00:00+08:00"
        assert document["completion"]["endDate"] == "2020-06-30T00:00:00+08:00"
        assert "测建竣备〔2020〕18号" in document["completion"]["endDateDetails"]
        assert document["completion"]["finalValue"] == {"amount": 119876543.21, "currency": "CNY"}
        assert "测试会计师事务所有限公司" in document["completion"]["finalValueDetails"]
        assert document["completion"]["finalScope"] == "工程质量竣工验收合格"
        assert DESIGN_CHANGE["content"] in document["completion"]["finalScopeDetails"]
        assert {d["id"]: d["documentType"] for d in document["documents"]}[accounts.index_no] == "financialAuditReport"
        assert validate(document, "oc4ids-project") == []

    def test_a_project_in_preparation_has_no_completion(self, org):
        project = make_project(org, phase=Phase.PREPARATION)
        public_record(org, project, details=APPROVAL)

        assert "completion" not in oc4ids_of(project)

    def test_every_record_is_a_document_linking_its_public_page(self, org, settings):
        settings.PORTAL_BASE_URL = "https://gov.example.cn/"
        project = make_project(org)
        for category in ("approval_service", "land_expropriation", "construction", "quality_safety", "supervision"):
            public_record(org, project, category)

        documents = oc4ids_of(project)["documents"]

        assert [d["documentType"] for d in documents] == [
            "approvalServiceGuide", "landAndSettlementImpact", "constructionParticipants",
            "qualitySafetySupervision", "supervisionReport",
        ]
        record = project.record_links.select_related("disclosure").first().disclosure
        document = next(d for d in documents if d["id"] == record.index_no)
        assert document["url"] == f"https://gov.example.cn/disclosures/{record.pk}/"
        assert document["title"] == record.title and document["format"] == "text/html"

    def test_package_is_dated_by_its_contents(self, org):
        project = make_project(org)
        public_record(org, project, details=APPROVAL)
        document = oc4ids_of(project)

        package = projects_package([(project, public_records_by_project([project])[project.pk])], uri="https://x.cn/p")

        assert package["publishedDate"] == document["updated"]
        assert validate(package, "oc4ids-project-package") == []


# ---------------------------------------------------------------------------------------------
# Nothing unpublished, nothing personal
# ---------------------------------------------------------------------------------------------
def private_records(org, project) -> list[str]:
    """Records of every non-public kind on `project`, each carrying a marker; returns the markers."""
    markers = []
    for status in ("draft", "submitted", "reviewed", "approved", "withdrawn"):
        marker = f"MarkQx{status}Z"
        record_in_state(org, project, status, "approval_result", title=f"标题{marker}",
                        details={**APPROVAL, "reply_no": f"文号{marker}", "authority": f"机关{marker}"})
        markers.append(marker)
    overdue_record(org, project, "bidding", title="标题MarkQxOverdueZ",
                   details={**CONTRACT, "winner": "中标MarkQxOverdueZ"})
    public_record(org, project, "design_change", title="标题MarkQxWithheldZ",
                  disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密",
                  details={**DESIGN_CHANGE, "approver": "单位MarkQxWithheldZ"})
    return markers + ["MarkQxOverdueZ", "MarkQxWithheldZ"]


class TestOnlyPublishedData:
    def test_drafts_withdrawn_and_withheld_records_never_appear(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        published = public_record(org, project, details=APPROVAL)
        markers = private_records(org, project)
        correction = disclosure_services.disclosure_start_correction(disclosure=published, actor=org.clerk,
                                                                      change_note="更正文号")
        disclosure_services.disclosure_update(disclosure=correction, actor=org.clerk,
                                              expected_version=correction.lock_version,
                                              details={**APPROVAL, "reply_no": "文号MarkQxCorrectionZ"})
        markers.append("MarkQxCorrectionZ")

        assert public_records_by_project([project]) == {project.pk: [published]}

        for response in (APIClient().get(detail_url(project)), APIClient().get(BULK)):
            text = response.content.decode()
            assert response.status_code == 200
            assert "测发改投资〔2024〕12号" in text  # the published record is there…
            assert [marker for marker in markers if marker in text] == []  # …and nothing else
            [document] = response.json()["projects"]
            assert [d["id"] for d in document["documents"]] == [published.index_no]
            assert [m["id"] for m in document["milestones"]] == [published.index_no]
            assert "contractingProcesses" not in document

    def test_the_mapping_itself_skips_records_that_are_not_public(self, org):
        project = make_project(org)
        public_record(org, project, details=APPROVAL)
        private_records(org, project)
        every_record = [link.disclosure for link in project.record_links.select_related("disclosure__department")]

        text = json.dumps(project_to_oc4ids(project, every_record), ensure_ascii=False)

        assert "MarkQx" not in text

    def test_on_request_records_are_listed_without_their_structured_fields(self, org):
        project = make_project(org)
        public_record(org, project, details=APPROVAL)
        record = public_record(org, project, title="依申请公开的批复", disclosure_mode=DisclosureMode.ON_REQUEST,
                               mode_reason="涉及商业秘密", details={**APPROVAL, "reply_no": "文号MarkQxOnRequestZ"})

        document = oc4ids_of(project)

        assert "MarkQxOnRequestZ" not in json.dumps(document, ensure_ascii=False)
        listed = next(d for d in document["documents"] if d["id"] == record.index_no)
        assert listed["accessDetails"].startswith("依申请公开")
        assert record.index_no not in [m["id"] for m in document["milestones"]]

    def test_no_person_is_named(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        details = placeholder_details("projects", "construction")
        people = {field: f"人名{field}" for field in details if field.endswith("_person")}
        public_record(org, project, "construction", details={
            **details, **people, "contractor_unit": "测试路桥建设有限公司"})

        document = oc4ids_of(project)

        text = json.dumps(document, ensure_ascii=False)
        assert people and [name for name in people.values() if name in text] == []
        assert "测试路桥建设有限公司" in [p["name"] for p in document["parties"]]

    def test_a_project_without_public_records_is_404_even_for_staff(self, org):
        hidden = make_project(org)
        private_records(org, hidden)
        staff = APIClient()
        staff.force_authenticate(org.clerk)

        for client in (APIClient(), staff):
            response = client.get(detail_url(hidden))
            assert response.status_code == 404
            assert "没有找到该项目" in response.json()["detail"]
        assert APIClient().get(BULK).status_code == 404  # a package holds at least one project


# ---------------------------------------------------------------------------------------------
# The bulk package
# ---------------------------------------------------------------------------------------------
class TestBulkPackage:
    def test_the_list_filters_apply(self, org):
        road = make_project(org, sector=Sector.TRANSPORT)
        school = make_project(org, sector=Sector.SOCIAL)
        for project in (road, school):
            public_record(org, project, details=APPROVAL)

        package = APIClient().get(BULK, {"sector": "social"}).json()

        assert [p["id"] for p in package["projects"]] == [f"oc4ids-cnzdly-{school.code}"]
        assert package["uri"].endswith("/api/v1/projects/oc4ids/?sector=social")
        response = APIClient().get(BULK, {"sector": "energy"})
        assert response.status_code == 404
        assert response.json()["detail"] == "没有符合筛选条件的公开项目。"

    def test_queries_do_not_grow_with_the_number_of_projects(self, org):
        def build(count):
            for _ in range(count):
                project = make_project(org, phase=Phase.CONSTRUCTION)
                public_record(org, project, details=APPROVAL)
                public_record(org, project, "bidding", details=CONTRACT)
                public_record(org, project, "design_change", details=DESIGN_CHANGE)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = APIClient().get(BULK)
            assert response.status_code == 200
            return len(captured)

        build(1)
        one = queries()
        build(4)
        assert len(APIClient().get(BULK).json()["projects"]) == 5
        assert queries() == one <= 4  # projects, their records, the linked OCDS matters (none here)


# ---------------------------------------------------------------------------------------------
# The extension and the public page
# ---------------------------------------------------------------------------------------------
def codes(name: str) -> set[str]:
    with (EXTENSION / "codelists" / name).open(encoding="utf-8") as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


def test_extension_codelists_match_the_mapping():
    """Every code the mapping emits in an open codelist is OC4IDS 0.9's (the vendored codelists of
    open-contracting/infrastructure) or one the extension adds (`+<codelist>.csv`: new codes only)."""
    # Today's items and the historic ones older records carry (issue 27).
    assert codes("+milestoneCode.csv") == {code for code, _ in ApprovalResultDetails.base_fields["approval_item"].choices}
    assert codes("approvalResult.csv") == {code for code, _ in ApprovalResultDetails.base_fields["result"].choices}
    emitted = set(DOCUMENT_TYPES.values()) | set(BIDDING_DOCUMENT_TYPES.values()) | {"financialAuditReport"}
    core = oc4ids_codes("documentType.csv")
    assert emitted - core == codes("+documentType.csv")
    assert "finalAudit" not in core | codes("+documentType.csv")
    assert codes("+partyRole.csv") == {"approvalAuthority", "qualitySupervisor"}
    assert codes("+classificationScheme.csv") == {SECTOR_SCHEME, APPROVAL_MODE_SCHEME, INVESTOR_TYPE_SCHEME}
    for name in ("documentType", "partyRole", "milestoneCode", "classificationScheme"):
        added = codes(f"+{name}.csv")
        assert added and not added & oc4ids_codes(f"{name}.csv"), name  # an addition, not a repeat
    extension = json.loads((EXTENSION / "extension.json").read_text(encoding="utf-8"))
    assert {f"{name}" for name in extension["codelists"]} == {p.name for p in (EXTENSION / "codelists").iterdir()}


def test_the_classification_schemes_are_declared_with_their_codes():
    """The schemes of `additionalClassifications` come from the open classificationScheme codelist; ours are
    declared by the extension (`+classificationScheme.csv`, category `purpose` as OC4IDS's own project
    schemes), each row listing the codes of the scheme with their Chinese names."""
    with (EXTENSION / "codelists" / "+classificationScheme.csv").open(encoding="utf-8") as handle:
        rows = {row["Code"]: row for row in csv.DictReader(handle)}
    with (OC4IDS_DIR / "codelists" / "classificationScheme.csv").open(encoding="utf-8") as handle:
        columns = csv.DictReader(handle).fieldnames
    for scheme, choices in ((SECTOR_SCHEME, Sector), (APPROVAL_MODE_SCHEME, ApprovalMode), (INVESTOR_TYPE_SCHEME, InvestorType)):
        row = rows[scheme]
        assert list(row) == columns and row["Category"] == "purpose"
        assert all(f"{code} {label}" in row["Description"] for code, label in choices.choices), scheme


def test_the_project_page_links_its_open_data(client, org):
    project = make_project(org)
    public_record(org, project, details=APPROVAL)

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert f'href="{detail_url(project)}"' in response.content.decode()
    assert "开放数据（OC4IDS）" in response.content.decode()
    opened = client.get(detail_url(project), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")  # a browser
    assert opened.status_code == 200 and opened["Content-Type"] == "application/json"
    assert opened.json()["projects"][0]["title"] == project.name

