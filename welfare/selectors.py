"""
Reads of social welfare undertakings, shared by the public pages, the API and exports.

- `public_programmes()`: programmes a citizen may see (at least one public record), with the date of
  their latest public record.
- `programme_records()`: a programme's public records, urgent ones first.
- `fund_table()` / `standards_table()`: the programme's public 资金 and 标准 records summarised from
  their structured fields (no query: they read the records already loaded).

A programme page never lists the people of a beneficiary list: it links to the record page, the only
place a (masked, in-公示期, 全社会) list is shown.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from disclosures.models import Disclosure
from disclosures.selectors import URGENT_WINDOW_DAYS
from disclosures.subjects import form_item_type_label, form_item_types

from .apps import PROGRAMME
from .filtersets import ProgrammeFilterSet, PublicBodyFilterSet
from .forms import CATEGORY_FORMS
from .models import Programme, PublicBody, PublicBodyEvaluation

DOMAIN = "welfare"

# The record kinds whose numbers make up a programme's fund table (资金分配和使用, 救助和捐赠款物,
# 补贴发放, 受捐款物). 扶贫项目 records also carry an amount, but they describe a sub-project, not
# money allocated, so they are not added up with these.
FUND_TABLE_ITEMS = ("fund", "relief_goods", "subsidy_payment", "donations")
STANDARD_ITEMS = ("standard",)


def item_types(area: str) -> list[tuple[str, str]]:
    """The area's item types (code, label) in the order of its form."""
    return form_item_types(CATEGORY_FORMS, area)


def item_type_label(area: str, code: str | None) -> str:
    return form_item_type_label(CATEGORY_FORMS, area, code)


# ---------------------------------------------------------------------------------------------
# Public programmes
# ---------------------------------------------------------------------------------------------
def _public_records_of(programme_ref) -> QuerySet[Disclosure]:
    return PROGRAMME.public_records(programme_ref)


def public_programmes() -> QuerySet[Programme]:
    """Programmes with at least one public record (published, not 不予公开), the most recently
    updated first. Each carries `latest_published_at`, its latest public record's 发布日期."""
    latest = _public_records_of(OuterRef("pk")).order_by("-published_at", "-pk")
    return (
        Programme.objects.filter(Exists(_public_records_of(OuterRef("pk"))))
        .select_related("jurisdiction", "department")
        .annotate(latest_published_at=Subquery(latest.values("published_at")[:1]))
        .order_by("-latest_published_at", "-pk")
    )


def filtered_public_programmes(data) -> tuple[ProgrammeFilterSet, QuerySet[Programme]]:
    """The public list: public programmes narrowed by the filters; nothing when a filter is invalid."""
    filterset = ProgrammeFilterSet(data, queryset=public_programmes())
    programmes = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, programmes


def public_programme_or_none(pk) -> Programme | None:
    return public_programmes().filter(pk=pk).first()


def programme_records(programme: Programme, *, now: datetime.datetime | None = None) -> list[Disclosure]:
    """The programme's public records — one query. Urgent records (灾害事故救援, 突发公共卫生事件)
    published within the column's urgent window come first, as on the column; then newest first.
    Each record carries `pinned` (shown first), `item_type_label` and `has_name_list`."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=URGENT_WINDOW_DAYS)
    records = list(
        _public_records_of(programme)
        .select_related("department", "name_list")
        .annotate(
            pinned=Case(
                When(Q(urgent=True, published_at__gte=cutoff), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-pinned", "-published_at", "-pk")
    )
    labels = dict(item_types(programme.area))
    for record in records:
        code = (record.details or {}).get("item_type")
        record.item_type_label = labels.get(code, code or "")
        # Only whether there is a list: its people are shown (masked) on the record page alone.
        record.has_name_list = hasattr(record, "name_list")
    return records


# ---------------------------------------------------------------------------------------------
# Fund table and standards
# ---------------------------------------------------------------------------------------------
def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class FundRow:
    record: Disclosure
    item_type_label: str
    fund_source: str
    amount: Decimal | None
    recipients: int | None
    disbursed: Decimal | None
    usage: str
    period: str


@dataclass(frozen=True)
class FundTable:
    """The programme's public fund records. Totals add the values that were filled in; a column
    nobody filled in has no total (None), not a misleading 0."""

    rows: list[FundRow] = field(default_factory=list)

    def _total(self, name: str):
        values = [getattr(row, name) for row in self.rows if getattr(row, name) is not None]
        return sum(values) if values else None

    @property
    def total_amount(self) -> Decimal | None:
        return self._total("amount")

    @property
    def total_recipients(self) -> int | None:
        return self._total("recipients")

    @property
    def total_disbursed(self) -> Decimal | None:
        return self._total("disbursed")


def fund_table(records: list[Disclosure]) -> FundTable:
    """来源, 金额, 分配对象数, 已拨付, 使用情况 of the public fund records among `records`, in their order."""
    rows = []
    for record in records:
        details = record.details or {}
        if details.get("item_type") not in FUND_TABLE_ITEMS:
            continue
        rows.append(
            FundRow(
                record=record,
                item_type_label=(
                    getattr(record, "item_type_label", "") or item_type_label(record.category, details.get("item_type"))
                ),
                fund_source=details.get("fund_source", ""),
                amount=_decimal(details.get("amount")),
                recipients=_int(details.get("recipients")),
                disbursed=_decimal(details.get("disbursed")),
                usage=details.get("usage", ""),
                period=details.get("period", ""),
            )
        )
    return FundTable(rows=rows)


@dataclass(frozen=True)
class StandardRow:
    record: Disclosure
    standard: str
    amount_per_person_month: Decimal | None
    period: str


def standards_table(records: list[Disclosure]) -> list[StandardRow]:
    """标准 and 金额（元/人·月） of the public standard records among `records`, in their order."""
    return [
        StandardRow(
            record=record,
            standard=(record.details or {}).get("standard", ""),
            amount_per_person_month=_decimal((record.details or {}).get("amount_per_person_month")),
            period=(record.details or {}).get("period", ""),
        )
        for record in records
        if (record.details or {}).get("item_type") in STANDARD_ITEMS
    ]


# ---------------------------------------------------------------------------------------------
# 公共企事业单位和慈善组织 (seed 002 §四(三), §六(三))
# ---------------------------------------------------------------------------------------------
def public_bodies() -> QuerySet[PublicBody]:
    """The register, public as entered, each body with its evaluations newest year first (`evaluations`)."""
    return (
        PublicBody.objects.select_related("jurisdiction", "department")
        .prefetch_related(
            Prefetch("evaluations", queryset=PublicBodyEvaluation.objects.select_related("evaluator").order_by("-year", "-pk"))
        )
        .order_by("kind", "name", "pk")
    )


def filtered_public_bodies(data) -> tuple[PublicBodyFilterSet, QuerySet[PublicBody]]:
    filterset = PublicBodyFilterSet(data, queryset=public_bodies())
    rows = filterset.qs if filterset.is_valid() else PublicBody.objects.none()
    return filterset, rows
