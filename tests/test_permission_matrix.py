"""
The permission matrix (docs/permissions.md), tested cell by cell through every door that offers the
action: the API, the admin (lists, change pages, workflow buttons and their POSTs), the dashboard and
its exports, the public exports.

The table is data (tests/permission_matrix_data.py); `DOORS` says, per action, how each door is
asked and what ✓ / ✗ / 404 mean there. One test per cell (action × column) runs every door of its
row and reports each door that disagrees; each door builds only the record, subject or entry it
needs, through the services (read-only doors of a cell share theirs). A door with a known bug runs
as its own test, marked xfail(strict=True). A new door is one more function in `DOORS`; a new
per-record API action fails `test_every_api_action_is_in_the_matrix` until it has a row.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.admin import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.choices import LoginEventAction
from catalogue.models import CatalogueEntry
from core.exceptions import ActionForbidden
from core.models import AuditEntry
from disclosures import search_help, services
from disclosures.api.views import DisclosureViewSet
from disclosures.choices import Status
from disclosures.details import placeholder_details
from disclosures.models import Disclosure, SynonymGroup
from disclosures.tests.factories import YESTERDAY, draft
from namelists import services as namelist_services
from namelists.models import NameList
from organizations.choices import JurisdictionLevel, Role
from organizations.models import Membership
from organizations.selectors import user_scope
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, UserFactory, member
from projects import services as project_services
from projects.models import Project
from projects.tests.factories import project_fields
from resources import services as resource_services
from resources.models import BlacklistEntry, ResourceMatter
from resources.tests.factories import entry_fields, matter_fields
from welfare import services as welfare_services
from welfare.models import Programme
from welfare.tests.factories import programme_fields

from .permission_matrix_data import COLUMN_LABELS, COLUMNS, HIDDEN, KNOWN_BUGS, MATRIX, OK, REFUSED, cells

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
COMMENT = "权限矩阵测试意见"


# ---------------------------------------------------------------------------------------------
# The world: the conftest county (org) plus another county; users are added where a test needs them
# ---------------------------------------------------------------------------------------------
class World:
    """What the tests act on and who acts. Built lazily: a test pays only for the departments,
    people and things its doors use."""

    def __init__(self, org):
        self.org = org
        self._people = {
            (org.department.pk, Role.CLERK): org.clerk,
            (org.department.pk, Role.REVIEWER): org.reviewer,
            (org.department.pk, Role.SIGNER): org.signer,
            (org.other_department.pk, Role.CLERK): org.other_clerk,
            (org.other_department.pk, Role.REVIEWER): org.other_reviewer,
            (org.town_department.pk, Role.CLERK): org.town_clerk,
        }

    @cached_property
    def outer_department(self):
        """A department of another county (外县), beside the conftest county."""
        county = JurisdictionFactory(name="外县", code="WX", level=JurisdictionLevel.COUNTY)
        return DepartmentFactory(jurisdiction=county, name="外县发展和改革委员会", code="WXFGW")

    @cached_property
    def outer_office(self):
        county = self.outer_department.jurisdiction
        office = DepartmentFactory(jurisdiction=county, name="外县政府办公室", code="WXZFB", is_office=True)
        return member(office, Role.OFFICE, "outer_office")

    @cached_property
    def no_role(self):
        return UserFactory(username="no_role")

    def person(self, department, role: str):
        """The department's clerk, reviewer or signer (created the first time one is needed)."""
        key = (department.pk, role)
        if key not in self._people:
            self._people[key] = member(department, role, f"{department.code.lower()}_{role}")
        return self._people[key]

    def actor(self, column: str):
        if column == "anonymous":
            return None
        if column == "no_role":
            return self.no_role
        return getattr(self.org, column.split(":")[0])

    def department(self, column: str):
        """The department of the thing acted on, seen from the column's user."""
        role, _, scope = column.partition(":")
        if scope == "own":
            return self.org.office_department if role == "office" else self.org.department
        if scope == "dept":
            return self.org.department if role == "office" else self.org.other_department
        if scope == "lower":
            return self.org.town_department
        if scope == "outer":
            return self.outer_department
        return self.org.department  # no role, anonymous: any department

    # --- things to act on, built through the services by the department's own people ----------
    def record(self, department, status: str = Status.DRAFT, **fields) -> Disclosure:
        clerk = self.person(department, Role.CLERK)
        fields.setdefault("title", f"权限矩阵{status}记录{department.code}")
        record = draft(clerk, department, **fields)
        steps = [
            (Status.SUBMITTED, lambda: services.disclosure_submit(disclosure=record, actor=clerk)),
            (Status.REVIEWED, lambda: services.disclosure_review(disclosure=record, actor=self.person(department, Role.REVIEWER))),
            (Status.APPROVED, lambda: self._sign(record, self.person(department, Role.SIGNER))),
            (Status.PUBLISHED, lambda: services.disclosure_publish(disclosure=record, actor=clerk)),
        ]
        for reached, step in steps:
            if record.status == status:
                break
            step()
            assert record.status == reached
        assert record.status == status
        return record

    @staticmethod
    def _sign(record, signer):
        """签发 without publishing (the jurisdiction publishes on approval by default)."""
        jurisdiction = record.department.jurisdiction
        jurisdiction.auto_publish = False
        jurisdiction.save()
        try:
            services.disclosure_sign(disclosure=record, actor=signer)
        finally:
            jurisdiction.auto_publish = True
            jurisdiction.save()

    def subject(self, kind: "SubjectKind", department):
        where = SimpleNamespace(county=department.jurisdiction, department=department)
        fields = kind.fields(where) | {"name": f"权限矩阵{kind.noun}{department.code}"}
        return kind.create(actor=self.person(department, Role.CLERK), **fields)

    def blacklist_entry(self, department) -> BlacklistEntry:
        """An entry not yet in force (列入日期 in the future): not public, so only its scope sees it."""
        today = timezone.localdate()
        fields = entry_fields(SimpleNamespace(department=department), starts_on=today + datetime.timedelta(days=10))
        fields["subject_name"] = f"权限矩阵失信企业{department.code}"
        return resource_services.blacklist_entry_create(actor=self.person(department, Role.CLERK), **fields)

    def name_list(self, department) -> NameList:
        record = self.record(department, domain="resources", category="housing", title=f"权限矩阵名单记录{department.code}")
        return namelist_services.name_list_save(
            actor=self.person(department, Role.CLERK),
            disclosure=record,
            entries=[{"name": "张三明", "id_number": "110101199003071234", "locality": "白水村"}],
        )


@pytest.fixture
def world(org) -> World:
    return World(org)


# ---------------------------------------------------------------------------------------------
# Clients and the meaning of a cell at each kind of door
# ---------------------------------------------------------------------------------------------
_HANDLERS: dict[type, object] = {}


def _shared_handler(client):
    """Every client of a kind shares one handler: building a handler's middleware chain scans the
    static files (WhiteNoise), which costs more than most of these tests. The handler keeps no user:
    the test client's cookies and APIClient.force_authenticate (reset for each client) say who asks."""
    client.handler = _HANDLERS.setdefault(type(client.handler), client.handler)
    return client


def api(actor) -> APIClient:
    client = _shared_handler(APIClient())
    client.force_authenticate(actor)
    return client


def browser(actor) -> Client:
    client = _shared_handler(Client())
    if actor is not None:
        client.force_login(actor)
    return client


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def api_status(response, cell: str, actor, *, ok: int = 200, refused: int = 403, marker: str = "") -> None:
    """API: ✓ → `ok`; ✗ → `refused` (401 when anonymous); 404 → 404 without the marker."""
    expected = {OK: ok, REFUSED: 401 if actor is None else refused, HIDDEN: 404}[cell]
    assert response.status_code == expected, body(response)[:500]
    if cell == HIDDEN and marker:
        assert marker not in body(response)


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def assert_admin_hidden(response, actor, marker: str = "") -> None:
    """The admin answers as for a missing object (redirect with a message, 404) or, for an account
    without any role, 403 — never with the object's content."""
    if actor is None:
        assert_login_redirect(response)
    else:
        assert response.status_code in (302, 403, 404), response.status_code
        if response.status_code == 302:
            assert reverse("admin:login") not in response.url
    if marker:
        assert marker not in body(response)


def admin_page(client: Client, url: str, cell: str, actor, *, marker: str = "", refused: int | None = None):
    """GET an admin page: ✓ → 200 (with the marker); ✗ → `refused` when given (else 200); 404 → hidden.
    Returns the 200 response (or None)."""
    response = client.get(url)
    if actor is None and cell != OK:
        assert_login_redirect(response)
        return None
    if cell == HIDDEN:
        assert_admin_hidden(response, actor, marker)
        return None
    if cell == REFUSED and refused is not None:
        assert response.status_code == refused
        return None
    assert response.status_code == 200, response.status_code
    if marker and cell == OK:
        assert marker in body(response)
    return response


def admin_form(client: Client, url: str, cell: str, actor, *, marker: str = "") -> None:
    """An admin change page: ✓ → editable; ✗ → read-only (and a POST is refused with 403); 404 → hidden."""
    response = admin_page(client, url, cell, actor, marker=marker)
    if response is None:
        return
    if cell == REFUSED and response.context is None:
        pytest.fail("expected a read-only change page")
    assert response.context["has_change_permission"] is (cell == OK)
    if cell == REFUSED:
        assert client.post(url, {}).status_code == 403


def service_call(cell: str, call: Callable[[], object]) -> None:
    """A service: ✓ → done; ✗ or 404 → ActionForbidden (a service has no notion of visibility)."""
    if cell == OK:
        call()
    else:
        with pytest.raises(ActionForbidden):
            call()


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


# ---------------------------------------------------------------------------------------------
# Doors. Each takes a Case and asserts what its cell means there.
# ---------------------------------------------------------------------------------------------
@dataclass
class Case:
    """One cell of the table: an action, a column, and what the cell's doors share."""

    world: World
    action: str
    column: str
    _shared: dict = field(default_factory=dict)

    @property
    def cell(self) -> str:
        return cells(self.action)[self.column]

    @property
    def actor(self):
        return self.world.actor(self.column)

    @property
    def department(self):
        return self.world.department(self.column)

    def once(self, key, make: Callable[[], object]):
        """Something the cell's read-only doors share (a record, a client), made once."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    def api(self) -> APIClient:
        return self.once("api", lambda: api(self.actor))

    def browser(self) -> Client:
        return self.once("browser", lambda: browser(self.actor))

    def draft(self) -> Disclosure:
        return self.once("draft", lambda: self.world.record(self.department))


@dataclass(frozen=True)
class Door:
    name: str
    check: Callable[[Case], None]
    anonymous: bool = True  # False: the door is a service an anonymous visitor cannot reach


# --- records: reading -------------------------------------------------------------------------
def record_api_retrieve(case: Case) -> None:
    record = case.draft()
    response = case.api().get(f"/api/v1/disclosures/{record.pk}/")
    api_status(response, case.cell, case.actor, marker=record.title)
    if case.cell == OK:
        assert response.json()["title"] == record.title


def record_api_list(case: Case) -> None:
    record = case.draft()
    response = case.api().get("/api/v1/disclosures/", {"page_size": 100})
    assert response.status_code == 200
    assert (record.pk in {row["id"] for row in response.json()["results"]}) is (case.cell == OK)
    assert (record.title in body(response)) is (case.cell == OK)


def record_admin_change(case: Case) -> None:
    record = case.draft()
    admin_page(case.browser(), admin_url("disclosures_disclosure_change", record.pk), case.cell, case.actor,
               marker=record.title)


def record_admin_history(case: Case) -> None:
    record = case.draft()
    admin_page(case.browser(), admin_url("disclosures_disclosure_history", record.pk), case.cell, case.actor,
               marker=record.title)


def record_admin_changelist(case: Case) -> None:
    record = case.draft()
    response = case.browser().get(admin_url("disclosures_disclosure_changelist"))
    if case.actor is None:
        assert_login_redirect(response)
    elif case.actor is case.world.no_role:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert (record.title in body(response)) is (case.cell == OK)


def published_api_retrieve(case: Case) -> None:
    record = case.once("published", lambda: case.world.record(case.department, Status.PUBLISHED))
    response = case.api().get(f"/api/v1/disclosures/{record.pk}/")
    api_status(response, case.cell, case.actor)
    assert response.json()["title"] == record.title


def published_public_page(case: Case) -> None:
    record = case.once("published", lambda: case.world.record(case.department, Status.PUBLISHED))
    response = case.browser().get(record.get_absolute_url())
    assert response.status_code == 200
    assert record.title in body(response)


# --- records: creating ------------------------------------------------------------------------
def create_api(case: Case) -> None:
    payload = {
        "department": case.department.pk,
        "category": "approval_result",
        "title": "权限矩阵新建记录",
        "formed_on": YESTERDAY.isoformat(),
        "disclosure_mode": "active",
        "body": "<p>正文</p>",
        "details": placeholder_details("projects", "approval_result"),
    }
    response = case.api().post("/api/v1/disclosures/", payload, format="json")
    api_status(response, case.cell, case.actor, ok=201, refused=400)
    if case.cell == REFUSED and case.actor is not None:
        assert "department" in response.json()
    assert Disclosure.objects.filter(title="权限矩阵新建记录").exists() is (case.cell == OK)


def create_admin_form(case: Case) -> None:
    """The add form offers the department (✓) or not (✗); without any department to offer, 403."""
    response = case.browser().get(admin_url("disclosures_disclosure_add"))
    if case.actor is None:
        return assert_login_redirect(response)
    if response.status_code == 403:
        assert case.cell == REFUSED
        return
    assert response.status_code == 200
    offered = response.context["adminform"].form.fields["department"].queryset
    assert offered.filter(pk=case.department.pk).exists() is (case.cell == OK)


def create_admin_import(case: Case) -> None:
    """Excel 批量导入: the template of a department is refused (403) outside the user's departments."""
    url = admin_url("disclosures_disclosure_import_template")
    response = case.browser().get(url, {"department": case.department.pk, "category": "projects:approval_result"})
    if case.actor is None:
        return assert_login_redirect(response)
    assert response.status_code == (200 if case.cell == OK else 403)
    if case.cell == OK:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --- records: editing a draft -----------------------------------------------------------------
def edit_api(case: Case) -> None:
    record = case.world.record(case.department)
    payload = {"title": "权限矩阵改后标题", "lock_version": record.lock_version}
    response = case.api().patch(f"/api/v1/disclosures/{record.pk}/", payload, format="json")
    api_status(response, case.cell, case.actor, marker=record.title)
    record.refresh_from_db()
    assert (record.title == "权限矩阵改后标题") is (case.cell == OK)


def edit_admin_form(case: Case) -> None:
    record = case.world.record(case.department)
    admin_form(case.browser(), admin_url("disclosures_disclosure_change", record.pk), case.cell, case.actor,
               marker=record.title)
    record.refresh_from_db()
    assert record.lock_version == 0


def attach_api(case: Case) -> None:
    record = case.world.record(case.department)
    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = case.api().post(f"/api/v1/disclosures/{record.pk}/attachments/", {"file": upload})
    api_status(response, case.cell, case.actor, ok=201, marker=record.title)
    assert record.attachments.exists() is (case.cell == OK)


# --- records: workflow steps ------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    state: str  # the state the step starts from
    action: str  # the API action and the admin button
    done: Callable[[Disclosure], bool]
    ok: int = 200


WORKFLOW = {
    "record.submit": Step(Status.DRAFT, "submit", lambda r: r.status == Status.SUBMITTED),
    "record.recall": Step(Status.SUBMITTED, "recall", lambda r: r.status == Status.DRAFT),
    "record.review": Step(Status.SUBMITTED, "review", lambda r: r.status == Status.REVIEWED),
    "record.reject_submitted": Step(Status.SUBMITTED, "reject", lambda r: r.status == Status.DRAFT),
    "record.sign": Step(Status.REVIEWED, "sign", lambda r: r.status in {Status.APPROVED, Status.PUBLISHED}),
    "record.reject_reviewed": Step(Status.REVIEWED, "reject", lambda r: r.status == Status.DRAFT),
    "record.publish": Step(Status.APPROVED, "publish", lambda r: r.status == Status.PUBLISHED),
    "record.withdraw": Step(Status.PUBLISHED, "withdraw", lambda r: r.status == Status.WITHDRAWN),
    "record.correct": Step(Status.PUBLISHED, "correct", lambda r: r.corrections.exists(), ok=201),
}


def workflow_api(case: Case) -> None:
    step = WORKFLOW[case.action]
    record = case.world.record(case.department, step.state)
    response = case.api().post(f"/api/v1/disclosures/{record.pk}/{step.action}/", {"comment": COMMENT}, format="json")
    api_status(response, case.cell, case.actor, ok=step.ok, marker=record.title if step.state == Status.DRAFT else "")
    record.refresh_from_db()
    assert step.done(record) is (case.cell == OK)


def workflow_admin_post(case: Case) -> None:
    """The button's POST: ✓ → done; ✗ → back to the change page with an error, nothing changed; 404."""
    step = WORKFLOW[case.action]
    record = case.world.record(case.department, step.state)
    data = {"action": step.action, "comment": COMMENT, "lock_version": record.lock_version}
    response = case.browser().post(admin_url("disclosures_disclosure_workflow", record.pk), data)
    if case.actor is None:
        assert_login_redirect(response)
    elif case.cell == HIDDEN:
        assert response.status_code == 404
        assert record.title not in body(response)
    else:
        assert response.status_code == 302
        if case.cell == REFUSED:  # back to the record's page, where the error message is shown
            assert response.url == admin_url("disclosures_disclosure_change", record.pk)
    record.refresh_from_db()
    assert step.done(record) is (case.cell == OK)


def workflow_record(case: Case) -> Disclosure:
    """The record in the step's starting state that the cell's read-only doors share."""
    step = WORKFLOW[case.action]
    return case.once(("workflow", step.state), lambda: case.world.record(case.department, step.state))


def workflow_admin_button(case: Case) -> None:
    step = WORKFLOW[case.action]
    record = workflow_record(case)
    response = admin_page(case.browser(), admin_url("disclosures_disclosure_change", record.pk), case.cell,
                          case.actor, marker=record.title)
    if response is not None:
        buttons = {button["action"] for button in response.context["workflow_buttons"]}
        assert (step.action in buttons) is (case.cell == OK)


def workflow_api_available(case: Case) -> None:
    """The record's `available_actions` in the API offers the step (✓) or not. A reader who cannot see
    the record gets 404; the public shape (anonymous, no role) has no `available_actions` at all."""
    step = WORKFLOW[case.action]
    record = workflow_record(case)
    response = case.api().get(f"/api/v1/disclosures/{record.pk}/")
    if response.status_code == 404:
        assert case.cell != OK and record.title not in body(response)
        return
    assert response.status_code == 200
    data = response.json()
    assert ("available_actions" in data) is user_scope(case.actor).is_staff_member
    assert (step.action in {item["action"] for item in data.get("available_actions", [])}) is (case.cell == OK)


# --- records: personal data (个人信息检查, 一键脱敏, 放行) ----------------------------------------
PHONE = "13812345678"


@dataclass(frozen=True)
class PiiStep:
    api: str  # the API action
    op: str  # the admin's op, and the flag of the admin panel that offers it
    payload: dict
    done: Callable[[Disclosure], bool]


PII = {
    "record.pii_scan": PiiStep("pii-scan", "", {}, lambda r: True),
    "record.pii_mask": PiiStep("pii-mask", "mask", {}, lambda r: PHONE not in r.body),
    "record.pii_override": PiiStep("pii-override", "override", {"reason": "公开的是单位服务热线"}, lambda r: bool(r.pii_override_at)),
}


def pii_draft(case: Case) -> Disclosure:
    return case.world.record(case.department, body=f"<p>联系人手机 {PHONE}</p>", title=f"权限矩阵个人信息{case.department.code}")


def pii_api(case: Case) -> None:
    step = PII[case.action]
    record = pii_draft(case)
    url = f"/api/v1/disclosures/{record.pk}/{step.api}/"
    client = case.api()
    response = client.get(url) if not step.op else client.post(url, step.payload, format="json")
    api_status(response, case.cell, case.actor, marker=record.title)
    if case.cell == OK and step.op != "mask":
        assert response.json()["findings"]
    record.refresh_from_db()
    if step.op:
        assert step.done(record) is (case.cell == OK)


def pii_admin_panel(case: Case) -> None:
    """The 个人信息检查 panel of the change page: shown to whoever sees the record, offering 一键脱敏
    and 放行 only to whoever may do them — one page for the three rows (their cells, same column)."""
    record = pii_draft(case)
    response = admin_page(case.browser(), admin_url("disclosures_disclosure_change", record.pk), case.cell,
                          case.actor, marker=record.title)
    if response is not None:
        panel = response.context["pii"]
        assert panel["rows"]
        for action in ("record.pii_mask", "record.pii_override"):
            assert panel[f"can_{PII[action].op}"] is (cells(action)[case.column] == OK), action


def pii_admin_post(case: Case) -> None:
    step = PII[case.action]
    record = pii_draft(case)
    data = {"op": step.op, "lock_version": record.lock_version, **step.payload}
    response = case.browser().post(admin_url("disclosures_disclosure_pii", record.pk), data)
    if case.actor is None:
        assert_login_redirect(response)
    elif case.cell == HIDDEN:
        assert response.status_code == 404
        assert record.title not in body(response)
    else:
        assert response.status_code == 302
    record.refresh_from_db()
    assert step.done(record) is (case.cell == OK)


def delete_admin(case: Case) -> None:
    record = case.draft()
    response = case.browser().post(admin_url("disclosures_disclosure_delete", record.pk), {"post": "yes"})
    if case.actor is None:
        assert_login_redirect(response)
    else:
        assert response.status_code == 403
    assert Disclosure.objects.filter(pk=record.pk).exists()


def delete_api(case: Case) -> None:
    record = case.draft()
    response = case.api().delete(f"/api/v1/disclosures/{record.pk}/")
    assert response.status_code == (401 if case.actor is None else 405)
    assert Disclosure.objects.filter(pk=record.pk).exists()


def audit_admin_changelist(case: Case) -> None:
    record = case.draft()
    response = case.browser().get(admin_url("core_auditentry_changelist"))
    if case.actor is None:
        return assert_login_redirect(response)
    if case.actor is case.world.no_role:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert (record.title in body(response)) is (case.cell == OK)


# --- name lists -------------------------------------------------------------------------------
def namelist_admin_changelist(case: Case) -> None:
    name_list = case.once("name_list", lambda: case.world.name_list(case.department))
    response = case.browser().get(admin_url("namelists_namelist_changelist"))
    if case.actor is None:
        return assert_login_redirect(response)
    assert response.status_code == 200
    assert (name_list.disclosure.title in body(response)) is (case.cell == OK)


def namelist_admin_print(case: Case) -> None:
    name_list = case.once("name_list", lambda: case.world.name_list(case.department))
    admin_page(case.browser(), admin_url("namelists_namelist_print", name_list.pk), case.cell, case.actor,
               marker="白水村")


def namelist_admin_form(case: Case) -> None:
    name_list = case.world.name_list(case.department)
    admin_form(case.browser(), admin_url("namelists_namelist_change", name_list.pk), case.cell, case.actor,
               marker=name_list.disclosure.title)


def namelist_service(case: Case) -> None:
    name_list = case.world.name_list(case.department)
    entries = [{"name": "李四", "locality": "石门村"}]
    service_call(
        case.cell,
        lambda: namelist_services.name_list_save(actor=case.actor, disclosure=name_list.disclosure, entries=entries),
    )


# --- subjects ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubjectKind:
    key: str
    noun: str
    model: type
    fields: Callable
    create: Callable
    update: Callable  # (actor, subject, **fields)
    department_field: str
    api: str

    @property
    def admin(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"


SUBJECTS = [
    SubjectKind("project", "项目", Project, project_fields, project_services.project_create,
                lambda actor, s, **f: project_services.project_update(actor=actor, project=s, **f),
                "lead_department", "projects"),
    SubjectKind("matter", "事项", ResourceMatter, matter_fields, resource_services.matter_create,
                lambda actor, s, **f: resource_services.matter_update(actor=actor, matter=s, **f),
                "department", "resource-matters"),
    SubjectKind("programme", "公益项目", Programme, programme_fields, welfare_services.programme_create,
                lambda actor, s, **f: welfare_services.programme_update(actor=actor, programme=s, **f),
                "department", "welfare-programmes"),
]  # fmt: skip


def subject_doors(make: Callable[[SubjectKind], Callable[[Case], None]], name: str, **kwargs) -> list[Door]:
    return [Door(f"{name}[{kind.key}]", make(kind), **kwargs) for kind in SUBJECTS]


def subject_admin_change(kind: SubjectKind):
    def check(case: Case) -> None:
        subject = case.once(kind, lambda: case.world.subject(kind, case.department))
        admin_page(case.browser(), admin_url(f"{kind.admin}_change", subject.pk), case.cell, case.actor,
                   marker=subject.name)

    return check


def subject_admin_changelist(kind: SubjectKind):
    def check(case: Case) -> None:
        subject = case.once(kind, lambda: case.world.subject(kind, case.department))
        response = case.browser().get(admin_url(f"{kind.admin}_changelist"))
        if case.actor is None:
            return assert_login_redirect(response)
        if case.actor is case.world.no_role:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        assert (subject.name in body(response)) is (case.cell == OK)

    return check


def subject_api_retrieve(kind: SubjectKind):
    def check(case: Case) -> None:
        subject = case.once(kind, lambda: case.world.subject(kind, case.department))
        response = case.api().get(f"/api/v1/{kind.api}/{subject.pk}/")
        api_status(response, case.cell, case.actor, marker=subject.name)

    return check


def subject_admin_add(kind: SubjectKind):
    """The add form offers the department (✓) or not (✗); without any department to offer, 403."""

    def check(case: Case) -> None:
        response = case.browser().get(admin_url(f"{kind.admin}_add"))
        if case.actor is None:
            return assert_login_redirect(response)
        if response.status_code == 403:
            assert case.cell == REFUSED
            return
        assert response.status_code == 200
        offered = response.context["adminform"].form.fields[kind.department_field].queryset
        assert offered.filter(pk=case.department.pk).exists() is (case.cell == OK)

    return check


def subject_create_service(kind: SubjectKind):
    def check(case: Case) -> None:
        department = case.department
        where = SimpleNamespace(county=department.jurisdiction, department=department)
        service_call(case.cell, lambda: kind.create(actor=case.actor, **kind.fields(where)))

    return check


def subject_admin_form(kind: SubjectKind):
    def check(case: Case) -> None:
        subject = case.world.subject(kind, case.department)
        admin_form(case.browser(), admin_url(f"{kind.admin}_change", subject.pk), case.cell, case.actor,
                   marker=subject.name)

    return check


def subject_update_service(kind: SubjectKind):
    def check(case: Case) -> None:
        subject = case.world.subject(kind, case.department)
        service_call(case.cell, lambda: kind.update(case.actor, subject, description="权限矩阵修改"))

    return check


def subject_add_record(kind: SubjectKind):
    """新增信息记录 from the subject's page: 404 outside the visible subjects, 403 without a department
    the user may draft for."""

    def check(case: Case) -> None:
        subject = case.world.subject(kind, case.department)
        record_kind = admin_site._registry[kind.model].record_kinds(subject)[0][0]
        url = admin_url(f"{kind.admin}_add_record", subject.pk, record_kind)
        admin_page(case.browser(), url, case.cell, case.actor, refused=403)

    return check


def subject_audit_entry(kind: SubjectKind | None):
    """The audit row of a subject's (or a 黑名单 entry's) creation, opened in the admin."""

    def check(case: Case) -> None:
        if kind is None:
            case.world.blacklist_entry(case.department)
        else:
            case.world.subject(kind, case.department)
        entry = AuditEntry.objects.filter(disclosure=None).latest("pk")
        admin_page(case.browser(), admin_url("core_auditentry_change", entry.pk), case.cell, case.actor)

    return check


# --- 黑名单 -----------------------------------------------------------------------------------
def blacklist_admin_change(case: Case) -> None:
    entry = case.once("entry", lambda: case.world.blacklist_entry(case.department))
    admin_page(case.browser(), admin_url("resources_blacklistentry_change", entry.pk), case.cell, case.actor,
               marker=entry.subject_name)


def blacklist_api_retrieve(case: Case) -> None:
    entry = case.once("entry", lambda: case.world.blacklist_entry(case.department))
    response = case.api().get(f"/api/v1/blacklist/{entry.pk}/")
    api_status(response, case.cell, case.actor, marker=entry.subject_name)


def blacklist_admin_add(case: Case) -> None:
    response = case.browser().get(admin_url("resources_blacklistentry_add"))
    if case.actor is None:
        return assert_login_redirect(response)
    if response.status_code == 403:
        assert case.cell == REFUSED
        return
    assert response.status_code == 200
    offered = response.context["adminform"].form.fields["department"].queryset
    assert offered.filter(pk=case.department.pk).exists() is (case.cell == OK)


def blacklist_create_service(case: Case) -> None:
    fields = entry_fields(SimpleNamespace(department=case.department))
    service_call(case.cell, lambda: resource_services.blacklist_entry_create(actor=case.actor, **fields))


def blacklist_admin_form(case: Case) -> None:
    entry = case.world.blacklist_entry(case.department)
    admin_form(case.browser(), admin_url("resources_blacklistentry_change", entry.pk), case.cell, case.actor,
               marker=entry.subject_name)


def blacklist_update_service(case: Case) -> None:
    entry = case.world.blacklist_entry(case.department)
    service_call(
        case.cell, lambda: resource_services.blacklist_entry_update(actor=case.actor, entry=entry, conduct="权限矩阵修改")
    )


# --- accounts ---------------------------------------------------------------------------------
def login_event(case: Case):
    person = case.world.person(case.department, Role.CLERK)
    return account_services.login_event_record(action=LoginEventAction.LOGIN, user=person)


def login_log_admin_change(case: Case) -> None:
    event = case.once("event", lambda: login_event(case))
    admin_page(case.browser(), admin_url("accounts_loginevent_change", event.pk), case.cell, case.actor, refused=403)


def login_log_admin_changelist(case: Case) -> None:
    event = case.once("event", lambda: login_event(case))
    response = case.browser().get(admin_url("accounts_loginevent_changelist"))
    if case.actor is None:
        return assert_login_redirect(response)
    assert response.status_code == (403 if case.cell == REFUSED else 200)
    if case.cell != REFUSED:
        assert (admin_url("accounts_loginevent_change", event.pk) in body(response)) is (case.cell == OK)


# --- the office's reference data --------------------------------------------------------------
def catalogue_admin_form(case: Case) -> None:
    """The catalogue is one for all jurisdictions: staff read it, the office changes it."""
    url = admin_url("catalogue_catalogueentry_change", CatalogueEntry.objects.order_by("pk").first().pk)
    if case.actor is case.world.no_role:
        assert case.browser().get(url).status_code == 403
        return
    admin_form(case.browser(), url, case.cell, case.actor)


def calendar_admin_add(case: Case) -> None:
    admin_page(case.browser(), admin_url("workdays_calendarday_add"), case.cell, case.actor, refused=403)


def synonym_group(case: Case) -> SynonymGroup:
    """A synonym group (检索同义词): one for the whole site, like the catalogue."""
    return case.once("synonyms", lambda: search_help.synonym_group_save(
        actor=None, group=SynonymGroup(terms="权限矩阵甲\n权限矩阵乙")))


def synonym_admin_form(case: Case) -> None:
    """Only the office sees the page (anyone else: 403, not even read-only)."""
    url = admin_url("disclosures_synonymgroup_change", synonym_group(case).pk)
    if case.cell == REFUSED:
        return admin_page(case.browser(), url, case.cell, case.actor, refused=403)
    admin_form(case.browser(), url, case.cell, case.actor)


def synonym_admin_add(case: Case) -> None:
    admin_page(case.browser(), admin_url("disclosures_synonymgroup_add"), case.cell, case.actor, refused=403)


def synonym_service(case: Case) -> None:
    group = SynonymGroup(terms="权限矩阵丙\n权限矩阵丁")
    service_call(case.cell, lambda: search_help.synonym_group_save(actor=case.actor, group=group))


def department_admin_form(case: Case) -> None:
    url = admin_url("organizations_department_change", case.department.pk)
    if case.cell == REFUSED:
        return admin_page(case.browser(), url, case.cell, case.actor, refused=403)
    admin_form(case.browser(), url, case.cell, case.actor)


def jurisdiction_admin_form(case: Case) -> None:
    url = admin_url("organizations_jurisdiction_change", case.department.jurisdiction_id)
    if case.cell == REFUSED:
        return admin_page(case.browser(), url, case.cell, case.actor, refused=403)
    admin_form(case.browser(), url, case.cell, case.actor)


def membership_admin_changelist(case: Case) -> None:
    clerk = case.world.person(case.department, Role.CLERK)
    membership = Membership.objects.get(user=clerk, department=case.department)
    response = case.browser().get(admin_url("organizations_membership_changelist"))
    if case.actor is None:
        return assert_login_redirect(response)
    assert response.status_code == (403 if case.cell == REFUSED else 200)
    if case.cell != REFUSED:
        change_url = admin_url("organizations_membership_change", membership.pk)
        assert (change_url in body(response)) is (case.cell == OK)


def reference_api(case: Case) -> None:
    client = case.api()
    for url in (f"/api/v1/departments/{case.department.pk}/", f"/api/v1/jurisdictions/{case.department.jurisdiction_id}/",
                "/api/v1/catalogue/"):
        assert client.get(url).status_code == 200, url


# --- the dashboard and the exports ------------------------------------------------------------
def overdue_record(case: Case) -> Disclosure:
    formed = timezone.localdate() - datetime.timedelta(days=90)
    return case.world.record(case.department, formed_on=formed, title=f"权限矩阵逾期记录{case.department.code}")


def dashboard_door(path: str, read: Callable = body):
    def check(case: Case) -> None:
        record = case.once("overdue", lambda: overdue_record(case))
        response = case.browser().get(path)
        if case.actor is None:
            return assert_login_redirect(response)
        if case.cell == REFUSED:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        content = read(response)
        assert (record.title in content) is (case.cell == OK)

    return check


def column_export(fmt: str):
    """The public column export: the published record is there, the draft never."""

    def check(case: Case) -> None:
        hidden = case.draft()
        shown = case.once("published", lambda: case.world.record(case.department, Status.PUBLISHED))
        response = case.browser().get(f"/column/projects/export.{fmt}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "xlsx":
            text = xlsx_text(content)
        elif fmt == "json":
            text = json.dumps(json.loads(content), ensure_ascii=False)
        else:
            text = content.decode("utf-8-sig")
        assert shown.title in text
        assert (hidden.title in text) is (case.cell == OK)

    return check


def subject_export(kind: SubjectKind | None, path: str):
    """A public list export never holds a subject without a public record, nor a 黑名单 entry not in force."""

    def check(case: Case) -> None:
        if kind is None:
            marker = case.world.blacklist_entry(case.department).subject_name
        else:
            marker = case.world.subject(kind, case.department).name
        response = case.browser().get(path)
        assert response.status_code == 200
        assert (marker in body(response)) is (case.cell == OK)

    return check


DOORS: dict[str, list[Door]] = {
    "record.view": [
        Door("api_retrieve", record_api_retrieve),
        Door("api_list", record_api_list),
        Door("admin_change", record_admin_change),
        Door("admin_history", record_admin_history),
        Door("admin_changelist", record_admin_changelist),
    ],
    "record.view_published": [Door("api_retrieve", published_api_retrieve), Door("public_page", published_public_page)],
    "record.create": [
        Door("api_create", create_api),
        Door("admin_add", create_admin_form),
        Door("admin_import_template", create_admin_import),
    ],
    "record.edit": [Door("api_patch", edit_api), Door("admin_change", edit_admin_form)],
    "record.attach": [Door("api_attachments", attach_api)],
    **{
        action: [
            Door("api_action", workflow_api),
            Door("admin_workflow_post", workflow_admin_post),
            Door("admin_button", workflow_admin_button),
            Door("api_available_actions", workflow_api_available),
        ]
        for action in WORKFLOW
    },
    # The change page's panel (admin_panel) also checks the 一键脱敏 and 放行 buttons of the two rows below.
    "record.pii_scan": [Door("api_pii_scan", pii_api), Door("admin_panel", pii_admin_panel)],
    "record.pii_mask": [Door("api_pii_mask", pii_api), Door("admin_pii_post", pii_admin_post)],
    "record.pii_override": [Door("api_pii_override", pii_api), Door("admin_pii_post", pii_admin_post)],
    "record.delete": [Door("admin_delete", delete_admin), Door("api_delete", delete_api)],
    "record.audit_log": [Door("admin_auditentry_changelist", audit_admin_changelist)],
    "namelist.view": [Door("admin_changelist", namelist_admin_changelist), Door("admin_print", namelist_admin_print)],
    "namelist.edit": [Door("admin_change", namelist_admin_form), Door("service", namelist_service, anonymous=False)],
    "subject.view": subject_doors(subject_admin_change, "admin_change")
    + subject_doors(subject_admin_changelist, "admin_changelist")
    + subject_doors(subject_api_retrieve, "api_retrieve"),
    "subject.create": subject_doors(subject_admin_add, "admin_add")
    + subject_doors(subject_create_service, "service", anonymous=False),
    "subject.manage": subject_doors(subject_admin_form, "admin_change")
    + subject_doors(subject_update_service, "service", anonymous=False),
    "subject.add_record": subject_doors(subject_add_record, "admin_add_record"),
    "subject.audit_log": subject_doors(subject_audit_entry, "admin_auditentry")
    + [Door("admin_auditentry[blacklist]", subject_audit_entry(None))],
    "blacklist.view": [Door("admin_change", blacklist_admin_change), Door("api_retrieve", blacklist_api_retrieve)],
    "blacklist.create": [Door("admin_add", blacklist_admin_add), Door("service", blacklist_create_service, anonymous=False)],
    "blacklist.manage": [
        Door("admin_change", blacklist_admin_form),
        Door("service", blacklist_update_service, anonymous=False),
    ],
    "account.login_log": [Door("admin_change", login_log_admin_change), Door("admin_changelist", login_log_admin_changelist)],
    "catalogue.manage": [Door("admin_change", catalogue_admin_form)],
    "calendar.manage": [Door("admin_add", calendar_admin_add)],
    "synonym.manage": [
        Door("admin_change", synonym_admin_form),
        Door("admin_add", synonym_admin_add),
        Door("service", synonym_service, anonymous=False),
    ],
    "organization.manage": [
        Door("admin_department", department_admin_form),
        Door("admin_jurisdiction", jurisdiction_admin_form),
        Door("admin_memberships", membership_admin_changelist),
    ],
    "reference.read": [Door("api", reference_api)],
    "dashboard.view": [Door("page", dashboard_door("/dashboard/"))],
    "dashboard.export": [
        Door("csv", dashboard_door("/dashboard/export.csv")),
        Door("xlsx", dashboard_door("/dashboard/export.xlsx", lambda response: xlsx_text(response.content))),
    ],
    "public.export": [
        *(Door(f"column_{fmt}", column_export(fmt)) for fmt in ("csv", "xlsx", "json")),
        Door("projects_csv", subject_export(SUBJECTS[0], "/projects/export.csv")),
        Door("matters_csv", subject_export(SUBJECTS[1], "/resources/export.csv")),
        Door("programmes_csv", subject_export(SUBJECTS[2], "/welfare/export.csv")),
        Door("blacklist_csv", subject_export(None, "/resources/blacklist/export.csv")),
    ],
}


def matrix_cases():
    """One test per cell running every door of its row; a door with a known bug gets its own test,
    marked xfail(strict=True), so the other doors of the cell keep guarding."""
    for action, doors in DOORS.items():
        for column in COLUMNS:
            usable = [door for door in doors if door.anonymous or column != "anonymous"]
            buggy = {door.name: KNOWN_BUGS.get((action, column, door.name)) or KNOWN_BUGS.get((action, column, None))
                     for door in usable}
            healthy = [door for door in usable if not buggy[door.name]]
            if healthy:
                yield pytest.param(action, column, healthy, id=f"{action}-{column}")
            for door in usable:
                if buggy[door.name]:
                    mark = pytest.mark.xfail(strict=True, reason=buggy[door.name])
                    yield pytest.param(action, column, [door], id=f"{action}-{column}-{door.name}", marks=mark)


@pytest.mark.parametrize(("action", "column", "doors"), list(matrix_cases()))
def test_matrix(world, action, column, doors):
    case = Case(world, action, column)
    failures = []
    for door in doors:
        try:
            door.check(case)
        except Exception as exc:  # report every door of the cell, not only the first that fails
            if len(doors) == 1:
                raise
            failures.append(f"{door.name}: {type(exc).__name__}: {exc}")
    assert not failures, f"{action} / {COLUMN_LABELS[column]} (expected {case.cell}):\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------------
# The table and the document cannot drift; every row has a door, every API action a row
# ---------------------------------------------------------------------------------------------
def document_table() -> tuple[list[str], dict[str, list[str]]]:
    """The header labels and {action: cells} of the table in docs/permissions.md."""
    lines = [line.strip() for line in DOC.read_text(encoding="utf-8").splitlines()]
    start = next(index for index, line in enumerate(lines) if line.startswith("| 操作 |"))
    end = next((index for index in range(start, len(lines)) if not lines[index].startswith("|")), len(lines))
    header = [cell.strip().replace("<br>", "·") for cell in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2 : end]:
        parts = [cell.strip() for cell in line.strip("|").split("|")]
        key = re.search(r"`([a-z_.]+)`", parts[0])
        if key:
            rows[key.group(1)] = parts[1 : 1 + len(COLUMNS)]
    return header, rows


def test_the_document_has_the_same_matrix():
    header, rows = document_table()
    assert header[1 : 1 + len(COLUMNS)] == [COLUMN_LABELS[column] for column in COLUMNS]
    assert list(rows) == list(MATRIX)
    for action in MATRIX:
        assert rows[action] == [cells(action)[column] for column in COLUMNS], action


def test_every_row_has_doors_and_valid_cells():
    assert set(DOORS) == set(MATRIX)
    for action in MATRIX:
        assert set(cells(action).values()) <= {OK, REFUSED, HIDDEN}, action


def api_detail_actions() -> dict[str, str]:
    """{url_path: HTTP method} of every per-record action of the disclosures API."""
    return {
        action.url_path: sorted(action.mapping)[0]
        for action in DisclosureViewSet.get_extra_actions()
        if action.detail
    }


# The row (and door) each per-record API action is tested under.
API_ACTION_ROWS = (
    {"attachments": "record.attach"}
    | {step.action: action for action, step in WORKFLOW.items()}
    | {step.api: action for action, step in PII.items()}
)


def test_every_api_action_is_in_the_matrix():
    missing = set(api_detail_actions()) - set(API_ACTION_ROWS)
    assert not missing, f"add a row to docs/permissions.md and tests/permission_matrix_data.py for: {sorted(missing)}"


# ---------------------------------------------------------------------------------------------
# An id in the URL of another department's draft: 404, never its content — at every door
# ---------------------------------------------------------------------------------------------
INTRUDERS = {
    "other_clerk": lambda w: w.org.other_clerk,
    "other_reviewer": lambda w: w.org.other_reviewer,
    "town_clerk": lambda w: w.org.town_clerk,
    "outer_clerk": lambda w: w.person(w.outer_department, Role.CLERK),
    "outer_office": lambda w: w.outer_office,
    "no_role": lambda w: w.no_role,
}


def record_doors() -> list[tuple[str, str, str]]:
    """(door, method, URL template) of every URL that takes a record id; API actions are discovered."""
    doors = [
        ("api_retrieve", "get", "/api/v1/disclosures/{pk}/"),
        ("api_patch", "patch", "/api/v1/disclosures/{pk}/"),
        ("api_put", "put", "/api/v1/disclosures/{pk}/"),
    ]
    doors += [
        (f"api_{path}", method, f"/api/v1/disclosures/{{pk}}/{path}/") for path, method in api_detail_actions().items()
    ]
    admin_doors = (("change", "get"), ("change", "post"), ("history", "get"), ("delete", "post"), ("workflow", "post"))
    for name, method in admin_doors:
        doors.append((f"admin_{name}_{method}", method, reverse(f"admin:disclosures_disclosure_{name}", args=[0])))
    return doors


@pytest.mark.parametrize(("door", "method", "template"), record_doors(), ids=[d[0] for d in record_doors()])
def test_another_departments_draft_is_404_never_its_content(world, door, method, template):
    """Each user outside the 发改委's scope — the same county's other department, a town below, another
    county, another county's office, an account without a role — gets 404 (the admin: as for a missing
    object) and nothing of the draft, and the draft does not change."""
    record = world.record(world.org.department, title="发改委机密草稿标题")
    before = (record.title, record.status, record.lock_version)
    url = template.replace("{pk}", str(record.pk)).replace("/0/", f"/{record.pk}/")
    for intruder, who in INTRUDERS.items():
        actor = who(world)
        if door.startswith("api_"):
            data = {"comment": COMMENT, "title": "越权", "lock_version": 0}
            response = getattr(api(actor), method)(url, data, format="json")
            assert response.status_code == 404, (intruder, url, response.status_code)
        else:
            data = {"action": "submit", "title": "越权", "lock_version": 0} if method == "post" else None
            response = getattr(browser(actor), method)(url, data)
            assert_admin_hidden(response, actor)
        assert "发改委机密草稿标题" not in body(response), intruder
        record.refresh_from_db()
        assert (record.title, record.status, record.lock_version) == before, intruder


# ---------------------------------------------------------------------------------------------
# Notes of the table: nobody approves their own step; an illegal step is 409
# ---------------------------------------------------------------------------------------------
def test_nobody_reviews_what_they_submitted(world, org):
    Membership.objects.create(user=org.clerk, department=org.department, role=Role.REVIEWER)
    record = world.record(org.department, Status.SUBMITTED)
    response = api(org.clerk).post(f"/api/v1/disclosures/{record.pk}/review/", {"comment": COMMENT}, format="json")
    assert response.status_code == 403
    page = browser(org.clerk).get(admin_url("disclosures_disclosure_change", record.pk))
    assert {button["action"] for button in page.context["workflow_buttons"]} == {"recall"}  # 撤回提交 only


def test_nobody_signs_what_they_reviewed(world, org):
    Membership.objects.create(user=org.reviewer, department=org.department, role=Role.SIGNER)
    record = world.record(org.department, Status.REVIEWED)
    for action in ("sign", "reject"):
        response = api(org.reviewer).post(f"/api/v1/disclosures/{record.pk}/{action}/", {"comment": COMMENT}, format="json")
        assert response.status_code == 403, action
    record.refresh_from_db()
    assert record.status == Status.REVIEWED


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        (Status.DRAFT, "review", "reviewer"),
        (Status.DRAFT, "withdraw", "office"),
        (Status.SUBMITTED, "submit", "clerk"),
        (Status.SUBMITTED, "attachments", "clerk"),
        (Status.PUBLISHED, "publish", "clerk"),
        (Status.DRAFT, "correct", "reviewer"),  # the state is checked before the right
    ],
)
def test_an_illegal_step_is_409_for_whoever_sees_the_record(world, org, state, action, who):
    record = world.record(org.department, state)
    payload = {"comment": COMMENT}
    if action == "attachments":
        payload = {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")}
        response = api(getattr(org, who)).post(f"/api/v1/disclosures/{record.pk}/{action}/", payload)
    else:
        response = api(getattr(org, who)).post(f"/api/v1/disclosures/{record.pk}/{action}/", payload, format="json")
    assert response.status_code == 409, response.content
    record.refresh_from_db()
    assert record.status == state


def test_the_office_sees_a_lower_jurisdictions_draft_but_not_another_countys(world, org):
    town = world.record(org.town_department)
    outer = world.record(world.outer_department)
    assert api(org.office).get(f"/api/v1/disclosures/{town.pk}/").status_code == 200
    assert api(world.outer_office).get(f"/api/v1/disclosures/{town.pk}/").status_code == 404
    assert api(org.office).get(f"/api/v1/disclosures/{outer.pk}/").status_code == 404
    assert api(world.outer_office).get(f"/api/v1/disclosures/{outer.pk}/").status_code == 200


def test_the_dashboard_filter_cannot_name_another_department(world, org):
    """?department= outside the user's scope is an invalid filter: nothing is shown, not that department."""
    record = overdue_record(Case(world, "dashboard.view", "clerk:dept"))
    for path in ("/dashboard/", "/dashboard/export.csv"):
        response = browser(org.clerk).get(path, {"department": org.other_department.pk})
        assert response.status_code == 200
        assert record.title not in body(response)


def test_csv_rows_of_the_dashboard_are_the_users_scope(world, org):
    """The export holds exactly the overdue records of the departments the user sees."""
    mine = overdue_record(Case(world, "dashboard.export", "clerk:own"))
    overdue_record(Case(world, "dashboard.export", "clerk:dept"))
    rows = list(csv.reader(io.StringIO(body(browser(org.clerk).get("/dashboard/export.csv")))))
    assert [row[0] for row in rows[1:]] == [mine.title]


def test_the_office_cannot_hand_its_jurisdiction_to_another_office(world, org):
    record = world.record(org.department)
    outer_county = world.outer_department.jurisdiction
    client = browser(org.office)
    url = admin_url("organizations_jurisdiction_change", org.county.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["parent"] = outer_county.pk
    client.post(url, data)
    org.county.refresh_from_db()
    assert org.county.parent_id != outer_county.pk
    assert api(world.outer_office).get(f"/api/v1/disclosures/{record.pk}/").status_code == 404
