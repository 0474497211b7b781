from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_base import PortalModelAdmin
from core.exceptions import WorkflowError
from disclosures import policies
from disclosures.admin import error_text
from organizations.admin_mixins import StaffMayViewAdminMixin
from organizations.selectors import user_scope

from . import services
from .forms import NameListForm
from .models import NameList, NameListEntry
from .selectors import notice_period_text, printable_name_list

SETTINGS = ["long_term", "notice_days", "notice_unit", "scope", "scope_description", "show_amount"]


class NameListEntryInline(admin.TabularInline):
    model = NameListEntry
    fields = ["position", "name", "id_number", "phone", "locality", "household_size", "amount", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # entries are replaced by name_list_save on a draft, never deleted here (issue 26)

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member


@admin.register(NameList)
class NameListAdmin(StaffMayViewAdminMixin, PortalModelAdmin):
    form = NameListForm
    inlines = [NameListEntryInline]
    list_display = ["disclosure", "scope", "notice_period", "entry_count", "print_link"]
    list_filter = ["scope", "long_term", "notice_unit"]
    search_fields = ["disclosure__title"]
    list_select_related = ["disclosure"]

    def get_queryset(self, request):
        scope = user_scope(request.user)
        queryset = super().get_queryset(request)
        if scope.is_superuser:
            return queryset
        return queryset.filter(disclosure__department_id__in=scope.visible_department_ids)

    def has_add_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_change_permission(self, request, obj=None):
        return obj is None or policies.can_edit(request.user, obj.disclosure)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = [f for f in NameListForm.Meta.fields if not (obj and f == "disclosure")]
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedForm

    def get_fields(self, request, obj=None):
        fields = [f for f in NameListForm.Meta.fields if not (obj and f == "disclosure")]
        # The upload is a form field, not a column: a reader (view permission only) has no form to upload with.
        return fields + ["entries_file"] if self.has_change_permission(request, obj) or obj is None else fields

    @admin.display(description="公示期")
    def notice_period(self, obj):
        """Compact in the list (the dates wrap into four lines at 1280 px in words): 2026-12-07 至 2026-12-14."""
        starts_on = obj.notice_starts_on
        if starts_on is None:
            return notice_period_text(obj)
        if obj.long_term:
            return format_html('<span class="nowrap">{}</span> 起长期公示', starts_on.isoformat())
        return format_html(
            '<span class="nowrap">{}</span> 至 <span class="nowrap">{}</span>',
            starts_on.isoformat(), obj.notice_ends_on.isoformat(),
        )

    @admin.display(description="人数")
    def entry_count(self, obj):
        return obj.entries.count()

    @admin.display(description="公示栏打印")
    def print_link(self, obj):
        return format_html('<a href="{}">打印</a>', reverse("admin:namelists_namelist_print", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        settings = {name: form.cleaned_data[name] for name in SETTINGS}
        upload = form.cleaned_data.get("entries_file")
        if upload:
            saved = services.name_list_import(actor=request.user, disclosure=obj.disclosure, upload=upload, **settings)
        else:  # settings only: keep the entries as they are
            entries = list(obj.entries.values(*services.CSV_COLUMNS))
            saved = services.name_list_save(actor=request.user, disclosure=obj.disclosure, entries=entries, **settings)
        obj.pk = saved.pk

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_urls(self):
        return [
            path("<int:pk>/print/", self.admin_site.admin_view(self.print_view), name="namelists_namelist_print"),
        ] + super().get_urls()

    def print_view(self, request, pk):
        name_list = get_object_or_404(self.get_queryset(request), pk=pk)
        return render(request, "namelists/print.html", printable_name_list(name_list))
