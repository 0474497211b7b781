"""The kernel's workflow state machine, editing and attachments (disclosures/services.py)."""

import datetime
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from core.exceptions import ActionForbidden, EditConflict, TransitionNotAllowed
from core.models import AuditEntry
from disclosures import services
from disclosures.choices import DisclosureMode, Status
from disclosures.models import Attachment, Disclosure, DisclosureVersion
from disclosures.tests.factories import draft, in_state, published
from disclosures.tests.files import pdf_bytes
from organizations.choices import Role
from organizations.models import Membership
from organizations.tests.factories import DepartmentFactory, member
from tests.clock import TEST_TODAY

STATUSES = ["draft", "submitted", "reviewed", "approved", "published", "withdrawn"]
ACTIONS = ["submit", "recall", "review", "sign", "publish", "reject", "withdraw"]
# (status, action) -> status afterwards (the jurisdiction publishes automatically on signing).
LEGAL = {
    ("draft", "submit"): Status.SUBMITTED,
    ("submitted", "recall"): Status.DRAFT,
    ("submitted", "review"): Status.REVIEWED,
    ("submitted", "reject"): Status.DRAFT,
    ("reviewed", "sign"): Status.PUBLISHED,
    ("reviewed", "reject"): Status.DRAFT,
    ("approved", "publish"): Status.PUBLISHED,
    ("published", "withdraw"): Status.WITHDRAWN,
}
ILLEGAL = [(status, action) for status in STATUSES for action in ACTIONS if (status, action) not in LEGAL]

CALLS = {
    "submit": lambda record, actor: services.disclosure_submit(disclosure=record, actor=actor),
    "recall": lambda record, actor: services.disclosure_recall(disclosure=record, actor=actor),
    "review": lambda record, actor: services.disclosure_review(
        disclosure=record, actor=actor, comment="同意"
    ),
    "sign": lambda record, actor: services.disclosure_sign(disclosure=record, actor=actor, comment="同意"),
    "publish": lambda record, actor: services.disclosure_publish(disclosure=record, actor=actor),
    "reject": lambda record, actor: services.disclosure_reject(
        disclosure=record, actor=actor, comment="请修改"
    ),
    "withdraw": lambda record, actor: services.disclosure_withdraw(
        disclosure=record, actor=actor, reason="有误"
    ),
}

PDF = pdf_bytes()  # a PDF that opens: the personal-data check blocks files it cannot read


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def grant(user, department, *roles):
    for role in roles:
        Membership.objects.create(user=user, department=department, role=role)
    user.__dict__.pop("_portal_scope", None)  # the scope is cached on the user object
    return user


def row(record) -> dict:
    return Disclosure.objects.filter(pk=record.pk).values().get()


def audit_rows(record) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(disclosure=record)
        .order_by("pk")
        .values_list("action", "actor_id", "from_status", "to_status", "comment")
    )


def pdf(name="批复文件.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make(org, status: str, **fields) -> Disclosure:
    """Like `in_state`, plus "merged" (a correction applied to its original)."""
    if status != "merged":
        return in_state(org, status, **fields)
    original = published(org, **fields)
    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正错字"
    )
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)
    correction.refresh_from_db()
    assert correction.status == Status.MERGED
    return correction


@pytest.fixture
def boss(org):
    """Holds every role of the department but has touched no record: only the state can stop them."""
    return grant(member(org.department, Role.CLERK, "boss"), org.department, Role.REVIEWER, Role.SIGNER)


@pytest.fixture
def manual_publish(org):
    org.county.auto_publish = False
    org.county.save()
    return org


# ---------------------------------------------------------------------------------------------
# Legal transitions
# ---------------------------------------------------------------------------------------------
def test_create_makes_a_draft_with_one_audit_row(org):
    record = draft(org.clerk, org.department, title="某项目批复")

    record = Disclosure.objects.get(pk=record.pk)
    assert record.status == Status.DRAFT
    assert record.lock_version == 0
    assert record.created_by == org.clerk
    assert record.jurisdiction == org.county
    assert record.index_no is None
    assert audit_rows(record) == [("disclosure.create", org.clerk.pk, "", Status.DRAFT, "")]


def test_submit_moves_draft_to_submitted(org):
    record = draft(org.clerk, org.department)

    services.disclosure_submit(disclosure=record, actor=org.clerk)

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.SUBMITTED
    assert saved.submitted_by == org.clerk
    assert saved.submitted_at is not None
    assert saved.lock_version == 1
    assert record.status == Status.SUBMITTED  # the caller's instance is kept in step
    assert audit_rows(record)[-1] == ("disclosure.submit", org.clerk.pk, Status.DRAFT, Status.SUBMITTED, "")


def test_review_moves_submitted_to_reviewed(org):
    record = in_state(org, "submitted")

    services.disclosure_review(disclosure=record, actor=org.reviewer, comment="同意")

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.REVIEWED
    assert saved.reviewed_by == org.reviewer
    assert saved.reviewed_at is not None
    assert saved.index_no is None
    assert audit_rows(record)[-1] == (
        "disclosure.review",
        org.reviewer.pk,
        Status.SUBMITTED,
        Status.REVIEWED,
        "同意",
    )


def test_sign_publishes_when_the_jurisdiction_publishes_automatically(org):
    assert org.county.auto_publish
    record = in_state(org, "reviewed")

    services.disclosure_sign(disclosure=record, actor=org.signer, comment="同意发布")

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.PUBLISHED
    assert saved.signed_by == org.signer
    assert saved.published_by == org.signer
    assert saved.published_at is not None
    assert saved.index_no
    assert saved.version == 1
    assert list(saved.versions.values_list("number", "title")) == [(1, saved.title)]
    assert audit_rows(record)[-2:] == [
        ("disclosure.sign", org.signer.pk, Status.REVIEWED, Status.APPROVED, "同意发布"),
        ("disclosure.publish", org.signer.pk, Status.APPROVED, Status.PUBLISHED, ""),
    ]
    assert AuditEntry.objects.filter(disclosure=record).last().data["automatic"] is True


def test_sign_without_auto_publish_leaves_it_approved_until_published(manual_publish):
    org = manual_publish
    record = in_state(org, "reviewed")

    services.disclosure_sign(disclosure=record, actor=org.signer)

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.APPROVED
    assert saved.signed_by == org.signer
    assert saved.index_no is None
    assert saved.published_at is None
    assert not saved.versions.exists()
    assert not Disclosure.objects.public().filter(pk=record.pk).exists()

    services.disclosure_publish(disclosure=record, actor=org.clerk)

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.PUBLISHED
    assert saved.published_by == org.clerk
    assert saved.index_no
    assert saved.versions.count() == 1
    assert Disclosure.objects.public().filter(pk=record.pk).exists()
    assert audit_rows(record)[-1] == (
        "disclosure.publish",
        org.clerk.pk,
        Status.APPROVED,
        Status.PUBLISHED,
        "",
    )
    assert AuditEntry.objects.filter(disclosure=record).last().data["automatic"] is False


def test_reviewer_rejects_submitted_back_to_draft_with_comment(org):
    record = in_state(org, "submitted")

    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="请补充项目批复文号")

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.DRAFT
    assert saved.rejection_comment == "请补充项目批复文号"
    assert audit_rows(record)[-1] == (
        "disclosure.reject",
        org.reviewer.pk,
        Status.SUBMITTED,
        Status.DRAFT,
        "请补充项目批复文号",
    )

    # the clerk fixes it and submits again; the rejection comment is cleared
    services.disclosure_update(
        disclosure=saved, actor=org.clerk, expected_version=saved.lock_version, doc_no="X发改〔2026〕1号"
    )
    services.disclosure_submit(disclosure=saved, actor=org.clerk)
    saved.refresh_from_db()
    assert saved.status == Status.SUBMITTED
    assert saved.rejection_comment == ""


def test_signer_rejects_reviewed_back_to_draft(org):
    record = in_state(org, "reviewed")

    services.disclosure_reject(disclosure=record, actor=org.signer, comment="数据需要核实")

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.DRAFT
    assert saved.rejection_comment == "数据需要核实"
    assert saved.reviewed_by is None and saved.signed_by is None
    assert audit_rows(record)[-1] == (
        "disclosure.reject",
        org.signer.pk,
        Status.REVIEWED,
        Status.DRAFT,
        "数据需要核实",
    )

    # after resubmission the same reviewer may review it again
    services.disclosure_submit(disclosure=saved, actor=org.clerk)
    services.disclosure_review(disclosure=saved, actor=org.reviewer)
    assert Disclosure.objects.get(pk=record.pk).status == Status.REVIEWED


def test_reviewer_cannot_reject_at_the_signing_step(org):
    record = in_state(org, "reviewed")
    before = row(record)

    with pytest.raises(ActionForbidden):
        services.disclosure_reject(disclosure=record, actor=org.reviewer_b, comment="不同意")

    assert row(record) == before


def test_withdraw_published_keeps_a_public_tombstone(org):
    record = in_state(org, "published")
    index_no = record.index_no

    services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="信息有误，已另行发布")

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.WITHDRAWN
    assert saved.withdrawal_reason == "信息有误，已另行发布"
    assert saved.withdrawn_by == org.reviewer
    assert saved.withdrawn_at is not None
    assert saved.index_no == index_no
    assert not Disclosure.objects.public().filter(pk=record.pk).exists()
    assert Disclosure.objects.publicly_reachable().filter(pk=record.pk).exists()
    assert audit_rows(record)[-1] == (
        "disclosure.withdraw",
        org.reviewer.pk,
        Status.PUBLISHED,
        Status.WITHDRAWN,
        "信息有误，已另行发布",
    )


# ---------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------
def test_correction_is_merged_into_the_original_as_version_2(org):
    original = published(org, title="某项目核准批复", body="<p>总投资 1 亿元</p>")
    index_no = original.index_no

    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正总投资金额"
    )

    assert correction.pk != original.pk
    assert correction.status == Status.DRAFT
    assert correction.corrects_id == original.pk
    assert correction.change_note == "更正总投资金额"
    assert correction.title == "某项目核准批复"
    assert correction.index_no is None

    services.disclosure_update(
        disclosure=correction,
        actor=org.clerk,
        expected_version=correction.lock_version,
        title="某项目核准批复（更正）",
        body="<p>总投资 1.2 亿元</p>",
    )
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)

    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.status == Status.PUBLISHED
    assert original.index_no == index_no
    assert original.version == 2
    assert original.title == "某项目核准批复（更正）"
    assert original.body == "<p>总投资 1.2 亿元</p>"
    assert original.change_note == "更正总投资金额"
    assert list(
        original.versions.order_by("number").values_list("number", "title", "body", "change_note")
    ) == [
        (1, "某项目核准批复", "<p>总投资 1 亿元</p>", ""),
        (2, "某项目核准批复（更正）", "<p>总投资 1.2 亿元</p>", "更正总投资金额"),
    ]
    assert correction.status == Status.MERGED
    assert correction.index_no is None
    assert not correction.versions.exists()
    assert Disclosure.objects.filter(index_no=index_no).count() == 1
    assert list(Disclosure.objects.public()) == [original]
    original_actions = [entry[0] for entry in audit_rows(original)]
    assert original_actions.count("disclosure.correction_start") == 1
    assert original_actions[-1] == "disclosure.correct"
    assert (
        AuditEntry.objects.filter(disclosure=original, action="disclosure.correct").get().comment
        == "更正总投资金额"
    )


def test_correction_with_new_attachment_supersedes_the_old_ones(org):
    record = draft(org.clerk, org.department)
    old = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf("旧附件.pdf"))
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    services.disclosure_sign(disclosure=record, actor=org.signer)
    correction = services.disclosure_start_correction(
        disclosure=record, actor=org.clerk, change_note="更换附件"
    )
    new = services.attachment_add(disclosure=correction, actor=org.clerk, uploaded_file=pdf("新附件.pdf"))
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)

    old.refresh_from_db()
    new.refresh_from_db()
    assert new.disclosure_id == record.pk and not new.superseded
    assert old.disclosure_id == record.pk and old.superseded
    versions = DisclosureVersion.objects.filter(disclosure=record).order_by("number")
    assert [v.metadata["attachments"] for v in versions] == [["旧附件.pdf"], ["新附件.pdf"]]


def test_only_published_records_can_be_corrected(org):
    record = in_state(org, "approved")

    with pytest.raises(TransitionNotAllowed):
        services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正")

    assert not Disclosure.objects.filter(corrects=record).exists()


def test_only_one_open_correction_at_a_time(org):
    original = published(org)
    services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="第一次更正")

    with pytest.raises(TransitionNotAllowed):
        services.disclosure_start_correction(disclosure=original, actor=org.clerk_b, change_note="第二次更正")

    assert Disclosure.objects.filter(corrects=original).count() == 1


def test_correction_change_note_cannot_be_blanked_by_an_edit(org):
    original = published(org)
    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正错字"
    )

    with pytest.raises(ValidationError) as exc:
        services.disclosure_update(
            disclosure=correction, actor=org.clerk, expected_version=0, change_note="  "
        )

    assert "change_note" in exc.value.message_dict
    assert Disclosure.objects.get(pk=correction.pk).change_note == "更正错字"


def test_correction_of_a_record_withdrawn_meanwhile_is_refused(org):
    original = published(org)
    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正"
    )
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_withdraw(disclosure=original, actor=org.reviewer, reason="撤回")
    before = row(correction)

    with pytest.raises(TransitionNotAllowed):
        services.disclosure_sign(disclosure=correction, actor=org.signer)

    assert row(correction) == before
    assert Disclosure.objects.get(pk=original.pk).status == Status.WITHDRAWN


# ---------------------------------------------------------------------------------------------
# One-step review
# ---------------------------------------------------------------------------------------------
def test_one_step_review_publishes_directly(org):
    org.county.one_step_review = True
    org.county.save()
    record = in_state(org, "submitted")

    services.disclosure_review(disclosure=record, actor=org.reviewer)

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.PUBLISHED
    assert saved.reviewed_by == org.reviewer
    assert saved.signed_by is None
    assert saved.index_no
    assert [entry[0:4] for entry in audit_rows(record)[-2:]] == [
        ("disclosure.review", org.reviewer.pk, Status.SUBMITTED, Status.APPROVED),
        ("disclosure.publish", org.reviewer.pk, Status.APPROVED, Status.PUBLISHED),
    ]


def test_one_step_review_without_auto_publish_leaves_it_approved(manual_publish):
    org = manual_publish
    org.county.one_step_review = True
    org.county.save()
    record = in_state(org, "submitted")

    services.disclosure_review(disclosure=record, actor=org.reviewer)

    assert Disclosure.objects.get(pk=record.pk).status == Status.APPROVED
    with pytest.raises(TransitionNotAllowed):
        services.disclosure_sign(disclosure=record, actor=org.signer)
    services.disclosure_publish(disclosure=record, actor=org.clerk)
    assert Disclosure.objects.get(pk=record.pk).status == Status.PUBLISHED


# ---------------------------------------------------------------------------------------------
# The state × action matrix
# ---------------------------------------------------------------------------------------------
def test_matrix_covers_every_status_and_action():
    assert len(LEGAL) + len(ILLEGAL) == len(STATUSES) * len(ACTIONS)
    assert set(CALLS) == set(ACTIONS) == set(services.WORKFLOW_ACTIONS)


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(org, boss, status, action):
    record = in_state(org, status)
    before = row(record)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(TransitionNotAllowed) as exc:
        CALLS[action](record, boss)

    assert exc.value.status_code == 409
    after = row(record)
    assert after == before
    assert after["status"] == status
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.parametrize(("status", "action"), sorted(LEGAL))
def test_legal_transition_succeeds_for_someone_holding_the_role(org, boss, status, action):
    record = in_state(org, status)
    before = row(record)
    audit_count = AuditEntry.objects.count()

    CALLS[action](record, boss)

    after = row(record)
    assert after["status"] == LEGAL[(status, action)]
    assert after["lock_version"] > before["lock_version"]
    first_new = AuditEntry.objects.order_by("pk")[audit_count]
    assert (first_new.action, first_new.actor_id, first_new.from_status) == (
        f"disclosure.{action}",
        boss.pk,
        status,
    )


@pytest.mark.parametrize("action", ACTIONS + ["correct"])
def test_a_merged_correction_accepts_no_action(org, boss, action):
    correction = make(org, "merged")
    before = row(correction)

    with pytest.raises(TransitionNotAllowed):
        if action == "correct":
            services.disclosure_start_correction(disclosure=correction, actor=boss, change_note="再更正")
        else:
            CALLS[action](correction, boss)

    assert row(correction) == before


def test_unknown_action_name_is_refused(org, boss):
    record = in_state(org, "submitted")

    with pytest.raises(TransitionNotAllowed):
        services.disclosure_apply_action(disclosure=record, actor=boss, action="approve")

    assert row(record)["status"] == Status.SUBMITTED


def test_apply_action_passes_the_comment_as_withdrawal_reason(org):
    record = in_state(org, "published")

    services.disclosure_apply_action(
        disclosure=record, actor=org.reviewer, action="withdraw", comment="重复发布"
    )

    assert Disclosure.objects.get(pk=record.pk).withdrawal_reason == "重复发布"


# ---------------------------------------------------------------------------------------------
# Nobody reviews or signs their own record; role checks
# ---------------------------------------------------------------------------------------------
def test_creator_holding_the_reviewer_role_cannot_review(org):
    author = grant(member(org.department, Role.CLERK, "author"), org.department, Role.REVIEWER)
    record = draft(author, org.department)
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    before = row(record)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ActionForbidden) as exc:
        services.disclosure_review(disclosure=record, actor=author)

    assert exc.value.status_code == 403
    assert row(record) == before
    assert AuditEntry.objects.count() == audit_count


def test_submitter_holding_the_reviewer_role_cannot_review(org):
    grant(org.clerk_b, org.department, Role.REVIEWER)
    record = draft(org.clerk, org.department)
    services.disclosure_submit(disclosure=record, actor=org.clerk_b)
    before = row(record)

    with pytest.raises(ActionForbidden):
        services.disclosure_review(disclosure=record, actor=org.clerk_b)

    assert row(record) == before
    services.disclosure_review(disclosure=record, actor=org.reviewer)  # someone else may
    assert row(record)["status"] == Status.REVIEWED


def test_reviewer_holding_the_signer_role_cannot_sign_what_they_reviewed(org):
    grant(org.reviewer, org.department, Role.SIGNER)
    record = in_state(org, "reviewed")
    assert record.reviewed_by_id == org.reviewer.pk
    before = row(record)

    with pytest.raises(ActionForbidden):
        services.disclosure_sign(disclosure=record, actor=org.reviewer)

    assert row(record) == before
    services.disclosure_sign(disclosure=record, actor=org.signer)
    assert row(record)["status"] == Status.PUBLISHED


def test_creator_holding_the_signer_role_cannot_sign(org):
    author = grant(member(org.department, Role.CLERK, "author"), org.department, Role.SIGNER)
    record = draft(author, org.department)
    services.disclosure_submit(disclosure=record, actor=author)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    before = row(record)

    with pytest.raises(ActionForbidden):
        services.disclosure_sign(disclosure=record, actor=author)

    assert row(record) == before


@pytest.mark.parametrize(
    ("status", "action", "who"),
    [
        ("submitted", "review", "clerk_b"),
        ("submitted", "review", "signer"),
        ("submitted", "review", "other_reviewer"),
        ("submitted", "review", "office"),
        ("reviewed", "sign", "reviewer_b"),
        ("reviewed", "sign", "clerk_b"),
        ("submitted", "reject", "clerk_b"),
        ("approved", "publish", "reviewer_b"),
        ("approved", "publish", "other_clerk"),
        ("published", "withdraw", "clerk"),
        ("published", "withdraw", "other_reviewer"),
        ("draft", "submit", "other_clerk"),
        ("draft", "submit", "reviewer"),
    ],
)
def test_actor_without_the_role_is_forbidden(org, status, action, who):
    record = in_state(org, status)
    before = row(record)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ActionForbidden) as exc:
        CALLS[action](record, getattr(org, who))

    assert exc.value.status_code == 403
    assert row(record) == before
    assert AuditEntry.objects.count() == audit_count


def test_clerk_of_another_department_cannot_create_edit_or_submit(org):
    with pytest.raises(ActionForbidden):
        draft(org.other_clerk, org.department)
    assert not Disclosure.objects.exists()

    record = draft(org.clerk, org.department, title="原标题")
    before = row(record)
    with pytest.raises(ActionForbidden):
        services.disclosure_update(
            disclosure=record, actor=org.other_clerk, expected_version=0, title="被改了"
        )
    with pytest.raises(ActionForbidden):
        services.disclosure_submit(disclosure=record, actor=org.other_clerk)
    with pytest.raises(ActionForbidden):
        services.attachment_add(disclosure=record, actor=org.other_clerk, uploaded_file=pdf())
    assert row(record) == before
    assert not Attachment.objects.exists()


def test_clerk_cannot_move_a_record_to_another_department(org):
    record = draft(org.clerk, org.department)

    with pytest.raises(ValidationError) as exc:
        services.disclosure_update(
            disclosure=record, actor=org.clerk, expected_version=0, department=org.other_department
        )

    assert "department" in exc.value.message_dict
    assert row(record)["department_id"] == org.department.pk


def test_office_drives_the_workflow_of_a_town_below_its_county(org):
    town_reviewer = member(org.town_department, Role.REVIEWER, "town_reviewer")
    town_signer = member(org.town_department, Role.SIGNER, "town_signer")
    org.town.auto_publish = False
    org.town.save()

    record = draft(org.office, org.town_department, title="镇村道硬化工程招标公告")
    services.disclosure_submit(disclosure=record, actor=org.office)
    services.disclosure_review(disclosure=record, actor=town_reviewer)
    services.disclosure_sign(disclosure=record, actor=town_signer)
    services.disclosure_publish(disclosure=record, actor=org.office)

    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.status == Status.PUBLISHED
    assert saved.jurisdiction == org.town
    assert saved.submitted_by == org.office and saved.published_by == org.office
    assert saved.index_no.startswith("TTDZB-")

    services.disclosure_withdraw(disclosure=record, actor=org.office, reason="项目取消")
    assert Disclosure.objects.get(pk=record.pk).status == Status.WITHDRAWN


def test_office_of_a_town_has_no_say_over_the_county(org):
    town_office_department = DepartmentFactory(
        jurisdiction=org.town, name="测试镇政务公开办", code="TTGK", is_office=True
    )
    town_office = member(town_office_department, Role.OFFICE, "town_office")
    record = draft(org.clerk, org.department)

    with pytest.raises(ActionForbidden):
        services.disclosure_submit(disclosure=record, actor=town_office)
    with pytest.raises(ActionForbidden):
        draft(town_office, org.department)

    assert row(record)["status"] == Status.DRAFT


# ---------------------------------------------------------------------------------------------
# Required comment / reason / change note
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("comment", ["", "   "])
def test_reject_without_comment_names_the_field(org, comment):
    record = in_state(org, "submitted")
    before = row(record)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.disclosure_reject(disclosure=record, actor=org.reviewer, comment=comment)

    assert "comment" in exc.value.message_dict
    assert row(record) == before
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.parametrize("reason", ["", " \n "])
def test_withdraw_without_reason_names_the_field(org, reason):
    record = in_state(org, "published")
    before = row(record)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason=reason)

    assert "reason" in exc.value.message_dict
    assert row(record) == before
    assert AuditEntry.objects.count() == audit_count


def test_correction_without_change_note_names_the_field(org):
    original = published(org)
    count = Disclosure.objects.count()
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="")

    assert "change_note" in exc.value.message_dict
    assert Disclosure.objects.count() == count
    assert AuditEntry.objects.count() == audit_count


# ---------------------------------------------------------------------------------------------
# Concurrent editing
# ---------------------------------------------------------------------------------------------
def test_second_edit_from_the_same_version_is_refused(org):
    record = draft(org.clerk, org.department, title="原标题")
    seen_by_first = Disclosure.objects.get(pk=record.pk)
    seen_by_second = Disclosure.objects.get(pk=record.pk)

    services.disclosure_update(
        disclosure=seen_by_first, actor=org.clerk, expected_version=0, title="甲的修改"
    )
    with pytest.raises(EditConflict) as exc:
        services.disclosure_update(
            disclosure=seen_by_second, actor=org.clerk_b, expected_version=0, title="乙的修改"
        )

    assert exc.value.status_code == 409
    saved = Disclosure.objects.get(pk=record.pk)
    assert saved.title == "甲的修改"
    assert saved.lock_version == 1
    assert [entry[0] for entry in audit_rows(record)] == ["disclosure.create", "disclosure.update"]


def test_transition_with_a_stale_version_is_refused(org):
    record = draft(org.clerk, org.department)
    services.disclosure_update(disclosure=record, actor=org.clerk, expected_version=0, title="新标题")
    before = row(record)

    with pytest.raises(EditConflict):
        services.disclosure_submit(disclosure=record, actor=org.clerk, expected_version=0)

    assert row(record) == before
    services.disclosure_submit(disclosure=record, actor=org.clerk, expected_version=1)
    assert row(record)["status"] == Status.SUBMITTED


def test_review_with_a_stale_version_is_refused(org):
    record = in_state(org, "submitted")
    stale = record.lock_version - 1
    before = row(record)

    with pytest.raises(EditConflict):
        services.disclosure_review(disclosure=record, actor=org.reviewer, expected_version=stale)

    assert row(record) == before


def test_only_drafts_can_be_edited(org):
    record = in_state(org, "submitted")
    before = row(record)

    with pytest.raises(TransitionNotAllowed):
        services.disclosure_update(
            disclosure=record, actor=org.clerk, expected_version=record.lock_version, title="改"
        )

    assert row(record) == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_on_one_record_does_not_wait_for_a_step_on_another(org):
    """The row lock covers the record only, not its department and jurisdiction rows."""
    held, other = in_state(org, "submitted"), in_state(org, "submitted")
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                services._lock(held)  # what every step takes first
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        services.disclosure_review(disclosure=other, actor=org.reviewer)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert Disclosure.objects.get(pk=other.pk).status == Status.REVIEWED
    assert Disclosure.objects.get(pk=held.pk).status == Status.SUBMITTED


# ---------------------------------------------------------------------------------------------
# Audit trail
# ---------------------------------------------------------------------------------------------
def test_every_transition_writes_exactly_one_audit_row(manual_publish):
    org = manual_publish
    record = draft(org.clerk, org.department)
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="请补充")
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer, comment="同意")
    services.disclosure_sign(disclosure=record, actor=org.signer, comment="同意发布")
    services.disclosure_publish(disclosure=record, actor=org.clerk)
    services.disclosure_withdraw(disclosure=record, actor=org.office, reason="已失效")

    assert audit_rows(record) == [
        ("disclosure.create", org.clerk.pk, "", Status.DRAFT, ""),
        ("disclosure.submit", org.clerk.pk, Status.DRAFT, Status.SUBMITTED, ""),
        ("disclosure.reject", org.reviewer.pk, Status.SUBMITTED, Status.DRAFT, "请补充"),
        ("disclosure.submit", org.clerk.pk, Status.DRAFT, Status.SUBMITTED, ""),
        ("disclosure.review", org.reviewer.pk, Status.SUBMITTED, Status.REVIEWED, "同意"),
        ("disclosure.sign", org.signer.pk, Status.REVIEWED, Status.APPROVED, "同意发布"),
        ("disclosure.publish", org.clerk.pk, Status.APPROVED, Status.PUBLISHED, ""),
        ("disclosure.withdraw", org.office.pk, Status.PUBLISHED, Status.WITHDRAWN, "已失效"),
    ]
    entry = AuditEntry.objects.filter(disclosure=record).last()
    assert entry.actor_name == org.office.get_username()
    assert entry.at <= timezone.now()


def test_audit_rows_cannot_be_changed_or_deleted(org):
    record = in_state(org, "submitted")
    entry = AuditEntry.objects.get(disclosure=record, action="disclosure.submit")

    entry.comment = "篡改"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(comment="篡改")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError), transaction.atomic():  # bulk_update breaks the enclosing transaction
        AuditEntry.objects.bulk_update([entry], ["comment"])

    assert AuditEntry.objects.get(pk=entry.pk).comment == ""
    assert AuditEntry.objects.filter(disclosure=record).count() == 2


# ---------------------------------------------------------------------------------------------
# Bad input on create
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"domain": "tourism"}, "domain"),
        ({"domain": "projects", "category": "housing"}, "category"),
        ({"domain": "resources", "category": "approval_result"}, "category"),
        ({"disclosure_mode": DisclosureMode.ON_REQUEST}, "mode_reason"),
        ({"disclosure_mode": DisclosureMode.NOT_DISCLOSED, "mode_reason": "   "}, "mode_reason"),
        ({"disclosure_mode": "secret", "mode_reason": "涉密"}, "disclosure_mode"),
        ({"formed_on": TEST_TODAY + datetime.timedelta(days=1)}, "formed_on"),  # tomorrow on the tests' clock
        ({"title": ""}, "title"),
        ({"status": Status.PUBLISHED}, "status"),
    ],
    ids=[
        "unknown-domain",
        "category-of-other-domain",
        "category-of-other-domain-2",
        "on-request-no-reason",
        "not-disclosed-blank-reason",
        "unknown-mode",
        "formed-in-future",
        "no-title",
        "status-not-writable",
    ],
)
def test_bad_input_on_create_names_the_field_and_saves_nothing(org, fields, field):
    with pytest.raises(ValidationError) as exc:
        draft(org.clerk, org.department, **fields)

    assert field in exc.value.message_dict
    assert not Disclosure.objects.exists()
    assert not AuditEntry.objects.exists()


def test_on_request_with_a_reason_is_accepted(org):
    record = draft(
        org.clerk,
        org.department,
        disclosure_mode=DisclosureMode.ON_REQUEST,
        mode_reason="涉及个人隐私，依申请公开",
    )

    assert Disclosure.objects.get(pk=record.pk).disclosure_mode == DisclosureMode.ON_REQUEST


def test_formed_on_defaults_to_today(org):
    record = draft(org.clerk, org.department)

    assert Disclosure.objects.get(pk=record.pk).formed_on == timezone.localdate()


def test_bad_input_on_update_names_the_field_and_changes_nothing(org):
    record = draft(org.clerk, org.department)
    before = row(record)

    with pytest.raises(ValidationError) as exc:
        services.disclosure_update(disclosure=record, actor=org.clerk, expected_version=0, category="housing")

    assert "category" in exc.value.message_dict
    assert row(record) == before


# ---------------------------------------------------------------------------------------------
# Rich text
# ---------------------------------------------------------------------------------------------
DIRTY = (
    '<p onclick="steal()">项目概况<script>alert("x")</script></p>'
    '<a href="javascript:alert(1)">点击</a><a href="https://www.gov.cn/">中国政府网</a>'
)


def _assert_clean(body: str) -> None:
    assert "<script" not in body
    assert "alert" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert "项目概况" in body
    assert 'href="https://www.gov.cn/"' in body


def test_body_is_sanitised_on_create(org):
    record = draft(org.clerk, org.department, body=DIRTY)

    _assert_clean(Disclosure.objects.get(pk=record.pk).body)


def test_body_is_sanitised_on_update(org):
    record = draft(org.clerk, org.department)

    services.disclosure_update(disclosure=record, actor=org.clerk, expected_version=0, body=DIRTY)

    _assert_clean(Disclosure.objects.get(pk=record.pk).body)


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------
def test_pdf_attachment_is_accepted(org):
    record = draft(org.clerk, org.department)

    attachment = services.attachment_add(
        disclosure=record, actor=org.clerk, uploaded_file=pdf("项目批复.pdf")
    )

    attachment.refresh_from_db()
    assert attachment.disclosure_id == record.pk
    assert attachment.original_name == "项目批复.pdf"
    assert attachment.size == len(PDF)
    assert Path(attachment.file.path).read_bytes() == PDF
    assert len(attachment.token) == 32
    assert audit_rows(record)[-1][0] == "disclosure.attachment_add"


def test_attachment_name_loses_its_path(org):
    record = draft(org.clerk, org.department)

    attachment = services.attachment_add(
        disclosure=record, actor=org.clerk, uploaded_file=pdf("../../etc/批复.pdf")
    )

    assert attachment.original_name == "批复.pdf"
    assert ".." not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00binary"),
        ("批复.pdf.exe", PDF),
        ("批复.pdf", b"MZ\x90\x00not a pdf at all"),
        ("批复.pdf", b"<html>not a pdf</html>"),
        ("照片.png", PDF),
        ("无扩展名", PDF),
        ("空文件.pdf", b""),
    ],
    ids=[
        "exe",
        "double-extension",
        "pdf-with-exe-content",
        "pdf-with-html",
        "png-with-pdf",
        "no-extension",
        "empty",
    ],
)
def test_disallowed_attachment_is_refused(org, name, content):
    record = draft(org.clerk, org.department)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            disclosure=record, actor=org.clerk, uploaded_file=SimpleUploadedFile(name, content)
        )

    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists()
    assert AuditEntry.objects.count() == audit_count


def test_oversize_attachment_is_refused(org, settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    record = draft(org.clerk, org.department)

    with pytest.raises(ValidationError) as exc:
        services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())

    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists()

    settings.PORTAL_ATTACHMENT_MAX_BYTES = len(PDF)  # exactly at the limit is fine
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("status", ["submitted", "reviewed", "approved", "published", "withdrawn"])
def test_only_drafts_accept_attachments(org, status):
    record = in_state(org, status)

    with pytest.raises(TransitionNotAllowed):
        services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())

    assert not Attachment.objects.exists()


def test_attachment_remove_only_from_drafts(org):
    record = draft(org.clerk, org.department)
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())
    path = Path(attachment.file.path)
    services.disclosure_submit(disclosure=record, actor=org.clerk)

    with pytest.raises(TransitionNotAllowed):
        services.attachment_remove(attachment=attachment, actor=org.clerk)
    assert Attachment.objects.filter(pk=attachment.pk).exists()

    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="附件有误")
    services.attachment_remove(attachment=Attachment.objects.get(pk=attachment.pk), actor=org.clerk)
    assert not Attachment.objects.exists()
    assert not path.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"document_kind": "normative"}, "validity", "行政规范性文件必须注明有效性（有效、失效或废止）。"),
        ({"document_kind": "normative", "validity": "abolished"}, "validity_ended_on",
         "有效性为“废止”时必须填写失效/废止日期。"),
        ({"document_kind": "normative", "validity": "valid", "validity_ended_on": TEST_TODAY},
         "validity_ended_on", "只有失效或废止的文件填写失效/废止日期。"),
        ({"document_kind": "normative", "validity": "expired", "written_on": TEST_TODAY,
          "validity_ended_on": TEST_TODAY - datetime.timedelta(days=1)}, "validity_ended_on",
         "失效/废止日期不能早于成文日期。"),
        ({"document_kind": "rule", "validity": "valid"}, "document_kind",
         "县、乡两级不制定规章（《立法法》第九十三条）：请选择“行政规范性文件”或“其他”。"),
    ],
    ids=["normative-without-validity", "abolished-without-date", "valid-with-date", "ended-before-written",
         "county-rule"],
)
def test_document_kind_and_validity_are_checked_naming_the_field(org, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        draft(org.clerk, org.department, **fields)
    assert exc.value.message_dict[field] == [message]
    assert not Disclosure.objects.exists()


def test_a_prefecture_may_record_a_rule_and_an_ended_document_says_since_when(org):
    jurisdiction = org.department.jurisdiction
    jurisdiction.level = "prefecture"
    jurisdiction.save()
    record = draft(org.clerk, org.department, document_kind="rule", validity="expired",
                   validity_ended_on=TEST_TODAY)
    assert (record.document_kind, record.get_validity_display()) == ("rule", "失效")
    assert draft(org.clerk, org.department).document_kind == "other"  # by default: not counted in the report
