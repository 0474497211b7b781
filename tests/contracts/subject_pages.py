"""The contract of a domain's public subject pages (`/projects/`, `/resources/`, `/welfare/`): a subject
without a public record has no page, and a wrong filter value says so and lists nothing (never an error
page, never the unfiltered list).

A domain's test class inherits `SubjectPagesContract` and declares `pages_url`, `invalid_filter` (a
query the list's FilterSet refuses) and its builders `new_subject(org)`, `publish_on(org, subject)` (a
published record about it) and `hide_on(org, subject)` (records about it in every unpublished state).
"""

import pytest


@pytest.mark.django_db
class SubjectPagesContract:
    pages_url: str
    invalid_filter: dict

    @staticmethod
    def new_subject(org):
        raise NotImplementedError

    @staticmethod
    def publish_on(org, subject):
        raise NotImplementedError

    @staticmethod
    def hide_on(org, subject):
        raise NotImplementedError

    def test_a_subject_without_public_records_is_not_found(self, client, org):
        subject = self.new_subject(org)
        self.hide_on(org, subject)
        assert client.get(f"{self.pages_url}{subject.pk}/").status_code == 404
        assert client.get(f"{self.pages_url}999999/").status_code == 404

    def test_an_invalid_filter_shows_an_error_and_no_subject(self, client, org):
        self.publish_on(org, self.new_subject(org))
        response = client.get(self.pages_url, self.invalid_filter)
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []
        assert "筛选条件无效" in response.content.decode()
