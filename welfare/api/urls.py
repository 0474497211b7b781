from rest_framework.routers import SimpleRouter

from .views import ProgrammeViewSet

app_name = "welfare-api"

router = SimpleRouter()
router.register("welfare-programmes", ProgrammeViewSet, basename="programme")

urlpatterns = router.urls
