"""
The projects admin. Thin: projects are saved by `services.project_create/project_update`, records are
drafted by `services.project_record_create` with the kernel's clerk form, and the workflow happens
on the kernel's DisclosureAdmin change page. Querysets and rights come from `policies`.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from disclosures.admin_base import PortalModelAdmin
from disclosures.admin_subjects import SubjectRecordsAdminMixin

from . import policies, services
from .choices import ProjectCategory
from .models import Project


def format_investment(value) -> str:
    """总投资 in 万元 as Chinese project lists show it (12,680.00 万元)."""
    if value is None:
        return "—"
    return f"{value / 10000:,.2f} 万元"


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = list(services.PROJECT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


@admin.register(Project)
class ProjectAdmin(SubjectRecordsAdminMixin, PortalModelAdmin):
    form = ProjectAdminForm
    record_domain = services.DOMAIN
    subject_lookup = "project_link__project"
    subject_name = "project"
    subject_department_field = "lead_department"
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
        return format_investment(obj.total_investment)

    # --- scoping and permissions (the rest is the kernel mixin's) ----------------------------
    def visible_subjects(self, user):
        return policies.visible_projects(user)

    def can_manage_subject(self, user, subject) -> bool:
        return policies.can_manage_project(user, subject)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_department":
            kwargs["queryset"] = policies.manageable_departments(request.user)
        elif db_field.name == "jurisdiction":
            kwargs["queryset"] = policies.manageable_jurisdictions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- saving through services ---------------------------------------------------------
    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.PROJECT_FIELDS if name in form.cleaned_data}
        if change:
            services.project_update(actor=request.user, project=obj, **fields)
            return
        created = services.project_create(actor=request.user, **fields)
        for field in Project._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    # --- the project's records (SubjectRecordsAdminMixin hooks) ---------------------------
    def record_kinds(self, project):
        return ProjectCategory.choices

    def detail_categories(self, project, category):
        return set(ProjectCategory.values)

    def create_record(self, request, project, department, **data):
        return services.project_record_create(actor=request.user, project=project, department=department, **data)

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
