"""Page uploads against a real `onewindow server --dev` process over real HTTP: an upload cut
by a killed server resumes after the restart from the offset HEAD reports; a wrong START is a
409 with the offset, a wrong hash a 422; the page is then attached to a case and listed."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.hall_server.test_pages import jpeg, sha
from tests.live_server import ServerProcess, server_fixture

server = pytest.fixture(server_fixture)


def send(
    server: ServerProcess, digest: str, body: bytes, content_range: str | None = None
) -> requests.Response:
    headers = {
        "Authorization": f"Bearer {server.tokens['kiosk']}",
        "Content-Type": "application/octet-stream",
    }
    if content_range is not None:
        headers["Content-Range"] = content_range
    return requests.put(
        f"{server.base_url}/api/v1/pages/{digest}", data=body, headers=headers, timeout=10
    )


def probe(server: ServerProcess, digest: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {server.tokens['kiosk']}"}
    return requests.head(f"{server.base_url}/api/v1/pages/{digest}", headers=headers, timeout=10)


def test_an_upload_resumes_across_a_server_restart(server: ServerProcess) -> None:
    data = jpeg(seed=5, size=160)
    digest, total, half = sha(data), len(data), len(data) // 2
    first = send(server, digest, data[:half], f"bytes 0-{half - 1}/{total}")
    assert first.status_code == 202, first.text

    server.kill()  # the hall server dies mid-upload
    server.start()
    probed = probe(server, digest)
    assert probed.status_code == 200
    assert (probed.headers["Upload-Offset"], probed.headers["Upload-Length"]) == (
        str(half),
        str(total),
    )
    assert probed.headers["Upload-Complete"] == "?0"

    wrong = send(server, digest, data[:half], f"bytes 0-{half - 1}/{total}")  # a stale retry
    assert (wrong.status_code, wrong.json()["code"]) == (409, "upload_offset_mismatch")
    assert wrong.headers["Upload-Offset"] == str(half)
    rest = send(server, digest, data[half:], f"bytes {half}-{total - 1}/{total}")
    assert (rest.status_code, rest.json()) == (
        201,
        {"sha256": digest, "size": total, "complete": True},
    )
    assert probe(server, digest).headers["Upload-Complete"] == "?1"
    admin = {"Authorization": f"Bearer {server.tokens['admin']}"}
    served = requests.get(f"{server.base_url}/api/v1/pages/{digest}", headers=admin, timeout=10)
    assert (served.status_code, served.content) == (200, data)
    assert served.headers["Content-Type"] == "image/jpeg"

    case: Any = server.admin(
        "POST",
        "/cases",
        {
            "theme": "BIRTH",
            "applicant": {"name": "张小明", "id_number": "110101198503121239"},
            "materials": {"CHILD_PHOTO": {"pages": [digest]}},
        },
        key="case-with-page",
    )
    detail = server.admin("GET", f"/cases/{case['case_id']}")
    [photo] = [m for m in detail["materials"] if m["code"] == "CHILD_PHOTO"]
    assert photo["pages"] == [{"sha256": digest, "size": total, "media_type": "image/jpeg"}]


def test_a_wrong_hash_is_refused_and_forgotten(server: ServerProcess) -> None:
    data = jpeg(seed=6)
    digest = sha(b"other bytes")
    refused = send(server, digest, data)
    assert (refused.status_code, refused.json()["code"]) == (422, "page_hash_mismatch")
    assert refused.json()["message_zh"]
    assert probe(server, digest).status_code == 404
    head_without_token = requests.head(f"{server.base_url}/api/v1/pages/{digest}", timeout=10)
    assert (head_without_token.status_code, head_without_token.content) == (401, b"")
