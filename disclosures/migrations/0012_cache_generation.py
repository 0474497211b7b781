# The generation of public content in the database (issue 25): cached public pages and built exports
# are checked against it, so a withdrawal takes effect even when the cache could not be reached.

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("disclosures", "PublicContentGeneration").objects.get_or_create(pk=1, defaults={"value": 1})


class Migration(migrations.Migration):

    dependencies = [
        ('disclosures', '0011_attachment_scan'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicContentGeneration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveBigIntegerField(default=1)),
            ],
            options={
                'verbose_name': '公开内容代数',
                'verbose_name_plural': '公开内容代数',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='disclosures_publiccontentgeneration_single_row', violation_error_message='公开内容代数只有一行。')],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
