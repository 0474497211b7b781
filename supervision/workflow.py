"""The supervision notice's states and steps, declared for the one workflow engine (disclosures.workflow:
the same `Workflow`, `Action`, `Roles` the record, the request and the annual report use). The services run
this table; the admin's buttons and docs/workflow.md read it.

The office (政务公开办, 条例第三条: the 政府信息公开工作主管部门) issues, accepts, returns and escalates; the
department's clerk drafts the answer and its 部门负责人 submits it."""

from django.urls import reverse

from disclosures.workflow import Action, Guard, Members, Roles, Text, Workflow, write_audit
from disclosures.workflow import Notice as Tell
from organizations.choices import Role

from .choices import NEXT_LEVEL, CircularStatus, ComplaintStatus, Status
from .clock import refresh as refresh_clock
from .clock import refresh_complaint as refresh_complaint_clock


def _save(notice) -> None:
    """Every step recomputes the answer period before the row is saved."""
    refresh_clock(notice)
    notice.lock_version += 1
    notice.save()


OFFICE = Roles(office=True)
HEAD = Roles(Role.REVIEWER)

ANSWER_COMPLETE = Guard(
    lambda actor, notice: notice.answer_complete(),
    "答复还不完整：请填写原因分析、整改措施，并逐项说明整改情况（无需整改、暂无法整改的写明理由，暂无法整改的写明计划完成日期）。",
    "原因分析、整改措施和每一项的整改情况已填写",
)
CAN_ESCALATE = Guard(
    lambda actor, notice: notice.level in NEXT_LEVEL and (notice.status == Status.RETURNED or notice.overdue_flagged_at),
    "只有逾期未答复或被退回的督办单可以升级，且“通报”已是最高等级。",
    "逾期未答复或已退回，且未到“通报”等级",
)

NOTICE_WORKFLOW = Workflow(
    name="supervision",
    title="督办单",
    states=dict(Status.choices),
    noun="督办单",
    forbidden_message="您没有对“{case.department.name}”的督办单执行“{label}”的权限。",
    write_audit=write_audit,
    save=_save,
    url=lambda notice: reverse("admin:supervision_notice_change", args=[notice.pk]),
    actions=(
        Action(
            "submit_answer", "提交答复", (Status.ISSUED, Status.RETURNED), Status.ANSWERED, HEAD,
            guards=(ANSWER_COMPLETE,),
            notice=Tell(Members(Role.OFFICE, department="office_department_id"), "督办单已答复：{case.number}",
                        description="政务公开办"),
            note="经办人起草，部门负责人提交；期限届满后提交的记为逾期答复",
        ),
        Action(
            "accept", "审核通过并办结", (Status.ANSWERED,), Status.CLOSED, OFFICE,
            notice=Tell(Members(Role.REVIEWER), "督办单已办结：{case.number}", description="被督办单位部门负责人"),
        ),
        Action(
            "return", "退回重新整改", (Status.ANSWERED,), Status.RETURNED, OFFICE, style="danger",
            text=Text("comment", "退回意见", required=True, message="退回时必须填写退回意见。"),
            notice=Tell(Members(Role.REVIEWER), "督办单被退回：{case.number}", with_text=True,
                        description="被督办单位部门负责人"),
            note="自退回之日起重新计算答复期限（答复时限同下发时）",
        ),
        Action(
            "escalate", "升级督办", (Status.ISSUED, Status.RETURNED), Status.ESCALATED, OFFICE, style="danger",
            guards=(CAN_ESCALATE,),
            note="提醒 → 督办 → 通报：生成下一等级的新督办单（与本单关联），抄送单位的分管领导，列入下一期通报",
        ),
    ),
)  # fmt: skip

OTHER_AUDIT_LABELS = {"issue": "下发督办单", "answer_edit": "起草答复", "item_resolved": "事项自动销号",
                      "evidence": "上传整改截图", "overdue": "逾期未答复"}


# --- 通报 ---------------------------------------------------------------------------------------------
def _save_circular(circular) -> None:
    circular.lock_version += 1
    circular.save()


CIRCULAR_OFFICE = Roles(Role.OFFICE, office=True)

CIRCULAR_WORKFLOW = Workflow(
    name="circular",
    title="通报",
    states=dict(CircularStatus.choices),
    noun="通报",
    forbidden_message="您没有执行“{label}”的权限：通报由政务公开办印发。",
    write_audit=write_audit,
    save=_save_circular,
    url=lambda circular: reverse("admin:supervision_circular_change", args=[circular.pk]),
    actions=(
        Action("issue", "内部印发", (CircularStatus.DRAFT,), CircularStatus.INTERNAL, CIRCULAR_OFFICE,
               note="印发各单位，不在网站公开；各单位的数字在生成时冻结"),
        Action("publish", "公开发布", (CircularStatus.DRAFT, CircularStatus.INTERNAL), CircularStatus.PUBLISHED,
               CIRCULAR_OFFICE,
               note="在“通报”栏目公开（/tongbao/）；正文先经个人信息检查（《政府信息公开条例》第十五条、第四十七条）"),
    ),
)  # fmt: skip


# --- 投诉举报 ------------------------------------------------------------------------------------------
def _save_complaint(complaint) -> None:
    refresh_complaint_clock(complaint)
    complaint.lock_version += 1
    complaint.save()


COMPLAINT_WORKFLOW = Workflow(
    name="complaint",
    title="投诉举报",
    states=dict(ComplaintStatus.choices),
    noun="投诉举报",
    forbidden_message="您没有执行“{label}”的权限：投诉举报由受理的政务公开办办理。",
    write_audit=write_audit,
    save=_save_complaint,
    url=lambda complaint: reverse("admin:supervision_complaint_change", args=[complaint.pk]),
    actions=(
        Action(
            "answer", "答复办结", (ComplaintStatus.RECEIVED,), ComplaintStatus.ANSWERED, CIRCULAR_OFFICE,
            text=Text("comment", "调查处理结果", required=True, message="请填写告知投诉人的调查处理结果。"),
            note="调查处理并告知投诉人结果（《政府信息公开条例》第五十一条）；需要单位整改的，先“转督办”生成督办单",
        ),
    ),
)  # fmt: skip
