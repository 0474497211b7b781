# The personal-data check of attachments, stored once per file (core/attachment_scan.py).
# No data migration: rows without a scan (scan_version 0) are read on their record's next check.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosures', '0010_dashboard_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='checksum',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='scan_status',
            field=models.CharField(blank=True, choices=[('clean', '未发现个人信息'), ('found', '发现疑似个人信息'), ('unreadable', '未能完整读取')], editable=False, max_length=20, verbose_name='个人信息检查'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='scan_findings',
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name='检查发现（已脱敏）'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='scan_note',
            field=models.TextField(blank=True, editable=False, verbose_name='未能读取的部分'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='scanned_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='检查时间'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='scan_version',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='检查程序版本'),
        ),
    ]
