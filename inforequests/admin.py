"""The office's and the departments' desk for information requests: the intake form (paper, post, fax,
oral), the queue with days left and pause state, and a 办理 panel with one form per step the workflow
table offers the user now (forms.STEP_FORMS). Every change goes through `services`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import uploads
from core.admin_base import PortalModelAdmin, adopt_saved, compact_date
from core.exceptions import WorkflowError
from disclosures.admin import error_text
from organizations.choices import Role
from organizations.selectors import user_scope
from workdays.services import working_days_between

from . import board, clock, rules, services, statistics
from .choices import OPEN_STATUSES, RECEIPT_RULE, Status
from .forms import STEP_FORMS, IntakeForm, PeriodForm
from .models import DisclosureGuide, InfoRequest
from .selectors import (
    guide_jurisdictions,
    guides_for_user,
    intake_departments,
    may_edit_guide,
    requests_for_user,
)
from .workflow import REQUEST_WORKFLOW as WORKFLOW

SHOWN = (
    ("申请", ["number", "status", "addressed_to", "department", "channel", "submitted_at", "received_on"]),
    ("申请人", ["applicant_type", "applicant_name", "contact_person", "id_type", "id_number_masked", "phone", "email",
             "address", "postcode"]),
    ("所需信息", ["description", "info_form", "delivery"]),
    ("期限", ["correction_notice_due", "due_on", "extended", "extension_days"]),
    ("补正", ["correction_requested_on", "correction_content", "correction_deadline", "correction_received_on"]),
    ("收费", ["fee_mode", "fee_amount", "fee_notice_on", "fee_deadline", "fee_paid_on"]),
    ("答复", ["reply_type", "reply_subtype", "reply_text", "reply_basis", "reply_comment", "replied_on", "replied_by",
            "delivered_on", "delivery_note", "closed_on", "close_reason"]),
)  # fmt: skip


ALWAYS_OPEN = {"申请", "申请人", "所需信息", "期限"}


def _has_any(obj, fields) -> bool:
    return any(getattr(obj, field, None) not in (None, "", False) for field in fields)


@admin.register(InfoRequest)
class InfoRequestAdmin(PortalModelAdmin):
    list_display = ["number", "applicant_name", "status", "department", "received_column", "due_column", "days_left"]
    list_filter = ["status", "channel", "department"]
    search_fields = ["number", "applicant_name", "description"]
    list_select_related = ["department"]
    list_per_page = 50
    add_form_template = "admin/inforequests/inforequest/add_form.html"
    change_list_template = "admin/inforequests/inforequest/change_list.html"

    # --- who sees what --------------------------------------------------------------------------
    def get_queryset(self, request):
        return requests_for_user(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        """Whoever may register applications for some body (read from the cached scope: the admin's
        menus ask this on every page)."""
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids or scope.departments_with(Role.CLERK, Role.OFFICE))

    def has_change_permission(self, request, obj=None):
        return False  # every change is a step of the 办理 panel

    def has_delete_permission(self, request, obj=None):
        return False  # 全程留痕

    # --- the list ----------------------------------------------------------------------------------
    @admin.display(description="收到日期", ordering="received_on")
    def received_column(self, obj):
        return compact_date(obj.received_on)

    @admin.display(description="答复期限", ordering="due_on")
    def due_column(self, obj):
        if obj.status == Status.CORRECTING:
            return format_html('<span class="tone-info">待补正（{}前）</span>', obj.correction_deadline)
        if obj.status == Status.UNCONFIRMED:
            return mark_safe('<span class="tone-muted">待确认</span>')
        if obj.is_open and obj.due_on is None:
            return mark_safe('<span class="tone-info">暂停计时</span>')
        return compact_date(obj.due_on)

    @admin.display(description="剩余")
    def days_left(self, obj):
        if obj.status not in OPEN_STATUSES or obj.due_on is None:
            return "—"
        today = timezone.localdate()
        if obj.due_on < today:
            late = working_days_between(obj.due_on, today, obj.jurisdiction_id)
            return format_html('<span class="tone-alert">逾期 {} 个工作日</span>', late)
        left = working_days_between(today, obj.due_on, obj.jurisdiction_id)
        tone = "tone-warning" if left <= 3 else "tone-ok"
        return format_html('<span class="{}">{} 个工作日</span>', tone, left)

    # --- the record page (read-only) and its 办理 panel ------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        # A part the request has not reached yet (no 补正, no fee, no answer) is folded away.
        return [
            (title, {"fields": fields, "classes": [] if title in ALWAYS_OPEN or _has_any(obj, fields) else ["collapse"]})
            for title, fields in SHOWN
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [field for _title, fields in SHOWN for field in fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        departments = intake_departments(request.user)

        class Intake(IntakeForm):
            def __init__(self, *args, **inner):
                inner.pop("instance", None)
                super().__init__(*args, departments=departments, **inner)

        return Intake

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        created, code = services.request_create(
            addressed_to=data["addressed_to"], channel=data["channel"], actor=request.user,
            received_on=data.get("received_on"), **form.applicant(),
        )
        adopt_saved(obj, created)
        self.message_user(
            request,
            format_html(
                "已登记申请 {}。查询码 <strong id=\"query-code\">{}</strong> 只显示这一次，请告知申请人，凭申请编号和查询码在"
                "网上查看办理进度。", created.number, code,
            ),
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        """Nothing: the service saved the request."""

    def log_addition(self, request, obj, message):
        """The audit log (inforequest.create) records it."""

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:inforequests_inforequest_change", args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            obj = self.get_object(request, object_id)
            if obj is None:
                raise Http404
            if "steps" not in extra_context:
                extra_context.update(self.desk_context(request, obj))
        else:
            extra_context["receipt_rules"] = [RECEIPT_RULE[channel] for channel in RECEIPT_RULE]
        return super().changeform_view(request, object_id, form_url, extra_context)

    def desk_context(self, request, obj, forms=None) -> dict:
        steps = []
        for action in WORKFLOW.available(obj, request.user):
            form_class = STEP_FORMS.get(action.name)
            if form_class is None:
                continue
            form = (forms or {}).get(action.name) or form_class(case=obj, prefix=action.name)
            steps.append({
                "action": action, "form": form, "note": action.note,
                "url": reverse("admin:inforequests_inforequest_step", args=[obj.pk, action.name]),
                "open": bool(forms and action.name in forms),
            })  # fmt: skip
        return {
            "case": obj,
            "steps": steps,
            "clock_lines": clock.explain(obj),
            "consultations": obj.consultations.all(),
            "documents": obj.documents.all(),
            "audit_entries": obj.audit_entries.select_related("actor").order_by("at", "pk"),
            "remedies": rules.REMEDIES,
            # 第三十条: the 补正 notice is due within 7 working days of receipt; past that day it is late.
            "correction_late": (
                obj.status in (Status.RECEIVED, Status.HANDLING) and obj.correction_requested_on is None
                and obj.correction_notice_due is not None and obj.correction_notice_due < timezone.localdate()
            ),
            "letter": (
                rules.reply_letter(obj, obj.addressed_to.name) if obj.status in (Status.REVIEWING, Status.ANSWERED) else []
            ),
        }

    def get_urls(self):
        return [
            path(
                "<int:object_id>/step/<str:action>/",
                self.admin_site.admin_view(self.step_view),
                name="inforequests_inforequest_step",
            ),
            path(
                "<int:object_id>/document/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="inforequests_inforequest_document",
            ),
            path("board/", self.admin_site.admin_view(self.board_view), name="inforequests_inforequest_board"),
            path(
                "statistics/", self.admin_site.admin_view(self.statistics_view),
                name="inforequests_inforequest_statistics",
            ),
        ] + super().get_urls()

    def document_view(self, request, object_id, document_id):
        """A file of a request in the user's scope, decrypted for them (404 outside it); never cached."""
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        document = get_object_or_404(obj.documents, pk=document_id)
        response = HttpResponse(services.document_bytes(document), content_type=document.content_type)
        response["Content-Disposition"] = uploads.content_disposition(document.original_name)
        response["Cache-Control"] = "no-store"
        return response

    def board_view(self, request):
        """看板: what needs action now in the user's scope, and the 第四十四条 list."""
        scope = self.get_queryset(request)
        context = {
            **self.admin_site.each_context(request),
            "title": "依申请公开看板",
            "opts": self.model._meta,
            "sections": board.board(scope),
            "several": board.disclosed_to_several(scope),
        }
        return TemplateResponse(request, "admin/inforequests/inforequest/board.html", context)

    def statistics_view(self, request):
        """年度报告表三 for any period (default: this year so far), over the user's scope."""
        today = timezone.localdate()
        form = PeriodForm(request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today})
        start, end = today.replace(month=1, day=1), today
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context = {
            **self.admin_site.each_context(request),
            "title": "政府信息公开申请情况（年度报告表三）",
            "opts": self.model._meta,
            "form": form,
            "start": start,
            "end": end,
            "columns": statistics.COLUMNS,
            "rows": statistics.table_three(self.get_queryset(request), start, end),
        }
        return TemplateResponse(request, "admin/inforequests/inforequest/statistics.html", context)

    def step_view(self, request, object_id, action):
        if request.method != "POST":
            raise PermissionDenied
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        form_class = STEP_FORMS.get(action)
        if form_class is None or action not in WORKFLOW:
            raise Http404
        change_url = reverse("admin:inforequests_inforequest_change", args=[obj.pk])
        form = form_class(request.POST, request.FILES, case=obj, prefix=action)
        if form.is_valid():
            try:
                form.perform(request.user)
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            except WorkflowError as exc:
                self.message_user(request, error_text(exc), messages.ERROR)
                return HttpResponseRedirect(change_url)
            else:
                obj.refresh_from_db()
                self.message_user(
                    request, f"已{WORKFLOW.action(action).label}：{obj.number}（当前状态：{obj.get_status_display()}）",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        # The page again, with this step's form open and its errors next to its fields; nothing was saved.
        self.message_user(request, f"“{WORKFLOW.action(action).label}”未办理：请修正下面标出的内容。", messages.ERROR)
        context = self.desk_context(request, obj, forms={action: form})
        request.method = "GET"  # shown, not saved: the admin's own POST handling is not this step's
        return self.changeform_view(request, str(obj.pk), extra_context=context)


# ---------------------------------------------------------------------------------------------
# 政府信息公开指南 (条例第十二条): the office writes its jurisdiction's; the page generates the rest
# ---------------------------------------------------------------------------------------------
GUIDE_GENERATED = (
    "政府信息的分类与编排体系（本网站栏目和标准目录）、依申请公开的程序、期限和收费、监督和救济途径由系统按《政府信息公开条例》"
    "第十二条、第二十七条至第四十五条、第四十七条、第五十一条生成，无需填写；受理点在“依申请公开”页面维护。"
    "保存后公开页面立即更新，更新日期为保存当天（第十二条：应当及时更新）。"
)


class DisclosureGuideForm(forms.ModelForm):
    class Meta:
        model = DisclosureGuide
        fields = ["jurisdiction", "office_name", "address", "postcode", "hours", "phone", "fax", "email",
                  "active_channels", "reading_rooms", "preface"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})
               for name in ("active_channels", "reading_rooms", "preface")},
            **{name: forms.TextInput(attrs={"class": "vLargeTextField"}) for name in ("office_name", "address", "hours")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "jurisdiction" in self.fields:  # a new 指南: a jurisdiction of the office's without one
            self.fields["jurisdiction"].queryset = guide_jurisdictions(user).filter(disclosure_guide__isnull=True)


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(PortalModelAdmin):
    """Only the 政务公开办 sees and edits the 指南 of its jurisdiction and those below (others: no module, 403);
    saves go through `services.disclosure_guide_save` (audit row, 更新日期, the public pages refreshed)."""

    form = DisclosureGuideForm
    list_display = ["jurisdiction", "office_name", "updated_on", "public_link"]
    list_select_related = ["jurisdiction"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["jurisdiction"], "description": GUIDE_GENERATED}),
            ("政府信息公开工作机构（条例第四条、第十二条）",
             {"fields": ["office_name", "address", "postcode", "hours", "phone", "fax", "email"]}),
            ("主动公开的获取方式（条例第二十三条、第二十五条）", {"fields": ["active_channels", "reading_rooms"]}),
            ("前言（可选）", {"fields": ["preface"]}),
        ]
        if obj is not None:
            fieldsets.append(("更新", {"fields": ["updated_on", "updated_by", "public_link"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ["jurisdiction", "updated_on", "updated_by", "public_link"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedForm

    @admin.display(description="公开页面")
    def public_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("disclosure-guide", args=[obj.jurisdiction.code])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    # --- who sees what ---------------------------------------------------------------------------
    def get_queryset(self, request):
        return guides_for_user(request.user)

    def _is_office(self, request) -> bool:
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.departments_with(Role.OFFICE))

    def has_module_permission(self, request):
        return self._is_office(request)

    def has_view_permission(self, request, obj=None):
        return self._is_office(request)

    def has_add_permission(self, request):
        return self._is_office(request)

    def has_change_permission(self, request, obj=None):
        return self._is_office(request) and (obj is None or may_edit_guide(request.user, obj.jurisdiction))

    def has_delete_permission(self, request, obj=None):
        return False  # every administrative body keeps a 指南 (第十二条); it is updated, not deleted

    # --- writes ------------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        services.disclosure_guide_save(actor=request.user, guide=obj)

    def log_addition(self, request, obj, message):
        """The audit log (guide.create / guide.update) records it."""

    log_change = log_addition
