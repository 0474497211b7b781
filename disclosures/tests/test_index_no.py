"""索引号: generated on first publication, unique per publisher and year, safe under concurrency."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from disclosures import services
from disclosures.choices import Status
from disclosures.models import Disclosure, IndexSequence
from disclosures.tests.factories import draft, in_state, published
from organizations.choices import Role
from organizations.models import DEFAULT_INDEX_NO_PATTERN, validate_index_no_pattern
from organizations.tests.factories import member


def this_year() -> int:
    return timezone.localdate().year


def publish_in(department, clerk, reviewer, signer, **fields) -> Disclosure:
    record = draft(clerk, department, **fields)
    services.disclosure_submit(disclosure=record, actor=clerk)
    services.disclosure_review(disclosure=record, actor=reviewer)
    services.disclosure_sign(disclosure=record, actor=signer)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    return record


def test_default_format_is_dept_code_year_and_six_digit_sequence(org):
    assert org.county.index_no_pattern == DEFAULT_INDEX_NO_PATTERN

    record = published(org)

    assert record.index_no == f"FGW-{this_year()}-000001"
    assert re.fullmatch(r"FGW-\d{4}-\d{6}", record.index_no)


def test_no_index_no_before_publication(org):
    for status in ["draft", "submitted", "reviewed", "approved"]:
        assert in_state(org, status).index_no is None
    assert not Disclosure.objects.exclude(index_no=None).exists()


def test_sequence_runs_per_department_and_year(org):
    year = this_year()

    numbers = [published(org, title=f"第{i}条").index_no for i in range(1, 4)]

    assert numbers == [f"FGW-{year}-000001", f"FGW-{year}-000002", f"FGW-{year}-000003"]
    assert IndexSequence.objects.get(department=org.department, year=year).last_value == 3


def test_each_department_has_its_own_sequence(org):
    other_signer = member(org.other_department, Role.SIGNER, "signer2")
    year = this_year()

    first = published(org)
    other = publish_in(org.other_department, org.other_clerk, org.other_reviewer, other_signer)
    second = published(org)

    assert first.index_no == f"FGW-{year}-000001"
    assert other.index_no == f"ZRZY-{year}-000001"
    assert second.index_no == f"FGW-{year}-000002"


def test_each_year_has_its_own_sequence(org):
    assert services.allocate_index_no(department=org.department, year=2025) == "FGW-2025-000001"
    assert services.allocate_index_no(department=org.department, year=2026) == "FGW-2026-000001"
    assert services.allocate_index_no(department=org.department, year=2025) == "FGW-2025-000002"
    assert services.allocate_index_no(department=org.other_department, year=2025) == "ZRZY-2025-000001"


def test_numbers_are_not_reused_after_withdrawal(org):
    year = this_year()
    first = in_state(org, "withdrawn")

    second = published(org)

    assert Disclosure.objects.get(pk=first.pk).index_no == f"FGW-{year}-000001"
    assert second.index_no == f"FGW-{year}-000002"


def test_correction_keeps_the_number_and_uses_none(org):
    year = this_year()
    original = published(org)
    correction = services.disclosure_start_correction(
        disclosure=original, actor=org.clerk, change_note="更正"
    )
    services.disclosure_submit(disclosure=correction, actor=org.clerk)
    services.disclosure_review(disclosure=correction, actor=org.reviewer)
    services.disclosure_sign(disclosure=correction, actor=org.signer)

    assert Disclosure.objects.get(pk=original.pk).index_no == f"FGW-{year}-000001"
    assert published(org).index_no == f"FGW-{year}-000002"


def test_pattern_is_configurable_per_jurisdiction(org):
    org.county.index_no_pattern = "{jurisdiction_code}-{dept_code}-{year}-{seq:05d}"
    org.county.full_clean()
    org.county.save()
    town_reviewer = member(org.town_department, Role.REVIEWER, "town_reviewer")
    town_signer = member(org.town_department, Role.SIGNER, "town_signer")
    year = this_year()

    county_record = published(org)
    town_record = publish_in(org.town_department, org.town_clerk, town_reviewer, town_signer)

    assert county_record.index_no == f"TC-FGW-{year}-00001"
    assert town_record.index_no == f"TTDZB-{year}-000001"  # the town keeps the default pattern


@pytest.mark.parametrize(
    "pattern",
    [
        DEFAULT_INDEX_NO_PATTERN,
        "{jurisdiction_code}-{dept_code}-{year}-{seq:05d}",
        "{dept_code}〔{year}〕{seq}号",
    ],
)
def test_valid_patterns_are_accepted(pattern):
    validate_index_no_pattern(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "{dept_code}-{seq:06d}",  # no year
        "{dept_code}-{year}",  # no sequence
        "{dept_code}-{year}-{month}-{seq:06d}",  # unknown field
        "{dept_code}-{year}-{seq:06q}",  # bad format spec
        "{dept_code}-{year}-{seq",  # unbalanced brace
        "{0}-{year}-{seq}",  # positional field
        "{}-{year}-{seq}",  # anonymous field
        "{dept_code.__class__}-{year}-{seq}",  # attribute access
        "",
    ],
)
def test_invalid_patterns_are_refused(org, pattern):
    with pytest.raises(ValidationError):
        validate_index_no_pattern(pattern)

    org.county.index_no_pattern = pattern
    with pytest.raises(ValidationError) as exc:
        org.county.full_clean()
    assert "index_no_pattern" in exc.value.message_dict


def test_pattern_without_department_code_is_refused():
    # Sequences are per department, so a pattern without {dept_code} would repeat numbers.
    with pytest.raises(ValidationError):
        validate_index_no_pattern("{jurisdiction_code}-{year}-{seq:06d}")


# ---------------------------------------------------------------------------------------------
# Concurrency (PostgreSQL: SQLite serialises writers and ignores SELECT ... FOR UPDATE)
# ---------------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_gives_distinct_consecutive_numbers(org):
    records = 20
    threads = 5
    ids = [in_state(org, "approved", title=f"并发发布{i}").pk for i in range(records)]
    assert not Disclosure.objects.exclude(index_no=None).exists()
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(chunk: list[int]) -> None:
        try:
            actor = get_user_model().objects.get(pk=org.clerk.pk)
            barrier.wait(timeout=30)
            for pk in chunk:
                services.disclosure_publish(disclosure=Disclosure.objects.get(pk=pk), actor=actor)
        except BaseException as exc:  # noqa: B036 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(ids[n::threads],)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    rows = Disclosure.objects.filter(pk__in=ids)
    assert set(rows.values_list("status", flat=True)) == {Status.PUBLISHED}
    numbers = list(rows.values_list("index_no", flat=True))
    assert len(set(numbers)) == records
    prefix = f"FGW-{this_year()}-"
    assert all(number.startswith(prefix) for number in numbers)
    assert sorted(int(number.removeprefix(prefix)) for number in numbers) == list(range(1, records + 1))
    assert IndexSequence.objects.get(department=org.department, year=this_year()).last_value == records
