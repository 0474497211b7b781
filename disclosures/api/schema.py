"""The OpenAPI document says what every operation can answer, errors included.

drf-spectacular documents the success response of each operation. A client also meets the errors this
API answers with (`exceptions.exception_handler`, DRF's authentication, permissions and throttles), so
each operation lists the ones it can return, each with the body it has:

- 400 字段错误: `{"<field>": ["…"], "details": {"<field>": ["…"]}, "non_field_errors": ["…"]}` — any
  operation with a request body, query parameters (filters, pages) or an action;
- 401 未认证: a wrong or expired token, anywhere; 403 无权操作: writes, and staff-only views;
- 404 不存在: any operation on one item (an item outside the user's scope is a 404, never its content);
- 409 流程冲突: a workflow step the record's state does not allow, or an edit of a stale version;
- 429 请求过多: every operation (the throttles are global).
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

MESSAGES = {"type": "array", "items": {"type": "string"}}

ERROR = {
    "type": "object",
    "description": "出错说明（中文）。",
    "properties": {
        "detail": {"type": "string", "description": "出错说明"},
        "code": {"type": "string", "description": "错误代码"},
    },
    "required": ["detail"],
}

FIELD_ERRORS = {
    "type": "object",
    "description": "各字段的错误，键为字段名，值为中文说明；类别字段的错误在 details 之下；与字段无关的错误在 "
    "non_field_errors（或 detail）之下。",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": MESSAGES,
        "details": {"type": "object", "additionalProperties": MESSAGES},
    },
    "additionalProperties": {"anyOf": [MESSAGES, {"type": "string"}, {"type": "object"}]},
}

CONFLICT = {
    "type": "object",
    "description": "流程冲突：记录的当前状态不允许该操作，或记录已被他人修改（版本锁）。",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "findings": {
            "type": "array",
            "description": "拦截发布的个人信息（已遮盖）",
            "items": {"type": "object"},
        },
    },
    "required": ["detail"],
    "additionalProperties": MESSAGES,
}

COMPONENTS = {"ErrorResponse": ERROR, "FieldErrorsResponse": FIELD_ERRORS, "ConflictResponse": CONFLICT}

RESPONSES = {
    "400": ("请求有误：字段错误（中文说明，键为字段名）。", "FieldErrorsResponse"),
    "401": ("未认证：令牌无效或已过期。", "ErrorResponse"),
    "403": ("无权进行该操作。", "ErrorResponse"),
    "404": ("不存在，或不在您的可见范围内。", "ErrorResponse"),
    "409": ("流程冲突：当前状态不允许该操作，或记录已被他人修改。", "ConflictResponse"),
    "429": ("请求过于频繁，请稍后再试。", "ErrorResponse"),
}


def model_field(field):
    """The model field a serializer field reads, when it reads one directly."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


class PortalAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A read-only field loses `allow_blank` in DRF's ModelSerializer, but the value it reads can still
        be "" (a non-PPP project's `ppp_mode`, a record without an `interpretation_url`): say so in the
        schema, from the model field's `blank`, so that "" is allowed beside the choices or the format."""
        if isinstance(field, serializers.CharField | serializers.ChoiceField) and not field.allow_blank:
            source = model_field(field)
            if source is not None and source.blank and not source.null:
                field = copy.copy(field)
                field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in sorted(set(self.error_statuses(operation)) | (set(responses) & set(RESPONSES))):
            description, component = RESPONSES[status]
            if responses.get(status, {}).get("content"):
                continue  # the view documents its own body for this status
            self.registry.register_on_missing(
                ResolvedComponent(name=component, type=ResolvedComponent.SCHEMA, object=component,
                                  schema=COMPONENTS[component])
            )
            responses[status] = {
                "description": responses.get(status, {}).get("description") or description,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
            }
        return operation

    def error_statuses(self, operation: dict) -> list[str]:
        write = self.method not in ("GET", "HEAD", "OPTIONS")
        on_item = "{" in self.path
        queried = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
        staff_only = any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        statuses = ["401", "429"]
        if write or queried or "requestBody" in operation:
            statuses.append("400")
        if write or staff_only:
            statuses.append("403")
        if on_item:
            statuses.append("404")
        if write and on_item:
            statuses.append("409")
        return sorted(statuses)
