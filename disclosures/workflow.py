"""
One workflow engine, declared (DESIGN.md §5; Wagtail's `Task.get_actions`).

A case type — the published record today; an information request (依申请公开) or a supervision notice
(督办) next — declares its states and actions as a table: a `Workflow` of `Action`s, each saying from
which states it may be taken, the state it leads to, who may take it, what else must hold (`Guard`),
its audit row, whether it takes a comment or reason (`Text`: required? seen by the public?) and its
button. The engine answers, from that table only, what every door asks:

- `check(case, actor, name)` — may this actor take this action now? If not, the project exception
  (409 for the state, 403 for the actor) with the message the admin and the API show;
- `available(case, actor)` — the actions the actor may take now: the admin's buttons and the API's
  `available_actions`. It reads the loaded row and the actor's cached scope, never the database;
- `perform(...)` — check, let the service change its fields, move to the target state, save, and
  write one audit row through the case type's writer (`core.audit.record`, whose rows point at any
  case); `register_audit_labels()` labels those rows in the audit log from the same table;
- `markdown()` — the table as documentation (docs/workflow.md; a test keeps the file in step).

Locking the row and the optimistic version check stay in the case type's services, which run the
table (disclosures/services.py). The publication workflow is declared at the bottom of this module.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import audit
from core.exceptions import ActionForbidden, TransitionNotAllowed, WorkflowError
from core.models import AuditEntry
from core.signals import case_notice
from organizations.choices import Role
from organizations.selectors import user_scope

from .choices import Status

Check = Callable[[Any, Any], bool]  # (actor, case) -> allowed


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------
class Roles:
    """Who may act: whoever holds one of `roles` in the case's department, the 政务公开办 overseeing
    that department when `office`, and a superuser. It reads the same scope as every permission check
    (`organizations.selectors.user_scope`, computed once per user object), so it costs no query per row.
    A case type names its department attribute with `department` (a department id)."""

    def __init__(self, *roles: str, office: bool = False, department: str = "department_id", of: str = ""):
        self.roles, self.office, self.department = roles, office, department
        self.of = of  # whose department, for the documentation ("受理机关"); the case's own by default

    def __call__(self, actor, case) -> bool:
        scope = user_scope(actor)
        department = getattr(case, self.department)
        return (
            scope.is_superuser
            or scope.has_role(department, *self.roles)
            or (self.office and scope.oversees(department))
        )

    def __str__(self) -> str:
        roles = "、".join(Role(role).label for role in self.roles)
        if self.of and roles:
            roles = f"{self.of}的{roles}"
        return "、".join([roles] * bool(roles) + (["政务公开办"] if self.office else []))


@dataclass(frozen=True)
class Guard:
    """A rule besides the state and the role. When `allows(actor, case)` is false the action is refused
    (403) with `message`, formatted with `label` (the action's) and `case`."""

    allows: Check
    message: str
    description: str  # for the documentation


@dataclass(frozen=True)
class Text:
    """The comment or reason an action takes."""

    field: str  # the service's keyword argument, and the field a missing text is reported on
    label: str  # 退回意见, 撤回理由…
    required: bool = False
    public: bool = False  # shown to the public (撤回理由), or kept in the file only (退回意见)
    message: str = ""  # the error when required and blank


class Members:
    """The active accounts holding `role` in the case's department (a notice's recipients)."""

    def __init__(self, role: str, department: str = "department_id"):
        self.role, self.department = role, department

    def __call__(self, case):
        return get_user_model().objects.filter(
            memberships__department_id=getattr(case, self.department), memberships__role=self.role, is_active=True
        ).distinct()

    def __str__(self) -> str:
        return f"本单位{Role(self.role).label}"


@dataclass(frozen=True)
class Notice:
    """Who is told of a step in their 站内消息 (and by e-mail where configured): `to(case)`, never the
    actor; `title` formatted with `case` and `label`; the step's text added when `with_text` (a 退回意见
    reaches the clerk it is meant for). Only when `when(case)` holds after the step."""

    to: Callable[[Any], Any]
    title: str
    with_text: bool = False
    when: Callable[[Any], bool] | None = None
    description: str = ""  # for the documentation: who


@dataclass(frozen=True)
class Branch:
    """The action leads to `state` instead of its target when `applies(case)`."""

    state: str
    applies: Callable[[Any], bool]
    description: str  # for the documentation: when it applies


@dataclass(frozen=True)
class Action:
    name: str  # the verb: the API action, the button's value
    label: str  # 提交审核: the button and the messages
    sources: tuple[str, ...]  # the states it may be taken from
    target: str | None  # the state it leads to; None: the case keeps its state
    who: Check | Mapping[str, Check]  # who may take it; a mapping gives each source state its own
    guards: tuple[Guard, ...] = ()
    text: Text | None = None
    audit: str = ""  # the audit row's dotted action; by default "<workflow>.<name>"
    audit_label: str = ""  # by default the label
    style: str = "default"  # the button: "default", or "danger" for steps that send back or take down
    branches: tuple[Branch, ...] = ()
    notice: Notice | None = None  # who hears of the step (站内消息, e-mail)
    note: str = ""  # for the documentation: what else the step does, and its source

    def who_for(self, state: str) -> Check | None:
        return self.who.get(state) if isinstance(self.who, Mapping) else self.who

    @property
    def requires_text(self) -> bool:
        return bool(self.text and self.text.required)

    @property
    def text_is_public(self) -> bool:
        return bool(self.text and self.text.public)


def sync_case(target, source) -> None:
    """Give the caller's object the state of the row a service locked and changed (every case type's
    services lock their own copy of the row, then hand the result back on the caller's instance)."""
    for field in type(source)._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _save_nothing(case) -> None:
    """A case without a database row (a test's toy case) has nothing to save."""


class Workflow:
    """A case type's states and actions, and the questions every door asks of them."""

    def __init__(
        self,
        *,
        name: str,
        title: str,
        states: Mapping[str, str],
        actions: tuple[Action, ...],
        write_audit: Callable[..., object],
        save: Callable[[Any], None] = _save_nothing,
        noun: str = "记录",
        forbidden_message: str = "您没有执行“{label}”的权限。",
        url: Callable[[Any], str] = lambda case: "",
    ):
        self.name, self.title, self.states, self.actions = name, title, dict(states), tuple(actions)
        self.write_audit, self.save, self.noun = write_audit, save, noun
        self.forbidden_message = forbidden_message
        self.url = url  # where a notice sends its reader (the case's staff page)

    def __contains__(self, name: str) -> bool:
        return any(action.name == name for action in self.actions)

    def action(self, name: str) -> Action:
        for action in self.actions:
            if action.name == name:
                return action
        raise TransitionNotAllowed(f"未知的操作“{name}”。")

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def audit_name(self, action: Action) -> str:
        return action.audit or f"{self.name}.{action.name}"

    def audit_labels(self) -> dict[str, str]:
        """{dotted audit action: label} of the rows this table's actions write."""
        return {self.audit_name(action): action.audit_label or action.label for action in self.actions}

    def register_audit_labels(self, other: Mapping[str, str] | None = None) -> None:
        """Label this case type's rows in the audit log (`core.audit`), by the verb after "<name>.": the
        rows its actions write, then the actions' own labels, then `other` (rows the services write
        outside the table, e.g. `create`). Read each time a row is shown, so the table stays the source."""

        def labels() -> dict[str, str]:
            verbs = {**(other or {}), **{action.name: action.label for action in self.actions}}
            prefix = f"{self.name}."
            verbs.update(
                {name.removeprefix(prefix): label for name, label in self.audit_labels().items() if name.startswith(prefix)}
            )
            return verbs

        audit.register_labels(self.name, labels, self.states)

    # --- may this actor take this action now? ---------------------------------------------------
    @staticmethod
    def _obstacle(case, actor, action: Action) -> str | Guard | None:
        """What stops the actor now: "state", "role", the first failing guard, or nothing."""
        if case.status not in action.sources:
            return "state"
        who = action.who_for(case.status)
        if who is None or not who(actor, case):
            return "role"
        return next((guard for guard in action.guards if not guard.allows(actor, case)), None)

    def refusal(self, case, actor, name: str) -> WorkflowError | None:
        action = self.action(name)
        obstacle = self._obstacle(case, actor, action)
        if obstacle == "state":
            state = self.state_label(case.status)
            return TransitionNotAllowed(f"{self.noun}当前状态为“{state}”，不能{action.label}。")
        if obstacle == "role":
            return ActionForbidden(self.forbidden_message.format(case=case, label=action.label))
        if isinstance(obstacle, Guard):
            return ActionForbidden(obstacle.message.format(case=case, label=action.label))
        return None

    def check(self, case, actor, name: str) -> Action:
        refusal = self.refusal(case, actor, name)
        if refusal is not None:
            raise refusal
        return self.action(name)

    def available(self, case, actor) -> list[Action]:
        """The actions `actor` may take on `case` now, in the table's order."""
        return [action for action in self.actions if self._obstacle(case, actor, action) is None]

    # --- taking it --------------------------------------------------------------------------------
    def clean_text(self, name: str, value: str) -> str:
        """A required text is stripped and must not be blank; an optional one is kept as given."""
        text = self.action(name).text
        if text is None or not text.required:
            return value
        value = (value or "").strip()
        if not value:
            raise ValidationError({text.field: text.message or f"请填写{text.label}。"})
        return value

    def target_of(self, action: Action, case) -> str | None:
        branch = next((branch for branch in action.branches if branch.applies(case)), None)
        return branch.state if branch else action.target

    def perform(
        self,
        case,
        actor,
        name: str,
        *,
        comment: str = "",
        change: Callable[[Any], None] | None = None,
        data: dict | None = None,
    ):
        """Take the action: check it, let `change(case)` set the case's own fields, move the case to the
        action's target state, save it, and write one audit row. Returns the case."""
        action = self.check(case, actor, name)
        comment = self.clean_text(name, comment)
        from_status = case.status
        if change is not None:
            change(case)
        if action.target is not None:
            case.status = self.target_of(action, case)
        self.save(case)
        self.write_audit(
            case,
            actor=actor,
            action=self.audit_name(action),
            from_status=from_status,
            to_status=case.status,
            comment=comment,
            data=data or {},
        )
        self.announce(case, actor, name, text=comment)
        return case

    def announce(self, case, actor, name: str, *, text: str = "") -> None:
        """Send the action's `Notice` (core.signals.case_notice), if it has one and it applies now. The
        services call it for a step they take outside `perform` (the publication)."""
        action = self.action(name)
        notice = action.notice
        if notice is None or (notice.when is not None and not notice.when(case)):
            return
        users = [user for user in notice.to(case) if user is not None and user.pk != getattr(actor, "pk", None)]
        if not users:
            return
        body = f"{action.text.label}：{text}" if notice.with_text and action.text and text else ""
        case_notice.send(
            sender=self.name,
            users=users,
            kind=f"{self.name}.{action.name}",
            title=notice.title.format(case=case, label=action.label),
            body=body,
            url=self.url(case),
            # One message per step taken: the case's version changes with every step.
            dedupe_key=f"{self.name}:{case.pk}:{action.name}:{getattr(case, 'lock_version', '')}",
        )

    # --- the documentation --------------------------------------------------------------------------
    def _states_cell(self, states) -> str:
        return "、".join(f"{self.state_label(state)} `{state}`" for state in states)

    def _target_cell(self, action: Action) -> str:
        if action.target is None:
            return "（不变）"
        return "；".join(
            [self._states_cell([action.target])]
            + [f"{branch.description}：{self._states_cell([branch.state])}" for branch in action.branches]
        )

    def _who_cell(self, action: Action) -> str:
        if not isinstance(action.who, Mapping):
            return _describe(action.who)
        return "；".join(f"{self.state_label(state)}时：{_describe(who)}" for state, who in action.who.items())

    @staticmethod
    def _text_cell(action: Action) -> str:
        if action.text is None:
            return "—"
        need = "必填" if action.text.required else "选填"
        seen = "向公众公开" if action.text.public else "不公开"
        return f"{action.text.label}（{need}，{seen}）"

    def markdown(self) -> str:
        """The transition table as a Markdown table, one row per action."""
        header = "| 操作 | 按钮 | 从状态 | 到状态 | 谁可以办理 | 其他条件 | 意见/理由 | 留痕 | 通知 | 说明 |"
        rows = [header, "|" + "---|" * header.count(" | ") + "---|"]
        for action in self.actions:
            cells = [
                f"`{action.name}`",
                action.label + (" · 警示样式" if action.style == "danger" else ""),
                self._states_cell(action.sources),
                self._target_cell(action),
                self._who_cell(action),
                "；".join(guard.description for guard in action.guards) or "—",
                self._text_cell(action),
                f"`{self.audit_name(action)}` {action.audit_label or action.label}",
                action.notice.description if action.notice else "—",
                action.note or "—",
            ]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows) + "\n"


def _describe(check: Check) -> str:
    if isinstance(check, Roles):
        return str(check)
    return (check.__doc__ or "").strip() or getattr(check, "__name__", str(check))


# ---------------------------------------------------------------------------------------------
# The publication workflow of `Disclosure` (seed 001 §三: 部门负责人审核 → 分管领导签字确认 → 公开)
# ---------------------------------------------------------------------------------------------
def write_audit(record, *, actor, action: str, from_status="", to_status="", comment="", data=None) -> AuditEntry:
    """One append-only row of a case's trail (全程留痕); `action` is dotted, e.g. disclosure.submit. Every
    case type's table writes through it (core.audit.record points at any subject)."""
    return audit.record(
        record, action=action, actor=actor, from_status=from_status, to_status=to_status, comment=comment, data=data
    )


def _save_record(record) -> None:
    record.lock_version += 1
    record.save()


def _not_own(actor, record) -> bool:
    return actor.pk not in {record.created_by_id, record.submitted_by_id, record.reviewed_by_id}


def _one_step(record) -> bool:
    return record.department.jurisdiction.one_step_review


NOT_OWN = Guard(
    _not_own,
    "不能{label}自己起草、提交或审核过的记录，请由其他负责人办理。",
    "起草、提交或审核过该记录的人不能办理（seed 001 §三：由部门负责人审核、分管领导签字确认）",
)
def _authors(record):
    """The clerk who drafted the record, and whoever submitted it."""
    return [user for user in (record.created_by, record.submitted_by) if user is not None and user.is_active]


def _awaits_signature(record) -> bool:
    return record.status == Status.REVIEWED


AUTHORS = "经办人（起草、提交该记录的人）"
CLERK_OR_OFFICE = Roles(Role.CLERK, office=True)
REVIEWER = Roles(Role.REVIEWER)
SIGNER = Roles(Role.SIGNER)
COMMENT = Text("comment", "意见")
AUTO_PUBLISH = "审批通过后，区划设置为自动发布的随即发布（`disclosure.publish`，automatic）"

DISCLOSURE_WORKFLOW = Workflow(
    name="disclosure",
    title="信息公开记录",
    states=dict(Status.choices),
    noun="记录",
    forbidden_message="您没有对“{case.department.name}”的记录执行“{label}”的权限。",
    write_audit=write_audit,
    save=_save_record,
    url=lambda record: reverse("admin:disclosures_disclosure_change", args=[record.pk]),
    actions=(
        Action(
            "submit", "提交审核", (Status.DRAFT,), Status.SUBMITTED, CLERK_OR_OFFICE,
            notice=Notice(Members(Role.REVIEWER), "待您审核：{case.title}", description="本单位部门负责人"),
            note="含未放行个人信息的不能提交（seed 001 §五；《政府信息公开条例》第十五条）",
        ),
        Action(
            "recall", "撤回提交", (Status.SUBMITTED,), Status.DRAFT, CLERK_OR_OFFICE,
            notice=Notice(Members(Role.REVIEWER), "已撤回提交，无需审核：{case.title}", description="本单位部门负责人"),
            note="部门负责人审核前，经办人可以收回修改（留痕），改后重新提交",
        ),
        Action(
            "review", "审核通过", (Status.SUBMITTED,), Status.REVIEWED, REVIEWER, guards=(NOT_OWN,), text=COMMENT,
            branches=(Branch(Status.APPROVED, _one_step, "区划设置为仅部门负责人审核的"),),
            notice=Notice(
                Members(Role.SIGNER), "待您签发：{case.title}", when=_awaits_signature,
                description="本单位分管领导（待签发时）",
            ),
            note=f"部门负责人审核（seed 001 §三）；{AUTO_PUBLISH}",
        ),
        Action(
            "sign", "签发", (Status.REVIEWED,), Status.APPROVED, SIGNER, guards=(NOT_OWN,), text=COMMENT,
            note=f"分管领导签字确认（seed 001 §三）；{AUTO_PUBLISH}",
        ),
        Action(
            "publish", "发布", (Status.APPROVED,), Status.PUBLISHED, CLERK_OR_OFFICE,
            notice=Notice(_authors, "已发布：{case.title}", description=AUTHORS + "，含审批通过后自动发布"),
            note="分配索引号，保存公开版本；更正记录发布后并入原记录（原记录出新版本，更正记录为 `merged`）；"
            "含未放行个人信息的不能发布（seed 001 §五）",
        ),
        Action(
            "reject", "退回", (Status.SUBMITTED, Status.REVIEWED), Status.DRAFT,
            {Status.SUBMITTED: REVIEWER, Status.REVIEWED: SIGNER}, guards=(NOT_OWN,), style="danger",
            text=Text("comment", "退回意见", required=True, message="退回时必须填写退回意见。"),
            notice=Notice(_authors, "已退回修改：{case.title}", with_text=True, description=AUTHORS + "，附退回意见"),
            note="退回经办人修改，清除审核、签发人",
        ),
        Action(
            "withdraw", "撤回", (Status.PUBLISHED,), Status.WITHDRAWN, Roles(Role.REVIEWER, Role.SIGNER, office=True),
            style="danger",
            text=Text("reason", "撤回理由", required=True, public=True, message="撤回时必须填写向公众说明的撤回理由。"),
            notice=Notice(_authors, "已撤回：{case.title}", with_text=True, description=AUTHORS + "，附撤回理由"),
            note="不删除：公开页面留下撤回说明；撤回理由不得含个人信息（seed 001 §五）",
        ),
        Action(
            "correct", "更正", (Status.PUBLISHED,), None, CLERK_OR_OFFICE, audit="disclosure.correction_start",
            audit_label="发起更正",
            text=Text("change_note", "更正说明", required=True, public=True, message="更正时必须填写向公众说明的更正说明。"),
            note="新建一条更正草稿，按同一流程办理；发布后成为原记录的新版本，公开更正说明（`disclosure.correct`）。"
            "同一记录同时只能有一条正在办理的更正",
        ),
    ),
)  # fmt: skip

# The record's audit rows that are not steps of the table (services.py and imports.py write them).
OTHER_AUDIT_LABELS = {
    "create": "起草",
    "update": "修改",
    "edit": "修改",
    "attachment_add": "上传附件",
    "attachment_remove": "删除附件",
    "import": "批量导入",
    "pii_mask": "一键脱敏",
    "pii_override": "个人信息放行",
    "due_date_recomputed": "放假安排变更",
    "deadline_rules_applied": "公开时限规则更新",
    "retraction_registered": "登记处罚决定变更/撤销",
    "retraction_fulfilled": "处罚决定信息撤回",
    "archive": "归档（移交档案馆）",  # disclosures/archiving.py (issue 26)
    "destroy": "保管期满销毁",
}

# Every case type's table, in the order docs/workflow.md shows them: the record's here, the others added by
# their apps' `ready()` (`register_workflow`: the kernel never imports the apps above it).
WORKFLOWS: list[Workflow] = [DISCLOSURE_WORKFLOW]


def register_workflow(workflow: Workflow) -> None:
    if all(existing.name != workflow.name for existing in WORKFLOWS):
        WORKFLOWS.append(workflow)

DOCUMENT_HEADER = """\
# 办理流程（由流程表生成）

本文件由 `python manage.py workflow_docs --write` 根据 `disclosures/workflow.py` 中的流程表生成，请勿手工修改：
`disclosures/tests/test_workflow.py` 会比较本文件与流程表，两者不一致时测试失败。

同一张表驱动服务中的状态和权限检查（`disclosures/services.py`）、后台的流程按钮，以及 API 中每条记录的
`available_actions`（当前用户此刻可以办理的操作）。超级用户可以办理任何一步，但同样不能审批自己的记录。
各角色的范围（本单位、政务公开办所辖区划）见 `docs/permissions.md`。
"""


def render_document(workflows=None) -> str:
    """docs/workflow.md: every case type's states and transition table."""
    parts = [DOCUMENT_HEADER]
    for workflow in workflows if workflows is not None else WORKFLOWS:
        states = "、".join(f"{label} `{state}`" for state, label in workflow.states.items())
        parts.append(f"\n## {workflow.title}（`{workflow.name}`）\n\n状态：{states}。\n\n{workflow.markdown()}")
    return "".join(parts)
