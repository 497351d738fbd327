"""Voice announcements queue on the `mock` engine; the idle watcher counts down and resets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hallui.idle import IdleWatcher
from hallui.voice import VoiceGuide


def test_announcements_are_spoken_one_after_another(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock")
    assert voice.engine == "mock"
    assert voice.enabled
    log: list[tuple[str, str]] = []
    voice.started.connect(lambda t: log.append(("start", t)))
    voice.finished.connect(lambda t: log.append(("end", t)))
    texts = ["请A012号到3号窗口办理", "请A013号到5号窗口办理", "请B001号到1号窗口办理"]
    with qtbot.waitSignal(voice.idle, timeout=10_000):
        for text in texts:
            voice.say(text)
        assert voice.speaking == texts[0]
        assert voice.pending == tuple(texts[1:])
    assert log == [(kind, t) for t in texts for kind in ("start", "end")]
    assert voice.history == texts


def test_a_repeat_tap_does_not_queue_the_same_text_twice(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock")
    with qtbot.waitSignal(voice.idle, timeout=10_000):
        voice.say("您好")
        voice.say("您好")
        voice.say("  ")
    assert voice.history == ["您好"]


def test_clear_pending_keeps_the_sentence_in_progress(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock")
    with qtbot.waitSignal(voice.idle, timeout=10_000):
        voice.say("第一句")
        voice.say("第二句")
        voice.clear_pending()
    assert voice.history == ["第一句"]


def test_a_disabled_guide_stays_silent(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock", enabled=False)
    voice.say("不说")
    assert voice.history == []
    assert voice.speaking is None


def test_idle_watcher_times_out_and_input_restarts_it(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    watcher = IdleWatcher(400, 150)
    watcher.start()
    assert watcher.active
    qtbot.wait(200)
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, press)
    assert watcher._timeout.remainingTime() > 300
    with qtbot.waitSignals([watcher.warning, watcher.timed_out], order="strict", timeout=2000):
        pass
    watcher.stop()
    assert not watcher.active
