"""
The office maintains the 标准目录 here. Thin: saves go through `services.catalogue_entry_save`
(validation + audit row); other staff may read; nobody deletes (deactivate instead).
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.admin_base import PortalModelAdmin
from core.domains import all_domains, get_domain

from . import services
from .forms import CatalogueEntryForm
from .models import CatalogueEntry
from .policies import can_edit_catalogue, can_view_catalogue
from .selectors import entry_history

ACTION_LABELS = {"catalogue.create": "新增", "catalogue.update": "修改"}


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


def _field_label(name: str) -> str:
    try:
        return str(CatalogueEntry._meta.get_field(name).verbose_name)
    except Exception:  # a field that has since been removed
        return name


def _value_text(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(PortalModelAdmin):
    form = CatalogueEntryForm
    list_display = [
        "domain_label",
        "category_label",
        "level1",
        "level2",
        "limit_column",
        "subject",
        "audience",
        "mode",
        "is_active",
    ]
    list_display_links = ["level1", "level2"]
    list_filter = [DomainFilter, CategoryFilter, "limit_kind", "audience", "is_active"]
    search_fields = ["level1", "level2", "content"]
    ordering = ["domain", "ordering", "code"]
    list_per_page = 50
    actions = ["deactivate_entries", "activate_entries"]
    fieldsets = [
        (None, {"fields": ["code", "domain", "category", "level1", "level2", "content", "basis"]}),
        ("公开要求", {"fields": ["limit_kind", "limit_days", "limit_hours", "limit_basis", "decision_type", "item_types", "subject", "channels", "audience", "mode"]}),
        ("归档", {"fields": ["retention"]}),
        ("管理", {"fields": ["ordering", "is_active"]}),
        ("修改记录", {"fields": ["audit_history"]}),
    ]

    # -- columns --------------------------------------------------------------------------------
    @admin.display(description="领域", ordering="domain")
    def domain_label(self, obj):
        domain = get_domain(obj.domain)
        return domain.short_label if domain else obj.domain

    @admin.display(description="主题分类", ordering="category")
    def category_label(self, obj):
        domain = get_domain(obj.domain)
        return domain.category_name(obj.category) if domain else obj.category

    @admin.display(description="公开时限", ordering="limit_days")
    def limit_column(self, obj):
        return obj.limit_display

    @admin.display(description="修改记录")
    def audit_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = list(entry_history(obj))
        if not rows:
            return "暂无修改记录"
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M"),
                    row.actor_name,
                    ACTION_LABELS.get(row.action, row.action),
                    "；".join(
                        f"{_field_label(name)}：{_value_text(old)} → {_value_text(new)}"
                        for name, (old, new) in (row.data.get("changes") or {}).items()
                    ),
                )
                for row in rows
            ),
        )
        return format_html(
            '<table class="catalogue-history"><thead><tr><th>时间</th><th>操作人</th><th>动作</th>'
            "<th>变更内容（原值 → 新值）</th></tr></thead><tbody>{}</tbody></table>",
            body,
        )

    # -- permissions ----------------------------------------------------------------------------
    def has_module_permission(self, request):
        return can_view_catalogue(request.user)

    def has_view_permission(self, request, obj=None):
        return can_view_catalogue(request.user)

    def has_add_permission(self, request):
        return can_edit_catalogue(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_catalogue(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # entries are deactivated, never deleted: records point to them

    def get_readonly_fields(self, request, obj=None):
        # The code is the entry's stable identity (records and the audit trail refer to it).
        return ["audit_history", "code"] if obj is not None else ["audit_history"]

    # -- writes ---------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        services.catalogue_entry_save(
            actor=request.user, entry=obj, changed_fields=form.changed_data if change else None
        )

    def _set_active(self, request, queryset, active: bool) -> int:
        count = 0
        for entry in queryset.filter(is_active=not active):
            entry.is_active = active
            services.catalogue_entry_save(actor=request.user, entry=entry, changed_fields=["is_active"])
            count += 1
        return count

    @admin.action(description="停用所选事项", permissions=["change"])
    def deactivate_entries(self, request, queryset):
        count = self._set_active(request, queryset, False)
        self.message_user(request, f"已停用 {count} 个事项。", messages.SUCCESS)

    @admin.action(description="启用所选事项", permissions=["change"])
    def activate_entries(self, request, queryset):
        count = self._set_active(request, queryset, True)
        self.message_user(request, f"已启用 {count} 个事项。", messages.SUCCESS)
