"""`python manage.py workflow_docs [--write]` — docs/workflow.md from the workflow tables (workflow.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from disclosures.workflow import render_document

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "workflow.md"


class Command(BaseCommand):
    help = "输出由流程表生成的办理流程文档（Markdown）；--write 写入 docs/workflow.md。"

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="写入 docs/workflow.md，而不是输出到屏幕。")

    def handle(self, *args, write: bool = False, **options):
        text = render_document()
        if not write:
            self.stdout.write(text, ending="")
            return
        DOCUMENT.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {DOCUMENT}")
