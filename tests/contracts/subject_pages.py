"""The contract of a domain's public subject pages (`/projects/`, `/resources/`, `/welfare/`): a subject
without a public record has no page and shows nowhere, nothing unpublished shows on any page, a wrong filter
value says so and lists nothing (never an error page, never the unfiltered list), the filters keep to the
next page, the list's query count does not grow with the subjects, and the domain's column links the pages.

A domain's test class inherits `SubjectPagesContract` and declares:
- its `domain` code (tests/contracts/domain.py): its subject's spec, and its page builders (`make_<name>(org,
  **fields)` in its `tests/builders.py`);
- `pages_url`, `filter_labels` (the list's filter form), `invalid_filter` (a query its FilterSet refuses),
  `paged_filter` (a filter and the value `new_subject` takes for it) and `unpaged` (fields of a subject it
  leaves out), `more_pages` (other public pages that show its records), `column_links` ((url, label) of its
  column page).
Records about a subject are built from the spec (`tests/contracts/records.py`): `publish_on` a public one,
`hide_on` one of every non-public kind; a domain overrides them, or `publish_more(org, n)` (the subjects the
query count test adds), where its pages need other records.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.domains import all_domains

from . import records
from .domain import DomainTestCase


def fragment(html: str, start: str, end: str) -> str:
    """The part of `html` from `start` to the first `end` after it (a table from its id to its `</table>`)."""
    first = html.index(start)
    return html[first:html.index(end, first)]


@pytest.mark.django_db
class SubjectPagesContract(DomainTestCase):
    pages_url: str
    filter_labels: tuple[str, ...]
    invalid_filter: dict
    paged_filter: dict
    unpaged: dict
    more_pages: tuple[str, ...] = ()
    column_links: tuple[tuple[str, str], ...]

    def new_subject(self, org, **fields):
        return getattr(self.builders, f"make_{self.spec.name}")(org, **fields)

    def publish_on(self, org, subject, **fields):
        return records.public_record(self.spec, org, subject, **fields)

    def hide_on(self, org, subject) -> list[str]:
        return records.private_records(self.spec, org, subject)

    def publish_more(self, org, n: int):
        self.publish_on(org, self.new_subject(org))

    def test_a_subject_without_public_records_is_not_found(self, client, org):
        subject = self.new_subject(org)
        self.hide_on(org, subject)
        assert client.get(f"{self.pages_url}{subject.pk}/").status_code == 404
        assert client.get(f"{self.pages_url}999999/").status_code == 404

    def test_public_pages_never_show_unpublished_titles(self, client, org):
        subject = self.new_subject(org, name="公开主体")
        self.publish_on(org, subject, title="已发布的公开信息")
        titles = self.hide_on(org, subject)
        hidden = self.new_subject(org, name="隐藏主体QxHiddenZ")
        self.hide_on(org, hidden)
        pages = [
            self.pages_url,
            f"{self.pages_url}?q=保密标题",
            f"{self.pages_url}{subject.pk}/",
            f"{self.pages_url}{hidden.pk}/",
            *self.more_pages,
        ]
        seen_public = False
        for url in pages:
            html = client.get(url).content.decode()
            for title in titles:
                assert title not in html, (url, title)
            assert "QxHiddenZ" not in html, url
            seen_public = seen_public or "已发布的公开信息" in html
        assert seen_public

    def test_filter_form_has_every_filter_with_chinese_labels(self, client, db):
        html = client.get(self.pages_url).content.decode()
        for label in self.filter_labels:
            assert f">{label}</label>" in html, label
        assert 'method="get"' in html

    def test_an_invalid_filter_shows_an_error_and_no_subject(self, client, org):
        self.publish_on(org, self.new_subject(org))
        response = client.get(self.pages_url, self.invalid_filter)
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []
        assert "筛选条件无效" in response.content.decode()

    def test_pagination_keeps_the_filters(self, client, org, settings):
        settings.PORTAL_PAGE_SIZE = 2
        [(name, value)] = self.paged_filter.items()
        for n in range(3):
            self.publish_on(org, self.new_subject(org, name=f"筛选主体{n}", **self.paged_filter))
        self.publish_on(org, self.new_subject(org, name="其他主体", **self.unpaged))
        first = client.get(self.pages_url, self.paged_filter)
        assert len(first.context["page"].object_list) == 2
        assert f'href="?{name}={value}&amp;page=2"' in first.content.decode()
        second = client.get(self.pages_url, {**self.paged_filter, "page": 2})
        assert [subject.name for subject in second.context["page"].object_list] == ["筛选主体0"]

    def test_list_query_count_does_not_grow_with_subjects(self, client, org, django_assert_max_num_queries):
        self.publish_on(org, self.new_subject(org))
        with CaptureQueriesContext(connection) as small:
            client.get(self.pages_url)
        for n in range(6):
            self.publish_more(org, n)
        with django_assert_max_num_queries(len(small)):
            response = client.get(self.pages_url)
        assert len(response.context["page"].object_list) == 7

    def test_the_domains_column_links_to_the_pages(self, client, db):
        own = records.domain_of(self.spec)
        page = client.get(f"/column/{own.code}/").content.decode()
        for url, label in self.column_links:
            assert f'href="{url}"' in page and label in page, url
        for other in all_domains():
            if other != own:  # another column's own links (the site's header lists every library on every page)
                column = client.get(f"/column/{other.code}/").content.decode().split('<main id="main"')[1]
                assert f'href="{self.pages_url}"' not in column, other.code
