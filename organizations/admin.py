"""The office maintains its jurisdiction's departments and who holds which role in them."""

from django.contrib import admin

from core import caching
from core.admin_base import PortalModelAdmin

from .forms import MembershipForm, membership_user_choices
from .models import Department, Jurisdiction, Membership
from .selectors import user_scope


def _office_scope(request):
    scope = user_scope(request.user)
    return scope.is_superuser, scope.office_department_ids


class OfficeOnlyMixin:
    """Visible to superusers and to 政务公开办 users, limited to the departments they oversee."""

    def has_module_permission(self, request):
        superuser, departments = _office_scope(request)
        return superuser or bool(departments)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipRoleFormMixin:
    """The role form for the Membership admin and the department page's inline: users only from the
    office's jurisdictions, and no review or sign role for the office itself (organizations.forms)."""

    form = MembershipForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = membership_user_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(MembershipRoleFormMixin, admin.TabularInline):
    model = Membership
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.actor = request.user  # a class built for this request
        return formset

    def has_view_permission(self, request, obj=None):
        superuser, departments = _office_scope(request)
        return superuser or bool(departments)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)


@admin.register(Jurisdiction)
class JurisdictionAdmin(OfficeOnlyMixin, PortalModelAdmin):
    list_display = ["name", "code", "level", "parent", "deadline_days", "one_step_review", "auto_publish", "index_no_pattern"]
    list_filter = ["level", "one_step_review"]
    search_fields = ["name", "code"]
    fieldsets = [
        ("基本信息", {"fields": ["name", "code", "level", "parent", "index_no_pattern"]}),
        ("公开时限", {"fields": ["deadline_days", "deadline_basis", "decision_deadline_days", "hour_limit"]}),
        ("审核与发布", {"fields": ["one_step_review", "auto_publish"]}),
        ("督办与投诉", {"fields": ["supervision_answer_days", "complaint_answer_days"]}),
        (
            "网站标识",
            {
                "fields": [
                    "site_sponsor", "site_operator", "site_code", "icp_record", "police_record", "conac_url",
                    "contact_address", "contact_phone", "contact_email",
                ],
                "description": "《政府网站发展指引》（国办发〔2017〕47号）要求政府网站在每个页面底部列明主办单位及联系方式、"
                "政府网站标识码、ICP备案编号、公安机关备案号和党政机关网站标识。本站显示最上级区划的设置。",
            },
        ),
    ]

    def get_queryset(self, request):
        superuser, departments = _office_scope(request)
        queryset = super().get_queryset(request).select_related("parent")
        if superuser:
            return queryset
        return queryset.filter(departments__pk__in=departments).distinct()

    def has_add_permission(self, request, *args):
        return user_scope(request.user).is_superuser

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "conac_url":
            kwargs["assume_scheme"] = "https"  # an address typed without a scheme is the https one
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every public page shows the site's 网站标识 (organizations.site): cached pages are made again.
        caching.public_pages_changed()

    def get_readonly_fields(self, request, obj=None):
        # Moving a jurisdiction in the tree hands its departments to another office: superusers only.
        fields = list(super().get_readonly_fields(request, obj))
        if not user_scope(request.user).is_superuser:
            fields += ["parent", "level", "code"]
        return fields


@admin.register(Department)
class DepartmentAdmin(OfficeOnlyMixin, PortalModelAdmin):
    list_display = ["name", "code", "jurisdiction", "is_office", "phone"]
    list_filter = ["jurisdiction", "is_office"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        superuser, departments = _office_scope(request)
        queryset = super().get_queryset(request).select_related("jurisdiction")
        return queryset if superuser else queryset.filter(pk__in=departments)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Public lists name each record's 责任单位 and offer the departments as a filter: cached pages and
        # fragments (core/fragments.py) are made again with the new name.
        caching.public_pages_changed()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "jurisdiction":
            superuser, departments = _office_scope(request)
            if not superuser:
                kwargs["queryset"] = Jurisdiction.objects.filter(departments__pk__in=departments).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(MembershipRoleFormMixin, OfficeOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "department", "role"]
    list_filter = ["role", "department__jurisdiction"]
    search_fields = ["user__username", "user__first_name", "department__name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user  # a class built for this request
        return form

    def get_queryset(self, request):
        superuser, departments = _office_scope(request)
        queryset = super().get_queryset(request).select_related("user", "department")
        return queryset if superuser else queryset.filter(department_id__in=departments)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        superuser, departments = _office_scope(request)
        if db_field.name == "department" and not superuser:
            kwargs["queryset"] = Department.objects.filter(pk__in=departments)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
