"""The office's calendar table: it overrides the `chinese-calendar` package and extends it to years
the package does not know yet (State Council notices are published each November/December).

A row without a jurisdiction is the national arrangement. A row with one is a local holiday (or local
working day) of that jurisdiction and every jurisdiction below it: 《全国年节及纪念日放假办法》第四条
lets the governments of ethnic-minority areas set their festivals, e.g. 古尔邦节 and 肉孜节 in 新疆."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


# ---------------------------------------------------------------------------------------------
# The statutory clock's storage (workdays.clock): what a case with a time limit keeps
# ---------------------------------------------------------------------------------------------
class ClockFields(models.Model):
    """The due date a case stores, so that "overdue" is an indexed comparison and one set-based job flags it.

    A case type (a record, an information request, a supervision notice) inherits these fields, registers
    itself with `workdays.clock.register`, and writes them with `workdays.clock.store`. A subclass may
    redeclare a field to give it its own label or index (Disclosure keeps its "应公开日期").
    """

    due_on = models.DateField("到期日期", null=True, blank=True, db_index=True, editable=False)
    due_at = models.DateTimeField(
        "到期时间", null=True, blank=True, editable=False, help_text="按小时计算的时限（实时、紧急信息）才有。"
    )
    due_on_estimated = models.BooleanField("到期日期为预计", default=False, editable=False)
    overdue_flagged_at = models.DateTimeField("逾期标记时间", null=True, blank=True, editable=False)
    due_soon_notified_at = models.DateTimeField("临期提醒时间", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ClockEvent(models.Model):
    """Attached to any case by content type and id: the clock serves case types the calendar never imports."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="案件类型", on_delete=models.CASCADE, related_name="+",
        db_index=False,  # the (content_type, object_id) index serves it
    )
    object_id = models.PositiveBigIntegerField("案件编号")
    case = GenericForeignKey("content_type", "object_id")
    basis = models.CharField("法律依据", max_length=200, blank=True, help_text="例如：《政府信息公开条例》第三十二条。")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class ClockPause(ClockEvent):
    """Days in which a case's clock stopped: their working days (or days) are not counted.

    《政府信息公开条例》第三十条 (the period runs from the day the 补正 arrives) and 第三十二条、第三十三条第三款
    (征求第三方和其他机关意见所需时间不计算在答复期限内)."""

    first_day = models.DateField("停止计时首日")
    last_day = models.DateField("停止计时末日", null=True, blank=True, help_text="留空表示仍在暂停。")
    reason = models.CharField("暂停原因", max_length=200, help_text="例如：征求第三方意见。")

    class Meta:
        verbose_name = "期限暂停"
        verbose_name_plural = "期限暂停"
        ordering = ["first_day", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="workdays_clockpause_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__isnull=True) | models.Q(last_day__gte=models.F("first_day")),
                name="%(app_label)s_%(class)s_ends_after_it_starts",
                violation_error_message="停止计时末日不能早于首日。",
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.last_day:%Y-%m-%d}" if self.last_day else "至今"
        return f"{self.first_day:%Y-%m-%d}—{end} {self.reason}"


class ClockExtension(ClockEvent):
    """An extension of a case's limit, with who approved it, by how much (in the clock's unit) and why.

    《政府信息公开条例》第三十三条第二款: 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，
    延长的期限最长不得超过20个工作日. How many extensions and how long is the case type's rule."""

    amount = models.PositiveSmallIntegerField("延长期限", help_text="与时限相同的单位（工作日、日或小时）。")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approver = models.CharField("批准人", max_length=100, help_text="姓名和职务，例如：政府信息公开工作机构负责人张三。")
    approved_on = models.DateField("批准日期")
    reason = models.TextField("延长理由")

    class Meta:
        verbose_name = "期限延长"
        verbose_name_plural = "期限延长"
        ordering = ["approved_on", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="workdays_clockextension_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=1),
                name="%(app_label)s_%(class)s_amount_positive",
                violation_error_message="延长期限至少为 1。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approved_on:%Y-%m-%d} {self.approver}同意延长 {self.amount}"
