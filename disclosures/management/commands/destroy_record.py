"""销毁 one published record past retention, already archived (disclosures/archiving.py; docs/operations.md)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from disclosures import archiving


class Command(BaseCommand):
    help = "销毁一条保管期满且已归档的公开记录：校验归档包，写操作留痕，然后删除。"

    def add_arguments(self, parser):
        parser.add_argument("pk", type=int, help="记录编号")
        parser.add_argument("--package", required=True, help="含该记录的归档包目录")
        parser.add_argument("--reason", required=True, help="销毁理由")
        parser.add_argument("--approval-no", required=True, help="销毁审批文号（档案鉴定、销毁清册的批准文号）")
        parser.add_argument("--by", required=True, help="办理人用户名（负责该单位的政务公开办）")

    def handle(self, *args, **options):
        actor = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(f"没有在用的用户“{options['by']}”。")
        try:
            done = archiving.destroy_record(
                pk=options["pk"], package=options["package"], reason=options["reason"],
                approval_no=options["approval_no"], actor=actor,
            )
        except archiving.ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已销毁：{done.index_no} “{done.title}”（{done.attachments} 个附件）；留痕已写入。")
