"""
The API keeps its own promise: on the demo data, every response of every list and detail endpoint (and
every page of every list) matches the OpenAPI document the API publishes at /api/schema/, checked by a
strict validator, and the document is itself valid OpenAPI.

- openapi-spec-validator 0.9.0 checks the document (OpenAPI 3.1);
- openapi-schema-validator 0.9.0's `OAS31Validator` (JSON Schema 2020-12, formats checked) checks each
  response body against the schema documented for its status code: a status the document does not list
  for the operation is a failure too.

The schema fuzz (tests/test_api_fuzz.py) sends random requests; random ids rarely hit real rows, so it
never saw the demo's projects, nested objects or nulls. This walks the real rows instead.
"""

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from rest_framework.test import APIClient

from accounts.tests.factories import api_token, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

DOCUMENT = "urn:portal:openapi"
# Whose eyes: a citizen, a department's clerk (their drafts too) and the government office (requests,
# supervision notices, every department's records).
VIEWERS = ["anonymous", "clerk", "office"]


def escape(token: str) -> str:
    """A JSON Pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


class Document:
    """The published OpenAPI document and a strict validator for each documented response."""

    def __init__(self, document: dict):
        self.document = document
        self.registry = Registry().with_resource(DOCUMENT, DRAFT202012.create_resource(document))
        self.checked: Counter = Counter()

    def operation(self, template: str, method: str = "get") -> dict:
        return self.document["paths"][template][method]

    def errors(self, template: str, method: str, response) -> list[str]:
        """What is wrong with `response` for the operation: an undocumented status, or the body against
        the documented schema (every error the validator finds, not only the first)."""
        responses = self.operation(template, method)["responses"]
        status = str(response.status_code)
        if status not in responses:
            return [f"{method.upper()} {template}: status {status} is not documented ({sorted(responses)})"]
        content = responses[status].get("content", {})
        if "application/json" not in content:
            return [] if not response.content else [f"{method.upper()} {template} {status}: body not documented"]
        pointer = "/".join(
            ["#/paths", escape(template), method, "responses", status, "content", escape("application/json"), "schema"]
        )
        validator = OAS31Validator(
            {"$ref": DOCUMENT + pointer}, registry=self.registry, format_checker=oas31_format_checker
        )
        self.checked[f"{method.upper()} {template} {status}"] += 1
        body = json.loads(response.content)
        return [
            f"{method.upper()} {template} {status} at {'/'.join(map(str, error.absolute_path)) or '(root)'}: "
            f"{error.message[:200]}"
            for error in validator.iter_errors(body)
        ]


@pytest.fixture
def document(demo_county, settings) -> Document:
    settings.PORTAL_API_ANON_RATE = ""
    settings.PORTAL_API_USER_RATE = ""
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    validate_spec(document)  # raises on an invalid OpenAPI document
    return Document(document)


def client_of(viewer: str) -> APIClient:
    if viewer == "anonymous":
        return APIClient()
    return token_client(api_token(get_user_model().objects.get(username=viewer)))


def list_templates(document: Document) -> list[str]:
    return [
        template
        for template, operations in document.document["paths"].items()
        if "get" in operations and "{" not in template
    ]


def item_templates(document: Document, list_template: str) -> list[str]:
    """The GET operations on one item of a list: `/x/{id}/` and `/x/{id}/<view>/`."""
    prefix = list_template + "{id}/"
    return [
        template
        for template, operations in document.document["paths"].items()
        if template.startswith(prefix) and "get" in operations
    ]


def walk(client, document: Document, template: str) -> tuple[list[str], list[int]]:
    """Every page of a list (or the one answer of a non-paged GET), checked; the ids it listed."""
    errors, ids = [], []
    url = template + "?page_size=100"
    while url:
        response = client.get(url)
        errors += document.errors(template, "get", response)
        body = json.loads(response.content) if response.content else None
        if response.status_code != 200 or not isinstance(body, dict) or "results" not in body:
            break
        ids += [row["id"] for row in body["results"] if isinstance(row, dict) and "id" in row]
        url = urlsplit(body["next"])._replace(scheme="", netloc="").geturl() if body.get("next") else None
    return errors, ids


@pytest.mark.parametrize("viewer", VIEWERS)
def test_every_list_and_item_response_matches_the_published_schema(document, viewer):
    client = client_of(viewer)
    errors: list[str] = []
    items = 0
    for template in list_templates(document):
        found, ids = walk(client, document, template)
        errors += found
        for item in item_templates(document, template):
            for pk in ids:
                errors += document.errors(item, "get", client.get(item.replace("{id}", str(pk))))
                items += 1
    responses = sum(document.checked.values())
    print(f"\n{viewer}: {responses} responses validated ({items} item responses), {len(errors)} errors")
    assert items > 100, "the demo's rows were walked"
    assert not errors, "\n".join(sorted(set(errors))[:60])


def approval_payload(department: int) -> dict:
    """A 批准结果信息 draft (the five fields its category asks for in `details`)."""
    return {
        "department": department,
        "category": "approval_result",
        "title": "关于青山县某道路改造工程可行性研究报告的批复",
        "doc_no": "青发改〔2026〕88号",
        "formed_on": "2026-11-30",
        "disclosure_mode": "active",
        "body": "<p>批复正文</p>",
        "details": {
            "approval_item": "feasibility",
            "reply_no": "青发改〔2026〕88号",
            "authority": "青山县发展和改革委员会",
            "approved_on": "2026-11-30",
            "result": "approved",
        },
    }


def test_write_and_error_responses_match_the_published_schema(document, settings):
    """201 and 200 of a write, and every error status the document lists: 400 (a field, a filter, a page),
    401 (a wrong token), 403 (a step the user may not take), 404 (an id outside the user's sight), 409 (an
    illegal step, a stale version) and 429 (the anonymous rate)."""
    from organizations.models import Membership

    clerk_user = get_user_model().objects.get(username="clerk")
    department = Membership.objects.filter(user=clerk_user).values_list("department", flat=True).first()
    clerk, reviewer = client_of("clerk"), client_of("reviewer")
    errors: list[str] = []
    seen: Counter = Counter()

    def check(template, method, response, expected):
        assert response.status_code == expected, (method, template, response.status_code, response.content[:300])
        seen[expected] += 1
        errors.extend(document.errors(template, method, response))
        return json.loads(response.content) if response.content else None

    records, item = "/api/v1/disclosures/", "/api/v1/disclosures/{id}/"
    check(records, "post", clerk.post(records, {"department": department}, format="json"), 400)
    created = check(records, "post", clerk.post(records, approval_payload(department), format="json"), 201)
    url = item.replace("{id}", str(created["id"]))
    edited = check(item, "patch", clerk.patch(url, {"title": "改过的标题", "lock_version": created["lock_version"]},
                                              format="json"), 200)
    stale = {"title": "又改的标题", "lock_version": created["lock_version"]}
    check(item, "patch", clerk.patch(url, stale, format="json"), 409)
    check(item + "review/", "post", clerk.post(url + "review/"), 409)  # a draft is not reviewed
    check(item + "submit/", "post", clerk.post(url + "submit/"), 200)
    check(item + "review/", "post", clerk.post(url + "review/"), 403)  # nobody reviews what they submitted
    check(item + "review/", "post", reviewer.post(url + "review/"), 200)
    check(item, "get", APIClient().get(url), 404)  # not published: not there for the public
    check(item, "get", token_client("not-a-token").get(url), 401)
    check(records, "get", APIClient().get(records, {"page": "999"}), 400)
    check(records, "get", APIClient().get(records, {"formed_after": "昨天"}), 400)
    check("/api/v1/statistics/", "get", APIClient().get("/api/v1/statistics/", {"year": "明年"}), 400)
    check("/api/v1/supervision-notices/", "get", APIClient().get("/api/v1/supervision-notices/"), 401)
    assert edited["title"] == "改过的标题"

    settings.PORTAL_API_ANON_RATE = "1/minute"
    citizen = APIClient(REMOTE_ADDR="203.0.113.9")
    check(records, "get", citizen.get(records), 200)
    check(records, "get", citizen.get(records), 429)

    print(f"\nwrites and errors: {dict(sorted(seen.items()))}, {len(errors)} errors")
    assert set(seen) >= {200, 201, 400, 401, 403, 404, 409, 429}
    assert not errors, "\n".join(errors)
