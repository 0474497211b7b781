"""Helpers of the public-pages tests: matters and 黑名单 entries created directly, records linked directly.

(Records go through the kernel's workflow and are linked by `tests.contracts.records`, so these tests do
not depend on the resources services.)
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from disclosures.models import Disclosure
from resources.apps import MATTER
from resources.models import BlacklistEntry, ResourceMatter
from resources.tests.factories import details as details_for
from resources.tests.factories import valid_uscc
from tests.contracts import records

_serial = itertools.count(1)


def make_matter(org, **fields) -> ResourceMatter:
    serial = next(_serial)
    fields.setdefault("area", "land_use_right")
    fields.setdefault("name", f"测试事项{serial}")
    fields.setdefault("reference_no", f"REF-{serial:05d}")
    fields.setdefault("jurisdiction", org.county)
    fields.setdefault("department", org.department)
    fields.setdefault("amount", Decimal("1000000.00"))
    matter = ResourceMatter(**fields)
    matter.full_clean()
    matter.save()
    return matter


def link(matter: ResourceMatter, record: Disclosure) -> Disclosure:
    return records.link(MATTER, matter, record)


def public_record(org, matter: ResourceMatter, item_type: str = "notice", **fields) -> Disclosure:
    return records.public_record(MATTER, org, matter, **_with_details(matter, item_type, fields))


def record_in_state(org, matter: ResourceMatter, status: str, item_type: str = "notice", **fields) -> Disclosure:
    return records.record_in_state(MATTER, org, matter, status, **_with_details(matter, item_type, fields))


def overdue_record(org, matter: ResourceMatter, item_type: str, **fields) -> Disclosure:
    """An unpublished draft whose due date has passed."""
    return records.overdue_record(MATTER, org, matter, **_with_details(matter, item_type, fields))


def _with_details(matter: ResourceMatter, item_type: str, fields: dict) -> dict:
    fields.setdefault("details", details_for(matter.area, item_type))
    return fields


def set_published_at(record: Disclosure, moment: datetime.datetime) -> Disclosure:
    Disclosure.objects.filter(pk=record.pk).update(published_at=moment)
    record.refresh_from_db()
    return record


def make_blacklist_entry(org, **fields) -> BlacklistEntry:
    serial = next(_serial)
    today = timezone.localdate()
    fields.setdefault("subject_name", f"测试失信企业{serial}有限公司")
    fields.setdefault("uscc", valid_uscc(serial))
    fields.setdefault("area", "procurement")
    fields.setdefault("conduct", "提供虚假材料谋取中标")
    fields.setdefault("decision", "列入政府采购严重违法失信行为记录名单，三年内禁止参加政府采购活动")
    fields.setdefault("decision_no", f"测财采罚〔2024〕{serial}号")
    fields.setdefault("authority", "测试县财政局")
    fields.setdefault("basis", "procurement_law_77")
    fields.setdefault("statement", "none")
    fields.setdefault("starts_on", today - datetime.timedelta(days=30))
    fields.setdefault("notified_on", fields["starts_on"] - datetime.timedelta(days=15))
    fields.setdefault("ends_on", today + datetime.timedelta(days=300))
    fields.setdefault("department", org.department)
    entry = BlacklistEntry(**fields)
    entry.full_clean()
    entry.save()
    return entry
