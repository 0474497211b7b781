"""Jurisdictions and departments: public reference data (read-only)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..filtersets import DepartmentFilterSet, JurisdictionFilterSet
from ..models import Department, Jurisdiction
from .serializers import DepartmentSerializer, JurisdictionSerializer


@extend_schema(tags=["机构"])
@extend_schema_view(
    list=extend_schema(summary="行政区划列表", description="本平台的行政区划（县、乡镇……）及其公开时限（工作日）。"),
    retrieve=extend_schema(summary="行政区划详情"),
)
class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划。"""

    queryset = Jurisdiction.objects.order_by("code", "pk")
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilterSet
    ordering_fields = ["code", "name"]


@extend_schema(tags=["机构"])
@extend_schema_view(
    list=extend_schema(summary="责任单位列表", description="发布信息的责任单位（谁批准谁公开、谁实施谁公开），可按区划（含下级）筛选。"),
    retrieve=extend_schema(summary="责任单位详情"),
)
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """责任单位。"""

    queryset = Department.objects.select_related("jurisdiction").order_by("jurisdiction__code", "ordering", "code", "pk")
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    ordering_fields = ["code", "name", "ordering"]
