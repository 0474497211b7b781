"""The disclosures API: token auth, public reads, staff writes and the workflow through the kernel."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.selectors import api_token_digest
from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures import services
from disclosures.choices import DisclosureMode, Status
from disclosures.deadlines import add_working_days
from disclosures.details import placeholder_details
from disclosures.models import Disclosure
from disclosures.tests.factories import YESTERDAY, draft, in_state, published
from organizations.choices import Role
from organizations.models import Membership
from organizations.tests.factories import PASSWORD, member

LIST_URL = "/api/v1/disclosures/"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.django_db



def detail_url(pk, action: str | None = None) -> str:
    return f"{LIST_URL}{pk}/" + (f"{action}/" if action else "")


def has_chinese(value) -> bool:
    return bool(CHINESE.search(str(value)))


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def valid_payload(org, **overrides) -> dict:
    payload = {
        "department": org.department.pk,
        "category": "approval_result",
        "title": "某某大道改造工程可行性研究报告批复",
        "doc_no": "某发改〔2026〕12号",
        "formed_on": YESTERDAY.isoformat(),
        "disclosure_mode": "active",
        "body": "<p>批复正文</p>",
        "details": {
            "approval_item": "feasibility",
            "reply_no": "某发改〔2026〕12号",
            "authority": "某县发展和改革委员会",
            "approved_on": "2026-11-02",
            "result": "approved",
        },
    }
    payload.update(overrides)
    return payload


# ---------------------------------------------------------------------------------------------
# Token auth
# ---------------------------------------------------------------------------------------------
class TestToken:
    url = "/api/v1/auth/token/"

    def test_username_and_password_give_a_token(self, org):
        response = APIClient().post(self.url, {"username": "clerk", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        body = response.json()
        token = ApiToken.objects.get(user=org.clerk)
        assert token.key_hash == api_token_digest(body["token"]), "only the key's digest is stored"
        assert body["prefix"] == token.prefix == body["token"][:8]
        assert body["otp_verified"] is False and body["expires_at"]

    def test_wrong_password_is_a_400_in_chinese(self, org):
        response = APIClient().post(self.url, {"username": "clerk", "password": "wrong-password"}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json())
        assert not ApiToken.objects.filter(user=org.clerk).exists()

    def test_missing_password_names_the_field(self, org):
        response = APIClient().post(self.url, {"username": "clerk"}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["password"])

    def test_token_authenticates(self, org):
        record = draft(org.clerk, org.department, title="只有经办人能看到的草稿")
        token = APIClient().post(self.url, {"username": "clerk", "password": PASSWORD}, format="json").json()["token"]
        anonymous = APIClient().get(detail_url(record.pk))
        assert anonymous.status_code == 404
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = client.get(detail_url(record.pk))
        assert response.status_code == 200
        assert response.json()["title"] == "只有经办人能看到的草稿"

    def test_bad_token_is_refused(self, org):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get(LIST_URL).status_code == 401


# ---------------------------------------------------------------------------------------------
# Anonymous reads
# ---------------------------------------------------------------------------------------------
class TestAnonymousReads:
    def test_list_shows_published_records_only(self, org):
        public = published(org, title="公开的批复")
        on_request = published(
            org, title="依申请公开的批复", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方"
        )
        hidden = published(
            org, title="不予公开的批复", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密"
        )
        unpublished = [in_state(org, status, title=f"未发布{status}") for status in
                       ("draft", "submitted", "reviewed", "approved")]
        withdrawn = in_state(org, "withdrawn", title="已撤回的批复")

        listed = ids(client_for().get(LIST_URL))

        assert listed == {public.pk, on_request.pk}
        assert hidden.pk not in listed
        assert withdrawn.pk not in listed
        assert not listed & {r.pk for r in unpublished}

    def test_field_names(self, org):
        record = published(org, title="字段名")
        row = results(client_for().get(LIST_URL))[0]
        for name in ("id", "index_no", "title", "domain", "category", "department", "formed_on",
                     "due_on", "published_at", "status"):
            assert name in row, name
        assert row["index_no"] == record.index_no
        assert row["status"] == "published"
        assert row["domain"] == "projects"
        assert row["department"] == org.department.pk
        assert "body" not in row  # lists carry metadata only

    def test_retrieve_published_shows_body(self, org):
        record = published(org, title="公开正文", body="<p>公开的正文内容</p>")
        response = client_for().get(detail_url(record.pk))
        assert response.status_code == 200
        assert "公开的正文内容" in response.json()["body"]

    def test_retrieve_on_request_record_hides_body(self, org):
        record = published(
            org, body="<p>依申请公开的正文</p>", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方"
        )
        response = client_for().get(detail_url(record.pk))
        assert response.status_code == 200
        assert response.json()["body"] == ""
        assert "依申请公开的正文" not in response.content.decode()

    @pytest.mark.parametrize("status", ["draft", "submitted", "reviewed", "approved"])
    def test_unpublished_records_404(self, org, status):
        record = in_state(org, status)
        assert client_for().get(detail_url(record.pk)).status_code == 404

    def test_not_disclosed_record_404(self, org):
        record = published(org, disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密")
        assert client_for().get(detail_url(record.pk)).status_code == 404

    def test_anonymous_cannot_create(self, org):
        response = client_for().post(LIST_URL, valid_payload(org), format="json")
        assert response.status_code in (401, 403)
        assert has_chinese(response.json()["detail"])
        assert not Disclosure.objects.exists()

    @pytest.mark.parametrize("action", ["submit", "review", "sign", "publish", "reject", "withdraw", "correct"])
    def test_anonymous_cannot_act(self, org, action):
        record = in_state(org, "published")
        before = (record.status, record.lock_version)
        response = client_for().post(detail_url(record.pk, action), {"comment": "匿名"}, format="json")
        assert response.status_code in (401, 403)
        record.refresh_from_db()
        assert (record.status, record.lock_version) == before

    def test_anonymous_list_query_count_is_constant(self, org, django_assert_max_num_queries):
        for n in range(25):
            published(org, title=f"记录{n}")
        with django_assert_max_num_queries(4):
            assert len(results(client_for().get(LIST_URL))) == 20


# ---------------------------------------------------------------------------------------------
# Creating and editing
# ---------------------------------------------------------------------------------------------
class TestCreate:
    def test_clerk_creates_a_draft(self, org):
        response = client_for(org.clerk).post(LIST_URL, valid_payload(org), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        record = Disclosure.objects.get(pk=body["id"])
        assert record.status == Status.DRAFT
        assert record.domain == "projects"  # derived from the category
        assert record.created_by == org.clerk
        assert record.due_on is not None
        assert body["status"] == "draft" and body["index_no"] is None
        assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create", actor=org.clerk).exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"category": "no_such_category"}, "category"),
            ({"formed_on": "2026/01/05"}, "formed_on"),
            ({"formed_on": "2026年1月5日"}, "formed_on"),
            ({"disclosure_mode": "not_disclosed", "mode_reason": ""}, "mode_reason"),
            ({"disclosure_mode": "on_request"}, "mode_reason"),
            ({"title": ""}, "title"),
            ({"disclosure_mode": "secret"}, "disclosure_mode"),
            ({"domain": "welfare"}, "domain"),
            ({"department": 999999}, "department"),
        ],
    )
    def test_bad_input_is_a_400_naming_the_field(self, org, overrides, field):
        payload = valid_payload(org, **overrides)
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 400, response.content
        errors = response.json()
        assert field in errors, errors
        assert all(has_chinese(message) for message in errors[field]), errors
        assert not Disclosure.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_missing_title_is_a_400(self, org):
        payload = valid_payload(org)
        del payload["title"]
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["title"])
        assert not Disclosure.objects.exists()

    def test_future_formed_on_is_refused(self, org):
        response = client_for(org.clerk).post(LIST_URL, valid_payload(org, formed_on="2999-01-01"), format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["formed_on"])
        assert not Disclosure.objects.exists()

    def test_clerk_cannot_create_for_another_department(self, org):
        payload = valid_payload(org, department=org.other_department.pk)
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 400
        assert "department" in response.json()
        assert not Disclosure.objects.exists()

    def test_interpretation_must_be_a_public_record(self, org):
        hidden = draft(org.clerk, org.department, title="未发布的解读")
        response = client_for(org.clerk).post(LIST_URL, valid_payload(org, interpretation=hidden.pk), format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["interpretation"])
        assert Disclosure.objects.count() == 1
        shown = published(org, title="已发布的解读")
        response = client_for(org.clerk).post(LIST_URL, valid_payload(org, interpretation=shown.pk), format="json")
        assert response.status_code == 201
        assert Disclosure.objects.get(pk=response.json()["id"]).interpretation == shown

    def test_staff_form_does_not_offer_unpublished_records(self, org):
        draft(org.other_clerk, org.other_department, title="别的单位的草稿")
        response = client_for(org.clerk).get(LIST_URL, {"format": "api"})
        assert response.status_code == 200
        assert "别的单位的草稿" not in response.content.decode()

    def test_body_is_sanitised(self, org):
        payload = valid_payload(org, body='<p onclick="x()">正文</p><script>alert(1)</script>')
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 201
        body = Disclosure.objects.get().body
        assert "<script>" not in body and "onclick" not in body and "正文" in body

    def test_workflow_fields_are_read_only(self, org):
        payload = valid_payload(org, status="published", index_no="FAKE-1")
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 201
        record = Disclosure.objects.get()
        assert record.status == Status.DRAFT
        assert record.index_no is None


class TestUpdate:
    def test_patch_with_lock_version(self, org):
        record = draft(org.clerk, org.department, title="旧标题")
        response = client_for(org.clerk).patch(
            detail_url(record.pk), {"title": "新标题", "lock_version": 0}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "新标题"
        assert response.json()["lock_version"] == 1
        record.refresh_from_db()
        assert record.title == "新标题" and record.lock_version == 1

    def test_patch_without_lock_version_is_a_400(self, org):
        record = draft(org.clerk, org.department, title="旧标题")
        response = client_for(org.clerk).patch(detail_url(record.pk), {"title": "新标题"}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["lock_version"])
        record.refresh_from_db()
        assert record.title == "旧标题"

    def test_patch_with_stale_lock_version_is_a_409(self, org):
        record = draft(org.clerk, org.department, title="旧标题")
        services.disclosure_update(disclosure=record, actor=org.clerk_b, expected_version=0, title="同事改的标题")
        response = client_for(org.clerk).patch(
            detail_url(record.pk), {"title": "我改的标题", "lock_version": 0}, format="json"
        )
        assert response.status_code == 409
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.title == "同事改的标题"

    def test_patch_of_submitted_record_is_a_409(self, org):
        record = in_state(org, "submitted", title="已提交")
        response = client_for(org.clerk).patch(
            detail_url(record.pk), {"title": "偷偷修改", "lock_version": record.lock_version}, format="json"
        )
        assert response.status_code == 409
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.title == "已提交"

    def test_patch_bad_category_is_a_400(self, org):
        record = draft(org.clerk, org.department)
        response = client_for(org.clerk).patch(
            detail_url(record.pk), {"category": "nope", "lock_version": 0}, format="json"
        )
        assert response.status_code == 400
        assert "category" in response.json()
        record.refresh_from_db()
        assert record.category == "approval_result" and record.lock_version == 0


# ---------------------------------------------------------------------------------------------
# Workflow through the API
# ---------------------------------------------------------------------------------------------
class TestWorkflow:
    def test_clerk_reviewer_signer_publish(self, org):
        created = client_for(org.clerk).post(LIST_URL, valid_payload(org, title="全流程"), format="json")
        pk = created.json()["id"]

        submitted = client_for(org.clerk).post(detail_url(pk, "submit"), {}, format="json")
        assert submitted.status_code == 200, submitted.content
        assert submitted.json()["status"] == "submitted"

        reviewed = client_for(org.reviewer).post(detail_url(pk, "review"), {"comment": "同意"}, format="json")
        assert reviewed.status_code == 200, reviewed.content
        assert reviewed.json()["status"] == "reviewed"

        signed = client_for(org.signer).post(detail_url(pk, "sign"), {"comment": "同意发布"}, format="json")
        assert signed.status_code == 200, signed.content
        assert signed.json()["status"] == "published"
        assert signed.json()["index_no"].startswith("FGW-")

        public = client_for().get(detail_url(pk))
        assert public.status_code == 200
        assert public.json()["index_no"] == signed.json()["index_no"]
        actions = list(AuditEntry.objects.filter(disclosure=pk).values_list("action", flat=True))
        assert actions == [
            "disclosure.create", "disclosure.submit", "disclosure.review", "disclosure.sign", "disclosure.publish"
        ]

    def test_format_suffixed_action_urls_work(self, org):
        record = in_state(org, "draft")
        response = client_for(org.clerk).post(f"{LIST_URL}{record.pk}/submit.json", {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "submitted"

    def test_explicit_publish_when_auto_publish_is_off(self, org):
        record = in_state(org, "approved")
        response = client_for(org.clerk).post(detail_url(record.pk, "publish"), {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "published"
        assert response.json()["index_no"]

    def test_reject_without_comment_is_a_400(self, org):
        record = in_state(org, "submitted")
        response = client_for(org.reviewer).post(detail_url(record.pk, "reject"), {"comment": "  "}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["comment"])
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    def test_reject_with_comment_returns_to_draft(self, org):
        record = in_state(org, "submitted")
        response = client_for(org.reviewer).post(
            detail_url(record.pk, "reject"), {"comment": "请补充批复文号"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "draft"
        assert response.json()["rejection_comment"] == "请补充批复文号"

    def test_signing_a_draft_is_a_409(self, org):
        record = in_state(org, "draft")
        response = client_for(org.signer).post(detail_url(record.pk, "sign"), {}, format="json")
        assert response.status_code == 409
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.status == Status.DRAFT

    def test_submitting_twice_is_a_409(self, org):
        record = in_state(org, "submitted")
        response = client_for(org.clerk).post(detail_url(record.pk, "submit"), {}, format="json")
        assert response.status_code == 409
        assert has_chinese(response.json()["detail"])

    def test_clerk_cannot_review(self, org):
        record = in_state(org, "submitted")
        response = client_for(org.clerk_b).post(detail_url(record.pk, "review"), {}, format="json")
        assert response.status_code == 403
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    def test_self_review_is_a_403(self, org):
        both = member(org.department, Role.CLERK, "clerk_and_reviewer")
        Membership.objects.create(user=both, department=org.department, role=Role.REVIEWER)
        record = draft(both, org.department)
        services.disclosure_submit(disclosure=record, actor=both)
        response = client_for(both).post(detail_url(record.pk, "review"), {}, format="json")
        assert response.status_code == 403
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED
        assert not AuditEntry.objects.filter(disclosure=record, action="disclosure.review").exists()

    def test_stale_lock_version_is_a_409(self, org):
        record = in_state(org, "draft")
        services.disclosure_update(disclosure=record, actor=org.clerk_b, expected_version=0, title="同事先改了")
        response = client_for(org.clerk).post(detail_url(record.pk, "submit"), {"lock_version": 0}, format="json")
        assert response.status_code == 409
        assert has_chinese(response.json()["detail"])
        record.refresh_from_db()
        assert record.status == Status.DRAFT

    def test_current_lock_version_is_accepted(self, org):
        record = in_state(org, "draft")
        response = client_for(org.clerk).post(
            detail_url(record.pk, "submit"), {"lock_version": record.lock_version}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "submitted"

    def test_withdraw_needs_a_reason(self, org):
        record = in_state(org, "published")
        response = client_for(org.reviewer).post(detail_url(record.pk, "withdraw"), {}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["reason"])
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED

    def test_withdraw_with_reason(self, org):
        record = in_state(org, "published")
        response = client_for(org.reviewer).post(
            detail_url(record.pk, "withdraw"), {"comment": "批复已被撤销"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        assert response.json()["withdrawal_reason"] == "批复已被撤销"
        # The public keeps a notice with the reason, never the content.
        public = client_for().get(detail_url(record.pk))
        assert public.status_code == 200
        assert public.json()["status"] == "withdrawn"
        assert public.json()["withdrawal_reason"] == "批复已被撤销"
        assert public.json()["body"] == ""
        assert public.json()["attachments"] == []
        listed = client_for().get(LIST_URL).json()["results"]
        assert record.pk not in [row["id"] for row in listed]

    def test_correct_creates_a_correction(self, org):
        record = in_state(org, "published")
        response = client_for(org.clerk).post(
            detail_url(record.pk, "correct"), {"comment": "更正批复文号"}, format="json"
        )
        assert response.status_code == 201, response.content
        correction = Disclosure.objects.get(pk=response.json()["id"])
        assert correction.corrects_id == record.pk
        assert correction.status == Status.DRAFT
        assert correction.change_note == "更正批复文号"

    def test_correct_needs_a_change_note(self, org):
        record = in_state(org, "published")
        response = client_for(org.clerk).post(detail_url(record.pk, "correct"), {}, format="json")
        assert response.status_code == 400
        assert has_chinese(response.json()["change_note"])
        assert not Disclosure.objects.filter(corrects=record).exists()

    def test_correct_a_draft_is_a_409(self, org):
        record = in_state(org, "draft")
        response = client_for(org.clerk).post(detail_url(record.pk, "correct"), {"comment": "更正"}, format="json")
        assert response.status_code == 409
        assert not Disclosure.objects.filter(corrects=record).exists()


class TestAvailableActions:
    """Each staff row says which workflow actions the requesting user may take on it now (docs/workflow.md)."""

    def test_a_clerk_is_offered_submit_on_a_draft(self, org):
        record = draft(org.clerk, org.department)
        assert client_for(org.clerk).get(detail_url(record.pk)).json()["available_actions"] == [
            {
                "action": "submit",
                "label": "提交审核",
                "requires_comment": False,
                "comment_is_public": False,
                "url": detail_url(record.pk, "submit"),
            }
        ]
        assert client_for(org.reviewer).get(detail_url(record.pk)).json()["available_actions"] == []

    def test_comment_rules_come_with_each_action(self, org):
        submitted, published_record = in_state(org, "submitted"), published(org)
        review = client_for(org.reviewer).get(detail_url(submitted.pk)).json()["available_actions"]
        assert [(a["action"], a["requires_comment"], a["comment_is_public"]) for a in review] == [
            ("review", False, False),
            ("reject", True, False),  # 退回意见 stays in the file
        ]
        withdraw = client_for(org.reviewer).get(detail_url(published_record.pk)).json()["available_actions"]
        assert [(a["action"], a["requires_comment"], a["comment_is_public"]) for a in withdraw] == [
            ("withdraw", True, True),  # 撤回理由 is shown on the public notice
        ]

    def test_the_offered_url_takes_the_action(self, org):
        record = draft(org.clerk, org.department)
        offered = client_for(org.clerk).get(detail_url(record.pk)).json()["available_actions"][0]
        response = client_for(org.clerk).post(offered["url"], {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "submitted"
        # Before review the clerk may only take it back (撤回提交).
        assert [a["action"] for a in response.json()["available_actions"]] == ["recall"]

    def test_readers_outside_the_workflow_get_none(self, org):
        record = published(org)
        assert "available_actions" not in client_for().get(detail_url(record.pk)).json()
        assert all("available_actions" not in row for row in results(client_for().get(LIST_URL)))
        other = client_for(org.other_clerk).get(detail_url(record.pk)).json()
        assert other["available_actions"] == []  # another department's published record: readable, not theirs

    def test_the_list_computes_them_without_a_query_per_row(self, org, django_assert_max_num_queries):
        for n in range(25):
            in_state(org, ("draft", "submitted")[n % 2], title=f"记录{n}")
        client = client_for(org.reviewer)
        client.get(LIST_URL)  # warm the user's scope
        with django_assert_max_num_queries(8):
            rows = results(client.get(LIST_URL))
        assert len(rows) == 20
        assert {row["status"]: [a["action"] for a in row["available_actions"]] for row in rows} == {
            "draft": [],
            "submitted": ["review", "reject"],
        }


class TestAttachments:
    def test_upload_pdf(self, org):
        record = draft(org.clerk, org.department)
        upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        response = client_for(org.clerk).post(detail_url(record.pk, "attachments"), {"file": upload}, format="multipart")
        assert response.status_code == 201, response.content
        assert response.json()["original_name"] == "批复.pdf"
        assert record.attachments.count() == 1

    def test_disallowed_type_is_a_400(self, org):
        record = draft(org.clerk, org.department)
        upload = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", content_type="application/octet-stream")
        response = client_for(org.clerk).post(detail_url(record.pk, "attachments"), {"file": upload}, format="multipart")
        assert response.status_code == 400
        assert has_chinese(response.json()["file"])
        assert record.attachments.count() == 0


# ---------------------------------------------------------------------------------------------
# Department scoping
# ---------------------------------------------------------------------------------------------
class TestScoping:
    def test_other_department_clerk_cannot_see_drafts(self, org):
        record = draft(org.clerk, org.department, title="发改委草稿")
        own = draft(org.other_clerk, org.other_department, title="自然资源局草稿")
        client = client_for(org.other_clerk)
        assert ids(client.get(LIST_URL)) == {own.pk}
        assert client.get(detail_url(record.pk)).status_code == 404
        assert client.get(LIST_URL, {"q": "发改委草稿"}).json()["count"] == 0

    @pytest.mark.parametrize(
        ("status", "action"),
        [("draft", "submit"), ("submitted", "review"), ("submitted", "reject"), ("reviewed", "sign"),
         ("approved", "publish"), ("published", "withdraw"), ("published", "correct")],
    )
    def test_other_department_cannot_act(self, org, status, action):
        record = in_state(org, status)
        before = (record.status, record.lock_version)
        for user in (org.other_clerk, org.other_reviewer):
            response = client_for(user).post(detail_url(record.pk, action), {"comment": "越权"}, format="json")
            assert response.status_code == 404, (user, response.content)
        record.refresh_from_db()
        assert (record.status, record.lock_version) == before
        assert not Disclosure.objects.filter(corrects=record).exists()

    def test_other_department_cannot_patch(self, org):
        record = draft(org.clerk, org.department, title="原标题")
        response = client_for(org.other_clerk).patch(
            detail_url(record.pk), {"title": "越权修改", "lock_version": 0}, format="json"
        )
        assert response.status_code == 404
        record.refresh_from_db()
        assert record.title == "原标题"

    def test_other_department_sees_published_records_without_hidden_body(self, org):
        public = published(org, title="公开", body="<p>公开正文</p>")
        on_request = published(
            org, body="<p>依申请才给的正文</p>", disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方"
        )
        hidden = published(org, disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        client = client_for(org.other_clerk)
        assert ids(client.get(LIST_URL)) == {public.pk, on_request.pk}
        assert client.get(detail_url(hidden.pk)).status_code == 404
        response = client.get(detail_url(on_request.pk))
        assert response.status_code == 200
        assert "依申请才给的正文" not in response.content.decode()
        assert "公开正文" in client.get(detail_url(public.pk)).content.decode()

    def test_office_sees_all_drafts_in_its_jurisdiction(self, org):
        county = draft(org.clerk, org.department, title="县发改委草稿")
        other = draft(org.other_clerk, org.other_department, title="县自然资源局草稿")
        town = draft(org.town_clerk, org.town_department, title="镇草稿")
        listed = ids(client_for(org.office).get(LIST_URL))
        assert {county.pk, other.pk, town.pk} <= listed
        assert client_for(org.office).get(detail_url(town.pk)).status_code == 200

    def test_town_clerk_does_not_see_county_drafts(self, org):
        county = draft(org.clerk, org.department, title="县发改委草稿")
        town = draft(org.town_clerk, org.town_department, title="镇草稿")
        listed = ids(client_for(org.town_clerk).get(LIST_URL))
        assert listed == {town.pk}
        assert county.pk not in listed

    def test_staff_list_query_count_is_constant(self, org, django_assert_max_num_queries):
        for n in range(25):
            record = draft(org.clerk, org.department, title=f"草稿{n}")
            services.attachment_add(
                disclosure=record, actor=org.clerk,
                uploaded_file=SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4", content_type="application/pdf"),
            )
        client = client_for(org.clerk)
        client.get(LIST_URL)  # warm the user's scope
        with django_assert_max_num_queries(8):
            assert len(results(client.get(LIST_URL))) == 20


# ---------------------------------------------------------------------------------------------
# Deadlines and timeliness
# ---------------------------------------------------------------------------------------------
STAFF_DEADLINE_FIELDS = (
    "catalogue_entry", "due_on", "due_at", "due_on_estimated", "deadline_days", "deadline_unit", "deadline_rule",
    "overdue", "timeliness", "late_working_days",
)


def entry_pk(code: str) -> int:
    return CatalogueEntry.objects.get(code=code).pk


class TestDeadlineFields:
    def test_staff_see_the_deadline_of_a_draft(self, org):
        record = draft(org.clerk, org.department, formed_on=timezone.localdate() - datetime.timedelta(days=90))
        body = client_for(org.clerk).get(detail_url(record.pk)).json()
        for name in STAFF_DEADLINE_FIELDS:
            assert name in body, name
        assert body["due_on"] == record.due_on.isoformat()
        assert body["due_on_estimated"] is record.due_on_estimated  # True on a clock in an unentered year
        assert (body["deadline_days"], body["deadline_unit"], body["due_at"]) == (20, "working_days", None)
        assert "《政府信息公开条例》第二十六条" in body["deadline_rule"]
        assert body["catalogue_entry"] == record.catalogue_entry_id
        assert body["overdue"] is True
        assert body["timeliness"] == "" and body["late_working_days"] is None

    def test_a_fresh_draft_is_not_overdue(self, org):
        record = draft(org.clerk, org.department)
        assert client_for(org.clerk).get(detail_url(record.pk)).json()["overdue"] is False

    def test_staff_see_the_timeliness_of_a_late_publication(self, org):
        record = published(org, formed_on=timezone.localdate() - datetime.timedelta(days=90))
        rows = {row["id"]: row for row in results(client_for(org.clerk).get(LIST_URL))}
        row = rows[record.pk]
        assert row["late_working_days"] == record.late_working_days > 0
        assert row["timeliness"] == f"逾期{record.late_working_days}个工作日公开"
        assert row["overdue"] is False  # published: no longer overdue, counted as late

    def test_create_with_a_catalogue_entry_only(self, org):
        payload = valid_payload(org, catalogue_entry=entry_pk("welfare-environment-eia"), details={"item_type": "eia_approval"})
        del payload["category"]
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["domain"], body["category"]) == ("welfare", "environment")
        assert body["deadline_days"] == 7
        assert body["due_on"] == add_working_days(YESTERDAY, 7).due_on.isoformat()

    def test_create_with_a_category_only_takes_the_entry_its_item_type_selects(self, org):
        payload = valid_payload(org)
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 201
        selected = services.default_catalogue_entry("projects", "approval_result", payload["details"])
        assert selected.code == "projects-approval-result-feasibility"  # the 审批事项 feasibility
        assert (response.json()["catalogue_entry"], response.json()["deadline_days"]) == (selected.pk, 20)

    @pytest.mark.parametrize(
        ("overrides", "field", "fragment"),
        [
            ({"catalogue_entry": "welfare-environment-eia"}, "catalogue_entry", "不属于主题分类"),
            ({"catalogue_entry": 999999}, "catalogue_entry", "不存在"),
            ({"catalogue_entry": "projects-approval-result-water", "retired": True}, "catalogue_entry", "已停用"),
            ({"category": None}, "category", "主题分类或标准目录事项"),
        ],
    )
    def test_bad_catalogue_entry_is_a_400(self, org, overrides, field, fragment):
        overrides = dict(overrides)
        code = overrides.get("catalogue_entry")
        if isinstance(code, str):
            overrides["catalogue_entry"] = entry_pk(code)
        if overrides.pop("retired", False):
            CatalogueEntry.objects.filter(code=code).update(is_active=False)
        payload = valid_payload(org, **overrides)
        if payload.get("category") is None:
            del payload["category"]
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 400, response.content
        assert fragment in "".join(response.json()[field])
        assert not Disclosure.objects.exists()

    def test_patch_the_catalogue_entry_recomputes_the_deadline(self, org):
        decided = YESTERDAY - datetime.timedelta(days=3)
        details = {**placeholder_details("projects", "approval_result"), "approved_on": decided.isoformat()}
        record = draft(org.clerk, org.department, formed_on=YESTERDAY, details=details)
        assert record.deadline_days == 20  # 项目建议书审批 (the placeholder's 审批事项): the general limit
        license_entry = entry_pk("projects-approval-result-verification")
        response = client_for(org.clerk).patch(
            detail_url(record.pk), {"catalogue_entry": license_entry, "lock_version": 0}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["deadline_days"] == 7
        record.refresh_from_db()
        assert (record.catalogue_entry_id, record.deadline_days) == (license_entry, 7)
        # A 行政许可 decision's clock starts on the decision date its 批复日期 carries.
        assert record.formed_on == decided
        assert record.due_on == add_working_days(decided, 7).due_on

    def test_deadline_fields_are_read_only(self, org):
        payload = valid_payload(
            org, due_on="2099-01-01", due_on_estimated=True, deadline_days=99, deadline_rule="伪造",
            overdue=True, timeliness="按时公开", late_working_days=0,
        )
        response = client_for(org.clerk).post(LIST_URL, payload, format="json")
        assert response.status_code == 201
        record = Disclosure.objects.get()
        assert record.due_on == add_working_days(YESTERDAY, 20).due_on
        assert (record.deadline_days, record.late_working_days) == (20, None)
        assert "伪造" not in record.deadline_rule


class TestPublicTimeliness:
    def test_public_list_and_detail_show_the_stamp(self, org):
        on_time = published(org, title="按时的批复")
        late = published(org, title="迟到的批复", formed_on=timezone.localdate() - datetime.timedelta(days=90))
        rows = {row["id"]: row for row in results(client_for().get(LIST_URL))}
        assert rows[on_time.pk]["timeliness"] == "按时公开"
        assert rows[late.pk]["timeliness"] == f"逾期{late.late_working_days}个工作日公开"
        assert rows[late.pk]["due_on"] == late.due_on.isoformat()
        assert "deadline_rule" not in rows[late.pk] and "overdue" not in rows[late.pk]  # staff only
        detail = client_for().get(detail_url(late.pk)).json()
        assert detail["timeliness"] == f"逾期{late.late_working_days}个工作日公开"

    def test_withdrawn_records_notice_keeps_the_stamp(self, org):
        record = in_state(org, "withdrawn")
        assert client_for().get(detail_url(record.pk)).json()["timeliness"] == "按时公开"

    def test_corrected_record_shows_the_corrections_timeliness(self, org, django_assert_max_num_queries):
        record = published(org, formed_on=timezone.localdate() - datetime.timedelta(days=90))
        correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正文号")
        services.disclosure_submit(disclosure=correction, actor=org.clerk)
        services.disclosure_review(disclosure=correction, actor=org.reviewer)
        services.disclosure_sign(disclosure=correction, actor=org.signer)
        for n in range(5):
            published(org, title=f"其他记录{n}")
        with django_assert_max_num_queries(4):
            rows = {row["id"]: row for row in results(client_for().get(LIST_URL))}
        assert rows[record.pk]["timeliness"] == "按时公开"
        assert client_for().get(detail_url(record.pk)).json()["timeliness"] == "按时公开"
        # Staff read each row's own timeliness: the first publication stays late.
        staff_row = client_for(org.clerk).get(detail_url(record.pk)).json()
        assert staff_row["timeliness"].startswith("逾期")


def test_schema_labels_the_deadline_fields_in_chinese(db):
    content = APIClient().get("/api/schema/", {"format": "json"}).content.decode("utf-8")
    schema = json.loads(content)
    staff = schema["components"]["schemas"]["Disclosure"]["properties"]
    assert staff["overdue"]["title"] == "是否逾期"
    assert staff["timeliness"]["title"] == "公开时效"
    assert staff["catalogue_entry"]["title"] == "标准目录事项"
    assert staff["due_on"]["title"] == "应公开日期"
    assert staff["deadline_rule"]["title"] == "适用规则"
    assert staff["overdue"]["readOnly"] is True and staff["due_on"]["readOnly"] is True
    assert "readOnly" not in staff["catalogue_entry"]


def test_schema_documents_the_available_actions(db):
    schema = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content.decode("utf-8"))
    field = schema["components"]["schemas"]["Disclosure"]["properties"]["available_actions"]
    assert field["readOnly"] is True and field["title"] == "当前可办理的操作"
    assert field["items"]["$ref"] == "#/components/schemas/AvailableAction"
    item = schema["components"]["schemas"]["AvailableAction"]
    assert set(item["required"]) == {"action", "label", "requires_comment", "comment_is_public", "url"}
    assert "available_actions" not in schema["components"]["schemas"]["PublicDisclosure"]["properties"]


# ---------------------------------------------------------------------------------------------
# Schema and docs
# ---------------------------------------------------------------------------------------------
def test_schema_mentions_the_disclosures_endpoint(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/disclosures/" in content
    assert "/api/v1/disclosures/{id}/submit/" in content
    assert "/api/v1/auth/token/" in content


def test_docs_page(db):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert b"/api/schema/" in response.content
