"""Issue 27: the 标准目录 rows of the resources items that became their own item types. Existing databases gain
the two new entries (政府采购 合同履约及验收, 国有土地使用权出让 出让合同履约及验收) and the new item-type codes on
the entries that cover them (农村危房改造's five parts, 集中采购机构考核结果, 违法失信行为记录, each area's
严重失信主体名单). Codes are added, never removed, so the office's own edits stay. A few dozen rows: no large
table is touched."""

from django.db import migrations

NEW_ENTRIES = ("resources-procurement-performance", "resources-land-use-right-performance")
ITEM_TYPES = {
    "resources-housing-rural-renovation": [
        "rural_renovation", "rural_policy", "rural_standard", "rural_identification", "rural_funds", "rural_result",
    ],
    "resources-procurement-assessment": ["assessment"],
    "resources-procurement-penalty": ["penalty", "credit_record"],
    "resources-procurement-performance": ["performance", "acceptance"],
    "resources-land-use-right-performance": ["performance", "acceptance"],
    "resources-housing-blacklist": ["credit_list"],
    "resources-land-use-right-blacklist": ["credit_list"],
    "resources-mining-right-blacklist": ["credit_list"],
    "resources-procurement-blacklist": ["credit_list"],
    "resources-state-property-blacklist": ["credit_list"],
}


def add_items(apps, schema_editor):
    from catalogue.seed import DEFAULTS, seed_entries

    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    fields = {field.name for field in entry_model._meta.concrete_fields}
    existing = set(entry_model.objects.filter(code__in=NEW_ENTRIES).values_list("code", flat=True))
    position = 0
    rows = []
    for entry in seed_entries():
        if entry["domain"] != "resources":
            continue
        position += 10
        if entry["code"] in NEW_ENTRIES and entry["code"] not in existing:
            values = {**DEFAULTS, **entry, "ordering": position}
            rows.append(entry_model(**{name: value for name, value in values.items() if name in fields}))
    entry_model.objects.bulk_create(rows)
    for row in entry_model.objects.filter(code__in=ITEM_TYPES):
        codes = list(row.item_types or [])
        missing = [code for code in ITEM_TYPES[row.code] if code not in codes]
        if missing:
            row.item_types = codes + missing
            row.save(update_fields=["item_types"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0004_retention"),
        ("resources", "0004_credit_lists"),
    ]

    operations = [migrations.RunPython(add_items, migrations.RunPython.noop)]
