"""
The welfare admin. Thin: programmes are saved by `services.programme_create/programme_update`,
records are drafted by `services.programme_record_create` with the kernel's clerk form (limited to
the programme's area, the item type chosen), and the workflow happens on the kernel's
DisclosureAdmin change page. Beneficiary lists are the kernel's name lists (namelists admin).
Querysets and rights come from `policies`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from catalogue.models import CatalogueEntry
from disclosures import policies as disclosure_policies
from disclosures.admin import error_text
from disclosures.choices import Status
from disclosures.domains import get_domain
from disclosures.exceptions import WorkflowError
from disclosures.forms import DisclosureForm, catalogue_entry_choices, creatable_departments
from disclosures.models import Disclosure
from disclosures.selectors import api_disclosures_for
from namelists.models import NameList
from organizations.selectors import user_scope

from . import policies, services
from .choices import WelfareArea
from .forms import CATEGORY_FORMS
from .models import Programme
from .selectors import item_type_label, item_types


def format_funds(value) -> str:
    """资金规模 in 万元 as Chinese programme tables show it (1,286.50 万元)."""
    if value is None:
        return "—"
    return f"{value / 10000:,.2f} 万元"


def item_label(area: str, item: str | None) -> str:
    return item_type_label(area, item) or "—"


def urgent_allowed(area: str) -> bool:
    return area in get_domain(services.DOMAIN).urgent_categories


class ProgrammeAdminForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = list(services.PROGRAMME_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "target": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeAdminForm
    change_form_template = "admin/welfare/programme/change_form.html"
    list_display = ["name", "area", "jurisdiction", "department", "funds_column", "records_column"]
    list_filter = [
        "area",
        ("jurisdiction", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "implementer", "fund_source"]
    list_select_related = ["jurisdiction", "department"]
    list_per_page = 50
    fieldsets = [
        ("基本信息", {"fields": ["name", "area", "jurisdiction", "department", "description"]}),
        (
            "扶持谁、谁来扶、怎么扶、如何退",
            {
                "fields": [
                    "fund_source",
                    "total_funds",
                    "starts_on",
                    "ends_on",
                    "target",
                    "result",
                    "implementer",
                    "report_phone",
                ]
            },
        ),
    ]

    # --- columns ------------------------------------------------------------------------
    @admin.display(description="资金规模", ordering="total_funds")
    def funds_column(self, obj):
        return format_funds(obj.total_funds)

    @admin.display(description="信息记录", ordering="record_count")
    def records_column(self, obj):
        return obj.record_count

    # --- scoping and permissions ---------------------------------------------------------
    def get_queryset(self, request):
        return policies.visible_programmes(request.user).annotate(
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
        return policies.can_manage_programme(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a programme with public records stays, with its 实施结果

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = policies.manageable_departments(request.user)
        elif db_field.name == "jurisdiction":
            kwargs["queryset"] = policies.manageable_jurisdictions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- saving through services ---------------------------------------------------------
    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.PROGRAMME_FIELDS if name in form.cleaned_data}
        if change:
            services.programme_update(actor=request.user, programme=obj, **fields)
            return
        created = services.programme_create(actor=request.user, **fields)
        for field in Programme._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            programme = self.get_object(request, object_id)
            if programme is not None:
                extra_context.update(self.records_context(request, programme))
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # --- the programme's records ---------------------------------------------------------
    def records_context(self, request, programme) -> dict:
        """The records the user may see (their scope, or public), their name lists, and one 新增 link per item type."""
        user = request.user
        records = (
            api_disclosures_for(user)
            .filter(programme_link__programme=programme)
            .exclude(status=Status.MERGED)
            .select_related("name_list")
            .order_by("-urgent", "formed_on", "pk")
        )
        rows = []
        has_public = False
        for record in records:
            in_scope = disclosure_policies.can_view(user, record)
            has_public = has_public or record.shows_content
            rows.append(
                {
                    "record": record,
                    "item": item_label(programme.area, (record.details or {}).get("item_type")),
                    "url": (
                        reverse("admin:disclosures_disclosure_change", args=[record.pk])
                        if in_scope
                        else record.get_absolute_url()
                    ),
                    "overdue": record.is_overdue,
                    "name_list": self.name_list_link(user, record) if in_scope else None,
                }
            )
        can_add = creatable_departments(user).exists()
        return {
            "programme_records": rows,
            "public_url": self.public_url(programme) if has_public else "",
            "add_record_links": [
                {
                    "item": code,
                    "label": label,
                    "url": reverse("admin:welfare_programme_add_record", args=[programme.pk, code]),
                }
                for code, label in item_types(programme.area)
            ]
            if can_add
            else [],
        }

    @staticmethod
    def public_url(programme) -> str:
        try:
            return programme.get_absolute_url()
        except NoReverseMatch:  # the public pages are not installed
            return ""

    @staticmethod
    def name_list_link(user, record) -> dict | None:
        """A beneficiaries record's name list: open it (and print it), or attach one to the draft."""
        try:
            name_list = record.name_list
        except NameList.DoesNotExist:
            name_list = None
        if name_list is not None:
            return {
                "label": f"公示名单（{name_list.get_scope_display()}）",
                "url": reverse("admin:namelists_namelist_change", args=[name_list.pk]),
                "print_url": reverse("admin:namelists_namelist_print", args=[name_list.pk]),
            }
        item = (record.details or {}).get("item_type")
        if item in services.NAME_LIST_ITEMS and record.status == Status.DRAFT and disclosure_policies.can_edit(user, record):
            return {"label": "附加公示名单", "url": attach_name_list_url(record), "print_url": ""}
        return None

    def get_urls(self):
        return [
            path(
                "<int:object_id>/records/add/<str:item>/",
                self.admin_site.admin_view(self.add_record_view),
                name="welfare_programme_add_record",
            )
        ] + super().get_urls()

    def add_record_view(self, request, object_id, item):
        """新增信息记录: the kernel's clerk form, limited to this programme's area and item type,
        posting to `programme_record_create`; on success, on to the record's own page for the workflow."""
        programme = get_object_or_404(self.get_queryset(request), pk=object_id)
        area = programme.area
        if item not in dict(item_types(area)):
            raise Http404("该领域没有这个信息类型。")
        disclosure_admin = self.admin_site._registry[Disclosure]
        if not disclosure_admin.has_add_permission(request):
            raise PermissionDenied
        form_class = disclosure_admin.get_form(request, None, change=False)
        entries = CatalogueEntry.objects.filter(domain=services.DOMAIN, category=area, is_active=True)
        if request.method == "POST":
            form = form_class(request.POST)
        else:
            form = form_class(initial=self.record_initial(request, programme, item))
        entry_field = form.fields["catalogue_entry"]
        entry_field.queryset = entries
        entry_field.choices = catalogue_entry_choices(entries.order_by("ordering", "code"))
        urgent = urgent_allowed(area)
        if not urgent:
            form.fields.pop("urgent", None)

        if request.method == "POST" and form.is_valid():
            data = form.service_fields()
            department = data.pop("department")
            try:
                record = services.programme_record_create(
                    actor=request.user, programme=programme, department=department, **data
                )
            except ValidationError as exc:
                self.errors_to_form(form, exc, area)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, self.created_message(programme, record), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:disclosures_disclosure_change", args=[record.pk]))

        fieldsets = []
        for name, options in disclosure_admin.get_fieldsets(request, None):
            if not name:
                fields = [f for f in options["fields"] if urgent or f != "urgent"]
                fieldsets.append((name, {**options, "fields": fields}))
            elif f"details-{area}" in options.get("classes", []):
                fieldsets.append((f"结构化信息：{WelfareArea(area).label}", options))
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=disclosure_admin)
        context = {
            **self.admin_site.each_context(request),
            "title": f"新增信息记录：{item_label(area, item)}",
            "subtitle": programme.name,
            "programme": programme,
            "item_label": item_label(area, item),
            "urgent_allowed": urgent,
            "name_list_item": item in services.NAME_LIST_ITEMS,
            "opts": self.model._meta,
            "adminform": adminform,
            "form": form,
            "errors": helpers.AdminErrorList(form, []),
            "media": disclosure_admin.media + form.media,
            "entry_categories": {str(e.pk): e.category for e in entries},
            "change_url": reverse("admin:welfare_programme_change", args=[programme.pk]),
        }
        return TemplateResponse(request, "admin/welfare/programme/add_record.html", context)

    def record_initial(self, request, programme, item) -> dict:
        departments = creatable_departments(request.user)
        department = departments.filter(pk=programme.department_id).first() or departments.first()
        entry = services.default_catalogue_entry(programme.area, item)
        initial = {
            "department": department.pk if department else None,
            "catalogue_entry": entry.pk if entry else None,
            "title": f"{programme.name}{item_label(programme.area, item)}",
            DisclosureForm.details_field_name(programme.area, "item_type"): item,
        }
        if programme.fund_source and item in CATEGORY_FORMS[programme.area].FUND_ITEMS:
            initial[DisclosureForm.details_field_name(programme.area, "fund_source")] = programme.fund_source
        return initial

    @staticmethod
    def created_message(programme, record) -> str:
        item = (record.details or {}).get("item_type")
        text = f"已为“{programme.name}”新增{item_label(programme.area, item)}：{record.title}（草稿）"
        if record.urgent:
            text += "，紧急信息，须在 1 个工作日内公开"
        if item in services.NAME_LIST_ITEMS:
            return format_html(
                '{}。本记录公示对象名单，请<a href="{}">上传名单</a>（Excel 或 CSV，公开时自动去标识化）后提交审核。',
                text,
                attach_name_list_url(record),
            )
        return f"{text}。请补充附件后提交审核。"

    @staticmethod
    def errors_to_form(form, exc: ValidationError, area: str) -> None:
        """The service's errors on the form's fields (`details.x` is the area's field `d__<area>__x`)."""
        if not hasattr(exc, "message_dict"):
            form.add_error(None, exc.messages)
            return
        for key, messages_ in exc.message_dict.items():
            if key.startswith("details."):
                target = DisclosureForm.details_field_name(area, key.split(".", 1)[1])
            elif key in {"domain", "category"}:
                target = "catalogue_entry"
            else:
                target = key
            form.add_error(target if target in form.fields else None, messages_)


def attach_name_list_url(record) -> str:
    """The namelists admin's add form with this draft record chosen (Excel/CSV upload)."""
    return f"{reverse('admin:namelists_namelist_add')}?disclosure={record.pk}"
