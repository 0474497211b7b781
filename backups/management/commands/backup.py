"""
`python manage.py backup` — one backup now (the nightly job's work: dump, archive, verify, prune, heartbeat).

    manage.py backup                 into PORTAL_BACKUP_DIR, then retention
    manage.py backup --verify NAME   check an existing backup's checksums and every archived file
    manage.py backup --list          the backups kept, newest first
"""

from django.core.management.base import BaseCommand, CommandError

from backups import services


class Command(BaseCommand):
    help = "备份数据库和附件（PORTAL_BACKUP_DIR），校验并按保留规则清理旧备份。"

    def add_arguments(self, parser):
        parser.add_argument("--verify", metavar="BACKUP", help="只校验一个已有备份（目录或名称）")
        parser.add_argument("--list", action="store_true", help="列出现有备份")

    def handle(self, *args, **options):
        if options["list"]:
            for _at, path in services.backups():
                manifest = services.load(path).manifest
                self.stdout.write(
                    f"{path.name}  {manifest['rows']:>10,} 行  数据库 {manifest['database']['size']:>12,} 字节  "
                    f"附件 {manifest['media']['count']:,} 个 {manifest['media']['size']:,} 字节"
                )
            return
        if options["verify"]:
            try:
                path = services.resolve(options["verify"])
            except services.BackupError as error:
                raise CommandError(str(error)) from error
            problems = services.backup_verify(path)
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{path.name}：{len(problems)} 处问题", returncode=1)
            self.stdout.write(self.style.SUCCESS(f"{path.name}：校验通过"))
            return
        try:
            result = services.backup_run()
        except services.BackupError as error:
            raise CommandError(f"备份失败：{error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{services.backup_dir() / result['backup']}（{result['rows']:,} 行，"
                f"数据库 {result['database_bytes']:,} 字节，附件 {result['media_files']:,} 个 "
                f"{result['media_bytes']:,} 字节）"
            )
        )
        if result["pruned"]:
            self.stdout.write(f"按保留规则删除：{', '.join(result['pruned'])}")
