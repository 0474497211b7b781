"""
The public-resource admin. Thin: matters and 黑名单 entries are saved by `services`, records are drafted
by `services.matter_record_create` with the kernel's clerk form, and the workflow happens on the
kernel's DisclosureAdmin change page. Name lists of allocation results are the kernel's (namelists
admin). A matter's querysets, rights and saving are the kernel mixin's, as `MATTER` (apps.py) declares
them; the 黑名单's rights come from `policies`.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalogue.models import CatalogueEntry
from core.admin_base import PortalModelAdmin
from core.exceptions import WorkflowError
from disclosures import policies as disclosure_policies
from disclosures.admin import error_text
from disclosures.admin_subjects import (
    ServiceSavedRegisterAdminMixin,
    SubjectRecordsAdminMixin,
    format_wan_yuan,
)
from disclosures.forms import DisclosureForm
from namelists.models import NameList

from . import policies, services
from .apps import MATTER
from .choices import CREDIT_BASIS_SHORT, CreditBasis, CreditList, ResourceArea
from .filtersets import in_force_q
from .forms import CATEGORY_FORMS
from .models import BlacklistEntry, ResourceMatter
from .selectors import item_types


# ---------------------------------------------------------------------------------------------
# Matters
# ---------------------------------------------------------------------------------------------
@admin.register(ResourceMatter)
class ResourceMatterAdmin(SubjectRecordsAdminMixin, PortalModelAdmin):
    subject_spec = MATTER
    subject_widgets = {"description": forms.Textarea(attrs={"rows": 4})}
    kind_key = "item_type"
    name_list_column = "公示名单"
    records_select_related = ("name_list",)
    list_display = ["name", "reference_no", "area", "jurisdiction", "department", "amount_column", "records_column"]
    list_filter = [
        "area",
        ("jurisdiction", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "reference_no"]
    list_select_related = ["jurisdiction", "department"]
    list_per_page = 50
    fieldsets = [
        ("基本信息", {"fields": ["area", "name", "reference_no", "jurisdiction", "department", "amount", "description"]}),
        (
            "采购人（招标人）",
            {
                "fields": ["purchaser", "purchaser_uscc"],
                "description": "仅政府采购和工程建设项目招标投标事项填写，开放数据（OCDS）中作为采购方（buyer）；"
                "关联重大建设项目的事项不填，招标人即项目法人。",
            },
        ),
        (
            "关联重大建设项目",
            {"fields": ["project"], "description": "仅工程建设项目招标投标事项可关联重大建设项目库中的项目。"},
        ),
    ]

    # --- columns ------------------------------------------------------------------------
    @admin.display(description="金额", ordering="amount")
    def amount_column(self, obj):
        return format_wan_yuan(obj.amount)

    # --- the matter's records (SubjectRecordsAdminMixin hooks) ----------------------------
    def record_kinds(self, matter):
        """The item types a new record may take (historic ones, kept for older records, are not offered)."""
        historic = CATEGORY_FORMS[matter.area].HISTORIC
        return [(code, label) for code, label in item_types(matter.area) if code not in historic]

    def record_row(self, request, matter, record, in_scope):
        label = dict(item_types(matter.area)).get((record.details or {}).get("item_type"), "—")
        return {
            "kind_label": label,
            "item_label": label,
            "name_list": self.name_list_links(request.user, record) if in_scope else None,
        }

    def public_url(self, matter, rows):
        return reverse("resources:detail", args=[matter.pk])

    def add_record_title(self, matter, item_type, chosen_category):
        return f"新增信息记录：{ResourceArea(matter.area).label} · {dict(item_types(matter.area))[item_type]}"

    def add_record_intro(self, matter, item_type):
        reference = f"，编号 {matter.reference_no}" if matter.reference_no else ""
        return format_html(
            "事项：<strong>{}</strong>（{}{}，主管部门：{}）。\n  信息类型：<strong>{}</strong>。",
            matter.name,
            matter.get_area_display(),
            reference,
            matter.department.name,
            dict(item_types(matter.area))[item_type],
        )

    def add_record_context(self, matter, item_type):
        return {"item_label": dict(item_types(matter.area))[item_type]}

    def created_message(self, matter, record, item_type):
        labels = dict(item_types(matter.area))
        chosen_label = labels.get(record.details.get("item_type"), labels[item_type])
        message = f"已为“{matter.name}”新增{chosen_label}：{record.title}（草稿）。"
        if services.takes_name_list(record):
            return message + "该记录公开分配对象或结果，请在事项页面“附加公示名单”（去标识化公示）后再提交审核。"
        return message + "请补充附件后提交审核。"

    def record_initial(self, request, matter, item_type):
        initial = super().record_initial(request, matter, item_type)
        code = services.ITEM_ENTRIES.get((matter.area, item_type))
        entry = CatalogueEntry.objects.filter(code=code, is_active=True).first() if code else None
        if entry:
            initial["catalogue_entry"] = entry.pk
        initial[DisclosureForm.details_field_name(matter.area, "item_type")] = item_type
        return initial

    @staticmethod
    def name_list_links(user, record) -> dict | None:
        """保障性住房分配对象/结果, 农村危房改造对象: the kernel name list of the record (open, print), or a
        link to attach one while the record is a draft."""
        if not services.takes_name_list(record):
            return None
        try:
            name_list = record.name_list
        except NameList.DoesNotExist:
            name_list = None
        if name_list is not None:
            return {
                "label": "公示名单",
                "url": reverse("admin:namelists_namelist_change", args=[name_list.pk]),
                "print_url": reverse("admin:namelists_namelist_print", args=[name_list.pk]),
            }
        if disclosure_policies.can_edit(user, record):
            return {"label": "附加公示名单", "url": reverse("admin:namelists_namelist_add") + f"?disclosure={record.pk}"}
        return {"label": "（无名单）", "url": ""}


# ---------------------------------------------------------------------------------------------
# 黑名单
# ---------------------------------------------------------------------------------------------
class InForceFilter(admin.SimpleListFilter):
    title = "公示状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("in_force", "在列入期内（公开）"), ("expired", "已移出（期满或信用修复）"), ("pending", "未到列入日期")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "in_force":
            return queryset.filter(in_force_q(today))
        if self.value() == "expired":
            return queryset.filter(Q(expired_at__isnull=False) | Q(ends_on__lt=today) | Q(repaired_on__isnull=False))
        if self.value() == "pending":
            return queryset.filter(expired_at__isnull=True, repaired_on__isnull=True, starts_on__gt=today)
        return queryset


class BlacklistEntryAdminForm(forms.ModelForm):
    class Meta:
        model = BlacklistEntry
        fields = list(services.BLACKLIST_FIELDS)
        widgets = {
            "conduct": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 3}),
            "statement_note": forms.Textarea(attrs={"rows": 2}),
            "repair_reason": forms.Textarea(attrs={"rows": 2}),
        }


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ServiceSavedRegisterAdminMixin, PortalModelAdmin):
    form = BlacklistEntryAdminForm
    list_display = [
        "subject_name", "list_column", "uscc", "area", "basis_column", "decision_no", "starts_on", "ends_on", "state_column",
        "department",
    ]
    list_filter = [InForceFilter, "list_type", "area", "basis", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject_name", "uscc", "decision_no"]
    list_select_related = ["department"]
    list_per_page = 50
    readonly_fields = ["state_column", "expired_at", "created_at"]
    fieldsets = [
        (
            "名单和主体",
            {
                "fields": ["list_type", "subject_kind", "subject_name", "uscc", "id_number", "area"],
                "description": "严重失信主体名单即2018年实施方案所称“黑名单”（国办发〔2020〕49号）。自然人的姓名在公开页面去标识化显示，"
                "身份证号码保存时即脱敏。",
            },
        ),
        (
            "认定依据",
            {
                "fields": ["basis", "basis_detail"],
                "description": "设列名单必须以法律、法规或党中央、国务院政策文件为依据（国办发〔2020〕49号 四(六)(七)），列入期限不得超过该依据的最长期限。",
            },
        ),
        ("失信行为（守信事实）及处理决定", {"fields": ["conduct", "decision", "decision_no", "authority"]}),
        (
            "告知和陈述申辩",
            {
                "fields": ["notified_on", "statement", "statement_note"],
                "description": "作出列入严重失信主体名单决定前，告知当事人列入的事由、依据和依法享有的权利，听取陈述申辩（国办发〔2020〕49号 四(八)）。红名单不填。",
            },
        ),
        (
            "列入期限",
            {
                "fields": ["starts_on", "ends_on", "department"],
                "description": "期满后由每日任务自动从公开名单移出（记录保留，标记为已移出，不会删除）。",
            },
        ),
        (
            "信用修复",
            {
                "fields": ["repaired_on", "repair_reason"],
                "description": "失信主体纠正失信行为、消除不良影响后，可经信用修复提前移出（国办发〔2020〕49号 六）：填写日期和理由后保存，即从公开名单移出。",
            },
        ),
        ("状态", {"fields": ["state_column", "expired_at", "created_at"]}),
    ]

    @admin.display(description="名单", ordering="list_type")
    def list_column(self, obj):
        return "红名单" if obj.list_type == CreditList.RED else "严重失信"

    @admin.display(description="认定依据", ordering="basis")
    def basis_column(self, obj):
        """The basis in one short line (CREDIT_BASIS_SHORT; an "other" basis by its 依据条款), the full text on
        hover: a subject stays a line or two at office widths."""
        if not obj.basis:
            return "未注明依据"
        short = CREDIT_BASIS_SHORT.get(obj.basis, obj.get_basis_display())
        if obj.basis == CreditBasis.OTHER_LAW and obj.basis_detail:
            short = obj.basis_detail if len(obj.basis_detail) <= 16 else obj.basis_detail[:15] + "…"
        return format_html('<span title="{}">{}</span>', f"{obj.get_basis_display()} {obj.basis_detail}".strip(), short)

    @admin.display(description="状态")
    def state_column(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        today = timezone.localdate()
        if obj.repaired_on is not None:
            colour, label = "tone-muted", "信用修复提前移出"
        elif obj.expired_at is not None or obj.ends_on < today:
            colour, label = "tone-muted", "已期满移出"
        elif obj.starts_on > today:
            colour, label = "tone-warning", "未到列入日期"
        else:
            colour, label = "tone-alert", "在列入期内（公开）"
        return format_html('<strong class="{}">{}</strong>', colour, label)

    # --- scoping and permissions ---------------------------------------------------------
    def get_queryset(self, request):
        return policies.visible_blacklist(request.user)

    def can_manage(self, user, obj) -> bool:
        """An entry off the list (期满 or 信用修复) is kept read-only."""
        return obj.expired_at is None and obj.repaired_on is None and policies.can_manage_entry(user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["queryset"] = policies.manageable_departments(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- saving through services ---------------------------------------------------------
    service_fields = services.BLACKLIST_FIELDS

    def service_create(self, actor, **fields):
        return services.blacklist_entry_create(actor=actor, **fields)

    def service_update(self, actor, obj, **fields):
        return services.blacklist_entry_update(actor=actor, entry=obj, **fields)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
