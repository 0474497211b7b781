"""Records built through the kernel's services, so tests exercise the same path as users."""

import datetime

from disclosures import services
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
    return services.disclosure_create(actor=actor, department=department, **fields)


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
