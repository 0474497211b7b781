"""The public-resource API: read-only. Records are written through the kernel's /api/v1/disclosures/
(or the admin's 新增信息记录, which links them to their matter)."""

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from disclosures.api.subjects import ChineseNotFoundMixin, SubjectViewSet
from disclosures.models import Disclosure
from organizations.selectors import user_scope

from .. import policies
from ..apps import MATTER
from ..filtersets import BlacklistFilterSet, ResourceMatterFilterSet, in_force_q
from ..models import BlacklistEntry
from ..ocds import (
    OCDS_AREAS,
    is_ocds_matter,
    matter_releases,
    public_records_of,
    release_package,
    with_public_records,
)
from ..selectors import item_types, public_credit_entries, public_matters
from .serializers import (
    BlacklistEntrySerializer,
    OcdsReleasePackageSerializer,
    ResourceMatterDetailSerializer,
    ResourceMatterSerializer,
)


def api_blacklist_for(user):
    """Anonymous readers see the entries in force of both lists (严重失信主体名单 and 红名单, told apart by
    `list_type`); staff also every entry (taken off too) of their scope."""
    if not user_scope(user).is_staff_member:
        return public_credit_entries().select_related("department")
    scoped = policies.visible_blacklist(user).values("pk")
    return BlacklistEntry.objects.filter(Q(pk__in=scoped) | in_force_q()).select_related("department")


OCDS_NOTE = (
    "只包含政府采购、工程建设项目招标投标事项；每条已发布的主动公开信息记录的每个公开版本为一条发布（release），"
    "按发布时间排列：招标/采购公告 → tender，中标候选人公示 → award（pending），中标/采购结果 → award（active），"
    "合同 → contract，更正为相应的 update/amendment。草稿、审核中、已撤回、依申请公开和不予公开的记录以及涉及个人的名单"
    "都不会出现。ocid 为“前缀-事项 ID”，前缀由 PORTAL_OCDS_OCID_PREFIX 设置。可用 OCDS 1.1 发布包（release package）模式校验。"
)


def chain_ordered(records, area: str) -> list[Disclosure]:
    """Records in the area's chain order (公告 → 结果 → 合同…), each item type in publication order."""
    order = {code: position for position, (code, _label) in enumerate(item_types(area))}
    return sorted(records, key=lambda record: order.get((record.details or {}).get("item_type"), len(order)))


@extend_schema(tags=["公共资源配置"])
@extend_schema_view(
    list=extend_schema(
        summary="公共资源配置事项列表",
        description="住房保障、国有土地使用权出让、矿业权出让、政府采购、国有产权交易、工程建设项目招标投标六个领域的配置事项。"
        "匿名用户只能看到至少有一条已公开信息的事项；工作人员还能看到本单位、本区划范围内的事项。"
        "筛选条件与公开页面相同：领域、信息类型（有该类型已公开信息的事项）、主管部门、所属区划（含下级）、年份、金额范围、关键词（名称或编号）。",
    ),
    retrieve=extend_schema(
        summary="公共资源配置事项详情",
        description="事项基本情况、公开链条各环节状态，以及按链条顺序（公告 → 结果 → 合同）排列的信息记录及其结构化字段；"
        "涉及个人的分配对象、分配结果名单已去标识化，公示期结束后不再提供。",
    ),
)
class ResourceMatterViewSet(SubjectViewSet):
    """公共资源配置：事项及其从公告到结果的公开信息。"""

    subject_spec = MATTER
    serializer_class = ResourceMatterSerializer
    detail_serializer_class = ResourceMatterDetailSerializer
    filterset_class = ResourceMatterFilterSet
    ordering_fields = ["amount", "created_at", "name"]

    def get_queryset(self):
        if self.action in {"ocds", "ocds_package"}:
            # Open data is the same for everyone: public matters, public records only.
            return with_public_records(public_matters()).order_by("-created_at", "-pk")
        return super().get_queryset()

    def detail_records(self, records, matter) -> list:
        records = records.select_related("name_list").order_by(F("published_at").asc(nulls_last=True), "formed_on", "pk")
        return chain_ordered(records, matter.area)

    def _ocds_response(self, request, matters) -> Response:
        releases = [
            release for matter in matters for release in matter_releases(matter, public_records_of(matter))
        ]
        if not releases:
            raise NotFound("没有可作为开放数据（OCDS）发布的信息。")
        uri = settings.PORTAL_BASE_URL.rstrip("/") + request.get_full_path()
        return Response(release_package(releases, uri=uri))

    @extend_schema(
        summary="事项开放数据（OCDS）",
        description="一个政府采购或工程建设项目招标投标事项的 OCDS 1.1 发布包（release package）。" + OCDS_NOTE
        + "其他领域的事项，或尚无可发布信息的事项，返回 404。",
        responses={200: OcdsReleasePackageSerializer, 404: OpenApiResponse(description="没有找到该事项，或该事项没有 OCDS 开放数据。")},
    )
    @action(detail=True, methods=["get"], url_path="ocds", filterset_class=None, pagination_class=None)
    def ocds(self, request, pk=None):
        matter = self.get_object()
        if not is_ocds_matter(matter):
            raise NotFound(f"“{matter.get_area_display()}”事项不是采购或招标投标过程，没有 OCDS 开放数据。")
        return self._ocds_response(request, [matter])

    @extend_schema(
        summary="全部采购和招标投标开放数据（OCDS）",
        description="全部公开的政府采购、工程建设项目招标投标事项的 OCDS 1.1 发布包（release package），"
        "可用与事项列表相同的筛选条件（如 ?area=procurement&year=2026）缩小范围，不分页。" + OCDS_NOTE
        + "没有符合条件的发布时返回 404（发布包至少包含一条发布）。",
        operation_id="v1_resource_matters_ocds_package",
        filters=True,
        responses={200: OcdsReleasePackageSerializer, 404: OpenApiResponse(description="没有符合筛选条件的开放数据。")},
    )
    @action(detail=False, methods=["get"], url_path="ocds", url_name="ocds-package", pagination_class=None)
    def ocds_package(self, request):
        matters = self.filter_queryset(self.get_queryset()).filter(area__in=OCDS_AREAS)
        return self._ocds_response(request, matters)


@extend_schema(tags=["公共资源配置"])
@extend_schema_view(
    list=extend_schema(
        summary="严重失信主体名单和红名单",
        description="严重失信主体名单（国办发〔2020〕49号；2018年实施方案所称骗取公共资源等不良行为“黑名单”）和守信激励对象"
        "名单（红名单）。自然人的姓名去标识化显示。公众只能看到在列入期内的记录（未期满移出，且今天在列入日期与移出日期之间）；"
        "期满的记录由每日任务移出公开名单，保留但不再公开。工作人员还能看到本单位范围内的全部记录。"
        "可按主体名称或统一社会信用代码（q）、领域（area）、是否在列入期内（in_force）筛选。",
    ),
    retrieve=extend_schema(summary="名单记录详情", description="一条严重失信主体名单或红名单记录：主体、信用代码、不良行为、处理决定及文号、决定机关、列入期限。"),
)
class BlacklistEntryViewSet(ChineseNotFoundMixin, viewsets.ReadOnlyModelViewSet):
    """严重失信主体名单（国办发〔2020〕49号；原“黑名单”）和守信激励对象名单（红名单）。"""

    serializer_class = BlacklistEntrySerializer
    filterset_class = BlacklistFilterSet
    ordering_fields = ["starts_on", "ends_on", "subject_name"]
    ordering = ["-starts_on", "-pk"]

    def get_queryset(self):
        return api_blacklist_for(self.request.user).order_by("-starts_on", "-pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    not_found_message = "没有找到该名单记录，或该记录已期满或经信用修复移出公开名单。"
