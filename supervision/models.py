"""督办单 (supervision notices): the office presses one department about what the dashboard shows — overdue
records and requests, 僵尸栏目, dead links, anything else — and the department answers within N working days on
the kernel's clock (`workdays.clock`). 条例第三条、第四十六条、第四十七条 (the 主管部门 督促整改, 通报批评); seeds
001 §五, 002 §六(二)(三), 003 §四(二)(三), 004 §三."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import AuditTrail
from disclosures.models import Disclosure
from inforequests.models import InfoRequest
from organizations.models import Department, Jurisdiction
from workdays.models import ClockFields

from .choices import (
    CircularKind,
    CircularStatus,
    ComplaintChannel,
    ComplaintStatus,
    ItemKind,
    ItemOutcome,
    Level,
    Status,
)


class Notice(ClockFields):
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name="被督办单位", on_delete=models.PROTECT, related_name="+")
    office_department = models.ForeignKey(
        Department, verbose_name="督办机关", on_delete=models.PROTECT, related_name="+", editable=False,
        help_text="下发督办单的政务公开办（本级人民政府办公室）。",
    )
    year = models.PositiveSmallIntegerField("年度", editable=False)
    sequence = models.PositiveIntegerField("序号", editable=False)
    number = models.CharField("督办单编号", max_length=40, editable=False)
    level = models.CharField("督办等级", max_length=20, choices=Level.choices, default=Level.SUPERVISE)
    required_action = models.TextField("督办要求", help_text="要求单位做什么，例如：立即审核发布逾期信息，并说明逾期原因。")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ISSUED, editable=False)
    answer_days = models.PositiveSmallIntegerField("答复时限（工作日）", editable=False)
    issued_on = models.DateField("下发日期", editable=False)
    period_started_on = models.DateField("本轮答复期限起算日", editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下发人", on_delete=models.PROTECT, related_name="+", editable=False
    )
    escalated_from = models.OneToOneField(
        "self", verbose_name="升级自", null=True, blank=True, on_delete=models.PROTECT, related_name="escalated_to",
        editable=False,
    )
    copied_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="抄送分管领导", blank=True, related_name="+",
    )
    # The department's answer of the current round (a return starts a new round; the trail keeps the old ones).
    cause = models.TextField("原因分析", blank=True)
    measures = models.TextField("整改措施", blank=True)
    evidence_links = models.TextField("佐证网址链接", blank=True, help_text="整改后的网页地址，每行一个。")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    answered_late = models.BooleanField("逾期答复", default=False, editable=False)
    office_comment = models.TextField("审核意见", blank=True, editable=False)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True, editable=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    audit_entries = AuditTrail(related_query_name="supervision_notice")

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "sequence"], name="supervision_notice_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.department.name}"

    def answer_complete(self) -> bool:
        """原因分析, 整改措施, and each item answered (or resolved by itself): what `submit_answer` needs."""
        if not (self.cause.strip() and self.measures.strip()):
            return False
        return all(item.answered for item in self.items.all())


class Complaint(ClockFields):
    """A citizen's 投诉、举报 about disclosure work (《政府信息公开条例》第五十一条: 向上一级行政机关或者政府信息公开
    工作主管部门投诉、举报; 收到投诉、举报的行政机关应当予以调查处理，并告知提出投诉、举报的公民、法人和其他组织
    调查处理结果), registered by the office and answered within the jurisdiction's time limit on the kernel's clock.
    Internal: the complainant's name and contact never leave the back office."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    office_department = models.ForeignKey(
        Department, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+", editable=False
    )
    year = models.PositiveSmallIntegerField("年度", editable=False)
    sequence = models.PositiveIntegerField("序号", editable=False)
    number = models.CharField("投诉编号", max_length=40, editable=False)
    channel = models.CharField("来源", max_length=20, choices=ComplaintChannel.choices)
    received_on = models.DateField("收到日期")
    complainant = models.CharField("投诉人", max_length=100)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    about_department = models.ForeignKey(
        Department, verbose_name="被投诉单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("投诉举报内容")
    status = models.CharField("状态", max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED,
                              editable=False)
    answer_days = models.PositiveSmallIntegerField("办理时限（工作日）", editable=False)
    answer = models.TextField("调查处理结果", blank=True, editable=False)
    answered_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    audit_entries = AuditTrail(related_query_name="supervision_complaint")

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "sequence"], name="supervision_complaint_number")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def department_id(self) -> int:
        """The workflow's `Roles` reads the case's department: a complaint is its office's to handle."""
        return self.office_department_id


class Assessment(models.Model):
    """考核 of the supervised departments for a period: the weights and every department's figures, points and
    rank, frozen when taken (supervision.assessment), so that later corrections do not rewrite history."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    office_department = models.ForeignKey(
        Department, verbose_name="考核机关", on_delete=models.PROTECT, related_name="+", editable=False
    )
    period_start = models.DateField("考核期间自")
    period_end = models.DateField("考核期间至")
    weights = models.JSONField("指标权重", default=dict, editable=False)
    rows = models.JSONField("各单位得分", default=list, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, help_text="空：期末自动生成。",
    )
    taken_at = models.DateTimeField("生成时间", auto_now_add=True)
    audit_entries = AuditTrail(related_query_name="supervision_assessment")

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}{self.period_start:%Y-%m-%d}至{self.period_end:%Y-%m-%d}考核"


class Item(models.Model):
    """One thing the notice is about; a record or request item resolves itself once the record is published or
    the request answered (`services.resolve_items`)."""

    notice = models.ForeignKey(Notice, verbose_name="督办单", on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("类型", max_length=20, choices=ItemKind.choices)
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="信息", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        InfoRequest, verbose_name="依申请公开", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉举报", null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    description = models.TextField("事项说明", blank=True, help_text="栏目、链接或其他事项的说明。")
    resolved_at = models.DateTimeField("自动销号时间", null=True, blank=True, editable=False)
    outcome = models.CharField("整改情况", max_length=20, choices=ItemOutcome.choices, blank=True)
    outcome_reason = models.TextField("说明", blank=True, help_text="无需整改、暂无法整改时必填。")
    planned_on = models.DateField("计划完成日期", null=True, blank=True, help_text="暂无法整改时必填。")

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def answered(self) -> bool:
        if self.resolved_at is not None:
            return True
        if not self.outcome:
            return False
        if self.outcome != ItemOutcome.FIXED and not self.outcome_reason.strip():
            return False
        return self.outcome != ItemOutcome.NOT_YET or self.planned_on is not None

    @property
    def label(self) -> str:
        if self.disclosure_id:
            return f"{self.disclosure.index_no or '（未编号）'} {self.disclosure.title}"
        if self.request_id:
            return f"{self.request.number} {self.request.description[:40]}"
        if self.complaint_id:
            return f"{self.complaint.number} {self.complaint.content[:40]}"
        return self.description


class Evidence(models.Model):
    """A screenshot the department gives as proof (004 §三: 网址链接 and 网页截图). Internal: never public."""

    notice = models.ForeignKey(Notice, verbose_name="督办单", on_delete=models.CASCADE, related_name="evidence")
    image = models.FileField("网页截图", upload_to="supervision/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改佐证截图"
        verbose_name_plural = "整改佐证截图"

    def __str__(self) -> str:
        return self.original_name


class Circular(models.Model):
    """通报: the office's circular for a period, with each department's figures frozen when it is generated
    (later corrections do not rewrite it), praise and criticism by the thresholds in settings, kept internal or
    published in the 通报 column."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    office_department = models.ForeignKey(
        Department, verbose_name="印发机关", on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField("通报类型", max_length=20, choices=CircularKind.choices, default=CircularKind.SITUATION)
    year = models.PositiveSmallIntegerField("年度", editable=False)
    sequence = models.PositiveIntegerField("序号", editable=False)
    number = models.CharField("文号", max_length=60, editable=False)
    index_no = models.CharField("索引号", max_length=60, blank=True, editable=False)
    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("通报期间自")
    period_end = models.DateField("通报期间至")
    intro = models.TextField("正文", blank=True, help_text="生成时按各单位数据预填，可修改。")
    requirements = models.TextField("工作要求", blank=True)
    figures = models.JSONField("各单位情况", default=list, editable=False)
    status = models.CharField("状态", max_length=20, choices=CircularStatus.choices, default=CircularStatus.DRAFT,
                              editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True, editable=False)
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    audit_entries = AuditTrail(related_query_name="supervision_circular")

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-period_end", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "sequence"], name="supervision_circular_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:circular", args=[self.pk])

    @property
    def department_id(self) -> int:
        """The workflow's `Roles` reads the case's department: a circular is its office's."""
        return self.office_department_id


def progress_due_on(year: int, half: int) -> datetime.date:
    """30 June for the first half, 31 December for the second (seed 002 §六(二))."""
    return datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)


class ProgressReport(models.Model):
    """A department's 重点领域信息公开工作进展情况 for a half year, due 30 June and 31 December (seed 002 §六(二):
    每年6月底前和12月底前将工作进展情况报同级政府政务公开主管部门), drafted by the clerk, submitted by its 部门负责人."""

    department = models.ForeignKey(Department, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年", choices=[(1, "上半年"), (2, "下半年")])
    text = models.TextField("工作进展情况", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    audit_entries = AuditTrail(related_query_name="supervision_progress_report")

    class Meta:
        verbose_name = "半年工作进展情况"
        verbose_name_plural = "半年工作进展情况"
        ordering = ["-year", "-half", "department__ordering"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "half"], name="supervision_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.department.name}{self.year}年{self.get_half_display()}工作进展情况"

    @property
    def due_on(self) -> datetime.date:
        return progress_due_on(self.year, self.half)
