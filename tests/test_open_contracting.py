"""Open contracting data as third parties check it (issue 22): the demo's OCDS release packages
(resources/ocds.py) and OC4IDS project packages (projects/oc4ids.py) pass lib-cove-ocds, ocdskit's
compile and lib-cove-oc4ids, run offline on the vendored schemas and codelists (tests/schemas/cove.py);
a broken package fails them; and a 工程建设项目招标投标 matter linked to a major project is one contracting
process in both standards — the same ocid, buyer, procuring entity, suppliers and value."""

import copy
import csv
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects.selectors import public_projects
from projects.tests.builders import make_project, public_record
from resources.models import ResourceMatter
from resources.ocds import OCDS_AREAS, public_records_of, with_public_records
from resources.tests.factories import details, make_matter, published_record
from tests.schemas.cove import (
    compile_package,
    cove_oc4ids,
    cove_ocds,
    oc4ids_codes,
    oc4ids_problems,
    ocds_problems,
)

pytestmark = pytest.mark.django_db

OCDS_PACKAGE, OC4IDS_PACKAGE = "/api/v1/resource-matters/ocds/", "/api/v1/projects/oc4ids/"
EXTENSION = Path(__file__).resolve().parents[1] / "projects" / "oc4ids_extension"


def item_types_of(matter) -> list[str]:
    return [record.details.get("item_type") for record in public_records_of(matter)]


def get(url: str) -> dict:
    response = APIClient().get(url)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def extension_codes() -> dict[str, set[str]]:
    """The codes the OC4IDS extension adds, by the codelist they are added to."""
    added = {}
    for path in (EXTENSION / "codelists").glob("+*.csv"):
        with path.open(encoding="utf-8") as handle:
            added[path.name.removeprefix("+")] = {row["Code"] for row in csv.DictReader(handle)}
    return added


# Where the extension's schema patch adds its field: to Milestone (milestones) and Modification
# (contractingProcesses/summary/modifications).
EXTENSION_FIELDS = frozenset({"/projects/milestones/approval", "/projects/contractingProcesses/summary/modifications/approval"})


def test_the_extension_fields_are_the_patched_ones():
    patch = json.loads((EXTENSION / "project-schema.json").read_text(encoding="utf-8"))
    patched = {name: set(definition["properties"]) for name, definition in patch["definitions"].items()
               if name in ("Milestone", "Modification")}
    assert patched == {"Milestone": {"approval"}, "Modification": {"approval"}}
    assert {path.rsplit("/", 1)[1] for path in EXTENSION_FIELDS} == {"approval"}


def oc4ids_report(package: dict) -> list[str]:
    """lib-cove-oc4ids's problems, less what the extension declares: its fields (lib-cove-oc4ids applies no
    extension) and its additions to open codelists. Any other new open code is a problem too."""
    context = cove_oc4ids(package)
    assert "/codelists/documentType.csv" in context["served"]  # the codelist checks did run
    declared = extension_codes()
    problems = oc4ids_problems(context, extension_fields=EXTENSION_FIELDS)
    for path, found in context["additional_open_codelist_values"].items():
        undeclared = set(found["values"]) - declared.get(found["codelist"], set())
        if undeclared:
            problems.append(f"open codelist {path}: {sorted(undeclared)} not declared by the extension")
    return problems


# ---------------------------------------------------------------------------------------------
# The demo, through the validators
# ---------------------------------------------------------------------------------------------
def test_the_demos_open_contracting_data_passes_the_third_party_validators(demo_county):
    matters = list(with_public_records(ResourceMatter.objects.filter(area__in=OCDS_AREAS)).order_by("pk"))
    # A matter whose public records start no contracting process (the 集中采购机构考核结果, issue 27) has no
    # release: its package is a 404 that says so, and the processes are the other matters.
    assessments = [matter for matter in matters if set(item_types_of(matter)) == {"assessment"}]
    assert len(assessments) == 1
    for matter in assessments:
        response = APIClient().get(f"/api/v1/resource-matters/{matter.pk}/ocds/")
        assert response.status_code == 404 and "没有可作为开放数据（OCDS）发布的信息" in response.json()["detail"]
    matters = [matter for matter in matters if matter not in assessments]
    packages = [get(OCDS_PACKAGE)] + [get(f"/api/v1/resource-matters/{matter.pk}/ocds/") for matter in matters]
    for package in packages:
        assert ocds_problems(cove_ocds(package)) == [], package["uri"]
    record_package = compile_package(packages[0])
    assert ocds_problems(cove_ocds(record_package)) == []

    projects = list(public_projects().order_by("pk"))
    project_packages = [get(OC4IDS_PACKAGE)] + [get(f"/api/v1/projects/{project.pk}/oc4ids/") for project in projects]
    for package in project_packages:
        assert oc4ids_report(package) == [], package["uri"]

    releases = len(packages[0]["releases"])
    assert releases == sum(len(package["releases"]) for package in packages[1:])
    assert len(record_package["records"]) == len(matters) == 5
    assert len(project_packages[0]["projects"]) == len(projects) == 21
    print(  # noqa: T201 - the counts asked for in the report (pytest -rP shows them)
        f"lib-cove-ocds: {len(packages)} release packages ({releases} releases of {len(matters)} processes), "
        f"1 compiled record package ({len(record_package['records'])} records), 0 errors; "
        f"lib-cove-oc4ids: {len(project_packages)} project packages ({len(projects)} projects), 0 errors"
    )


def test_a_broken_package_fails_the_validators(demo_county):
    """The checks above can fail: the same packages, broken as a careless mapping would break them."""
    package = get(OCDS_PACKAGE)
    broken = copy.deepcopy(package)
    broken["releases"][0]["tender"]["status"] = "finished"  # not in the closed tenderStatus codelist
    del broken["releases"][1]["ocid"]
    broken["releases"][2]["parties"][0]["roles"] = []  # an empty array
    problems = ocds_problems(cove_ocds(broken))
    assert any("ocid" in problem for problem in problems), problems
    assert any("tender/status" in problem or "finished" in problem for problem in problems), problems
    assert any("roles" in problem for problem in problems), problems

    projects = get(OC4IDS_PACKAGE)
    broken = copy.deepcopy(projects)
    project = broken["projects"][0]
    project["status"] = "ongoing"  # not in the closed projectStatus codelist
    project["documents"][0]["documentType"] = "finalAudit"  # an open codelist, but declared nowhere
    project["publicAuthority"]["id"] = "dept-0"  # no such party
    problems = oc4ids_report(broken)
    assert any("ongoing" in problem for problem in problems), problems
    assert any("finalAudit" in problem for problem in problems), problems
    assert any("missing-org-refs" in problem for problem in problems), problems


# ---------------------------------------------------------------------------------------------
# One process, two standards
# ---------------------------------------------------------------------------------------------
def test_the_demos_linked_matters_are_the_same_process_in_ocds_and_oc4ids(demo_county):
    linked = ResourceMatter.objects.filter(area__in=OCDS_AREAS, project__isnull=False).select_related("project")
    assert linked.count() == 2
    for matter in linked:
        package = get(f"/api/v1/resource-matters/{matter.pk}/ocds/")
        (record,) = compile_package(package)["records"]
        compiled = record["compiledRelease"]
        (project,) = get(f"/api/v1/projects/{matter.project.pk}/oc4ids/")["projects"]
        (process,) = [p for p in project["contractingProcesses"] if p["summary"].get("ocid") == compiled["ocid"]]
        summary, parties = process["summary"], {party["id"]: party for party in project["parties"]}

        assert process["id"] == record["ocid"]
        # The same buyer, from the project's 项目法人: one party, the same id in both.
        assert compiled["buyer"] == {"id": f"CN-USCI-{matter.project.legal_entity_uscc}", "name": matter.project.legal_entity}
        assert "buyer" in parties[compiled["buyer"]["id"]]["roles"]
        # The trading centre runs the tender.
        assert summary["tender"]["procuringEntity"] == compiled["tender"]["procuringEntity"]
        assert compiled["tender"]["procuringEntity"]["name"] == "青山县公共资源交易中心"
        assert "procuringEntity" in parties[compiled["tender"]["procuringEntity"]["id"]]["roles"]
        suppliers = [s for award in compiled.get("awards", []) if award["status"] == "active" for s in award["suppliers"]]
        assert summary.get("suppliers", []) == suppliers
        assert summary.get("contractValue") == (compiled["contracts"][0]["value"] if "contracts" in compiled else None)
        assert [(r["id"], r["tag"], r["date"]) for r in process["releases"]] == [
            (r["id"], r["tag"], r["date"]) for r in package["releases"]]
        assert {release["url"] for release in process["releases"]} == {package["uri"]}

    hospital = linked.get(name__contains="住院综合楼")
    (project,) = get(f"/api/v1/projects/{hospital.project.pk}/oc4ids/")["projects"]
    (process,) = project["contractingProcesses"]  # published once: by the trading centre, as the matter
    assert process["summary"]["contractValue"] == {"amount": 182365000, "currency": "CNY"}
    assert process["summary"]["status"] == "active" and process["summary"]["nature"] == ["construction"]
    assert "214500000" not in json.dumps(project)


def test_a_process_published_in_ocds_is_read_from_it_in_oc4ids(org, settings, django_assert_max_num_queries):
    settings.PORTAL_BASE_URL = "https://gov.example.cn"
    project = make_project(org, legal_entity="测试县人民医院")
    public_record(org, project, "bidding", title="监理合同订立情况", details={
        "stage": "contract", "method": "open", "lot": "施工监理", "winner": "测试监理有限公司", "amount": "1200000.00"})
    matter = make_matter(org, area="construction_bidding", project=project, reference_no="ZB-9",
                         name="测试县人民医院住院楼施工总承包", description="施工总承包")
    bidding = "construction_bidding"
    notice = published_record(org, matter, "tender_notice", details=details(bidding, "tender_notice", bid_section="施工"))
    published_record(org, matter, "award", details=details(bidding, "award", winner="测试建工有限公司", amount="9000000"))
    published_record(org, matter, "contract", details=details(bidding, "contract", winner="测试建工有限公司", amount="8800000"))

    with CaptureQueriesContext(connection) as queries:
        (document,) = get(f"/api/v1/projects/{project.pk}/oc4ids/")["projects"]
    assert len(queries) <= 6  # projects, records, the linked matters, their public records, their versions

    own, published = document["contractingProcesses"]
    assert own["summary"]["nature"] == ["supervision"] and "ocid" not in own["summary"]
    ocid = f"ocds-cnzdly-{matter.pk}"
    assert published["id"] == published["summary"]["ocid"] == ocid
    summary = published["summary"]
    assert summary["externalReference"] == "ZB-9"
    assert summary["contractValue"] == {"amount": 8800000, "currency": "CNY"}  # the contract's, not the award's
    assert summary["tender"]["procuringEntity"] == {"id": f"dept-{org.department.pk}", "name": org.department.name}
    assert summary["tender"]["datePublished"] == notice.published_at.astimezone().isoformat(timespec="seconds")
    assert [release["tag"] for release in published["releases"]] == [["tender"], ["award"], ["contract"]]
    assert {release["url"] for release in published["releases"]} == {
        f"https://gov.example.cn/api/v1/resource-matters/{matter.pk}/ocds/"}
    roles = {party["name"]: party["roles"] for party in document["parties"]}
    assert roles["测试县人民医院"] == ["buyer"]  # the 招标人 of both processes, as the OCDS buyer
    assert roles["测试建工有限公司"] == ["supplier"]
    assert roles[org.department.name] == ["publicAuthority", "procuringEntity"]
    assert document["parties"][0]["identifier"] == {
        "scheme": "CN-USCI", "id": project.legal_entity_uscc, "legalName": "测试县人民医院"}
    assert {d["documentType"] for d in summary["documents"]} == {"tenderNotice", "awardNotice", "contractNotice"}
    assert {d["documentType"] for d in summary["documents"]} <= oc4ids_codes("documentType.csv")
