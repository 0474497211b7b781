"""Matters, their records and 黑名单 entries built through the resources services (the path clerks take)."""

import datetime
import itertools
from decimal import Decimal

from django import forms
from django.utils import timezone

from core.validators import uscc_check_character
from disclosures.models import Disclosure
from resources import services
from resources.apps import MATTER
from resources.forms import CATEGORY_FORMS
from resources.models import BlacklistEntry, ResourceMatter
from tests.contracts import records

_serial = itertools.count(1)


def valid_uscc(serial: int) -> str:
    first17 = f"91533100MB{serial % 10_000_000:07d}"
    return first17 + uscc_check_character(first17)


def details(area: str, item_type: str, **values) -> dict:
    """Valid structured fields of one item type: its required fields filled, `values` on top."""
    form_class = CATEGORY_FORMS[area]
    data = {"item_type": item_type}
    for name in form_class.REQUIRED.get(item_type, ()):
        field = form_class.base_fields[name]
        if isinstance(field, forms.ChoiceField):
            data[name] = next(code for code, _label in field.choices if code)
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            data[name] = str(max(10, field.min_value or 0))
        elif isinstance(field, forms.DateField):
            data[name] = timezone.localdate().isoformat()
        else:
            data[name] = str(field.label)
    data.update(values)
    return data


def matter_fields(org, **overrides) -> dict:
    serial = next(_serial)
    fields = {
        "area": "land_use_right",
        "name": f"测试县第{serial}号宗地国有建设用地使用权挂牌出让",
        "reference_no": f"测试〔2026〕{serial}号",
        "jurisdiction": org.county,
        "department": org.department,
        "amount": Decimal("52960000.00"),
        "description": "宗地位于测试县城东片区。",
    }
    fields.update(overrides)
    return fields


def make_matter(org, actor=None, **overrides) -> ResourceMatter:
    return services.matter_create(actor=actor or org.clerk, **matter_fields(org, **overrides))


def record_fields(area: str, item_type: str, **overrides) -> dict:
    fields = {
        "title": "测试公共资源配置信息",
        "category": area,
        "body": "<p>正文</p>",
        "formed_on": datetime.date.today() - datetime.timedelta(days=1),
        "details": details(area, item_type),
    }
    fields.update(overrides)
    return fields


def make_record(org, matter, item_type: str = "notice", *, actor=None, department=None, **overrides) -> Disclosure:
    return records.draft_about(MATTER, org, matter, actor=actor, department=department,
                               **record_fields(matter.area, item_type, **overrides))


def publish(record: Disclosure, org) -> Disclosure:
    return records.publish(record, clerk=org.clerk, reviewer=org.reviewer, signer=org.signer)


def published_record(org, matter, item_type: str = "notice", **overrides) -> Disclosure:
    return publish(make_record(org, matter, item_type, **overrides), org)


def entry_fields(org, **overrides) -> dict:
    serial = next(_serial)
    today = timezone.localdate()
    fields = {
        "list_type": "serious",
        "subject_kind": "organization",
        "subject_name": f"测试失信企业{serial}有限公司",
        "uscc": valid_uscc(serial),
        "area": "procurement",
        "conduct": "提供虚假材料谋取中标",
        "decision": "三年内禁止参加政府采购活动",
        "decision_no": f"测财采罚〔2026〕{serial}号",
        "authority": "测试县财政局",
        "basis": "procurement_law_77",
        "statement": "none",
        "starts_on": today - datetime.timedelta(days=30),
        "ends_on": today + datetime.timedelta(days=300),
        "department": org.department,
    }
    fields.update(overrides)
    fields.setdefault("notified_on", fields["starts_on"] - datetime.timedelta(days=15))
    return fields


def make_entry(org, actor=None, **overrides) -> BlacklistEntry:
    return services.blacklist_entry_create(actor=actor or org.clerk, **entry_fields(org, **overrides))
