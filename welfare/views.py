"""Public pages of social welfare undertakings: the programmes per area, a programme's page. Thin."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from disclosures import exports, subject_views
from disclosures.selectors import urgent_public_disclosures

from . import selectors
from .choices import WelfareArea
from .filtersets import ProgrammeFilterSet, PublicBodyFilterSet


@require_GET
@cached_public_page(reads=(ProgrammeFilterSet, "page"))
def programme_list(request):
    context = subject_views.list_context(request, selectors.filtered_public_programmes, selectors.DOMAIN)
    tabs = subject_views.area_tabs(request, WelfareArea)
    urgent = urgent_public_disclosures(domain=selectors.DOMAIN, category=tabs["current_area"] or None)
    return render(request, "welfare/list.html", {**context, **tabs, "urgent": urgent})


PROGRAMME_COLUMNS = [
    exports.Column("项目（工作）名称", "name", exports.attr("name")),
    exports.choice("领域", "area"),
    exports.Column("所属区划", "jurisdiction", exports.attr("jurisdiction.name")),
    exports.Column("主管部门", "department", exports.attr("department.name")),
    exports.Column("资金来源", "fund_source", exports.attr("fund_source")),
    exports.Column("资金总额（元）", "total_funds", exports.attr("total_funds")),
    exports.Column("实施开始", "starts_on", exports.attr("starts_on")),
    exports.Column("实施结束", "ends_on", exports.attr("ends_on")),
    exports.Column("监督举报电话", "report_phone", exports.attr("report_phone")),
    exports.Column("最近发布日期", "latest_published_at", exports.local_date("latest_published_at")),
    exports.page("项目页面", route="welfare:detail"),
]


@exports.source
def programme_export_source(params) -> exports.Source:
    return subject_views.filtered_source(
        selectors.filtered_public_programmes,
        params,
        PROGRAMME_COLUMNS,
        basename="welfare-programmes",
        title="社会公益事业建设项目",
    )


programme_export = subject_views.export_view_of(programme_export_source)


@require_GET
@cached_public_page
def programme_detail(request, pk: int):
    programme = subject_views.public_subject_or_404(selectors.public_programme_or_none, pk, selectors.DOMAIN)
    records = selectors.programme_records(programme)
    return subject_views.subject_page(
        request,
        "welfare/detail.html",
        selectors.DOMAIN,
        programme,
        records=subject_views.record_items(records),
        funds=selectors.fund_table(records),
        standards=selectors.standards_table(records),
    )


@require_GET
@cached_public_page(reads=(PublicBodyFilterSet, "page"))
def public_bodies(request):
    """The 公共企事业单位 and 慈善组织 whose disclosure the office promotes and evaluates, with each year's
    evaluation result (seed 002 §四(三), §六(三); 国办发〔2020〕50号; 《慈善法》)."""
    context = subject_views.list_context(request, selectors.filtered_public_bodies, selectors.DOMAIN)
    return render(request, "welfare/public_bodies.html", context)
