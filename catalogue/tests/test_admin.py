"""The office edits the catalogue in the admin; other staff read it; nobody deletes."""

import json

import pytest
from django.urls import reverse

from catalogue.models import CatalogueEntry
from core.models import AuditEntry

pytestmark = pytest.mark.django_db

CODE = "projects-approval-result-feasibility"
FORM_FIELDS = (
    "domain", "category", "level1", "level2", "content", "basis", "limit_kind", "limit_days", "limit_hours",
    "limit_basis", "decision_type", "subject", "channels", "audience", "mode", "retention", "ordering",
)


def change_url(entry):
    return reverse("admin:catalogue_catalogueentry_change", args=[entry.pk])


def form_data(entry, **changes):
    data = {name: "" if getattr(entry, name) is None else getattr(entry, name) for name in FORM_FIELDS}
    data["item_types"] = json.dumps(entry.item_types)
    if entry.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def entry():
    return CatalogueEntry.objects.get(code=CODE)


def test_office_edits_an_entry_and_the_change_is_audited(client, org, entry):
    client.force_login(org.office)
    # From the general limit to a limit of its own in working days, with its legal basis.
    changes = {"limit_kind": "working_days", "limit_days": 10, "limit_basis": "测试规定第三条"}
    response = client.post(change_url(entry), form_data(entry, channels="政府网站、公示栏", **changes))
    assert response.status_code == 302, response.content.decode()[:2000]

    entry.refresh_from_db()
    assert (entry.limit_kind, entry.limit_days, entry.limit_display) == ("working_days", 10, "10个工作日")
    audit = AuditEntry.objects.get(action="catalogue.update", data__entry=CODE)
    assert audit.actor == org.office
    assert audit.subject is None
    assert audit.data["changes"] == {
        "limit_kind": ["general", "working_days"],
        "limit_days": [None, 10],
        "limit_basis": ["", "测试规定第三条"],
        "channels": ["政府网站、投资项目在线审批监管平台", "政府网站、公示栏"],
    }

    html = client.get(change_url(entry)).content.decode()
    assert "修改记录" in html
    assert "公开时限（天数）：（空） → 10" in html
    assert "office" in html


def test_office_adds_an_entry(client, org):
    client.force_login(org.office)
    data = form_data(CatalogueEntry.objects.get(code=CODE), code="projects-approval-result-extra", level2="新增审批事项")
    response = client.post(reverse("admin:catalogue_catalogueentry_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    audit = AuditEntry.objects.get(action="catalogue.create", data__entry="projects-approval-result-extra")
    assert audit.data["changes"]["level2"] == [None, "新增审批事项"]


def test_invalid_category_is_refused(client, org, entry):
    client.force_login(org.office)
    response = client.post(change_url(entry), form_data(entry, category="education"))
    assert response.status_code == 200
    assert "不是" in response.content.decode()
    entry.refresh_from_db()
    assert entry.category == "approval_result"
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


def test_code_cannot_be_changed(client, org, entry):
    client.force_login(org.office)
    client.post(change_url(entry), form_data(entry, code="renamed", subject="县发展和改革委员会"))
    entry.refresh_from_db()
    assert entry.code == CODE and entry.subject == "县发展和改革委员会"


def test_clerk_can_view_but_not_change(client, org, entry):
    client.force_login(org.clerk)
    assert client.get(reverse("admin:catalogue_catalogueentry_changelist")).status_code == 200
    response = client.get(change_url(entry))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()

    response = client.post(change_url(entry), form_data(entry, limit_kind="working_days", limit_days=3,
                                                        limit_basis="测试规定第三条"))
    assert response.status_code == 403
    assert client.get(reverse("admin:catalogue_catalogueentry_add")).status_code == 403
    entry.refresh_from_db()
    assert (entry.limit_kind, entry.limit_days) == ("general", None)
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


def test_staff_without_a_role_cannot_see_the_catalogue(client, entry, django_user_model):
    user = django_user_model.objects.create_user("nobody", is_staff=True)
    client.force_login(user)
    assert client.get(change_url(entry)).status_code == 403


def test_delete_is_refused_even_for_the_office(client, org, entry, admin_user):
    for user in (org.office, admin_user):
        client.force_login(user)
        delete_url = reverse("admin:catalogue_catalogueentry_delete", args=[entry.pk])
        assert client.get(delete_url).status_code == 403
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        changelist = client.get(reverse("admin:catalogue_catalogueentry_changelist"))
        actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
        assert "delete_selected" not in actions
    assert CatalogueEntry.objects.filter(pk=entry.pk).exists()


def test_deactivate_action_is_audited(client, org, entry):
    client.force_login(org.office)
    response = client.post(
        reverse("admin:catalogue_catalogueentry_changelist"),
        {"action": "deactivate_entries", "_selected_action": [entry.pk]},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_active is False
    audit = AuditEntry.objects.get(action="catalogue.update", data__entry=CODE)
    assert audit.data["changes"] == {"is_active": [True, False]}


def test_changelist_shows_labels_and_filters(client, org, django_assert_max_num_queries):
    client.force_login(org.office)
    url = reverse("admin:catalogue_catalogueentry_changelist")
    with django_assert_max_num_queries(14):  # 12 + the staff header's unread-message count and 督办单 badge
        html = client.get(url, {"domain": "projects", "category": "approval_result"}).content.decode()
    assert "批准结果信息" in html and "可行性研究报告审批" in html and "7个工作日" in html
    assert "采购结果" not in html
    html = client.get(url, {"q": "低保"}).content.decode()
    assert "低保、特困供养对象公示" in html
