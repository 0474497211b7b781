"""`/api/v1/circulars/`: the published 通报, each with its per-department figures as JSON (the table of its page
and its Word document). Drafts and internal circulars are nobody's business: 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from .choices import CircularStatus
from .models import Circular


class CircularSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office_department.name", read_only=True, label="印发机关")
    figures = serializers.JSONField(read_only=True, label="各单位情况",
                                    help_text="每个单位一项：发布信息、按时公开、按时公开率、期末逾期未公开、督办单及答复情况、"
                                    "逾期未答复申请、死链、通报（praise 表扬 / criticise 批评 / 空）。生成时冻结。")
    url = serializers.CharField(source="get_absolute_url", read_only=True, label="公开页面")

    class Meta:
        model = Circular
        fields = ["id", "number", "kind", "title", "period_start", "period_end", "office_name", "published_at",
                  "intro", "requirements", "figures", "url"]
        read_only_fields = fields


@extend_schema(tags=["政务公开通报"])
class CircularViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CircularSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["published_at", "period_end"]

    def get_queryset(self):
        return (
            Circular.objects.filter(status=CircularStatus.PUBLISHED)
            .select_related("office_department")
            .order_by("-published_at", "-pk")
        )
