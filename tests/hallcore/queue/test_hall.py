"""The live queue's rules around the policy: refusals, windows, the audit trail, the day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hallcore.queue import (
    Actor,
    Choice,
    DuplicateTicket,
    ErrorCode,
    EventKind,
    HallQueue,
    IllegalTransition,
    Lane,
    Permission,
    QueueError,
    QueueEvent,
    TicketState,
    WindowState,
)
from tests.hallcore.queue.halls import DAY, at, hall

LEAD = Actor("lead-7", frozenset({Permission.CALL_SPECIFIC}))


def make(
    windows: dict[int, str] | None = None, **options: object
) -> tuple[HallQueue, list[QueueEvent]]:
    events: list[QueueEvent] = []
    config = hall(windows or {1: "A:1", 2: "A:1"}, **options)  # type: ignore[arg-type]
    return HallQueue(config, DAY, sink=events.append), events


def test_call_specific_is_logged_with_actor_reason_and_everyone_passed_over() -> None:
    queue, events = make()
    t = at(queue.config, "09:00")
    numbers = [queue.take("A", t + timedelta(seconds=i)).number for i in range(4)]
    target = queue.find(numbers[3])
    queue.call_specific(
        1, target.ticket_id, t + timedelta(minutes=5), actor=LEAD, reason="  急诊  "
    )
    event = events[-1]
    assert event.kind is EventKind.CALL_SPECIFIC
    assert (event.actor, event.reason, event.number, event.window) == ("lead-7", "急诊", "A004", 1)
    assert event.passed_over == ("A001", "A002", "A003")


def test_a_skip_without_permission_says_so_in_chinese() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    queue.take("A", t)
    second = queue.take("A", t)
    with pytest.raises(QueueError) as caught:
        queue.call_specific(1, second.ticket_id, t, actor=Actor("clerk"), reason="熟人")
    assert caught.value.code is ErrorCode.SKIP_REFUSED
    assert caught.value.message_zh == "此号之前还有等待中的号，不能跳号"
    assert queue.ticket(second.ticket_id).state is TicketState.WAITING


def test_a_ticket_called_at_one_window_is_refused_at_another() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    ticket = queue.take("A", t)
    queue.call_next(1, t)
    with pytest.raises(QueueError) as caught:
        queue.call_specific(2, ticket.ticket_id, t, actor=LEAD, reason="x")
    assert caught.value.code is ErrorCode.CALLED_ELSEWHERE
    assert "已在1号窗口叫号办理中" in caught.value.message_zh
    assert queue.call_next(2, t) is None


def test_a_window_holds_one_ticket_at_a_time() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    queue.take("A", t)
    queue.take("A", t)
    queue.call_next(1, t)
    with pytest.raises(IllegalTransition) as caught:
        queue.call_next(1, t)
    assert caught.value.code is ErrorCode.WINDOW_BUSY
    assert "1号窗口当前状态为「叫号中」" in caught.value.message_zh


def test_pause_needs_a_reason_and_a_paused_window_does_not_call() -> None:
    queue, events = make()
    t = at(queue.config, "09:00")
    queue.take("A", t)
    with pytest.raises(QueueError) as caught:
        queue.pause_window(1, t, reason=" ")
    assert caught.value.code is ErrorCode.REASON_REQUIRED
    status = queue.pause_window(1, t, reason="系统故障")
    assert (status.state, status.reason) == (WindowState.PAUSED, "系统故障")
    assert events[-1].kind is EventKind.WINDOW_PAUSE
    with pytest.raises(IllegalTransition) as paused:
        queue.call_next(1, t)
    assert paused.value.code is ErrorCode.WINDOW_NOT_OPEN
    queue.resume_window(1, t)
    assert queue.call_next(1, t) is not None


def test_window_state_changes_follow_their_rules() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    queue.close_window(2, t)
    assert queue.window_status(2).state is WindowState.CLOSED
    with pytest.raises(IllegalTransition) as caught:
        queue.resume_window(2, t)
    assert caught.value.code is ErrorCode.WINDOW_STATE
    assert queue.open_window(2, t).state is WindowState.IDLE
    queue.take("A", t)
    queue.call_next(1, t)
    with pytest.raises(IllegalTransition):
        queue.pause_window(1, t, reason="休息")  # pause after the current ticket, not during it


def test_green_channel_is_granted_by_staff_only() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    with pytest.raises(QueueError) as caught:
        queue.take("A", t, priority="green")
    assert caught.value.code is ErrorCode.PERMISSION_REQUIRED
    staff = Actor("guide", frozenset({Permission.GREEN_CHANNEL}))
    assert queue.take("A", t, priority="green", actor=staff).priority == "green"
    with pytest.raises(QueueError) as unknown:
        queue.take("A", t, priority="vip")
    assert unknown.value.code is ErrorCode.UNKNOWN_PRIORITY


def test_a_duplicate_ticket_hands_back_the_one_already_held() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    first = queue.take("A", t, applicant_key="k-1")
    with pytest.raises(DuplicateTicket) as caught:
        queue.take("A", t, applicant_key="k-1")
    assert caught.value.existing.ticket_id == first.ticket_id
    assert "请勿重复取号" in caught.value.message_zh
    queue.cancel(first.ticket_id, t, reason="不办了")
    assert queue.take("A", t, applicant_key="k-1").number == "A002"


def test_a_transfer_into_a_queue_where_the_person_waits_is_refused() -> None:
    queue, _ = make({1: "A:1", 2: "B:1"})
    t = at(queue.config, "09:00")
    mine = queue.take("A", t, applicant_key="k-9")
    queue.take("B", t, applicant_key="k-9")
    queue.call_next(1, t)
    with pytest.raises(DuplicateTicket):
        queue.transfer(mine.ticket_id, "B", t)


def test_actions_on_another_windows_ticket_are_refused() -> None:
    queue, _ = make()
    t = at(queue.config, "09:00")
    ticket = queue.take("A", t)
    queue.call_next(1, t)
    with pytest.raises(QueueError) as caught:
        queue.finish(ticket.ticket_id, t, window=2)
    assert caught.value.code is ErrorCode.NOT_AT_THIS_WINDOW


def test_tickets_belong_to_one_business_day() -> None:
    queue, _ = make()
    with pytest.raises(QueueError) as caught:
        queue.take("A", at(queue.config, "09:00", DAY + timedelta(days=1)))
    assert caught.value.code is ErrorCode.WRONG_DAY


def test_end_of_day_leaves_a_ticket_in_service_to_its_clerk() -> None:
    queue, _ = make()
    t = at(queue.config, "16:00")
    serving = queue.take("A", t)
    waiting = queue.take("A", t)
    queue.call_next(1, t)
    queue.start(serving.ticket_id, t)
    end = queue.end_of_day(at(queue.config, "17:30"))
    assert [x.number for x in end.expired] == [waiting.number]
    assert queue.ticket(serving.ticket_id).state is TicketState.SERVING
    assert queue.window_status(2).state is WindowState.CLOSED


def test_carried_tickets_keep_their_numbers_and_todays_numbers_do_not_clash() -> None:
    queue, _ = make(overnight=True)
    t = at(queue.config, "16:00")
    for _ in range(3):
        queue.take("A", t)
    queue.call_next(1, t)  # A001 called and never answered: carried too
    end = queue.end_of_day(at(queue.config, "17:30"))
    assert sorted(x.number for x in end.carried) == ["A001", "A002", "A003"]
    tomorrow = queue.next_day(DAY + timedelta(days=1))
    first = tomorrow.take("A", at(queue.config, "09:00", DAY + timedelta(days=1)))
    assert first.number == "A004"
    assert tomorrow.find("A001").taken_at == t
    assert tomorrow.waiting_count("A") == 4


def test_events_carry_numbers_never_identities_or_classes() -> None:
    queue, events = make()
    t = at(queue.config, "09:00")
    queue.take("A", t, applicant_key="secret-key", priority="disabled")
    text = repr(events)
    assert "secret-key" not in text
    assert "disabled" not in text
    assert events[-1].number == "A001"


def test_queue_event_log_follows_a_ticket_through_its_day() -> None:
    queue, events = make()
    t = at(queue.config, "09:00")
    ticket = queue.take("A", t)
    queue.call_next(1, t)
    queue.recall(ticket.ticket_id, t)
    queue.start(ticket.ticket_id, t)
    queue.finish(ticket.ticket_id, t)
    kinds = [e.kind for e in events if e.ticket_id == ticket.ticket_id]
    assert kinds == [
        EventKind.TAKE,
        EventKind.CALL,
        EventKind.RECALL,
        EventKind.START,
        EventKind.FINISH,
    ]
    assert queue.window_status(1).state is WindowState.IDLE


def test_the_policy_is_a_pluggable_strategy() -> None:
    def ordinary_only(config, window, view, memory, now):  # type: ignore[no-untyped-def]
        heads = [view.head(s.queue, Lane.ORDINARY) for s in window.serves]
        waiting = [h for h in heads if h is not None]
        return Choice(min(waiting)[1], Lane.ORDINARY, memory) if waiting else None

    config = hall({1: "A:1"})
    t = at(config, "09:00")
    default, plugged = HallQueue(config, DAY), HallQueue(config, DAY, policy=ordinary_only)
    for queue in (default, plugged):
        queue.take("A", t)
        queue.take("A", t, priority="elderly")
    assert default.peek_next(1, t).ticket.number == "A002"  # type: ignore[union-attr]
    called = plugged.call_next(1, t)
    assert called is not None
    assert called.number == "A001"
    tomorrow = plugged.next_day(DAY + timedelta(days=1))
    assert tomorrow.peek_next(1, at(config, "09:00", DAY + timedelta(days=1))) is None


def restored(queue: HallQueue, events: list[QueueEvent]) -> HallQueue:
    """`queue` rebuilt from its state, as the hall server does from its rows."""
    config = queue.config
    return HallQueue.restore(
        config,
        queue.business_date,
        tickets=list(queue.all_tickets()),
        windows=queue.window_statuses(),
        memory=queue.memories(),
        seq={
            q.code: sum(1 for t in queue.all_tickets() if t.queue == q.code) for q in config.queues
        },
        calls={q.code: queue.calls(q.code) for q in config.queues},
        sink=events.append,
    )


def test_a_restored_queue_continues_exactly_where_the_original_was() -> None:
    original, _ = make({1: "A:2 B:1", 2: "A:1"}, requeue="1/1")
    copy_events: list[QueueEvent] = []
    t = at(original.config, "09:00")
    for i in range(6):
        original.take("A" if i % 3 else "B", t + timedelta(seconds=i))
    first = original.call_next(1, t + timedelta(minutes=1))
    assert first is not None
    original.no_show(first.ticket_id, t + timedelta(minutes=2))
    original.call_next(2, t + timedelta(minutes=3))
    copy = restored(original, copy_events)
    later = t + timedelta(minutes=4)
    for window in (1, 2):
        status = original.window_status(window)
        assert copy.window_status(window) == status
        if status.state is WindowState.IDLE:
            assert copy.peek_next(window, later) == original.peek_next(window, later)
    expected = original.call_next(1, later)
    assert copy.call_next(1, later) == expected
    assert copy.memory(1) == original.memory(1)
    assert copy_events[-1].kind is EventKind.CALL
    taken = copy.take("A", later)
    assert taken.number == original.take("A", later).number
