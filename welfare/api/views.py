"""The welfare API: read-only. Records are written through the kernel's /api/v1/disclosures/."""

import datetime

from django.db.models import BooleanField, Case, F, Prefetch, Q, Value, When
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from disclosures.api.subjects import ChineseNotFoundMixin, SubjectViewSet
from disclosures.models import Disclosure
from disclosures.selectors import URGENT_WINDOW_DAYS

from ..apps import PROGRAMME
from ..filtersets import ProgrammeFilterSet, PublicBodyFilterSet
from ..selectors import public_bodies
from .serializers import ProgrammeDetailSerializer, ProgrammeSerializer, PublicBodySerializer


def programme_records_ordered(records) -> list[Disclosure]:
    """A programme's records as the programme page orders them: urgent records published within the
    column's urgent window first, then newest first (unpublished ones last)."""
    cutoff = timezone.now() - datetime.timedelta(days=URGENT_WINDOW_DAYS)
    return list(
        records.select_related("interpretation", "name_list")
        .prefetch_related(
            "name_list__entries",
            Prefetch(
                "interpreted_documents",
                queryset=Disclosure.objects.public().only("pk", "title", "interpretation_id").order_by("pk"),
                to_attr="public_interpreted",
            ),
        )
        .annotate(
            pinned=Case(
                When(Q(urgent=True, published_at__gte=cutoff), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-pinned", F("published_at").desc(nulls_last=True), "-formed_on", "-pk")
    )


@extend_schema(tags=["社会公益事业建设"])
@extend_schema_view(
    list=extend_schema(
        summary="社会公益事业项目列表",
        description="脱贫攻坚、教育、基本医疗卫生、公共文化体育、社会救助和社会福利、环境保护、灾害事故救援七个领域的项目（工作）。"
        "匿名用户只能看到至少有一条已公开信息的项目；工作人员还能看到本单位、本区划范围内的项目。"
        "筛选条件与公开页面相同：领域、信息类型（有该类型公开信息的项目）、主管部门、所属区划（含下级）、年份、关键词。",
    ),
    retrieve=extend_schema(
        summary="社会公益事业项目详情",
        description="项目基本情况（扶持谁、谁来扶、怎么扶、如何退）、资金公开表，以及信息记录（紧急信息在前）及其结构化字段、"
        "政策解读和对象名单。对象名单中的姓名、身份证号码、联系电话均已去标识化；公示期结束后，"
        "或向特定区域特定群体公开（村务公开栏张贴）的名单，不提供条目。",
    ),
)
class ProgrammeViewSet(SubjectViewSet):
    """社会公益事业建设：项目及其政策、资金、标准和对象名单等公开信息。"""

    subject_spec = PROGRAMME
    serializer_class = ProgrammeSerializer
    detail_serializer_class = ProgrammeDetailSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["total_funds", "starts_on", "ends_on", "created_at", "name"]

    def detail_records(self, records, programme) -> list:
        return programme_records_ordered(records)


@extend_schema(tags=["社会公益事业建设"])
@extend_schema_view(
    list=extend_schema(
        summary="公共企事业单位和慈善组织",
        description="政务公开办推动其如实公开社会公益事业信息、并开展考核评估的公共企事业单位和慈善组织，及每年的评估结果"
        "（《政府信息公开条例》第五十五条；《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）；《慈善法》）。"
        "登记即公开。可按名称（q）、单位类型（kind）、服务领域（service_area）筛选。",
    ),
    retrieve=extend_schema(summary="公共企事业单位或慈善组织详情", description="单位、主管部门、适用的信息公开规定、信息公开网址和历年评估结果。"),
)
class PublicBodyViewSet(ChineseNotFoundMixin, viewsets.ReadOnlyModelViewSet):
    """公共企事业单位和慈善组织及其信息公开评估结果。"""

    serializer_class = PublicBodySerializer
    filterset_class = PublicBodyFilterSet
    ordering_fields = ["name"]
    ordering = ["kind", "name", "pk"]
    not_found_message = "没有找到该单位。"

    def get_queryset(self):
        return public_bodies()
