"""起草 → 审核 → 签发 → 发布 in the admin, in a real browser, by three people; then a citizen finds it."""

import datetime
import re

import pytest

from catalogue.models import CatalogueEntry
from disclosures.choices import Status
from disclosures.models import Disclosure
from organizations.models import Department
from projects.models import Project

from .support import DESKTOP, PHONE, screenshot

try:
    from playwright.sync_api import expect
except ImportError:  # the root conftest skips (locally) or fails (CI) every browser test
    expect = None

pytestmark = pytest.mark.browser

TITLE = "关于青山县城西农产品冷链仓储项目核准的批复"


def test_clerk_enters_reviewer_and_signer_approve_and_the_citizen_finds_it(demo, new_page, login):
    base = demo.url
    department = Department.objects.get(code="QSFGW")  # the demo clerk's 发展和改革委员会
    entry = CatalogueEntry.objects.get(code="projects-approval-result-verification")
    project = Project.objects.filter(lead_department=department).order_by("pk").first()
    assert department.jurisdiction.auto_publish, "the demo county publishes on signing"
    approved_on = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()

    # The clerk drafts the record: the 标准目录事项 decides the category, whose structured fields appear.
    clerk = new_page(DESKTOP)
    login(clerk, base, "clerk")
    clerk.goto(f"{base}/admin/disclosures/disclosure/add/")
    clerk.select_option("#id_department", str(department.pk))
    details = clerk.locator("fieldset.details-approval_result")
    expect(details).to_be_hidden()
    # The 标准目录 is long: typed words keep the entries that have them.
    clerk.fill("#catalogue-entry-filter", "核准")
    expect(clerk.locator(f"#id_catalogue_entry option[value='{entry.pk}']")).not_to_have_attribute("hidden", "")
    assert clerk.locator("#id_catalogue_entry option:not([hidden])").count() < 10
    clerk.select_option("#id_catalogue_entry", str(entry.pk))
    expect(details).to_be_visible()
    expect(clerk.locator("fieldset.details-bidding")).to_be_hidden()
    # The record is about one of the department's projects: it joins the project's life cycle.
    expect(clerk.locator("fieldset.subject-projects")).to_be_visible()
    expect(clerk.locator("fieldset.subject-welfare")).to_be_hidden()
    clerk.select_option("#id_subject__projects", str(project.pk))
    clerk.fill("#id_title", TITLE)
    clerk.fill("#id_doc_no", "青发改核〔2026〕12号")
    clerk.fill("#id_formed_on", approved_on)  # required, no silent "today": it starts the legal clock
    clerk.fill("#id_body", "经审查，同意青山县城西农产品冷链仓储项目核准。项目总投资 8,600 万元。")
    clerk.select_option("#id_d__approval_result__approval_item", "verification")
    clerk.fill("#id_d__approval_result__reply_no", "青发改核〔2026〕12号")
    clerk.fill("#id_d__approval_result__authority", "青山县发展和改革委员会")
    clerk.fill("#id_d__approval_result__approved_on", approved_on)
    clerk.select_option("#id_d__approval_result__result", "approved")
    clerk.click("input[name=_continue]")
    expect(clerk.locator("#workflow-status")).to_have_text(Status.DRAFT.label)
    record = Disclosure.objects.get(title=TITLE)
    assert (record.domain, record.category, record.catalogue_entry_id) == ("projects", "approval_result", entry.pk)
    assert record.details["reply_no"] == "青发改核〔2026〕12号"
    assert record.project_link.project == project
    change_url = f"{base}/admin/disclosures/disclosure/{record.pk}/change/"
    screenshot(clerk, "admin-record")

    clerk.click("#wf-submit")
    expect(clerk.locator("#workflow-status")).to_have_text(Status.SUBMITTED.label)
    expect(clerk.locator("#wf-review")).to_have_count(0)  # nobody reviews their own record

    # The department head reviews, the deputy county head signs (and the county publishes on signing).
    reviewer = new_page(DESKTOP)
    login(reviewer, base, "reviewer")
    reviewer.goto(change_url)
    reviewer.click("#wf-review")
    expect(reviewer.locator("#workflow-status")).to_have_text(Status.REVIEWED.label)

    signer = new_page(DESKTOP)
    login(signer, base, "signer")
    signer.goto(change_url)
    signer.click("#wf-sign")
    expect(signer.locator("#workflow-status")).to_have_text(Status.PUBLISHED.label)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert re.fullmatch(r"QSFGW-\d{4}-\d{6}", record.index_no)
    expect(signer.locator(".messagelist")).to_contain_text(record.index_no)

    # A citizen, on a phone, finds it in its column and sees its 索引号 on its page.
    citizen = new_page(PHONE)
    citizen.goto(f"{base}/column/projects/approval_result/")
    citizen.get_by_role("link", name=TITLE).click()
    expect(citizen.locator("h1.document__title")).to_have_text(TITLE)
    catalogue_data = citizen.locator("table.meta-table").first
    expect(catalogue_data.locator("tr", has_text="索引号")).to_contain_text(record.index_no)
    expect(catalogue_data).to_contain_text("青发改核〔2026〕12号")
    expect(citizen.locator(".details-table")).to_contain_text("项目核准")
    screenshot(citizen, "published-record")
