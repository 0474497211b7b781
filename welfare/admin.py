"""
The welfare admin. Thin: programmes are saved by the kernel's subject service (as
`services.programme_create/programme_update`), records are drafted by `services.programme_record_create`
with the kernel's clerk form (limited to the programme's area, the item type chosen), and the workflow
happens on the kernel's DisclosureAdmin change page. Beneficiary lists are the kernel's name lists (namelists admin).
Querysets, rights and saving are the kernel mixin's, as `PROGRAMME` (apps.py) declares them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_base import PortalModelAdmin
from core.domains import get_domain
from core.exceptions import WorkflowError
from disclosures import policies as disclosure_policies
from disclosures import subject_policies
from disclosures.admin import error_text
from disclosures.admin_subjects import (
    ServiceSavedRegisterAdminMixin,
    SubjectRecordsAdminMixin,
    format_wan_yuan,
)
from disclosures.choices import Status
from disclosures.forms import DisclosureForm
from namelists.models import NameList

from . import services
from .apps import PROGRAMME
from .choices import WelfareArea
from .forms import CATEGORY_FORMS, fields_for_item
from .models import Programme, PublicBody, PublicBodyEvaluation
from .selectors import item_type_label, item_types


def item_label(area: str, item: str | None) -> str:
    return item_type_label(area, item) or "—"


URGENT_HELP = (
    "勾选“紧急信息”的记录（灾害事故救援、突发公共卫生事件）自信息形成时起按小时计算公开时限（本区划设置，默认 24 小时，"
    "参照国办发〔2016〕61号），请填写信息形成时间；在栏目中置顶显示。"
)
NAME_LIST_HELP = (
    "对象名单（姓名、身份证号码、联系电话）不写在正文中：保存草稿后上传 Excel 或 CSV 名单，公开时自动去标识化，"
    "并可设置公示期和公开范围（全社会 / 特定区域特定群体）。"
)


def urgent_allowed(area: str) -> bool:
    return area in get_domain(services.DOMAIN).urgent_categories


@admin.register(Programme)
class ProgrammeAdmin(SubjectRecordsAdminMixin, PortalModelAdmin):
    subject_spec = PROGRAMME
    subject_widgets = {
        "description": forms.Textarea(attrs={"rows": 4}),
        "target": forms.Textarea(attrs={"rows": 3}),
        "result": forms.Textarea(attrs={"rows": 3}),
    }
    kind_key = "item"
    name_list_column = "对象名单"
    records_select_related = ("name_list",)
    records_ordering = ("-urgent", "formed_on", "pk")
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
        return format_wan_yuan(obj.total_funds)

    # --- the programme's records (SubjectRecordsAdminMixin hooks) -------------------------
    def record_kinds(self, programme):
        return item_types(programme.area)

    def record_row(self, request, programme, record, in_scope):
        label = item_label(programme.area, (record.details or {}).get("item_type"))
        return {
            "kind_label": label,
            "item": label,
            "urgent": record.urgent,
            "name_list": self.name_list_link(request.user, record) if in_scope else None,
        }

    def public_url(self, programme, rows):
        if not any(row["record"].shows_content for row in rows):
            return ""
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
                "print_label": "打印公示栏",
            }
        item = (record.details or {}).get("item_type")
        if item in services.NAME_LIST_ITEMS and record.status == Status.DRAFT and disclosure_policies.can_edit(user, record):
            return {"label": "附加公示名单", "url": attach_name_list_url(record), "print_url": ""}
        return None

    def prepare_record_form(self, request, programme, item, form):
        if not urgent_allowed(programme.area):
            form.fields.pop("urgent", None)

    def record_fieldsets(self, request, programme, item, fieldsets):
        area = programme.area
        urgent = urgent_allowed(area)
        kept = []
        for name, options in fieldsets:
            if not name:
                fields = [f for f in options["fields"] if urgent or f != "urgent"]
                kept.append((name, {**options, "fields": fields}))
            elif f"details-{area}" in options.get("classes", []):
                # Only the fields of this item type (食品安全处罚 shows no 抽检 fields; welfare.forms.fields_for_item).
                shown = {DisclosureForm.details_field_name(area, name) for name in fields_for_item(area, item)}
                fields = [f for f in options["fields"] if f in shown]
                kept.append((f"结构化信息：{WelfareArea(area).label}", {**options, "fields": fields}))
        return kept

    def add_record_title(self, programme, item, chosen_category):
        return f"新增信息记录：{item_label(programme.area, item)}"

    def add_record_intro(self, programme, item):
        return format_html(
            "项目：<strong>{}</strong>（{}，主管部门：{}）。",
            programme.name,
            programme.get_area_display(),
            programme.department.name,
        )

    def add_record_context(self, programme, item):
        urgent = urgent_allowed(programme.area)
        name_list_item = item in services.NAME_LIST_ITEMS
        help_ = format_html(
            "{}{}",
            format_html('<p class="help" id="urgent-help">{}</p>\n', URGENT_HELP) if urgent else "",
            format_html('<p class="help" id="name-list-help">{}</p>\n', NAME_LIST_HELP) if name_list_item else "",
        )
        return {
            "item_label": item_label(programme.area, item),
            "urgent_allowed": urgent,
            "name_list_item": name_list_item,
            "subject_help": help_,
        }

    def record_initial(self, request, programme, item):
        initial = super().record_initial(request, programme, item)
        entry = services.default_catalogue_entry(programme.area, item)
        initial["catalogue_entry"] = entry.pk if entry else None
        initial["title"] = f"{programme.name}{item_label(programme.area, item)}"
        initial[DisclosureForm.details_field_name(programme.area, "item_type")] = item
        if programme.fund_source and item in CATEGORY_FORMS[programme.area].FUND_ITEMS:
            initial[DisclosureForm.details_field_name(programme.area, "fund_source")] = programme.fund_source
        return initial

    def created_message(self, programme, record, item) -> str:
        item = (record.details or {}).get("item_type")
        text = f"已为“{programme.name}”新增{item_label(programme.area, item)}：{record.title}（草稿）"
        if record.urgent:
            text += f"，紧急信息，须在 {timezone.localtime(record.due_at):%Y-%m-%d %H:%M} 前公开" if record.due_at else "，紧急信息"
        if item in services.NAME_LIST_ITEMS:
            return format_html(
                '{}。本记录公示对象名单，请<a href="{}">上传名单</a>（Excel 或 CSV，公开时自动去标识化）后提交审核。',
                text,
                attach_name_list_url(record),
            )
        return f"{text}。请补充附件后提交审核。"


def attach_name_list_url(record) -> str:
    """The namelists admin's add form with this draft record chosen (Excel/CSV upload)."""
    return f"{reverse('admin:namelists_namelist_add')}?disclosure={record.pk}"


# ---------------------------------------------------------------------------------------------
# 公共企事业单位和慈善组织 and their evaluations (seed 002 §四(三), §六(三)): saved by the services
# ---------------------------------------------------------------------------------------------
class ServiceSavedAdmin(ServiceSavedRegisterAdminMixin, PortalModelAdmin):
    """Scoped to the departments the user sees, saved by the welfare services, never deleted (the register and
    its evaluations are public as soon as they are entered)."""

    fields_allowed: tuple[str, ...] = ()

    def can_manage(self, user, obj) -> bool:
        return services.can_manage_public_body(user, department_id=self.department_of(obj).pk)

    def department_of(self, obj):
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(PublicBody)
class PublicBodyAdmin(ServiceSavedAdmin):
    list_display = ["name", "kind", "service_area", "jurisdiction", "department", "latest_evaluation"]
    list_filter = ["kind", "service_area", ("jurisdiction", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "uscc"]
    list_select_related = ["jurisdiction", "department"]
    list_per_page = 50
    fieldsets = [
        (
            "单位",
            {
                "fields": ["name", "kind", "service_area", "uscc", "jurisdiction", "department"],
                "description": "政务公开办推动其如实公开社会公益事业信息并开展考核评估的公共企事业单位和慈善组织"
                "（《政府信息公开条例》第五十五条；《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）；"
                "《中华人民共和国慈善法》信息公开一章）。登记后即在公开页面显示。",
            },
        ),
        ("信息公开", {"fields": ["rules", "disclosure_url"]}),
    ]

    def department_of(self, obj):
        return obj.department

    def get_queryset(self, request):
        return services.visible_public_bodies(request.user).prefetch_related("evaluations")

    @admin.display(description="最近评估")
    def latest_evaluation(self, obj):
        evaluations = sorted(obj.evaluations.all(), key=lambda evaluation: -evaluation.year)
        if not evaluations:
            return "—"
        return f"{evaluations[0].year}年度 {evaluations[0].get_grade_display()}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "disclosure_url":
            kwargs["assume_scheme"] = "https"  # an address typed without a scheme is the https one
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = subject_policies.manageable_departments(request.user)
        if db_field.name == "jurisdiction":
            kwargs["queryset"] = subject_policies.manageable_jurisdictions(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    service_fields = services.PUBLIC_BODY_FIELDS

    def service_create(self, actor, **fields):
        return services.public_body_create(actor=actor, **fields)

    def service_update(self, actor, obj, **fields):
        return services.public_body_update(actor=actor, body=obj, **fields)


@admin.register(PublicBodyEvaluation)
class PublicBodyEvaluationAdmin(ServiceSavedAdmin):
    list_display = ["body", "year", "grade", "score", "evaluator", "evaluated_on"]
    list_filter = ["year", "grade"]
    search_fields = ["body__name"]
    list_select_related = ["body", "evaluator"]
    list_per_page = 50
    fieldsets = [
        (
            "评估结果",
            {
                "fields": ["body", "year", "grade", "score", "evaluator", "evaluated_on", "findings", "rectification"],
                "description": "每个单位每年一条评估结果，保存后即在公开页面公布（2018年实施方案 §六(三) 开展考核评估）。",
            },
        ),
    ]

    def department_of(self, obj):
        return obj.body.department

    def get_queryset(self, request):
        visible = services.visible_public_bodies(request.user).values("pk")
        return PublicBodyEvaluation.objects.filter(body__in=visible).select_related("body__department", "evaluator")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = services.visible_public_bodies(request.user)
        if db_field.name == "evaluator":
            kwargs["queryset"] = subject_policies.manageable_departments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    service_fields = services.EVALUATION_FIELDS

    def service_create(self, actor, **fields):
        return services.evaluation_create(actor=actor, **fields)

    def service_update(self, actor, obj, **fields):
        return services.evaluation_update(actor=actor, evaluation=obj, **fields)
