# The audit log points at any case, not only a published record (issue 17 §1, §4): its foreign key
# `disclosure` becomes a generic subject (content_type, object_id).
#
# Safe on a large table (several million rows) on PostgreSQL — nothing is rewritten and nothing scans
# the table under an update:
# - `content_type_id` is added with a constant DEFAULT (the published record's content type), which
#   PostgreSQL >= 11 stores once in the catalogue; the default is dropped at once, so later rows name
#   their own type. The foreign key to django_content_type is checked against that one-row table.
# - The rows about no record (catalogue, imports, subjects: a small share) get NULL by an UPDATE that
#   finds them through the old `disclosure_id` index.
# - `disclosure_id` loses its foreign key (a catalogue change only) and is renamed `object_id`, keeping
#   its index until 0003 has built the subject index (concurrently) that replaces it.
# On SQLite (the embedded mode) Django rebuilds the table, as it does for any such change.

import django.db.models.deletion
from django.contrib.contenttypes.models import ContentType
from django.db import migrations, models


def record_content_type() -> int:
    """The content type of disclosures.Disclosure, created if the post-migrate hook has not run yet."""
    return ContentType.objects.get_or_create(app_label="disclosures", model="disclosure")[0].pk


def rows_without_record_point_at_nothing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")  # the historical manager, not the append-only one
    AuditEntry.objects.using(schema_editor.connection.alias).filter(disclosure__isnull=True).update(
        content_type=None
    )


def rows_without_subject_point_at_nothing(apps, schema_editor):
    """Backwards: the rows about another case type cannot keep a foreign key to a record."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    record = ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="disclosures", model="disclosure"
    )
    if AuditEntry.objects.using(schema_editor.connection.alias).exclude(content_type__in=record).filter(
        object_id__isnull=False
    ).exists():
        raise RuntimeError("操作留痕中已有信息公开记录以外的对象，不能回退。")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [
        # The check constraint moved with its table (disclosures 0012 named it after its old app).
        migrations.RemoveConstraint(
            model_name="publiccontentgeneration",
            name="disclosures_publiccontentgeneration_single_row",
        ),
        migrations.AddConstraint(
            model_name="publiccontentgeneration",
            constraint=models.CheckConstraint(
                condition=models.Q(("pk", 1)),
                name="core_publiccontentgeneration_single_row",
                violation_error_message="公开内容代数只有一行。",
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                default=record_content_type,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="对象类型",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(rows_without_record_point_at_nothing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="disclosure",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.RenameField(model_name="auditentry", old_name="disclosure", new_name="object_id"),
        migrations.AlterField(
            model_name="auditentry",
            name="object_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="对象编号"),
        ),
        migrations.RunPython(migrations.RunPython.noop, rows_without_subject_point_at_nothing),
    ]
