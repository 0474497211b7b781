"""The project's URLs plus the catalogue page, until disclosure_portal/urls.py includes it itself."""

from django.urls import include, path

from disclosure_portal.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "catalogue" for pattern in urlpatterns):
    # Before the column pages' catch-all `<domain>/`.
    urlpatterns.insert(0, path("catalogue/", include("catalogue.urls")))
