from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disclosures.api.serializers import NamedRefSerializer
from disclosures.api.subject_serializers import SubjectRecordSerializer
from organizations.models import Jurisdiction

from ..choices import ProjectCategory
from ..forms import CATEGORY_FORMS, CandidatesField
from ..models import Project
from ..selectors import completeness_matrix


class ProjectSerializer(serializers.ModelSerializer):
    """A project in a list: its facts, not its records."""

    sector_label = serializers.CharField(source="get_sector_display", label="行业领域名称")
    phase_label = serializers.CharField(source="get_phase_display", label="项目阶段名称")
    approval_mode_label = serializers.CharField(source="get_approval_mode_display", label="管理方式名称")
    investor_type_label = serializers.CharField(source="get_investor_type_display", label="投资类型名称")
    jurisdiction = NamedRefSerializer(label="所属区划")
    lead_department = NamedRefSerializer(label="牵头部门")
    url = serializers.CharField(source="get_absolute_url", label="公开页面")

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "code",
            "sector",
            "sector_label",
            "phase",
            "phase_label",
            "approval_mode",
            "approval_mode_label",
            "investor_type",
            "investor_type_label",
            "is_ppp",
            "total_investment",
            "location",
            "jurisdiction",
            "lead_department",
            "started_on",
            "completed_on",
            "url",
        ]
        read_only_fields = fields


def _field_schema(field: forms.Field) -> dict:
    """The JSON schema of one structured field as `details` stores it (disclosures.details.clean_details)."""
    described = {"title": str(field.label), **({"description": str(field.help_text)} if field.help_text else {})}
    if isinstance(field, CandidatesField):
        columns = {key: {"type": "integer" if key == "rank" else "string", "title": label} for key, label in field.COLUMNS}
        row = {"type": "object", "properties": columns, "required": list(field.REQUIRED)}
        return {**described, "type": "array", "items": row}
    if isinstance(field, forms.ChoiceField):
        return {**described, "type": "string", "enum": [str(code) for code, _label in field.choices if code != ""]}
    if isinstance(field, forms.DateField):
        return {**described, "type": "string", "format": "date"}
    if isinstance(field, forms.IntegerField):
        return {**described, "type": "integer"}
    if isinstance(field, forms.DecimalField):
        return {**described, "type": "string", "pattern": r"^\d+(\.\d+)?$"}
    return {**described, "type": "string"}


def details_schema() -> dict:
    """`details` of a project record: one object schema per category, from the category's own form (the
    fields, their Chinese labels and help texts, the item types offered and the historic ones older records
    carry). Empty for a record whose content is not public."""
    return {
        "anyOf": [
            {
                "type": "object",
                "title": f"{label}（{code}）",
                "properties": {name: _field_schema(field) for name, field in CATEGORY_FORMS[code].base_fields.items()},
            }
            for code, label in ProjectCategory.choices
            if code in CATEGORY_FORMS
        ],
    }


class ProjectRecordSerializer(SubjectRecordSerializer):
    """One record of the project, as the reader may see it."""

    category = serializers.CharField(label="信息类别")
    details = serializers.SerializerMethodField(
        label="结构化信息", help_text="本类别的结构化字段（如批复文号、中标单位、中标金额），仅主动公开的已发布记录对公众提供。"
    )

    class Meta:
        fields = [
            "id", "index_no", "title", "category", "department", "department_name", "doc_no", "formed_on",
            "published_at", "status", "disclosure_mode", "details", "url",
        ]

    @extend_schema_field(details_schema())
    def get_details(self, obj) -> dict:
        return super().get_details(obj)


class CategoryRecordsSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ProjectCategory.choices, label="信息类别")
    label = serializers.CharField(label="类别名称")
    count = serializers.IntegerField(label="记录数")
    records = ProjectRecordSerializer(many=True, label="记录")


class CompletenessCellSerializer(serializers.Serializer):
    category = serializers.CharField(label="信息类别")
    label = serializers.CharField(label="类别名称")
    expected = serializers.BooleanField(label="本阶段应公开")
    published = serializers.IntegerField(label="已公开记录数")
    state = serializers.CharField(label="状态", help_text="published / overdue / pending / withheld / missing / not_applicable")
    state_label = serializers.CharField(label="状态名称")
    missing_steps = serializers.ListField(
        child=serializers.CharField(), label="未公开的环节",
        help_text="本阶段应公开、尚无公开记录的环节（该类别自己的信息类型，如招标投标的中标候选人公示）。",
    )


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its published records grouped by category (the nine, and PPP项目信息 of a PPP project)."""

    ppp_mode_label = serializers.CharField(source="get_ppp_mode_display", label="PPP 合作模式名称")
    ppp_return_label = serializers.CharField(source="get_ppp_return_display", label="PPP 回报机制名称")
    ppp_capital_label = serializers.CharField(source="get_ppp_capital_display", label="社会资本参与方式名称")
    completeness = serializers.SerializerMethodField(
        label="公开完整性",
        help_text="各类信息按项目阶段是否应公开、已公开几条、是否逾期或缺失、哪些环节未公开（只有计数，不含未发布记录的内容）。",
    )
    records = serializers.SerializerMethodField(
        label="信息记录（按类别）",
        help_text="按信息类别分组的记录。匿名读者只看到已发布的公开记录；工作人员还能看到本单位范围内各状态的记录。",
    )

    class Meta(ProjectSerializer.Meta):
        fields = ProjectSerializer.Meta.fields + [
            "legal_entity",
            "legal_entity_uscc",
            "ppp_mode",
            "ppp_mode_label",
            "ppp_return",
            "ppp_return_label",
            "ppp_capital",
            "ppp_capital_label",
            "description",
            "completeness",
            "records",
        ]
        read_only_fields = fields

    @extend_schema_field(CompletenessCellSerializer(many=True))
    def get_completeness(self, obj) -> list[dict]:
        return CompletenessCellSerializer(completeness_matrix(obj), many=True).data

    @extend_schema_field(CategoryRecordsSerializer(many=True))
    def get_records(self, obj) -> list[dict]:
        records = self.context.get("project_records", [])
        groups = []
        for code, label in ProjectCategory.choices:
            items = [record for record in records if record.category == code]
            groups.append({"category": code, "label": label, "count": len(items), "records": items})
        return CategoryRecordsSerializer(groups, many=True, context=self.context).data


class StatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        label="年份",
        min_value=2000,
        max_value=2100,
        help_text="统计的发布年份，例如 2018。",
        error_messages={
            "required": "请提供统计年份 year，例如 year=2018。",
            "invalid": "年份必须是整数，例如 2018。",
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


class StatisticsJurisdictionSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="ID")
    code = serializers.CharField(label="行政区划代码")
    name = serializers.CharField(label="名称")


class StatisticsRowSerializer(serializers.Serializer):
    category = serializers.CharField(label="信息类别")
    label = serializers.CharField(label="类别名称")
    count = serializers.IntegerField(label="发布条数")


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年份")
    jurisdiction = StatisticsJurisdictionSerializer(allow_null=True, label="区划（含下级）")
    rows = StatisticsRowSerializer(many=True, label="各类别发布条数")
    total = serializers.IntegerField(label="合计")
