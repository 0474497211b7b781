from django.core.management.base import BaseCommand

from compliance.services import flag_overdue


class Command(BaseCommand):
    help = "标记超过公开时限的未发布记录（与每日定时任务相同；可重复运行，不会重复标记或重复通知）。"

    def handle(self, *args, **options):
        result = flag_overdue()
        if result.skipped:
            self.stdout.write("另一次逾期标记正在运行，本次未做任何标记。")
            return
        self.stdout.write(f"新标记逾期 {result.count} 条。")
        for department_id, count in sorted(result.departments.items()):
            self.stdout.write(f"  单位 #{department_id}：{count} 条")
