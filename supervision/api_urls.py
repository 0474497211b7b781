from rest_framework.routers import SimpleRouter

from .api import CircularViewSet, NoticeViewSet

app_name = "supervision-api"

router = SimpleRouter()
router.register("circulars", CircularViewSet, basename="circular")
router.register("supervision-notices", NoticeViewSet, basename="notice")

urlpatterns = router.urls
