# The statutory clock (workdays.clock, issue 17 §2): Disclosure inherits workdays.models.ClockFields and
# keeps its columns; the one new column, due_at (hour clocks), is nullable with no default, so adding it
# changes only the catalogue (no table rewrite on a million rows).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosures', '0014_platform_models_to_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='disclosure',
            name='due_at',
            field=models.DateTimeField(blank=True, editable=False, help_text='按小时计算的时限（实时、紧急信息）才有。', null=True, verbose_name='到期时间'),
        ),
    ]
