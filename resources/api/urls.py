from rest_framework.routers import SimpleRouter

from .views import BlacklistEntryViewSet, ResourceMatterViewSet

app_name = "resources-api"

router = SimpleRouter()
router.register("resource-matters", ResourceMatterViewSet, basename="resource-matter")
router.register("blacklist", BlacklistEntryViewSet, basename="blacklist-entry")

urlpatterns = router.urls
