"""Every endpoint declares its roles: walk the whole matrix, endpoint × role → allowed or 403,
and no token → 401. An endpoint without a declaration must be on the public list."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from hall_server.app import API, ROUTERS
from hall_server.auth import Allow, Role
from tests.hall_server.conftest import Hall

PUBLIC = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/public/halls/{hall_id}/tickets/{number}"),
}
PATH_VALUES = {
    "window": "5",
    "device_id": "999",
    "rating_id": "999",
    "call_id": "999",
    "case_id": "nope",
    "hall_id": "busy-hall",
    "number": "S001",
    "sha256": "0" * 64,
    "department": "health",
    "ticket_id": "20240506-S001",
    "appointment_id": "999",
}
#: The roles the API contract gives these endpoints (the matrix below checks that each declared
#: role gets in and every other one gets a 403; this checks the declarations themselves).
CONTRACT_ROLES = {
    ("POST", "/api/v1/appointments"): {"manager", "admin"},
    ("GET", "/api/v1/appointments"): {"clerk", "dept", "manager", "admin"},
    ("POST", "/api/v1/appointments/{appointment_id}/cancel"): {"manager", "admin"},
    ("POST", "/api/v1/appointments/check-in"): {"kiosk", "clerk"},
    ("PUT", "/api/v1/tickets/{ticket_id}/draft"): {"kiosk"},
    ("GET", "/api/v1/tickets/{ticket_id}/draft"): {"clerk", "manager", "admin"},
    ("GET", "/api/v1/cases/{case_id}/data"): {"clerk", "manager", "admin"},
}


def declared_roles(route: APIRoute) -> frozenset[Role] | None:
    for dependency in route.dependant.dependencies:
        if isinstance(dependency.call, Allow):
            return dependency.call.roles
    return None


def endpoints() -> list[tuple[str, str, frozenset[Role] | None]]:
    found = []
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for method in sorted(route.methods or ()):
                found.append((method, API + route.path, declared_roles(route)))
    return found


def call(hall: Hall, method: str, path: str, headers: dict[str, str]) -> tuple[int, str | None]:
    url = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
    if path.endswith("/events"):
        with hall.client.stream(method, url + "?after=0", headers=headers) as response:
            if response.status_code == 200:
                return 200, None
            response.read()
    else:
        response = hall.client.request(method, url, headers=headers, json=None)
    body = (
        response.json()
        if response.content  # a HEAD response has no body: its status alone tells
        and response.headers.get("content-type", "").startswith("application/json")
        else {}
    )
    return response.status_code, body.get("code") if isinstance(body, dict) else None


def test_every_endpoint_declares_roles_or_is_public(hall: Hall) -> None:
    for method, path, roles in endpoints():
        assert roles is not None or (method, path) in PUBLIC, f"{method} {path} declares no roles"


def test_the_contracts_endpoints_declare_its_roles() -> None:
    declared = {(method, path): roles for method, path, roles in endpoints()}
    for endpoint, roles in CONTRACT_ROLES.items():
        assert endpoint in declared, endpoint
        assert {r.value for r in declared[endpoint] or ()} == roles, endpoint


def test_the_role_matrix(hall: Hall) -> None:
    checked = 0
    # Logging out revokes the caller's token: that row of the matrix goes last.
    for method, path, roles in sorted(endpoints(), key=lambda e: e[1].endswith("/logout")):
        if roles is None:
            continue

        def coded(code: str, method: str = method) -> str | None:
            return None if method == "HEAD" else code  # no body, no code

        status, code = call(hall, method, path, {})
        assert (status, code) == (401, coded("unauthenticated")), f"{method} {path} no token"
        status, code = call(hall, method, path, {"Authorization": "Bearer ow_not-a-token"})
        assert (status, code) == (401, coded("invalid_token")), f"{method} {path} bad token"
        for role in Role:
            headers = {"Authorization": f"Bearer {hall.tokens[role.value]}", "Idempotency-Key": "m"}
            status, code = call(hall, method, path, headers)
            if role in roles:
                assert code != "forbidden_role", f"{role} {method} {path}"
                assert status != 401, f"{role} {method} {path}"
            else:
                assert (status, code) == (403, coded("forbidden_role")), f"{role} {method} {path}"
            checked += 1
    assert checked >= 20 * len(Role)


@pytest.mark.parametrize("role", ["clerk", "kiosk"])
def test_a_revoked_token_is_refused(hall: Hall, role: str) -> None:
    assert hall.get(role, "/me").status_code == 200
    if role == "kiosk":
        hall.post("admin", "/devices/1/revoke")  # the kiosk was the first device enrolled
    else:
        hall.post(role, "/auth/logout")
    response = hall.get(role, "/me")
    assert (response.status_code, response.json()["code"]) == (401, "invalid_token")


def test_the_role_matrix_through_the_batch(hall: Hall) -> None:
    """`POST /batch` admits every role, and each command in it keeps its own route's roles."""
    from hall_server.routes.batch import _takes_idempotency_key

    checked = 0
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            roles = declared_roles(route)
            if "POST" not in (route.methods or ()) or not _takes_idempotency_key(route.dependant):
                continue
            assert roles is not None
            path = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "999"), route.path)
            for role in Role:
                command = {"method": "POST", "path": path, "idempotency_key": f"b-{checked}"}
                response = hall.client.post(
                    f"{API}/batch",
                    json={"commands": [command]},
                    headers={"Authorization": f"Bearer {hall.tokens[role.value]}"},
                )
                assert response.status_code == 200, f"{role} batch"
                result = response.json()["results"][0]
                code = (result["body"] or {}).get("code")
                if role in roles:
                    assert code != "forbidden_role", f"{role} POST {path} in a batch"
                else:
                    assert (result["status"], code) == (403, "forbidden_role"), f"{role} {path}"
                checked += 1
    assert checked >= 15 * len(Role)
