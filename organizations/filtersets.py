import django_filters
from django.db.models import Q
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from .choices import JurisdictionLevel
from .models import Department, Jurisdiction

LEVEL_RANK = {level: rank for rank, level in enumerate(JurisdictionLevel.values)}  # 州/市, 县/区, 乡/镇


class DepartmentsByJurisdiction(ModelChoiceIterator):
    """The departments as <optgroup>s, one per jurisdiction: the site's own jurisdiction first (a county
    portal: the county's departments), then those below it level by level (its towns), then any other (the
    prefecture kept in the tree); by jurisdiction code within a level, and inside a group in the
    departments' own order. A reader looking for 某某镇 finds it under its town, not among thirty county
    bureaus (issue 23, part 7)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        groups: dict[int, tuple[Jurisdiction, list]] = {}
        for department in self.queryset.select_related("jurisdiction"):
            groups.setdefault(department.jurisdiction_id, (department.jurisdiction, []))[1].append(
                self.choice(department)
            )
        # the site's jurisdiction: the highest one whose office filled in the 网站主办单位 (organizations.site),
        # read from the rows already loaded rather than from another query
        sites = [group[0] for group in groups.values() if group[0].site_sponsor]
        site = min(sites, key=lambda row: (LEVEL_RANK.get(row.level, 99), row.code), default=None)
        site_rank = LEVEL_RANK.get(site.level, -1) if site else -1

        def order(group):
            jurisdiction = group[0]
            rank = LEVEL_RANK.get(jurisdiction.level, 99)
            place = 0 if site and jurisdiction.pk == site.pk else 1 if rank > site_rank else 2
            return place, rank, jurisdiction.code

        ordered = sorted(groups.values(), key=order)
        for jurisdiction, choices in ordered:
            yield (jurisdiction.name, choices)


class DepartmentChoiceField(ModelChoiceField):
    iterator = DepartmentsByJurisdiction


class DepartmentChoiceFilter(django_filters.ModelChoiceFilter):
    """A 责任单位 filter whose list is grouped by jurisdiction (issue 23, part 7). The API accepts the
    same ids as before; only the HTML <select> changes."""

    field_class = DepartmentChoiceField


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
