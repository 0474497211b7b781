import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inforequests import tasks


class Command(BaseCommand):
    help = "依申请公开的每日规则：补正、缴费期限届满视为放弃，征求意见逾期未答复结束暂停。--as-of 补跑停机期间漏掉的日期。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按该日（YYYY-MM-DD）执行，默认今天；停机后逐日补跑。")

    def handle(self, *args, **options):
        as_of = options.get("as_of")
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError("--as-of 的格式应为 YYYY-MM-DD。") from None
            if day > timezone.localdate():
                raise CommandError("--as-of 不能晚于今天。")
        result = tasks.daily_rules(as_of)
        self.stdout.write(f"视为放弃 {result['abandoned']} 件，征求意见逾期结束 {result['consultations_closed']} 件。")
