"""Shared fixtures. Tests marked `postgres`, `services` or `browser` fail (not skip) when CI requires services."""

import os
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings

from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from tests.browser.support import browser_missing
from tests.clock import TEST_NOW, instant

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1" or os.environ.get("CI", "").lower() == "true"

# No test reads the real clock. Each starts at an instant (Asia/Shanghai) and the clock ticks on from
# there: the module's or test's `@pytest.mark.clock("2026-11-23T10:00")` when what it checks depends on
# the day, otherwise TEST_NOW. CI runs the suite a second time with PORTAL_TEST_NOW in a year no calendar
# covers (.ci/run), so a test without a clock mark must pass on any day. A test may still travel itself.
@pytest.fixture(autouse=True)
def _pinned_clock(request):
    marker = request.node.get_closest_marker("clock")
    with time_machine.travel(instant(marker.args[0]) if marker else TEST_NOW, tick=True):
        yield


def _missing(item) -> str | None:
    if item.get_closest_marker("postgres") and not settings.IS_POSTGRES:
        return "needs PostgreSQL (set DATABASE_URL)"
    if item.get_closest_marker("services") and not settings.REDIS_URL:
        return "needs Redis (set REDIS_URL)"
    if item.get_closest_marker("browser"):
        return browser_missing()
    return None


def pytest_runtest_setup(item):
    reason = _missing(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason}: services are required in CI", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing with the production hasher costs ~0.3 s a user; tests don't need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Query-count tests measure rendering: the page cache is off unless a test turns it on.
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (public pages, calendar version…) and reads the holiday
    calendar afresh from its database (the process keeps a copy keyed by a version in the cache)."""
    from django.core.cache import cache

    from workdays import services as workday_services

    cache.clear()
    workday_services._memo.clear()
    yield
    cache.clear()
    workday_services._memo.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """`.delay()` runs in-process in tests; the real worker is exercised in tests/test_celery_worker.py."""
    from disclosure_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class Org:
    """A county with an office, one department with every role, and a second department."""

    county: object
    town: object
    office_department: object
    department: object
    other_department: object
    town_department: object
    clerk: object
    clerk_b: object
    reviewer: object
    reviewer_b: object
    signer: object
    office: object
    other_clerk: object
    other_reviewer: object
    town_clerk: object


@pytest.fixture
def org(db) -> Org:
    # A transactional test flushes the tables, data migrations included: put the catalogue back.
    from catalogue.seed_data import load_seed

    load_seed()

    county = JurisdictionFactory(name="测试县", code="TC", level=JurisdictionLevel.COUNTY)
    town = JurisdictionFactory(name="测试镇", code="TT", level=JurisdictionLevel.TOWN, parent=county)
    office_department = DepartmentFactory(jurisdiction=county, name="县政府办公室", code="ZFB", is_office=True)
    department = DepartmentFactory(jurisdiction=county, name="县发展和改革委员会", code="FGW")
    other_department = DepartmentFactory(jurisdiction=county, name="县自然资源局", code="ZRZY")
    town_department = DepartmentFactory(jurisdiction=town, name="测试镇党政办", code="TTDZB")
    return Org(
        county=county,
        town=town,
        office_department=office_department,
        department=department,
        other_department=other_department,
        town_department=town_department,
        clerk=member(department, Role.CLERK, "clerk"),
        clerk_b=member(department, Role.CLERK, "clerk_b"),
        reviewer=member(department, Role.REVIEWER, "reviewer"),
        reviewer_b=member(department, Role.REVIEWER, "reviewer_b"),
        signer=member(department, Role.SIGNER, "signer"),
        office=member(office_department, Role.OFFICE, "office"),
        other_clerk=member(other_department, Role.CLERK, "clerk2"),
        other_reviewer=member(other_department, Role.REVIEWER, "reviewer2"),
        town_clerk=member(town_department, Role.CLERK, "town_clerk"),
    )
