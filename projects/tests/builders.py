"""Helpers of the public-pages tests: projects created directly, records linked to them directly.

(Records go through the kernel's workflow and are linked by `tests.contracts.records`, so these tests do
not depend on the projects services.)
"""

import datetime
import itertools
from decimal import Decimal

from disclosures.models import Disclosure
from projects.apps import PROJECT
from projects.choices import ApprovalMode, InvestorType, Phase, Sector
from projects.models import Project
from projects.tests.factories import valid_uscc
from tests.contracts import records

_serial = itertools.count(1)


def make_project(org, **fields) -> Project:
    serial = next(_serial)
    fields.setdefault("name", f"测试项目{serial}")
    fields.setdefault("code", f"2018-533103-48-01-{serial:06d}")
    fields.setdefault("sector", Sector.TRANSPORT)
    fields.setdefault("approval_mode", ApprovalMode.APPROVAL)
    fields.setdefault("investor_type", InvestorType.GOVERNMENT)
    fields.setdefault("total_investment", Decimal("123456789.00"))
    fields.setdefault("legal_entity", "测试县交通建设投资有限公司")
    fields.setdefault("legal_entity_uscc", valid_uscc(serial))
    fields.setdefault("location", "测试县城区")
    fields.setdefault("jurisdiction", org.county)
    fields.setdefault("lead_department", org.department)
    fields.setdefault("phase", Phase.PREPARATION)
    if fields["phase"] in (Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION):
        fields.setdefault("started_on", datetime.date(2018, 3, 1))
    if fields["phase"] in (Phase.COMPLETED, Phase.OPERATION):
        fields.setdefault("completed_on", datetime.date(2020, 6, 30))
    project = Project(**fields)
    project.full_clean()
    project.save()
    return project


def link(project: Project, record: Disclosure) -> Disclosure:
    return records.link(PROJECT, project, record)


def public_record(org, project: Project, category: str = "approval_result", **fields) -> Disclosure:
    return records.public_record(PROJECT, org, project, category=category, **fields)


def record_in_state(org, project: Project, status: str, category: str = "approval_result", **fields) -> Disclosure:
    return records.record_in_state(PROJECT, org, project, status, category=category, **fields)


def overdue_record(org, project: Project, category: str, **fields) -> Disclosure:
    """An unpublished draft (of the org's department unless `department` says) whose due date has passed."""
    return records.overdue_record(PROJECT, org, project, category=category, **fields)
