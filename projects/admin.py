"""
The projects admin. Thin: projects are saved by `services.project_create/project_update`, records are
drafted by `services.project_record_create` with the kernel's clerk form, and the workflow happens
on the kernel's DisclosureAdmin change page. Querysets and rights come from `policies`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalogue.models import CatalogueEntry
from disclosures import policies as disclosure_policies
from disclosures.admin import error_text
from disclosures.choices import Status
from disclosures.exceptions import WorkflowError
from disclosures.forms import DisclosureForm, catalogue_entry_choices, creatable_departments
from disclosures.models import Disclosure
from disclosures.selectors import api_disclosures_for
from disclosures.services import default_catalogue_entry
from organizations.selectors import user_scope

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
class ProjectAdmin(admin.ModelAdmin):
    form = ProjectAdminForm
    change_form_template = "admin/projects/project/change_form.html"
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

    @admin.display(description="信息记录", ordering="record_count")
    def records_column(self, obj):
        return obj.record_count

    # --- scoping and permissions ---------------------------------------------------------
    def get_queryset(self, request):
        return policies.visible_projects(request.user).annotate(
            record_count=Count("record_links", filter=~Q(record_links__disclosure__status=Status.MERGED))
        )

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member

    def has_add_permission(self, request):
        return policies.can_create_any(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return policies.can_create_any(request.user)
        return policies.can_manage_project(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a project with public records is ended by its phase (终止), never deleted

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            project = self.get_object(request, object_id)
            if project is not None:
                extra_context.update(self.records_context(request, project))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- the project's records -----------------------------------------------------------
    def records_context(self, request, project) -> dict:
        """The records the user may see (their scope, or public), and one 新增 link per category."""
        user = request.user
        records = (
            api_disclosures_for(user)
            .filter(project_link__project=project)
            .exclude(status=Status.MERGED)
            .order_by("formed_on", "pk")
        )
        rows = []
        for record in records:
            in_scope = disclosure_policies.can_view(user, record)
            rows.append(
                {
                    "record": record,
                    "url": (
                        reverse("admin:disclosures_disclosure_change", args=[record.pk])
                        if in_scope
                        else record.get_absolute_url()
                    ),
                    "overdue": record.is_overdue,
                }
            )
        can_add = creatable_departments(user).exists()
        return {
            "project_records": rows,
            "add_record_links": [
                {
                    "category": code,
                    "label": label,
                    "url": reverse("admin:projects_project_add_record", args=[project.pk, code]),
                }
                for code, label in ProjectCategory.choices
            ]
            if can_add
            else [],
        }

    def get_urls(self):
        return [
            path(
                "<int:object_id>/records/add/<str:category>/",
                self.admin_site.admin_view(self.add_record_view),
                name="projects_project_add_record",
            )
        ] + super().get_urls()

    def add_record_view(self, request, object_id, category):
        """新增信息记录: the kernel's clerk form, limited to this domain's catalogue, posting to
        `project_record_create`; on success, on to the record's own page for the workflow."""
        project = get_object_or_404(self.get_queryset(request), pk=object_id)
        if category not in ProjectCategory.values:
            raise Http404("没有这个信息类别。")
        disclosure_admin = self.admin_site._registry[Disclosure]
        if not disclosure_admin.has_add_permission(request):
            raise PermissionDenied
        form_class = disclosure_admin.get_form(request, None, change=False)
        entries = CatalogueEntry.objects.filter(domain=services.DOMAIN, is_active=True)
        if request.method == "POST":
            form = form_class(request.POST)
        else:
            form = form_class(initial=self.record_initial(request, project, category))
        entry_field = form.fields["catalogue_entry"]
        entry_field.queryset = entries
        entry_field.choices = catalogue_entry_choices(entries.order_by("ordering", "code"))

        if request.method == "POST" and form.is_valid():
            data = form.service_fields()
            department = data.pop("department")
            try:
                record = services.project_record_create(
                    actor=request.user, project=project, department=department, **data
                )
            except ValidationError as exc:
                self.errors_to_form(form, exc, data.get("category") or category)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request,
                    f"已为“{project.name}”新增{record.category_label}：{record.title}（草稿）。请补充附件后提交审核。",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:disclosures_disclosure_change", args=[record.pk]))

        chosen = form["catalogue_entry"].value()
        chosen_category = next((e.category for e in entries if str(e.pk) == str(chosen)), category)
        fieldsets = [
            fieldset
            for fieldset in disclosure_admin.get_fieldsets(request, None)
            if not fieldset[0] or any(f"details-{code}" in fieldset[1].get("classes", []) for code in ProjectCategory.values)
        ]
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=disclosure_admin)
        context = {
            **self.admin_site.each_context(request),
            "title": f"新增信息记录：{ProjectCategory(chosen_category).label}",
            "subtitle": project.name,
            "project": project,
            "opts": self.model._meta,
            "adminform": adminform,
            "form": form,
            "errors": helpers.AdminErrorList(form, []),
            "media": disclosure_admin.media + form.media,
            "entry_categories": {str(e.pk): e.category for e in entries},
            "change_url": reverse("admin:projects_project_change", args=[project.pk]),
        }
        return TemplateResponse(request, "admin/projects/project/add_record.html", context)

    def record_initial(self, request, project, category) -> dict:
        departments = creatable_departments(request.user)
        department = departments.filter(pk=project.lead_department_id).first() or departments.first()
        entry = default_catalogue_entry(services.DOMAIN, category)
        return {
            "department": department.pk if department else None,
            "catalogue_entry": entry.pk if entry else None,
            "title": f"{project.name}{ProjectCategory(category).label.removesuffix('信息')}",
        }

    @staticmethod
    def errors_to_form(form, exc: ValidationError, category: str) -> None:
        """The service's errors on the form's fields (`details.x` is the category's field `d__<category>__x`)."""
        if not hasattr(exc, "message_dict"):
            form.add_error(None, exc.messages)
            return
        for key, messages_ in exc.message_dict.items():
            if key.startswith("details."):
                target = DisclosureForm.details_field_name(category, key.split(".", 1)[1])
            elif key in {"domain", "category"}:
                target = "catalogue_entry"
            else:
                target = key
            form.add_error(target if target in form.fields else None, messages_)
