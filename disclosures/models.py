"""
The one publication table.

Every published item of every domain is a `Disclosure` row carrying the standard 政府信息公开目录
metadata, its workflow state, its deadline and its disclosure mode. Domain apps link their subjects
to it. The workflow itself lives in `services.py`; nothing else sets `status`.
"""

from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import uploads
from core.choices import AttachmentScanStatus
from core.domains import get_domain
from core.models import AuditTrail
from core.preservation import PreservedFileField, PreservedModel, PreservedQuerySet
from core.sanitize import PlainTextModelMixin
from core.validators import validate_not_before_1949, validate_not_in_future
from organizations.models import Department, Jurisdiction
from workdays.choices import ClockUnit
from workdays.models import ClockFields

from .choices import DisclosureMode, DocumentKind, Status, Validity, WithholdingReason


def today_local():
    return timezone.localdate()


# A record that was ever published (published, withdrawn after publication, or a correction merged into its
# original) is published material: it and what hangs off it are never deleted (core.preservation; issue 26).
PUBLISHED_MATERIAL_STATES = (Status.PUBLISHED, Status.WITHDRAWN, Status.MERGED)


def published_material(path: str = "") -> Q:
    """The rows that belong to a published record; `path` leads from the row to the record (`disclosure__`)."""
    return Q(**{f"{path}status__in": PUBLISHED_MATERIAL_STATES}) | Q(**{f"{path}published_at__isnull": False})


class DisclosureQuerySet(PreservedQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """What anonymous readers may list: published, and not 不予公开."""
        return self.filter(status=Status.PUBLISHED).exclude(disclosure_mode=DisclosureMode.NOT_DISCLOSED)

    def publicly_reachable(self):
        """What may have a public detail page: public records, plus the tombstones of withdrawn ones."""
        return self.filter(
            Q(status__in=[Status.PUBLISHED, Status.WITHDRAWN]) & ~Q(disclosure_mode=DisclosureMode.NOT_DISCLOSED)
        )


class Disclosure(PlainTextModelMixin, PreservedModel, ClockFields):
    # --- classification -------------------------------------------------------------------
    domain = models.CharField("领域", max_length=30, db_index=True)
    category = models.CharField("主题分类", max_length=40, db_index=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="disclosures", editable=False
    )
    department = models.ForeignKey(
        Department, verbose_name="责任单位", on_delete=models.PROTECT, related_name="disclosures"
    )

    # --- 政府信息公开目录 metadata -------------------------------------------------------------
    index_no = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True, editable=False)
    title = models.CharField("标题", max_length=300)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机构", max_length=100, blank=True, help_text="留空则为责任单位。")
    written_on = models.DateField(
        "成文日期", null=True, blank=True, validators=[validate_not_before_1949, validate_not_in_future]
    )
    # not after today either: services.disclosure_rule_errors says so, naming the field
    formed_on = models.DateField(
        "信息形成（变更）日期", default=today_local, validators=[validate_not_before_1949],
        help_text="公开时限自此日起算（当日不计入）。行政许可、行政处罚决定为决定作出日期（批复日期）。",
    )
    formed_at = models.DateTimeField(
        "信息形成时间", null=True, blank=True,
        help_text="紧急信息、实时信息按小时计算公开时限，自此时起算；留空则自形成当日 0 时起算。",
    )
    document_kind = models.CharField(
        "文件类型", max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER,
        help_text="规章、行政规范性文件计入政府信息公开工作年度报告第二部分（《政府信息公开条例》第二十条第（一）项）；"
        "规章只由省级和设区的市人民政府制定（《立法法》第九十三条）。",
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, blank=True,
        help_text="规章、行政规范性文件必填；失效、废止的须填写失效或废止日期，公众在信息页面看到。",
    )
    validity_ended_on = models.DateField(
        "失效/废止日期", null=True, blank=True, validators=[validate_not_before_1949],
        help_text="有效性为“失效”或“废止”时必填：自该日起不再有效。",
    )
    keywords = models.CharField("主题词", max_length=200, blank=True)
    disclosure_mode = models.CharField(
        "公开属性", max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.ACTIVE,
        help_text="只有主动公开的信息有法定公开时限（《政府信息公开条例》第二十六条）；"
        "依申请公开、不予公开的信息不计逾期，也不计入按时公开率。",
    )
    withholding_reason = models.CharField(
        "不予公开理由", max_length=30, choices=WithholdingReason.choices, blank=True,
        help_text="公开属性为“不予公开”时必选（与年度报告“不予公开”各项一致）。",
    )
    mode_reason = models.TextField(
        "依申请公开/不予公开说明", blank=True,
        help_text="依申请公开的，说明理由和依据（如《政府信息公开条例》第十五条）；不予公开的，补充说明。",
    )
    urgent = models.BooleanField(
        "紧急信息", default=False, db_index=True,
        help_text="灾害事故救援、突发公共卫生事件等紧急信息：自形成时起按小时计算公开时限（区划设置，默认 24 小时），在专栏优先显示。",
    )
    body = models.TextField("正文", blank=True)
    details = models.JSONField(
        "结构化信息", default=dict, blank=True, help_text="本分类的结构化字段（由领域应用定义并校验）。"
    )
    interpretation = models.ForeignKey(
        "self",
        verbose_name="政策解读",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpreted_documents",
        help_text="链接到本站发布的政策解读。",
    )
    interpretation_url = models.URLField("外部政策解读链接", blank=True)

    catalogue_entry = models.ForeignKey(
        "catalogue.CatalogueEntry",
        verbose_name="标准目录事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
        help_text="本记录对应的标准目录事项，决定公开时限。",
    )

    # --- deadline (computed by services from deadlines.py on the statutory clock; never entered) ---
    # ClockFields' fields, kept with their own labels; `due_at` (hour clocks) comes from ClockFields.
    due_on = models.DateField("应公开日期", null=True, blank=True, db_index=True, editable=False)
    due_on_estimated = models.BooleanField("应公开日期为预计", default=False, editable=False)
    deadline_days = models.PositiveSmallIntegerField(
        "公开时限", null=True, blank=True, editable=False, help_text="单位见“时限单位”；依申请公开、不予公开的为空。"
    )
    deadline_unit = models.CharField(
        "时限单位", max_length=20, choices=ClockUnit.choices, blank=True, editable=False
    )
    deadline_rule = models.CharField("适用规则", max_length=200, blank=True, editable=False)
    overdue_flagged_at = models.DateTimeField("逾期标记时间", null=True, blank=True, editable=False)
    due_soon_notified_at = models.DateTimeField("临期提醒时间", null=True, blank=True, editable=False)
    late_working_days = models.PositiveIntegerField(
        "逾期公开工作日数", null=True, blank=True, editable=False, help_text="发布时计算：0 为按时公开。"
    )

    # --- workflow (set only by services.py) -------------------------------------------------
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True, editable=False
    )
    lock_version = models.PositiveIntegerField("版本锁", default=0, editable=False)
    rejection_comment = models.TextField("退回意见", blank=True, editable=False)
    withdrawal_reason = models.TextField("撤回理由", blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的原记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        editable=False,
    )
    change_note = models.TextField("更正说明", blank=True)
    version = models.PositiveIntegerField("公开版本", default=0, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField("提交时间", null=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_at = models.DateTimeField("签发时间", null=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, editable=False)

    # --- personal-data guard (set only by services.disclosure_pii_override) ---------------------
    pii_override_reason = models.TextField("个人信息放行理由", blank=True, editable=False)
    pii_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="放行人", null=True, on_delete=models.PROTECT, related_name="+",
        editable=False,
    )
    pii_override_at = models.DateTimeField("放行时间", null=True, editable=False)
    pii_override_keys = models.JSONField(
        "放行的个人信息", default=list, blank=True, editable=False,
        help_text="政务公开办放行时记录中已有的个人信息（密钥摘要，不含号码本身）；之后新出现的仍会拦截。",
    )

    # The record's trail (全程留痕): `record.audit_entries`, `AuditEntry.objects.filter(disclosure=…)`.
    audit_entries = AuditTrail(related_query_name="disclosure")

    objects = DisclosureQuerySet.as_manager()
    preserved_when = published_material()

    # The personal-data guard (pii.guarded_fields) reads every text field but these, which are never shown
    # to the public; `body` is read as the HTML readers see.
    pii_unguarded = {
        "rejection_comment": "退回意见只给经办人看，不公开",
        "pii_override_reason": "放行理由只给工作人员看，不公开",
        "pii_override_keys": "号码的密钥摘要，不公开",
    }
    pii_html_fields = ("body",)

    class Meta:
        verbose_name = "信息公开记录"
        verbose_name_plural = "信息公开记录"
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="disclosure_status_published"),
            models.Index(fields=["domain", "category", "status", "-published_at"], name="disclosure_column"),
            models.Index(fields=["status", "due_on"], name="disclosure_status_due"),
            models.Index(fields=["department", "status"], name="disclosure_department_status"),
            # The overdue job: unpublished, not yet flagged, past due.
            models.Index(
                fields=["due_on"],
                condition=Q(overdue_flagged_at__isnull=True)
                & Q(status__in=["draft", "submitted", "reviewed", "approved"]),
                name="disclosure_unflagged_due",
            ),
            # The office dashboard, read index-only (PostgreSQL): this year's publications per department
            # and category, on time or late (主动公开 only), and the monthly trend…
            models.Index(
                fields=["published_at"],
                include=["id", "late_working_days", "department", "domain", "category", "disclosure_mode"],
                name="disclosure_published_counts",
            ),
            # …and what is not yet public, by due date: the overdue and due-soon counts and the overdue list.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status__in=["draft", "submitted", "reviewed", "approved"]),
                # the hour clocks (due_at) and estimated dates are read with it: still index-only
                include=["department", "domain", "category", "due_at", "due_on_estimated"],
                name="disclosure_unpublished_due",
            ),
            # The overdue list's records on an hour clock (紧急、实时), soonest first: a few among the unpublished.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=["draft", "submitted", "reviewed", "approved"], due_at__isnull=False),
                name="disclosure_unpublished_due_at",
            ),
            # The jobs aggregate what they have just stamped.
            models.Index(fields=["overdue_flagged_at"], name="disclosure_overdue_flagged"),
            # Hour clocks (紧急、实时): the overdue job compares due_at with the time, on the few that have one.
            models.Index(
                fields=["due_at"], name="disclosure_unflagged_due_at",
                condition=Q(due_at__isnull=False, overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["due_soon_notified_at"], name="disclosure_due_soon_notified"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(disclosure_mode=DisclosureMode.ACTIVE) | ~Q(mode_reason=""),
                name="%(app_label)s_%(class)s_mode_reason_required",
                violation_error_message="依申请公开或不予公开必须填写理由。",
            ),

            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | (Q(index_no__isnull=False) & Q(published_at__isnull=False)),
                name="%(app_label)s_%(class)s_published_has_index_no",
                violation_error_message="已发布的记录必须有索引号和发布日期。",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | ~Q(withdrawal_reason=""),
                name="%(app_label)s_%(class)s_withdrawal_reason_required",
                violation_error_message="撤回必须填写理由。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosures:detail", args=[self.pk])

    @property
    def issuer_name(self) -> str:
        return self.issuer or self.department.name

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.disclosure_mode != DisclosureMode.NOT_DISCLOSED

    @property
    def shows_content(self) -> bool:
        """Body and attachments are shown only for 主动公开 records that are published."""
        return self.status == Status.PUBLISHED and self.disclosure_mode == DisclosureMode.ACTIVE

    @property
    def is_unpublished(self) -> bool:
        return self.status in {Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED}

    @property
    def is_overdue(self) -> bool:
        return self.is_unpublished and self.due_on is not None and self.due_on < today_local()

    @property
    def timeliness_label(self) -> str:
        """按时公开 / 逾期N个工作日公开 — shown on the public page of a published record."""
        if self.late_working_days is None:
            return ""
        return "按时公开" if self.late_working_days == 0 else f"逾期{self.late_working_days}个工作日公开"

    @property
    def timeliness_record(self) -> "Disclosure":
        """The publication the public stamp describes: the last correction applied, else the record itself.

        A correction (变更) replaces the 信息形成（变更）日期 and restarts the clock; it is published as
        its own row (status `merged`) with its own due date and timeliness, which the stamp then shows.
        Prefetch `merged_corrections` (`selectors.merged_corrections()`) to read it without a query.
        """
        if self.version <= 1:
            return self
        if hasattr(self, "merged_corrections"):
            corrections = self.merged_corrections
        else:
            corrections = self.corrections.filter(status=Status.MERGED).order_by("-published_at", "-pk")[:1]
        return next(iter(corrections), self)

    @property
    def days_left(self) -> int | None:
        if self.due_on is None or self.status not in {Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED}:
            return None
        return (self.due_on - today_local()).days

    def domain_obj(self):
        return get_domain(self.domain)

    @property
    def domain_label(self) -> str:
        domain = self.domain_obj()
        return domain.label if domain else self.domain

    @property
    def category_label(self) -> str:
        domain = self.domain_obj()
        return domain.category_name(self.category) if domain else self.category


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{instance.token}{suffix}"


class Attachment(PreservedModel):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="attachments"
    )
    # A draft's attachment is removed by attachment_remove; a published record's never (issue 26).
    objects = PreservedQuerySet.as_manager()
    preserved_when = published_material("disclosure__")
    preserved_record = "disclosure_id"
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = PreservedFileField("文件", upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    content_type = models.CharField("类型", max_length=100, blank=True)
    superseded = models.BooleanField("已被更正替换", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    # The personal-data check of the file (attachment_scan.py), read once when it is uploaded: seed 001 §五,
    # 《政府信息公开条例》第十五条. Findings are stored masked with their override keys, never the numbers.
    checksum = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    scan_status = models.CharField(
        "个人信息检查", max_length=20, choices=AttachmentScanStatus.choices, blank=True, editable=False
    )
    scan_findings = models.JSONField("检查发现（已脱敏）", default=list, blank=True, editable=False)
    scan_note = models.TextField("未能读取的部分", blank=True, editable=False)
    scanned_at = models.DateTimeField("检查时间", null=True, blank=True, editable=False)
    scan_version = models.PositiveSmallIntegerField("检查程序版本", default=0, editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:attachment", args=[self.token])

    @property
    def view_url(self) -> str:
        """Where a PDF opens in the browser, or "" for a type that is only downloaded."""
        return reverse("disclosures:attachment-view", args=[self.token]) if uploads.opens_inline(self.content_type) else ""

    @property
    def extension(self) -> str:
        return PurePath(self.original_name).suffix.lstrip(".").upper()


class DisclosureVersion(PreservedModel):
    """What the public saw: one row per publication (first publication and each correction). Never deleted
    but by the 销毁 procedure (core.preservation)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="versions")
    objects = PreservedQuerySet.as_manager()
    preserved_record = "disclosure_id"
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    metadata = models.JSONField("元数据", default=dict)
    change_note = models.TextField("更正说明", blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "公开版本"
        verbose_name_plural = "公开版本"
        ordering = ["disclosure", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="版本号重复。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


class IndexSequence(models.Model):
    """The last 流水号 used by a publisher in a year; locked row by row when a 索引号 is allocated."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号流水"
        verbose_name_plural = "索引号流水"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"],
                name="%(app_label)s_%(class)s_unique_department_year",
                violation_error_message="该单位该年度的流水已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id}-{self.year}: {self.last_value}"


def tsquery_literal(terms) -> str:
    """Terms as a tsquery literal, every one required: `'医疗' & '疗保'` (HasTerms, search.match_sql)."""
    return " & ".join("'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in terms)


class HasTerms(models.Lookup):
    """`lexemes__has_terms=["医疗", "疗保"]`: the tsvector holds every term (GIN index), `@@ '医疗' & '疗保'`.

    The terms are cast as a tsquery literal, not parsed by to_tsquery, exactly as they were stored."""

    lookup_name = "has_terms"

    def get_prep_lookup(self):
        return tsquery_literal(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", lhs_params + rhs_params


class SearchChunk(models.Model):
    """A public record's text for search (see disclosures/search.py), in chunks of at most 20,000 characters."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="search_chunks")
    position = models.PositiveIntegerField()
    text = models.TextField(default="")  # lower-cased: a query part must occur in it exactly
    lexemes = SearchVectorField(default="")  # its distinct terms, no positions: what the GIN index finds

    class Meta:
        verbose_name = "检索索引"
        verbose_name_plural = "检索索引"
        indexes = [models.Index(fields=["disclosure", "position"], name="searchchunk_record")]

    def __str__(self) -> str:
        return f"{self.disclosure_id}#{self.position}"


SearchChunk._meta.get_field("lexemes").register_lookup(HasTerms)

from .retraction_models import PenaltyRetraction  # noqa: E402,F401
from .search_models import SearchTermCount, SynonymGroup  # noqa: E402,F401
