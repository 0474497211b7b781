"""The contract of a domain's public subjects (`public_<name>s()`, `public_<name>_or_none(pk)` in its
`selectors`): a subject is public once it has a public record — published, 主动公开 or 依申请公开 — and a
record in any other state, overdue, withdrawn or 不予公开 makes no subject public.

A domain's test class inherits `SubjectSelectorsContract` and declares its `domain` code
(tests/contracts/domain.py): its subject's spec names the list (`public_subjects`), its `selectors` have
`public_<name>_or_none` and its `tests/builders.py` `make_<name>(org, **fields)`; records are built from the
spec (`tests/contracts/records.py`).
"""

import pytest

from disclosures.choices import DisclosureMode

from . import records
from .domain import DomainTestCase


@pytest.mark.django_db
class SubjectSelectorsContract(DomainTestCase):

    def new_subject(self, org, **fields):
        return getattr(self.builders, f"make_{self.spec.name}")(org, **fields)

    def public_or_none(self, pk):
        return getattr(self.selectors, f"public_{self.spec.name}_or_none")(pk)

    def test_only_subjects_with_a_public_record(self, org):
        spec = self.spec
        shown = self.new_subject(org, name="有公开信息")
        records.public_record(spec, org, shown)
        records.record_in_state(spec, org, shown, "draft")
        only_draft = self.new_subject(org, name="只有草稿")
        records.record_in_state(spec, org, only_draft, "approved")
        records.overdue_record(spec, org, only_draft)
        only_withdrawn = self.new_subject(org, name="只有撤回")
        records.record_in_state(spec, org, only_withdrawn, "withdrawn")
        only_withheld = self.new_subject(org, name="只有不予公开")
        records.public_record(spec, org, only_withheld, disclosure_mode=DisclosureMode.NOT_DISCLOSED,
                              mode_reason="涉及国家秘密")
        self.new_subject(org, name="没有记录")

        assert list(spec.public_queryset()) == [shown]  # once, though it has two records
        assert self.public_or_none(shown.pk) == shown
        for subject in (only_draft, only_withdrawn, only_withheld):
            assert self.public_or_none(subject.pk) is None, subject.name

    def test_on_request_records_make_a_subject_public(self, org):
        subject = self.new_subject(org)
        records.public_record(self.spec, org, subject, disclosure_mode=DisclosureMode.ON_REQUEST, mode_reason="涉及第三方")
        assert list(self.spec.public_queryset()) == [subject]
        assert self.public_or_none(subject.pk) == subject
