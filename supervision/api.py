"""`/api/v1/circulars/`: the published 通报, each with its per-department figures as JSON (the table of its page
and its Word document). Drafts and internal circulars are nobody's business: 404.

`/api/v1/supervision-notices/` (staff only): the notices a user may see (404 outside the admin's scope) and one
POST per step of the workflow table: a bad field is a 400 naming it, a step the state does not allow a 409, one
the user may not take a 403."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from disclosures.api.permissions import TwoFactorTokenForWorkflow
from disclosures.api.serializers import AvailableActionsField
from organizations.selectors import user_scope

from . import services
from .choices import CircularStatus
from .models import Circular, Item, Notice
from .selectors import visible_notices
from .workflow import NOTICE_WORKFLOW


class CircularSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office_department.name", read_only=True, label="印发机关")
    figures = serializers.JSONField(read_only=True, label="各单位情况",
                                    help_text="每个单位一项：发布信息、按时公开、按时公开率、期末逾期未公开、督办单及答复情况、"
                                    "逾期未答复申请、死链、通报（praise 表扬 / criticise 批评 / 空）。生成时冻结。")
    url = serializers.CharField(source="get_absolute_url", read_only=True, label="公开页面")

    class Meta:
        model = Circular
        fields = ["id", "index_no", "number", "kind", "title", "period_start", "period_end", "office_name", "published_at",
                  "intro", "requirements", "figures", "url"]
        read_only_fields = fields


@extend_schema(tags=["政务公开通报"])
class CircularViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CircularSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["published_at", "period_end"]

    def get_queryset(self):
        return (
            Circular.objects.filter(status=CircularStatus.PUBLISHED)
            .select_related("office_department")
            .order_by("-published_at", "-pk")
        )


# ---------------------------------------------------------------------------------------------
# /api/v1/supervision-notices/ (staff only)
# ---------------------------------------------------------------------------------------------
class StaffOnly(permissions.BasePermission):
    message = "督办单仅对工作人员开放，请先登录或提供有效的令牌。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and user_scope(request.user).is_staff_member)


class ItemSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, label="事项")

    class Meta:
        model = Item
        fields = ["id", "kind", "label", "disclosure", "request", "complaint", "resolved_at", "outcome", "outcome_reason",
                  "planned_on"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    """A notice as the office and the department see it: the request, the answer, the items, the clock."""

    department_name = serializers.CharField(source="department.name", read_only=True, label="被督办单位名称")
    status_label = serializers.CharField(source="get_status_display", read_only=True, label="状态名称")
    overdue = serializers.SerializerMethodField(label="逾期未答复")
    items = ItemSerializer(many=True, read_only=True, label="督办事项")
    available_actions = AvailableActionsField(
        NOTICE_WORKFLOW, "supervision-api:notice-{action}", label="当前可办理的操作",
        help_text="请求者此刻对这张督办单可以办理的步骤，与后台的按钮出自同一张流程表（docs/workflow.md）。",
    )

    class Meta:
        model = Notice
        fields = ["id", "number", "department", "department_name", "level", "status", "status_label", "required_action",
                  "issued_on", "answer_days", "due_on", "overdue", "cause", "measures", "evidence_links", "answered_at",
                  "answered_late", "office_comment", "closed_at", "escalated_from", "items", "lock_version",
                  "available_actions"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.overdue_flagged_at is not None


class StepSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, label="意见", help_text="退回时必填。")
    lock_version = serializers.IntegerField(required=False, label="版本锁", help_text="打开时的版本，防止覆盖他人的办理。")


STEPS = {
    "submit_answer": lambda notice, user, data: services.notice_submit_answer(
        notice=notice, actor=user, expected_version=data.get("lock_version")),
    "accept": lambda notice, user, data: services.notice_accept(
        notice=notice, actor=user, expected_version=data.get("lock_version")),
    "return": lambda notice, user, data: services.notice_return(
        notice=notice, actor=user, comment=data.get("comment", ""), expected_version=data.get("lock_version")),
    "escalate": lambda notice, user, data: services.notice_escalate(
        notice=notice, actor=user, expected_version=data.get("lock_version")),
}


@extend_schema(tags=["督办"])
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The notices the user may see (the admin's scope: 404 outside it), and one POST per step of the table."""

    serializer_class = NoticeSerializer
    permission_classes = [StaffOnly]
    filterset_fields = ["status", "level", "department"]
    ordering_fields = ["issued_on", "due_on"]

    def get_queryset(self):
        return (visible_notices(self.request.user).select_related("department")
                .prefetch_related("items__disclosure", "items__request", "items__complaint")
                .order_by("-issued_on", "-pk"))

    def take(self, request, name: str):
        notice = self.get_object()
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = STEPS[name](notice, request.user, data.validated_data)
        target = result if name == "escalate" else notice
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)


def _step_action(name: str):
    def step(self, request, pk=None):
        return self.take(request, name)

    step.__name__ = step.__qualname__ = name
    step = action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name,
                  permission_classes=[StaffOnly, TwoFactorTokenForWorkflow])(step)
    workflow_action = NOTICE_WORKFLOW.action(name)
    return extend_schema(
        summary=workflow_action.label, description=workflow_action.note, request=StepSerializer,
        responses={200: NoticeSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT,
                   404: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )(step)


for _name in STEPS:  # one POST action per step of the workflow table
    setattr(NoticeViewSet, _name, _step_action(_name))
