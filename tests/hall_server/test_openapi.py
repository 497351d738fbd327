"""schemathesis over the OpenAPI document: generated requests, valid and not, never get a 5xx,
and every response matches the schema the document gives for it (a bounded number of examples
per operation, on SQLite, as the admin, who may call every endpoint).

The operations are driven from one test (schemathesis' pytest plugin does not load under this
pytest); a failure names the operation and schemathesis' reproduction."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from hall_server.app import create_app
from tests.hall_server.conftest import TestClient, enrol_everyone, settings_for

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.checks import (
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
#: The stream never ends; logging out would revoke the token the run uses.
SKIP = r"/(events|auth/logout)$"


def test_no_server_errors_and_responses_match_the_document(tmp_path: Path) -> None:
    app = create_app(settings_for(f"sqlite:///{tmp_path / 'hall.sqlite3'}"))
    client = TestClient(app)  # no lifespan: the event hub stays off
    tokens = enrol_everyone(client)
    for n in range(3):  # something to find, call and act on
        client.post(
            "/api/v1/tickets",
            json={"queue": "social"},
            headers={"Authorization": f"Bearer {tokens['kiosk']}", "Idempotency-Key": f"{n}"},
        )
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).exclude(path_regex=SKIP)
    auth = {"Authorization": f"Bearer {tokens['admin']}"}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )

        @given(case=strategy)
        @settings(
            max_examples=8,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            headers = {**auth, **(case.headers or {})}
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
    assert operations >= 20
