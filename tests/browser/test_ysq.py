"""依申请公开 as a citizen does it on a phone (360 px): the guide, the online form (a mistake first, then
right), the receipt with the 申请编号 and 查询码, and the status page before and after the office confirms
the receipt. No account is needed; axe-core finds nothing serious on the three pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from disclosures.tests.files import pdf_bytes
from inforequests import services
from inforequests.models import InfoRequest

from .support import PHONE, axe_violations, describe, horizontal_overflow, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser


def test_a_citizen_applies_on_a_phone_and_follows_the_request(demo, new_page, tmp_path):
    before = InfoRequest.objects.count()  # the demo's own
    page = new_page(PHONE)
    page.goto(f"{demo.url}/ysq/")
    assert not horizontal_overflow(page)
    page.click("#ysq-apply")
    expect(page.locator("h1")).to_have_text("在线提交政府信息公开申请")
    assert not (found := axe_violations(page)), describe(found)

    page.select_option("#id_addressed_to", label="青山县人民政府（青山县人民政府办公室受理）")
    page.fill("#id_applicant_name", "李明")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "530102199001011234")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_description", "2026年城西片区棚户区改造项目的征收补偿方案")
    page.select_option("#id_delivery", "email")  # …but no e-mail address yet
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(pdf_bytes("ID"))
    page.set_input_files("#id_identity_file", str(scan))
    page.check("#id_agree")
    page.click("#ysq-submit")
    expect(page.locator("#ysq-errors")).to_contain_text("请修正下面标出的 1 项")
    expect(page.locator(".ysq-field--error")).to_contain_text("请填写电子邮箱")
    assert InfoRequest.objects.count() == before  # nothing saved

    page.fill("#id_email", "liming@example.com")
    page.set_input_files("#id_identity_file", str(scan))  # a file input is never refilled by the server
    page.click("#ysq-submit")
    expect(page.locator("h1")).to_have_text("申请已提交")
    number = page.locator("#receipt-number").inner_text()
    code = page.locator("#receipt-code").inner_text()
    assert InfoRequest.objects.get(number=number).check_query_code(code)
    assert not horizontal_overflow(page)
    screenshot(page, "ysq-receipt")

    page.click("text=查询办理进度")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.click("#lookup-submit")
    expect(page.locator("#status-state")).to_have_text("待确认")
    expect(page.locator("#status-received")).to_have_text("待确认")
    assert not (found := axe_violations(page)), describe(found)

    # The office confirms the receipt with the applicant (第三十一条); the clock starts.
    request = InfoRequest.objects.get(number=number)
    today = timezone.localdate()
    services.request_confirm(request=request, actor=get_user_model().objects.get(username="office"), on=today)
    request.refresh_from_db()
    page.goto(f"{demo.url}/ysq/status/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.click("#lookup-submit")
    expect(page.locator("#status-state")).to_have_text("待分办")
    expect(page.locator("#status-received")).to_have_text(today.isoformat())
    expect(page.locator("#status-due")).to_have_text(request.due_on.isoformat())
    assert request.due_on > today + datetime.timedelta(days=20)  # 20 working days
    assert not horizontal_overflow(page)
    screenshot(page, "ysq-status")
