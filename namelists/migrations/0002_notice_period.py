"""The 公示期 as the law counts it (issue 16 point 9): a unit (日 / 工作日) and 长期公示.

Existing lists get unit 日 and are not long-term. Their notice_days are kept, but the count changes: the
公示期 used to count the day of publication as day 1 (last day = publication + N - 1); it now starts the
day after publication (《民法典》第二百零一条), so every existing list's last day moves ONE DAY LATER
(publication + N), and further when that day is a 法定休假日 (第二百零三条: the day after the holiday).
A list already marked ended (ended_at set) stays ended; one whose old last day was yesterday comes back
on the public page until its new last day has passed, and the daily job ends it then.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('namelists', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='namelist',
            name='long_term',
            field=models.BooleanField(default=False, help_text='自发布的次日起长期公示，不设截止日期，名单不会撤下（如低保、特困供养对象在村（社区）长期公示）。', verbose_name='长期公示'),
        ),
        migrations.AddField(
            model_name='namelist',
            name='notice_unit',
            field=models.CharField(choices=[('calendar_days', '日'), ('working_days', '工作日')], default='calendar_days', error_messages={'invalid_choice': '公示期计算单位只能是“日”或“工作日”。'}, help_text='按日计算的，期间的最后一日是法定休假日的，以法定休假日结束的次日为最后一日（《民法典》第二百零三条）；按工作日计算的，只数工作日（含调休上班日）。', max_length=20, verbose_name='公示期计算单位'),
        ),
        migrations.AlterField(
            model_name='namelist',
            name='notice_days',
            field=models.PositiveSmallIntegerField(default=7, help_text='公示的日数或工作日数，自发布的次日起算（《民法典》第二百零一条：开始的当日不计入）；期满后名单从公开页面撤下，只保留公示期已结束的说明。长期公示的名单不用此项。', validators=[django.core.validators.MinValueValidator(1, '公示期（日数）至少为 1。'), django.core.validators.MaxValueValidator(90, '公示期（日数）不能超过 90。')], verbose_name='公示期（日数）'),
        ),
        migrations.AddConstraint(
            model_name='namelist',
            constraint=models.CheckConstraint(condition=models.Q(('notice_unit__in', ['calendar_days', 'working_days'])), name='namelists_namelist_notice_unit_valid', violation_error_message='公示期计算单位只能是“日”或“工作日”。'),
        ),
    ]
