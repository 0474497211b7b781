"""ProjectFilterSet: each filter narrows correctly (NetBox style), and every filter has its test."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from projects.choices import ApprovalMode, InvestorType, Phase, PPPCapital, PPPMode, PPPReturn, Sector
from projects.filtersets import ProjectFilterSet
from projects.models import Project
from tests.contracts.filtersets import FilterSetContract

from .builders import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def projects_image(module_image):
    return module_image(build_projects)  # built once: every test of the class reads it


def build_projects(org) -> dict:
    built = SimpleNamespace(org=org)
    built.road = make_project(
        org, name="芒市至瑞丽高速公路", code="2018-533103-48-01-000101", sector=Sector.TRANSPORT,
        phase=Phase.CONSTRUCTION, started_on=datetime.date(2018, 5, 2), approval_mode=ApprovalMode.APPROVAL,
        investor_type=InvestorType.GOVERNMENT, total_investment=Decimal("5000000000.00"),
    )
    built.dam = make_project(
        org, name="龙江水库扩建工程", code="2019-533103-76-01-000202", sector=Sector.WATER,
        phase=Phase.COMPLETED, started_on=datetime.date(2019, 1, 10), completed_on=datetime.date(2021, 3, 1),
        approval_mode=ApprovalMode.VERIFICATION, investor_type=InvestorType.ENTERPRISE,
        total_investment=Decimal("80000000.00"), lead_department=org.other_department,
        is_ppp=True, ppp_mode=PPPMode.BOT, ppp_return=PPPReturn.USER_PAY, ppp_capital=PPPCapital.EQUITY,
    )
    built.school = make_project(
        org, name="测试镇中心学校", code="2020-533103-83-01-000303", sector=Sector.SOCIAL,
        phase=Phase.PREPARATION, approval_mode=ApprovalMode.FILING, investor_type=InvestorType.GOVERNMENT,
        total_investment=Decimal("3000000.00"), jurisdiction=org.town,
    )
    # Not started: counted in the year it was entered.
    Project.objects.filter(pk=built.school.pk).update(
        created_at=datetime.datetime(2020, 4, 1, 9, tzinfo=datetime.UTC)
    )
    return vars(built)


class TestProjectFilterSet(FilterSetContract):
    filterset = ProjectFilterSet
    model = Project
    invalid = ({"sector": "nope"}, {"jurisdiction": "999999"}, {"investment_min": "abc"})
    labels = {"sector": "行业领域", "investment_min": "总投资不低于（元）"}

    @pytest.fixture(autouse=True)
    def projects(self, restore_image, projects_image):
        vars(self).update(restore_image(projects_image))

    def everything(self) -> set[str]:
        return {self.road.name, self.dam.name, self.school.name}

    def test_q(self):
        assert self.names(q="水库") == {self.dam.name}
        assert self.names(q="2018-533103-48-01-000101") == {self.road.name}
        assert self.names(q="20185331034801000101") == {self.road.name}  # without hyphens
        assert self.names(q="000303") == {self.school.name}
        assert self.names(q="没有这个项目") == set()

    def test_sector(self):
        assert self.names(sector=Sector.WATER) == {self.dam.name}
        assert self.names(sector=Sector.ENERGY) == set()

    def test_phase(self):
        assert self.names(phase=Phase.CONSTRUCTION) == {self.road.name}
        assert self.names(phase=Phase.PREPARATION) == {self.school.name}

    def test_jurisdiction(self):
        # The county includes the town below it; the town only itself.
        assert self.names(jurisdiction=self.org.county.pk) == {self.road.name, self.dam.name, self.school.name}
        assert self.names(jurisdiction=self.org.town.pk) == {self.school.name}

    def test_lead_department(self):
        assert self.names(lead_department=self.org.other_department.pk) == {self.dam.name}
        assert self.names(lead_department=self.org.department.pk) == {self.road.name, self.school.name}

    def test_approval_mode(self):
        assert self.names(approval_mode=ApprovalMode.VERIFICATION) == {self.dam.name}
        assert self.names(approval_mode=ApprovalMode.FILING) == {self.school.name}

    def test_investor_type(self):
        assert self.names(investor_type=InvestorType.ENTERPRISE) == {self.dam.name}
        assert self.names(investor_type=InvestorType.GOVERNMENT) == {self.road.name, self.school.name}

    def test_is_ppp(self):
        assert self.names(is_ppp="true") == {self.dam.name}
        assert self.names(is_ppp="false") == {self.road.name, self.school.name}

    def test_year(self):
        assert self.names(year=2018) == {self.road.name}  # 开工年份
        assert self.names(year=2019) == {self.dam.name}
        assert self.names(year=2020) == {self.school.name}  # not started: the year it was entered
        assert self.names(year=2017) == set()

    def test_investment_min(self):
        assert self.names(investment_min="80000000") == {self.road.name, self.dam.name}  # inclusive
        assert self.names(investment_min="80000000.01") == {self.road.name}

    def test_investment_max(self):
        assert self.names(investment_max="80000000") == {self.dam.name, self.school.name}  # inclusive
        assert self.names(investment_max="2999999.99") == set()

    def test_filters_combine(self):
        assert self.names(jurisdiction=self.org.county.pk, investor_type=InvestorType.GOVERNMENT,
                          investment_min="4000000") == {self.road.name}
