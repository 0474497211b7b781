"""Issue 27: the 标准目录 rows of the projects domain that catalogue/data/projects.yaml gained (用地预审与选址意见书,
建设用地规划许可（含建设用地批准书）, 取水许可 / 水土保持方案 / 洪水影响评价 apart, the 征收土地 documents of
《土地管理法》(2019) 第四十七条 and 实施条例 (2021) 第二十六至三十一条, the PPP项目信息 entries of seed 001 二.6),
and the item types that now select three existing rows (招标投标 审批核准备案/信用, 质量安全 机构/处罚).

Only rows of this domain, inserted when their code is missing (an office's edits are kept); a few dozen rows,
no table rewrite."""

from django.db import migrations

ITEM_TYPES = {
    "projects-bidding-approval-credit": ["approval_filing", "credit"],
    "projects-quality-safety-agency": ["agency"],
    "projects-quality-safety-penalty": ["penalty"],
}


def add_entries(apps, schema_editor):
    from catalogue.seed import DEFAULTS, seed_entries

    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    existing = set(entry_model.objects.filter(domain="projects").values_list("code", flat=True))
    fields = {field.name for field in entry_model._meta.concrete_fields}
    rows = []
    position = 0
    for entry in seed_entries():
        if entry["domain"] != "projects":
            continue
        position += 10
        if entry["code"] not in existing:
            values = {**DEFAULTS, **entry, "ordering": position}
            rows.append(entry_model(**{name: value for name, value in values.items() if name in fields}))
    entry_model.objects.bulk_create(rows)
    for code, item_types in ITEM_TYPES.items():
        entry_model.objects.filter(code=code, item_types=[]).update(item_types=item_types)


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_plausible_dates"),
        ("catalogue", "0004_retention"),
    ]

    operations = [migrations.RunPython(add_entries, migrations.RunPython.noop)]
