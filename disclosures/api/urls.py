from rest_framework.routers import DefaultRouter

from .views import DisclosureViewSet

app_name = "disclosures-api"

# The API root is disclosure_portal.views.ApiRootView (every endpoint); DefaultRouter still adds the `.json`
# / `.api` format suffixes.
router = DefaultRouter()
router.include_root_view = False
router.register("disclosures", DisclosureViewSet, basename="disclosure")

urlpatterns = router.urls
