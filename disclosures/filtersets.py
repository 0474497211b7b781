import django_filters
from django.db.models import Q

from organizations.models import Department, Jurisdiction

from .choices import DisclosureMode, Status
from .domains import domain_choices
from .models import Disclosure


def _category_choices():
    from .domains import all_domains

    return [(code, label) for domain in all_domains() for code, label in domain.category_choices]


class DisclosureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词")
    domain = django_filters.ChoiceFilter(choices=domain_choices, label="领域")
    category = django_filters.ChoiceFilter(choices=_category_choices, label="分类")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label="责任单位")
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), method="filter_jurisdiction", label="行政区划"
    )
    item_type = django_filters.CharFilter(field_name="details__item_type", label="信息类型")
    year = django_filters.NumberFilter(field_name="published_at", lookup_expr="year", label="发布年份")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="状态")
    disclosure_mode = django_filters.ChoiceFilter(choices=DisclosureMode.choices, label="公开方式")
    index_no = django_filters.CharFilter(label="索引号")
    formed_after = django_filters.DateFilter(field_name="formed_on", lookup_expr="gte", label="形成日期起")
    formed_before = django_filters.DateFilter(field_name="formed_on", lookup_expr="lte", label="形成日期止")

    class Meta:
        model = Disclosure
        fields = [
            "q", "domain", "category", "department", "jurisdiction", "item_type", "year", "status", "disclosure_mode",
            "index_no",
        ]

    def filter_jurisdiction(self, queryset, name, value):
        """The jurisdiction and every jurisdiction below it (a county includes its towns)."""
        return queryset.filter(jurisdiction_id__in=value.descendant_ids()) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(index_no__iexact=value) | Q(doc_no__icontains=value))
