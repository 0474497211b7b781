"""Filters of welfare programmes: one FilterSet shared by the public pages, the API and exports."""


import django_filters
from django.db.models import OuterRef, Q

from disclosures.filtersets import YearFilter
from disclosures.subject_filtersets import AreaSubjectFilterSet, year_bounds

from .apps import PROGRAMME
from .choices import PublicBodyKind, PublicBodySector, WelfareArea
from .forms import AREA_ITEMS, CATEGORY_FORMS, COMMON_ITEMS
from .models import Programme, PublicBody


def item_type_choices(area: str | None = None) -> list:
    """The item types (资金分配和使用, 困难学生资助…) of one area, or all of them grouped: the common ones
    first, then each area's own (area codes do not repeat across areas)."""
    if area:
        return list(CATEGORY_FORMS[area].ITEM_TYPES)
    return [("各领域通用", list(COMMON_ITEMS))] + [
        (label, list(AREA_ITEMS[code])) for code, label in WelfareArea.choices
    ]


def _public_records_of_programme():
    return PROGRAMME.public_records(OuterRef("pk"))


class ProgrammeFilterSet(AreaSubjectFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="项目名称")
    area = django_filters.ChoiceFilter(choices=WelfareArea.choices, label="领域", empty_label="全部")
    # Programmes with a *public* record of that type: the filter must not reveal unpublished records.
    item_type = django_filters.ChoiceFilter(
        choices=item_type_choices, method="filter_item_type", label="信息类型", empty_label="全部"
    )
    # Year the programme started (实施开始); one without a start date counts in the year it was entered.
    year = YearFilter(method="filter_year", label="年份（实施开始，未填按录入）")

    class Meta:
        model = Programme
        fields = ["q", "area", "item_type", "department", "jurisdiction", "year"]

    area_values = WelfareArea.values
    item_type_choices = staticmethod(item_type_choices)
    public_records = staticmethod(_public_records_of_programme)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name__icontains=value)

    def filter_year(self, queryset, name, value):
        bounds = year_bounds(value)
        if bounds is None:
            return queryset.none()
        start, end = bounds
        year = int(value)
        return queryset.filter(
            Q(starts_on__year=year) | Q(starts_on__isnull=True, created_at__gte=start, created_at__lt=end)
        )


class PublicBodyFilterSet(django_filters.FilterSet):
    """The register of 公共企事业单位 and 慈善组织 (seed 002 §四(三)): the public page and the API alike."""

    q = django_filters.CharFilter(method="filter_q", label="单位名称")
    kind = django_filters.ChoiceFilter(choices=PublicBodyKind.choices, label="单位类型", empty_label="全部")
    service_area = django_filters.ChoiceFilter(choices=PublicBodySector.choices, label="服务领域", empty_label="全部")

    class Meta:
        model = PublicBody
        fields = ["q", "kind", "service_area"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
