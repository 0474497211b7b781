"""The doors of the open-data catalogue (disclosure_portal/open_data.py): /data.json (the catalogue written in
DCAT-US 1.1), the 开放数据 page and the API root. The catalogue says what is listed; these only write it."""

import datetime

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.caching import cached_public_page

from . import open_data


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _distribution(link: open_data.Link) -> dict:
    """A DCAT-US 1.1 distribution: a file is a downloadURL (with its mediaType), an API an accessURL
    described by the OpenAPI document."""
    item = {"@type": "dcat:Distribution", "title": link.title, "format": link.format, "mediaType": link.media_type}
    if link.kind == "api":
        item["accessURL"] = link.url
    else:
        item["downloadURL"] = link.url
    if link.conforms_to:
        item["conformsTo"] = link.conforms_to
    if link.description:
        item["description"] = link.description
    return item


def dcat_catalog(request) -> dict:
    """The catalogue in the Project Open Data metadata schema, DCAT-US 1.1 (`/data.json`).

    Required fields the portal cannot fill are left out rather than invented: `modified` where the data holds
    no date, `contactPoint.hasEmail` until PORTAL_DATA_CONTACT_EMAIL is set, and `bureauCode`/`programCode`
    (United States federal agencies only). `identifier` is a tag URI, the same on every host."""
    publisher = {"@type": "org:Organization", "name": settings.PORTAL_PUBLISHER_NAME}
    contact = {"@type": "vcard:Contact", "fn": settings.PORTAL_PUBLISHER_NAME}
    if settings.PORTAL_DATA_CONTACT_EMAIL:
        contact["hasEmail"] = f"mailto:{settings.PORTAL_DATA_CONTACT_EMAIL}"
    licence = open_data.license_info()
    schema_url = request.build_absolute_uri(reverse("api-schema"))
    documents = []
    for entry in open_data.catalogue(request):
        dataset = entry.dataset
        has_api = any(link.kind == "api" for link in entry.links)
        document = {
            "@type": "dcat:Dataset",
            "identifier": dataset.identifier,
            "title": dataset.title,
            "description": dataset.description,
            "keyword": list(dataset.keywords),
            "modified": _iso(entry.modified),
            "publisher": publisher,
            "contactPoint": contact,
            "accessLevel": "public",
            "license": licence["url"] if licence else None,
            "language": ["zh-CN"],
            "landingPage": entry.landing,
            "describedBy": schema_url if has_api else None,  # the OpenAPI document (YAML) of its API
            "describedByType": "application/vnd.oai.openapi" if has_api else None,
            "distribution": [_distribution(link) for link in entry.links],
        }
        documents.append({key: value for key, value in document.items() if value is not None})
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": request.build_absolute_uri(reverse("data-json")),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": documents,
    }


@require_GET
@cached_public_page
def data_json(request):
    """The machine-readable catalogue (DCAT-US 1.1, the Project Open Data `data.json`)."""
    return JsonResponse(dcat_catalog(request), json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
@cached_public_page
def open_data_page(request):
    """开放数据: every dataset with its downloads, for citizens (the footer's link)."""
    return render(
        request,
        "open_data.html",
        {"entries": open_data.catalogue(request), "license": open_data.license_info()},
    )


class ApiRootView(APIView):
    """重点领域信息公开开放接口：全部接口及其中文名称。"""

    name = "开放接口"  # the browsable page's title

    @extend_schema(exclude=True)  # a list of links, as DRF's own API root, not an operation
    def get(self, request, format=None):
        def url(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response({
            "title": "重点领域信息公开开放接口",
            "description": "匿名用户可以读取已公开的数据；标明需要登录的接口供工作人员使用（登录会话或令牌）。"
            "列表分页（?page=、?page_size=），筛选条件与网页相同。",
            "schema": url("api-schema"),
            "docs": url("api-docs"),
            "data_catalogue": url("data-json"),
            "open_data_page": url("open-data"),
            "endpoints": open_data.api_endpoints(request),
        })


# ---------------------------------------------------------------------------------------------
# 网站地图 and 联系我们, which a government website lists at the bottom of every page (国办发〔2017〕47号)
# ---------------------------------------------------------------------------------------------
@require_GET
@cached_public_page
def site_map(request):
    """网站地图: every section of the site, from the domain registry (columns, categories, libraries)."""
    return render(request, "site_map.html")


@require_GET
@cached_public_page
def contact(request):
    """联系我们: the 主办单位's address, phone and e-mail (the site's jurisdiction, organizations.site)."""
    return render(request, "contact.html")
