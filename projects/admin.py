"""
The projects admin. Thin: projects are saved by the kernel's subject service (as
`services.project_create/project_update`), records are drafted by `services.project_record_create` with the kernel's clerk form, and the workflow happens
on the kernel's DisclosureAdmin change page. Querysets, rights and saving are the kernel mixin's,
as `PROJECT` (apps.py) declares them.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from core.admin_base import PortalModelAdmin
from disclosures.admin_subjects import SubjectRecordsAdminMixin, format_wan_yuan

from .apps import PROJECT
from .choices import ProjectCategory
from .models import Project


@admin.register(Project)
class ProjectAdmin(SubjectRecordsAdminMixin, PortalModelAdmin):
    subject_spec = PROJECT
    subject_widgets = {"description": forms.Textarea(attrs={"rows": 4})}
    kind_key = "category"
    kind_column_label = "信息类别"
    unknown_kind_message = "没有这个信息类别。"
    list_display = [
        "name",
        "code",
        "sector",
        "phase",
        "jurisdiction",
        "lead_department",
        "investment_column",
        "records_column",
    ]
    list_filter = [
        "sector",
        "phase",
        "approval_mode",
        "investor_type",
        "is_ppp",
        ("jurisdiction", admin.RelatedOnlyFieldListFilter),
        ("lead_department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "code"]
    list_select_related = ["jurisdiction", "lead_department"]
    list_per_page = 50
    fieldsets = [
        (
            "基本信息",
            {
                "fields": [
                    "name",
                    "code",
                    "sector",
                    "approval_mode",
                    "investor_type",
                    "total_investment",
                    "location",
                    "jurisdiction",
                    "lead_department",
                    "description",
                ]
            },
        ),
        ("项目阶段", {"fields": ["phase", "started_on", "completed_on"]}),
        ("项目法人", {"fields": ["legal_entity", "legal_entity_uscc"]}),
        (
            "PPP 项目",
            {
                "fields": ["is_ppp", "ppp_mode", "ppp_return", "ppp_capital"],
                "description": "政府和社会资本合作项目须填写合作模式、回报机制和社会资本参与方式。",
            },
        ),
    ]

    # --- columns ------------------------------------------------------------------------
    @admin.display(description="总投资", ordering="total_investment")
    def investment_column(self, obj):
        return format_wan_yuan(obj.total_investment)

    # --- the project's records (SubjectRecordsAdminMixin hooks) ---------------------------
    def record_kinds(self, project):
        return ProjectCategory.choices

    def detail_categories(self, project, category):
        return set(ProjectCategory.values)

    def public_url(self, project, rows):
        return reverse("projects:detail", args=[project.pk])

    def add_record_title(self, project, category, chosen_category):
        return f"新增信息记录：{ProjectCategory(chosen_category).label}"

    def add_record_intro(self, project, category):
        return format_html(
            "项目：<strong>{}</strong>（{}，牵头部门：{}）。", project.name, project.code, project.lead_department.name
        )

    def record_initial(self, request, project, category):
        label = ProjectCategory(category).label.removesuffix("信息")
        return {**super().record_initial(request, project, category), "title": f"{project.name}{label}"}
