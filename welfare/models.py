"""Social welfare undertakings: the programmes whose policies, funds and beneficiaries are disclosed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import normalize_uscc, validate_not_before_1949, validate_uscc
from disclosures.models import Disclosure, published_material
from organizations.models import Department, Jurisdiction

from .choices import HISTORIC_AREA_TITLES, EvaluationGrade, PublicBodyKind, PublicBodySector, WelfareArea

MONEY_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9999999999999.99"))]


class Programme(PlainTextModelMixin, models.Model):
    """扶持谁、谁来扶、怎么扶、如何退: a welfare programme or project and its public facts."""

    area = models.CharField("领域", max_length=30, choices=WelfareArea.choices, db_index=True)
    name = models.CharField("项目（工作）名称", max_length=200)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="所属区划", on_delete=models.PROTECT, related_name="welfare_programmes")
    department = models.ForeignKey(Department, verbose_name="主管部门", on_delete=models.PROTECT, related_name="welfare_programmes")
    fund_source = models.CharField("资金来源", max_length=200, blank=True)
    total_funds = models.DecimalField(
        "资金规模（元）", max_digits=16, decimal_places=2, null=True, blank=True, validators=MONEY_VALIDATORS
    )
    starts_on = models.DateField("实施开始", null=True, blank=True, validators=[validate_not_before_1949])
    ends_on = models.DateField("实施结束", null=True, blank=True, validators=[validate_not_before_1949])
    target = models.TextField("预期目标", blank=True)
    result = models.TextField("实施结果", blank=True)
    implementer = models.CharField("实施单位及责任人", max_length=200, blank=True)
    report_phone = models.CharField("监督举报电话", max_length=30, blank=True, help_text="公开的单位举报电话，不得填写个人手机。")
    description = models.TextField("概况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "社会公益事业项目"
        verbose_name_plural = "社会公益事业项目"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["area", "jurisdiction"], name="programme_area_jurisdiction")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("welfare:detail", args=[self.pk])

    @property
    def area_title(self) -> str:
        """The area's name today, with the seed's 2018 column title when it was renamed (巩固拓展脱贫攻坚成果和乡村振兴（原“脱贫攻坚”）)."""
        historic = HISTORIC_AREA_TITLES.get(self.area)
        return f"{self.get_area_display()}（原“{historic}”）" if historic else self.get_area_display()

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "实施结束日期不能早于开始日期。"})
        pii.check_public_text(self)


class ProgrammeRecord(PreservedModel):
    """Links a record of the one publication table to its programme."""

    programme = models.ForeignKey(Programme, verbose_name="项目", on_delete=models.PROTECT, related_name="record_links")
    disclosure = models.OneToOneField(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="programme_link"
    )
    # The link of a published record to its subject is part of that record (core.preservation).
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("disclosure__")
    preserved_record = "disclosure_id"

    class Meta:
        verbose_name = "项目信息记录"
        verbose_name_plural = "项目信息记录"

    def __str__(self) -> str:
        return f"{self.programme} · {self.disclosure}"


class PublicBody(PlainTextModelMixin, models.Model):
    """A 公共企事业单位 or 慈善组织 whose disclosure of social welfare information the office promotes and
    evaluates: seed 002 §四(三) ("推动有关公共企事业单位、慈善组织如实公开社会公益事业信息") and §六(三) (考核评估).

    Their own duty to publish comes from 《政府信息公开条例》第五十五条 and the field rules made under
    《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）; a 慈善组织's from 《中华人民共和国慈善法》
    (信息公开 chapter) on the 全国慈善信息公开平台 (慈善中国). The register is public, and so is each year's
    evaluation (`PublicBodyEvaluation`)."""

    name = models.CharField("单位名称", max_length=200)
    kind = models.CharField("单位类型", max_length=20, choices=PublicBodyKind.choices)
    service_area = models.CharField(
        "服务领域", max_length=20, choices=PublicBodySector.choices,
        help_text="教育、卫生健康、供水、供电、供气、供热、环境保护、公共交通（《公共企事业单位信息公开规定制定办法》"
        "（国办发〔2020〕50号）第二条），慈善组织选“慈善”（《中华人民共和国慈善法》）。",
    )
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc],
    )
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="所属区划", on_delete=models.PROTECT, related_name="welfare_public_bodies")
    department = models.ForeignKey(
        Department, verbose_name="主管部门（登记管理机关）", on_delete=models.PROTECT, related_name="welfare_public_bodies",
        help_text="行业主管部门；慈善组织为登记的民政部门。该部门经办人和上级政务公开办维护本单位及其评估结果。",
    )
    rules = models.CharField(
        "适用的信息公开规定", max_length=300, blank=True,
        help_text="主管部门依《政府信息公开条例》第五十五条制定的本领域公共企事业单位信息公开规定；慈善组织为《慈善法》和"
        "《慈善组织信息公开办法》。",
    )
    disclosure_url = models.URLField(
        "信息公开网址", max_length=300, blank=True, help_text="单位的信息公开专栏；慈善组织在全国慈善信息公开平台（慈善中国）的页面。"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公共企事业单位和慈善组织"
        verbose_name_plural = "公共企事业单位和慈善组织"
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="%(app_label)s_%(class)s_one_name_per_jurisdiction",
                violation_error_message="本区划已登记同名单位。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        pii.check_public_text(self)


class PublicBodyEvaluation(PlainTextModelMixin, models.Model):
    """One year's evaluation of a body's disclosure, published as it is entered (seed 002 §六(三) 开展考核评估;
    国办发〔2020〕50号 asks the 主管部门 to supervise and evaluate the bodies' disclosure)."""

    body = models.ForeignKey(PublicBody, verbose_name="单位", on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(
        "评估年度", validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    grade = models.CharField("评估等次", max_length=20, choices=EvaluationGrade.choices)
    score = models.DecimalField(
        "评估得分", max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))], help_text="百分制，可不填。",
    )
    findings = models.TextField("主要问题", blank=True)
    rectification = models.TextField("整改要求和整改情况", blank=True)
    evaluator = models.ForeignKey(Department, verbose_name="评估单位", on_delete=models.PROTECT, related_name="welfare_evaluations")
    evaluated_on = models.DateField("评估结果公布日期", validators=[validate_not_before_1949])
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "信息公开评估结果"
        verbose_name_plural = "信息公开评估结果"
        ordering = ["-year", "body__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message="该单位本年度已有评估结果，请修改原结果。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.year}年度 · {self.get_grade_display()}"

    def clean(self) -> None:
        if self.year and self.evaluated_on and self.evaluated_on.year < self.year:
            raise ValidationError({"evaluated_on": "评估结果公布日期不能早于评估年度。"})
        pii.check_public_text(self)
