from rest_framework.routers import SimpleRouter

from .views import DepartmentViewSet, JurisdictionViewSet

app_name = "organizations-api"

router = SimpleRouter()
router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")
router.register("departments", DepartmentViewSet, basename="department")

urlpatterns = router.urls
