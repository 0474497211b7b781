"""How far one expected item of a subject is out (a project's category, a matter's chain step): the states, their
Chinese labels and the record counts they are decided from. Domains decide the order of precedence (a project's
overdue record outranks a published one; a matter's step is done once one record is out) and may relabel a state."""

import datetime

from django.db.models import Count, Q

from .choices import UNPUBLISHED_STATUSES, DisclosureMode, Status


class ItemState:
    PUBLISHED = "published"
    OVERDUE = "overdue"
    PENDING = "pending"
    WITHHELD = "withheld"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


ITEM_STATE_LABELS = {
    ItemState.PUBLISHED: "已公开",
    ItemState.OVERDUE: "逾期未公开",
    ItemState.PENDING: "办理中",
    ItemState.WITHHELD: "依法不予公开",
    ItemState.MISSING: "缺失",
    ItemState.NOT_APPLICABLE: "不适用",
}


def item_counts(today: datetime.date) -> dict[str, Count]:
    """The aggregates a state is decided from: published (主动公开), withheld (published as 不予公开), overdue
    (unpublished past its due date) and pending (unpublished) records."""
    unpublished = Q(status__in=UNPUBLISHED_STATUSES)
    published = Q(status=Status.PUBLISHED)
    not_disclosed = Q(disclosure_mode=DisclosureMode.NOT_DISCLOSED)
    return {
        "published": Count("pk", filter=published & ~not_disclosed),
        "withheld": Count("pk", filter=published & not_disclosed),
        "overdue": Count("pk", filter=unpublished & Q(due_on__lt=today)),
        "pending": Count("pk", filter=unpublished),
    }
