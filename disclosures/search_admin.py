"""
The admin of 检索同义词 (issue 23, part 6): the 政务公开办 keeps the groups of words a search treats as one
(公租房 / 公共租赁住房). Only the office (and superusers) sees the page; every save and delete goes through
`search_help` (audit row, cached public pages refreshed).
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.admin_base import PortalModelAdmin, compact_date

from . import search_help
from .search_models import SynonymGroup


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["terms"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"})}


@admin.register(SynonymGroup)
class SynonymGroupAdmin(PortalModelAdmin):
    form = SynonymGroupForm
    list_display = ["__str__", "searches", "updated_column", "updated_by"]
    list_select_related = ["updated_by"]
    search_fields = ["terms"]
    readonly_fields = ["searches", "updated_at", "updated_by"]

    @admin.display(description="检索页面")
    def searches(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("disclosures:search")
        return format_html_join("、", '<a href="{}?q={}" target="_blank" rel="noopener">{}</a>',
                                ((url, word, word) for word in obj.term_list()))

    @admin.display(description="更新时间", ordering="updated_at")
    def updated_column(self, obj):
        return compact_date(obj.updated_at.date()) if obj.updated_at else format_html("—")

    # --- who sees what: the office only ---------------------------------------------------------
    def has_module_permission(self, request):
        return search_help.can_manage_synonyms(request.user)

    def has_view_permission(self, request, obj=None):
        return search_help.can_manage_synonyms(request.user)

    def has_add_permission(self, request):
        return search_help.can_manage_synonyms(request.user)

    def has_change_permission(self, request, obj=None):
        return search_help.can_manage_synonyms(request.user)

    def has_delete_permission(self, request, obj=None):
        return search_help.can_manage_synonyms(request.user)

    # --- writes ------------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        search_help.synonym_group_save(actor=request.user, group=obj)

    def delete_model(self, request, obj):
        search_help.synonym_group_delete(actor=request.user, group=obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            search_help.synonym_group_delete(actor=request.user, group=group)

    def log_addition(self, request, obj, message):
        """The audit log (synonyms.create / update / delete) records it."""

    log_change = log_addition

    def log_deletions(self, request, queryset):
        """The audit log (synonyms.delete) records it."""
