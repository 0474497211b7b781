"""
`python manage.py restore BACKUP --database-url URL --media-root DIR [--force] [--jobs N]` — a backup into
a fresh database and a fresh folder (docs/operations.md, 恢复).

PostgreSQL: create the empty database first (`createdb`); the dump is loaded with `pg_restore --no-owner`.
SQLite: `--database-url sqlite:////path/db.sqlite3`, the file is written. A database or folder that is not
empty is refused unless --force (PostgreSQL: pg_restore --clean --if-exists). With a password in the URL,
give it as RESTORE_DATABASE_URL in the environment instead: a command line is visible to every user (`ps`).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError

from backups import services


class Command(BaseCommand):
    help = "把一个备份恢复到新的数据库和附件目录（默认拒绝覆盖非空的库和目录）。"

    def add_arguments(self, parser):
        parser.add_argument("backup", help="备份目录，或 PORTAL_BACKUP_DIR 下的备份名称")
        parser.add_argument(
            "--database-url", default=os.environ.get("RESTORE_DATABASE_URL"),
            help="目标数据库（postgres://… 或 sqlite:////…；默认取环境变量 RESTORE_DATABASE_URL，密码不出现在命令行）",
        )
        parser.add_argument("--media-root", help="目标附件目录（省略则不恢复附件）")
        parser.add_argument("--force", action="store_true", help="覆盖非空的数据库或目录")
        parser.add_argument("--jobs", type=int, default=1, help="pg_restore 并行数（默认 1）")

    def handle(self, *args, **options):
        if not options["database_url"]:
            raise CommandError("请用 --database-url 或环境变量 RESTORE_DATABASE_URL 指定目标数据库")
        try:
            path = services.resolve(options["backup"])
            result = services.backup_restore(
                path=path,
                settings_dict=dj_database_url.parse(options["database_url"]),
                media_root=Path(options["media_root"]) if options["media_root"] else None,
                force=options["force"],
                jobs=options["jobs"],
            )
        except services.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复 {path.name} → 数据库 {result['database']}（{result['rows']:,} 行）"
                + (f"，附件 {result['media_files']:,} 个 → {options['media_root']}" if options["media_root"] else "")
            )
        )
        self.stdout.write("下一步：用这个 DATABASE_URL 运行 python manage.py migrate --check，确认代码与库的迁移一致。")
