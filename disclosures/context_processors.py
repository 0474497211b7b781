from django.conf import settings

from core.domains import all_domains


def column_navigation(request):
    return {"column_domains": all_domains(), "portal_site_name": settings.PORTAL_SITE_NAME}
