"""Property-based: schemathesis generates requests for every operation of the OpenAPI schema the code produces
(through its Python API, against the WSGI application) and checks that no answer is a server error and every
answer matches the schema: documented status, content type and body."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai_web.config.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_keeps_its_schema(area: Any, token: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def run(case: Any) -> None:
            response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
            assert response.status_code < 500

        run()
