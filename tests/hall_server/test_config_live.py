"""Against a real `onewindow server` process over HTTP: a configuration change is live on the
next operation, a kiosk's help call shows on the live figures, and the stored version is what
the server comes back with after being killed."""

from __future__ import annotations

import pytest
import requests

from tests.live_server import ServerProcess, server_fixture

server = pytest.fixture(server_fixture)


def test_config_help_calls_and_figures_over_a_real_server(server: ServerProcess) -> None:
    config = server.admin("GET", "/hall/config")
    assert config["version"] == 1
    for queue in config["queues"]:
        if queue["code"] == "company":
            queue["cap_am"] = 0  # no company tickets this morning
    response = requests.put(
        f"{server.base_url}/api/v1/hall/config",
        json=config,
        headers={
            "Authorization": f"Bearer {server.tokens['admin']}",
            "Idempotency-Key": "live-cfg",
            "If-Match": '"1"',
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    kiosk = {"Authorization": f"Bearer {server.tokens['kiosk']}"}
    refused = requests.post(
        f"{server.base_url}/api/v1/tickets",
        json={"theme": "company"},
        headers={**kiosk, "Idempotency-Key": "t1"},
        timeout=10,
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "cap_reached")
    assert "号源已取完" in refused.json()["message_zh"]
    called = requests.post(
        f"{server.base_url}/api/v1/help-calls",
        json={"kiosk": "大厅1号机", "reason": None},
        headers={**kiosk, "Idempotency-Key": "h1"},
        timeout=10,
    )
    assert called.status_code == 201, called.text
    figures = server.admin("GET", "/figures/live")
    assert [a["kind"] for a in figures["alerts"]] == ["help_call"]
    assert figures["config_version"] == 2
    assert len(figures["windows"]) == 12

    server.kill()
    server.start()
    assert server.admin("GET", "/hall/config")["version"] == 2
    assert server.admin("GET", "/help-calls?open=true")[0]["kiosk"] == "大厅1号机"


def test_an_empty_day_reports_zeros_and_logs_no_error(server: ServerProcess) -> None:
    figures = server.admin("GET", "/figures/live")
    assert all(q["waiting"] == 0 for q in figures["queues"])
    assert not any(w["idle_while_waiting"] for w in figures["windows"])
    report = server.admin("GET", "/reports?from=2024-05-06&to=2024-05-06")
    assert report["tickets"]["total"] == 0
    assert (report["waits"]["count"], report["waits"]["mean_seconds"]) == (0, None)
    assert report["no_show_share"] == 0.0
    assert "Traceback" not in server.log.read_text()
