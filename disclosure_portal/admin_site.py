"""The back office's admin site: the portal's header, and 我的待办 as its landing page."""

from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    site_header = "重点领域信息公开 · 工作台"
    site_title = "重点领域信息公开"
    index_title = "我的待办"
    # Django's module sidebar takes ~300 px of a 1280 px office screen beside the list filters: the record
    # list's titles were squeezed to a few characters a line. The breadcrumbs and the index lead to the modules.
    enable_nav_sidebar = False
    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        """我的待办 (disclosures.admin_todo) above the modules the user may open."""
        # Imported here: it imports disclosures.admin, which registers its ModelAdmins on this very site, and
        # this module is loaded while that site is being created.
        from disclosures.admin_todo import todo_sections

        context = {"todo_sections": todo_sections(request.user), **(extra_context or {})}
        return super().index(request, context)
