"""The ticket state machine: every allowed transition, every refusal naming state and action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from hallcore.queue import (
    Action,
    Channel,
    ErrorCode,
    IllegalTransition,
    Ticket,
    TicketState,
    identity_key,
)
from hallcore.queue import tickets as tk
from tests.hallcore.queue.halls import DAY, at, hall

CONFIG = hall()
T0 = at(CONFIG, "09:00")


def waiting(**changes: object) -> Ticket:
    ticket = Ticket("20240506-A001", "A001", "A", 1, DAY, Channel.KIOSK, T0, T0)
    return tk._evolve(ticket, **changes)


def test_a_ticket_goes_from_waiting_to_done() -> None:
    called = tk.call(waiting(), 3, T0 + timedelta(minutes=5))
    assert (called.state, called.window, called.first_called_at) == (
        TicketState.CALLING,
        3,
        T0 + timedelta(minutes=5),
    )
    serving = tk.start(called, T0 + timedelta(minutes=6))
    done = tk.finish(serving, T0 + timedelta(minutes=16))
    assert done.state is TicketState.DONE
    assert done.ended_at == T0 + timedelta(minutes=16)
    assert done.revision > serving.revision > called.revision


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (TicketState.WAITING, Action.START),
        (TicketState.WAITING, Action.FINISH),
        (TicketState.DONE, Action.CALL),
        (TicketState.SERVING, Action.NO_SHOW),
        (TicketState.PARKED, Action.CALL),
        (TicketState.CANCELLED, Action.RESUME),
        (TicketState.EXPIRED, Action.CANCEL),
        (TicketState.CALLING, Action.PARK),
        (TicketState.BOOKED, Action.CALL),
    ],
)
def test_illegal_transitions_name_the_state_and_the_action(
    state: TicketState, action: Action
) -> None:
    ticket = waiting(state=state)
    step: Callable[[], Ticket] = {
        Action.START: lambda: tk.start(ticket, T0),
        Action.FINISH: lambda: tk.finish(ticket, T0),
        Action.CALL: lambda: tk.call(ticket, 1, T0),
        Action.NO_SHOW: lambda: tk.no_show(ticket, T0, requeue_after=3, max_requeues=1, calls=0),
        Action.RESUME: lambda: tk.resume(ticket, 1, T0),
        Action.CANCEL: lambda: tk.cancel(ticket, T0),
        Action.PARK: lambda: tk.park(ticket, T0),
    }[action]
    with pytest.raises(IllegalTransition) as caught:
        step()
    error = caught.value
    assert error.code is ErrorCode.ILLEGAL_TRANSITION
    assert (error.state, error.action) == (state.value, action.value)
    assert state.label_zh in error.message_zh
    assert action.label_zh in error.message_zh
    assert "A001" in error.message_zh
    assert "A001" in error.message_en


def test_every_state_has_its_allowed_actions_listed() -> None:
    assert set(tk.ALLOWED) == set(TicketState)
    for final in tk.FINAL_STATES:
        assert not tk.ALLOWED[final]


def test_recall_past_the_limit_is_a_no_show_and_re_queues_behind_n_calls() -> None:
    ticket = tk.call(waiting(), 1, T0)
    rule = {"limit": 2, "requeue_after": 3, "max_requeues": 1, "calls": 10}
    ticket = tk.recall(ticket, T0, **rule)
    ticket = tk.recall(ticket, T0, **rule)
    assert (ticket.state, ticket.recalls) == (TicketState.CALLING, 2)
    ticket = tk.recall(ticket, T0, **rule)
    assert ticket.state is TicketState.WAITING
    assert (ticket.requeues, ticket.requeue_gate, ticket.window) == (1, 13, None)
    again = tk.call(ticket, 2, T0 + timedelta(minutes=30))
    final = tk.no_show(again, T0, requeue_after=3, max_requeues=1, calls=20)
    assert final.state is TicketState.NO_SHOW
    assert again.first_called_at == T0  # the wait it had is the first call's


def test_transfer_keeps_the_number_and_the_take_time() -> None:
    served = tk.start(tk.call(waiting(), 1, T0 + timedelta(minutes=9)), T0 + timedelta(minutes=9))
    moved = tk.transfer(served, "B", T0 + timedelta(minutes=20), to_front=False)
    assert (moved.state, moved.queue, moved.number) == (TicketState.WAITING, "B", "A001")
    assert (moved.taken_at, moved.order_at, moved.front_at) == (T0, T0, None)
    assert (moved.transferred_from, moved.transfers, moved.prefix) == ("A", 1, "A")
    front = tk.transfer(served, "B", T0 + timedelta(minutes=20), to_front=True)
    assert front.front_at == T0 + timedelta(minutes=20)


def test_park_and_resume_call_the_ticket_back() -> None:
    served = tk.start(tk.call(waiting(), 1, T0), T0)
    parked = tk.park(served, T0 + timedelta(minutes=3))
    back = tk.resume(parked, 2, T0 + timedelta(minutes=30))
    assert (parked.state, back.state, back.window) == (
        TicketState.PARKED,
        TicketState.CALLING,
        2,
    )


def test_evolve_refuses_names_that_are_not_fields() -> None:
    with pytest.raises(TypeError):
        tk._evolve(waiting(), colour="red")


def test_identity_never_shows_and_is_a_keyed_hash() -> None:
    key = identity_key(" 11010519491231002x ", secret=b"hall-secret")
    assert key == identity_key("11010519491231002X", secret=b"hall-secret")
    assert key != identity_key("11010519491231002X", secret=b"another-hall")
    assert "1101" not in key
    assert len(key) == 32
    ticket = waiting(applicant_key=key, priority="disabled")
    text = repr(ticket)
    assert key not in text
    assert "disabled" not in text
    public = ticket.public()
    assert public.number == "A001"
    assert not hasattr(public, "priority")
