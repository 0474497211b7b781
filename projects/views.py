"""Public pages of major projects: the list, a project's life cycle, the annual statistics. Thin."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from core.domains import get_domain
from disclosures import exports, subject_views
from organizations.models import Jurisdiction

from . import selectors
from .filtersets import ProjectFilterSet


@require_GET
@cached_public_page(reads=(ProjectFilterSet, "page"))
def project_list(request):
    return render(
        request,
        "projects/list.html",
        subject_views.list_context(request, selectors.filtered_public_projects, selectors.DOMAIN),
    )


PROJECT_COLUMNS = [
    exports.Column("项目名称", "name", exports.attr("name")),
    exports.Column("投资项目统一代码", "code", exports.attr("code")),
    exports.choice("行业领域", "sector"),
    exports.choice("项目阶段", "phase"),
    exports.choice("管理方式", "approval_mode"),
    exports.choice("投资类型", "investor_type"),
    exports.Column("PPP 项目", "is_ppp", lambda project: "是" if project.is_ppp else "否", code=exports.attr("is_ppp")),
    exports.Column("总投资（元）", "total_investment", exports.attr("total_investment")),
    exports.Column("项目法人", "legal_entity", exports.attr("legal_entity")),
    exports.Column("项目法人统一社会信用代码", "legal_entity_uscc", exports.attr("legal_entity_uscc")),
    exports.Column("建设地点", "location", exports.attr("location")),
    exports.Column("所属区划", "jurisdiction", exports.attr("jurisdiction.name")),
    exports.Column("牵头部门", "lead_department", exports.attr("lead_department.name")),
    exports.Column("开工日期", "started_on", exports.attr("started_on")),
    exports.Column("竣工日期", "completed_on", exports.attr("completed_on")),
    exports.page("项目页面", route="projects:detail"),
]


@exports.source
def project_export_source(params) -> exports.Source:
    return subject_views.filtered_source(
        selectors.filtered_public_projects, params, PROJECT_COLUMNS, basename="projects", title="重大建设项目"
    )


project_export = subject_views.export_view_of(project_export_source)


@require_GET
@cached_public_page
def project_detail(request, pk: int):
    project = subject_views.public_subject_or_404(selectors.public_project_or_none, pk, selectors.DOMAIN)
    return subject_views.subject_page(
        request,
        "projects/detail.html",
        selectors.DOMAIN,
        project,
        timeline=subject_views.record_items(selectors.project_timeline(project)),
        matrix=selectors.completeness_matrix(project),
    )


class StatisticsForm(forms.Form):
    """The year and jurisdiction of the annual statistics (a GET form; not a FilterSet: nothing is listed)."""

    year = forms.TypedChoiceField(label="年度", coerce=int)
    jurisdiction = forms.ModelChoiceField(
        label="区划（含下级）",
        queryset=Jurisdiction.objects.order_by("code"),
        required=False,
        empty_label="全部区划",
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in years]


@require_GET
@cached_public_page(reads=("year", "jurisdiction"))
def statistics(request):
    this_year = timezone.localdate().year
    years = sorted(set(selectors.publication_years()) | {this_year}, reverse=True)
    data = request.GET.copy()
    data.setdefault("year", str(this_year))
    form = StatisticsForm(data, years=years)
    stats = None
    if form.is_valid():
        stats = selectors.annual_statistics(
            year=form.cleaned_data["year"], jurisdiction=form.cleaned_data["jurisdiction"]
        )
    return render(
        request,
        "projects/statistics.html",
        {"domain": get_domain(selectors.DOMAIN), "form": form, "stats": stats},
    )
