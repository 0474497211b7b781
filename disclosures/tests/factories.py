"""Records built through the kernel's services, so tests exercise the same path as users."""

import datetime

from catalogue.models import CatalogueEntry
from disclosures import services
from disclosures.choices import DisclosureMode, WithholdingReason
from disclosures.details import placeholder_details
from disclosures.models import Disclosure
from tests.clock import TEST_TODAY


def draft(actor, department, **fields) -> Disclosure:
    fields.setdefault("title", "测试公开信息")
    fields.setdefault("domain", "projects")
    fields.setdefault("category", "approval_result")
    fields.setdefault("body", "<p>正文</p>")
    if "catalogue_entry" in fields and "category" not in fields:
        fields["domain"], fields["category"] = fields["catalogue_entry"].domain, fields["catalogue_entry"].category
    fields.setdefault("details", placeholder_details(fields["domain"], fields["category"]))
    return services.disclosure_create(actor=actor, department=department, **record_defaults(fields))


def record_defaults(fields: dict) -> dict:
    """What a test that does not care about them leaves out and the services require:
    - a 不予公开 record's reason from the annual report's list (a test of that rule passes withholding_reason="");
    - the catalogue entry where the category's entries give different deadlines and the item type does not
      choose (quality_safety, supervision: the category's first entry, as a clerk would pick it; the rule itself
      is tested in test_deadline_rules)."""
    if fields.get("disclosure_mode") == DisclosureMode.NOT_DISCLOSED:
        fields.setdefault("withholding_reason", WithholdingReason.STATE_SECRET)
    domain, category = fields.get("domain"), fields.get("category")
    if "catalogue_entry" not in fields and domain and category:
        if services.default_catalogue_entry(domain, category, fields.get("details")) is None:
            first = CatalogueEntry.objects.filter(domain=domain, category=category, is_active=True)
            fields["catalogue_entry"] = first.order_by("ordering", "pk").first()
    return fields


def published(org, **fields) -> Disclosure:
    """A record taken through the whole workflow by the org's clerk, reviewer and signer."""
    record = draft(org.clerk, org.department, **fields)
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    services.disclosure_sign(disclosure=record, actor=org.signer)
    record.refresh_from_db()
    return record


def in_state(org, status: str, **fields) -> Disclosure:
    """A record of the org's department brought to `status`."""
    record = draft(org.clerk, org.department, **fields)
    if status == "draft":
        return record
    services.disclosure_submit(disclosure=record, actor=org.clerk)
    if status == "submitted":
        return record
    services.disclosure_review(disclosure=record, actor=org.reviewer)
    if status == "reviewed":
        return record
    if status == "approved":
        org.department.jurisdiction.auto_publish = False
        org.department.jurisdiction.save()
        try:
            services.disclosure_sign(disclosure=record, actor=org.signer)
        finally:
            org.department.jurisdiction.auto_publish = True
            org.department.jurisdiction.save()
        record.refresh_from_db()
        return record
    services.disclosure_sign(disclosure=record, actor=org.signer)
    if status == "published":
        return record
    if status == "withdrawn":
        services.disclosure_withdraw(disclosure=record, actor=org.reviewer, reason="信息有误，撤回")
        return record
    raise ValueError(status)


YESTERDAY = TEST_TODAY - datetime.timedelta(days=1)
