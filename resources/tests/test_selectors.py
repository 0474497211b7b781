"""Selectors of the public pages: which matters are public, the chain, its status, the 黑名单 in force."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosures.choices import DisclosureMode
from disclosures.models import Disclosure
from resources import selectors
from resources.choices import ResourceArea
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry
from resources.selectors import StepState
from tests.contracts.subject_selectors import SubjectSelectorsContract

from .builders import (
    make_blacklist_entry,
    make_matter,
    overdue_record,
    public_record,
    record_in_state,
    set_published_at,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def states(steps) -> dict[str, str]:
    return {step.item_type: step.state for step in steps}


def test_chain_steps_are_item_types_of_their_area():
    assert set(selectors.CHAINS) == set(selectors.CHAIN_STEPS) == set(ResourceArea.values)
    for area, chains in selectors.CHAINS.items():
        codes = [code for code, _label in CATEGORY_FORMS[area].ITEM_TYPES]
        assert selectors.CHAIN_STEPS[area] == chains[0]
        for steps in chains:
            assert set(steps) <= set(codes), area
            assert list(steps) == sorted(steps, key=codes.index), f"{area}: chain out of the form's order"


@pytest.mark.parametrize(
    ("present", "steps"),
    [
        ((), ("allocation_policy", "housing_supply", "allocation_result")),  # nothing yet: the usual chain
        (("rural_renovation",), ("rural_renovation",)),
        (("plan_progress",), ("construction_plan", "annual_plan", "plan_progress")),
        (("allocation_targets",), ("allocation_policy", "housing_supply", "allocation_result")),  # in no chain
        (("rural_renovation", "housing_supply"), ("allocation_policy", "housing_supply", "allocation_result",
                                                  "rural_renovation")),
        # Issue 27: 农村危房改造's own five steps, never the 分配 ones.
        (("rural_funds",), ("rural_policy", "rural_standard", "rural_identification", "rural_funds", "rural_result")),
    ],
)
def test_a_housing_matter_follows_the_chain_of_its_records(present, steps):
    assert selectors.chain_for("housing", present) == steps


@pytest.mark.parametrize("area", ["procurement", "land_use_right"])
def test_performance_and_acceptance_follow_the_contract_once_recorded(area):
    usual = selectors.CHAIN_STEPS[area]
    assert selectors.chain_for(area, ("notice",)) == usual
    assert selectors.chain_for(area, ("notice", "performance")) == (*usual, "performance", "acceptance")
    assert selectors.chain_for(area, ("acceptance",)) == (*usual, "performance", "acceptance")


@pytest.mark.django_db
def test_a_rural_renovation_matter_shows_only_its_own_step(client, org):
    """A matter of a 2018-style record (农村危房改造 as one item, historic since issue 27) keeps its one step."""
    matter = make_matter(org, area="housing")
    record = public_record(org, matter, "rural_identification")
    Disclosure.objects.filter(pk=record.pk).update(details={"item_type": "rural_renovation", "subsidy_amount": "84000.00"})
    steps = selectors.chain_status(matter)
    assert [(step.item_type, step.state) for step in steps] == [("rural_renovation", StepState.PUBLISHED)]
    html = client.get(f"/resources/{matter.pk}/").content.decode()
    assert "分配政策" not in html.split('id="chain-status"')[1].split("</ol>")[0]


class TestPublicMatters(SubjectSelectorsContract):
    """Public matters as every domain's subjects are (tests/contracts/subject_selectors.py), and their steps."""

    domain = "resources"

    def test_latest_public_step_and_order(self, org):
        older = make_matter(org, area="procurement")
        set_published_at(public_record(org, older, "notice"), datetime.datetime(2024, 3, 1, tzinfo=UTC))
        set_published_at(public_record(org, older, "result"), datetime.datetime(2024, 4, 1, tzinfo=UTC))
        record_in_state(org, older, "submitted", "contract")  # later, but not public
        newer = make_matter(org, area="land_use_right")
        set_published_at(public_record(org, newer, "notice"), datetime.datetime(2024, 5, 1, tzinfo=UTC))

        matters = selectors.with_step_labels(selectors.public_matters())
        assert matters == [newer, older]  # newest public step first
        assert (matters[1].latest_item_type, matters[1].latest_item_label) == ("result", "采购结果")
        assert matters[1].latest_published_at == datetime.datetime(2024, 4, 1, tzinfo=UTC)
        assert matters[0].latest_item_label == "出让公告"

    def test_a_page_of_matters_is_one_query(self, org):
        for _ in range(5):
            public_record(org, make_matter(org))
        with CaptureQueriesContext(connection) as queries:
            selectors.with_step_labels(selectors.public_matters())
        assert len(queries) == 1

    def test_filtered_public_matters(self, org):
        land = make_matter(org, area="land_use_right")
        public_record(org, land)
        make_matter(org, area="land_use_right")  # no record
        public_record(org, make_matter(org, area="procurement"))
        _filterset, matters = selectors.filtered_public_matters({"area": "land_use_right"})
        assert list(matters) == [land]
        filterset, matters = selectors.filtered_public_matters({"area": "nope"})
        assert filterset.errors and list(matters) == []

    def test_project_link_only_when_the_project_is_public(self, org):
        from projects.tests.builders import make_project
        from projects.tests.builders import public_record as public_project_record

        project = make_project(org)
        matter = make_matter(org, area="construction_bidding", project=project)
        public_record(org, matter, "tender_notice")
        assert selectors.public_matter_or_none(matter.pk).project_is_public is False
        public_project_record(org, project)
        assert selectors.public_matter_or_none(matter.pk).project_is_public is True


class TestChain:
    def test_public_records_in_the_area_order_then_by_date(self, org):
        matter = make_matter(org, area="procurement")
        contract = set_published_at(public_record(org, matter, "contract"), datetime.datetime(2024, 1, 3, tzinfo=UTC))
        result = set_published_at(public_record(org, matter, "result"), datetime.datetime(2024, 6, 1, tzinfo=UTC))
        notice2 = set_published_at(public_record(org, matter, "notice"), datetime.datetime(2024, 2, 1, tzinfo=UTC))
        notice1 = set_published_at(public_record(org, matter, "notice"), datetime.datetime(2024, 1, 1, tzinfo=UTC))
        record_in_state(org, matter, "reviewed", "documents", title="未发布")
        record_in_state(org, matter, "withdrawn", "complaint", title="已撤回")
        public_record(org, matter, "penalty", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        public_record(org, make_matter(org, area="procurement"), "notice", title="别的事项")

        assert selectors.matter_chain(matter) == [notice1, notice2, result, contract]

    def test_chain_is_one_query(self, org, django_assert_num_queries):
        matter = make_matter(org, area="procurement")
        for item_type in ("notice", "result", "contract", "documents"):
            public_record(org, matter, item_type)
        with django_assert_num_queries(1):
            chain = selectors.matter_chain(matter)
            assert [record.department.name for record in chain]

    def test_status_of_a_land_transfer(self, org):
        matter = make_matter(org, area="land_use_right")
        public_record(org, matter, "notice")
        public_record(org, matter, "policy")  # not a chain step
        steps = selectors.chain_status(matter)
        assert [(step.item_type, step.label) for step in steps] == [("notice", "出让公告"), ("result", "出让结果")]
        assert states(steps) == {"notice": StepState.PUBLISHED, "result": StepState.MISSING}
        assert [step.published for step in steps] == [1, 0]

    @pytest.mark.parametrize(
        ("area", "codes"),
        [
            ("procurement", ["notice", "result", "contract"]),
            ("construction_bidding", ["tender_notice", "candidates", "award", "contract"]),
            ("mining_right", ["notice", "result"]),
            ("state_property", ["project", "result"]),
            ("housing", ["allocation_policy", "housing_supply", "allocation_result"]),
        ],
    )
    def test_steps_of_each_area(self, org, area, codes):
        assert [step.item_type for step in selectors.chain_status(make_matter(org, area=area))] == codes

    def test_states_count_only(self, org):
        matter = make_matter(org, area="construction_bidding")
        public_record(org, matter, "tender_notice")
        public_record(org, matter, "tender_notice")
        overdue_record(org, matter, "candidates")
        public_record(org, matter, "candidates", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        record_in_state(org, matter, "submitted", "award")
        public_record(org, matter, "contract", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉密")
        steps = selectors.chain_status(matter)
        assert states(steps) == {
            "tender_notice": StepState.PUBLISHED,
            "candidates": StepState.OVERDUE,
            "award": StepState.PENDING,
            "contract": StepState.WITHHELD,
        }
        assert steps[0].published == 2 and steps[0].state_label == "已公开"
        assert not hasattr(steps[1], "title")

    def test_withdrawn_records_are_not_published_steps(self, org):
        matter = make_matter(org, area="land_use_right")
        public_record(org, matter, "notice")
        record_in_state(org, matter, "withdrawn", "result")
        assert states(selectors.chain_status(matter))["result"] == StepState.MISSING

    def test_status_is_one_query(self, org, django_assert_num_queries):
        matter = make_matter(org, area="procurement")
        for item_type in ("notice", "result", "contract"):
            public_record(org, matter, item_type)
        with django_assert_num_queries(1):
            selectors.chain_status(matter)


class TestBlacklist:
    def test_only_entries_in_force(self, org):
        today = timezone.localdate()
        active = make_blacklist_entry(org)
        first_day = make_blacklist_entry(org, starts_on=today)
        last_day = make_blacklist_entry(org, starts_on=today - datetime.timedelta(days=5), ends_on=today)
        lapsed = make_blacklist_entry(
            org, starts_on=today - datetime.timedelta(days=5), ends_on=today - datetime.timedelta(days=1)
        )
        taken_off = make_blacklist_entry(org)
        BlacklistEntry.objects.filter(pk=taken_off.pk).update(expired_at=timezone.now())
        make_blacklist_entry(org, starts_on=today + datetime.timedelta(days=1))

        assert set(selectors.public_blacklist()) == {active, first_day, last_day}
        # Expired entries are kept.
        assert BlacklistEntry.objects.filter(pk__in=[lapsed.pk, taken_off.pk]).count() == 2
        # Seen from tomorrow, the last-day entry is gone.
        assert last_day not in set(selectors.public_blacklist(today=today + datetime.timedelta(days=1)))

    def test_filtered_public_blacklist_never_lists_expired_entries(self, org):
        lapsed = make_blacklist_entry(org, subject_name="已期满企业", starts_on=datetime.date(2020, 1, 1),
                                      ends_on=datetime.date(2021, 1, 1))
        for data in ({"q": "已期满"}, {"q": lapsed.uscc}, {"in_force": "false"}, {}):
            _filterset, entries = selectors.filtered_public_blacklist(data)
            assert lapsed not in list(entries), data
