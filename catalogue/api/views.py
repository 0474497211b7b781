"""The published 标准目录 (read-only): what must be disclosed, by whom, within how many working days."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filtersets import CatalogueEntryFilterSet
from ..selectors import active_entries
from .serializers import CatalogueEntrySerializer


@extend_schema(tags=["标准目录"])
@extend_schema_view(
    list=extend_schema(
        summary="标准目录事项列表",
        description="启用中的公开事项：一级/二级事项、公开内容、公开依据、公开时限（工作日）、公开主体、渠道、对象和方式。",
    ),
    retrieve=extend_schema(summary="标准目录事项详情"),
)
class CatalogueEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """标准目录。"""

    serializer_class = CatalogueEntrySerializer
    filterset_class = CatalogueEntryFilterSet
    ordering_fields = ["code", "ordering", "limit_days"]

    def get_queryset(self):
        return active_entries().order_by("domain", "ordering", "code", "pk")
