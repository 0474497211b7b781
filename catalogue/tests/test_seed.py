"""The seeded 标准目录: the data files catalogue/data/<domain>.yaml, loaded by migration 0002 (catalogue/seed.py)."""

import importlib
from collections import Counter

import pytest
from django.apps import apps

from catalogue.choices import DAY_LIMIT_KINDS, Audience, DecisionType, EntryMode, LimitKind
from catalogue.models import CatalogueEntry
from catalogue.seed import DEFAULTS, REQUIRED_KEYS, data_files, seed_entries
from core.domains import all_domains

pytestmark = pytest.mark.django_db

ENTRIES = seed_entries()
seed_migration = importlib.import_module("catalogue.migrations.0002_seed_catalogue")


REGULATION = "《中华人民共和国政府信息公开条例》"


def test_every_domain_has_a_data_file_and_every_file_a_domain():
    assert [path.stem for path in data_files()] == sorted(domain.code for domain in all_domains())


def test_data_files_give_every_entry_its_required_keys_and_known_codes():
    """Every entry names its category (a category of its file's domain), its items and subject, and its
    legal basis: the 条例 first, then the domain's 国办 opinion and the item's own rules."""
    domains = {domain.code: domain for domain in all_domains()}
    allowed = set(REQUIRED_KEYS) | set(DEFAULTS)
    assert len(ENTRIES) > 100
    for entry in ENTRIES:
        code = entry.get("code")
        assert set(entry) - {"domain"} <= allowed, (code, set(entry) - allowed)
        for key in REQUIRED_KEYS:
            assert isinstance(entry.get(key), str) and entry[key].strip(), (code, key)
        assert entry["category"] in domains[entry["domain"]].categories.values, code
        assert entry["basis"].startswith(REGULATION), code
        assert "国办发" in entry["basis"], code
        for key, choices in (("limit_kind", LimitKind), ("decision_type", DecisionType), ("audience", Audience),
                             ("mode", EntryMode)):
            assert entry.get(key, DEFAULTS[key]) in choices.values, (code, key)


def test_migrated_catalogue_matches_the_data_files():
    rows = {row["code"]: row for row in CatalogueEntry.objects.values()}
    position: Counter = Counter()
    for entry in ENTRIES:
        position[entry["domain"]] += 10
        expected = {**DEFAULTS, **entry, "ordering": position[entry["domain"]], "is_active": True}
        row = rows.pop(entry["code"])
        assert {key: row[key] for key in expected} == expected, entry["code"]
    assert not rows, f"rows that no data file holds: {sorted(rows)}"


def test_every_domain_and_every_category_has_entries():
    loaded = Counter(CatalogueEntry.objects.values_list("domain", "category"))
    domains = all_domains()
    assert {d.code for d in domains} == {"projects", "resources", "welfare"}
    for domain in domains:
        for code in domain.categories.values:
            assert loaded[(domain.code, code)] >= 1, (domain.code, code)


def test_migration_loaded_the_whole_seed_list():
    assert CatalogueEntry.objects.count() == len(ENTRIES)
    assert set(CatalogueEntry.objects.values_list("code", flat=True)) == {e["code"] for e in ENTRIES}


def test_every_entry_is_valid():
    for entry in CatalogueEntry.objects.all():
        entry.full_clean()


def test_codes_are_unique_and_prefixed_by_domain():
    codes = [e["code"] for e in ENTRIES]
    assert len(codes) == len(set(codes))
    for entry in CatalogueEntry.objects.all():
        assert entry.code.startswith(f"{entry.domain}-"), entry.code


def test_time_limits():
    entries = list(CatalogueEntry.objects.all())
    for entry in entries:
        if entry.limit_kind in DAY_LIMIT_KINDS:
            assert entry.limit_days and entry.limit_basis, entry.code  # a law's own limit, named
        else:
            assert entry.limit_days is None, entry.code
        if entry.decision_type:  # the decision rule (7 working days from the decision), no limit of its own
            assert (entry.limit_kind, entry.limit_days) == (LimitKind.GENERAL, None), entry.code
    kinds = Counter(e.limit_kind for e in entries)
    assert all(kinds[kind] for kind in LimitKind.values), kinds
    assert CatalogueEntry.objects.get(code="welfare-environment-heavy-pollution").limit_kind == LimitKind.REALTIME
    assert CatalogueEntry.objects.get(code="resources-procurement-agencies").limit_kind == LimitKind.ONGOING
    # Entries whose limit was the general 20 working days now take the jurisdiction's general limit.
    feasibility = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    assert (feasibility.limit_kind, feasibility.limit_days) == (LimitKind.GENERAL, None)
    assert feasibility.limit_display == "一般时限（20个工作日，地方另有规定的从其规定）"
    candidates = CatalogueEntry.objects.get(code="projects-bidding-candidates")
    assert (candidates.limit_kind, candidates.limit_days, candidates.limit_display) == (
        LimitKind.CALENDAR_DAYS, 3, "3日"
    )
    assert CatalogueEntry.objects.get(code="resources-procurement-result").limit_display == "2个工作日"
    assert (
        CatalogueEntry.objects.get(code="projects-quality-safety-penalty").limit_display
        == "行政处罚决定作出之日起7个工作日"
    )


def test_licence_and_penalty_entries():
    decisions = Counter(CatalogueEntry.objects.values_list("decision_type", flat=True))
    assert decisions[DecisionType.LICENSE] >= 1 and decisions[DecisionType.PENALTY] >= 1
    assert CatalogueEntry.objects.get(code="projects-approval-result-construction-permit").decision_type == "license"
    assert CatalogueEntry.objects.get(code="projects-quality-safety-penalty").decision_type == "penalty"


def test_approval_results_have_one_entry_per_typical_approval():
    level2 = set(
        CatalogueEntry.objects.filter(domain="projects", category="approval_result").values_list("level2", flat=True)
    )
    for name in ("项目建议书审批", "可行性研究报告审批", "初步设计审批", "项目核准", "节能审查", "选址意见", "用地预审",
                 "使用林地审核", "环境影响评价审批", "建设用地规划许可", "建设工程规划许可", "施工许可", "招标事项核准"):
        assert name in level2, name
    assert any("取水许可" in item for item in level2)


def test_specific_audience_entries_are_posted_locally():
    specific = CatalogueEntry.objects.filter(audience="specific")
    assert specific.filter(code="welfare-social-assistance-dibao").exists()
    for entry in specific:
        assert "公示栏" in entry.channels, entry.code


def test_ordering_is_sequential_within_each_domain():
    for domain in all_domains():
        orderings = list(
            CatalogueEntry.objects.filter(domain=domain.code).order_by("ordering").values_list("ordering", flat=True)
        )
        assert orderings == list(range(10, 10 * len(orderings) + 1, 10))


def test_seeding_again_keeps_office_edits_and_restores_missing_entries():
    edited = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    edited.limit_days = 5
    edited.save()
    CatalogueEntry.objects.filter(code="welfare-disaster-needs").delete()

    seed_migration.seed(apps, None)

    assert CatalogueEntry.objects.count() == len(ENTRIES)
    assert CatalogueEntry.objects.get(code="projects-approval-result-feasibility").limit_days == 5
    assert CatalogueEntry.objects.filter(code="welfare-disaster-needs").exists()
