"""Request builders for the hall server's API (`/api/v1`): every path and body the client sends
is spelled here and nowhere else, so a change on the server is a change in this file.

A `Command` is a mutation that goes through the outbox (it gets an Idempotency-Key when it is
enqueued); the read paths are plain constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

API_PREFIX = "/api/v1"

LOGIN = "/auth/login"
ME = "/me"
CATALOG = "/catalog"
HALL = "/hall"
SNAPSHOT = "/snapshot"
EVENTS = "/events"
TICKETS = "/tickets"
BATCH = "/batch"
#: Commands per batch request (the server takes at most 100).
BATCH_LIMIT = 100


def page_path(sha256: str) -> str:
    """`HEAD` (upload offset) and `PUT` (a chunk with `Content-Range`) of a scanned page."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"/pages/{sha256}"


@dataclass(frozen=True, slots=True)
class Command:
    """A mutation to send: `kind` names it for the UI and the logs (never the body). `pages`:
    the SHA-256 of scanned pages (in the store) the server must have before this command."""

    kind: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    pages: tuple[str, ...] = ()


def _clean(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def login_body(hall_id: str, username: str, password: str) -> dict[str, str]:
    return {"hall_id": hall_id, "username": username, "password": password}


def issue_ticket(
    *,
    queue: str | None = None,
    theme: str | None = None,
    channel: str = "kiosk",
    priority: str | None = None,
    applicant_id: str | None = None,
) -> Command:
    """取号 (exactly one of `queue` and `theme`)."""
    body = _clean(
        queue=queue, theme=theme, channel=channel, priority=priority, applicant_id=applicant_id
    )
    return Command("issue_ticket", "POST", TICKETS, body)


def call_next(window: int) -> Command:
    return Command("call_next", "POST", f"/windows/{window}/call-next")


def call_specific(window: int, ticket_id: str, reason: str = "") -> Command:
    return Command(
        "call_specific",
        "POST",
        f"/windows/{window}/call-specific",
        {"ticket_id": ticket_id, "reason": reason},
    )


def ticket_action(window: int, action: str, ticket_id: str) -> Command:
    """重呼 `recall`, 开始 `start`, 办结 `finish`, 回呼 `resume`."""
    if action not in ("recall", "start", "finish", "resume"):
        raise ValueError(f"unknown window action {action!r}")
    return Command(action, "POST", f"/windows/{window}/{action}", {"ticket_id": ticket_id})


def no_show(window: int, ticket_id: str, reason: str | None = None) -> Command:
    return Command(
        "no_show", "POST", f"/windows/{window}/no-show", _clean(ticket_id=ticket_id, reason=reason)
    )


def transfer(
    window: int,
    ticket_id: str,
    to_queue: str,
    *,
    to_front: bool | None = None,
    reason: str | None = None,
) -> Command:
    return Command(
        "transfer",
        "POST",
        f"/windows/{window}/transfer",
        _clean(ticket_id=ticket_id, to_queue=to_queue, to_front=to_front, reason=reason),
    )


def park(window: int, ticket_id: str, reason: str) -> Command:
    return Command(
        "park", "POST", f"/windows/{window}/park", {"ticket_id": ticket_id, "reason": reason}
    )


def pause(window: int, reason: str) -> Command:
    return Command("pause", "POST", f"/windows/{window}/pause", {"reason": reason})


def unpause(window: int) -> Command:
    return Command("unpause", "POST", f"/windows/{window}/unpause")
