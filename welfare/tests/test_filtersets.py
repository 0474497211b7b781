"""ProgrammeFilterSet: each filter narrows correctly (NetBox style), and every filter has its test."""

import datetime
from types import SimpleNamespace

import pytest

from disclosures.choices import DisclosureMode
from tests.contracts.filtersets import FilterSetContract
from welfare.choices import WelfareArea
from welfare.filtersets import ProgrammeFilterSet, item_type_choices
from welfare.models import Programme

from .builders import fund_record, make_programme, public_record, record_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def programmes_image(module_image):
    return module_image(build_programmes)  # built once: every test of the class reads it


def build_programmes(org) -> dict:
    built = SimpleNamespace()
    built.org = org
    built.dibao = make_programme(
        org, name="城乡最低生活保障", area=WelfareArea.SOCIAL_ASSISTANCE, starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    fund_record(org, built.dibao, "500000")
    # Not public: an unpublished standard and a 不予公开 student-aid record must not make it match.
    record_in_state(org, built.dibao, "submitted", "standard", {"standard": "每人每月 650 元"})
    public_record(org, built.dibao, "procedure", disclosure_mode=DisclosureMode.NOT_DISCLOSED,
                  mode_reason="涉及个人隐私")
    built.aid = make_programme(
        org, name="家庭经济困难学生资助", area=WelfareArea.EDUCATION, department=org.other_department,
        jurisdiction=org.town,
    )
    public_record(org, built.aid, "student_aid")
    # Not started: counted in the year it was entered.
    Programme.objects.filter(pk=built.aid.pk).update(
        created_at=datetime.datetime(2020, 4, 1, 9, tzinfo=datetime.UTC)
    )
    built.flood = make_programme(
        org, name="“7·20”洪涝灾害救助", area=WelfareArea.DISASTER_RELIEF, starts_on=datetime.date(2021, 7, 21),
    )
    fund_record(org, built.flood, "300000", item_type="relief_goods")
    return vars(built)


class TestProgrammeFilterSet(FilterSetContract):
    filterset = ProgrammeFilterSet
    model = Programme
    invalid = ({"area": "nope"}, {"item_type": "nope"}, {"jurisdiction": "999999"}, {"year": "abc"},
               {"department": "999999"})
    labels = {"area": "领域", "item_type": "信息类型", "department": "主管部门", "year": "年份（实施开始，未填按录入）"}

    @pytest.fixture(autouse=True)
    def programmes(self, restore_image, programmes_image):
        vars(self).update(restore_image(programmes_image))

    def everything(self) -> set[str]:
        return {self.dibao.name, self.aid.name, self.flood.name}

    def test_q(self):
        assert self.names(q="最低生活") == {self.dibao.name}
        assert self.names(q="  学生资助 ") == {self.aid.name}
        assert self.names(q="没有这个项目") == set()

    def test_area(self):
        assert self.names(area=WelfareArea.EDUCATION) == {self.aid.name}
        assert self.names(area=WelfareArea.DISASTER_RELIEF) == {self.flood.name}
        assert self.names(area=WelfareArea.HEALTH) == set()

    def test_item_type(self):
        assert self.names(item_type="fund") == {self.dibao.name}
        assert self.names(item_type="student_aid") == {self.aid.name}
        assert self.names(item_type="relief_goods") == {self.flood.name}
        # Only public records count: the submitted standard and the 不予公开 procedure do not.
        assert self.names(item_type="standard") == set()
        assert self.names(item_type="procedure") == set()
        assert self.names(area=WelfareArea.SOCIAL_ASSISTANCE, item_type="fund") == {self.dibao.name}

    def test_item_type_choices_follow_the_area_tab(self):
        assert self.filterset({"area": WelfareArea.HEALTH, "item_type": "student_aid"},
                              queryset=Programme.objects.all()).is_valid() is False
        assert ("student_aid", "困难学生资助") in item_type_choices(WelfareArea.EDUCATION)
        assert ("student_aid", "困难学生资助") not in item_type_choices(WelfareArea.HEALTH)
        groups = dict(item_type_choices())
        assert ("fund", "资金分配和使用") in groups["各领域通用"]
        assert ("relief_goods", "救助和捐赠款物数量及使用") in groups["灾害事故救援"]

    def test_department(self):
        assert self.names(department=self.org.other_department.pk) == {self.aid.name}
        assert self.names(department=self.org.department.pk) == {self.dibao.name, self.flood.name}

    def test_jurisdiction(self):
        # The county includes the town below it; the town only itself.
        assert self.names(jurisdiction=self.org.county.pk) == {self.dibao.name, self.aid.name, self.flood.name}
        assert self.names(jurisdiction=self.org.town.pk) == {self.aid.name}

    def test_year(self):
        assert self.names(year=2019) == {self.dibao.name}  # 实施开始
        assert self.names(year=2021) == {self.flood.name}
        assert self.names(year=2020) == {self.aid.name}  # no start date: the year it was entered
        assert self.names(year=2018) == set()

    def test_year_out_of_range_is_invalid_not_an_error_page(self):
        filterset = self.filterset({"year": 99999}, queryset=Programme.objects.all())
        assert not filterset.is_valid()
        assert "2100" in filterset.errors["year"][0]

    def test_filters_combine(self):
        assert self.names(jurisdiction=self.org.county.pk, department=self.org.department.pk, year=2021) == {
            self.flood.name
        }
