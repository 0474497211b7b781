"""The record page as staff work in it (issue 18): the 未发布预览, 正文 as it will read, the workflow's
buttons and reason box as the workflow table declares them, and a list readable at office widths.
The browser checks (contrast, column widths, what is visible) are in tests/browser/test_backoffice.py."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from disclosures import services
from disclosures.tests.factories import draft, in_state
from disclosures.tests.files import pdf_upload

pytestmark = pytest.mark.django_db

BODY = "<p>各有关单位：</p><ol><li>第一条</li><li>第二条</li></ol><p>县发展和改革委员会</p>"


def page(user, url: str):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def change_url(record) -> str:
    return reverse("admin:disclosures_disclosure_change", args=[record.pk])


def preview_url(record) -> str:
    return reverse("admin:disclosures_disclosure_preview", args=[record.pk])


# --- 未发布预览 -----------------------------------------------------------------------------------
def test_the_reviewer_previews_the_public_page_of_a_submitted_record(org):
    record = draft(org.clerk, org.department, title="待审核的批复预览", body=BODY)
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf_upload("批复.pdf"))
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    change = page(org.reviewer, change_url(record)).content.decode()
    assert f'href="{preview_url(record)}"' in change and "预览公开页面" in change

    response = page(org.reviewer, preview_url(record))
    assert response.status_code == 200
    html = response.content.decode()
    assert "未发布预览" in html and "待部门负责人审核" in html
    assert '<h1 class="document__title">待审核的批复预览</h1>' in html
    assert "<ol><li>第一条</li><li>第二条</li></ol>" in html  # the body as the public page renders it
    attachment = record.attachments.get()
    assert reverse("disclosures:staff-attachment", args=[attachment.pk]) in html
    assert attachment.get_absolute_url() not in html  # the public door 404s until publication
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "noindex" in response["X-Robots-Tag"]
    record.refresh_from_db()
    assert record.status == "submitted" and record.published_at is None  # nothing was saved


@pytest.mark.parametrize("who", ["other_clerk", "town_clerk", None])
def test_nobody_outside_the_records_scope_previews_it(org, who):
    record = draft(org.clerk, org.department, title="别人看不到的预览", body=BODY)
    response = page(getattr(org, who) if who else None, preview_url(record))
    if who is None:
        assert response.status_code == 302 and reverse("admin:login") in response.url
    else:
        assert response.status_code == 404
    assert "别人看不到的预览" not in response.content.decode()


def test_a_published_record_links_its_public_page_not_a_preview(org):
    record = in_state(org, "published", title="已发布的批复")
    html = page(org.clerk, change_url(record)).content.decode()
    assert f'href="{record.get_absolute_url()}"' in html
    assert "预览公开页面" not in html and "在站点上查看" not in html


# --- read-only pages ------------------------------------------------------------------------------
def test_a_read_only_record_shows_its_body_as_html_not_tags_and_its_details_once(org):
    record = in_state(org, "submitted", title="只读正文", body=BODY)
    html = page(org.reviewer, change_url(record)).content.decode()
    assert '<div class="body-preview">' + BODY + "</div>" in html
    assert "&lt;p&gt;" not in html
    assert html.count("<label>结构化信息:</label>") == 1


def test_the_clerk_still_edits_the_body_as_a_field(org):
    record = draft(org.clerk, org.department, title="可编辑正文", body=BODY)
    html = page(org.clerk, change_url(record)).content.decode()
    assert 'name="body"' in html and "body-preview" not in html


# --- workflow buttons and the reason box (from the workflow table) --------------------------------
def test_a_clerk_submitting_gets_no_reason_box_and_the_button_on_top(org):
    record = draft(org.clerk, org.department, title="只需提交")
    html = page(org.clerk, change_url(record)).content.decode()
    assert 'id="workflow-comment"' not in html
    assert 'id="wf-top-submit"' in html and 'id="wf-submit"' in html


def test_the_reviewer_is_told_the_return_comment_is_required_and_not_published(org):
    record = in_state(org, "submitted", title="待审核")
    html = page(org.reviewer, change_url(record)).content.decode()
    assert 'id="workflow-comment"' in html
    assert "退回意见（退回时必填，不公开，留存在办理记录中）" in html
    assert "意见（审核通过时选填，不公开，留存在办理记录中）" in html
    reject = re.search(r'<button[^>]*id="wf-reject"[^>]*>', html).group(0)
    assert 'class="button danger"' in reject
    assert 'id="wf-top-review"' in html and 'id="wf-top-reject"' not in html  # 退回 needs its comment below


def test_the_withdraw_reason_is_said_to_be_public(org):
    record = in_state(org, "published", title="要撤回的记录")
    html = page(org.reviewer, change_url(record)).content.decode()
    assert "撤回理由（撤回时必填，将在公开页面向公众显示）" in html
    assert 'class="button danger" id="wf-withdraw"' in html


# --- the list ------------------------------------------------------------------------------------
def test_the_list_shows_the_title_with_its_index_number_and_compact_dates(org):
    record = in_state(org, "published", title="列表中的已发布记录")
    html = page(org.clerk, reverse("admin:disclosures_disclosure_changelist")).content.decode()
    assert f'<span class="cell-title">列表中的已发布记录</span><br><small class="tone-muted">索引号 {record.index_no}</small>' in html
    assert f'<span class="nowrap">{record.due_on.isoformat()}</span>' in html


# --- the add form's defaults ---------------------------------------------------------------------
def test_a_clerk_of_one_department_finds_it_chosen_and_states_the_formation_date(org):
    response = page(org.clerk, reverse("admin:disclosures_disclosure_add"))
    form = response.context["adminform"].form
    assert form["department"].value() == org.department.pk
    assert form["formed_on"].value() is None and form.fields["formed_on"].required
    assert "公开时限自此日起算" in form.fields["formed_on"].help_text


def test_the_office_chooses_the_department_itself(org):
    form = page(org.office, reverse("admin:disclosures_disclosure_add")).context["adminform"].form
    assert form["department"].value() is None


def test_a_record_without_its_formation_date_is_not_saved_and_the_field_is_named(org):
    from disclosures.models import Disclosure
    from disclosures.tests.test_admin import form_data

    client = Client()
    client.force_login(org.clerk)
    data = form_data(department=org.department.pk, title="没有形成日期的记录")
    data.pop("formed_on")
    response = client.post(reverse("admin:disclosures_disclosure_add"), data)
    assert response.status_code == 200
    assert "formed_on" in response.context["adminform"].form.errors
    assert not Disclosure.objects.filter(title="没有形成日期的记录").exists()


# --- 我的待办 (the admin index) -------------------------------------------------------------------
def todo(user) -> dict:
    response = page(user, reverse("admin:index"))
    assert response.status_code == 200
    return {s.key: [row.record.title for row in s.rows] for s in response.context["todo_sections"]}


def test_each_role_lands_on_what_it_has_to_do(org):
    from organizations.models import Membership

    draft(org.clerk, org.department, title="我的草稿")
    returned = in_state(org, "submitted", title="被退回的记录")
    services.disclosure_reject(disclosure=returned, actor=org.reviewer, comment="请补充。")
    in_state(org, "submitted", title="等审核的记录")
    in_state(org, "reviewed", title="等签发的记录")
    draft(org.other_clerk, org.other_department, title="别的单位的草稿")

    clerk = todo(org.clerk)
    assert clerk["returned"] == ["被退回的记录"] and clerk["drafts"] == ["我的草稿"]
    assert set(clerk) == {"returned", "drafts", "to_publish", "due_soon"}
    assert todo(org.reviewer) == {"to_review": ["等审核的记录"]}
    assert todo(org.signer) == {"to_sign": ["等签发的记录"]}
    assert set(todo(org.office)) == {"overdue"}

    # Nobody reviews what they submitted (the workflow's NOT_OWN guard): a clerk who also reviews.
    Membership.objects.create(user=org.clerk, department=org.department, role="reviewer")
    assert "等审核的记录" not in todo(org.clerk)["to_review"]


@pytest.mark.clock("2026-11-23T10:00")
def test_a_row_shows_the_days_left_and_the_working_days_it_has_waited(org, _pinned_clock):
    import datetime

    record = in_state(org, "submitted", title="等了三天的记录", formed_on=datetime.date(2026, 11, 20))
    _pinned_clock.move_to("2026-11-26T10:00+08:00")  # Thursday: Mon 23 → Thu 26 is 3 working days
    section = next(s for s in page(org.reviewer, reverse("admin:index")).context["todo_sections"])
    row = section.rows[0]
    assert row.record.pk == record.pk and row.waiting == "3个工作日"
    assert "个工作日" in row.days_left


def test_the_office_sees_the_overdue_records_of_the_departments_it_oversees(org):
    import datetime

    from django.utils import timezone

    late = draft(org.clerk, org.department, title="逾期的草稿",
                 formed_on=timezone.localdate() - datetime.timedelta(days=90))
    draft(org.clerk, org.department, title="未到期的草稿")
    assert todo(org.office)["overdue"] == [late.title]
    assert todo(org.other_clerk).get("overdue") is None


def test_the_landing_page_costs_the_same_queries_for_3_and_13_records(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client = Client()
        client.force_login(org.clerk)
        client.get(reverse("admin:index"))  # the session, the calendar: warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(queries)

    for index in range(3):
        draft(org.clerk, org.department, title=f"草稿{index}")
    few = count()
    for index in range(10):
        draft(org.clerk, org.department, title=f"更多草稿{index}")
    assert count() == few


# --- personal data found on saving: an error, not a success ---------------------------------------
def test_saving_a_record_with_personal_data_says_so_as_an_error(org):
    from django.contrib.messages import ERROR, SUCCESS, get_messages

    from disclosures.tests.test_admin import form_data

    record = draft(org.clerk, org.department, title="含身份证号的记录")
    client = Client()
    client.force_login(org.clerk)
    data = form_data(record, body="<p>联系人张三明，身份证号 53312319851212002X，手机 13812345678。</p>")
    response = client.post(change_url(record) + "?_continue=1", data | {"_continue": "1"})
    assert response.status_code == 302
    sent = list(get_messages(response.wsgi_request))
    assert [m.level for m in sent] == [ERROR]
    assert "疑似个人信息" in sent[0].message and "不能提交审核或发布" in sent[0].message

    clean = draft(org.clerk, org.department, title="干净的记录")
    client = Client()
    client.force_login(org.clerk)
    response = client.post(change_url(clean), form_data(clean, body="<p>无个人信息。</p>") | {"_continue": "1"})
    assert [m.level for m in get_messages(response.wsgi_request)] == [SUCCESS]


def test_signing_a_correction_says_the_original_has_its_new_version(org):
    from django.contrib.messages import get_messages

    original = in_state(org, "published", title="原记录")
    correction = services.disclosure_start_correction(disclosure=original, actor=org.clerk, change_note="更正文号")
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    client = Client()
    client.force_login(org.signer)
    url = reverse("admin:disclosures_disclosure_workflow", args=[correction.pk])
    response = client.post(url, {"action": "sign", "lock_version": correction.lock_version})
    original.refresh_from_db()
    [message] = [m.message for m in get_messages(response.wsgi_request)]
    assert f"原记录“原记录”已更新为第{original.version}版" in message and original.version == 2
    assert original.index_no in message


# --- 所属项目 on the record's add form (issue 18 item 5) -------------------------------------------
def test_the_add_form_offers_the_subjects_the_clerk_may_open_for_each_domain(org):
    from projects.tests.factories import make_project

    project = make_project(org, name="城西冷链仓储项目")
    form = page(org.clerk, reverse("admin:disclosures_disclosure_add")).context["adminform"].form
    assert {"subject__projects", "subject__resources", "subject__welfare"} <= set(form.fields)
    assert project in form.fields["subject__projects"].queryset
    assert "城西冷链仓储项目" in dict(
        (str(value), label) for value, label in form.fields["subject__projects"].choices
    ).get(str(project.pk), "")


def test_a_record_added_with_its_project_joins_the_projects_life_cycle(org):
    from disclosures.models import Disclosure
    from disclosures.tests.test_admin import form_data
    from projects.tests.factories import make_project

    project = make_project(org, name="城西冷链仓储项目")
    client = Client()
    client.force_login(org.clerk)
    data = form_data(department=org.department.pk, title="城西冷链仓储项目核准批复")
    response = client.post(reverse("admin:disclosures_disclosure_add"), data | {"subject__projects": project.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    record = Disclosure.objects.get(title="城西冷链仓储项目核准批复")
    assert Disclosure.objects.filter(project_link__project=project).get() == record


def test_a_subject_outside_the_clerks_scope_cannot_be_chosen(org):
    from disclosures.models import Disclosure
    from disclosures.tests.test_admin import form_data
    from organizations.choices import JurisdictionLevel
    from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
    from projects.tests.factories import make_project

    county = JurisdictionFactory(name="外县", code="WX", level=JurisdictionLevel.COUNTY)
    outer = DepartmentFactory(jurisdiction=county, name="外县发改委", code="WXFGW")
    outer_clerk = member(outer, "clerk", "wx_clerk")
    from types import SimpleNamespace

    foreign = make_project(SimpleNamespace(county=county, department=outer, clerk=outer_clerk), actor=outer_clerk,
                           name="外县的项目")
    client = Client()
    client.force_login(org.clerk)
    data = form_data(department=org.department.pk, title="挂到外县项目上的记录")
    response = client.post(reverse("admin:disclosures_disclosure_add"), data | {"subject__projects": foreign.pk})
    assert response.status_code == 200
    assert "subject__projects" in response.context["adminform"].form.errors
    assert not Disclosure.objects.filter(title="挂到外县项目上的记录").exists()


# --- what the clerk says once (issue 18 item 8) ----------------------------------------------------
def _post_new(org, **changes):
    from catalogue.models import CatalogueEntry
    from disclosures.models import Disclosure
    from disclosures.tests.test_admin import form_data

    entry = CatalogueEntry.objects.get(code="projects-approval-result-eia")
    data = form_data(department=org.department.pk, title="环评批复", catalogue_entry=entry.pk)
    data.update(changes)
    client = Client()
    client.force_login(org.clerk)
    response = client.post(reverse("admin:disclosures_disclosure_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Disclosure.objects.get(title="环评批复")


def test_the_entry_with_one_item_type_fills_it_and_the_doc_no_fills_the_reply_no(org):
    record = _post_new(org, doc_no="测环审〔2026〕3号", **{"d__approval_result__approval_item": "",
                                                            "d__approval_result__reply_no": ""})
    assert record.details["approval_item"] == "environment"
    assert record.details["reply_no"] == "测环审〔2026〕3号" == record.doc_no


def test_the_reply_no_fills_an_empty_doc_no(org):
    record = _post_new(org, doc_no="", **{"d__approval_result__reply_no": "测环审〔2026〕4号"})
    assert record.doc_no == "测环审〔2026〕4号"


# --- 撤回提交 (issue 18 item 9) -----------------------------------------------------------------------
def test_the_clerk_recalls_a_submitted_record_before_review_and_it_is_recorded(org):
    from core.models import AuditEntry
    from notifications.models import Notification

    record = in_state(org, "submitted", title="提交后发现错字")
    html = page(org.clerk, change_url(record)).content.decode()
    assert 'id="wf-recall"' in html and 'id="wf-top-recall"' in html
    client = Client()
    client.force_login(org.clerk)
    url = reverse("admin:disclosures_disclosure_workflow", args=[record.pk])
    client.post(url, {"action": "recall", "lock_version": record.lock_version})
    record.refresh_from_db()
    assert record.status == "draft" and record.submitted_by is None
    row = AuditEntry.objects.filter(object_id=record.pk, action="disclosure.recall").get()
    assert (row.from_status, row.to_status, row.actor_id) == ("submitted", "draft", org.clerk.pk)
    assert Notification.objects.filter(user=org.reviewer, kind="disclosure.recall").exists()


def test_a_reviewed_record_can_no_longer_be_recalled(org):
    from core.exceptions import TransitionNotAllowed

    record = in_state(org, "reviewed", title="已审核的记录")
    with pytest.raises(TransitionNotAllowed):
        services.disclosure_recall(disclosure=record, actor=org.clerk)
    assert 'id="wf-recall"' not in page(org.clerk, change_url(record)).content.decode()


# --- 正文's editor (issue 18 item 3) ----------------------------------------------------------------
def test_the_clerks_form_gives_the_body_its_vendored_editor(org):
    html = page(org.clerk, reverse("admin:disclosures_disclosure_add")).content.decode()
    assert re.search(r'<textarea name="body"[^>]*data-rich-text', html)
    # Vendored and served by the portal itself (no CDN: the CSP allows only 'self').
    for asset in ("vendor/quill/quill.js", "js/rich_text.js", "vendor/quill/quill.snow.css"):
        assert f'src="/static/{asset}"' in html or f'href="/static/{asset}"' in html, asset


def test_the_editor_is_not_offered_where_the_body_cannot_be_changed(org):
    record = draft(org.clerk, org.department, title="已提交的记录", body=BODY)
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    html = page(org.reviewer, change_url(record)).content.decode()
    assert "data-rich-text" not in html and "vendor/quill/quill.js" not in html
    assert '<div class="body-preview">' + BODY in html


def test_lines_typed_without_the_editor_become_paragraphs(org):
    # The form without JavaScript: a textarea, whose lines are the clerk's paragraphs.
    record = _post_new(org, body="各有关单位：\r\n\r\n  一、同意立项。\r\n二、总投资<5000万元。\r\n县发展和改革委员会")
    assert record.body == (
        "<p>各有关单位：</p><p>一、同意立项。</p><p>二、总投资&lt;5000万元。</p><p>县发展和改革委员会</p>"
    )


def test_the_editors_html_is_kept_and_sanitised(org):
    record = _post_new(org, body=BODY + '<p onclick="x()">落款<script>alert(1)</script></p>')
    assert record.body == BODY + "<p>落款</p>"
