import django_filters
from django.db.models import Q

from core.domains import all_domains, domain_choices

from .choices import EntryMode, LimitKind
from .models import CatalogueEntry


def _category_choices():
    return [(code, label) for domain in all_domains() for code, label in domain.category_choices]


class CatalogueEntryFilterSet(django_filters.FilterSet):
    """The public 标准目录 page and the API filter with the same names (`?domain=projects`)."""

    domain = django_filters.ChoiceFilter(choices=domain_choices, label="领域", empty_label="全部")
    category = django_filters.ChoiceFilter(choices=_category_choices, label="主题分类", empty_label="全部")
    mode = django_filters.ChoiceFilter(choices=EntryMode.choices, label="公开方式", empty_label="全部")
    limit_kind = django_filters.ChoiceFilter(choices=LimitKind.choices, label="公开时限类型", empty_label="全部")
    q = django_filters.CharFilter(method="filter_q", label="关键词")

    class Meta:
        model = CatalogueEntry
        fields = ["domain", "category", "mode", "limit_kind", "q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(level1__icontains=value) | Q(level2__icontains=value) | Q(content__icontains=value) | Q(code=value)
        )
