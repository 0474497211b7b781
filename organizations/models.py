"""Jurisdictions (a tree), departments (责任单位) and the roles people hold in them."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from core import pii

from .choices import JurisdictionLevel, Role

code_validator = RegexValidator(r"^[A-Za-z0-9]{2,20}$", "代码只能由 2–20 位字母或数字组成。")
site_code_validator = RegexValidator(r"^[0-9A-Za-z]{10}$", "政府网站标识码为 10 位数字或字母，以国务院办公厅分配的为准。")
police_record_validator = RegexValidator(
    r"^\S*公网安备\s*\d{6,20}号$", "公安机关备案号的格式如：某公网安备 53312302000001号。"
)

DEFAULT_INDEX_NO_PATTERN = "{dept_code}-{year}-{seq:06d}"


def _check_public_text(instance) -> None:
    """Names and phone numbers of jurisdictions and departments are shown on every public page: the
    personal-data guard reads them like any public text (a mobile number is not an 办公电话)."""
    pii.check_public_text(instance)
INDEX_NO_FIELDS = {"dept_code", "jurisdiction_code", "year", "seq"}


def validate_index_no_pattern(value: str) -> None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        value.format(dept_code="X", jurisdiction_code="Y", year=2026, seq=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(f"索引号格式无效：{exc}") from exc
    unknown = fields - INDEX_NO_FIELDS
    if unknown:
        raise ValidationError(f"索引号格式含未知字段：{', '.join(sorted(unknown))}")
    if not {"dept_code", "year", "seq"} <= fields:
        raise ValidationError("索引号格式必须包含 {dept_code}、{year} 和 {seq}（流水号按单位、按年编排）。")


def default_deadline_days() -> int:
    return settings.PORTAL_DEFAULT_DEADLINE_DAYS


class Jurisdiction(models.Model):
    """A level of government: 州/市 → 县/区 → 乡/镇."""

    name = models.CharField("名称", max_length=100)
    code = models.CharField("行政区划代码", max_length=20, unique=True, validators=[code_validator])
    level = models.CharField("层级", max_length=20, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    index_no_pattern = models.CharField(
        "索引号格式",
        max_length=100,
        default=DEFAULT_INDEX_NO_PATTERN,
        validators=[validate_index_no_pattern],
        help_text="可用字段：{dept_code} 机构代码、{jurisdiction_code} 区划代码、{year} 年份、{seq:06d} 流水号。",
    )
    deadline_days = models.PositiveSmallIntegerField(
        "一般公开时限（工作日）",
        default=default_deadline_days,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(20, "地方规定可以缩短、不能延长《政府信息公开条例》第二十六条规定的 20 个工作日。"),
        ],
        help_text="主动公开的信息自形成或变更之日起多少个工作日内公开（《政府信息公开条例》第二十六条为 20；"
        "地方规定更短的，填写其天数和依据）。",
    )
    deadline_basis = models.CharField(
        "一般公开时限依据", max_length=200, blank=True,
        help_text="一般公开时限短于 20 个工作日时必填，例如：克政办发〔2018〕65号。",
    )
    decision_deadline_days = models.PositiveSmallIntegerField(
        "行政许可/行政处罚决定公开时限（工作日）",
        default=7,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(7, "国办发〔2018〕118号规定行政执法决定自作出之日起 7 个工作日内公开，不能更长。"),
        ],
        help_text="行政许可、行政处罚决定自作出之日起多少个工作日内公开（国办发〔2018〕118号为 7）。",
    )
    hour_limit = models.PositiveSmallIntegerField(
        "紧急、实时信息公开时限（小时）",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="标为紧急的信息和标准目录中“实时”事项（未规定小时数的）自形成时起多少小时内公开，按自然时间计算。"
        "参考：国办发〔2016〕61号，重大突发事件最迟 24 小时内举行新闻发布会；国办发〔2016〕80号，最迟 5 小时内发布权威信息。",
    )
    supervision_answer_days = models.PositiveSmallIntegerField(
        "督办答复时限（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="督办单下发（或退回重新整改）后，被督办单位应在多少个工作日内书面答复整改情况"
        "（本级政务公开工作督查制度确定；《政府信息公开条例》第四十七条）。",
    )
    complaint_answer_days = models.PositiveSmallIntegerField(
        "投诉举报办理时限（工作日）", default=20, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="公众对政府信息公开工作的投诉、举报，自登记之日起多少个工作日内办结答复"
        "（《政府信息公开条例》第五十一条；时限由本级政务公开工作制度确定）。",
    )
    one_step_review = models.BooleanField(
        "仅部门负责人审核", default=False, help_text="勾选后审核通过即可发布，不再需要分管领导签发。"
    )
    auto_publish = models.BooleanField(
        "审批通过后自动发布", default=True, help_text="最后一步审批（签发，或一步审核）通过后立即发布。"
    )
    # 网站标识 (《政府网站发展指引》, 国办发〔2017〕47号): what the footer of every public page shows for the
    # site's jurisdiction (the top of the tree), edited by its government office.
    site_sponsor = models.CharField(
        "网站主办单位", max_length=100, blank=True,
        help_text="政府网站的主办单位，一般为本级人民政府办公室（国办发〔2017〕47号）。留空则显示“<名称>人民政府办公室”。",
    )
    site_operator = models.CharField(
        "网站承办单位", max_length=100, blank=True,
        help_text="主办单位指定承担网站运行维护的内设机构或专门机构，例如政务公开办公室、大数据中心。",
    )
    site_code = models.CharField(
        "政府网站标识码", max_length=10, blank=True, validators=[site_code_validator],
        help_text="国务院办公厅为政府网站分配的标识码（国办发〔2017〕47号），显示在每个页面底部。",
    )
    icp_record = models.CharField(
        "ICP备案编号", max_length=50, blank=True,
        help_text="工业和信息化部 ICP 备案编号，例如：滇ICP备2026000001号-1；页面底部链接到工信部备案查询系统。",
    )
    police_record = models.CharField(
        "公安机关备案号", max_length=50, blank=True, validators=[police_record_validator],
        help_text="公安机关互联网站备案号，例如：滇公网安备 53312302000001号；页面底部链接到全国互联网安全管理服务平台。",
    )
    conac_url = models.URLField(
        "党政机关网站标识链接", blank=True,
        help_text="机构编制部门核发的党政机关网站标识的核验地址（网站标识代码加入页面后的链接）。",
    )
    contact_address = models.CharField("联系地址", max_length=200, blank=True, help_text="“联系我们”页面显示。")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, help_text="网站和政务公开工作的办公电话。")
    contact_email = models.EmailField("联系邮箱", blank=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级区划不能是自身或其下级。"})
            ancestor = ancestor.parent
        if self.deadline_days is not None and self.deadline_days < 20 and not self.deadline_basis.strip():
            raise ValidationError(
                {"deadline_basis": "一般公开时限短于《政府信息公开条例》第二十六条的 20 个工作日，须写明地方规定的文号。"}
            )
        _check_public_text(self)

    def descendant_ids(self) -> set[int]:
        """Ids of this jurisdiction and every jurisdiction below it."""
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Jurisdiction.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in frontier if pk not in ids]
            ids.update(frontier)
        return ids


class Department(models.Model):
    """A 责任单位: the department responsible for a record (谁批准谁公开、谁实施谁公开)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="所属区划", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    code = models.CharField(
        "机构代码", max_length=20, unique=True, validators=[code_validator], help_text="用于生成索引号，例如 KZ044。"
    )
    is_office = models.BooleanField("政务公开办", default=False, help_text="本级政府办公室/政务公开办。")
    email = models.EmailField("联系邮箱", blank=True)
    phone = models.CharField("办公电话", max_length=30, blank=True)
    ordering = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["jurisdiction__code", "ordering", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="%(app_label)s_%(class)s_unique_name_per_jurisdiction",
                violation_error_message="同一区划下已有同名单位。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_public_text(self)


class Membership(models.Model):
    """A role a user holds in a department. One user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    department = models.ForeignKey(
        Department, verbose_name="单位", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "岗位角色"
        verbose_name_plural = "岗位角色"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "role"],
                name="%(app_label)s_%(class)s_unique_role",
                violation_error_message="该用户在此单位已有这个角色。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"
