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
        from .models import Complaint, Notice
        from .workflow import CIRCULAR_WORKFLOW, COMPLAINT_WORKFLOW, NOTICE_WORKFLOW, OTHER_AUDIT_LABELS

        # The kernel's clock: the answer period of an issued or returned notice, recomputed after a calendar
        # change and flagged by the one overdue job; the department's head, its 分管领导 and the office hear of it.
        clock.register(
            Notice,
            open_q=Q(status__in=OPEN_STATUSES),
            recompute=lambda **kwargs: services.recompute_due_dates(**kwargs),
            overdue=lambda notices: services.notify_overdue(notices),
        )
        clock.register(
            Complaint,
            open_q=Q(status="received"),
            recompute=lambda **kwargs: services.recompute_complaint_due_dates(**kwargs),
            overdue=lambda complaints: services.notify_overdue_complaints(complaints),
        )
        for workflow in (NOTICE_WORKFLOW, CIRCULAR_WORKFLOW, COMPLAINT_WORKFLOW):
            register_workflow(workflow)  # docs/workflow.md
        NOTICE_WORKFLOW.register_audit_labels(OTHER_AUDIT_LABELS)
        CIRCULAR_WORKFLOW.register_audit_labels({"generate": "生成通报", "edit": "修改通报"})
        COMPLAINT_WORKFLOW.register_audit_labels(
            {"register": "登记投诉举报", "to_notice": "转督办", "overdue": "逾期未办结", "due_date_recomputed": "重算期限"}
        )
