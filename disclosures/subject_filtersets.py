"""The FilterSet base of a domain's subjects (projects, matters, programmes), once: the jurisdiction filter (with
its lower levels) every domain has, and for a domain split into areas (领域) the department, the area-dependent
item types and the "has a public record of that type" filter. A domain declares the rest; `Meta.fields` orders
the form, so a filter declared here still stands where the domain lists it."""

import datetime

import django_filters
from django.db.models import Exists
from django.utils import timezone

from organizations.filtersets import DepartmentChoiceFilter
from organizations.models import Department, Jurisdiction


def year_bounds(value) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The aware start of the year and of the next one, or None for a year Python's dates cannot hold."""
    year = int(value)
    if not datetime.MINYEAR < year < datetime.MAXYEAR:
        return None
    return timezone.make_aware(datetime.datetime(year, 1, 1)), timezone.make_aware(datetime.datetime(year + 1, 1, 1))


class SubjectFilterSet(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), method="filter_jurisdiction", label="所属区划（含下级）",
        empty_label="全部",
    )

    def filter_jurisdiction(self, queryset, name, value):
        return queryset.filter(jurisdiction_id__in=value.descendant_ids())


class AreaSubjectFilterSet(SubjectFilterSet):
    """A domain of areas declares `area_values`, `item_type_choices(area)` and `public_records()` (its public
    records of the subject at OuterRef("pk")), plus its own `area` and `item_type` filters."""

    department = DepartmentChoiceFilter(queryset=Department.objects.all(), label="主管部门", empty_label="全部")
    area_values: list[str] = []
    item_type_choices = None  # staticmethod(area -> choices)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # On an area's tab, offer only that area's item types.
        area = (data or {}).get("area")
        if area in self.area_values:
            self.filters["item_type"].extra["choices"] = self.item_type_choices(area)

    @staticmethod
    def public_records():
        raise NotImplementedError

    def filter_item_type(self, queryset, name, value: str):
        # Subjects with a *public* record of that type: the filter must not reveal unpublished records.
        return queryset.filter(Exists(self.public_records().filter(details__item_type=value)))
