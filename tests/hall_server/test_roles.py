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
    "case_id": "nope",
    "hall_id": "busy-hall",
    "number": "S001",
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
        if response.headers.get("content-type", "").startswith("application/json")
        else {}
    )
    return response.status_code, body.get("code") if isinstance(body, dict) else None


def test_every_endpoint_declares_roles_or_is_public(hall: Hall) -> None:
    for method, path, roles in endpoints():
        assert roles is not None or (method, path) in PUBLIC, f"{method} {path} declares no roles"


def test_the_role_matrix(hall: Hall) -> None:
    checked = 0
    # Logging out revokes the caller's token: that row of the matrix goes last.
    for method, path, roles in sorted(endpoints(), key=lambda e: e[1].endswith("/logout")):
        if roles is None:
            continue
        status, code = call(hall, method, path, {})
        assert (status, code) == (401, "unauthenticated"), f"{method} {path} without a token"
        status, code = call(hall, method, path, {"Authorization": "Bearer ow_not-a-token"})
        assert (status, code) == (401, "invalid_token"), f"{method} {path} with a bad token"
        for role in Role:
            headers = {"Authorization": f"Bearer {hall.tokens[role.value]}", "Idempotency-Key": "m"}
            status, code = call(hall, method, path, headers)
            if role in roles:
                assert code != "forbidden_role", f"{role} {method} {path}"
                assert status != 401, f"{role} {method} {path}"
            else:
                assert (status, code) == (403, "forbidden_role"), f"{role} {method} {path}"
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
