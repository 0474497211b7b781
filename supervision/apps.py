from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办"

    def ready(self):
        from django.db.models import Q

        from disclosures.workflow import register_workflow
        from workdays import clock

        from . import services
        from .choices import OPEN_STATUSES
        from .models import Notice
        from .workflow import NOTICE_WORKFLOW, OTHER_AUDIT_LABELS

        # The kernel's clock: the answer period of an issued or returned notice, recomputed after a calendar
        # change and flagged by the one overdue job; the department's head, its 分管领导 and the office hear of it.
        clock.register(
            Notice,
            open_q=Q(status__in=OPEN_STATUSES),
            recompute=lambda **kwargs: services.recompute_due_dates(**kwargs),
            overdue=lambda notices: services.notify_overdue(notices),
        )
        register_workflow(NOTICE_WORKFLOW)  # docs/workflow.md
        NOTICE_WORKFLOW.register_audit_labels(OTHER_AUDIT_LABELS)
