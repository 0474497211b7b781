"""Load the seeded 标准目录 (catalogue/data/<domain>.yaml, through catalogue/seed.py). Existing codes are left
as the office edited them."""

from django.db import migrations


def seed(apps, schema_editor):
    from catalogue.seed import load_seed

    load_seed(apps.get_model("catalogue", "CatalogueEntry"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
