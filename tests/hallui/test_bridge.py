"""Model events reach views on the UI thread; background work reports back on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hallui.observable import Observable
from hallui.qt_bridge import BackgroundRunner, ModelListener


class Counter(Observable):
    EVENTS = ("changed",)

    def __init__(self) -> None:
        super().__init__()
        self.value = 0

    def bump(self) -> None:
        self.value += 1
        self._emit("changed", self.value)


def test_observable_subscribe_and_unsubscribe() -> None:
    counter = Counter()
    seen: list[int] = []
    unsubscribe = counter.subscribe("changed", seen.append)
    counter.bump()
    unsubscribe()
    counter.bump()
    assert seen == [1]
    with pytest.raises(KeyError, match="no event 'chnaged'"):
        counter.subscribe("chnaged", seen.append)


def test_a_ui_thread_change_reaches_the_view_at_once(qtbot: QtBot) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    counter = Counter()
    seen: list[int] = []
    ModelListener(view).listen(counter, "changed", seen.append)
    counter.bump()
    assert seen == [1]


def test_a_worker_thread_change_is_delivered_on_the_ui_thread(qtbot: QtBot) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    counter = Counter()
    threads: list[bool] = []
    ModelListener(view).listen(
        counter,
        "changed",
        lambda _v: threads.append(threading.current_thread() is threading.main_thread()),
    )
    worker = threading.Thread(target=counter.bump)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: threads == [True])


def test_a_destroyed_view_stops_listening(qtbot: QtBot) -> None:
    counter = Counter()
    view = QWidget()
    ModelListener(view).listen(counter, "changed", lambda _v: None)
    assert counter.subscriber_count("changed") == 1
    view.deleteLater()
    qtbot.waitUntil(lambda: counter.subscriber_count("changed") == 0)
    counter.bump()  # no call into a deleted widget


def test_background_work_reports_back_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    results: list[tuple[str, object, bool]] = []

    def on_ui(kind: str) -> object:
        return lambda value: results.append(
            (kind, value, threading.current_thread() is threading.main_thread())
        )

    runner.run(lambda: threading.current_thread() is threading.main_thread(), on_ui("done"))
    runner.run(lambda: 1 / 0, on_ui("done"), on_ui("error"))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(results) == 2)
    assert results[0] == ("done", False, True)  # the work ran off the UI thread
    kind, error, on_main = results[1]
    assert kind == "error"
    assert isinstance(error, ZeroDivisionError)
    assert on_main
    assert not runner.busy
    runner.shutdown()
