"""Property-based: schemathesis generates requests for every operation of the OpenAPI schema the code produces
(through its Python API, against the WSGI application) and checks that no answer is a server error and every
answer matches the schema: documented status, content type and body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai_web.config.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def open_connection() -> Iterator[None]:
    """Called as WSGI, Django closes the database connection after each request; inside the test's
    transaction it must stay open (as Django's own test client arranges)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_keeps_its_schema(area: Any, token: str, open_connection: None) -> None:
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
