"""The dashboard's 重大项目信息缺项 section: projects in scope with missing or overdue categories."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import CatalogueEntry
from organizations.choices import Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from projects.choices import Phase
from projects.tests.builders import make_project, overdue_record, public_record, record_in_state
from workdays import services as workday_services

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


@pytest.fixture
def projects(org):
    complete = make_project(org, name="完整项目", phase=Phase.PREPARATION)
    public_record(org, complete, "approval_result")
    missing = make_project(org, name="缺施工信息的项目", phase=Phase.CONSTRUCTION)
    public_record(org, missing, "approval_result")
    public_record(org, missing, "bidding")
    # in progress: not a gap (质量安全 has two entries with different deadlines: the record names its own)
    record_in_state(org, missing, "submitted", "quality_safety",
                    catalogue_entry=CatalogueEntry.objects.get(code="projects-quality-safety-agency"))
    late = make_project(org, name="批复逾期的项目", phase=Phase.PREPARATION, lead_department=org.other_department)
    overdue_record(org, late, "approval_result", actor=org.other_clerk, department=org.other_department)
    county2 = JurisdictionFactory(name="另一县", code="OC")
    elsewhere = make_project(org, name="另一县的项目", jurisdiction=county2,
                             lead_department=DepartmentFactory(jurisdiction=county2, code="OCFGW"))
    return {"complete": complete, "missing": missing, "late": late, "elsewhere": elsewhere}


def gaps(client, user, params=None) -> dict:
    client.force_login(user)
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return {row.name: row for row in response.context["project_gaps"]}


def test_office_sees_the_gaps_of_its_projects(client, org, projects):
    rows = gaps(client, org.office)
    assert set(rows) == {"缺施工信息的项目", "批复逾期的项目"}
    assert rows["缺施工信息的项目"].missing == ("施工有关信息",)
    assert rows["缺施工信息的项目"].overdue == ()
    assert rows["批复逾期的项目"].missing == ()
    assert rows["批复逾期的项目"].overdue == ("批准结果信息",)


def test_section_is_rendered(client, org, projects):
    client.force_login(org.office)
    html = client.get(URL).content.decode()
    section = html[html.index('id="project-gaps"'):html.index("</section>", html.index('id="project-gaps"'))]
    assert "重大项目信息缺项" in section
    assert "共 2 个项目" in section
    assert "缺施工信息的项目" in section and projects["missing"].code in section
    assert '<span class="tag">施工有关信息</span>' in section
    assert '<span class="tag">批准结果信息</span>' in section
    assert "完整项目" not in section and "另一县的项目" not in section


def test_the_other_county_sees_its_own(client, org, projects):
    office2 = member(projects["elsewhere"].lead_department, Role.OFFICE, "office2")
    rows = gaps(client, office2)
    assert set(rows) == {"另一县的项目"}
    assert rows["另一县的项目"].missing == ("批准结果信息",)


def test_a_clerk_sees_the_projects_of_their_department(client, org, projects):
    assert set(gaps(client, org.clerk)) == {"缺施工信息的项目"}
    assert set(gaps(client, org.other_clerk)) == {"批复逾期的项目"}


def test_the_dashboard_filters_apply(client, org, projects):
    assert set(gaps(client, org.office, {"domain": "resources"})) == set()
    assert set(gaps(client, org.office, {"domain": "projects"})) == {"缺施工信息的项目", "批复逾期的项目"}
    assert set(gaps(client, org.office, {"category": "construction"})) == {"缺施工信息的项目"}
    assert set(gaps(client, org.office, {"department": org.other_department.pk})) == {"批复逾期的项目"}


def test_queries_do_not_grow_with_projects(client, org, projects, django_assert_max_num_queries):
    client.force_login(org.office)
    workday_services._memo.clear()  # both requests load the calendar
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for _ in range(15):
        project = make_project(org, phase=Phase.COMPLETED)
        public_record(org, project, "approval_result")
        overdue_record(org, project, "completion")
    workday_services._memo.clear()
    with django_assert_max_num_queries(len(small)):
        response = client.get(URL)
    assert len(response.context["project_gaps"]) == 17
