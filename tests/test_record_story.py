"""A correct story on each record page (issue 23, part 5): the header names the version it describes, earlier
versions can be read (unless the guard flags them now), citizens see no estimated due dates, and a PDF opens in
the browser with a download beside it."""

import datetime
import re

import pytest

from core.preservation import destruction_authorised
from disclosures import services
from disclosures.models import Disclosure, DisclosureVersion
from disclosures.tests.factories import published
from disclosures.tests.test_views import page, published_with_attachment

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-23T10:00")]


def correct(record, org, **changes) -> Disclosure:
    correction = services.disclosure_start_correction(disclosure=record, actor=org.clerk, change_note="更正了文号")
    for name, value in changes.items():
        setattr(correction, name, value)
    correction.save()
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)
    record.refresh_from_db()
    return record


def cell(content: str, heading: str) -> str:
    match = re.search(rf'<th scope="row">{heading}</th>\s*<td[^>]*>(.*?)</td>', content, re.S)
    assert match, heading
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", match.group(1)))


def test_a_first_version_says_so(client, org):
    record = published(org, title="未更正的批复")
    content = page(client, record.get_absolute_url())
    assert cell(content, "发布日期") == f"{record.published_at:%Y-%m-%d}"
    assert cell(content, "版本") == "第1版"
    assert "首次发布日期" not in content and "应公开日期</th>" not in content


def test_a_corrected_record_names_its_version_and_links_the_earlier_one(client, org):
    record = published(org, title="关于某某工程的批复", doc_no="青发改〔2026〕1号")
    first_published = record.published_at
    record = correct(record, org, title="关于某某工程的批复（更正）", doc_no="青发改〔2026〕2号")
    current = record.versions.get(number=2)
    content = page(client, record.get_absolute_url())
    assert cell(content, "首次发布日期") == f"{first_published:%Y-%m-%d}"
    assert cell(content, "版本") == f"第2版（{current.published_at:%Y-%m-%d}更正发布）版本记录"
    # the version strip agrees: the current version marked, the earlier one a link
    assert f'<a href="/disclosures/{record.pk}/v1/">第1版</a>' in content
    assert "第2版（当前）" in content

    earlier = page(client, f"/disclosures/{record.pk}/v1/")
    assert "这是本信息的第1版" in earlier and "现行为第2版" in earlier
    assert "关于某某工程的批复</h1>" in earlier and "青发改〔2026〕1号" in earlier
    assert "青发改〔2026〕2号" not in earlier
    assert '<meta name="robots" content="noindex">' in earlier
    assert client.get(f"/disclosures/{record.pk}/v1/").headers["X-Robots-Tag"] == "noindex"


def test_the_current_or_a_missing_version_is_not_a_second_page(client, org):
    record = correct(published(org), org, title="更正后的标题")
    response = client.get(f"/disclosures/{record.pk}/v2/")
    assert response.status_code == 302 and response.headers["Location"] == record.get_absolute_url()
    assert client.get(f"/disclosures/{record.pk}/v9/").status_code == 302
    with destruction_authorised([record.pk]):  # a published version goes only by the 销毁 procedure (issue 26)
        DisclosureVersion.objects.filter(disclosure=record, number=1).delete()
    assert client.get(f"/disclosures/{record.pk}/v1/").status_code == 404


def test_an_earlier_version_of_an_unpublished_or_withdrawn_record_is_not_shown(client, org):
    record = correct(published(org), org, title="更正后的标题")
    services.disclosure_withdraw(disclosure=record, actor=org.office, reason="信息有误，予以撤回")
    assert client.get(f"/disclosures/{record.pk}/v1/").status_code == 404


def test_an_earlier_version_holding_personal_data_is_withheld(client, org):
    """The correction took a phone number out; the first version is not published again (条例第十五条)."""
    record = correct(published(org, title="救助对象名单"), org, title="救助对象名单（更正）")
    DisclosureVersion.objects.filter(disclosure=record, number=1).update(body="<p>联系人手机 13912345678</p>")
    earlier = page(client, f"/disclosures/{record.pk}/v1/")
    assert "本版内容不再提供" in earlier
    assert "13912345678" not in earlier and "1391234" not in earlier


@pytest.mark.clock("2026-12-07T10:00")
def test_staff_still_see_the_estimated_due_date_marked(admin_client, org):
    record = published(org, formed_on=datetime.date(2026, 12, 4))
    assert record.due_on_estimated
    content = admin_client.get(f"/admin/disclosures/disclosure/{record.pk}/change/").content.decode()
    assert "预计" in content


def test_a_pdf_opens_in_the_browser_with_a_download_beside_it(client, org):
    record = published_with_attachment(org)
    item = record.attachments.get()
    content = page(client, record.get_absolute_url())
    assert f'<a href="/attachments/{item.token}/view/">{item.original_name}</a>' in content
    assert f'<a class="attachment-list__download" href="/attachments/{item.token}/" download>下载' in content
    shown = client.get(f"/attachments/{item.token}/view/")
    assert shown.status_code == 200 and shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("inline; ")
    assert shown.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    saved = client.get(f"/attachments/{item.token}/")
    assert saved.headers["Content-Disposition"].startswith("attachment; ")
    assert "sandbox" in saved.headers["Content-Security-Policy"]


def test_only_a_pdf_opens_inline(client, org):
    record = published_with_attachment(org)
    item = record.attachments.get()
    type(item).objects.filter(pk=item.pk).update(content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    item.refresh_from_db()
    assert item.view_url == ""
    response = client.get(f"/attachments/{item.token}/view/")
    assert response.status_code == 302 and response.headers["Location"] == f"/attachments/{item.token}/"
    assert f'href="/attachments/{item.token}/view/"' not in page(client, record.get_absolute_url())


def test_an_unpublished_records_pdf_is_not_shown_inline(client, org):
    from disclosures.tests.factories import draft
    from disclosures.tests.test_views import pdf

    record = draft(org.clerk, org.department)
    services.attachment_add(disclosure=record, actor=org.clerk, uploaded_file=pdf())
    item = record.attachments.get()
    assert client.get(f"/attachments/{item.token}/view/").status_code == 404
