import django_filters
from django import forms
from django.db.models import Q

from core.domains import all_domains, domain_choices
from core.filtersets import FixedFormFilterSet
from organizations.filtersets import DepartmentChoiceFilter
from organizations.models import Department, Jurisdiction

from .choices import DisclosureMode, Status
from .models import Disclosure
from .widgets import QuickSelect, QuickTextInput, YearSelect


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number from 1900 to 2100 (anything else is a 400 naming the field, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YearSelect)
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("error_messages", {
            "invalid": "年份必须是整数，例如 2026。",
            "min_value": "年份不能早于 1900 年。",
            "max_value": "年份不能晚于 2100 年。",
        })
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """An object's id: a positive whole number that fits the database's integer column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("error_messages", {"invalid": "编号必须是正整数。"})
        super().__init__(*args, **kwargs)


def _category_choices():
    return [(code, label) for domain in all_domains() for code, label in domain.category_choices]


class SearchFilterSet(FixedFormFilterSet):
    """What the search page narrows the records searched by (views.search): domain, category, year and
    department. Its own set, not `DisclosureFilterSet`'s thirteen filters: each request deep-copies every
    filter and form field, about 1 ms of a search (issue 24, part 1)."""

    domain = django_filters.ChoiceFilter(choices=domain_choices, label="领域")
    category = django_filters.ChoiceFilter(choices=_category_choices, label="分类")
    department = DepartmentChoiceFilter(
        queryset=Department.objects.all(), label="责任单位", empty_label="全部", widget=QuickSelect
    )
    year = YearFilter(field_name="published_at", lookup_expr="year", label="发布年份")

    class Meta:
        model = Disclosure
        fields = ["domain", "category", "department", "year"]


class DisclosureFilterSet(SearchFilterSet):
    """The public lists' and the API's filters: the search page's, and the keyword, jurisdiction, status…"""

    q = django_filters.CharFilter(method="filter_q", label="关键词", widget=QuickTextInput)
    jurisdiction = django_filters.ModelChoiceFilter(
        queryset=Jurisdiction.objects.all(), method="filter_jurisdiction", label="行政区划", empty_label="全部",
        widget=QuickSelect,
    )
    item_type = django_filters.CharFilter(field_name="details__item_type", label="信息类型")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="状态")
    disclosure_mode = django_filters.ChoiceFilter(choices=DisclosureMode.choices, label="公开属性")
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
