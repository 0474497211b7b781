"""Helpers of the public-pages tests: programmes created directly, records linked to them directly.

(Records go through the kernel's workflow and are linked by `tests.contracts.records`, so these tests do
not depend on the welfare services.)
"""

import itertools
from decimal import Decimal

from disclosures import services as kernel
from disclosures.models import Disclosure
from disclosures.tests.factories import draft
from namelists.services import name_list_save
from tests.contracts import records
from welfare.apps import PROGRAMME
from welfare.choices import WelfareArea
from welfare.models import Programme

_serial = itertools.count(1)

RAW_NAME, RAW_ID, RAW_PHONE = "张三明", "110101199003071234", "13812345678"
BENEFICIARIES = [
    {"name": RAW_NAME, "id_number": RAW_ID, "phone": RAW_PHONE, "locality": "白水村", "household_size": 3,
     "amount": "650.00", "note": ""},
    {"name": "李四", "id_number": "11010119800101123X", "phone": "0908-4221234", "locality": "石门村",
     "household_size": 2, "amount": "480", "note": ""},
]


def make_programme(org, **fields) -> Programme:
    serial = next(_serial)
    fields.setdefault("name", f"测试公益项目{serial}")
    fields.setdefault("area", WelfareArea.SOCIAL_ASSISTANCE)
    fields.setdefault("jurisdiction", org.county)
    fields.setdefault("department", org.department)
    fields.setdefault("fund_source", "中央和省级财政补助资金")
    fields.setdefault("total_funds", Decimal("1200000.00"))
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    return programme


def link(programme: Programme, record: Disclosure) -> Disclosure:
    return records.link(PROGRAMME, programme, record)


def _fields(item_type: str, details: dict | None, fields: dict) -> dict:
    fields["details"] = {"item_type": item_type, **(details or {})}
    return fields


def public_record(org, programme: Programme, item_type: str = "policy", details: dict | None = None, **fields):
    return records.public_record(PROGRAMME, org, programme, **_fields(item_type, details, fields))


def fund_record(org, programme: Programme, amount: str, *, item_type: str = "fund", **details) -> Disclosure:
    """A published fund record; `details` adds 来源, 分配对象数, 已拨付, 使用情况…"""
    title = details.pop("title", f"资金分配 {amount} 元")
    return public_record(org, programme, item_type, {"amount": amount, **details}, title=title)


def record_in_state(org, programme: Programme, status: str, item_type: str = "policy", details=None, **fields):
    return records.record_in_state(PROGRAMME, org, programme, status, **_fields(item_type, details, fields))


def overdue_record(org, programme: Programme, item_type: str = "policy", **fields) -> Disclosure:
    """An unpublished draft whose due date has passed."""
    return records.overdue_record(PROGRAMME, org, programme, **_fields(item_type, None, fields))


def name_list_record(org, programme: Programme, *, scope: str = "public", **fields) -> Disclosure:
    """A published 对象名单公示 record with a beneficiary list (raw personal data in the entries)."""
    fields.setdefault("title", "城乡低保对象名单公示")
    record = draft(org.clerk, org.department, **records.about(PROGRAMME, programme, _fields("beneficiaries", None, fields)))
    name_list_save(actor=org.clerk, disclosure=record, entries=BENEFICIARIES, notice_days=7, scope=scope,
                   scope_description="白水镇各行政村村务公开栏" if scope == "specific" else "")
    kernel.disclosure_submit(disclosure=record, actor=org.clerk)
    kernel.disclosure_review(disclosure=record, actor=org.reviewer)
    kernel.disclosure_sign(disclosure=record, actor=org.signer)
    record.refresh_from_db()
    return link(programme, record)
