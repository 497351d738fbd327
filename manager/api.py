"""The manager's calls to the hall server, Qt-free: each read returns the parsed body or raises
`ManagerApiError` carrying the server's Chinese and English message (or the transport's), each
mutation carries a fresh Idempotency-Key. Called from worker threads only (never the UI thread).

The paths of the figures the dashboard reads are spelled here and nowhere else.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from server_sync import ApiClient, Failed, Ok, Rejected, SyncError

__all__ = ["ManagerApi", "ManagerApiError"]

HALL = "/hall"
SNAPSHOT = "/snapshot"
TICKETS = "/tickets"
RATINGS = "/ratings"
FIGURES_LIVE = "/figures/live"
REPORTS = "/reports"
HALL_CONFIG = "/hall/config"


class ManagerApiError(Exception):
    """The server refused (`rejected` True: retrying the same request cannot help) or could not
    be reached. `error.message_zh` is what the manager sees."""

    def __init__(self, error: SyncError, *, rejected: bool, status: int | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.rejected = rejected
        self.status = status


def _body(outcome: Ok | Rejected | Failed) -> Any:
    if isinstance(outcome, Ok):
        return outcome.body
    if isinstance(outcome, Rejected):
        raise ManagerApiError(outcome.error, rejected=True, status=outcome.status)
    raise ManagerApiError(outcome.error, rejected=False, status=outcome.status)


class ManagerApi:
    """One manager's session with the server. `client` is logged in (a manager or admin)."""

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return _body(self.client.get(path, params=params))

    def _post(self, path: str, body: Any) -> Any:
        return _body(self.client.request("POST", path, body, idem_key=str(uuid.uuid4())))

    def hall(self) -> dict[str, Any]:
        result: dict[str, Any] = self._get(HALL)
        return result

    def snapshot(self) -> dict[str, Any]:
        result: dict[str, Any] = self._get(SNAPSHOT)
        return result

    def tickets(self) -> list[dict[str, Any]]:
        """Today's tickets, in issue order (the server caps a page at 5,000)."""
        result: list[dict[str, Any]] = self._get(TICKETS, {"limit": 5000})
        return result

    def ratings(self, *, bad_only: bool = False, limit: int = 1000) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if bad_only:
            params["bad_only"] = "true"
        result: list[dict[str, Any]] = self._get(RATINGS, params)
        return result

    def loop_step(
        self, rating_id: int, step: str, note: str, *, assignee: str | None = None
    ) -> dict[str, Any]:
        """One step of a 差评's follow-up loop (assign needs the assignee)."""
        body: dict[str, Any] = {"step": step, "note": note}
        if assignee:
            body["assignee"] = assignee
        result: dict[str, Any] = self._post(f"{RATINGS}/{rating_id}/loop", body)
        return result

    def answer_help_call(self, call_id: int) -> dict[str, Any]:
        result: dict[str, Any] = self._post(f"/help-calls/{call_id}/answer", None)
        return result

    def figures_live(self) -> dict[str, Any]:
        result: dict[str, Any] = self._get(FIGURES_LIVE)
        return result

    def report(self, first: date, last: date) -> dict[str, Any]:
        params = {"from": first.isoformat(), "to": last.isoformat()}
        result: dict[str, Any] = self._get(REPORTS, params)
        return result

    def hall_config(self) -> tuple[dict[str, Any], str | None]:
        """The editable configuration and its version (the ETag for If-Match)."""
        outcome = self.client.get(HALL_CONFIG)
        body: dict[str, Any] = _body(outcome)
        etag = outcome.headers.get("ETag") if isinstance(outcome, Ok) else None
        return body, etag

    def put_hall_config(
        self, config: dict[str, Any], version: str | None
    ) -> tuple[dict[str, Any], str | None]:
        """Replace the configuration; 412 when someone saved another version meanwhile."""
        headers = {"If-Match": version} if version else None
        outcome = self.client.request(
            "PUT", HALL_CONFIG, config, idem_key=str(uuid.uuid4()), headers=headers
        )
        body: dict[str, Any] = _body(outcome)
        etag = outcome.headers.get("ETag") if isinstance(outcome, Ok) else None
        return body, etag
