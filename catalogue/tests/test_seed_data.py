"""The seeded 标准目录's data files (catalogue/data/<domain>.yaml): which item type selects which entry, and
each entry's own time limit in today's legal vocabulary (issue 16)."""

import pytest

from catalogue.choices import DAY_LIMIT_KINDS, DecisionType, LimitKind
from catalogue.models import CatalogueEntry
from catalogue.seed import DEFAULTS, load_seed, seed_entries
from core.domains import all_domains
from disclosures.services import default_catalogue_entry

ENTRIES = [{**DEFAULTS, **entry} for entry in seed_entries()]
BY_CODE = {entry["code"]: entry for entry in ENTRIES}

OLD_CREDIT_NOTICE = "发改电〔2015〕557号"
DECISION_RULE = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
PENALTY_PUBLICATION = "《中华人民共和国行政处罚法》第四十八条"

# Item types no entry of their area covers (the office adds an entry, then this list shrinks): in 环境保护
# no entry is about money, subsidy standards or lists of people; 灾害事故救援 has no policy entry.
UNCOVERED = {
    ("welfare", "environment", "beneficiaries"),  # no 标准目录 item: the clerk chooses the entry
}


def item_field_categories():
    """(domain, category, item field, the field's codes) for every category whose details form names an
    ITEM_FIELD."""
    found = []
    for domain in all_domains():
        for category in domain.categories.values:
            form = domain.details_form(category)
            field = getattr(form, "ITEM_FIELD", "") if form else ""
            if field:
                codes = [code for code, _label in form.base_fields[field].choices if code]
                found.append((domain.code, category, field, codes))
    return found


CATEGORIES = item_field_categories()


def entries_of(domain, category):
    return [entry for entry in ENTRIES if entry["domain"] == domain and entry["category"] == category]


def test_the_categories_with_an_item_field_are_the_expected_ones():
    found = {(domain, category): field for domain, category, field, _codes in CATEGORIES}
    assert found[("projects", "approval_result")] == "approval_item"
    assert found[("projects", "bidding")] == "stage"
    assert found[("projects", "land_expropriation")] == "document_type"
    assert found[("projects", "quality_safety")] == "item_type"  # 机构 or 行政处罚 (issue 27)
    assert found[("projects", "ppp")] == "item_type"
    assert sum(1 for domain, _category in found if domain == "projects") == 5
    for domain in all_domains():
        if domain.code in ("resources", "welfare"):
            for category in domain.categories.values:
                assert found[(domain.code, category)] == "item_type", (domain.code, category)


@pytest.mark.parametrize(
    ("domain", "category", "field", "codes"),
    CATEGORIES,
    ids=[f"{domain}-{category}" for domain, category, *_ in CATEGORIES],
)
def test_every_item_type_selects_exactly_one_entry_of_its_category(domain, category, field, codes):
    entries = entries_of(domain, category)
    assert entries, (domain, category)
    for code in codes:
        covering = [entry["code"] for entry in entries if code in entry.get("item_types", [])]
        expected = 0 if (domain, category, code) in UNCOVERED else 1
        assert len(covering) == expected, (domain, category, code, covering)
    for entry in entries:  # no misspelt codes, and no code listed twice in one entry
        listed = entry.get("item_types", [])
        assert set(listed) <= set(codes), (entry["code"], set(listed) - set(codes))
        assert len(listed) == len(set(listed)), entry["code"]


def test_the_uncovered_item_types_are_real_codes():
    known = {(domain, category, code) for domain, category, _field, codes in CATEGORIES for code in codes}
    assert UNCOVERED <= known


def test_entries_of_categories_without_an_item_field_list_no_item_types():
    with_field = {(domain, category) for domain, category, _field, _codes in CATEGORIES}
    for entry in ENTRIES:
        if (entry["domain"], entry["category"]) not in with_field:
            assert not entry.get("item_types"), entry["code"]


def test_welfare_common_items_are_filed_in_every_area():
    """政策文件, 资金, 标准 and 对象名单 exist in every welfare area: each goes to an entry of that area."""
    for domain, category, _field, codes in CATEGORIES:
        if domain != "welfare":
            continue
        for code in ("policy", "fund", "standard", "beneficiaries"):
            assert code in codes, (category, code)
            covered = any(code in entry.get("item_types", []) for entry in entries_of(domain, category))
            assert covered != ((domain, category, code) in UNCOVERED), (category, code)


def test_entries_with_their_own_day_limit_name_its_days_and_article():
    own = [entry for entry in ENTRIES if entry["limit_kind"] in DAY_LIMIT_KINDS]
    assert own
    for entry in own:
        assert entry.get("limit_days"), entry["code"]
        assert entry.get("limit_basis", "").startswith("《"), entry["code"]
        if entry["limit_kind"] == LimitKind.WORKING_DAYS:
            assert entry["limit_days"] <= 20, entry["code"]  # 条例第二十六条 is the longest allowed
    for entry in ENTRIES:
        if entry["limit_kind"] not in DAY_LIMIT_KINDS:
            assert entry.get("limit_days") is None, entry["code"]
            assert not entry.get("limit_basis"), entry["code"]
        if entry["limit_kind"] != LimitKind.REALTIME:
            assert entry.get("limit_hours") is None, entry["code"]


def test_no_entry_only_repeats_the_general_limit():
    for entry in ENTRIES:
        assert not (entry["limit_kind"] == LimitKind.WORKING_DAYS and entry.get("limit_days") == 20), entry[
            "code"
        ]


def test_decision_entries_take_the_decision_rule_not_a_limit_of_their_own():
    decisions = [entry for entry in ENTRIES if entry["decision_type"]]
    assert {entry["decision_type"] for entry in decisions} == {DecisionType.LICENSE, DecisionType.PENALTY}
    for entry in decisions:
        assert entry["limit_kind"] == LimitKind.GENERAL, entry["code"]
        assert entry.get("limit_days") is None, entry["code"]
        assert DECISION_RULE in entry["basis"], entry["code"]


def test_no_basis_cites_the_repealed_credit_notice():
    for entry in ENTRIES:
        assert OLD_CREDIT_NOTICE not in entry["basis"], entry["code"]
        assert "发改电" not in entry["basis"], entry["code"]


def test_penalty_entries_cite_the_publication_article_of_the_penalty_law():
    penalties = [entry for entry in ENTRIES if entry["decision_type"] == DecisionType.PENALTY]
    assert len(penalties) >= 5
    for entry in penalties:
        assert PENALTY_PUBLICATION in entry["basis"], entry["code"]
        assert entry["basis"].startswith("《中华人民共和国政府信息公开条例》"), entry["code"]


@pytest.mark.parametrize("code", ["projects-bidding-candidates", "resources-construction-bidding-candidates"])
def test_bid_candidates_are_published_within_3_days(code):
    """《招标投标法实施条例》第五十四条: 自收到评标报告之日起3日内公示中标候选人 (days, not working days)."""
    entry = BY_CODE[code]
    assert entry["item_types"] == ["candidates"]
    assert (entry["limit_kind"], entry["limit_days"]) == (LimitKind.CALENDAR_DAYS, 3)
    assert entry["limit_basis"] == "《中华人民共和国招标投标法实施条例》第五十四条"


def test_procurement_results_are_published_within_2_working_days():
    """《政府采购法实施条例》第四十三条: 自中标、成交供应商确定之日起2个工作日内公告中标、成交结果."""
    entry = BY_CODE["resources-procurement-result"]
    assert entry["item_types"] == ["result"]
    assert (entry["limit_kind"], entry["limit_days"]) == (LimitKind.WORKING_DAYS, 2)
    assert entry["limit_basis"] == "《中华人民共和国政府采购法实施条例》第四十三条"


def test_realtime_and_ongoing_entries_keep_their_kind():
    assert BY_CODE["welfare-health-epidemic"]["limit_kind"] == LimitKind.REALTIME
    assert BY_CODE["welfare-disaster-response"]["limit_kind"] == LimitKind.REALTIME
    assert BY_CODE["projects-approval-service-guide"]["limit_kind"] == LimitKind.ONGOING
    assert "长期公示" in BY_CODE["welfare-social-assistance-dibao"]["content"]


def test_every_key_is_a_field_of_the_model():
    fields = {field.name for field in CatalogueEntry._meta.concrete_fields} | {"domain"}
    for entry in ENTRIES:
        assert set(entry) <= fields, (entry["code"], set(entry) - fields)


@pytest.mark.django_db
def test_the_seed_loads_into_an_empty_catalogue_and_every_row_is_valid():
    CatalogueEntry.objects.all().delete()

    assert load_seed() == len(ENTRIES)

    for row in CatalogueEntry.objects.all():
        row.full_clean()
        entry = BY_CODE[row.code]
        assert row.item_types == entry.get("item_types", []), row.code
        assert (row.limit_kind, row.limit_days, row.limit_hours, row.limit_basis) == (
            entry["limit_kind"],
            entry.get("limit_days"),
            entry.get("limit_hours"),
            entry.get("limit_basis", ""),
        ), row.code


@pytest.mark.django_db
def test_a_record_without_a_chosen_entry_takes_the_one_its_item_type_names():
    for domain, category, field, codes in CATEGORIES:
        for code in codes:
            chosen = default_catalogue_entry(domain, category, {field: code})
            covering = [
                entry["code"] for entry in entries_of(domain, category) if code in entry.get("item_types", [])
            ]
            if covering:
                assert chosen is not None and chosen.code == covering[0], (domain, category, code)
            else:
                assert chosen is None, (domain, category, code)  # the clerk chooses
