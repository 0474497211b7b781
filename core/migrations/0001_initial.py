# The audit log, the job heartbeats and the public-content generation move from `disclosures` to
# `core` (issue 17 §4). Their tables stay as they are: this migration only tells Django's model state
# that `core` owns them (disclosures 0014 forgets them), and renames their content types so that admin
# log entries and permissions keep pointing at them. Nothing is written to the tables.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ("auditentry", "jobheartbeat", "publiccontentgeneration")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="core", model=model).exists():
            ContentType.objects.using(db).filter(app_label="disclosures", model=model).update(app_label="core")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label="disclosures", model=model).exists():
            ContentType.objects.using(db).filter(app_label="core", model=model).update(app_label="disclosures")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("disclosures", "0013_plausible_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=60, verbose_name="动作")),
                        ("actor_name", models.CharField(blank=True, max_length=150, verbose_name="操作人姓名")),
                        ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间")),
                        ("from_status", models.CharField(blank=True, max_length=20, verbose_name="原状态")),
                        ("to_status", models.CharField(blank=True, max_length=20, verbose_name="新状态")),
                        ("comment", models.TextField(blank=True, verbose_name="意见")),
                        ("data", models.JSONField(blank=True, default=dict, verbose_name="数据")),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="操作人")),
                        ("disclosure", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="disclosures.disclosure")),
                    ],
                    options={
                        "verbose_name": "操作留痕",
                        "verbose_name_plural": "操作留痕",
                        "db_table": "disclosures_auditentry",
                        "ordering": ["at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="JobHeartbeat",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("last_run_at", models.DateTimeField()),
                        ("last_result", models.JSONField(blank=True, default=dict)),
                    ],
                    options={
                        "verbose_name": "定时任务心跳",
                        "verbose_name_plural": "定时任务心跳",
                        "db_table": "disclosures_jobheartbeat",
                    },
                ),
                migrations.CreateModel(
                    name="PublicContentGeneration",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("value", models.PositiveBigIntegerField(default=1)),
                    ],
                    options={
                        "verbose_name": "公开内容代数",
                        "verbose_name_plural": "公开内容代数",
                        "db_table": "disclosures_publiccontentgeneration",
                        # the name it was created with (disclosures 0012); core 0002 renames it
                        "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="disclosures_publiccontentgeneration_single_row", violation_error_message="公开内容代数只有一行。")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types, elidable=True),
    ]
