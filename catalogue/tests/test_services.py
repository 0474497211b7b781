import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalogue import services
from catalogue.choices import LimitKind
from catalogue.models import CatalogueEntry
from catalogue.selectors import active_entries, catalogue_tree, entries_for_category, entry_history
from core.domains import all_domains
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def catalogue_audits():
    return AuditEntry.objects.filter(action__startswith="catalogue.")


def test_update_records_old_and_new_values_from_the_database(org):
    entry = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    # From the general limit to a limit of its own, with its basis.
    entry.limit_kind, entry.limit_days, entry.limit_basis = LimitKind.WORKING_DAYS, 10, "测试规定第三条"
    entry.subject = "县发展和改革委员会"
    audit = services.catalogue_entry_save(
        actor=org.office, entry=entry, changed_fields=["limit_kind", "limit_days", "limit_basis", "subject", "level1"]
    )

    assert audit.action == "catalogue.update"
    assert audit.subject is None
    assert audit.actor == org.office and audit.actor_name == "office"
    assert audit.data == {
        "entry": "projects-approval-result-feasibility",
        "changes": {
            "limit_kind": ["general", "working_days"],
            "limit_days": [None, 10],
            "limit_basis": ["", "测试规定第三条"],
            "subject": ["县发展改革委", "县发展和改革委员会"],
        },
    }
    entry.refresh_from_db()
    assert (entry.limit_kind, entry.limit_days) == (LimitKind.WORKING_DAYS, 10)


def test_create_is_audited(org):
    entry = CatalogueEntry(
        domain="welfare", category="education", code="welfare-education-test", level1="教育", level2="测试事项",
        content="测试内容", basis="《中华人民共和国政府信息公开条例》", subject="县教育局",
    )
    audit = services.catalogue_entry_save(actor=org.office, entry=entry)
    assert audit.action == "catalogue.create"
    assert audit.data["entry"] == "welfare-education-test"
    assert audit.data["changes"]["level2"] == [None, "测试事项"]
    assert list(entry_history(entry)) == [audit]


def test_nothing_changed_writes_no_audit_row(org):
    entry = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    before = catalogue_audits().count()
    assert services.catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["limit_days"]) is None
    assert catalogue_audits().count() == before


def test_invalid_entry_is_rejected_and_not_audited(org):
    entry = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    entry.category = "education"  # a welfare area, not a project category
    with pytest.raises(ValidationError) as exc:
        services.catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["category"])
    assert "category" in exc.value.message_dict
    entry.category = "approval_result"
    entry.limit_kind = LimitKind.WORKING_DAYS  # a limit of its own needs its days and its legal basis
    with pytest.raises(ValidationError) as exc:
        services.catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["limit_kind"])
    assert {"limit_days", "limit_basis"} <= set(exc.value.message_dict)
    entry.limit_days, entry.limit_basis = 21, "测试规定第三条"  # longer than 条例第二十六条's 20 working days
    with pytest.raises(ValidationError) as exc:
        services.catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["limit_kind", "limit_days"])
    assert "第二十六条" in exc.value.message_dict["limit_days"][0]
    assert not catalogue_audits().exists()
    stored = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    assert (stored.limit_kind, stored.limit_days) == (LimitKind.GENERAL, None)


def test_only_the_office_may_change_the_catalogue(org):
    entry = CatalogueEntry.objects.get(code="projects-approval-result-feasibility")
    entry.limit_kind, entry.limit_days, entry.limit_basis = LimitKind.WORKING_DAYS, 3, "测试规定第三条"
    with pytest.raises(PermissionDenied):
        services.catalogue_entry_save(actor=org.clerk, entry=entry, changed_fields=["limit_kind", "limit_days"])
    stored = CatalogueEntry.objects.get(pk=entry.pk)
    assert (stored.limit_kind, stored.limit_days) == (LimitKind.GENERAL, None)


def test_selectors_return_active_entries_only():
    entry = CatalogueEntry.objects.get(code="resources-procurement-result")
    assert entry in entries_for_category("resources", "procurement")
    CatalogueEntry.objects.filter(pk=entry.pk).update(is_active=False)
    assert entry not in entries_for_category("resources", "procurement")
    assert entry not in active_entries()
    assert {e.domain for e in active_entries("welfare")} == {"welfare"}


def test_tree_follows_registry_order(django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = catalogue_tree()
    assert [node["domain"].code for node in tree] == [d.code for d in all_domains()]
    projects = tree[0]
    assert [cat["code"] for cat in projects["categories"]] == list(projects["domain"].categories.values)
    assert [node["domain"].code for node in catalogue_tree("resources")] == ["resources"]
