"""
`python manage.py seed_demo` — a believable county portal in Chinese, for trying the product.

Deterministic (seeded random generator; dates are relative to today so deadlines stay meaningful).
Records are created and moved through the workflow by the kernel's and the domains' services, exactly
as users would; only the publication dates of the archive are back-dated afterwards (with the
timeliness recomputed for the back-dated day) so the column and the dashboard's trend have a year of
history. Whatever day it runs, the demo has records overdue, due within 3 working days, published late
and published on time, some of them under the 7-working-day limit of 行政许可/行政处罚 decisions.
Refused when DEBUG is off.

The command names no domain: it builds the county (demo/county.py), then each domain of the registry
through its builder in the `demo` package (demo/__init__.py), in the registry's order — every domain's
subjects, the cross-domain cases (demo/cases.py), every domain's records. That order fixes the ids.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.domains import all_domains
from core.signals import case_notice
from demo import BUILDERS, cases, guide, reports, requests, search, supervision
from demo.county import DEMO_PASSWORD, County, DomainDemo
from disclosures.choices import Status
from disclosures.models import Disclosure
from inforequests.models import InfoRequest
from notifications.services import CASE_NOTICE_UID, deliver_case_notice
from organizations.models import Jurisdiction
from supervision.models import Notice


def domain_builders() -> dict[str, DomainDemo]:
    """Each registered domain's demo builder, in the registry's order."""
    missing = [domain.code for domain in all_domains() if domain.code not in BUILDERS]
    if missing:
        raise CommandError(
            f"演示数据：领域 {'、'.join(missing)} 没有演示数据构建器（请在 demo/__init__.py 的 BUILDERS 中登记）。"
        )
    return {domain.code: BUILDERS[domain.code] for domain in all_domains()}


class Command(BaseCommand):
    help = "生成演示数据：区划、单位、各角色用户和各领域、各状态的公开记录（仅在 DEBUG 模式下可用）。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="已有数据时跳过。")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）。")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("演示数据只能在 DEBUG 模式下生成，生产环境禁止使用。")
        if Jurisdiction.objects.exists():
            if options["if_empty"]:
                self.stdout.write("已有数据，跳过演示数据。")
                return
            raise CommandError("数据库中已有数据。演示数据只能在空数据库上生成（或使用 --if-empty 跳过）。")
        builders = domain_builders()
        county = County(seed=options["seed"], builders=builders)
        with transaction.atomic(), _without_notices():
            county.build_organisations()
            for code, builder in builders.items():
                if builder.subjects is not None:
                    county.subjects[code] = builder.subjects(county)
            cases.build(county)
            for builder in builders.values():
                builder.records(county)
            requests.build(county)  # 依申请公开: one request in every state
            guide.build(county)  # 政府信息公开指南 (条例第十二条)
            reports.build(county)  # 年度报告: a published 2025 report and the county's 2026 draft
            supervision.build(county)  # 督办单: one in every state
            supervision.build_circular(county)  # 通报: last month's, published
            search.build(county)  # 检索同义词 and a month of counted searches (issue 23, part 6)
        counts = {s.label: Disclosure.objects.filter(status=s).count() for s in Status}
        self.stdout.write(self.style.SUCCESS("演示数据已生成：" + "，".join(f"{k} {v}" for k, v in counts.items() if v)))
        self.stdout.write(f"依申请公开：{InfoRequest.objects.count()} 件申请（待确认、待分办、待补正、办理中、待缴费、答复待审核、已答复、视为放弃、申请人撤回）")
        self.stdout.write(f"督办单：{Notice.objects.count()} 张（待答复、已答复待审核、退回重新整改、已办结、已升级）")
        self.stdout.write(f"演示账号 office / clerk / reviewer / signer / clerk2，密码 {DEMO_PASSWORD}")


@contextmanager
def _without_notices():
    """The demo writes months of back-dated workflow history: nobody is told of it. The workflow's notices
    (core.signals.case_notice) would put ~700 messages in the demo inboxes and print as many e-mails on the
    console; from the first step a demo user takes, they are sent as usual."""
    case_notice.disconnect(dispatch_uid=CASE_NOTICE_UID)
    try:
        yield
    finally:
        case_notice.connect(deliver_case_notice, dispatch_uid=CASE_NOTICE_UID)
