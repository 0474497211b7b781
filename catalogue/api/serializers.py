from rest_framework import serializers

from ..models import CatalogueEntry


class CatalogueEntrySerializer(serializers.ModelSerializer):
    limit_kind_label = serializers.CharField(source="get_limit_kind_display", read_only=True, label="公开时限类型名称")
    mode_label = serializers.CharField(source="get_mode_display", read_only=True, label="公开方式名称")
    audience_label = serializers.CharField(source="get_audience_display", read_only=True, label="公开对象名称")
    limit_display = serializers.CharField(read_only=True, label="公开时限（含单位）")
    item_types = serializers.ListField(child=serializers.CharField(), read_only=True, label="适用信息类型")

    class Meta:
        model = CatalogueEntry
        fields = [
            "id", "code", "domain", "category", "level1", "level2", "content", "basis", "limit_kind",
            "limit_kind_label", "limit_days", "limit_hours", "limit_basis", "limit_display", "decision_type",
            "item_types", "subject", "channels", "audience", "audience_label", "mode", "mode_label",
        ]
        read_only_fields = fields
