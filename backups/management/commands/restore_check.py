"""
`python manage.py restore_check [--max-urls N] [--keep]` — the restore drill on the current database and
MEDIA_ROOT (backups/restore_check.py): backup, restore into a scratch database and folder, then row counts,
migrations, attachments' sha256, the audit trail and a crawl of public pages and API responses compared.
Prints a report and exits with status 1 on any difference. `make restore-check` runs it; CI runs it on a
freshly seeded demo (`--demo-attachments`, so that the attachment check has files to compare).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups import restore_check
from disclosures.choices import Status
from disclosures.models import Disclosure
from disclosures.services import attachment_add


def _pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Command(BaseCommand):
    help = "恢复演练：备份当前数据库和附件，恢复到临时库和新目录，逐项核对（行数、附件、留痕、页面和 API）。"

    def add_arguments(self, parser):
        parser.add_argument("--max-urls", type=int, default=300, help="比较的公开 URL 数上限（默认 300）")
        parser.add_argument("--keep", action="store_true", help="保留临时备份、目录和数据库（排查用）")
        parser.add_argument("--jobs", type=int, default=1, help="pg_restore 并行数")
        parser.add_argument(
            "--demo-attachments", type=int, default=0, metavar="N",
            help="先给演示数据的 N 条草稿各加一个 PDF 附件（只用于 CI 的临时演示库：会写入当前数据库）",
        )

    def handle(self, *args, **options):
        if options["demo_attachments"]:
            self.add_demo_attachments(options["demo_attachments"])
        self.stdout.write(f"恢复演练 restore check — {timezone.localtime():%Y-%m-%d %H:%M %Z}")
        report = restore_check.run(
            max_urls=options["max_urls"], keep=options["keep"], jobs=options["jobs"],
            progress=lambda line: self.stdout.write(f"  … {line}"),
        )
        for number, step in enumerate(report.steps, start=1):
            mark = self.style.SUCCESS("通过 ✓") if step.ok else self.style.ERROR("失败 ✗")
            self.stdout.write(f"{number}. {step.label}：{mark} {step.detail}")
            for problem in step.problems[:20]:
                self.stdout.write(f"     - {problem}")
            if len(step.problems) > 20:
                self.stdout.write(f"     - …共 {len(step.problems)} 处")
        if not report.ok:
            raise CommandError("恢复演练失败 RESTORE CHECK FAILED", returncode=1)
        self.stdout.write(self.style.SUCCESS("恢复演练通过 RESTORE CHECK PASSED"))

    def add_demo_attachments(self, count: int) -> None:
        drafts = list(
            Disclosure.objects.filter(status=Status.DRAFT, created_by__isnull=False)
            .select_related("created_by").order_by("pk")[:count]
        )
        if len(drafts) < count:
            raise CommandError(f"--demo-attachments：只有 {len(drafts)} 条草稿（先运行 seed_demo）")
        for number, record in enumerate(drafts, start=1):
            upload = SimpleUploadedFile(
                f"restore-check-{number}.pdf", _pdf(f"Restore check {number}"), content_type="application/pdf"
            )
            attachment_add(disclosure=record, actor=record.created_by, uploaded_file=upload)
        self.stdout.write(f"已给 {count} 条草稿各加一个 PDF 附件")
