# The audit log's subject index (content_type, object_id, at): a case's trail, oldest first. Built
# CONCURRENTLY on PostgreSQL so that writing audit rows goes on while it is built on millions of rows;
# then the old single-column index of `object_id` (the former `disclosure_id`) is dropped.

from django.db import migrations, models

INDEX = models.Index(fields=["content_type", "object_id", "at"], name="auditentry_subject")


def add_index(apps, schema_editor):
    model = apps.get_model("core", "AuditEntry")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(INDEX.name)}")
        schema_editor.add_index(model, INDEX, concurrently=True)
    else:
        schema_editor.add_index(model, INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("core", "AuditEntry"), INDEX)


class Migration(migrations.Migration):

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("core", "0002_audit_subject"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="auditentry", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="object_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="对象编号"),
        ),
    ]
