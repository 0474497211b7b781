"""Who may do what with a 督办单, door by door (the admin's list, the notice's page, its steps, its screenshots,
the issue page), as the permission matrix (docs/permissions.md) reads: ✓ allowed, ✗ refused (403, or the step
refused with its message and nothing changed), 404 not visible (absent from the list, 404 on the page) —
never its content.

The notice is the office's to the 县发展和改革委员会 (the conftest county's `department`). Columns: that
department's 经办人, 部门负责人, 分管领导; another department's 经办人 (本级他单位); a town's 经办人 (下级区划);
the county's 政务公开办; another county's 政务公开办 (其他区划); a signed-in account with no role; anonymous."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from disclosures.tests.factories import draft
from disclosures.tests.files import pdf_bytes
from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, UserFactory, member
from supervision import services
from supervision.choices import Status
from supervision.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-02T09:00")]

COLUMNS = ("clerk", "reviewer", "signer", "other_clerk", "town_clerk", "office", "outer_office", "no_role", "anonymous")
OK, REFUSED, HIDDEN = "✓", "✗", "404"

# action: the state the notice is in first, then one cell per column.
MATRIX = {
    "view":          (Status.ISSUED,   "✓ ✓ ✓ 404 404 ✓ 404 404 404"),
    "issue":         (None,            "✗ ✗ ✗ ✗ ✗ ✓ ✗ ✗ ✗"),
    "answer":        (Status.ISSUED,   "✓ ✓ ✗ 404 404 ✗ 404 404 404"),
    "evidence":      (Status.ISSUED,   "✓ ✓ ✓ 404 404 ✓ 404 404 404"),
    "submit_answer": (Status.ISSUED,   "✗ ✓ ✗ 404 404 ✗ 404 404 404"),
    "accept":        (Status.ANSWERED, "✗ ✗ ✗ 404 404 ✓ 404 404 404"),
    "return":        (Status.ANSWERED, "✗ ✗ ✗ 404 404 ✓ 404 404 404"),
    "escalate":      (Status.RETURNED, "✗ ✗ ✗ 404 404 ✓ 404 404 404"),
}  # fmt: skip


def _people(org) -> dict:
    outer = JurisdictionFactory(name="外县", code="WX", level=JurisdictionLevel.COUNTY)
    outer_office = DepartmentFactory(jurisdiction=outer, name="外县政府办公室", code="WXZFB", is_office=True)
    return {
        "clerk": org.clerk, "reviewer": org.reviewer, "signer": org.signer, "other_clerk": org.other_clerk,
        "town_clerk": org.town_clerk, "office": org.office, "outer_office": member(outer_office, Role.OFFICE, "wx_office"),
        "no_role": UserFactory(username="no_role", is_staff=True), "anonymous": None,
    }  # fmt: skip


def _notice(org, state) -> Notice:
    notice = services.notice_issue(actor=org.office, department=org.department, required_action="权限矩阵督办要求",
                                   records=[draft(org.clerk, org.department, title="权限矩阵逾期信息")])
    if state in (Status.ANSWERED, Status.RETURNED):
        items = {item.pk: ("fixed", "", None) for item in notice.items.all()}
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施", items=items)
        services.notice_submit_answer(notice=notice, actor=org.reviewer)
    if state == Status.RETURNED:
        services.notice_return(notice=notice, actor=org.office, comment="重新整改")
    return notice


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _expect_hidden(response) -> None:
    assert response.status_code in (302, 403, 404), response.status_code  # 403: an account with no role
    if response.status_code == 302:
        assert "/admin/" in response.url
    assert "权限矩阵督办要求" not in response.content.decode()


CASES = [(action, column) for action in MATRIX for column in COLUMNS]
DOC = Path(settings.BASE_DIR) / "docs" / "permissions.md"


def test_the_document_has_the_same_table():
    """docs/permissions.md's two 督办 tables, cell by cell (the tables are the data: they cannot drift)."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("| 督办操作 |"))
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        parts = [cell.strip() for cell in line.strip("|").split("|")]
        rows[re.search(r"`notice\.([a-z_]+)`", parts[0]).group(1)] = " ".join(parts[1 : 1 + len(COLUMNS)])
    assert rows == {action: row for action, (_state, row) in MATRIX.items()}
    others = {}
    start = next(index for index, line in enumerate(lines) if line.startswith("| 其他督办操作 |"))
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        parts = [cell.strip() for cell in line.strip("|").split("|")]
        others[re.search(r"`([a-z_.]+)`", parts[0]).group(1)] = " ".join(parts[1 : 1 + len(COLUMNS)])
    assert others == OTHER_MATRIX


@pytest.mark.parametrize(("action", "column"), CASES, ids=[f"{a}-{c}" for a, c in CASES])
def test_notice_permissions(org, action, column):
    state, row = MATRIX[action]
    cell = dict(zip(COLUMNS, row.split(), strict=True))[column]
    user = _people(org)[column]
    client = _client(user)
    if action == "issue":
        response = client.post(reverse("admin:supervision_notice_add"), {
            "department": org.department.pk, "level": "supervise", "required_action": "整改。", "other_items": "事项",
        })
        # ✗: 403, the login page, or (another county's office) the form refusing a department it does not oversee.
        assert Notice.objects.exists() is (cell == OK), response.status_code
        return
    notice = _notice(org, state)
    if action == "submit_answer":  # a complete answer, drafted by the clerk
        items = {item.pk: ("fixed", "", None) for item in notice.items.all()}
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施", items=items)
    change = reverse("admin:supervision_notice_change", args=[notice.pk])
    do = reverse("admin:supervision_notice_do", args=[notice.pk])
    if action == "view":
        listing = client.get(reverse("admin:supervision_notice_changelist"))
        page = client.get(change)
        if cell == OK:
            assert page.status_code == 200 and "权限矩阵督办要求" in page.content.decode()
            assert notice.number in listing.content.decode()
        else:
            _expect_hidden(page)
            assert notice.number not in listing.content.decode()
        return
    if action == "evidence":
        evidence = services.evidence_add(notice=notice, actor=org.clerk, uploaded_file=SimpleUploadedFile(
            "截图.pdf", pdf_bytes("shot"), content_type="application/pdf"))
        response = client.get(reverse("admin:supervision_notice_evidence", args=[notice.pk, evidence.pk]))
        if cell == OK:
            assert response.status_code == 200
        else:
            _expect_hidden(response)
        return
    before = (notice.status, notice.cause, Notice.objects.count())
    data = {"op": action, "comment": "权限矩阵意见"}
    if action == "answer":
        data |= {"cause": "权限矩阵原因", "measures": "权限矩阵措施"}
    response = client.post(do, data)
    notice.refresh_from_db()
    after = (notice.status, notice.cause, Notice.objects.count())
    if cell == HIDDEN:
        _expect_hidden(response)
        assert after == before
    elif cell == REFUSED:
        assert response.status_code == 302 and after == before
    else:
        assert response.status_code == 302 and after != before


API_CASES = [(action, column) for action in ("view", "submit_answer", "accept", "return", "escalate") for column in COLUMNS]


@pytest.mark.parametrize(("action", "column"), API_CASES, ids=[f"api-{a}-{c}" for a, c in API_CASES])
def test_notice_permissions_through_the_api(org, action, column):
    """The same cells at /api/v1/supervision-notices/: ✓ 200; ✗ 403; 404 — 401/403 for anonymous and no role."""
    state, row = MATRIX[action]
    cell = dict(zip(COLUMNS, row.split(), strict=True))[column]
    user = _people(org)[column]
    notice = _notice(org, state)
    if action == "submit_answer":
        items = {item.pk: ("fixed", "", None) for item in notice.items.all()}
        services.notice_answer_edit(notice=notice, actor=org.clerk, cause="原因", measures="措施", items=items)
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    url = f"/api/v1/supervision-notices/{notice.pk}/"
    if action == "view":
        response = client.get(url)
    else:
        response = client.post(f"{url}{action.replace('_', '-')}/", {"comment": "权限矩阵意见"}, format="json")
    before, after = notice.status, Notice.objects.get(pk=notice.pk).status
    if cell == OK:
        assert response.status_code == 200, response.content
        assert action == "view" or after != before
    elif cell == REFUSED:
        assert response.status_code == 403 and after == before
    else:
        expected = {"anonymous": (401, 403), "no_role": (403,)}.get(column, (404,))
        assert response.status_code in expected and after == before, response.status_code
        assert "权限矩阵督办要求" not in response.content.decode()


# ---------------------------------------------------------------------------------------------
# 通报, 投诉举报, 考核, 半年工作进展情况: the same columns (the county's office issues; "本单位" is the 发改委)
# ---------------------------------------------------------------------------------------------
OTHER_MATRIX = {
    "circular.view_draft":    "404 404 404 404 404 ✓ 404 404 404",
    "circular.view_internal": "✓ ✓ ✓ ✓ ✓ ✓ 404 404 404",
    "circular.publish":       "✗ ✗ ✗ ✗ ✗ ✓ 404 404 404",
    "complaint.view":         "404 404 404 404 404 ✓ 404 404 404",
    "assessment.view":        "404 404 404 404 404 ✓ 404 404 404",
    "progress.view":          "✓ ✓ ✓ 404 404 ✓ 404 404 404",
    "progress.submit":        "✗ ✓ ✗ 404 404 ✗ 404 404 404",
}  # fmt: skip
OTHER_CASES = [(action, column) for action in OTHER_MATRIX for column in COLUMNS]


def _thing(org, action: str):
    """The circular, complaint, assessment or progress report the row acts on."""
    kind = action.split(".")[0]
    if kind == "circular":
        circular = services.circular_generate(actor=org.office, start=datetime.date(2026, 10, 1),
                                              end=datetime.date(2026, 10, 31), title="权限矩阵通报")
        if action != "circular.view_draft":
            services.circular_issue(circular=circular, actor=org.office)
        return circular, "circular", "权限矩阵通报"
    if kind == "complaint":
        complaint = services.complaint_register(actor=org.office, channel="online", received_on=datetime.date(2026, 11, 2),
                                                complainant="权限矩阵投诉人", content="权限矩阵投诉内容",
                                                about_department=org.department)
        return complaint, "complaint", "权限矩阵投诉内容"
    if kind == "assessment":
        assessment = services.assessment_take(office=org.office_department, start=datetime.date(2026, 10, 1),
                                              end=datetime.date(2026, 10, 31))
        return assessment, "assessment", "县发展和改革委员会"
    report = services.progress_save(department=org.department, year=2026, half=2, actor=org.clerk, text="权限矩阵进展")
    return report, "progressreport", "权限矩阵进展"


@pytest.mark.parametrize(("action", "column"), OTHER_CASES, ids=[f"{a}-{c}" for a, c in OTHER_CASES])
def test_other_supervision_permissions(org, action, column):
    cell = dict(zip(COLUMNS, OTHER_MATRIX[action].split(), strict=True))[column]
    client = _client(_people(org)[column])
    thing, model, marker = _thing(org, action)
    if action in ("circular.publish", "progress.submit"):
        url = (reverse("admin:supervision_circular_do", args=[thing.pk]) if action == "circular.publish"
               else reverse("admin:supervision_progressreport_submit", args=[thing.pk]))
        response = client.post(url, {"op": "publish"})
        thing.refresh_from_db()
        done = thing.status == "published" if action == "circular.publish" else thing.submitted_at is not None
        if cell == OK:
            assert response.status_code == 302 and done
        elif cell == REFUSED:
            assert response.status_code in (302, 403) and not done
        else:
            _expect_hidden(response)
            assert not done
        return
    response = client.get(reverse(f"admin:supervision_{model}_change", args=[thing.pk]))
    if cell == OK:
        assert response.status_code == 200 and marker in response.content.decode()
    elif cell == REFUSED:
        assert response.status_code in (302, 403) and marker not in response.content.decode()
    else:
        _expect_hidden(response)
