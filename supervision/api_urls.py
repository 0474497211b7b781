from rest_framework.routers import SimpleRouter

from .api import CircularViewSet

app_name = "supervision-api"

router = SimpleRouter()
router.register("circulars", CircularViewSet, basename="circular")

urlpatterns = router.urls
