"""`/api/v1/info-requests/` (staff only): the requests a user may see (the admin's scope, 404 outside it),
intake of an application, and one POST action per step of the workflow table, each taking the step's
legal date as `on`. Each step is validated by the same form the admin's 办理 panel shows (forms.py):
a bad field is a 400 naming it, a step the state does not allow a 409, one the user may not take a 403."""

import datetime

from django import forms as django_forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from disclosures.api.permissions import TwoFactorTokenForWorkflow
from disclosures.api.serializers import AvailableActionsField
from organizations.selectors import user_scope
from workdays.services import working_days_between

from . import services
from .choices import Status
from .forms import STEP_FORMS, IntakeForm
from .models import InfoRequest
from .selectors import intake_departments, requests_for_user
from .workflow import REQUEST_WORKFLOW


class StaffOnly(permissions.BasePermission):
    message = "依申请公开的办理信息仅对工作人员开放，请先登录或提供有效的令牌。"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and user_scope(request.user).is_staff_member)


class InfoRequestSerializer(serializers.ModelSerializer):
    """A request as staff see it: its state, its clock and its answer; the identity number masked."""

    status_label = serializers.CharField(source="get_status_display", read_only=True, label="状态名称")
    addressed_to_name = serializers.CharField(source="addressed_to.name", read_only=True, label="受理机关名称")
    department_name = serializers.CharField(source="department.name", read_only=True, label="承办单位名称")
    paused = serializers.SerializerMethodField(label="暂停计时中")
    paused_days = serializers.SerializerMethodField(label="不计入答复期限的工作日数")
    final_type = serializers.CharField(source="reply_type", read_only=True, label="答复类型（年度报告表三）")
    final_subtype = serializers.CharField(source="reply_subtype", read_only=True, label="具体情形（年度报告表三）")
    available_actions = AvailableActionsField(
        REQUEST_WORKFLOW, "inforequests-api:inforequest-{action}", label="当前可办理的操作",
        help_text="请求者此刻对这件申请可以办理的步骤，与后台的办理面板出自同一张流程表（docs/workflow.md）。",
    )

    class Meta:
        model = InfoRequest
        fields = [
            "id", "number", "status", "status_label", "channel", "addressed_to", "addressed_to_name", "department",
            "department_name", "applicant_type", "applicant_name", "id_number_masked", "submitted_at", "received_on",
            "correction_notice_due", "correction_requested_on", "correction_deadline", "correction_received_on",
            "due_on", "due_on_estimated", "paused", "paused_days", "extended", "extension_days", "fee_amount",
            "fee_deadline", "final_type", "final_subtype", "replied_on", "delivered_on", "closed_on", "lock_version",
            "available_actions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_paused(self, obj) -> bool:
        return obj.is_open and obj.clock_start is not None and obj.due_on is None and obj.status != Status.CORRECTING

    def get_paused_days(self, obj) -> int:
        """Working days of the consultations and the fee notice so far (第三十三条第三款)."""
        today = timezone.localdate()
        total = 0
        for pause in obj.pauses.all():
            last = min(pause.last_day or today, today)
            total += working_days_between(pause.first_day - datetime.timedelta(days=1), last, obj.jurisdiction_id)
        return total


def _schema_field(field: django_forms.Field) -> serializers.Field:
    """A form field as the OpenAPI document describes it (the form validates)."""
    common = {"required": field.required, "label": str(field.label or ""), "help_text": str(field.help_text or "")}
    if isinstance(field, django_forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, django_forms.IntegerField):
        return serializers.IntegerField(**common)
    if isinstance(field, django_forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(field, django_forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0] != ""], **common)
    return serializers.CharField(**common)


def _step_schema(name: str):
    form = STEP_FORMS[name]()
    return inline_serializer(
        f"InfoRequest{''.join(part.title() for part in name.split('_'))}",
        {field_name: _schema_field(field) for field_name, field in form.fields.items()},
    )


@extend_schema(tags=["依申请公开"])
class InfoRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InfoRequestSerializer
    permission_classes = [StaffOnly]
    filterset_fields = ["status", "department", "channel"]
    ordering_fields = ["due_on", "received_on", "submitted_at"]

    def get_queryset(self):
        return requests_for_user(self.request.user).prefetch_related("pauses").order_by("-submitted_at", "-pk")

    @extend_schema(
        summary="登记申请（当面、口头、邮寄、传真）",
        request=inline_serializer(
            "InfoRequestIntake", {name: _schema_field(field) for name, field in IntakeForm().fields.items()}
        ),
        responses={201: InfoRequestSerializer},
    )
    def create(self, request):
        form = IntakeForm(request.data, departments=intake_departments(request.user))
        if not form.is_valid():
            raise ValidationError({field: [str(error) for error in errors] for field, errors in form.errors.items()})
        created, code = services.request_create(
            addressed_to=form.cleaned_data["addressed_to"], channel=form.cleaned_data["channel"], actor=request.user,
            received_on=form.cleaned_data.get("received_on"), **form.applicant(),
        )
        body = self.get_serializer(created).data | {"query_code": code}  # shown once: tell the applicant
        return Response(body, status=status.HTTP_201_CREATED)

    def take(self, request, pk, name: str):
        obj = self.get_object()
        form = STEP_FORMS[name](request.data, request.FILES, case=obj)
        if not form.is_valid():
            raise ValidationError({field: [str(error) for error in errors] for field, errors in form.errors.items()})
        form.perform(request.user)
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data)


def _step_action(name: str):
    def step(self, request, pk=None):
        return self.take(request, pk, name)

    label = REQUEST_WORKFLOW.action(name).label
    step.__name__ = step.__qualname__ = name
    step = action(
        detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name,
        permission_classes=[StaffOnly, TwoFactorTokenForWorkflow],
    )(step)
    return extend_schema(
        summary=label, description=REQUEST_WORKFLOW.action(name).note, request=_step_schema(name),
        responses={200: InfoRequestSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT,
                   404: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )(step)


for _name in STEP_FORMS:  # one POST action per step of the workflow table that a person takes
    setattr(InfoRequestViewSet, _name, _step_action(_name))
