"""Filters of welfare programmes: one FilterSet shared by the public pages, the API and exports."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from disclosures.filtersets import YearFilter
from disclosures.models import Disclosure
from organizations.models import Department, Jurisdiction

from .choices import WelfareArea
from .forms import AREA_ITEMS, CATEGORY_FORMS, COMMON_ITEMS
from .models import Programme


def item_type_choices(area: str | None = None) -> list:
    """The item types (资金分配和使用, 困难学生资助…) of one area, or all of them grouped: the common ones
    first, then each area's own (area codes do not repeat across areas)."""
    if area:
        return list(CATEGORY_FORMS[area].ITEM_TYPES)
    return [("各领域通用", list(COMMON_ITEMS))] + [
        (label, list(AREA_ITEMS[code])) for code, label in WelfareArea.choices
    ]


def _public_records_of_programme():
    return Disclosure.objects.public().filter(programme_link__programme=OuterRef("pk"))


class ProgrammeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="项目名称")
    area = django_filters.ChoiceFilter(choices=WelfareArea.choices, label="领域", empty_label="全部")
    # Programmes with a *public* record of that type: the filter must not reveal unpublished records.
    item_type = django_filters.ChoiceFilter(
        choices=item_type_choices, method="filter_item_type", label="信息类型", empty_label="全部"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.select_related("jurisdiction"), label="主管部门", empty_label="全部"
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), method="filter_jurisdiction", label="所属区划（含下级）",
        empty_label="全部",
    )
    # Year the programme started (实施开始); one without a start date counts in the year it was entered.
    year = YearFilter(method="filter_year", label="年份（实施开始，未填按录入）")

    class Meta:
        model = Programme
        fields = ["q", "area", "item_type", "department", "jurisdiction", "year"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # On an area's tab, offer only that area's item types.
        area = (data or {}).get("area")
        if area in WelfareArea.values:
            self.filters["item_type"].extra["choices"] = item_type_choices(area)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name__icontains=value)

    def filter_item_type(self, queryset, name, value: str):
        return queryset.filter(Exists(_public_records_of_programme().filter(details__item_type=value)))

    def filter_jurisdiction(self, queryset, name, value):
        return queryset.filter(jurisdiction_id__in=value.descendant_ids())

    def filter_year(self, queryset, name, value):
        year = int(value)
        if not datetime.MINYEAR < year < datetime.MAXYEAR:
            return queryset.none()
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        return queryset.filter(
            Q(starts_on__year=year) | Q(starts_on__isnull=True, created_at__gte=start, created_at__lt=end)
        )
