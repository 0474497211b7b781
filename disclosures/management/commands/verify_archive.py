"""Recompute an archive package's checksums against its manifest (disclosures/archiving.py)."""

from django.core.management.base import BaseCommand, CommandError

from disclosures import archiving


class Command(BaseCommand):
    help = "校验归档包：逐个文件重新计算 SHA-256，与 manifest.sha256、manifest.json 比对。"

    def add_arguments(self, parser):
        parser.add_argument("package", help="归档包目录（archive-<时间>）")

    def handle(self, *args, **options):
        problems = archiving.verify_package(options["package"])
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"归档包校验不通过：{len(problems)} 处问题。")
        self.stdout.write("归档包完整：每个文件的校验值都与清单一致。")
