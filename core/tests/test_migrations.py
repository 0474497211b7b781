"""core 0002–0003 turn the audit log's foreign key to the record into a generic subject. Forwards on the
database the tests run on (SQLite by default, PostgreSQL with DATABASE_URL): a record's rows keep pointing
at it, a catalogue row points at nothing, and on PostgreSQL the table is not rewritten."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalogue.selectors import entry_history
from core.models import AuditEntry
from disclosures.models import Disclosure
from disclosures.tests.factories import draft

BEFORE = [("core", "0001_initial")]


def migrate(targets):
    """Move the database to `targets`; the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def table_file() -> int | None:
    """The table's storage on PostgreSQL: a rewrite (ALTER … TYPE, a volatile default) gives it a new one."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT relfilenode FROM pg_class WHERE relname = 'disclosures_auditentry'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_every_row_keeps_its_link_to_its_record_or_to_nothing(org):
    record = draft(org.clerk, org.department)
    other = draft(org.clerk, org.department, title="另一条记录")
    latest = [(key[0], key[1]) for key in MigrationExecutor(connection).loader.graph.leaf_nodes("core")]
    try:
        before = migrate(BEFORE).get_model("core", "AuditEntry")
        assert [f.name for f in before._meta.get_fields() if f.name in {"disclosure", "subject"}] == ["disclosure"]
        submit = before.objects.create(
            disclosure_id=record.pk, action="disclosure.submit", actor_id=org.clerk.pk, actor_name="经办人",
            from_status="draft", to_status="submitted", comment="请审核", data={"automatic": False},
        )
        catalogue = before.objects.create(
            disclosure=None, action="catalogue.update", actor_id=org.office.pk, actor_name="公开办",
            data={"entry": "projects-x", "changes": {"level2": ["旧", "新"]}},
        )
        file_before = table_file()
    finally:
        migrate(latest)

    assert table_file() == file_before
    record_type = ContentType.objects.get_for_model(Disclosure)
    rows = {row.pk: row for row in AuditEntry.objects.all()}
    assert (rows[submit.pk].content_type, rows[submit.pk].object_id, rows[submit.pk].subject) == (
        record_type, record.pk, record
    )
    assert (rows[submit.pk].action, rows[submit.pk].comment, rows[submit.pk].data, rows[submit.pk].actor) == (
        "disclosure.submit", "请审核", {"automatic": False}, org.clerk
    )
    assert (rows[catalogue.pk].content_type, rows[catalogue.pk].object_id, rows[catalogue.pk].subject) == (None, None, None)
    assert list(record.audit_entries.order_by("pk").values_list("action", flat=True)) == [
        "disclosure.create", "disclosure.submit"
    ]
    assert list(other.audit_entries.values_list("action", flat=True)) == ["disclosure.create"]
    assert list(AuditEntry.objects.filter(object_id__isnull=True)) == [rows[catalogue.pk]]
    assert list(entry_history(type("Entry", (), {"code": "projects-x"})())) == [rows[catalogue.pk]]
