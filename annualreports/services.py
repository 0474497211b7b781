"""Every change to an annual report: created with its tables computed and its text parts pre-filled,
edited while a draft (text parts, manual cells, tables computed again), then the declared review chain
(workflow.py): submitting checks the 勾稽关系, signing gives it its 索引号 and publishes it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit, pii
from core.exceptions import ActionForbidden, EditConflict, TransitionNotAllowed, WorkflowError
from disclosures.services import allocate_index_no
from disclosures.workflow import CLERK_OR_OFFICE, sync_case
from organizations.models import Department

from . import reports
from .models import AnnualReport, ReportStatus
from .workflow import REPORT_WORKFLOW as WORKFLOW

TEXT_FIELDS = ("overview", "problems", "other_matters")


class ReportUnbalanced(WorkflowError):
    """Table 三 breaks the 勾稽关系: the report cannot be submitted (409), every broken column named."""

    code = "unbalanced"

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("表三不满足勾稽关系，不能提交：" + "".join(errors), field="contents")


class ReportHasPersonalData(pii.PublicTextHasPersonalData):
    """The report's text (published as it is) holds personal data: refused (409), findings masked."""

    def __init__(self, findings):
        super().__init__(findings, "年度报告")


def _pii_guard(report: AnnualReport) -> None:
    """Every text the public page, the workbook and the API show goes through the personal-data guard."""
    findings = pii.scan_instance(report)
    if findings:
        raise ReportHasPersonalData(findings)


def _lock(report: AnnualReport, expected_version: int | None) -> AnnualReport:
    row = AnnualReport.objects.select_for_update().select_related("department__jurisdiction").get(pk=report.pk)
    if expected_version is not None and expected_version != row.lock_version:
        raise EditConflict("该年度报告在您打开后已被其他人修改，请刷新页面后重试。")
    return row


def _editable(row: AnnualReport, actor) -> None:
    if row.status != ReportStatus.DRAFT:
        raise TransitionNotAllowed(f"年度报告当前状态为“{row.get_status_display()}”，不能修改。")
    if not CLERK_OR_OFFICE(actor, row):
        raise ActionForbidden(f"您没有修改“{row.department.name}”年度报告的权限。")


def _sync(report, row) -> AnnualReport:
    sync_case(report, row)
    return report


@transaction.atomic
def report_create(*, department: Department, year: int, actor) -> AnnualReport:
    report = AnnualReport(department=department, year=year, created_by=actor)
    if not CLERK_OR_OFFICE(actor, report):
        raise ActionForbidden(f"您没有编制“{department.name}”年度报告的权限。")
    if AnnualReport.objects.filter(department=department, year=year).exists():
        raise ValidationError({"year": [f"{department.name}{year}年的年度报告已存在。"]})
    reports.fill(report)
    report.save()
    audit.record(report, action="annualreport.create", actor=actor, to_status=report.status, data={"year": year})
    return report


@transaction.atomic
def report_refresh(*, report: AnnualReport, actor, expected_version=None) -> AnnualReport:
    """Compute the tables again from the data (manual cells are replaced); text parts are kept."""
    row = _lock(report, expected_version)
    _editable(row, actor)
    reports.fill(row)
    row.lock_version += 1
    row.save()
    audit.record(row, action="annualreport.refresh", actor=actor)
    return _sync(report, row)


@transaction.atomic
def report_edit(
    *, report: AnnualReport, actor, texts: dict | None = None, cells: dict | None = None, expected_version=None
) -> AnnualReport:
    """The text parts, and manual cells of table 三 ({row key: [7 numbers]}); the 勾稽 check is made when
    the report is submitted."""
    row = _lock(report, expected_version)
    _editable(row, actor)
    for name, value in (texts or {}).items():
        if name not in TEXT_FIELDS:
            raise ValidationError({name: ["不能修改该部分。"]})
        setattr(row, name, (value or "").strip())
    changed = []
    if cells:
        by_key = {item["key"]: item for item in row.contents["three"]["rows"] if not item["heading"]}
        for key, values in cells.items():
            if key not in by_key:
                raise ValidationError({"contents": [f"表三没有“{key}”这一行。"]})
            if len(values) != 7 or any(not isinstance(value, int) or value < 0 for value in values):
                raise ValidationError({"contents": [f"“{by_key[key]['label']}”行应为7个非负整数。"]})
            if by_key[key]["cells"] != list(values):
                by_key[key]["cells"] = list(values)
                changed.append(by_key[key]["label"])
    row.lock_version += 1
    row.save()
    audit.record(row, action="annualreport.edit", actor=actor, data={"texts": sorted(texts or {}), "cells": changed})
    return _sync(report, row)


def _step(report, actor, action, *, change=None, comment="", expected_version=None):
    row = _lock(report, expected_version)
    WORKFLOW.perform(row, actor, action, comment=comment, change=change)
    return _sync(report, row)


@transaction.atomic
def report_submit(*, report: AnnualReport, actor, expected_version=None) -> AnnualReport:
    def change(row):
        errors = reports.stored_balance_errors(row)
        if errors:
            raise ReportUnbalanced(errors)
        _pii_guard(row)

    return _step(report, actor, "submit", change=change, expected_version=expected_version)


@transaction.atomic
def report_review(*, report: AnnualReport, actor, expected_version=None) -> AnnualReport:
    def change(row):
        row.reviewed_by = actor

    return _step(report, actor, "review", change=change, expected_version=expected_version)


@transaction.atomic
def report_sign(*, report: AnnualReport, actor, expected_version=None) -> AnnualReport:
    """签发 and publish: the report gets its 索引号 (the department's sequence of the year it is published)."""

    def change(row):
        _pii_guard(row)  # the text may have been edited back in the draft since it was submitted
        now = timezone.now()
        row.published_at = now
        row.index_no = allocate_index_no(department=row.department, year=timezone.localdate(now).year)

    return _step(report, actor, "sign", change=change, expected_version=expected_version)


@transaction.atomic
def report_reject(*, report: AnnualReport, actor, comment: str, expected_version=None) -> AnnualReport:
    return _step(report, actor, "reject", comment=comment, expected_version=expected_version)
