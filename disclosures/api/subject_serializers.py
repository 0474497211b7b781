"""The serializer of one record of a subject (a project's, a matter's, a programme's), once: what a reader may see
of it. A domain lists the keys it shows in `Meta.fields` (their order is the JSON's), may restate a field to give it
its own help text, and names its item-type labeller."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import policies as disclosure_policies
from ..details import public_details
from .serializers import NameListSerializer, name_list_data


class SubjectRecordSerializer(serializers.Serializer):
    """One record of the subject, as the reader may see it."""

    id = serializers.IntegerField(label="记录 ID")
    index_no = serializers.CharField(label="索引号", allow_null=True)
    title = serializers.CharField(label="标题")
    item_type = serializers.SerializerMethodField(label="信息类型")
    item_type_label = serializers.SerializerMethodField(label="信息类型名称")
    department = serializers.IntegerField(source="department_id", label="责任单位")
    department_name = serializers.CharField(source="department.name", label="责任单位名称")
    doc_no = serializers.CharField(label="文号")
    formed_on = serializers.DateField(label="信息形成（变更）日期")
    published_at = serializers.DateTimeField(label="发布日期", allow_null=True)
    status = serializers.CharField(label="状态", help_text="匿名读者只会看到已发布（published）的记录。")
    disclosure_mode = serializers.CharField(label="公开属性")
    details = serializers.SerializerMethodField(label="结构化信息")
    name_list = serializers.SerializerMethodField(label="公示名单")
    url = serializers.SerializerMethodField(label="公开页面", help_text="已发布记录的公开页面；未发布时为 null。")

    # The domain's `item_type_label(area, item_type)`, wrapped in staticmethod().
    item_type_labeller = None

    class Meta:
        fields: list[str] = []  # the keys shown, in order

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields[name] for name in self.Meta.fields}

    def _readable(self, obj) -> bool:
        request = self.context.get("request")
        return obj.shows_content or disclosure_policies.can_view(getattr(request, "user", None), obj)

    def get_item_type(self, obj) -> str:
        return (obj.details or {}).get("item_type", "")

    def get_item_type_label(self, obj) -> str:
        return self.item_type_labeller(obj.category, (obj.details or {}).get("item_type"))

    def get_details(self, obj) -> dict:
        return public_details(obj) if self._readable(obj) else {}

    @extend_schema_field(NameListSerializer(allow_null=True))
    def get_name_list(self, obj) -> dict | None:
        return name_list_data(obj)

    def get_url(self, obj) -> str | None:
        return obj.get_absolute_url() if obj.status == "published" else None
