"""The parts every public list shares: pagination with page numbers, 尾页 and a jump box, and the
filter form's fold on phones (issue 23, parts 4 and 7); a search result's highlighted title and excerpt."""

from dataclasses import dataclass

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.fragments import cached_fragment

from .. import search

register = template.Library()

PAGINATION_TEMPLATE = "disclosures/_pagination.html"
ON_EACH_SIDE = 2
# Parameters that are not filters: the keyword box stays in view on a phone, and these do not open the fold.
NOT_FILTERS = frozenset({"q", "page", "area", "sort", "cursor"})


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap (…)
    current: bool = False
    edge: bool = False  # the first or last page shown only because it is an end (a phone leaves it to 首页/尾页)


def page_window(number: int, last: int, *, known_end: bool = True) -> list[PageLink]:
    """1 … 4 5 [6] 7 8 … 20: the first page, two on each side of the current one and, when the count is
    exact, the last. A gap of a single page shows the page instead of “…”. When the count is only an
    estimate (超过 N 条) the list stops after the current page's neighbours."""
    near = set(range(max(1, number - ON_EACH_SIDE), min(last, number + ON_EACH_SIDE) + 1))
    numbers = {1, *near, *([last] if known_end else [])}
    links: list[PageLink] = []
    previous = 0
    for value in sorted(numbers):
        if value - previous == 2:
            links.append(PageLink(previous + 1, edge=True))
        elif value - previous > 2:
            links.append(PageLink(None, edge=True))
        links.append(PageLink(value, current=value == number, edge=value not in near))
        previous = value
    return links


@register.simple_tag(takes_context=True)
def pagination(context, page, query: str = "", label: str = "分页"):
    """`{% pagination page query %}`: 首页 · 上一页 · 1 … 5 [6] 7 … 20 · 下一页 · 尾页, then 跳转到第 [ ] 页.
    `query` is the list's current parameters without `page` (URL-encoded); the jump box carries them as
    hidden fields. A paginator that only estimates its count (`estimated`) shows no last page.

    What it shows follows from `query`, `label`, the page's number, the number of pages and whether that is
    known: for a citizen it is a fragment (core/fragments.py) under those values, rendered once for every
    list and search that shares them (issue 24, part 1: about a tenth of a search page's time)."""
    paginator = page.paginator if page is not None else None
    if paginator is None or paginator.num_pages <= 1:
        return render_to_string(PAGINATION_TEMPLATE, {"page": None})
    known_end = not getattr(paginator, "estimated", False)

    def render() -> str:
        prefix = f"?{query}&" if query else "?"
        hidden = [(name, value) for name, values in QueryDict(query).lists() if name != "page" for value in values]
        return render_to_string(PAGINATION_TEMPLATE, {
            "page": page,
            "label": label,
            "prefix": prefix,
            "links": page_window(page.number, paginator.num_pages, known_end=known_end),
            "known_end": known_end,
            "last": paginator.num_pages,
            "hidden": hidden,
        })

    vary = [query, label, page.number, paginator.num_pages, known_end]
    return cached_fragment(context.get("request"), "pagination", vary, render)


@register.simple_tag
def active_filter_count(filterset) -> int:
    """How many of the reader's filters are set (the phone's 筛选 button says so; an active or invalid
    filter keeps the fold open)."""
    data = getattr(filterset, "data", None) or {}
    fields = filterset.form.fields if filterset is not None else {}
    return sum(1 for name in fields if name not in NOT_FILTERS and str(data.get(name) or "").strip())


@register.simple_tag
def search_title(record, marked: str) -> str:
    """`{% search_title record marked %}`: a search result's title, escaped, with the words searched
    (`search.marked_words`) in <mark>. Called only where the result is not a kept fragment (views.search)."""
    return mark_safe(search.highlight(record.title, marked, width=300))  # noqa: S308 - escaped by highlight


@register.simple_tag
def search_excerpt(record, marked: str) -> str:
    """`{% search_excerpt record marked as excerpt %}`: what a search result shows under its title
    (`search.excerpt`: the body, or the field the record was found by), escaped, the words searched in <mark>."""
    return mark_safe(search.excerpt(record, marked))  # noqa: S308 - escaped by highlight
