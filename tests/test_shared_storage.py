"""Shared file storage (issue 26, part 3): with PORTAL_STORAGE=s3 the files live in an S3 bucket, so a second
web server behind the load balancer serves what the first one stored, and every download keeps today's
checks (only public files to the public, the detected type, the name rules, nosniff, the sandbox, staff
scoping): the object is streamed through the same view, never handed out as a URL.

These tests run against moto's S3 server in this process (tests/file_storage.py), or the endpoint in
PORTAL_TEST_S3_ENDPOINT (`make test-s3`, the moto_server started by .ci/run), on every `make test`.
"""

import hashlib
import importlib.util
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core import attachment_scan, uploads
from core.choices import AttachmentScanStatus
from disclosure_portal import settings as project_settings
from disclosures import imports, services
from disclosures.models import Attachment
from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_bytes
from disclosures.tests.test_uploads import published_with, upload
from inforequests import services as request_services
from inforequests.tests.test_rules import assigned
from supervision import services as supervision_services
from tests import file_storage

PDF = pdf_bytes("Shared storage")


@pytest.fixture
def s3(settings):
    """This test's default storage: a prefix of its own in the tests' bucket. Returns a view of the bucket
    through plain boto3, so what is asserted about the objects does not go through django-storages."""
    url = file_storage.endpoint()
    settings.STORAGES = {**settings.STORAGES, "default": file_storage.storage_settings(url)}
    return Bucket(url, storages["default"].location)


@pytest.fixture
def local(settings):
    """The local MEDIA_ROOT, even under `make test-s3` (PORTAL_TEST_S3_ENDPOINT), for a comparison."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


class Bucket:
    def __init__(self, url: str, prefix: str):
        self.client = file_storage.client(url)
        self.prefix = prefix

    def objects(self) -> dict[str, bytes]:
        """Every object under the test's prefix, by its name in the portal (the prefix taken off)."""
        listed = self.client.list_objects_v2(Bucket=file_storage.BUCKET, Prefix=f"{self.prefix}/")
        return {
            entry["Key"].removeprefix(f"{self.prefix}/"): self.client.get_object(
                Bucket=file_storage.BUCKET, Key=entry["Key"]
            )["Body"].read()
            for entry in listed.get("Contents", [])
        }


def files_on_disk(settings) -> list:
    media = settings.MEDIA_ROOT
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
def load_settings(monkeypatch, **env):
    """disclosure_portal/settings.py run afresh under `env` (not installed: only its values are read)."""
    for name in ("PORTAL_STORAGE", "AWS_S3_ENDPOINT_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", project_settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_local_folder_is_the_default_and_s3_is_chosen_by_the_environment(monkeypatch):
    local = load_settings(monkeypatch)
    assert local.PORTAL_STORAGE == "local"
    assert local.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    chosen = load_settings(
        monkeypatch, PORTAL_STORAGE="s3", AWS_S3_ENDPOINT_URL="http://minio:9000", AWS_STORAGE_BUCKET_NAME="portal-media"
    )
    backend = chosen.STORAGES["default"]
    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    options = backend["OPTIONS"]
    assert (options["endpoint_url"], options["bucket_name"], options["addressing_style"]) == (
        "http://minio:9000", "portal-media", "path"
    )
    # Private objects, never overwritten, nothing read whole into memory.
    assert (options["default_acl"], options["file_overwrite"], options["max_memory_size"]) == (None, False, 2 * 1024 * 1024)
    # AWS itself: no endpoint, boto3 chooses the addressing style.
    aws = load_settings(monkeypatch, PORTAL_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="portal-media").STORAGES["default"]
    assert (aws["OPTIONS"]["endpoint_url"], aws["OPTIONS"]["addressing_style"]) == (None, None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORTAL_STORAGE": "s3"}, "必须设置 AWS_STORAGE_BUCKET_NAME"),
        ({"PORTAL_STORAGE": "nfs"}, "PORTAL_STORAGE 只能是 local 或 s3"),
    ],
)
def test_a_storage_set_up_wrong_stops_the_start(monkeypatch, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, **env)


# ---------------------------------------------------------------------------------------------
# Stored in the bucket
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_attachment_is_an_object_in_the_bucket_and_nothing_on_disk(org, s3, settings):
    record = draft(org.clerk, org.department)

    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("项目批复.pdf", PDF))

    assert s3.objects() == {attachment.file.name: PDF}
    assert re.fullmatch(rf"attachments/\d{{4}}/\d{{2}}/{attachment.token}\.pdf", attachment.file.name)
    assert files_on_disk(settings) == []
    # The personal-data check read the object back (once, at upload).
    attachment.refresh_from_db()
    assert attachment.checksum == hashlib.sha256(PDF).hexdigest()
    assert attachment.scan_status == AttachmentScanStatus.CLEAN


@pytest.mark.django_db
def test_removing_a_drafts_attachment_deletes_its_object(org, s3):
    record = draft(org.clerk, org.department)
    kept = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("保留.pdf", PDF))
    removed = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("删除.pdf", PDF))

    services.attachment_remove(attachment=removed, actor=org.clerk)

    assert set(s3.objects()) == {kept.file.name}


@pytest.mark.django_db
def test_a_name_already_taken_never_overwrites_its_object(s3):
    first = default_storage.save("attachments/同名.pdf", SimpleUploadedFile("同名.pdf", PDF))
    second = default_storage.save("attachments/同名.pdf", SimpleUploadedFile("同名.pdf", b"%PDF-1.4 other"))

    assert first != second
    assert s3.objects() == {first: PDF, second: b"%PDF-1.4 other"}


# ---------------------------------------------------------------------------------------------
# Downloads: streamed through the views, with the same checks and headers as from the local folder
# ---------------------------------------------------------------------------------------------
def downloads(org, client) -> tuple[dict, dict]:
    """The download and the inline view of a published PDF: (headers, body) of each."""
    attachment = published_with(org, "关于项目的批复.pdf", PDF)
    seen = {}
    for name, url in (("download", attachment.get_absolute_url()), ("view", attachment.view_url)):
        response = client.get(url)
        assert response.status_code == 200, name
        headers = dict(response.headers)
        seen[name] = (headers, body(response))
    return seen


@pytest.mark.django_db
def test_a_public_download_from_s3_is_the_one_from_the_local_folder(org, local, settings, client):
    from_disk = downloads(org, client)
    settings.STORAGES = {**settings.STORAGES, "default": file_storage.storage_settings(file_storage.endpoint())}

    from_s3 = downloads(org, client)

    assert from_s3 == from_disk
    headers, content = from_s3["download"]
    assert content == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Length"] == str(len(PDF))
    assert headers["Content-Disposition"] == uploads.content_disposition("关于项目的批复.pdf")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert from_s3["view"][0]["Content-Disposition"] == uploads.content_disposition("关于项目的批复.pdf", inline=True)


@pytest.mark.django_db
def test_a_draft_in_s3_is_hidden_from_the_public_and_served_to_staff_in_scope_only(org, s3):
    record = draft(org.clerk, org.department)
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("待审.pdf", PDF))
    staff_url = reverse("disclosures:staff-attachment", args=[attachment.pk])

    assert Client().get(attachment.get_absolute_url()).status_code == 404
    assert Client().get(staff_url).status_code == 404
    assert staff(org.other_clerk).get(staff_url).status_code == 404
    response = staff(org.reviewer).get(staff_url)
    assert response.status_code == 200 and body(response) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_a_second_web_server_with_its_own_disk_serves_what_the_first_stored(org, s3, settings, tmp_path):
    attachment = published_with(org, "批复.pdf", PDF)

    settings.MEDIA_ROOT = tmp_path / "second-server"  # the other server's disk: empty

    response = Client().get(attachment.get_absolute_url())
    assert response.status_code == 200 and body(response) == PDF


@pytest.mark.django_db
def test_with_the_local_folder_a_second_server_lacks_the_file(org, local, settings, tmp_path):
    """What issue 26 reports, and the S3 storage mends: the upload is on the first server's disk only."""
    attachment = published_with(org, "批复.pdf", PDF)

    settings.MEDIA_ROOT = tmp_path / "second-server"

    with pytest.raises(FileNotFoundError):
        Client().get(attachment.get_absolute_url())


@pytest.mark.django_db
def test_a_missing_object_is_unreadable_for_the_personal_data_check(org, s3):
    record = draft(org.clerk, org.department)
    attachment = services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=upload("批复.pdf", PDF))
    s3.client.delete_object(Bucket=file_storage.BUCKET, Key=f"{s3.prefix}/{attachment.file.name}")
    Attachment.objects.filter(pk=attachment.pk).update(scan_version=0)

    attachment_scan.scan_attachment(Attachment.objects.get(pk=attachment.pk))

    assert Attachment.objects.get(pk=attachment.pk).scan_status == AttachmentScanStatus.UNREADABLE


# ---------------------------------------------------------------------------------------------
# The other files in the default storage
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.clock("2026-10-12T10:00")
def test_a_requests_document_is_an_encrypted_object(org, s3):
    request = assigned(org)

    document = request_services.document_add(request=request, kind="identity", uploaded_file=upload("身份证.pdf", PDF))

    [(name, stored)] = s3.objects().items()
    assert name == document.stored and name.startswith("inforequests/")
    assert not stored.startswith(b"%PDF") and PDF not in stored
    assert request_services.document_bytes(document) == PDF
    response = staff(org.clerk).get(reverse("admin:inforequests_inforequest_document", args=[request.pk, document.pk]))
    assert response.status_code == 200 and response.content == PDF


@pytest.mark.django_db
def test_a_supervision_screenshot_is_an_object_served_to_staff(org, s3):
    notice = supervision_services.notice_issue(
        actor=org.office, department=org.department, required_action="整改。",
        records=[draft(org.clerk, org.department, title="逾期信息")],
    )  # fmt: skip

    evidence = supervision_services.evidence_add(notice=notice, actor=org.clerk, uploaded_file=upload("截图.pdf", PDF))

    assert s3.objects() == {evidence.image.name: PDF}
    assert evidence.image.name.startswith("supervision/")
    response = staff(org.office).get(reverse("admin:supervision_notice_evidence", args=[notice.pk, evidence.pk]))
    assert response.status_code == 200 and body(response) == PDF


@pytest.mark.django_db
def test_an_import_upload_is_kept_in_the_bucket_until_it_is_imported(org, s3):
    workbook = SimpleUploadedFile("导入.xlsx", b"PK\x03\x04 workbook bytes")

    token = imports.import_file_stash(
        actor=org.clerk, file=workbook, department=org.department, domain="projects", category="approval_result"
    )
    stash = imports.import_file_open(actor=org.clerk, token=token)

    assert s3.objects() == {stash.path: b"PK\x03\x04 workbook bytes"}
    assert stash.read().read() == b"PK\x03\x04 workbook bytes"
    imports.import_file_discard(stash)
    assert s3.objects() == {}
