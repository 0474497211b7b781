"""Reads of the welfare pages: public programmes, a programme's records (urgent first), its fund table."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Max
from django.utils import timezone

from disclosures.models import Disclosure
from tests.contracts.subject_selectors import SubjectSelectorsContract
from welfare import selectors
from welfare.choices import WelfareArea

from .builders import (
    fund_record,
    make_programme,
    name_list_record,
    public_record,
    record_in_state,
)

pytestmark = pytest.mark.django_db


class TestPublicProgrammes(SubjectSelectorsContract):
    """Public programmes as every domain's subjects are (tests/contracts/subject_selectors.py), newest first."""

    domain = "welfare"

    def test_latest_public_record_date_ignores_unpublished_records_and_orders_the_list(self, org):
        older = make_programme(org, name="较早")
        old_record = public_record(org, older)
        Disclosure.objects.filter(pk=old_record.pk).update(published_at=timezone.now() - datetime.timedelta(days=9))
        record_in_state(org, older, "submitted")  # newer, but not public
        newer = make_programme(org, name="较新")
        public_record(org, newer)
        programmes = list(selectors.public_programmes())
        assert [p.name for p in programmes] == ["较新", "较早"]
        assert programmes[1].latest_published_at == Disclosure.objects.get(pk=old_record.pk).published_at
        assert programmes[0].latest_published_at == newer.record_links.aggregate(m=Max("disclosure__published_at"))["m"]

    def test_filtered_list_is_empty_when_a_filter_is_invalid(self, org):
        public_record(org, make_programme(org))
        filterset, programmes = selectors.filtered_public_programmes({"area": "nope"})
        assert not filterset.is_valid() and list(programmes) == []
        filterset, programmes = selectors.filtered_public_programmes({"area": WelfareArea.SOCIAL_ASSISTANCE})
        assert len(programmes) == 1


class TestProgrammeRecords:
    def test_public_records_only_urgent_ones_first(self, org):
        programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF)
        first = public_record(org, programme, "relief_needs", title="救助需求")
        urgent = public_record(org, programme, "emergency_response", title="应急处置动态", urgent=True)
        latest = public_record(org, programme, "reconstruction", title="灾后重建进展")
        # An urgent record older than the column's urgent window is no longer pinned.
        stale = public_record(org, programme, "emergency_response", title="去年的应急处置", urgent=True)
        Disclosure.objects.filter(pk=stale.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
        record_in_state(org, programme, "submitted", title="审核中")
        records = selectors.programme_records(programme)
        assert [r.pk for r in records] == [urgent.pk, latest.pk, first.pk, stale.pk]
        assert [r.pinned for r in records] == [True, False, False, False]
        assert records[0].item_type_label == "应急处置动态"

    def test_one_query(self, org, django_assert_num_queries):
        programme = make_programme(org)
        for _ in range(3):
            fund_record(org, programme, "100")
        name_list_record(org, programme)
        with django_assert_num_queries(1):
            records = selectors.programme_records(programme)
            assert [r.has_name_list for r in records] == [True, False, False, False]
            assert all(r.department.name for r in records)


class TestFundTable:
    def test_totals_of_the_public_fund_records(self, org):
        programme = make_programme(org, area=WelfareArea.SOCIAL_ASSISTANCE)
        fund_record(org, programme, "500000.00", fund_source="中央财政", recipients=120, disbursed="450000.50",
                    usage="按月发放")
        fund_record(org, programme, "250000.25", item_type="subsidy_payment", fund_source="县级财政", recipients=30)
        fund_record(org, programme, "100000", item_type="goods")  # 款物管理使用: not a fund-table item
        public_record(org, programme, "standard", {"standard": "城市低保", "amount_per_person_month": "650"})
        record_in_state(org, programme, "submitted", "fund", {"amount": "999999"})  # not public
        table = selectors.fund_table(selectors.programme_records(programme))
        assert [(row.fund_source, row.amount, row.recipients, row.disbursed) for row in table.rows] == [
            ("县级财政", Decimal("250000.25"), 30, None),
            ("中央财政", Decimal("500000.00"), 120, Decimal("450000.50")),
        ]
        assert table.rows[0].item_type_label == "补贴发放"
        assert table.total_amount == Decimal("750000.25")
        assert table.total_recipients == 150
        assert table.total_disbursed == Decimal("450000.50")

    def test_a_column_nobody_filled_in_has_no_total(self, org):
        programme = make_programme(org, area=WelfareArea.CULTURE_SPORTS)
        fund_record(org, programme, "8000", item_type="donations")
        table = selectors.fund_table(selectors.programme_records(programme))
        assert table.total_amount == Decimal("8000")
        assert table.total_recipients is None and table.total_disbursed is None
        assert selectors.fund_table([]).rows == [] and selectors.fund_table([]).total_amount is None

    def test_standards(self, org):
        programme = make_programme(org)
        public_record(org, programme, "standard", {"standard": "农村低保", "amount_per_person_month": "480.00",
                                                   "period": "2026年"})
        fund_record(org, programme, "100")
        rows = selectors.standards_table(selectors.programme_records(programme))
        assert [(r.standard, r.amount_per_person_month, r.period) for r in rows] == [
            ("农村低保", Decimal("480.00"), "2026年")
        ]


def test_fund_table_labels_records_not_loaded_by_programme_records(org):
    programme = make_programme(org, area=WelfareArea.DISASTER_RELIEF)
    record = fund_record(org, programme, "100", item_type="relief_goods")
    table = selectors.fund_table([Disclosure.objects.get(pk=record.pk)])
    assert table.rows[0].item_type_label == "救助和捐赠款物数量及使用"
