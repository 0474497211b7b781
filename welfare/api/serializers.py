from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from disclosures.api.serializers import NamedRefSerializer
from disclosures.api.subject_serializers import SubjectRecordSerializer

from ..forms import CATEGORY_FORMS
from ..models import Programme, PublicBody, PublicBodyEvaluation
from ..selectors import fund_table, item_type_label


class ProgrammeSerializer(serializers.ModelSerializer):
    """A programme in a list: its facts, not its records."""

    area_label = serializers.CharField(source="get_area_display", label="领域名称")
    jurisdiction = NamedRefSerializer(label="所属区划")
    department = NamedRefSerializer(label="主管部门")
    url = serializers.CharField(source="get_absolute_url", label="公开页面")

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "area",
            "area_label",
            "jurisdiction",
            "department",
            "fund_source",
            "total_funds",
            "starts_on",
            "ends_on",
            "implementer",
            "report_phone",
            "url",
        ]
        read_only_fields = fields


class RecordRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="记录 ID")
    title = serializers.CharField(label="标题")
    url = serializers.CharField(source="get_absolute_url", label="公开页面")


def _schema_field(field: forms.Field) -> serializers.Field:
    options = {"label": str(field.label), "required": False, "help_text": str(field.help_text or "") or None}
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=[choice for choice in field.choices if choice[0]], **options)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**options)
    if isinstance(field, forms.DecimalField):  # before IntegerField, its base class; stored as a string
        return serializers.DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places, coerce_to_string=True, **options)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**options)
    return serializers.CharField(**options)


def _details_schema() -> type[serializers.Serializer]:
    """The structured fields of every area (welfare.forms.CATEGORY_FORMS) as the API documents them: a record
    carries its area's fields, those its item type needs being required (the form's messages say which)."""
    fields: dict[str, serializers.Field] = {}
    items: dict[str, str] = {}
    for form in CATEGORY_FORMS.values():
        items.update(dict(form.ITEM_TYPES))
        for name, field in form.base_fields.items():
            if name != "item_type":
                fields.setdefault(name, _schema_field(field))
    item_type = serializers.ChoiceField(choices=list(items.items()), label="信息类型", required=True)
    return type("WelfareDetailsSerializer", (serializers.Serializer,), {"item_type": item_type, **fields})


WelfareDetailsSerializer = _details_schema()


class ProgrammeRecordSerializer(SubjectRecordSerializer):
    """One record of the programme, as the reader may see it."""

    due_on = serializers.DateField(label="应公开日期", allow_null=True)
    urgent = serializers.BooleanField(label="紧急信息", help_text="灾害事故救援、突发公共卫生事件：自形成时起按小时计算公开时限（区划设置，默认 24 小时），排在最前。")
    details = serializers.SerializerMethodField(
        label="结构化信息",
        help_text="信息类型及其结构化字段（资金来源、金额、分配对象数、已拨付、使用情况、保障标准；检查验收结果、学段、"
        "食品安全抽检和行政处罚、文化遗产、公益性文化体育活动、投诉处理、重污染天气、企业环境信息依法披露、次生灾害等），"
        "仅主动公开的已发布记录对公众提供。行政处罚的被处罚人为自然人的，姓名已去标识化。",
    )
    interpretation = serializers.SerializerMethodField(label="政策解读", help_text="本文件的政策解读（已公开时）。")
    interprets = serializers.SerializerMethodField(label="解读的文件", help_text="本解读对应的政策文件（已公开的）。")
    name_list = serializers.SerializerMethodField(
        label="对象名单",
        help_text="低保对象、救助对象等公示名单：个人信息已去标识化；公示期结束后或向特定区域特定群体公开的名单不含条目。",
    )
    item_type_labeller = staticmethod(item_type_label)

    class Meta:
        fields = [
            "id", "index_no", "title", "item_type", "item_type_label", "department", "department_name", "doc_no",
            "formed_on", "due_on", "urgent", "published_at", "status", "disclosure_mode", "details", "interpretation",
            "interprets", "name_list", "url",
        ]

    @extend_schema_field(WelfareDetailsSerializer)
    def get_details(self, obj) -> dict:
        return super().get_details(obj)

    @extend_schema_field(RecordRefSerializer(allow_null=True))
    def get_interpretation(self, obj) -> dict | None:
        reading = obj.interpretation
        if reading is None or not reading.is_public or not obj.shows_content:
            return None
        return RecordRefSerializer(reading).data

    @extend_schema_field(RecordRefSerializer(many=True))
    def get_interprets(self, obj) -> list[dict]:
        if not obj.shows_content:
            return []
        return RecordRefSerializer(getattr(obj, "public_interpreted", []), many=True).data


class FundRowSerializer(serializers.Serializer):
    record = serializers.IntegerField(source="record.pk", label="记录 ID")
    title = serializers.CharField(source="record.title", label="标题")
    item_type_label = serializers.CharField(label="信息类型")
    fund_source = serializers.CharField(label="资金来源")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, label="资金金额（元）", allow_null=True)
    recipients = serializers.IntegerField(label="分配（救助）对象数", allow_null=True)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2, label="已拨付（元）", allow_null=True)
    usage = serializers.CharField(label="使用情况")
    period = serializers.CharField(label="所属期间")


class FundTableSerializer(serializers.Serializer):
    rows = FundRowSerializer(many=True, label="资金记录")
    total_amount = serializers.DecimalField(max_digits=18, decimal_places=2, label="金额合计（元）", allow_null=True)
    total_recipients = serializers.IntegerField(label="对象数合计", allow_null=True)
    total_disbursed = serializers.DecimalField(max_digits=18, decimal_places=2, label="已拨付合计（元）", allow_null=True)


class ProgrammeDetailSerializer(ProgrammeSerializer):
    """A programme with its records (urgent first), its fund table and its records' masked name lists."""

    records = serializers.SerializerMethodField(
        label="信息记录",
        help_text="紧急信息在前，其余按发布日期从新到旧。匿名读者只看到已发布的公开记录；工作人员还能看到本单位范围内各状态的记录。",
    )
    funds = serializers.SerializerMethodField(
        label="资金公开表", help_text="已公开的资金类记录（来源、金额、分配对象数、已拨付、使用情况）及合计。"
    )

    class Meta(ProgrammeSerializer.Meta):
        fields = ProgrammeSerializer.Meta.fields + ["target", "result", "description", "records", "funds"]
        read_only_fields = fields

    @extend_schema_field(ProgrammeRecordSerializer(many=True))
    def get_records(self, obj) -> list[dict]:
        return ProgrammeRecordSerializer(self.context.get("programme_records", []), many=True, context=self.context).data

    @extend_schema_field(FundTableSerializer)
    def get_funds(self, obj) -> dict:
        public = [record for record in self.context.get("programme_records", []) if record.shows_content]
        return FundTableSerializer(fund_table(public)).data


class PublicBodyEvaluationSerializer(serializers.ModelSerializer):
    grade_label = serializers.CharField(source="get_grade_display", label="评估等次名称")
    evaluator = NamedRefSerializer(label="评估单位")

    class Meta:
        model = PublicBodyEvaluation
        fields = ["year", "grade", "grade_label", "score", "findings", "rectification", "evaluator", "evaluated_on"]
        read_only_fields = fields


class PublicBodySerializer(serializers.ModelSerializer):
    """A 公共企事业单位 or 慈善组织 of the register (seed 002 §四(三), §六(三)) with its yearly evaluations."""

    kind_label = serializers.CharField(source="get_kind_display", label="单位类型名称")
    service_area_label = serializers.CharField(source="get_service_area_display", label="领域名称")
    jurisdiction = NamedRefSerializer(label="所属区划")
    department = NamedRefSerializer(label="主管部门（登记管理机关）")
    disclosure_url = serializers.CharField(label="信息公开网址", help_text="单位的信息公开专栏或慈善中国页面；未登记时为空字符串。")
    evaluations = PublicBodyEvaluationSerializer(many=True, label="信息公开评估结果", help_text="按年度从新到旧。")

    class Meta:
        model = PublicBody
        fields = [
            "id", "name", "kind", "kind_label", "service_area", "service_area_label", "uscc", "jurisdiction", "department",
            "rules", "disclosure_url", "evaluations",
        ]
        read_only_fields = fields
