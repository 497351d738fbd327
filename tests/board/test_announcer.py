"""Announcements on Qt's `mock` speech engine: a chime first, one call at a time, never
overlapping; a recall is said again; a stale call is not; the chime works with no voice."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pytestqt.qtbot import QtBot

from board.announcer import Announcer
from board.chime import CHIME_RESOURCE, Chime, chime_wav, wav_duration_ms
from board.model import Call
from hallui.resources import read_bytes
from hallui.voice import VoiceGuide

NINE = datetime(2024, 5, 6, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def test_the_shipped_chime_is_the_generated_one_and_short() -> None:
    shipped = read_bytes(CHIME_RESOURCE)
    assert shipped == chime_wav()  # regenerate with `python -m board.chime`
    assert 600 <= wav_duration_ms(shipped) <= 1500


def test_calls_are_announced_in_order_after_a_chime_each(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock")
    chime = Chime()
    announcer = Announcer(chime, voice, repeats=2)
    log: list[str] = []
    chime.rang.connect(lambda: log.append("chime"))
    voice.started.connect(lambda text: log.append(f"start {text}"))
    voice.finished.connect(lambda text: log.append(f"end {text}"))
    announcer.announce(Call("A012", 3, NINE))
    announcer.announce(Call("B001", 12, NINE))
    announcer.announce(Call("B001", 12, NINE))  # a double press while it waits: once
    qtbot.waitUntil(lambda: not announcer.busy and voice.speaking is None, timeout=20_000)
    first = "请A零一二号到三号窗口办理。请A零一二号到三号窗口办理。"
    second = "请B零零一号到十二号窗口办理。请B零零一号到十二号窗口办理。"
    # Strictly one after another: the second chime rings only after the first text ended.
    assert log == ["chime", f"start {first}", f"end {first}", "chime", f"start {second}",
                   f"end {second}"]  # fmt: skip
    assert voice.history == [first, second]
    assert chime.rings == 2
    chime.close()


def test_a_recall_is_announced_again_and_a_stale_call_not_at_all(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock")
    chime = Chime()
    announcer = Announcer(chime, voice, repeats=1)
    announcer.announce(Call("A012", 3, NINE))
    qtbot.waitUntil(lambda: not announcer.busy, timeout=20_000)
    announcer.announce(Call("A012", 3, NINE, recall=True))
    announcer.announce(Call("A013", 4, NINE, fresh=False))
    qtbot.waitUntil(lambda: not announcer.busy, timeout=20_000)
    assert voice.history == ["请A零一二号到三号窗口办理。"] * 2
    assert announcer.skipped_stale == 1
    chime.close()


def test_the_chime_alone_marks_each_call_without_any_speech_engine(qtbot: QtBot) -> None:
    chime = Chime()
    announcer = Announcer(chime, None)
    rang: list[int] = []
    chime.rang.connect(lambda: rang.append(1))
    with qtbot.waitSignals([announcer.done, announcer.done], timeout=10_000):
        announcer.announce(Call("Q001", 10, NINE))
        announcer.announce(Call("Q002", 11, NINE))
    assert len(rang) == 2
    assert announcer.spoken == [
        "请Q零零一号到十号窗口办理。请Q零零一号到十号窗口办理。",
        "请Q零零二号到十一号窗口办理。请Q零零二号到十一号窗口办理。",
    ]
    chime.close()


def test_a_voice_whose_engine_is_missing_does_not_stall_the_queue(qtbot: QtBot) -> None:
    voice = VoiceGuide("mock", enabled=False)  # as the guide ends up when no engine loads
    chime = Chime()
    announcer = Announcer(chime, voice)
    with qtbot.waitSignal(announcer.done, timeout=10_000):
        announcer.announce(Call("Y001", 1, NINE))
    assert not announcer.busy or announcer.pending == 0
    chime.close()
