import datetime

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Jurisdiction
from workdays.services import add_working_days, working_days_between


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式错误，应为 YYYY-MM-DD。") from exc


class Command(BaseCommand):
    help = "工作日计算：`workdays add 2026-09-30 5` 输出第 5 个工作日；`workdays between A B` 输出间隔工作日数。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="起算日之后第 N 个工作日（起算日不计入）")
        add.add_argument("start")
        add.add_argument("days", type=int)
        add.add_argument("--explain", action="store_true", help="说明计算过程")
        between = sub.add_parser("between", help="两个日期之间的工作日数")
        between.add_argument("start")
        between.add_argument("end")
        for command in (add, between):
            command.add_argument("--jurisdiction", help="行政区划代码：同时计入该区划及其上级的地方性假日")

    def handle(self, *args, op, **options):
        jurisdiction = None
        if options.get("jurisdiction"):
            jurisdiction = Jurisdiction.objects.filter(code=options["jurisdiction"]).first()
            if jurisdiction is None:
                raise CommandError(f"行政区划代码“{options['jurisdiction']}”不存在。")
        if op == "add":
            if options["days"] < 1:
                raise CommandError("天数必须至少为 1。")
            result = add_working_days(_date(options["start"]), options["days"], jurisdiction)
            self.stdout.write(f"{result.due_on:%Y-%m-%d}{' (预计)' if result.estimated else ''}")
            if options["explain"]:
                for line in result.explain():
                    self.stdout.write(line)
        else:
            self.stdout.write(str(working_days_between(_date(options["start"]), _date(options["end"]), jurisdiction)))
