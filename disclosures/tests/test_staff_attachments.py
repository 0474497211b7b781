"""Staff read the attachments of records in their scope before they are public (a reviewer checks the files)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from disclosures import services
from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_bytes

PDF = pdf_bytes()


@pytest.fixture
def attachment(org):
    record = draft(org.clerk, org.department, title="待审核的批复")
    return services.attachment_add(
        disclosure=record, actor=org.clerk, uploaded_file=SimpleUploadedFile("批复.pdf", PDF, "application/pdf")
    )


def get(user, attachment):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(f"/staff/attachments/{attachment.pk}/")


@pytest.mark.django_db
class TestStaffAttachment:
    @pytest.mark.parametrize("who", ["clerk", "reviewer", "signer", "office"])
    def test_people_in_scope_download_it(self, org, attachment, who):
        response = get(getattr(org, who), attachment)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"]

    @pytest.mark.parametrize("who", [None, "other_clerk", "other_reviewer", "town_clerk"])
    def test_everyone_else_gets_a_404(self, org, attachment, who):
        assert get(getattr(org, who) if who else None, attachment).status_code == 404

    def test_the_public_token_still_does_not_serve_a_draft(self, org, attachment):
        assert Client().get(f"/attachments/{attachment.token}/").status_code == 404

    def test_the_admin_links_to_it(self, org, attachment):
        client = Client()
        client.force_login(org.reviewer)
        html = client.get(f"/admin/disclosures/disclosure/{attachment.disclosure_id}/change/").content.decode()
        assert f"/staff/attachments/{attachment.pk}/" in html
