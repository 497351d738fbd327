"""The estimated wait of one ticket, for the kiosk's printed ticket and the public status page.

hallcore's estimator (`estimate_wait`) does the arithmetic; this module feeds it: today's queue
as the rules see it, and the service times learned from today's finished tickets. Learning reads
the whole day, so the learned times are kept per hall for a minute (of the server's clock): a
minute-old average is as good for "about N minutes" and keeps the issue path light. The estimate
is read outside the hall's write lock, after the ticket is committed; when it cannot be made the
answer is None and the ticket is unaffected.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from hall_server.models import TicketRow
from hall_server.queue_service import QueueService, to_ticket
from hall_server.state import ServerState
from hallcore.queue import QueueError
from hallcore.queue.estimate import ServiceTimes, estimate_new, estimate_wait

__all__ = ["estimated_new_ticket_minutes", "estimated_wait_minutes"]

log = logging.getLogger("hall_server.estimates")

_TIMES_FRESH_FOR = timedelta(minutes=1)
_cache: dict[tuple[int, str], tuple[datetime, object, ServiceTimes]] = {}
_cache_lock = threading.Lock()


def _learned_times(server: ServerState, hall_id: str, now: datetime) -> ServiceTimes:
    config = server.halls[hall_id]
    key = (id(server), hall_id)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[1] is config and now - cached[0] < _TIMES_FRESH_FOR:
        return cached[2]
    day = config.business_date(now)
    with server.db.read() as session:
        rows = session.scalars(
            select(TicketRow).where(TicketRow.hall_id == hall_id, TicketRow.business_date == day)
        ).all()
        times = ServiceTimes.learn(config, [to_ticket(r) for r in rows])
    with _cache_lock:
        _cache[key] = (now, config, times)
    return times


def estimated_wait_minutes(server: ServerState, hall_id: str, ticket_id: str) -> int | None:
    """Minutes the waiting ticket has left to wait, rounded as hallcore rounds for a ticket
    (`WaitEstimate.display_minutes`); None if no estimate can be made."""
    config = server.halls.get(hall_id)
    if config is None:
        return None
    now = server.now()
    try:
        times = _learned_times(server, hall_id, now)
        with server.db.read() as session:
            view = QueueService(session, config, server.vault, now).view()
            estimate = estimate_wait(config, view, times, ticket_id, now)
    except (QueueError, KeyError, ValueError, ArithmeticError):
        # An estimate is a courtesy: a ticket that left the queue meanwhile, a hall with no
        # window open — say nothing rather than fail the answer.
        log.info("no wait estimate for a ticket of hall %s", hall_id, exc_info=True)
        return None
    if estimate.seconds is None or not math.isfinite(estimate.seconds):
        return None  # no window serving the queue is open now
    return estimate.display_minutes


#: A just-issued ticket is the newest of its queue, so its wait is the queue's wait for a new
#: ticket. Those figures are made for every queue of the hall from one reading of the queue and
#: kept a few seconds: rebuilding the whole queue for every ticket issued would make issuing
#: cost grow with the queue, and a kiosk prints "about N minutes" rounded to five anyway.
#: When they are stale the answer uses them once more while one background thread makes the
#: next ones (stale-while-revalidate), so no kiosk tap waits for a rebuild and a burst of issues
#: at expiry rebuilds once, not once per request.
_NEW_TICKET_FRESH_SECONDS = 10.0


class _NewTicketEstimates:
    """The minutes a new ticket would wait, per queue, for one hall of one server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.made_at: float | None = None
        self.minutes: dict[str, int | None] = {}
        self.refreshing = False

    def fresh(self) -> bool:
        return self.made_at is not None and (
            time.monotonic() - self.made_at < _NEW_TICKET_FRESH_SECONDS
        )


_new_estimates: dict[tuple[int, str], _NewTicketEstimates] = {}


def _estimates_of(server: ServerState, hall_id: str) -> _NewTicketEstimates:
    with _cache_lock:
        return _new_estimates.setdefault((id(server), hall_id), _NewTicketEstimates())


def _make_new_ticket_estimates(server: ServerState, hall_id: str) -> dict[str, int | None]:
    config = server.halls[hall_id]
    now = server.now()
    times = _learned_times(server, hall_id, now)
    with server.db.read() as session:
        view = QueueService(session, config, server.vault, now).view()
    minutes: dict[str, int | None] = {}
    for queue in config.queues:
        try:
            estimate = estimate_new(config, view, times, queue.code, now)
        except (QueueError, KeyError, ValueError, ArithmeticError):
            log.info("no wait estimate for queue %s of hall %s", queue.code, hall_id, exc_info=True)
            minutes[queue.code] = None
            continue
        finite = estimate.seconds is not None and math.isfinite(estimate.seconds)
        minutes[queue.code] = estimate.display_minutes if finite else None
    return minutes


def _refresh(server: ServerState, hall_id: str, estimates: _NewTicketEstimates) -> None:
    try:
        minutes = _make_new_ticket_estimates(server, hall_id)
    except Exception:  # a courtesy figure: keep the old ones, try again at the next issue
        log.warning("wait estimates of hall %s not refreshed", hall_id, exc_info=True)
        minutes = None
    with estimates.lock:
        if minutes is not None:
            estimates.minutes, estimates.made_at = minutes, time.monotonic()
        estimates.refreshing = False


def estimated_new_ticket_minutes(server: ServerState, hall_id: str, queue: str) -> int | None:
    """The wait of a ticket just issued into `queue` (see `_NEW_TICKET_FRESH_SECONDS`)."""
    if hall_id not in server.halls:
        return None
    estimates = _estimates_of(server, hall_id)
    with estimates.lock:
        if estimates.fresh():
            return estimates.minutes.get(queue)
        if estimates.made_at is not None:
            if not estimates.refreshing:
                estimates.refreshing = True
                threading.Thread(
                    target=_refresh,
                    args=(server, hall_id, estimates),
                    name="wait-estimates",
                    daemon=True,
                ).start()
            return estimates.minutes.get(queue)
        # The first issue of this hall: make them now, once, while later requests wait.
        try:
            estimates.minutes = _make_new_ticket_estimates(server, hall_id)
        except (QueueError, KeyError, ValueError, ArithmeticError):
            log.info("no wait estimates for hall %s", hall_id, exc_info=True)
            return None
        estimates.made_at = time.monotonic()
        return estimates.minutes.get(queue)
