from rest_framework.routers import SimpleRouter

from .views import ProjectViewSet

app_name = "projects-api"

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")

urlpatterns = router.urls
