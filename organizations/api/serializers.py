from rest_framework import serializers

from ..models import Department, Jurisdiction


class JurisdictionSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True, label="层级名称")

    class Meta:
        model = Jurisdiction
        fields = ["id", "name", "code", "level", "level_label", "parent", "deadline_days", "decision_deadline_days"]
        read_only_fields = fields


class DepartmentSerializer(serializers.ModelSerializer):
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", read_only=True, label="所属区划名称")
    email = serializers.CharField(read_only=True, label="联系邮箱", help_text="单位公开的联系邮箱；未公开时为空字符串。")

    class Meta:
        model = Department
        # Office contacts are the department's own published ones, never a person's.
        fields = ["id", "name", "code", "jurisdiction", "jurisdiction_name", "is_office", "email", "phone"]
        read_only_fields = fields
