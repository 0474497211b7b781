"""The disclosure catalogue (标准目录): what each department must publish, on what basis, how fast."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core import pii
from core.domains import get_domain
from core.sanitize import PlainTextModelMixin

from .choices import DAY_LIMIT_KINDS, RETENTION_YEARS, Audience, DecisionType, EntryMode, LimitKind, Retention


class CatalogueEntry(PlainTextModelMixin, models.Model):
    domain = models.CharField("领域", max_length=30, db_index=True)
    category = models.CharField("主题分类", max_length=40, db_index=True)
    code = models.SlugField("事项编码", max_length=60, unique=True, help_text="稳定的英文编码，例如 projects-approval-result-feasibility。")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=100)
    content = models.TextField("公开内容")
    basis = models.TextField("公开依据")
    limit_kind = models.CharField(
        "公开时限类型", max_length=20, choices=LimitKind.choices, default=LimitKind.GENERAL,
        help_text="“一般时限”：适用区划的一般公开时限（《政府信息公开条例》第二十六条为 20 个工作日）。"
        "“工作日”“日”：法律法规对本类信息另有时限，取代一般时限，须填写时限依据。“实时（小时）”：按小时计算。",
    )
    limit_days = models.PositiveSmallIntegerField(
        "公开时限（天数）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="时限类型为“工作日”或“日”时填写。“日”为自然日，期满日为法定休假日的顺延至休假日后的第一个工作日"
        "（《民法典》第二百零三条）。",
    )
    limit_hours = models.PositiveSmallIntegerField(
        "公开时限（小时）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="时限类型为“实时（小时）”时可填写；留空则适用区划设置的紧急、实时信息公开时限。",
    )
    limit_basis = models.CharField(
        "时限依据", max_length=200, blank=True,
        help_text="本类信息自有时限的法律依据，例如：《招标投标法实施条例》第五十四条。",
    )
    decision_type = models.CharField(
        "行政决定类型", max_length=20, choices=DecisionType.choices, default=DecisionType.NONE, blank=True,
        help_text="行政许可、行政处罚决定自作出之日起 7 个工作日内公开（国办发〔2018〕118号），"
        "自决定日期起算，取代一般时限。",
    )
    item_types = models.JSONField(
        "适用信息类型", default=list, blank=True,
        help_text="本事项对应的结构化信息类型代码（如 feasibility、candidates）。记录未选目录事项时，按信息类型选定。",
    )
    subject = models.CharField("公开主体", max_length=200)
    channels = models.CharField("公开渠道", max_length=200, default="政府网站")
    audience = models.CharField("公开对象", max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    mode = models.CharField("公开方式", max_length=20, choices=EntryMode.choices, default=EntryMode.ACTIVE)
    retention = models.CharField(
        "保管期限", max_length=20, choices=Retention.choices, default=Retention.YEARS_30,
        help_text="本事项的信息归档后的保管期限（国家档案局令第8号：永久、定期30年、定期10年），自发布（撤回）之日起算；"
        "期满并已归档移交的记录才可按销毁程序销毁。",
    )
    ordering = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录"
        ordering = ["domain", "ordering", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(limit_kind__in=DAY_LIMIT_KINDS) | Q(limit_days__isnull=False),
                name="%(app_label)s_%(class)s_day_limits_need_days",
                violation_error_message="公开时限类型为“工作日”或“日”时必须填写天数。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.level1} · {self.level2}"

    @property
    def retention_years(self) -> int | None:
        """The period in years, or None for 永久."""
        return RETENTION_YEARS.get(self.retention)

    @property
    def limit_display(self) -> str:
        """The limit as the catalogue page and the record form show it, unit included."""
        if self.decision_type:
            return f"{self.get_decision_type_display()}作出之日起7个工作日"
        if self.limit_kind == LimitKind.WORKING_DAYS:
            return f"{self.limit_days}个工作日"
        if self.limit_kind == LimitKind.CALENDAR_DAYS:
            return f"{self.limit_days}日"
        if self.limit_kind == LimitKind.REALTIME:
            return f"实时（{self.limit_hours}小时）" if self.limit_hours else "实时"
        if self.limit_kind == LimitKind.ONGOING:
            return "常年（变更后按一般时限）"
        return "一般时限（20个工作日，地方另有规定的从其规定）"

    def clean(self) -> None:
        domain = get_domain(self.domain)
        if domain is None:
            raise ValidationError({"domain": f"未知的领域代码“{self.domain}”。"})
        if self.category not in domain.categories.values:
            raise ValidationError({"category": f"“{self.category}”不是“{domain.label}”领域的分类。"})
        errors = {}
        if self.limit_kind in DAY_LIMIT_KINDS:
            if not self.limit_days:
                errors["limit_days"] = "公开时限类型为“工作日”或“日”时必须填写天数。"
            if not self.limit_basis.strip():
                errors["limit_basis"] = "本类信息自有的公开时限取代一般时限，须写明法律依据（例如：《招标投标法实施条例》第五十四条）。"
        elif self.limit_days:
            errors["limit_days"] = "只有时限类型为“工作日”或“日”的事项填写天数。"
        if self.limit_hours and self.limit_kind != LimitKind.REALTIME:
            errors["limit_hours"] = "只有时限类型为“实时（小时）”的事项填写小时数。"
        if self.limit_kind == LimitKind.WORKING_DAYS and self.limit_days and self.limit_days > 20:
            errors["limit_days"] = "《政府信息公开条例》第二十六条规定 20 个工作日，目录事项的时限不能更长。"
        if not isinstance(self.item_types, list) or not all(isinstance(code, str) for code in self.item_types):
            errors["item_types"] = "适用信息类型应为信息类型代码的列表。"
        if errors:
            raise ValidationError(errors)
        pii.check_public_text(self)  # the 标准目录 is a public page
