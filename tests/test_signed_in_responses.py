"""What a signed-in user gets: every response is `Cache-Control: private, no-store` (staff pages,
previews, exports, public pages seen while signed in, the API with a user); a refused ?next= after
signing in lands on the staff home, not on a 404."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age
from rest_framework.test import APIClient

from disclosures.tests.factories import draft, published
from organizations.tests.factories import PASSWORD


def directives(response) -> set[str]:
    return {
        part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()
    }


@pytest.mark.django_db
class TestPrivateResponses:
    @pytest.mark.parametrize(
        "url",
        [
            "/admin/",
            "/admin/disclosures/disclosure/",
            "/admin/disclosures/disclosure/import/template/?category=projects:approval_result",
            "/dashboard/",
            "/dashboard/export.csv",
            "/dashboard/export.xlsx",
            "/inbox/",
            "/",
            "/column/projects/",
            "/column/projects/export.csv",
            "/projects/export.xlsx",
        ],
    )
    def test_every_page_and_export_for_a_signed_in_user_is_private(self, client, org, url):
        published(org, title="已发布的记录")
        client.force_login(org.office)
        response = client.get(url)
        assert response.status_code in {200, 302}, response.status_code
        assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")
        assert "public" not in directives(response)

    def test_a_draft_in_the_admin_is_private(self, client, org):
        record = draft(org.clerk, org.department, title="草稿预览")
        client.force_login(org.clerk)
        response = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk]))
        assert response.status_code == 200
        assert {"private", "no-store"} <= directives(response)

    def test_the_api_with_a_user_is_private_and_without_one_is_not(self, org):
        published(org, title="接口记录")
        api = APIClient()
        assert "no-store" not in directives(api.get("/api/v1/disclosures/"))
        api.force_authenticate(org.clerk)
        response = api.get("/api/v1/disclosures/")
        assert response.status_code == 200
        assert {"private", "no-store"} <= directives(response)

    def test_anonymous_public_pages_keep_their_caching(self, client, org):
        published(org, title="公开页面")
        response = client.get("/column/projects/")
        assert response.status_code == 200
        assert not {"private", "no-store"} & directives(response)
        assert get_max_age(response) is None or get_max_age(response) > 0


@pytest.mark.django_db
class TestLoginRedirect:
    def sign_in(self, next_url: str):
        client = Client()
        response = client.post(
            f"{reverse('admin:login')}?next={next_url}",
            {"username": "clerk", "password": PASSWORD, "next": next_url},
        )
        return response

    @pytest.mark.parametrize(
        "next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", "http:///evil"]
    )
    def test_a_refused_next_lands_on_the_staff_home(self, org, next_url):
        response = self.sign_in(next_url)
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")

    def test_a_safe_next_is_followed(self, org):
        response = self.sign_in("/admin/disclosures/disclosure/")
        assert response["Location"] == "/admin/disclosures/disclosure/"
