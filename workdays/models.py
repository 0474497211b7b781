"""The office's calendar table: it overrides the `chinese-calendar` package and extends it to years
the package does not know yet (State Council notices are published each November/December)."""

from django.conf import settings
from django.db import models

from .choices import DayKind


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    note = models.CharField("说明", max_length=100, blank=True, help_text="例如：国庆节、国庆节调休上班。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.note}".strip()


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
