"""One pagination for the whole API: `?page=` and `?page_size=` (capped), bad pages are a 400 in Chinese."""

from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "每页条数（默认 20，最多 100；超过按 100 计）。"
    page_query_description = "页码，从 1 开始。"

    @property
    def page_size(self) -> int:  # read at request time so tests and deployments can change it
        return settings.PORTAL_API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.PORTAL_API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            pages = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            value = request.query_params.get(self.page_query_param, "")
            raise ValidationError(
                {self.page_query_param: [f"页码无效：“{value[:20]}”。请填写 1 到 {pages} 之间的整数。"]}
            ) from None

    def get_paginated_response_schema(self, schema):
        """`next` and `previous` are null on the first and last page: said the OpenAPI 3.1 way (a type
        list), which strict validators accept, instead of 3.0's `nullable`."""
        paged = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = paged["properties"][name]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
        paged["required"] = ["count", "next", "previous", "results"]
        return paged
