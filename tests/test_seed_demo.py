"""Quick start: the demo seeds a believable county portal on an empty database."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction

from disclosures.choices import Status
from disclosures.domains import all_domains
from disclosures.models import AuditEntry, Disclosure
from organizations.choices import Role
from organizations.models import Department, Membership


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_demo_users_log_in_with_the_readme_password(seeded):
    for username in ["office", "clerk", "reviewer", "signer", "clerk2"]:
        assert authenticate(username=username, password="portal-demo-2026") is not None, username


def test_demo_roles_match_the_readme(seeded):
    roles = {m.user.username: (m.role, m.department.name) for m in Membership.objects.select_related("user", "department")}
    assert roles["clerk"][0] == Role.CLERK
    assert roles["reviewer"][0] == Role.REVIEWER
    assert roles["signer"][0] == Role.SIGNER
    assert roles["office"][0] == Role.OFFICE
    assert roles["clerk"][1] == roles["reviewer"][1] == roles["signer"][1]
    assert roles["clerk2"][1] != roles["clerk"][1]


def test_demo_has_departments_and_records_in_every_domain_and_state(seeded):
    assert Department.objects.count() >= 15
    assert set(Disclosure.objects.values_list("domain", flat=True)) == {d.code for d in all_domains()}
    states = set(Disclosure.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN} <= states
    assert Disclosure.objects.filter(status=Status.PUBLISHED, index_no__isnull=True).count() == 0
    assert Disclosure.objects.exclude(rejection_comment="").filter(status=Status.DRAFT).exists()
    assert Disclosure.objects.filter(version__gte=2).exists(), "a corrected record with two versions"
    # Every record went through the services, so each has its audit trail.
    assert AuditEntry.objects.filter(action="disclosure.create").count() == Disclosure.objects.count()


class _Rollback(Exception):
    pass


def test_demo_is_deterministic(db, settings):
    settings.DEBUG = True

    def build():
        call_command("seed_demo", verbosity=0)
        return list(Disclosure.objects.order_by("pk").values_list("title", "status", "formed_on", "department__code"))

    with pytest.raises(_Rollback), transaction.atomic():
        first = build()
        raise _Rollback
    assert not Disclosure.objects.exists()
    assert len(first) > 50
    assert build() == first


def test_demo_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not Department.objects.exists()


def test_demo_if_empty_skips_a_populated_database(seeded):
    count = Disclosure.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Disclosure.objects.count() == count
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
