"""
One pagination for the whole API: page numbers with a capped count, or a keyset cursor for harvesters.

- `?page=` and `?page_size=` (capped): as before, but the count stops at `PORTAL_API_COUNT_CAP` rows (or,
  deep in the list, one page past the one asked for), like the HTML lists' `disclosures.pagination
  .CappedPaginator`. `count_is_exact` says which: false means "more than `count`". A bad page is a 400
  in Chinese. `?page=last` counts exactly (the client asked where the end is).
- `?cursor=` (empty for the first page, then the `next` link's value): keyset ("seek") pagination in
  the list's order with the primary key as the last tie-breaker. Each page reads `page_size + 1` rows
  from where the previous one ended — `WHERE (published_at, id) < (…)` walks the same index as page 1
  — so page 500 costs what page 1 costs, and records published during a walk never shift it (they sort
  before where it is). No count. Markus Winand, "Paging Through Results"
  (https://use-the-index-luke.com/sql/partial-results/fetch-next-page) and DRF's `CursorPagination`
  (https://www.django-rest-framework.org/api-guide/pagination/#cursorpagination), which seeks on the
  first ordering field only; here every field of the ordering is part of the key.

NULLs sort as PostgreSQL sorts them by default on every database (the largest value: last ascending,
first descending), so a nullable ordering field walks the same way on SQLite, and on PostgreSQL the
ORDER BY still matches the indexes (`DESC` is `DESC NULLS FIRST`).
"""

import base64
import binascii
import datetime
import decimal
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from django.db.models import F, Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..pagination import CappedPaginator

CURSOR_MAX_LENGTH = 2000  # a cursor holds a few values; anything longer is not one of ours
EXACT = 1 << 62  # a count "cap" no table reaches (and a LIMIT every database takes)


class PortalPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    page_size_query_description = "每页条数（默认 20，最多 100；超过按 100 计）。"
    page_query_description = "页码，从 1 开始（或 last）。结果超过计数上限时 count 为下限，count_is_exact 为 false。"
    cursor_query_param = "cursor"
    cursor_query_description = (
        "游标分页：第一页传空值（?cursor=），之后沿用响应中 next（或 previous）链接的游标。按列表的排序（以 id 为最后的排序键）"
        "逐页读取，任何深度的页面耗时相同，翻页期间新发布的记录不会造成重复或遗漏；不返回 count。与 page 同时给出时以 cursor 为准。"
    )
    django_paginator_class = CappedPaginator

    @property
    def page_size(self) -> int:  # read at request time so tests and deployments can change it
        return settings.PORTAL_API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.PORTAL_API_MAX_PAGE_SIZE

    @property
    def count_cap(self) -> int:
        return settings.PORTAL_API_COUNT_CAP

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keyset = None
        if self.cursor_query_param in request.query_params:
            self.keyset = Keyset(queryset, self.get_page_size(request), self.cursor_query_param)
            return self.keyset.page(request.query_params[self.cursor_query_param])
        page_size = self.get_page_size(request)
        value = request.query_params.get(self.page_query_param) or "1"
        last = value in self.last_page_strings
        # `?page=last` asked where the end is: counted exactly.
        cap, near = (EXACT, 1) if last else (self.count_cap, value)
        paginator = self.django_paginator_class(queryset, page_size, cap=cap, near_page=near)
        try:
            self.page = paginator.page(paginator.num_pages if last else value)
        except InvalidPage:
            raise ValidationError(
                {self.page_query_param: [f"页码无效：“{value[:20]}”。请填写 1 到 {paginator.num_pages} 之间的整数。"]}
            ) from None
        self.display_page_controls = paginator.num_pages > 1  # the browsable API's page links
        return list(self.page)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            links = {"next": self.keyset.next_link(self.request), "previous": self.keyset.previous_link(self.request)}
            return Response({**links, "results": data})
        return Response({
            "count": self.page.paginator.count,
            "count_is_exact": not self.page.paginator.estimated,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        """`next` and `previous` are null on the first and last page: said the OpenAPI 3.1 way (a type
        list), which strict validators accept, instead of 3.0's `nullable`. A cursor page has no count."""
        paged = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = paged["properties"][name]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
        paged["properties"]["count"]["description"] = (
            "结果条数。count_is_exact 为 false 时是下限（结果多于此数）。游标分页（?cursor=）不返回。"
        )
        paged["properties"] = {
            **{name: paged["properties"][name] for name in ("count",)},
            "count_is_exact": {
                "type": "boolean",
                "description": "count 是否为精确条数：结果超过计数上限（PORTAL_API_COUNT_CAP，默认 10000）时为 false，"
                "count 为已数到的下限。游标分页不返回。",
            },
            **{name: paged["properties"][name] for name in ("next", "previous", "results")},
        }
        paged["required"] = ["next", "previous", "results"]
        return paged

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
        ]


class Keyset:
    """A page of `queryset` after (or, backwards, before) the row a cursor names, in the queryset's order."""

    def __init__(self, queryset, page_size: int, param: str):
        self.queryset, self.page_size, self.param = queryset, page_size, param
        self.model = queryset.model
        self.keys = self.ordering_keys()
        self.signature = [("-" if desc else "") + key.path for key, desc in self.keys]
        self.rows: list = []
        self.more_after = self.more_before = False

    def invalid(self, message: str):
        return ValidationError({self.param: [message]})

    def ordering_keys(self) -> list[tuple]:
        """(key, descending) for each ordering field, the primary key last."""
        query = self.queryset.query
        names = list(query.order_by or (self.model._meta.ordering if query.default_ordering else []))
        keys: list[tuple[Key, bool]] = []
        for name in names:
            key = Key.of(self.model, name.lstrip("-")) if isinstance(name, str) else None
            if key is None:
                raise self.invalid("该排序不支持游标分页：请去掉 ordering 参数，或改用 page 分页。")
            if all(known.path != key.path for known, _ in keys):
                keys.append((key, name.startswith("-")))
            if key.unique:
                break  # later fields never decide
        if not keys or not keys[-1][0].unique:
            keys.append((Key.of(self.model, "pk"), keys[0][1] if keys else False))
        return keys

    # --- cursors -------------------------------------------------------------------------------------
    def encode(self, row, *, backwards: bool) -> str:
        values = [plain(key.value(row)) for key, _ in self.keys]
        payload = json.dumps({"o": self.signature, "v": values, "b": backwards}, separators=(",", ":"), ensure_ascii=False)
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[list, bool]:
        message = f"游标无效：“{cursor[:20]}”。请从 ?cursor= （空值）开始，之后使用响应中 next 或 previous 链接里的游标。"
        if len(cursor) > CURSOR_MAX_LENGTH:
            raise self.invalid(message)
        try:
            payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
            values, backwards = payload["v"], payload["b"]
            if payload["o"] != self.signature:
                raise self.invalid("游标与当前的排序不符：更换 ordering 后请从 ?cursor= （空值）重新开始。")
            if not isinstance(values, list) or len(values) != len(self.keys) or not isinstance(backwards, bool):
                raise ValueError
            values = [None if value is None else key.field.to_python(value) for (key, _), value in zip(self.keys, values, strict=True)]
            for (key, _), value in zip(self.keys, values, strict=True):
                if (value is None and not key.null) or (isinstance(value, datetime.datetime) and value.tzinfo is None):
                    raise ValueError
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, DjangoValidationError):
            raise self.invalid(message) from None
        return values, backwards

    # --- the page ------------------------------------------------------------------------------------
    def rows_after(self, cursor: str):
        """The query of a page: the rows after the cursor's row in its direction, one more than a page."""
        values, backwards = self.decode(cursor) if cursor else (None, False)
        keys = [(key, desc != backwards) for key, desc in self.keys]
        queryset = self.queryset.order_by(*[order(key, desc) for key, desc in keys])
        if values is not None:
            queryset = queryset.filter(after(keys, values))
        return queryset[: self.page_size + 1], values, backwards

    def page(self, cursor: str) -> list:
        queryset, values, backwards = self.rows_after(cursor)
        rows = list(queryset)
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
            self.more_before, self.more_after = more, True
        else:
            self.more_after, self.more_before = more, values is not None
        self.rows = rows
        return rows

    def next_link(self, request) -> str | None:
        if not self.more_after or not self.rows:
            return None
        return self.link(request, self.encode(self.rows[-1], backwards=False))

    def previous_link(self, request) -> str | None:
        if not self.more_before or not self.rows:
            return None
        return self.link(request, self.encode(self.rows[0], backwards=True))

    def link(self, request, cursor: str) -> str:
        url = remove_query_param(request.build_absolute_uri(), "page")
        return replace_query_param(url, self.param, cursor)


@dataclass(frozen=True)
class Key:
    """One ordering field: its lookup `path` (`published_at`, `jurisdiction__code`), the model field it ends
    on, whether it can be NULL (itself or a nullable relation on the way) and whether it is unique."""

    path: str
    chain: tuple
    null: bool
    unique: bool

    @property
    def field(self):
        return self.chain[-1]

    @classmethod
    def of(cls, model, path: str) -> "Key | None":
        """None for what a cursor cannot hold: an expression, `?`, a reverse or many-valued relation."""
        if path == "pk":
            return cls("pk", (model._meta.pk,), False, True)
        chain, opts = [], model._meta
        for part in path.split("__"):
            try:
                field = opts.get_field(part)
            except FieldDoesNotExist:
                return None
            if field.is_relation and not (field.many_to_one or field.one_to_one) or not field.concrete:
                return None
            chain.append(field)
            if field.is_relation:
                opts = field.related_model._meta
        if chain[-1].is_relation:  # ordering by a relation orders by the related model's ordering
            return None
        unique = len(chain) == 1 and (chain[0].primary_key or chain[0].unique) and not chain[0].null
        return cls(path, tuple(chain), any(field.null for field in chain), unique)

    def value(self, row):
        for field in self.chain[:-1]:
            row = getattr(row, field.name)
            if row is None:
                return None
        return getattr(row, self.chain[-1].attname)


def plain(value):
    """A key value as JSON: dates and times in ISO 8601 (microseconds and offset kept), decimals as text."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def order(key, desc: bool):
    """ORDER BY for one key: a NOT NULL column plainly (the indexes' own order), a nullable one with its
    NULLs where PostgreSQL puts them by default."""
    if not key.null:
        return ("-" if desc else "") + key.path
    return F(key.path).desc(nulls_first=True) if desc else F(key.path).asc(nulls_last=True)


def beyond(key, desc: bool, value) -> Q | None:
    """Rows strictly after `value` in this key's order (NULL being the largest value); None: no row."""
    if value is None:
        return Q(**{f"{key.path}__isnull": False}) if desc else None
    if desc:
        return Q(**{f"{key.path}__lt": value})
    later = Q(**{f"{key.path}__gt": value})
    return later | Q(**{f"{key.path}__isnull": True}) if key.null else later


def same(key, value) -> Q:
    return Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})


def after(keys: list[tuple], values: list) -> Q:
    """(k1, k2, …) > (v1, v2, …) in the ordering's sense, written so that the first key bounds an index
    range: `k1 <= v1 AND (k1 < v1 OR (k1 = v1 AND k2 < v2) OR …)` for a descending key."""
    condition = None
    prefix = Q()
    for (key, desc), value in zip(keys, values, strict=True):
        strictly = beyond(key, desc, value)
        if strictly is not None:
            condition = prefix & strictly if condition is None else condition | (prefix & strictly)
        prefix &= same(key, value)
    if condition is None:  # after the last possible row (every key NULL and ascending): nothing
        return Q(pk__in=[])
    (first, desc), start = keys[0], values[0]
    if start is not None:
        bound = Q(**{f"{first.path}__{'lte' if desc else 'gte'}": start})
        if first.null and not desc:
            bound |= Q(**{f"{first.path}__isnull": True})
        condition &= bound
    return condition
