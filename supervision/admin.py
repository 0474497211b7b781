"""督办 in the back office. The office issues a notice (from the dashboard's overdue rows or by hand), sees every
notice of the departments it oversees by state with the days left, accepts, returns or escalates; the department
sees only its own notices (others are 404), its clerk drafts the answer and its 部门负责人 submits it; the
分管领导 sees the notices copied to them. Every write goes through supervision.services."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_base import PortalModelAdmin, adopt_saved, compact_date
from core.exceptions import WorkflowError
from core.uploads import content_disposition
from disclosures.choices import UNPUBLISHED_STATUSES
from disclosures.models import Disclosure
from inforequests.choices import OPEN_STATUSES as REQUEST_OPEN
from inforequests.models import InfoRequest
from organizations.admin_mixins import StaffMayViewAdminMixin
from organizations.choices import Role
from organizations.models import Department
from organizations.selectors import user_scope
from workdays.services import current_calendar

from . import selectors, services
from .assessment import INDICATORS
from .choices import CircularStatus, ItemKind, ItemOutcome, Level, Status
from .documents import COLUMNS, assessment_workbook, circular_document
from .models import Assessment, Circular, Complaint, Evidence, Notice, ProgressReport
from .views import table_rows
from .workflow import CIRCULAR_WORKFLOW, COMPLAINT_WORKFLOW
from .workflow import NOTICE_WORKFLOW as WORKFLOW

LABELS = {"text": "工作进展情况", "half": "半年", "complainant": "投诉人", "content": "投诉举报内容", "received_on": "收到日期", "about_department": "被投诉单位",
          "title": "标题", "period_end": "通报期间至", "items": "督办事项", "evidence_links": "佐证网址链接", "image": "网页截图", "required_action": "督办要求",
          "department": "被督办单位", "level": "督办等级", "comment": "退回意见", "__all__": "督办单"}


def error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "；".join(f"{LABELS.get(field, field)}：{'，'.join(msgs)}" for field, msgs in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return getattr(exc, "message", str(exc))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CaseAdmin(StaffMayViewAdminMixin, PortalModelAdmin):
    """What the supervision admins share: rows created and changed only through supervision.services (so no
    delete, no save of related objects, the audit log instead of Django's), forms built with the requesting
    user (their scope chooses the departments offered), and who may add: the 政务公开办 (`office_only`) or a
    department's 经办人 and 部门负责人."""

    office_only = True

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedForm

    def has_add_permission(self, request):
        scope = user_scope(request.user)
        roles = (Role.OFFICE,) if self.office_only else (Role.CLERK, Role.REVIEWER)
        return scope.is_superuser or bool(scope.departments_with(*roles))

    def has_change_permission(self, request, obj=None):
        return obj is None and self.has_add_permission(request)  # a case changes only through its page's steps

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        """Nothing: the service saved it."""

    def log_addition(self, request, obj, message):
        """The audit log records it (the service's row)."""

    log_change = log_addition


class OfficeRegisterAdmin(CaseAdmin):
    """A register only the 政务公开办 keeps and reads (投诉举报, 考核): its own office's rows; nobody else sees the
    module (403) or a row (404)."""

    def get_queryset(self, request):
        scope = user_scope(request.user)
        queryset = super().get_queryset(request)
        return queryset if scope.is_superuser else queryset.filter(
            office_department_id__in=scope.departments_with(Role.OFFICE)
        )

    def has_module_permission(self, request):
        return self.has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request)


class IssueForm(forms.ModelForm):
    """下发督办单: to one department, with the items picked on the dashboard (overdue records and requests of
    the departments the office oversees) and any 僵尸栏目, 死链 or other item typed in."""

    records = forms.ModelMultipleChoiceField(
        label="逾期未公开的信息", queryset=Disclosure.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="从督办看板勾选带入；只列已逾期、尚未发布的信息。",
    )
    requests = forms.ModelMultipleChoiceField(
        label="逾期未答复的依申请公开", queryset=InfoRequest.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stale_columns = forms.CharField(label="长期未更新栏目（僵尸栏目）", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="每行一个栏目。")
    dead_links = forms.CharField(label="无法访问的链接（死链）", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="每行一个网址及说明。")
    other_items = forms.CharField(label="其他事项", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="每行一个事项。")

    class Meta:
        model = Notice
        fields = ["department", "level", "required_action"]
        widgets = {"required_action": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" not in self.fields:  # a notice's own page: read only, its steps have their forms
            return
        scope = user_scope(user)
        overseen = Department.objects.all() if scope.is_superuser else Department.objects.filter(
            pk__in=scope.office_department_ids, is_office=False
        )
        self.fields["department"].queryset = overseen.select_related("jurisdiction").order_by("jurisdiction__level", "ordering")
        self.fields["level"].initial = Level.SUPERVISE
        # Overdue: flagged by the job, or past the due date already (the dashboard lists both).
        today = timezone.localdate()
        late = Q(overdue_flagged_at__isnull=False) | Q(due_on__lt=today)
        self.fields["records"].queryset = Disclosure.objects.filter(
            late, department__in=overseen, status__in=UNPUBLISHED_STATUSES
        ).select_related("department").order_by("department__ordering", "due_on")
        self.fields["records"].label_from_instance = lambda record: (
            f"{record.department.name}｜{record.title}（应公开日期 {record.due_on:%Y-%m-%d}）"
        )
        self.fields["requests"].queryset = InfoRequest.objects.filter(
            late, department__in=overseen, status__in=REQUEST_OPEN
        ).select_related("department").order_by("due_on")
        self.fields["requests"].label_from_instance = lambda request: (
            f"{request.department.name}｜{request.number}（答复期限 {request.due_on:%Y-%m-%d}）"
        )

    def clean(self):
        data = super().clean()
        department = data.get("department")
        if department is not None:
            wrong = [record.title for record in data.get("records", []) if record.department_id != department.pk]
            wrong += [request.number for request in data.get("requests", []) if request.department_id != department.pk]
            if wrong:
                raise ValidationError({"department": [f"所选事项不属于{department.name}：{'、'.join(wrong)}。"
                                                      "一张督办单只发给一个单位，请分别下发。"]})
        if not (data.get("records") or data.get("requests") or self.others()):
            raise ValidationError("请至少选择或填写一个督办事项。")
        return data

    def others(self) -> list[tuple[str, str]]:
        return ([(ItemKind.STALE_COLUMN, line) for line in _lines(self.cleaned_data.get("stale_columns", ""))]
                + [(ItemKind.DEAD_LINK, line) for line in _lines(self.cleaned_data.get("dead_links", ""))]
                + [(ItemKind.OTHER, line) for line in _lines(self.cleaned_data.get("other_items", ""))])


@admin.register(Notice)
class NoticeAdmin(CaseAdmin):
    list_display = ["number", "department", "level", "status", "due", "answered_at_display", "escalated_link"]
    list_filter = ["status", "level", "year"]
    search_fields = ["number", "department__name"]
    change_form_template = "admin/supervision/notice/change_form.html"
    form = IssueForm

    # --- who sees what ---------------------------------------------------------------------------
    def get_queryset(self, request):
        return selectors.visible_notices(request.user).select_related("department", "escalated_to")

    # --- the list ----------------------------------------------------------------------------------
    @admin.display(description="答复期限", ordering="due_on")
    def due(self, obj):
        if obj.due_on is None:
            return "—"
        today = timezone.localdate()
        if obj.due_on < today:
            late = current_calendar().working_days_between(obj.due_on, today)
            return format_html('<span class="tone-alert">{}（逾期{}个工作日）</span>', obj.due_on.isoformat(), late)
        left = current_calendar().working_days_between(today, obj.due_on)
        return format_html("{}（剩{}个工作日）", obj.due_on.isoformat(), left)

    @admin.display(description="答复时间", ordering="answered_at")
    def answered_at_display(self, obj):
        if obj.answered_at is None:
            return "—"
        text = compact_date(timezone.localdate(obj.answered_at))
        return format_html('{}<span class="tone-alert">（逾期）</span>', text) if obj.answered_late else text

    @admin.display(description="升级为")
    def escalated_link(self, obj):
        escalated = getattr(obj, "escalated_to", None)
        if escalated is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:supervision_notice_change", args=[escalated.pk]),
                           escalated.number)

    # --- issuing -----------------------------------------------------------------------------------
    def get_fields(self, request, obj=None):
        if obj is None:
            return ["department", "level", "required_action", "records", "requests", "stale_columns", "dead_links",
                    "other_items"]
        return ["department", "level", "required_action"]

    def get_changeform_initial_data(self, request):
        """From the dashboard: ?records=1&records=2 (the overdue rows ticked there; requests likewise). The
        department is theirs when they all have the same one."""
        initial = super().get_changeform_initial_data(request)
        for name in ("records", "requests"):
            initial[name] = [value for raw in request.GET.getlist(name) for value in raw.split(",") if value.isdigit()]
        departments = set(Disclosure.objects.filter(pk__in=initial["records"]).values_list("department_id", flat=True))
        departments |= set(InfoRequest.objects.filter(pk__in=initial["requests"]).values_list("department_id", flat=True))
        if len(departments) == 1 and "department" not in request.GET:
            initial["department"] = departments.pop()
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        adopt_saved(obj, services.notice_issue(
            actor=request.user, department=data["department"], level=data["level"],
            required_action=data["required_action"], records=list(data["records"]), requests=list(data["requests"]),
            others=form.others(),
        ))

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"已下发{obj.number}，答复期限 {obj.due_on:%Y-%m-%d}。", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:supervision_notice_change", args=[obj.pk]))

    # --- the notice's page ---------------------------------------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            notice = self.get_object(request, object_id)
            if notice is None:
                raise Http404("没有这张督办单。")
            scope = user_scope(request.user)
            answering = notice.status in (Status.ISSUED, Status.RETURNED) and (
                scope.is_superuser or scope.has_role(notice.department_id, Role.CLERK, Role.REVIEWER)
            )
            extra_context.update({
                "notice": notice, "items": services.items_with_state(notice), "answering": answering,
                "buttons": WORKFLOW.available(notice, request.user), "outcomes": ItemOutcome.choices,
                "evidence": notice.evidence.all(), "copied": list(notice.copied_to.all()),
                "escalated_to": getattr(notice, "escalated_to", None),
                "trail": notice.audit_entries.order_by("at", "pk"),
            })  # fmt: skip
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/do/", self.admin_site.admin_view(self.do_view), name="supervision_notice_do"),
            path("<int:object_id>/evidence/<int:evidence_id>/", self.admin_site.admin_view(self.evidence_view),
                 name="supervision_notice_evidence"),
        ] + super().get_urls()

    def _item_answers(self, notice: Notice, data) -> dict:
        answers = {}
        for item in notice.items.all():
            planned = (data.get(f"item-{item.pk}-planned") or "").strip()
            try:
                planned_on = datetime.date.fromisoformat(planned) if planned else None
            except ValueError as exc:
                raise ValidationError({"items": [f"“{item.label}”的计划完成日期“{planned}”不是有效日期。"]}) from exc
            answers[item.pk] = (data.get(f"item-{item.pk}-outcome", ""), data.get(f"item-{item.pk}-reason", ""), planned_on)
        return answers

    def do_view(self, request, object_id):
        """保存答复、上传截图, or a step of the table (提交答复、办结、退回、升级)."""
        if request.method != "POST":
            raise PermissionDenied
        notice = get_object_or_404(self.get_queryset(request), pk=object_id)
        url = reverse("admin:supervision_notice_change", args=[notice.pk])
        operation = request.POST.get("op", "")
        version = request.POST.get("lock_version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if operation == "answer":
                services.notice_answer_edit(
                    notice=notice, actor=request.user, cause=request.POST.get("cause", ""),
                    measures=request.POST.get("measures", ""), evidence_links=request.POST.get("evidence_links", ""),
                    items=self._item_answers(notice, request.POST), expected_version=expected,
                )
                self.message_user(request, "已保存答复。", messages.SUCCESS)
            elif operation == "evidence" and request.FILES.get("image"):
                services.evidence_add(notice=notice, actor=request.user, uploaded_file=request.FILES["image"])
                self.message_user(request, "已上传截图。", messages.SUCCESS)
            elif operation == "submit_answer":
                services.notice_submit_answer(notice=notice, actor=request.user, expected_version=expected)
                self.message_user(request, f"已提交答复：{notice.number}", messages.SUCCESS)
            elif operation == "accept":
                services.notice_accept(notice=notice, actor=request.user, expected_version=expected)
                self.message_user(request, f"已办结：{notice.number}", messages.SUCCESS)
            elif operation == "return":
                services.notice_return(notice=notice, actor=request.user, comment=request.POST.get("comment", ""),
                                       expected_version=expected)
                self.message_user(request, f"已退回：{notice.number}，新的答复期限 {notice.due_on:%Y-%m-%d}", messages.SUCCESS)
            elif operation == "escalate":
                escalated = services.notice_escalate(notice=notice, actor=request.user, expected_version=expected)
                self.message_user(request, f"已升级为{escalated.get_level_display()}：{escalated.number}", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:supervision_notice_change", args=[escalated.pk]))
            else:
                self.message_user(request, "操作无效，请重试。", messages.ERROR)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(url)

    def evidence_view(self, request, object_id, evidence_id):
        notice = get_object_or_404(self.get_queryset(request), pk=object_id)
        evidence = get_object_or_404(Evidence, pk=evidence_id, notice=notice)
        response = FileResponse(evidence.image.open("rb"))
        response["Content-Disposition"] = content_disposition(evidence.original_name)
        return response


class GenerateForm(forms.ModelForm):
    """生成通报: a period; the type and title may be left for the figures to decide."""

    class Meta:
        model = Circular
        fields = ["period_start", "period_end", "kind", "title"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = "留空则为“关于…重点领域信息公开工作情况的通报”。"
            self.fields["kind"].help_text = "按设置的阈值，有批评对象时默认为通报批评，只有表扬对象时为通报表扬。"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError({"period_end": ["通报期间的结束日期不能早于开始日期。"]})
        if end and end > timezone.localdate():
            raise ValidationError({"period_end": ["通报期间不能晚于今天。"]})
        return data


@admin.register(Circular)
class CircularAdmin(CaseAdmin):
    list_display = ["number", "title", "kind", "period_start", "period_end", "status"]
    list_filter = ["status", "kind", "year"]
    form = GenerateForm
    change_form_template = "admin/supervision/circular/change_form.html"

    def get_queryset(self, request):
        return selectors.visible_circulars(request.user).select_related("office_department")

    def get_fields(self, request, obj=None):
        return ["period_start", "period_end", "kind", "title"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        adopt_saved(obj, services.circular_generate(
            actor=request.user, start=data["period_start"], end=data["period_end"],
            kind=data.get("kind") if "kind" in form.changed_data else "", title=data.get("title") or "",
        ))

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"已生成{obj.number}（草稿），请核对正文后印发或公开。", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:supervision_circular_change", args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            circular = self.get_object(request, object_id)
            if circular is None:
                raise Http404("没有这份通报。")
            extra_context.update({
                "circular": circular, "columns": [label for _key, label in COLUMNS], "rows": table_rows(circular),
                "buttons": CIRCULAR_WORKFLOW.available(circular, request.user),
                "editable": circular.status == CircularStatus.DRAFT and self.has_add_permission(request),
            })  # fmt: skip
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/do/", self.admin_site.admin_view(self.do_view), name="supervision_circular_do"),
            path("<int:object_id>/circular.docx", self.admin_site.admin_view(self.docx_view),
                 name="supervision_circular_docx"),
        ] + super().get_urls()

    def do_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        circular = get_object_or_404(self.get_queryset(request), pk=object_id)
        url = reverse("admin:supervision_circular_change", args=[circular.pk])
        operation = request.POST.get("op", "")
        version = request.POST.get("lock_version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if operation == "edit":
                services.circular_edit(circular=circular, actor=request.user, title=request.POST.get("title", ""),
                                       intro=request.POST.get("intro", ""),
                                       requirements=request.POST.get("requirements", ""), expected_version=expected)
                self.message_user(request, "已保存通报正文。", messages.SUCCESS)
            elif operation == "issue":
                services.circular_issue(circular=circular, actor=request.user, expected_version=expected)
                self.message_user(request, f"已内部印发：{circular.number}", messages.SUCCESS)
            elif operation == "publish":
                services.circular_publish(circular=circular, actor=request.user, expected_version=expected)
                self.message_user(request, f"已公开发布：{circular.number}", messages.SUCCESS)
            else:
                self.message_user(request, "操作无效，请重试。", messages.ERROR)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(url)

    def docx_view(self, request, object_id):
        circular = get_object_or_404(self.get_queryset(request), pk=object_id)
        response = HttpResponse(
            circular_document(circular),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition(f"{circular.title}.docx")
        return response


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["channel", "received_on", "complainant", "contact", "about_department", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "about_department" in self.fields:
            scope = user_scope(user)
            self.fields["about_department"].queryset = Department.objects.filter(
                pk__in=scope.office_department_ids, is_office=False
            ) if not scope.is_superuser else Department.objects.all()
            self.fields["received_on"].initial = timezone.localdate()


@admin.register(Complaint)
class ComplaintAdmin(OfficeRegisterAdmin):
    """投诉举报: the office's own register (条例第五十一条); departments see none (the complainant's name stays here)."""

    list_display = ["number", "received_on", "channel", "about_department", "status", "due"]
    list_filter = ["status", "channel", "year"]
    form = ComplaintForm
    change_form_template = "admin/supervision/complaint/change_form.html"

    list_select_related = ["about_department"]

    @admin.display(description="办理期限", ordering="due_on")
    def due(self, obj):
        return NoticeAdmin.due(self, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        adopt_saved(obj, services.complaint_register(
            actor=request.user, channel=data["channel"], received_on=data["received_on"],
            complainant=data["complainant"], contact=data.get("contact", ""), content=data["content"],
            about_department=data.get("about_department"),
        ))

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"已登记{obj.number}，办理期限 {obj.due_on:%Y-%m-%d}。", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:supervision_complaint_change", args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            complaint = self.get_object(request, object_id)
            if complaint is None:
                raise Http404("没有这件投诉举报。")
            extra_context.update({
                "complaint": complaint, "buttons": COMPLAINT_WORKFLOW.available(complaint, request.user),
                "notices": Notice.objects.filter(items__complaint=complaint).distinct(),
                "trail": complaint.audit_entries.order_by("at", "pk"),
            })  # fmt: skip
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/do/", self.admin_site.admin_view(self.do_view), name="supervision_complaint_do"),
        ] + super().get_urls()

    def do_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        complaint = get_object_or_404(self.get_queryset(request), pk=object_id)
        url = reverse("admin:supervision_complaint_change", args=[complaint.pk])
        version = request.POST.get("lock_version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if request.POST.get("op") == "answer":
                services.complaint_answer(complaint=complaint, actor=request.user, answer=request.POST.get("comment", ""),
                                          expected_version=expected)
                self.message_user(request, f"已答复办结：{complaint.number}", messages.SUCCESS)
            elif request.POST.get("op") == "to_notice":
                notice = services.complaint_to_notice(complaint=complaint, actor=request.user)
                self.message_user(request, f"已转督办：{notice.number}", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:supervision_notice_change", args=[notice.pk]))
            else:
                self.message_user(request, "操作无效，请重试。", messages.ERROR)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(url)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["period_start", "period_end"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)  # `user`: every form of this admin is built with it (get_form)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError({"period_end": ["考核期间的结束日期不能早于开始日期。"]})
        if end and end > timezone.localdate():
            raise ValidationError({"period_end": ["考核期间不能晚于今天。"]})
        return data


@admin.register(Assessment)
class AssessmentAdmin(OfficeRegisterAdmin):
    """考核: the office takes one for any period (the monthly job takes last month's on the 1st); frozen once taken."""

    list_display = ["__str__", "period_start", "period_end", "taken_at", "taken_by"]
    form = AssessmentForm
    change_form_template = "admin/supervision/assessment/change_form.html"

    list_select_related = ["jurisdiction"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        adopt_saved(obj, services.assessment_take_as(actor=request.user, start=data["period_start"],
                                                     end=data["period_end"]))

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:supervision_assessment_change", args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            assessment = self.get_object(request, object_id)
            if assessment is None:
                raise Http404("没有这次考核。")
            extra_context.update({
                "assessment": assessment,
                "indicators": [(label, assessment.weights[key]) for key, label in INDICATORS.items()],
                "table": [(row["rank"], row["department"], [row["points"][key] for key in INDICATORS], row["score"])
                          for row in assessment.rows],
            })
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/assessment.xlsx", self.admin_site.admin_view(self.xlsx_view),
                 name="supervision_assessment_xlsx"),
        ] + super().get_urls()

    def xlsx_view(self, request, object_id):
        assessment = get_object_or_404(self.get_queryset(request), pk=object_id)
        response = HttpResponse(
            assessment_workbook(assessment),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition(f"{assessment}.xlsx")
        return response


class ProgressForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["department", "year", "half", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields:
            scope = user_scope(user)
            mine = scope.departments_with(Role.CLERK, Role.REVIEWER)
            self.fields["department"].queryset = Department.objects.filter(pk__in=mine)
            today = timezone.localdate()
            self.fields["year"].initial, self.fields["half"].initial = today.year, 1 if today.month <= 6 else 2
            self.fields["text"].help_text = ("重大建设项目批准和实施、公共资源配置、社会公益事业建设领域信息公开的内容、渠道、"
                                             "时效检查情况（每年6月底前和12月底前报送，克政办发〔2018〕65号第六部分）。")


@admin.register(ProgressReport)
class ProgressReportAdmin(CaseAdmin):
    """半年工作进展情况: a department writes and submits its own; the office reads them and watches who is late."""

    list_display = ["__str__", "year", "half", "submitted_at"]
    list_filter = ["year", "half"]
    form = ProgressForm
    change_form_template = "admin/supervision/progressreport/change_form.html"
    change_list_template = "admin/supervision/progressreport/change_list.html"

    def get_queryset(self, request):
        scope = user_scope(request.user)
        queryset = super().get_queryset(request).select_related("department")
        return queryset if scope.is_superuser else queryset.filter(department_id__in=scope.visible_department_ids)

    office_only = False  # a department's 经办人 and 部门负责人 write it

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        scope = user_scope(request.user)
        return obj.submitted_at is None and (scope.is_superuser or scope.has_role(obj.department_id, Role.CLERK, Role.REVIEWER))

    def get_fields(self, request, obj=None):
        return ["department", "year", "half", "text"] if obj is None else ["text"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        adopt_saved(obj, services.progress_save(
            department=data.get("department") or obj.department, year=data.get("year") or obj.year,
            half=data.get("half") or obj.half, actor=request.user, text=data["text"],
        ))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            report = self.get_object(request, object_id)
            if report is None:
                raise Http404("没有这份工作进展情况。")
            scope = user_scope(request.user)
            extra_context.update({"progress": report, "can_submit": report.submitted_at is None and (
                scope.is_superuser or scope.has_role(report.department_id, Role.REVIEWER))})
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:object_id>/submit/", self.admin_site.admin_view(self.submit_view),
                 name="supervision_progressreport_submit"),
            path("board/", self.admin_site.admin_view(self.board_view), name="supervision_progressreport_board"),
        ] + super().get_urls()

    def submit_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        try:
            services.progress_submit(report=report, actor=request.user)
            self.message_user(request, f"已报送：{report}", messages.SUCCESS)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:supervision_progressreport_change", args=[report.pk]))

    def board_view(self, request):
        """The office's board: every supervised department's report of a half year, late ones in red."""
        scope = user_scope(request.user)
        offices = Department.objects.filter(pk__in=scope.departments_with(Role.OFFICE), is_office=True)
        office = offices.select_related("jurisdiction").first()
        if office is None:
            raise PermissionDenied
        today = timezone.localdate()
        year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
        half = int(request.GET["half"]) if request.GET.get("half") in ("1", "2") else (1 if today.month <= 6 else 2)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "year": year, "half": half,
                   "title": f"{year}年{'上' if half == 1 else '下'}半年工作进展情况报送情况",
                   "rows": services.progress_board(office, year, half)}
        return TemplateResponse(request, "admin/supervision/progressreport/board.html", context)
