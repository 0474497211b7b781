"""
Lists that name people (保障性住房分配对象, 农村危房改造对象, 低保对象, 资助学生…).

The unmasked entries stay inside: every public door renders them through `namelists.selectors`,
which masks them (张*明, 110101********1234, 138****5678) and hides the list once its 公示期 ends.
"""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from core import pii
from core.sanitize import PlainTextModelMixin
from disclosures.models import Disclosure


class Scope(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定区域特定群体"


class NameList(PlainTextModelMixin, models.Model):
    disclosure = models.OneToOneField(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="name_list"
    )
    notice_days = models.PositiveSmallIntegerField(
        "公示期（天）", default=7, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="自发布之日起公示的天数，期满后名单从公开页面撤下，只保留公示期已结束的说明。",
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

    def __str__(self) -> str:
        return f"{self.disclosure.title}（名单）"

    def clean(self) -> None:
        pii.check_public_text(self)

    @property
    def notice_ends_on(self) -> datetime.date | None:
        """The last day of the 公示期 (counted from the day of publication)."""
        if self.disclosure.published_at is None:
            return None
        start = timezone.localdate(self.disclosure.published_at)
        return start + datetime.timedelta(days=self.notice_days - 1)


id_number_validator = RegexValidator(
    r"^(\d{17}[\dXx]|\d{15})$", "身份证号码应为 18 位（末位可为 X）或 15 位数字。"
)
phone_validator = RegexValidator(r"^[\d\- ]{7,20}$", "电话号码只能包含数字、空格和连字符。")


class NameListEntry(PlainTextModelMixin, models.Model):
    name_list = models.ForeignKey(NameList, verbose_name="名单", on_delete=models.CASCADE, related_name="entries")
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
