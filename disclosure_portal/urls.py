import os

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api.views import TwoFactorTokenView
from disclosures.api.views import StatisticsView
from inforequests.views import disclosure_guide

from .views import ApiRootView, bulk_file, contact, data_json, open_data_page, site_map

api_v1 = [
    # Every endpoint with its Chinese title, from the open-data catalogue (disclosure_portal/open_data.py).
    path("", ApiRootView.as_view(), name="api-root"),
    # The token door asks for the same second factor as the admin (accounts.api.views).
    path("auth/token/", TwoFactorTokenView.as_view(), name="api-token"),
    path("statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("", include("organizations.api.urls")),
    path("", include("catalogue.api.urls")),
    path("", include("disclosures.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("resources.api.urls")),
    path("", include("welfare.api.urls")),
    path("", include("inforequests.api_urls")),
    path("", include("annualreports.api_urls")),
    path("", include("supervision.api_urls")),
]

urlpatterns = [
    path("admin/two-factor/", include("accounts.urls")),  # 双因素认证, in the admin area
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # The open-data catalogue: for harvesters (DCAT-US 1.1) and for citizens (开放数据).
    path("data.json", data_json, name="data-json"),
    path("open-data/", open_data_page, name="open-data"),
    # Bulk downloads, written nightly (disclosure_portal/bulk.py): <dataset>.csv.gz, .jsonl.gz, each with .sha256.
    path("open-data/bulk/<str:name>", bulk_file, name="bulk-file"),
    path("wzdt/", site_map, name="site-map"),  # 网站地图
    path("lxwm/", contact, name="contact"),  # 联系我们
    path("catalogue/", include("catalogue.urls")),
    path("inbox/", include("notifications.urls")),
    path("dashboard/", include("compliance.urls")),
    path("projects/", include("projects.urls")),
    path("resources/", include("resources.urls")),
    path("welfare/", include("welfare.urls")),
    path("ysq/", include("inforequests.urls")),  # 依申请公开
    # 政府信息公开指南 (条例第十二条): the top jurisdiction's, and each jurisdiction's by its code.
    path("xxgkzn/", disclosure_guide, name="disclosure-guide"),
    path("xxgkzn/<str:code>/", disclosure_guide, name="disclosure-guide"),
    path("nianbao/", include("annualreports.urls")),  # 政府信息公开工作年度报告
    path("tongbao/", include("supervision.urls")),  # 督办 通报 (the published ones)
    path("", include("disclosures.urls")),
]
if os.environ.get("PORTAL_BENCH_VIEWS") == "1":  # `make bench` only: a constant view, the throughput ceiling
    urlpatterns.insert(0, path("bench/", include("benchmarks.urls")))
