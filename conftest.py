"""Shared fixtures. Tests marked `postgres`, `services` or `browser` fail (not skip) when CI requires services."""

import datetime
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings

from organizations.choices import JurisdictionLevel, Role
from organizations.tests.factories import DepartmentFactory, JurisdictionFactory, member
from tests import file_storage
from tests.browser.support import browser_missing
from tests.clock import TEST_NOW, instant

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1" or os.environ.get("CI", "").lower() == "true"

# No test reads the real clock. Each starts at an instant (Asia/Shanghai) and the clock ticks on from
# there: the module's or test's `@pytest.mark.clock("2026-11-23T10:00")` when what it checks depends on
# the day, otherwise TEST_NOW. CI runs the suite a second time with PORTAL_TEST_NOW in a year no calendar
# covers (.ci/run), so a test without a clock mark must pass on any day. A test may still travel itself.
def _clock_start(node) -> datetime.datetime:
    marker = node.get_closest_marker("clock")
    return instant(marker.args[0]) if marker else TEST_NOW


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    with time_machine.travel(_clock_start(request.node), tick=True) as traveller:
        yield traveller


def pytest_configure(config):
    _flush_with_delete()


def _flush_with_delete():
    """A transactional test (the live server's) ends with Django's flush: on PostgreSQL one TRUNCATE of
    every table, ~1 s for ~50 tables whatever they hold. These tables hold a few thousand rows at most:
    DELETE empties them in milliseconds, the foreign keys checked at commit (Django creates them
    deferrable). The same empty tables, ~30 tests × ~1 s sooner."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush


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


TEST_SETTINGS = {
    # Hashing with the production hasher costs ~0.3 s a user; tests don't need it.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Query-count tests measure rendering: the page cache is off unless a test turns it on.
    "PORTAL_PAGE_CACHE_SECONDS": 0,
}


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # PORTAL_TEST_S3_ENDPOINT (`make test-s3`): uploads go to an S3 bucket there, under the test's own prefix.
    if file_storage.given_endpoint():
        settings.STORAGES = {**settings.STORAGES, "default": file_storage.storage_settings(file_storage.given_endpoint())}
    # No collected static files, as in CI: WhiteNoise would index a local `collectstatic` output (~0.1 s)
    # for every test client, and the live server serves static files from the apps' folders anyway.
    settings.STATIC_ROOT = tmp_path / "static"
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


def _clear_caches():
    from django.core.cache import cache

    from core.fragments import FRAGMENTS, PAGE_FRAGMENTS
    from workdays import services as workday_services

    cache.clear()
    FRAGMENTS.clear()
    PAGE_FRAGMENTS.clear()
    workday_services._memo.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (public pages, calendar version…) and reads the holiday
    calendar afresh from its database (the process keeps a copy keyed by a version in the cache)."""
    _clear_caches()
    yield
    _clear_caches()


@contextmanager
def _eager():
    from disclosure_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _eager_celery():
    """`.delay()` runs in-process in tests; the real worker is exercised in tests/test_celery_worker.py."""
    with _eager():
        yield


# ---------------------------------------------------------------------------------------------
# Data built once per test process and copied into each test's database (tests/images.py)
# ---------------------------------------------------------------------------------------------
@contextmanager
def _built_like_a_test(
    django_db_blocker, tmp_path_factory, start: datetime.datetime = TEST_NOW, keep_files: bool = False, **overrides
):
    """Database access and what a test gets from the fixtures above: the clock pinned at `start`, the
    test settings, an empty cache, eager Celery. Yields the build's MEDIA_ROOT. The build must write no
    file (an image holds only the database) unless `keep_files` (the image then carries them, see
    `module_image`), and must not run inside a test's transaction (it is a session or module fixture)."""
    from django.db import connection
    from django.test import override_settings

    assert not connection.in_atomic_block, "built outside any test's transaction, by a session or module fixture"
    media = tmp_path_factory.mktemp("image") / "media"
    media.mkdir()
    _clear_caches()
    with (
        django_db_blocker.unblock(),
        time_machine.travel(start, tick=True),
        override_settings(MEDIA_ROOT=media, STATIC_ROOT=media.parent / "static", **TEST_SETTINGS, **overrides),
        _eager(),
    ):
        yield media
    _clear_caches()
    assert keep_files or not any(media.iterdir()), "the build wrote files: an image of the database would lose them"


def _as_if_built_here(clock, image) -> None:
    """The test's clock moves on by the time the build took, as when the test built the data itself:
    whatever the build stamped with the time is in the test's past."""
    clock.shift(image.duration)


_SEEDED: dict = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and the seeded 标准目录 read from it at once, before any test runs:
    a transactional test's flush empties it, and a test process whose first database test is such a test
    (the order pytest-xdist deals them out) would otherwise capture an empty catalogue."""
    from catalogue.models import CatalogueEntry
    from tests.images import TablesImage

    with django_db_blocker.unblock():
        _SEEDED["catalogue"] = TablesImage.capture([CatalogueEntry])
    yield


@pytest.fixture(scope="session")
def catalogue_image(django_db_setup):
    """The seeded 标准目录 as the data migration left it, ids included, read once per test process when its
    database was created. A transactional test's flush empties it; it is put back from here
    (`restore_catalogue`), never reloaded from the seed files: new ids would not be the ones the images
    built earlier point at."""
    return _SEEDED["catalogue"]


def restore_catalogue(catalogue_image) -> None:
    from catalogue.models import CatalogueEntry

    if not CatalogueEntry.objects.exists():
        catalogue_image.restore()


@pytest.fixture(autouse=True)
def _seeded_catalogue(request, django_db_blocker):
    """Every database test starts with the seeded 标准目录, as a migrated database has it. A transactional
    (live-server) test's flush empties it, and pytest-xdist's work stealing can hand a worker an ordinary
    test after such a test: the catalogue is put back here, outside the test's transaction (one EXISTS
    query when it is there)."""
    uses_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_database:
        return
    catalogue_image = request.getfixturevalue("catalogue_image")
    with django_db_blocker.unblock():
        restore_catalogue(catalogue_image)


@pytest.fixture(scope="session")
def demo_image(django_db_setup, django_db_blocker, tmp_path_factory, catalogue_image):
    """The demo county as `seed_demo` builds it on an empty database at TEST_NOW: once per run. Under
    pytest-xdist the first worker to need it builds it and leaves it in the run's temporary folder; the
    others read it from there (`shared_image`) instead of spending the same seconds building it again."""
    from django.core.management import call_command

    from tests.images import DatabaseImage, shared_image

    def seed():
        restore_catalogue(catalogue_image)  # a transactional test flushes the data migrations' rows
        call_command("seed_demo", verbosity=0)

    def build():
        with _built_like_a_test(django_db_blocker, tmp_path_factory, DEBUG=True):  # seed_demo wants DEBUG
            return DatabaseImage.capture(seed)

    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: nobody to share with
        return build()
    with django_db_blocker.unblock():
        return shared_image(tmp_path_factory.getbasetemp().parent / "demo-image.pickle", build)


@pytest.fixture
def demo_county(request, db, demo_image, _pinned_clock):
    """The demo county (`seed_demo`: users office/clerk/reviewer/signer/clerk2, ~400 records) in this
    test's database, which must be empty as seed_demo wants it: rolled back with the test, or committed
    for a transactional (live-server) test, which flushes it afterwards."""
    from django.contrib.contenttypes.models import ContentType

    from organizations.models import Jurisdiction

    assert _clock_start(request.node) == TEST_NOW, "the demo image is built at TEST_NOW"
    assert not Jurisdiction.objects.exists(), "the demo county goes into an empty database"
    demo_image.restore()
    _as_if_built_here(_pinned_clock, demo_image)
    yield
    ContentType.objects.clear_cache()  # the image's content type ids, if they differed from the database's


@pytest.fixture(scope="module")
def module_image(request, org_image, django_db_blocker, tmp_path_factory):
    """`module_image(build)`: what `build(org)` adds to the conftest county, built once for the module at
    its clock (its `clock` mark or TEST_NOW), as a `RowsImage`. A module fixture calls it; the test's
    fixture then calls `restore_image(image)`, which checks that the test starts at the same instant.
    `module_image(build, files=True)` also keeps the files the build stored (attachments), which
    `restore_image` copies into the test's MEDIA_ROOT."""
    from tests.images import RowsImage

    start = _clock_start(request.node)

    def image(build, files: bool = False):
        with _built_like_a_test(django_db_blocker, tmp_path_factory, start, keep_files=files) as media:
            built = RowsImage.capture(build, given=lambda: _restore_org(org_image))
        built.start = start  # what `restore_image` checks the test's clock against
        built.media = media if files else None
        return built

    return image


@pytest.fixture
def restore_image(request, org, _pinned_clock):
    """`restore_image(image)`: a `module_image` in this test's database, on top of the test's `org`;
    returns the test's own copy of what the build returned."""

    def restore(image):
        assert _clock_start(request.node) == image.start, (
            f"{request.node.name} starts at another instant than the module its data was built for"
        )
        value = image.restore()
        if image.media is not None:
            _put_files(image.media)
        _as_if_built_here(_pinned_clock, image)
        return value

    return restore


def _put_files(media) -> None:
    """The files a module image kept, into this test's storage: copied into MEDIA_ROOT, or saved under the
    same names through the storage API when the test's storage is S3 (PORTAL_TEST_S3_ENDPOINT)."""
    if file_storage.given_endpoint():
        file_storage.put_files(media)
    else:
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def world_image(request, module_image):
    """What the test module's `build_world(org)` adds to the conftest county, built once for the module (a
    module that builds its world otherwise defines its own `world`)."""
    return module_image(request.module.build_world)


@pytest.fixture
def world(restore_image, world_image):
    """The module's world (`world_image`) in this test's database: the test's own copy of what it built."""
    return restore_image(world_image)


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


def _build_org() -> Org:
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


@pytest.fixture(scope="session")
def org_image(django_db_setup, django_db_blocker, tmp_path_factory, catalogue_image):
    """The conftest county, built once per test process: two thirds of the tests ask for it, and building
    it through the factories took longer than many of those tests. Nothing in it depends on the time
    (but the users' date_joined, which nothing reads)."""
    from tests.images import RowsImage

    with _built_like_a_test(django_db_blocker, tmp_path_factory):
        image = RowsImage.capture(_build_org)
    image.catalogue = catalogue_image
    return image


def _restore_org(org_image) -> Org:
    # A transactional test flushes the tables, data migrations included: put the catalogue back, with the
    # ids every image was built on (`catalogue_image`).
    restore_catalogue(org_image.catalogue)
    return org_image.restore()


@pytest.fixture
def org(db, org_image) -> Org:
    """The conftest county in this test's database, and the test's own copy of its objects."""
    return _restore_org(org_image)


@pytest.fixture
def anonymous():
    """An API client of nobody: what a citizen's requests get."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def staff(org):
    """An API client of the conftest county's clerk (`org.clerk`)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(org.clerk)
    return client
