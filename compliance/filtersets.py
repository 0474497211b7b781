"""The dashboard's filters. One FilterSet for the page, the CSV and the Excel export."""

import django_filters

from core.domains import all_domains, domain_choices
from disclosures.models import Disclosure
from organizations.filtersets import DepartmentChoiceFilter
from organizations.models import Department
from organizations.selectors import user_scope


def _category_choices():
    return [(domain.label, domain.category_choices) for domain in all_domains()]


def scoped_departments(user):
    """The departments a user may pick: their own, or their office's scope; all for a superuser."""
    scope = user_scope(user)
    queryset = Department.objects.select_related("jurisdiction").order_by(
        "jurisdiction__code", "ordering", "code"
    )
    if scope.is_superuser:
        return queryset
    return queryset.filter(pk__in=scope.visible_department_ids)


class DashboardFilterSet(django_filters.FilterSet):
    """Filters every number on the dashboard (totals, tables, trend, overdue list), not only the list."""

    department = DepartmentChoiceFilter(queryset=Department.objects.none(), label="责任单位", empty_label="全部单位")
    domain = django_filters.ChoiceFilter(choices=domain_choices, label="领域", empty_label="全部领域")
    category = django_filters.ChoiceFilter(
        choices=_category_choices, label="主题分类", empty_label="全部分类"
    )

    class Meta:
        model = Disclosure
        fields = ["department", "domain", "category"]

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # A department outside the user's scope is not a valid choice (and could not match anyway).
        self.filters["department"].queryset = scoped_departments(user)
