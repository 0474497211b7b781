"""Programmes and their records built through the welfare services (the path clerks take)."""

import datetime
import itertools
from decimal import Decimal

from disclosures.models import Disclosure
from tests.clock import TEST_TODAY
from tests.contracts import records
from tests.contracts.records import publish
from welfare import services
from welfare.apps import PROGRAMME
from welfare.choices import WelfareArea
from welfare.models import Programme

_serial = itertools.count(1)

YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)

# Valid structured fields of each common item type (the area-specific ones need only their item type,
# except the money ones, which need an amount).
ITEM_DETAILS = {
    "policy": {},
    "fund": {"fund_source": "中央财政补助资金", "amount": "1200000.00"},
    "standard": {"standard": "城市低保标准每人每月 720 元", "amount_per_person_month": "720.00"},
    "beneficiaries": {},
}


def programme_fields(org, **overrides) -> dict:
    serial = next(_serial)
    fields = {
        "name": f"测试县第{serial}批城乡最低生活保障",
        "area": WelfareArea.SOCIAL_ASSISTANCE,
        "jurisdiction": org.county,
        "department": org.department,
        "fund_source": "中央和省级财政补助资金",
        "total_funds": Decimal("12800000.00"),
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "target": "城乡低保对象应保尽保。",
        "implementer": "测试县民政局，责任人：王科长",
        "report_phone": "0908-4221234",
    }
    fields.update(overrides)
    return fields


def make_programme(org, actor=None, **overrides) -> Programme:
    return services.programme_create(actor=actor or org.clerk, **programme_fields(org, **overrides))


def record_fields(item_type: str = "policy", details: dict | None = None, **overrides) -> dict:
    fields = {
        "title": "测试公开信息",
        "body": "<p>正文</p>",
        "formed_on": YESTERDAY,
        "details": {"item_type": item_type, **ITEM_DETAILS.get(item_type, {}), **(details or {})},
    }
    fields.update(overrides)
    return fields


def make_record(
    org, programme, *, actor=None, department=None, item_type="policy", details=None, **overrides
) -> Disclosure:
    return records.draft_about(PROGRAMME, org, programme, actor=actor, department=department,
                               **record_fields(item_type, details, **overrides))


def published(org, programme, **kwargs) -> Disclosure:
    return publish(make_record(org, programme, **kwargs), clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)
