"""Public resource allocation: the matters citizens follow from notice to result, and the 黑名单."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import normalize_uscc, validate_not_before_1949, validate_uscc
from disclosures.models import Disclosure, published_material
from organizations.models import Department, Jurisdiction

from .choices import ResourceArea


class ResourceMatter(PlainTextModelMixin, models.Model):
    """One allocation (a land parcel's transfer, a procurement, a housing allocation round…)."""

    area = models.CharField("领域", max_length=30, choices=ResourceArea.choices, db_index=True)
    name = models.CharField("事项名称", max_length=200)
    reference_no = models.CharField("项目（交易）编号", max_length=60, blank=True, db_index=True)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="所属区划", on_delete=models.PROTECT, related_name="resource_matters")
    department = models.ForeignKey(Department, verbose_name="主管部门", on_delete=models.PROTECT, related_name="resource_matters")
    amount = models.DecimalField(
        "金额（元）", max_digits=16, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9999999999999.99"))],
        help_text="预算金额、起始价或转让底价。",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name="关联重大建设项目", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resource_matters",
    )
    purchaser = models.CharField(
        "采购人（招标人）", max_length=200, blank=True,
        help_text="政府采购的采购人或工程建设项目的招标人（不是监督部门或交易中心）。关联重大建设项目的事项不填：招标人即项目法人。",
    )
    purchaser_uscc = models.CharField(
        "采购人（招标人）统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc],
    )
    description = models.TextField("事项概况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公共资源配置事项"
        verbose_name_plural = "公共资源配置事项"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["area", "jurisdiction"], name="matter_area_jurisdiction")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.pk])

    def clean(self) -> None:
        """A linked project only for 招标投标; the 采购人（招标人） only for 采购 and 招标投标, and not beside a
        linked project, whose 项目法人 is the 招标人 (招标投标法第八条; 政府采购法第十五条 for the 采购人)."""
        self.purchaser_uscc = normalize_uscc(self.purchaser_uscc)
        errors = {}
        if self.project_id and self.area != ResourceArea.CONSTRUCTION_BIDDING:
            errors["project"] = "只有工程建设项目招标投标事项可以关联重大建设项目。"
        if self.purchaser or self.purchaser_uscc:
            if self.area not in (ResourceArea.PROCUREMENT, ResourceArea.CONSTRUCTION_BIDDING):
                errors["purchaser"] = "只有政府采购和工程建设项目招标投标事项填写采购人（招标人）。"
            elif self.project_id:
                errors["purchaser"] = "关联重大建设项目的事项，招标人即项目法人，不另填写采购人（招标人）。"
            elif not self.purchaser:
                errors["purchaser"] = "填写统一社会信用代码时须填写采购人（招标人）名称。"
        errors = pii.public_text_errors(self) | errors
        if errors:
            raise ValidationError(errors)

    def purchaser_and_uscc(self) -> tuple[str, str]:
        """(name, 统一社会信用代码) of the 采购人（招标人）, the OCDS `buyer`: a linked major project's 项目法人
        (招标投标法第八条: the 招标人 is who proposes and tenders the project — the same fields OC4IDS names as
        the project's buyer), else the matter's own 采购人（招标人）; ("", "") when not known."""
        if self.project_id:
            return self.project.legal_entity, self.project.legal_entity_uscc
        return self.purchaser, self.purchaser_uscc


class MatterRecord(PreservedModel):
    """Links a record of the one publication table to its matter."""

    matter = models.ForeignKey(ResourceMatter, verbose_name="事项", on_delete=models.PROTECT, related_name="record_links")
    disclosure = models.OneToOneField(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="matter_link"
    )
    # The link of a published record to its subject is part of that record (core.preservation).
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("disclosure__")
    preserved_record = "disclosure_id"

    class Meta:
        verbose_name = "事项信息记录"
        verbose_name_plural = "事项信息记录"

    def __str__(self) -> str:
        return f"{self.matter} · {self.disclosure}"


class BlacklistEntry(PlainTextModelMixin, PreservedModel):
    """骗取公共资源等不良行为“黑名单”. Taken off the public list when its period ends; never deleted
    (core.preservation: every entry was public the moment it was entered)."""

    objects = PreservedQuerySet.as_manager()

    subject_name = models.CharField("主体名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc], db_index=True)
    area = models.CharField("领域", max_length=30, choices=ResourceArea.choices)
    conduct = models.TextField("不良行为")
    decision = models.TextField("处理决定")
    decision_no = models.CharField("决定文号", max_length=100)
    authority = models.CharField("决定机关", max_length=100)
    starts_on = models.DateField("列入日期", validators=[validate_not_before_1949])
    ends_on = models.DateField("移出日期（期满）", validators=[validate_not_before_1949])
    department = models.ForeignKey(Department, verbose_name="录入单位", on_delete=models.PROTECT, related_name="blacklist_entries")
    expired_at = models.DateTimeField("期满移出时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "黑名单"
        verbose_name_plural = "黑名单"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["expired_at", "ends_on"], name="blacklist_in_force")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period_order",
                violation_error_message="移出日期必须晚于列入日期。",
            )
        ]

    def __str__(self) -> str:
        return self.subject_name

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "移出日期必须晚于列入日期。"})
        pii.check_public_text(self)
