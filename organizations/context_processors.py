"""The site's identity (organizations.site) in every template as `site`, read only by pages that show it."""

from django.utils.functional import SimpleLazyObject

from .site import site_identity


def site(request):
    return {"site": SimpleLazyObject(site_identity)}
