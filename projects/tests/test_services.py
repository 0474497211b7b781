"""Projects services: the subject contract every domain keeps (tests/contracts/subject_services.py) and what
only a project has — its phases and dates, and the structured fields of its nine categories."""

import datetime
from decimal import Decimal

import pytest

from projects.choices import Phase
from tests.contracts.subject_services import SubjectServicesContract

pytestmark = pytest.mark.django_db


class TestProjectServices(SubjectServicesContract):
    domain = "projects"

    created_change = ("total_investment", [None, "126800000.00"])
    department_above = "牵头部门应属于项目所在区划或其上级。"
    # The lead clerk moves the project into construction.
    update_fields = {"phase": Phase.CONSTRUCTION, "started_on": datetime.date(2025, 4, 1)}
    update_changes = {"phase": ["preparation", "construction"], "started_on": [None, "2025-04-01"]}
    office_update = {"total_investment": Decimal("130000000.00")}
    invalid_update_subject = {"phase": Phase.CONSTRUCTION, "started_on": datetime.date(2025, 4, 1)}
    invalid_update = {"phase": Phase.COMPLETED, "completed_on": datetime.date(2025, 3, 1)}
    invalid_update_error = ("completed_on", ["竣工日期不能早于开工日期。"])

    drafted = {"category": "approval_result", "title": "关于测试项目可行性研究报告的批复"}
    drafted_category = "approval_result"
    other_department_record = {"category": "land_expropriation", "title": "测试项目征地告知书"}
    town_record = {"category": "supervision"}
    invalid_details = {"category": "bidding", "details": {"stage": "award", "method": "open", "amount": "-3"}}
    invalid_details_error = ("details.winner", ["中标结果和合同订立必须填写中标单位。"])
