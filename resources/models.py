"""Public resource allocation: the matters citizens follow from notice to result, and the 黑名单."""

import calendar
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import pii
from core.preservation import PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import normalize_uscc, validate_not_before_1949, validate_uscc
from disclosures.models import Disclosure, published_material
from namelists.masking import mask_id_number, mask_name
from organizations.models import Department, Jurisdiction

from .choices import (
    CREDIT_BASIS_LIST,
    CREDIT_BASIS_MAX_MONTHS,
    CreditArea,
    CreditBasis,
    CreditList,
    CreditStatement,
    CreditSubjectKind,
    ResourceArea,
)


def add_months(day, months: int):
    """The same day `months` later (the month's last day when it has no such day): a listing period's end."""

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


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
    """An entry of a public credit list: the 严重失信主体名单 (国办发〔2020〕49号; seed 002 §四(二) calls it the
    骗取公共资源等不良行为“黑名单”, the historic 失信黑名单 column) or the 守信激励 red list (seed 000 §三(三)).

    - a legal basis per entry, with the longest period it allows (`CREDIT_BASIS_MAX_MONTHS`; 49号 四(六)(七));
    - prior notice (告知) and the subject's 陈述申辩 before a 严重失信 listing (49号 四(八));
    - early removal by 信用修复, with its date and reason (49号 六, 信用修复);
    - natural persons, whose name is shown masked and whose ID number is kept masked (seed 001 §五 去标识化);
    - welfare areas too (食品安全 企业“黑名单”, seed 002 §四(三)3).

    Taken off the public list when its period ends (`expired_at`, set by the daily job) or on 信用修复
    (`repaired_on`); never deleted (core.preservation: every
    entry was public the moment it was entered)."""

    objects = PreservedQuerySet.as_manager()

    list_type = models.CharField(
        "名单类型", max_length=20, choices=CreditList.choices, default=CreditList.SERIOUS,
        help_text="严重失信主体名单（国办发〔2020〕49号；2018年实施方案称“失信黑名单”）或守信激励对象名单（红名单）。",
    )
    subject_kind = models.CharField(
        "主体类型", max_length=20, choices=CreditSubjectKind.choices, default=CreditSubjectKind.ORGANIZATION,
        help_text="自然人（如骗取保障性住房的个人）的姓名在公开页面、接口和导出中去标识化显示，身份证号码只保存脱敏后的形式。",
    )
    subject_name = models.CharField("主体名称", max_length=200, help_text="法人和非法人组织的名称，或自然人的姓名（公开时去标识化）。")
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc], db_index=True,
        help_text="法人和非法人组织必填；自然人不填。",
    )
    id_number = models.CharField(
        "身份证号码（脱敏）", max_length=18, blank=True,
        help_text="仅自然人填写；保存时即脱敏（保留前6位和后4位），完整号码由认定单位留存（《政府信息公开条例》第十五条，seed 001 §五）。",
    )
    area = models.CharField("领域", max_length=30, choices=CreditArea.choices)
    basis = models.CharField(
        "认定依据", max_length=40, choices=CreditBasis.choices, blank=True,
        help_text="设列名单必须以法律、法规或党中央、国务院政策文件为依据（国办发〔2020〕49号 四(六)(七)）；"
        "每项依据有其最长列入期限。2020年以前录入的记录可能未注明。",
    )
    basis_detail = models.CharField(
        "依据条款", max_length=200, blank=True,
        help_text="具体条款或认定标准文件；依据为“其他法律、法规或政策文件”时必填。",
    )
    conduct = models.TextField("失信行为（守信事实）", help_text="严重失信主体名单填失信行为；红名单填守信事实。")
    decision = models.TextField("处理决定（激励措施）")
    decision_no = models.CharField("决定文号", max_length=100)
    authority = models.CharField("决定机关", max_length=100)
    notified_on = models.DateField(
        "告知日期", null=True, blank=True, validators=[validate_not_before_1949],
        help_text="作出列入决定前告知当事人列入的事由、依据和依法享有的权利的日期（国办发〔2020〕49号 四(八)）；严重失信主体名单必填。",
    )
    statement = models.CharField(
        "陈述申辩", max_length=20, choices=CreditStatement.choices, blank=True,
        help_text="当事人告知后是否陈述申辩、是否采纳（国办发〔2020〕49号 四(八)）；严重失信主体名单必填。",
    )
    statement_note = models.TextField("陈述申辩及核实情况", blank=True)
    starts_on = models.DateField("列入日期", validators=[validate_not_before_1949])
    ends_on = models.DateField("移出日期（期满）", validators=[validate_not_before_1949])
    repaired_on = models.DateField(
        "信用修复提前移出日期", null=True, blank=True, validators=[validate_not_before_1949],
        help_text="失信主体纠正失信行为、消除不良影响后经信用修复提前移出名单的日期（国办发〔2020〕49号 六“信用修复”）。",
    )
    repair_reason = models.TextField("信用修复理由", blank=True, help_text="提前移出时必填：已纠正的失信行为、履行的义务、作出的信用承诺等。")
    department = models.ForeignKey(Department, verbose_name="录入单位", on_delete=models.PROTECT, related_name="blacklist_entries")
    expired_at = models.DateTimeField(
        "期满移出时间", null=True, blank=True, editable=False,
        help_text="列入期满后由每日任务移出公开名单的时间（信用修复提前移出的见“信用修复提前移出日期”）。",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "严重失信主体名单和红名单"
        verbose_name_plural = "严重失信主体名单和红名单"
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
        return self.public_name

    @property
    def is_person(self) -> bool:
        return self.subject_kind == CreditSubjectKind.PERSON

    @property
    def public_name(self) -> str:
        """The name every public door shows: a natural person's masked (张三明 → 张*明)."""
        return mask_name(self.subject_name) if self.is_person else self.subject_name

    @property
    def basis_text(self) -> str:
        """The basis as the public reads it: the choice's label, then the cited provision."""
        label = self.get_basis_display() if self.basis else "未注明（2020年以前按原“黑名单”规则录入）"
        return f"{label}；{self.basis_detail}" if self.basis_detail else label

    def clean(self) -> None:
        """Field rules of 国办发〔2020〕49号: a basis of the entry's list, a period within the basis's maximum, the
        告知 and 陈述申辩 before a 严重失信 listing, a reason for an early removal; organisations carry a 统一社会信用代码,
        natural persons a masked ID number only."""
        self.uscc = normalize_uscc(self.uscc)
        errors: dict[str, str] = {}
        if self.is_person:
            if self.uscc:
                errors["uscc"] = "自然人不填写统一社会信用代码。"
            if self.id_number:
                self.id_number = mask_id_number(self.id_number)
        else:
            if not self.uscc:
                errors["uscc"] = "法人和非法人组织必须填写统一社会信用代码。"
            if self.id_number:
                errors["id_number"] = "只有自然人填写身份证号码。"
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = "移出日期必须晚于列入日期。"
        if not self.basis:
            errors["basis"] = "必须选择认定依据（国办发〔2020〕49号：设列名单须以法律、法规或党中央、国务院政策文件为依据）。"
        elif CREDIT_BASIS_LIST.get(self.basis) != self.list_type:
            errors["basis"] = f"“{self.get_basis_display()}”不能作为{self.get_list_type_display()}的认定依据。"
        else:
            limit = CREDIT_BASIS_MAX_MONTHS[self.basis]
            if self.starts_on and self.ends_on and "ends_on" not in errors and self.ends_on > add_months(self.starts_on, limit):
                errors["ends_on"] = f"按“{self.get_basis_display()}”，列入期限最长{limit}个月，移出日期不能晚于{add_months(self.starts_on, limit):%Y-%m-%d}。"
            if self.basis == CreditBasis.OTHER_LAW and not self.basis_detail:
                errors["basis_detail"] = "依据为其他法律、法规或政策文件时，必须填写依据条款。"
        if self.list_type == CreditList.SERIOUS:
            if self.notified_on is None:
                errors["notified_on"] = "列入严重失信主体名单前必须告知当事人，请填写告知日期（国办发〔2020〕49号 四(八)）。"
            elif self.starts_on and self.notified_on > self.starts_on:
                errors["notified_on"] = "告知日期不能晚于列入日期：须在作出列入决定前告知。"
            if not self.statement:
                errors["statement"] = "请填写当事人陈述申辩情况（国办发〔2020〕49号 四(八)）。"
            elif self.statement != CreditStatement.NONE and not self.statement_note:
                errors["statement_note"] = "当事人已陈述申辩的，必须填写陈述申辩及核实情况。"
        elif self.notified_on or self.statement:
            errors["statement"] = "红名单不需要告知和陈述申辩。"
        if self.repaired_on is not None:
            if self.list_type != CreditList.SERIOUS:
                errors["repaired_on"] = "只有严重失信主体名单可以信用修复提前移出。"
            elif self.starts_on and not (self.starts_on <= self.repaired_on < (self.ends_on or self.repaired_on)):
                errors["repaired_on"] = "信用修复提前移出日期必须在列入期内（不早于列入日期、早于期满日期）。"
            elif self.repaired_on > timezone.localdate():
                errors["repaired_on"] = "信用修复提前移出日期不能晚于今天。"
            if not self.repair_reason.strip():
                errors["repair_reason"] = "信用修复提前移出必须填写理由。"
        elif self.repair_reason:
            errors["repair_reason"] = "未填写信用修复提前移出日期时不填写理由。"
        errors = pii.public_text_errors(self) | errors
        if errors:
            raise ValidationError(errors)
