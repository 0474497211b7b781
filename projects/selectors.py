"""
Reads of the projects domain, shared by the public pages, the API and the office dashboard.

- `public_projects()`: projects a citizen may see (at least one public record).
- `project_timeline()`: a project's public records in life-cycle order.
- `completeness_matrix()` / `project_gaps()`: per category, expected for the phase? published?
  overdue? missing? — from one aggregate over the records, for one project or many.
- `annual_statistics()`: records published per category in a year and jurisdiction (seed 000's table).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from disclosures.choices import Status
from disclosures.item_states import ITEM_STATE_LABELS, ItemState, item_counts
from disclosures.models import Disclosure
from disclosures.selectors import publication_statistics
from organizations.models import Jurisdiction
from organizations.selectors import user_scope

from .choices import EXPECTED_CATEGORIES, EXPECTED_STEPS, PPP_PHASES, ProjectCategory
from .filtersets import ProjectFilterSet
from .forms import CATEGORY_FORMS
from .models import Project

DOMAIN = "projects"


# ---------------------------------------------------------------------------------------------
# Public projects
# ---------------------------------------------------------------------------------------------
def public_projects() -> QuerySet[Project]:
    """Projects with at least one public record (published, not 不予公开)."""
    has_public_record = Disclosure.objects.public().filter(project_link__project=OuterRef("pk"))
    return Project.objects.filter(Exists(has_public_record)).select_related("jurisdiction", "lead_department")


def filtered_public_projects(data) -> tuple[ProjectFilterSet, QuerySet[Project]]:
    """The public list: public projects narrowed by the filters; nothing when a filter is invalid."""
    filterset = ProjectFilterSet(data, queryset=public_projects())
    projects = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, projects


def public_project_or_none(pk) -> Project | None:
    return public_projects().filter(pk=pk).first()


def project_timeline(project: Project) -> list[Disclosure]:
    """Every public record of the project in life-cycle order (信息形成日期, then 发布日期) — one query."""
    return list(
        Disclosure.objects.public()
        .filter(project_link__project=project)
        .select_related("department")
        .order_by("formed_on", "published_at", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Completeness matrix
# ---------------------------------------------------------------------------------------------
CellState = ItemState
CELL_LABELS = ITEM_STATE_LABELS
GAP_STATES = frozenset({CellState.OVERDUE, CellState.MISSING})


@dataclass(frozen=True)
class CompletenessCell:
    """One category of one project: only counts and a state, never titles of unpublished records."""

    category: str
    label: str
    expected: bool
    published: int
    state: str
    # The category's steps expected for the phase (its own item types, EXPECTED_STEPS): (code, label, out?).
    steps: tuple[tuple[str, str, bool], ...] = ()

    @property
    def state_label(self) -> str:
        return CELL_LABELS[self.state]

    @property
    def missing_steps(self) -> list[str]:
        """Labels of the expected steps with no published record (e.g. 中标候选人公示)."""
        return [label for _code, label, out in self.steps if not out]

    @property
    def is_gap(self) -> bool:
        return self.state in GAP_STATES


def _cell_state(*, expected: bool, published: int, overdue: int, pending: int, withheld: int) -> str:
    # An overdue record is a gap even when others of its category are out: it is what the office chases.
    if overdue:
        return CellState.OVERDUE
    if published:
        return CellState.PUBLISHED
    if pending:
        return CellState.PENDING
    if withheld:
        return CellState.WITHHELD
    return CellState.MISSING if expected else CellState.NOT_APPLICABLE


def expected_categories(project: Project) -> set[str]:
    """The categories a project must have published by its phase; PPP项目信息 for a PPP project."""
    expected = set(EXPECTED_CATEGORIES.get(project.phase, ()))
    if project.is_ppp and project.phase in PPP_PHASES:
        expected.add(ProjectCategory.PPP)
    return expected


def _step_labels(category: str) -> dict[str, str]:
    form = CATEGORY_FORMS.get(category)
    field = form.base_fields.get(getattr(form, "ITEM_FIELD", "")) if form else None
    return {str(code): str(label) for code, label in (field.choices if field else [])}


def _matrix(project: Project, counts: dict[str, dict]) -> list[CompletenessCell]:
    expected = expected_categories(project)
    cells = []
    for code, label in ProjectCategory.choices:
        row = counts.get(code, {})
        published = row.get("published", 0)
        labels = _step_labels(code)
        steps = tuple(
            (step, labels.get(step, step), step in row.get("steps_out", ()))
            for step in EXPECTED_STEPS.get(code, {}).get(project.phase, ())
        )
        cells.append(
            CompletenessCell(
                category=code,
                label=label,
                expected=code in expected,
                published=published,
                state=_cell_state(
                    expected=code in expected,
                    published=published,
                    overdue=row.get("overdue", 0),
                    pending=row.get("pending", 0),
                    withheld=row.get("withheld", 0),
                ),
                steps=steps if code in expected else (),
            )
        )
    return cells


def completeness_matrix(project: Project, *, today: datetime.date | None = None) -> list[CompletenessCell]:
    """The nine categories of one project, in ProjectCategory order — one aggregate query."""
    return completeness_for_projects([project], today=today)[project.pk]


def completeness_for_projects(
    projects: Iterable[Project], *, today: datetime.date | None = None
) -> dict[int, list[CompletenessCell]]:
    """The matrix of each project — one aggregate over their records grouped by project and category."""
    today = today or timezone.localdate()
    projects = list(projects)
    # Grouped by the two item fields the steps use (招标投标's 阶段, PPP's and 质量安全's 信息类型), still one query.
    rows = (
        Disclosure.objects.filter(domain=DOMAIN, project_link__project__in=[p.pk for p in projects])
        .exclude(status=Status.MERGED)
        .order_by()
        .values("project_link__project_id", "category", stage=KT("details__stage"), item=KT("details__item_type"))
        .annotate(**item_counts(today))
    )
    counts: dict[int, dict[str, dict]] = {}
    for row in rows:
        cell = counts.setdefault(row["project_link__project_id"], {}).setdefault(row["category"], {"steps_out": set()})
        for key in ("published", "withheld", "overdue", "pending"):
            cell[key] = cell.get(key, 0) + row[key]
        if row["published"]:
            cell["steps_out"].add(row["stage"] or row["item"])
    return {project.pk: _matrix(project, counts.get(project.pk, {})) for project in projects}


@dataclass(frozen=True)
class ProjectGap:
    project: Project
    cells: list[CompletenessCell]

    @property
    def gaps(self) -> list[CompletenessCell]:
        return [cell for cell in self.cells if cell.is_gap]

    @property
    def missing(self) -> list[CompletenessCell]:
        return [cell for cell in self.cells if cell.state == CellState.MISSING]

    @property
    def overdue(self) -> list[CompletenessCell]:
        return [cell for cell in self.cells if cell.state == CellState.OVERDUE]


def _led_by_or_with_records_of(department_ids) -> Q:
    with_record = Disclosure.objects.filter(project_link__project=OuterRef("pk"), department_id__in=department_ids)
    return Q(lead_department_id__in=department_ids) | Q(Exists(with_record))


def projects_for_user(user, *, department=None) -> QuerySet[Project]:
    """Projects a staff user answers for: led by, or with a record of, a department in their scope
    (谁实施谁公开: the 自然资源局 answers for the 征收土地 records of a 交通局 project). `department`
    narrows to one department's projects in the same sense."""
    queryset = Project.objects.select_related("jurisdiction", "lead_department").order_by(
        "jurisdiction__code", "name", "pk"
    )
    scope = user_scope(user)
    if not scope.is_superuser:
        queryset = queryset.filter(_led_by_or_with_records_of(scope.visible_department_ids))
    if department is not None:
        queryset = queryset.filter(_led_by_or_with_records_of([getattr(department, "pk", department)]))
    return queryset


def project_gaps(projects: QuerySet[Project], *, today: datetime.date | None = None) -> list[ProjectGap]:
    """Projects whose matrix has 缺失 or 逾期未公开 categories — two queries whatever their number."""
    projects = list(projects)
    matrices = completeness_for_projects(projects, today=today)
    gaps = [ProjectGap(project=project, cells=matrices[project.pk]) for project in projects]
    return [gap for gap in gaps if gap.gaps]


@dataclass(frozen=True)
class ProjectGapRow:
    """One row of the dashboard's completeness table (compliance): a project with gaps, as plain text."""

    pk: int
    name: str
    code: str
    jurisdiction: str
    lead_department: str
    phase_label: str
    missing: tuple[str, ...]  # category labels expected for the phase with nothing at all
    overdue: tuple[str, ...]  # category labels with an unpublished record past its due date
    admin_url: str


def project_gap_rows(user, *, department=None, category: str = "", today: datetime.date) -> list[ProjectGapRow]:
    """The projects domain's completeness gaps for the dashboard (`Domain.completeness_gaps`): projects in
    the user's scope whose matrix has 缺失 or 逾期未公开 categories, narrowed to a department (the projects
    it leads or has records in) and a category (the projects with a gap in it). Two queries whatever the
    number of projects (the projects, one aggregate over their records)."""
    gaps = project_gaps(projects_for_user(user, department=department), today=today)
    if category:
        gaps = [gap for gap in gaps if any(cell.category == category for cell in gap.gaps)]
    try:
        reverse("admin:projects_project_change", args=[0])
        admin_url = "admin:projects_project_change"
    except NoReverseMatch:  # the projects admin is not registered (yet)
        admin_url = ""
    return [
        ProjectGapRow(
            pk=gap.project.pk,
            name=gap.project.name,
            code=gap.project.code,
            jurisdiction=gap.project.jurisdiction.name,
            lead_department=gap.project.lead_department.name,
            phase_label=gap.project.get_phase_display(),
            missing=tuple(cell.label for cell in gap.missing),
            overdue=tuple(cell.label for cell in gap.overdue),
            admin_url=reverse(admin_url, args=[gap.project.pk]) if admin_url else "",
        )
        for gap in gaps
    ]


# ---------------------------------------------------------------------------------------------
# Annual statistics (seed 000: 芒市 2018 — 171 / 543 / 637 / 23 / 1 / 98 / 77 / 21 / 9 = 1,580)
# ---------------------------------------------------------------------------------------------
def publication_years() -> list[int]:
    """Years (local time) in which records of the projects domain were published, newest first."""
    moments = (
        Disclosure.objects.filter(domain=DOMAIN, status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .order_by()
        .datetimes("published_at", "year", order="DESC")
    )
    return [moment.year for moment in moments]


def annual_statistics(*, year: int, jurisdiction: Jurisdiction | int | None = None) -> dict:
    """Records of the projects domain published in `year` (local time) per category, and the total.

    Counted as the kernel counts publications (`disclosures.selectors.counted_publications`): each
    publication once, withdrawn ones included, merged corrections and 不予公开 records not. One query.
    """
    if isinstance(jurisdiction, int):
        jurisdiction = Jurisdiction.objects.get(pk=jurisdiction)
    stats = publication_statistics(year=year, jurisdiction=jurisdiction, domain=DOMAIN)
    (domain,) = stats["domains"]
    rows = [{"category": row["category"], "label": row["label"], "count": row["count"]} for row in domain["rows"]]
    return {"year": year, "jurisdiction": stats["jurisdiction"], "rows": rows, "total": domain["total"]}
