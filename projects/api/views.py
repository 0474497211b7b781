"""The projects API: read-only. Records are written through the kernel's /api/v1/disclosures/."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from disclosures.api.subjects import SubjectViewSet

from ..apps import PROJECT
from ..filtersets import ProjectFilterSet
from ..oc4ids import ocds_packages_by_project, projects_package, public_records_by_project
from ..selectors import annual_statistics, public_projects
from .serializers import (
    ProjectDetailSerializer,
    ProjectSerializer,
    StatisticsQuerySerializer,
    StatisticsSerializer,
)

OPEN_DATA_ACTIONS = {"oc4ids", "oc4ids_package"}
OC4IDS_NOTE = (
    "只包含已发布且未标为不予公开的记录（草稿、审核中、已撤回的记录一律不出现），结构化字段只取自主动公开的记录，"
    "只列单位、不含个人信息；工作人员登录后结果相同。项目 ID 为“前缀-投资项目统一代码”，前缀由设置 "
    "PORTAL_OC4IDS_PROJECT_PREFIX 决定。九类信息与 OC4IDS 字段的对应关系及本地扩展（审批信息 approval："
    "文号、批准机关、日期、结果）见 docs/oc4ids.md。"
)


@extend_schema(tags=["重大建设项目"])
@extend_schema_view(
    list=extend_schema(
        summary="项目列表",
        description="重大建设项目列表。匿名用户只能看到至少有一条已公开信息的项目；工作人员还能看到本单位、本区划范围内的项目。"
        "筛选条件与公开页面相同：行业领域、项目阶段、所属区划（含下级）、牵头部门、管理方式、投资类型、PPP、年份、总投资范围、关键词。",
    ),
    retrieve=extend_schema(
        summary="项目详情",
        description="项目基本情况、公开完整性，以及按九类信息分组的信息记录及其结构化字段。",
    ),
)
class ProjectViewSet(SubjectViewSet):
    """重大建设项目批准和实施：项目及其九类公开信息。"""

    subject_spec = PROJECT
    serializer_class = ProjectSerializer
    detail_serializer_class = ProjectDetailSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["total_investment", "started_on", "completed_on", "created_at", "name"]

    def get_queryset(self):
        if self.action in OPEN_DATA_ACTIONS:
            # Open data is the same for everyone: public projects, whoever asks.
            return public_projects().order_by("-created_at", "-pk")
        return super().get_queryset()

    @extend_schema(
        summary="年度统计",
        description="某年度、某区划（含下级）重大建设项目领域各类信息的发布条数及合计（如芒市 2018 年："
        "171 / 543 / 637 / 23 / 1 / 98 / 77 / 21 / 9 = 1,580）。一条记录按其首次发布计一次；不予公开的记录不计。",
        parameters=[StatisticsQuerySerializer],
        responses=StatisticsSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def statistics(self, request, format=None):
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = annual_statistics(year=query.validated_data["year"], jurisdiction=query.validated_data.get("jurisdiction"))
        return Response(StatisticsSerializer(data).data)

    def _oc4ids_response(self, request, projects):
        records = public_records_by_project(projects)
        package = projects_package(
            [(project, records.get(project.pk, [])) for project in projects],
            uri=settings.PORTAL_BASE_URL.rstrip("/") + request.get_full_path(),
            ocds_by_project=ocds_packages_by_project(projects),
        )
        return Response(package)

    @extend_schema(
        summary="项目开放数据（OC4IDS）",
        description="一个项目的 OC4IDS 0.9 项目包（project package，projects 中只有这一个项目），"
        "可用 OC4IDS 0.9 项目包模式校验。" + OC4IDS_NOTE + "没有公开信息的项目返回 404。",
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="没有找到该项目，或该项目尚无公开的信息。")},
    )
    @action(
        detail=True, methods=["get"], url_path="oc4ids", filterset_class=None, pagination_class=None,
        renderer_classes=[JSONRenderer],
    )
    def oc4ids(self, request, pk=None):
        return self._oc4ids_response(request, [self.get_object()])

    @extend_schema(
        summary="全部项目开放数据（OC4IDS）",
        description="全部公开项目的 OC4IDS 0.9 项目包，可用与项目列表相同的筛选条件（如 ?sector=transport）缩小范围。"
        + OC4IDS_NOTE + "没有符合条件的公开项目时返回 404（OC4IDS 项目包至少包含一个项目）。",
        operation_id="v1_projects_oc4ids_package",
        filters=True,
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="没有符合筛选条件的公开项目。")},
    )
    @action(
        detail=False, methods=["get"], url_path="oc4ids", url_name="oc4ids-package", pagination_class=None,
        renderer_classes=[JSONRenderer],
    )
    def oc4ids_package(self, request):
        projects = list(self.filter_queryset(self.get_queryset()))
        if not projects:
            raise NotFound("没有符合筛选条件的公开项目。")
        return self._oc4ids_response(request, projects)
