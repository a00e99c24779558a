"""Property tests of ``zhibiao serve`` from its own OpenAPI document (schemathesis):
whatever a client sends that the document allows — or almost allows — the answer is
never a 5xx, its status is documented, and its body matches the documented schema.

Valid-by-schema data is not required to succeed (``positive_data_acceptance`` is not
run): a 指标值 text that the schema allows may still not parse, and that is a 422."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.serve_server import running
from zhibiao.serve import create_app


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running() as url:
        yield url


#: The document the app serves at /openapi.json (the test below checks it is that one).
schema = schemathesis.openapi.from_dict(create_app().openapi())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance, negative_data_rejection]


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS)


def test_the_document_is_the_served_one(base_url: str) -> None:
    assert httpx.get(f"{base_url}/openapi.json").json() == create_app().openapi()
