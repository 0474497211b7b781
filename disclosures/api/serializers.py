from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.models import CatalogueEntry
from core.domains import all_domains, get_domain
from organizations.models import Department, Jurisdiction

from .. import policies
from ..choices import Validity
from ..details import public_details
from ..forms import category_domain, creatable_departments
from ..models import Attachment, Disclosure
from ..workflow import DISCLOSURE_WORKFLOW, Workflow
from .parsers import BoundedJSONField


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "size", "content_type", "url"]


class PublicDisclosureSerializer(serializers.ModelSerializer):
    """What anybody may read about a published record."""

    department = serializers.PrimaryKeyRelatedField(read_only=True, label="责任单位")
    department_name = serializers.CharField(source="department.name", read_only=True, label="责任单位名称")
    issuer = serializers.CharField(source="issuer_name", read_only=True, label="发文机构")
    timeliness = serializers.SerializerMethodField(
        label="公开时效",
        help_text="“按时公开”或“逾期N个工作日公开”；更正后为最近一次更正的时效。没有时效记录时为 null。",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True, label="公开页面")
    # Blank for a record that is no document: the schema says so (a read-only model field would lose the blank).
    validity = serializers.ChoiceField(
        choices=Validity.choices, allow_blank=True, read_only=True, label="有效性",
        help_text="规章、行政规范性文件的有效性；其他信息为空字符串。",
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "index_no",
            "title",
            "domain",
            "category",
            "department",
            "department_name",
            "issuer",
            "doc_no",
            "written_on",
            "document_kind",
            "validity",
            "validity_ended_on",
            "formed_on",
            "due_on",
            "due_at",
            "published_at",
            "timeliness",
            "keywords",
            "disclosure_mode",
            "status",
            "version",
            "url",
        ]
        read_only_fields = fields

    def get_timeliness(self, obj) -> str | None:
        """The public stamp: the same record the detail page's 公开时效 line describes."""
        return obj.timeliness_record.timeliness_label or None


def name_list_data(obj) -> dict | None:
    """A record's name list as the public may see it: masked, and no rows after its 公示期."""
    domain = get_domain(obj.domain)
    public = domain.public_name_list(obj) if domain else None
    if public is None:
        return None
    return {
        "scope": public.scope,
        "scope_description": public.scope_description,
        "notice_days": public.notice_days,
        "notice_unit": public.notice_unit,
        "long_term": public.long_term,
        "notice_starts_on": public.notice_starts_on.isoformat() if public.notice_starts_on else None,
        "notice_ends_on": public.notice_ends_on.isoformat() if public.notice_ends_on else None,
        "ended": public.ended,
        "rows": public.rows,
    }


class PublicDisclosureDetailSerializer(PublicDisclosureSerializer):
    body = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField()
    name_list = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(PublicDisclosureSerializer.Meta):
        fields = PublicDisclosureSerializer.Meta.fields + [
            "body",
            "details",
            "name_list",
            "attachments",
            "change_note",
            "withdrawn_at",
            "withdrawal_reason",
        ]
        read_only_fields = fields

    def get_body(self, obj) -> str:
        return obj.body if obj.shows_content else ""

    def get_name_list(self, obj) -> dict | None:
        return name_list_data(obj)

    def get_details(self, obj) -> dict:
        """The category's structured fields (e.g. 批复文号, 中标金额), only where the content is public."""
        return public_details(obj) if obj.shows_content else {}

    def get_attachments(self, obj) -> list[dict]:
        if not obj.shows_content:
            return []
        return AttachmentSerializer(obj.attachments.filter(superseded=False), many=True).data


class AvailableActionSerializer(serializers.Serializer):
    """One step the requesting user may take on the record now (the workflow table, docs/workflow.md)."""

    action = serializers.CharField(label="操作", help_text="操作代码，例如 submit、review、reject。")
    label = serializers.CharField(label="名称", help_text="按钮上的名称，例如 提交审核。")
    requires_comment = serializers.BooleanField(
        label="须填写意见/理由", help_text="为真时，请求体的 comment 不能为空（退回意见、撤回理由、更正说明）。"
    )
    comment_is_public = serializers.BooleanField(
        label="意见/理由向公众公开", help_text="为真时 comment 会显示在公开页面上（撤回理由、更正说明），不得含个人信息。"
    )
    url = serializers.CharField(label="操作地址", help_text="以 POST 请求该地址办理，请求体为 comment 和 lock_version。")


@extend_schema_field(AvailableActionSerializer(many=True))
class AvailableActionsField(serializers.Field):
    """The actions of `workflow` the requesting user may take on the object now, each with the URL of its
    API action (`url_name`, formatted with the action's name). Read from the loaded row and the user's
    cached scope: no query per row. A case type's staff serializer declares one."""

    def __init__(self, workflow: Workflow, url_name: str, **kwargs):
        self.workflow, self.url_name = workflow, url_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj) -> list[dict]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            {
                "action": action.name,
                "label": action.label,
                "requires_comment": action.requires_text,
                "comment_is_public": action.text_is_public,
                "url": reverse(self.url_name.format(action=action.name), args=[obj.pk]),
            }
            for action in self.workflow.available(obj, user)
        ]


def _all_categories() -> list[tuple[str, str]]:
    return [(code, label) for domain in all_domains() for code, label in domain.category_choices]


class DisclosureSerializer(serializers.ModelSerializer):
    """Staff view: the record with its workflow state; writes go through the services."""

    # `details` sent as a JSON string in a form or multipart body is decoded with the parser's depth bound.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.JSONField: BoundedJSONField,
    }
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        label="责任单位",
        error_messages={"does_not_exist": "责任单位“{pk_value}”不存在，或您不是该单位的经办人。"},
    )
    domain = serializers.CharField(required=False, label="领域")
    category = serializers.ChoiceField(
        choices=(), required=False, label="主题分类", help_text="可省略，由标准目录事项决定；只填主题分类时取该分类的默认事项。"
    )
    catalogue_entry = serializers.PrimaryKeyRelatedField(
        queryset=CatalogueEntry.objects.all(),
        required=False,
        label="标准目录事项",
        help_text="标准目录事项的 ID，决定领域、主题分类和公开时限；省略时按结构化信息的信息类型选定，"
        "不能确定时必填。只能选择启用的事项。",
        error_messages={"does_not_exist": "标准目录事项“{pk_value}”不存在。"},
    )
    overdue = serializers.BooleanField(
        source="is_overdue", read_only=True, label="是否逾期", help_text="未发布且已超过应公开日期。"
    )
    timeliness = serializers.CharField(
        source="timeliness_label",
        read_only=True,
        label="公开时效",
        help_text="发布时计算：“按时公开”或“逾期N个工作日公开”；未发布时为空。",
    )
    lock_version = serializers.IntegerField(required=False, label="版本锁")
    subject = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=1,
        max_value=2**31 - 1,
        label="所属事项",
        help_text="新建时可填：本条信息所属的重大建设项目、公共资源配置事项或社会公益事业项目的 ID（由领域决定），"
        "记录将出现在该项目/事项的页面上。",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True, label="公开页面")
    attachments = AttachmentSerializer(many=True, read_only=True, label="附件")
    # The public fields too, so a staff response is a superset of the documented public one.
    department_name = serializers.CharField(source="department.name", read_only=True, label="责任单位名称")
    name_list = serializers.SerializerMethodField(label="公示名单（公众所见，已脱敏）")
    available_actions = AvailableActionsField(
        DISCLOSURE_WORKFLOW,
        "disclosures-api:disclosure-{action}",
        label="当前可办理的操作",
        help_text="请求者此刻对这条记录可以办理的流程操作（按记录状态、本人角色和“不能审批自己的记录”等条件），"
        "没有则为空列表。与后台的流程按钮出自同一张流程表（docs/workflow.md）。",
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "index_no",
            "title",
            "domain",
            "category",
            "catalogue_entry",
            "department",
            "department_name",
            "doc_no",
            "issuer",
            "written_on",
            "document_kind",
            "validity",
            "validity_ended_on",
            "formed_on",
            "formed_at",
            "keywords",
            "disclosure_mode",
            "withholding_reason",
            "mode_reason",
            "urgent",
            "body",
            "details",
            "interpretation",
            "interpretation_url",
            "change_note",
            "due_on",
            "due_at",
            "due_on_estimated",
            "deadline_days",
            "deadline_unit",
            "deadline_rule",
            "overdue",
            "published_at",
            "late_working_days",
            "timeliness",
            "status",
            "rejection_comment",
            "withdrawal_reason",
            "withdrawn_at",
            "name_list",
            "corrects",
            "version",
            "lock_version",
            "subject",
            "created_at",
            "updated_at",
            "attachments",
            "url",
            "available_actions",
        ]
        read_only_fields = [
            "id",
            "index_no",
            "due_on",
            "due_at",
            "due_on_estimated",
            "deadline_days",
            "deadline_unit",
            "deadline_rule",
            "published_at",
            "late_working_days",
            "status",
            "rejection_comment",
            "withdrawal_reason",
            "withdrawn_at",
            "corrects",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_name_list(self, obj) -> dict | None:
        return name_list_data(obj)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _all_categories()
        # A 政策解读 is a published record: never offer (or accept) a draft or a 不予公开 record.
        self.fields["interpretation"].queryset = Disclosure.objects.public()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["department"].queryset = creatable_departments(request.user)

    def validate_catalogue_entry(self, entry):
        current = self.instance.catalogue_entry_id if self.instance is not None else None
        if not entry.is_active and entry.pk != current:
            raise serializers.ValidationError(f"标准目录事项“{entry}”已停用，请选择启用的事项。")
        return entry

    def validate(self, attrs):
        entry = attrs.get("catalogue_entry")
        if entry is not None:
            category = attrs.get("category")
            if category and category != entry.category:
                raise serializers.ValidationError(
                    {"catalogue_entry": [f"标准目录事项“{entry}”不属于主题分类“{category}”。"]}
                )
            attrs["category"] = entry.category
        elif self.instance is None and not attrs.get("category"):
            raise serializers.ValidationError({"category": ["请填写主题分类或标准目录事项。"]})
        category = attrs.get("category")
        if category:
            derived = category_domain(category)
            given = attrs.get("domain")
            if given and given != derived:
                raise serializers.ValidationError({"domain": [f"主题分类“{category}”不属于领域“{given}”。"]})
            attrs["domain"] = derived
        if self.instance is not None and "lock_version" not in attrs:
            raise serializers.ValidationError({"lock_version": ["修改时必须提供 lock_version，以免覆盖他人的修改。"]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not instance.shows_content and not policies.can_view(getattr(request, "user", None), instance):
            # Another department's 依申请公开 record: staff outside its scope read it as the public does.
            data["body"] = ""
            data["details"] = {}
            data["attachments"] = []
        return data


class WorkflowActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", label="意见/理由")
    lock_version = serializers.IntegerField(required=False, label="版本锁")


class PiiFindingSerializer(serializers.Serializer):
    """One suspected item of personal data; the number itself is never returned, only masked."""

    field = serializers.CharField(
        label="位置", help_text="标题、正文、结构化字段名或 附件“文件名”（页/行、批注、页眉页脚、文档属性、嵌入的文件…）。"
    )
    kind = serializers.ChoiceField(
        label="类型",
        choices=[
            ("id_card", "身份证号"),
            ("mobile", "手机号码"),
            ("bank_card", "银行卡号"),
            ("landline", "个人固定电话"),
            ("unreadable", "无法完整读取的附件"),
        ],
        help_text="unreadable：附件（或其中一部分）无法读取，无法确认不含个人信息；摘录说明哪一部分、为什么。",
    )
    position = serializers.IntegerField(
        label="字符位置", help_text="在该位置文字中的第几个字符（从 1 起算）；无法读取的附件为 0。"
    )
    excerpt = serializers.CharField(label="摘录（已脱敏）")


class PiiOverrideSerializer(serializers.Serializer):
    reason = serializers.CharField(label="放行理由")
    by = serializers.CharField(label="放行人")
    at = serializers.DateTimeField(label="放行时间")
    covers_all = serializers.BooleanField(label="覆盖现有全部发现", help_text="否：放行后又出现了新的个人信息。")


class PiiScanSerializer(serializers.Serializer):
    blocked = serializers.BooleanField(label="是否拦截", help_text="是：提交审核或发布将被拒绝（409，code=pii_found）。")
    findings = PiiFindingSerializer(many=True, label="发现的疑似个人信息")
    override = PiiOverrideSerializer(allow_null=True, label="政务公开办放行")
    lock_version = serializers.IntegerField(label="版本锁")


class PiiMaskRequestSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField(required=False, label="版本锁")


class PiiOverrideRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", label="放行理由", help_text="必填，例如：公开的是单位服务热线。"
    )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="附件")


class NamedRefSerializer(serializers.Serializer):
    """A department or jurisdiction by id and name (shared by the domain APIs)."""

    id = serializers.IntegerField(label="ID")
    name = serializers.CharField(label="名称")


class NameListRowSerializer(serializers.Serializer):
    position = serializers.IntegerField(label="序号")
    name = serializers.CharField(label="姓名（已去标识化）")
    id_number = serializers.CharField(label="身份证号码（已去标识化）")
    phone = serializers.CharField(label="联系电话（已去标识化）")
    locality = serializers.CharField(label="所在村（社区）")
    household_size = serializers.IntegerField(label="家庭人口", allow_null=True)
    amount = serializers.CharField(label="金额（元）", help_text="名单不公开金额列时为空字符串。")
    note = serializers.CharField(label="备注")


class NameListSerializer(serializers.Serializer):
    """A record's 公示名单 as the public may see it (去标识化; no rows after the 公示期) — the schema of
    `name_list_data`, shared by every domain API."""

    scope = serializers.CharField(label="公开范围", help_text="public（全社会）或 specific（特定区域特定群体，不在网站公开名单）。")
    scope_description = serializers.CharField(label="特定公开范围说明")
    notice_days = serializers.IntegerField(label="公示期（日数）", help_text="长期公示的名单不以此为限。")
    notice_unit = serializers.CharField(
        label="公示期计算单位", help_text="calendar_days（日，期满日为法定休假日的顺延，《民法典》第二百零三条）或 working_days（工作日）。"
    )
    long_term = serializers.BooleanField(label="长期公示")
    notice_starts_on = serializers.DateField(
        label="公示期起始日期", allow_null=True, help_text="发布次日（《民法典》第二百零一条）；未发布时为 null。"
    )
    notice_ends_on = serializers.DateField(label="公示期截止日期", allow_null=True, help_text="长期公示的为 null。")
    ended = serializers.BooleanField(label="公示期已结束", help_text="结束后只保留公示期已结束的说明，不再提供名单。")
    rows = NameListRowSerializer(
        many=True, label="名单（已去标识化）",
        help_text="仅全社会公开且在公示期内的名单有条目；姓名、身份证号码、联系电话均已部分隐藏（如 张*明、110101********1234、138****5678）。",
    )


class PublicationStatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        label="年份",
        min_value=2000,
        max_value=2100,
        help_text="统计的发布年份，例如 2026。",
        error_messages={
            "required": "请提供统计年份 year，例如 year=2026。",
            "invalid": "年份必须是整数，例如 2026。",
            "min_value": "年份不能早于 2000 年。",
            "max_value": "年份不能晚于 2100 年。",
        },
    )
    jurisdiction = serializers.PrimaryKeyRelatedField(
        queryset=Jurisdiction.objects.all(),
        required=False,
        allow_null=True,
        label="区划",
        help_text="行政区划 ID，含其下级区划；省略时统计全部。",
        error_messages={
            "does_not_exist": "区划“{pk_value}”不存在。",
            "incorrect_type": "区划必须是区划 ID（整数）。",
        },
    )
    domain = serializers.ChoiceField(
        choices=[],
        required=False,
        label="领域",
        help_text="只统计一个领域；省略时统计全部三个领域。",
        error_messages={"invalid_choice": "领域“{input}”不存在。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [(item.code, item.label) for item in all_domains()]


class CategoryStatisticsSerializer(serializers.Serializer):
    category = serializers.CharField(label="类别代码")
    label = serializers.CharField(label="类别名称")
    count = serializers.IntegerField(label="发布条数")
    on_time = serializers.IntegerField(label="按时公开条数")
    late = serializers.IntegerField(label="逾期公开条数")


class DomainStatisticsSerializer(serializers.Serializer):
    domain = serializers.CharField(label="领域代码")
    label = serializers.CharField(label="领域名称")
    rows = CategoryStatisticsSerializer(many=True, label="各类别")
    total = serializers.IntegerField(label="合计")
    on_time = serializers.IntegerField(label="按时公开合计")
    late = serializers.IntegerField(label="逾期公开合计")


class JurisdictionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(label="行政区划代码")
    name = serializers.CharField(label="名称")


class PublicationStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年份")
    jurisdiction = JurisdictionRefSerializer(allow_null=True, label="区划（含下级）")
    domains = DomainStatisticsSerializer(many=True, label="各领域")
    total = serializers.IntegerField(label="合计")
