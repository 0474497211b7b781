from rest_framework.routers import SimpleRouter

from .views import ProgrammeViewSet, PublicBodyViewSet

app_name = "welfare-api"

router = SimpleRouter()
router.register("welfare-programmes", ProgrammeViewSet, basename="programme")
router.register("welfare-public-bodies", PublicBodyViewSet, basename="public-body")

urlpatterns = router.urls
