"""Golden tests of the call order: the tables in golden/call_order.yaml, one case per rule.

The tables are the readable specification; this file only runs their little script language
(described at the top of the YAML file) on a real `HallQueue`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from hallcore.queue import (
    Actor,
    AppointmentSlot,
    HallQueue,
    Permission,
    QueueError,
    TicketState,
)
from tests.hallcore.queue.halls import DAY, at, hall

CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "golden" / "call_order.yaml").read_text(encoding="utf-8")
)
STEP = re.compile(r"^(?:(\d\d:\d\d)\s+)?(\w+)\s*(.*?)\s*(?:->\s*(.*))?$")
CLERK = Actor("clerk-1")
LEAD = Actor("lead-1", frozenset({Permission.CALL_SPECIFIC, Permission.GREEN_CHANNEL}))


class Runner:
    def __init__(self, case: dict[str, Any]) -> None:
        spec = case["hall"]
        self.config = hall(
            {int(k): v for k, v in spec["windows"].items()},
            ratio=spec.get("ratio", "2:1"),
            recall_limit=spec.get("recall_limit", 2),
            requeue=spec.get("requeue", "3/1"),
            to_front=spec.get("to_front", False),
            overnight=spec.get("overnight", False),
            caps=spec.get("caps"),
        )
        self.day: date = DAY
        self.hall = HallQueue(self.config, self.day)
        self.now = at(self.config, "08:00")

    def run(self, script: str) -> None:
        for line in script.strip().splitlines():
            match = STEP.match(line.strip())
            assert match, f"cannot read step {line!r}"
            clock, verb, args, expected = match.groups()
            if clock:
                self.now = at(self.config, clock, self.day)
            try:
                got = getattr(self, f"do_{verb}")(args.split())
            except QueueError as error:
                got = f"error {error.code}"
            if expected is not None:
                assert got == expected.strip(), f"step {line.strip()!r} gave {got!r}"

    def number(self, text: str) -> str:
        return self.hall.find(text).ticket_id

    def finish_current(self, window: int) -> None:
        status = self.hall.window_status(window)
        if status.ticket_id is None:
            return
        ticket = self.hall.ticket(status.ticket_id)
        if ticket.state is TicketState.CALLING:
            self.hall.start(ticket.ticket_id, self.now)
        self.hall.finish(ticket.ticket_id, self.now)

    def do_take(self, args: list[str]) -> str:
        options = dict(a.split("=", 1) for a in args[1:] if "=" in a)
        klass = next((a for a in args[1:] if "=" not in a), None)
        slot = None
        if "appt" in options:
            start = at(self.config, options["appt"], self.day)
            slot = AppointmentSlot(start, start + timedelta(minutes=30))
        ticket = self.hall.take(
            args[0],
            self.now,
            priority=klass,
            applicant_key=options.get("person"),
            appointment=slot,
            actor=LEAD if klass == "green" else None,
        )
        return ticket.number

    def do_book(self, args: list[str]) -> str:
        start = at(self.config, args[1].split("=")[1], self.day)
        slot = AppointmentSlot(start, start + timedelta(minutes=30))
        return self.hall.book(args[0], slot, self.now).number

    def do_checkin(self, args: list[str]) -> str:
        return self.hall.check_in(self.number(args[0]), self.now).state.value

    def do_call(self, args: list[str]) -> str:
        window = int(args[0])
        self.finish_current(window)
        ticket = self.hall.call_next(window, self.now)
        return ticket.number if ticket else "none"

    def do_drain(self, args: list[str]) -> str:
        called = []
        while (number := self.do_call(args)) != "none":
            called.append(number)
            self.now += timedelta(minutes=1)
        return " ".join(called)

    def do_special(self, args: list[str]) -> str:
        window = int(args[0])
        self.finish_current(window)
        actor = LEAD if "perm" in args else CLERK
        reason = next((a.split("=", 1)[1] for a in args if a.startswith("reason=")), "")
        ticket = self.hall.call_specific(
            window, self.number(args[1]), self.now, actor=actor, reason=reason
        )
        return ticket.number

    def do_start(self, args: list[str]) -> str:
        return self.hall.start(self.number(args[0]), self.now).state.value

    def do_finish(self, args: list[str]) -> str:
        return self.hall.finish(self.number(args[0]), self.now).state.value

    def do_recall(self, args: list[str]) -> str:
        return self.hall.recall(self.number(args[0]), self.now).state.value

    def do_noshow(self, args: list[str]) -> str:
        return self.hall.no_show(self.number(args[0]), self.now, reason="未到").state.value

    def do_transfer(self, args: list[str]) -> str:
        front = True if "front" in args[2:] else None
        ticket = self.hall.transfer(self.number(args[0]), args[1], self.now, to_front=front)
        return ticket.state.value

    def do_park(self, args: list[str]) -> str:
        return self.hall.park(self.number(args[0]), self.now, reason="取材料").state.value

    def do_resume(self, args: list[str]) -> str:
        return self.hall.resume(self.number(args[0]), int(args[1]), self.now).state.value

    def do_cancel(self, args: list[str]) -> str:
        return self.hall.cancel(self.number(args[0]), self.now).state.value

    def do_pause(self, args: list[str]) -> str:
        return self.hall.pause_window(int(args[0]), self.now, reason="休息").state.value

    def do_unpause(self, args: list[str]) -> str:
        return self.hall.resume_window(int(args[0]), self.now).state.value

    def do_state(self, args: list[str]) -> str:
        return self.hall.find(args[0]).state.value

    def do_endofday(self, args: list[str]) -> str:
        end = self.hall.end_of_day(self.now)
        words = []
        if end.expired:
            words += ["expired", *sorted(t.number for t in end.expired)]
        if end.carried:
            words += ["carried", *sorted(t.number for t in end.carried)]
        return " ".join(words)

    def do_nextday(self, args: list[str]) -> str:
        self.day += timedelta(days=1)
        self.hall = self.hall.next_day(self.day)
        return ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_call_order(name: str) -> None:
    case = CASES[name]
    assert case.get("rule"), "every golden case states its rule"
    Runner(case).run(case["script"])


def test_every_rule_of_the_issue_has_a_golden_case() -> None:
    wanted = {
        "green_channel_first",
        "priority_ratio_2_to_1",
        "appointment_in_its_slot",
        "fifo_by_take_time",
        "window_queue_weights",
        "anti_skip_call_specific",
        "recall_limit_makes_a_no_show",
        "no_show_requeue_after_n_at_most_k",
        "transfer_keeps_number_and_take_time",
        "transfer_to_the_front",
        "park_and_resume",
        "one_waiting_ticket_per_person_per_queue",
        "caps_per_half_day",
        "cut_off_before_closing",
        "end_of_day_expiry",
        "keep_queue_overnight",
    }
    assert wanted <= set(CASES)
