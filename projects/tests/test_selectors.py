"""Selectors of the public pages: which projects are public, the timeline, the completeness matrix, gaps."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures import services
from disclosures.choices import DisclosureMode, Status
from disclosures.models import Disclosure
from organizations.choices import Role
from organizations.selectors import user_scope
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, UserFactory, member
from projects import selectors
from projects.choices import EXPECTED_CATEGORIES, Phase, ProjectCategory
from projects.selectors import CellState
from tests.contracts.subject_selectors import SubjectSelectorsContract

from .builders import link, make_project, overdue_record, public_record, record_in_state

pytestmark = pytest.mark.django_db


def states(matrix) -> dict[str, str]:
    return {cell.category: cell.state for cell in matrix}


# ---------------------------------------------------------------------------------------------
# Public projects and the timeline
# ---------------------------------------------------------------------------------------------
class TestPublicProjects(SubjectSelectorsContract):
    """Public projects as every domain's subjects are (tests/contracts/subject_selectors.py), and their timeline."""

    domain = "projects"

    def test_timeline_is_public_records_in_life_cycle_order(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        later = public_record(org, project, "bidding", title="招标公告", formed_on=datetime.date(2018, 6, 1))
        first = public_record(org, project, "approval_result", title="可研批复", formed_on=datetime.date(2018, 1, 5))
        record_in_state(org, project, "reviewed", "construction", title="未发布")
        record_in_state(org, project, "withdrawn", "construction", title="已撤回")
        other = make_project(org)
        public_record(org, other, title="别的项目")

        assert selectors.project_timeline(project) == [first, later]


# ---------------------------------------------------------------------------------------------
# Completeness matrix
# ---------------------------------------------------------------------------------------------
class TestCompletenessMatrix:
    @pytest.mark.parametrize("phase", Phase.values)
    def test_empty_project_of_each_phase(self, org, phase):
        project = make_project(org, phase=phase)
        matrix = selectors.completeness_matrix(project)
        assert [cell.category for cell in matrix] == ProjectCategory.values
        expected = set(EXPECTED_CATEGORIES[phase])
        assert {cell.category for cell in matrix if cell.expected} == expected
        for cell in matrix:
            assert cell.published == 0
            assert cell.state == (CellState.MISSING if cell.category in expected else CellState.NOT_APPLICABLE)
            assert cell.state_label == ("缺失" if cell.category in expected else "不适用")

    @pytest.mark.parametrize("phase", Phase.values)
    def test_fully_published_project_of_each_phase_has_no_gap(self, org, phase):
        project = make_project(org, phase=phase)
        for category in EXPECTED_CATEGORIES[phase]:
            public_record(org, project, category)
        matrix = selectors.completeness_matrix(project)
        assert not [cell for cell in matrix if cell.is_gap]
        for cell in matrix:
            if cell.expected:
                assert (cell.state, cell.state_label, cell.published) == (CellState.PUBLISHED, "已公开", 1)
            else:
                assert cell.state == CellState.NOT_APPLICABLE

    def test_expected_categories_by_phase(self, org):
        # A completed project must have 竣工 records; one under construction 施工 and 质量安全监督.
        assert "completion" in EXPECTED_CATEGORIES[Phase.COMPLETED]
        assert {"construction", "quality_safety"} <= set(EXPECTED_CATEGORIES[Phase.CONSTRUCTION])
        assert "completion" not in EXPECTED_CATEGORIES[Phase.CONSTRUCTION]

    def test_every_state(self, org):
        project = make_project(org, phase=Phase.CONSTRUCTION)
        public_record(org, project, "approval_result")
        public_record(org, project, "approval_result")
        overdue_record(org, project, "bidding")  # expected, overdue
        record_in_state(org, project, "submitted", "construction")  # expected, in progress
        # quality_safety: expected, nothing at all → missing
        public_record(org, project, "land_expropriation", disclosure_mode=DisclosureMode.NOT_DISCLOSED,
                      mode_reason="涉及国家秘密")
        public_record(org, project, "design_change")  # not expected, yet published
        record_in_state(org, project, "withdrawn", "completion")  # withdrawn: not published any more
        overdue_record(org, project, "supervision")  # not expected, still overdue

        matrix = {cell.category: cell for cell in selectors.completeness_matrix(project)}
        assert states(matrix.values()) == {
            "approval_service": CellState.NOT_APPLICABLE,
            "approval_result": CellState.PUBLISHED,
            "bidding": CellState.OVERDUE,
            "land_expropriation": CellState.WITHHELD,
            "design_change": CellState.PUBLISHED,
            "construction": CellState.PENDING,
            "quality_safety": CellState.MISSING,
            "completion": CellState.NOT_APPLICABLE,
            "supervision": CellState.OVERDUE,
            "ppp": CellState.NOT_APPLICABLE,  # not a PPP project
        }
        assert matrix["approval_result"].published == 2
        assert matrix["land_expropriation"].published == 0  # 不予公开 is not counted as published
        assert matrix["bidding"].state_label == "逾期未公开"
        assert matrix["construction"].state_label == "办理中"

    def test_an_overdue_record_is_a_gap_even_beside_published_ones(self, org):
        project = make_project(org, phase=Phase.PREPARATION)
        public_record(org, project, "approval_result")
        overdue_record(org, project, "approval_result")
        cell = selectors.completeness_matrix(project)[1]
        assert (cell.category, cell.published, cell.state) == ("approval_result", 1, CellState.OVERDUE)

    def test_a_pending_record_not_yet_due_is_in_progress(self, org):
        project = make_project(org)
        record = record_in_state(org, project, "draft", "approval_result")
        Disclosure.objects.filter(pk=record.pk).update(due_on=datetime.date.today() + datetime.timedelta(days=5))
        assert selectors.completeness_matrix(project)[1].state == CellState.PENDING
        assert selectors.completeness_matrix(project, today=datetime.date.today() + datetime.timedelta(days=6))[
            1
        ].state == CellState.OVERDUE

    def test_merged_corrections_are_not_counted_twice(self, org):
        project = make_project(org)
        record = public_record(org, project, "approval_result")
        correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正批复文号")
        link(project, correction)
        services.disclosure_submit(disclosure=correction, actor=org.clerk)
        services.disclosure_review(disclosure=correction, actor=org.reviewer)
        services.disclosure_sign(disclosure=correction, actor=org.signer)
        correction.refresh_from_db()
        assert correction.status == Status.MERGED
        assert selectors.completeness_matrix(project)[1].published == 1

    def test_many_projects_in_one_query(self, org):
        projects = [make_project(org, phase=phase) for phase in Phase.values]
        for project in projects:
            public_record(org, project, "approval_result")
            overdue_record(org, project, "bidding")
        with CaptureQueriesContext(connection) as ctx:
            matrices = selectors.completeness_for_projects(projects)
        assert len(ctx) == 1
        assert set(matrices) == {p.pk for p in projects}
        for project in projects:
            assert states(matrices[project.pk])["approval_result"] == CellState.PUBLISHED
            assert states(matrices[project.pk])["bidding"] == CellState.OVERDUE


# ---------------------------------------------------------------------------------------------
# Gaps for the office dashboard
# ---------------------------------------------------------------------------------------------
class TestProjectGaps:
    def test_lists_projects_with_missing_or_overdue_categories(self, org):
        complete = make_project(org, name="完整", phase=Phase.PREPARATION)
        public_record(org, complete, "approval_result")
        missing = make_project(org, name="缺项", phase=Phase.CONSTRUCTION)
        public_record(org, missing, "approval_result")
        public_record(org, missing, "bidding")
        record_in_state(org, missing, "submitted", "construction")  # in progress: not a gap
        late = make_project(org, name="逾期", phase=Phase.PREPARATION)
        overdue_record(org, late, "approval_result")

        user_scope(org.office)  # computed once per request, cached on the user
        with CaptureQueriesContext(connection) as ctx:
            gaps = selectors.project_gaps(selectors.projects_for_user(org.office))
        assert len(ctx) == 2  # the projects in scope, one aggregate over their records
        by_name = {gap.project.name: gap for gap in gaps}
        assert set(by_name) == {"缺项", "逾期"}
        assert [cell.category for cell in by_name["缺项"].missing] == ["quality_safety"]
        assert by_name["缺项"].overdue == []
        assert [cell.category for cell in by_name["逾期"].overdue] == ["approval_result"]

    def test_query_count_does_not_grow_with_projects(self, org, django_assert_max_num_queries):
        for _ in range(2):
            make_project(org, phase=Phase.CONSTRUCTION)
        selectors.project_gaps(selectors.projects_for_user(org.office))
        with CaptureQueriesContext(connection) as small:
            selectors.project_gaps(selectors.projects_for_user(org.office))
        for _ in range(20):
            project = make_project(org, phase=Phase.COMPLETED)
            overdue_record(org, project, "completion")
        with django_assert_max_num_queries(len(small)):
            gaps = selectors.project_gaps(selectors.projects_for_user(org.office))
        assert len(gaps) == 22

    def test_scope(self, org):
        own = make_project(org, name="本单位牵头", lead_department=org.department)
        other = make_project(org, name="他单位牵头", lead_department=org.other_department)
        # 谁实施谁公开: the other department entered a record of the first department's project.
        shared = make_project(org, name="他单位有记录", lead_department=org.department)
        link(shared, services.disclosure_create(
            actor=org.other_clerk, department=org.other_department, title="征地公告", domain="projects",
            category="land_expropriation", details={"document_type": "expropriation_announcement", "area_hectares": "1.5",
                                                    "authority": "省政府", "approved_on": "2026-10-20",
                                                    "approval_no": "省政土〔2026〕1号", "summary": "征收范围和时间安排"},
        ))
        county2 = JurisdictionFactory(name="另一县", code="OC")
        elsewhere_dept = DepartmentFactory(jurisdiction=county2, name="另一县发改局", code="OCFGW")
        elsewhere = make_project(org, name="另一县项目", jurisdiction=county2, lead_department=elsewhere_dept)

        assert set(selectors.projects_for_user(org.clerk)) == {own, shared}
        assert set(selectors.projects_for_user(org.other_clerk)) == {other, shared}
        assert set(selectors.projects_for_user(org.office)) == {own, other, shared}
        assert set(selectors.projects_for_user(member(elsewhere_dept, Role.OFFICE))) == {elsewhere}
        superuser = UserFactory(is_superuser=True)
        assert set(selectors.projects_for_user(superuser)) == {own, other, shared, elsewhere}
