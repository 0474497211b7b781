"""
Paging public lists of a million records without counting them all or reading the rows it skips.

`CappedPaginator` counts at most `cap` rows (or, deep in the list, a page past the one asked for, up to
page MAX_NEAR_PAGE): above that the page says 超过 N 条 and shows no last page. A page past the end,
however large its number (`?page=9223372036854775807` overflowed the LIMIT, a 500), shows the last page. A page is found by ids first — an
index-only scan of the partial public indexes (migration 0008), so OFFSET skips index entries,
not whole rows — and then its rows are read by id, in the list's order (from the 11th page on;
before that, skipping rows costs less than the extra query).

The public column (`ids_first`) goes further (issue 24, part 1): on PostgreSQL the ids of its page and the
capped count come from one scan, and the rows are read only if something looks at them — its rows are a
fragment kept per page (core/fragments.py), so a page whose rows are kept reads no row at all.
"""

from collections.abc import Callable, Sequence
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

LIST_COUNT_CAP = 1000
DEFERRED_FROM = 200  # rows skipped from which a page is found by ids first
# Deepest page the count reaches for (20 million rows at 20 a page, far above any archive; the LIMIT of
# the count stays a small integer whatever page is asked for).
MAX_NEAR_PAGE = 1_000_000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list, per_page, *, cap: int | None = None, near_page=None, ids_first: bool = False, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.ids_first = ids_first
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

    def get_page(self, number) -> Page:
        if self.ids_first and isinstance(self.object_list, QuerySet) and "count" not in self.__dict__:
            try:
                asked = int(number)
            except (TypeError, ValueError):
                asked = 1  # as Django's get_page: not a number, the first page
            found = self._page_and_count_in_one_scan(asked)
            if found is not None:
                return found
        return super().get_page(number)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_FROM and not self.ids_first:  # near the top, skipping rows is cheap: one query
            return super().page(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = RowsById(self.object_list, ids)
        return self._get_page(rows if self.ids_first else list(rows), number, self)

    def _page_and_count_in_one_scan(self, number: int) -> Page | None:
        """On PostgreSQL, the page's ids and the capped count from one index scan: the ids from the page's
        first row up to the count's limit, in the list's order, as one array. The count is the rows skipped
        plus those found (超过 N when the limit was passed), the page the first `per_page` of them — instead
        of one scan to count and another that skips the same entries again. None (and the two queries) for
        a page past the end, another database, or a page other than the one the count was sized for."""
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or number != self.near_page or queryset.query.is_empty():
            return None
        limit = max(self.cap, (self.near_page + 1) * self.per_page)
        bottom = (number - 1) * self.per_page
        sql, params = queryset.values_list("pk", flat=True)[bottom : limit + 1].query.get_compiler(queryset.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT ARRAY({sql})", params)  # noqa: S608 - the ORM's own SQL and parameters
            found = cursor.fetchone()[0]
        if not found:
            return None
        counted = bottom + len(found)
        self.estimated = counted > limit
        self.__dict__["count"] = min(counted, limit)
        return self._get_page(RowsById(queryset, found[: self.per_page]), self.validate_number(number), self)


class RowsById(Sequence):
    """A page's rows, found by id first and read (one query by id) only when something looks at them: a page
    whose rows are a kept fragment needs their ids alone (`ids`). A row gone in between (withdrawn while the
    page was made) is left out of the rows, not of the length."""

    def __init__(self, queryset: QuerySet | Callable[[], QuerySet], ids: list):
        # `queryset` may be a function returning it: then it is not even built while only the ids are used
        self.queryset, self.ids = queryset, ids

    @cached_property
    def rows(self) -> list:
        queryset = self.queryset() if callable(self.queryset) else self.queryset
        found = queryset.order_by().in_bulk(self.ids) if self.ids else {}
        return [found[pk] for pk in self.ids if pk in found]

    def __len__(self) -> int:  # the page's length as found (the pagination reads it): no need to read the rows
        return len(self.ids)

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)
