"""
Reads of public resource allocation, shared by the public pages, the API and exports.

- `public_matters()`: matters a citizen may see (at least one public record), with their latest public step.
- `matter_chain()`: a matter's public records in the area's order (公告 → 结果 → 合同…).
- `chain_status()`: per step of the area's chain, published? overdue? — counts and states only,
  never titles of unpublished records.
- `public_blacklist()`: 黑名单 entries in force today (expired ones are kept, never listed).
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from disclosures.choices import Status
from disclosures.item_states import ITEM_STATE_LABELS, ItemState, item_counts
from disclosures.models import Disclosure
from disclosures.subjects import form_item_type_label, form_item_types, subject_for_model

from .apps import MATTER
from .choices import CreditList, ResourceArea
from .filtersets import BlacklistFilterSet, ResourceMatterFilterSet, in_force_q
from .forms import CATEGORY_FORMS
from .models import BlacklistEntry, ResourceMatter

DOMAIN = "resources"

# The steps a citizen follows from notice to result in each area (codes of the area form's ITEM_TYPES): the
# area's chains, its usual one first. 住房保障 holds three kinds of matter, each with its own steps (国办发〔2017〕
# 97号 住房保障: 保障性住房分配, 保障性安居工程建设计划及完成情况, 农村危房改造); a matter shows the chain(s) its
# records belong to, so a 农村危房改造 matter never shows 分配政策 ✗ 未公开 (issue 23, part 5). Since issue 27 the
# 农村危房改造 chain is its own five steps (政策 → 补助标准 → 对象认定过程 → 补助资金分配 → 建设结果), and 合同履约 →
# 履约验收 follow a procurement's or a land transfer's contract once the matter has either record.
CHAINS: dict[str, tuple[tuple[str, ...], ...]] = {
    ResourceArea.HOUSING: (
        ("allocation_policy", "housing_supply", "allocation_result"),
        ("construction_plan", "annual_plan", "plan_progress"),
        ("rural_policy", "rural_standard", "rural_identification", "rural_funds", "rural_result"),
        ("rural_renovation",),  # historic: a matter of 2018-style records keeps the one step it had
    ),
    ResourceArea.LAND_USE_RIGHT: (("notice", "result"), ("performance", "acceptance")),
    ResourceArea.MINING_RIGHT: (("notice", "result"),),
    ResourceArea.PROCUREMENT: (("notice", "result", "contract"), ("performance", "acceptance")),
    ResourceArea.STATE_PROPERTY: (("project", "result"),),
    ResourceArea.CONSTRUCTION_BIDDING: (("tender_notice", "candidates", "award", "contract"),),
}
# Each area's usual chain (a matter with no record of another chain's types follows it).
CHAIN_STEPS: dict[str, tuple[str, ...]] = {area: chains[0] for area, chains in CHAINS.items()}
# Chains that continue their area's usual chain: a matter with a 履约 record shows its 公告 → 结果 → 合同 too.
CONTINUATIONS: frozenset[tuple[str, tuple[str, ...]]] = frozenset(
    {(ResourceArea.LAND_USE_RIGHT, ("performance", "acceptance")), (ResourceArea.PROCUREMENT, ("performance", "acceptance"))}
)


def chain_for(area: str, item_types_present) -> tuple[str, ...]:
    """The steps of the chains that hold any of the matter's item types (in the form's order), else the
    area's usual chain."""
    present = set(item_types_present)
    chains = [chain for chain in CHAINS.get(area, ()) if present & set(chain)]
    if not chains:
        return CHAIN_STEPS.get(area, ())
    if any((area, chain) in CONTINUATIONS for chain in chains):
        chains.append(CHAIN_STEPS[area])
    steps = {code for chain in chains for code in chain}
    order = [code for code, _label in item_types(area)]
    return tuple(sorted(steps, key=lambda code: order.index(code) if code in order else len(order)))


def item_types(area: str) -> list[tuple[str, str]]:
    """The area's item types (code, label) in the order of its form."""
    return form_item_types(CATEGORY_FORMS, area)


def item_type_label(area: str, code: str | None) -> str:
    return form_item_type_label(CATEGORY_FORMS, area, code)


# ---------------------------------------------------------------------------------------------
# Public matters
# ---------------------------------------------------------------------------------------------
def _public_records_of(matter_ref) -> QuerySet[Disclosure]:
    return MATTER.public_records(matter_ref)


def public_matters() -> QuerySet[ResourceMatter]:
    """Matters with at least one public record (published, not 不予公开), newest public step first.

    Each carries `latest_item_type` and `latest_published_at`: its latest public record's 信息类型 and
    发布日期 (subqueries, so a page of matters is one query).
    """
    latest = _public_records_of(OuterRef("pk")).order_by("-published_at", "-pk")
    return (
        ResourceMatter.objects.filter(Exists(_public_records_of(OuterRef("pk"))))
        .select_related("jurisdiction", "department")
        .annotate(
            latest_item_type=Subquery(
                latest.annotate(item=KT("details__item_type")).values("item")[:1], output_field=CharField()
            ),
            latest_published_at=Subquery(latest.values("published_at")[:1]),
        )
        .order_by("-latest_published_at", "-pk")
    )


def filtered_public_matters(data) -> tuple[ResourceMatterFilterSet, QuerySet[ResourceMatter]]:
    """The public list: public matters narrowed by the filters; nothing when a filter is invalid."""
    filterset = ResourceMatterFilterSet(data, queryset=public_matters())
    matters = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, matters


def with_step_labels(matters) -> list[ResourceMatter]:
    """Sets `latest_item_label` (e.g. 出让公告) on each matter of a page — no query."""
    matters = list(matters)
    for matter in matters:
        matter.latest_item_label = item_type_label(matter.area, getattr(matter, "latest_item_type", None))
    return matters


def public_matter_or_none(pk) -> ResourceMatter | None:
    """A public matter with its facts; `project_is_public` says whether its major project has a page (the
    project's public subjects, as its domain declares them to the kernel)."""
    project_spec = subject_for_model(ResourceMatter._meta.get_field("project").related_model)
    project_has_page = project_spec.public_queryset().filter(pk=OuterRef("project_id"))
    return (
        public_matters()
        .select_related("project")
        .annotate(project_is_public=Exists(project_has_page))
        .filter(pk=pk)
        .first()
    )


def matter_chain(matter: ResourceMatter) -> list[Disclosure]:
    """The matter's public records in the area's item-type order (公告 → 结果 → 合同…), then by
    发布日期 — one query."""
    records = _public_records_of(matter).select_related("department").order_by("published_at", "pk")
    return in_chain_order(records, matter.area)


def in_chain_order(records, area: str) -> list[Disclosure]:
    """Records sorted by the area's item-type order; records of one item type keep their given order
    (sorted() is stable). Unknown item types go last."""
    order = {code: position for position, (code, _label) in enumerate(item_types(area))}
    return sorted(records, key=lambda record: order.get((record.details or {}).get("item_type"), len(order)))


# ---------------------------------------------------------------------------------------------
# Chain status
# ---------------------------------------------------------------------------------------------
StepState = ItemState
STEP_LABELS = {**ITEM_STATE_LABELS, ItemState.MISSING: "未公开"}


@dataclass(frozen=True)
class ChainStep:
    """One step of a matter's chain: only a count and a state, never titles of unpublished records."""

    item_type: str
    label: str
    published: int
    state: str

    @property
    def state_label(self) -> str:
        return STEP_LABELS[self.state]

    @property
    def is_published(self) -> bool:
        return self.state == StepState.PUBLISHED


def _step_state(row: dict) -> str:
    if row.get("published"):
        return StepState.PUBLISHED
    if row.get("overdue"):
        return StepState.OVERDUE
    if row.get("pending"):
        return StepState.PENDING
    if row.get("withheld"):
        return StepState.WITHHELD
    return StepState.MISSING


def chain_status(matter: ResourceMatter, *, today: datetime.date | None = None) -> list[ChainStep]:
    """The steps of the matter's area chain (e.g. 出让公告 → 出让结果) with their state — one aggregate query."""
    today = today or timezone.localdate()
    rows = (
        Disclosure.objects.filter(matter_link__matter=matter)
        .exclude(status=Status.MERGED)
        .annotate(item=KT("details__item_type"))
        .order_by()
        .values("item")
        .annotate(**item_counts(today))
    )
    counts = {row["item"]: row for row in rows}
    labels = dict(item_types(matter.area))
    return [
        ChainStep(
            item_type=code,
            label=labels.get(code, code),
            published=counts.get(code, {}).get("published", 0),
            state=_step_state(counts.get(code, {})),
        )
        for code in chain_for(matter.area, counts)
    ]


# ---------------------------------------------------------------------------------------------
# 黑名单
# ---------------------------------------------------------------------------------------------
def public_credit_entries(*, today: datetime.date | None = None) -> QuerySet[BlacklistEntry]:
    """Entries of both lists in force: not taken off (期满 or 信用修复: expired_at empty) and today within
    列入日期–移出日期."""
    return BlacklistEntry.objects.filter(in_force_q(today)).order_by("-starts_on", "-pk")


def public_blacklist(*, today: datetime.date | None = None) -> QuerySet[BlacklistEntry]:
    """The 严重失信主体名单 in force (the 2018 “黑名单”)."""
    return public_credit_entries(today=today).filter(list_type=CreditList.SERIOUS)


def public_redlist(*, today: datetime.date | None = None) -> QuerySet[BlacklistEntry]:
    """The 守信激励 red list in force (seed 000 §三(三))."""
    return public_credit_entries(today=today).filter(list_type=CreditList.RED)


def _filtered(queryset, data) -> tuple[BlacklistFilterSet, QuerySet[BlacklistEntry]]:
    filterset = BlacklistFilterSet(data, queryset=queryset)
    entries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, entries


def filtered_public_blacklist(data) -> tuple[BlacklistFilterSet, QuerySet[BlacklistEntry]]:
    """The public 严重失信主体名单 narrowed by name/code and area; nothing when a filter is invalid."""
    return _filtered(public_blacklist(), data)


def filtered_public_redlist(data) -> tuple[BlacklistFilterSet, QuerySet[BlacklistEntry]]:
    """The public 红名单 narrowed by name/code and area; nothing when a filter is invalid."""
    return _filtered(public_redlist(), data)
