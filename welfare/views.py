"""Public pages of social welfare undertakings: the programmes per area, a programme's page. Thin."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from core.domains import get_domain
from disclosures import exports
from disclosures.details import details_rows
from disclosures.selectors import urgent_public_disclosures
from disclosures.subject_views import export_view_of, list_page

from . import selectors
from .choices import WelfareArea
from .filtersets import ProgrammeFilterSet


def _domain():
    return get_domain(selectors.DOMAIN)


@require_GET
@cached_public_page(reads=(ProgrammeFilterSet, "page"))
def programme_list(request):
    filterset, programmes = selectors.filtered_public_programmes(request.GET)
    page, query = list_page(request, programmes)
    area = request.GET.get("area", "")
    area = area if area in WelfareArea.values else ""
    return render(
        request,
        "welfare/list.html",
        {
            "domain": _domain(),
            "filterset": filterset,
            "page": page,
            "query": query,
            "areas": WelfareArea.choices,
            "current_area": area,
            "current_area_label": WelfareArea(area).label if area else "",
            "urgent": urgent_public_disclosures(domain=selectors.DOMAIN, category=area or None),
        },
    )


PROGRAMME_COLUMNS = [
    exports.Column("项目（工作）名称", "name", exports.attr("name")),
    exports.Column("领域", "area", exports.label("area")),
    exports.Column("所属区划", "jurisdiction", exports.attr("jurisdiction.name")),
    exports.Column("主管部门", "department", exports.attr("department.name")),
    exports.Column("资金来源", "fund_source", exports.attr("fund_source")),
    exports.Column("资金总额（元）", "total_funds", exports.attr("total_funds")),
    exports.Column("实施开始", "starts_on", exports.attr("starts_on")),
    exports.Column("实施结束", "ends_on", exports.attr("ends_on")),
    exports.Column("监督举报电话", "report_phone", exports.attr("report_phone")),
    exports.Column("最近发布日期", "latest_published_at", exports.attr("latest_published_at")),
    exports.Column("项目页面", "url", exports.absolute_url),
]


@exports.source
def programme_export_source(params) -> exports.Source:
    filterset, _ = selectors.filtered_public_programmes(params)
    return exports.Source(
        filterset, PROGRAMME_COLUMNS, basename="welfare-programmes", title="社会公益事业建设项目"
    )


programme_export = export_view_of(programme_export_source)


@require_GET
@cached_public_page
def programme_detail(request, pk: int):
    programme = selectors.public_programme_or_none(pk)
    if programme is None:
        raise Http404("项目不存在或尚无公开信息")
    records = selectors.programme_records(programme)
    return render(
        request,
        "welfare/detail.html",
        {
            "domain": _domain(),
            "subject": programme,
            "programme": programme,
            "records": [{"record": record, "details": details_rows(record)} for record in records],
            "funds": selectors.fund_table(records),
            "standards": selectors.standards_table(records),
        },
    )
