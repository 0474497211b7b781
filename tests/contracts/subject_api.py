"""The contract of a domain's subject API (`/api/v1/projects/`, `/api/v1/resource-matters/`,
`/api/v1/welfare-programmes/`): which subjects the public and the staff see, the 404 in Chinese, no writes,
and a list whose query count does not grow with the subjects.

A domain's test class inherits `SubjectAPIContract` and declares:
- `list_url`; `public_names`: the subjects of its `world` with a public record (and no other);
- `hidden_name` / `world["hidden"]`: a subject of its scope with a draft only; `not_found`: the 404's detail;
- `new_subject(org, name)` and `publish_on(org, subject, **fields)`: builders of the domain;
and its module provides the fixtures `anonymous`, `staff` (a clerk of `org.department`) and `world`.
"""

import pytest
from rest_framework.test import APIClient

from disclosures.choices import DisclosureMode
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.django_db
class SubjectAPIContract:
    list_url: str
    public_names: tuple[str, ...]
    hidden_name: str
    not_found: str
    list_max_queries = 4

    @staticmethod
    def new_subject(org, name: str):
        raise NotImplementedError

    @staticmethod
    def publish_on(org, subject, **fields):
        raise NotImplementedError

    def detail_url(self, subject) -> str:
        return f"{self.list_url}{subject.pk}/"

    def test_anonymous_readers_see_the_subjects_with_a_public_record(self, anonymous, world):
        assert names(anonymous.get(self.list_url)) == sorted(self.public_names)

    def test_a_subject_whose_only_record_is_withheld_is_not_public(self, anonymous, org):
        subject = self.new_subject(org, "只有不予公开记录的主体")
        self.publish_on(org, subject, disclosure_mode=DisclosureMode.NOT_DISCLOSED, mode_reason="内部事务信息")
        assert "只有不予公开记录的主体" not in names(anonymous.get(self.list_url))
        assert anonymous.get(self.detail_url(subject)).status_code == 404

    def test_staff_also_see_the_subjects_of_their_scope(self, staff, world):
        assert self.hidden_name in names(staff.get(self.list_url))

    def test_staff_of_another_county_see_only_public_subjects(self, world):
        elsewhere = JurisdictionFactory(name="邻县", code="LX", level=JurisdictionLevel.COUNTY)
        far = APIClient()
        far.force_authenticate(member(DepartmentFactory(jurisdiction=elsewhere), Role.CLERK, "far"))
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
            self.publish_on(org, self.new_subject(org, f"批量主体{n}"))
        with django_assert_max_num_queries(self.list_max_queries):
            assert len(names(anonymous.get(self.list_url))) == len(self.public_names) + 5
