"""
The clerks' admin. Thin: every save and every workflow button calls `services`; querysets and
permissions come from `selectors` and `policies`, so the admin enforces what the API enforces.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from catalogue.models import CatalogueEntry
from core import pii
from core.admin_base import PortalModelAdmin, compact_date
from core.domains import all_domains, get_domain
from core.exceptions import WorkflowError
from core.models import AuditEntry, JobHeartbeat
from core.sanitize import sanitize_html
from organizations.admin_mixins import StaffMayViewAdminMixin
from organizations.selectors import departments_for_user, user_scope

from . import archiving, deadlines, imports, policies, services, views
from .api.exceptions import field_label
from .choices import Status
from .deadlines import working_days_between
from .details import details_rows
from .forms import AttachmentForm, DisclosureForm, WorkflowActionForm, creatable_departments
from .models import Attachment, Disclosure
from .selectors import disclosures_for_user
from .workflow import DISCLOSURE_WORKFLOW as WORKFLOW

# The workflow table's button styles as the admin's CSS classes.
# "danger" (退回, 撤回): a red button (static/css/admin.css). Django's own `deletelink` is a link style: on a
# <button> it drew white text on no background.
BUTTON_CLASSES = {"default": "default", "danger": "danger"}


def workflow_text_help(action) -> str:
    """退回意见（退回时必填，不公开，留存在办理记录中） — from the workflow table's `Text` of the action."""
    text = action.text
    need = "必填" if text.required else "选填"
    shown = "将在公开页面向公众显示" if text.public else "不公开，留存在办理记录中"
    return f"{text.label}（{action.label}时{need}，{shown}）"


def error_text(exc: Exception) -> str:
    if isinstance(exc, pii.PiiFound):
        # The blocked step lists what blocked it (masked), one line per finding.
        return format_html(
            "{}<ul>{}</ul>", exc.message, format_html_join("", "<li>{}</li>", ((f.describe(),) for f in exc.findings))
        )
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "；".join(
            f"{field_label(field)}：{'，'.join(msgs)}" for field, msgs in exc.message_dict.items()
        )
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return getattr(exc, "message", str(exc))


def deadline_state_html(record):
    """剩N个工作日 / 今日到期 / 逾期N个工作日 (red) for an unpublished record, with 预计 for an estimated date."""
    if record.due_at is not None:
        return hours_state_html(record.due_at)
    today = timezone.localdate()
    suffix = "（预计）" if record.due_on_estimated else ""
    if record.due_on < today:
        late = working_days_between(record.due_on, today, record.jurisdiction_id)
        if late == 0:  # due on Friday, today is the weekend: late, but no working day has passed yet
            return format_html('<strong class="tone-alert">已逾期{}</strong>', suffix)
        return format_html('<strong class="tone-alert">逾期{}个工作日{}</strong>', late, suffix)
    days = working_days_between(today, record.due_on, record.jurisdiction_id)
    tone = "tone-warning" if days <= 3 else "tone-ok"
    if days == 0:
        return format_html('<strong class="{}">今日到期{}</strong>', tone, suffix)
    return format_html('<span class="{}">剩{}个工作日{}</span>', tone, days, suffix)


def hours_state_html(due_at):
    """剩N小时 / 逾期N小时 for an hour clock (紧急、实时信息), on calendar time."""
    left = due_at - timezone.now()
    hours = int(abs(left.total_seconds()) // 3600)
    if left.total_seconds() < 0:
        return format_html('<strong class="tone-alert">逾期{}小时</strong>', max(hours, 1) if hours else "不足1")
    tone = "tone-warning" if hours < 6 else "tone-ok"
    return format_html('<span class="{}">剩{}小时</span>', tone, hours if hours else "不足1")


class DomainFilter(admin.SimpleListFilter):
    title = "领域"
    parameter_name = "domain"

    def lookups(self, request, model_admin):
        return [(d.code, d.label) for d in all_domains()]

    def queryset(self, request, queryset):
        return queryset.filter(domain=self.value()) if self.value() else queryset


class CategoryFilter(admin.SimpleListFilter):
    title = "主题分类"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        domain = request.GET.get("domain")
        return [
            (code, label)
            for d in all_domains()
            if not domain or d.code == domain
            for code, label in d.category_choices
        ]

    def queryset(self, request, queryset):
        return queryset.filter(category=self.value()) if self.value() else queryset


class DepartmentFilter(admin.SimpleListFilter):
    title = "责任单位"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(d.pk, d.name) for d in departments_for_user(request.user)] or [
            (d.pk, d.name) for d in creatable_departments(request.user)
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in {str(pk) for pk, _ in self.lookup_choices}:
            # Not one of the offered departments (abc, a number past bigint…): Django's ?e=1 redirect.
            raise IncorrectLookupParameters(f"责任单位“{self.value()}”不在可选范围内。")
        return queryset.filter(department_id=self.value())


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    # `upload`: the file input on a new row (AttachmentForm); on a saved row, which is read-only, the
    # method below: the file's own name, opening it (never the storage path).
    fields = ["upload", "size", "scan", "superseded"]
    readonly_fields = ["size", "scan", "superseded"]

    @admin.display(description="文件")
    def upload(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("disclosures:staff-attachment", args=[obj.pk]), obj.original_name)

    @admin.display(description="个人信息检查")
    def scan(self, obj):
        """What the check found when the file was uploaded (stored: the page never reads the file again)."""
        if obj is None or not obj.scan_status:
            return "—"
        if obj.scan_note:
            return format_html("{}：{}", obj.get_scan_status_display(), obj.scan_note)
        return obj.get_scan_status_display()

    def _editable(self, request, obj):
        return obj is None or policies.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member


class RecordImportForm(forms.Form):
    """Excel 批量导入: the department the records belong to, the category of the template, the file."""

    department = forms.ModelChoiceField(label="责任单位", queryset=None)
    category = forms.ChoiceField(label="主题分类")
    file = forms.FileField(
        label="Excel 文件", required=False, help_text=f"按所选分类的模板填写的 .xlsx 文件，最多 {imports.MAX_ROWS} 行。"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = creatable_departments(user).order_by("jurisdiction", "name")
        self.fields["category"].choices = [("", "---------")] + [
            (domain.label, [(f"{domain.code}:{code}", label) for code, label in domain.category_choices])
            for domain in all_domains()
        ]

    def clean_category(self) -> tuple[str, str]:
        domain, _, category = self.cleaned_data["category"].partition(":")
        return domain, category

    @staticmethod
    def check_department(user, data) -> None:
        """A department outside the user's scope is refused outright (the page never offers one)."""
        value = data.get("department")
        if value and not (value.isdigit() and creatable_departments(user).filter(pk=value).exists()):
            raise PermissionDenied


@admin.register(Disclosure)
class DisclosureAdmin(PortalModelAdmin):
    form = DisclosureForm
    inlines = [AttachmentInline]
    change_form_template = "admin/disclosures/disclosure/change_form.html"
    # Readable at 1280 px: the title takes the room (with its 索引号 under it), the other columns are
    # compact dates and short labels that do not wrap. 信息形成日期 is the list's date hierarchy.
    list_display = [
        "title_column",
        "category_column",
        "department",
        "status_column",
        "days_left_column",
        "due_on_column",
        "published_on_column",
    ]
    list_filter = ["status", DomainFilter, CategoryFilter, DepartmentFilter]
    search_fields = ["title", "index_no", "doc_no"]
    actions = ["archive_selected"]  # no delete action: has_delete_permission is False (core.preservation)
    list_select_related = ["department", "jurisdiction"]
    list_per_page = 50
    date_hierarchy = "formed_on"
    readonly_fields = [
        "index_no",
        "status",
        "domain_label_ro",
        "due_on",
        "published_at",
        "rejection_comment",
        "withdrawal_reason",
        "details_table",
    ]

    class Media:
        js = ["js/admin_details.js"]

    view_on_site = False  # the change page links the public page, or the 未发布预览 (change_form.html)

    # --- columns ----------------------------------------------------------------------
    @admin.display(description="标题", ordering="title")
    def title_column(self, obj):
        if not obj.index_no:
            return format_html('<span class="cell-title">{}</span>', obj.title)
        return format_html(
            '<span class="cell-title">{}</span><br><small class="tone-muted">索引号 {}</small>', obj.title, obj.index_no
        )

    @admin.display(description="主题分类", ordering="category")
    def category_column(self, obj):
        return format_html('<span class="nowrap" title="{}">{}</span>', obj.domain_label, obj.category_label)

    @admin.display(description="应公开日期", ordering="due_on")
    def due_on_column(self, obj):
        return compact_date(obj.due_on)

    @admin.display(description="发布日期", ordering="published_at")
    def published_on_column(self, obj):
        return compact_date(timezone.localdate(obj.published_at) if obj.published_at else None)

    @admin.display(description="状态", ordering="status")
    def status_column(self, obj):
        colours = {
            Status.DRAFT: "tone-muted",
            Status.SUBMITTED: "tone-warning",
            Status.REVIEWED: "tone-warning",
            Status.APPROVED: "tone-info",
            Status.PUBLISHED: "tone-ok",
            Status.WITHDRAWN: "tone-alert",
            Status.MERGED: "tone-muted",
        }
        return format_html(
            '<strong class="nowrap {}">{}</strong>', colours.get(obj.status, "tone-muted"), obj.get_status_display()
        )

    @admin.display(description="剩余工作日", ordering="due_on")
    def days_left_column(self, obj):
        if obj.due_on is None or not obj.is_unpublished:
            return "—"
        return deadline_state_html(obj)

    @admin.display(description="主题分类")
    def domain_label_ro(self, obj):
        return f"{obj.domain_label} / {obj.category_label}"

    # --- scoping and permissions ----------------------------------------------------------
    def get_queryset(self, request):
        return disclosures_for_user(request.user)

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return user_scope(request.user).is_staff_member
        return policies.can_view(request.user, obj)

    def has_add_permission(self, request):
        return creatable_departments(request.user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return user_scope(request.user).is_staff_member
        return policies.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # records are withdrawn, never deleted

    def has_archive_permission(self, request) -> bool:
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids)

    @admin.action(description="归档所选记录（生成移交档案馆的归档包）", permissions=["archive"])
    def archive_selected(self, request, queryset):
        """The office writes a package of the selected published or withdrawn records into PORTAL_ARCHIVE_DIR
        (disclosures/archiving.py); the package path is shown, the verify and destroy commands take it."""
        scope = user_scope(request.user)
        records = list(queryset.select_related("department", "jurisdiction", "catalogue_entry").order_by("published_at", "pk"))
        if any(not scope.oversees(record.department_id) for record in records):
            raise PermissionDenied
        try:
            package = archiving.write_package(records, settings.PORTAL_ARCHIVE_DIR, actor=request.user)
        except archiving.ArchiveError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"已归档 {len(records)} 条记录：{package}（可用 manage.py verify_archive 校验）。")

    def get_form(self, request, obj=None, change=False, **kwargs):
        # `lock_version` is the form's own hidden field, rendered from the fieldset; it is not an
        # editable model field, so it must not be passed to modelform_factory.
        fields = kwargs.get("fields")
        if fields is None:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [
            name for name in fields
            if name != "lock_version" and not name.startswith((DisclosureForm.DETAILS_PREFIX, DisclosureForm.SUBJECT_PREFIX))
        ]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": self.get_fields(request, obj)})]
        if obj is not None and not policies.can_edit(request.user, obj):
            return fieldsets + [("结构化信息", {"fields": ["details_table"]})]
        if obj is None:
            for domain in DisclosureForm.subject_domains():
                fieldsets.append((
                    f"所属{domain.subject.noun}（{domain.short_label}）",
                    {
                        "fields": [DisclosureForm.subject_field_name(domain.code)],
                        "classes": ["subject-fieldset", f"subject-{domain.code}"],
                    },
                ))
        for category, label, form_class in DisclosureForm.details_forms():
            fieldsets.append(
                (
                    f"结构化信息：{label}",
                    {
                        "fields": [DisclosureForm.details_field_name(category, name) for name in form_class.base_fields],
                        "classes": ["details-fieldset", f"details-{category}"],
                    },
                )
            )
        return fieldsets

    @admin.display(description="结构化信息")
    def details_table(self, obj):
        rows = details_rows(obj)
        if not rows:
            return "—"
        return format_html_join("", "<div><strong>{}</strong>：{}</div>", rows)

    def get_fields(self, request, obj=None):
        fields = [name for name in DisclosureForm.Meta.fields if name != "change_note" or (obj and obj.corrects_id)]
        if obj is None:
            return fields
        if policies.can_edit(request.user, obj):
            return fields + ["lock_version"] + list(self.readonly_fields)
        # Read-only (reviewer, signer, office): 正文 as it will read on the public page, not its HTML
        # source; 结构化信息 has its own fieldset (get_fieldsets).
        fields = ["body_html" if name == "body" else name for name in fields]
        return fields + [name for name in self.readonly_fields if name != "details_table"]

    @admin.display(description="正文")
    def body_html(self, obj):
        """The body through the publication's own sanitiser (nh3, core.sanitize), rendered as HTML."""
        return mark_safe(f'<div class="body-preview">{sanitize_html(obj.body)}</div>')  # noqa: S308 - sanitised

    # --- saving through services -----------------------------------------------------------
    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """A record saved with personal data in it is not a success: Django's green "已修改" becomes an error
        that says what stops it (《政府信息公开条例》第十五条; seed 001 §五), the findings in the panel below."""
        blocking = getattr(request, "_pii_blocking", 0)
        if blocking and level == messages.SUCCESS:
            message = format_html(
                "{}<br>但发现 {} 处疑似个人信息或无法完整读取的附件，处理前不能提交审核或发布：见下方“个人信息检查”。",
                message, blocking,
            )
            level = messages.ERROR
        return super().message_user(request, message, level, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # attachments first: they are scanned too
        record = form.instance
        covered = set(record.pii_override_keys or ())
        request._pii_blocking = sum(1 for finding in pii.scan_disclosure(record) if finding.key not in covered)

    def save_model(self, request, obj, form, change):
        data = form.service_fields()
        if change:
            services.disclosure_update(
                disclosure=obj, actor=request.user, expected_version=form.cleaned_data.get("lock_version"), **data
            )
        else:
            department = data.pop("department")
            subject = form.chosen_subject()
            if subject is not None:  # through the domain's own service, as the subject's page and the API do
                spec = get_domain(data["domain"]).subject
                created = spec.create_record(actor=request.user, subject=subject, department=department, **data)
            else:
                created = services.disclosure_create(actor=request.user, department=department, **data)
            services._sync(obj, created)
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        # The admin's change message reads these, as if formset.save() had run.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not inline_form.cleaned_data.get("DELETE"):
                continue
            instance = inline_form.instance
            if inline_form.cleaned_data.get("DELETE") and instance.pk:
                services.attachment_remove(attachment=instance, actor=request.user)
                formset.deleted_objects.append(instance)
            elif not instance.pk and inline_form.cleaned_data.get("upload"):
                formset.new_objects.append(
                    services.attachment_add(
                        disclosure=form.instance, actor=request.user, uploaded_file=inline_form.cleaned_data["upload"]
                    )
                )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        entries = CatalogueEntry.objects.values_list("pk", "domain", "category")
        extra_context["entry_categories"] = {str(pk): category for pk, _domain, category in entries}
        extra_context["entry_domains"] = {str(pk): domain for pk, domain, _category in entries}
        if object_id:
            record = self.get_object(request, object_id)
            if record is not None:
                extra_context.update(self.workflow_context(request, record))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- workflow buttons --------------------------------------------------------------------
    def workflow_context(self, request, record):
        available = WORKFLOW.available(record, request.user)
        buttons = [
            {"action": action.name, "label": action.label, "css_class": BUTTON_CLASSES[action.style]}
            for action in available
        ]
        return {
            "deadline": self.deadline_context(record),
            "workflow_buttons": buttons,
            # The steps that need no text, also offered above the form (the page is long).
            "workflow_quick_buttons": [
                button for button, action in zip(buttons, available, strict=True) if not action.requires_text
            ],
            # The reason box, only when an action on offer takes a text: what each text is and who reads it.
            "workflow_texts": [workflow_text_help(action) for action in available if action.text],
            "workflow_url": reverse("admin:disclosures_disclosure_workflow", args=[record.pk]),
            "audit_entries": record.audit_entries.select_related("actor").order_by("at", "pk"),
            "record": record,
            "public_url": record.get_absolute_url() if record.status in {Status.PUBLISHED, Status.WITHDRAWN} else "",
            "preview_url": (
                reverse("admin:disclosures_disclosure_preview", args=[record.pk]) if record.is_unpublished else ""
            ),
            "pii": self.pii_context(request, record),
        }

    def pii_context(self, request, record) -> dict | None:
        """The 个人信息检查 panel of an unpublished record: findings, 一键脱敏 (clerk), 放行 (office)."""
        if not record.is_unpublished:
            return None
        findings = pii.scan_disclosure(record)
        if not findings and not record.pii_override_at:
            return None
        covered = set(record.pii_override_keys or ())
        rows = [{"finding": finding, "covered": finding.key in covered} for finding in findings]
        return {
            "rows": rows,
            "blocking": sum(1 for row in rows if not row["covered"]),
            "can_mask": record.status == Status.DRAFT
            and policies.can_edit(request.user, record)
            and any(finding.maskable for finding in findings),
            "has_attachment_findings": any(not finding.maskable for finding in findings),
            "has_unreadable": any(finding.kind == pii.UNREADABLE for finding in findings),
            "can_override": bool(findings) and policies.may_override_pii(request.user, record),
            "override_by": record.pii_override_by if record.pii_override_at else None,
            "url": reverse("admin:disclosures_disclosure_pii", args=[record.pk]),
        }

    def deadline_context(self, record) -> dict | None:
        """The 公开时限 panel: the stored due date, the rule applied and how the date was computed.

        A corrected record is described by its last applied correction (the 变更 restarted the clock).
        """
        subject = record.timeliness_record
        if not deadlines.has_deadline(subject.disclosure_mode):
            return {"subject": subject, "none": True, "lines": deadlines.explain(subject)}
        if subject.due_on is None:
            return None
        context = {
            "subject": subject,
            "correction": subject if subject.pk != record.pk else None,
            "first_timeliness": record.timeliness_label if subject.pk != record.pk else "",
            "lines": deadlines.explain(subject),
            "state": deadline_state_html(subject) if subject.is_unpublished else "",
        }
        if not subject.is_unpublished:
            # Published records keep the date they were held to; rules or the calendar may have changed since.
            now = deadlines.due_for(subject)
            if now is not None and now.due_on != subject.due_on:
                context["recomputed_on"] = now.due_on
        return context

    def get_urls(self):
        return [
            path(
                "<int:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name="disclosures_disclosure_workflow",
            ),
            path(
                "<int:object_id>/pii/", self.admin_site.admin_view(self.pii_view), name="disclosures_disclosure_pii"
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="disclosures_disclosure_preview",
            ),
            path("import/", self.admin_site.admin_view(self.import_view), name="disclosures_disclosure_import"),
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="disclosures_disclosure_import_template",
            ),
        ] + super().get_urls()

    def preview_view(self, request, object_id):
        """未发布预览 of a record in the user's scope (views.staff_preview); 404 outside it."""
        record = get_object_or_404(self.get_queryset(request).select_related("department"), pk=object_id)
        return views.staff_preview(request, record)

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        record = get_object_or_404(self.get_queryset(request), pk=object_id)
        change_url = reverse("admin:disclosures_disclosure_change", args=[record.pk])
        form = WorkflowActionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "操作无效，请重试。", messages.ERROR)
            return HttpResponseRedirect(change_url)
        action = form.cleaned_data["action"]
        comment = form.cleaned_data["comment"]
        try:
            if action == "correct":
                correction = services.disclosure_start_correction(
                    disclosure=record, actor=request.user, change_note=comment
                )
                self.message_user(request, "已创建更正草稿，修改后提交审核；发布后将作为原记录的新版本公开。")
                return HttpResponseRedirect(reverse("admin:disclosures_disclosure_change", args=[correction.pk]))
            services.disclosure_apply_action(
                disclosure=record,
                actor=request.user,
                action=action,
                comment=comment,
                expected_version=form.cleaned_data.get("lock_version"),
            )
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(change_url)
        record.refresh_from_db()
        done = f"已{WORKFLOW.action(action).label}：{record.title}（当前状态：{record.get_status_display()}）"
        if record.index_no and record.status == Status.PUBLISHED:
            done += f"，索引号 {record.index_no}"
        if record.status == Status.MERGED and record.corrects_id:
            # The correction is now the original's new version, not a record thrown away.
            original = record.corrects
            done = (
                f"已{WORKFLOW.action(action).label}：更正已发布，原记录“{original.title}”已更新为第{original.version}版"
                f"（索引号 {original.index_no}），本更正记录已并入原记录。"
            )
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def pii_view(self, request, object_id):
        """一键脱敏 (op=mask, the clerk of a draft) or 放行 (op=override with a reason, the office)."""
        if request.method != "POST":
            raise PermissionDenied
        record = get_object_or_404(self.get_queryset(request), pk=object_id)
        change_url = reverse("admin:disclosures_disclosure_change", args=[record.pk])
        operation = request.POST.get("op")
        try:
            if operation == "mask":
                version = request.POST.get("lock_version", "")
                services.disclosure_pii_mask(
                    disclosure=record, actor=request.user, expected_version=int(version) if version.isdigit() else None
                )
                done = "已一键脱敏：标题、正文、结构化信息中的个人信息已替换为脱敏形式。"
                left = pii.uncovered(pii.scan_disclosure(record), record.pii_override_keys)
                if left:
                    done += f"附件中仍有{len(left)}处个人信息，不能自动脱敏：请替换附件，或由政务公开办填写理由放行。"
                self.message_user(request, done, messages.WARNING if left else messages.SUCCESS)
            elif operation == "override":
                services.disclosure_pii_override(disclosure=record, actor=request.user, reason=request.POST.get("reason", ""))
                self.message_user(request, "已放行记录中现有的个人信息；之后新增的个人信息仍会拦截。", messages.SUCCESS)
            else:
                self.message_user(request, "操作无效，请重试。", messages.ERROR)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
        except WorkflowError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(change_url)

    # --- Excel 批量导入 ------------------------------------------------------------------------
    import_page_template = "admin/disclosures/disclosure/import.html"

    def import_view(self, request):
        """Choose department and category, upload, see every row's errors; 确认导入 when all rows are valid."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and request.POST.get("token"):
            return self.import_commit_view(request)
        data = request.POST if request.method == "POST" else None
        RecordImportForm.check_department(request.user, data or {})
        departments = creatable_departments(request.user)
        initial = {"department": departments.first().pk} if departments.count() == 1 else {}
        form = RecordImportForm(data, request.FILES or None, user=request.user, initial=initial)
        preview = token = None
        if data is not None and form.is_valid():
            upload = form.cleaned_data["file"]
            department = form.cleaned_data["department"]
            domain, category = form.cleaned_data["category"]
            if upload is None:
                form.add_error("file", "请选择要上传的 Excel 文件。")
            else:
                try:
                    preview = imports.import_preview(
                        actor=request.user, department=department, domain=domain, category=category, file=upload
                    )
                except ValidationError as exc:
                    self._import_errors_to_form(form, exc)
                except WorkflowError as exc:
                    form.add_error("department", exc.message)
                else:
                    if preview.is_valid:
                        token = imports.import_file_stash(
                            actor=request.user, file=upload, department=department, domain=domain, category=category
                        )
        return self.render_import(request, form, preview, token)

    def import_commit_view(self, request):
        import_url = reverse("admin:disclosures_disclosure_import")
        try:
            stash = imports.import_file_open(actor=request.user, token=request.POST["token"])
        except ValidationError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(import_url)
        department = creatable_departments(request.user).filter(pk=stash.department_id).first()
        if department is None:
            raise PermissionDenied
        try:
            records = imports.import_commit(
                actor=request.user, department=department, domain=stash.domain, category=stash.category, file=stash.read()
            )
        except imports.ImportRejected as exc:
            # Something changed since the preview (a subject removed, a catalogue entry deactivated…).
            self.message_user(request, f"{exc.message}请修改文件后重新上传。", messages.ERROR)
            form = RecordImportForm(
                user=request.user,
                initial={"department": department.pk, "category": f"{stash.domain}:{stash.category}"},
            )
            return self.render_import(request, form, exc.preview, None)
        except (ValidationError, WorkflowError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(import_url)
        finally:
            imports.import_file_discard(stash)
        self.message_user(request, f"已导入 {len(records)} 条记录（草稿）", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:disclosures_disclosure_changelist"))

    def import_template_view(self, request):
        """The .xlsx template of the chosen category, listing the subjects the chosen department may use."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        RecordImportForm.check_department(request.user, data)
        form = RecordImportForm(data, user=request.user)
        if not form.is_valid():
            return self.render_import(request, form, None, None)
        domain, category = form.cleaned_data["category"]
        department = form.cleaned_data["department"]
        content = imports.import_template(domain, category, department=department)
        label = imports.Layout.of(domain, category).label.replace(" / ", "-")
        return HttpResponse(
            content,
            content_type=imports.spreadsheets.XLSX_CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, f"信息记录导入模板-{label}.xlsx")},
        )

    @staticmethod
    def _import_errors_to_form(form, exc: ValidationError) -> None:
        if not hasattr(exc, "message_dict"):
            form.add_error("file", exc.messages)
            return
        for key, messages_ in exc.message_dict.items():
            form.add_error(key if key in form.fields else "file", messages_)

    def render_import(self, request, form, preview, token):
        context = {
            **self.admin_site.each_context(request),
            "title": "Excel 批量导入信息记录",
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
            "token": token,
            "max_rows": imports.MAX_ROWS,
            "template_url": reverse("admin:disclosures_disclosure_import_template"),
            "changelist_url": reverse("admin:disclosures_disclosure_changelist"),
        }
        return TemplateResponse(request, self.import_page_template, context)


@admin.register(AuditEntry)
class AuditEntryAdmin(StaffMayViewAdminMixin, PortalModelAdmin):
    """操作留痕 is append-only: everyone (superusers too) may only read it; no add, change, delete or action."""

    actions = None
    list_display = ["at", "action", "actor_name", "subject_name", "from_status", "to_status", "comment"]
    list_filter = ["action"]
    search_fields = ["disclosure__title", "disclosure__index_no", "actor_name"]
    # The subject (content type + id) is shown as one link to its own admin page, as the record's
    # foreign key was before the audit log became the platform's (core.models.AuditEntry).
    fields = ["subject_link", "action", "actor", "actor_name", "at", "from_status", "to_status", "comment", "data"]
    readonly_fields = ["subject_link"]

    def get_queryset(self, request):
        scope = user_scope(request.user)
        queryset = super().get_queryset(request).prefetch_related("subject")
        if scope.is_superuser:
            return queryset
        visible = Q(disclosure__department_id__in=scope.visible_department_ids)
        if scope.office_department_ids:
            visible |= Q(object_id__isnull=True) & self._office_level_rows(request.user, scope)
        return queryset.filter(visible)

    @admin.display(description="对象")
    def subject_name(self, entry):
        return entry.subject

    @admin.display(description="对象")
    def subject_link(self, entry):
        subject = entry.subject
        if subject is None:
            return "—"
        opts = subject._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[subject.pk])
        except NoReverseMatch:
            return str(subject)
        return format_html('<a href="{}">{}</a>', url, subject)

    @staticmethod
    def _office_level_rows(user, scope) -> Q:
        """Rows without a record an office may read: the shared catalogue, and changes to the subjects,
        blacklist entries and imports of its own jurisdictions — never another county's. What a domain
        audits without a record, and what of it the user sees, the domain declares to the registry."""
        rows = Q(action__startswith="catalogue.") | Q(
            action="disclosure.import", data__department__in=list(scope.visible_department_ids)
        )
        for domain in all_domains():
            for prefix, key, visible in domain.audit_scope_querysets(user):
                rows |= Q(action__startswith=prefix, **{f"data__{key}__in": list(visible.values_list("pk", flat=True))})
        return rows

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(PortalModelAdmin):
    list_display = ["name", "last_run_at", "last_result"]

    def has_module_permission(self, request):
        return user_scope(request.user).is_superuser or bool(user_scope(request.user).office_department_ids)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# 处罚决定撤回 (《行政处罚法》第四十八条); 检索同义词 (issue 23, part 6)
from . import retraction_admin, search_admin  # noqa: E402,F401
