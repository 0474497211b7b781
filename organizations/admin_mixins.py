"""What the portal's admins share about who may open them."""

from .selectors import user_scope


class StaffMayViewAdminMixin:
    """Every staff member (a membership in some department, or a superuser) sees the admin's module and may
    open its lists and pages; who may add or change is each admin's own rule."""

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user).is_staff_member
