"""操作留痕 is append-only: rows are only ever inserted. No one — not a superuser — can change or delete
one through the admin, no API endpoint writes or removes them, and the model and its queryset refuse
updates and deletes from code."""

import pytest
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from core.models import AuditEntry
from disclosures import services
from disclosures.admin import AuditEntryAdmin
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, published

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(AuditEntry.objects.order_by("pk").values_list("pk", "action", "actor_id", "at", "comment", "data"))


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x" * 12)


@pytest.fixture
def entry(org) -> AuditEntry:
    record = published(org, title="留痕测试")
    return AuditEntry.objects.filter(disclosure=record).order_by("pk").first()


# ---------------------------------------------------------------------------------------------
# The model and its queryset
# ---------------------------------------------------------------------------------------------
def test_queryset_update_and_delete_raise(entry):
    before = snapshot()

    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.filter(pk=entry.pk).update(comment="改写")
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.comment = "改写"
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.bulk_update([entry], ["comment"])

    assert snapshot() == before


def test_an_existing_row_cannot_be_saved_or_deleted(entry):
    before = snapshot()

    entry.comment = "改写"
    with pytest.raises(TypeError, match="只能追加"):
        entry.save()
    with pytest.raises(TypeError, match="只能追加"):
        entry.save(update_fields=["comment"])
    with pytest.raises(TypeError, match="只能追加"):
        entry.delete()

    assert snapshot() == before


def test_a_new_instance_with_an_existing_pk_cannot_overwrite_that_row(entry):
    before = snapshot()
    forged = AuditEntry(pk=entry.pk, action="disclosure.publish", actor_name="伪造", comment="改写")

    with pytest.raises(TypeError, match="只能追加"):
        forged.save()
    with pytest.raises(TypeError, match="只能追加"):
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"comment": "改写"})

    assert snapshot() == before


def test_a_row_loaded_from_the_database_cannot_be_saved_even_without_its_pk(entry):
    loaded = AuditEntry.objects.get(pk=entry.pk)
    loaded.pk = None  # would insert a copy: harmless, but a loaded row is never saved again
    with pytest.raises(TypeError, match="只能追加"):
        loaded.save()


def test_new_rows_are_appended(org):
    before = AuditEntry.objects.count()

    AuditEntry.objects.create(action="test.append", actor=org.office, actor_name="office")
    AuditEntry(action="test.append", actor=org.office, actor_name="office").save()

    assert AuditEntry.objects.count() == before + 2


def test_a_record_with_a_trail_cannot_be_deleted_so_its_trail_cannot_cascade_away(entry):
    before = snapshot()

    with pytest.raises(ProtectedError):
        Disclosure.objects.filter(pk=entry.object_id).delete()

    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The admin: view only, for everyone
# ---------------------------------------------------------------------------------------------
def test_admin_grants_no_add_change_or_delete_even_to_a_superuser(rf, superuser, org, entry):
    admin_ = site._registry[AuditEntry]
    assert isinstance(admin_, AuditEntryAdmin)
    for user in (superuser, org.office, org.clerk, org.reviewer, org.signer):
        request = rf.get("/admin/")
        request.user = user
        assert not admin_.has_add_permission(request)
        assert not admin_.has_change_permission(request)
        assert not admin_.has_change_permission(request, entry)
        assert not admin_.has_delete_permission(request)
        assert not admin_.has_delete_permission(request, entry)
        assert admin_.get_actions(request) == {}
    request = rf.get("/admin/")
    request.user = superuser
    assert admin_.has_view_permission(request, entry)


@pytest.mark.parametrize("who", ["superuser", "office"])
def test_admin_refuses_every_write_with_403(client, org, superuser, entry, who):
    user = superuser if who == "superuser" else org.office
    client.force_login(user)
    before = snapshot()
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    add = reverse("admin:core_auditentry_add")

    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    page = client.get(change)
    assert page.status_code == 200  # readable…
    assert 'name="_save"' not in page.content.decode()  # …with nothing to save
    assert "deletelink" not in page.content.decode()

    assert client.post(change, {"action": "disclosure.delete", "comment": "改写", "actor_name": "伪造"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(add).status_code == 403
    assert client.post(add, {"action": "disclosure.publish", "actor_name": "伪造"}).status_code == 403

    assert snapshot() == before


def test_admin_changelist_bulk_delete_action_does_nothing(client, superuser, entry):
    client.force_login(superuser)
    before = snapshot()

    changelist = reverse("admin:core_auditentry_changelist")
    page = client.get(changelist).content.decode()
    assert "delete_selected" not in page
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes", "index": 0}
    )

    assert response.status_code in {200, 302, 403}
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The API: no endpoint writes audit rows
# ---------------------------------------------------------------------------------------------
def every_view(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_api_view_is_built_on_audit_entries():
    seen = 0
    for route, callback in every_view():
        view_class = getattr(callback, "cls", None)
        if not route.startswith("api/") or view_class is None:
            continue
        seen += 1
        queryset = getattr(view_class, "queryset", None)
        assert queryset is None or queryset.model is not AuditEntry, route
        serializer = getattr(view_class, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        assert getattr(meta, "model", None) is not AuditEntry, route
        assert "audit" not in route.lower(), route
    assert seen > 10  # the walk did reach the API


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_guessed_audit_endpoints_do_not_exist(org, superuser, entry, method):
    client = APIClient()
    client.force_authenticate(superuser)
    before = snapshot()

    for url in ["/api/v1/audit-entries/", f"/api/v1/audit-entries/{entry.pk}/", "/api/v1/audit/",
                f"/api/v1/disclosures/{entry.object_id}/audit/", f"/api/v1/disclosures/{entry.object_id}/audit-entries/"]:  # fmt: skip
        response = getattr(client, method)(url, {"comment": "改写"}, format="json")
        assert response.status_code in {404, 405}, (method, url, response.status_code)

    assert snapshot() == before


def test_api_workflow_only_appends_rows(org):
    from disclosures.tests.test_api import LIST_URL, valid_payload

    published(org, title="先有的记录")
    before = snapshot()
    clerk, reviewer = APIClient(), APIClient()
    clerk.force_authenticate(org.clerk)
    reviewer.force_authenticate(org.reviewer)

    created = clerk.post(LIST_URL, valid_payload(org), format="json").json()
    clerk.patch(f"{LIST_URL}{created['id']}/", {"title": "改过的标题", "lock_version": created["lock_version"]}, format="json")
    clerk.post(f"{LIST_URL}{created['id']}/submit/", {}, format="json")
    reviewer.post(f"{LIST_URL}{created['id']}/reject/", {"comment": "请补充"}, format="json")
    clerk.delete(f"{LIST_URL}{created['id']}/")

    after = snapshot()
    assert after[: len(before)] == before  # nothing earlier changed or vanished
    assert len(after) > len(before) + 2


def test_services_leave_earlier_rows_untouched(org):
    record = draft(org.clerk, org.department)
    before = snapshot()

    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_reject(disclosure=record, actor=org.reviewer, comment="请补充")

    after = snapshot()
    assert after[: len(before)] == before and len(after) == len(before) + 2
