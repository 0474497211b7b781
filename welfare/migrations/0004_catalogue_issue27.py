"""Issue 27: the welfare catalogue rows existing databases already have learn the new item types (检查验收结果,
县域义务教育均衡发展, 疾病应急救助, 食品安全抽检/处罚, 服务体系建设, 文化遗产保护, 公益性文化体育活动, 投诉处理,
重污染天气信息发布/舆情引导, 医疗救护与卫生防疫, 次生灾害预警防范); the new entry 企业环境信息依法披露
(《企业环境信息依法披露管理办法》, 生态环境部令第24号) is added; 脱贫攻坚's rows take today's vocabulary
(巩固拓展脱贫攻坚成果和乡村振兴, 2021年中央一号文件) where the office has not edited them.

Only welfare rows are touched, one UPDATE per changed row (some fifty rows at most): no table rewrite. An
office's edit is kept: item types are only added, and a text is replaced only while it is still the seed's old one.
"""

from django.db import migrations

OLD_TEXTS = {
    "level1": {"脱贫攻坚": "巩固拓展脱贫攻坚成果和乡村振兴（脱贫攻坚）"},
    "subject": {
        "县乡村振兴局（扶贫办）": "县农业农村局（乡村振兴局）",
        "县乡村振兴局（扶贫办）、项目实施单位": "县农业农村局（乡村振兴局）、项目实施单位",
        "县乡村振兴局（扶贫办）、县财政局、乡镇人民政府": "县农业农村局（乡村振兴局）、县财政局、乡镇人民政府",
    },
    "level2": {
        "扶贫政策和扶贫规划": "衔接推进乡村振兴政策和规划（扶贫政策和扶贫规划）",
        "扶贫项目": "衔接推进乡村振兴项目（扶贫项目）",
        "扶贫资金分配和使用": "衔接推进乡村振兴补助资金分配和使用（扶贫资金分配和使用）",
    },
}


def forwards(apps, schema_editor):
    from catalogue.seed import DEFAULTS, seed_entries

    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    fields = {field.name for field in entry_model._meta.concrete_fields}
    seeded = {entry["code"]: entry for entry in seed_entries() if entry["domain"] == "welfare"}
    rows = {row.code: row for row in entry_model.objects.filter(domain="welfare")}
    added = 0
    for position, (code, entry) in enumerate(seeded.items(), start=1):
        if code not in rows:
            values = {**DEFAULTS, **entry, "ordering": position * 10}
            entry_model.objects.create(**{name: value for name, value in values.items() if name in fields})
            added += 1
    changed = 0
    for code, row in rows.items():
        entry = seeded.get(code)
        if entry is None:
            continue
        update = []
        wanted = [item for item in entry.get("item_types", []) if item not in (row.item_types or [])]
        if wanted:
            row.item_types = list(row.item_types or []) + wanted
            update.append("item_types")
        for name, replacements in OLD_TEXTS.items():
            value = getattr(row, name)
            if value in replacements and entry.get(name) == replacements[value]:
                setattr(row, name, replacements[value])
                update.append(name)
        if update:
            row.save(update_fields=update)
            changed += 1
    if added or changed:
        print(f"\n  标准目录（社会公益事业）：新增 {added} 个事项，{changed} 个事项更新信息类型或名称。")


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0004_retention"),
        ("welfare", "0003_public_bodies"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
