# AuditEntry, JobHeartbeat and PublicContentGeneration now belong to `core` (core 0001), which keeps
# their tables: this only removes them from the model state of `disclosures`. Nothing is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("disclosures", "0013_plausible_dates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="JobHeartbeat"),
                migrations.DeleteModel(name="PublicContentGeneration"),
            ],
            database_operations=[],
        ),
    ]
