"""The workflow engine and the publication table (disclosures/workflow.py): the table alone decides what
the services allow, which buttons the admin shows, what the API offers and what docs/workflow.md says."""

import dataclasses
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.exceptions import ActionForbidden, TransitionNotAllowed
from core.models import AuditEntry
from disclosures import services
from disclosures.api.views import DisclosureViewSet
from disclosures.choices import Status
from disclosures.tests.factories import in_state
from disclosures.workflow import DISCLOSURE_WORKFLOW, Action, Guard, Roles, Text, Workflow, render_document
from organizations.choices import Role
from organizations.models import Membership

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


# ---------------------------------------------------------------------------------------------
# A second case type declares its own table and reuses the engine, the roles and its own audit writer
# ---------------------------------------------------------------------------------------------
@dataclass
class InformationRequest:
    """依申请公开 as a toy case: no model, a status, the handling department and an in-memory trail."""

    department_id: int
    status: str = "received"
    accepted_by: object = None
    answer: str = ""
    trail: list = field(default_factory=list)


def remember(case, **row) -> None:
    case.trail.append(row)


def not_the_acceptor(actor, case) -> bool:
    return actor != case.accepted_by


REQUESTS = Workflow(
    name="request",
    title="政府信息公开申请",
    noun="申请",
    states={"received": "已收到", "accepted": "已受理", "answered": "已答复", "closed": "不予处理"},
    write_audit=remember,
    actions=(
        Action("accept", "受理", ("received",), "accepted", Roles(Role.CLERK)),
        Action(
            "answer", "答复", ("accepted",), "answered", Roles(Role.REVIEWER),
            guards=(Guard(not_the_acceptor, "不能{label}自己受理的申请。", "受理人不能答复"),),
            text=Text("answer", "答复内容", required=True, message="答复时必须填写答复内容。"),
        ),
        Action(
            "close", "不予处理", ("received", "accepted"), "closed", Roles(Role.CLERK, office=True),
            text=Text("reason", "理由", required=True, public=True), style="danger",
        ),
    ),
)  # fmt: skip


def names(actions) -> list[str]:
    return [action.name for action in actions]


def test_a_second_case_type_runs_on_the_same_engine(org):
    case = InformationRequest(department_id=org.department.pk)
    assert names(REQUESTS.available(case, org.clerk)) == ["accept", "close"]
    assert names(REQUESTS.available(case, org.reviewer)) == []
    assert names(REQUESTS.available(case, org.office)) == ["close"]  # the office of the county oversees it
    assert names(REQUESTS.available(case, org.other_clerk)) == []

    REQUESTS.perform(case, org.clerk, "accept", change=lambda c: setattr(c, "accepted_by", org.clerk))
    assert case.status == "accepted"
    with pytest.raises(ValidationError) as missing:
        REQUESTS.perform(case, org.reviewer, "answer", comment="  ")
    assert missing.value.message_dict == {"answer": ["答复时必须填写答复内容。"]}
    REQUESTS.perform(case, org.reviewer, "answer", comment=" 予以公开 ")

    assert case.status == "answered"
    assert [
        (row["action"], row["actor"], row["from_status"], row["to_status"], row["comment"])
        for row in case.trail
    ] == [
        ("request.accept", org.clerk, "received", "accepted", ""),
        ("request.answer", org.reviewer, "accepted", "answered", "予以公开"),
    ]


def test_a_second_case_type_is_refused_with_its_own_words(org):
    case = InformationRequest(department_id=org.department.pk, status="answered")
    with pytest.raises(TransitionNotAllowed, match="^申请当前状态为“已答复”，不能受理。$"):
        REQUESTS.check(case, org.clerk, "accept")
    case.status = "received"
    with pytest.raises(ActionForbidden, match="^您没有执行“受理”的权限。$"):
        REQUESTS.check(case, org.other_clerk, "accept")
    case.status, case.accepted_by = "accepted", org.reviewer
    with pytest.raises(ActionForbidden, match="^不能答复自己受理的申请。$"):
        REQUESTS.check(case, org.reviewer, "answer")
    assert case.trail == []
    with pytest.raises(TransitionNotAllowed, match="^未知的操作“publish”。$"):
        REQUESTS.check(case, org.clerk, "publish")


def test_a_second_case_type_is_documented_from_its_table():
    table = REQUESTS.markdown()
    assert (
        "| `close` | 不予处理 · 警示样式 | 已收到 `received`、已受理 `accepted` | 不予处理 `closed` | 经办人、政务公开办 |"
        in table
    )
    assert "| 受理人不能答复 | 答复内容（必填，不公开） | `request.answer` 答复 |" in table
    assert "## 政府信息公开申请（`request`）" in render_document([REQUESTS])


# ---------------------------------------------------------------------------------------------
# The publication table
# ---------------------------------------------------------------------------------------------
def without(name: str) -> tuple[Action, ...]:
    """The publication table without one action (for monkeypatch)."""
    return tuple(action for action in DISCLOSURE_WORKFLOW.actions if action.name != name)


def changed(name: str, **fields) -> tuple[Action, ...]:
    """The publication table with one action changed (for monkeypatch)."""
    return tuple(
        dataclasses.replace(action, **fields) if action.name == name else action
        for action in DISCLOSURE_WORKFLOW.actions
    )


def test_docs_workflow_md_is_generated_from_the_table():
    """After changing the table: python manage.py workflow_docs --write"""
    assert DOC.read_text(encoding="utf-8") == render_document()
    out = io.StringIO()
    call_command("workflow_docs", stdout=out)
    assert out.getvalue() == render_document()


def test_every_action_of_the_table_has_its_api_action_and_service():
    api_actions = {action.url_path for action in DisclosureViewSet.get_extra_actions() if action.detail}
    table = set(names(DISCLOSURE_WORKFLOW.actions))
    assert table <= api_actions
    assert set(services.WORKFLOW_ACTIONS) | {"correct"} == table
    assert {name: services.ACTION_LABELS[name] for name in table} == {
        a.name: a.label for a in DISCLOSURE_WORKFLOW.actions
    }


def test_refusals_say_what_they_always_said(org):
    record = in_state(org, "submitted")
    with pytest.raises(TransitionNotAllowed, match="^记录当前状态为“待部门负责人审核”，不能签发。$"):
        services.disclosure_sign(disclosure=record, actor=org.signer)
    with pytest.raises(ActionForbidden, match="^您没有对“县发展和改革委员会”的记录执行“审核通过”的权限。$"):
        services.disclosure_review(disclosure=record, actor=org.signer)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    Membership.objects.create(user=org.reviewer, department=org.department, role=Role.SIGNER)
    org.reviewer.__dict__.pop("_portal_scope", None)  # the scope is cached on the user object
    with pytest.raises(ActionForbidden, match="^不能退回自己起草、提交或审核过的记录，请由其他负责人办理。$"):
        services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="请修改")
    with pytest.raises(ValidationError) as missing:
        services.disclosure_reject(disclosure=record, actor=org.signer, comment=" ")
    assert missing.value.message_dict == {"comment": ["退回时必须填写退回意见。"]}


def test_the_services_take_their_states_from_the_table(org, monkeypatch):
    record = in_state(org, "approved")
    monkeypatch.setattr(DISCLOSURE_WORKFLOW, "actions", changed("publish", sources=()))
    with pytest.raises(TransitionNotAllowed, match="^记录当前状态为“待发布”，不能发布。$"):
        services.disclosure_publish(disclosure=record, actor=org.clerk)


def test_the_audit_trail_is_labelled_from_the_table(monkeypatch):
    assert AuditEntry(action="disclosure.correction_start").action_label == "发起更正"
    monkeypatch.setattr(DISCLOSURE_WORKFLOW, "actions", changed("correct", audit_label="开始更正"))
    assert AuditEntry(action="disclosure.correction_start").action_label == "开始更正"
    assert AuditEntry(action="disclosure.correct").action_label == "更正"  # the correction's publication


# ---------------------------------------------------------------------------------------------
# The admin's buttons and the API's available_actions come from the table
# ---------------------------------------------------------------------------------------------
def admin_buttons(user, record) -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk]))
    assert response.status_code == 200
    return response.context["workflow_buttons"]


def api_actions(user, record) -> list[dict]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/disclosures/{record.pk}/")
    assert response.status_code == 200
    return response.json()["available_actions"]


def test_removing_an_action_from_the_table_removes_its_button_and_its_api_action(org, monkeypatch):
    record = in_state(org, "published")
    assert [b["action"] for b in admin_buttons(org.reviewer, record)] == ["withdraw"]
    assert [a["action"] for a in api_actions(org.reviewer, record)] == ["withdraw"]

    monkeypatch.setattr(DISCLOSURE_WORKFLOW, "actions", without("withdraw"))

    assert admin_buttons(org.reviewer, record) == []
    assert api_actions(org.reviewer, record) == []
    client = APIClient()
    client.force_authenticate(org.reviewer)
    response = client.post(f"/api/v1/disclosures/{record.pk}/withdraw/", {"comment": "有误"}, format="json")
    assert response.status_code == 409
    with pytest.raises(TransitionNotAllowed, match="^未知的操作“withdraw”。$"):
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="有误")
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED


def test_a_label_changed_in_the_table_changes_the_button_the_api_and_the_messages(org, monkeypatch):
    record = in_state(org, "draft")
    monkeypatch.setattr(DISCLOSURE_WORKFLOW, "actions", changed("submit", label="报送审核"))
    assert admin_buttons(org.clerk, record) == [
        {"action": "submit", "label": "报送审核", "css_class": "default"}
    ]
    assert api_actions(org.clerk, record)[0]["label"] == "报送审核"
    with pytest.raises(ActionForbidden, match="执行“报送审核”的权限"):
        services.disclosure_submit(disclosure=record, actor=org.reviewer)


@pytest.mark.parametrize("state", ["draft", "submitted", "reviewed", "approved", "published", "withdrawn"])
def test_the_admin_and_the_api_offer_the_same_actions(org, state):
    record = in_state(org, state)
    for user in (org.clerk, org.reviewer, org.reviewer_b, org.signer, org.office):
        buttons = admin_buttons(user, record)
        offered = api_actions(user, record)
        assert [b["action"] for b in buttons] == [a["action"] for a in offered], (state, user.username)
        assert [b["label"] for b in buttons] == [a["label"] for a in offered]
        assert names(DISCLOSURE_WORKFLOW.available(record, user)) == [a["action"] for a in offered]
