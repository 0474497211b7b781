"""The office maintains the holiday calendar; every change goes through workdays.services."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse

from organizations.selectors import user_scope

from . import services
from .models import CalendarDay, CalendarYear


class OfficeCalendarMixin:
    def _is_office(self, request) -> bool:
        scope = user_scope(request.user)
        return scope.is_superuser or bool(scope.office_department_ids)

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member

    def has_add_permission(self, request):
        return self._is_office(request)

    def has_change_permission(self, request, obj=None):
        return self._is_office(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_office(request)


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeCalendarMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "note", "updated_at", "updated_by"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["note"]
    fields = ["date", "kind", "note"]
    change_list_template = "admin/workdays/calendarday/change_list.html"

    def save_model(self, request, obj, form, change):
        saved = services.calendar_day_set(actor=request.user, date=obj.date, kind=obj.kind, note=obj.note)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.calendar_day_delete(actor=request.user, day=day)

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
                count = services.calendar_load_csv(
                    actor=request.user,
                    text=text,
                    mark_complete=bool(request.POST.get("mark_complete")),
                    notice=request.POST.get("notice", ""),
                )
            except services.CalendarImportError as exc:
                errors = exc.errors
            else:
                messages.success(request, f"已导入 {count} 天的放假/调休安排，未发布记录的应公开日期将重新计算。")
                return HttpResponseRedirect(reverse("admin:workdays_calendarday_changelist"))
        context = {**self.admin_site.each_context(request), "title": "导入放假安排（CSV）", "errors": errors, "opts": self.model._meta}
        return render(request, "admin/workdays/calendarday/import.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(OfficeCalendarMixin, admin.ModelAdmin):
    list_display = ["year", "complete", "notice", "updated_at", "updated_by"]
    fields = ["year", "complete", "notice"]

    def save_model(self, request, obj, form, change):
        saved = services.calendar_year_set(actor=request.user, year=obj.year, complete=obj.complete, notice=obj.notice)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False
