"""The disclosures API. Reads come from selectors; every write calls the kernel's services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import pii
from core.domains import get_domain
from organizations.selectors import user_scope

from .. import services
from ..filtersets import DisclosureFilterSet
from ..selectors import (
    api_disclosures_for,
    disclosures_for_user,
    merged_corrections,
    public_detail_disclosures,
    publication_statistics,
)
from .parsers import BoundedJSONParser
from .permissions import TwoFactorTokenForWorkflow
from .serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    DisclosureSerializer,
    PiiMaskRequestSerializer,
    PiiOverrideRequestSerializer,
    PiiScanSerializer,
    PublicationStatisticsQuerySerializer,
    PublicationStatisticsSerializer,
    PublicDisclosureDetailSerializer,
    PublicDisclosureSerializer,
    WorkflowActionSerializer,
)


class ReadOnlyOrAuthenticated(permissions.BasePermission):
    message = "请先登录或提供有效的令牌。"

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)


# Workflow steps: an API token of a user with an authenticator (or whose role requires one) must have
# been issued after a second-factor code and be unexpired (permissions.py, docs/security.md).
WORKFLOW_PERMISSIONS = [ReadOnlyOrAuthenticated, TwoFactorTokenForWorkflow]


@extend_schema(tags=["信息公开记录"])
class DisclosureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """重点领域信息公开记录。匿名用户只能读取已发布的记录；工作人员可以起草并办理审核流程。"""

    filterset_class = DisclosureFilterSet
    ordering_fields = ["published_at", "formed_on", "due_on", "created_at"]
    ordering = ["-published_at", "-pk"]
    permission_classes = [ReadOnlyOrAuthenticated]
    parser_classes = [BoundedJSONParser, FormParser, MultiPartParser]

    def _is_staff(self) -> bool:
        return user_scope(self.request.user).is_staff_member

    def get_queryset(self):
        if self.action == "retrieve" and not self._is_staff():
            # A withdrawn record keeps its public notice (reason, date), never its content.
            return public_detail_disclosures()
        if self.action in {"list", "retrieve"}:
            queryset = api_disclosures_for(self.request.user).order_by("-published_at", "-pk")
            # The staff serializer nests the attachments, the public one reads the corrections' timeliness:
            # one query for the page, not one per row.
            if self._is_staff():
                return queryset.select_related("name_list").prefetch_related("attachments", "name_list__entries")
            return queryset.prefetch_related(merged_corrections())
        return disclosures_for_user(self.request.user)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            # The schema documents what every reader gets; staff responses add fields to it (superset).
            return {"list": PublicDisclosureSerializer, "retrieve": PublicDisclosureDetailSerializer}.get(
                self.action, DisclosureSerializer
            )
        if self._is_staff() or self.action not in {"list", "retrieve"}:
            # Writes always take the staff serializer: an account without a role gets a 400 naming the
            # department it may not use, never the read-only public shape (which made create a 500).
            return DisclosureSerializer
        return PublicDisclosureDetailSerializer if self.action == "retrieve" else PublicDisclosureSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("lock_version", None)
        department = data.pop("department")
        subject_id = data.pop("subject", None)
        if subject_id is None:
            serializer.instance = services.disclosure_create(actor=self.request.user, department=department, **data)
            return
        # About a project / matter / programme: the domain's own service (its `SubjectSpec`), as the admin
        # and the Excel import call it.
        domain = get_domain(data["domain"])
        spec = domain.subject if domain else None
        if spec is None:
            raise ValidationError({"subject": [f"“{domain.label if domain else data['domain']}”领域的信息没有所属事项。"]})
        subject = spec.get_model().objects.filter(pk=subject_id).first()
        if subject is None:
            raise ValidationError({"subject": [f"{spec.verbose_name}“{subject_id}”不存在。"]})
        serializer.instance = spec.create_record(actor=self.request.user, subject=subject, department=department, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if data.pop("subject", None) is not None:
            raise ValidationError({"subject": ["所属事项只能在新建时填写，不能修改。"]})
        expected = data.pop("lock_version")
        services.disclosure_update(
            disclosure=serializer.instance, actor=self.request.user, expected_version=expected, **data
        )

    def _workflow(self, request, action_name: str):
        record = self.get_object()
        payload = WorkflowActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.disclosure_apply_action(
            disclosure=record,
            actor=request.user,
            action=action_name,
            comment=payload.validated_data["comment"],
            expected_version=payload.validated_data.get("lock_version"),
        )
        record.refresh_from_db()
        return Response(DisclosureSerializer(record, context=self.get_serializer_context()).data)

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="提交审核")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def submit(self, request, pk=None, format=None):
        return self._workflow(request, "submit")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="撤回提交（审核前收回修改）")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def recall(self, request, pk=None, format=None):
        return self._workflow(request, "recall")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="部门负责人审核通过")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def review(self, request, pk=None, format=None):
        return self._workflow(request, "review")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="分管领导签发")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def sign(self, request, pk=None, format=None):
        return self._workflow(request, "sign")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="发布")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def publish(self, request, pk=None, format=None):
        return self._workflow(request, "publish")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="退回（须填写意见）")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def reject(self, request, pk=None, format=None):
        return self._workflow(request, "reject")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="撤回（须填写理由）")
    @action(detail=True, methods=["post"], permission_classes=WORKFLOW_PERMISSIONS)
    def withdraw(self, request, pk=None, format=None):
        return self._workflow(request, "withdraw")

    @extend_schema(request=WorkflowActionSerializer, responses=DisclosureSerializer, summary="更正：新建更正草稿")
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None, format=None):
        record = self.get_object()
        payload = WorkflowActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        correction = services.disclosure_start_correction(
            disclosure=record, actor=request.user, change_note=payload.validated_data["comment"]
        )
        return Response(
            DisclosureSerializer(correction, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    # --- personal data (pii.py) -----------------------------------------------------------------
    @staticmethod
    def _pii_report(record) -> dict:
        findings = pii.scan_disclosure(record)
        blocking = pii.uncovered(findings, record.pii_override_keys)
        override = None
        if record.pii_override_at:
            by = record.pii_override_by
            override = {
                "reason": record.pii_override_reason,
                "by": (by.get_full_name() or by.get_username()) if by else "",
                "at": record.pii_override_at,
                "covers_all": not blocking,
            }
        return PiiScanSerializer(
            {
                "blocked": record.is_unpublished and bool(blocking),
                "findings": [finding.as_dict() for finding in findings],
                "override": override,
                "lock_version": record.lock_version,
            }
        ).data

    @extend_schema(
        request=None,
        responses=PiiScanSerializer,
        summary="个人信息检查",
        description="列出标题、正文、结构化信息、更正说明和附件中的疑似个人信息"
        "（身份证号、手机号码、银行卡号、个人固定电话），只返回脱敏后的摘录。附件的每一部分都会读取"
        "（PDF、DOCX、XLSX、OFD 的正文、批注、页眉页脚、文档属性、注释、表单、嵌入的文件等）；"
        "无法完整读取的附件（图片、扫描件、加密或损坏的文件、旧版 .doc/.xls）列为 kind=unreadable，同样拦截。"
        "提交审核和发布前都会做同样的检查。",
    )
    @action(detail=True, methods=["get"], url_path="pii-scan", permission_classes=[permissions.IsAuthenticated])
    def pii_scan(self, request, pk=None, format=None):
        return Response(self._pii_report(self.get_object()))

    @extend_schema(
        request=PiiMaskRequestSerializer,
        responses=PiiScanSerializer,
        summary="一键脱敏（经办人，仅草稿）",
        description="把标题、正文、结构化信息和更正说明中的个人信息替换为脱敏形式（如 110101********1234、138****5678）。"
        "附件不能自动脱敏：请替换附件或由政务公开办放行。返回脱敏后仍存在的发现。",
    )
    @action(detail=True, methods=["post"], url_path="pii-mask")
    def pii_mask(self, request, pk=None, format=None):
        record = self.get_object()
        payload = PiiMaskRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.disclosure_pii_mask(
            disclosure=record, actor=request.user, expected_version=payload.validated_data.get("lock_version")
        )
        record.refresh_from_db()
        return Response(self._pii_report(record))

    @extend_schema(
        request=PiiOverrideRequestSerializer,
        responses=PiiScanSerializer,
        summary="个人信息放行（政务公开办，须填写理由）",
        description="确需公开的号码（如公开的服务热线）由本区划政务公开办填写理由后放行；"
        "放行只覆盖当时已有的发现，之后新增的个人信息仍会拦截。",
    )
    @action(detail=True, methods=["post"], url_path="pii-override", permission_classes=WORKFLOW_PERMISSIONS)
    def pii_override(self, request, pk=None, format=None):
        record = self.get_object()
        payload = PiiOverrideRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.disclosure_pii_override(disclosure=record, actor=request.user, reason=payload.validated_data["reason"])
        record.refresh_from_db()
        return Response(self._pii_report(record))

    @extend_schema(request=AttachmentUploadSerializer, responses=AttachmentSerializer, summary="上传附件")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None, format=None):
        record = self.get_object()
        payload = AttachmentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            disclosure=record, actor=request.user, uploaded_file=payload.validated_data["file"]
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["统计"],
    summary="年度公开统计",
    description="某年度、某区划（含下级）各领域各类别信息的发布条数，以及其中按时公开和逾期公开的条数。"
    "一条记录按其首次发布计一次（发布后撤回的仍计入当年）；并入更正的版本和不予公开的记录不计。",
    parameters=[PublicationStatisticsQuerySerializer],
    responses=PublicationStatisticsSerializer,
)
class StatisticsView(APIView):
    """年度公开统计。"""

    def get(self, request, format=None):
        query = PublicationStatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = publication_statistics(
            year=query.validated_data["year"],
            jurisdiction=query.validated_data.get("jurisdiction"),
            domain=query.validated_data.get("domain") or None,
        )
        return Response(PublicationStatisticsSerializer(data).data)
