"""The clerks' admin: scoping, columns, filters, saving and workflow buttons through the kernel."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalogue.models import CatalogueEntry
from core.models import AuditEntry
from disclosures import deadlines, services
from disclosures.admin import deadline_state_html
from disclosures.choices import Status
from disclosures.deadlines import add_working_days, working_days_between
from disclosures.details import placeholder_details
from disclosures.forms import DisclosureForm
from disclosures.models import Attachment, Disclosure
from disclosures.tests.factories import YESTERDAY, draft, in_state, published

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:disclosures_disclosure_changelist"



def logged_in(client, user):
    client.force_login(user)
    return client


def changelist(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response.content.decode()


def change_url(record) -> str:
    return reverse("admin:disclosures_disclosure_change", args=[record.pk])


def workflow_url(record) -> str:
    return reverse("admin:disclosures_disclosure_workflow", args=[record.pk])


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def inline_management(total=0, initial=0) -> dict:
    return {
        "attachments-TOTAL_FORMS": str(total),
        "attachments-INITIAL_FORMS": str(initial),
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }


def entry_pk(category: str, domain: str = "projects") -> int:
    """The seeded 标准目录 entry a clerk would pick for a category: the one the placeholder details' item
    type selects (the category alone does not decide when its entries' deadlines differ)."""
    return services.default_catalogue_entry(domain, category, placeholder_details(domain, category)).pk


def form_data(record=None, **overrides) -> dict:
    """The change form as a browser would post it."""
    data = {
        "department": record.department_id if record else "",
        "catalogue_entry": record.catalogue_entry_id if record else entry_pk("approval_result"),
        "title": record.title if record else "",
        "doc_no": record.doc_no if record else "",
        "issuer": record.issuer if record else "",
        "written_on": "",
        "formed_on": (record.formed_on if record else YESTERDAY).isoformat(),
        "keywords": record.keywords if record else "",
        "disclosure_mode": record.disclosure_mode if record else "active",
        "mode_reason": record.mode_reason if record else "",
        "body": record.body if record else "",
        "interpretation": "",
        "interpretation_url": "",
    }
    category = record.category if record else "approval_result"
    domain = record.domain if record else "projects"
    details = (record.details if record else None) or placeholder_details(domain, category)
    for name, value in details.items():
        data[DisclosureForm.details_field_name(category, name)] = value
    if record is not None:
        data["lock_version"] = str(record.lock_version)
    data.update(inline_management())
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# Scoping
# ---------------------------------------------------------------------------------------------
class TestScoping:
    @pytest.fixture
    def records(self, org):
        return {
            "mine": draft(org.clerk, org.department, title="发改委的项目批复草稿"),
            "other": draft(org.other_clerk, org.other_department, title="自然资源局的出让公告草稿"),
            "town": draft(org.town_clerk, org.town_department, title="测试镇的救助名单草稿"),
        }

    def test_clerk_sees_only_their_department(self, client, org, records):
        content = changelist(logged_in(client, org.clerk))
        assert "发改委的项目批复草稿" in content
        assert "自然资源局的出让公告草稿" not in content
        assert "测试镇的救助名单草稿" not in content

    def test_other_clerk_sees_only_theirs(self, client, org, records):
        content = changelist(logged_in(client, org.other_clerk))
        assert "自然资源局的出让公告草稿" in content
        assert "发改委的项目批复草稿" not in content

    def test_office_sees_the_whole_jurisdiction(self, client, org, records):
        content = changelist(logged_in(client, org.office))
        for title in ("发改委的项目批复草稿", "自然资源局的出让公告草稿", "测试镇的救助名单草稿"):
            assert title in content

    def test_other_departments_change_page_is_not_shown(self, client, org, records):
        response = logged_in(client, org.other_clerk).get(change_url(records["mine"]))
        assert response.status_code in (302, 404)
        assert "发改委的项目批复草稿" not in response.content.decode()
        if response.status_code == 302:
            assert response.url != change_url(records["mine"])

    def test_other_departments_record_cannot_be_changed(self, client, org, records):
        record = records["mine"]
        response = logged_in(client, org.other_clerk).post(change_url(record), form_data(record, title="越权修改"))
        assert response.status_code in (302, 404)
        record.refresh_from_db()
        assert record.title == "发改委的项目批复草稿"

    def test_other_departments_workflow_is_404(self, client, org, records):
        record = records["mine"]
        response = logged_in(client, org.other_clerk).post(workflow_url(record), {"action": "submit"})
        assert response.status_code == 404
        record.refresh_from_db()
        assert record.status == Status.DRAFT

    def test_anonymous_is_sent_to_login(self, client, org, records):
        response = client.get(reverse(CHANGELIST))
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_add_form_offers_only_own_departments(self, client, org):
        response = logged_in(client, org.clerk).get(reverse("admin:disclosures_disclosure_add"))
        assert response.status_code == 200
        choices = {str(d) for d in response.context["adminform"].form.fields["department"].queryset}
        assert choices == {"县发展和改革委员会"}


# ---------------------------------------------------------------------------------------------
# Columns, filters and search
# ---------------------------------------------------------------------------------------------
class TestChangelist:
    def test_columns_show_status_due_date_and_days_left(self, client, org):
        record = draft(org.clerk, org.department, title="按期的草稿")
        content = changelist(logged_in(client, org.clerk))
        assert "状态" in content and "应公开日期" in content and "剩余工作日" in content
        assert "草稿" in content
        assert record.due_on.isoformat() in content  # compact: 2027-01-05 on one line
        days = working_days_between(timezone.localdate(), record.due_on)
        assert 0 < days <= 20
        assert f"剩{days}个工作日" in content

    def test_overdue_record_shows_overdue(self, client, org):
        formed = timezone.localdate() - datetime.timedelta(days=90)
        record = draft(org.clerk, org.department, title="逾期的草稿", formed_on=formed)
        content = changelist(logged_in(client, org.clerk))
        late = working_days_between(record.due_on, timezone.localdate())
        assert late > 0
        estimate = "（预计）" if record.due_on_estimated else ""  # on a clock in a year nobody has entered
        assert f'<strong class="tone-alert">逾期{late}个工作日{estimate}</strong>' in content

    def test_published_record_has_no_days_left(self, client, org):
        record = published(org, title="已发布的批复")
        content = changelist(logged_in(client, org.clerk))
        assert record.index_no in content
        assert "已发布" in content
        assert "个工作日</span>" not in content and "逾期" not in content

    def test_status_filter(self, client, org):
        in_state(org, "draft", title="状态为草稿的记录")
        in_state(org, "submitted", title="状态为待审核的记录")
        content = changelist(logged_in(client, org.clerk), status="draft")
        assert "状态为草稿的记录" in content
        assert "状态为待审核的记录" not in content

    def test_domain_filter(self, client, org):
        draft(org.clerk, org.department, title="项目领域记录", domain="projects", category="bidding")
        draft(org.clerk, org.department, title="公益领域记录", domain="welfare", category="education")
        content = changelist(logged_in(client, org.clerk), domain="projects")
        assert "项目领域记录" in content
        assert "公益领域记录" not in content

    def test_category_filter(self, client, org):
        draft(org.clerk, org.department, title="招标投标记录", domain="projects", category="bidding")
        draft(org.clerk, org.department, title="竣工记录", domain="projects", category="completion")
        content = changelist(logged_in(client, org.clerk), category="completion")
        assert "竣工记录" in content
        assert "招标投标记录" not in content

    def test_search_by_title(self, client, org):
        draft(org.clerk, org.department, title="城南污水处理厂环评批复")
        draft(org.clerk, org.department, title="城北学校建设招标公告")
        content = changelist(logged_in(client, org.clerk), q="污水处理")
        assert "城南污水处理厂环评批复" in content
        assert "城北学校建设招标公告" not in content

    def test_search_by_index_no(self, client, org):
        first = published(org, title="第一条已发布")
        published(org, title="第二条已发布")
        content = changelist(logged_in(client, org.clerk), q=first.index_no)
        assert "第一条已发布" in content
        assert "第二条已发布" not in content

    @pytest.mark.parametrize("count", [30, 60])
    def test_query_count_is_bounded(self, client, org, django_assert_max_num_queries, count):
        for n in range(count):
            draft(org.clerk, org.department, title=f"批量草稿{n}")
        logged_in(client, org.clerk)
        # 13 for the page, plus the admin header's unread count (notifications) and 督办单 badge (supervision).
        with django_assert_max_num_queries(15):
            content = changelist(client)
        assert f"批量草稿{count - 1}" in content


# ---------------------------------------------------------------------------------------------
# Saving through the services
# ---------------------------------------------------------------------------------------------
class TestSaving:
    def test_add_form_creates_through_the_service(self, client, org):
        logged_in(client, org.clerk)
        data = form_data(
            department=org.department.pk, title="经办人通过后台起草的记录", catalogue_entry=entry_pk("education", "welfare"),
            d__education__item_type="policy",
        )
        response = client.post(reverse("admin:disclosures_disclosure_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
        record = Disclosure.objects.get(title="经办人通过后台起草的记录")
        assert record.created_by == org.clerk
        assert (record.domain, record.category) == ("welfare", "education")  # follow from the entry
        assert record.catalogue_entry_id == data["catalogue_entry"]
        assert record.status == Status.DRAFT
        assert record.due_on is not None
        assert AuditEntry.objects.filter(disclosure=record, action="disclosure.create", actor=org.clerk).exists()

    def test_add_form_with_an_attachment(self, client, org):
        logged_in(client, org.clerk)
        data = form_data(department=org.department.pk, title="带附件起草")
        data.update(inline_management(total=1))
        data["attachments-0-upload"] = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        response = client.post(reverse("admin:disclosures_disclosure_add"), data)
        assert response.status_code == 302
        record = Disclosure.objects.get(title="带附件起草")
        assert [a.original_name for a in record.attachments.all()] == ["批复.pdf"]
        # The saved row names the file and opens it; its storage path is nobody's business.
        attachment = record.attachments.get()
        html = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk])).content.decode()
        assert f'<a href="{reverse("disclosures:staff-attachment", args=[attachment.pk])}">批复.pdf</a>' in html
        assert attachment.file.name not in html and "目前" not in html

    @pytest.mark.parametrize(
        ("overrides", "fragment"),
        [
            ({"title": ""}, "标题"),
            ({"disclosure_mode": "not_disclosed", "mode_reason": ""}, "必须填写理由"),
            ({"formed_on": "2026/13/45"}, "信息形成"),
            ({"formed_on": "2999-01-01"}, "不能晚于今天"),
            ({"catalogue_entry": ""}, "请填写此项"),
            ({"catalogue_entry": "999999"}, "请从列表中"),
        ],
    )
    def test_bad_input_is_refused_with_a_chinese_message(self, client, org, overrides, fragment):
        logged_in(client, org.clerk)
        data = form_data(**{"department": org.department.pk, "title": "坏输入", **overrides})
        response = client.post(reverse("admin:disclosures_disclosure_add"), data)
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors
        assert fragment in response.content.decode()
        assert not Disclosure.objects.exists()

    def test_change_form_updates_through_the_service(self, client, org):
        record = draft(org.clerk, org.department, title="修改前")
        response = logged_in(client, org.clerk).post(change_url(record), form_data(record, title="修改后"))
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.title == "修改后"
        assert record.lock_version == 1
        assert AuditEntry.objects.filter(disclosure=record, action="disclosure.update").exists()

    def test_concurrent_edit_is_refused(self, client, org):
        record = draft(org.clerk, org.department, title="原始标题")
        logged_in(client, org.clerk)
        page = client.get(change_url(record))
        assert page.status_code == 200
        assert page.context["adminform"].form["lock_version"].value() == 0
        assert 'type="hidden" name="lock_version" value="0"' in page.content.decode()

        services.disclosure_update(disclosure=record, actor=org.clerk_b, expected_version=0, title="同事保存的标题")

        response = client.post(change_url(record), form_data(record, title="我的标题", lock_version="0"))
        assert response.status_code == 200
        assert "已被其他人修改" in response.content.decode()
        assert response.context["adminform"].form.errors
        record.refresh_from_db()
        assert record.title == "同事保存的标题"
        assert record.lock_version == 1

    def test_published_record_is_read_only(self, client, org):
        record = published(org, title="已发布不可直接修改")
        response = logged_in(client, org.clerk).post(change_url(record), form_data(record, title="偷偷改"))
        assert response.status_code == 403
        record.refresh_from_db()
        assert record.title == "已发布不可直接修改"

    def test_nobody_can_delete(self, client, org):
        record = published(org)
        response = logged_in(client, org.office).post(
            reverse("admin:disclosures_disclosure_delete", args=[record.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        assert Disclosure.objects.filter(pk=record.pk).exists()


class TestAttachments:
    def post_with_file(self, client, record, upload):
        data = form_data(record)
        data.update(inline_management(total=1))
        data["attachments-0-upload"] = upload
        data["attachments-0-disclosure"] = str(record.pk)
        return client.post(change_url(record), data)

    def test_pdf_is_uploaded_through_the_service(self, client, org):
        record = draft(org.clerk, org.department)
        upload = SimpleUploadedFile("可研批复.pdf", b"%PDF-1.4 content", content_type="application/pdf")
        response = self.post_with_file(logged_in(client, org.clerk), record, upload)
        assert response.status_code == 302
        attachment = Attachment.objects.get(disclosure=record)
        assert attachment.original_name == "可研批复.pdf"
        assert attachment.uploaded_by == org.clerk
        assert AuditEntry.objects.filter(disclosure=record, action="disclosure.attachment_add").exists()

    @pytest.mark.parametrize(
        ("name", "content"),
        [("木马程序.exe", b"MZ\x90\x00"), ("伪装文件.pdf", b"<html>not a pdf</html>"), ("网页.html", b"<html></html>")],
    )
    def test_disallowed_file_is_refused_naming_the_file(self, client, org, name, content):
        record = draft(org.clerk, org.department)
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        response = self.post_with_file(logged_in(client, org.clerk), record, upload)
        assert response.status_code == 200
        assert name in response.content.decode().replace("&quot;", '"')
        assert not Attachment.objects.exists()
        record.refresh_from_db()
        assert record.lock_version == 0

    def test_oversized_file_is_refused(self, client, org, settings):
        settings.PORTAL_ATTACHMENT_MAX_BYTES = 1024
        record = draft(org.clerk, org.department)
        upload = SimpleUploadedFile("大文件.pdf", b"%PDF" + b"0" * 2048, content_type="application/pdf")
        response = self.post_with_file(logged_in(client, org.clerk), record, upload)
        assert response.status_code == 200
        assert "大文件.pdf" in response.content.decode()
        assert not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Workflow buttons
# ---------------------------------------------------------------------------------------------
class TestWorkflowButtons:
    def press(self, client, record, action, comment=""):
        record.refresh_from_db()
        return client.post(
            workflow_url(record),
            {"action": action, "comment": comment, "lock_version": record.lock_version},
            follow=True,
        )

    def test_buttons_shown_for_the_users_role(self, client, org):
        record = in_state(org, "submitted")
        content = logged_in(client, org.reviewer).get(change_url(record)).content.decode()
        assert 'id="wf-review"' in content and 'id="wf-reject"' in content
        assert 'id="wf-sign"' not in content
        client.force_login(org.clerk)
        content = client.get(change_url(record)).content.decode()
        assert 'id="wf-review"' not in content

    def test_submit_review_sign_publishes(self, client, org):
        record = draft(org.clerk, org.department, title="后台全流程")

        response = self.press(logged_in(client, org.clerk), record, "submit")
        assert response.status_code == 200
        assert any("已提交审核" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

        response = self.press(logged_in(client, org.reviewer), record, "review", "同意")
        assert any("已审核通过" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.REVIEWED

        response = self.press(logged_in(client, org.signer), record, "sign", "同意发布")
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED
        assert record.index_no
        assert any(record.index_no in m for m in message_texts(response))
        actions = list(record.audit_entries.values_list("action", flat=True))
        assert actions[-4:] == ["disclosure.submit", "disclosure.review", "disclosure.sign", "disclosure.publish"]

    def test_illegal_step_shows_an_error_and_changes_nothing(self, client, org):
        record = draft(org.clerk, org.department)
        response = self.press(logged_in(client, org.signer), record, "sign")
        texts = message_texts(response)
        assert any("不能签发" in m for m in texts), texts
        record.refresh_from_db()
        assert record.status == Status.DRAFT and record.lock_version == 0
        assert not record.audit_entries.exclude(action="disclosure.create").exists()

    def test_reject_without_comment_shows_an_error(self, client, org):
        record = in_state(org, "submitted")
        version = record.lock_version
        response = self.press(logged_in(client, org.reviewer), record, "reject", "")
        texts = message_texts(response)
        assert any("退回意见" in m for m in texts), texts
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED and record.lock_version == version

    def test_reject_with_comment(self, client, org):
        record = in_state(org, "submitted")
        response = self.press(logged_in(client, org.reviewer), record, "reject", "请补充附件")
        assert any("已退回" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.DRAFT
        assert record.rejection_comment == "请补充附件"

    def test_stale_button_shows_the_conflict(self, client, org):
        record = draft(org.clerk, org.department)
        logged_in(client, org.clerk)
        services.disclosure_update(disclosure=record, actor=org.clerk_b, expected_version=0, title="同事改过")
        response = client.post(workflow_url(record), {"action": "submit", "lock_version": 0}, follow=True)
        assert any("已被其他人修改" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.DRAFT

    def test_self_review_is_refused(self, client, org):
        from organizations.choices import Role
        from organizations.models import Membership

        Membership.objects.create(user=org.clerk, department=org.department, role=Role.REVIEWER)
        record = in_state(org, "submitted")
        org.clerk.__dict__.pop("_portal_scope", None)
        response = self.press(logged_in(client, org.clerk), record, "review")
        assert any("自己" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.SUBMITTED

    def test_withdraw_needs_a_reason(self, client, org):
        record = published(org)
        response = self.press(logged_in(client, org.reviewer), record, "withdraw", "")
        assert any("撤回理由" in m for m in message_texts(response))
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED
        response = self.press(client, record, "withdraw", "批复已失效")
        record.refresh_from_db()
        assert record.status == Status.WITHDRAWN
        assert record.withdrawal_reason == "批复已失效"

    def test_correct_opens_a_correction_draft(self, client, org):
        record = published(org)
        response = self.press(logged_in(client, org.clerk), record, "correct", "更正文号")
        correction = Disclosure.objects.get(corrects=record)
        assert response.redirect_chain[-1][0] == change_url(correction)
        assert correction.change_note == "更正文号"

    def test_get_on_the_workflow_url_is_refused(self, client, org):
        record = draft(org.clerk, org.department)
        response = logged_in(client, org.clerk).get(workflow_url(record))
        assert response.status_code == 403
        record.refresh_from_db()
        assert record.status == Status.DRAFT


# ---------------------------------------------------------------------------------------------
# The 标准目录事项 select and the 公开时限 panel
# ---------------------------------------------------------------------------------------------
def catalogue_entry(code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(code=code)


class TestCatalogueEntrySelect:
    def test_add_form_groups_active_entries_with_their_limits(self, client, org):
        CatalogueEntry.objects.filter(code="projects-approval-result-water").update(is_active=False)
        response = logged_in(client, org.clerk).get(reverse("admin:disclosures_disclosure_add"))
        form = response.context["adminform"].form
        assert "category" not in form.fields  # the entry decides the category
        assert form.fields["catalogue_entry"].required
        content = response.content.decode()
        assert '<optgroup label="重大建设项目批准和实施 / 批准结果信息">' in content
        assert '<optgroup label="社会公益事业建设 / 教育">' in content
        license_entry = catalogue_entry("projects-approval-result-verification")
        assert (
            f'<option value="{license_entry.pk}">批准结果信息 · 项目核准（公开时限：行政许可决定作出之日起7个工作日）</option>'
            in content
        )
        assert "（公开时限：常年（变更后按一般时限））" in content
        assert "中标候选人公示（公开时限：3日）" in content
        assert "项目建议书审批（公开时限：一般时限（20个工作日，地方另有规定的从其规定））" in content
        assert "取水许可、水土保持方案" not in content  # deactivated

    def test_choosing_an_entry_sets_category_and_deadline(self, client, org):
        record = draft(org.clerk, org.department, title="改选目录事项", formed_on=YESTERDAY)
        assert record.deadline_days == 20
        license_entry = catalogue_entry("welfare-environment-eia")
        response = logged_in(client, org.clerk).post(change_url(record), form_data(record, catalogue_entry=license_entry.pk, d__environment__item_type="eia_approval"))
        assert response.status_code == 302
        record.refresh_from_db()
        assert (record.domain, record.category, record.catalogue_entry_id) == ("welfare", "environment", license_entry.pk)
        assert record.deadline_days == 7
        assert record.due_on == add_working_days(YESTERDAY, 7).due_on

    def test_a_deactivated_entry_stays_on_its_records(self, client, org):
        chosen = catalogue_entry("projects-approval-result-feasibility")
        record = draft(org.clerk, org.department, title="旧事项的草稿", catalogue_entry=chosen)
        CatalogueEntry.objects.filter(pk=chosen.pk).update(is_active=False)
        logged_in(client, org.clerk)
        assert (
            "可行性研究报告审批（公开时限：一般时限（20个工作日，地方另有规定的从其规定））（已停用）"
            in client.get(change_url(record)).content.decode()
        )
        response = client.post(change_url(record), form_data(record, title="旧事项的草稿（改）"))
        assert response.status_code == 302
        record.refresh_from_db()
        assert (record.title, record.catalogue_entry_id) == ("旧事项的草稿（改）", chosen.pk)
        other = draft(org.clerk, org.department, title="另一条草稿")
        response = client.post(change_url(other), form_data(other, catalogue_entry=chosen.pk))
        assert response.status_code == 200
        assert "catalogue_entry" in response.context["adminform"].form.errors


class TestDeadlinePanel:
    def test_panel_explains_the_due_date(self, client, org):
        license_entry = catalogue_entry("projects-approval-result-verification")
        # The decision's date (批复日期) starts the clock.
        details = {**placeholder_details("projects", "approval_result"), "approval_item": "verification",
                   "approved_on": "2026-09-30"}
        record = draft(org.clerk, org.department, title="国庆前的核准批复", catalogue_entry=license_entry,
                       details=details)
        assert record.formed_on == datetime.date(2026, 9, 30)
        content = logged_in(client, org.clerk).get(change_url(record)).content.decode()
        panel = content[content.index('id="deadline-panel"'):]
        panel = panel[: panel.index("</fieldset>")]
        assert "公开时限" in content
        assert '<strong id="deadline-due-on">2026-10-15</strong>' in panel
        assert "行政许可决定自作出之日起 7 个工作日内公开（国办发〔2018〕118号）" in panel
        assert "项目核准（公开时限：行政许可决定作出之日起7个工作日）" in panel
        # The other rule, named, and why it did not apply.
        assert "《政府信息公开条例》第二十六条" in panel and "本类信息另有规定，取代一般时限" in panel
        assert "国庆节" in panel
        assert "2026-10-10（周六）国庆节调休上班" in panel  # the make-up working day counted
        assert "逾期" in panel  # long past: the state is shown too
        for line in deadlines.explain(record):
            assert line in panel

    def test_panel_marks_an_estimated_due_date(self, client, org):
        ongoing = catalogue_entry("projects-approval-service-guide")  # 常年: the general rule applies
        record = draft(org.clerk, org.department, title="跨年的草稿", category="approval_service",
                       catalogue_entry=ongoing, formed_on=YESTERDAY)
        assert record.due_on_estimated
        content = logged_in(client, org.clerk).get(change_url(record)).content.decode()
        panel = content[content.index('id="deadline-panel"'):]
        assert "（预计）" in panel[: panel.index("</fieldset>")]
        assert "放假安排尚未录入" in panel
        assert "（预计）" in changelist(client)

    def test_published_record_shows_its_timeliness(self, client, org):
        record = published(org, title="晚发布的批复", formed_on=timezone.localdate() - datetime.timedelta(days=90))
        assert record.late_working_days > 0
        content = logged_in(client, org.clerk).get(change_url(record)).content.decode()
        panel = content[content.index('id="deadline-panel"'):]
        assert f"逾期{record.late_working_days}个工作日公开" in panel[: panel.index("</fieldset>")]


class TestDeadlineState:
    """The 剩余工作日 column, on fixed days (2026-11-20 is a Friday, 11-23 a Monday)."""

    @pytest.fixture
    def on_day(self, monkeypatch):
        def set_day(day):
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            monkeypatch.setattr(timezone, "now", lambda: moment)

        return set_day

    @pytest.mark.parametrize(
        ("today", "due_on", "estimated", "text"),
        [
            ((2026, 11, 22), (2026, 11, 19), False, '<strong class="tone-alert">逾期1个工作日</strong>'),
            ((2026, 11, 22), (2026, 11, 20), False, '<strong class="tone-alert">已逾期</strong>'),  # Sunday after
            ((2026, 11, 23), (2026, 11, 23), False, "今日到期"),
            ((2026, 11, 22), (2026, 11, 25), False, '<span class="tone-warning">剩3个工作日</span>'),
            ((2026, 11, 22), (2026, 12, 18), False, '<span class="tone-ok">剩20个工作日</span>'),
            ((2026, 12, 30), (2027, 1, 4), True, "剩2个工作日（预计）"),  # 2027 not entered: 元旦 by the statute
        ],
    )
    def test_state(self, on_day, today, due_on, estimated, text):
        on_day(datetime.date(*today))
        record = Disclosure(due_on=datetime.date(*due_on), due_on_estimated=estimated, status=Status.DRAFT)
        assert text in str(deadline_state_html(record))


def test_audit_trail_on_the_record_page_is_in_chinese(client, org):
    record = in_state(org, "submitted")
    client.force_login(org.clerk)
    page = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk])).content.decode()
    trail = page[page.index('id="audit-trail"'):]
    assert "起草" in trail and "提交审核" in trail and "草稿 → 待部门负责人审核" in trail
    assert "disclosure.submit" not in trail
