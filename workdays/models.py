"""The office's calendar table: it overrides the `chinese-calendar` package and extends it to years
the package does not know yet (State Council notices are published each November/December).

A row without a jurisdiction is the national arrangement. A row with one is a local holiday (or local
working day) of that jurisdiction and every jurisdiction below it: 《全国年节及纪念日放假办法》第四条
lets the governments of ethnic-minority areas set their festivals, e.g. 古尔邦节 and 肉孜节 in 新疆."""

from django.conf import settings
from django.db import models

from .choices import DayKind


class CalendarDay(models.Model):
    date = models.DateField("日期")
    jurisdiction = models.ForeignKey(
        "organizations.Jurisdiction",
        verbose_name="适用区划",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        help_text="留空为全国统一的放假安排；选择区划则只适用于该区划及其下级，"
        "例如少数民族聚居地区规定的民族节日（《全国年节及纪念日放假办法》第四条）。",
    )
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    note = models.CharField("说明", max_length=100, blank=True, help_text="例如：国庆节、国庆节调休上班。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date", "jurisdiction__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(jurisdiction__isnull=True),
                name="workdays_calendarday_one_national_row_per_date",
                violation_error_message="该日期已有全国放假安排。",
            ),
            models.UniqueConstraint(
                fields=["date", "jurisdiction"],
                condition=models.Q(jurisdiction__isnull=False),
                name="workdays_calendarday_one_local_row_per_date",
                violation_error_message="该区划在该日期已有地方性安排。",
            ),
        ]

    def __str__(self) -> str:
        where = f"（{self.jurisdiction}）" if self.jurisdiction_id else ""
        return f"{self.date:%Y-%m-%d}{where} {self.get_kind_display()} {self.note}".strip()


class CalendarYear(models.Model):
    """A year whose holidays and make-up working days have been entered in full from the State Council notice."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    complete = models.BooleanField("已按国务院通知录入完整", default=False)
    notice = models.CharField("国务院办公厅通知", max_length=200, blank=True, help_text="例如：国办发明电〔2026〕X号。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "放假安排年度"
        verbose_name_plural = "放假安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年{'（已录入）' if self.complete else '（未完成）'}"
