"""Public pages of public resource allocation: the matters per area, a matter's chain, the 黑名单. Thin."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.caching import cached_public_page
from disclosures import exports, subject_views

from . import selectors
from .choices import ResourceArea
from .filtersets import BlacklistFilterSet, ResourceMatterFilterSet


@require_GET
@cached_public_page(reads=(ResourceMatterFilterSet, "page"))
def matter_list(request):
    context = subject_views.list_context(request, selectors.filtered_public_matters, selectors.DOMAIN)
    page = context["page"]
    page.object_list = selectors.with_step_labels(page.object_list)
    return render(
        request, "resources/list.html", {**context, **subject_views.area_tabs(request, ResourceArea)}
    )


MATTER_COLUMNS = [
    exports.Column("事项名称", "name", exports.attr("name")),
    exports.choice("领域", "area"),
    exports.Column("项目（交易）编号", "reference_no", exports.attr("reference_no")),
    exports.Column("所属区划", "jurisdiction", exports.attr("jurisdiction.name")),
    exports.Column("主管部门", "department", exports.attr("department.name")),
    exports.Column("金额（元）", "amount", exports.attr("amount")),
    exports.Column("最近发布日期", "latest_published_at", exports.local_date("latest_published_at")),
    exports.page("事项页面", route="resources:detail"),
]

BLACKLIST_COLUMNS = [
    exports.Column("主体名称", "subject_name", exports.attr("public_name")),  # a natural person's masked
    exports.choice("主体类型", "subject_kind"),
    exports.Column("统一社会信用代码", "uscc", exports.attr("uscc")),
    exports.Column("身份证号码（脱敏）", "id_number", exports.attr("id_number")),
    exports.choice("领域", "area"),
    exports.Column("认定依据", "basis", exports.attr("basis_text")),
    exports.Column("失信行为（守信事实）", "conduct", exports.attr("conduct")),
    exports.Column("处理决定（激励措施）", "decision", exports.attr("decision")),
    exports.Column("决定文号", "decision_no", exports.attr("decision_no")),
    exports.Column("决定机关", "authority", exports.attr("authority")),
    exports.Column("告知日期", "notified_on", exports.attr("notified_on")),
    exports.choice("陈述申辩", "statement"),
    exports.Column("列入日期", "starts_on", exports.attr("starts_on")),
    exports.Column("移出日期（期满）", "ends_on", exports.attr("ends_on")),
]

@exports.source
def matter_export_source(params) -> exports.Source:
    return subject_views.filtered_source(
        selectors.filtered_public_matters,
        params,
        MATTER_COLUMNS,
        basename="resource-matters",
        title="公共资源配置事项",
    )


matter_export = subject_views.export_view_of(matter_export_source)


@exports.source
def blacklist_export_source(params) -> exports.Source:
    return subject_views.filtered_source(
        selectors.filtered_public_blacklist, params, BLACKLIST_COLUMNS, basename="blacklist", title="严重失信主体名单"
    )


blacklist_export = subject_views.export_view_of(blacklist_export_source)


@exports.source
def redlist_export_source(params) -> exports.Source:
    return subject_views.filtered_source(
        selectors.filtered_public_redlist, params, BLACKLIST_COLUMNS, basename="redlist", title="守信激励对象名单（红名单）"
    )


redlist_export = subject_views.export_view_of(redlist_export_source)


@require_GET
@cached_public_page
def matter_detail(request, pk: int):
    matter = subject_views.public_subject_or_404(selectors.public_matter_or_none, pk, selectors.DOMAIN)

    def item_label(record):
        return {"item_label": selectors.item_type_label(matter.area, (record.details or {}).get("item_type"))}

    return subject_views.subject_page(
        request,
        "resources/detail.html",
        selectors.DOMAIN,
        matter,
        chain=subject_views.record_items(selectors.matter_chain(matter), item_label),
        steps=selectors.chain_status(matter),
    )


@require_GET
@cached_public_page(reads=(BlacklistFilterSet, "page"))
def blacklist(request):
    """The 严重失信主体名单 in force (国办发〔2020〕49号; the 2018 column “失信黑名单”)."""
    return render(
        request,
        "resources/blacklist.html",
        {
            **subject_views.list_context(request, selectors.filtered_public_blacklist, selectors.DOMAIN),
            "red": False,
            "list_title": "严重失信主体名单",
            "export_route": "resources:blacklist-export",
            "reset_route": "resources:blacklist",
        },
    )


@require_GET
@cached_public_page(reads=(BlacklistFilterSet, "page"))
def redlist(request):
    """The 守信激励 red list in force (seed 000 §三(三) “红黑名单”)."""
    return render(
        request,
        "resources/blacklist.html",
        {
            **subject_views.list_context(request, selectors.filtered_public_redlist, selectors.DOMAIN),
            "red": True,
            "list_title": "守信激励对象名单（红名单）",
            "export_route": "resources:redlist-export",
            "reset_route": "resources:redlist",
        },
    )
