"""Filters of public resource allocation: one FilterSet per model, shared by the public pages, the API and exports."""

import datetime

import django_filters
from django import forms
from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.validators import normalize_uscc
from disclosures.filtersets import IdFilter, YearFilter
from disclosures.subject_filtersets import AreaSubjectFilterSet, year_bounds

from .apps import MATTER
from .choices import CreditArea, CreditList, CreditSubjectKind, ResourceArea
from .forms import CATEGORY_FORMS
from .models import BlacklistEntry, ResourceMatter


def item_type_choices(area: str | None = None) -> list:
    """The item types (出让公告, 采购结果…) of one area, or of every area grouped by area (codes repeat across areas)."""
    if area:
        return list(CATEGORY_FORMS[area].ITEM_TYPES)
    return [(label, list(CATEGORY_FORMS[code].ITEM_TYPES)) for code, label in ResourceArea.choices]


def _public_records_of_matter():
    return MATTER.public_records(OuterRef("pk"))


class ResourceMatterFilterSet(AreaSubjectFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="事项名称或编号")
    area = django_filters.ChoiceFilter(choices=ResourceArea.choices, label="领域", empty_label="全部")
    # Matters with a *public* record of that type: the filter must not reveal unpublished steps.
    item_type = django_filters.ChoiceFilter(
        choices=item_type_choices, method="filter_item_type", label="信息类型", empty_label="全部"
    )
    # Year of the matter's first public record; a matter with none yet counts in the year it was entered.
    year = YearFilter(method="filter_year", label="年份（首次公开，未公开按录入）")
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte", label="金额不低于（元）")
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte", label="金额不高于（元）")
    project = IdFilter(field_name="project_id", label="关联重大建设项目（编号）")

    class Meta:
        model = ResourceMatter
        fields = [
            "q", "area", "item_type", "department", "jurisdiction", "year", "amount_min", "amount_max", "project",
        ]

    area_values = ResourceArea.values
    item_type_choices = staticmethod(item_type_choices)
    public_records = staticmethod(_public_records_of_matter)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(reference_no__icontains=value))

    def filter_year(self, queryset, name, value):
        bounds = year_bounds(value)
        if bounds is None:
            return queryset.none()
        start, end = bounds
        first_published = Subquery(
            _public_records_of_matter().order_by().values("matter_link__matter").annotate(first=Min("published_at")).values("first")[:1]
        )
        return queryset.alias(year_moment=Coalesce(first_published, "created_at")).filter(
            year_moment__gte=start, year_moment__lt=end
        )


class BlacklistFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="主体名称或统一社会信用代码")
    area = django_filters.ChoiceFilter(choices=CreditArea.choices, label="领域", empty_label="全部")
    list_type = django_filters.ChoiceFilter(choices=CreditList.choices, label="名单类型", empty_label="全部")
    # In force: not marked expired and today inside the listing period.
    in_force = django_filters.BooleanFilter(
        method="filter_in_force", label="在列入期内",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )

    class Meta:
        model = BlacklistEntry
        fields = ["q", "area", "list_type", "in_force"]

    def filter_q(self, queryset, name, value):
        """By an organisation's name or 信用代码. A natural person's name is never matched: a search must not
        confirm who is listed beyond the masked name the page shows (seed 001 §五 去标识化)."""
        value = value.strip()
        if not value:
            return queryset
        named = Q(subject_name__icontains=value) & ~Q(subject_kind=CreditSubjectKind.PERSON)
        return queryset.filter(named | Q(uscc__icontains=value) | Q(uscc=normalize_uscc(value)))

    def filter_in_force(self, queryset, name, value):
        condition = in_force_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)


def in_force_q(today: datetime.date | None = None) -> Q:
    """Entries on a public list today: not taken off (期满 by the daily job, or 信用修复), and today within
    列入日期–移出日期."""
    today = today or timezone.localdate()
    return Q(expired_at__isnull=True, repaired_on__isnull=True, starts_on__lte=today, ends_on__gte=today)
