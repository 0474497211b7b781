"""The audit log as a platform service (issue 17 §1, §4): one writer, a generic subject, labels from each
case type's registry, and a case with a trail that cannot be deleted."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse

from catalogue.models import CatalogueEntry
from catalogue.selectors import entry_history
from catalogue.services import catalogue_entry_save
from core import audit, audit_labels
from core.checks import check_audit_relations
from core.models import AuditEntry, AuditTrail
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state

pytestmark = pytest.mark.django_db


def test_a_row_about_a_record_points_at_it_through_its_content_type(org):
    record = draft(org.clerk, org.department)
    row = audit.record(
        record, action="disclosure.submit", actor=org.clerk, from_status="draft", to_status="submitted",
        comment="请审核", data={"automatic": False},
    )
    row.refresh_from_db()
    assert (row.content_type, row.object_id) == (ContentType.objects.get_for_model(Disclosure), record.pk)
    assert row.subject == record
    assert (row.actor_name, row.comment, row.data) == (org.clerk.get_full_name() or org.clerk.username, "请审核",
                                                       {"automatic": False})
    assert list(record.audit_entries.values_list("action", flat=True)) == ["disclosure.create", "disclosure.submit"]
    assert list(AuditEntry.objects.filter(disclosure=record).order_by("pk")) == list(record.audit_entries.order_by("pk"))
    assert set(AuditEntry.objects.filter(disclosure__department=org.department)) == set(record.audit_entries.all())


def test_a_catalogue_change_is_audited_about_no_record(org):
    entry = CatalogueEntry.objects.order_by("pk").first()
    entry.level2 = f"{entry.level2}（修订）"
    row = catalogue_entry_save(actor=org.office, entry=entry, changed_fields=["level2"])
    row.refresh_from_db()
    assert (row.content_type, row.object_id, row.subject) == (None, None, None)
    assert (row.action, row.actor, row.data["entry"]) == ("catalogue.update", org.office, entry.code)
    assert list(entry_history(entry)) == [row]


def test_a_job_writes_as_the_system():
    row = audit.record(None, action="disclosure.due_date_recomputed", actor=None)
    assert (row.actor_name, row.data, row.subject) == ("系统", {}, None)


def test_a_batch_is_written_in_one_insert(org, django_assert_num_queries):
    records = [draft(org.clerk, org.department) for _ in range(3)]
    rows = [audit.entry(record, action="disclosure.due_date_recomputed", actor=None, data={"n": n})
            for n, record in enumerate(records)]
    with django_assert_num_queries(1):
        audit.record_many(rows)
    assert [r.audit_entries.get(action="disclosure.due_date_recomputed").data for r in records] == [
        {"n": 0}, {"n": 1}, {"n": 2}
    ]


# ---------------------------------------------------------------------------------------------
# Labels: each case type registers its own (the record's from its workflow table)
# ---------------------------------------------------------------------------------------------
def test_the_record_rows_read_as_before():
    labels = {
        "disclosure.create": "起草", "disclosure.update": "修改", "disclosure.submit": "提交审核",
        "disclosure.review": "审核通过", "disclosure.correction_start": "发起更正", "disclosure.correct": "更正",
        "disclosure.withdraw": "撤回", "disclosure.attachment_add": "上传附件", "disclosure.import": "批量导入",
        "disclosure.pii_override": "个人信息放行", "disclosure.due_date_recomputed": "放假安排变更",
        "disclosure.no_such_step": "disclosure.no_such_step",
    }
    assert {action: AuditEntry(action=action).action_label for action in labels} == labels
    row = AuditEntry(action="disclosure.submit", from_status="draft", to_status="submitted")
    assert (row.from_label, row.to_label) == ("草稿", "待部门负责人审核")
    assert AuditEntry(action="disclosure.create", to_status="draft").from_label == "—"


def test_a_case_type_labels_its_own_rows(monkeypatch):
    monkeypatch.setattr(audit_labels, "_REGISTRY", dict(audit_labels._REGISTRY))
    audit.register_labels("request", {"create": "登记申请", "answer": "答复"}, {"received": "已登记"})
    row = AuditEntry(action="request.create", to_status="received", from_status="draft")
    assert (row.action_label, row.to_label, row.from_label) == ("登记申请", "已登记", "—")
    assert AuditEntry(action="disclosure.create").action_label == "起草"  # another case type's verb
    assert AuditEntry(action="catalogue.update", to_status="x").action_label == "catalogue.update"  # none registered
    assert AuditEntry(action="catalogue.update", to_status="x").to_label == "—"


def test_the_record_page_shows_the_labels(client, org):
    record = in_state(org, "submitted")
    client.force_login(org.office)
    page = client.get(reverse("admin:disclosures_disclosure_change", args=[record.pk])).content.decode()
    assert "起草" in page and "提交审核" in page and "草稿 → 待部门负责人审核" in page


# ---------------------------------------------------------------------------------------------
# 全程留痕: a case with a trail cannot be deleted
# ---------------------------------------------------------------------------------------------
def test_a_record_with_a_trail_cannot_be_deleted(org):
    record = draft(org.clerk, org.department)
    trail = set(record.audit_entries.all())
    with pytest.raises(ProtectedError, match="已有操作留痕，不能删除") as refused:
        record.delete()
    assert refused.value.protected_objects == trail
    with pytest.raises(ProtectedError):
        Disclosure.objects.filter(pk=record.pk).delete()
    assert Disclosure.objects.filter(pk=record.pk).exists() and set(record.audit_entries.all()) == trail


def test_a_record_without_a_trail_can_be_deleted(org):
    record = draft(org.clerk, org.department)
    bare = Disclosure.objects.get(pk=record.pk)
    bare.pk = bare.index_no = None
    bare._state.adding = True
    bare.save()
    assert not bare.audit_entries.exists()
    bare.delete()
    assert not Disclosure.objects.filter(pk=bare.pk).exists()
    assert record.audit_entries.count() == 1


def test_the_admin_lists_the_trail_as_protected(rf, org):
    record = draft(org.clerk, org.department)
    request = rf.post("/")
    request.user = org.office
    _, _, _, protected = admin.utils.get_deleted_objects([record], request, admin.site)
    assert len(protected) == 1 and "disclosure.create" in str(protected[0])


@pytest.mark.django_isolate_apps("core")
def test_every_relation_to_the_log_is_an_audit_trail(django_isolated_apps):
    class Plain(models.Model):
        trail = GenericRelation(AuditEntry)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return str(self.pk)

    class Guarded(models.Model):
        trail = AuditTrail()

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return str(self.pk)

    errors = check_audit_relations(app_configs=[django_isolated_apps.get_app_config("core")])
    assert [(error.id, error.obj.model) for error in errors] == [("core.E001", Plain)]
    assert check_audit_relations() == []


def test_the_audit_admin_finds_a_records_rows_by_its_title(client, org):
    record = draft(org.clerk, org.department, title="防汛物资采购结果")
    catalogue = audit.record(None, action="catalogue.update", actor=org.office, data={"entry": "x", "changes": {}})
    client.force_login(org.office)
    changelist = reverse("admin:core_auditentry_changelist")
    found = client.get(changelist, {"q": "防汛物资"})
    assert found.status_code == 200
    assert [row.pk for row in found.context["cl"].result_list] == [record.audit_entries.get().pk]
    assert "防汛物资采购结果" in found.content.decode()  # the 对象 column names the record
    everything = client.get(changelist).context["cl"].result_list
    assert {record.audit_entries.get(), catalogue} <= set(everything)


def test_an_audit_row_links_to_its_record_and_a_row_without_one_says_so(client, org):
    record = draft(org.clerk, org.department, title="防汛物资采购结果")
    catalogue = audit.record(None, action="catalogue.update", actor=org.office, data={"entry": "x", "changes": {}})
    client.force_login(org.office)
    row = client.get(reverse("admin:core_auditentry_change", args=[record.audit_entries.get().pk])).content.decode()
    link = reverse("admin:disclosures_disclosure_change", args=[record.pk])
    assert f'<a href="{link}">防汛物资采购结果</a>' in row
    assert "对象编号" not in row and "对象类型" not in row
    page = client.get(reverse("admin:core_auditentry_change", args=[catalogue.pk]))
    assert page.status_code == 200 and "field-subject_link" in page.content.decode()
