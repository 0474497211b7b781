"""Projects and their records built through the projects services (the path clerks take)."""

import datetime
import itertools
from decimal import Decimal

from core.validators import uscc_check_character
from disclosures.details import placeholder_details
from disclosures.models import Disclosure
from projects import services
from projects.apps import PROJECT
from projects.choices import ApprovalMode, InvestorType, Phase, Sector
from projects.models import Project
from tests.contracts import records

_serial = itertools.count(1)


def valid_uscc(serial: int) -> str:
    first17 = f"91533100MA{serial % 10_000_000:07d}"
    return first17 + uscc_check_character(first17)


def project_fields(org, **overrides) -> dict:
    serial = next(_serial)
    fields = {
        "name": f"测试县第{serial}号公路改扩建工程",
        "code": f"2024-533100-48-01-{serial:06d}",
        "sector": Sector.TRANSPORT,
        "approval_mode": ApprovalMode.APPROVAL,
        "investor_type": InvestorType.GOVERNMENT,
        "total_investment": Decimal("126800000.00"),
        "legal_entity": "测试县交通建设投资有限公司",
        "legal_entity_uscc": valid_uscc(serial),
        "location": "测试县城区至测试镇",
        "jurisdiction": org.county,
        "lead_department": org.department,
        "phase": Phase.PREPARATION,
    }
    fields.update(overrides)
    if fields["phase"] in (Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION):
        fields.setdefault("started_on", datetime.date(2024, 3, 1))
    if fields["phase"] in (Phase.COMPLETED, Phase.OPERATION):
        fields.setdefault("completed_on", datetime.date(2025, 6, 30))
    return fields


def make_project(org, actor=None, **overrides) -> Project:
    return services.project_create(actor=actor or org.clerk, **project_fields(org, **overrides))


def record_fields(category: str = "approval_result", **overrides) -> dict:
    fields = {
        "title": "测试公开信息",
        "category": category,
        "body": "<p>正文</p>",
        "formed_on": datetime.date.today() - datetime.timedelta(days=1),
        "details": placeholder_details("projects", category),
    }
    fields.update(overrides)
    return fields


def make_record(org, project, *, actor=None, department=None, category="approval_result", **overrides) -> Disclosure:
    return records.draft_about(PROJECT, org, project, actor=actor, department=department,
                               **record_fields(category, **overrides))
