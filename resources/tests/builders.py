"""Helpers of the public-pages tests: matters and 黑名单 entries created directly, records linked directly.

(Records go through the kernel's workflow via `disclosures.tests.factories`; the link row is created
here so these tests do not depend on the resources services.)
"""

import datetime
import itertools
from decimal import Decimal

from django import forms
from django.utils import timezone

from core.validators import uscc_check_character
from disclosures.models import Disclosure
from disclosures.tests.factories import draft, in_state, published
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry, MatterRecord, ResourceMatter

_serial = itertools.count(1)


def valid_uscc(serial: int) -> str:
    first17 = f"91533100MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def details_for(area: str, item_type: str, **values) -> dict:
    """Valid structured fields for one item type of an area: its required fields filled, `values` on top."""
    form_class = CATEGORY_FORMS[area]
    details = {"item_type": item_type}
    for name in form_class.REQUIRED.get(item_type, ()):
        field = form_class.base_fields[name]
        if isinstance(field, forms.ChoiceField):
            details[name] = next(code for code, _label in field.choices if code)
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            details[name] = "1"
        else:
            details[name] = str(field.label)
    details.update(values)
    return details


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
    MatterRecord.objects.create(matter=matter, disclosure=record)
    return record


def _record_fields(matter: ResourceMatter, item_type: str, fields: dict) -> dict:
    fields.setdefault("domain", "resources")
    fields.setdefault("category", matter.area)
    fields.setdefault("details", details_for(matter.area, item_type))
    return fields


def public_record(org, matter: ResourceMatter, item_type: str = "notice", **fields) -> Disclosure:
    return link(matter, published(org, **_record_fields(matter, item_type, fields)))


def record_in_state(org, matter: ResourceMatter, status: str, item_type: str = "notice", **fields) -> Disclosure:
    return link(matter, in_state(org, status, **_record_fields(matter, item_type, fields)))


def overdue_record(org, matter: ResourceMatter, item_type: str, **fields) -> Disclosure:
    """An unpublished draft whose due date has passed."""
    record = link(matter, draft(org.clerk, org.department, **_record_fields(matter, item_type, fields)))
    Disclosure.objects.filter(pk=record.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    record.refresh_from_db()
    return record


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
    fields.setdefault("starts_on", today - datetime.timedelta(days=30))
    fields.setdefault("ends_on", today + datetime.timedelta(days=300))
    fields.setdefault("department", org.department)
    entry = BlacklistEntry(**fields)
    entry.full_clean()
    entry.save()
    return entry
