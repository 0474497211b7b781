from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workdays import services


class Command(BaseCommand):
    help = (
        "从 CSV 文件（date,kind,note,jurisdiction；kind 为 holiday 或 workday，jurisdiction 为行政区划代码，"
        "留空为全国安排）导入放假和调休安排，并立即重新计算未发布记录的应公开日期。任一行有错则不导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--complete", action="store_true", help="同时把文件涉及的年份标记为已按国务院通知录入完整")
        parser.add_argument("--notice", default="", help="国务院办公厅通知文号")

    def handle(self, *args, file, complete, notice, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            change = services.calendar_load_csv(
                actor=None, text=path.read_text(encoding="utf-8-sig"), mark_complete=complete, notice=notice
            )
        except services.CalendarImportError as exc:
            raise CommandError("未导入任何数据：\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(self.style.SUCCESS(f"已导入 {change.rows} 天。"))
        self.stdout.write(f"{change.moved} 条未发布记录的应公开日期已改变（均已留痕）。")
