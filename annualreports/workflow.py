"""The annual report's review chain — 经办 → 部门负责人审核 → 分管领导签发 → 发布 — declared for the one
workflow engine (disclosures.workflow), like a record's; docs/workflow.md lists it."""

from django.urls import reverse

from disclosures.workflow import Action, Roles, Text, Workflow, write_audit
from organizations.choices import Role

from .models import ReportStatus


def _save(report) -> None:
    report.lock_version += 1
    report.save()


CLERK_OR_OFFICE = Roles(Role.CLERK, office=True)
REVIEWER = Roles(Role.REVIEWER)
SIGNER = Roles(Role.SIGNER)

REPORT_WORKFLOW = Workflow(
    name="annualreport",
    title="政府信息公开工作年度报告",
    states=dict(ReportStatus.choices),
    noun="年度报告",
    forbidden_message="您没有对“{case.department.name}”的年度报告执行“{label}”的权限。",
    write_audit=write_audit,
    save=_save,
    url=lambda report: reverse("admin:annualreports_annualreport_change", args=[report.pk]),
    actions=(
        Action(
            "submit", "提交审核", (ReportStatus.DRAFT,), ReportStatus.SUBMITTED, CLERK_OR_OFFICE,
            note="表三不满足勾稽关系（每一列：第一项加第二项之和等于第三项加第四项之和）的不能提交，提示哪一列"
            "（国办公开办函〔2021〕30号）",
        ),
        Action("review", "审核通过", (ReportStatus.SUBMITTED,), ReportStatus.REVIEWED, REVIEWER),
        Action(
            "sign", "签发并发布", (ReportStatus.REVIEWED,), ReportStatus.PUBLISHED, SIGNER,
            note="分配索引号并在政府信息公开年报栏目发布；部门于每年1月31日前、县级人民政府于3月31日前"
            "（《政府信息公开条例》第四十九条、第五十条）",
        ),
        Action(
            "reject", "退回", (ReportStatus.SUBMITTED, ReportStatus.REVIEWED), ReportStatus.DRAFT,
            {ReportStatus.SUBMITTED: REVIEWER, ReportStatus.REVIEWED: SIGNER}, style="danger",
            text=Text("comment", "退回意见", required=True, message="退回时必须填写退回意见。"),
        ),
    ),
)  # fmt: skip
