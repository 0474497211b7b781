from django.apps import AppConfig


class InfoRequestsConfig(AppConfig):
    name = "inforequests"
    verbose_name = "依申请公开"

    def ready(self):
        from django.db.models import Q

        from workdays import clock

        from . import services
        from .choices import OPEN_STATUSES
        from .models import InfoRequest
        from .workflow import OTHER_AUDIT_LABELS, REQUEST_WORKFLOW

        # The kernel's clock recomputes open requests after a calendar change and its overdue job flags them.
        clock.register(
            InfoRequest,
            open_q=Q(status__in=OPEN_STATUSES),
            recompute=lambda **kwargs: services.recompute_due_dates(**kwargs),
            due_soon=lambda requests: services.notify_due_soon(requests),
        )
        from disclosures.workflow import register_workflow

        register_workflow(REQUEST_WORKFLOW)  # docs/workflow.md
        from core.audit import register_labels

        register_labels("guide", {"create": "编制政府信息公开指南", "update": "更新政府信息公开指南"})
        REQUEST_WORKFLOW.register_audit_labels(
            {**OTHER_AUDIT_LABELS, "consultation_silent": "征求意见逾期未答复", "correction_uploaded": "申请人在线提交补正"}
        )
