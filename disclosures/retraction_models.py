"""
The duty to withdraw a published 行政处罚 decision (《中华人民共和国行政处罚法》第四十八条第二款):

    公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回行政处罚决定信息
    并公开说明理由。

A case type on the statutory clock (`workdays.clock`): registered when the decision is changed or annulled,
due 3 日 after that decision (calendar days, the day itself not counted, moved to the next working day when
the last day is a 法定休假日: 《民法典》第二百零一条、第二百零三条), fulfilled when the record is withdrawn
(`disclosures.retractions`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import validate_not_before_1949, validate_not_in_future
from workdays.models import ClockFields

from .models import Disclosure


class RetractionTrigger(models.TextChoices):
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    DECLARED_ILLEGAL = "declared_illegal", "确认违法"
    DECLARED_VOID = "declared_void", "确认无效"


class PenaltyRetraction(PlainTextModelMixin, PreservedModel, ClockFields):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="行政处罚决定信息", on_delete=models.PROTECT, related_name="retractions"
    )
    # The duty to withdraw is itself a record of the published decision: never deleted (core.preservation).
    objects = PreservedQuerySet.as_manager()
    preserved_record = "disclosure_id"
    trigger = models.CharField(
        "情形", max_length=20, choices=RetractionTrigger.choices,
        help_text="公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效（《行政处罚法》第四十八条第二款）。",
    )
    trigger_document = models.CharField(
        "引起撤回的决定", max_length=300,
        help_text="文书名称、文号、作出机关，例如：县人民政府行政复议决定书（X政复决字〔2026〕X号）。",
    )
    triggered_on = models.DateField(
        "该决定作出日期", validators=[validate_not_before_1949, validate_not_in_future],
        help_text="三日自次日起算（《民法典》第二百零一条）。",
    )
    reason = models.TextField("向公众说明的理由", help_text="撤回后显示在该信息的公开页面上，不得含个人信息。")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+", editable=False
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)
    fulfilled_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)

    # ClockFields' due date, with its own label.
    due_on = models.DateField("应撤回日期", null=True, blank=True, editable=False)  # indexed below, open duties only

    class Meta:
        verbose_name = "处罚决定撤回"
        verbose_name_plural = "处罚决定撤回"
        ordering = ["-registered_at", "-pk"]
        indexes = [
            # The overdue job and the office's dashboard: open duties by due date.
            models.Index(fields=["due_on"], condition=Q(fulfilled_at__isnull=True), name="penaltyretraction_open_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure"],
                condition=Q(fulfilled_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_record",
                violation_error_message="该信息已登记处罚决定变更或撤销，尚未撤回。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure}（{self.get_trigger_display()}）"

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None

    def days_late(self, on: datetime.date | None = None) -> int:
        """Days after the due date: at `on` (today) for an open duty, at the withdrawal for a fulfilled one."""
        if self.due_on is None:
            return 0
        if on is None:
            on = timezone.localdate(self.fulfilled_at) if self.fulfilled_at else timezone.localdate()
        return max((on - self.due_on).days, 0)

    @property
    def state_label(self) -> str:
        """待撤回 / 逾期 (open), 已按时撤回 / 逾期N日撤回 (fulfilled)."""
        late = self.days_late()
        if self.is_open:
            return "逾期" if late else "待撤回"
        return f"逾期{late}日撤回" if late else "已按时撤回"
