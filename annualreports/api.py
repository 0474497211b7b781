"""`/api/v1/annual-reports/`: the published 政府信息公开工作年度报告, each with its tables as JSON in the
national layout (the same contents as its page and its workbook). Drafts are nobody's business: 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from .models import AnnualReport, ReportStatus


class AnnualReportSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, label="标题")
    department_name = serializers.CharField(source="department.name", read_only=True, label="报告单位")
    contents = serializers.JSONField(read_only=True, label="表格（二、三、四）")

    class Meta:
        model = AnnualReport
        fields = ["id", "title", "department", "department_name", "year", "index_no", "published_at", "overview",
                  "problems", "other_matters", "contents"]
        read_only_fields = fields


@extend_schema(tags=["政府信息公开工作年度报告"])
class AnnualReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AnnualReportSerializer
    filterset_fields = ["year", "department"]
    ordering_fields = ["year", "published_at"]

    def get_queryset(self):
        return (
            AnnualReport.objects.filter(status=ReportStatus.PUBLISHED)
            .select_related("department__jurisdiction")
            .order_by("-year", "department__ordering", "pk")
        )
