"""The annual reports in the back office: the departments' tallies and the review-case register (entered
with their source), each report with its tables, text parts and review chain, and the office's view of
every report against its deadline (部门 31 January, 县级人民政府 31 March: 条例第四十九条、第五十条)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from core.admin_base import PortalModelAdmin, adopt_saved
from core.exceptions import WorkflowError
from disclosures.admin import error_text
from organizations.models import Department
from organizations.selectors import user_scope

from . import reports, services
from .models import AnnualReport, DecisionTally, ReportStatus, ReviewCase
from .views import contents_context, table_context
from .workflow import REPORT_WORKFLOW as WORKFLOW


def _departments(user):
    scope = user_scope(user)
    if scope.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(pk__in=scope.visible_department_ids)


class ScopedAdmin(PortalModelAdmin):
    """Rows of the departments the user works in or oversees."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(department__in=_departments(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = _departments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member

    has_add_permission = has_change_permission = has_view_permission


@admin.register(DecisionTally)
class DecisionTallyAdmin(ScopedAdmin):
    list_display = ["department", "year", "licences", "penalties", "enforcement", "fees", "source"]
    list_filter = ["year"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewCase)
class ReviewCaseAdmin(ScopedAdmin):
    list_display = ["department", "kind", "filed_on", "result", "closed_on", "case_no"]
    list_filter = ["kind", "result"]
    raw_id_fields = ["request"]

    def has_delete_permission(self, request, obj=None):
        return False


class NewReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["department", "year"]


class TextsForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["overview", "problems", "other_matters"]
        widgets = {name: forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}) for name in fields}


def _posted_cells(report: AnnualReport, data) -> dict[str, list[int]]:
    """Table 三's cells as the clerk typed them ({row key: the 7 numbers}); a cell that is not a whole number
    of 0 or more is refused, naming its row and column, and nothing is saved."""
    three = report.contents.get("three", {"columns": [], "rows": []})
    cells, errors = {}, []
    for item in three["rows"]:
        if item["heading"]:
            continue
        values = []
        for index, column in enumerate(three["columns"]):
            text = (data.get(f"cell-{item['key']}-{index}") or "").strip()
            if not text.isdigit():
                errors.append(f"“{item['label']}”行“{column}”列应为0或正整数（现为“{text}”）。")
                continue
            values.append(int(text))
        cells[item["key"]] = values
    if errors:
        raise ValidationError({"contents": errors})
    return cells


def deadline_of(report_or_department, year: int) -> datetime.date:
    """条例第四十九条: 部门 by 31 January; 第五十条: 县级人民政府 (its office) by 31 March — of the next year."""
    department = getattr(report_or_department, "department", report_or_department)
    return datetime.date(year + 1, 3 if department.is_office else 1, 31)


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedAdmin):
    list_display = ["__str__", "year", "status", "deadline", "index_no"]
    list_filter = ["year", "status"]
    change_form_template = "admin/annualreports/annualreport/change_form.html"

    @admin.display(description="发布期限")
    def deadline(self, obj):
        return deadline_of(obj, obj.year).isoformat()

    def has_change_permission(self, request, obj=None):
        return False  # text parts and steps go through the report page's own forms (services)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewReportForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["department", "year"] if obj is None else ["department", "year", "status", "index_no", "published_at"]

    def save_model(self, request, obj, form, change):
        adopt_saved(obj, services.report_create(
            department=form.cleaned_data["department"], year=form.cleaned_data["year"], actor=request.user
        ))

    def save_related(self, request, form, formsets, change):
        """Nothing: the service saved it."""

    def log_addition(self, request, obj, message):
        """The audit log records it (annualreport.create)."""

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:annualreports_annualreport_change", args=[obj.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            report = self.get_object(request, object_id)
            if report is not None:
                buttons = [action for action in WORKFLOW.available(report, request.user)]
                extra_context.update({
                    "report": report, **table_context(report), "buttons": buttons,
                    "texts_form": extra_context.get("texts_form") or TextsForm(instance=report),
                    "editable": report.status == ReportStatus.DRAFT,
                    "balance_errors": reports.stored_balance_errors(report) if report.contents else [],
                    "deadline_on": deadline_of(report, report.year),
                })  # fmt: skip
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_urls(self):
        return [
            path("<int:object_id>/do/", self.admin_site.admin_view(self.do_view), name="annualreports_annualreport_do"),
            path("deadlines/", self.admin_site.admin_view(self.deadlines_view),
                 name="annualreports_annualreport_deadlines"),
        ] + super().get_urls()

    def do_view(self, request, object_id):
        """保存文字、重新计算, or a step of the review chain."""
        if request.method != "POST":
            raise PermissionDenied
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        url = reverse("admin:annualreports_annualreport_change", args=[report.pk])
        operation = request.POST.get("op", "")
        version = request.POST.get("lock_version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if operation == "texts":
                form = TextsForm(request.POST, instance=report)
                if form.is_valid():
                    services.report_edit(report=report, actor=request.user, texts=form.cleaned_data, expected_version=expected)
                    self.message_user(request, "已保存年度报告的文字部分。", messages.SUCCESS)
            elif operation == "cells":
                cells = _posted_cells(report, request.POST)
                services.report_edit(report=report, actor=request.user, cells=cells, expected_version=expected)
                report.refresh_from_db()
                errors = reports.stored_balance_errors(report)
                if errors:
                    self.message_user(request, "已保存表三。勾稽关系仍不平衡，提交审核前请核对：" + "".join(errors), messages.WARNING)
                else:
                    self.message_user(request, "已保存表三，勾稽关系平衡。", messages.SUCCESS)
            elif operation == "refresh":
                services.report_refresh(report=report, actor=request.user, expected_version=expected)
                self.message_user(request, "已按现有数据重新计算表格。", messages.SUCCESS)
            elif operation in WORKFLOW:
                step = {"submit": services.report_submit, "review": services.report_review,
                        "sign": services.report_sign}.get(operation)
                if step is not None:
                    step(report=report, actor=request.user, expected_version=expected)
                else:
                    services.report_reject(report=report, actor=request.user, comment=request.POST.get("comment", ""),
                                           expected_version=expected)
                report.refresh_from_db()
                self.message_user(request, f"已{WORKFLOW.action(operation).label}：{report.title}", messages.SUCCESS)
            else:
                self.message_user(request, "操作无效，请重试。", messages.ERROR)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        return HttpResponseRedirect(url)

    def deadlines_view(self, request):
        """Every department's report of a year against its deadline: 未报送 / 草稿 / 审核中 / 逾期 / 已发布."""
        today = timezone.localdate()
        year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year - 1
        by_department = {report.department_id: report for report in AnnualReport.objects.filter(year=year)}
        rows = []
        for department in _departments(request.user).select_related("jurisdiction").order_by(
            "jurisdiction__level", "-is_office", "ordering", "name"
        ):
            report = by_department.get(department.pk)
            due = deadline_of(department, year)
            published = report is not None and report.status == ReportStatus.PUBLISHED
            late = (report.published_at and timezone.localdate(report.published_at) > due) if published else today > due
            state = "已发布" if published else ("未报送" if report is None else report.get_status_display())
            rows.append({"department": department, "report": report, "due": due, "state": state, "late": late})
        summed = [row["report"] for row in rows if row["report"] is not None and not row["department"].is_office
                  and row["report"].contents]
        rollup = reports.rollup_contents([report.contents for report in summed])
        context = {**self.admin_site.each_context(request), "title": f"{year}年政府信息公开工作年度报告报送情况",
                   "opts": self.model._meta, "rows": rows, "year": year, "summed": summed,
                   "missing": [row["department"] for row in rows if row["report"] is None and not row["department"].is_office],
                   **(contents_context(rollup) if rollup else {})}
        return TemplateResponse(request, "admin/annualreports/annualreport/deadlines.html", context)
