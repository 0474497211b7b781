from django.core.management.base import BaseCommand

from compliance.services import flag_overdue
from organizations.models import Department


class Command(BaseCommand):
    help = "标记超过公开时限的未发布记录（与每日定时任务相同；可重复运行，不会重复标记或重复通知）。"

    def handle(self, *args, **options):
        result = flag_overdue()
        if result.skipped:
            self.stdout.write("另一次逾期标记正在运行，本次未做任何标记。")
            return
        self.stdout.write(f"新标记逾期 {result.count} 条。")
        # Named as the e-mails and the dashboard name them (`make run` prints this before its banner).
        for department in Department.objects.filter(pk__in=result.departments):
            self.stdout.write(f"  {department.name}：{result.departments[department.pk]} 条")
