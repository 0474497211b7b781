from rest_framework.routers import SimpleRouter

from .api import InfoRequestViewSet

app_name = "inforequests-api"

router = SimpleRouter()
router.register("info-requests", InfoRequestViewSet, basename="inforequest")

urlpatterns = router.urls
