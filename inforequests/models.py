"""An information request (依申请公开, 《政府信息公开条例》第二十七条至第四十五条) as a case: its applicant, the
information asked for, the legal dates of each step, the answer, and the statutory clock (`ClockFields`,
computed by `workdays.clock` from those dates: 第三十条, 第三十一条, 第三十三条)."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import RegexValidator
from django.db import models

from core import pii
from core.crypto import EncryptedTextField, mask_id_number
from core.models import AuditTrail
from core.sanitize import PlainTextModelMixin
from organizations.models import Department, Jurisdiction
from workdays.models import ClockFields, ClockPause

from . import rules
from .choices import (
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    Delivery,
    FeeMode,
    IdType,
    InfoForm,
    ReplyType,
    Status,
)


class InfoRequest(PlainTextModelMixin, ClockFields):
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(
        Department, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+",
        help_text="申请人申请的行政机关：本级人民政府（由政务公开办受理）或以自己名义履行职能的部门（第二十七条）。",
    )
    department = models.ForeignKey(
        Department, verbose_name="承办单位", on_delete=models.PROTECT, related_name="+",
        help_text="办理答复的单位；分办前为受理机关。",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True)

    # --- the application (第二十九条) ---------------------------------------------------------------
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间", help_text="在线提交、登记、邮件到达或传真到达的时间。")
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True, help_text="法人或者其他组织的联系人。")
    id_type = models.CharField("身份证明类型", max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField("身份证明号码", help_text="加密保存，工作人员只看到部分号码。")
    id_number_masked = models.CharField("身份证明号码（部分）", max_length=40, editable=False)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    description = models.TextField(
        "所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述", help_text="《政府信息公开条例》第二十九条第二款第二项。"
    )
    info_form = models.CharField("所需信息的形式", max_length=20, choices=InfoForm.choices, default=InfoForm.ELECTRONIC)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices, default=Delivery.EMAIL)
    query_code_hash = models.CharField("查询码（摘要）", max_length=128, editable=False)

    # --- the legal dates (each step's date is the day it legally happened) -------------------------
    received_on = models.DateField("收到申请日期", null=True, blank=True, help_text="第三十一条：按申请方式确定。")
    correction_notice_due = models.DateField("补正告知期限", null=True, blank=True, editable=False)
    assigned_on = models.DateField("分办日期", null=True, blank=True)
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_content = models.TextField("补正告知内容", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    extension_requested_on = models.DateField("申请延期日期", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False, editable=False)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", null=True, blank=True, editable=False)
    reasons_requested_on = models.DateField("要求说明理由日期", null=True, blank=True, help_text="第三十五条。")
    deferred_to = models.DateField("延迟答复期限", null=True, blank=True, editable=False, help_text="第三十五条。")
    extension_request_reason = models.TextField("申请延期理由", blank=True)
    fee_mode = models.CharField("收费方式", max_length=20, choices=FeeMode.choices, blank=True)
    fee_ordinal = models.PositiveSmallIntegerField("本月第几件申请", null=True, blank=True)
    fee_pages = models.PositiveIntegerField("页数", null=True, blank=True)
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_deadline = models.DateField("缴费期限", null=True, blank=True, editable=False)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # --- the answer (第三十六条至第三十九条) ----------------------------------------------------------
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices, blank=True)
    reply_subtype = models.CharField("具体情形", max_length=30, choices=rules.subtype_choices(), blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    reply_basis = models.CharField("法律依据", max_length=300, blank=True)
    reply_comment = models.TextField("退回意见", blank=True)
    reply_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复拟写人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核签发人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_note = models.CharField("送达方式及凭证", max_length=200, blank=True)
    closed_on = models.DateField("终结日期", null=True, blank=True, help_text="视为放弃或申请人撤回之日。")
    close_reason = models.TextField("终结说明", blank=True)

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    audit_entries = AuditTrail(related_query_name="info_request")
    pauses = GenericRelation(ClockPause, related_query_name="info_request")  # the clock's stops (workdays)

    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("approve_extension", "批准延长答复期限（政府信息公开工作机构负责人，条例第三十三条第二款）")]
        indexes = [
            models.Index(fields=["department", "status"], name="inforequest_dept_status"),
            models.Index(fields=["jurisdiction", "status"], name="inforequest_juris_status"),
        ]

    def __str__(self) -> str:
        return self.number or "（未编号的申请）"

    def save(self, *args, **kwargs):
        self.id_number_masked = mask_id_number(self.id_number)
        super().save(*args, **kwargs)

    def check_query_code(self, code: str) -> bool:
        return bool(code) and check_password(code.strip().upper(), self.query_code_hash)

    @property
    def clock_start(self):
        """The day the answer period runs from: the 补正's arrival when one was asked for (第三十条),
        otherwise the receipt (第三十一条). None until the office has confirmed the receipt."""
        if self.correction_requested_on is not None:
            return self.correction_received_on
        return self.received_on

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.ANSWERED, Status.ABANDONED, Status.WITHDRAWN)


class Consultation(models.Model):
    """A written consultation of a third party (第三十二条) or of another body (第三十四条). Its time is not
    counted in the answer period (第三十三条第三款): from the day it is sent to the day the answer arrives,
    or to the end of the party's 15 working days when none does."""

    request = models.ForeignKey(InfoRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("征求对象", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=200)
    sent_on = models.DateField("发出征求意见书日期")
    party_received_on = models.DateField("对方收到日期", null=True, blank=True)
    reply_deadline = models.DateField("提出意见期限", null=True, blank=True, editable=False)
    replied_on = models.DateField("收到意见日期", null=True, blank=True)
    outcome = models.CharField(
        "意见", max_length=20, choices=ConsultationOutcome.choices, default=ConsultationOutcome.PENDING
    )
    note = models.TextField("意见摘要", blank=True)
    pause = models.OneToOneField(
        "workdays.ClockPause", verbose_name="计时暂停", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"


class RequestDocument(models.Model):
    """A file of a request — the applicant's proof of identity, a 补正, an answer's file — stored encrypted
    (core.crypto): the storage holds a Fernet token, never the scan. Read only by the staff who see the
    request (admin) and, for the answer's files, by the applicant on their status page."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", "身份证明"
        CORRECTION = "correction", "补正材料"
        ANSWER = "answer", "答复附件"

    request = models.ForeignKey(InfoRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    stored = models.CharField("存储位置", max_length=200, editable=False)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # 答复附件 only: what the personal-data guard found in every part of the file (masked), and whether it
    # could read all of it; either blocks the answer (第十五条: 第三方个人隐私不得公开).
    scan_findings = models.JSONField("个人信息检查结果", default=list, blank=True, editable=False)
    scan_complete = models.BooleanField("已完整读取", default=True, editable=False)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RequestDesk(models.Model):
    """A place that takes applications (第二十八条: 公布受理申请的渠道): its address, hours and numbers, shown
    in the 依申请公开 guide. Edited by the office."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="区划", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, verbose_name="受理机关", on_delete=models.CASCADE, related_name="+")
    address = models.CharField("受理地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    hours = models.CharField("受理时间", max_length=100, help_text="例如：工作日 上午 9:00—12:00，下午 13:30—17:30")
    phone = models.CharField("咨询电话", max_length=30)
    fax = models.CharField("传真", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    ordering = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "受理点"
        verbose_name_plural = "受理点"
        ordering = ["ordering", "pk"]

    def __str__(self) -> str:
        return f"{self.department.name}（{self.address}）"


class DisclosureGuide(PlainTextModelMixin, models.Model):
    """A jurisdiction's 政府信息公开指南 (《政府信息公开条例》第十二条: 政府信息的分类、编排体系、获取方式和政府信息
    公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式; 应当及时更新). Only what the office
    knows is stored here; the classification (the domain registry and the 标准目录), the 依申请公开 procedure
    (`rules`, `RequestDesk`) and the remedies (第五十一条) are generated on the page. Edited by the 政务公开办
    through `services.disclosure_guide_save`, which sets `updated_on` and refreshes the cached public pages."""

    jurisdiction = models.OneToOneField(
        Jurisdiction, verbose_name="区划", on_delete=models.CASCADE, related_name="disclosure_guide"
    )
    preface = models.TextField(
        "前言", blank=True, help_text="可选。显示在指南开头，例如编制依据和适用范围；分类编排、依申请公开程序和救济途径由系统按条例生成，无需在此填写。"
    )
    office_name = models.CharField(
        "政府信息公开工作机构名称", max_length=100,
        help_text="负责本机关政府信息公开日常工作的机构（条例第四条、第十二条），例如：××县人民政府办公室（县政务公开办）。",
    )
    address = models.CharField("办公地址", max_length=200)
    postcode = models.CharField(
        "邮政编码", max_length=6, blank=True,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码为 6 位数字。")],
    )
    hours = models.CharField("办公时间", max_length=200, help_text="例如：工作日 上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）")
    phone = models.CharField("联系电话", max_length=30, help_text="办公电话，不要填写个人手机号码。")
    fax = models.CharField("传真号码", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", help_text="互联网联系方式（条例第十二条）。")
    active_channels = models.TextField(
        "其他主动公开渠道", blank=True,
        help_text="本网站以外的主动公开渠道，每行一项，例如：《××县人民政府公报》、新闻发布会、政务新媒体、报刊广播电视"
        "（条例第二十三条）。本网站栏目由系统列出。",
    )
    reading_rooms = models.TextField(
        "政府信息查阅场所", blank=True,
        help_text="每行一处，写明名称、地址和开放时间，例如县档案馆、县图书馆、政务服务中心的查阅点（条例第二十五条）。",
    )
    updated_on = models.DateField("更新日期", editable=False, help_text="每次保存时自动更新（条例第十二条：应当及时更新）。")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"
        ordering = ["jurisdiction__code"]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}政府信息公开指南"

    def clean(self) -> None:
        pii.check_public_text(self)  # a public page: no personal mobile numbers or ID numbers (条例第十五条)

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def channel_lines(self) -> list[str]:
        return self.lines(self.active_channels)

    @property
    def reading_room_lines(self) -> list[str]:
        return self.lines(self.reading_rooms)
