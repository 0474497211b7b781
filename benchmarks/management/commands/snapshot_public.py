"""
`python manage.py snapshot_public DIR [--at ISO] [--staff] [--admin] [--compare BASELINE]` — a snapshot
of every page, feed, export and API response the portal serves on GET, and the comparison of two
snapshots: the proof that a refactoring changes no behaviour (benchmarks/snapshots.py,
docs/architecture.md).

    manage.py snapshot_public /tmp/before --at 2026-12-07T10:00:00+08:00 --seed-demo --staff --admin
    (change the code; a fresh empty database)
    manage.py snapshot_public /tmp/after --at 2026-12-07T10:00:00+08:00 --seed-demo --staff --admin \\
        --compare /tmp/before

`make snapshot [BASELINE=dir]` does this on a fresh SQLite database.

Exits with status 1 when the snapshots differ.
"""

import datetime
import subprocess
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import snapshots


class Command(BaseCommand):
    help = "Snapshot every public URL (pages, feeds, exports, API) into DIR; --compare diffs it with another."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", type=Path, help="where the snapshot is written (or, with --compare-only, read)"
        )
        parser.add_argument(
            "--at",
            help="pin the clock to this instant, e.g. 2026-12-07T10:00:00+08:00 (no offset: Asia/Shanghai)",
        )
        parser.add_argument(
            "--seed-demo", action="store_true", help="first run seed_demo --if-empty under the pinned clock"
        )
        parser.add_argument(
            "--users", default=snapshots.ANONYMOUS, help="comma-separated: anonymous and/or usernames"
        )
        parser.add_argument(
            "--staff",
            action="store_true",
            help="also as the demo staff users " + ", ".join(snapshots.STAFF_USERS),
        )
        parser.add_argument(
            "--admin", action="store_true", help="staff users also crawl /admin/ (pages and pagination)"
        )
        parser.add_argument(
            "--api-pages", type=int, default=3, help="pages of each API list, 0 = all (default 3)"
        )
        parser.add_argument("--max-urls", type=int, default=20000, help="per user (default 20000)")
        parser.add_argument(
            "--exclude", action="append", default=[], metavar="REGEX", help="never request URLs matching this"
        )
        parser.add_argument(
            "--extra-url", action="append", default=[], metavar="URL", help="also start from this path"
        )
        parser.add_argument(
            "--compare",
            type=Path,
            metavar="BASELINE",
            help="compare BASELINE with DIR; exit 1 if they differ",
        )
        parser.add_argument(
            "--compare-only",
            action="store_true",
            help="with --compare: DIR is an existing snapshot, take none",
        )
        parser.add_argument(
            "--ignore-key",
            action="append",
            default=[],
            metavar="KEY",
            help=f"JSON key ignored by --compare (besides {', '.join(snapshots.DEFAULT_IGNORE_KEYS)})",
        )
        parser.add_argument(
            "--ignore-pattern",
            action="append",
            default=[],
            metavar="REGEX",
            help="text ignored by --compare (its groups are kept); besides CSRF tokens and nonces",
        )
        parser.add_argument(
            "--no-default-ignores", action="store_true", help="ignore only what --ignore-* name"
        )
        parser.add_argument(
            "--diff-lines", type=int, default=12, help="diff lines shown per changed URL (default 12)"
        )

    def handle(self, *args, **options):
        if options["compare_only"] and not options["compare"]:
            raise CommandError("--compare-only needs --compare BASELINE")
        if not options["compare_only"]:
            self.take(options)
        if options["compare"]:
            self.compare(options["compare"], options["directory"], options)

    # -----------------------------------------------------------------------------------------
    def take(self, options) -> None:
        at = self.instant(options["at"])
        users = [name for name in options["users"].split(",") if name]
        if options["staff"]:
            users += [name for name in snapshots.STAFF_USERS if name not in users]
        crawl = snapshots.Options(
            users=users,
            admin=options["admin"],
            api_pages=options["api_pages"],
            max_urls=options["max_urls"],
            excludes=list(snapshots.DEFAULT_EXCLUDES) + options["exclude"],
            extra_urls=options["extra_url"],
        )
        meta = {
            "at": at.isoformat() if at else None,
            "commit": self.commit(),
            "database": f"{connection.vendor} {settings.DATABASES['default']['NAME']}",
        }
        if at is None:
            self.stderr.write(
                self.style.WARNING("时钟未固定（--at）：两次快照若不在同一天，日期相关的内容会不同。")
            )
            self.run(options, crawl, meta)
            return
        try:
            # A test dependency (pip install -e '.[test]'): imported only when the clock is pinned.
            import time_machine
        except ImportError as error:
            raise CommandError("--at 需要 time-machine（pip install -e '.[test]'）") from error
        with time_machine.travel(at, tick=False):
            self.run(options, crawl, meta)

    def run(self, options, crawl: snapshots.Options, meta: dict) -> None:
        if options["seed_demo"]:
            call_command("seed_demo", if_empty=True, stdout=self.stdout, stderr=self.stderr)
        try:
            index = snapshots.take(options["directory"], crawl, meta=meta)
        except FileExistsError as error:
            raise CommandError(f"{error}：请换一个目录，或先清空它。") from error
        by_status: dict[int, int] = {}
        for entry in index["entries"]:
            by_status[entry["status"]] = by_status.get(entry["status"], 0) + 1
        self.stdout.write(
            f"快照：{len(index['entries'])} 个 URL（"
            + "，".join(f"{status}：{count}" for status, count in sorted(by_status.items()))
            + f"）→ {options['directory']}"
        )
        for user, count in index["meta"]["over_max_urls"].items():
            if count:
                self.stderr.write(self.style.WARNING(f"{user}：超过 --max-urls，{count} 个 URL 未请求"))

    def compare(self, baseline: Path, new: Path, options) -> None:
        defaults = not options["no_default_ignores"]
        ignores = snapshots.Ignores(
            patterns=(list(snapshots.DEFAULT_IGNORE_PATTERNS) if defaults else [])
            + options["ignore_pattern"],
            keys=(list(snapshots.DEFAULT_IGNORE_KEYS) if defaults else []) + options["ignore_key"],
        )
        try:
            differences, counts = snapshots.compare(baseline, new, ignores, limit=options["diff_lines"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        old_meta, new_meta = snapshots.load_meta(baseline), snapshots.load_meta(new)
        for key in ("at", "users", "admin", "api_pages"):
            if old_meta.get(key) != new_meta.get(key):
                self.stderr.write(
                    self.style.WARNING(f"两次快照的 {key} 不同：{old_meta.get(key)} / {new_meta.get(key)}")
                )
        for difference in differences:
            self.stdout.write(str(difference))
        summary = (
            f"比较 {baseline} → {new}：相同 {counts['same']}，不同 {counts['changed']}，"
            f"仅在基线 {counts['only_baseline']}，仅在新快照 {counts['only_new']}"
        )
        if differences:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    # -----------------------------------------------------------------------------------------
    @staticmethod
    def instant(text: str | None) -> datetime.datetime | None:
        if not text:
            return None
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError as error:
            raise CommandError(f"--at：无法识别的时间 {text!r}（例如 2026-12-07T10:00:00+08:00）") from error
        if value.tzinfo is None:
            value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return value

    @staticmethod
    def commit() -> str | None:
        """The checked-out commit (with +dirty when the tree has changes), for the index's meta."""
        try:
            head = subprocess.run(
                ["git", "rev-parse", "HEAD"],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "status", "--porcelain"],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return None
        return head + ("+dirty" if dirty else "")
