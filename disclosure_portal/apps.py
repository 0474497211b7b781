from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site (disclosure_portal.admin_site)."""

    default_site = "disclosure_portal.admin_site.PortalAdminSite"
