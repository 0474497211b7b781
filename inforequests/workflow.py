"""The information request's states and steps, declared for the one workflow engine
(disclosures.workflow: the same `Workflow`, `Action`, `Roles`, `Guard` the published record uses). The
services (services.py) run this table; the admin's buttons, the API's `available_actions` and
docs/workflow.md read it. Each step's legal source is in its note."""

from django.urls import reverse

from disclosures.workflow import Action, Branch, Guard, Members, Notice, Roles, Text, Workflow, write_audit
from organizations.choices import Role
from organizations.selectors import user_scope

from .choices import OPEN_STATUSES, Status
from .clock import refresh as refresh_clock


def _save(request) -> None:
    """Every step recomputes the clock from the request's legal dates before the row is saved."""
    refresh_clock(request)
    request.lock_version += 1
    request.save()


# --- who -------------------------------------------------------------------------------------------
# 受理: the office overseeing the body applied to, or that body's own clerks when a department answers in
# its own name (第二十七条); 承办: the handling department's clerks, or the office.
INTAKE = Roles(Role.CLERK, office=True, department="addressed_to_id", of="受理机关")
HANDLER = Roles(Role.CLERK, office=True, department="department_id", of="承办单位")
REVIEWER = Roles(Role.REVIEWER, department="department_id", of="承办单位")


def intake_or_handler(actor, request) -> bool:
    """受理机关的政务公开办、经办人，或承办单位的经办人"""
    return INTAKE(actor, request) or HANDLER(actor, request)


def extension_approver(actor, request) -> bool:
    """政府信息公开工作机构负责人（持“批准延长答复期限”权限、管辖受理机关的账号）"""
    scope = user_scope(actor)
    return bool(actor is not None and actor.has_perm("inforequests.approve_extension")) and (
        scope.is_superuser or scope.oversees(request.addressed_to_id) or scope.has_role(request.addressed_to_id, Role.OFFICE)
    )


def system(actor, request) -> bool:
    """系统（每日任务）"""
    return actor is None


# --- guards ----------------------------------------------------------------------------------------
ONE_CORRECTION = Guard(
    lambda actor, request: request.correction_requested_on is None,
    "补正只能告知一次（《政府信息公开条例》第三十条：一次性告知申请人作出补正）。",
    "尚未告知过补正（第三十条：一次性告知）",
)
ONE_EXTENSION = Guard(
    lambda actor, request: not request.extended,
    "答复期限只能延长一次（《政府信息公开条例》第三十三条第二款）。",
    "尚未延长过（第三十三条第二款）",
)
NOT_OWN_REPLY = Guard(
    lambda actor, request: actor.pk != getattr(request, "reply_drafted_by_id", None),
    "不能审核自己拟写的答复，请由其他部门负责人办理。",
    "拟写答复的人不能审核",
)

_ANYONE_OPEN = (Status.UNCONFIRMED, *OPEN_STATUSES)

REQUEST_WORKFLOW = Workflow(
    name="inforequest",
    title="政府信息公开申请",
    states=dict(Status.choices),
    noun="申请",
    forbidden_message="您没有对申请{case.number}执行“{label}”的权限。",
    write_audit=write_audit,
    save=_save,
    url=lambda request: reverse("admin:inforequests_inforequest_change", args=[request.pk]),
    actions=(
        Action(
            "confirm", "确认收到申请", (Status.UNCONFIRMED,), Status.RECEIVED, INTAKE,
            note="登记收到申请之日：当面、口头为提交之日；需签收的邮寄为签收之日；平常信函、在线、传真为与申请人"
            "确认之日（第三十一条）。答复期限、补正告知期限自此起算（第三十条、第三十三条）",
        ),
        Action(
            "assign", "分办", (Status.RECEIVED, Status.HANDLING), Status.HANDLING, INTAKE,
            notice=Notice(Members(Role.CLERK), "新分办的政府信息公开申请：{case.number}", description="承办单位经办人"),
            note="交承办单位办理；办理中的可以转办（留痕），期限不变",
        ),
        Action(
            "request_correction", "告知补正", (Status.RECEIVED, Status.HANDLING), Status.CORRECTING, intake_or_handler,
            guards=(ONE_CORRECTION,),
            text=Text("content", "补正内容", required=True, message="请写明需要补正的事项和补正期限。"),
            note="申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正，说明需要补正的事项和合理的补正期限；"
            "答复期限自收到补正的申请之日起计算（第三十条）。超过7个工作日仍可告知，但看板提示已超期",
        ),
        Action(
            "receive_correction", "收到补正", (Status.CORRECTING,), Status.HANDLING, intake_or_handler,
            branches=(Branch(Status.RECEIVED, lambda request: request.assigned_on is None, "尚未分办的回到待分办"),),
            note="答复期限自收到补正之日起重新计算（第三十条）",
        ),
        Action(
            "send_consultation", "征求意见", (Status.HANDLING,), None, HANDLER,
            note="书面征求第三方（第三十二条）或其他机关（第三十四条）意见，对方自收到之日起15个工作日内提出；"
            "征求意见所需时间不计入答复期限（第三十三条第三款）",
        ),
        Action(
            "record_consultation_reply", "登记意见", (Status.HANDLING,), None, HANDLER,
            note="登记对方收到日期、意见和收到意见日期；逾期未提出意见的，由本机关依照条例规定决定（第三十二条），"
            "其他机关逾期未提出意见的视为同意公开（第三十四条）",
        ),
        Action(
            "request_extension", "申请延期", (Status.HANDLING, Status.REVIEWING), None, HANDLER, guards=(ONE_EXTENSION,),
            text=Text("reason", "延期理由", required=True, message="申请延长答复期限时必须说明理由。"),
            note="承办单位提出，由政府信息公开工作机构负责人批准（第三十三条第二款）；看板列出待批准的申请",
        ),
        Action(
            "extend", "批准延期", (Status.HANDLING, Status.AWAITING_FEE, Status.REVIEWING), None, extension_approver,
            guards=(ONE_EXTENSION,),
            text=Text("reason", "延期理由", required=True, message="延长答复期限时必须写明理由，并告知申请人。"),
            note="经政府信息公开工作机构负责人同意，延长一次，最长不超过20个工作日，须在答复期限届满前作出，"
            "并告知申请人（第三十三条第二款）",
        ),
        Action(
            "ask_reasons", "要求说明理由", (Status.HANDLING,), None, HANDLER,
            text=Text("reason", "要求说明理由的内容", required=True, message="请写明需要申请人说明的理由。"),
            note="申请数量、频次明显超过合理范围的，可以要求申请人说明理由；理由不合理的答复“不予处理”"
            "（第三十五条），理由合理但无法按期答复的确定延迟答复的期限",
        ),
        Action(
            "defer", "确定延迟答复期限", (Status.HANDLING, Status.REVIEWING), None, extension_approver,
            text=Text("reason", "延迟理由", required=True, message="请写明延迟答复的理由，并告知申请人。"),
            note="申请理由合理但无法在第三十三条规定的期限内答复的，确定延迟答复的合理期限并告知申请人（第三十五条）；"
            "不占第三十三条第二款的一次延期",
        ),
        Action(
            "fee_notice", "发出收费通知", (Status.HANDLING,), Status.AWAITING_FEE, HANDLER,
            note="在答复期限内发出，写明依据、标准、数额和缴纳方式；申请人收到通知次日起20个工作日内缴纳，逾期视为"
            "放弃申请（国办函〔2020〕109号）。收费通知至缴费期间暂停计时",
        ),
        Action(
            "fee_paid", "登记缴费", (Status.AWAITING_FEE,), Status.HANDLING, intake_or_handler,
            note="登记缴费日期，答复期限恢复计算",
        ),
        Action(
            "add_answer_file", "上传答复附件", (Status.HANDLING,), None, HANDLER,
            note="随答复提供的政府信息；逐部分检查个人信息，含第三方个人信息或无法完整读取的附件不能随答复发出"
            "（第十五条），删去后可重新上传",
        ),
        Action(
            "remove_answer_file", "删除答复附件", (Status.HANDLING,), None, HANDLER, style="danger",
        ),
        Action(
            "submit_reply", "提交答复审核", (Status.HANDLING,), Status.REVIEWING, HANDLER,
            notice=Notice(Members(Role.REVIEWER), "待您审核的答复：{case.number}", description="承办单位部门负责人"),
            note="答复类型与具体情形按年度报告表三；部分公开、不予公开、无法提供、不予处理必须写明法律依据"
            "（第三十六条第（三）项、第三十七条）；答复书附救济途径（第五十一条）",
        ),
        Action(
            "return_reply", "退回答复", (Status.REVIEWING,), Status.HANDLING, REVIEWER, style="danger",
            text=Text("comment", "退回意见", required=True, message="退回时必须填写退回意见。"),
            notice=Notice(Members(Role.CLERK), "答复被退回：{case.number}", with_text=True, description="承办单位经办人"),
        ),
        Action(
            "reply", "审核并答复", (Status.REVIEWING,), Status.ANSWERED, REVIEWER, guards=(NOT_OWN_REPLY,),
            note="部门负责人审核后作出答复，答复日期为答复书落款之日",
        ),
        Action(
            "deliver", "登记送达", (Status.ANSWERED,), None, intake_or_handler,
            note="登记送达日期和方式（邮寄凭证、电子邮件、当面签收）",
        ),
        Action(
            "withdraw", "申请人撤回", _ANYONE_OPEN, Status.WITHDRAWN, intake_or_handler, style="danger",
            text=Text("reason", "撤回说明", required=True, message="请写明申请人撤回申请的方式和日期。"),
            note="申请人撤回申请，终结办理（年度报告表三计入“其他处理”）",
        ),
        Action(
            "abandon", "视为放弃", (Status.CORRECTING, Status.AWAITING_FEE), Status.ABANDONED, system,
            note="补正期限届满未补正（第三十条），或收到收费通知次日起20个工作日内未缴费（国办函〔2020〕109号），"
            "由每日任务终结，答复类型记为其他处理",
        ),
    ),
)  # fmt: skip

OTHER_AUDIT_LABELS = {
    "create": "登记申请",
    "submit_online": "在线提交申请",
    "due_date_recomputed": "放假安排变更",
}
