from rest_framework.routers import SimpleRouter

from .views import CatalogueEntryViewSet

app_name = "catalogue-api"

router = SimpleRouter()
router.register("catalogue", CatalogueEntryViewSet, basename="catalogue-entry")

urlpatterns = router.urls
