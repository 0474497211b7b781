"""The disclosure catalogue (标准目录): what each department must publish, on what basis, how fast."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core import pii
from core.domains import get_domain
from core.sanitize import PlainTextModelMixin

from .choices import Audience, DecisionType, EntryMode, LimitKind


class CatalogueEntry(PlainTextModelMixin, models.Model):
    domain = models.CharField("领域", max_length=30, db_index=True)
    category = models.CharField("主题分类", max_length=40, db_index=True)
    code = models.SlugField("事项编码", max_length=60, unique=True, help_text="稳定的英文编码，例如 projects-approval-result-feasibility。")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=100)
    content = models.TextField("公开内容")
    basis = models.TextField("公开依据")
    limit_kind = models.CharField("公开时限类型", max_length=20, choices=LimitKind.choices, default=LimitKind.WORKING_DAYS)
    limit_days = models.PositiveSmallIntegerField(
        "公开时限（工作日）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    decision_type = models.CharField(
        "行政决定类型", max_length=20, choices=DecisionType.choices, default=DecisionType.NONE, blank=True,
        help_text="行政许可、行政处罚决定自作出之日起 7 个工作日内公开。",
    )
    subject = models.CharField("公开主体", max_length=200)
    channels = models.CharField("公开渠道", max_length=200, default="政府网站")
    audience = models.CharField("公开对象", max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    mode = models.CharField("公开方式", max_length=20, choices=EntryMode.choices, default=EntryMode.ACTIVE)
    ordering = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录"
        ordering = ["domain", "ordering", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(limit_kind=LimitKind.WORKING_DAYS) | Q(limit_days__isnull=False),
                name="%(app_label)s_%(class)s_working_days_need_limit",
                violation_error_message="公开时限类型为“工作日”时必须填写天数。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.level1} · {self.level2}"

    @property
    def limit_display(self) -> str:
        if self.limit_kind == LimitKind.WORKING_DAYS:
            return f"{self.limit_days}个工作日"
        return self.get_limit_kind_display()

    def clean(self) -> None:
        domain = get_domain(self.domain)
        if domain is None:
            raise ValidationError({"domain": f"未知的领域代码“{self.domain}”。"})
        if self.category not in domain.categories.values:
            raise ValidationError({"category": f"“{self.category}”不是“{domain.label}”领域的分类。"})
        if self.limit_kind == LimitKind.WORKING_DAYS and not self.limit_days:
            raise ValidationError({"limit_days": "公开时限类型为“工作日”时必须填写天数。"})
        pii.check_public_text(self)  # the 标准目录 is a public page
