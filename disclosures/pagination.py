"""
Paging public lists of a million records without counting them all or reading the rows it skips.

`CappedPaginator` counts at most `cap` rows (or, deep in the list, a page past the one asked for, up to
page MAX_NEAR_PAGE): above that the page says 超过 N 条 and shows no last page. A page past the end,
however large its number (`?page=9223372036854775807` overflowed the LIMIT, a 500), shows the last page. A page is found by ids first — an
index-only scan of the partial public indexes (migration 0008), so OFFSET skips index entries,
not whole rows — and then its rows are read by id, in the list's order (from the 11th page on;
before that, skipping rows costs less than the extra query).
"""

from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

LIST_COUNT_CAP = 1000
DEFERRED_FROM = 200  # rows skipped from which a page is found by ids first
# Deepest page the count reaches for (20 million rows at 20 a page, far above any archive; the LIMIT of
# the count stays a small integer whatever page is asked for).
MAX_NEAR_PAGE = 1_000_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, near_page=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap if cap is not None else LIST_COUNT_CAP
        try:
            self.near_page = min(max(1, int(near_page)), MAX_NEAR_PAGE)
        except (TypeError, ValueError):
            self.near_page = 1
        self.estimated = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        limit = max(self.cap, (self.near_page + 1) * self.per_page)
        counted = self.object_list.order_by().values("pk")[: limit + 1].count()
        self.estimated = counted > limit
        return min(counted, limit)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_FROM:  # near the top, skipping rows is cheap: one query
            return super().page(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = self.object_list.order_by().in_bulk(ids) if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
