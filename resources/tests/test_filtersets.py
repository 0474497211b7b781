"""ResourceMatterFilterSet and BlacklistFilterSet: each filter narrows correctly (NetBox style), every filter has its test."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from disclosures.choices import DisclosureMode
from projects.tests.builders import make_project
from resources.filtersets import BlacklistFilterSet, ResourceMatterFilterSet
from resources.models import BlacklistEntry, ResourceMatter
from tests.contracts.filtersets import FilterSetContract

from .builders import make_blacklist_entry, make_matter, public_record, record_in_state, set_published_at

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(scope="module")
def matters_image(module_image):
    return module_image(build_matters)  # built once: every test of the class reads it


def build_matters(org) -> dict:
    built = SimpleNamespace()
    built.org = org
    built.project = make_project(org, name="芒市至瑞丽高速公路")
    built.land = make_matter(
        org, area="land_use_right", name="勐焕街道A-12地块出让", reference_no="MS-TD-2024-012",
        amount=Decimal("5000000.00"),
    )
    built.purchase = make_matter(
        org, area="procurement", name="县医院CT设备采购", reference_no="CG-2023-088",
        amount=Decimal("800000.00"), jurisdiction=org.town, department=org.other_department,
    )
    built.bidding = make_matter(
        org, area="construction_bidding", name="高速公路一标段施工招标", reference_no="ZB-2022-001",
        amount=None, project=built.project,
    )
    # 出让公告 published 2023-12-31 17:00 UTC = 2024-01-01 01:00 in Asia/Shanghai: a 2024 publication.
    set_published_at(public_record(org, built.land, "notice"), datetime.datetime(2023, 12, 31, 17, tzinfo=UTC))
    # First public record in 2023, a later one in 2024: the matter belongs to 2023.
    set_published_at(public_record(org, built.purchase, "notice"), datetime.datetime(2023, 5, 8, 2, tzinfo=UTC))
    set_published_at(public_record(org, built.purchase, "result"), datetime.datetime(2024, 2, 1, 2, tzinfo=UTC))
    # Only an unpublished 招标公告 and a 不予公开 中标结果: no public record, counted in the year entered.
    record_in_state(org, built.bidding, "submitted", "tender_notice")
    public_record(org, built.bidding, "award", disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="涉及国家秘密")
    ResourceMatter.objects.filter(pk=built.bidding.pk).update(
        created_at=datetime.datetime(2022, 4, 1, 9, tzinfo=UTC)
    )
    return vars(built)


class TestResourceMatterFilterSet(FilterSetContract):
    filterset = ResourceMatterFilterSet
    model = ResourceMatter
    invalid = ({"area": "nope"}, {"item_type": "nope"}, {"jurisdiction": "999999"}, {"department": "999999"},
               {"amount_min": "abc"}, {"year": "二〇二四"})
    labels = {"area": "领域", "item_type": "信息类型", "amount_min": "金额不低于（元）"}

    @pytest.fixture(autouse=True)
    def matters(self, restore_image, matters_image):
        vars(self).update(restore_image(matters_image))

    def everything(self) -> set[str]:
        return {self.land.name, self.purchase.name, self.bidding.name}

    def test_q(self):
        assert self.names(q="CT设备") == {self.purchase.name}
        assert self.names(q="MS-TD-2024") == {self.land.name}  # reference number, partly
        assert self.names(q="zb-2022") == {self.bidding.name}  # case-insensitive
        assert self.names(q="  ") == {self.land.name, self.purchase.name, self.bidding.name}
        assert self.names(q="没有这个事项") == set()

    def test_area(self):
        assert self.names(area="procurement") == {self.purchase.name}
        assert self.names(area="housing") == set()

    def test_item_type(self):
        assert self.names(item_type="notice") == {self.land.name, self.purchase.name}
        assert self.names(item_type="result") == {self.purchase.name}
        # Only public records count: a submitted 招标公告 and a 不予公开 中标结果 do not.
        assert self.names(item_type="tender_notice") == set()
        assert self.names(item_type="award") == set()

    def test_item_type_choices_follow_the_area(self):
        form = self.filterset({"area": "land_use_right"}).form
        assert [code for code, _label in form.fields["item_type"].choices if code] == [
            "policy", "approval", "supply_plan", "notice", "result", "performance", "acceptance", "credit_list",
        ]
        assert self.names(area="land_use_right", item_type="notice") == {self.land.name}
        # 采购合同 is not a land item type.
        assert not self.filterset({"area": "land_use_right", "item_type": "contract"}, queryset=ResourceMatter.objects.all()).is_valid()
        # Without an area, the choices of every area, grouped by area.
        groups = [label for label, _choices in self.filterset().form.fields["item_type"].choices[1:]]
        assert groups == ["住房保障", "国有土地使用权出让", "矿业权出让", "政府采购", "国有产权交易", "工程建设项目招标投标"]

    def test_department(self):
        assert self.names(department=self.org.other_department.pk) == {self.purchase.name}
        assert self.names(department=self.org.department.pk) == {self.land.name, self.bidding.name}

    def test_jurisdiction(self):
        # The county includes the town below it; the town only itself.
        assert self.names(jurisdiction=self.org.county.pk) == {self.land.name, self.purchase.name, self.bidding.name}
        assert self.names(jurisdiction=self.org.town.pk) == {self.purchase.name}

    def test_year(self):
        assert self.names(year=2024) == {self.land.name}  # local time: 2024-01-01 01:00 in Shanghai
        assert self.names(year=2023) == {self.purchase.name}  # the first publication, not the latest
        assert self.names(year=2022) == {self.bidding.name}  # no public record: the year it was entered
        assert self.names(year=2021) == set()

    def test_year_out_of_range_is_invalid(self):
        filterset = self.filterset({"year": 0}, queryset=ResourceMatter.objects.all())
        assert not filterset.is_valid()
        assert "1900" in filterset.errors["year"][0]

    def test_amount_min(self):
        assert self.names(amount_min="800000") == {self.land.name, self.purchase.name}  # inclusive, yuan
        assert self.names(amount_min="800000.01") == {self.land.name}

    def test_amount_max(self):
        assert self.names(amount_max="800000") == {self.purchase.name}  # inclusive; no amount never matches
        assert self.names(amount_max="799999.99") == set()

    def test_project(self):
        assert self.names(project=self.project.pk) == {self.bidding.name}
        assert self.names(project=self.project.pk + 1000) == set()

    def test_filters_combine(self):
        assert self.names(jurisdiction=self.org.county.pk, item_type="notice", amount_min="1000000") == {self.land.name}


class TestBlacklistFilterSet(FilterSetContract):
    filterset = BlacklistFilterSet
    model = BlacklistEntry
    name_field = "subject_name"
    invalid = ({"area": "nope"},)
    labels = {"q": "主体名称或统一社会信用代码", "in_force": "在列入期内"}

    @pytest.fixture(autouse=True)
    def entries(self, org):
        today = timezone.localdate()
        self.active = make_blacklist_entry(org, subject_name="德宏某某建筑工程有限公司", area="construction_bidding")
        self.procurement = make_blacklist_entry(org, subject_name="芒市某某商贸有限公司", area="procurement")
        # Period over, the job has not run yet.
        self.lapsed = make_blacklist_entry(
            org, subject_name="period over", starts_on=today - datetime.timedelta(days=400),
            ends_on=today - datetime.timedelta(days=1),
        )
        # Taken off by the job.
        self.expired = make_blacklist_entry(org, subject_name="taken off")
        BlacklistEntry.objects.filter(pk=self.expired.pk).update(expired_at=timezone.now())
        self.future = make_blacklist_entry(
            org, subject_name="not yet", starts_on=today + datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=100),
        )

    def everything(self) -> set[str]:
        return {self.active.subject_name, self.procurement.subject_name, "period over", "taken off", "not yet"}

    def test_q(self):
        assert self.names(q="建筑工程") == {self.active.subject_name}
        assert self.names(q=self.procurement.uscc) == {self.procurement.subject_name}  # the whole code
        assert self.names(q=f" {self.procurement.uscc.lower()} ") == {self.procurement.subject_name}  # normalized
        assert self.names(q=self.active.uscc[-8:]) == {self.active.subject_name}  # part of it
        assert self.names(q="没有这个主体") == set()

    def test_area(self):
        assert self.names(area="construction_bidding") == {self.active.subject_name}
        assert self.names(area="mining_right") == set()

    def test_in_force(self):
        assert self.names(in_force="true") == {self.active.subject_name, self.procurement.subject_name}
        assert self.names(in_force="false") == {"period over", "taken off", "not yet"}

    def test_in_force_includes_the_first_and_last_day(self, org):
        today = timezone.localdate()
        first = make_blacklist_entry(org, subject_name="starts today", starts_on=today)
        last = make_blacklist_entry(
            org, subject_name="ends today", starts_on=today - datetime.timedelta(days=10), ends_on=today
        )
        assert {first.subject_name, last.subject_name} <= self.names(in_force="true")

    def test_list_type(self, org):
        red = make_blacklist_entry(
            org, subject_name="守信示范企业", list_type="red", basis="red_incentive", notified_on=None, statement="",
        )
        assert self.names(list_type="red") == {red.subject_name}
        assert red.subject_name not in self.names(list_type="serious")

    def test_q_never_matches_a_natural_persons_name(self, org):
        """A search must not confirm who is listed beyond the masked name the page shows."""
        make_blacklist_entry(
            org, subject_name="王建华", subject_kind="person", uscc="", area="housing", basis="public_rental_housing",
        )
        assert self.names(q="王建华") == set()
        assert "王建华" in self.names(area="housing")

    def test_an_unknown_boolean_is_any_not_an_error(self):
        # (a NullBooleanField)
        assert len(self.names(in_force="maybe")) == 5
