"""Social welfare undertakings: the programmes whose policies, funds and beneficiaries are disclosed."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import validate_not_before_1949
from disclosures.models import Disclosure, published_material
from organizations.models import Department, Jurisdiction

from .choices import WelfareArea

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
