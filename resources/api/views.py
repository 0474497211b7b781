"""The public-resource API: read-only. Records are written through the kernel's /api/v1/disclosures/
(or the admin's 新增信息记录, which links them to their matter)."""

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from disclosures.choices import Status
from disclosures.models import Disclosure
from disclosures.selectors import api_disclosures_for
from organizations.selectors import user_scope

from .. import policies
from ..filtersets import BlacklistFilterSet, ResourceMatterFilterSet, in_force_q
from ..models import BlacklistEntry, ResourceMatter
from ..selectors import item_types, public_blacklist, public_matters
from .serializers import BlacklistEntrySerializer, ResourceMatterDetailSerializer, ResourceMatterSerializer


def api_matters_for(user):
    """Anonymous readers see the public matters (with at least one public record); staff also their scope."""
    if not user_scope(user).is_staff_member:
        return public_matters()
    has_public_record = Disclosure.objects.public().filter(matter_link__matter=OuterRef("pk"))
    scoped = policies.visible_matters(user).values("pk")
    return ResourceMatter.objects.filter(Q(pk__in=scoped) | Exists(has_public_record)).select_related(
        "jurisdiction", "department"
    )


def api_blacklist_for(user):
    """Anonymous readers see the entries in force; staff also every entry (expired too) of their scope."""
    if not user_scope(user).is_staff_member:
        return public_blacklist().select_related("department")
    scoped = policies.visible_blacklist(user).values("pk")
    return BlacklistEntry.objects.filter(Q(pk__in=scoped) | in_force_q()).select_related("department")


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
class ResourceMatterViewSet(viewsets.ReadOnlyModelViewSet):
    """公共资源配置：事项及其从公告到结果的公开信息。"""

    filterset_class = ResourceMatterFilterSet
    ordering_fields = ["amount", "created_at", "name"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return api_matters_for(self.request.user).order_by("-created_at", "-pk")

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound("没有找到该事项，或该事项尚无公开的信息。") from exc

    def get_serializer_class(self):
        return ResourceMatterDetailSerializer if self.action == "retrieve" else ResourceMatterSerializer

    def retrieve(self, request, *args, **kwargs):
        matter = self.get_object()
        records = (
            api_disclosures_for(request.user)
            .filter(matter_link__matter=matter)
            .exclude(status__in=[Status.MERGED, Status.WITHDRAWN])
            .select_related("name_list")
            .order_by(F("published_at").asc(nulls_last=True), "formed_on", "pk")
        )
        if not user_scope(request.user).is_staff_member:
            records = records.filter(status=Status.PUBLISHED)
        context = {**self.get_serializer_context(), "matter_records": chain_ordered(records, matter.area)}
        return Response(ResourceMatterDetailSerializer(matter, context=context).data)


@extend_schema(tags=["公共资源配置"])
@extend_schema_view(
    list=extend_schema(
        summary="黑名单",
        description="骗取公共资源等不良行为“黑名单”。公众只能看到在列入期内的记录（未期满移出，且今天在列入日期与移出日期之间）；"
        "期满的记录由每日任务移出公开名单，保留但不再公开。工作人员还能看到本单位范围内的全部记录。"
        "可按主体名称或统一社会信用代码（q）、领域（area）、是否在列入期内（in_force）筛选。",
    ),
    retrieve=extend_schema(summary="黑名单记录详情", description="一条黑名单记录：主体、信用代码、不良行为、处理决定及文号、决定机关、列入期限。"),
)
class BlacklistEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """骗取公共资源等不良行为“黑名单”。"""

    serializer_class = BlacklistEntrySerializer
    filterset_class = BlacklistFilterSet
    ordering_fields = ["starts_on", "ends_on", "subject_name"]
    ordering = ["-starts_on", "-pk"]

    def get_queryset(self):
        return api_blacklist_for(self.request.user).order_by("-starts_on", "-pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound("没有找到该黑名单记录，或该记录已期满移出公开名单。") from exc
