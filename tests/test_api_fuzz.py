"""
Schema fuzzing: schemathesis generates requests from the API's own OpenAPI schema (valid and invalid
ones) and sends them to the app in-process, anonymously and with a clerk's token, against the demo
data. No request may produce a server error (5xx), and every response must match the schema.

Deterministic (hypothesis is derandomised), so a failure in CI reproduces locally with the same
command: `make test ARGS=tests/test_api_fuzz.py`.
"""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup

from accounts.tests.factories import api_token

EXAMPLES_PER_OPERATION = 12
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def keep_connection():
    """Requests go straight to the WSGI app, not through Django's test client, so — like the test client —
    stop Django from closing the database connection at the end of each request: on PostgreSQL that
    would close the test's transaction under it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo(demo_county, settings, keep_connection):
    settings.PORTAL_API_ANON_RATE = ""  # the fuzzer sends thousands of requests
    settings.PORTAL_API_USER_RATE = ""
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # errors answer as in production, not as debug pages


def _operations(schema):
    operations = []
    for result in schema.get_all_operations():
        operations.append(result.ok())
    return operations


def _fuzz(operation, mode: GenerationMode, headers: dict) -> list[str]:
    failures: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:  # collect every failing operation, report them together
            reasons = "; ".join(
                line.strip() for line in str(exc).splitlines() if line.strip().startswith("- ") or "Error" in line
            )
            failures.append(
                f"{operation.method.upper()} {operation.path} [{mode.value}] → {response.status_code}: "
                f"{reasons[:300]} — {case.as_curl_command()[:300]}"
            )

    run()
    return failures


# The operations in parts that pytest-xdist runs side by side: every operation is in exactly one.
PARTS = {
    # writes to one record: its update and its workflow actions, anonymous and with a clerk's token
    "record-writes": lambda path, method: path.startswith("/api/v1/disclosures/{id}/") and method != "GET",
    "records": lambda path, method: path.startswith("/api/v1/disclosures"),  # the list, create, reads
    "info-requests": lambda path, method: path.startswith("/api/v1/info-requests"),  # staff only: intake, steps
    "registers": lambda path, method: True,  # jurisdictions, catalogue, subjects, statistics, token…
}


def part_of(operation) -> str:
    return next(name for name, takes in PARTS.items() if takes(operation.path, operation.method.upper()))


@pytest.mark.django_db
@pytest.mark.parametrize("part", PARTS)
def test_no_request_breaks_the_api(demo, part):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    every = _operations(schema)
    assert len(every) >= 30, "the schema lists every API operation"
    operations = [operation for operation in every if part_of(operation) == part]
    assert len(operations) >= 3, [f"{o.method} {o.path}" for o in every]
    token = api_token(get_user_model().objects.get(username="clerk"))
    failures = []
    requests = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _fuzz(operation, mode, {})
            requests += EXAMPLES_PER_OPERATION
            if operation.method.upper() != "GET":
                failures += _fuzz(operation, mode, {"Authorization": f"Token {token}"})
                requests += EXAMPLES_PER_OPERATION
    print(f"\nschemathesis ({part}): {len(operations)} operations, up to {requests} generated requests, {len(failures)} failures")
    assert not failures, "\n".join(sorted(set(failures)))
