"""A major construction project: the subject its nine categories of records are disclosed about."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import (
    normalize_project_code,
    normalize_uscc,
    validate_not_before_1949,
    validate_project_code,
    validate_uscc,
)
from disclosures.models import Disclosure, published_material
from organizations.models import Department, Jurisdiction

from .choices import ApprovalMode, InvestorType, Phase, PPPCapital, PPPMode, PPPReturn, Sector


class Project(PlainTextModelMixin, models.Model):
    name = models.CharField("项目名称", max_length=200)
    code = models.CharField(
        "投资项目统一代码", max_length=24, unique=True, validators=[validate_project_code],
        help_text="格式 NNNN-NNNNNN-NN-NN-NNNNNN，可不带连字符录入。",
    )
    sector = models.CharField("行业领域", max_length=30, choices=Sector.choices, db_index=True)
    approval_mode = models.CharField("管理方式", max_length=20, choices=ApprovalMode.choices)
    investor_type = models.CharField("投资类型", max_length=20, choices=InvestorType.choices)
    is_ppp = models.BooleanField("PPP 项目", default=False)
    ppp_mode = models.CharField("PPP 合作模式", max_length=20, choices=PPPMode.choices, blank=True)
    ppp_return = models.CharField("PPP 回报机制", max_length=20, choices=PPPReturn.choices, blank=True)
    ppp_capital = models.CharField("社会资本参与方式", max_length=20, choices=PPPCapital.choices, blank=True)
    total_investment = models.DecimalField(
        "总投资（元）", max_digits=16, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("9999999999999.99"))],
    )
    legal_entity = models.CharField("项目法人", max_length=200)
    legal_entity_uscc = models.CharField("项目法人统一社会信用代码", max_length=18, validators=[validate_uscc])
    location = models.CharField("建设地点", max_length=200)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="所属区划", on_delete=models.PROTECT, related_name="projects")
    lead_department = models.ForeignKey(
        Department, verbose_name="牵头部门", on_delete=models.PROTECT, related_name="led_projects"
    )
    phase = models.CharField("项目阶段", max_length=20, choices=Phase.choices, default=Phase.PREPARATION, db_index=True)
    started_on = models.DateField("开工日期", null=True, blank=True, validators=[validate_not_before_1949])
    completed_on = models.DateField("竣工日期", null=True, blank=True, validators=[validate_not_before_1949])
    description = models.TextField("项目概况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重大建设项目"
        verbose_name_plural = "重大建设项目"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "phase"], name="project_jurisdiction_phase")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gt=0),
                name="%(app_label)s_%(class)s_positive_investment",
                violation_error_message="总投资必须大于 0。",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(started_on__isnull=True) | Q(completed_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_completed_after_started",
                violation_error_message="竣工日期不能早于开工日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self) -> None:
        self.code = normalize_project_code(self.code)
        self.legal_entity_uscc = normalize_uscc(self.legal_entity_uscc)
        errors = {}
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = "竣工日期不能早于开工日期。"
        if self.is_ppp:
            for name in ("ppp_mode", "ppp_return", "ppp_capital"):
                if not getattr(self, name):
                    errors[name] = "PPP 项目必须填写合作模式、回报机制和资本参与方式。"
        if self.phase in {Phase.CONSTRUCTION, Phase.COMPLETED, Phase.OPERATION} and not self.started_on:
            errors["started_on"] = "在建、竣工或运营的项目必须填写开工日期。"
        if self.phase in {Phase.COMPLETED, Phase.OPERATION} and not self.completed_on:
            errors["completed_on"] = "竣工或运营的项目必须填写竣工日期。"
        if self.lead_department_id and self.jurisdiction_id:
            department = Department.objects.select_related("jurisdiction").get(pk=self.lead_department_id)
            if department.jurisdiction_id != self.jurisdiction_id and department.jurisdiction.pk not in (
                self.jurisdiction.parent_id,
            ):
                errors["lead_department"] = "牵头部门应属于项目所在区划或其上级。"
        errors = pii.public_text_errors(self) | errors
        if errors:
            raise ValidationError(errors)


class ProjectRecord(PreservedModel):
    """Links a record of the one publication table to its project (one project, many records)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="record_links")
    disclosure = models.OneToOneField(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="project_link"
    )
    # The link of a published record to its subject is part of that record (core.preservation).
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("disclosure__")
    preserved_record = "disclosure_id"

    class Meta:
        verbose_name = "项目信息记录"
        verbose_name_plural = "项目信息记录"

    def __str__(self) -> str:
        return f"{self.project} · {self.disclosure}"
