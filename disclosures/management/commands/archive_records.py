"""归档: write an archive package for transfer to the 档案馆 (disclosures/archiving.py; docs/operations.md 归档与销毁)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from disclosures import archiving
from disclosures.models import Disclosure


class Command(BaseCommand):
    help = "把保管期满（--due）或指定（--pk）的已公开记录写成一个归档包（HTML、JSON、原始附件、清单和校验值）。"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--due", action="store_true", help="保管期满的已发布、已撤回记录")
        which.add_argument("--pk", type=int, nargs="+", help="记录编号")
        which.add_argument("--all", action="store_true", help="全部已发布、已撤回记录（整体移交或测量用）")
        parser.add_argument("--out", required=True, help="归档包写入的目录（其下新建一个 archive-<时间> 文件夹）")
        parser.add_argument("--by", help="经办人用户名（写入留痕）")

    def handle(self, *args, **options):
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"没有用户“{options['by']}”。")
        if options["due"]:
            records = archiving.due_records()
        else:
            queryset = Disclosure.objects.filter(status__in=archiving.ARCHIVED_STATES).order_by("published_at", "pk")
            if options["pk"]:
                queryset = queryset.filter(pk__in=options["pk"])
                missing = set(options["pk"]) - set(queryset.values_list("pk", flat=True))
                if missing:
                    raise CommandError(f"这些编号不是已发布或已撤回的记录：{sorted(missing)}")
            records = list(queryset.select_related("department", "jurisdiction", "catalogue_entry"))
        if not records:
            self.stdout.write("没有需要归档的记录。")
            return
        try:
            package = archiving.write_package(records, options["out"], actor=actor)
        except archiving.ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已归档 {len(records)} 条记录：{package}")
