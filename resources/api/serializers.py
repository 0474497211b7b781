from django import forms
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disclosures.api.serializers import NamedRefSerializer
from disclosures.api.subject_serializers import SubjectRecordSerializer

from ..choices import ResourceArea
from ..forms import CATEGORY_FORMS
from ..models import BlacklistEntry, ResourceMatter
from ..selectors import chain_status, item_type_label


class ResourceMatterSerializer(serializers.ModelSerializer):
    """A matter in a list: its facts, not its records."""

    area_label = serializers.CharField(source="get_area_display", label="领域名称")
    jurisdiction = NamedRefSerializer(label="所属区划")
    department = NamedRefSerializer(label="主管部门")
    project = serializers.IntegerField(source="project_id", allow_null=True, label="关联重大建设项目 ID")
    url = serializers.CharField(source="get_absolute_url", label="公开页面")

    class Meta:
        model = ResourceMatter
        fields = [
            "id",
            "area",
            "area_label",
            "name",
            "reference_no",
            "amount",
            "jurisdiction",
            "department",
            "project",
            "url",
        ]
        read_only_fields = fields


def _field_schema(field) -> dict:
    """One structured field as JSON Schema: its Chinese label as title, its help text, its type."""
    described = {"title": str(field.label)}
    if field.help_text:
        described["description"] = str(field.help_text)
    if isinstance(field, forms.ChoiceField):
        return {**described, "type": "string", "enum": [str(code) for code, _label in field.choices if code != ""]}
    if isinstance(field, forms.DateField):
        return {**described, "type": "string", "format": "date"}
    if isinstance(field, forms.DecimalField):  # before IntegerField, its base class; stored as a string
        return {**described, "type": "string", "pattern": r"^\d+(\.\d+)?$"}
    if isinstance(field, forms.IntegerField):
        return {**described, "type": "integer"}
    return {**described, "type": "string"}


def details_schema() -> dict:
    """`details` of a matter's record: one object schema per area, from the area's own form (its fields with
    their Chinese labels and help texts; `item_type` lists the offered item types and the historic ones older
    records carry). Empty for a record whose content is not public."""
    return {
        "anyOf": [
            {
                "type": "object",
                "title": f"{label}（{code}）",
                "properties": {name: _field_schema(field) for name, field in CATEGORY_FORMS[code].base_fields.items()},
                "required": ["item_type"],
            }
            for code, label in ResourceArea.choices
        ],
    }


class MatterRecordSerializer(SubjectRecordSerializer):
    """One record of the matter (公告、结果、合同…), as the reader may see it."""

    details = serializers.SerializerMethodField(
        label="结构化信息",
        help_text="本领域的结构化字段（如宗地编号、起始价、受让人、成交价），仅主动公开的已发布记录对公众提供。",
    )
    name_list = serializers.SerializerMethodField(
        label="公示名单", help_text="分配对象、分配结果等涉及个人的名单，已去标识化；公示期结束后不再提供名单。无名单时为 null。"
    )
    item_type_labeller = staticmethod(item_type_label)

    class Meta:
        fields = [
            "id", "index_no", "title", "item_type", "item_type_label", "department", "department_name", "doc_no",
            "formed_on", "published_at", "status", "disclosure_mode", "details", "name_list", "url",
        ]

    @extend_schema_field(details_schema())
    def get_details(self, obj) -> dict:
        return super().get_details(obj)


class ChainStepSerializer(serializers.Serializer):
    item_type = serializers.CharField(label="信息类型")
    label = serializers.CharField(label="信息类型名称")
    published = serializers.IntegerField(label="已公开记录数")
    state = serializers.CharField(label="状态", help_text="published / overdue / pending / withheld / missing")
    state_label = serializers.CharField(label="状态名称")


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="ID")
    name = serializers.CharField(label="项目名称")
    code = serializers.CharField(label="投资项目统一代码")


class ResourceMatterDetailSerializer(ResourceMatterSerializer):
    """A matter with its chain (公告 → 结果 → 合同) and its records in chain order."""

    project_detail = serializers.SerializerMethodField(label="关联重大建设项目")
    steps = serializers.SerializerMethodField(
        label="公开链条", help_text="本领域从公告到结果各环节是否已公开、是否逾期（只有计数，不含未发布记录的内容）。"
    )
    records = serializers.SerializerMethodField(
        label="信息记录（按公开链条顺序）",
        help_text="匿名读者只看到已发布的公开记录；工作人员还能看到本单位范围内各状态的记录。",
    )

    class Meta(ResourceMatterSerializer.Meta):
        fields = ResourceMatterSerializer.Meta.fields + [
            "purchaser", "purchaser_uscc", "description", "project_detail", "steps", "records",
        ]
        read_only_fields = fields

    @extend_schema_field(ProjectRefSerializer(allow_null=True))
    def get_project_detail(self, obj) -> dict | None:
        if obj.project_id is None:
            return None
        return ProjectRefSerializer(obj.project).data

    @extend_schema_field(ChainStepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        return ChainStepSerializer(chain_status(obj), many=True).data

    @extend_schema_field(MatterRecordSerializer(many=True))
    def get_records(self, obj) -> list[dict]:
        return MatterRecordSerializer(self.context.get("matter_records", []), many=True, context=self.context).data


class BlacklistEntrySerializer(serializers.ModelSerializer):
    """An entry of the 严重失信主体名单 (国办发〔2020〕49号; the 2018 “黑名单”) or of the 红名单. The public list holds
    only entries in force; staff also see the others in their scope. A natural person's name is masked for
    everybody (seed 001 §五 去标识化); the ID number is only ever stored masked."""

    list_type_label = serializers.CharField(source="get_list_type_display", label="名单类型名称")
    subject_kind_label = serializers.CharField(source="get_subject_kind_display", label="主体类型名称")
    subject_name = serializers.CharField(
        source="public_name", label="主体名称", help_text="自然人的姓名去标识化显示（如 张*明）。"
    )
    area_label = serializers.CharField(source="get_area_display", label="领域名称")
    basis_text = serializers.CharField(label="认定依据（全文）", help_text="认定依据及其条款；2020年以前录入的记录可能未注明。")
    statement_label = serializers.CharField(source="get_statement_display", label="陈述申辩情况")
    department_name = serializers.CharField(source="department.name", label="录入单位名称")
    in_force = serializers.SerializerMethodField(label="在列入期内", help_text="未移出（期满或信用修复），且今天在列入日期与移出日期之间。")

    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "list_type",
            "list_type_label",
            "subject_kind",
            "subject_kind_label",
            "subject_name",
            "uscc",
            "id_number",
            "area",
            "area_label",
            "basis",
            "basis_detail",
            "basis_text",
            "conduct",
            "decision",
            "decision_no",
            "authority",
            "notified_on",
            "statement",
            "statement_label",
            "statement_note",
            "starts_on",
            "ends_on",
            "repaired_on",
            "repair_reason",
            "in_force",
            "expired_at",
            "department",
            "department_name",
        ]
        read_only_fields = fields

    def get_in_force(self, obj) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return obj.expired_at is None and obj.repaired_on is None and obj.starts_on <= today <= obj.ends_on


class OcdsPublisherSerializer(serializers.Serializer):
    name = serializers.CharField(label="发布者名称")
    uri = serializers.CharField(label="发布者网址")


class OcdsReleasePackageSerializer(serializers.Serializer):
    """OCDS 1.1 release package (schema documentation only: the package is built by `resources.ocds`)."""

    uri = serializers.CharField(label="数据包地址")
    version = serializers.CharField(label="OCDS 版本", help_text="固定为 1.1。")
    publishedDate = serializers.DateTimeField(label="发布时间", help_text="数据包中最新一条发布（release）的日期。")
    publisher = OcdsPublisherSerializer(label="发布者")
    releases = serializers.ListField(
        child=serializers.DictField(),
        label="发布（release）列表",
        help_text="每条已发布（主动公开）信息记录的每个公开版本对应一条 OCDS 1.1 release，按发布时间排列："
        "招标/采购公告为 tender，中标候选人公示为 award（pending），中标/采购结果为 award（active），合同为 contract；"
        "更正为相应的 update/amendment。字段说明见 docs/ocds.md。",
    )
