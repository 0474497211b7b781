"""Issue 26, part 5: each catalogue entry has a 保管期限 (catalogue.choices.Retention); every existing entry
takes the default, 定期30年, which the office changes in the admin where an entry needs 永久 or 定期10年."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0003_deadline_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='catalogueentry',
            name='retention',
            field=models.CharField(choices=[('permanent', '永久'), ('years_30', '定期30年'), ('years_10', '定期10年')], default='years_30', help_text='本事项的信息归档后的保管期限（国家档案局令第8号：永久、定期30年、定期10年），自发布（撤回）之日起算；期满并已归档移交的记录才可按销毁程序销毁。', max_length=20, verbose_name='保管期限'),
        ),
    ]
