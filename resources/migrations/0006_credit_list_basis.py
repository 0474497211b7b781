"""Issue 27: the 标准目录 entries of the 骗取公共资源等不良行为“黑名单” (seed 002 §四(二)) cite today's rule, the
严重失信主体名单 of 《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）: the
citation is appended to their 依据 where the office has not already added it (five rows)."""

from django.db import migrations

CODES = (
    "resources-housing-blacklist",
    "resources-land-use-right-blacklist",
    "resources-mining-right-blacklist",
    "resources-procurement-blacklist",
    "resources-state-property-blacklist",
)
CITATION = "《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）"


def cite(apps, schema_editor):
    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    for row in entry_model.objects.filter(code__in=CODES).exclude(basis__contains="国办发〔2020〕49号"):
        row.basis = f"{row.basis}、{CITATION}" if row.basis else CITATION
        row.save(update_fields=["basis"])


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0005_catalogue_items"),
    ]

    operations = [migrations.RunPython(cite, migrations.RunPython.noop)]
