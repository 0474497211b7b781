"""Load the seeded 标准目录 (catalogue/seed_data.py). Existing codes are left as the office edited them."""

from django.db import migrations


def seed(apps, schema_editor):
    from catalogue.seed_data import DEFAULTS, ENTRIES

    CatalogueEntry = apps.get_model("catalogue", "CatalogueEntry")
    existing = set(CatalogueEntry.objects.values_list("code", flat=True))
    position: dict[str, int] = {}
    rows = []
    for entry in ENTRIES:
        # Sequential within each domain, in steps of 10 so the office can insert between rows.
        position[entry["domain"]] = position.get(entry["domain"], 0) + 10
        if entry["code"] not in existing:
            rows.append(CatalogueEntry(**{**DEFAULTS, **entry, "ordering": position[entry["domain"]]}))
    CatalogueEntry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
