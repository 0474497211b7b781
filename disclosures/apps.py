from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "信息公开"

    def ready(self):
        from django.db.models import Q

        from workdays import clock

        from . import retractions, services
        from .choices import UNPUBLISHED_STATUSES
        from .models import Disclosure, PenaltyRetraction

        # The statutory clock (workdays.clock) recomputes on a calendar change and flags overdue records; the
        # recompute is looked up when called, so that a test may replace the service.
        clock.register(
            Disclosure,
            open_q=Q(status__in=UNPUBLISHED_STATUSES),
            recompute=lambda **kwargs: services.disclosure_recompute_due_dates(**kwargs),
            hours=True,  # 紧急、实时 records run on an hour clock (disclosures/deadlines.py)
        )
        # 《行政处罚法》第四十八条: a changed or annulled penalty decision is withdrawn within 3 日 (retractions.py).
        clock.register(
            PenaltyRetraction,
            open_q=Q(fulfilled_at__isnull=True),
            recompute=lambda **kwargs: retractions.penalty_retraction_recompute_due_dates(**kwargs),
        )

        from .workflow import DISCLOSURE_WORKFLOW, OTHER_AUDIT_LABELS

        DISCLOSURE_WORKFLOW.register_audit_labels(OTHER_AUDIT_LABELS)  # the audit log's labels (core.audit)
        from core.audit import register_labels

        # 检索同义词, kept by the 政务公开办 (search_help.py)
        register_labels("synonyms", {"create": "新增检索同义词", "update": "修改检索同义词", "delete": "删除检索同义词"})
