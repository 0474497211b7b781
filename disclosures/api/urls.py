from rest_framework.routers import DefaultRouter

from .views import DisclosureViewSet

app_name = "disclosures-api"

router = DefaultRouter()
router.register("disclosures", DisclosureViewSet, basename="disclosure")

urlpatterns = router.urls
