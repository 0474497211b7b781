from django.core.management.base import BaseCommand

from compliance.services import warn_due_soon


class Command(BaseCommand):
    help = "提醒各单位即将到期（默认 3 个工作日内）的未发布记录（可重复运行，不会重复提醒）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="提前多少个工作日提醒")

    def handle(self, *args, days, **options):
        result = warn_due_soon(working_days=days)
        if result.skipped:
            self.stdout.write("另一次临期提醒正在运行，本次未发任何提醒。")
            return
        self.stdout.write(f"新提醒 {result.count} 条。")
