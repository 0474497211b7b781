"""Map the kernel's errors onto HTTP: field errors → 400, illegal workflow step → 409, no right → 403."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import WorkflowError

from ..models import Disclosure

FIELD_LABELS = {
    "__all__": "记录",
    "non_field_errors": "记录",
    "comment": "意见",
    "reason": "撤回理由",
    "file": "附件",
    "lock_version": "版本锁",
}


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]

    try:
        return str(Disclosure._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - unknown name: show it as it is
        return name


def exception_handler(exc, context):
    if isinstance(exc, WorkflowError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body[exc.field] = [exc.message]
        findings = getattr(exc, "findings", None)  # pii.PiiFound: what blocked the step, masked
        if findings is not None:
            body["findings"] = [finding.as_dict() for finding in findings]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            body: dict = {}
            for key, messages in exc.message_dict.items():
                if key.startswith("details."):  # a category field: {"details": {"批复文号 field": [...]}}
                    details = body.setdefault("details", {})
                    if isinstance(details, dict):
                        details[key.split(".", 1)[1]] = messages
                else:
                    body["non_field_errors" if key == "__all__" else key] = messages
        else:
            body = {"non_field_errors": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
