"""Issue 16: an entry's limit has a kind (一般时限 / 工作日 / 日 / 实时（小时）/ 常年), its own basis, and the item
types that select it. Existing rows: a working-day limit that only repeated the general 20 days, and a decision
entry's 7 days (now the decision rule, 国办发〔2018〕118号), become 一般时限; the seeded entries take their item
types, own limits and bases from catalogue/data; 发改电〔2015〕557号 citations become 国办发〔2018〕118号."""

import django.core.validators
from django.db import migrations, models

OLD_CITATION = "《关于认真做好行政许可和行政处罚等信用信息公示工作的通知》（发改电〔2015〕557号）"
NEW_CITATION = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"
SEEDED_KEYS = ("item_types", "limit_kind", "limit_days", "limit_hours", "limit_basis", "basis")


def apply_rules(apps, schema_editor):
    from catalogue.seed import DEFAULTS, load_seed, seed_entries

    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    added = load_seed(entry_model)  # entries the data files gained (灾害救助政策文件, 生态环境保护资金)
    if added:
        print(f"\n  标准目录：新增 {added} 个事项。")
    seeded = {entry["code"]: entry for entry in seed_entries()}
    changed = 0
    for row in entry_model.objects.all():
        before = {key: getattr(row, key) for key in SEEDED_KEYS}
        if row.decision_type or (row.limit_kind == "working_days" and row.limit_days == 20):
            row.limit_kind, row.limit_days = "general", None
        if row.code in seeded:
            entry = {**DEFAULTS, **seeded[row.code]}
            row.item_types = entry.get("item_types") or []
            for key in ("limit_kind", "limit_days", "limit_hours", "limit_basis"):
                setattr(row, key, entry.get(key) if entry.get(key) is not None else ("" if key == "limit_basis" else None))
            if row.limit_kind is None:
                row.limit_kind = "general"
        row.basis = row.basis.replace(OLD_CITATION, NEW_CITATION)
        if {key: getattr(row, key) for key in SEEDED_KEYS} != before:
            row.save(update_fields=list(SEEDED_KEYS))
            changed += 1
    if changed:
        print(f"\n  标准目录：{changed} 个事项按新的公开时限规则更新。")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_seed_catalogue'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='catalogueentry',
            name='catalogue_catalogueentry_working_days_need_limit',
        ),
        migrations.AddField(
            model_name='catalogueentry',
            name='item_types',
            field=models.JSONField(blank=True, default=list, help_text='本事项对应的结构化信息类型代码（如 feasibility、candidates）。记录未选目录事项时，按信息类型选定。', verbose_name='适用信息类型'),
        ),
        migrations.AddField(
            model_name='catalogueentry',
            name='limit_basis',
            field=models.CharField(blank=True, help_text='本类信息自有时限的法律依据，例如：《招标投标法实施条例》第五十四条。', max_length=200, verbose_name='时限依据'),
        ),
        migrations.AddField(
            model_name='catalogueentry',
            name='limit_hours',
            field=models.PositiveSmallIntegerField(blank=True, help_text='时限类型为“实时（小时）”时可填写；留空则适用区划设置的紧急、实时信息公开时限。', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(72)], verbose_name='公开时限（小时）'),
        ),
        migrations.AlterField(
            model_name='catalogueentry',
            name='decision_type',
            field=models.CharField(blank=True, choices=[('', '—'), ('license', '行政许可决定'), ('penalty', '行政处罚决定')], default='', help_text='行政许可、行政处罚决定自作出之日起 7 个工作日内公开（国办发〔2018〕118号），自决定日期起算，取代一般时限。', max_length=20, verbose_name='行政决定类型'),
        ),
        migrations.AlterField(
            model_name='catalogueentry',
            name='limit_days',
            field=models.PositiveSmallIntegerField(blank=True, help_text='时限类型为“工作日”或“日”时填写。“日”为自然日，期满日为法定休假日的顺延至休假日后的第一个工作日（《民法典》第二百零三条）。', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='公开时限（天数）'),
        ),
        migrations.AlterField(
            model_name='catalogueentry',
            name='limit_kind',
            field=models.CharField(choices=[('general', '一般时限'), ('working_days', '工作日'), ('calendar_days', '日'), ('realtime', '实时（小时）'), ('ongoing', '常年')], default='general', help_text='“一般时限”：适用区划的一般公开时限（《政府信息公开条例》第二十六条为 20 个工作日）。“工作日”“日”：法律法规对本类信息另有时限，取代一般时限，须填写时限依据。“实时（小时）”：按小时计算。', max_length=20, verbose_name='公开时限类型'),
        ),
        migrations.RunPython(apply_rules, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='catalogueentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('limit_kind__in', ('working_days', 'calendar_days')), _negated=True), ('limit_days__isnull', False), _connector='OR'), name='catalogue_catalogueentry_day_limits_need_days', violation_error_message='公开时限类型为“工作日”或“日”时必须填写天数。'),
        ),
    ]
