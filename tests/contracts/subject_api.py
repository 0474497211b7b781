"""The contract of a domain's subject API (`/api/v1/projects/`, `/api/v1/resource-matters/`,
`/api/v1/welfare-programmes/`): which subjects the public and the staff see, the facts of a row, the filters
every domain has (jurisdiction with the towns below, department) and wrong values refused in Chinese, the 404 in
Chinese, no writes, and a list whose query count does not grow with the subjects.

A domain's test class inherits `SubjectAPIContract` and declares:
- its `domain` code (tests/contracts/domain.py): its subject's spec, and `make_<name>` of its `tests/factories.py`;
- `list_url`; `public_names`: the subjects of its `world` with a public record (and no other);
- `listed` (a key of its `world`) and `row`: facts of that subject's row in the list, which also names its
  jurisdiction and department and links its page under `pages_url`;
- `not_found`: the 404's detail; `bad_filters`: wrong filter values and the message each gets
  (field: (value, message)).
Its module builds the `world` (`build_world`, conftest.py), in which `world["town"]` is the public subject of
the town (of `org.town_department`) and `world["hidden"]` one of the county with a draft only; `anonymous` and
`staff` (a clerk of `org.department`) are the conftest's API clients. `publish_on` publishes a record about a
subject through the domain's record service (the spec's `record_create`).
"""

import datetime

import pytest
from rest_framework.test import APIClient

from disclosures.choices import DisclosureMode
from disclosures.details import placeholder_details
from organizations.choices import Role
from organizations.tests.factories import member
from tests.clock import TEST_TODAY

from .domain import DomainTestCase
from .records import another_county_department, domain_of, draft_about, publish


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.django_db
class SubjectAPIContract(DomainTestCase):
    list_url: str
    public_names: tuple[str, ...]
    pages_url: str
    listed: str
    row: dict
    not_found: str
    bad_filters: dict[str, tuple[str, str]]
    list_max_queries = 4

    def new_subject(self, org, **fields):
        return getattr(self.factories, f"make_{self.spec.name}")(org, **fields)

    def publish_on(self, org, subject, **fields):
        """A record about `subject` drafted through the domain's record service and published."""
        domain = domain_of(self.spec).code
        category = getattr(subject, self.spec.category_field) if self.spec.category_field else "approval_result"
        fields = {"title": "测试公开信息", "body": "<p>正文</p>", "formed_on": TEST_TODAY - datetime.timedelta(days=1),
                  "category": category, "details": placeholder_details(domain, category), **fields}
        return publish(draft_about(self.spec, org, subject, **fields), clerk=org.clerk, reviewer=org.reviewer,
                       signer=org.signer)

    def detail_url(self, subject) -> str:
        return f"{self.list_url}{subject.pk}/"

    def test_anonymous_readers_see_the_subjects_with_a_public_record(self, anonymous, world):
        assert names(anonymous.get(self.list_url)) == sorted(self.public_names)

    def test_list_rows_carry_the_facts_and_chinese_labels(self, anonymous, org, world):
        subject = world[self.listed]
        row = next(r for r in anonymous.get(self.list_url).json()["results"] if r["name"] == subject.name)
        for field, value in self.row.items():
            assert row[field] == value, field
        assert row["jurisdiction"] == {"id": org.county.pk, "name": "测试县"}
        assert row[self.spec.department_field]["name"] == "县发展和改革委员会"
        assert row["url"] == f"{self.pages_url}{subject.pk}/"
        assert "records" not in row

    def test_a_subject_whose_only_record_is_withheld_is_not_public(self, anonymous, org):
        subject = self.new_subject(org, name="只有不予公开记录的主体")
        self.publish_on(org, subject, disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="内部事务信息")
        assert "只有不予公开记录的主体" not in names(anonymous.get(self.list_url))
        assert anonymous.get(self.detail_url(subject)).status_code == 404

    def test_staff_also_see_the_subjects_of_their_scope(self, staff, world):
        assert world["hidden"].name in names(staff.get(self.list_url))

    def test_jurisdiction_includes_the_towns_below(self, anonymous, org, world):
        assert names(anonymous.get(self.list_url, {"jurisdiction": org.town.pk})) == [world["town"].name]
        assert names(anonymous.get(self.list_url, {"jurisdiction": org.county.pk})) == sorted(self.public_names)

    def test_department(self, anonymous, org, world):
        department = {self.spec.department_field: org.town_department.pk}
        assert names(anonymous.get(self.list_url, department)) == [world["town"].name]

    def test_a_bad_filter_value_is_a_400_in_chinese(self, anonymous, world):
        response = anonymous.get(self.list_url, {field: value for field, (value, _message) in self.bad_filters.items()})
        assert response.status_code == 400
        assert response.json() == {field: [message] for field, (_value, message) in self.bad_filters.items()}

    def test_staff_of_another_county_see_only_public_subjects(self, world):
        far = APIClient()
        far.force_authenticate(member(another_county_department(), Role.CLERK, "far"))
        assert names(far.get(self.list_url)) == sorted(self.public_names)

    def test_a_subject_without_public_records_is_404_in_chinese(self, anonymous, staff, world):
        response = anonymous.get(self.detail_url(world["hidden"]))
        assert response.status_code == 404
        assert response.json()["detail"] == self.not_found
        assert staff.get(self.detail_url(world["hidden"])).status_code == 200

    def test_writes_are_not_allowed(self, staff, world):
        response = staff.post(self.list_url, {"name": "新主体"}, format="json")
        assert response.status_code == 405
        assert "不被允许" in response.json()["detail"]

    def test_list_query_count_does_not_grow_with_subjects(self, anonymous, org, world, django_assert_max_num_queries):
        for n in range(5):
            self.publish_on(org, self.new_subject(org, name=f"批量主体{n}"))
        with django_assert_max_num_queries(self.list_max_queries):
            assert len(names(anonymous.get(self.list_url))) == len(self.public_names) + 5
