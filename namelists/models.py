"""
Lists that name people (保障性住房分配对象, 农村危房改造对象, 低保对象, 资助学生…).

The unmasked entries stay inside: every public door renders them through `namelists.selectors`,
which masks them (张*明, 110101********1234, 138****5678) and hides the list once its 公示期 ends.

The 公示期 is counted as the law counts a period (the kernel's `workdays.clock.StatutoryClock`): it starts
the day after publication (《民法典》第二百零一条), runs N 日 or N 工作日, and a period in 日 whose last day is
a 法定休假日 ends the day after the holiday (第二百零三条). A 长期公示 list (低保、特困供养对象：在村（社区）
长期公示) has no last day and never comes down.
"""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from disclosures.models import Disclosure, published_material
from workdays.choices import ClockUnit
from workdays.clock import StatutoryClock

ONE_DAY = datetime.timedelta(days=1)


class Scope(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定区域特定群体"


class NoticeUnit(models.TextChoices):
    """The unit of a 公示期: the statutory clock's 日 and 工作日 (a 公示期 is not counted in hours)."""

    CALENDAR_DAYS = ClockUnit.CALENDAR_DAYS.value, "日"
    WORKING_DAYS = ClockUnit.WORKING_DAYS.value, "工作日"


class NameList(PlainTextModelMixin, PreservedModel):
    disclosure = models.OneToOneField(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="name_list"
    )
    # A draft's list is replaced freely; a published record's list is part of it (core.preservation).
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("disclosure__")
    preserved_record = "disclosure_id"
    notice_days = models.PositiveSmallIntegerField(
        "公示期（日数）", default=7,
        validators=[MinValueValidator(1, "公示期（日数）至少为 1。"), MaxValueValidator(90, "公示期（日数）不能超过 90。")],
        help_text="公示的日数或工作日数，自发布的次日起算（《民法典》第二百零一条：开始的当日不计入）；"
                  "期满后名单从公开页面撤下，只保留公示期已结束的说明。长期公示的名单不用此项。",
    )
    notice_unit = models.CharField(
        "公示期计算单位", max_length=20, choices=NoticeUnit.choices, default=NoticeUnit.CALENDAR_DAYS,
        error_messages={"invalid_choice": "公示期计算单位只能是“日”或“工作日”。"},
        help_text="按日计算的，期间的最后一日是法定休假日的，以法定休假日结束的次日为最后一日"
                  "（《民法典》第二百零三条）；按工作日计算的，只数工作日（含调休上班日）。",
    )
    long_term = models.BooleanField(
        "长期公示", default=False,
        help_text="自发布的次日起长期公示，不设截止日期，名单不会撤下（如低保、特困供养对象在村（社区）长期公示）。",
    )
    scope = models.CharField("公开范围", max_length=20, choices=Scope.choices, default=Scope.PUBLIC)
    scope_description = models.CharField(
        "特定公开范围说明", max_length=200, blank=True, help_text="例如：白水镇各行政村村务公开栏。"
    )
    show_amount = models.BooleanField("公开金额列", default=True)
    ended_at = models.DateTimeField("公示期结束处理时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "公示名单"
        verbose_name_plural = "公示名单"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notice_unit__in=NoticeUnit.values), name="namelists_namelist_notice_unit_valid",
                violation_error_message="公示期计算单位只能是“日”或“工作日”。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure.title}（名单）"

    def clean(self) -> None:
        pii.check_public_text(self)

    @property
    def published_on(self) -> datetime.date | None:
        published_at = self.disclosure.published_at
        return timezone.localdate(published_at) if published_at is not None else None

    @property
    def notice_starts_on(self) -> datetime.date | None:
        """The first day of the 公示期: the day after publication (《民法典》第二百零一条); None unpublished."""
        published_on = self.published_on
        return published_on + ONE_DAY if published_on is not None else None

    @property
    def notice_ends_on(self) -> datetime.date | None:
        """The last day of the 公示期 on the record's jurisdiction's calendar; None when unpublished or 长期公示."""
        published_on = self.published_on
        if published_on is None or self.long_term:
            return None
        return self.notice_clock(published_on).compute().due_on

    def notice_clock(self, published_on: datetime.date) -> StatutoryClock:
        """The statutory clock of the 公示期: N 日 or N 工作日 after the day of publication (not counted)."""
        return StatutoryClock(
            start=published_on, unit=self.notice_unit, limit=self.notice_days,
            jurisdiction=self.disclosure.jurisdiction_id, label="公示期截止日期",
        )


id_number_validator = RegexValidator(
    r"^(\d{17}[\dXx]|\d{15})$", "身份证号码应为 18 位（末位可为 X）或 15 位数字。"
)
phone_validator = RegexValidator(r"^[\d\- ]{7,20}$", "电话号码只能包含数字、空格和连字符。")


class NameListEntry(PlainTextModelMixin, PreservedModel):
    name_list = models.ForeignKey(NameList, verbose_name="名单", on_delete=models.CASCADE, related_name="entries")
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("name_list__disclosure__")
    preserved_record = "name_list__disclosure_id"
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号码", max_length=18, blank=True, validators=[id_number_validator])
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[phone_validator])
    locality = models.CharField("所在村（社区）", max_length=100, blank=True)
    household_size = models.PositiveSmallIntegerField("家庭人口", null=True, blank=True, validators=[MaxValueValidator(30)])
    amount = models.DecimalField(
        "金额（元）", max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99999999"))],
    )
    note = models.CharField("备注（如房源、救助类别）", max_length=200, blank=True)
    position = models.PositiveIntegerField("序号", default=0)

    # The guard reads the other columns; these three hold personal data on purpose and every public door
    # shows them masked (namelists.selectors / masking: 张*明, 110101********1234, 138****5678).
    pii_unguarded = {
        "name": "逐条去标识化显示",
        "id_number": "逐条去标识化显示",
        "phone": "逐条去标识化显示",
    }

    class Meta:
        verbose_name = "名单条目"
        verbose_name_plural = "名单条目"
        ordering = ["name_list", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        pii.check_public_text(self)
