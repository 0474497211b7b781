"""The doors of the open-data catalogue (disclosure_portal/open_data.py): /data.json (the catalogue written in
DCAT-US 1.1), the 开放数据 page and the API root. The catalogue says what is listed; these only write it.
And the bulk files it lists (disclosure_portal/bulk.py), served with ETag, Last-Modified and byte ranges."""

import datetime
import hashlib
import os
import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET, require_safe
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.caching import cached_public_page

from . import bulk, open_data


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
    if link.checksum:  # a bulk file: DCAT 2's byteSize and SPDX checksum, when it was written, under which licence
        licence = open_data.license_info()
        item["byteSize"] = link.byte_size
        item["checksum"] = {"algorithm": "sha256", "checksumValue": link.checksum}
        item["modified"] = _iso(link.modified)
        if licence:
            item["license"] = licence["url"]
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


# ---------------------------------------------------------------------------------------------
# Bulk downloads (disclosure_portal/bulk.py): whole files with ETag, Last-Modified and byte ranges
# ---------------------------------------------------------------------------------------------
RANGE = re.compile(r"bytes=(\d*)-(\d*)")
BLOCK = 64 * 1024


class _Slice:
    """`length` bytes of an open file from its current position, in blocks; closes the file when the
    response is closed (even if never read)."""

    def __init__(self, handle, length: int):
        self.handle, self.left = handle, length

    def __iter__(self):
        while self.left > 0:
            block = self.handle.read(min(BLOCK, self.left))
            if not block:
                break
            self.left -= len(block)
            yield block

    def close(self) -> None:
        self.handle.close()


def byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """The single range `bytes=a-b`, `bytes=a-` or `bytes=-n` of a `size`-byte file as (first, last): None
    when the header is absent, malformed or asks several ranges (the whole file is sent, RFC 9110 §14.2),
    False when no byte of it is in the file (416)."""
    match = RANGE.fullmatch(header.strip().replace(" ", "")) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        if int(last) == 0 or size == 0:
            return False
        return max(0, size - int(last)), size - 1
    if last and int(last) < int(first):
        return None
    if int(first) >= size:
        return False
    return int(first), min(int(last), size - 1) if last else size - 1


@require_safe
def bulk_file(request, name: str):
    """One file of the current bulk build (or its `.sha256`): ETag is its sha256, Last-Modified when it was
    written; `If-None-Match` / `If-Modified-Since` answer 304, one `Range` 206 (416 when outside the file),
    `If-Range` with an older ETag or date the whole new file."""
    build = bulk.current()
    checksum = name.endswith(".sha256")
    entry = build.entry(name.removesuffix(".sha256")) if build else None
    if entry is None:
        raise Http404("没有这个批量下载文件（文件清单见 /data.json）")
    modified = datetime.datetime.fromisoformat(entry["modified"])
    etag = f'"{hashlib.sha256(entry["sha256"].encode()).hexdigest()}"' if checksum else f'"{entry["sha256"]}"'
    last_modified = int(modified.timestamp())
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": "public, no-cache",  # asked again each time: the next night's build replaces it
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
    }
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        for key, value in headers.items():
            not_modified[key] = value
        return not_modified
    handle = open(build.directory / name, "rb")  # noqa: SIM115 - closed by the response
    size = os.fstat(handle.fileno()).st_size
    content_type = "text/plain; charset=utf-8" if checksum else bulk.GZIP
    if_range = request.headers.get("If-Range")
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is not None and if_range and if_range not in (etag, headers["Last-Modified"]):
        wanted = None  # the reader's part is of another version: send the whole file
    if wanted is False:
        handle.close()
        response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    else:
        first, last = wanted
        handle.seek(first)
        response = StreamingHttpResponse(_Slice(handle, last - first + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    for key, value in headers.items():
        response[key] = value
    return response
