"""The OpenAPI schema is generated without a single warning (CI's `check --deploy` fails on them)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    for path in ["/api/v1/disclosures/", "/api/v1/projects/", "/api/v1/resource-matters/", "/api/v1/blacklist/",
                 "/api/v1/welfare-programmes/"]:
        assert path in text
