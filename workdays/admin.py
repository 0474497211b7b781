"""The office maintains the holiday calendar; every change goes through workdays.services."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse

from core.admin_base import PortalModelAdmin
from organizations.admin_mixins import StaffMayViewAdminMixin
from organizations.models import Department, Jurisdiction
from organizations.selectors import user_scope

from . import services
from .models import CalendarDay, CalendarYear


class OfficeCalendarMixin(StaffMayViewAdminMixin):
    def _is_office(self, request) -> bool:
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids)

    def has_add_permission(self, request):
        return self._is_office(request)

    def has_change_permission(self, request, obj=None):
        return self._is_office(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_office(request)


def local_jurisdiction_ids(request) -> set[int] | None:
    """Jurisdictions whose local holidays the user may set: those their office oversees (None: all)."""
    scope = user_scope(request.user)
    if scope.is_superuser:
        return None
    ids = set(Department.objects.filter(pk__in=scope.office_department_ids).values_list("jurisdiction_id", flat=True))
    return ids


def moved_message(change: services.CalendarChange) -> str:
    if not change.moved:
        return "未发布记录的应公开日期均未受影响。"
    return f"{change.moved} 条未发布记录的应公开日期随之调整，每条均已留痕（放假安排变更）。"


class ScopeFilter(admin.SimpleListFilter):
    """全国 or one jurisdiction's local rows (only jurisdictions that have some are listed)."""

    title = "适用范围"
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        local = Jurisdiction.objects.filter(calendar_days__isnull=False).distinct().order_by("code")
        return [("national", "全国"), *((str(j.pk), f"{j.name}及下级") for j in local)]

    def queryset(self, request, queryset):
        if self.value() == "national":
            return queryset.filter(jurisdiction__isnull=True)
        if not self.value():
            return queryset
        if self.value() not in {str(value) for value, _ in self.lookup_choices}:
            raise IncorrectLookupParameters(f"适用范围“{self.value()}”不在可选范围内。")  # Django's ?e=1
        return queryset.filter(jurisdiction_id=int(self.value()))


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeCalendarMixin, PortalModelAdmin):
    list_display = ["date", "kind", "note", "scope_label", "updated_at", "updated_by"]
    list_filter = ["kind", ScopeFilter]
    list_select_related = ["jurisdiction", "updated_by"]
    date_hierarchy = "date"
    search_fields = ["note"]
    fields = ["date", "kind", "note", "jurisdiction"]
    change_list_template = "admin/workdays/calendarday/change_list.html"

    @admin.display(description="适用范围", ordering="jurisdiction__code")
    def scope_label(self, obj):
        return f"{obj.jurisdiction.name}及下级" if obj.jurisdiction_id else "全国"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "jurisdiction":
            allowed = local_jurisdiction_ids(request)
            queryset = Jurisdiction.objects.all()
            kwargs["queryset"] = queryset if allowed is None else queryset.filter(pk__in=allowed)
            kwargs["empty_label"] = "全国（国务院放假安排）"
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.widget.can_add_related = field.widget.can_change_related = field.widget.can_view_related = False
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def _may_edit(self, request, obj) -> bool:
        if obj is None or obj.jurisdiction_id is None:
            return True
        allowed = local_jurisdiction_ids(request)
        return allowed is None or obj.jurisdiction_id in allowed

    def save_model(self, request, obj, form, change):
        result = services.calendar_day_set(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            note=obj.note,
            jurisdiction=obj.jurisdiction,
            day=obj if change else None,
        )
        if not obj.pk:
            obj.pk = CalendarDay.objects.get(date=obj.date, jurisdiction=obj.jurisdiction).pk
        messages.info(request, moved_message(result))

    def delete_model(self, request, obj):
        messages.info(request, moved_message(services.calendar_day_delete(actor=request.user, day=obj)))

    def delete_queryset(self, request, queryset):
        moved = sum(services.calendar_day_delete(actor=request.user, day=day).moved for day in queryset)
        messages.info(request, moved_message(services.CalendarChange(rows=0, moved=moved)))

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="workdays_calendarday_import"),
        ] + super().get_urls()

    def import_view(self, request):
        if not self._is_office(request):
            messages.error(request, "只有政务公开办可以导入放假安排。")
            return HttpResponseRedirect(reverse("admin:workdays_calendarday_changelist"))
        errors: list[str] = []
        if request.method == "POST" and request.FILES.get("file"):
            text = request.FILES["file"].read().decode("utf-8-sig", errors="replace")
            try:
                change = services.calendar_load_csv(
                    actor=request.user,
                    text=text,
                    mark_complete=bool(request.POST.get("mark_complete")),
                    notice=request.POST.get("notice", ""),
                    allowed_jurisdiction_ids=local_jurisdiction_ids(request),
                )
            except services.CalendarImportError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已导入 {change.rows} 天的放假/调休安排。{moved_message(change)}")
                return HttpResponseRedirect(reverse("admin:workdays_calendarday_changelist"))
        context = {**self.admin_site.each_context(request), "title": "导入放假安排（CSV）", "errors": errors, "opts": self.model._meta}
        return render(request, "admin/workdays/calendarday/import.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(OfficeCalendarMixin, PortalModelAdmin):
    list_display = ["year", "complete", "notice", "updated_at", "updated_by"]
    fields = ["year", "complete", "notice"]

    def save_model(self, request, obj, form, change):
        result = services.calendar_year_set(actor=request.user, year=obj.year, complete=obj.complete, notice=obj.notice)
        obj.pk = CalendarYear.objects.get(year=obj.year).pk
        messages.info(request, moved_message(result))

    def has_delete_permission(self, request, obj=None):
        return False
