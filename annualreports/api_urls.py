from rest_framework.routers import SimpleRouter

from .api import AnnualReportViewSet

app_name = "annualreports-api"

router = SimpleRouter()
router.register("annual-reports", AnnualReportViewSet, basename="annualreport")

urlpatterns = router.urls
