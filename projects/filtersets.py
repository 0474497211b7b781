"""Filters of major projects: one FilterSet shared by the public list, the API and exports."""

import django_filters
from django import forms
from django.db.models import Q

from core.validators import normalize_project_code
from disclosures.filtersets import YearFilter
from disclosures.subject_filtersets import SubjectFilterSet
from organizations.filtersets import DepartmentChoiceFilter
from organizations.models import Department

from .choices import ApprovalMode, InvestorType, Phase, Sector
from .models import Project


class ProjectFilterSet(SubjectFilterSet):
    q = django_filters.CharFilter(method="filter_q", label="项目名称或代码")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label="行业领域", empty_label="全部")
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label="项目阶段", empty_label="全部")
    lead_department = DepartmentChoiceFilter(queryset=Department.objects.all(), label="牵头部门", empty_label="全部")
    approval_mode = django_filters.ChoiceFilter(choices=ApprovalMode.choices, label="管理方式", empty_label="全部")
    investor_type = django_filters.ChoiceFilter(choices=InvestorType.choices, label="投资类型", empty_label="全部")
    is_ppp = django_filters.BooleanFilter(
        label="PPP 项目", widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])
    )
    # 开工年份; a project not started yet (no 开工日期) counts in the year it was entered.
    year = YearFilter(method="filter_year", label="年份（开工，未开工按录入）")
    investment_min = django_filters.NumberFilter(field_name="total_investment", lookup_expr="gte", label="总投资不低于（元）")
    investment_max = django_filters.NumberFilter(field_name="total_investment", lookup_expr="lte", label="总投资不高于（元）")

    class Meta:
        model = Project
        fields = [
            "q", "sector", "phase", "jurisdiction", "lead_department", "approval_mode", "investor_type",
            "is_ppp", "year", "investment_min", "investment_max",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(code=normalize_project_code(value))
        )

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(started_on__year=year) | Q(started_on__isnull=True, created_at__year=year))
