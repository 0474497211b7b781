"""What the annual report counts that the portal does not already hold: each department's yearly tally of
administrative decisions and fees (part 二), and the register of 行政复议 and 行政诉讼 cases about information
requests (part 四). Part 三 is counted from the requests themselves (inforequests.statistics)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.models import AuditTrail
from organizations.models import Department

from .choices import ReviewKind, ReviewResult


class DecisionTally(models.Model):
    """A department's decisions and fees of one year (条例第二十条第（五）（六）（八）项), entered by the
    department with its source (the 许可、处罚 systems' yearly statistics, the finance office's accounts)."""

    department = models.ForeignKey(Department, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    licences = models.PositiveIntegerField("行政许可：本年处理决定数量", default=0)
    penalties = models.PositiveIntegerField("行政处罚：本年处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制：本年处理决定数量", default=0)
    fees = models.DecimalField(
        "行政事业性收费：本年收费金额（单位：万元）", max_digits=14, decimal_places=4, default=0,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField("数据来源", max_length=300, help_text="例如：市场监管综合业务系统 2026 年度统计。")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行政决定和收费年度统计"
        verbose_name_plural = "行政决定和收费年度统计"
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="annualreports_tally_department_year")
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year} 年"


class ReviewCase(models.Model):
    """A 行政复议 or 行政诉讼 case about a request (条例第五十一条), as part 四 counts it: by its kind and, once
    closed, its result; closed after 31 December (or not yet) it is 尚未审结 in that year's report."""

    department = models.ForeignKey(Department, verbose_name="被申请人/被告单位", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "inforequests.InfoRequest", verbose_name="政府信息公开申请", null=True, blank=True, on_delete=models.PROTECT,
        related_name="review_cases",
    )
    kind = models.CharField("类型", max_length=20, choices=ReviewKind.choices)
    filed_on = models.DateField("受理/立案日期")
    result = models.CharField("结果", max_length=20, choices=ReviewResult.choices, blank=True)
    closed_on = models.DateField("审结日期", null=True, blank=True)
    case_no = models.CharField("案号", max_length=100, blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_no or self.filed_on}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    REVIEWED = "reviewed", "待签发"
    PUBLISHED = "published", "已发布"


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of one department (due 31 January, 条例第四十九条) or of the county government
    (its office department: due 31 March, 第五十条) for one year. `contents` holds the tables as computed
    from the data and then edited by the clerk (manual cells); the text parts are its own fields."""

    department = models.ForeignKey(Department, verbose_name="报告单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    contents = models.JSONField("表格", default=dict, blank=True)
    computed_at = models.DateTimeField("表格计算时间", null=True, blank=True)
    index_no = models.CharField("索引号", max_length=60, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    audit_entries = AuditTrail(related_query_name="annual_report")

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "department__ordering", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="annualreports_report_department_year")
        ]

    def __str__(self) -> str:
        return f"{self.title}"

    @property
    def title(self) -> str:
        owner = f"{self.department.jurisdiction.name}人民政府" if self.department.is_office else self.department.name
        return f"{owner}{self.year}年政府信息公开工作年度报告"
