import django_filters
from django.db.models import Q

from .choices import JurisdictionLevel
from .models import Department, Jurisdiction


class JurisdictionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=JurisdictionLevel.choices, label="层级")
    parent = django_filters.ModelChoiceFilter(queryset=Jurisdiction.objects.all(), label="上级区划")
    code = django_filters.CharFilter(label="行政区划代码")
    q = django_filters.CharFilter(method="filter_q", label="关键词")

    class Meta:
        model = Jurisdiction
        fields = ["level", "parent", "code", "q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset


class DepartmentFilterSet(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), method="filter_jurisdiction", label="行政区划（含下级）"
    )
    is_office = django_filters.BooleanFilter(label="政务公开办")
    q = django_filters.CharFilter(method="filter_q", label="关键词")

    class Meta:
        model = Department
        fields = ["jurisdiction", "is_office", "q"]

    def filter_jurisdiction(self, queryset, name, value):
        return queryset.filter(jurisdiction_id__in=value.descendant_ids()) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset
